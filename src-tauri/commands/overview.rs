use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::service::board::today;
use crate::service::overview::{self, Overview};

#[tauri::command(async, rename_all = "snake_case")]
pub fn overview(state: State<'_, AppState>) -> AppResult<Overview> {
    overview::build(state.store()?, today())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_sheet(
    state: State<'_, AppState>,
    kind: crate::service::export::ExportKind,
    format: crate::service::export::SheetFormat,
    personal: bool,
    path: String,
) -> AppResult<usize> {
    crate::service::export::save(
        state.store()?,
        kind,
        format,
        personal,
        std::path::Path::new(&path),
    )
}

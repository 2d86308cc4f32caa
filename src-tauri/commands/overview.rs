use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::service::board::today;
use crate::service::overview::{self, Overview};

#[tauri::command(async, rename_all = "snake_case")]
pub fn overview(state: State<'_, AppState>) -> AppResult<Overview> {
    overview::build(state.store()?, today())
}

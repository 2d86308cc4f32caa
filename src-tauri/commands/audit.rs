//! The audit log: the administrator's screen, *Kontrollér loggen*, and the export
//! (`service::audit`).

use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::service::audit::{self, AuditCheck, AuditFilter, AuditPage};

#[tauri::command(async, rename_all = "snake_case")]
pub fn audit_log(state: State<'_, AppState>, filter: AuditFilter) -> AppResult<AuditPage> {
    audit::page(&*state.store()?, &filter)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn check_audit_log(state: State<'_, AppState>) -> AppResult<AuditCheck> {
    audit::check(&*state.store()?)
}

/// Saves the entries that pass `filter` as CSV to a file chosen in the save dialog.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_audit_log(
    state: State<'_, AppState>,
    filter: AuditFilter,
    path: String,
) -> AppResult<()> {
    let store = state.store()?;
    let path = state.chosen(&path)?;
    let bytes = audit::csv(&store, &filter)?;
    crate::service::write_file(&path, bytes)
}

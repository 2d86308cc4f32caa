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

/// The window is about to print `screen` (showing record `id`): the audit log's entry is
/// written before this runs (`service::audit`); there is nothing else to do.
#[tauri::command(async, rename_all = "snake_case")]
pub fn note_print(
    state: State<'_, AppState>,
    screen: String,
    id: Option<crate::domain::Id>,
) -> AppResult<()> {
    let _ = (screen, id);
    state.store().map(|_| ())
}

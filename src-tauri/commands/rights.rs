//! People's rights over their data: erasure of a Peer-board member and of a contributor
//! (`service::rights`). After an erasure the embedded database is written anew, so the
//! erased values leave the disk too.

use chrono::Utc;
use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::domain::member::Member;
use crate::domain::Id;
use crate::service::access_report::{self, AccessReport, Subject};
use crate::service::processing;
use crate::service::rights::{self, ConsentWithdrawn, ContributorErased, ContributorErasure};

#[tauri::command(async, rename_all = "snake_case")]
pub fn erase_member(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
) -> AppResult<Member> {
    let now = Utc::now();
    let member = rights::erase_member(&*state.store()?, id, expected_version, now)?;
    state.db.purge(now)?;
    Ok(member)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn erase_contributor(
    state: State<'_, AppState>,
    input: ContributorErasure,
) -> AppResult<ContributorErased> {
    let now = Utc::now();
    let erased = rights::erase_contributor(&*state.store()?, &input, now)?;
    state.db.purge(now)?;
    Ok(erased)
}

/// The access report (art. 15) about a member, a contributor or a profile.
#[tauri::command(async, rename_all = "snake_case")]
pub fn access_report(state: State<'_, AppState>, subject: Subject) -> AppResult<AccessReport> {
    access_report::build(&*state.store()?, &subject, Utc::now())
}

/// The access report saved as a printable page (`html`) or a JSON file (`json`), to a
/// file chosen in the dialog.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_access_report(
    state: State<'_, AppState>,
    subject: Subject,
    format: String,
    path: String,
) -> AppResult<()> {
    let path = state.chosen(&path)?;
    access_report::save(
        &*state.store()?,
        &subject,
        format == "json",
        &path,
        Utc::now(),
    )
}

/// Withdraws the consent to quote an input; says which reports saved before quoted it.
#[tauri::command(async, rename_all = "snake_case")]
pub fn withdraw_consent(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
) -> AppResult<ConsentWithdrawn> {
    rights::withdraw_consent(&*state.store()?, id, expected_version, Utc::now())
}

/// Where the data is and how it is protected, for the record of processing.
fn setting(state: &AppState) -> processing::Setting {
    let shared = state.db.shared();
    processing::Setting {
        data: match &shared {
            Some(o) => o.describe(),
            None => state.db.data_dir().display().to_string(),
        },
        shared: shared.is_some(),
        backups: state.db.backup_dir().display().to_string(),
        encrypted: state.db.is_encrypted(),
    }
}

/// The record of processing activities (art. 30), as the settings are now.
#[tauri::command(async, rename_all = "snake_case")]
pub fn processing_record(state: State<'_, AppState>) -> AppResult<AccessReport> {
    processing::build(&*state.store()?, &setting(&state), Utc::now())
}

/// The record of processing saved as a page, to a file chosen in the dialog.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_processing_record(state: State<'_, AppState>, path: String) -> AppResult<()> {
    let path = state.chosen(&path)?;
    let r = processing::build(&*state.store()?, &setting(&state), Utc::now())?;
    crate::service::files::write_file(&path, processing::html(&r))
}

//! The encrypted embedded database: first start, sign-in with a passphrase or the
//! recovery key, the lock, and new passphrases (`service::vault`).

use tauri::State;

use super::AppState;
use crate::domain::auth::{
    EncryptInput, FirstProfile, FirstProfileInput, PassphraseChange, ProfileName, RecoveryInput,
    RecoveryRestoreInput,
};
use crate::domain::error::AppResult;
use crate::domain::roles::Person;
use crate::domain::Id;

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_up_database(
    state: State<'_, AppState>,
    input: FirstProfileInput,
) -> AppResult<FirstProfile> {
    state.db.set_up(&input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unlock(state: State<'_, AppState>, profile_id: Id, passphrase: String) -> AppResult<Person> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    state.db.unlock(profile_id, &passphrase, chrono::Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unlock_with_recovery(state: State<'_, AppState>, input: RecoveryInput) -> AppResult<Person> {
    state.db.unlock_with_recovery(&input, chrono::Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn lock(state: State<'_, AppState>) -> AppResult<()> {
    state.db.lock()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_passphrase(state: State<'_, AppState>, input: PassphraseChange) -> AppResult<()> {
    state.db.change_passphrase(&input)
}

/// *Kryptér databasen*: an unencrypted database becomes an encrypted one in place.
#[tauri::command(async, rename_all = "snake_case")]
pub fn encrypt_database(
    state: State<'_, AppState>,
    input: EncryptInput,
) -> AppResult<FirstProfile> {
    state.db.encrypt_in_place(&input, chrono::Utc::now())
}

/// The profiles in a sealed backup opened with the recovery key (the database lost or
/// damaged): the first step of [`restore_with_recovery`].
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_profiles(
    state: State<'_, AppState>,
    path: String,
    recovery_key: String,
) -> AppResult<Vec<ProfileName>> {
    let recovery_key = zeroize::Zeroizing::new(recovery_key);
    state.db.must_be_closed()?;
    let path = backup_file(&state, &path)?;
    state
        .db
        .backup_profiles(&path, &recovery_key, chrono::Utc::now())
}

/// A backup in the backup folder or a file chosen in the dialog (left empty, the form
/// names the field).
fn backup_file(state: &AppState, path: &str) -> AppResult<String> {
    if path.trim().is_empty() {
        return Ok(String::new());
    }
    let source = super::data::readable(state, path.trim())?;
    Ok(source.path().display().to_string())
}

/// A sealed backup restored with the recovery key, and a profile of it given a new
/// passphrase and signed in.
#[tauri::command(async, rename_all = "snake_case")]
pub fn restore_with_recovery(
    state: State<'_, AppState>,
    input: RecoveryRestoreInput,
) -> AppResult<Person> {
    state.db.must_be_closed()?;
    let mut input = input;
    input.path = backup_file(&state, &input.path)?;
    state.db.restore_with_recovery(&input, chrono::Utc::now())
}

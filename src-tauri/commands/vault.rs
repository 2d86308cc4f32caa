//! The encrypted embedded database: first start, sign-in with a passphrase or the
//! recovery key, the lock, and new passphrases (`service::vault`).

use tauri::State;

use super::AppState;
use crate::domain::auth::{
    EncryptInput, FirstProfile, FirstProfileInput, PassphraseChange, RecoveryInput,
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

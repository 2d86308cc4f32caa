//! Team mode: signing in to the shared database, its connection profile in Indstillinger,
//! going over to it (with or without the local data) and back.

use tauri::State;

use super::AppState;
use crate::domain::error::{AppError, AppResult};
use crate::domain::team::SharedProfile;
use crate::service::team::{self, ConnectionTest, MoveReport};
use crate::store::pg::ConnectOptions;
use crate::store::Store;

fn options_of(profile: &SharedProfile, password: &str) -> AppResult<ConnectOptions> {
    let profile = profile.validated()?;
    Ok(ConnectOptions::parse(&profile.to_url())?.with_password(password))
}

/// Signs in to the shared database that Samskab started on.
#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_in(state: State<'_, AppState>, password: String) -> AppResult<()> {
    state.db.sign_in(&password)
}

/// The saved connection profile of the shared database (defaults when none).
#[tauri::command(async, rename_all = "snake_case")]
pub fn shared_profile(state: State<'_, AppState>) -> SharedProfile {
    team::load_profile(state.db.data_dir())
}

/// Saves the connection profile (no password), as it is checked.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_shared_profile(
    state: State<'_, AppState>,
    profile: SharedProfile,
) -> AppResult<SharedProfile> {
    let in_use = team::load_profile(state.db.data_dir()).in_use;
    team::save_profile(state.db.data_dir(), &SharedProfile { in_use, ..profile })
}

/// *Test forbindelse*: connects once and says what the server answered.
#[tauri::command(async, rename_all = "snake_case")]
pub fn test_connection(profile: SharedProfile, password: String) -> AppResult<ConnectionTest> {
    team::test_connection(&options_of(&profile, &password)?)
}

/// Goes over to the shared database now (and at the next start).
#[tauri::command(async, rename_all = "snake_case")]
pub fn use_shared_database(
    state: State<'_, AppState>,
    profile: SharedProfile,
    password: String,
) -> AppResult<()> {
    let options = options_of(&profile, &password)?;
    state.db.use_shared(options)?;
    team::save_profile(
        state.db.data_dir(),
        &SharedProfile {
            in_use: true,
            ..profile
        },
    )?;
    Ok(())
}

/// *Flyt lokale data til fælles database*: copies every local record into the empty
/// shared database, checks counts and checksums, then goes over to it.
#[tauri::command(async, rename_all = "snake_case")]
pub fn move_local_to_shared(
    state: State<'_, AppState>,
    profile: SharedProfile,
    password: String,
) -> AppResult<MoveReport> {
    let options = options_of(&profile, &password)?;
    let local = state.store()?;
    if local.is_shared() {
        return Err(AppError::NotLocal);
    }
    let shared = Store::connect(options.clone())?;
    let report = team::move_in(&local, &shared)?;
    drop(shared);
    drop(local);
    use_shared_database(state, profile, password)?;
    Ok(report)
}

/// *Brug lokal database*: back to the database in the data folder, as it was left.
#[tauri::command(async, rename_all = "snake_case")]
pub fn use_local_database(state: State<'_, AppState>) -> AppResult<()> {
    let profile = team::load_profile(state.db.data_dir());
    if profile.in_use {
        team::save_profile(
            state.db.data_dir(),
            &SharedProfile {
                in_use: false,
                ..profile
            },
        )?;
    }
    state.db.use_local()
}

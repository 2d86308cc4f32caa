//! Data safety: file dialogs whose answers the app remembers, backups, restore, and the
//! whole-database export and import.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use super::AppState;
use crate::domain::error::AppResult;
use crate::service::archive::{self, Manifest};
use crate::service::backup::{self, BackupFolder, BackupInfo};
use crate::service::board::today;
use crate::service::database::Restored;
use crate::service::progress::Progress;

/// What a file dialog asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileMode {
    Save,
    Open,
    Folder,
}

/// Asks the person for a file or folder (the native dialog; with `--test-save-dir`, that
/// folder and the suggested name). The answer is remembered: only chosen paths are
/// written to or read from by the other commands. `None` when the dialog was cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn choose_file<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    suggested: String,
    filter_name: String,
    extensions: Vec<String>,
    mode: FileMode,
) -> Option<String> {
    let path: PathBuf = match &state.testing.save_dir {
        Some(dir) => dir.join(Path::new(&suggested).file_name()?),
        None => {
            let ext: Vec<&str> = extensions.iter().map(String::as_str).collect();
            let dialog = app.dialog().file();
            let answer = match mode {
                FileMode::Save => dialog
                    .set_file_name(&suggested)
                    .add_filter(&filter_name, &ext)
                    .blocking_save_file(),
                FileMode::Open => dialog.add_filter(&filter_name, &ext).blocking_pick_file(),
                FileMode::Folder => dialog.blocking_pick_folder(),
            };
            answer?.into_path().ok()?
        }
    };
    state.remember_chosen(&path);
    Some(path.to_string_lossy().into_owned())
}

/// The backups screen: where backups go, the backups there, and whether to warn.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Backups {
    pub folder: BackupFolder,
    pub backups: Vec<BackupInfo>,
    /// No verified backup for a day while data changed (the Oversigt shows a warning).
    pub warning: bool,
    pub last_verified: Option<DateTime<Utc>>,
    /// Why the backup folder could not be read, if it could not.
    pub folder_error: Option<crate::domain::error::ErrorPayload>,
}

/// Backups, restores and whole-database files belong to the embedded database; in team
/// mode the server's are IT's (docs/team-mode.md): `store.not_local`.
fn local_only(state: &AppState) -> AppResult<()> {
    match state.db.shared() {
        Some(_) => Err(crate::domain::error::AppError::NotLocal),
        None => Ok(()),
    }
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn backups(state: State<'_, AppState>) -> AppResult<Backups> {
    local_only(&state)?;
    let folder = backup::folder(state.db.data_dir());
    let (list, folder_error) = match backup::list(Path::new(&folder.folder)) {
        Ok(list) => (list, None),
        Err(e) => (Vec::new(), Some(e.payload())),
    };
    let last_verified = list.iter().find(|b| b.verified).map(|b| b.created_at);
    let last_change = match state.store() {
        Ok(store) => match store.sled() {
            Ok(local) => local.last_change()?,
            Err(_) => None,
        },
        Err(_) => None,
    };
    Ok(Backups {
        warning: backup::warning(last_verified, last_change, Utc::now()),
        folder,
        backups: list,
        last_verified,
        folder_error,
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn take_backup(state: State<'_, AppState>) -> AppResult<BackupInfo> {
    local_only(&state)?;
    state.db.backup_now(Utc::now(), &Progress::none())
}

/// Chooses the backup folder (chosen in the folder dialog), or `None` for the default.
#[tauri::command(async, rename_all = "snake_case")]
pub fn set_backup_folder(
    state: State<'_, AppState>,
    folder: Option<String>,
) -> AppResult<BackupFolder> {
    local_only(&state)?;
    let chosen = folder.map(|f| state.chosen(&f)).transpose()?;
    backup::set_folder(state.db.data_dir(), chosen.as_deref())
}

/// Where a file to read comes from.
pub(super) enum Source {
    /// The backup folder of this database.
    Backup(PathBuf),
    /// Anywhere else, chosen by the person in a dialog.
    Chosen(PathBuf),
}

impl Source {
    pub(super) fn path(&self) -> &Path {
        match self {
            Source::Backup(p) | Source::Chosen(p) => p,
        }
    }
}

/// A backup in the backup folder, or a file the person chose.
pub(super) fn readable(state: &AppState, path: &str) -> AppResult<Source> {
    let p = PathBuf::from(path);
    if p.parent() == Some(state.db.backup_dir().as_path()) {
        return Ok(Source::Backup(p));
    }
    state.chosen(path).map(Source::Chosen)
}

/// What a backup or export file holds, read from its manifest and checked whole.
#[tauri::command(async, rename_all = "snake_case")]
pub fn inspect_backup(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<String>,
) -> AppResult<Manifest> {
    local_only(&state)?;
    let passphrase = passphrase.map(zeroize::Zeroizing::new);
    // A backup of this database is checked as it will be restored; a file from elsewhere
    // as it will be imported (form rules too, see `archive::Checks`).
    let (path, checks) = match readable(&state, &path)? {
        Source::Backup(p) => (p, archive::Checks::Structure),
        Source::Chosen(p) => (p, archive::Checks::Forms(today())),
    };
    if let Some(p) = passphrase.as_deref().map(String::as_str) {
        return Ok(archive::read_with_passphrase(&path, checks, p)?.0);
    }
    // A sealed backup of this (encrypted) database opens with its backup key.
    let sealing = match state.store() {
        Ok(store) => crate::service::vault::sealing_of(&store)?,
        Err(_) => None,
    };
    Ok(archive::read_unsealed(&path, checks, sealing.as_ref().map(|s| &s.identity))?.0)
}

/// Restores a backup (the current database is backed up first).
#[tauri::command(async, rename_all = "snake_case")]
pub fn restore_backup(state: State<'_, AppState>, path: String) -> AppResult<Restored> {
    local_only(&state)?;
    let source = readable(&state, &path)?;
    state.db.restore(source.path(), false, Utc::now())
}

/// Exports the whole database to a file chosen in the save dialog: encrypted with
/// `passphrase` (typed twice) when one is given, else as an open zip (the administrator's
/// choice, with a warning on the screen). Read back and checked before it counts as done.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_database(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<String>,
    passphrase_repeat: Option<String>,
) -> AppResult<Manifest> {
    local_only(&state)?;
    let passphrase = passphrase.map(zeroize::Zeroizing::new);
    let passphrase_repeat = passphrase_repeat.map(zeroize::Zeroizing::new);
    let store = state.store()?;
    if let Some(p) = passphrase.as_deref().map(String::as_str) {
        crate::domain::auth::check_new_passphrase(
            "passphrase",
            p,
            "passphrase_repeat",
            passphrase_repeat
                .as_deref()
                .map(String::as_str)
                .unwrap_or_default(),
        )?;
    }
    let path = state.chosen(&path)?;
    let now = Utc::now();
    match passphrase.as_deref().map(String::as_str) {
        Some(p) => {
            let protect = archive::Protect::Passphrase(p);
            let manifest =
                archive::write_protected(&store, &path, now, &Progress::none(), protect)?;
            let (found, _) = archive::read_with_passphrase(&path, archive::Checks::Structure, p)?;
            if found != manifest {
                return Err(crate::domain::error::AppError::Import {
                    rule: "verify",
                    detail: "the file read back differs from the database".into(),
                });
            }
            Ok(manifest)
        }
        None => {
            let manifest = archive::write(&store, &path, now, &Progress::none())?;
            archive::verify(&path, &manifest)?;
            Ok(manifest)
        }
    }
}

/// Imports an export file chosen in the open dialog into this (empty) database.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_database(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<String>,
) -> AppResult<Restored> {
    local_only(&state)?;
    let passphrase = passphrase.map(zeroize::Zeroizing::new);
    let path = state.chosen(&path)?;
    state.db.restore_with(
        &path,
        true,
        Utc::now(),
        passphrase.as_deref().map(String::as_str),
    )
}

/// The newest verified backup, offered on the screen shown when the database is damaged.
#[tauri::command(async, rename_all = "snake_case")]
pub fn newest_backup(state: State<'_, AppState>) -> AppResult<Option<BackupInfo>> {
    local_only(&state)?;
    backup::newest_verified(&state.db.backup_dir())
}

//! Use cases, one module per area. The only place where rules combine; reached by the
//! Tauri commands, the tests and the benchmarks alike.
//!
//! - `projects`: create, edit, phase change, archive/restore, list, detail.
//! - `settings`: read and change the person's preferences.
//! - `board`: the Peer-board — members, meetings, consultations, feedback and its loop.
//! - `feedback_loop`: answer and report back, one piece of code for board points and input.
//! - `inputs`: activities, input from patients and relatives, themes, search.
//! - `overview`: the manager's Oversigt; `year_report`: the Årsrapport of any year.
//! - `export`: CSV and XLSX exports; `report`: "Vi spurgte — I sagde — vi gjorde";
//!   `gripp2`: the GRIPP2 short-form draft of a project.
//! - `progress`: progress and cancel for long exports and reports.
//! - `demo`: sample data for a new user (`--demo`).
//! - `audit`: the audit log — what each command writes, the screen, the check, retention.
//! - `vault`: the encrypted embedded database — first start, sign-in, lock, passphrases.

pub mod access;
pub mod access_report;
pub mod archive;
pub mod audit;
pub mod backup;
pub mod board;
pub mod database;
pub mod demo;
pub mod export;
pub mod feedback_loop;
pub mod files;
pub mod gripp2;
pub mod hours;
pub mod impact;
pub mod inputs;
pub mod live;
pub mod materials;
pub mod overview;
pub mod payouts;
pub mod people;
pub mod processing;
pub mod progress;
pub mod projects;
pub mod report;
pub mod rights;
pub mod settings;
pub mod team;
pub mod vault;
pub mod year_report;

use crate::domain::error::{AppError, AppResult};
use crate::store::Store;

/// Why a file the person chose could not be written: a `file.write` error naming the path
/// (the database is untouched).
pub(crate) fn write_error(path: &std::path::Path, e: impl std::fmt::Display) -> AppError {
    AppError::FileWrite(format!("cannot write {}: {e}", path.display()))
}

/// Writes a file the person chose in the save dialog, atomically (see `files`).
pub(crate) fn write_file(path: &std::path::Path, bytes: impl AsRef<[u8]>) -> AppResult<()> {
    files::write_file(path, bytes)
}

/// The day `now` falls on in Denmark (the computer's time zone): the day a form's dates are
/// checked against ("not after today") and the day written into a history.
pub(crate) fn local_day(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    now.with_timezone(&chrono::Local).date_naive()
}

/// `found`, or — when the record a form chose (a member, a project) does not exist — the
/// form's `field` refused as not one of the choices.
pub(crate) fn chosen<T>(field: &str, found: AppResult<T>) -> AppResult<T> {
    found.map_err(|e| match e {
        AppError::NotFound { .. } => {
            AppError::invalid(field, crate::domain::error::Rule::InvalidChoice)
        }
        other => other,
    })
}

/// The record `id` as it is now, if it is still at `expected_version` (`conflict.version`
/// otherwise: someone changed it since it was read).
pub(crate) fn current<T: crate::store::Versioned>(
    store: &Store,
    id: crate::domain::Id,
    expected_version: u64,
) -> AppResult<T> {
    let record: T = store.get(id)?;
    board::members::check_version(record.version(), expected_version)?;
    Ok(record)
}

/// The name written into the history for changes made now: the signed-in person (the
/// chosen profile, or the login on the shared database); without profiles, the name in
/// Indstillinger, or the login name of the computer's user when none is set.
pub(crate) fn actor(store: &Store) -> AppResult<String> {
    if let Some(person) = store.person().filter(|p| !p.name.is_empty()) {
        return Ok(person.name);
    }
    let name = store.settings()?.user_name;
    if !name.is_empty() {
        return Ok(name);
    }
    Ok(std::env::var("USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "ukendt".to_owned()))
}

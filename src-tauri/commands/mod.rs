//! `#[tauri::command]` adapters: arguments in, one service call, result or serialisable
//! error out. No logic lives here. Arguments keep their snake_case names over IPC.
//!
//! - `app`: status of the app (is the database open, where).
//! - `projects`, `settings`, `board`, `inputs`, `overview`: one command per service function.

pub mod app;
pub mod audit;
pub mod board;
pub mod data;
pub mod inputs;
pub mod overview;
pub mod payouts;
pub mod people;
pub mod projects;
pub mod rights;
pub mod settings;
pub mod team;
pub mod vault;
pub mod work;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::domain::error::{AppError, AppResult};
use crate::service::database::Database;
use crate::store::Store;

/// What every command reaches: the database (open, or why not), and the app's run state.
pub struct AppState {
    pub db: Database,
    demo_added: usize,
    /// Long exports and reports that are running, so they can be cancelled.
    pub jobs: crate::service::progress::Jobs,
    /// The end-to-end tests' options (see `cli::Testing`).
    pub testing: crate::cli::Testing,
    /// The paths the person chose in a file dialog during this run: the only ones a
    /// command writes to or reads a whole database from.
    chosen: Mutex<HashSet<PathBuf>>,
}

impl AppState {
    pub fn new(db: Database, demo_added: usize, testing: crate::cli::Testing) -> Self {
        AppState {
            db,
            demo_added,
            jobs: Default::default(),
            testing,
            chosen: Mutex::new(HashSet::new()),
        }
    }

    pub fn store(&self) -> AppResult<Arc<Store>> {
        self.db.store()
    }

    /// Remembers a path the person chose in a dialog.
    pub fn remember_chosen(&self, path: &Path) {
        self.chosen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_owned());
    }

    /// `path` if the person chose it in a dialog during this run; `file.not_chosen` else.
    pub fn chosen(&self, path: &str) -> AppResult<PathBuf> {
        let path = PathBuf::from(path);
        if self
            .chosen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&path)
        {
            Ok(path)
        } else {
            Err(AppError::PathNotChosen(path.display().to_string()))
        }
    }

    /// Writes everything to disk; called on exit.
    pub fn flush(&self) {
        self.db.flush();
    }
}

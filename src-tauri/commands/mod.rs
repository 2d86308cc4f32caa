//! `#[tauri::command]` adapters: arguments in, one service call, result or serialisable
//! error out. No logic lives here. Arguments keep their snake_case names over IPC.
//!
//! - `app`: status of the app (is the database open, where).
//! - `projects`, `settings`, `board`, `inputs`, `overview`: one command per service function.

pub mod app;
pub mod board;
pub mod inputs;
pub mod overview;
pub mod projects;
pub mod settings;

use crate::domain::error::{AppError, AppResult, ErrorPayload};
use crate::store::Store;

/// What every command reaches: the open store, or why it could not be opened.
pub struct AppState {
    store: Result<Store, ErrorPayload>,
    demo_added: usize,
    /// Long exports and reports that are running, so they can be cancelled.
    pub jobs: crate::service::progress::Jobs,
    /// The end-to-end tests' options (see `cli::Testing`).
    pub testing: crate::cli::Testing,
}

impl AppState {
    pub fn new(store: AppResult<Store>, demo_added: usize, testing: crate::cli::Testing) -> Self {
        AppState {
            store: store.map_err(|e| e.payload()),
            demo_added,
            jobs: Default::default(),
            testing,
        }
    }

    pub fn store(&self) -> AppResult<&Store> {
        self.store.as_ref().map_err(|_| AppError::StoreUnavailable)
    }

    /// Writes everything to disk; called on exit.
    pub fn flush(&self) {
        if let Ok(store) = &self.store {
            if let Err(e) = store.flush() {
                log::error!("flush on exit failed: {e}");
            }
        }
    }
}

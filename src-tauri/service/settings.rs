//! The person's preferences.

use crate::domain::error::AppResult;
use crate::domain::settings::Settings;
use crate::store::Store;

pub fn get(store: &Store) -> AppResult<Settings> {
    store.settings()
}

/// Saves the preferences; the profiles are kept as they are (see `service::people`).
pub fn update(store: &Store, settings: &Settings) -> AppResult<Settings> {
    let mut settings = settings.validated()?;
    settings.people = store.settings()?.people;
    store.save_settings(&settings)?;
    Ok(settings)
}

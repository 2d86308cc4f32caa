//! The person's preferences.

use crate::domain::error::AppResult;
use crate::domain::settings::Settings;
use crate::store::Store;

pub fn get(store: &Store) -> AppResult<Settings> {
    store.settings()
}

/// Saves the preferences; the profiles and the erasure list are kept as they are (see
/// `service::people`, `service::rights`).
pub fn update(store: &Store, settings: &Settings) -> AppResult<Settings> {
    let mut settings = settings.validated()?;
    let stored = store.settings()?;
    settings.people = stored.people;
    settings.erasures = stored.erasures;
    store.save_settings(&settings)?;
    Ok(settings)
}

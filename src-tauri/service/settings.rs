//! The person's preferences.

use crate::domain::error::AppResult;
use crate::domain::settings::Settings;
use crate::store::Store;

pub fn get(store: &Store) -> AppResult<Settings> {
    store.settings()
}

pub fn update(store: &Store, settings: &Settings) -> AppResult<Settings> {
    let settings = settings.validated()?;
    store.save_settings(&settings)?;
    Ok(settings)
}

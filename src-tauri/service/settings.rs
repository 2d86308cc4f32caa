//! The person's preferences.

use crate::domain::error::AppResult;
use crate::domain::settings::Settings;
use crate::store::Store;

/// The settings are one stored value that the form, the profiles (`service::people`) and
/// the erasure list (`service::rights`) each change a part of: their read-modify-writes
/// go one at a time, so none saves over another's change.
pub(crate) fn changing() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub fn get(store: &Store) -> AppResult<Settings> {
    store.settings()
}

/// Saves the preferences; the profiles, the erasure list and the rates are kept as they
/// are (see `service::people`, `service::rights`, `service::payouts`).
pub fn update(store: &Store, settings: &Settings) -> AppResult<Settings> {
    let mut settings = settings.validated()?;
    let _settings = changing();
    let stored = store.settings()?;
    settings.people = stored.people;
    settings.erasures = stored.erasures;
    settings.rates = stored.rates;
    store.save_settings(&settings)?;
    Ok(settings)
}

//! The settings record: one JSON value under a fixed key.

use super::codec::{decode, encode};
use super::SledStore;
use crate::domain::error::AppResult;
use crate::domain::settings::Settings;

pub(super) const KEY: &[u8] = b"settings";

impl SledStore {
    /// The stored settings, or the defaults when none are stored.
    pub fn settings(&self) -> AppResult<Settings> {
        match self.settings.get(KEY)? {
            Some(bytes) => decode(&self.unseal(super::SETTINGS_TREE, KEY, &bytes)?),
            None => Ok(Settings::default()),
        }
    }

    pub fn save_settings(&self, settings: &Settings) -> AppResult<()> {
        let _gate = self
            .gate
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.check_space(4096)?;
        self.settings.insert(
            KEY,
            self.seal(super::SETTINGS_TREE, KEY, &encode(settings)?)?,
        )?;
        self.changed()?;
        self.flush()
    }
}

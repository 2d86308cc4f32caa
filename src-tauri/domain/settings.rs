//! The person's preferences, kept in the database.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::choice_enum;
use super::error::AppError;
use super::text::checked;

choice_enum! {
    /// Language of the UI. Danish is the default.
    Language {
        Da = "da",
        En = "en",
    }
}

pub const USER_NAME_MAX: usize = 100;

/// Preferences. `user_name` is written into the history of what the person changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    pub language: Language,
    pub user_name: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: Language::Da,
            user_name: String::new(),
        }
    }
}

impl Settings {
    /// Checks and normalises settings from the UI.
    pub fn validated(&self) -> Result<Settings, AppError> {
        let mut errors = Vec::new();
        let user_name = checked(
            "user_name",
            &self.user_name,
            false,
            USER_NAME_MAX,
            &mut errors,
        );
        if errors.is_empty() {
            Ok(Settings {
                language: self.language,
                user_name,
            })
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

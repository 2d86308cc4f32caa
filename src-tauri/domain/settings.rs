//! The person's preferences, kept in the database.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::choice_enum;
use super::error::{AppError, FieldError, Rule};
use super::text::checked;

choice_enum! {
    /// Language of the UI. Danish is the default.
    Language {
        Da = "da",
        En = "en",
    }
}

pub const USER_NAME_MAX: usize = 100;
/// Days a point may await an answer before it is overdue.
pub const DEFAULT_OVERDUE_DAYS: u32 = 30;
pub const OVERDUE_DAYS_MAX: u32 = 365;
/// Minutes without use before an encrypted database locks itself.
pub const DEFAULT_LOCK_MINUTES: u32 = 10;
pub const LOCK_MINUTES_MAX: u32 = 240;
/// Months the audit log keeps an entry (Datatilsynet's guidance: at least the time a
/// misuse may come to light; two years by default).
pub const DEFAULT_AUDIT_MONTHS: u32 = 24;
pub const AUDIT_MONTHS_MAX: u32 = 120;

/// Preferences. `user_name` is written into the history of what the person changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    pub language: Language,
    pub user_name: String,
    /// A point awaiting an answer for more days than this is overdue.
    pub overdue_days: u32,
    /// An encrypted embedded database locks itself after this many minutes without use
    /// (no key pressed, no mouse moved in the window).
    pub lock_minutes: u32,
    /// The audit log keeps an entry this many months, then removes it (from the start).
    pub audit_months: u32,
    /// The profiles of the embedded database (empty: one person, who may do everything).
    /// Changed only through `service::people`, never through the settings form.
    pub people: Vec<super::roles::Person>,
    /// What was erased at people's request, by id: applied again to any older backup
    /// restored or export imported. Changed only through `service::rights`.
    pub erasures: super::erasure::Erasures,
    /// How long people's data is kept (`domain::keeping`).
    pub retention: super::keeping::RetentionRules,
    /// Honoraria and transport rates, each from a date (`domain::payout`). Changed only
    /// through `service::payouts`.
    pub rates: Vec<super::payout::RatePeriod>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: Language::Da,
            user_name: String::new(),
            overdue_days: DEFAULT_OVERDUE_DAYS,
            lock_minutes: DEFAULT_LOCK_MINUTES,
            audit_months: DEFAULT_AUDIT_MONTHS,
            people: Vec::new(),
            erasures: super::erasure::Erasures::default(),
            retention: super::keeping::RetentionRules::default(),
            rates: Vec::new(),
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
        if !(1..=OVERDUE_DAYS_MAX).contains(&self.overdue_days) {
            errors.push(FieldError::with_limit(
                "overdue_days",
                Rule::OutOfRange,
                OVERDUE_DAYS_MAX as usize,
            ));
        }
        if !(1..=LOCK_MINUTES_MAX).contains(&self.lock_minutes) {
            errors.push(FieldError::with_limit(
                "lock_minutes",
                Rule::OutOfRange,
                LOCK_MINUTES_MAX as usize,
            ));
        }
        if !(1..=AUDIT_MONTHS_MAX).contains(&self.audit_months) {
            errors.push(FieldError::with_limit(
                "audit_months",
                Rule::OutOfRange,
                AUDIT_MONTHS_MAX as usize,
            ));
        }
        self.retention.check(&mut errors);
        if errors.is_empty() {
            Ok(Settings {
                language: self.language,
                user_name,
                overdue_days: self.overdue_days,
                lock_minutes: self.lock_minutes,
                audit_months: self.audit_months,
                people: self.people.clone(),
                erasures: self.erasures.clone(),
                retention: self.retention,
                rates: self.rates.clone(),
            })
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

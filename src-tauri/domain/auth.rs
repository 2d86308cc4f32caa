//! Signing in to an encrypted embedded database: what a passphrase must be, and how long
//! to wait after wrong ones.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
// The passphrases and recovery keys typed into these forms are wiped from memory when the
// form is dropped (copies in the window's message to Rust are beyond reach).
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::error::{AppError, FieldError, Rule};
use super::roles::Person;
use super::Id;

/// The first start of a new database: the first profile (an administrator) and its
/// passphrase, typed twice.
#[derive(Debug, Clone, Deserialize, TS, Zeroize, ZeroizeOnDrop)]
pub struct FirstProfileInput {
    pub name: String,
    pub passphrase: String,
    pub passphrase_repeat: String,
}

/// Every passphrase forgotten: the recovery key opens the data, and profile `profile_id`
/// gets a new passphrase at once.
#[derive(Debug, Clone, Deserialize, TS, Zeroize, ZeroizeOnDrop)]
pub struct RecoveryInput {
    pub recovery_key: String,
    #[zeroize(skip)]
    pub profile_id: Id,
    pub passphrase: String,
    pub passphrase_repeat: String,
}

/// The database lost or damaged beyond its key file: a sealed backup (`path`) opened with
/// the recovery key, restored, and profile `profile_id` (one of the backup's) given a new
/// passphrase and signed in.
#[derive(Debug, Clone, Deserialize, TS, Zeroize, ZeroizeOnDrop)]
pub struct RecoveryRestoreInput {
    pub path: String,
    pub recovery_key: String,
    #[zeroize(skip)]
    pub profile_id: Id,
    pub passphrase: String,
    pub passphrase_repeat: String,
}

/// A new passphrase: the signed-in person's own (`current` is the one it replaces), or
/// one an administrator sets for profile `profile_id` (`current` unused).
#[derive(Debug, Clone, Deserialize, TS, Zeroize, ZeroizeOnDrop)]
pub struct PassphraseChange {
    #[serde(default)]
    #[zeroize(skip)]
    pub profile_id: Option<Id>,
    #[serde(default)]
    pub current: String,
    pub passphrase: String,
    pub passphrase_repeat: String,
}

/// *Kryptér databasen* (an unencrypted database made before issue 11): the passphrase of
/// the signed-in administrator, or, on a database without profiles, the name of the first
/// profile too.
#[derive(Debug, Clone, Deserialize, TS, Zeroize, ZeroizeOnDrop)]
pub struct EncryptInput {
    #[serde(default)]
    pub name: String,
    pub passphrase: String,
    pub passphrase_repeat: String,
}

/// A new database made: who was made, and the recovery key, shown this once.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FirstProfile {
    pub person: Person,
    pub recovery_key: String,
    /// *Kryptér databasen*: how many unencrypted backups were removed once the encrypted
    /// database had a verified backup of its own.
    #[ts(type = "number")]
    pub plain_backups_removed: u64,
}

/// A profile as the sign-in screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProfileName {
    pub id: Id,
    pub name: String,
}

/// What the sign-in screen of an encrypted database shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SignInScreen {
    pub profiles: Vec<ProfileName>,
    /// A database made by `--demo`: its profile and passphrase, shown for a newcomer.
    pub demo: Option<DemoHint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DemoHint {
    pub profile_id: Id,
    pub name: String,
    pub passphrase: String,
}

/// A passphrase has at least this many characters (a few words: NIST SP 800-63B asks for
/// at least 8; the data key behind it protects special-category data).
pub const PASSPHRASE_MIN: usize = 10;
/// … and at most this many.
pub const PASSPHRASE_MAX: usize = 200;
/// Wrong passphrases in a row that cost nothing; after them each try waits longer.
pub const FREE_TRIES: u32 = 5;
/// The longest wait between tries.
pub const LONGEST_WAIT_SECONDS: u64 = 300;

/// Checks a new passphrase typed in `field` and again in `repeat_field`: long enough, not
/// too long, the same twice. Spaces count as typed (nothing is trimmed).
pub fn check_new_passphrase(
    field: &str,
    passphrase: &str,
    repeat_field: &str,
    repeat: &str,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let length = passphrase.chars().count();
    if length == 0 {
        errors.push(FieldError::new(field, Rule::Required));
    } else if length < PASSPHRASE_MIN {
        errors.push(FieldError::with_limit(
            field,
            Rule::TooShort,
            PASSPHRASE_MIN,
        ));
    } else if length > PASSPHRASE_MAX {
        errors.push(FieldError::with_limit(field, Rule::TooLong, PASSPHRASE_MAX));
    }
    if errors.is_empty() && passphrase != repeat {
        errors.push(FieldError::new(repeat_field, Rule::Mismatch));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Wrong passphrases (or recovery keys) given in a row at this PC, kept beside the
/// database so that restarting the program does not start the count again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    pub failures: u32,
    pub last_failure: Option<DateTime<Utc>>,
    /// Wrong tries not yet in the audit log (the data was locked): written there at the
    /// next sign-in. The latest [`UNLOGGED_MAX`] are kept.
    #[serde(default)]
    pub unlogged: Vec<FailedTry>,
}

/// A wrong passphrase (or recovery key) given for a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedTry {
    pub at: DateTime<Utc>,
    pub profile: Option<Id>,
}

/// How many wrong tries wait at most for the audit log.
pub const UNLOGGED_MAX: usize = 100;

impl Attempts {
    /// How long the `failures`-th wrong passphrase in a row makes the next try wait:
    /// nothing for the first [`FREE_TRIES`], then 2, 4, 8 … seconds, at most
    /// [`LONGEST_WAIT_SECONDS`].
    pub fn wait_after(failures: u32) -> u64 {
        if failures < FREE_TRIES {
            return 0;
        }
        let doubled = 2u64.saturating_pow(failures - FREE_TRIES + 1);
        doubled.min(LONGEST_WAIT_SECONDS)
    }

    /// Seconds still to wait at `now` before the next try may be made (`auth.wait`).
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), AppError> {
        let Some(last) = self.last_failure else {
            return Ok(());
        };
        let wait = Attempts::wait_after(self.failures);
        let passed = u64::try_from((now - last).num_seconds()).unwrap_or(0);
        if passed >= wait {
            Ok(())
        } else {
            Err(AppError::WaitBeforeTrying {
                seconds: wait - passed,
            })
        }
    }

    /// One more wrong passphrase at `now`, for `profile` (`None`: the recovery key).
    pub fn failed(&mut self, now: DateTime<Utc>, profile: Option<Id>) {
        self.failures = self.failures.saturating_add(1);
        self.last_failure = Some(now);
        self.unlogged.push(FailedTry { at: now, profile });
        if self.unlogged.len() > UNLOGGED_MAX {
            let extra = self.unlogged.len() - UNLOGGED_MAX;
            self.unlogged.drain(..extra);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(e: AppError) -> Vec<(String, Rule)> {
        match e {
            AppError::Validation(f) => f.into_iter().map(|f| (f.field, f.rule)).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn a_new_passphrase_is_long_enough_and_typed_the_same_twice() {
        assert!(check_new_passphrase("p", "ti tegn ok", "r", "ti tegn ok").is_ok());
        let e = check_new_passphrase("p", "", "r", "").expect_err("empty");
        assert_eq!(rules(e), vec![("p".to_owned(), Rule::Required)]);
        let e = check_new_passphrase("p", "ni tegn!!", "r", "ni tegn!!").expect_err("short");
        assert_eq!(rules(e), vec![("p".to_owned(), Rule::TooShort)]);
        let long = "ø".repeat(PASSPHRASE_MAX + 1);
        let e = check_new_passphrase("p", &long, "r", &long).expect_err("long");
        assert_eq!(rules(e), vec![("p".to_owned(), Rule::TooLong)]);
        let e = check_new_passphrase("p", "rød grød med fløde", "r", "rød grød med fløde ")
            .expect_err("differs by a space");
        assert_eq!(rules(e), vec![("r".to_owned(), Rule::Mismatch)]);
        // Characters, not bytes: ten Danish letters are enough.
        assert!(check_new_passphrase("p", "æøåæøåæøåæ", "r", "æøåæøåæøåæ").is_ok());
    }

    #[test]
    fn the_wait_grows_after_five_wrong_passphrases() {
        let waits: Vec<u64> = (0..=14).map(Attempts::wait_after).collect();
        assert_eq!(
            waits,
            vec![0, 0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
        );
        let now = chrono::Utc::now();
        let mut a = Attempts::default();
        for _ in 0..5 {
            assert!(a.check(now).is_ok());
            a.failed(now, None);
        }
        match a.check(now + chrono::Duration::seconds(1)) {
            Err(AppError::WaitBeforeTrying { seconds }) => assert_eq!(seconds, 1),
            other => panic!("expected a wait, got {other:?}"),
        }
        assert!(a.check(now + chrono::Duration::seconds(2)).is_ok());
        assert_eq!(Attempts::wait_after(u32::MAX), LONGEST_WAIT_SECONDS);
    }
}

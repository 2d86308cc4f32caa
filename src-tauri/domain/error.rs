//! One error enum for the whole app. Each case has a stable machine code; the UI maps the
//! code (and, for validation, each field and rule) to a sentence in its message catalogue.
//! What crosses the IPC boundary is [`ErrorPayload`]: `{ code, message, fields }`, where
//! `message` is an English sentence for logs, never shown to a person.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a field was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The field must have a value.
    Required,
    /// The text is longer than `limit` characters.
    TooLong,
    /// More than `limit` entries.
    TooMany,
    /// The value is not one of the allowed choices.
    InvalidChoice,
    /// The text is not a date `YYYY-MM-DD`.
    InvalidDate,
    /// The date lies before the start date.
    BeforeStart,
    /// The value is out of the allowed range (see `limit`).
    OutOfRange,
    /// The text is not a time `HH:MM`.
    InvalidTime,
    /// The text is not in the expected form (an e-mail address, a link).
    InvalidFormat,
    /// The same value is given twice where each must be unique.
    Duplicate,
    /// The text holds control characters (other than line breaks and tabs).
    InvalidCharacters,
    /// The date lies after today.
    InFuture,
    /// The date lies before the day the point or input it answers was given.
    BeforeGiven,
    /// The text is shorter than `limit` characters.
    TooShort,
    /// A repeated entry (a new passphrase typed twice) differs from the first.
    Mismatch,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::TooLong => "too_long",
            Rule::TooMany => "too_many",
            Rule::InvalidChoice => "invalid_choice",
            Rule::InvalidDate => "invalid_date",
            Rule::BeforeStart => "before_start",
            Rule::OutOfRange => "out_of_range",
            Rule::InvalidTime => "invalid_time",
            Rule::InvalidFormat => "invalid_format",
            Rule::Duplicate => "duplicate",
            Rule::InvalidCharacters => "invalid_characters",
            Rule::InFuture => "in_future",
            Rule::BeforeGiven => "before_given",
            Rule::TooShort => "too_short",
            Rule::Mismatch => "mismatch",
        }
    }
}

/// One rejected field: which field, which rule, and the limit where the rule has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldError {
    pub field: String,
    pub rule: Rule,
    pub limit: Option<u32>,
}

impl FieldError {
    pub fn new(field: &str, rule: Rule) -> Self {
        FieldError {
            field: field.to_owned(),
            rule,
            limit: None,
        }
    }

    pub fn with_limit(field: &str, rule: Rule, limit: usize) -> Self {
        FieldError {
            field: field.to_owned(),
            rule,
            limit: Some(u32::try_from(limit).unwrap_or(u32::MAX)),
        }
    }

    /// Stable code of this field error, e.g. `validation.title.required`.
    pub fn code(&self) -> String {
        format!("validation.{}.{}", self.field, self.rule.as_str())
    }
}

/// Every error Samskab can return.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed: {}", .0.iter().map(FieldError::code).collect::<Vec<_>>().join(", "))]
    Validation(Vec<FieldError>),
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    #[error(
        "stale version: the record was changed by someone else (read {expected}, now {actual})"
    )]
    Conflict { expected: u64, actual: u64 },
    #[error("storage error: {0}")]
    Storage(String),
    /// A file the person chose (an export, a report) could not be written; the database
    /// is untouched.
    #[error("file not written: {0}")]
    FileWrite(String),
    #[error("the database is in use by another program")]
    StoreLocked,
    /// The disk holding the database (or a backup) is full; nothing was written.
    #[error("disk full: {0}")]
    DiskFull(String),
    /// The folder of the database (or a backup) is read-only; nothing was written.
    #[error("read-only: {0}")]
    ReadOnly(String),
    /// The database folder could not be opened safely: sled failed, panicked, hung, or a
    /// record or index broke an invariant. The folder is left as it was.
    #[error("the database is damaged: {0}")]
    Damaged(String),
    /// A whole-database export (or backup) was refused: `rule` says why
    /// (`format_too_new`, `schema_too_new`, `checksum`, `broken_record`, `not_empty`, …).
    #[error("import refused ({rule}): {detail}")]
    Import { rule: &'static str, detail: String },
    /// A file path that the person did not choose in the save dialog during this run.
    #[error("path not chosen in the save dialog: {0}")]
    PathNotChosen(String),
    #[error("the database has schema version {found}, newer than this program's {supported}")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("the database is not open")]
    StoreUnavailable,
    /// The action is not allowed in the record's current state, e.g. reporting back a
    /// point that has no answer. `rule` names the state rule (`report_back_before_answer`).
    #[error("not allowed: {rule}")]
    NotAllowed { rule: &'static str },
    /// The person cancelled a long operation; nothing was written.
    #[error("cancelled")]
    Cancelled,
    /// The shared database cannot be reached (the network, the server); nothing was
    /// written.
    #[error("the shared database cannot be reached: {0}")]
    Unreachable(String),
    /// The shared database's schema is older than this program's: `samskab --migrate`
    /// has not been run for this version.
    #[error("the database has schema version {found}, older than this program's {supported}")]
    SchemaTooOld { found: u32, supported: u32 },
    /// This can only be done with the local (embedded) database, not in team mode.
    #[error("only possible with the local database")]
    NotLocal,
    /// Team mode: the shared database waits for the person's password.
    #[error("sign in to the shared database")]
    SignInNeeded,
    /// The shared database named in the address does not exist on the server.
    #[error("no such database on the server: {0}")]
    NoDatabase(String),
    /// The shared database refused the user name or password.
    #[error("the shared database refused the sign-in: {0}")]
    SignInFailed(String),
    /// The signed-in person's role may not do this.
    #[error("the role {role} may not {action}")]
    Forbidden { role: String, action: String },
    /// The passphrase (or recovery key) does not open the data.
    #[error("the passphrase does not open the data")]
    WrongPassphrase,
    /// An encrypted value does not belong where it was found, or was changed: the data
    /// was tampered with or damaged.
    #[error("encrypted data was changed or moved: {0}")]
    Tampered(String),
    /// The embedded database is encrypted and waits for a profile's passphrase (or the
    /// recovery key): at start, and after the automatic lock.
    #[error("the data is locked")]
    Locked,
    /// A new, empty data folder: the first profile (an administrator) and its passphrase
    /// are to be chosen before anything is stored.
    #[error("the database is new: choose the first profile")]
    SetupNeeded,
    /// Too many wrong passphrases in a row: the next try is taken after `seconds`.
    #[error("too many wrong passphrases: wait {seconds} s")]
    WaitBeforeTrying { seconds: u64 },
    /// The database is encrypted but the key file beside it (`noegler.json`) is missing or
    /// cannot be read: the data cannot be opened without it.
    #[error("the key file of the encrypted database is missing: {0}")]
    KeyringMissing(String),
}

impl AppError {
    /// The error for an I/O failure while doing `what`: disk full and read-only get their
    /// own codes, anything else is a storage error.
    pub fn io(what: &str, e: &std::io::Error) -> Self {
        let detail = format!("{what}: {e}");
        match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                AppError::DiskFull(detail)
            }
            std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
                AppError::ReadOnly(detail)
            }
            _ => AppError::Storage(detail),
        }
    }

    /// A single-field validation error.
    pub fn invalid(field: &str, rule: Rule) -> Self {
        AppError::Validation(vec![FieldError::new(field, rule)])
    }

    /// The stable machine code of this error.
    pub fn code(&self) -> String {
        match self {
            AppError::Validation(_) => "validation".to_owned(),
            AppError::NotFound { entity } => format!("not_found.{entity}"),
            AppError::Conflict { .. } => "conflict.version".to_owned(),
            AppError::Storage(_) => "store.io".to_owned(),
            AppError::FileWrite(_) => "file.write".to_owned(),
            AppError::StoreLocked => "store.locked".to_owned(),
            AppError::DiskFull(_) => "store.disk_full".to_owned(),
            AppError::ReadOnly(_) => "store.read_only".to_owned(),
            AppError::Damaged(_) => "store.damaged".to_owned(),
            AppError::Import { rule, .. } => format!("import.{rule}"),
            AppError::PathNotChosen(_) => "file.not_chosen".to_owned(),
            AppError::SchemaTooNew { .. } => "store.schema_too_new".to_owned(),
            AppError::StoreUnavailable => "store.unavailable".to_owned(),
            AppError::NotAllowed { rule } => format!("not_allowed.{rule}"),
            AppError::Cancelled => "cancelled".to_owned(),
            AppError::Unreachable(_) => "store.unreachable".to_owned(),
            AppError::SchemaTooOld { .. } => "store.schema_too_old".to_owned(),
            AppError::NotLocal => "store.not_local".to_owned(),
            AppError::Forbidden { .. } => "forbidden.role".to_owned(),
            AppError::SignInNeeded => "store.sign_in_needed".to_owned(),
            AppError::SignInFailed(_) => "store.sign_in_failed".to_owned(),
            AppError::NoDatabase(_) => "store.no_database".to_owned(),
            AppError::WrongPassphrase => "auth.wrong_passphrase".to_owned(),
            AppError::Tampered(_) => "store.tampered".to_owned(),
            AppError::Locked => "auth.locked".to_owned(),
            AppError::SetupNeeded => "auth.setup_needed".to_owned(),
            AppError::WaitBeforeTrying { .. } => "auth.wait".to_owned(),
            AppError::KeyringMissing(_) => "store.keyring_missing".to_owned(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            fields: match self {
                AppError::Validation(fields) => fields.clone(),
                _ => Vec::new(),
            },
        }
    }
}

/// The shape of every error the UI receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Adds the field errors of `result` to `errors` and gives `None` for them (any other error
/// is returned): for a form whose parts are checked apart and refused together.
pub fn gather<T>(result: AppResult<T>, errors: &mut Vec<FieldError>) -> AppResult<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(AppError::Validation(f)) => {
            errors.extend(f);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_error_serialises_to_code_and_fields() {
        let err = AppError::Validation(vec![FieldError::with_limit("title", Rule::TooLong, 200)]);
        let json = serde_json::to_value(&err).expect("serialise");
        assert_eq!(
            json,
            serde_json::json!({
                "code": "validation",
                "message": "validation failed: validation.title.too_long",
                "fields": [{ "field": "title", "rule": "too_long", "limit": 200 }]
            })
        );
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(
            AppError::NotFound { entity: "project" }.code(),
            "not_found.project"
        );
        assert_eq!(
            AppError::Conflict {
                expected: 1,
                actual: 2
            }
            .code(),
            "conflict.version"
        );
        assert_eq!(AppError::StoreLocked.code(), "store.locked");
        assert_eq!(AppError::Storage("x".into()).code(), "store.io");
        assert_eq!(AppError::FileWrite("x".into()).code(), "file.write");
        let json = serde_json::to_value(AppError::StoreLocked).expect("serialise");
        assert_eq!(json["code"], "store.locked");
        assert_eq!(json["fields"], serde_json::json!([]));
    }
}

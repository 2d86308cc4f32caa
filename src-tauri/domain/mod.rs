//! The domain: types, validation and state rules of Samskab. No I/O, no Tauri, no sled.
//!
//! - `error`: the one error enum every layer returns, with stable codes.
//! - `project`: projects, their enumerations, validation, and the phase timeline.
//! - `query`: filtering and sorting of the project list.
//! - `member`, `meeting`, `consultation`, `feedback`: the Peer-board and its feedback.
//! - `feedback_loop`: answer and report back — the loop every piece of feedback runs through.
//! - `settings`: the person's preferences (language, name used in the history, overdue days).
//! - `text`: small helpers for trimming, limits and Danish sort order.
//! - `auth`: passphrase rules and the growing wait after wrong passphrases.
//! - `audit`: the audit log's entries and the hash chain that makes changes to it evident.

pub mod audit;
pub mod auth;
pub mod choice;
pub mod consultation;
pub mod erasure;
pub mod error;
pub mod feedback;
pub mod feedback_loop;
pub mod hours;
pub mod impact;
pub mod input;
pub mod keeping;
pub mod material;
pub mod meeting;
pub mod member;
pub mod payout;
pub mod project;
pub mod query;
pub mod retention;
pub mod roles;
pub mod settings;
pub mod stored;
pub mod team;
pub mod text;

/// Time-ordered 128-bit id (UUID v7). Stored as its 16 big-endian bytes.
pub type Id = uuid::Uuid;

/// A new time-ordered id. Make ids before a transaction, never inside it.
pub fn new_id() -> Id {
    uuid::Uuid::now_v7()
}

/// Every versioned record: its next version is a copy one version higher, stamped `now`.
macro_rules! next_version {
    ($($record:ty),+ $(,)?) => {
        $(impl $record {
            /// This record as its next version, stamped `now`.
            pub fn next_version(&self, now: chrono::DateTime<chrono::Utc>) -> Self {
                let mut next = self.clone();
                next.version += 1;
                next.updated_at = now;
                next
            }
        })+
    };
}

next_version!(
    project::Project,
    member::Member,
    meeting::Meeting,
    consultation::Consultation,
    feedback::FeedbackPoint,
    input::Input,
    payout::Claim,
    payout::PayoutList,
    hours::TimeEntry,
    impact::ImpactEntry,
    material::Material,
);

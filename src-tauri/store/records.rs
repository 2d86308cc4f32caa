//! Versioned records and their index rows, written in one transaction.
//!
//! A service reads what it needs, decides every record and index row to change, and hands
//! the list of [`Write`]s to [`SledStore::commit`]: one transaction over the trees involved, a
//! version check on every record (a stale one aborts the whole change), then a flush.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sled::transaction::{abort, ConflictableTransactionError};
use sled::Transactional;

use super::codec::{decode, encode, id_key, pair_key};
use super::SledStore;
use crate::domain::consultation::Consultation;
use crate::domain::error::{AppError, AppResult};
use crate::domain::feedback::FeedbackPoint;
use crate::domain::feedback_loop::FeedbackLoop;
use crate::domain::hours::TimeEntry;
use crate::domain::impact::ImpactEntry;
use crate::domain::input::{Activity, Input};
use crate::domain::material::Material;
use crate::domain::meeting::Meeting;
use crate::domain::member::Member;
use crate::domain::payout::{Claim, PayoutList};
use crate::domain::project::Project;
use crate::domain::Id;

/// The trees that hold records and index rows. The names are the on-disk tree names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Projects,
    /// project id ‖ change id → PhaseChange: each project's timeline in time order.
    PhaseTimeline,
    Members,
    Meetings,
    Consultations,
    Points,
    /// project id ‖ consultation id → ()
    ProjectConsultations,
    /// consultation id ‖ point id → ()
    ConsultationPoints,
    /// point id → (): answered points not yet reported back.
    ToReportBack,
    /// text key → text: what was typed but not yet saved as a record.
    Drafts,
    /// meeting id → (): meetings that are planned (not held, not cancelled).
    PlannedMeetings,
    /// consultation id → (): consultations waiting for a meeting.
    RequestedConsultations,
    Activities,
    Inputs,
    /// input id → text: who gave an input, kept apart from the input itself.
    Contributors,
    /// project id ‖ activity id → ()
    ProjectActivities,
    /// input id → (): answered inputs not yet reported back.
    InputsToReportBack,
    /// Members' claims: trips, tickets, workshops, teaching (`domain::payout`).
    Claims,
    /// Payout lists for the payroll office.
    PayoutLists,
    /// Hours spent on projects (`domain::hours`).
    TimeEntries,
    /// Projects' impact logs (`domain::impact`).
    ImpactEntries,
    /// The register of patient information material (`domain::material`).
    Materials,
}

impl Table {
    pub const ALL: [Table; 22] = [
        Table::Projects,
        Table::PhaseTimeline,
        Table::Members,
        Table::Meetings,
        Table::Consultations,
        Table::Points,
        Table::ProjectConsultations,
        Table::ConsultationPoints,
        Table::ToReportBack,
        Table::Drafts,
        Table::PlannedMeetings,
        Table::RequestedConsultations,
        Table::Activities,
        Table::Inputs,
        Table::Contributors,
        Table::ProjectActivities,
        Table::InputsToReportBack,
        Table::Claims,
        Table::PayoutLists,
        Table::TimeEntries,
        Table::ImpactEntries,
        Table::Materials,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Projects => "projects",
            Table::PhaseTimeline => "project_phase_timeline",
            Table::Members => "members",
            Table::Meetings => "meetings",
            Table::Consultations => "consultations",
            Table::Points => "feedback_points",
            Table::ProjectConsultations => "idx_project_consultations",
            Table::ConsultationPoints => "idx_consultation_points",
            Table::ToReportBack => "idx_to_report_back",
            Table::Drafts => "drafts",
            Table::PlannedMeetings => "idx_planned_meetings",
            Table::RequestedConsultations => "idx_requested_consultations",
            Table::Activities => "activities",
            Table::Inputs => "inputs",
            Table::Contributors => "contributors",
            Table::ProjectActivities => "idx_project_activities",
            Table::InputsToReportBack => "idx_inputs_to_report_back",
            Table::Claims => "claims",
            Table::PayoutLists => "payout_lists",
            Table::TimeEntries => "time_entries",
            Table::ImpactEntries => "impact_entries",
            Table::Materials => "materials",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Whether the rows of this tree hold values (sealed in an encrypted database); the
    /// index trees hold only keys of ids, with empty values.
    pub(super) fn holds_values(self) -> bool {
        !matches!(
            self,
            Table::ProjectConsultations
                | Table::ConsultationPoints
                | Table::ToReportBack
                | Table::PlannedMeetings
                | Table::RequestedConsultations
                | Table::ProjectActivities
                | Table::InputsToReportBack
        )
    }
}

/// Where a value is stored — its tree's name and its key — as the associated data of its
/// seal: a value moved to another key or tree does not open there.
fn place(tree: &str, key: &[u8]) -> Vec<u8> {
    let mut place = Vec::with_capacity(tree.len() + 1 + key.len());
    place.extend_from_slice(tree.as_bytes());
    place.push(0);
    place.extend_from_slice(key);
    place
}

impl SledStore {
    /// `value` as it is stored under `key` in `tree`: sealed with the data key in an
    /// encrypted database, as it is otherwise.
    pub(super) fn seal(&self, tree: &str, key: &[u8], value: &[u8]) -> AppResult<Vec<u8>> {
        match &self.cipher {
            Some(k) => k.seal(&place(tree, key), value),
            None => Ok(value.to_vec()),
        }
    }

    /// The plain value of what is stored under `key` in `tree` (`store.tampered` when it
    /// was changed, cut, or sealed for another place).
    pub(super) fn unseal<'a>(
        &self,
        tree: &str,
        key: &[u8],
        stored: &'a [u8],
    ) -> AppResult<std::borrow::Cow<'a, [u8]>> {
        match &self.cipher {
            Some(k) => k
                .open(&place(tree, key), stored)
                .map(std::borrow::Cow::Owned),
            None => Ok(std::borrow::Cow::Borrowed(stored)),
        }
    }

    /// The decoded value stored under `key` in `table`.
    pub(super) fn decode_at<T: DeserializeOwned>(
        &self,
        table: Table,
        key: &[u8],
        stored: &[u8],
    ) -> AppResult<T> {
        decode(&self.unseal(table.name(), key, stored)?)
    }

    /// Every value of `table`, decoded, in key order.
    pub(super) fn decode_all<T: DeserializeOwned>(&self, table: Table) -> AppResult<Vec<T>> {
        self.table(table)
            .iter()
            .map(|entry| {
                let (key, value) = entry?;
                self.decode_at(table, &key, &value)
            })
            .collect()
    }

    /// The text stored under `key` in `table` (a draft, a contributor reference).
    pub(super) fn text_at(&self, table: Table, key: &[u8], stored: &[u8]) -> AppResult<String> {
        Ok(String::from_utf8_lossy(&self.unseal(table.name(), key, stored)?).into_owned())
    }
}

/// A record with an id and a version that grows by one with every change.
pub trait Versioned: Serialize + DeserializeOwned + Send {
    const TABLE: Table;
    /// The entity name in `not_found.<entity>`.
    const ENTITY: &'static str;
    fn id(&self) -> Id;
    fn version(&self) -> u64;
}

macro_rules! versioned {
    ($type:ty, $table:expr, $entity:literal) => {
        impl Versioned for $type {
            const TABLE: Table = $table;
            const ENTITY: &'static str = $entity;
            fn id(&self) -> Id {
                self.id
            }
            fn version(&self) -> u64 {
                self.version
            }
        }
    };
}

versioned!(Project, Table::Projects, "project");
versioned!(Member, Table::Members, "member");
versioned!(Meeting, Table::Meetings, "meeting");
versioned!(Consultation, Table::Consultations, "consultation");
versioned!(FeedbackPoint, Table::Points, "feedback_point");
versioned!(Activity, Table::Activities, "activity");
versioned!(Input, Table::Inputs, "input");
versioned!(Claim, Table::Claims, "claim");
versioned!(PayoutList, Table::PayoutLists, "payout_list");
versioned!(TimeEntry, Table::TimeEntries, "time_entry");
versioned!(ImpactEntry, Table::ImpactEntries, "impact_entry");
versioned!(Material, Table::Materials, "material");

/// A piece of feedback — text with themes that runs through the feedback loop (answer,
/// report back): board feedback points and input alike. The loop's rules live in one
/// place, `service::feedback_loop`.
pub trait Looped: Versioned + Clone {
    /// The index of records of this kind that are answered and not yet reported back.
    const AWAITING_REPORT: Table;
    fn feedback_loop(&self) -> &FeedbackLoop;
    fn feedback_loop_mut(&mut self) -> &mut FeedbackLoop;
    /// This record as its next version, stamped `now`.
    fn bumped(&self, now: chrono::DateTime<chrono::Utc>) -> Self;
    fn themes_mut(&mut self) -> &mut Vec<String>;
}

macro_rules! looped {
    ($type:ty, $table:expr) => {
        impl Looped for $type {
            const AWAITING_REPORT: Table = $table;
            fn feedback_loop(&self) -> &FeedbackLoop {
                &self.feedback_loop
            }
            fn feedback_loop_mut(&mut self) -> &mut FeedbackLoop {
                &mut self.feedback_loop
            }
            fn bumped(&self, now: chrono::DateTime<chrono::Utc>) -> Self {
                self.next_version(now)
            }
            fn themes_mut(&mut self) -> &mut Vec<String> {
                &mut self.themes
            }
        }
    };
}

looped!(FeedbackPoint, Table::ToReportBack);
looped!(Input, Table::InputsToReportBack);

/// What a write expects to find before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    Anything,
    Absent,
    /// A record of this version (`not_found.<entity>` when absent).
    Version(u64, &'static str),
}

/// One change of one key.
#[derive(Debug, Clone)]
pub struct Write {
    pub(super) table: Table,
    pub(super) key: Vec<u8>,
    pub(super) value: Option<Vec<u8>>,
    pub(super) expect: Expect,
}

impl Write {
    /// Stores `record`: a new one (version 1) must not exist yet; any later version must
    /// replace the version before it.
    pub fn record<T: Versioned>(record: &T) -> AppResult<Write> {
        let expect = match record.version() {
            1 => Expect::Absent,
            v => Expect::Version(v - 1, T::ENTITY),
        };
        Ok(Write {
            table: T::TABLE,
            key: id_key(record.id()).to_vec(),
            value: Some(encode(record)?),
            expect,
        })
    }

    /// Adds the index row `a ‖ b`.
    pub fn link(table: Table, a: Id, b: Id) -> Write {
        Write {
            table,
            key: pair_key(a, b).to_vec(),
            value: Some(Vec::new()),
            expect: Expect::Anything,
        }
    }

    /// Adds the row `a ‖ b` holding `value` (an entry of `a`'s history, say).
    pub fn row<T: Serialize>(table: Table, a: Id, b: Id, value: &T) -> AppResult<Write> {
        Ok(Write {
            table,
            key: pair_key(a, b).to_vec(),
            value: Some(encode(value)?),
            expect: Expect::Anything,
        })
    }

    /// Adds the index row `a`.
    pub fn mark(table: Table, a: Id) -> Write {
        Write {
            table,
            key: id_key(a).to_vec(),
            value: Some(Vec::new()),
            expect: Expect::Anything,
        }
    }

    /// Removes the index row `a`.
    pub fn unmark(table: Table, a: Id) -> Write {
        Write {
            table,
            key: id_key(a).to_vec(),
            value: None,
            expect: Expect::Anything,
        }
    }

    /// Sets (or, with empty text, removes) a draft.
    pub fn draft(key: &str, text: &str) -> Write {
        Write {
            table: Table::Drafts,
            key: key.as_bytes().to_vec(),
            value: (!text.is_empty()).then(|| text.as_bytes().to_vec()),
            expect: Expect::Anything,
        }
    }

    /// Sets (or, with empty text, removes) the text kept under id `a` in `table`.
    pub fn text(table: Table, a: Id, text: &str) -> Write {
        Write {
            table,
            key: id_key(a).to_vec(),
            value: (!text.is_empty()).then(|| text.as_bytes().to_vec()),
            expect: Expect::Anything,
        }
    }
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u64,
}

impl SledStore {
    pub(super) fn table(&self, table: Table) -> &sled::Tree {
        &self.tables[table.index()]
    }

    /// Applies every write in one transaction, checking each record's version, then flushes.
    pub fn commit(&self, writes: &[Write]) -> AppResult<()> {
        let _gate = self
            .gate
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let size: usize = writes
            .iter()
            .map(|w| w.key.len() + w.value.as_ref().map_or(0, Vec::len))
            .sum();
        self.check_space(size as u64)?;
        let stored: Vec<Option<Vec<u8>>> = writes
            .iter()
            .map(|w| match &w.value {
                Some(v) if w.table.holds_values() => self.seal(w.table.name(), &w.key, v).map(Some),
                other => Ok(other.clone()),
            })
            .collect::<AppResult<_>>()?;
        let trees: Vec<&sled::Tree> = Table::ALL.iter().map(|t| self.table(*t)).collect();
        trees.as_slice().transaction(|view| {
            for (w, value) in writes.iter().zip(&stored) {
                let tree = &view[w.table.index()];
                match w.expect {
                    Expect::Anything => {}
                    Expect::Absent => {
                        if tree.get(&w.key)?.is_some() {
                            return abort(AppError::Conflict {
                                expected: 0,
                                actual: 1,
                            });
                        }
                    }
                    Expect::Version(expected, entity) => {
                        let Some(bytes) = tree.get(&w.key)? else {
                            return abort(AppError::NotFound { entity });
                        };
                        let actual = match self.decode_at::<VersionOnly>(w.table, &w.key, &bytes) {
                            Ok(v) => v.version,
                            Err(e) => return abort(e),
                        };
                        if actual != expected {
                            return abort(AppError::Conflict { expected, actual });
                        }
                    }
                }
                match value {
                    Some(value) => {
                        tree.insert(w.key.as_slice(), value.as_slice())?;
                    }
                    None => {
                        tree.remove(w.key.as_slice())?;
                    }
                }
            }
            Ok::<(), ConflictableTransactionError<AppError>>(())
        })?;
        self.after_commit(writes)?;
        self.changed()?;
        self.flush()
    }

    /// Keeps the in-memory indexes in step with what was just committed.
    fn after_commit(&self, writes: &[Write]) -> AppResult<()> {
        for w in writes {
            let Some(value) = &w.value else { continue };
            match w.table {
                Table::Projects => self.index_project(&decode(value)?),
                Table::Points => self.index_input(super::inputs::Entry::of_point(&decode(value)?)),
                Table::Inputs => self.index_input(super::inputs::Entry::of_input(&decode(value)?)),
                Table::Meetings => self.index_meeting(&decode(value)?),
                Table::Materials => self.materials.put(decode(value)?),
                Table::TimeEntries => self.time_entries.put(decode(value)?),
                Table::PayoutLists => self.payout_lists.put(decode(value)?),
                Table::Claims => self.claims.put(decode(value)?),
                _ => {}
            }
        }
        Ok(())
    }

    /// The record with `id`, or `not_found.<entity>`.
    pub fn get<T: Versioned>(&self, id: Id) -> AppResult<T> {
        let key = id_key(id);
        match self.table(T::TABLE).get(key)? {
            Some(bytes) => self.decode_at(T::TABLE, &key, &bytes),
            None => Err(AppError::NotFound { entity: T::ENTITY }),
        }
    }

    /// The records with these ids, in the same order; missing ones are left out.
    pub fn get_many<T: Versioned>(&self, ids: &[Id]) -> AppResult<Vec<T>> {
        let tree = self.table(T::TABLE);
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let key = id_key(*id);
            if let Some(bytes) = tree.get(key)? {
                out.push(self.decode_at(T::TABLE, &key, &bytes)?);
            }
        }
        Ok(out)
    }

    /// Every record of a kind, in id (= creation time) order.
    pub fn all<T: Versioned>(&self) -> AppResult<Vec<T>> {
        self.decode_all(T::TABLE)
    }

    /// The second ids of the index rows `a ‖ *`, in time order.
    pub fn linked(&self, table: Table, a: Id) -> AppResult<Vec<Id>> {
        self.table(table)
            .scan_prefix(id_key(a))
            .map(|entry| {
                let (key, _) = entry?;
                id_from(&key[16..])
            })
            .collect()
    }

    /// The values of the rows `a ‖ *`, in time order.
    pub fn rows<T: DeserializeOwned>(&self, table: Table, a: Id) -> AppResult<Vec<T>> {
        self.table(table)
            .scan_prefix(id_key(a))
            .map(|entry| {
                let (key, value) = entry?;
                self.decode_at(table, &key, &value)
            })
            .collect()
    }

    /// The ids of the index rows of a one-id index, in time order.
    pub fn marked(&self, table: Table) -> AppResult<Vec<Id>> {
        self.table(table)
            .iter()
            .keys()
            .map(|key| id_from(&key?))
            .collect()
    }

    pub fn draft(&self, key: &str) -> AppResult<String> {
        match self.table(Table::Drafts).get(key.as_bytes())? {
            Some(v) => self.text_at(Table::Drafts, key.as_bytes(), &v),
            None => Ok(String::new()),
        }
    }

    /// The text kept under id `a` in `table` (empty when none).
    pub fn text(&self, table: Table, a: Id) -> AppResult<String> {
        let key = id_key(a);
        match self.table(table).get(key)? {
            Some(v) => self.text_at(table, &key, &v),
            None => Ok(String::new()),
        }
    }
}

pub(super) fn id_from(bytes: &[u8]) -> AppResult<Id> {
    let array: [u8; 16] = bytes
        .try_into()
        .map_err(|_| AppError::Storage("index key is not an id".into()))?;
    Ok(Id::from_bytes(array))
}

//! Meetings in the sled store: an in-memory index of every meeting's date, time, status and
//! agenda length, built on open and kept in step with each committed change, so the
//! Oversigt's year figures and the Peer-board's latest meetings do not read (and, when the
//! database is encrypted, open) every meeting there is.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::SledStore;
use crate::domain::error::AppResult;
use crate::domain::meeting::{Meeting, MeetingStatus};
use crate::domain::payout::HeldMeeting;
use crate::domain::Id;

/// What the index keeps of one meeting.
#[derive(Debug, Clone)]
struct Brief {
    version: u64,
    date: NaiveDate,
    time: NaiveTime,
    status: MeetingStatus,
    agenda: usize,
    /// Who attended (what a payout draft reads of every meeting held).
    attendance: Box<[Id]>,
}

/// Every meeting, by id.
#[derive(Default)]
pub struct MeetingIndex {
    entries: HashMap<Id, Brief>,
}

impl MeetingIndex {
    fn put(&mut self, m: &Meeting) {
        // A slower writer never replaces a newer version.
        if self
            .entries
            .get(&m.id)
            .is_some_and(|b| b.version >= m.version)
        {
            return;
        }
        self.entries.insert(
            m.id,
            Brief {
                version: m.version,
                date: m.date,
                time: m.time,
                status: m.status,
                agenda: m.agenda.len(),
                attendance: m.attendance.clone().into_boxed_slice(),
            },
        );
    }
}

impl SledStore {
    pub(super) fn load_meeting_index(&self) -> AppResult<()> {
        self.set_meeting_index(&self.all::<Meeting>()?);
        Ok(())
    }

    /// Builds the index from every meeting (already read).
    pub(super) fn set_meeting_index(&self, meetings: &[Meeting]) {
        let mut index = MeetingIndex::default();
        for m in meetings {
            index.put(m);
        }
        *self.write_meeting_index() = index;
    }

    /// Called by `commit` for every meeting it wrote.
    pub(super) fn index_meeting(&self, m: &Meeting) {
        self.write_meeting_index().put(m);
    }

    fn write_meeting_index(&self) -> std::sync::RwLockWriteGuard<'_, MeetingIndex> {
        // The index holds no invariant a panicking writer could break half-way.
        self.meeting_index
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn read_meeting_index(&self) -> std::sync::RwLockReadGuard<'_, MeetingIndex> {
        self.meeting_index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many meetings were held in `year`, and how many consultations they discussed.
    pub fn held_counts_in(&self, year: i32) -> (usize, usize) {
        self.read_meeting_index()
            .entries
            .values()
            .filter(|b| b.status == MeetingStatus::Held && b.date.year() == year)
            .fold((0, 0), |(n, c), b| (n + 1, c + b.agenda))
    }

    /// The ids of the meetings held in `year`, in id order.
    pub fn held_in(&self, year: i32) -> Vec<Id> {
        let mut ids: Vec<Id> = self
            .read_meeting_index()
            .entries
            .iter()
            .filter(|(_, b)| b.status == MeetingStatus::Held && b.date.year() == year)
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The meetings held on or before `to`, with who attended, in id order.
    pub fn held_attendance(&self, to: NaiveDate) -> Vec<HeldMeeting> {
        let mut out: Vec<HeldMeeting> = self
            .read_meeting_index()
            .entries
            .iter()
            .filter(|(_, b)| b.status == MeetingStatus::Held && b.date <= to)
            .map(|(id, b)| HeldMeeting {
                id: *id,
                date: b.date,
                attendance: b.attendance.to_vec(),
            })
            .collect();
        out.sort_unstable_by_key(|m| m.id);
        out
    }

    /// The ids of the first `limit` meetings held or cancelled, latest first, and how many
    /// there are.
    pub fn latest_past(&self, limit: usize) -> (Vec<Id>, usize) {
        let index = self.read_meeting_index();
        let mut past: Vec<(&Id, &Brief)> = index
            .entries
            .iter()
            .filter(|(_, b)| b.status != MeetingStatus::Planned)
            .collect();
        let total = past.len();
        super::first_sorted(&mut past, limit, |(a_id, a), (b_id, b)| {
            (b.date, b.time, a_id).cmp(&(a.date, a.time, b_id))
        });
        (past.into_iter().map(|(id, _)| *id).collect(), total)
    }
}

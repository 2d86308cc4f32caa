//! Hours spent on projects by kind of work (`domain::hours`). Everyone who registers hours
//! sees their own; a consultant sees everyone's. Oversigt and the year report show the
//! totals per project and per kind.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::error::AppResult;
use crate::domain::hours::{TimeEntry, TimeInput, WorkKind};
use crate::domain::payout::checked_period;
use crate::domain::roles::Access;
use crate::domain::text::danish_sort_key;
use crate::domain::{new_id, Id};
use crate::store::{Store, Write};

fn project_exists(store: &Store, id: Id) -> AppResult<()> {
    super::chosen("project_id", store.project(id)).map(|_| ())
}

pub fn add(store: &Store, input: &TimeInput, now: DateTime<Utc>) -> AppResult<TimeEntry> {
    let fields = input.validate(super::local_day(now))?;
    project_exists(store, fields.project_id)?;
    let entry = TimeEntry::new(new_id(), fields, super::actor(store)?, now);
    store.commit(&[Write::record(&entry)?])?;
    Ok(entry)
}

/// An entry the signed-in person may change: their own, or anyone's for a consultant.
fn own(store: &Store, id: Id, expected_version: u64) -> AppResult<TimeEntry> {
    let entry: TimeEntry = super::current(store, id, expected_version)?;
    if entry.by != super::actor(store)? {
        store.require(Access::AllHours)?;
    }
    Ok(entry)
}

pub fn edit(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &TimeInput,
    now: DateTime<Utc>,
) -> AppResult<TimeEntry> {
    let fields = input.validate(super::local_day(now))?;
    project_exists(store, fields.project_id)?;
    let entry = own(store, id, expected_version)?;
    let mut next = entry.next_version(now);
    next.project_id = fields.project_id;
    next.date = fields.date;
    next.kind = fields.kind;
    next.minutes = fields.minutes;
    next.note = fields.note;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Takes an entry out of every count (registered by mistake), or back in.
pub fn set_removed(
    store: &Store,
    id: Id,
    expected_version: u64,
    removed: bool,
    now: DateTime<Utc>,
) -> AppResult<TimeEntry> {
    let entry = own(store, id, expected_version)?;
    let mut next = entry.next_version(now);
    next.removed = removed;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Minutes by kind of work, in the order of [`WorkKind::ALL`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct KindMinutes {
    pub kind: WorkKind,
    #[ts(type = "number")]
    pub minutes: u64,
}

/// One project's hours.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProjectHours {
    pub project_id: Id,
    pub title: String,
    pub by_kind: Vec<KindMinutes>,
    #[ts(type = "number")]
    pub minutes: u64,
}

/// Hours per project and per kind over a period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HoursSummary {
    pub projects: Vec<ProjectHours>,
    pub by_kind: Vec<KindMinutes>,
    #[ts(type = "number")]
    pub minutes: u64,
}

fn kinds(minutes: &HashMap<WorkKind, u64>) -> Vec<KindMinutes> {
    WorkKind::ALL
        .iter()
        .map(|k| KindMinutes {
            kind: *k,
            minutes: minutes.get(k).copied().unwrap_or(0),
        })
        .collect()
}

/// The totals of `entries` (removed ones left out), projects in title order.
pub fn summarise(store: &Store, entries: &[TimeEntry]) -> AppResult<HoursSummary> {
    let mut per: HashMap<Id, HashMap<WorkKind, u64>> = HashMap::new();
    let mut all: HashMap<WorkKind, u64> = HashMap::new();
    for e in entries.iter().filter(|e| !e.removed) {
        *per.entry(e.project_id)
            .or_default()
            .entry(e.kind)
            .or_default() += u64::from(e.minutes);
        *all.entry(e.kind).or_default() += u64::from(e.minutes);
    }
    let ids: Vec<Id> = per.keys().copied().collect();
    let titles = store.project_titles(&ids)?;
    let mut projects: BTreeMap<(Vec<u32>, Id), ProjectHours> = BTreeMap::new();
    for (id, minutes) in per {
        let title = titles.get(&id).cloned().unwrap_or_default();
        projects.insert(
            (danish_sort_key(&title), id),
            ProjectHours {
                project_id: id,
                title,
                minutes: minutes.values().sum(),
                by_kind: kinds(&minutes),
            },
        );
    }
    Ok(HoursSummary {
        projects: projects.into_values().collect(),
        minutes: all.values().sum(),
        by_kind: kinds(&all),
    })
}

/// Every entry dated in `[from, to]` (all people's).
pub fn between(store: &Store, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<TimeEntry>> {
    store.time_entries_between(from, to)
}

/// The totals of everyone's hours in `year` (Oversigt, the year report).
pub fn of_year(store: &Store, year: i32) -> AppResult<HoursSummary> {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(first), Some(last)) => summary(store, first, last),
        _ => summarise(store, &[]),
    }
}

/// The totals of everyone's hours in `[from, to]`.
pub fn summary(store: &Store, from: NaiveDate, to: NaiveDate) -> AppResult<HoursSummary> {
    summarise(store, &between(store, from, to)?)
}

/// An entry with its project's title.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EntryView {
    pub entry: TimeEntry,
    pub project_title: String,
}

/// What the hours screen asks for: a period, and perhaps one project.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
pub struct HoursQuery {
    pub from: String,
    pub to: String,
    pub project_id: Option<Id>,
}

/// The hours screen: the entries the person may see (their own; everyone's for a
/// consultant), newest first, and their totals.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HoursView {
    pub entries: Vec<EntryView>,
    pub summary: HoursSummary,
    /// Everyone's hours are shown (else only the person's own).
    pub everyone: bool,
    /// The active projects, to register hours on.
    pub projects: Vec<crate::domain::query::ProjectTitle>,
}

pub fn list(store: &Store, query: &HoursQuery) -> AppResult<HoursView> {
    let (from, to) = checked_period(&query.from, &query.to)?;
    let everyone = store.may(Access::AllHours);
    let me = super::actor(store)?;
    let mut entries: Vec<TimeEntry> = between(store, from, to)?
        .into_iter()
        .filter(|e| everyone || e.by == me)
        .filter(|e| query.project_id.is_none_or(|p| p == e.project_id))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse((e.date, e.id)));
    let summary = summarise(store, &entries)?;
    let ids: Vec<Id> = entries.iter().map(|e| e.project_id).collect();
    let titles = store.project_titles(&ids)?;
    Ok(HoursView {
        entries: entries
            .into_iter()
            .map(|entry| EntryView {
                project_title: titles.get(&entry.project_id).cloned().unwrap_or_default(),
                entry,
            })
            .collect(),
        summary,
        everyone,
        projects: store.project_title_list(crate::domain::query::ArchiveFilter::Active)?,
    })
}

//! The one seam between the services and storage: [`Store`] is the embedded sled database
//! or a PostgreSQL database, with the same calls and the same error codes. The services
//! never ask which; what only the embedded database can do (its folder, its backups, its
//! invariant check) is reached through [`Store::sled`], which is `store.not_local` in
//! team mode.

use std::collections::HashMap;
use std::path::Path;
use std::sync::RwLock;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::inputs::{Adopted, Entry, Found, Tally};
use super::pg::{ConnectOptions, PgStore};
use super::{Durability, Kind, Records, SledStore, Table, Versioned, Write};
use crate::domain::error::{AppError, AppResult};
use crate::domain::feedback::FeedbackPoint;
use crate::domain::input::{Input, InputQuery, InputSource};
use crate::domain::meeting::Meeting;
use crate::domain::project::{Phase, PhaseChange, Project};
use crate::domain::query::{ArchiveFilter, ProjectPage, ProjectQuery, ProjectTitle};
use crate::domain::roles::{any_allows, forbidden, Access, Person};
use crate::domain::settings::Settings;
use crate::domain::Id;

/// A project as the year report sees all of them: when it started (its start date, or
/// the day it was created) and the phase it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectStart {
    pub id: Id,
    pub title: String,
    pub phase: Phase,
    pub start: NaiveDate,
}

impl ProjectStart {
    pub fn of(p: &Project) -> ProjectStart {
        ProjectStart {
            id: p.id,
            title: p.title.clone(),
            phase: p.phase,
            start: p.start_date.unwrap_or_else(|| p.created_at.date_naive()),
        }
    }
}

/// An open database: embedded (sled) or shared (PostgreSQL), and who is using it.
pub struct Store {
    backend: Backend,
    /// The signed-in person: the chosen profile on sled (none while the database has no
    /// profiles), the login on PostgreSQL. Written into every history entry.
    person: RwLock<Option<Person>>,
}

// One store per running app: the size of the larger variant costs nothing.
#[allow(clippy::large_enum_variant)]
enum Backend {
    Sled(SledStore),
    Postgres(PgStore),
}

/// Runs the same call on whichever store this is.
macro_rules! either {
    ($self:expr, $s:ident => $call:expr) => {
        match &$self.backend {
            Backend::Sled($s) => $call,
            Backend::Postgres($s) => $call,
        }
    };
}

impl From<SledStore> for Store {
    fn from(s: SledStore) -> Store {
        Store {
            backend: Backend::Sled(s),
            person: RwLock::new(None),
        }
    }
}

impl Store {
    /// Opens (or creates) the embedded database in `dir`.
    pub fn open(dir: &Path) -> AppResult<Store> {
        SledStore::open(dir).map(Store::from)
    }

    /// [`Store::open`] with a choice of durability (for the benchmarks).
    pub fn open_with(dir: &Path, durability: Durability) -> AppResult<Store> {
        SledStore::open_with(dir, durability).map(Store::from)
    }

    /// Opens the embedded database in `dir` safely ([`SledStore::open_guarded`]).
    pub fn open_guarded(dir: &Path, limit: std::time::Duration) -> AppResult<Store> {
        SledStore::open_guarded(dir, limit).map(Store::from)
    }

    /// [`Store::open_guarded`] with the data key of an encrypted database.
    pub fn open_guarded_keyed(
        dir: &Path,
        limit: std::time::Duration,
        key: Option<super::crypto::DataKey>,
    ) -> AppResult<Store> {
        SledStore::open_guarded_keyed(dir, limit, key).map(Store::from)
    }

    /// Connects to a shared PostgreSQL database whose schema matches this program's.
    pub fn connect(options: ConnectOptions) -> AppResult<Store> {
        let store = PgStore::connect(options)?;
        let person = store.login().clone();
        Ok(Store {
            backend: Backend::Postgres(store),
            person: RwLock::new(Some(person)),
        })
    }

    /// The signed-in person (`None`: an embedded database without profiles, where the one
    /// person at the PC may do everything).
    pub fn person(&self) -> Option<Person> {
        self.person
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Signs `person` in on the embedded database (a profile chosen at start).
    pub fn set_person(&self, person: Option<Person>) -> AppResult<()> {
        if self.is_shared() {
            return Err(AppError::NotLocal);
        }
        *self
            .person
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = person;
        Ok(())
    }

    /// Refuses `access` unless a role of the signed-in person allows it
    /// (`forbidden.role`). Without a signed-in person — an embedded database that has no
    /// profiles yet — everything is allowed, as before profiles existed.
    pub fn require(&self, access: Access) -> AppResult<()> {
        match self.person() {
            None => Ok(()),
            Some(p) if any_allows(&p.roles, access) => Ok(()),
            Some(p) => Err(forbidden(&p, access)),
        }
    }

    /// Whether the signed-in person may do `access` (see [`Store::require`]).
    pub fn may(&self, access: Access) -> bool {
        self.require(access).is_ok()
    }

    /// The embedded database, or `store.not_local` in team mode.
    pub fn sled(&self) -> AppResult<&SledStore> {
        match &self.backend {
            Backend::Sled(s) => Ok(s),
            Backend::Postgres(_) => Err(AppError::NotLocal),
        }
    }

    /// Whether this is the shared database (team mode).
    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// Appends an entry to the audit log (see `domain::audit`).
    pub fn audit_append(
        &self,
        event: crate::domain::audit::AuditEvent,
    ) -> AppResult<crate::domain::audit::AuditEntry> {
        either!(self, s => s.audit_append(event))
    }

    /// Every entry of the audit log in order, each as it reads.
    pub fn audit_entries(&self) -> AppResult<Vec<super::audit::Stored>> {
        either!(self, s => s.audit_entries())
    }

    /// Removes audit entries made before `before` (the retention rule): on the embedded
    /// database; on the shared one the database owner does it (no login may delete).
    pub fn audit_remove_before(&self, before: chrono::DateTime<chrono::Utc>) -> AppResult<u64> {
        match &self.backend {
            Backend::Sled(s) => s.audit_remove_before(before),
            Backend::Postgres(s) => s.audit_remove_before(before),
        }
    }

    /// Applies every write in one transaction, checking each record's version.
    pub fn commit(&self, writes: &[Write]) -> AppResult<()> {
        either!(self, s => s.commit(writes))
    }

    /// Commits an approved payout list, if the payout lists are still exactly `seen` (id
    /// and version), those its draft was made from (`payout_changed` otherwise). On sled,
    /// one program holds the database and approves one list at a time
    /// (`service::payouts`); on PostgreSQL approvals from every PC take turns.
    pub fn commit_payout_list(&self, writes: &[Write], seen: &[(Id, u64)]) -> AppResult<()> {
        match &self.backend {
            Backend::Sled(s) => s.commit(writes),
            Backend::Postgres(s) => s.commit_payout_list(writes, seen),
        }
    }

    /// The record with `id`, or `not_found.<entity>`.
    pub fn get<T: Versioned>(&self, id: Id) -> AppResult<T> {
        either!(self, s => s.get(id))
    }

    /// The records with these ids, in the same order; missing ones are left out.
    pub fn get_many<T: Versioned>(&self, ids: &[Id]) -> AppResult<Vec<T>> {
        either!(self, s => s.get_many(ids))
    }

    /// Every record of a kind, in id (= creation time) order.
    pub fn all<T: Versioned>(&self) -> AppResult<Vec<T>> {
        either!(self, s => s.all())
    }

    /// The second ids of the index rows `a ‖ *`, in time order.
    pub fn linked(&self, table: Table, a: Id) -> AppResult<Vec<Id>> {
        either!(self, s => s.linked(table, a))
    }

    /// [`Store::linked`] for several first ids at once (one query on PostgreSQL).
    pub fn linked_many(&self, table: Table, firsts: &[Id]) -> AppResult<HashMap<Id, Vec<Id>>> {
        match &self.backend {
            Backend::Sled(s) => firsts
                .iter()
                .map(|a| Ok((*a, s.linked(table, *a)?)))
                .collect(),
            Backend::Postgres(s) => s.linked_many(table, firsts),
        }
    }

    /// The values of the rows `a ‖ *`, in time order.
    pub fn rows<T: DeserializeOwned + Send>(&self, table: Table, a: Id) -> AppResult<Vec<T>> {
        either!(self, s => s.rows(table, a))
    }

    /// The ids of the index rows of a one-id index, in time order.
    pub fn marked(&self, table: Table) -> AppResult<Vec<Id>> {
        either!(self, s => s.marked(table))
    }

    pub fn draft(&self, key: &str) -> AppResult<String> {
        either!(self, s => s.draft(key))
    }

    /// The text kept under id `a` in `table` (empty when none).
    pub fn text(&self, table: Table, a: Id) -> AppResult<String> {
        either!(self, s => s.text(table, a))
    }

    /// The inputs whose contributor reference is `reference` (trimmed, in any case).
    pub fn contributors_matching(&self, reference: &str) -> AppResult<Vec<Id>> {
        either!(self, s => s.contributors_matching(reference))
    }

    /// The texts kept under these ids in `table` (ids without one are left out), at once.
    pub fn texts(&self, table: Table, ids: &[Id]) -> AppResult<HashMap<Id, String>> {
        match &self.backend {
            Backend::Sled(s) => {
                let mut out = HashMap::new();
                for id in ids {
                    let text = s.text(table, *id)?;
                    if !text.is_empty() {
                        out.insert(*id, text);
                    }
                }
                Ok(out)
            }
            Backend::Postgres(s) => s.texts(table, ids),
        }
    }

    /// The stored settings, or the defaults when none are stored.
    pub fn settings(&self) -> AppResult<Settings> {
        either!(self, s => s.settings())
    }

    pub fn save_settings(&self, settings: &Settings) -> AppResult<()> {
        either!(self, s => s.save_settings(settings))
    }

    /// The stored project.
    pub fn project(&self, id: Id) -> AppResult<Project> {
        self.get(id)
    }

    /// The titles of the projects with these ids, read at once (ids of no project are
    /// left out).
    pub fn project_titles(&self, ids: &[Id]) -> AppResult<HashMap<Id, String>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.project_titles(ids)),
            Backend::Postgres(s) => s.project_titles(ids),
        }
    }

    /// Every project's id and title (by archive state), in Danish alphabetical order.
    pub fn project_title_list(&self, archive: ArchiveFilter) -> AppResult<Vec<ProjectTitle>> {
        let mut titles = match &self.backend {
            Backend::Sled(s) => s.project_title_list(archive),
            Backend::Postgres(s) => s.project_title_list(archive)?,
        };
        titles.sort_by_cached_key(|t| (crate::domain::text::danish_sort_key(&t.title), t.id));
        Ok(titles)
    }

    pub fn project_count(&self) -> AppResult<usize> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.project_count()),
            Backend::Postgres(s) => s.project_count(),
        }
    }

    /// Stores a new project and the first entry of its timeline in one transaction.
    pub fn insert_project(&self, project: &Project, first: &PhaseChange) -> AppResult<()> {
        self.update_project(project, Some(first))
    }

    /// Stores the next version of a project (a stale version is a conflict and changes
    /// nothing), with `change` on its timeline in the same transaction.
    pub fn update_project(&self, next: &Project, change: Option<&PhaseChange>) -> AppResult<()> {
        let mut writes = vec![Write::record(next)?];
        if let Some(change) = change {
            writes.push(Write::row(
                Table::PhaseTimeline,
                next.id,
                change.id,
                change,
            )?);
        }
        self.commit(&writes)
    }

    /// The project's phase changes, oldest first.
    pub fn phase_timeline(&self, project_id: Id) -> AppResult<Vec<PhaseChange>> {
        self.rows(Table::PhaseTimeline, project_id)
    }

    /// The phase changes of these projects, each oldest first (one query on PostgreSQL).
    pub fn phase_timelines(&self, ids: &[Id]) -> AppResult<HashMap<Id, Vec<PhaseChange>>> {
        match &self.backend {
            Backend::Sled(s) => ids
                .iter()
                .map(|id| Ok((*id, s.rows(Table::PhaseTimeline, *id)?)))
                .collect(),
            Backend::Postgres(s) => s.phase_timelines(ids),
        }
    }

    /// The first projects that pass `query` in its sort order (as many as its limit),
    /// and how many pass it.
    pub fn list_projects(&self, query: &ProjectQuery) -> AppResult<ProjectPage> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.list_projects(query)),
            Backend::Postgres(s) => s.list_projects(query),
        }
    }

    /// Every project's id, title, phase and start (what the year report needs of all
    /// projects), without reading whole records.
    pub fn project_starts(&self) -> AppResult<Vec<ProjectStart>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.project_starts()),
            Backend::Postgres(s) => s.project_starts(),
        }
    }

    /// How many projects not archived are in each phase.
    pub fn active_projects_by_phase(&self) -> AppResult<HashMap<Phase, usize>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.active_projects_by_phase()),
            Backend::Postgres(s) => s.active_projects_by_phase(),
        }
    }

    /// Points and inputs that pass `q`, newest first.
    pub fn search_inputs(
        &self,
        q: &InputQuery,
        today: NaiveDate,
        overdue_days: u32,
    ) -> AppResult<Found> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.search_inputs(q, today, overdue_days)),
            Backend::Postgres(s) => s.search_inputs(q, today, overdue_days),
        }
    }

    /// Themes with how many points and inputs carry each, for one project or all.
    pub fn theme_counts(&self, project_id: Option<Id>) -> AppResult<Vec<(String, usize)>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.theme_counts(project_id)),
            Backend::Postgres(s) => s.theme_counts(project_id),
        }
    }

    /// The ids of every point and input that carries one of `themes` (case-insensitive).
    pub fn with_themes(&self, themes: &[String]) -> AppResult<Vec<(InputSource, Id)>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.with_themes(themes)),
            Backend::Postgres(s) => s.with_themes(themes),
        }
    }

    /// Calls `f` with every point and input.
    pub fn each_input(&self, f: impl FnMut(&Entry)) -> AppResult<()> {
        match &self.backend {
            Backend::Sled(s) => {
                s.each_input(f);
                Ok(())
            }
            Backend::Postgres(s) => s.each_input(f),
        }
    }

    /// The first `limit` planned meetings by date and time, and how many are planned.
    pub fn first_planned_meetings(&self, limit: usize) -> AppResult<(Vec<Meeting>, usize)> {
        match &self.backend {
            Backend::Sled(s) => {
                let mut planned: Vec<Meeting> = s.get_many(&s.marked(Table::PlannedMeetings)?)?;
                let total = planned.len();
                super::first_sorted(&mut planned, limit, |a, b| {
                    (a.date, a.time, a.id).cmp(&(b.date, b.time, b.id))
                });
                Ok((planned, total))
            }
            Backend::Postgres(s) => s.first_planned_meetings(limit),
        }
    }

    /// The first `limit` meetings held or cancelled, latest first, and how many there are.
    pub fn latest_past_meetings(&self, limit: usize) -> AppResult<(Vec<Meeting>, usize)> {
        match &self.backend {
            Backend::Sled(s) => {
                let (ids, total) = s.latest_past(limit);
                Ok((s.get_many(&ids)?, total))
            }
            Backend::Postgres(s) => s.latest_past_meetings(limit),
        }
    }

    /// The meetings held in `year`, in id order.
    pub fn meetings_held_in(&self, year: i32) -> AppResult<Vec<Meeting>> {
        match &self.backend {
            Backend::Sled(s) => s.get_many(&s.held_in(year)),
            Backend::Postgres(s) => s.meetings_held_in(year),
        }
    }

    /// Every payout list, in id (= creation) order: from memory on sled; on PostgreSQL the
    /// lists whose version changed since they were last read are read again.
    pub fn payout_lists(
        &self,
    ) -> AppResult<Vec<std::sync::Arc<crate::domain::payout::PayoutList>>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.payout_lists()),
            Backend::Postgres(s) => s.payout_lists(),
        }
    }

    /// The time entries dated in `[from, to]` that the signed-in person may read (on
    /// PostgreSQL a peer consultant's own; row-level security), in id order.
    pub fn time_entries_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<Vec<crate::domain::hours::TimeEntry>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.time_entries_between(from, to)),
            Backend::Postgres(s) => s.time_entries_between(from, to),
        }
    }

    /// Every claim, in id (= creation) order: from memory on sled; on PostgreSQL the claims
    /// whose version changed since they were last read are read again.
    pub fn claims(&self) -> AppResult<Vec<std::sync::Arc<crate::domain::payout::Claim>>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.claims()),
            Backend::Postgres(s) => s.claims(),
        }
    }

    /// The materials in use or under revision whose next review is on or before `until`:
    /// (id, title, next review), soonest first (Oversigt's review figures).
    pub fn reviews_until(&self, until: NaiveDate) -> AppResult<Vec<(Id, String, NaiveDate)>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.reviews_until(until)),
            Backend::Postgres(s) => s.reviews_until(until),
        }
    }

    /// The meetings held on or before `to`, with who attended (a payout draft).
    pub fn held_attendance(
        &self,
        to: NaiveDate,
    ) -> AppResult<Vec<crate::domain::payout::HeldMeeting>> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.held_attendance(to)),
            Backend::Postgres(s) => s.held_attendance(to),
        }
    }

    /// How many meetings were held in `year`, and how many consultations they discussed.
    pub fn held_counts_in(&self, year: i32) -> AppResult<(usize, usize)> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.held_counts_in(year)),
            Backend::Postgres(s) => s.held_counts_in(year),
        }
    }

    /// The points and inputs adopted fully or partly by an answer dated from `from` to
    /// `to` (both included), oldest first.
    pub fn adopted_between(&self, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Adopted>> {
        let mut out = match &self.backend {
            Backend::Sled(s) => {
                let (board, other): (Vec<Entry>, Vec<Entry>) = s
                    .answered_between(from, to)
                    .into_iter()
                    .partition(|e| e.source == InputSource::Board);
                let ids = |es: &[Entry]| es.iter().map(|e| e.id).collect::<Vec<_>>();
                let mut out: Vec<Adopted> = s
                    .get_many::<FeedbackPoint>(&ids(&board))?
                    .iter()
                    .filter_map(Adopted::of_point)
                    .collect();
                out.extend(
                    s.get_many::<Input>(&ids(&other))?
                        .iter()
                        .filter_map(Adopted::of_input),
                );
                out
            }
            Backend::Postgres(s) => s.adopted_between(from, to)?,
        };
        out.sort_by_key(|a| a.id);
        Ok(out)
    }

    /// The counts kept up to date over all input.
    pub fn input_tally(&self) -> AppResult<Tally> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.input_tally()),
            Backend::Postgres(s) => s.input_tally(),
        }
    }

    /// How many changes were committed through this store since it was opened.
    pub fn change_count(&self) -> u64 {
        either!(self, s => s.change_count())
    }

    /// Whether the database holds no projects.
    pub fn is_empty(&self) -> AppResult<bool> {
        match &self.backend {
            Backend::Sled(s) => Ok(s.is_empty()),
            Backend::Postgres(s) => s.is_empty(),
        }
    }

    /// Every record, decoded (in one snapshot on PostgreSQL; inside [`Store::quiet`] for
    /// one consistent state on sled).
    pub fn records(&self) -> AppResult<Records> {
        either!(self, s => s.records())
    }

    /// Calls `f` with each record of `kind` as one line of JSON (no newline), in key order.
    pub fn each_line(&self, kind: Kind, f: impl FnMut(&[u8]) -> AppResult<()>) -> AppResult<()> {
        either!(self, s => s.each_line(kind, f))
    }

    /// How many records of each kind the database holds.
    pub fn counts(&self) -> AppResult<HashMap<Kind, usize>> {
        either!(self, s => s.counts())
    }

    /// Writes `records` into this database, which must hold no records.
    pub fn load(&self, records: &Records) -> AppResult<()> {
        either!(self, s => s.load(records))
    }

    /// Holds every change back while `f` runs (embedded database), so that what `f`
    /// reads is one consistent state. On PostgreSQL `f` runs as it is: a read that must
    /// be consistent reads in one snapshot ([`Store::records`]).
    pub fn quiet<T>(&self, f: impl FnOnce() -> AppResult<T>) -> AppResult<T> {
        match &self.backend {
            Backend::Sled(s) => s.quiet(f),
            Backend::Postgres(_) => f(),
        }
    }
}

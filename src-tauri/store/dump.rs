//! The whole database as kinds of records, for the export format (`service::archive`) and
//! for the invariant check that runs on every open.
//!
//! Only records are dumped: projects, phase changes, members, meetings, consultations,
//! feedback points, activities, inputs, contributor references, drafts and the settings.
//! The index trees follow from the records ([`SledStore::load`] rebuilds them), so the format
//! does not depend on how sled keeps them.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::codec::{decode, id_key, pair_key};
use super::{SledStore, Table};
use crate::domain::consultation::Consultation;
use crate::domain::error::{AppError, AppResult};
use crate::domain::feedback::FeedbackPoint;
use crate::domain::feedback_loop::LoopStatus;
use crate::domain::hours::TimeEntry;
use crate::domain::impact::ImpactEntry;
use crate::domain::input::{Activity, Input};
use crate::domain::material::Material;
use crate::domain::meeting::{Meeting, MeetingStatus};
use crate::domain::member::Member;
use crate::domain::payout::{Claim, PayoutList};
use crate::domain::project::{PhaseChange, Project};
use crate::domain::settings::Settings;
use crate::domain::Id;

/// A kind of record: one JSON Lines file of the export format each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Settings,
    Projects,
    PhaseChanges,
    Members,
    Meetings,
    Consultations,
    FeedbackPoints,
    Activities,
    Inputs,
    Contributors,
    Drafts,
    Claims,
    PayoutLists,
    TimeEntries,
    ImpactEntries,
    Materials,
}

impl Kind {
    /// In the order they are written and imported (a record's references come first).
    pub const ALL: [Kind; 16] = [
        Kind::Settings,
        Kind::Projects,
        Kind::PhaseChanges,
        Kind::Members,
        Kind::Meetings,
        Kind::Consultations,
        Kind::FeedbackPoints,
        Kind::Activities,
        Kind::Inputs,
        Kind::Contributors,
        Kind::Drafts,
        Kind::Claims,
        Kind::PayoutLists,
        Kind::TimeEntries,
        Kind::ImpactEntries,
        Kind::Materials,
    ];

    /// The name in the manifest; the part's file is `<name>.jsonl`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Settings => "settings",
            Kind::Projects => "projects",
            Kind::PhaseChanges => "phase_changes",
            Kind::Members => "members",
            Kind::Meetings => "meetings",
            Kind::Consultations => "consultations",
            Kind::FeedbackPoints => "feedback_points",
            Kind::Activities => "activities",
            Kind::Inputs => "inputs",
            Kind::Contributors => "contributors",
            Kind::Drafts => "drafts",
            Kind::Claims => "claims",
            Kind::PayoutLists => "payout_lists",
            Kind::TimeEntries => "time_entries",
            Kind::ImpactEntries => "impact_entries",
            Kind::Materials => "materials",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether this kind came after the first files were written: a file without a part
    /// for it is read as holding none (the manifest must otherwise name every kind).
    pub fn added_later(self) -> bool {
        matches!(
            self,
            Kind::Claims
                | Kind::PayoutLists
                | Kind::TimeEntries
                | Kind::ImpactEntries
                | Kind::Materials
        )
    }

    /// Whether records of this kind are kept for good (never deleted by Samskab): drafts
    /// go when saved, settings are one record, contributor references may be cleared.
    pub fn is_kept(self) -> bool {
        !matches!(self, Kind::Settings | Kind::Drafts | Kind::Contributors)
    }

    /// The tree whose values are this kind's lines as they are.
    fn table(self) -> Option<Table> {
        match self {
            Kind::Projects => Some(Table::Projects),
            Kind::PhaseChanges => Some(Table::PhaseTimeline),
            Kind::Members => Some(Table::Members),
            Kind::Meetings => Some(Table::Meetings),
            Kind::Consultations => Some(Table::Consultations),
            Kind::FeedbackPoints => Some(Table::Points),
            Kind::Activities => Some(Table::Activities),
            Kind::Inputs => Some(Table::Inputs),
            Kind::Claims => Some(Table::Claims),
            Kind::PayoutLists => Some(Table::PayoutLists),
            Kind::TimeEntries => Some(Table::TimeEntries),
            Kind::ImpactEntries => Some(Table::ImpactEntries),
            Kind::Materials => Some(Table::Materials),
            Kind::Settings | Kind::Contributors | Kind::Drafts => None,
        }
    }
}

/// A contributor reference: who gave an input, kept apart from it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributorLine {
    pub input_id: Id,
    pub text: String,
}

/// Text typed but not yet saved, under its key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftLine {
    pub key: String,
    pub text: String,
}

/// Every record of a database, decoded: what an export holds and an import writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub settings: Option<Settings>,
    pub projects: Vec<Project>,
    pub phase_changes: Vec<PhaseChange>,
    pub members: Vec<Member>,
    pub meetings: Vec<Meeting>,
    pub consultations: Vec<Consultation>,
    pub points: Vec<FeedbackPoint>,
    pub activities: Vec<Activity>,
    pub inputs: Vec<Input>,
    pub contributors: Vec<ContributorLine>,
    pub drafts: Vec<DraftLine>,
    pub claims: Vec<Claim>,
    pub payout_lists: Vec<PayoutList>,
    pub time_entries: Vec<TimeEntry>,
    pub impact_entries: Vec<ImpactEntry>,
    pub materials: Vec<Material>,
}

impl Records {
    /// How many records of `kind`.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Settings => usize::from(self.settings.is_some()),
            Kind::Projects => self.projects.len(),
            Kind::PhaseChanges => self.phase_changes.len(),
            Kind::Members => self.members.len(),
            Kind::Meetings => self.meetings.len(),
            Kind::Consultations => self.consultations.len(),
            Kind::FeedbackPoints => self.points.len(),
            Kind::Activities => self.activities.len(),
            Kind::Inputs => self.inputs.len(),
            Kind::Contributors => self.contributors.len(),
            Kind::Drafts => self.drafts.len(),
            Kind::Claims => self.claims.len(),
            Kind::PayoutLists => self.payout_lists.len(),
            Kind::TimeEntries => self.time_entries.len(),
            Kind::ImpactEntries => self.impact_entries.len(),
            Kind::Materials => self.materials.len(),
        }
    }

    /// The problems with how the records refer to each other (empty when none): every
    /// reference points at a record that exists, ids are unique, and versions start at 1.
    pub fn reference_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut unique = |kind: &str, ids: &mut dyn Iterator<Item = Id>| -> HashSet<Id> {
            let mut seen = HashSet::new();
            for id in ids {
                if !seen.insert(id) {
                    problems.push(format!("{kind} {id} appears twice"));
                }
            }
            seen
        };
        let projects = unique("project", &mut self.projects.iter().map(|p| p.id));
        let members = unique("member", &mut self.members.iter().map(|m| m.id));
        let meetings = unique("meeting", &mut self.meetings.iter().map(|m| m.id));
        let consultations = unique("consultation", &mut self.consultations.iter().map(|c| c.id));
        let points = unique("feedback point", &mut self.points.iter().map(|p| p.id));
        let activities = unique("activity", &mut self.activities.iter().map(|a| a.id));
        let inputs = unique("input", &mut self.inputs.iter().map(|i| i.id));
        unique("phase change", &mut self.phase_changes.iter().map(|c| c.id));
        unique("claim", &mut self.claims.iter().map(|c| c.id));
        unique("payout list", &mut self.payout_lists.iter().map(|l| l.id));
        unique("time entry", &mut self.time_entries.iter().map(|t| t.id));
        unique(
            "impact entry",
            &mut self.impact_entries.iter().map(|e| e.id),
        );
        unique("material", &mut self.materials.iter().map(|m| m.id));
        unique(
            "contributor",
            &mut self.contributors.iter().map(|c| c.input_id),
        );

        let mut missing = |what: &str, id: Id, of: &str, set: &HashSet<Id>| {
            if !set.contains(&id) {
                problems.push(format!("{what} refers to {of} {id}, which does not exist"));
            }
        };
        for c in &self.phase_changes {
            missing("a phase change", c.project_id, "project", &projects);
        }
        for m in &self.meetings {
            for id in &m.agenda {
                missing("a meeting's agenda", *id, "consultation", &consultations);
            }
            for id in &m.report_back {
                missing(
                    "a meeting's report-back list",
                    *id,
                    "feedback point",
                    &points,
                );
            }
            for id in &m.attendance {
                missing("a meeting's attendance", *id, "member", &members);
            }
        }
        for c in &self.consultations {
            missing("a consultation", c.project_id, "project", &projects);
            if let Some(m) = c.meeting_id {
                missing("a consultation", m, "meeting", &meetings);
            }
        }
        for p in &self.points {
            missing("a feedback point", p.project_id, "project", &projects);
            missing(
                "a feedback point",
                p.consultation_id,
                "consultation",
                &consultations,
            );
            if let Some(m) = p.meeting_id {
                missing("a feedback point", m, "meeting", &meetings);
            }
        }
        for a in &self.activities {
            missing("an activity", a.project_id, "project", &projects);
        }
        for i in &self.inputs {
            missing("an input", i.project_id, "project", &projects);
            if let Some(a) = i.activity_id {
                missing("an input", a, "activity", &activities);
            }
        }
        for c in &self.contributors {
            missing("a contributor reference", c.input_id, "input", &inputs);
        }
        for c in &self.claims {
            missing("a claim", c.member_id, "member", &members);
        }
        for l in &self.payout_lists {
            for line in &l.lines {
                missing("a payout line", line.member_id, "member", &members);
            }
        }
        for t in &self.time_entries {
            missing("a time entry", t.project_id, "project", &projects);
        }
        for e in &self.impact_entries {
            missing("an impact entry", e.project_id, "project", &projects);
            for p in &e.points {
                missing("an impact entry", *p, "feedback point", &points);
            }
            for i in &e.inputs {
                missing("an impact entry", *i, "input", &inputs);
            }
        }
        for m in &self.materials {
            if let Some(p) = m.project_id {
                missing("a material", p, "project", &projects);
            }
        }
        let versions = self
            .projects
            .iter()
            .map(|r| (r.id, r.version))
            .chain(self.members.iter().map(|r| (r.id, r.version)))
            .chain(self.meetings.iter().map(|r| (r.id, r.version)))
            .chain(self.consultations.iter().map(|r| (r.id, r.version)))
            .chain(self.points.iter().map(|r| (r.id, r.version)))
            .chain(self.activities.iter().map(|r| (r.id, r.version)))
            .chain(self.inputs.iter().map(|r| (r.id, r.version)))
            .chain(self.claims.iter().map(|r| (r.id, r.version)))
            .chain(self.payout_lists.iter().map(|r| (r.id, r.version)))
            .chain(self.time_entries.iter().map(|r| (r.id, r.version)))
            .chain(self.impact_entries.iter().map(|r| (r.id, r.version)))
            .chain(self.materials.iter().map(|r| (r.id, r.version)));
        for (id, version) in versions {
            if version == 0 {
                problems.push(format!("record {id} has version 0"));
            }
        }
        problems
    }

    /// The index rows that follow from the records: `(table, key)`, value always empty.
    fn index_rows(&self) -> BTreeSet<(usize, Vec<u8>)> {
        let mut rows = BTreeSet::new();
        let mut add = |t: Table, key: Vec<u8>| {
            rows.insert((t as usize, key));
        };
        for m in &self.meetings {
            if m.status == MeetingStatus::Planned {
                add(Table::PlannedMeetings, id_key(m.id).to_vec());
            }
        }
        for c in &self.consultations {
            add(
                Table::ProjectConsultations,
                pair_key(c.project_id, c.id).to_vec(),
            );
            if c.meeting_id.is_none() {
                add(Table::RequestedConsultations, id_key(c.id).to_vec());
            }
        }
        for p in &self.points {
            add(
                Table::ConsultationPoints,
                pair_key(p.consultation_id, p.id).to_vec(),
            );
            if p.feedback_loop.status() == LoopStatus::Answered {
                add(Table::ToReportBack, id_key(p.id).to_vec());
            }
        }
        for a in &self.activities {
            add(
                Table::ProjectActivities,
                pair_key(a.project_id, a.id).to_vec(),
            );
        }
        for i in &self.inputs {
            if i.feedback_loop.status() == LoopStatus::Answered {
                add(Table::InputsToReportBack, id_key(i.id).to_vec());
            }
        }
        rows
    }
}

/// The index trees that [`Records::index_rows`] derives.
const INDEX_TABLES: [Table; 7] = [
    Table::PlannedMeetings,
    Table::ProjectConsultations,
    Table::RequestedConsultations,
    Table::ConsultationPoints,
    Table::ToReportBack,
    Table::ProjectActivities,
    Table::InputsToReportBack,
];

use super::settings::KEY as SETTINGS_KEY;

impl SledStore {
    /// Calls `f` with each record of `kind` as one line of JSON (no newline), in key
    /// order. Records are passed as stored; contributors and drafts as their line types.
    pub fn each_line(
        &self,
        kind: Kind,
        mut f: impl FnMut(&[u8]) -> AppResult<()>,
    ) -> AppResult<()> {
        if let Some(table) = kind.table() {
            for entry in self.table(table).iter() {
                let (key, value) = entry?;
                f(&self.unseal(table.name(), &key, &value)?)?;
            }
            return Ok(());
        }
        match kind {
            Kind::Settings => {
                if let Some(bytes) = self.settings.get(SETTINGS_KEY)? {
                    f(&self.unseal(super::SETTINGS_TREE, SETTINGS_KEY, &bytes)?)?;
                }
            }
            Kind::Contributors => {
                for entry in self.table(Table::Contributors).iter() {
                    let (key, value) = entry?;
                    let line = ContributorLine {
                        input_id: super::records::id_from(&key)?,
                        text: self.text_at(Table::Contributors, &key, &value)?,
                    };
                    f(&super::codec::encode(&line)?)?;
                }
            }
            Kind::Drafts => {
                for entry in self.table(Table::Drafts).iter() {
                    let (key, value) = entry?;
                    let line = DraftLine {
                        key: String::from_utf8_lossy(&key).into_owned(),
                        text: self.text_at(Table::Drafts, &key, &value)?,
                    };
                    f(&super::codec::encode(&line)?)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Holds every change back while `f` runs, so what `f` reads is one consistent state.
    pub fn quiet<T>(&self, f: impl FnOnce() -> AppResult<T>) -> AppResult<T> {
        let _gate = self
            .gate
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f()
    }

    /// Every record, decoded.
    pub fn records(&self) -> AppResult<Records> {
        let mut contributors = Vec::new();
        self.each_line(Kind::Contributors, |l| {
            contributors.push(decode(l)?);
            Ok(())
        })?;
        let mut drafts = Vec::new();
        self.each_line(Kind::Drafts, |l| {
            drafts.push(decode(l)?);
            Ok(())
        })?;
        Ok(Records {
            settings: match self.settings.get(SETTINGS_KEY)? {
                Some(_) => Some(self.settings()?),
                None => None,
            },
            projects: self.decode_all(Table::Projects)?,
            phase_changes: self.decode_all(Table::PhaseTimeline)?,
            members: self.decode_all(Table::Members)?,
            meetings: self.decode_all(Table::Meetings)?,
            consultations: self.decode_all(Table::Consultations)?,
            points: self.decode_all(Table::Points)?,
            activities: self.decode_all(Table::Activities)?,
            inputs: self.decode_all(Table::Inputs)?,
            contributors,
            drafts,
            claims: self.decode_all(Table::Claims)?,
            payout_lists: self.decode_all(Table::PayoutLists)?,
            time_entries: self.decode_all(Table::TimeEntries)?,
            impact_entries: self.decode_all(Table::ImpactEntries)?,
            materials: self.decode_all(Table::Materials)?,
        })
    }

    /// How many records of each kind the database holds.
    pub fn counts(&self) -> AppResult<HashMap<Kind, usize>> {
        let mut counts = HashMap::new();
        for kind in Kind::ALL {
            let n = match kind.table() {
                Some(t) => self.table(t).len(),
                None => match kind {
                    Kind::Settings => usize::from(self.settings.get(SETTINGS_KEY)?.is_some()),
                    Kind::Contributors => self.table(Table::Contributors).len(),
                    Kind::Drafts => self.table(Table::Drafts).len(),
                    _ => 0,
                },
            };
            counts.insert(kind, n);
        }
        Ok(counts)
    }

    /// Checks every invariant the store relies on: each record decodes, the records refer
    /// to records that exist, each timeline row sits under its project, and every index
    /// tree holds exactly the rows that follow from the records. `Err(Damaged)` lists what
    /// is wrong.
    pub fn check(&self) -> AppResult<()> {
        self.check_records(&self.readable_records()?)
    }

    /// Every record, or `Damaged` when one cannot be read.
    pub(super) fn readable_records(&self) -> AppResult<Records> {
        self.records()
            .map_err(|e| AppError::Damaged(format!("a record cannot be read: {e}")))
    }

    /// [`SledStore::check`] with the records already read.
    fn check_records(&self, records: &Records) -> AppResult<()> {
        let mut problems = records.reference_problems();
        // The timeline's rows in key order, against the changes already read in that order.
        for (key, change) in self
            .table(Table::PhaseTimeline)
            .iter()
            .keys()
            .zip(&records.phase_changes)
        {
            if key?.as_ref() != pair_key(change.project_id, change.id) {
                problems.push(format!("phase change {} is filed wrongly", change.id));
            }
        }
        let keyed = |t: Table, ids: &mut dyn Iterator<Item = Id>| -> AppResult<Vec<String>> {
            let mut out = Vec::new();
            for (entry, id) in self.table(t).iter().keys().zip(ids) {
                if entry?.as_ref() != id_key(id) {
                    out.push(format!(
                        "a record of {} is filed under another id",
                        t.name()
                    ));
                }
            }
            Ok(out)
        };
        problems.extend(keyed(
            Table::Projects,
            &mut records.projects.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::Members,
            &mut records.members.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::Meetings,
            &mut records.meetings.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::Consultations,
            &mut records.consultations.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::Points,
            &mut records.points.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::Activities,
            &mut records.activities.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::Inputs,
            &mut records.inputs.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::Claims,
            &mut records.claims.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::PayoutLists,
            &mut records.payout_lists.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::TimeEntries,
            &mut records.time_entries.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::ImpactEntries,
            &mut records.impact_entries.iter().map(|r| r.id),
        )?);
        problems.extend(keyed(
            Table::Materials,
            &mut records.materials.iter().map(|r| r.id),
        )?);
        if let Some(p) = self.index_problem(records)? {
            problems.push(p);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            problems.truncate(10);
            Err(AppError::Damaged(problems.join("; ")))
        }
    }

    /// Writes the index rows that follow from `records` (into empty or cleared trees).
    fn write_index_rows(&self, records: &Records) -> AppResult<()> {
        let mut batches: HashMap<usize, sled::Batch> = HashMap::new();
        for (t, key) in records.index_rows() {
            batches.entry(t).or_default().insert(key, Vec::new());
        }
        for t in INDEX_TABLES {
            if let Some(batch) = batches.remove(&(t as usize)) {
                self.table(t).apply_batch(batch)?;
            }
        }
        Ok(())
    }

    /// How the index trees disagree with `records`, if they do.
    fn index_problem(&self, records: &Records) -> AppResult<Option<String>> {
        let expected = records.index_rows();
        let mut found = BTreeSet::new();
        let mut valued = 0;
        for t in INDEX_TABLES {
            for entry in self.table(t).iter() {
                let (key, value) = entry?;
                valued += usize::from(!value.is_empty());
                found.insert((t as usize, key.to_vec()));
            }
        }
        if found == expected && valued == 0 {
            return Ok(None);
        }
        let extra = found.difference(&expected).count();
        let lacking = expected.difference(&found).count();
        Ok(Some(format!(
            "the index trees disagree with the records ({extra} rows too many, {lacking} missing, {valued} with a value)"
        )))
    }

    /// Checks the database like [`SledStore::check`], but first rebuilds the index trees from
    /// the records when only they disagree (they hold nothing the records do not say).
    /// Returns whether a rebuild was needed.
    pub fn check_and_repair(&self) -> AppResult<bool> {
        self.check_and_repair_with(&self.readable_records()?)
    }

    /// [`SledStore::check_and_repair`] with the records already read.
    pub(super) fn check_and_repair_with(&self, records: &Records) -> AppResult<bool> {
        let repaired = match self.index_problem(records)? {
            None => false,
            Some(problem) => {
                log::warn!("{problem}; rebuilding the index trees from the records");
                let _gate = self
                    .gate
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                for t in INDEX_TABLES {
                    self.table(t).clear()?;
                }
                self.write_index_rows(records)?;
                drop(_gate);
                self.flush()?;
                true
            }
        };
        self.check_records(records)?;
        Ok(repaired)
    }

    /// Writes `records` into this database, which must hold no records, with the index
    /// rows that follow from them; then rebuilds the in-memory indexes and syncs. The
    /// caller has checked the records (`service::archive`).
    pub fn load(&self, records: &Records) -> AppResult<()> {
        if self
            .counts()?
            .iter()
            .any(|(k, n)| *k != Kind::Settings && *n > 0)
        {
            return Err(AppError::Import {
                rule: "not_empty",
                detail: "the database already holds records".into(),
            });
        }
        let _gate = self
            .gate
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let r = records;
        self.put_all(
            Table::Projects,
            r.projects.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::PhaseTimeline,
            r.phase_changes
                .iter()
                .map(|x| (pair_key(x.project_id, x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::Members,
            r.members.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::Meetings,
            r.meetings.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::Consultations,
            r.consultations.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::Points,
            r.points.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::Activities,
            r.activities.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::Inputs,
            r.inputs.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::Claims,
            r.claims.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::PayoutLists,
            r.payout_lists.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::TimeEntries,
            r.time_entries.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::ImpactEntries,
            r.impact_entries.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_all(
            Table::Materials,
            r.materials.iter().map(|x| (id_key(x.id).to_vec(), x)),
        )?;
        self.put_texts(
            Table::Contributors,
            r.contributors
                .iter()
                .map(|c| (id_key(c.input_id).to_vec(), c.text.as_str())),
        )?;
        self.put_texts(
            Table::Drafts,
            r.drafts
                .iter()
                .map(|d| (d.key.as_bytes().to_vec(), d.text.as_str())),
        )?;
        self.write_index_rows(r)?;
        if let Some(settings) = &r.settings {
            let stored = self.seal(
                super::SETTINGS_TREE,
                SETTINGS_KEY,
                &super::codec::encode(settings)?,
            )?;
            self.settings.insert(SETTINGS_KEY, stored)?;
        }
        drop(_gate);
        self.changed()?;
        self.set_project_index(&r.projects);
        self.set_input_index(&r.points, &r.inputs);
        self.set_meeting_index(&r.meetings);
        self.payout_lists.set(r.payout_lists.clone());
        self.claims.set(r.claims.clone());
        self.materials.set(r.materials.clone());
        self.time_entries.set(r.time_entries.clone());
        self.flush()
    }

    /// Writes `rows` (key, record) into `table` in one batch, sealed when encrypted.
    fn put_all<'a, T: serde::Serialize + 'a>(
        &self,
        table: Table,
        rows: impl Iterator<Item = (Vec<u8>, &'a T)>,
    ) -> AppResult<()> {
        let mut batch = sled::Batch::default();
        for (key, value) in rows {
            let stored = self.seal(table.name(), &key, &super::codec::encode(value)?)?;
            batch.insert(key, stored);
        }
        self.table(table).apply_batch(batch)?;
        Ok(())
    }

    /// Writes `rows` (key, text) into `table` in one batch, sealed when encrypted.
    fn put_texts<'a>(
        &self,
        table: Table,
        rows: impl Iterator<Item = (Vec<u8>, &'a str)>,
    ) -> AppResult<()> {
        let mut batch = sled::Batch::default();
        for (key, text) in rows {
            let stored = self.seal(table.name(), &key, text.as_bytes())?;
            batch.insert(key, stored);
        }
        self.table(table).apply_batch(batch)?;
        Ok(())
    }
}

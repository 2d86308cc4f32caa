//! The in-memory index over all input — board feedback points and input from patients,
//! relatives, staff and others — that answers search and filters without decoding records.
//! Built on open; kept in step by `Store::commit` for every point or input it writes.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::Store;
use crate::domain::error::AppResult;
use crate::domain::feedback::FeedbackPoint;
use crate::domain::feedback_loop::{AnswerStatus, LoopStatus};
use crate::domain::input::{Input, InputQuery, InputSource};
use crate::domain::text::fold;
use crate::domain::Id;

/// What the index knows of one point or input.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: Id,
    pub version: u64,
    pub project_id: Id,
    pub source: InputSource,
    pub date: NaiveDate,
    pub status: LoopStatus,
    /// The answer's status and date, once answered.
    pub answer: Option<(AnswerStatus, NaiveDate)>,
    pub themes: Vec<String>,
    folded_themes: Vec<String>,
    haystack: String,
}

impl Entry {
    /// An entry with the given identity and loop state, for `text` and `themes`.
    fn with_text(mut self, text: &str, themes: &[String]) -> Entry {
        self.folded_themes = themes.iter().map(|t| fold(t)).collect();
        self.themes = themes.to_vec();
        self.haystack = fold(text);
        for t in &self.folded_themes {
            self.haystack.push('\n');
            self.haystack.push_str(t);
        }
        self
    }

    pub fn of_point(p: &FeedbackPoint) -> Entry {
        Entry {
            id: p.id,
            version: p.version,
            project_id: p.project_id,
            source: InputSource::Board,
            date: p.given_on,
            status: p.status(),
            answer: p.feedback_loop.answer.as_ref().map(|a| (a.status, a.date)),
            themes: Vec::new(),
            folded_themes: Vec::new(),
            haystack: String::new(),
        }
        .with_text(&p.text, &p.themes)
    }

    pub fn of_input(i: &Input) -> Entry {
        Entry {
            id: i.id,
            version: i.version,
            project_id: i.project_id,
            source: i.group.into(),
            date: i.date,
            status: i.feedback_loop.status(),
            answer: i.feedback_loop.answer.as_ref().map(|a| (a.status, a.date)),
            themes: Vec::new(),
            folded_themes: Vec::new(),
            haystack: String::new(),
        }
        .with_text(&i.text, &i.themes)
    }

    pub fn is_overdue(&self, today: NaiveDate, days: u32) -> bool {
        self.status == LoopStatus::Awaiting && (today - self.date).num_days() > i64::from(days)
    }
}

/// The figures of one calendar year over the points and inputs given in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearTally {
    /// Given in the year, by source, in the order of [`InputSource::ALL`].
    pub given: [usize; InputSource::ALL.len()],
    /// Of those, answered (whenever).
    pub answered: usize,
    /// Of those answered, adopted fully or partly.
    pub adopted: usize,
    /// Days from given to answered → how many.
    pub days_to_answer: BTreeMap<i64, usize>,
}

/// Counts kept up to date with every change, so the overview never scans all input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Awaiting an answer, by the date given (overdue is a range of it).
    pub awaiting_by_date: BTreeMap<NaiveDate, usize>,
    pub answered_not_reported: usize,
    pub years: BTreeMap<i32, YearTally>,
}

fn bump<K: Ord>(map: &mut BTreeMap<K, usize>, key: K, add: bool) {
    if add {
        *map.entry(key).or_default() += 1;
    } else if let Some(n) = map.get_mut(&key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(&key);
        }
    }
}

fn step(n: &mut usize, add: bool) {
    *n = if add { *n + 1 } else { n.saturating_sub(1) };
}

impl Tally {
    /// Adds (`add`) or takes away what `e` counts for.
    fn count(&mut self, e: &Entry, add: bool) {
        match e.status {
            LoopStatus::Awaiting => bump(&mut self.awaiting_by_date, e.date, add),
            LoopStatus::Answered => step(&mut self.answered_not_reported, add),
            LoopStatus::ReportedBack => {}
        }
        let year = self.years.entry(e.date.year()).or_default();
        if let Some(i) = InputSource::ALL.iter().position(|s| *s == e.source) {
            step(&mut year.given[i], add);
        }
        if let Some((status, date)) = e.answer {
            step(&mut year.answered, add);
            bump(&mut year.days_to_answer, (date - e.date).num_days(), add);
            if matches!(status, AnswerStatus::Adopted | AnswerStatus::PartlyAdopted) {
                step(&mut year.adopted, add);
            }
        }
    }

    pub fn awaiting(&self) -> usize {
        self.awaiting_by_date.values().sum()
    }

    /// Awaiting for more than `days` days on `today`.
    pub fn overdue(&self, today: NaiveDate, days: u32) -> usize {
        let cutoff = today - chrono::Duration::days(i64::from(days));
        self.awaiting_by_date.range(..cutoff).map(|(_, n)| n).sum()
    }
}

#[derive(Default)]
pub struct InputIndex {
    entries: HashMap<Id, Entry>,
    by_project: HashMap<Id, HashSet<Id>>,
    tally: Tally,
}

impl InputIndex {
    fn put(&mut self, e: Entry) {
        if let Some(current) = self.entries.get(&e.id) {
            if current.version >= e.version {
                return;
            }
        }
        if let Some(current) = self.entries.remove(&e.id) {
            self.tally.count(&current, false);
            if current.project_id != e.project_id {
                if let Some(ids) = self.by_project.get_mut(&current.project_id) {
                    ids.remove(&e.id);
                }
            }
        }
        self.tally.count(&e, true);
        self.by_project
            .entry(e.project_id)
            .or_default()
            .insert(e.id);
        self.entries.insert(e.id, e);
    }
}

/// What a search found: how many in all, and the first `limit`, newest first.
pub struct Found {
    pub total: usize,
    pub entries: Vec<Entry>,
}

impl Store {
    pub(super) fn load_input_index(&self) -> AppResult<()> {
        self.set_input_index(&self.all::<FeedbackPoint>()?, &self.all::<Input>()?);
        Ok(())
    }

    /// Builds the input index from every point and input (already read).
    pub(super) fn set_input_index(&self, points: &[FeedbackPoint], inputs: &[Input]) {
        let mut index = InputIndex::default();
        for p in points {
            index.put(Entry::of_point(p));
        }
        for i in inputs {
            index.put(Entry::of_input(i));
        }
        *self
            .input_index
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = index;
    }

    pub(super) fn index_input(&self, e: Entry) {
        self.input_index
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .put(e);
    }

    /// Points and inputs that pass `q`, newest first.
    pub fn search_inputs(&self, q: &InputQuery, today: NaiveDate, overdue_days: u32) -> Found {
        let index = self
            .input_index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let words: Vec<String> = fold(&q.text)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let theme = fold(q.theme.trim());
        let keep = |e: &&Entry| {
            (q.sources.is_empty() || q.sources.contains(&e.source))
                && (q.statuses.is_empty() || q.statuses.contains(&e.status))
                && (q.answers.is_empty() || e.answer.is_some_and(|(a, _)| q.answers.contains(&a)))
                && (theme.is_empty() || e.folded_themes.contains(&theme))
                && q.from.is_none_or(|d| e.date >= d)
                && q.to.is_none_or(|d| e.date <= d)
                && (!q.overdue_only || e.is_overdue(today, overdue_days))
                && words.iter().all(|w| e.haystack.contains(w.as_str()))
        };
        let mut found: Vec<&Entry> = match q.project_id {
            Some(p) => index
                .by_project
                .get(&p)
                .into_iter()
                .flatten()
                .filter_map(|id| index.entries.get(id))
                .filter(keep)
                .collect(),
            None => index.entries.values().filter(keep).collect(),
        };
        let total = found.len();
        let limit = if q.limit == 0 { 500 } else { q.limit as usize };
        let by_newest = |a: &&Entry, b: &&Entry| b.date.cmp(&a.date).then(b.id.cmp(&a.id));
        if found.len() > limit {
            found.select_nth_unstable_by(limit, by_newest);
            found.truncate(limit);
        }
        found.sort_by(by_newest);
        Found {
            total,
            entries: found.into_iter().cloned().collect(),
        }
    }

    /// Themes with how many points and inputs carry each, for one project or all.
    /// Themes that differ only in case count as one (shown as first met).
    pub fn theme_counts(&self, project_id: Option<Id>) -> Vec<(String, usize)> {
        let index = self
            .input_index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut counts: HashMap<String, (String, usize)> = HashMap::new();
        let mut entries: Vec<&Entry> = match project_id {
            Some(p) => index
                .by_project
                .get(&p)
                .into_iter()
                .flatten()
                .filter_map(|id| index.entries.get(id))
                .collect(),
            None => index.entries.values().collect(),
        };
        // Oldest first, so a theme is shown as it was first written, whatever the hash order.
        entries.sort_by_key(|e| e.id);
        for e in entries {
            for (theme, folded) in e.themes.iter().zip(&e.folded_themes) {
                counts
                    .entry(folded.clone())
                    .or_insert_with(|| (theme.clone(), 0))
                    .1 += 1;
            }
        }
        let mut out: Vec<(String, usize)> = counts.into_values().collect();
        out.sort_by(|a, b| {
            crate::domain::text::danish_sort_key(&a.0)
                .cmp(&crate::domain::text::danish_sort_key(&b.0))
        });
        out
    }

    /// The ids of every point and input that carries one of `themes` (case-insensitive).
    pub fn with_themes(&self, themes: &[String]) -> Vec<(InputSource, Id)> {
        let wanted: Vec<String> = themes.iter().map(|t| fold(t.trim())).collect();
        let index = self
            .input_index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        index
            .entries
            .values()
            .filter(|e| e.folded_themes.iter().any(|t| wanted.contains(t)))
            .map(|e| (e.source, e.id))
            .collect()
    }
}

impl Store {
    /// Calls `f` with every point and input in the index (for figures that count them all).
    pub fn each_input(&self, mut f: impl FnMut(&Entry)) {
        let index = self
            .input_index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for e in index.entries.values() {
            f(e);
        }
    }

    /// The counts kept up to date over all input (see [`Tally`]).
    pub fn input_tally(&self) -> Tally {
        self.input_index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .tally
            .clone()
    }

    /// Calls `f` with every project in the list index.
    pub fn each_project(&self, f: impl FnMut(&crate::domain::project::Project)) {
        self.for_each_project(f);
    }
}

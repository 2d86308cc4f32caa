//! The in-memory index over all input — board feedback points and input from patients,
//! relatives, staff and others — that answers search and filters without decoding records.
//! Built on open; kept in step by `SledStore::commit` for every point or input it writes.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::SledStore;
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

    /// An entry from what a database row holds (the PostgreSQL store), without the
    /// search text, which only the in-memory search needs.
    #[allow(clippy::too_many_arguments)]
    pub fn from_columns(
        id: Id,
        version: u64,
        project_id: Id,
        source: InputSource,
        date: NaiveDate,
        status: LoopStatus,
        answer: Option<(AnswerStatus, NaiveDate)>,
        themes: Vec<String>,
    ) -> Entry {
        Entry {
            folded_themes: themes.iter().map(|t| fold(t)).collect(),
            themes,
            id,
            version,
            project_id,
            source,
            date,
            status,
            answer,
            haystack: String::new(),
        }
    }

    /// The themes as they are compared: folded (lower case, æ, ø, å kept).
    pub fn folded_themes(&self) -> &[String] {
        &self.folded_themes
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
    /// Each theme as it was written → how many points and inputs carry it.
    pub themes: BTreeMap<String, usize>,
}

/// One figure of the [`Tally`]: what it counts, under which key. Each point or input
/// counts for a few of them ([`Counter::of`]); the sled store keeps the tally in memory,
/// the PostgreSQL store keeps one counter row per figure, changed in the write's
/// transaction. Both change them by the same rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Counter {
    /// Awaiting an answer, given on this date.
    Awaiting(NaiveDate),
    AnsweredNotReported,
    /// Given in a year, from a source (its index in [`InputSource::ALL`]).
    Given(i32, usize),
    /// Given in a year and answered.
    Answered(i32),
    /// Given in a year, answered and adopted fully or partly.
    Adopted(i32),
    /// Given in a year and answered after this many days.
    DaysToAnswer(i32, i64),
    /// Carries a theme, as it was written.
    Theme(String),
}

impl Counter {
    /// The figures that `e` counts for.
    pub fn of(e: &Entry) -> Vec<Counter> {
        let mut out = Vec::with_capacity(5 + e.themes.len());
        match e.status {
            LoopStatus::Awaiting => out.push(Counter::Awaiting(e.date)),
            LoopStatus::Answered => out.push(Counter::AnsweredNotReported),
            LoopStatus::ReportedBack => {}
        }
        let year = e.date.year();
        if let Some(i) = InputSource::ALL.iter().position(|s| *s == e.source) {
            out.push(Counter::Given(year, i));
        }
        if let Some((status, date)) = e.answer {
            out.push(Counter::Answered(year));
            out.push(Counter::DaysToAnswer(year, (date - e.date).num_days()));
            if matches!(status, AnswerStatus::Adopted | AnswerStatus::PartlyAdopted) {
                out.push(Counter::Adopted(year));
            }
        }
        out.extend(e.themes.iter().cloned().map(Counter::Theme));
        out
    }

    /// How the counter changes when `old` becomes `new` (either may be absent), with
    /// the counters that do not change left out.
    pub fn changes(old: Option<&Entry>, new: Option<&Entry>) -> BTreeMap<Counter, i64> {
        let mut delta: BTreeMap<Counter, i64> = BTreeMap::new();
        for c in old.map(Counter::of).unwrap_or_default() {
            *delta.entry(c).or_default() -= 1;
        }
        for c in new.map(Counter::of).unwrap_or_default() {
            *delta.entry(c).or_default() += 1;
        }
        delta.retain(|_, n| *n != 0);
        delta
    }

    /// The counter as a name and a key of text (a row of the PostgreSQL counter table).
    pub fn to_row(self) -> (&'static str, String) {
        match self {
            Counter::Awaiting(d) => ("awaiting", d.to_string()),
            Counter::AnsweredNotReported => ("answered_not_reported", String::new()),
            Counter::Given(y, i) => (
                "given",
                format!("{y}:{}", InputSource::ALL.get(i).map_or("", |s| s.as_str())),
            ),
            Counter::Answered(y) => ("answered", y.to_string()),
            Counter::Adopted(y) => ("adopted", y.to_string()),
            Counter::DaysToAnswer(y, d) => ("days_to_answer", format!("{y}:{d}")),
            Counter::Theme(t) => ("theme", t),
        }
    }

    /// The counter of a row written by [`Counter::to_row`] (`None` for any other row).
    pub fn from_row(name: &str, key: &str) -> Option<Counter> {
        let pair = || key.split_once(':');
        Some(match name {
            "awaiting" => Counter::Awaiting(key.parse().ok()?),
            "answered_not_reported" => Counter::AnsweredNotReported,
            "given" => {
                let (y, s) = pair()?;
                let source = InputSource::parse(s)?;
                Counter::Given(
                    y.parse().ok()?,
                    InputSource::ALL.iter().position(|x| *x == source)?,
                )
            }
            "answered" => Counter::Answered(key.parse().ok()?),
            "adopted" => Counter::Adopted(key.parse().ok()?),
            "days_to_answer" => {
                let (y, d) = pair()?;
                Counter::DaysToAnswer(y.parse().ok()?, d.parse().ok()?)
            }
            "theme" => Counter::Theme(key.to_owned()),
            _ => return None,
        })
    }
}

fn bump<K: Ord + Clone>(map: &mut BTreeMap<K, usize>, key: K, delta: i64) {
    let n = map.entry(key.clone()).or_default();
    *n = n.saturating_add_signed(delta as isize);
    if *n == 0 {
        map.remove(&key);
    }
}

/// Themes that differ only in case counted as one: each shown as most points and inputs
/// write it (on a tie, the spelling that sorts last by character, which prefers small
/// letters: "Sprog" before "SPROG"), in Danish alphabetical order. The same rule on both
/// stores, from how many carry each spelling.
pub fn theme_groups(spellings: impl IntoIterator<Item = (String, usize)>) -> Vec<(String, usize)> {
    // folded → (total, (best count, best spelling))
    let mut groups: HashMap<String, (usize, (usize, String))> = HashMap::new();
    for (spelling, n) in spellings {
        if n == 0 {
            continue;
        }
        let g = groups
            .entry(fold(&spelling))
            .or_insert_with(|| (0, (0, String::new())));
        g.0 += n;
        if (n, &spelling) > (g.1 .0, &g.1 .1) {
            g.1 = (n, spelling);
        }
    }
    let mut out: Vec<(String, usize)> = groups
        .into_values()
        .map(|(total, (_, spelling))| (spelling, total))
        .collect();
    out.sort_by_cached_key(|(t, _)| (crate::domain::text::danish_sort_key(t), t.clone()));
    out
}

fn step(n: &mut usize, delta: i64) {
    *n = n.saturating_add_signed(delta as isize);
}

impl Tally {
    /// Changes the figure `c` by `delta`.
    pub fn apply(&mut self, c: Counter, delta: i64) {
        match c {
            Counter::Awaiting(d) => bump(&mut self.awaiting_by_date, d, delta),
            Counter::AnsweredNotReported => step(&mut self.answered_not_reported, delta),
            Counter::Given(y, i) => {
                if let Some(n) = self.years.entry(y).or_default().given.get_mut(i) {
                    step(n, delta);
                }
            }
            Counter::Answered(y) => step(&mut self.years.entry(y).or_default().answered, delta),
            Counter::Adopted(y) => step(&mut self.years.entry(y).or_default().adopted, delta),
            Counter::DaysToAnswer(y, d) => bump(
                &mut self.years.entry(y).or_default().days_to_answer,
                d,
                delta,
            ),
            Counter::Theme(t) => bump(&mut self.themes, t, delta),
        }
    }

    /// Adds (`add`) or takes away what `e` counts for.
    fn count(&mut self, e: &Entry, add: bool) {
        for c in Counter::of(e) {
            self.apply(c, if add { 1 } else { -1 });
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
    /// Each entry and its search text.
    slab: Slab,
    by_project: HashMap<Id, HashSet<Id>>,
    tally: Tally,
}

/// Every entry in one list and its search text in one buffer beside it (each text ended
/// by a 0 byte), slot by slot, so a word is looked for in all texts in one pass of a SIMD
/// searcher and the entries it hits are read in the order they lie in memory — instead of
/// one search and two reads from scattered places per entry. A changed entry goes in a
/// new slot and its old one is left empty until empty slots hold half the buffer.
#[derive(Default)]
struct Slab {
    buf: Vec<u8>,
    /// Where each slot's text starts in `buf`, in order.
    starts: Vec<usize>,
    /// The entry in each slot; `None` once replaced.
    entries: Vec<Option<Entry>>,
    slot_of: HashMap<Id, usize>,
    /// Bytes of `buf` in replaced slots.
    unused: usize,
}

impl Slab {
    /// Puts `e` with its search text in a new slot; the entry it replaces, if any.
    fn put(&mut self, e: Entry, text: &[u8]) -> Option<Entry> {
        let replaced = self.slot_of.remove(&e.id).and_then(|slot| {
            // The replaced text is blanked in the buffer at once (an erased or redacted one
            // too); copies the allocator freed when the buffer grew are not reached.
            let start = self.starts[slot];
            let len = self.text(slot).len();
            if let Some(old) = self.buf.get_mut(start..start + len) {
                old.fill(b' ');
            }
            self.unused += len + 1;
            self.entries.get_mut(slot).and_then(Option::take)
        });
        self.slot_of.insert(e.id, self.starts.len());
        self.starts.push(self.buf.len());
        self.entries.push(Some(e));
        // A 0 byte ends each text, so none may be inside one (the words have none either).
        self.buf
            .extend(text.iter().map(|b| if *b == 0 { b' ' } else { *b }));
        self.buf.push(0);
        if self.unused > 1 << 20 && self.unused > self.buf.len() / 2 {
            self.compact();
        }
        replaced
    }

    fn get(&self, id: Id) -> Option<&Entry> {
        self.slot_of
            .get(&id)
            .and_then(|slot| self.entries.get(*slot))
            .and_then(Option::as_ref)
    }

    /// Every entry, in slot order.
    fn values(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }

    /// The text in `slot`.
    fn text(&self, slot: usize) -> &[u8] {
        let end = self.starts.get(slot + 1).copied().unwrap_or(self.buf.len());
        self.buf.get(self.starts[slot]..end - 1).unwrap_or_default()
    }

    /// The text of entry `id` (empty when it has none).
    fn text_of(&self, id: Id) -> &[u8] {
        self.slot_of.get(&id).map_or(&[], |slot| self.text(*slot))
    }

    fn compact(&mut self) {
        let mut old = std::mem::take(self);
        for slot in 0..old.entries.len() {
            if let Some(e) = old.entries[slot].take() {
                self.put(e, old.text(slot));
            }
        }
    }

    /// Calls `f` once with each entry whose text holds `word`, and that text, in slot
    /// order.
    fn each_holding<'a>(
        &'a self,
        word: &memchr::memmem::Finder<'_>,
        mut f: impl FnMut(&'a Entry, &'a [u8]),
    ) {
        let mut last = usize::MAX;
        for at in word.find_iter(&self.buf) {
            let slot = self.starts.partition_point(|s| *s <= at).saturating_sub(1);
            if slot == last {
                continue;
            }
            last = slot;
            if let Some(Some(e)) = self.entries.get(slot) {
                f(e, self.text(slot));
            }
        }
    }
}

impl InputIndex {
    fn put(&mut self, mut e: Entry) {
        if self.slab.get(e.id).is_some_and(|c| c.version >= e.version) {
            return;
        }
        self.tally.count(&e, true);
        self.by_project
            .entry(e.project_id)
            .or_default()
            .insert(e.id);
        let text = std::mem::take(&mut e.haystack);
        let (id, project_id) = (e.id, e.project_id);
        if let Some(current) = self.slab.put(e, text.as_bytes()) {
            self.tally.count(&current, false);
            if current.project_id != project_id {
                if let Some(ids) = self.by_project.get_mut(&current.project_id) {
                    ids.remove(&id);
                }
            }
        }
    }
}

/// A point or input whose answer adopted it fully or partly, as the year report lists it:
/// what was said only when it may be quoted.
#[derive(Debug, Clone, PartialEq)]
pub struct Adopted {
    pub id: Id,
    pub source: InputSource,
    pub project_id: Id,
    pub said: Option<String>,
    pub status: AnswerStatus,
    pub answer: String,
    pub date: NaiveDate,
}

impl Adopted {
    fn of(
        id: Id,
        source: InputSource,
        project_id: Id,
        said: Option<&str>,
        feedback_loop: &crate::domain::feedback_loop::FeedbackLoop,
    ) -> Option<Adopted> {
        let a = feedback_loop.answer.as_ref()?;
        matches!(
            a.status,
            AnswerStatus::Adopted | AnswerStatus::PartlyAdopted
        )
        .then(|| Adopted {
            id,
            source,
            project_id,
            said: said.map(str::to_owned),
            status: a.status,
            answer: a.text.clone(),
            date: a.date,
        })
    }

    pub fn of_point(p: &FeedbackPoint) -> Option<Adopted> {
        Self::of(
            p.id,
            InputSource::Board,
            p.project_id,
            Some(&p.text),
            &p.feedback_loop,
        )
    }

    pub fn of_input(i: &Input) -> Option<Adopted> {
        let said = i.may_quote.then_some(i.text.as_str());
        Self::of(i.id, i.group.into(), i.project_id, said, &i.feedback_loop)
    }
}

/// How many hits a search counts at least before it says "more than": a word in a
/// quarter of all input must not cost reading all of it for a number on the screen.
pub const COUNT_LIMIT: usize = 1_000;

/// What a search found: how many (counted up to [`Found::count_limit`]), and the first
/// `limit`, newest first.
pub struct Found {
    pub total: usize,
    /// More than `total` pass.
    pub capped: bool,
    pub entries: Vec<Entry>,
}

impl Found {
    /// How far a search with this `limit` counts: [`COUNT_LIMIT`], or the limit if larger.
    pub fn count_limit(limit: usize) -> usize {
        COUNT_LIMIT.max(limit)
    }
}

impl SledStore {
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

    /// The input index, to read (a poisoned lock is read through, as everywhere in the
    /// store).
    fn read_input_index(&self) -> std::sync::RwLockReadGuard<'_, InputIndex> {
        self.input_index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(super) fn index_input(&self, e: Entry) {
        self.input_index
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .put(e);
    }

    /// Points and inputs that pass `q`, newest first.
    pub fn search_inputs(&self, q: &InputQuery, today: NaiveDate, overdue_days: u32) -> Found {
        let index = self.read_input_index();
        let folded = fold(&q.text);
        // One searcher per word, built once for every text it is run over; the longest
        // word (likely the rarest) first.
        let mut words: Vec<memchr::memmem::Finder<'_>> = folded
            .split(|c: char| c.is_whitespace() || c == '\0')
            .filter(|w| !w.is_empty())
            .map(memchr::memmem::Finder::new)
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.needle().len()));
        let theme = fold(q.theme.trim());
        let passes = |e: &Entry| {
            (q.sources.is_empty() || q.sources.contains(&e.source))
                && (q.statuses.is_empty() || q.statuses.contains(&e.status))
                && (q.answers.is_empty() || e.answer.is_some_and(|(a, _)| q.answers.contains(&a)))
                && (theme.is_empty() || e.folded_themes.contains(&theme))
                && q.from.is_none_or(|d| e.date >= d)
                && q.to.is_none_or(|d| e.date <= d)
                && (!q.overdue_only || e.is_overdue(today, overdue_days))
        };
        let holds = |words: &[memchr::memmem::Finder<'_>], text: &[u8]| {
            words.iter().all(|w| w.find(text).is_some())
        };
        let mut found: Vec<&Entry> = match (q.project_id, words.split_first()) {
            (Some(p), _) => index
                .by_project
                .get(&p)
                .into_iter()
                .flatten()
                .filter_map(|id| index.slab.get(*id))
                .filter(|e| passes(e) && holds(&words, index.slab.text_of(e.id)))
                .collect(),
            // The first word looked for in every text at once; the rest in its hits.
            (None, Some((first, rest))) => {
                let mut hits = Vec::new();
                index.slab.each_holding(first, |e, text| {
                    if passes(e) && holds(rest, text) {
                        hits.push(e);
                    }
                });
                hits
            }
            (None, None) => index.slab.values().filter(|e| passes(e)).collect(),
        };
        let limit = if q.limit == 0 { 500 } else { q.limit as usize };
        let count_limit = Found::count_limit(limit);
        let (total, capped) = (found.len().min(count_limit), found.len() > count_limit);
        super::first_sorted(&mut found, limit, |a, b| {
            b.date.cmp(&a.date).then(b.id.cmp(&a.id))
        });
        Found {
            total,
            capped,
            entries: found.into_iter().cloned().collect(),
        }
    }

    /// Themes with how many points and inputs carry each, for one project or all
    /// ([`theme_groups`]); all input from the tally, without reading every entry.
    pub fn theme_counts(&self, project_id: Option<Id>) -> Vec<(String, usize)> {
        let index = self.read_input_index();
        let Some(p) = project_id else {
            return theme_groups(index.tally.themes.iter().map(|(t, n)| (t.clone(), *n)));
        };
        let mut spellings: HashMap<String, usize> = HashMap::new();
        for e in index
            .by_project
            .get(&p)
            .into_iter()
            .flatten()
            .filter_map(|id| index.slab.get(*id))
        {
            for t in &e.themes {
                *spellings.entry(t.clone()).or_default() += 1;
            }
        }
        theme_groups(spellings)
    }

    /// The ids of every point and input that carries one of `themes` (case-insensitive).
    pub fn with_themes(&self, themes: &[String]) -> Vec<(InputSource, Id)> {
        let wanted: Vec<String> = themes.iter().map(|t| fold(t.trim())).collect();
        let index = self.read_input_index();
        index
            .slab
            .values()
            .filter(|e| e.folded_themes.iter().any(|t| wanted.contains(t)))
            .map(|e| (e.source, e.id))
            .collect()
    }
}

impl SledStore {
    /// The inputs whose contributor reference is `reference` (trimmed, in any case).
    pub fn contributors_matching(&self, reference: &str) -> AppResult<Vec<Id>> {
        let wanted = reference.trim().to_lowercase();
        let mut out = Vec::new();
        for entry in self.table(super::Table::Contributors).iter() {
            let (key, value) = entry?;
            let text = self.text_at(super::Table::Contributors, &key, &value)?;
            if text.trim().to_lowercase() == wanted {
                out.push(super::records::id_from(&key)?);
            }
        }
        Ok(out)
    }

    /// Calls `f` with every point and input in the index (for figures that count them all).
    pub fn each_input(&self, mut f: impl FnMut(&Entry)) {
        let index = self.read_input_index();
        for e in index.slab.values() {
            f(e);
        }
    }

    /// The points and inputs whose answer is dated from `from` to `to` (both included).
    pub fn answered_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<Entry> {
        let index = self.read_input_index();
        index
            .slab
            .values()
            .filter(|e| e.answer.is_some_and(|(_, d)| d >= from && d <= to))
            .cloned()
            .collect()
    }

    /// The counts kept up to date over all input (see [`Tally`]).
    pub fn input_tally(&self) -> Tally {
        self.read_input_index().tally.clone()
    }

    /// Every project's id, title, phase and start, from the list index.
    pub fn project_starts(&self) -> Vec<super::ProjectStart> {
        let mut out = Vec::new();
        self.for_each_project(|p| out.push(super::ProjectStart::of(p)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Entry, Slab};
    use crate::domain::feedback_loop::LoopStatus;
    use crate::domain::input::InputSource;
    use crate::domain::{new_id, Id};
    use memchr::memmem::Finder;

    fn entry(id: Id) -> Entry {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        Entry::from_columns(
            id,
            1,
            new_id(),
            InputSource::Patients,
            date,
            LoopStatus::Awaiting,
            None,
            Vec::new(),
        )
    }

    fn holding(slab: &Slab, word: &str) -> Vec<Id> {
        let mut out = Vec::new();
        slab.each_holding(&Finder::new(word), |e, text| {
            assert!(
                Finder::new(word).find(text).is_some(),
                "the text given holds it"
            );
            out.push(e.id);
        });
        out
    }

    #[test]
    fn each_text_that_holds_a_word_is_found_once_and_replaced_texts_never() {
        let mut slab = Slab::default();
        let (a, b, c) = (new_id(), new_id(), new_id());
        slab.put(entry(a), b"ventetid ventetid og ventetid");
        slab.put(entry(b), b"maden er god");
        slab.put(entry(c), b"lang ventetid");
        assert_eq!(holding(&slab, "ventetid"), vec![a, c]);
        // A word never spans two texts: each ends with a 0 byte, which no text holds.
        assert!(slab.put(entry(b), b"maden\0er").is_some(), "b replaced");
        assert_eq!(holding(&slab, "ventetid"), vec![a, c]);
        assert_eq!(holding(&slab, "tidmaden"), Vec::<Id>::new());
        assert_eq!(slab.text_of(b), b"maden er");
        // The replaced text of a is found no more; its new one is.
        slab.put(entry(a), b"ingen ventetid mere");
        slab.put(entry(a), b"alt i orden");
        assert_eq!(holding(&slab, "ventetid"), vec![c]);
        assert_eq!(holding(&slab, "orden"), vec![a]);
        assert_eq!(slab.text_of(new_id()), b"");
        let mut ids: Vec<Id> = slab.values().map(|e| e.id).collect();
        ids.sort();
        let mut want = vec![a, b, c];
        want.sort();
        assert_eq!(ids, want, "each entry once");
    }

    #[test]
    fn replaced_texts_are_dropped_once_they_are_half_the_buffer() {
        let mut slab = Slab::default();
        let keep = new_id();
        slab.put(entry(keep), b"den der bliver");
        let changing = new_id();
        let long = vec![b'x'; 10_000];
        for n in 0..400 {
            let mut text = long.clone();
            text.extend(format!(" udgave {n}").bytes());
            slab.put(entry(changing), &text);
        }
        // 4 MB written; what is kept is the live texts and at most about 1 MB replaced.
        assert!(
            slab.buf.len() < (1 << 20) + 30_000,
            "compacted: {} bytes",
            slab.buf.len()
        );
        assert!(slab.entries.len() < 120, "{} slots", slab.entries.len());
        assert_eq!(holding(&slab, "udgave 399"), vec![changing]);
        assert_eq!(holding(&slab, "udgave 398"), Vec::<Id>::new());
        assert_eq!(holding(&slab, "bliver"), vec![keep]);
        assert_eq!(slab.text_of(keep), b"den der bliver");
        assert_eq!(slab.get(keep).map(|e| e.id), Some(keep));
        assert_eq!(slab.values().count(), 2);
    }
}

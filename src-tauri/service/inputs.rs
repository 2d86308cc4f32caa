//! Input from patients, relatives, staff and others: activities, quick capture, the shared
//! feedback loop, themes (rename, merge) and search across all input, board feedback
//! included.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::domain::error::{AppError, AppResult, FieldError, Rule};
use crate::domain::feedback::FeedbackPoint;
use crate::domain::feedback_loop::{Answer, AnswerInput, LoopStatus, ReportChannel, ReportedBack};
use crate::domain::input::{Activity, ActivityInput, Input, InputInput, InputQuery, InputSource};
use crate::domain::text::{checked, fold, has_invalid_characters, not_in_future, parse_date};
use crate::domain::{new_id, Id};
use crate::store::{Looped, Store, Table, Write};

/// One point or input as lists show it, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InputItem {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub source: InputSource,
    pub project_id: Id,
    pub project_title: String,
    pub date: NaiveDate,
    pub text: String,
    pub themes: Vec<String>,
    /// Consent to quote (board feedback is the board's own statement and may be quoted).
    pub may_quote: bool,
    pub status: LoopStatus,
    pub overdue: bool,
    pub answer: Option<Answer>,
    pub reported_back: Option<ReportedBack>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InputHits {
    /// How many pass, counted up to [`crate::store::inputs::COUNT_LIMIT`] (or the
    /// query's limit, if larger).
    #[ts(type = "number")]
    pub total: usize,
    /// More than `total` pass: counting stopped there.
    pub capped: bool,
    pub items: Vec<InputItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeCount {
    pub theme: String,
    #[ts(type = "number")]
    pub count: usize,
}

pub fn add_activity(store: &Store, project_id: Id, input: &ActivityInput) -> AppResult<Activity> {
    let activity = input.validate(new_id(), project_id, Utc::now())?;
    store.project(project_id)?;
    store.commit(&[
        Write::record(&activity)?,
        Write::link(Table::ProjectActivities, project_id, activity.id),
    ])?;
    Ok(activity)
}

pub fn activities(store: &Store, project_id: Id) -> AppResult<Vec<Activity>> {
    store.get_many(&store.linked(Table::ProjectActivities, project_id)?)
}

/// Saves one input; the contributor reference, if any, goes to its own tree.
pub fn capture(store: &Store, input: &InputInput) -> AppResult<Input> {
    let f = input.validate(super::board::today())?;
    store.project(input.project_id)?;
    if let Some(a) = f.activity_id {
        let activity: Activity = store.get(a)?;
        if activity.project_id != input.project_id {
            return Err(AppError::invalid("activity_id", Rule::InvalidChoice));
        }
    }
    let now = Utc::now();
    let record = Input {
        id: new_id(),
        version: 1,
        project_id: input.project_id,
        activity_id: f.activity_id,
        group: f.group,
        channel: f.channel,
        date: f.date,
        text: f.text,
        themes: f.themes,
        may_quote: f.may_quote,
        has_contributor: !f.contributor.is_empty(),
        feedback_loop: Default::default(),
        recorded_by: super::actor(store)?,
        created_at: now,
        updated_at: now,
    };
    store.commit(&[
        Write::record(&record)?,
        Write::text(Table::Contributors, record.id, &f.contributor),
    ])?;
    Ok(record)
}

/// The contributor reference of an input (empty when anonymous). Never part of a list,
/// an export or a report.
pub fn contributor(store: &Store, id: Id) -> AppResult<String> {
    store.text(Table::Contributors, id)
}

pub fn answer(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &AnswerInput,
) -> AppResult<Input> {
    super::feedback_loop::answer(store, id, expected_version, input, super::board::today())
}

/// Marks inputs as reported back by `channel` on `date` (today when empty).
pub fn report_back(
    store: &Store,
    ids: &[Id],
    channel: &str,
    date: Option<&str>,
) -> AppResult<Vec<Input>> {
    let mut errors = Vec::new();
    let channel = ReportChannel::parse(channel.trim());
    if channel.is_none() {
        errors.push(FieldError::new("channel", Rule::InvalidChoice));
    }
    let today = super::board::today();
    let date = parse_date("date", date, &mut errors).unwrap_or(today);
    not_in_future("date", Some(date), today, &mut errors);
    match channel {
        Some(channel) if errors.is_empty() => {
            super::feedback_loop::report_back(store, ids, channel, None, date)
        }
        _ => Err(AppError::Validation(errors)),
    }
}

fn item_of_point(
    p: FeedbackPoint,
    project_title: String,
    today: NaiveDate,
    days: u32,
) -> InputItem {
    InputItem {
        id: p.id,
        version: p.version,
        source: InputSource::Board,
        project_title,
        project_id: p.project_id,
        date: p.given_on,
        status: p.status(),
        overdue: p.is_overdue(today, days),
        text: p.text,
        themes: p.themes,
        may_quote: true,
        answer: p.feedback_loop.answer,
        reported_back: p.feedback_loop.reported_back,
    }
}

fn item_of_input(i: Input, project_title: String, today: NaiveDate, days: u32) -> InputItem {
    InputItem {
        id: i.id,
        version: i.version,
        source: i.group.into(),
        project_title,
        project_id: i.project_id,
        date: i.date,
        status: i.feedback_loop.status(),
        overdue: i.feedback_loop.is_overdue(i.date, today, days),
        text: i.text,
        themes: i.themes,
        may_quote: i.may_quote,
        answer: i.feedback_loop.answer,
        reported_back: i.feedback_loop.reported_back,
    }
}

/// The points and inputs behind index entries, as lists show them, in the same order
/// (entries whose record is gone are left out). Each kind and the project titles are
/// read once, however many entries there are: one query each on PostgreSQL.
pub(crate) fn items_of_entries(
    store: &Store,
    entries: &[crate::store::inputs::Entry],
    today: NaiveDate,
    days: u32,
) -> AppResult<Vec<InputItem>> {
    let (board, other): (Vec<_>, Vec<_>) =
        entries.iter().partition(|e| e.source == InputSource::Board);
    let ids = |es: Vec<&crate::store::inputs::Entry>| es.iter().map(|e| e.id).collect::<Vec<_>>();
    let mut points: HashMap<Id, FeedbackPoint> = store
        .get_many::<FeedbackPoint>(&ids(board))?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut inputs: HashMap<Id, Input> = store
        .get_many::<Input>(&ids(other))?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let projects: Vec<Id> = entries.iter().map(|e| e.project_id).collect();
    let titles = store.project_titles(&projects)?;
    let title = |id: &Id| titles.get(id).cloned().unwrap_or_default();
    Ok(entries
        .iter()
        .filter_map(|e| match e.source {
            InputSource::Board => points
                .remove(&e.id)
                .map(|p| item_of_point(p, title(&e.project_id), today, days)),
            _ => inputs
                .remove(&e.id)
                .map(|i| item_of_input(i, title(&e.project_id), today, days)),
        })
        .collect())
}

/// All input that passes `q` (board feedback and other input together), newest first.
pub fn search(store: &Store, q: &InputQuery, today: NaiveDate) -> AppResult<InputHits> {
    let days = store.settings()?.overdue_days;
    let found = store.search_inputs(q, today, days)?;
    Ok(InputHits {
        total: found.total,
        capped: found.capped,
        items: items_of_entries(store, &found.entries, today, days)?,
    })
}

/// Every point and input of one project, newest first.
pub fn of_project(store: &Store, project_id: Id, today: NaiveDate) -> AppResult<Vec<InputItem>> {
    Ok(search(
        store,
        &InputQuery {
            project_id: Some(project_id),
            limit: u32::MAX,
            ..Default::default()
        },
        today,
    )?
    .items)
}

/// Themes with counts, for one project or the whole database.
pub fn themes(store: &Store, project_id: Option<Id>) -> AppResult<Vec<ThemeCount>> {
    Ok(store
        .theme_counts(project_id)?
        .into_iter()
        .map(|(theme, count)| ThemeCount { theme, count })
        .collect())
}

/// The next version of a point or input with its themes passed through `replace`.
fn retheme<T: Looped>(
    store: &Store,
    id: Id,
    now: chrono::DateTime<Utc>,
    replace: &dyn Fn(&[String]) -> Vec<String>,
) -> AppResult<Write> {
    let mut next = store.get::<T>(id)?.bumped(now);
    let themes = replace(next.themes_mut());
    *next.themes_mut() = themes;
    Write::record(&next)
}

/// Replaces the themes `from` (case-insensitive) by `into` on every point and input that
/// carries one of them, in one transaction. Renaming is merging one theme. Returns how many
/// records changed.
pub fn merge_themes(store: &Store, from: &[String], into: &str) -> AppResult<usize> {
    let mut errors = Vec::new();
    let into = checked(
        "into",
        into,
        true,
        crate::domain::input::limits::THEME,
        &mut errors,
    );
    if from.is_empty() || from.iter().any(|f| f.trim().is_empty()) {
        errors.push(FieldError::new("from", Rule::Required));
    } else if from.iter().any(|f| has_invalid_characters(f)) {
        errors.push(FieldError::new("from", Rule::InvalidCharacters));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let wanted: Vec<String> = from.iter().map(|f| fold(f.trim())).collect();
    let replace = |themes: &[String]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in themes {
            let t = if wanted.contains(&fold(t)) {
                into.clone()
            } else {
                t.clone()
            };
            if !out.iter().any(|o| fold(o) == fold(&t)) {
                out.push(t);
            }
        }
        out
    };
    let now = Utc::now();
    let mut writes = Vec::new();
    for (source, id) in store.with_themes(from)? {
        writes.push(match source {
            InputSource::Board => retheme::<FeedbackPoint>(store, id, now, &replace)?,
            _ => retheme::<Input>(store, id, now, &replace)?,
        });
    }
    store.commit(&writes)?;
    Ok(writes.len())
}

//! A project's impact log (`domain::impact`): entries recorded from the project's page,
//! linked to the project's own feedback points and input; read by the project page,
//! GRIPP2 ("outcomes" and "reflections") and the year report.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::domain::error::{AppError, AppResult, Rule};
use crate::domain::feedback::FeedbackPoint;
use crate::domain::impact::{ImpactEntry, ImpactFields, ImpactInput, ImpactKind};
use crate::domain::input::{Input, InputSource};
use crate::domain::{new_id, Id};
use crate::store::{Store, Write};

/// Refuses links to points or input of another project (or none).
fn check_links(store: &Store, project_id: Id, f: &ImpactFields) -> AppResult<()> {
    let points: Vec<FeedbackPoint> = store.get_many(&f.points)?;
    if points.len() != f.points.len() || points.iter().any(|p| p.project_id != project_id) {
        return Err(AppError::invalid("points", Rule::InvalidChoice));
    }
    let inputs: Vec<Input> = store.get_many(&f.inputs)?;
    if inputs.len() != f.inputs.len() || inputs.iter().any(|i| i.project_id != project_id) {
        return Err(AppError::invalid("inputs", Rule::InvalidChoice));
    }
    Ok(())
}

pub fn add(
    store: &Store,
    project_id: Id,
    input: &ImpactInput,
    now: DateTime<Utc>,
) -> AppResult<ImpactEntry> {
    let fields = input.validate(super::local_day(now))?;
    store.project(project_id)?;
    check_links(store, project_id, &fields)?;
    let entry = ImpactEntry::new(new_id(), project_id, fields, super::actor(store)?, now);
    store.commit(&[Write::record(&entry)?])?;
    Ok(entry)
}

pub fn edit(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &ImpactInput,
    now: DateTime<Utc>,
) -> AppResult<ImpactEntry> {
    let fields = input.validate(super::local_day(now))?;
    let entry: ImpactEntry = super::current(store, id, expected_version)?;
    check_links(store, entry.project_id, &fields)?;
    let mut next = entry.next_version(now);
    next.kind = fields.kind;
    next.date = fields.date;
    next.text = fields.text;
    next.who = fields.who;
    next.consent = fields.consent;
    next.points = fields.points;
    next.inputs = fields.inputs;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Withdraws the consent behind what an entry says it meant: the person's words and who
/// they are go; the entry stays (dated, with who recorded it), and no report quotes it.
pub fn withdraw_consent(
    store: &Store,
    id: Id,
    expected_version: u64,
    now: DateTime<Utc>,
) -> AppResult<ImpactEntry> {
    let entry: ImpactEntry = super::current(store, id, expected_version)?;
    if entry.kind != ImpactKind::Meaning {
        return Err(AppError::NotAllowed {
            rule: "impact_not_words",
        });
    }
    if entry.is_withdrawn() {
        return Ok(entry);
    }
    let next = entry.withdrawn(now);
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// A point or input an entry links to, as the log shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Link {
    pub id: Id,
    pub source: InputSource,
    pub date: NaiveDate,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImpactView {
    pub entry: ImpactEntry,
    pub links: Vec<Link>,
}

/// Every entry of the project's log (of every project with `None`), oldest first.
pub fn entries_of(store: &Store, project_id: Option<Id>) -> AppResult<Vec<ImpactEntry>> {
    let mut entries: Vec<ImpactEntry> = store
        .all::<ImpactEntry>()?
        .into_iter()
        .filter(|e| project_id.is_none_or(|p| p == e.project_id))
        .collect();
    entries.sort_by_key(|e| (e.date, e.id));
    Ok(entries)
}

/// The project's log with what each entry links to, oldest first.
pub fn log(store: &Store, project_id: Id) -> AppResult<Vec<ImpactView>> {
    let entries = entries_of(store, Some(project_id))?;
    let point_ids: Vec<Id> = entries.iter().flat_map(|e| e.points.clone()).collect();
    let input_ids: Vec<Id> = entries.iter().flat_map(|e| e.inputs.clone()).collect();
    let points: std::collections::HashMap<Id, FeedbackPoint> = store
        .get_many::<FeedbackPoint>(&point_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let inputs: std::collections::HashMap<Id, Input> = store
        .get_many::<Input>(&input_ids)?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    Ok(entries
        .into_iter()
        .map(|entry| {
            let mut links: Vec<Link> = entry
                .points
                .iter()
                .filter_map(|id| points.get(id))
                .map(|p| Link {
                    id: p.id,
                    source: InputSource::Board,
                    date: p.given_on,
                    text: p.text.clone(),
                })
                .collect();
            links.extend(
                entry
                    .inputs
                    .iter()
                    .filter_map(|id| inputs.get(id))
                    .map(|i| Link {
                        id: i.id,
                        source: i.group.into(),
                        date: i.date,
                        text: i.text.clone(),
                    }),
            );
            ImpactView { entry, links }
        })
        .collect())
}

/// The entries of one kind as GRIPP2 paragraphs: each dated, what it meant with whose
/// words they are.
pub fn paragraphs(entries: &[ImpactEntry], kind: ImpactKind) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.kind == kind && !e.is_withdrawn())
        .map(|e| {
            let day = e.date.format("%d-%m-%Y");
            match kind {
                ImpactKind::Change => format!("{day}: {}", e.text),
                ImpactKind::Meaning if e.who.is_empty() => format!("{day}: »{}«", e.text),
                ImpactKind::Meaning => format!("{day}: »{}« ({})", e.text, e.who),
            }
        })
        .collect()
}

//! The Peer-board: members, meetings, consultations and feedback points, and the views
//! that put them together for the screens.
//!
//! - `members`: add, edit, mark as left.
//! - `consultations`: request a consultation on a project, edit it.
//! - `meetings`: plan, agenda (schedule, reorder), attendance, minutes, held, cancelled,
//!   the report-back list of a meeting and marking points reported back.
//! - `feedback`: record points (each saved as entered), drafts, answers.
//! - `views`: what the screens show, with derived status and overdue.
//! - `compiled`: the compiled feedback for a requester, as Markdown and HTML.

pub mod compiled;
pub mod consultations;
pub mod feedback;
pub mod meetings;
pub mod members;
pub mod views;

use std::collections::HashMap;

use chrono::{Local, NaiveDate};

use crate::domain::error::AppResult;
use crate::domain::feedback::FeedbackPoint;
use crate::domain::Id;
use crate::store::{Store, Table};

/// The feedback points of each of these consultations, in the order given: the links and
/// the points are each read at once, however many consultations there are.
pub(crate) fn points_by_consultation(
    store: &Store,
    consultations: &[Id],
) -> AppResult<HashMap<Id, Vec<FeedbackPoint>>> {
    let links = store.linked_many(Table::ConsultationPoints, consultations)?;
    let wanted: Vec<Id> = consultations
        .iter()
        .flat_map(|c| links.get(c).into_iter().flatten().copied())
        .collect();
    let mut points: HashMap<Id, FeedbackPoint> = store
        .get_many::<FeedbackPoint>(&wanted)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(links
        .into_iter()
        .map(|(c, ids)| {
            let own = ids.iter().filter_map(|p| points.remove(p)).collect();
            (c, own)
        })
        .collect())
}

/// Today in the computer's time zone: the day overdue is counted to.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

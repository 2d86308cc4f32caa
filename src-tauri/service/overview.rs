//! Oversigt: the figures a manager follows — projects by phase, feedback and input awaiting
//! an answer (and overdue), answered but not reported back, upcoming meetings, consultations
//! waiting for a meeting, and the year's figures. Computed from the in-memory indexes and
//! the small meeting and consultation indexes, never by decoding every record.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::board::views::MeetingSummary;
use crate::domain::error::AppResult;
use crate::domain::feedback_loop::{AnswerStatus, LoopStatus};
use crate::domain::input::InputSource;
use crate::domain::meeting::{Meeting, MeetingStatus};
use crate::domain::project::Phase;
use crate::store::{Store, Table};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PhaseCount {
    pub phase: Phase,
    #[ts(type = "number")]
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SourceCount {
    pub source: InputSource,
    #[ts(type = "number")]
    pub count: usize,
}

/// The figures of one calendar year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct YearFigures {
    pub year: i32,
    #[ts(type = "number")]
    pub meetings_held: usize,
    /// Consultations discussed at meetings held in the year.
    #[ts(type = "number")]
    pub consultations: usize,
    /// Board points and input given in the year, by source.
    pub inputs_by_source: Vec<SourceCount>,
    #[ts(type = "number")]
    pub inputs: usize,
    #[ts(type = "number")]
    pub answered: usize,
    /// Answered (or reported back) of all given in the year, 0–1; `None` when none given.
    pub share_answered: Option<f64>,
    /// Median days from given to answered, over those answered; `None` when none answered.
    pub median_days_to_answer: Option<f64>,
    /// Adopted fully or partly, of those answered, 0–1.
    pub share_adopted: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Overview {
    /// Active (not archived) projects by phase, in phase order, phases without projects included.
    pub projects_by_phase: Vec<PhaseCount>,
    #[ts(type = "number")]
    pub awaiting_answer: usize,
    #[ts(type = "number")]
    pub overdue: usize,
    #[ts(type = "number")]
    pub answered_not_reported: usize,
    /// Planned meetings, soonest first.
    pub upcoming_meetings: Vec<MeetingSummary>,
    #[ts(type = "number")]
    pub consultations_waiting: usize,
    pub year: YearFigures,
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn median(mut values: Vec<i64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    } else {
        values[mid] as f64
    })
}

/// The overview on `today`, with the figures of `today`'s year.
pub fn build(store: &Store, today: NaiveDate) -> AppResult<Overview> {
    let days = store.settings()?.overdue_days;
    let mut projects_by_phase: Vec<PhaseCount> = Phase::ALL
        .iter()
        .map(|phase| PhaseCount {
            phase: *phase,
            count: 0,
        })
        .collect();
    store.each_project(|p| {
        if !p.archived {
            if let Some(c) = projects_by_phase.iter_mut().find(|c| c.phase == p.phase) {
                c.count += 1;
            }
        }
    });

    let year = today.year();
    let (mut awaiting, mut overdue, mut unreported) = (0, 0, 0);
    let mut by_source: Vec<SourceCount> = InputSource::ALL
        .iter()
        .map(|s| SourceCount {
            source: *s,
            count: 0,
        })
        .collect();
    let (mut given, mut answered, mut adopted) = (0, 0, 0);
    let mut days_to_answer = Vec::new();
    store.each_input(|e| {
        match e.status {
            LoopStatus::Awaiting => {
                awaiting += 1;
                if e.is_overdue(today, days) {
                    overdue += 1;
                }
            }
            LoopStatus::Answered => unreported += 1,
            LoopStatus::ReportedBack => {}
        }
        if e.date.year() == year {
            given += 1;
            if let Some(c) = by_source.iter_mut().find(|c| c.source == e.source) {
                c.count += 1;
            }
            if let Some((status, date)) = e.answer {
                answered += 1;
                days_to_answer.push((date - e.date).num_days());
                if matches!(status, AnswerStatus::Adopted | AnswerStatus::PartlyAdopted) {
                    adopted += 1;
                }
            }
        }
    });

    let held: Vec<Meeting> = store
        .all::<Meeting>()?
        .into_iter()
        .filter(|m| m.status == MeetingStatus::Held && m.date.year() == year)
        .collect();
    let mut upcoming: Vec<MeetingSummary> = store
        .get_many::<Meeting>(&store.marked(Table::PlannedMeetings)?)?
        .into_iter()
        .map(|m| MeetingSummary {
            agenda_count: m.agenda.len(),
            attendance_count: m.attendance.len(),
            meeting: m,
        })
        .collect();
    upcoming.sort_by_key(|s| (s.meeting.date, s.meeting.time));

    Ok(Overview {
        projects_by_phase,
        awaiting_answer: awaiting,
        overdue,
        answered_not_reported: unreported,
        upcoming_meetings: upcoming,
        consultations_waiting: store.marked(Table::RequestedConsultations)?.len(),
        year: YearFigures {
            year,
            meetings_held: held.len(),
            consultations: held.iter().map(|m| m.agenda.len()).sum(),
            inputs: given,
            answered,
            share_answered: share(answered, given),
            median_days_to_answer: median(days_to_answer),
            share_adopted: share(adopted, answered),
            inputs_by_source: by_source,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![9, 1, 5]), Some(5.0));
        assert_eq!(median(vec![4, 1, 10, 2]), Some(3.0));
    }
}

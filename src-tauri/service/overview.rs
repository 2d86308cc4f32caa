//! Oversigt: the figures a manager follows — projects by phase, feedback and input awaiting
//! an answer (and overdue), answered but not reported back, upcoming meetings, consultations
//! waiting for a meeting, and the year's figures. Computed from counts the input index keeps
//! up to date with every change ([`Tally`]), the project index and the small meeting
//! indexes, never by scanning every point and input.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::board::views::MeetingSummary;
use crate::domain::error::AppResult;
use crate::domain::input::InputSource;
use crate::domain::project::Phase;
use crate::store::inputs::{Tally, YearTally};
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
    /// The first few planned meetings, soonest first ([`UPCOMING_SHOWN`]).
    pub upcoming_meetings: Vec<MeetingSummary>,
    /// How many meetings are planned in all (the Peer-board lists them all).
    #[ts(type = "number")]
    pub planned_meetings: usize,
    #[ts(type = "number")]
    pub consultations_waiting: usize,
    pub year: YearFigures,
    /// What the retention rules will erase in the next 14 days (*Det her slettes snart*),
    /// as their last daily run found it.
    pub soon: Vec<SoonErased>,
    /// Information material whose review is overdue or due within 30 days.
    pub reviews: super::materials::ReviewFigures,
    /// Hours registered this year, per project and per kind of work.
    pub hours: super::hours::HoursSummary,
}

/// What the retention rules will erase soon: when, what, in which project, how many.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SoonErased {
    pub on: NaiveDate,
    pub kind: crate::domain::keeping::DueKind,
    pub project_title: Option<String>,
    #[ts(type = "number")]
    pub count: usize,
}

/// How many planned meetings the Oversigt lists.
pub const UPCOMING_SHOWN: usize = 5;

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The median of a histogram of values → how many.
fn median(histogram: &BTreeMap<i64, usize>) -> Option<f64> {
    let n: usize = histogram.values().sum();
    if n == 0 {
        return None;
    }
    // The values at sorted positions (n-1)/2 and n/2 (the same one when n is odd).
    let nth = |k: usize| {
        let mut seen = 0;
        for (value, count) in histogram {
            seen += count;
            if seen > k {
                return *value;
            }
        }
        0
    };
    Some((nth((n - 1) / 2) + nth(n / 2)) as f64 / 2.0)
}

/// The figures of `year`: from the kept counts and the meetings held in it.
pub fn year_figures(store: &Store, year: i32, tally: &Tally) -> AppResult<YearFigures> {
    let year = crate::domain::text::checked_year("year", year)?;
    Ok(figures_of(year, store.held_counts_in(year)?, tally))
}

/// The figures of `year` from the meetings held in it and the consultations they
/// discussed (`held`), and the kept counts.
pub(crate) fn figures_of(year: i32, held: (usize, usize), tally: &Tally) -> YearFigures {
    let empty = YearTally::default();
    let t = tally.years.get(&year).unwrap_or(&empty);
    let inputs = t.given.iter().sum();
    YearFigures {
        year,
        meetings_held: held.0,
        consultations: held.1,
        inputs_by_source: InputSource::ALL
            .iter()
            .zip(t.given)
            .map(|(source, count)| SourceCount {
                source: *source,
                count,
            })
            .collect(),
        inputs,
        answered: t.answered,
        share_answered: share(t.answered, inputs),
        median_days_to_answer: median(&t.days_to_answer),
        share_adopted: share(t.adopted, t.answered),
    }
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
    let active = store.active_projects_by_phase()?;
    for c in &mut projects_by_phase {
        c.count = active.get(&c.phase).copied().unwrap_or(0);
    }
    let tally = store.input_tally()?;
    let (upcoming, planned_meetings) = store.first_planned_meetings(UPCOMING_SHOWN)?;
    let upcoming: Vec<MeetingSummary> = upcoming
        .into_iter()
        .map(|m| MeetingSummary {
            agenda_count: m.agenda.len(),
            attendance_count: m.attendance.len(),
            meeting: m,
        })
        .collect();

    Ok(Overview {
        projects_by_phase,
        awaiting_answer: tally.awaiting(),
        overdue: tally.overdue(today, days),
        answered_not_reported: tally.answered_not_reported,
        upcoming_meetings: upcoming,
        planned_meetings,
        consultations_waiting: store.marked(Table::RequestedConsultations)?.len(),
        year: year_figures(store, today.year(), &tally)?,
        soon: soon_erased(store)?,
        reviews: super::materials::review_figures(store, today)?,
        hours: super::hours::of_year(store, today.year())?,
    })
}

fn soon_erased(store: &Store) -> AppResult<Vec<SoonErased>> {
    let soon = super::rights::retention_soon(store)?;
    let ids: Vec<crate::domain::Id> = soon.iter().filter_map(|d| d.project).collect();
    let titles = store.project_titles(&ids)?;
    // One line per day, kind and project (a project's whole input may go on one day).
    let mut grouped: BTreeMap<
        (
            NaiveDate,
            crate::domain::keeping::DueKind,
            Option<crate::domain::Id>,
        ),
        usize,
    > = BTreeMap::new();
    for d in soon {
        *grouped.entry((d.on, d.kind, d.project)).or_default() += 1;
    }
    Ok(grouped
        .into_iter()
        .map(|((on, kind, project), count)| SoonErased {
            on,
            kind,
            project_title: project.and_then(|p| titles.get(&p).cloned()),
            count,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::median;

    fn histogram(values: &[i64]) -> std::collections::BTreeMap<i64, usize> {
        let mut h = std::collections::BTreeMap::new();
        for v in values {
            *h.entry(*v).or_default() += 1;
        }
        h
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&histogram(&[])), None);
        assert_eq!(median(&histogram(&[9, 1, 5])), Some(5.0));
        assert_eq!(median(&histogram(&[4, 1, 10, 2])), Some(3.0));
        assert_eq!(median(&histogram(&[7, 7, 7, 1])), Some(7.0));
        assert_eq!(median(&histogram(&[-2, 3])), Some(0.5));
    }
}

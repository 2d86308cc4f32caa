use chrono::Utc;

use super::members::check_version;
use crate::domain::consultation::Consultation;
use crate::domain::error::{AppError, AppResult, FieldError, Rule};
use crate::domain::feedback::FeedbackPoint;
use crate::domain::feedback_loop::{LoopStatus, ReportChannel};
use crate::domain::meeting::{Meeting, MeetingInput, MeetingStatus};
use crate::domain::member::Member;
use crate::domain::{new_id, Id};
use crate::store::{Store, Table, Write};

pub fn plan(store: &Store, input: &MeetingInput) -> AppResult<Meeting> {
    let meeting = Meeting::new(new_id(), input.validate()?, Utc::now());
    store.commit(&[
        Write::record(&meeting)?,
        Write::mark(Table::PlannedMeetings, meeting.id),
    ])?;
    Ok(meeting)
}

/// The meeting at `expected_version`.
fn current(store: &Store, id: Id, expected_version: u64) -> AppResult<Meeting> {
    let meeting: Meeting = store.get(id)?;
    check_version(meeting.version, expected_version)?;
    Ok(meeting)
}

/// Changes date, time and place of a planned meeting.
pub fn edit(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &MeetingInput,
) -> AppResult<Meeting> {
    let f = input.validate()?;
    let meeting = current(store, id, expected_version)?;
    meeting.require_planned()?;
    let mut next = meeting.next_version(Utc::now());
    next.date = f.date;
    next.time = f.time;
    next.place = f.place;
    next.online = f.online;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// The writes that put a consultation on meeting `to`, or (with `None`) back to requested.
fn moved(c: &Consultation, to: Option<Id>, now: chrono::DateTime<Utc>) -> AppResult<[Write; 2]> {
    let mut next = c.next_version(now);
    next.meeting_id = to;
    let requested = match to {
        Some(_) => Write::unmark(Table::RequestedConsultations, c.id),
        None => Write::mark(Table::RequestedConsultations, c.id),
    };
    Ok([Write::record(&next)?, requested])
}

/// Puts a requested consultation last on the agenda of a planned meeting.
pub fn schedule(
    store: &Store,
    id: Id,
    expected_version: u64,
    consultation_id: Id,
) -> AppResult<Meeting> {
    let meeting = current(store, id, expected_version)?;
    meeting.require_planned()?;
    let consultation: Consultation = store.get(consultation_id)?;
    if consultation.meeting_id.is_some() {
        return Err(AppError::NotAllowed {
            rule: "consultation_already_scheduled",
        });
    }
    let now = Utc::now();
    let mut next = meeting.next_version(now);
    next.agenda.push(consultation_id);
    let mut writes = vec![Write::record(&next)?];
    writes.extend(moved(&consultation, Some(id), now)?);
    store.commit(&writes)?;
    Ok(next)
}

/// Takes a consultation off the agenda of a planned meeting; it is requested again.
/// One with feedback recorded stays: the feedback was given at this meeting.
pub fn unschedule(
    store: &Store,
    id: Id,
    expected_version: u64,
    consultation_id: Id,
) -> AppResult<Meeting> {
    let meeting = current(store, id, expected_version)?;
    meeting.require_planned()?;
    if !meeting.agenda.contains(&consultation_id) {
        return Err(AppError::invalid("agenda", Rule::InvalidChoice));
    }
    if !store
        .linked(Table::ConsultationPoints, consultation_id)?
        .is_empty()
    {
        return Err(AppError::NotAllowed {
            rule: "consultation_has_feedback",
        });
    }
    let now = Utc::now();
    let mut next = meeting.next_version(now);
    next.agenda.retain(|c| *c != consultation_id);
    let mut writes = vec![Write::record(&next)?];
    writes.extend(moved(&store.get(consultation_id)?, None, now)?);
    store.commit(&writes)?;
    Ok(next)
}

/// Puts the agenda in a new order (same consultations, same report-back points).
pub fn reorder(
    store: &Store,
    id: Id,
    expected_version: u64,
    agenda: &[Id],
    report_back: &[Id],
) -> AppResult<Meeting> {
    let meeting = current(store, id, expected_version)?;
    let mut next = meeting.next_version(Utc::now());
    next.agenda = Meeting::reordered(&meeting.agenda, agenda, "agenda")?;
    next.report_back = Meeting::reordered(&meeting.report_back, report_back, "report_back")?;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Records who attended. Every id must be a member; members who later leave stay here.
pub fn set_attendance(
    store: &Store,
    id: Id,
    expected_version: u64,
    members: &[Id],
) -> AppResult<Meeting> {
    let meeting = current(store, id, expected_version)?;
    if meeting.status == MeetingStatus::Cancelled {
        return Err(AppError::NotAllowed {
            rule: "meeting_cancelled",
        });
    }
    let mut unique = members.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let found: Vec<Member> = store.get_many(&unique)?;
    if found.len() != unique.len() {
        return Err(AppError::invalid("attendance", Rule::InvalidChoice));
    }
    let mut next = meeting.next_version(Utc::now());
    // Each member once, in the order given (a repeat would count them, and pay them, twice).
    let mut seen = std::collections::HashSet::new();
    next.attendance = members
        .iter()
        .copied()
        .filter(|m| seen.insert(*m))
        .collect();
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

pub fn set_minutes(
    store: &Store,
    id: Id,
    expected_version: u64,
    minutes: &str,
) -> AppResult<Meeting> {
    let minutes = Meeting::checked_minutes(minutes)?;
    let meeting = current(store, id, expected_version)?;
    let mut next = meeting.next_version(Utc::now());
    next.minutes = minutes;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

pub fn mark_held(store: &Store, id: Id, expected_version: u64) -> AppResult<Meeting> {
    let meeting = current(store, id, expected_version)?;
    meeting.require_planned()?;
    let mut next = meeting.next_version(Utc::now());
    next.status = MeetingStatus::Held;
    store.commit(&[
        Write::record(&next)?,
        Write::unmark(Table::PlannedMeetings, id),
    ])?;
    Ok(next)
}

/// Cancels a planned meeting. Its consultations go back to requested so none is
/// forgotten, and its report-back points wait for another meeting. A meeting where
/// feedback was already recorded was not cancelled: it was held.
pub fn cancel(store: &Store, id: Id, expected_version: u64) -> AppResult<Meeting> {
    let meeting = current(store, id, expected_version)?;
    meeting.require_planned()?;
    for c in &meeting.agenda {
        if !store.linked(Table::ConsultationPoints, *c)?.is_empty() {
            return Err(AppError::NotAllowed {
                rule: "meeting_has_feedback",
            });
        }
    }
    let now = Utc::now();
    let mut next = meeting.next_version(now);
    next.status = MeetingStatus::Cancelled;
    next.agenda.clear();
    next.report_back.clear();
    let mut writes = vec![
        Write::record(&next)?,
        Write::unmark(Table::PlannedMeetings, id),
    ];
    for c in store.get_many::<Consultation>(&meeting.agenda)? {
        writes.extend(moved(&c, None, now)?);
    }
    store.commit(&writes)?;
    Ok(next)
}

/// Puts answered points on the meeting's report-back list.
pub fn add_report_back(
    store: &Store,
    id: Id,
    expected_version: u64,
    points: &[Id],
) -> AppResult<Meeting> {
    let meeting = current(store, id, expected_version)?;
    meeting.require_planned()?;
    let found: Vec<FeedbackPoint> = store.get_many(points)?;
    if found.len() != points.len() {
        return Err(AppError::invalid("report_back", Rule::InvalidChoice));
    }
    for p in &found {
        match p.status() {
            LoopStatus::Answered => {}
            LoopStatus::Awaiting => {
                return Err(AppError::NotAllowed {
                    rule: "report_back_before_answer",
                })
            }
            LoopStatus::ReportedBack => {
                return Err(AppError::NotAllowed {
                    rule: "already_reported_back",
                })
            }
        }
    }
    let mut next = meeting.next_version(Utc::now());
    for p in points {
        if !next.report_back.contains(p) {
            next.report_back.push(*p);
        }
    }
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Takes points off the meeting's report-back list.
pub fn remove_report_back(
    store: &Store,
    id: Id,
    expected_version: u64,
    points: &[Id],
) -> AppResult<Meeting> {
    let meeting = current(store, id, expected_version)?;
    let mut next = meeting.next_version(Utc::now());
    next.report_back.retain(|p| !points.contains(p));
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Marks points on the meeting's report-back list as reported back at this meeting.
pub fn mark_reported_back(store: &Store, id: Id, points: &[Id]) -> AppResult<Vec<FeedbackPoint>> {
    let meeting: Meeting = store.get(id)?;
    if meeting.status == MeetingStatus::Cancelled {
        return Err(AppError::NotAllowed {
            rule: "meeting_cancelled",
        });
    }
    if let Some(p) = points.iter().find(|p| !meeting.report_back.contains(p)) {
        let _ = p;
        return Err(AppError::Validation(vec![FieldError::new(
            "report_back",
            Rule::InvalidChoice,
        )]));
    }
    let (writes, done) = crate::service::feedback_loop::report_back_writes(
        store.get_many::<FeedbackPoint>(points)?,
        ReportChannel::Meeting,
        Some(id),
        meeting.date,
        Utc::now(),
    )?;
    store.commit(&writes)?;
    Ok(done)
}

pub fn all(store: &Store) -> AppResult<Vec<Meeting>> {
    store.all()
}

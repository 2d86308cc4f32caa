use chrono::Utc;

use super::members::check_version;
use crate::domain::consultation::Consultation;
use crate::domain::error::{AppError, AppResult};
use crate::domain::feedback::{FeedbackInput, FeedbackPoint};
use crate::domain::feedback_loop::{AnswerInput, FeedbackLoop};
use crate::domain::meeting::{Meeting, MeetingStatus};
use crate::domain::{new_id, Id};
use crate::store::{Store, Table, Write};

/// The draft key of the feedback being typed for a consultation.
pub fn draft_key(consultation_id: Id) -> String {
    format!("feedback:{consultation_id}")
}

/// Records one feedback point on a consultation that is on a meeting. The point is on disk
/// when this returns, and the consultation's draft is cleared with it.
pub fn record(
    store: &Store,
    consultation_id: Id,
    input: &FeedbackInput,
) -> AppResult<FeedbackPoint> {
    let (text, themes) = input.validate()?;
    let consultation: Consultation = store.get(consultation_id)?;
    let meeting: Meeting = match consultation.meeting_id {
        Some(m) => store.get(m)?,
        None => {
            return Err(AppError::NotAllowed {
                rule: "consultation_not_scheduled",
            })
        }
    };
    if meeting.status == MeetingStatus::Cancelled {
        return Err(AppError::NotAllowed {
            rule: "meeting_cancelled",
        });
    }
    let now = Utc::now();
    let point = FeedbackPoint {
        id: new_id(),
        version: 1,
        consultation_id,
        project_id: consultation.project_id,
        meeting_id: Some(meeting.id),
        given_on: meeting.date,
        text,
        themes,
        feedback_loop: FeedbackLoop::default(),
        recorded_by: crate::service::actor(store)?,
        created_at: now,
        updated_at: now,
    };
    store.commit(&[
        Write::record(&point)?,
        Write::link(Table::ConsultationPoints, consultation_id, point.id),
        Write::draft(&draft_key(consultation_id), ""),
    ])?;
    Ok(point)
}

/// Corrects the text and themes of a point not yet reported back.
pub fn edit(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &FeedbackInput,
) -> AppResult<FeedbackPoint> {
    let (text, themes) = input.validate()?;
    let point: FeedbackPoint = store.get(id)?;
    check_version(point.version, expected_version)?;
    if point.feedback_loop.reported_back.is_some() {
        return Err(AppError::NotAllowed {
            rule: "edit_after_report_back",
        });
    }
    let mut next = point.next_version(Utc::now());
    next.text = text;
    next.themes = themes;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Records the requester's answer to a point; it then waits to be reported back.
pub fn answer(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &AnswerInput,
) -> AppResult<FeedbackPoint> {
    crate::service::feedback_loop::answer(store, id, expected_version, input, super::today())
}

/// Only drafts of feedback entry are reached through these calls (a GRIPP2 draft has its
/// own, with its own permission): `feedback:<consultation id>`, so no typed text ever ends
/// up in a key of the database.
fn feedback_key(key: &str) -> AppResult<()> {
    if key
        .strip_prefix("feedback:")
        .is_some_and(|id| id.parse::<Id>().is_ok())
    {
        Ok(())
    } else {
        Err(AppError::invalid(
            "key",
            crate::domain::error::Rule::InvalidChoice,
        ))
    }
}

/// Keeps what is being typed, so a closed window or a crash loses nothing.
pub fn save_draft(store: &Store, key: &str, text: &str) -> AppResult<()> {
    feedback_key(key)?;
    if key.len() > 100 || text.chars().count() > 20_000 {
        return Err(AppError::invalid(
            "draft",
            crate::domain::error::Rule::TooLong,
        ));
    }
    store.commit(&[Write::draft(key, text)])
}

pub fn draft(store: &Store, key: &str) -> AppResult<String> {
    feedback_key(key)?;
    store.draft(key)
}

//! Consultations (*sparring*): a project brought to the Peer-board with the requester's
//! questions. Its status is derived from its meeting and its feedback points, never typed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::choice_enum;
use super::error::{AppError, FieldError, Rule};
use super::feedback_loop::{FeedbackLoop, LoopStatus};
use super::meeting::MeetingStatus;
use super::text::checked;
use super::Id;

choice_enum! {
    ConsultationStatus {
        Requested = "requested",
        Scheduled = "scheduled",
        Discussed = "discussed",
        Answered = "answered",
        ReportedBack = "reported_back",
    }
}

pub mod limits {
    pub const QUESTIONS: usize = 5000;
    pub const MATERIAL: usize = 5000;
    pub const LINK: usize = 500;
    pub const LINKS: usize = 20;
    pub const PRESENTER: usize = 200;
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Consultation {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub project_id: Id,
    /// The requester's questions to the board.
    pub questions: String,
    /// The material shown, described in text.
    pub material: String,
    pub links: Vec<String>,
    /// Who presents the case at the meeting.
    pub presenter: String,
    /// The meeting it is on; `None` while requested.
    pub meeting_id: Option<Id>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ConsultationInput {
    pub questions: String,
    pub material: String,
    pub links: Vec<String>,
    pub presenter: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConsultationFields {
    pub questions: String,
    pub material: String,
    pub links: Vec<String>,
    pub presenter: String,
}

impl ConsultationInput {
    pub fn validate(&self) -> Result<ConsultationFields, AppError> {
        let mut errors = Vec::new();
        let questions = checked(
            "questions",
            &self.questions,
            true,
            limits::QUESTIONS,
            &mut errors,
        );
        let material = checked(
            "material",
            &self.material,
            false,
            limits::MATERIAL,
            &mut errors,
        );
        let presenter = checked(
            "presenter",
            &self.presenter,
            false,
            limits::PRESENTER,
            &mut errors,
        );
        let mut links = Vec::new();
        for link in self
            .links
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
        {
            if link.chars().count() > limits::LINK {
                errors.push(FieldError::with_limit("links", Rule::TooLong, limits::LINK));
                break;
            }
            if link.chars().any(char::is_control) {
                errors.push(FieldError::new("links", Rule::InvalidCharacters));
                break;
            }
            let rest = link
                .strip_prefix("https://")
                .or_else(|| link.strip_prefix("http://"));
            if rest.is_none_or(|r| r.trim().is_empty()) {
                errors.push(FieldError::new("links", Rule::InvalidFormat));
                break;
            }
            links.push(link.to_owned());
        }
        if links.len() > limits::LINKS {
            errors.push(FieldError::with_limit(
                "links",
                Rule::TooMany,
                limits::LINKS,
            ));
        }
        if errors.is_empty() {
            Ok(ConsultationFields {
                questions,
                material,
                links,
                presenter,
            })
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

impl Consultation {
    pub fn new(id: Id, project_id: Id, f: ConsultationFields, now: DateTime<Utc>) -> Self {
        Consultation {
            id,
            version: 1,
            project_id,
            questions: f.questions,
            material: f.material,
            links: f.links,
            presenter: f.presenter,
            meeting_id: None,
            created_at: now,
            updated_at: now,
        }
    }
}

/// The status of a consultation, from the status of its meeting (if any) and the loops of
/// its feedback points:
/// reported back when every point is; answered when every point is answered;
/// discussed once the meeting is held or points are recorded; scheduled while on a planned
/// meeting; requested otherwise.
pub fn consultation_status<'a>(
    meeting: Option<MeetingStatus>,
    points: impl IntoIterator<Item = &'a FeedbackLoop>,
) -> ConsultationStatus {
    let mut any = false;
    let mut all_answered = true;
    let mut all_reported = true;
    for l in points {
        any = true;
        let s = l.status();
        all_answered &= s != LoopStatus::Awaiting;
        all_reported &= s == LoopStatus::ReportedBack;
    }
    match meeting {
        _ if any && all_reported => ConsultationStatus::ReportedBack,
        _ if any && all_answered => ConsultationStatus::Answered,
        Some(MeetingStatus::Held) => ConsultationStatus::Discussed,
        _ if any => ConsultationStatus::Discussed,
        Some(MeetingStatus::Planned) => ConsultationStatus::Scheduled,
        Some(MeetingStatus::Cancelled) | None => ConsultationStatus::Requested,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::feedback_loop::{Answer, AnswerStatus, ReportChannel, ReportedBack};
    use chrono::NaiveDate;

    fn answered(reported: bool) -> FeedbackLoop {
        let date = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
        FeedbackLoop {
            answer: Some(Answer {
                status: AnswerStatus::Adopted,
                text: String::new(),
                reason: String::new(),
                by: "R".into(),
                date,
                recorded_at: Utc::now(),
            }),
            reported_back: reported.then(|| ReportedBack {
                channel: ReportChannel::Meeting,
                meeting_id: None,
                date,
                recorded_at: Utc::now(),
            }),
        }
    }

    #[test]
    fn status_follows_meeting_and_points() {
        use ConsultationStatus::*;
        let none: [FeedbackLoop; 0] = [];
        assert_eq!(consultation_status(None, &none), Requested);
        assert_eq!(
            consultation_status(Some(MeetingStatus::Planned), &none),
            Scheduled
        );
        assert_eq!(
            consultation_status(Some(MeetingStatus::Held), &none),
            Discussed
        );
        let open = [FeedbackLoop::default(), answered(false)];
        assert_eq!(
            consultation_status(Some(MeetingStatus::Held), &open),
            Discussed
        );
        let done = [answered(false), answered(true)];
        assert_eq!(
            consultation_status(Some(MeetingStatus::Held), &done),
            Answered
        );
        let reported = [answered(true), answered(true)];
        assert_eq!(
            consultation_status(Some(MeetingStatus::Held), &reported),
            ReportedBack
        );
    }

    #[test]
    fn questions_required_and_links_must_be_web_addresses() {
        let i = ConsultationInput {
            questions: " ".into(),
            links: vec!["intranet/pjece.pdf".into()],
            ..Default::default()
        };
        match i.validate().expect_err("bad") {
            AppError::Validation(f) => assert_eq!(
                f.iter()
                    .map(|e| (e.field.as_str(), e.rule))
                    .collect::<Vec<_>>(),
                vec![
                    ("questions", Rule::Required),
                    ("links", Rule::InvalidFormat)
                ]
            ),
            other => panic!("{other:?}"),
        }
    }
}

//! The loop every piece of feedback goes through, whatever its source: it gets an answer
//! (adopted, partly adopted, not adopted with a reason, not relevant), and the answer is
//! reported back to those who gave it. One piece of code for board feedback and for input
//! from patients and relatives alike.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::{choice_enum, parse_choice};
use super::error::{AppError, FieldError, Rule};
use super::text::{checked, not_in_future, parse_date};
use super::Id;

choice_enum! {
    /// What the requester did with a point.
    AnswerStatus {
        Adopted = "adopted",
        PartlyAdopted = "partly_adopted",
        NotAdopted = "not_adopted",
        NotRelevant = "not_relevant",
    }
}

choice_enum! {
    /// How those who gave the feedback were told.
    ReportChannel {
        Meeting = "meeting",
        Letter = "letter",
        Newsletter = "newsletter",
        InPerson = "in_person",
    }
}

choice_enum! {
    /// Where a point is in the loop.
    LoopStatus {
        Awaiting = "awaiting",
        Answered = "answered",
        ReportedBack = "reported_back",
    }
}

pub mod limits {
    pub const ANSWER_TEXT: usize = 5000;
    pub const REASON: usize = 2000;
    pub const BY: usize = 200;
}

/// The requester's answer to one point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Answer {
    pub status: AnswerStatus,
    pub text: String,
    /// Required when the point was not adopted.
    pub reason: String,
    /// Who answered (the requester).
    pub by: String,
    /// When the answer was given.
    pub date: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

/// The answer as typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct AnswerInput {
    #[ts(as = "AnswerStatus")]
    pub status: String,
    pub text: String,
    pub reason: String,
    pub by: String,
    /// `YYYY-MM-DD`; empty means today.
    pub date: Option<String>,
}

impl AnswerInput {
    /// Checks the answer; `today` is the default date and the latest allowed.
    pub fn validate(&self, today: NaiveDate, now: DateTime<Utc>) -> Result<Answer, AppError> {
        let mut errors = Vec::new();
        let status = parse_choice("status", &self.status, AnswerStatus::parse, &mut errors);
        let text = checked("text", &self.text, false, limits::ANSWER_TEXT, &mut errors);
        let reason = checked("reason", &self.reason, false, limits::REASON, &mut errors);
        if status == Some(AnswerStatus::NotAdopted) && reason.is_empty() {
            errors.push(FieldError::new("reason", Rule::Required));
        }
        let by = checked("by", &self.by, true, limits::BY, &mut errors);
        let date = parse_date("date", self.date.as_deref(), &mut errors).unwrap_or(today);
        not_in_future("date", Some(date), today, &mut errors);
        match status {
            Some(status) if errors.is_empty() => Ok(Answer {
                status,
                text,
                reason,
                by,
                date,
                recorded_at: now,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

impl Answer {
    /// An answer cannot be dated before the day the point or input it answers was given
    /// (`before_given` on `date`).
    pub fn check_given(&self, given: NaiveDate) -> Result<(), AppError> {
        if self.date < given {
            Err(AppError::invalid("date", Rule::BeforeGiven))
        } else {
            Ok(())
        }
    }
}

/// That, when and how the answer was reported back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportedBack {
    pub channel: ReportChannel,
    /// The meeting it was reported at, for the board.
    pub meeting_id: Option<Id>,
    pub date: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

/// A point's place in the loop: its answer and whether it was reported back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct FeedbackLoop {
    pub answer: Option<Answer>,
    pub reported_back: Option<ReportedBack>,
}

impl FeedbackLoop {
    pub fn status(&self) -> LoopStatus {
        match (&self.answer, &self.reported_back) {
            (_, Some(_)) => LoopStatus::ReportedBack,
            (Some(_), None) => LoopStatus::Answered,
            (None, None) => LoopStatus::Awaiting,
        }
    }

    /// Records (or corrects) the answer. Once reported back, the answer is what people were
    /// told and cannot change.
    pub fn answer(&mut self, answer: Answer) -> Result<(), AppError> {
        if self.reported_back.is_some() {
            return Err(AppError::NotAllowed {
                rule: "answer_after_report_back",
            });
        }
        self.answer = Some(answer);
        Ok(())
    }

    /// Records that the answer was reported back. A point without an answer cannot be.
    pub fn report_back(&mut self, reported: ReportedBack) -> Result<(), AppError> {
        if self.answer.is_none() {
            return Err(AppError::NotAllowed {
                rule: "report_back_before_answer",
            });
        }
        if self.reported_back.is_some() {
            return Err(AppError::NotAllowed {
                rule: "already_reported_back",
            });
        }
        self.reported_back = Some(reported);
        Ok(())
    }

    /// Awaiting an answer for more than `days` days since `given`.
    pub fn is_overdue(&self, given: NaiveDate, today: NaiveDate, days: u32) -> bool {
        self.answer.is_none() && (today - given).num_days() > i64::from(days)
    }

    /// Answered and not yet reported back.
    pub fn awaits_report_back(&self) -> bool {
        self.status() == LoopStatus::Answered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn answer_input(status: &str, reason: &str) -> AnswerInput {
        AnswerInput {
            status: status.into(),
            text: "Vi retter pjecen".into(),
            reason: reason.into(),
            by: "Mette Kjær".into(),
            date: None,
        }
    }

    #[test]
    fn not_adopted_requires_a_reason() {
        let err = answer_input("not_adopted", "  ")
            .validate(day("2026-11-26"), Utc::now())
            .expect_err("no reason");
        match err {
            AppError::Validation(f) => {
                assert_eq!(f, vec![FieldError::new("reason", Rule::Required)])
            }
            other => panic!("{other:?}"),
        }
        let ok = answer_input("not_adopted", "Lovkrav")
            .validate(day("2026-11-26"), Utc::now())
            .expect("reason given");
        assert_eq!(ok.status, AnswerStatus::NotAdopted);
        assert_eq!(ok.date, day("2026-11-26"));
    }

    #[test]
    fn answer_date_cannot_be_in_the_future() {
        let mut i = answer_input("adopted", "");
        i.date = Some("2026-11-27".into());
        match i
            .validate(day("2026-11-26"), Utc::now())
            .expect_err("future")
        {
            AppError::Validation(f) => assert_eq!(f, vec![FieldError::new("date", Rule::InFuture)]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn answer_date_cannot_lie_before_the_point_was_given() {
        let mut i = answer_input("adopted", "");
        i.date = Some("2026-11-19".into());
        let a = i.validate(day("2026-11-26"), Utc::now()).expect("valid");
        assert!(a.check_given(day("2026-11-19")).is_ok());
        assert_eq!(
            a.check_given(day("2026-11-20"))
                .expect_err("before given")
                .code(),
            "validation"
        );
    }

    #[test]
    fn loop_runs_answer_then_report_back() {
        let mut l = FeedbackLoop::default();
        assert_eq!(l.status(), LoopStatus::Awaiting);
        let reported = ReportedBack {
            channel: ReportChannel::Meeting,
            meeting_id: None,
            date: day("2026-11-26"),
            recorded_at: Utc::now(),
        };
        let err = l.report_back(reported.clone()).expect_err("not answered");
        assert_eq!(err.code(), "not_allowed.report_back_before_answer");
        let a = answer_input("adopted", "")
            .validate(day("2026-11-26"), Utc::now())
            .expect("ok");
        l.answer(a.clone()).expect("answer");
        assert!(l.awaits_report_back());
        l.report_back(reported).expect("report");
        assert_eq!(l.status(), LoopStatus::ReportedBack);
        assert_eq!(
            l.answer(a).expect_err("locked").code(),
            "not_allowed.answer_after_report_back"
        );
    }

    #[test]
    fn overdue_counts_days_since_given() {
        let l = FeedbackLoop::default();
        assert!(!l.is_overdue(day("2026-10-27"), day("2026-11-26"), 30));
        assert!(l.is_overdue(day("2026-10-26"), day("2026-11-26"), 30));
        assert!(!l.is_overdue(day("2026-11-20"), day("2026-11-26"), 6));
        assert!(l.is_overdue(day("2026-11-20"), day("2026-11-26"), 5));
    }
}

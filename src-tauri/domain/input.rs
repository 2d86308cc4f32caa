//! Input from patients, relatives, staff and others, and the involvement activities it was
//! gathered at. Each input runs through the same [`FeedbackLoop`] as board feedback.
//! Who gave an input (the contributor reference) is never part of [`Input`]: it is kept in
//! a tree of its own, so the text can be shown and exported without it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::{choice_enum, parse_choice};
use super::error::{AppError, FieldError, Rule};
use super::feedback_loop::FeedbackLoop;
use super::text::{checked, checked_labels, not_in_future, parse_required_date};
use super::Id;

choice_enum! {
    /// Who gave the input.
    ContributorGroup {
        Patients = "patients",
        Relatives = "relatives",
        Staff = "staff",
        Other = "other",
    }
}

choice_enum! {
    /// How the input came in.
    Channel {
        Workshop = "workshop",
        FocusGroup = "focus_group",
        Interview = "interview",
        Survey = "survey",
        CommentCard = "comment_card",
        MailPhone = "mail_phone",
        Other = "other",
    }
}

choice_enum! {
    /// What kind of involvement activity.
    ActivityKind {
        Workshop = "workshop",
        FocusGroup = "focus_group",
        InterviewRound = "interview_round",
        Survey = "survey",
        CommentCards = "comment_cards",
        Other = "other",
    }
}

choice_enum! {
    /// Where a piece of input came from: the Peer-board, or a contributor group.
    InputSource {
        Board = "board",
        Patients = "patients",
        Relatives = "relatives",
        Staff = "staff",
        Other = "other",
    }
}

impl From<ContributorGroup> for InputSource {
    fn from(g: ContributorGroup) -> Self {
        match g {
            ContributorGroup::Patients => InputSource::Patients,
            ContributorGroup::Relatives => InputSource::Relatives,
            ContributorGroup::Staff => InputSource::Staff,
            ContributorGroup::Other => InputSource::Other,
        }
    }
}

/// A search over all input, board feedback included. Empty lists and fields mean "any".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct InputQuery {
    /// Every word must occur in the text or themes (case-insensitive, æ, ø, å included).
    pub text: String,
    pub project_id: Option<Id>,
    pub sources: Vec<InputSource>,
    /// One theme, matched case-insensitively.
    pub theme: String,
    pub statuses: Vec<super::feedback_loop::LoopStatus>,
    /// Answered with one of these (the figures "answered" and "adopted" open this list).
    pub answers: Vec<super::feedback_loop::AnswerStatus>,
    pub overdue_only: bool,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// At most this many items are returned (newest first); 0 means 500.
    pub limit: u32,
}

pub mod limits {
    pub const TEXT: usize = 5000;
    pub const THEME: usize = 50;
    pub const THEMES: usize = 10;
    pub const DESCRIPTION: usize = 2000;
    pub const CONTRIBUTOR: usize = 200;
    pub const PARTICIPANTS: u32 = 100_000;
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Activity {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub project_id: Id,
    pub kind: ActivityKind,
    pub date: NaiveDate,
    pub patients: u32,
    pub relatives: u32,
    pub peers: u32,
    pub staff: u32,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ActivityInput {
    #[ts(as = "ActivityKind")]
    pub kind: String,
    pub date: String,
    pub patients: u32,
    pub relatives: u32,
    pub peers: u32,
    pub staff: u32,
    pub description: String,
}

impl ActivityInput {
    pub fn validate(
        &self,
        id: Id,
        project_id: Id,
        now: DateTime<Utc>,
    ) -> Result<Activity, AppError> {
        let mut errors = Vec::new();
        let kind = parse_choice("kind", &self.kind, ActivityKind::parse, &mut errors);
        let date = parse_required_date("date", &self.date, &mut errors);
        for (field, n) in [
            ("patients", self.patients),
            ("relatives", self.relatives),
            ("peers", self.peers),
            ("staff", self.staff),
        ] {
            if n > limits::PARTICIPANTS {
                errors.push(FieldError::with_limit(
                    field,
                    Rule::OutOfRange,
                    limits::PARTICIPANTS as usize,
                ));
            }
        }
        let description = checked(
            "description",
            &self.description,
            false,
            limits::DESCRIPTION,
            &mut errors,
        );
        match (kind, date) {
            (Some(kind), Some(date)) if errors.is_empty() => Ok(Activity {
                id,
                version: 1,
                project_id,
                kind,
                date,
                patients: self.patients,
                relatives: self.relatives,
                peers: self.peers,
                staff: self.staff,
                description,
                created_at: now,
                updated_at: now,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// One piece of input. Anonymous unless a contributor reference is kept (apart from it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Input {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub project_id: Id,
    pub activity_id: Option<Id>,
    pub group: ContributorGroup,
    pub channel: Channel,
    /// The day the input was given; the overdue count starts here.
    pub date: NaiveDate,
    pub text: String,
    pub themes: Vec<String>,
    /// Consent: the text may be quoted in reports.
    pub may_quote: bool,
    /// Whether a contributor reference is kept (in its own tree).
    pub has_contributor: bool,
    #[serde(rename = "loop")]
    #[ts(rename = "loop")]
    pub feedback_loop: FeedbackLoop,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An input as typed in the quick-capture form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct InputInput {
    pub project_id: Id,
    pub activity_id: Option<Id>,
    #[ts(as = "ContributorGroup")]
    pub group: String,
    #[ts(as = "Channel")]
    pub channel: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub text: String,
    pub themes: Vec<String>,
    pub may_quote: bool,
    /// Optional; kept apart from the text, never exported.
    pub contributor: String,
}

/// The checked fields of an input, and its contributor reference.
#[derive(Debug, Clone, PartialEq)]
pub struct InputFields {
    pub activity_id: Option<Id>,
    pub group: ContributorGroup,
    pub channel: Channel,
    pub date: NaiveDate,
    pub text: String,
    pub themes: Vec<String>,
    pub may_quote: bool,
    pub contributor: String,
}

impl InputInput {
    /// Checks the input; its date may not lie after `today` (input is given, not planned).
    pub fn validate(&self, today: NaiveDate) -> Result<InputFields, AppError> {
        let mut errors = Vec::new();
        let group = parse_choice("group", &self.group, ContributorGroup::parse, &mut errors);
        let channel = parse_choice("channel", &self.channel, Channel::parse, &mut errors);
        let date = parse_required_date("date", &self.date, &mut errors);
        not_in_future("date", date, today, &mut errors);
        let text = checked("text", &self.text, true, limits::TEXT, &mut errors);
        let themes = checked_labels(
            "themes",
            &self.themes,
            limits::THEME,
            limits::THEMES,
            &mut errors,
        );
        let contributor = checked(
            "contributor",
            &self.contributor,
            false,
            limits::CONTRIBUTOR,
            &mut errors,
        );
        match (group, channel, date) {
            (Some(group), Some(channel), Some(date)) if errors.is_empty() => Ok(InputFields {
                activity_id: self.activity_id,
                group,
                channel,
                date,
                text,
                themes,
                may_quote: self.may_quote,
                contributor,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_needs_text_group_channel_and_date() {
        let err = InputInput::default()
            .validate(NaiveDate::from_ymd_opt(2026, 11, 26).expect("day"))
            .expect_err("empty");
        match err {
            AppError::Validation(f) => assert_eq!(
                f.iter()
                    .map(|e| (e.field.as_str(), e.rule))
                    .collect::<Vec<_>>(),
                vec![
                    ("group", Rule::InvalidChoice),
                    ("channel", Rule::InvalidChoice),
                    ("date", Rule::Required),
                    ("text", Rule::Required)
                ]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn input_may_not_be_dated_after_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("day");
        let mut i = InputInput {
            group: "patients".into(),
            channel: "survey".into(),
            date: "2026-11-26".into(),
            text: "Godt forløb".into(),
            ..Default::default()
        };
        assert!(i.validate(today).is_ok());
        i.date = "2026-11-27".into();
        match i.validate(today).expect_err("future") {
            AppError::Validation(f) => assert_eq!(f, vec![FieldError::new("date", Rule::InFuture)]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn activity_counts_are_bounded() {
        let a = ActivityInput {
            kind: "workshop".into(),
            date: "2026-10-01".into(),
            patients: limits::PARTICIPANTS + 1,
            ..Default::default()
        };
        assert!(a
            .validate(crate::domain::new_id(), crate::domain::new_id(), Utc::now())
            .is_err());
    }
}

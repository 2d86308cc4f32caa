//! Feedback points: what the Peer-board said about a consultation, one point at a time,
//! each going through the shared [`FeedbackLoop`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::AppError;
use super::feedback_loop::{FeedbackLoop, LoopStatus};
use super::text::{checked, checked_labels};
use super::Id;

pub mod limits {
    pub const TEXT: usize = 2000;
    pub const THEME: usize = 50;
    pub const THEMES: usize = 10;
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FeedbackPoint {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub consultation_id: Id,
    pub project_id: Id,
    /// The meeting the point was given at.
    pub meeting_id: Option<Id>,
    /// The day the point was given; the overdue count starts here.
    pub given_on: NaiveDate,
    pub text: String,
    pub themes: Vec<String>,
    #[serde(rename = "loop")]
    #[ts(rename = "loop")]
    pub feedback_loop: FeedbackLoop,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct FeedbackInput {
    pub text: String,
    pub themes: Vec<String>,
}

impl FeedbackInput {
    /// The checked text and themes.
    pub fn validate(&self) -> Result<(String, Vec<String>), AppError> {
        let mut errors = Vec::new();
        let text = checked("text", &self.text, true, limits::TEXT, &mut errors);
        let themes = checked_labels(
            "themes",
            &self.themes,
            limits::THEME,
            limits::THEMES,
            &mut errors,
        );
        if errors.is_empty() {
            Ok((text, themes))
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

impl FeedbackPoint {
    pub fn status(&self) -> LoopStatus {
        self.feedback_loop.status()
    }

    pub fn is_overdue(&self, today: NaiveDate, days: u32) -> bool {
        self.feedback_loop.is_overdue(self.given_on, today, days)
    }
}

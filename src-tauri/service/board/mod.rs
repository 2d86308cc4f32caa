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

use chrono::{Local, NaiveDate};

/// Today in the computer's time zone: the day overdue is counted to.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

//! Peer-board meetings: when and where, the agenda (consultations in order, and answers to
//! report back), who attended, minutes, and whether it was held or cancelled.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::choice_enum;
use super::error::{AppError, FieldError, Rule};
use super::text::{checked, parse_required_date, parse_time};
use super::Id;

choice_enum! {
    MeetingStatus {
        Planned = "planned",
        Held = "held",
        Cancelled = "cancelled",
    }
}

pub mod limits {
    pub const PLACE: usize = 200;
    pub const MINUTES: usize = 20_000;
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Meeting {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub date: NaiveDate,
    #[ts(type = "string")]
    pub time: NaiveTime,
    pub place: String,
    pub online: bool,
    pub status: MeetingStatus,
    /// Consultations to discuss, in agenda order.
    pub agenda: Vec<Id>,
    /// Answered feedback points to report back at this meeting, in order.
    pub report_back: Vec<Id>,
    /// Members who attended.
    pub attendance: Vec<Id>,
    pub minutes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct MeetingInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub time: String,
    pub place: String,
    pub online: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingFields {
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub place: String,
    pub online: bool,
}

impl MeetingInput {
    pub fn validate(&self) -> Result<MeetingFields, AppError> {
        let mut errors = Vec::new();
        let date = parse_required_date("date", &self.date, &mut errors);
        let time = parse_time("time", &self.time, &mut errors);
        // An online meeting may leave the place empty (the link is sent separately).
        let place = checked(
            "place",
            &self.place,
            !self.online,
            limits::PLACE,
            &mut errors,
        );
        match (date, time) {
            (Some(date), Some(time)) if errors.is_empty() => Ok(MeetingFields {
                date,
                time,
                place,
                online: self.online,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

impl Meeting {
    pub fn new(id: Id, f: MeetingFields, now: DateTime<Utc>) -> Meeting {
        Meeting {
            id,
            version: 1,
            date: f.date,
            time: f.time,
            place: f.place,
            online: f.online,
            status: MeetingStatus::Planned,
            agenda: Vec::new(),
            report_back: Vec::new(),
            attendance: Vec::new(),
            minutes: String::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// Only a planned meeting can get new items on its agenda or be held or cancelled.
    pub fn require_planned(&self) -> Result<(), AppError> {
        if self.status == MeetingStatus::Planned {
            Ok(())
        } else {
            Err(AppError::NotAllowed {
                rule: "meeting_not_planned",
            })
        }
    }

    /// The agenda in a new order; `order` must hold exactly the same consultations.
    pub fn reordered(ids: &[Id], order: &[Id], field: &str) -> Result<Vec<Id>, AppError> {
        let mut a = ids.to_vec();
        let mut b = order.to_vec();
        a.sort();
        b.sort();
        if a != b {
            return Err(AppError::Validation(vec![FieldError::new(
                field,
                Rule::InvalidChoice,
            )]));
        }
        Ok(order.to_vec())
    }

    /// The meeting's minutes, checked.
    pub fn checked_minutes(text: &str) -> Result<String, AppError> {
        let mut errors = Vec::new();
        let minutes = checked("minutes", text, false, limits::MINUTES, &mut errors);
        if errors.is_empty() {
            Ok(minutes)
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_is_required_unless_online() {
        let mut i = MeetingInput {
            date: "2026-12-03".into(),
            time: "16.30".into(),
            ..Default::default()
        };
        assert!(i.validate().is_err());
        i.online = true;
        let f = i.validate().expect("online without place");
        assert_eq!(f.time.format("%H:%M").to_string(), "16:30");
    }

    #[test]
    fn bad_date_and_time_name_their_fields() {
        let i = MeetingInput {
            date: "3. december".into(),
            time: "25:00".into(),
            place: "Mødelokale 2".into(),
            online: false,
        };
        match i.validate().expect_err("bad") {
            AppError::Validation(f) => assert_eq!(
                f.iter()
                    .map(|e| (e.field.as_str(), e.rule))
                    .collect::<Vec<_>>(),
                vec![("date", Rule::InvalidDate), ("time", Rule::InvalidTime)]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reorder_must_keep_the_same_items() {
        let (a, b, c) = (
            crate::domain::new_id(),
            crate::domain::new_id(),
            crate::domain::new_id(),
        );
        assert_eq!(
            Meeting::reordered(&[a, b], &[b, a], "agenda").expect("ok"),
            vec![b, a]
        );
        assert!(Meeting::reordered(&[a, b], &[a, c], "agenda").is_err());
        assert!(Meeting::reordered(&[a, b], &[a], "agenda").is_err());
    }
}

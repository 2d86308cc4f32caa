//! Hours: time that consultants and peer consultants spend on a project, by kind of work.
//! Kept in whole minutes; typed as hours (`1,5`, `1.5`, `1:30`, `0:45`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::{choice_enum, parse_choice};
use super::error::{AppError, FieldError, Rule};
use super::text::{checked, not_in_future, parse_required_date};
use super::Id;

choice_enum! {
    /// The kind of work the time went to.
    WorkKind {
        Preparation = "preparation",
        Meeting = "meeting",
        Workshop = "workshop",
        Sparring = "sparring",
        Writing = "writing",
    }
}

/// The most one entry may hold: a long day, 16 hours.
pub const MINUTES_MAX: u32 = 16 * 60;
pub const NOTE_MAX: usize = 500;

/// Time spent on a project on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimeEntry {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub project_id: Id,
    pub date: NaiveDate,
    pub kind: WorkKind,
    pub minutes: u32,
    pub note: String,
    /// Whose time it is: the profile or login that registered it.
    pub by: String,
    /// Registered by mistake: kept, counted nowhere.
    pub removed: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An entry as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TimeInput {
    pub project_id: String,
    pub date: String,
    #[ts(as = "WorkKind")]
    pub kind: String,
    /// Hours: `1,5`, `1.5`, `1:30`, `0:45`.
    pub hours: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimeFields {
    pub project_id: Id,
    pub date: NaiveDate,
    pub kind: WorkKind,
    pub minutes: u32,
    pub note: String,
}

/// Hours typed as `1,5` / `1.5` (to the quarter of an hour or finer: rounded to whole
/// minutes) or `1:30`, in minutes; `None` when not a time.
pub fn parse_hours(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches('t').trim();
    if let Some((h, m)) = t.split_once(':') {
        let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
        if m >= 60 {
            return None;
        }
        return h.checked_mul(60)?.checked_add(m);
    }
    let t = t.replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 3
    {
        return None;
    }
    let h: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let hundredths: u32 = match frac.len() {
        0 => 0,
        1 => frac.parse::<u32>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    // Hundredths of an hour to minutes, a half minute up.
    Some(h * 60 + (hundredths * 60 + 50) / 100)
}

impl TimeInput {
    pub fn validate(&self, today: NaiveDate) -> Result<TimeFields, AppError> {
        let mut errors = Vec::new();
        let project_id = match Id::parse_str(self.project_id.trim()) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(FieldError::new("project_id", Rule::Required));
                None
            }
        };
        let date = parse_required_date("date", &self.date, &mut errors);
        not_in_future("date", date, today, &mut errors);
        let kind = parse_choice("kind", &self.kind, WorkKind::parse, &mut errors);
        let minutes = if self.hours.trim().is_empty() {
            errors.push(FieldError::new("hours", Rule::Required));
            None
        } else {
            match parse_hours(&self.hours) {
                Some(m) if (1..=MINUTES_MAX).contains(&m) => Some(m),
                Some(_) => {
                    errors.push(FieldError::with_limit(
                        "hours",
                        Rule::OutOfRange,
                        (MINUTES_MAX / 60) as usize,
                    ));
                    None
                }
                None => {
                    errors.push(FieldError::new("hours", Rule::InvalidFormat));
                    None
                }
            }
        };
        let note = checked("note", &self.note, false, NOTE_MAX, &mut errors);
        match (project_id, date, kind, minutes) {
            (Some(project_id), Some(date), Some(kind), Some(minutes)) if errors.is_empty() => {
                Ok(TimeFields {
                    project_id,
                    date,
                    kind,
                    minutes,
                    note,
                })
            }
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// Minutes as hours for reading: `1,5` for 90, `0,75` for 45, `1,33` for 80.
pub fn hours_text(minutes: u64) -> String {
    let hundredths = (minutes * 100 + 30) / 60;
    let (h, f) = (hundredths / 100, hundredths % 100);
    match f {
        0 => h.to_string(),
        f if f % 10 == 0 => format!("{h},{}", f / 10),
        f => format!("{h},{f:02}"),
    }
}

impl TimeEntry {
    pub fn new(id: Id, f: TimeFields, by: String, now: DateTime<Utc>) -> TimeEntry {
        TimeEntry {
            id,
            version: 1,
            project_id: f.project_id,
            date: f.date,
            kind: f.kind,
            minutes: f.minutes,
            note: f.note,
            by,
            removed: false,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn as_input(&self) -> TimeInput {
        TimeInput {
            project_id: self.project_id.to_string(),
            date: self.date.format("%Y-%m-%d").to_string(),
            kind: self.kind.as_str().into(),
            hours: format!("{}:{:02}", self.minutes / 60, self.minutes % 60),
            note: self.note.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_read_as_people_type_them() {
        assert_eq!(parse_hours("1,5"), Some(90));
        assert_eq!(parse_hours("1.5"), Some(90));
        assert_eq!(parse_hours("1:30"), Some(90));
        assert_eq!(parse_hours("0:45"), Some(45));
        assert_eq!(parse_hours(",75"), Some(45));
        assert_eq!(parse_hours("2"), Some(120));
        assert_eq!(parse_hours("2 t"), Some(120));
        assert_eq!(parse_hours("1,33"), Some(80));
        for bad in ["", "to", "1:60", "1,234", "-1", "1:5:0", "1,5,5"] {
            assert_eq!(parse_hours(bad), None, "{bad}");
        }
    }

    #[test]
    fn minutes_read_as_hours() {
        assert_eq!(hours_text(90), "1,5");
        assert_eq!(hours_text(45), "0,75");
        assert_eq!(hours_text(80), "1,33");
        assert_eq!(hours_text(120), "2");
        assert_eq!(hours_text(0), "0");
    }

    #[test]
    fn the_form_names_each_bad_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("day");
        let bad = TimeInput {
            project_id: "x".into(),
            date: "2026-12-01".into(),
            kind: "coffee".into(),
            hours: "17".into(),
            note: String::new(),
        };
        match bad.validate(today).expect_err("bad") {
            AppError::Validation(f) => assert_eq!(
                f.iter()
                    .map(|e| (e.field.as_str(), e.rule))
                    .collect::<Vec<_>>(),
                vec![
                    ("project_id", Rule::Required),
                    ("date", Rule::InFuture),
                    ("kind", Rule::InvalidChoice),
                    ("hours", Rule::OutOfRange),
                ]
            ),
            other => panic!("{other:?}"),
        }
    }
}

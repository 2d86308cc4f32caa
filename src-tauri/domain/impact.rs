//! The impact log of a project: what changed because of involvement (linked to the points
//! and input that led to it), and what taking part meant to the people who did (their own
//! words, only with their consent). Each entry has a date and who recorded it. GRIPP2's
//! "outcomes" and "reflections" are filled from it, and the year report lists it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::{choice_enum, parse_choice};
use super::error::{AppError, FieldError, Rule};
use super::text::{checked, not_in_future, parse_required_date};
use super::Id;

choice_enum! {
    /// The two sides of the impact log.
    ImpactKind {
        /// What changed for the project or the service.
        Change = "change",
        /// What taking part meant to those who did, in their own words.
        Meaning = "meaning",
    }
}

pub const TEXT_MAX: usize = 4_000;
/// What a person's words become when they withdraw their consent.
pub const WITHDRAWN: &str = "[Ordene er fjernet: samtykket er trukket tilbage]";
pub const WHO_MAX: usize = 200;
/// How many points and inputs an entry may link to.
pub const LINKS_MAX: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImpactEntry {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub project_id: Id,
    pub kind: ImpactKind,
    pub date: NaiveDate,
    pub text: String,
    /// Who the words are from, described without a name ("medlem af Peer-boardet",
    /// "pårørende i workshoppen"); only for `meaning`.
    pub who: String,
    /// The person agreed that their words are kept and quoted (required for `meaning`).
    pub consent: bool,
    /// The feedback points that led to the change.
    pub points: Vec<Id>,
    /// The input that led to the change.
    pub inputs: Vec<Id>,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An entry as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImpactInput {
    #[ts(as = "ImpactKind")]
    pub kind: String,
    pub date: String,
    pub text: String,
    pub who: String,
    pub consent: bool,
    pub points: Vec<Id>,
    pub inputs: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImpactFields {
    pub kind: ImpactKind,
    pub date: NaiveDate,
    pub text: String,
    pub who: String,
    pub consent: bool,
    pub points: Vec<Id>,
    pub inputs: Vec<Id>,
}

impl ImpactInput {
    /// Checks the form: a text always; for what it meant, the consent; no date ahead.
    pub fn validate(&self, today: NaiveDate) -> Result<ImpactFields, AppError> {
        let mut errors = Vec::new();
        let kind = parse_choice("kind", &self.kind, ImpactKind::parse, &mut errors);
        let date = parse_required_date("date", &self.date, &mut errors);
        not_in_future("date", date, today, &mut errors);
        let text = checked("text", &self.text, true, TEXT_MAX, &mut errors);
        let meaning = kind == Some(ImpactKind::Meaning);
        let who = checked("who", &self.who, false, WHO_MAX, &mut errors);
        if meaning && !self.consent {
            errors.push(FieldError::new("consent", Rule::Required));
        }
        let mut points = self.points.clone();
        let mut inputs = self.inputs.clone();
        points.sort_unstable();
        points.dedup();
        inputs.sort_unstable();
        inputs.dedup();
        if points.len() + inputs.len() > LINKS_MAX {
            errors.push(FieldError::with_limit("points", Rule::TooMany, LINKS_MAX));
        }
        match (kind, date) {
            (Some(kind), Some(date)) if errors.is_empty() => Ok(ImpactFields {
                kind,
                date,
                text,
                // What it meant is someone's words; a change has no "who" or consent.
                who: if meaning { who } else { String::new() },
                consent: meaning && self.consent,
                points,
                inputs,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

impl ImpactEntry {
    pub fn new(
        id: Id,
        project_id: Id,
        f: ImpactFields,
        recorded_by: String,
        now: DateTime<Utc>,
    ) -> ImpactEntry {
        ImpactEntry {
            id,
            version: 1,
            project_id,
            kind: f.kind,
            date: f.date,
            text: f.text,
            who: f.who,
            consent: f.consent,
            points: f.points,
            inputs: f.inputs,
            recorded_by,
            created_at: now,
            updated_at: now,
        }
    }

    /// Whether the person withdrew their consent (the words are gone).
    pub fn is_withdrawn(&self) -> bool {
        self.kind == ImpactKind::Meaning && !self.consent && self.text == WITHDRAWN
    }

    /// The entry with the person's words removed, after they withdrew their consent.
    pub fn withdrawn(&self, now: DateTime<Utc>) -> ImpactEntry {
        let mut next = self.next_version(now);
        next.text = WITHDRAWN.into();
        next.who = String::new();
        next.consent = false;
        next
    }

    pub fn as_input(&self) -> ImpactInput {
        ImpactInput {
            kind: self.kind.as_str().into(),
            date: self.date.format("%Y-%m-%d").to_string(),
            text: self.text.clone(),
            who: self.who.clone(),
            consent: self.consent,
            points: self.points.clone(),
            inputs: self.inputs.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_it_meant_needs_consent_and_a_change_keeps_no_who() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("day");
        let mut i = ImpactInput {
            kind: "meaning".into(),
            date: "2026-11-02".into(),
            text: "Det var første gang, nogen spurgte mig.".into(),
            who: "Medlem af Peer-boardet".into(),
            ..Default::default()
        };
        match i.validate(today).expect_err("no consent") {
            AppError::Validation(f) => assert_eq!(f[0].field, "consent"),
            other => panic!("{other:?}"),
        }
        i.consent = true;
        assert_eq!(i.validate(today).expect("ok").who, "Medlem af Peer-boardet");
        i.kind = "change".into();
        i.consent = false;
        let f = i.validate(today).expect("change");
        assert_eq!((f.who.as_str(), f.consent), ("", false));
        i.text = "  ".into();
        assert!(i.validate(today).is_err());
    }
}

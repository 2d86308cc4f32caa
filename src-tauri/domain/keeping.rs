//! How long people's data is kept (GDPR art. 5(1)(e), issue 12): the retention rules set
//! in Indstillinger, each with a default and an off switch, and the day each piece of data
//! falls due under them. Pure functions of the facts and a day passed in, so a test can
//! run six years of days through them.
//!
//! - A contributor's reference is erased `contributor_months` after their project closed.
//! - The text of input to a closed project is redacted `input_text_years` after it closed.
//! - A member's contact details (e-mail, phone) are erased `member_contact_months` after
//!   they left the board.
//!
//! (The audit log has its own rule: `Settings::audit_months`.)

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{FieldError, Rule};
use super::Id;

pub const DEFAULT_CONTRIBUTOR_MONTHS: u32 = 12;
pub const DEFAULT_INPUT_TEXT_YEARS: u32 = 5;
pub const DEFAULT_MEMBER_CONTACT_MONTHS: u32 = 6;
/// The longest any rule may wait, in months (ten years).
pub const MONTHS_MAX: u32 = 120;
/// How far ahead Oversigt shows what will go (*Det her slettes snart*).
pub const PREVIEW_DAYS: i64 = 14;
/// The reason a redaction by the retention rule gives.
pub const RETENTION_REASON: &str = "opbevaringsperioden er udløbet";

/// The rules; `None` is a rule switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct RetentionRules {
    pub contributor_months: Option<u32>,
    pub input_text_years: Option<u32>,
    pub member_contact_months: Option<u32>,
}

impl Default for RetentionRules {
    fn default() -> Self {
        RetentionRules {
            contributor_months: Some(DEFAULT_CONTRIBUTOR_MONTHS),
            input_text_years: Some(DEFAULT_INPUT_TEXT_YEARS),
            member_contact_months: Some(DEFAULT_MEMBER_CONTACT_MONTHS),
        }
    }
}

impl RetentionRules {
    /// Each rule that is on must wait between 1 and [`MONTHS_MAX`] months; the field of
    /// one that does not is named.
    pub fn check(&self, errors: &mut Vec<FieldError>) {
        let months = [
            ("retention_contributor_months", self.contributor_months, 1),
            ("retention_input_text_years", self.input_text_years, 12),
            (
                "retention_member_contact_months",
                self.member_contact_months,
                1,
            ),
        ];
        for (field, value, unit) in months {
            if let Some(v) = value {
                if v == 0 || v.saturating_mul(unit) > MONTHS_MAX {
                    errors.push(FieldError::with_limit(
                        field,
                        Rule::OutOfRange,
                        (MONTHS_MAX / unit) as usize,
                    ));
                }
            }
        }
    }
}

/// What a rule erases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    ContributorReference,
    InputText,
    MemberContact,
}

/// A piece of data and the day a rule erases it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Due {
    pub on: NaiveDate,
    pub kind: DueKind,
    /// The input or member.
    pub record: Id,
    /// The project (for input), to say where it is.
    pub project: Option<Id>,
}

/// A closed project and the day it closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    pub id: Id,
    pub on: NaiveDate,
}

/// What the rules need to know of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFacts {
    pub id: Id,
    pub project: Id,
    pub has_contributor: bool,
    pub redacted: bool,
}

/// What the rules need to know of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    pub id: Id,
    pub left: Option<NaiveDate>,
    pub has_contact: bool,
}

fn after(day: NaiveDate, months: u32) -> Option<NaiveDate> {
    day.checked_add_months(Months::new(months))
}

/// Everything the rules will erase, with the day each falls due (today or before: due
/// now), earliest first.
pub fn due(
    rules: &RetentionRules,
    closed: &[Closed],
    inputs: &[InputFacts],
    members: &[MemberFacts],
) -> Vec<Due> {
    let closed_on: std::collections::HashMap<Id, NaiveDate> =
        closed.iter().map(|c| (c.id, c.on)).collect();
    let mut out = Vec::new();
    for i in inputs {
        let Some(closed) = closed_on.get(&i.project) else {
            continue;
        };
        if let Some(m) = rules.contributor_months.filter(|_| i.has_contributor) {
            if let Some(on) = after(*closed, m) {
                out.push(Due {
                    on,
                    kind: DueKind::ContributorReference,
                    record: i.id,
                    project: Some(i.project),
                });
            }
        }
        if let Some(y) = rules.input_text_years.filter(|_| !i.redacted) {
            if let Some(on) = after(*closed, y.saturating_mul(12)) {
                out.push(Due {
                    on,
                    kind: DueKind::InputText,
                    record: i.id,
                    project: Some(i.project),
                });
            }
        }
    }
    if let Some(m) = rules.member_contact_months {
        for mem in members.iter().filter(|m| m.has_contact) {
            if let Some(on) = mem.left.and_then(|left| after(left, m)) {
                out.push(Due {
                    on,
                    kind: DueKind::MemberContact,
                    record: mem.id,
                    project: None,
                });
            }
        }
    }
    out.sort_by_key(|d| (d.on, d.kind, d.record));
    out
}

/// What falls due on or before `day`.
pub fn due_by(all: &[Due], day: NaiveDate) -> Vec<Due> {
    all.iter().filter(|d| d.on <= day).cloned().collect()
}

/// What will go after `today` and within [`PREVIEW_DAYS`] (*Det her slettes snart*).
pub fn soon(all: &[Due], today: NaiveDate) -> Vec<Due> {
    let last = today + chrono::Duration::days(PREVIEW_DAYS);
    all.iter()
        .filter(|d| d.on > today && d.on <= last)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::new_id;
    use std::collections::BTreeMap;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    /// Six years of days, the job run each morning: every piece of data goes on exactly
    /// the day its rule names, nothing else goes, and what the 14-day preview showed is
    /// what then went.
    #[test]
    fn six_years_of_days_erase_exactly_what_the_rules_name_on_the_right_day() {
        let rules = RetentionRules::default();
        let start = day("2026-01-01");
        // Projects closing over the years (one never closes), inputs with and without a
        // reference in each, members leaving (one stays, one leaves without contact).
        let projects: Vec<(Id, Option<NaiveDate>)> = [
            Some("2026-01-20"),
            Some("2026-06-30"),
            Some("2027-02-28"),
            Some("2028-02-29"),
            Some("2029-12-31"),
            None,
        ]
        .into_iter()
        .map(|d| (new_id(), d.map(day)))
        .collect();
        let mut inputs: Vec<InputFacts> = Vec::new();
        for (p, _) in &projects {
            for n in 0..4 {
                inputs.push(InputFacts {
                    id: new_id(),
                    project: *p,
                    has_contributor: n % 2 == 0,
                    redacted: false,
                });
            }
        }
        let mut members: Vec<MemberFacts> = [
            (Some("2026-03-31"), true),
            (Some("2027-08-31"), true),
            (Some("2027-01-10"), false),
            (None, true),
        ]
        .into_iter()
        .map(|(left, has_contact)| MemberFacts {
            id: new_id(),
            left: left.map(day),
            has_contact,
        })
        .collect();
        // The hand-made expectation: each item and its day.
        let mut expected: BTreeMap<(Id, DueKind), NaiveDate> = BTreeMap::new();
        for i in &inputs {
            let Some(closed) = projects
                .iter()
                .find(|(p, _)| *p == i.project)
                .and_then(|(_, c)| *c)
            else {
                continue;
            };
            if i.has_contributor {
                expected.insert(
                    (i.id, DueKind::ContributorReference),
                    closed.checked_add_months(Months::new(12)).expect("date"),
                );
            }
            expected.insert(
                (i.id, DueKind::InputText),
                closed.checked_add_months(Months::new(60)).expect("date"),
            );
        }
        for m in members.iter().filter(|m| m.has_contact) {
            if let Some(left) = m.left {
                expected.insert(
                    (m.id, DueKind::MemberContact),
                    left.checked_add_months(Months::new(6)).expect("date"),
                );
            }
        }
        let mut done: BTreeMap<(Id, DueKind), NaiveDate> = BTreeMap::new();
        let mut previews: Vec<(NaiveDate, Vec<Due>)> = Vec::new();
        let mut today = start;
        while today < day("2032-01-01") {
            // (the end of the six years; what falls due after it is not looked at)
            let closed: Vec<Closed> = projects
                .iter()
                .filter_map(|(id, c)| c.filter(|c| *c <= today).map(|on| Closed { id: *id, on }))
                .collect();
            let all = due(&rules, &closed, &inputs, &members);
            for d in due_by(&all, today) {
                assert!(
                    done.insert((d.record, d.kind), today).is_none(),
                    "erased twice"
                );
                match d.kind {
                    DueKind::ContributorReference => {
                        if let Some(i) = inputs.iter_mut().find(|i| i.id == d.record) {
                            i.has_contributor = false;
                        }
                    }
                    DueKind::InputText => {
                        if let Some(i) = inputs.iter_mut().find(|i| i.id == d.record) {
                            i.redacted = true;
                        }
                    }
                    DueKind::MemberContact => {
                        if let Some(m) = members.iter_mut().find(|m| m.id == d.record) {
                            m.has_contact = false;
                        }
                    }
                }
            }
            previews.push((today, soon(&all, today)));
            today = today.succ_opt().expect("next day");
        }
        let end = day("2032-01-01");
        expected.retain(|_, on| *on < end);
        assert_eq!(
            done, expected,
            "exactly what the rules name, on the right day"
        );
        // Each day's preview is exactly what then went within the next 14 days.
        for (day, preview) in previews {
            let mut shown: Vec<(Id, DueKind, NaiveDate)> =
                preview.iter().map(|d| (d.record, d.kind, d.on)).collect();
            shown.sort();
            let mut went: Vec<(Id, DueKind, NaiveDate)> = done
                .iter()
                .filter(|(_, on)| **on > day && **on <= day + chrono::Duration::days(PREVIEW_DAYS))
                .map(|((id, kind), on)| (*id, *kind, *on))
                .collect();
            went.sort();
            assert_eq!(shown, went, "the preview of {day}");
        }
    }

    #[test]
    fn a_rule_switched_off_erases_nothing_and_limits_are_named() {
        let rules = RetentionRules {
            contributor_months: None,
            input_text_years: None,
            member_contact_months: None,
        };
        let p = new_id();
        let all = due(
            &rules,
            &[Closed {
                id: p,
                on: day("2020-01-01"),
            }],
            &[InputFacts {
                id: new_id(),
                project: p,
                has_contributor: true,
                redacted: false,
            }],
            &[MemberFacts {
                id: new_id(),
                left: Some(day("2020-01-01")),
                has_contact: true,
            }],
        );
        assert_eq!(all, Vec::new());
        let mut errors = Vec::new();
        RetentionRules {
            contributor_months: Some(0),
            input_text_years: Some(11),
            member_contact_months: Some(121),
        }
        .check(&mut errors);
        assert_eq!(
            errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            [
                "retention_contributor_months",
                "retention_input_text_years",
                "retention_member_contact_months"
            ]
        );
    }
}

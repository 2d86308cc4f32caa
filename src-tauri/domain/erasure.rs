//! Erasure at a person's request (GDPR art. 17), and the list that remembers it.
//!
//! A Peer-board member's name, initials, e-mail, phone and notes are erased; the member
//! stays as *Tidligere medlem N* (attendance, counts and the board's feedback stay). A
//! contributor's reference is erased and, on request, the text of their input redacted
//! with a reason (the record stays for counts and the answer loop).
//!
//! What was erased is kept as ids only, in [`Erasures`], inside the settings: every backup
//! and export carries it, and it is applied again to records restored from an older
//! backup or imported from an export ([`Erasures::apply`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{AppError, FieldError};
use super::input::Input;
use super::member::Member;
use super::text::checked;
use super::Id;

/// The longest reason for a redaction.
pub const REASON_MAX: usize = 200;

/// A member erased: who, and the number of *Tidligere medlem N*.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErasedMember {
    pub id: Id,
    #[ts(type = "number")]
    pub number: u32,
    pub at: DateTime<Utc>,
}

/// An input whose text was redacted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Redaction {
    pub input_id: Id,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// Everything erased so far, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Erasures {
    pub members: Vec<ErasedMember>,
    /// Inputs whose contributor reference was erased.
    pub contributors: Vec<Id>,
    pub redactions: Vec<Redaction>,
}

/// The name an erased member is shown by.
pub fn former_member_name(number: u32) -> String {
    format!("Tidligere medlem {number}")
}

/// How the text of a redacted input begins.
pub const REDACTED_PREFIX: &str = "[Fjernet efter anmodning: ";

/// The text of a redacted input.
pub fn redacted_text(reason: &str) -> String {
    format!("{REDACTED_PREFIX}{reason}]")
}

/// Checks the reason given for a redaction (`reason`: required, at most [`REASON_MAX`]).
pub fn checked_reason(reason: &str) -> Result<String, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let reason = checked("reason", reason, true, REASON_MAX, &mut errors);
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(AppError::Validation(errors))
    }
}

impl Member {
    /// This member erased as *Tidligere medlem `number`*: name, initials, e-mail, phone
    /// and notes gone; lived experience, dates and the honoraria choice kept for the
    /// counts. The same record, unchanged, when it is erased already.
    pub fn erased(&self, number: u32, now: DateTime<Utc>) -> Member {
        let name = former_member_name(number);
        let initials = format!("TM{number}").chars().take(5).collect::<String>();
        if self.name == name
            && self.initials == initials
            && self.email.is_empty()
            && self.phone.is_empty()
            && self.notes.is_empty()
        {
            return self.clone();
        }
        let mut next = self.next_version(now);
        next.name = name;
        next.initials = initials;
        next.email.clear();
        next.phone.clear();
        next.notes.clear();
        next
    }
}

impl Input {
    /// This input without its contributor reference (kept apart from it).
    pub fn without_contributor(&self, now: DateTime<Utc>) -> Input {
        let mut next = self.next_version(now);
        next.has_contributor = false;
        next
    }

    /// This input with its text redacted for `reason`: it may no longer be quoted; its
    /// themes, dates and answer stay for the counts and the answer loop.
    pub fn redacted(&self, reason: &str, now: DateTime<Utc>) -> Input {
        let mut next = self.next_version(now);
        next.text = redacted_text(reason);
        next.may_quote = false;
        next
    }
}

impl Erasures {
    /// The number the next erased member gets.
    pub fn next_member_number(&self) -> u32 {
        self.members.iter().map(|m| m.number).max().unwrap_or(0) + 1
    }

    pub fn member(&self, id: Id) -> Option<&ErasedMember> {
        self.members.iter().find(|m| m.id == id)
    }

    pub fn redaction(&self, input_id: Id) -> Option<&Redaction> {
        self.redactions.iter().find(|r| r.input_id == input_id)
    }

    /// This list and `other` together (each erasure once; this list's first).
    pub fn merged(&self, other: &Erasures) -> Erasures {
        let mut out = self.clone();
        for m in &other.members {
            if out.member(m.id).is_none() {
                // A member erased in both keeps the number this list gave; one erased only
                // in `other` keeps its own unless that is taken here.
                let number = if out.members.iter().any(|x| x.number == m.number) {
                    out.next_member_number()
                } else {
                    m.number
                };
                out.members.push(ErasedMember {
                    number,
                    ..m.clone()
                });
            }
        }
        for c in &other.contributors {
            if !out.contributors.contains(c) {
                out.contributors.push(*c);
            }
        }
        for r in &other.redactions {
            if out.redaction(r.input_id).is_none() {
                out.redactions.push(r.clone());
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty() && self.contributors.is_empty() && self.redactions.is_empty()
    }

    /// Applies every erasure to these members and inputs, and says which contributor
    /// references must go (`has_contributor` is cleared on their inputs). Records already
    /// erased are left as they are; returns how many records changed.
    pub fn apply(&self, members: &mut [Member], inputs: &mut [Input], now: DateTime<Utc>) -> usize {
        let mut changed = 0;
        for m in members.iter_mut() {
            if let Some(e) = self.member(m.id) {
                let erased = m.erased(e.number, now);
                if erased != *m {
                    *m = erased;
                    changed += 1;
                }
            }
        }
        for i in inputs.iter_mut() {
            // One new version for whatever changes in it.
            let mut next = i.clone();
            if self.contributors.contains(&i.id) {
                next.has_contributor = false;
            }
            if let Some(r) = self.redaction(i.id) {
                next.text = redacted_text(&r.reason);
                next.may_quote = false;
            }
            if next != *i {
                next.version = i.version + 1;
                next.updated_at = now;
                *i = next;
                changed += 1;
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn lists_merge_each_erasure_once_and_numbers_stay_unique() {
        let (a, b, c) = (
            super::super::new_id(),
            super::super::new_id(),
            super::super::new_id(),
        );
        let here = Erasures {
            members: vec![ErasedMember {
                id: a,
                number: 1,
                at: at(),
            }],
            contributors: vec![c],
            redactions: Vec::new(),
        };
        let older = Erasures {
            members: vec![
                ErasedMember {
                    id: a,
                    number: 1,
                    at: at(),
                },
                ErasedMember {
                    id: b,
                    number: 1,
                    at: at(),
                },
            ],
            contributors: vec![c],
            redactions: vec![Redaction {
                input_id: c,
                reason: "anmodning".into(),
                at: at(),
            }],
        };
        let both = here.merged(&older);
        assert_eq!(
            both.members
                .iter()
                .map(|m| (m.id, m.number))
                .collect::<Vec<_>>(),
            vec![(a, 1), (b, 2)]
        );
        assert_eq!(both.contributors, vec![c]);
        assert_eq!(both.redactions.len(), 1);
        assert_eq!(both.merged(&both), both, "merging again changes nothing");
    }

    #[test]
    fn the_reason_is_required_and_bounded() {
        assert_eq!(
            checked_reason("  Bidragyders ønske ").expect("ok"),
            "Bidragyders ønske"
        );
        assert_eq!(checked_reason("").expect_err("empty").code(), "validation");
        assert_eq!(
            checked_reason(&"x".repeat(REASON_MAX + 1))
                .expect_err("long")
                .code(),
            "validation"
        );
        assert_eq!(redacted_text("ønske"), "[Fjernet efter anmodning: ønske]");
    }
}

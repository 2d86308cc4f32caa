//! Peer-board members: people with lived experience as patients or relatives.
//! Members who leave are kept (with their left date), never deleted.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::{choice_enum, parse_choice};
use super::error::{AppError, FieldError, Rule};
use super::text::{checked, parse_date};
use super::Id;

choice_enum! {
    /// The member's lived experience.
    LivedExperience {
        Patient = "patient",
        Relative = "relative",
        Both = "both",
    }
}

choice_enum! {
    /// Whether the member accepts honoraria.
    Honoraria {
        Accepted = "accepted",
        Declined = "declined",
    }
}

pub mod limits {
    pub const NAME: usize = 100;
    pub const INITIALS: usize = 5;
    pub const EMAIL: usize = 200;
    pub const PHONE: usize = 40;
    pub const NOTES: usize = 2000;
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Member {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub name: String,
    pub initials: String,
    pub lived_experience: LivedExperience,
    pub email: String,
    pub phone: String,
    pub joined: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    pub honoraria: Honoraria,
    /// The day the member last went from declining honoraria to accepting them: what they
    /// attended before it is not paid (`domain::payout`). `None`: accepting all along.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honoraria_since: Option<NaiveDate>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct MemberInput {
    pub name: String,
    /// Empty: made from the name.
    pub initials: String,
    #[ts(as = "LivedExperience")]
    pub lived_experience: String,
    pub email: String,
    pub phone: String,
    pub joined: Option<String>,
    pub left: Option<String>,
    #[ts(as = "Honoraria")]
    pub honoraria: String,
    pub notes: String,
}

/// The checked fields of a member.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberFields {
    pub name: String,
    pub initials: String,
    pub lived_experience: LivedExperience,
    pub email: String,
    pub phone: String,
    pub joined: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    pub honoraria: Honoraria,
    pub notes: String,
}

/// Initials from a name: the first letter of each word, at most three, upper case.
pub fn initials_of(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(3)
        .flat_map(char::to_uppercase)
        .collect()
}

impl MemberInput {
    pub fn validate(&self) -> Result<MemberFields, AppError> {
        let mut errors = Vec::new();
        let name = checked("name", &self.name, true, limits::NAME, &mut errors);
        let mut initials = checked(
            "initials",
            &self.initials,
            false,
            limits::INITIALS,
            &mut errors,
        );
        if initials.is_empty() {
            initials = initials_of(&name);
        }
        let lived_experience = parse_choice(
            "lived_experience",
            &self.lived_experience,
            LivedExperience::parse,
            &mut errors,
        );
        let email = checked("email", &self.email, false, limits::EMAIL, &mut errors);
        if !email.is_empty() && !looks_like_email(&email) {
            errors.push(FieldError::new("email", Rule::InvalidFormat));
        }
        let phone = checked("phone", &self.phone, false, limits::PHONE, &mut errors);
        if !phone.is_empty()
            && !looks_like_phone(&phone)
            && !errors.iter().any(|e| e.field == "phone")
        {
            errors.push(FieldError::new("phone", Rule::InvalidFormat));
        }
        let joined = parse_date("joined", self.joined.as_deref(), &mut errors);
        let left = parse_date("left", self.left.as_deref(), &mut errors);
        if let (Some(j), Some(l)) = (joined, left) {
            if l < j {
                errors.push(FieldError::new("left", Rule::BeforeStart));
            }
        }
        let honoraria = parse_choice("honoraria", &self.honoraria, Honoraria::parse, &mut errors);
        let notes = checked("notes", &self.notes, false, limits::NOTES, &mut errors);
        match (lived_experience, honoraria) {
            (Some(lived_experience), Some(honoraria)) if errors.is_empty() => Ok(MemberFields {
                name,
                initials,
                lived_experience,
                email,
                phone,
                joined,
                left,
                honoraria,
                notes,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// A phone number: digits, spaces, `+`, `-` and parentheses, with at least one digit.
fn looks_like_phone(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !text.contains(' ')
        }
        None => false,
    }
}

impl Member {
    pub fn new(id: Id, f: MemberFields, now: DateTime<Utc>) -> Member {
        Member {
            id,
            version: 1,
            name: f.name,
            initials: f.initials,
            lived_experience: f.lived_experience,
            email: f.email,
            phone: f.phone,
            joined: f.joined,
            left: f.left,
            honoraria: f.honoraria,
            honoraria_since: None,
            notes: f.notes,
            created_at: now,
            updated_at: now,
        }
    }

    /// This member with the edited fields, as the next version, edited on `today`: a
    /// member who declined honoraria and now accepts them does so from today.
    pub fn edited(&self, f: MemberFields, now: DateTime<Utc>, today: NaiveDate) -> Member {
        let honoraria_since = match (self.honoraria, f.honoraria) {
            (Honoraria::Declined, Honoraria::Accepted) => Some(today),
            _ => self.honoraria_since,
        };
        Member {
            version: self.version + 1,
            created_at: self.created_at,
            honoraria_since,
            ..Member::new(self.id, f, now)
        }
    }

    /// Checks a left date for this member: not before the day they joined (`before_start`
    /// on `left`).
    pub fn check_left(&self, left: NaiveDate) -> Result<(), AppError> {
        match self.joined {
            Some(joined) if left < joined => Err(AppError::invalid("left", Rule::BeforeStart)),
            _ => Ok(()),
        }
    }

    /// Whether the member is on the board on `day`.
    pub fn is_active(&self, day: NaiveDate) -> bool {
        self.left.is_none_or(|left| left > day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MemberInput {
        MemberInput {
            name: "Anne Marie Holm".into(),
            lived_experience: "relative".into(),
            honoraria: "accepted".into(),
            ..Default::default()
        }
    }

    #[test]
    fn initials_are_made_from_the_name() {
        assert_eq!(input().validate().expect("ok").initials, "AMH");
        assert_eq!(initials_of("  øjvind  ærø "), "ØÆ");
    }

    #[test]
    fn phone_numbers_are_digits_spaces_plus_dash_and_parentheses() {
        for good in ["12 34 56 78", "+45 12345678", "(+45) 12-34-56-78"] {
            let mut i = input();
            i.phone = good.into();
            assert_eq!(i.validate().expect(good).phone, good);
        }
        for bad in ["tolv tre fire", "+", "12345678 ext. 2", "1234\u{0007}"] {
            let mut i = input();
            i.phone = bad.into();
            match i.validate().expect_err(bad) {
                AppError::Validation(f) => {
                    assert_eq!(f.len(), 1, "{bad:?}");
                    assert_eq!(f[0].field, "phone");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn email_left_date_and_choices_are_checked() {
        let mut i = input();
        i.email = "anne.holm".into();
        i.joined = Some("2024-01-01".into());
        i.left = Some("2023-12-31".into());
        i.honoraria = "maybe".into();
        match i.validate().expect_err("invalid") {
            AppError::Validation(f) => assert_eq!(
                f.iter()
                    .map(|e| (e.field.as_str(), e.rule))
                    .collect::<Vec<_>>(),
                vec![
                    ("email", Rule::InvalidFormat),
                    ("left", Rule::BeforeStart),
                    ("honoraria", Rule::InvalidChoice)
                ]
            ),
            other => panic!("{other:?}"),
        }
    }
}

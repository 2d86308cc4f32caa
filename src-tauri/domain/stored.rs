//! Checks a stored record with the same rules as the form it came from, so a record read
//! from outside (an imported export, a restored backup) is held to what the screens allow.
//! Each record is turned back into its form's input and validated by that form's rules.

use chrono::NaiveDate;

use super::consultation::{Consultation, ConsultationInput};
use super::error::{AppError, FieldError, Rule};
use super::feedback::{FeedbackInput, FeedbackPoint};
use super::feedback_loop::{AnswerInput, FeedbackLoop};
use super::input::{Activity, ActivityInput, Input, InputInput};
use super::meeting::{Meeting, MeetingInput};
use super::member::{Member, MemberInput};
use super::project::{PhaseChange, Project, ProjectInput};
use super::settings::Settings;
use super::text::checked;

/// The longest text kept as a draft (a GRIPP2 draft holds five long items).
pub const DRAFT_MAX: usize = 200_000;
pub const DRAFT_KEY_MAX: usize = 200;

/// A record that can be checked against its form's rules; `today` is the latest date
/// allowed where the form forbids the future.
pub trait Stored {
    fn check(&self, today: NaiveDate) -> Result<(), AppError>;
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn version(v: u64) -> Result<(), AppError> {
    if v == 0 {
        Err(AppError::invalid("version", Rule::OutOfRange))
    } else {
        Ok(())
    }
}

fn text(field: &str, value: &str, required: bool, max: usize) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let clean = checked(field, value, required, max, &mut errors);
    if errors.is_empty() && clean != value {
        // Stored text is kept trimmed; surrounding spaces mean it did not come from a form.
        errors.push(FieldError::new(field, Rule::InvalidFormat));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

fn feedback_loop(l: &FeedbackLoop, given: NaiveDate, today: NaiveDate) -> Result<(), AppError> {
    if let Some(a) = &l.answer {
        AnswerInput {
            status: a.status.as_str().into(),
            text: a.text.clone(),
            reason: a.reason.clone(),
            by: a.by.clone(),
            date: Some(day(a.date)),
        }
        .validate(today, a.recorded_at)?;
        a.check_given(given)?;
    }
    if let Some(r) = &l.reported_back {
        if l.answer.is_none() {
            return Err(AppError::NotAllowed {
                rule: "report_back_before_answer",
            });
        }
        if r.date < given {
            return Err(AppError::invalid("reported_back", Rule::BeforeGiven));
        }
    }
    Ok(())
}

impl Stored for Project {
    fn check(&self, _today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        ProjectInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            kind: self.kind.as_str().into(),
            requester_unit: self.requester_unit.clone(),
            requester_contact: self.requester_contact.clone(),
            responsible_consultant: self.responsible_consultant.clone(),
            involvement_level: self.involvement_level.as_str().into(),
            target_groups: self
                .target_groups
                .iter()
                .map(|g| g.as_str().into())
                .collect(),
            start_date: self.start_date.map(day),
            deadline: self.deadline.map(day),
            tags: self.tags.clone(),
        }
        .validate()?;
        Ok(())
    }
}

impl Stored for PhaseChange {
    fn check(&self, _today: NaiveDate) -> Result<(), AppError> {
        text("by", &self.by, false, super::feedback_loop::limits::BY)
    }
}

impl Stored for Member {
    fn check(&self, _today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        MemberInput {
            name: self.name.clone(),
            initials: self.initials.clone(),
            lived_experience: self.lived_experience.as_str().into(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            joined: self.joined.map(day),
            left: self.left.map(day),
            honoraria: self.honoraria.as_str().into(),
            notes: self.notes.clone(),
        }
        .validate()?;
        Ok(())
    }
}

impl Stored for Meeting {
    fn check(&self, _today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        MeetingInput {
            date: day(self.date),
            time: self.time.format("%H:%M").to_string(),
            place: self.place.clone(),
            online: self.online,
        }
        .validate()?;
        Meeting::checked_minutes(&self.minutes)?;
        Ok(())
    }
}

impl Stored for Consultation {
    fn check(&self, _today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        ConsultationInput {
            questions: self.questions.clone(),
            material: self.material.clone(),
            links: self.links.clone(),
            presenter: self.presenter.clone(),
        }
        .validate()?;
        Ok(())
    }
}

impl Stored for FeedbackPoint {
    fn check(&self, today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        FeedbackInput {
            text: self.text.clone(),
            themes: self.themes.clone(),
        }
        .validate()?;
        text(
            "recorded_by",
            &self.recorded_by,
            false,
            super::feedback_loop::limits::BY,
        )?;
        feedback_loop(&self.feedback_loop, self.given_on, today)
    }
}

impl Stored for Activity {
    fn check(&self, _today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        ActivityInput {
            kind: self.kind.as_str().into(),
            date: day(self.date),
            patients: self.patients,
            relatives: self.relatives,
            peers: self.peers,
            staff: self.staff,
            description: self.description.clone(),
        }
        .validate(self.id, self.project_id, self.created_at)?;
        Ok(())
    }
}

impl Stored for Input {
    fn check(&self, today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        InputInput {
            project_id: self.project_id,
            activity_id: self.activity_id,
            group: self.group.as_str().into(),
            channel: self.channel.as_str().into(),
            date: day(self.date),
            text: self.text.clone(),
            themes: self.themes.clone(),
            may_quote: self.may_quote,
            contributor: String::new(),
        }
        .validate(today)?;
        text(
            "recorded_by",
            &self.recorded_by,
            false,
            super::feedback_loop::limits::BY,
        )?;
        feedback_loop(&self.feedback_loop, self.date, today)
    }
}

impl Stored for super::payout::Claim {
    fn check(&self, today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        let mut input = self.as_input();
        // A ticket's note is required on the form, but goes when its member is erased.
        if input.note.is_empty() {
            input.note = "-".into();
        }
        let f = input.validate(today)?;
        let f = super::payout::ClaimFields {
            note: self.note.clone(),
            ..f
        };
        if f.km_tenths != self.km_tenths || f.amount != self.amount || f.note != self.note {
            return Err(AppError::invalid("claim", Rule::InvalidFormat));
        }
        text("by", &self.by, false, super::roles::NAME_MAX)
    }
}

impl Stored for super::payout::PayoutList {
    fn check(&self, _today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        if self.to < self.from {
            return Err(AppError::invalid("to", Rule::BeforeStart));
        }
        if self.lines.is_empty() {
            return Err(AppError::invalid("lines", Rule::Required));
        }
        for l in &self.lines {
            text("note", &l.note, false, super::payout::NOTE_MAX)?;
        }
        text(
            "approved_by",
            &self.approved_by,
            false,
            super::roles::NAME_MAX,
        )?;
        text("sent_by", &self.sent_by, false, super::roles::NAME_MAX)
    }
}

impl Stored for super::hours::TimeEntry {
    fn check(&self, today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        let f = self.as_input().validate(today)?;
        if f.minutes != self.minutes {
            return Err(AppError::invalid("hours", Rule::InvalidFormat));
        }
        text("note", &self.note, false, super::hours::NOTE_MAX)?;
        text("by", &self.by, false, super::roles::NAME_MAX)
    }
}

impl Stored for super::impact::ImpactEntry {
    fn check(&self, today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        if self.is_withdrawn() {
            // What is left once the consent went: no words, no one.
            return if self.who.is_empty() {
                Ok(())
            } else {
                Err(AppError::invalid("who", Rule::InvalidFormat))
            };
        }
        let f = self.as_input().validate(today)?;
        if f.points != self.points || f.inputs != self.inputs || f.who != self.who {
            return Err(AppError::invalid("impact", Rule::InvalidFormat));
        }
        text("text", &self.text, true, super::impact::TEXT_MAX)?;
        text(
            "recorded_by",
            &self.recorded_by,
            false,
            super::roles::NAME_MAX,
        )
    }
}

impl Stored for super::material::Material {
    fn check(&self, today: NaiveDate) -> Result<(), AppError> {
        version(self.version)?;
        let f = self.as_input().validate(today)?;
        if f.places != self.places || f.languages != self.languages {
            return Err(AppError::invalid("material", Rule::InvalidFormat));
        }
        text("title", &self.title, true, super::material::limits::TITLE)?;
        for e in &self.history {
            text("note", &e.note, false, super::material::limits::NOTE)?;
        }
        Ok(())
    }
}

impl Stored for Settings {
    fn check(&self, _today: NaiveDate) -> Result<(), AppError> {
        self.validated()?;
        Ok(())
    }
}

/// A contributor reference, as the capture form allows it.
pub fn check_contributor(reference: &str) -> Result<(), AppError> {
    text(
        "contributor",
        reference,
        true,
        super::input::limits::CONTRIBUTOR,
    )
}

/// A draft: a short key and text no longer than [`DRAFT_MAX`].
pub fn check_draft(key: &str, value: &str) -> Result<(), AppError> {
    text("key", key, true, DRAFT_KEY_MAX)?;
    if value.chars().count() > DRAFT_MAX {
        return Err(AppError::Validation(vec![FieldError::with_limit(
            "text",
            Rule::TooLong,
            DRAFT_MAX,
        )]));
    }
    Ok(())
}

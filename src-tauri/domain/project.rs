//! Projects: what clinical staff bring for involvement, their phases and the timeline of
//! phase changes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::{choice_enum, parse_choice};
use super::error::{AppError, FieldError, Rule};
use super::text::{checked, checked_labels, parse_date};
use super::Id;

choice_enum! {
    /// What kind of case the project is.
    ProjectKind {
        InformationMaterial = "information_material",
        Workflow = "workflow",
        Service = "service",
        Event = "event",
        Other = "other",
    }
}

choice_enum! {
    /// Where the project is in its life.
    Phase {
        Idea = "idea",
        Preparation = "preparation",
        Involvement = "involvement",
        Implementation = "implementation",
        FollowUp = "follow_up",
        Closed = "closed",
        Paused = "paused",
        Dropped = "dropped",
    }
}

choice_enum! {
    /// Level of involvement (IAP2, in Danish: Informere, Høre, Inddrage, Samarbejde,
    /// Medbestemmelse).
    InvolvementLevel {
        Inform = "inform",
        Consult = "consult",
        Involve = "involve",
        Collaborate = "collaborate",
        Empower = "empower",
    }
}

choice_enum! {
    /// Whom the project is for.
    TargetGroup {
        Patients = "patients",
        Relatives = "relatives",
    }
}

/// Maximum lengths, in characters, of a project's text fields.
pub mod limits {
    pub const TITLE: usize = 200;
    pub const SUMMARY: usize = 5000;
    pub const SHORT_TEXT: usize = 200;
    pub const TAG: usize = 50;
    pub const TAGS: usize = 20;
}

/// A project as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Project {
    pub id: Id,
    /// Incremented by every change; an update names the version it read.
    #[ts(type = "number")]
    pub version: u64,
    pub title: String,
    pub summary: String,
    pub kind: ProjectKind,
    pub requester_unit: String,
    pub requester_contact: String,
    pub responsible_consultant: String,
    pub phase: Phase,
    pub involvement_level: InvolvementLevel,
    pub target_groups: Vec<TargetGroup>,
    pub start_date: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a person types in the project form. Choices and dates arrive as text and are
/// checked here, so that a wrong value is reported on its field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ProjectInput {
    pub title: String,
    pub summary: String,
    #[ts(as = "ProjectKind")]
    pub kind: String,
    pub requester_unit: String,
    pub requester_contact: String,
    pub responsible_consultant: String,
    #[ts(as = "InvolvementLevel")]
    pub involvement_level: String,
    #[ts(as = "Vec<TargetGroup>")]
    pub target_groups: Vec<String>,
    /// `YYYY-MM-DD` or empty.
    pub start_date: Option<String>,
    /// `YYYY-MM-DD` or empty.
    pub deadline: Option<String>,
    pub tags: Vec<String>,
}

/// A checked [`ProjectInput`].
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectFields {
    pub title: String,
    pub summary: String,
    pub kind: ProjectKind,
    pub requester_unit: String,
    pub requester_contact: String,
    pub responsible_consultant: String,
    pub involvement_level: InvolvementLevel,
    pub target_groups: Vec<TargetGroup>,
    pub start_date: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub tags: Vec<String>,
}

impl ProjectInput {
    /// Checks every field and reports every problem at once.
    pub fn validate(&self) -> Result<ProjectFields, AppError> {
        let mut errors = Vec::new();
        let title = checked("title", &self.title, true, limits::TITLE, &mut errors);
        let summary = checked(
            "summary",
            &self.summary,
            false,
            limits::SUMMARY,
            &mut errors,
        );
        let kind = parse_choice("kind", &self.kind, ProjectKind::parse, &mut errors);
        let requester_unit = checked(
            "requester_unit",
            &self.requester_unit,
            false,
            limits::SHORT_TEXT,
            &mut errors,
        );
        let requester_contact = checked(
            "requester_contact",
            &self.requester_contact,
            false,
            limits::SHORT_TEXT,
            &mut errors,
        );
        let responsible_consultant = checked(
            "responsible_consultant",
            &self.responsible_consultant,
            false,
            limits::SHORT_TEXT,
            &mut errors,
        );
        let involvement_level = parse_choice(
            "involvement_level",
            &self.involvement_level,
            InvolvementLevel::parse,
            &mut errors,
        );
        let mut target_groups = Vec::new();
        for text in &self.target_groups {
            match TargetGroup::parse(text.trim()) {
                Some(group) if !target_groups.contains(&group) => target_groups.push(group),
                Some(_) => {}
                None => {
                    errors.push(FieldError::new("target_groups", Rule::InvalidChoice));
                    break;
                }
            }
        }
        target_groups.sort();
        let start_date = parse_date("start_date", self.start_date.as_deref(), &mut errors);
        let deadline = parse_date("deadline", self.deadline.as_deref(), &mut errors);
        if let (Some(start), Some(end)) = (start_date, deadline) {
            if end < start {
                errors.push(FieldError::new("deadline", Rule::BeforeStart));
            }
        }
        let tags = checked_labels("tags", &self.tags, limits::TAG, limits::TAGS, &mut errors);

        match (kind, involvement_level) {
            (Some(kind), Some(involvement_level)) if errors.is_empty() => Ok(ProjectFields {
                title,
                summary,
                kind,
                requester_unit,
                requester_contact,
                responsible_consultant,
                involvement_level,
                target_groups,
                start_date,
                deadline,
                tags,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

impl Project {
    /// A new project in `phase`, version 1.
    pub fn new(id: Id, fields: ProjectFields, phase: Phase, now: DateTime<Utc>) -> Project {
        let mut project = Project {
            id,
            version: 1,
            title: String::new(),
            summary: String::new(),
            kind: fields.kind,
            requester_unit: String::new(),
            requester_contact: String::new(),
            responsible_consultant: String::new(),
            phase,
            involvement_level: fields.involvement_level,
            target_groups: Vec::new(),
            start_date: None,
            deadline: None,
            tags: Vec::new(),
            archived: false,
            created_at: now,
            updated_at: now,
        };
        project.apply(fields);
        project
    }

    /// Replaces the editable fields (everything but phase and archive state).
    pub fn apply(&mut self, fields: ProjectFields) {
        self.title = fields.title;
        self.summary = fields.summary;
        self.kind = fields.kind;
        self.requester_unit = fields.requester_unit;
        self.requester_contact = fields.requester_contact;
        self.responsible_consultant = fields.responsible_consultant;
        self.involvement_level = fields.involvement_level;
        self.target_groups = fields.target_groups;
        self.start_date = fields.start_date;
        self.deadline = fields.deadline;
        self.tags = fields.tags;
    }
}

/// One entry of a project's timeline: the phase changed from `from` to `to`.
/// The first entry, made when the project is created, has no `from`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PhaseChange {
    pub id: Id,
    pub project_id: Id,
    pub at: DateTime<Utc>,
    pub by: String,
    pub from: Option<Phase>,
    pub to: Phase,
}

/// A project with its timeline, oldest change first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProjectDetail {
    pub project: Project,
    pub timeline: Vec<PhaseChange>,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn input(title: &str) -> ProjectInput {
        ProjectInput {
            title: title.into(),
            kind: "workflow".into(),
            involvement_level: "consult".into(),
            ..ProjectInput::default()
        }
    }

    fn fields_of(err: AppError) -> Vec<(String, Rule)> {
        match err {
            AppError::Validation(fields) => fields.into_iter().map(|f| (f.field, f.rule)).collect(),
            other => panic!("expected validation, got {other:?}"),
        }
    }

    #[test]
    fn valid_input_is_trimmed_and_parsed() {
        let mut i = input("  Ny pjece om medicin  ");
        i.target_groups = vec!["relatives".into(), "patients".into(), "relatives".into()];
        i.start_date = Some("2026-01-05".into());
        i.deadline = Some("2026-03-01".into());
        i.tags = vec![" pjece ".into(), "Pjece".into(), "medicin".into()];
        let f = i.validate().expect("valid");
        assert_eq!(f.title, "Ny pjece om medicin");
        assert_eq!(
            f.target_groups,
            vec![TargetGroup::Patients, TargetGroup::Relatives]
        );
        assert_eq!(f.tags, vec!["pjece".to_string(), "medicin".to_string()]);
        assert_eq!(f.kind, ProjectKind::Workflow);
    }

    #[test]
    fn every_rule_names_its_field() {
        let mut i = input("");
        i.kind = "brochure".into();
        i.involvement_level = "".into();
        i.target_groups = vec!["staff".into()];
        i.start_date = Some("2026-05-01".into());
        i.deadline = Some("2026-04-30".into());
        i.summary = "x".repeat(limits::SUMMARY + 1);
        let got = fields_of(i.validate().expect_err("invalid"));
        assert_eq!(
            got,
            vec![
                ("title".into(), Rule::Required),
                ("summary".into(), Rule::TooLong),
                ("kind".into(), Rule::InvalidChoice),
                ("involvement_level".into(), Rule::InvalidChoice),
                ("target_groups".into(), Rule::InvalidChoice),
                ("deadline".into(), Rule::BeforeStart),
            ]
        );
    }

    #[test]
    fn bad_dates_and_too_many_tags_are_rejected() {
        let mut i = input("Titel");
        i.start_date = Some("31-12-2026".into());
        i.tags = (0..=limits::TAGS).map(|n| format!("tag{n}")).collect();
        let got = fields_of(i.validate().expect_err("invalid"));
        assert_eq!(
            got,
            vec![
                ("start_date".into(), Rule::InvalidDate),
                ("tags".into(), Rule::TooMany)
            ]
        );
    }

    #[test]
    fn choices_round_trip_through_their_names() {
        for phase in Phase::ALL {
            assert_eq!(Phase::parse(phase.as_str()), Some(*phase));
            let json = serde_json::to_string(phase).expect("json");
            assert_eq!(json, format!("\"{}\"", phase.as_str()));
        }
        assert_eq!(Phase::parse("Idea"), None);
    }
}

//! The register of patient information material: leaflets, posters, web texts and videos,
//! each with an owner unit, a version, its languages, where it is displayed, whether the
//! Peer-board or patients took part in making it (and in which project), when it was last
//! reviewed and when the next review is due, its status, and its history of versions and
//! reviews.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::{choice_enum, parse_choice};
use super::error::{AppError, FieldError, Rule};
use super::text::{checked, checked_labels, not_in_future, parse_date, parse_required_date};
use super::Id;

choice_enum! {
    MaterialKind {
        Leaflet = "leaflet",
        Poster = "poster",
        WebText = "web_text",
        Video = "video",
    }
}

choice_enum! {
    /// Where a material is displayed.
    Place {
        WelcomeArea = "welcome_area",
        Ward = "ward",
        Web = "web",
    }
}

choice_enum! {
    MaterialStatus {
        InUse = "in_use",
        UnderRevision = "under_revision",
        Withdrawn = "withdrawn",
    }
}

choice_enum! {
    /// What happened to a material, in its history.
    MaterialEventKind {
        Registered = "registered",
        NewVersion = "new_version",
        Reviewed = "reviewed",
        StatusChanged = "status_changed",
        Changed = "changed",
    }
}

pub mod limits {
    pub const TITLE: usize = 200;
    pub const OWNER: usize = 200;
    pub const VERSION: usize = 40;
    pub const LANGUAGE: usize = 40;
    pub const LANGUAGES: usize = 20;
    pub const NOTE: usize = 1_000;
}

/// How many days ahead a review counts as coming up (Oversigt).
pub const DUE_SOON_DAYS: i64 = 30;

/// One entry of a material's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MaterialEvent {
    pub kind: MaterialEventKind,
    pub date: NaiveDate,
    /// The version after it.
    pub version_label: String,
    pub status: MaterialStatus,
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Material {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub title: String,
    pub kind: MaterialKind,
    pub owner_unit: String,
    /// The material's own version ("3.1", "marts 2026").
    pub version_label: String,
    pub languages: Vec<String>,
    pub places: Vec<Place>,
    /// The Peer-board or patients took part in making it.
    pub co_created: bool,
    /// The project it was made in.
    pub project_id: Option<Id>,
    pub last_reviewed: Option<NaiveDate>,
    pub next_review: NaiveDate,
    pub status: MaterialStatus,
    /// Oldest first.
    pub history: Vec<MaterialEvent>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A material as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct MaterialInput {
    pub title: String,
    #[ts(as = "MaterialKind")]
    pub kind: String,
    pub owner_unit: String,
    pub version_label: String,
    pub languages: Vec<String>,
    #[ts(as = "Vec<Place>")]
    pub places: Vec<String>,
    pub co_created: bool,
    pub project_id: Option<Id>,
    pub last_reviewed: Option<String>,
    pub next_review: String,
    #[ts(as = "MaterialStatus")]
    pub status: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MaterialFields {
    pub title: String,
    pub kind: MaterialKind,
    pub owner_unit: String,
    pub version_label: String,
    pub languages: Vec<String>,
    pub places: Vec<Place>,
    pub co_created: bool,
    pub project_id: Option<Id>,
    pub last_reviewed: Option<NaiveDate>,
    pub next_review: NaiveDate,
    pub status: MaterialStatus,
}

impl MaterialInput {
    pub fn validate(&self, today: NaiveDate) -> Result<MaterialFields, AppError> {
        let mut errors = Vec::new();
        let title = checked("title", &self.title, true, limits::TITLE, &mut errors);
        let kind = parse_choice("kind", &self.kind, MaterialKind::parse, &mut errors);
        let owner_unit = checked(
            "owner_unit",
            &self.owner_unit,
            true,
            limits::OWNER,
            &mut errors,
        );
        let version_label = checked(
            "version_label",
            &self.version_label,
            false,
            limits::VERSION,
            &mut errors,
        );
        let languages = checked_labels(
            "languages",
            &self.languages,
            limits::LANGUAGE,
            limits::LANGUAGES,
            &mut errors,
        );
        let mut places = Vec::new();
        for p in &self.places {
            match Place::parse(p.trim()) {
                Some(p) if !places.contains(&p) => places.push(p),
                Some(_) => {}
                None => {
                    errors.push(FieldError::new("places", Rule::InvalidChoice));
                    break;
                }
            }
        }
        places.sort();
        let last_reviewed = parse_date("last_reviewed", self.last_reviewed.as_deref(), &mut errors);
        not_in_future("last_reviewed", last_reviewed, today, &mut errors);
        let next_review = parse_required_date("next_review", &self.next_review, &mut errors);
        if let (Some(last), Some(next)) = (last_reviewed, next_review) {
            if next < last {
                errors.push(FieldError::new("next_review", Rule::BeforeStart));
            }
        }
        let status = parse_choice("status", &self.status, MaterialStatus::parse, &mut errors);
        match (kind, next_review, status) {
            (Some(kind), Some(next_review), Some(status)) if errors.is_empty() => {
                Ok(MaterialFields {
                    title,
                    kind,
                    owner_unit,
                    version_label,
                    languages,
                    places,
                    co_created: self.co_created,
                    project_id: self.project_id,
                    last_reviewed,
                    next_review,
                    status,
                })
            }
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// A review as the form sends it: the day, the next review's date, and perhaps a new
/// version label and a note.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewInput {
    pub date: String,
    pub next_review: String,
    /// Empty: the version stays.
    pub version_label: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewFields {
    pub date: NaiveDate,
    pub next_review: NaiveDate,
    pub version_label: String,
    pub note: String,
}

impl ReviewInput {
    pub fn validate(&self, today: NaiveDate) -> Result<ReviewFields, AppError> {
        let mut errors = Vec::new();
        let date = parse_required_date("date", &self.date, &mut errors);
        not_in_future("date", date, today, &mut errors);
        let next_review = parse_required_date("next_review", &self.next_review, &mut errors);
        if let (Some(d), Some(n)) = (date, next_review) {
            if n <= d {
                errors.push(FieldError::new("next_review", Rule::BeforeStart));
            }
        }
        let version_label = checked(
            "version_label",
            &self.version_label,
            false,
            limits::VERSION,
            &mut errors,
        );
        let note = checked("note", &self.note, false, limits::NOTE, &mut errors);
        match (date, next_review) {
            (Some(date), Some(next_review)) if errors.is_empty() => Ok(ReviewFields {
                date,
                next_review,
                version_label,
                note,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// Whether a material's review is overdue, coming up (within [`DUE_SOON_DAYS`]), or
/// neither, on `today`. A withdrawn material is never due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDue {
    Overdue,
    Soon,
    Later,
    NotInUse,
}

impl Material {
    /// A new material, registered on `today` (the local day of `now`).
    pub fn new(
        id: Id,
        f: MaterialFields,
        by: String,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Material {
        let event = MaterialEvent {
            kind: MaterialEventKind::Registered,
            date: today,
            version_label: f.version_label.clone(),
            status: f.status,
            note: String::new(),
            by,
            at: now,
        };
        Material {
            id,
            version: 1,
            title: f.title,
            kind: f.kind,
            owner_unit: f.owner_unit,
            version_label: f.version_label,
            languages: f.languages,
            places: f.places,
            co_created: f.co_created,
            project_id: f.project_id,
            last_reviewed: f.last_reviewed,
            next_review: f.next_review,
            status: f.status,
            history: vec![event],
            created_at: now,
            updated_at: now,
        }
    }

    /// The material changed by the form, as its next version, with what changed in its
    /// history: a new version label, a new status, or else "changed".
    pub fn edited(
        &self,
        f: MaterialFields,
        by: String,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Material {
        let mut next = self.next_version(now);
        let kind = if f.version_label != self.version_label {
            MaterialEventKind::NewVersion
        } else if f.status != self.status {
            MaterialEventKind::StatusChanged
        } else {
            MaterialEventKind::Changed
        };
        next.title = f.title;
        next.kind = f.kind;
        next.owner_unit = f.owner_unit;
        next.version_label = f.version_label;
        next.languages = f.languages;
        next.places = f.places;
        next.co_created = f.co_created;
        next.project_id = f.project_id;
        next.last_reviewed = f.last_reviewed;
        next.next_review = f.next_review;
        next.status = f.status;
        next.history.push(MaterialEvent {
            kind,
            date: today,
            version_label: next.version_label.clone(),
            status: next.status,
            note: String::new(),
            by,
            at: now,
        });
        next
    }

    /// The material reviewed on `f.date`: the next review set, perhaps a new version.
    pub fn reviewed(&self, f: ReviewFields, by: String, now: DateTime<Utc>) -> Material {
        let mut next = self.next_version(now);
        next.last_reviewed = Some(f.date);
        next.next_review = f.next_review;
        if !f.version_label.is_empty() {
            next.version_label = f.version_label;
        }
        next.history.push(MaterialEvent {
            kind: MaterialEventKind::Reviewed,
            date: f.date,
            version_label: next.version_label.clone(),
            status: next.status,
            note: f.note,
            by,
            at: now,
        });
        next
    }

    pub fn due(&self, today: NaiveDate) -> ReviewDue {
        if self.status == MaterialStatus::Withdrawn {
            ReviewDue::NotInUse
        } else if self.next_review < today {
            ReviewDue::Overdue
        } else if (self.next_review - today).num_days() <= DUE_SOON_DAYS {
            ReviewDue::Soon
        } else {
            ReviewDue::Later
        }
    }

    pub fn as_input(&self) -> MaterialInput {
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        MaterialInput {
            title: self.title.clone(),
            kind: self.kind.as_str().into(),
            owner_unit: self.owner_unit.clone(),
            version_label: self.version_label.clone(),
            languages: self.languages.clone(),
            places: self.places.iter().map(|p| p.as_str().to_owned()).collect(),
            co_created: self.co_created,
            project_id: self.project_id,
            last_reviewed: self.last_reviewed.map(day),
            next_review: day(self.next_review),
            status: self.status.as_str().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn leaflet() -> MaterialInput {
        MaterialInput {
            title: "Velkommen til afsnit P3".into(),
            kind: "leaflet".into(),
            owner_unit: "Afsnit P3".into(),
            version_label: "2".into(),
            languages: vec!["dansk".into(), "engelsk".into()],
            places: vec!["welcome_area".into(), "ward".into()],
            co_created: true,
            project_id: None,
            last_reviewed: Some("2026-01-15".into()),
            next_review: "2027-01-15".into(),
            status: "in_use".into(),
        }
    }

    #[test]
    fn review_due_counts_thirty_days_ahead_and_never_a_withdrawn_one() {
        let now = Utc::now();
        let today = d("2026-11-30");
        let mut input = leaflet();
        input.next_review = "2026-12-30".into();
        let m = Material::new(
            crate::domain::new_id(),
            input.validate(today).expect("ok"),
            "Louise".into(),
            now,
            today,
        );
        assert_eq!(m.due(today), ReviewDue::Soon);
        assert_eq!(m.due(d("2026-11-29")), ReviewDue::Later);
        assert_eq!(m.due(d("2026-12-30")), ReviewDue::Soon);
        assert_eq!(m.due(d("2026-12-31")), ReviewDue::Overdue);
        let mut gone = m.clone();
        gone.status = MaterialStatus::Withdrawn;
        assert_eq!(gone.due(d("2027-06-01")), ReviewDue::NotInUse);
    }

    #[test]
    fn history_keeps_versions_and_reviews() {
        let now = Utc::now();
        let today = d("2026-11-30");
        let m = Material::new(
            crate::domain::new_id(),
            leaflet().validate(today).expect("ok"),
            "Louise".into(),
            now,
            today,
        );
        let mut input = leaflet();
        input.version_label = "3".into();
        let m = m.edited(
            input.validate(today).expect("ok"),
            "Louise".into(),
            now,
            today,
        );
        let m = m.reviewed(
            ReviewInput {
                date: "2026-11-20".into(),
                next_review: "2027-11-20".into(),
                version_label: String::new(),
                note: "Gennemgået med Peer-boardet".into(),
            }
            .validate(today)
            .expect("review"),
            "Mette".into(),
            now,
        );
        let kinds: Vec<_> = m
            .history
            .iter()
            .map(|e| (e.kind, e.version_label.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (MaterialEventKind::Registered, "2"),
                (MaterialEventKind::NewVersion, "3"),
                (MaterialEventKind::Reviewed, "3"),
            ]
        );
        assert_eq!(m.last_reviewed, Some(d("2026-11-20")));
        assert_eq!(m.next_review, d("2027-11-20"));
    }

    #[test]
    fn bad_fields_are_named() {
        let mut i = leaflet();
        i.title = String::new();
        i.places = vec!["loo".into()];
        i.next_review = "2025-01-01".into();
        match i.validate(d("2026-11-30")).expect_err("bad") {
            AppError::Validation(f) => assert_eq!(
                f.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
                vec!["title", "places", "next_review"]
            ),
            other => panic!("{other:?}"),
        }
    }
}

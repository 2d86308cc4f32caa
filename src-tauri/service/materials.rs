//! The register of patient information material (`domain::material`): register, edit,
//! review, list filtered by place and status, one material's page with its history, and
//! the review figures Oversigt shows.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::error::{AppError, AppResult};
use crate::domain::material::{
    Material, MaterialFields, MaterialInput, MaterialStatus, Place, ReviewDue, ReviewInput,
    DUE_SOON_DAYS,
};
use crate::domain::text::danish_sort_key;
use crate::domain::{new_id, Id};
use crate::store::{Store, Write};

/// The Danish names of a material's kind, place and status (exports).
pub fn kind_name(k: crate::domain::material::MaterialKind) -> &'static str {
    use crate::domain::material::MaterialKind;
    match k {
        MaterialKind::Leaflet => "Pjece",
        MaterialKind::Poster => "Plakat",
        MaterialKind::WebText => "Webtekst",
        MaterialKind::Video => "Video",
    }
}

pub fn place_name(p: Place) -> &'static str {
    match p {
        Place::WelcomeArea => "Velkomstområder",
        Place::Ward => "Afsnit",
        Place::Web => "Web",
    }
}

pub fn status_name(s: MaterialStatus) -> &'static str {
    match s {
        MaterialStatus::InUse => "I brug",
        MaterialStatus::UnderRevision => "Under revision",
        MaterialStatus::Withdrawn => "Trukket tilbage",
    }
}

fn check_project(store: &Store, f: &MaterialFields) -> AppResult<()> {
    match f.project_id {
        Some(id) => super::chosen("project_id", store.project(id)).map(|_| ()),
        None => Ok(()),
    }
}

pub fn add(store: &Store, input: &MaterialInput, now: DateTime<Utc>) -> AppResult<Material> {
    let fields = input.validate(super::local_day(now))?;
    check_project(store, &fields)?;
    let material = Material::new(
        new_id(),
        fields,
        super::actor(store)?,
        now,
        super::local_day(now),
    );
    store.commit(&[Write::record(&material)?])?;
    Ok(material)
}

pub fn edit(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &MaterialInput,
    now: DateTime<Utc>,
) -> AppResult<Material> {
    let fields = input.validate(super::local_day(now))?;
    check_project(store, &fields)?;
    let material: Material = super::current(store, id, expected_version)?;
    let next = material.edited(fields, super::actor(store)?, now, super::local_day(now));
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

pub fn review(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &ReviewInput,
    now: DateTime<Utc>,
) -> AppResult<Material> {
    let fields = input.validate(super::local_day(now))?;
    let material: Material = super::current(store, id, expected_version)?;
    if material.status == MaterialStatus::Withdrawn {
        return Err(AppError::NotAllowed {
            rule: "material_withdrawn",
        });
    }
    let next = material.reviewed(fields, super::actor(store)?, now);
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// What the list asks for: places and statuses (none: all), and perhaps only those due.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
pub struct MaterialQuery {
    pub places: Vec<Place>,
    pub statuses: Vec<MaterialStatus>,
    /// Only those overdue or due within 30 days (the figure on Oversigt opens this).
    pub due_only: bool,
}

/// A material as the list shows it, with its review state on the day asked.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MaterialRow {
    pub material: Material,
    pub due: ReviewDue,
    pub project_title: Option<String>,
}

/// The materials that pass `query` on `today`: those due first (soonest review first),
/// then by title.
pub fn list(store: &Store, query: &MaterialQuery, today: NaiveDate) -> AppResult<Vec<MaterialRow>> {
    let materials: Vec<Material> = store.all()?;
    let ids: Vec<Id> = materials.iter().filter_map(|m| m.project_id).collect();
    let titles = store.project_titles(&ids)?;
    let mut rows: Vec<MaterialRow> = materials
        .into_iter()
        .filter(|m| query.places.is_empty() || m.places.iter().any(|p| query.places.contains(p)))
        .filter(|m| query.statuses.is_empty() || query.statuses.contains(&m.status))
        .map(|m| MaterialRow {
            due: m.due(today),
            project_title: m.project_id.and_then(|p| titles.get(&p).cloned()),
            material: m,
        })
        .filter(|r| !query.due_only || matches!(r.due, ReviewDue::Overdue | ReviewDue::Soon))
        .collect();
    rows.sort_by(|a, b| {
        let due = |r: &MaterialRow| !matches!(r.due, ReviewDue::Overdue | ReviewDue::Soon);
        (
            due(a),
            a.material.next_review,
            danish_sort_key(&a.material.title),
        )
            .cmp(&(
                due(b),
                b.material.next_review,
                danish_sort_key(&b.material.title),
            ))
    });
    Ok(rows)
}

/// One material's page: the material, its project's title and its review state.
pub fn get(store: &Store, id: Id, today: NaiveDate) -> AppResult<MaterialRow> {
    let material: Material = store.get(id)?;
    let project_title = match material.project_id {
        Some(p) => store.project_titles(&[p])?.remove(&p),
        None => None,
    };
    Ok(MaterialRow {
        due: material.due(today),
        project_title,
        material,
    })
}

/// A material whose review is due, as Oversigt names it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DueMaterial {
    pub id: Id,
    pub title: String,
    pub next_review: NaiveDate,
    pub overdue: bool,
}

/// Oversigt's review figures: how many materials are overdue and how many are due within
/// 30 days, and the first few of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct ReviewFigures {
    #[ts(type = "number")]
    pub overdue: usize,
    #[ts(type = "number")]
    pub soon: usize,
    pub first: Vec<DueMaterial>,
}

/// How many due materials Oversigt names.
pub const DUE_SHOWN: usize = 5;

pub fn review_figures(store: &Store, today: NaiveDate) -> AppResult<ReviewFigures> {
    let due = store.reviews_until(today + Duration::days(DUE_SOON_DAYS))?;
    let overdue = due.iter().filter(|(_, _, d)| *d < today).count();
    Ok(ReviewFigures {
        overdue,
        soon: due.len() - overdue,
        first: due
            .into_iter()
            .take(DUE_SHOWN)
            .map(|(id, title, next_review)| DueMaterial {
                id,
                title,
                next_review,
                overdue: next_review < today,
            })
            .collect(),
    })
}

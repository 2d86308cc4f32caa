use chrono::Utc;

use super::members::check_version;
use crate::domain::consultation::{Consultation, ConsultationInput};
use crate::domain::error::AppResult;
use crate::domain::{new_id, Id};
use crate::store::{Store, Table, Write};

/// Requests a consultation on a project: the requester's questions to the board.
pub fn request(
    store: &Store,
    project_id: Id,
    input: &ConsultationInput,
) -> AppResult<Consultation> {
    let fields = input.validate()?;
    store.project(project_id)?;
    let c = Consultation::new(new_id(), project_id, fields, Utc::now());
    store.commit(&[
        Write::record(&c)?,
        Write::link(Table::ProjectConsultations, project_id, c.id),
        Write::mark(Table::RequestedConsultations, c.id),
    ])?;
    Ok(c)
}

pub fn edit(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &ConsultationInput,
) -> AppResult<Consultation> {
    let fields = input.validate()?;
    let current: Consultation = store.get(id)?;
    check_version(current.version, expected_version)?;
    let mut next = current.next_version(Utc::now());
    next.questions = fields.questions;
    next.material = fields.material;
    next.links = fields.links;
    next.presenter = fields.presenter;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

//! Projects: the first capability.

use chrono::Utc;

use crate::domain::error::{AppError, AppResult, FieldError, Rule};
use crate::domain::project::{Phase, PhaseChange, Project, ProjectDetail, ProjectInput};
use crate::domain::query::{ArchiveFilter, ProjectPage, ProjectQuery, ProjectTitle};
use crate::domain::{new_id, Id};
use crate::store::Store;

/// Creates a project in `phase` (text from the form), with the first timeline entry.
pub fn create(store: &Store, input: &ProjectInput, phase: &str) -> AppResult<Project> {
    let (fields, phase) = match (input.validate(), Phase::parse(phase.trim())) {
        (Ok(fields), Some(phase)) => (fields, phase),
        (Ok(_), None) => return Err(AppError::invalid("phase", Rule::InvalidChoice)),
        (Err(AppError::Validation(mut errors)), phase) => {
            if phase.is_none() {
                errors.push(FieldError::new("phase", Rule::InvalidChoice));
            }
            return Err(AppError::Validation(errors));
        }
        (Err(other), _) => return Err(other),
    };
    let now = Utc::now();
    let project = Project::new(new_id(), fields, phase, now);
    let first = PhaseChange {
        id: new_id(),
        project_id: project.id,
        at: now,
        by: super::actor(store)?,
        from: None,
        to: phase,
    };
    store.insert_project(&project, &first)?;
    Ok(project)
}

/// Changes the editable fields of the project at `expected_version`.
pub fn update(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &ProjectInput,
) -> AppResult<Project> {
    let fields = input.validate()?;
    let mut next = current(store, id, expected_version)?.next_version(Utc::now());
    next.apply(fields);
    store.update_project(&next, None)?;
    Ok(next)
}

/// Moves the project to phase `to` and records who, when, from and to on its timeline.
pub fn change_phase(
    store: &Store,
    id: Id,
    expected_version: u64,
    to: &str,
) -> AppResult<ProjectDetail> {
    let to =
        Phase::parse(to.trim()).ok_or_else(|| AppError::invalid("phase", Rule::InvalidChoice))?;
    let project = current(store, id, expected_version)?;
    if project.phase != to {
        let now = Utc::now();
        let mut next = project.next_version(now);
        next.phase = to;
        let change = PhaseChange {
            id: new_id(),
            project_id: id,
            at: now,
            by: super::actor(store)?,
            from: Some(project.phase),
            to,
        };
        store.update_project(&next, Some(&change))?;
    }
    detail(store, id)
}

/// Archives (`true`) or restores (`false`) the project. Archived projects are kept whole and
/// leave the default list.
pub fn set_archived(
    store: &Store,
    id: Id,
    expected_version: u64,
    archived: bool,
) -> AppResult<Project> {
    let project = current(store, id, expected_version)?;
    if project.archived == archived {
        return Ok(project);
    }
    let mut next = project.next_version(Utc::now());
    next.archived = archived;
    store.update_project(&next, None)?;
    Ok(next)
}

/// The project with its timeline.
pub fn detail(store: &Store, id: Id) -> AppResult<ProjectDetail> {
    Ok(ProjectDetail {
        project: store.project(id)?,
        timeline: store.phase_timeline(id)?,
    })
}

pub fn list(store: &Store, query: &ProjectQuery) -> AppResult<Vec<Project>> {
    Ok(store.list_projects(query)?.projects)
}

/// Every project's id and title (active, archived or all), in Danish alphabetical order:
/// the choices of a project picker, without reading whole records.
pub fn titles(store: &Store, archive: ArchiveFilter) -> AppResult<Vec<ProjectTitle>> {
    store.project_title_list(archive)
}

/// The first projects that pass `query` (as many as its limit) and how many pass it: what
/// the list screen shows.
pub fn page(store: &Store, query: &ProjectQuery) -> AppResult<ProjectPage> {
    store.list_projects(query)
}

/// The stored project, if it is still at `expected_version`.
fn current(store: &Store, id: Id, expected_version: u64) -> AppResult<Project> {
    let project = store.project(id)?;
    if project.version != expected_version {
        return Err(AppError::Conflict {
            expected: expected_version,
            actual: project.version,
        });
    }
    Ok(project)
}

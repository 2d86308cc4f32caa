use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::domain::project::{Project, ProjectDetail, ProjectInput};
use crate::domain::query::{ArchiveFilter, ProjectPage, ProjectQuery, ProjectTitle};
use crate::domain::Id;
use crate::service::projects;

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_projects(state: State<'_, AppState>, query: ProjectQuery) -> AppResult<ProjectPage> {
    projects::page(&*state.store()?, &query)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_titles(
    state: State<'_, AppState>,
    archive: ArchiveFilter,
) -> AppResult<Vec<ProjectTitle>> {
    projects::titles(&*state.store()?, archive)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_project(state: State<'_, AppState>, id: Id) -> AppResult<ProjectDetail> {
    projects::detail(&*state.store()?, id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_project(
    state: State<'_, AppState>,
    input: ProjectInput,
    phase: String,
) -> AppResult<Project> {
    projects::create(&*state.store()?, &input, &phase)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_project(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: ProjectInput,
) -> AppResult<Project> {
    projects::update(&*state.store()?, id, expected_version, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_project_phase(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    phase: String,
) -> AppResult<ProjectDetail> {
    projects::change_phase(&*state.store()?, id, expected_version, &phase)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_project_archived(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    archived: bool,
) -> AppResult<Project> {
    projects::set_archived(&*state.store()?, id, expected_version, archived)
}

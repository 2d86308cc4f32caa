//! Hours (`service::hours`), the impact log (`service::impact`) and the register of
//! information material (`service::materials`).

use chrono::Utc;
use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::domain::hours::{TimeEntry, TimeInput};
use crate::domain::impact::{ImpactEntry, ImpactInput};
use crate::domain::material::{Material, MaterialInput, ReviewInput};
use crate::domain::Id;
use crate::service::hours::{self, HoursQuery, HoursView};
use crate::service::impact::{self, ImpactView};
use crate::service::materials::{self, MaterialQuery, MaterialRow};

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_time(state: State<'_, AppState>, input: TimeInput) -> AppResult<TimeEntry> {
    hours::add(&*state.store()?, &input, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_time(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: TimeInput,
) -> AppResult<TimeEntry> {
    hours::edit(&*state.store()?, id, expected_version, &input, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_time_removed(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    removed: bool,
) -> AppResult<TimeEntry> {
    hours::set_removed(&*state.store()?, id, expected_version, removed, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn hours(state: State<'_, AppState>, query: HoursQuery) -> AppResult<HoursView> {
    hours::list(&*state.store()?, &query)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_impact(
    state: State<'_, AppState>,
    project_id: Id,
    input: ImpactInput,
) -> AppResult<ImpactEntry> {
    impact::add(&*state.store()?, project_id, &input, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_impact(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: ImpactInput,
) -> AppResult<ImpactEntry> {
    impact::edit(&*state.store()?, id, expected_version, &input, Utc::now())
}

/// Withdraws the consent behind an entry of what taking part meant (its words go).
#[tauri::command(async, rename_all = "snake_case")]
pub fn withdraw_impact_consent(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
) -> AppResult<ImpactEntry> {
    impact::withdraw_consent(&*state.store()?, id, expected_version, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn impact_log(state: State<'_, AppState>, project_id: Id) -> AppResult<Vec<ImpactView>> {
    impact::log(&*state.store()?, project_id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_material(state: State<'_, AppState>, input: MaterialInput) -> AppResult<Material> {
    materials::add(&*state.store()?, &input, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_material(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: MaterialInput,
) -> AppResult<Material> {
    materials::edit(&*state.store()?, id, expected_version, &input, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn review_material(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: ReviewInput,
) -> AppResult<Material> {
    materials::review(&*state.store()?, id, expected_version, &input, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn materials(state: State<'_, AppState>, query: MaterialQuery) -> AppResult<Vec<MaterialRow>> {
    materials::list(&*state.store()?, &query, crate::service::board::today())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_material(state: State<'_, AppState>, id: Id) -> AppResult<MaterialRow> {
    materials::get(&*state.store()?, id, crate::service::board::today())
}

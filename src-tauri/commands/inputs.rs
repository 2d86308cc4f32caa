use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::domain::feedback_loop::AnswerInput;
use crate::domain::input::{Activity, ActivityInput, Input, InputInput, InputQuery};
use crate::domain::Id;
use crate::service::board::compiled::ExportFormat;
use crate::service::board::today;
use crate::service::inputs::{self, InputHits, ThemeCount};
use crate::service::report::{self, WeAskedReport};

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_activity(
    state: State<'_, AppState>,
    project_id: Id,
    input: ActivityInput,
) -> AppResult<Activity> {
    inputs::add_activity(&*state.store()?, project_id, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_activities(state: State<'_, AppState>, project_id: Id) -> AppResult<Vec<Activity>> {
    inputs::activities(&*state.store()?, project_id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn capture_input(state: State<'_, AppState>, input: InputInput) -> AppResult<Input> {
    inputs::capture(&*state.store()?, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn answer_input(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: AnswerInput,
) -> AppResult<Input> {
    inputs::answer(&*state.store()?, id, expected_version, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn report_back_inputs(
    state: State<'_, AppState>,
    ids: Vec<Id>,
    channel: String,
    date: Option<String>,
) -> AppResult<Vec<Input>> {
    inputs::report_back(&*state.store()?, &ids, &channel, date.as_deref())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn search_inputs(state: State<'_, AppState>, query: InputQuery) -> AppResult<InputHits> {
    inputs::search(&*state.store()?, &query, today())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn themes(state: State<'_, AppState>, project_id: Option<Id>) -> AppResult<Vec<ThemeCount>> {
    inputs::themes(&*state.store()?, project_id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn merge_themes(
    state: State<'_, AppState>,
    from: Vec<String>,
    into: String,
) -> AppResult<usize> {
    inputs::merge_themes(&*state.store()?, &from, &into)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn we_asked_report(state: State<'_, AppState>, project_id: Id) -> AppResult<WeAskedReport> {
    report::build(&*state.store()?, project_id, today())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_we_asked_report(
    state: State<'_, AppState>,
    project_id: Id,
    format: ExportFormat,
    path: String,
) -> AppResult<()> {
    report::save(&*state.store()?, project_id, format, &state.chosen(&path)?)
}

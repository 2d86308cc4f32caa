//! Profiles on the embedded database, and choosing one at start.

use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::domain::roles::{Person, PersonInput};
use crate::domain::Id;
use crate::service::people;

#[tauri::command(async, rename_all = "snake_case")]
pub fn people(state: State<'_, AppState>) -> AppResult<Vec<Person>> {
    people::all(&*state.store()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_person(state: State<'_, AppState>, input: PersonInput) -> AppResult<Person> {
    people::add(&*state.store()?, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_person(state: State<'_, AppState>, id: Id, input: PersonInput) -> AppResult<Person> {
    people::edit(&*state.store()?, id, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn remove_person(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    people::remove(&*state.store()?, id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn choose_profile(state: State<'_, AppState>, id: Id) -> AppResult<Person> {
    people::choose(&*state.store()?, id)
}

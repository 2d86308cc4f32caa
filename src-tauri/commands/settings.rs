use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::domain::settings::Settings;
use crate::service::settings;

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_settings(state: State<'_, AppState>) -> AppResult<Settings> {
    settings::get(&*state.store()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_settings(state: State<'_, AppState>, settings: Settings) -> AppResult<Settings> {
    settings::update(&*state.store()?, &settings)
}

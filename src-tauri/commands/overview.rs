use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use super::AppState;
use crate::domain::error::AppResult;
use crate::domain::Id;
use crate::service::board::compiled::ExportFormat;
use crate::service::board::today;
use crate::service::export::{self, ExportKind, SheetFormat};
use crate::service::gripp2::{self, Gripp2, Gripp2Draft};
use crate::service::overview::{self, Overview};
use crate::service::progress::Progress;
use crate::service::year_report::{self, YearReport};

/// How far a long operation is, sent to the screen as it runs.
#[derive(Debug, Clone, Serialize, TS)]
pub struct JobProgress {
    #[ts(type = "number")]
    pub done: usize,
    #[ts(type = "number")]
    pub total: usize,
}

/// Runs `work` as job `job`: progress goes to `channel`, and `cancel_job(job)` stops it.
fn as_job<T>(
    state: &AppState,
    job: &str,
    channel: Channel<JobProgress>,
    work: impl FnOnce(&Progress) -> AppResult<T>,
) -> AppResult<T> {
    let flag = state.jobs.start(job);
    let delay = state
        .testing
        .job_step_ms
        .map(std::time::Duration::from_millis);
    let progress = Progress::new(flag, move |done, total| {
        // The screen may have gone; the work goes on regardless.
        let _ = channel.send(JobProgress { done, total });
        if let Some(delay) = delay {
            std::thread::sleep(delay);
        }
    });
    let result = work(&progress);
    state.jobs.end(job);
    result
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn overview(state: State<'_, AppState>) -> AppResult<Overview> {
    overview::build(&*state.store()?, today())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_sheet(
    state: State<'_, AppState>,
    kind: ExportKind,
    format: SheetFormat,
    personal: bool,
    path: String,
    job: String,
    on_progress: Channel<JobProgress>,
) -> AppResult<usize> {
    let store = state.store()?;
    let path = state.chosen(&path)?;
    as_job(&state, &job, on_progress, |p| {
        export::save(&store, kind, format, personal, &path, p)
    })
}

/// Asks a running export or report to stop; false when it had already ended.
#[tauri::command(async, rename_all = "snake_case")]
pub fn cancel_job(state: State<'_, AppState>, job: String) -> bool {
    state.jobs.cancel(&job)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn year_report(
    state: State<'_, AppState>,
    year: i32,
    personal: bool,
    job: String,
    on_progress: Channel<JobProgress>,
) -> AppResult<YearReport> {
    let store = state.store()?;
    as_job(&state, &job, on_progress, |p| {
        year_report::build(&store, year, personal, p)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_year_report(
    state: State<'_, AppState>,
    year: i32,
    personal: bool,
    path: String,
    job: String,
    on_progress: Channel<JobProgress>,
) -> AppResult<()> {
    let store = state.store()?;
    let path = state.chosen(&path)?;
    as_job(&state, &job, on_progress, |p| {
        year_report::save(&store, year, personal, &path, p)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn gripp2_draft(state: State<'_, AppState>, project_id: Id) -> AppResult<Gripp2Draft> {
    gripp2::draft(&*state.store()?, project_id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_gripp2_draft(
    state: State<'_, AppState>,
    project_id: Id,
    draft: Option<Gripp2>,
) -> AppResult<()> {
    gripp2::save_draft(&*state.store()?, project_id, draft.as_ref())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_gripp2(
    state: State<'_, AppState>,
    project_id: Id,
    draft: Gripp2,
    format: ExportFormat,
    path: String,
) -> AppResult<()> {
    gripp2::save(
        &*state.store()?,
        project_id,
        &draft,
        format,
        &state.chosen(&path)?,
    )
}

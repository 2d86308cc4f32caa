use tauri::State;

use super::AppState;
use crate::domain::consultation::{Consultation, ConsultationInput};
use crate::domain::error::AppResult;
use crate::domain::feedback::{FeedbackInput, FeedbackPoint};
use crate::domain::feedback_loop::AnswerInput;
use crate::domain::meeting::{Meeting, MeetingInput};
use crate::domain::member::{Member, MemberInput};
use crate::domain::Id;
use crate::service::board::compiled::{self, ExportFormat};
use crate::service::board::views::{
    self, BoardOverview, ConsultationView, MeetingDetail, ReportBackItem,
};
use crate::service::board::{consultations, feedback, meetings, members, today};

#[tauri::command(async, rename_all = "snake_case")]
pub fn board_overview(
    state: State<'_, AppState>,
    all_past: Option<bool>,
) -> AppResult<BoardOverview> {
    views::overview_with(&*state.store()?, today(), all_past.unwrap_or(false))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn to_report_back(state: State<'_, AppState>) -> AppResult<Vec<ReportBackItem>> {
    views::to_report_back(&*state.store()?, today())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_member(state: State<'_, AppState>, input: MemberInput) -> AppResult<Member> {
    members::add(&*state.store()?, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_member(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: MemberInput,
) -> AppResult<Member> {
    members::edit(&*state.store()?, id, expected_version, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn mark_member_left(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    date: Option<String>,
) -> AppResult<Member> {
    members::mark_left(&*state.store()?, id, expected_version, date.as_deref())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn plan_meeting(state: State<'_, AppState>, input: MeetingInput) -> AppResult<Meeting> {
    meetings::plan(&*state.store()?, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_meeting(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: MeetingInput,
) -> AppResult<Meeting> {
    meetings::edit(&*state.store()?, id, expected_version, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_meeting(state: State<'_, AppState>, id: Id) -> AppResult<MeetingDetail> {
    views::meeting(&*state.store()?, id, today())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn schedule_consultation(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    consultation_id: Id,
) -> AppResult<Meeting> {
    meetings::schedule(&*state.store()?, id, expected_version, consultation_id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unschedule_consultation(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    consultation_id: Id,
) -> AppResult<Meeting> {
    meetings::unschedule(&*state.store()?, id, expected_version, consultation_id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reorder_meeting(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    agenda: Vec<Id>,
    report_back: Vec<Id>,
) -> AppResult<Meeting> {
    meetings::reorder(
        &*state.store()?,
        id,
        expected_version,
        &agenda,
        &report_back,
    )
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_attendance(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    members: Vec<Id>,
) -> AppResult<Meeting> {
    meetings::set_attendance(&*state.store()?, id, expected_version, &members)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_minutes(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    minutes: String,
) -> AppResult<Meeting> {
    meetings::set_minutes(&*state.store()?, id, expected_version, &minutes)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn mark_meeting_held(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
) -> AppResult<Meeting> {
    meetings::mark_held(&*state.store()?, id, expected_version)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn cancel_meeting(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
) -> AppResult<Meeting> {
    meetings::cancel(&*state.store()?, id, expected_version)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_report_back(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    points: Vec<Id>,
) -> AppResult<Meeting> {
    meetings::add_report_back(&*state.store()?, id, expected_version, &points)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn remove_report_back(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    points: Vec<Id>,
) -> AppResult<Meeting> {
    meetings::remove_report_back(&*state.store()?, id, expected_version, &points)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn mark_reported_back(
    state: State<'_, AppState>,
    id: Id,
    points: Vec<Id>,
) -> AppResult<Vec<FeedbackPoint>> {
    meetings::mark_reported_back(&*state.store()?, id, &points)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn request_consultation(
    state: State<'_, AppState>,
    project_id: Id,
    input: ConsultationInput,
) -> AppResult<Consultation> {
    consultations::request(&*state.store()?, project_id, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_consultation(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: ConsultationInput,
) -> AppResult<Consultation> {
    consultations::edit(&*state.store()?, id, expected_version, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_consultation(state: State<'_, AppState>, id: Id) -> AppResult<ConsultationView> {
    views::consultation(&*state.store()?, id, today())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_consultations(
    state: State<'_, AppState>,
    project_id: Id,
) -> AppResult<Vec<ConsultationView>> {
    views::project_consultations(&*state.store()?, project_id, today())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_feedback(
    state: State<'_, AppState>,
    consultation_id: Id,
    input: FeedbackInput,
) -> AppResult<FeedbackPoint> {
    feedback::record(&*state.store()?, consultation_id, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_feedback(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: FeedbackInput,
) -> AppResult<FeedbackPoint> {
    feedback::edit(&*state.store()?, id, expected_version, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn answer_feedback(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: AnswerInput,
) -> AppResult<FeedbackPoint> {
    feedback::answer(&*state.store()?, id, expected_version, &input)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_draft(state: State<'_, AppState>, key: String, text: String) -> AppResult<()> {
    feedback::save_draft(&*state.store()?, &key, &text)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_draft(state: State<'_, AppState>, key: String) -> AppResult<String> {
    feedback::draft(&*state.store()?, &key)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_compiled_feedback(
    state: State<'_, AppState>,
    consultation_id: Id,
    format: ExportFormat,
    path: String,
) -> AppResult<()> {
    compiled::save(
        &*state.store()?,
        consultation_id,
        format,
        &state.chosen(&path)?,
    )
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn compiled_feedback_html(
    state: State<'_, AppState>,
    consultation_id: Id,
) -> AppResult<String> {
    Ok(compiled::html(&views::consultation(
        &*state.store()?,
        consultation_id,
        today(),
    )?))
}

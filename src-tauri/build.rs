/// The app's own commands. Listing them makes Tauri gate each behind a permission
/// (`allow-<command>`), so the window may call only what capabilities/default.json allows.
const COMMANDS: &[&str] = &[
    "app_status",
    "list_projects",
    "get_project",
    "create_project",
    "update_project",
    "change_project_phase",
    "set_project_archived",
    "get_settings",
    "update_settings",
    "board_overview",
    "to_report_back",
    "add_member",
    "edit_member",
    "mark_member_left",
    "plan_meeting",
    "edit_meeting",
    "get_meeting",
    "schedule_consultation",
    "unschedule_consultation",
    "reorder_meeting",
    "set_attendance",
    "set_minutes",
    "mark_meeting_held",
    "cancel_meeting",
    "add_report_back",
    "remove_report_back",
    "mark_reported_back",
    "request_consultation",
    "edit_consultation",
    "get_consultation",
    "project_consultations",
    "record_feedback",
    "edit_feedback",
    "answer_feedback",
    "save_draft",
    "get_draft",
    "save_compiled_feedback",
    "compiled_feedback_html",
    "add_activity",
    "project_activities",
    "capture_input",
    "answer_input",
    "report_back_inputs",
    "search_inputs",
    "themes",
    "merge_themes",
    "we_asked_report",
    "save_we_asked_report",
    "overview",
    "export_sheet",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {e:#}");
    }
}

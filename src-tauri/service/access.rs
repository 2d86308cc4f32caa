//! Every command the window may call, with the kind of use it is ([`Access`]), and the one
//! check that runs before each: the signed-in person's roles must allow it
//! (`domain::roles::allows`), else `forbidden.role` and the command does not run. A
//! command missing from [`COMMANDS`] is refused (a test lists every command).

use crate::domain::error::AppResult;
use crate::domain::roles::Access;
use crate::store::Store;

/// Command name → kind of use. Commands whose kind depends on an argument (`personal`)
/// are resolved by [`access_of`].
pub const COMMANDS: &[(&str, Access)] = &[
    ("app_status", Access::Open),
    ("list_projects", Access::ReadProjects),
    ("project_titles", Access::ReadProjects),
    ("get_project", Access::ReadProjects),
    ("create_project", Access::EditProjects),
    ("update_project", Access::EditProjects),
    ("change_project_phase", Access::EditProjects),
    ("set_project_archived", Access::EditProjects),
    ("get_settings", Access::Open),
    ("update_settings", Access::Settings),
    ("board_overview", Access::ReadBoard),
    ("to_report_back", Access::ReadBoard),
    ("add_member", Access::EditMembers),
    ("edit_member", Access::EditMembers),
    ("mark_member_left", Access::EditMembers),
    ("erase_member", Access::EditMembers),
    ("erase_contributor", Access::CaptureInputs),
    ("access_report", Access::ExportPersonal),
    ("save_access_report", Access::ExportPersonal),
    ("withdraw_consent", Access::CaptureInputs),
    ("processing_record", Access::Settings),
    ("save_processing_record", Access::Settings),
    ("payout_rates", Access::Open),
    ("save_payout_rates", Access::Payouts),
    ("add_claim", Access::RecordClaims),
    ("edit_claim", Access::RecordClaims),
    ("set_claim_withdrawn", Access::RecordClaims),
    ("claims", Access::RecordClaims),
    ("payout_draft", Access::Payouts),
    ("approve_payout", Access::Payouts),
    ("mark_payout_sent", Access::Payouts),
    ("withdraw_payout", Access::Payouts),
    ("payout_lists", Access::Payouts),
    ("payout_list", Access::Payouts),
    ("save_payout_list", Access::Payouts),
    ("payout_year", Access::Payouts),
    ("save_payout_year", Access::Payouts),
    ("add_time", Access::RecordHours),
    ("edit_time", Access::RecordHours),
    ("set_time_removed", Access::RecordHours),
    ("hours", Access::RecordHours),
    ("add_impact", Access::EditProjects),
    ("edit_impact", Access::EditProjects),
    ("impact_log", Access::ReadProjects),
    ("withdraw_impact_consent", Access::EditProjects),
    ("add_material", Access::EditProjects),
    ("edit_material", Access::EditProjects),
    ("review_material", Access::EditProjects),
    ("materials", Access::ReadProjects),
    ("get_material", Access::ReadProjects),
    ("plan_meeting", Access::RunMeetings),
    ("edit_meeting", Access::RunMeetings),
    ("get_meeting", Access::ReadBoard),
    ("schedule_consultation", Access::RunMeetings),
    ("unschedule_consultation", Access::RunMeetings),
    ("reorder_meeting", Access::RunMeetings),
    ("set_attendance", Access::RecordAttendance),
    ("set_minutes", Access::RunMeetings),
    ("mark_meeting_held", Access::RunMeetings),
    ("cancel_meeting", Access::RunMeetings),
    ("add_report_back", Access::RunMeetings),
    ("remove_report_back", Access::RunMeetings),
    ("mark_reported_back", Access::RunMeetings),
    ("request_consultation", Access::RequestConsultations),
    ("edit_consultation", Access::RequestConsultations),
    ("get_consultation", Access::ReadBoard),
    ("project_consultations", Access::ReadBoard),
    ("record_feedback", Access::RecordFeedback),
    ("edit_feedback", Access::RecordFeedback),
    ("answer_feedback", Access::AnswerFeedback),
    ("save_draft", Access::RecordFeedback),
    ("get_draft", Access::RecordFeedback),
    ("save_compiled_feedback", Access::ReadBoard),
    ("compiled_feedback_html", Access::ReadBoard),
    ("add_activity", Access::CaptureInputs),
    ("project_activities", Access::ReadInputs),
    ("capture_input", Access::CaptureInputs),
    ("answer_input", Access::AnswerFeedback),
    ("report_back_inputs", Access::AnswerFeedback),
    ("search_inputs", Access::ReadInputs),
    ("themes", Access::ReadInputs),
    ("merge_themes", Access::CaptureInputs),
    ("we_asked_report", Access::ReadReports),
    ("save_we_asked_report", Access::ExportReports),
    ("overview", Access::ReadReports),
    ("export_sheet", Access::ExportReports),
    ("cancel_job", Access::Open),
    ("year_report", Access::ReadReports),
    ("save_year_report", Access::ExportReports),
    ("gripp2_draft", Access::ReadReports),
    ("save_gripp2_draft", Access::EditReports),
    ("save_gripp2", Access::ExportReports),
    ("choose_file", Access::Open),
    ("backups", Access::Backups),
    ("take_backup", Access::Backups),
    ("set_backup_folder", Access::Backups),
    ("inspect_backup", Access::Backups),
    ("restore_backup", Access::Backups),
    ("export_database", Access::Backups),
    ("import_database", Access::Backups),
    ("newest_backup", Access::Backups),
    ("sign_in", Access::Open),
    ("shared_profile", Access::Open),
    ("save_shared_profile", Access::Settings),
    ("test_connection", Access::Open),
    ("use_shared_database", Access::Settings),
    ("move_local_to_shared", Access::Backups),
    ("use_local_database", Access::Settings),
    ("people", Access::Open),
    ("add_person", Access::People),
    ("edit_person", Access::People),
    ("remove_person", Access::People),
    ("choose_profile", Access::Open),
    // The sign-in of the encrypted database checks the passphrase itself; a new
    // passphrase for another profile needs `People` (checked in `service::vault`).
    ("set_up_database", Access::Open),
    ("unlock", Access::Open),
    ("unlock_with_recovery", Access::Open),
    ("backup_profiles", Access::Open),
    ("restore_with_recovery", Access::Open),
    ("lock", Access::Open),
    ("change_passphrase", Access::Open),
    ("encrypt_database", Access::Backups),
    ("audit_log", Access::AuditLog),
    ("check_audit_log", Access::AuditLog),
    ("export_audit_log", Access::AuditLog),
    ("note_print", Access::Open),
];

/// The commands that may run while no database is open (before the sign-in to the shared
/// database, or when the local one is damaged): the status, signing in, testing the
/// connection, going back to the local database (which has its own profiles), and the
/// damaged-database screen's restore of the newest backup.
pub const WITHOUT_DATABASE: &[&str] = &[
    "app_status",
    "get_settings",
    "sign_in",
    "shared_profile",
    "test_connection",
    "use_local_database",
    "newest_backup",
    "restore_backup",
    "choose_file",
    "cancel_job",
    "set_up_database",
    "unlock",
    "unlock_with_recovery",
    "backup_profiles",
    "restore_with_recovery",
];

/// The kind of use of calling `command` with `args`: a report or export with personal
/// data is [`Access::ExportPersonal`]. `None` for a command that is not in the table.
pub fn access_of(command: &str, args: &serde_json::Value) -> Option<Access> {
    let access = COMMANDS
        .iter()
        .find(|(name, _)| *name == command)
        .map(|(_, a)| *a)?;
    let personal = args
        .get("personal")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    Some(if personal {
        Access::ExportPersonal
    } else {
        access
    })
}

/// The check before every command: `forbidden.role` unless the signed-in person may.
/// A command that is not in the table is refused whoever asks.
pub fn check(store: &Store, command: &str, args: &serde_json::Value) -> AppResult<()> {
    match access_of(command, args) {
        Some(access) => store.require(access),
        None => Err(crate::domain::error::AppError::Forbidden {
            role: String::new(),
            action: format!("unknown command {command}"),
        }),
    }
}

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
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {e:#}");
    }
}

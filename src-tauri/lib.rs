//! Samskab: brugerinddragelse (user involvement) in Danish psychiatry.
//!
//! Layers, dependencies pointing down (DESIGN.md §3):
//! `commands` (Tauri adapters) → `service` (use cases) → `store` (sled) → `domain` (rules).
//! This file wires the Tauri app: options, plugins, state and the command list.

pub mod bindings;
pub mod cli;
pub mod commands;
pub mod domain;
pub mod service;
pub mod store;

use std::path::PathBuf;

use tauri::Manager;

use commands::AppState;

/// Runs the app; returns the process exit code.
pub fn run() -> i32 {
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("samskab: {message}\n\n{}", cli::USAGE);
            return 2;
        }
    };
    if options.help {
        print!("{}", cli::USAGE);
        return 0;
    }
    if options.version {
        println!("samskab {}", env!("CARGO_PKG_VERSION"));
        return 0;
    }
    let database = options
        .database
        .clone()
        .or_else(|| std::env::var("SAMSKAB_DATABASE_URL").ok())
        .filter(|url| !url.trim().is_empty());
    if options.migrate {
        return migrate(database.as_deref());
    }
    // WebKitGTK's DMA-BUF renderer gives blank windows on many Linux setups.
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }

    let data_dir = options.data_dir.clone();
    let demo = options.demo;
    let testing = options.testing.clone();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second start brings the first window to front instead of opening the
            // database twice.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            // Logs to stdout and to a file in the app's log folder, for a person to send.
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .build(),
        )
        .setup(move |app| {
            let dir = match data_dir.clone() {
                Some(dir) => dir,
                None => app
                    .path()
                    .app_data_dir()
                    .unwrap_or_else(|_| PathBuf::from("samskab-data")),
            };
            let state = open_state(&dir, database.as_deref(), demo, testing.clone());
            let handle = app.handle().clone();
            state.db.set_live_sink(std::sync::Arc::new(move |event| {
                use tauri::Emitter;
                if let Err(e) = handle.emit("samskab:live", event) {
                    log::warn!("live event not sent: {e}");
                }
            }));
            app.manage(state);
            start_backups(app.handle().clone());
            Ok(())
        })
        .invoke_handler(invoke_handler())
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    if let Some(state) = handle.try_state::<AppState>() {
                        // A last backup of what changed since the one before, then a flush.
                        if let Err(e) = state.db.backup_if_changed(chrono::Utc::now()) {
                            log::error!("backup on close failed: {e}");
                        }
                        state.flush();
                    }
                }
            });
            0
        }
        Err(e) => {
            eprintln!("samskab: kunne ikke starte vinduet: {e}");
            1
        }
    }
}

/// Every command the window may call, for any runtime (the real one, and the mock runtime
/// of the command-layer tests). Before each runs, the signed-in person's roles are checked
/// (`service::access::check`); a refusal is `forbidden.role` and the command does not run.
pub fn invoke_handler<R: tauri::Runtime>(
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    let commands = all_commands::<R>();
    move |invoke: tauri::ipc::Invoke<R>| {
        let webview = invoke.message.webview();
        let store = webview.try_state::<AppState>().and_then(|s| s.store().ok());
        // Without an open database only a few commands may run (the sign-in, the damaged-
        // database screen's restore); they, and the rest, answer for themselves.
        if store.is_none() && !service::access::WITHOUT_DATABASE.contains(&invoke.message.command())
        {
            let error = webview
                .try_state::<AppState>()
                .and_then(|s| s.db.error())
                .unwrap_or_else(|| domain::error::AppError::StoreUnavailable.payload());
            invoke.resolver.reject(error);
            return true;
        }
        if let Some(store) = store {
            let args = match invoke.message.payload() {
                tauri::ipc::InvokeBody::Json(v) => v.clone(),
                _ => serde_json::Value::Null,
            };
            if let Err(e) = service::access::check(&store, invoke.message.command(), &args) {
                invoke.resolver.reject(e);
                return true;
            }
            // The audit log's entry first: a command it cannot log does not run.
            if let Err(e) = service::audit::record(&store, invoke.message.command(), &args) {
                log::error!("audit log entry not written: {e}");
                invoke.resolver.reject(e);
                return true;
            }
        }
        commands(invoke)
    }
}

fn all_commands<R: tauri::Runtime>(
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::app::app_status,
        commands::projects::list_projects,
        commands::projects::project_titles,
        commands::projects::get_project,
        commands::projects::create_project,
        commands::projects::update_project,
        commands::projects::change_project_phase,
        commands::projects::set_project_archived,
        commands::settings::get_settings,
        commands::settings::update_settings,
        commands::board::board_overview,
        commands::board::to_report_back,
        commands::board::add_member,
        commands::board::edit_member,
        commands::board::mark_member_left,
        commands::rights::erase_member,
        commands::rights::erase_contributor,
        commands::rights::access_report,
        commands::rights::save_access_report,
        commands::rights::withdraw_consent,
        commands::rights::processing_record,
        commands::rights::save_processing_record,
        commands::work::add_time,
        commands::work::edit_time,
        commands::work::set_time_removed,
        commands::work::hours,
        commands::work::add_impact,
        commands::work::edit_impact,
        commands::work::impact_log,
        commands::work::withdraw_impact_consent,
        commands::work::add_material,
        commands::work::edit_material,
        commands::work::review_material,
        commands::work::materials,
        commands::work::get_material,
        commands::payouts::payout_rates,
        commands::payouts::save_payout_rates,
        commands::payouts::add_claim,
        commands::payouts::edit_claim,
        commands::payouts::set_claim_withdrawn,
        commands::payouts::claims,
        commands::payouts::payout_draft,
        commands::payouts::approve_payout,
        commands::payouts::mark_payout_sent,
        commands::payouts::withdraw_payout,
        commands::payouts::payout_lists,
        commands::payouts::payout_list,
        commands::payouts::save_payout_list,
        commands::payouts::payout_year,
        commands::payouts::save_payout_year,
        commands::board::plan_meeting,
        commands::board::edit_meeting,
        commands::board::get_meeting,
        commands::board::schedule_consultation,
        commands::board::unschedule_consultation,
        commands::board::reorder_meeting,
        commands::board::set_attendance,
        commands::board::set_minutes,
        commands::board::mark_meeting_held,
        commands::board::cancel_meeting,
        commands::board::add_report_back,
        commands::board::remove_report_back,
        commands::board::mark_reported_back,
        commands::board::request_consultation,
        commands::board::edit_consultation,
        commands::board::get_consultation,
        commands::board::project_consultations,
        commands::board::record_feedback,
        commands::board::edit_feedback,
        commands::board::answer_feedback,
        commands::board::save_draft,
        commands::board::get_draft,
        commands::board::save_compiled_feedback,
        commands::board::compiled_feedback_html,
        commands::inputs::add_activity,
        commands::inputs::project_activities,
        commands::inputs::capture_input,
        commands::inputs::answer_input,
        commands::inputs::report_back_inputs,
        commands::inputs::search_inputs,
        commands::inputs::themes,
        commands::inputs::merge_themes,
        commands::inputs::we_asked_report,
        commands::inputs::save_we_asked_report,
        commands::overview::overview,
        commands::overview::export_sheet,
        commands::overview::cancel_job,
        commands::overview::year_report,
        commands::overview::save_year_report,
        commands::overview::gripp2_draft,
        commands::overview::save_gripp2_draft,
        commands::overview::save_gripp2,
        commands::data::choose_file,
        commands::data::backups,
        commands::data::take_backup,
        commands::data::set_backup_folder,
        commands::data::inspect_backup,
        commands::data::restore_backup,
        commands::data::export_database,
        commands::data::import_database,
        commands::data::newest_backup,
        commands::team::sign_in,
        commands::team::shared_profile,
        commands::team::save_shared_profile,
        commands::team::test_connection,
        commands::team::use_shared_database,
        commands::team::move_local_to_shared,
        commands::team::use_local_database,
        commands::people::people,
        commands::people::add_person,
        commands::people::edit_person,
        commands::people::remove_person,
        commands::people::choose_profile,
        commands::vault::set_up_database,
        commands::vault::unlock,
        commands::vault::unlock_with_recovery,
        commands::vault::backup_profiles,
        commands::vault::restore_with_recovery,
        commands::vault::lock,
        commands::vault::change_passphrase,
        commands::vault::encrypt_database,
        commands::audit::audit_log,
        commands::audit::check_audit_log,
        commands::audit::export_audit_log,
        commands::audit::note_print,
    ]
}

/// How often a backup is taken while something changed.
const BACKUP_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Takes a backup at start (if the database opened), then every 15 minutes when
/// something changed; runs the retention rules for people's data once a day. Runs in its own thread; a failure is logged and shown in
/// Indstillinger and on Oversigt (no verified backup), never stops the app.
fn start_backups(handle: tauri::AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("samskab-backup".into())
        .spawn(move || loop {
            if let Some(state) = handle.try_state::<AppState>() {
                if state.db.store().is_ok() {
                    match state.db.backup_if_changed(chrono::Utc::now()) {
                        Ok(Some(b)) => log::info!("backup taken: {}", b.path),
                        Ok(None) => {}
                        Err(e) => log::error!("backup failed: {e}"),
                    }
                    // The retention rules for people's data, once a day.
                    let today = service::board::today();
                    match state.db.retention_if_due(today, chrono::Utc::now()) {
                        Ok(Some(run)) if run.erased_any() => {
                            log::info!("retention rules erased {run:?}")
                        }
                        Ok(_) => {}
                        Err(e) => log::error!("the retention rules did not run: {e}"),
                    }
                }
            }
            std::thread::sleep(BACKUP_EVERY);
        });
    if let Err(e) = spawned {
        log::error!("the backup thread did not start: {e}");
    }
}

/// `samskab --database ADRESSE --migrate`: applies the schema migrations this program
/// carries to the shared database and says what it did, in Danish. The password is taken
/// from `PGPASSWORD` (IT runs this from a script or a terminal).
fn migrate(database: Option<&str>) -> i32 {
    let Some(url) = database else {
        eprintln!("samskab: --migrate kræver --database ADRESSE (eller SAMSKAB_DATABASE_URL)");
        return 2;
    };
    let options = match store::pg::ConnectOptions::parse(url) {
        Ok(o) => o.with_password(&std::env::var("PGPASSWORD").unwrap_or_default()),
        Err(e) => {
            eprintln!("samskab: adressen kan ikke læses: {e}");
            return 2;
        }
    };
    match store::pg::migrate(&options) {
        Ok(applied) if applied.is_empty() => {
            println!(
                "Databasen {} har allerede skemaversion {}. Intet ændret.",
                options.describe(),
                store::pg::schema_version()
            );
            0
        }
        Ok(applied) => {
            println!(
                "Databasen {} er opdateret til skemaversion {} (trin {}).",
                options.describe(),
                store::pg::schema_version(),
                applied
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            0
        }
        Err(e) => {
            eprintln!(
                "samskab: opdateringen af {} mislykkedes: {e}",
                options.describe()
            );
            1
        }
    }
}

/// Opens the database: the shared one at `database` (team mode: it waits for the sign-in
/// screen's password), else the one saved in Indstillinger → *Fælles database* when it is
/// in use, else the local database in `dir` safely: an encrypted one waits for a
/// passphrase, a new folder for its first profile (or, with `--demo`, becomes the demo
/// database, filled and waiting at the sign-in screen with its passphrase shown).
/// A failure is kept in the state and shown by the UI as a Danish explanation, with the
/// newest verified backup offered when the folder is damaged.
fn open_state(
    dir: &std::path::Path,
    database: Option<&str>,
    demo: bool,
    testing: cli::Testing,
) -> AppState {
    use service::database::{Database, OPEN_LIMIT};
    let profile = service::team::load_profile(dir);
    let shared = match database {
        Some(url) => Some(url.to_owned()),
        None if profile.in_use => Some(profile.to_url()),
        None => None,
    };
    if let Some(url) = shared {
        return match store::pg::ConnectOptions::parse(&url) {
            Ok(options) => {
                AppState::new(Database::open_shared(dir, options, OPEN_LIMIT), 0, testing)
            }
            Err(e) => {
                eprintln!("samskab: adressen på den fælles database kan ikke læses: {e}");
                AppState::new(Database::unavailable(dir, e, OPEN_LIMIT), 0, testing)
            }
        };
    }
    let first = if testing.plain {
        service::vault::FirstStart::Plain
    } else if demo {
        service::vault::FirstStart::Demo
    } else {
        service::vault::FirstStart::Ask
    };
    let db = Database::start(dir, OPEN_LIMIT, first);
    let demo_added = match (db.store(), demo) {
        (Ok(store), true) => service::demo::fill(&store).unwrap_or_else(|e| {
            log::error!("demo data failed: {e}");
            0
        }),
        _ => 0,
    };
    // A new demo database is encrypted: it waits at the sign-in screen, which shows the
    // demo profile's passphrase.
    if demo && db.is_encrypted() && db.store().is_ok() {
        if let Err(e) = db.lock() {
            log::error!("the demo database was not locked: {e}");
        }
    }
    // A database that waits for its first profile or a passphrase is not a failure.
    if let Some(e) = db.error().filter(|e| !e.code.starts_with("auth.")) {
        eprintln!(
            "samskab: databasen i {} kunne ikke åbnes: {}",
            dir.display(),
            e.message
        );
    }
    AppState::new(db, demo_added, testing)
}

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::AppState;
use crate::domain::error::ErrorPayload;

/// What the UI needs to know before it shows anything.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    /// Why the database could not be opened; `None` when it is open.
    pub error: Option<ErrorPayload>,
    pub data_dir: Option<String>,
    pub version: String,
    /// How many demo projects `--demo` added at this start.
    pub demo_added: u32,
    /// Team mode: the shared database's address (host, port, database, user; never a
    /// password). `None`: the local database.
    pub shared: Option<String>,
    /// Who is signed in (`None`: no profiles yet; a person without roles: a profile must
    /// be chosen from `profiles`).
    pub person: Option<crate::domain::roles::Person>,
    /// The profiles to choose from at start (embedded database), when one must be chosen.
    pub profiles: Vec<crate::domain::roles::Person>,
    /// The commands the signed-in person may call (the UI hides the rest); all of them
    /// while the database is not open.
    pub allowed_commands: Vec<String>,
    /// Whether reports and exports with personal data are allowed.
    pub may_export_personal: bool,
    /// Whether the embedded database is encrypted (it can be locked, passphrases changed).
    pub encrypted: bool,
    /// While the encrypted database waits for a passphrase (`auth.locked`): the profiles
    /// to sign in as, and the demo database's passphrase.
    pub sign_in: Option<crate::domain::auth::SignInScreen>,
    /// The end-to-end tests' short idle time before the lock (`--test-lock-seconds`).
    pub test_lock_seconds: Option<u32>,
}

#[tauri::command(async)]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    let store = state.store();
    let person = store.as_ref().ok().and_then(|s| s.person());
    AppStatus {
        error: state.db.error(),
        data_dir: Some(state.db.data_dir().display().to_string()),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        demo_added: u32::try_from(state.demo_added).unwrap_or(u32::MAX),
        shared: state.db.shared().map(|o| o.describe()),
        allowed_commands: crate::service::access::COMMANDS
            .iter()
            .filter(|(_, access)| store.as_ref().map_or(true, |s| s.may(*access)))
            .map(|(name, _)| (*name).to_owned())
            .collect(),
        may_export_personal: store.as_ref().map_or(true, |s| {
            s.may(crate::domain::roles::Access::ExportPersonal)
        }),
        person: person.clone(),
        encrypted: state.db.is_encrypted(),
        sign_in: state.db.sign_in_screen(),
        test_lock_seconds: state.testing.lock_seconds,
        profiles: match (&store, &person) {
            (Ok(store), Some(p)) if p.roles.is_empty() && !store.is_shared() => {
                store.settings().map(|s| s.people).unwrap_or_default()
            }
            _ => Vec::new(),
        },
    }
}

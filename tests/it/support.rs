//! Test helpers: a temporary database in one line, and a valid project input.

use samskab::domain::error::{AppError, Rule};
use samskab::domain::input::{Input, InputInput};
use samskab::domain::project::ProjectInput;
use samskab::domain::Id;
use samskab::service::inputs;
use samskab::store::Store;
use tempfile::TempDir;

/// A store in a fresh temporary folder; the folder lives as long as the returned guard.
pub fn temp_store() -> (Store, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open store");
    (store, dir)
}

/// The two stores every service test runs on (`#[case::sled]`, `#[case::postgres]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sled,
    Postgres,
}

/// What keeps a test's database alive: a temporary folder (for sled's files, and for
/// any file a test writes) and, on PostgreSQL, a database of its own, dropped after.
pub struct Guard {
    dir: TempDir,
    pg: Option<pg::TestDb>,
}

impl Guard {
    /// The temporary folder of the test.
    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// A second store on the same database: sled's folder opened again (the first store
    /// must be dropped), or a second connection to the PostgreSQL database.
    pub fn reopen(&self) -> Store {
        match &self.pg {
            None => Store::open(self.dir.path()).expect("reopen store"),
            Some(db) => db.connect(),
        }
    }
}

/// A new, empty store on `backend`.
pub fn temp_store_on(backend: Backend) -> (Store, Guard) {
    let dir = tempfile::tempdir().expect("temp dir");
    match backend {
        Backend::Sled => {
            let store = Store::open(dir.path()).expect("open store");
            (store, Guard { dir, pg: None })
        }
        Backend::Postgres => {
            let db = pg::TestDb::create();
            let store = db.connect();
            (store, Guard { dir, pg: Some(db) })
        }
    }
}

/// Databases on the throw-away PostgreSQL cluster that `scripts/with-postgres.sh` starts
/// (its address in `SAMSKAB_TEST_PG`): one template migrated once per run, and a copy of
/// it per test, so that tests run side by side.
pub mod pg {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::OnceLock;

    use samskab::store::pg::{migrate, ConnectOptions};
    use samskab::store::Store;

    /// The address of the test cluster's maintenance database. Missing is a failure,
    /// never a skip: the PostgreSQL half of the suite must run.
    pub fn admin_url() -> String {
        std::env::var("SAMSKAB_TEST_PG").unwrap_or_else(|_| {
            panic!(
                "SAMSKAB_TEST_PG is not set: run the tests through scripts/with-postgres.sh \
                 (scripts/test.sh does), which starts a throw-away PostgreSQL"
            )
        })
    }

    /// The address of database `name` on the test cluster.
    pub fn url_of(name: &str) -> String {
        format!("{} dbname={name}", admin_url())
    }

    pub fn admin() -> postgres::Client {
        ConnectOptions::parse(&admin_url())
            .expect("SAMSKAB_TEST_PG")
            .client()
            .expect("connect to the test cluster")
    }

    /// The login of the test cluster that has `role` (and nothing else) in Samskab.
    pub fn login_of(role: samskab::domain::roles::Role) -> String {
        format!("samskab_t_{}", role.as_str())
    }

    /// The group roles that docs/team-mode-setup.sql makes (its first block, run as it
    /// is), and a login per role for the tests.
    fn roles(admin: &mut postgres::Client) {
        let sql = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/team-mode-setup.sql"),
        )
        .expect("the setup SQL");
        let groups = sql
            .split("-- The owner of Samskab's tables.")
            .next()
            .expect("the group block");
        admin.batch_execute(groups).expect("group roles");
        for (group, role) in samskab::store::pg::GROUP_ROLES {
            let login = login_of(role);
            admin
                .batch_execute(&format!(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{login}') \
                     THEN CREATE ROLE {login} LOGIN IN ROLE {group}; END IF; END $$"
                ))
                .expect("a login per role");
        }
    }

    fn template() -> &'static str {
        static TEMPLATE: OnceLock<String> = OnceLock::new();
        TEMPLATE.get_or_init(|| {
            let name = format!("samskab_tpl_{}", std::process::id());
            let mut admin = admin();
            roles(&mut admin);
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                .expect("drop an old template database");
            admin
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create the template database");
            migrate(&ConnectOptions::parse(&url_of(&name)).expect("url")).expect("migrate");

            name
        })
    }

    /// A database of one test's own, dropped when this is.
    pub struct TestDb {
        pub name: String,
    }

    impl TestDb {
        pub fn create() -> TestDb {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let template = template();
            let name = format!(
                "samskab_t_{}_{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            admin()
                .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                .expect("create a test database");
            TestDb { name }
        }

        pub fn options(&self) -> ConnectOptions {
            ConnectOptions::parse(&url_of(&self.name)).expect("url")
        }

        pub fn connect(&self) -> Store {
            Store::connect(self.options()).expect("connect to the test database")
        }

        /// The address of this database for `login`.
        pub fn options_as(&self, login: &str) -> ConnectOptions {
            ConnectOptions::parse(&format!("{} user={login}", url_of(&self.name))).expect("url")
        }
    }

    impl Drop for TestDb {
        fn drop(&mut self) {
            if let Ok(mut admin) = ConnectOptions::parse(&admin_url()).and_then(|o| o.client()) {
                let _ = admin.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ));
            }
        }
    }
}

/// A valid input with the given title.
pub fn input(title: &str) -> ProjectInput {
    ProjectInput {
        title: title.into(),
        summary: "Pjece om indlæggelse".into(),
        kind: "information_material".into(),
        requester_unit: "Afsnit P3".into(),
        requester_contact: "Mette Kjær".into(),
        responsible_consultant: "Louise Bach".into(),
        involvement_level: "involve".into(),
        target_groups: vec!["patients".into(), "relatives".into()],
        start_date: Some("2026-09-01".into()),
        deadline: Some("2026-12-15".into()),
        tags: vec!["pjece".into()],
    }
}

/// The (field, rule) pairs of a validation error; panics on any other error.
pub fn rejected_fields(err: AppError) -> Vec<(String, Rule)> {
    match err {
        AppError::Validation(fields) => fields.into_iter().map(|f| (f.field, f.rule)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Captures one input by survey on `date`, with a contributor reference that must never
/// leak into reports.
pub fn capture_on(
    store: &Store,
    project: Id,
    group: &str,
    date: &str,
    text: &str,
    may_quote: bool,
) -> Input {
    inputs::capture(
        store,
        &InputInput {
            project_id: project,
            group: group.into(),
            channel: "survey".into(),
            date: date.into(),
            text: text.into(),
            may_quote,
            contributor: "Hanne Jensen, tlf. 12345678".into(),
            ..Default::default()
        },
    )
    .expect("capture")
}

/// The app's commands on Tauri's mock runtime, called as the window calls them (JSON
/// arguments in, JSON or an error out), with the real invoke handler and its role check.
pub struct MockWindow {
    _app: tauri::App<tauri::test::MockRuntime>,
    pub webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _dir: TempDir,
}

impl MockWindow {
    pub fn new(
        db: samskab::service::database::Database,
        testing: samskab::cli::Testing,
        dir: TempDir,
    ) -> MockWindow {
        use tauri::test::{mock_builder, mock_context, noop_assets};
        let app = mock_builder()
            .manage(samskab::commands::AppState::new(db, 0, testing))
            .invoke_handler(samskab::invoke_handler())
            .build(mock_context(noop_assets()))
            .expect("mock app");
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("webview");
        MockWindow {
            _app: app,
            webview,
            _dir: dir,
        }
    }

    /// Calls `cmd` with `args`; the JSON it answers, or the error it gives.
    pub fn call(
        &self,
        cmd: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        use serde_json::Value;
        use tauri::ipc::{CallbackFn, InvokeBody};
        use tauri::test::{get_ipc_response, INVOKE_KEY};
        get_ipc_response(
            &self.webview,
            tauri::webview::InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| match body {
            tauri::ipc::InvokeResponseBody::Json(s) => {
                serde_json::from_str(&s).unwrap_or(Value::String(s))
            }
            tauri::ipc::InvokeResponseBody::Raw(b) => Value::String(format!("{} bytes", b.len())),
        })
    }

    pub fn ok(&self, cmd: &str, args: serde_json::Value) -> serde_json::Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

/// Every file under `dir`, in every folder below it.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Where any of `needles` is found under `dir`: in each file's bytes, and in each entry of
/// any zip file (backups and exports), as "<needle> in <where>".
pub fn strings_in(dir: &std::path::Path, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut search = |what: String, bytes: &[u8]| {
        for n in needles {
            if bytes.windows(n.len()).any(|w| w == n.as_bytes()) {
                found.push(format!("{n} in {what}"));
            }
        }
    };
    for path in files_under(dir) {
        let bytes = std::fs::read(&path).unwrap_or_default();
        search(path.display().to_string(), &bytes);
        if let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
            for i in 0..zip.len() {
                let mut unpacked = Vec::new();
                let mut file = zip.by_index(i).expect("entry");
                std::io::Read::read_to_end(&mut file, &mut unpacked).expect("unpack");
                search(format!("{} → entry {i}", path.display()), &unpacked);
            }
        }
    }
    found
}

//! Team mode: several clients on one database, and moving a local database in.

use std::sync::Arc;

use rstest::rstest;
use samskab::domain::feedback_loop::AnswerInput;
use samskab::domain::input::Input;
use samskab::domain::query::ProjectQuery;
use samskab::domain::Id;
use samskab::service::{demo, inputs, projects, team};
use samskab::store::inputs::{Counter, Tally};
use samskab::store::{Kind, Store};

use super::support::{capture_on, input, temp_store_on, Backend};

fn answer(status: &str, date: &str) -> AnswerInput {
    AnswerInput {
        status: status.into(),
        text: "Svar".into(),
        reason: "Begrundet".into(),
        by: "R".into(),
        date: Some(date.into()),
    }
}

/// The tally counted from scratch over every point and input.
fn recount(store: &Store) -> Tally {
    let mut tally = Tally::default();
    store
        .each_input(|e| {
            for c in Counter::of(e) {
                tally.apply(c, 1);
            }
        })
        .expect("each input");
    tally
}

/// Two clients answer the same five inputs 1,000 times each, every time from the version
/// they just read. Every answer either lands or is refused with `conflict.version`; none
/// is lost (the versions add up), and the kept counts equal a count from scratch.
#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn racing_updates_lose_nothing_and_losers_get_a_conflict(#[case] backend: Backend) {
    let (first, guard) = temp_store_on(backend);
    let project = projects::create(&first, &input("Kapløb"), "involvement").expect("project");
    let ids: Vec<Id> = (0..5)
        .map(|n| {
            capture_on(
                &first,
                project.id,
                "patients",
                "2026-10-01",
                &format!("Input {n}"),
                true,
            )
            .id
        })
        .collect();
    // On PostgreSQL each client has its own connections; sled has one store per folder.
    let (a, b): (Arc<Store>, Arc<Store>) = match backend {
        Backend::Sled => {
            let shared = Arc::new(first);
            (shared.clone(), shared)
        }
        Backend::Postgres => (Arc::new(first), Arc::new(guard.reopen())),
    };
    const ROUNDS: usize = 1000;
    let run = |store: Arc<Store>, seed: usize| {
        let ids = ids.clone();
        std::thread::spawn(move || {
            let (mut won, mut lost) = (0usize, 0usize);
            for n in 0..ROUNDS {
                let id = ids[(n + seed) % ids.len()];
                let version = store.get::<Input>(id).expect("read").version;
                let status =
                    ["adopted", "not_adopted", "partly_adopted", "not_relevant"][(n + seed) % 4];
                let day = format!("2026-11-{:02}", 1 + (n + seed) % 20);
                match inputs::answer(&store, id, version, &answer(status, &day)) {
                    Ok(_) => won += 1,
                    Err(e) => {
                        assert_eq!(e.code(), "conflict.version", "{e}");
                        lost += 1;
                    }
                }
            }
            (won, lost)
        })
    };
    let one = run(a.clone(), 0);
    let two = run(b, 1);
    let (won_1, lost_1) = one.join().expect("client 1");
    let (won_2, lost_2) = two.join().expect("client 2");
    assert_eq!(won_1 + lost_1 + won_2 + lost_2, 2 * ROUNDS);
    let versions: u64 = ids
        .iter()
        .map(|id| a.get::<Input>(*id).expect("input").version - 1)
        .sum();
    assert_eq!(
        versions,
        (won_1 + won_2) as u64,
        "every answer that was reported saved is there; none was lost"
    );
    assert_eq!(a.input_tally().expect("tally"), recount(&a));
    if backend == Backend::Postgres {
        assert!(
            lost_1 + lost_2 > 0,
            "two clients on one record must collide"
        );
    }
}

/// Moving the local database into an empty shared one: every record, equal counts and
/// checksums per kind; a second run changes nothing and says so.
#[test]
fn moving_in_copies_every_record_once() {
    let (local, _l) = temp_store_on(Backend::Sled);
    demo::fill(&local).expect("demo");
    let (shared, _s) = temp_store_on(Backend::Postgres);
    let first = team::move_in(&local, &shared).expect("move in");
    assert!(!first.already_there);
    assert_eq!(
        first.kinds.iter().map(|k| k.count).sum::<usize>(),
        Kind::ALL
            .iter()
            .map(|k| local.counts().expect("counts")[k])
            .sum::<usize>()
    );
    assert!(first
        .kinds
        .iter()
        .all(|k| k.count_there == k.count && k.checksum_there == k.checksum));
    assert_eq!(
        local.records().expect("local"),
        shared.records().expect("shared")
    );
    assert_eq!(
        projects::list(&local, &ProjectQuery::default()).expect("list"),
        projects::list(&shared, &ProjectQuery::default()).expect("list")
    );
    assert_eq!(
        local.input_tally().expect("tally"),
        shared.input_tally().expect("tally")
    );
    assert_eq!(
        local.active_projects_by_phase().expect("phases"),
        shared.active_projects_by_phase().expect("phases")
    );

    let again = team::move_in(&local, &shared).expect("second run");
    assert!(again.already_there, "a second run finds the same records");
    assert_eq!(
        local.records().expect("local"),
        shared.records().expect("shared")
    );

    // A shared database with other records is refused, and nothing is written.
    let (other, _o) = temp_store_on(Backend::Sled);
    projects::create(&other, &input("Et andet projekt"), "involvement").expect("project");
    let err = team::move_in(&other, &shared).expect_err("not empty");
    assert_eq!(err.code(), "import.not_empty");
    assert_eq!(
        local.records().expect("local"),
        shared.records().expect("shared")
    );
}

/// Team mode in the app's database holder: it waits for the sign-in, then every change made
/// by another client is announced to this one within a second (ids only), and backups and
/// restores, which belong to the server's IT, are refused.
#[test]
fn a_signed_in_client_hears_of_every_change_another_client_makes() {
    use samskab::service::database::Database;
    use samskab::service::live::LiveEvent;
    use std::time::{Duration, Instant};

    let db = super::support::pg::TestDb::create();
    let dir = tempfile::tempdir().expect("dir");
    let app = Database::open_shared(dir.path(), db.options(), Duration::from_secs(5));
    assert_eq!(
        app.store().err().map(|e| e.code()),
        Some("store.unavailable".to_owned())
    );
    assert_eq!(
        app.error().map(|e| e.code),
        Some("store.sign_in_needed".into())
    );
    let (tx, rx) = std::sync::mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    app.set_live_sink(Arc::new(move |e| {
        let _ = tx.lock().map(|t| t.send(e));
    }));
    app.sign_in("").expect("sign in");
    let first = rx.recv_timeout(Duration::from_secs(5)).expect("an event");
    assert_eq!(first, LiveEvent::Connection { online: true });

    let other = db.connect();
    let mut waited = Vec::new();
    for n in 0..20 {
        let started = Instant::now();
        let p = projects::create(&other, &input(&format!("Projekt {n}")), "involvement")
            .expect("create");
        loop {
            match rx
                .recv_timeout(Duration::from_secs(1))
                .expect("heard within a second")
            {
                LiveEvent::Changed { table, id }
                    if table == "projects" && id == p.id.to_string() =>
                {
                    break
                }
                _ => continue,
            }
        }
        waited.push(started.elapsed());
    }
    assert!(
        waited.iter().all(|w| *w < Duration::from_secs(1)),
        "{waited:?}"
    );
    let store = app.store().expect("signed in");
    assert_eq!(store.project_count().expect("count"), 20);
    assert!(app
        .backup_if_changed(chrono::Utc::now())
        .expect("no backup")
        .is_none());
    assert_eq!(
        store.sled().err().map(|e| e.code()),
        Some("store.not_local".into())
    );
    drop(store);

    // Back to the local database, which is as it was (empty here).
    app.use_local().expect("local");
    assert!(!app.store().expect("local").is_shared());
    assert_eq!(
        app.store().expect("local").project_count().expect("count"),
        0
    );
}

/// The SQL that docs/team-mode.md gives IT (docs/team-mode-setup.sql), run as it is with
/// its names made unique: the owner can migrate, a person in the group can use every part
/// of Samskab, and a login outside the group is refused with `forbidden.role`.
#[test]
fn the_setup_sql_for_it_gives_people_what_they_need() {
    use super::support::pg::admin_url;
    use samskab::service::overview;
    use samskab::store::pg::{migrate, ConnectOptions};

    let p = format!("st{}", std::process::id());
    let sql = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/team-mode-setup.sql"),
    )
    .expect("the setup SQL")
    .replace("samskab_owner", &format!("{p}_owner"))
    .replace("DATABASE samskab ", &format!("DATABASE {p}_db "))
    .replace("DATABASE samskab;", &format!("DATABASE {p}_db;"))
    .replace("\\connect samskab", &format!("\\connect {p}_db"))
    .replace("ab1234", &format!("{p}_ab1234"));
    let run_psql = |script: &str| {
        let mut child = std::process::Command::new("psql")
            .args(["-q", "-v", "ON_ERROR_STOP=1", &admin_url()])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("psql");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(script.as_bytes())
            .expect("write");
        assert!(child.wait().expect("psql ran").success(), "{script}");
    };
    run_psql(&sql);
    run_psql(&format!("CREATE ROLE {p}_outsider LOGIN;"));
    let as_login = |user: &str| {
        ConnectOptions::parse(&format!("{} user={user} dbname={p}_db", admin_url())).expect("url")
    };

    let applied = migrate(&as_login(&format!("{p}_owner"))).expect("the owner migrates");
    assert!(!applied.is_empty());
    assert!(
        migrate(&as_login(&format!("{p}_owner")))
            .expect("again")
            .is_empty(),
        "a second migrate changes nothing"
    );

    let person = Store::connect(as_login(&format!("{p}_ab1234"))).expect("a person connects");
    let project =
        projects::create(&person, &input("Fælles projekt"), "involvement").expect("create");
    capture_on(
        &person,
        project.id,
        "relatives",
        "2026-10-01",
        "Godt møde",
        true,
    );
    assert_eq!(
        projects::list(&person, &ProjectQuery::default())
            .expect("list")
            .len(),
        1
    );
    let o = overview::build(
        &person,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("day"),
    )
    .expect("overview");
    assert_eq!(o.awaiting_answer, 1);

    let refused = Store::connect(as_login(&format!("{p}_outsider")))
        .err()
        .expect("refused");
    assert_eq!(refused.code(), "forbidden.role", "{refused}");

    drop(person);
    run_psql(&format!(
        "DROP DATABASE {p}_db WITH (FORCE); DROP ROLE {p}_ab1234; DROP ROLE {p}_outsider; \
         DROP ROLE {p}_owner;"
    ));
}

/// A client refuses a database whose schema is not its own, in either direction, and
/// changes nothing.
#[test]
fn a_client_refuses_a_schema_that_is_not_its_own() {
    use samskab::store::pg::ConnectOptions;
    let mut admin = super::support::pg::admin();
    let name = format!("samskab_bare_{}", std::process::id());
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .expect("drop");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create");
    let options = ConnectOptions::parse(&super::support::pg::url_of(&name)).expect("url");
    let err = Store::connect(options.clone()).err().expect("not migrated");
    assert_eq!(err.code(), "store.schema_too_old");
    samskab::store::pg::migrate(&options).expect("migrate");
    Store::connect(options.clone()).expect("now it opens");
    let mut client = options.client().expect("client");
    client
        .batch_execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) \
             VALUES (99, 'from_a_newer_samskab', '2027-01-01', '0')",
        )
        .expect("a newer schema");
    let err = Store::connect(options).err().expect("newer");
    assert_eq!(err.code(), "store.schema_too_new");
    drop(client);
    admin
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .expect("drop");
}

/// On a shared database each person's drafts are their own: the server's row-level
/// security keeps every login to its rows, through Samskab and in SQL sent directly.
#[test]
fn drafts_on_the_shared_database_are_each_persons_own() {
    use super::support::pg::{login_of, TestDb};
    use samskab::domain::roles::Role;
    use samskab::service::board::feedback;
    let db = TestDb::create();
    let consultant = Store::connect(db.options_as(&login_of(Role::Consultant))).expect("c");
    let peer = Store::connect(db.options_as(&login_of(Role::Peer))).expect("p");
    feedback::save_draft(
        &consultant,
        "feedback:0192f5a0-1c2d-7000-8000-000000000001",
        "Konsulentens udkast",
    )
    .expect("save");
    feedback::save_draft(
        &peer,
        "feedback:0192f5a0-1c2d-7000-8000-000000000001",
        "Peerens udkast",
    )
    .expect("save");
    assert_eq!(
        feedback::draft(&consultant, "feedback:0192f5a0-1c2d-7000-8000-000000000001")
            .expect("read"),
        "Konsulentens udkast"
    );
    assert_eq!(
        feedback::draft(&peer, "feedback:0192f5a0-1c2d-7000-8000-000000000001").expect("read"),
        "Peerens udkast"
    );
    feedback::save_draft(&peer, "feedback:0192f5a0-1c2d-7000-8000-000000000001", "")
        .expect("clear");
    assert_eq!(
        feedback::draft(&consultant, "feedback:0192f5a0-1c2d-7000-8000-000000000001")
            .expect("read"),
        "Konsulentens udkast",
        "clearing one's own draft leaves the other's"
    );
    let mut direct = db
        .options_as(&login_of(Role::Peer))
        .client()
        .expect("client");
    feedback::save_draft(
        &peer,
        "feedback:0192f5a0-1c2d-7000-8000-000000000002",
        "Igen",
    )
    .expect("save");
    let rows = direct
        .query("SELECT owner, text FROM drafts", &[])
        .expect("select");
    assert_eq!(rows.len(), 1, "a login sees only its own drafts");
    assert_eq!(rows[0].get::<_, String>(1), "Igen");
    let changed = direct
        .execute(
            "UPDATE drafts SET text = 'x' WHERE text = 'Konsulentens udkast'",
            &[],
        )
        .expect("update");
    assert_eq!(changed, 0, "another person's draft cannot be reached");
    // A project's GRIPP2 draft is one document for the unit: a manager reads it too.
    consultant
        .commit(&[samskab::store::Write::draft("gripp2:p1", "Fælles tekst")])
        .expect("shared draft");
    let manager = Store::connect(db.options_as(&login_of(Role::Manager))).expect("m");
    assert_eq!(manager.draft("gripp2:p1").expect("read"), "Fælles tekst");
    assert_eq!(peer.draft("gripp2:p1").expect("read"), "Fælles tekst");
}

/// Team mode leaves nothing personal on the PC: after a session the data folder holds no
/// record, no text that was typed, and never the password.
#[test]
fn team_mode_leaves_nothing_personal_on_the_pc() {
    use samskab::service::database::Database;
    let db = super::support::pg::TestDb::create();
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let app = Database::open_shared(&data, db.options(), std::time::Duration::from_secs(5));
    let password = "Hemmeligt-kodeord-7731";
    app.sign_in(password).expect("sign in");
    let store = app.store().expect("signed in");
    let title = "Udskrivelse af Jens Hansen fra afsnit P7";
    let p = projects::create(&store, &input(title), "involvement").expect("project");
    capture_on(
        &store,
        p.id,
        "relatives",
        "2026-10-01",
        "Min søn Kasper fik ingen hjælp",
        true,
    );
    samskab::service::board::feedback::save_draft(
        &store,
        "feedback:0192f5a0-1c2d-7000-8000-000000000003",
        "Udkast om Birthe",
    )
    .expect("draft");
    samskab::service::team::save_profile(
        &data,
        &samskab::domain::team::SharedProfile {
            host: "pg.region.dk".into(),
            user: "ab1234".into(),
            ..Default::default()
        },
    )
    .expect("profile");
    drop(store);
    drop(app);
    let mut found = Vec::new();
    let mut files = 0;
    for entry in crate::support::files_under(dir.path()) {
        files += 1;
        let bytes = std::fs::read(&entry).expect("read");
        for needle in [title, "Kasper", "Birthe", password, "Hanne Jensen"] {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                found.push(format!("{}: {needle}", entry.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(files, 1, "only the connection profile is kept");
}

/// Over the network Samskab signs in with a SCRAM password over TLS, and verifies the
/// server: its certificate must come from a trusted authority and name the host
/// (`verify-full`, the default). A wrong password, an unknown authority and a host the
/// certificate does not name are each refused, with a code the sign-in screen explains.
#[test]
fn tls_with_a_verified_server_and_scram_passwords() {
    use samskab::domain::roles::Role;
    use samskab::store::pg::ConnectOptions;
    let db = super::support::pg::TestDb::create();
    let tls = std::env::var("SAMSKAB_TEST_PG_TLS").expect("SAMSKAB_TEST_PG_TLS");
    let ca = std::env::var("SAMSKAB_TEST_PG_CA").expect("SAMSKAB_TEST_PG_CA");
    let login = format!("samskab_t_scram_{}", std::process::id());
    let mut admin = super::support::pg::admin();
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {login}; \
             CREATE ROLE {login} LOGIN PASSWORD 'Rigtigt-kodeord' IN ROLE samskab_konsulent"
        ))
        .expect("a login with a password");
    let address = |extra: &str| {
        ConnectOptions::parse(&format!("{tls} dbname={} user={login} {extra}", db.name))
            .expect("address")
    };

    // The default is verify-full; with the authority given, the right password works.
    let store =
        Store::connect(address(&format!("sslrootcert={ca}")).with_password("Rigtigt-kodeord"))
            .expect("TLS and SCRAM");
    assert_eq!(store.person().expect("login").roles, vec![Role::Consultant]);
    let p = projects::create(&store, &input("Over TLS"), "idea").expect("create");
    assert_eq!(store.project(p.id).expect("read").title, "Over TLS");
    drop(store);

    let wrong = Store::connect(address(&format!("sslrootcert={ca}")).with_password("Forkert"))
        .err()
        .expect("wrong password");
    assert_eq!(wrong.code(), "store.sign_in_failed", "{wrong}");

    let unknown = Store::connect(address("").with_password("Rigtigt-kodeord"))
        .err()
        .expect("an authority the PC does not trust");
    assert_eq!(unknown.code(), "store.unreachable", "{unknown}");

    let by_ip = |mode: &str| {
        ConnectOptions::parse(&format!(
            "{} dbname={} user={login} sslrootcert={ca} {mode}",
            tls.replace("host=localhost", "host=127.0.0.1"),
            db.name
        ))
        .expect("address")
        .with_password("Rigtigt-kodeord")
    };
    let err = Store::connect(by_ip(""))
        .err()
        .expect("the certificate names localhost");
    assert_eq!(err.code(), "store.unreachable", "{err}");
    Store::connect(by_ip("sslmode=verify-ca")).expect("verify-ca skips the host name");

    admin
        .batch_execute(&format!("DROP OWNED BY {login}; DROP ROLE {login}"))
        .ok();
}

/// Migration V5 fills the new columns and the theme counters of a database that already
/// holds data, as Samskab itself would have written them: the screens read the same.
#[test]
fn migration_v5_fills_columns_and_theme_counters_as_samskab_writes_them() {
    let db = super::support::pg::TestDb::create();
    let store = db.connect();
    demo::fill(&store).expect("demo");
    let project = projects::create(&store, &input("Temaer"), "involvement").expect("project");
    // One without a start date: the year report counts it from the day it was created.
    let mut undated = input("Uden startdato");
    undated.start_date = None;
    undated.deadline = None;
    projects::create(&store, &undated, "idea").expect("undated");
    for (n, themes) in [
        vec!["Sprog", "layout"],
        vec!["sprog"],
        vec!["SPROG", "Sprog og ord"],
    ]
    .into_iter()
    .enumerate()
    {
        samskab::service::inputs::capture(
            &store,
            &samskab::domain::input::InputInput {
                project_id: project.id,
                group: "patients".into(),
                channel: "survey".into(),
                date: "2026-11-02".into(),
                text: format!("Input {n}"),
                themes: themes.into_iter().map(String::from).collect(),
                ..Default::default()
            },
        )
        .expect("capture");
    }
    let kept = store.input_tally().expect("tally");
    assert!(
        !kept.themes.is_empty(),
        "the demo and the inputs carry themes"
    );
    assert_eq!(kept, recount(&store), "kept with every write");
    let today = samskab::service::board::today();
    let screens = |store: &Store| {
        let mut pages = Vec::new();
        for sort in [
            samskab::domain::query::ProjectSort::Deadline,
            samskab::domain::query::ProjectSort::Title,
            samskab::domain::query::ProjectSort::Updated,
        ] {
            pages.push(
                projects::page(
                    store,
                    &ProjectQuery {
                        sort,
                        archive: samskab::domain::query::ArchiveFilter::All,
                        ..Default::default()
                    },
                )
                .expect("page"),
            );
        }
        (
            pages,
            inputs::themes(store, None).expect("themes"),
            samskab::service::board::views::overview_with(store, today, true).expect("board"),
            samskab::service::overview::build(store, today).expect("oversigt"),
            samskab::service::year_report::build(
                store,
                2026,
                false,
                &samskab::service::progress::Progress::none(),
            )
            .expect("year report"),
        )
    };
    let before = screens(&store);

    // As a database written before V5: the new columns empty, no theme counters (the
    // NOT NULL constraints come after the filling); then V5's filling statements.
    let mut admin = db.options().client().expect("client");
    admin
        .batch_execute(
            "ALTER TABLE projects ALTER COLUMN involvement_level DROP NOT NULL, \
               ALTER COLUMN kind DROP NOT NULL, ALTER COLUMN target_groups DROP NOT NULL, \
               ALTER COLUMN start_on DROP NOT NULL, ALTER COLUMN updated_at DROP NOT NULL; \
             UPDATE projects SET involvement_level = NULL, kind = NULL, target_groups = NULL, \
               deadline = NULL, start_on = NULL, updated_at = NULL, title_key = NULL; \
             ALTER TABLE meetings ALTER COLUMN date DROP NOT NULL, \
               ALTER COLUMN time DROP NOT NULL; \
             UPDATE meetings SET date = NULL, time = NULL; \
             DELETE FROM counters WHERE name = 'theme';",
        )
        .expect("as before V5");
    assert!(store.input_tally().expect("tally").themes.is_empty());
    let v5 = std::fs::read_to_string("src-tauri/store/pg/migrations/V5__faster_screens.sql")
        .expect("V5");
    let from = |start: &str| -> String {
        let at = v5.find(start).expect("statement");
        let end = at + v5[at..].find(';').expect("end");
        v5[at..=end].to_string()
    };
    for statement in [
        "INSERT INTO counters",
        "UPDATE projects SET",
        "ALTER TABLE projects\n    ALTER COLUMN",
        "UPDATE meetings SET",
        "ALTER TABLE meetings ALTER COLUMN",
    ] {
        admin.batch_execute(&from(statement)).expect(statement);
    }
    // What `--migrate` does after the SQL: the Danish title order, computed by Samskab.
    assert!(samskab::store::pg::fill_title_keys(&mut admin).expect("title keys") >= 7);
    assert_eq!(store.input_tally().expect("tally"), recount(&store));
    assert_eq!(screens(&store), before);
}

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

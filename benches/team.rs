//! Both stores side by side, on the same data: 10,000 projects, 2,000 meetings (each held,
//! with a consultation and three feedback points, answered and reported back at the next
//! meeting but the last few) and 200,000 inputs (every third answered, and reported back by
//! letter until mid-2025), built through the services on sled and moved into PostgreSQL with *Flyt lokale data til
//! fælles database*. Measures moving in, and every screen's command on each store — and on
//! sled encrypted (issue 11: the same data loaded into a database sealed with a data key),
//! with a save of each kind and the audit log's entry per command.
//! PostgreSQL runs on this machine, reached through its Unix socket:
//! `bash scripts/with-postgres.sh cargo bench --bench team`. Medians in docs/benchmarks.md.

use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

#[path = "pg.rs"]
mod pg;
use pg::{admin, empty_database};
use samskab::domain::consultation::ConsultationInput;
use samskab::domain::feedback::FeedbackInput;
use samskab::domain::feedback_loop::AnswerInput;
use samskab::domain::input::{InputInput, InputQuery};
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::project::{Phase, ProjectInput};
use samskab::domain::query::ProjectQuery;
use samskab::service::board::{consultations, feedback, meetings, views};
use samskab::service::progress::Progress;
use samskab::service::{inputs, overview, projects, team, year_report};
use samskab::store::{Durability, SledStore, Store};

const PROJECTS: usize = 10_000;
const MEETINGS: usize = 2_000;
const INPUTS: usize = 200_000;
/// The last meetings whose points are answered but not yet reported back.
const NOT_YET_REPORTED: usize = 5;
/// The very last meetings whose points are not answered yet.
const NOT_YET_ANSWERED: usize = 2;
/// A sentence in one input of every thousand (200 in all), searched for by two of its words.
const RARE: &str = "Natlampen på stuen blinkede hele natten.";
const GROUPS: [&str; 4] = ["patients", "relatives", "staff", "other"];
const TEXTS: [&str; 4] = [
    "Det var svært at finde rundt på afdelingen første dag, skiltene var små.",
    "Pjecen om medicin var god, men ordene var for svære for min mor.",
    "Jeg savnede at blive spurgt om, hvordan min søvn var efter udskrivelsen.",
    "Ventetiden i ambulatoriet var lang, og ingen fortalte hvorfor.",
];

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn answer(date: NaiveDate) -> AnswerInput {
    AnswerInput {
        status: "adopted".into(),
        text: "Vi retter det i næste udgave".into(),
        reason: String::new(),
        by: "Mette Kjær".into(),
        date: Some(day(date)),
    }
}

/// Builds the data; returns a project and a held meeting to open.
fn build(store: &Store) -> (samskab::domain::Id, samskab::domain::Id) {
    let start = NaiveDate::from_ymd_opt(2021, 1, 1).expect("date");
    let mut ids = Vec::with_capacity(PROJECTS);
    for n in 0..PROJECTS {
        let p = projects::create(
            store,
            &ProjectInput {
                title: format!("Projekt {n} om pårørende"),
                summary: "Hvad patienter og pårørende mener om en ny pjece.".into(),
                kind: "information_material".into(),
                involvement_level: "involve".into(),
                ..ProjectInput::default()
            },
            Phase::ALL[n % Phase::ALL.len()].as_str(),
        )
        .expect("project");
        ids.push(p.id);
    }
    // As a board works over the years (like benches/board.rs): meetings about every day
    // from 2021 to the end of 2025, each held, its points answered on the day and reported
    // back at the next meeting, but the last few; one meeting planned ahead.
    let mut held = None;
    let mut pending: Vec<samskab::domain::Id> = Vec::new();
    for n in 0..MEETINGS {
        let date = start + Duration::days((n * 9 / 10) as i64);
        let m = meetings::plan(
            store,
            &MeetingInput {
                date: day(date),
                time: "16:00".into(),
                place: "Mødelokale 2".into(),
                online: false,
            },
        )
        .expect("meeting");
        if !pending.is_empty() && n < MEETINGS - NOT_YET_REPORTED {
            let v = store.get::<Meeting>(m.id).expect("m").version;
            meetings::add_report_back(store, m.id, v, &pending).expect("report list");
            meetings::mark_reported_back(store, m.id, &pending).expect("reported");
            pending.clear();
        }
        let c = consultations::request(
            store,
            ids[n % PROJECTS],
            &ConsultationInput {
                questions: "Er pjecen til at forstå?".into(),
                ..Default::default()
            },
        )
        .expect("consultation");
        let v = store.get::<Meeting>(m.id).expect("m").version;
        meetings::schedule(store, m.id, v, c.id).expect("schedule");
        for k in 0..3 {
            let p = feedback::record(
                store,
                c.id,
                &FeedbackInput {
                    text: format!("{} ({k})", TEXTS[(n + k) % TEXTS.len()]),
                    themes: vec!["sprog".into()],
                },
            )
            .expect("point");
            if n < MEETINGS - NOT_YET_ANSWERED {
                feedback::answer(store, p.id, p.version, &answer(date)).expect("answer");
                pending.push(p.id);
            }
        }
        let v = store.get::<Meeting>(m.id).expect("m").version;
        meetings::mark_held(store, m.id, v).expect("held");
        held = Some(m.id);
    }
    let next = meetings::plan(
        store,
        &MeetingInput {
            date: "2026-12-10".into(),
            time: "16:00".into(),
            place: "Mødelokale 2".into(),
            online: false,
        },
    )
    .expect("next meeting");
    let v = store.get::<Meeting>(next.id).expect("m").version;
    meetings::add_report_back(store, next.id, v, &pending).expect("report list");
    let reported_until = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
    let mut answered = Vec::with_capacity(500);
    for n in 0..INPUTS {
        let date = start + Duration::days((n % 1_800) as i64);
        let i = inputs::capture(
            store,
            &InputInput {
                project_id: ids[n % PROJECTS],
                group: GROUPS[n % GROUPS.len()].into(),
                channel: "survey".into(),
                date: day(date),
                text: if n % 1_000 == 500 {
                    format!("{} {RARE}", TEXTS[n % TEXTS.len()])
                } else {
                    TEXTS[n % TEXTS.len()].into()
                },
                themes: vec!["information".into()],
                may_quote: n % 2 == 0,
                ..Default::default()
            },
        )
        .expect("input");
        if n % 3 == 0 {
            inputs::answer(store, i.id, i.version, &answer(date + Duration::days(10)))
                .expect("answer");
            // Reported back by letter, a batch at a time, but the last year's.
            if date + Duration::days(10) < reported_until {
                answered.push(i.id);
            }
            if answered.len() == 500 {
                inputs::report_back(store, &answered, "letter", Some(&day(reported_until)))
                    .expect("report back");
                answered.clear();
            }
        }
    }
    if !answered.is_empty() {
        inputs::report_back(store, &answered, "letter", Some(&day(reported_until)))
            .expect("report back");
    }
    (ids[PROJECTS / 2], held.expect("a meeting"))
}

/// The sled folder with the data, built here (a few minutes), or kept from an earlier run
/// when `SAMSKAB_BENCH_KEEP` names a folder (for measuring again while working on speed;
/// delete the folder when the builder or the data format changes).
fn data(
    temp: &std::path::Path,
) -> (
    std::path::PathBuf,
    (samskab::domain::Id, samskab::domain::Id),
) {
    let kept = std::env::var_os("SAMSKAB_BENCH_KEEP").map(std::path::PathBuf::from);
    let dir = kept.clone().unwrap_or_else(|| temp.to_path_buf());
    let data = dir.join("data");
    let ids = dir.join("ids.json");
    if kept.is_some() {
        if let Ok(text) = std::fs::read_to_string(&ids) {
            return (data, serde_json::from_str(&text).expect("ids"));
        }
        let _ = std::fs::remove_dir_all(&data);
    }
    // Built without an fsync per change; the measured work is reading.
    let store = Store::open_with(&data, Durability::FlushOnly).expect("open");
    let built = build(&store);
    drop(store);
    std::fs::write(&ids, serde_json::to_string(&built).expect("ids")).expect("ids");
    (data, built)
}

fn bench(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("temp dir");
    let (data, (project, meeting)) = data(root.path());
    // The data loaded into two new databases, one unencrypted and one encrypted (as an
    // import or a restore loads it), so the two are alike but for the encryption, and the
    // saves measured below leave the built (or kept) folder as it was.
    let records = Store::open(&data)
        .expect("open")
        .sled()
        .expect("sled")
        .records()
        .expect("records");
    let loaded = |name: &str, key: Option<samskab::store::crypto::DataKey>| {
        let s =
            SledStore::open_keyed(&root.path().join(name), Durability::Synced, key).expect("open");
        s.load(&records).expect("load");
        Store::from(s)
    };
    let sled = loaded("plain", None);
    let encrypted = loaded(
        "encrypted",
        Some(samskab::store::crypto::DataKey::generate().expect("key")),
    );
    let mut admin = admin();
    let options = empty_database(&mut admin, "samskab_bench");
    let shared = Store::connect(options.clone()).expect("connect");
    let report = team::move_in(&sled, &shared).expect("move in");
    assert!(report
        .kinds
        .iter()
        .all(|k| k.count == k.count_there && k.checksum == k.checksum_there));
    // As autovacuum would in a few minutes: statistics for the planner, the trigram
    // indexes' pending lists merged. Measuring before that measures the clean-up.
    options
        .client()
        .expect("client")
        .batch_execute("VACUUM ANALYZE")
        .expect("vacuum");

    let mut group = c.benchmark_group("move_in_10k_2k_200k");
    group.sample_size(10);
    let mut n = 0;
    group.bench_function("move_in_with_counts_and_checksums", |b| {
        b.iter_batched(
            || {
                n += 1;
                Store::connect(empty_database(&mut admin, &format!("samskab_move_{n}")))
                    .expect("connect")
            },
            |target| team::move_in(&sled, &target).expect("move in"),
            BatchSize::PerIteration,
        )
    });
    group.finish();

    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let filtered = ProjectQuery {
        phases: vec![Phase::Involvement],
        text: "pårørende 12".into(),
        limit: 100,
        ..Default::default()
    };
    // The screens ask for a page: 100 projects, 50 inputs.
    let all_active = ProjectQuery {
        limit: 100,
        ..Default::default()
    };
    let rare = InputQuery {
        text: "natlampen blinkede".into(),
        limit: 50,
        ..Default::default()
    };
    // A word in a quarter of all input (50,000 hits).
    let common = InputQuery {
        text: "ventetiden".into(),
        limit: 50,
        ..Default::default()
    };
    let by_project = InputQuery {
        project_id: Some(project),
        statuses: vec![samskab::domain::feedback_loop::LoopStatus::Awaiting],
        ..Default::default()
    };
    // Saves go to a project of their own on each store, so that the screens measured after
    // them see the same data on every store.
    let capture_on = |store: &Store| InputInput {
        project_id: projects::create(
            store,
            &ProjectInput {
                title: "Projekt til målinger af gem".into(),
                kind: "information_material".into(),
                involvement_level: "involve".into(),
                ..ProjectInput::default()
            },
            "idea",
        )
        .expect("project")
        .id,
        group: "relatives".into(),
        channel: "survey".into(),
        date: "2026-11-20".into(),
        text: "Pjecen om besøgstider var let at forstå.".into(),
        themes: vec!["Information".into()],
        ..Default::default()
    };
    // Issue 12's access report: a contributor with 120 inputs among the 200,000, and an
    // audit log of 150,000 entries (two busy years) of which 120 are about those inputs (on
    // the embedded stores; the bench's PostgreSQL login has no Samskab role to read them).
    const REFERENCE: &str = "Pårørende til indsigt, tlf 20 30 40 50";
    for store in [&sled, &encrypted] {
        let mut theirs = Vec::new();
        for n in 0..120 {
            let i = inputs::capture(
                store,
                &InputInput {
                    project_id: project,
                    group: "relatives".into(),
                    channel: "survey".into(),
                    date: "2026-11-20".into(),
                    text: format!("Indsigt nummer {n}: ventetiden var lang."),
                    themes: vec!["ventetid".into()],
                    contributor: REFERENCE.into(),
                    ..Default::default()
                },
            )
            .expect("input with a reference");
            theirs.push(i.id);
        }
        for n in 0..150_000usize {
            store
                .audit_append(samskab::domain::audit::AuditEvent {
                    at: chrono::Utc::now(),
                    who: "Konsulent".into(),
                    action: samskab::domain::audit::AuditAction::Read,
                    kind: "input".into(),
                    record: Some(if n % 1_250 == 0 {
                        theirs[(n / 1_250) % theirs.len()]
                    } else {
                        samskab::domain::new_id()
                    }),
                    detail: String::new(),
                })
                .expect("audit entry");
        }
    }
    for (name, store) in [("sled", &sled), ("sled_encrypted", &encrypted)] {
        let mut group = c.benchmark_group(format!("rights_{name}"));
        group.sample_size(10);
        let subject = samskab::service::access_report::Subject::Contributor {
            reference: REFERENCE.into(),
        };
        group.bench_function("access_report_120_inputs", |b| {
            b.iter(|| {
                let r = samskab::service::access_report::build(store, &subject, chrono::Utc::now())
                    .expect("report");
                assert!(r.sections.len() > 120);
            })
        });
        group.finish();
    }
    let stores = [
        ("sled", &sled),
        ("sled_encrypted", &encrypted),
        ("postgres", &shared),
    ];
    for (name, store) in stores {
        let capture = capture_on(store);
        let mut group = c.benchmark_group(format!("saves_{name}"));
        group.sample_size(20);
        // Saved for real: on sled with the sync to the disk each change makes.
        group.bench_function("capture_input", |b| {
            b.iter(|| inputs::capture(store, &capture).expect("capture"))
        });
        let mut n = 0u32;
        group.bench_function("edit_project", |b| {
            b.iter(|| {
                n += 1;
                let p = store.project(capture.project_id).expect("project");
                let input = ProjectInput {
                    title: p.title.clone(),
                    summary: format!("Hvad patienter og pårørende mener, version {n}."),
                    kind: "information_material".into(),
                    involvement_level: "involve".into(),
                    ..ProjectInput::default()
                };
                projects::update(store, p.id, p.version, &input).expect("update")
            })
        });
        group.bench_function("audit_entry_of_a_search", |b| {
            let args = serde_json::json!({"query": {"text": "ventetiden", "limit": 50}});
            b.iter(|| samskab::service::audit::record(store, "search_inputs", &args).expect("log"))
        });
        group.finish();
    }
    for (name, store) in stores {
        let mut group = c.benchmark_group(format!("screens_{name}"));
        group.sample_size(20);
        group.bench_function("project_list_filtered", |b| {
            b.iter(|| projects::list(store, &filtered).expect("list"))
        });
        group.bench_function("project_list_all_active", |b| {
            b.iter(|| projects::page(store, &all_active).expect("list"))
        });
        group.bench_function("project_detail", |b| {
            b.iter(|| projects::detail(store, project).expect("detail"))
        });
        group.bench_function("overview", |b| {
            b.iter(|| overview::build(store, today).expect("overview"))
        });
        group.bench_function("board_overview", |b| {
            b.iter(|| views::overview(store, today).expect("board"))
        });
        group.bench_function("meeting_page", |b| {
            b.iter(|| views::meeting(store, meeting, today).expect("meeting"))
        });
        group.bench_function("to_report_back", |b| {
            b.iter(|| views::to_report_back(store, today).expect("report back"))
        });
        group.bench_function("input_search_rare_words", |b| {
            b.iter(|| inputs::search(store, &rare, today).expect("search"))
        });
        group.bench_function("input_search_common_word", |b| {
            b.iter(|| inputs::search(store, &common, today).expect("search"))
        });
        group.bench_function("input_project_and_status", |b| {
            b.iter(|| inputs::search(store, &by_project, today).expect("search"))
        });
        group.bench_function("themes_all", |b| {
            b.iter(|| inputs::themes(store, None).expect("themes"))
        });
        group.bench_function("year_report_2025", |b| {
            b.iter(|| year_report::build(store, 2025, false, &Progress::none()).expect("report"))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

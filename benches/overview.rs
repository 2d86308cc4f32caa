//! Oversigt and Årsrapport at scale: 10,000 projects (an eighth closed) and 200,000 inputs
//! over seven years, a third answered (half of those adopted fully or partly) and half of
//! the answered reported back; 20 board members, 300 meetings with 4 consultations and 5
//! points each, and 1,000 activities. Built through the services. Measures the overview
//! and the year report of a full year (data and HTML). Run with
//! `cargo bench --bench overview`; medians in docs/benchmarks.md.

use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use samskab::domain::consultation::ConsultationInput;
use samskab::domain::feedback::FeedbackInput;
use samskab::domain::feedback_loop::AnswerInput;
use samskab::domain::input::{ActivityInput, InputInput};
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::member::MemberInput;
use samskab::domain::project::{Phase, ProjectInput};
use samskab::domain::Id;
use samskab::service::board::{consultations, feedback, meetings, members};
use samskab::service::progress::Progress;
use samskab::service::{inputs, overview, projects, year_report};
use samskab::store::{Durability, Store};

const PROJECTS: usize = 10_000;
const INPUTS: usize = 200_000;
const MEETINGS: usize = 300;
const GROUPS: [&str; 4] = ["patients", "relatives", "staff", "other"];
const ANSWERS: [&str; 4] = ["adopted", "partly_adopted", "not_adopted", "not_relevant"];

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn answer(status: &str, date: NaiveDate) -> AnswerInput {
    AnswerInput {
        status: status.into(),
        text: "Vi retter det i næste udgave".into(),
        reason: "Passer ikke med rammerne".into(),
        by: "Mette Kjær".into(),
        date: Some(day(date)),
    }
}

fn version(store: &Store, id: Id) -> u64 {
    store.get::<Meeting>(id).expect("meeting").version
}

fn build(store: &Store) {
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    let last_answer = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let mut project_ids = Vec::with_capacity(PROJECTS);
    for n in 0..PROJECTS {
        let input = ProjectInput {
            title: format!("Projekt {n}"),
            kind: "service".into(),
            involvement_level: "involve".into(),
            start_date: Some(day(start + Duration::days((n % 2_500) as i64))),
            ..ProjectInput::default()
        };
        let phase = Phase::ALL[n % Phase::ALL.len()].as_str();
        let p = projects::create(store, &input, phase).expect("project");
        project_ids.push(p.id);
    }
    let mut member_ids = Vec::new();
    for n in 0..20 {
        let m = members::add(
            store,
            &MemberInput {
                name: format!("Medlem {n}"),
                lived_experience: ["patient", "relative", "both"][n % 3].into(),
                honoraria: "accepted".into(),
                joined: Some("2019-06-01".into()),
                ..Default::default()
            },
        )
        .expect("member");
        member_ids.push(m.id);
    }
    for i in 0..MEETINGS {
        let date = start + Duration::days(7 * i as i64);
        let m = meetings::plan(
            store,
            &MeetingInput {
                date: day(date),
                time: "16:00".into(),
                place: "Mødelokale 2".into(),
                online: false,
            },
        )
        .expect("plan")
        .id;
        meetings::set_attendance(store, m, version(store, m), &member_ids[..8 + i % 10])
            .expect("attendance");
        for k in 0..4 {
            let c = consultations::request(
                store,
                project_ids[(i * 4 + k) % PROJECTS],
                &ConsultationInput {
                    questions: "Hvad skal vi ændre?".into(),
                    ..Default::default()
                },
            )
            .expect("consultation")
            .id;
            meetings::schedule(store, m, version(store, m), c).expect("schedule");
            for j in 0..5 {
                feedback::record(
                    store,
                    c,
                    &FeedbackInput {
                        text: format!("Punkt {j} om sproget i pjecen"),
                        themes: vec!["sprog".into()],
                    },
                )
                .expect("point");
            }
        }
        meetings::mark_held(store, m, version(store, m)).expect("held");
    }
    for n in 0..1_000 {
        inputs::add_activity(
            store,
            project_ids[n * 7 % PROJECTS],
            &ActivityInput {
                kind: "workshop".into(),
                date: day(start + Duration::days((n * 2) as i64)),
                patients: 8,
                relatives: 3,
                peers: 1,
                staff: 2,
                description: "Workshop om udskrivelse".into(),
            },
        )
        .expect("activity");
    }
    let mut to_report = Vec::new();
    for n in 0..INPUTS {
        let date = start + Duration::days((n % 2_500) as i64);
        let i = inputs::capture(
            store,
            &InputInput {
                project_id: project_ids[n % PROJECTS],
                activity_id: None,
                group: GROUPS[n % GROUPS.len()].into(),
                channel: "survey".into(),
                date: day(date),
                text: format!("Ventetiden i telefonen var for lang (nr. {n})"),
                themes: vec!["ventetid".into()],
                may_quote: n.is_multiple_of(2),
                contributor: String::new(),
            },
        )
        .expect("capture");
        if n.is_multiple_of(3) {
            let answered_on = (date + Duration::days((n % 60) as i64)).min(last_answer);
            let status = ANSWERS[(n / 3) % ANSWERS.len()];
            inputs::answer(store, i.id, i.version, &answer(status, answered_on)).expect("answer");
            if n.is_multiple_of(2) {
                to_report.push(i.id);
            }
        }
    }
    for batch in to_report.chunks(500) {
        inputs::report_back(store, batch, "letter", Some("2026-11-20")).expect("report back");
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    // Built without an fsync per change (what is measured here only reads); the cost of
    // durable saves is measured in benches/projects.rs.
    let store = Store::open_with(dir.path(), Durability::FlushOnly).expect("open");
    build(&store);
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let o = overview::build(&store, today).expect("overview");
    assert!(o.awaiting_answer > 100_000, "{}", o.awaiting_answer);
    let r = year_report::build(&store, 2025, false, &Progress::none()).expect("report");
    let adopted: usize = r.changed.iter().map(|p| p.changes.len()).sum();
    assert!(adopted > 3_000, "{adopted} adopted in 2025");
    assert!(r.figures.inputs > 25_000, "{}", r.figures.inputs);

    let mut group = c.benchmark_group("overview_10k_projects_200k_inputs");
    group.bench_function("overview", |b| {
        b.iter(|| overview::build(&store, today).expect("overview"))
    });
    group.bench_function("year_report_2025", |b| {
        b.iter(|| year_report::build(&store, 2025, false, &Progress::none()).expect("report"))
    });
    group.bench_function("year_report_2025_html", |b| {
        b.iter(|| {
            let r = year_report::build(&store, 2025, false, &Progress::none()).expect("report");
            year_report::html(&r)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);

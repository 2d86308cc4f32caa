//! The Peer-board at scale: 10,000 projects, 2,000 meetings and 200,000 feedback points,
//! built through the services as a board would over the years (each meeting: 10
//! consultations with 10 points each; every point answered after its meeting and reported
//! back at the next, except the last few meetings). Measures the report-back list and a
//! meeting's page. Run with `cargo bench --bench board`; medians in docs/benchmarks.md.

use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use samskab::domain::consultation::ConsultationInput;
use samskab::domain::feedback::FeedbackInput;
use samskab::domain::feedback_loop::AnswerInput;
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::project::ProjectInput;
use samskab::domain::Id;
use samskab::service::board::{consultations, feedback, meetings, views};
use samskab::service::projects;
use samskab::store::{Durability, Store};

const PROJECTS: usize = 10_000;
const MEETINGS: usize = 2_000;
const CONSULTATIONS_PER_MEETING: usize = 10;
const POINTS_PER_CONSULTATION: usize = 10;
/// The last meetings whose points are answered but not yet reported back.
const NOT_YET_REPORTED: usize = 5;
/// The very last meetings whose points are not answered yet.
const NOT_YET_ANSWERED: usize = 2;

fn version(store: &Store, id: Id) -> u64 {
    store.get::<Meeting>(id).expect("meeting").version
}

fn build(store: &Store) -> (Id, Id) {
    let mut project_ids = Vec::with_capacity(PROJECTS);
    for n in 0..PROJECTS {
        let input = ProjectInput {
            title: format!("Projekt {n}"),
            kind: "workflow".into(),
            involvement_level: "consult".into(),
            requester_contact: "Mette Kjær".into(),
            ..ProjectInput::default()
        };
        project_ids.push(
            projects::create(store, &input, "involvement")
                .expect("project")
                .id,
        );
    }
    // Every third day from 2000 on: all 2,000 meetings lie in the past (answers are dated
    // today and may not predate their point) and in the years dates may take (2000–2100).
    let start = NaiveDate::from_ymd_opt(2000, 1, 3).expect("date");
    let mut pending: Vec<Id> = Vec::new();
    let mut middle = None;
    let mut consultation_no = 0;
    for i in 0..MEETINGS {
        let date = start + Duration::days(3 * i as i64);
        let m = meetings::plan(
            store,
            &MeetingInput {
                date: date.format("%Y-%m-%d").to_string(),
                time: "16:00".into(),
                place: "Mødelokale 2".into(),
                online: false,
            },
        )
        .expect("plan")
        .id;
        if !pending.is_empty() && i < MEETINGS - NOT_YET_REPORTED + 1 {
            meetings::add_report_back(store, m, version(store, m), &pending).expect("report list");
            meetings::mark_reported_back(store, m, &pending).expect("reported");
        }
        let mut points = Vec::new();
        for _ in 0..CONSULTATIONS_PER_MEETING {
            let project = project_ids[consultation_no % PROJECTS];
            consultation_no += 1;
            let c = consultations::request(
                store,
                project,
                &ConsultationInput {
                    questions: "Hvad skal vi ændre?".into(),
                    ..ConsultationInput::default()
                },
            )
            .expect("request")
            .id;
            meetings::schedule(store, m, version(store, m), c).expect("schedule");
            for k in 0..POINTS_PER_CONSULTATION {
                let input = FeedbackInput {
                    text: format!("Feedbackpunkt {k}: teksten om pårørende bør være kortere"),
                    themes: vec![["sprog", "layout", "pårørende"][k % 3].into()],
                };
                points.push(feedback::record(store, c, &input).expect("point"));
            }
        }
        meetings::mark_held(store, m, version(store, m)).expect("held");
        pending.clear();
        if i < MEETINGS - NOT_YET_ANSWERED {
            for p in points {
                let answer = AnswerInput {
                    status: ["adopted", "partly_adopted", "not_relevant"]
                        [(p.version as usize + i) % 3]
                        .into(),
                    text: "Vi har rettet det".into(),
                    by: "Mette Kjær".into(),
                    ..AnswerInput::default()
                };
                pending.push(
                    feedback::answer(store, p.id, p.version, &answer)
                        .expect("answer")
                        .id,
                );
            }
        }
        if i == MEETINGS / 2 {
            middle = Some(m);
        }
    }
    let next = meetings::plan(
        store,
        &MeetingInput {
            date: "2030-01-10".into(),
            time: "16:00".into(),
            place: "Mødelokale 2".into(),
            online: false,
        },
    )
    .expect("plan")
    .id;
    (middle.expect("middle meeting"), next)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    // Built without an fsync per change (what is measured here only reads); the cost of
    // durable saves is measured in benches/projects.rs.
    let store = Store::open_with(dir.path(), Durability::FlushOnly).expect("open");
    let (middle, next) = build(&store);
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date");
    let pending = views::to_report_back(&store, today).expect("list").len();
    eprintln!("board fixture: {pending} points to report back");

    let mut group = c.benchmark_group("board_10k_2k_200k");
    group.bench_function("report_back_list", |b| {
        b.iter(|| views::to_report_back(&store, today).expect("list"))
    });
    group.bench_function("meeting_page_held", |b| {
        b.iter(|| views::meeting(&store, middle, today).expect("meeting"))
    });
    group.bench_function("meeting_page_planned", |b| {
        b.iter(|| views::meeting(&store, next, today).expect("meeting"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);

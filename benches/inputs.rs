//! Input at scale: 200,000 inputs over 2,000 projects (100 each), captured through the
//! service; a third answered. Measures free-text search over all input and filtering by
//! project and status. Run with `cargo bench --bench inputs`; medians in docs/benchmarks.md.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use samskab::domain::feedback_loop::{AnswerInput, LoopStatus};
use samskab::domain::input::{InputInput, InputQuery};
use samskab::domain::project::ProjectInput;
use samskab::service::{inputs, projects};
use samskab::store::{Durability, Store};

const PROJECTS: usize = 2_000;
const PER_PROJECT: usize = 100;

const SENTENCES: [&str; 10] = [
    "Ventetiden i telefonen var alt for lang, og ingen ringede tilbage",
    "Pjecen brugte ord, som hverken jeg eller min mor forstod",
    "Det var godt at blive spurgt, før de ændrede arbejdsgangen",
    "Besøgstiderne passer dårligt med at have et arbejde",
    "Personalet tog sig god tid til at forklare medicinen",
    "Jeg savnede at vide, hvem der var min kontaktperson",
    "Skadestuen var larmende, og der var ingen steder at være alene",
    "Pårørende bør inviteres til samtalen inden udskrivelse",
    "Der burde tilbydes tolk fra første samtale",
    "Maden var fin, men måltiderne lå for tidligt om aftenen",
];
const THEMES: [&str; 6] = [
    "ventetid",
    "sprog",
    "inddragelse",
    "besøg",
    "information",
    "miljø",
];
const GROUPS: [&str; 4] = ["patients", "relatives", "staff", "other"];
const CHANNELS: [&str; 5] = [
    "workshop",
    "survey",
    "comment_card",
    "interview",
    "mail_phone",
];

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    // Built without an fsync per change (what is measured here only reads); the cost of
    // durable saves is measured in benches/projects.rs.
    let store = Store::open_with(dir.path(), Durability::FlushOnly).expect("open");
    let mut project_ids = Vec::with_capacity(PROJECTS);
    for n in 0..PROJECTS {
        let input = ProjectInput {
            title: format!("Projekt {n}"),
            kind: "service".into(),
            involvement_level: "involve".into(),
            ..ProjectInput::default()
        };
        project_ids.push(
            projects::create(&store, &input, "involvement")
                .expect("project")
                .id,
        );
    }
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    for (p, project) in project_ids.iter().enumerate() {
        for k in 0..PER_PROJECT {
            let n = p * PER_PROJECT + k;
            let date = start + chrono::Duration::days((n % 2_000) as i64);
            let i = inputs::capture(
                &store,
                &InputInput {
                    project_id: *project,
                    activity_id: None,
                    group: GROUPS[n % GROUPS.len()].into(),
                    channel: CHANNELS[n % CHANNELS.len()].into(),
                    date: date.format("%Y-%m-%d").to_string(),
                    text: format!("{} (nr. {n})", SENTENCES[n % SENTENCES.len()]),
                    themes: vec![THEMES[n % THEMES.len()].into()],
                    may_quote: n.is_multiple_of(2),
                    contributor: String::new(),
                },
            )
            .expect("capture");
            if n.is_multiple_of(3) {
                let answer = AnswerInput {
                    status: "adopted".into(),
                    by: "Mette Kjær".into(),
                    date: Some("2026-01-01".into()),
                    ..AnswerInput::default()
                };
                inputs::answer(&store, i.id, i.version, &answer).expect("answer");
            }
        }
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let all = inputs::search(&store, &InputQuery::default(), today)
        .expect("all")
        .total;
    assert_eq!(all, PROJECTS * PER_PROJECT);

    let mut group = c.benchmark_group("inputs_200k");
    let rare = InputQuery {
        text: "tolk første".into(),
        ..Default::default()
    };
    group.bench_function("free_text_rare_two_words", |b| {
        b.iter(|| inputs::search(&store, &rare, today).expect("search"))
    });
    let common = InputQuery {
        text: "pårørende".into(),
        ..Default::default()
    };
    group.bench_function("free_text_common_word_first_500", |b| {
        b.iter(|| inputs::search(&store, &common, today).expect("search"))
    });
    let by_project = InputQuery {
        project_id: Some(project_ids[PROJECTS / 2]),
        statuses: vec![LoopStatus::Awaiting],
        ..Default::default()
    };
    group.bench_function("project_and_status", |b| {
        b.iter(|| inputs::search(&store, &by_project, today).expect("search"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);

//! Project operations at 10,000 projects: create, get, update, filtered list.
//! Run with `cargo bench --bench projects`; medians are recorded in docs/benchmarks.md.

use criterion::{criterion_group, criterion_main, Criterion};
use samskab::domain::project::{Phase, ProjectInput};
use samskab::domain::query::{ProjectQuery, ProjectSort};
use samskab::service::projects;
use samskab::store::{Durability, Store};

const PROJECTS: usize = 10_000;
const KINDS: [&str; 5] = [
    "information_material",
    "workflow",
    "service",
    "event",
    "other",
];
const LEVELS: [&str; 5] = ["inform", "consult", "involve", "collaborate", "empower"];
const PHASES: [&str; 8] = [
    "idea",
    "preparation",
    "involvement",
    "implementation",
    "follow_up",
    "closed",
    "paused",
    "dropped",
];
const WORDS: [&str; 8] = [
    "pjece",
    "pårørende",
    "udskrivelse",
    "ventetid",
    "søvn",
    "medicin",
    "peer-støtte",
    "ambulant",
];

fn input(n: usize) -> ProjectInput {
    ProjectInput {
        title: format!("Projekt {n} om {}", WORDS[n % WORDS.len()]),
        summary: format!(
            "Et realistisk resumé af projekt {n}: hvad rekvirenten ønsker at vide fra patienter og pårørende om {} og {}.",
            WORDS[(n / 3) % WORDS.len()],
            WORDS[(n / 7) % WORDS.len()]
        ),
        kind: KINDS[n % KINDS.len()].into(),
        requester_unit: format!("Afsnit {}", n % 40),
        requester_contact: "Mette Kjær".into(),
        responsible_consultant: ["Louise Bach", "Omar Haddad"][n % 2].into(),
        involvement_level: LEVELS[(n / 5) % LEVELS.len()].into(),
        target_groups: vec![["patients", "relatives"][n % 2].into()],
        start_date: Some(format!("2026-{:02}-01", n % 12 + 1)),
        deadline: Some(format!("2027-{:02}-15", n % 12 + 1)),
        tags: vec![WORDS[n % WORDS.len()].into()],
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    // Built without an fsync per change; create and update are measured both ways below.
    let mut store = Store::open_with(dir.path(), Durability::FlushOnly).expect("open");
    let mut ids = Vec::with_capacity(PROJECTS);
    for n in 0..PROJECTS {
        let phase = PHASES[n % PHASES.len()];
        ids.push(
            projects::create(&store, &input(n), phase)
                .expect("create")
                .id,
        );
    }

    let mut group = c.benchmark_group("projects_10k");
    let mut i = 0;
    group.bench_function("get_detail", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            projects::detail(&store, ids[i]).expect("get")
        })
    });
    let by_phase_and_text = ProjectQuery {
        phases: vec![Phase::Involvement, Phase::Preparation],
        text: "pårørende".into(),
        sort: ProjectSort::Deadline,
        ..ProjectQuery::default()
    };
    group.bench_function("list_filtered_phase_and_text", |b| {
        b.iter(|| projects::list(&store, &by_phase_and_text))
    });
    let by_text = ProjectQuery {
        text: "søvn afsnit 1".into(),
        sort: ProjectSort::Title,
        ..ProjectQuery::default()
    };
    group.bench_function("list_filtered_text_title_sort", |b| {
        b.iter(|| projects::list(&store, &by_text))
    });
    group.bench_function("list_all_deadline_sort", |b| {
        b.iter(|| projects::list(&store, &ProjectQuery::default()))
    });
    // Create and update, with and without the fsync that makes a change durable (the
    // cost of issue 9's durable saves). Create runs last in each mode, since every
    // iteration adds a project.
    let target = ids[PROJECTS / 2];
    let mut n = PROJECTS;
    for (mode, name) in [
        (Durability::FlushOnly, "flush_only"),
        (Durability::Synced, "synced"),
    ] {
        drop(store);
        store = Store::open_with(dir.path(), mode).expect("reopen");
        group.bench_function(format!("update_{name}"), |b| {
            b.iter(|| {
                let current = store.project(target).expect("get");
                projects::update(&store, target, current.version, &input(7)).expect("update")
            })
        });
        group.bench_function(format!("create_{name}"), |b| {
            b.iter(|| {
                n += 1;
                projects::create(&store, &input(n), "idea").expect("create")
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);

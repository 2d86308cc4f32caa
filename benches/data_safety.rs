//! Data safety at scale: 10,000 projects and 200,000 inputs (100 projects with 2,000 each
//! would be odd; here 20 per project on the first 10,000), every third answered. Measures a
//! verified backup (export, read back, check against the live manifest, retention), the
//! whole-database export alone, the import (read and check every record, load into an
//! empty database), and the safe open (sled open, indexes, every invariant checked).
//! Run with `cargo bench --bench data_safety`; medians in docs/benchmarks.md.

use chrono::{Duration, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use samskab::domain::feedback_loop::AnswerInput;
use samskab::domain::input::InputInput;
use samskab::domain::project::ProjectInput;
use samskab::service::progress::Progress;
use samskab::service::{archive, backup, inputs, projects};
use samskab::store::{Durability, Store};

const PROJECTS: usize = 10_000;
const INPUTS: usize = 200_000;
const GROUPS: [&str; 4] = ["patients", "relatives", "staff", "other"];
const TEXTS: [&str; 4] = [
    "Det var svært at finde rundt på afdelingen første dag, skiltene var små.",
    "Pjecen om medicin var god, men ordene var for svære for min mor.",
    "Jeg savnede at blive spurgt om, hvordan min søvn var efter udskrivelsen.",
    "Ventetiden i ambulatoriet var lang, og ingen fortalte hvorfor.",
];

fn build(store: &Store) {
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
            "involvement",
        )
        .expect("project");
        ids.push(p.id);
    }
    for n in 0..INPUTS {
        let date = start + Duration::days((n % 1_800) as i64);
        let i = inputs::capture(
            store,
            &InputInput {
                project_id: ids[n % PROJECTS],
                group: GROUPS[n % GROUPS.len()].into(),
                channel: "survey".into(),
                date: date.format("%Y-%m-%d").to_string(),
                text: TEXTS[n % TEXTS.len()].into(),
                themes: vec!["information".into()],
                may_quote: n % 2 == 0,
                contributor: if n % 10 == 0 {
                    format!("Reference {n}")
                } else {
                    String::new()
                },
                ..Default::default()
            },
        )
        .expect("input");
        if n % 3 == 0 {
            inputs::answer(
                store,
                i.id,
                i.version,
                &AnswerInput {
                    status: "adopted".into(),
                    text: "Vi retter det i næste udgave".into(),
                    reason: String::new(),
                    by: "Mette Kjær".into(),
                    date: Some((date + Duration::days(10)).format("%Y-%m-%d").to_string()),
                },
            )
            .expect("answer");
        }
    }
}

fn bench(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("data");
    {
        // Built without an fsync per change; the measured work syncs what it writes.
        let store = Store::open_with(&data, Durability::FlushOnly).expect("open");
        build(&store);
    }
    let store = Store::open(&data).expect("open");
    let today = samskab::service::board::today();
    let backups = root.path().join("backups");
    let export = root.path().join("eksport.zip");
    // The file the import reads, whichever benchmarks are filtered in.
    archive::write(&store, &export, Utc::now(), &Progress::none()).expect("export");
    let mut group = c.benchmark_group("data_safety_10k_200k");
    group.sample_size(10);
    group.bench_function("backup_write_and_verify", |b| {
        b.iter(|| backup::take(&store, &backups, Utc::now(), &Progress::none()).expect("backup"))
    });
    group.bench_function("export", |b| {
        b.iter(|| archive::write(&store, &export, Utc::now(), &Progress::none()).expect("export"))
    });
    let mut n = 0;
    group.bench_function("import", |b| {
        b.iter(|| {
            n += 1;
            let target = root.path().join(format!("import-{n}"));
            let empty = Store::open(&target).expect("empty");
            archive::import(&empty, &export, today).expect("import");
            drop(empty);
            let _ = std::fs::remove_dir_all(&target);
        })
    });
    drop(store);
    group.bench_function("open_guarded_with_checks", |b| {
        b.iter(|| Store::open_guarded(&data, std::time::Duration::from_secs(120)).expect("open"))
    });
    group.finish();
    let size = std::fs::metadata(&export).map(|m| m.len()).unwrap_or(0);
    println!("export file: {:.1} MB", size as f64 / 1e6);
}

/// Opening the data with a passphrase (issue 11): Argon2id and unwrapping the data key, at
/// RFC 9106's second recommendation (64 MiB, 3 passes, 4 lanes) and at Samskab's default
/// (three times the memory). Target: about 0.5–1 s on this 2-core PC.
/// Alone: `cargo bench --bench data_safety -- unlock` (stop it after these two; the rest
/// builds the large database first).
fn unlock(c: &mut Criterion) {
    use samskab::store::crypto::{DataKey, KdfParams, KeySlot};
    let key = DataKey::generate().expect("key");
    let mut group = c.benchmark_group("unlock");
    group.sample_size(10);
    for (name, kdf) in [
        (
            "rfc9106_second_64mib_3_passes_4_lanes",
            KdfParams::RFC_9106_SECOND,
        ),
        (
            "samskab_default_192mib_3_passes_4_lanes",
            KdfParams::DEFAULT,
        ),
    ] {
        let slot = KeySlot::wrap(&key, "rød hest på taget".as_bytes(), kdf).expect("wrap");
        group.bench_function(name, |b| {
            b.iter(|| slot.unwrap("rød hest på taget".as_bytes()).expect("unwrap"))
        });
    }
    group.finish();
}

criterion_group!(benches, unlock, bench);
criterion_main!(benches);

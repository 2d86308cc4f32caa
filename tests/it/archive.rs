//! The whole-database export format, backups, retention and restore.

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use samskab::domain::error::AppError;
use samskab::service::archive::{self, Manifest};
use samskab::service::backup;
use samskab::service::database::Database;
use samskab::service::progress::Progress;
use samskab::service::{demo, projects};
use samskab::store::{Durability, Kind, Store};
use sha2::{Digest, Sha256};

use super::support::{input, temp_store};

fn today() -> NaiveDate {
    samskab::service::board::today()
}

fn at(days: i64, minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 7, 8, 0, 0)
        .single()
        .expect("time")
        + Duration::days(days)
        + Duration::minutes(minutes)
}

/// A database with the demo's projects, board, meetings, feedback and input.
fn demo_store() -> (Store, tempfile::TempDir) {
    let (store, dir) = temp_store();
    assert!(demo::fill(&store).expect("demo") > 0);
    (store, dir)
}

fn export_bytes(store: &Store, dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    archive::write(store, &path, at(0, 0), &Progress::none()).expect("export");
    std::fs::read(&path).expect("read export")
}

#[test]
fn export_and_import_give_the_same_database() {
    let (store, _dir) = demo_store();
    let out = tempfile::tempdir().expect("out");
    let first = export_bytes(&store, out.path(), "a.zip");
    let (manifest, records) = archive::read(&out.path().join("a.zip"), today()).expect("read");
    assert_eq!(manifest.format_version, archive::FORMAT_VERSION);
    for kind in Kind::ALL {
        assert_eq!(manifest.count(kind), records.count(kind) as u64, "{kind:?}");
    }
    assert!(manifest.count(Kind::Projects) > 0 && manifest.count(Kind::Inputs) > 0);
    assert_eq!(records, store.records().expect("live records"));

    let (empty, _edir) = temp_store();
    archive::import(&empty, &out.path().join("a.zip"), today()).expect("import");
    empty
        .sled()
        .expect("local")
        .check()
        .expect("invariants after import");
    assert_eq!(empty.records().expect("imported"), records);
    let second = export_bytes(&empty, out.path(), "b.zip");
    assert_eq!(first, second, "export → import → export is byte-identical");
    // The in-memory indexes were rebuilt: lists answer as before.
    assert_eq!(
        empty.project_count().expect("count"),
        store.project_count().expect("count")
    );
    assert_eq!(
        empty.input_tally().expect("tally"),
        store.input_tally().expect("tally")
    );
}

#[test]
fn import_goes_into_an_empty_database_only() {
    let (store, _dir) = demo_store();
    let out = tempfile::tempdir().expect("out");
    export_bytes(&store, out.path(), "a.zip");
    let err = archive::import(&store, &out.path().join("a.zip"), today()).expect_err("not empty");
    assert_eq!(err.code(), "import.not_empty");
}

/// Rewrites the zip at `bytes` with `edit` applied to its parts (name → content), then
/// fixes each part's checksum and count in the manifest when `fix` is set.
fn rezip(bytes: &[u8], fix: bool, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut content = Vec::new();
        f.read_to_end(&mut content).expect("read entry");
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        parts.push((name, content));
    }
    edit(&mut parts);
    let manifest: Option<Manifest> = parts
        .iter()
        .find(|(n, _)| n == "manifest.json")
        .and_then(|(_, b)| serde_json::from_slice(b).ok());
    if let (true, Some(mut manifest)) = (fix, manifest) {
        for part in &mut manifest.parts {
            if let Some((_, b)) = parts.iter().find(|(n, _)| *n == part.file) {
                part.sha256 = Sha256::digest(b)
                    .iter()
                    .map(|x| format!("{x:02x}"))
                    .collect();
                part.count = b.iter().filter(|c| **c == b'\n').count() as u64;
            }
        }
        for (n, b) in &mut parts {
            if n == "manifest.json" {
                *b = serde_json::to_vec(&manifest).expect("manifest json");
            }
        }
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in &parts {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(content).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// A JSON value with one random change: a field removed, retyped, or set to a hostile value.
fn mutate_value(v: &mut serde_json::Value, rng: &mut fastrand::Rng) {
    use serde_json::Value;
    let hostile = [
        Value::Null,
        Value::from(""),
        Value::from(-1),
        Value::from(u64::MAX),
        Value::from("\u{0}\u{7}"),
        Value::from("x".repeat(6000)),
        Value::from("2099-01-01"),
        Value::from("1999-12-31"),
        Value::from("not-a-uuid"),
        Value::from("019a0000-0000-7000-8000-000000000000"),
        Value::from(true),
        Value::Array(vec![Value::from("")]),
        serde_json::json!({"status": "adopted"}),
    ];
    match v {
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[rng.usize(..keys.len())];
            match rng.u8(..4) {
                0 => {
                    map.remove(key);
                }
                1 => {
                    if let Some(inner) = map.get_mut(key) {
                        mutate_value(inner, rng);
                    }
                }
                _ => {
                    map.insert(key.clone(), hostile[rng.usize(..hostile.len())].clone());
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.usize(..items.len());
            mutate_value(&mut items[i], rng);
        }
        other => *other = hostile[rng.usize(..hostile.len())].clone(),
    }
}

/// One mutant of a good export: bytes flipped, a part cut, lines dropped or doubled, a
/// record or the manifest changed (with the checksums fixed, so the checks behind them run).
fn mutant(good: &[u8], rng: &mut fastrand::Rng) -> Vec<u8> {
    match rng.u8(..6) {
        0 => {
            let mut b = good.to_vec();
            for _ in 0..rng.usize(1..8) {
                let i = rng.usize(..b.len());
                b[i] = rng.u8(..);
            }
            b
        }
        1 => good[..rng.usize(..good.len())].to_vec(),
        2 => rezip(good, rng.bool(), |parts| {
            let i = rng.usize(..parts.len());
            let lines: Vec<&[u8]> = parts[i].1.split(|c| *c == b'\n').collect();
            let mut out: Vec<u8> = Vec::new();
            for l in lines.iter().filter(|l| !l.is_empty()) {
                match rng.u8(..5) {
                    0 => {}
                    1 => {
                        out.extend_from_slice(l);
                        out.push(b'\n');
                        out.extend_from_slice(l);
                        out.push(b'\n');
                    }
                    _ => {
                        out.extend_from_slice(l);
                        out.push(b'\n');
                    }
                }
            }
            parts[i].1 = out;
        }),
        3 | 4 => rezip(good, rng.u8(..10) > 0, |parts| {
            let candidates: Vec<usize> = (0..parts.len())
                .filter(|i| parts[*i].0 != "manifest.json" && !parts[*i].1.is_empty())
                .collect();
            let Some(&i) = candidates.get(rng.usize(..candidates.len().max(1))) else {
                return;
            };
            let text = String::from_utf8_lossy(&parts[i].1).into_owned();
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            let n = rng.usize(..lines.len());
            if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&lines[n]) {
                mutate_value(&mut v, rng);
                lines[n] = v.to_string();
            }
            parts[i].1 = format!("{}\n", lines.join("\n")).into_bytes();
        }),
        _ => rezip(good, false, |parts| {
            for (n, b) in parts.iter_mut() {
                if n == "manifest.json" {
                    if let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(b) {
                        mutate_value(&mut v, rng);
                        *b = v.to_string().into_bytes();
                    }
                }
            }
        }),
    }
}

#[test]
fn ten_thousand_mutated_exports_are_refused_with_a_code_or_imported_validly() {
    // A small database keeps each round fast; every kind of record is in it.
    let (store, _dir) = demo_store();
    let out = tempfile::tempdir().expect("out");
    let good = export_bytes(&store, out.path(), "good.zip");
    let mut rng = fastrand::Rng::with_seed(9);
    let mut refused = std::collections::BTreeMap::<String, usize>::new();
    let mut accepted = 0;
    for round in 0..10_000 {
        let bytes = mutant(&good, &mut rng);
        let result = std::panic::catch_unwind(|| {
            archive::read_from(Cursor::new(bytes.clone()), archive::Checks::Forms(today()))
        });
        let Ok(result) = result else {
            std::fs::write(out.path().join("panic.zip"), &bytes).expect("keep");
            panic!("round {round}: reading a mutated export panicked");
        };
        match result {
            Err(e @ AppError::Import { .. }) => *refused.entry(e.code()).or_default() += 1,
            Err(other) => panic!("round {round}: refused without an import code: {other:?}"),
            Ok((_, records)) => {
                accepted += 1;
                // Accepted: it must import into an empty database and keep every invariant.
                // (Without fsync: what is checked here is the records, not the disk.)
                let d = tempfile::tempdir().expect("dir");
                let empty = Store::open_with(d.path(), Durability::FlushOnly).expect("open");
                empty.load(&records).expect("load accepted records");
                empty
                    .sled()
                    .expect("local")
                    .check()
                    .expect("invariants of an accepted import");
            }
        }
    }
    println!("accepted {accepted}, refused {refused:?}");
    for code in [
        "import.checksum",
        "import.broken_record",
        "import.invalid_record",
        "import.not_an_export",
    ] {
        assert!(
            refused.contains_key(code),
            "no mutant reached {code}: {refused:?}"
        );
    }
}

#[test]
fn newer_format_or_schema_is_refused() {
    let (store, _dir) = demo_store();
    let out = tempfile::tempdir().expect("out");
    let good = export_bytes(&store, out.path(), "good.zip");
    for (field, value, code) in [
        ("format_version", 99, "import.format_too_new"),
        ("schema_version", 99, "import.schema_too_new"),
    ] {
        let bytes = rezip(&good, false, |parts| {
            for (n, b) in parts.iter_mut() {
                if n == "manifest.json" {
                    let mut v: serde_json::Value = serde_json::from_slice(b).expect("json");
                    v[field] = value.into();
                    *b = v.to_string().into_bytes();
                }
            }
        });
        let err = archive::read_from(Cursor::new(bytes), archive::Checks::Forms(today()))
            .expect_err("refused");
        assert_eq!(err.code(), code);
    }
}

fn database(dir: &Path) -> Database {
    Database::open(dir, std::time::Duration::from_secs(10))
}

#[test]
fn a_hundred_backup_and_restore_round_trips_give_the_same_export() {
    let root = tempfile::tempdir().expect("root");
    let data = root.path().join("data");
    {
        let store = Store::open(&data).expect("open");
        demo::fill(&store).expect("demo");
    }
    let db = database(&data);
    let reference = export_bytes(&db.store().expect("open"), root.path(), "ref.zip");
    for round in 0..100 {
        let now = at(0, round);
        let b = db.backup_now(now, &Progress::none()).expect("backup");
        assert!(b.verified);
        // Change something, then restore: the change is gone.
        let store = db.store().expect("open");
        projects::create(&store, &input(&format!("Ændring {round}")), "idea").expect("change");
        drop(store);
        let restored = db
            .restore(Path::new(&b.path), false, now + Duration::seconds(30))
            .expect("restore");
        assert!(restored.safety_backup.is_some_and(|s| s.verified));
        let after = export_bytes(&db.store().expect("reopened"), root.path(), "after.zip");
        assert!(
            after == reference,
            "round {round}: the restored export differs"
        );
    }
}

#[test]
fn a_failed_restore_leaves_the_database_as_it_was() {
    let root = tempfile::tempdir().expect("root");
    let data = root.path().join("data");
    let db = database(&data);
    let store = db.store().expect("open");
    demo::fill(&store).expect("demo");
    let before = store.records().expect("records");
    drop(store);
    let bad = root.path().join("bad.zip");
    std::fs::write(&bad, b"PK not really a zip").expect("write");
    let err = db.restore(&bad, false, at(0, 0)).expect_err("refused");
    assert_eq!(err.code(), "import.not_an_export");
    assert_eq!(
        db.store().expect("still open").records().expect("records"),
        before
    );
}

/// The promise of the retention rule over every backup ever taken, checked against the
/// backups left in the folder.
fn check_retention(left: &[DateTime<Utc>], all: &[DateTime<Utc>], now: DateTime<Utc>) {
    let mut sorted: Vec<_> = all.to_vec();
    sorted.sort();
    sorted.reverse();
    let mut expected: BTreeSet<DateTime<Utc>> = sorted.iter().take(3).copied().collect();
    let mut days = BTreeSet::new();
    let mut weeks = BTreeSet::new();
    for t in &sorted {
        if now - *t < Duration::days(14) && days.insert(t.date_naive()) {
            expected.insert(*t);
        }
        let w = chrono::Datelike::iso_week(t);
        if now - *t < Duration::weeks(8) && weeks.insert((w.year(), w.week())) {
            expected.insert(*t);
        }
    }
    assert_eq!(
        left.iter().copied().collect::<BTreeSet<_>>(),
        expected,
        "at {now}: exactly the newest 3, one a day for 14 days, one a week for 8 weeks"
    );
}

#[test]
fn retention_keeps_exactly_what_it_promises_over_ten_weeks() {
    let (store, _dir) = temp_store();
    projects::create(&store, &input("Et projekt"), "idea").expect("project");
    let folder = tempfile::tempdir().expect("backups");
    // Every 4 hours on weekdays, for 10 weeks, with a clock passed in.
    let mut taken = Vec::new();
    for day in 0..70 {
        if day % 7 >= 5 {
            continue;
        }
        for slot in 0..3 {
            let now = at(day, slot * 240);
            backup::take(&store, folder.path(), now, &Progress::none()).expect("backup");
            taken.push(now);
            let left = backup::list(folder.path()).expect("list");
            assert!(left.iter().all(|b| b.verified));
            let times: Vec<_> = left.iter().map(|b| b.created_at).collect();
            check_retention(&times, &taken, now);
        }
    }
    let left = backup::list(folder.path()).expect("list");
    assert!(
        taken.len() > 100 && left.len() < 25,
        "{} taken, {} kept",
        taken.len(),
        left.len()
    );
}

/// The child of the test below: takes backups into `BACKUP_CHILD_DIR` until killed.
#[test]
fn backup_child() {
    let Some(dir) = std::env::var_os("BACKUP_CHILD_DIR") else {
        return; // Only does something when started by the test below.
    };
    let dir = Path::new(&dir);
    let store = Store::open(&dir.join("data")).expect("child open");
    if store.is_empty().expect("empty") {
        demo::fill(&store).expect("demo");
    }
    for n in 0.. {
        projects::create(&store, &input(&format!("Projekt {n}")), "idea").expect("change");
        backup::take(&store, &dir.join("backups"), Utc::now(), &Progress::none()).expect("backup");
        println!("BACKUP {n}");
    }
}

#[test]
fn a_backup_killed_half_way_never_replaces_a_good_one() {
    let dir = tempfile::tempdir().expect("dir");
    let exe = std::env::current_exe().expect("test binary");
    let backups = dir.path().join("backups");
    for round in 0..25 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "archive::backup_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("BACKUP_CHILD_DIR", dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn child");
        let mut out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        // Wait for the first backup of this run (the test harness prints lines first).
        let mut line = String::new();
        while !line.starts_with("BACKUP") {
            line.clear();
            let n = std::io::BufRead::read_line(&mut out, &mut line).expect("child output");
            assert!(
                n > 0,
                "round {round}: the child stopped before its first backup"
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(fastrand::u64(0..150)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        // Every backup in the folder reads back whole; the verified ones are there.
        let list = backup::list(&backups).expect("list");
        assert!(
            list.iter().any(|b| b.verified),
            "round {round}: a verified backup is kept"
        );
        for b in &list {
            archive::read(Path::new(&b.path), today())
                .unwrap_or_else(|e| panic!("round {round}: {} is broken: {e}", b.file_name));
        }
        // Whatever else lies there is a temporary file, never a file named as a backup.
        for entry in std::fs::read_dir(&backups).expect("read").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                list.iter()
                    .any(|b| b.file_name == name || format!("{}.verificeret", b.file_name) == name)
                    || (name.starts_with('.') && name.ends_with(".tmp")),
                "round {round}: unexpected file {name}"
            );
        }
    }
}

#[test]
fn a_backup_from_before_a_rule_was_tightened_restores_but_does_not_import() {
    let root = tempfile::tempdir().expect("root");
    let data = root.path().join("data");
    let db = database(&data);
    let store = db.store().expect("open");
    let p = projects::create(&store, &input("Gammelt projekt"), "idea").expect("create");
    // A record as an older Samskab could have stored it: a date before 2000.
    let mut old = p.next_version(Utc::now());
    old.start_date = NaiveDate::from_ymd_opt(1998, 5, 1);
    store
        .commit(&[samskab::store::Write::record(&old).expect("write")])
        .expect("stored below the rules");
    drop(store);
    let b = db
        .backup_now(at(0, 0), &Progress::none())
        .expect("verified despite the old record");
    let err =
        archive::read(Path::new(&b.path), today()).expect_err("an import holds it to the rules");
    assert_eq!(err.code(), "import.invalid_record");
    let empty_root = tempfile::tempdir().expect("empty");
    let empty = database(&empty_root.path().join("data"));
    let err = empty
        .restore(Path::new(&b.path), true, at(0, 1))
        .expect_err("import refused");
    assert_eq!(err.code(), "import.invalid_record");
    db.restore(Path::new(&b.path), false, at(0, 2))
        .expect("the unit's own backup restores");
    let back = db.store().expect("open").project(p.id).expect("there");
    assert_eq!(back.start_date, NaiveDate::from_ymd_opt(1998, 5, 1));
}

#[test]
fn the_timer_backs_up_only_when_something_changed() {
    let root = tempfile::tempdir().expect("root");
    let db = database(&root.path().join("data"));
    let first = db.backup_if_changed(at(0, 0)).expect("start");
    assert!(first.is_some_and(|b| b.verified), "a backup at start");
    // Each verified backup notes the record counts that a later open compares with.
    assert!(root.path().join("data").join("known.json").exists());
    assert!(
        db.backup_if_changed(at(0, 15)).expect("timer").is_none(),
        "nothing changed"
    );
    projects::create(&db.store().expect("open"), &input("Nyt"), "idea").expect("change");
    let after = db
        .backup_if_changed(at(0, 30))
        .expect("timer")
        .expect("a change was made");
    assert_eq!(
        after
            .counts
            .iter()
            .find(|k| k.kind == "projects")
            .map(|k| k.count),
        Some(1)
    );
    assert!(db.backup_if_changed(at(0, 45)).expect("timer").is_none());
}

/// A file written before issue 13 has no part for claims, payout lists, hours, impact
/// entries or materials: it still reads and imports (holding none of them), while a file
/// without one of the older parts is refused as before.
#[test]
fn a_file_from_before_the_newer_kinds_still_imports() {
    let (store, _dir) = demo_store();
    let out = tempfile::tempdir().expect("out");
    let good = export_bytes(&store, out.path(), "good.zip");
    const NEWER: &[&str] = &[
        "claims",
        "payout_lists",
        "time_entries",
        "impact_entries",
        "materials",
    ];
    let without = |kinds: &'static [&'static str]| {
        rezip(&good, false, move |parts| {
            parts.retain(|(n, _)| !kinds.iter().any(|k| *n == format!("{k}.jsonl")));
            for (n, b) in parts.iter_mut() {
                if n == "manifest.json" {
                    let mut v: serde_json::Value = serde_json::from_slice(b).expect("json");
                    if let Some(list) = v["parts"].as_array_mut() {
                        list.retain(|p| !kinds.iter().any(|k| p["kind"] == *k));
                    }
                    *b = v.to_string().into_bytes();
                }
            }
        })
    };
    let demo = store.records().expect("records");
    assert!(
        !demo.claims.is_empty() && !demo.materials.is_empty(),
        "the demo has them"
    );
    let (_, records) =
        archive::read_from(Cursor::new(without(NEWER)), archive::Checks::Forms(today()))
            .expect("an older file reads");
    assert!(records.claims.is_empty() && records.materials.is_empty());
    assert!(records.time_entries.is_empty() && records.impact_entries.is_empty());
    assert_eq!(records.projects, demo.projects);
    let path = out.path().join("old.zip");
    std::fs::write(&path, without(NEWER)).expect("write");
    let (empty, _edir) = temp_store();
    archive::import(&empty, &path, today()).expect("import");
    assert_eq!(empty.records().expect("imported").inputs, demo.inputs);
    let err = archive::read_from(
        Cursor::new(without(&["inputs"])),
        archive::Checks::Forms(today()),
    )
    .expect_err("an older part is required");
    assert_eq!(err.code(), "import.broken_manifest");
}

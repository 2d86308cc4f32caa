//! Durability: every acknowledged change is on stable storage before it is acknowledged.
//!
//! A child process (this test binary, run with `DURABLE_CHILD_DIR`) creates and updates
//! projects and settings, writing `ACK` to stdout after each call returned. The parent runs
//! it under `strace -f -y`, and checks in the trace that before each `ACK` the same thread
//! completed an `fsync`/`fdatasync` of the database's log file since the `ACK` before. sled's
//! own `sync_file_range` does not count: it reaches neither the drive nor the metadata.

use std::collections::HashMap;
use std::process::Command;

use samskab::service::{projects, settings};
use samskab::store::Store;

use super::support::input;

const SAVES: usize = 12;

#[test]
fn durable_child() {
    let Some(dir) = std::env::var_os("DURABLE_CHILD_DIR") else {
        return; // Only does something when started by the test below.
    };
    let store = Store::open(std::path::Path::new(&dir)).expect("child open");
    println!("OPEN");
    for n in 0..SAVES {
        let p = projects::create(&store, &input(&format!("Projekt {n}")), "idea").expect("save");
        println!("ACK create {n}");
        projects::update(
            &store,
            p.id,
            p.version,
            &input(&format!("Projekt {n}, rettet")),
        )
        .expect("update");
        println!("ACK update {n}");
        let mut s = settings::get(&store).expect("settings");
        s.overdue_days = 10 + n as u32;
        settings::update(&store, &s).expect("settings");
        println!("ACK settings {n}");
    }
    // The largest value a person can save: a GRIPP2 draft of five full items (200 KB of
    // four-byte characters), above sled's blob threshold, so sled writes it as a blob file.
    let p = projects::create(&store, &input("Stort udkast"), "idea").expect("save");
    println!("ACK project for draft");
    let item = "🙂".repeat(samskab::service::gripp2::ITEM_LIMIT);
    let draft = samskab::service::gripp2::Gripp2 {
        aim: item.clone(),
        methods: item.clone(),
        results: item.clone(),
        outcomes: item.clone(),
        reflections: item,
    };
    samskab::service::gripp2::save_draft(&store, p.id, Some(&draft)).expect("draft");
    println!("ACK blob");
}

/// What the trace shows between two acknowledgements.
#[derive(Default)]
struct Thread {
    /// A sync of the log file has started (its result is on a later line).
    pending_log_sync: bool,
    /// A sync of the log file completed since the last ACK.
    synced: bool,
    /// A sync of a blob file completed since the last ACK.
    synced_blob: bool,
}

#[test]
fn every_acknowledged_save_is_fsynced() {
    let strace = Command::new("strace").arg("-V").output();
    assert!(
        strace.is_ok_and(|o| o.status.success()),
        "strace is needed for this test: `bash scripts/setup.sh --test` installs it"
    );
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let trace = dir.path().join("trace.txt");
    let out = dir.path().join("stdout.txt");
    let exe = std::env::current_exe().expect("test binary");
    let status = Command::new("strace")
        .args([
            "-f",
            "-y",
            "-s",
            "64",
            "-e",
            "trace=fsync,fdatasync,write",
            "-o",
        ])
        .arg(&trace)
        .arg(&exe)
        .args([
            "durability::durable_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("DURABLE_CHILD_DIR", &data)
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .status()
        .expect("run strace");
    assert!(status.success(), "the child under strace failed");
    let trace = std::fs::read_to_string(&trace).expect("trace");

    let mut threads: HashMap<String, Thread> = HashMap::new();
    let mut acks = 0;
    let mut opened = false;
    for line in trace.lines() {
        let Some((tid, call)) = line.split_once(' ') else {
            continue;
        };
        let call = call.trim_start();
        let t = threads.entry(tid.to_owned()).or_default();
        let is_sync = call.starts_with("fsync(") || call.starts_with("fdatasync(");
        let of_log = call.contains("/data/db>");
        if is_sync && call.contains("/data/blobs/") && call.ends_with("= 0") {
            t.synced_blob = true;
        }
        if is_sync && of_log {
            if call.ends_with("= 0") {
                t.synced = true;
            } else if call.contains("<unfinished") {
                t.pending_log_sync = true;
            }
        } else if t.pending_log_sync
            && (call.starts_with("<... fsync resumed>")
                || call.starts_with("<... fdatasync resumed>"))
        {
            t.pending_log_sync = false;
            t.synced = call.ends_with("= 0");
        } else if call.starts_with("write(1") && call.contains("\"OPEN\\n\"") {
            opened = true;
            t.synced = false;
        } else if call.starts_with("write(1") && call.contains("\"ACK ") {
            assert!(opened, "ACK before the store was open");
            if call.contains("ACK blob") {
                assert!(
                    t.synced_blob,
                    "the blob was acknowledged before it was synced"
                );
            }
            t.synced_blob = false;
            assert!(
                t.synced,
                "acknowledged without an fsync/fdatasync of the log file before it: {call}"
            );
            t.synced = false;
            acks += 1;
        }
    }
    assert_eq!(
        acks,
        SAVES * 3 + 2,
        "every save was acknowledged in the trace"
    );
    let blobs = std::fs::read_dir(data.join("blobs")).map_or(0, |d| d.count());
    assert!(blobs > 0, "the large draft was written as a blob file");
}

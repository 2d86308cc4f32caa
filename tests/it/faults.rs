//! The fault battery: damaged database folders, a full disk, a read-only folder.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use samskab::domain::error::AppError;
use samskab::service::{demo, projects};
use samskab::store::Store;

use super::support::input;

/// Copies the files of a sled folder (one level of subfolders: `blobs/`).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// sled's files in `dir` (the log, snapshots, config, blobs).
fn sled_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(sled_files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Damages one of sled's files: bytes flipped, a range zeroed, or the file cut short.
fn damage(dir: &Path, rng: &mut fastrand::Rng) -> String {
    let files = sled_files(dir);
    // The log is where the data is; damage it most often.
    let file = if rng.u8(..4) > 0 {
        dir.join("db")
    } else {
        files[rng.usize(..files.len())].clone()
    };
    let mut bytes = std::fs::read(&file).expect("read file");
    if bytes.is_empty() {
        return format!("{} empty, left", file.display());
    }
    let what = match rng.u8(..3) {
        0 => {
            let n = rng.usize(1..32);
            for _ in 0..n {
                let i = rng.usize(..bytes.len());
                bytes[i] ^= rng.u8(1..);
            }
            format!("{n} bytes flipped")
        }
        1 => {
            let start = rng.usize(..bytes.len());
            let end = (start + rng.usize(1..4096)).min(bytes.len());
            bytes[start..end].fill(0);
            format!("bytes {start}..{end} zeroed")
        }
        _ => {
            let len = rng.usize(..bytes.len());
            bytes.truncate(len);
            format!("cut to {len} bytes")
        }
    };
    std::fs::write(&file, &bytes).expect("write damage");
    format!(
        "{}: {what}",
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    )
}

#[test]
fn two_hundred_damaged_databases_open_checked_or_report_the_damage() {
    let root = tempfile::tempdir().expect("root");
    let original = root.path().join("original");
    {
        let store = Store::open(&original).expect("open");
        demo::fill(&store).expect("demo");
        for n in 0..40 {
            let p = projects::create(&store, &input(&format!("Projekt {n}")), "idea").expect("p");
            projects::update(
                &store,
                p.id,
                p.version,
                &input(&format!("Projekt {n} rettet")),
            )
            .expect("update");
        }
    }
    let mut rng = fastrand::Rng::with_seed(2026);
    let (mut opened, mut reported) = (0, 0);
    for round in 0..200 {
        let copy = root.path().join(format!("copy-{round}"));
        copy_dir(&original, &copy);
        let what = damage(&copy, &mut rng);
        let started = Instant::now();
        let result =
            std::panic::catch_unwind(|| Store::open_guarded(&copy, Duration::from_secs(4)));
        let took = started.elapsed();
        let Ok(result) = result else {
            panic!("round {round} ({what}): opening panicked");
        };
        assert!(
            took < Duration::from_secs(5),
            "round {round} ({what}): took {took:?}"
        );
        match result {
            // open_guarded checks every invariant before it gives the store out.
            Ok(store) => {
                opened += 1;
                store
                    .sled()
                    .expect("local")
                    .check()
                    .expect("checked store stays checked");
            }
            Err(e) => {
                assert_eq!(e.code(), "store.damaged", "round {round} ({what}): {e}");
                reported += 1;
            }
        }
        let _ = std::fs::remove_dir_all(&copy);
    }
    println!(
        "damaged databases: {opened} opened with every invariant checked, {reported} reported"
    );
    assert_eq!(opened + reported, 200);
    assert!(reported > 0, "some damage must be found");
}

/// Runs a command as root, for mounts. `None` when this is not root (the tests that need
/// mounts then say so and stop, except in CI, which runs as root and must run them).
fn root_only(test: &str) -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test} needs root (mounts); CI runs as root"
        );
        eprintln!("{test}: skipped, needs root for mount");
    }
    root
}

fn run(cmd: &str, args: &[&str]) {
    let status = Command::new(cmd).args(args).status().expect("run");
    assert!(status.success(), "{cmd} {args:?} failed");
}

/// A small tmpfs, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Mount {
        std::fs::create_dir_all(at).expect("mount point");
        run(
            "mount",
            &[
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                &at.to_string_lossy(),
            ],
        );
        Mount(at.to_owned())
    }

    /// Remounts with `how`. A store dropped a moment ago may still have its files open
    /// (sled's flusher thread ends shortly after), and the kernel refuses to make a file
    /// system read-only while a file is open for writing: so try for a few seconds.
    fn remount(&self, how: &str) {
        let target = self.0.to_string_lossy().into_owned();
        for _ in 0..60 {
            let ok = Command::new("mount")
                .args(["-o", &format!("remount,{how}"), &target])
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        run("mount", &["-o", &format!("remount,{how}"), &target]);
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_gives_its_own_error_and_loses_nothing_acknowledged() {
    if !root_only("disk full") {
        return;
    }
    let root = tempfile::tempdir().expect("root");
    let mount = Mount::tmpfs(&root.path().join("mnt"), "6m");
    let data = mount.0.join("data");
    let filler = mount.0.join("filler");
    std::fs::write(&filler, vec![1u8; 1 << 20]).expect("filler");
    let store = Store::open(&data).expect("open");
    let mut acknowledged = Vec::new();
    let long = "Et langt resumé om brugerinddragelse. ".repeat(120);
    let err = loop {
        let mut p = input(&format!("Projekt {}", acknowledged.len()));
        p.summary = long.clone();
        match projects::create(&store, &p, "idea") {
            Ok(p) => acknowledged.push(p.id),
            Err(e) => break e,
        }
        assert!(acknowledged.len() < 100_000, "the disk never filled");
    };
    assert_eq!(err.code(), "store.disk_full", "{err}");
    assert!(acknowledged.len() > 10);
    // Nothing half-written: the refused project is not in the list.
    assert_eq!(store.project_count().expect("count"), acknowledged.len());
    // The app keeps running: further saves fail with the code, reads still answer.
    let again = projects::create(&store, &input("Igen"), "idea").expect_err("still full");
    assert!(matches!(again, AppError::DiskFull(_)), "{again}");
    store.project(acknowledged[0]).expect("reads still answer");
    // Space is freed: the same running store saves again.
    std::fs::remove_file(&filler).expect("free space");
    let last = projects::create(&store, &input("Efter oprydning"), "idea").expect("saves again");
    acknowledged.push(last.id);
    drop(store);
    // And after a restart every acknowledged save is there.
    let store = Store::open_guarded(&data, Duration::from_secs(10)).expect("reopen");
    for id in &acknowledged {
        store.project(*id).expect("acknowledged project is there");
    }
    drop(store);
    drop(mount);
}

#[test]
fn a_read_only_folder_gives_its_own_error() {
    if !root_only("read-only") {
        return;
    }
    let root = tempfile::tempdir().expect("root");
    let mount = Mount::tmpfs(&root.path().join("mnt"), "20m");
    let data = mount.0.join("data");
    let id = {
        let store = Store::open(&data).expect("open");
        projects::create(&store, &input("Før skrivebeskyttelse"), "idea")
            .expect("save")
            .id
    };
    mount.remount("ro");
    // Opening a database in a read-only folder.
    let Err(err) = Store::open_guarded(&data, Duration::from_secs(10)) else {
        panic!("a read-only folder opened");
    };
    assert_eq!(err.code(), "store.read_only", "{err}");
    // Saving a file (an export, a backup) into a read-only folder.
    let (store, _dir) = super::support::temp_store();
    let err = samskab::service::files::write_file(&mount.0.join("eksport.csv"), b"x")
        .expect_err("read-only file");
    assert_eq!(err.code(), "store.read_only", "{err}");
    let err = samskab::service::backup::take(
        &store,
        &mount.0.join("sikkerhedskopier"),
        chrono::Utc::now(),
        &samskab::service::progress::Progress::none(),
    )
    .expect_err("read-only backup folder");
    assert_eq!(err.code(), "store.read_only", "{err}");
    mount.remount("rw");
    let store = Store::open(&data).expect("writable again");
    store.project(id).expect("still there");
}

#[test]
fn a_log_cut_to_nothing_is_damage_not_an_empty_database() {
    // sled opens a cut or overwritten log as an empty database without an error; the
    // counts known at the last verified backup tell that records are gone.
    for (round, how) in ["cut", "overwritten"].into_iter().enumerate() {
        let root = tempfile::tempdir().expect("root");
        let data = root.path().join("data");
        let db = samskab::service::database::Database::open(&data, Duration::from_secs(10));
        demo::fill(&db.store().expect("open")).expect("demo");
        let backup = db
            .backup_now(
                chrono::Utc::now(),
                &samskab::service::progress::Progress::none(),
            )
            .expect("backup");
        let before = db.store().expect("open").records().expect("records");
        drop(db);
        let log = data.join("db");
        match how {
            "cut" => std::fs::write(&log, [0u8; 10]).expect("cut"),
            _ => {
                let len = std::fs::metadata(&log).expect("len").len() as usize;
                let mut rng = fastrand::Rng::with_seed(round as u64);
                let noise: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
                std::fs::write(&log, noise).expect("overwrite");
            }
        }
        let Err(err) = Store::open_guarded(&data, Duration::from_secs(4)) else {
            panic!("{how}: a database that lost its records opened");
        };
        assert_eq!(err.code(), "store.damaged", "{how}: {err}");
        // The app then offers the newest verified backup, and restoring it brings all back.
        let db = samskab::service::database::Database::open(&data, Duration::from_secs(4));
        assert_eq!(db.error().map(|e| e.code), Some("store.damaged".to_owned()));
        let restored = db
            .restore(Path::new(&backup.path), false, chrono::Utc::now())
            .expect("restore");
        let aside = restored.moved_aside.expect("the damaged folder is kept");
        assert!(
            Path::new(&aside).join("db").exists(),
            "moved aside, not deleted"
        );
        assert_eq!(
            db.store().expect("open again").records().expect("records"),
            before
        );
    }
}

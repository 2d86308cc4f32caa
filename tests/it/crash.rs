//! Crash safety: a child process saves projects and reports each acknowledged save; the
//! test kills it with SIGKILL at a random moment, reopens the database, and must find every
//! acknowledged project. The child is this test binary itself, run with `CRASH_CHILD_DIR`.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use samskab::service::projects;
use samskab::store::Store;

use super::support::input;

const ROUNDS: usize = 200;

/// The child: saves projects until killed, printing `ACK <id>` after each save returned.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os("CRASH_CHILD_DIR") else {
        return; // Only does something when started by `acknowledged_saves_survive_sigkill`.
    };
    let store = Store::open(std::path::Path::new(&dir)).expect("child open");
    for n in 0.. {
        let p = projects::create(&store, &input(&format!("Projekt {n}")), "idea").expect("save");
        let p = projects::update(
            &store,
            p.id,
            p.version,
            &input(&format!("Projekt {n} rettet")),
        )
        .expect("update");
        println!("ACK {} {}", p.id, p.version);
    }
}

#[test]
fn acknowledged_saves_survive_sigkill() {
    let dir = tempfile::tempdir().expect("dir");
    let exe = std::env::current_exe().expect("test binary");
    let mut acknowledged: Vec<(String, u64)> = Vec::new();
    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args([
                "crash::crash_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("CRASH_CHILD_DIR", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("ACK ") {
                    let _ = tx.send(rest.to_owned());
                }
            }
        });
        // Wait for the first acknowledgement, then a random while, then kill.
        let first = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("child saves");
        std::thread::sleep(Duration::from_millis(fastrand::u64(0..60)));
        child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
        child.wait().expect("reap");
        reader.join().expect("reader");
        let mut lines = vec![first];
        lines.extend(rx.try_iter());
        for line in lines {
            let (id, version) = line.split_once(' ').expect("id and version");
            acknowledged.push((id.to_owned(), version.parse().expect("version")));
        }
        let store =
            Store::open(dir.path()).unwrap_or_else(|e| panic!("reopen after round {round}: {e}"));
        for (id, version) in &acknowledged {
            let id = id.parse().expect("uuid");
            let p = store
                .project(id)
                .unwrap_or_else(|e| panic!("acknowledged project {id} lost in round {round}: {e}"));
            assert!(p.version >= *version, "acknowledged update of {id} lost");
        }
    }
    let distinct: HashSet<_> = acknowledged.iter().map(|(id, _)| id).collect();
    assert!(
        distinct.len() >= ROUNDS,
        "every round acknowledged at least one save"
    );
}

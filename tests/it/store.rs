//! The store: persistence across restarts, schema versions, and the lock.

use samskab::domain::query::{ArchiveFilter, ProjectQuery};
use samskab::service::projects;
use samskab::store::{open_db, Store, SCHEMA_VERSION};

use super::support::input;

#[test]
fn data_is_still_there_after_closing_and_reopening() {
    let dir = tempfile::tempdir().expect("dir");
    let (id, version) = {
        let store = Store::open(dir.path()).expect("open");
        let p = projects::create(&store, &input("Bliver gemt"), "idea").expect("create");
        let d = projects::change_phase(&store, p.id, p.version, "involvement").expect("phase");
        let p = projects::set_archived(&store, p.id, d.project.version, true).expect("archive");
        (p.id, p.version)
    };
    let store = Store::open(dir.path()).expect("reopen");
    let d = projects::detail(&store, id).expect("detail");
    assert_eq!(d.project.title, "Bliver gemt");
    assert_eq!(d.project.version, version);
    assert!(d.project.archived);
    assert_eq!(d.timeline.len(), 2);
    let listed = projects::list(
        &store,
        &ProjectQuery {
            archive: ArchiveFilter::All,
            ..Default::default()
        },
    )
    .expect("list");
    assert_eq!(listed.len(), 1, "the list index is rebuilt on open");
}

#[test]
fn a_new_database_gets_the_current_schema_version() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path()).expect("open");
    assert_eq!(
        store
            .sled()
            .expect("local")
            .schema_version()
            .expect("version"),
        Some(SCHEMA_VERSION)
    );
}

#[test]
fn a_database_without_version_is_migrated_on_open() {
    let dir = tempfile::tempdir().expect("dir");
    let id = {
        let store = Store::open(dir.path()).expect("open");
        projects::create(&store, &input("Fra før versioner"), "idea")
            .expect("create")
            .id
    };
    {
        // Make it look like a database written before schema versions were recorded.
        let db = open_db(dir.path()).expect("raw open");
        db.open_tree("meta")
            .expect("meta")
            .remove("schema_version")
            .expect("remove");
        db.flush().expect("flush");
    }
    let store = Store::open(dir.path()).expect("migrate");
    assert_eq!(
        store
            .sled()
            .expect("local")
            .schema_version()
            .expect("version"),
        Some(SCHEMA_VERSION)
    );
    assert_eq!(
        projects::detail(&store, id).expect("kept").project.title,
        "Fra før versioner"
    );
}

#[test]
fn a_database_from_a_newer_program_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    {
        let db = open_db(dir.path()).expect("raw open");
        db.open_tree("meta")
            .expect("meta")
            .insert("schema_version", &(SCHEMA_VERSION + 1).to_be_bytes())
            .expect("insert");
        db.flush().expect("flush");
    }
    let err = Store::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "store.schema_too_new");
}

#[test]
fn a_database_held_by_another_opener_is_reported_as_locked() {
    let dir = tempfile::tempdir().expect("dir");
    let _first = Store::open(dir.path()).expect("open");
    let err = Store::open(dir.path()).err().expect("locked");
    assert_eq!(err.code(), "store.locked");
}

#[test]
fn a_file_write_that_fails_half_way_leaves_the_old_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("rapport.html");
    samskab::service::files::write_file(&path, b"den gamle rapport").expect("first");
    let err = samskab::service::files::write_atomically(&path, |f| {
        std::io::Write::write_all(f, b"halvdelen af en ny").expect("half");
        Err(samskab::domain::error::AppError::Cancelled)
    })
    .expect_err("stopped half-way");
    assert_eq!(err.code(), "cancelled");
    assert_eq!(std::fs::read(&path).expect("read"), b"den gamle rapport");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
}

#[test]
fn index_trees_that_disagree_with_the_records_are_rebuilt_on_open() {
    let dir = tempfile::tempdir().expect("dir");
    {
        let store = Store::open(dir.path()).expect("open");
        samskab::service::demo::fill(&store).expect("demo");
    }
    {
        // Damage below the store: drop the rows of one index tree, add a stray one.
        let db = open_db(dir.path()).expect("raw open");
        let tree = db.open_tree("idx_requested_consultations").expect("tree");
        assert!(!tree.is_empty(), "the demo has requested consultations");
        tree.clear().expect("clear");
        db.open_tree("idx_to_report_back")
            .expect("tree")
            .insert([7u8; 16], &[])
            .expect("stray");
        db.flush().expect("flush");
    }
    let damaged = Store::open(dir.path()).expect("plain open");
    assert_eq!(
        damaged
            .sled()
            .expect("local")
            .check()
            .expect_err("found")
            .code(),
        "store.damaged"
    );
    assert!(damaged
        .sled()
        .expect("local")
        .check_and_repair()
        .expect("repaired"));
    damaged
        .sled()
        .expect("local")
        .check()
        .expect("consistent after the rebuild");
    drop(damaged);
    let store = Store::open_guarded(dir.path(), std::time::Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("opens: {e}"));
    assert!(!store
        .sled()
        .expect("local")
        .check_and_repair()
        .expect("nothing to do"));
}

//! Issue 11: the audit log on both stores — entries chained, the screen's filters, the
//! check that finds a change or removal made below Samskab, retention from the start, the
//! sign-ins (and wrong passphrases) logged, the log kept over a restore, and on PostgreSQL
//! a table that ordinary logins may only append to.

use std::path::Path;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use rstest::rstest;
use samskab::domain::audit::{AuditAction, AuditEvent, BreakKind};
use samskab::domain::auth::FirstProfileInput;
use samskab::service::audit::{self, AuditFilter};
use samskab::service::database::Database;
use samskab::service::vault::FirstStart;
use samskab::store::crypto::KdfParams;
use samskab::store::Store;

use crate::support::{temp_store_on, Backend};

fn event(i: u32, who: &str, action: AuditAction) -> AuditEvent {
    AuditEvent {
        at: Utc
            .with_ymd_and_hms(2026, 1, 1, 8, 0, 0)
            .single()
            .expect("time")
            + chrono::Duration::days(i64::from(i)),
        who: who.into(),
        action,
        kind: "input".into(),
        record: None,
        detail: format!("{{\"query\":\"ord {i}\"}}"),
    }
}

/// Appends `n` entries, one a day from 1 January 2026, alternating who and what.
fn fill(store: &Store, n: u32) {
    for i in 0..n {
        let (who, action) = if i % 2 == 0 {
            ("Louise Bach", AuditAction::Search)
        } else {
            ("Ali Peer", AuditAction::Read)
        };
        store.audit_append(event(i, who, action)).expect("append");
    }
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn entries_are_chained_filtered_and_checked(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    fill(&store, 40);
    let all = store.audit_entries().expect("entries");
    assert_eq!(all.len(), 40);
    assert_eq!(all[39].0, 40);
    let check = audit::check(&store).expect("check");
    assert_eq!(
        (check.entries, check.first, check.broken),
        (40, Some(1), None)
    );

    let page = audit::page(&store, &AuditFilter::default()).expect("page");
    assert_eq!(page.total, 40);
    assert_eq!(page.entries[0].seq, 40, "newest first");
    if backend == Backend::Postgres {
        // The server stamps who and when: the login, now.
        assert_eq!(page.people.len(), 1);
        assert!(page.entries.iter().all(|e| e.event.who == page.people[0]));
        assert!(page.entries[0].event.at > Utc::now() - chrono::Duration::minutes(5));
    } else {
        assert_eq!(page.people, ["Ali Peer", "Louise Bach"]);
        let searches = audit::page(
            &store,
            &AuditFilter {
                who: Some("Louise Bach".into()),
                action: Some(AuditAction::Search),
                from: chrono::NaiveDate::from_ymd_opt(2026, 1, 11),
                to: chrono::NaiveDate::from_ymd_opt(2026, 1, 20),
                ..Default::default()
            },
        )
        .expect("filtered");
        // Days 11–20 are entries 10–19; Louise's are the even ones.
        assert_eq!(
            searches.entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [19, 17, 15, 13, 11]
        );
        assert!(searches.entries[0].event.detail.contains("ord 18"));
    }
    let reads = audit::page(
        &store,
        &AuditFilter {
            action: Some(AuditAction::Read),
            ..Default::default()
        },
    )
    .expect("reads");
    assert_eq!(reads.total, 20);
    assert!(reads
        .entries
        .iter()
        .all(|e| e.event.action == AuditAction::Read));

    let csv = String::from_utf8(audit::csv(&store, &AuditFilter::default()).expect("csv"))
        .expect("utf-8");
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 41, "a heading and 40 entries");
    assert!(csv.lines().nth(1).is_some_and(|l| l.starts_with("1;")));
}

/// Below Samskab, in the files of an unencrypted embedded database: a changed entry, a
/// removed one (in the middle, at the start, at the end) and two swapped are each found
/// (a swap at the first entry that is out of place).
#[test]
fn the_check_finds_what_was_changed_below_samskab() {
    type Tamper = fn(&sled::Tree);
    let cases: [(&str, Tamper, u64, BreakKind); 5] = [
        (
            "changed",
            |t| {
                let v = t.get(7u64.to_be_bytes()).expect("get").expect("7");
                let text = String::from_utf8(v.to_vec()).expect("json");
                t.insert(
                    7u64.to_be_bytes(),
                    text.replace("ord 6", "ord 66").as_bytes(),
                )
                .expect("put");
            },
            7,
            BreakKind::Changed,
        ),
        (
            "removed in the middle",
            |t| {
                t.remove(12u64.to_be_bytes()).expect("remove");
            },
            13,
            BreakKind::Missing,
        ),
        (
            "removed at the start",
            |t| {
                t.remove(1u64.to_be_bytes()).expect("remove");
            },
            1,
            BreakKind::Missing,
        ),
        (
            "removed at the end",
            |t| {
                t.remove(20u64.to_be_bytes()).expect("remove");
            },
            20,
            BreakKind::Missing,
        ),
        (
            "swapped",
            |t| {
                let a = t.get(4u64.to_be_bytes()).expect("get").expect("4");
                let b = t.get(5u64.to_be_bytes()).expect("get").expect("5");
                t.insert(4u64.to_be_bytes(), b).expect("put");
                t.insert(5u64.to_be_bytes(), a).expect("put");
            },
            5,
            BreakKind::Missing,
        ),
    ];
    for (what, tamper, seq, why) in cases {
        let dir = tempfile::tempdir().expect("dir");
        {
            let store = Store::open(dir.path()).expect("open");
            fill(&store, 20);
            assert_eq!(audit::check(&store).expect("check").broken, None, "{what}");
        }
        {
            let db = samskab::store::open_db(dir.path()).expect("raw");
            tamper(&db.open_tree("audit_log").expect("tree"));
            db.flush().expect("flush");
        }
        let store = Store::open(dir.path()).expect("reopen");
        let broken = audit::check(&store).expect("check").broken.expect(what);
        assert_eq!((broken.seq, broken.why), (seq, why), "{what}");
    }
}

/// The retention rule removes entries older than the months set, from the start; the
/// check still holds, and knows where the log now starts.
#[test]
fn retention_removes_from_the_start_and_the_check_still_holds() {
    let (store, _guard) = temp_store_on(Backend::Sled);
    fill(&store, 400);
    let settings = samskab::domain::settings::Settings {
        audit_months: 6,
        ..store.settings().expect("settings")
    };
    store.save_settings(&settings).expect("save");
    let now = Utc
        .with_ymd_and_hms(2027, 1, 1, 12, 0, 0)
        .single()
        .expect("now");
    // Entries from before 1 July 2026 at noon go: days 0–181 of 2026 (each at 08:00).
    let removed = audit::apply_retention(&store, now).expect("retention");
    assert_eq!(removed, 182);
    let check = audit::check(&store).expect("check");
    assert_eq!(
        (check.entries, check.first, check.broken),
        (218, Some(183), None)
    );
    // Appending goes on from the last entry.
    store
        .audit_append(event(500, "Louise Bach", AuditAction::Read))
        .expect("append");
    assert_eq!(audit::check(&store).expect("check").broken, None);
}

const CHEAP: KdfParams = KdfParams {
    memory_kib: 64,
    passes: 1,
    lanes: 1,
};

/// Sign-ins and wrong passphrases are in the log of the encrypted database (the wrong
/// ones written at the next sign-in, since the data was locked when they were typed); the
/// log survives a restore of a backup.
#[test]
fn sign_ins_wrong_passphrases_and_a_restore_are_logged() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let limit = Duration::from_secs(30);
    let db = Database::start(&data, limit, FirstStart::Ask);
    db.set_kdf(CHEAP);
    let louise = db
        .set_up(&FirstProfileInput {
            name: "Louise Bach".into(),
            passphrase: "rød grød med fløde".into(),
            passphrase_repeat: "rød grød med fløde".into(),
        })
        .expect("first")
        .person;
    drop(db);
    let db = Database::start(&data, limit, FirstStart::Ask);
    let now = Utc::now();
    db.unlock(louise.id, "forkert frase!", now)
        .expect_err("wrong");
    db.unlock(louise.id, "rød grød med fløde", now)
        .expect("right");
    let store = db.store().expect("open");
    let actions: Vec<AuditAction> = store
        .audit_entries()
        .expect("log")
        .into_iter()
        .filter_map(|(_, e)| e.ok())
        .map(|e| e.event.action)
        .collect();
    assert_eq!(
        actions,
        [
            AuditAction::SignIn,
            AuditAction::FailedSignIn,
            AuditAction::SignIn
        ]
    );
    drop(store);
    let backup = db
        .backup_now(Utc::now(), &samskab::service::progress::Progress::none())
        .expect("backup");
    db.restore(Path::new(&backup.path), false, Utc::now())
        .expect("restore");
    let store = db.store().expect("open");
    let check = audit::check(&store).expect("check");
    assert_eq!(
        (check.entries, check.broken),
        (3, None),
        "the log came along"
    );
}

/// An entry that cannot be read when a restore takes the log over is not silently lost:
/// its place stays a gap the check reports, and the restore says how many there were.
#[test]
fn a_restore_says_how_many_entries_it_could_not_read() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    {
        let store = Store::open(&data).expect("open");
        fill(&store, 5);
    }
    {
        let db = samskab::store::open_db(&data).expect("raw");
        db.open_tree("audit_log")
            .expect("tree")
            .insert(3u64.to_be_bytes(), b"not an entry".as_slice())
            .expect("put");
        db.flush().expect("flush");
    }
    let db = Database::start(&data, Duration::from_secs(30), FirstStart::Plain);
    let backup = db
        .backup_now(Utc::now(), &samskab::service::progress::Progress::none())
        .expect("backup");
    db.restore(Path::new(&backup.path), false, Utc::now())
        .expect("restore");
    let store = db.store().expect("open");
    let log: Vec<_> = store
        .audit_entries()
        .expect("log")
        .into_iter()
        .map(|(seq, e)| (seq, e.expect("readable").event))
        .collect();
    assert_eq!(
        log.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(),
        [1, 2, 4, 5, 6],
        "the restore's note follows the four read"
    );
    let note = &log[4].1;
    assert_eq!(
        (note.action, note.kind.as_str(), note.detail.as_str()),
        (
            AuditAction::Restore,
            "audit_log",
            r#"{"unreadable_entries":1}"#
        )
    );
    let broken = audit::check(&store).expect("check").broken.expect("a gap");
    assert_eq!((broken.seq, broken.why), (4, BreakKind::Missing));
}

/// On PostgreSQL an ordinary login may append to the log, and neither change nor remove
/// an entry, nor read the log; the administrator's login reads it.
#[test]
fn on_postgresql_the_log_is_append_only_for_logins() {
    use samskab::domain::roles::Role;
    let db = crate::support::pg::TestDb::create();
    let consultant = Store::connect(db.options_as(&crate::support::pg::login_of(Role::Consultant)))
        .expect("consultant");
    fill(&consultant, 3);
    let mut sql = db
        .options_as(&crate::support::pg::login_of(Role::Consultant))
        .client()
        .expect("connect");
    for statement in [
        "INSERT INTO audit_log (seq, at, who, action, kind, record, detail, prev, hash) \
         VALUES (4, now(), 'en anden', 'read', 'project', NULL, '', '', '')",
        "UPDATE audit_log SET detail = 'x' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 3",
        "SELECT count(*) FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let err = sql.batch_execute(statement).expect_err(statement);
        assert_eq!(
            err.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{statement}"
        );
    }
    let admin = Store::connect(db.options_as(&crate::support::pg::login_of(Role::Administrator)))
        .expect("admin");
    let check = audit::check(&admin).expect("check");
    assert_eq!((check.entries, check.broken), (3, None));
    let page = audit::page(&admin, &AuditFilter::default()).expect("page");
    assert_eq!(
        page.people,
        [crate::support::pg::login_of(Role::Consultant)],
        "written in the consultant's name, whatever the program said"
    );

    // The retention rule (migration V8): only an administrator's login removes entries,
    // only from the start, never the last one; the check then holds from the first kept,
    // and the next entry chains on.
    let err = sql
        .batch_execute("SELECT audit_remove_before(now() + interval '1 day')")
        .expect_err("a consultant may not");
    assert_eq!(
        err.code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE)
    );
    assert_eq!(
        admin
            .audit_remove_before(Utc::now() + chrono::Duration::days(1))
            .expect("removed"),
        2
    );
    let check = audit::check(&admin).expect("check");
    assert_eq!((check.entries, check.broken), (1, None));
    fill(&consultant, 1);
    let check = audit::check(&admin).expect("check");
    assert_eq!((check.entries, check.broken), (2, None));
    assert_eq!(
        audit::apply_retention(&admin, Utc::now()).expect("24 months"),
        0,
        "nothing is older than the retention"
    );
}

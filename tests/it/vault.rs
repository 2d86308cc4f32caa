//! Issue 11: the encrypted embedded database — what is on the disk, tampering, sign-in
//! with a passphrase or the recovery key, the wait after wrong passphrases, the lock, and
//! passphrases changed, reset and removed with their profile.

use std::path::Path;
use std::time::Duration;

use samskab::domain::auth::{FirstProfileInput, PassphraseChange, RecoveryInput};
use samskab::domain::consultation::ConsultationInput;
use samskab::domain::feedback::FeedbackInput;
use samskab::domain::input::{ActivityInput, InputInput};
use samskab::domain::meeting::MeetingInput;
use samskab::domain::member::MemberInput;
use samskab::domain::project::Project;
use samskab::domain::roles::PersonInput;
use samskab::domain::settings::Settings;
use samskab::service::board::{consultations, feedback, meetings, members};
use samskab::service::database::Database;
use samskab::service::vault::FirstStart;
use samskab::service::{inputs, people, projects};
use samskab::store::crypto::{DataKey, KdfParams};
use samskab::store::{SledStore, Store};

use crate::support::input;

/// Argon2id at its smallest, so the tests do not spend seconds per passphrase (the app
/// uses `KdfParams::DEFAULT`; its cost is measured in benches/data_safety.rs).
const CHEAP: KdfParams = KdfParams {
    memory_kib: 64,
    passes: 1,
    lanes: 1,
};
const LIMIT: Duration = Duration::from_secs(30);
const PASSPHRASE: &str = "rød grød med fløde";

fn first(name: &str) -> FirstProfileInput {
    FirstProfileInput {
        name: name.into(),
        passphrase: PASSPHRASE.into(),
        passphrase_repeat: PASSPHRASE.into(),
    }
}

/// A new encrypted database in `dir` with its first profile signed in; the recovery key.
fn set_up(dir: &Path) -> (Database, String) {
    let db = Database::start(dir, LIMIT, FirstStart::Ask);
    assert_eq!(db.error().expect("new").code, "auth.setup_needed");
    db.set_kdf(CHEAP);
    let made = db.set_up(&first("Louise Bach")).expect("first profile");
    assert!(made
        .person
        .roles
        .iter()
        .any(|r| r.as_str() == "administrator"));
    (db, made.recovery_key)
}

/// Twenty strings no file may hold in the clear, typed through the service layer into
/// every kind of record: titles, summaries, input text, themes, contributor references,
/// member names, e-mails, phone numbers and notes, questions, feedback, minutes, drafts,
/// activity descriptions, the GRIPP2 draft and the name in Indstillinger.
const CANARIES: [&str; 20] = [
    "Kanariefugl-titel-Qx17",
    "kanariefugl-resume-Wd42",
    "kanariefugl-input-Zp93",
    "kanarietema-Lm55",
    "Kanariebidrager-Hv28",
    "Kanariemedlem-Rt61",
    "kanarie.mail-Yb07@example.dk",
    "+45 7193 2846",
    "kanarienote-Fs39",
    "kanariespørgsmål-Gk84",
    "kanariefeedback-Nc26",
    "kanariereferat-Pj71",
    "kanariekladde-Tw13",
    "kanarieaktivitet-Ue58",
    "kanariemateriale-Ia90",
    "Kanariepræsentator-Ox35",
    "kanarieenhed-Kd47",
    "Kanariekontakt-Vy62",
    "kanarienavn-Bq19",
    "kanariesvar-Ej04",
];

/// Types every canary into the database through the services.
fn type_canaries(store: &Store) {
    let c = CANARIES;
    let mut p = input(c[0]);
    p.summary = c[1].into();
    p.requester_unit = c[16].into();
    p.requester_contact = c[17].into();
    let project = projects::create(store, &p, "idea").expect("project");
    let activity = inputs::add_activity(
        store,
        project.id,
        &ActivityInput {
            kind: "workshop".into(),
            date: "2026-11-02".into(),
            patients: 3,
            description: c[13].into(),
            ..Default::default()
        },
    )
    .expect("activity");
    let captured = inputs::capture(
        store,
        &InputInput {
            project_id: project.id,
            activity_id: Some(activity.id),
            group: "patients".into(),
            channel: "workshop".into(),
            date: "2026-11-02".into(),
            text: c[2].into(),
            themes: vec![c[3].into()],
            may_quote: true,
            contributor: c[4].into(),
        },
    )
    .expect("input");
    inputs::answer(
        store,
        captured.id,
        captured.version,
        &samskab::domain::feedback_loop::AnswerInput {
            status: "adopted".into(),
            text: c[19].into(),
            reason: String::new(),
            by: "Louise Bach".into(),
            date: Some("2026-11-03".into()),
        },
    )
    .expect("answer");
    members::add(
        store,
        &MemberInput {
            name: c[5].into(),
            lived_experience: "patient".into(),
            email: c[6].into(),
            phone: c[7].into(),
            honoraria: "accepted".into(),
            notes: c[8].into(),
            ..Default::default()
        },
    )
    .expect("member");
    let consultation = consultations::request(
        store,
        project.id,
        &ConsultationInput {
            questions: c[9].into(),
            material: c[14].into(),
            links: Vec::new(),
            presenter: c[15].into(),
        },
    )
    .expect("consultation");
    let meeting = meetings::plan(
        store,
        &MeetingInput {
            date: "2026-12-10".into(),
            time: "16:00".into(),
            place: "Mødelokale 2".into(),
            online: false,
        },
    )
    .expect("meeting");
    let meeting =
        meetings::schedule(store, meeting.id, meeting.version, consultation.id).expect("scheduled");
    feedback::record(
        store,
        consultation.id,
        &FeedbackInput {
            text: c[10].into(),
            themes: Vec::new(),
        },
    )
    .expect("feedback");
    meetings::set_minutes(store, meeting.id, meeting.version, c[11]).expect("minutes");
    feedback::save_draft(store, &feedback::draft_key(consultation.id), c[12]).expect("draft");
    let settings = Settings {
        user_name: c[18].into(),
        ..store.settings().expect("settings")
    };
    samskab::service::settings::update(store, &settings).expect("settings");
    store.sled().expect("sled").flush().expect("flush");
}

/// The canaries found in any file under `dir`, searched as raw bytes — and, in a zip file
/// (a backup), in each entry unpacked, as anyone holding the file could.
fn canaries_in(dir: &Path) -> Vec<String> {
    crate::support::strings_in(dir, &CANARIES)
}

#[test]
fn no_typed_text_is_on_the_disk_of_an_encrypted_database() {
    // The control: the same text typed into an unencrypted database is found, so the
    // search below can fail.
    let plain = tempfile::tempdir().expect("dir");
    let plain_data = plain.path().join("data");
    {
        let db = Database::start(&plain_data, LIMIT, FirstStart::Plain);
        type_canaries(&db.store().expect("plain"));
        backup(&db);
    }
    assert_eq!(
        canaries_in(&plain_data).len(),
        CANARIES.len(),
        "every canary is found in the clear in an unencrypted database"
    );
    let plain_backups = samskab::service::backup::default_folder(&plain_data);
    assert_eq!(
        canaries_in(&plain_backups).len(),
        CANARIES.len(),
        "… and in its backup"
    );

    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let backups = samskab::service::backup::default_folder(&data);
    let (db, _) = set_up(&data);
    let store = db.store().expect("open");
    type_canaries(&store);
    let taken = backup(&db);
    assert!(taken.verified, "a sealed backup is read back and verified");
    // The key file carried in the backup holds the recovery key's slot only: a profile's
    // passphrase (removed or changed later, say) does not open a backup.
    let zip_bytes = std::fs::read(&taken.path).expect("backup");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).expect("zip");
    let carried: samskab::store::keyring::Keyring =
        serde_json::from_reader(zip.by_name("noegler.json").expect("key file")).expect("json");
    assert_eq!(carried.slots.len(), 1);
    assert_eq!(
        carried.slots[0].owner,
        samskab::store::keyring::Owner::Recovery
    );
    assert!(carried.backup.is_some());
    // Everything reads back as typed.
    let all = store.sled().expect("sled").records().expect("records");
    assert_eq!(all.projects[0].title, CANARIES[0]);
    assert_eq!(all.contributors[0].text, CANARIES[4]);
    assert_eq!(all.drafts[0].text, CANARIES[12]);
    assert_eq!(store.settings().expect("settings").user_name, CANARIES[18]);
    assert_eq!(canaries_in(&data), Vec::<String>::new(), "after a flush");
    assert_eq!(canaries_in(&backups), Vec::<String>::new(), "in the backup");
    drop(store);
    drop(db);
    assert_eq!(canaries_in(&data), Vec::<String>::new(), "after closing");
    // The sealed backup does not open without the key: not as an import elsewhere.
    let today = chrono::Utc::now().date_naive();
    let err = samskab::service::archive::read(Path::new(&taken.path), today).expect_err("sealed");
    assert_eq!(err.code(), "import.sealed");
}

fn backup(db: &Database) -> samskab::service::backup::BackupInfo {
    db.backup_now(
        chrono::Utc::now(),
        &samskab::service::progress::Progress::none(),
    )
    .expect("backup")
}

/// Raw access to sled's trees below the store, to play the one who edits the files.
fn raw(dir: &Path, f: impl FnOnce(&sled::Db)) {
    let db = samskab::store::open_db(dir).expect("raw open");
    f(&db);
    db.flush().expect("flush");
}

fn two_projects(dir: &Path, key: &DataKey) -> (Project, Project) {
    let store = Store::from(SledStore::open_encrypted(dir, key.clone()).expect("open"));
    let a = projects::create(&store, &input("Første projekt"), "idea").expect("a");
    let b = projects::create(&store, &input("Andet projekt"), "idea").expect("b");
    (a, b)
}

/// Each kind of tampering makes reading the record `store.tampered`, never wrong data;
/// opening the database then fails rather than showing it.
#[test]
fn tampered_values_are_refused_with_a_coded_error() {
    type Tamper = fn(&sled::Db, &Project, &Project);
    let cases: [(&str, Tamper); 4] = [
        ("swap two records", |db, a, b| {
            let t = db.open_tree("projects").expect("tree");
            let va = t.get(a.id.as_bytes()).expect("get").expect("a");
            let vb = t.get(b.id.as_bytes()).expect("get").expect("b");
            t.insert(a.id.as_bytes(), vb).expect("put");
            t.insert(b.id.as_bytes(), va).expect("put");
        }),
        ("move a value to another tree", |db, a, _| {
            let v = db
                .open_tree("projects")
                .expect("tree")
                .get(a.id.as_bytes())
                .expect("get")
                .expect("a");
            db.open_tree("members")
                .expect("tree")
                .insert(a.id.as_bytes(), v)
                .expect("put");
        }),
        ("flip one byte", |db, a, _| {
            let t = db.open_tree("projects").expect("tree");
            let mut v = t.get(a.id.as_bytes()).expect("get").expect("a").to_vec();
            let middle = v.len() / 2;
            v[middle] ^= 0x01;
            t.insert(a.id.as_bytes(), v).expect("put");
        }),
        ("cut a value short", |db, a, _| {
            let t = db.open_tree("projects").expect("tree");
            let v = t.get(a.id.as_bytes()).expect("get").expect("a").to_vec();
            t.insert(a.id.as_bytes(), &v[..v.len() - 7]).expect("put");
        }),
    ];
    for (what, tamper) in cases {
        let dir = tempfile::tempdir().expect("dir");
        let key = DataKey::generate().expect("key");
        let (a, b) = two_projects(dir.path(), &key);
        raw(dir.path(), |db| tamper(db, &a, &b));
        // Opening reads every project (for the list index); a member is read when asked.
        let read = SledStore::open_encrypted(dir.path(), key.clone()).and_then(|store| {
            if what == "move a value to another tree" {
                store
                    .get::<samskab::domain::member::Member>(a.id)
                    .map(|_| ())
            } else {
                store.get::<Project>(a.id).map(|_| ())
            }
        });
        assert_eq!(
            read.expect_err(what).code(),
            "store.tampered",
            "{what}: the read is refused"
        );
        let opened = SledStore::open_guarded_keyed(dir.path(), LIMIT, Some(key));
        assert!(
            opened.is_err(),
            "{what}: the guarded open refuses the database"
        );
    }
}

#[test]
fn an_encrypted_database_opens_only_with_its_key() {
    let dir = tempfile::tempdir().expect("dir");
    let key = DataKey::generate().expect("key");
    two_projects(dir.path(), &key);
    assert_eq!(
        SledStore::open(dir.path()).err().map(|e| e.code()),
        Some("auth.locked".into())
    );
    let other = DataKey::generate().expect("other");
    assert_eq!(
        SledStore::open_encrypted(dir.path(), other)
            .err()
            .map(|e| e.code()),
        Some("auth.wrong_passphrase".into())
    );
    // An unencrypted database holding data is not turned into a broken half-encrypted one
    // by opening it with a key.
    let plain = tempfile::tempdir().expect("plain");
    drop(Store::open(plain.path()).expect("plain").sled().map(|_| ()));
    {
        let store = Store::open(plain.path()).expect("plain");
        projects::create(&store, &input("Ukrypteret"), "idea").expect("p");
    }
    assert!(SledStore::open_encrypted(plain.path(), key).is_err());
    assert_eq!(
        Store::open(plain.path())
            .expect("still plain")
            .sled()
            .expect("sled")
            .all::<Project>()
            .expect("all")
            .len(),
        1
    );
}

#[test]
fn passphrases_recovery_key_and_the_wait_after_wrong_ones() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, recovery) = set_up(dir.path());
    let louise = db.store().expect("open").person().expect("signed in");
    projects::create(&db.store().expect("open"), &input("Bevares"), "idea").expect("p");
    drop(db);

    // The next start waits for a passphrase and lists the profile.
    let db = Database::start(dir.path(), LIMIT, FirstStart::Ask);
    assert_eq!(db.error().expect("locked").code, "auth.locked");
    assert!(db.store().is_err());
    let screen = db.sign_in_screen().expect("sign-in screen");
    assert_eq!(screen.profiles.len(), 1);
    assert_eq!(screen.profiles[0].name, "Louise Bach");
    assert!(screen.demo.is_none());

    let now = chrono::Utc::now();
    for _ in 0..5 {
        assert_eq!(
            db.unlock(louise.id, "forkert adgangsfrase", now)
                .expect_err("wrong")
                .code(),
            "auth.wrong_passphrase"
        );
    }
    // After five wrong ones, the next try waits — even with the right passphrase.
    match db.unlock(louise.id, PASSPHRASE, now) {
        Err(samskab::domain::error::AppError::WaitBeforeTrying { seconds }) => {
            assert_eq!(seconds, 2)
        }
        other => panic!("expected a wait, got {other:?}"),
    }
    // The count is kept across starts of the program.
    drop(db);
    let db = Database::start(dir.path(), LIMIT, FirstStart::Ask);
    assert_eq!(
        db.unlock(louise.id, PASSPHRASE, now)
            .expect_err("still waits")
            .code(),
        "auth.wait"
    );
    let later = now + chrono::Duration::seconds(3);
    let signed_in = db
        .unlock(louise.id, PASSPHRASE, later)
        .expect("right passphrase");
    assert_eq!(signed_in.id, louise.id);
    let store = db.store().expect("open");
    assert_eq!(store.person().expect("person").id, louise.id);
    assert_eq!(
        projects::list(&store, &Default::default())
            .expect("list")
            .len(),
        1
    );

    // A changed passphrase opens the data; the old one no longer does.
    db.change_passphrase(&PassphraseChange {
        profile_id: None,
        current: PASSPHRASE.into(),
        passphrase: "en helt ny adgangsfrase".into(),
        passphrase_repeat: "en helt ny adgangsfrase".into(),
    })
    .expect("changed");
    let wrong_current = db.change_passphrase(&PassphraseChange {
        profile_id: None,
        current: PASSPHRASE.into(),
        passphrase: "endnu en ny frase".into(),
        passphrase_repeat: "endnu en ny frase".into(),
    });
    assert_eq!(
        crate::support::rejected_fields(wrong_current.expect_err("old is not current")),
        vec![("current".to_owned(), samskab::domain::error::Rule::Mismatch)]
    );
    drop(store);
    db.lock().expect("lock");
    assert_eq!(db.error().expect("locked").code, "auth.locked");
    assert!(
        db.store().is_err(),
        "no command reaches the data while locked"
    );
    let t = later + chrono::Duration::seconds(1);
    assert_eq!(
        db.unlock(louise.id, PASSPHRASE, t).expect_err("old").code(),
        "auth.wrong_passphrase"
    );
    db.unlock(louise.id, "en helt ny adgangsfrase", t)
        .expect("new opens");
    assert!(db.store().is_ok());
    drop(db);

    // Every passphrase forgotten: the recovery key opens the data and sets a new one.
    let db = Database::start(dir.path(), LIMIT, FirstStart::Ask);
    let bad = RecoveryInput {
        recovery_key: "AAAA-BBBB".into(),
        profile_id: louise.id,
        passphrase: "efter gendannelsen".into(),
        passphrase_repeat: "efter gendannelsen".into(),
    };
    assert_eq!(
        crate::support::rejected_fields(db.unlock_with_recovery(&bad, t).expect_err("not a key")),
        vec![(
            "recovery_key".to_owned(),
            samskab::domain::error::Rule::InvalidFormat
        )]
    );
    let typed = recovery.to_lowercase().replace('-', " ");
    db.unlock_with_recovery(
        &RecoveryInput {
            recovery_key: typed,
            profile_id: bad.profile_id,
            passphrase: bad.passphrase.clone(),
            passphrase_repeat: bad.passphrase_repeat.clone(),
        },
        t,
    )
    .expect("the recovery key opens");
    assert_eq!(
        projects::list(&db.store().expect("open"), &Default::default())
            .expect("list")
            .len(),
        1
    );
    db.lock().expect("lock");
    db.unlock(louise.id, "efter gendannelsen", t)
        .expect("the new passphrase");
}

#[test]
fn profiles_added_reset_and_removed_with_their_passphrases() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, _) = set_up(dir.path());
    let store = db.store().expect("open");
    let no_passphrase = people::add(
        &store,
        &PersonInput {
            name: "Ali Peer".into(),
            roles: vec!["peer".into()],
            passphrase: None,
        },
    );
    assert_eq!(
        crate::support::rejected_fields(no_passphrase.expect_err("needs a passphrase")),
        vec![(
            "passphrase".to_owned(),
            samskab::domain::error::Rule::Required
        )]
    );
    let ali = people::add(
        &store,
        &PersonInput {
            name: "Ali Peer".into(),
            roles: vec!["peer".into()],
            passphrase: Some("alis egen frase".into()),
        },
    )
    .expect("ali");
    // On an encrypted database another profile is signed in with its passphrase only.
    assert_eq!(
        people::choose(&store, ali.id).expect_err("no click").code(),
        "not_allowed.passphrase_needed"
    );
    // Renamed: the sign-in screen shows the new name.
    people::edit(
        &store,
        ali.id,
        &PersonInput {
            name: "Ali Hansen".into(),
            roles: vec!["peer".into()],
            passphrase: None,
        },
    )
    .expect("renamed");
    // The administrator resets Ali's passphrase without knowing it.
    db.change_passphrase(&PassphraseChange {
        profile_id: Some(ali.id),
        current: String::new(),
        passphrase: "nulstillet af admin".into(),
        passphrase_repeat: "nulstillet af admin".into(),
    })
    .expect("reset");
    drop(store);
    db.lock().expect("lock");
    let names: Vec<String> = db
        .sign_in_screen()
        .expect("screen")
        .profiles
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Louise Bach", "Ali Hansen"]);
    let now = chrono::Utc::now();
    assert_eq!(
        db.unlock(ali.id, "alis egen frase", now)
            .expect_err("reset")
            .code(),
        "auth.wrong_passphrase"
    );
    let signed_in = db.unlock(ali.id, "nulstillet af admin", now).expect("ali");
    assert_eq!(signed_in.name, "Ali Hansen");
    // A peer may not reset another's passphrase.
    let louise = db.store().expect("open").settings().expect("s").people[0].clone();
    assert_eq!(
        db.change_passphrase(&PassphraseChange {
            profile_id: Some(louise.id),
            current: String::new(),
            passphrase: "overtaget konto!".into(),
            passphrase_repeat: "overtaget konto!".into(),
        })
        .expect_err("a peer")
        .code(),
        "forbidden.role"
    );
    db.lock().expect("lock");
    db.unlock(louise.id, PASSPHRASE, now).expect("louise");
    people::remove(&db.store().expect("open"), ali.id).expect("removed");
    // The removed profile's slot is gone from the key file.
    let ring = std::fs::read_to_string(dir.path().join("noegler.json")).expect("key file");
    assert!(!ring.contains(&ali.id.to_string()));
    db.lock().expect("lock");
    assert_eq!(
        db.unlock(ali.id, "nulstillet af admin", now)
            .expect_err("gone")
            .code(),
        "not_found.person"
    );
}

#[test]
fn the_key_file_missing_is_said_plainly() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, _) = set_up(dir.path());
    drop(db);
    std::fs::remove_file(dir.path().join("noegler.json")).expect("remove");
    let db = Database::start(dir.path(), LIMIT, FirstStart::Ask);
    assert_eq!(db.error().expect("not open").code, "store.keyring_missing");
}

#[test]
fn a_restored_backup_stays_encrypted() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let (db, _) = set_up(&data);
    let store = db.store().expect("open");
    type_canaries(&store);
    drop(store);
    let backup = db
        .backup_now(
            chrono::Utc::now(),
            &samskab::service::progress::Progress::none(),
        )
        .expect("backup");
    db.restore(Path::new(&backup.path), false, chrono::Utc::now())
        .expect("restore");
    let store = db.store().expect("open after restore");
    assert!(store.sled().expect("sled").is_encrypted());
    assert_eq!(
        store.sled().expect("sled").records().expect("r").projects[0].title,
        CANARIES[0]
    );
    drop(store);
    assert_eq!(canaries_in(&data), Vec::<String>::new());
    // The key file came along: the next start signs in as before.
    let louise = db.store().expect("open").person().expect("person");
    drop(db);
    let db = Database::start(&data, LIMIT, FirstStart::Ask);
    db.unlock(louise.id, PASSPHRASE, chrono::Utc::now())
        .expect("unlocks");
}

/// *Kryptér databasen*: an unencrypted database with data becomes an encrypted one in
/// place — every record kept, nothing typed left in the clear in the data folder or the
/// backup folder (the unencrypted backups go once a sealed one is verified), the audit log
/// kept, and the next start asks for the passphrase.
#[test]
fn an_unencrypted_database_is_encrypted_in_place() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let backups = samskab::service::backup::default_folder(&data);
    let db = Database::start(&data, LIMIT, FirstStart::Plain);
    db.set_kdf(CHEAP);
    let store = db.store().expect("plain");
    type_canaries(&store);
    let before = store.sled().expect("sled").records().expect("records");
    backup(&db);
    samskab::service::audit::note(
        &store,
        "Louise Bach",
        samskab::domain::audit::AuditAction::Read,
        "project",
        None,
        "",
    )
    .expect("log");
    drop(store);
    assert_eq!(
        canaries_in(&backups).len(),
        CANARIES.len(),
        "a plain backup"
    );

    let short = samskab::domain::auth::EncryptInput {
        name: "Louise Bach".into(),
        passphrase: "kort".into(),
        passphrase_repeat: "kort".into(),
    };
    assert_eq!(
        crate::support::rejected_fields(
            db.encrypt_in_place(&short, chrono::Utc::now())
                .expect_err("too short")
        ),
        vec![(
            "passphrase".to_owned(),
            samskab::domain::error::Rule::TooShort
        )]
    );
    let made = db
        .encrypt_in_place(
            &samskab::domain::auth::EncryptInput {
                passphrase: PASSPHRASE.into(),
                passphrase_repeat: PASSPHRASE.into(),
                name: short.name.clone(),
            },
            chrono::Utc::now(),
        )
        .expect("encrypted");
    assert!(
        made.plain_backups_removed >= 2,
        "{}",
        made.plain_backups_removed
    );
    let store = db.store().expect("open");
    let sled = store.sled().expect("sled");
    assert!(sled.is_encrypted());
    let after = sled.records().expect("records");
    assert_eq!(after.projects, before.projects);
    assert_eq!(after.inputs, before.inputs);
    assert_eq!(after.contributors, before.contributors);
    assert_eq!(after.drafts, before.drafts);
    assert_eq!(
        samskab::service::audit::check(&store)
            .expect("check")
            .broken,
        None
    );
    assert!(
        !store.audit_entries().expect("log").is_empty(),
        "the log came along"
    );
    sled.flush().expect("flush");
    drop(store);
    assert_eq!(canaries_in(&data), Vec::<String>::new(), "data folder");
    assert_eq!(canaries_in(&backups), Vec::<String>::new(), "backup folder");
    let aside: Vec<_> = std::fs::read_dir(root.path())
        .expect("root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("data.") && !n.ends_with("sikkerhedskopier"))
        .collect();
    assert_eq!(aside, Vec::<String>::new(), "no old folder in the clear");
    let again = db
        .encrypt_in_place(
            &samskab::domain::auth::EncryptInput {
                name: String::new(),
                passphrase: PASSPHRASE.into(),
                passphrase_repeat: PASSPHRASE.into(),
            },
            chrono::Utc::now(),
        )
        .expect_err("once");
    assert_eq!(again.code(), "not_allowed.already_encrypted");
    drop(db);
    let db = Database::start(&data, LIMIT, FirstStart::Ask);
    assert_eq!(db.error().expect("locked").code, "auth.locked");
    db.unlock(made.person.id, PASSPHRASE, chrono::Utc::now())
        .expect("the passphrase opens it");
    assert_eq!(
        db.store()
            .expect("open")
            .sled()
            .expect("sled")
            .records()
            .expect("r")
            .projects,
        before.projects
    );
}

/// A whole-database export with a passphrase: none of the 20 strings in the file (raw, or
/// as a zip), a wrong passphrase refused, and with the right one it is imported into an
/// empty database elsewhere with every record.
#[test]
fn an_export_with_a_passphrase_holds_nothing_in_the_clear() {
    use samskab::service::archive::{self, Checks, Protect};
    let root = tempfile::tempdir().expect("dir");
    let (db, _) = set_up(&root.path().join("data"));
    let store = db.store().expect("open");
    type_canaries(&store);
    let out = root.path().join("eksport");
    std::fs::create_dir_all(&out).expect("dir");
    let file = out.join("samskab.zip.age");
    let protect = Protect::Passphrase("eksportens egen frase");
    let progress = samskab::service::progress::Progress::none();
    let manifest = archive::write_protected(&store, &file, chrono::Utc::now(), &progress, protect)
        .expect("export");
    assert!(archive::has_passphrase(&file));
    assert_eq!(canaries_in(&out), Vec::<String>::new(), "the export file");
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        archive::read(&file, today)
            .expect_err("no passphrase")
            .code(),
        "import.passphrase_needed"
    );
    assert_eq!(
        archive::read_with_passphrase(&file, Checks::Forms(today), "en anden frase!")
            .expect_err("wrong")
            .code(),
        "auth.wrong_passphrase"
    );
    let (found, records) =
        archive::read_with_passphrase(&file, Checks::Forms(today), "eksportens egen frase")
            .expect("read");
    assert_eq!(found, manifest);
    assert_eq!(records.projects[0].title, CANARIES[0]);

    // Imported on another PC, into a new (plain) database.
    let elsewhere = tempfile::tempdir().expect("dir");
    let other = Database::start(&elsewhere.path().join("data"), LIMIT, FirstStart::Plain);
    other
        .restore_with(
            &file,
            true,
            chrono::Utc::now(),
            Some("eksportens egen frase"),
        )
        .expect("import");
    let imported = other
        .store()
        .expect("open")
        .sled()
        .expect("sled")
        .records()
        .expect("records");
    let original = store.sled().expect("sled").records().expect("records");
    assert_eq!(imported.projects, original.projects);
    assert_eq!(imported.inputs, original.inputs);
    assert_eq!(imported.contributors, original.contributors);
}

/// The actions in the audit log of `store`, with their details, in order.
fn logged(store: &Store) -> Vec<(String, String)> {
    store
        .audit_entries()
        .expect("log")
        .into_iter()
        .map(|(_, e)| {
            let e = e.expect("readable entry");
            (e.event.action.as_str().to_owned(), e.event.detail)
        })
        .collect()
}

/// The data folder lost, key file and all; the backup folder kept. The first start offers
/// the sealed backup: the recovery key opens it, shows its profiles, and restores it with
/// a new passphrase for the chosen one. Nothing typed is then in the clear, and the next
/// start asks for the new passphrase (the old one was never in the backup).
#[test]
fn a_lost_database_is_restored_from_its_sealed_backup_with_the_recovery_key() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let (db, recovery_key) = set_up(&data);
    let store = db.store().expect("open");
    type_canaries(&store);
    let louise = store.person().expect("signed in");
    drop(store);
    let taken = backup(&db);
    // Refused while the database is open: Indstillinger restores then.
    assert_eq!(
        db.backup_profiles(&taken.path, &recovery_key, chrono::Utc::now())
            .expect_err("open")
            .code(),
        "not_allowed.database_open"
    );
    drop(db);
    std::fs::remove_dir_all(&data).expect("lose the data folder");

    let db = Database::start(&data, LIMIT, FirstStart::Ask);
    assert_eq!(db.error().expect("new").code, "auth.setup_needed");
    db.set_kdf(CHEAP);
    // Another database's recovery key is a wrong one; no file is a missing field.
    let (_other_db, other_key) = set_up(&root.path().join("other"));
    assert_eq!(
        db.backup_profiles(&taken.path, &other_key, chrono::Utc::now())
            .expect_err("wrong key")
            .code(),
        "auth.wrong_passphrase"
    );
    assert_eq!(
        crate::support::rejected_fields(
            db.backup_profiles("", &recovery_key, chrono::Utc::now())
                .expect_err("no file")
        ),
        vec![("path".to_owned(), samskab::domain::error::Rule::Required)]
    );
    let profiles = db
        .backup_profiles(&taken.path, &recovery_key, chrono::Utc::now())
        .expect("profiles");
    assert_eq!(
        profiles
            .iter()
            .map(|p| (p.id, p.name.as_str()))
            .collect::<Vec<_>>(),
        vec![(louise.id, "Louise Bach")]
    );
    let new = "en helt ny adgangsfrase";
    let input = |profile_id, repeat: &str| samskab::domain::auth::RecoveryRestoreInput {
        path: taken.path.clone(),
        recovery_key: recovery_key.clone(),
        profile_id,
        passphrase: new.into(),
        passphrase_repeat: repeat.into(),
    };
    assert_eq!(
        db.restore_with_recovery(&input(louise.id, "en anden"), chrono::Utc::now())
            .expect_err("mismatch")
            .code(),
        "validation"
    );
    assert_eq!(
        db.restore_with_recovery(&input(samskab::domain::new_id(), new), chrono::Utc::now())
            .expect_err("no such profile")
            .code(),
        "not_found.person"
    );
    assert!(db.error().is_some(), "nothing restored by a refused try");
    let person = db
        .restore_with_recovery(&input(louise.id, new), chrono::Utc::now())
        .expect("restored");
    assert_eq!(person.id, louise.id);
    let store = db.store().expect("open after the restore");
    assert!(store.sled().expect("sled").is_encrypted());
    assert_eq!(store.person().map(|p| p.id), Some(louise.id));
    assert_eq!(
        store.sled().expect("sled").records().expect("r").projects[0].title,
        CANARIES[0]
    );
    let log = logged(&store);
    assert_eq!(
        log,
        vec![
            ("failed_sign_in".to_owned(), "recovery_key".to_owned()),
            ("sign_in".to_owned(), "recovery_key".to_owned()),
            ("restore".to_owned(), "recovery_key".to_owned()),
        ],
        "the wrong key, the sign-in with the key and the restore are logged"
    );
    drop(store);
    assert_eq!(canaries_in(&data), Vec::<String>::new());
    drop(db);

    let db = Database::start(&data, LIMIT, FirstStart::Ask);
    assert_eq!(
        db.unlock(louise.id, PASSPHRASE, chrono::Utc::now())
            .expect_err("the old passphrase")
            .code(),
        "auth.wrong_passphrase"
    );
    db.unlock(louise.id, new, chrono::Utc::now())
        .expect("the new passphrase opens it");
}

/// A database damaged while its key file is whole: the passphrase opens the key, the
/// damaged screen's restore rebuilds the database from the newest backup with that key,
/// and the person who signed in is signed in.
#[test]
fn a_damaged_encrypted_database_is_restored_with_the_key_its_passphrase_opened() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let (db, _) = set_up(&data);
    let store = db.store().expect("open");
    let louise = store.person().expect("signed in");
    let project = projects::create(&store, &input("Et projekt før skaden"), "idea").expect("p");
    drop(store);
    let taken = backup(&db);
    drop(db);
    raw(&data, |db| {
        let t = db.open_tree("projects").expect("tree");
        let mut v = t
            .get(project.id.as_bytes())
            .expect("get")
            .expect("a")
            .to_vec();
        let last = v.len() - 1;
        v[last] ^= 1;
        t.insert(project.id.as_bytes(), v).expect("put");
    });

    let db = Database::start(&data, LIMIT, FirstStart::Ask);
    assert_eq!(db.error().expect("locked").code, "auth.locked");
    assert_eq!(
        db.unlock(louise.id, PASSPHRASE, chrono::Utc::now())
            .expect_err("damaged")
            .code(),
        "store.damaged"
    );
    assert_eq!(db.error().expect("damaged").code, "store.damaged");
    let restored = db
        .restore(Path::new(&taken.path), false, chrono::Utc::now())
        .expect("restored with the key");
    assert!(restored.moved_aside.is_some(), "the damaged folder is kept");
    let store = db.store().expect("open");
    assert_eq!(store.person().map(|p| p.id), Some(louise.id));
    assert_eq!(
        store.project(project.id).expect("back").title,
        "Et projekt før skaden"
    );
    assert!(logged(&store).iter().any(|(action, _)| action == "sign_in"));
}

/// An erasure on an encrypted database: the database is written anew with the same key
/// (the key file stays as it is), the erased name is nowhere on the disk, and the next
/// start opens with the same passphrase.
#[test]
fn an_erasure_rewrites_an_encrypted_database_with_its_own_key() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let (db, _) = set_up(&data);
    let store = db.store().expect("open");
    let louise = store.person().expect("signed in");
    let member = members::add(
        &store,
        &MemberInput {
            name: "Vibeke Kragh-Lund".into(),
            lived_experience: "patient".into(),
            honoraria: "accepted".into(),
            ..Default::default()
        },
    )
    .expect("member");
    samskab::service::rights::erase_member(&store, member.id, member.version, chrono::Utc::now())
        .expect("erase");
    drop(store);
    let key_file = std::fs::read(data.join("noegler.json")).expect("key file");
    db.purge(chrono::Utc::now()).expect("written anew");
    let store = db.store().expect("open after");
    assert!(store.sled().expect("sled").is_encrypted());
    assert_eq!(
        store.person().map(|p| p.id),
        Some(louise.id),
        "still signed in"
    );
    assert_eq!(
        store
            .get::<samskab::domain::member::Member>(member.id)
            .expect("m")
            .name,
        "Tidligere medlem 1"
    );
    drop(store);
    assert_eq!(
        std::fs::read(data.join("noegler.json")).expect("key file"),
        key_file
    );
    assert_eq!(
        crate::support::strings_in(&data, &["Vibeke Kragh-Lund"]),
        Vec::<String>::new()
    );
    drop(db);
    let db = Database::start(&data, LIMIT, FirstStart::Ask);
    db.unlock(louise.id, PASSPHRASE, chrono::Utc::now())
        .expect("the same passphrase");
}

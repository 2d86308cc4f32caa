//! People's rights over their data (issue 12): a Peer-board member and a contributor
//! erased are found nowhere afterwards — not in the records, screens, exports, reports,
//! the raw database files or the next backup — and an older backup restored brings none
//! of it back. A redacted input keeps its place in the counts and the answer loop.

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use rstest::rstest;

use samskab::domain::input::{InputInput, InputQuery};
use samskab::domain::member::{Member, MemberInput};
use samskab::domain::Id;
use samskab::service::board::{meetings, members};
use samskab::service::database::Database;
use samskab::service::export::{self, ExportKind};
use samskab::service::progress::Progress;
use samskab::service::rights::{self, ContributorErasure};
use samskab::service::vault::FirstStart;
use samskab::service::{inputs, overview, projects, year_report};
use samskab::store::{Store, Table};

use crate::support::{input, temp_store_on, Backend};

const LIMIT: Duration = Duration::from_secs(30);

/// What the member typed about themself: none of it may be found after the erasure.
const MEMBER: [&str; 4] = [
    "Birgitte Sandahl-Qvist",
    "birgitte.sq@eksempel.dk",
    "+45 31 41 59 26",
    "Kan ikke om tirsdagen pga. bostøtte",
];
const REFERENCE: &str = "Pårørende til K. Ravnsborg, tlf 20304050";
const SAID: &str = "Nattevagten på afsnit Ø7 var uforskammet over for min søster";

fn add_member(store: &Store, n: usize) -> Member {
    members::add(
        store,
        &MemberInput {
            name: format!("{} {n}", MEMBER[0]),
            email: MEMBER[1].replace('@', &format!("{n}@")),
            phone: MEMBER[2].into(),
            notes: MEMBER[3].into(),
            lived_experience: "patient".into(),
            honoraria: "declined".into(),
            ..Default::default()
        },
    )
    .expect("member")
}

fn capture(
    store: &Store,
    project: Id,
    text: &str,
    contributor: &str,
) -> samskab::domain::input::Input {
    inputs::capture(
        store,
        &InputInput {
            project_id: project,
            activity_id: None,
            group: "relatives".into(),
            channel: "interview".into(),
            date: "2026-11-02".into(),
            text: text.into(),
            themes: vec!["nattevagt".into()],
            may_quote: true,
            contributor: contributor.into(),
        },
    )
    .expect("input")
}

fn hits_in(dir: &Path, needles: &[&str]) -> Vec<String> {
    crate::support::strings_in(dir, needles)
}

/// Every sheet export (with personal data), the year report (with names), the input
/// search for each needle: none holds a needle.
fn hits_on_screens_and_in_exports(store: &Store, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for kind in ExportKind::ALL {
        let sheet = export::sheet(store, kind, true, &Progress::none()).expect("sheet");
        let text = format!("{:?}", sheet.rows);
        for n in needles {
            if text.contains(n) {
                found.push(format!("{n} in the {kind:?} export"));
            }
        }
    }
    let report = year_report::build(store, 2026, true, &Progress::none()).expect("report");
    let html = year_report::html(&report);
    let board = samskab::service::board::views::overview(store, samskab::service::board::today())
        .expect("board");
    let board = format!("{board:?}");
    for n in needles {
        if html.contains(n) {
            found.push(format!("{n} in the year report"));
        }
        if board.contains(n) {
            found.push(format!("{n} on the Peer-board"));
        }
        let hits = inputs::search(
            store,
            &InputQuery {
                text: (*n).into(),
                ..Default::default()
            },
            samskab::service::board::today(),
        )
        .expect("search");
        if hits.total > 0 {
            found.push(format!("{n} found by the input search"));
        }
    }
    found
}

/// Member and contributor erased on an unencrypted embedded database: nothing of them in
/// any screen, export or report, in the raw files of the data folder, or in the next
/// backup; the older backup, restored, comes back without them.
#[test]
fn what_was_erased_is_found_nowhere_and_stays_erased_after_a_restore() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let db = Database::start(&data, LIMIT, FirstStart::Plain);
    let store = db.store().expect("open");
    let project = projects::create(&store, &input("Nattevagter"), "involvement").expect("p");
    let member = add_member(&store, 1);
    let meeting = meetings::plan(
        &store,
        &samskab::domain::meeting::MeetingInput {
            date: "2026-11-03".into(),
            time: "16:00".into(),
            place: "Lokale 2".into(),
            online: false,
        },
    )
    .expect("meeting");
    let meeting = meetings::set_attendance(&store, meeting.id, meeting.version, &[member.id])
        .expect("attendance");
    meetings::mark_held(&store, meeting.id, meeting.version).expect("held");
    let said = capture(&store, project.id, SAID, REFERENCE);
    let other = capture(&store, project.id, "Maden var god", "");
    // A saved GRIPP2 draft quotes what may be quoted.
    let filled = samskab::service::gripp2::fill(&store, project.id).expect("gripp2");
    samskab::service::gripp2::save_draft(&store, project.id, Some(&filled)).expect("draft");
    assert!(format!(
        "{:?}",
        samskab::service::gripp2::draft(&store, project.id).expect("d")
    )
    .contains(SAID));
    let before = overview::build(&store, samskab::service::board::today()).expect("o");
    drop(store);
    let older = db
        .backup_now(Utc::now(), &Progress::none())
        .expect("older backup");
    let mut needles: Vec<&str> = MEMBER.to_vec();
    needles.extend([REFERENCE, SAID]);
    assert!(
        !hits_in(&data, &needles).is_empty(),
        "the test's strings are on the disk before the erasure"
    );

    let store = db.store().expect("open");
    let erased =
        rights::erase_member(&store, member.id, member.version, Utc::now()).expect("erase member");
    assert_eq!(
        (erased.name.as_str(), erased.initials.as_str()),
        ("Tidligere medlem 1", "TM1")
    );
    assert_eq!(
        (
            erased.email.as_str(),
            erased.phone.as_str(),
            erased.notes.as_str()
        ),
        ("", "", "")
    );
    let gone = rights::erase_contributor(
        &store,
        &ContributorErasure {
            reference: format!("  {}  ", REFERENCE.to_uppercase()),
            redact: true,
            reason: "Bidragyderens ønske".into(),
        },
        Utc::now(),
    )
    .expect("erase contributor");
    assert_eq!((gone.inputs, gone.redacted), (vec![said.id], 1));
    drop(store);
    db.purge(Utc::now()).expect("written anew");

    let store = db.store().expect("open");
    // Attendance, counts and the answer loop keep the erased member and the redacted input.
    let m: samskab::domain::meeting::Meeting = store.get(meeting.id).expect("meeting");
    assert_eq!(m.attendance, vec![member.id]);
    let after = overview::build(&store, samskab::service::board::today()).expect("o");
    assert_eq!(
        (
            after.awaiting_answer,
            after.year.inputs,
            after.year.meetings_held
        ),
        (
            before.awaiting_answer,
            before.year.inputs,
            before.year.meetings_held
        )
    );
    let redacted: samskab::domain::input::Input = store.get(said.id).expect("input");
    assert_eq!(
        redacted.text,
        "[Fjernet efter anmodning: Bidragyderens ønske]"
    );
    assert!(!redacted.may_quote && !redacted.has_contributor);
    assert_eq!(store.text(Table::Contributors, said.id).expect("ref"), "");
    let kept: samskab::domain::input::Input = store.get(other.id).expect("other");
    assert_eq!(kept.text, "Maden var god");
    inputs::answer(
        &store,
        said.id,
        redacted.version,
        &samskab::domain::feedback_loop::AnswerInput {
            status: "adopted".into(),
            text: "Vi har talt med nattevagterne".into(),
            by: "Mette".into(),
            ..Default::default()
        },
    )
    .expect("the redacted input is still answered");
    assert_eq!(
        hits_on_screens_and_in_exports(&store, &needles),
        Vec::<String>::new()
    );
    let draft = samskab::service::gripp2::draft(&store, project.id).expect("draft");
    assert!(
        !format!("{draft:?}").contains(SAID),
        "the saved GRIPP2 draft's quote went"
    );
    drop(store);
    assert_eq!(hits_in(&data, &needles), Vec::<String>::new(), "raw files");
    let next = db.backup_now(Utc::now(), &Progress::none()).expect("next");
    assert_eq!(
        hits_in(Path::new(&next.path).parent().expect("folder"), &needles)
            .into_iter()
            .filter(|h| !h.contains(&older.path))
            .collect::<Vec<_>>(),
        Vec::<String>::new(),
        "the next backup"
    );

    // The older backup still holds them; restored, it brings back none of it.
    db.restore(Path::new(&older.path), false, Utc::now())
        .expect("restore");
    let store = db.store().expect("open");
    let back: Member = store.get(member.id).expect("member");
    assert_eq!(back.name, "Tidligere medlem 1");
    assert_eq!(
        hits_on_screens_and_in_exports(&store, &needles),
        Vec::<String>::new()
    );
    drop(store);
    assert_eq!(
        hits_in(&data, &needles),
        Vec::<String>::new(),
        "raw files after restore"
    );
}

/// Over 60 people erased (30 members, 30 contributors, half of them redacted), an older
/// backup restored: every erasure is applied again, on both stores' service layer.
#[test]
fn every_erasure_is_applied_again_when_an_older_backup_is_restored() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let db = Database::start(&data, LIMIT, FirstStart::Plain);
    let store = db.store().expect("open");
    let project = projects::create(&store, &input("Mange"), "involvement").expect("p");
    let people: Vec<Member> = (0..30).map(|n| add_member(&store, n)).collect();
    let refs: Vec<String> = (0..30).map(|n| format!("Bidragyder nr. {n:02}")).collect();
    let given: Vec<Id> = refs
        .iter()
        .enumerate()
        .map(|(n, r)| capture(&store, project.id, &format!("Udsagn nummer {n:02}"), r).id)
        .collect();
    drop(store);
    let older = db
        .backup_now(Utc::now(), &Progress::none())
        .expect("backup");
    let store = db.store().expect("open");
    for m in &people {
        rights::erase_member(&store, m.id, m.version, Utc::now()).expect("erase");
    }
    for (n, r) in refs.iter().enumerate() {
        rights::erase_contributor(
            &store,
            &ContributorErasure {
                reference: r.clone(),
                redact: n % 2 == 0,
                reason: "Anmodning".into(),
            },
            Utc::now(),
        )
        .expect("erase");
    }
    drop(store);
    db.restore(Path::new(&older.path), false, Utc::now())
        .expect("restore");
    let store = db.store().expect("open");
    let mut numbers = Vec::new();
    for m in &people {
        let back: Member = store.get(m.id).expect("member");
        assert!(back.name.starts_with("Tidligere medlem "), "{}", back.name);
        assert!(back.email.is_empty() && back.phone.is_empty() && back.notes.is_empty());
        numbers.push(back.name.clone());
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(
        numbers.len(),
        30,
        "each erased member keeps a number of its own"
    );
    for (n, id) in given.iter().enumerate() {
        let i: samskab::domain::input::Input = store.get(*id).expect("input");
        assert!(!i.has_contributor);
        assert_eq!(store.text(Table::Contributors, *id).expect("ref"), "");
        assert_eq!(
            i.text.starts_with("[Fjernet efter anmodning"),
            n % 2 == 0,
            "input {n}: {}",
            i.text
        );
    }
    assert_eq!(store.settings().expect("s").erasures.members.len(), 30);
}

/// The erasures themselves, on both stores: the member's fields, the reference found in
/// any case and with spaces around it, the redaction's reason required, an unknown
/// reference refused naming it, a second erasure of the same member changing nothing.
#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn erasures_on_both_stores(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    let project = projects::create(&store, &input("Begge"), "involvement").expect("p");
    let member = add_member(&store, 7);
    let said = capture(&store, project.id, SAID, REFERENCE);
    let erased =
        rights::erase_member(&store, member.id, member.version, Utc::now()).expect("erase");
    assert_eq!(erased.name, "Tidligere medlem 1");
    let again = rights::erase_member(&store, member.id, erased.version, Utc::now()).expect("again");
    assert_eq!(again, erased, "erased already: nothing changes");
    assert_eq!(
        rights::erase_member(&store, member.id, member.version, Utc::now())
            .expect_err("stale")
            .code(),
        "conflict.version"
    );
    assert_eq!(
        crate::support::rejected_fields(
            rights::erase_contributor(
                &store,
                &ContributorErasure {
                    reference: " ".into(),
                    redact: true,
                    reason: String::new(),
                },
                Utc::now(),
            )
            .expect_err("empty")
        ),
        vec![
            (
                "reference".to_owned(),
                samskab::domain::error::Rule::Required
            ),
            ("reason".to_owned(), samskab::domain::error::Rule::Required)
        ]
    );
    assert_eq!(
        rights::erase_contributor(
            &store,
            &ContributorErasure {
                reference: "Ingen".into(),
                ..Default::default()
            },
            Utc::now(),
        )
        .expect_err("unknown")
        .code(),
        "not_found.contributor"
    );
    let gone = rights::erase_contributor(
        &store,
        &ContributorErasure {
            reference: REFERENCE.to_lowercase(),
            redact: false,
            reason: String::new(),
        },
        Utc::now(),
    )
    .expect("erased");
    assert_eq!((gone.inputs, gone.redacted), (vec![said.id], 0));
    let i: samskab::domain::input::Input = store.get(said.id).expect("input");
    assert_eq!(i.text, SAID, "not redacted unless asked");
    assert!(!i.has_contributor);
    assert_eq!(store.text(Table::Contributors, said.id).expect("ref"), "");
    let erasures = store.settings().expect("s").erasures;
    assert_eq!(
        (
            erasures.members.len(),
            erasures.contributors.clone(),
            erasures.redactions.len()
        ),
        (1, vec![said.id], 0)
    );
}

/// A crash after the erasure list was saved and before the records changed: the next
/// start finishes the erasure.
#[test]
fn an_erasure_cut_short_is_finished_at_the_next_start() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let db = Database::start(&data, LIMIT, FirstStart::Plain);
    let store = db.store().expect("open");
    let project = projects::create(&store, &input("Afbrudt"), "involvement").expect("p");
    let member = add_member(&store, 3);
    let said = capture(&store, project.id, SAID, REFERENCE);
    // What `service::rights` saves first, and then nothing more.
    let mut settings = store.settings().expect("settings");
    settings
        .erasures
        .members
        .push(samskab::domain::erasure::ErasedMember {
            id: member.id,
            number: 1,
            at: Utc::now(),
        });
    settings.erasures.contributors.push(said.id);
    settings
        .erasures
        .redactions
        .push(samskab::domain::erasure::Redaction {
            input_id: said.id,
            reason: "Ønske".into(),
            at: Utc::now(),
        });
    store.save_settings(&settings).expect("save");
    assert_eq!(store.get::<Member>(member.id).expect("m").name, member.name);
    drop(store);
    drop(db);
    let db = Database::start(&data, LIMIT, FirstStart::Plain);
    let store = db.store().expect("open");
    assert_eq!(
        store.get::<Member>(member.id).expect("m").name,
        "Tidligere medlem 1"
    );
    let i: samskab::domain::input::Input = store.get(said.id).expect("input");
    assert_eq!(i.text, "[Fjernet efter anmodning: Ønske]");
    assert_eq!(store.text(Table::Contributors, said.id).expect("ref"), "");
    assert_eq!(
        rights::apply_erasures(&store, Utc::now()).expect("again"),
        0,
        "nothing left to do"
    );
}

/// The access report holds every record about the person — checked against a hand list —
/// and nothing about anyone else: not another member who attended, not another
/// contributor's input, not who answered.
#[test]
fn the_access_report_holds_all_about_the_person_and_nobody_else() {
    use samskab::service::access_report::{self, Subject};
    let (store, _dir) = crate::support::temp_store();
    let project = projects::create(&store, &input("Indsigt"), "involvement").expect("p");
    let her = members::add(
        &store,
        &MemberInput {
            name: "Ida <b>Holm</b>".into(),
            email: "ida@eksempel.dk".into(),
            phone: "20 30 40 50".into(),
            notes: "Foretrækker sms".into(),
            lived_experience: "relative".into(),
            honoraria: "declined".into(),
            ..Default::default()
        },
    )
    .expect("her");
    let other = add_member(&store, 9);
    let mut attended = Vec::new();
    for day in 1..=5 {
        let m = meetings::plan(
            &store,
            &samskab::domain::meeting::MeetingInput {
                date: format!("2026-10-0{day}"),
                time: "16:00".into(),
                place: format!("Lokale {day}"),
                online: false,
            },
        )
        .expect("meeting");
        let who = if day % 2 == 1 {
            attended.push(m.id);
            vec![her.id, other.id]
        } else {
            vec![other.id]
        };
        let m = meetings::set_attendance(&store, m.id, m.version, &who).expect("attendance");
        meetings::mark_held(&store, m.id, m.version).expect("held");
    }
    samskab::service::audit::note(
        &store,
        "Konsulent",
        samskab::domain::audit::AuditAction::Change,
        "member",
        Some(her.id),
        "",
    )
    .expect("log");
    let r =
        access_report::build(&store, &Subject::Member { id: her.id }, Utc::now()).expect("report");
    let records = |heading: &str| -> Vec<Id> {
        let mut ids: Vec<Id> = r
            .sections
            .iter()
            .filter(|s| s.heading == heading)
            .flat_map(|s| s.facts.iter().filter_map(|f| f.record))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let mut hand = attended.clone();
    hand.sort();
    assert_eq!(records("Fremmøde"), hand, "the three meetings she attended");
    assert_eq!(records("Medlem af Peer-boardet"), vec![her.id]);
    assert_eq!(
        records("Revisionsloggen: brug af oplysningerne"),
        vec![her.id]
    );
    let json = serde_json::to_string(&r).expect("json");
    for held in [
        "ida@eksempel.dk",
        "20 30 40 50",
        "Foretrækker sms",
        "takker nej til honorar",
    ] {
        assert!(json.contains(held), "{held}");
    }
    assert!(!json.contains(&other.name), "another member's name");
    assert!(!json.contains("Konsulent"), "who looked is left out");
    let html = access_report::html(&r);
    assert!(html.contains("Ida &lt;b&gt;Holm&lt;/b&gt;") && !html.contains("<b>Holm"));

    // A contributor: four of ten inputs are theirs.
    let mut theirs = Vec::new();
    for n in 0..10 {
        let reference = if n % 3 == 0 {
            REFERENCE
        } else {
            "En anden pårørende"
        };
        let i = capture(&store, project.id, &format!("Udsagn {n:02}"), reference);
        if n % 3 == 0 {
            theirs.push(i.id);
        }
    }
    inputs::answer(
        &store,
        theirs[0],
        1,
        &samskab::domain::feedback_loop::AnswerInput {
            status: "adopted".into(),
            text: "Vi retter det".into(),
            by: "Mette Kjær".into(),
            ..Default::default()
        },
    )
    .expect("answer");
    let r = access_report::build(
        &store,
        &Subject::Contributor {
            reference: REFERENCE.to_uppercase(),
        },
        Utc::now(),
    )
    .expect("report");
    let mut ids: Vec<Id> = r
        .sections
        .iter()
        .filter(|s| s.heading.starts_with("Input givet"))
        .flat_map(|s| s.facts.iter().filter_map(|f| f.record))
        .collect();
    ids.sort();
    ids.dedup();
    theirs.sort();
    assert_eq!(ids, theirs);
    let json = serde_json::to_string(&r).expect("json");
    assert!(json.contains("Udsagn 00") && json.contains("Udsagn 09"));
    assert!(!json.contains("Udsagn 01") && !json.contains("En anden pårørende"));
    assert!(json.contains("taget til følge") && !json.contains("Mette Kjær"));
    assert_eq!(
        access_report::build(
            &store,
            &Subject::Contributor {
                reference: "Ingen".into()
            },
            Utc::now()
        )
        .expect_err("unknown")
        .code(),
        "not_found.contributor"
    );
}

/// Consent to quote withdrawn: every report made afterwards leaves the quote out (the
/// we-asked report, GRIPP2 — its saved draft too — and the year report), and the reports
/// saved before that quoted it are listed from the audit log, to be recalled.
#[test]
fn withdrawn_consent_takes_effect_in_every_report_made_after() {
    use samskab::service::board::compiled::ExportFormat;
    use samskab::service::{gripp2, report};
    let (store, dir) = crate::support::temp_store();
    let project = projects::create(&store, &input("Citater"), "involvement").expect("p");
    const QUOTE: &str = "Personalet lyttede endelig til os & vores bekymringer";
    let quoted = capture(&store, project.id, QUOTE, "");
    let other = capture(&store, project.id, "Skiltningen er blevet bedre", "");
    for i in [&quoted, &other] {
        inputs::answer(
            &store,
            i.id,
            i.version,
            &samskab::domain::feedback_loop::AnswerInput {
                status: "adopted".into(),
                text: "Vi har ændret det".into(),
                by: "Mette".into(),
                date: Some(samskab::service::board::today().to_string()),
                ..Default::default()
            },
        )
        .expect("answer");
    }
    let year = chrono::Datelike::year(&samskab::service::board::today());
    let file = |name: &str| dir.path().join(name);
    let save_all = |suffix: &str| {
        report::save(
            &store,
            project.id,
            ExportFormat::Html,
            &file(&format!("vi{suffix}.html")),
        )
        .expect("we asked");
        let g = gripp2::fill(&store, project.id).expect("fill");
        gripp2::save(
            &store,
            project.id,
            &g,
            ExportFormat::Markdown,
            &file(&format!("g{suffix}.md")),
        )
        .expect("gripp2");
        year_report::save(
            &store,
            year,
            false,
            &file(&format!("aar{suffix}.html")),
            &Progress::none(),
        )
        .expect("year report");
    };
    let read = |name: &str| std::fs::read_to_string(file(name)).expect("read");
    save_all("1");
    for name in ["vi1.html", "g1.md", "aar1.html"] {
        let text = read(name);
        assert!(
            text.contains(QUOTE) || text.contains("Personalet lyttede endelig til os &amp; vores"),
            "{name} quotes it"
        );
    }
    let current: samskab::domain::input::Input = store.get(quoted.id).expect("input");
    let done = rights::withdraw_consent(&store, quoted.id, current.version, Utc::now())
        .expect("withdrawn");
    assert!(!done.input.may_quote);
    let mut earlier: Vec<(String, String)> = done
        .earlier
        .expect("the log is readable here")
        .into_iter()
        .map(|r| (r.report, r.path))
        .collect();
    earlier.sort();
    let mut want = vec![
        ("gripp2".to_owned(), file("g1.md").display().to_string()),
        (
            "we_asked".to_owned(),
            file("vi1.html").display().to_string(),
        ),
        (
            "year_report".to_owned(),
            file("aar1.html").display().to_string(),
        ),
    ];
    want.sort();
    assert_eq!(earlier, want, "the three reports saved before");
    let draft = format!("{:?}", gripp2::draft(&store, project.id).expect("draft"));
    assert!(!draft.contains("Personalet lyttede") && draft.contains(rights::WITHDRAWN_QUOTE));

    save_all("2");
    for name in ["vi2.html", "g2.md", "aar2.html"] {
        assert!(
            !read(name).contains("Personalet lyttede"),
            "{name} made after"
        );
    }
    assert!(
        read("vi2.html").contains("Skiltningen er blevet bedre"),
        "other quotes stay"
    );
    // Only the reports of before quote it: the later ones are not listed.
    let again = rights::reports_quoting(&store, quoted.id)
        .expect("log")
        .expect("readable");
    assert_eq!(again.len(), 3);
}

/// The record of processing (art. 30) is made from the settings as they are: the retention
/// set, the profiles that hold each role, where the data and backups are, and whether the
/// data is encrypted.
#[test]
fn the_record_of_processing_follows_the_settings() {
    use samskab::service::processing::{self, Setting};
    let (store, _dir) = crate::support::temp_store();
    let mut settings = store.settings().expect("settings");
    settings.audit_months = 36;
    settings.people = vec![
        samskab::domain::roles::Person {
            id: samskab::domain::new_id(),
            name: "Louise Bach".into(),
            roles: vec![samskab::domain::roles::Role::Consultant],
        },
        samskab::domain::roles::Person {
            id: samskab::domain::new_id(),
            name: "Jonas Dam".into(),
            roles: vec![samskab::domain::roles::Role::Manager],
        },
    ];
    store.save_settings(&settings).expect("save");
    let member = add_member(&store, 1);
    rights::erase_member(&store, member.id, member.version, Utc::now()).expect("erase");
    let setting = |encrypted| Setting {
        data: "/home/enhed/samskab".into(),
        shared: false,
        backups: "/mnt/drev/samskab-sikkerhedskopier".into(),
        encrypted,
    };
    let plain =
        processing::html(&processing::build(&store, &setting(false), Utc::now()).expect("doc"));
    for expected in [
        "Fortegnelse over behandlingsaktiviteter (art. 30)",
        "Hver indgang gemmes i 36 måneder",
        "Har rollen: Louise Bach.",
        "Har rollen: Jonas Dam.",
        "Må se: ingen personoplysninger",
        "/home/enhed/samskab",
        "/mnt/drev/samskab-sikkerhedskopier",
        "Slettet indtil nu: 1 medlemmer",
        "IKKE krypteret",
        "helbredsoplysning, art. 9",
    ] {
        assert!(plain.contains(expected), "{expected}");
    }
    let sealed =
        processing::html(&processing::build(&store, &setting(true), Utc::now()).expect("doc"));
    assert!(sealed.contains("XChaCha20-Poly1305") && !sealed.contains("IKKE krypteret"));
}

/// The retention rules run by the daily job with a day passed in: a member's contact
/// details go 6 months after they left, a contributor's reference 12 months after the
/// project closed, the input text 5 years after — each on its day, nothing else — and the
/// Oversigt shows each 14 days before.
#[test]
fn the_retention_job_erases_each_thing_on_its_day_and_oversigt_shows_it_before() {
    use chrono::Months;
    use samskab::domain::keeping::DueKind;
    let (store, _dir) = crate::support::temp_store();
    let project = projects::create(&store, &input("Lukket projekt"), "involvement").expect("p");
    let with_ref = capture(&store, project.id, "Med reference", "Pt. 17");
    let without = capture(&store, project.id, "Uden reference", "");
    let open = projects::create(&store, &input("Åbent projekt"), "involvement").expect("p");
    let still = capture(&store, open.id, "I et åbent projekt", "Pt. 18");
    let p = store.project(project.id).expect("p");
    projects::change_phase(&store, project.id, p.version, "closed").expect("closed");
    let member = add_member(&store, 4);
    let member = members::mark_left(&store, member.id, member.version, None).expect("left");
    let today = samskab::service::board::today();
    let at = |months: u32, days: i64| {
        today.checked_add_months(Months::new(months)).expect("day") + chrono::Duration::days(days)
    };
    let run = |day| rights::apply_retention_rules(&store, day, Utc::now()).expect("job");
    let soon = || {
        overview::build(&store, today)
            .expect("oversigt")
            .soon
            .into_iter()
            .map(|s| (s.kind, s.on, s.project_title, s.count))
            .collect::<Vec<_>>()
    };
    let m = |store: &Store| store.get::<Member>(member.id).expect("m");
    let i = |id| store.get::<samskab::domain::input::Input>(id).expect("i");

    assert!(!run(today).erased_any());
    assert_eq!(soon(), Vec::new(), "nothing within 14 days");
    assert!(!run(at(6, -10)).erased_any());
    assert_eq!(soon(), vec![(DueKind::MemberContact, at(6, 0), None, 1)]);
    let r = run(at(6, -1));
    assert!(
        !r.erased_any() && !m(&store).email.is_empty(),
        "not the day before"
    );
    let r = run(at(6, 0));
    assert_eq!((r.members, r.contributors, r.texts), (1, 0, 0));
    let after = m(&store);
    assert_eq!(
        (
            after.email.as_str(),
            after.phone.as_str(),
            after.name.as_str()
        ),
        ("", "", member.name.as_str()),
        "the contact details go, the name stays"
    );
    assert!(!run(at(12, -3)).erased_any());
    assert_eq!(
        soon(),
        vec![(
            DueKind::ContributorReference,
            at(12, 0),
            Some("Lukket projekt".to_owned()),
            1
        )]
    );
    let r = run(at(12, 0));
    assert_eq!((r.members, r.contributors, r.texts), (0, 1, 0));
    assert!(!i(with_ref.id).has_contributor);
    assert_eq!(
        store.text(Table::Contributors, with_ref.id).expect("ref"),
        ""
    );
    assert_eq!(
        store.text(Table::Contributors, still.id).expect("ref"),
        "Pt. 18",
        "open project"
    );
    assert_eq!(i(with_ref.id).text, "Med reference");
    let r = run(at(60, 0));
    assert_eq!((r.members, r.contributors, r.texts), (0, 0, 2));
    for id in [with_ref.id, without.id] {
        assert_eq!(
            i(id).text,
            "[Fjernet efter anmodning: opbevaringsperioden er udløbet]"
        );
    }
    assert_eq!(i(still.id).text, "I et åbent projekt");
    assert!(!run(at(72, 0)).erased_any(), "nothing more");
}

/// The retention job runs once a day: the first call of a day runs it, the next of that
/// day does not, the next day's does; what it erases leaves the disk.
#[test]
fn the_retention_job_runs_once_a_day_and_erases_from_the_disk() {
    let root = tempfile::tempdir().expect("dir");
    let data = root.path().join("data");
    let db = Database::start(&data, LIMIT, FirstStart::Plain);
    let store = db.store().expect("open");
    let member = add_member(&store, 5);
    members::mark_left(&store, member.id, member.version, Some("2026-01-05")).expect("left");
    drop(store);
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
    let first = db
        .retention_if_due(day("2026-05-01"), Utc::now())
        .expect("ran")
        .expect("the first run of the day");
    assert!(!first.erased_any());
    assert!(db
        .retention_if_due(day("2026-05-01"), Utc::now())
        .expect("ok")
        .is_none());
    let due = db
        .retention_if_due(day("2026-07-05"), Utc::now())
        .expect("ran")
        .expect("a new day");
    assert_eq!(due.members, 1);
    let store = db.store().expect("open");
    assert_eq!(store.get::<Member>(member.id).expect("m").email, "");
    let logged = store
        .audit_entries()
        .expect("log")
        .into_iter()
        .filter_map(|(_, e)| e.ok())
        .any(|e| e.event.kind == "retention" && e.event.detail.contains("\"members\":1"));
    assert!(logged, "the retention job's erasure is in the audit log");
    drop(store);
    let email = MEMBER[1].replace('@', "5@");
    assert_eq!(
        hits_in(&data, &[email.as_str(), MEMBER[2]]),
        Vec::<String>::new()
    );
}

/// The access report about a profile: what they recorded (input, phase changes) and what
/// the log says they did — not what another profile recorded.
#[test]
fn the_access_report_about_a_profile_holds_what_they_recorded_and_did() {
    use samskab::domain::roles::{Person, Role};
    use samskab::service::access_report::{self, Subject};
    let (store, _dir) = crate::support::temp_store();
    let louise = Person {
        id: samskab::domain::new_id(),
        name: "Louise Bach".into(),
        roles: vec![Role::Consultant, Role::Administrator],
    };
    let jonas = Person {
        id: samskab::domain::new_id(),
        name: "Jonas Dam".into(),
        roles: vec![Role::Consultant, Role::Administrator],
    };
    let mut settings = store.settings().expect("settings");
    settings.people = vec![louise.clone(), jonas.clone()];
    store.save_settings(&settings).expect("save");
    store.set_person(Some(louise.clone())).expect("louise");
    let hers = projects::create(&store, &input("Hendes projekt"), "idea").expect("p");
    let said = capture(&store, hers.id, "Registreret af Louise", "");
    samskab::service::audit::note(
        &store,
        "Louise Bach",
        samskab::domain::audit::AuditAction::Search,
        "input",
        None,
        "",
    )
    .expect("log");
    store.set_person(Some(jonas)).expect("jonas");
    let his = projects::create(&store, &input("Hans projekt"), "idea").expect("p");
    let other = capture(&store, his.id, "Registreret af Jonas", "");
    let r = access_report::build(
        &store,
        &Subject::Person {
            name: "Louise Bach".into(),
        },
        Utc::now(),
    )
    .expect("report");
    let records: Vec<Id> = r
        .sections
        .iter()
        .filter(|s| s.heading == "Registreret af dig")
        .flat_map(|s| s.facts.iter().filter_map(|f| f.record))
        .collect();
    assert!(records.contains(&said.id) && records.contains(&hers.id));
    assert!(!records.contains(&other.id) && !records.contains(&his.id));
    let json = serde_json::to_string(&r).expect("json");
    assert!(json.contains("søgt") && !json.contains("Hans projekt"));
}

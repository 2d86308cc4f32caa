//! The year report on a known data set, compared with values counted by hand; the counts
//! kept up to date with every change equal a count from scratch; cancel writes nothing.

use rstest::rstest;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use chrono::Datelike;
use samskab::domain::error::AppError;
use samskab::domain::feedback::{FeedbackInput, FeedbackPoint};
use samskab::domain::feedback_loop::{AnswerInput, AnswerStatus, LoopStatus};
use samskab::domain::input::{ActivityInput, InputQuery, InputSource};
use samskab::domain::member::{LivedExperience, MemberInput};
use samskab::domain::project::ProjectInput;
use samskab::domain::Id;
use samskab::service::board::{feedback, meetings, members};
use samskab::service::export::{self, ExportKind, SheetFormat};
use samskab::service::progress::Progress;
use samskab::service::{inputs, projects, year_report};
use samskab::store::Store;

use super::overview::{self, v};
use super::support::{capture_on, input, temp_store_on, Backend};

fn project(store: &Store, title: &str, start: &str) -> Id {
    projects::create(
        store,
        &ProjectInput {
            start_date: Some(start.into()),
            deadline: None,
            ..input(title)
        },
        "involvement",
    )
    .expect("project")
    .id
}

fn member(store: &Store, name: &str, exp: &str, joined: &str, left: Option<&str>) -> Id {
    members::add(
        store,
        &MemberInput {
            name: name.into(),
            lived_experience: exp.into(),
            honoraria: "accepted".into(),
            joined: Some(joined.into()),
            left: left.map(Into::into),
            ..Default::default()
        },
    )
    .expect("member")
    .id
}

fn meeting(store: &Store, date: &str, attendance: &[Id]) -> Id {
    let m = overview::meeting(store, date);
    meetings::set_attendance(store, m, v(store, m), attendance).expect("attendance");
    m
}

fn consultation_at(store: &Store, project: Id, m: Id) -> Id {
    let c = overview::consultation(store, project);
    meetings::schedule(store, m, v(store, m), c).expect("schedule");
    c
}

fn point(store: &Store, c: Id, text: &str) -> FeedbackPoint {
    feedback::record(
        store,
        c,
        &FeedbackInput {
            text: text.into(),
            themes: vec![],
        },
    )
    .expect("point")
}

fn answer(status: &str, text: &str, date: &str) -> AnswerInput {
    AnswerInput {
        status: status.into(),
        text: text.into(),
        reason: "Begrundet".into(),
        by: "R".into(),
        date: Some(date.into()),
    }
}

fn activity(store: &Store, project: Id, date: &str, counts: [u32; 4]) {
    inputs::add_activity(
        store,
        project,
        &ActivityInput {
            kind: "workshop".into(),
            date: date.into(),
            patients: counts[0],
            relatives: counts[1],
            peers: counts[2],
            staff: counts[3],
            description: String::new(),
        },
    )
    .expect("activity");
}

fn capture(store: &Store, project: Id, group: &str, date: &str, text: &str, quote: bool) -> Id {
    capture_on(store, project, group, date, text, quote).id
}

/// The known data set; returns the ids of projects "Åbent hus" and "Ærø <b>".
pub fn fixture(store: &Store) -> (Id, Id) {
    let aabent = project(store, "Åbent hus", "2025-05-01");
    let aeroe = project(store, "Ærø <b>", "2026-01-15");
    project(store, "Bedre pjece", "2026-09-01");

    let anne = member(store, "Anne Holm", "patient", "2025-01-01", None);
    let bo = member(store, "Bo Lund", "relative", "2026-02-01", None);
    let carl = member(store, "Carl Berg", "both", "2024-01-01", Some("2026-06-30"));
    let dorte = member(
        store,
        "Dorte Vang",
        "patient",
        "2023-01-01",
        Some("2025-12-31"),
    );

    let m1 = meeting(store, "2026-03-10", &[anne, bo, carl]);
    let a = consultation_at(store, aabent, m1);
    let a1 = point(store, a, "Skriv kortere");
    let a2 = point(store, a, "Flere billeder");
    let a3 = point(store, a, "Nævn pårørende");
    meetings::mark_held(store, m1, v(store, m1)).expect("held");
    for (p, status, text, date) in [
        (a1, "adopted", "Vi forkorter pjecen", "2026-03-20"), // 10 days
        (a2, "not_adopted", "", "2026-04-09"),                // 30 days
        (
            a3,
            "partly_adopted",
            "Et afsnit til pårørende",
            "2026-11-01",
        ), // 236 days
    ] {
        feedback::answer(store, p.id, p.version, &answer(status, text, date)).expect("answer");
    }

    let m2 = meeting(store, "2026-09-01", &[anne]);
    consultation_at(store, aeroe, m2);
    meetings::mark_held(store, m2, v(store, m2)).expect("held");
    let m3 = meeting(store, "2025-11-01", &[anne, dorte]);
    meetings::mark_held(store, m3, v(store, m3)).expect("held");
    let m4 = meeting(store, "2026-05-05", &[anne, bo]);
    meetings::cancel(store, m4, v(store, m4)).expect("cancel");

    activity(store, aabent, "2026-04-01", [5, 2, 1, 3]);
    activity(store, aeroe, "2026-10-01", [20, 0, 0, 0]);
    activity(store, aeroe, "2025-10-01", [100, 0, 0, 0]);

    let pat = capture(
        store,
        aeroe,
        "patients",
        "2026-06-01",
        "Hemmeligt citat",
        false,
    );
    let pat_v = store
        .get::<samskab::domain::input::Input>(pat)
        .expect("i")
        .version;
    inputs::answer(
        store,
        pat,
        pat_v,
        &answer("partly_adopted", "Vi tilbyder tolk", "2026-06-05"),
    )
    .expect("pat"); // 4 days
    let rel = capture(
        store,
        aeroe,
        "relatives",
        "2025-12-01",
        "Ring til mig",
        true,
    );
    let rel_v = store
        .get::<samskab::domain::input::Input>(rel)
        .expect("i")
        .version;
    inputs::answer(
        store,
        rel,
        rel_v,
        &answer("adopted", "Vi ringer op", "2026-01-10"),
    )
    .expect("rel"); // given last year, adopted this year
    capture(store, aabent, "staff", "2026-02-01", "Mere tid", true);
    (aabent, aeroe)
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn every_figure_of_the_year_matches_a_hand_count(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let (aabent, aeroe) = fixture(&store);
    let r = year_report::build(&store, 2026, false, &Progress::none()).expect("report");

    let f = &r.figures;
    assert_eq!(
        (f.meetings_held, f.consultations),
        (2, 2),
        "m3 was 2025, m4 cancelled"
    );
    assert_eq!(
        (f.inputs, f.answered),
        (5, 4),
        "a1–a3, the patient's, the staff's"
    );
    let source = |s: InputSource| {
        f.inputs_by_source
            .iter()
            .find(|c| c.source == s)
            .expect("source")
            .count
    };
    assert_eq!(
        [
            InputSource::Board,
            InputSource::Patients,
            InputSource::Relatives,
            InputSource::Staff
        ]
        .map(source),
        [3, 1, 0, 1]
    );
    assert_eq!(f.share_answered, Some(0.8));
    assert_eq!(
        f.median_days_to_answer,
        Some(20.0),
        "median of 4, 10, 30, 236"
    );
    assert_eq!(
        f.share_adopted,
        Some(0.75),
        "a1, a3 and the patient's of four"
    );

    let m = &r.members;
    assert_eq!(
        (m.active, m.joined, m.left),
        (3, 1, 1),
        "Dorte left in 2025"
    );
    let exp = |e: LivedExperience| {
        m.by_experience
            .iter()
            .find(|c| c.lived_experience == e)
            .expect("exp")
            .count
    };
    assert_eq!(
        [
            LivedExperience::Patient,
            LivedExperience::Relative,
            LivedExperience::Both
        ]
        .map(exp),
        [1, 1, 1]
    );
    assert_eq!(m.attendances, 4, "three at m1, one at m2");
    assert_eq!(m.average_attendance, Some(2.0));
    assert!(m.people.is_empty(), "no names unless asked for");

    let p = &r.participants;
    assert_eq!(
        (p.activities, p.patients, p.relatives, p.peers, p.staff),
        (2, 25, 2, 1, 3)
    );

    let started: Vec<&str> = r.started.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(started, vec!["Ærø <b>", "Bedre pjece"], "by start date");

    type Said<'a> = (AnswerStatus, &'a str, Option<&'a str>);
    let changed: Vec<(Id, Vec<Said>)> = r
        .changed
        .iter()
        .map(|p| {
            (
                p.project_id,
                p.changes
                    .iter()
                    .map(|c| (c.status, c.answer.as_str(), c.said.as_deref()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        vec![
            (
                aeroe,
                vec![
                    (AnswerStatus::Adopted, "Vi ringer op", Some("Ring til mig")),
                    (AnswerStatus::PartlyAdopted, "Vi tilbyder tolk", None),
                ]
            ),
            (
                aabent,
                vec![
                    (
                        AnswerStatus::Adopted,
                        "Vi forkorter pjecen",
                        Some("Skriv kortere")
                    ),
                    (
                        AnswerStatus::PartlyAdopted,
                        "Et afsnit til pårørende",
                        Some("Nævn pårørende")
                    ),
                ]
            ),
        ],
        "Danish title order (Æ before Å), answer date order, quotes only with consent"
    );

    let html = year_report::html(&r);
    assert!(html.contains("Årsrapport 2026"));
    assert!(
        html.contains("Ærø &lt;b&gt;") && !html.contains("<b>"),
        "titles escaped"
    );
    assert!(
        !html.contains("Hemmeligt citat"),
        "no quote without consent"
    );
    assert!(
        !html.contains("Hanne") && !html.contains("Anne Holm"),
        "no personal data"
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn another_year_and_names_on_request(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    fixture(&store);
    let r = year_report::build(&store, 2025, true, &Progress::none()).expect("report");
    assert_eq!(
        (r.figures.meetings_held, r.figures.inputs),
        (1, 1),
        "m3; the relatives' input"
    );
    assert_eq!(
        r.figures.median_days_to_answer,
        Some(40.0),
        "1 Dec to 10 Jan"
    );
    assert_eq!(
        (r.members.active, r.members.left),
        (3, 1),
        "Anne, Carl, Dorte"
    );
    assert_eq!(r.participants.patients, 100);
    assert!(r.changed.is_empty(), "nothing adopted in 2025");
    let names: Vec<(&str, usize)> = r
        .members
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.attended))
        .collect();
    assert_eq!(
        names,
        vec![("Anne Holm", 1), ("Dorte Vang", 1), ("Carl Berg", 0)],
        "attended most first, then by name; Bo joined in 2026"
    );
    assert!(year_report::html(&r).contains("Dorte Vang"));

    let empty = year_report::build(&store, 2000, false, &Progress::none()).expect("empty");
    assert_eq!(
        (
            empty.figures.inputs,
            empty.figures.share_answered,
            empty.members.average_attendance
        ),
        (0, None, None)
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_project_closed_this_year_is_listed_for_this_year_only(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = project(&store, "Lukket", "2020-01-01");
    let version = store.project(p).expect("p").version;
    projects::change_phase(&store, p, version, "closed").expect("close");
    let year = chrono::Utc::now().year();
    let now = year_report::build(&store, year, false, &Progress::none()).expect("now");
    assert_eq!(now.closed.iter().map(|l| l.id).collect::<Vec<_>>(), vec![p]);
    let before = year_report::build(&store, year - 1, false, &Progress::none()).expect("before");
    assert!(before.closed.is_empty());
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn kept_counts_equal_a_count_from_scratch(#[case] backend: Backend) {
    let (first, dir) = temp_store_on(backend);
    let live = {
        let store = first;
        fixture(&store);
        let p = project(&store, "Mange", "2026-01-01");
        let mut ids = Vec::new();
        for n in 0..40u32 {
            let date = format!("2026-{:02}-{:02}", 1 + n % 10, 1 + n % 27);
            ids.push(capture(
                &store,
                p,
                ["patients", "relatives", "other"][n as usize % 3],
                &date,
                "x",
                true,
            ));
        }
        for (n, id) in ids.iter().enumerate() {
            if n % 3 == 0 {
                let version = store
                    .get::<samskab::domain::input::Input>(*id)
                    .expect("i")
                    .version;
                let status = ["adopted", "not_relevant", "partly_adopted"][(n / 3) % 3];
                inputs::answer(&store, *id, version, &answer(status, "", "2026-11-20"))
                    .expect("answer");
            }
        }
        // Answers changed, and some reported back: counts move between buckets.
        for id in ids.iter().step_by(6) {
            let version = store
                .get::<samskab::domain::input::Input>(*id)
                .expect("i")
                .version;
            inputs::answer(
                &store,
                *id,
                version,
                &answer("not_adopted", "", "2026-11-21"),
            )
            .expect("re-answer");
        }
        inputs::report_back(
            &store,
            &ids[..9].iter().step_by(3).copied().collect::<Vec<_>>(),
            "letter",
            None,
        )
        .expect("report back");
        store.input_tally().expect("tally")
    };
    let reopened = dir.reopen();
    assert_eq!(live, reopened.input_tally().expect("tally"));
    // And both equal a count from scratch over every point and input.
    let mut scratch = samskab::store::inputs::Tally::default();
    reopened
        .each_input(|e| {
            for c in samskab::store::inputs::Counter::of(e) {
                scratch.apply(c, 1);
            }
        })
        .expect("each input");
    assert_eq!(live, scratch, "kept counts equal a count from scratch");
    let awaiting = inputs::search(
        &reopened,
        &InputQuery {
            statuses: vec![LoopStatus::Awaiting],
            limit: u32::MAX,
            ..Default::default()
        },
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("day"),
    )
    .expect("search")
    .total;
    assert_eq!(live.awaiting(), awaiting);
    assert_eq!(
        awaiting,
        1 + 26,
        "the fixture's staff input; 40 less 14 answered"
    );
}

fn cancelled() -> Progress {
    Progress::new(Arc::new(AtomicBool::new(true)), |_, _| {})
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_cancelled_export_or_report_writes_nothing(#[case] backend: Backend) {
    let (store, dir) = temp_store_on(backend);
    fixture(&store);
    for kind in ExportKind::ALL {
        let path = dir.path().join(format!("{kind:?}.xlsx"));
        let err = export::save(&store, kind, SheetFormat::Xlsx, false, &path, &cancelled())
            .expect_err("cancelled");
        assert!(matches!(err, AppError::Cancelled), "{kind:?}: {err:?}");
        assert!(!path.exists(), "{kind:?} wrote a file");
    }
    let path = dir.path().join("aarsrapport.html");
    let err = year_report::save(&store, 2026, false, &path, &cancelled()).expect_err("cancelled");
    assert_eq!(err.code(), "cancelled");
    assert!(!path.exists());
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn progress_runs_up_to_the_whole(#[case] backend: Backend) {
    let (store, dir) = temp_store_on(backend);
    fixture(&store);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let progress = Progress::new(Arc::new(AtomicBool::new(false)), move |d, t| {
        s.lock().expect("lock").push((d, t))
    });
    export::save(
        &store,
        ExportKind::Inputs,
        SheetFormat::Csv,
        false,
        &dir.path().join("i.csv"),
        &progress,
    )
    .expect("export");
    let seen = seen.lock().expect("lock").clone();
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(
        seen.last().is_some_and(|(d, t)| d == t),
        "ends at the whole: {seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[0].0 * w[1].1 <= w[1].0 * w[0].1),
        "{seen:?}"
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn changes_on_the_same_day_keep_the_order_they_were_given_in(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = project(&store, "Samme dag", "2026-01-01");
    let texts: Vec<String> = (1..=12).map(|n| format!("Input {n}")).collect();
    for text in &texts {
        let i = capture_on(&store, p, "patients", "2026-03-01", text, true);
        inputs::answer(
            &store,
            i.id,
            i.version,
            &answer("adopted", "", "2026-03-05"),
        )
        .expect("answer");
    }
    let r = year_report::build(&store, 2026, false, &Progress::none()).expect("report");
    let said: Vec<&str> = r.changed[0]
        .changes
        .iter()
        .filter_map(|c| c.said.as_deref())
        .collect();
    assert_eq!(said, texts.iter().map(String::as_str).collect::<Vec<_>>());
}

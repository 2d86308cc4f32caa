//! The overview's figures on a known data set, compared with values counted by hand.

use rstest::rstest;
use samskab::domain::consultation::ConsultationInput;
use samskab::domain::feedback::FeedbackInput;
use samskab::domain::feedback_loop::AnswerInput;
use samskab::domain::input::InputSource;
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::project::Phase;
use samskab::domain::Id;
use samskab::service::board::{consultations, feedback, meetings};
use samskab::service::{inputs, overview, projects};
use samskab::store::Store;

use super::feedback_loop::day;
use super::support::{capture_on, input, temp_store_on, Backend};

pub fn meeting(store: &Store, date: &str) -> Id {
    meetings::plan(
        store,
        &MeetingInput {
            date: date.into(),
            time: "16:00".into(),
            place: "Lokale 2".into(),
            online: false,
        },
    )
    .expect("plan")
    .id
}

pub fn v(store: &Store, m: Id) -> u64 {
    store.get::<Meeting>(m).expect("m").version
}

pub fn consultation(store: &Store, project: Id) -> Id {
    consultations::request(
        store,
        project,
        &ConsultationInput {
            questions: "Hvad savner I?".into(),
            ..Default::default()
        },
    )
    .expect("c")
    .id
}

fn answer(store: &Store, p: &samskab::domain::feedback::FeedbackPoint, status: &str, date: &str) {
    feedback::answer(
        store,
        p.id,
        p.version,
        &AnswerInput {
            status: status.into(),
            reason: "Begrundet".into(),
            by: "R".into(),
            date: Some(date.into()),
            ..Default::default()
        },
    )
    .expect("answer");
}

fn capture(store: &Store, project: Id, group: &str, date: &str) -> samskab::domain::input::Input {
    capture_on(store, project, group, date, "x", false)
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn every_figure_matches_a_hand_count(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p1 = projects::create(&store, &input("P1"), "idea").expect("p1");
    let p2 = projects::create(&store, &input("P2"), "involvement").expect("p2");
    let p3 = projects::create(&store, &input("P3"), "involvement").expect("p3");
    let p4 = projects::create(&store, &input("P4"), "closed").expect("p4");
    projects::set_archived(&store, p4.id, p4.version, true).expect("archive");

    let (a, b, c) = (
        consultation(&store, p2.id),
        consultation(&store, p3.id),
        consultation(&store, p2.id),
    );
    consultation(&store, p1.id); // waiting for a meeting

    let m1 = meeting(&store, "2026-03-10");
    meetings::schedule(&store, m1, v(&store, m1), a).expect("a");
    meetings::schedule(&store, m1, v(&store, m1), b).expect("b");
    let point = |c: Id| {
        feedback::record(
            &store,
            c,
            &FeedbackInput {
                text: "punkt".into(),
                themes: vec![],
            },
        )
        .expect("point")
    };
    let (a1, a2, _a3, _b1) = (point(a), point(a), point(a), point(b));
    meetings::mark_held(&store, m1, v(&store, m1)).expect("held");
    answer(&store, &a1, "adopted", "2026-03-20"); // 10 days
    answer(&store, &a2, "not_adopted", "2026-04-09"); // 30 days

    let m2 = meeting(&store, "2025-11-01");
    meetings::schedule(&store, m2, v(&store, m2), c).expect("c");
    meetings::mark_held(&store, m2, v(&store, m2)).expect("held");
    let m3 = meeting(&store, "2026-12-10");
    let m4 = meeting(&store, "2026-05-05");
    meetings::cancel(&store, m4, v(&store, m4)).expect("cancel");

    let pat1 = capture(&store, p2.id, "patients", "2026-06-01");
    capture(&store, p2.id, "patients", "2026-06-01");
    capture(&store, p3.id, "relatives", "2026-11-20");
    capture(&store, p3.id, "staff", "2025-12-01");
    let pat1 = inputs::answer(
        &store,
        pat1.id,
        pat1.version,
        &AnswerInput {
            status: "partly_adopted".into(),
            by: "R".into(),
            date: Some("2026-06-05".into()),
            ..Default::default()
        },
    )
    .expect("answer"); // 4 days
    inputs::report_back(&store, &[pat1.id], "letter", Some("2026-06-10")).expect("reported");

    let o = overview::build(&store, day("2026-11-26")).expect("overview");
    let phase = |ph: Phase| {
        o.projects_by_phase
            .iter()
            .find(|c| c.phase == ph)
            .expect("phase")
            .count
    };
    assert_eq!(
        (
            phase(Phase::Idea),
            phase(Phase::Involvement),
            phase(Phase::Closed)
        ),
        (1, 2, 0)
    );
    assert_eq!(o.projects_by_phase.len(), 8, "every phase listed");
    // Awaiting: a3, b1, the second patients' input, the relatives' and the staff input.
    // Overdue: a3, b1 (March), the second patients' input (June), staff (last December);
    // the relatives' input is six days old.
    assert_eq!((o.awaiting_answer, o.overdue), (5, 4));
    assert_eq!(
        o.answered_not_reported, 2,
        "a1 and a2; the patients' answer was reported back"
    );
    assert_eq!(
        o.upcoming_meetings
            .iter()
            .map(|s| s.meeting.id)
            .collect::<Vec<_>>(),
        vec![m3]
    );
    assert_eq!(o.consultations_waiting, 1);
    let y = &o.year;
    assert_eq!(y.year, 2026);
    assert_eq!(
        (y.meetings_held, y.consultations),
        (1, 2),
        "m2 was last year, m4 cancelled"
    );
    assert_eq!((y.inputs, y.answered), (7, 3));
    let source = |s: InputSource| {
        y.inputs_by_source
            .iter()
            .find(|c| c.source == s)
            .expect("source")
            .count
    };
    assert_eq!(
        (
            source(InputSource::Board),
            source(InputSource::Patients),
            source(InputSource::Relatives),
            source(InputSource::Staff)
        ),
        (4, 2, 1, 0)
    );
    assert_eq!(y.share_answered, Some(3.0 / 7.0));
    assert_eq!(
        y.median_days_to_answer,
        Some(10.0),
        "median of 10, 30 and 4"
    );
    assert_eq!(
        y.share_adopted,
        Some(2.0 / 3.0),
        "adopted and partly adopted of three answered"
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn an_empty_database_has_no_shares(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let o = overview::build(&store, day("2026-11-26")).expect("overview");
    assert_eq!((o.awaiting_answer, o.year.inputs), (0, 0));
    assert_eq!(
        (
            o.year.share_answered,
            o.year.median_days_to_answer,
            o.year.share_adopted
        ),
        (None, None, None)
    );
}

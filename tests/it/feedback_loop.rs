//! The loop rules are the same for both sources: one suite, run against board feedback
//! points and against input from patients and relatives.

use chrono::NaiveDate;
use samskab::domain::consultation::ConsultationInput;
use samskab::domain::error::{AppError, Rule};
use samskab::domain::feedback::{FeedbackInput, FeedbackPoint};
use samskab::domain::feedback_loop::{AnswerInput, LoopStatus};
use samskab::domain::input::{Input, InputInput, InputQuery};
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::settings::Settings;
use samskab::domain::Id;
use samskab::service::board::{consultations, feedback, meetings};
use samskab::service::{inputs, projects, settings};
use samskab::store::Store;

use super::support::{input, rejected_fields, temp_store_on, Backend};

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// A source of feedback: makes an item given on 2026-10-01, answers and reports it back.
pub trait Source {
    fn setup(store: &Store) -> Self;
    fn item(&self, store: &Store) -> Id;
    fn version(store: &Store, id: Id) -> u64;
    fn answer(store: &Store, id: Id, version: u64, a: &AnswerInput) -> Result<(), AppError>;
    fn report_back(&self, store: &Store, id: Id) -> Result<(), AppError>;
    fn status(store: &Store, id: Id) -> LoopStatus;
    fn overdue(store: &Store, id: Id, today: NaiveDate) -> bool;
}

pub struct Board {
    consultation: Id,
}

fn meeting(store: &Store, date: &str) -> Id {
    meetings::plan(
        store,
        &MeetingInput {
            date: date.into(),
            time: "16:00".into(),
            place: "Mødelokale 2".into(),
            online: false,
        },
    )
    .expect("plan")
    .id
}

impl Source for Board {
    fn setup(store: &Store) -> Self {
        let p = projects::create(store, &input("Pjece"), "involvement").expect("project");
        let c = consultations::request(
            store,
            p.id,
            &ConsultationInput {
                questions: "Hvad mangler?".into(),
                ..Default::default()
            },
        )
        .expect("request")
        .id;
        let m = meeting(store, "2026-10-01");
        let v = store.get::<Meeting>(m).expect("m").version;
        meetings::schedule(store, m, v, c).expect("schedule");
        Board { consultation: c }
    }
    fn item(&self, store: &Store) -> Id {
        feedback::record(
            store,
            self.consultation,
            &FeedbackInput {
                text: "Skriv kortere".into(),
                themes: vec!["sprog".into()],
            },
        )
        .expect("record")
        .id
    }
    fn version(store: &Store, id: Id) -> u64 {
        store.get::<FeedbackPoint>(id).expect("point").version
    }
    fn answer(store: &Store, id: Id, version: u64, a: &AnswerInput) -> Result<(), AppError> {
        feedback::answer(store, id, version, a).map(|_| ())
    }
    fn report_back(&self, store: &Store, id: Id) -> Result<(), AppError> {
        let m = meeting(store, "2026-12-03");
        let v = store.get::<Meeting>(m).expect("m").version;
        meetings::add_report_back(store, m, v, &[id])?;
        meetings::mark_reported_back(store, m, &[id]).map(|_| ())
    }
    fn status(store: &Store, id: Id) -> LoopStatus {
        store.get::<FeedbackPoint>(id).expect("point").status()
    }
    fn overdue(store: &Store, id: Id, today: NaiveDate) -> bool {
        let days = store.settings().expect("settings").overdue_days;
        store
            .get::<FeedbackPoint>(id)
            .expect("point")
            .is_overdue(today, days)
    }
}

pub struct Patients {
    project: Id,
}

impl Source for Patients {
    fn setup(store: &Store) -> Self {
        let p = projects::create(store, &input("Pjece"), "involvement").expect("project");
        Patients { project: p.id }
    }
    fn item(&self, store: &Store) -> Id {
        inputs::capture(
            store,
            &InputInput {
                project_id: self.project,
                group: "relatives".into(),
                channel: "comment_card".into(),
                date: "2026-10-01".into(),
                text: "Skriv kortere".into(),
                themes: vec!["sprog".into()],
                ..Default::default()
            },
        )
        .expect("capture")
        .id
    }
    fn version(store: &Store, id: Id) -> u64 {
        store.get::<Input>(id).expect("input").version
    }
    fn answer(store: &Store, id: Id, version: u64, a: &AnswerInput) -> Result<(), AppError> {
        inputs::answer(store, id, version, a).map(|_| ())
    }
    fn report_back(&self, store: &Store, id: Id) -> Result<(), AppError> {
        inputs::report_back(store, &[id], "newsletter", Some("2026-11-03")).map(|_| ())
    }
    fn status(store: &Store, id: Id) -> LoopStatus {
        store
            .get::<Input>(id)
            .expect("input")
            .feedback_loop
            .status()
    }
    fn overdue(store: &Store, id: Id, today: NaiveDate) -> bool {
        let q = InputQuery {
            overdue_only: true,
            ..Default::default()
        };
        inputs::search(store, &q, today)
            .expect("search")
            .items
            .iter()
            .any(|i| i.id == id)
    }
}

fn answer(status: &str, reason: &str) -> AnswerInput {
    AnswerInput {
        status: status.into(),
        text: "Rettet".into(),
        reason: reason.into(),
        by: "Mette Kjær".into(),
        date: Some("2026-11-01".into()),
    }
}

pub fn not_adopted_needs_a_reason<S: Source>(backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let s = S::setup(&store);
    let id = s.item(&store);
    let v = S::version(&store, id);
    let err = S::answer(&store, id, v, &answer("not_adopted", "")).expect_err("no reason");
    assert_eq!(
        rejected_fields(err),
        vec![("reason".into(), Rule::Required)]
    );
    assert_eq!(S::status(&store, id), LoopStatus::Awaiting);
    S::answer(&store, id, v, &answer("not_adopted", "Lovkrav")).expect("with reason");
    assert_eq!(S::status(&store, id), LoopStatus::Answered);
}

pub fn cannot_report_back_before_answer<S: Source>(backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let s = S::setup(&store);
    let id = s.item(&store);
    let err = s.report_back(&store, id).expect_err("unanswered");
    assert_eq!(err.code(), "not_allowed.report_back_before_answer");
    assert_eq!(S::status(&store, id), LoopStatus::Awaiting);
}

pub fn answered_then_reported_then_locked<S: Source>(backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let s = S::setup(&store);
    let id = s.item(&store);
    S::answer(
        &store,
        id,
        S::version(&store, id),
        &answer("partly_adopted", ""),
    )
    .expect("answer");
    s.report_back(&store, id).expect("report");
    assert_eq!(S::status(&store, id), LoopStatus::ReportedBack);
    let err =
        S::answer(&store, id, S::version(&store, id), &answer("adopted", "")).expect_err("locked");
    assert_eq!(err.code(), "not_allowed.answer_after_report_back");
    let err = s.report_back(&store, id).expect_err("twice");
    assert_eq!(err.code(), "not_allowed.already_reported_back");
}

pub fn stale_answer_is_a_conflict<S: Source>(backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let s = S::setup(&store);
    let id = s.item(&store);
    let v = S::version(&store, id);
    S::answer(&store, id, v, &answer("adopted", "")).expect("first");
    let err = S::answer(&store, id, v, &answer("not_relevant", "")).expect_err("stale");
    assert_eq!(err.code(), "conflict.version");
}

pub fn overdue_follows_the_setting<S: Source>(backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let s = S::setup(&store);
    let id = s.item(&store);
    assert!(!S::overdue(&store, id, day("2026-10-31")));
    assert!(S::overdue(&store, id, day("2026-11-01")));
    settings::update(
        &store,
        &Settings {
            overdue_days: 60,
            ..Default::default()
        },
    )
    .expect("settings");
    assert!(!S::overdue(&store, id, day("2026-11-01")));
    S::answer(&store, id, S::version(&store, id), &answer("adopted", "")).expect("answer");
    settings::update(
        &store,
        &Settings {
            overdue_days: 1,
            ..Default::default()
        },
    )
    .expect("settings");
    assert!(
        !S::overdue(&store, id, day("2027-06-01")),
        "answered is never overdue"
    );
}

macro_rules! loop_suite {
    ($module:ident, $source:ty) => {
        mod $module {
            use super::*;
            use rstest::rstest;
            #[rstest]
            #[case::sled(Backend::Sled)]
            #[case::postgres(Backend::Postgres)]
            fn not_adopted_needs_a_reason(#[case] backend: Backend) {
                super::not_adopted_needs_a_reason::<$source>(backend);
            }
            #[rstest]
            #[case::sled(Backend::Sled)]
            #[case::postgres(Backend::Postgres)]
            fn cannot_report_back_before_answer(#[case] backend: Backend) {
                super::cannot_report_back_before_answer::<$source>(backend);
            }
            #[rstest]
            #[case::sled(Backend::Sled)]
            #[case::postgres(Backend::Postgres)]
            fn answered_then_reported_then_locked(#[case] backend: Backend) {
                super::answered_then_reported_then_locked::<$source>(backend);
            }
            #[rstest]
            #[case::sled(Backend::Sled)]
            #[case::postgres(Backend::Postgres)]
            fn stale_answer_is_a_conflict(#[case] backend: Backend) {
                super::stale_answer_is_a_conflict::<$source>(backend);
            }
            #[rstest]
            #[case::sled(Backend::Sled)]
            #[case::postgres(Backend::Postgres)]
            fn overdue_follows_the_setting(#[case] backend: Backend) {
                super::overdue_follows_the_setting::<$source>(backend);
            }
        }
    };
}

loop_suite!(board_feedback, Board);
loop_suite!(patient_input, Patients);

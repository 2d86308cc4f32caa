//! The Peer-board: every rule of the feedback loop, through the service layer.

use chrono::NaiveDate;
use rstest::rstest;
use samskab::domain::consultation::{ConsultationInput, ConsultationStatus};
use samskab::domain::error::{AppError, Rule};
use samskab::domain::feedback::FeedbackInput;
use samskab::domain::feedback_loop::{AnswerInput, LoopStatus};
use samskab::domain::meeting::{MeetingInput, MeetingStatus};
use samskab::domain::member::MemberInput;
use samskab::domain::settings::Settings;
use samskab::domain::Id;
use samskab::service::board::{compiled, consultations, feedback, meetings, members, views};
use samskab::service::{projects, settings};
use samskab::store::Store;

use super::support::{input, rejected_fields, temp_store_on, Backend};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn meeting(store: &Store, date: &str) -> Id {
    meetings::plan(
        store,
        &MeetingInput {
            date: date.into(),
            time: "16:00".into(),
            place: "Mødelokale 2, Aalborg".into(),
            online: false,
        },
    )
    .expect("plan")
    .id
}

fn consultation(store: &Store, title: &str) -> Id {
    let project = projects::create(store, &input(title), "involvement").expect("project");
    consultations::request(
        store,
        project.id,
        &ConsultationInput {
            questions: "Er pjecen til at forstå?".into(),
            material: "Udkast til pjece".into(),
            links: vec!["https://intra.example/pjece.pdf".into()],
            presenter: "Mette Kjær".into(),
        },
    )
    .expect("request")
    .id
}

fn version(store: &Store, meeting: Id) -> u64 {
    store
        .get::<samskab::domain::meeting::Meeting>(meeting)
        .expect("meeting")
        .version
}

fn schedule(store: &Store, m: Id, c: Id) {
    meetings::schedule(store, m, version(store, m), c).expect("schedule");
}

fn point(
    store: &Store,
    c: Id,
    text: &str,
    themes: &[&str],
) -> samskab::domain::feedback::FeedbackPoint {
    feedback::record(
        store,
        c,
        &FeedbackInput {
            text: text.into(),
            themes: themes.iter().map(|t| (*t).into()).collect(),
        },
    )
    .expect("record")
}

fn answer(status: &str, reason: &str) -> AnswerInput {
    AnswerInput {
        status: status.into(),
        text: "Vi har rettet teksten".into(),
        reason: reason.into(),
        by: "Mette Kjær".into(),
        date: None,
    }
}

fn status_of(store: &Store, c: Id) -> ConsultationStatus {
    views::consultation(store, c, day("2026-11-26"))
        .expect("view")
        .status
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn not_adopted_answer_requires_a_reason_and_nothing_is_stored(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-11-20");
    let c = consultation(&store, "Pjece");
    schedule(&store, m, c);
    let p = point(&store, c, "Teksten er for lang", &[]);
    let err = feedback::answer(&store, p.id, p.version, &answer("not_adopted", " "))
        .expect_err("no reason");
    assert_eq!(
        rejected_fields(err),
        vec![("reason".into(), Rule::Required)]
    );
    let stored: samskab::domain::feedback::FeedbackPoint = store.get(p.id).expect("get");
    assert_eq!(stored, p);
    let ok = feedback::answer(
        &store,
        p.id,
        p.version,
        &answer("not_adopted", "Lovpligtig tekst"),
    )
    .expect("with reason");
    assert_eq!(ok.status(), LoopStatus::Answered);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_point_cannot_be_reported_back_before_it_is_answered(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-11-20");
    let next = meeting(&store, "2026-12-18");
    let c = consultation(&store, "Pjece");
    schedule(&store, m, c);
    let p = point(&store, c, "Brug et større skriftsnit", &["sprog"]);
    let err = meetings::add_report_back(&store, next, version(&store, next), &[p.id])
        .expect_err("unanswered");
    assert_eq!(err.code(), "not_allowed.report_back_before_answer");
    let err = meetings::mark_reported_back(&store, next, &[p.id]).expect_err("not on the list");
    assert_eq!(err.code(), "validation");
    assert!(views::to_report_back(&store, day("2026-11-26"))
        .expect("list")
        .is_empty());
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_consultations_status_follows_its_meeting_and_points(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-11-20");
    let next = meeting(&store, "2026-12-18");
    let c = consultation(&store, "Pjece");
    assert_eq!(status_of(&store, c), ConsultationStatus::Requested);
    schedule(&store, m, c);
    assert_eq!(status_of(&store, c), ConsultationStatus::Scheduled);
    let a = point(&store, c, "Punkt A", &["sprog"]);
    let b = point(&store, c, "Punkt B", &["layout"]);
    assert_eq!(status_of(&store, c), ConsultationStatus::Discussed);
    meetings::mark_held(&store, m, version(&store, m)).expect("held");
    let a = feedback::answer(&store, a.id, a.version, &answer("adopted", "")).expect("a");
    assert_eq!(
        status_of(&store, c),
        ConsultationStatus::Discussed,
        "one point still awaits"
    );
    let b = feedback::answer(&store, b.id, b.version, &answer("partly_adopted", "")).expect("b");
    assert_eq!(status_of(&store, c), ConsultationStatus::Answered);
    meetings::add_report_back(&store, next, version(&store, next), &[a.id, b.id]).expect("agenda");
    meetings::mark_reported_back(&store, next, &[a.id]).expect("a reported");
    assert_eq!(
        status_of(&store, c),
        ConsultationStatus::Answered,
        "one point still to report"
    );
    meetings::mark_reported_back(&store, next, &[b.id]).expect("b reported");
    assert_eq!(status_of(&store, c), ConsultationStatus::ReportedBack);
    let err = meetings::mark_reported_back(&store, next, &[b.id]).expect_err("twice");
    assert_eq!(err.code(), "not_allowed.already_reported_back");
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_held_meeting_without_points_leaves_its_consultations_discussed(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-11-20");
    let c = consultation(&store, "Pjece");
    schedule(&store, m, c);
    meetings::mark_held(&store, m, version(&store, m)).expect("held");
    assert_eq!(status_of(&store, c), ConsultationStatus::Discussed);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn cancelling_a_meeting_returns_its_consultations_to_requested(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-12-03");
    let c1 = consultation(&store, "Pjece");
    let c2 = consultation(&store, "Arbejdsgang");
    schedule(&store, m, c1);
    schedule(&store, m, c2);
    let cancelled = meetings::cancel(&store, m, version(&store, m)).expect("cancel");
    assert_eq!(cancelled.status, MeetingStatus::Cancelled);
    assert!(cancelled.agenda.is_empty());
    assert_eq!(status_of(&store, c1), ConsultationStatus::Requested);
    assert_eq!(status_of(&store, c2), ConsultationStatus::Requested);
    let overview = views::overview(&store, day("2026-11-26")).expect("overview");
    assert_eq!(overview.requested.len(), 2, "none is forgotten");
    let err = meetings::schedule(&store, m, cancelled.version, c1).expect_err("cancelled");
    assert_eq!(err.code(), "not_allowed.meeting_not_planned");
    let other = meeting(&store, "2026-12-10");
    schedule(&store, other, c1);
    assert_eq!(status_of(&store, c1), ConsultationStatus::Scheduled);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_meeting_with_feedback_cannot_be_cancelled(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-11-20");
    let c = consultation(&store, "Pjece");
    schedule(&store, m, c);
    point(&store, c, "Godt initiativ", &[]);
    let err = meetings::cancel(&store, m, version(&store, m)).expect_err("has feedback");
    assert_eq!(err.code(), "not_allowed.meeting_has_feedback");
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn overdue_is_computed_from_the_setting_and_the_date(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-10-01");
    let c = consultation(&store, "Pjece");
    schedule(&store, m, c);
    point(&store, c, "Uden svar", &[]);
    let overdue = |today: &str| {
        views::consultation(&store, c, day(today))
            .expect("view")
            .points[0]
            .overdue
    };
    assert!(!overdue("2026-10-31"), "30 days is not yet overdue");
    assert!(overdue("2026-11-01"), "31 days is");
    settings::update(
        &store,
        &Settings {
            overdue_days: 45,
            ..Default::default()
        },
    )
    .expect("settings");
    assert!(!overdue("2026-11-01"));
    assert!(overdue("2026-11-16"));
    // An answered point is never overdue.
    let p = views::consultation(&store, c, day("2026-11-16"))
        .expect("view")
        .points[0]
        .point
        .clone();
    feedback::answer(&store, p.id, p.version, &answer("not_relevant", "")).expect("answer");
    assert!(!overdue("2027-06-01"));
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_member_who_left_stays_on_the_meetings_they_attended(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let member = |name: &str| MemberInput {
        name: name.into(),
        lived_experience: "patient".into(),
        honoraria: "accepted".into(),
        ..Default::default()
    };
    let anne = members::add(&store, &member("Anne Holm")).expect("anne");
    let bo = members::add(&store, &member("Bo Ravn")).expect("bo");
    let m = meeting(&store, "2026-09-10");
    meetings::set_attendance(&store, m, version(&store, m), &[anne.id, bo.id]).expect("attendance");
    members::mark_left(&store, anne.id, anne.version, Some("2026-10-01")).expect("left");
    let detail = views::meeting(&store, m, day("2026-11-26")).expect("meeting");
    assert_eq!(detail.meeting.attendance, vec![anne.id, bo.id]);
    assert!(
        detail.members.iter().any(|x| x.id == anne.id),
        "still listed on the meeting"
    );
    let overview = views::overview(&store, day("2026-11-26")).expect("overview");
    assert_eq!(
        overview
            .former_members
            .iter()
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>(),
        ["Anne Holm"]
    );
    assert_eq!(
        overview
            .active_members
            .iter()
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>(),
        ["Bo Ravn"]
    );
    // A member who left is not offered on a later meeting.
    let later = meeting(&store, "2026-12-01");
    let detail = views::meeting(&store, later, day("2026-11-26")).expect("meeting");
    assert!(!detail.members.iter().any(|x| x.id == anne.id));
    // Unknown member ids are rejected.
    let err = meetings::set_attendance(&store, m, version(&store, m), &[samskab::domain::new_id()])
        .expect_err("unknown");
    assert_eq!(
        rejected_fields(err),
        vec![("attendance".into(), Rule::InvalidChoice)]
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn member_input_is_validated(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let err = members::add(&store, &MemberInput::default()).expect_err("empty");
    assert_eq!(
        rejected_fields(err),
        vec![
            ("name".into(), Rule::Required),
            ("lived_experience".into(), Rule::InvalidChoice),
            ("honoraria".into(), Rule::InvalidChoice)
        ]
    );
    assert!(members::all(&store).expect("all").is_empty());
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn the_agenda_can_be_reordered_and_feedback_needs_a_meeting(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-12-03");
    let a = consultation(&store, "A");
    let b = consultation(&store, "B");
    let err = feedback::record(
        &store,
        a,
        &FeedbackInput {
            text: "x".into(),
            themes: vec![],
        },
    )
    .expect_err("requested");
    assert_eq!(err.code(), "not_allowed.consultation_not_scheduled");
    schedule(&store, m, a);
    schedule(&store, m, b);
    let v = version(&store, m);
    let r = meetings::reorder(&store, m, v, &[b, a], &[]).expect("reorder");
    assert_eq!(r.agenda, vec![b, a]);
    let err = meetings::reorder(&store, m, v, &[a, b], &[]).expect_err("stale");
    assert!(matches!(err, AppError::Conflict { .. }));
    let err = meetings::schedule(&store, m, r.version, a).expect_err("twice");
    assert_eq!(err.code(), "not_allowed.consultation_already_scheduled");
    let err = feedback::record(
        &store,
        a,
        &FeedbackInput {
            text: "  ".into(),
            themes: vec![],
        },
    )
    .expect_err("empty");
    assert_eq!(rejected_fields(err), vec![("text".into(), Rule::Required)]);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn each_point_is_saved_as_entered_and_the_draft_is_kept_until_then(#[case] backend: Backend) {
    let (first, dir) = temp_store_on(backend);
    let (c, ids) = {
        let store = first;
        let m = meeting(&store, "2026-11-20");
        let c = consultation(&store, "Pjece");
        schedule(&store, m, c);
        let key = feedback::draft_key(c);
        feedback::save_draft(&store, &key, "Halvt skrevet punkt").expect("draft");
        let ids: Vec<Id> = (1..=3)
            .map(|n| point(&store, c, &format!("Punkt {n}"), &["tema"]).id)
            .collect();
        assert_eq!(
            feedback::draft(&store, &key).expect("draft"),
            "",
            "saving a point clears the draft"
        );
        feedback::save_draft(&store, &key, "Næste punkt, ikke gemt endnu").expect("draft");
        (c, ids)
    };
    let store = dir.reopen();
    let view = views::consultation(&store, c, day("2026-11-26")).expect("view");
    assert_eq!(
        view.points.iter().map(|p| p.point.id).collect::<Vec<_>>(),
        ids
    );
    assert_eq!(
        feedback::draft(&store, &feedback::draft_key(c)).expect("draft"),
        "Næste punkt, ikke gemt endnu"
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_points_history_shows_where_it_was_given_answered_and_reported(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-11-05");
    let next = meeting(&store, "2026-12-03");
    let c = consultation(&store, "Pjece");
    schedule(&store, m, c);
    let p = point(&store, c, "Skriv kortere", &["sprog"]);
    let p = feedback::answer(&store, p.id, p.version, &answer("adopted", "")).expect("answer");
    let items = views::to_report_back(&store, day("2026-11-26")).expect("list");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].project_title, "Pjece");
    assert_eq!(items[0].planned_at, None);
    meetings::add_report_back(&store, next, version(&store, next), &[p.id]).expect("agenda");
    let items = views::to_report_back(&store, day("2026-11-26")).expect("list");
    assert_eq!(items[0].planned_at.as_ref().map(|r| r.id), Some(next));
    meetings::mark_reported_back(&store, next, &[p.id]).expect("reported");
    assert!(views::to_report_back(&store, day("2026-11-26"))
        .expect("list")
        .is_empty());
    let view = &views::project_consultations(&store, p.project_id, day("2026-11-26"))
        .expect("project")[0]
        .points[0];
    assert_eq!(
        view.given_at.as_ref().map(|r| r.date),
        Some(day("2026-11-05"))
    );
    let a = view.point.feedback_loop.answer.as_ref().expect("answer");
    assert_eq!(
        (a.by.as_str(), a.status.as_str()),
        ("Mette Kjær", "adopted")
    );
    assert_eq!(
        view.reported_at.as_ref().map(|r| r.date),
        Some(day("2026-12-03"))
    );
    let err = feedback::answer(
        &store,
        p.id,
        view.point.version,
        &answer("not_relevant", ""),
    )
    .expect_err("locked");
    assert_eq!(err.code(), "not_allowed.answer_after_report_back");
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn compiled_feedback_groups_points_by_theme_and_escapes_markup(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let m = meeting(&store, "2026-11-05");
    let c = consultation(&store, "Pjece <b>ny</b>");
    schedule(&store, m, c);
    point(&store, c, "Skriv kortere", &["Sprog"]);
    point(&store, c, "<script>alert(1)</script>", &["Layout"]);
    point(&store, c, "Flere billeder", &["Layout"]);
    point(&store, c, "Tak for at spørge os", &[]);
    let view = views::consultation(&store, c, day("2026-11-26")).expect("view");
    let md = compiled::markdown(&view);
    let layout = md.find("### Layout").expect("layout");
    let sprog = md.find("### Sprog").expect("sprog");
    let none = md.find("### Uden tema").expect("no theme");
    assert!(layout < sprog && sprog < none, "{md}");
    assert!(md.contains("Er pjecen til at forstå?"));
    assert!(md.contains("- Flere billeder"));
    let html = compiled::html(&view);
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Pjece &lt;b&gt;ny&lt;/b&gt;"));
    let path = _dir.path().join("feedback.html");
    compiled::save(&store, c, compiled::ExportFormat::Html, &path).expect("save");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        compiled::html(&views::consultation(&store, c, views_today()).expect("v"))
    );
}

fn views_today() -> NaiveDate {
    samskab::service::board::today()
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn the_whole_loop_survives_a_restart(#[case] backend: Backend) {
    let (first, dir) = temp_store_on(backend);
    let (c, p) = {
        let store = first;
        let m = meeting(&store, "2026-11-05");
        let c = consultation(&store, "Pjece");
        schedule(&store, m, c);
        let p = point(&store, c, "Skriv kortere", &["sprog"]);
        let p = feedback::answer(&store, p.id, p.version, &answer("adopted", "")).expect("answer");
        (c, p.id)
    };
    let store = dir.reopen();
    let view = views::consultation(&store, c, day("2026-11-26")).expect("view");
    assert_eq!(view.status, ConsultationStatus::Answered);
    assert_eq!(
        views::to_report_back(&store, day("2026-11-26")).expect("list")[0]
            .view
            .point
            .id,
        p
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn the_board_lists_the_latest_past_meetings_and_all_on_request_and_the_oversigt_the_next_planned(
    #[case] backend: Backend,
) {
    let (store, guard) = temp_store_on(backend);
    // 14 past meetings (13 held, one cancelled), out of date order; 7 planned.
    let mut past = Vec::new();
    for n in [3, 1, 14, 2, 9, 4, 5, 6, 7, 8, 10, 11, 12, 13] {
        let m = meeting(&store, &format!("2025-{:02}-{:02}", 1 + n % 12, 1 + n));
        if n == 7 {
            meetings::cancel(&store, m, version(&store, m)).expect("cancel");
        } else {
            meetings::mark_held(&store, m, version(&store, m)).expect("held");
        }
        past.push((day(&format!("2025-{:02}-{:02}", 1 + n % 12, 1 + n)), m));
    }
    let mut planned = Vec::new();
    for n in [5, 2, 7, 1, 3, 6, 4] {
        let date = format!("2027-0{n}-10");
        planned.push((day(&date), meeting(&store, &date)));
    }
    past.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
    planned.sort();
    let today = day("2026-11-26");

    let board = views::overview(&store, today).expect("board");
    assert_eq!(board.past_total, 14);
    assert_eq!(board.past.len(), views::PAST_SHOWN);
    let ids = |s: &[views::MeetingSummary]| s.iter().map(|s| s.meeting.id).collect::<Vec<_>>();
    let expected: Vec<Id> = past.iter().map(|(_, m)| *m).collect();
    assert_eq!(ids(&board.past), expected[..views::PAST_SHOWN].to_vec());
    assert_eq!(
        ids(&board.upcoming),
        planned.iter().map(|(_, m)| *m).collect::<Vec<_>>()
    );
    let all = views::overview_with(&store, today, true).expect("all");
    assert_eq!(all.past_total, 14);
    assert_eq!(ids(&all.past), expected);

    let o = samskab::service::overview::build(&store, today).expect("oversigt");
    assert_eq!(o.planned_meetings, 7);
    assert_eq!(
        ids(&o.upcoming_meetings),
        planned[..samskab::service::overview::UPCOMING_SHOWN]
            .iter()
            .map(|(_, m)| *m)
            .collect::<Vec<_>>()
    );
    assert_eq!(store.held_counts_in(2025).expect("held"), (13, 0));

    // sled answers these from an index of the meetings in memory: built again on open.
    drop(store);
    let store = guard.reopen();
    let again = views::overview(&store, today).expect("board after reopening");
    assert_eq!(
        (again.past_total, ids(&again.past)),
        (14, expected[..views::PAST_SHOWN].to_vec())
    );
    assert_eq!(store.held_counts_in(2025).expect("held"), (13, 0));
}

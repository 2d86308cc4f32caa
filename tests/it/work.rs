//! Hours, the impact log and the register of information material (issue 13): figures
//! against hand counts on both stores, what each role sees, and what GRIPP2 and the year
//! report say of the impact log.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rstest::rstest;

use samskab::domain::error::AppError;
use samskab::domain::feedback::FeedbackInput;
use samskab::domain::hours::{TimeInput, WorkKind};
use samskab::domain::impact::ImpactInput;
use samskab::domain::material::{MaterialInput, MaterialStatus, Place, ReviewDue, ReviewInput};
use samskab::domain::roles::{PersonInput, Role};
use samskab::domain::Id;
use samskab::service::board::{consultations, feedback};
use samskab::service::materials::MaterialQuery;
use samskab::service::people;
use samskab::service::progress::Progress;
use samskab::service::{gripp2, hours, impact, materials, overview, projects, year_report};
use samskab::store::Store;

use crate::support::{capture_on, input, rejected_fields, temp_store_on, Backend};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0)
        .single()
        .expect("time")
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn time(
    store: &Store,
    project: Id,
    date: &str,
    kind: &str,
    hours: &str,
) -> samskab::domain::hours::TimeEntry {
    hours::add(
        store,
        &TimeInput {
            project_id: project.to_string(),
            date: date.into(),
            kind: kind.into(),
            hours: hours.into(),
            note: String::new(),
        },
        now(),
    )
    .expect("time")
}

/// Minutes per kind of work, in `WorkKind::ALL` order.
fn by_kind(s: &samskab::service::hours::HoursSummary) -> Vec<(WorkKind, u64)> {
    s.by_kind.iter().map(|k| (k.kind, k.minutes)).collect()
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn hours_per_project_and_kind_match_the_hand_count(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    let a = projects::create(&store, &input("Akut modtagelse"), "involvement").expect("a");
    let b = projects::create(&store, &input("Besøgstider"), "involvement").expect("b");
    time(&store, a.id, "2026-03-02", "preparation", "1,5");
    time(&store, a.id, "2026-03-03", "meeting", "2:15");
    time(&store, a.id, "2026-06-10", "writing", "0,75");
    time(&store, b.id, "2026-04-01", "workshop", "3");
    time(&store, b.id, "2026-04-02", "meeting", "1");
    // Last year's and a removed one count nowhere this year.
    time(&store, b.id, "2025-12-31", "meeting", "8");
    let wrong = time(&store, b.id, "2026-05-05", "sparring", "4");
    hours::set_removed(&store, wrong.id, wrong.version, true, now()).expect("removed");
    // By hand: A 90 + 135 + 45 = 270 minutes; B 180 + 60 = 240; meeting 135 + 60.
    let year = hours::summary(
        &store,
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("d"),
        NaiveDate::from_ymd_opt(2026, 12, 31).expect("d"),
    )
    .expect("summary");
    let per: Vec<(String, u64)> = year
        .projects
        .iter()
        .map(|p| (p.title.clone(), p.minutes))
        .collect();
    assert_eq!(
        per,
        vec![("Akut modtagelse".into(), 270), ("Besøgstider".into(), 240)]
    );
    assert_eq!(
        by_kind(&year),
        vec![
            (WorkKind::Preparation, 90),
            (WorkKind::Meeting, 195),
            (WorkKind::Workshop, 180),
            (WorkKind::Sparring, 0),
            (WorkKind::Writing, 45),
        ]
    );
    assert_eq!(year.minutes, 510);
    // Oversigt (this year) and the year report say the same.
    let o = overview::build(&store, today()).expect("overview");
    assert_eq!(o.hours, year);
    let r = year_report::build(&store, 2026, false, &Progress::none()).expect("report");
    assert_eq!(r.hours, year);
    let html = year_report::html(&r);
    assert!(
        html.contains("Akut modtagelse") && html.contains("4,5 t"),
        "270 min = 4,5 t"
    );
    assert!(html.contains("8,5 t"), "510 min = 8,5 t in all");
    // A bad entry names its field and changes nothing.
    let err = hours::add(
        &store,
        &TimeInput {
            project_id: a.id.to_string(),
            date: "2026-03-02".into(),
            kind: "meeting".into(),
            hours: "lang tid".into(),
            note: String::new(),
        },
        now(),
    )
    .expect_err("bad hours");
    assert_eq!(
        rejected_fields(err),
        vec![("hours".into(), samskab::domain::error::Rule::InvalidFormat)]
    );
}

/// A peer consultant sees and changes only their own hours; a consultant sees everyone's.
#[test]
fn a_peer_consultant_sees_only_their_own_hours_on_sled() {
    let (store, _guard) = temp_store_on(Backend::Sled);
    let p = projects::create(&store, &input("Pjece"), "involvement").expect("p");
    let louise = people::add(
        &store,
        &PersonInput {
            name: "Louise Bach".into(),
            roles: vec!["consultant".into()],
            passphrase: None,
        },
    )
    .expect("louise");
    let peter = people::add(
        &store,
        &PersonInput {
            name: "Peter Holm".into(),
            roles: vec!["peer".into()],
            passphrase: None,
        },
    )
    .expect("peter");
    people::choose(&store, louise.id).expect("louise");
    let hers = time(&store, p.id, "2026-11-02", "meeting", "2");
    people::choose(&store, peter.id).expect("peter");
    time(&store, p.id, "2026-11-03", "preparation", "1");
    let query = hours::HoursQuery {
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
        project_id: None,
    };
    let view = hours::list(&store, &query).expect("own");
    assert!(!view.everyone);
    assert_eq!(
        view.entries
            .iter()
            .map(|e| e.entry.by.as_str())
            .collect::<Vec<_>>(),
        vec!["Peter Holm"]
    );
    assert_eq!(view.summary.minutes, 60);
    assert_eq!(view.projects.len(), 1, "the projects to register on");
    let err = hours::set_removed(&store, hers.id, hers.version, true, now()).expect_err("hers");
    assert!(matches!(err, AppError::Forbidden { .. }), "{err:?}");
    people::choose(&store, louise.id).expect("louise");
    let all = hours::list(&store, &query).expect("all");
    assert!(all.everyone);
    assert_eq!(all.summary.minutes, 180);
}

/// On PostgreSQL the server keeps a peer consultant's login to their own rows.
#[test]
fn the_server_keeps_a_peer_to_their_own_hours() {
    use crate::support::pg::{login_of, TestDb};
    let db = TestDb::create();
    let owner = db.connect();
    let p = projects::create(&owner, &input("Pjece"), "involvement").expect("p");
    let consultant = Store::connect(db.options_as(&login_of(Role::Consultant))).expect("c");
    let peer = Store::connect(db.options_as(&login_of(Role::Peer))).expect("peer");
    time(&consultant, p.id, "2026-11-02", "meeting", "2");
    time(&peer, p.id, "2026-11-03", "preparation", "1");
    // Below the service: everything the peer's login can read of the table.
    let rows = peer
        .all::<samskab::domain::hours::TimeEntry>()
        .expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].by, login_of(Role::Peer));
    assert_eq!(
        consultant
            .all::<samskab::domain::hours::TimeEntry>()
            .expect("all")
            .len(),
        2
    );
    // Nor can the peer's login write a row as someone else.
    let mut forged = rows[0].clone();
    forged.id = samskab::domain::new_id();
    forged.by = login_of(Role::Consultant);
    assert!(peer
        .commit(&[samskab::store::Write::record(&forged).expect("write")])
        .is_err());
    // The payout lists are not the peer's at all.
    assert!(peer.payout_lists().is_err());
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn the_impact_log_fills_gripp2_and_the_year_report(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    let p = projects::create(&store, &input("Velkomstpjece"), "involvement").expect("p");
    let other = projects::create(&store, &input("Andet"), "involvement").expect("other");
    let c = consultations::request(
        &store,
        p.id,
        &samskab::domain::consultation::ConsultationInput {
            questions: "Er pjecen klar?".into(),
            ..Default::default()
        },
    )
    .expect("consultation");
    let meeting = samskab::service::board::meetings::plan(
        &store,
        &samskab::domain::meeting::MeetingInput {
            date: "2026-09-15".into(),
            time: "16:00".into(),
            place: "Mødelokale 2".into(),
            online: false,
        },
    )
    .expect("meeting");
    samskab::service::board::meetings::schedule(&store, meeting.id, meeting.version, c.id)
        .expect("schedule");
    let point = feedback::record(
        &store,
        c.id,
        &FeedbackInput {
            text: "Skriv kortere".into(),
            themes: vec!["sprog".into()],
        },
    )
    .expect("point");
    let said = capture_on(
        &store,
        p.id,
        "patients",
        "2026-09-20",
        "Jeg forstod ikke ordet visitation",
        true,
    );
    let change = impact::add(
        &store,
        p.id,
        &ImpactInput {
            kind: "change".into(),
            date: "2026-10-01".into(),
            text: "Pjecen er skrevet om".into(),
            points: vec![point.id],
            inputs: vec![said.id],
            ..Default::default()
        },
        now(),
    )
    .expect("change");
    impact::add(
        &store,
        p.id,
        &ImpactInput {
            kind: "meaning".into(),
            date: "2026-10-15".into(),
            text: "Jeg følte, at min erfaring kunne bruges til noget".into(),
            who: "medlem af Peer-boardet".into(),
            consent: true,
            ..Default::default()
        },
        now(),
    )
    .expect("meaning");
    // Last year's entry is not in this year's report.
    impact::add(
        &store,
        p.id,
        &ImpactInput {
            kind: "change".into(),
            date: "2025-06-01".into(),
            text: "Første udgave".into(),
            ..Default::default()
        },
        now(),
    )
    .expect("old");
    // A link to another project's point is refused, and what it meant needs consent.
    let foreign = impact::add(
        &store,
        other.id,
        &ImpactInput {
            kind: "change".into(),
            date: "2026-10-01".into(),
            text: "X".into(),
            points: vec![point.id],
            ..Default::default()
        },
        now(),
    )
    .expect_err("foreign");
    assert_eq!(
        rejected_fields(foreign),
        vec![("points".into(), samskab::domain::error::Rule::InvalidChoice)]
    );

    // A correction keeps the entry and its links.
    let change = impact::edit(
        &store,
        change.id,
        change.version,
        &ImpactInput {
            text: "Pjecen er skrevet om til halvt så mange ord".into(),
            ..change.as_input()
        },
        now(),
    )
    .expect("edit");
    assert_eq!(change.points, vec![point.id]);
    let log = impact::log(&store, p.id).expect("log");
    assert_eq!(log.len(), 3);
    let linked = log
        .iter()
        .find(|v| v.entry.id == change.id)
        .expect("change");
    assert_eq!(
        linked
            .links
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>(),
        vec!["Skriv kortere", "Jeg forstod ikke ordet visitation"]
    );

    let g = gripp2::fill(&store, p.id).expect("gripp2");
    assert!(g
        .outcomes
        .contains("- 01-10-2026: Pjecen er skrevet om til halvt så mange ord"));
    assert!(g.reflections.contains(
        "- 15-10-2026: »Jeg følte, at min erfaring kunne bruges til noget« (medlem af Peer-boardet)"
    ));
    assert!(!g.reflections.contains("halvt så mange ord"));

    let r = year_report::build(&store, 2026, false, &Progress::none()).expect("report");
    assert_eq!(r.impact.len(), 1);
    assert_eq!(r.impact[0].project_title, "Velkomstpjece");
    assert_eq!(
        r.impact[0]
            .entries
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>(),
        vec![
            "Pjecen er skrevet om til halvt så mange ord",
            "Jeg følte, at min erfaring kunne bruges til noget"
        ]
    );
    let html = year_report::html(&r);
    assert!(html.contains("Pjecen er skrevet om til halvt så mange ord"));
    assert!(!html.contains("Første udgave"));

    // The person withdraws their consent: their words go from the log, GRIPP2 and the year
    // report; the entry stays, dated.
    let words = log
        .iter()
        .find(|v| v.entry.kind == samskab::domain::impact::ImpactKind::Meaning)
        .expect("meaning")
        .entry
        .clone();
    let gone = impact::withdraw_consent(&store, words.id, words.version, now()).expect("withdraw");
    assert_eq!(gone.text, samskab::domain::impact::WITHDRAWN);
    assert_eq!(gone.who, "");
    let g = gripp2::fill(&store, p.id).expect("gripp2");
    assert!(!g.reflections.contains("min erfaring"));
    let r = year_report::build(&store, 2026, false, &Progress::none()).expect("report");
    assert_eq!(r.impact[0].entries.len(), 1);
    assert!(!year_report::html(&r).contains("min erfaring"));
    assert!(matches!(
        impact::withdraw_consent(&store, change.id, change.version, now()),
        Err(AppError::NotAllowed { .. })
    ));
}

fn material(store: &Store, title: &str, next: NaiveDate, places: &[&str], status: &str) -> Id {
    materials::add(
        store,
        &MaterialInput {
            title: title.into(),
            kind: "leaflet".into(),
            owner_unit: "Afsnit P3".into(),
            version_label: "1".into(),
            languages: vec!["dansk".into()],
            places: places.iter().map(|p| (*p).to_owned()).collect(),
            co_created: true,
            project_id: None,
            last_reviewed: None,
            next_review: next.format("%Y-%m-%d").to_string(),
            status: status.into(),
        },
        now(),
    )
    .expect("material")
    .id
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn review_figures_match_the_hand_count(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    let t = today();
    let day = |n: i64| t + Duration::days(n);
    // By hand, on 30-11-2026: overdue the two past their date (not the withdrawn one);
    // due soon those within 30 days, today and day 30 included; day 31 is later.
    let late = material(&store, "Velkommen", day(-40), &["welcome_area"], "in_use");
    material(&store, "Husregler", day(-1), &["ward"], "under_revision");
    material(&store, "Gammel plakat", day(-100), &["ward"], "withdrawn");
    material(&store, "Besøg", day(0), &["web"], "in_use");
    material(&store, "Medicin", day(30), &["ward", "web"], "in_use");
    material(&store, "Kost", day(31), &["ward"], "in_use");
    let o = overview::build(&store, t).expect("overview");
    assert_eq!((o.reviews.overdue, o.reviews.soon), (2, 2));
    assert_eq!(
        o.reviews
            .first
            .iter()
            .map(|d| (d.title.as_str(), d.overdue))
            .collect::<Vec<_>>(),
        vec![
            ("Velkommen", true),
            ("Husregler", true),
            ("Besøg", false),
            ("Medicin", false)
        ]
    );
    // The list the figure opens holds the same four.
    let due = materials::list(
        &store,
        &MaterialQuery {
            due_only: true,
            ..Default::default()
        },
        t,
    )
    .expect("due");
    assert_eq!(due.len(), 4);
    assert_eq!(due[0].due, ReviewDue::Overdue);
    // Filters by place and status.
    let ward: Vec<String> = materials::list(
        &store,
        &MaterialQuery {
            places: vec![Place::Ward],
            statuses: vec![MaterialStatus::InUse, MaterialStatus::UnderRevision],
            ..Default::default()
        },
        t,
    )
    .expect("ward")
    .into_iter()
    .map(|r| r.material.title)
    .collect();
    assert_eq!(ward, vec!["Husregler", "Medicin", "Kost"]);
    // A review moves it out of the figures and into its history.
    let m: samskab::domain::material::Material = store.get(late).expect("late");
    materials::review(
        &store,
        late,
        m.version,
        &ReviewInput {
            date: "2026-11-30".into(),
            next_review: "2027-11-30".into(),
            version_label: "2".into(),
            note: "Gennemgået med Peer-boardet".into(),
        },
        now(),
    )
    .expect("review");
    let o = overview::build(&store, t).expect("overview");
    assert_eq!((o.reviews.overdue, o.reviews.soon), (1, 2));
    let page = materials::get(&store, late, t).expect("page");
    assert_eq!(page.material.version_label, "2");
    assert_eq!(page.material.history.len(), 2);
    assert_eq!(page.material.history[1].note, "Gennemgået med Peer-boardet");
}

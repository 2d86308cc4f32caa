//! Honoraria and expenses (issue 13): a year with a rate change in the middle, a member
//! who declines honoraria, a cancelled meeting, an expense corrected after its list was
//! sent, a meeting's attendance registered late, and a rate changed back in time after a
//! list was made. The payout lists and year totals are compared with figures counted by
//! hand, to the øre, on both stores.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use rstest::rstest;

use samskab::domain::error::AppError;
use samskab::domain::meeting::MeetingInput;
use samskab::domain::member::{Member, MemberInput};
use samskab::domain::payout::{ClaimInput, PayoutList, PayoutStatus, RateInput};
use samskab::domain::Id;
use samskab::service::board::{meetings, members};
use samskab::service::payouts;
use samskab::service::progress::Progress;
use samskab::service::year_report;
use samskab::store::{Store, Write};

use crate::support::{rejected_fields, temp_store_on, Backend};

fn member(store: &Store, name: &str, honoraria: &str) -> Member {
    members::add(
        store,
        &MemberInput {
            name: name.into(),
            lived_experience: "patient".into(),
            honoraria: honoraria.into(),
            ..Default::default()
        },
    )
    .expect("member")
}

/// A meeting on `date` attended by `who`, held (or cancelled, with `held` false).
fn meeting(store: &Store, date: &str, who: &[Id], held: bool) -> Id {
    let m = meetings::plan(
        store,
        &MeetingInput {
            date: date.into(),
            time: "16:00".into(),
            place: "Mødelokale 2".into(),
            online: false,
        },
    )
    .expect("plan");
    let m = meetings::set_attendance(store, m.id, m.version, who).expect("attendance");
    let m = if held {
        meetings::mark_held(store, m.id, m.version).expect("held")
    } else {
        meetings::cancel(store, m.id, m.version).expect("cancel")
    };
    m.id
}

fn claim(store: &Store, who: Id, date: &str, kind: &str, km: &str, amount: &str, note: &str) -> Id {
    payouts::add_claim(
        store,
        &ClaimInput {
            member_id: who.to_string(),
            date: date.into(),
            kind: kind.into(),
            km: km.into(),
            amount: amount.into(),
            note: note.into(),
        },
        now(),
    )
    .expect("claim")
    .id
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0)
        .single()
        .expect("time")
}

fn rates(first_meeting: &str) -> Vec<RateInput> {
    vec![
        RateInput {
            from: "2026-01-01".into(),
            meeting: first_meeting.into(),
            workshop: "700".into(),
            teaching: "900,00".into(),
            km: "3,79".into(),
        },
        RateInput {
            from: "2026-07-01".into(),
            meeting: "400".into(),
            workshop: "800,00".into(),
            teaching: "1.000".into(),
            km: "3,81".into(),
        },
    ]
}

/// Each member's lines of a list as (name, kind, correction, amount in øre), in order.
fn lines_of(store: &Store, list: &PayoutList) -> Vec<(String, &'static str, bool, i64)> {
    let view = payouts::list(store, list.id).expect("list");
    view.members
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .map(|l| (p.member.clone(), l.kind.as_str(), l.correction, l.amount))
        })
        .collect()
}

fn approve(store: &Store, from: &str, to: &str) -> PayoutList {
    let draft = payouts::draft(store, from, to).expect("draft");
    payouts::approve(store, from, to, &draft.stamp, now()).expect("approve")
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_year_of_payouts_matches_the_hand_count(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    payouts::save_rates(&store, &rates("350,00")).expect("rates");
    let anna = member(&store, "Anna Holm", "accepted");
    let bo = member(&store, "Bo Lind", "accepted");
    let cille = member(&store, "Cille Dahl", "declined");

    meeting(&store, "2026-05-12", &[anna.id, bo.id, cille.id], true);
    let m2 = meeting(&store, "2026-06-16", &[anna.id, cille.id], true);
    meeting(&store, "2026-07-14", &[anna.id, bo.id, cille.id], true);
    meeting(&store, "2026-08-11", &[anna.id, bo.id], false); // cancelled: nothing
    let c1 = claim(&store, anna.id, "2026-05-12", "km", "37,5", "", "");
    claim(
        &store,
        bo.id,
        "2026-06-16",
        "ticket",
        "",
        "48,00",
        "Bus 14 tur/retur",
    );
    claim(&store, cille.id, "2026-07-14", "km", "20", "", "");
    claim(
        &store,
        bo.id,
        "2026-07-20",
        "workshop",
        "",
        "",
        "Workshop om udskrivning",
    );
    claim(
        &store,
        cille.id,
        "2026-07-22",
        "teaching",
        "",
        "",
        "Undervisning af nye ansatte",
    );

    // May–June, by hand: Anna 350,00 + 142,13 (37,5 km × 3,79 = 142,125) + 350,00;
    // Bo 350,00 + 48,00; Cille declines and claimed nothing then.
    let first = approve(&store, "2026-05-01", "2026-06-30");
    assert_eq!(
        lines_of(&store, &first),
        vec![
            ("Anna Holm".into(), "meeting", false, 35_000),
            ("Anna Holm".into(), "km", false, 14_213),
            ("Anna Holm".into(), "meeting", false, 35_000),
            ("Bo Lind".into(), "meeting", false, 35_000),
            ("Bo Lind".into(), "ticket", false, 4_800),
        ]
    );
    assert_eq!(first.total(), 124_013);
    let first = payouts::mark_sent(&store, first.id, first.version, now()).expect("sent");

    // The list is locked now.
    for err in [
        payouts::mark_sent(&store, first.id, first.version, now()).expect_err("again"),
        payouts::withdraw(&store, first.id, first.version, now()).expect_err("withdraw"),
    ] {
        assert!(
            matches!(
                err,
                AppError::NotAllowed {
                    rule: "payout_locked"
                }
            ),
            "{err:?}"
        );
    }
    // No second list for a period that shares a day with it.
    let overlapping = payouts::draft(&store, "2026-06-30", "2026-07-31").expect("draft");
    assert_eq!(overlapping.overlaps, Some(first.id));
    assert!(matches!(
        payouts::approve(
            &store,
            "2026-06-30",
            "2026-07-31",
            &overlapping.stamp,
            now()
        ),
        Err(AppError::NotAllowed {
            rule: "payout_overlap"
        })
    ));

    // After it was sent: Anna's trip corrected to 30 km, Bo registered at the June
    // meeting after all, and the first period's meeting rate raised to 360,00.
    let c1_now: samskab::domain::payout::Claim = store.get(c1).expect("c1");
    let mut corrected = c1_now.as_input();
    corrected.km = "30".into();
    payouts::edit_claim(&store, c1, c1_now.version, &corrected, now()).expect("correct");
    let m2_now: samskab::domain::meeting::Meeting = store.get(m2).expect("m2");
    meetings::set_attendance(&store, m2, m2_now.version, &[anna.id, cille.id, bo.id])
        .expect("late");
    payouts::save_rates(&store, &rates("360,00")).expect("rates changed");

    // What was sent stays as it was.
    let stored: PayoutList = store.get(first.id).expect("first");
    assert_eq!(stored.total(), 124_013);
    assert_eq!(stored.status, PayoutStatus::Sent);

    // July, by hand: Anna 400,00 and a correction of the trip, 30 km × 3,79 = 113,70
    // against 142,13 paid: −28,43 (the rate it was paid at, not a later one); Bo 400,00,
    // the workshop 800,00, and June's meeting registered late at June's rate as it is
    // now, 360,00; Cille (declines) 20 km × 3,81 = 76,20 and no teaching honorarium.
    let draft = payouts::draft(&store, "2026-07-01", "2026-07-31").expect("july");
    let by: HashMap<String, i64> = draft
        .members
        .iter()
        .map(|p| (p.member.clone(), p.totals.total))
        .collect();
    assert_eq!(by["Anna Holm"], 37_157);
    assert_eq!(by["Bo Lind"], 156_000);
    assert_eq!(by["Cille Dahl"], 7_620);
    assert_eq!(draft.totals.total, 200_777);
    let second = approve(&store, "2026-07-01", "2026-07-31");
    assert_eq!(
        lines_of(&store, &second),
        vec![
            ("Anna Holm".into(), "km", true, -2_843),
            ("Anna Holm".into(), "meeting", false, 40_000),
            ("Bo Lind".into(), "meeting", true, 36_000),
            ("Bo Lind".into(), "meeting", false, 40_000),
            ("Bo Lind".into(), "workshop", false, 80_000),
            ("Cille Dahl".into(), "km", false, 7_620),
        ]
    );

    // Approved but not sent: not in the year's totals yet.
    let year = payouts::year_totals(&store, 2026).expect("year");
    assert_eq!(year.totals.total, 124_013);
    assert_eq!(year.unsent, 1);
    payouts::mark_sent(&store, second.id, second.version, now()).expect("sent");

    // The year, by hand: Anna honoraria 350 + 350 + 400 = 1.100,00 for 3 meetings,
    // transport 142,13 − 28,43 = 113,70 for 30 km (the trip as corrected); Bo 350 + 360 +
    // 400 + 800 = 1.910,00 for 4 sessions (June's registered late counts) and 48,00; Cille
    // 76,20 for 20 km and no honorarium.
    let year = payouts::year_totals(&store, 2026).expect("year");
    let got: Vec<(String, i64, i64, i64, usize, i64)> = year
        .members
        .iter()
        .map(|m| {
            (
                m.member.clone(),
                m.totals.honoraria,
                m.totals.reimbursements,
                m.totals.total,
                m.sessions,
                m.km_tenths,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("Anna Holm".into(), 110_000, 11_370, 121_370, 3, 300),
            ("Bo Lind".into(), 191_000, 4_800, 195_800, 4, 0),
            ("Cille Dahl".into(), 0, 7_620, 7_620, 0, 200),
        ]
    );
    assert_eq!(year.totals.total, 324_790);
    assert_eq!(year.unsent, 0);
    let html = payouts::year_html(&year, Some(anna.id));
    assert!(html.contains("1.100,00") && html.contains("113,70") && html.contains("1.213,70"));
    assert!(!html.contains("Bo Lind"), "one member's statement only");

    // Nothing is left to pay: the next draft is empty and cannot be approved.
    let empty = payouts::draft(&store, "2026-08-01", "2026-08-31").expect("august");
    assert!(empty.members.is_empty());
    assert!(matches!(
        payouts::approve(&store, "2026-08-01", "2026-08-31", &empty.stamp, now()),
        Err(AppError::NotAllowed {
            rule: "payout_empty"
        })
    ));

    // The member who declines is counted in the year report's attendance all the same:
    // 3 + 3 + 3 attended the three meetings held (Bo's late registration included).
    let report = year_report::build(&store, 2026, true, &Progress::none()).expect("report");
    assert_eq!(report.members.attendances, 9);
    let cille_came = report
        .members
        .people
        .iter()
        .find(|p| p.name == "Cille Dahl")
        .map(|p| p.attended);
    assert_eq!(cille_came, Some(3));
}

/// A draft approved only as it was seen; a withdrawn list gives its lines back.
#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn approval_is_of_what_was_seen_and_withdrawal_gives_lines_back(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    payouts::save_rates(&store, &rates("350")).expect("rates");
    let anna = member(&store, "Anna Holm", "accepted");
    meeting(&store, "2026-03-10", &[anna.id], true);
    let seen = payouts::draft(&store, "2026-03-01", "2026-03-31").expect("draft");
    assert_eq!(seen.totals.total, 35_000);
    claim(&store, anna.id, "2026-03-10", "km", "10", "", "");
    assert!(matches!(
        payouts::approve(&store, "2026-03-01", "2026-03-31", &seen.stamp, now()),
        Err(AppError::NotAllowed {
            rule: "payout_changed"
        })
    ));
    let list = approve(&store, "2026-03-01", "2026-03-31");
    assert_eq!(list.total(), 35_000 + 3_790);
    let withdrawn = payouts::withdraw(&store, list.id, list.version, now()).expect("withdraw");
    assert_eq!(withdrawn.status, PayoutStatus::Withdrawn);
    let again = payouts::draft(&store, "2026-03-01", "2026-03-31").expect("again");
    assert_eq!(again.totals.total, 38_790);
    assert_eq!(again.overlaps, None);
}

/// A sent list cannot be changed even below the service: on PostgreSQL the server
/// refuses it (a trigger), whatever a program sends; its notes alone may go (erasure).
#[test]
fn the_server_refuses_a_change_to_a_sent_list() {
    let (store, _guard) = temp_store_on(Backend::Postgres);
    payouts::save_rates(&store, &rates("350")).expect("rates");
    let anna = member(&store, "Anna Holm", "accepted");
    meeting(&store, "2026-03-10", &[anna.id], true);
    claim(
        &store,
        anna.id,
        "2026-03-11",
        "ticket",
        "",
        "30",
        "Tog fra Hobro",
    );
    let list = approve(&store, "2026-03-01", "2026-03-31");
    let list = payouts::mark_sent(&store, list.id, list.version, now()).expect("sent");
    let mut changed = list.next_version(now());
    changed.lines[0].amount += 100;
    let err = store
        .commit(&[Write::record(&changed).expect("write")])
        .expect_err("locked");
    assert!(
        matches!(
            err,
            AppError::NotAllowed {
                rule: "payout_locked"
            }
        ),
        "{err:?}"
    );
    // Nor can a second list share a day with it, whatever a program sends.
    let mut twin = list.clone();
    twin.id = samskab::domain::new_id();
    twin.version = 1;
    twin.status = PayoutStatus::Approved;
    twin.from = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).expect("day");
    twin.to = chrono::NaiveDate::from_ymd_opt(2026, 4, 30).expect("day");
    let err = store
        .commit(&[Write::record(&twin).expect("write")])
        .expect_err("overlap");
    assert!(
        matches!(
            err,
            AppError::NotAllowed {
                rule: "payout_overlap"
            }
        ),
        "{err:?}"
    );
    // Nor any other account of a line: its rate, say.
    let mut rate = list.next_version(now());
    rate.lines[0].unit += 1;
    assert!(store
        .commit(&[Write::record(&rate).expect("write")])
        .is_err());
    let mut unsent = list.next_version(now());
    unsent.status = PayoutStatus::Approved;
    assert!(store
        .commit(&[Write::record(&unsent).expect("write")])
        .is_err());
    // The erasure of the member keeps the amounts and drops the note.
    let anna: Member = store.get(anna.id).expect("anna");
    samskab::service::rights::erase_member(&store, anna.id, anna.version, now()).expect("erase");
    let after: PayoutList = store.get(list.id).expect("list");
    assert_eq!(after.total(), list.total());
    assert!(after.lines.iter().all(|l| l.note.is_empty()));
    let view = payouts::list(&store, list.id).expect("view");
    assert_eq!(view.members[0].member, "Tidligere medlem 1");
}

/// Bad rates and claims are refused naming the field, and change nothing.
#[test]
fn bad_rates_and_claims_name_their_fields() {
    let (store, _guard) = temp_store_on(Backend::Sled);
    let mut bad = rates("350");
    bad[1].km = "tre".into();
    bad[1].from = "2026-01-01".into();
    assert_eq!(
        rejected_fields(payouts::save_rates(&store, &bad).expect_err("bad")),
        vec![
            (
                "rates.1.from".into(),
                samskab::domain::error::Rule::Duplicate
            ),
            (
                "rates.1.km".into(),
                samskab::domain::error::Rule::InvalidFormat
            ),
        ]
    );
    assert!(payouts::rates(&store).expect("rates").is_empty());
    let err = payouts::add_claim(
        &store,
        &ClaimInput {
            member_id: samskab::domain::new_id().to_string(),
            date: "2026-03-10".into(),
            kind: "km".into(),
            km: "12".into(),
            ..Default::default()
        },
        now(),
    )
    .expect_err("no such member");
    assert_eq!(
        rejected_fields(err),
        vec![(
            "member_id".into(),
            samskab::domain::error::Rule::InvalidChoice
        )]
    );
    assert!(store
        .all::<samskab::domain::payout::Claim>()
        .expect("all")
        .is_empty());
}

/// An erased member's payout history keeps its amounts for the accounts and loses the
/// name and the notes, on both stores: in the list, its sheet and the year totals.
#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn erasure_keeps_the_amounts_and_drops_the_name(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    payouts::save_rates(&store, &rates("350")).expect("rates");
    let anna = member(&store, "Anna Holm", "accepted");
    meeting(&store, "2026-03-10", &[anna.id], true);
    let ticket = claim(
        &store,
        anna.id,
        "2026-03-11",
        "ticket",
        "",
        "30",
        "Tog fra Hobro",
    );
    let list = approve(&store, "2026-03-01", "2026-03-31");
    let list = payouts::mark_sent(&store, list.id, list.version, now()).expect("sent");
    let anna: Member = store.get(anna.id).expect("anna");
    samskab::service::rights::erase_member(&store, anna.id, anna.version, now()).expect("erase");
    let after: PayoutList = store.get(list.id).expect("list");
    assert_eq!(after.total(), 38_000);
    assert_eq!(after.status, PayoutStatus::Sent);
    let sheet = payouts::sheet(&store, list.id).expect("sheet");
    let text = format!("{:?}", sheet.rows);
    assert!(!text.contains("Anna") && !text.contains("Hobro"), "{text}");
    assert!(text.contains("Tidligere medlem 1") && text.contains("380,00"));
    let claim: samskab::domain::payout::Claim = store.get(ticket).expect("claim");
    assert_eq!((claim.note.as_str(), claim.amount), ("", 3_000));
    let year = payouts::year_totals(&store, 2026).expect("year");
    assert_eq!(year.members[0].member, "Tidligere medlem 1");
    assert_eq!(year.members[0].totals.total, 38_000);
    // Nothing is owed or paid back because of the erasure.
    let draft = payouts::draft(&store, "2026-04-01", "2026-04-30").expect("draft");
    assert!(draft.members.is_empty());
}

/// A claim moved to another kind (or member) after it was paid is another item: what was
/// paid is paid back, and the new one paid at its own rate. Repeats in an attendance list
/// pay once.
#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_paid_claim_moved_to_another_kind_is_paid_back_and_paid_anew(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    payouts::save_rates(&store, &rates("350")).expect("rates");
    let anna = member(&store, "Anna Holm", "accepted");
    let bo = member(&store, "Bo Lind", "accepted");
    meeting(&store, "2026-03-10", &[anna.id, bo.id, anna.id], true);
    let held: Vec<samskab::domain::meeting::Meeting> = store.all().expect("meetings");
    assert_eq!(held[0].attendance, vec![anna.id, bo.id], "each member once");
    let w = claim(&store, anna.id, "2026-03-12", "workshop", "", "", "");
    let march = approve(&store, "2026-03-01", "2026-03-31");
    assert_eq!(march.total(), 35_000 + 35_000 + 70_000);
    let c: samskab::domain::payout::Claim = store.get(w).expect("claim");
    let mut input = c.as_input();
    input.kind = "km".into();
    input.km = "37,5".into();
    payouts::edit_claim(&store, w, c.version, &input, now()).expect("to km");
    // April, by hand: the workshop's 700,00 paid back, the trip 37,5 × 3,79 = 142,13.
    let april = approve(&store, "2026-04-01", "2026-04-30");
    assert_eq!(
        lines_of(&store, &april),
        vec![
            ("Anna Holm".into(), "workshop", true, -70_000),
            ("Anna Holm".into(), "km", true, 14_213),
        ]
    );
}

/// Two PCs approving at the same moment never both pay the same item: a meeting
/// registered late appears in the drafts of both May and June; whichever list is approved
/// first holds it, and the other approval is refused or made without it.
#[test]
fn two_pcs_approving_at_once_pay_an_item_once() {
    use crate::support::pg::TestDb;
    for round in 0..4 {
        let db = TestDb::create();
        let setup = db.connect();
        payouts::save_rates(&setup, &rates("350")).expect("rates");
        let anna = member(&setup, "Anna Holm", "accepted");
        meeting(&setup, "2026-04-20", &[anna.id], true);
        let stores = [db.connect(), db.connect()];
        let periods = [("2026-05-01", "2026-05-31"), ("2026-06-01", "2026-06-30")];
        let seen: Vec<String> = stores
            .iter()
            .zip(periods)
            .map(|(s, (f, t))| payouts::draft(s, f, t).expect("draft").stamp)
            .collect();
        let results: Vec<Result<PayoutList, AppError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = stores
                .iter()
                .zip(periods)
                .zip(&seen)
                .map(|((s, (f, t)), stamp)| {
                    scope.spawn(move || payouts::approve(s, f, t, stamp, now()))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        let paid: i64 = setup
            .payout_lists()
            .expect("lists")
            .iter()
            .map(|l| l.total())
            .sum();
        assert_eq!(paid, 35_000, "round {round}: {results:?}");
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "round {round}"
        );
        // The later one finds the lists changed under it, or (when the first was done
        // before it began) nothing left to pay.
        for e in results.iter().filter_map(|r| r.as_ref().err()) {
            assert!(
                matches!(
                    e,
                    AppError::NotAllowed {
                        rule: "payout_changed" | "payout_empty"
                    }
                ),
                "{e:?}"
            );
        }
    }
}

/// A member who declined honoraria and then accepts them is paid from the day they
/// accepted, not for what they attended before.
#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn accepting_honoraria_counts_from_the_day_of_the_change(#[case] backend: Backend) {
    let (store, _guard) = temp_store_on(backend);
    payouts::save_rates(&store, &rates("350")).expect("rates");
    let cille = member(&store, "Cille Dahl", "declined");
    meeting(&store, "2026-03-10", &[cille.id], true);
    let mut input = MemberInput {
        name: "Cille Dahl".into(),
        lived_experience: "patient".into(),
        honoraria: "accepted".into(),
        ..Default::default()
    };
    let cille = members::edit(&store, cille.id, cille.version, &input).expect("accepts");
    let today = samskab::service::board::today();
    assert_eq!(cille.honoraria_since, Some(today));
    let day = today.format("%Y-%m-%d").to_string();
    meeting(&store, &day, &[cille.id], true);
    // A period up to today (the March meeting before it is due all the same, if it is).
    let from = (today - chrono::Duration::days(300))
        .format("%Y-%m-%d")
        .to_string();
    let draft = payouts::draft(&store, &from, &day).expect("draft");
    let lines: Vec<(chrono::NaiveDate, i64)> = draft
        .members
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| (l.date, l.amount)))
        .collect();
    // Today's rate: the second period's, from 01-07-2026.
    assert_eq!(
        lines,
        vec![(today, 40_000)],
        "March's meeting was before she accepted"
    );
    // Another edit that keeps accepting keeps the day.
    input.notes = "Foretrækker e-mail".into();
    let again = members::edit(&store, cille.id, cille.version, &input).expect("edit");
    assert_eq!(again.honoraria_since, Some(today));
}

//! The unit's own work at the scale issue 13 names: a year of 2,000 Peer-board meetings
//! with 40 members (20 at each meeting), 2,000 claims, and eleven monthly payout lists sent
//! (January to November); and 2,000 information materials. Measures the December draft
//! (which reconciles every item of the year against the lists), a list's page, its sheet
//! for the payroll office, the year totals, and Oversigt with its review figures, on sled,
//! sled encrypted and PostgreSQL. Run with
//! `bash scripts/with-postgres.sh cargo bench --bench work`; medians in docs/benchmarks.md.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "pg.rs"]
mod pg;
use samskab::domain::meeting::MeetingInput;
use samskab::domain::member::MemberInput;
use samskab::domain::payout::{ClaimInput, RateInput};
use samskab::domain::Id;
use samskab::service::board::{meetings, members};
use samskab::service::{payouts, team};
use samskab::store::{Durability, SledStore, Store};

const MEETINGS: usize = 2_000;
const MEMBERS: usize = 40;
const AT_EACH: usize = 20;
const CLAIMS: usize = 2_000;
const YEAR: i32 = 2025;
const MATERIALS: usize = 2_000;

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn month_end(month: u32) -> NaiveDate {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(YEAR + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(YEAR, month + 1, 1)
    };
    next.expect("date") - Duration::days(1)
}

/// Builds the year through the services; returns a sent list (June's).
fn build(store: &Store) -> Id {
    payouts::save_rates(
        store,
        &[
            RateInput {
                from: format!("{YEAR}-01-01"),
                meeting: "350".into(),
                workshop: "700".into(),
                teaching: "900".into(),
                km: "3,79".into(),
            },
            RateInput {
                from: format!("{YEAR}-07-01"),
                meeting: "400".into(),
                workshop: "800".into(),
                teaching: "1.000".into(),
                km: "3,81".into(),
            },
        ],
    )
    .expect("rates");
    let ids: Vec<Id> = (0..MEMBERS)
        .map(|n| {
            members::add(
                store,
                &MemberInput {
                    name: format!("Medlem {n}"),
                    lived_experience: "patient".into(),
                    // Every eighth member declines honoraria.
                    honoraria: if n % 8 == 7 { "declined" } else { "accepted" }.into(),
                    ..Default::default()
                },
            )
            .expect("member")
            .id
        })
        .collect();
    let start = NaiveDate::from_ymd_opt(YEAR, 1, 1).expect("date");
    for i in 0..MEETINGS {
        let date = start + Duration::days((i * 365 / MEETINGS) as i64);
        let m = meetings::plan(
            store,
            &MeetingInput {
                date: day(date),
                time: "16:00".into(),
                place: "Mødelokale 2".into(),
                online: false,
            },
        )
        .expect("plan");
        let who: Vec<Id> = (0..AT_EACH).map(|k| ids[(i + k) % MEMBERS]).collect();
        let m = meetings::set_attendance(store, m.id, m.version, &who).expect("attendance");
        meetings::mark_held(store, m.id, m.version).expect("held");
    }
    let now = Utc::now();
    for i in 0..CLAIMS {
        let date = start + Duration::days((i * 365 / CLAIMS) as i64);
        payouts::add_claim(
            store,
            &ClaimInput {
                member_id: ids[i % MEMBERS].to_string(),
                date: day(date),
                kind: ["km", "ticket", "km", "workshop"][i % 4].into(),
                km: "37,5".into(),
                amount: "48,00".into(),
                note: format!("Tur {i}"),
            },
            now,
        )
        .expect("claim");
    }
    let mut june = None;
    for month in 1..=11 {
        let (from, to) = (
            day(NaiveDate::from_ymd_opt(YEAR, month, 1).expect("date")),
            day(month_end(month)),
        );
        let draft = payouts::draft(store, &from, &to).expect("draft");
        let list = payouts::approve(store, &from, &to, &draft.stamp, now).expect("approve");
        let list = payouts::mark_sent(store, list.id, list.version, now).expect("sent");
        if list.to.month() == 6 {
            june = Some(list.id);
        }
    }
    // Materials with their next review spread over two years around today.
    let today = Utc::now().date_naive();
    for i in 0..MATERIALS {
        let next = today + Duration::days((i % 730) as i64 - 365);
        samskab::service::materials::add(
            store,
            &samskab::domain::material::MaterialInput {
                title: format!("Pjece {i}"),
                kind: "leaflet".into(),
                owner_unit: format!("Afsnit {}", i % 12),
                version_label: "1".into(),
                languages: vec!["dansk".into()],
                places: vec![["welcome_area", "ward", "web"][i % 3].into()],
                co_created: i % 2 == 0,
                project_id: None,
                last_reviewed: None,
                next_review: day(next),
                status: ["in_use", "in_use", "under_revision", "withdrawn"][i % 4].into(),
            },
            now,
        )
        .expect("material");
    }
    june.expect("june")
}

fn bench(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("built");
    let store = Store::open_with(&data, Durability::FlushOnly).expect("open");
    let june = build(&store);
    let records = store.sled().expect("sled").records().expect("records");
    let loaded = |name: &str, key: Option<samskab::store::crypto::DataKey>| {
        let s =
            SledStore::open_keyed(&root.path().join(name), Durability::Synced, key).expect("open");
        s.load(&records).expect("load");
        Store::from(s)
    };
    let encrypted = loaded(
        "encrypted",
        Some(samskab::store::crypto::DataKey::generate().expect("key")),
    );
    let options = pg::empty_database(&mut pg::admin(), "samskab_bench_work");
    let shared = Store::connect(options.clone()).expect("connect");
    team::move_in(&store, &shared).expect("move in");
    options
        .client()
        .expect("client")
        .batch_execute("VACUUM ANALYZE")
        .expect("vacuum");

    let (from, to) = (format!("{YEAR}-12-01"), format!("{YEAR}-12-31"));
    let december = payouts::draft(&store, &from, &to).expect("draft");
    assert!(december.members.len() > 30, "{}", december.members.len());
    for (name, s) in [
        ("sled", &store),
        ("sled_encrypted", &encrypted),
        ("postgres", &shared),
    ] {
        assert_eq!(
            payouts::draft(s, &from, &to).expect("draft").stamp,
            december.stamp
        );
        let mut group = c.benchmark_group(format!("payouts_{name}"));
        group.sample_size(20);
        group.bench_function("draft_december_2000_meetings_40_members", |b| {
            b.iter(|| payouts::draft(s, &from, &to).expect("draft"))
        });
        group.bench_function("list_page", |b| {
            b.iter(|| payouts::list(s, june).expect("list"))
        });
        group.bench_function("list_sheet", |b| {
            b.iter(|| payouts::sheet(s, june).expect("sheet"))
        });
        group.bench_function("year_totals", |b| {
            b.iter(|| payouts::year_totals(s, YEAR).expect("year"))
        });
        group.finish();
        let mut group = c.benchmark_group(format!("materials_{name}"));
        group.sample_size(20);
        let today = Utc::now().date_naive();
        group.bench_function("overview_2000_materials", |b| {
            b.iter(|| {
                let o = samskab::service::overview::build(s, today).expect("overview");
                assert!(o.reviews.overdue > 0 && o.reviews.soon > 0);
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

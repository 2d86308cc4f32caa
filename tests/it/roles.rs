//! People and roles. The role matrix: every command × every role, called through the real
//! invoke handler with nothing hidden by the UI, on both stores. Each forbidden call is
//! refused with `forbidden.role` and changes nothing; each allowed call runs to its normal
//! outcome. On PostgreSQL each role is a login in its group role, so the server's grants
//! are exercised too, and SQL sent directly as that login is held to them.

use std::collections::BTreeMap;

use rstest::rstest;
use serde_json::{json, Value};

use samskab::domain::feedback::FeedbackInput;
use samskab::domain::feedback_loop::AnswerInput;
use samskab::domain::input::{ActivityInput, Input, InputInput};
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::member::{Member, MemberInput};
use samskab::domain::roles::{any_allows, Access, PersonInput, Role};
use samskab::domain::Id;
use samskab::service::access::{access_of, COMMANDS};
use samskab::service::audit::{logged, Logged, AUDITED};
use samskab::service::board::{consultations, feedback, meetings, members};
use samskab::service::database::Database;
use samskab::service::{inputs, people, projects};
use samskab::store::Store;

use super::support::pg::{login_of, TestDb};
use super::support::{input, Backend, MockWindow};

const ROLES: [Role; 4] = [
    Role::Consultant,
    Role::Peer,
    Role::Manager,
    Role::Administrator,
];

/// What the commands need to exist: ids of records in every state a command acts on.
struct Fixture {
    project: Id,
    other_project: Id,
    requested: Id,
    scheduled: Id,
    meeting: Id,
    spare_meeting: Id,
    third_meeting: Id,
    member: Id,
    answered_point: Id,
    open_point: Id,
    open_input: Id,
    answered_input: Id,
    claim: Id,
    /// An approved payout list (September).
    list: Id,
    impact: Id,
    material: Id,
}

fn answer() -> AnswerInput {
    AnswerInput {
        status: "adopted".into(),
        text: "Vi retter det".into(),
        reason: String::new(),
        by: "Mette Kjær".into(),
        date: None,
    }
}

fn meeting_input(date: &str) -> MeetingInput {
    MeetingInput {
        date: date.into(),
        time: "16:00".into(),
        place: "Lokale 2".into(),
        online: false,
    }
}

fn capture(store: &Store, project: Id, text: &str) -> Input {
    inputs::capture(
        store,
        &InputInput {
            project_id: project,
            group: "patients".into(),
            channel: "survey".into(),
            date: "2026-10-02".into(),
            text: text.into(),
            themes: vec!["skilte".into()],
            ..Default::default()
        },
    )
    .expect("capture")
}

/// Made through the services by someone who may do everything.
fn fixture(store: &Store) -> Fixture {
    let project = projects::create(store, &input("Pjece"), "involvement").expect("project");
    let other = projects::create(store, &input("Andet"), "idea").expect("project");
    let ask = || samskab::domain::consultation::ConsultationInput {
        questions: "Hvad mangler?".into(),
        ..Default::default()
    };
    let requested = consultations::request(store, project.id, &ask())
        .expect("c1")
        .id;
    let scheduled = consultations::request(store, project.id, &ask())
        .expect("c2")
        .id;
    let meeting = meetings::plan(store, &meeting_input("2026-10-01"))
        .expect("m")
        .id;
    let spare = meetings::plan(store, &meeting_input("2026-12-01"))
        .expect("m")
        .id;
    let third = meetings::plan(store, &meeting_input("2026-12-08"))
        .expect("m")
        .id;
    let v = store.get::<Meeting>(meeting).expect("m").version;
    meetings::schedule(store, meeting, v, scheduled).expect("schedule");
    let text = |t: &str| FeedbackInput {
        text: t.into(),
        themes: vec!["sprog".into()],
    };
    let answered = feedback::record(store, scheduled, &text("Skriv kortere")).expect("point");
    feedback::answer(store, answered.id, answered.version, &answer()).expect("answer");
    let open = feedback::record(store, scheduled, &text("Større skrift")).expect("point");
    let member = members::add(
        store,
        &MemberInput {
            name: "Anne Holm".into(),
            lived_experience: "patient".into(),
            honoraria: "accepted".into(),
            email: "anne@example.dk".into(),
            phone: "12345678".into(),
            ..Default::default()
        },
    )
    .expect("member")
    .id;
    inputs::add_activity(
        store,
        project.id,
        &ActivityInput {
            kind: "workshop".into(),
            date: "2026-10-01".into(),
            patients: 3,
            ..Default::default()
        },
    )
    .expect("activity");
    let open_input = capture(store, project.id, "Skiltene var svære at se").id;
    let answered_input = capture(store, project.id, "Venteværelset er koldt");
    inputs::answer(store, answered_input.id, answered_input.version, &answer()).expect("ans");
    samskab::service::payouts::save_rates(
        store,
        &[samskab::domain::payout::RateInput {
            from: "2026-01-01".into(),
            meeting: "350".into(),
            workshop: "700".into(),
            teaching: "900".into(),
            km: "3,79".into(),
        }],
    )
    .expect("rates");
    let claim = samskab::service::payouts::add_claim(
        store,
        &samskab::domain::payout::ClaimInput {
            member_id: member.to_string(),
            date: "2026-09-15".into(),
            kind: "km".into(),
            km: "12".into(),
            ..Default::default()
        },
        chrono::Utc::now(),
    )
    .expect("claim")
    .id;
    let draft = samskab::service::payouts::draft(store, "2026-09-01", "2026-09-30").expect("d");
    let list = samskab::service::payouts::approve(
        store,
        "2026-09-01",
        "2026-09-30",
        &draft.stamp,
        chrono::Utc::now(),
    )
    .expect("list")
    .id;
    let impact = samskab::service::impact::add(
        store,
        project.id,
        &samskab::domain::impact::ImpactInput {
            kind: "change".into(),
            date: "2026-10-01".into(),
            text: "Pjecen er kortere".into(),
            ..Default::default()
        },
        chrono::Utc::now(),
    )
    .expect("impact")
    .id;
    let material = samskab::service::materials::add(store, &material_input(), chrono::Utc::now())
        .expect("material")
        .id;
    Fixture {
        claim,
        list,
        impact,
        material,
        project: project.id,
        other_project: other.id,
        requested,
        scheduled,
        meeting,
        spare_meeting: spare,
        third_meeting: third,
        member,
        answered_point: answered.id,
        open_point: open.id,
        open_input,
        answered_input: answered_input.id,
    }
}

fn project_input() -> Value {
    json!({
        "title": "Pjece om indlæggelse", "summary": "", "kind": "information_material",
        "requester_unit": "Afsnit P3", "requester_contact": "", "responsible_consultant": "",
        "involvement_level": "involve", "target_groups": ["patients"], "start_date": null,
        "deadline": null, "tags": []
    })
}

fn material_input() -> samskab::domain::material::MaterialInput {
    samskab::domain::material::MaterialInput {
        title: "Velkommen til P3".into(),
        kind: "leaflet".into(),
        owner_unit: "Afsnit P3".into(),
        version_label: "1".into(),
        languages: vec!["dansk".into()],
        places: vec!["welcome_area".into()],
        next_review: "2027-06-01".into(),
        status: "in_use".into(),
        ..Default::default()
    }
}

fn member_input() -> Value {
    json!({
        "name": "Anne Holm", "initials": "AH", "lived_experience": "patient", "email": "",
        "phone": "", "joined": null, "left": null, "honoraria": "accepted", "notes": ""
    })
}

fn answer_input() -> Value {
    json!({"status": "adopted", "text": "Vi retter det", "reason": "", "by": "Mette Kjær",
        "date": null})
}

/// How a call that the role may make must end: `Ok`, or — where a command cannot apply
/// on this store — this error code (the sled-only commands in team mode, say).
type Outcome = Result<(), &'static str>;

/// One call: the command, its arguments (read when it is made, for current versions),
/// and how it ends on each store when allowed.
struct Call {
    cmd: &'static str,
    args: Box<dyn Fn(&World) -> Value>,
    sled: Outcome,
    postgres: Outcome,
}

fn call(cmd: &'static str, args: impl Fn(&World) -> Value + 'static) -> Call {
    Call {
        cmd,
        args: Box::new(args),
        sled: Ok(()),
        postgres: Ok(()),
    }
}

impl Call {
    fn on_postgres(mut self, outcome: Outcome) -> Call {
        self.postgres = outcome;
        self
    }
    fn on_sled(mut self, outcome: Outcome) -> Call {
        self.sled = outcome;
        self
    }
}

struct World {
    window: MockWindow,
    /// Reads versions and snapshots with every right (PostgreSQL: the superuser; sled:
    /// `None`, the window's own store, asked for each time so that the window can close
    /// it when it switches databases).
    admin: Option<std::sync::Arc<Store>>,
    f: Fixture,
    _out: tempfile::TempDir,
    _db: Option<TestDb>,
    /// Another empty PostgreSQL database (the target of moving in, and of Test forbindelse).
    spare: TestDb,
}

impl World {
    fn reader(&self) -> std::sync::Arc<Store> {
        use tauri::Manager;
        match &self.admin {
            Some(admin) => admin.clone(),
            None => self
                .window
                .webview
                .state::<samskab::commands::AppState>()
                .store()
                .expect("open"),
        }
    }

    fn v<T: samskab::store::Versioned>(&self, id: Id) -> u64 {
        self.reader().get::<T>(id).expect("record").version()
    }

    /// A path chosen in the (test) save dialog, so a command may write it.
    fn chosen(&self, name: &str) -> String {
        self.window
            .ok(
                "choose_file",
                json!({"suggested": name, "filter_name": "fil", "extensions": ["html"],
                    "mode": "save"}),
            )
            .as_str()
            .expect("a path")
            .to_owned()
    }

    /// The newest backup's path (sled); any path on PostgreSQL, where the command stops
    /// before reading it.
    fn newest_backup(&self) -> Value {
        let newest = self.window.call("newest_backup", json!({})).ok();
        newest
            .and_then(|v| v.get("path").cloned())
            .unwrap_or(json!("/tmp/ingen.zip"))
    }

    /// The id of profile `name` (nil when there is none).
    fn profile_id(&self, name: &str) -> Id {
        let people = self.reader().settings().expect("settings").people;
        people
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.id)
            .unwrap_or_default()
    }

    /// How many entries the audit log holds (read by the administrator on PostgreSQL).
    fn audit_len(&self) -> usize {
        self.reader().audit_entries().expect("audit log").len()
    }

    fn audit_newest(&self) -> Option<samskab::domain::audit::AuditEntry> {
        let mut all = self.reader().audit_entries().expect("audit log");
        all.pop().and_then(|(_, e)| e.ok())
    }

    fn snapshot(&self) -> samskab::store::Records {
        self.reader().records().expect("records")
    }

    fn profile(&self, db: &TestDb) -> Value {
        let cluster = std::env::var("SAMSKAB_TEST_PG").expect("SAMSKAB_TEST_PG");
        let value = |key: &str| {
            cluster
                .split_whitespace()
                .find_map(|kv| kv.strip_prefix(key).map(str::to_owned))
        };
        let port: u16 = value("port=").and_then(|p| p.parse().ok()).unwrap_or(5432);
        json!({"host": value("host=").expect("host"), "port": port, "database": db.name,
            "user": "postgres", "root_certificate": "", "in_use": false})
    }
}

/// A world where `role` is signed in: on sled, a profile of that role chosen (the first
/// profile, an administrator, made the fixture); on PostgreSQL, the test login in the
/// role's group.
fn world(backend: Backend, role: Role) -> World {
    let out = tempfile::tempdir().expect("out");
    let testing = samskab::cli::Testing {
        save_dir: Some(out.path().to_owned()),
        ..Default::default()
    };
    let dir = tempfile::tempdir().expect("dir");
    let spare = TestDb::create();
    match backend {
        Backend::Sled => {
            let db = Database::open(&dir.path().join("data"), std::time::Duration::from_secs(10));
            let store = db.store().expect("open");
            let f = fixture(&store);
            people::add(
                &store,
                &PersonInput {
                    name: "Louise Bach".into(),
                    roles: vec!["consultant".into()],
                    passphrase: None,
                },
            )
            .expect("first profile");
            let tester = people::add(
                &store,
                &PersonInput {
                    name: "Testperson".into(),
                    roles: vec![role.as_str().into()],
                    passphrase: None,
                },
            )
            .expect("profile");
            people::choose(&store, tester.id).expect("choose");
            drop(store);
            World {
                window: MockWindow::new(db, testing, dir),
                admin: None,
                f,
                _out: out,
                _db: None,
                spare,
            }
        }
        Backend::Postgres => {
            let test_db = TestDb::create();
            let admin = std::sync::Arc::new(test_db.connect());
            let f = fixture(&admin);
            let db = Database::open_shared(
                &dir.path().join("data"),
                test_db.options_as(&login_of(role)),
                std::time::Duration::from_secs(10),
            );
            db.sign_in("").expect("sign in");
            assert_eq!(
                db.store()
                    .expect("signed in")
                    .person()
                    .expect("login")
                    .roles,
                vec![role]
            );
            World {
                window: MockWindow::new(db, testing, dir),
                admin: Some(admin),
                f,
                _out: out,
                _db: Some(test_db),
                spare,
            }
        }
    }
}

/// The id and version of the newest time entry.
fn newest_time(w: &World) -> (Id, u64) {
    w.reader()
        .all::<samskab::domain::hours::TimeEntry>()
        .expect("entries")
        .last()
        .map_or((Id::nil(), 1), |e| (e.id, e.version))
}

/// Every command, in an order in which each allowed call can succeed.
fn calls() -> Vec<Call> {
    let not_local = Err("store.not_local");
    vec![
        call("app_status", |_| json!({})),
        call("list_projects", |_| json!({"query": {}})),
        call("project_titles", |_| json!({"archive": "all"})),
        call("get_project", |w| json!({"id": w.f.project})),
        call(
            "create_project",
            |_| json!({"input": project_input(), "phase": "idea"}),
        ),
        call("update_project", |w| {
            json!({"id": w.f.project, "input": project_input(),
                "expected_version": w.v::<samskab::domain::project::Project>(w.f.project)})
        }),
        call("change_project_phase", |w| {
            json!({"id": w.f.other_project, "phase": "paused",
                "expected_version": w.v::<samskab::domain::project::Project>(w.f.other_project)})
        }),
        call("set_project_archived", |w| {
            json!({"id": w.f.other_project, "archived": true,
                "expected_version": w.v::<samskab::domain::project::Project>(w.f.other_project)})
        }),
        call("get_settings", |_| json!({})),
        call(
            "update_settings",
            |_| json!({"settings": {"language": "da", "user_name": "", "overdue_days": 21, "people": []}}),
        ),
        call("board_overview", |_| json!({})),
        call("to_report_back", |_| json!({})),
        call("add_member", |_| json!({"input": member_input()})),
        call("edit_member", |w| {
            json!({"id": w.f.member, "input": member_input(),
                "expected_version": w.v::<Member>(w.f.member)})
        }),
        call("plan_meeting", |_| {
            json!({"input": {"date": "2027-01-05", "time": "16:00", "place": "Lokale 2",
                "online": false}})
        }),
        call("edit_meeting", |w| {
            json!({"id": w.f.spare_meeting, "expected_version": w.v::<Meeting>(w.f.spare_meeting),
                "input": {"date": "2026-12-02", "time": "15:00", "place": "Lokale 3",
                "online": true}})
        }),
        call("get_meeting", |w| json!({"id": w.f.meeting})),
        call("schedule_consultation", |w| {
            json!({"id": w.f.spare_meeting, "consultation_id": w.f.requested,
                "expected_version": w.v::<Meeting>(w.f.spare_meeting)})
        }),
        call("unschedule_consultation", |w| {
            json!({"id": w.f.spare_meeting, "consultation_id": w.f.requested,
                "expected_version": w.v::<Meeting>(w.f.spare_meeting)})
        }),
        call("reorder_meeting", |w| {
            json!({"id": w.f.meeting, "agenda": [w.f.scheduled], "report_back": [],
                "expected_version": w.v::<Meeting>(w.f.meeting)})
        }),
        call("set_attendance", |w| {
            json!({"id": w.f.meeting, "members": [w.f.member],
                "expected_version": w.v::<Meeting>(w.f.meeting)})
        }),
        call("set_minutes", |w| {
            json!({"id": w.f.meeting, "minutes": "Referat",
                "expected_version": w.v::<Meeting>(w.f.meeting)})
        }),
        call("add_report_back", |w| {
            json!({"id": w.f.third_meeting, "points": [w.f.answered_point],
                "expected_version": w.v::<Meeting>(w.f.third_meeting)})
        }),
        call("remove_report_back", |w| {
            json!({"id": w.f.third_meeting, "points": [w.f.answered_point],
                "expected_version": w.v::<Meeting>(w.f.third_meeting)})
        }),
        call("request_consultation", |w| {
            json!({"project_id": w.f.project, "input": {"questions": "Er teksten klar?",
                "material": "", "links": [], "presenter": ""}})
        }),
        call("edit_consultation", |w| {
            json!({"id": w.f.requested, "input": {"questions": "Er teksten klar nok?",
                "material": "", "links": [], "presenter": ""},
                "expected_version":
                    w.v::<samskab::domain::consultation::Consultation>(w.f.requested)})
        }),
        call("get_consultation", |w| json!({"id": w.f.scheduled})),
        call(
            "project_consultations",
            |w| json!({"project_id": w.f.project}),
        ),
        call("record_feedback", |w| {
            json!({"consultation_id": w.f.scheduled,
                "input": {"text": "Brug billeder", "themes": ["sprog"]}})
        }),
        call("edit_feedback", |w| {
            json!({"id": w.f.open_point, "input": {"text": "Større skrift, tak", "themes": []},
                "expected_version":
                    w.v::<samskab::domain::feedback::FeedbackPoint>(w.f.open_point)})
        }),
        call("answer_feedback", |w| {
            json!({"id": w.f.open_point, "input": answer_input(),
                "expected_version":
                    w.v::<samskab::domain::feedback::FeedbackPoint>(w.f.open_point)})
        }),
        call(
            "save_draft",
            |_| json!({"key": "feedback:0192f5a0-1c2d-7000-8000-000000000001", "text": "Halvt"}),
        ),
        call(
            "get_draft",
            |_| json!({"key": "feedback:0192f5a0-1c2d-7000-8000-000000000001"}),
        ),
        call(
            "compiled_feedback_html",
            |w| json!({"consultation_id": w.f.scheduled}),
        ),
        call("save_compiled_feedback", |w| {
            json!({"consultation_id": w.f.scheduled, "format": "html",
                "path": w.chosen("feedback.html")})
        }),
        call("add_report_back", |w| {
            json!({"id": w.f.meeting, "points": [w.f.answered_point],
                "expected_version": w.v::<Meeting>(w.f.meeting)})
        }),
        call(
            "mark_reported_back",
            |w| json!({"id": w.f.meeting, "points": [w.f.answered_point]}),
        ),
        call(
            "mark_meeting_held",
            |w| json!({"id": w.f.meeting, "expected_version": w.v::<Meeting>(w.f.meeting)}),
        ),
        call(
            "cancel_meeting",
            |w| json!({"id": w.f.spare_meeting, "expected_version": w.v::<Meeting>(w.f.spare_meeting)}),
        ),
        call(
            "mark_member_left",
            |w| json!({"id": w.f.member, "date": null, "expected_version": w.v::<Member>(w.f.member)}),
        ),
        call("add_activity", |w| {
            json!({"project_id": w.f.project, "input": {"kind": "workshop",
                "date": "2026-10-01", "patients": 4, "relatives": 2, "peers": 1, "staff": 1,
                "description": "Workshop"}})
        }),
        call("project_activities", |w| json!({"project_id": w.f.project})),
        call("capture_input", |w| {
            json!({"input": {"project_id": w.f.project, "activity_id": null,
                "group": "relatives", "channel": "survey", "date": "2026-11-02",
                "text": "Parkeringen er svær", "themes": ["parkering"], "may_quote": false,
                "contributor": ""}})
        }),
        call("answer_input", |w| {
            json!({"id": w.f.open_input, "input": answer_input(),
                "expected_version": w.v::<Input>(w.f.open_input)})
        }),
        call(
            "report_back_inputs",
            |w| json!({"ids": [w.f.answered_input], "channel": "letter", "date": null}),
        ),
        call("search_inputs", |_| json!({"query": {}})),
        call("themes", |_| json!({"project_id": null})),
        call(
            "merge_themes",
            |_| json!({"from": ["skilte"], "into": "skiltning"}),
        ),
        call("we_asked_report", |w| json!({"project_id": w.f.project})),
        call(
            "save_we_asked_report",
            |w| json!({"project_id": w.f.project, "format": "html", "path": w.chosen("vi.html")}),
        ),
        call("overview", |_| json!({})),
        call("export_sheet", |w| {
            json!({"kind": "projects", "format": "csv", "personal": false,
                "path": w.chosen("p.csv"), "job": "j1", "on_progress": "__CHANNEL__:1"})
        }),
        call("export_sheet", |w| {
            json!({"kind": "inputs", "format": "csv", "personal": true,
                "path": w.chosen("i.csv"), "job": "j2", "on_progress": "__CHANNEL__:1"})
        }),
        call("cancel_job", |_| json!({"job": "ingen"})),
        call(
            "year_report",
            |_| json!({"year": 2026, "personal": false, "job": "j3", "on_progress": "__CHANNEL__:1"}),
        ),
        call(
            "year_report",
            |_| json!({"year": 2026, "personal": true, "job": "j4", "on_progress": "__CHANNEL__:1"}),
        ),
        call("save_year_report", |w| {
            json!({"year": 2026, "personal": false, "path": w.chosen("aar.html"), "job": "j5",
                "on_progress": "__CHANNEL__:1"})
        }),
        call("gripp2_draft", |w| json!({"project_id": w.f.project})),
        call("save_gripp2_draft", |w| {
            json!({"project_id": w.f.project, "draft": {"aim": "Mål", "methods": "",
                "results": "", "outcomes": "", "reflections": ""}})
        }),
        call("save_gripp2", |w| {
            json!({"project_id": w.f.project, "format": "html", "path": w.chosen("g.html"),
                "draft": {"aim": "Mål", "methods": "", "results": "", "outcomes": "",
                "reflections": ""}})
        }),
        call("payout_rates", |_| json!({})),
        call("save_payout_rates", |_| {
            json!({"rates": [{"from": "2026-01-01", "meeting": "350", "workshop": "700",
                "teaching": "900", "km": "3,79"}]})
        }),
        call("add_claim", |w| {
            json!({"input": {"member_id": w.f.member, "date": "2026-10-01", "kind": "km",
                "km": "12", "amount": "", "note": ""}})
        }),
        call("edit_claim", |w| {
            json!({"id": w.f.claim, "expected_version":
                w.v::<samskab::domain::payout::Claim>(w.f.claim),
                "input": {"member_id": w.f.member, "date": "2026-09-15", "kind": "km",
                "km": "14", "amount": "", "note": ""}})
        }),
        call("set_claim_withdrawn", |w| {
            json!({"id": w.f.claim, "withdrawn": false, "expected_version":
                w.v::<samskab::domain::payout::Claim>(w.f.claim)})
        }),
        call(
            "claims",
            |_| json!({"period": {"from": "2026-09-01", "to": "2026-10-31"}}),
        ),
        call(
            "payout_draft",
            |_| json!({"period": {"from": "2026-10-01", "to": "2026-10-31"}}),
        ),
        call("approve_payout", |w| {
            let stamp = samskab::service::payouts::draft(&w.reader(), "2026-10-01", "2026-10-31")
                .expect("draft")
                .stamp;
            json!({"period": {"from": "2026-10-01", "to": "2026-10-31"}, "stamp": stamp})
        }),
        call("payout_lists", |_| json!({})),
        call("payout_list", |w| json!({"id": w.f.list})),
        call("withdraw_payout", |w| {
            // The October list the approval above made (none when it was refused).
            let october = samskab::service::payouts::lists(&w.reader())
                .expect("lists")
                .into_iter()
                .find(|l| l.id != w.f.list);
            json!({"id": october.as_ref().map_or(Id::nil(), |l| l.id),
                "expected_version": october.map_or(1, |l| l.version)})
        }),
        call(
            "save_payout_list",
            |w| json!({"id": w.f.list, "format": "csv", "path": w.chosen("udbetaling.csv")}),
        ),
        call("mark_payout_sent", |w| {
            json!({"id": w.f.list, "expected_version":
                w.v::<samskab::domain::payout::PayoutList>(w.f.list)})
        }),
        call("payout_year", |_| json!({"year": 2026})),
        call(
            "save_payout_year",
            |w| json!({"year": 2026, "member_id": null, "path": w.chosen("honorar.html")}),
        ),
        call("add_time", |w| {
            json!({"input": {"project_id": w.f.project, "date": "2026-10-01",
                "kind": "meeting", "hours": "1,5", "note": ""}})
        }),
        call("edit_time", |w| {
            // The newest entry: the one the call above made for the signed-in person.
            let e = newest_time(w);
            json!({"id": e.0, "expected_version": e.1, "input": {"project_id": w.f.project,
                "date": "2026-10-01", "kind": "writing", "hours": "2", "note": ""}})
        }),
        call("set_time_removed", |w| {
            let e = newest_time(w);
            json!({"id": e.0, "expected_version": e.1, "removed": false})
        }),
        call(
            "hours",
            |_| json!({"query": {"from": "2026-10-01", "to": "2026-10-31", "project_id": null}}),
        ),
        call("add_impact", |w| {
            json!({"project_id": w.f.project, "input": {"kind": "meaning", "date": "2026-10-02",
                "text": "Jeg blev hørt", "who": "medlem", "consent": true, "points": [],
                "inputs": []}})
        }),
        call("edit_impact", |w| {
            json!({"id": w.f.impact, "expected_version":
                w.v::<samskab::domain::impact::ImpactEntry>(w.f.impact),
                "input": {"kind": "change", "date": "2026-10-01", "text": "Pjecen er kortere nu",
                "who": "", "consent": false, "points": [], "inputs": []}})
        }),
        call("impact_log", |w| json!({"project_id": w.f.project})),
        call("withdraw_impact_consent", |w| {
            // The entry of what it meant that the call above made (none when refused).
            let e = w
                .reader()
                .all::<samskab::domain::impact::ImpactEntry>()
                .expect("entries")
                .into_iter()
                .find(|e| e.kind == samskab::domain::impact::ImpactKind::Meaning)
                .map_or((Id::nil(), 1), |e| (e.id, e.version));
            json!({"id": e.0, "expected_version": e.1})
        }),
        call(
            "add_material",
            |_| json!({"input": serde_json::to_value(material_input()).expect("json")}),
        ),
        call("edit_material", |w| {
            let mut input = material_input();
            input.version_label = "2".into();
            json!({"id": w.f.material, "input": serde_json::to_value(input).expect("json"),
                "expected_version": w.v::<samskab::domain::material::Material>(w.f.material)})
        }),
        call("review_material", |w| {
            json!({"id": w.f.material, "input": {"date": "2026-10-01",
                "next_review": "2027-10-01", "version_label": "", "note": ""},
                "expected_version": w.v::<samskab::domain::material::Material>(w.f.material)})
        }),
        call(
            "materials",
            |_| json!({"query": {"places": ["welcome_area"], "statuses": [], "due_only": false}}),
        ),
        call("get_material", |w| json!({"id": w.f.material})),
        call("choose_file", |_| {
            json!({"suggested": "x.zip", "filter_name": "zip", "extensions": ["zip"],
                "mode": "save"})
        }),
        call("backups", |_| json!({})).on_postgres(not_local),
        call("set_backup_folder", |w| {
            let folder = w.window.ok(
                "choose_file",
                json!({"suggested": "kopier", "filter_name": "", "extensions": [],
                        "mode": "folder"}),
            );
            json!({ "folder": folder })
        })
        .on_postgres(not_local),
        call("take_backup", |_| json!({})).on_postgres(not_local),
        call("newest_backup", |_| json!({})).on_postgres(not_local),
        call("inspect_backup", |w| json!({"path": w.newest_backup()})).on_postgres(not_local),
        call("export_database", |w| json!({"path": w.chosen("alt.zip")})).on_postgres(not_local),
        call("import_database", |w| json!({"path": w.chosen("alt.zip")}))
            // Into an empty database only; this one holds the fixture.
            .on_sled(Err("import.not_empty"))
            .on_postgres(not_local),
        call("restore_backup", |w| json!({"path": w.newest_backup()})).on_postgres(not_local),
        call("people", |_| json!({})).on_postgres(not_local),
        call(
            "add_person",
            |_| json!({"input": {"name": "Ny person", "roles": ["peer"]}}),
        )
        .on_postgres(not_local),
        call("edit_person", |w| {
            let id = w.profile_id("Louise Bach");
            json!({"id": id, "input": {"name": "Louise Bach",
                "roles": ["administrator", "consultant"]}})
        })
        .on_postgres(not_local),
        call("remove_person", |w| {
            let id = w.profile_id("Ny person");
            json!({ "id": id })
        })
        // Removed only if "Ny person" was added, which only an administrator may.
        .on_postgres(not_local),
        call("choose_profile", |w| {
            let id = w.profile_id("Testperson");
            json!({ "id": id })
        })
        .on_postgres(not_local),
        // The encrypted database's sign-in, lock and passphrases: this database is open and
        // not encrypted (tests/it/vault.rs and the end-to-end tests cover the real use).
        call("set_up_database", |_| {
            json!({"input": {"name": "X", "passphrase": "lang nok frase",
                "passphrase_repeat": "lang nok frase"}})
        })
        .on_sled(Err("not_allowed.already_set_up"))
        .on_postgres(Err("not_allowed.already_set_up")),
        call(
            "unlock",
            |w| json!({"profile_id": w.profile_id("Testperson"), "passphrase": "lang nok frase"}),
        )
        .on_sled(Err("not_allowed.not_locked"))
        .on_postgres(Err("not_allowed.not_locked")),
        call("unlock_with_recovery", |w| {
            json!({"input": {"recovery_key": "AAAA", "profile_id": w.profile_id("Testperson"),
                "passphrase": "lang nok frase", "passphrase_repeat": "lang nok frase"}})
        })
        .on_sled(Err("not_allowed.not_locked"))
        .on_postgres(Err("not_allowed.not_locked")),
        call(
            "backup_profiles",
            |_| json!({"path": "/nowhere.zip", "recovery_key": "AAAA"}),
        )
        .on_sled(Err("not_allowed.database_open"))
        .on_postgres(Err("not_allowed.database_open")),
        call("restore_with_recovery", |w| {
            json!({"input": {"path": "/nowhere.zip", "recovery_key": "AAAA",
                "profile_id": w.profile_id("Testperson"),
                "passphrase": "lang nok frase", "passphrase_repeat": "lang nok frase"}})
        })
        .on_sled(Err("not_allowed.database_open"))
        .on_postgres(Err("not_allowed.database_open")),
        call("lock", |_| json!({}))
            .on_sled(Err("not_allowed.not_encrypted"))
            .on_postgres(not_local),
        call("change_passphrase", |_| {
            json!({"input": {"current": "x", "passphrase": "lang nok frase",
                "passphrase_repeat": "lang nok frase"}})
        })
        .on_sled(Err("not_allowed.not_encrypted"))
        .on_postgres(not_local),
        // Refused by the form (too short a passphrase): encrypting would change the world
        // the other calls run in; tests/it/vault.rs encrypts for real.
        call(
            "encrypt_database",
            |_| json!({"input": {"name": "", "passphrase": "kort", "passphrase_repeat": "kort"}}),
        )
        .on_sled(Err("validation"))
        .on_postgres(not_local),
        call("audit_log", |_| json!({"filter": {"action": "search"}})),
        call(
            "note_print",
            |w| json!({"screen": "project", "id": w.f.project}),
        ),
        call("check_audit_log", |_| json!({})),
        call(
            "export_audit_log",
            |w| json!({"filter": {}, "path": w.chosen("revisionslog.csv")}),
        ),
        // Erasure (issue 12): a reference no input has; then the fixture's member, after
        // every call that uses it (the embedded database is written anew after it).
        call(
            "erase_contributor",
            |_| json!({"input": {"reference": "ingen har denne", "redact": false, "reason": ""}}),
        )
        .on_sled(Err("not_found.contributor"))
        .on_postgres(Err("not_found.contributor")),
        call(
            "withdraw_consent",
            |w| json!({"id": w.f.open_input, "expected_version": w.v::<Input>(w.f.open_input)}),
        ),
        call("processing_record", |_| json!({})),
        call(
            "save_processing_record",
            |w| json!({"path": w.chosen("fortegnelse.html")}),
        ),
        call(
            "access_report",
            |w| json!({"subject": {"kind": "member", "id": w.f.member}}),
        ),
        call("save_access_report", |w| {
            json!({"subject": {"kind": "member", "id": w.f.member}, "format": "json",
                "path": w.chosen("indsigt.json")})
        }),
        call(
            "erase_member",
            |w| json!({"id": w.f.member, "expected_version": w.v::<Member>(w.f.member)}),
        ),
        call("shared_profile", |_| json!({})),
        call(
            "save_shared_profile",
            |w| json!({"profile": w.profile(&w.spare)}),
        ),
        call(
            "test_connection",
            |w| json!({"profile": w.profile(&w.spare), "password": ""}),
        ),
        call("sign_in", |_| json!({"password": ""})).on_sled(not_local),
        // Last: these change which database the window uses.
        call(
            "move_local_to_shared",
            |w| json!({"profile": w.profile(&w.spare), "password": ""}),
        )
        .on_postgres(not_local),
        call(
            "use_shared_database",
            |w| json!({"profile": w.profile(&w.spare), "password": ""}),
        ),
        call("use_local_database", |_| json!({})),
    ]
}

/// The calls after which the window uses another database.
const SWITCHES: [&str; 3] = [
    "move_local_to_shared",
    "use_shared_database",
    "use_local_database",
];

/// The role matrix (see the module's note).
#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn every_command_for_every_role(#[case] backend: Backend) {
    let calls = calls();
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for role in ROLES {
        let w = world(backend, role);
        for c in &calls {
            let args = (c.args)(&w);
            let access = access_of(c.cmd, &args).expect("every command is classified");
            let allowed = any_allows(&[role], access);
            let before = (!allowed).then(|| w.snapshot());
            let logged_before = w.audit_len();
            let result = w.window.call(c.cmd, args);
            // Every allowed call of a command that touches personal data is in the audit
            // log (the calls that switch the window to another database aside: their
            // entry is in the database they leave).
            if allowed && !SWITCHES.contains(&c.cmd) {
                if let Some(Logged::As { action, kind, .. }) = logged(c.cmd) {
                    let newest = w.audit_newest();
                    assert!(
                        w.audit_len() > logged_before
                            && newest
                                .as_ref()
                                .is_some_and(|e| e.event.action == action && e.event.kind == kind),
                        "{backend:?} {role:?} {}: no audit entry ({newest:?})",
                        c.cmd
                    );
                }
            }
            let code = result
                .as_ref()
                .err()
                .map(|e| e["code"].as_str().unwrap_or("?").to_owned());
            if allowed {
                let expected = match backend {
                    Backend::Sled => c.sled,
                    Backend::Postgres => c.postgres,
                };
                match expected {
                    Ok(()) => assert!(
                        result.is_ok(),
                        "{backend:?} {role:?} {}: allowed but failed: {result:?}",
                        c.cmd
                    ),
                    Err(want) => assert_eq!(
                        code.as_deref(),
                        Some(want),
                        "{backend:?} {role:?} {}: {result:?}",
                        c.cmd
                    ),
                }
                tally.entry(role.as_str()).or_default().0 += 1;
            } else {
                assert_eq!(
                    code.as_deref(),
                    Some("forbidden.role"),
                    "{backend:?} {role:?} {}: not refused: {result:?}",
                    c.cmd
                );
                assert!(
                    before == Some(w.snapshot()),
                    "{backend:?} {role:?} {}: a refused call changed something",
                    c.cmd
                );
                tally.entry(role.as_str()).or_default().1 += 1;
            }
        }
    }
    // Every role was refused something and allowed something.
    for role in ROLES {
        let (allowed, refused) = tally[role.as_str()];
        assert!(
            allowed > 1 && refused > 0,
            "{role:?}: {allowed} allowed, {refused} refused"
        );
    }
    eprintln!("{backend:?}: (allowed, refused) per role: {tally:?}");
}

/// Every command the window may call (build.rs lists them for Tauri's permissions) has a
/// row in the table of kinds of use; a new command without one is refused, and this fails.
#[test]
fn every_command_is_classified() {
    let build = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/build.rs"),
    )
    .expect("build.rs");
    let listed: Vec<&str> = build
        .split("const COMMANDS: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("the command list")
        .split('"')
        .skip(1)
        .step_by(2)
        .collect();
    assert!(listed.len() > 70, "{}", listed.len());
    let classified: Vec<&str> = COMMANDS.iter().map(|(c, _)| *c).collect();
    for cmd in &listed {
        assert!(classified.contains(cmd), "{cmd} has no kind of use");
    }
    assert_eq!(
        listed.len(),
        classified.len(),
        "the table lists a command that is not one"
    );
    let calls: Vec<&str> = calls().iter().map(|c| c.cmd).collect();
    for cmd in &listed {
        assert!(calls.contains(cmd), "{cmd} is not in the role matrix");
    }
    // … and a row in the audit log's table: what calling it writes into the log.
    let audited: Vec<&str> = AUDITED.iter().map(|(c, _)| *c).collect();
    for cmd in &listed {
        assert!(
            audited.contains(cmd),
            "{cmd} is not classified for the audit log"
        );
    }
    assert_eq!(
        listed.len(),
        audited.len(),
        "the audit table lists a command that is not one"
    );
}

/// On the embedded database: the first profile is an administrator and signed in; with
/// several, nobody may do anything until one is chosen; the history names the chosen
/// profile; the last administrator stays.
#[test]
fn profiles_on_the_embedded_database() {
    let (store, _dir) = super::support::temp_store_on(Backend::Sled);
    assert!(
        store.person().is_none(),
        "no profiles: the one person may do everything"
    );
    let first = people::add(
        &store,
        &PersonInput {
            name: "Louise Bach".into(),
            roles: vec!["consultant".into()],
            passphrase: None,
        },
    )
    .expect("first");
    assert_eq!(first.roles, vec![Role::Consultant, Role::Administrator]);
    assert_eq!(store.person(), Some(first.clone()));
    let peer = people::add(
        &store,
        &PersonInput {
            name: "Ali Peer".into(),
            roles: vec!["peer".into()],
            passphrase: None,
        },
    )
    .expect("peer");
    let p = projects::create(&store, &input("Pjece"), "idea").expect("project");
    assert_eq!(
        projects::detail(&store, p.id).expect("get").timeline[0].by,
        "Louise Bach"
    );
    // A restart with two profiles: nobody until one is chosen.
    people::at_start(&store).expect("start");
    assert_eq!(
        store
            .require(Access::ReadProjects)
            .expect_err("nobody")
            .code(),
        "forbidden.role"
    );
    people::choose(&store, peer.id).expect("choose");
    assert!(store.may(Access::RecordFeedback));
    assert!(!store.may(Access::EditProjects));
    assert_eq!(
        people::add(
            &store,
            &PersonInput {
                name: "X".into(),
                roles: vec!["peer".into()],
                passphrase: None,
            }
        )
        .expect_err("a peer manages no people")
        .code(),
        "forbidden.role"
    );
    people::choose(&store, first.id).expect("choose");
    assert_eq!(
        people::remove(&store, first.id)
            .expect_err("oneself")
            .code(),
        "not_allowed.remove_self"
    );
    assert_eq!(
        people::edit(
            &store,
            first.id,
            &PersonInput {
                name: "Louise Bach".into(),
                roles: vec!["consultant".into()],
                passphrase: None,
            }
        )
        .expect_err("last admin")
        .code(),
        "not_allowed.last_administrator"
    );
    // Members' contact details are left out for a peer.
    members::add(
        &store,
        &MemberInput {
            name: "Anne Holm".into(),
            lived_experience: "patient".into(),
            honoraria: "accepted".into(),
            email: "anne@example.dk".into(),
            phone: "12345678".into(),
            ..Default::default()
        },
    )
    .expect("member");
    people::choose(&store, peer.id).expect("choose");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("day");
    let board = samskab::service::board::views::overview(&store, today).expect("board");
    assert_eq!(board.active_members[0].name, "Anne Holm");
    assert_eq!(board.active_members[0].email, "");
    assert_eq!(board.active_members[0].phone, "");
}

/// On PostgreSQL the server holds each login to its role as well: SQL sent directly as
/// that login is refused where the role may not go.
#[test]
fn the_server_refuses_what_a_role_may_not_do_when_asked_directly() {
    let db = TestDb::create();
    let admin = db.connect();
    let f = fixture(&admin);
    let direct = |role: Role, sql: &str| -> Result<(), String> {
        let mut client = db.options_as(&login_of(role)).client().expect("connect");
        client.batch_execute(sql).map_err(|e| {
            e.as_db_error()
                .map(|d| d.code().code().to_owned())
                .unwrap_or_else(|| e.to_string())
        })
    };
    let denied = |role: Role, sql: &str| {
        assert_eq!(
            direct(role, sql),
            Err("42501".to_owned()),
            "{role:?} may not: {sql}"
        );
    };
    let allowed = |role: Role, sql: &str| {
        assert_eq!(direct(role, sql), Ok(()), "{role:?} may: {sql}");
    };
    for role in [Role::Peer, Role::Manager, Role::Administrator] {
        denied(role, "SELECT * FROM contributors");
        denied(role, "SELECT contact FROM members");
        denied(role, "UPDATE projects SET title = 'x'");
        denied(role, "DELETE FROM inputs");
    }
    for role in [Role::Manager, Role::Administrator] {
        denied(role, "UPDATE meetings SET status = 'held'");
        denied(role, "INSERT INTO drafts (key, text) VALUES ('k', 't')");
    }
    denied(Role::Peer, "SELECT * FROM inputs");
    denied(Role::Administrator, "SELECT * FROM projects");
    denied(Role::Manager, "UPDATE settings SET body = body");
    allowed(Role::Manager, "SELECT title FROM projects");
    allowed(Role::Manager, "SELECT id, version, body FROM members");
    allowed(Role::Peer, "SELECT id, version, body FROM members");
    allowed(
        Role::Peer,
        "INSERT INTO drafts (key, text) VALUES ('k', 't')",
    );
    allowed(Role::Administrator, "UPDATE settings SET body = body");
    allowed(Role::Consultant, "SELECT contact FROM members");
    allowed(Role::Consultant, "SELECT * FROM contributors");
    denied(Role::Consultant, "DELETE FROM projects");
    denied(Role::Consultant, "DELETE FROM inputs");
    allowed(Role::Consultant, "DELETE FROM drafts WHERE key = 'k'");
    for role in ROLES {
        denied(role, "DELETE FROM refinery_schema_history");
        denied(role, "DROP TABLE projects");
    }
    let _ = f;
}

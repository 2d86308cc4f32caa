//! Through the command layer, as the window calls it: each command invoked with JSON
//! arguments on Tauri's mock runtime. A table of bad inputs, each refused with its code
//! (and field and rule) while nothing changes; malformed arguments refused by Tauri itself
//! in the form the UI maps to `invalid_argument`; and file paths not chosen in a dialog.

use serde_json::{json, Value};
use tauri::Manager;

use samskab::commands::AppState;
use samskab::service::database::Database;

use super::support::MockWindow as Window;

fn window() -> Window {
    let dir = tempfile::tempdir().expect("dir");
    let db = Database::open(&dir.path().join("data"), std::time::Duration::from_secs(10));
    Window::new(db, Default::default(), dir)
}

trait Snapshot {
    fn snapshot(&self) -> Value;
}

impl Snapshot for Window {
    /// Everything the screens can read, to show that a refused call changed nothing.
    fn snapshot(&self) -> Value {
        json!({
            "projects": self.ok("list_projects", json!({"query": {"archive": "all"}})),
            "board": self.ok("board_overview", json!({})),
            "inputs": self.ok("search_inputs", json!({"query": {}})),
            "themes": self.ok("themes", json!({"project_id": null})),
            "settings": self.ok("get_settings", json!({})),
        })
    }
}

fn project_input() -> Value {
    json!({
        "title": "Pjece om indlæggelse",
        "summary": "Hvad mener patienter om pjecen?",
        "kind": "information_material",
        "requester_unit": "Afsnit P3",
        "requester_contact": "Mette Kjær",
        "responsible_consultant": "Louise Bach",
        "involvement_level": "involve",
        "target_groups": ["patients"],
        "start_date": "2026-09-01",
        "deadline": "2026-12-15",
        "tags": ["pjece"]
    })
}

fn with(mut base: Value, field: &str, value: Value) -> Value {
    base[field] = value;
    base
}

fn member_input() -> Value {
    json!({
        "name": "Anne Holm", "initials": "", "lived_experience": "patient", "email": "",
        "phone": "", "joined": null, "left": null, "honoraria": "accepted", "notes": ""
    })
}

fn meeting_input() -> Value {
    json!({"date": "2026-11-05", "time": "16:00", "place": "Lokale 2", "online": false})
}

fn capture(project: &str) -> Value {
    json!({
        "project_id": project, "activity_id": null, "group": "patients", "channel": "survey",
        "date": "2026-11-02", "text": "Skiltene var svære at se.", "themes": ["skilte"],
        "may_quote": false, "contributor": ""
    })
}

fn activity_input() -> Value {
    json!({
        "kind": "workshop", "date": "2026-10-01", "patients": 4, "relatives": 2, "peers": 1,
        "staff": 1, "description": "Workshop om pjecen"
    })
}

fn answer_input() -> Value {
    json!({"status": "adopted", "text": "Vi retter det", "reason": "", "by": "Mette Kjær",
        "date": null})
}

#[test]
fn sixty_bad_inputs_through_the_commands_are_refused_and_change_nothing() {
    let w = window();
    // A database with something in it: a project, a member, a meeting, an input.
    let project = w.ok(
        "create_project",
        json!({"input": project_input(), "phase": "idea"}),
    );
    let pid = project["id"].as_str().expect("id").to_owned();
    let pversion = project["version"].clone();
    let member = w.ok("add_member", json!({"input": member_input()}));
    let mid = member["id"].as_str().expect("id").to_owned();
    w.ok("plan_meeting", json!({"input": meeting_input()}));
    let input = w.ok("capture_input", json!({"input": capture(&pid)}));
    let iid = input["id"].as_str().expect("id").to_owned();

    let long = |n: usize| Value::String("æ".repeat(n));
    let p = project_input;
    let m = member_input;
    let c = || capture(&pid);
    // (command, arguments, field, rule)
    let rows: Vec<(&str, Value, &str, &str)> = vec![
        (
            "create_project",
            json!({"input": with(p(), "title", json!("")), "phase": "idea"}),
            "title",
            "required",
        ),
        (
            "create_project",
            json!({"input": with(p(), "title", json!(" \t ")), "phase": "idea"}),
            "title",
            "required",
        ),
        (
            "create_project",
            json!({"input": with(p(), "title", json!("\u{1}\u{7}")), "phase": "idea"}),
            "title",
            "invalid_characters",
        ),
        (
            "create_project",
            json!({"input": with(p(), "title", long(201)), "phase": "idea"}),
            "title",
            "too_long",
        ),
        (
            "create_project",
            json!({"input": with(p(), "summary", long(5001)), "phase": "idea"}),
            "summary",
            "too_long",
        ),
        (
            "create_project",
            json!({"input": with(p(), "summary", json!("a\u{0}b")), "phase": "idea"}),
            "summary",
            "invalid_characters",
        ),
        (
            "create_project",
            json!({"input": with(p(), "kind", json!("pamflet")), "phase": "idea"}),
            "kind",
            "invalid_choice",
        ),
        (
            "create_project",
            json!({"input": with(p(), "involvement_level", json!("alt")), "phase": "idea"}),
            "involvement_level",
            "invalid_choice",
        ),
        (
            "create_project",
            json!({"input": with(p(), "target_groups", json!(["naboer"])), "phase": "idea"}),
            "target_groups",
            "invalid_choice",
        ),
        (
            "create_project",
            json!({"input": with(p(), "start_date", json!("31-12-2026")), "phase": "idea"}),
            "start_date",
            "invalid_date",
        ),
        (
            "create_project",
            json!({"input": with(p(), "start_date", json!("1999-12-31")), "phase": "idea"}),
            "start_date",
            "out_of_range",
        ),
        (
            "create_project",
            json!({"input": with(p(), "deadline", json!("2101-01-01")), "phase": "idea"}),
            "deadline",
            "out_of_range",
        ),
        (
            "create_project",
            json!({"input": with(p(), "deadline", json!("2026-08-01")), "phase": "idea"}),
            "deadline",
            "before_start",
        ),
        (
            "create_project",
            json!({"input": with(p(), "tags", json!(["", "x"])), "phase": "idea"}),
            "tags",
            "required",
        ),
        (
            "create_project",
            json!({"input": with(p(), "tags", json!(["a\tb"])), "phase": "idea"}),
            "tags",
            "invalid_characters",
        ),
        (
            "create_project",
            json!({"input": with(p(), "tags", json!([long(51)])), "phase": "idea"}),
            "tags",
            "too_long",
        ),
        (
            "create_project",
            json!({"input": with(p(), "tags", json!((0..21).map(|n| format!("t{n}")).collect::<Vec<_>>())), "phase": "idea"}),
            "tags",
            "too_many",
        ),
        (
            "create_project",
            json!({"input": with(p(), "requester_unit", long(201)), "phase": "idea"}),
            "requester_unit",
            "too_long",
        ),
        (
            "update_project",
            json!({"id": pid, "expected_version": pversion, "input": with(p(), "title", json!(""))}),
            "title",
            "required",
        ),
        (
            "change_project_phase",
            json!({"id": pid, "expected_version": pversion, "phase": "færdig"}),
            "phase",
            "invalid_choice",
        ),
        (
            "update_project",
            json!({"id": pid, "expected_version": pversion, "input": with(p(), "start_date", json!("2026-02-30"))}),
            "start_date",
            "invalid_date",
        ),
        (
            "add_member",
            json!({"input": with(m(), "name", json!(""))}),
            "name",
            "required",
        ),
        (
            "add_member",
            json!({"input": with(m(), "name", json!("\u{1b}[31m"))}),
            "name",
            "invalid_characters",
        ),
        (
            "add_member",
            json!({"input": with(m(), "name", long(101))}),
            "name",
            "too_long",
        ),
        (
            "add_member",
            json!({"input": with(m(), "phone", json!("tolv tretten"))}),
            "phone",
            "invalid_format",
        ),
        (
            "add_member",
            json!({"input": with(m(), "phone", json!("+45 ab 12"))}),
            "phone",
            "invalid_format",
        ),
        (
            "add_member",
            json!({"input": with(m(), "email", json!("anne.holm"))}),
            "email",
            "invalid_format",
        ),
        (
            "add_member",
            json!({"input": with(m(), "lived_experience", json!("nabo"))}),
            "lived_experience",
            "invalid_choice",
        ),
        (
            "add_member",
            json!({"input": with(m(), "honoraria", json!("måske"))}),
            "honoraria",
            "invalid_choice",
        ),
        (
            "add_member",
            json!({"input": with(m(), "joined", json!("1999-01-01"))}),
            "joined",
            "out_of_range",
        ),
        (
            "add_member",
            json!({"input": with(m(), "notes", long(2001))}),
            "notes",
            "too_long",
        ),
        (
            "edit_member",
            json!({"id": mid, "expected_version": 1, "input": with(m(), "phone", json!("ring til mig"))}),
            "phone",
            "invalid_format",
        ),
        (
            "plan_meeting",
            json!({"input": with(meeting_input(), "date", json!(""))}),
            "date",
            "required",
        ),
        (
            "plan_meeting",
            json!({"input": with(meeting_input(), "date", json!("i morgen"))}),
            "date",
            "invalid_date",
        ),
        (
            "plan_meeting",
            json!({"input": with(meeting_input(), "date", json!("1990-05-01"))}),
            "date",
            "out_of_range",
        ),
        (
            "plan_meeting",
            json!({"input": with(meeting_input(), "time", json!("25:00"))}),
            "time",
            "invalid_time",
        ),
        (
            "plan_meeting",
            json!({"input": with(meeting_input(), "time", json!(""))}),
            "time",
            "required",
        ),
        (
            "plan_meeting",
            json!({"input": with(meeting_input(), "place", long(201))}),
            "place",
            "too_long",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "text", json!(""))}),
            "text",
            "required",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "text", json!("\u{7}"))}),
            "text",
            "invalid_characters",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "text", long(5001))}),
            "text",
            "too_long",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "date", json!("2099-01-01"))}),
            "date",
            "in_future",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "date", json!("1999-12-31"))}),
            "date",
            "out_of_range",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "date", json!("2026/11/02"))}),
            "date",
            "invalid_date",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "group", json!("naboer"))}),
            "group",
            "invalid_choice",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "channel", json!("brevdue"))}),
            "channel",
            "invalid_choice",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "themes", json!([" "]))}),
            "themes",
            "required",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "themes", json!([long(51)]))}),
            "themes",
            "too_long",
        ),
        (
            "capture_input",
            json!({"input": with(c(), "contributor", long(201))}),
            "contributor",
            "too_long",
        ),
        (
            "answer_input",
            json!({"id": iid, "expected_version": 1, "input": with(answer_input(), "status", json!("måske"))}),
            "status",
            "invalid_choice",
        ),
        (
            "answer_input",
            json!({"id": iid, "expected_version": 1, "input": with(answer_input(), "status", json!("not_adopted"))}),
            "reason",
            "required",
        ),
        (
            "answer_input",
            json!({"id": iid, "expected_version": 1, "input": with(answer_input(), "by", json!(""))}),
            "by",
            "required",
        ),
        (
            "answer_input",
            json!({"id": iid, "expected_version": 1, "input": with(answer_input(), "date", json!("2099-01-01"))}),
            "date",
            "in_future",
        ),
        (
            "answer_input",
            json!({"id": iid, "expected_version": 1, "input": with(answer_input(), "date", json!("2026-11-01"))}),
            "date",
            "before_given",
        ),
        (
            "add_activity",
            json!({"project_id": pid, "input": with(activity_input(), "kind", json!("fest"))}),
            "kind",
            "invalid_choice",
        ),
        (
            "add_activity",
            json!({"project_id": pid, "input": with(activity_input(), "date", json!("2150-01-01"))}),
            "date",
            "out_of_range",
        ),
        (
            "add_activity",
            json!({"project_id": pid, "input": with(activity_input(), "description", long(2001))}),
            "description",
            "too_long",
        ),
        (
            "merge_themes",
            json!({"from": ["skilte"], "into": ""}),
            "into",
            "required",
        ),
        (
            "merge_themes",
            json!({"from": [], "into": "Skiltning"}),
            "from",
            "required",
        ),
        (
            "merge_themes",
            json!({"from": ["skilte"], "into": "a\u{0}b"}),
            "into",
            "invalid_characters",
        ),
        (
            "update_settings",
            json!({"settings": {"language": "da", "user_name": "", "overdue_days": 0}}),
            "overdue_days",
            "out_of_range",
        ),
        (
            "update_settings",
            json!({"settings": {"language": "da", "user_name": "", "overdue_days": 366}}),
            "overdue_days",
            "out_of_range",
        ),
        (
            "update_settings",
            json!({"settings": {"language": "da", "user_name": long(101), "overdue_days": 30}}),
            "user_name",
            "too_long",
        ),
        (
            "year_report",
            json!({"year": -5, "personal": false, "job": "j1", "on_progress": "__CHANNEL__:1"}),
            "year",
            "out_of_range",
        ),
        (
            "year_report",
            json!({"year": 1999, "personal": false, "job": "j2", "on_progress": "__CHANNEL__:1"}),
            "year",
            "out_of_range",
        ),
        (
            "year_report",
            json!({"year": 2101, "personal": false, "job": "j3", "on_progress": "__CHANNEL__:1"}),
            "year",
            "out_of_range",
        ),
        (
            "save_gripp2_draft",
            json!({"project_id": pid, "draft": {"aim": long(10_001), "methods": "", "results": "", "outcomes": "", "reflections": ""}}),
            "aim",
            "too_long",
        ),
    ];
    assert!(rows.len() >= 60, "{} rows", rows.len());
    let before = w.snapshot();
    for (cmd, args, field, rule) in &rows {
        let err = w
            .call(cmd, args.clone())
            .expect_err(&format!("{cmd} {field} {rule}: accepted"));
        assert_eq!(err["code"], "validation", "{cmd} {field} {rule}: {err}");
        let fields: Vec<(String, String)> = err["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                (
                    f["field"].as_str().unwrap_or_default().to_owned(),
                    f["rule"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        assert!(
            fields.contains(&(field.to_string(), rule.to_string())),
            "{cmd}: expected {field} {rule}, got {fields:?}"
        );
        assert_eq!(
            w.snapshot(),
            before,
            "{cmd} {field} {rule}: something changed"
        );
    }
}

/// The UI's pattern for Tauri's refusals of an argument (ui/src/lib/errors.ts).
fn is_invalid_args(err: &Value, arg: &str, cmd: &str) -> bool {
    err.as_str()
        .is_some_and(|s| s.starts_with(&format!("invalid args `{arg}` for command `{cmd}`")))
}

#[test]
fn malformed_arguments_are_refused_before_the_command_runs() {
    let w = window();
    let project = w.ok(
        "create_project",
        json!({"input": project_input(), "phase": "idea"}),
    );
    let pid = project["id"].as_str().expect("id").to_owned();
    let before = w.snapshot();
    let rows: Vec<(&str, Value, &str)> = vec![
        ("get_project", json!({"id": "ikke-et-id"}), "id"),
        ("get_project", json!({"id": 42}), "id"),
        (
            "update_project",
            json!({"id": pid, "expected_version": -1, "input": project_input()}),
            "expected_version",
        ),
        (
            "update_project",
            json!({"id": pid, "expected_version": "1", "input": project_input()}),
            "expected_version",
        ),
        (
            "set_project_archived",
            json!({"id": pid, "expected_version": 1, "archived": "ja"}),
            "archived",
        ),
        (
            "list_projects",
            json!({"query": {"phases": ["færdig"]}}),
            "query",
        ),
        (
            "search_inputs",
            json!({"query": {"sources": ["naboer"]}}),
            "query",
        ),
        (
            "export_sheet",
            json!({"kind": "alt", "format": "csv", "personal": false, "path": "/tmp/x.csv", "job": "j", "on_progress": "__CHANNEL__:1"}),
            "kind",
        ),
    ];
    for (cmd, args, arg) in &rows {
        let err = w
            .call(cmd, args.clone())
            .expect_err(&format!("{cmd}: accepted"));
        assert!(is_invalid_args(&err, arg, cmd), "{cmd}: {err}");
        assert_eq!(w.snapshot(), before, "{cmd}: something changed");
    }
}

#[test]
fn files_are_written_only_where_the_person_chose() {
    let w = window();
    let project = w.ok(
        "create_project",
        json!({"input": project_input(), "phase": "idea"}),
    );
    let pid = project["id"].as_str().expect("id").to_owned();
    let out = tempfile::tempdir().expect("out");
    let target = out.path().join("rapport.html");
    let path = target.to_string_lossy().into_owned();
    for (cmd, args) in [
        (
            "save_we_asked_report",
            json!({"project_id": pid, "format": "html", "path": path}),
        ),
        ("export_database", json!({"path": path})),
        (
            "save_gripp2",
            json!({"project_id": pid, "format": "html", "path": path,
            "draft": {"aim": "", "methods": "", "results": "", "outcomes": "", "reflections": ""}}),
        ),
    ] {
        let err = w
            .call(cmd, args)
            .expect_err(&format!("{cmd}: wrote a path not chosen"));
        assert_eq!(err["code"], "file.not_chosen", "{cmd}: {err}");
        assert!(!target.exists(), "{cmd}: the file was written");
    }
}

#[test]
fn a_backup_with_a_record_from_before_a_rule_can_be_inspected_and_restored() {
    let w = window();
    let project = w.ok(
        "create_project",
        json!({"input": project_input(), "phase": "idea"}),
    );
    let id: samskab::domain::Id = serde_json::from_value(project["id"].clone()).expect("id");
    // A record as an older Samskab could have stored it: a start date before 2000.
    let state = w.webview.state::<AppState>();
    let store = state.store().expect("open");
    let mut old = store
        .project(id)
        .expect("project")
        .next_version(chrono::Utc::now());
    old.start_date = chrono::NaiveDate::from_ymd_opt(1998, 5, 1);
    store
        .commit(&[samskab::store::Write::record(&old).expect("write")])
        .expect("stored below the rules");
    drop(store);
    let backup = w.ok("take_backup", json!({}));
    let path = backup["path"].clone();
    let manifest = w.ok("inspect_backup", json!({"path": path}));
    assert_eq!(manifest["format"], "samskab-export");
    w.ok("restore_backup", json!({"path": path}));
    let back = w.ok("get_project", json!({"id": id}));
    assert_eq!(back["project"]["start_date"], "1998-05-01");
}

//! Every bad input gets a coded error and changes nothing: a table of bad inputs, each sent
//! through the service function its Tauri command calls, each answered by a validation error
//! that names the field and the rule, and none of them changing anything a person can see.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use samskab::domain::consultation::ConsultationInput;
use samskab::domain::error::{AppResult, Rule};
use samskab::domain::feedback::FeedbackInput;
use samskab::domain::feedback_loop::AnswerInput;
use samskab::domain::input::{ActivityInput, InputInput, InputQuery};
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::member::{Member, MemberInput};
use samskab::domain::project::{Project, ProjectInput};
use samskab::domain::query::{ArchiveFilter, ProjectQuery};
use samskab::domain::settings::Settings;
use samskab::domain::{new_id, Id};
use samskab::service::board::compiled::ExportFormat;
use samskab::service::board::{consultations, feedback, meetings, members, today, views};
use samskab::service::gripp2::{self, Gripp2};
use samskab::service::progress::Progress;
use samskab::service::{inputs, overview, projects, settings, year_report};
use samskab::store::Store;
use tempfile::TempDir;

use super::support::{input, rejected_fields, temp_store};

/// A day relative to today, as the forms send it.
fn rel(days: i64) -> String {
    iso(today() + Duration::days(days))
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A database with something of everything: two projects, a member, a held meeting with a
/// consultation and an awaiting feedback point, a planned meeting, a requested consultation,
/// an activity, an awaiting input with a theme and a contributor, settings, and drafts.
struct World {
    store: Store,
    dir: TempDir,
    project: Project,
    other_project: Id,
    member: Member,
    held: Meeting,
    planned: Meeting,
    consultation: Id,
    requested: Id,
    point: Id,
    point_version: u64,
    input: Id,
    input_version: u64,
    activity: Id,
}

fn world() -> World {
    let (store, dir) = temp_store();
    settings::update(
        &store,
        &Settings {
            user_name: "Louise Bach".into(),
            ..Settings::default()
        },
    )
    .expect("settings");
    let project = projects::create(&store, &input("Velkomstpjece"), "involvement").expect("p");
    let other_project = projects::create(&store, &input("Pårørendesamtale"), "idea")
        .expect("q")
        .id;
    let member = members::add(
        &store,
        &MemberInput {
            name: "Anne Holm".into(),
            lived_experience: "patient".into(),
            honoraria: "accepted".into(),
            phone: "+45 12 34 56 78".into(),
            joined: Some(rel(-300)),
            ..Default::default()
        },
    )
    .expect("member");
    let plan = |date: String| {
        meetings::plan(
            &store,
            &MeetingInput {
                date,
                time: "16:00".into(),
                place: "Mødelokale 2".into(),
                online: false,
            },
        )
        .expect("plan")
    };
    let ask = |project: Id| {
        consultations::request(
            &store,
            project,
            &ConsultationInput {
                questions: "Er pjecen til at forstå?".into(),
                links: vec!["https://intra.example/pjece.pdf".into()],
                ..Default::default()
            },
        )
        .expect("request")
        .id
    };
    let held = plan(rel(-20));
    let consultation = ask(project.id);
    let requested = ask(other_project);
    let version = |m: Id| store.get::<Meeting>(m).expect("meeting").version;
    meetings::schedule(&store, held.id, version(held.id), consultation).expect("schedule");
    meetings::set_attendance(&store, held.id, version(held.id), &[member.id]).expect("attend");
    let point = feedback::record(
        &store,
        consultation,
        &FeedbackInput {
            text: "Brug kortere sætninger".into(),
            themes: vec!["sprog".into()],
        },
    )
    .expect("point");
    meetings::mark_held(&store, held.id, version(held.id)).expect("held");
    let held: Meeting = store.get(held.id).expect("held");
    let planned = plan(rel(10));
    let activity = inputs::add_activity(
        &store,
        project.id,
        &ActivityInput {
            kind: "workshop".into(),
            date: rel(-12),
            patients: 5,
            relatives: 3,
            ..Default::default()
        },
    )
    .expect("activity")
    .id;
    let captured = inputs::capture(
        &store,
        &InputInput {
            project_id: project.id,
            activity_id: Some(activity),
            group: "patients".into(),
            channel: "workshop".into(),
            date: rel(-10),
            text: "Jeg forstod ikke ordet tvangsforanstaltning".into(),
            themes: vec!["sprog".into(), "tryghed".into()],
            may_quote: true,
            contributor: "Hanne, tlf. 12345678".into(),
        },
    )
    .expect("input");
    feedback::save_draft(
        &store,
        &feedback::draft_key(requested),
        "Halvt skrevet punkt",
    )
    .expect("draft");
    let project = store.project(project.id).expect("project");
    World {
        store,
        dir,
        project,
        other_project,
        member,
        held,
        planned,
        consultation,
        requested,
        point: point.id,
        point_version: point.version,
        input: captured.id,
        input_version: captured.version,
        activity,
    }
}

fn json_of<T: serde::Serialize>(value: AppResult<T>) -> Value {
    match value {
        Ok(v) => serde_json::to_value(v).expect("json"),
        Err(e) => json!({ "error": e.code() }),
    }
}

/// Everything a person can see, read through the service functions the screens use.
fn snapshot(w: &World) -> Value {
    let store = &w.store;
    let day = today();
    let list = projects::list(
        store,
        &ProjectQuery {
            archive: ArchiveFilter::All,
            ..Default::default()
        },
    )
    .expect("list");
    let per_project: Vec<Value> = list
        .iter()
        .map(|p| {
            json!({
                "detail": json_of(projects::detail(store, p.id)),
                "consultations": json_of(views::project_consultations(store, p.id, day)),
                "activities": json_of(inputs::activities(store, p.id)),
                "inputs": json_of(inputs::of_project(store, p.id, day)),
                "themes": inputs::themes(store, Some(p.id)).expect("themes"),
                "gripp2": json_of(gripp2::draft(store, p.id)),
                "report": json_of(samskab::service::report::build(store, p.id, day)),
            })
        })
        .collect();
    let meetings_list = meetings::all(store).expect("meetings");
    let meeting_details: Vec<Value> = meetings_list
        .iter()
        .map(|m| json_of(views::meeting(store, m.id, day)))
        .collect();
    json!({
        "projects": list,
        "per_project": per_project,
        "members": json_of(members::all(store)),
        "meetings": meetings_list,
        "meeting_details": meeting_details,
        "board": json_of(views::overview(store, day)),
        "to_report_back": json_of(views::to_report_back(store, day)),
        "search": json_of(inputs::search(
            store,
            &InputQuery {
                limit: u32::MAX,
                ..Default::default()
            },
            day
        )),
        "themes": inputs::themes(store, None).expect("themes"),
        "settings": json_of(settings::get(store)),
        "overview": json_of(overview::build(store, day)),
        "contributor": json_of(inputs::contributor(store, w.input)),
        "draft": json_of(feedback::draft(store, &feedback::draft_key(w.requested))),
        "files": std::fs::read_dir(w.dir.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("out"))
            .collect::<Vec<_>>(),
    })
}

type Call = Box<dyn Fn(&World) -> AppResult<()>>;

/// One bad input: what it is, the field and rule it must be refused with, and the call.
struct Row {
    name: &'static str,
    field: &'static str,
    rule: Rule,
    call: Call,
}

fn row<T>(
    name: &'static str,
    field: &'static str,
    rule: Rule,
    call: impl Fn(&World) -> AppResult<T> + 'static,
) -> Row {
    Row {
        name,
        field,
        rule,
        call: Box::new(move |w| call(w).map(|_| ())),
    }
}

fn project_with(
    change: impl Fn(&mut ProjectInput) + 'static,
) -> impl Fn(&World) -> AppResult<Project> {
    move |w| {
        let mut i = input("Ny pjece");
        change(&mut i);
        projects::create(&w.store, &i, "idea")
    }
}

fn member_with(
    change: impl Fn(&mut MemberInput) + 'static,
) -> impl Fn(&World) -> AppResult<Member> {
    move |w| {
        let mut i = MemberInput {
            name: "Bo Ravn".into(),
            lived_experience: "relative".into(),
            honoraria: "declined".into(),
            ..Default::default()
        };
        change(&mut i);
        members::add(&w.store, &i)
    }
}

fn meeting_input(date: &str, time: &str, place: &str) -> MeetingInput {
    MeetingInput {
        date: date.into(),
        time: time.into(),
        place: place.into(),
        online: false,
    }
}

fn consultation_with(
    change: impl Fn(&mut ConsultationInput) + 'static,
) -> impl Fn(&World) -> AppResult<samskab::domain::consultation::Consultation> {
    move |w| {
        let mut i = ConsultationInput {
            questions: "Hvad mangler?".into(),
            ..Default::default()
        };
        change(&mut i);
        consultations::request(&w.store, w.project.id, &i)
    }
}

fn point(text: &str, themes: &[&str]) -> FeedbackInput {
    FeedbackInput {
        text: text.into(),
        themes: themes.iter().map(|t| (*t).to_owned()).collect(),
    }
}

fn answer(status: &str, reason: &str, by: &str, date: Option<String>) -> AnswerInput {
    AnswerInput {
        status: status.into(),
        text: "Vi retter pjecen".into(),
        reason: reason.into(),
        by: by.into(),
        date,
    }
}

fn answer_point(a: AnswerInput) -> impl Fn(&World) -> AppResult<()> {
    move |w| feedback::answer(&w.store, w.point, w.point_version, &a).map(|_| ())
}

fn answer_input(a: AnswerInput) -> impl Fn(&World) -> AppResult<()> {
    move |w| inputs::answer(&w.store, w.input, w.input_version, &a).map(|_| ())
}

fn capture_with(change: impl Fn(&mut InputInput) + 'static) -> impl Fn(&World) -> AppResult<()> {
    move |w| {
        let mut i = InputInput {
            project_id: w.project.id,
            activity_id: None,
            group: "relatives".into(),
            channel: "survey".into(),
            date: rel(-1),
            text: "Skriv telefontiden øverst".into(),
            themes: vec!["praktisk".into()],
            may_quote: false,
            contributor: String::new(),
        };
        change(&mut i);
        inputs::capture(&w.store, &i).map(|_| ())
    }
}

fn activity_with(
    change: impl Fn(&mut ActivityInput) + 'static,
) -> impl Fn(&World) -> AppResult<()> {
    move |w| {
        let mut i = ActivityInput {
            kind: "focus_group".into(),
            date: rel(-3),
            patients: 4,
            ..Default::default()
        };
        change(&mut i);
        inputs::add_activity(&w.store, w.project.id, &i).map(|_| ())
    }
}

fn settings_with(change: impl Fn(&mut Settings) + 'static) -> impl Fn(&World) -> AppResult<()> {
    move |w| {
        let mut s = settings::get(&w.store)?;
        change(&mut s);
        settings::update(&w.store, &s).map(|_| ())
    }
}

fn gripp2_with(change: impl Fn(&mut Gripp2) + 'static) -> impl Fn(&World) -> AppResult<()> {
    move |w| {
        let mut g = gripp2::fill(&w.store, w.project.id)?;
        change(&mut g);
        gripp2::save_draft(&w.store, w.project.id, Some(&g))
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn rows() -> Vec<Row> {
    use Rule::*;
    let long = |n: usize| "æ".repeat(n);
    vec![
        // Projects: create_project, update_project, change_project_phase.
        row(
            "title of control characters",
            "title",
            InvalidCharacters,
            project_with(|i| i.title = "\u{0001}\u{0007}".into()),
        ),
        row(
            "title of tab and NUL",
            "title",
            InvalidCharacters,
            project_with(|i| i.title = "\t\u{0000}".into()),
        ),
        row(
            "title with an escape sequence",
            "title",
            InvalidCharacters,
            project_with(|i| i.title = "Pjece\u{001b}[31m".into()),
        ),
        row(
            "title of vertical tab and form feed",
            "title",
            Required,
            project_with(|i| i.title = "\u{000b}\u{000c}".into()),
        ),
        row(
            "blank title",
            "title",
            Required,
            project_with(|i| i.title = "   ".into()),
        ),
        row(
            "title too long",
            "title",
            TooLong,
            project_with(move |i| i.title = long(201)),
        ),
        row(
            "summary with DEL",
            "summary",
            InvalidCharacters,
            project_with(|i| i.summary = "Resumé\u{007f}".into()),
        ),
        row(
            "requester unit with NUL",
            "requester_unit",
            InvalidCharacters,
            project_with(|i| i.requester_unit = "P3\u{0000}".into()),
        ),
        row(
            "contact with a C1 control",
            "requester_contact",
            InvalidCharacters,
            project_with(|i| i.requester_contact = "Mette\u{0085}Kjær".into()),
        ),
        row(
            "consultant with bell",
            "responsible_consultant",
            InvalidCharacters,
            project_with(|i| i.responsible_consultant = "\u{0007}".into()),
        ),
        row(
            "unknown kind",
            "kind",
            InvalidChoice,
            project_with(|i| i.kind = "brochure".into()),
        ),
        row(
            "unknown level",
            "involvement_level",
            InvalidChoice,
            project_with(|i| i.involvement_level = "all".into()),
        ),
        row(
            "unknown target group",
            "target_groups",
            InvalidChoice,
            project_with(|i| i.target_groups = strings(&["staff"])),
        ),
        row(
            "start in 1999",
            "start_date",
            OutOfRange,
            project_with(|i| i.start_date = Some("1999-12-31".into())),
        ),
        row(
            "start in year 1",
            "start_date",
            OutOfRange,
            project_with(|i| i.start_date = Some("0001-01-01".into())),
        ),
        row(
            "deadline in 2101",
            "deadline",
            OutOfRange,
            project_with(|i| i.deadline = Some("2101-01-01".into())),
        ),
        row(
            "deadline before start",
            "deadline",
            BeforeStart,
            project_with(|i| i.deadline = Some("2026-08-31".into())),
        ),
        row(
            "start not a date",
            "start_date",
            InvalidDate,
            project_with(|i| i.start_date = Some("31-12-2026".into())),
        ),
        row(
            "blank tag",
            "tags",
            Required,
            project_with(|i| i.tags = strings(&["pjece", " "])),
        ),
        row(
            "tag with bell",
            "tags",
            InvalidCharacters,
            project_with(|i| i.tags = strings(&["pje\u{0007}ce"])),
        ),
        row(
            "tag with a line break",
            "tags",
            InvalidCharacters,
            project_with(|i| i.tags = strings(&["pje\nce"])),
        ),
        row(
            "tag too long",
            "tags",
            TooLong,
            project_with(move |i| i.tags = vec![long(51)]),
        ),
        row("unknown phase", "phase", InvalidChoice, |w: &World| {
            projects::create(&w.store, &input("Ny"), "done")
        }),
        row(
            "update: title of control characters",
            "title",
            InvalidCharacters,
            |w: &World| {
                let mut i = input("x");
                i.title = "\u{0002}\u{0003}".into();
                projects::update(&w.store, w.project.id, w.project.version, &i)
            },
        ),
        row(
            "update: start in 1900",
            "start_date",
            OutOfRange,
            |w: &World| {
                let mut i = input("Velkomstpjece");
                i.start_date = Some("1900-01-01".into());
                projects::update(&w.store, w.project.id, w.project.version, &i)
            },
        ),
        row(
            "phase change to unknown phase",
            "phase",
            InvalidChoice,
            |w: &World| {
                projects::change_phase(&w.store, w.project.id, w.project.version, "finished")
            },
        ),
        // Members: add_member, edit_member, mark_member_left.
        row(
            "name of control characters",
            "name",
            InvalidCharacters,
            member_with(|i| i.name = "\u{0001}\u{0002}".into()),
        ),
        row(
            "blank name",
            "name",
            Required,
            member_with(|i| i.name = " \t ".into()),
        ),
        row(
            "phone of letters",
            "phone",
            InvalidFormat,
            member_with(|i| i.phone = "tolv tre fire".into()),
        ),
        row(
            "phone of a plus",
            "phone",
            InvalidFormat,
            member_with(|i| i.phone = "+".into()),
        ),
        row(
            "phone with extension text",
            "phone",
            InvalidFormat,
            member_with(|i| i.phone = "12345678 lok. 2".into()),
        ),
        row(
            "phone with bell",
            "phone",
            InvalidCharacters,
            member_with(|i| i.phone = "1234\u{0007}".into()),
        ),
        row(
            "e-mail without @",
            "email",
            InvalidFormat,
            member_with(|i| i.email = "bo.ravn".into()),
        ),
        row(
            "initials too long",
            "initials",
            TooLong,
            member_with(|i| i.initials = "ABCDEF".into()),
        ),
        row(
            "notes with NUL",
            "notes",
            InvalidCharacters,
            member_with(|i| i.notes = "Note\u{0000}".into()),
        ),
        row(
            "unknown lived experience",
            "lived_experience",
            InvalidChoice,
            member_with(|i| i.lived_experience = "friend".into()),
        ),
        row(
            "joined in 1999",
            "joined",
            OutOfRange,
            member_with(|i| i.joined = Some("1999-01-01".into())),
        ),
        row(
            "left before joined",
            "left",
            BeforeStart,
            member_with(|i| {
                i.joined = Some("2025-02-01".into());
                i.left = Some("2025-01-31".into());
            }),
        ),
        row(
            "edit: phone of letters",
            "phone",
            InvalidFormat,
            |w: &World| {
                let i = MemberInput {
                    name: "Anne Holm".into(),
                    lived_experience: "patient".into(),
                    honoraria: "accepted".into(),
                    phone: "abc".into(),
                    ..Default::default()
                };
                members::edit(&w.store, w.member.id, w.member.version, &i)
            },
        ),
        row(
            "left before the member joined",
            "left",
            BeforeStart,
            |w: &World| {
                members::mark_left(&w.store, w.member.id, w.member.version, Some(&rel(-301)))
            },
        ),
        row("left in 1990", "left", OutOfRange, |w: &World| {
            members::mark_left(&w.store, w.member.id, w.member.version, Some("1990-01-01"))
        }),
        row("left not a date", "left", InvalidDate, |w: &World| {
            members::mark_left(&w.store, w.member.id, w.member.version, Some("i går"))
        }),
        // Meetings: plan_meeting, edit_meeting, set_minutes, reorder, attendance, report back.
        row("meeting in 1999", "date", OutOfRange, |w: &World| {
            meetings::plan(&w.store, &meeting_input("1999-12-01", "16:00", "Lokale 2"))
        }),
        row("meeting without date", "date", Required, |w: &World| {
            meetings::plan(&w.store, &meeting_input(" ", "16:00", "Lokale 2"))
        }),
        row("meeting at 25 o'clock", "time", InvalidTime, |w: &World| {
            meetings::plan(&w.store, &meeting_input("2026-12-01", "25:00", "Lokale 2"))
        }),
        row("place of NUL", "place", InvalidCharacters, |w: &World| {
            meetings::plan(&w.store, &meeting_input("2026-12-01", "16:00", "\u{0000}"))
        }),
        row(
            "no place for a meeting in a room",
            "place",
            Required,
            |w: &World| meetings::plan(&w.store, &meeting_input("2026-12-01", "16:00", "")),
        ),
        row("edit: meeting in 2101", "date", OutOfRange, |w: &World| {
            meetings::edit(
                &w.store,
                w.planned.id,
                w.planned.version,
                &meeting_input("2101-01-01", "16:00", "Lokale 2"),
            )
        }),
        row(
            "minutes with bell",
            "minutes",
            InvalidCharacters,
            |w: &World| {
                meetings::set_minutes(&w.store, w.held.id, w.held.version, "Referat\u{0007}")
            },
        ),
        row(
            "agenda reordered without its consultation",
            "agenda",
            InvalidChoice,
            |w: &World| meetings::reorder(&w.store, w.held.id, w.held.version, &[], &[]),
        ),
        row(
            "attendance of someone unknown",
            "attendance",
            InvalidChoice,
            |w: &World| {
                meetings::set_attendance(
                    &w.store,
                    w.held.id,
                    w.held.version,
                    &[w.member.id, new_id()],
                )
            },
        ),
        row(
            "report back a point not on the list",
            "report_back",
            InvalidChoice,
            |w: &World| meetings::mark_reported_back(&w.store, w.held.id, &[w.point]),
        ),
        // Consultations: request_consultation, edit_consultation.
        row(
            "questions of control characters",
            "questions",
            InvalidCharacters,
            consultation_with(|i| i.questions = "\u{0001}".into()),
        ),
        row(
            "blank questions",
            "questions",
            Required,
            consultation_with(|i| i.questions = "\r\n".into()),
        ),
        row(
            "material with escape",
            "material",
            InvalidCharacters,
            consultation_with(|i| i.material = "\u{001b}".into()),
        ),
        row(
            "link that is no web address",
            "links",
            InvalidFormat,
            consultation_with(|i| i.links = strings(&["intranet/pjece.pdf"])),
        ),
        row(
            "link of only the scheme",
            "links",
            InvalidFormat,
            consultation_with(|i| i.links = strings(&["https://"])),
        ),
        row(
            "link with NUL",
            "links",
            InvalidCharacters,
            consultation_with(|i| i.links = strings(&["https://x.dk/\u{0000}"])),
        ),
        row(
            "edit: presenter with escape",
            "presenter",
            InvalidCharacters,
            |w: &World| {
                let c: samskab::domain::consultation::Consultation = w.store.get(w.requested)?;
                let i = ConsultationInput {
                    questions: "Hvad mangler?".into(),
                    presenter: "\u{001b}Mette".into(),
                    ..Default::default()
                };
                consultations::edit(&w.store, c.id, c.version, &i)
            },
        ),
        // Feedback: record_feedback, edit_feedback, save_draft.
        row(
            "feedback of control characters",
            "text",
            InvalidCharacters,
            |w: &World| feedback::record(&w.store, w.consultation, &point("\u{0001}\u{0007}", &[])),
        ),
        row(
            "feedback of tab and NUL",
            "text",
            InvalidCharacters,
            |w: &World| feedback::record(&w.store, w.consultation, &point("\t\u{0000}", &[])),
        ),
        row("blank feedback", "text", Required, |w: &World| {
            feedback::record(&w.store, w.consultation, &point(" ", &[]))
        }),
        row(
            "feedback with a blank theme",
            "themes",
            Required,
            |w: &World| feedback::record(&w.store, w.consultation, &point("Godt", &["sprog", ""])),
        ),
        row(
            "feedback theme with a line break",
            "themes",
            InvalidCharacters,
            |w: &World| feedback::record(&w.store, w.consultation, &point("Godt", &["sp\nrog"])),
        ),
        row(
            "edit: feedback of NUL",
            "text",
            InvalidCharacters,
            |w: &World| feedback::edit(&w.store, w.point, w.point_version, &point("\u{0000}", &[])),
        ),
        row("draft text too long", "draft", TooLong, |w: &World| {
            let key = feedback::draft_key(samskab::domain::new_id());
            feedback::save_draft(&w.store, &key, &"k".repeat(20_001))
        }),
        // Typed text never goes into a key: a draft's key is a consultation's id.
        row(
            "draft key of typed text",
            "key",
            InvalidChoice,
            |w: &World| feedback::save_draft(&w.store, "feedback:Hanne Jensen, tlf. 12345678", "x"),
        ),
        row(
            "draft that is not feedback's",
            "key",
            InvalidChoice,
            |w: &World| feedback::save_draft(&w.store, "gripp2:someone-elses", "x"),
        ),
        // Answers: answer_feedback, answer_input.
        row(
            "answer dated tomorrow",
            "date",
            InFuture,
            answer_point(answer("adopted", "", "Mette Kjær", Some(rel(1)))),
        ),
        row(
            "answer dated before the point was given",
            "date",
            BeforeGiven,
            answer_point(answer("adopted", "", "Mette Kjær", Some(rel(-21)))),
        ),
        row(
            "answer dated 1999",
            "date",
            OutOfRange,
            answer_point(answer(
                "adopted",
                "",
                "Mette Kjær",
                Some("1999-01-01".into()),
            )),
        ),
        row(
            "answer not a date",
            "date",
            InvalidDate,
            answer_point(answer("adopted", "", "Mette Kjær", Some("i dag".into()))),
        ),
        row(
            "not adopted without a reason",
            "reason",
            Required,
            answer_point(answer("not_adopted", " ", "Mette Kjær", None)),
        ),
        row(
            "answered by NUL",
            "by",
            InvalidCharacters,
            answer_point(answer("adopted", "", "\u{0000}", None)),
        ),
        row(
            "answered by nobody",
            "by",
            Required,
            answer_point(answer("adopted", "", "", None)),
        ),
        row(
            "input answer dated before the input",
            "date",
            BeforeGiven,
            answer_input(answer("adopted", "", "Mette Kjær", Some(rel(-11)))),
        ),
        row(
            "input answer dated tomorrow",
            "date",
            InFuture,
            answer_input(answer("adopted", "", "Mette Kjær", Some(rel(1)))),
        ),
        row(
            "input answer with unknown status",
            "status",
            InvalidChoice,
            answer_input(answer("maybe", "", "Mette Kjær", None)),
        ),
        row(
            "input answer reason with bell",
            "reason",
            InvalidCharacters,
            answer_input(answer("not_adopted", "Lov\u{0007}", "Mette Kjær", None)),
        ),
        // Input: capture_input, report_back_inputs.
        row(
            "input of control characters",
            "text",
            InvalidCharacters,
            capture_with(|i| i.text = "\u{0001}\u{0007}".into()),
        ),
        row(
            "input of tab and NUL",
            "text",
            InvalidCharacters,
            capture_with(|i| i.text = "\t\u{0000}".into()),
        ),
        row(
            "blank input",
            "text",
            Required,
            capture_with(|i| i.text = "\n".into()),
        ),
        row(
            "input dated tomorrow",
            "date",
            InFuture,
            capture_with(|i| i.date = rel(1)),
        ),
        row(
            "input dated next year",
            "date",
            InFuture,
            capture_with(|i| i.date = rel(366)),
        ),
        row(
            "input dated 1999",
            "date",
            OutOfRange,
            capture_with(|i| i.date = "1999-06-01".into()),
        ),
        row(
            "input with a blank theme",
            "themes",
            Required,
            capture_with(|i| i.themes = strings(&["sprog", "  "])),
        ),
        row(
            "input theme of control characters",
            "themes",
            InvalidCharacters,
            capture_with(|i| i.themes = strings(&["\u{0001}"])),
        ),
        row(
            "contributor with NUL",
            "contributor",
            InvalidCharacters,
            capture_with(|i| i.contributor = "Hanne\u{0000}".into()),
        ),
        row(
            "unknown contributor group",
            "group",
            InvalidChoice,
            capture_with(|i| i.group = "visitors".into()),
        ),
        row(
            "unknown channel",
            "channel",
            InvalidChoice,
            capture_with(|i| i.channel = "pigeon".into()),
        ),
        row(
            "activity of another project",
            "activity_id",
            InvalidChoice,
            |w: &World| {
                let i = InputInput {
                    project_id: w.other_project,
                    activity_id: Some(w.activity),
                    group: "patients".into(),
                    channel: "workshop".into(),
                    date: rel(-1),
                    text: "Godt".into(),
                    ..Default::default()
                };
                inputs::capture(&w.store, &i)
            },
        ),
        row(
            "report back dated tomorrow",
            "date",
            InFuture,
            |w: &World| inputs::report_back(&w.store, &[w.input], "letter", Some(&rel(1))),
        ),
        row("report back dated 1999", "date", OutOfRange, |w: &World| {
            inputs::report_back(&w.store, &[w.input], "letter", Some("1999-12-31"))
        }),
        row(
            "report back by pigeon",
            "channel",
            InvalidChoice,
            |w: &World| inputs::report_back(&w.store, &[w.input], "pigeon", None),
        ),
        // Activities: add_activity.
        row(
            "activity in 1999",
            "date",
            OutOfRange,
            activity_with(|i| i.date = "1999-01-01".into()),
        ),
        row(
            "activity without a date",
            "date",
            Required,
            activity_with(|i| i.date = String::new()),
        ),
        row(
            "too many patients",
            "patients",
            OutOfRange,
            activity_with(|i| i.patients = 100_001),
        ),
        row(
            "activity description with bell",
            "description",
            InvalidCharacters,
            activity_with(|i| i.description = "\u{0007}".into()),
        ),
        row(
            "unknown activity kind",
            "kind",
            InvalidChoice,
            activity_with(|i| i.kind = "party".into()),
        ),
        // Themes: merge_themes.
        row("merge into nothing", "into", Required, |w: &World| {
            inputs::merge_themes(&w.store, &strings(&["sprog"]), "")
        }),
        row("merge into blanks", "into", Required, |w: &World| {
            inputs::merge_themes(&w.store, &strings(&["sprog"]), " \t ")
        }),
        row(
            "merge into control characters",
            "into",
            InvalidCharacters,
            |w: &World| inputs::merge_themes(&w.store, &strings(&["sprog"]), "\u{0001}"),
        ),
        row("merge from a blank", "from", Required, |w: &World| {
            inputs::merge_themes(&w.store, &strings(&["sprog", " "]), "Sprog")
        }),
        row("merge from nothing", "from", Required, |w: &World| {
            inputs::merge_themes(&w.store, &[], "Sprog")
        }),
        // Settings: update_settings.
        row(
            "overdue after 0 days",
            "overdue_days",
            OutOfRange,
            settings_with(|s| s.overdue_days = 0),
        ),
        row(
            "overdue after 366 days",
            "overdue_days",
            OutOfRange,
            settings_with(|s| s.overdue_days = 366),
        ),
        row(
            "user name of NUL",
            "user_name",
            InvalidCharacters,
            settings_with(|s| s.user_name = "\u{0000}".into()),
        ),
        row(
            "user name too long",
            "user_name",
            TooLong,
            settings_with(move |s| s.user_name = long(101)),
        ),
        // Year report: year_report, save_year_report.
        row("year report of year -5", "year", OutOfRange, |w: &World| {
            year_report::build(&w.store, -5, false, &Progress::none())
        }),
        row("year report of 1999", "year", OutOfRange, |w: &World| {
            year_report::build(&w.store, 1999, false, &Progress::none())
        }),
        row("year report of 2101", "year", OutOfRange, |w: &World| {
            year_report::build(&w.store, 2101, true, &Progress::none())
        }),
        row(
            "saved year report of 1999",
            "year",
            OutOfRange,
            |w: &World| {
                year_report::save(
                    &w.store,
                    1999,
                    false,
                    &w.dir.path().join("out-year.html"),
                    &Progress::none(),
                )
            },
        ),
        // GRIPP2: save_gripp2_draft, save_gripp2.
        row(
            "GRIPP2 aim with NUL",
            "aim",
            InvalidCharacters,
            gripp2_with(|g| g.aim.push('\u{0000}')),
        ),
        row(
            "GRIPP2 methods too long",
            "methods",
            TooLong,
            gripp2_with(|g| g.methods = "x".repeat(gripp2::ITEM_LIMIT + 1)),
        ),
        row(
            "saved GRIPP2 with bell in reflections",
            "reflections",
            InvalidCharacters,
            |w: &World| {
                let mut g = gripp2::fill(&w.store, w.project.id)?;
                g.reflections = "\u{0007}".into();
                gripp2::save(
                    &w.store,
                    w.project.id,
                    &g,
                    ExportFormat::Html,
                    &w.dir.path().join("out-gripp2.html"),
                )
            },
        ),
    ]
}

#[test]
fn every_bad_input_gets_a_coded_error_and_changes_nothing() {
    let w = world();
    let before = snapshot(&w);
    let rows = rows();
    assert!(rows.len() >= 60, "only {} bad inputs", rows.len());
    for r in &rows {
        let err = match (r.call)(&w) {
            Ok(()) => panic!("{}: accepted", r.name),
            Err(e) => e,
        };
        assert_eq!(err.code(), "validation", "{}: {err:?}", r.name);
        let payload = serde_json::to_value(&err).expect("payload");
        assert_eq!(payload["code"], "validation", "{}", r.name);
        assert_eq!(payload["fields"][0]["field"], r.field, "{}", r.name);
        assert_eq!(payload["fields"][0]["rule"], r.rule.as_str(), "{}", r.name);
        assert_eq!(
            rejected_fields(err),
            vec![(r.field.to_owned(), r.rule)],
            "{}",
            r.name
        );
        assert!(snapshot(&w) == before, "{}: the database changed", r.name);
    }
}

#[test]
fn the_same_inputs_made_good_are_accepted() {
    let w = world();
    let ok = |what: &str, r: AppResult<()>| {
        if let Err(e) = r {
            panic!("{what}: {e:?}");
        }
    };
    ok(
        "line breaks and tabs in a summary",
        project_with(|i| i.summary = "Linje 1\r\n\tLinje 2".into())(&w).map(|_| ()),
    );
    ok(
        "dates at the edges of the range",
        project_with(|i| {
            i.start_date = Some("2000-01-01".into());
            i.deadline = Some("2100-12-31".into());
        })(&w)
        .map(|_| ()),
    );
    ok(
        "a phone with plus, spaces, dashes and parentheses",
        member_with(|i| i.phone = "(+45) 12 34-56 78".into())(&w).map(|_| ()),
    );
    ok("input dated today", capture_with(|i| i.date = rel(0))(&w));
    ok(
        "answer dated the day the input was given",
        answer_input(answer("adopted", "", "Mette Kjær", Some(rel(-10))))(&w),
    );
    ok(
        "answer dated the day the point was given",
        answer_point(answer("adopted", "", "Mette Kjær", Some(iso(w.held.date))))(&w),
    );
    ok(
        "year report of 2000 and 2100",
        year_report::build(&w.store, 2000, false, &Progress::none())
            .and_then(|_| year_report::build(&w.store, 2100, false, &Progress::none()))
            .map(|_| ()),
    );
    ok(
        "merge a theme",
        inputs::merge_themes(&w.store, &strings(&["sprog"]), "Sprog og ord").map(|_| ()),
    );
}

#[test]
fn an_answer_cannot_predate_a_point_given_at_a_future_meeting() {
    // Feedback recorded for a meeting planned later is given on that day; answering it
    // today (the default date) would date the answer before the point.
    let w = world();
    let c = w.requested;
    let v = w.store.get::<Meeting>(w.planned.id).expect("m").version;
    meetings::schedule(&w.store, w.planned.id, v, c).expect("schedule");
    let p = feedback::record(&w.store, c, &point("Mere luft i teksten", &[])).expect("point");
    let before = snapshot(&w);
    let err = feedback::answer(
        &w.store,
        p.id,
        p.version,
        &answer("adopted", "", "Mette", None),
    )
    .expect_err("before given");
    assert_eq!(err.code(), "validation");
    assert_eq!(
        rejected_fields(err),
        vec![("date".to_owned(), Rule::BeforeGiven)]
    );
    assert!(snapshot(&w) == before);
}

#[test]
fn the_snapshot_sees_every_kind_of_change() {
    let w = world();
    let mut last = snapshot(&w);
    assert!(
        !last.to_string().contains("\"error\""),
        "every read of the snapshot works: {last}"
    );
    let mut sees = |what: &str, result: AppResult<()>| {
        if let Err(e) = result {
            panic!("{what}: {e:?}");
        }
        let now = snapshot(&w);
        assert!(now != last, "the snapshot missed: {what}");
        last = now;
    };
    sees("settings", settings_with(|s| s.overdue_days = 14)(&w));
    sees(
        "a draft",
        feedback::save_draft(&w.store, &feedback::draft_key(w.requested), "Mere tekst"),
    );
    sees(
        "a GRIPP2 draft",
        gripp2_with(|g| g.aim = "Nyt formål".into())(&w),
    );
    sees(
        "minutes",
        meetings::set_minutes(&w.store, w.held.id, w.held.version, "Referat").map(|_| ()),
    );
    sees(
        "an answer",
        answer_input(answer("adopted", "", "Mette Kjær", None))(&w),
    );
    sees(
        "a theme",
        inputs::merge_themes(&w.store, &strings(&["tryghed"]), "Tryghed").map(|_| ()),
    );
    sees(
        "a project",
        projects::update(
            &w.store,
            w.project.id,
            w.project.version,
            &input("Ny titel"),
        )
        .map(|_| ()),
    );
    sees(
        "a member",
        members::mark_left(&w.store, w.member.id, w.member.version, None).map(|_| ()),
    );
    sees(
        "a saved file",
        year_report::save(
            &w.store,
            2026,
            false,
            &w.dir.path().join("out-year.html"),
            &Progress::none(),
        ),
    );
}

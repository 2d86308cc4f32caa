//! Input from patients and relatives: capture, consent, contributor reference, themes,
//! search, and the "Vi spurgte — I sagde — vi gjorde" report.

use rstest::rstest;
use samskab::domain::consultation::ConsultationInput;
use samskab::domain::error::Rule;
use samskab::domain::feedback::FeedbackInput;
use samskab::domain::feedback_loop::{AnswerInput, AnswerStatus, LoopStatus};
use samskab::domain::input::{ActivityInput, InputInput, InputQuery, InputSource};
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::Id;
use samskab::service::board::{consultations, feedback, meetings};
use samskab::service::{inputs, projects, report};
use samskab::store::Store;

use super::feedback_loop::day;
use super::support::{input, rejected_fields, temp_store_on, Backend};

fn capture(
    store: &Store,
    project: Id,
    text: &str,
    themes: &[&str],
    group: &str,
    may_quote: bool,
    contributor: &str,
) -> Id {
    inputs::capture(
        store,
        &InputInput {
            project_id: project,
            activity_id: None,
            group: group.into(),
            channel: "workshop".into(),
            date: "2026-11-02".into(),
            text: text.into(),
            themes: themes.iter().map(|t| (*t).into()).collect(),
            may_quote,
            contributor: contributor.into(),
        },
    )
    .expect("capture")
    .id
}

fn board_point(store: &Store, project: Id, text: &str, themes: &[&str]) -> Id {
    let c = consultations::request(
        store,
        project,
        &ConsultationInput {
            questions: "Hvad synes I om forløbet?".into(),
            ..Default::default()
        },
    )
    .expect("request")
    .id;
    let m = meetings::plan(
        store,
        &MeetingInput {
            date: "2026-11-05".into(),
            time: "16:00".into(),
            place: "Mødelokale 2".into(),
            online: false,
        },
    )
    .expect("plan")
    .id;
    let v = store.get::<Meeting>(m).expect("m").version;
    meetings::schedule(store, m, v, c).expect("schedule");
    feedback::record(
        store,
        c,
        &FeedbackInput {
            text: text.into(),
            themes: themes.iter().map(|t| (*t).into()).collect(),
        },
    )
    .expect("point")
    .id
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn quotes_without_consent_never_appear_in_the_report(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Pjece"), "involvement").expect("project");
    capture(
        &store,
        p.id,
        "Jeg forstod ikke ordet tvangsbehandling",
        &["sprog"],
        "patients",
        true,
        "",
    );
    capture(
        &store,
        p.id,
        "Min søn blev bange af billedet på forsiden",
        &["billeder"],
        "relatives",
        false,
        "",
    );
    let r = report::build(&store, p.id, day("2026-11-26")).expect("report");
    assert_eq!(r.total, 2);
    let md = report::markdown(&r);
    let html = report::html(&r);
    assert!(
        md.contains("Jeg forstod ikke ordet tvangsbehandling"),
        "{md}"
    );
    for text in [&md, &html] {
        assert!(
            !text.contains("Min søn blev bange"),
            "unconsented quote leaked: {text}"
        );
    }
    assert!(md.contains("En pårørende gav input (ikke citeret)"));
    let billeder = r
        .themes
        .iter()
        .find(|t| t.theme == "billeder")
        .expect("theme kept");
    assert_eq!(billeder.said[0].quote, None);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn the_report_shows_what_was_asked_said_and_done(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Pjece"), "involvement").expect("project");
    inputs::add_activity(
        &store,
        p.id,
        &ActivityInput {
            kind: "workshop".into(),
            date: "2026-10-20".into(),
            patients: 6,
            relatives: 3,
            description: "Workshop om pjecens sprog".into(),
            ..Default::default()
        },
    )
    .expect("activity");
    let point = board_point(&store, p.id, "Brug kortere sætninger", &["sprog"]);
    let i = capture(
        &store,
        p.id,
        "Skriv telefontiden tydeligt",
        &["Praktisk"],
        "relatives",
        true,
        "",
    );
    let v = store
        .get::<samskab::domain::input::Input>(i)
        .expect("i")
        .version;
    inputs::answer(
        &store,
        i,
        v,
        &AnswerInput {
            status: "adopted".into(),
            text: "Telefontiden står nu øverst".into(),
            by: "Mette Kjær".into(),
            ..Default::default()
        },
    )
    .expect("answer");
    let r = report::build(&store, p.id, day("2026-11-26")).expect("report");
    assert_eq!(
        r.asked,
        vec![
            "Hvad synes I om forløbet?".to_string(),
            "Workshop om pjecens sprog".to_string()
        ]
    );
    assert_eq!((r.total, r.answered, r.adopted), (2, 1, 1));
    assert_eq!(
        r.themes
            .iter()
            .map(|t| t.theme.as_str())
            .collect::<Vec<_>>(),
        ["Praktisk", "sprog"]
    );
    let md = report::markdown(&r);
    assert!(
        md.contains("Peer-boardet: »Brug kortere sætninger«"),
        "{md}"
    );
    assert!(
        md.contains("Vi gjorde: Det gør vi – Telefontiden står nu øverst"),
        "{md}"
    );
    let _ = point;
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn merging_themes_moves_every_input_from_both_sources(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Pjece"), "involvement").expect("project");
    let a = capture(&store, p.id, "a", &["Sprog"], "patients", true, "");
    let b = capture(
        &store,
        p.id,
        "b",
        &["sprogbrug", "layout"],
        "relatives",
        true,
        "",
    );
    let c = board_point(&store, p.id, "c", &["SPROG"]);
    let d = capture(&store, p.id, "d", &["layout"], "staff", true, "");
    let counts = |project: Option<Id>| -> Vec<(String, usize)> {
        inputs::themes(&store, project)
            .expect("themes")
            .into_iter()
            .map(|t| (t.theme, t.count))
            .collect()
    };
    assert_eq!(
        counts(Some(p.id)),
        vec![
            ("layout".into(), 2),
            ("Sprog".into(), 2),
            ("sprogbrug".into(), 1)
        ]
    );
    let changed = inputs::merge_themes(
        &store,
        &["sprog".into(), "Sprogbrug".into()],
        "Sprog og forståelse",
    )
    .expect("merge");
    assert_eq!(changed, 3);
    assert_eq!(
        counts(None),
        vec![("layout".into(), 2), ("Sprog og forståelse".into(), 3)]
    );
    let themed = |id: Id| -> Vec<String> {
        inputs::search(&store, &InputQuery::default(), day("2026-11-26"))
            .expect("search")
            .items
            .into_iter()
            .find(|i| i.id == id)
            .expect("item")
            .themes
    };
    assert_eq!(themed(a), vec!["Sprog og forståelse".to_string()]);
    assert_eq!(
        themed(b),
        vec!["Sprog og forståelse".to_string(), "layout".to_string()]
    );
    assert_eq!(themed(c), vec!["Sprog og forståelse".to_string()]);
    assert_eq!(themed(d), vec!["layout".to_string()]);
    // Renaming is merging one theme; the theme filter follows.
    inputs::merge_themes(&store, &["layout".into()], "Layout").expect("rename");
    let hits = inputs::search(
        &store,
        &InputQuery {
            theme: "layout".into(),
            ..Default::default()
        },
        day("2026-11-26"),
    )
    .expect("search");
    assert_eq!(hits.total, 2);
    let err = inputs::merge_themes(&store, &["x".into()], " ").expect_err("empty target");
    assert_eq!(rejected_fields(err), vec![("into".into(), Rule::Required)]);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn the_contributor_reference_is_absent_from_every_export_and_report(#[case] backend: Backend) {
    let (store, dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Pjece"), "involvement").expect("project");
    let id = capture(
        &store,
        p.id,
        "Ventetiden var for lang",
        &["ventetid"],
        "patients",
        true,
        "Hanne Jensen, 2233 4455",
    );
    assert_eq!(
        inputs::contributor(&store, id).expect("kept apart"),
        "Hanne Jensen, 2233 4455"
    );
    let hits = inputs::search(&store, &InputQuery::default(), day("2026-11-26")).expect("search");
    let listed = serde_json::to_string(&hits).expect("json");
    let r = report::build(&store, p.id, day("2026-11-26")).expect("report");
    let md_path = dir.path().join("rapport.md");
    let html_path = dir.path().join("rapport.html");
    report::save(
        &store,
        p.id,
        samskab::service::board::compiled::ExportFormat::Markdown,
        &md_path,
    )
    .expect("md");
    report::save(
        &store,
        p.id,
        samskab::service::board::compiled::ExportFormat::Html,
        &html_path,
    )
    .expect("html");
    for text in [
        listed,
        serde_json::to_string(&r).expect("json"),
        std::fs::read_to_string(&md_path).expect("read"),
        std::fs::read_to_string(&html_path).expect("read"),
    ] {
        assert!(text.contains("Ventetiden var for lang"));
        assert!(
            !text.contains("Hanne") && !text.contains("2233"),
            "contributor leaked: {text}"
        );
    }
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn search_matches_danish_letters_and_every_filter(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Pjece"), "involvement").expect("project");
    let other = projects::create(&store, &input("Arbejdsgang"), "involvement").expect("project");
    let a = capture(
        &store,
        p.id,
        "Ærlig talt var PÅRØRENDE-mødet for kort",
        &["møder"],
        "relatives",
        true,
        "",
    );
    let b = capture(
        &store,
        p.id,
        "Gode øvelser i gruppen",
        &["forløb"],
        "patients",
        true,
        "",
    );
    let c = capture(
        &store,
        other.id,
        "Åbningstiderne passer ikke",
        &["praktisk"],
        "staff",
        true,
        "",
    );
    let board = board_point(
        &store,
        p.id,
        "Pårørende skal inviteres tidligere",
        &["møder"],
    );
    let find = |q: InputQuery| -> Vec<Id> {
        let mut ids: Vec<Id> = inputs::search(&store, &q, day("2026-12-20"))
            .expect("search")
            .items
            .into_iter()
            .map(|i| i.id)
            .collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<Id>| {
        v.sort();
        v
    };
    assert_eq!(
        find(InputQuery {
            text: "pårørende".into(),
            ..Default::default()
        }),
        sorted(vec![a, board])
    );
    assert_eq!(
        find(InputQuery {
            text: "ÆRLIG mødet".into(),
            ..Default::default()
        }),
        vec![a]
    );
    assert_eq!(
        find(InputQuery {
            text: "åbningstiderne".into(),
            ..Default::default()
        }),
        vec![c]
    );
    assert_eq!(
        find(InputQuery {
            text: "ØVELSER".into(),
            ..Default::default()
        }),
        vec![b]
    );
    assert_eq!(
        find(InputQuery {
            project_id: Some(other.id),
            ..Default::default()
        }),
        vec![c]
    );
    assert_eq!(
        find(InputQuery {
            sources: vec![InputSource::Board],
            ..Default::default()
        }),
        vec![board]
    );
    assert_eq!(
        find(InputQuery {
            sources: vec![InputSource::Patients, InputSource::Staff],
            ..Default::default()
        }),
        sorted(vec![b, c])
    );
    assert_eq!(
        find(InputQuery {
            theme: "MØDER".into(),
            ..Default::default()
        }),
        sorted(vec![a, board])
    );
    let v = store
        .get::<samskab::domain::input::Input>(b)
        .expect("b")
        .version;
    inputs::answer(
        &store,
        b,
        v,
        &AnswerInput {
            status: "adopted".into(),
            by: "R".into(),
            ..Default::default()
        },
    )
    .expect("answer");
    assert_eq!(
        find(InputQuery {
            statuses: vec![LoopStatus::Answered],
            ..Default::default()
        }),
        vec![b]
    );
    assert_eq!(
        find(InputQuery {
            answers: vec![AnswerStatus::Adopted, AnswerStatus::PartlyAdopted],
            ..Default::default()
        }),
        vec![b]
    );
    assert_eq!(
        find(InputQuery {
            answers: vec![AnswerStatus::NotAdopted],
            ..Default::default()
        }),
        Vec::<Id>::new()
    );
    // Inputs are from 2 November, the board point from 5 November; 20 December is more than
    // 30 days after both: everything unanswered is overdue.
    assert_eq!(
        find(InputQuery {
            overdue_only: true,
            ..Default::default()
        }),
        sorted(vec![a, c, board])
    );
    assert_eq!(
        find(InputQuery {
            from: Some(day("2026-11-03")),
            ..Default::default()
        }),
        vec![board]
    );
    assert_eq!(
        find(InputQuery {
            to: Some(day("2026-11-02")),
            ..Default::default()
        }),
        sorted(vec![a, b, c])
    );
    let hits = inputs::search(
        &store,
        &InputQuery {
            limit: 2,
            ..Default::default()
        },
        day("2026-12-20"),
    )
    .expect("search");
    assert_eq!((hits.total, hits.items.len()), (4, 2));
    assert_eq!(hits.items[0].id, board, "newest first");
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn search_takes_percent_and_underscore_literally_and_themes_show_the_common_spelling(
    #[case] backend: Backend,
) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Pjece"), "involvement").expect("project");
    let a = capture(
        &store,
        p.id,
        "Ventetiden var 100% for lang",
        &["Ventetid"],
        "patients",
        true,
        "",
    );
    let b = capture(
        &store,
        p.id,
        "Ventetiden var 1000 år",
        &["ventetid"],
        "patients",
        true,
        "",
    );
    let c = capture(
        &store,
        p.id,
        "Skema_A var svært",
        &["ventetid"],
        "relatives",
        true,
        "",
    );
    board_point(&store, p.id, "Skemaet var fint", &["SKEMA"]);
    let hits = |text: &str| -> Vec<Id> {
        inputs::search(
            &store,
            &InputQuery {
                text: text.into(),
                ..Default::default()
            },
            day("2026-11-26"),
        )
        .expect("search")
        .items
        .into_iter()
        .map(|i| i.id)
        .collect()
    };
    assert_eq!(hits("100%"), vec![a]);
    assert_eq!(hits("skema_a"), vec![c]);
    assert_eq!(hits("_"), vec![c]);
    assert_eq!(hits("ventetiden 1000"), vec![b]);
    // Most write "ventetid": that is how the theme is shown, for all input and for the
    // project, on both stores.
    let themes = |project: Option<Id>| -> Vec<(String, usize)> {
        inputs::themes(&store, project)
            .expect("themes")
            .into_iter()
            .map(|t| (t.theme, t.count))
            .collect()
    };
    let expected = vec![("SKEMA".to_string(), 1), ("ventetid".to_string(), 3)];
    assert_eq!(themes(None), expected);
    assert_eq!(themes(Some(p.id)), expected);
}

/// A search counts its hits up to 1,000 (or its limit, if larger) and then says "more
/// than": the same on both stores.
#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_search_counts_to_a_thousand_and_then_says_more(#[case] backend: Backend) {
    use samskab::store::inputs::COUNT_LIMIT;
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Mange input"), "involvement").expect("project");
    for n in 0..COUNT_LIMIT + 5 {
        let text = if n % 2 == 0 {
            "Lang ventetid"
        } else {
            "Kort ventetid"
        };
        capture(&store, p.id, text, &[], "patients", true, "");
    }
    let search = |text: &str, limit: u32| {
        inputs::search(
            &store,
            &InputQuery {
                text: text.into(),
                limit,
                ..Default::default()
            },
            day("2026-11-26"),
        )
        .expect("search")
    };
    let all = search("ventetid", 50);
    assert_eq!(
        (all.total, all.capped, all.items.len()),
        (COUNT_LIMIT, true, 50)
    );
    let counted = search("ventetid", 2_000);
    assert_eq!(
        (counted.total, counted.capped, counted.items.len()),
        (COUNT_LIMIT + 5, false, COUNT_LIMIT + 5)
    );
    let half = search("lang", 50);
    assert_eq!(
        (half.total, half.capped),
        ((COUNT_LIMIT + 5).div_ceil(2), false)
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn capture_checks_its_fields_and_the_activity_belongs_to_the_project(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Pjece"), "involvement").expect("project");
    let other = projects::create(&store, &input("Andet"), "involvement").expect("project");
    let act = inputs::add_activity(
        &store,
        other.id,
        &ActivityInput {
            kind: "survey".into(),
            date: "2026-10-01".into(),
            patients: 40,
            ..Default::default()
        },
    )
    .expect("activity");
    let mut i = InputInput {
        project_id: p.id,
        activity_id: Some(act.id),
        group: "patients".into(),
        channel: "survey".into(),
        date: "2026-10-02".into(),
        text: "Godt".into(),
        ..Default::default()
    };
    let err = inputs::capture(&store, &i).expect_err("wrong project");
    assert_eq!(
        rejected_fields(err),
        vec![("activity_id".into(), Rule::InvalidChoice)]
    );
    i.activity_id = None;
    i.text = " ".into();
    i.channel = "pigeon".into();
    let err = inputs::capture(&store, &i).expect_err("bad");
    assert_eq!(
        rejected_fields(err),
        vec![
            ("channel".into(), Rule::InvalidChoice),
            ("text".into(), Rule::Required)
        ]
    );
    assert_eq!(
        inputs::search(&store, &InputQuery::default(), day("2026-11-26"))
            .expect("s")
            .total,
        0
    );
    assert_eq!(
        inputs::activities(&store, other.id).expect("list"),
        vec![act]
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn input_survives_a_restart_with_its_index(#[case] backend: Backend) {
    let (first, dir) = temp_store_on(backend);
    let id = {
        let store = first;
        let p = projects::create(&store, &input("Pjece"), "involvement").expect("project");
        capture(
            &store,
            p.id,
            "Husk tolk",
            &["sprog"],
            "relatives",
            false,
            "ref-17",
        )
    };
    let store = dir.reopen();
    let hits = inputs::search(
        &store,
        &InputQuery {
            text: "tolk".into(),
            ..Default::default()
        },
        day("2026-11-26"),
    )
    .expect("search");
    assert_eq!(
        hits.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![id]
    );
    assert_eq!(inputs::contributor(&store, id).expect("ref"), "ref-17");
}

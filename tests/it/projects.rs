//! Projects through the service layer: every operation, every validation rule.

use rstest::rstest;
use samskab::domain::error::{AppError, Rule};
use samskab::domain::project::{Phase, ProjectKind, TargetGroup};
use samskab::domain::query::{ArchiveFilter, ProjectQuery, ProjectSort};
use samskab::service::projects;

use super::support::{input, rejected_fields, temp_store_on, Backend};

/// Makes a valid input invalid in one way.
type Breaker = Box<dyn Fn(&mut samskab::domain::project::ProjectInput)>;

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn create_stores_every_field_and_starts_the_timeline(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("  Velkomstpjece  "), "preparation").expect("create");
    assert_eq!(p.title, "Velkomstpjece");
    assert_eq!(p.version, 1);
    assert_eq!(p.phase, Phase::Preparation);
    assert_eq!(p.kind, ProjectKind::InformationMaterial);
    assert_eq!(
        p.target_groups,
        vec![TargetGroup::Patients, TargetGroup::Relatives]
    );
    assert_eq!(p.deadline.map(|d| d.to_string()), Some("2026-12-15".into()));
    let detail = projects::detail(&store, p.id).expect("detail");
    assert_eq!(detail.project, p);
    assert_eq!(detail.timeline.len(), 1);
    assert_eq!(detail.timeline[0].from, None);
    assert_eq!(detail.timeline[0].to, Phase::Preparation);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn update_changes_fields_and_bumps_version(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Før"), "idea").expect("create");
    let mut edit = input("Efter");
    edit.tags = vec!["ny".into()];
    let q = projects::update(&store, p.id, p.version, &edit).expect("update");
    assert_eq!(q.version, 2);
    assert_eq!(q.title, "Efter");
    assert_eq!(q.tags, vec!["ny".to_string()]);
    assert_eq!(q.created_at, p.created_at);
    assert_eq!(projects::detail(&store, p.id).expect("detail").project, q);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn update_with_stale_version_is_a_conflict_and_changes_nothing(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Original"), "idea").expect("create");
    projects::update(&store, p.id, p.version, &input("Første ændring")).expect("update");
    let err =
        projects::update(&store, p.id, p.version, &input("Anden ændring")).expect_err("stale");
    assert!(
        matches!(
            err,
            AppError::Conflict {
                expected: 1,
                actual: 2
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "conflict.version");
    let stored = projects::detail(&store, p.id).expect("detail").project;
    assert_eq!(stored.title, "Første ændring");
    let err = projects::change_phase(&store, p.id, p.version, "closed").expect_err("stale");
    assert_eq!(err.code(), "conflict.version");
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn phase_change_is_recorded_on_the_timeline(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    samskab::service::settings::update(
        &store,
        &samskab::domain::settings::Settings {
            user_name: "Louise Bach".into(),
            ..Default::default()
        },
    )
    .expect("settings");
    let p = projects::create(&store, &input("Pjece"), "idea").expect("create");
    let d = projects::change_phase(&store, p.id, 1, "involvement").expect("phase");
    let d = projects::change_phase(&store, p.id, d.project.version, "paused").expect("phase");
    assert_eq!(d.project.phase, Phase::Paused);
    let steps: Vec<_> = d.timeline.iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(
        steps,
        vec![
            (None, Phase::Idea),
            (Some(Phase::Idea), Phase::Involvement),
            (Some(Phase::Involvement), Phase::Paused),
        ]
    );
    // The signed-in person: the login on PostgreSQL; on sled without profiles, the name
    // in Indstillinger (tests/it/roles.rs covers a chosen profile).
    let by = match backend {
        Backend::Sled => "Louise Bach".to_owned(),
        Backend::Postgres => store.person().expect("a login").name,
    };
    assert!(d.timeline.iter().all(|c| c.by == by), "{by}");
    assert!(d.timeline.windows(2).all(|w| w[0].at <= w[1].at));
    // The same phase again records nothing.
    let same = projects::change_phase(&store, p.id, d.project.version, "paused").expect("same");
    assert_eq!(same.timeline.len(), 3);
    assert_eq!(same.project.version, d.project.version);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn unknown_phase_is_rejected_on_its_field(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Pjece"), "idea").expect("create");
    let err = projects::change_phase(&store, p.id, 1, "finished").expect_err("bad phase");
    assert_eq!(
        rejected_fields(err),
        vec![("phase".into(), Rule::InvalidChoice)]
    );
    let err = projects::create(&store, &input("Pjece"), "done").expect_err("bad phase");
    assert_eq!(
        rejected_fields(err),
        vec![("phase".into(), Rule::InvalidChoice)]
    );
    assert_eq!(
        projects::detail(&store, p.id)
            .expect("detail")
            .timeline
            .len(),
        1
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn archive_and_restore(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Gammel"), "closed").expect("create");
    let a = projects::set_archived(&store, p.id, p.version, true).expect("archive");
    assert!(a.archived);
    let active = projects::list(&store, &ProjectQuery::default()).expect("list");
    assert!(active.is_empty());
    let archived = projects::list(
        &store,
        &ProjectQuery {
            archive: ArchiveFilter::Archived,
            ..Default::default()
        },
    )
    .expect("list");
    assert_eq!(archived.len(), 1);
    let r = projects::set_archived(&store, p.id, a.version, false).expect("restore");
    assert!(!r.archived);
    assert_eq!(
        projects::list(&store, &ProjectQuery::default())
            .expect("list")
            .len(),
        1
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn each_validation_rule_is_rejected_with_its_field_and_nothing_stored(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let cases: Vec<(Breaker, &str, Rule)> = vec![
        (
            Box::new(|i| i.title = "   ".into()),
            "title",
            Rule::Required,
        ),
        (
            Box::new(|i| i.title = "x".repeat(201)),
            "title",
            Rule::TooLong,
        ),
        (
            Box::new(|i| i.summary = "x".repeat(5001)),
            "summary",
            Rule::TooLong,
        ),
        (
            Box::new(|i| i.kind = "poster".into()),
            "kind",
            Rule::InvalidChoice,
        ),
        (
            Box::new(|i| i.involvement_level = "decide".into()),
            "involvement_level",
            Rule::InvalidChoice,
        ),
        (
            Box::new(|i| i.target_groups = vec!["staff".into()]),
            "target_groups",
            Rule::InvalidChoice,
        ),
        (
            Box::new(|i| i.requester_unit = "x".repeat(201)),
            "requester_unit",
            Rule::TooLong,
        ),
        (
            Box::new(|i| i.requester_contact = "x".repeat(201)),
            "requester_contact",
            Rule::TooLong,
        ),
        (
            Box::new(|i| i.responsible_consultant = "x".repeat(201)),
            "responsible_consultant",
            Rule::TooLong,
        ),
        (
            Box::new(|i| i.start_date = Some("1. maj".into())),
            "start_date",
            Rule::InvalidDate,
        ),
        (
            Box::new(|i| i.deadline = Some("2026-02-30".into())),
            "deadline",
            Rule::InvalidDate,
        ),
        (
            Box::new(|i| i.deadline = Some("2026-08-31".into())),
            "deadline",
            Rule::BeforeStart,
        ),
        (
            Box::new(|i| i.tags = vec!["x".repeat(51)]),
            "tags",
            Rule::TooLong,
        ),
        (
            Box::new(|i| i.tags = (0..21).map(|n| n.to_string()).collect()),
            "tags",
            Rule::TooMany,
        ),
    ];
    for (break_it, field, rule) in &cases {
        let mut bad = input("Gyldig titel");
        break_it(&mut bad);
        let err = projects::create(&store, &bad, "idea").expect_err(field);
        assert_eq!(err.code(), "validation");
        assert_eq!(
            rejected_fields(err),
            vec![(field.to_string(), *rule)],
            "{field}"
        );
    }
    assert_eq!(store.project_count().expect("count"), 0, "nothing stored");

    // The same rules hold for an edit, which leaves the project as it was.
    let p = projects::create(&store, &input("Gyldig titel"), "idea").expect("create");
    for (break_it, field, rule) in &cases {
        let mut bad = input("Gyldig titel");
        break_it(&mut bad);
        let err = projects::update(&store, p.id, p.version, &bad).expect_err(field);
        assert_eq!(
            rejected_fields(err),
            vec![(field.to_string(), *rule)],
            "{field}"
        );
    }
    assert_eq!(projects::detail(&store, p.id).expect("detail").project, p);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn title_of_exactly_200_characters_is_accepted(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input(&"æ".repeat(200)), "idea").expect("200 chars");
    assert_eq!(p.title.chars().count(), 200);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn unknown_project_is_not_found(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let id = samskab::domain::new_id();
    let err = projects::detail(&store, id).expect_err("missing");
    assert_eq!(err.code(), "not_found.project");
    let err = projects::update(&store, id, 1, &input("x")).expect_err("missing");
    assert_eq!(err.code(), "not_found.project");
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn list_filters_by_phase_level_kind_group_and_text(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let mut a = input("Pjece om søvn");
    a.target_groups = vec!["patients".into()];
    let a = projects::create(&store, &a, "idea").expect("a");
    let mut b = input("Arbejdsgang ved udskrivelse");
    b.kind = "workflow".into();
    b.involvement_level = "collaborate".into();
    b.target_groups = vec!["relatives".into()];
    b.tags = vec!["Pårørende".into()];
    let b = projects::create(&store, &b, "involvement").expect("b");
    let c = projects::create(&store, &input("Tilbud om peer-støtte"), "involvement").expect("c");

    let ids = |q: ProjectQuery| -> Vec<_> {
        let mut ids: Vec<_> = projects::list(&store, &q)
            .expect("list")
            .into_iter()
            .map(|p| p.id)
            .collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<_>| {
        v.sort();
        v
    };
    assert_eq!(
        ids(ProjectQuery {
            phases: vec![Phase::Involvement],
            ..Default::default()
        }),
        sorted(vec![b.id, c.id])
    );
    assert_eq!(
        ids(ProjectQuery {
            kinds: vec![ProjectKind::Workflow],
            ..Default::default()
        }),
        vec![b.id]
    );
    assert_eq!(
        ids(ProjectQuery {
            levels: vec![samskab::domain::project::InvolvementLevel::Involve],
            ..Default::default()
        }),
        sorted(vec![a.id, c.id])
    );
    assert_eq!(
        ids(ProjectQuery {
            target_groups: vec![TargetGroup::Relatives],
            ..Default::default()
        }),
        sorted(vec![b.id, c.id])
    );
    assert_eq!(
        ids(ProjectQuery {
            text: "PÅRØRENDE".into(),
            ..Default::default()
        }),
        vec![b.id]
    );
    assert_eq!(
        ids(ProjectQuery {
            text: "søvn pjece".into(),
            ..Default::default()
        }),
        vec![a.id]
    );
    assert_eq!(
        ids(ProjectQuery {
            phases: vec![Phase::Involvement],
            text: "peer".into(),
            ..Default::default()
        }),
        vec![c.id]
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn list_sorts_by_deadline_title_and_last_change(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let mut late = input("Bøger");
    late.deadline = Some("2027-06-01".into());
    let late = projects::create(&store, &late, "idea").expect("late");
    let mut early = input("Årshjul");
    early.deadline = Some("2026-10-01".into());
    let early = projects::create(&store, &early, "idea").expect("early");
    let mut none = input("Ærinde");
    none.deadline = None;
    let none = projects::create(&store, &none, "idea").expect("none");
    projects::update(&store, late.id, late.version, &input("Bøger")).expect("touch");

    let titles = |sort| -> Vec<String> {
        projects::list(
            &store,
            &ProjectQuery {
                sort,
                ..Default::default()
            },
        )
        .expect("list")
        .into_iter()
        .map(|p| p.title)
        .collect()
    };
    assert_eq!(
        titles(ProjectSort::Deadline),
        ["Årshjul", "Bøger", "Ærinde"]
    );
    assert_eq!(titles(ProjectSort::Title), ["Bøger", "Ærinde", "Årshjul"]);
    assert_eq!(titles(ProjectSort::Updated)[0], "Bøger");
    let _ = (early, none);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_page_is_the_first_projects_of_the_whole_sorted_list_with_the_total(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let titles = [
        "Øst", "Bøger", "Årshjul", "Ærinde", "Aften", "Zebra", "alfa", "Ål",
    ];
    for (n, t) in titles.iter().enumerate() {
        let mut i = input(t);
        i.deadline = (n % 3 != 0).then(|| format!("2027-0{}-01", 1 + n % 5));
        projects::create(&store, &i, "idea").expect("project");
    }
    for sort in [
        ProjectSort::Deadline,
        ProjectSort::Title,
        ProjectSort::Updated,
    ] {
        let all = projects::page(
            &store,
            &ProjectQuery {
                sort,
                ..Default::default()
            },
        )
        .expect("all");
        assert_eq!(all.total, titles.len());
        assert_eq!(all.projects.len(), titles.len());
        for limit in [1, 3, 7, 8, 20] {
            let page = projects::page(
                &store,
                &ProjectQuery {
                    sort,
                    limit,
                    ..Default::default()
                },
            )
            .expect("page");
            assert_eq!(page.total, titles.len(), "{sort:?} {limit}");
            let n = (limit as usize).min(titles.len());
            assert_eq!(
                page.projects,
                all.projects[..n].to_vec(),
                "{sort:?} {limit}"
            );
        }
    }
    let narrowed = projects::page(
        &store,
        &ProjectQuery {
            text: "ø".into(),
            sort: ProjectSort::Title,
            limit: 1,
            ..Default::default()
        },
    )
    .expect("narrowed");
    assert_eq!(narrowed.total, 2);
    assert_eq!(narrowed.projects[0].title, "Bøger");
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn search_words_with_percent_underscore_and_backslash_are_taken_literally(
    #[case] backend: Backend,
) {
    let (store, _dir) = temp_store_on(backend);
    let a = projects::create(&store, &input("Tilfredshed 100% i alt"), "idea").expect("a");
    let b = projects::create(&store, &input("Fil_navn og sti C:\\pjecer"), "idea").expect("b");
    projects::create(&store, &input("Tilfredshed 1000 i alt"), "idea").expect("c");
    projects::create(&store, &input("Filxnavn"), "idea").expect("d");
    let found = |text: &str| -> Vec<_> {
        projects::list(
            &store,
            &ProjectQuery {
                text: text.into(),
                ..Default::default()
            },
        )
        .expect("list")
        .into_iter()
        .map(|p| p.id)
        .collect()
    };
    assert_eq!(found("100%"), vec![a.id]);
    assert_eq!(found("fil_navn"), vec![b.id]);
    assert_eq!(found("c:\\pjecer"), vec![b.id]);
    assert_eq!(found("%"), vec![a.id]);
    assert_eq!(found("_"), vec![b.id]);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn demo_fills_an_empty_database_once(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let added = samskab::service::demo::fill(&store).expect("demo");
    assert!(added >= 6, "{added}");
    let all = projects::list(
        &store,
        &ProjectQuery {
            archive: ArchiveFilter::All,
            ..Default::default()
        },
    )
    .expect("list");
    assert_eq!(all.len(), added);
    let phases: std::collections::HashSet<_> = all.iter().map(|p| p.phase).collect();
    assert!(phases.len() >= 5, "several phases: {phases:?}");
    assert!(all
        .iter()
        .any(|p| projects::detail(&store, p.id).expect("d").timeline.len() > 2));
    // A living board and input, too.
    let today = samskab::service::board::today();
    let board = samskab::service::board::views::overview(&store, today).expect("board");
    assert_eq!(board.active_members.len(), 5);
    assert_eq!(
        (
            board.upcoming.len(),
            board.past.len(),
            board.requested.len()
        ),
        (1, 1, 1)
    );
    assert_eq!(board.to_report_back.len(), 4);
    let hits = samskab::service::inputs::search(&store, &Default::default(), today).expect("input");
    assert_eq!(hits.total, 11, "five board points and six inputs");
    assert_eq!(samskab::service::demo::fill(&store).expect("again"), 0);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn settings_are_validated_and_kept(#[case] backend: Backend) {
    use samskab::domain::settings::{Language, Settings};
    let (store, _dir) = temp_store_on(backend);
    assert_eq!(
        samskab::service::settings::get(&store)
            .expect("get")
            .language,
        Language::Da
    );
    let err = samskab::service::settings::update(
        &store,
        &Settings {
            language: Language::En,
            user_name: "x".repeat(101),
            ..Default::default()
        },
    )
    .expect_err("too long");
    assert_eq!(
        rejected_fields(err),
        vec![("user_name".into(), Rule::TooLong)]
    );
    assert_eq!(
        samskab::service::settings::get(&store)
            .expect("get")
            .language,
        Language::Da
    );
    let saved = samskab::service::settings::update(
        &store,
        &Settings {
            language: Language::En,
            user_name: "  Omar  ".into(),
            overdue_days: 14,
            ..Default::default()
        },
    )
    .expect("save");
    assert_eq!(saved.user_name, "Omar");
    assert_eq!(saved.overdue_days, 14);
    for days in [0, 366] {
        let err = samskab::service::settings::update(
            &store,
            &Settings {
                overdue_days: days,
                ..Default::default()
            },
        )
        .expect_err("out of range");
        assert_eq!(
            rejected_fields(err),
            vec![("overdue_days".into(), Rule::OutOfRange)]
        );
    }
    assert_eq!(samskab::service::settings::get(&store).expect("get"), saved);
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn list_follows_edits_and_phase_changes(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let p = projects::create(&store, &input("Før"), "preparation").expect("create");
    let p = projects::update(&store, p.id, p.version, &input("Efter")).expect("edit");
    projects::change_phase(&store, p.id, p.version, "involvement").expect("phase");
    let found = projects::list(
        &store,
        &ProjectQuery {
            phases: vec![Phase::Involvement],
            ..Default::default()
        },
    )
    .expect("list");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].title, "Efter");
    let old = projects::list(
        &store,
        &ProjectQuery {
            phases: vec![Phase::Preparation],
            ..Default::default()
        },
    )
    .expect("list");
    assert!(old.is_empty());
}

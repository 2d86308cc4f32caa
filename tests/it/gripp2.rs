//! The GRIPP2 short form: filled from the project's records, edited text kept as a draft,
//! saved as escaped HTML or Markdown.

use rstest::rstest;
use samskab::domain::error::Rule;
use samskab::service::board::compiled::ExportFormat;
use samskab::service::gripp2::{self, Gripp2};

use super::support::{rejected_fields, temp_store_on, Backend};
use super::year_report::fixture;

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn the_draft_is_filled_from_the_records(#[case] backend: Backend) {
    let (store, _dir) = temp_store_on(backend);
    let (aabent, aeroe) = fixture(&store);
    let g = gripp2::fill(&store, aabent).expect("fill");
    assert!(g.aim.contains("»Åbent hus«") && g.aim.contains("at inddrage patienter"));
    assert!(g.aim.contains("Peer-boardet blev spurgt: Hvad savner I?"));
    assert!(g.methods.contains("på møde 10-03-2026"), "{}", g.methods);
    assert!(
        g.methods
            .contains("Workshop 01-04-2026 med 5 patienter, 2 pårørende, 1 peers, 3 medarbejdere."),
        "{}",
        g.methods
    );
    assert!(
        g.results
            .starts_with("Der kom 4 punkter med feedback og input i alt (3 fra Peer-boardet, 1 fra medarbejdere)."),
        "{}",
        g.results
    );
    assert!(
        g.results.contains("»Mere tid«"),
        "the staff input may be quoted"
    );
    assert!(g.outcomes.starts_with(
        "1 punkter blev taget til efterretning, 1 delvist, 1 ikke, og 0 var ikke relevante"
    ));
    assert!(
        g.outcomes
            .contains("- Vi forkorter pjecen\n- Et afsnit til pårørende")
            || g.outcomes
                .contains("- Et afsnit til pårørende\n- Vi forkorter pjecen")
    );
    assert!(g
        .reflections
        .starts_with("0 af 4 punkter er meldt tilbage til dem, der gav dem; 1 venter på svar."));

    let other = gripp2::fill(&store, aeroe).expect("fill");
    assert!(
        !other.results.contains("Hemmeligt citat"),
        "no quote without consent"
    );
    assert!(
        !format!("{other:?}").contains("Hanne"),
        "no contributor reference"
    );
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn edited_text_is_kept_and_saved_escaped(#[case] backend: Backend) {
    let (store, dir) = temp_store_on(backend);
    let (aabent, _) = fixture(&store);
    let first = gripp2::draft(&store, aabent).expect("draft");
    assert!(!first.edited);
    assert_eq!(first.current, first.filled);

    let edited = Gripp2 {
        aim: "Vores eget formål <script>alert(1)</script>".into(),
        ..first.filled.clone()
    };
    gripp2::save_draft(&store, aabent, Some(&edited)).expect("save draft");
    let again = gripp2::draft(&store, aabent).expect("draft");
    assert!(again.edited);
    assert_eq!(again.current, edited);

    let too_long = Gripp2 {
        results: "x".repeat(gripp2::ITEM_LIMIT + 1),
        ..edited.clone()
    };
    let err = gripp2::save_draft(&store, aabent, Some(&too_long)).expect_err("too long");
    assert_eq!(
        rejected_fields(err),
        vec![("results".to_owned(), Rule::TooLong)]
    );
    assert_eq!(
        gripp2::draft(&store, aabent).expect("draft").current,
        edited,
        "unchanged"
    );

    let html = dir.path().join("gripp2.html");
    gripp2::save(&store, aabent, &edited, ExportFormat::Html, &html).expect("html");
    let text = std::fs::read_to_string(&html).expect("read");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !text.contains("<script>"));
    assert!(text.contains("<h2>1. Formål</h2>") && text.contains("<h2>5. Refleksioner</h2>"));
    let md = dir.path().join("gripp2.md");
    gripp2::save(&store, aabent, &edited, ExportFormat::Markdown, &md).expect("md");
    assert!(std::fs::read_to_string(&md)
        .expect("read")
        .starts_with("# GRIPP2 (kort form): Åbent hus\n\n## 1. Formål\n\nVores eget formål"));

    gripp2::save_draft(&store, aabent, None).expect("start over");
    assert!(!gripp2::draft(&store, aabent).expect("draft").edited);
}

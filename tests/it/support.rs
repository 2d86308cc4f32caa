//! Test helpers: a temporary database in one line, and a valid project input.

use samskab::domain::error::{AppError, Rule};
use samskab::domain::input::{Input, InputInput};
use samskab::domain::project::ProjectInput;
use samskab::domain::Id;
use samskab::service::inputs;
use samskab::store::Store;
use tempfile::TempDir;

/// A store in a fresh temporary folder; the folder lives as long as the returned guard.
pub fn temp_store() -> (Store, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open store");
    (store, dir)
}

/// A valid input with the given title.
pub fn input(title: &str) -> ProjectInput {
    ProjectInput {
        title: title.into(),
        summary: "Pjece om indlæggelse".into(),
        kind: "information_material".into(),
        requester_unit: "Afsnit P3".into(),
        requester_contact: "Mette Kjær".into(),
        responsible_consultant: "Louise Bach".into(),
        involvement_level: "involve".into(),
        target_groups: vec!["patients".into(), "relatives".into()],
        start_date: Some("2026-09-01".into()),
        deadline: Some("2026-12-15".into()),
        tags: vec!["pjece".into()],
    }
}

/// The (field, rule) pairs of a validation error; panics on any other error.
pub fn rejected_fields(err: AppError) -> Vec<(String, Rule)> {
    match err {
        AppError::Validation(fields) => fields.into_iter().map(|f| (f.field, f.rule)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Captures one input by survey on `date`, with a contributor reference that must never
/// leak into reports.
pub fn capture_on(
    store: &Store,
    project: Id,
    group: &str,
    date: &str,
    text: &str,
    may_quote: bool,
) -> Input {
    inputs::capture(
        store,
        &InputInput {
            project_id: project,
            group: group.into(),
            channel: "survey".into(),
            date: date.into(),
            text: text.into(),
            may_quote,
            contributor: "Hanne Jensen, tlf. 12345678".into(),
            ..Default::default()
        },
    )
    .expect("capture")
}

//! The TypeScript types of everything that crosses the IPC boundary, generated from the Rust
//! types by ts-rs into one file, `ui/src/lib/api/types.ts`. The integration test
//! `bindings::generated_file_is_current` fails when that file is stale; run the tests with
//! `UPDATE_BINDINGS=1` to rewrite it.

use ts_rs::{Config, TS};

use crate::commands::app::AppStatus;
use crate::domain::error::{ErrorPayload, FieldError, Rule};
use crate::domain::project::{
    InvolvementLevel, Phase, PhaseChange, Project, ProjectDetail, ProjectInput, ProjectKind,
    TargetGroup,
};
use crate::domain::query::{ArchiveFilter, ProjectQuery, ProjectSort};
use crate::domain::settings::{Language, Settings};

/// Path of the generated file, relative to the repository root.
pub const PATH: &str = "ui/src/lib/api/types.ts";

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

/// The whole generated file.
pub fn typescript() -> String {
    let cfg = Config::new();
    let decls = [
        decl::<Rule>(&cfg),
        decl::<FieldError>(&cfg),
        decl::<ErrorPayload>(&cfg),
        decl::<ProjectKind>(&cfg),
        decl::<Phase>(&cfg),
        decl::<InvolvementLevel>(&cfg),
        decl::<TargetGroup>(&cfg),
        decl::<Project>(&cfg),
        decl::<ProjectInput>(&cfg),
        decl::<PhaseChange>(&cfg),
        decl::<ProjectDetail>(&cfg),
        decl::<ArchiveFilter>(&cfg),
        decl::<ProjectSort>(&cfg),
        decl::<ProjectQuery>(&cfg),
        decl::<Language>(&cfg),
        decl::<Settings>(&cfg),
        decl::<AppStatus>(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by ts-rs (src-tauri/bindings.rs). Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test --test it bindings` to regenerate.\n\n",
    );
    out.push_str(&decls.join("\n"));
    out
}

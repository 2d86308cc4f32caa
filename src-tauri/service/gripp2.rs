//! The GRIPP2 short form (Staniszewska et al., BMJ 2017) for a project: aim, methods,
//! results, outcomes and critical reflections on patient and public involvement. A draft is
//! filled from the project's records; the person edits it (the edited text is kept as a
//! draft in the database, so nothing typed is lost) and saves it as Markdown or HTML.
//! Quotes appear only where consent allows; contributor references are never read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::board::compiled::{escape_html, ExportFormat};
use crate::domain::error::{AppError, AppResult, FieldError, Rule};
use crate::domain::feedback_loop::{AnswerStatus, LoopStatus};
use crate::domain::impact::ImpactKind;
use crate::domain::input::{ActivityKind, InputSource};
use crate::domain::project::InvolvementLevel;
use crate::domain::text::{danish_sort_key, has_invalid_characters};
use crate::domain::Id;
use crate::store::{Store, Write};

/// The five items of the short form, as text the person may edit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Gripp2 {
    pub aim: String,
    pub methods: String,
    pub results: String,
    pub outcomes: String,
    pub reflections: String,
}

/// The draft to show: the edited text when there is one, and the text filled from the
/// records (to start over from).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Gripp2Draft {
    pub project_title: String,
    pub current: Gripp2,
    pub filled: Gripp2,
    /// `current` is the person's edited text, not the filled one.
    pub edited: bool,
}

/// Longest text of one item, in characters.
pub const ITEM_LIMIT: usize = 10_000;

/// The key of project `project_id`'s saved GRIPP2 draft.
pub fn draft_key(project_id: Id) -> String {
    format!("gripp2:{project_id}")
}

fn level_label(l: InvolvementLevel) -> &'static str {
    match l {
        InvolvementLevel::Inform => "informere",
        InvolvementLevel::Consult => "høre",
        InvolvementLevel::Involve => "inddrage",
        InvolvementLevel::Collaborate => "samarbejde",
        InvolvementLevel::Empower => "overdrage beslutninger",
    }
}

fn activity_label(k: ActivityKind) -> &'static str {
    match k {
        ActivityKind::Workshop => "workshop",
        ActivityKind::FocusGroup => "fokusgruppe",
        ActivityKind::InterviewRound => "interviewrunde",
        ActivityKind::Survey => "spørgeskema",
        ActivityKind::CommentCards => "kommentarkort",
        ActivityKind::Other => "anden aktivitet",
    }
}

fn source_label(s: InputSource) -> &'static str {
    match s {
        InputSource::Board => "Peer-boardet",
        InputSource::Patients => "patienter",
        InputSource::Relatives => "pårørende",
        InputSource::Staff => "medarbejdere",
        InputSource::Other => "andre",
    }
}

/// The short form filled from the project's consultations, activities, input and answers.
pub fn fill(store: &Store, project_id: Id) -> AppResult<Gripp2> {
    let project = store.project(project_id)?;
    let today = super::board::today();
    let consultations = super::board::views::project_consultations(store, project_id, today)?;
    let activities = super::inputs::activities(store, project_id)?;
    let items = super::inputs::of_project(store, project_id, today)?;

    let mut aim = format!(
        "Formålet med brugerinddragelsen i projektet »{}« var at {} patienter og pårørende.",
        project.title,
        level_label(project.involvement_level)
    );
    if !project.summary.trim().is_empty() {
        aim.push_str(&format!("\n\n{}", project.summary.trim()));
    }
    for c in &consultations {
        if !c.consultation.questions.trim().is_empty() {
            aim.push_str(&format!(
                "\n\nPeer-boardet blev spurgt: {}",
                c.consultation.questions.trim()
            ));
        }
    }

    let mut methods = Vec::new();
    let held: Vec<String> = consultations
        .iter()
        .filter_map(|c| c.meeting.as_ref())
        .map(|m| m.date.format("%d-%m-%Y").to_string())
        .collect();
    if !held.is_empty() {
        methods.push(format!(
            "Sparring med Peer-boardet (personer med erfaring som patient eller pårørende) på møde {}.",
            held.join(", ")
        ));
    }
    for a in &activities {
        let mut who = Vec::new();
        for (n, label) in [
            (a.patients, "patienter"),
            (a.relatives, "pårørende"),
            (a.peers, "peers"),
            (a.staff, "medarbejdere"),
        ] {
            if n > 0 {
                who.push(format!("{n} {label}"));
            }
        }
        let mut line = format!(
            "{} {}",
            capitalised(activity_label(a.kind)),
            a.date.format("%d-%m-%Y")
        );
        if !who.is_empty() {
            line.push_str(&format!(" med {}", who.join(", ")));
        }
        if !a.description.trim().is_empty() {
            line.push_str(&format!(": {}", a.description.trim()));
        }
        line.push('.');
        methods.push(line);
    }
    if methods.is_empty() {
        methods.push("Der er ikke registreret aktiviteter eller sparring endnu.".into());
    }

    let mut by_source: BTreeMap<usize, usize> = BTreeMap::new();
    let mut themes: BTreeMap<Vec<u32>, (String, usize)> = BTreeMap::new();
    for i in &items {
        let s = InputSource::ALL
            .iter()
            .position(|s| *s == i.source)
            .unwrap_or(0);
        *by_source.entry(s).or_default() += 1;
        for t in &i.themes {
            themes
                .entry(danish_sort_key(t))
                .or_insert_with(|| (t.clone(), 0))
                .1 += 1;
        }
    }
    let mut results = format!(
        "Der kom {} punkter med feedback og input i alt ({}).",
        items.len(),
        by_source
            .iter()
            .map(|(s, n)| format!("{n} fra {}", source_label(InputSource::ALL[*s])))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if items.is_empty() {
        results = "Der er endnu ikke registreret feedback eller input.".into();
    }
    let mut themes: Vec<(String, usize)> = themes.into_values().collect();
    themes.sort_by_key(|t| std::cmp::Reverse(t.1));
    if !themes.is_empty() {
        results.push_str(&format!(
            "\n\nDe hyppigste temaer: {}.",
            themes
                .iter()
                .take(5)
                .map(|(t, n)| format!("{t} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let quotes: Vec<&str> = items
        .iter()
        .filter(|i| i.may_quote && i.source != InputSource::Board)
        .map(|i| i.text.as_str())
        .take(3)
        .collect();
    for q in quotes {
        results.push_str(&format!("\n\n»{}«", q.trim()));
    }

    let count = |s: AnswerStatus| {
        items
            .iter()
            .filter(|i| i.answer.as_ref().is_some_and(|a| a.status == s))
            .count()
    };
    let mut outcomes = format!(
        "{} punkter blev taget til efterretning, {} delvist, {} ikke, og {} var ikke relevante for projektet.",
        count(AnswerStatus::Adopted),
        count(AnswerStatus::PartlyAdopted),
        count(AnswerStatus::NotAdopted),
        count(AnswerStatus::NotRelevant)
    );
    for i in &items {
        if let Some(a) = &i.answer {
            if matches!(
                a.status,
                AnswerStatus::Adopted | AnswerStatus::PartlyAdopted
            ) && !a.text.trim().is_empty()
            {
                outcomes.push_str(&format!("\n- {}", a.text.trim()));
            }
        }
    }

    // The impact log: what changed, in outcomes; what it meant to those who took part
    // (their own words, given with consent), in reflections.
    let impact = super::impact::entries_of(store, Some(project_id))?;
    let changes = super::impact::paragraphs(&impact, ImpactKind::Change);
    if !changes.is_empty() {
        outcomes.push_str("\n\nDet ændrede sig (impact-loggen):");
        for c in &changes {
            outcomes.push_str(&format!("\n- {c}"));
        }
    }
    let meanings = super::impact::paragraphs(&impact, ImpactKind::Meaning);

    let awaiting = items
        .iter()
        .filter(|i| i.status == LoopStatus::Awaiting)
        .count();
    let reported = items
        .iter()
        .filter(|i| i.status == LoopStatus::ReportedBack)
        .count();
    let mut reflections = format!(
        "{reported} af {} punkter er meldt tilbage til dem, der gav dem; {awaiting} venter på svar.",
        items.len()
    );
    if !meanings.is_empty() {
        reflections.push_str("\n\nDet betød det for dem, der deltog (med deres egne ord):");
        for m in &meanings {
            reflections.push_str(&format!("\n- {m}"));
        }
    }
    reflections.push_str("\n\nHvad gik godt, og hvad gik mindre godt i inddragelsen? Hvad ville vi gøre anderledes næste gang?");

    Ok(Gripp2 {
        aim,
        methods: methods.join("\n"),
        results,
        outcomes,
        reflections,
    })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The draft of a project's short form: the edited text if any, else the filled one.
pub fn draft(store: &Store, project_id: Id) -> AppResult<Gripp2Draft> {
    let project = store.project(project_id)?;
    let filled = fill(store, project_id)?;
    let saved = store.draft(&draft_key(project_id))?;
    let edited: Option<Gripp2> = if saved.is_empty() {
        None
    } else {
        serde_json::from_str(&saved).ok()
    };
    Ok(Gripp2Draft {
        project_title: project.title,
        edited: edited.is_some(),
        current: edited.unwrap_or_else(|| filled.clone()),
        filled,
    })
}

fn checked(g: &Gripp2) -> AppResult<()> {
    let errors: Vec<_> = [
        ("aim", &g.aim),
        ("methods", &g.methods),
        ("results", &g.results),
        ("outcomes", &g.outcomes),
        ("reflections", &g.reflections),
    ]
    .into_iter()
    .filter_map(|(f, t)| {
        if has_invalid_characters(t) {
            Some(FieldError::new(f, Rule::InvalidCharacters))
        } else if t.chars().count() > ITEM_LIMIT {
            Some(FieldError::with_limit(f, Rule::TooLong, ITEM_LIMIT))
        } else {
            None
        }
    })
    .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Keeps the person's edited text (or, with `None`, goes back to the filled text).
pub fn save_draft(store: &Store, project_id: Id, g: Option<&Gripp2>) -> AppResult<()> {
    store.project(project_id)?;
    let text = match g {
        Some(g) => {
            checked(g)?;
            serde_json::to_string(g).map_err(|e| AppError::Storage(e.to_string()))?
        }
        None => String::new(),
    };
    store.commit(&[Write::draft(&draft_key(project_id), &text)])
}

const ITEMS: [(&str, &str); 5] = [
    ("1. Formål", "aim"),
    ("2. Metode", "methods"),
    ("3. Resultater", "results"),
    ("4. Betydning (outcomes)", "outcomes"),
    ("5. Refleksioner", "reflections"),
];

fn item<'a>(g: &'a Gripp2, field: &str) -> &'a str {
    match field {
        "aim" => &g.aim,
        "methods" => &g.methods,
        "results" => &g.results,
        "outcomes" => &g.outcomes,
        _ => &g.reflections,
    }
}

pub fn markdown(title: &str, g: &Gripp2) -> String {
    let mut out = format!("# GRIPP2 (kort form): {title}\n\n");
    for (heading, field) in ITEMS {
        out.push_str(&format!("## {heading}\n\n{}\n\n", item(g, field).trim()));
    }
    out
}

pub fn html(title: &str, g: &Gripp2) -> String {
    let mut body = format!("<h1>GRIPP2 (kort form): {}</h1>\n", escape_html(title));
    for (heading, field) in ITEMS {
        body.push_str(&format!("<h2>{heading}</h2>\n"));
        for para in item(g, field)
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
        {
            body.push_str(&format!(
                "<p>{}</p>\n",
                escape_html(para.trim()).replace('\n', "<br>\n")
            ));
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<title>GRIPP2: {}</title>\n<style>body{{font-family:sans-serif;max-width:42rem;margin:2rem auto;line-height:1.5}}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        escape_html(title),
        body
    )
}

/// Writes the (edited) short form to `path` (chosen in the save dialog) and keeps it as
/// the draft.
pub fn save(
    store: &Store,
    project_id: Id,
    g: &Gripp2,
    format: ExportFormat,
    path: &std::path::Path,
) -> AppResult<()> {
    // What was saved is kept as the draft — by those who may edit it; a manager's saved
    // copy changes nothing.
    if store.may(crate::domain::roles::Access::EditReports) {
        save_draft(store, project_id, Some(g))?;
    }
    let title = store.project(project_id)?.title;
    let text = match format {
        ExportFormat::Markdown => markdown(&title, g),
        ExportFormat::Html => html(&title, g),
    };
    super::write_file(path, &text)?;
    let items = super::inputs::of_project(store, project_id, super::board::today())?;
    super::rights::note_quotes(
        store,
        "gripp2",
        path,
        &text,
        items
            .iter()
            .filter(|i| i.may_quote && i.source != InputSource::Board)
            .map(|i| (i.id, i.text.as_str())),
    )
}

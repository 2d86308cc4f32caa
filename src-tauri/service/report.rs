//! "Vi spurgte — I sagde — vi gjorde" for a project: what was asked (consultation
//! questions, activity descriptions), what was said (all input grouped by theme; quotes
//! only where consent allows), and what was done (the answers). As data for the screen,
//! and as Markdown and HTML for the save dialog. Contributor references are never read.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::board::compiled::escape_html;
use super::inputs::InputItem;
use crate::domain::error::AppResult;
use crate::domain::feedback_loop::{AnswerStatus, LoopStatus};
use crate::domain::input::InputSource;
use crate::domain::text::danish_sort_key;
use crate::domain::Id;
use crate::store::Store;

const NO_THEME: &str = "Uden tema";

/// One thing said, as the report may show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Said {
    pub source: InputSource,
    /// The words, only when they may be quoted; otherwise `None`.
    pub quote: Option<String>,
    pub answer_status: Option<AnswerStatus>,
    pub answer_text: Option<String>,
    pub reported_back: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeSection {
    pub theme: String,
    pub said: Vec<Said>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WeAskedReport {
    pub project_title: String,
    /// Questions to the board and descriptions of activities.
    pub asked: Vec<String>,
    pub themes: Vec<ThemeSection>,
    #[ts(type = "number")]
    pub total: usize,
    #[ts(type = "number")]
    pub answered: usize,
    #[ts(type = "number")]
    pub adopted: usize,
}

fn said(item: &InputItem) -> Said {
    Said {
        source: item.source,
        quote: item.may_quote.then(|| item.text.clone()),
        answer_status: item.answer.as_ref().map(|a| a.status),
        answer_text: item
            .answer
            .as_ref()
            .map(|a| a.text.clone())
            .filter(|t| !t.is_empty()),
        reported_back: item.reported_back.is_some(),
    }
}

pub fn build(store: &Store, project_id: Id, today: NaiveDate) -> AppResult<WeAskedReport> {
    let project = store.project(project_id)?;
    let mut asked: Vec<String> =
        super::board::views::project_consultations(store, project_id, today)?
            .into_iter()
            .map(|c| c.consultation.questions)
            .collect();
    asked.extend(
        super::inputs::activities(store, project_id)?
            .into_iter()
            .filter(|a| !a.description.is_empty())
            .map(|a| a.description),
    );
    let items = super::inputs::of_project(store, project_id, today)?;
    let mut groups: BTreeMap<Vec<u32>, ThemeSection> = BTreeMap::new();
    let mut none = Vec::new();
    for item in items.iter().rev() {
        match item.themes.first() {
            Some(theme) => groups
                .entry(danish_sort_key(theme))
                .or_insert_with(|| ThemeSection {
                    theme: theme.clone(),
                    said: Vec::new(),
                })
                .said
                .push(said(item)),
            None => none.push(said(item)),
        }
    }
    let mut themes: Vec<ThemeSection> = groups.into_values().collect();
    if !none.is_empty() {
        themes.push(ThemeSection {
            theme: NO_THEME.into(),
            said: none,
        });
    }
    Ok(WeAskedReport {
        project_title: project.title,
        asked,
        total: items.len(),
        answered: items
            .iter()
            .filter(|i| i.status != LoopStatus::Awaiting)
            .count(),
        adopted: items
            .iter()
            .filter(|i| {
                matches!(
                    i.answer.as_ref().map(|a| a.status),
                    Some(AnswerStatus::Adopted | AnswerStatus::PartlyAdopted)
                )
            })
            .count(),
        themes,
    })
}

fn source_label(s: InputSource) -> &'static str {
    match s {
        InputSource::Board => "Peer-boardet",
        InputSource::Patients => "En patient",
        InputSource::Relatives => "En pårørende",
        InputSource::Staff => "En medarbejder",
        InputSource::Other => "En anden",
    }
}

fn answer_label(s: AnswerStatus) -> &'static str {
    match s {
        AnswerStatus::Adopted => "Det gør vi",
        AnswerStatus::PartlyAdopted => "Det gør vi delvist",
        AnswerStatus::NotAdopted => "Det gør vi ikke",
        AnswerStatus::NotRelevant => "Ikke relevant for projektet",
    }
}

/// One line of "I sagde" and its "vi gjorde", as plain text (escaped by the caller).
fn lines(s: &Said) -> (String, Option<String>) {
    let said = match &s.quote {
        Some(q) => format!("{}: »{}«", source_label(s.source), q),
        None => format!("{} gav input (ikke citeret)", source_label(s.source)),
    };
    let did = s.answer_status.map(|st| match &s.answer_text {
        Some(t) => format!("{} – {}", answer_label(st), t),
        None => answer_label(st).to_owned(),
    });
    (said, did)
}

pub fn markdown(r: &WeAskedReport) -> String {
    let mut out = format!(
        "# Vi spurgte – I sagde – vi gjorde: {}\n\n## Vi spurgte\n\n",
        r.project_title
    );
    for a in &r.asked {
        out.push_str(&format!("- {}\n", a.replace('\n', " ")));
    }
    out.push_str(&format!(
        "\n## I sagde\n\n{} input i alt, {} besvaret, {} taget helt eller delvist til efterretning.\n\n",
        r.total, r.answered, r.adopted
    ));
    for t in &r.themes {
        out.push_str(&format!("### {}\n\n", t.theme));
        for s in &t.said {
            let (said, did) = lines(s);
            out.push_str(&format!("- {}\n", said.replace('\n', " ")));
            if let Some(did) = did {
                out.push_str(&format!("  - Vi gjorde: {}\n", did.replace('\n', " ")));
            }
        }
        out.push('\n');
    }
    out
}

pub fn html(r: &WeAskedReport) -> String {
    let e = escape_html;
    let mut body = format!(
        "<h1>Vi spurgte – I sagde – vi gjorde: {}</h1>\n<h2>Vi spurgte</h2>\n<ul>\n",
        e(&r.project_title)
    );
    for a in &r.asked {
        body.push_str(&format!("<li>{}</li>\n", e(a)));
    }
    body.push_str(&format!(
        "</ul>\n<h2>I sagde</h2>\n<p>{} input i alt, {} besvaret, {} taget helt eller delvist til efterretning.</p>\n",
        r.total, r.answered, r.adopted
    ));
    for t in &r.themes {
        body.push_str(&format!("<h3>{}</h3>\n<ul>\n", e(&t.theme)));
        for s in &t.said {
            let (said, did) = lines(s);
            body.push_str(&format!("<li>{}", e(&said)));
            if let Some(did) = did {
                body.push_str(&format!("<br><em>Vi gjorde: {}</em>", e(&did)));
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n");
    }
    format!(
        "<!doctype html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<title>Vi spurgte – I sagde – vi gjorde: {}</title>\n<style>body{{font-family:sans-serif;max-width:42rem;margin:2rem auto;line-height:1.5}}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        e(&r.project_title),
        body
    )
}

/// Writes the report to `path` (chosen in the save dialog) as HTML or Markdown.
pub fn save(
    store: &Store,
    project_id: Id,
    format: super::board::compiled::ExportFormat,
    path: &std::path::Path,
) -> AppResult<()> {
    let r = build(store, project_id, super::board::today())?;
    let text = match format {
        super::board::compiled::ExportFormat::Markdown => markdown(&r),
        super::board::compiled::ExportFormat::Html => html(&r),
    };
    super::write_file(path, &text)?;
    let items = super::inputs::of_project(store, project_id, super::board::today())?;
    super::rights::note_quotes(
        store,
        "we_asked",
        path,
        &text,
        items
            .iter()
            .filter(|i| i.may_quote && i.source != crate::domain::input::InputSource::Board)
            .map(|i| (i.id, i.text.as_str())),
    )
}

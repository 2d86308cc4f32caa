//! The compiled feedback for a requester: the questions, and every feedback point grouped
//! by theme, ready to send — as Markdown and as a standalone HTML page. Everything people
//! typed is escaped in the HTML.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::views::{ConsultationView, PointView};
use crate::domain::error::AppResult;
use crate::domain::feedback_loop::AnswerStatus;
use crate::domain::Id;
use crate::store::Store;

const NO_THEME: &str = "Uden tema";

fn answer_label(status: AnswerStatus) -> &'static str {
    match status {
        AnswerStatus::Adopted => "Tages til efterretning",
        AnswerStatus::PartlyAdopted => "Tages delvist til efterretning",
        AnswerStatus::NotAdopted => "Tages ikke til efterretning",
        AnswerStatus::NotRelevant => "Ikke relevant",
    }
}

/// Points grouped by their first theme, themes in Danish order, "Uden tema" last.
fn by_theme(points: &[PointView]) -> Vec<(String, Vec<&PointView>)> {
    let mut groups: BTreeMap<Vec<u32>, (String, Vec<&PointView>)> = BTreeMap::new();
    let mut none = Vec::new();
    for p in points {
        match p.point.themes.first() {
            Some(theme) => groups
                .entry(crate::domain::text::danish_sort_key(theme))
                .or_insert_with(|| (theme.clone(), Vec::new()))
                .1
                .push(p),
            None => none.push(p),
        }
    }
    let mut out: Vec<_> = groups.into_values().collect();
    if !none.is_empty() {
        out.push((NO_THEME.to_owned(), none));
    }
    out
}

fn meeting_line(view: &ConsultationView) -> String {
    match &view.meeting {
        Some(m) => format!("Drøftet på Peer-boardets møde {}", danish_date(m.date)),
        None => "Endnu ikke på et møde".to_owned(),
    }
}

fn danish_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// The compiled feedback as Markdown.
pub fn markdown(view: &ConsultationView) -> String {
    let c = &view.consultation;
    let mut out = format!(
        "# Feedback fra Peer-boardet: {}\n\n{}\n\n## Spørgsmål til Peer-boardet\n\n{}\n\n",
        view.project_title,
        meeting_line(view),
        c.questions
    );
    out.push_str("## Peer-boardets feedback\n\n");
    if view.points.is_empty() {
        out.push_str("Der er ikke registreret feedback.\n");
    }
    for (theme, points) in by_theme(&view.points) {
        out.push_str(&format!("### {theme}\n\n"));
        for p in points {
            out.push_str(&format!("- {}\n", p.point.text.replace('\n', " ")));
            if let Some(a) = &p.point.feedback_loop.answer {
                out.push_str(&format!("  - Svar: {}", answer_label(a.status)));
                if !a.text.is_empty() {
                    out.push_str(&format!(" – {}", a.text.replace('\n', " ")));
                }
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The compiled feedback as a standalone, printable HTML page.
pub fn html(view: &ConsultationView) -> String {
    let e = escape_html;
    let c = &view.consultation;
    let mut body = format!(
        "<h1>Feedback fra Peer-boardet: {}</h1>\n<p>{}</p>\n<h2>Spørgsmål til Peer-boardet</h2>\n<p class=\"pre\">{}</p>\n<h2>Peer-boardets feedback</h2>\n",
        e(&view.project_title),
        e(&meeting_line(view)),
        e(&c.questions)
    );
    if view.points.is_empty() {
        body.push_str("<p>Der er ikke registreret feedback.</p>\n");
    }
    for (theme, points) in by_theme(&view.points) {
        body.push_str(&format!("<h3>{}</h3>\n<ul>\n", e(&theme)));
        for p in points {
            body.push_str(&format!("<li>{}", e(&p.point.text)));
            if let Some(a) = &p.point.feedback_loop.answer {
                body.push_str(&format!(
                    "<br><em>Svar: {}</em>{}",
                    answer_label(a.status),
                    if a.text.is_empty() {
                        String::new()
                    } else {
                        format!(" – {}", e(&a.text))
                    }
                ));
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n");
    }
    format!(
        "<!doctype html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<title>Feedback fra Peer-boardet: {}</title>\n<style>body{{font-family:sans-serif;max-width:42rem;margin:2rem auto;line-height:1.5}} .pre{{white-space:pre-wrap}}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        e(&view.project_title),
        body
    )
}

/// Which file format to save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Markdown,
    Html,
}

/// Writes the compiled feedback of a consultation to `path` (chosen in the save dialog).
pub fn save(
    store: &Store,
    consultation_id: Id,
    format: ExportFormat,
    path: &std::path::Path,
) -> AppResult<()> {
    let view = super::views::consultation(store, consultation_id, super::today())?;
    let text = match format {
        ExportFormat::Markdown => markdown(&view),
        ExportFormat::Html => html(&view),
    };
    crate::service::write_file(path, text)
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape_html(r#"<img src=x onerror="alert('1')"> & co"#),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co"
        );
    }
}

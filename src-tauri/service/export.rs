//! Exports for spreadsheets: projects, consultations with their feedback points and
//! answers, input with answers, and meetings with attendance — as CSV (UTF-8 with BOM,
//! semicolon-separated, so Danish Excel opens it right) or XLSX. Personal data (member
//! names, contributor references) is left out unless asked for explicitly.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use ts_rs::TS;

use super::progress::Progress;
use crate::domain::consultation::Consultation;
use crate::domain::error::{AppError, AppResult};
use crate::domain::input::{Input, InputQuery};
use crate::domain::meeting::Meeting;
use crate::domain::member::Member;
use crate::domain::query::{ArchiveFilter, ProjectQuery};
use crate::domain::Id;
use crate::store::{Store, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Projects,
    Consultations,
    Inputs,
    Meetings,
    Hours,
    Materials,
}

impl ExportKind {
    pub const ALL: [ExportKind; 6] = [
        ExportKind::Projects,
        ExportKind::Consultations,
        ExportKind::Inputs,
        ExportKind::Meetings,
        ExportKind::Hours,
        ExportKind::Materials,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

/// A table: a header row and rows of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn answer_cols(l: &crate::domain::feedback_loop::FeedbackLoop) -> [String; 6] {
    let a = l.answer.as_ref();
    let r = l.reported_back.as_ref();
    [
        l.status().as_str().to_owned(),
        a.map(|a| a.status.as_str().to_owned()).unwrap_or_default(),
        a.map(|a| a.text.clone()).unwrap_or_default(),
        a.map(|a| a.reason.clone()).unwrap_or_default(),
        date(a.map(|a| a.date)),
        date(r.map(|r| r.date)),
    ]
}

const LOOP_HEADERS: [&str; 6] = [
    "status",
    "svar",
    "svartekst",
    "begrundelse",
    "svardato",
    "meldt tilbage",
];

/// The rows of one export. `personal` adds member names and contributor references;
/// `progress` is told how far it is and may cancel it.
pub fn sheet(
    store: &Store,
    kind: ExportKind,
    personal: bool,
    progress: &Progress,
) -> AppResult<Sheet> {
    progress.step(0, 1)?;
    let sheet = rows(store, kind, personal, progress)?;
    progress.step(1, 1)?;
    Ok(sheet)
}

/// How many records an export reads at a time.
const CHUNK: usize = 1_000;

fn rows(store: &Store, kind: ExportKind, personal: bool, progress: &Progress) -> AppResult<Sheet> {
    match kind {
        ExportKind::Projects => {
            let projects = store
                .list_projects(&ProjectQuery {
                    archive: ArchiveFilter::All,
                    sort: crate::domain::query::ProjectSort::Title,
                    ..Default::default()
                })?
                .projects;
            Ok(Sheet {
                name: "Projekter",
                headers: vec![
                    "titel",
                    "type",
                    "fase",
                    "inddragelsesniveau",
                    "målgrupper",
                    "rekvirent",
                    "kontaktperson",
                    "konsulent",
                    "start",
                    "deadline",
                    "tags",
                    "arkiveret",
                ],
                rows: projects
                    .into_iter()
                    .map(|p| {
                        vec![
                            p.title,
                            p.kind.as_str().into(),
                            p.phase.as_str().into(),
                            p.involvement_level.as_str().into(),
                            p.target_groups
                                .iter()
                                .map(|g| g.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                            p.requester_unit,
                            p.requester_contact,
                            p.responsible_consultant,
                            date(p.start_date),
                            date(p.deadline),
                            p.tags.join(", "),
                            if p.archived {
                                "ja".into()
                            } else {
                                "nej".into()
                            },
                        ]
                    })
                    .collect(),
            })
        }
        ExportKind::Consultations => {
            let mut headers = vec!["projekt", "spørgsmål", "møde", "feedbackpunkt", "temaer"];
            headers.extend(LOOP_HEADERS);
            let mut rows = Vec::new();
            let all = store.all::<Consultation>()?;
            let total = all.len();
            let meeting_dates: HashMap<Id, NaiveDate> = store
                .all::<Meeting>()?
                .into_iter()
                .map(|m| (m.id, m.date))
                .collect();
            let projects: Vec<Id> = all.iter().map(|c| c.project_id).collect();
            let titles = store.project_titles(&projects)?;
            // A chunk at a time: each chunk's points in one read, progress told between.
            for (k, chunk) in all.chunks(CHUNK).enumerate() {
                progress.step(k * CHUNK, total)?;
                let ids: Vec<Id> = chunk.iter().map(|c| c.id).collect();
                let mut read = super::board::points_by_consultation(store, &ids)?;
                for c in chunk {
                    let meeting = date(c.meeting_id.and_then(|m| meeting_dates.get(&m).copied()));
                    let title = titles.get(&c.project_id).cloned().unwrap_or_default();
                    let points = read.remove(&c.id).unwrap_or_default();
                    if points.is_empty() {
                        let mut row = vec![
                            title.clone(),
                            c.questions.clone(),
                            meeting.clone(),
                            String::new(),
                            String::new(),
                        ];
                        row.extend(std::iter::repeat_n(String::new(), LOOP_HEADERS.len()));
                        rows.push(row);
                    }
                    for p in points {
                        let mut row = vec![
                            title.clone(),
                            c.questions.clone(),
                            meeting.clone(),
                            p.text.clone(),
                            p.themes.join(", "),
                        ];
                        row.extend(answer_cols(&p.feedback_loop));
                        rows.push(row);
                    }
                }
            }
            progress.step(total, total)?;
            Ok(Sheet {
                name: "Sparring",
                headers,
                rows,
            })
        }
        ExportKind::Inputs => {
            let mut headers = vec![
                "projekt",
                "dato",
                "kilde",
                "kanal",
                "tekst",
                "temaer",
                "må citeres",
            ];
            headers.extend(LOOP_HEADERS);
            if personal {
                headers.push("reference til personen");
            }
            let hits = store.search_inputs(
                &InputQuery {
                    limit: u32::MAX,
                    ..Default::default()
                },
                crate::service::board::today(),
                30,
            )?;
            let mut rows = Vec::new();
            // Oldest first; board feedback is in the consultations export.
            let entries: Vec<Id> = hits
                .entries
                .iter()
                .rev()
                .filter(|e| e.source != crate::domain::input::InputSource::Board)
                .map(|e| e.id)
                .collect();
            let total = entries.len();
            // A chunk at a time: its inputs, titles and references each in one read.
            for (k, chunk) in entries.chunks(CHUNK).enumerate() {
                progress.step(k * CHUNK, total)?;
                let read: Vec<Input> = store.get_many(chunk)?;
                let projects: Vec<Id> = read.iter().map(|i| i.project_id).collect();
                let titles = store.project_titles(&projects)?;
                let references = if personal {
                    store.texts(Table::Contributors, chunk)?
                } else {
                    HashMap::new()
                };
                for i in read {
                    let mut row = vec![
                        titles.get(&i.project_id).cloned().unwrap_or_default(),
                        date(Some(i.date)),
                        i.group.as_str().into(),
                        i.channel.as_str().into(),
                        i.text.clone(),
                        i.themes.join(", "),
                        if i.may_quote {
                            "ja".into()
                        } else {
                            "nej".into()
                        },
                    ];
                    row.extend(answer_cols(&i.feedback_loop));
                    if personal {
                        row.push(references.get(&i.id).cloned().unwrap_or_default());
                    }
                    rows.push(row);
                }
            }
            progress.step(total, total)?;
            Ok(Sheet {
                name: "Input",
                headers,
                rows,
            })
        }
        ExportKind::Meetings => {
            let members: Vec<Member> = store.all()?;
            let mut headers = vec!["dato", "tidspunkt", "sted", "status", "sager", "fremmødte"];
            if personal {
                headers.push("navne");
            }
            let mut meetings: Vec<Meeting> = store.all()?;
            meetings.sort_by_key(|m| (m.date, m.time));
            Ok(Sheet {
                name: "Møder",
                headers,
                rows: meetings
                    .into_iter()
                    .map(|m| {
                        let mut row = vec![
                            date(Some(m.date)),
                            m.time.format("%H:%M").to_string(),
                            if m.online {
                                "online".into()
                            } else {
                                m.place.clone()
                            },
                            m.status.as_str().into(),
                            m.agenda.len().to_string(),
                            m.attendance.len().to_string(),
                        ];
                        if personal {
                            row.push(
                                members
                                    .iter()
                                    .filter(|x| m.attendance.contains(&x.id))
                                    .map(|x| x.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            );
                        }
                        row
                    })
                    .collect(),
            })
        }
        ExportKind::Hours => {
            // Everyone's hours (the export is a report's); who registered them only with
            // personal data. Removed entries are left out, as in every count.
            let mut entries: Vec<crate::domain::hours::TimeEntry> = store
                .all::<crate::domain::hours::TimeEntry>()?
                .into_iter()
                .filter(|e| !e.removed)
                .collect();
            entries.sort_by_key(|e| (e.date, e.id));
            let ids: Vec<Id> = entries.iter().map(|e| e.project_id).collect();
            let titles = store.project_titles(&ids)?;
            let mut headers = vec!["dato", "projekt", "slags arbejde", "timer", "note"];
            if personal {
                headers.push("hvem");
            }
            Ok(Sheet {
                name: "Timer",
                headers,
                rows: entries
                    .into_iter()
                    .map(|e| {
                        let mut row = vec![
                            date(Some(e.date)),
                            titles.get(&e.project_id).cloned().unwrap_or_default(),
                            super::year_report::work_label(e.kind).to_owned(),
                            crate::domain::hours::hours_text(u64::from(e.minutes)),
                            e.note,
                        ];
                        if personal {
                            row.push(e.by);
                        }
                        row
                    })
                    .collect(),
            })
        }
        ExportKind::Materials => {
            let today = chrono::Utc::now().date_naive();
            let rows = super::materials::list(store, &Default::default(), today)?;
            Ok(Sheet {
                name: "Materialer",
                headers: vec![
                    "titel",
                    "type",
                    "ejer",
                    "version",
                    "sprog",
                    "vises",
                    "lavet med brugere",
                    "projekt",
                    "sidst gennemgået",
                    "næste gennemgang",
                    "status",
                ],
                rows: rows
                    .into_iter()
                    .map(|r| {
                        let m = r.material;
                        vec![
                            m.title,
                            super::materials::kind_name(m.kind).into(),
                            m.owner_unit,
                            m.version_label,
                            m.languages.join(", "),
                            m.places
                                .iter()
                                .map(|p| super::materials::place_name(*p))
                                .collect::<Vec<_>>()
                                .join(", "),
                            if m.co_created { "ja" } else { "nej" }.into(),
                            r.project_title.unwrap_or_default(),
                            date(m.last_reviewed),
                            date(Some(m.next_review)),
                            super::materials::status_name(m.status).into(),
                        ]
                    })
                    .collect(),
            })
        }
    }
}

fn io(path: &Path) -> impl Fn(String) -> AppError + '_ {
    move |e| super::write_error(path, e)
}

/// A cell as it goes into a CSV file: one that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, as OWASP
/// advises against CSV injection. The XLSX export writes every cell as a string instead.
/// A negative amount (`-28,43`, `-1.234,50`) is a number, not a formula: it stays as it is.
pub fn no_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let negative_number = cell.strip_prefix('-').is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_digit())
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    });
    if negative_number {
        return cell.into();
    }
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Writes `sheet` as CSV: UTF-8 with BOM, `;` between fields, quoted where needed.
pub fn write_csv(sheet: &Sheet, path: &Path) -> AppResult<()> {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut bytes);
        w.write_record(&sheet.headers)
            .map_err(|e| io(path)(e.to_string()))?;
        for row in &sheet.rows {
            w.write_record(row.iter().map(|cell| no_formula(cell).into_owned()))
                .map_err(|e| io(path)(e.to_string()))?;
        }
        w.flush().map_err(|e| io(path)(e.to_string()))?;
    }
    super::write_file(path, bytes)
}

/// Writes `sheet` as an XLSX workbook with one worksheet.
pub fn write_xlsx(sheet: &Sheet, path: &Path) -> AppResult<()> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet.name)
        .map_err(|e| io(path)(e.to_string()))?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(|e| io(path)(e.to_string()))?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v)
                .map_err(|e| io(path)(e.to_string()))?;
        }
    }
    let bytes = book.save_to_buffer().map_err(|e| io(path)(e.to_string()))?;
    super::write_file(path, bytes)
}

/// Writes one export to `path` (chosen in the save dialog).
pub fn save(
    store: &Store,
    kind: ExportKind,
    format: SheetFormat,
    personal: bool,
    path: &Path,
    progress: &Progress,
) -> AppResult<usize> {
    let sheet = sheet(store, kind, personal, progress)?;
    match format {
        SheetFormat::Csv => write_csv(&sheet, path)?,
        SheetFormat::Xlsx => write_xlsx(&sheet, path)?,
    }
    Ok(sheet.rows.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_negative_amount_is_no_formula() {
        assert_eq!(super::no_formula("-28,43"), "-28,43");
        assert_eq!(super::no_formula("-1.234,50"), "-1.234,50");
        assert_eq!(super::no_formula("-2+3"), "'-2+3");
        assert_eq!(super::no_formula("-"), "'-");
        assert_eq!(super::no_formula("-,5"), "'-,5");
        assert_eq!(super::no_formula("=1+1"), "'=1+1");
    }
}

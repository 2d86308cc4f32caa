//! Årsrapport: the year's figures for any year, plus the board's members and attendance,
//! participants in activities by group, projects started and closed, and what changed
//! (points adopted fully or partly, by project). As data for the screen and as HTML for the
//! save dialog; the screen prints it. Member names are included only when asked for, and
//! contributor references are never read.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::board::compiled::escape_html;
use super::overview::{figures_of, YearFigures};
use super::progress::Progress;
use crate::domain::error::AppResult;
use crate::domain::feedback_loop::AnswerStatus;
use crate::domain::input::{Activity, InputSource};
use crate::domain::meeting::Meeting;
use crate::domain::member::{LivedExperience, Member};
use crate::domain::project::Phase;
use crate::domain::text::{checked_year, danish_sort_key};
use crate::domain::Id;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ExperienceCount {
    pub lived_experience: LivedExperience,
    #[ts(type = "number")]
    pub count: usize,
}

/// One member's attendance (only when names were asked for).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberAttendance {
    pub name: String,
    #[ts(type = "number")]
    pub attended: usize,
}

/// Who was on the board in the year, and how many came.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MembersYear {
    /// On the board at some day of the year.
    #[ts(type = "number")]
    pub active: usize,
    #[ts(type = "number")]
    pub joined: usize,
    #[ts(type = "number")]
    pub left: usize,
    pub by_experience: Vec<ExperienceCount>,
    /// Attendances at held meetings, summed over the meetings.
    #[ts(type = "number")]
    pub attendances: usize,
    /// Average attendance per held meeting; `None` when none was held.
    pub average_attendance: Option<f64>,
    /// By name, most attendances first; empty unless names were asked for.
    pub people: Vec<MemberAttendance>,
}

/// The participants of the year's activities, by group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct Participants {
    #[ts(type = "number")]
    pub activities: usize,
    #[ts(type = "number")]
    pub patients: u64,
    #[ts(type = "number")]
    pub relatives: u64,
    #[ts(type = "number")]
    pub peers: u64,
    #[ts(type = "number")]
    pub staff: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProjectLine {
    pub id: Id,
    pub title: String,
    pub date: NaiveDate,
}

/// A point or input adopted fully or partly in the year, and what was done.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Change {
    pub source: InputSource,
    /// What was said, only when it may be quoted.
    pub said: Option<String>,
    pub status: AnswerStatus,
    pub answer: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProjectChanges {
    pub project_id: Id,
    pub project_title: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct YearReport {
    pub year: i32,
    pub figures: YearFigures,
    pub members: MembersYear,
    pub participants: Participants,
    /// Projects whose start date (or, without one, creation) falls in the year.
    pub started: Vec<ProjectLine>,
    /// Projects closed now whose last change to "closed" falls in the year.
    pub closed: Vec<ProjectLine>,
    /// Adopted points and inputs answered in the year, by project (title order).
    pub changed: Vec<ProjectChanges>,
    /// Hours registered in the year, per project and per kind of work.
    pub hours: super::hours::HoursSummary,
    /// The year's impact log entries, by project (title order), oldest first.
    pub impact: Vec<ProjectImpact>,
    /// Names of members are included.
    pub personal: bool,
}

/// One project's impact log entries of the year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProjectImpact {
    pub project_id: Id,
    pub project_title: String,
    pub entries: Vec<crate::domain::impact::ImpactEntry>,
}

/// The impact log entries dated in `year`, by project in title order.
fn impact_of(store: &Store, year: i32) -> AppResult<Vec<ProjectImpact>> {
    let entries: Vec<crate::domain::impact::ImpactEntry> = super::impact::entries_of(store, None)?
        .into_iter()
        .filter(|e| in_year(e.date, year) && !e.is_withdrawn())
        .collect();
    let ids: Vec<Id> = entries.iter().map(|e| e.project_id).collect();
    let titles = store.project_titles(&ids)?;
    let mut by: BTreeMap<(Vec<u32>, Id), ProjectImpact> = BTreeMap::new();
    for e in entries {
        let title = titles.get(&e.project_id).cloned().unwrap_or_default();
        by.entry((danish_sort_key(&title), e.project_id))
            .or_insert_with(|| ProjectImpact {
                project_id: e.project_id,
                project_title: title,
                entries: Vec::new(),
            })
            .entries
            .push(e);
    }
    Ok(by.into_values().collect())
}

fn in_year(d: NaiveDate, year: i32) -> bool {
    d.year() == year
}

fn members_year(members: &[Member], held: &[Meeting], year: i32, personal: bool) -> MembersYear {
    let (first, last) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    );
    let active: Vec<&Member> = members
        .iter()
        .filter(|m| {
            last.is_some_and(|last| m.joined.is_none_or(|j| j <= last))
                && first.is_some_and(|first| m.left.is_none_or(|l| l >= first))
        })
        .collect();
    let attendances: usize = held.iter().map(|m| m.attendance.len()).sum();
    // Members of the year, and anyone who came to a meeting of it.
    let mut people: Vec<MemberAttendance> = if personal {
        members
            .iter()
            .map(|m| {
                (
                    m,
                    held.iter().filter(|h| h.attendance.contains(&m.id)).count(),
                )
            })
            .filter(|(m, attended)| *attended > 0 || active.iter().any(|a| a.id == m.id))
            .map(|(m, attended)| MemberAttendance {
                name: m.name.clone(),
                attended,
            })
            .collect()
    } else {
        Vec::new()
    };
    people.sort_by(|a, b| {
        b.attended
            .cmp(&a.attended)
            .then_with(|| danish_sort_key(&a.name).cmp(&danish_sort_key(&b.name)))
    });
    MembersYear {
        active: active.len(),
        joined: members
            .iter()
            .filter(|m| m.joined.is_some_and(|d| in_year(d, year)))
            .count(),
        left: members
            .iter()
            .filter(|m| m.left.is_some_and(|d| in_year(d, year)))
            .count(),
        by_experience: LivedExperience::ALL
            .iter()
            .map(|e| ExperienceCount {
                lived_experience: *e,
                count: active.iter().filter(|m| m.lived_experience == *e).count(),
            })
            .collect(),
        attendances,
        average_attendance: (!held.is_empty()).then(|| attendances as f64 / held.len() as f64),
        people,
    }
}

fn participants(activities: &[Activity], year: i32) -> Participants {
    activities
        .iter()
        .filter(|a| in_year(a.date, year))
        .fold(Participants::default(), |mut p, a| {
            p.activities += 1;
            p.patients += u64::from(a.patients);
            p.relatives += u64::from(a.relatives);
            p.peers += u64::from(a.peers);
            p.staff += u64::from(a.staff);
            p
        })
}

fn by_title(lines: &mut [ProjectLine]) {
    lines.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| danish_sort_key(&a.title).cmp(&danish_sort_key(&b.title)))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// How often (in adopted points and inputs) the year report tells its progress.
const REPORT_CHUNK: usize = 1_000;

/// The report of `year`. `progress` is told how far it is and may cancel it.
pub fn build(
    store: &Store,
    year: i32,
    personal: bool,
    progress: &Progress,
) -> AppResult<YearReport> {
    let year = checked_year("year", year)?;
    let tally = store.input_tally()?;
    let held: Vec<Meeting> = store.meetings_held_in(year)?;
    let members: Vec<Member> = store.all()?;
    let activities: Vec<Activity> = store.all()?;

    let mut started = Vec::new();
    let mut closed_now = Vec::new();
    for p in store.project_starts()? {
        if p.phase == Phase::Closed {
            closed_now.push((p.id, p.title.clone()));
        }
        if in_year(p.start, year) {
            started.push(ProjectLine {
                id: p.id,
                title: p.title,
                date: p.start,
            });
        }
    }
    let mut closed = Vec::new();
    let ids: Vec<Id> = closed_now.iter().map(|(id, _)| *id).collect();
    let mut timelines = store.phase_timelines(&ids)?;
    for (id, title) in closed_now {
        let last_closed = timelines
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.to == Phase::Closed)
            .map(|c| c.at.date_naive())
            .max();
        if let Some(date) = last_closed.filter(|d| in_year(*d, year)) {
            closed.push(ProjectLine { id, title, date });
        }
    }
    by_title(&mut started);
    by_title(&mut closed);

    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    progress.step(0, 1)?;
    let adopted = match (first, last) {
        (Some(first), Some(last)) => store.adopted_between(first, last)?,
        _ => Vec::new(),
    };
    let projects: Vec<Id> = adopted.iter().map(|a| a.project_id).collect();
    let titles = store.project_titles(&projects)?;
    let total = adopted.len();
    let mut changed: BTreeMap<(Vec<u32>, Id), ProjectChanges> = BTreeMap::new();
    // Oldest first (`adopted_between`), so changes on the same day keep the order they
    // were given in.
    for (n, a) in adopted.into_iter().enumerate() {
        if n % REPORT_CHUNK == 0 {
            progress.step(n, total)?;
        }
        let title = titles.get(&a.project_id).cloned().unwrap_or_default();
        changed
            .entry((danish_sort_key(&title), a.project_id))
            .or_insert_with(|| ProjectChanges {
                project_id: a.project_id,
                project_title: title,
                changes: Vec::new(),
            })
            .changes
            .push(Change {
                source: a.source,
                said: a.said,
                status: a.status,
                answer: a.answer,
                date: a.date,
            });
    }
    progress.step(total, total)?;
    let mut changed: Vec<ProjectChanges> = changed.into_values().collect();
    for p in &mut changed {
        p.changes.sort_by_key(|c| c.date);
    }

    Ok(YearReport {
        year,
        figures: figures_of(
            year,
            (held.len(), held.iter().map(|m| m.agenda.len()).sum()),
            &tally,
        ),
        members: members_year(&members, &held, year, personal),
        participants: participants(&activities, year),
        started,
        closed,
        changed,
        hours: super::hours::of_year(store, year)?,
        impact: impact_of(store, year)?,
        personal,
    })
}

fn percent(share: Option<f64>) -> String {
    share
        .map(|s| format!("{:.0} %", s * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn source_label(s: InputSource) -> &'static str {
    match s {
        InputSource::Board => "Peer-boardet",
        InputSource::Patients => "Patienter",
        InputSource::Relatives => "Pårørende",
        InputSource::Staff => "Medarbejdere",
        InputSource::Other => "Andre",
    }
}

fn experience_label(e: LivedExperience) -> &'static str {
    match e {
        LivedExperience::Patient => "Patienterfaring",
        LivedExperience::Relative => "Pårørendeerfaring",
        LivedExperience::Both => "Begge",
    }
}

fn status_label(s: AnswerStatus) -> &'static str {
    match s {
        AnswerStatus::Adopted => "Taget til efterretning",
        AnswerStatus::PartlyAdopted => "Delvist taget til efterretning",
        AnswerStatus::NotAdopted => "Ikke taget til efterretning",
        AnswerStatus::NotRelevant => "Ikke relevant",
    }
}

/// The Danish name of a kind of work.
pub fn work_label(k: crate::domain::hours::WorkKind) -> &'static str {
    use crate::domain::hours::WorkKind;
    match k {
        WorkKind::Preparation => "Forberedelse",
        WorkKind::Meeting => "Møder",
        WorkKind::Workshop => "Workshops",
        WorkKind::Sparring => "Sparring",
        WorkKind::Writing => "Skrivearbejde",
    }
}

fn table(out: &mut String, caption: &str, rows: &[(String, String)]) {
    out.push_str(&format!(
        "<table>\n<caption>{}</caption>\n<tbody>\n",
        escape_html(caption)
    ));
    for (k, v) in rows {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
            escape_html(k),
            escape_html(v)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
}

fn project_lines(out: &mut String, heading: &str, lines: &[ProjectLine]) {
    out.push_str(&format!("<h2>{heading} ({})</h2>\n", lines.len()));
    if lines.is_empty() {
        out.push_str("<p>Ingen.</p>\n");
        return;
    }
    out.push_str("<ul>\n");
    for l in lines {
        out.push_str(&format!(
            "<li>{} <small>({})</small></li>\n",
            escape_html(&l.title),
            l.date.format("%d-%m-%Y")
        ));
    }
    out.push_str("</ul>\n");
}

/// The report as a whole HTML page; every text people typed is escaped.
pub fn html(r: &YearReport) -> String {
    let f = &r.figures;
    let mut body = format!("<h1>Årsrapport {}</h1>\n<h2>Året i tal</h2>\n", r.year);
    table(
        &mut body,
        "Året i tal",
        &[
            ("Peer-boardmøder holdt".into(), f.meetings_held.to_string()),
            ("Sparringer på møder".into(), f.consultations.to_string()),
            ("Feedback og input i alt".into(), f.inputs.to_string()),
            ("Andel besvaret".into(), percent(f.share_answered)),
            (
                "Mediantid til svar".into(),
                f.median_days_to_answer
                    .map(|d| format!("{d} dage"))
                    .unwrap_or_else(|| "–".into()),
            ),
            (
                "Andel taget helt eller delvist til efterretning".into(),
                percent(f.share_adopted),
            ),
        ],
    );
    let by_source: Vec<(String, String)> = f
        .inputs_by_source
        .iter()
        .map(|c| (source_label(c.source).to_owned(), c.count.to_string()))
        .collect();
    table(&mut body, "Feedback og input efter kilde", &by_source);

    let m = &r.members;
    body.push_str("<h2>Peer-boardet</h2>\n");
    let mut rows = vec![
        ("Medlemmer i året".to_owned(), m.active.to_string()),
        ("Nye medlemmer".to_owned(), m.joined.to_string()),
        ("Udtrådt".to_owned(), m.left.to_string()),
    ];
    rows.extend(m.by_experience.iter().map(|e| {
        (
            experience_label(e.lived_experience).to_owned(),
            e.count.to_string(),
        )
    }));
    rows.push((
        "Fremmøde pr. møde i gennemsnit".to_owned(),
        m.average_attendance
            .map(|a| format!("{a:.1}"))
            .unwrap_or_else(|| "–".into()),
    ));
    table(&mut body, "Medlemmer og fremmøde", &rows);
    if r.personal && !m.people.is_empty() {
        let people: Vec<(String, String)> = m
            .people
            .iter()
            .map(|p| (p.name.clone(), format!("{} møder", p.attended)))
            .collect();
        table(&mut body, "Fremmøde pr. medlem", &people);
    }

    let p = &r.participants;
    body.push_str("<h2>Deltagere i aktiviteter</h2>\n");
    table(
        &mut body,
        "Deltagere efter gruppe",
        &[
            ("Aktiviteter".into(), p.activities.to_string()),
            ("Patienter".into(), p.patients.to_string()),
            ("Pårørende".into(), p.relatives.to_string()),
            ("Peers".into(), p.peers.to_string()),
            ("Medarbejdere".into(), p.staff.to_string()),
        ],
    );

    project_lines(&mut body, "Projekter startet", &r.started);
    project_lines(&mut body, "Projekter afsluttet", &r.closed);

    body.push_str("<h2>Det har ændret sig</h2>\n");
    if r.changed.is_empty() {
        body.push_str("<p>Intet taget til efterretning i året.</p>\n");
    }
    for p in &r.changed {
        body.push_str(&format!(
            "<h3>{} ({})</h3>\n<ul>\n",
            escape_html(&p.project_title),
            p.changes.len()
        ));
        for c in &p.changes {
            let said = match &c.said {
                Some(s) => format!("»{s}«"),
                None => "(ikke citeret)".into(),
            };
            body.push_str(&format!(
                "<li>{}: {}<br><em>{}{}</em></li>\n",
                escape_html(source_label(c.source)),
                escape_html(&said),
                escape_html(status_label(c.status)),
                if c.answer.is_empty() {
                    String::new()
                } else {
                    format!(" – {}", escape_html(&c.answer))
                }
            ));
        }
        body.push_str("</ul>\n");
    }
    body.push_str("<h2>Impact: det førte inddragelsen til</h2>\n");
    if r.impact.is_empty() {
        body.push_str("<p>Ingen indførsler i impact-loggen i året.</p>\n");
    }
    for p in &r.impact {
        body.push_str(&format!(
            "<h3>{}</h3>\n<ul>\n",
            escape_html(&p.project_title)
        ));
        for e in &p.entries {
            let (kind, text) = match e.kind {
                crate::domain::impact::ImpactKind::Change => ("Det ændrede sig", e.text.clone()),
                crate::domain::impact::ImpactKind::Meaning if e.who.is_empty() => {
                    ("Det betød for deltagerne", format!("»{}«", e.text))
                }
                crate::domain::impact::ImpactKind::Meaning => (
                    "Det betød for deltagerne",
                    format!("»{}« ({})", e.text, e.who),
                ),
            };
            body.push_str(&format!(
                "<li><em>{} {}</em>: {}</li>\n",
                kind,
                e.date.format("%d-%m-%Y"),
                escape_html(&text)
            ));
        }
        body.push_str("</ul>\n");
    }

    body.push_str("<h2>Timer</h2>\n");
    let hours = |m: u64| format!("{} t", crate::domain::hours::hours_text(m));
    let mut rows: Vec<(String, String)> = r
        .hours
        .by_kind
        .iter()
        .map(|k| (work_label(k.kind).to_owned(), hours(k.minutes)))
        .collect();
    rows.push(("I alt".into(), hours(r.hours.minutes)));
    table(&mut body, "Timer efter slags arbejde", &rows);
    let rows: Vec<(String, String)> = r
        .hours
        .projects
        .iter()
        .map(|p| (p.title.clone(), hours(p.minutes)))
        .collect();
    if !rows.is_empty() {
        table(&mut body, "Timer pr. projekt", &rows);
    }
    format!(
        "<!doctype html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<title>Årsrapport {}</title>\n<style>body{{font-family:sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5}}table{{border-collapse:collapse;margin:1rem 0}}th,td{{border:1px solid #999;padding:.25rem .5rem;text-align:left}}caption{{font-weight:bold;text-align:left}}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        r.year, body
    )
}

/// Writes the report of `year` as HTML to `path` (chosen in the save dialog).
pub fn save(
    store: &Store,
    year: i32,
    personal: bool,
    path: &std::path::Path,
    progress: &Progress,
) -> AppResult<()> {
    let r = build(store, year, personal, progress)?;
    let text = html(&r);
    super::write_file(path, &text)?;
    let from = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let to = chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let adopted = store.adopted_between(from, to)?;
    super::rights::note_quotes(
        store,
        "year_report",
        path,
        &text,
        adopted
            .iter()
            .filter(|a| a.source != InputSource::Board)
            .filter_map(|a| a.said.as_deref().map(|s| (a.id, s))),
    )
}

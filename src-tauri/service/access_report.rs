//! The access report (GDPR art. 15, issue 12): everything Samskab holds about one person —
//! a Peer-board member, a contributor found by their reference, or a profile or login —
//! with the audit-log entries about them, as a printable page and a JSON file, in Danish.
//! Names of other people are left out: who attended with a member, who answered an input,
//! who looked at the data (the log gives when and what, not which colleague).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::board::compiled::escape_html;
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::error::{AppError, AppResult, FieldError, Rule};
use crate::domain::feedback_loop::{AnswerStatus, FeedbackLoop, ReportChannel};
use crate::domain::input::{ContributorGroup, Input};
use crate::domain::meeting::{Meeting, MeetingStatus};
use crate::domain::member::{Honoraria, LivedExperience, Member};
use crate::domain::roles::Access;
use crate::domain::Id;
use crate::store::{Store, Table};

/// Whom the report is about.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    Member { id: Id },
    Contributor { reference: String },
    Person { name: String },
}

/// One fact held: a label and its value, and the record it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub record: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Section {
    pub heading: String,
    pub facts: Vec<Fact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AccessReport {
    pub title: String,
    pub made_at: DateTime<Utc>,
    pub sections: Vec<Section>,
}

fn fact(label: &str, value: impl Into<String>, record: Option<Id>) -> Fact {
    Fact {
        label: label.to_owned(),
        value: value.into(),
        record,
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d-%m-%Y").to_string())
        .unwrap_or_else(|| "–".to_owned())
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "ja"
    } else {
        "nej"
    }
}

/// What the answer loop says of a point or an input, without who answered.
fn answer_facts(record: Id, l: &FeedbackLoop, out: &mut Vec<Fact>) {
    match &l.answer {
        Some(a) => {
            out.push(fact(
                "Svar",
                format!(
                    "{} ({}): {}",
                    answer_da(a.status),
                    date(Some(a.date)),
                    if a.text.is_empty() {
                        &a.reason
                    } else {
                        &a.text
                    }
                ),
                Some(record),
            ));
        }
        None => out.push(fact("Svar", "ikke besvaret endnu", Some(record))),
    }
    if let Some(r) = &l.reported_back {
        out.push(fact(
            "Meldt tilbage",
            format!("{} ({})", channel_da(r.channel), date(Some(r.date))),
            Some(record),
        ));
    }
}

/// The audit-log entries about `records` (or made by `by`), without who made them.
fn audit_section(store: &Store, about: impl Fn(&AuditEntry) -> bool) -> AppResult<Section> {
    let heading = "Revisionsloggen: brug af oplysningerne".to_owned();
    if store.require(Access::AuditLog).is_err() {
        return Ok(Section {
            heading,
            facts: vec![fact(
                "Bemærk",
                "Revisionsloggen kan kun læses af en administrator; lav rapporten som administrator for at få den med.",
                None,
            )],
        });
    }
    let facts = super::audit::readable(store)?
        .into_iter()
        .filter(|e| about(e))
        .map(|e| {
            fact(
                &e.event.at.format("%d-%m-%Y %H:%M").to_string(),
                format!("{} ({})", action_da(e.event.action), e.event.kind),
                e.event.record,
            )
        })
        .collect();
    Ok(Section { heading, facts })
}

fn answer_da(s: AnswerStatus) -> &'static str {
    match s {
        AnswerStatus::Adopted => "taget til følge",
        AnswerStatus::PartlyAdopted => "delvist taget til følge",
        AnswerStatus::NotAdopted => "ikke taget til følge",
        AnswerStatus::NotRelevant => "ikke relevant",
    }
}

fn channel_da(c: ReportChannel) -> &'static str {
    match c {
        ReportChannel::Meeting => "på et møde",
        ReportChannel::Letter => "brev",
        ReportChannel::Newsletter => "nyhedsbrev",
        ReportChannel::InPerson => "personligt",
    }
}

fn group_da(g: ContributorGroup) -> &'static str {
    match g {
        ContributorGroup::Patients => "patient",
        ContributorGroup::Relatives => "pårørende",
        ContributorGroup::Staff => "medarbejder",
        ContributorGroup::Other => "anden",
    }
}

fn experience_da(e: LivedExperience) -> &'static str {
    match e {
        LivedExperience::Patient => "patienterfaring",
        LivedExperience::Relative => "pårørendeerfaring",
        LivedExperience::Both => "begge",
    }
}

fn action_da(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Read => "læst",
        AuditAction::Search => "søgt",
        AuditAction::Create => "oprettet",
        AuditAction::Change => "ændret",
        AuditAction::Delete => "slettet",
        AuditAction::Export => "eksporteret",
        AuditAction::Print => "udskrevet",
        AuditAction::Backup => "sikkerhedskopieret",
        AuditAction::Restore => "gendannet",
        AuditAction::SignIn => "logget ind",
        AuditAction::FailedSignIn => "forkert adgangsfrase",
    }
}

fn member_report(store: &Store, id: Id, now: DateTime<Utc>) -> AppResult<AccessReport> {
    store.require(Access::ReadMembers)?;
    let m: Member = store.get(id)?;
    let held = vec![
        fact("Navn", m.name.clone(), Some(m.id)),
        fact("Initialer", m.initials.clone(), Some(m.id)),
        fact(
            "Levet erfaring",
            experience_da(m.lived_experience),
            Some(m.id),
        ),
        fact("E-mail", m.email.clone(), Some(m.id)),
        fact("Telefon", m.phone.clone(), Some(m.id)),
        fact("Indtrådt", date(m.joined), Some(m.id)),
        fact("Udtrådt", date(m.left), Some(m.id)),
        fact(
            "Honorar",
            match m.honoraria {
                Honoraria::Accepted => "modtager honorar",
                Honoraria::Declined => "takker nej til honorar",
            },
            Some(m.id),
        ),
        fact("Noter", m.notes.clone(), Some(m.id)),
    ];
    // Where they were: the date and place of each meeting attended, not who else came.
    let mut meetings: Vec<Meeting> = store
        .all::<Meeting>()?
        .into_iter()
        .filter(|x| x.status == MeetingStatus::Held && x.attendance.contains(&id))
        .collect();
    meetings.sort_by_key(|x| (x.date, x.time));
    let attended = meetings
        .iter()
        .map(|x| {
            fact(
                "Møde",
                format!("{} · {}", date(Some(x.date)), x.place),
                Some(x.id),
            )
        })
        .collect();
    // Claims and what was paid, with their amounts (a consultant's report; the payout
    // lists are not everyone's to read).
    let mut claims: Vec<_> = store
        .claims()?
        .into_iter()
        .filter(|c| c.member_id == id)
        .collect();
    claims.sort_by_key(|c| (c.date, c.id));
    let claimed = claims
        .iter()
        .map(|c| {
            let what = match c.kind {
                crate::domain::payout::ClaimKind::Km => {
                    format!("kørsel {} km", crate::domain::payout::km_text(c.km_tenths))
                }
                crate::domain::payout::ClaimKind::Ticket => {
                    format!("billet {} kr.", crate::domain::payout::kroner(c.amount))
                }
                crate::domain::payout::ClaimKind::Workshop => "workshop".to_owned(),
                crate::domain::payout::ClaimKind::Teaching => "undervisning".to_owned(),
            };
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!(" · {}", c.note)
            };
            let withdrawn = if c.withdrawn {
                " (trukket tilbage)"
            } else {
                ""
            };
            fact(
                "Udlæg",
                format!("{} · {what}{note}{withdrawn}", date(Some(c.date))),
                Some(c.id),
            )
        })
        .collect();
    let mut sections = vec![
        Section {
            heading: "Medlem af Peer-boardet".into(),
            facts: held,
        },
        Section {
            heading: "Fremmøde".into(),
            facts: attended,
        },
        Section {
            heading: "Udlæg og aktiviteter".into(),
            facts: claimed,
        },
    ];
    if store.may(Access::Payouts) {
        let paid = store
            .payout_lists()?
            .iter()
            .filter(|l| l.counts())
            .flat_map(|l| {
                l.lines.iter().filter(|x| x.member_id == id).map(move |x| {
                    fact(
                        "Udbetalt",
                        format!(
                            "{} · {} · {} kr. (liste {}–{}{})",
                            date(Some(x.date)),
                            super::payouts::kind_name(x.kind),
                            crate::domain::payout::kroner(x.amount),
                            date(Some(l.from)),
                            date(Some(l.to)),
                            if x.correction { ", rettelse" } else { "" }
                        ),
                        Some(l.id),
                    )
                })
            })
            .collect();
        sections.push(Section {
            heading: "Honorar og godtgørelse".into(),
            facts: paid,
        });
    }
    sections.push(audit_section(store, |e| e.event.record == Some(id))?);
    Ok(AccessReport {
        title: format!("Indsigt: oplysninger om {}", m.name),
        made_at: now,
        sections,
    })
}

fn contributor_report(
    store: &Store,
    reference: &str,
    now: DateTime<Utc>,
) -> AppResult<AccessReport> {
    store.require(Access::ReadInputs)?;
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new(
            "reference",
            Rule::Required,
        )]));
    }
    let ids = store.contributors_matching(reference)?;
    if ids.is_empty() {
        return Err(AppError::NotFound {
            entity: "contributor",
        });
    }
    let mut inputs: Vec<Input> = store.get_many(&ids)?;
    inputs.sort_by_key(|i| (i.date, i.id));
    let titles = store.project_titles(&inputs.iter().map(|i| i.project_id).collect::<Vec<_>>())?;
    let mut sections = Vec::new();
    for i in &inputs {
        let mut facts = vec![
            fact(
                "Projekt",
                titles.get(&i.project_id).cloned().unwrap_or_default(),
                Some(i.id),
            ),
            fact("Givet", date(Some(i.date)), Some(i.id)),
            fact("Gruppe", group_da(i.group), Some(i.id)),
            fact("Det sagde du", i.text.clone(), Some(i.id)),
            fact("Temaer", i.themes.join(", "), Some(i.id)),
            fact("Må citeres", yes_no(i.may_quote), Some(i.id)),
            fact(
                "Din reference",
                store.text(Table::Contributors, i.id)?,
                Some(i.id),
            ),
        ];
        answer_facts(i.id, &i.feedback_loop, &mut facts);
        sections.push(Section {
            heading: format!("Input givet {}", date(Some(i.date))),
            facts,
        });
    }
    sections.push(audit_section(store, |e| {
        e.event.record.is_some_and(|r| ids.contains(&r))
    })?);
    Ok(AccessReport {
        title: format!("Indsigt: oplysninger om bidragyder »{reference}«"),
        made_at: now,
        sections,
    })
}

fn person_report(store: &Store, name: &str, now: DateTime<Utc>) -> AppResult<AccessReport> {
    store.require(Access::ReadInputs)?;
    let name = name.trim();
    let settings = store.settings()?;
    let profile = settings.people.iter().find(|p| p.name == name);
    if name.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new(
            "name",
            Rule::Required,
        )]));
    }
    let mut held = vec![fact("Navn", name, profile.map(|p| p.id))];
    if let Some(p) = profile {
        held.push(fact(
            "Roller",
            p.roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            Some(p.id),
        ));
    }
    // What carries their name as the one who recorded it.
    let mut recorded: Vec<Fact> = store
        .all::<Input>()?
        .into_iter()
        .filter(|i| i.recorded_by == name)
        .map(|i| fact("Input registreret", date(Some(i.date)), Some(i.id)))
        .collect();
    recorded.extend(
        store
            .all::<crate::domain::feedback::FeedbackPoint>()?
            .into_iter()
            .filter(|p| p.recorded_by == name)
            .map(|p| {
                fact(
                    "Feedbackpunkt registreret",
                    date(Some(p.given_on)),
                    Some(p.id),
                )
            }),
    );
    // The phase changes they made (a project's history names who moved it).
    let projects = store.all::<crate::domain::project::Project>()?;
    let ids: Vec<Id> = projects.iter().map(|p| p.id).collect();
    let timelines = store.phase_timelines(&ids)?;
    for p in &projects {
        for c in timelines.get(&p.id).into_iter().flatten() {
            if c.by == name {
                recorded.push(fact(
                    "Fase ændret",
                    format!("{} · {}", c.at.format("%d-%m-%Y"), p.title),
                    Some(p.id),
                ));
            }
        }
    }
    Ok(AccessReport {
        title: format!("Indsigt: oplysninger om {name}"),
        made_at: now,
        sections: vec![
            Section {
                heading: "Profil".into(),
                facts: held,
            },
            Section {
                heading: "Registreret af dig".into(),
                facts: recorded,
            },
            audit_section(store, |e| e.event.who == name)?,
        ],
    })
}

/// The access report about `subject`.
pub fn build(store: &Store, subject: &Subject, now: DateTime<Utc>) -> AppResult<AccessReport> {
    match subject {
        Subject::Member { id } => member_report(store, *id, now),
        Subject::Contributor { reference } => contributor_report(store, reference, now),
        Subject::Person { name } => person_report(store, name, now),
    }
}

/// The report as a printable page (typed text as text, never as HTML).
pub fn html(r: &AccessReport) -> String {
    document_html(
        r,
        "Oplysningerne er dem, Samskab har om personen; andre personers navne er udeladt.",
    )
}

/// A document of sections of facts as a printable page, with `intro` under its title.
pub fn document_html(r: &AccessReport, intro: &str) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"><title>{0}</title>\
         <style>body{{font-family:sans-serif;max-width:48rem;margin:2rem auto;line-height:1.4}}\
         th{{text-align:left;padding-right:1rem;vertical-align:top}}</style></head><body>\
         <h1>{0}</h1><p>Lavet {1}. {2}</p>\n",
        escape_html(&r.title),
        r.made_at.format("%d-%m-%Y %H:%M"),
        escape_html(intro)
    );
    for s in &r.sections {
        out.push_str(&format!("<h2>{}</h2>\n", escape_html(&s.heading)));
        if s.facts.is_empty() {
            out.push_str("<p>Ingen.</p>\n");
            continue;
        }
        out.push_str("<table>\n");
        for f in &s.facts {
            out.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>\n",
                escape_html(&f.label),
                escape_html(&f.value)
            ));
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// The report saved as a page (`html`) or a JSON file (`json`).
pub fn save(
    store: &Store,
    subject: &Subject,
    json: bool,
    path: &std::path::Path,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let r = build(store, subject, now)?;
    let bytes = if json {
        serde_json::to_string_pretty(&r)
            .map_err(|e| AppError::Storage(format!("the report: {e}")))?
    } else {
        html(&r)
    };
    super::write_file(path, bytes)
}

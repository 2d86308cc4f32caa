//! The audit log of personal data use (issue 11): which commands write an entry, and
//! what; the administrator's view of the log, its check, its export and its retention.
//!
//! Every command the window may call is in [`AUDITED`] (a test lists every command): it
//! writes an entry before it runs ([`record`], called where the role check is, in
//! `lib.rs`), writes its own (`Itself`: the sign-ins, whose outcome decides the action),
//! or touches no personal data (`No`). A command whose entry cannot be written does not
//! run.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::audit::{
    verify, verify_anchored, AuditAction, AuditEntry, AuditEvent, BreakKind, BrokenLink,
};
use crate::domain::error::{AppError, AppResult};
use crate::domain::roles::Access;
use crate::domain::Id;
use crate::store::Store;

/// What calling a command writes into the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logged {
    /// Nothing: the command touches no personal data (the app's state, a file dialog).
    No,
    /// The command's service writes its entry (the sign-ins: success or failure).
    Itself,
    /// An entry with this action and kind of record; the record's id from the argument
    /// named `record` (`""`: none), and the arguments named in `detail` as the entry's
    /// detail (a search's words and filters, an export's kind; never typed text).
    As {
        action: AuditAction,
        kind: &'static str,
        record: &'static str,
        detail: &'static [&'static str],
    },
}

const fn as_(
    action: AuditAction,
    kind: &'static str,
    record: &'static str,
    detail: &'static [&'static str],
) -> Logged {
    Logged::As {
        action,
        kind,
        record,
        detail,
    }
}

use AuditAction::{Change, Create, Delete, Export, Read, Restore, Search};

/// Every command and what it writes into the log.
pub const AUDITED: &[(&str, Logged)] = &[
    ("app_status", Logged::No),
    ("list_projects", as_(Search, "project", "", &["query"])),
    ("project_titles", as_(Read, "project", "", &["archive"])),
    ("get_project", as_(Read, "project", "id", &[])),
    ("create_project", as_(Create, "project", "", &[])),
    ("update_project", as_(Change, "project", "id", &[])),
    (
        "change_project_phase",
        as_(Change, "project", "id", &["phase"]),
    ),
    (
        "set_project_archived",
        as_(Change, "project", "id", &["archived"]),
    ),
    ("get_settings", Logged::No),
    ("update_settings", as_(Change, "settings", "", &[])),
    ("board_overview", as_(Read, "board", "", &["all_past"])),
    ("to_report_back", as_(Read, "feedback_point", "", &[])),
    ("add_member", as_(Create, "member", "", &[])),
    ("edit_member", as_(Change, "member", "id", &[])),
    ("mark_member_left", as_(Change, "member", "id", &[])),
    ("erase_member", as_(Delete, "member", "id", &[])),
    // Never the reference itself: the log must not keep what was erased.
    (
        "erase_contributor",
        as_(Delete, "contributor", "", &["input.redact"]),
    ),
    // The subject's kind and, for a member, the id; never a reference or a name.
    (
        "access_report",
        as_(Read, "access_report", "subject.id", &["subject.kind"]),
    ),
    ("withdraw_consent", as_(Change, "input", "id", &[])),
    // Names the profiles that have each role.
    ("processing_record", as_(Read, "processing_record", "", &[])),
    (
        "save_processing_record",
        as_(Export, "processing_record", "", &[]),
    ),
    (
        "save_access_report",
        as_(
            Export,
            "access_report",
            "subject.id",
            &["subject.kind", "format"],
        ),
    ),
    ("payout_rates", Logged::No),
    ("save_payout_rates", as_(Change, "rates", "", &[])),
    ("add_claim", as_(Create, "claim", "input.member_id", &[])),
    ("edit_claim", as_(Change, "claim", "id", &[])),
    (
        "set_claim_withdrawn",
        as_(Change, "claim", "id", &["withdrawn"]),
    ),
    (
        "claims",
        as_(Read, "claim", "", &["period.from", "period.to"]),
    ),
    (
        "payout_draft",
        as_(Read, "payout_draft", "", &["period.from", "period.to"]),
    ),
    (
        "approve_payout",
        as_(Create, "payout_list", "", &["period.from", "period.to"]),
    ),
    ("mark_payout_sent", as_(Change, "payout_list", "id", &[])),
    ("withdraw_payout", as_(Change, "payout_list", "id", &[])),
    ("payout_lists", as_(Read, "payout_list", "", &[])),
    ("payout_list", as_(Read, "payout_list", "id", &[])),
    (
        "save_payout_list",
        as_(Export, "payout_list", "id", &["format"]),
    ),
    ("payout_year", as_(Read, "payout_year", "", &["year"])),
    (
        "save_payout_year",
        as_(Export, "payout_year", "member_id", &["year"]),
    ),
    (
        "add_time",
        as_(Create, "time_entry", "input.project_id", &[]),
    ),
    ("edit_time", as_(Change, "time_entry", "id", &[])),
    (
        "set_time_removed",
        as_(Change, "time_entry", "id", &["removed"]),
    ),
    (
        "hours",
        as_(
            Read,
            "time_entry",
            "",
            &["query.from", "query.to", "query.project_id"],
        ),
    ),
    ("add_impact", as_(Create, "impact_entry", "project_id", &[])),
    ("edit_impact", as_(Change, "impact_entry", "id", &[])),
    ("impact_log", as_(Read, "impact_entry", "project_id", &[])),
    (
        "withdraw_impact_consent",
        as_(Change, "impact_entry", "id", &[]),
    ),
    ("add_material", as_(Create, "material", "", &[])),
    ("edit_material", as_(Change, "material", "id", &[])),
    ("review_material", as_(Change, "material", "id", &[])),
    ("materials", as_(Read, "material", "", &["query"])),
    ("get_material", as_(Read, "material", "id", &[])),
    ("plan_meeting", as_(Create, "meeting", "", &[])),
    ("edit_meeting", as_(Change, "meeting", "id", &[])),
    ("get_meeting", as_(Read, "meeting", "id", &[])),
    (
        "schedule_consultation",
        as_(Change, "meeting", "id", &["consultation_id"]),
    ),
    (
        "unschedule_consultation",
        as_(Change, "meeting", "id", &["consultation_id"]),
    ),
    ("reorder_meeting", as_(Change, "meeting", "id", &[])),
    ("set_attendance", as_(Change, "meeting", "id", &[])),
    ("set_minutes", as_(Change, "meeting", "id", &[])),
    ("mark_meeting_held", as_(Change, "meeting", "id", &[])),
    ("cancel_meeting", as_(Change, "meeting", "id", &[])),
    ("add_report_back", as_(Change, "meeting", "id", &[])),
    ("remove_report_back", as_(Change, "meeting", "id", &[])),
    ("mark_reported_back", as_(Change, "meeting", "id", &[])),
    (
        "request_consultation",
        as_(Create, "consultation", "project_id", &[]),
    ),
    ("edit_consultation", as_(Change, "consultation", "id", &[])),
    ("get_consultation", as_(Read, "consultation", "id", &[])),
    (
        "project_consultations",
        as_(Read, "consultation", "project_id", &[]),
    ),
    (
        "record_feedback",
        as_(Create, "feedback_point", "consultation_id", &[]),
    ),
    ("edit_feedback", as_(Change, "feedback_point", "id", &[])),
    ("answer_feedback", as_(Change, "feedback_point", "id", &[])),
    ("save_draft", as_(Change, "draft", "", &["key"])),
    ("get_draft", as_(Read, "draft", "", &["key"])),
    (
        "save_compiled_feedback",
        as_(Export, "consultation", "id", &["format"]),
    ),
    (
        "compiled_feedback_html",
        as_(Read, "consultation", "id", &[]),
    ),
    ("add_activity", as_(Create, "activity", "project_id", &[])),
    (
        "project_activities",
        as_(Read, "activity", "project_id", &[]),
    ),
    ("capture_input", as_(Create, "input", "", &[])),
    ("answer_input", as_(Change, "input", "id", &[])),
    ("report_back_inputs", as_(Change, "input", "", &["ids"])),
    ("search_inputs", as_(Search, "input", "", &["query"])),
    ("themes", as_(Read, "theme", "", &[])),
    ("merge_themes", as_(Change, "theme", "", &[])),
    ("we_asked_report", as_(Read, "report", "project_id", &[])),
    (
        "save_we_asked_report",
        as_(Export, "report", "project_id", &["format"]),
    ),
    ("overview", as_(Read, "overview", "", &[])),
    (
        "export_sheet",
        as_(Export, "sheet", "", &["kind", "format", "personal"]),
    ),
    ("cancel_job", Logged::No),
    (
        "year_report",
        as_(Read, "year_report", "", &["year", "personal"]),
    ),
    (
        "save_year_report",
        as_(Export, "year_report", "", &["year", "personal"]),
    ),
    ("gripp2_draft", as_(Read, "gripp2", "project_id", &[])),
    (
        "save_gripp2_draft",
        as_(Change, "gripp2", "project_id", &[]),
    ),
    (
        "save_gripp2",
        as_(Export, "gripp2", "project_id", &["format"]),
    ),
    ("choose_file", Logged::No),
    ("backups", Logged::No),
    ("take_backup", as_(AuditAction::Backup, "database", "", &[])),
    ("set_backup_folder", as_(Change, "settings", "", &[])),
    ("inspect_backup", as_(Read, "backup", "", &[])),
    ("restore_backup", as_(Restore, "database", "", &[])),
    ("export_database", as_(Export, "database", "", &[])),
    ("import_database", as_(Restore, "database", "", &[])),
    ("newest_backup", Logged::No),
    ("sign_in", Logged::Itself),
    ("shared_profile", Logged::No),
    ("save_shared_profile", Logged::No),
    ("test_connection", Logged::No),
    ("use_shared_database", Logged::No),
    ("move_local_to_shared", as_(Export, "database", "", &[])),
    ("use_local_database", Logged::No),
    ("people", as_(Read, "profile", "", &[])),
    ("add_person", as_(Create, "profile", "", &[])),
    ("edit_person", as_(Change, "profile", "id", &[])),
    ("remove_person", as_(Delete, "profile", "id", &[])),
    ("choose_profile", Logged::Itself),
    ("set_up_database", Logged::Itself),
    ("unlock", Logged::Itself),
    ("unlock_with_recovery", Logged::Itself),
    ("backup_profiles", Logged::No),
    ("restore_with_recovery", Logged::Itself),
    ("lock", Logged::No),
    (
        "change_passphrase",
        as_(Change, "profile", "input.profile_id", &[]),
    ),
    ("encrypt_database", as_(Change, "database", "", &[])),
    (
        "note_print",
        as_(AuditAction::Print, "screen", "id", &["screen"]),
    ),
    ("audit_log", as_(Read, "audit_log", "", &["filter"])),
    ("check_audit_log", as_(Read, "audit_log", "", &[])),
    (
        "export_audit_log",
        as_(Export, "audit_log", "", &["filter"]),
    ),
];

/// What `command` writes into the log (`None`: not in the table).
pub fn logged(command: &str) -> Option<Logged> {
    AUDITED.iter().find(|(c, _)| *c == command).map(|(_, l)| *l)
}

/// The value at `path` (`a.b`) of the arguments.
fn arg<'a>(args: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(args, |v, key| v.get(key))
}

/// The entry that calling `command` with `args` writes, if it writes one here.
pub fn event_of(
    store: &Store,
    command: &str,
    args: &serde_json::Value,
    now: DateTime<Utc>,
) -> Option<AuditEvent> {
    let Some(Logged::As {
        action,
        kind,
        record,
        detail,
    }) = logged(command)
    else {
        return None;
    };
    let record = (!record.is_empty())
        .then(|| arg(args, record))
        .flatten()
        .and_then(serde_json::Value::as_str)
        .and_then(|s| s.parse::<Id>().ok());
    let detail: serde_json::Map<String, serde_json::Value> = detail
        .iter()
        .filter_map(|name| arg(args, name).and_then(|v| said(v).map(|v| ((*name).to_owned(), v))))
        .collect();
    Some(AuditEvent {
        at: now,
        // As in the history: the signed-in profile or login (see `service::actor`).
        who: super::actor(store).unwrap_or_default(),
        action,
        kind: kind.to_owned(),
        record,
        detail: if detail.is_empty() {
            String::new()
        } else {
            serde_json::Value::Object(detail).to_string()
        },
    })
}

/// `v` without what says nothing (nulls, empty texts, lists and objects, at any depth), so
/// a search's entry shows the words and filters used, not every filter left empty; `None`
/// when nothing is left.
fn said(v: &serde_json::Value) -> Option<serde_json::Value> {
    use serde_json::Value;
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Array(items) => {
            let kept: Vec<Value> = items.iter().filter_map(said).collect();
            (!kept.is_empty()).then_some(Value::Array(kept))
        }
        Value::Object(fields) => {
            let kept: serde_json::Map<String, Value> = fields
                .iter()
                .filter_map(|(k, v)| said(v).map(|v| (k.clone(), v)))
                .collect();
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        other => Some(other.clone()),
    }
}

/// Writes the entry for calling `command` with `args`, before it runs. A failure stops
/// the command: nothing is done with personal data that the log does not show.
pub fn record(store: &Store, command: &str, args: &serde_json::Value) -> AppResult<()> {
    if let Some(event) = event_of(store, command, args, Utc::now()) {
        store.audit_append(event)?;
    }
    Ok(())
}

/// Writes an entry the service itself decides on (a sign-in, a backup by the timer).
pub fn note(
    store: &Store,
    who: &str,
    action: AuditAction,
    kind: &str,
    record: Option<Id>,
    detail: &str,
) -> AppResult<AuditEntry> {
    store.audit_append(AuditEvent {
        at: Utc::now(),
        who: who.to_owned(),
        action,
        kind: kind.to_owned(),
        record,
        detail: detail.to_owned(),
    })
}

/// The filters of the audit screen (all optional).
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[serde(default)]
pub struct AuditFilter {
    /// Who: the profile or login, as written in the entries.
    pub who: Option<String>,
    /// Which record (its id).
    pub record: Option<Id>,
    pub action: Option<AuditAction>,
    /// From and to this day (inclusive), `YYYY-MM-DD`.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    fn keeps(&self, e: &AuditEntry) -> bool {
        let day = e.event.at.date_naive();
        self.who.as_ref().is_none_or(|w| *w == e.event.who)
            && self.record.is_none_or(|r| e.event.record == Some(r))
            && self.action.is_none_or(|a| a == e.event.action)
            && self.from.is_none_or(|f| day >= f)
            && self.to.is_none_or(|t| day <= t)
    }
}

/// How many entries the screen shows at most (the newest).
pub const SHOWN: usize = 500;

/// The audit screen: the newest entries that pass the filter, how many pass, and who
/// appears in the log (for the filter's list).
#[derive(Debug, Clone, Serialize, TS)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    #[ts(type = "number")]
    pub total: u64,
    pub people: Vec<String>,
}

/// The entries of the log that read, in order.
pub(crate) fn readable(store: &Store) -> AppResult<Vec<AuditEntry>> {
    Ok(readable_and_not(store)?.0)
}

/// The entries of the log that read, and how many did not (a changed value of an
/// encrypted database), for a restore or a rewrite that takes the log over.
pub(crate) fn readable_and_not(store: &Store) -> AppResult<(Vec<AuditEntry>, usize)> {
    let mut unreadable = 0;
    let entries = store
        .audit_entries()?
        .into_iter()
        .filter_map(|(_, e)| {
            unreadable += usize::from(e.is_err());
            e.ok()
        })
        .collect();
    Ok((entries, unreadable))
}

/// The log as the screen shows it (newest first).
pub fn page(store: &Store, filter: &AuditFilter) -> AppResult<AuditPage> {
    store.require(Access::AuditLog)?;
    let all = readable(store)?;
    let mut people: Vec<String> = all.iter().map(|e| e.event.who.clone()).collect();
    people.sort();
    people.dedup();
    let kept: Vec<AuditEntry> = all.into_iter().rev().filter(|e| filter.keeps(e)).collect();
    Ok(AuditPage {
        total: kept.len() as u64,
        entries: kept.into_iter().take(SHOWN).collect(),
        people,
    })
}

/// *Kontrollér loggen*: how many entries there are and the first broken link, if any.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AuditCheck {
    #[ts(type = "number")]
    pub entries: u64,
    /// The first entry's number (entries before it went by the retention rule).
    #[ts(type = "number | null")]
    pub first: Option<u64>,
    pub broken: Option<BrokenLink>,
}

/// Checks the whole chain: an entry that does not read (changed in an encrypted database)
/// counts as changed.
pub fn check(store: &Store) -> AppResult<AuditCheck> {
    store.require(Access::AuditLog)?;
    let stored = store.audit_entries()?;
    let mut entries = Vec::with_capacity(stored.len());
    let mut broken = None;
    for (seq, e) in &stored {
        match e {
            Ok(e) => entries.push(e.clone()),
            Err(_) => {
                broken = Some(BrokenLink {
                    seq: *seq,
                    why: BreakKind::Changed,
                });
                break;
            }
        }
    }
    // A link broken before the unreadable entry is the first one. The embedded database
    // keeps the log's head apart: cuts at either end show too.
    let head = match store.sled() {
        Ok(sled) => match sled.audit_head() {
            Ok(head) => head,
            Err(_) => {
                broken = broken.or(Some(BrokenLink {
                    seq: 0,
                    why: BreakKind::Changed,
                }));
                None
            }
        },
        Err(_) => None,
    };
    let found = match &head {
        Some(head) => verify_anchored(&entries, head),
        None if store.is_shared() => verify(&entries),
        None => verify_anchored(&entries, &Default::default()),
    };
    if let Some(b) = found {
        if broken.as_ref().is_none_or(|x| b.seq < x.seq) {
            broken = Some(b);
        }
    }
    Ok(AuditCheck {
        entries: stored.len() as u64,
        first: stored.first().map(|(s, _)| *s),
        broken,
    })
}

/// The entries that pass `filter` as CSV (UTF-8 with BOM, semicolons, for Danish Excel),
/// oldest first, with each entry's number and hashes so the file can be checked too.
pub fn csv(store: &Store, filter: &AuditFilter) -> AppResult<Vec<u8>> {
    store.require(Access::AuditLog)?;
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        let row_err = |e: csv::Error| AppError::Storage(format!("csv: {e}"));
        w.write_record([
            "nr",
            "tidspunkt",
            "hvem",
            "handling",
            "slags",
            "post",
            "detaljer",
            "forrige",
            "hash",
        ])
        .map_err(row_err)?;
        for e in readable(store)?.iter().filter(|e| filter.keeps(e)) {
            w.write_record([
                e.seq.to_string(),
                e.event
                    .at
                    .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
                e.event.who.clone(),
                e.event.action.as_str().to_owned(),
                e.event.kind.clone(),
                e.event.record.map(|r| r.to_string()).unwrap_or_default(),
                e.event.detail.clone(),
                e.prev.clone(),
                e.hash.clone(),
            ])
            .map_err(row_err)?;
        }
        w.flush()
            .map_err(|e| AppError::io("write the audit log export", &e))?;
    }
    Ok(out)
}

/// Removes the entries older than the retention set in Indstillinger: on the embedded
/// database with each timer backup, on the shared one when an administrator signs in.
pub fn apply_retention(store: &Store, now: DateTime<Utc>) -> AppResult<u64> {
    let months = store.settings()?.audit_months;
    let Some(before) = now.checked_sub_months(chrono::Months::new(months)) else {
        return Ok(0);
    };
    store.audit_remove_before(before)
}

#[cfg(test)]
mod tests {
    use super::said;
    use serde_json::json;

    #[test]
    fn an_entry_keeps_the_filters_used_and_drops_the_empty_ones() {
        let q = json!({"q": {"text": "ventetid", "sources": [], "statuses": ["awaiting"],
            "from": null, "to": "", "theme": "", "overdue_only": false, "limit": 0,
            "nested": {"a": null, "b": []}}});
        assert_eq!(
            said(&q),
            Some(json!({"q": {"text": "ventetid", "statuses": ["awaiting"],
                "overdue_only": false, "limit": 0}}))
        );
        assert_eq!(said(&json!({"from": null, "sources": []})), None);
        assert_eq!(said(&json!(null)), None);
    }
}

//! People's rights over their data (GDPR, issue 12): erasure of a Peer-board member and of
//! a contributor's reference (and, on request, the text of their input), remembered in the
//! erasure list ([`Erasures`]) and applied again to any records restored or imported.
//!
//! An erasure changes the records in one transaction after the list is saved; a crash in
//! between leaves the list ahead of the records, and [`apply_erasures`] (run at every
//! start) finishes the job. Erased values also leave the disk: the embedded database is
//! then written anew (`Database::rewrite`), as sled keeps replaced values in its log until
//! it cleans a segment.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::board::members::check_version;
use crate::domain::erasure::{checked_reason, ErasedMember, Erasures, Redaction};
use crate::domain::error::{AppError, AppResult, FieldError, Rule};
use crate::domain::input::Input;
use crate::domain::keeping;
use crate::domain::member::Member;
use crate::domain::payout::without_erased_notes;
use crate::domain::roles::Access;
use crate::domain::Id;
use crate::store::{Records, Store, Table, Write};

/// A contributor's erasure as asked for: their reference, and whether (and why) the text
/// of their input is redacted too.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct ContributorErasure {
    pub reference: String,
    #[serde(default)]
    pub redact: bool,
    #[serde(default)]
    pub reason: String,
}

/// What a contributor's erasure did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ContributorErased {
    /// The inputs that had the reference.
    pub inputs: Vec<Id>,
    /// Of those, redacted.
    #[ts(type = "number")]
    pub redacted: usize,
}

/// Erases member `id`: name, initials, e-mail, phone and notes; the member is shown as
/// *Tidligere medlem N* from now on (attendance, counts and the board's feedback stay).
pub fn erase_member(
    store: &Store,
    id: Id,
    expected_version: u64,
    now: DateTime<Utc>,
) -> AppResult<Member> {
    store.require(Access::EditMembers)?;
    let current: Member = store.get(id)?;
    check_version(current.version, expected_version)?;
    let _settings = super::settings::changing();
    let mut settings = store.settings()?;
    let number = match settings.erasures.member(id) {
        Some(e) => e.number,
        None => {
            let number = settings.erasures.next_member_number();
            settings.erasures.members.push(ErasedMember {
                id,
                number,
                at: now,
            });
            store.save_settings(&settings)?;
            number
        }
    };
    let next = current.erased(number, now);
    let mut writes = erased_notes(store, &[id].into_iter().collect(), now)?;
    if next != current {
        writes.push(Write::record(&next)?);
    }
    if !writes.is_empty() {
        store.commit(&writes)?;
    }
    Ok(next)
}

/// Erases the contributor reference `input.reference` from every input that has it and,
/// with `redact`, replaces the text of those inputs with *[Fjernet efter anmodning:
/// reason]* (they can then not be quoted). `not_found.contributor` when no input has it.
pub fn erase_contributor(
    store: &Store,
    input: &ContributorErasure,
    now: DateTime<Utc>,
) -> AppResult<ContributorErased> {
    store.require(Access::CaptureInputs)?;
    let mut errors = Vec::new();
    let reference = input.reference.trim();
    if reference.is_empty() {
        errors.push(FieldError::new("reference", Rule::Required));
    }
    let reason = if input.redact {
        match checked_reason(&input.reason) {
            Ok(r) => Some(r),
            Err(AppError::Validation(mut fields)) => {
                errors.append(&mut fields);
                None
            }
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let ids = store.contributors_matching(reference)?;
    if ids.is_empty() {
        return Err(AppError::NotFound {
            entity: "contributor",
        });
    }
    let _settings = super::settings::changing();
    let mut settings = store.settings()?;
    for id in &ids {
        if !settings.erasures.contributors.contains(id) {
            settings.erasures.contributors.push(*id);
        }
        if let Some(reason) = &reason {
            settings.erasures.redactions.retain(|r| r.input_id != *id);
            settings.erasures.redactions.push(Redaction {
                input_id: *id,
                reason: reason.clone(),
                at: now,
            });
        }
    }
    store.save_settings(&settings)?;
    let inputs: Vec<Input> = store.get_many(&ids)?;
    let mut writes = Vec::new();
    // A saved GRIPP2 draft may quote a redacted text: the quote goes too.
    let mut quotes = QuoteScrub::default();
    for i in &inputs {
        let mut next = i.without_contributor(now);
        if let Some(reason) = &reason {
            next = next.redacted(reason, now);
            next.version = i.version + 1;
            quotes.scrub(store, i.project_id, &i.text, &next.text)?;
        }
        writes.push(Write::record(&next)?);
        writes.push(Write::text(Table::Contributors, i.id, ""));
    }
    writes.extend(quotes.writes());
    store.commit(&writes)?;
    Ok(ContributorErased {
        redacted: if reason.is_some() { inputs.len() } else { 0 },
        inputs: ids,
    })
}

/// A saved draft (JSON) with every quote of `old` — as a report quotes it, »old« — replaced
/// by »new«, inside its texts only (never in its keys, never a bare word of someone's own
/// prose). A draft that is not JSON is left as it is.
fn unquoted(draft: &str, old: &str, new: &str) -> String {
    fn walk(v: &mut serde_json::Value, from: &str, to: &str) {
        match v {
            serde_json::Value::String(s) if s.contains(from) => *s = s.replace(from, to),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, from, to)),
            serde_json::Value::Object(fields) => {
                fields.values_mut().for_each(|f| walk(f, from, to))
            }
            _ => {}
        }
    }
    let old = old.trim();
    if old.is_empty() || draft.is_empty() {
        return draft.to_owned();
    }
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(draft) else {
        return draft.to_owned();
    };
    let before = value.clone();
    walk(&mut value, &format!("»{old}«"), &format!("»{new}«"));
    if value == before {
        return draft.to_owned();
    }
    serde_json::to_string(&value).unwrap_or_else(|_| draft.to_owned())
}

/// The saved GRIPP2 drafts of the projects whose input is redacted or may no longer be
/// quoted: each read once, every quote of such input scrubbed ([`unquoted`]), and written
/// back only where that changed it.
#[derive(Default)]
struct QuoteScrub {
    /// Draft key → the draft as stored, and as scrubbed.
    drafts: std::collections::BTreeMap<String, (String, String)>,
}

impl QuoteScrub {
    /// Scrubs the quotes of `old` (an input of `project`) to `new`.
    fn scrub(&mut self, store: &Store, project: Id, old: &str, new: &str) -> AppResult<()> {
        let key = super::gripp2::draft_key(project);
        if !self.drafts.contains_key(&key) {
            let stored = store.draft(&key)?;
            self.drafts.insert(key.clone(), (stored.clone(), stored));
        }
        if let Some((_, text)) = self.drafts.get_mut(&key) {
            *text = unquoted(text, old, new);
        }
        Ok(())
    }

    /// The writes of the drafts that changed.
    fn writes(&self) -> impl Iterator<Item = Write> + '_ {
        self.drafts
            .iter()
            .filter(|(_, (stored, scrubbed))| scrubbed != stored)
            .map(|(key, (_, scrubbed))| Write::draft(key, scrubbed))
    }
}

/// Applies the erasure list to the live records: what a crash between saving the list
/// and changing the records left undone. How many records changed.
pub fn apply_erasures(store: &Store, now: DateTime<Utc>) -> AppResult<usize> {
    let erasures = store.settings()?.erasures;
    if erasures.is_empty() {
        return Ok(0);
    }
    let member_ids: Vec<Id> = erasures.members.iter().map(|m| m.id).collect();
    let mut members: Vec<Member> = store.get_many(&member_ids)?;
    let mut input_ids: Vec<Id> = erasures.contributors.clone();
    input_ids.extend(erasures.redactions.iter().map(|r| r.input_id));
    input_ids.sort_unstable();
    input_ids.dedup();
    let mut inputs: Vec<Input> = store.get_many(&input_ids)?;
    let before: (Vec<Member>, Vec<Input>) = (members.clone(), inputs.clone());
    let changed = erasures.apply(&mut members, &mut inputs, now);
    let mut writes = erased_notes(store, &member_ids.iter().copied().collect(), now)?;
    for (m, old) in members.iter().zip(&before.0) {
        if m != old {
            writes.push(Write::record(m)?);
        }
    }
    let mut quotes = QuoteScrub::default();
    for (i, old) in inputs.iter().zip(&before.1) {
        if i != old {
            writes.push(Write::record(i)?);
        }
        if i.text != old.text {
            quotes.scrub(store, i.project_id, &old.text, &i.text)?;
        }
        // The reference goes in the same commit as the flag that says it is kept (so an
        // input whose flag is down has none left to look up).
        if old.has_contributor && !i.has_contributor {
            writes.push(Write::text(Table::Contributors, i.id, ""));
        }
    }
    writes.extend(quotes.writes());
    if !writes.is_empty() {
        store.commit(&writes)?;
    }
    Ok(changed)
}

/// Applies `erasures` — with the list the records carry themselves — to records about to
/// be restored or imported, and leaves the merged list in their settings: a backup taken
/// before an erasure brings back nothing that was erased.
pub fn apply_to_records(erasures: &Erasures, records: &mut Records, now: DateTime<Utc>) {
    let own = records
        .settings
        .as_ref()
        .map(|s| s.erasures.clone())
        .unwrap_or_default();
    let all = erasures.merged(&own);
    if all.is_empty() {
        return;
    }
    let before: std::collections::HashMap<Id, String> = records
        .inputs
        .iter()
        .filter(|i| all.redaction(i.id).is_some())
        .map(|i| (i.id, i.text.clone()))
        .collect();
    all.apply(&mut records.members, &mut records.inputs, now);
    let erased: std::collections::HashSet<Id> = all.members.iter().map(|m| m.id).collect();
    let (claims, lists) =
        without_erased_notes(&records.claims, &records.payout_lists, &erased, now);
    for c in claims {
        if let Some(old) = records.claims.iter_mut().find(|x| x.id == c.id) {
            *old = c;
        }
    }
    for l in lists {
        if let Some(old) = records.payout_lists.iter_mut().find(|x| x.id == l.id) {
            *old = l;
        }
    }
    // A draft saved then (a GRIPP2 draft) may quote what is redacted now.
    for i in &records.inputs {
        if let Some(old) = before.get(&i.id).filter(|old| **old != i.text) {
            for d in &mut records.drafts {
                d.text = unquoted(&d.text, old, &i.text);
            }
        }
    }
    records
        .contributors
        .retain(|c| !all.contributors.contains(&c.input_id));
    let mut settings = records.settings.clone().unwrap_or_default();
    settings.erasures = all;
    records.settings = Some(settings);
}

/// The writes that remove the notes of these erased members' claims and payout lines.
fn erased_notes(
    store: &Store,
    erased: &std::collections::HashSet<Id>,
    now: DateTime<Utc>,
) -> AppResult<Vec<Write>> {
    if erased.is_empty() {
        return Ok(Vec::new());
    }
    // From what the store keeps decoded: this runs at every start once anyone was erased.
    let claims = store.claims()?;
    let lists = store.payout_lists()?;
    let (claims, lists) = without_erased_notes(
        claims.iter().map(|c| c.as_ref()),
        lists.iter().map(|l| l.as_ref()),
        erased,
        now,
    );
    let mut writes = Vec::new();
    for c in &claims {
        writes.push(Write::record(c)?);
    }
    for l in &lists {
        writes.push(Write::record(l)?);
    }
    Ok(writes)
}

/// What a quote becomes in a saved GRIPP2 draft once consent is withdrawn.
pub const WITHDRAWN_QUOTE: &str = "[Citatet er trukket tilbage]";

/// A report saved earlier that quoted an input (from the audit log).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SavedReport {
    pub at: DateTime<Utc>,
    /// `we_asked`, `gripp2` or `year_report`.
    pub report: String,
    pub path: String,
}

/// What withdrawing consent to quote did, and the reports saved before that quoted the
/// input (`None` when this person may not read the audit log).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ConsentWithdrawn {
    pub input: Input,
    pub earlier: Option<Vec<SavedReport>>,
}

/// The detail of a "quotes" entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct QuotesNote {
    report: String,
    path: String,
    quoted: Vec<Id>,
}

/// After a report was saved to `path`: which of the `candidates` (inputs that may be
/// quoted, with their text) the saved `document` quotes, written to the audit log, so that
/// withdrawing consent later can name the reports to recall. Nothing when none is quoted.
pub fn note_quotes<'a>(
    store: &Store,
    report: &str,
    path: &std::path::Path,
    document: &str,
    candidates: impl IntoIterator<Item = (Id, &'a str)>,
) -> AppResult<()> {
    let quoted: Vec<Id> = candidates
        .into_iter()
        .filter(|(_, text)| {
            let t = text.trim();
            !t.is_empty()
                && (document.contains(t)
                    || document.contains(&super::board::compiled::escape_html(t)))
        })
        .map(|(id, _)| id)
        .collect();
    if quoted.is_empty() {
        return Ok(());
    }
    let detail = serde_json::to_string(&QuotesNote {
        report: report.to_owned(),
        path: path.display().to_string(),
        quoted,
    })
    .map_err(|e| AppError::Storage(format!("the audit entry: {e}")))?;
    super::audit::note(
        store,
        &super::actor(store).unwrap_or_default(),
        crate::domain::audit::AuditAction::Export,
        "quotes",
        None,
        &detail,
    )?;
    Ok(())
}

/// The reports saved earlier that quoted input `id` (from the audit log); `None` when this
/// person may not read the log.
pub fn reports_quoting(store: &Store, id: Id) -> AppResult<Option<Vec<SavedReport>>> {
    if store.require(Access::AuditLog).is_err() {
        return Ok(None);
    }
    Ok(Some(
        super::audit::readable(store)?
            .into_iter()
            .filter(|e| e.event.kind == "quotes")
            .filter_map(|e| {
                let note: QuotesNote = serde_json::from_str(&e.event.detail).ok()?;
                note.quoted.contains(&id).then_some(SavedReport {
                    at: e.event.at,
                    report: note.report,
                    path: note.path,
                })
            })
            .collect(),
    ))
}

/// Withdraws the consent to quote input `id`: from now on no report or export quotes it,
/// and a saved GRIPP2 draft's quote of it goes. Says which reports saved before quoted it,
/// so the unit can recall them.
pub fn withdraw_consent(
    store: &Store,
    id: Id,
    expected_version: u64,
    now: DateTime<Utc>,
) -> AppResult<ConsentWithdrawn> {
    store.require(Access::CaptureInputs)?;
    let current: Input = store.get(id)?;
    check_version(current.version, expected_version)?;
    let mut next = current.clone();
    if current.may_quote {
        next = current.next_version(now);
        next.may_quote = false;
        let mut writes = vec![Write::record(&next)?];
        let mut quotes = QuoteScrub::default();
        quotes.scrub(store, current.project_id, &current.text, WITHDRAWN_QUOTE)?;
        writes.extend(quotes.writes());
        store.commit(&writes)?;
    }
    Ok(ConsentWithdrawn {
        input: next,
        earlier: reports_quoting(store, id)?,
    })
}

/// Where the retention job keeps what will go soon (*Det her slettes snart* on Oversigt).
const SOON_KEY: &str = "retention:soon";

/// What the retention job erased on one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct RetentionRun {
    #[ts(type = "number")]
    pub contributors: usize,
    #[ts(type = "number")]
    pub texts: usize,
    #[ts(type = "number")]
    pub members: usize,
}

impl RetentionRun {
    pub fn erased_any(&self) -> bool {
        self.contributors + self.texts + self.members > 0
    }
}

/// The facts the retention rules look at: the closed projects and the day each closed,
/// their input, and the members.
fn retention_facts(store: &Store) -> AppResult<(Vec<keeping::Closed>, Vec<Input>, Vec<Member>)> {
    let closed_projects: Vec<Id> = store
        .all::<crate::domain::project::Project>()?
        .into_iter()
        .filter(|p| p.phase == crate::domain::project::Phase::Closed)
        .map(|p| p.id)
        .collect();
    let timelines = store.phase_timelines(&closed_projects)?;
    let closed: Vec<keeping::Closed> = closed_projects
        .iter()
        .filter_map(|id| {
            let on = timelines
                .get(id)?
                .iter()
                .rev()
                .find(|c| c.to == crate::domain::project::Phase::Closed)?
                .at
                .date_naive();
            Some(keeping::Closed { id: *id, on })
        })
        .collect();
    let mut ids = Vec::new();
    for c in &closed {
        let found = store.search_inputs(
            &crate::domain::input::InputQuery {
                project_id: Some(c.id),
                limit: u32::MAX,
                ..Default::default()
            },
            chrono::NaiveDate::MIN,
            u32::MAX,
        )?;
        ids.extend(
            found
                .entries
                .iter()
                .filter(|e| e.source != crate::domain::input::InputSource::Board)
                .map(|e| e.id),
        );
    }
    Ok((closed, store.get_many(&ids)?, store.all::<Member>()?))
}

/// Everything the retention rules will erase, with its day (see `domain::keeping`).
pub fn retention_due(store: &Store) -> AppResult<Vec<keeping::Due>> {
    let settings = store.settings()?;
    let (closed, inputs, members) = retention_facts(store)?;
    Ok(keeping::due(
        &settings.retention,
        &closed,
        &inputs
            .iter()
            .map(|i| keeping::InputFacts {
                id: i.id,
                project: i.project_id,
                has_contributor: i.has_contributor,
                // From the text itself: a list saved ahead of its records is not yet done.
                redacted: i.text.starts_with(crate::domain::erasure::REDACTED_PREFIX),
            })
            .collect::<Vec<_>>(),
        &members
            .iter()
            .map(|m| keeping::MemberFacts {
                id: m.id,
                left: m.left,
                has_contact: !m.email.is_empty() || !m.phone.is_empty(),
            })
            .collect::<Vec<_>>(),
    ))
}

/// The retention job (at start and daily): erases what the rules name as due on `today`,
/// keeps the erasures in the erasure list (so an older backup brings none of it back),
/// and saves what will go in the next 14 days for Oversigt.
pub fn apply_retention_rules(
    store: &Store,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<RetentionRun> {
    // What an erasure cut short first: the rules then see the records as they should be.
    apply_erasures(store, now)?;
    let _settings = super::settings::changing();
    let all = retention_due(store)?;
    let due = keeping::due_by(&all, today);
    let mut run = RetentionRun::default();
    if !due.is_empty() {
        let mut settings = store.settings()?;
        let mut writes = Vec::new();
        let mut inputs: std::collections::HashMap<Id, Input> = store
            .get_many::<Input>(
                &due.iter()
                    .filter(|d| d.kind != keeping::DueKind::MemberContact)
                    .map(|d| d.record)
                    .collect::<Vec<_>>(),
            )?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let mut changed_inputs = std::collections::BTreeSet::new();
        let mut quotes = QuoteScrub::default();
        for d in &due {
            match d.kind {
                keeping::DueKind::ContributorReference => {
                    if let Some(i) = inputs.get_mut(&d.record) {
                        i.has_contributor = false;
                        changed_inputs.insert(i.id);
                        writes.push(Write::text(Table::Contributors, i.id, ""));
                        if !settings.erasures.contributors.contains(&i.id) {
                            settings.erasures.contributors.push(i.id);
                        }
                        run.contributors += 1;
                    }
                }
                keeping::DueKind::InputText => {
                    if let Some(i) = inputs.get_mut(&d.record) {
                        let marker =
                            crate::domain::erasure::redacted_text(keeping::RETENTION_REASON);
                        quotes.scrub(store, i.project_id, &i.text, &marker)?;
                        i.text = marker;
                        i.may_quote = false;
                        changed_inputs.insert(i.id);
                        settings.erasures.redactions.push(Redaction {
                            input_id: i.id,
                            reason: keeping::RETENTION_REASON.to_owned(),
                            at: now,
                        });
                        run.texts += 1;
                    }
                }
                keeping::DueKind::MemberContact => {
                    let m: Member = store.get(d.record)?;
                    let mut next = m.next_version(now);
                    next.email.clear();
                    next.phone.clear();
                    writes.push(Write::record(&next)?);
                    run.members += 1;
                }
            }
        }
        // One new version for whatever changed in each input.
        for id in changed_inputs {
            if let Some(i) = inputs.get(&id) {
                writes.push(Write::record(&i.next_version(now))?);
            }
        }
        writes.extend(quotes.writes());
        store.save_settings(&settings)?;
        store.commit(&writes)?;
    }
    // Nothing soon is no draft at all (a database with nothing to erase stays unchanged).
    let soon = keeping::soon(&all, today);
    let soon = if soon.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&soon)
            .map_err(|e| AppError::Storage(format!("the retention preview: {e}")))?
    };
    if store.draft(SOON_KEY)? != soon {
        store.commit(&[Write::draft(SOON_KEY, &soon)])?;
    }
    Ok(run)
}

/// What the retention job said will go in the next 14 days (its last run).
pub fn retention_soon(store: &Store) -> AppResult<Vec<keeping::Due>> {
    let text = store.draft(SOON_KEY)?;
    // One that does not read is as none: the next run writes it again.
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::unquoted;

    #[test]
    fn only_the_quote_goes_never_a_key_or_the_same_words_elsewhere() {
        let draft = r#"{"aim":"ok, vi spurgte","results":"Svar: »ok« og »aim«","n":3}"#;
        let after = unquoted(draft, " ok ", "[Citatet er trukket tilbage]");
        let v: serde_json::Value = serde_json::from_str(&after).expect("still JSON");
        assert_eq!(v["aim"], "ok, vi spurgte", "the person's own words stay");
        assert_eq!(
            v["results"],
            "Svar: »[Citatet er trukket tilbage]« og »aim«"
        );
        assert_eq!(v["n"], 3);
        assert!(unquoted(draft, "aim", "x").contains("\"aim\""), "keys stay");
        assert_eq!(unquoted("ikke JSON »ok«", "ok", "x"), "ikke JSON »ok«");
        assert_eq!(unquoted("", "ok", "x"), "");
    }
}

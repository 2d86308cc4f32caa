//! Honoraria and expenses: the rates, members' claims, payout drafts made from attendance
//! and claims, payout lists (approved, sent and locked), their export for the payroll
//! office, and each member's year totals. The rules are in `domain::payout`.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::board::compiled::escape_html;
use super::export::{write_csv, write_xlsx, Sheet, SheetFormat};
use crate::domain::error::{AppError, AppResult};
use crate::domain::member::{Honoraria, Member};
use crate::domain::payout::{
    self, checked_period, checked_rates, km_text, kroner, Claim, ClaimInput, DraftInput, LineKind,
    PayoutLine, PayoutList, PayoutStatus, RateInput, RatePeriod, Totals,
};
use crate::domain::text::{checked_year, danish_sort_key};
use crate::domain::{new_id, Id};
use crate::store::{Store, Write};

/// The rates as they are saved.
pub fn rates(store: &Store) -> AppResult<Vec<RatePeriod>> {
    Ok(store.settings()?.rates)
}

/// Saves the rate periods (all of them, as the form shows them). A list already approved
/// keeps the rates it was made with.
pub fn save_rates(store: &Store, input: &[RateInput]) -> AppResult<Vec<RatePeriod>> {
    let rates = checked_rates(input)?;
    let _settings = super::settings::changing();
    let mut settings = store.settings()?;
    settings.rates = rates.clone();
    store.save_settings(&settings)?;
    Ok(rates)
}

/// A claim with its member's name, as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ClaimView {
    pub claim: Claim,
    pub member: String,
    /// What it pays now (0 for a withdrawn claim, a workshop without a rate, or one by a
    /// member who declines honoraria); only for those who may see payouts (a peer
    /// consultant registers claims but sees no one's payouts).
    #[ts(type = "number | null")]
    pub amount: Option<i64>,
}

fn member_of(store: &Store, id: Id) -> AppResult<Member> {
    super::chosen("member_id", store.get::<Member>(id))
}

pub fn add_claim(store: &Store, input: &ClaimInput, now: DateTime<Utc>) -> AppResult<Claim> {
    let fields = input.validate(super::local_day(now))?;
    member_of(store, fields.member_id)?;
    let claim = Claim::new(new_id(), fields, super::actor(store)?, now);
    store.commit(&[Write::record(&claim)?])?;
    Ok(claim)
}

/// Changes a claim. One already paid gets a correction line in the next list.
pub fn edit_claim(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &ClaimInput,
    now: DateTime<Utc>,
) -> AppResult<Claim> {
    let fields = input.validate(super::local_day(now))?;
    member_of(store, fields.member_id)?;
    let claim = super::current::<Claim>(store, id, expected_version)?;
    let mut next = claim.next_version(now);
    next.member_id = fields.member_id;
    next.date = fields.date;
    next.kind = fields.kind;
    next.km_tenths = fields.km_tenths;
    next.amount = fields.amount;
    next.note = fields.note;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Withdraws a claim (or takes it back again). One already paid is paid back by a
/// correction line in the next list.
pub fn set_claim_withdrawn(
    store: &Store,
    id: Id,
    expected_version: u64,
    withdrawn: bool,
    now: DateTime<Utc>,
) -> AppResult<Claim> {
    let claim = super::current::<Claim>(store, id, expected_version)?;
    let mut next = claim.next_version(now);
    next.withdrawn = withdrawn;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Who accepts honoraria, and every member's name and initials.
struct Members {
    /// Who accepts honoraria, from which day (`None`: all along).
    accepting: HashMap<Id, Option<NaiveDate>>,
    names: HashMap<Id, (String, String)>,
}

fn members(store: &Store) -> AppResult<Members> {
    let all: Vec<Member> = store.all()?;
    Ok(Members {
        accepting: all
            .iter()
            .filter(|m| m.honoraria == Honoraria::Accepted)
            .map(|m| (m.id, m.honoraria_since))
            .collect(),
        names: all
            .into_iter()
            .map(|m| (m.id, (m.name, m.initials)))
            .collect(),
    })
}

impl Members {
    fn name(&self, id: Id) -> String {
        self.names
            .get(&id)
            .map(|(n, _)| n.clone())
            .unwrap_or_default()
    }
    fn initials(&self, id: Id) -> String {
        self.names
            .get(&id)
            .map(|(_, i)| i.clone())
            .unwrap_or_default()
    }
}

/// The claims dated in `[from, to]`, newest first, with what each pays now.
pub fn claims(store: &Store, from: &str, to: &str) -> AppResult<Vec<ClaimView>> {
    let (from, to) = checked_period(from, to)?;
    let rates = store.settings()?.rates;
    let members = members(store)?;
    let payouts = store.may(crate::domain::roles::Access::Payouts);
    let mut out: Vec<ClaimView> = store
        .claims()?
        .iter()
        .filter(|c| c.date >= from && c.date <= to)
        .map(|c| {
            let c = c.as_ref().clone();
            let amount = payouts.then(|| c.amount_now(&rates, &members.accepting));
            ClaimView {
                member: members.name(c.member_id),
                amount,
                claim: c,
            }
        })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse((c.claim.date, c.claim.id)));
    Ok(out)
}

/// One member's part of a list or draft.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberPart {
    pub member_id: Id,
    pub member: String,
    pub initials: String,
    pub lines: Vec<PayoutLine>,
    pub totals: Totals,
}

/// What a list for a period would hold now, before it is approved.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PayoutDraft {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub members: Vec<MemberPart>,
    pub totals: Totals,
    /// What the draft holds, summed up: approval checks that it did not change since.
    pub stamp: String,
    /// A list (not withdrawn) whose period shares a day with this one: no list can be
    /// made for it.
    pub overlaps: Option<Id>,
    /// Whether any rate is saved at all.
    pub has_rates: bool,
}

fn parts(lines: &[PayoutLine], members: &Members) -> (Vec<MemberPart>, Totals) {
    let mut by: HashMap<Id, Vec<PayoutLine>> = HashMap::new();
    let mut totals = Totals::default();
    for l in lines {
        totals.add(l);
        by.entry(l.member_id).or_default().push(l.clone());
    }
    let mut parts: Vec<MemberPart> = by
        .into_iter()
        .map(|(member_id, lines)| {
            let mut t = Totals::default();
            for l in &lines {
                t.add(l);
            }
            MemberPart {
                member_id,
                member: members.name(member_id),
                initials: members.initials(member_id),
                lines,
                totals: t,
            }
        })
        .collect();
    parts.sort_by(|a, b| {
        (danish_sort_key(&a.member), a.member_id).cmp(&(danish_sort_key(&b.member), b.member_id))
    });
    (parts, totals)
}

/// The ledger of `lists`: the one kept from the last draft while the lists are the same
/// (ids and versions; ids are unique to a database, so a kept ledger never answers for
/// another), else made anew and kept.
fn ledger(lists: &[Arc<PayoutList>]) -> Arc<payout::Ledger> {
    static KEPT: std::sync::Mutex<Option<Arc<payout::Ledger>>> = std::sync::Mutex::new(None);
    let key = payout::Ledger::key_of(lists);
    let mut kept = KEPT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match kept.as_ref() {
        Some(l) if l.made_from == key => l.clone(),
        _ => {
            let l = Arc::new(payout::Ledger::of(lists));
            *kept = Some(l.clone());
            l
        }
    }
}

/// A draft's lines and what they were made from.
struct Drafted {
    lines: Vec<PayoutLine>,
    lists: Vec<Arc<PayoutList>>,
    members: Members,
    has_rates: bool,
}

/// The lines of a draft for `[from, to]` and what they were made from.
fn draft_lines(store: &Store, from: NaiveDate, to: NaiveDate) -> AppResult<Drafted> {
    let rates = store.settings()?.rates;
    let meetings = store.held_attendance(to)?;
    let claims = store.claims()?;
    let lists = store.payout_lists()?;
    let ledger = ledger(&lists);
    let members = members(store)?;
    let lines = payout::draft(
        &DraftInput {
            meetings: &meetings,
            claims: &claims,
            accepting: &members.accepting,
            rates: &rates,
            ledger: &ledger,
        },
        from,
        to,
    );
    Ok(Drafted {
        lines,
        lists,
        members,
        has_rates: !rates.is_empty(),
    })
}

/// The draft of a payout list for the period `from`–`to` (`YYYY-MM-DD`).
pub fn draft(store: &Store, from: &str, to: &str) -> AppResult<PayoutDraft> {
    let (from, to) = checked_period(from, to)?;
    let Drafted {
        lines,
        lists,
        members,
        has_rates,
    } = draft_lines(store, from, to)?;
    let (members, totals) = parts(&lines, &members);
    Ok(PayoutDraft {
        from,
        to,
        members,
        totals,
        stamp: payout::fingerprint(&lines),
        overlaps: lists
            .iter()
            .find(|l| l.counts() && l.overlaps(from, to))
            .map(|l| l.id),
        has_rates,
    })
}

/// One approval (or withdrawal) at a time in this program: a draft is approved as the
/// lists were when it was made. On PostgreSQL, approvals from every PC take turns too
/// (`Store::commit_payout_list`), and an exclusion constraint (migration V9) keeps two
/// counting lists from sharing a day.
fn approving() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Approves the draft for `from`–`to` as a payout list, if it is still what the person
/// saw (`stamp`; `payout_changed` otherwise). A period that shares a day with another list
/// is refused (`payout_overlap`), and so is an empty draft (`payout_empty`).
pub fn approve(
    store: &Store,
    from: &str,
    to: &str,
    seen: &str,
    now: DateTime<Utc>,
) -> AppResult<PayoutList> {
    let (from, to) = checked_period(from, to)?;
    let _one = approving();
    let Drafted { lines, lists, .. } = draft_lines(store, from, to)?;
    if lists.iter().any(|l| l.counts() && l.overlaps(from, to)) {
        return Err(AppError::NotAllowed {
            rule: "payout_overlap",
        });
    }
    if lines.is_empty() {
        return Err(AppError::NotAllowed {
            rule: "payout_empty",
        });
    }
    if payout::fingerprint(&lines) != seen {
        return Err(AppError::NotAllowed {
            rule: "payout_changed",
        });
    }
    let list = PayoutList {
        id: new_id(),
        version: 1,
        from,
        to,
        status: PayoutStatus::Approved,
        lines,
        approved_by: super::actor(store)?,
        approved_at: now,
        sent_by: String::new(),
        sent_at: None,
        created_at: now,
        updated_at: now,
    };
    let seen: Vec<(Id, u64)> = lists.iter().map(|l| (l.id, l.version)).collect();
    store.commit_payout_list(&[Write::record(&list)?], &seen)?;
    Ok(list)
}

/// An approved list at `expected_version`: a sent one is locked, a withdrawn one done.
fn current_list(store: &Store, id: Id, expected_version: u64) -> AppResult<PayoutList> {
    let list: PayoutList = super::current(store, id, expected_version)?;
    match list.status {
        PayoutStatus::Approved => Ok(list),
        PayoutStatus::Sent => Err(AppError::NotAllowed {
            rule: "payout_locked",
        }),
        PayoutStatus::Withdrawn => Err(AppError::NotAllowed {
            rule: "payout_withdrawn",
        }),
    }
}

/// Marks an approved list as sent to the payroll office: locked from now on.
pub fn mark_sent(
    store: &Store,
    id: Id,
    expected_version: u64,
    now: DateTime<Utc>,
) -> AppResult<PayoutList> {
    let list = current_list(store, id, expected_version)?;
    let mut next = list.next_version(now);
    next.status = PayoutStatus::Sent;
    next.sent_by = super::actor(store)?;
    next.sent_at = Some(now);
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Withdraws an approved list that was not sent: its lines come back in the next draft.
pub fn withdraw(
    store: &Store,
    id: Id,
    expected_version: u64,
    now: DateTime<Utc>,
) -> AppResult<PayoutList> {
    // Not while a list is being approved: its draft counted this one as paid.
    let _one = approving();
    let list = current_list(store, id, expected_version)?;
    let mut next = list.next_version(now);
    next.status = PayoutStatus::Withdrawn;
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// A list as the list of lists shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ListSummary {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub status: PayoutStatus,
    pub members: usize,
    #[ts(type = "number")]
    pub total: i64,
    pub approved_by: String,
    pub approved_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl ListSummary {
    fn of(l: &PayoutList) -> ListSummary {
        ListSummary {
            id: l.id,
            version: l.version,
            from: l.from,
            to: l.to,
            status: l.status,
            members: l
                .lines
                .iter()
                .map(|x| x.member_id)
                .collect::<HashSet<_>>()
                .len(),
            total: l.total(),
            approved_by: l.approved_by.clone(),
            approved_at: l.approved_at,
            sent_at: l.sent_at,
        }
    }
}

/// Every payout list, latest period first.
pub fn lists(store: &Store) -> AppResult<Vec<ListSummary>> {
    let mut out: Vec<ListSummary> = store
        .payout_lists()?
        .iter()
        .map(|l| ListSummary::of(l))
        .collect();
    out.sort_by_key(|l| std::cmp::Reverse((l.from, l.id)));
    Ok(out)
}

/// A list with its lines by member.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ListView {
    pub list: ListSummary,
    pub members: Vec<MemberPart>,
    pub totals: Totals,
}

pub fn list(store: &Store, id: Id) -> AppResult<ListView> {
    let l = store
        .payout_lists()?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or(AppError::NotFound {
            entity: "payout_list",
        })?;
    let members = members(store)?;
    let (parts, totals) = parts(&l.lines, &members);
    Ok(ListView {
        list: ListSummary::of(&l),
        members: parts,
        totals,
    })
}

fn day(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// The Danish name of a line's kind.
pub fn kind_name(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Meeting => "Møde i Peer-boardet",
        LineKind::Workshop => "Workshop",
        LineKind::Teaching => "Undervisning",
        LineKind::Km => "Kørsel",
        LineKind::Ticket => "Billet",
    }
}

/// The list as a table for the payroll office: a row per line, a total row per member,
/// a grand total. No CPR number: Samskab does not hold one.
pub fn sheet(store: &Store, id: Id) -> AppResult<Sheet> {
    Ok(sheet_of(&list(store, id)?))
}

fn sheet_of(view: &ListView) -> Sheet {
    let mut rows = Vec::new();
    for part in &view.members {
        for line in &part.lines {
            let quantity = match line.kind {
                LineKind::Km => format!("{} km", km_text(line.quantity)),
                _ => line.quantity.to_string(),
            };
            rows.push(vec![
                part.member.clone(),
                part.initials.clone(),
                day(line.date),
                kind_name(line.kind).to_owned(),
                if line.correction { "ja" } else { "" }.to_owned(),
                line.note.clone(),
                quantity,
                kroner(line.unit),
                kroner(line.amount),
            ]);
        }
        rows.push(vec![
            format!("I alt {}", part.member),
            part.initials.clone(),
            String::new(),
            format!(
                "Honorar {} · godtgørelse {}",
                kroner(part.totals.honoraria),
                kroner(part.totals.reimbursements)
            ),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            kroner(part.totals.total),
        ]);
    }
    rows.push(vec![
        "I alt".into(),
        String::new(),
        format!("{} – {}", day(view.list.from), day(view.list.to)),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        kroner(view.totals.total),
    ]);
    Sheet {
        name: "Udbetaling",
        headers: vec![
            "medlem",
            "initialer",
            "dato",
            "art",
            "rettelse",
            "note",
            "antal",
            "sats (kr)",
            "beløb (kr)",
        ],
        rows,
    }
}

/// Saves a list as CSV or XLSX to a file chosen in the dialog.
pub fn save(store: &Store, id: Id, format: SheetFormat, path: &Path) -> AppResult<()> {
    let view = list(store, id)?;
    // A withdrawn list is not sent anywhere: its lines come back in the next draft.
    if view.list.status == PayoutStatus::Withdrawn {
        return Err(AppError::NotAllowed {
            rule: "payout_withdrawn",
        });
    }
    let sheet = sheet_of(&view);
    match format {
        SheetFormat::Csv => write_csv(&sheet, path),
        SheetFormat::Xlsx => write_xlsx(&sheet, path),
    }
}

/// One member's year: what the sent lists paid.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberYear {
    pub member_id: Id,
    pub member: String,
    pub initials: String,
    pub totals: Totals,
    /// Meetings, workshops and teaching sessions paid for (on balance, over the year).
    pub sessions: usize,
    /// Kilometres paid for, in tenths (each trip as last corrected).
    #[ts(type = "number")]
    pub km_tenths: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct YearTotals {
    pub year: i32,
    pub members: Vec<MemberYear>,
    pub totals: Totals,
    /// Lists of the year approved but not yet sent (not in the totals).
    pub unsent: usize,
}

/// Each member's totals for `year`: the lists sent whose period ends in it.
pub fn year_totals(store: &Store, year: i32) -> AppResult<YearTotals> {
    let year = checked_year("year", year)?;
    let lists = store.payout_lists()?;
    let members = members(store)?;
    let mut by: HashMap<Id, MemberYear> = HashMap::new();
    let mut totals = Totals::default();
    // Per item, what the year's lists paid in all and its latest line (a correction carries
    // the item as it was corrected: a trip's length, say).
    let mut items: rustc_hash::FxHashMap<payout::ItemKey, (i64, &PayoutLine)> =
        rustc_hash::FxHashMap::default();
    for l in payout::sent_in_year(&lists, year) {
        for line in &l.lines {
            totals.add(line);
            by.entry(line.member_id)
                .or_insert_with(|| MemberYear {
                    member_id: line.member_id,
                    member: members.name(line.member_id),
                    initials: members.initials(line.member_id),
                    totals: Totals::default(),
                    sessions: 0,
                    km_tenths: 0,
                })
                .totals
                .add(line);
            let item = items.entry(line.key()).or_insert((0, line));
            item.0 += line.amount;
            item.1 = line;
        }
    }
    // Sessions and kilometres count the items paid for on balance: one paid and later paid
    // back counts for nothing, one registered late counts like any other.
    for (_, latest) in items.values().filter(|(sum, _)| *sum > 0) {
        if let Some(m) = by.get_mut(&latest.member_id) {
            if latest.kind.is_honorarium() {
                m.sessions += 1;
            }
            if latest.kind == LineKind::Km {
                m.km_tenths += latest.quantity;
            }
        }
    }
    let mut out: Vec<MemberYear> = by.into_values().collect();
    out.sort_by(|a, b| {
        (danish_sort_key(&a.member), a.member_id).cmp(&(danish_sort_key(&b.member), b.member_id))
    });
    Ok(YearTotals {
        year,
        members: out,
        totals,
        unsent: lists
            .iter()
            .filter(|l| l.status == PayoutStatus::Approved && chrono::Datelike::year(&l.to) == year)
            .count(),
    })
}

/// A member's year statement (or every member's, one page each) as a printable page.
pub fn year_html(t: &YearTotals, member: Option<Id>) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\">\
         <title>Årsopgørelse</title><style>body{font-family:sans-serif;margin:2em}\
         table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px}\
         td.n{text-align:right}section{page-break-after:always}</style></head><body>",
    );
    for m in t
        .members
        .iter()
        .filter(|m| member.is_none_or(|id| id == m.member_id))
    {
        html.push_str(&format!(
            "<section><h1>Honorar og godtgørelse {}</h1><p>{} ({})</p><table>\
             <tr><th>Honorar (skattepligtigt)</th><td class=\"n\">{} kr</td></tr>\
             <tr><th>Godtgørelse (kørsel og billetter)</th><td class=\"n\">{} kr</td></tr>\
             <tr><th>I alt udbetalt</th><td class=\"n\">{} kr</td></tr>\
             <tr><th>Møder, workshops og undervisning</th><td class=\"n\">{}</td></tr>\
             <tr><th>Kørte kilometer</th><td class=\"n\">{}</td></tr></table>\
             <p>Udbetalinger sendt til lønkontoret for perioder, der slutter i {}.</p></section>",
            t.year,
            escape_html(&m.member),
            escape_html(&m.initials),
            kroner(m.totals.honoraria),
            kroner(m.totals.reimbursements),
            kroner(m.totals.total),
            m.sessions,
            km_text(m.km_tenths),
            t.year,
        ));
    }
    html.push_str("</body></html>");
    html
}

/// A period asked for by the window, as the draft and claims take it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
pub struct Period {
    pub from: String,
    pub to: String,
}

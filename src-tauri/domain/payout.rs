//! Honoraria and expenses for the Peer-board: rates with the date they apply from, claims
//! (kilometres, tickets, workshops, teaching) and payout lists for the payroll office.
//!
//! Every amount is whole øre (`i64`), never floating point. The one rounding is of a
//! kilometre claim: tenths of a kilometre times the rate per kilometre, rounded to the
//! nearest øre, a half øre up (as the payroll office rounds a trip); totals are sums of
//! rounded lines, so a list adds up line by line.
//!
//! A payout list is made from a draft ([`draft`]): what is due for every item dated up to
//! the period's end, less what lists already hold for it. An item of the period not yet in
//! a list is a line; anything else that differs (a meeting registered late, a corrected
//! claim, a withdrawn one) is a correction line. A list is frozen when approved: a rate
//! changed afterwards changes nothing in it, and an item paid keeps the rate it was paid
//! at in its corrections too.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::{choice_enum, parse_choice};
use super::error::{AppError, FieldError, Rule};
use super::text::{checked, parse_required_date};
use super::Id;

/// An amount in øre.
pub type Ore = i64;

/// The largest amount a rate or a ticket may be: 100.000 kr.
pub const AMOUNT_MAX: Ore = 10_000_000;
/// The longest trip a claim may hold, in tenths of a kilometre (2.000 km).
pub const KM_TENTHS_MAX: i64 = 20_000;
pub const NOTE_MAX: usize = 500;
/// How many rate periods the settings may hold.
pub const RATES_MAX: usize = 100;

choice_enum! {
    /// What a member claims.
    ClaimKind {
        /// Transport in one's own car: kilometres at the rate per kilometre.
        Km = "km",
        /// A ticket (bus, train): the amount paid, with a note.
        Ticket = "ticket",
        /// Taking part in a workshop: the workshop honorarium.
        Workshop = "workshop",
        /// Teaching: the teaching honorarium.
        Teaching = "teaching",
    }
}

choice_enum! {
    /// What a payout line pays for.
    LineKind {
        Meeting = "meeting",
        Workshop = "workshop",
        Teaching = "teaching",
        Km = "km",
        Ticket = "ticket",
    }
}

choice_enum! {
    /// A payout list's state. `Sent` is locked for good.
    PayoutStatus {
        Approved = "approved",
        Sent = "sent",
        Withdrawn = "withdrawn",
    }
}

impl LineKind {
    /// Whether the line is an honorarium (taxable pay) rather than a reimbursement.
    pub fn is_honorarium(self) -> bool {
        matches!(
            self,
            LineKind::Meeting | LineKind::Workshop | LineKind::Teaching
        )
    }
}

impl ClaimKind {
    pub fn line_kind(self) -> LineKind {
        match self {
            ClaimKind::Km => LineKind::Km,
            ClaimKind::Ticket => LineKind::Ticket,
            ClaimKind::Workshop => LineKind::Workshop,
            ClaimKind::Teaching => LineKind::Teaching,
        }
    }
}

/// The rates from a date on (until the next period's date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RatePeriod {
    pub from: NaiveDate,
    /// Honorarium per Peer-board meeting attended.
    #[ts(type = "number")]
    pub meeting: Ore,
    /// Honorarium per workshop.
    #[ts(type = "number")]
    pub workshop: Ore,
    /// Honorarium per teaching session.
    #[ts(type = "number")]
    pub teaching: Ore,
    /// Transport per kilometre.
    #[ts(type = "number")]
    pub km: Ore,
}

/// A rate period as the form sends it: a date and amounts in kroner (`350`, `350,00`,
/// `1.234,50`, `3,79`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct RateInput {
    pub from: String,
    pub meeting: String,
    pub workshop: String,
    pub teaching: String,
    pub km: String,
}

/// The rate periods from the form, checked (fields `rates.<i>.<field>`), sorted by date.
/// Two periods may not start on the same day.
pub fn checked_rates(input: &[RateInput]) -> Result<Vec<RatePeriod>, AppError> {
    let mut errors = Vec::new();
    if input.len() > RATES_MAX {
        errors.push(FieldError::with_limit("rates", Rule::TooMany, RATES_MAX));
    }
    let mut out: Vec<RatePeriod> = Vec::new();
    let mut dates: Vec<NaiveDate> = Vec::new();
    for (i, r) in input.iter().enumerate() {
        let f = |name: &str| format!("rates.{i}.{name}");
        let from = parse_required_date(&f("from"), &r.from, &mut errors);
        if let Some(d) = from {
            if dates.contains(&d) {
                errors.push(FieldError::new(&f("from"), Rule::Duplicate));
            }
            dates.push(d);
        }
        let meeting = parse_kroner(&f("meeting"), &r.meeting, &mut errors);
        let workshop = parse_kroner(&f("workshop"), &r.workshop, &mut errors);
        let teaching = parse_kroner(&f("teaching"), &r.teaching, &mut errors);
        let km = parse_kroner(&f("km"), &r.km, &mut errors);
        if let (Some(from), Some(meeting), Some(workshop), Some(teaching), Some(km)) =
            (from, meeting, workshop, teaching, km)
        {
            out.push(RatePeriod {
                from,
                meeting,
                workshop,
                teaching,
                km,
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    out.sort_by_key(|r| r.from);
    Ok(out)
}

/// The rates that apply on `date`: the period with the latest start on or before it.
/// `None` before the first period (nothing is paid for it).
pub fn rate_on(rates: &[RatePeriod], date: NaiveDate) -> Option<&RatePeriod> {
    rates
        .iter()
        .filter(|r| r.from <= date)
        .max_by_key(|r| r.from)
}

/// Parses an amount in kroner into øre: digits, an optional decimal comma (or point) with
/// at most two decimals, thousands points, and an optional `kr`. Empty is `required`;
/// anything else that is not an amount `invalid_format`; above [`AMOUNT_MAX`]
/// `out_of_range`.
pub fn parse_kroner(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<Ore> {
    parse_decimal(field, text, &["kr.", "kr"], 2, 0..=AMOUNT_MAX, errors)
}

/// Parses kilometres with at most one decimal into tenths; must be above 0 and at most
/// [`KM_TENTHS_MAX`].
pub fn parse_km(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
    parse_decimal(field, text, &["km"], 1, 1..=KM_TENTHS_MAX, errors)
}

/// A number typed with at most `places` decimals and perhaps a unit after it, as an
/// integer of those decimals within `range`: `required` when empty, `invalid_format`
/// when not a number, `out_of_range` outside the range.
fn parse_decimal(
    field: &str,
    text: &str,
    units: &[&str],
    places: u32,
    range: std::ops::RangeInclusive<i64>,
    errors: &mut Vec<FieldError>,
) -> Option<i64> {
    let t = units
        .iter()
        .fold(text.trim(), |t, unit| t.trim_end_matches(unit));
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let rule = if t.is_empty() {
        Rule::Required
    } else {
        match decimal(&t, places) {
            Some(v) if range.contains(&v) => return Some(v),
            Some(_) => Rule::OutOfRange,
            None => Rule::InvalidFormat,
        }
    };
    errors.push(FieldError::new(field, rule));
    None
}

/// A non-negative decimal number as an integer of `places` decimals: `1.234,5` with two
/// places is 123450. A comma is the decimal mark when there is one (points then group
/// thousands); without a comma, a single point followed by at most `places` digits is
/// the decimal mark.
fn decimal(t: &str, places: u32) -> Option<i64> {
    let (whole, frac) = match t.split_once(',') {
        Some((w, f)) => (grouped(w)?, f),
        None => match t.rsplit_once('.') {
            Some((w, f)) if !w.contains('.') && !f.is_empty() && f.len() <= places as usize => {
                (w.to_owned(), f)
            }
            _ => (grouped(t)?, ""),
        },
    };
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > places as usize
        || whole.len() > 12
    {
        return None;
    }
    let scale = 10_i64.pow(places);
    let w: i64 = whole.parse().ok()?;
    let mut f: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..places as usize {
        f *= 10;
    }
    w.checked_mul(scale)?.checked_add(f)
}

/// `1.234.567` without its thousands points; `None` when the groups are not of three.
fn grouped(w: &str) -> Option<String> {
    let parts: Vec<&str> = w.split('.').collect();
    if parts.len() > 1
        && (parts[0].is_empty() || parts[0].len() > 3 || parts[1..].iter().any(|p| p.len() != 3))
    {
        return None;
    }
    Some(parts.concat())
}

/// An amount as Danish kroner: `1.234,50`, `-12,00`.
pub fn kroner(ore: Ore) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02}", abs % 100)
}

/// Tenths of a kilometre as Danish text: `37,5`, `12`.
pub fn km_text(tenths: i64) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{},{}", tenths / 10, tenths % 10)
    }
}

/// What a kilometre claim pays: tenths × rate per km / 10, a half øre rounded up.
pub fn km_amount(tenths: i64, per_km: Ore) -> Ore {
    let tenth_ore = tenths * per_km; // in tenths of an øre
    (tenth_ore + 5).div_euclid(10)
}

/// A member's claim: a trip, a ticket, or a workshop or teaching session taken part in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Claim {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub member_id: Id,
    pub date: NaiveDate,
    pub kind: ClaimKind,
    /// Kilometres in tenths (a `Km` claim; 0 otherwise).
    #[ts(type = "number")]
    pub km_tenths: i64,
    /// The amount paid (a `Ticket` claim; 0 otherwise).
    #[ts(type = "number")]
    pub amount: Ore,
    pub note: String,
    /// A claim withdrawn is kept, and pays nothing (a correction when it was paid).
    pub withdrawn: bool,
    /// Who registered it (the profile or login).
    pub by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A claim as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ClaimInput {
    pub member_id: String,
    pub date: String,
    #[ts(as = "ClaimKind")]
    pub kind: String,
    /// Kilometres (`37,5`), for a `km` claim.
    pub km: String,
    /// Kroner (`125,00`), for a `ticket` claim.
    pub amount: String,
    pub note: String,
}

/// The checked fields of a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimFields {
    pub member_id: Id,
    pub date: NaiveDate,
    pub kind: ClaimKind,
    pub km_tenths: i64,
    pub amount: Ore,
    pub note: String,
}

impl ClaimInput {
    /// Checks the form; `today` is the latest date a claim may have (nothing is claimed
    /// ahead).
    pub fn validate(&self, today: NaiveDate) -> Result<ClaimFields, AppError> {
        let mut errors = Vec::new();
        let member_id = match Id::parse_str(self.member_id.trim()) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(FieldError::new("member_id", Rule::Required));
                None
            }
        };
        let date = parse_required_date("date", &self.date, &mut errors);
        super::text::not_in_future("date", date, today, &mut errors);
        let kind = parse_choice("kind", &self.kind, ClaimKind::parse, &mut errors);
        let km_tenths = match kind {
            Some(ClaimKind::Km) => parse_km("km", &self.km, &mut errors).unwrap_or(0),
            _ => 0,
        };
        let amount = match kind {
            Some(ClaimKind::Ticket) => {
                let a = parse_kroner("amount", &self.amount, &mut errors);
                if a == Some(0) {
                    errors.push(FieldError::new("amount", Rule::OutOfRange));
                }
                a.unwrap_or(0)
            }
            _ => 0,
        };
        let note = checked(
            "note",
            &self.note,
            kind == Some(ClaimKind::Ticket),
            NOTE_MAX,
            &mut errors,
        );
        match (member_id, date, kind) {
            (Some(member_id), Some(date), Some(kind)) if errors.is_empty() => Ok(ClaimFields {
                member_id,
                date,
                kind,
                km_tenths,
                amount,
                note,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

impl Claim {
    pub fn new(id: Id, f: ClaimFields, by: String, now: DateTime<Utc>) -> Claim {
        Claim {
            id,
            version: 1,
            member_id: f.member_id,
            date: f.date,
            kind: f.kind,
            km_tenths: f.km_tenths,
            amount: f.amount,
            note: f.note,
            withdrawn: false,
            by,
            created_at: now,
            updated_at: now,
        }
    }

    /// The quantity and rate the claim is paid at with `rates` (tenths of a km and the rate
    /// per km; 1 and the amount of a ticket, or the honorarium of a workshop or teaching);
    /// no rate when none applies on its date.
    pub fn priced(&self, rates: &[RatePeriod]) -> (i64, Option<Ore>) {
        let rate = rate_on(rates, self.date);
        match self.kind {
            ClaimKind::Km => (self.km_tenths, rate.map(|r| r.km)),
            ClaimKind::Ticket => (1, Some(self.amount)),
            ClaimKind::Workshop => (1, rate.map(|r| r.workshop)),
            ClaimKind::Teaching => (1, rate.map(|r| r.teaching)),
        }
    }

    /// What the claim pays now, were it paid today: nothing when withdrawn, without a rate,
    /// or for an honorarium its member did not accept on its day.
    pub fn amount_now(
        &self,
        rates: &[RatePeriod],
        accepting: &HashMap<Id, Option<NaiveDate>>,
    ) -> Ore {
        let kind = self.kind.line_kind();
        if self.withdrawn
            || (kind.is_honorarium() && !accepts(accepting, self.member_id, self.date))
        {
            return 0;
        }
        let (quantity, unit) = self.priced(rates);
        unit.map_or(0, |u| amount_of(kind, quantity, u))
    }

    /// The claim back in its form (to check a stored one, or to edit it).
    pub fn as_input(&self) -> ClaimInput {
        ClaimInput {
            member_id: self.member_id.to_string(),
            date: self.date.format("%Y-%m-%d").to_string(),
            kind: self.kind.as_str().into(),
            km: if self.kind == ClaimKind::Km {
                km_text(self.km_tenths)
            } else {
                String::new()
            },
            amount: if self.kind == ClaimKind::Ticket {
                kroner(self.amount)
            } else {
                String::new()
            },
            note: self.note.clone(),
        }
    }
}

/// One line of a payout list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PayoutLine {
    pub member_id: Id,
    /// What the line pays for: the meeting attended (a `meeting` line) or the claim. The
    /// lines of one item — the first and its corrections — share it and the member.
    pub item: Id,
    /// The item's date.
    pub date: NaiveDate,
    pub kind: LineKind,
    /// Tenths of a kilometre for `km`, else 1.
    #[ts(type = "number")]
    pub quantity: i64,
    /// The rate (per km for `km`; the amount for a ticket).
    #[ts(type = "number")]
    pub unit: Ore,
    #[ts(type = "number")]
    pub amount: Ore,
    /// A correction of an item of an earlier period, or of one already in a list.
    pub correction: bool,
    /// The claim's note (a ticket's route); empty for a meeting.
    pub note: String,
}

/// A payout list: approved by a consultant, then sent to the payroll office and locked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PayoutList {
    pub id: Id,
    #[ts(type = "number")]
    pub version: u64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub status: PayoutStatus,
    pub lines: Vec<PayoutLine>,
    pub approved_by: String,
    pub approved_at: DateTime<Utc>,
    pub sent_by: String,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PayoutList {
    /// Whether its lines count as paid (approved or sent, not withdrawn).
    pub fn counts(&self) -> bool {
        self.status != PayoutStatus::Withdrawn
    }

    /// Whether `[from, to]` shares a day with this list's period.
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.from <= to && from <= self.to
    }

    pub fn total(&self) -> Ore {
        self.lines.iter().map(|l| l.amount).sum()
    }
}

/// A period asked for, checked (fields `period_from`, `period_to`): both dates, `from`
/// not after `to`, at most a year.
pub fn checked_period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), AppError> {
    let mut errors = Vec::new();
    let f = parse_required_date("period_from", from, &mut errors);
    let t = parse_required_date("period_to", to, &mut errors);
    if let (Some(f), Some(t)) = (f, t) {
        if t < f {
            errors.push(FieldError::new("period_to", Rule::BeforeStart));
        } else if (t - f).num_days() > 366 {
            errors.push(FieldError::with_limit("period_to", Rule::OutOfRange, 366));
        }
        if errors.is_empty() {
            return Ok((f, t));
        }
    }
    Err(AppError::Validation(errors))
}

/// A meeting held, as payouts see it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldMeeting {
    pub id: Id,
    pub date: NaiveDate,
    pub attendance: Vec<Id>,
}

/// Something payable for a member, computed from the records as they are now.
#[derive(Debug, Clone, PartialEq)]
struct Due<'a> {
    member_id: Id,
    item: Id,
    date: NaiveDate,
    kind: LineKind,
    quantity: i64,
    /// The rate now, or `None` when there is none on its date.
    unit: Option<Ore>,
    note: &'a str,
}

/// What identifies the item a line pays for: the meeting or claim, the member and the kind.
/// A claim moved to another member or kind is another item: what was paid for the old one
/// is paid back, and the new one paid at its own rate.
pub type ItemKey = (Id, Id, LineKind);

impl PayoutLine {
    /// Lines with the same key are one item.
    pub fn key(&self) -> ItemKey {
        (self.item, self.member_id, self.kind)
    }
}

fn amount_of(kind: LineKind, quantity: i64, unit: Ore) -> Ore {
    match kind {
        LineKind::Km => km_amount(quantity, unit),
        _ => unit * quantity,
    }
}

/// What the records hold for a draft: the meetings held and the claims, dated up to the
/// period's end, who accepts honoraria, the rates, and what the lists made so far hold.
pub struct DraftInput<'a> {
    pub meetings: &'a [HeldMeeting],
    pub claims: &'a [std::sync::Arc<Claim>],
    /// Members who accept honoraria, each from a day (`None`: all along); a member who
    /// declines (or did on the item's day) gets no honorarium line.
    pub accepting: &'a HashMap<Id, Option<NaiveDate>>,
    pub rates: &'a [RatePeriod],
    /// What the lists made so far hold ([`Ledger::of`]).
    pub ledger: &'a Ledger,
}

/// Whether `member` accepted honoraria on `date`.
pub fn accepts(accepting: &HashMap<Id, Option<NaiveDate>>, member: Id, date: NaiveDate) -> bool {
    accepting
        .get(&member)
        .is_some_and(|since| since.is_none_or(|s| date >= s))
}

/// What the lists (those that count) already hold, per item: the amount paid and the
/// first line (its rate). Made once from the lists and kept while they do not change
/// (`service::payouts`), since a year of lists holds tens of thousands of lines.
#[derive(Debug, Default)]
pub struct Ledger {
    /// The lists it was made from: (id, version), in id order.
    pub made_from: Vec<(Id, u64)>,
    /// The keys are pairs of random-tailed UUIDs, hashed with rustc's fast hasher (no one
    /// chooses them to collide).
    index: FxHashMap<ItemKey, usize>,
    items: Vec<(Ore, PayoutLine)>,
}

impl Ledger {
    pub fn of(lists: &[std::sync::Arc<PayoutList>]) -> Ledger {
        let counting: Vec<&PayoutList> = lists
            .iter()
            .map(|l| l.as_ref())
            .filter(|l| l.counts())
            .collect();
        let n: usize = counting.iter().map(|l| l.lines.len()).sum();
        let mut ledger = Ledger {
            made_from: Ledger::key_of(lists),
            index: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            items: Vec::with_capacity(n),
        };
        for list in counting {
            for line in &list.lines {
                match ledger.index.get(&line.key()) {
                    Some(&i) => ledger.items[i].0 += line.amount,
                    None => {
                        ledger.index.insert(line.key(), ledger.items.len());
                        ledger.items.push((line.amount, line.clone()));
                    }
                }
            }
        }
        ledger
    }

    /// What a ledger of `lists` is made from (to tell whether a kept one still holds).
    pub fn key_of(lists: &[std::sync::Arc<PayoutList>]) -> Vec<(Id, u64)> {
        let mut key: Vec<(Id, u64)> = lists.iter().map(|l| (l.id, l.version)).collect();
        key.sort_unstable();
        key
    }
}

/// An item's entry in the ledger, while reconciling: what was paid, its first line.
struct Paid<'a> {
    sum: Ore,
    first: &'a PayoutLine,
}

/// Reconciles one item that is due now against what was paid for it, pushing the line
/// that settles the difference (if any).
fn settle(d: &Due<'_>, paid: Option<Paid<'_>>, from: NaiveDate, lines: &mut Vec<PayoutLine>) {
    let line = |unit: Ore, amount: Ore, correction: bool| PayoutLine {
        member_id: d.member_id,
        item: d.item,
        date: d.date,
        kind: d.kind,
        quantity: d.quantity,
        unit,
        amount,
        correction,
        note: d.note.to_owned(),
    };
    match paid {
        None => {
            // Never paid: at today's rate on its date; nothing without a rate.
            let Some(unit) = d.unit else { return };
            let amount = amount_of(d.kind, d.quantity, unit);
            if amount != 0 {
                lines.push(line(unit, amount, d.date < from));
            }
        }
        Some(p) => {
            // Paid: at the rate it was paid at (a ticket: its amount now).
            let unit = if d.kind == LineKind::Ticket {
                d.unit.unwrap_or(p.first.unit)
            } else {
                p.first.unit
            };
            let diff = amount_of(d.kind, d.quantity, unit) - p.sum;
            if diff != 0 {
                lines.push(line(unit, diff, true));
            }
        }
    }
}

/// The lines a list for `[from, to]` would hold now, ordered by member, then date. See
/// the module comment for what is a line and what a correction.
pub fn draft(input: &DraftInput<'_>, from: NaiveDate, to: NaiveDate) -> Vec<PayoutLine> {
    let ledger = input.ledger;
    // Which of the ledger's items are still due (seen while reconciling).
    let mut seen = vec![false; ledger.items.len()];
    let mut paid = |key: &ItemKey| -> Option<Paid<'_>> {
        let &i = ledger.index.get(key)?;
        seen[i] = true;
        let (sum, first) = &ledger.items[i];
        Some(Paid { sum: *sum, first })
    };
    let mut lines = Vec::new();
    // A member counted twice at one meeting (an old record) is paid once.
    let mut at: Vec<Id> = Vec::new();
    for m in input.meetings.iter().filter(|m| m.date <= to) {
        let unit = rate_on(input.rates, m.date).map(|r| r.meeting);
        at.clear();
        for member in &m.attendance {
            if !at.contains(member) {
                at.push(*member);
            }
        }
        for member in &at {
            let p = paid(&(m.id, *member, LineKind::Meeting));
            // A member who declines gets no line; one already paid keeps it (a choice
            // changed later does not undo what was paid).
            if p.is_none() && !accepts(input.accepting, *member, m.date) {
                continue;
            }
            let d = Due {
                member_id: *member,
                item: m.id,
                date: m.date,
                kind: LineKind::Meeting,
                quantity: 1,
                unit,
                note: "",
            };
            settle(&d, p, from, &mut lines);
        }
    }
    for c in input.claims.iter().filter(|c| c.date <= to && !c.withdrawn) {
        let kind = c.kind.line_kind();
        let (quantity, unit) = c.priced(input.rates);
        let p = paid(&(c.id, c.member_id, kind));
        if p.is_none() && kind.is_honorarium() && !accepts(input.accepting, c.member_id, c.date) {
            continue;
        }
        let d = Due {
            member_id: c.member_id,
            item: c.id,
            date: c.date,
            kind,
            quantity,
            unit,
            note: &c.note,
        };
        settle(&d, p, from, &mut lines);
    }
    // Paid items that are no longer due (attendance removed, a claim withdrawn): paid back
    // in full, when dated within what the draft covers.
    for (i, (sum, first)) in ledger.items.iter().enumerate() {
        if !seen[i] && *sum != 0 && first.date <= to {
            lines.push(PayoutLine {
                quantity: 0,
                amount: -sum,
                correction: true,
                ..first.clone()
            });
        }
    }
    lines.sort_by(|a, b| {
        (a.member_id, a.date, a.kind, a.item, a.correction).cmp(&(
            b.member_id,
            b.date,
            b.kind,
            b.item,
            b.correction,
        ))
    });
    lines
}

/// A short fingerprint of `lines` (what a draft held when the person saw it): SHA-256 of
/// each line's item, member, kind, date, quantity, rate, amount and correction mark.
pub fn fingerprint(lines: &[PayoutLine]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for l in lines {
        h.update(l.item.as_bytes());
        h.update(l.member_id.as_bytes());
        h.update(l.kind.as_str().as_bytes());
        h.update(l.date.num_days_from_ce().to_be_bytes());
        h.update(l.quantity.to_be_bytes());
        h.update(l.unit.to_be_bytes());
        h.update(l.amount.to_be_bytes());
        h.update([u8::from(l.correction)]);
        h.update((l.note.len() as u64).to_be_bytes());
        h.update(l.note.as_bytes());
    }
    format!("{:x}", h.finalize())
}

/// A member's totals in a list or a year: honoraria (taxable) and reimbursements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Totals {
    #[ts(type = "number")]
    pub honoraria: Ore,
    #[ts(type = "number")]
    pub reimbursements: Ore,
    #[ts(type = "number")]
    pub total: Ore,
}

impl Totals {
    pub fn add(&mut self, line: &PayoutLine) {
        if line.kind.is_honorarium() {
            self.honoraria += line.amount;
        } else {
            self.reimbursements += line.amount;
        }
        self.total += line.amount;
    }
}

/// Each member's totals over `lines`.
pub fn totals_by_member<'a>(
    lines: impl IntoIterator<Item = &'a PayoutLine>,
) -> HashMap<Id, Totals> {
    let mut out: HashMap<Id, Totals> = HashMap::new();
    for l in lines {
        out.entry(l.member_id).or_default().add(l);
    }
    out
}

/// The lists that belong to `year`'s tax statement: sent lists whose period ends in it.
pub fn sent_in_year(
    lists: &[std::sync::Arc<PayoutList>],
    year: i32,
) -> impl Iterator<Item = &PayoutList> {
    lists
        .iter()
        .map(|l| l.as_ref())
        .filter(move |l| l.status == PayoutStatus::Sent && l.to.year() == year)
}

/// Removes the notes of erased members' claims and payout lines (a note may say where a
/// member lives); the amounts stay for the accounts. The changed records come back as
/// their next versions.
pub fn without_erased_notes<'a>(
    claims: impl IntoIterator<Item = &'a Claim>,
    lists: impl IntoIterator<Item = &'a PayoutList>,
    erased: &std::collections::HashSet<Id>,
    now: DateTime<Utc>,
) -> (Vec<Claim>, Vec<PayoutList>) {
    let claims = claims
        .into_iter()
        .filter(|c| erased.contains(&c.member_id) && !c.note.is_empty())
        .map(|c| {
            let mut next = c.next_version(now);
            next.note.clear();
            next
        })
        .collect();
    let lists = lists
        .into_iter()
        .filter(|l| {
            l.lines
                .iter()
                .any(|x| erased.contains(&x.member_id) && !x.note.is_empty())
        })
        .map(|l| {
            let mut next = l.next_version(now);
            for x in next
                .lines
                .iter_mut()
                .filter(|x| erased.contains(&x.member_id))
            {
                x.note.clear();
            }
            next
        })
        .collect();
    (claims, lists)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn ore(text: &str) -> Result<Ore, Vec<FieldError>> {
        let mut e = Vec::new();
        parse_kroner("x", text, &mut e).ok_or(e)
    }

    #[test]
    fn kroner_parse_in_danish_and_plain_forms() {
        assert_eq!(ore("350"), Ok(35_000));
        assert_eq!(ore("350,5"), Ok(35_050));
        assert_eq!(ore("3,79"), Ok(379));
        assert_eq!(ore("1.234,50"), Ok(123_450));
        assert_eq!(ore("1.234"), Ok(123_400));
        assert_eq!(ore("12.5"), Ok(1_250));
        assert_eq!(ore(" 125 kr"), Ok(12_500));
        assert_eq!(ore("0"), Ok(0));
        for bad in [
            "12,345",
            "abc",
            "-5",
            "1.23.4",
            "1,2,3",
            ",5",
            "12.345,6789",
        ] {
            assert_eq!(
                ore(bad).map_err(|e| e[0].rule),
                Err(Rule::InvalidFormat),
                "{bad}"
            );
        }
        assert_eq!(ore("").map_err(|e| e[0].rule), Err(Rule::Required));
        assert_eq!(
            ore("100.000,01").map_err(|e| e[0].rule),
            Err(Rule::OutOfRange)
        );
    }

    #[test]
    fn amounts_print_as_danish_kroner() {
        assert_eq!(kroner(0), "0,00");
        assert_eq!(kroner(5), "0,05");
        assert_eq!(kroner(123_450), "1.234,50");
        assert_eq!(kroner(123_456_789), "1.234.567,89");
        assert_eq!(kroner(-1_200), "-12,00");
        assert_eq!(km_text(375), "37,5");
        assert_eq!(km_text(120), "12");
    }

    #[test]
    fn a_trip_rounds_to_the_nearest_ore_half_up() {
        assert_eq!(km_amount(375, 379), 14_213); // 142,125 kr → 142,13
        assert_eq!(km_amount(370, 379), 14_023);
        assert_eq!(km_amount(1, 1), 0); // 0,1 øre
        assert_eq!(km_amount(5, 1), 1); // 0,5 øre → 1
    }

    #[test]
    fn the_rate_is_the_latest_period_on_or_before_the_date() {
        let rates = checked_rates(&[
            RateInput {
                from: "2026-07-01".into(),
                meeting: "400".into(),
                workshop: "800".into(),
                teaching: "1.000".into(),
                km: "3,81".into(),
            },
            RateInput {
                from: "2026-01-01".into(),
                meeting: "350".into(),
                workshop: "700".into(),
                teaching: "900".into(),
                km: "3,79".into(),
            },
        ])
        .expect("rates");
        assert_eq!(rates[0].from, d("2026-01-01"));
        assert_eq!(rate_on(&rates, d("2025-12-31")), None);
        assert_eq!(
            rate_on(&rates, d("2026-06-30")).map(|r| r.meeting),
            Some(35_000)
        );
        assert_eq!(
            rate_on(&rates, d("2026-07-01")).map(|r| r.meeting),
            Some(40_000)
        );
    }

    #[test]
    fn bad_rates_name_their_fields() {
        let err = checked_rates(&[RateInput {
            from: "1. juli".into(),
            meeting: "fire hundrede".into(),
            workshop: "1".into(),
            teaching: "1".into(),
            km: "".into(),
        }])
        .expect_err("bad");
        match err {
            AppError::Validation(f) => assert_eq!(
                f.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
                vec!["rates.0.from", "rates.0.meeting", "rates.0.km"]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_claim_form_checks_by_kind() {
        let today = d("2026-11-30");
        let member = crate::domain::new_id().to_string();
        let mut i = ClaimInput {
            member_id: member.clone(),
            date: "2026-11-02".into(),
            kind: "km".into(),
            km: "37,5".into(),
            ..Default::default()
        };
        assert_eq!(i.validate(today).expect("km").km_tenths, 375);
        i.kind = "ticket".into();
        let err = i
            .validate(today)
            .expect_err("ticket without amount and note");
        match err {
            AppError::Validation(f) => assert_eq!(
                f.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
                vec!["amount", "note"]
            ),
            other => panic!("{other:?}"),
        }
        i.amount = "48,00".into();
        i.note = "Bus 14 tur/retur".into();
        assert_eq!(i.validate(today).expect("ticket").amount, 4_800);
        i.date = "2026-12-01".into();
        assert!(i.validate(today).is_err(), "no claim ahead of today");
    }

    #[test]
    fn periods_must_be_in_order_and_at_most_a_year() {
        assert!(checked_period("2026-01-01", "2026-01-31").is_ok());
        assert!(checked_period("2026-02-01", "2026-01-31").is_err());
        assert!(checked_period("2026-01-01", "2027-06-01").is_err());
        assert!(checked_period("", "2026-01-31").is_err());
    }
}

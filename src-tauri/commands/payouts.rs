//! Honoraria and expenses (`service::payouts`): rates, claims, payout drafts and lists,
//! their export for the payroll office, and the year totals.

use chrono::Utc;
use tauri::State;

use super::AppState;
use crate::domain::error::AppResult;
use crate::domain::payout::{Claim, ClaimInput, PayoutList, RateInput, RatePeriod};
use crate::domain::Id;
use crate::service::export::SheetFormat;
use crate::service::payouts::{
    self, ClaimView, ListSummary, ListView, PayoutDraft, Period, YearTotals,
};

#[tauri::command(async, rename_all = "snake_case")]
pub fn payout_rates(state: State<'_, AppState>) -> AppResult<Vec<RatePeriod>> {
    payouts::rates(&*state.store()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_payout_rates(
    state: State<'_, AppState>,
    rates: Vec<RateInput>,
) -> AppResult<Vec<RatePeriod>> {
    payouts::save_rates(&*state.store()?, &rates)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_claim(state: State<'_, AppState>, input: ClaimInput) -> AppResult<Claim> {
    payouts::add_claim(&*state.store()?, &input, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_claim(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    input: ClaimInput,
) -> AppResult<Claim> {
    payouts::edit_claim(&*state.store()?, id, expected_version, &input, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_claim_withdrawn(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
    withdrawn: bool,
) -> AppResult<Claim> {
    payouts::set_claim_withdrawn(
        &*state.store()?,
        id,
        expected_version,
        withdrawn,
        Utc::now(),
    )
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claims(state: State<'_, AppState>, period: Period) -> AppResult<Vec<ClaimView>> {
    payouts::claims(&*state.store()?, &period.from, &period.to)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn payout_draft(state: State<'_, AppState>, period: Period) -> AppResult<PayoutDraft> {
    payouts::draft(&*state.store()?, &period.from, &period.to)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn approve_payout(
    state: State<'_, AppState>,
    period: Period,
    stamp: String,
) -> AppResult<PayoutList> {
    payouts::approve(
        &*state.store()?,
        &period.from,
        &period.to,
        &stamp,
        Utc::now(),
    )
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn mark_payout_sent(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
) -> AppResult<PayoutList> {
    payouts::mark_sent(&*state.store()?, id, expected_version, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn withdraw_payout(
    state: State<'_, AppState>,
    id: Id,
    expected_version: u64,
) -> AppResult<PayoutList> {
    payouts::withdraw(&*state.store()?, id, expected_version, Utc::now())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn payout_lists(state: State<'_, AppState>) -> AppResult<Vec<ListSummary>> {
    payouts::lists(&*state.store()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn payout_list(state: State<'_, AppState>, id: Id) -> AppResult<ListView> {
    payouts::list(&*state.store()?, id)
}

/// A list saved as CSV or XLSX, to a file chosen in the dialog.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_payout_list(
    state: State<'_, AppState>,
    id: Id,
    format: SheetFormat,
    path: String,
) -> AppResult<()> {
    let path = state.chosen(&path)?;
    payouts::save(&*state.store()?, id, format, &path)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn payout_year(state: State<'_, AppState>, year: i32) -> AppResult<YearTotals> {
    payouts::year_totals(&*state.store()?, year)
}

/// The year statement of one member (or all) as a printable page, to a chosen file.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_payout_year(
    state: State<'_, AppState>,
    year: i32,
    member_id: Option<Id>,
    path: String,
) -> AppResult<()> {
    let path = state.chosen(&path)?;
    let totals = payouts::year_totals(&*state.store()?, year)?;
    crate::service::files::write_file(&path, payouts::year_html(&totals, member_id))
}

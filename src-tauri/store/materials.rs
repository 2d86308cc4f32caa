//! Information material in the sled store, kept decoded in memory (`kept`), so Oversigt's
//! review figures do not read (and, when the database is encrypted, open) every material
//! there is.

use chrono::NaiveDate;

use super::SledStore;
use crate::domain::material::MaterialStatus;
use crate::domain::Id;

impl SledStore {
    /// The materials in use or under revision whose next review is on or before `until`:
    /// (id, title, next review), soonest first.
    pub fn reviews_until(&self, until: NaiveDate) -> Vec<(Id, String, NaiveDate)> {
        let mut out: Vec<(Id, String, NaiveDate)> = self
            .materials
            .all()
            .iter()
            .filter(|m| m.status != MaterialStatus::Withdrawn && m.next_review <= until)
            .map(|m| (m.id, m.title.clone(), m.next_review))
            .collect();
        out.sort_by_key(|(id, _, next)| (*next, *id));
        out
    }
}

//! Team mode use cases: moving the local database into the shared one.

use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::domain::error::{AppError, AppResult};
use crate::store::{Kind, Records, Store};

/// One kind of record after a move: how many there are here and there, and a checksum of
/// each side (sha256 over the records as Samskab encodes them, in id order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KindCheck {
    pub kind: String,
    pub count: usize,
    pub count_there: usize,
    pub checksum: String,
    pub checksum_there: String,
}

/// What *Flyt lokale data til fælles database* did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MoveReport {
    /// The shared database already held exactly these records (a second run): nothing
    /// was written.
    pub already_there: bool,
    pub kinds: Vec<KindCheck>,
}

fn lines_of<T: Serialize>(records: &[T], hash: &mut Sha256) -> AppResult<()> {
    for r in records {
        let line = serde_json::to_vec(r)
            .map_err(|e| AppError::Storage(format!("cannot encode record: {e}")))?;
        hash.update(&line);
        hash.update(b"\n");
    }
    Ok(())
}

/// The sha256 of the records of `kind`, as lines of JSON in the order they are kept.
pub fn checksum(records: &Records, kind: Kind) -> AppResult<String> {
    let mut h = Sha256::new();
    match kind {
        Kind::Settings => lines_of(records.settings.as_slice(), &mut h)?,
        Kind::Projects => lines_of(&records.projects, &mut h)?,
        Kind::PhaseChanges => lines_of(&records.phase_changes, &mut h)?,
        Kind::Members => lines_of(&records.members, &mut h)?,
        Kind::Meetings => lines_of(&records.meetings, &mut h)?,
        Kind::Consultations => lines_of(&records.consultations, &mut h)?,
        Kind::FeedbackPoints => lines_of(&records.points, &mut h)?,
        Kind::Activities => lines_of(&records.activities, &mut h)?,
        Kind::Inputs => lines_of(&records.inputs, &mut h)?,
        Kind::Contributors => lines_of(&records.contributors, &mut h)?,
        Kind::Drafts => lines_of(&records.drafts, &mut h)?,
    }
    Ok(format!("{:x}", h.finalize()))
}

/// Copies every record of the local database into the shared one, which must hold no
/// records (settings aside), in one transaction; then reads both back and compares counts
/// and checksums per kind. Running it again when the shared database holds exactly the
/// same records writes nothing. The local database is left as it was.
pub fn move_in(local: &Store, shared: &Store) -> AppResult<MoveReport> {
    local.sled()?;
    let records = local.quiet(|| local.records())?;
    let before = shared.records()?;
    let already_there = before == records;
    if !already_there {
        // `load` refuses a database with records (`import.not_empty`) and writes all or
        // nothing.
        shared.load(&records)?;
    }
    let after = shared.records()?;
    let mut kinds = Vec::with_capacity(Kind::ALL.len());
    let mut differ = Vec::new();
    for kind in Kind::ALL {
        let check = KindCheck {
            kind: kind.name().to_owned(),
            count: records.count(kind),
            count_there: after.count(kind),
            checksum: checksum(&records, kind)?,
            checksum_there: checksum(&after, kind)?,
        };
        if check.count != check.count_there || check.checksum != check.checksum_there {
            differ.push(kind.name());
        }
        kinds.push(check);
    }
    if !differ.is_empty() {
        return Err(AppError::Storage(format!(
            "the shared database differs from the local one after the move: {}",
            differ.join(", ")
        )));
    }
    Ok(MoveReport {
        already_there,
        kinds,
    })
}

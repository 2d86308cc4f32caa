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
        Kind::Claims => lines_of(&records.claims, &mut h)?,
        Kind::PayoutLists => lines_of(&records.payout_lists, &mut h)?,
        Kind::TimeEntries => lines_of(&records.time_entries, &mut h)?,
        Kind::ImpactEntries => lines_of(&records.impact_entries, &mut h)?,
        Kind::Materials => lines_of(&records.materials, &mut h)?,
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

/// The file in the data folder that holds the shared database's address (never a
/// password).
pub const PROFILE_FILE: &str = "faelles-database.json";

/// The saved connection profile, or the defaults when none is saved.
pub fn load_profile(data_dir: &std::path::Path) -> crate::domain::team::SharedProfile {
    std::fs::read(data_dir.join(PROFILE_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Saves the connection profile (checked first) in the data folder.
pub fn save_profile(
    data_dir: &std::path::Path,
    profile: &crate::domain::team::SharedProfile,
) -> AppResult<crate::domain::team::SharedProfile> {
    let profile = profile.validated()?;
    let bytes = serde_json::to_vec_pretty(&profile)
        .map_err(|e| AppError::Storage(format!("cannot encode the profile: {e}")))?;
    std::fs::create_dir_all(data_dir).map_err(|e| AppError::io("create the data folder", &e))?;
    super::files::write_file(&data_dir.join(PROFILE_FILE), bytes)?;
    Ok(profile)
}

/// What *Test forbindelse* found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionTest {
    pub server_version: String,
    pub user: String,
    /// The server's schema version and this program's.
    pub schema: u32,
    pub schema_expected: u32,
}

/// Connects once with `options` and reports what the server says.
pub fn test_connection(options: &crate::store::pg::ConnectOptions) -> AppResult<ConnectionTest> {
    crate::store::pg::blocking(|| connection_test(options))
}

fn connection_test(options: &crate::store::pg::ConnectOptions) -> AppResult<ConnectionTest> {
    let mut client = options.client()?;
    let row = client
        .query_one(
            "SELECT current_setting('server_version'), current_user::text",
            &[],
        )
        .map_err(crate::store::pg::pg_error)?;
    Ok(ConnectionTest {
        server_version: row.get(0),
        user: row.get(1),
        schema: crate::store::pg::server_schema(&mut client)?,
        schema_expected: crate::store::pg::schema_version(),
    })
}

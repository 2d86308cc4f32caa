//! The store: the one type through which services reach the data ([`Store`]), with two
//! backends: the embedded sled database ([`SledStore`], the default) and PostgreSQL
//! ([`pg::PgStore`], team mode).
//!
//! - `mod.rs`: opening (lock, schema version, migrations), flushing.
//! - `codec`: keys (16 big-endian id bytes, composite keys) and serde_json values.
//! - `records`: the trees ([`Table`]), versioned records and their index rows, written
//!   together by [`SledStore::commit`] in one transaction with a version check per record.
//! - `projects`: projects and their phase timeline, and the in-memory list index that
//!   answers filtered lists without decoding every record.
//! - `inputs`: the in-memory index over all input (board points and other input) for
//!   search, filters and theme counts.
//! - `settings`: the settings record.
//!
//! Rules kept here (see research/tauri-and-sled.md §2): a small fixed set of trees, ids and
//! timestamps made before a transaction, and a flush after every change, so that a change
//! is on disk before the command that made it returns.

pub mod audit;
mod codec;
pub mod crypto;
mod dump;
mod durable;
pub mod inputs;
mod kept;
pub mod keyring;
mod materials;
mod meetings;
mod migrations;
pub mod pg;
mod projects;
mod records;
mod seam;
mod settings;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use crate::domain::error::{AppError, AppResult};

pub use dump::{ContributorLine, DraftLine, Kind, Records};
pub use durable::sync_dir;
pub use projects::ProjectIndex;
pub use records::{Looped, Table, Versioned, Write};
pub use seam::{ProjectStart, Store};

/// Keeps the first `limit` of `items` in the order of `cmp`, sorted: only the kept ones
/// are sorted in full (a list of thousands shown a page at a time).
pub(crate) fn first_sorted<T>(
    items: &mut Vec<T>,
    limit: usize,
    mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering,
) {
    if items.len() > limit {
        items.select_nth_unstable_by(limit, &mut cmp);
        items.truncate(limit);
    }
    items.sort_by(cmp);
}

/// The schema version this program writes. Older databases are migrated on open.
pub const SCHEMA_VERSION: u32 = 1;

const META_TREE: &str = "meta";
const SCHEMA_KEY: &[u8] = b"schema_version";
const SETTINGS_TREE: &str = "settings";
const LAST_CHANGE_KEY: &[u8] = b"last_change";
/// In an encrypted database: a known text sealed with the data key, so that opening with
/// no key (`auth.locked`) or another key (`auth.wrong_passphrase`) is told at once.
const KEY_CHECK_KEY: &[u8] = b"key_check";
const KEY_CHECK_TEXT: &[u8] = b"samskab";
/// Beside sled's files: how many records of each kind the database held at the last
/// verified backup.
const KNOWN_COUNTS: &str = "known.json";

/// An open sled database.
pub struct SledStore {
    db: sled::Db,
    dir: PathBuf,
    meta: sled::Tree,
    settings: sled::Tree,
    /// The trees of [`Table`], in its order.
    tables: Vec<sled::Tree>,
    project_index: RwLock<ProjectIndex>,
    input_index: RwLock<inputs::InputIndex>,
    meeting_index: RwLock<meetings::MeetingIndex>,
    /// Payout lists, claims and materials, kept decoded (`kept`).
    payout_lists: kept::Kept<crate::domain::payout::PayoutList>,
    claims: kept::Kept<crate::domain::payout::Claim>,
    materials: kept::Kept<crate::domain::material::Material>,
    time_entries: kept::Kept<crate::domain::hours::TimeEntry>,
    /// Syncs sled's files after each flush; `None` only when opened with
    /// [`Durability::FlushOnly`] (benchmarks that measure what the sync costs).
    syncer: Option<Mutex<durable::Syncer>>,
    /// Changes hold this shared; a reader that needs one consistent state of every tree
    /// (an export, a backup) holds it alone ([`SledStore::quiet`]).
    gate: RwLock<()>,
    /// How many changes were committed since this store was opened (the backup timer takes
    /// a backup only when this moved).
    changes: std::sync::atomic::AtomicU64,
    /// The data key of an encrypted database: every value of every tree but the index
    /// trees and `meta` is sealed with it (`records::place`). `None`: a database made
    /// before encryption, stored as plain JSON until it is encrypted.
    cipher: Option<crypto::DataKey>,
    /// The audit log (`audit`), and its last entry once read.
    audit: sled::Tree,
    audit_tail: audit::Tail,
}

/// Whether a flush reaches stable storage. Samskab always uses [`Durability::Synced`];
/// `FlushOnly` exists so the benchmarks can show what durability costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    Synced,
    FlushOnly,
}

fn io_error(what: &str, e: &std::io::Error) -> AppError {
    AppError::io(what, e)
}

impl From<sled::Error> for AppError {
    fn from(err: sled::Error) -> Self {
        match err {
            sled::Error::Io(ref io) if io.to_string().contains("could not acquire lock") => {
                AppError::StoreLocked
            }
            sled::Error::Io(ref io) => AppError::io("sled", io),
            other => AppError::Storage(other.to_string()),
        }
    }
}

impl From<sled::transaction::TransactionError<AppError>> for AppError {
    fn from(err: sled::transaction::TransactionError<AppError>) -> Self {
        match err {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => e.into(),
        }
    }
}

/// The free space a change leaves on the disk at least: room for sled to start new log
/// segments (512 KiB each) and write a snapshot. A change that would leave less is refused
/// with `store.disk_full` before anything is written, so a full disk never leaves a change
/// half-applied in memory.
pub const DISK_RESERVE: u64 = 4 << 20;

/// How long to wait for a lock that is being let go: a SledStore dropped a moment ago (its
/// background flusher ends shortly after), or a process that is exiting.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(1500);

/// The sled database in `dir` as the store opens it (same settings, same patience with a
/// lock being let go), without the store around it: for tests that must write below the
/// store, such as an old database without a schema version.
pub fn open_db(dir: &Path) -> AppResult<sled::Db> {
    let started = std::time::Instant::now();
    loop {
        match sled::Config::new()
            .path(dir)
            .mode(sled::Mode::LowSpace)
            .open()
        {
            Ok(db) => return Ok(db),
            Err(e) => match AppError::from(e) {
                AppError::StoreLocked if started.elapsed() < LOCK_PATIENCE => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return Err(other),
            },
        }
    }
}

impl SledStore {
    /// Opens (or creates) the database in `dir`, migrating it to [`SCHEMA_VERSION`].
    /// Fails with [`AppError::StoreLocked`] when another process holds it.
    pub fn open(dir: &Path) -> AppResult<SledStore> {
        SledStore::open_with(dir, Durability::Synced)
    }

    /// [`SledStore::open`] with a choice of durability (for the benchmarks).
    pub fn open_with(dir: &Path, durability: Durability) -> AppResult<SledStore> {
        SledStore::open_keyed(dir, durability, None)
    }

    /// Opens (or creates) the database in `dir` encrypted with `key`: a new database
    /// becomes encrypted; an existing one must have been encrypted with this key
    /// (`auth.wrong_passphrase` otherwise).
    pub fn open_encrypted(dir: &Path, key: crypto::DataKey) -> AppResult<SledStore> {
        SledStore::open_keyed(dir, Durability::Synced, Some(key))
    }

    /// [`SledStore::open_with`] with the data key of an encrypted database.
    pub fn open_keyed(
        dir: &Path,
        durability: Durability,
        key: Option<crypto::DataKey>,
    ) -> AppResult<SledStore> {
        let store = SledStore::open_unindexed(dir, durability, key)?;
        store.load_project_index()?;
        store.load_input_index()?;
        store.load_meeting_index()?;
        store.payout_lists.set(store.all()?);
        store.claims.set(store.all()?);
        store.materials.set(store.all()?);
        store.time_entries.set(store.all()?);
        Ok(store)
    }

    /// The database opened and migrated, its in-memory indexes still empty.
    fn open_unindexed(
        dir: &Path,
        durability: Durability,
        cipher: Option<crypto::DataKey>,
    ) -> AppResult<SledStore> {
        std::fs::create_dir_all(dir).map_err(|e| io_error("create the data folder", &e))?;
        let db = open_db(dir)?;
        let syncer = match durability {
            Durability::Synced => Some(Mutex::new(durable::Syncer::open(dir)?)),
            Durability::FlushOnly => None,
        };
        let store = SledStore {
            meta: db.open_tree(META_TREE)?,
            settings: db.open_tree(SETTINGS_TREE)?,
            audit: db.open_tree(audit::TREE)?,
            audit_tail: Mutex::new(None),
            tables: Table::ALL
                .iter()
                .map(|t| db.open_tree(t.name()))
                .collect::<Result<_, _>>()?,
            db,
            dir: dir.to_owned(),
            project_index: RwLock::new(ProjectIndex::default()),
            input_index: RwLock::new(inputs::InputIndex::default()),
            meeting_index: RwLock::new(meetings::MeetingIndex::default()),
            payout_lists: kept::Kept::default(),
            claims: kept::Kept::default(),
            materials: kept::Kept::default(),
            time_entries: kept::Kept::default(),
            syncer,
            gate: RwLock::new(()),
            changes: std::sync::atomic::AtomicU64::new(0),
            cipher,
        };
        store.check_key()?;
        migrations::run(&store)?;
        Ok(store)
    }

    /// Opens the database in `dir` safely, whatever state the folder is in: in a thread of
    /// its own with a time limit, a panic inside sled caught, and every invariant checked
    /// ([`SledStore::check`]). A failure, panic, hang or broken invariant is
    /// [`AppError::Damaged`] (a lock held by another program stays `store.locked`, a newer
    /// schema `store.schema_too_new`). Index trees that disagree with the records are
    /// rebuilt from them first (they hold nothing else). A hung open leaves its thread
    /// behind; the folder can still be moved aside.
    pub fn open_guarded(dir: &Path, limit: std::time::Duration) -> AppResult<SledStore> {
        SledStore::open_guarded_keyed(dir, limit, None)
    }

    /// [`SledStore::open_guarded`] with the data key of an encrypted database (see
    /// [`SledStore::open_encrypted`]).
    pub fn open_guarded_keyed(
        dir: &Path,
        limit: std::time::Duration,
        key: Option<crypto::DataKey>,
    ) -> AppResult<SledStore> {
        let (tx, rx) = std::sync::mpsc::channel();
        let owned = dir.to_owned();
        let spawned = std::thread::Builder::new()
            .name("samskab-open".into())
            .spawn(move || {
                let result = std::panic::catch_unwind(|| {
                    // Every record is decoded once: for the invariant check and the indexes.
                    let store = SledStore::open_unindexed(&owned, Durability::Synced, key)?;
                    let records = store.readable_records()?;
                    store.check_and_repair_with(&records)?;
                    // From the records already read: sled's `len` would scan each tree again.
                    let counts = Kind::ALL.iter().map(|k| (*k, records.count(*k))).collect();
                    store.check_known_counts_of(&counts)?;
                    store.set_project_index(&records.projects);
                    store.set_input_index(&records.points, &records.inputs);
                    store.set_meeting_index(&records.meetings);
                    store.payout_lists.set(records.payout_lists.clone());
                    store.claims.set(records.claims.clone());
                    store.materials.set(records.materials.clone());
                    store.time_entries.set(records.time_entries.clone());
                    Ok(store)
                });
                let _ = tx.send(result);
            });
        if let Err(e) = spawned {
            return Err(AppError::Storage(format!(
                "cannot start the open thread: {e}"
            )));
        }
        match rx.recv_timeout(limit) {
            Ok(Ok(Ok(store))) => Ok(store),
            Ok(Ok(Err(e))) => Err(match e {
                e @ (AppError::StoreLocked
                | AppError::SchemaTooNew { .. }
                | AppError::Damaged(_)
                | AppError::DiskFull(_)
                | AppError::ReadOnly(_)
                | AppError::Locked
                | AppError::WrongPassphrase
                | AppError::Tampered(_)) => e,
                other => AppError::Damaged(other.to_string()),
            }),
            Ok(Err(panic)) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".into());
                Err(AppError::Damaged(format!("sled panicked on open: {what}")))
            }
            Err(_) => Err(AppError::Damaged(format!(
                "opening took longer than {} s",
                limit.as_secs()
            ))),
        }
    }

    /// Refuses a database that holds fewer records of a kind than it was last known to hold
    /// (`known.json` beside sled's files, written after each verified backup): records are
    /// never deleted, so fewer means lost. sled opens a cut or overwritten log as a smaller
    /// or empty database without an error; this is what notices it.
    pub fn check_known_counts(&self) -> AppResult<()> {
        self.check_known_counts_of(&self.counts()?)
    }

    /// [`SledStore::check_known_counts`] against counts already taken.
    fn check_known_counts_of(
        &self,
        counts: &std::collections::HashMap<Kind, usize>,
    ) -> AppResult<()> {
        let Ok(bytes) = std::fs::read(self.dir.join(KNOWN_COUNTS)) else {
            return Ok(()); // None written yet (a new database, or one from before).
        };
        let Ok(known) = serde_json::from_slice::<std::collections::BTreeMap<String, usize>>(&bytes)
        else {
            log::warn!("{KNOWN_COUNTS} cannot be read; not compared");
            return Ok(());
        };
        let mut lost = Vec::new();
        for kind in Kind::ALL.into_iter().filter(|k| k.is_kept()) {
            let had = known.get(kind.name()).copied().unwrap_or(0);
            let has = counts.get(&kind).copied().unwrap_or(0);
            if has < had {
                lost.push(format!("{} {} of {had}", kind.name(), had - has));
            }
        }
        if lost.is_empty() {
            Ok(())
        } else {
            Err(AppError::Damaged(format!(
                "records are missing since the last verified backup: {}",
                lost.join(", ")
            )))
        }
    }

    /// Notes how many records of each kind the database holds now (after a verified
    /// backup or a restore): the floor [`SledStore::check_known_counts`] compares with.
    pub fn write_known_counts(&self) -> AppResult<()> {
        let counts: std::collections::BTreeMap<&str, usize> = self
            .counts()?
            .into_iter()
            .filter(|(k, _)| k.is_kept())
            .map(|(k, n)| (k.name(), n))
            .collect();
        let bytes = serde_json::to_vec_pretty(&counts)
            .map_err(|e| AppError::Storage(format!("known counts: {e}")))?;
        let path = self.dir.join(KNOWN_COUNTS);
        let tmp = self.dir.join(format!(".{KNOWN_COUNTS}.tmp"));
        std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::File::open(&tmp)?.sync_all())
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| io_error("write the known record counts", &e))?;
        sync_dir(&self.dir)
    }

    /// Compares the key this store was opened with to the database's key check: no key
    /// for an encrypted database is `auth.locked`, another key `auth.wrong_passphrase`.
    /// A new database opened with a key becomes encrypted; an unencrypted one that holds
    /// data is not encrypted by opening it with a key (`store.io`).
    fn check_key(&self) -> AppResult<()> {
        let check = self.meta.get(KEY_CHECK_KEY)?;
        match (&self.cipher, check) {
            (None, None) => Ok(()),
            (None, Some(_)) => Err(AppError::Locked),
            (Some(key), Some(sealed)) => match key.open(KEY_CHECK_KEY, &sealed) {
                Ok(text) if text == KEY_CHECK_TEXT => Ok(()),
                _ => Err(AppError::WrongPassphrase),
            },
            (Some(key), None) => {
                let holds_data = self.schema_version()?.is_some()
                    || !self.settings.is_empty()
                    || self.tables.iter().any(|t| !t.is_empty());
                if holds_data {
                    return Err(AppError::Storage(
                        "the database is not encrypted; it is encrypted through an export".into(),
                    ));
                }
                self.meta
                    .insert(KEY_CHECK_KEY, key.seal(KEY_CHECK_KEY, KEY_CHECK_TEXT)?)?;
                self.flush()
            }
        }
    }

    /// The data key (to open a restored copy of this database with the same key).
    pub fn data_key(&self) -> Option<crypto::DataKey> {
        self.cipher.clone()
    }

    /// Whether the stored values are encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.cipher.is_some()
    }

    /// Whether `key` is this database's data key (a passphrase given at the lock screen
    /// opened a slot of this database's key file).
    pub fn is_key(&self, key: &crypto::DataKey) -> bool {
        self.meta
            .get(KEY_CHECK_KEY)
            .ok()
            .flatten()
            .is_some_and(|sealed| key.open(KEY_CHECK_KEY, &sealed).is_ok())
    }

    /// The data key wrapped by `secret` (a new passphrase's slot); `store.io` for a
    /// database that is not encrypted.
    pub fn wrap_key(&self, secret: &[u8], kdf: crypto::KdfParams) -> AppResult<crypto::KeySlot> {
        match &self.cipher {
            Some(key) => crypto::KeySlot::wrap(key, secret, kdf),
            None => Err(AppError::Storage("the database is not encrypted".into())),
        }
    }

    /// The folder the database lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The schema version recorded in the database (`None` for one written before versions).
    pub fn schema_version(&self) -> AppResult<Option<u32>> {
        match self.meta.get(SCHEMA_KEY)? {
            Some(bytes) => Ok(Some(codec::decode_u32(&bytes)?)),
            None => Ok(None),
        }
    }

    fn set_schema_version(&self, version: u32) -> AppResult<()> {
        self.meta.insert(SCHEMA_KEY, &version.to_be_bytes())?;
        Ok(())
    }

    /// Writes everything to stable storage: sled's flush, then a real sync of its files
    /// (see `durable`). Called by every change before it returns.
    pub fn flush(&self) -> AppResult<()> {
        self.db.flush()?;
        if let Some(syncer) = &self.syncer {
            syncer
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .sync()?;
        }
        Ok(())
    }

    /// Refuses a change of about `bytes` when it would leave less than [`DISK_RESERVE`] free.
    pub(crate) fn check_space(&self, bytes: u64) -> AppResult<()> {
        match fs2::available_space(&self.dir) {
            Ok(free) if free < DISK_RESERVE.saturating_add(bytes.saturating_mul(2)) => {
                Err(AppError::DiskFull(format!(
                    "{free} bytes free in {}, a change needs {} more",
                    self.dir.display(),
                    DISK_RESERVE
                )))
            }
            Ok(_) => Ok(()),
            // Unknown free space (an odd file system): let the write itself tell.
            Err(_) => Ok(()),
        }
    }

    /// Notes that a change was committed (before its flush): counted, and its time kept.
    pub(crate) fn changed(&self) -> AppResult<()> {
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let now = chrono::Utc::now().timestamp_millis();
        self.meta.insert(LAST_CHANGE_KEY, &now.to_be_bytes())?;
        Ok(())
    }

    /// How many changes were committed since the store was opened.
    pub fn change_count(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// When the last change was committed (kept in the database across starts).
    pub fn last_change(&self) -> AppResult<Option<chrono::DateTime<chrono::Utc>>> {
        Ok(self.meta.get(LAST_CHANGE_KEY)?.and_then(|b| {
            let ms = i64::from_be_bytes(b.as_ref().try_into().ok()?);
            chrono::DateTime::from_timestamp_millis(ms)
        }))
    }

    /// Whether the database holds any data records (settings aside).
    pub fn is_empty(&self) -> bool {
        self.table(Table::Projects).is_empty()
    }
}

impl SledStore {
    /// Every payout list, in id (= creation) order, from memory.
    pub fn payout_lists(&self) -> Vec<std::sync::Arc<crate::domain::payout::PayoutList>> {
        self.payout_lists.all()
    }

    /// Every claim, in id (= creation) order, from memory.
    pub fn claims(&self) -> Vec<std::sync::Arc<crate::domain::payout::Claim>> {
        self.claims.all()
    }

    /// The time entries dated in `[from, to]`, in id order, from memory.
    pub fn time_entries_between(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Vec<crate::domain::hours::TimeEntry> {
        self.time_entries
            .all()
            .iter()
            .filter(|e| e.date >= from && e.date <= to)
            .map(|e| e.as_ref().clone())
            .collect()
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        // Every change is already flushed; this is a last safety net for the exit path.
        let _ = self.db.flush();
    }
}

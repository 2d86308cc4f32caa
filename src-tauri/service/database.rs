//! The open database of a running app, and what may replace it: a restored backup or an
//! imported export. [`Database`] holds the store (or why it could not be opened), the data
//! folder, and the backup bookkeeping; every command reaches the store through it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::backup::{self, BackupInfo};
use super::live::Sink;
use super::progress::Progress;
use crate::domain::error::{AppError, AppResult, ErrorPayload};
use crate::store::pg::ConnectOptions;
use crate::store::Store;
use std::sync::atomic::AtomicBool;

/// How long opening may take before the folder counts as damaged. Generous: a large
/// database on a slow disk takes a few seconds.
pub const OPEN_LIMIT: Duration = Duration::from_secs(30);

/// What a restore or import did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Restored {
    /// The backup taken of the database just before it was replaced, if it had one.
    pub safety_backup: Option<BackupInfo>,
    /// Where the replaced (or damaged) data folder was moved, when it was kept.
    pub moved_aside: Option<String>,
}

pub struct Database {
    pub(super) store: RwLock<Result<Arc<Store>, ErrorPayload>>,
    pub(super) data_dir: PathBuf,
    /// Team mode: the shared database's address (the store is PostgreSQL once signed in).
    shared: RwLock<Option<ConnectOptions>>,
    /// Where live events go, and the stop switch of the listener now running.
    live: Mutex<(Option<Sink>, Option<Arc<AtomicBool>>)>,
    /// Backups, restores and imports run one at a time; holds the change count at the
    /// last backup (`None`: none taken in this run).
    pub(super) backups: Mutex<Option<u64>>,
    /// The day the retention job last ran (`None`: not yet in this run, or a restore since).
    retention_day: Mutex<Option<chrono::NaiveDate>>,
    /// An erasure was committed but the rewrite that takes it off the disk failed: the
    /// retention job tries it again.
    purge_pending: AtomicBool,
    pub(super) open_limit: Duration,
    /// The encrypted embedded database: its key parameters for new passphrases, whether
    /// it is locked, and the sign-ins one at a time (`vault`).
    pub(super) vault: super::vault::Vault,
}

impl Database {
    /// Opens the database in `data_dir` safely (see [`Store::open_guarded`]).
    pub fn open(data_dir: &Path, open_limit: Duration) -> Database {
        let store = open_local(data_dir, open_limit, None);
        if let Err(e) = &store {
            log::error!("the database in {} did not open: {e}", data_dir.display());
        }
        Database::with(data_dir, store.map_err(|e| e.payload()), None, open_limit)
    }

    fn with(
        data_dir: &Path,
        store: Result<Arc<Store>, ErrorPayload>,
        shared: Option<ConnectOptions>,
        open_limit: Duration,
    ) -> Database {
        Database {
            store: RwLock::new(store),
            data_dir: data_dir.to_owned(),
            shared: RwLock::new(shared),
            live: Mutex::new((None, None)),
            backups: Mutex::new(None),
            retention_day: Mutex::new(None),
            purge_pending: AtomicBool::new(false),
            open_limit,
            vault: super::vault::Vault::default(),
        }
    }

    /// Team mode: the shared database at `options`, waiting for the person to sign in
    /// ([`Database::sign_in`]). The local database in `data_dir` is not opened.
    pub fn open_shared(data_dir: &Path, options: ConnectOptions, open_limit: Duration) -> Database {
        Database::with(
            data_dir,
            Err(AppError::SignInNeeded.payload()),
            Some(options),
            open_limit,
        )
    }

    /// A database that could not be reached at all (an address that cannot be read):
    /// the window shows `error` and offers the local database.
    pub fn unavailable(data_dir: &Path, error: AppError, open_limit: Duration) -> Database {
        Database::with(data_dir, Err(error.payload()), None, open_limit)
    }

    /// Where live events go from now on (the window).
    pub fn set_live_sink(&self, sink: Sink) {
        self.live.lock().unwrap_or_else(PoisonError::into_inner).0 = Some(sink);
    }

    /// The shared database's address in team mode.
    pub fn shared(&self) -> Option<ConnectOptions> {
        self.shared
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Signs in to the shared database of team mode with `password` (kept in memory for
    /// the connections of this run only).
    pub fn sign_in(&self, password: &str) -> AppResult<()> {
        let options = self.shared().ok_or(AppError::NotLocal)?;
        self.switch_to_shared(options.with_password(password))?;
        let store = self.store()?;
        let who = store.person().map(|p| p.name).unwrap_or_default();
        super::audit::note(
            &store,
            &who,
            crate::domain::audit::AuditAction::SignIn,
            "login",
            None,
            "",
        )?;
        // The retention rule of the audit log, carried out by an administrator's login
        // (the only one allowed to); logged, never in the way of the sign-in.
        if store
            .require(crate::domain::roles::Access::AuditLog)
            .is_ok()
        {
            if let Err(e) = super::audit::apply_retention(&store, Utc::now()) {
                log::error!("the audit log's retention rule was not applied: {e}");
            }
        }
        Ok(())
    }

    /// Uses the shared database at `options` (with the password) from now on; the local
    /// database is closed and left as it was.
    pub fn use_shared(&self, options: ConnectOptions) -> AppResult<()> {
        self.switch_to_shared(options)
    }

    fn switch_to_shared(&self, options: ConnectOptions) -> AppResult<()> {
        let store = Store::connect(options.clone())?;
        // What an erasure cut short, or a restore of the server's backup brought back.
        if store.may(crate::domain::roles::Access::EditMembers) {
            finish_erasures(&store);
        }
        let old = {
            let mut slot = self.store.write().unwrap_or_else(PoisonError::into_inner);
            std::mem::replace(&mut *slot, Ok(Arc::new(store)))
        };
        if let Ok(old) = old {
            // Closes the local database once no command holds it any more.
            let _ = wait_unique(old, Duration::from_secs(20));
        }
        *self.shared.write().unwrap_or_else(PoisonError::into_inner) = Some(options.clone());
        self.listen(Some(options));
        Ok(())
    }

    /// Goes back to the local database in the data folder.
    pub fn use_local(&self) -> AppResult<()> {
        self.listen(None);
        *self.shared.write().unwrap_or_else(PoisonError::into_inner) = None;
        let old = {
            let mut slot = self.store.write().unwrap_or_else(PoisonError::into_inner);
            std::mem::replace(&mut *slot, Err(AppError::StoreUnavailable.payload()))
        };
        drop(old);
        self.reopen();
        match self.error() {
            None => Ok(()),
            Some(e) => Err(AppError::Storage(format!(
                "the local database did not open: {}",
                e.message
            ))),
        }
    }

    /// Stops the listener now running and starts one for `options` (none for `None`).
    fn listen(&self, options: Option<ConnectOptions>) {
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(stop) = live.1.take() {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let (Some(options), Some(sink)) = (options, live.0.clone()) else {
            return;
        };
        let stop = Arc::new(AtomicBool::new(false));
        match super::live::spawn(options, sink, stop.clone()) {
            Ok(()) => live.1 = Some(stop),
            Err(e) => log::error!("the live refresh did not start: {e}"),
        }
    }

    /// The open store, or `store.unavailable` (also while it is locked).
    pub fn store(&self) -> AppResult<Arc<Store>> {
        if self.vault.is_locked() {
            return Err(AppError::StoreUnavailable);
        }
        self.held()
    }

    /// The open store even while it is locked: for the backups of the app itself, never
    /// for a command.
    pub(super) fn held(&self) -> AppResult<Arc<Store>> {
        self.store
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(Arc::clone)
            .map_err(|_| AppError::StoreUnavailable)
    }

    /// Why the database is not open, if it is not (`auth.locked` while it is locked).
    pub fn error(&self) -> Option<ErrorPayload> {
        if self.vault.is_locked() {
            return Some(AppError::Locked.payload());
        }
        self.store
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .err()
            .cloned()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn backup_dir(&self) -> PathBuf {
        PathBuf::from(backup::folder(&self.data_dir).folder)
    }

    /// Takes a verified backup now (whether or not anything changed).
    pub fn backup_now(&self, now: DateTime<Utc>, progress: &Progress) -> AppResult<BackupInfo> {
        let mut last = self.backups.lock().unwrap_or_else(PoisonError::into_inner);
        self.take_backup(&mut last, &*self.store()?, now, progress)
    }

    /// Takes a backup if something changed since the last one of this run (or none was
    /// taken yet): at start, every 15 minutes and on close. `Ok(None)` when not needed.
    pub fn backup_if_changed(&self, now: DateTime<Utc>) -> AppResult<Option<BackupInfo>> {
        let mut last = self.backups.lock().unwrap_or_else(PoisonError::into_inner);
        let store = self.held()?;
        // The shared database is backed up by its server (docs/team-mode.md).
        if store.is_shared() || *last == Some(store.change_count()) {
            return Ok(None);
        }
        let info = self.take_backup(&mut last, &store, now, &Progress::none())?;
        // The timer's backup is in the log like one asked for; the retention rule runs.
        super::audit::note(
            &store,
            "Samskab",
            crate::domain::audit::AuditAction::Backup,
            "database",
            None,
            &info.file_name,
        )?;
        super::audit::apply_retention(&store, now)?;
        Ok(Some(info))
    }

    /// The one way a backup of the live database is taken (the caller holds the backup
    /// lock, `last`): verified, then its record counts noted as the floor the next open
    /// compares with, then the change count remembered.
    fn take_backup(
        &self,
        last: &mut Option<u64>,
        store: &Store,
        now: DateTime<Utc>,
        progress: &Progress,
    ) -> AppResult<BackupInfo> {
        let count = store.change_count();
        store.sled()?;
        let info = backup::take(store, &self.backup_dir(), now, progress)?;
        store.sled()?.write_known_counts()?;
        *last = Some(count);
        Ok(info)
    }

    /// Restores the database from export file `file` (a backup or an export). With
    /// `require_empty`, only into a database that holds no records (the import of an
    /// export). The current database is first backed up (when it opens), then the file's
    /// database is built and checked beside it, and only then swapped in. Any failure
    /// leaves the database as it was.
    pub fn restore(
        &self,
        file: &Path,
        require_empty: bool,
        now: DateTime<Utc>,
    ) -> AppResult<Restored> {
        self.restore_with(file, require_empty, now, None)
    }

    /// [`Database::restore`] of a file encrypted with `passphrase` (an export made with
    /// one, see `archive::Protect::Passphrase`).
    pub fn restore_with(
        &self,
        file: &Path,
        require_empty: bool,
        now: DateTime<Utc>,
        passphrase: Option<&str>,
    ) -> AppResult<Restored> {
        let mut last = self.backups.lock().unwrap_or_else(PoisonError::into_inner);
        let today = super::board::today();
        if self.shared().is_some() {
            return Err(AppError::NotLocal);
        }
        let current = self.store();
        // An encrypted database is restored encrypted with its own key: the key comes
        // from the open store, so a locked one restores nothing (`auth.locked`).
        // A damaged one that a passphrase opened the key of is rebuilt with that key.
        let key = current
            .as_ref()
            .ok()
            .and_then(|s| s.sled().ok())
            .and_then(|s| s.data_key())
            .or_else(|| self.vault.unopened().map(|u| u.key));
        if key.is_none() && crate::store::keyring::Keyring::exists(&self.data_dir) {
            return Err(AppError::Locked);
        }
        if require_empty {
            if let Ok(store) = &current {
                let holds_records = store.counts()?.iter().any(|(k, n)| {
                    !matches!(k, crate::store::Kind::Settings | crate::store::Kind::Drafts)
                        && *n > 0
                });
                if holds_records {
                    return Err(AppError::Import {
                        rule: "not_empty",
                        detail: "import goes into an empty database only".into(),
                    });
                }
            }
        }
        let safety_backup = match &current {
            Ok(store) if !require_empty => Some(backup::take(
                store,
                &self.backup_dir(),
                now,
                &Progress::none(),
            )?),
            _ => None,
        };
        // What was erased here stays erased, whatever the file holds.
        let erasures = match &current {
            Ok(store) => store.settings()?.erasures,
            Err(_) => Default::default(),
        };
        drop(current);
        // An export from elsewhere is held to every form rule; the unit's own backup is
        // restored as it was (a rule tightened since must not lock its data out).
        let checks = if require_empty {
            super::archive::Checks::Forms(today)
        } else {
            super::archive::Checks::Structure
        };
        let prepared = backup::prepare(
            &self.data_dir,
            file,
            checks,
            key.clone(),
            passphrase,
            &erasures,
        )?;
        // Close the live store: nobody reaches it from here on, and once the last command
        // that holds it has finished it is dropped (flushed and unlocked).
        let taken = {
            let mut slot = self.store.write().unwrap_or_else(PoisonError::into_inner);
            std::mem::replace(&mut *slot, Err(AppError::StoreUnavailable.payload()))
        };
        let was_open = taken.is_ok();
        // The restored database keeps this one's audit log (the backup holds none). An
        // entry that cannot be read leaves a gap the check reports, and is counted below.
        let (log, unreadable) = match &taken {
            Ok(store) => super::audit::readable_and_not(store)?,
            Err(_) => (Vec::new(), 0),
        };
        // Who was signed in stays signed in, if the restored database has that profile.
        let signed_in = taken.as_ref().ok().and_then(|s| s.person());
        if let Ok(store) = taken {
            if let Err(store) = wait_unique(store, Duration::from_secs(20)) {
                *self.store.write().unwrap_or_else(PoisonError::into_inner) = Ok(store);
                let _ = std::fs::remove_dir_all(&prepared);
                return Err(AppError::Storage("the database is busy; try again".into()));
            }
        }
        let aside = match backup::swap_in(&self.data_dir, &prepared, now) {
            Ok(aside) => aside,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&prepared);
                self.reopen_keyed(key);
                return Err(e);
            }
        };
        self.reopen_keyed(key);
        if let Some(e) = self.error() {
            return Err(AppError::Storage(format!(
                "the restored database did not open: {}",
                e.message
            )));
        }
        if let Ok(store) = self.store() {
            store.sled()?.audit_take_over(&log)?;
            if unreadable > 0 {
                super::audit::note(
                    &store,
                    &super::actor(&store).unwrap_or_default(),
                    crate::domain::audit::AuditAction::Restore,
                    "audit_log",
                    None,
                    &format!("{{\"unreadable_entries\":{}}}", unreadable),
                )?;
            }
            // The restore is done: a profile the backup lacks is said in the log, and the
            // sign-in screen asks as at any start.
            if let Err(e) = self.sign_in_unopened(&store) {
                log::error!("signing in after the restore failed: {e}");
            }
        }
        // The retention rules look at the restored records at the next tick.
        *self
            .retention_day
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        if let (Some(before), Ok(store)) = (signed_in, self.store()) {
            if let Some(p) = store
                .settings()?
                .people
                .into_iter()
                .find(|p| p.id == before.id)
            {
                store.set_person(Some(p))?;
            }
        }
        *last = None;
        // The replaced database lives on in the safety backup; a damaged one is kept.
        let moved_aside = if was_open && safety_backup.is_some() && !aside.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&aside);
            None
        } else if aside.as_os_str().is_empty() {
            None
        } else {
            Some(aside.display().to_string())
        };
        Ok(Restored {
            safety_backup,
            moved_aside,
        })
    }

    /// The retention job (`service::rights::apply_retention_rules`) once a day — called by
    /// the backup timer, so at start and after each midnight — for `today`. What it erases
    /// leaves the disk too. `Ok(None)` when it ran today already.
    pub fn retention_if_due(
        &self,
        today: chrono::NaiveDate,
        now: DateTime<Utc>,
    ) -> AppResult<Option<super::rights::RetentionRun>> {
        let mut last = self
            .retention_day
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self.purge_pending.load(std::sync::atomic::Ordering::SeqCst) {
            self.purge(now)?;
        }
        if *last == Some(today) {
            return Ok(None);
        }
        // Locked, or not open: the next tick tries again.
        let store = self.store()?;
        let run = super::rights::apply_retention_rules(&store, today, now)?;
        if run.erased_any() {
            // In the log like any erasure, with what went (counts, no ids of people).
            super::audit::note(
                &store,
                "Samskab",
                crate::domain::audit::AuditAction::Delete,
                "retention",
                None,
                &format!(
                    "{{\"contributors\":{},\"texts\":{},\"members\":{}}}",
                    run.contributors, run.texts, run.members
                ),
            )?;
        }
        drop(store);
        if run.erased_any() {
            self.purge(now)?;
        }
        *last = Some(today);
        Ok(Some(run))
    }

    /// After an erasure: the embedded database written anew ([`Database::rewrite`]); on
    /// the shared database nothing more (the server's own cleaning applies there).
    pub fn purge(&self, now: DateTime<Utc>) -> AppResult<()> {
        if self.shared().is_some() {
            return Ok(());
        }
        use std::sync::atomic::Ordering;
        self.purge_pending.store(true, Ordering::SeqCst);
        self.rewrite(now)?;
        self.purge_pending.store(false, Ordering::SeqCst);
        Ok(())
    }

    /// Writes the embedded database anew — every record, the settings and the audit log,
    /// with the same key when it is encrypted — and removes the old folder, so that no
    /// replaced value is left in sled's log on the disk (after an erasure). Who is signed
    /// in stays signed in. Any failure before the swap leaves the database as it was.
    pub fn rewrite(&self, now: DateTime<Utc>) -> AppResult<()> {
        let mut last = self.backups.lock().unwrap_or_else(PoisonError::into_inner);
        if self.shared().is_some() {
            return Err(AppError::NotLocal);
        }
        let store = self.store()?;
        let key = store.sled()?.data_key();
        let ring = match key {
            Some(_) => Some(
                crate::store::keyring::Keyring::read(&self.data_dir)?.ok_or_else(|| {
                    AppError::KeyringMissing(format!("no key file in {}", self.data_dir.display()))
                })?,
            ),
            None => None,
        };
        let signed_in = store.person();
        let staging = backup::sibling(&self.data_dir, "omskrives");
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .map_err(|e| AppError::io("clear an unfinished rewrite", &e))?;
        }
        drop(store);
        let old = self.take_out_of_use()?;
        if let Err(e) = build_copy(&old, &staging, key.clone(), ring.as_ref()).map(drop) {
            let _ = std::fs::remove_dir_all(&staging);
            self.put_back(old);
            return Err(e);
        }
        drop(old);
        let aside = match backup::swap_in(&self.data_dir, &staging, now) {
            Ok(aside) => aside,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                self.reopen_keyed(key);
                return Err(e);
            }
        };
        self.reopen_keyed(key);
        let store = self.store().map_err(|_| {
            AppError::Storage(format!(
                "the rewritten database did not open; the old one is in {}",
                aside.display()
            ))
        })?;
        store.set_person(signed_in)?;
        // The old folder holds the replaced values: it goes.
        if !aside.as_os_str().is_empty() {
            std::fs::remove_dir_all(&aside)
                .map_err(|e| AppError::io("remove the old database folder", &e))?;
        }
        *last = None;
        Ok(())
    }

    /// Takes the open store out of use: commands get `store.unavailable` from now on, and
    /// the ones still holding it are waited for (up to 20 s). Gives it back only it held;
    /// [`Database::put_back`] undoes it.
    pub(super) fn take_out_of_use(&self) -> AppResult<Arc<Store>> {
        let taken = {
            let mut slot = self.store.write().unwrap_or_else(PoisonError::into_inner);
            std::mem::replace(&mut *slot, Err(AppError::StoreUnavailable.payload()))
        };
        let store = match taken {
            Ok(store) => store,
            Err(e) => {
                *self.store.write().unwrap_or_else(PoisonError::into_inner) = Err(e);
                return Err(AppError::StoreUnavailable);
            }
        };
        let started = std::time::Instant::now();
        while Arc::strong_count(&store) > 1 {
            if started.elapsed() > Duration::from_secs(20) {
                self.put_back(store);
                return Err(AppError::Storage("the database is busy; try again".into()));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(store)
    }

    /// Puts a store taken out of use back.
    pub(super) fn put_back(&self, store: Arc<Store>) {
        *self.store.write().unwrap_or_else(PoisonError::into_inner) = Ok(store);
    }

    pub(super) fn reopen(&self) {
        self.reopen_keyed(None);
    }

    /// Opens the local database again, with the data key when it is encrypted.
    pub(super) fn reopen_keyed(&self, key: Option<crate::store::crypto::DataKey>) {
        let store = open_local(&self.data_dir, self.open_limit, key);
        *self.store.write().unwrap_or_else(PoisonError::into_inner) =
            store.map_err(|e| e.payload());
    }

    /// Flushes on exit.
    pub fn flush(&self) {
        if let Ok(store) = self.held() {
            let Ok(store) = store.sled() else { return };
            if let Err(e) = store.flush() {
                log::error!("flush on exit failed: {e}");
            }
        }
    }
}

/// Opens the local database safely and signs in its one profile, if it has one
/// (`service::people::at_start`).
fn open_local(
    dir: &Path,
    limit: Duration,
    key: Option<crate::store::crypto::DataKey>,
) -> AppResult<Arc<Store>> {
    let store = Store::open_guarded_keyed(dir, limit, key).map_err(|e| match e {
        // An encrypted database without its key file beside it.
        AppError::Locked if !crate::store::keyring::Keyring::exists(dir) => {
            AppError::KeyringMissing(format!("no key file in {}", dir.display()))
        }
        other => other,
    })?;
    super::people::at_start(&store)?;
    finish_erasures(&store);
    Ok(Arc::new(store))
}

/// Finishes what an erasure cut short (see `service::rights`); logged, never fatal: the
/// next start tries again.
pub(super) fn finish_erasures(store: &Store) {
    if let Err(e) = super::rights::apply_erasures(store, Utc::now()) {
        log::error!("the erasure list was not applied at start: {e}");
    }
}

/// Builds a copy of `old` (every record, the settings and the audit log) in the new
/// folder `staging`, sealed with `key` when given (with the key file `ring`), checked.
pub(super) fn build_copy(
    old: &Store,
    staging: &Path,
    key: Option<crate::store::crypto::DataKey>,
    ring: Option<&crate::store::keyring::Keyring>,
) -> AppResult<crate::store::SledStore> {
    let records = old.sled()?.records()?;
    let (log, unreadable) = super::audit::readable_and_not(old)?;
    if let Some(ring) = ring {
        ring.write(staging)?;
    }
    let target =
        crate::store::SledStore::open_keyed(staging, crate::store::Durability::Synced, key)?;
    target.load(&records)?;
    target.check()?;
    target.audit_take_over(&log)?;
    target.write_known_counts()?;
    // As a restore does: entries that did not read leave a gap the check reports; say how many.
    if unreadable > 0 {
        target.audit_append(crate::domain::audit::AuditEvent {
            at: Utc::now(),
            who: "Samskab".into(),
            action: crate::domain::audit::AuditAction::Change,
            kind: "audit_log".into(),
            record: None,
            detail: format!("{{\"unreadable_entries\":{}}}", unreadable),
        })?;
    }
    Ok(target)
}

/// Waits until `store` is the only handle left, then drops it (closing the database).
/// Gives the store back when others still hold it after `limit`.
fn wait_unique(mut store: Arc<Store>, limit: Duration) -> Result<(), Arc<Store>> {
    let started = std::time::Instant::now();
    loop {
        match Arc::try_unwrap(store) {
            Ok(inner) => {
                drop(inner);
                return Ok(());
            }
            Err(shared) if started.elapsed() < limit => {
                store = shared;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(shared) => return Err(shared),
        }
    }
}

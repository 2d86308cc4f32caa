//! The encrypted embedded database (issue 11): the first start, signing in with a
//! profile's passphrase or the recovery key, the lock, and new passphrases.
//!
//! The data key lives in the open store only (`SledStore`'s cipher); the key file
//! (`store::keyring`) holds it wrapped once per profile and once by the recovery key.
//! Locking keeps the store open for the app's own backups but refuses every command
//! until a passphrase of this database's key file is given again
//! ([`Database::store`] is `store.unavailable`, [`Database::error`] `auth.locked`).
//!
//! Wrong passphrases are counted beside the database (`forsoeg.json`); after
//! [`FREE_TRIES`](crate::domain::auth::FREE_TRIES) in a row each try waits longer
//! (`auth.wait`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::database::Database;
use crate::domain::audit::AuditAction;
use crate::domain::auth::{
    check_new_passphrase, Attempts, DemoHint, FirstProfile, FirstProfileInput, PassphraseChange,
    ProfileName, RecoveryInput, RecoveryRestoreInput, SignInScreen,
};
use crate::domain::error::{gather, AppError, AppResult, FieldError, Rule};
use crate::domain::roles::{Access, Person, PersonInput, Role};
use crate::domain::{new_id, Id};
use crate::store::crypto::{DataKey, KdfParams, RecoveryKey};
use crate::store::keyring::Keyring;
use crate::store::Store;

const ATTEMPTS_FILE: &str = "forsoeg.json";

/// The demo database's profile and passphrase (`--demo` on a new folder), shown on the
/// sign-in screen.
pub const DEMO_NAME: &str = "Demo";
pub const DEMO_PASSPHRASE: &str = "samskab-demo";

/// The first profile's roles: it sets Samskab up and works in it (a consultant may do all
/// but backups and people, which the administrator may).
const FIRST_ROLES: [Role; 2] = [Role::Consultant, Role::Administrator];

/// What a new, empty data folder becomes at the first start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstStart {
    /// The first profile and its passphrase are asked for (`auth.setup_needed`).
    Ask,
    /// `--demo`: encrypted, with the demo profile and passphrase shown at sign-in.
    Demo,
    /// Not encrypted, as before issue 11: the tests that are not about encryption.
    Plain,
}

/// The state of encryption of a running app's database.
pub struct Vault {
    locked: AtomicBool,
    kdf: RwLock<KdfParams>,
    /// Sign-ins and passphrase changes one at a time (each takes Argon2's time and memory,
    /// and the count of wrong tries must not race).
    busy: Mutex<()>,
    /// A passphrase opened the key but the database did not open (damaged): the key and
    /// who signed in, so the damaged screen's restore can rebuild it encrypted and sign
    /// them in.
    unopened: Mutex<Option<Unopened>>,
}

/// See [`Vault::unopened`].
#[derive(Clone)]
pub(super) struct Unopened {
    pub key: DataKey,
    pub profile: Id,
    pub name: String,
}

impl Default for Vault {
    fn default() -> Self {
        Vault {
            locked: AtomicBool::new(false),
            kdf: RwLock::new(KdfParams::DEFAULT),
            busy: Mutex::new(()),
            unopened: Mutex::new(None),
        }
    }
}

impl Vault {
    /// Whether the open database is locked (the sign-in screen shows).
    pub fn is_locked(&self) -> bool {
        self.locked.load(Ordering::SeqCst)
    }

    fn one_at_a_time(&self) -> std::sync::MutexGuard<'_, ()> {
        self.busy.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn kdf(&self) -> KdfParams {
        *self.kdf.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The key of a database a passphrase opened but that did not open (see
    /// [`Vault::unopened`]), for the restore that rebuilds it.
    pub(super) fn unopened(&self) -> Option<Unopened> {
        self.unopened
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(super) fn forget_unopened(&self) {
        *self.unopened.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

/// The backup file and recovery key typed for a recovery restore, checked.
fn recovery_fields(path: &str, recovery_key: &str) -> AppResult<(PathBuf, RecoveryKey)> {
    let mut errors = Vec::new();
    if path.trim().is_empty() {
        errors.push(FieldError::new("path", Rule::Required));
    }
    let recovery = gather(
        RecoveryKey::parse(recovery_key, "recovery_key"),
        &mut errors,
    )?;
    match recovery.filter(|_| errors.is_empty()) {
        Some(r) => Ok((PathBuf::from(path.trim()), r)),
        None => Err(AppError::Validation(errors)),
    }
}

/// Checks a new passphrase typed in the fields `passphrase` and `passphrase_repeat`.
fn new_passphrase(passphrase: &str, repeat: &str) -> AppResult<()> {
    check_new_passphrase("passphrase", passphrase, "passphrase_repeat", repeat)
}

/// Whether `dir` holds no database yet.
pub fn is_new_folder(dir: &Path) -> bool {
    !dir.join("db").exists() && !dir.join("conf").exists() && !Keyring::exists(dir)
}

fn read_attempts(dir: &Path) -> Attempts {
    std::fs::read(dir.join(ATTEMPTS_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn write_attempts(dir: &Path, attempts: &Attempts) {
    let path = dir.join(ATTEMPTS_FILE);
    let result = if *attempts == Attempts::default() {
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    } else {
        // A lost data folder's first start counts wrong recovery keys too.
        serde_json::to_vec(attempts)
            .map_err(std::io::Error::other)
            .and_then(|b| {
                std::fs::create_dir_all(dir)?;
                std::fs::write(&path, b)
            })
    };
    if let Err(e) = result {
        log::error!("the count of wrong passphrases was not saved: {e}");
    }
}

/// The key file of the database in `dir`; `store.keyring_missing` without one.
fn keyring(dir: &Path) -> AppResult<Keyring> {
    Keyring::read(dir)?
        .ok_or_else(|| AppError::KeyringMissing(format!("no key file in {}", dir.display())))
}

/// Signs in profile `id` of the just opened or unlocked `store`. A database whose
/// profiles were never saved (a first start cut short after the key file was written)
/// gets that profile back with the first profile's roles.
fn sign_in_profile(store: &Store, id: Id, name: &str) -> AppResult<Person> {
    let mut settings = store.settings()?;
    let person = match settings.people.iter().find(|p| p.id == id) {
        Some(p) => p.clone(),
        None if settings.people.is_empty() => {
            let person = Person {
                id,
                name: name.to_owned(),
                roles: FIRST_ROLES.to_vec(),
            };
            settings.people.push(person.clone());
            store.save_settings(&settings)?;
            person
        }
        None => return Err(AppError::NotFound { entity: "person" }),
    };
    store.set_person(Some(person.clone()))?;
    Ok(person)
}

impl Database {
    /// The database of the app at start: an encrypted one waits for a passphrase
    /// (`auth.locked`); a new folder becomes what `first` says; an unencrypted one opens
    /// as before.
    pub fn start(data_dir: &Path, open_limit: Duration, first: FirstStart) -> Database {
        match Keyring::read(data_dir) {
            Err(e) => Database::unavailable(data_dir, e, open_limit),
            Ok(Some(_)) => Database::unavailable(data_dir, AppError::Locked, open_limit),
            Ok(None) if is_new_folder(data_dir) && first == FirstStart::Ask => {
                Database::unavailable(data_dir, AppError::SetupNeeded, open_limit)
            }
            Ok(None) if is_new_folder(data_dir) && first == FirstStart::Demo => {
                let db = Database::unavailable(data_dir, AppError::SetupNeeded, open_limit);
                if let Err(e) = db.make_demo() {
                    log::error!("the demo database was not made: {e}");
                    return Database::unavailable(data_dir, e, open_limit);
                }
                db
            }
            Ok(None) => Database::open(data_dir, open_limit),
        }
    }

    /// Uses `kdf` for the passphrases set from now on (the tests use cheap ones; the app
    /// keeps [`KdfParams::DEFAULT`]).
    pub fn set_kdf(&self, kdf: KdfParams) {
        *self
            .vault
            .kdf
            .write()
            .unwrap_or_else(PoisonError::into_inner) = kdf;
    }

    /// Whether this is an encrypted embedded database.
    pub fn is_encrypted(&self) -> bool {
        self.shared().is_none() && Keyring::exists(&self.data_dir)
    }

    /// What the sign-in screen shows, while the encrypted database waits for a passphrase.
    pub fn sign_in_screen(&self) -> Option<SignInScreen> {
        if self
            .error()
            .is_none_or(|e| e.code != AppError::Locked.code())
        {
            return None;
        }
        let ring = Keyring::read(&self.data_dir).ok().flatten()?;
        Some(SignInScreen {
            profiles: ring
                .profiles()
                .into_iter()
                .map(|(id, name)| ProfileName { id, name })
                .collect(),
            demo: ring.demo.clone(),
        })
    }

    /// Refuses unless the database is not open because of `waits_for` (`auth.locked`,
    /// `auth.setup_needed`): `not_allowed.<rule>` otherwise.
    fn must_wait_for(&self, waits_for: AppError, rule: &'static str) -> AppResult<()> {
        match self.error() {
            Some(e) if e.code == waits_for.code() => Ok(()),
            _ => Err(AppError::NotAllowed { rule }),
        }
    }

    /// The first start: makes the data key, the first profile (a consultant and
    /// administrator) with its
    /// passphrase, and the recovery key (returned to be shown once); the new encrypted
    /// database opens with that profile signed in.
    pub fn set_up(&self, input: &FirstProfileInput) -> AppResult<FirstProfile> {
        let _busy = self.vault.one_at_a_time();
        self.must_wait_for(AppError::SetupNeeded, "already_set_up")?;
        // A first start cut short after the key file was written: that key file opens the
        // database (sign in with the passphrase chosen then); a second key would not.
        if Keyring::exists(&self.data_dir) {
            return Err(AppError::NotAllowed {
                rule: "already_set_up",
            });
        }
        let profile = PersonInput {
            name: input.name.clone(),
            roles: vec![Role::Administrator.as_str().to_owned()],
            passphrase: None,
        };
        let mut errors = Vec::new();
        let valid = gather(profile.validated(&[]), &mut errors)?;
        gather(
            new_passphrase(&input.passphrase, &input.passphrase_repeat),
            &mut errors,
        )?;
        let Some((name, _)) = valid.filter(|_| errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let recovery = RecoveryKey::generate()?;
        let person = self.create(&name, &input.passphrase, &recovery, None)?;
        // From here the database exists: the recovery key must reach the screen, so a
        // failure to log the sign-in is logged, not returned.
        if let Err(e) = self
            .held()
            .and_then(|s| self.log_sign_in(&s, &person, "first_start"))
        {
            log::error!("the first sign-in was not written into the audit log: {e}");
        }
        Ok(FirstProfile {
            person,
            recovery_key: recovery.display().to_string(),
            plain_backups_removed: 0,
        })
    }

    /// `--demo` on a new folder: an encrypted database with the demo profile, whose
    /// passphrase the sign-in screen shows. It is left open (for the demo data), and
    /// [`Database::lock`]ed by the caller.
    fn make_demo(&self) -> AppResult<()> {
        let recovery = RecoveryKey::generate()?;
        self.create(DEMO_NAME, DEMO_PASSPHRASE, &recovery, Some(()))?;
        Ok(())
    }

    /// Writes the key file of a new database, then opens it encrypted with `name` signed
    /// in as its administrator.
    fn create(
        &self,
        name: &str,
        passphrase: &str,
        recovery: &RecoveryKey,
        demo: Option<()>,
    ) -> AppResult<Person> {
        let kdf = self.vault.kdf();
        let key = DataKey::generate()?;
        let id = new_id();
        let mut ring = Keyring::new(&key, recovery.secret(), kdf)?;
        ring.set_profile(
            id,
            name,
            crate::store::crypto::KeySlot::wrap(&key, passphrase.as_bytes(), kdf)?,
        );
        ring.ensure_backup_key(&key)?;
        if demo.is_some() {
            ring.demo = Some(DemoHint {
                profile_id: id,
                name: name.to_owned(),
                passphrase: passphrase.to_owned(),
            });
        }
        ring.write(&self.data_dir)?;
        let store = Store::open_guarded_keyed(&self.data_dir, self.open_limit, Some(key))?;
        let person = sign_in_profile(&store, id, name)?;
        *self.store.write().unwrap_or_else(PoisonError::into_inner) = Ok(Arc::new(store));
        Ok(person)
    }

    /// Runs `unwrap` (a passphrase or the recovery key against the key file) with the
    /// count of wrong tries: refused while a wait runs (`auth.wait`), counted when wrong.
    fn attempt<T>(
        &self,
        now: DateTime<Utc>,
        profile: Option<Id>,
        unwrap: impl FnOnce() -> AppResult<T>,
    ) -> AppResult<T> {
        let mut attempts = read_attempts(&self.data_dir);
        attempts.check(now)?;
        match unwrap() {
            Err(AppError::WrongPassphrase) => {
                attempts.failed(now, profile);
                write_attempts(&self.data_dir, &attempts);
                Err(AppError::WrongPassphrase)
            }
            other => other,
        }
    }

    /// After a sign-in: the wrong tries before it, then the sign-in, into the audit log;
    /// the count of wrong tries starts again.
    fn log_sign_in(&self, store: &Store, person: &Person, how: &str) -> AppResult<()> {
        let attempts = read_attempts(&self.data_dir);
        let ring = Keyring::read(&self.data_dir).ok().flatten();
        let name_of = |id: Option<Id>| {
            ring.as_ref()
                .and_then(|r| r.profiles().into_iter().find(|(p, _)| Some(*p) == id))
                .map(|(_, n)| n)
                .unwrap_or_default()
        };
        for t in &attempts.unlogged {
            store.audit_append(crate::domain::audit::AuditEvent {
                at: t.at,
                who: name_of(t.profile),
                action: AuditAction::FailedSignIn,
                kind: "profile".into(),
                record: t.profile,
                detail: if t.profile.is_none() {
                    "recovery_key".into()
                } else {
                    String::new()
                },
            })?;
        }
        super::audit::note(
            store,
            &person.name,
            AuditAction::SignIn,
            "profile",
            Some(person.id),
            how,
        )?;
        write_attempts(&self.data_dir, &Attempts::default());
        Ok(())
    }

    /// Opens the locked database with `key` (from a slot of its key file) and signs in
    /// profile `id`: the store already open after the lock, or opened now at start.
    fn open_with(&self, key: DataKey, id: Id, name: &str) -> AppResult<Person> {
        if let Ok(store) = self.held() {
            let sled = store.sled()?;
            if !sled.is_key(&key) {
                return Err(AppError::Tampered(
                    "the key file does not belong to this database".into(),
                ));
            }
            let person = sign_in_profile(&store, id, name)?;
            self.vault.locked.store(false, Ordering::SeqCst);
            return Ok(person);
        }
        let opened = Store::open_guarded_keyed(&self.data_dir, self.open_limit, Some(key.clone()));
        let store = match opened {
            Ok(store) => store,
            Err(AppError::Damaged(why) | AppError::Tampered(why)) => {
                // The passphrase was right: the damaged screen takes over, and its restore
                // rebuilds the database with this key.
                let e = AppError::Damaged(why);
                *self
                    .vault
                    .unopened
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some(Unopened {
                    key,
                    profile: id,
                    name: name.to_owned(),
                });
                *self.store.write().unwrap_or_else(PoisonError::into_inner) = Err(e.payload());
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        super::database::finish_erasures(&store);
        let person = sign_in_profile(&store, id, name)?;
        *self.store.write().unwrap_or_else(PoisonError::into_inner) = Ok(Arc::new(store));
        self.vault.locked.store(false, Ordering::SeqCst);
        Ok(person)
    }

    /// Signs in profile `profile` with its passphrase: the data opens (or, after the lock,
    /// shows again). A wrong passphrase is `auth.wrong_passphrase`.
    pub fn unlock(&self, profile: Id, passphrase: &str, now: DateTime<Utc>) -> AppResult<Person> {
        let _busy = self.vault.one_at_a_time();
        self.must_wait_for(AppError::Locked, "not_locked")?;
        let ring = keyring(&self.data_dir)?;
        let slot = ring.profile_slot(profile)?;
        let name = ring
            .profiles()
            .into_iter()
            .find(|(id, _)| *id == profile)
            .map(|(_, n)| n)
            .unwrap_or_default();
        let key = self.attempt(now, Some(profile), || slot.unwrap(passphrase.as_bytes()))?;
        let person = self.open_with(key, profile, &name)?;
        self.log_sign_in(&*self.held()?, &person, "")?;
        Ok(person)
    }

    /// Every passphrase forgotten: the recovery key opens the data, profile
    /// `input.profile_id` gets the new passphrase and is signed in.
    pub fn unlock_with_recovery(
        &self,
        input: &RecoveryInput,
        now: DateTime<Utc>,
    ) -> AppResult<Person> {
        let _busy = self.vault.one_at_a_time();
        self.must_wait_for(AppError::Locked, "not_locked")?;
        let mut errors = Vec::new();
        let recovery = gather(
            RecoveryKey::parse(&input.recovery_key, "recovery_key"),
            &mut errors,
        )?;
        gather(
            new_passphrase(&input.passphrase, &input.passphrase_repeat),
            &mut errors,
        )?;
        let _key_file = crate::store::keyring::changing();
        let mut ring = keyring(&self.data_dir)?;
        let Some((id, name)) = ring
            .profiles()
            .into_iter()
            .find(|(id, _)| *id == input.profile_id)
        else {
            return Err(AppError::NotFound { entity: "person" });
        };
        let Some(recovery) = recovery.filter(|_| errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let slot = ring.recovery_slot()?.clone();
        let key = self.attempt(now, None, || slot.unwrap(recovery.secret()))?;
        let new_slot =
            crate::store::crypto::KeySlot::wrap(&key, input.passphrase.as_bytes(), ring.kdf)?;
        let person = self.open_with(key, id, &name)?;
        ring.set_profile(id, &name, new_slot);
        ring.write(&self.data_dir)?;
        self.log_sign_in(&*self.held()?, &person, "recovery_key")?;
        Ok(person)
    }

    /// A sealed backup opened with the recovery key: the key file it carries, the data key
    /// that opens, and its records (a wrong key counts as a wrong try,
    /// `auth.wrong_passphrase`).
    fn open_backup(
        &self,
        path: &Path,
        recovery: &RecoveryKey,
        now: DateTime<Utc>,
    ) -> AppResult<(Keyring, DataKey, crate::store::Records)> {
        let ring = super::archive::carried_keyring(path)?;
        let slot = ring.recovery_slot()?.clone();
        let key = self.attempt(now, None, || slot.unwrap(recovery.secret()))?;
        let identity = ring.backup_identity(&key)?;
        let (_, records) = super::archive::read_unsealed(
            path,
            super::archive::Checks::Structure,
            Some(&identity),
        )?;
        Ok((ring, key, records))
    }

    /// After the damaged screen's restore of an encrypted database: who opened its key is
    /// signed in, and the sign-in logged.
    pub(super) fn sign_in_unopened(&self, store: &Store) -> AppResult<()> {
        let Some(u) = self.vault.unopened() else {
            return Ok(());
        };
        self.vault.forget_unopened();
        let person = sign_in_profile(store, u.profile, &u.name)?;
        self.log_sign_in(store, &person, "")
    }

    /// Refuses while a database is open (locked or not): the recovery restore is for a
    /// database that is lost, damaged or without its key file; an open one restores from
    /// Indstillinger.
    pub fn must_be_closed(&self) -> AppResult<()> {
        // Only a database that is new (lost), without its key file, or damaged: an intact
        // one, locked or not, signs in and restores from Indstillinger.
        let why = self.error().map(|e| e.code);
        let lost = matches!(
            why.as_deref(),
            Some("auth.setup_needed" | "store.keyring_missing" | "store.damaged")
        );
        if self.held().is_ok() || self.shared().is_some() || !lost {
            return Err(AppError::NotAllowed {
                rule: "database_open",
            });
        }
        Ok(())
    }

    /// The profiles in the sealed backup at `path`, opened with the recovery key: the
    /// first step of [`Database::restore_with_recovery`].
    pub fn backup_profiles(
        &self,
        path: &str,
        recovery_key: &str,
        now: DateTime<Utc>,
    ) -> AppResult<Vec<ProfileName>> {
        let _busy = self.vault.one_at_a_time();
        self.must_be_closed()?;
        let (path, recovery) = recovery_fields(path, recovery_key)?;
        let (_, _, records) = self.open_backup(&path, &recovery, now)?;
        Ok(records
            .settings
            .map(|s| s.people)
            .unwrap_or_default()
            .into_iter()
            .map(|p| ProfileName {
                id: p.id,
                name: p.name,
            })
            .collect())
    }

    /// The database lost, damaged, or without its key file: the sealed backup
    /// `input.path`, opened with the recovery key, becomes the database (what was in the
    /// data folder is moved aside, never deleted), with the backup's key file; profile
    /// `input.profile_id` gets the new passphrase and is signed in. The audit log starts
    /// again with the restore (the old one cannot be read).
    pub fn restore_with_recovery(
        &self,
        input: &RecoveryRestoreInput,
        now: DateTime<Utc>,
    ) -> AppResult<Person> {
        let _busy = self.vault.one_at_a_time();
        self.must_be_closed()?;
        let mut errors = Vec::new();
        let fields = gather(
            recovery_fields(&input.path, &input.recovery_key),
            &mut errors,
        )?;
        gather(
            new_passphrase(&input.passphrase, &input.passphrase_repeat),
            &mut errors,
        )?;
        let Some((path, recovery)) = fields.filter(|_| errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let (mut ring, key, mut records) = self.open_backup(&path, &recovery, now)?;
        super::rights::apply_to_records(&Default::default(), &mut records, now);
        let Some(person) = records
            .settings
            .as_ref()
            .and_then(|s| s.people.iter().find(|p| p.id == input.profile_id))
            .cloned()
        else {
            return Err(AppError::NotFound { entity: "person" });
        };
        ring.demo = None;
        ring.set_profile(
            person.id,
            &person.name,
            crate::store::crypto::KeySlot::wrap(&key, input.passphrase.as_bytes(), ring.kdf)?,
        );
        let _key_file = crate::store::keyring::changing();
        let prepared = super::backup::prepare_records(
            &self.data_dir,
            &records,
            Some(key.clone()),
            Some(&ring),
        )?;
        // The wrong tries so far move into the restored folder, to be logged there.
        let attempts = read_attempts(&self.data_dir);
        if let Err(e) = super::backup::swap_in(&self.data_dir, &prepared, now) {
            let _ = std::fs::remove_dir_all(&prepared);
            return Err(e);
        }
        write_attempts(&self.data_dir, &attempts);
        self.reopen_keyed(Some(key));
        if let Some(e) = self.error() {
            return Err(AppError::Storage(format!(
                "the restored database did not open: {}",
                e.message
            )));
        }
        self.vault.forget_unopened();
        self.vault.locked.store(false, Ordering::SeqCst);
        let store = self.held()?;
        let person = sign_in_profile(&store, person.id, &person.name)?;
        // The wrong keys typed before it first, then the sign-in with the key, then what
        // it did.
        self.log_sign_in(&store, &person, "recovery_key")?;
        super::audit::note(
            &store,
            &person.name,
            AuditAction::Restore,
            "backup",
            None,
            "recovery_key",
        )?;
        Ok(person)
    }

    /// Locks the encrypted database: every command is refused and the window shows the
    /// sign-in screen until a passphrase is given again. The store stays open (so the
    /// app's backups go on); nobody is signed in.
    pub fn lock(&self) -> AppResult<()> {
        let store = self.store()?;
        if !store.sled()?.is_encrypted() {
            return Err(AppError::NotAllowed {
                rule: "not_encrypted",
            });
        }
        store.set_person(Some(Person::nobody()))?;
        self.vault.locked.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// A new passphrase: the signed-in person's own (the current one must be given), or,
    /// with `profile_id` of another profile, one an administrator sets. The old one no
    /// longer opens anything: its slot is replaced in the key file.
    pub fn change_passphrase(&self, input: &PassphraseChange) -> AppResult<()> {
        let _busy = self.vault.one_at_a_time();
        let store = self.store()?;
        let sled = store.sled()?;
        if !sled.is_encrypted() {
            return Err(AppError::NotAllowed {
                rule: "not_encrypted",
            });
        }
        let me = store.person().filter(|p| !p.id.is_nil());
        let target = input
            .profile_id
            .or(me.as_ref().map(|p| p.id))
            .ok_or(AppError::NotFound { entity: "person" })?;
        let own = me.as_ref().is_some_and(|p| p.id == target);
        if !own {
            store.require(Access::People)?;
        }
        new_passphrase(&input.passphrase, &input.passphrase_repeat)?;
        let _key_file = crate::store::keyring::changing();
        let mut ring = keyring(&self.data_dir)?;
        if own {
            let slot = ring.profile_slot(target)?;
            slot.unwrap(input.current.as_bytes()).map_err(|e| match e {
                AppError::WrongPassphrase => {
                    AppError::Validation(vec![FieldError::new("current", Rule::Mismatch)])
                }
                other => other,
            })?;
        }
        let person = store
            .settings()?
            .people
            .into_iter()
            .find(|p| p.id == target)
            .ok_or(AppError::NotFound { entity: "person" })?;
        let slot = sled.wrap_key(input.passphrase.as_bytes(), ring.kdf)?;
        ring.set_profile(person.id, &person.name, slot);
        ring.write(&self.data_dir)
    }
}

impl Database {
    /// *Kryptér databasen*: an unencrypted database (made before issue 11) becomes an
    /// encrypted one in place. First a verified backup of it as it is; then its records are
    /// loaded into a new encrypted database beside it and checked; only then is that moved
    /// in (the old folder, which holds the data in the clear, is removed once the new one
    /// opens). The signed-in administrator — or, on a database without profiles, a first
    /// profile named here — gets the passphrase; other profiles get theirs from an
    /// administrator (*Ny adgangsfrase*). A verified sealed backup is taken, and then the
    /// unencrypted backups are removed. Returns the recovery key, to be shown once.
    pub fn encrypt_in_place(
        &self,
        input: &crate::domain::auth::EncryptInput,
        now: DateTime<Utc>,
    ) -> AppResult<FirstProfile> {
        let _busy = self.vault.one_at_a_time();
        let store = self.store()?;
        let sled = store.sled()?;
        if sled.is_encrypted() || Keyring::exists(&self.data_dir) {
            return Err(AppError::NotAllowed {
                rule: "already_encrypted",
            });
        }
        store.require(Access::Backups)?;
        let people = store.settings()?.people;
        let me = store.person().filter(|p| !p.id.is_nil());
        let mut errors = Vec::new();
        let named = if me.is_none() {
            let profile = PersonInput {
                name: input.name.clone(),
                roles: vec![Role::Administrator.as_str().to_owned()],
                passphrase: None,
            };
            gather(profile.validated(&people), &mut errors)?.map(|(n, _)| n)
        } else {
            None
        };
        gather(
            new_passphrase(&input.passphrase, &input.passphrase_repeat),
            &mut errors,
        )?;
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let person = match (me, named) {
            (Some(p), _) => p,
            (None, Some(name)) => Person {
                id: new_id(),
                name,
                roles: FIRST_ROLES.to_vec(),
            },
            (None, None) => return Err(AppError::NotFound { entity: "person" }),
        };
        let mut last = self.backups.lock().unwrap_or_else(PoisonError::into_inner);
        // 1. A verified backup of the database as it is.
        super::backup::take(
            &store,
            &self.backup_dir(),
            now,
            &super::progress::Progress::none(),
        )?;
        // 2. The same records in a new encrypted database beside it, checked.
        let kdf = self.vault.kdf();
        let key = DataKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let mut ring = Keyring::new(&key, recovery.secret(), kdf)?;
        ring.ensure_backup_key(&key)?;
        ring.set_profile(
            person.id,
            &person.name,
            crate::store::crypto::KeySlot::wrap(&key, input.passphrase.as_bytes(), kdf)?,
        );
        let staging = super::backup::sibling(&self.data_dir, "krypteres");
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .map_err(|e| AppError::io("clear an unfinished encryption", &e))?;
        }
        // 2. Nobody changes the database from here on: it is taken out of use (commands get
        // `store.unavailable`) and the commands still holding it are waited for.
        drop(store);
        let old = self.take_out_of_use()?;
        let built = (|| {
            let target = Store::from(super::database::build_copy(
                &old,
                &staging,
                Some(key.clone()),
                Some(&ring),
            )?);
            if !target.settings()?.people.iter().any(|p| p.id == person.id) {
                let mut settings = target.settings()?;
                settings.people.push(person.clone());
                target.save_settings(&settings)?;
            }
            Ok::<(), AppError>(())
        })();
        if let Err(e) = built {
            let _ = std::fs::remove_dir_all(&staging);
            self.put_back(old);
            return Err(e);
        }
        // 3. The old database closed, the new one moved in and opened with the key.
        drop(old);
        let aside = match super::backup::swap_in(&self.data_dir, &staging, now) {
            Ok(aside) => aside,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                self.reopen_keyed(None);
                return Err(e);
            }
        };
        self.reopen_keyed(Some(key));
        let store = self.store().map_err(|_| {
            AppError::Storage(format!(
                "the encrypted database did not open; the old one is in {}",
                aside.display()
            ))
        })?;
        // From here the database is encrypted: the recovery key must reach the screen, so
        // what fails now is logged, not returned (the next backup makes up for it).
        if let Err(e) = sign_in_profile(&store, person.id, &person.name) {
            log::error!("signing in after encrypting failed: {e}");
        }
        // The old folder holds the data in the clear; the backup of step 1 holds it too
        // until the encrypted database has a verified backup of its own.
        if !aside.as_os_str().is_empty() {
            if let Err(e) = std::fs::remove_dir_all(&aside) {
                log::error!(
                    "the unencrypted folder {} was not removed: {e}",
                    aside.display()
                );
            }
        }
        let removed = match super::backup::take(
            &store,
            &self.backup_dir(),
            now,
            &super::progress::Progress::none(),
        ) {
            Ok(_) => remove_plain_backups(&self.backup_dir()),
            Err(e) => {
                log::error!("no sealed backup after encrypting: {e}; the plain ones stay");
                0
            }
        };
        *last = None;
        Ok(FirstProfile {
            person,
            recovery_key: recovery.display().to_string(),
            plain_backups_removed: removed,
        })
    }
}

/// Removes the unencrypted backups in `dir` (once a sealed one is verified); how many.
fn remove_plain_backups(dir: &Path) -> u64 {
    let Ok(all) = super::backup::list(dir) else {
        return 0;
    };
    let mut removed = 0;
    for b in all {
        let path = std::path::PathBuf::from(&b.path);
        if super::backup::is_sealed(&path) {
            continue;
        }
        match super::backup::remove(&path) {
            Ok(()) => removed += 1,
            Err(e) => log::error!("an unencrypted backup was not removed: {e}"),
        }
    }
    removed
}

/// How backups of `store` are sealed: `None` for an unencrypted (or the shared) database.
/// A key file from before encrypted backups gets its backup key pair now.
pub fn sealing_of(store: &Store) -> AppResult<Option<crate::service::archive::Sealing>> {
    let Ok(sled) = store.sled() else {
        return Ok(None);
    };
    let Some(key) = sled.data_key() else {
        return Ok(None);
    };
    let _key_file = crate::store::keyring::changing();
    let mut ring = keyring(sled.dir())?;
    if ring.ensure_backup_key(&key)? {
        ring.write(sled.dir())?;
    }
    // The copy in the backup keeps the recovery key's slot only: a profile's passphrase
    // (one removed or changed since, say) must not open a backup.
    let mut carried = ring.clone();
    carried
        .slots
        .retain(|s| matches!(s.owner, crate::store::keyring::Owner::Recovery));
    carried.demo = None;
    Ok(Some(crate::service::archive::Sealing {
        recipient: ring.backup_recipient()?,
        identity: ring.backup_identity(&key)?,
        keyring: serde_json::to_vec_pretty(&carried)
            .map_err(|e| AppError::Storage(format!("key file: {e}")))?,
    }))
}

/// The secret key that reads the sealed backups of the encrypted database in `dir`,
/// opened with its data key.
pub fn backup_identity(dir: &Path, key: &DataKey) -> AppResult<age::x25519::Identity> {
    keyring(dir)?.backup_identity(key)
}

/// The key file of the open store's database, when it is encrypted (for the profile
/// changes of `service::people`).
pub(super) fn keyring_of(store: &Store) -> AppResult<Option<Keyring>> {
    let sled = store.sled()?;
    if !sled.is_encrypted() {
        return Ok(None);
    }
    keyring(sled.dir()).map(Some)
}

/// Gives profile `person` the passphrase `passphrase` in the key file of the open
/// encrypted database (a profile added by an administrator).
pub(super) fn give_passphrase(
    store: &Store,
    ring: &mut Keyring,
    person: &Person,
    passphrase: &str,
) -> AppResult<()> {
    let sled = store.sled()?;
    let slot = sled.wrap_key(passphrase.as_bytes(), ring.kdf)?;
    ring.set_profile(person.id, &person.name, slot);
    ring.write(sled.dir())
}

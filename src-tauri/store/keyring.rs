//! The key file of an encrypted embedded database, `noegler.json` beside sled's files: the
//! data key wrapped once per profile passphrase and once by the recovery key
//! ([`crypto::KeySlot`]), and the profiles' names for the sign-in screen (shown there to
//! anyone at the PC anyway). It holds no data key in the clear and nothing typed about
//! patients, relatives or members.
//!
//! It lives outside sled on purpose: sled keeps old values in its log until a segment is
//! cleaned, so a removed profile's slot (or one under an old passphrase) would linger
//! there. The file is replaced whole — written beside, synced, renamed, the folder synced
//! — so the old slots are gone with the old file.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::crypto::{DataKey, KdfParams, KeySlot};
use super::durable::sync_dir;
use crate::domain::error::{AppError, AppResult};
use crate::domain::Id;

/// Held while the key file is read, changed and written back, so that two changes at once
/// (a profile added while a passphrase is changed) cannot undo one another.
static CHANGING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Holds the key file for one read-change-write (see [`CHANGING`]).
pub fn changing() -> std::sync::MutexGuard<'static, ()> {
    CHANGING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The key file's name in the data folder.
pub const FILE: &str = "noegler.json";
const FORMAT: u32 = 1;

/// Whose secret a slot is wrapped with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Owner {
    Profile { id: Id, name: String },
    Recovery,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub owner: Owner,
    pub key: KeySlot,
}

/// The key file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keyring {
    pub format: u32,
    /// The Argon2id parameters new slots are made with (those of each slot are in it).
    pub kdf: KdfParams,
    pub slots: Vec<Slot>,
    /// A database made by `--demo`: the demo profile and its passphrase, shown on the
    /// sign-in screen (the data is made up). Gone once that passphrase is changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo: Option<crate::domain::auth::DemoHint>,
    /// The key pair backups are encrypted to (age, X25519): the public half in the clear,
    /// so the backup timer encrypts without the data key; the secret half sealed with
    /// the data key, so only an unlocked database (or this file and a passphrase of the
    /// time) reads a backup back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<BackupKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupKey {
    /// `age1…`.
    pub recipient: String,
    /// `AGE-SECRET-KEY-1…`, sealed with the data key.
    pub identity: Vec<u8>,
}

/// Where the backup identity is sealed (its associated data).
const BACKUP_IDENTITY_PLACE: &[u8] = b"noegler.json\0backup.identity";

impl Keyring {
    /// A key file with the recovery key's slot only (profiles are added with
    /// [`Keyring::set_profile`]).
    pub fn new(key: &DataKey, recovery: &[u8], kdf: KdfParams) -> AppResult<Keyring> {
        Ok(Keyring {
            format: FORMAT,
            kdf,
            slots: vec![Slot {
                owner: Owner::Recovery,
                key: KeySlot::wrap(key, recovery, kdf)?,
            }],
            demo: None,
            backup: None,
        })
    }

    /// Makes the backup key pair if the file has none yet (a key file from before
    /// encrypted backups); returns whether it was made (the file is then to be written).
    pub fn ensure_backup_key(&mut self, key: &DataKey) -> AppResult<bool> {
        use age::secrecy::ExposeSecret;
        if self.backup.is_some() {
            return Ok(false);
        }
        let identity = age::x25519::Identity::generate();
        let secret = identity.to_string();
        self.backup = Some(BackupKey {
            recipient: identity.to_public().to_string(),
            identity: key.seal(BACKUP_IDENTITY_PLACE, secret.expose_secret().as_bytes())?,
        });
        Ok(true)
    }

    /// The public key backups are encrypted to.
    pub fn backup_recipient(&self) -> AppResult<age::x25519::Recipient> {
        let b = self
            .backup
            .as_ref()
            .ok_or_else(|| AppError::KeyringMissing("the key file has no backup key".into()))?;
        b.recipient
            .parse()
            .map_err(|e| AppError::KeyringMissing(format!("the backup key cannot be read: {e}")))
    }

    /// The secret key that reads backups back, opened with the data key.
    pub fn backup_identity(&self, key: &DataKey) -> AppResult<age::x25519::Identity> {
        let b = self
            .backup
            .as_ref()
            .ok_or_else(|| AppError::KeyringMissing("the key file has no backup key".into()))?;
        let plain = zeroize::Zeroizing::new(key.open(BACKUP_IDENTITY_PLACE, &b.identity)?);
        let text = std::str::from_utf8(&plain)
            .map_err(|_| AppError::Tampered("the backup key is not text".into()))?;
        text.parse()
            .map_err(|e| AppError::Tampered(format!("the backup key cannot be read: {e}")))
    }

    /// Whether `dir` holds a key file (the database there is encrypted).
    pub fn exists(dir: &Path) -> bool {
        dir.join(FILE).exists()
    }

    /// The key file in `dir`, if there is one; `store.keyring_missing` when it cannot be
    /// read.
    pub fn read(dir: &Path) -> AppResult<Option<Keyring>> {
        let path = dir.join(FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(AppError::KeyringMissing(format!("{}: {e}", path.display()))),
        };
        let ring: Keyring = serde_json::from_slice(&bytes)
            .map_err(|e| AppError::KeyringMissing(format!("{}: {e}", path.display())))?;
        if ring.format > FORMAT {
            return Err(AppError::KeyringMissing(format!(
                "{} has format {}, newer than this program's {FORMAT}",
                path.display(),
                ring.format
            )));
        }
        Ok(Some(ring))
    }

    /// Replaces the key file in `dir` durably (see the module comment).
    pub fn write(&self, dir: &Path) -> AppResult<()> {
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| AppError::Storage(format!("key file: {e}")))?;
        std::fs::create_dir_all(dir).map_err(|e| AppError::io("create the data folder", &e))?;
        let tmp = dir.join(format!(".{FILE}.tmp"));
        let path = dir.join(FILE);
        std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::File::open(&tmp)?.sync_all())
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| AppError::io("write the key file", &e))?;
        sync_dir(dir)
    }

    /// The profiles that have a passphrase, in the order they were added.
    pub fn profiles(&self) -> Vec<(Id, String)> {
        self.slots
            .iter()
            .filter_map(|s| match &s.owner {
                Owner::Profile { id, name } => Some((*id, name.clone())),
                Owner::Recovery => None,
            })
            .collect()
    }

    fn slot(&self, owner: &Owner) -> Option<&Slot> {
        self.slots.iter().find(|s| match (&s.owner, owner) {
            (Owner::Profile { id: a, .. }, Owner::Profile { id: b, .. }) => a == b,
            (a, b) => a == b,
        })
    }

    /// Profile `id`'s slot, or `not_found.person`.
    pub fn profile_slot(&self, id: Id) -> AppResult<&KeySlot> {
        self.slot(&Owner::Profile {
            id,
            name: String::new(),
        })
        .map(|s| &s.key)
        .ok_or(AppError::NotFound { entity: "person" })
    }

    /// The recovery key's slot.
    pub fn recovery_slot(&self) -> AppResult<&KeySlot> {
        self.slot(&Owner::Recovery)
            .map(|s| &s.key)
            .ok_or_else(|| AppError::KeyringMissing("the key file has no recovery slot".into()))
    }

    /// Gives profile `id` (named `name`) the slot `key`, replacing any it had.
    pub fn set_profile(&mut self, id: Id, name: &str, key: KeySlot) {
        self.remove_profile(id);
        if self.demo.as_ref().is_some_and(|d| d.profile_id == id) {
            self.demo = None;
        }
        self.slots.push(Slot {
            owner: Owner::Profile {
                id,
                name: name.to_owned(),
            },
            key,
        });
    }

    /// Keeps the name shown on the sign-in screen in step with the profile.
    pub fn rename_profile(&mut self, id: Id, name: &str) {
        for slot in &mut self.slots {
            if let Owner::Profile { id: at, name: n } = &mut slot.owner {
                if *at == id {
                    name.clone_into(n);
                }
            }
        }
    }

    /// Removes profile `id`'s slot (its passphrase no longer opens anything).
    pub fn remove_profile(&mut self, id: Id) {
        self.slots
            .retain(|s| !matches!(&s.owner, Owner::Profile { id: at, .. } if *at == id));
    }
}

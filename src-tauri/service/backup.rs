//! Verified backups, and restoring one.
//!
//! A backup is a whole-database export (`archive`, the open format) in the backup folder,
//! outside the data folder: by default `<data folder>-sikkerhedskopier` beside it, or a
//! folder chosen in Indstillinger (kept in `sikkerhedskopier.json` in the data folder, so it
//! is found even when the database is damaged). Each backup is written durably under a new
//! name (a good backup is never replaced), then read back and checked against the live
//! database's counts and checksums; only then is it marked verified (a `.verificeret` file
//! beside it). Retention (`domain::retention`) thins the verified backups out.
//!
//! Restoring builds the backup's database in a new folder beside the data folder and checks
//! it; only then is the live folder moved aside and the new one moved in (`swap_in`), so a
//! failed restore leaves the database as it was.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::archive::{self, Manifest};
use super::progress::Progress;
use crate::domain::error::{AppError, AppResult};
use crate::store::{sync_dir, Kind, Store};

const PREFIX: &str = "samskab-sikkerhedskopi-";
const SUFFIX: &str = ".zip";
const VERIFIED: &str = ".verificeret";
const CONFIG: &str = "sikkerhedskopier.json";

/// Removes the backup at `path` with its verified mark: the mark first, so that stopped
/// in between an unverified file is left, never a mark without its backup.
pub fn remove(path: &Path) -> AppResult<()> {
    let _ = std::fs::remove_file(marker(path));
    std::fs::remove_file(path).map_err(|e| AppError::io("remove an old backup", &e))
}

/// Whether the backup at `path` is sealed (taken of an encrypted database).
pub fn is_sealed(path: &Path) -> bool {
    archive::read_manifest(path).is_ok_and(|m| m.format_version == archive::SEALED_FORMAT_VERSION)
}

/// One backup in the folder, as the list in Indstillinger shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BackupInfo {
    pub file_name: String,
    pub path: String,
    pub created_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Read back and checked against the database it was taken from.
    pub verified: bool,
    /// Records per kind (`projects`, `inputs`, …), in the format's order.
    pub counts: Vec<KindCount>,
    pub newest_change: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KindCount {
    pub kind: String,
    #[ts(type = "number")]
    pub count: u64,
}

/// Where backups go, and whether that is the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupFolder {
    pub folder: String,
    pub is_default: bool,
}

#[derive(Serialize, Deserialize)]
struct Config {
    folder: Option<PathBuf>,
}

/// The default backup folder of the database in `data_dir`: a folder beside it.
pub fn default_folder(data_dir: &Path) -> PathBuf {
    let mut name = data_dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "samskab".into());
    name.push("-sikkerhedskopier");
    data_dir.with_file_name(name)
}

/// The backup folder of the database in `data_dir`.
pub fn folder(data_dir: &Path) -> BackupFolder {
    let chosen = std::fs::read(data_dir.join(CONFIG))
        .ok()
        .and_then(|b| serde_json::from_slice::<Config>(&b).ok())
        .and_then(|c| c.folder);
    match chosen {
        Some(f) => BackupFolder {
            folder: f.display().to_string(),
            is_default: false,
        },
        None => BackupFolder {
            folder: default_folder(data_dir).display().to_string(),
            is_default: true,
        },
    }
}

/// Chooses the backup folder (`None`: back to the default). The folder must not lie inside
/// the data folder, and must be writable (a test file is written and removed).
pub fn set_folder(data_dir: &Path, chosen: Option<&Path>) -> AppResult<BackupFolder> {
    if let Some(dir) = chosen {
        if !dir.is_absolute() {
            return Err(AppError::invalid(
                "folder",
                crate::domain::error::Rule::InvalidFormat,
            ));
        }
        if dir.starts_with(data_dir) {
            return Err(AppError::invalid(
                "folder",
                crate::domain::error::Rule::OutOfRange,
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| AppError::io("create the backup folder", &e))?;
        super::files::write_file(&dir.join(".samskab-skrivetest"), b"ok")?;
        let _ = std::fs::remove_file(dir.join(".samskab-skrivetest"));
    }
    let config = Config {
        folder: chosen.map(Path::to_owned),
    };
    let bytes = serde_json::to_vec(&config)
        .map_err(|e| AppError::Storage(format!("backup config: {e}")))?;
    super::files::write_file(&data_dir.join(CONFIG), bytes)?;
    Ok(folder(data_dir))
}

fn name_at(now: DateTime<Utc>, n: u32) -> String {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    if n == 0 {
        format!("{PREFIX}{stamp}{SUFFIX}")
    } else {
        format!("{PREFIX}{stamp}-{n}{SUFFIX}")
    }
}

fn marker(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(VERIFIED);
    PathBuf::from(name)
}

/// Takes a backup of `store` into `dir` at `now`: written under a new name, read back and
/// verified, marked verified, then the folder is thinned out by the retention rule.
pub fn take(
    store: &Store,
    dir: &Path,
    now: DateTime<Utc>,
    progress: &Progress,
) -> AppResult<BackupInfo> {
    std::fs::create_dir_all(dir).map_err(|e| AppError::io("create the backup folder", &e))?;
    let mut n = 0;
    let path = loop {
        let candidate = dir.join(name_at(now, n));
        // A name is used once: not while its file or a verified mark of it is there.
        if !candidate.exists() && !marker(&candidate).exists() {
            break candidate;
        }
        n += 1;
    };
    // An encrypted database's backup is sealed to its backup key (see `archive`).
    let sealing = super::vault::sealing_of(store)?;
    let manifest = archive::write_sealed(store, &path, now, progress, sealing.as_ref())?;
    if let Err(e) = archive::verify_sealed(&path, &manifest, sealing.as_ref().map(|s| &s.identity))
    {
        // A backup that does not read back as written is no backup; keep it out of the list.
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    super::files::write_file(&marker(&path), b"ok")?;
    prune(dir, now)?;
    info(&path, &manifest)
}

fn info(path: &Path, manifest: &Manifest) -> AppResult<BackupInfo> {
    let size_bytes = std::fs::metadata(path)
        .map_err(|e| AppError::io("read the backup", &e))?
        .len();
    Ok(BackupInfo {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.display().to_string(),
        created_at: manifest.created_at,
        size_bytes,
        verified: marker(path).exists(),
        counts: Kind::ALL
            .iter()
            .map(|k| KindCount {
                kind: k.name().into(),
                count: manifest.count(*k),
            })
            .collect(),
        newest_change: manifest.newest_change,
    })
}

/// The backups in `dir`, newest first. Files that are not backups (or cannot be read) are
/// left out; half-written temporary files are never listed.
pub fn list(dir: &Path) -> AppResult<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(AppError::io("read the backup folder", &e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| AppError::io("read the backup folder", &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
            continue;
        }
        let path = entry.path();
        if let Ok(m) = archive::read_manifest(&path) {
            out.push(info(&path, &m)?);
        }
    }
    out.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then(b.file_name.cmp(&a.file_name))
    });
    Ok(out)
}

/// The newest verified backup in `dir`, if any.
pub fn newest_verified(dir: &Path) -> AppResult<Option<BackupInfo>> {
    Ok(list(dir)?.into_iter().find(|b| b.verified))
}

/// Removes the verified backups the retention rule lets go, and unverified ones older than
/// the newest verified backup. Returns the paths removed.
pub fn prune(dir: &Path, now: DateTime<Utc>) -> AppResult<Vec<PathBuf>> {
    let all = list(dir)?;
    let verified: Vec<&BackupInfo> = all.iter().filter(|b| b.verified).collect();
    let times: Vec<DateTime<Utc>> = verified.iter().map(|b| b.created_at).collect();
    let keep = crate::domain::retention::keep(&times, now);
    let newest_verified = times.iter().max().copied();
    let mut removed = Vec::new();
    for (i, b) in verified.iter().enumerate() {
        if !keep.contains(&i) {
            removed.push(PathBuf::from(&b.path));
        }
    }
    for b in all.iter().filter(|b| !b.verified) {
        if newest_verified.is_some_and(|t| b.created_at < t) {
            removed.push(PathBuf::from(&b.path));
        }
    }
    for path in &removed {
        remove(path)?;
    }
    // Temporary files of a backup that never finished (the app was stopped mid-way).
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!(".{PREFIX}")) && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
            // A mark whose backup is gone (a removal stopped half-way before this fix).
            if let Some(zip) = name.strip_suffix(VERIFIED) {
                if zip.starts_with(PREFIX) && !dir.join(zip).exists() {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
    if !removed.is_empty() {
        sync_dir(dir)?;
    }
    Ok(removed)
}

/// Builds the database of export file `backup` in a new folder beside `data_dir` and
/// checks it (`checks`: see [`archive::Checks`]). Returns the folder, ready for
/// [`swap_in`]; the live database is untouched.
/// With `key` (an encrypted database), the new folder is encrypted with the same data key
/// and gets a copy of the key file.
pub fn prepare(
    data_dir: &Path,
    backup: &Path,
    checks: archive::Checks,
    key: Option<crate::store::crypto::DataKey>,
    passphrase: Option<&str>,
    erasures: &crate::domain::erasure::Erasures,
) -> AppResult<PathBuf> {
    let identity = match &key {
        Some(k) => Some(super::vault::backup_identity(data_dir, k)?),
        None => None,
    };
    let (_, mut records) = match passphrase {
        Some(p) => archive::read_with_passphrase(backup, checks, p)?,
        None => archive::read_unsealed(backup, checks, identity.as_ref())?,
    };
    // Nothing erased since the file was made comes back.
    super::rights::apply_to_records(erasures, &mut records, Utc::now());
    let ring = match key {
        Some(_) => Some(
            crate::store::keyring::Keyring::read(data_dir)?.ok_or_else(|| {
                AppError::KeyringMissing(format!("no key file in {}", data_dir.display()))
            })?,
        ),
        None => None,
    };
    prepare_records(data_dir, &records, key, ring.as_ref())
}

/// Builds `records` into a new database beside `data_dir` (encrypted with `key`, with the
/// key file `ring`, when given) and checks it; returns its folder, or removes it on failure.
pub fn prepare_records(
    data_dir: &Path,
    records: &crate::store::Records,
    key: Option<crate::store::crypto::DataKey>,
    ring: Option<&crate::store::keyring::Keyring>,
) -> AppResult<PathBuf> {
    let staging = sibling(data_dir, "gendannes");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .map_err(|e| AppError::io("clear an unfinished restore", &e))?;
    }
    let result = (|| {
        if let Some(ring) = ring {
            ring.write(&staging)?;
        }
        let store =
            crate::store::SledStore::open_keyed(&staging, crate::store::Durability::Synced, key)?;
        store.load(records)?;
        store.check()?;
        // The restored database's counts are its new floor (an older backup holds fewer).
        store.write_known_counts()?;
        Ok(())
    })();
    match result {
        Ok(()) => Ok(staging),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

/// `<data_dir>.<what>` beside the data folder.
pub(super) fn sibling(data_dir: &Path, what: &str) -> PathBuf {
    let mut name = data_dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "samskab".into());
    name.push(format!(".{what}"));
    data_dir.with_file_name(name)
}

/// Moves the data folder aside (never deleting it) under a name with `now`, and returns
/// where it went.
pub fn move_aside(data_dir: &Path, why: &str, now: DateTime<Utc>) -> AppResult<PathBuf> {
    let aside = sibling(data_dir, &format!("{why}-{}", now.format("%Y%m%dT%H%M%SZ")));
    std::fs::rename(data_dir, &aside)
        .map_err(|e| AppError::io("move the data folder aside", &e))?;
    if let Some(parent) = data_dir.parent() {
        sync_dir(parent)?;
    }
    Ok(aside)
}

/// Puts the prepared folder in place of the data folder, which is moved aside; the backup
/// folder setting goes with it. On failure the data folder is put back as it was.
/// The live store must be closed first.
pub fn swap_in(data_dir: &Path, prepared: &Path, now: DateTime<Utc>) -> AppResult<PathBuf> {
    let config = std::fs::read(data_dir.join(CONFIG)).ok();
    let aside = if data_dir.exists() {
        Some(move_aside(data_dir, "foer-gendannelse", now)?)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(prepared, data_dir) {
        if let Some(aside) = &aside {
            let _ = std::fs::rename(aside, data_dir);
        }
        return Err(AppError::io("move the restored database in", &e));
    }
    if let Some(parent) = data_dir.parent() {
        sync_dir(parent)?;
    }
    if let Some(config) = config {
        super::files::write_file(&data_dir.join(CONFIG), config)?;
    }
    Ok(aside.unwrap_or_default())
}

/// Whether the Oversigt should warn: data changed after the newest verified backup, and
/// that backup is more than a day old (or there is none).
pub fn warning(
    newest_verified: Option<DateTime<Utc>>,
    last_change: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    let Some(changed) = last_change else {
        return false;
    };
    let _ = now; // with no backup at all, any data is unprotected
    match newest_verified {
        None => true,
        Some(backup) => changed > backup && now - backup > chrono::Duration::days(1),
    }
}

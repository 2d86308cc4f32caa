//! The whole database in one open, documented file (docs/export-format.md): a zip with
//! `manifest.json` and one JSON Lines file per kind of record. Backups use the same format,
//! so a backup can be read without Samskab and moved to another store.
//!
//! - [`write`] takes one consistent state of the database (changes wait meanwhile), writes
//!   the file durably (temporary file, fsync, rename, fsync of the folder) and returns its
//!   manifest: counts and SHA-256 of each part, as read from the live database.
//! - [`read`] checks a file completely before anything is written: format and schema
//!   version, each part's checksum and count, every record against its form's rules, and
//!   every reference between records. Any fault is a coded `import.*` error.
//! - [`import`] loads a checked file into an empty database.
//!
//! The file of an encrypted database is **sealed** ([`Sealing`]): each part is an age file
//! (`<kind>.jsonl.age`, X25519) to the database's backup key, and the zip carries a copy of
//! the key file (`noegler.json`: the data key wrapped by the passphrases and the recovery
//! key of the time, and the backup key sealed with it). The manifest stays readable (kinds,
//! counts, checksums and times: no personal data), so the backup list needs no key; the
//! records need the backup key's secret half. Such files have format version 2.

use std::io::{Read, Write as _};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::progress::Progress;
use crate::domain::error::{AppError, AppResult};
use crate::domain::stored::{check_contributor, check_draft, Stored};
use crate::store::{ContributorLine, DraftLine, Kind, Records, Store, SCHEMA_VERSION};

/// The name in every manifest's `format` field.
pub const FORMAT: &str = "samskab-export";
/// The version of the file format this program writes for an unencrypted database; it
/// reads this one and older.
pub const FORMAT_VERSION: u32 = 1;
/// The version of a sealed file (parts encrypted, see the module comment).
pub const SEALED_FORMAT_VERSION: u32 = 2;
/// The name of the key file's copy in a sealed file.
pub const KEYRING_ENTRY: &str = "noegler.json";

/// How the file of an encrypted database is sealed: the backup key pair, and the key file
/// to carry along.
pub struct Sealing {
    pub recipient: age::x25519::Recipient,
    pub identity: age::x25519::Identity,
    pub keyring: Vec<u8>,
}

/// The part's file name in the zip.
fn part_file(kind: Kind, sealed: bool) -> String {
    if sealed {
        format!("{}.jsonl.age", kind.name())
    } else {
        format!("{}.jsonl", kind.name())
    }
}
/// The largest part read (uncompressed): a guard against a file that unpacks without end.
const PART_LIMIT: u64 = 4 << 30;
const MANIFEST_LIMIT: u64 = 1 << 20;

/// One part of the file: a kind of record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// `projects`, `inputs`, … (see docs/export-format.md).
    pub kind: String,
    /// The part's file in the zip: `<kind>.jsonl`.
    pub file: String,
    #[ts(type = "number")]
    pub count: u64,
    /// SHA-256 of the part's bytes, lower-case hex.
    pub sha256: String,
}

/// `manifest.json`: what the file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub schema_version: u32,
    pub app_version: String,
    pub created_at: DateTime<Utc>,
    /// The newest change in the data (`updated_at` of the newest record), if any.
    pub newest_change: Option<DateTime<Utc>>,
    pub parts: Vec<Part>,
}

impl Manifest {
    /// How many records of `kind` the file holds.
    pub fn count(&self, kind: Kind) -> u64 {
        self.parts
            .iter()
            .find(|p| p.kind == kind.name())
            .map_or(0, |p| p.count)
    }
}

fn refuse(rule: &'static str, detail: impl Into<String>) -> AppError {
    AppError::Import {
        rule,
        detail: detail.into(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Each kind's part: its bytes and how many records they hold.
type Parts = Vec<(Kind, Vec<u8>, u64)>;

/// The bytes of every part, read in one consistent state of the database.
fn parts(store: &Store, progress: &Progress) -> AppResult<(Parts, Option<DateTime<Utc>>)> {
    store.quiet(|| {
        let mut out = Vec::new();
        let mut newest: Option<DateTime<Utc>> = None;
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            progress.step(i, Kind::ALL.len() * 2)?;
            let mut bytes = Vec::new();
            let mut count = 0u64;
            store.each_line(kind, |line| {
                if let Some(at) = updated_at(line) {
                    newest = newest.max(Some(at));
                }
                bytes.extend_from_slice(line);
                bytes.push(b'\n');
                count += 1;
                Ok(())
            })?;
            out.push((kind, bytes, count));
        }
        Ok((out, newest))
    })
}

/// The `updated_at` of a record line, read without decoding the whole record.
fn updated_at(line: &[u8]) -> Option<DateTime<Utc>> {
    #[derive(Deserialize)]
    struct Stamp {
        updated_at: Option<DateTime<Utc>>,
    }
    serde_json::from_slice::<Stamp>(line).ok()?.updated_at
}

/// Writes the whole database to `path` (durably: temporary file, fsync, rename, fsync of
/// the folder) and returns the manifest, made from the live database.
pub fn write(
    store: &Store,
    path: &Path,
    now: DateTime<Utc>,
    progress: &Progress,
) -> AppResult<Manifest> {
    write_sealed(store, path, now, progress, None)
}

/// [`write`], sealed when `sealing` is given (an encrypted database: see the module
/// comment).
pub fn write_sealed(
    store: &Store,
    path: &Path,
    now: DateTime<Utc>,
    progress: &Progress,
    sealing: Option<&Sealing>,
) -> AppResult<Manifest> {
    let protect = match sealing {
        Some(s) => Protect::Sealed(s),
        None => Protect::Plain,
    };
    write_protected(store, path, now, progress, protect)
}

/// How a whole-database file is protected.
pub enum Protect<'a> {
    /// An open zip (an unencrypted database's backup; the administrator's plain export).
    Plain,
    /// Parts sealed to the database's backup key (an encrypted database's backup).
    Sealed(&'a Sealing),
    /// The whole zip in an age file encrypted with a passphrase (scrypt): an export to take
    /// elsewhere, opened by Samskab — or by `age -d` — with that passphrase.
    Passphrase(&'a str),
}

/// [`write`] with a choice of [`Protect`].
pub fn write_protected(
    store: &Store,
    path: &Path,
    now: DateTime<Utc>,
    progress: &Progress,
    protect: Protect<'_>,
) -> AppResult<Manifest> {
    let (parts, newest_change) = parts(store, progress)?;
    let sealing = match protect {
        Protect::Sealed(s) => Some(s),
        _ => None,
    };
    let sealed = sealing.is_some();
    // A sealed file's parts are encrypted first: its manifest holds the checksums of what is
    // in the zip, so they say nothing about the records.
    let parts: Parts = match sealing {
        Some(sl) => parts
            .into_iter()
            .map(|(kind, bytes, count)| {
                age::encrypt(&sl.recipient, &bytes)
                    .map(|sealed| (kind, sealed, count))
                    .map_err(|e| AppError::Storage(format!("encrypt a part: {e}")))
            })
            .collect::<AppResult<_>>()?,
        None => parts,
    };
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: if sealed {
            SEALED_FORMAT_VERSION
        } else {
            FORMAT_VERSION
        },
        schema_version: SCHEMA_VERSION,
        app_version: env!("CARGO_PKG_VERSION").into(),
        created_at: now,
        newest_change,
        parts: parts
            .iter()
            .map(|(kind, bytes, count)| Part {
                kind: kind.name().into(),
                file: part_file(*kind, sealed),
                count: *count,
                sha256: hex(&Sha256::digest(bytes)),
            })
            .collect(),
    };
    let total = Kind::ALL.len() * 2;
    let io = |e: std::io::Error| AppError::io("write the export", &e);
    match protect {
        Protect::Passphrase(passphrase) => {
            // Built in memory, so the zip is never on the disk in the clear.
            let bytes = zip_into(
                std::io::Cursor::new(Vec::new()),
                &manifest,
                &parts,
                None,
                progress,
            )?
            .into_inner();
            super::files::write_atomically(path, |file| {
                let encryptor = age::Encryptor::with_user_passphrase(passphrase.into());
                let mut w = encryptor
                    .wrap_output(std::io::BufWriter::new(file))
                    .map_err(io)?;
                w.write_all(&bytes).map_err(io)?;
                w.finish()
                    .map_err(io)?
                    .into_inner()
                    .map_err(|e| io(e.into_error()))?;
                Ok(())
            })?;
        }
        _ => super::files::write_atomically(path, |file| {
            zip_into(
                std::io::BufWriter::new(file),
                &manifest,
                &parts,
                sealing,
                progress,
            )?
            .into_inner()
            .map_err(|e| io(e.into_error()))?;
            Ok(())
        })?,
    }
    progress.step(total, total)?;
    Ok(manifest)
}

/// Writes the zip of `parts` into `w` and gives `w` back.
fn zip_into<W: std::io::Write + std::io::Seek>(
    w: W,
    manifest: &Manifest,
    parts: &Parts,
    sealing: Option<&Sealing>,
    progress: &Progress,
) -> AppResult<W> {
    let sealed = sealing.is_some();
    let total = Kind::ALL.len() * 2;
    let mut zip = zip::ZipWriter::new(w);
    // A fixed time in the entries keeps the file the same for the same data.
    let stamp = zip::DateTime::from_date_and_time(2000, 1, 1, 0, 0, 0)
        .map_err(|e| AppError::Storage(format!("zip time: {e}")))?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(stamp)
        .large_file(true);
    let zip_err = |e: zip::result::ZipError| AppError::Storage(format!("zip: {e}"));
    let manifest_json = serde_json::to_vec_pretty(manifest)
        .map_err(|e| AppError::Storage(format!("manifest: {e}")))?;
    zip.start_file("manifest.json", options).map_err(zip_err)?;
    zip.write_all(&manifest_json)
        .map_err(|e| AppError::io("write the export", &e))?;
    if let Some(s) = sealing {
        zip.start_file(KEYRING_ENTRY, options).map_err(zip_err)?;
        zip.write_all(&s.keyring)
            .map_err(|e| AppError::io("write the export", &e))?;
    }
    for (i, (kind, bytes, _)) in parts.iter().enumerate() {
        progress.step(Kind::ALL.len() + i, total)?;
        zip.start_file(part_file(*kind, sealed), options)
            .map_err(zip_err)?;
        zip.write_all(bytes)
            .map_err(|e| AppError::io("write the export", &e))?;
    }
    zip.finish().map_err(zip_err)
}

/// How every age file begins.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";

/// Whether the file at `path` is a passphrase-encrypted export (an age file).
pub fn has_passphrase(path: &Path) -> bool {
    let mut start = [0u8; AGE_MAGIC.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok_and(|()| start == AGE_MAGIC)
}

/// Reads and checks a passphrase-encrypted export (see [`Protect::Passphrase`]); a wrong
/// passphrase is `auth.wrong_passphrase`.
pub fn read_with_passphrase(
    path: &Path,
    checks: Checks,
    passphrase: &str,
) -> AppResult<(Manifest, Records)> {
    let file = std::fs::File::open(path)
        .map_err(|e| refuse("unreadable", format!("{}: {e}", path.display())))?;
    let decryptor = age::Decryptor::new_buffered(std::io::BufReader::new(file))
        .map_err(|e| refuse("not_an_export", e.to_string()))?;
    let identity = age::scrypt::Identity::new(passphrase.into());
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                AppError::WrongPassphrase
            }
            other => refuse("broken_file", other.to_string()),
        })?;
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| refuse("broken_file", e.to_string()))?;
    read_from(std::io::Cursor::new(bytes), checks)
}

fn read_entry<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
) -> AppResult<Vec<u8>> {
    let entry = zip
        .by_name(name)
        .map_err(|e| refuse("missing_part", format!("{name}: {e}")))?;
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse("broken_file", format!("{name}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(refuse("broken_file", format!("{name} is too large")));
    }
    Ok(bytes)
}

/// How much of a file is checked. Every read checks the format, checksums, counts, that each
/// record decodes, and every reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checks {
    /// Also every record against its form's rules (`today`: the latest date allowed where
    /// a form forbids the future). For imports of exports.
    Forms(NaiveDate),
    /// Not the form rules: for the unit's own backups, so a backup taken before a rule was
    /// tightened can still be verified and restored as it was.
    Structure,
}

/// The manifest of an open export, decoded (not yet checked).
fn manifest_of<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> AppResult<Manifest> {
    let bytes = read_entry(zip, "manifest.json", MANIFEST_LIMIT).map_err(|e| match e {
        AppError::Import {
            rule: "missing_part",
            detail,
        } => refuse("not_an_export", detail),
        other => other,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| refuse("broken_manifest", e.to_string()))
}

/// The export file at `path` opened as a zip (`import.passphrase_needed` for one
/// encrypted whole with a passphrase), and its manifest.
fn open_zip(
    path: &Path,
) -> AppResult<(zip::ZipArchive<std::io::BufReader<std::fs::File>>, Manifest)> {
    if has_passphrase(path) {
        return Err(refuse(
            "passphrase_needed",
            "the file is encrypted with a passphrase",
        ));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| refuse("unreadable", format!("{}: {e}", path.display())))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| refuse("not_an_export", e.to_string()))?;
    let manifest = manifest_of(&mut zip)?;
    Ok((zip, manifest))
}

/// The manifest of an export file, read without reading its records (the backup list).
pub fn read_manifest(path: &Path) -> AppResult<Manifest> {
    open_zip(path).map(|(_, manifest)| manifest)
}

/// The key file carried in a backup of an encrypted database (its recovery key's slot and
/// the sealed backup key), to open that backup when the database's own key file is lost.
/// `import.not_sealed` for a file without one.
pub fn carried_keyring(path: &Path) -> AppResult<crate::store::keyring::Keyring> {
    let (mut zip, _) = open_zip(path)?;
    let bytes = read_entry(&mut zip, KEYRING_ENTRY, MANIFEST_LIMIT).map_err(|e| match e {
        AppError::Import {
            rule: "missing_part",
            detail,
        } => refuse("not_sealed", detail),
        other => other,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| refuse("broken_manifest", e.to_string()))
}

/// Decodes and checks each line of a part.
fn lines<T: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    checks: Checks,
    mut check: impl FnMut(&T, NaiveDate) -> AppResult<()>,
) -> AppResult<Vec<T>> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let Some(body) = bytes.strip_suffix(b"\n") else {
        return Err(refuse(
            "broken_record",
            format!("{file}: the last line has no end"),
        ));
    };
    let mut out = Vec::new();
    for (n, line) in body.split(|b| *b == b'\n').enumerate() {
        let record: T = serde_json::from_slice(line)
            .map_err(|e| refuse("broken_record", format!("{file} line {}: {e}", n + 1)))?;
        let result = match checks {
            Checks::Forms(today) => check(&record, today),
            Checks::Structure => Ok(()),
        };
        result.map_err(|e| {
            let what = match &e {
                AppError::Validation(fields) => fields
                    .iter()
                    .map(|f| f.code())
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.code(),
            };
            refuse("invalid_record", format!("{file} line {}: {what}", n + 1))
        })?;
        out.push(record);
    }
    Ok(out)
}

/// Reads and checks a whole export file, form rules included; nothing is written. `today`
/// is the latest date a record may carry where its form forbids the future.
pub fn read(path: &Path, today: NaiveDate) -> AppResult<(Manifest, Records)> {
    read_checked(path, Checks::Forms(today))
}

/// [`read`] with a choice of [`Checks`].
pub fn read_checked(path: &Path, checks: Checks) -> AppResult<(Manifest, Records)> {
    read_unsealed(path, checks, None)
}

/// [`read_checked`] of a file that may be sealed: `identity` opens its parts (a sealed
/// file without it is `import.sealed`).
pub fn read_unsealed(
    path: &Path,
    checks: Checks,
    identity: Option<&age::x25519::Identity>,
) -> AppResult<(Manifest, Records)> {
    if has_passphrase(path) {
        return Err(refuse(
            "passphrase_needed",
            "the file is encrypted with a passphrase",
        ));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| refuse("unreadable", format!("{}: {e}", path.display())))?;
    read_from_unsealed(std::io::BufReader::new(file), checks, identity)
}

/// [`read`] from any reader (the tests mutate files in memory).
pub fn read_from<R: Read + std::io::Seek>(
    reader: R,
    checks: Checks,
) -> AppResult<(Manifest, Records)> {
    read_from_unsealed(reader, checks, None)
}

/// [`read_from`] of a file that may be sealed (see [`read_unsealed`]).
pub fn read_from_unsealed<R: Read + std::io::Seek>(
    reader: R,
    checks: Checks,
    identity: Option<&age::x25519::Identity>,
) -> AppResult<(Manifest, Records)> {
    let mut zip =
        zip::ZipArchive::new(reader).map_err(|e| refuse("not_an_export", e.to_string()))?;
    let manifest = manifest_of(&mut zip)?;
    if manifest.format != FORMAT {
        return Err(refuse(
            "not_an_export",
            format!("format {:?}", manifest.format),
        ));
    }
    let sealed = manifest.format_version == SEALED_FORMAT_VERSION;
    if manifest.format_version > SEALED_FORMAT_VERSION {
        return Err(refuse(
            "format_too_new",
            format!(
                "format version {} > {SEALED_FORMAT_VERSION}",
                manifest.format_version
            ),
        ));
    }
    if manifest.schema_version > SCHEMA_VERSION {
        return Err(refuse(
            "schema_too_new",
            format!(
                "schema version {} > {SCHEMA_VERSION}",
                manifest.schema_version
            ),
        ));
    }
    if manifest.schema_version < SCHEMA_VERSION {
        return Err(refuse(
            "schema_too_old",
            format!(
                "schema version {} < {SCHEMA_VERSION}",
                manifest.schema_version
            ),
        ));
    }
    for part in &manifest.parts {
        if Kind::parse(&part.kind)
            .map(|k| part_file(k, sealed))
            .as_ref()
            != Some(&part.file)
        {
            return Err(refuse(
                "broken_manifest",
                format!("unknown part {}", part.kind),
            ));
        }
        if manifest
            .parts
            .iter()
            .filter(|p| p.kind == part.kind)
            .count()
            > 1
        {
            return Err(refuse(
                "broken_manifest",
                format!("part {} twice", part.kind),
            ));
        }
    }
    let mut records = Records::default();
    for kind in Kind::ALL {
        let Some(part) = manifest.parts.iter().find(|p| p.kind == kind.name()) else {
            if kind.added_later() {
                continue; // A file from before this kind existed holds none.
            }
            return Err(refuse(
                "broken_manifest",
                format!("no part {}", kind.name()),
            ));
        };
        let mut bytes = read_entry(&mut zip, &part.file, PART_LIMIT)?;
        // The checksum is of the part as stored (encrypted, in a sealed file).
        if hex(&Sha256::digest(&bytes)) != part.sha256 {
            return Err(refuse(
                "checksum",
                format!("{} does not match its SHA-256", part.file),
            ));
        }
        if sealed {
            let Some(identity) = identity else {
                return Err(refuse(
                    "sealed",
                    "the file is encrypted; it opens in the database it was taken from",
                ));
            };
            bytes = age::decrypt(identity, &bytes).map_err(|e| {
                refuse(
                    "sealed",
                    format!("{} does not open with this key: {e}", part.file),
                )
            })?;
        }
        let f = part.file.as_str();
        let b = bytes.as_slice();
        let c = checks;
        match kind {
            Kind::Settings => {
                let mut all = lines(f, b, c, |s: &crate::domain::settings::Settings, t| {
                    s.check(t)
                })?;
                if all.len() > 1 {
                    return Err(refuse("broken_record", "more than one settings record"));
                }
                records.settings = all.pop();
            }
            Kind::Projects => records.projects = lines(f, b, c, |r: &_, t| Stored::check(r, t))?,
            Kind::PhaseChanges => {
                records.phase_changes = lines(f, b, c, |r: &_, t| Stored::check(r, t))?
            }
            Kind::Members => records.members = lines(f, b, c, |r: &_, t| Stored::check(r, t))?,
            Kind::Meetings => records.meetings = lines(f, b, c, |r: &_, t| Stored::check(r, t))?,
            Kind::Consultations => {
                records.consultations = lines(f, b, c, |r: &_, t| Stored::check(r, t))?
            }
            Kind::FeedbackPoints => {
                records.points = lines(f, b, c, |r: &_, t| Stored::check(r, t))?
            }
            Kind::Activities => {
                records.activities = lines(f, b, c, |r: &_, t| Stored::check(r, t))?
            }
            Kind::Inputs => records.inputs = lines(f, b, c, |r: &_, t| Stored::check(r, t))?,
            Kind::Contributors => {
                records.contributors =
                    lines(f, b, c, |l: &ContributorLine, _| check_contributor(&l.text))?
            }
            Kind::Drafts => {
                records.drafts = lines(f, b, c, |d: &DraftLine, _| check_draft(&d.key, &d.text))?
            }
            Kind::Claims => records.claims = lines(f, b, c, |r: &_, t| Stored::check(r, t))?,
            Kind::PayoutLists => {
                records.payout_lists = lines(f, b, c, |r: &_, t| Stored::check(r, t))?
            }
            Kind::TimeEntries => {
                records.time_entries = lines(f, b, c, |r: &_, t| Stored::check(r, t))?
            }
            Kind::ImpactEntries => {
                records.impact_entries = lines(f, b, c, |r: &_, t| Stored::check(r, t))?
            }
            Kind::Materials => records.materials = lines(f, b, c, |r: &_, t| Stored::check(r, t))?,
        }
        if records.count(kind) as u64 != part.count {
            return Err(refuse(
                "count",
                format!(
                    "{} holds {} records, the manifest says {}",
                    f,
                    records.count(kind),
                    part.count
                ),
            ));
        }
    }
    let problems = records.reference_problems();
    if !problems.is_empty() {
        return Err(refuse("broken_reference", problems.join("; ")));
    }
    Ok((manifest, records))
}

/// Reads the file back and checks that it holds exactly what `expected` says (the
/// manifest made from the live database): the same parts, counts and checksums, every
/// record decoding and every reference holding (not the form rules: see [`Checks`]).
pub fn verify(path: &Path, expected: &Manifest) -> AppResult<()> {
    verify_sealed(path, expected, None)
}

/// [`verify`] of a file that may be sealed (see [`read_unsealed`]).
pub fn verify_sealed(
    path: &Path,
    expected: &Manifest,
    identity: Option<&age::x25519::Identity>,
) -> AppResult<()> {
    let (found, _) = read_unsealed(path, Checks::Structure, identity)?;
    if &found != expected {
        return Err(refuse(
            "verify",
            "the file read back differs from the database",
        ));
    }
    Ok(())
}

/// Imports a checked file into `store`, which must be empty; returns its manifest.
pub fn import(store: &Store, path: &Path, today: NaiveDate) -> AppResult<Manifest> {
    let (manifest, records) = read(path, today)?;
    store.load(&records)?;
    Ok(manifest)
}

//! Files the app writes (exports, reports, GRIPP2, compiled feedback, backups): written to
//! a temporary file in the target folder, fsynced, then renamed over the target and the
//! folder fsynced. A crash half-way leaves the old file (or none), never half a file.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::domain::error::{AppError, AppResult};

/// The temporary name beside `path` that a write goes through.
fn temporary(path: &Path) -> AppResult<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| AppError::FileWrite(format!("{} names no file", path.display())))?;
    let mut tmp = std::ffi::OsString::from(".");
    tmp.push(name);
    tmp.push(format!(".{}-{}.tmp", std::process::id(), fastrand_suffix()));
    Ok(path.with_file_name(tmp))
}

fn fastrand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.finish()
}

/// The error for a file that could not be written: disk full and read-only keep their own
/// codes, anything else is `file.write`. The database is untouched either way.
pub fn file_error(path: &Path, e: &std::io::Error) -> AppError {
    match AppError::io("", e) {
        AppError::Storage(_) => {
            AppError::FileWrite(format!("cannot write {}: {e}", path.display()))
        }
        other => other,
    }
}

/// Writes `path` through a temporary file: `fill` writes the content, then the file is
/// synced, renamed over `path`, and the folder synced. On any error the temporary file is
/// removed and `path` is as it was.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut File) -> AppResult<()>,
) -> AppResult<()> {
    let tmp = temporary(path)?;
    let result = (|| {
        let mut file = File::create(&tmp).map_err(|e| file_error(path, &e))?;
        fill(&mut file)?;
        file.sync_all().map_err(|e| file_error(path, &e))?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(|e| file_error(path, &e))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::store::sync_dir(dir)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes `bytes` to `path` atomically (see [`write_atomically`]).
pub fn write_file(path: &Path, bytes: impl AsRef<[u8]>) -> AppResult<()> {
    write_atomically(path, |f| {
        use std::io::Write;
        f.write_all(bytes.as_ref())
            .map_err(|e| file_error(path, &e))
    })
}

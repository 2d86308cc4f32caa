//! Making a flushed change reach stable storage.
//!
//! sled 0.34's `flush()` ends in `sync_file_range` on Linux (`pagecache/iobuf.rs`), which
//! neither flushes the drive's write cache nor the file's metadata, and it writes large
//! nodes as blob files (`pagecache/blob_io.rs::write_blob`) without any sync at all. So
//! after sled's flush the store syncs, itself, through handles it keeps open:
//!
//! 1. every blob file written since the last sync, then the `blobs` folder (its entries);
//! 2. the log file `db` (`fdatasync`; `FlushFileBuffers` on Windows, hence the write access).
//!
//! A commit returns only after this, so what the screen showed as saved survives a power
//! cut. The test `durability::every_acknowledged_save_is_fsynced` proves the order with
//! strace.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::io_error;
use crate::domain::error::AppResult;

pub(super) struct Syncer {
    log: File,
    blobs: PathBuf,
    /// The highest blob number synced so far (blob files are named by a growing number).
    synced_blob: Option<u64>,
}

impl Syncer {
    /// Opens the handles once, right after sled has created its files in `dir`.
    pub(super) fn open(dir: &Path) -> AppResult<Syncer> {
        let log = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(dir.join("db"))
            .map_err(|e| io_error("open the log file", &e))?;
        let mut syncer = Syncer {
            log,
            blobs: dir.join("blobs"),
            synced_blob: None,
        };
        // The files sled just created (db, conf, blobs/) must stay findable after a power cut.
        sync_dir(dir)?;
        syncer.sync()?;
        Ok(syncer)
    }

    /// Syncs new blob files, the blob folder and the log file.
    pub(super) fn sync(&mut self) -> AppResult<()> {
        let mut newest = self.synced_blob;
        let mut any = false;
        if let Ok(entries) = std::fs::read_dir(&self.blobs) {
            for entry in entries {
                let entry = entry.map_err(|e| io_error("read the blob folder", &e))?;
                let Some(n) = entry
                    .file_name()
                    .to_str()
                    .and_then(|n| n.parse::<u64>().ok())
                else {
                    continue;
                };
                if self.synced_blob.is_some_and(|s| n <= s) {
                    continue;
                }
                match File::open(entry.path()) {
                    Ok(f) => f.sync_all().map_err(|e| io_error("sync a blob file", &e))?,
                    // sled removes blobs it no longer needs; a vanished one needs no sync.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(io_error("open a blob file", &e)),
                }
                newest = newest.max(Some(n));
                any = true;
            }
        }
        if any {
            sync_dir(&self.blobs)?;
        }
        self.synced_blob = newest;
        self.log
            .sync_data()
            .map_err(|e| io_error("sync the log file", &e))
    }
}

/// Makes a folder's entries (new, renamed or removed files) durable. A no-op where the
/// platform has no way to sync a folder (Windows: the file system journals metadata).
pub fn sync_dir(dir: &Path) -> AppResult<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_error("sync a folder", &e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

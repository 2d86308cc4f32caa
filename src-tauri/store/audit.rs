//! The audit log in the embedded database: the tree `audit_log`, the entry numbered `n`
//! under the key `n` (8 bytes, big-endian), sealed like every other value in an encrypted
//! database. Appended one at a time (the head is kept in memory), never changed; the
//! retention rule removes entries from the start only. Beside the entries, under a key
//! of its own, the head (`domain::audit::Head`: the first entry kept, the last appended and
//! its hash), written in the same batch as each entry, so a cut at either end shows.

use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Utc};

use super::codec::{decode, encode};
use super::SledStore;
use crate::domain::audit::{AuditEntry, AuditEvent, Head};
use crate::domain::error::AppResult;

pub(super) const TREE: &str = "audit_log";
/// The head's key: after every entry's (8-byte) key.
const HEAD_KEY: &[u8] = b"\xff\xff\xff\xff\xff\xff\xff\xffhead";

/// The log's head as stored, once read: the last entry's number and hash are what the next
/// entry chains to.
pub(super) type Tail = Mutex<Option<Head>>;

/// One stored entry as read back: its key, and the entry or why it does not read.
pub type Stored = (u64, AppResult<AuditEntry>);

impl SledStore {
    fn audit_tree(&self) -> &sled::Tree {
        &self.audit
    }

    /// Appends what `event` says as the next entry of the chain.
    pub fn audit_append(&self, event: AuditEvent) -> AppResult<AuditEntry> {
        let mut tail = self
            .audit_tail
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut head = self.cached_head(&mut tail)?;
        let entry = AuditEntry::after(
            (head.last > 0).then_some((head.last, head.hash.as_str())),
            event,
        );
        head.last = entry.seq;
        head.hash.clone_from(&entry.hash);
        let key = entry.seq.to_be_bytes();
        let mut batch = sled::Batch::default();
        batch.insert(&key, self.seal(TREE, &key, &encode(&entry)?)?);
        batch.insert(HEAD_KEY, self.seal(TREE, HEAD_KEY, &encode(&head)?)?);
        self.audit_tree().apply_batch(batch)?;
        *tail = Some(head);
        Ok(entry)
    }

    /// The head, read once and then kept in memory (the caller holds the lock).
    fn cached_head(&self, tail: &mut Option<Head>) -> AppResult<Head> {
        if tail.is_none() {
            *tail = Some(self.audit_head()?.unwrap_or_default());
        }
        Ok(tail.clone().unwrap_or_default())
    }

    fn audit_decode(&self, key: &[u8], value: &[u8]) -> AppResult<AuditEntry> {
        decode(&self.unseal(TREE, key, value)?)
    }

    /// The head of the log (`None`: no entry was ever appended).
    pub fn audit_head(&self) -> AppResult<Option<Head>> {
        match self.audit_tree().get(HEAD_KEY)? {
            Some(v) => Ok(Some(decode(&self.unseal(TREE, HEAD_KEY, &v)?)?)),
            None => Ok(None),
        }
    }

    /// Every entry in stored order, each as it reads (a value changed or moved in an
    /// encrypted database does not open: *Kontrollér loggen* reports it as changed).
    pub fn audit_entries(&self) -> AppResult<Vec<Stored>> {
        let mut out = Vec::new();
        for item in self.audit_tree().range(..HEAD_KEY) {
            let (key, value) = item?;
            let seq = <[u8; 8]>::try_from(key.as_ref()).map_or(0, u64::from_be_bytes);
            out.push((seq, self.audit_decode(&key, &value)));
        }
        Ok(out)
    }

    /// Removes the entries made before `before`, from the start of the log (the retention
    /// rule); stops at the first that is kept. Returns how many went.
    pub fn audit_remove_before(&self, before: DateTime<Utc>) -> AppResult<u64> {
        let mut tail = self
            .audit_tail
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut head = self.cached_head(&mut tail)?;
        if head.last == 0 {
            return Ok(0);
        }
        let mut batch = sled::Batch::default();
        let mut removed = 0;
        for item in self.audit_tree().range(..HEAD_KEY) {
            let (key, value) = item?;
            let Ok(entry) = self.audit_decode(&key, &value) else {
                break; // A damaged entry stays for the check to find.
            };
            if entry.event.at >= before || entry.seq >= head.last {
                break; // The last entry stays: the chain goes on from it.
            }
            batch.remove(key);
            head.first = entry.seq + 1;
            removed += 1;
        }
        if removed > 0 {
            batch.insert(HEAD_KEY, self.seal(TREE, HEAD_KEY, &encode(&head)?)?);
            self.audit_tree().apply_batch(batch)?;
            *tail = Some(head);
        }
        Ok(removed)
    }

    /// Takes over the entries of another database's log (a restore keeps the log of the
    /// database it replaces), sealed for this one.
    pub fn audit_take_over(&self, entries: &[AuditEntry]) -> AppResult<()> {
        let mut tail = self
            .audit_tail
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.audit_tree().clear()?;
        let mut batch = sled::Batch::default();
        for e in entries {
            let key = e.seq.to_be_bytes();
            batch.insert(&key, self.seal(TREE, &key, &encode(e)?)?);
        }
        let head = match (entries.first(), entries.last()) {
            (Some(first), Some(last)) => {
                let head = Head {
                    first: first.seq,
                    last: last.seq,
                    hash: last.hash.clone(),
                };
                batch.insert(HEAD_KEY, self.seal(TREE, HEAD_KEY, &encode(&head)?)?);
                head
            }
            _ => Head::default(),
        };
        self.audit_tree().apply_batch(batch)?;
        *tail = Some(head);
        // On the disk before the database it came from is removed.
        self.flush()
    }
}

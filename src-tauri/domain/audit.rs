//! The audit log of personal data use (issue 11): who did what to which record, when —
//! read, search (with its words and filters), create, change, delete, export, print,
//! backup, restore, sign-in and failed sign-in.
//!
//! Append-only and tamper-evident: each entry carries the SHA-256 of the entry before it
//! and its own, over every field ([`AuditEntry::next`]). [`verify`] walks the chain and
//! names the first broken link when an entry was changed, removed or moved. Entries
//! removed from the *start* by the retention rule leave a chain that still verifies from
//! its first remaining entry on.
//!
//! This module is the rule only; the stores keep the entries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::Id;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Search,
    Create,
    Change,
    Delete,
    Export,
    Print,
    Backup,
    Restore,
    SignIn,
    FailedSignIn,
}

impl AuditAction {
    pub const ALL: [AuditAction; 11] = [
        AuditAction::Read,
        AuditAction::Search,
        AuditAction::Create,
        AuditAction::Change,
        AuditAction::Delete,
        AuditAction::Export,
        AuditAction::Print,
        AuditAction::Backup,
        AuditAction::Restore,
        AuditAction::SignIn,
        AuditAction::FailedSignIn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::Search => "search",
            AuditAction::Create => "create",
            AuditAction::Change => "change",
            AuditAction::Delete => "delete",
            AuditAction::Export => "export",
            AuditAction::Print => "print",
            AuditAction::Backup => "backup",
            AuditAction::Restore => "restore",
            AuditAction::SignIn => "sign_in",
            AuditAction::FailedSignIn => "failed_sign_in",
        }
    }
}

/// What an entry says, before it is chained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    /// The profile or login.
    pub who: String,
    pub action: AuditAction,
    /// The kind of record (`project`, `input`, `member`, …), empty when none.
    pub kind: String,
    pub record: Option<Id>,
    /// The words and filters of a search, the kind of an export, …
    pub detail: String,
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    /// 1, 2, 3, … with no gaps.
    #[ts(type = "number")]
    pub seq: u64,
    #[serde(flatten)]
    #[ts(flatten)]
    pub event: AuditEvent,
    /// The hash of the entry before (64 zeros before the first).
    pub prev: String,
    /// SHA-256 over every field above, in hex.
    pub hash: String,
}

/// The `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl AuditEntry {
    /// The entry that follows `before` (the first when `None`) with what `event` says.
    pub fn next(before: Option<&AuditEntry>, event: AuditEvent) -> AuditEntry {
        AuditEntry::after(before.map(|b| (b.seq, b.hash.as_str())), event)
    }

    /// The entry that follows the one numbered `seq` with hash `hash` (the first when
    /// `None`): for a store that reads only the tail of the log.
    pub fn after(tail: Option<(u64, &str)>, event: AuditEvent) -> AuditEntry {
        let mut entry = AuditEntry {
            seq: tail.map_or(1, |(seq, _)| seq + 1),
            event,
            prev: tail.map_or_else(|| GENESIS.to_owned(), |(_, hash)| hash.to_owned()),
            hash: String::new(),
        };
        entry.hash = entry.digest();
        entry
    }

    /// SHA-256 over every field but the hash, each length-prefixed so no two different
    /// entries give the same bytes.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        let mut field = |bytes: &[u8]| {
            h.update((bytes.len() as u64).to_be_bytes());
            h.update(bytes);
        };
        field(&self.seq.to_be_bytes());
        let e = &self.event;
        field(
            e.at.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
                .as_bytes(),
        );
        field(e.who.as_bytes());
        field(e.action.as_str().as_bytes());
        field(e.kind.as_bytes());
        field(
            e.record
                .map(|r| r.into_bytes())
                .unwrap_or_default()
                .as_slice(),
        );
        field(e.detail.as_bytes());
        field(self.prev.as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Where the chain breaks, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BrokenLink {
    /// The entry at which the chain no longer holds (its position's seq, as stored).
    #[ts(type = "number")]
    pub seq: u64,
    pub why: BreakKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The entry's content does not give its hash: it was changed.
    Changed,
    /// The entry does not follow the one before it: one was removed or moved.
    Missing,
}

/// *Kontrollér loggen*: the first broken link of `entries` (in stored order), if any.
/// The first entry may follow entries removed by the retention rule.
pub fn verify(entries: &[AuditEntry]) -> Option<BrokenLink> {
    let mut before: Option<&AuditEntry> = None;
    for e in entries {
        if e.digest() != e.hash {
            return Some(BrokenLink {
                seq: e.seq,
                why: BreakKind::Changed,
            });
        }
        let follows = match before {
            None => e.seq == 1 && e.prev == GENESIS || e.seq > 1,
            Some(b) => e.seq == b.seq + 1 && e.prev == b.hash,
        };
        if !follows {
            return Some(BrokenLink {
                seq: e.seq,
                why: BreakKind::Missing,
            });
        }
        before = Some(e);
    }
    None
}

/// Where the log starts and ends, kept apart from the entries and written with each one:
/// what the chain alone cannot show — entries cut from the end, or from the start beyond
/// what the retention rule removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The first entry kept (1 until the retention rule removes some).
    pub first: u64,
    /// The last entry appended (0: none yet), and its hash.
    pub last: u64,
    pub hash: String,
}

impl Default for Head {
    fn default() -> Self {
        Head {
            first: 1,
            last: 0,
            hash: GENESIS.to_owned(),
        }
    }
}

/// [`verify`], and that the entries run from `head.first` to `head.last`: the first broken
/// link, if any.
pub fn verify_anchored(entries: &[AuditEntry], head: &Head) -> Option<BrokenLink> {
    let missing = |seq| {
        Some(BrokenLink {
            seq,
            why: BreakKind::Missing,
        })
    };
    match entries.first() {
        None if head.last >= head.first => return missing(head.first),
        Some(e) if e.seq != head.first => return missing(head.first),
        _ => {}
    }
    if let Some(broken) = verify(entries) {
        return Some(broken);
    }
    match entries.last() {
        Some(e) if e.seq != head.last || e.hash != head.hash => missing(e.seq.min(head.last) + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn chain(n: u64) -> Vec<AuditEntry> {
        let mut out: Vec<AuditEntry> = Vec::new();
        for i in 0..n {
            let event = AuditEvent {
                at: Utc
                    .with_ymd_and_hms(2026, 11, 30, 8, 0, 0)
                    .single()
                    .expect("time")
                    + chrono::Duration::seconds(i as i64),
                who: if i % 2 == 0 { "Mette" } else { "Louise" }.into(),
                action: AuditAction::ALL[i as usize % AuditAction::ALL.len()],
                kind: "input".into(),
                record: Some(crate::domain::new_id()),
                detail: format!("søgning {i}"),
            };
            let next = AuditEntry::next(out.last(), event);
            out.push(next);
        }
        out
    }

    #[test]
    fn an_untouched_chain_verifies_and_so_does_one_cut_from_the_start() {
        let c = chain(100);
        assert_eq!(c[0].prev, GENESIS);
        assert_eq!(c[99].seq, 100);
        assert_eq!(verify(&c), None);
        assert_eq!(verify(&c[10..]), None, "retention removes from the start");
        assert_eq!(verify(&[]), None);
    }

    #[test]
    fn the_first_broken_link_is_named_for_a_change_a_removal_and_a_move() {
        let c = chain(100);
        let mut changed = c.clone();
        changed[40].event.detail = "anden søgning".into();
        assert_eq!(
            verify(&changed),
            Some(BrokenLink {
                seq: 41,
                why: BreakKind::Changed
            })
        );
        // Changed and re-hashed: the next entry no longer follows it.
        changed[40].hash = changed[40].digest();
        assert_eq!(
            verify(&changed),
            Some(BrokenLink {
                seq: 42,
                why: BreakKind::Missing
            })
        );
        let mut removed = c.clone();
        removed.remove(40);
        assert_eq!(
            verify(&removed),
            Some(BrokenLink {
                seq: 42,
                why: BreakKind::Missing
            })
        );
        let mut moved = c.clone();
        moved.swap(40, 41);
        assert_eq!(
            verify(&moved),
            Some(BrokenLink {
                seq: 42,
                why: BreakKind::Missing
            })
        );
        // Every field counts.
        for edit in 0..7 {
            let mut e = c.clone();
            let x = &mut e[70];
            match edit {
                0 => x.seq += 1,
                1 => x.event.at += chrono::Duration::nanoseconds(1),
                2 => x.event.who.push('x'),
                3 => {
                    x.event.action = if x.event.action == AuditAction::Read {
                        AuditAction::Search
                    } else {
                        AuditAction::Read
                    }
                }
                4 => x.event.kind.push('x'),
                5 => x.event.record = None,
                _ => x.prev = GENESIS.into(),
            }
            assert!(verify(&e).is_some(), "edit {edit} not found");
        }
    }

    /// In a log of 1,000 entries, every single change, removal (at the start, in the
    /// middle, at the end) and swap of two neighbours is found, at the right entry.
    #[test]
    fn every_single_change_removal_or_swap_in_1000_entries_is_found() {
        let c = chain(1000);
        let head = Head {
            first: 1,
            last: 1000,
            hash: c[999].hash.clone(),
        };
        assert_eq!(verify_anchored(&c, &head), None);
        for i in 0..c.len() {
            let seq = c[i].seq;
            let mut changed = c.clone();
            changed[i].event.detail.push('!');
            assert_eq!(
                verify_anchored(&changed, &head),
                Some(BrokenLink {
                    seq,
                    why: BreakKind::Changed
                }),
                "change of {seq}"
            );
            let mut removed = c.clone();
            removed.remove(i);
            let found = verify_anchored(&removed, &head).expect("a removal is found");
            assert_eq!(found.why, BreakKind::Missing, "removal of {seq}");
            assert!(
                found.seq == seq || found.seq == seq + 1,
                "removal of {seq} named at {}",
                found.seq
            );
            if i + 1 < c.len() {
                let mut swapped = c.clone();
                swapped.swap(i, i + 1);
                assert!(
                    verify_anchored(&swapped, &head).is_some(),
                    "swap of {seq} and {}",
                    seq + 1
                );
            }
        }
        // The retention rule moves the head's start with the entries it removes.
        let kept = Head {
            first: 101,
            ..head.clone()
        };
        assert_eq!(verify_anchored(&c[100..], &kept), None);
        assert!(verify_anchored(&c[100..], &head).is_some());
        assert!(verify_anchored(&[], &head).is_some(), "all removed");
        assert_eq!(verify_anchored(&[], &Head::default()), None, "a new log");
    }
}

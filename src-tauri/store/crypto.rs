//! Encryption at rest (issue 11): the building blocks, from well-kept RustCrypto crates —
//! never our own cryptography.
//!
//! - One random **data key** ([`DataKey`], 256 bits) encrypts every stored value with
//!   XChaCha20-Poly1305 ([`DataKey::seal`]). The value's place — its tree and key — is the
//!   associated data, so a value moved to another record or tree does not open
//!   ([`DataKey::open`] gives `store.tampered`), nor does one with a byte changed or cut.
//!   The 24-byte nonce is random for every value (safe at this size: XChaCha's nonce
//!   space makes collisions negligible).
//! - Each profile's passphrase, and the recovery key, **wrap** the data key in a
//!   [`KeySlot`]: Argon2id turns the secret and a random salt into a key-encryption key
//!   (at least RFC 9106's second recommendation, 64 MiB, 3 passes, 4 lanes; by default
//!   three times its memory, [`KdfParams::DEFAULT`]), which seals
//!   the data key. A wrong secret is `auth.wrong_passphrase`. The parameters and salt
//!   are stored in the slot, so they can be raised later.
//! - The **recovery key** ([`RecoveryKey`]) is 256 random bits, shown once as 13 groups of
//!   four letters and digits to print or write down.
//!
//! Keys are wiped from memory when dropped (`zeroize`).

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::domain::error::{AppError, AppResult};

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const SALT_LEN: usize = 16;
/// What a wrapped data key is bound to: a slot's contents open only as a Samskab data key.
const SLOT_PLACE: &[u8] = b"samskab:data-key:1";

fn random<const N: usize>() -> AppResult<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Storage(format!("no random numbers from the system: {e}")))?;
    Ok(bytes)
}

/// The key every stored value is encrypted with.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; KEY_LEN]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A new random data key.
    pub fn generate() -> AppResult<DataKey> {
        Ok(DataKey(random()?))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.0).into())
    }

    /// `plaintext` encrypted and bound to `place` (e.g. tree name and key): a random
    /// nonce followed by the ciphertext and its tag.
    pub fn seal(&self, place: &[u8], plaintext: &[u8]) -> AppResult<Vec<u8>> {
        let nonce: [u8; NONCE_LEN] = random()?;
        let sealed = self
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: place,
                },
            )
            .map_err(|_| AppError::Storage("a value could not be encrypted".into()))?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The plaintext of a value sealed for `place`; `store.tampered` if it was sealed for
    /// another place, with another key, or changed in any byte.
    pub fn open(&self, place: &[u8], sealed: &[u8]) -> AppResult<Vec<u8>> {
        if sealed.len() < NONCE_LEN + TAG_LEN {
            return Err(AppError::Tampered("a value is too short".into()));
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: place,
                },
            )
            .map_err(|_| AppError::Tampered("a value does not open where it was found".into()))
    }
}

/// The cost of turning a secret into a key (Argon2id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub passes: u32,
    /// Lanes (parallelism).
    pub lanes: u32,
}

impl KdfParams {
    /// RFC 9106 §4, the second recommended option: 64 MiB, 3 passes, 4 lanes.
    pub const RFC_9106_SECOND: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        passes: 3,
        lanes: 4,
    };

    /// Samskab's choice: RFC 9106's second option with three times the memory (192 MiB,
    /// 3 passes, 4 lanes), so that unlocking takes about half a second on a 2-core PC:
    /// 0.57 s, where the second option alone takes 0.16 s (docs/benchmarks.md,
    /// "Unlocking").
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 192 * 1024,
        passes: 3,
        lanes: 4,
    };

    fn argon2(&self) -> AppResult<Argon2<'static>> {
        let params = Params::new(self.memory_kib, self.passes, self.lanes, Some(KEY_LEN))
            .map_err(|e| AppError::Storage(format!("unusable key parameters: {e}")))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// The data key wrapped by one secret (a profile's passphrase or the recovery key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySlot {
    pub kdf: KdfParams,
    pub salt: Vec<u8>,
    /// The data key sealed with the key derived from the secret.
    pub wrapped: Vec<u8>,
}

impl KeySlot {
    fn key_of(secret: &[u8], salt: &[u8], kdf: KdfParams) -> AppResult<DataKey> {
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        kdf.argon2()?
            .hash_password_into(secret, salt, out.as_mut())
            .map_err(|e| AppError::Storage(format!("the key could not be derived: {e}")))?;
        Ok(DataKey(*out))
    }

    /// `key` wrapped by `secret`, with a new random salt.
    pub fn wrap(key: &DataKey, secret: &[u8], kdf: KdfParams) -> AppResult<KeySlot> {
        let salt: [u8; SALT_LEN] = random()?;
        let wrapping = Self::key_of(secret, &salt, kdf)?;
        Ok(KeySlot {
            kdf,
            salt: salt.to_vec(),
            wrapped: wrapping.seal(SLOT_PLACE, &key.0)?,
        })
    }

    /// The data key, if `secret` is the one this slot was made with
    /// (`auth.wrong_passphrase` otherwise).
    pub fn unwrap(&self, secret: &[u8]) -> AppResult<DataKey> {
        let wrapping = Self::key_of(secret, &self.salt, self.kdf)?;
        let plain = Zeroizing::new(
            wrapping
                .open(SLOT_PLACE, &self.wrapped)
                .map_err(|_| AppError::WrongPassphrase)?,
        );
        let bytes: [u8; KEY_LEN] = plain
            .as_slice()
            .try_into()
            .map_err(|_| AppError::Tampered("a key slot holds no data key".into()))?;
        Ok(DataKey(bytes))
    }
}

/// The key that opens the data when every passphrase is forgotten: 256 random bits,
/// written as 13 groups of four (base32: letters and the digits 2–7, no 0/1/8/9).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct RecoveryKey([u8; KEY_LEN]);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

impl RecoveryKey {
    pub fn generate() -> AppResult<RecoveryKey> {
        Ok(RecoveryKey(random()?))
    }

    /// How the key is shown to be printed or written down: `ABCD-EFGH-…`.
    pub fn display(&self) -> Zeroizing<String> {
        let plain = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&self.0));
        let groups: Vec<&str> = plain
            .as_bytes()
            .chunks(4)
            .filter_map(|c| std::str::from_utf8(c).ok())
            .collect();
        Zeroizing::new(groups.join("-"))
    }

    /// The key as typed back: case, spaces and dashes do not matter. `field` names the
    /// form field for the message when it is not a recovery key.
    pub fn parse(typed: &str, field: &str) -> AppResult<RecoveryKey> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            typed
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        let invalid = || AppError::invalid(field, crate::domain::error::Rule::InvalidFormat);
        let bytes = Zeroizing::new(
            data_encoding::BASE32_NOPAD
                .decode(cleaned.as_bytes())
                .map_err(|_| invalid())?,
        );
        let key: [u8; KEY_LEN] = bytes.as_slice().try_into().map_err(|_| invalid())?;
        Ok(RecoveryKey(key))
    }

    /// The secret a key slot is wrapped with.
    pub fn secret(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap parameters: the tests are about correctness, not cost.
    const FAST: KdfParams = KdfParams {
        memory_kib: 64,
        passes: 1,
        lanes: 1,
    };

    #[test]
    fn a_sealed_value_opens_only_in_its_place_and_unchanged() {
        let key = DataKey::generate().expect("key");
        let sealed = key
            .seal(b"projects\0id-1", b"Pjece om s\xc3\xb8vn")
            .expect("seal");
        assert_eq!(
            key.open(b"projects\0id-1", &sealed).expect("open"),
            b"Pjece om s\xc3\xb8vn"
        );
        // The plaintext does not appear in the sealed bytes.
        assert!(!sealed.windows(5).any(|w| w == b"Pjece"));
        // Another record, another tree: refused.
        for place in [&b"projects\0id-2"[..], b"inputs\0id-1", b""] {
            let e = key.open(place, &sealed).expect_err("moved");
            assert_eq!(e.code(), "store.tampered");
        }
        // Any byte flipped, or cut short: refused.
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert_eq!(
                key.open(b"projects\0id-1", &bad)
                    .expect_err("flipped")
                    .code(),
                "store.tampered"
            );
        }
        for len in [0, 10, NONCE_LEN + TAG_LEN - 1, sealed.len() - 1] {
            assert_eq!(
                key.open(b"projects\0id-1", &sealed[..len])
                    .expect_err("cut")
                    .code(),
                "store.tampered"
            );
        }
        // Another key: refused.
        let other = DataKey::generate().expect("key");
        assert!(other.open(b"projects\0id-1", &sealed).is_err());
        // The same value sealed twice differs (a fresh nonce each time).
        assert_ne!(
            sealed,
            key.seal(b"projects\0id-1", b"Pjece om s\xc3\xb8vn")
                .expect("seal")
        );
    }

    #[test]
    fn a_slot_gives_the_data_key_back_only_for_its_secret() {
        let key = DataKey::generate().expect("key");
        let sealed = key.seal(b"p", b"hemmeligt").expect("seal");
        let slot = KeySlot::wrap(&key, "rød hest på taget".as_bytes(), FAST).expect("wrap");
        let again = slot.unwrap("rød hest på taget".as_bytes()).expect("unwrap");
        assert_eq!(again.open(b"p", &sealed).expect("open"), b"hemmeligt");
        for wrong in ["rød hest på tage", "Rød hest på taget", ""] {
            assert_eq!(
                slot.unwrap(wrong.as_bytes()).expect_err("wrong").code(),
                "auth.wrong_passphrase"
            );
        }
        // Two slots for one key, each with its own salt; a slot survives JSON.
        let second = KeySlot::wrap(&key, b"en anden", FAST).expect("wrap");
        assert_ne!(slot.salt, second.salt);
        let read: KeySlot =
            serde_json::from_str(&serde_json::to_string(&second).expect("json")).expect("json");
        assert_eq!(
            read.unwrap(b"en anden")
                .expect("unwrap")
                .open(b"p", &sealed)
                .expect("open"),
            b"hemmeligt"
        );
        // A changed slot does not open.
        let mut bad = slot.clone();
        bad.wrapped[30] ^= 1;
        assert!(bad.unwrap("rød hest på taget".as_bytes()).is_err());
        let mut salted = slot.clone();
        salted.salt[0] ^= 1;
        assert!(salted.unwrap("rød hest på taget".as_bytes()).is_err());
    }

    #[test]
    fn the_recovery_key_is_shown_in_groups_and_read_back_however_typed() {
        let r = RecoveryKey::generate().expect("recovery");
        let shown = r.display();
        let groups: Vec<&str> = shown.split('-').collect();
        assert_eq!(groups.len(), 13);
        // 256 bits are 52 base32 letters: 13 groups of four.
        assert!(groups.iter().all(|g| g.len() == 4), "{groups:?}");
        assert!(shown
            .chars()
            .all(|c| c == '-' || c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
        let typed = shown.to_lowercase().replace('-', " ");
        let back = RecoveryKey::parse(&typed, "recovery_key").expect("parse");
        assert_eq!(back.secret(), r.secret());
        let key = DataKey::generate().expect("key");
        let slot = KeySlot::wrap(&key, r.secret(), FAST).expect("wrap");
        assert!(slot.unwrap(back.secret()).is_ok());
        for bad in [
            "",
            "ABCD-EFGH",
            "0000-1111",
            &format!("{}-AAAA", shown.as_str()),
        ] {
            let e = RecoveryKey::parse(bad, "recovery_key").expect_err("not a key");
            assert_eq!(e.code(), "validation");
        }
    }
}

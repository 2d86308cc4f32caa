//! Keys and values. Keys are raw ordered bytes (ids as their 16 big-endian bytes);
//! values are serde_json, readable and tolerant of added fields.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::domain::error::{AppError, AppResult};
use crate::domain::Id;

pub fn id_key(id: Id) -> [u8; 16] {
    *id.as_bytes()
}

/// `a ‖ b`: a composite key whose prefix `a` groups the rows of one parent.
pub fn pair_key(a: Id, b: Id) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(a.as_bytes());
    key[16..].copy_from_slice(b.as_bytes());
    key
}

pub fn encode<T: Serialize>(value: &T) -> AppResult<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| AppError::Storage(format!("cannot encode record: {e}")))
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> AppResult<T> {
    serde_json::from_slice(bytes)
        .map_err(|e| AppError::Storage(format!("cannot decode record: {e}")))
}

pub fn decode_u32(bytes: &[u8]) -> AppResult<u32> {
    let array: [u8; 4] = bytes
        .try_into()
        .map_err(|_| AppError::Storage("schema version is not 4 bytes".into()))?;
    Ok(u32::from_be_bytes(array))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_keys_group_by_parent_and_order_by_child_time() {
        let parent = crate::domain::new_id();
        let first = crate::domain::new_id();
        let second = crate::domain::new_id();
        let a = pair_key(parent, first);
        let b = pair_key(parent, second);
        assert_eq!(&a[..16], parent.as_bytes());
        assert!(a < b, "v7 ids made later sort later");
    }

    #[test]
    fn corrupt_values_are_storage_errors_not_panics() {
        let err = decode::<crate::domain::project::Project>(b"{not json").expect_err("corrupt");
        assert_eq!(err.code(), "store.io");
        assert!(decode_u32(&[1, 2]).is_err());
    }
}

use chrono::Utc;

use crate::domain::error::AppResult;
use crate::domain::member::{Member, MemberInput};
use crate::domain::text::parse_date;
use crate::domain::{error::AppError, new_id, Id};
use crate::store::{Store, Write};

pub fn add(store: &Store, input: &MemberInput) -> AppResult<Member> {
    let member = Member::new(new_id(), input.validate()?, Utc::now());
    store.commit(&[Write::record(&member)?])?;
    Ok(member)
}

pub fn edit(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &MemberInput,
) -> AppResult<Member> {
    let fields = input.validate()?;
    let current: Member = store.get(id)?;
    check_version(current.version, expected_version)?;
    let now = Utc::now();
    let next = current.edited(fields, now, crate::service::local_day(now));
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

/// Marks the member as having left on `date` (today when empty). The member is kept, and
/// stays on the meetings they attended.
pub fn mark_left(
    store: &Store,
    id: Id,
    expected_version: u64,
    date: Option<&str>,
) -> AppResult<Member> {
    let mut errors = Vec::new();
    let left = parse_date("left", date, &mut errors).unwrap_or_else(super::today);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let current: Member = store.get(id)?;
    check_version(current.version, expected_version)?;
    current.check_left(left)?;
    let mut next = current.next_version(Utc::now());
    next.left = Some(left);
    store.commit(&[Write::record(&next)?])?;
    Ok(next)
}

pub fn all(store: &Store) -> AppResult<Vec<Member>> {
    store.all()
}

pub(crate) fn check_version(actual: u64, expected: u64) -> AppResult<()> {
    if actual == expected {
        Ok(())
    } else {
        Err(AppError::Conflict { expected, actual })
    }
}

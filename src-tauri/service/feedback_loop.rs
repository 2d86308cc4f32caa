//! The feedback loop's use cases for every kind of record that runs through it (board
//! feedback points and input): answer, and report back. One piece of code serves both; the
//! rules themselves are in `domain::feedback_loop`.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::error::{AppError, AppResult};
use crate::domain::feedback::FeedbackPoint;
use crate::domain::feedback_loop::{AnswerInput, ReportChannel, ReportedBack};
use crate::domain::input::Input;
use crate::domain::Id;
use crate::store::{Looped, Store, Write};

/// A record that runs through the loop was given on a day; its answer cannot be older.
pub trait Given {
    /// The day the point or input was given.
    fn given_on(&self) -> NaiveDate;
}

impl Given for FeedbackPoint {
    fn given_on(&self) -> NaiveDate {
        self.given_on
    }
}

impl Given for Input {
    fn given_on(&self) -> NaiveDate {
        self.date
    }
}

/// Records the requester's answer; the record then waits to be reported back. The answer
/// may not be dated after `today` nor before the day the record was given.
pub fn answer<T: Looped + Given>(
    store: &Store,
    id: Id,
    expected_version: u64,
    input: &AnswerInput,
    today: NaiveDate,
) -> AppResult<T> {
    let now = Utc::now();
    let answer = input.validate(today, now)?;
    let record: T = store.get(id)?;
    if record.version() != expected_version {
        return Err(AppError::Conflict {
            expected: expected_version,
            actual: record.version(),
        });
    }
    answer.check_given(record.given_on())?;
    let mut next = record.bumped(now);
    next.feedback_loop_mut().answer(answer)?;
    store.commit(&[Write::record(&next)?, Write::mark(T::AWAITING_REPORT, id)])?;
    Ok(next)
}

/// The writes that mark `records` as reported back, and the records as they become.
/// Fails, changing nothing, if any of them has no answer or was reported back already.
pub fn report_back_writes<T: Looped>(
    records: Vec<T>,
    channel: ReportChannel,
    meeting_id: Option<Id>,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<(Vec<Write>, Vec<T>)> {
    let mut writes = Vec::with_capacity(records.len() * 2);
    let mut done = Vec::with_capacity(records.len());
    for record in records {
        let mut next = record.bumped(now);
        next.feedback_loop_mut().report_back(ReportedBack {
            channel,
            meeting_id,
            date,
            recorded_at: now,
        })?;
        writes.push(Write::record(&next)?);
        writes.push(Write::unmark(T::AWAITING_REPORT, next.id()));
        done.push(next);
    }
    Ok((writes, done))
}

/// Marks records as reported back through `channel` on `date`, all or none.
pub fn report_back<T: Looped>(
    store: &Store,
    ids: &[Id],
    channel: ReportChannel,
    meeting_id: Option<Id>,
    date: NaiveDate,
) -> AppResult<Vec<T>> {
    let records: Vec<T> = store.get_many(ids)?;
    if records.len() != ids.len() {
        return Err(AppError::NotFound { entity: T::ENTITY });
    }
    let (writes, done) = report_back_writes(records, channel, meeting_id, date, Utc::now())?;
    store.commit(&writes)?;
    Ok(done)
}

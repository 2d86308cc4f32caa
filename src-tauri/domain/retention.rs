//! Which backups to keep: the newest 3, the newest of each day for 14 days, and the newest
//! of each week for 8 weeks. A pure rule over times, with the clock passed in, so it can
//! be tested over weeks without waiting.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, Utc};

pub const KEEP_NEWEST: usize = 3;
pub const KEEP_DAYS: i64 = 14;
pub const KEEP_WEEKS: i64 = 8;

/// The indexes (into `times`) of the backups to keep at `now`; the rest may go.
/// A backup from the future (a clock set wrong) is kept: it cannot be judged.
pub fn keep(times: &[DateTime<Utc>], now: DateTime<Utc>) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..times.len()).collect();
    // Newest first.
    order.sort_by(|a, b| times[*b].cmp(&times[*a]).then(b.cmp(a)));
    let mut kept: BTreeSet<usize> = order.iter().take(KEEP_NEWEST).copied().collect();
    let mut days = BTreeSet::new();
    let mut weeks = BTreeSet::new();
    for &i in &order {
        let t = times[i];
        if t > now {
            kept.insert(i);
            continue;
        }
        let age = now - t;
        if age < Duration::days(KEEP_DAYS) && days.insert(t.date_naive()) {
            kept.insert(i);
        }
        let week = t.iso_week();
        if age < Duration::weeks(KEEP_WEEKS) && weeks.insert((week.year(), week.week())) {
            kept.insert(i);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .map(|t| t.and_utc())
            .expect("valid time")
    }

    #[test]
    fn keeps_the_newest_three_and_one_a_day() {
        let times: Vec<_> = (8..18)
            .map(|h| at(20, h))
            .chain([at(19, 9), at(18, 9)])
            .collect();
        let kept = keep(&times, at(20, 18));
        // 17:00, 16:00, 15:00 (newest three); 19th and 18th (one a day).
        assert_eq!(kept, BTreeSet::from([9, 8, 7, 10, 11]));
    }

    #[test]
    fn nothing_is_lost_when_there_are_few() {
        let times = vec![at(1, 1), at(2, 2)];
        assert_eq!(keep(&times, at(28, 0)).len(), 2);
        assert!(keep(&[], at(28, 0)).is_empty());
    }
}

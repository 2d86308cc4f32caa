//! Progress and cancel for long operations (exports and reports at scale). The operation
//! calls [`Progress::step`] as it goes; the step tells the watcher how far it is (at most
//! once per whole percent) and returns [`AppError::Cancelled`] once cancel was asked for,
//! before anything is written.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::domain::error::{AppError, AppResult};

type Report = Box<dyn Fn(usize, usize) + Send + Sync>;

pub struct Progress {
    cancelled: Arc<AtomicBool>,
    report: Option<Report>,
    /// The last percent reported, +1 (0: none yet).
    last: AtomicU32,
}

impl Progress {
    /// Progress nobody watches and nobody can cancel (tests, benchmarks, small jobs).
    pub fn none() -> Progress {
        Progress {
            cancelled: Arc::new(AtomicBool::new(false)),
            report: None,
            last: AtomicU32::new(0),
        }
    }

    /// Progress reported to `report(done, total)`, cancelled when `cancelled` is set.
    pub fn new(
        cancelled: Arc<AtomicBool>,
        report: impl Fn(usize, usize) + Send + Sync + 'static,
    ) -> Progress {
        Progress {
            cancelled,
            report: Some(Box::new(report)),
            last: AtomicU32::new(0),
        }
    }

    /// `done` of `total` are done. Fails with [`AppError::Cancelled`] once cancelled.
    pub fn step(&self, done: usize, total: usize) -> AppResult<()> {
        if self.cancelled.load(Ordering::Relaxed) {
            return Err(AppError::Cancelled);
        }
        if let Some(report) = &self.report {
            let percent = (done.min(total) * 100).checked_div(total).unwrap_or(100) as u32;
            if self.last.swap(percent + 1, Ordering::Relaxed) != percent + 1 {
                report(done, total);
            }
        }
        Ok(())
    }
}

/// The running jobs by the id the screen gave them, so a second command can cancel one.
#[derive(Default)]
pub struct Jobs {
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

impl Jobs {
    /// Registers job `id`; the flag is set when it is cancelled. Ended with [`Jobs::end`].
    pub fn start(&self, id: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.to_owned(), flag.clone());
        flag
    }

    /// Asks job `id` to stop; false when no such job is running.
    pub fn cancel(&self, id: &str) -> bool {
        match self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
        {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    pub fn end(&self, id: &str) {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_percent_once_and_stops_when_cancelled() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let flag = Arc::new(AtomicBool::new(false));
        let s = seen.clone();
        let p = Progress::new(flag.clone(), move |d, t| {
            s.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((d, t))
        });
        for n in 0..=400 {
            p.step(n, 400).expect("not cancelled");
        }
        let seen_now = seen.lock().unwrap_or_else(PoisonError::into_inner).clone();
        assert_eq!(seen_now.len(), 101, "0 %, 1 %, …, 100 %");
        assert_eq!(seen_now.last(), Some(&(400, 400)));
        flag.store(true, Ordering::Relaxed);
        assert!(matches!(p.step(1, 400), Err(AppError::Cancelled)));
    }

    #[test]
    fn jobs_cancel_only_what_runs() {
        let jobs = Jobs::default();
        let flag = jobs.start("a");
        assert!(!jobs.cancel("b"));
        assert!(jobs.cancel("a"));
        assert!(flag.load(Ordering::Relaxed));
        jobs.end("a");
        assert!(!jobs.cancel("a"));
    }
}

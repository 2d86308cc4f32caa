//! Live refresh in team mode: one listening connection per client. Every change is
//! announced by the store inside its transaction (`pg_notify`, ids only, delivered at
//! commit); this thread passes each one on, and says when the connection is lost and when
//! it is back (then everything is asked for again: what was announced meanwhile is gone).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use serde::Serialize;
use ts_rs::TS;

use crate::store::pg::{ConnectOptions, CHANNEL};

/// What the window is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveEvent {
    /// A record was changed by someone (this client included): `table` and `id`, or
    /// everything (`table` empty) after the connection came back.
    Changed { table: String, id: String },
    /// The shared database can (`true`) or cannot be reached.
    Connection { online: bool },
}

/// Where events go (the window, in the app; a channel, in tests).
pub type Sink = Arc<dyn Fn(LiveEvent) + Send + Sync>;

/// How long one wait for a notification lasts; after each, the connection is checked.
const TICK: Duration = Duration::from_millis(500);
/// How long to wait before connecting again after the connection was lost.
const RETRY: Duration = Duration::from_secs(1);

fn changed(payload: &str) -> LiveEvent {
    let mut parts = payload.splitn(3, ':');
    LiveEvent::Changed {
        table: parts.next().unwrap_or_default().to_owned(),
        id: parts.next().unwrap_or_default().to_owned(),
    }
}

/// Listens until `stop` is set. Reports `Connection { online }` whenever it changes (and
/// at the first attempt), and a full refresh when the connection is back.
pub fn spawn(options: ConnectOptions, sink: Sink, stop: Arc<AtomicBool>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("samskab-live".into())
        .spawn(move || {
            let mut online: Option<bool> = None;
            while !stop.load(Ordering::Relaxed) {
                if let Ok(mut client) = options.client() {
                    if client.batch_execute(&format!("LISTEN {CHANNEL}")).is_ok() {
                        if online == Some(false) {
                            sink(LiveEvent::Changed {
                                table: String::new(),
                                id: String::new(),
                            });
                        }
                        if online != Some(true) {
                            sink(LiveEvent::Connection { online: true });
                            online = Some(true);
                        }
                        'listening: while !stop.load(Ordering::Relaxed) {
                            {
                                let mut notes = client.notifications();
                                let mut waiting = notes.timeout_iter(TICK);
                                loop {
                                    match waiting.next() {
                                        Ok(Some(note)) => sink(changed(note.payload())),
                                        Err(_) => break 'listening,
                                        Ok(None) => break,
                                    }
                                }
                            }
                            if client.simple_query("").is_err() {
                                break;
                            }
                        }
                    }
                }
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                if online != Some(false) {
                    sink(LiveEvent::Connection { online: false });
                    online = Some(false);
                }
                std::thread::sleep(RETRY);
            }
        })
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_name_the_table_and_the_id() {
        assert_eq!(
            changed("projects:0190-ab:3"),
            LiveEvent::Changed {
                table: "projects".into(),
                id: "0190-ab".into()
            }
        );
        assert_eq!(
            changed("settings"),
            LiveEvent::Changed {
                table: "settings".into(),
                id: String::new()
            }
        );
    }
}

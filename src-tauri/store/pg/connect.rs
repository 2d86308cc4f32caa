//! How Samskab connects to PostgreSQL: a URL (`postgres://user@host:port/db?sslmode=…`)
//! or libpq's `key=value` form, a password given apart from it (asked for at sign-in,
//! never written to disk), and TLS.
//!
//! TLS: `sslmode=verify-full` is the default for a server reached over the network: the
//! server's certificate must be signed by a trusted authority (the system's, or the file
//! in `sslrootcert=`) and name the host. `verify-ca` skips the host name. `disable` is
//! for a server on this machine's Unix socket (a path as host), where it is the default.
//! `require` and `prefer` are read as `verify-full`: Samskab never sends a password to a
//! server it has not verified.

use std::str::FromStr;
use std::time::Duration;

use native_tls::{Certificate, TlsConnector};
use postgres::config::{Host, SslMode};
use postgres_native_tls::MakeTlsConnector;
use r2d2_postgres::{r2d2, PostgresConnectionManager};

use super::pg_error;
use crate::domain::error::{AppError, AppResult};

/// The pool of connections a store uses.
pub type Pool = r2d2::Pool<PostgresConnectionManager<MakeTlsConnector>>;

/// How long to wait for the server before a connection counts as lost.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(4);

/// How certificates are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// No TLS: only for a Unix socket on this machine.
    Disable,
    /// The certificate's authority is checked, not the host name.
    Ca,
    /// The authority and the host name are checked.
    Full,
}

/// Where and as whom to connect.
#[derive(Clone)]
pub struct ConnectOptions {
    config: postgres::Config,
    verify: Verify,
    root_cert: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

fn invalid(detail: impl std::fmt::Display) -> AppError {
    AppError::Storage(format!("the database address cannot be read: {detail}"))
}

impl ConnectOptions {
    /// Reads a connection string. A password in it is refused: it is given apart
    /// ([`ConnectOptions::with_password`]) so that it is never stored with the address.
    pub fn parse(url: &str) -> AppResult<ConnectOptions> {
        let mut verify = None;
        let mut root_cert = None;
        let cleaned = strip_params(url, |key, value| match key {
            "sslmode" => {
                verify = Some(match value {
                    "disable" => Some(Verify::Disable),
                    "verify-ca" => Some(Verify::Ca),
                    "verify-full" | "require" | "prefer" | "allow" => Some(Verify::Full),
                    _ => None,
                });
                true
            }
            "sslrootcert" => {
                root_cert = Some(std::path::PathBuf::from(value));
                true
            }
            _ => false,
        });
        let mut config = postgres::Config::from_str(&cleaned).map_err(invalid)?;
        if config.get_password().is_some() {
            return Err(invalid(
                "a password in the address is not accepted; it is asked for at sign-in",
            ));
        }
        let on_socket = !config.get_hosts().is_empty()
            && config.get_hosts().iter().all(|h| match h {
                Host::Unix(_) => true,
                Host::Tcp(_) => false,
            });
        let verify = match verify {
            Some(Some(v)) => v,
            Some(None) => return Err(invalid("unknown sslmode")),
            None if on_socket => Verify::Disable,
            None => Verify::Full,
        };
        if verify == Verify::Disable && !on_socket {
            return Err(invalid(
                "sslmode=disable is only allowed for a server on this machine's socket",
            ));
        }
        config.ssl_mode(match verify {
            Verify::Disable => SslMode::Disable,
            Verify::Ca | Verify::Full => SslMode::Require,
        });
        config.connect_timeout(CONNECT_TIMEOUT);
        // A connection whose network went away silently is noticed within seconds.
        config.keepalives(true);
        config.keepalives_idle(Duration::from_secs(5));
        config.keepalives_interval(Duration::from_secs(1));
        config.keepalives_retries(3);
        config.application_name("samskab");
        Ok(ConnectOptions {
            config,
            verify,
            root_cert,
        })
    }

    /// The same options with a password.
    pub fn with_password(mut self, password: &str) -> ConnectOptions {
        if !password.is_empty() {
            self.config.password(password);
        }
        self
    }

    /// The login name, if the address gives one.
    pub fn user(&self) -> Option<&str> {
        self.config.get_user()
    }

    /// Host, port, database and user, for messages and logs (never the password).
    pub fn describe(&self) -> String {
        let hosts: Vec<String> = self
            .config
            .get_hosts()
            .iter()
            .map(|h| match h {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        format!(
            "{}@{}:{}/{}",
            self.config.get_user().unwrap_or(""),
            hosts.join(","),
            self.config.get_ports().first().copied().unwrap_or(5432),
            self.config.get_dbname().unwrap_or("")
        )
    }

    fn tls(&self) -> AppResult<MakeTlsConnector> {
        let mut builder = TlsConnector::builder();
        if let Some(path) = &self.root_cert {
            let pem = std::fs::read(path)
                .map_err(|e| invalid(format!("sslrootcert {}: {e}", path.display())))?;
            let cert = Certificate::from_pem(&pem)
                .map_err(|e| invalid(format!("sslrootcert {}: {e}", path.display())))?;
            builder.add_root_certificate(cert);
        }
        if self.verify == Verify::Ca {
            builder.danger_accept_invalid_hostnames(true);
        }
        let connector = builder
            .build()
            .map_err(|e| AppError::Storage(format!("TLS: {e}")))?;
        Ok(MakeTlsConnector::new(connector))
    }

    /// One connection (for migrations, *Test forbindelse*, the listener and tests). Used
    /// from inside an async runtime, it must be used and dropped through
    /// [`super::blocking`] as well.
    pub fn client(&self) -> AppResult<postgres::Client> {
        let tls = self.tls()?;
        super::blocking(|| self.config.connect(tls).map_err(pg_error))
    }

    /// A pool of up to four connections; the first is made now, so a wrong address or
    /// password is reported at once.
    pub(super) fn pool(&self) -> AppResult<Pool> {
        let manager = PostgresConnectionManager::new(self.config.clone(), self.tls()?);
        // Try once ourselves: r2d2 only says "timed out", the server says why.
        let first = self.client()?;
        super::blocking(move || drop(first));
        r2d2::Pool::builder()
            .max_size(4)
            .min_idle(Some(1))
            .connection_timeout(CONNECT_TIMEOUT)
            .build(manager)
            .map_err(|e| AppError::Unreachable(e.to_string()))
    }
}

/// `url` without the parameters that `take(key, value)` claims (it is called for each).
/// Works on both forms: `postgres://…?a=b&c=d` and `a=b c=d`.
fn strip_params(url: &str, mut take: impl FnMut(&str, &str) -> bool) -> String {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let Some((base, query)) = url.split_once('?') else {
            return url.to_owned();
        };
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                !take(k, v)
            })
            .collect();
        if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        }
    } else {
        url.split_whitespace()
            .filter(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                !take(k.trim(), v.trim())
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_servers_are_verified_by_default_and_sockets_are_not_encrypted() {
        let o = ConnectOptions::parse("postgres://ab1234@pg.region.dk/samskab").expect("url");
        assert_eq!(o.verify, Verify::Full);
        let o = ConnectOptions::parse("postgres://ab@pg.region.dk/s?sslmode=require").expect("url");
        assert_eq!(o.verify, Verify::Full, "require still verifies");
        let o = ConnectOptions::parse("host=/tmp/pg dbname=samskab user=x").expect("kv");
        assert_eq!(o.verify, Verify::Disable);
        assert_eq!(o.describe(), "x@/tmp/pg:5432/samskab");
        let o = ConnectOptions::parse("postgres://x@h/s?sslmode=verify-ca&sslrootcert=/ca.pem")
            .expect("url");
        assert_eq!(o.verify, Verify::Ca);
        assert_eq!(
            o.root_cert.as_deref(),
            Some(std::path::Path::new("/ca.pem"))
        );
    }

    #[test]
    fn passwords_in_addresses_and_unencrypted_networks_are_refused() {
        for url in [
            "postgres://x:secret@h/s",
            "host=h user=x password=secret dbname=s",
            "postgres://x@pg.region.dk/s?sslmode=disable",
            "postgres://x@h/s?sslmode=nonsense",
        ] {
            assert!(ConnectOptions::parse(url).is_err(), "{url}");
        }
    }
}

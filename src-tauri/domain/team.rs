//! The connection to a shared database (team mode), as Indstillinger → *Fælles database*
//! shows it: host, port, database and user. No password: it is asked for at sign-in and
//! never stored.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{AppError, FieldError, Rule};
use super::text::checked;

pub const FIELD_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SharedProfile {
    /// A host name (TLS, the certificate must name it) or a Unix socket folder (`/…`).
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// A file with the authority that signed the server's certificate, when the system
    /// does not trust it already (empty: the system's).
    pub root_certificate: String,
    /// Whether Samskab starts on the shared database (false: the local one).
    pub in_use: bool,
}

impl Default for SharedProfile {
    fn default() -> Self {
        SharedProfile {
            host: String::new(),
            port: 5432,
            database: "samskab".into(),
            user: String::new(),
            root_certificate: String::new(),
            in_use: false,
        }
    }
}

/// A value put into a connection string: no spaces, quotes, backslashes or `=`.
fn plain(field: &str, value: &str, required: bool, errors: &mut Vec<FieldError>) -> String {
    let v = checked(field, value, required, FIELD_MAX, errors);
    if v.chars()
        .any(|c| c.is_whitespace() || matches!(c, '\'' | '"' | '\\' | '=' | '?' | '&'))
    {
        errors.push(FieldError::new(field, Rule::InvalidCharacters));
    }
    v
}

impl SharedProfile {
    /// Checks and normalises a profile from the UI.
    pub fn validated(&self) -> Result<SharedProfile, AppError> {
        let mut errors = Vec::new();
        let host = plain("host", &self.host, true, &mut errors);
        let database = plain("database", &self.database, true, &mut errors);
        let user = plain("user", &self.user, true, &mut errors);
        // Put into the connection string as it is: no spaces (a path with one must be
        // moved; noted in docs/team-mode.md), so nothing can be added to the address.
        let root_certificate = plain(
            "root_certificate",
            &self.root_certificate,
            false,
            &mut errors,
        );
        if self.port == 0 {
            errors.push(FieldError::with_limit("port", Rule::OutOfRange, 65535));
        }
        if errors.is_empty() {
            Ok(SharedProfile {
                host,
                port: self.port,
                database,
                user,
                root_certificate,
                in_use: self.in_use,
            })
        } else {
            Err(AppError::Validation(errors))
        }
    }

    /// The connection string (libpq's `key=value` form): TLS with the server's certificate
    /// verified for a host on the network, the socket as it is for a folder.
    pub fn to_url(&self) -> String {
        let mut url = format!(
            "host={} port={} dbname={} user={}",
            self.host, self.port, self.database, self.user
        );
        if !self.host.starts_with('/') {
            url.push_str(" sslmode=verify-full");
            if !self.root_certificate.is_empty() {
                url.push_str(&format!(" sslrootcert={}", self.root_certificate));
            }
        }
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_host_is_verified_and_odd_characters_are_refused() {
        let p = SharedProfile {
            host: " pg.region.dk ".into(),
            user: "ab1234".into(),
            ..Default::default()
        }
        .validated()
        .expect("valid");
        assert_eq!(
            p.to_url(),
            "host=pg.region.dk port=5432 dbname=samskab user=ab1234 sslmode=verify-full"
        );
        let err = SharedProfile {
            host: "pg region".into(),
            user: "x' password='y".into(),
            database: String::new(),
            port: 0,
            ..Default::default()
        }
        .validated()
        .expect_err("bad");
        let AppError::Validation(fields) = err else {
            panic!("validation")
        };
        let codes: Vec<String> = fields.iter().map(FieldError::code).collect();
        assert_eq!(
            codes,
            [
                "validation.host.invalid_characters",
                "validation.database.required",
                "validation.user.invalid_characters",
                "validation.port.out_of_range"
            ]
        );
    }
}

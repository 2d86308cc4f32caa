//! Command-line options.

use std::ffi::OsString;
use std::path::PathBuf;

pub const USAGE: &str = "\
Samskab — brugerinddragelse i psykiatrien

Brug: samskab [--data-dir MAPPE] [--demo]
       samskab --database ADRESSE [--migrate]

  --data-dir MAPPE     gem databasen i MAPPE (standard: brugerens datamappe)
  --demo               fyld en tom database med eksempelprojekter
  --database ADRESSE   brug den fælles PostgreSQL-database på ADRESSE (teamtilstand),
                       fx postgres://ab1234@pg.region.dk/samskab; adgangskoden spørges
                       der om ved start. Også variablen SAMSKAB_DATABASE_URL.
  --migrate            opdater den fælles databases skema til denne version og stop
                       (for IT; adgangskoden i PGPASSWORD)
  -h, --help           vis denne hjælp
  -V, --version        vis versionen
";

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub data_dir: Option<PathBuf>,
    pub demo: bool,
    /// The shared database's address (team mode).
    pub database: Option<String>,
    pub migrate: bool,
    pub help: bool,
    pub version: bool,
    pub testing: Testing,
}

/// Options for the end-to-end tests only, left out of the help text: save files into a
/// folder instead of through the native save dialog (which WebDriver cannot drive), and
/// slow long jobs down so their progress bar and cancel button can be seen and used.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Testing {
    /// `--test-plain`: a new data folder is made unencrypted, without a first profile, as
    /// before issue 11 (the end-to-end tests that are not about sign-in).
    pub plain: bool,
    /// `--test-lock-seconds N`: an encrypted database locks after N seconds without use
    /// instead of the minutes in Indstillinger.
    pub lock_seconds: Option<u32>,
    pub save_dir: Option<PathBuf>,
    pub job_step_ms: Option<u64>,
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Options, String> {
    use lexopt::prelude::*;
    let mut options = Options::default();
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next().map_err(danish)? {
        match arg {
            Long("data-dir") => {
                let value = parser.value().map_err(danish)?;
                if value.is_empty() {
                    return Err("--data-dir kræver en mappe".into());
                }
                options.data_dir = Some(PathBuf::from(value));
            }
            Long("demo") => options.demo = true,
            Long("database") => {
                let value = parser.value().map_err(danish)?;
                let value = value
                    .into_string()
                    .map_err(|_| "--database kræver en adresse i UTF-8".to_owned())?;
                if value.trim().is_empty() {
                    return Err("--database kræver en adresse".into());
                }
                options.database = Some(value);
            }
            Long("migrate") => options.migrate = true,
            Long("test-plain") => options.testing.plain = true,
            Long("test-lock-seconds") => {
                let value = parser.value().map_err(danish)?;
                let seconds = value
                    .to_str()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--test-lock-seconds kræver et antal sekunder")?;
                options.testing.lock_seconds = Some(seconds);
            }
            Long("test-save-dir") => {
                options.testing.save_dir = Some(PathBuf::from(parser.value().map_err(danish)?));
            }
            Long("test-job-step-ms") => {
                let value = parser.value().map_err(danish)?;
                let ms = value
                    .to_str()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--test-job-step-ms kræver et antal millisekunder")?;
                options.testing.job_step_ms = Some(ms);
            }
            Short('h') | Long("help") => options.help = true,
            Short('V') | Long("version") => options.version = true,
            other => return Err(danish(other.unexpected())),
        }
    }
    Ok(options)
}

fn danish(err: lexopt::Error) -> String {
    match err {
        lexopt::Error::MissingValue { option } => format!(
            "{} kræver en værdi",
            option.unwrap_or_else(|| "tilvalget".into())
        ),
        lexopt::Error::UnexpectedOption(option) => format!("ukendt tilvalg: {option}"),
        lexopt::Error::UnexpectedArgument(arg) => {
            format!("uventet argument: {}", arg.to_string_lossy())
        }
        other => format!("ugyldige argumenter: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn data_dir_and_demo() {
        let o = parse(args(&["--data-dir", "/tmp/x", "--demo"])).expect("valid");
        assert_eq!(o.data_dir, Some(PathBuf::from("/tmp/x")));
        assert!(o.demo);
        let o = parse(args(&["--data-dir=/tmp/y"])).expect("valid");
        assert_eq!(o.data_dir, Some(PathBuf::from("/tmp/y")));
        assert_eq!(o.testing, Testing::default());
    }

    #[test]
    fn test_only_options() {
        let o = parse(args(&[
            "--test-save-dir",
            "/tmp/s",
            "--test-job-step-ms",
            "40",
            "--test-plain",
            "--test-lock-seconds",
            "3",
        ]))
        .expect("valid");
        assert_eq!(o.testing.save_dir, Some(PathBuf::from("/tmp/s")));
        assert_eq!(o.testing.job_step_ms, Some(40));
        assert!(o.testing.plain);
        assert_eq!(o.testing.lock_seconds, Some(3));
        assert_eq!(
            parse(args(&["--test-lock-seconds", "snart"])).expect_err("not a number"),
            "--test-lock-seconds kræver et antal sekunder"
        );
        assert_eq!(
            parse(args(&["--test-job-step-ms", "lidt"])).expect_err("not a number"),
            "--test-job-step-ms kræver et antal millisekunder"
        );
    }

    #[test]
    fn database_and_migrate() {
        let o = parse(args(&["--database", "postgres://x@h/s", "--migrate"])).expect("valid");
        assert_eq!(o.database.as_deref(), Some("postgres://x@h/s"));
        assert!(o.migrate);
        assert_eq!(
            parse(args(&["--database", " "])).expect_err("empty"),
            "--database kræver en adresse"
        );
    }

    #[test]
    fn errors_are_danish() {
        assert_eq!(
            parse(args(&["--data-dir"])).expect_err("missing"),
            "--data-dir kræver en værdi"
        );
        assert_eq!(
            parse(args(&["--colour"])).expect_err("unknown"),
            "ukendt tilvalg: --colour"
        );
    }
}

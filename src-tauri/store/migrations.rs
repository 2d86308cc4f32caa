//! Schema versions and the steps between them. Each step takes a database at version
//! `n` to `n + 1`; `run` applies the missing steps in order on open.

use super::{SledStore, SCHEMA_VERSION};
use crate::domain::error::{AppError, AppResult};

type Step = fn(&SledStore) -> AppResult<()>;

/// `STEPS[n]` migrates version `n` to `n + 1`.
const STEPS: [Step; SCHEMA_VERSION as usize] = [v0_to_v1];

/// Version 0 is a database written before schema versions were recorded. Its records
/// already have today's shape; the step re-encodes each project so that it carries every
/// field of version 1 (serde defaults fill what is missing) and fails loudly on a record
/// it cannot read.
fn v0_to_v1(store: &SledStore) -> AppResult<()> {
    let table = super::Table::Projects;
    let projects = store.table(table);
    for entry in projects.iter() {
        let (key, value) = entry?;
        let project: crate::domain::project::Project = store.decode_at(table, &key, &value)?;
        let stored = store.seal(table.name(), &key, &super::codec::encode(&project)?)?;
        projects.insert(key, stored)?;
    }
    Ok(())
}

pub fn run(store: &SledStore) -> AppResult<()> {
    let found = match store.schema_version()? {
        Some(v) => v,
        None if store.is_empty() => {
            // A new database: nothing to migrate.
            store.set_schema_version(SCHEMA_VERSION)?;
            store.flush()?;
            return Ok(());
        }
        None => 0,
    };
    if found > SCHEMA_VERSION {
        return Err(AppError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (version, step) in STEPS.iter().enumerate().skip(found as usize) {
        step(store)?;
        store.set_schema_version(version as u32 + 1)?;
        store.flush()?;
    }
    Ok(())
}

//! The PostgreSQL side of the benchmarks that compare both stores: the test cluster of
//! scripts/with-postgres.sh, and new migrated databases on it.

use samskab::store::pg::{migrate, ConnectOptions};

/// The test cluster of scripts/with-postgres.sh, with Samskab's group roles.
pub fn admin() -> postgres::Client {
    let url = std::env::var("SAMSKAB_TEST_PG")
        .expect("SAMSKAB_TEST_PG: run through scripts/with-postgres.sh");
    let mut admin = ConnectOptions::parse(&url)
        .expect("url")
        .client()
        .expect("connect");
    let setup = std::fs::read_to_string("docs/team-mode-setup.sql").expect("setup SQL");
    let groups = setup
        .split("-- The owner of Samskab's tables.")
        .next()
        .expect("groups");
    admin.batch_execute(groups).expect("group roles");
    admin
}

/// A new, migrated, empty database on the test cluster.
pub fn empty_database(admin: &mut postgres::Client, name: &str) -> ConnectOptions {
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .expect("drop");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create");
    let url = std::env::var("SAMSKAB_TEST_PG").expect("SAMSKAB_TEST_PG");
    let options = ConnectOptions::parse(&format!("{url} dbname={name}")).expect("url");
    migrate(&options).expect("migrate");
    options
}

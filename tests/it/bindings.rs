//! The checked-in TypeScript types must equal what the Rust types generate now.

use std::path::Path;

#[test]
fn generated_file_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(samskab::bindings::PATH);
    let fresh = samskab::bindings::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test --test it bindings` and commit it",
        samskab::bindings::PATH
    );
}

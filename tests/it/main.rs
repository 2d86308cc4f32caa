//! The one integration test binary: a module per area, against the service layer with a
//! temporary database.

mod bindings;
mod board;
mod crash;
mod export;
mod feedback_loop;
mod gripp2;
mod inputs;
mod overview;
mod projects;
mod store;
mod support;
mod year_report;

//! The one integration test binary: a module per area, against the service layer with a
//! temporary database.

mod archive;
mod audit;
mod bad_inputs;
mod bindings;
mod board;
mod commands;
mod crash;
mod durability;
mod export;
mod faults;
mod feedback_loop;
mod gripp2;
mod inputs;
mod overview;
mod payouts;
mod projects;
mod rights;
mod roles;
mod store;
mod support;
mod team;
mod vault;
mod work;
mod year_report;

//! The integration tests of `broedplaats-web`: ONE test binary (linking a binary per test file
//! cost more than running the tests), one module per area. Every test runs the real application
//! in-process on a fresh database of its own (`common`): SQLite by default, PostgreSQL with
//! `BROEDPLAATS_TEST_DB=postgres`.
//!
//! Tests run in parallel threads of this one process (`cargo test`) or each in a process of its
//! own (`cargo nextest run`). So nothing here may depend on process-global state: no
//! `std::env::set_var`, no statics that one test changes and another reads, no fixed ports (bind
//! `127.0.0.1:0`).
//!
//! Run one area: `cargo test -p broedplaats-web --test it agenda_api::`.

mod common;

mod accounts_invitations;
mod accounts_members;
mod accounts_register;
mod accounts_self;
mod accounts_two_factor;
mod activities_api;
mod activity_pages;
mod agenda_api;
mod agenda_write_api;
mod association;
mod association_pages;
mod authz_matrix;
mod bad_input;
mod cocreation_api;
mod cocreation_pages;
mod cocreation_trace;
mod collections;
mod concurrency;
mod crosslinks;
mod decompression_bombs;
mod education;
mod feeds;
mod following;
mod governance;
mod governance_settings_page;
mod grants;
mod group_pages;
mod harvest;
mod import_pages;
mod knowledge;
mod knowledge_review;
mod lemniscate_api;
mod lemniscate_pages;
mod mail_smtp;
mod mine;
mod oai;
mod oidc;
mod oidc_hostile;
mod oidc_invitation;
mod organisation_pages;
mod pages;
mod practice;
mod privacy;
mod project_plan;
mod roles;
mod search;
mod security;
mod stories;
mod theme_lead;
mod usability;

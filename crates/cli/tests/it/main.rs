//! The integration tests of the `broedplaats` binary: ONE test binary, one module per area. Each
//! test runs the real binary (`CARGO_BIN_EXE_broedplaats`) against a fresh database of its own
//! (`common`): SQLite by default, PostgreSQL with `BROEDPLAATS_TEST_DB=postgres`.
//!
//! Run one area: `cargo test -p broedplaats-cli --test it import_cli::`.

mod common;

mod backup;

mod cli;
mod crash;
mod federation_cli;
mod import_cli;
mod knowledge_cli;
mod national_partner_cli;
mod proxies;
mod scale_out;

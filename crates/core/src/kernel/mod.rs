//! The kernel: what every capability builds on, and which knows none of them.
//!
//! - `actor` — who is acting and the access decision (`Access`, `require_*`);
//! - `audit`, `tx` — the audit log, committing a use case, reference checks;
//! - `search` — access tokens, keeping the index current through the outbox, asking it; each
//!   capability describes its own documents as a `DocSource`;
//! - `jobs` — the database job queue's worker; each capability registers its `JobHandler`s;
//! - `mail`, `storage` — email backends and file storage;
//! - `backup` — the whole installation (database and files) to one archive and back;
//! - `csv` — whole-file CSV validation with Dutch row errors, for every import;
//! - `error`, `paging`, `secret`, `time` — the small shared vocabulary.
//!
//! The lists of document sources and job handlers live in the composition root (`crate::lib`):
//! the one place that knows every capability.
pub mod actor;
pub mod audit;
pub mod backup;
pub mod csv;
pub mod error;
pub mod jobs;
pub mod mail;
pub mod paging;
pub mod search;
pub mod secret;
pub mod storage;
pub mod time;
pub mod tx;

/// A boxed future, for the function pointers by which capabilities plug into the kernel.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

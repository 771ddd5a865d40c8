//! Knowledge sharing (DOMAIN §6): activities, recurring series, registration with a waiting list,
//! attendance and reports; iCalendar feeds; the emails to registrants and their reminders.
//!
//! Interface for other capabilities: the inputs and views re-exported below, `expand_rule`, and
//! the background work (`MAIL_JOB`, `REMINDERS`).
mod ical;
mod jobs;
pub mod mail;
mod manage;

pub use jobs::{MAIL_JOB, MAIL_REGISTRATION, REMINDERS};
pub use manage::*;
// COMPAT(remove before landing)
pub use crate::kernel::storage::{MAX_FILE_SIZE, MAX_FILES, clean_filename};
pub use crate::kernel::time::{parse_moment, parse_stored, stored};

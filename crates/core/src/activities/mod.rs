//! Knowledge sharing (DOMAIN §6): activities, recurring series, registration with a waiting list,
//! attendance and reports; iCalendar feeds; the emails to registrants and their reminders. Times
//! are stored in UTC and entered and shown in Europe/Amsterdam.
//!
//! Interface for other capabilities: the inputs and views re-exported below, `expand_rule`, and
//! the background work (`MAIL_JOB`, `REMINDERS`).
mod access;
mod calendar;
mod ical;
mod inputs;
mod jobs;
pub mod mail;
mod manage;
mod registration;
mod reports;
#[cfg(test)]
mod tests;
mod views;

pub use access::may_organise;
pub use inputs::{
    ActionInput, ActivityInput, AttendanceInput, MAX_OCCURRENCES, ProductLink, RegistrationInput, ReportInput, Scope,
    expand_rule,
};
pub use jobs::{MAIL_JOB, MAIL_REGISTRATION, REMINDERS};
pub use views::{
    ActionView, ActivityPage, ActivityView, FileView, ListQuery, Registered, RegistrationMail, RegistrationView,
    ReportView,
};

// Siblings share their private helpers through `use super::*`.
#[allow(unused_imports)]
use {access::*, inputs::*, registration::*, views::*};

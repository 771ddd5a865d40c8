//! Moments: entered and shown in Europe/Amsterdam, stored in UTC as RFC 3339 text (the same on
//! SQLite and PostgreSQL, and ordered as text).
use crate::{CoreError, Result};
use broedplaats_domain::FieldErrorKind;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

/// Parses a moment: RFC 3339 with an offset, or a local time in Europe/Amsterdam as a
/// `datetime-local` form field sends it (`2026-12-17T15:00`).
pub fn parse_moment(raw: &str) -> Result<DateTime<Utc>, FieldErrorKind> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldErrorKind::Required);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .map_err(|_| FieldErrorKind::Invalid)?;
    // In the autumn hour that occurs twice the earlier one is meant; the spring hour that does
    // not exist is refused.
    Amsterdam.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc)).ok_or(FieldErrorKind::Invalid)
}

/// A moment as stored in the database.
pub fn stored(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn parse_stored(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| CoreError::Internal(format!("bad stored time {s}")))
}

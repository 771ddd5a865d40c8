//! Activities as iCalendar (RFC 5545). Times are written in Europe/Amsterdam with its VTIMEZONE,
//! so a monthly kenniscafé at 15:00 stays at 15:00 across daylight saving time. A series is one
//! VEVENT with an RRULE; an occurrence that differs from the rule (moved, edited on its own or
//! cancelled) is an override with RECURRENCE-ID, which is how calendar programs expect it.
//!
//! Written by hand rather than with the `icalendar` crate: that crate has no VTIMEZONE, and what
//! we need beyond it is escaping and line folding, both below and tested against an independent
//! parser in the web crate's tests.
use super::ActivityView;
use crate::kernel::time::parse_stored;
use broedplaats_store::Tenant;
use broedplaats_store::activities::SeriesRow;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Amsterdam;
use std::fmt::Write;

const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Writes content lines, escaping TEXT values and folding lines at 75 octets.
struct Writer {
    out: String,
}

impl Writer {
    fn new(name: &str) -> Self {
        let mut w = Writer { out: String::new() };
        w.line("BEGIN:VCALENDAR");
        w.line("VERSION:2.0");
        w.line("PRODID:-//Broedplaats//Werkplaats Sociaal Domein//NL");
        w.line("CALSCALE:GREGORIAN");
        w.line("METHOD:PUBLISH");
        w.text("X-WR-CALNAME", name);
        w.line("X-WR-TIMEZONE:Europe/Amsterdam");
        w.out.push_str(VTIMEZONE);
        w
    }

    fn finish(mut self) -> String {
        self.line("END:VCALENDAR");
        self.out
    }

    /// Folds a content line: no line longer than 75 octets, continuation lines start with a space,
    /// never splitting a UTF-8 character.
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += len;
        }
        self.out.push_str("\r\n");
    }

    fn text(&mut self, name: &str, value: &str) {
        let mut escaped = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '\\' => escaped.push_str("\\\\"),
                ';' => escaped.push_str("\\;"),
                ',' => escaped.push_str("\\,"),
                '\n' => escaped.push_str("\\n"),
                '\r' => {}
                c if c.is_control() => {}
                c => escaped.push(c),
            }
        }
        self.line(&format!("{name}:{escaped}"));
    }

    fn local(&mut self, name: &str, t: DateTime<Utc>) {
        self.line(&format!("{name};TZID=Europe/Amsterdam:{}", t.with_timezone(&Amsterdam).format("%Y%m%dT%H%M%S")));
    }
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn activity_url(base: &str, tenant: &Tenant, a: &ActivityView) -> String {
    format!("{}/werkplaatsen/{}/activiteiten/{}", base.trim_end_matches('/'), tenant.slug, a.id)
}

/// The fields every VEVENT of an activity has, after its UID and times.
fn body(w: &mut Writer, tenant: &Tenant, a: &ActivityView, base: &str) {
    w.text("SUMMARY", &a.title);
    let url = activity_url(base, tenant, a);
    let mut description = a.description.clone();
    if let Some(online) = &a.online_url {
        let _ = write!(description, "\n\nOnline: {online}");
    }
    let _ = write!(description, "\n\n{url}");
    w.text("DESCRIPTION", description.trim_start());
    match (&a.location, &a.online_url) {
        (Some(place), _) => w.text("LOCATION", place),
        (None, Some(online)) => w.text("LOCATION", online),
        (None, None) => {}
    }
    w.line(&format!("URL:{url}"));
    w.text("CATEGORIES", &a.kind);
    w.line(if a.is_cancelled() { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
    w.line(&format!("DTSTAMP:{}", utc(Utc::now())));
}

fn single_event(w: &mut Writer, tenant: &Tenant, a: &ActivityView, base: &str) {
    w.line("BEGIN:VEVENT");
    w.line(&format!("UID:activiteit-{}-{}@broedplaats", tenant.slug, a.id));
    w.local("DTSTART", a.starts());
    w.local("DTEND", a.ends());
    body(w, tenant, a, base);
    w.line("END:VEVENT");
}

/// One activity, as a calendar of one event (the .ics of an activity page and of the emails).
pub fn single(tenant: &Tenant, a: &ActivityView, base: &str) -> String {
    let mut w = Writer::new(&a.title);
    single_event(&mut w, tenant, a, base);
    w.finish()
}

/// A calendar of activities, per werkplaats with the series they belong to.
/// A series as the calendar needs it: its rule, and the occurrences (by original start, UTC
/// text) the reader may not see, written as EXDATE.
#[derive(Debug, Clone)]
pub struct Series {
    pub row: SeriesRow,
    pub hidden: Vec<String>,
}

pub fn calendar(name: &str, groups: &[(Tenant, Vec<ActivityView>, Vec<Series>)], base: &str) -> String {
    let mut w = Writer::new(name);
    for (tenant, items, series) in groups {
        for a in items.iter().filter(|a| a.series_id.is_none() || !series.iter().any(|s| Some(s.row.id) == a.series_id))
        {
            single_event(&mut w, tenant, a, base);
        }
        for Series { row: s, hidden } in series {
            let mut occurrences: Vec<&ActivityView> = items.iter().filter(|a| a.series_id == Some(s.id)).collect();
            occurrences.sort_by(|a, b| a.occurrence_start.cmp(&b.occurrence_start));
            let Some(template) = occurrences.first() else { continue };
            let (Ok(first), Ok(t_start)) = (parse_stored(&s.first_start), parse_stored(&template.starts_at)) else {
                continue;
            };
            let duration = template.ends() - t_start;
            let uid = format!("UID:reeks-{}-{}@broedplaats", tenant.slug, s.id);
            w.line("BEGIN:VEVENT");
            w.line(&uid);
            w.local("DTSTART", first);
            w.local("DTEND", first + duration);
            w.line(&format!("RRULE:{}", s.rrule));
            for h in hidden.iter().filter_map(|h| parse_stored(h).ok()) {
                w.local("EXDATE", h);
            }
            let mut master = (*template).clone();
            master.status = "scheduled".into();
            body(&mut w, tenant, &master, base);
            w.line("END:VEVENT");
            for a in occurrences {
                let Some(Ok(original)) = a.occurrence_start.as_deref().map(parse_stored) else { continue };
                let same = a.starts() == original
                    && a.ends() - a.starts() == duration
                    && a.title == master.title
                    && a.description == master.description
                    && a.location == master.location
                    && a.online_url == master.online_url
                    && !a.is_cancelled();
                if same {
                    continue;
                }
                w.line("BEGIN:VEVENT");
                w.line(&uid);
                w.local("RECURRENCE-ID", original);
                w.local("DTSTART", a.starts());
                w.local("DTEND", a.ends());
                body(&mut w, tenant, a, base);
                w.line("END:VEVENT");
            }
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut w = Writer { out: String::new() };
        w.text("SUMMARY", &"é".repeat(100));
        for line in w.out.split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = w.out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(100)));
    }

    #[test]
    fn text_is_escaped() {
        let mut w = Writer { out: String::new() };
        w.text("DESCRIPTION", "a;b,c\\d\ne");
        assert_eq!(w.out, "DESCRIPTION:a\\;b\\,c\\\\d\\ne\r\n");
    }
}

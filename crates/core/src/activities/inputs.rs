//! What organisers and registrants send: activity, registration, attendance and report inputs,
//! validated into what is stored; recurrence rules expanded in Europe/Amsterdam.
use crate::Result;
use crate::kernel::time::{parse_moment, stored};
use broedplaats_domain::{ActivityKind, Audience, BoundedText, FieldErrorKind, FieldErrors, FourO};
use broedplaats_store::activities::ActivityFields;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Amsterdam;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Occurrences a series may have: a monthly kenniscafé for four years fits.
pub const MAX_OCCURRENCES: usize = 60;

// ---- inputs --------------------------------------------------------------------------------------

/// An activity as created or updated through the API and the forms.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    /// kenniscafe, themabijeenkomst, symposium, masterclass, leerkring, reflectiebijeenkomst,
    /// consortiumoverleg, mt_overleg, leernetwerkbijeenkomst, werksessie, presentatie_bij_partner,
    /// training_op_de_werkplek
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    /// RFC 3339, e.g. `2026-12-17T15:00:00+01:00`; a time without offset is Europe/Amsterdam.
    pub starts_at: String,
    pub ends_at: String,
    pub location: Option<String>,
    /// For online or hybrid activities.
    pub online_url: Option<String>,
    /// Places; without a capacity everyone who registers gets a place.
    pub capacity: Option<i64>,
    /// public, partners or members
    pub audience: String,
    #[serde(default)]
    pub theme_ids: Vec<i64>,
    pub theme_group_id: Option<i64>,
    pub project_id: Option<i64>,
    /// The MT or consortium, for their meetings.
    pub body_id: Option<i64>,
    /// onderzoek, ontwikkeling, onderwijs, ondersteuning
    #[serde(default)]
    pub four_os: Vec<String>,
    #[serde(default)]
    pub organiser_person_ids: Vec<i64>,
    #[serde(default)]
    pub organiser_organisation_ids: Vec<i64>,
    /// Makes a recurring series (create only): an RFC 5545 RRULE such as
    /// `FREQ=MONTHLY;BYDAY=3TH;COUNT=10`. Needs COUNT or UNTIL; at most 60 occurrences.
    pub recurrence: Option<String>,
}

/// What an update changes: this occurrence only, or every occurrence of its series that has
/// not been edited on its own (past occurrences keep their times).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    #[default]
    Occurrence,
    Series,
}

#[derive(Debug)]
pub(super) struct ValidActivity {
    pub(super) fields: ActivityFields,
    pub(super) starts: DateTime<Utc>,
    pub(super) ends: DateTime<Utc>,
    pub(super) theme_ids: Vec<i64>,
    pub(super) organiser_person_ids: Vec<i64>,
    pub(super) organiser_organisation_ids: Vec<i64>,
    pub(super) recurrence: Option<String>,
}

pub(super) fn opt_text<const N: usize>(e: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<String> {
    e.take(field, BoundedText::<N>::parse_optional(v)).flatten().map(BoundedText::into_inner)
}

pub(super) fn web_url(e: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<String> {
    let url = opt_text::<500>(e, field, v)?;
    if url.starts_with("https://") || url.starts_with("http://") {
        Some(url)
    } else {
        e.push(field, FieldErrorKind::Invalid);
        None
    }
}

impl ActivityInput {
    pub(super) fn validate(&self) -> Result<ValidActivity, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = e.take("kind", ActivityKind::parse(&self.kind));
        let title = e.take("title", BoundedText::<200>::parse(&self.title)).map(BoundedText::into_inner);
        let description = opt_text::<20_000>(&mut e, "description", self.description.as_deref()).unwrap_or_default();
        let starts = e.take("starts_at", parse_moment(&self.starts_at));
        let ends = e.take("ends_at", parse_moment(&self.ends_at));
        if let (Some(s), Some(en)) = (starts, ends) {
            if en <= s {
                e.push("ends_at", FieldErrorKind::Refused { key: "activity.error.ends_before_start" });
            } else if en - s > Duration::days(7) {
                e.push("ends_at", FieldErrorKind::Refused { key: "activity.error.too_long" });
            }
        }
        let location = opt_text::<300>(&mut e, "location", self.location.as_deref());
        let online_url = web_url(&mut e, "online_url", self.online_url.as_deref());
        if let Some(c) = self.capacity
            && !(1..=100_000).contains(&c)
        {
            e.push("capacity", FieldErrorKind::Invalid);
        }
        let audience = e.take("audience", Audience::parse(&self.audience));
        let mut four_os = Vec::new();
        for o in &self.four_os {
            if let Some(o) = e.take("four_os", FourO::parse(o))
                && !four_os.contains(&o.code())
            {
                four_os.push(o.code());
            }
        }
        let recurrence = match self.recurrence.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some(r) => {
                let r = r.strip_prefix("RRULE:").unwrap_or(r).to_ascii_uppercase();
                if !(r.contains("COUNT=") || r.contains("UNTIL=")) {
                    e.push("recurrence", FieldErrorKind::Refused { key: "activity.error.recurrence_unbounded" });
                }
                Some(r)
            }
        };
        match (kind, title, starts, ends, audience) {
            (Some(kind), Some(title), Some(starts), Some(ends), Some(audience)) if e.is_empty() => Ok(ValidActivity {
                fields: ActivityFields {
                    kind: kind.code().into(),
                    title,
                    description,
                    starts_at: stored(starts),
                    ends_at: stored(ends),
                    location,
                    online_url,
                    capacity: self.capacity,
                    audience: audience.code().into(),
                    theme_group_id: self.theme_group_id,
                    project_id: self.project_id,
                    body_id: self.body_id,
                    four_os: serde_json::to_string(&four_os).unwrap_or_else(|_| "[]".into()),
                },
                starts,
                ends,
                theme_ids: self.theme_ids.clone(),
                organiser_person_ids: self.organiser_person_ids.clone(),
                organiser_organisation_ids: self.organiser_organisation_ids.clone(),
                recurrence,
            }),
            _ => Err(e),
        }
    }
}

/// Expands a series rule from its first start, in Europe/Amsterdam (a monthly kenniscafé at
/// 15:00 stays at 15:00 across daylight saving time).
pub fn expand_rule(rule: &str, first: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>, FieldErrorKind> {
    let local = first.with_timezone(&Amsterdam).naive_local();
    let text = format!("DTSTART;TZID=Europe/Amsterdam:{}\nRRULE:{rule}", local.format("%Y%m%dT%H%M%S"));
    let set: rrule::RRuleSet =
        text.parse().map_err(|_| FieldErrorKind::Refused { key: "activity.error.recurrence" })?;
    let result = set.all((MAX_OCCURRENCES + 1) as u16);
    if result.dates.len() > MAX_OCCURRENCES {
        return Err(FieldErrorKind::Refused { key: "activity.error.recurrence_too_many" });
    }
    Ok(result.dates.into_iter().map(|d| d.with_timezone(&Utc)).collect())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationInput {
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    /// E.g. "rolstoeltoegankelijk", "tolk", "ringleiding".
    pub accessibility_needs: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    /// Registrations that attended (the rest did not).
    #[serde(default)]
    pub present_registration_ids: Vec<i64>,
    /// For large public events: a head count instead of names.
    pub count: Option<i64>,
    /// Organisations present.
    #[serde(default)]
    pub organisation_ids: Vec<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// Minutes in Markdown.
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub decisions: Vec<String>,
    #[serde(default)]
    pub actions: Vec<ActionInput>,
    /// Knowledge products the activity produced.
    #[serde(default)]
    pub products: Vec<ProductLink>,
}

/// A knowledge product an activity produced: its title and where to find it.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductLink {
    pub title: String,
    /// An absolute http(s) URL, or a path on this site such as `/werkplaatsen/zhz/…`.
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    pub description: String,
    /// Who acts on it (a name).
    pub owner: String,
    /// YYYY-MM-DD
    pub due_on: Option<String>,
    #[serde(default)]
    pub done: bool,
}

//! Knowledge sharing (DOMAIN §6): activities, recurring series, registration with a waiting list,
//! attendance and reports. Times are stored in UTC and entered and shown in Europe/Amsterdam.
//!
//! Registration is the one place where many people write at once: a registration locks its
//! activity row for the rest of its transaction, so capacity is never exceeded and the waiting
//! list keeps its order, on SQLite and PostgreSQL alike.
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::kernel::audit::audit;
use crate::kernel::error::refused;
use crate::kernel::storage::{MAX_FILE_SIZE, MAX_FILES, clean_filename};
use crate::kernel::time::{parse_moment, parse_stored, stored};
use crate::kernel::tx::{check_refs, commit, current_theme_ids, group_links};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{
    ActivityKind, Audience, BoundedText, Email, FieldErrorKind, FieldErrors, FourO, RegistrationStatus, Role,
};
use broedplaats_store::activities::{self as q, ActivityFields, ActivityFilter, ActivityLinks, ActivityRow};
use broedplaats_store::organisation::Table;
use broedplaats_store::{Conn, Tenant, jobs};
use chrono::{DateTime, Duration, TimeZone, Utc};
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
struct ValidActivity {
    fields: ActivityFields,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    theme_ids: Vec<i64>,
    organiser_person_ids: Vec<i64>,
    organiser_organisation_ids: Vec<i64>,
    recurrence: Option<String>,
}

fn opt_text<const N: usize>(e: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<String> {
    e.take(field, BoundedText::<N>::parse_optional(v)).flatten().map(BoundedText::into_inner)
}

fn web_url(e: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<String> {
    let url = opt_text::<500>(e, field, v)?;
    if url.starts_with("https://") || url.starts_with("http://") {
        Some(url)
    } else {
        e.push(field, FieldErrorKind::Invalid);
        None
    }
}

impl ActivityInput {
    fn validate(&self) -> Result<ValidActivity, FieldErrors> {
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

// ---- views -------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityView {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    /// UTC, RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub audience: String,
    /// scheduled or cancelled
    pub status: String,
    pub cancel_reason: Option<String>,
    pub theme_ids: Vec<i64>,
    pub theme_group_id: Option<i64>,
    pub project_id: Option<i64>,
    pub body_id: Option<i64>,
    pub four_os: Vec<String>,
    pub organiser_person_ids: Vec<i64>,
    pub organiser_organisation_ids: Vec<i64>,
    pub series_id: Option<i64>,
    /// Edited on its own, apart from its series.
    pub detached: bool,
    pub registered: i64,
    pub waitlisted: i64,
    /// Places left; `null` without a capacity.
    pub places_left: Option<i64>,
    /// Head count recorded after the event.
    pub attendance_count: Option<i64>,
    pub present_organisation_ids: Vec<i64>,
    #[serde(skip)]
    pub created_by: Option<i64>,
    #[serde(skip)]
    pub occurrence_start: Option<String>,
}

impl ActivityView {
    pub fn starts(&self) -> DateTime<Utc> {
        parse_stored(&self.starts_at).unwrap_or_default()
    }
    pub fn ends(&self) -> DateTime<Utc> {
        parse_stored(&self.ends_at).unwrap_or_default()
    }
    pub fn is_cancelled(&self) -> bool {
        self.status == "cancelled"
    }
    pub fn is_past(&self, now: DateTime<Utc>) -> bool {
        self.starts() <= now
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportView {
    pub minutes: String,
    pub decisions: Vec<String>,
    pub actions: Vec<ActionView>,
    pub products: Vec<ProductLink>,
    /// Attached files (minutes as PDF, slides, photos), oldest first.
    pub files: Vec<FileView>,
    pub author_name: String,
    pub updated_at: String,
}

/// A file attached to a report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FileView {
    pub id: i64,
    pub filename: String,
    /// Detected from the content when it was uploaded.
    pub content_type: String,
    /// In bytes.
    pub size: i64,
    /// Where to download it (an HTML route; the API has its own under `report/files/{file_id}`).
    pub url: String,
}

impl FileView {
    fn of(tenant: &Tenant, f: q::FileRow) -> Self {
        Self {
            url: format!("/werkplaatsen/{}/activiteiten/{}/bijlagen/{}", tenant.slug, f.activity_id, f.id),
            id: f.id,
            filename: f.filename,
            content_type: f.content_type,
            size: f.size,
        }
    }

    /// The size in kB for people, rounded up (a 10-byte file is 1 kB, not 0).
    pub fn size_kb(&self) -> i64 {
        (self.size + 1023) / 1024
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActionView {
    pub id: i64,
    pub description: String,
    pub owner: String,
    pub due_on: Option<String>,
    pub done: bool,
}

/// A registration as the organiser sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub accessibility_needs: Option<String>,
    /// registered, waitlisted or cancelled
    pub status: String,
    pub attended: bool,
    /// UTC, RFC 3339.
    pub registered_at: String,
}

/// The outcome of a registration.
#[derive(Debug, Clone)]
pub struct Registered {
    pub registration_id: i64,
    pub status: RegistrationStatus,
    /// The secret that cancels this registration (also in the confirmation email).
    pub cancel_token: String,
    /// Whether this call created it (false: they were registered already).
    pub created: bool,
}

/// What a confirmation, promotion, reminder or cancellation email needs.
#[derive(Debug, Clone)]
pub struct RegistrationMail {
    pub to_name: String,
    pub to_email: String,
    pub status: String,
    pub reminders: bool,
    pub activity_title: String,
    pub activity_status: String,
    pub cancel_reason: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub activity_url: String,
    pub cancel_url: String,
    pub ics: String,
    pub werkplaats_name: String,
}

/// A page of activities with the cursor to the next.
#[derive(Debug)]
pub struct ActivityPage {
    pub items: Vec<ActivityView>,
    pub next_cursor: Option<String>,
}

/// Which activities to list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub kind: Option<String>,
    pub theme_id: Option<i64>,
    pub descending: bool,
    pub cursor: Option<String>,
    pub limit: i64,
}

// ---- permissions -------------------------------------------------------------------------------

/// Audiences the reader may see.
fn visible_audiences(access: Access) -> &'static [&'static str] {
    match access {
        Access::Public => &["public"],
        Access::Member | Access::Manager => &["public", "partners", "members"],
    }
}

fn may_see(access: Access, a: &ActivityRow) -> bool {
    visible_audiences(access).contains(&a.audience.as_str())
}

/// Roles that plan activities: everyone who works for the werkplaats rather than with it.
fn may_plan(actor: &Actor, tenant: &Tenant) -> bool {
    actor.roles_in(&tenant.slug).any(|r| {
        matches!(
            r,
            Role::ProgrammeCoordinator
                | Role::Lector
                | Role::TeacherResearcher
                | Role::ThemeLead
                | Role::ProjectSupport
        )
    })
}

fn require_planner<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    let actor = actor.ok_or(CoreError::Unauthenticated)?;
    if may_plan(actor, tenant) { Ok(actor) } else { Err(CoreError::Forbidden) }
}

/// The coordinator or a lector, whoever planned the activity, or one of its organisers.
async fn require_organiser<'a>(
    conn: &mut Conn,
    actor: Option<&'a Actor>,
    tenant: &Tenant,
    a: &ActivityRow,
) -> Result<&'a Actor> {
    let Some(actor) = actor else { return Err(CoreError::Unauthenticated) };
    if access(Some(actor), tenant) == Access::Manager
        || a.created_by == Some(actor.account_id)
        || q::is_organiser(conn, tenant, a.id, actor.account_id).await?
    {
        Ok(actor)
    } else if may_see(access(Some(actor), tenant), a) {
        Err(CoreError::Forbidden)
    } else {
        Err(CoreError::NotFound)
    }
}

pub async fn may_organise(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, a: &ActivityRow) -> Result<bool> {
    Ok(require_organiser(conn, actor, tenant, a).await.is_ok())
}

// ---- loading -----------------------------------------------------------------------------------

async fn load_row(conn: &mut Conn, tenant: &Tenant, access: Access, id: i64) -> Result<ActivityRow> {
    match q::activity(conn, tenant, id).await? {
        Some(a) if may_see(access, &a) => Ok(a),
        _ => Err(CoreError::NotFound),
    }
}

pub(crate) async fn views(conn: &mut Conn, tenant: &Tenant, rows: Vec<ActivityRow>) -> Result<Vec<ActivityView>> {
    let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
    let mut themes = group_links(q::links_of(conn, tenant, ActivityLinks::Themes, &ids).await?);
    let mut people = group_links(q::links_of(conn, tenant, ActivityLinks::OrganiserPeople, &ids).await?);
    let mut orgs = group_links(q::links_of(conn, tenant, ActivityLinks::OrganiserOrganisations, &ids).await?);
    let mut present = group_links(q::links_of(conn, tenant, ActivityLinks::PresentOrganisations, &ids).await?);
    let counts: std::collections::HashMap<i64, (i64, i64)> =
        q::registration_counts(conn, tenant, &ids).await?.into_iter().map(|(id, r, w)| (id, (r, w))).collect();
    Ok(rows
        .into_iter()
        .map(|a| {
            let (registered, waitlisted) = counts.get(&a.id).copied().unwrap_or((0, 0));
            ActivityView {
                theme_ids: themes.remove(&a.id).unwrap_or_default(),
                organiser_person_ids: people.remove(&a.id).unwrap_or_default(),
                organiser_organisation_ids: orgs.remove(&a.id).unwrap_or_default(),
                present_organisation_ids: present.remove(&a.id).unwrap_or_default(),
                four_os: serde_json::from_str(&a.four_os).unwrap_or_default(),
                places_left: a.capacity.map(|c| (c - registered).max(0)),
                registered,
                waitlisted,
                id: a.id,
                kind: a.kind,
                title: a.title,
                description: a.description,
                starts_at: a.starts_at,
                ends_at: a.ends_at,
                location: a.location,
                online_url: a.online_url,
                capacity: a.capacity,
                audience: a.audience,
                status: a.status,
                cancel_reason: a.cancel_reason,
                theme_group_id: a.theme_group_id,
                project_id: a.project_id,
                body_id: a.body_id,
                series_id: a.series_id,
                detached: a.detached != 0,
                attendance_count: a.attendance_count,
                created_by: a.created_by,
                occurrence_start: a.occurrence_start,
            }
        })
        .collect())
}

async fn view(conn: &mut Conn, tenant: &Tenant, row: ActivityRow) -> Result<ActivityView> {
    views(conn, tenant, vec![row]).await?.pop().ok_or(CoreError::NotFound)
}

// ---- tokens ------------------------------------------------------------------------------------

/// The cancel token of a registration: an HMAC of its id and queue time under an installation
/// secret. It can be computed again (so registering twice returns the same link) but not
/// forged; the database keeps only its hash.
async fn cancel_token(conn: &mut Conn, registration_id: i64, queued_at: &str) -> Result<String> {
    use base64::Engine;
    use hmac::Mac;
    let secret = q::installation_secret(conn, "registration-cancel", &crate::kernel::secret::new_secret()).await?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|e| CoreError::Internal(e.to_string()))?;
    mac.update(format!("{registration_id}:{queued_at}").as_bytes());
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

fn encode_cursor(start: &str, id: i64) -> String {
    crate::kernel::paging::encode_cursor(start, id)
}

// ---- use cases ---------------------------------------------------------------------------------

impl Core {
    /// Activities the reader may see, in start order (or newest first), keyset-paginated.
    pub async fn activities(&self, actor: Option<&Actor>, tenant: &Tenant, query: &ListQuery) -> Result<ActivityPage> {
        let access = access(actor, tenant);
        let limit = query.limit.clamp(1, 200);
        let from = query.from.map(stored);
        let to = query.to.map(stored);
        let after = query.cursor.as_deref().and_then(crate::kernel::paging::decode_cursor);
        let filter = ActivityFilter {
            from: from.as_deref(),
            to: to.as_deref(),
            kind: query.kind.as_deref(),
            theme_id: query.theme_id,
            audiences: visible_audiences(access),
            descending: query.descending,
        };
        let mut conn = self.store.conn().await?;
        let mut rows =
            q::activities(&mut conn, tenant, &filter, after.as_ref().map(|(s, i)| (s.as_str(), *i)), limit + 1).await?;
        let next_cursor = if rows.len() as i64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|a| encode_cursor(&a.starts_at, a.id))
        } else {
            None
        };
        Ok(ActivityPage { items: views(&mut conn, tenant, rows).await?, next_cursor })
    }

    pub async fn activity(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ActivityView> {
        let mut conn = self.store.conn().await?;
        let row = load_row(&mut conn, tenant, access(actor, tenant), id).await?;
        view(&mut conn, tenant, row).await
    }

    /// Whether the actor may edit the activity, see its registrations and write its report.
    pub async fn may_organise(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<bool> {
        let mut conn = self.store.conn().await?;
        let Some(row) = q::activity(&mut conn, tenant, id).await? else { return Ok(false) };
        may_organise(&mut conn, actor, tenant, &row).await
    }

    /// Refuses (401, 403, or 404 for an activity the actor may not see) unless the actor may
    /// organise the activity; handlers call it before reading a large upload.
    pub async fn require_organiser(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let mut conn = self.store.conn().await?;
        let row = q::activity(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
        require_organiser(&mut conn, actor, tenant, &row).await.map(|_| ())
    }

    /// Whether the actor may plan new activities in this werkplaats.
    pub fn may_plan_activities(&self, actor: Option<&Actor>, tenant: &Tenant) -> bool {
        actor.is_some_and(|a| may_plan(a, tenant))
    }

    async fn check_activity_refs(&self, conn: &mut Conn, tenant: &Tenant, v: &ValidActivity) -> Result<FieldErrors> {
        let mut e = FieldErrors::new();
        check_refs(conn, tenant, &mut e, "organiser_person_ids", Table::People, &v.organiser_person_ids).await?;
        check_refs(
            conn,
            tenant,
            &mut e,
            "organiser_organisation_ids",
            Table::Organisations,
            &v.organiser_organisation_ids,
        )
        .await?;
        let themes = current_theme_ids(conn, tenant).await?;
        if v.theme_ids.iter().any(|t| !themes.contains(t)) {
            e.push("theme_ids", FieldErrorKind::Invalid);
        }
        for (field, table, id) in [
            ("theme_group_id", Table::ThemeGroups, v.fields.theme_group_id),
            ("project_id", Table::Projects, v.fields.project_id),
            ("body_id", Table::Bodies, v.fields.body_id),
        ] {
            if let Some(id) = id {
                check_refs(conn, tenant, &mut e, field, table, &[id]).await?;
            }
        }
        Ok(e)
    }

    async fn write_links(&self, conn: &mut Conn, tenant: &Tenant, id: i64, v: &ValidActivity) -> Result<()> {
        q::replace_links(conn, tenant, ActivityLinks::Themes, id, &v.theme_ids).await?;
        q::replace_links(conn, tenant, ActivityLinks::OrganiserPeople, id, &v.organiser_person_ids).await?;
        q::replace_links(conn, tenant, ActivityLinks::OrganiserOrganisations, id, &v.organiser_organisation_ids)
            .await?;
        Ok(())
    }

    /// Creates an activity, or a series of them when `recurrence` is given; returns the (first) id.
    pub async fn create_activity(&self, actor: Option<&Actor>, tenant: &Tenant, input: &ActivityInput) -> Result<i64> {
        let actor = require_planner(actor, tenant)?;
        let v = input.validate()?;
        let starts = match &v.recurrence {
            None => vec![v.starts],
            Some(rule) => expand_rule(rule, v.starts).map_err(|k| FieldErrors::single("recurrence", k))?,
        };
        // A rule with no date between the start and its UNTIL yields nothing: bad input, not a
        // server error.
        let Some(&first_start) = starts.first() else {
            return Err(refused("recurrence", "activity.error.recurrence_empty"));
        };
        let mut tx = self.store.begin().await?;
        let e = self.check_activity_refs(&mut tx, tenant, &v).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
        let series = match &v.recurrence {
            // The stored rule counts exactly the occurrences made, so a calendar that expands it
            // sees the same dates as the database.
            Some(rule) => {
                let bounded = rule
                    .split(';')
                    .filter(|p| !p.starts_with("COUNT=") && !p.starts_with("UNTIL="))
                    .chain(std::iter::once(format!("COUNT={}", starts.len()).as_str()))
                    .collect::<Vec<_>>()
                    .join(";");
                // DTSTART must be the first occurrence: a start that does not fit the rule (a
                // Tuesday for "every third Thursday") is no occurrence, but RFC 5545 would count it.
                Some(q::insert_series(&mut tx, tenant, &bounded, &stored(first_start)).await?)
            }
            None => None,
        };
        let duration = v.ends - v.starts;
        let mut first = None;
        for start in starts {
            let mut fields = v.fields.clone();
            fields.starts_at = stored(start);
            fields.ends_at = stored(start + duration);
            let id = q::insert_activity(
                &mut tx,
                tenant,
                &fields,
                series.map(|s| (s, fields.starts_at.as_str())),
                Some(actor.account_id),
            )
            .await?;
            self.write_links(&mut tx, tenant, id, &v).await?;
            let after = q::activity(&mut tx, tenant, id).await?;
            audit(&mut tx, tenant, actor, ("activity", id), "create", None, after.as_ref()).await?;
            first.get_or_insert(id);
        }
        commit(tx).await?;
        first.ok_or(CoreError::Internal("no occurrences".into()))
    }

    /// Updates an activity, or with [`Scope::Series`] every occurrence of its series not edited on
    /// its own. A larger capacity moves people up from the waiting list.
    pub async fn update_activity(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &ActivityInput,
        scope: Scope,
    ) -> Result<()> {
        let v = input.validate()?;
        if v.recurrence.is_some() {
            return Err(refused("recurrence", "activity.error.recurrence_on_update"));
        }
        let mut tx = self.store.begin().await?;
        let before = q::activity(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &before).await?;
        let e = self.check_activity_refs(&mut tx, tenant, &v).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
        let targets = match (scope, before.series_id) {
            (Scope::Series, Some(series)) => q::series_activities(&mut tx, tenant, series)
                .await?
                .into_iter()
                .filter(|a| a.id == id || a.detached == 0)
                .collect(),
            _ => vec![before.clone()],
        };
        let now = Utc::now();
        let edited_start_local = v.starts.with_timezone(&Amsterdam);
        let duration = v.ends - v.starts;
        for target in targets {
            let mut fields = v.fields.clone();
            if target.id != id {
                // Other occurrences keep their date; future ones take the new time of day.
                let start = parse_stored(&target.starts_at)?;
                let new_start = if start > now {
                    let date = start.with_timezone(&Amsterdam).date_naive();
                    Amsterdam
                        .from_local_datetime(&date.and_time(edited_start_local.time()))
                        .earliest()
                        .map(|t| t.with_timezone(&Utc))
                        .unwrap_or(start)
                } else {
                    start
                };
                let new_end = if start > now { new_start + duration } else { parse_stored(&target.ends_at)? };
                fields.starts_at = stored(new_start);
                fields.ends_at = stored(new_end);
            }
            let detach = scope == Scope::Occurrence && target.series_id.is_some();
            q::update_activity(&mut tx, tenant, target.id, &fields, detach).await?;
            self.write_links(&mut tx, tenant, target.id, &v).await?;
            self.promote_waitlist(&mut tx, tenant, target.id).await?;
            let after = q::activity(&mut tx, tenant, target.id).await?;
            audit(&mut tx, tenant, actor, ("activity", target.id), "update", Some(&target), after.as_ref()).await?;
        }
        commit(tx).await
    }

    /// Cancels an activity (or the rest of its series) and tells everyone registered.
    pub async fn cancel_activity(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        reason: Option<&str>,
        scope: Scope,
    ) -> Result<()> {
        let mut e = FieldErrors::new();
        let reason = opt_text::<1000>(&mut e, "reason", reason);
        if !e.is_empty() {
            return Err(e.into());
        }
        let mut tx = self.store.begin().await?;
        let before = q::activity(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &before).await?;
        let now = stored(Utc::now());
        let targets = match (scope, before.series_id) {
            (Scope::Series, Some(series)) => q::series_activities(&mut tx, tenant, series)
                .await?
                .into_iter()
                .filter(|a| a.id == id || a.starts_at > now)
                .collect(),
            _ => vec![before],
        };
        for target in targets.into_iter().filter(|a| a.status != "cancelled") {
            q::set_cancelled(&mut tx, tenant, target.id, reason.as_deref()).await?;
            for r in q::registrations(&mut tx, tenant, target.id).await? {
                if r.status != "cancelled" && target.starts_at > now {
                    enqueue_mail(&mut tx, tenant, r.id, "cancelled", &format!("cancelled:{}", r.id)).await?;
                }
            }
            let after = q::activity(&mut tx, tenant, target.id).await?;
            audit(&mut tx, tenant, actor, ("activity", target.id), "update", Some(&target), after.as_ref()).await?;
        }
        commit(tx).await
    }

    /// Registers someone. Without an account only for public activities; with one, the name and
    /// address of the account are used. Registering twice returns the first registration.
    pub async fn register(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        input: Option<&RegistrationInput>,
    ) -> Result<Registered> {
        let (name, email, organisation, needs) = match (input, actor) {
            (Some(i), _) => {
                let mut e = FieldErrors::new();
                let name = e.take("name", BoundedText::<200>::parse(&i.name)).map(BoundedText::into_inner);
                let email = e.take("email", Email::parse(&i.email));
                let organisation = opt_text::<200>(&mut e, "organisation", i.organisation.as_deref());
                let needs = opt_text::<1000>(&mut e, "accessibility_needs", i.accessibility_needs.as_deref());
                match (name, email) {
                    (Some(n), Some(m)) if e.is_empty() => (n, m.as_str().to_owned(), organisation, needs),
                    _ => return Err(e.into()),
                }
            }
            (None, Some(a)) => (a.name.clone(), a.email.clone(), None, None),
            (None, None) => return Err(CoreError::Unauthenticated),
        };
        let access = access(actor, tenant);
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        if !may_see(access, &a) {
            // Visible to members only: say so rather than "not found", so a person who was sent
            // the link knows to sign in.
            return Err(if actor.is_none() {
                refused("activity", "activity.refused.members_only")
            } else {
                CoreError::NotFound
            });
        }
        if a.status == "cancelled" {
            return Err(refused("activity", "activity.refused.cancelled"));
        }
        if parse_stored(&a.starts_at)? <= Utc::now() {
            return Err(refused("activity", "activity.refused.past"));
        }
        if a.audience == "members"
            && access != Access::Manager
            && let Some(actor) = actor
            && q::is_group_member(&mut tx, tenant, &a, actor.account_id).await? == Some(false)
            && !q::is_organiser(&mut tx, tenant, a.id, actor.account_id).await?
        {
            return Err(refused("activity", "activity.refused.group_only"));
        }
        q::lock_activity(&mut tx, tenant, a.id).await?;
        let existing = q::registration_by_email(&mut tx, tenant, a.id, &email).await?;
        if let Some(r) = existing.as_ref().filter(|r| r.status != "cancelled") {
            let token = cancel_token(&mut tx, r.id, &r.queued_at).await?;
            commit(tx).await?;
            return Ok(Registered {
                registration_id: r.id,
                status: RegistrationStatus::parse(&r.status).map_err(|_| CoreError::Internal("status".into()))?,
                cancel_token: token,
                created: false,
            });
        }
        let registered = q::count_registered(&mut tx, tenant, a.id).await?;
        let status = match a.capacity {
            Some(c) if registered >= c => RegistrationStatus::Waitlisted,
            _ => RegistrationStatus::Registered,
        };
        let placeholder = crate::kernel::secret::new_secret();
        let new = q::NewRegistration {
            account_id: actor.map(|a| a.account_id),
            name: &name,
            email: &email,
            organisation: organisation.as_deref(),
            accessibility_needs: needs.as_deref(),
            status: status.code(),
            cancel_token_hash: &placeholder,
        };
        let id = match existing {
            Some(r) => {
                q::renew_registration(&mut tx, tenant, r.id, &new).await?;
                r.id
            }
            None => q::insert_registration(&mut tx, tenant, a.id, &new).await?,
        };
        let row = q::registration(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let token = cancel_token(&mut tx, id, &row.queued_at).await?;
        q::set_token_hash(&mut tx, tenant, id, &crate::kernel::secret::hash_secret(&token)).await?;
        enqueue_mail(&mut tx, tenant, id, "confirmation", &format!("confirmation:{id}:{}", row.queued_at)).await?;
        commit(tx).await?;
        Ok(Registered { registration_id: id, status, cancel_token: token, created: true })
    }

    /// The signed-in person's own registration for an activity, if it is active: its status and
    /// the token of its cancel link (so the page can offer "afmelden").
    pub async fn my_registration(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
    ) -> Result<Option<(RegistrationStatus, String)>> {
        let Some(actor) = actor else { return Ok(None) };
        let mut conn = self.store.conn().await?;
        let Some(r) = q::registration_by_email(&mut conn, tenant, activity_id, &actor.email).await? else {
            return Ok(None);
        };
        let Ok(status) = RegistrationStatus::parse(&r.status) else { return Ok(None) };
        if status == RegistrationStatus::Cancelled {
            return Ok(None);
        }
        Ok(Some((status, cancel_token(&mut conn, r.id, &r.queued_at).await?)))
    }

    /// The registration a cancel token belongs to, with its activity (for the cancel page).
    pub async fn registration_for_token(
        &self,
        tenant: &Tenant,
        token: &str,
    ) -> Result<(RegistrationView, ActivityView)> {
        let mut conn = self.store.conn().await?;
        let r = q::registration_by_token(&mut conn, tenant, &crate::kernel::secret::hash_secret(token.trim()))
            .await?
            .ok_or(CoreError::NotFound)?;
        let a = q::activity(&mut conn, tenant, r.activity_id).await?.ok_or(CoreError::NotFound)?;
        Ok((registration_view(r), view(&mut conn, tenant, a).await?))
    }

    /// Cancels the registration a token belongs to; the first on the waiting list moves up. An
    /// unknown token changes nothing. Cancelling twice is fine.
    pub async fn cancel_registration(&self, tenant: &Tenant, activity_id: Option<i64>, token: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let r = q::registration_by_token(&mut tx, tenant, &crate::kernel::secret::hash_secret(token.trim()))
            .await?
            .filter(|r| activity_id.is_none_or(|a| a == r.activity_id))
            .ok_or(CoreError::NotFound)?;
        if r.status == "cancelled" {
            return Ok(());
        }
        q::lock_activity(&mut tx, tenant, r.activity_id).await?;
        q::set_registration_status(&mut tx, tenant, r.id, "cancelled").await?;
        self.promote_waitlist(&mut tx, tenant, r.activity_id).await?;
        commit(tx).await
    }

    /// Stops reminder emails for the registration a token belongs to.
    pub async fn stop_reminders(&self, tenant: &Tenant, token: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let r = q::registration_by_token(&mut tx, tenant, &crate::kernel::secret::hash_secret(token.trim()))
            .await?
            .ok_or(CoreError::NotFound)?;
        q::set_reminders(&mut tx, tenant, r.id, false).await?;
        commit(tx).await
    }

    /// Fills free places from the waiting list, in order, and tells those who moved up.
    async fn promote_waitlist(&self, conn: &mut Conn, tenant: &Tenant, activity_id: i64) -> Result<()> {
        let Some(a) = q::activity(conn, tenant, activity_id).await? else { return Ok(()) };
        if a.status == "cancelled" {
            return Ok(());
        }
        let free = match a.capacity {
            Some(c) => c - q::count_registered(conn, tenant, activity_id).await?,
            None => i64::MAX,
        };
        if free <= 0 {
            return Ok(());
        }
        for r in q::waitlist_head(conn, tenant, activity_id, free.min(10_000)).await? {
            q::set_registration_status(conn, tenant, r.id, "registered").await?;
            enqueue_mail(conn, tenant, r.id, "promoted", &format!("promoted:{}:{}", r.id, r.queued_at)).await?;
        }
        Ok(())
    }

    /// The registrations of an activity (organisers only).
    pub async fn registrations(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
    ) -> Result<Vec<RegistrationView>> {
        let mut conn = self.store.conn().await?;
        let a = q::activity(&mut conn, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        require_organiser(&mut conn, actor, tenant, &a).await?;
        Ok(q::registrations(&mut conn, tenant, activity_id).await?.into_iter().map(registration_view).collect())
    }

    /// The registrations as CSV (organisers only), for a sign-in sheet or a badge printer.
    pub async fn registrations_csv(&self, actor: Option<&Actor>, tenant: &Tenant, activity_id: i64) -> Result<String> {
        let rows = self.registrations(actor, tenant, activity_id).await?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let internal = |e: csv::Error| CoreError::Internal(e.to_string());
        w.write_record(["naam", "e-mail", "organisatie", "toegankelijkheid", "status", "aanwezig", "aangemeld op"])
            .map_err(internal)?;
        for r in rows {
            let status = match r.status.as_str() {
                "registered" => "aangemeld",
                "waitlisted" => "wachtlijst",
                _ => "afgemeld",
            };
            let cells = [
                r.name.as_str(),
                &r.email,
                r.organisation.as_deref().unwrap_or(""),
                r.accessibility_needs.as_deref().unwrap_or(""),
            ]
            .map(spreadsheet_safe);
            w.write_record([
                cells[0].as_str(),
                &cells[1],
                &cells[2],
                &cells[3],
                status,
                if r.attended { "ja" } else { "nee" },
                &r.registered_at,
            ])
            .map_err(internal)?;
        }
        String::from_utf8(w.into_inner().map_err(|e| CoreError::Internal(e.to_string()))?)
            .map_err(|e| CoreError::Internal(e.to_string()))
    }

    /// Records who attended, how many came, and which organisations were present.
    pub async fn set_attendance(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        input: &AttendanceInput,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &a).await?;
        let mut e = FieldErrors::new();
        if input.count.is_some_and(|c| !(0..=1_000_000).contains(&c)) {
            e.push("count", FieldErrorKind::Invalid);
        }
        let known: Vec<i64> = q::registrations(&mut tx, tenant, activity_id).await?.iter().map(|r| r.id).collect();
        if input.present_registration_ids.iter().any(|id| !known.contains(id)) {
            e.push("present_registration_ids", FieldErrorKind::Invalid);
        }
        check_refs(&mut tx, tenant, &mut e, "organisation_ids", Table::Organisations, &input.organisation_ids).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
        q::set_attended(&mut tx, tenant, activity_id, &input.present_registration_ids).await?;
        q::set_attendance_count(&mut tx, tenant, activity_id, input.count).await?;
        q::replace_links(&mut tx, tenant, ActivityLinks::PresentOrganisations, activity_id, &input.organisation_ids)
            .await?;
        let after = q::activity(&mut tx, tenant, activity_id).await?;
        audit(&mut tx, tenant, actor, ("activity", activity_id), "update", Some(&a), after.as_ref()).await?;
        commit(tx).await
    }

    /// The report of an activity: readable by whoever may see the activity.
    pub async fn report(&self, actor: Option<&Actor>, tenant: &Tenant, activity_id: i64) -> Result<Option<ReportView>> {
        let mut conn = self.store.conn().await?;
        load_row(&mut conn, tenant, access(actor, tenant), activity_id).await?;
        let Some(r) = q::report(&mut conn, tenant, activity_id).await? else { return Ok(None) };
        let actions = q::actions(&mut conn, tenant, activity_id).await?;
        Ok(Some(ReportView {
            minutes: r.minutes,
            decisions: serde_json::from_str(&r.decisions).unwrap_or_default(),
            actions: actions
                .into_iter()
                .map(|a| ActionView {
                    id: a.id,
                    description: a.description,
                    owner: a.owner,
                    due_on: a.due_on,
                    done: a.done != 0,
                })
                .collect(),
            products: q::product_links(&mut conn, tenant, activity_id)
                .await?
                .into_iter()
                .map(|p| ProductLink { title: p.title, url: p.url })
                .collect(),
            files: q::files(&mut conn, tenant, activity_id)
                .await?
                .into_iter()
                .map(|f| FileView::of(tenant, f))
                .collect(),
            author_name: r.author_name,
            updated_at: r.updated_at,
        }))
    }

    /// Writes the report (organisers only).
    pub async fn save_report(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        input: &ReportInput,
    ) -> Result<ReportView> {
        let mut e = FieldErrors::new();
        let minutes = opt_text::<100_000>(&mut e, "minutes", Some(&input.minutes)).unwrap_or_default();
        let mut decisions = Vec::new();
        for d in input.decisions.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
            if let Some(d) = e.take("decisions", BoundedText::<2000>::parse(d)) {
                decisions.push(d.into_inner());
            }
        }
        let mut actions = Vec::new();
        for (i, a) in input.actions.iter().enumerate() {
            let description = e.take(&format!("actions[{i}].description"), BoundedText::<1000>::parse(&a.description));
            let owner = e.take(&format!("actions[{i}].owner"), BoundedText::<200>::parse(&a.owner));
            let due_on = match a.due_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                None => None,
                Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                    Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
                    Err(_) => {
                        e.push(format!("actions[{i}].due_on"), FieldErrorKind::Invalid);
                        None
                    }
                },
            };
            if let (Some(d), Some(o)) = (description, owner) {
                actions.push((d.into_inner(), o.into_inner(), due_on, a.done));
            }
        }
        let mut products = Vec::new();
        for (i, p) in input.products.iter().enumerate() {
            let title = e.take(&format!("products[{i}].title"), BoundedText::<300>::parse(&p.title));
            let url = p.url.trim();
            let url_ok = (url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/'))
                && !url.starts_with("//")
                && url.len() <= 1000
                && !url.chars().any(char::is_whitespace);
            if !url_ok {
                e.push(format!("products[{i}].url"), FieldErrorKind::Invalid);
            }
            if let Some(t) = title.filter(|_| url_ok) {
                products.push((t.into_inner(), url.to_owned()));
            }
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &a).await?;
        q::replace_product_links(&mut tx, tenant, activity_id, &products).await?;
        let decisions_json = serde_json::to_string(&decisions).map_err(|e| CoreError::Internal(e.to_string()))?;
        q::upsert_report(&mut tx, tenant, activity_id, &minutes, &decisions_json, &actor.name).await?;
        let fields: Vec<q::ActionFields> = actions
            .iter()
            .map(|(d, o, due, done)| q::ActionFields { description: d, owner: o, due_on: due.as_deref(), done: *done })
            .collect();
        q::replace_actions(&mut tx, tenant, activity_id, &fields).await?;
        commit(tx).await?;
        self.report(Some(actor), tenant, activity_id).await?.ok_or(CoreError::NotFound)
    }

    /// Attaches a file to the report (organisers only). The type is judged by the content, never
    /// by the name; the bytes go into the storage first, then the row is written.
    pub async fn add_report_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        filename: &str,
        bytes: &[u8],
    ) -> Result<FileView> {
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        let actor = require_organiser(&mut tx, actor, tenant, &a).await?;
        if bytes.len() > MAX_FILE_SIZE {
            return Err(refused("file", "activity.file.too_large"));
        }
        let Some((content_type, extension)) = crate::kernel::storage::detect(bytes) else {
            return Err(refused("file", "activity.file.type"));
        };
        let Some(filename) = clean_filename(filename, extension) else {
            return Err(refused("file", "activity.file.name"));
        };
        if q::files(&mut tx, tenant, activity_id).await?.len() as i64 >= MAX_FILES {
            return Err(refused("file", "activity.file.too_many"));
        }
        let key = crate::kernel::storage::key_for(bytes);
        self.storage.put(&key, bytes).await.map_err(|e| CoreError::Internal(format!("storing a file: {e}")))?;
        // Locked and counted again, so two uploads at once cannot pass the limit together.
        q::lock_activity(&mut tx, tenant, activity_id).await?;
        if q::files(&mut tx, tenant, activity_id).await?.len() as i64 >= MAX_FILES {
            drop(tx);
            self.forget_blob(&key).await;
            return Err(refused("file", "activity.file.too_many"));
        }
        let new = q::NewFile {
            filename: &filename,
            content_type,
            size: bytes.len() as i64,
            storage_key: &key,
            author_name: &actor.name,
        };
        let id = q::insert_file(&mut tx, tenant, activity_id, &new).await?;
        let row = q::file(&mut tx, tenant, activity_id, id).await?.ok_or(CoreError::NotFound)?;
        commit(tx).await?;
        Ok(FileView::of(tenant, row))
    }

    /// The files of a report: readable by whoever may see the activity.
    pub async fn report_files(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
    ) -> Result<Vec<FileView>> {
        let mut conn = self.store.conn().await?;
        load_row(&mut conn, tenant, access(actor, tenant), activity_id).await?;
        Ok(q::files(&mut conn, tenant, activity_id).await?.into_iter().map(|f| FileView::of(tenant, f)).collect())
    }

    /// One file of a report with its bytes, for whoever may see the activity.
    pub async fn report_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        file_id: i64,
    ) -> Result<(FileView, Vec<u8>)> {
        let mut conn = self.store.conn().await?;
        load_row(&mut conn, tenant, access(actor, tenant), activity_id).await?;
        let row = q::file(&mut conn, tenant, activity_id, file_id).await?.ok_or(CoreError::NotFound)?;
        drop(conn);
        let bytes = self.storage.get(&row.storage_key).await.map_err(|e| CoreError::Internal(e.to_string()))?;
        let Some(bytes) = bytes else {
            return Err(CoreError::Internal(format!("file {} of activity {activity_id}: blob missing", row.id)));
        };
        Ok((FileView::of(tenant, row), bytes))
    }

    /// Removes a file from the report (organisers only). The stored bytes go too, unless another
    /// row (the same file attached elsewhere) still refers to them.
    pub async fn delete_report_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        activity_id: i64,
        file_id: i64,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let a = q::activity(&mut tx, tenant, activity_id).await?.ok_or(CoreError::NotFound)?;
        require_organiser(&mut tx, actor, tenant, &a).await?;
        let row = q::file(&mut tx, tenant, activity_id, file_id).await?.ok_or(CoreError::NotFound)?;
        q::delete_file(&mut tx, tenant, activity_id, file_id).await?;
        commit(tx).await?;
        self.forget_blob(&row.storage_key).await;
        Ok(())
    }

    /// Deletes a blob no row refers to any more. A failure only leaves an unreferenced blob
    /// behind, so it is logged rather than reported to the person who deleted the file.
    pub(crate) async fn forget_blob(&self, key: &str) {
        let in_use = match self.store.conn().await {
            Ok(mut conn) => q::storage_key_in_use(&mut conn, key).await,
            Err(e) => Err(e),
        };
        match in_use {
            Ok(false) => {
                if let Err(e) = self.storage.delete(key).await {
                    tracing::warn!(key, "could not delete a stored file: {e}");
                }
            }
            Ok(true) => {}
            Err(e) => tracing::warn!(key, "could not check whether a stored file is in use: {e}"),
        }
    }

    /// What the mail job needs to write to a registrant; `None` when the registration is gone.
    pub async fn registration_mail(&self, slug: &str, registration_id: i64) -> Result<Option<RegistrationMail>> {
        let tenant = match self.tenant(slug).await {
            Ok(t) => t,
            Err(CoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut conn = self.store.conn().await?;
        let Some(r) = q::registration(&mut conn, &tenant, registration_id).await? else { return Ok(None) };
        let Some(a) = q::activity(&mut conn, &tenant, r.activity_id).await? else { return Ok(None) };
        let token = cancel_token(&mut conn, r.id, &r.queued_at).await?;
        let base = self.public_url.trim_end_matches('/');
        let activity_url = format!("{base}/werkplaatsen/{}/activiteiten/{}", tenant.slug, a.id);
        let cancel_url = format!("{activity_url}/afmelden/{token}");
        let view = view(&mut conn, &tenant, a).await?;
        let ics = super::ical::single(&tenant, &view, base);
        Ok(Some(RegistrationMail {
            to_name: r.name,
            to_email: r.email,
            status: r.status,
            reminders: r.reminders != 0,
            activity_title: view.title.clone(),
            activity_status: view.status.clone(),
            cancel_reason: view.cancel_reason.clone(),
            starts_at: view.starts(),
            ends_at: view.ends(),
            location: view.location.clone(),
            online_url: view.online_url.clone(),
            activity_url,
            cancel_url,
            ics,
            werkplaats_name: tenant.name.clone(),
        }))
    }

    /// The werkplaats calendar as iCalendar: the public activities (or, for a member's token
    /// feed, see [`Core::personal_calendar`]) from a year back on.
    pub async fn calendar(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<String> {
        let access = access(actor, tenant);
        let from = stored(Utc::now() - Duration::days(365));
        let filter = ActivityFilter { from: Some(&from), audiences: visible_audiences(access), ..Default::default() };
        let mut conn = self.store.conn().await?;
        let mut rows = Vec::new();
        let mut after: Option<(String, i64)> = None;
        loop {
            let page =
                q::activities(&mut conn, tenant, &filter, after.as_ref().map(|(s, i)| (s.as_str(), *i)), 1000).await?;
            let done = page.len() < 1000;
            after = page.last().map(|a| (a.starts_at.clone(), a.id));
            rows.extend(page);
            if done {
                break;
            }
        }
        let series = series_of(&mut conn, tenant, access, &rows).await?;
        let items = views(&mut conn, tenant, rows).await?;
        Ok(super::ical::calendar(
            &format!("{} — activiteiten", tenant.name),
            &[(tenant.clone(), items, series)],
            &self.public_url,
        ))
    }

    /// One activity as iCalendar.
    pub async fn activity_ics(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<String> {
        let a = self.activity(actor, tenant, id).await?;
        Ok(super::ical::single(tenant, &a, &self.public_url))
    }

    /// Makes a new secret token for a member's personal calendar feed; an earlier one stops
    /// working (the database keeps only the hash, so the token is shown once).
    pub async fn new_calendar_token(&self, actor: Option<&Actor>) -> Result<String> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let token = crate::kernel::secret::new_secret();
        let mut tx = self.store.begin().await?;
        q::set_calendar_feed(&mut tx, actor.account_id, &crate::kernel::secret::hash_secret(&token)).await?;
        commit(tx).await?;
        Ok(token)
    }

    /// A member's own activities (those they registered for, in every werkplaats) as iCalendar.
    pub async fn personal_calendar(&self, token: &str) -> Result<String> {
        let mut conn = self.store.conn().await?;
        let account = q::calendar_feed_account(&mut conn, &crate::kernel::secret::hash_secret(token.trim()))
            .await?
            .ok_or(CoreError::NotFound)?;
        let mut per_tenant: Vec<(Tenant, Vec<ActivityView>, Vec<super::ical::Series>)> = Vec::new();
        let pairs = q::activities_of_account(&mut conn, account).await?;
        let mut slugs: Vec<&str> = pairs.iter().map(|(s, _)| s.as_str()).collect();
        // The pairs come in activity order, so one werkplaats's slug recurs between others'.
        slugs.sort_unstable();
        slugs.dedup();
        for slug in slugs {
            let tenant = self.tenant(slug).await?;
            let mut rows = Vec::new();
            for (_, id) in pairs.iter().filter(|(s, _)| s == slug) {
                if let Some(a) = q::activity(&mut conn, &tenant, *id).await? {
                    rows.push(a);
                }
            }
            // Each occurrence stands on its own here: a member registers per occurrence.
            let items = views(&mut conn, &tenant, rows).await?;
            per_tenant.push((tenant, items, vec![]));
        }
        Ok(super::ical::calendar("Mijn activiteiten", &per_tenant, &self.public_url))
    }
}

/// The series the rows belong to, each with the occurrences the reader may not see: the calendar
/// excludes those from the rule, or the rule would still show them.
async fn series_of(
    conn: &mut Conn,
    tenant: &Tenant,
    access: Access,
    rows: &[ActivityRow],
) -> Result<Vec<super::ical::Series>> {
    let mut ids: Vec<i64> = rows.iter().filter_map(|a| a.series_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        if let Some(row) = q::series(conn, tenant, id).await? {
            let hidden = q::series_activities(conn, tenant, id)
                .await?
                .into_iter()
                .filter(|a| !may_see(access, a))
                .filter_map(|a| a.occurrence_start)
                .collect();
            out.push(super::ical::Series { row, hidden });
        }
    }
    Ok(out)
}

/// Anyone may register, so names are untrusted: a cell starting with `=`, `+`, `-`, `@` or a tab
/// would run as a formula in a spreadsheet. A leading apostrophe makes it text (OWASP's advice).
fn spreadsheet_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() }
}

fn registration_view(r: q::RegistrationRow) -> RegistrationView {
    RegistrationView {
        id: r.id,
        name: r.name,
        email: r.email,
        organisation: r.organisation,
        accessibility_needs: r.accessibility_needs,
        status: r.status,
        attended: r.attended != 0,
        registered_at: r.created_at,
    }
}

/// Enqueues an email to a registrant in the writing transaction; `dedupe` makes it once-only.
async fn enqueue_mail(conn: &mut Conn, tenant: &Tenant, registration_id: i64, event: &str, dedupe: &str) -> Result<()> {
    let payload = serde_json::json!({ "werkplaats": tenant.slug, "registration_id": registration_id, "event": event });
    jobs::enqueue(conn, "mail.registration", &payload.to_string(), Some(dedupe), &stored(Utc::now())).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_amsterdam_and_offsets_are_kept() {
        // Winter: UTC+1; summer: UTC+2.
        assert_eq!(stored(parse_moment("2026-12-17T15:00").expect("valid")), "2026-12-17T14:00:00Z");
        assert_eq!(stored(parse_moment("2026-06-18T15:00").expect("valid")), "2026-06-18T13:00:00Z");
        assert_eq!(stored(parse_moment("2026-06-18T15:00:00Z").expect("valid")), "2026-06-18T15:00:00Z");
        // 02:30 on the last Sunday of March does not exist in Amsterdam.
        assert_eq!(parse_moment("2026-03-29T02:30"), Err(FieldErrorKind::Invalid));
        assert_eq!(parse_moment(""), Err(FieldErrorKind::Required));
        assert_eq!(parse_moment("morgen"), Err(FieldErrorKind::Invalid));
    }

    #[test]
    fn a_monthly_series_keeps_its_local_time_across_dst() {
        let first = parse_moment("2026-01-15T15:00").expect("valid");
        let dates = expand_rule("FREQ=MONTHLY;BYDAY=3TH;COUNT=12", first).expect("valid");
        assert_eq!(dates.len(), 12);
        for d in &dates {
            assert_eq!(d.with_timezone(&Amsterdam).format("%H:%M").to_string(), "15:00");
        }
        assert_eq!(stored(dates[1]), "2026-02-19T14:00:00Z");
        assert_eq!(stored(dates[5]), "2026-06-18T13:00:00Z");
    }

    #[test]
    fn unbounded_or_huge_series_are_refused() {
        let first = parse_moment("2026-01-15T15:00").expect("valid");
        assert!(expand_rule("FREQ=DAILY;COUNT=400", first).is_err());
        assert!(expand_rule("FREQ=NONSENSE", first).is_err());
        let input = ActivityInput {
            kind: "kenniscafe".into(),
            title: "Kenniscafé".into(),
            starts_at: "2026-01-15T15:00".into(),
            ends_at: "2026-01-15T17:00".into(),
            audience: "public".into(),
            recurrence: Some("FREQ=MONTHLY".into()),
            ..Default::default()
        };
        assert!(input.validate().is_err());
    }

    #[test]
    fn spreadsheet_formulas_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("Anouk de Vries"), "Anouk de Vries");
    }

    #[test]
    fn end_before_start_is_refused_with_its_own_message() {
        let input = ActivityInput {
            kind: "symposium".into(),
            title: "Symposium".into(),
            starts_at: "2026-11-17T13:00".into(),
            ends_at: "2026-11-17T12:00".into(),
            audience: "public".into(),
            ..Default::default()
        };
        let e = input.validate().expect_err("refused");
        assert_eq!(e.for_field("ends_at"), Some(&FieldErrorKind::Refused { key: "activity.error.ends_before_start" }));
    }
}

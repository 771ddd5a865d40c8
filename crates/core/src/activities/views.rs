//! Activities, reports, files and registrations as the pages and the API show them.
use super::*;
use crate::kernel::actor::Access;
use crate::kernel::time::parse_stored;
use crate::kernel::tx::group_links;
use crate::{CoreError, Result};
use broedplaats_domain::RegistrationStatus;
use broedplaats_store::activities::{self as q, ActivityLinks, ActivityRow};
use broedplaats_store::{Conn, Tenant};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

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
    pub(super) fn of(tenant: &Tenant, f: q::FileRow) -> Self {
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
    /// The secret that cancels this registration, only for people who registered themselves
    /// while signed in. Whoever registers an email address gets it only by email: otherwise
    /// registering someone else's address again would hand out their cancel link.
    pub cancel_token: Option<String>,
    /// Whether to answer as for a new registration. False only when a signed-in person was
    /// registered already; a repeated registration of an address is answered as a new one, so
    /// the answer does not tell whether that address was registered.
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

// ---- loading -----------------------------------------------------------------------------------

pub(super) async fn load_row(conn: &mut Conn, tenant: &Tenant, access: Access, id: i64) -> Result<ActivityRow> {
    match q::activity(conn, tenant, id).await? {
        Some(a) if may_see(access, &a) => Ok(a),
        _ => Err(CoreError::NotFound),
    }
}

pub(super) async fn views(conn: &mut Conn, tenant: &Tenant, rows: Vec<ActivityRow>) -> Result<Vec<ActivityView>> {
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

pub(super) async fn view(conn: &mut Conn, tenant: &Tenant, row: ActivityRow) -> Result<ActivityView> {
    views(conn, tenant, vec![row]).await?.pop().ok_or(CoreError::NotFound)
}

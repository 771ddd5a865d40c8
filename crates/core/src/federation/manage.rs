//! Registering sources, listing them with their last run, and queueing a run. Programme
//! coordinators (of any werkplaats) do this through the API and the page; the installation's
//! administrator through the command line, without an actor.
use super::fetch;
use super::jobs::enqueue_run;
use crate::kernel::actor::Actor;
use crate::kernel::audit::audit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors, Role};
use broedplaats_store::harvest::{self as q, NewSource, RunRow, SourceRow};
use broedplaats_store::{Conn, Tenant};

/// A source to register.
#[derive(Debug, Clone, Default)]
pub struct SourceInput {
    pub url: String,
    /// The OAI-PMH set; empty for the whole repository.
    pub set: Option<String>,
    /// Shown with every record ("van {name}"); the host name of the URL when empty.
    pub name: Option<String>,
    /// Command line only: the werkplaats the source is registered for (slug).
    pub werkplaats: Option<String>,
}

/// A source with its last run, for the page and the API.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceView {
    #[serde(flatten)]
    pub source: SourceRow,
    pub last_run: Option<RunRow>,
}

/// The werkplaatsen where `actor` is programme coordinator.
fn coordinated(actor: &Actor) -> Vec<String> {
    actor.roles.iter().filter(|(_, r)| *r == Role::ProgrammeCoordinator).map(|(s, _)| s.clone()).collect()
}

/// Whether `actor` may register and run sources (a programme coordinator of some werkplaats): for
/// the link on their account page.
pub fn may_manage_sources(actor: &Actor) -> bool {
    !coordinated(actor).is_empty()
}

/// Requires a programme coordinator of some werkplaats; the slug of the first.
fn require_coordinator(actor: Option<&Actor>) -> Result<(&Actor, String)> {
    let actor = actor.ok_or(CoreError::Unauthenticated)?;
    let first = coordinated(actor).into_iter().next().ok_or(CoreError::Forbidden)?;
    Ok((actor, first))
}

impl Core {
    /// A coordinator registers a source for their werkplaats; its id.
    pub async fn add_harvest_source(&self, actor: Option<&Actor>, input: SourceInput) -> Result<i64> {
        let (actor, slug) = require_coordinator(actor)?;
        let (url, set, name) = self.check_source(&input).await?;
        let mut tx = self.store.begin().await?;
        let tenant = broedplaats_store::werkplaats::tenant(&mut tx, &slug).await?.ok_or(CoreError::NotFound)?;
        let id = insert(&mut tx, &tenant, &url, &set, &name, Some(actor.account_id)).await?;
        let after = serde_json::json!({ "url": url, "set": set, "name": name });
        audit(&mut tx, &tenant, actor, ("harvest_source", id), "create", None, Some(&after)).await?;
        tx.commit().await.map_err(broedplaats_store::StoreError::from)?;
        Ok(id)
    }

    /// The administrator registers a source (command line); its id. Without `werkplaats` the
    /// source is registered for the oldest werkplaats.
    pub async fn add_harvest_source_as_admin(&self, input: SourceInput) -> Result<i64> {
        let (url, set, name) = self.check_source(&input).await?;
        let mut tx = self.store.begin().await?;
        let slug = match &input.werkplaats {
            Some(s) => s.clone(),
            None => broedplaats_store::werkplaats::oldest(&mut tx)
                .await?
                .ok_or_else(|| CoreError::Invalid(FieldErrors::single("werkplaats", FieldErrorKind::Required)))?,
        };
        let tenant = broedplaats_store::werkplaats::tenant(&mut tx, &slug)
            .await?
            .ok_or_else(|| CoreError::Invalid(FieldErrors::single("werkplaats", FieldErrorKind::Invalid)))?;
        let id = insert(&mut tx, &tenant, &url, &set, &name, None).await?;
        let after = serde_json::json!({ "url": url, "set": set, "name": name });
        broedplaats_store::organisation::insert_audit(
            &mut tx,
            &tenant,
            &broedplaats_store::organisation::AuditEntry {
                actor_name: "Beheerder (opdrachtregel)",
                actor_account_id: None,
                entity_type: "harvest_source",
                entity_id: id,
                action: "create",
                before: None,
                after: Some(&after.to_string()),
            },
        )
        .await?;
        tx.commit().await.map_err(broedplaats_store::StoreError::from)?;
        Ok(id)
    }

    /// Validates a source: the URL's form and address (SSRF), the set and the name.
    async fn check_source(&self, input: &SourceInput) -> Result<(String, String, String)> {
        let raw = input.url.trim();
        if raw.is_empty() {
            return Err(FieldErrors::single("url", FieldErrorKind::Required).into());
        }
        if raw.len() > 2000 {
            return Err(FieldErrors::single("url", FieldErrorKind::TooLong { max: 2000 }).into());
        }
        let url = fetch::check_url(&self.harvest, raw).await.map_err(|e| invalid_url(&e.message))?;
        let set = input.set.as_deref().unwrap_or_default().trim().to_owned();
        let mut errors = FieldErrors::new();
        if set.len() > 200 || set.chars().any(|c| c.is_whitespace() || c.is_control()) {
            errors.push("set", FieldErrorKind::Invalid);
        }
        let name = input.name.as_deref().unwrap_or_default().trim().to_owned();
        if name.chars().count() > 200 || name.chars().any(char::is_control) {
            errors.push("name", FieldErrorKind::TooLong { max: 200 });
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let name = if name.is_empty() { url.host_str().unwrap_or_default().to_owned() } else { name };
        Ok((url.to_string(), set, name))
    }

    /// Every source with its last run; for programme coordinators.
    pub async fn harvest_sources(&self, actor: Option<&Actor>) -> Result<Vec<SourceView>> {
        require_coordinator(actor)?;
        self.harvest_sources_as_admin().await
    }

    /// Every source with its last run (command line).
    pub async fn harvest_sources_as_admin(&self) -> Result<Vec<SourceView>> {
        let mut conn = self.store.conn().await?;
        let runs = q::last_runs(&mut conn).await?;
        Ok(q::sources(&mut conn)
            .await?
            .into_iter()
            .map(|s| {
                let last_run = runs.iter().find(|r| r.source_id == s.id).cloned();
                SourceView { source: s, last_run }
            })
            .collect())
    }

    /// A coordinator queues a run of a source (the job worker runs it shortly).
    pub async fn queue_harvest(&self, actor: Option<&Actor>, id: i64) -> Result<()> {
        require_coordinator(actor)?;
        let mut tx = self.store.begin().await?;
        q::source(&mut tx, id).await?.ok_or(CoreError::NotFound)?;
        enqueue_run(&mut tx, id, &format!("harvest:{id}:{}", broedplaats_store::now_text())).await?;
        tx.commit().await.map_err(broedplaats_store::StoreError::from)?;
        Ok(())
    }

    /// The source names of harvested search hits: (record id, source name).
    pub async fn harvested_sources_of(&self, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        let mut conn = self.store.conn().await?;
        Ok(q::record_sources(&mut conn, ids).await?)
    }
}

/// The URL refused, with the reason the interface explains (`federation.refused.*`).
fn invalid_url(message: &str) -> CoreError {
    let key = if message.contains("privé") {
        "federation.refused.private_address"
    } else if message.contains("DNS") {
        "federation.refused.unknown_host"
    } else {
        "federation.refused.url"
    };
    crate::kernel::error::refused("url", key)
}

async fn insert(conn: &mut Conn, t: &Tenant, url: &str, set: &str, name: &str, by: Option<i64>) -> Result<i64> {
    match q::insert_source(conn, t, &NewSource { url, set_spec: set, name, created_by: by }).await {
        Err(broedplaats_store::StoreError::Conflict(_)) => {
            Err(FieldErrors::single("url", FieldErrorKind::Duplicate).into())
        }
        other => Ok(other?),
    }
}

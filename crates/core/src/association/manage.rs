//! Changing the association: its collective priorities (coordinators and lectoren of any of its
//! werkplaatsen), the projects and questions of a werkplaats that serve a priority, and the
//! partner werkplaatsen of a werkplaats's projects (its own coordinators and lectoren).
//!
//! A priority's own title and description are read fresh by every view; what serves it and the
//! partners of projects are cached with the counts, so those writes end with search-outbox rows
//! for the projects and questions concerned, which move the cache's key (see `matrix`).
use super::manages;
use crate::kernel::actor::{Actor, require_manager};
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors};
use broedplaats_store::association::{self as q, ItemKind, PriorityRow};
use broedplaats_store::knowledge as kq;
use broedplaats_store::{Conn, StoreError, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The longest title of a priority.
pub const MAX_PRIORITY_TITLE: usize = 200;
/// The longest description of a priority.
pub const MAX_PRIORITY_DESCRIPTION: usize = 2_000;
/// At most this many projects, and as many questions, of one werkplaats serve one priority.
pub const MAX_PRIORITY_ITEMS: usize = 500;

/// A collective priority as written.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PriorityInput {
    /// At most 200 characters; unique within the association.
    pub title: String,
    /// Plain text, at most 2,000 characters.
    pub description: Option<String>,
    /// The werkplaats (slug) on whose behalf: the caller must be its coordinator or a lector of
    /// it. By default the first werkplaats of the association the caller manages.
    pub werkplaats: Option<String>,
}

/// The projects and practice questions of one werkplaats that serve a priority; replaces what
/// that werkplaats linked before (other werkplaatsen's items stay).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PriorityItemsInput {
    #[serde(default)]
    pub projects: Vec<i64>,
    #[serde(default)]
    pub questions: Vec<i64>,
}

/// The partner werkplaatsen of a project (slugs); replaces the earlier ones. Empty makes the
/// project the werkplaats's own again.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PartnersInput {
    #[serde(default)]
    pub werkplaatsen: Vec<String>,
}

/// What the audit log keeps of a priority.
#[derive(Serialize)]
struct Audited<'a> {
    title: &'a str,
    description: &'a str,
}

fn audited(p: &PriorityRow) -> Audited<'_> {
    Audited { title: &p.title, description: &p.description }
}

impl PriorityInput {
    fn validate(&self) -> Result<(String, String)> {
        let mut e = FieldErrors::new();
        let title = e.take("title", BoundedText::<MAX_PRIORITY_TITLE>::parse(&self.title));
        let description =
            e.take("description", BoundedText::<MAX_PRIORITY_DESCRIPTION>::parse_optional(self.description.as_deref()));
        match (title, description) {
            (Some(t), Some(d)) if e.is_empty() => {
                Ok((t.into_inner(), d.map(BoundedText::into_inner).unwrap_or_default()))
            }
            _ => Err(e.into()),
        }
    }
}

/// A title taken within the association is a field to fix.
fn title_taken(e: StoreError) -> CoreError {
    match e {
        StoreError::Conflict(_) => CoreError::Invalid(FieldErrors::single("title", FieldErrorKind::Duplicate)),
        e => e.into(),
    }
}

/// The werkplaats `actor` acts for on the priorities of `association` (`None`: any association):
/// the one named, which the actor must manage, or else the first it manages, by slug.
async fn acting_werkplaats(
    conn: &mut Conn,
    actor: &Actor,
    named: Option<&str>,
    association: Option<i64>,
) -> Result<(Tenant, i64)> {
    let named = named.map(str::trim).filter(|s| !s.is_empty());
    let mut candidates: Vec<_> = q::werkplaatsen(conn)
        .await?
        .into_iter()
        .filter(|w| manages(actor, &w.slug))
        .filter_map(|w| w.association_id.map(|a| (w.slug, a)))
        .filter(|(_, a)| association.is_none_or(|x| x == *a))
        .collect();
    candidates.sort();
    let chosen = match named {
        Some(slug) => match candidates.iter().find(|(s, _)| s == slug) {
            Some(c) => c.clone(),
            None if broedplaats_store::werkplaats::tenant(conn, slug).await?.is_none() => {
                return Err(FieldErrors::single("werkplaats", FieldErrorKind::Invalid).into());
            }
            None => return Err(CoreError::Forbidden),
        },
        None => candidates.into_iter().next().ok_or(CoreError::Forbidden)?,
    };
    let tenant = broedplaats_store::werkplaats::tenant(conn, &chosen.0).await?.ok_or(CoreError::NotFound)?;
    Ok((tenant, chosen.1))
}

/// Ids of one kind for a werkplaats: no repeats, not too many, every one its own.
async fn own_ids(
    conn: &mut Conn,
    t: &Tenant,
    e: &mut FieldErrors,
    field: &str,
    kind: ItemKind,
    ids: &[i64],
) -> Result<()> {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() != ids.len() {
        e.push(field, FieldErrorKind::Duplicate);
    } else if ids.len() > MAX_PRIORITY_ITEMS {
        e.push(field, FieldErrorKind::TooMany { max: MAX_PRIORITY_ITEMS });
    } else if q::existing_items(conn, t, kind, &unique).await?.len() != unique.len() {
        e.push(field, FieldErrorKind::Invalid);
    }
    Ok(())
}

impl Core {
    /// Adds a collective priority to the association of the werkplaats the caller acts for
    /// (coordinators and lectoren); returns its id.
    pub async fn create_priority(&self, actor: Option<&Actor>, input: &PriorityInput) -> Result<i64> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        let (tenant, association) = acting_werkplaats(&mut conn, actor, input.werkplaats.as_deref(), None).await?;
        drop(conn);
        let (title, description) = input.validate()?;
        let mut tx = self.store.begin().await?;
        let id = q::insert_priority(&mut tx, association, &title, &description).await.map_err(title_taken)?;
        let after = Audited { title: &title, description: &description };
        audit(&mut tx, &tenant, actor, ("association_priority", id), "create", None, Some(&after)).await?;
        commit(tx).await?;
        Ok(id)
    }

    /// Changes a priority's title and description (coordinators and lectoren of a werkplaats of
    /// its association).
    pub async fn update_priority(&self, actor: Option<&Actor>, id: i64, input: &PriorityInput) -> Result<()> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let before = q::priority(&mut tx, id).await?.ok_or(CoreError::NotFound)?;
        let (tenant, _) =
            acting_werkplaats(&mut tx, actor, input.werkplaats.as_deref(), Some(before.association_id)).await?;
        let (title, description) = input.validate()?;
        q::update_priority(&mut tx, id, &title, &description).await.map_err(title_taken)?;
        let after = Audited { title: &title, description: &description };
        audit(&mut tx, &tenant, actor, ("association_priority", id), "update", Some(&audited(&before)), Some(&after))
            .await?;
        commit(tx).await
    }

    /// Deletes a priority with its links to projects and questions (coordinators and lectoren of
    /// a werkplaats of its association).
    pub async fn delete_priority(&self, actor: Option<&Actor>, id: i64) -> Result<()> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let before = q::priority(&mut tx, id).await?.ok_or(CoreError::NotFound)?;
        let (tenant, _) = acting_werkplaats(&mut tx, actor, None, Some(before.association_id)).await?;
        q::delete_priority(&mut tx, id).await?;
        audit(&mut tx, &tenant, actor, ("association_priority", id), "delete", Some(&audited(&before)), None).await?;
        commit(tx).await
    }

    /// One priority, for a form: 404 when there is none.
    pub async fn priority(&self, id: i64) -> Result<PriorityRow> {
        let mut conn = self.store.conn().await?;
        q::priority(&mut conn, id).await?.ok_or(CoreError::NotFound)
    }

    /// Whether `actor` may change or delete priority `id`.
    pub async fn may_manage_priority(&self, actor: Option<&Actor>, id: i64) -> Result<bool> {
        let Some(actor) = actor else { return Ok(false) };
        let mut conn = self.store.conn().await?;
        let p = q::priority(&mut conn, id).await?.ok_or(CoreError::NotFound)?;
        Ok(acting_werkplaats(&mut conn, actor, None, Some(p.association_id)).await.is_ok())
    }

    /// Makes the projects and questions of `tenant` that serve priority `id` exactly those given
    /// (its coordinators and lectoren). The priority must be of the werkplaats's association.
    pub async fn set_priority_items(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &PriorityItemsInput,
    ) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let priority = q::priority(&mut tx, id).await?.ok_or(CoreError::NotFound)?;
        if q::association_of(&mut tx, tenant).await? != Some(priority.association_id) {
            return Err(CoreError::NotFound);
        }
        let mut e = FieldErrors::new();
        own_ids(&mut tx, tenant, &mut e, "projects", ItemKind::Project, &input.projects).await?;
        own_ids(&mut tx, tenant, &mut e, "questions", ItemKind::Question, &input.questions).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
        #[derive(Serialize)]
        struct Items<'a> {
            title: &'a str,
            werkplaats: &'a str,
            projects: Vec<i64>,
            questions: Vec<i64>,
        }
        let before = Items {
            title: &priority.title,
            werkplaats: &tenant.slug,
            projects: q::own_priority_items(&mut tx, tenant, id, ItemKind::Project).await?,
            questions: q::own_priority_items(&mut tx, tenant, id, ItemKind::Question).await?,
        };
        let mut projects = input.projects.clone();
        let mut questions = input.questions.clone();
        projects.sort_unstable();
        questions.sort_unstable();
        q::replace_priority_items(&mut tx, tenant, id, &projects, &questions).await?;
        // What changed is pushed to the outbox, as the last write: the association view's cache
        // follows the outbox (see `matrix`), and the index has nothing new to learn from it.
        let changed = |old: &[i64], new: &[i64]| -> Vec<i64> {
            old.iter().filter(|x| !new.contains(x)).chain(new.iter().filter(|x| !old.contains(x))).copied().collect()
        };
        let pushed_projects = changed(&before.projects, &projects);
        let pushed_questions = changed(&before.questions, &questions);
        let after = Items { title: &priority.title, werkplaats: &tenant.slug, projects, questions };
        audit(&mut tx, tenant, actor, ("association_priority", id), "update", Some(&before), Some(&after)).await?;
        for p in pushed_projects {
            kq::outbox_push(&mut tx, tenant, crate::organisation::PROJECT, p).await?;
        }
        for q in pushed_questions {
            kq::outbox_push(&mut tx, tenant, crate::knowledge::QUESTION, q).await?;
        }
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    /// The partner werkplaatsen of a project (slugs), as its werkplaats's managers set them.
    pub async fn project_partners(&self, tenant: &Tenant, project_id: i64) -> Result<Vec<String>> {
        let mut conn = self.store.conn().await?;
        Ok(q::partners(&mut conn, tenant, project_id).await?)
    }

    /// Makes the partner werkplaatsen of a project of `tenant` exactly those given (its
    /// coordinators and lectoren): other werkplaatsen of the installation, each once.
    pub async fn set_project_partners(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        project_id: i64,
        input: &PartnersInput,
    ) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let project =
            broedplaats_store::organisation::project(&mut tx, tenant, project_id).await?.ok_or(CoreError::NotFound)?;
        let mut slugs: Vec<String> = input.werkplaatsen.iter().map(|s| s.trim().to_owned()).collect();
        slugs.sort();
        let mut partners = Vec::new();
        let mut e = FieldErrors::new();
        if slugs.windows(2).any(|w| w[0] == w[1]) {
            e.push("werkplaatsen", FieldErrorKind::Duplicate);
        } else {
            for slug in &slugs {
                match broedplaats_store::werkplaats::tenant(&mut tx, slug).await? {
                    Some(p) if p.slug != tenant.slug => partners.push(p),
                    Some(_) => e.push("werkplaatsen", FieldErrorKind::Refused { key: "assoc.error.own_werkplaats" }),
                    None => e.push("werkplaatsen", FieldErrorKind::Invalid),
                }
            }
        }
        if !e.is_empty() {
            e.0.truncate(1);
            return Err(e.into());
        }
        #[derive(Serialize)]
        struct Partners<'a> {
            title: &'a str,
            partner_werkplaatsen: Vec<String>,
        }
        let before =
            Partners { title: &project.title, partner_werkplaatsen: q::partners(&mut tx, tenant, project_id).await? };
        q::replace_partners(&mut tx, tenant, project_id, &partners).await?;
        let after = Partners { title: &project.title, partner_werkplaatsen: slugs };
        audit(&mut tx, tenant, actor, ("project", project_id), "update", Some(&before), Some(&after)).await?;
        // Last: the association view's cache follows the outbox (see `matrix`).
        kq::outbox_push(&mut tx, tenant, crate::organisation::PROJECT, project_id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }
}

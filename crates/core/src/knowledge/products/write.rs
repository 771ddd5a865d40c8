//! Creating (one or many), editing, the review workflow and deleting.
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::audit::audit;
use crate::kernel::error::refused;
use crate::kernel::tx::commit;
use crate::knowledge::documents::PRODUCT;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors, ProductStatus};
use broedplaats_store::knowledge::{self as q};
use broedplaats_store::{Conn, Tenant};

/// The note on a published product that went back to review because it was edited.
const REVIEW_AGAIN: &str = "Gewijzigd na publicatie door iemand die niet mag publiceren; opnieuw ter review.";

impl Core {
    /// Creates products, all or none: one transaction, every item validated before anything is
    /// written. Errors name the item (`[3].title`) when more than one was sent.
    pub async fn create_products(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        inputs: &[ProductInput],
    ) -> Result<Vec<i64>> {
        let actor = crate::kernel::actor::require_member(actor, tenant)?;
        self.insert_products(Some(actor), tenant, inputs, &|_, _| {}).await
    }

    /// [`Core::create_products`] for the command line, acting as the administrator with no
    /// account (see `Core::import_organisations_as_admin`): may publish; the audit log records
    /// `ADMIN_ACTOR_NAME`. `progress` gets (items written, items). Never call this for a request.
    pub async fn import_products_as_admin(
        &self,
        tenant: &Tenant,
        inputs: &[ProductInput],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<i64>> {
        self.insert_products(None, tenant, inputs, progress).await
    }

    pub(super) async fn insert_products(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        inputs: &[ProductInput],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<i64>> {
        if inputs.is_empty() {
            return Err(refused("items", "knowledge.error.empty_import"));
        }
        if inputs.len() > MAX_IMPORT {
            return Err(CoreError::Invalid(FieldErrors::single("items", FieldErrorKind::TooMany { max: MAX_IMPORT })));
        }
        let name = actor.map_or(crate::organisation::ADMIN_ACTOR_NAME, |a| a.name.as_str());
        let account = actor.map(|a| a.account_id);
        let mut tx = self.store.begin().await?;
        let mut e = FieldErrors::new();
        let mut valid = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let prefix = if inputs.len() > 1 { format!("[{i}].") } else { String::new() };
            if let Some(v) = input.validate(&mut tx, tenant, &mut e, &prefix).await? {
                if v.status == ProductStatus::Published
                    && actor.is_some()
                    && !may_review(&mut tx, actor, tenant, v.fields.theme_group_id).await?
                {
                    e.push(
                        format!("{prefix}status"),
                        FieldErrorKind::Refused { key: "knowledge.error.may_not_publish" },
                    );
                }
                valid.push(v);
            }
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let mut ids = Vec::with_capacity(valid.len());
        for (i, v) in valid.iter().enumerate() {
            let id = q::insert_product(&mut tx, tenant, &v.fields, v.status.code(), account).await?;
            save_links(&mut tx, tenant, id, v).await?;
            if v.status != ProductStatus::Concept {
                q::set_product_status(&mut tx, tenant, id, v.status.code(), name, None).await?;
            }
            let after = json(&v.fields.title)?;
            let entry = broedplaats_store::organisation::AuditEntry {
                actor_name: name,
                actor_account_id: account,
                entity_type: "knowledge_product",
                entity_id: id,
                action: "create",
                before: None,
                after: Some(&after),
            };
            broedplaats_store::organisation::insert_audit(&mut tx, tenant, &entry).await?;
            q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
            ids.push(id);
            progress(i + 1, valid.len());
        }
        commit(tx).await?;
        self.index_now().await;
        Ok(ids)
    }

    pub async fn update_product(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &ProductInput,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let before = load_readable(&mut tx, actor, tenant, id).await?;
        if !may_edit(&mut tx, actor, tenant, &before).await? {
            return Err(if actor.is_some() { CoreError::Forbidden } else { CoreError::Unauthenticated });
        }
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut e = FieldErrors::new();
        let Some(v) = input.validate(&mut tx, tenant, &mut e, "").await? else { return Err(e.into()) };
        q::update_product(&mut tx, tenant, id, &v.fields).await?;
        save_links(&mut tx, tenant, id, &v).await?;
        audit(&mut tx, tenant, actor, ("knowledge_product", id), "update", Some(&before.title), Some(&v.fields.title))
            .await?;
        // A published product changed by someone who may not publish goes back to review: what
        // the public sees (its text, its visibility) always passed a reviewer. It is withdrawn
        // from the public until a reviewer publishes it again.
        if before.status == "published" && !may_review(&mut tx, Some(actor), tenant, before.theme_group_id).await? {
            q::set_product_status(&mut tx, tenant, id, ProductStatus::Review.code(), &actor.name, Some(REVIEW_AGAIN))
                .await?;
            audit(&mut tx, tenant, actor, ("knowledge_product", id), "update", Some(&"published"), Some(&"review"))
                .await?;
        }
        q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    /// A step of the review workflow. Editors send a concept to review; reviewers publish, send
    /// back to concept (with a note) or unpublish.
    pub async fn set_product_status(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        to: &str,
        note: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let p = load_readable(&mut tx, actor, tenant, id).await?;
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let reviewer = may_review(&mut tx, Some(actor), tenant, p.theme_group_id).await?;
        let editor = reviewer || may_edit(&mut tx, Some(actor), tenant, &p).await?;
        transition(&mut tx, actor, tenant, &p, to, note, reviewer, editor).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    pub async fn delete_product(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let p = load_readable(&mut tx, actor, tenant, id).await?;
        if !may_edit(&mut tx, actor, tenant, &p).await? {
            return Err(if actor.is_some() { CoreError::Forbidden } else { CoreError::Unauthenticated });
        }
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let files = q::files(&mut tx, tenant, id).await?;
        q::delete(&mut tx, tenant, q::KnowledgeTable::Products, id).await?;
        audit(&mut tx, tenant, actor, ("knowledge_product", id), "delete", Some(&p.title), None::<&String>).await?;
        q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
        commit(tx).await?;
        for f in files {
            self.forget_blob(&f.storage_key).await;
        }
        self.index_now().await;
        Ok(())
    }
}

/// Moves a product to `to` if the actor's rights allow that step, with the audit and the outbox.
#[allow(clippy::too_many_arguments)]
async fn transition(
    conn: &mut Conn,
    actor: &Actor,
    tenant: &Tenant,
    p: &q::ProductRow,
    to: &str,
    note: Option<&str>,
    reviewer: bool,
    editor: bool,
) -> Result<()> {
    let to = ProductStatus::parse(to).map_err(|k| CoreError::Invalid(FieldErrors::single("status", k)))?;
    let note = BoundedText::<2000>::parse_optional(note)
        .map_err(|k| CoreError::Invalid(FieldErrors::single("note", k)))?
        .map(BoundedText::into_inner);
    let allowed = match (p.status.as_str(), to) {
        ("concept", ProductStatus::Review) => editor,
        (_, ProductStatus::Published) => reviewer && p.status != "published",
        ("review", ProductStatus::Concept) | ("published", ProductStatus::Concept) => reviewer,
        _ => return Err(refused("status", "knowledge.error.transition")),
    };
    if !allowed {
        return Err(CoreError::Forbidden);
    }
    let id = p.id;
    q::set_product_status(conn, tenant, id, to.code(), &actor.name, note.as_deref()).await?;
    // With the title, so the log can say which product was published or sent back.
    let before = serde_json::json!({ "title": p.title, "status": p.status.as_str() });
    let after = serde_json::json!({ "title": p.title, "status": to.code(), "review_note": note });
    audit(conn, tenant, actor, ("knowledge_product", id), "update", Some(&before), Some(&after)).await?;
    q::outbox_push(conn, tenant, PRODUCT, id).await?;
    crate::knowledge::review_mail::enqueue(conn, tenant, id, to.code(), actor.account_id).await?;
    Ok(())
}

/// Creates one product inside a transaction another capability's use case owns (a student's
/// result of an assignment): validated, written with its links, audited and queued for the index.
/// The caller commits and calls `index_now`. Publishing needs the usual review rights.
pub(crate) async fn insert_product_in(
    conn: &mut Conn,
    actor: &Actor,
    tenant: &Tenant,
    input: &ProductInput,
) -> Result<i64> {
    let mut e = FieldErrors::new();
    let Some(v) = input.validate(conn, tenant, &mut e, "").await? else { return Err(e.into()) };
    if v.status == ProductStatus::Published && !may_review(conn, Some(actor), tenant, v.fields.theme_group_id).await? {
        return Err(refused("status", "knowledge.error.may_not_publish"));
    }
    let id = q::insert_product(conn, tenant, &v.fields, v.status.code(), Some(actor.account_id)).await?;
    save_links(conn, tenant, id, &v).await?;
    if v.status != ProductStatus::Concept {
        q::set_product_status(conn, tenant, id, v.status.code(), &actor.name, None).await?;
    }
    audit(conn, tenant, actor, ("knowledge_product", id), "create", None::<&String>, Some(&v.fields.title)).await?;
    q::outbox_push(conn, tenant, PRODUCT, id).await?;
    Ok(id)
}

/// A review step taken by someone another capability has made this product's reviewer (the
/// supervisor of the assignment a student's result belongs to), inside the caller's transaction:
/// publish, send back to concept with a note, or unpublish. The caller decides who that is; the
/// steps allowed are the reviewers' ones. The caller commits and calls `index_now`.
pub(crate) async fn review_product_in(
    conn: &mut Conn,
    actor: &Actor,
    tenant: &Tenant,
    id: i64,
    to: &str,
    note: Option<&str>,
) -> Result<()> {
    let p = q::product(conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
    transition(conn, actor, tenant, &p, to, note, true, true).await
}

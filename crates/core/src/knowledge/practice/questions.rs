//! Practice questions (praktijkvragen).
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::kernel::audit::audit;
use crate::kernel::tx::{check_refs, commit};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrors, QuestionStatus};
use broedplaats_store::knowledge::{self as q, KnowledgeLinks, KnowledgeTable, QuestionRow};
use broedplaats_store::organisation::Table;
use broedplaats_store::{Conn, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

// ---- shapes --------------------------------------------------------------------------------------

/// A practice question as created or changed through the API and the forms.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionInput {
    /// The question itself, at most 300 characters.
    pub title: String,
    /// Markdown: the context of the question, what is already known.
    pub explanation: Option<String>,
    /// A project of this werkplaats that works on the question.
    pub project_id: Option<i64>,
    /// geexpliciteerd (default), onderzocht or toegepast
    pub status: Option<String>,
    /// Kwestie labels; new ones are created (kwesties are shared by all werkplaatsen).
    #[serde(default)]
    pub kwesties: Vec<String>,
}

/// A practice question as pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionView {
    pub id: i64,
    /// The question's page.
    pub url: String,
    pub werkplaats: String,
    pub title: String,
    /// Markdown.
    pub explanation: String,
    pub project: Option<Named>,
    /// geexpliciteerd, onderzocht or toegepast
    pub status: String,
    pub kwesties: Vec<Named>,
    pub created_at: String,
    pub updated_at: String,
    /// Whether the viewer may edit it.
    pub may_edit: bool,
    /// Whether the viewer may delete it.
    pub may_delete: bool,
}

/// Filters of the list of questions.
#[derive(Debug, Clone, Default)]
pub struct QuestionFilter {
    pub kwestie: Option<i64>,
    pub status: Option<String>,
}

pub(super) struct ValidQuestion {
    pub(super) title: String,
    pub(super) explanation: String,
    pub(super) project_id: Option<i64>,
    pub(super) status: QuestionStatus,
    pub(super) kwesties: Vec<(String, String)>,
}

impl QuestionInput {
    pub(super) async fn validate(&self, conn: &mut Conn, tenant: &Tenant) -> Result<ValidQuestion> {
        let mut e = FieldErrors::new();
        let title = e.take("title", BoundedText::<MAX_QUESTION>::parse(&self.title)).map(BoundedText::into_inner);
        let explanation = text::<MAX_TEXT>(&mut e, "explanation", self.explanation.as_deref());
        let status = match self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(QuestionStatus::Explicated),
            Some(s) => e.take("status", QuestionStatus::parse(s)),
        };
        if let Some(p) = self.project_id {
            check_refs(conn, tenant, &mut e, "project_id", Table::Projects, &[p]).await?;
        }
        let kwesties = kwestie_labels(&mut e, &self.kwesties);
        match (title, status) {
            (Some(title), Some(status)) if e.is_empty() => {
                Ok(ValidQuestion { title, explanation, project_id: self.project_id, status, kwesties })
            }
            _ => Err(e.into()),
        }
    }
}

// ---- views ---------------------------------------------------------------------------------------

pub(super) fn question_url(tenant: &Tenant, id: i64) -> String {
    format!("/werkplaatsen/{}/praktijkvragen/{id}", tenant.slug)
}

pub(super) async fn question_view(
    conn: &mut Conn,
    actor: Option<&Actor>,
    tenant: &Tenant,
    row: QuestionRow,
) -> Result<QuestionView> {
    Ok(QuestionView {
        url: question_url(tenant, row.id),
        werkplaats: tenant.slug.clone(),
        project: crate::knowledge::project_of(conn, actor, tenant, row.project_id).await?,
        kwesties: named(q::linked(conn, tenant, KnowledgeLinks::QuestionKwesties, row.id).await?),
        may_edit: actor.is_some_and(|a| may_write(a, tenant)),
        may_delete: access(actor, tenant) == Access::Manager,
        id: row.id,
        title: row.title,
        explanation: row.explanation,
        status: row.status,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

impl Core {
    // ---- questions ----

    /// The practice questions of a werkplaats, newest change first (public).
    pub async fn questions(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        filter: &QuestionFilter,
    ) -> Result<Vec<QuestionView>> {
        let mut conn = self.store.conn().await?;
        let mut out = Vec::new();
        for row in q::questions(&mut conn, tenant).await? {
            if filter.status.as_deref().is_some_and(|s| s != row.status) {
                continue;
            }
            let v = question_view(&mut conn, actor, tenant, row).await?;
            if filter.kwestie.is_some_and(|k| !v.kwesties.iter().any(|x| x.id == k)) {
                continue;
            }
            out.push(v);
        }
        Ok(out)
    }

    pub async fn question(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<QuestionView> {
        let mut conn = self.store.conn().await?;
        let row = q::question(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
        question_view(&mut conn, actor, tenant, row).await
    }

    /// Adds a practice question; nothing is written when the input has a problem.
    pub async fn create_question(&self, actor: Option<&Actor>, tenant: &Tenant, input: &QuestionInput) -> Result<i64> {
        let actor = require_writer(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let v = input.validate(&mut tx, tenant).await?;
        let id = q::insert_question(
            &mut tx,
            tenant,
            &v.title,
            &v.explanation,
            v.project_id,
            v.status.code(),
            Some(actor.account_id),
        )
        .await?;
        let kwesties = kwestie_ids(&mut tx, &v.kwesties).await?;
        q::replace(&mut tx, tenant, KnowledgeLinks::QuestionKwesties, id, &kwesties).await?;
        let after = q::question(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, actor, ("question", id), "create", None, after.as_ref()).await?;
        q::outbox_push(&mut tx, tenant, QUESTION, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(id)
    }

    pub async fn update_question(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &QuestionInput,
    ) -> Result<()> {
        let actor = require_writer(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = q::question(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let v = input.validate(&mut tx, tenant).await?;
        q::update_question(&mut tx, tenant, id, &v.title, &v.explanation, v.project_id, v.status.code()).await?;
        let kwesties = kwestie_ids(&mut tx, &v.kwesties).await?;
        q::replace(&mut tx, tenant, KnowledgeLinks::QuestionKwesties, id, &kwesties).await?;
        let after = q::question(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, actor, ("question", id), "update", Some(&before), after.as_ref()).await?;
        q::outbox_push(&mut tx, tenant, QUESTION, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    pub async fn delete_question(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_deleter(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = q::question(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        q::delete(&mut tx, tenant, KnowledgeTable::Questions, id).await?;
        audit(&mut tx, tenant, actor, ("question", id), "delete", Some(&before), None).await?;
        q::outbox_push(&mut tx, tenant, QUESTION, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }
}

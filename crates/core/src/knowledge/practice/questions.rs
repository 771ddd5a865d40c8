//! Practice questions (praktijkvragen).
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access, may_read_question};
use crate::kernel::audit::audit;
use crate::kernel::tx::{check_refs, commit};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors, QuestionStatus};
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
    /// public (default) or members: only the werkplaats's members read it (and national partners
    /// once it was handed to the national side of the lemniscate).
    pub visibility: Option<String>,
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
    /// public or members
    pub visibility: String,
    /// Where the question stands in the lemniscate: the movement of its last move.
    pub movement: String,
    /// The question's path through the lemniscate (page).
    pub path_url: String,
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
    pub(super) visibility: &'static str,
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
        let visibility = match self.visibility.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("public") => Some("public"),
            Some("members") => Some("members"),
            Some(_) => {
                e.push("visibility", FieldErrorKind::UnknownValue { allowed: vec!["public", "members"] });
                None
            }
        };
        if let Some(p) = self.project_id {
            check_refs(conn, tenant, &mut e, "project_id", Table::Projects, &[p]).await?;
        }
        let kwesties = kwestie_labels(&mut e, &self.kwesties);
        match (title, status, visibility) {
            (Some(title), Some(status), Some(visibility)) if e.is_empty() => {
                Ok(ValidQuestion { title, explanation, project_id: self.project_id, status, visibility, kwesties })
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
        path_url: format!("{}/pad", question_url(tenant, row.id)),
        id: row.id,
        title: row.title,
        explanation: row.explanation,
        status: row.status,
        visibility: row.visibility,
        movement: row.movement,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

impl ValidQuestion {
    fn fields(&self) -> q::QuestionFields<'_> {
        q::QuestionFields {
            title: &self.title,
            explanation: &self.explanation,
            project_id: self.project_id,
            status: self.status.code(),
            visibility: self.visibility,
        }
    }
}

fn readable(actor: Option<&Actor>, tenant: &Tenant, row: &QuestionRow) -> bool {
    may_read_question(actor, &tenant.slug, &row.visibility, row.handed_national_at.is_some())
}

/// Keeps the lemniscate path in step with the local status: a new question, or a new status,
/// is a develop move (ontwikkelen) with the matching step, made by the person who saved it.
async fn develop_move(conn: &mut Conn, actor: &Actor, tenant: &Tenant, id: i64, status: QuestionStatus) -> Result<()> {
    use broedplaats_domain::{Movement, MoverKind, Step};
    use broedplaats_store::lemniscate as lq;
    let before = lq::last_move(conn, tenant, id).await?.and_then(|m| Movement::parse(&m.movement).ok());
    lq::insert_move(
        conn,
        tenant,
        &lq::NewMove {
            question_id: id,
            movement: Movement::Develop.code(),
            step: Some(Step::for_status(status).code()),
            by_kind: MoverKind::Person.code(),
            by_name: &actor.name,
            account_id: Some(actor.account_id),
            note: "",
            crosses: Movement::Develop.crosses_from(before),
            national: false,
            status: None,
            at: None,
        },
    )
    .await?;
    Ok(())
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
            if !readable(actor, tenant, &row) {
                continue;
            }
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
        let row = q::question(&mut conn, tenant, id)
            .await?
            .filter(|r| readable(actor, tenant, r))
            .ok_or(CoreError::NotFound)?;
        question_view(&mut conn, actor, tenant, row).await
    }

    /// Adds a practice question; nothing is written when the input has a problem.
    pub async fn create_question(&self, actor: Option<&Actor>, tenant: &Tenant, input: &QuestionInput) -> Result<i64> {
        let actor = require_writer(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let v = input.validate(&mut tx, tenant).await?;
        let id = q::insert_question(&mut tx, tenant, &v.fields(), Some(actor.account_id)).await?;
        develop_move(&mut tx, actor, tenant, id, v.status).await?;
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
        q::update_question(&mut tx, tenant, id, &v.fields()).await?;
        if before.status != v.status.code() {
            develop_move(&mut tx, actor, tenant, id, v.status).await?;
        }
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

//! Kwesties: the wider societal issues shared by every werkplaats.
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors, kwestie_key};
use broedplaats_store::knowledge::{self as q, KnowledgeLinks};
use broedplaats_store::{Conn, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A kwestie with how often it is used, in every werkplaats.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KwestieView {
    pub id: i64,
    pub url: String,
    pub label: String,
    pub description: String,
    /// Knowledge products, questions, approaches and stories that name it.
    pub uses: i64,
}

/// Something linked to a kwestie, in some werkplaats.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KwestieItem {
    /// knowledge_product, question, approach or story
    #[serde(rename = "type")]
    pub doc_type: String,
    pub id: i64,
    pub title: String,
    pub url: String,
    pub werkplaats: String,
    pub werkplaats_name: String,
    /// The kind of product or approach, the status of a question, the narrator role of a story.
    pub kind: String,
}

/// A kwestie with everything public that is linked to it, in every werkplaats.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KwestieDetail {
    #[serde(flatten)]
    pub kwestie: KwestieView,
    /// Published, public knowledge products.
    pub products: Vec<KwestieItem>,
    pub questions: Vec<KwestieItem>,
    pub approaches: Vec<KwestieItem>,
    /// Stories whose narrator consented to publication.
    pub stories: Vec<KwestieItem>,
    /// Whether the viewer may edit the label and description.
    pub may_edit: bool,
}

/// A kwestie's label and description as edited.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KwestieInput {
    pub label: String,
    pub description: Option<String>,
}

impl KwestieInput {
    pub(super) fn validate(&self) -> Result<(String, String, String)> {
        let mut e = FieldErrors::new();
        let label = e.take("label", BoundedText::<MAX_KWESTIE>::parse(&self.label)).map(BoundedText::into_inner);
        let description = text::<MAX_TEXT>(&mut e, "description", self.description.as_deref());
        match label {
            Some(label) if e.is_empty() => {
                let key = kwestie_key(&label);
                Ok((label, key, description))
            }
            _ => Err(e.into()),
        }
    }
}

pub(super) fn kwestie_view(k: q::KwestieRow) -> KwestieView {
    KwestieView {
        url: format!("/kwesties/{}", k.id),
        id: k.id,
        label: k.label,
        description: k.description,
        uses: k.uses,
    }
}

/// Every knowledge row in every werkplaats that names the kwestie: changes to its label reach
/// the index through the outbox.
pub(super) async fn push_kwestie_uses(conn: &mut Conn, kwestie: i64) -> Result<()> {
    for w in broedplaats_store::werkplaats::list(conn).await? {
        let Some(tenant) = broedplaats_store::werkplaats::tenant(conn, &w.slug).await? else { continue };
        for (links, doc_type) in [
            (KnowledgeLinks::ProductKwesties, PRODUCT),
            (KnowledgeLinks::QuestionKwesties, QUESTION),
            (KnowledgeLinks::ApproachKwesties, APPROACH),
            (KnowledgeLinks::StoryKwesties, STORY),
        ] {
            for id in q::parents_of(conn, &tenant, links, kwestie).await? {
                q::outbox_push(conn, &tenant, doc_type, id).await?;
            }
        }
    }
    Ok(())
}

impl Core {
    // ---- kwesties ----

    /// The kwesties of the installation, by label, with how often they are used. Those who keep
    /// the labels (coordinators and lectors) see every kwestie and every use; anyone else only
    /// kwesties with something they may see on its page, and only those uses: a label used only
    /// by drafts says what is being worked on.
    pub async fn kwesties(&self, actor: Option<&Actor>) -> Result<Vec<KwestieView>> {
        let mut conn = self.store.conn().await?;
        let public_only = !may_edit_kwesties(actor);
        Ok(q::kwesties(&mut conn, public_only).await?.into_iter().map(kwestie_view).collect())
    }

    /// A kwestie with what is linked to it in every werkplaats and may be shown to anyone:
    /// published public knowledge products, questions, approaches, and stories whose narrator
    /// consented to publication (and did not withdraw).
    pub async fn kwestie(&self, actor: Option<&Actor>, id: i64) -> Result<KwestieDetail> {
        let mut conn = self.store.conn().await?;
        let k = q::kwestie(&mut conn, id).await?.ok_or(CoreError::NotFound)?;
        let mut detail = KwestieDetail {
            kwestie: kwestie_view(k),
            products: vec![],
            questions: vec![],
            approaches: vec![],
            stories: vec![],
            may_edit: may_edit_kwesties(actor),
        };
        for w in broedplaats_store::werkplaats::list(&mut conn).await? {
            let Some(tenant) = broedplaats_store::werkplaats::tenant(&mut conn, &w.slug).await? else { continue };
            let item = |doc_type: &str, id: i64, title: String, url: String, kind: String| KwestieItem {
                doc_type: doc_type.into(),
                id,
                title,
                url,
                werkplaats: w.slug.clone(),
                werkplaats_name: w.name.clone(),
                kind,
            };
            for pid in q::parents_of(&mut conn, &tenant, KnowledgeLinks::ProductKwesties, id).await? {
                if let Some(p) = q::product(&mut conn, &tenant, pid).await?
                    && p.status == "published"
                    && p.visibility == "public"
                {
                    let url = format!("/werkplaatsen/{}/kennis/{pid}", tenant.slug);
                    detail.products.push(item(PRODUCT, pid, p.title, url, p.kind));
                }
            }
            for qid in q::parents_of(&mut conn, &tenant, KnowledgeLinks::QuestionKwesties, id).await? {
                if let Some(question) = q::question(&mut conn, &tenant, qid).await? {
                    let url = question_url(&tenant, qid);
                    detail.questions.push(item(QUESTION, qid, question.title, url, question.status));
                }
            }
            for aid in q::parents_of(&mut conn, &tenant, KnowledgeLinks::ApproachKwesties, id).await? {
                if let Some(a) = q::approach(&mut conn, &tenant, aid).await? {
                    let url = approach_url(&tenant, aid);
                    detail.approaches.push(item(APPROACH, aid, a.title, url, a.kind));
                }
            }
            for sid in q::parents_of(&mut conn, &tenant, KnowledgeLinks::StoryKwesties, id).await? {
                if let Some(s) = q::story(&mut conn, &tenant, sid).await?
                    && s.consent_use == "publication"
                    && s.withdrawn_at.is_none()
                {
                    let url = format!("/werkplaatsen/{}/verhalen/{sid}", tenant.slug);
                    detail.stories.push(item(STORY, sid, s.title, url, s.narrator_role));
                }
            }
        }
        if !detail.may_edit {
            // As in the list: only what this viewer may see counts, and a kwestie with nothing
            // to show does not exist for them.
            let shown = detail.products.len() + detail.questions.len() + detail.approaches.len() + detail.stories.len();
            if shown == 0 {
                return Err(CoreError::NotFound);
            }
            detail.kwestie.uses = i64::try_from(shown).unwrap_or(i64::MAX);
        }
        Ok(detail)
    }

    /// Changes a kwestie's label and description (a coordinator or lector of any werkplaats). A
    /// label that another kwestie already has is refused.
    pub async fn update_kwestie(&self, actor: Option<&Actor>, id: i64, input: &KwestieInput) -> Result<()> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        if !may_edit_kwesties(Some(actor)) {
            return Err(CoreError::Forbidden);
        }
        let (label, key, description) = input.validate()?;
        let mut tx = self.store.begin().await?;
        let before = q::kwestie(&mut tx, id).await?.ok_or(CoreError::NotFound)?;
        q::update_kwestie(&mut tx, id, &label, &key, &description).await.map_err(|e| match e {
            StoreError::Conflict(_) => CoreError::Invalid(FieldErrors::single(
                "label",
                FieldErrorKind::Refused { key: "pq.error.kwestie_taken" },
            )),
            e => CoreError::from(e),
        })?;
        if before.label != label {
            push_kwestie_uses(&mut tx, id).await?;
        }
        tracing::info!(kwestie = id, account = actor.account_id, "kwestie updated");
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }
}

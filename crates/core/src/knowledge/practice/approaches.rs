//! Approaches (aanpakken) with their working factors, as the Dutch databanks describe them.
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{ApproachKind, BoundedText, FieldErrorKind, FieldErrors, Recognition, kwestie_key};
use broedplaats_store::knowledge::{self as q, ApproachRow, KnowledgeLinks, KnowledgeTable};
use broedplaats_store::{Conn, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An approach or working factor as created or changed through the API and the forms. The text
/// fields are Markdown and follow the Dutch databanks of interventions.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproachInput {
    /// aanpak or werkzame_factor
    pub kind: String,
    pub title: String,
    /// One to three sentences; shown in lists.
    pub summary: Option<String>,
    /// Doel
    pub goal: Option<String>,
    /// Doelgroep
    pub target_group: Option<String>,
    /// Aanpak (werkwijze)
    pub method: Option<String>,
    /// Werkzame elementen
    pub working_elements: Option<String>,
    /// Onderbouwing
    pub rationale: Option<String>,
    /// Onderzoek (evidence)
    pub research: Option<String>,
    /// Randvoorwaarden
    pub preconditions: Option<String>,
    /// Context: wat werkt in welke context
    pub context: Option<String>,
    /// geen (default), goed_beschreven, goed_onderbouwd, effectief_eerste, effectief_goede,
    /// effectief_sterke
    pub recognition: Option<String>,
    /// For a working factor: the approach (of this werkplaats) it belongs to.
    pub approach_id: Option<i64>,
    /// Theme titles or ids of the current agenda.
    #[serde(default)]
    pub themes: Vec<Ref>,
    /// Kwestie labels; new ones are created.
    #[serde(default)]
    pub kwesties: Vec<String>,
}

/// An approach or working factor as pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApproachView {
    pub id: i64,
    pub url: String,
    pub werkplaats: String,
    /// aanpak or werkzame_factor
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub goal: String,
    pub target_group: String,
    pub method: String,
    pub working_elements: String,
    pub rationale: String,
    pub research: String,
    pub preconditions: String,
    pub context: String,
    pub recognition: String,
    /// For a working factor: its approach.
    pub approach: Option<Named>,
    /// For an approach: its working factors.
    pub factors: Vec<Named>,
    pub themes: Vec<Named>,
    pub kwesties: Vec<Named>,
    pub created_at: String,
    pub updated_at: String,
    pub may_edit: bool,
    pub may_delete: bool,
}

/// Filters of the list of approaches.
#[derive(Debug, Clone, Default)]
pub struct ApproachFilter {
    pub kind: Option<String>,
    pub recognition: Option<String>,
}

pub(super) struct ValidApproach {
    pub(super) row: ApproachRow,
    pub(super) theme_ids: Vec<i64>,
    pub(super) kwesties: Vec<(String, String)>,
}

impl ApproachInput {
    pub(super) async fn validate(&self, conn: &mut Conn, tenant: &Tenant, id: Option<i64>) -> Result<ValidApproach> {
        let mut e = FieldErrors::new();
        let kind = e.take("kind", ApproachKind::parse(&self.kind));
        let title = e.take("title", BoundedText::<MAX_APPROACH_TITLE>::parse(&self.title)).map(BoundedText::into_inner);
        let summary = text::<MAX_SUMMARY>(&mut e, "summary", self.summary.as_deref());
        let goal = text::<MAX_TEXT>(&mut e, "goal", self.goal.as_deref());
        let target_group = text::<MAX_TEXT>(&mut e, "target_group", self.target_group.as_deref());
        let method = text::<MAX_TEXT>(&mut e, "method", self.method.as_deref());
        let working_elements = text::<MAX_TEXT>(&mut e, "working_elements", self.working_elements.as_deref());
        let rationale = text::<MAX_TEXT>(&mut e, "rationale", self.rationale.as_deref());
        let research = text::<MAX_TEXT>(&mut e, "research", self.research.as_deref());
        let preconditions = text::<MAX_TEXT>(&mut e, "preconditions", self.preconditions.as_deref());
        let context = text::<MAX_TEXT>(&mut e, "context", self.context.as_deref());
        let recognition = match self.recognition.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(Recognition::None),
            Some(r) => e.take("recognition", Recognition::parse(r)),
        };
        // A working factor may name its approach: an approach of this werkplaats, not itself.
        match (kind, self.approach_id) {
            (_, None) => {}
            (Some(ApproachKind::Approach), Some(_)) => {
                e.push("approach_id", FieldErrorKind::Refused { key: "pq.error.approach_only_for_factor" })
            }
            (_, Some(a)) => match q::approach(conn, tenant, a).await? {
                Some(row) if row.kind == ApproachKind::Approach.code() && Some(a) != id => {}
                _ => e.push("approach_id", FieldErrorKind::Refused { key: "pq.error.approach_unknown" }),
            },
        }
        // Themes: ids or titles of the current agenda.
        let themes = match broedplaats_store::agenda::current(conn, tenant).await? {
            Some(agenda) => broedplaats_store::agenda::themes(conn, tenant, agenda.id).await?,
            None => vec![],
        };
        let mut theme_ids = Vec::new();
        if self.themes.len() > MAX_LINKS {
            e.push("themes", FieldErrorKind::TooMany { max: MAX_LINKS });
        }
        for r in self.themes.iter().take(MAX_LINKS) {
            let found = match r {
                Ref::Id(id) => themes.iter().find(|t| t.id == *id),
                Ref::Name(n) => themes.iter().find(|t| kwestie_key(&t.title) == kwestie_key(n)),
            };
            match found {
                Some(t) if !theme_ids.contains(&t.id) => theme_ids.push(t.id),
                Some(_) => {}
                None => {
                    e.push("themes", FieldErrorKind::Refused { key: "pq.error.unknown_theme" });
                    break;
                }
            }
        }
        let kwesties = kwestie_labels(&mut e, &self.kwesties);
        let (Some(kind), Some(title), Some(recognition)) = (kind, title, recognition) else { return Err(e.into()) };
        if !e.is_empty() {
            return Err(e.into());
        }
        Ok(ValidApproach {
            row: ApproachRow {
                kind: kind.code().into(),
                title,
                summary,
                goal,
                target_group,
                method,
                working_elements,
                rationale,
                research,
                preconditions,
                context,
                recognition: recognition.code().into(),
                approach_id: if kind == ApproachKind::WorkingFactor { self.approach_id } else { None },
                ..ApproachRow::default()
            },
            theme_ids,
            kwesties,
        })
    }
}

pub(super) fn approach_url(tenant: &Tenant, id: i64) -> String {
    format!("/werkplaatsen/{}/aanpakken/{id}", tenant.slug)
}

pub(super) async fn approach_view(
    conn: &mut Conn,
    actor: Option<&Actor>,
    tenant: &Tenant,
    row: ApproachRow,
    all: Option<&[ApproachRow]>,
) -> Result<ApproachView> {
    let id = row.id;
    let loaded;
    let all = match all {
        Some(all) => all,
        None => {
            loaded = q::approaches(conn, tenant).await?;
            &loaded
        }
    };
    let approach =
        row.approach_id.and_then(|a| all.iter().find(|x| x.id == a)).map(|a| Named { id: a.id, name: a.title.clone() });
    let factors = all
        .iter()
        .filter(|x| x.approach_id == Some(id) && x.kind == ApproachKind::WorkingFactor.code())
        .map(|x| Named { id: x.id, name: x.title.clone() })
        .collect();
    Ok(ApproachView {
        url: approach_url(tenant, id),
        werkplaats: tenant.slug.clone(),
        themes: named(q::linked(conn, tenant, KnowledgeLinks::ApproachThemes, id).await?),
        kwesties: named(q::linked(conn, tenant, KnowledgeLinks::ApproachKwesties, id).await?),
        may_edit: actor.is_some_and(|a| may_write(a, tenant)),
        may_delete: access(actor, tenant) == Access::Manager,
        approach,
        factors,
        id,
        kind: row.kind,
        title: row.title,
        summary: row.summary,
        goal: row.goal,
        target_group: row.target_group,
        method: row.method,
        working_elements: row.working_elements,
        rationale: row.rationale,
        research: row.research,
        preconditions: row.preconditions,
        context: row.context,
        recognition: row.recognition,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

impl Core {
    // ---- approaches and working factors ----

    /// Approaches and working factors of a werkplaats, approaches first, by title (public).
    pub async fn approaches(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        filter: &ApproachFilter,
    ) -> Result<Vec<ApproachView>> {
        let mut conn = self.store.conn().await?;
        let all = q::approaches(&mut conn, tenant).await?;
        let mut out = Vec::new();
        for row in &all {
            if filter.kind.as_deref().is_some_and(|k| k != row.kind)
                || filter.recognition.as_deref().is_some_and(|r| r != row.recognition)
            {
                continue;
            }
            out.push(approach_view(&mut conn, actor, tenant, row.clone(), Some(&all)).await?);
        }
        Ok(out)
    }

    pub async fn approach(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ApproachView> {
        let mut conn = self.store.conn().await?;
        let row = q::approach(&mut conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
        approach_view(&mut conn, actor, tenant, row, None).await
    }

    /// Adds an approach or working factor; nothing is written when the input has a problem.
    pub async fn create_approach(&self, actor: Option<&Actor>, tenant: &Tenant, input: &ApproachInput) -> Result<i64> {
        let actor = require_writer(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let mut v = input.validate(&mut tx, tenant, None).await?;
        v.row.created_by = Some(actor.account_id);
        let id = q::save_approach(&mut tx, tenant, None, &v.row).await?;
        self.save_approach_links(&mut tx, tenant, id, &v).await?;
        let after = q::approach(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, actor, ("approach", id), "create", None, after.as_ref()).await?;
        q::outbox_push(&mut tx, tenant, APPROACH, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(id)
    }

    pub async fn update_approach(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &ApproachInput,
    ) -> Result<()> {
        let actor = require_writer(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = q::approach(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        let v = input.validate(&mut tx, tenant, Some(id)).await?;
        if v.row.kind == ApproachKind::WorkingFactor.code()
            && before.kind == ApproachKind::Approach.code()
            && q::approaches(&mut tx, tenant).await?.iter().any(|a| a.approach_id == Some(id))
        {
            // Its working factors would point at a working factor.
            return Err(FieldErrors::single("kind", FieldErrorKind::Refused { key: "pq.error.has_factors" }).into());
        }
        q::save_approach(&mut tx, tenant, Some(id), &v.row).await?;
        self.save_approach_links(&mut tx, tenant, id, &v).await?;
        let after = q::approach(&mut tx, tenant, id).await?;
        audit(&mut tx, tenant, actor, ("approach", id), "update", Some(&before), after.as_ref()).await?;
        q::outbox_push(&mut tx, tenant, APPROACH, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    pub(super) async fn save_approach_links(
        &self,
        conn: &mut Conn,
        tenant: &Tenant,
        id: i64,
        v: &ValidApproach,
    ) -> Result<()> {
        let kwesties = kwestie_ids(conn, &v.kwesties).await?;
        q::replace(conn, tenant, KnowledgeLinks::ApproachKwesties, id, &kwesties).await?;
        q::replace(conn, tenant, KnowledgeLinks::ApproachThemes, id, &v.theme_ids).await?;
        Ok(())
    }

    /// Deletes an approach or working factor; working factors of a deleted approach stay, without
    /// their approach.
    pub async fn delete_approach(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let actor = require_deleter(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let before = q::approach(&mut tx, tenant, id).await?.ok_or(CoreError::NotFound)?;
        q::delete(&mut tx, tenant, KnowledgeTable::Approaches, id).await?;
        audit(&mut tx, tenant, actor, ("approach", id), "delete", Some(&before), None).await?;
        q::outbox_push(&mut tx, tenant, APPROACH, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }
}

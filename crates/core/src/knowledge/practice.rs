//! Practice questions (praktijkvragen), approaches and working factors (aanpakken, werkzame
//! factoren) and kwesties (DOMAIN §7, §8).
//!
//! Everything here is public to read: questions and approaches are what a werkplaats offers to the
//! others ("wat werkt in welke context"). Those who plan activities — the coordinator, lectoren,
//! docent-onderzoekers, themaleiders and projectondersteuning — add and edit them; the
//! coordinator and lectoren delete them. Kwesties are shared by every werkplaats: a label given
//! to a question or an approach is created when new, and the coordinators and lectoren of any
//! werkplaats may edit a kwestie's label and description.
//!
//! Every change writes an audit entry and a search-outbox row in its transaction, and brings the
//! index up to date right after the commit, so what was saved is findable when the call returns.
use super::documents::{APPROACH, PRODUCT, QUESTION, STORY};
use super::products::{Named, Ref};
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::kernel::audit::audit;
use crate::kernel::tx::{check_refs, commit};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{
    ApproachKind, BoundedText, FieldErrorKind, FieldErrors, QuestionStatus, Recognition, Role, kwestie_key,
};
use broedplaats_store::knowledge::{self as q, ApproachRow, KnowledgeLinks, KnowledgeTable, QuestionRow};
use broedplaats_store::organisation::Table;
use broedplaats_store::{Conn, StoreError, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Longest question (its title).
pub const MAX_QUESTION: usize = 300;
/// Longest title of an approach or working factor.
pub const MAX_APPROACH_TITLE: usize = 200;
/// Longest Markdown text of one field.
pub const MAX_TEXT: usize = 20_000;
/// Longest summary of an approach.
pub const MAX_SUMMARY: usize = 2_000;
/// Longest kwestie label.
pub const MAX_KWESTIE: usize = 120;
/// Most kwesties or themes on one item.
pub const MAX_LINKS: usize = 20;

// ---- who may do what -----------------------------------------------------------------------------

/// The roles that plan activities also write questions and approaches.
fn may_write(actor: &Actor, tenant: &Tenant) -> bool {
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

fn require_writer<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    let actor = actor.ok_or(CoreError::Unauthenticated)?;
    if may_write(actor, tenant) { Ok(actor) } else { Err(CoreError::Forbidden) }
}

fn require_deleter<'a>(actor: Option<&'a Actor>, tenant: &Tenant) -> Result<&'a Actor> {
    let actor = actor.ok_or(CoreError::Unauthenticated)?;
    if access(Some(actor), tenant) == Access::Manager { Ok(actor) } else { Err(CoreError::Forbidden) }
}

/// Coordinators and lectoren of any werkplaats edit kwesties.
fn may_edit_kwesties(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| a.roles.iter().any(|(_, r)| matches!(r, Role::ProgrammeCoordinator | Role::Lector)))
}

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

// ---- validation ----------------------------------------------------------------------------------

fn named(v: Vec<(i64, String)>) -> Vec<Named> {
    v.into_iter().map(|(id, name)| Named { id, name }).collect()
}

fn text<const MAX: usize>(e: &mut FieldErrors, field: &str, raw: Option<&str>) -> String {
    e.take(field, BoundedText::<MAX>::parse_optional(raw)).flatten().map(BoundedText::into_inner).unwrap_or_default()
}

/// Kwestie labels as (label, key), deduplicated by key.
fn kwestie_labels(e: &mut FieldErrors, raw: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let given: Vec<&String> = raw.iter().filter(|k| !k.trim().is_empty()).collect();
    if given.len() > MAX_LINKS {
        e.push("kwesties", FieldErrorKind::TooMany { max: MAX_LINKS });
        return out;
    }
    for k in given {
        match BoundedText::<MAX_KWESTIE>::parse(k) {
            Ok(label) => {
                let label = label.into_inner();
                let key = kwestie_key(&label);
                if !out.iter().any(|(_, k)| *k == key) {
                    out.push((label, key));
                }
            }
            Err(kind) => {
                e.push("kwesties", kind);
                break;
            }
        }
    }
    out
}

async fn kwestie_ids(conn: &mut Conn, labels: &[(String, String)]) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(labels.len());
    for (label, key) in labels {
        ids.push(q::kwestie_id_for(conn, label, key).await?);
    }
    Ok(ids)
}

struct ValidQuestion {
    title: String,
    explanation: String,
    project_id: Option<i64>,
    status: QuestionStatus,
    kwesties: Vec<(String, String)>,
}

impl QuestionInput {
    async fn validate(&self, conn: &mut Conn, tenant: &Tenant) -> Result<ValidQuestion> {
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

struct ValidApproach {
    row: ApproachRow,
    theme_ids: Vec<i64>,
    kwesties: Vec<(String, String)>,
}

impl ApproachInput {
    async fn validate(&self, conn: &mut Conn, tenant: &Tenant, id: Option<i64>) -> Result<ValidApproach> {
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

impl KwestieInput {
    fn validate(&self) -> Result<(String, String, String)> {
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

// ---- views ---------------------------------------------------------------------------------------

fn question_url(tenant: &Tenant, id: i64) -> String {
    format!("/werkplaatsen/{}/praktijkvragen/{id}", tenant.slug)
}

fn approach_url(tenant: &Tenant, id: i64) -> String {
    format!("/werkplaatsen/{}/aanpakken/{id}", tenant.slug)
}

fn kwestie_view(k: q::KwestieRow) -> KwestieView {
    KwestieView {
        url: format!("/kwesties/{}", k.id),
        id: k.id,
        label: k.label,
        description: k.description,
        uses: k.uses,
    }
}

/// The project of a question, when the viewer may see it (members-only projects are not named to
/// the public).
async fn project_of(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, id: Option<i64>) -> Result<Option<Named>> {
    let Some(id) = id else { return Ok(None) };
    let Some(p) = broedplaats_store::organisation::project(conn, tenant, id).await? else { return Ok(None) };
    if p.visibility != "public" && access(actor, tenant) == Access::Public {
        return Ok(None);
    }
    Ok(Some(Named { id: p.id, name: p.title }))
}

async fn question_view(
    conn: &mut Conn,
    actor: Option<&Actor>,
    tenant: &Tenant,
    row: QuestionRow,
) -> Result<QuestionView> {
    Ok(QuestionView {
        url: question_url(tenant, row.id),
        werkplaats: tenant.slug.clone(),
        project: project_of(conn, actor, tenant, row.project_id).await?,
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

async fn approach_view(
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

/// Every knowledge row in every werkplaats that names the kwestie: changes to its label reach
/// the index through the outbox.
async fn push_kwestie_uses(conn: &mut Conn, kwestie: i64) -> Result<()> {
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

// ---- use cases -----------------------------------------------------------------------------------

impl Core {
    /// Whether the viewer may add and edit questions and approaches in this werkplaats.
    pub fn may_write_practice(&self, actor: Option<&Actor>, tenant: &Tenant) -> bool {
        actor.is_some_and(|a| may_write(a, tenant))
    }

    /// Whether the viewer may delete questions and approaches in this werkplaats.
    pub fn may_delete_practice(&self, actor: Option<&Actor>, tenant: &Tenant) -> bool {
        access(actor, tenant) == Access::Manager
    }

    /// Whether the viewer may edit kwesties (a coordinator or lector of any werkplaats).
    pub fn may_edit_kwesties(&self, actor: Option<&Actor>) -> bool {
        may_edit_kwesties(actor)
    }

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

    async fn save_approach_links(&self, conn: &mut Conn, tenant: &Tenant, id: i64, v: &ValidApproach) -> Result<()> {
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

    // ---- kwesties ----

    /// Every kwestie of the installation, by label, with how often it is used.
    pub async fn kwesties(&self) -> Result<Vec<KwestieView>> {
        let mut conn = self.store.conn().await?;
        Ok(q::kwesties(&mut conn).await?.into_iter().map(kwestie_view).collect())
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

//! Stories (verhalen, DOMAIN §7): how citizens and professionals experience social quality, with
//! the narrator's consent recorded — by whom, when, for what use.
//!
//! - `internal` consent: partners of the werkplaats may read it; `publication`: everyone.
//! - The narrator's name is never shown to others unless the consent is for publication and
//!   says the name may be shown; the recorder and the coordinator/lectoren see it.
//! - Withdrawal hides the story at once (the index is updated before the request returns),
//!   erases the narrative and the name, and keeps only the consent record as proof.
use super::documents::{STORY, story_acl};
use super::products::{Named, Ref};
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::kernel::audit::audit;
use crate::kernel::error::refused;
use crate::kernel::search;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{
    BoundedText, ConsentUse, FieldErrorKind, FieldErrors, NarratorRole, SocialQualityFactor, kwestie_key,
};
use broedplaats_store::knowledge::{self as q, KnowledgeLinks, StoryRow};
use broedplaats_store::{Conn, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A story as recorded through the form or the API.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StoryInput {
    pub title: String,
    /// burger, client, mantelzorger, vrijwilliger, professional, student
    pub narrator_role: String,
    /// Kept for the recorder and the coordinator; shown to others only with publication
    /// consent and `show_name`.
    pub narrator_name: Option<String>,
    #[serde(default)]
    pub show_name: bool,
    pub text: String,
    /// What the story says about experienced social quality.
    pub social_quality: Option<String>,
    /// sociaaleconomische_zekerheid, sociale_cohesie, sociale_inclusie, sociale_empowerment
    #[serde(default)]
    pub factors: Vec<String>,
    #[serde(default)]
    pub themes: Vec<Ref>,
    #[serde(default)]
    pub kwesties: Vec<String>,
    /// internal or publication
    pub consent_use: String,
    /// Who gave consent (the narrator, or their representative).
    pub consent_given_by: String,
    /// `YYYY-MM-DD`; today when absent.
    pub consent_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentView {
    pub consent_use: String,
    pub given_by: String,
    pub given_on: String,
    pub recorded_by: String,
    /// Whether the narrator's name may be shown (only with publication consent).
    pub show_name: bool,
    pub withdrawn_at: Option<String>,
    pub withdrawn_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoryView {
    pub id: i64,
    pub url: String,
    pub werkplaats: String,
    pub title: String,
    pub narrator_role: String,
    /// The name as this viewer may see it; `None`: shown as anonymous.
    pub narrator_name: Option<String>,
    pub text: String,
    pub social_quality: String,
    pub factors: Vec<String>,
    pub themes: Vec<Named>,
    pub kwesties: Vec<Named>,
    /// Only for those who may manage the story.
    pub consent: Option<ConsentView>,
    pub withdrawn: bool,
    pub may_edit: bool,
    pub created_at: String,
}

/// Who may manage a story: who recorded it, and the coordinator and lectoren.
fn may_manage(actor: Option<&Actor>, tenant: &Tenant, s: &StoryRow) -> bool {
    let Some(a) = actor else { return false };
    access(actor, tenant) == Access::Manager || (s.created_by == Some(a.account_id) && a.is_member(&tenant.slug))
}

async fn load_readable(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<StoryRow> {
    let s = q::story(conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
    if may_manage(actor, tenant, &s) || search::may_see(conn, actor, &story_acl(tenant, &s)).await? {
        Ok(s)
    } else {
        Err(CoreError::NotFound)
    }
}

struct ValidStory {
    row: StoryRow,
    theme_ids: Vec<i64>,
    kwesties: Vec<(String, String)>,
}

impl StoryInput {
    async fn validate(&self, conn: &mut Conn, tenant: &Tenant, recorder: &Actor) -> Result<ValidStory> {
        let mut e = FieldErrors::new();
        let title = e.take("title", BoundedText::<200>::parse(&self.title)).map(BoundedText::into_inner);
        let role = e.take("narrator_role", NarratorRole::parse(&self.narrator_role));
        let name = e
            .take("narrator_name", BoundedText::<200>::parse_optional(self.narrator_name.as_deref()))
            .flatten()
            .map(BoundedText::into_inner);
        let text = e.take("text", BoundedText::<50_000>::parse(&self.text)).map(BoundedText::into_inner);
        let social_quality = e
            .take("social_quality", BoundedText::<5000>::parse_optional(self.social_quality.as_deref()))
            .flatten()
            .map(BoundedText::into_inner)
            .unwrap_or_default();
        let mut factors = Vec::new();
        for f in &self.factors {
            match SocialQualityFactor::parse(f) {
                Ok(f) if !factors.contains(&f.code()) => factors.push(f.code()),
                Ok(_) => {}
                Err(k) => e.push("factors", k),
            }
        }
        let consent = e.take("consent_use", ConsentUse::parse(&self.consent_use));
        let given_by =
            e.take("consent_given_by", BoundedText::<200>::parse(&self.consent_given_by)).map(BoundedText::into_inner);
        // "Today" is the werkplaats's today: consent given just after midnight in Amsterdam is
        // not a date in the future.
        let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).date_naive();
        let consent_on = match self.consent_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(today),
            Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(d) if d <= today => Some(d),
                Ok(_) => {
                    e.push("consent_on", FieldErrorKind::Refused { key: "story.error.consent_future" });
                    None
                }
                Err(_) => {
                    e.push("consent_on", FieldErrorKind::Invalid);
                    None
                }
            },
        };
        if self.show_name && (consent != Some(ConsentUse::Publication) || name.is_none()) {
            e.push("show_name", FieldErrorKind::Refused { key: "story.error.show_name" });
        }
        let themes = match broedplaats_store::agenda::current(conn, tenant).await? {
            Some(agenda) => broedplaats_store::agenda::themes(conn, tenant, agenda.id).await?,
            None => vec![],
        };
        let mut theme_ids = Vec::new();
        for r in &self.themes {
            let found = match r {
                Ref::Id(id) => themes.iter().find(|t| t.id == *id),
                Ref::Name(n) => themes.iter().find(|t| kwestie_key(&t.title) == kwestie_key(n)),
            };
            match found {
                Some(t) if !theme_ids.contains(&t.id) => theme_ids.push(t.id),
                Some(_) => {}
                None => e.push("themes", FieldErrorKind::Refused { key: "knowledge.error.unknown_theme" }),
            }
        }
        let mut kwesties: Vec<(String, String)> = Vec::new();
        for k in self.kwesties.iter().filter(|k| !k.trim().is_empty()).take(20) {
            if let Some(label) = e.take("kwesties", BoundedText::<120>::parse(k)) {
                let label = label.into_inner();
                let key = kwestie_key(&label);
                if !kwesties.iter().any(|(_, k)| *k == key) {
                    kwesties.push((label, key));
                }
            }
        }
        let (Some(title), Some(role), Some(text), Some(consent), Some(given_by), Some(consent_on)) =
            (title, role, text, consent, given_by, consent_on)
        else {
            return Err(e.into());
        };
        if !e.is_empty() {
            return Err(e.into());
        }
        Ok(ValidStory {
            row: StoryRow {
                title,
                narrator_role: role.code().into(),
                narrator_name: name,
                show_name: i64::from(self.show_name),
                text,
                social_quality,
                factors: serde_json::to_string(&factors).map_err(|e| CoreError::Internal(e.to_string()))?,
                consent_use: consent.code().into(),
                consent_given_by: given_by,
                consent_on: consent_on.format("%Y-%m-%d").to_string(),
                consent_recorded_by: recorder.name.clone(),
                created_by: Some(recorder.account_id),
                ..StoryRow::default()
            },
            theme_ids,
            kwesties,
        })
    }
}

async fn save_story_links(conn: &mut Conn, tenant: &Tenant, id: i64, v: &ValidStory) -> Result<()> {
    let mut kwestie_ids = Vec::with_capacity(v.kwesties.len());
    for (label, key) in &v.kwesties {
        kwestie_ids.push(q::kwestie_id_for(conn, label, key).await?);
    }
    q::replace(conn, tenant, KnowledgeLinks::StoryThemes, id, &v.theme_ids).await?;
    q::replace(conn, tenant, KnowledgeLinks::StoryKwesties, id, &kwestie_ids).await?;
    Ok(())
}

impl Core {
    /// Records a story with its consent (any partner of the werkplaats).
    pub async fn create_story(&self, actor: Option<&Actor>, tenant: &Tenant, input: &StoryInput) -> Result<i64> {
        let actor = crate::kernel::actor::require_member(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let v = input.validate(&mut tx, tenant, actor).await?;
        let id = q::save_story(&mut tx, tenant, None, &v.row).await?;
        save_story_links(&mut tx, tenant, id, &v).await?;
        // The audit log names the story, never its narrator.
        audit(&mut tx, tenant, actor, ("story", id), "create", None, Some(&v.row.title)).await?;
        q::outbox_push(&mut tx, tenant, STORY, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(id)
    }

    pub async fn update_story(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &StoryInput,
    ) -> Result<()> {
        if actor.is_none() {
            return Err(CoreError::Unauthenticated);
        }
        let mut tx = self.store.begin().await?;
        let before = load_readable(&mut tx, actor, tenant, id).await?;
        if !may_manage(actor, tenant, &before) {
            return Err(CoreError::Forbidden);
        }
        if before.withdrawn_at.is_some() {
            return Err(refused("text", "story.error.withdrawn"));
        }
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut v = input.validate(&mut tx, tenant, actor).await?;
        // Who recorded the consent stays who it was.
        v.row.consent_recorded_by = before.consent_recorded_by.clone();
        q::save_story(&mut tx, tenant, Some(id), &v.row).await?;
        save_story_links(&mut tx, tenant, id, &v).await?;
        audit(&mut tx, tenant, actor, ("story", id), "update", Some(&before.title), Some(&v.row.title)).await?;
        q::outbox_push(&mut tx, tenant, STORY, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    /// Consent withdrawn: hidden at once, removed from the index, narrative and name erased.
    pub async fn withdraw_story_consent(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        if actor.is_none() {
            return Err(CoreError::Unauthenticated);
        }
        let mut tx = self.store.begin().await?;
        let s = load_readable(&mut tx, actor, tenant, id).await?;
        if !may_manage(actor, tenant, &s) {
            return Err(CoreError::Forbidden);
        }
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        if s.withdrawn_at.is_some() {
            return Ok(());
        }
        q::withdraw_story(&mut tx, tenant, id, &actor.name).await?;
        // The log keeps that consent was withdrawn, by whom and when; not the story's title or text.
        broedplaats_store::organisation::scrub_audit(&mut tx, tenant, "story", id).await?;
        audit(&mut tx, tenant, actor, ("story", id), "update", None::<&String>, None::<&String>).await?;
        q::outbox_push(&mut tx, tenant, STORY, id).await?;
        commit(tx).await?;
        // Unlike other changes, a withdrawal must not wait for the background sync.
        self.sync_search().await?;
        // The cleared text must not linger in SQLite's write-ahead log either.
        self.store.checkpoint().await;
        Ok(())
    }

    pub async fn story(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<StoryView> {
        let mut conn = self.store.conn().await?;
        let s = load_readable(&mut conn, actor, tenant, id).await?;
        let manage = may_manage(actor, tenant, &s);
        let themes = q::linked(&mut conn, tenant, KnowledgeLinks::StoryThemes, id).await?;
        let kwesties = q::linked(&mut conn, tenant, KnowledgeLinks::StoryKwesties, id).await?;
        Ok(story_view(tenant, s, manage, themes, kwesties))
    }

    /// Stories the viewer may read, newest first, with their themes and kwesties; withdrawn
    /// ones only for who manages them.
    pub async fn stories(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<StoryView>> {
        let mut conn = self.store.conn().await?;
        let tokens = search::viewer_tokens(&mut conn, actor).await?;
        let mut out = Vec::new();
        for s in q::stories(&mut conn, tenant).await? {
            let manage = may_manage(actor, tenant, &s);
            if manage || search::allowed(&tokens, &story_acl(tenant, &s)) {
                let themes = q::linked(&mut conn, tenant, KnowledgeLinks::StoryThemes, s.id).await?;
                let kwesties = q::linked(&mut conn, tenant, KnowledgeLinks::StoryKwesties, s.id).await?;
                out.push(story_view(tenant, s, manage, themes, kwesties));
            }
        }
        Ok(out)
    }
}

fn story_view(
    tenant: &Tenant,
    s: StoryRow,
    manage: bool,
    themes: Vec<(i64, String)>,
    kwesties: Vec<(i64, String)>,
) -> StoryView {
    let name_public = s.show_name == 1 && s.consent_use == "publication";
    StoryView {
        url: format!("/werkplaatsen/{}/verhalen/{}", tenant.slug, s.id),
        werkplaats: tenant.slug.clone(),
        narrator_name: if manage || name_public { s.narrator_name.clone() } else { None },
        factors: serde_json::from_str(&s.factors).unwrap_or_default(),
        themes: themes.into_iter().map(|(id, name)| Named { id, name }).collect(),
        kwesties: kwesties.into_iter().map(|(id, name)| Named { id, name }).collect(),
        consent: manage.then(|| ConsentView {
            consent_use: s.consent_use.clone(),
            given_by: s.consent_given_by.clone(),
            given_on: s.consent_on.clone(),
            recorded_by: s.consent_recorded_by.clone(),
            show_name: s.show_name == 1,
            withdrawn_at: s.withdrawn_at.clone(),
            withdrawn_by: s.withdrawn_by.clone(),
        }),
        withdrawn: s.withdrawn_at.is_some(),
        may_edit: manage && s.withdrawn_at.is_none(),
        id: s.id,
        title: s.title,
        narrator_role: s.narrator_role,
        text: s.text,
        social_quality: s.social_quality,
        created_at: s.created_at,
    }
}

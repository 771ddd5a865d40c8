//! Cross-cutting concerns (such as vertrouwen) with the pitches they came from, and the theme
//! text each cluster's group writes, in versions.
use super::clusters::text_view;
use super::*;
use crate::Core;
use crate::kernel::actor::{require_agenda_editor, require_member};
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use broedplaats_domain::{ThemeLevel, cocreation_limits as limits, limits as agenda_limits};

impl Core {
    /// Marks a concern that runs through the clusters, linked to the pitches it came from
    /// (coordinator or lector; any phase before adoption).
    pub async fn create_concern(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &ConcernInput,
    ) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        require_phase(&row, &Phase::ALL[..6], "cocreation.refused.adopted")?;
        let (title, description) = parse_concern(&mut tx, tenant, id, input).await?;
        let cid = q::insert_concern(&mut tx, tenant, id, &title, &description)
            .await
            .map_err(crate::kernel::tx::conflict_on("title"))?;
        q::set_concern_pitches(&mut tx, tenant, cid, &input.pitch_ids).await?;
        event(&mut tx, tenant, id, "concern", &format!("Dwarsdoorsnijdend thema ‘{title}’ benoemd"), actor).await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("concern", cid),
            "create",
            None,
            Some(&serde_json::json!({ "title": title, "pitch_ids": input.pitch_ids })),
        )
        .await?;
        commit(tx).await?;
        Ok(cid)
    }

    /// Changes a concern and its pitches (coordinator or lector; before adoption).
    pub async fn update_concern(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        concern_id: i64,
        input: &ConcernInput,
    ) -> Result<()> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        q::concerns(&mut tx, tenant, id).await?.iter().find(|c| c.id == concern_id).ok_or(CoreError::NotFound)?;
        require_phase(&row, &Phase::ALL[..6], "cocreation.refused.adopted")?;
        let (title, description) = parse_concern(&mut tx, tenant, id, input).await?;
        q::update_concern(&mut tx, tenant, concern_id, &title, &description)
            .await
            .map_err(crate::kernel::tx::conflict_on("title"))?;
        q::set_concern_pitches(&mut tx, tenant, concern_id, &input.pitch_ids).await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("concern", concern_id),
            "update",
            None,
            Some(&serde_json::json!({ "title": title, "pitch_ids": input.pitch_ids })),
        )
        .await?;
        commit(tx).await
    }

    /// The concerns of a process with their pitches (members).
    pub async fn concerns(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<Vec<ConcernView>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load(&mut conn, tenant, id).await?;
        concern_views(&mut conn, tenant, id).await
    }

    /// Writes a new version of a cluster's theme text (members, while elaborating). Returns its number.
    pub async fn elaborate(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        cluster_id: i64,
        input: &TextInput,
    ) -> Result<i64> {
        let actor = require_member(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        let cluster = q::clusters(&mut tx, tenant, id)
            .await?
            .into_iter()
            .find(|c| c.id == cluster_id)
            .ok_or(CoreError::NotFound)?;
        require_phase(&row, &[Phase::Elaborating], "cocreation.refused.not_elaborating")?;
        if cluster.status != "active" {
            return Err(refused("cluster_id", "cocreation.refused.cluster_closed"));
        }
        let mut e = FieldErrors::new();
        let title = text::<{ agenda_limits::TITLE }>(&mut e, "title", &input.title);
        let level = match input.level.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(l) => ThemeLevel::parse(l).map(Some).unwrap_or_else(|k| {
                e.push("level", k);
                None
            }),
            None => None,
        };
        let introduction =
            optional_text::<{ agenda_limits::INTRODUCTION }>(&mut e, "introduction", Some(&input.introduction));
        let questions =
            lines::<{ agenda_limits::QUESTION }>(&mut e, "questions", &input.questions, agenda_limits::QUESTIONS);
        let options = lines::<{ agenda_limits::PROJECT_OPTION }>(
            &mut e,
            "project_options",
            &input.project_options,
            agenda_limits::PROJECT_OPTIONS,
        );
        done(e)?;
        let questions_json = crate::kernel::audit::json(&questions)?;
        let options_json = crate::kernel::audit::json(&options)?;
        let number = q::insert_text(
            &mut tx,
            tenant,
            cluster_id,
            &q::TextFields {
                title: &title,
                level: level.map(ThemeLevel::code),
                introduction: &introduction,
                questions_json: &questions_json,
                project_options_json: &options_json,
            },
            who(actor),
        )
        .await?;
        event(&mut tx, tenant, id, "text", &format!("Themetekst van ‘{}’ versie {number}", cluster.title), actor)
            .await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("cluster", cluster_id),
            "update",
            None,
            Some(&serde_json::json!({ "version": number, "title": title })),
        )
        .await?;
        commit(tx).await?;
        Ok(number)
    }

    /// Every version of a cluster's theme text, oldest first (members).
    pub async fn cluster_texts(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        cluster_id: i64,
    ) -> Result<Vec<TextView>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load(&mut conn, tenant, id).await?;
        q::clusters(&mut conn, tenant, id).await?.iter().find(|c| c.id == cluster_id).ok_or(CoreError::NotFound)?;
        q::texts(&mut conn, tenant, id).await?.iter().filter(|x| x.cluster_id == cluster_id).map(text_view).collect()
    }
}

/// Non-empty trimmed lines, each within `MAX`, at most `max` of them.
pub(super) fn lines<const MAX: usize>(e: &mut FieldErrors, field: &str, raw: &[String], max: usize) -> Vec<String> {
    let out: Vec<String> = raw.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
    if out.len() > max {
        e.push(field, FieldErrorKind::TooMany { max });
    } else if out.iter().any(|l| l.chars().count() > MAX) {
        e.push(field, FieldErrorKind::TooLong { max: MAX });
    }
    out
}

async fn parse_concern(conn: &mut Conn, tenant: &Tenant, id: i64, input: &ConcernInput) -> Result<(String, String)> {
    let mut e = FieldErrors::new();
    let title = text::<{ limits::TITLE }>(&mut e, "title", &input.title);
    let description = optional_text::<{ limits::TEXT }>(&mut e, "description", input.description.as_deref());
    let pitches = q::pitches(conn, tenant, id).await?;
    if !unique(&input.pitch_ids) {
        e.push("pitch_ids", FieldErrorKind::Duplicate);
    } else if input.pitch_ids.iter().any(|p| !pitches.iter().any(|x| x.id == *p)) {
        e.push("pitch_ids", FieldErrorKind::Invalid);
    }
    done(e)?;
    Ok((title, description))
}

pub(super) async fn concern_views(conn: &mut Conn, tenant: &Tenant, id: i64) -> Result<Vec<ConcernView>> {
    let links = q::concern_pitches(conn, tenant, id).await?;
    Ok(q::concerns(conn, tenant, id)
        .await?
        .into_iter()
        .map(|c| ConcernView {
            pitch_ids: links.iter().filter(|(k, _)| *k == c.id).map(|(_, p)| *p).collect(),
            id: c.id,
            title: c.title,
            description: c.description,
        })
        .collect())
}

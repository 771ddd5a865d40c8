//! From elaborated clusters to the concept agenda, amendments on it with their answers, and the
//! adoption — each a new version of the agenda through the agenda's own versioning.
use super::pitches::own_organisation;
use super::process::enter_phase;
use super::texts::lines;
use super::*;
use crate::Core;
use crate::agenda::{record_version, replace_options};
use crate::kernel::actor::{require_agenda_editor, require_member};
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use broedplaats_domain::{
    AgendaStatus, AmendmentDecision, AmendmentSection, cocreation_limits as limits, limits as agenda_limits,
};
use broedplaats_store::agenda as agenda_q;

/// The agenda the process writes to, locked: the werkplaats's current agenda, which must still be
/// the one the process started on.
async fn agenda_locked(conn: &mut Conn, tenant: &Tenant, row: &ProcessRow) -> Result<broedplaats_store::AgendaRow> {
    let agenda = agenda_q::current(conn, tenant).await?.ok_or(CoreError::NotFound)?;
    if agenda.id != row.agenda_id {
        return Err(refused("agenda", "cocreation.refused.other_agenda"));
    }
    agenda_q::lock(conn, tenant, agenda.id).await?;
    Ok(agenda)
}

impl Core {
    /// Writes the concept agenda from the elaborated clusters (coordinator or lector, while
    /// elaborating or in the concept phase): each active cluster with a text becomes a theme —
    /// the theme it made before is updated — and the process's concerns join the agenda's
    /// cross-cutting concerns. A new agenda version with status concept; returns its number.
    pub async fn create_concept(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        let phase = require_phase(&row, &[Phase::Elaborating, Phase::Concept], "cocreation.refused.not_concept")?;
        let agenda = agenda_locked(&mut tx, tenant, &row).await?;
        let clusters = super::clusters::cluster_views(&mut tx, tenant, id).await?;
        let ready: Vec<&ClusterView> =
            clusters.iter().filter(|c| c.status == ClusterStatus::Active && c.text.is_some()).collect();
        if ready.is_empty() {
            return Err(refused("clusters", "cocreation.refused.no_texts"));
        }
        let themes = agenda_q::themes(&mut tx, tenant, agenda.id).await?;
        for c in ready {
            let Some(t) = &c.text else { continue };
            let questions = crate::kernel::audit::json(&t.questions)?;
            let existing = c.theme_id.and_then(|tid| themes.iter().find(|x| x.id == tid));
            let fields = broedplaats_store::ThemeFields {
                title: &t.title,
                level: t.level.map(|l| l.code()),
                introduction: &t.introduction,
                questions_json: &questions,
                funding: existing.and_then(|x| x.funding.as_deref()),
            };
            let theme_id = match existing {
                Some(x) => {
                    agenda_q::update_theme(&mut tx, tenant, x.id, &fields).await?;
                    x.id
                }
                None => {
                    let tid = agenda_q::insert_theme(&mut tx, tenant, agenda.id, &fields).await?;
                    q::set_cluster_theme(&mut tx, tenant, c.id, tid).await?;
                    tid
                }
            };
            replace_options(&mut tx, tenant, theme_id, &t.project_options).await?;
        }
        let present = agenda_q::cross_cutting(&mut tx, tenant, agenda.id).await?;
        let mut position = present.len() as i64;
        for concern in q::concerns(&mut tx, tenant, id).await? {
            if !present.iter().any(|p| p.title.to_lowercase() == concern.title.to_lowercase()) {
                position += 1;
                agenda_q::insert_cross_cutting(
                    &mut tx,
                    tenant,
                    agenda.id,
                    &concern.title,
                    &concern.description,
                    position,
                )
                .await?;
            }
        }
        let note = format!("Conceptagenda uit het co-creatieproces ‘{}’", row.title);
        let version = record_version(&mut tx, tenant, actor, &note, Some(AgendaStatus::Concept)).await?;
        q::set_concept_version(&mut tx, tenant, id, version).await?;
        event(&mut tx, tenant, id, "concept", &format!("Conceptagenda geschreven (versie {version})"), actor).await?;
        if phase == Phase::Elaborating {
            enter_phase(&mut tx, tenant, &row, Phase::Concept, actor).await?;
        }
        commit(tx).await?;
        Ok(version)
    }

    /// Proposes a new text for one section of a theme of the concept (members, while amending).
    pub async fn propose_amendment(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &AmendmentInput,
    ) -> Result<i64> {
        let actor = require_member(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        require_phase(&row, &[Phase::Amending], "cocreation.refused.not_amending")?;
        let mut e = FieldErrors::new();
        let section = AmendmentSection::parse(input.section.trim()).map_err(|k| e.push("section", k)).ok();
        let proposed = match section {
            Some(AmendmentSection::Title) => text::<{ agenda_limits::TITLE }>(&mut e, "text", &input.text),
            Some(AmendmentSection::Introduction) => {
                text::<{ agenda_limits::INTRODUCTION }>(&mut e, "text", &input.text)
            }
            Some(AmendmentSection::Questions | AmendmentSection::ProjectOptions) | None => {
                text::<{ agenda_limits::INTRODUCTION }>(&mut e, "text", &input.text)
            }
        };
        let reason = text::<{ limits::REASON }>(&mut e, "reason", &input.reason);
        let themes = agenda_q::themes(&mut tx, tenant, row.agenda_id).await?;
        let theme = themes.iter().find(|t| t.id == input.theme_id);
        if theme.is_none() {
            e.push("theme_id", FieldErrorKind::Invalid);
        }
        done(e)?;
        let (Some(section), Some(theme)) = (section, theme) else { return Err(CoreError::NotFound) };
        let org = own_organisation(&mut tx, tenant, actor.account_id).await?;
        let aid = q::insert_amendment(
            &mut tx,
            tenant,
            id,
            &q::NewAmendment {
                theme_id: theme.id,
                theme_title: &theme.title,
                section: section.code(),
                text: &proposed,
                reason: &reason,
                author: who(actor),
                organisation_name: org.as_ref().map(|o| o.1.as_str()),
            },
        )
        .await?;
        event(&mut tx, tenant, id, "amendment", &format!("Amendement op ‘{}’ ingediend", theme.title), actor).await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("amendment", aid),
            "create",
            None,
            Some(&serde_json::json!({ "theme_id": theme.id, "section": section.code() })),
        )
        .await?;
        commit(tx).await?;
        Ok(aid)
    }

    /// Answers an amendment (coordinator or lector, while amending). An accepted amendment — or
    /// the `text` of a partly accepted one — changes the theme in a new agenda version; a
    /// rejected one stays visible with its answer.
    pub async fn answer_amendment(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        amendment_id: i64,
        input: &AnswerInput,
    ) -> Result<Option<i64>> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        let amendment = q::amendments(&mut tx, tenant, id)
            .await?
            .into_iter()
            .find(|a| a.id == amendment_id)
            .ok_or(CoreError::NotFound)?;
        require_phase(&row, &[Phase::Amending], "cocreation.refused.not_amending")?;
        if amendment.decision.is_some() {
            return Err(refused("decision", "cocreation.refused.answered"));
        }
        let mut e = FieldErrors::new();
        let decision = AmendmentDecision::parse(input.decision.trim()).map_err(|k| e.push("decision", k)).ok();
        let answer = text::<{ limits::REASON }>(&mut e, "answer", &input.answer);
        let partial = optional_text::<{ agenda_limits::INTRODUCTION }>(&mut e, "text", input.text.as_deref());
        done(e)?;
        let Some(decision) = decision else { return Err(CoreError::NotFound) };
        let applied = match decision {
            AmendmentDecision::Accepted => Some(amendment.text.clone()),
            AmendmentDecision::PartlyAccepted if !partial.is_empty() => Some(partial),
            _ => None,
        };
        let section = AmendmentSection::parse(&amendment.section).map_err(|_| corrupt("section"))?;
        let version = match &applied {
            Some(new_text) => {
                agenda_locked(&mut tx, tenant, &row).await?;
                let theme_id =
                    amendment.theme_id.ok_or_else(|| refused("theme_id", "cocreation.refused.theme_gone"))?;
                apply(&mut tx, tenant, theme_id, section, new_text).await?;
                let note = format!("Amendement van {} op ‘{}’ verwerkt", amendment.author_name, amendment.theme_title);
                Some(record_version(&mut tx, tenant, actor, &note, Some(AgendaStatus::Concept)).await?)
            }
            None => None,
        };
        q::answer_amendment(
            &mut tx,
            tenant,
            amendment_id,
            &q::Answer {
                decision: decision.code(),
                answer: &answer,
                applied_text: applied.as_deref(),
                applied_version: version,
                by: &actor.name,
            },
        )
        .await?;
        let words = match decision {
            AmendmentDecision::Accepted => "overgenomen",
            AmendmentDecision::PartlyAccepted => "deels overgenomen",
            AmendmentDecision::Rejected => "niet overgenomen",
        };
        event(
            &mut tx,
            tenant,
            id,
            "answer",
            &format!("Amendement van {} op ‘{}’ {words}", amendment.author_name, amendment.theme_title),
            actor,
        )
        .await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("amendment", amendment_id),
            "update",
            None,
            Some(&serde_json::json!({ "decision": decision.code(), "version": version })),
        )
        .await?;
        commit(tx).await?;
        Ok(version)
    }

    /// The amendments of a process with their answers (members).
    pub async fn amendments(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<Vec<AmendmentView>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load(&mut conn, tenant, id).await?;
        q::amendments(&mut conn, tenant, id).await?.into_iter().map(amendment_view).collect()
    }

    /// Adopts the agenda (coordinator or lector, while amending, every amendment answered): a new
    /// agenda version with status definitief. Returns its number.
    pub async fn adopt(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        require_phase(&row, &[Phase::Amending], "cocreation.refused.not_amending")?;
        if q::amendments(&mut tx, tenant, id).await?.iter().any(|a| a.decision.is_none()) {
            return Err(refused("amendments", "cocreation.refused.open_amendments"));
        }
        agenda_locked(&mut tx, tenant, &row).await?;
        let note = format!("Agenda vastgesteld na het co-creatieproces ‘{}’", row.title);
        let version = record_version(&mut tx, tenant, actor, &note, Some(AgendaStatus::Definitief)).await?;
        q::set_adopted_version(&mut tx, tenant, id, version).await?;
        event(&mut tx, tenant, id, "adopted", &format!("Agenda vastgesteld (versie {version})"), actor).await?;
        enter_phase(&mut tx, tenant, &row, Phase::Adopted, actor).await?;
        commit(tx).await?;
        Ok(version)
    }
}

/// Writes `text` into one section of a theme.
async fn apply(conn: &mut Conn, tenant: &Tenant, theme_id: i64, section: AmendmentSection, text: &str) -> Result<()> {
    let theme = agenda_q::theme(conn, tenant, theme_id)
        .await?
        .ok_or_else(|| refused("theme_id", "cocreation.refused.theme_gone"))?;
    let split = |e: &mut FieldErrors, max: usize| -> Vec<String> {
        let raw: Vec<String> = text.lines().map(str::to_owned).collect();
        lines::<{ agenda_limits::INTRODUCTION }>(e, "text", &raw, max)
    };
    let mut e = FieldErrors::new();
    let (mut title, mut introduction, mut questions) =
        (theme.title.clone(), theme.introduction.clone(), theme.questions.clone());
    match section {
        AmendmentSection::Title => title = text.to_owned(),
        AmendmentSection::Introduction => introduction = text.to_owned(),
        AmendmentSection::Questions => {
            questions = crate::kernel::audit::json(&split(&mut e, agenda_limits::QUESTIONS))?
        }
        AmendmentSection::ProjectOptions => {
            let options = split(&mut e, agenda_limits::PROJECT_OPTIONS);
            done(e)?;
            return replace_options(conn, tenant, theme_id, &options).await;
        }
    }
    done(e)?;
    let fields = broedplaats_store::ThemeFields {
        title: &title,
        level: theme.level.as_deref(),
        introduction: &introduction,
        questions_json: &questions,
        funding: theme.funding.as_deref(),
    };
    agenda_q::update_theme(conn, tenant, theme_id, &fields).await?;
    Ok(())
}

pub(super) fn amendment_view(a: q::AmendmentRow) -> Result<AmendmentView> {
    Ok(AmendmentView {
        id: a.id,
        theme_id: a.theme_id,
        theme_title: a.theme_title,
        section: AmendmentSection::parse(&a.section).map_err(|_| corrupt("section"))?,
        text: a.text,
        reason: a.reason,
        author: a.author_name,
        organisation: a.organisation_name,
        created_at: a.created_at,
        decision: a.decision.as_deref().map(AmendmentDecision::parse).transpose().map_err(|_| corrupt("decision"))?,
        answer: a.answer,
        applied_text: a.applied_text,
        applied_version: a.applied_version,
        answered_by: a.answered_by_name,
        answered_at: a.answered_at,
    })
}

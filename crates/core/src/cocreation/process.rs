//! Starting a process, reading it, planning its phases and moving it on.
use super::*;
use crate::Core;
use crate::kernel::actor::{Access, access, require_agenda_editor, require_member};
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use broedplaats_domain::cocreation_limits as limits;
use broedplaats_store::agenda as agenda_q;
use chrono::NaiveDate;

impl Core {
    /// Starts a co-creation process for the current agenda (coordinator or lector).
    pub async fn create_process(&self, actor: Option<&Actor>, tenant: &Tenant, input: &ProcessInput) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut e = FieldErrors::new();
        let title = text::<{ limits::TITLE }>(&mut e, "title", &input.title);
        let description = optional_text::<{ limits::EXPLANATION }>(&mut e, "description", input.description.as_deref());
        let points = input.points_per_participant.unwrap_or(limits::DEFAULT_POINTS);
        if !(1..=limits::MAX_POINTS).contains(&points) {
            e.push("points_per_participant", FieldErrorKind::Refused { key: "cocreation.refused.points_range" });
        }
        let mut tx = self.store.begin().await?;
        let agenda = agenda_q::current(&mut tx, tenant).await?.ok_or(CoreError::NotFound)?;
        if let Some(period) = input.period.as_deref().map(str::trim).filter(|p| !p.is_empty())
            && period != agenda.period
        {
            e.push("period", FieldErrorKind::Refused { key: "cocreation.refused.period" });
        }
        done(e)?;
        let phases: Vec<&str> = Phase::ALL.iter().map(|p| p.code()).collect();
        let id = q::insert_process(
            &mut tx,
            tenant,
            &q::NewProcess {
                agenda_id: agenda.id,
                title: &title,
                description: &description,
                points_per_participant: points,
                anonymous_votes: input.anonymous_votes.unwrap_or(true),
                created_by: actor.account_id,
                phases: &phases,
            },
        )
        .await
        .map_err(crate::kernel::tx::conflict_on("title"))?;
        event(&mut tx, tenant, id, "created", &format!("Proces ‘{title}’ gestart"), actor).await?;
        audit(&mut tx, tenant, actor, ("cocreation", id), "create", None, Some(&serde_json::json!({ "title": title })))
            .await?;
        commit(tx).await?;
        Ok(id)
    }

    /// The processes of a werkplaats, newest first (members).
    pub async fn processes(&self, actor: Option<&Actor>, tenant: &Tenant) -> Result<Vec<ProcessSummary>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let period = agenda_q::current(&mut conn, tenant).await?.map(|a| a.period).unwrap_or_default();
        let rows = q::processes(&mut conn, tenant).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let pitches = q::pitches(&mut conn, tenant, row.id).await?.len();
            out.push(ProcessSummary {
                id: row.id,
                phase: phase_of(&row)?,
                title: row.title,
                period: period.clone(),
                pitches,
                created_at: row.created_at,
            });
        }
        Ok(out)
    }

    /// One process with its phases (members).
    pub async fn process(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ProcessView> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let row = load(&mut conn, tenant, id).await?;
        process_view(&mut conn, tenant, row, access(actor, tenant) == Access::Manager).await
    }

    /// Changes the title, description or voting rules (coordinator or lector). The points can
    /// no longer change once voting has begun.
    pub async fn update_process(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &ProcessInput,
    ) -> Result<()> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        let phase = require_phase(&row, &Phase::ALL[..6], "cocreation.refused.adopted")?;
        let mut e = FieldErrors::new();
        let title = text::<{ limits::TITLE }>(&mut e, "title", &input.title);
        let description = optional_text::<{ limits::EXPLANATION }>(&mut e, "description", input.description.as_deref());
        let points = input.points_per_participant.unwrap_or(row.points_per_participant);
        if !(1..=limits::MAX_POINTS).contains(&points) {
            e.push("points_per_participant", FieldErrorKind::Refused { key: "cocreation.refused.points_range" });
        } else if points != row.points_per_participant && phase >= Phase::Prioritising {
            e.push("points_per_participant", FieldErrorKind::Refused { key: "cocreation.refused.points_fixed" });
        }
        done(e)?;
        let anonymous = input.anonymous_votes.unwrap_or(row.anonymous_votes != 0);
        q::update_process(&mut tx, tenant, id, &title, &description, points, anonymous)
            .await
            .map_err(crate::kernel::tx::conflict_on("title"))?;
        audit(&mut tx, tenant, actor, ("cocreation", id), "update", None, Some(&serde_json::json!({ "title": title })))
            .await?;
        commit(tx).await
    }

    /// Plans one phase: its dates and explanation (coordinator or lector).
    pub async fn plan_phase(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        phase: &str,
        input: &PhasePlanInput,
    ) -> Result<()> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut e = FieldErrors::new();
        let phase = Phase::parse(phase).map_err(|k| FieldErrors::single("phase", k))?;
        let date = |e: &mut FieldErrors, field: &str, raw: Option<&str>| -> Option<NaiveDate> {
            let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
            NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| e.push(field, FieldErrorKind::Invalid)).ok()
        };
        let starts = date(&mut e, "starts_on", input.starts_on.as_deref());
        let ends = date(&mut e, "ends_on", input.ends_on.as_deref());
        if let (Some(s), Some(t)) = (starts, ends)
            && t < s
        {
            e.push("ends_on", FieldErrorKind::Refused { key: "cocreation.refused.ends_before_start" });
        }
        let explanation = optional_text::<{ limits::EXPLANATION }>(&mut e, "explanation", Some(&input.explanation));
        done(e)?;
        let mut tx = self.store.begin().await?;
        load_locked(&mut tx, tenant, id).await?;
        let fmt = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let (starts, ends) = (fmt(starts), fmt(ends));
        q::update_phase_plan(&mut tx, tenant, id, phase.code(), starts.as_deref(), ends.as_deref(), &explanation)
            .await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("cocreation", id),
            "update",
            None,
            Some(&serde_json::json!({ "phase": phase.code(), "starts_on": starts, "ends_on": ends })),
        )
        .await?;
        commit(tx).await
    }

    /// Moves the process to its next phase (coordinator or lector). Only the next phase is
    /// allowed; moving to `concept` writes the concept agenda if there is none yet, and moving to
    /// `adopted` adopts the agenda. Participants get an email.
    pub async fn set_phase(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &PhaseInput,
    ) -> Result<Phase> {
        let target = Phase::parse(input.phase.trim()).map_err(|k| FieldErrors::single("phase", k))?;
        match target {
            Phase::Adopted => {
                self.adopt(actor, tenant, id).await?;
                return Ok(Phase::Adopted);
            }
            Phase::Concept => {
                self.create_concept(actor, tenant, id).await?;
                return Ok(Phase::Concept);
            }
            _ => {}
        }
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        let current = phase_of(&row)?;
        if current == Phase::Adopted {
            return Err(refused("phase", "cocreation.refused.adopted"));
        }
        if current.next() != Some(target) {
            return Err(refused("phase", "cocreation.refused.phase_order"));
        }
        if target == Phase::Amending && row.concept_version.is_none() {
            return Err(refused("phase", "cocreation.refused.no_concept"));
        }
        enter_phase(&mut tx, tenant, &row, target, actor).await?;
        commit(tx).await?;
        Ok(target)
    }
}

/// Records the move to `target`: the phase, an event, the audit entry and the participants' mail.
pub(super) async fn enter_phase(
    conn: &mut Conn,
    tenant: &Tenant,
    row: &ProcessRow,
    target: Phase,
    actor: &Actor,
) -> Result<()> {
    q::set_phase(conn, tenant, row.id, target.code()).await?;
    event(conn, tenant, row.id, "phase", &format!("Fase {}: {}", target.number(), phase_words(target)), actor).await?;
    audit(
        conn,
        tenant,
        actor,
        ("cocreation", row.id),
        "update",
        Some(&serde_json::json!({ "phase": row.phase })),
        Some(&serde_json::json!({ "phase": target.code() })),
    )
    .await?;
    super::jobs::enqueue_phase_mail(conn, tenant, row.id, target).await
}

/// The Dutch name of a phase, for events and mails.
pub fn phase_words(p: Phase) -> &'static str {
    match p {
        Phase::Pitching => "inventariseren",
        Phase::Clustering => "clusteren",
        Phase::Prioritising => "prioriteren",
        Phase::Elaborating => "uitwerken",
        Phase::Concept => "concept",
        Phase::Amending => "amenderen",
        Phase::Adopted => "vastgesteld",
    }
}

pub(super) async fn process_view(
    conn: &mut Conn,
    tenant: &Tenant,
    row: ProcessRow,
    may_manage: bool,
) -> Result<ProcessView> {
    let current = phase_of(&row)?;
    let phases = q::phases(conn, tenant, row.id)
        .await?
        .into_iter()
        .map(|p| {
            let phase = Phase::parse(&p.phase).map_err(|_| corrupt("phase"))?;
            Ok(PhaseView {
                phase,
                starts_on: p.starts_on,
                ends_on: p.ends_on,
                explanation: p.explanation,
                entered_at: p.entered_at,
                current: phase == current,
                done: phase < current,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let period = agenda_q::current(conn, tenant).await?.map(|a| a.period).unwrap_or_default();
    let pitches = q::pitches(conn, tenant, row.id).await?.len();
    let clusters = q::clusters(conn, tenant, row.id).await?.iter().filter(|c| c.status == "active").count();
    let amendments = q::amendments(conn, tenant, row.id).await?.len();
    Ok(ProcessView {
        id: row.id,
        title: row.title,
        description: row.description,
        period,
        phase: current,
        points_per_participant: row.points_per_participant,
        anonymous_votes: row.anonymous_votes != 0,
        concept_version: row.concept_version,
        adopted_version: row.adopted_version,
        phases,
        pitches,
        clusters,
        amendments,
        created_at: row.created_at,
        may_manage,
    })
}

//! Pitches: submitting, editing (by their authors, while pitching), co-pitching and supporting,
//! and why a pitch was not taken up.
use super::*;
use crate::Core;
use crate::kernel::actor::{require_agenda_editor, require_member};
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use broedplaats_domain::{PitchRole, cocreation_limits as limits};
use std::collections::HashMap;

#[derive(serde::Serialize, serde::Deserialize)]
struct Snapshot {
    title: String,
    question: String,
    why: String,
    for_whom: String,
    organisation: Option<String>,
}

struct Parsed {
    title: String,
    question: String,
    why: String,
    for_whom: String,
    organisation: Option<(i64, String)>,
}

/// Resolves "a name or id of an organisation of the werkplaats".
pub(super) async fn organisation(
    conn: &mut Conn,
    tenant: &Tenant,
    e: &mut FieldErrors,
    raw: Option<&str>,
) -> Result<Option<(i64, String)>> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else { return Ok(None) };
    let all = broedplaats_store::organisation::all_organisation_names(conn, tenant).await?;
    let found = match raw.parse::<i64>() {
        Ok(id) => all.into_iter().find(|(i, _)| *i == id),
        Err(_) => all.into_iter().find(|(_, n)| n.to_lowercase() == raw.to_lowercase()),
    };
    if found.is_none() {
        e.push("organisation", FieldErrorKind::Refused { key: "cocreation.refused.organisation" });
    }
    Ok(found)
}

async fn parse(conn: &mut Conn, tenant: &Tenant, input: &PitchInput) -> Result<Parsed> {
    let mut e = FieldErrors::new();
    let title = text::<{ limits::TITLE }>(&mut e, "title", &input.title);
    let question = text::<{ limits::TEXT }>(&mut e, "question", &input.question);
    let why = optional_text::<{ limits::TEXT }>(&mut e, "why", input.why.as_deref());
    let for_whom = optional_text::<{ limits::TEXT }>(&mut e, "for_whom", input.for_whom.as_deref());
    let organisation = organisation(conn, tenant, &mut e, input.organisation.as_deref()).await?;
    done(e)?;
    Ok(Parsed { title, question, why, for_whom, organisation })
}

fn snapshot(p: &Parsed) -> Result<String> {
    crate::kernel::audit::json(&Snapshot {
        title: p.title.clone(),
        question: p.question.clone(),
        why: p.why.clone(),
        for_whom: p.for_whom.clone(),
        organisation: p.organisation.as_ref().map(|o| o.1.clone()),
    })
}

/// The organisation of an account's person record in the werkplaats.
pub(super) async fn own_organisation(
    conn: &mut Conn,
    tenant: &Tenant,
    account_id: i64,
) -> Result<Option<(i64, String)>> {
    Ok(q::account_organisations(conn, tenant)
        .await?
        .into_iter()
        .find(|(a, ..)| *a == account_id)
        .map(|(_, id, name, _)| (id, name)))
}

impl Core {
    /// Submits a pitch in the pitching phase (members). The caller is its author.
    pub async fn submit_pitch(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &PitchInput,
    ) -> Result<i64> {
        let actor = require_member(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        require_phase(&row, &[Phase::Pitching], "cocreation.refused.not_pitching")?;
        let p = parse(&mut tx, tenant, input).await?;
        if q::pitches(&mut tx, tenant, id).await?.len() >= limits::PITCHES_PER_PROCESS {
            return Err(refused("title", "cocreation.refused.too_many_pitches"));
        }
        let own = own_organisation(&mut tx, tenant, actor.account_id).await?;
        let fields = q::PitchFields {
            title: &p.title,
            question: &p.question,
            why: &p.why,
            for_whom: &p.for_whom,
            organisation_id: p.organisation.as_ref().map(|o| o.0),
        };
        let pitch = q::insert_pitch(&mut tx, tenant, id, &fields, false, None).await?;
        q::insert_pitch_person(
            &mut tx,
            tenant,
            pitch,
            Some(actor.account_id),
            &actor.name,
            own.map(|o| o.0),
            PitchRole::Author.code(),
        )
        .await?;
        q::insert_pitch_version(&mut tx, tenant, pitch, &snapshot(&p)?, who(actor)).await?;
        event(&mut tx, tenant, id, "pitch", &format!("Pitch ‘{}’ ingediend", p.title), actor).await?;
        audit(&mut tx, tenant, actor, ("pitch", pitch), "create", None, Some(&serde_json::json!({ "title": p.title })))
            .await?;
        commit(tx).await?;
        Ok(pitch)
    }

    /// Changes a pitch (its authors and co-pitchers, while pitching); the old text stays as a version.
    pub async fn update_pitch(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        pitch_id: i64,
        input: &PitchInput,
    ) -> Result<()> {
        let actor = require_member(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        let old = q::pitch(&mut tx, tenant, id, pitch_id).await?.ok_or(CoreError::NotFound)?;
        let people = q::pitch_people(&mut tx, tenant, id).await?;
        let is_author = people.iter().any(|p| {
            p.pitch_id == pitch_id && p.account_id == Some(actor.account_id) && p.role != PitchRole::Supporter.code()
        });
        if !is_author {
            return Err(CoreError::Forbidden);
        }
        require_phase(&row, &[Phase::Pitching], "cocreation.refused.pitch_closed")?;
        let p = parse(&mut tx, tenant, input).await?;
        let fields = q::PitchFields {
            title: &p.title,
            question: &p.question,
            why: &p.why,
            for_whom: &p.for_whom,
            organisation_id: p.organisation.as_ref().map(|o| o.0),
        };
        q::update_pitch(&mut tx, tenant, pitch_id, &fields).await?;
        q::insert_pitch_version(&mut tx, tenant, pitch_id, &snapshot(&p)?, who(actor)).await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("pitch", pitch_id),
            "update",
            Some(&serde_json::json!({ "title": old.title, "question": old.question })),
            Some(&serde_json::json!({ "title": p.title, "question": p.question })),
        )
        .await?;
        commit(tx).await
    }

    /// Joins a pitch as co-pitcher or supporter (members, while pitching); `None` withdraws.
    pub async fn join_pitch(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        pitch_id: i64,
        role: Option<PitchRole>,
    ) -> Result<()> {
        let actor = require_member(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        let pitch = q::pitch(&mut tx, tenant, id, pitch_id).await?.ok_or(CoreError::NotFound)?;
        require_phase(&row, &[Phase::Pitching], "cocreation.refused.pitch_closed")?;
        let people = q::pitch_people(&mut tx, tenant, id).await?;
        let mine = people.iter().find(|p| p.pitch_id == pitch_id && p.account_id == Some(actor.account_id));
        if mine.is_some_and(|p| p.role == PitchRole::Author.code()) {
            return Err(refused("role", "cocreation.refused.own_pitch"));
        }
        q::remove_pitch_person(&mut tx, tenant, pitch_id, actor.account_id).await?;
        let summary = match role {
            Some(PitchRole::Author) => return Err(FieldErrors::single("role", FieldErrorKind::Invalid).into()),
            Some(r) => {
                let own = own_organisation(&mut tx, tenant, actor.account_id).await?;
                q::insert_pitch_person(
                    &mut tx,
                    tenant,
                    pitch_id,
                    Some(actor.account_id),
                    &actor.name,
                    own.map(|o| o.0),
                    r.code(),
                )
                .await?;
                format!(
                    "{} {} pitch ‘{}’",
                    actor.name,
                    if r == PitchRole::CoPitcher { "pitcht mee met" } else { "steunt" },
                    pitch.title
                )
            }
            None => format!("{} trekt steun in voor pitch ‘{}’", actor.name, pitch.title),
        };
        event(&mut tx, tenant, id, "support", &summary, actor).await?;
        commit(tx).await
    }

    /// The pitches of a process with their people and current cluster (members).
    pub async fn pitches(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<Vec<PitchView>> {
        let actor = require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let row = load(&mut conn, tenant, id).await?;
        pitch_views(&mut conn, tenant, &row, Some(actor)).await
    }

    /// One pitch with its versions and the clusters it has been in (members).
    pub async fn pitch(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64, pitch_id: i64) -> Result<PitchDetail> {
        let actor = require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        let row = load(&mut conn, tenant, id).await?;
        let pitch = pitch_views(&mut conn, tenant, &row, Some(actor))
            .await?
            .into_iter()
            .find(|p| p.id == pitch_id)
            .ok_or(CoreError::NotFound)?;
        let versions = q::pitch_versions(&mut conn, tenant, pitch_id)
            .await?
            .into_iter()
            .map(|v| {
                let s: Snapshot = serde_json::from_str(&v.snapshot).map_err(|_| corrupt("pitch version"))?;
                Ok(PitchVersionView {
                    number: v.number,
                    title: s.title,
                    question: s.question,
                    why: s.why,
                    for_whom: s.for_whom,
                    organisation: s.organisation,
                    author: v.author_name,
                    recorded_at: v.created_at,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let titles: HashMap<i64, String> =
            q::clusters(&mut conn, tenant, id).await?.into_iter().map(|c| (c.id, c.title)).collect();
        let history = q::memberships(&mut conn, tenant, id)
            .await?
            .into_iter()
            .filter(|m| m.pitch_id == pitch_id)
            .map(|m| membership_view(m, &titles))
            .collect();
        Ok(PitchDetail { pitch, versions, history })
    }

    /// Records why a pitch was not taken up (coordinator or lector); empty clears it.
    pub async fn set_pitch_reason(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        pitch_id: i64,
        input: &ReasonInput,
    ) -> Result<()> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut e = FieldErrors::new();
        let reason = optional_text::<{ limits::REASON }>(&mut e, "reason", Some(&input.reason));
        done(e)?;
        let mut tx = self.store.begin().await?;
        load_locked(&mut tx, tenant, id).await?;
        q::pitch(&mut tx, tenant, id, pitch_id).await?.ok_or(CoreError::NotFound)?;
        let reason = Some(reason.as_str()).filter(|r| !r.is_empty());
        q::set_pitch_reason(&mut tx, tenant, pitch_id, reason).await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("pitch", pitch_id),
            "update",
            None,
            Some(&serde_json::json!({ "reason": reason })),
        )
        .await?;
        commit(tx).await
    }
}

pub(super) fn membership_view(m: q::MembershipRow, titles: &HashMap<i64, String>) -> MembershipView {
    MembershipView {
        cluster_title: titles.get(&m.cluster_id).cloned().unwrap_or_default(),
        cluster_id: m.cluster_id,
        pitch_id: m.pitch_id,
        added_at: m.added_at,
        added_by: m.added_by_name,
        removed_at: m.removed_at,
        removed_by: m.removed_by_name,
    }
}

/// Every pitch of a process as people see it: five queries, however many pitches.
pub(super) async fn pitch_views(
    conn: &mut Conn,
    tenant: &Tenant,
    row: &ProcessRow,
    actor: Option<&Actor>,
) -> Result<Vec<PitchView>> {
    let phase = phase_of(row)?;
    let pitches = q::pitches(conn, tenant, row.id).await?;
    let people = q::pitch_people(conn, tenant, row.id).await?;
    let clusters: HashMap<i64, String> =
        q::clusters(conn, tenant, row.id).await?.into_iter().map(|c| (c.id, c.title)).collect();
    let current: HashMap<i64, i64> = q::memberships(conn, tenant, row.id)
        .await?
        .into_iter()
        .filter(|m| m.removed_at.is_none())
        .map(|m| (m.pitch_id, m.cluster_id))
        .collect();
    let versions: HashMap<i64, i64> = q::latest_versions(conn, tenant, row.id).await?.into_iter().collect();
    let mut by_pitch: HashMap<i64, Vec<&q::PitchPersonRow>> = HashMap::new();
    for p in &people {
        by_pitch.entry(p.pitch_id).or_default().push(p);
    }
    pitches
        .into_iter()
        .map(|p| {
            let mine_people = by_pitch.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
            let refs = mine_people
                .iter()
                .map(|x| {
                    Ok(PersonRef {
                        name: x.name.clone(),
                        organisation: x.organisation_name.clone(),
                        role: PitchRole::parse(&x.role).map_err(|_| corrupt("pitch role"))?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let mine = actor.and_then(|a| {
                mine_people
                    .iter()
                    .find(|x| x.account_id == Some(a.account_id))
                    .and_then(|x| PitchRole::parse(&x.role).ok())
            });
            let cluster_id = current.get(&p.id).copied();
            Ok(PitchView {
                supporters: refs.iter().filter(|r| r.role == PitchRole::Supporter).count(),
                people: refs,
                cluster_title: cluster_id.and_then(|c| clusters.get(&c).cloned()),
                cluster_id,
                may_edit: phase == Phase::Pitching && matches!(mine, Some(PitchRole::Author | PitchRole::CoPitcher)),
                mine,
                version: versions.get(&p.id).copied().unwrap_or(1),
                id: p.id,
                title: p.title,
                question: p.question,
                why: p.why,
                for_whom: p.for_whom,
                organisation: p.organisation_name,
                not_taken_up_reason: p.not_taken_up_reason,
                illustrative: p.illustrative != 0,
                created_at: p.created_at,
            })
        })
        .collect()
}

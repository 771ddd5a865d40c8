//! Clustering: suggestions from the pitch texts, and the coordinator's clusters. A merge or a
//! split makes new clusters and closes the originals, which keep their history; a pitch is in
//! at most one active cluster (the database's partial unique index holds it to that).
use super::pitches::membership_view;
use super::*;
use crate::Core;
use crate::kernel::actor::{require_agenda_editor, require_member};
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use broedplaats_domain::{ThemeLevel, cocreation_limits as limits};
use std::collections::{BTreeSet, HashMap};

/// The text of a pitch the suggestion reads: all its fields (repeating the title made no
/// measurable difference; see `broedplaats_search::cluster`).
fn pitch_text(p: &q::PitchRow) -> String {
    format!("{}. {} {} {}", p.title, p.question, p.why, p.for_whom)
}

/// Checks that `ids` are distinct pitches of the process.
fn check_pitches(e: &mut FieldErrors, ids: &[i64], pitches: &[q::PitchRow]) {
    if !unique(ids) {
        e.push("pitch_ids", FieldErrorKind::Duplicate);
    } else if ids.iter().any(|id| !pitches.iter().any(|p| p.id == *id)) {
        e.push("pitch_ids", FieldErrorKind::Invalid);
    } else if ids.len() > limits::PITCHES_PER_CLUSTER {
        e.push("pitch_ids", FieldErrorKind::TooMany { max: limits::PITCHES_PER_CLUSTER });
    }
}

/// The current cluster of each pitch in a cluster.
async fn current_members(conn: &mut Conn, tenant: &Tenant, id: i64) -> Result<HashMap<i64, i64>> {
    Ok(q::memberships(conn, tenant, id)
        .await?
        .into_iter()
        .filter(|m| m.removed_at.is_none())
        .map(|m| (m.pitch_id, m.cluster_id))
        .collect())
}

async fn active_cluster(conn: &mut Conn, tenant: &Tenant, id: i64, cluster_id: i64) -> Result<q::ClusterRow> {
    let c = q::clusters(conn, tenant, id).await?.into_iter().find(|c| c.id == cluster_id).ok_or(CoreError::NotFound)?;
    if c.status != "active" {
        return Err(refused("cluster_id", "cocreation.refused.cluster_closed"));
    }
    Ok(c)
}

impl Core {
    /// Suggested clusters of every pitch of the process (members): each pitch in exactly one.
    pub async fn cluster_suggestions(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<Suggestions> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load(&mut conn, tenant, id).await?;
        let pitches = q::pitches(&mut conn, tenant, id).await?;
        drop(conn);
        let texts: Vec<(i64, String)> = pitches.iter().map(|p| (p.id, pitch_text(p))).collect();
        // Clustering is CPU work: off the async threads.
        let clusters = tokio::task::spawn_blocking(move || {
            let docs: Vec<(i64, &str)> = texts.iter().map(|(id, t)| (*id, t.as_str())).collect();
            broedplaats_search::suggest_clusters(&docs)
        })
        .await
        .map_err(|e| CoreError::Internal(e.to_string()))?;
        Ok(Suggestions {
            clusters: clusters.into_iter().map(|c| SuggestedCluster { label: c.label, pitch_ids: c.ids }).collect(),
        })
    }

    /// Every cluster of the process, active and closed, with lineage and text (members).
    pub async fn clusters(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<Vec<ClusterView>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load(&mut conn, tenant, id).await?;
        cluster_views(&mut conn, tenant, id).await
    }

    /// The membership history of the process: who put which pitch where, and when (members).
    pub async fn cluster_history(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
    ) -> Result<Vec<MembershipView>> {
        require_member(actor, tenant)?;
        let mut conn = self.store.conn().await?;
        load(&mut conn, tenant, id).await?;
        let titles: HashMap<i64, String> =
            q::clusters(&mut conn, tenant, id).await?.into_iter().map(|c| (c.id, c.title)).collect();
        Ok(q::memberships(&mut conn, tenant, id).await?.into_iter().map(|m| membership_view(m, &titles)).collect())
    }

    /// Makes a cluster of pitches that are in no cluster yet (coordinator or lector, while clustering).
    pub async fn create_cluster(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &ClusterInput,
        from_suggestion: bool,
    ) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        require_phase(&row, &[Phase::Clustering], "cocreation.refused.not_clustering")?;
        let mut e = FieldErrors::new();
        let title = text::<{ limits::TITLE }>(&mut e, "title", &input.title);
        let pitches = q::pitches(&mut tx, tenant, id).await?;
        check_pitches(&mut e, &input.pitch_ids, &pitches);
        done(e)?;
        let current = current_members(&mut tx, tenant, id).await?;
        if input.pitch_ids.iter().any(|p| current.contains_key(p)) {
            return Err(refused("pitch_ids", "cocreation.refused.pitch_in_other_cluster"));
        }
        let origin = if from_suggestion { "suggestion" } else { "manual" };
        let cid = q::insert_cluster(&mut tx, tenant, id, &title, origin, who(actor)).await?;
        for p in &input.pitch_ids {
            q::add_member(&mut tx, tenant, cid, *p, &actor.name).await?;
        }
        event(
            &mut tx,
            tenant,
            id,
            "cluster",
            &format!("Cluster ‘{title}’ gemaakt met {} pitches", input.pitch_ids.len()),
            actor,
        )
        .await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("cluster", cid),
            "create",
            None,
            Some(&serde_json::json!({ "title": title, "pitch_ids": input.pitch_ids })),
        )
        .await?;
        commit(tx).await?;
        Ok(cid)
    }

    /// Renames a cluster and/or sets its whole set of pitches (coordinator or lector). The set
    /// can change only while clustering; a pitch in another cluster is refused (move it first).
    pub async fn update_cluster(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        cluster_id: i64,
        input: &ClusterUpdate,
    ) -> Result<()> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        let cluster = active_cluster(&mut tx, tenant, id, cluster_id).await?;
        let mut e = FieldErrors::new();
        let title = input.title.as_deref().map(|t| text::<{ limits::TITLE }>(&mut e, "title", t));
        let pitches = q::pitches(&mut tx, tenant, id).await?;
        if let Some(ids) = &input.pitch_ids {
            check_pitches(&mut e, ids, &pitches);
        }
        done(e)?;
        if input.pitch_ids.is_some() {
            require_phase(&row, &[Phase::Clustering], "cocreation.refused.not_clustering")?;
        } else {
            require_phase(
                &row,
                &[Phase::Clustering, Phase::Prioritising, Phase::Elaborating],
                "cocreation.refused.cluster_frozen",
            )?;
        }
        if let Some(title) = &title
            && *title != cluster.title
        {
            q::rename_cluster(&mut tx, tenant, cluster_id, title).await?;
            event(&mut tx, tenant, id, "cluster", &format!("Cluster ‘{}’ heet nu ‘{title}’", cluster.title), actor)
                .await?;
        }
        if let Some(ids) = &input.pitch_ids {
            let current = current_members(&mut tx, tenant, id).await?;
            if ids.iter().any(|p| current.get(p).is_some_and(|c| *c != cluster_id)) {
                return Err(refused("pitch_ids", "cocreation.refused.pitch_in_other_cluster"));
            }
            let had: BTreeSet<i64> = current.iter().filter(|(_, c)| **c == cluster_id).map(|(p, _)| *p).collect();
            let wanted: BTreeSet<i64> = ids.iter().copied().collect();
            for p in had.difference(&wanted) {
                q::end_member(&mut tx, tenant, *p, &actor.name).await?;
            }
            for p in wanted.difference(&had) {
                q::add_member(&mut tx, tenant, cluster_id, *p, &actor.name).await?;
            }
            if had != wanted {
                let name = title.as_deref().unwrap_or(&cluster.title);
                event(&mut tx, tenant, id, "cluster", &format!("Pitches van cluster ‘{name}’ gewijzigd"), actor)
                    .await?;
            }
        }
        audit(
            &mut tx,
            tenant,
            actor,
            ("cluster", cluster_id),
            "update",
            Some(&serde_json::json!({ "title": cluster.title })),
            Some(&serde_json::json!({ "title": title, "pitch_ids": input.pitch_ids })),
        )
        .await?;
        commit(tx).await
    }

    /// Moves one pitch to another cluster, or out of any (`None`), while clustering.
    pub async fn move_pitch(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        pitch_id: i64,
        to: Option<i64>,
    ) -> Result<()> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        require_phase(&row, &[Phase::Clustering], "cocreation.refused.not_clustering")?;
        let pitch = q::pitch(&mut tx, tenant, id, pitch_id).await?.ok_or(CoreError::NotFound)?;
        let target = match to {
            Some(c) => Some(active_cluster(&mut tx, tenant, id, c).await?),
            None => None,
        };
        let current = current_members(&mut tx, tenant, id).await?;
        if current.get(&pitch_id).copied() == to {
            return Ok(());
        }
        q::end_member(&mut tx, tenant, pitch_id, &actor.name).await?;
        if let Some(c) = &target {
            q::add_member(&mut tx, tenant, c.id, pitch_id, &actor.name).await?;
        }
        let summary = match &target {
            Some(c) => format!("Pitch ‘{}’ naar cluster ‘{}’", pitch.title, c.title),
            None => format!("Pitch ‘{}’ uit zijn cluster gehaald", pitch.title),
        };
        event(&mut tx, tenant, id, "cluster", &summary, actor).await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("pitch", pitch_id),
            "update",
            Some(&serde_json::json!({ "cluster_id": current.get(&pitch_id) })),
            Some(&serde_json::json!({ "cluster_id": to })),
        )
        .await?;
        commit(tx).await
    }

    /// Merges active clusters into a new one; the originals stay, marked merged (while clustering).
    pub async fn merge_clusters(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &MergeInput,
    ) -> Result<i64> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        require_phase(&row, &[Phase::Clustering], "cocreation.refused.not_clustering")?;
        let mut e = FieldErrors::new();
        let title = text::<{ limits::TITLE }>(&mut e, "title", &input.title);
        if input.cluster_ids.len() < 2 || !unique(&input.cluster_ids) {
            e.push("cluster_ids", FieldErrorKind::Refused { key: "cocreation.refused.merge_two" });
        }
        done(e)?;
        let mut originals = Vec::new();
        for c in &input.cluster_ids {
            originals.push(active_cluster(&mut tx, tenant, id, *c).await?);
        }
        let current = current_members(&mut tx, tenant, id).await?;
        let new = q::insert_cluster(&mut tx, tenant, id, &title, "merge", who(actor)).await?;
        for c in &originals {
            q::insert_source(&mut tx, tenant, new, c.id).await?;
            let mut members: Vec<i64> = current.iter().filter(|(_, x)| **x == c.id).map(|(p, _)| *p).collect();
            members.sort_unstable();
            for p in members {
                q::end_member(&mut tx, tenant, p, &actor.name).await?;
                q::add_member(&mut tx, tenant, new, p, &actor.name).await?;
            }
            q::close_cluster(&mut tx, tenant, c.id, "merged").await?;
        }
        let names: Vec<String> = originals.iter().map(|c| format!("‘{}’", c.title)).collect();
        event(
            &mut tx,
            tenant,
            id,
            "merge",
            &format!("Clusters {} samengevoegd tot ‘{title}’", names.join(", ")),
            actor,
        )
        .await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("cluster", new),
            "create",
            None,
            Some(&serde_json::json!({ "title": title, "from": input.cluster_ids })),
        )
        .await?;
        commit(tx).await?;
        Ok(new)
    }

    /// Splits the chosen pitches off a cluster: two new clusters (the chosen ones, the rest); the
    /// original stays, marked split (while clustering). Returns the ids of both new clusters.
    pub async fn split_cluster(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        cluster_id: i64,
        input: &SplitInput,
    ) -> Result<(i64, i64)> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        let row = load_locked(&mut tx, tenant, id).await?;
        require_phase(&row, &[Phase::Clustering], "cocreation.refused.not_clustering")?;
        let original = active_cluster(&mut tx, tenant, id, cluster_id).await?;
        let mut e = FieldErrors::new();
        let title = text::<{ limits::TITLE }>(&mut e, "title", &input.title);
        let rest_title = match input.rest_title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => text::<{ limits::TITLE }>(&mut e, "rest_title", t),
            None => original.title.clone(),
        };
        let current = current_members(&mut tx, tenant, id).await?;
        let members: BTreeSet<i64> = current.iter().filter(|(_, c)| **c == cluster_id).map(|(p, _)| *p).collect();
        let chosen: BTreeSet<i64> = input.pitch_ids.iter().copied().collect();
        if !unique(&input.pitch_ids)
            || chosen.is_empty()
            || !chosen.is_subset(&members)
            || chosen.len() == members.len()
        {
            e.push("pitch_ids", FieldErrorKind::Refused { key: "cocreation.refused.split_part" });
        }
        done(e)?;
        let a = q::insert_cluster(&mut tx, tenant, id, &title, "split", who(actor)).await?;
        let b = q::insert_cluster(&mut tx, tenant, id, &rest_title, "split", who(actor)).await?;
        for new in [a, b] {
            q::insert_source(&mut tx, tenant, new, cluster_id).await?;
        }
        for p in &members {
            q::end_member(&mut tx, tenant, *p, &actor.name).await?;
            q::add_member(&mut tx, tenant, if chosen.contains(p) { a } else { b }, *p, &actor.name).await?;
        }
        q::close_cluster(&mut tx, tenant, cluster_id, "split").await?;
        event(
            &mut tx,
            tenant,
            id,
            "split",
            &format!("Cluster ‘{}’ gesplitst in ‘{title}’ en ‘{rest_title}’", original.title),
            actor,
        )
        .await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("cluster", cluster_id),
            "update",
            None,
            Some(&serde_json::json!({ "into": [a, b], "pitch_ids": input.pitch_ids })),
        )
        .await?;
        commit(tx).await?;
        Ok((a, b))
    }

    /// Records why a cluster was not taken up (coordinator or lector); empty clears it.
    pub async fn set_cluster_reason(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        cluster_id: i64,
        input: &ReasonInput,
    ) -> Result<()> {
        let actor = require_agenda_editor(actor, tenant)?;
        let mut e = FieldErrors::new();
        let reason = optional_text::<{ limits::REASON }>(&mut e, "reason", Some(&input.reason));
        done(e)?;
        let mut tx = self.store.begin().await?;
        load_locked(&mut tx, tenant, id).await?;
        q::clusters(&mut tx, tenant, id).await?.iter().find(|c| c.id == cluster_id).ok_or(CoreError::NotFound)?;
        let reason = Some(reason.as_str()).filter(|r| !r.is_empty());
        q::set_cluster_reason(&mut tx, tenant, cluster_id, reason).await?;
        audit(
            &mut tx,
            tenant,
            actor,
            ("cluster", cluster_id),
            "update",
            None,
            Some(&serde_json::json!({ "reason": reason })),
        )
        .await?;
        commit(tx).await
    }
}

pub(super) fn text_view(x: &q::TextRow) -> Result<TextView> {
    Ok(TextView {
        number: x.number,
        title: x.title.clone(),
        level: x.level.as_deref().map(ThemeLevel::parse).transpose().map_err(|_| corrupt("level"))?,
        introduction: x.introduction.clone(),
        questions: serde_json::from_str(&x.questions).map_err(|_| corrupt("questions"))?,
        project_options: serde_json::from_str(&x.project_options).map_err(|_| corrupt("project options"))?,
        author: x.author_name.clone(),
        recorded_at: x.created_at.clone(),
    })
}

/// Every cluster of a process with members, lineage, latest text and contributors.
pub(super) async fn cluster_views(conn: &mut Conn, tenant: &Tenant, id: i64) -> Result<Vec<ClusterView>> {
    let clusters = q::clusters(conn, tenant, id).await?;
    let sources = q::sources(conn, tenant, id).await?;
    let memberships = q::memberships(conn, tenant, id).await?;
    let texts = q::texts(conn, tenant, id).await?;
    clusters
        .into_iter()
        .map(|c| {
            let status = match c.status.as_str() {
                "active" => ClusterStatus::Active,
                "merged" => ClusterStatus::Merged,
                "split" => ClusterStatus::Split,
                _ => return Err(corrupt("cluster status")),
            };
            // An active cluster's current pitches; a closed one's pitches as it closed: those
            // that went on into the clusters made from it.
            let successors: Vec<i64> = sources.iter().filter(|(_, s)| *s == c.id).map(|(n, _)| *n).collect();
            let mut pitch_ids: Vec<i64> = memberships
                .iter()
                .filter(|m| m.cluster_id == c.id)
                .filter(|m| {
                    if status == ClusterStatus::Active {
                        m.removed_at.is_none()
                    } else {
                        memberships.iter().any(|n| n.pitch_id == m.pitch_id && successors.contains(&n.cluster_id))
                    }
                })
                .map(|m| m.pitch_id)
                .collect();
            pitch_ids.sort_unstable();
            pitch_ids.dedup();
            let mine: Vec<&q::TextRow> = texts.iter().filter(|x| x.cluster_id == c.id).collect();
            let mut contributors: Vec<String> = Vec::new();
            for x in &mine {
                if !contributors.contains(&x.author_name) {
                    contributors.push(x.author_name.clone());
                }
            }
            Ok(ClusterView {
                id: c.id,
                title: c.title,
                status,
                origin: c.origin,
                pitch_ids,
                source_ids: sources.iter().filter(|(n, _)| *n == c.id).map(|(_, s)| *s).collect(),
                successor_ids: successors,
                theme_id: c.theme_id,
                not_taken_up_reason: c.not_taken_up_reason,
                created_by: c.created_by_name,
                created_at: c.created_at,
                closed_at: c.closed_at,
                text: mine.last().map(|x| text_view(x)).transpose()?,
                contributors,
            })
        })
        .collect()
}

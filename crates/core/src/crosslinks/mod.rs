//! Cross-links (dwarsverbanden, DOMAIN §10): for a question or project of a werkplaats, similar
//! questions, projects and knowledge products in *other* werkplaatsen, found by the search
//! engine's more-like-this. The coordinator and lectoren of the werkplaats confirm or dismiss each
//! suggestion; confirmed links are shown on both sides, dismissed ones are no longer suggested,
//! and a decision can be changed. Everyone reads the links of what they may read, and sees only
//! the linked items they may read themselves.
use crate::kernel::actor::{Actor, may_read_question, require_manager};
use crate::kernel::audit::audit;
use crate::kernel::search::may_see;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{CrossLinkDecision, FieldErrorKind, FieldErrors};
use broedplaats_store::crosslinks as q;
use broedplaats_store::knowledge as kq;
use broedplaats_store::{Conn, Tenant, organisation, werkplaats};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most suggestions shown for one item.
pub const MAX_SUGGESTIONS: usize = 8;

/// What a link starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Question,
    Project,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Question => "question",
            Source::Project => "project",
        }
    }
}

const TARGET_KINDS: [&str; 3] = ["question", "project", "knowledge_product"];

/// A decision on a suggested link, as the API and the forms send it.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CrossLinkInput {
    /// question, project or knowledge_product
    pub target_kind: String,
    pub target_id: i64,
    /// confirmed or dismissed
    pub decision: String,
}

/// An item of another werkplaats, linked or suggested.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CrossLinkView {
    /// question, project or knowledge_product
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub url: String,
    pub werkplaats: String,
    pub werkplaats_name: String,
    /// suggested, confirmed or dismissed
    pub status: String,
    /// `from_here` (decided by this werkplaats) or `to_here` (confirmed by the other werkplaats).
    pub direction: String,
}

/// The cross-links of a question or project.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CrossLinksView {
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub url: String,
    pub werkplaats: String,
    /// Similar items in other werkplaatsen not yet decided on (for everyone; decisions only by
    /// the werkplaats's coordinator and lectoren).
    pub suggested: Vec<CrossLinkView>,
    /// Confirmed links, from here and to here.
    pub confirmed: Vec<CrossLinkView>,
    /// Dismissed suggestions (only for those who may decide, so they can change their mind).
    pub dismissed: Vec<CrossLinkView>,
    pub may_decide: bool,
}

/// An item's title and page, if `actor` may read it.
async fn readable(
    conn: &mut Conn,
    actor: Option<&Actor>,
    kind: &str,
    t: &Tenant,
    id: i64,
) -> Result<Option<(String, String)>> {
    let member = actor.is_some_and(|a| a.is_member(&t.slug));
    Ok(match kind {
        "question" => kq::question(conn, t, id)
            .await?
            .filter(|r| may_read_question(actor, &t.slug, &r.visibility, r.handed_national_at.is_some()))
            .map(|r| (r.title, format!("/werkplaatsen/{}/praktijkvragen/{id}", t.slug))),
        "project" => organisation::project(conn, t, id)
            .await?
            .filter(|p| p.visibility == "public" || member)
            .map(|p| (p.title, format!("/werkplaatsen/{}/projecten/{id}", t.slug))),
        "knowledge_product" => match kq::product(conn, t, id).await? {
            Some(p)
                if (p.status == "published" || member)
                    && may_see(conn, actor, &crate::knowledge::product_acl(t, &p.visibility, p.theme_group_id))
                        .await? =>
            {
                Some((p.title, format!("/werkplaatsen/{}/kennis/{id}", t.slug)))
            }
            _ => None,
        },
        _ => None,
    })
}

impl Core {
    /// The cross-links of a question or project; `NotFound` when the viewer may not read it.
    pub async fn cross_links(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        source: Source,
        id: i64,
    ) -> Result<CrossLinksView> {
        let mut conn = self.store.conn().await?;
        let (title, url) = readable(&mut conn, actor, source.code(), tenant, id).await?.ok_or(CoreError::NotFound)?;
        let may_decide = require_manager(actor, tenant).is_ok();
        let rows = q::links_of(&mut conn, tenant, source.code(), id).await?;
        let mut view = CrossLinksView {
            kind: source.code().into(),
            id,
            title,
            url,
            werkplaats: tenant.slug.clone(),
            suggested: Vec::new(),
            confirmed: Vec::new(),
            dismissed: Vec::new(),
            may_decide,
        };
        for r in &rows {
            let from_here = r.werkplaats == tenant.slug && r.source_kind == source.code() && r.source_id == id;
            let (slug, kind, other) = if from_here {
                (&r.target_werkplaats, &r.target_kind, r.target_id)
            } else {
                (&r.werkplaats, &r.source_kind, r.source_id)
            };
            let Some(t) = werkplaats::tenant(&mut conn, slug).await? else { continue };
            let Some((title, url)) = readable(&mut conn, actor, kind, &t, other).await? else { continue };
            let item = CrossLinkView {
                kind: kind.clone(),
                id: other,
                title,
                url,
                werkplaats: t.slug.clone(),
                werkplaats_name: t.name.clone(),
                status: r.status.clone(),
                direction: if from_here { "from_here" } else { "to_here" }.into(),
            };
            match (r.status.as_str(), from_here) {
                ("confirmed", _) if !view.confirmed.iter().any(|c| c.kind == item.kind && c.id == item.id) => {
                    view.confirmed.push(item)
                }
                ("confirmed", _) => {}
                (_, true) if may_decide => view.dismissed.push(item),
                _ => {}
            }
        }
        drop(conn);
        let decided = |kind: &str, id: i64| {
            rows.iter()
                .any(|r| (r.target_kind == kind && r.target_id == id) || (r.source_kind == kind && r.source_id == id))
        };
        // More than shown: hits of this werkplaats and of other kinds are dropped.
        let hits = match self.related_up_to(actor, source.code(), id, MAX_SUGGESTIONS * 3).await {
            Ok(h) => h,
            Err(CoreError::NotFound) => Vec::new(),
            Err(e) => return Err(e),
        };
        let mut conn = self.store.conn().await?;
        for h in hits {
            if view.suggested.len() >= MAX_SUGGESTIONS {
                break;
            }
            if h.werkplaats == tenant.slug || !TARGET_KINDS.contains(&h.doc_type.as_str()) || decided(&h.doc_type, h.id)
            {
                continue;
            }
            let Some(t) = werkplaats::tenant(&mut conn, &h.werkplaats).await? else { continue };
            view.suggested.push(CrossLinkView {
                kind: h.doc_type,
                id: h.id,
                title: h.title,
                url: h.url,
                werkplaats: t.slug.clone(),
                werkplaats_name: t.name.clone(),
                status: "suggested".into(),
                direction: "from_here".into(),
            });
        }
        Ok(view)
    }

    /// Confirms or dismisses a link from a question or project of `tenant` to an item of another
    /// werkplaats (coordinator and lectoren). Changing an earlier decision is allowed.
    pub async fn decide_cross_link(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        source: Source,
        id: i64,
        input: &CrossLinkInput,
    ) -> Result<()> {
        let actor = require_manager(actor, tenant)?;
        let mut tx = self.store.begin().await?;
        readable(&mut tx, Some(actor), source.code(), tenant, id).await?.ok_or(CoreError::NotFound)?;
        let mut e = FieldErrors::new();
        let decision = e.take("decision", CrossLinkDecision::parse(&input.decision));
        let kind = TARGET_KINDS.iter().copied().find(|k| *k == input.target_kind.trim());
        if kind.is_none() {
            e.push("target_kind", FieldErrorKind::UnknownValue { allowed: TARGET_KINDS.to_vec() });
        }
        // The target must be of another werkplaats and readable by the one who decides; unknown,
        // hidden and own items are answered alike.
        let mut target = None;
        if let Some(kind) = kind {
            if let Some(slug) = q::owner(&mut tx, kind, input.target_id).await?.filter(|s| *s != tenant.slug) {
                let t = werkplaats::tenant(&mut tx, &slug).await?.ok_or(CoreError::NotFound)?;
                if readable(&mut tx, Some(actor), kind, &t, input.target_id).await?.is_some() {
                    target = Some(t);
                }
            }
            if target.is_none() {
                e.push("target_id", FieldErrorKind::Invalid);
            }
        }
        let (Some(decision), Some(kind), Some(target)) = (decision, kind, target) else { return Err(e.into()) };
        let before = q::link(&mut tx, tenant, source.code(), id, kind, input.target_id).await?;
        q::decide(
            &mut tx,
            tenant,
            (source.code(), id),
            &target,
            (kind, input.target_id),
            decision.code(),
            actor.account_id,
        )
        .await?;
        let after = q::link(&mut tx, tenant, source.code(), id, kind, input.target_id).await?;
        let link_id = after.as_ref().map_or(0, |l| l.id);
        let action = if before.is_some() { "update" } else { "create" };
        audit(&mut tx, tenant, actor, ("cross_link", link_id), action, before.as_ref(), after.as_ref()).await?;
        commit(tx).await?;
        Ok(())
    }
}

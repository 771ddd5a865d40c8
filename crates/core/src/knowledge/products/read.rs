//! Showing and listing products to those who may see them.
use super::*;
use crate::kernel::actor::Actor;
use crate::kernel::search;
use crate::kernel::tx::current_theme_ids;
use crate::knowledge::documents::product_acl;
use crate::{Core, Result};
use broedplaats_store::Tenant;
use broedplaats_store::knowledge::{self as q, KnowledgeLinks};

impl Core {
    /// One product with everything pages show; drafts only for their editors.
    pub async fn product(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ProductView> {
        let mut conn = self.store.conn().await?;
        let p = load_readable(&mut conn, actor, tenant, id).await?;
        let may_edit = may_edit(&mut conn, actor, tenant, &p).await?;
        let may_review = may_review(&mut conn, actor, tenant, p.theme_group_id).await?;
        let project = crate::knowledge::project_of(&mut conn, actor, tenant, p.project_id).await?;
        Ok(ProductView {
            url: format!("/werkplaatsen/{}/kennis/{}", tenant.slug, p.id),
            werkplaats: tenant.slug.clone(),
            themes: named(q::linked(&mut conn, tenant, KnowledgeLinks::ProductThemes, id).await?),
            kwesties: named(q::linked(&mut conn, tenant, KnowledgeLinks::ProductKwesties, id).await?),
            people: named(q::linked(&mut conn, tenant, KnowledgeLinks::ProductPeople, id).await?),
            organisations: named(q::linked(&mut conn, tenant, KnowledgeLinks::ProductOrganisations, id).await?),
            files: q::files(&mut conn, tenant, id).await?.into_iter().map(|f| ProductFileView::of(tenant, f)).collect(),
            author_names: json_list(&p.author_names),
            audiences: json_list(&p.audiences),
            four_os: json_list(&p.four_os),
            links: json_list(&p.links),
            project,
            id: p.id,
            kind: p.kind,
            title: p.title,
            summary: p.summary,
            body: p.body,
            year: p.year,
            date: p.published_on,
            theme_group_id: p.theme_group_id,
            licence: p.licence,
            language: p.language,
            visibility: p.visibility,
            status: p.status,
            submitted_by: p.submitted_by,
            submitted_at: p.submitted_at,
            reviewed_by: p.reviewed_by,
            reviewed_at: p.reviewed_at,
            review_note: p.review_note,
            created_at: p.created_at,
            updated_at: p.updated_at,
            may_edit,
            may_review,
        })
    }

    /// Products of a werkplaats the viewer may see, newest change first: published ones by
    /// visibility, and drafts for those who may edit or review them. `cursor` continues a list.
    pub async fn products(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        drafts: bool,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<crate::kernel::paging::Paged<ProductLine>> {
        let limit = limit.clamp(1, 100);
        let mut conn = self.store.conn().await?;
        let tokens = search::viewer_tokens(&mut conn, actor).await?;
        let after = cursor.and_then(crate::kernel::paging::decode_cursor);
        let statuses: &[&str] = if drafts { &["concept", "review"] } else { &["published"] };
        let mut items = Vec::new();
        let mut next = after;
        // Rows the viewer may not see are skipped; read on until the page is full.
        'pages: loop {
            let rows =
                q::products(&mut conn, tenant, statuses, next.as_ref().map(|(a, i)| (a.as_str(), *i)), limit * 2)
                    .await?;
            let done = (rows.len() as i64) < limit * 2;
            for p in rows {
                next = Some((p.updated_at.clone(), p.id));
                let visible = if drafts {
                    may_edit(&mut conn, actor, tenant, &p).await?
                } else {
                    search::allowed(&tokens, &product_acl(tenant, &p.visibility, p.theme_group_id))
                };
                if visible {
                    items.push(line(tenant, p));
                    if items.len() as i64 == limit {
                        break 'pages;
                    }
                }
            }
            if done {
                next = None;
                break;
            }
        }
        let next_cursor = if items.len() as i64 == limit {
            next.map(|(at, id)| crate::kernel::paging::encode_cursor(&at, id))
        } else {
            None
        };
        Ok(crate::kernel::paging::Paged { items, next_cursor })
    }

    /// The products of a werkplaats offered for review that `actor` may publish or send back
    /// (managers: all; a themaleider: those of the theme groups they lead), oldest offer first.
    pub async fn products_to_review(&self, actor: &Actor, tenant: &Tenant) -> Result<Vec<ProductLine>> {
        let mut conn = self.store.conn().await?;
        let mut rows = q::products(&mut conn, tenant, &["review"], None, 500).await?;
        rows.reverse();
        let mut out = Vec::new();
        for p in rows {
            if may_review(&mut conn, Some(actor), tenant, p.theme_group_id).await? {
                out.push(line(tenant, p));
            }
        }
        Ok(out)
    }

    /// Whether the viewer may contribute products here.
    pub fn may_contribute(&self, actor: Option<&Actor>, tenant: &Tenant) -> bool {
        actor.is_some_and(|a| a.is_member(&tenant.slug))
    }

    /// The theme choices of the current agenda, for forms.
    pub async fn current_themes(&self, tenant: &Tenant) -> Result<Vec<Named>> {
        let mut conn = self.store.conn().await?;
        let ids = current_theme_ids(&mut conn, tenant).await.unwrap_or_default();
        let agenda = broedplaats_store::agenda::current(&mut conn, tenant).await?;
        let themes = match agenda {
            Some(a) => broedplaats_store::agenda::themes(&mut conn, tenant, a.id).await?,
            None => vec![],
        };
        Ok(themes.into_iter().filter(|t| ids.contains(&t.id)).map(|t| Named { id: t.id, name: t.title }).collect())
    }
}

fn line(tenant: &Tenant, p: q::ProductRow) -> ProductLine {
    ProductLine {
        url: format!("/werkplaatsen/{}/kennis/{}", tenant.slug, p.id),
        id: p.id,
        kind: p.kind,
        title: p.title,
        summary: p.summary,
        year: p.year,
        status: p.status,
        visibility: p.visibility,
        updated_at: p.updated_at,
    }
}

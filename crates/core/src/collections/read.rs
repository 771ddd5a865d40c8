//! Reading collections: one with the items the reader may see, and the list across werkplaatsen.
use super::{CollectionLine, CollectionPage, CollectionQuery, CollectionView, ItemView, may_read_programme};
use crate::kernel::actor::{Access, Actor, access};
use crate::kernel::search::plain_text;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{CollectionItemType, FieldErrorKind, FieldErrors};
use broedplaats_store::collections::{self as q, CollectionRow, ItemRow};
use broedplaats_store::{Tenant, werkplaats};

const PER_PAGE: i64 = 20;
const MAX_PER_PAGE: i64 = 50;
/// Characters of an item's summary on the reading list.
const SUMMARY: usize = 300;

/// `text` cut to `SUMMARY` characters at a word, with an ellipsis when cut.
fn short(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SUMMARY {
        return text;
    }
    let cut: String = text.chars().take(SUMMARY).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).to_owned();
    format!("{cut}…")
}

/// Whether `actor` may read the collection itself (its items are checked one by one).
pub(super) fn may_read(actor: Option<&Actor>, t: &Tenant, row: &CollectionRow) -> bool {
    row.visibility == "public" || may_read_programme(actor, t)
}

/// Whether `actor` may change the collection: its author while they may build here, or a
/// coordinator or lector of the werkplaats.
pub(super) fn may_edit(actor: Option<&Actor>, t: &Tenant, row: &CollectionRow) -> bool {
    let Some(a) = actor else { return false };
    access(Some(a), t) == Access::Manager
        || (row.author_account_id == Some(a.account_id) && super::may_build(a, &t.slug))
}

/// A hidden or missing item is `None`; other failures are errors.
fn visible<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(CoreError::NotFound | CoreError::Forbidden | CoreError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

impl Core {
    /// The item `(item_type, id)` as `actor` may see it: `None` when it does not exist or is hidden
    /// from them. The item's own capability decides.
    pub(super) async fn collection_item(
        &self,
        actor: Option<&Actor>,
        item_type: CollectionItemType,
        id: i64,
    ) -> Result<Option<ItemView>> {
        let owner = {
            let mut conn = self.store.conn().await?;
            match q::item_owner(&mut conn, item_type.code(), id).await? {
                Some(slug) => werkplaats::tenant(&mut conn, &slug).await?,
                None => None,
            }
        };
        let Some(t) = owner else { return Ok(None) };
        let found = match item_type {
            CollectionItemType::KnowledgeProduct => {
                visible(self.product(actor, &t, id).await)?.map(|p| (p.title, p.url, p.summary))
            }
            CollectionItemType::Approach => {
                visible(self.approach(actor, &t, id).await)?.map(|a| (a.title, a.url, a.summary))
            }
            CollectionItemType::Story => visible(self.story(actor, &t, id).await)?.map(|s| (s.title, s.url, s.text)),
            CollectionItemType::ActivityReport => match visible(self.activity(actor, &t, id).await)? {
                Some(a) => visible(self.report(actor, &t, id).await)?
                    .flatten()
                    .map(|r| (a.title, format!("/werkplaatsen/{}/activiteiten/{id}", t.slug), plain_text(&r.minutes))),
                None => None,
            },
        };
        Ok(found.map(|(title, url, summary)| ItemView {
            item_type: item_type.code().to_owned(),
            id,
            title,
            url,
            summary: short(&summary),
            note: String::new(),
            werkplaats: t.slug.clone(),
            added_at: String::new(),
        }))
    }

    /// The items of `rows` that `actor` may see, in order, with their notes.
    async fn visible_items(&self, actor: Option<&Actor>, rows: Vec<ItemRow>) -> Result<Vec<ItemView>> {
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let Ok(kind) = CollectionItemType::parse(&r.item_type) else { continue };
            if let Some(mut v) = self.collection_item(actor, kind, r.item_id).await? {
                v.note = r.note;
                v.added_at = r.added_at;
                out.push(v);
            }
        }
        Ok(out)
    }

    /// The tenant and row of collection `id`, if it exists.
    pub(super) async fn collection_row(&self, id: i64) -> Result<(Tenant, CollectionRow)> {
        let mut conn = self.store.conn().await?;
        let slug = q::owner(&mut conn, id).await?.ok_or(CoreError::NotFound)?;
        let t = werkplaats::tenant(&mut conn, &slug).await?.ok_or(CoreError::NotFound)?;
        let row = q::collection(&mut conn, &t, id).await?.ok_or(CoreError::NotFound)?;
        Ok((t, row))
    }

    /// One collection with the items `actor` may see; 404 for whoever may not read it.
    pub async fn collection(&self, actor: Option<&Actor>, id: i64) -> Result<CollectionView> {
        let (t, row) = self.collection_row(id).await?;
        if !may_read(actor, &t, &row) {
            return Err(CoreError::NotFound);
        }
        let rows = {
            let mut conn = self.store.conn().await?;
            q::items(&mut conn, &t, id).await?
        };
        let items = self.visible_items(actor, rows).await?;
        Ok(CollectionView {
            id,
            werkplaats: t.slug.clone(),
            werkplaats_name: t.name.clone(),
            may_edit: may_edit(actor, &t, &row),
            title: row.title,
            description: row.description,
            visibility: row.visibility,
            programme: row.programme,
            url: format!("/collecties/{id}"),
            items,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }

    /// Collections across werkplaatsen that `actor` may read, newest first, a page at a time.
    pub async fn collections(&self, actor: Option<&Actor>, query: &CollectionQuery) -> Result<CollectionPage> {
        let mut e = FieldErrors::new();
        let before_id = match query.cursor.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => 0,
            Some(c) => match c.parse::<i64>() {
                Ok(n) if n > 0 => n,
                _ => {
                    e.push("cursor", FieldErrorKind::Invalid);
                    0
                }
            },
        };
        let limit = query.limit.unwrap_or(PER_PAGE);
        if !(1..=MAX_PER_PAGE).contains(&limit) {
            e.push("limit", FieldErrorKind::Invalid);
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let wanted = query.werkplaats.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let mut conn = self.store.conn().await?;
        let mut all = Vec::new();
        for w in werkplaats::list(&mut conn).await? {
            if wanted.is_some_and(|s| s != w.slug) {
                continue;
            }
            let Some(t) = werkplaats::tenant(&mut conn, &w.slug).await? else { continue };
            let every = may_read_programme(actor, &t);
            for r in q::collections(&mut conn, &t, every, before_id, limit + 1).await? {
                all.push(CollectionLine {
                    id: r.id,
                    werkplaats: t.slug.clone(),
                    werkplaats_name: t.name.clone(),
                    title: r.title,
                    description: r.description,
                    visibility: r.visibility,
                    programme: r.programme,
                    url: format!("/collecties/{}", r.id),
                    updated_at: r.updated_at,
                });
            }
        }
        all.sort_by_key(|c| std::cmp::Reverse(c.id));
        let more = all.len() as i64 > limit;
        all.truncate(limit as usize);
        let next_cursor = if more { all.last().map(|c| c.id.to_string()) } else { None };
        Ok(CollectionPage { items: all, next_cursor })
    }

    /// An item by its type code as `actor` may see it (for the form): `None` for an unknown type,
    /// an unknown id or a hidden item.
    pub async fn readable_item(&self, actor: Option<&Actor>, item_type: &str, id: i64) -> Result<Option<ItemView>> {
        match CollectionItemType::parse(item_type) {
            Ok(kind) if id > 0 => self.collection_item(actor, kind, id).await,
            _ => Ok(None),
        }
    }

    /// What the form offers to add from a werkplaats: its published knowledge products, its
    /// approaches and its stories that `actor` may read, as (type, id, title), at most 100 each.
    pub async fn collection_choices(&self, actor: Option<&Actor>, t: &Tenant) -> Result<Vec<(String, i64, String)>> {
        let mut out = Vec::new();
        for p in self.products(actor, t, false, None, 100).await?.items {
            if p.status == "published" {
                out.push((CollectionItemType::KnowledgeProduct.code().to_owned(), p.id, p.title));
            }
        }
        let approaches = self.approaches(actor, t, &crate::knowledge::ApproachFilter::default()).await?;
        out.extend(
            approaches.into_iter().take(100).map(|a| (CollectionItemType::Approach.code().to_owned(), a.id, a.title)),
        );
        out.extend(
            self.stories(actor, t)
                .await?
                .into_iter()
                .take(100)
                .map(|s| (CollectionItemType::Story.code().to_owned(), s.id, s.title)),
        );
        Ok(out)
    }

    /// Whether `actor` may build a collection in some werkplaats (for the "new" button), and the
    /// werkplaatsen where they may.
    pub fn collection_werkplaatsen(&self, actor: Option<&Actor>) -> Vec<String> {
        let Some(a) = actor else { return Vec::new() };
        let mut out: Vec<String> = Vec::new();
        for (slug, _) in &a.roles {
            if super::may_build(a, slug) && !out.contains(slug) {
                out.push(slug.clone());
            }
        }
        out
    }
}

impl Core {
    /// The collections across werkplaatsen that `actor` may read and that hold a knowledge product
    /// of the theme (linked to it, or of a project in it) that `actor` may read too, newest first.
    pub async fn theme_collections(&self, actor: Option<&Actor>, theme_id: i64) -> Result<Vec<CollectionLine>> {
        let mut found = Vec::new();
        {
            let mut conn = self.store.conn().await?;
            for w in werkplaats::list(&mut conn).await? {
                let Some(t) = werkplaats::tenant(&mut conn, &w.slug).await? else { continue };
                let pairs = q::theme_products(&mut conn, &t, theme_id).await?;
                for (cid, pid) in pairs {
                    if let Some(row) = q::collection(&mut conn, &t, cid).await?
                        && may_read(actor, &t, &row)
                    {
                        found.push((t.clone(), row, pid));
                    }
                }
            }
        }
        let mut out: Vec<CollectionLine> = Vec::new();
        for (t, row, pid) in found {
            if out.iter().any(|c| c.id == row.id && c.werkplaats == t.slug) {
                continue;
            }
            if self.collection_item(actor, CollectionItemType::KnowledgeProduct, pid).await?.is_none() {
                continue;
            }
            out.push(CollectionLine {
                id: row.id,
                werkplaats: t.slug.clone(),
                werkplaats_name: t.name.clone(),
                title: row.title,
                description: row.description,
                visibility: row.visibility,
                programme: row.programme,
                url: format!("/collecties/{}", row.id),
                updated_at: row.updated_at,
            });
        }
        out.sort_by_key(|c| std::cmp::Reverse(c.id));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(short("kort  en\nklein"), "kort en klein");
        let long = "woord ".repeat(100);
        let s = short(&long);
        assert!(s.ends_with("woord…"), "{s}");
        assert!(s.chars().count() <= super::SUMMARY + 1);
    }
}

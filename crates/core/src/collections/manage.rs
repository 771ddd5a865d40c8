//! Building, changing and deleting collections. Every item is checked against what the author
//! may read before anything is written; one transaction per change.
use super::{CollectionInput, CollectionView, may_build};
use crate::kernel::actor::Actor;
use crate::kernel::audit::audit;
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{
    BoundedText, CollectionItemType, CollectionVisibility, FieldErrorKind, FieldErrors, collection_limits as lim,
};
use broedplaats_store::collections::{self as q, CollectionFields, ItemRow};
use broedplaats_store::{Tenant, now_text};

/// The message key of an item that does not exist or that the author may not read; the API and
/// the form name the item beside it.
pub const ITEM_UNAVAILABLE: &str = "coll.item.unavailable";

/// The input, parsed and checked.
struct Parsed {
    title: String,
    description: String,
    visibility: CollectionVisibility,
    programme: String,
    /// (type, id, note)
    items: Vec<(CollectionItemType, i64, String)>,
}

impl Core {
    async fn parse_collection(&self, actor: &Actor, input: &CollectionInput) -> Result<Parsed> {
        let mut e = FieldErrors::new();
        let title = e.take("title", BoundedText::<{ lim::TITLE }>::parse(&input.title));
        let description =
            e.take("description", BoundedText::<{ lim::DESCRIPTION }>::parse_optional(input.description.as_deref()));
        let visibility = e.take("visibility", CollectionVisibility::parse(&input.visibility));
        let programme =
            e.take("programme", BoundedText::<{ lim::PROGRAMME }>::parse_optional(input.programme.as_deref()));
        if visibility == Some(CollectionVisibility::Programme) && matches!(programme, Some(None)) {
            e.push("programme", FieldErrorKind::Required);
        }
        let mut items = Vec::new();
        if input.items.len() > lim::ITEMS {
            e.push("items", FieldErrorKind::TooMany { max: lim::ITEMS });
        } else {
            for (i, item) in input.items.iter().enumerate() {
                let kind = e.take(&format!("items[{i}].type"), CollectionItemType::parse(&item.item_type));
                let note = e.take(
                    &format!("items[{i}].note"),
                    BoundedText::<{ lim::NOTE }>::parse_optional(item.note.as_deref()),
                );
                let Some(kind) = kind else { continue };
                if items.iter().any(|(k, id, _)| *k == kind && *id == item.id) {
                    e.push(format!("items[{i}].id"), FieldErrorKind::Duplicate);
                    continue;
                }
                // Unknown and hidden items are answered alike: nothing about them leaks.
                if item.id <= 0 || self.collection_item(Some(actor), kind, item.id).await?.is_none() {
                    e.push(format!("items[{i}].id"), FieldErrorKind::Refused { key: ITEM_UNAVAILABLE });
                    continue;
                }
                items.push((kind, item.id, note.flatten().map(BoundedText::into_inner).unwrap_or_default()));
            }
        }
        let (Some(title), Some(description), Some(visibility), Some(programme)) =
            (title, description, visibility, programme)
        else {
            return Err(e.into());
        };
        if !e.is_empty() {
            return Err(e.into());
        }
        // A public collection may still name the programme it was made for.
        let programme = programme.map(BoundedText::into_inner).unwrap_or_default();
        Ok(Parsed {
            title: title.into_inner(),
            description: description.map(BoundedText::into_inner).unwrap_or_default(),
            visibility,
            programme,
            items,
        })
    }

    /// The werkplaats a new collection goes to: the one named, or the author's only werkplaats
    /// where they may build collections.
    async fn collection_home(&self, actor: &Actor, named: Option<&str>) -> Result<Tenant> {
        match named.map(str::trim).filter(|s| !s.is_empty()) {
            Some(slug) => {
                let t = self.tenant(slug).await.map_err(|e| match e {
                    CoreError::NotFound => FieldErrors::single("werkplaats", FieldErrorKind::Invalid).into(),
                    e => e,
                })?;
                if may_build(actor, &t.slug) { Ok(t) } else { Err(CoreError::Forbidden) }
            }
            None => match self.collection_werkplaatsen(Some(actor)).as_slice() {
                [] => Err(CoreError::Forbidden),
                [only] => self.tenant(only).await,
                _ => {
                    Err(FieldErrors::single("werkplaats", FieldErrorKind::Refused { key: "coll.refused.ambiguous" })
                        .into())
                }
            },
        }
    }

    /// Builds a collection; nothing is written when an item is unknown or hidden from the author.
    pub async fn create_collection(&self, actor: Option<&Actor>, input: &CollectionInput) -> Result<CollectionView> {
        let a = actor.ok_or(CoreError::Unauthenticated)?;
        let t = self.collection_home(a, input.werkplaats.as_deref()).await?;
        let p = self.parse_collection(a, input).await?;
        let now = now_text();
        let items: Vec<_> = p.items.iter().map(|(k, id, note)| (k.code(), *id, note.as_str(), now.as_str())).collect();
        let mut tx = self.store.begin().await?;
        let id = q::insert_collection(&mut tx, &t, &fields(&p), a.account_id).await?;
        q::replace_items(&mut tx, &t, id, &items).await?;
        let after = snapshot(&mut tx, &t, id).await?;
        audit(&mut tx, &t, a, ("collection", id), "create", None, Some(&after)).await?;
        commit(tx).await?;
        self.collection(actor, id).await
    }

    /// Changes a collection (its author and the werkplaats's coordinators and lectoren); the items
    /// are replaced by the input's, in its order. Items kept keep the moment they were added.
    pub async fn update_collection(
        &self,
        actor: Option<&Actor>,
        id: i64,
        input: &CollectionInput,
    ) -> Result<CollectionView> {
        let a = self.require_collection_editor(actor, id).await?;
        let (t, _) = self.collection_row(id).await?;
        let p = self.parse_collection(a, input).await?;
        let mut tx = self.store.begin().await?;
        let before = snapshot(&mut tx, &t, id).await?;
        let now = now_text();
        let added: Vec<String> = p
            .items
            .iter()
            .map(|(k, item, _)| {
                before
                    .1
                    .iter()
                    .find(|r| r.item_type == k.code() && r.item_id == *item)
                    .map_or_else(|| now.clone(), |r| r.added_at.clone())
            })
            .collect();
        let items: Vec<_> = p
            .items
            .iter()
            .zip(&added)
            .map(|((k, item, note), at)| (k.code(), *item, note.as_str(), at.as_str()))
            .collect();
        q::update_collection(&mut tx, &t, id, &fields(&p)).await?;
        q::replace_items(&mut tx, &t, id, &items).await?;
        let after = snapshot(&mut tx, &t, id).await?;
        audit(&mut tx, &t, a, ("collection", id), "update", Some(&before), Some(&after)).await?;
        commit(tx).await?;
        self.collection(actor, id).await
    }

    /// Deletes a collection with its items (its author and the coordinators and lectoren).
    pub async fn delete_collection(&self, actor: Option<&Actor>, id: i64) -> Result<()> {
        let a = self.require_collection_editor(actor, id).await?;
        let (t, _) = self.collection_row(id).await?;
        let mut tx = self.store.begin().await?;
        let before = snapshot(&mut tx, &t, id).await?;
        q::delete_collection(&mut tx, &t, id).await?;
        audit(&mut tx, &t, a, ("collection", id), "delete", Some(&before), None).await?;
        commit(tx).await
    }

    /// 401 without an actor, 404 when they may not read the collection, 403 when they may read
    /// but not change it.
    pub async fn require_collection_editor<'a>(&self, actor: Option<&'a Actor>, id: i64) -> Result<&'a Actor> {
        let (t, row) = self.collection_row(id).await?;
        let a = actor.ok_or(CoreError::Unauthenticated)?;
        if super::read::may_edit(Some(a), &t, &row) {
            Ok(a)
        } else if super::read::may_read(Some(a), &t, &row) {
            Err(CoreError::Forbidden)
        } else {
            Err(CoreError::NotFound)
        }
    }
}

fn fields(p: &Parsed) -> CollectionFields<'_> {
    CollectionFields {
        title: &p.title,
        description: &p.description,
        visibility: p.visibility.code(),
        programme: &p.programme,
    }
}

/// The collection and its items as stored, for the audit log.
async fn snapshot(conn: &mut broedplaats_store::Conn, t: &Tenant, id: i64) -> Result<(q::CollectionRow, Vec<ItemRow>)> {
    let row = q::collection(conn, t, id).await?.ok_or(CoreError::NotFound)?;
    Ok((row, q::items(conn, t, id).await?))
}

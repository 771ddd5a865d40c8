//! Knowledge products (opbrengsten, DOMAIN §7): create (one or many, as the import does), edit,
//! the review workflow concept → ter review → gepubliceerd, files with their text for search.
//!
//! Anyone with a role in the werkplaats may contribute. The coordinator and lectoren review and
//! publish every product; a themaleider those of the theme groups they lead (a product of no
//! theme group is the coordinator's and lectoren's). An edit of a published product by someone who
//! may not publish sends it back to review. Only published products are found by search; drafts
//! are seen by their author and the reviewers.
//!
//! `input` validates what forms, the API and the import send; `write` creates, edits, reviews and
//! deletes; `read` lists and shows; `files` keeps uploaded files with their text.
mod files;
mod input;
mod read;
mod write;

pub use input::ProductInput;
pub(crate) use write::{insert_product_in, review_product_in};

use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::kernel::search;
use crate::knowledge::documents::product_acl;
use crate::{CoreError, Result};
use broedplaats_domain::{Role, kwestie_key};
use broedplaats_store::knowledge::{self as q, ProductRow};
use broedplaats_store::{Conn, Tenant};
use input::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Licences a product may carry; the first is the default.
pub const LICENCES: &[&str] =
    &["CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC BY-NC-SA 4.0", "CC0 1.0", "Alle rechten voorbehouden"];

/// Languages a product may be written in (ISO 639-1); the first is the default.
pub const LANGUAGES: &[&str] = &["nl", "en", "de", "fr", "fy"];

/// Most files on one product.
pub const MAX_PRODUCT_FILES: usize = 10;

/// Most products in one import request.
pub const MAX_IMPORT: usize = 1000;

/// Longest a file's text extraction may take (waiting for a place included) before the file is
/// stored without it.
const EXTRACT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A reference by id or by name (title of a theme, name of an organisation).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Ref {
    Id(i64),
    Name(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

fn named(v: Vec<(i64, String)>) -> Vec<Named> {
    v.into_iter().map(|(id, name)| Named { id, name }).collect()
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductFileView {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub url: String,
    /// Only in the answer to an upload, and only when the file's text was not read (so the file
    /// is not found by its contents): `too_large` (inflates beyond the limits), `encrypted`,
    /// `too_slow`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_skipped: Option<crate::knowledge::extract::Refusal>,
}

impl ProductFileView {
    fn of(tenant: &Tenant, f: q::ProductFileRow) -> Self {
        Self {
            text_skipped: None,
            url: format!("/werkplaatsen/{}/kennis/{}/bestanden/{}", tenant.slug, f.product_id, f.id),
            id: f.id,
            filename: f.filename,
            content_type: f.content_type,
            size: f.size,
        }
    }
    pub fn size_kb(&self) -> i64 {
        (self.size + 1023) / 1024
    }
}

/// A knowledge product as pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductView {
    pub id: i64,
    pub url: String,
    pub werkplaats: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub year: Option<i64>,
    pub date: Option<String>,
    pub themes: Vec<Named>,
    pub kwesties: Vec<Named>,
    pub people: Vec<Named>,
    pub organisations: Vec<Named>,
    pub author_names: Vec<String>,
    pub project: Option<Named>,
    pub theme_group_id: Option<i64>,
    pub licence: String,
    pub language: String,
    pub audiences: Vec<String>,
    pub four_os: Vec<String>,
    pub links: Vec<LinkInput>,
    pub visibility: String,
    pub status: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_note: Option<String>,
    pub files: Vec<ProductFileView>,
    pub created_at: String,
    pub updated_at: String,
    /// Whether the viewer may edit it and add files.
    pub may_edit: bool,
    /// Whether the viewer may publish it or send it back.
    pub may_review: bool,
}

/// A line in the list of products.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductLine {
    pub id: i64,
    pub url: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub year: Option<i64>,
    pub status: String,
    pub visibility: String,
    pub updated_at: String,
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| CoreError::Internal(e.to_string()))
}

fn json_list<T: for<'de> Deserialize<'de>>(raw: &str) -> Vec<T> {
    serde_json::from_str(raw).unwrap_or_default()
}

fn fold_name(s: &str) -> String {
    kwestie_key(s)
}

/// Who may publish and send back: managers; the themaleider of the product's group, or any
/// themaleider when the product has no group.
async fn may_review(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, group: Option<i64>) -> Result<bool> {
    let Some(actor) = actor else { return Ok(false) };
    if access(Some(actor), tenant) == Access::Manager {
        return Ok(true);
    }
    if !actor.roles_in(&tenant.slug).any(|r| r == Role::ThemeLead) {
        return Ok(false);
    }
    // A themaleider's scope is the theme groups they lead; an item of no theme group belongs to
    // the coordinator and lectoren (docs/ARCHITECTURE.md, "Who reviews").
    Ok(match group {
        None => false,
        Some(g) => q::theme_groups_led_by(conn, tenant, actor.account_id).await?.contains(&g),
    })
}

async fn may_edit(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, p: &ProductRow) -> Result<bool> {
    let Some(a) = actor else { return Ok(false) };
    Ok((p.created_by == Some(a.account_id) && a.is_member(&tenant.slug))
        || may_review(conn, actor, tenant, p.theme_group_id).await?)
}

/// Published products by their visibility; drafts to their editors only. Unseen is not found.
async fn load_readable(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ProductRow> {
    let p = q::product(conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
    let readable = if p.status == "published" {
        search::may_see(conn, actor, &product_acl(tenant, &p.visibility, p.theme_group_id)).await?
            || may_edit(conn, actor, tenant, &p).await?
    } else {
        may_edit(conn, actor, tenant, &p).await?
    };
    if readable { Ok(p) } else { Err(CoreError::NotFound) }
}

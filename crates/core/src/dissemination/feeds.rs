//! Atom 1.0 feeds (RFC 4287) of newly published public knowledge products: for the whole
//! installation, a werkplaats, a kwestie. Entry ids are the product pages' absolute URLs (stable
//! as long as `public_url` is); the feed's id is its own URL.
use super::xml::Xml;
use crate::{Core, Result};
use broedplaats_store::feeds::{self as q, FeedProduct, FeedScope};

/// How many products a feed holds: the newest publications.
pub const FEED_SIZE: i64 = 50;

/// Whose feed.
#[derive(Debug, Clone)]
pub enum FeedOf {
    All,
    Werkplaats(String),
    Kwestie(i64),
}

/// A rendered feed with its newest change, for `Last-Modified`.
#[derive(Debug, Clone)]
pub struct Feed {
    pub xml: String,
    /// The feed's `<updated>` (RFC 3339, UTC).
    pub updated: String,
    /// A strong entity tag of the XML (quoted), for `ETag` and `If-None-Match`.
    pub etag: String,
}

/// `<updated>` of a feed with no entries yet: a fixed moment, so an empty feed keeps its ETag.
const EMPTY_UPDATED: &str = "2025-01-01T00:00:00Z";

impl Core {
    /// The Atom feed of newly published public products; an unknown werkplaats, or a kwestie the
    /// public may not see (as on its page), is `NotFound`.
    pub async fn knowledge_feed(&self, of: FeedOf) -> Result<Feed> {
        let base = &self.public_url;
        let (title, self_path, alternate_path, rows) = match &of {
            FeedOf::All => {
                let mut conn = self.store.conn().await?;
                let rows = q::public_products(&mut conn, FeedScope::All, FEED_SIZE).await?;
                ("Nieuwe kennis in Broedplaats".to_owned(), "/kennis.atom".to_owned(), "/".to_owned(), rows)
            }
            FeedOf::Werkplaats(slug) => {
                let tenant = self.tenant(slug).await?;
                let mut conn = self.store.conn().await?;
                let rows = q::public_products(&mut conn, FeedScope::Werkplaats(&tenant), FEED_SIZE).await?;
                (
                    format!("Nieuwe kennis van {}", tenant.name),
                    format!("/werkplaatsen/{}/kennis.atom", tenant.slug),
                    format!("/werkplaatsen/{}/kennis", tenant.slug),
                    rows,
                )
            }
            FeedOf::Kwestie(id) => {
                // The same rule as the kwestie's page: without anything public it does not exist.
                let kwestie = self.kwestie(None, *id).await?;
                let mut conn = self.store.conn().await?;
                let rows = q::public_products(&mut conn, FeedScope::Kwestie(*id), FEED_SIZE).await?;
                (
                    format!("Nieuwe kennis over {}", kwestie.kwestie.label),
                    format!("/kwesties/{id}.atom"),
                    format!("/kwesties/{id}"),
                    rows,
                )
            }
        };
        let labels = {
            let mut conn = self.store.conn().await?;
            q::kwestie_labels(&mut conn, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?
        };
        let updated = rows.iter().map(|r| r.updated_at.as_str()).max().unwrap_or(EMPTY_UPDATED).to_owned();
        let mut x = Xml::document();
        x.open("feed", &[("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", "nl")]);
        x.text("id", &[], &format!("{base}{self_path}"));
        x.text("title", &[("type", "text")], &title);
        x.text("updated", &[], &updated);
        x.empty("link", &[("rel", "self"), ("type", "application/atom+xml"), ("href", &format!("{base}{self_path}"))]);
        x.empty("link", &[("rel", "alternate"), ("type", "text/html"), ("href", &format!("{base}{alternate_path}"))]);
        x.text("generator", &[("uri", base)], "Broedplaats");
        for r in &rows {
            entry(&mut x, base, r, labels.iter().filter(|(id, _)| *id == r.id).map(|(_, l)| l.as_str()));
        }
        x.close("feed");
        let xml = x.finish();
        let digest = crate::kernel::secret::hash_secret(&xml);
        Ok(Feed { etag: format!("\"{}\"", &digest[..32]), xml, updated })
    }
}

fn entry<'a>(x: &mut Xml, base: &str, r: &FeedProduct, kwesties: impl Iterator<Item = &'a str>) {
    let url = format!("{base}/werkplaatsen/{}/kennis/{}", r.werkplaats, r.id);
    x.open("entry", &[]);
    x.text("id", &[], &url);
    x.text("title", &[("type", "text")], &r.title);
    x.text("published", &[], &r.published_at);
    // `updated` is never before `published` (a product published after its last edit).
    x.text("updated", &[], r.updated_at.as_str().max(r.published_at.as_str()));
    let authors: Vec<String> = serde_json::from_str::<Vec<String>>(&r.author_names)
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    if authors.is_empty() {
        author(x, &r.werkplaats_name);
    }
    for a in &authors {
        author(x, a);
    }
    x.text("summary", &[("type", "text")], &r.summary);
    x.empty("link", &[("rel", "alternate"), ("type", "text/html"), ("href", &url)]);
    let kind_label = capitalised(&r.kind);
    x.empty("category", &[("term", &r.kind), ("scheme", &format!("{base}/kennis/soort")), ("label", &kind_label)]);
    for k in kwesties {
        x.empty("category", &[("term", k), ("scheme", &format!("{base}/kwesties")), ("label", k)]);
    }
    x.empty(
        "category",
        &[("term", &r.werkplaats), ("scheme", &format!("{base}/werkplaatsen")), ("label", &r.werkplaats_name)],
    );
    x.close("entry");
}

fn author(x: &mut Xml, name: &str) {
    x.open("author", &[]);
    x.text("name", &[], name);
    x.close("author");
}

fn capitalised(code: &str) -> String {
    let mut chars = code.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

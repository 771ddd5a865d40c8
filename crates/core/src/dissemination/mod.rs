//! Open dissemination (issue 17, DOMAIN §7, §10): the installation's public knowledge offered to the
//! outside world in open standards, readable without signing in. The OAI-PMH 2.0 provider (`oai`):
//! records derived from public, published knowledge products, public approaches and stories with
//! publication consent, kept current from the search outbox (`Core::sync_oai`) and served by
//! `Core::oai`. The Atom feeds of newly published public knowledge products (`feeds`), the sitemap
//! and `robots.txt` (`sitemap`): the store's queries filter on public and published themselves.
//!
//! Interface: [`OaiSettings`], [`OAI_SYNC`] (the derived-data sync the kernel runs after each
//! commit and in the background), the protocol's constants ([`oai::PAGE_SIZE`], [`oai::FORMATS`]),
//! `FeedOf`, `Feed`, `FEED_SIZE`, `SITEMAP_LIMIT` and the `Core` methods `knowledge_feed`,
//! `sitemap`, `robots_txt`; the XML writer `Xml` (used by the collections' feeds).
mod feeds;
pub mod oai;
mod sitemap;
mod xml;

pub use feeds::{FEED_SIZE, Feed, FeedOf};
pub use oai::{OAI_SYNC, OaiSettings};
pub use sitemap::SITEMAP_LIMIT;
/// The XML writer of the feeds and OAI-PMH, for other capabilities' Atom feeds (collections).
pub use xml::Xml;

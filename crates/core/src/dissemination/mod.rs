//! Open dissemination (issue 17, DOMAIN §7, §10): what this installation publishes for others to
//! read without signing in. Here: the Atom feeds of newly published public knowledge products
//! (`feeds`), the sitemap and `robots.txt` (`sitemap`). Everything here is public by construction:
//! the store's queries filter on public and published themselves.
//!
//! Interface: `FeedOf`, `Feed`, `FEED_SIZE`, `SITEMAP_LIMIT` and the `Core` methods
//! `knowledge_feed`, `sitemap`, `robots_txt`.
mod feeds;
mod sitemap;
mod xml;

pub use feeds::{FEED_SIZE, Feed, FeedOf};
pub use sitemap::SITEMAP_LIMIT;

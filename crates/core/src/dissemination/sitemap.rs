//! `sitemap.xml` (sitemap protocol 0.9) and `robots.txt`. The sitemap lists public pages only;
//! past [`SITEMAP_LIMIT`] URLs `/sitemap.xml` becomes a sitemap index of pages
//! `/sitemap.xml?pagina=N`, each at most that many URLs.
use super::xml::Xml;
use crate::{Core, CoreError, Result};
use broedplaats_store::feeds as q;

/// The protocol's maximum number of URLs in one sitemap file.
pub const SITEMAP_LIMIT: i64 = 50_000;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

impl Core {
    /// The sitemap: `page` `None` is `/sitemap.xml` itself (the URLs, or the index when there are
    /// more than fit in one file); `Some(n)` the n-th file of the index (from 1). A page past the
    /// end is `NotFound`.
    pub async fn sitemap(&self, page: Option<i64>) -> Result<String> {
        self.sitemap_sized(page, SITEMAP_LIMIT).await
    }

    /// [`Core::sitemap`] with files of `per_file` URLs (tests use a small number).
    pub async fn sitemap_sized(&self, page: Option<i64>, per_file: i64) -> Result<String> {
        let base = &self.public_url;
        let mut conn = self.store.conn().await?;
        // The site-wide pages, besides what the store lists.
        let fixed = ["/", "/kwesties", "/lemniscaat", "/landelijke-agenda", "/vereniging", "/toegankelijkheid"];
        let total = q::sitemap_count(&mut conn).await? + fixed.len() as i64;
        let files = (total + per_file - 1) / per_file;
        let mut x = Xml::document();
        match page {
            None if files > 1 => {
                x.open("sitemapindex", &[("xmlns", NS)]);
                for n in 1..=files {
                    x.open("sitemap", &[]);
                    x.text("loc", &[], &format!("{base}/sitemap.xml?pagina={n}"));
                    x.close("sitemap");
                }
                x.close("sitemapindex");
                return Ok(x.finish());
            }
            Some(n) if n < 1 || n > files.max(1) => return Err(CoreError::NotFound),
            _ => {}
        }
        let n = page.unwrap_or(1);
        // Fixed pages come first, then the store's rows.
        let start = (n - 1) * per_file;
        let fixed_shown: Vec<&str> = fixed.iter().copied().skip(start as usize).take(per_file as usize).collect();
        let offset = (start - fixed.len() as i64).max(0);
        let rest = per_file - fixed_shown.len() as i64;
        let rows = if rest > 0 { q::sitemap_page(&mut conn, offset, rest).await? } else { vec![] };
        x.open("urlset", &[("xmlns", NS)]);
        for path in fixed_shown {
            x.open("url", &[]);
            x.text("loc", &[], &format!("{base}{path}"));
            x.close("url");
        }
        for r in rows {
            x.open("url", &[]);
            x.text("loc", &[], &format!("{base}{}", r.path));
            if let Some(at) = r.lastmod {
                x.text("lastmod", &[], &at);
            }
            x.close("url");
        }
        x.close("urlset");
        Ok(x.finish())
    }

    /// `robots.txt`: public pages may be crawled; accounts, sign-in, administration, the API and
    /// personal links may not; the sitemap's absolute URL.
    pub fn robots_txt(&self) -> String {
        let disallow = [
            "/account",
            "/api/",
            "/inloggen",
            "/uitloggen",
            "/registreren",
            "/uitnodiging",
            "/wachtwoord",
            "/volgen/",
            "/taal/",
            "/zoeken",
            "/metrics",
        ];
        let mut s = String::from("User-agent: *\nAllow: /\n");
        for d in disallow {
            s.push_str(&format!("Disallow: {d}\n"));
        }
        s.push_str(&format!("\nSitemap: {}/sitemap.xml\n", self.public_url));
        s
    }
}

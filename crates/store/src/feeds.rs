//! What the Atom feeds and the sitemap list: public, published items only. The public filter is in
//! the SQL itself (`visibility = 'public'`, `status = 'published'`…), so nothing else can leak into
//! a feed whatever the caller does. The installation-wide feed and a kwestie's feed span
//! werkplaatsen (like the kwestie page); a werkplaats's feed takes its `&Tenant`.
use crate::{Conn, Result, Tenant};

/// A public, published knowledge product for a feed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FeedProduct {
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub author_names: String,
    pub published_at: String,
    pub updated_at: String,
}

/// Which products a feed holds.
#[derive(Debug, Clone, Copy)]
pub enum FeedScope<'a> {
    All,
    Werkplaats(&'a Tenant),
    Kwestie(i64),
}

/// The newest public, published products of the scope, newest publication first.
pub async fn public_products(conn: &mut Conn, scope: FeedScope<'_>, limit: i64) -> Result<Vec<FeedProduct>> {
    let (cond, key) = match scope {
        FeedScope::All => ("$1 = $1", 0),
        FeedScope::Werkplaats(t) => ("kp.werkplaats_id = $1", t.id()),
        FeedScope::Kwestie(id) => {
            ("kp.id IN (SELECT product_id FROM knowledge_product_kwesties WHERE kwestie_id = $1)", id)
        }
    };
    Ok(sqlx::query_as(&format!(
        "SELECT w.slug AS werkplaats, w.name AS werkplaats_name, kp.id, kp.kind, kp.title, kp.summary,
                kp.author_names, COALESCE(kp.reviewed_at, kp.updated_at) AS published_at, kp.updated_at
         FROM knowledge_products kp JOIN werkplaatsen w ON w.id = kp.werkplaats_id
         WHERE kp.status = 'published' AND kp.visibility = 'public' AND {cond}
         ORDER BY published_at DESC, kp.id DESC LIMIT $2"
    ))
    .bind(key)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The kwestie labels of these products: (product id, label), by label.
pub async fn kwestie_labels(conn: &mut Conn, product_ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if product_ids.is_empty() {
        return Ok(vec![]);
    }
    // Integers only, so the list is safe to write into the statement.
    let ids = product_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(sqlx::query_as(&format!(
        "SELECT kpk.product_id, k.label FROM knowledge_product_kwesties kpk JOIN kwesties k ON k.id = kpk.kwestie_id
         WHERE kpk.product_id IN ({ids}) ORDER BY k.label"
    ))
    .fetch_all(conn)
    .await?)
}

/// One URL of the sitemap: its path and when it last changed (if known).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SitemapRow {
    pub path: String,
    pub lastmod: Option<String>,
}

/// The public pages of the installation, in a stable order: werkplaatsen, their public products,
/// public activities, public projects, public practice questions, and kwesties with something public.
const SITEMAP_SQL: &str = "
    SELECT '/werkplaatsen/' || w.slug AS path, NULL AS lastmod, 1 AS part, w.id AS id FROM werkplaatsen w
    UNION ALL
    SELECT '/werkplaatsen/' || w.slug || '/kennis/' || kp.id, kp.updated_at, 2, kp.id
      FROM knowledge_products kp JOIN werkplaatsen w ON w.id = kp.werkplaats_id
      WHERE kp.status = 'published' AND kp.visibility = 'public'
    UNION ALL
    SELECT '/werkplaatsen/' || w.slug || '/activiteiten/' || a.id, a.updated_at, 3, a.id
      FROM activities a JOIN werkplaatsen w ON w.id = a.werkplaats_id WHERE a.audience = 'public'
    UNION ALL
    SELECT '/werkplaatsen/' || w.slug || '/projecten/' || p.id, NULL, 4, p.id
      FROM projects p JOIN werkplaatsen w ON w.id = p.werkplaats_id WHERE p.visibility = 'public'
    UNION ALL
    SELECT '/werkplaatsen/' || w.slug || '/praktijkvragen/' || q.id, q.updated_at, 5, q.id
      FROM questions q JOIN werkplaatsen w ON w.id = q.werkplaats_id WHERE q.visibility = 'public'
    UNION ALL
    SELECT '/kwesties/' || k.id, NULL, 6, k.id FROM kwesties k
      WHERE EXISTS (SELECT 1 FROM knowledge_product_kwesties x JOIN knowledge_products kp ON kp.id = x.product_id
                    WHERE x.kwestie_id = k.id AND kp.status = 'published' AND kp.visibility = 'public')
         OR EXISTS (SELECT 1 FROM question_kwesties x JOIN questions q ON q.id = x.question_id
                    WHERE x.kwestie_id = k.id AND q.visibility = 'public')";

/// How many URLs the sitemap has.
pub async fn sitemap_count(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM ({SITEMAP_SQL}) s")).fetch_one(conn).await?)
}

/// A page of the sitemap's URLs.
pub async fn sitemap_page(conn: &mut Conn, offset: i64, limit: i64) -> Result<Vec<SitemapRow>> {
    Ok(sqlx::query_as(&format!("SELECT path, lastmod FROM ({SITEMAP_SQL}) s ORDER BY part, id LIMIT $1 OFFSET $2"))
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await?)
}

//! The knowledge base (DOMAIN §7): knowledge products with their files, kwesties (shared by all
//! werkplaatsen), practice questions, approaches and working factors, stories with consent, and
//! the search outbox that tells every instance's index what changed.
use crate::{Conn, Result, Tenant, now_text};

mod practice;
mod products;
mod stories;

pub use practice::*;
pub use products::*;
pub use stories::*;

// ---- kwesties (installation-wide) -----------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct KwestieRow {
    pub id: i64,
    pub label: String,
    pub description: String,
    /// Knowledge products, questions, approaches and stories that name it, in every werkplaats.
    pub uses: i64,
}

/// The id of the kwestie with this `key`, created with `label` when new.
pub async fn kwestie_id_for(conn: &mut Conn, label: &str, key: &str) -> Result<i64> {
    if let Some(id) =
        sqlx::query_scalar("SELECT id FROM kwesties WHERE key = $1").bind(key).fetch_optional(&mut *conn).await?
    {
        return Ok(id);
    }
    Ok(sqlx::query_scalar("INSERT INTO kwesties (label, key, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(label)
        .bind(key)
        .bind(now_text())
        .fetch_one(conn)
        .await?)
}

pub(super) const KWESTIE_USES: &str = "(SELECT COUNT(*) FROM knowledge_product_kwesties x WHERE x.kwestie_id = k.id)
    + (SELECT COUNT(*) FROM question_kwesties x WHERE x.kwestie_id = k.id)
    + (SELECT COUNT(*) FROM approach_kwesties x WHERE x.kwestie_id = k.id)
    + (SELECT COUNT(*) FROM story_kwesties x WHERE x.kwestie_id = k.id)";

/// Uses anyone may see (as on a kwestie's page): published public products, questions,
/// approaches, and stories whose narrator consented to publication and did not withdraw.
const KWESTIE_PUBLIC_USES: &str = "(SELECT COUNT(*) FROM knowledge_product_kwesties x
        JOIN knowledge_products p ON p.id = x.product_id
       WHERE x.kwestie_id = k.id AND p.status = 'published' AND p.visibility = 'public')
    + (SELECT COUNT(*) FROM question_kwesties x WHERE x.kwestie_id = k.id)
    + (SELECT COUNT(*) FROM approach_kwesties x WHERE x.kwestie_id = k.id)
    + (SELECT COUNT(*) FROM story_kwesties x JOIN stories s ON s.id = x.story_id
       WHERE x.kwestie_id = k.id AND s.consent_use = 'publication' AND s.withdrawn_at IS NULL)";

/// Every kwestie by label with all its uses (`public_only`: only kwesties with a use anyone may
/// see, counting only those).
pub async fn kwesties(conn: &mut Conn, public_only: bool) -> Result<Vec<KwestieRow>> {
    let sql = if public_only {
        format!(
            "SELECT * FROM (SELECT k.id, k.label, k.description, {KWESTIE_PUBLIC_USES} AS uses FROM kwesties k) v
              WHERE v.uses > 0 ORDER BY v.label"
        )
    } else {
        format!("SELECT k.id, k.label, k.description, {KWESTIE_USES} AS uses FROM kwesties k ORDER BY k.label")
    };
    Ok(sqlx::query_as(&sql).fetch_all(conn).await?)
}

pub async fn kwestie(conn: &mut Conn, id: i64) -> Result<Option<KwestieRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT k.id, k.label, k.description, {KWESTIE_USES} AS uses FROM kwesties k WHERE k.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn update_kwestie(conn: &mut Conn, id: i64, label: &str, key: &str, description: &str) -> Result<()> {
    let done = sqlx::query("UPDATE kwesties SET label = $1, key = $2, description = $3 WHERE id = $4")
        .bind(label)
        .bind(key)
        .bind(description)
        .bind(id)
        .execute(conn)
        .await?;
    crate::organisation::affected(done.rows_affected())
}

// ---- links by name --------------------------------------------------------------------------------

/// Link tables of the knowledge base: (table, parent column, child column, child name SQL).
#[derive(Debug, Clone, Copy)]
pub enum KnowledgeLinks {
    ProductThemes,
    ProductKwesties,
    ProductPeople,
    ProductOrganisations,
    QuestionKwesties,
    ApproachKwesties,
    ApproachThemes,
    StoryKwesties,
    StoryThemes,
}

impl KnowledgeLinks {
    fn parts(self) -> (&'static str, &'static str, &'static str, &'static str) {
        use KnowledgeLinks::*;
        match self {
            ProductThemes => ("knowledge_product_themes", "product_id", "theme_id", "themes"),
            ProductKwesties => ("knowledge_product_kwesties", "product_id", "kwestie_id", "kwesties"),
            ProductPeople => ("knowledge_product_people", "product_id", "person_id", "people"),
            ProductOrganisations => {
                ("knowledge_product_organisations", "product_id", "organisation_id", "organisations")
            }
            QuestionKwesties => ("question_kwesties", "question_id", "kwestie_id", "kwesties"),
            ApproachKwesties => ("approach_kwesties", "approach_id", "kwestie_id", "kwesties"),
            ApproachThemes => ("approach_themes", "approach_id", "theme_id", "themes"),
            StoryKwesties => ("story_kwesties", "story_id", "kwestie_id", "kwesties"),
            StoryThemes => ("story_themes", "story_id", "theme_id", "themes"),
        }
    }

    fn name_column(self) -> &'static str {
        match self.parts().3 {
            "themes" => "title",
            "kwesties" => "label",
            _ => "name",
        }
    }
}

/// Makes the links of `parent` exactly `children`.
pub async fn replace(conn: &mut Conn, t: &Tenant, links: KnowledgeLinks, parent: i64, children: &[i64]) -> Result<()> {
    let (table, p, c, _) = links.parts();
    sqlx::query(&format!("DELETE FROM {table} WHERE werkplaats_id = $1 AND {p} = $2"))
        .bind(t.id())
        .bind(parent)
        .execute(&mut *conn)
        .await?;
    let mut seen = Vec::with_capacity(children.len());
    for child in children {
        if seen.contains(child) {
            continue;
        }
        seen.push(*child);
        sqlx::query(&format!("INSERT INTO {table} ({p}, {c}, werkplaats_id) VALUES ($1, $2, $3)"))
            .bind(parent)
            .bind(child)
            .bind(t.id())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The (id, name) of what `parent` links to, by name.
pub async fn linked(conn: &mut Conn, t: &Tenant, links: KnowledgeLinks, parent: i64) -> Result<Vec<(i64, String)>> {
    let (table, p, c, target) = links.parts();
    let name = links.name_column();
    Ok(sqlx::query_as(&format!(
        "SELECT x.id, x.{name} FROM {table} l JOIN {target} x ON x.id = l.{c}
         WHERE l.werkplaats_id = $1 AND l.{p} = $2 ORDER BY x.{name}"
    ))
    .bind(t.id())
    .bind(parent)
    .fetch_all(conn)
    .await?)
}

/// Parents linked to `child` (e.g. the products of a kwestie) in this werkplaats.
pub async fn parents_of(conn: &mut Conn, t: &Tenant, links: KnowledgeLinks, child: i64) -> Result<Vec<i64>> {
    let (table, p, c, _) = links.parts();
    Ok(sqlx::query_scalar(&format!("SELECT {p} FROM {table} WHERE werkplaats_id = $1 AND {c} = $2 ORDER BY {p}"))
        .bind(t.id())
        .bind(child)
        .fetch_all(conn)
        .await?)
}

#[derive(Debug, Clone, Copy)]
pub enum KnowledgeTable {
    Products,
    Questions,
    Approaches,
    Stories,
}

impl KnowledgeTable {
    fn name(self) -> &'static str {
        match self {
            KnowledgeTable::Products => "knowledge_products",
            KnowledgeTable::Questions => "questions",
            KnowledgeTable::Approaches => "approaches",
            KnowledgeTable::Stories => "stories",
        }
    }
}

pub async fn delete(conn: &mut Conn, t: &Tenant, table: KnowledgeTable, id: i64) -> Result<()> {
    let done = sqlx::query(&format!("DELETE FROM {} WHERE werkplaats_id = $1 AND id = $2", table.name()))
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    crate::organisation::affected(done.rows_affected())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub werkplaats: String,
    pub doc_type: String,
    pub doc_id: i64,
}

/// Changes after `position`, oldest first. Installation-wide: every instance's index holds every
/// werkplaats.
pub async fn outbox_after(conn: &mut Conn, position: i64, limit: i64) -> Result<Vec<OutboxRow>> {
    Ok(sqlx::query_as(
        "SELECT o.id, w.slug AS werkplaats, o.doc_type, o.doc_id FROM search_outbox o
         JOIN werkplaatsen w ON w.id = o.werkplaats_id WHERE o.id > $1 ORDER BY o.id LIMIT $2",
    )
    .bind(position)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The newest outbox id (0 when empty): where a freshly rebuilt index stands.
pub async fn outbox_head(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM search_outbox").fetch_one(conn).await?.unwrap_or(0))
}

/// Asks every running instance to rebuild its search index; the request's id.
pub async fn request_search_rebuild(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("INSERT INTO search_rebuilds (requested_at) VALUES ($1) RETURNING id")
        .bind(now_text())
        .fetch_one(conn)
        .await?)
}

/// The newest rebuild request (0 when none).
pub async fn latest_search_rebuild(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM search_rebuilds").fetch_one(conn).await?.unwrap_or(0))
}

/// Marks the requests up to `id` as done (by the first instance that finished).
pub async fn finish_search_rebuilds(conn: &mut Conn, id: i64) -> Result<()> {
    sqlx::query("UPDATE search_rebuilds SET done_at = $1 WHERE id <= $2 AND done_at IS NULL")
        .bind(now_text())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a running instance has finished the rebuild asked for by request `id`.
pub async fn search_rebuild_done(conn: &mut Conn, id: i64) -> Result<bool> {
    Ok(sqlx::query_scalar::<_, Option<String>>("SELECT done_at FROM search_rebuilds WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .flatten()
        .is_some())
}

/// Forgets changes older than `before` (UTC text); an index further behind than that rebuilds.
pub async fn outbox_prune(conn: &mut Conn, before: &str) -> Result<u64> {
    // Keep the newest row so the head id never goes backwards.
    Ok(sqlx::query("DELETE FROM search_outbox WHERE created_at < $1 AND id < (SELECT MAX(id) FROM search_outbox)")
        .bind(before)
        .execute(conn)
        .await?
        .rows_affected())
}

/// The oldest outbox id still kept (0 when empty).
pub async fn outbox_tail(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT MIN(id) FROM search_outbox").fetch_one(conn).await?.unwrap_or(0))
}

/// The theme groups, in any werkplaats, whose member list holds a person with this account, or
/// that such a person leads: the viewer's own groups, for what "leden van de themagroep" may see
/// (the themaleider reviews the group's products, so must find them too).
pub async fn theme_groups_of_account(conn: &mut Conn, account_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT m.theme_group_id FROM theme_group_members m JOIN people p ON p.id = m.person_id
         WHERE p.account_id = $1
         UNION
         SELECT g.id FROM theme_groups g JOIN people p ON p.id = g.lead_person_id WHERE p.account_id = $2
         ORDER BY 1",
    )
    .bind(account_id)
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

/// The theme groups this account leads (themaleider), in this werkplaats.
pub async fn theme_groups_led_by(conn: &mut Conn, t: &Tenant, account_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT g.id FROM theme_groups g JOIN people p ON p.id = g.lead_person_id
         WHERE g.werkplaats_id = $1 AND p.account_id = $2 ORDER BY g.id",
    )
    .bind(t.id())
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

/// Marks a product changed, taking its row lock for the rest of the transaction.
pub async fn touch_product(conn: &mut Conn, t: &Tenant, id: i64) -> Result<()> {
    let done = sqlx::query("UPDATE knowledge_products SET updated_at = $1 WHERE werkplaats_id = $2 AND id = $3")
        .bind(now_text())
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    crate::organisation::affected(done.rows_affected())
}

/// (werkplaats slug, product id) of products that name a person of this account as author.
pub async fn products_by_person_account(conn: &mut Conn, account_id: i64) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, l.product_id FROM knowledge_product_people l JOIN people p ON p.id = l.person_id
         JOIN werkplaatsen w ON w.id = l.werkplaats_id WHERE p.account_id = $1",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

/// The addresses of those who review a product of `theme_group` (DOMAIN "Who reviews"): the
/// werkplaats's coordinators and lectoren, and the themaleider (with that role) leading the group.
pub async fn reviewer_emails(conn: &mut Conn, t: &Tenant, theme_group: Option<i64>) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT a.email FROM accounts a JOIN role_assignments r ON r.account_id = a.id
          WHERE r.werkplaats_id = $1 AND (r.role IN ('programme-coordinator', 'lector')
             OR (r.role = 'theme-lead' AND EXISTS (SELECT 1 FROM theme_groups g JOIN people p ON p.id = g.lead_person_id
                                                   WHERE g.id = $2 AND g.werkplaats_id = $1 AND p.account_id = a.id)))
          ORDER BY a.email",
    )
    .bind(t.id())
    .bind(theme_group.unwrap_or(0))
    .fetch_all(conn)
    .await?)
}

/// The address of an account, if it still has one.
pub async fn account_email(conn: &mut Conn, account_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1").bind(account_id).fetch_optional(conn).await?)
}

/// How many products of the werkplaats are offered for review.
pub async fn count_in_review(conn: &mut Conn, t: &Tenant) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM knowledge_products WHERE werkplaats_id = $1 AND status = 'review'")
        .bind(t.id())
        .fetch_one(conn)
        .await?)
}

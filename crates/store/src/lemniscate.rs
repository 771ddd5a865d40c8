//! The knowledge lemniscate (DOMAIN §8): national knowledge partners, the moves of practice
//! questions with what was handed over, and the positions and crossings that the lemniscate views
//! count. Functions on one werkplaats's questions take its [`Tenant`]; the views across
//! werkplaatsen return the werkplaats's slug with every row.
use crate::{Conn, Result, Tenant, now_text};

// ---- national partners ----------------------------------------------------------------------------

/// The organisation of a national partner; `None` when the account is none.
pub async fn national_partner(conn: &mut Conn, account_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT organisation FROM national_partners WHERE account_id = $1")
        .bind(account_id)
        .fetch_optional(conn)
        .await?)
}

/// Makes an account a national partner of `organisation` (or changes its organisation).
pub async fn set_national_partner(conn: &mut Conn, account_id: i64, organisation: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO national_partners (account_id, organisation, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET organisation = excluded.organisation",
    )
    .bind(account_id)
    .bind(organisation)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove_national_partner(conn: &mut Conn, account_id: i64) -> Result<bool> {
    let done =
        sqlx::query("DELETE FROM national_partners WHERE account_id = $1").bind(account_id).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NationalPartnerRow {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub organisation: String,
}

pub async fn national_partners(conn: &mut Conn) -> Result<Vec<NationalPartnerRow>> {
    Ok(sqlx::query_as(
        "SELECT a.id AS account_id, a.name, a.email, n.organisation
           FROM national_partners n JOIN accounts a ON a.id = n.account_id ORDER BY n.organisation, a.name",
    )
    .fetch_all(conn)
    .await?)
}

// ---- moves ----------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct MoveRow {
    pub id: i64,
    pub question_id: i64,
    pub movement: String,
    pub step: Option<String>,
    pub by_kind: String,
    pub by_name: String,
    pub account_id: Option<i64>,
    pub note: String,
    pub crosses: i64,
    pub at: String,
}

const MOVE_COLUMNS: &str = "id, question_id, movement, step, by_kind, by_name, account_id, note, crosses, at";

pub struct NewMove<'a> {
    pub question_id: i64,
    pub movement: &'a str,
    pub step: Option<&'a str>,
    pub by_kind: &'a str,
    pub by_name: &'a str,
    pub account_id: Option<i64>,
    pub note: &'a str,
    pub crosses: bool,
    /// Whether the movement is on the national side: the question is then handed to national
    /// partners (from the first time on).
    pub national: bool,
    /// The local status the move sets, if it is a develop step.
    pub status: Option<&'a str>,
    /// `None` is now; the demo backdates.
    pub at: Option<&'a str>,
}

/// Records a move and brings the question's position (and local status) up to date with it.
pub async fn insert_move(conn: &mut Conn, t: &Tenant, m: &NewMove<'_>) -> Result<i64> {
    let at = m.at.map_or_else(now_text, str::to_owned);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO question_moves (werkplaats_id, question_id, movement, step, by_kind, by_name, account_id, note,
             crosses, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(t.id())
    .bind(m.question_id)
    .bind(m.movement)
    .bind(m.step)
    .bind(m.by_kind)
    .bind(m.by_name)
    .bind(m.account_id)
    .bind(m.note)
    .bind(i64::from(m.crosses))
    .bind(&at)
    .fetch_one(&mut *conn)
    .await?;
    let done = sqlx::query(
        "UPDATE questions SET movement = $1, status = COALESCE($2, status), updated_at = $3,
             handed_national_at = CASE WHEN $4 = 1 AND handed_national_at IS NULL THEN $3 ELSE handed_national_at END
         WHERE werkplaats_id = $5 AND id = $6",
    )
    .bind(m.movement)
    .bind(m.status)
    .bind(&at)
    .bind(i64::from(m.national))
    .bind(t.id())
    .bind(m.question_id)
    .execute(&mut *conn)
    .await?;
    crate::organisation::affected(done.rows_affected())?;
    Ok(id)
}

/// The moves of a question in time order.
pub async fn moves(conn: &mut Conn, t: &Tenant, question_id: i64) -> Result<Vec<MoveRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {MOVE_COLUMNS} FROM question_moves WHERE werkplaats_id = $1 AND question_id = $2 ORDER BY at, id"
    ))
    .bind(t.id())
    .bind(question_id)
    .fetch_all(conn)
    .await?)
}

/// The last move of a question.
pub async fn last_move(conn: &mut Conn, t: &Tenant, question_id: i64) -> Result<Option<MoveRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {MOVE_COLUMNS} FROM question_moves WHERE werkplaats_id = $1 AND question_id = $2
          ORDER BY at DESC, id DESC LIMIT 1"
    ))
    .bind(t.id())
    .bind(question_id)
    .fetch_optional(conn)
    .await?)
}

pub async fn count_moves(conn: &mut Conn, t: &Tenant, question_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM question_moves WHERE werkplaats_id = $1 AND question_id = $2")
        .bind(t.id())
        .bind(question_id)
        .fetch_one(conn)
        .await?)
}

/// What was handed over with a move. The item may belong to another werkplaats.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MoveItemRow {
    pub move_id: i64,
    pub kind: String,
    pub item_id: i64,
    pub werkplaats: String,
}

pub async fn insert_move_item(
    conn: &mut Conn,
    move_id: i64,
    kind: &str,
    item_id: i64,
    item_werkplaats: &Tenant,
) -> Result<()> {
    sqlx::query("INSERT INTO question_move_items (move_id, kind, item_id, item_werkplaats_id) VALUES ($1, $2, $3, $4)")
        .bind(move_id)
        .bind(kind)
        .bind(item_id)
        .bind(item_werkplaats.id())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn move_items(conn: &mut Conn, t: &Tenant, question_id: i64) -> Result<Vec<MoveItemRow>> {
    Ok(sqlx::query_as(
        "SELECT i.move_id, i.kind, i.item_id, w.slug AS werkplaats
           FROM question_move_items i
           JOIN question_moves m ON m.id = i.move_id
           JOIN werkplaatsen w ON w.id = i.item_werkplaats_id
          WHERE m.werkplaats_id = $1 AND m.question_id = $2
          ORDER BY i.move_id, i.kind, i.item_id",
    )
    .bind(t.id())
    .bind(question_id)
    .fetch_all(conn)
    .await?)
}

/// The werkplaats a knowledge product belongs to, with its visibility and status; `None` if
/// there is no such product. Products may be handed over across werkplaatsen.
pub async fn product_owner(conn: &mut Conn, id: i64) -> Result<Option<(String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, p.visibility, p.status FROM knowledge_products p JOIN werkplaatsen w ON w.id = p.werkplaats_id
          WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The werkplaats an approach or working factor belongs to.
pub async fn approach_owner(conn: &mut Conn, id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT w.slug FROM approaches a JOIN werkplaatsen w ON w.id = a.werkplaats_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The visibility and national hand-over of a question: (visibility, handed_national_at).
pub async fn question_access(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<(String, Option<String>)>> {
    Ok(sqlx::query_as("SELECT visibility, handed_national_at FROM questions WHERE werkplaats_id = $1 AND id = $2")
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

// ---- positions and crossings -----------------------------------------------------------------------

/// Which questions a lemniscate view counts. Dates are `YYYY-MM-DD`; `until` is exclusive.
#[derive(Debug, Clone, Default)]
pub struct Scope<'a> {
    pub werkplaats: Option<&'a Tenant>,
    pub kwestie: Option<i64>,
    pub until: Option<&'a str>,
}

/// A question with where it stood at the end of the scope's period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PositionRow {
    pub id: i64,
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub title: String,
    pub status: String,
    pub visibility: String,
    pub handed_national_at: Option<String>,
    /// The movement of the last move before `until`; `None` if the question had none yet.
    pub movement: Option<String>,
    /// When that move was made.
    pub moved_at: Option<String>,
}

/// Adds the scope's conditions to `sql`; their numbers go to `binds`, placeholders counted on
/// from `first` (the placeholders the query already has, plus one).
fn scope_filter(s: &Scope<'_>, sql: &mut String, first: usize) -> Vec<i64> {
    let mut binds = Vec::new();
    if let Some(t) = s.werkplaats {
        binds.push(t.id());
        sql.push_str(&format!(" AND q.werkplaats_id = ${}", first + binds.len() - 1));
    }
    if let Some(k) = s.kwestie {
        binds.push(k);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM question_kwesties qk WHERE qk.question_id = q.id AND qk.kwestie_id = ${})",
            first + binds.len() - 1
        ));
    }
    binds
}

/// Every question in scope with its position at the end of the period (now without `until`).
pub async fn positions(conn: &mut Conn, s: &Scope<'_>) -> Result<Vec<PositionRow>> {
    let until = s.until.unwrap_or("9999-12-31");
    let mut sql = String::from(
        "SELECT q.id, w.slug AS werkplaats, w.name AS werkplaats_name, q.title, q.status, q.visibility,
                q.handed_national_at, m.movement, m.at AS moved_at
           FROM questions q
           JOIN werkplaatsen w ON w.id = q.werkplaats_id
           LEFT JOIN question_moves m ON m.id = (
                SELECT m2.id FROM question_moves m2 WHERE m2.question_id = q.id AND m2.at < '",
    );
    // `until` is a validated date (YYYY-MM-DD) or the constant above; it is checked again here
    // because it is written into the text of the query.
    let until = if is_plain_date(until) { until } else { "9999-12-31" };
    sql.push_str(until);
    sql.push_str("' ORDER BY m2.at DESC, m2.id DESC LIMIT 1) WHERE 1 = 1");
    let binds = scope_filter(s, &mut sql, 1);
    sql.push_str(" ORDER BY w.slug, q.id");
    let mut query = sqlx::query_as(&sql);
    for b in binds {
        query = query.bind(b);
    }
    Ok(query.fetch_all(conn).await?)
}

/// Crossings in the period: (question id, when), of questions in scope.
pub async fn crossings(conn: &mut Conn, s: &Scope<'_>, from: &str, until: &str) -> Result<Vec<(i64, String)>> {
    let mut sql = String::from(
        "SELECT m.question_id, m.at FROM question_moves m JOIN questions q ON q.id = m.question_id
          WHERE m.crosses = 1 AND m.at >= $1 AND m.at < $2",
    );
    let binds = scope_filter(s, &mut sql, 3);
    sql.push_str(" ORDER BY m.at, m.id");
    let mut query = sqlx::query_as(&sql).bind(from).bind(until);
    for b in binds {
        query = query.bind(b);
    }
    Ok(query.fetch_all(conn).await?)
}

fn is_plain_date(s: &str) -> bool {
    s.len() == 10 && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
}

/// Questions handed back (verrijken) by national partners since `since`, newest first:
/// (question id, title, by whom, when).
pub async fn handed_back(conn: &mut Conn, t: &Tenant, since: &str) -> Result<Vec<(i64, String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT q.id, q.title, m.by_name, m.at FROM question_moves m JOIN questions q ON q.id = m.question_id
          WHERE m.werkplaats_id = $1 AND m.movement = 'verrijken' AND m.by_kind = 'national_partner' AND m.at >= $2
          ORDER BY m.at DESC, m.id DESC LIMIT 20",
    )
    .bind(t.id())
    .bind(since)
    .fetch_all(conn)
    .await?)
}

/// Sets who may read a question: `public` or `members`.
pub async fn set_question_visibility(conn: &mut Conn, t: &Tenant, id: i64, visibility: &str) -> Result<()> {
    let done = sqlx::query("UPDATE questions SET visibility = $1 WHERE werkplaats_id = $2 AND id = $3")
        .bind(visibility)
        .bind(t.id())
        .bind(id)
        .execute(conn)
        .await?;
    crate::organisation::affected(done.rows_affected())
}

/// The email addresses of a werkplaats's programme coordinators.
pub async fn coordinator_addresses(conn: &mut Conn, t: &Tenant) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT a.email FROM role_assignments r JOIN accounts a ON a.id = r.account_id
          WHERE r.werkplaats_id = $1 AND r.role = 'programme-coordinator' ORDER BY a.email",
    )
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

/// One move, of a question of this werkplaats.
pub async fn move_by_id(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<MoveRow>> {
    Ok(sqlx::query_as(&format!("SELECT {MOVE_COLUMNS} FROM question_moves WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// Restates the first move of a question (the demo tells a path that began years ago; the
/// question's first move was recorded when the demo made it): its step, who, note and time, and
/// the local status that step means.
pub async fn restate_first_move(conn: &mut Conn, t: &Tenant, question_id: i64, m: &NewMove<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE question_moves SET movement = $1, step = $2, by_kind = $3, by_name = $4, note = $5, at = $6
          WHERE id = (SELECT MIN(id) FROM question_moves WHERE werkplaats_id = $7 AND question_id = $8)",
    )
    .bind(m.movement)
    .bind(m.step)
    .bind(m.by_kind)
    .bind(m.by_name)
    .bind(m.note)
    .bind(m.at)
    .bind(t.id())
    .bind(question_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE questions SET status = COALESCE($1, status), movement = $2 WHERE werkplaats_id = $3 AND id = $4",
    )
    .bind(m.status)
    .bind(m.movement)
    .bind(t.id())
    .bind(question_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The id of a question by its exact title (the demo finds the questions it made).
pub async fn question_by_title(conn: &mut Conn, t: &Tenant, title: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM questions WHERE werkplaats_id = $1 AND title = $2")
        .bind(t.id())
        .bind(title)
        .fetch_optional(conn)
        .await?)
}

/// The id of a knowledge product or an approach by its exact title (the demo finds what it made).
pub async fn item_by_title(conn: &mut Conn, t: &Tenant, kind: &str, title: &str) -> Result<Option<i64>> {
    let table = if kind == "knowledge_product" { "knowledge_products" } else { "approaches" };
    Ok(sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE werkplaats_id = $1 AND title = $2"))
        .bind(t.id())
        .bind(title)
        .fetch_optional(conn)
        .await?)
}

// ---- what may be handed over ----------------------------------------------------------------------

/// A knowledge product or approach offered in the form of a move, with its werkplaats.
/// `detail` is the product's status or the approach's kind.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HandoverRow {
    pub id: i64,
    pub title: String,
    pub werkplaats: String,
    pub werkplaats_name: String,
    pub detail: String,
}

/// `%term%` for `LIKE … ESCAPE '\'`, lower case; `%` (everything) without a term.
fn like_pattern(search: Option<&str>) -> String {
    let term = search.map(str::trim).unwrap_or_default().to_lowercase();
    if term.is_empty() {
        return "%".to_owned();
    }
    let mut out = String::from("%");
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// ` OR {column} IN ($n, …)` for the ids that must be offered whatever the search (those already
/// ticked), placeholders numbered from `first`.
fn kept(column: &str, keep: &[i64], first: usize) -> String {
    if keep.is_empty() {
        return String::new();
    }
    let list: Vec<String> = (0..keep.len()).map(|i| format!("${}", first + i)).collect();
    format!(" OR {column} IN ({})", list.join(", "))
}

/// Knowledge products that may be handed over: published public ones of every werkplaats, and
/// every product of `own` (for those who write there). Those of `own` first, then by werkplaats
/// and title; titles matching `search`, plus the ids in `keep`; at most `limit`.
pub async fn handover_products(
    conn: &mut Conn,
    own: Option<&Tenant>,
    search: Option<&str>,
    keep: &[i64],
    limit: i64,
) -> Result<Vec<HandoverRow>> {
    let sql = format!(
        "SELECT p.id, p.title, w.slug AS werkplaats, w.name AS werkplaats_name, p.status AS detail
           FROM knowledge_products p JOIN werkplaatsen w ON w.id = p.werkplaats_id
          WHERE ((p.visibility = 'public' AND p.status = 'published') OR p.werkplaats_id = $1)
            AND (LOWER(p.title) LIKE $2 ESCAPE '\\'{})
          ORDER BY CASE WHEN p.werkplaats_id = $1 THEN 0 ELSE 1 END, w.name, LOWER(p.title), p.id
          LIMIT $3",
        kept("p.id", keep, 4)
    );
    let mut query = sqlx::query_as(&sql).bind(own.map_or(-1, Tenant::id)).bind(like_pattern(search)).bind(limit);
    for id in keep {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(conn).await?)
}

/// Approaches and working factors of every werkplaats (they are public), as
/// [`handover_products`] orders and narrows them.
pub async fn handover_approaches(
    conn: &mut Conn,
    own: Option<&Tenant>,
    search: Option<&str>,
    keep: &[i64],
    limit: i64,
) -> Result<Vec<HandoverRow>> {
    let sql = format!(
        "SELECT a.id, a.title, w.slug AS werkplaats, w.name AS werkplaats_name, a.kind AS detail
           FROM approaches a JOIN werkplaatsen w ON w.id = a.werkplaats_id
          WHERE (LOWER(a.title) LIKE $2 ESCAPE '\\'{})
          ORDER BY CASE WHEN a.werkplaats_id = $1 THEN 0 ELSE 1 END, w.name, LOWER(a.title), a.id
          LIMIT $3",
        kept("a.id", keep, 4)
    );
    let mut query = sqlx::query_as(&sql).bind(own.map_or(-1, Tenant::id)).bind(like_pattern(search)).bind(limit);
    for id in keep {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(conn).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_cannot_widen_the_pattern() {
        assert_eq!(like_pattern(None), "%");
        assert_eq!(like_pattern(Some("  Eenzaam ")), "%eenzaam%");
        assert_eq!(like_pattern(Some("50%_a\\b")), "%50\\%\\_a\\\\b%");
        assert_eq!(kept("p.id", &[], 4), "");
        assert_eq!(kept("p.id", &[7, 9], 4), " OR p.id IN ($4, $5)");
    }
}

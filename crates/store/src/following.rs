//! Following and email digests: what a person follows, their digest settings, the scheduler's
//! claim of due digests, and what is new in a followed werkplaats, theme, project or kwestie.
//!
//! Follows belong to an account (accounts are installation-wide), so the follow queries are keyed
//! by account, like `knowledge::products_by_person_account`. What is new in a werkplaats, theme or
//! project takes its `&Tenant`; a kwestie is shared by every werkplaats (the deliberate exception of
//! `kwesties`), so what is new in a kwestie spans werkplaatsen and each row names its werkplaats.
use crate::{Conn, Result, Tenant};

/// One follow, with the name of what is followed (`None`: it was deleted since).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FollowRow {
    pub id: i64,
    pub kind: String,
    /// The werkplaats of a werkplaats, theme or project follow; `None` for a kwestie.
    pub werkplaats: Option<String>,
    pub target_id: i64,
    pub name: Option<String>,
    /// A project's visibility (`public`/`members`); `None` for the other kinds.
    pub project_visibility: Option<String>,
    pub created_at: String,
}

/// What is followed: a werkplaats, or a theme, project or kwestie by id.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Werkplaats(&'a Tenant),
    Theme(&'a Tenant, i64),
    Project(&'a Tenant, i64),
    Kwestie(i64),
}

impl Target<'_> {
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Werkplaats(_) => "werkplaats",
            Target::Theme(..) => "theme",
            Target::Project(..) => "project",
            Target::Kwestie(_) => "kwestie",
        }
    }

    fn werkplaats_id(&self) -> Option<i64> {
        match self {
            Target::Werkplaats(t) | Target::Theme(t, _) | Target::Project(t, _) => Some(t.id()),
            Target::Kwestie(_) => None,
        }
    }

    fn target_id(&self) -> i64 {
        match self {
            Target::Werkplaats(t) => t.id(),
            Target::Theme(_, id) | Target::Project(_, id) | Target::Kwestie(id) => *id,
        }
    }
}

const FOLLOW_SELECT: &str = "SELECT f.id, f.kind, w.slug AS werkplaats, f.target_id,
        COALESCE(th.title, p.title, k.label, wt.name) AS name, p.visibility AS project_visibility, f.created_at
    FROM follows f
    LEFT JOIN werkplaatsen w ON w.id = f.werkplaats_id
    LEFT JOIN themes th ON f.kind = 'theme' AND th.id = f.target_id AND th.werkplaats_id = f.werkplaats_id
    LEFT JOIN projects p ON f.kind = 'project' AND p.id = f.target_id AND p.werkplaats_id = f.werkplaats_id
    LEFT JOIN kwesties k ON f.kind = 'kwestie' AND k.id = f.target_id
    LEFT JOIN werkplaatsen wt ON f.kind = 'werkplaats' AND wt.id = f.target_id";

/// Everything a person follows, oldest follow first.
pub async fn follows(conn: &mut Conn, account_id: i64) -> Result<Vec<FollowRow>> {
    Ok(sqlx::query_as(&format!("{FOLLOW_SELECT} WHERE f.account_id = $1 ORDER BY f.id"))
        .bind(account_id)
        .fetch_all(conn)
        .await?)
}

/// The follow of this target by this person, if any.
pub async fn follow_of(conn: &mut Conn, account_id: i64, target: Target<'_>) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM follows WHERE account_id = $1 AND kind = $2 AND target_id = $3")
        .bind(account_id)
        .bind(target.kind())
        .bind(target.target_id())
        .fetch_optional(conn)
        .await?)
}

/// Follows a target; following it again changes nothing. The follow's id, and whether it is new.
pub async fn insert_follow(conn: &mut Conn, account_id: i64, target: Target<'_>, now: &str) -> Result<(i64, bool)> {
    let done = sqlx::query(
        "INSERT INTO follows (account_id, kind, werkplaats_id, target_id, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id, kind, target_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(target.kind())
    .bind(target.werkplaats_id())
    .bind(target.target_id())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let id = follow_of(conn, account_id, target).await?.ok_or(crate::StoreError::NotFound)?;
    Ok((id, done.rows_affected() == 1))
}

/// Ends one follow of this person; whether there was one.
pub async fn delete_follow(conn: &mut Conn, account_id: i64, id: i64) -> Result<bool> {
    let done = sqlx::query("DELETE FROM follows WHERE account_id = $1 AND id = $2")
        .bind(account_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every follow and the digest settings of a person go (erasure).
pub async fn delete_all(conn: &mut Conn, account_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM follows WHERE account_id = $1").bind(account_id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM follow_settings WHERE account_id = $1").bind(account_id).execute(conn).await?;
    Ok(())
}

// ---- settings ----------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SettingsRow {
    pub account_id: i64,
    pub frequency: String,
    pub last_digest_at: String,
    pub queued_period: String,
}

pub async fn settings(conn: &mut Conn, account_id: i64) -> Result<Option<SettingsRow>> {
    Ok(sqlx::query_as(
        "SELECT account_id, frequency, last_digest_at, queued_period FROM follow_settings WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(conn)
    .await?)
}

/// The first settings of a person: the given frequency, digests from `now` on, the current
/// `period` counted as queued (the first digest comes at the next one). Existing settings stay.
pub struct NewSettings<'a> {
    pub account_id: i64,
    pub frequency: &'a str,
    pub now: &'a str,
    pub period: &'a str,
    pub unsubscribe_hash: &'a str,
}

pub async fn ensure_settings(conn: &mut Conn, s: &NewSettings<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO follow_settings (account_id, frequency, last_digest_at, queued_period, unsubscribe_hash)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id) DO NOTHING",
    )
    .bind(s.account_id)
    .bind(s.frequency)
    .bind(s.now)
    .bind(s.period)
    .bind(s.unsubscribe_hash)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_frequency(conn: &mut Conn, account_id: i64, frequency: &str) -> Result<()> {
    sqlx::query("UPDATE follow_settings SET frequency = $1 WHERE account_id = $2")
        .bind(frequency)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Turns the digest of the person with this unsubscribe hash off; their account id, if any.
pub async fn unsubscribe(conn: &mut Conn, unsubscribe_hash: &str) -> Result<Option<i64>> {
    let account: Option<i64> = sqlx::query_scalar("SELECT account_id FROM follow_settings WHERE unsubscribe_hash = $1")
        .bind(unsubscribe_hash)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(id) = account {
        set_frequency(conn, id, "off").await?;
    }
    Ok(account)
}

/// Whether an unsubscribe hash belongs to someone (the confirmation page).
pub async fn unsubscribe_known(conn: &mut Conn, unsubscribe_hash: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM follow_settings WHERE unsubscribe_hash = $1")
        .bind(unsubscribe_hash)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Where the next digest of this person starts.
pub async fn set_last_digest(conn: &mut Conn, account_id: i64, at: &str) -> Result<()> {
    sqlx::query("UPDATE follow_settings SET last_digest_at = $1 WHERE account_id = $2")
        .bind(at)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Claims the people with this frequency whose digest of `period` is not queued yet and who
/// follow something: marks the period queued and returns them. Run in the transaction that
/// enqueues their jobs, so either both happen or neither.
pub async fn claim_due_digests(conn: &mut Conn, frequency: &str, period: &str) -> Result<Vec<i64>> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT s.account_id FROM follow_settings s
         WHERE s.frequency = $1 AND s.queued_period <> $2
           AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = s.account_id)
         ORDER BY s.account_id",
    )
    .bind(frequency)
    .bind(period)
    .fetch_all(&mut *conn)
    .await?;
    if !due.is_empty() {
        sqlx::query("UPDATE follow_settings SET queued_period = $1 WHERE frequency = $2 AND queued_period <> $1")
            .bind(period)
            .bind(frequency)
            .execute(conn)
            .await?;
    }
    Ok(due)
}

// ---- what is new -------------------------------------------------------------------------------

/// A knowledge product published in the window.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NewProduct {
    pub werkplaats: String,
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub visibility: String,
    pub theme_group_id: Option<i64>,
    pub published_at: String,
}

/// An activity planned in the window.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NewActivity {
    pub werkplaats: String,
    pub id: i64,
    pub title: String,
    pub starts_at: String,
    pub audience: String,
}

/// A move of a practice question through the lemniscate in the window.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NewMove {
    pub werkplaats: String,
    pub question_id: i64,
    pub title: String,
    pub movement: String,
    pub visibility: String,
    pub handed_national: bool,
    pub at: String,
}

/// The condition that picks the rows of a target; `$3` is its id. `None`: this kind of item is
/// not linked to this kind of target.
fn scope(target: &Target<'_>, table: &str, alias: &str) -> Option<String> {
    let own = format!("{alias}.werkplaats_id = $3");
    Some(match (target, table) {
        (Target::Werkplaats(_), _) => own,
        (Target::Theme(..), "knowledge_products") => {
            format!("{alias}.id IN (SELECT product_id FROM knowledge_product_themes WHERE theme_id = $4)")
        }
        (Target::Theme(..), "activities") => {
            format!("{alias}.id IN (SELECT activity_id FROM activity_themes WHERE theme_id = $4)")
        }
        (Target::Theme(..), _) => return None,
        (Target::Project(..), "questions") => format!("q.project_id = $4 AND {own}"),
        (Target::Project(..), _) => format!("{alias}.project_id = $4 AND {own}"),
        (Target::Kwestie(_), "knowledge_products") => {
            format!("{alias}.id IN (SELECT product_id FROM knowledge_product_kwesties WHERE kwestie_id = $4)")
        }
        (Target::Kwestie(_), "questions") => {
            "q.id IN (SELECT question_id FROM question_kwesties WHERE kwestie_id = $4)".to_owned()
        }
        (Target::Kwestie(_), _) => return None,
    })
}

fn binds(target: &Target<'_>) -> (i64, i64) {
    (target.werkplaats_id().unwrap_or(-1), target.target_id())
}

/// Products published in `[since, until)` in the target (public or not: the caller filters by
/// who reads), newest first, at most `limit`.
pub async fn new_products(
    conn: &mut Conn,
    target: Target<'_>,
    since: &str,
    until: &str,
    limit: i64,
) -> Result<Vec<NewProduct>> {
    let Some(cond) = scope(&target, "knowledge_products", "kp") else { return Ok(vec![]) };
    let (wp, id) = binds(&target);
    Ok(sqlx::query_as(&format!(
        "SELECT w.slug AS werkplaats, kp.id, kp.kind, kp.title, kp.visibility, kp.theme_group_id,
                COALESCE(kp.reviewed_at, kp.updated_at) AS published_at
         FROM knowledge_products kp JOIN werkplaatsen w ON w.id = kp.werkplaats_id
         WHERE kp.status = 'published' AND COALESCE(kp.reviewed_at, kp.updated_at) >= $1
           AND COALESCE(kp.reviewed_at, kp.updated_at) < $2 AND ({cond}) AND $3 = $3 AND $4 = $4
         ORDER BY published_at DESC, kp.id DESC LIMIT $5"
    ))
    .bind(since)
    .bind(until)
    .bind(wp)
    .bind(id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Activities planned in `[since, until)` in the target that have not been cancelled.
pub async fn new_activities(
    conn: &mut Conn,
    target: Target<'_>,
    since: &str,
    until: &str,
    limit: i64,
) -> Result<Vec<NewActivity>> {
    let Some(cond) = scope(&target, "activities", "a") else { return Ok(vec![]) };
    let (wp, id) = binds(&target);
    Ok(sqlx::query_as(&format!(
        "SELECT w.slug AS werkplaats, a.id, a.title, a.starts_at, a.audience
         FROM activities a JOIN werkplaatsen w ON w.id = a.werkplaats_id
         WHERE a.status = 'scheduled' AND a.created_at >= $1 AND a.created_at < $2 AND ({cond}) AND $3 = $3 AND $4 = $4
         ORDER BY a.starts_at, a.id LIMIT $5"
    ))
    .bind(since)
    .bind(until)
    .bind(wp)
    .bind(id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// (werkplaats, question id, title, movement, visibility, handed national at, at)
type MoveTuple = (String, i64, String, String, String, Option<String>, String);

/// Lemniscate moves of questions in `[since, until)` in the target, newest first.
pub async fn new_moves(
    conn: &mut Conn,
    target: Target<'_>,
    since: &str,
    until: &str,
    limit: i64,
) -> Result<Vec<NewMove>> {
    let Some(cond) = scope(&target, "questions", "q") else { return Ok(vec![]) };
    let (wp, id) = binds(&target);
    let rows: Vec<MoveTuple> = sqlx::query_as(&format!(
        "SELECT w.slug, q.id, q.title, m.movement, q.visibility, q.handed_national_at, m.at
         FROM question_moves m JOIN questions q ON q.id = m.question_id AND q.werkplaats_id = m.werkplaats_id
         JOIN werkplaatsen w ON w.id = q.werkplaats_id
         WHERE m.at >= $1 AND m.at < $2 AND ({cond}) AND $3 = $3 AND $4 = $4
         ORDER BY m.at DESC, m.id DESC LIMIT $5"
    ))
    .bind(since)
    .bind(until)
    .bind(wp)
    .bind(id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(werkplaats, question_id, title, movement, visibility, handed, at)| NewMove {
            werkplaats,
            question_id,
            title,
            movement,
            visibility,
            handed_national: handed.is_some(),
            at,
        })
        .collect())
}

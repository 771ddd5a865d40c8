//! Stories with their consent records.
use crate::{Conn, Result, Tenant, now_text};

// ---- stories --------------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, sqlx::FromRow, serde::Serialize)]
pub struct StoryRow {
    pub id: i64,
    pub title: String,
    pub narrator_role: String,
    pub narrator_name: Option<String>,
    pub show_name: i64,
    pub text: String,
    pub social_quality: String,
    pub factors: String,
    pub consent_use: String,
    pub consent_given_by: String,
    pub consent_on: String,
    pub consent_recorded_by: String,
    pub withdrawn_at: Option<String>,
    pub withdrawn_by: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

pub(super) const STORY_COLUMNS: &str =
    "id, title, narrator_role, narrator_name, show_name, text, social_quality, factors,
    consent_use, consent_given_by, consent_on, consent_recorded_by, withdrawn_at, withdrawn_by, created_by,
    created_at, updated_at";

/// Inserts (`id` None) or updates a story's content and consent; withdrawal has its own function.
pub async fn save_story(conn: &mut Conn, t: &Tenant, id: Option<i64>, s: &StoryRow) -> Result<i64> {
    let now = now_text();
    let q = match id {
        None => sqlx::query_scalar(
            "INSERT INTO stories (title, narrator_role, narrator_name, show_name, text, social_quality, factors,
                consent_use, consent_given_by, consent_on, consent_recorded_by, created_by, created_at, updated_at,
                werkplaats_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) RETURNING id",
        ),
        Some(_) => sqlx::query_scalar(
            "UPDATE stories SET title = $1, narrator_role = $2, narrator_name = $3, show_name = $4, text = $5,
                social_quality = $6, factors = $7, consent_use = $8, consent_given_by = $9, consent_on = $10,
                consent_recorded_by = $11, created_by = COALESCE(created_by, $12), updated_at = $13
             WHERE werkplaats_id = $14 AND id = $15 AND withdrawn_at IS NULL RETURNING id",
        ),
    };
    let q = q
        .bind(&s.title)
        .bind(&s.narrator_role)
        .bind(&s.narrator_name)
        .bind(s.show_name)
        .bind(&s.text)
        .bind(&s.social_quality)
        .bind(&s.factors)
        .bind(&s.consent_use)
        .bind(&s.consent_given_by)
        .bind(&s.consent_on)
        .bind(&s.consent_recorded_by)
        .bind(s.created_by)
        .bind(now)
        .bind(t.id());
    let q = match id {
        Some(id) => q.bind(id),
        None => q,
    };
    q.fetch_optional(conn).await?.ok_or(crate::StoreError::NotFound)
}

/// Consent withdrawn: the narrative and the narrator's name are erased at once; the consent
/// record (who gave it, when, for what, who withdrew it and when) stays as proof.
pub async fn withdraw_story(conn: &mut Conn, t: &Tenant, id: i64, by: &str) -> Result<()> {
    let now = now_text();
    let done = sqlx::query(
        "UPDATE stories SET text = '', social_quality = '', narrator_name = NULL, show_name = 0,
            title = 'Verhaal ingetrokken', withdrawn_at = $1, withdrawn_by = $2, updated_at = $1
         WHERE werkplaats_id = $3 AND id = $4 AND withdrawn_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(t.id())
    .bind(id)
    .execute(conn)
    .await?;
    crate::organisation::affected(done.rows_affected())
}

pub async fn story(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<StoryRow>> {
    Ok(sqlx::query_as(&format!("SELECT {STORY_COLUMNS} FROM stories WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn stories(conn: &mut Conn, t: &Tenant) -> Result<Vec<StoryRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {STORY_COLUMNS} FROM stories WHERE werkplaats_id = $1 ORDER BY updated_at DESC, id DESC"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

// ---- search outbox --------------------------------------------------------------------------------

/// The advisory lock key of outbox writers on PostgreSQL ("outbox" in ASCII).
const OUTBOX_LOCK: i64 = 0x6f75_7462_6f78;

/// Records that `(doc_type, doc_id)` changed; call in the transaction that changed it, as its
/// last write where possible.
///
/// Readers apply the outbox in id order and remember the last id applied, so ids must become
/// visible in the order they were handed out. SQLite guarantees that (one writer at a time);
/// PostgreSQL hands out identity values at insert, not at commit, so a transaction that got id 10
/// could commit after one that got id 11 — and a reader that had applied 11 would skip 10 for
/// good. A transaction-scoped advisory lock, taken here and released at commit, makes outbox
/// writers commit one after another from their first outbox row on.
pub async fn outbox_push(conn: &mut Conn, t: &Tenant, doc_type: &str, doc_id: i64) -> Result<()> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(OUTBOX_LOCK).execute(&mut *conn).await?;
    }
    sqlx::query("INSERT INTO search_outbox (werkplaats_id, doc_type, doc_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(t.id())
        .bind(doc_type)
        .bind(doc_id)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(())
}

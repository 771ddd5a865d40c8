//! Two-step verification of an account: its TOTP secret, whether it is on, the last time step
//! accepted (a code is never accepted twice), and its recovery codes (hashed, used once).
use crate::{Conn, Result, now_text};

/// Stores a new secret for enrolment; two-step verification stays off until it is confirmed.
pub async fn set_totp_secret(conn: &mut Conn, account_id: i64, secret: &str) -> Result<()> {
    sqlx::query("UPDATE accounts SET totp_secret = $2, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1")
        .bind(account_id)
        .bind(secret)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn enable_totp(conn: &mut Conn, account_id: i64, step: i64) -> Result<()> {
    sqlx::query("UPDATE accounts SET totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1")
        .bind(account_id)
        .bind(now_text())
        .bind(step)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn disable_totp(conn: &mut Conn, account_id: i64) -> Result<()> {
    sqlx::query("UPDATE accounts SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1").bind(account_id).execute(conn).await?;
    Ok(())
}

/// Accepts time step `step` if it is later than the last one accepted: whether it was. A
/// conditional update, so two requests with the same code cannot both pass.
pub async fn accept_step(conn: &mut Conn, account_id: i64, step: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE accounts SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(account_id)
    .bind(step)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Replaces the recovery codes of an account with these hashes.
pub async fn replace_recovery_codes(conn: &mut Conn, account_id: i64, hashes: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1").bind(account_id).execute(&mut *conn).await?;
    for h in hashes {
        sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
            .bind(account_id)
            .bind(h)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses an unused recovery code of the account: whether there was one with this hash.
pub async fn use_recovery_code(conn: &mut Conn, account_id: i64, code_hash: &str) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(account_id)
    .bind(code_hash)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn recovery_codes_left(conn: &mut Conn, account_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL")
        .bind(account_id)
        .fetch_one(conn)
        .await?)
}

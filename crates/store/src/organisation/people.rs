//! People with their functions, and letters of intent.
use super::*;
use crate::{Conn, Result, Tenant, now_text, nullable_f64};

// ---- people --------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PersonFull {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub organisation_id: Option<i64>,
    pub position: Option<String>,
    pub is_manager: i64,
    pub days_per_week: Option<f64>,
}

pub struct PersonFields<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub organisation_id: Option<i64>,
    pub position: Option<&'a str>,
    pub is_manager: bool,
    pub days_per_week: Option<f64>,
}

pub(super) const PERSON_COLUMNS: &str = "id, name, email, organisation_id, position, is_manager, days_per_week";

pub async fn people_full(conn: &mut Conn, t: &Tenant) -> Result<Vec<PersonFull>> {
    Ok(sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} FROM people WHERE werkplaats_id = $1 ORDER BY name, id"))
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

pub async fn person(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<PersonFull>> {
    Ok(sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} FROM people WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_person_full(conn: &mut Conn, t: &Tenant, f: &PersonFields<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO people (werkplaats_id, name, email, organisation_id, position, is_manager, days_per_week, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, -1.0), $8) RETURNING id",
    )
    .bind(t.id())
    .bind(f.name)
    .bind(f.email)
    .bind(f.organisation_id)
    .bind(f.position)
    .bind(i64::from(f.is_manager))
    .bind(nullable_f64(f.days_per_week))
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

pub async fn update_person(conn: &mut Conn, t: &Tenant, id: i64, f: &PersonFields<'_>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE people SET name = $3, email = $4, organisation_id = $5, position = $6, is_manager = $7,
                days_per_week = NULLIF($8, -1.0) WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.name)
    .bind(f.email)
    .bind(f.organisation_id)
    .bind(f.position)
    .bind(i64::from(f.is_manager))
    .bind(nullable_f64(f.days_per_week))
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

/// Every (person, function) of the werkplaats.
pub async fn all_functions(conn: &mut Conn, t: &Tenant) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT person_id, function FROM person_functions WHERE werkplaats_id = $1 ORDER BY person_id")
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

pub async fn set_functions(conn: &mut Conn, t: &Tenant, person_id: i64, functions: &[&str]) -> Result<()> {
    sqlx::query("DELETE FROM person_functions WHERE werkplaats_id = $1 AND person_id = $2")
        .bind(t.id())
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    for f in functions {
        sqlx::query("INSERT INTO person_functions (werkplaats_id, person_id, function) VALUES ($1, $2, $3)")
            .bind(t.id())
            .bind(person_id)
            .bind(f)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

// ---- letters of intent ---------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct LetterRow {
    pub id: i64,
    pub organisation_id: i64,
    pub signed_on: String,
    pub representative_id: Option<i64>,
    pub estimated_hours: Option<i64>,
    pub estimated_note: Option<String>,
}

pub struct LetterFields<'a> {
    pub organisation_id: i64,
    pub signed_on: &'a str,
    pub representative_id: Option<i64>,
    pub estimated_hours: Option<i64>,
    pub estimated_note: Option<&'a str>,
}

pub(super) const LETTER_COLUMNS: &str =
    "id, organisation_id, signed_on, representative_id, estimated_hours, estimated_note";

pub async fn letters(conn: &mut Conn, t: &Tenant) -> Result<Vec<LetterRow>> {
    Ok(sqlx::query_as(&format!("SELECT {LETTER_COLUMNS} FROM letters_of_intent WHERE werkplaats_id = $1 ORDER BY id"))
        .bind(t.id())
        .fetch_all(conn)
        .await?)
}

pub async fn letter(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<LetterRow>> {
    Ok(sqlx::query_as(&format!("SELECT {LETTER_COLUMNS} FROM letters_of_intent WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_letter(conn: &mut Conn, t: &Tenant, f: &LetterFields<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO letters_of_intent (werkplaats_id, organisation_id, signed_on, representative_id, estimated_hours,
                                        estimated_note)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(t.id())
    .bind(f.organisation_id)
    .bind(f.signed_on)
    .bind(f.representative_id)
    .bind(f.estimated_hours)
    .bind(f.estimated_note)
    .fetch_one(conn)
    .await?)
}

pub async fn update_letter(conn: &mut Conn, t: &Tenant, id: i64, f: &LetterFields<'_>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE letters_of_intent SET organisation_id = $3, signed_on = $4, representative_id = $5,
                estimated_hours = $6, estimated_note = $7 WHERE werkplaats_id = $1 AND id = $2",
    )
    .bind(t.id())
    .bind(id)
    .bind(f.organisation_id)
    .bind(f.signed_on)
    .bind(f.representative_id)
    .bind(f.estimated_hours)
    .bind(f.estimated_note)
    .execute(conn)
    .await?;
    affected(done.rows_affected())
}

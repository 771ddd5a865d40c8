use crate::{Conn, Result, Tenant, now_text};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WerkplaatsRow {
    pub slug: String,
    pub name: String,
    pub region: String,
}

pub struct NewWerkplaats<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub region: &'a str,
    pub association: &'a str,
}

/// All werkplaatsen, by name. Not tenant data: the list is the public front door.
pub async fn list(conn: &mut Conn) -> Result<Vec<WerkplaatsRow>> {
    Ok(sqlx::query_as("SELECT slug, name, region FROM werkplaatsen ORDER BY name").fetch_all(conn).await?)
}

/// The slug of the first werkplaats made on this installation, if any.
pub async fn oldest(conn: &mut Conn) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT slug FROM werkplaatsen ORDER BY id LIMIT 1").fetch_optional(conn).await?)
}

pub async fn tenant(conn: &mut Conn, slug: &str) -> Result<Option<Tenant>> {
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, slug, name, region FROM werkplaatsen WHERE slug = $1")
            .bind(slug)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id, slug, name, region)| Tenant { id, slug, name, region }))
}

pub async fn insert(conn: &mut Conn, w: &NewWerkplaats<'_>) -> Result<Tenant> {
    let association_id: Option<i64> = sqlx::query_scalar("SELECT id FROM associations WHERE name = $1")
        .bind(w.association)
        .fetch_optional(&mut *conn)
        .await?;
    let association_id = match association_id {
        Some(id) => id,
        None => {
            sqlx::query_scalar("INSERT INTO associations (name) VALUES ($1) RETURNING id")
                .bind(w.association)
                .fetch_one(&mut *conn)
                .await?
        }
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO werkplaatsen (association_id, slug, name, region, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(association_id)
    .bind(w.slug)
    .bind(w.name)
    .bind(w.region)
    .bind(now_text())
    .fetch_one(conn)
    .await?;
    Ok(Tenant { id, slug: w.slug.to_owned(), name: w.name.to_owned(), region: w.region.to_owned() })
}

impl Tenant {
    pub(crate) fn id(&self) -> i64 {
        self.id
    }
}

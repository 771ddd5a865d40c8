//! The knowledge base (DOMAIN §7): knowledge products with their files, kwesties (shared by all
//! werkplaatsen), practice questions, approaches and working factors, stories with consent, and
//! the search outbox that tells every instance's index what changed.
use crate::{Conn, Result, Tenant, now_text};

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

const KWESTIE_USES: &str = "(SELECT COUNT(*) FROM knowledge_product_kwesties x WHERE x.kwestie_id = k.id)
    + (SELECT COUNT(*) FROM question_kwesties x WHERE x.kwestie_id = k.id)
    + (SELECT COUNT(*) FROM approach_kwesties x WHERE x.kwestie_id = k.id)
    + (SELECT COUNT(*) FROM story_kwesties x WHERE x.kwestie_id = k.id)";

pub async fn kwesties(conn: &mut Conn) -> Result<Vec<KwestieRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT k.id, k.label, k.description, {KWESTIE_USES} AS uses FROM kwesties k ORDER BY k.label"
    ))
    .fetch_all(conn)
    .await?)
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

// ---- knowledge products ---------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProductRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub project_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub year: Option<i64>,
    pub published_on: Option<String>,
    pub licence: String,
    pub language: String,
    pub audiences: String,
    pub four_os: String,
    pub links: String,
    pub author_names: String,
    pub visibility: String,
    pub status: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_note: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

const PRODUCT_COLUMNS: &str = "id, kind, title, summary, body, project_id, theme_group_id, year, published_on,
    licence, language, audiences, four_os, links, author_names, visibility, status, submitted_by, submitted_at,
    reviewed_by, reviewed_at, review_note, created_by, created_at, updated_at";

/// The editable fields of a knowledge product (JSON arrays as text).
#[derive(Debug, Clone)]
pub struct ProductFields {
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub project_id: Option<i64>,
    pub theme_group_id: Option<i64>,
    pub year: Option<i64>,
    pub published_on: Option<String>,
    pub licence: String,
    pub language: String,
    pub audiences: String,
    pub four_os: String,
    pub links: String,
    pub author_names: String,
    pub visibility: String,
}

pub async fn insert_product(
    conn: &mut Conn,
    t: &Tenant,
    f: &ProductFields,
    status: &str,
    created_by: Option<i64>,
) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO knowledge_products (werkplaats_id, kind, title, summary, body, project_id, theme_group_id, year,
            published_on, licence, language, audiences, four_os, links, author_names, visibility, status, created_by,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
         RETURNING id",
    )
    .bind(t.id())
    .bind(&f.kind)
    .bind(&f.title)
    .bind(&f.summary)
    .bind(&f.body)
    .bind(f.project_id)
    .bind(f.theme_group_id)
    .bind(f.year)
    .bind(&f.published_on)
    .bind(&f.licence)
    .bind(&f.language)
    .bind(&f.audiences)
    .bind(&f.four_os)
    .bind(&f.links)
    .bind(&f.author_names)
    .bind(&f.visibility)
    .bind(status)
    .bind(created_by)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn update_product(conn: &mut Conn, t: &Tenant, id: i64, f: &ProductFields) -> Result<()> {
    let done = sqlx::query(
        "UPDATE knowledge_products SET kind = $1, title = $2, summary = $3, body = $4, project_id = $5,
            theme_group_id = $6, year = $7, published_on = $8, licence = $9, language = $10, audiences = $11,
            four_os = $12, links = $13, author_names = $14, visibility = $15, updated_at = $16
         WHERE werkplaats_id = $17 AND id = $18",
    )
    .bind(&f.kind)
    .bind(&f.title)
    .bind(&f.summary)
    .bind(&f.body)
    .bind(f.project_id)
    .bind(f.theme_group_id)
    .bind(f.year)
    .bind(&f.published_on)
    .bind(&f.licence)
    .bind(&f.language)
    .bind(&f.audiences)
    .bind(&f.four_os)
    .bind(&f.links)
    .bind(&f.author_names)
    .bind(&f.visibility)
    .bind(now_text())
    .bind(t.id())
    .bind(id)
    .execute(conn)
    .await?;
    crate::organisation::affected(done.rows_affected())
}

/// A step of the review workflow: who moved it to `status`, when, with an optional note.
pub async fn set_product_status(
    conn: &mut Conn,
    t: &Tenant,
    id: i64,
    status: &str,
    by: &str,
    note: Option<&str>,
) -> Result<()> {
    let now = now_text();
    let sql = match status {
        "review" => {
            "UPDATE knowledge_products SET status = $1, submitted_by = $2, submitted_at = $3, review_note = $4,
                updated_at = $3 WHERE werkplaats_id = $5 AND id = $6"
        }
        _ => {
            "UPDATE knowledge_products SET status = $1, reviewed_by = $2, reviewed_at = $3, review_note = $4,
                updated_at = $3 WHERE werkplaats_id = $5 AND id = $6"
        }
    };
    let done = sqlx::query(sql).bind(status).bind(by).bind(now).bind(note).bind(t.id()).bind(id).execute(conn).await?;
    crate::organisation::affected(done.rows_affected())
}

pub async fn product(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ProductRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM knowledge_products WHERE werkplaats_id = $1 AND id = $2"
    ))
    .bind(t.id())
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Products of a werkplaats, newest change first; `after` is the (updated_at, id) of the last
/// row of the previous page.
pub async fn products(
    conn: &mut Conn,
    t: &Tenant,
    statuses: &[&str],
    after: Option<(&str, i64)>,
    limit: i64,
) -> Result<Vec<ProductRow>> {
    let statuses = statuses.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect::<Vec<_>>().join(",");
    let (after_at, after_id) = after.unwrap_or(("9999", i64::MAX));
    Ok(sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM knowledge_products
         WHERE werkplaats_id = $1 AND status IN ({statuses}) AND (updated_at < $2 OR (updated_at = $2 AND id < $3))
         ORDER BY updated_at DESC, id DESC LIMIT $4"
    ))
    .bind(t.id())
    .bind(after_at)
    .bind(after_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Every product id of a werkplaats (for rebuilding the index).
pub async fn all_ids(conn: &mut Conn, t: &Tenant, table: KnowledgeTable) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(&format!("SELECT id FROM {} WHERE werkplaats_id = $1 ORDER BY id", table.name()))
        .bind(t.id())
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

// ---- files ----------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProductFileRow {
    pub id: i64,
    pub product_id: i64,
    pub storage_key: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: String,
}

pub struct NewProductFile<'a> {
    pub storage_key: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub extracted_text: &'a str,
}

pub async fn insert_file(conn: &mut Conn, t: &Tenant, product_id: i64, f: &NewProductFile<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO knowledge_product_files (werkplaats_id, product_id, storage_key, filename, content_type, size,
            extracted_text, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(t.id())
    .bind(product_id)
    .bind(f.storage_key)
    .bind(f.filename)
    .bind(f.content_type)
    .bind(f.size)
    .bind(f.extracted_text)
    .bind(now_text())
    .fetch_one(conn)
    .await?)
}

const FILE_COLUMNS: &str = "id, product_id, storage_key, filename, content_type, size, created_at";

pub async fn files(conn: &mut Conn, t: &Tenant, product_id: i64) -> Result<Vec<ProductFileRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FILE_COLUMNS} FROM knowledge_product_files WHERE werkplaats_id = $1 AND product_id = $2 ORDER BY id"
    ))
    .bind(t.id())
    .bind(product_id)
    .fetch_all(conn)
    .await?)
}

pub async fn file(conn: &mut Conn, t: &Tenant, product_id: i64, id: i64) -> Result<Option<ProductFileRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FILE_COLUMNS} FROM knowledge_product_files WHERE werkplaats_id = $1 AND product_id = $2 AND id = $3"
    ))
    .bind(t.id())
    .bind(product_id)
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The text of all files of a product, for the index.
pub async fn files_text(conn: &mut Conn, t: &Tenant, product_id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT extracted_text FROM knowledge_product_files WHERE werkplaats_id = $1 AND product_id = $2 ORDER BY id",
    )
    .bind(t.id())
    .bind(product_id)
    .fetch_all(conn)
    .await?)
}

pub async fn delete_file(conn: &mut Conn, t: &Tenant, product_id: i64, id: i64) -> Result<()> {
    let done =
        sqlx::query("DELETE FROM knowledge_product_files WHERE werkplaats_id = $1 AND product_id = $2 AND id = $3")
            .bind(t.id())
            .bind(product_id)
            .bind(id)
            .execute(conn)
            .await?;
    crate::organisation::affected(done.rows_affected())
}

// ---- questions ------------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct QuestionRow {
    pub id: i64,
    pub title: String,
    pub explanation: String,
    pub project_id: Option<i64>,
    pub status: String,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

pub async fn insert_question(
    conn: &mut Conn,
    t: &Tenant,
    title: &str,
    explanation: &str,
    project_id: Option<i64>,
    status: &str,
    created_by: Option<i64>,
) -> Result<i64> {
    let now = now_text();
    Ok(sqlx::query_scalar(
        "INSERT INTO questions (werkplaats_id, title, explanation, project_id, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(t.id())
    .bind(title)
    .bind(explanation)
    .bind(project_id)
    .bind(status)
    .bind(created_by)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

pub async fn update_question(
    conn: &mut Conn,
    t: &Tenant,
    id: i64,
    title: &str,
    explanation: &str,
    project_id: Option<i64>,
    status: &str,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE questions SET title = $1, explanation = $2, project_id = $3, status = $4, updated_at = $5
         WHERE werkplaats_id = $6 AND id = $7",
    )
    .bind(title)
    .bind(explanation)
    .bind(project_id)
    .bind(status)
    .bind(now_text())
    .bind(t.id())
    .bind(id)
    .execute(conn)
    .await?;
    crate::organisation::affected(done.rows_affected())
}

const QUESTION_COLUMNS: &str = "id, title, explanation, project_id, status, created_by, created_at, updated_at";

pub async fn question(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<QuestionRow>> {
    Ok(sqlx::query_as(&format!("SELECT {QUESTION_COLUMNS} FROM questions WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn questions(conn: &mut Conn, t: &Tenant) -> Result<Vec<QuestionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {QUESTION_COLUMNS} FROM questions WHERE werkplaats_id = $1 ORDER BY updated_at DESC, id DESC"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

// ---- approaches and working factors ---------------------------------------------------------------

#[derive(Debug, Clone, Default, sqlx::FromRow, serde::Serialize)]
pub struct ApproachRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub goal: String,
    pub target_group: String,
    pub method: String,
    pub working_elements: String,
    pub rationale: String,
    pub research: String,
    pub preconditions: String,
    pub context: String,
    pub recognition: String,
    pub approach_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

const APPROACH_COLUMNS: &str = "id, kind, title, summary, goal, target_group, method, working_elements, rationale,
    research, preconditions, context, recognition, approach_id, created_by, created_at, updated_at";

/// Inserts (`id` None) or updates an approach or working factor; the row's own `id`,
/// `created_*` and `updated_at` are ignored.
pub async fn save_approach(conn: &mut Conn, t: &Tenant, id: Option<i64>, a: &ApproachRow) -> Result<i64> {
    let now = now_text();
    let q = match id {
        None => sqlx::query_scalar(
            "INSERT INTO approaches (kind, title, summary, goal, target_group, method, working_elements, rationale,
                research, preconditions, context, recognition, approach_id, created_by, created_at, updated_at,
                werkplaats_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16) RETURNING id",
        ),
        Some(_) => sqlx::query_scalar(
            "UPDATE approaches SET kind = $1, title = $2, summary = $3, goal = $4, target_group = $5, method = $6,
                working_elements = $7, rationale = $8, research = $9, preconditions = $10, context = $11,
                recognition = $12, approach_id = $13, created_by = COALESCE(created_by, $14), updated_at = $15
             WHERE werkplaats_id = $16 AND id = $17 RETURNING id",
        ),
    };
    let q = q
        .bind(&a.kind)
        .bind(&a.title)
        .bind(&a.summary)
        .bind(&a.goal)
        .bind(&a.target_group)
        .bind(&a.method)
        .bind(&a.working_elements)
        .bind(&a.rationale)
        .bind(&a.research)
        .bind(&a.preconditions)
        .bind(&a.context)
        .bind(&a.recognition)
        .bind(a.approach_id)
        .bind(a.created_by)
        .bind(now)
        .bind(t.id());
    let q = match id {
        Some(id) => q.bind(id),
        None => q,
    };
    q.fetch_optional(conn).await?.ok_or(crate::StoreError::NotFound)
}

pub async fn approach(conn: &mut Conn, t: &Tenant, id: i64) -> Result<Option<ApproachRow>> {
    Ok(sqlx::query_as(&format!("SELECT {APPROACH_COLUMNS} FROM approaches WHERE werkplaats_id = $1 AND id = $2"))
        .bind(t.id())
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn approaches(conn: &mut Conn, t: &Tenant) -> Result<Vec<ApproachRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APPROACH_COLUMNS} FROM approaches WHERE werkplaats_id = $1 ORDER BY kind, title, id"
    ))
    .bind(t.id())
    .fetch_all(conn)
    .await?)
}

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

const STORY_COLUMNS: &str = "id, title, narrator_role, narrator_name, show_name, text, social_quality, factors,
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

/// Records that `(doc_type, doc_id)` changed; call in the transaction that changed it.
pub async fn outbox_push(conn: &mut Conn, t: &Tenant, doc_type: &str, doc_id: i64) -> Result<()> {
    sqlx::query("INSERT INTO search_outbox (werkplaats_id, doc_type, doc_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(t.id())
        .bind(doc_type)
        .bind(doc_id)
        .bind(now_text())
        .execute(conn)
        .await?;
    Ok(())
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

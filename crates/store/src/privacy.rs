//! Personal data of one account across the installation (AVG/GDPR): what an export shows and
//! what erasure changes. Keyed on the account (and its email address), not on a werkplaats: it
//! is the person's own data, wherever it is.
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AccountData {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PersonData {
    pub werkplaats: String,
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct RegistrationData {
    pub werkplaats: String,
    pub activity: String,
    pub starts_at: String,
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub accessibility_needs: Option<String>,
    pub status: String,
    pub created_at: String,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ContributionData {
    pub werkplaats: String,
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub created_at: String,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AuditData {
    pub werkplaats: String,
    pub at: String,
    pub entity_type: String,
    pub entity_id: i64,
    pub action: String,
}

pub async fn account(conn: &mut Conn, account_id: i64) -> Result<Option<AccountData>> {
    Ok(sqlx::query_as("SELECT id, email, name, created_at FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(conn)
        .await?)
}

/// Roles as (werkplaats slug, role).
pub async fn roles(conn: &mut Conn, account_id: i64) -> Result<Vec<(String, String)>> {
    crate::accounts::roles(conn, account_id).await
}

/// Person records linked to the account or carrying its email address.
pub async fn people(conn: &mut Conn, account_id: i64, email: &str) -> Result<Vec<PersonData>> {
    Ok(sqlx::query_as(
        "SELECT w.slug AS werkplaats, p.id, p.name, p.email, o.name AS organisation, p.created_at
         FROM people p JOIN werkplaatsen w ON w.id = p.werkplaats_id
         LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE p.account_id = $1 OR LOWER(p.email) = LOWER($2) ORDER BY w.slug, p.id",
    )
    .bind(account_id)
    .bind(email)
    .fetch_all(conn)
    .await?)
}

/// Memberships of theme groups, projects and bodies, as (werkplaats, what, title).
pub async fn memberships(conn: &mut Conn, account_id: i64, email: &str) -> Result<Vec<(String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT w.slug, 'themagroep', t.title FROM theme_group_members m
           JOIN people p ON p.id = m.person_id JOIN theme_groups g ON g.id = m.theme_group_id
           JOIN themes t ON t.id = g.theme_id JOIN werkplaatsen w ON w.id = m.werkplaats_id
          WHERE p.account_id = $1 OR LOWER(p.email) = LOWER($2)
         UNION ALL
         SELECT w.slug, 'project', pr.title FROM project_people m
           JOIN people p ON p.id = m.person_id JOIN projects pr ON pr.id = m.project_id
           JOIN werkplaatsen w ON w.id = m.werkplaats_id
          WHERE p.account_id = $1 OR LOWER(p.email) = LOWER($2)
         UNION ALL
         SELECT w.slug, b.kind, b.name FROM body_members m
           JOIN people p ON p.id = m.person_id JOIN bodies b ON b.id = m.body_id
           JOIN werkplaatsen w ON w.id = m.werkplaats_id
          WHERE p.account_id = $1 OR LOWER(p.email) = LOWER($2)",
    )
    .bind(account_id)
    .bind(email)
    .fetch_all(conn)
    .await?)
}

pub async fn registrations(conn: &mut Conn, account_id: i64, email: &str) -> Result<Vec<RegistrationData>> {
    Ok(sqlx::query_as(
        "SELECT w.slug AS werkplaats, a.title AS activity, a.starts_at, r.name, r.email, r.organisation,
                r.accessibility_needs, r.status, r.created_at
         FROM registrations r JOIN activities a ON a.id = r.activity_id JOIN werkplaatsen w ON w.id = r.werkplaats_id
         WHERE r.account_id = $1 OR r.email_key = LOWER($2) ORDER BY r.created_at, r.id",
    )
    .bind(account_id)
    .bind(email)
    .fetch_all(conn)
    .await?)
}

/// What the account created: knowledge products, stories (as recorder), questions, approaches,
/// activities; and in co-creation its pitches (as author, co-pitcher or supporter), amendments, theme
/// texts and votes (cluster and points).
pub async fn contributions(conn: &mut Conn, account_id: i64) -> Result<Vec<ContributionData>> {
    Ok(sqlx::query_as(
        "SELECT w.slug AS werkplaats, 'knowledge_product' AS kind, x.id, x.title, x.created_at
           FROM knowledge_products x JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.created_by = $1
         UNION ALL
         SELECT w.slug, 'story', x.id, x.title, x.created_at
           FROM stories x JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.created_by = $1
         UNION ALL
         SELECT w.slug, 'question', x.id, x.title, x.created_at
           FROM questions x JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.created_by = $1
         UNION ALL
         SELECT w.slug, 'approach', x.id, x.title, x.created_at
           FROM approaches x JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.created_by = $1
         UNION ALL
         SELECT w.slug, 'activity', x.id, x.title, x.created_at
           FROM activities x JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.created_by = $1
         UNION ALL
         SELECT w.slug, 'pitch:' || pp.role, x.id, x.title, pp.created_at
           FROM pitch_people pp JOIN pitches x ON x.id = pp.pitch_id JOIN werkplaatsen w ON w.id = x.werkplaats_id
          WHERE pp.account_id = $1
         UNION ALL
         SELECT w.slug, 'amendment', x.id, x.theme_title, x.created_at
           FROM cocreation_amendments x JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.author_account_id = $1
         UNION ALL
         SELECT w.slug, 'theme_text', x.cluster_id, x.title, x.created_at
           FROM cocreation_texts x JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.author_account_id = $1
         UNION ALL
         SELECT w.slug, 'vote', x.cluster_id, c.title || ': ' || CAST(x.points AS TEXT), x.updated_at
           FROM cocreation_votes x JOIN cocreation_clusters c ON c.id = x.cluster_id
           JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.account_id = $1
         UNION ALL
         SELECT w.slug, 'question_move:' || x.movement, x.question_id, q.title, x.at
           FROM question_moves x JOIN questions q ON q.id = x.question_id
           JOIN werkplaatsen w ON w.id = x.werkplaats_id WHERE x.account_id = $1 AND x.by_kind <> 'organisation'
         ORDER BY 5, 2, 3",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

pub async fn audit_entries(conn: &mut Conn, account_id: i64) -> Result<Vec<AuditData>> {
    Ok(sqlx::query_as(
        "SELECT w.slug AS werkplaats, l.at, l.entity_type, l.entity_id, l.action
         FROM audit_log l JOIN werkplaatsen w ON w.id = l.werkplaats_id WHERE l.actor_account_id = $1 ORDER BY l.id",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await?)
}

/// An OpenID Connect identity linked to the account.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct IdentityData {
    pub provider: String,
    pub issuer: String,
    pub subject: String,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

/// A session of the account (never its token or the provider's ID token).
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SessionData {
    pub created_at: String,
    pub last_seen_at: Option<String>,
    pub expires_at: String,
    pub user_agent: Option<String>,
    /// The provider it was signed in through, if any.
    pub oidc_provider: Option<String>,
}

/// An API token of the account (never its hash).
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ApiTokenData {
    pub name: Option<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// How the account signs in and what may act for it. Secrets (token hashes, the two-step
/// secret, recovery codes) are never read here.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SignInData {
    pub two_factor_enabled: bool,
    pub oidc_identities: Vec<IdentityData>,
    pub sessions: Vec<SessionData>,
    pub api_tokens: Vec<ApiTokenData>,
    /// Personal calendar feeds (0 or 1); the feed URL's secret is kept only as a hash.
    pub calendar_feeds: i64,
}

pub async fn sign_in(conn: &mut Conn, account_id: i64) -> Result<SignInData> {
    let two_factor: Option<Option<String>> = sqlx::query_scalar("SELECT totp_enabled_at FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?;
    let oidc_identities = sqlx::query_as(
        "SELECT provider, issuer, subject, created_at, last_login_at FROM oidc_identities WHERE account_id = $1
          ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let sessions = sqlx::query_as(
        "SELECT created_at, last_seen_at, expires_at, user_agent, oidc_provider FROM sessions WHERE account_id = $1
          ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let api_tokens = sqlx::query_as(
        "SELECT name, created_at, last_used_at, expires_at, revoked_at FROM api_tokens WHERE account_id = $1
          ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let calendar_feeds = sqlx::query_scalar("SELECT COUNT(*) FROM calendar_feeds WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(SignInData {
        two_factor_enabled: two_factor.flatten().is_some(),
        oidc_identities,
        sessions,
        api_tokens,
        calendar_feeds,
    })
}

/// Erases the account's personal data and pseudonymises what it contributed, in the caller's
/// transaction: `pseudonym` replaces the name wherever it was recorded, the email address goes,
/// the password stops working, sessions, tokens, roles, feeds, links to OpenID Connect identities
/// and two-step verification are deleted, person records
/// lose name, email and account, registrations lose name, email, organisation and needs.
/// Contributions (products, stories recorded, reports) stay, under the pseudonym.
pub async fn erase(conn: &mut Conn, account_id: i64, old_name: &str, email: &str, pseudonym: &str) -> Result<()> {
    let gone_email = format!("verwijderd-{account_id}@broedplaats.invalid");
    use Value::*;
    #[derive(Clone, Copy)]
    enum Value {
        Pseudonym,
        OldName,
        Account,
        Email,
        GoneEmail,
    }
    let statements: &[(&str, &[Value])] = &[
        (
            "UPDATE people SET name = $1, email = NULL, account_id = NULL WHERE account_id = $2 OR LOWER(email) = $3",
            &[Pseudonym, Account, Email],
        ),
        (
            "UPDATE registrations SET name = $1, email = $2, email_key = $2 || '-' || id, organisation = NULL,
                 accessibility_needs = NULL, account_id = NULL, reminders = 0
             WHERE account_id = $3 OR email_key = $4",
            &[Pseudonym, GoneEmail, Account, Email],
        ),
        ("UPDATE audit_log SET actor_name = $1 WHERE actor_account_id = $2", &[Pseudonym, Account]),
        ("UPDATE knowledge_products SET submitted_by = $1 WHERE submitted_by = $2", &[Pseudonym, OldName]),
        ("UPDATE knowledge_products SET reviewed_by = $1 WHERE reviewed_by = $2", &[Pseudonym, OldName]),
        ("UPDATE stories SET consent_recorded_by = $1 WHERE consent_recorded_by = $2", &[Pseudonym, OldName]),
        ("UPDATE stories SET withdrawn_by = $1 WHERE withdrawn_by = $2", &[Pseudonym, OldName]),
        ("UPDATE agenda_versions SET author_name = $1 WHERE author_account_id = $2", &[Pseudonym, Account]),
        ("UPDATE activity_reports SET author_name = $1 WHERE author_name = $2", &[Pseudonym, OldName]),
        ("UPDATE activity_files SET author_name = $1 WHERE author_name = $2", &[Pseudonym, OldName]),
        ("UPDATE project_plan_versions SET author_name = $1 WHERE author_name = $2", &[Pseudonym, OldName]),
        // Co-creation (issue 15): the person's name wherever the process recorded it.
        ("UPDATE pitch_people SET name = $1 WHERE account_id = $2", &[Pseudonym, Account]),
        ("UPDATE pitch_versions SET author_name = $1 WHERE author_account_id = $2", &[Pseudonym, Account]),
        ("UPDATE cocreation_texts SET author_name = $1 WHERE author_account_id = $2", &[Pseudonym, Account]),
        ("UPDATE cocreation_amendments SET author_name = $1 WHERE author_account_id = $2", &[Pseudonym, Account]),
        ("UPDATE cocreation_amendments SET answered_by_name = $1 WHERE answered_by_name = $2", &[Pseudonym, OldName]),
        ("UPDATE cocreation_events SET actor_name = $1 WHERE actor_account_id = $2", &[Pseudonym, Account]),
        (
            "UPDATE question_moves SET by_name = $1 WHERE account_id = $2 AND by_kind IN ('person', 'national_partner')",
            &[Pseudonym, Account],
        ),
        ("UPDATE cocreation_clusters SET created_by_name = $1 WHERE created_by_account_id = $2", &[Pseudonym, Account]),
        ("UPDATE cocreation_memberships SET added_by_name = $1 WHERE added_by_name = $2", &[Pseudonym, OldName]),
        ("UPDATE cocreation_memberships SET removed_by_name = $1 WHERE removed_by_name = $2", &[Pseudonym, OldName]),
        ("DELETE FROM sessions WHERE account_id = $1", &[Account]),
        ("DELETE FROM api_tokens WHERE account_id = $1", &[Account]),
        ("DELETE FROM calendar_feeds WHERE account_id = $1", &[Account]),
        ("DELETE FROM role_assignments WHERE account_id = $1", &[Account]),
        ("DELETE FROM national_partners WHERE account_id = $1", &[Account]),
        // Links by email (a pending address change names the new address) and two-step verification.
        ("DELETE FROM account_links WHERE account_id = $1", &[Account]),
        ("DELETE FROM recovery_codes WHERE account_id = $1", &[Account]),
        // The identities at providers: a later sign-in there finds no account to enter.
        ("DELETE FROM oidc_identities WHERE account_id = $1", &[Account]),
        (
            "UPDATE accounts SET email = $1, name = $2, password_hash = '!', totp_secret = NULL,
                 totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $3",
            &[GoneEmail, Pseudonym, Account],
        ),
    ];
    let email = email.to_lowercase();
    // The before/after JSON of the audit log quotes names and addresses as JSON strings: replace
    // exactly those strings, so other people whose names merely contain the old name are left alone.
    let quoted = |v: &str| serde_json::to_string(v).unwrap_or_default();
    for (old, new) in [(quoted(old_name), quoted(pseudonym)), (quoted(&email), quoted(&gone_email))] {
        sqlx::query(
            "UPDATE audit_log SET before = REPLACE(before, $1, $2), after = REPLACE(after, $1, $2)
             WHERE before LIKE $3 OR after LIKE $3",
        )
        .bind(old.as_str())
        .bind(new.as_str())
        // A superset filter: `_` matches any one character, also where `%` or `\\` stood.
        .bind(format!("%{}%", old.replace(['%', '\\'], "_")))
        .execute(&mut *conn)
        .await?;
    }
    for (sql, values) in statements {
        let mut q = sqlx::query(sql);
        for v in *values {
            q = match v {
                Pseudonym => q.bind(pseudonym),
                OldName => q.bind(old_name),
                Account => q.bind(account_id),
                Email => q.bind(email.as_str()),
                GoneEmail => q.bind(gone_email.as_str()),
            };
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Rows whose free text named an erased person, by werkplaats slug and id, for re-indexing.
#[derive(Debug, Default)]
pub struct ScrubbedTexts {
    pub products: Vec<(String, i64)>,
    pub projects: Vec<(String, i64)>,
}

/// Replaces `old_name` by `pseudonym` in the free text others wrote about the person: the author
/// names of knowledge products (a JSON array: whole names only), review notes, and project
/// plans with their versions and change notes. Only the name exactly as the account spelled it
/// is found; other spellings, initials and the bodies of knowledge products stay (documented in
/// ARCHITECTURE.md). In the caller's transaction.
pub async fn scrub_name_in_texts(conn: &mut Conn, old_name: &str, pseudonym: &str) -> Result<ScrubbedTexts> {
    let old_name = old_name.trim();
    let mut scrubbed = ScrubbedTexts::default();
    // A name of one or two characters would also match inside other words.
    if old_name.chars().count() < 3 {
        return Ok(scrubbed);
    }
    let like = format!("%{}%", old_name.replace(['%', '_', '\\'], "_"));
    let quoted = |v: &str| serde_json::to_string(v).unwrap_or_default();
    scrubbed.products = sqlx::query_as(
        "SELECT w.slug, p.id FROM knowledge_products p JOIN werkplaatsen w ON w.id = p.werkplaats_id
          WHERE p.author_names LIKE $1 OR p.review_note LIKE $1",
    )
    .bind(&like)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE knowledge_products SET author_names = REPLACE(author_names, $1, $2) WHERE author_names LIKE $3",
    )
    .bind(quoted(old_name))
    .bind(quoted(pseudonym))
    .bind(&like)
    .execute(&mut *conn)
    .await?;
    scrubbed.projects = sqlx::query_as(
        "SELECT w.slug, p.id FROM projects p JOIN werkplaatsen w ON w.id = p.werkplaats_id WHERE p.plan LIKE $1",
    )
    .bind(&like)
    .fetch_all(&mut *conn)
    .await?;
    for sql in [
        "UPDATE knowledge_products SET review_note = REPLACE(review_note, $1, $2) WHERE review_note LIKE $3",
        "UPDATE projects SET plan = REPLACE(plan, $1, $2) WHERE plan LIKE $3",
        "UPDATE project_plan_versions SET plan = REPLACE(plan, $1, $2) WHERE plan LIKE $3",
        "UPDATE project_plan_versions SET change_note = REPLACE(change_note, $1, $2) WHERE change_note LIKE $3",
    ] {
        sqlx::query(sql).bind(old_name).bind(pseudonym).bind(&like).execute(&mut *conn).await?;
    }
    Ok(scrubbed)
}

//! API tokens made in the browser (or through the API): named, with an optional expiry, shown
//! once; listed and revoked by their owner. Only the SHA-256 of a token is stored.
use crate::kernel::actor::Actor;
use crate::kernel::secret::{hash_secret, new_secret};
use crate::kernel::time::stored;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, FieldErrorKind, FieldErrors};
use broedplaats_store::accounts::tokens as q;
use chrono::Utc;
use serde::Serialize;

/// The longest a token may be made valid for, in days (ten years).
pub const MAX_TOKEN_DAYS: i64 = 3650;

/// A new token: the secret is shown this once and stored nowhere.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    pub id: i64,
    /// `bp_…`; send it as `Authorization: Bearer <token>`.
    pub token: String,
    /// When it stops working (UTC, RFC 3339); null: until revoked.
    pub expires_at: Option<String>,
}

/// A token as its owner sees it (never the secret).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: Option<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    /// Still works: not revoked and not expired.
    pub live: bool,
}

impl From<q::TokenRow> for TokenView {
    fn from(r: q::TokenRow) -> Self {
        let now = stored(Utc::now());
        let live = r.revoked_at.is_none() && r.expires_at.as_deref().is_none_or(|e| e > now.as_str());
        TokenView {
            id: r.id,
            name: r.name,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
            live,
        }
    }
}

impl Core {
    /// Creates a named token for the actor, valid `expires_in_days` (1–3650) or until revoked.
    pub async fn create_my_token(
        &self,
        actor: Option<&Actor>,
        name: &str,
        expires_in_days: Option<i64>,
    ) -> Result<CreatedToken> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut errors = FieldErrors::new();
        let name = errors.take("name", BoundedText::<100>::parse(name));
        let expires_at = match expires_in_days {
            None => None,
            Some(d) if (1..=MAX_TOKEN_DAYS).contains(&d) => Some(stored(Utc::now() + chrono::Duration::days(d))),
            Some(_) => {
                errors.push("expires_in_days", FieldErrorKind::Refused { key: "account.tokens.days_range" });
                None
            }
        };
        let Some(name) = name else { return Err(errors.into()) };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let token = format!("bp_{}", new_secret());
        let mut conn = self.store.conn().await?;
        let id = q::insert_named_token(
            &mut conn,
            &hash_secret(&token),
            actor.account_id,
            Some(name.as_str()),
            expires_at.as_deref(),
        )
        .await?;
        tracing::info!(account = actor.account_id, token = id, "API token created");
        Ok(CreatedToken { id, token, expires_at })
    }

    /// The actor's tokens, newest first.
    pub async fn my_tokens(&self, actor: Option<&Actor>) -> Result<Vec<TokenView>> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        Ok(q::tokens_of(&mut conn, actor.account_id).await?.into_iter().map(TokenView::from).collect())
    }

    /// One of the actor's tokens; another account's is `NotFound`.
    pub async fn my_token(&self, actor: Option<&Actor>, id: i64) -> Result<TokenView> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        q::token_of(&mut conn, actor.account_id, id).await?.map(TokenView::from).ok_or(CoreError::NotFound)
    }

    /// Revokes one of the actor's tokens (again: no error); another account's is `NotFound`.
    pub async fn revoke_my_token(&self, actor: Option<&Actor>, id: i64) -> Result<()> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        if !q::revoke_token_of(&mut conn, actor.account_id, id).await? {
            return Err(CoreError::NotFound);
        }
        tracing::info!(account = actor.account_id, token = id, "API token revoked");
        Ok(())
    }
}

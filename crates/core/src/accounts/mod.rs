//! Accounts (DOMAIN §2): signing in and out, sessions, API tokens, creating accounts and
//! granting roles. Who an actor is and what they may do lives in the kernel (`kernel::actor`).
use crate::kernel::BoxFuture;
use crate::kernel::actor::{Actor, load_actor};
use crate::kernel::jobs::Scheduler;
use crate::kernel::secret::{hash_password, hash_secret, new_secret, verify_password};
use crate::kernel::time::stored;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, Email, FieldErrorKind, FieldErrors, Role};
use broedplaats_store::accounts;
use chrono::Utc;

mod email;
mod invitations;
mod jobs;
mod members;
mod oidc;
mod password;
mod register;
mod self_mail;
mod sessions;
mod throttle;
mod tokens;
mod two_factor;

pub use self_mail::SELF_MAIL_JOB;
pub use sessions::SessionView;
pub use tokens::{CreatedToken, TokenView};
pub use two_factor::{Enrolment, PendingStep, SecondStepDone, TwoFactorStatus};

pub use invitations::{INVITATION_DAYS, InvitationInfo, InvitationInput, InvitationView, THEME_LEAD_ROLES};
pub use jobs::{INVITATION_JOB, REGISTRATION_JOB, role_words};
pub use members::MemberView;

pub use oidc::{
    OIDC_FLOW_MINUTES, OidcCallback, OidcFailure, OidcProvider, OidcProviders, OidcSignedIn, OidcStart,
    check_oidc_providers,
};

pub const SESSION_DAYS: i64 = 14;
pub const MIN_PASSWORD: usize = 10;

/// A new session: the secret goes into the cookie, its hash into the database.
pub struct NewSession {
    pub token: String,
    pub actor: Actor,
}

/// The answer to a correct password: a session, or (with two-step verification, or when a
/// manager must still enrol) the secret of the pending second step, to be finished within five
/// minutes by [`Core::second_step`].
pub enum LoginOutcome {
    Signed(NewSession),
    SecondStep { pending: String },
}

/// What is recorded with a new session: the browser (shown in the list of your sessions) and,
/// after a sign-in through OpenID Connect, the provider and its ID token (for its logout).
#[derive(Debug, Clone, Default)]
pub struct SessionMeta {
    pub user_agent: Option<String>,
    pub oidc_provider: Option<String>,
    pub oidc_id_token: Option<String>,
}

impl Core {
    /// Signs in with email and password. Wrong email and wrong password are indistinguishable.
    pub async fn login(&self, email: &str, password: &str, client: Option<&str>) -> Result<LoginOutcome> {
        self.login_with(email, password, client, &SessionMeta::default()).await
    }

    /// [`Core::login`], recording `meta` (the browser) with the session.
    pub async fn login_with(
        &self,
        email: &str,
        password: &str,
        client: Option<&str>,
        meta: &SessionMeta,
    ) -> Result<LoginOutcome> {
        let counts = throttle::counts(email, client);
        let now = Utc::now();
        let mut conn = self.store.conn().await?;
        if throttle::must_wait(&mut conn, &counts, now).await? {
            return Err(CoreError::RateLimited);
        }
        let account = match Email::parse(email) {
            Ok(e) => accounts::account_by_email(&mut conn, e.as_str()).await?,
            Err(_) => None,
        };
        let ok = match &account {
            Some(a) => verify_password(password, &a.password_hash),
            None => {
                // Spend the same time as a real check so response times do not reveal accounts.
                let _ = verify_password(password, DUMMY_HASH);
                false
            }
        };
        let Some(account) = account.filter(|_| ok) else {
            throttle::failed(&mut conn, &counts, now).await?;
            return Err(CoreError::Unauthenticated);
        };
        throttle::succeeded(&mut conn, &counts).await?;
        // A self-registered account signs in once its address is verified (after the password
        // check, so this says nothing about addresses to someone without the password).
        if broedplaats_store::accounts::members::email_verified_at(&mut conn, account.id).await?.is_none() {
            return Err(crate::kernel::error::refused("email", "login.unverified"));
        }
        drop(conn);
        self.after_first_factor(account.id, meta).await
    }

    /// Starts a session for an account that has proved who it is (password, provider, link).
    /// Every way of signing in ends here.
    pub async fn open_session(&self, account_id: i64, meta: &SessionMeta) -> Result<NewSession> {
        let mut conn = self.store.conn().await?;
        let account = accounts::account_by_id(&mut conn, account_id).await?.ok_or(CoreError::NotFound)?;
        let token = new_secret();
        let expires = stored(Utc::now() + chrono::Duration::days(SESSION_DAYS));
        let user_agent = meta.user_agent.as_deref().map(|u| u.chars().take(300).collect::<String>());
        accounts::insert_session(
            &mut conn,
            &accounts::NewSessionRow {
                token_hash: &hash_secret(&token),
                account_id: account.id,
                expires_at: &expires,
                user_agent: user_agent.as_deref(),
                oidc_provider: meta.oidc_provider.as_deref(),
                oidc_id_token: meta.oidc_id_token.as_deref(),
            },
        )
        .await?;
        let actor = load_actor(&mut conn, account.id, account.email, account.name).await?;
        tracing::info!(account = actor.account_id, "signed in");
        Ok(NewSession { token, actor })
    }

    pub async fn actor_for_session(&self, token: &str) -> Result<Option<Actor>> {
        let mut conn = self.store.conn().await?;
        let Some(live) = accounts::sessions::live_session(&mut conn, &hash_secret(token)).await? else {
            return Ok(None);
        };
        sessions::seen(&mut conn, &live).await?;
        let a = live.account();
        Ok(Some(load_actor(&mut conn, a.id, a.email, a.name).await?))
    }

    pub async fn actor_for_api_token(&self, token: &str) -> Result<Option<Actor>> {
        let mut conn = self.store.conn().await?;
        let Some(a) = accounts::account_by_api_token(&mut conn, &hash_secret(token)).await? else {
            return Ok(None);
        };
        Ok(Some(load_actor(&mut conn, a.id, a.email, a.name).await?))
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        let mut conn = self.store.conn().await?;
        accounts::delete_session(&mut conn, &hash_secret(token)).await?;
        Ok(())
    }

    /// Creates an account with a role in a werkplaats, or adds the role if the account exists
    /// (then the password must match, so nobody takes over an account by "creating" it).
    pub async fn create_user(&self, email: &str, name: &str, slug: &str, role: &str, password: &str) -> Result<i64> {
        let mut errors = FieldErrors::new();
        let email = errors.take("email", Email::parse(email));
        let name = errors.take("name", BoundedText::<200>::parse(name));
        let role = errors.take("role", Role::parse(role));
        if password.chars().count() < MIN_PASSWORD {
            errors.push("password", FieldErrorKind::TooShort { min: MIN_PASSWORD });
        } else if password.chars().count() > 1000 {
            errors.push("password", FieldErrorKind::TooLong { max: 1000 });
        }
        let (Some(email), Some(name), Some(role)) = (email, name, role) else {
            return Err(errors.into());
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let tenant = self.tenant(slug).await.map_err(|e| match e {
            CoreError::NotFound => CoreError::Invalid(FieldErrors::single("werkplaats", FieldErrorKind::Invalid)),
            e => e,
        })?;
        let mut tx = self.store.begin().await?;
        let id = match accounts::account_by_email(&mut tx, email.as_str()).await? {
            Some(existing) => {
                if !verify_password(password, &existing.password_hash) {
                    return Err(CoreError::Invalid(FieldErrors::single("password", FieldErrorKind::Invalid)));
                }
                existing.id
            }
            None => {
                let hash = hash_password(password)?;
                let id = accounts::insert_account(&mut tx, email.as_str(), name.as_str(), &hash).await?;
                accounts::insert_person(&mut tx, &tenant, name.as_str(), Some(email.as_str()), None, Some(id)).await?;
                id
            }
        };
        accounts::grant_role(&mut tx, &tenant, id, role.code()).await?;
        tx.commit().await.map_err(broedplaats_store::StoreError::from)?;
        Ok(id)
    }

    /// Creates a bearer token for an account; returns the secret, shown once. `valid_days` ends
    /// it that many days from now (at least 1, at most 3650); `None` keeps it until revoked.
    pub async fn create_api_token(&self, email: &str, valid_days: Option<i64>) -> Result<String> {
        let email = Email::parse(email).map_err(|k| FieldErrors::single("email", k))?;
        let expires_at = match valid_days {
            None => None,
            Some(d) if (1..=3650).contains(&d) => Some(stored(Utc::now() + chrono::Duration::days(d))),
            Some(_) => return Err(FieldErrors::single("expires", FieldErrorKind::Invalid).into()),
        };
        self.api_token_until(email.as_str(), expires_at.as_deref()).await
    }

    /// Creates a bearer token that ends at `expires_at` (stored UTC text), or never.
    pub async fn api_token_until(&self, email: &str, expires_at: Option<&str>) -> Result<String> {
        let mut conn = self.store.conn().await?;
        let account = accounts::account_by_email(&mut conn, email).await?.ok_or(CoreError::NotFound)?;
        let token = format!("bp_{}", new_secret());
        accounts::tokens::insert_named_token(&mut conn, &hash_secret(&token), account.id, Some("cli"), expires_at)
            .await?;
        Ok(token)
    }

    /// Revokes bearer tokens: the one given, or every token of the account with this email.
    /// Returns how many were live; revoking twice is no error.
    pub async fn revoke_api_tokens(&self, token: Option<&str>, email: Option<&str>) -> Result<u64> {
        let mut conn = self.store.conn().await?;
        match (token, email) {
            (Some(t), None) => Ok(u64::from(accounts::revoke_api_token(&mut conn, &hash_secret(t.trim())).await?)),
            (None, Some(e)) => {
                let email = Email::parse(e).map_err(|k| FieldErrors::single("email", k))?;
                let account =
                    accounts::account_by_email(&mut conn, email.as_str()).await?.ok_or(CoreError::NotFound)?;
                Ok(accounts::revoke_api_tokens_of(&mut conn, account.id).await?)
            }
            _ => Err(FieldErrors::single("token", FieldErrorKind::Required).into()),
        }
    }
}

/// A valid argon2id hash of a random password, used to equalise timing for unknown accounts.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Jp0mJ7M3t7eZ0XH8m6mX0n2s1zq3nE9p9lq4d8m2x1E";

/// Forgets expired sessions and sign-in failures older than the throttle remembers.
pub const CLEANUP: Scheduler = Scheduler { name: "accounts.cleanup", run: run_cleanup };

fn run_cleanup(core: &Core, now: chrono::DateTime<Utc>) -> BoxFuture<'_, Result<()>> {
    Box::pin(async move {
        let mut conn = core.store.conn().await?;
        accounts::delete_expired_sessions(&mut conn).await?;
        accounts::delete_old_login_failures(&mut conn, &stored(now - throttle::MEMORY)).await?;
        accounts::links::delete_expired_links(&mut conn, &stored(now - chrono::Duration::days(1))).await?;
        Ok(())
    })
}

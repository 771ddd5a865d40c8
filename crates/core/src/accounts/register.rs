//! Self-registration (issue 13), where a werkplaats allows it (`werkplaatsen.self_registration`,
//! off by default): citizens and students make an account there without a role. The address is
//! verified through a single-use link (24 hours) that the mail job makes when it sends; until
//! then the account cannot sign in. The answer is the same whether or not the address has an
//! account: if it has, its owner gets a notice instead and nothing is made. Sign-ups are
//! throttled per client in the `login_throttle` table under their own key prefix.
use crate::kernel::secret::{hash_password, hash_secret};
use crate::kernel::time::{parse_stored, stored};
use crate::kernel::tx::commit;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, Email, FieldErrorKind, FieldErrors};
use broedplaats_store::accounts::{self as accounts_q, links, members as m};
use broedplaats_store::{Tenant, jobs};
use chrono::{Duration, Utc};

/// How long a verification link is valid.
pub const VERIFY_HOURS: i64 = 24;
/// Sign-ups one client may start per hour.
pub const SIGNUPS_PER_HOUR: i64 = 5;

pub(super) fn check_password(errors: &mut FieldErrors, password: &str) {
    if password.chars().count() < super::MIN_PASSWORD {
        errors.push("password", FieldErrorKind::TooShort { min: super::MIN_PASSWORD });
    } else if password.chars().count() > 1000 {
        errors.push("password", FieldErrorKind::TooLong { max: 1000 });
    }
}

fn signup_key(client: Option<&str>) -> String {
    hash_secret(&format!("signup-client:{}", client.unwrap_or("-")))
}

impl Core {
    /// Registers an account in a werkplaats that allows it (otherwise `NotFound`). Answers the
    /// same whether or not the address has an account; the mail job sends the link or a notice.
    pub async fn register_account(
        &self,
        tenant: &Tenant,
        email: &str,
        name: &str,
        password: &str,
        client: Option<&str>,
    ) -> Result<()> {
        let mut conn = self.store.conn().await?;
        if !m::self_registration(&mut conn, tenant).await? {
            return Err(CoreError::NotFound);
        }
        let mut errors = FieldErrors::new();
        let email = errors.take("email", Email::parse(email));
        let name = errors.take("name", BoundedText::<200>::parse(name));
        check_password(&mut errors, password);
        let (Some(email), Some(name)) = (email, name) else { return Err(errors.into()) };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let now_t = Utc::now();
        let now = stored(now_t);
        let key = signup_key(client);
        if let Some((count, last)) = accounts_q::login_failures(&mut conn, &key).await?
            && parse_stored(&last)? > now_t - Duration::hours(1)
            && count >= SIGNUPS_PER_HOUR
        {
            return Err(CoreError::RateLimited);
        }
        drop(conn);
        // Hashed before the transaction, so the write lock is not held during the work.
        let hash = hash_password(password)?;
        let mut tx = self.store.begin().await?;
        accounts_q::add_login_failure(&mut tx, &key, &now, &stored(now_t - Duration::hours(1))).await?;
        let (account_id, kind, dedupe) = match accounts_q::account_by_email(&mut tx, email.as_str()).await? {
            // At most one notice an hour, so the form cannot be used to flood someone's mailbox.
            Some(existing) => {
                (existing.id, "exists", format!("register-exists:{}:{}", existing.id, now_t.format("%Y%m%d%H")))
            }
            None => {
                let id = m::insert_registered_account(&mut tx, tenant, email.as_str(), name.as_str(), &hash).await?;
                (id, "verify", format!("register-verify:{id}"))
            }
        };
        let payload = serde_json::json!({ "werkplaats": tenant.slug, "account_id": account_id, "kind": kind });
        jobs::enqueue(&mut tx, super::jobs::MAIL_REGISTRATION, &payload.to_string(), Some(&dedupe), &now).await?;
        commit(tx).await?;
        tracing::info!(werkplaats = tenant.log_id(), "self-registration received");
        Ok(())
    }

    /// Verifies an address with the link's secret (single use, 24 hours); returns the account,
    /// which the caller signs in. Every link that cannot be used is `NotFound`.
    pub async fn verify_email(&self, token: &str) -> Result<i64> {
        let mut tx = self.store.begin().await?;
        let now = stored(Utc::now());
        let link = links::link_by_token(&mut tx, super::jobs::VERIFY_PURPOSE, &hash_secret(token.trim()))
            .await?
            .filter(|l| l.used_at.is_none() && l.expires_at > now)
            .ok_or(CoreError::NotFound)?;
        if !links::use_link(&mut tx, link.id).await? {
            return Err(CoreError::NotFound);
        }
        let account_id = link.account_id;
        links::mark_email_verified(&mut tx, account_id).await?;
        commit(tx).await?;
        tracing::info!(account = account_id, "email address verified");
        Ok(account_id)
    }

    /// Whether an account's address is verified (sign-in refuses it until then).
    pub async fn email_verified(&self, account_id: i64) -> Result<bool> {
        let mut conn = self.store.conn().await?;
        Ok(m::email_verified_at(&mut conn, account_id).await?.is_some())
    }
}

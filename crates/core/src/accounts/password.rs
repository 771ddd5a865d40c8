//! Your password: the forgotten password (a single-use link by email, one hour) and changing it
//! while signed in. Both end the sessions a thief might hold: a reset ends all of them, a change
//! all but the one making it.
use super::self_mail::{self, AccountMail};
use super::{LoginOutcome, MIN_PASSWORD, SessionMeta, throttle};
use crate::kernel::actor::Actor;
use crate::kernel::secret::{hash_password, hash_secret, verify_password};
use crate::kernel::time::parse_stored;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{Email, FieldErrorKind, FieldErrors};
use broedplaats_store::accounts::{self as store, links, sessions};
use broedplaats_store::{Conn, StoreError};
use chrono::Utc;

const RESET: &str = "password-reset";

/// Checks a new password (and its repetition, when the form asks twice) into `errors`.
pub(super) fn check_new_password(errors: &mut FieldErrors, field: &str, new: &str, again: Option<(&str, &str)>) {
    let n = new.chars().count();
    if new.trim().is_empty() {
        errors.push(field, FieldErrorKind::Required);
    } else if n < MIN_PASSWORD {
        errors.push(field, FieldErrorKind::TooShort { min: MIN_PASSWORD });
    } else if n > 1000 {
        errors.push(field, FieldErrorKind::TooLong { max: 1000 });
    }
    if let Some((again_field, again)) = again
        && again != new
    {
        errors.push(again_field, FieldErrorKind::Refused { key: "account.password.mismatch" });
    }
}

/// A link of `purpose` that can still be used, or `NotFound` (unknown, used or expired alike).
pub(super) async fn usable_link(conn: &mut Conn, purpose: &str, token: &str) -> Result<links::LinkRow> {
    let link = links::link_by_token(conn, purpose, &hash_secret(token.trim())).await?.ok_or(CoreError::NotFound)?;
    if link.used_at.is_some() || parse_stored(&link.expires_at)? <= Utc::now() {
        return Err(CoreError::NotFound);
    }
    Ok(link)
}

impl Core {
    /// Sends a reset link to `email` if an account has that address. The answer is the same
    /// whether or not it does, and when requests for the address or from the client come too
    /// often (then nothing is sent).
    pub async fn request_password_reset(&self, email: &str, client: Option<&str>) -> Result<()> {
        let Ok(email) = Email::parse(email) else { return Ok(()) };
        let counts = throttle::counts_for("reset:", email.as_str(), client);
        let now = Utc::now();
        let mut tx = self.store.begin().await?;
        if throttle::must_wait(&mut tx, &counts, now).await? {
            tracing::info!("password reset request throttled; nothing sent");
            return Ok(());
        }
        // Every request counts, found or not: the count limits mail, not guesses.
        throttle::failed(&mut tx, &counts, now).await?;
        if let Some(account) = store::account_by_email(&mut tx, email.as_str()).await? {
            self_mail::enqueue(&mut tx, &AccountMail::ResetLink { account_id: account.id }).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Whether a reset link can still be used (for the page that asks the new password).
    pub async fn check_reset_link(&self, token: &str) -> Result<()> {
        let mut conn = self.store.conn().await?;
        usable_link(&mut conn, RESET, token).await.map(|_| ())
    }

    /// Sets a new password with a reset link: the link is used, every session of the account
    /// ends, the other reset links stop working, and the person is signed in (or, with two-step
    /// verification, gets its second step). `again` is the repetition a form asks for.
    pub async fn reset_password(
        &self,
        token: &str,
        new: &str,
        again: Option<&str>,
        meta: &SessionMeta,
    ) -> Result<LoginOutcome> {
        let link = {
            let mut conn = self.store.conn().await?;
            usable_link(&mut conn, RESET, token).await?
        };
        let mut errors = FieldErrors::new();
        check_new_password(&mut errors, "password", new, again.map(|a| ("password_again", a)));
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let hash = hash_password(new)?;
        let mut tx = self.store.begin().await?;
        // The one use of the link: of two requests with it, only one gets here.
        if !links::use_link(&mut tx, link.id).await? {
            return Err(CoreError::NotFound);
        }
        links::set_password_hash(&mut tx, link.account_id, &hash).await?;
        links::end_links(&mut tx, link.account_id, RESET).await?;
        // Whoever knew the old password is out, everywhere.
        sessions::delete_sessions_of(&mut tx, link.account_id, None).await?;
        // The link came by email: the address works.
        links::mark_email_verified(&mut tx, link.account_id).await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(account = link.account_id, "password reset");
        self.after_first_factor(link.account_id, meta).await
    }

    /// Changes the actor's password after checking the current one (wrong tries slow down like
    /// sign-ins). Every other session ends; the one of `current_token` stays. A notice goes to
    /// the account's address.
    pub async fn change_password(
        &self,
        actor: Option<&Actor>,
        current: &str,
        new: &str,
        again: Option<&str>,
        current_token: Option<&str>,
        client: Option<&str>,
    ) -> Result<()> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut errors = FieldErrors::new();
        if current.is_empty() {
            errors.push("current_password", FieldErrorKind::Required);
        }
        check_new_password(&mut errors, "new_password", new, again.map(|a| ("new_password_again", a)));
        if !errors.is_empty() {
            return Err(errors.into());
        }
        self.check_own_password(actor.account_id, current, "current_password", client).await?;
        let hash = hash_password(new)?;
        let mut tx = self.store.begin().await?;
        links::set_password_hash(&mut tx, actor.account_id, &hash).await?;
        let keep = match current_token {
            Some(t) => sessions::session_id_of(&mut tx, actor.account_id, &hash_secret(t)).await?,
            None => None,
        };
        sessions::delete_sessions_of(&mut tx, actor.account_id, keep).await?;
        links::end_links(&mut tx, actor.account_id, RESET).await?;
        self_mail::enqueue(&mut tx, &AccountMail::PasswordChanged { account_id: actor.account_id }).await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(account = actor.account_id, "password changed");
        Ok(())
    }

    /// Checks the account's own password for a change it asks (`field` names the form field).
    /// Wrong tries are counted apart from sign-ins and slow down the same way.
    pub(super) async fn check_own_password(
        &self,
        account_id: i64,
        password: &str,
        field: &str,
        client: Option<&str>,
    ) -> Result<()> {
        let counts = throttle::counts_for("own-password:", &account_id.to_string(), client);
        let now = Utc::now();
        let mut conn = self.store.conn().await?;
        if throttle::must_wait(&mut conn, &counts, now).await? {
            return Err(CoreError::RateLimited);
        }
        let row = links::self_row(&mut conn, account_id).await?.ok_or(CoreError::Unauthenticated)?;
        if !verify_password(password, &row.password_hash) {
            throttle::failed(&mut conn, &counts, now).await?;
            return Err(FieldErrors::single(field, FieldErrorKind::Refused { key: "account.password.wrong" }).into());
        }
        throttle::succeeded(&mut conn, &counts).await?;
        Ok(())
    }
}

//! Changing your email address: asked with the password, confirmed by a link sent to the new
//! address (24 hours); the old address hears of the request and of the change.
use super::password::usable_link;
use super::self_mail::{self, AccountMail};
use crate::kernel::actor::Actor;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{Email, FieldErrorKind, FieldErrors};
use broedplaats_store::StoreError;
use broedplaats_store::accounts::links;

const CHANGE: &str = "change-email";

fn taken(field: &str) -> CoreError {
    FieldErrors::single(field, FieldErrorKind::Refused { key: "account.email.taken" }).into()
}

impl Core {
    /// Asks to change the actor's address to `new_email`: a confirmation link goes to the new
    /// address, a notice to the current one. Nothing changes until the link is used.
    pub async fn request_email_change(
        &self,
        actor: Option<&Actor>,
        new_email: &str,
        password: &str,
        client: Option<&str>,
    ) -> Result<()> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut errors = FieldErrors::new();
        let email = errors.take("email", Email::parse(new_email));
        if password.is_empty() {
            errors.push("password", FieldErrorKind::Required);
        }
        if let Some(e) = &email
            && e.as_str() == actor.email.to_lowercase()
        {
            errors.push("email", FieldErrorKind::Refused { key: "account.email.same" });
        }
        let (Some(email), true) = (email, errors.is_empty()) else { return Err(errors.into()) };
        self.check_own_password(actor.account_id, password, "password", client).await?;
        let mut tx = self.store.begin().await?;
        if links::email_taken(&mut tx, email.as_str(), actor.account_id).await? {
            return Err(taken("email"));
        }
        let new_email = email.as_str().to_owned();
        self_mail::enqueue(
            &mut tx,
            &AccountMail::EmailChangeLink { account_id: actor.account_id, new_email: new_email.clone() },
        )
        .await?;
        self_mail::enqueue(
            &mut tx,
            &AccountMail::EmailChangeRequested { account_id: actor.account_id, to: actor.email.clone(), new_email },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(account = actor.account_id, "email change requested");
        Ok(())
    }

    /// The new address a change link would set, if the link can still be used.
    pub async fn email_change_link(&self, token: &str) -> Result<String> {
        let mut conn = self.store.conn().await?;
        let link = usable_link(&mut conn, CHANGE, token).await?;
        link.new_email.ok_or(CoreError::NotFound)
    }

    /// Confirms an email change with the link sent to the new address. If another account took
    /// the address meanwhile, nothing changes and the field error says so.
    pub async fn confirm_email_change(&self, token: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let link = usable_link(&mut tx, CHANGE, token).await?;
        let new_email = link.new_email.clone().ok_or(CoreError::NotFound)?;
        let account = links::self_row(&mut tx, link.account_id).await?.ok_or(CoreError::NotFound)?;
        if links::email_taken(&mut tx, &new_email, account.id).await? {
            return Err(taken("email"));
        }
        if !links::use_link(&mut tx, link.id).await? {
            return Err(CoreError::NotFound);
        }
        match links::set_email(&mut tx, account.id, &new_email).await {
            Err(StoreError::Conflict(_)) => return Err(taken("email")),
            r => r?,
        }
        links::end_links(&mut tx, account.id, CHANGE).await?;
        self_mail::enqueue(
            &mut tx,
            &AccountMail::EmailChanged { account_id: account.id, to: account.email.clone(), new_email },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(account = account.id, "email changed");
        Ok(())
    }
}

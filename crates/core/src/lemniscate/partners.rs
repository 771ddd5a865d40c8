//! National knowledge partners: an installation-wide role granted by the administrator (CLI) and
//! in the demo. No werkplaats grants it: it opens the national side of every werkplaats's questions.
use crate::{Core, CoreError, Result};
use broedplaats_domain::{BoundedText, Email, FieldErrors, lemniscate_limits};
use broedplaats_store::{accounts, lemniscate as q};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NationalPartnerView {
    pub name: String,
    pub email: String,
    pub organisation: String,
}

impl Core {
    /// Makes the account with `email` a national partner of `organisation`. The account must exist.
    pub async fn grant_national_partner(&self, email: &str, organisation: &str) -> Result<()> {
        let mut e = FieldErrors::new();
        let email = e.take("email", Email::parse(email));
        let organisation =
            e.take("organisation", BoundedText::<{ lemniscate_limits::ORGANISATION }>::parse(organisation));
        let (Some(email), Some(organisation)) = (email, organisation) else { return Err(e.into()) };
        let mut tx = self.store.begin().await?;
        let account = accounts::account_by_email(&mut tx, email.as_str()).await?.ok_or(CoreError::NotFound)?;
        q::set_national_partner(&mut tx, account.id, organisation.as_str()).await?;
        crate::kernel::tx::commit(tx).await?;
        tracing::info!(account = account.id, "national partner granted");
        Ok(())
    }

    /// Creates an account that is a national partner of `organisation` and nothing else (no role
    /// in any werkplaats); an existing account with this email is made one, its password unchanged.
    /// Returns the account id.
    pub async fn create_national_partner(
        &self,
        email: &str,
        name: &str,
        organisation: &str,
        password: &str,
    ) -> Result<i64> {
        let mut e = FieldErrors::new();
        let parsed = e.take("email", Email::parse(email));
        let name = e.take("name", BoundedText::<200>::parse(name));
        if password.chars().count() < crate::accounts::MIN_PASSWORD {
            e.push("password", broedplaats_domain::FieldErrorKind::TooShort { min: crate::accounts::MIN_PASSWORD });
        }
        let (Some(parsed), Some(name)) = (parsed, name) else { return Err(e.into()) };
        if !e.is_empty() {
            return Err(e.into());
        }
        let id = {
            let mut tx = self.store.begin().await?;
            let id = match accounts::account_by_email(&mut tx, parsed.as_str()).await? {
                Some(existing) => existing.id,
                None => {
                    let hash = crate::kernel::secret::hash_password(password)?;
                    accounts::insert_account(&mut tx, parsed.as_str(), name.as_str(), &hash).await?
                }
            };
            crate::kernel::tx::commit(tx).await?;
            id
        };
        self.grant_national_partner(email, organisation).await?;
        Ok(id)
    }

    /// Takes the national-partner role away; `NotFound` when the account had none.
    pub async fn revoke_national_partner(&self, email: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let account = accounts::account_by_email(&mut tx, email.trim()).await?.ok_or(CoreError::NotFound)?;
        if !q::remove_national_partner(&mut tx, account.id).await? {
            return Err(CoreError::NotFound);
        }
        crate::kernel::tx::commit(tx).await?;
        Ok(())
    }

    pub async fn national_partners(&self) -> Result<Vec<NationalPartnerView>> {
        let mut conn = self.store.conn().await?;
        Ok(q::national_partners(&mut conn)
            .await?
            .into_iter()
            .map(|r| NationalPartnerView { name: r.name, email: r.email, organisation: r.organisation })
            .collect())
    }
}

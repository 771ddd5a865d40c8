//! The AVG (GDPR) rights of a person with an account: a download of all data about them, and
//! erasure. Erasure removes personal data and pseudonymises what they contributed, so the
//! werkplaats keeps its knowledge products, reports and audit trail without their name.
use crate::kernel::actor::Actor;
use crate::{Core, CoreError, Result};
use broedplaats_store::privacy as q;
use serde::Serialize;
use utoipa::ToSchema;

/// Everything the installation holds about one account, as the download gives it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalData {
    /// When this export was made (UTC).
    pub exported_at: String,
    #[schema(value_type = Object)]
    pub account: serde_json::Value,
    /// (werkplaats, role)
    #[schema(value_type = Vec<Object>)]
    pub roles: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub people: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub memberships: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub registrations: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub contributions: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub audit_log: Vec<serde_json::Value>,
    /// Invitations sent to the person's address: werkplaats, role, sent, accepted.
    #[schema(value_type = Vec<Object>)]
    pub invitations: Vec<serde_json::Value>,
    /// The werkplaats where the account registered itself, and when its address was verified.
    #[schema(value_type = Object)]
    pub self_registration: Option<serde_json::Value>,
    /// How the account signs in: whether two-step verification is on, the linked OpenID Connect
    /// identities (provider, issuer, subject, created, last sign-in), the sessions (created, last
    /// seen, expiry, browser), the API tokens (name, created, last used, expiry, revoked) and the
    /// number of calendar feeds. Never a token, hash, two-step secret or recovery code.
    #[schema(value_type = Object)]
    pub sign_in: serde_json::Value,
    /// What the person follows (kind, werkplaats, id, name, since) and their digest settings
    /// (frequency, last digest); never the unsubscribe token or its hash.
    #[schema(value_type = Object)]
    pub following: serde_json::Value,
}

fn values<T: Serialize>(rows: Vec<T>) -> Vec<serde_json::Value> {
    rows.into_iter().filter_map(|r| serde_json::to_value(r).ok()).collect()
}

impl Core {
    /// All data about the signed-in person.
    pub async fn personal_data(&self, actor: Option<&Actor>) -> Result<PersonalData> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        let account = q::account(&mut conn, actor.account_id).await?.ok_or(CoreError::NotFound)?;
        let email = account.email.clone();
        let roles = q::roles(&mut conn, actor.account_id)
            .await?
            .into_iter()
            .map(|(w, r)| serde_json::json!({ "werkplaats": w, "role": r }))
            .collect();
        let memberships = q::memberships(&mut conn, actor.account_id, &email)
            .await?
            .into_iter()
            .map(|(w, kind, title)| serde_json::json!({ "werkplaats": w, "kind": kind, "title": title }))
            .collect();
        let sign_in = q::sign_in(&mut conn, actor.account_id).await?;
        let invitations = broedplaats_store::accounts::invitations::for_email(&mut conn, &email)
            .await?
            .into_iter()
            .map(|(w, role, created, accepted)| {
                serde_json::json!({ "werkplaats": w, "role": role, "created_at": created, "accepted_at": accepted })
            })
            .collect();
        let self_registration = broedplaats_store::accounts::members::registration_of(&mut conn, actor.account_id)
            .await?
            .map(|(w, verified)| serde_json::json!({ "werkplaats": w, "email_verified_at": verified }));
        let follows: Vec<serde_json::Value> = broedplaats_store::following::follows(&mut conn, actor.account_id)
            .await?
            .into_iter()
            .map(|f| {
                serde_json::json!({ "kind": f.kind, "werkplaats": f.werkplaats, "id": f.target_id,
                    "name": f.name, "created_at": f.created_at })
            })
            .collect();
        let digest = broedplaats_store::following::settings(&mut conn, actor.account_id)
            .await?
            .map(|s| serde_json::json!({ "frequency": s.frequency, "last_digest_at": s.last_digest_at }));
        Ok(PersonalData {
            following: serde_json::json!({ "follows": follows, "digest": digest }),
            exported_at: crate::kernel::time::stored(chrono::Utc::now()),
            account: serde_json::to_value(&account).map_err(|e| CoreError::Internal(e.to_string()))?,
            roles,
            people: values(q::people(&mut conn, actor.account_id, &email).await?),
            memberships,
            registrations: values(q::registrations(&mut conn, actor.account_id, &email).await?),
            contributions: values(q::contributions(&mut conn, actor.account_id).await?),
            audit_log: values(q::audit_entries(&mut conn, actor.account_id).await?),
            invitations,
            self_registration,
            sign_in: serde_json::to_value(&sign_in).map_err(|e| CoreError::Internal(e.to_string()))?,
        })
    }

    /// Erases the signed-in person's personal data. `confirm_email` must repeat their address:
    /// erasure cannot be undone. Returns the pseudonym their contributions now carry.
    pub async fn erase_personal_data(&self, actor: Option<&Actor>, confirm_email: &str) -> Result<String> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        if !confirm_email.trim().eq_ignore_ascii_case(&actor.email) {
            return Err(crate::kernel::error::refused("confirm_email", "privacy.error.confirm"));
        }
        let pseudonym = format!("Verwijderde gebruiker {}", actor.account_id);
        let mut tx = self.store.begin().await?;
        // Products whose author list names this person are re-indexed under the pseudonym.
        let products = broedplaats_store::knowledge::products_by_person_account(&mut tx, actor.account_id).await?;
        self.release_registrations_of(&mut tx, actor.account_id, &actor.email).await?;
        broedplaats_store::accounts::invitations::delete_for_email(&mut tx, &actor.email).await?;
        broedplaats_store::following::delete_all(&mut tx, actor.account_id).await?;
        q::erase(&mut tx, actor.account_id, &actor.name, &actor.email, &pseudonym).await?;
        // Free text others wrote that names them (author names, review notes, plans) too.
        let texts = q::scrub_name_in_texts(&mut tx, &actor.name, &pseudonym).await?;
        let products = products.into_iter().chain(texts.products).map(|p| (crate::knowledge::PRODUCT, p));
        let projects = texts.projects.into_iter().map(|p| (crate::organisation::PROJECT, p));
        for (doc_type, (slug, id)) in products.chain(projects) {
            if let Some(t) = broedplaats_store::werkplaats::tenant(&mut tx, &slug).await? {
                broedplaats_store::knowledge::outbox_push(&mut tx, &t, doc_type, id).await?;
            }
        }
        crate::kernel::tx::commit(tx).await?;
        self.index_now().await;
        // SQLite keeps the old pages in its write-ahead log until a checkpoint: write them back
        // now, so the erased values do not linger in the WAL file (secure_delete zeroes freed pages).
        self.store.checkpoint().await;
        // Development mail files addressed to them (production mail leaves through SMTP).
        self.mailer.prune_files(None, Some(&actor.email)).await;
        tracing::info!(account = actor.account_id, "personal data erased on request");
        Ok(pseudonym)
    }
}

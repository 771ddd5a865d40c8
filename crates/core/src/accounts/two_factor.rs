//! Two-step verification with a time-based code (TOTP, RFC 6238: 6 digits, 30 seconds, SHA-1 —
//! what every authenticator app reads from the QR code) and ten recovery codes, each used once.
//!
//! After a correct password, an account with two-step verification gets no session but a
//! pending second step (an `account_links` row, five minutes), finished with a code. The same
//! happens to a programme coordinator or lector without it when the installation sets
//! `require_2fa_for_managers`: their second step is enrolling, which completes the sign-in.
//! Codes are accepted one time step early or late (clock skew), and never twice: the account
//! remembers the last step accepted. Wrong codes slow down like wrong passwords.
use super::password::usable_link;
use super::{LoginOutcome, NewSession, SessionMeta, throttle};
use crate::kernel::actor::Actor;
use crate::kernel::secret::{hash_secret, new_secret, verify_password};
use crate::kernel::time::stored;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::accounts::{links, two_factor as q};
use broedplaats_store::{Conn, StoreError};
use chrono::{Duration, Utc};
use rand::Rng;
use serde::Serialize;
use totp_rs::{Builder, Secret, Totp};

const PENDING: &str = "second-factor";
const PENDING_VALID: Duration = Duration::minutes(5);
const ISSUER: &str = "Broedplaats";
const RECOVERY_CODES: usize = 10;

/// What an authenticator app needs: the secret (base32, to type in) and the `otpauth://` URL
/// (for the QR code).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Enrolment {
    pub secret: String,
    pub otpauth_url: String,
}

/// Two-step verification of an account, as its owner sees it.
#[derive(Debug, Clone, Serialize)]
pub struct TwoFactorStatus {
    pub enabled: bool,
    pub recovery_codes_left: i64,
    /// The installation requires it for this account: it cannot be turned off.
    pub required: bool,
}

/// The pending second step of a sign-in: a code is asked, or (`enrol`) the account must first
/// set up two-step verification.
pub struct PendingStep {
    pub enrol: Option<Enrolment>,
}

/// A finished second step: the session, and after an enrolment the recovery codes to show once.
pub struct SecondStepDone {
    pub session: NewSession,
    pub recovery_codes: Option<Vec<String>>,
}

fn internal(e: impl std::fmt::Display) -> CoreError {
    CoreError::Internal(format!("two-step verification: {e}"))
}

fn totp(secret: &str, email: &str) -> Result<Totp> {
    let secret = Secret::try_from_base32(secret).map_err(internal)?;
    // An account name may not hold a colon (the otpauth label separator).
    let label = email.replace(':', "");
    Builder::new().with_secret(secret).with_account_name(label).with_issuer(Some(ISSUER)).build().map_err(internal)
}

fn enrolment(secret: &str, email: &str) -> Result<Enrolment> {
    let url = totp(secret, email)?.to_url().map_err(internal)?;
    Ok(Enrolment { secret: secret.to_owned(), otpauth_url: url })
}

/// Digits only: people type "123 456".
fn digits(code: &str) -> Option<String> {
    let d: String = code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (d.len() == 6 && d.chars().all(|c| c.is_ascii_digit())).then_some(d)
}

/// The time step a code belongs to (now, or one step either side), if it is right.
fn matching_step(t: &Totp, code: &str) -> Option<i64> {
    let code = digits(code)?;
    let now = u64::try_from(Utc::now().timestamp()).ok()?;
    t.check(&code, now).and_then(|step| i64::try_from(step).ok())
}

/// A recovery code as stored: lower case, letters and digits only.
fn normalise_recovery(code: &str) -> String {
    code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let s: String = (0..10).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
            format!("{}-{}", &s[..5], &s[5..])
        })
        .collect()
}

fn wrong_code(field: &str) -> CoreError {
    FieldErrors::single(field, FieldErrorKind::Refused { key: "account.two_factor.code_wrong" }).into()
}

/// Checks a code (or, with `recovery`, a recovery code) of an account with two-step
/// verification on, using it up. Whether it was right.
async fn use_code(conn: &mut Conn, row: &links::SelfRow, code: &str, recovery: bool) -> Result<bool> {
    let Some(secret) = row.totp_secret.as_deref() else { return Ok(false) };
    if digits(code).is_some() {
        let t = totp(secret, &row.email)?;
        return match matching_step(&t, code) {
            Some(step) => Ok(q::accept_step(conn, row.id, step).await?),
            None => Ok(false),
        };
    }
    if recovery {
        let normal = normalise_recovery(code);
        if !normal.is_empty() {
            return Ok(q::use_recovery_code(conn, row.id, &hash_secret(&normal)).await?);
        }
    }
    Ok(false)
}

/// Turns two-step verification on with a correct first code; returns the recovery codes.
async fn enable(conn: &mut Conn, row: &links::SelfRow, code: &str) -> Result<Option<Vec<String>>> {
    let Some(secret) = row.totp_secret.as_deref() else { return Ok(None) };
    let Some(step) = matching_step(&totp(secret, &row.email)?, code) else { return Ok(None) };
    let codes = new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| hash_secret(&normalise_recovery(c))).collect();
    q::enable_totp(conn, row.id, step).await?;
    q::replace_recovery_codes(conn, row.id, &hashes).await?;
    Ok(Some(codes))
}

impl Core {
    /// After a correct first factor (password, reset link, a provider's ID token): a session, or a
    /// pending second step (two-step verification is on, or a manager must set it up).
    pub async fn after_first_factor(&self, account_id: i64, meta: &SessionMeta) -> Result<LoginOutcome> {
        let mut conn = self.store.conn().await?;
        let row = links::self_row(&mut conn, account_id).await?.ok_or(CoreError::NotFound)?;
        let second = row.totp_enabled_at.is_some()
            || (self.require_2fa_for_managers && links::is_manager_anywhere(&mut conn, account_id).await?);
        if !second {
            drop(conn);
            return Ok(LoginOutcome::Signed(self.open_session(account_id, meta).await?));
        }
        let pending = new_secret();
        let expires = stored(Utc::now() + PENDING_VALID);
        let id = links::insert_link(&mut conn, account_id, PENDING, &hash_secret(&pending), None, &expires).await?;
        if let Some(provider) = &meta.oidc_provider {
            links::set_link_oidc(&mut conn, id, provider, meta.oidc_id_token.as_deref()).await?;
        }
        Ok(LoginOutcome::SecondStep { pending })
    }

    async fn is_required(&self, conn: &mut Conn, account_id: i64) -> Result<bool> {
        Ok(self.require_2fa_for_managers && links::is_manager_anywhere(conn, account_id).await?)
    }

    /// What the pending second step asks: a code, or enrolment (whose secret is made now and
    /// kept until it is confirmed). An unknown or expired step is `NotFound`.
    pub async fn pending_step(&self, pending: &str) -> Result<PendingStep> {
        let mut conn = self.store.conn().await?;
        let link = usable_link(&mut conn, PENDING, pending).await?;
        let row = links::self_row(&mut conn, link.account_id).await?.ok_or(CoreError::NotFound)?;
        if row.totp_enabled_at.is_some() {
            return Ok(PendingStep { enrol: None });
        }
        let secret = match row.totp_secret {
            Some(s) => s,
            None => {
                let s = Secret::generate().to_base32();
                q::set_totp_secret(&mut conn, row.id, &s).await?;
                s
            }
        };
        Ok(PendingStep { enrol: Some(enrolment(&secret, &row.email)?) })
    }

    /// Finishes a pending second step with a code (or a recovery code); when the step is an
    /// enrolment, the code confirms it and the recovery codes come back. Wrong codes are a field
    /// error on `code` and slow down further tries.
    pub async fn second_step(
        &self,
        pending: &str,
        code: &str,
        client: Option<&str>,
        meta: &SessionMeta,
    ) -> Result<SecondStepDone> {
        let mut tx = self.store.begin().await?;
        let link = usable_link(&mut tx, PENDING, pending).await?;
        let counts = throttle::counts_for("2fa:", &link.account_id.to_string(), client);
        let now = Utc::now();
        if throttle::must_wait(&mut tx, &counts, now).await? {
            return Err(CoreError::RateLimited);
        }
        let row = links::self_row(&mut tx, link.account_id).await?.ok_or(CoreError::NotFound)?;
        let recovery_codes = if row.totp_enabled_at.is_some() {
            if !use_code(&mut tx, &row, code, true).await? {
                drop(tx);
                self.count_failure(&counts).await?;
                return Err(wrong_code("code"));
            }
            None
        } else {
            match enable(&mut tx, &row, code).await? {
                Some(codes) => Some(codes),
                None => {
                    drop(tx);
                    self.count_failure(&counts).await?;
                    return Err(wrong_code("code"));
                }
            }
        };
        if !links::use_link(&mut tx, link.id).await? {
            return Err(CoreError::NotFound);
        }
        throttle::succeeded(&mut tx, &counts).await?;
        tx.commit().await.map_err(StoreError::from)?;
        // After a provider sign-in, the session remembers the provider (for its logout).
        let meta = SessionMeta {
            user_agent: meta.user_agent.clone(),
            oidc_provider: link.oidc_provider.clone(),
            oidc_id_token: link.oidc_id_token.clone(),
        };
        let session = self.open_session(link.account_id, &meta).await?;
        Ok(SecondStepDone { session, recovery_codes })
    }

    async fn count_failure(&self, counts: &[(String, throttle::Rule)]) -> Result<()> {
        let mut conn = self.store.conn().await?;
        throttle::failed(&mut conn, counts, Utc::now()).await
    }

    /// Whether the actor has two-step verification, and how many recovery codes are left.
    pub async fn two_factor_status(&self, actor: Option<&Actor>) -> Result<TwoFactorStatus> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        let row = links::self_row(&mut conn, actor.account_id).await?.ok_or(CoreError::Unauthenticated)?;
        Ok(TwoFactorStatus {
            enabled: row.totp_enabled_at.is_some(),
            recovery_codes_left: q::recovery_codes_left(&mut conn, row.id).await?,
            required: self.is_required(&mut conn, row.id).await?,
        })
    }

    /// Starts enrolment: a new secret (replacing one not yet confirmed). Already on: `Conflict`.
    pub async fn start_two_factor(&self, actor: Option<&Actor>) -> Result<Enrolment> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        let row = links::self_row(&mut conn, actor.account_id).await?.ok_or(CoreError::Unauthenticated)?;
        if row.totp_enabled_at.is_some() {
            return Err(CoreError::Conflict);
        }
        let secret = Secret::generate().to_base32();
        q::set_totp_secret(&mut conn, row.id, &secret).await?;
        enrolment(&secret, &row.email)
    }

    /// The enrolment in progress (started, not yet confirmed), if any.
    pub async fn two_factor_enrolment(&self, actor: Option<&Actor>) -> Result<Option<Enrolment>> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        let row = links::self_row(&mut conn, actor.account_id).await?.ok_or(CoreError::Unauthenticated)?;
        match (&row.totp_secret, &row.totp_enabled_at) {
            (Some(s), None) => Ok(Some(enrolment(s, &row.email)?)),
            _ => Ok(None),
        }
    }

    /// Confirms enrolment with a first code; returns the ten recovery codes, shown once.
    pub async fn confirm_two_factor(
        &self,
        actor: Option<&Actor>,
        code: &str,
        client: Option<&str>,
    ) -> Result<Vec<String>> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let counts = throttle::counts_for("2fa:", &actor.account_id.to_string(), client);
        let mut tx = self.store.begin().await?;
        if throttle::must_wait(&mut tx, &counts, Utc::now()).await? {
            return Err(CoreError::RateLimited);
        }
        let row = links::self_row(&mut tx, actor.account_id).await?.ok_or(CoreError::Unauthenticated)?;
        if row.totp_enabled_at.is_some() || row.totp_secret.is_none() {
            return Err(CoreError::Conflict);
        }
        let Some(codes) = enable(&mut tx, &row, code).await? else {
            drop(tx);
            self.count_failure(&counts).await?;
            return Err(wrong_code("code"));
        };
        throttle::succeeded(&mut tx, &counts).await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(account = actor.account_id, "two-step verification on");
        Ok(codes)
    }

    /// Turns two-step verification off, proved by a current code, a recovery code or the
    /// password. Not when the installation requires it for this account. Off already: `NotFound`.
    pub async fn disable_two_factor(
        &self,
        actor: Option<&Actor>,
        code: &str,
        password: &str,
        client: Option<&str>,
    ) -> Result<()> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let counts = throttle::counts_for("2fa:", &actor.account_id.to_string(), client);
        let mut tx = self.store.begin().await?;
        let row = links::self_row(&mut tx, actor.account_id).await?.ok_or(CoreError::Unauthenticated)?;
        if row.totp_enabled_at.is_none() {
            return Err(CoreError::NotFound);
        }
        if self.is_required(&mut tx, row.id).await? {
            return Err(
                FieldErrors::single("code", FieldErrorKind::Refused { key: "account.two_factor.required" }).into()
            );
        }
        if code.trim().is_empty() && password.is_empty() {
            return Err(FieldErrors::single("code", FieldErrorKind::Required).into());
        }
        if throttle::must_wait(&mut tx, &counts, Utc::now()).await? {
            return Err(CoreError::RateLimited);
        }
        let proved = (!code.trim().is_empty() && use_code(&mut tx, &row, code, true).await?)
            || (!password.is_empty() && verify_password(password, &row.password_hash));
        if !proved {
            drop(tx);
            self.count_failure(&counts).await?;
            return Err(wrong_code(if code.trim().is_empty() { "password" } else { "code" }));
        }
        q::disable_totp(&mut tx, row.id).await?;
        throttle::succeeded(&mut tx, &counts).await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(account = actor.account_id, "two-step verification off");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_leniently_and_checked_strictly() {
        assert_eq!(digits("123 456").as_deref(), Some("123456"));
        assert_eq!(digits("12345"), None);
        assert_eq!(digits("abcdef"), None);
        assert_eq!(normalise_recovery("AB2CD-EF3GH "), "ab2cdef3gh");
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'));
    }

    #[test]
    fn the_otpauth_url_names_the_issuer_and_a_code_of_now_matches_once_per_step() {
        let secret = Secret::generate().to_base32();
        let e = enrolment(&secret, "lid@zhz.example").expect("enrolment");
        assert!(e.otpauth_url.starts_with("otpauth://totp/"), "{}", e.otpauth_url);
        assert!(e.otpauth_url.contains("issuer=Broedplaats"), "{}", e.otpauth_url);
        let t = totp(&secret, "lid@zhz.example").expect("totp");
        let now = u64::try_from(Utc::now().timestamp()).expect("time");
        let code = t.generate(now).to_string();
        assert!(matching_step(&t, &code).is_some());
        let old = t.generate(now - 300).to_string();
        assert!(old == code || matching_step(&t, &old).is_none(), "a code of five minutes ago is refused");
    }
}

//! Following and unfollowing, the list of follows, the frequency, and one-click unsubscribe.
//!
//! Follows are personal choices, not werkplaats data: like registrations they are not audited.
//! Only what the person may read can be followed: a members-only project only by members, a
//! kwestie only when its page is open to them.
use super::{FollowInput, FollowView, FollowsView, Frequency, period};
use crate::kernel::actor::{Access, Actor, access};
use crate::kernel::time::stored;
use crate::{Core, CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::following::{self as q, NewSettings, Target};
use broedplaats_store::{Conn, StoreError, Tenant};
use chrono::Utc;

/// What to follow, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowTarget {
    Werkplaats(String),
    Theme(String, i64),
    Project(String, i64),
    Kwestie(i64),
}

impl FollowTarget {
    /// Parses the input; what is missing or unknown is a field error (in Dutch on the page).
    pub fn parse(input: &FollowInput) -> Result<Self> {
        let slug = input.werkplaats.as_deref().map(str::trim).filter(|s| !s.is_empty() && s.len() <= 100);
        let id = input.id.filter(|id| *id > 0);
        let mut e = FieldErrors::new();
        let target = match input.kind.trim() {
            "werkplaats" => slug.map(|s| FollowTarget::Werkplaats(s.to_owned())),
            "theme" => slug.zip(id).map(|(s, id)| FollowTarget::Theme(s.to_owned(), id)),
            "project" => slug.zip(id).map(|(s, id)| FollowTarget::Project(s.to_owned(), id)),
            "kwestie" => id.map(FollowTarget::Kwestie),
            _ => {
                e.push(
                    "kind",
                    FieldErrorKind::UnknownValue { allowed: vec!["werkplaats", "theme", "kwestie", "project"] },
                );
                return Err(e.into());
            }
        };
        target.ok_or_else(|| {
            if slug.is_none() && input.kind.trim() != "kwestie" {
                e.push("werkplaats", FieldErrorKind::Required);
            }
            if id.is_none() && input.kind.trim() != "werkplaats" {
                e.push("id", FieldErrorKind::Required);
            }
            e.into()
        })
    }
}

/// A target with its werkplaats looked up.
enum Resolved {
    Werkplaats(Tenant),
    Theme(Tenant, i64),
    Project(Tenant, i64),
    Kwestie(i64),
}

impl Resolved {
    fn store_target(&self) -> Target<'_> {
        match self {
            Resolved::Werkplaats(t) => Target::Werkplaats(t),
            Resolved::Theme(t, id) => Target::Theme(t, *id),
            Resolved::Project(t, id) => Target::Project(t, *id),
            Resolved::Kwestie(id) => Target::Kwestie(*id),
        }
    }
}

/// The path of a followed thing's page.
pub(super) fn url_of(kind: &str, werkplaats: Option<&str>, target_id: i64) -> String {
    let w = werkplaats.unwrap_or_default();
    match kind {
        "werkplaats" => format!("/werkplaatsen/{w}"),
        "theme" => format!("/werkplaatsen/{w}/themas/{target_id}"),
        "project" => format!("/werkplaatsen/{w}/projecten/{target_id}"),
        _ => format!("/kwesties/{target_id}"),
    }
}

/// The unsubscribe token of a person: an HMAC of the account id under an installation secret.
/// It can be made again for every mail, but not without the secret.
pub(super) async fn unsubscribe_token(conn: &mut Conn, account_id: i64) -> Result<String> {
    use base64::Engine;
    use hmac::Mac;
    let secret = broedplaats_store::activities::installation_secret(
        conn,
        "follow-unsubscribe",
        &crate::kernel::secret::new_secret(),
    )
    .await?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|e| CoreError::Internal(e.to_string()))?;
    mac.update(format!("follow-unsubscribe:{account_id}").as_bytes());
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

/// A token as it came in a URL: refused before any lookup if it cannot be one of ours.
fn plausible(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn signed_in(actor: Option<&Actor>) -> Result<&Actor> {
    actor.ok_or(CoreError::Unauthenticated)
}

impl Core {
    /// Looks the target's werkplaats up; no check of who may read it.
    async fn lookup_follow(&self, target: &FollowTarget) -> Result<Resolved> {
        Ok(match target {
            FollowTarget::Werkplaats(s) => Resolved::Werkplaats(self.tenant(s).await?),
            FollowTarget::Theme(s, id) => Resolved::Theme(self.tenant(s).await?, *id),
            FollowTarget::Project(s, id) => Resolved::Project(self.tenant(s).await?, *id),
            FollowTarget::Kwestie(id) => Resolved::Kwestie(*id),
        })
    }

    /// The target, if it exists and the person may read it; otherwise `NotFound`.
    async fn resolve_follow(&self, actor: &Actor, target: &FollowTarget) -> Result<Resolved> {
        let resolved = self.lookup_follow(target).await?;
        match &resolved {
            Resolved::Werkplaats(_) => {}
            Resolved::Theme(t, id) => {
                self.theme(t, *id).await?;
            }
            Resolved::Project(t, id) => {
                let mut conn = self.store.conn().await?;
                let p =
                    broedplaats_store::organisation::project(&mut conn, t, *id).await?.ok_or(CoreError::NotFound)?;
                if p.visibility != "public" && access(Some(actor), t) == Access::Public {
                    return Err(CoreError::NotFound);
                }
            }
            Resolved::Kwestie(id) => {
                self.kwestie(Some(actor), *id).await?;
            }
        }
        Ok(resolved)
    }

    /// What the signed-in person follows (targets deleted since are left out) and their frequency.
    pub async fn follows(&self, actor: Option<&Actor>) -> Result<FollowsView> {
        let actor = signed_in(actor)?;
        let mut conn = self.store.conn().await?;
        let frequency = q::settings(&mut conn, actor.account_id)
            .await?
            .and_then(|s| Frequency::parse(&s.frequency))
            .unwrap_or(Frequency::Weekly);
        let items = q::follows(&mut conn, actor.account_id)
            .await?
            .into_iter()
            .filter_map(|f| {
                let name = f.name?;
                // A project that became members-only is not named to someone who may no longer read it.
                if f.project_visibility.as_deref().is_some_and(|v| v != "public")
                    && !f.werkplaats.as_deref().is_some_and(|w| actor.is_member(w))
                {
                    return None;
                }
                Some(FollowView {
                    url: url_of(&f.kind, f.werkplaats.as_deref(), f.target_id),
                    id: f.id,
                    kind: f.kind,
                    werkplaats: f.werkplaats,
                    target_id: f.target_id,
                    name,
                    created_at: f.created_at,
                })
            })
            .collect();
        Ok(FollowsView { frequency, items })
    }

    /// The follow of this target by the viewer, if signed in and following.
    pub async fn following(&self, actor: Option<&Actor>, target: &FollowTarget) -> Result<Option<i64>> {
        let Some(actor) = actor else { return Ok(None) };
        let resolved = self.lookup_follow(target).await?;
        let mut conn = self.store.conn().await?;
        Ok(q::follow_of(&mut conn, actor.account_id, resolved.store_target()).await?)
    }

    /// Follows a target the person may read; following again changes nothing. The follow's id
    /// and whether it is new. The first follow makes the person's digest settings (weekly).
    pub async fn follow(&self, actor: Option<&Actor>, target: &FollowTarget) -> Result<(i64, bool)> {
        let actor = signed_in(actor)?;
        let resolved = self.resolve_follow(actor, target).await?;
        let now = Utc::now();
        let mut tx = self.store.begin().await?;
        let token = unsubscribe_token(&mut tx, actor.account_id).await?;
        let hash = crate::kernel::secret::hash_secret(&token);
        q::ensure_settings(
            &mut tx,
            &NewSettings {
                account_id: actor.account_id,
                frequency: Frequency::Weekly.code(),
                now: &stored(now),
                period: &period(Frequency::Weekly, now),
                unsubscribe_hash: &hash,
            },
        )
        .await?;
        let done = q::insert_follow(&mut tx, actor.account_id, resolved.store_target(), &stored(now)).await?;
        tx.commit().await.map_err(|e| CoreError::from(StoreError::from(e)))?;
        Ok(done)
    }

    /// Ends one of the person's follows; someone else's or an unknown id is `NotFound`.
    pub async fn unfollow(&self, actor: Option<&Actor>, id: i64) -> Result<()> {
        let actor = signed_in(actor)?;
        let mut conn = self.store.conn().await?;
        if q::delete_follow(&mut conn, actor.account_id, id).await? { Ok(()) } else { Err(CoreError::NotFound) }
    }

    /// Ends the follow of a target (the "Niet meer volgen" button); not following it is `NotFound`.
    pub async fn unfollow_target(&self, actor: Option<&Actor>, target: &FollowTarget) -> Result<()> {
        let id = self.following(Some(signed_in(actor)?), target).await?.ok_or(CoreError::NotFound)?;
        self.unfollow(actor, id).await
    }

    /// Chooses how often the digest comes (`off`: never).
    pub async fn set_digest_frequency(&self, actor: Option<&Actor>, frequency: Frequency) -> Result<()> {
        let actor = signed_in(actor)?;
        let now = Utc::now();
        let mut tx = self.store.begin().await?;
        let token = unsubscribe_token(&mut tx, actor.account_id).await?;
        let hash = crate::kernel::secret::hash_secret(&token);
        let new = NewSettings {
            account_id: actor.account_id,
            frequency: frequency.code(),
            now: &stored(now),
            period: &period(frequency, now),
            unsubscribe_hash: &hash,
        };
        q::ensure_settings(&mut tx, &new).await?;
        q::set_frequency(&mut tx, actor.account_id, frequency.code()).await?;
        tx.commit().await.map_err(|e| CoreError::from(StoreError::from(e)))?;
        Ok(())
    }

    /// Whether an unsubscribe link is one of ours (the confirmation page); changes nothing.
    pub async fn unsubscribe_link_valid(&self, token: &str) -> Result<bool> {
        if !plausible(token) {
            return Ok(false);
        }
        let mut conn = self.store.conn().await?;
        Ok(q::unsubscribe_known(&mut conn, &crate::kernel::secret::hash_secret(token)).await?)
    }

    /// One-click unsubscribe (RFC 8058): turns the digest of the link's person off. No session and
    /// no CSRF token: the link itself is the proof. An unknown link is `NotFound`.
    pub async fn unsubscribe(&self, token: &str) -> Result<()> {
        if !plausible(token) {
            return Err(CoreError::NotFound);
        }
        let mut conn = self.store.conn().await?;
        match q::unsubscribe(&mut conn, &crate::kernel::secret::hash_secret(token)).await? {
            Some(_) => Ok(()),
            None => Err(CoreError::NotFound),
        }
    }
}

//! "Your sessions": where you are signed in, and ending them — one, or all but this one.
use crate::kernel::actor::Actor;
use crate::kernel::secret::hash_secret;
use crate::kernel::time::{parse_stored, stored};
use crate::{Core, CoreError, Result};
use broedplaats_store::Conn;
use broedplaats_store::accounts::sessions as q;
use chrono::{Duration, Utc};
use serde::Serialize;

/// A session is marked as seen at most this often: using a session must not write every request.
const SEEN_EVERY: Duration = Duration::minutes(5);

/// A session as its owner sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub id: i64,
    /// When it started (UTC, RFC 3339).
    pub created_at: String,
    /// When it was last used, to within a few minutes.
    pub last_seen_at: Option<String>,
    /// The browser, as far as its User-Agent tells (e.g. `Firefox`).
    pub browser: Option<String>,
    /// The operating system, as far as its User-Agent tells (e.g. `Windows`).
    pub system: Option<String>,
    /// The OpenID Connect provider it signed in with, if any.
    pub provider: Option<String>,
    /// This is the session of the request.
    pub current: bool,
}

/// Marks a session seen now if that was longer ago than [`SEEN_EVERY`].
pub(super) async fn seen(conn: &mut Conn, live: &q::LiveSession) -> Result<()> {
    let now = Utc::now();
    let stale = match live.last_seen_at.as_deref() {
        Some(t) => parse_stored(t).map(|t| t < now - SEEN_EVERY).unwrap_or(true),
        None => true,
    };
    if stale {
        q::touch_session(conn, live.session_id, &stored(now)).await?;
    }
    Ok(())
}

impl Core {
    /// The live sessions of the actor; `current_token` (the session cookie) marks the one in use.
    pub async fn my_sessions(&self, actor: Option<&Actor>, current_token: Option<&str>) -> Result<Vec<SessionView>> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        let current = match current_token {
            Some(t) => q::session_id_of(&mut conn, actor.account_id, &hash_secret(t)).await?,
            None => None,
        };
        let rows = q::sessions_of(&mut conn, actor.account_id).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let (browser, system) = describe(r.user_agent.as_deref().unwrap_or_default());
                SessionView {
                    current: Some(r.id) == current,
                    id: r.id,
                    created_at: r.created_at,
                    last_seen_at: r.last_seen_at,
                    browser,
                    system,
                    provider: r.oidc_provider,
                }
            })
            .collect())
    }

    /// Ends one of the actor's sessions; another account's session is `NotFound`.
    pub async fn end_my_session(&self, actor: Option<&Actor>, id: i64) -> Result<()> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        if !q::delete_session_of(&mut conn, actor.account_id, id).await? {
            return Err(CoreError::NotFound);
        }
        tracing::info!(account = actor.account_id, session = id, "session ended by its owner");
        Ok(())
    }

    /// Ends every session of the actor except the one of `current_token` (without one: all of
    /// them, as for a bearer-token caller). Returns how many ended.
    pub async fn end_other_sessions(&self, actor: Option<&Actor>, current_token: Option<&str>) -> Result<u64> {
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut conn = self.store.conn().await?;
        let keep = match current_token {
            Some(t) => q::session_id_of(&mut conn, actor.account_id, &hash_secret(t)).await?,
            None => None,
        };
        let n = q::delete_sessions_of(&mut conn, actor.account_id, keep).await?;
        tracing::info!(account = actor.account_id, ended = n, "other sessions ended");
        Ok(n)
    }
}

/// Browser and operating system from a User-Agent, roughly: enough to recognise a device.
pub(super) fn describe(ua: &str) -> (Option<String>, Option<String>) {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| (*name).to_owned());
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| (*name).to_owned());
    (browser, system)
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn user_agents_are_recognised_roughly() {
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(describe(firefox), (Some("Firefox".into()), Some("Windows".into())));
        let edge =
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0";
        assert_eq!(describe(edge).0.as_deref(), Some("Edge"));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(describe(iphone), (Some("Safari".into()), Some("iOS".into())));
        assert_eq!(describe(""), (None, None));
    }
}

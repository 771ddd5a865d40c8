//! "Inloggen met je instelling": signing in through OpenID Connect providers (SURFconext, eduID,
//! Microsoft Entra ID, …), configured per installation.
//!
//! The authorization code flow with PKCE (S256), a random `state` and `nonce`. The flow is kept in
//! `oidc_flows` (keyed by the SHA-256 of `state`, ten minutes, taken once) so any instance can
//! finish it; the web layer also binds it to the browser with a cookie holding `state`, which the
//! callback must present (a `state` injected from another browser fails). The ID token's
//! signature, issuer, audience, expiry and nonce are checked by `openidconnect`'s verifier;
//! userinfo is read too (SURFconext puts most claims there) and must name the same subject.
//!
//! Provider metadata is discovered on first use and cached per provider for an hour, through an
//! HTTP client that follows no redirects (a redirect could send our requests elsewhere) and gives
//! up after ten seconds.
//!
//! Linking: an identity is (issuer, `sub`). Known → its account. New → the account with the same
//! email address, **only** when the provider says `email_verified: true`; without that, an existing
//! account with that address is not linked (nor duplicated: addresses are unique) and the sign-in
//! is refused with an explanation. No account with the address → a new account without roles and
//! without a password (`password_hash` is empty, which no password verifies).
use super::{LoginOutcome, SessionMeta};
use crate::kernel::secret::hash_secret;
use crate::kernel::time::{parse_stored, stored};
use crate::{Core, CoreError};
use broedplaats_domain::{Email, Slug};
use broedplaats_store::StoreError;
use broedplaats_store::accounts::{self as store_accounts, oidc as store};
use chrono::Utc;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod, CoreGenderClaim, CoreIdToken, CoreIdTokenClaims,
    CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, RequestTokenError, Scope, StandardClaims,
    TokenResponse, UserInfoError, reqwest,
};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long a sign-in may take between the redirect to the provider and its callback.
pub const OIDC_FLOW_MINUTES: i64 = 10;
/// How long discovered provider metadata (endpoints, signing keys) is kept.
const METADATA_TTL: Duration = Duration::from_secs(3600);
/// Every request to a provider gives up after this long.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

/// One provider people may sign in with.
#[derive(Clone, PartialEq, Eq)]
pub struct OidcProvider {
    /// A slug, in the URLs `/inloggen/oidc/{id}` and `/inloggen/oidc/{id}/callback`.
    pub id: String,
    /// The button text: "Inloggen met {name}".
    pub name: String,
    /// The issuer URL; its `/.well-known/openid-configuration` is read.
    pub issuer: String,
    pub client_id: String,
    /// Never printed (see `Debug`).
    pub client_secret: String,
}

impl std::fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProvider")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .finish()
    }
}

/// Checks a list of providers before an installation starts with it: ids are slugs and unique,
/// issuers are URLs (https, or http on this machine for development), names and client ids are
/// given. Says what is wrong, naming the provider.
pub fn check_oidc_providers(providers: &[OidcProvider]) -> std::result::Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for p in providers {
        if Slug::parse(&p.id).is_err() {
            return Err(format!("OpenID Connect provider id {:?} is not a slug (2 to 40 of a-z, 0-9 and -)", p.id));
        }
        if !seen.insert(p.id.as_str()) {
            return Err(format!("OpenID Connect provider id {:?} is used twice", p.id));
        }
        let url = IssuerUrl::new(p.issuer.clone())
            .map_err(|e| format!("OpenID Connect provider {:?}: issuer {:?} is not a URL: {e}", p.id, p.issuer))?;
        let host = url.url().host_str().unwrap_or_default();
        let local = matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "::1");
        if url.url().scheme() != "https" && !(url.url().scheme() == "http" && local) {
            return Err(format!(
                "OpenID Connect provider {:?}: issuer {:?} must be an https:// URL (http only on this machine)",
                p.id, p.issuer
            ));
        }
        if p.name.trim().is_empty() {
            return Err(format!("OpenID Connect provider {:?} has no name (the button text)", p.id));
        }
        if p.client_id.trim().is_empty() {
            return Err(format!("OpenID Connect provider {:?} has no client_id", p.id));
        }
    }
    Ok(())
}

/// The configured providers, their discovered metadata and the HTTP client that talks to them.
#[derive(Default)]
pub struct OidcProviders {
    providers: Vec<OidcProvider>,
    metadata: Mutex<HashMap<String, (Instant, Arc<ProviderMetadataWithLogout>)>>,
    http: OnceLock<std::result::Result<reqwest::Client, String>>,
}

impl std::fmt::Debug for OidcProviders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.providers).finish()
    }
}

impl OidcProviders {
    fn get(&self, id: &str) -> Option<&OidcProvider> {
        self.providers.iter().find(|p| p.id == id)
    }

    fn http(&self) -> Result<&reqwest::Client, OidcFailure> {
        self.http
            .get_or_init(|| {
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(HTTP_TIMEOUT)
                    .connect_timeout(HTTP_TIMEOUT / 2)
                    .build()
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| OidcFailure::Core(CoreError::Internal(format!("OpenID Connect HTTP client: {e}"))))
    }

    /// The provider's metadata: cached, else discovered (which checks that the document names
    /// the configured issuer).
    async fn metadata(&self, p: &OidcProvider) -> Result<Arc<ProviderMetadataWithLogout>, OidcFailure> {
        if let Some((at, m)) = self.lock().get(&p.id)
            && at.elapsed() < METADATA_TTL
        {
            return Ok(m.clone());
        }
        let issuer = IssuerUrl::new(p.issuer.clone())
            .map_err(|e| OidcFailure::Core(CoreError::Internal(format!("issuer of {}: {e}", p.id))))?;
        let discovered = ProviderMetadataWithLogout::discover_async(issuer, self.http()?).await.map_err(|e| {
            tracing::warn!(provider = %p.id, error = %e, "OpenID Connect discovery failed");
            OidcFailure::ProviderUnavailable
        })?;
        let m = Arc::new(discovered);
        self.lock().insert(p.id.clone(), (Instant::now(), m.clone()));
        Ok(m)
    }

    /// Forgets a provider's metadata, so the next sign-in reads it (and its keys) again.
    fn forget(&self, id: &str) {
        self.lock().remove(id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Arc<ProviderMetadataWithLogout>)>> {
        self.metadata.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Why a sign-in through a provider did not happen. The web layer shows each as a page that says
/// what to do; the reason is logged (without tokens or addresses).
#[derive(Debug)]
pub enum OidcFailure {
    /// No provider with that id.
    UnknownProvider,
    /// The provider could not be reached, or answered nonsense.
    ProviderUnavailable,
    /// The invitation link is unknown, expired, used or revoked.
    InvitationInvalid,
    /// No sign-in under way in this browser with that `state` (forged, from another browser,
    /// used before, or older than ten minutes).
    FlowInvalid,
    /// The person cancelled at the provider, or the provider refused.
    Cancelled,
    /// The provider's answer failed a check (code, ID token, userinfo).
    TokenRejected,
    /// The provider gave no (usable) email address.
    NoEmail,
    /// An account has this address, but the provider did not say it verified it.
    EmailInUse,
    Core(CoreError),
}

impl From<CoreError> for OidcFailure {
    fn from(e: CoreError) -> Self {
        OidcFailure::Core(e)
    }
}

impl From<StoreError> for OidcFailure {
    fn from(e: StoreError) -> Self {
        OidcFailure::Core(e.into())
    }
}

/// Where to send the browser to sign in, and the `state` to keep in its cookie.
#[derive(Debug)]
pub struct OidcStart {
    pub redirect_url: String,
    pub state: String,
}

/// What the provider's redirect back brought, and the `state` this browser's cookie holds.
#[derive(Debug, Default)]
pub struct OidcCallback<'a> {
    pub provider: &'a str,
    pub code: Option<&'a str>,
    pub state: Option<&'a str>,
    pub error: Option<&'a str>,
    pub cookie_state: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

/// A finished sign-in: the new session and where the person was going (the werkplaats, after an
/// accepted invitation).
pub struct OidcSignedIn {
    /// A session, or the pending second step of two-step verification.
    pub outcome: LoginOutcome,
    pub return_to: String,
    /// The sign-in carried an invitation that could not be accepted (used, revoked or expired
    /// meanwhile): the person is signed in without the invited role and must be told.
    pub invitation_refused: bool,
}

type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// The claims that matter here, from the ID token or from userinfo.
#[derive(Default)]
struct Claims {
    email: Option<String>,
    email_verified: Option<bool>,
    name: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
}

impl Claims {
    fn of(c: &StandardClaims<CoreGenderClaim>) -> Self {
        let text = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        Claims {
            email: text(c.email().map(|e| e.as_str())),
            email_verified: c.email_verified(),
            name: text(c.name().and_then(|n| n.get(None)).map(|n| n.as_str())),
            given_name: text(c.given_name().and_then(|n| n.get(None)).map(|n| n.as_str())),
            family_name: text(c.family_name().and_then(|n| n.get(None)).map(|n| n.as_str())),
        }
    }
}

/// The address and name of the person, from userinfo first, then the ID token. The address counts
/// as verified only if a source that gave this same address says so.
struct Profile {
    email: Option<Email>,
    verified: bool,
    name: String,
}

fn profile(sources: &[Claims]) -> Profile {
    let email = sources.iter().find_map(|c| c.email.clone()).and_then(|e| Email::parse(&e).ok());
    let verified = email.as_ref().is_some_and(|e| {
        sources.iter().any(|c| {
            c.email_verified == Some(true) && c.email.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(e.as_str()))
        })
    });
    let full = || {
        sources.iter().find_map(|c| {
            let parts: Vec<&str> = [c.given_name.as_deref(), c.family_name.as_deref()].into_iter().flatten().collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        })
    };
    let name = sources
        .iter()
        .find_map(|c| c.name.clone())
        .or_else(full)
        .or_else(|| email.as_ref().map(|e| e.as_str().to_owned()))
        .unwrap_or_default();
    Profile { email, verified, name: name.chars().take(200).collect::<String>().trim().to_owned() }
}

impl Core {
    /// Sets the providers people may sign in with (check them first with [`check_oidc_providers`]).
    pub fn with_oidc_providers(mut self, providers: Vec<OidcProvider>) -> Self {
        self.oidc = Arc::new(OidcProviders { providers, ..Default::default() });
        self
    }

    /// The providers to offer on the sign-in page: (id, button name).
    pub fn oidc_providers(&self) -> Vec<(String, String)> {
        self.oidc.providers.iter().map(|p| (p.id.clone(), p.name.clone())).collect()
    }

    async fn oidc_client(&self, p: &OidcProvider) -> Result<Client, OidcFailure> {
        let metadata = self.oidc.metadata(p).await?;
        let redirect = RedirectUrl::new(format!("{}/inloggen/oidc/{}/callback", self.public_url, p.id))
            .map_err(|e| OidcFailure::Core(CoreError::Internal(format!("redirect URI of {}: {e}", p.id))))?;
        let secret = (!p.client_secret.is_empty()).then(|| ClientSecret::new(p.client_secret.clone()));
        let mut client =
            CoreClient::from_provider_metadata((*metadata).clone(), ClientId::new(p.client_id.clone()), secret)
                .set_redirect_uri(redirect);
        // Basic authentication unless the provider only takes the secret in the request body.
        if let Some(methods) = metadata.token_endpoint_auth_methods_supported()
            && !methods.contains(&CoreClientAuthMethod::ClientSecretBasic)
            && methods.contains(&CoreClientAuthMethod::ClientSecretPost)
        {
            client = client.set_auth_type(AuthType::RequestBody);
        }
        Ok(client)
    }

    /// Starts a sign-in through `provider_id`: stores the flow and returns the provider's
    /// authorization URL. `invitation_token` (the secret of an invitation link) is accepted
    /// for the account once signed in.
    pub async fn oidc_begin(
        &self,
        provider_id: &str,
        return_to: &str,
        invitation_token: Option<&str>,
    ) -> Result<OidcStart, OidcFailure> {
        let p = self.oidc.get(provider_id).ok_or(OidcFailure::UnknownProvider)?;
        let invitation_id = match invitation_token.map(str::trim).filter(|t| !t.is_empty()) {
            Some(token) => Some(self.invitation_id_for_token(token).await.map_err(|e| match e {
                CoreError::NotFound => OidcFailure::InvitationInvalid,
                e => e.into(),
            })?),
            None => None,
        };
        let client = self.oidc_client(p).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let now = Utc::now();
        let mut conn = self.store.conn().await.map_err(CoreError::from)?;
        store::delete_expired_flows(&mut conn, &stored(now)).await?;
        store::insert_flow(
            &mut conn,
            &store::NewFlow {
                state_hash: &hash_secret(state.secret()),
                provider: &p.id,
                nonce: nonce.secret(),
                pkce_verifier: verifier.secret(),
                invitation_id,
                return_to,
                expires_at: &stored(now + chrono::Duration::minutes(OIDC_FLOW_MINUTES)),
            },
        )
        .await?;
        Ok(OidcStart { redirect_url: url.to_string(), state: state.secret().clone() })
    }

    /// Finishes a sign-in on the provider's redirect back: checks the flow, exchanges the code,
    /// verifies the ID token and userinfo, finds or links or creates the account, accepts the
    /// invitation the flow carries, and starts the session.
    pub async fn oidc_finish(&self, cb: &OidcCallback<'_>) -> Result<OidcSignedIn, OidcFailure> {
        let p = self.oidc.get(cb.provider).ok_or(OidcFailure::UnknownProvider)?;
        let refuse = |why: &str| {
            tracing::info!(provider = %p.id, "OpenID Connect sign-in refused: {why}");
            OidcFailure::FlowInvalid
        };
        if let Some(error) = cb.error {
            // Nothing is granted on this path, so it needs no valid flow (some providers send no
            // `state` with an error); a flow of this browser that it names is used up.
            if let Some(state) = cb.state.filter(|s| cb.cookie_state == Some(*s)) {
                let mut conn = self.store.conn().await.map_err(CoreError::from)?;
                store::take_flow(&mut conn, &hash_secret(state)).await?;
            }
            let error: String = error.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
            tracing::info!(provider = %p.id, error = %error, "OpenID Connect provider returned an error");
            return Err(OidcFailure::Cancelled);
        }
        let state = cb.state.filter(|s| !s.is_empty()).ok_or_else(|| refuse("no state"))?;
        // Checked before the flow is touched, so a callback from another browser cannot use it up.
        if cb.cookie_state.map(hash_secret) != Some(hash_secret(state)) {
            return Err(refuse("state does not match this browser's cookie"));
        }
        let flow = {
            let mut conn = self.store.conn().await.map_err(CoreError::from)?;
            store::take_flow(&mut conn, &hash_secret(state)).await?
        }
        .ok_or_else(|| refuse("no such flow (used, expired or forged)"))?;
        if flow.provider != p.id {
            return Err(refuse("flow of another provider"));
        }
        if parse_stored(&flow.expires_at)? <= Utc::now() {
            return Err(refuse("flow expired"));
        }
        let code = cb.code.filter(|c| !c.is_empty()).ok_or_else(|| refuse("no code"))?;

        let client = self.oidc_client(p).await?;
        let http = self.oidc.http()?;
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| {
                tracing::warn!(provider = %p.id, error = %e, "OpenID Connect provider names no token endpoint");
                OidcFailure::ProviderUnavailable
            })?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.pkce_verifier))
            .request_async(http)
            .await
            .map_err(|e| {
                let (kind, failure) = match &e {
                    RequestTokenError::ServerResponse(r) => (r.error().to_string(), OidcFailure::TokenRejected),
                    RequestTokenError::Request(_) => ("unreachable".into(), OidcFailure::ProviderUnavailable),
                    RequestTokenError::Parse(..) => ("unreadable answer".into(), OidcFailure::TokenRejected),
                    RequestTokenError::Other(_) => ("other".into(), OidcFailure::TokenRejected),
                };
                tracing::info!(provider = %p.id, reason = %kind, "OpenID Connect code exchange failed");
                failure
            })?;
        let rejected = |what: &str, e: &dyn std::fmt::Display| {
            tracing::info!(provider = %p.id, error = %e, "OpenID Connect {what} rejected");
            OidcFailure::TokenRejected
        };
        let id_token = token.id_token().ok_or_else(|| rejected("answer", &"no ID token"))?;
        let verifier = client.id_token_verifier();
        let claims: &CoreIdTokenClaims = id_token.claims(&verifier, &Nonce::new(flow.nonce)).map_err(|e| {
            // Perhaps the provider rotated its keys: read them again next time.
            self.oidc.forget(&p.id);
            rejected("ID token", &e)
        })?;
        if let Some(expected) = claims.access_token_hash() {
            let alg = id_token.signing_alg().map_err(|e| rejected("ID token", &e))?;
            let key = id_token.signing_key(&verifier).map_err(|e| rejected("ID token", &e))?;
            let actual =
                AccessTokenHash::from_token(token.access_token(), alg, key).map_err(|e| rejected("ID token", &e))?;
            if actual != *expected {
                return Err(rejected("access token", &"at_hash does not match"));
            }
        }
        let mut sources = Vec::with_capacity(2);
        // Without a userinfo endpoint the ID token's claims are all there is.
        if let Ok(request) = client.user_info(token.access_token().clone(), Some(claims.subject().clone())) {
            let info: CoreUserInfoClaims = request.request_async(http).await.map_err(|e| match e {
                UserInfoError::Request(_) => {
                    tracing::warn!(provider = %p.id, "OpenID Connect userinfo unreachable");
                    OidcFailure::ProviderUnavailable
                }
                // Includes a `sub` other than the ID token's.
                e => rejected("userinfo", &e),
            })?;
            sources.push(Claims::of(info.standard_claims()));
        }
        sources.push(Claims {
            email: claims.email().map(|e| e.as_str().trim().to_owned()).filter(|e| !e.is_empty()),
            email_verified: claims.email_verified(),
            name: claims.name().and_then(|n| n.get(None)).map(|n| n.as_str().trim().to_owned()),
            given_name: claims.given_name().and_then(|n| n.get(None)).map(|n| n.as_str().trim().to_owned()),
            family_name: claims.family_name().and_then(|n| n.get(None)).map(|n| n.as_str().trim().to_owned()),
        });
        let profile = profile(&sources);
        let account_id = self.link_identity(p, claims.issuer().as_str(), claims.subject().as_str(), &profile).await?;

        let mut return_to = flow.return_to;
        let mut invitation_refused = false;
        if let Some(invitation) = flow.invitation_id {
            match self.accept_invitation_as(invitation, account_id).await {
                // Accepted: to the werkplaats, unless the person was going somewhere.
                Ok(slug) if return_to == "/" => return_to = format!("/werkplaatsen/{slug}"),
                Ok(_) => {}
                // Used, revoked or expired since the sign-in began (or it failed): the identity
                // is linked and the person signed in, without the invited role; they are told.
                Err(CoreError::NotFound) => {
                    tracing::info!(
                        account = account_id,
                        invitation,
                        "invitation no longer open after OpenID Connect sign-in"
                    );
                    invitation_refused = true;
                }
                Err(e) => {
                    tracing::warn!(account = account_id, invitation, error = ?e, "invitation not accepted after OpenID Connect sign-in");
                    invitation_refused = true;
                }
            }
        }
        // The same second step as after a password: two-step verification, when it is on or
        // required of managers, also guards sign-in through a provider.
        let outcome = self
            .after_first_factor(
                account_id,
                &SessionMeta {
                    user_agent: cb.user_agent.map(str::to_owned),
                    oidc_provider: Some(p.id.clone()),
                    oidc_id_token: Some(id_token.to_string()),
                },
            )
            .await?;
        Ok(OidcSignedIn { outcome, return_to, invitation_refused })
    }

    /// The account of an identity: linked before, linked now by verified address, or new.
    async fn link_identity(
        &self,
        p: &OidcProvider,
        issuer: &str,
        subject: &str,
        profile: &Profile,
    ) -> Result<i64, OidcFailure> {
        let mut tx = self.store.begin().await.map_err(CoreError::from)?;
        let account_id = match store::identity_account(&mut tx, issuer, subject).await? {
            Some(id) => {
                store::touch_identity(&mut tx, issuer, subject).await?;
                id
            }
            None => {
                let Some(email) = &profile.email else {
                    tracing::info!(provider = %p.id, "OpenID Connect sign-in refused: no email address");
                    return Err(OidcFailure::NoEmail);
                };
                let id = match store_accounts::account_by_email(&mut tx, email.as_str()).await? {
                    Some(existing) if profile.verified => {
                        store_accounts::links::mark_email_verified(&mut tx, existing.id).await?;
                        tracing::info!(provider = %p.id, account = existing.id, "identity linked by verified email");
                        existing.id
                    }
                    Some(existing) => {
                        tracing::info!(
                            provider = %p.id,
                            account = existing.id,
                            "OpenID Connect sign-in refused: address of an account, not verified by the provider"
                        );
                        return Err(OidcFailure::EmailInUse);
                    }
                    None => {
                        let verified_at = profile.verified.then(|| stored(Utc::now()));
                        let id = store::insert_account_without_password(
                            &mut tx,
                            email.as_str(),
                            &profile.name,
                            verified_at.as_deref(),
                        )
                        .await?;
                        tracing::info!(provider = %p.id, account = id, "account created through OpenID Connect");
                        id
                    }
                };
                store::insert_identity(&mut tx, id, &p.id, issuer, subject).await?;
                id
            }
        };
        tx.commit().await.map_err(StoreError::from)?;
        Ok(account_id)
    }

    /// Signs out: ends the session and, if it began at a provider that offers
    /// `end_session_endpoint`, returns the URL that ends the provider's session too (with
    /// `id_token_hint`, `client_id` and `post_logout_redirect_uri` = the front page).
    pub async fn end_session(&self, token: &str) -> crate::Result<Option<String>> {
        let mut conn = self.store.conn().await?;
        let row = store::session_provider(&mut conn, &hash_secret(token)).await?;
        store_accounts::delete_session(&mut conn, &hash_secret(token)).await?;
        drop(conn);
        let Some((Some(provider), id_token)) = row else {
            return Ok(None);
        };
        let Some(p) = self.oidc.get(&provider) else {
            return Ok(None);
        };
        // A provider that cannot be reached now does not keep anyone signed in here.
        let Ok(metadata) = self.oidc.metadata(p).await else {
            return Ok(None);
        };
        let Some(endpoint) = metadata.additional_metadata().end_session_endpoint.clone() else {
            return Ok(None);
        };
        let mut request = LogoutRequest::from(endpoint).set_client_id(ClientId::new(p.client_id.clone()));
        if let Ok(back) = PostLogoutRedirectUrl::new(format!("{}/", self.public_url)) {
            request = request.set_post_logout_redirect_uri(back);
        }
        if let Some(hint) = id_token.as_deref().and_then(|t| CoreIdToken::from_str(t).ok()) {
            request = request.set_id_token_hint(&hint);
        }
        Ok(Some(request.http_get_url().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(id: &str, issuer: &str) -> OidcProvider {
        OidcProvider {
            id: id.into(),
            name: "SURFconext".into(),
            issuer: issuer.into(),
            client_id: "broedplaats".into(),
            client_secret: "heel-geheim".into(),
        }
    }

    #[test]
    fn secrets_are_not_printed() {
        let p = provider("surf", "https://connect.surfconext.nl");
        assert!(!format!("{p:?}").contains("heel-geheim"));
        let all = OidcProviders { providers: vec![p], ..Default::default() };
        assert!(!format!("{all:?}").contains("heel-geheim"));
    }

    #[test]
    fn providers_are_checked() {
        assert!(check_oidc_providers(&[provider("surf", "https://connect.surfconext.nl")]).is_ok());
        assert!(check_oidc_providers(&[provider("dev", "http://127.0.0.1:9400")]).is_ok());
        let twice = [provider("surf", "https://a.example"), provider("surf", "https://b.example")];
        assert!(check_oidc_providers(&twice).expect_err("duplicate").contains("twice"));
        assert!(check_oidc_providers(&[provider("Surf Conext", "https://a.example")]).is_err());
        assert!(check_oidc_providers(&[provider("surf", "geen url")]).expect_err("url").contains("not a URL"));
        assert!(check_oidc_providers(&[provider("surf", "http://idp.example")]).expect_err("http").contains("https"));
        let nameless = OidcProvider { name: " ".into(), ..provider("surf", "https://a.example") };
        assert!(check_oidc_providers(&[nameless]).is_err());
    }

    #[test]
    fn accounts_without_password_cannot_sign_in_with_one() {
        assert!(!crate::kernel::secret::verify_password("", ""));
        assert!(!crate::kernel::secret::verify_password("wat dan ook", ""));
    }

    #[test]
    fn the_address_is_verified_only_by_a_source_that_gave_it() {
        let userinfo = Claims { email: Some("A@Hs.example".into()), ..Default::default() };
        let id_token = Claims { email: Some("a@hs.example".into()), email_verified: Some(true), ..Default::default() };
        let p = profile(&[userinfo, id_token]);
        assert_eq!(p.email.as_ref().map(Email::as_str), Some("a@hs.example"));
        assert!(p.verified);
        assert_eq!(p.name, "a@hs.example");

        let userinfo = Claims { email: Some("ander@hs.example".into()), ..Default::default() };
        let id_token = Claims { email: Some("a@hs.example".into()), email_verified: Some(true), ..Default::default() };
        let p = profile(&[userinfo, id_token]);
        assert_eq!(p.email.as_ref().map(Email::as_str), Some("ander@hs.example"));
        assert!(!p.verified, "verification of another address does not count");

        let named = Claims {
            email: Some("b@hs.example".into()),
            given_name: Some("Bo".into()),
            family_name: Some("de Vries".into()),
            ..Default::default()
        };
        assert_eq!(profile(&[named]).name, "Bo de Vries");
        assert!(profile(&[Claims::default()]).email.is_none());
    }
}

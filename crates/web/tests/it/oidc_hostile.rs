//! "Inloggen met je instelling" against a hostile OpenID Connect provider written here (axum on
//! loopback): what the real provider of `oidc.rs` cannot be made to do. It serves discovery, its
//! signing key (JWKS), a token endpoint that answers with an RS256 ID token crafted per case
//! (`openidconnect`'s own signing types, a fixed test key in `oidc_test_key.pem`), and userinfo.
//! Cases: a well-formed answer (the control, which also checks the PKCE verifier), an expired ID
//! token, another audience, a broken signature, userinfo about another subject, and a provider
//! whose discovery redirects (not followed).
use crate::common::TestApp;
use crate::oidc::{CALLBACK, app_for, me, query_param};
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Redirect};
use axum::routing::{get, post};
use chrono::{Duration, Utc};
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey,
};
use openidconnect::{
    AccessToken, Audience, EmptyAdditionalClaims, EndUserEmail, IssuerUrl, JsonWebKeyId, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, PrivateSigningKey, StandardClaims, SubjectIdentifier,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const KEY: &str = include_str!("oidc_test_key.pem");
const SUBJECT: &str = "vijandig-1";
const ACCESS_TOKEN: &str = "toegangs-token";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Case {
    Good,
    Expired,
    OtherAudience,
    BrokenSignature,
    UserinfoOtherSubject,
}

#[derive(Default)]
struct Seen {
    nonce: Option<String>,
    challenge: Option<String>,
    pkce_ok: Option<bool>,
    userinfo_calls: usize,
}

struct Provider {
    base: String,
    case: Case,
    seen: Mutex<Seen>,
}

type Shared = Arc<Provider>;

fn key() -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(KEY, Some(JsonWebKeyId::new("test-1".into()))).expect("the test key")
}

async fn discovery(State(p): State<Shared>) -> impl IntoResponse {
    let b = &p.base;
    Json(serde_json::json!({
        "issuer": b,
        "authorization_endpoint": format!("{b}/authorize"),
        "token_endpoint": format!("{b}/token"),
        "userinfo_endpoint": format!("{b}/userinfo"),
        "jwks_uri": format!("{b}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }))
}

async fn jwks() -> impl IntoResponse {
    Json(serde_json::to_value(CoreJsonWebKeySet::new(vec![key().as_verification_key()])).expect("JWKS"))
}

async fn token(State(p): State<Shared>, Form(form): Form<HashMap<String, String>>) -> impl IntoResponse {
    let (nonce, challenge) = {
        let seen = p.seen.lock().expect("lock");
        (seen.nonce.clone().expect("the test set the nonce"), seen.challenge.clone().expect("and the challenge"))
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    let pkce_ok = PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verifier)).as_str() == challenge;
    p.seen.lock().expect("lock").pkce_ok = Some(pkce_ok);

    let now = Utc::now();
    let (issued, expires) = match p.case {
        Case::Expired => (now - Duration::minutes(10), now - Duration::minutes(5)),
        _ => (now, now + Duration::minutes(5)),
    };
    let audience = if p.case == Case::OtherAudience { "een-andere-dienst" } else { "broedplaats" };
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(p.base.clone()).expect("issuer"),
        vec![Audience::new(audience.into())],
        expires,
        issued,
        StandardClaims::new(SubjectIdentifier::new(SUBJECT.into()))
            .set_email(Some(EndUserEmail::new("vijandig@hs.example".into())))
            .set_email_verified(Some(true)),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(nonce)));
    let id_token = CoreIdToken::new(
        claims,
        &key(),
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        Some(&AccessToken::new(ACCESS_TOKEN.into())),
        None,
    )
    .expect("signed");
    let mut id_token = id_token.to_string();
    if p.case == Case::BrokenSignature {
        // Another first character of the signature: the same claims, no longer signed by the key.
        // (Not the last one: in base64url its low bits are padding, so some changes alter nothing.)
        let at = id_token.rfind('.').expect("a signed token") + 1;
        let first = if id_token[at..].starts_with('A') { "B" } else { "A" };
        id_token.replace_range(at..at + 1, first);
    }
    Json(serde_json::json!({
        "access_token": ACCESS_TOKEN,
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token,
    }))
}

async fn userinfo(State(p): State<Shared>) -> impl IntoResponse {
    p.seen.lock().expect("lock").userinfo_calls += 1;
    let sub = if p.case == Case::UserinfoOtherSubject { "iemand-anders" } else { SUBJECT };
    Json(serde_json::json!({"sub": sub, "email": "vijandig@hs.example", "email_verified": true, "name": "Vijandig"}))
}

async fn start(case: Case) -> Shared {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let provider = Arc::new(Provider { base, case, seen: Mutex::default() });
    let router = axum::Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/token", post(token))
        .route("/userinfo", get(userinfo))
        .with_state(provider.clone());
    // Ends with the test's runtime.
    tokio::spawn(async move { axum::serve(listener, router).await });
    provider
}

/// Starts a sign-in at the hostile provider and brings its "answer" (a code) to our callback:
/// the provider's authorization step is skipped, its token endpoint answers per `case`.
async fn sign_in(case: Case) -> (Shared, TestApp, crate::common::TestResponse, bool) {
    let p = start(case).await;
    let app = app_for(&p.base).await;
    let mut b = app.browser().await;
    let res = b.get("/inloggen/oidc/default").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let auth = res.location().to_owned();
    {
        let mut seen = p.seen.lock().expect("lock");
        seen.nonce = query_param(&auth, "nonce");
        seen.challenge = query_param(&auth, "code_challenge");
    }
    let state = query_param(&auth, "state").expect("state");
    let res = b.get(&format!("{CALLBACK}?code=een-code&state={state}")).await;
    let signed_in = me(&mut b).await.is_some();
    (p, app, res, signed_in)
}

#[tokio::test]
async fn a_well_formed_answer_signs_in_with_the_pkce_verifier() {
    let (p, _app, res, signed_in) = sign_in(Case::Good).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(signed_in);
    let seen = p.seen.lock().expect("lock");
    assert_eq!(seen.pkce_ok, Some(true), "the code_verifier matches the S256 challenge");
    assert_eq!(seen.userinfo_calls, 1);
}

#[tokio::test]
async fn an_expired_id_token_is_refused() {
    let (p, app, res, signed_in) = sign_in(Case::Expired).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("klopte niet"), "{}", res.body);
    assert!(!signed_in);
    assert_eq!(p.seen.lock().expect("lock").userinfo_calls, 0, "refused on the ID token, before userinfo");
    let mut conn = app.core.store.conn().await.expect("conn");
    assert!(
        broedplaats_store::accounts::account_by_email(&mut conn, "vijandig@hs.example").await.expect("q").is_none()
    );
}

#[tokio::test]
async fn an_id_token_for_another_audience_is_refused() {
    let (p, _app, res, signed_in) = sign_in(Case::OtherAudience).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(!signed_in);
    assert_eq!(p.seen.lock().expect("lock").userinfo_calls, 0);
}

#[tokio::test]
async fn a_broken_signature_is_refused() {
    let (p, _app, res, signed_in) = sign_in(Case::BrokenSignature).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(!signed_in);
    assert_eq!(p.seen.lock().expect("lock").userinfo_calls, 0);
}

#[tokio::test]
async fn userinfo_about_another_subject_is_refused() {
    let (p, _app, res, signed_in) = sign_in(Case::UserinfoOtherSubject).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(!signed_in);
    assert_eq!(p.seen.lock().expect("lock").userinfo_calls, 1);
}

#[tokio::test]
async fn a_provider_that_redirects_is_not_followed() {
    // Discovery answers with a redirect to a document elsewhere; following it could make the
    // server fetch any address. Here the target counts its visitors.
    let visits = Arc::new(Mutex::new(0usize));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let counted = visits.clone();
    let router = axum::Router::new()
        .route("/.well-known/openid-configuration", get(|| async { Redirect::temporary("/elders") }))
        .route(
            "/elders",
            get(move || {
                let counted = counted.clone();
                async move {
                    *counted.lock().expect("lock") += 1;
                    StatusCode::NOT_FOUND
                }
            }),
        );
    tokio::spawn(async move { axum::serve(listener, router).await });
    let app = app_for(&base).await;
    let mut b = app.browser().await;
    let res = b.get("/inloggen/oidc/default").await;
    assert_eq!(res.status, StatusCode::BAD_GATEWAY, "{}", res.body);
    assert!(res.body.contains("niet bereiken"), "{}", res.body);
    assert_eq!(*visits.lock().expect("lock"), 0, "the redirect was not followed");
}

//! "Inloggen met je instelling" against a real OpenID Connect provider nobody here wrote: the PyPI
//! package `oidc-provider-mock` (authlib underneath), started by each test on a free loopback port.
//! The test plays the browser: it follows our redirect to the provider, posts the provider's
//! sign-in form, and brings the provider's redirect (code and state) back to our callback.
//!
//! The mock covers a new identity, linking by verified email, no linking without it (false or
//! absent), no address at all, a forged state, a state from another browser, a replayed code and a
//! replayed or expired flow, a wrong nonce (the browser changes the nonce on its way to the
//! provider), a refusal at the provider, and logout at its `end_session_endpoint`. What the mock
//! cannot be made to do (an expired ID token — with a token lifetime of 0 it crashes —, another
//! audience, a broken signature, userinfo about another subject, a redirecting discovery) is in
//! `oidc_hostile.rs`, against a provider written there.
//!
//! The mock is found through `BROEDPLAATS_TEST_OIDC_MOCK` (set by `scripts/test`, which installs it
//! in `target/py-venv`), else in that venv, else on `PATH`; without it the tests say SKIPPED.
use crate::accounts_two_factor::{between, code};
use crate::common::{Browser, COORDINATOR, MEMBER, TestApp};
use axum::http::{Method, StatusCode};
use broedplaats_core::accounts::OidcProvider;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the in-process app says it lives; the provider sends the browser back here.
pub(crate) const PUBLIC: &str = "http://broedplaats.test";
pub(crate) const CALLBACK: &str = "/inloggen/oidc/default/callback";

/// A running `oidc-provider-mock`, killed when dropped.
pub(crate) struct Mock {
    child: Child,
    pub(crate) url: String,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_mock() -> Option<(PathBuf, bool)> {
    if let Some(path) = std::env::var_os("BROEDPLAATS_TEST_OIDC_MOCK").filter(|p| !p.is_empty()) {
        return Some((path.into(), true));
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/py-venv/bin/oidc-provider-mock");
    if venv.is_file() {
        return Some((venv, false));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("oidc-provider-mock")).find(|p| p.is_file()).map(|p| (p, false))
}

/// Starts the mock on a free loopback port (with `args`) and waits until it serves its discovery
/// document; `None`, with SKIPPED on stderr, when it is not installed. When
/// `BROEDPLAATS_TEST_OIDC_MOCK` names it, it must work.
pub(crate) async fn start_mock(test: &str, args: &[&str]) -> Option<Mock> {
    let Some((program, required)) = find_mock() else {
        eprintln!(
            "oidc::{test}: SKIPPED — oidc-provider-mock not found (set BROEDPLAATS_TEST_OIDC_MOCK or run scripts/test)"
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("addr").port();
    let child = match Command::new(&program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if !required => {
            eprintln!("oidc::{test}: SKIPPED — cannot start {}: {e}", program.display());
            return None;
        }
        Err(e) => panic!("cannot start BROEDPLAATS_TEST_OIDC_MOCK={}: {e}", program.display()),
    };
    let mock = Mock { child, url: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    let discovery = format!("{}/.well-known/openid-configuration", mock.url);
    loop {
        if let Ok(res) = http().get(&discovery).send().await
            && res.status() == 200
        {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "oidc-provider-mock did not start on port {port}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Some(mock)
}

/// The browser's HTTP client towards the provider: it looks at every redirect itself.
fn http() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().build().expect("http client")
}

fn provider(issuer: &str) -> OidcProvider {
    OidcProvider {
        id: "default".into(),
        name: "SURFconext".into(),
        issuer: issuer.into(),
        client_id: "broedplaats".into(),
        client_secret: "test-geheim".into(),
    }
}

pub(crate) async fn app_for(issuer: &str) -> TestApp {
    let p = provider(issuer);
    TestApp::spawn_with(move |core| core.with_public_url(PUBLIC).with_oidc_providers(vec![p])).await
}

/// Sets a user's claims at the mock.
pub(crate) async fn set_user(mock: &Mock, sub: &str, claims: serde_json::Value) {
    let res = http()
        .put(format!("{}/users/{sub}", mock.url))
        .header("content-type", "application/json")
        .body(claims.to_string())
        .send()
        .await
        .expect("mock reachable");
    assert_eq!(res.status(), 204, "PUT /users/{sub}: {}", res.text().await.unwrap_or_default());
}

/// Our redirect to the provider: the authorization URL.
pub(crate) async fn to_provider(b: &mut Browser<'_>, path: &str) -> String {
    let res = b.get(path).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}: {}", res.body);
    assert!(b.cookie("bp_oidc_state").is_some(), "the flow is bound to the browser");
    res.location().to_owned()
}

/// Signs in at the provider as `sub` (its form posts back to the authorization URL) and returns
/// where the provider sends the browser: our callback, as a local path.
pub(crate) async fn at_provider(auth_url: &str, form: &[(&str, &str)]) -> String {
    let page = http().get(auth_url).send().await.expect("provider");
    assert_eq!(page.status(), 200, "the provider's sign-in page: {}", page.text().await.unwrap_or_default());
    let res = http().post(auth_url).form(form).send().await.expect("provider");
    assert_eq!(res.status(), 302, "the provider's answer: {}", res.text().await.unwrap_or_default());
    let to = res.headers().get("location").and_then(|v| v.to_str().ok()).expect("a redirect").to_owned();
    to.strip_prefix(PUBLIC).unwrap_or_else(|| panic!("the provider sends the browser back to us: {to}")).to_owned()
}

/// The whole sign-in of `sub` in browser `b`, up to (not including) our callback.
pub(crate) async fn callback_for(b: &mut Browser<'_>, sub: &str) -> String {
    let auth = to_provider(b, "/inloggen/oidc/default?terug=/werkplaatsen/zhz").await;
    at_provider(&auth, &[("sub", sub)]).await
}

pub(crate) fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

fn replace_param(url: &str, name: &str, value: &str) -> String {
    let old = query_param(url, name).unwrap_or_else(|| panic!("{name} in {url}"));
    url.replace(&format!("{name}={old}"), &format!("{name}={value}"))
}

/// Who the browser is signed in as: (email, roles).
pub(crate) async fn me(b: &mut Browser<'_>) -> Option<(String, usize)> {
    let res = b.api(Method::GET, "/api/v1/me", None, serde_json::json!({})).await;
    if res.status == StatusCode::UNAUTHORIZED {
        return None;
    }
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = res.json();
    Some((v["email"].as_str().unwrap_or_default().to_owned(), v["roles"].as_array().map_or(0, Vec::len)))
}

async fn account(app: &TestApp, email: &str) -> Option<broedplaats_store::accounts::AuthRow> {
    let mut conn = app.core.store.conn().await.expect("conn");
    broedplaats_store::accounts::account_by_email(&mut conn, email).await.expect("query")
}

pub(crate) fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", rand::random::<u32>())
}

#[tokio::test]
async fn a_new_identity_gets_an_account_without_roles() {
    let Some(mock) = start_mock("a_new_identity_gets_an_account_without_roles", &[]).await else { return };
    let app = app_for(&mock.url).await;
    let sub = unique("noor");
    set_user(
        &mock,
        &sub,
        serde_json::json!({"email": "Noor.Bakker@HS.example", "email_verified": true,
                           "given_name": "Noor", "family_name": "Bakker"}),
    )
    .await;

    // The sign-in page offers the provider, keeping where the visitor was going.
    let mut b = app.browser().await;
    let page = b.get("/inloggen?terug=/werkplaatsen/zhz").await;
    assert!(page.body.contains("Inloggen met SURFconext"), "{}", page.body);
    assert!(page.body.contains("/inloggen/oidc/default?terug=/werkplaatsen/zhz"), "{}", page.body);

    let auth = to_provider(&mut b, "/inloggen/oidc/default?terug=/werkplaatsen/zhz").await;
    assert!(auth.starts_with(&format!("{}/oauth2/authorize?", mock.url)), "{auth}");
    assert_eq!(query_param(&auth, "response_type").as_deref(), Some("code"));
    assert_eq!(query_param(&auth, "client_id").as_deref(), Some("broedplaats"));
    assert_eq!(query_param(&auth, "code_challenge_method").as_deref(), Some("S256"));
    assert!(query_param(&auth, "code_challenge").is_some_and(|c| c.len() >= 43), "{auth}");
    assert!(query_param(&auth, "nonce").is_some_and(|n| !n.is_empty()), "{auth}");
    assert_eq!(query_param(&auth, "state"), b.cookie("bp_oidc_state"), "the cookie holds the state");
    let scope = query_param(&auth, "scope").unwrap_or_default();
    for s in ["openid", "email", "profile"] {
        assert!(scope.split("+").any(|x| x == s), "{s} in {scope}");
    }
    assert_eq!(
        query_param(&auth, "redirect_uri").as_deref(),
        Some("http%3A%2F%2Fbroedplaats.test%2Finloggen%2Foidc%2Fdefault%2Fcallback")
    );

    let back = at_provider(&auth, &[("sub", &sub)]).await;
    assert!(back.starts_with(&format!("{CALLBACK}?code=")), "{back}");
    let res = b.get(&back).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), "/werkplaatsen/zhz");
    assert!(b.cookie("bp_oidc_state").is_none(), "the flow cookie is gone");
    assert_eq!(me(&mut b).await, Some(("noor.bakker@hs.example".into(), 0)), "signed in, without roles");

    let created = account(&app, "noor.bakker@hs.example").await.expect("an account was made");
    assert_eq!(created.name, "Noor Bakker");
    assert_eq!(created.password_hash, "", "no password");
    // No password signs in to it, not even an empty one.
    let mut other = app.browser().await;
    for password in ["", "een-willekeurig-wachtwoord"] {
        let res = other
            .post_form("/inloggen", &[("email", "noor.bakker@hs.example"), ("password", password), ("terug", "/")])
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "password {password:?}");
    }

    // The second time the identity is known: the same account, none new.
    let mut again = app.browser().await;
    let back = callback_for(&mut again, &sub).await;
    assert_eq!(again.get(&back).await.status, StatusCode::SEE_OTHER);
    assert_eq!(me(&mut again).await, Some(("noor.bakker@hs.example".into(), 0)));
    let mut conn = app.core.store.conn().await.expect("conn");
    let linked = broedplaats_store::accounts::oidc::identity_account(&mut conn, &mock.url, &sub).await.expect("query");
    assert_eq!(linked, Some(created.id));
}

#[tokio::test]
async fn a_verified_address_links_the_existing_account() {
    let Some(mock) = start_mock("a_verified_address_links_the_existing_account", &[]).await else { return };
    let app = app_for(&mock.url).await;
    let sub = unique("lid");
    // SURFconext puts the address in userinfo; upper case is the same address.
    set_user(&mock, &sub, serde_json::json!({"email": MEMBER.to_uppercase(), "email_verified": true})).await;
    let before = account(&app, MEMBER).await.expect("the demo member");

    let mut b = app.browser().await;
    let back = callback_for(&mut b, &sub).await;
    assert_eq!(b.get(&back).await.status, StatusCode::SEE_OTHER);
    let (email, roles) = me(&mut b).await.expect("signed in");
    assert_eq!(email, MEMBER);
    assert!(roles > 0, "the member's roles come along");
    let after = account(&app, MEMBER).await.expect("still there");
    assert_eq!(after.id, before.id);
    assert_eq!(after.password_hash, before.password_hash, "the password stays");
    // The password still works too.
    app.logged_in(MEMBER).await;
}

#[tokio::test]
async fn an_unverified_address_links_nothing() {
    let Some(mock) = start_mock("an_unverified_address_links_nothing", &[]).await else { return };
    let app = app_for(&mock.url).await;
    // `email_verified: false`, and (as Entra often does) no `email_verified` at all.
    for (i, claims) in [
        serde_json::json!({"email": COORDINATOR, "email_verified": false, "name": "Indringer"}),
        serde_json::json!({"email": COORDINATOR, "name": "Indringer"}),
    ]
    .into_iter()
    .enumerate()
    {
        let sub = unique(&format!("indringer{i}"));
        set_user(&mock, &sub, claims).await;
        let mut b = app.browser().await;
        let back = callback_for(&mut b, &sub).await;
        let res = b.get(&back).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        assert!(res.body.contains("bevestigde niet"), "{}", res.body);
        assert!(res.body.contains("Log in met uw e-mailadres en wachtwoord"), "{}", res.body);
        assert!(b.cookie("bp_session").is_none());
        assert_eq!(me(&mut b).await, None, "not signed in");
        let mut conn = app.core.store.conn().await.expect("conn");
        let linked = broedplaats_store::accounts::oidc::identity_account(&mut conn, &mock.url, &sub).await;
        assert_eq!(linked.expect("query"), None, "no identity linked");
    }
    assert_eq!(account(&app, COORDINATOR).await.expect("the coordinator").name, "Carla Coördinator (fictief)");

    // An unverified address nobody uses: a new account, its address not marked verified.
    let sub = unique("nieuw");
    set_user(&mock, &sub, serde_json::json!({"email": "student@hs.example", "email_verified": false})).await;
    let mut b = app.browser().await;
    let back = callback_for(&mut b, &sub).await;
    assert_eq!(b.get(&back).await.status, StatusCode::SEE_OTHER);
    assert_eq!(me(&mut b).await, Some(("student@hs.example".into(), 0)));
    assert_eq!(account(&app, "student@hs.example").await.expect("made").name, "student@hs.example");

    // No address at all: refused, with what to do.
    let sub = unique("zonder");
    set_user(&mock, &sub, serde_json::json!({"name": "Zonder Adres"})).await;
    let mut b = app.browser().await;
    let back = callback_for(&mut b, &sub).await;
    let res = b.get(&back).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("geen e-mailadres"), "{}", res.body);
}

#[tokio::test]
async fn a_forged_state_or_one_from_another_browser_is_refused() {
    let Some(mock) = start_mock("a_forged_state_or_one_from_another_browser_is_refused", &[]).await else {
        return;
    };
    let app = app_for(&mock.url).await;
    let sub = unique("aanvaller");
    set_user(&mock, &sub, serde_json::json!({"email": "aanvaller@hs.example", "email_verified": true})).await;

    // A state nobody issued, in a browser with a flow of its own.
    let mut b = app.browser().await;
    let back = callback_for(&mut b, &sub).await;
    let forged = replace_param(&back, "state", "vervalst");
    let res = b.get(&forged).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("Begin opnieuw"), "{}", res.body);
    assert_eq!(me(&mut b).await, None);

    // The attacker's own callback (code and state of their sign-in), planted in a victim's browser:
    // with a flow of its own, and without any. The victim is not signed in as the attacker.
    let mut attacker = app.browser().await;
    let planted = callback_for(&mut attacker, &sub).await;
    let mut victim = app.browser().await;
    to_provider(&mut victim, "/inloggen/oidc/default").await;
    for victim in [&mut victim, &mut app.browser().await] {
        let res = victim.get(&planted).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        assert!(victim.cookie("bp_session").is_none());
        assert_eq!(me(victim).await, None);
    }
    // The refusals did not use the attacker's flow up: it was never this browser's to use.
    assert_eq!(attacker.get(&planted).await.status, StatusCode::SEE_OTHER);
    assert_eq!(me(&mut attacker).await, Some(("aanvaller@hs.example".into(), 0)));
}

#[tokio::test]
async fn a_replayed_code_or_flow_is_refused() {
    let Some(mock) = start_mock("a_replayed_code_or_flow_is_refused", &[]).await else { return };
    let app = app_for(&mock.url).await;
    let sub = unique("herhaal");
    set_user(&mock, &sub, serde_json::json!({"email": "herhaal@hs.example", "email_verified": true})).await;

    let mut b = app.browser().await;
    let back = callback_for(&mut b, &sub).await;
    let state = b.cookie("bp_oidc_state").expect("flow cookie");
    assert_eq!(b.get(&back).await.status, StatusCode::SEE_OTHER);

    // The same callback again, with the flow cookie too (say, from a copied history): the flow
    // was used.
    let mut thief = app.browser().await;
    let req = axum::http::Request::get(&back)
        .header("cookie", format!("bp_oidc_state={state}"))
        .body(axum::body::Body::empty())
        .expect("request");
    let res = thief.send(req).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(thief.cookie("bp_session").is_none());

    // The used code with a fresh flow of this browser: the provider refuses to exchange it again.
    let mut c = app.browser().await;
    let auth = to_provider(&mut c, "/inloggen/oidc/default").await;
    let fresh_state = query_param(&auth, "state").expect("state");
    let replay = replace_param(&back, "state", &fresh_state);
    let res = c.get(&replay).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("klopte niet"), "{}", res.body);
    assert_eq!(me(&mut c).await, None);

    // A flow older than ten minutes is refused too.
    let mut d = app.browser().await;
    let back = callback_for(&mut d, &sub).await;
    app.core.store.execute_admin("UPDATE oidc_flows SET expires_at = '2000-01-01T00:00:00Z'").await.expect("age");
    let res = d.get(&back).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("duurde te lang"), "{}", res.body);
    assert_eq!(me(&mut d).await, None);
}

#[tokio::test]
async fn a_wrong_nonce_is_refused() {
    let Some(mock) = start_mock("a_wrong_nonce_is_refused", &[]).await else { return };
    let app = app_for(&mock.url).await;
    let sub = unique("nonce");
    set_user(&mock, &sub, serde_json::json!({"email": "nonce@hs.example", "email_verified": true})).await;
    let mut b = app.browser().await;
    let auth = to_provider(&mut b, "/inloggen/oidc/default").await;
    // The provider signs an ID token for another nonce than the one this sign-in began with.
    let tampered = replace_param(&auth, "nonce", "een-andere-nonce");
    let back = at_provider(&tampered, &[("sub", &sub)]).await;
    let res = b.get(&back).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("klopte niet"), "{}", res.body);
    assert_eq!(me(&mut b).await, None);
    assert!(account(&app, "nonce@hs.example").await.is_none(), "no account made");
}

#[tokio::test]
async fn a_refusal_at_the_provider_and_unknown_things() {
    let Some(mock) = start_mock("a_refusal_at_the_provider_and_unknown_things", &[]).await else { return };
    let app = app_for(&mock.url).await;
    let mut b = app.browser().await;
    let auth = to_provider(&mut b, "/inloggen/oidc/default").await;
    let back = at_provider(&auth, &[("action", "deny")]).await;
    assert!(back.contains("error=access_denied"), "{back}");
    let res = b.get(&back).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("afgebroken"), "{}", res.body);
    assert_eq!(me(&mut b).await, None);

    assert_eq!(b.get("/inloggen/oidc/onbekend").await.status, StatusCode::NOT_FOUND);
    assert_eq!(b.get("/inloggen/oidc/onbekend/callback?code=x&state=y").await.status, StatusCode::NOT_FOUND);
    // A callback without anything.
    let res = b.get(CALLBACK).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    // An invitation link that is no invitation.
    let res = b.get("/inloggen/oidc/default?uitnodiging=geen-uitnodiging").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("uitnodiging"), "{}", res.body);
    // A return path off the site becomes the front page.
    let sub = unique("terug");
    set_user(&mock, &sub, serde_json::json!({"email": "terug@hs.example", "email_verified": true})).await;
    let auth = to_provider(&mut b, "/inloggen/oidc/default?terug=//evil.example/").await;
    let back = at_provider(&auth, &[("sub", &sub)]).await;
    let res = b.get(&back).await;
    assert_eq!(res.location(), "/");
}

// Accepting an invitation through a provider: `oidc_invitation.rs`.

#[tokio::test]
async fn logout_ends_the_provider_session_too() {
    let Some(mock) = start_mock("logout_ends_the_provider_session_too", &[]).await else { return };
    let app = app_for(&mock.url).await;
    let sub = unique("uit");
    set_user(&mock, &sub, serde_json::json!({"email": "uit@hs.example", "email_verified": true})).await;
    let mut b = app.browser().await;
    let back = callback_for(&mut b, &sub).await;
    assert_eq!(b.get(&back).await.status, StatusCode::SEE_OTHER);
    assert!(me(&mut b).await.is_some());

    let res = b.post_form("/uitloggen", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let to = res.location().to_owned();
    assert!(to.starts_with(&format!("{}/oauth2/end_session?", mock.url)), "{to}");
    assert!(query_param(&to, "id_token_hint").is_some_and(|t| t.split('.').count() == 3), "{to}");
    assert_eq!(query_param(&to, "client_id").as_deref(), Some("broedplaats"));
    assert_eq!(query_param(&to, "post_logout_redirect_uri").as_deref(), Some("http%3A%2F%2Fbroedplaats.test%2F"));
    assert_eq!(me(&mut b).await, None, "our session ended");
    // The provider knows the request (it shows its confirmation page).
    let page = http().get(&to).send().await.expect("provider");
    assert_eq!(page.status(), 200);

    // A password session signs out as before.
    let mut p = app.logged_in(MEMBER).await;
    let res = p.post_form("/uitloggen", &[]).await;
    assert_eq!(res.location(), "/");
}

#[tokio::test]
async fn two_step_verification_guards_a_provider_sign_in_too() {
    let Some(mock) = start_mock("two_step_verification_guards_a_provider_sign_in_too", &[]).await else { return };
    let p = provider(&mock.url);
    let app = TestApp::spawn_with(move |core| {
        core.with_public_url(PUBLIC).with_oidc_providers(vec![p]).with_require_2fa_for_managers(true)
    })
    .await;
    // The coordinator's identity, linked by verified address: a manager, who must use two steps.
    let sub = unique("coord");
    set_user(&mock, &sub, serde_json::json!({"email": COORDINATOR, "email_verified": true})).await;
    let mut b = app.browser().await;
    let back = callback_for(&mut b, &sub).await;
    let res = b.get(&back).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let to = res.location().to_owned();
    assert!(to.starts_with("/inloggen/tweestaps"), "{to}");
    assert_eq!(me(&mut b).await, None, "no session before the second step");
    let page = b.get(&to).await;
    assert_eq!(page.status, StatusCode::OK);
    let secret = between(&page.body, "<code class=\"secret\">", "</code>").to_owned();
    let r = b.post_form("/inloggen/tweestaps", &[("code", &code(&secret, 0)), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(me(&mut b).await.map(|m| m.0).as_deref(), Some(COORDINATOR));
    // The session opened by the second step still knows the provider: logout ends its session too.
    let res = b.post_form("/uitloggen", &[]).await;
    assert!(res.location().starts_with(&format!("{}/oauth2/end_session?", mock.url)), "{}", res.location());

    // A member is not asked for a code.
    let sub = unique("lid");
    set_user(&mock, &sub, serde_json::json!({"email": MEMBER, "email_verified": true})).await;
    let mut m = app.browser().await;
    let back = callback_for(&mut m, &sub).await;
    let res = m.get(&back).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/werkplaatsen/zhz");
    assert_eq!(me(&mut m).await.map(|m| m.0).as_deref(), Some(MEMBER));
}

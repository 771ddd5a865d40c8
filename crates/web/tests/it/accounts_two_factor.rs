//! Two-step verification (issue 13): enrolling with a code computed here from the secret
//! (independently, with totp-rs), signing in with a code, wrong and replayed codes refused,
//! recovery codes used once, turning it off, and `require_2fa_for_managers` making a coordinator
//! enrol before the sign-in completes while a member signs in as before.
use crate::common::{Browser, COORDINATOR, MEMBER, PASSWORD, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;
use totp_rs::{Builder, Secret};

/// The code of `secret` at `offset` seconds from now.
pub(crate) fn code(secret: &str, offset: i64) -> String {
    let totp = Builder::new()
        .with_secret(Secret::try_from_base32(secret).expect("base32 secret"))
        .build()
        .expect("a valid TOTP");
    let at = u64::try_from(chrono::Utc::now().timestamp() + offset).expect("time");
    totp.generate(at).to_string()
}

/// A code that is certainly not the right one (nor one step either side).
fn wrong(secret: &str) -> String {
    let right: Vec<String> = (-1..=1).map(|s| code(secret, s * 30)).collect();
    (0..10).map(|d| format!("{d}{d}{d}{d}{d}{d}")).find(|c| !right.contains(c)).expect("a wrong code")
}

pub(crate) fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let at = body.find(start).unwrap_or_else(|| panic!("no {start} in {body}")) + start.len();
    let rest = &body[at..];
    &rest[..rest.find(end).expect("end")]
}

fn recovery_codes(body: &str) -> Vec<String> {
    body.split("<li><code>").skip(1).map(|s| s[..s.find("</code>").expect("end")].to_owned()).collect()
}

async fn signed_in(b: &mut Browser<'_>) -> bool {
    b.get("/account").await.status == StatusCode::OK
}

/// Posts the sign-in form; returns where it leads.
async fn password_step(b: &mut Browser<'_>, email: &str) -> String {
    let r = b.post_form("/inloggen", &[("email", email), ("password", PASSWORD), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().to_owned()
}

#[tokio::test]
async fn enrol_then_sign_in_with_a_code_refusing_wrong_and_replayed_codes_and_recovery_codes_once() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(MEMBER).await;
    let page = b.get("/account/tweestaps").await;
    assert!(page.body.contains("Tweestapsverificatie staat uit"), "{}", page.body);
    let enrol = b.post_form("/account/tweestaps/instellen", &[]).await;
    assert_eq!(enrol.status, StatusCode::OK);
    let secret = between(&enrol.body, "<code class=\"secret\">", "</code>").to_owned();
    let svg = between(&enrol.body, "<div class=\"qr-code\">", "</div>");
    assert!(svg.starts_with("<svg class=\"qr\""), "{svg}");
    assert!(!svg.contains("style"), "no inline style: the CSP allows none");

    let bad = b.post_form("/account/tweestaps/bevestigen", &[("code", &wrong(&secret))]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(&secret), "the set-up is shown again");
    let enrolment_code = code(&secret, 0);
    let on = b.post_form("/account/tweestaps/bevestigen", &[("code", &enrolment_code)]).await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.body);
    let codes = recovery_codes(&on.body);
    assert_eq!(codes.len(), 10, "{}", on.body);
    assert!(b.get("/account/tweestaps").await.body.contains("nog 10 herstelcodes"));

    // The password alone no longer signs in.
    assert!(matches!(
        app.core.login(MEMBER, PASSWORD, None).await,
        Ok(broedplaats_core::accounts::LoginOutcome::SecondStep { .. })
    ));
    let mut c = app.browser().await;
    let to = password_step(&mut c, MEMBER).await;
    assert!(to.starts_with("/inloggen/tweestaps"), "{to}");
    assert!(!signed_in(&mut c).await, "no session before the code");
    let step = c.get(&to).await;
    assert_eq!(step.status, StatusCode::OK);
    let r = c.post_form("/inloggen/tweestaps", &[("code", &wrong(&secret)), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = c.post_form("/inloggen/tweestaps", &[("code", &enrolment_code), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the code used to enrol is not accepted again");
    assert!(!signed_in(&mut c).await);
    let next = code(&secret, 30);
    let r = c.post_form("/inloggen/tweestaps", &[("code", &next), ("terug", "/account")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/account"), "{}", r.body);
    assert!(signed_in(&mut c).await);

    // The same code in another sign-in: refused (replay).
    let mut d = app.browser().await;
    password_step(&mut d, MEMBER).await;
    let r = d.post_form("/inloggen/tweestaps", &[("code", &next), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a code works once");
    // A recovery code works, once.
    let r = d.post_form("/inloggen/tweestaps", &[("code", &codes[0].to_uppercase()), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(signed_in(&mut d).await);
    let mut e = app.browser().await;
    password_step(&mut e, MEMBER).await;
    let r = e.post_form("/inloggen/tweestaps", &[("code", &codes[0]), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a recovery code works once");
    assert!(!signed_in(&mut e).await);

    // Without the pending step, the page leads back to signing in.
    let mut f = app.browser().await;
    assert!(f.get("/inloggen/tweestaps").await.location().starts_with("/inloggen"));
    let r = f.post_form("/inloggen/tweestaps", &[("code", &next)]).await;
    assert!(r.location().starts_with("/inloggen"), "{}", r.status);

    // Turning it off: a wrong code is refused, the password does it.
    let r = b.post_form("/account/tweestaps/uitzetten", &[("code", &wrong(&secret))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = b.post_form("/account/tweestaps/uitzetten", &[("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(matches!(
        app.core.login(MEMBER, PASSWORD, None).await,
        Ok(broedplaats_core::accounts::LoginOutcome::Signed(_))
    ));
}

#[tokio::test]
async fn two_factor_through_the_api() {
    let app = TestApp::spawn().await;
    let token = app.token(MEMBER).await;
    let r = app.api(Method::POST, "/api/v1/me/two-factor", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let started = r.json();
    let secret = started["secret"].as_str().expect("secret").to_owned();
    let url = started["otpauth_url"].as_str().expect("url");
    assert!(url.starts_with("otpauth://totp/") && url.contains("issuer=Broedplaats"), "{url}");
    let r = app
        .api(Method::POST, "/api/v1/me/two-factor/confirm", Some(&token), Some(json!({ "code": wrong(&secret) })))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let first = code(&secret, 0);
    let r = app.api(Method::POST, "/api/v1/me/two-factor/confirm", Some(&token), Some(json!({ "code": first }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["recovery_codes"].as_array().map(Vec::len), Some(10));
    let r = app.api(Method::POST, "/api/v1/me/two-factor", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "already on");

    let r = app.api(Method::DELETE, "/api/v1/me/two-factor", Some(&token), Some(json!({ "code": first }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the enrolment's code is used up");
    let r = app
        .api(Method::DELETE, "/api/v1/me/two-factor", Some(&token), Some(json!({ "code": code(&secret, 30) })))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api(Method::DELETE, "/api/v1/me/two-factor", Some(&token), Some(json!({ "code": "123456" }))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "already off");
}

#[tokio::test]
async fn wrong_codes_are_throttled() {
    let app = TestApp::spawn().await;
    let token = app.token(MEMBER).await;
    let secret = app.api(Method::POST, "/api/v1/me/two-factor", Some(&token), None).await.json()["secret"]
        .as_str()
        .expect("secret")
        .to_owned();
    let r = app
        .api(Method::POST, "/api/v1/me/two-factor/confirm", Some(&token), Some(json!({ "code": code(&secret, 0) })))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut b = app.browser().await;
    password_step(&mut b, MEMBER).await;
    for _ in 0..5 {
        let r = b.post_form("/inloggen/tweestaps", &[("code", &wrong(&secret))]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = b.post_form("/inloggen/tweestaps", &[("code", &code(&secret, 30))]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "even the right code waits");
    assert!(!signed_in(&mut b).await);
}

#[tokio::test]
async fn require_2fa_for_managers_makes_a_coordinator_enrol_but_not_a_member() {
    let app = TestApp::spawn().await.reconfigure(|core| core.with_require_2fa_for_managers(true));
    let mut member = app.browser().await;
    assert_eq!(password_step(&mut member, MEMBER).await, "/account", "a member signs in as before");
    assert!(signed_in(&mut member).await);

    let mut coord = app.browser().await;
    let to = password_step(&mut coord, COORDINATOR).await;
    assert!(to.starts_with("/inloggen/tweestaps"), "{to}");
    assert!(!signed_in(&mut coord).await, "no session until enrolled");
    let page = coord.get(&to).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("verplicht"), "{}", page.body);
    let secret = between(&page.body, "<code class=\"secret\">", "</code>").to_owned();
    assert!(coord.get(&to).await.body.contains(&secret), "the same secret until confirmed");
    let r = coord.post_form("/inloggen/tweestaps", &[("code", &wrong(&secret)), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!signed_in(&mut coord).await);
    let r = coord.post_form("/inloggen/tweestaps", &[("code", &code(&secret, 0)), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(recovery_codes(&r.body).len(), 10, "the recovery codes, once");
    assert!(signed_in(&mut coord).await, "enrolment completed the sign-in");

    // Required: it cannot be turned off.
    let r = coord.post_form("/account/tweestaps/uitzetten", &[("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("verplicht"));
    // And the next sign-in asks for a code.
    let mut again = app.browser().await;
    password_step(&mut again, COORDINATOR).await;
    let page = again.get("/inloggen/tweestaps?terug=%2Faccount").await;
    assert!(!page.body.contains("<code class=\"secret\">"), "no enrolment twice");
    let r = again.post_form("/inloggen/tweestaps", &[("code", &code(&secret, 30)), ("terug", "/account")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

//! Your own account (issue 13): the forgotten password (pages and API), changing the password,
//! changing the email address, your sessions and API tokens in the browser — with the refusals:
//! unknown address, used and expired links, throttling, another account's ids.
use crate::common::{Browser, COORDINATOR, MEMBER, PASSWORD, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

const NEW_PASSWORD: &str = "een nieuw lang wachtwoord";

/// Runs the due jobs and returns the newest mail to `to` whose subject is `subject`.
async fn mail(app: &TestApp, to: &str, subject: &str) -> broedplaats_core::kernel::mail::SentMail {
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs ran");
    app.core
        .mailer
        .sent()
        .into_iter()
        .rev()
        .find(|m| m.to.contains(to) && m.subject == subject)
        .unwrap_or_else(|| panic!("no mail {subject:?} to {to}"))
}

async fn mails_to(app: &TestApp, to: &str) -> usize {
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs ran");
    app.core.mailer.sent().iter().filter(|m| m.to.contains(to)).count()
}

/// The token after `marker` (e.g. `/wachtwoord-herstellen/`) in a mail's text.
fn token_after(text: &str, marker: &str) -> String {
    let at = text.find(marker).unwrap_or_else(|| panic!("no {marker} in {text}")) + marker.len();
    text[at..].split(|c: char| c.is_whitespace()).next().unwrap_or_default().to_owned()
}

async fn reset_token(app: &TestApp, to: &str) -> String {
    let m = mail(app, to, "Nieuw wachtwoord instellen").await;
    assert!(m.html.contains("/wachtwoord-herstellen/"), "the HTML part has the link too");
    token_after(&m.text, "/wachtwoord-herstellen/")
}

async fn signed_in(b: &mut Browser<'_>) -> bool {
    b.get("/account").await.status == StatusCode::OK
}

#[tokio::test]
async fn password_reset_through_the_pages_ends_old_sessions_and_signs_in() {
    let app = TestApp::spawn().await;
    let mut old = app.logged_in(MEMBER).await;
    let mut b = app.browser().await;
    assert!(b.get("/inloggen").await.body.contains("href=\"/wachtwoord-vergeten\""), "the login page links to it");
    let form = b.get("/wachtwoord-vergeten").await;
    assert_eq!(form.status, StatusCode::OK);

    let known = b.post_form("/wachtwoord-vergeten", &[("email", MEMBER)]).await;
    let unknown = b.post_form("/wachtwoord-vergeten", &[("email", "niemand@zhz.example")]).await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(unknown.status, StatusCode::OK);
    assert!(known.body.contains("Als er een account bij dit adres hoort"), "{}", known.body);
    assert_eq!(known.body, unknown.body.replace("niemand@zhz.example", MEMBER), "the same answer");
    assert_eq!(mails_to(&app, "niemand@zhz.example").await, 0, "no mail to an unknown address");
    let bad = b.post_form("/wachtwoord-vergeten", &[("email", "geen adres")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "a malformed address is said so");

    let token = reset_token(&app, MEMBER).await;
    let page = b.get(&format!("/wachtwoord-herstellen/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let mismatch = b
        .post_form(&format!("/wachtwoord-herstellen/{token}"), &[("password", NEW_PASSWORD), ("password_again", "x")])
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch.body.contains("niet hetzelfde"), "{}", mismatch.body);
    let short = b
        .post_form(&format!("/wachtwoord-herstellen/{token}"), &[("password", "kort"), ("password_again", "kort")])
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY, "bad input leaves the link usable");
    assert!(signed_in(&mut old).await, "nothing changed yet");

    let done = b
        .post_form(
            &format!("/wachtwoord-herstellen/{token}"),
            &[("password", NEW_PASSWORD), ("password_again", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(signed_in(&mut b).await, "signed in with the reset");
    assert!(!signed_in(&mut old).await, "the old session ended");
    let again = b
        .post_form(
            &format!("/wachtwoord-herstellen/{token}"),
            &[("password", NEW_PASSWORD), ("password_again", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "a link works once");
    assert_eq!(b.get(&format!("/wachtwoord-herstellen/{token}")).await.status, StatusCode::NOT_FOUND);
    assert!(app.core.login(MEMBER, PASSWORD, Some("203.0.113.9")).await.is_err(), "the old password is gone");
    assert!(app.core.login(MEMBER, NEW_PASSWORD, Some("203.0.113.9")).await.is_ok());
}

#[tokio::test]
async fn password_reset_through_the_api_and_refused_links() {
    let app = TestApp::spawn().await;
    let mut old = app.logged_in(MEMBER).await;
    for email in [MEMBER, "niemand@zhz.example"] {
        let r = app.api(Method::POST, "/api/v1/password-reset", None, Some(json!({ "email": email }))).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    }
    assert_eq!(mails_to(&app, "niemand@zhz.example").await, 0);
    let first = reset_token(&app, MEMBER).await;
    let r = app.api(Method::POST, "/api/v1/password-reset", None, Some(json!({ "email": MEMBER }))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let second = reset_token(&app, MEMBER).await;
    assert_ne!(first, second);

    let confirm = |token: String, password: &'static str| {
        let app = &app;
        async move {
            app.api(
                Method::POST,
                "/api/v1/password-reset/confirm",
                None,
                Some(json!({ "token": token, "password": password })),
            )
            .await
        }
    };
    let forged = confirm("verzonnen".into(), NEW_PASSWORD).await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    assert_eq!(forged.error_code(), "not_found");
    let short = confirm(second.clone(), "kort").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(confirm(second.clone(), NEW_PASSWORD).await.status, StatusCode::NO_CONTENT);
    assert!(!signed_in(&mut old).await, "every session ended");
    assert_eq!(confirm(second, NEW_PASSWORD).await.status, StatusCode::NOT_FOUND, "used");
    assert_eq!(confirm(first, NEW_PASSWORD).await.status, StatusCode::NOT_FOUND, "the other links ended too");

    // An expired link: the same answer as an unknown one.
    let r = app.api(Method::POST, "/api/v1/password-reset", None, Some(json!({ "email": COORDINATOR }))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let expired = reset_token(&app, COORDINATOR).await;
    app.core
        .store
        .execute_admin("UPDATE account_links SET expires_at = '2000-01-01T00:00:00Z' WHERE purpose = 'password-reset'")
        .await
        .expect("age the links");
    let r = confirm(expired.clone(), NEW_PASSWORD).await;
    assert_eq!((r.status, r.error_code()), (StatusCode::NOT_FOUND, "not_found".to_owned()));
    let mut b = app.browser().await;
    assert_eq!(b.get(&format!("/wachtwoord-herstellen/{expired}")).await.status, StatusCode::NOT_FOUND);
    assert!(app.core.login(COORDINATOR, PASSWORD, None).await.is_ok(), "nothing changed");
}

#[tokio::test]
async fn password_reset_requests_are_throttled_without_a_different_answer() {
    let app = TestApp::spawn().await;
    for _ in 0..8 {
        let r = app.api(Method::POST, "/api/v1/password-reset", None, Some(json!({ "email": MEMBER }))).await;
        assert_eq!(r.status, StatusCode::ACCEPTED);
    }
    let mut b = app.browser().await;
    let page = b.post_form("/wachtwoord-vergeten", &[("email", MEMBER)]).await;
    assert!(page.body.contains("Als er een account bij dit adres hoort"));
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    let sent = app.core.mailer.sent().iter().filter(|m| m.to.contains(MEMBER)).count();
    assert_eq!(sent, 5, "five links, then nothing for a while");
}

#[tokio::test]
async fn an_account_without_a_password_may_set_one_by_reset() {
    let app = TestApp::spawn().await;
    app.core
        .store
        .execute_admin(&format!("UPDATE accounts SET password_hash = '' WHERE email = '{MEMBER}'"))
        .await
        .expect("provider-only account");
    assert!(app.core.login(MEMBER, PASSWORD, None).await.is_err());
    let r = app.api(Method::POST, "/api/v1/password-reset", None, Some(json!({ "email": MEMBER }))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let token = reset_token(&app, MEMBER).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/password-reset/confirm",
            None,
            Some(json!({ "token": token, "password": NEW_PASSWORD })),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(app.core.login(MEMBER, NEW_PASSWORD, None).await.is_ok());
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_and_sends_a_notice() {
    let app = TestApp::spawn().await;
    let mut here = app.logged_in(MEMBER).await;
    let mut elsewhere = app.logged_in(MEMBER).await;
    assert_eq!(here.get("/account/wachtwoord").await.status, StatusCode::OK);
    let wrong = here
        .post_form(
            "/account/wachtwoord",
            &[("current_password", "fout"), ("new_password", NEW_PASSWORD), ("new_password_again", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Dit wachtwoord klopt niet"), "{}", wrong.body);
    let mismatch = here
        .post_form(
            "/account/wachtwoord",
            &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("new_password_again", "anders")],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(signed_in(&mut elsewhere).await, "bad input changes nothing");
    let ok = here
        .post_form(
            "/account/wachtwoord",
            &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("new_password_again", NEW_PASSWORD)],
        )
        .await;
    assert_eq!((ok.status, ok.location()), (StatusCode::SEE_OTHER, "/account?melding=wachtwoord"));
    let overview = here.get("/account?melding=wachtwoord").await;
    assert_eq!(overview.status, StatusCode::OK, "this session stays");
    assert!(overview.body.contains("Uw wachtwoord is gewijzigd"));
    assert!(!signed_in(&mut elsewhere).await, "the other session ended");
    let notice = mail(&app, MEMBER, "Uw wachtwoord is gewijzigd").await;
    assert!(!notice.text.contains(NEW_PASSWORD));

    // Through the API, with a bearer token: a wrong current password is a field error.
    let token = app.token(MEMBER).await;
    let body = json!({ "current_password": "fout", "new_password": "nog een ander wachtwoord" });
    let r = app.api(Method::PUT, "/api/v1/me/password", Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["fields"]["current_password"].is_string(), "{}", r.body);
    let body = json!({ "current_password": NEW_PASSWORD, "new_password": "nog een ander wachtwoord" });
    let r = app.api(Method::PUT, "/api/v1/me/password", Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert!(!signed_in(&mut here).await, "with a bearer token every session ends");
    let r = app
        .api(Method::PUT, "/api/v1/me/password", None, Some(json!({ "current_password": "a", "new_password": "b" })))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wrong_current_passwords_are_throttled() {
    let app = TestApp::spawn().await;
    let token = app.token(MEMBER).await;
    let body = || json!({ "current_password": "fout", "new_password": NEW_PASSWORD });
    for _ in 0..5 {
        let r = app.api(Method::PUT, "/api/v1/me/password", Some(&token), Some(body())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = app.api(Method::PUT, "/api/v1/me/password", Some(&token), Some(body())).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let right = json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD });
    let r = app.api(Method::PUT, "/api/v1/me/password", Some(&token), Some(right)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "even the right one waits");
}

#[tokio::test]
async fn changing_the_email_address_notifies_both_and_needs_the_link() {
    let app = TestApp::spawn().await;
    let new = "pim.nieuw@zhz.example";
    let mut b = app.logged_in(MEMBER).await;
    let wrong = b.post_form("/account/email", &[("email", new), ("password", "fout")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let taken = b.post_form("/account/email", &[("email", COORDINATOR), ("password", PASSWORD)]).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("hoort al bij een ander account"), "{}", taken.body);
    let sent = b.post_form("/account/email", &[("email", new), ("password", PASSWORD)]).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(sent.body.contains(new));

    let requested = mail(&app, MEMBER, "Verzoek om uw e-mailadres te wijzigen").await;
    assert!(requested.text.contains(new));
    let link = mail(&app, new, "Bevestig uw nieuwe e-mailadres").await;
    let token = token_after(&link.text, "/account/email/bevestigen/");
    let token_api = app.token(MEMBER).await;
    let me = app.api(Method::GET, "/api/v1/me", Some(&token_api), None).await;
    assert_eq!(me.json()["email"], MEMBER, "nothing changes before the link is used");

    // Opening the link (a mail scanner does) changes nothing; the button does.
    let mut other = app.browser().await;
    let page = other.get(&format!("/account/email/bevestigen/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(new));
    let done = other.post_form(&format!("/account/email/bevestigen/{token}"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let me = app.api(Method::GET, "/api/v1/me", Some(&token_api), None).await;
    assert_eq!(me.json()["email"], new);
    let changed = mail(&app, MEMBER, "Uw e-mailadres is gewijzigd").await;
    assert!(changed.text.contains(new));
    assert_eq!(other.post_form(&format!("/account/email/bevestigen/{token}"), &[]).await.status, StatusCode::NOT_FOUND);
    assert!(app.core.login(new, PASSWORD, None).await.is_ok(), "signs in with the new address");

    // Through the API; the address taken meanwhile: a clear error, nothing changes.
    let later = "pim.later@zhz.example";
    let r = app
        .api(Method::POST, "/api/v1/me/email", Some(&token_api), Some(json!({ "email": later, "password": PASSWORD })))
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let token =
        token_after(&mail(&app, later, "Bevestig uw nieuwe e-mailadres").await.text, "/account/email/bevestigen/");
    app.core.create_user(later, "Iemand anders", "zhz", "professional", PASSWORD).await.expect("takes the address");
    let r = app.api(Method::POST, "/api/v1/me/email/confirm", None, Some(json!({ "token": token }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["email"].as_str().unwrap_or_default().contains("ander account"));
    let me = app.api(Method::GET, "/api/v1/me", Some(&token_api), None).await;
    assert_eq!(me.json()["email"], new, "unchanged");
    let r = app.api(Method::POST, "/api/v1/me/email/confirm", None, Some(json!({ "token": "verzonnen" }))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// Signs in through the form with a browser's User-Agent.
async fn login_as_firefox(app: &TestApp) -> Browser<'_> {
    let mut b = app.browser().await;
    let body = format!("csrf={}&email=lid%40zhz.example&password={}&terug=%2F", b.csrf(), PASSWORD.replace(' ', "+"));
    let req = Request::post("/inloggen")
        .header(header::COOKIE, b.cookie_header())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::USER_AGENT, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")
        .body(Body::from(body))
        .expect("request");
    assert_eq!(b.send(req).await.status, StatusCode::SEE_OTHER);
    b
}

#[tokio::test]
async fn your_sessions_are_listed_and_ended() {
    let app = TestApp::spawn().await;
    let mut firefox = login_as_firefox(&app).await;
    let mut other = app.logged_in(MEMBER).await;
    let coordinator = app.logged_in(COORDINATOR).await;
    drop(coordinator);
    let page = firefox.get("/account/sessies").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Firefox op Windows"), "{}", page.body);
    assert!(page.body.contains("dit apparaat"));

    let token = app.token(MEMBER).await;
    let list = app.api(Method::GET, "/api/v1/me/sessions", Some(&token), None).await;
    assert_eq!(list.status, StatusCode::OK);
    let items = list.json()["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2, "{}", list.body);
    assert!(items.iter().all(|s| s["current"] == false), "a bearer token has no session");
    let coord_token = app.token(COORDINATOR).await;
    let coord_sessions = app.api(Method::GET, "/api/v1/me/sessions", Some(&coord_token), None).await.json();
    let coord_id = coord_sessions["items"][0]["id"].as_i64().expect("the coordinator's session");
    let r = app.api(Method::DELETE, &format!("/api/v1/me/sessions/{coord_id}"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not your session");
    let r = firefox.post_form(&format!("/account/sessies/{coord_id}/uitloggen"), &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.api(Method::GET, "/api/v1/me/sessions", Some(&coord_token), None).await.json()["items"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "still there"
    );

    let r = firefox.post_form("/account/sessies/andere-uitloggen", &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/account?melding=sessies"));
    assert!(signed_in(&mut firefox).await, "this one stays");
    assert!(!signed_in(&mut other).await, "the other one ended");

    // One session by id, then all through a bearer token.
    let mut again = app.logged_in(MEMBER).await;
    let items = app.api(Method::GET, "/api/v1/me/sessions", Some(&token), None).await.json()["items"].clone();
    let newest = items[0]["id"].as_i64().expect("id");
    let r = app.api(Method::DELETE, &format!("/api/v1/me/sessions/{newest}"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(!signed_in(&mut again).await);
    let r = app.api(Method::DELETE, "/api/v1/me/sessions", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["ended"], 1);
    assert!(!signed_in(&mut firefox).await, "a bearer token ends every session");
    assert_eq!(app.api(Method::GET, "/api/v1/me/sessions", None, None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn api_tokens_made_in_the_browser_work_until_revoked() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(MEMBER).await;
    assert_eq!(b.get("/account/tokens").await.status, StatusCode::OK);
    let bad = b.post_form("/account/tokens", &[("name", ""), ("expires_in_days", "0")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("van 1 tot 3650"), "{}", bad.body);
    let made = b.post_form("/account/tokens", &[("name", "Mijn script"), ("expires_in_days", "30")]).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let secret = token_after(&made.body, "<code class=\"secret\" id=\"new-token\">");
    let secret = secret.split('<').next().unwrap_or_default().to_owned();
    assert!(secret.starts_with("bp_"), "{secret}");
    let list = b.get("/account/tokens").await;
    assert!(list.body.contains("Mijn script"));
    assert!(!list.body.contains(&secret), "shown once");

    let me = app.api(Method::GET, "/api/v1/me", Some(&secret), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], MEMBER);
    let tokens = app.api(Method::GET, "/api/v1/me/tokens", Some(&secret), None).await.json();
    let id = tokens["items"][0]["id"].as_i64().expect("id");
    assert_eq!(tokens["items"][0]["name"], "Mijn script");
    assert!(tokens["items"][0]["last_used_at"].is_string(), "it was used");
    assert!(tokens["items"][0]["expires_at"].is_string());
    assert!(tokens.to_string().find("bp_").is_none(), "never the secret");

    // Another account's token: 404, and it keeps working.
    let coord = app.token(COORDINATOR).await;
    let coord_id = app.api(Method::GET, "/api/v1/me/tokens", Some(&coord), None).await.json()["items"][0]["id"]
        .as_i64()
        .expect("id");
    assert_eq!(b.get(&format!("/account/tokens/{coord_id}/intrekken")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(b.post_form(&format!("/account/tokens/{coord_id}/intrekken"), &[]).await.status, StatusCode::NOT_FOUND);
    let r = app.api(Method::DELETE, &format!("/api/v1/me/tokens/{coord_id}"), Some(&secret), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&coord), None).await.status, StatusCode::OK);

    let confirm = b.get(&format!("/account/tokens/{id}/intrekken")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Mijn script"));
    let revoked = b.post_form(&format!("/account/tokens/{id}/intrekken"), &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&secret), None).await.status, StatusCode::UNAUTHORIZED);
    assert!(b.get("/account/tokens").await.body.contains("Ingetrokken"));

    // Through the API.
    let r = app.api(Method::POST, "/api/v1/me/tokens", Some(&coord), Some(json!({ "name": "" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .api(Method::POST, "/api/v1/me/tokens", Some(&coord), Some(json!({ "name": "x", "expires_in_days": 3651 })))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.api(Method::POST, "/api/v1/me/tokens", Some(&coord), Some(json!({ "name": "Koppeling" }))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    assert!(created["expires_at"].is_null());
    let new_secret = created["token"].as_str().expect("token").to_owned();
    let new_id = created["id"].as_i64().expect("id");
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&new_secret), None).await.status, StatusCode::OK);
    let r = app.api(Method::DELETE, &format!("/api/v1/me/tokens/{new_id}"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&new_secret), None).await.status, StatusCode::UNAUTHORIZED);
    let listed = app.api(Method::GET, "/api/v1/me/tokens", Some(&coord), None).await.json();
    let names: Vec<_> = listed["items"].as_array().expect("items").iter().map(|t| t["name"].clone()).collect();
    assert!(names.contains(&json!("cli")), "the CLI's tokens are named: {names:?}");
}

#[tokio::test]
async fn the_account_page_links_to_everything_and_the_header_to_it() {
    let app = TestApp::spawn().await;
    let mut anon = app.browser().await;
    assert!(anon.get("/account").await.location().starts_with("/inloggen") || !signed_in(&mut anon).await);
    let mut b = app.logged_in(MEMBER).await;
    let page = b.get("/account").await;
    assert_eq!(page.status, StatusCode::OK);
    for link in [
        "/account/wachtwoord",
        "/account/email",
        "/account/sessies",
        "/account/tokens",
        "/account/tweestaps",
        "/account/gegevens",
    ] {
        assert!(page.body.contains(&format!("href=\"{link}\"")), "{link}");
    }
    assert!(page.body.contains("Pim Professional"));
    assert!(page.body.contains(MEMBER));
    // The header names who is signed in and links to "Mijn werkplaats", which links to the account.
    assert!(b.get("/").await.body.contains("href=\"/mijn-werkplaats\""), "the header links to the overview");
    assert!(b.get("/mijn-werkplaats").await.body.contains("href=\"/account\""), "the overview links to the account");
}

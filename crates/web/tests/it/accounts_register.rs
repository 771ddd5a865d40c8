//! Self-registration (issue 13): off by default; when a coordinator switches it on, citizens and
//! students make an account without a role, verify their address by a link and are signed in.
use crate::common::{COORDINATOR, MEMBER, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;

const BASE: &str = "/api/v1/werkplaatsen/zhz";

fn verify_token(app: &TestApp, email: &str) -> Option<String> {
    let mail = app.core.mailer.sent().into_iter().rev().find(|m| m.to.contains(email))?;
    let at = mail.text.find("/account/bevestigen/")? + "/account/bevestigen/".len();
    Some(mail.text[at..].split(char::is_whitespace).next()?.to_owned())
}

async fn switch(app: &TestApp, on: bool) {
    let coord = app.token(COORDINATOR).await;
    let r =
        app.api(Method::PUT, &format!("{BASE}/self-registration"), Some(&coord), Some(json!({ "enabled": on }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn off_by_default_and_only_managers_switch_it() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/werkplaatsen/zhz/registreren").await.status, StatusCode::NOT_FOUND);
    let body = json!({ "email": "b@zhz.example", "name": "Bert", "password": "een-lang-wachtwoord" });
    let r = app.api(Method::POST, &format!("{BASE}/accounts"), None, Some(body)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(!app.get("/inloggen").await.body.contains("/registreren"));

    let member = app.token(MEMBER).await;
    let r = app
        .api(Method::PUT, &format!("{BASE}/self-registration"), Some(&member), Some(json!({ "enabled": true })))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Through the members page.
    let mut b = app.logged_in(COORDINATOR).await;
    let r = b.post_form("/werkplaatsen/zhz/zelfregistratie", &[("enabled", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.get("/werkplaatsen/zhz/registreren").await.status, StatusCode::OK);
    assert!(app.get("/inloggen").await.body.contains("/werkplaatsen/zhz/registreren"));
    assert!(app.get("/werkplaatsen/zhz").await.body.contains("/werkplaatsen/zhz/registreren"));
    let r = b.post_form("/werkplaatsen/zhz/zelfregistratie", &[("enabled", "0")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/werkplaatsen/zhz/registreren").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_registered_account_verifies_its_address_and_is_signed_in_without_a_role() {
    let app = TestApp::spawn().await;
    switch(&app, true).await;
    let body = json!({ "email": "Bert@zhz.example", "name": "Bert Burger", "password": "een-lang-wachtwoord" });
    let r = app.api(Method::POST, &format!("{BASE}/accounts"), None, Some(body)).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let answer = r.body.clone();

    // Not before the address is verified.
    let mut b = app.browser().await;
    let r = b
        .post_form("/inloggen", &[("email", "bert@zhz.example"), ("password", "een-lang-wachtwoord"), ("terug", "/")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(r.body.contains("nog niet bevestigd"), "{}", r.body);
    // A wrong password says nothing about it.
    let r = b
        .post_form("/inloggen", &[("email", "bert@zhz.example"), ("password", "fout-wachtwoord!"), ("terug", "/")])
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    let token = verify_token(&app, "bert@zhz.example").expect("a verification link");
    // Opening the link asks for a click (a mail scanner does not use it up).
    let page = b.get(&format!("/account/bevestigen/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let r = b.post_form(&format!("/account/bevestigen/{token}"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(b.get("/").await.body.contains("Bert Burger"), "signed in");
    let r = b.post_form(&format!("/account/bevestigen/{token}"), &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "single use");

    // No role; listed as registered here; signs in now.
    let bearer = app.token("bert@zhz.example").await;
    let me = app.api(Method::GET, "/api/v1/me", Some(&bearer), None).await.json();
    assert_eq!(me["roles"], json!([]));
    let coord = app.token(COORDINATOR).await;
    let list = app.api(Method::GET, &format!("{BASE}/members?limit=200"), Some(&coord), None).await.json();
    let bert = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["email"] == "bert@zhz.example")
        .cloned()
        .expect("listed");
    assert_eq!(bert["registered_here"], true);
    assert_eq!(bert["verified"], true);
    assert_eq!(bert["roles"], json!([]));
    let mut again = app.browser().await;
    let r = again
        .post_form("/inloggen", &[("email", "bert@zhz.example"), ("password", "een-lang-wachtwoord"), ("terug", "/")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "signs in after verifying: {}", r.body);

    // The same answer for an existing address: its owner gets a notice, nothing is made.
    let body = json!({ "email": MEMBER, "name": "Iemand Anders", "password": "een-lang-wachtwoord" });
    let r = app.api(Method::POST, &format!("{BASE}/accounts"), None, Some(body)).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.body, answer);
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    let notice = app.core.mailer.sent().into_iter().rev().find(|m| m.to.contains(MEMBER)).expect("a notice");
    assert!(notice.text.contains("al een") && !notice.text.contains("/account/bevestigen/"), "{}", notice.text);
    let list = app.api(Method::GET, &format!("{BASE}/members?limit=200"), Some(&coord), None).await.json();
    assert!(!list["items"].as_array().expect("items").iter().any(|m| m["name"] == "Iemand Anders"));
}

#[tokio::test]
async fn the_registration_page_validates_and_sign_ups_are_throttled() {
    let app = TestApp::spawn().await;
    switch(&app, true).await;
    let mut b = app.browser().await;
    let r = b
        .post_form(
            "/werkplaatsen/zhz/registreren",
            &[("name", ""), ("email", "x"), ("password", "kort"), ("password_again", "kort")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("error-summary"), "{}", r.body);
    let r = b
        .post_form(
            "/werkplaatsen/zhz/registreren",
            &[
                ("name", "Sam"),
                ("email", "sam@zhz.example"),
                ("password", "een-lang-wachtwoord"),
                ("password_again", "een-ander-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.core.mailer.sent().is_empty() && app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs") == 0,
        "nothing made"
    );

    let r = b
        .post_form(
            "/werkplaatsen/zhz/registreren",
            &[
                ("name", "Sam"),
                ("email", "sam@zhz.example"),
                ("password", "een-lang-wachtwoord"),
                ("password_again", "een-lang-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    assert!(r.body.contains("Kijk in uw mailbox"), "{}", r.body);

    // Five sign-ups an hour per client; then 429.
    for n in 0..4 {
        let body = json!({ "email": format!("s{n}@zhz.example"), "name": "S", "password": "een-lang-wachtwoord" });
        assert_eq!(
            app.api(Method::POST, &format!("{BASE}/accounts"), None, Some(body)).await.status,
            StatusCode::ACCEPTED
        );
    }
    let body = json!({ "email": "s9@zhz.example", "name": "S", "password": "een-lang-wachtwoord" });
    assert_eq!(
        app.api(Method::POST, &format!("{BASE}/accounts"), None, Some(body)).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn the_export_of_a_self_registered_account_names_where_it_registered() {
    let app = TestApp::spawn().await;
    switch(&app, true).await;
    let body = json!({ "email": "eva@zhz.example", "name": "Eva", "password": "een-lang-wachtwoord" });
    assert_eq!(app.api(Method::POST, &format!("{BASE}/accounts"), None, Some(body)).await.status, StatusCode::ACCEPTED);
    let token = app.token("eva@zhz.example").await;
    let data = app.api(Method::GET, "/api/v1/me/data", Some(&token), None).await.json();
    assert_eq!(data["self_registration"]["werkplaats"], "zhz", "{data}");
    assert!(data["self_registration"]["email_verified_at"].is_null());
}

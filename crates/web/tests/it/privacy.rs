//! The AVG (GDPR) rights on the real app: the export of all data about the signed-in person
//! (API and download), and erasure — through the API and the "Mijn gegevens" page — which
//! removes name and email everywhere, ends every session and token, and keeps what the person
//! contributed under a pseudonym. A wrong confirmation changes nothing.

use crate::common;
use crate::common::{COORDINATOR, MEMBER, PASSWORD, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use broedplaats_core::Actor;
use chrono::{Duration, Utc};
use serde_json::{Value, json};

const API: &str = "/api/v1/werkplaatsen/zhz";
const NAME: &str = "Pim Professional (fictief)";

/// What the member leaves behind: a registration for an activity and a recorded story.
struct Traces {
    activity: i64,
    story: i64,
}

async fn leave_traces(app: &TestApp, member: &str) -> Traces {
    let coordinator = app.token(COORDINATOR).await;
    let starts = Utc::now() + Duration::days(14);
    let r = app
        .api(
            Method::POST,
            &format!("{API}/activities"),
            Some(&coordinator),
            Some(json!({
                "kind": "kenniscafe",
                "title": "Kenniscafé over eenzaamheid",
                "starts_at": starts.to_rfc3339(),
                "ends_at": (starts + Duration::hours(2)).to_rfc3339(),
                "location": "Bibliotheek Dordrecht",
                "audience": "partners",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let activity = r.json()["id"].as_i64().expect("id");
    let r = app.api(Method::POST, &format!("{API}/activities/{activity}/registrations"), Some(member), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .api(
            Method::POST,
            &format!("{API}/stories"),
            Some(member),
            Some(json!({
                "title": "Een buurvrouw die aanbelt",
                "narrator_role": "mantelzorger",
                "text": "Elke dinsdag belt de buurvrouw aan.",
                "consent_use": "internal",
                "consent_given_by": "De verteller zelf",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    Traces { activity, story: r.json()["id"].as_i64().expect("id") }
}

async fn registrations(app: &TestApp, activity: i64) -> Value {
    let coordinator = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, &format!("{API}/activities/{activity}/registrations"), Some(&coordinator), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

async fn people(app: &TestApp) -> String {
    let coordinator = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, &format!("{API}/people?limit=100"), Some(&coordinator), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

async fn can_log_in(app: &TestApp, email: &str) -> bool {
    let mut b = app.browser().await;
    let r = b.post_form("/inloggen", &[("email", email), ("password", PASSWORD), ("terug", "/")]).await;
    r.status == StatusCode::SEE_OTHER
}

/// The export of an account that can no longer sign in, read directly from the use case.
async fn export_of(app: &TestApp, account_id: i64) -> String {
    let actor = Actor { account_id, email: String::new(), name: String::new(), roles: vec![], national_partner: None };
    let data = app.core.personal_data(Some(&actor)).await.expect("export");
    serde_json::to_string(&data).expect("json")
}

/// Checks everything erasure must have done for the demo member.
async fn assert_erased(app: &TestApp, pseudonym: &str, traces: &Traces) {
    assert!(!can_log_in(app, MEMBER).await, "the old address no longer logs in");

    let people = people(app).await;
    assert!(!people.contains(NAME) && !people.contains(MEMBER), "{people}");
    let regs = registrations(app, traces.activity).await;
    let items = regs["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "the registration is still counted");
    assert!(!regs.to_string().contains(NAME) && !regs.to_string().contains(MEMBER), "{regs}");

    let account_id: i64 = pseudonym.rsplit(' ').next().and_then(|n| n.parse().ok()).expect("pseudonym ends in the id");
    let export = export_of(app, account_id).await;
    assert!(!export.contains(NAME) && !export.contains(MEMBER), "{export}");
    assert!(!export.contains("Pim"), "{export}");

    // The audit log keeps what happened, but no longer who in words.
    let coordinator = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, &format!("{API}/audit-log?limit=100"), Some(&coordinator), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(pseudonym), "the audit log names the pseudonym: {}", r.body);
    assert!(!r.body.contains(NAME) && !r.body.contains(MEMBER), "{}", r.body);

    // What they recorded still exists, under the pseudonym.
    let lector = app.token(common::LECTOR).await;
    let r = app.api(Method::GET, &format!("{API}/stories/{}", traces.story), Some(&lector), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["text"], "Elke dinsdag belt de buurvrouw aan.");
    assert_eq!(r.json()["consent"]["recorded_by"], pseudonym);
}

#[tokio::test]
async fn the_export_holds_the_account_its_roles_registrations_and_contributions() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let traces = leave_traces(&app, &member).await;

    let r = app.api(Method::GET, "/api/v1/me/data", Some(&member), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let data = r.json();
    assert_eq!(data["account"]["email"], MEMBER);
    assert_eq!(data["account"]["name"], NAME);
    assert!(data["exported_at"].is_string());
    assert!(data["roles"].as_array().expect("roles").contains(&json!({ "werkplaats": "zhz", "role": "professional" })));
    let people = data["people"].as_array().expect("people");
    assert!(people.iter().any(|p| p["werkplaats"] == "zhz" && p["email"] == MEMBER), "{people:?}");
    let regs = data["registrations"].as_array().expect("registrations");
    assert!(regs.iter().any(|r| r["activity"] == "Kenniscafé over eenzaamheid" && r["email"] == MEMBER), "{regs:?}");
    let contributions = data["contributions"].as_array().expect("contributions");
    assert!(
        contributions.iter().any(|c| c["kind"] == "story" && c["id"] == traces.story && c["werkplaats"] == "zhz"),
        "{contributions:?}"
    );
    assert!(data["audit_log"].as_array().expect("audit").iter().any(|a| a["entity_type"] == "story"));
    assert!(data["sign_in"]["api_tokens"].as_array().is_some_and(|t| !t.is_empty()), "{}", r.body);
    assert!(!r.body.contains("password") && !r.body.contains("$argon2"), "no secrets in the export");

    // Without an account there is nothing to export.
    let r = app.api(Method::GET, "/api/v1/me/data", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    for path in ["/account/gegevens", "/account/gegevens.json"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location().starts_with("/inloggen?terug="), "{path}: log in first");
    }

    // The page explains the rights and offers the download.
    let mut b = app.logged_in(MEMBER).await;
    let mine = b.get("/mijn-werkplaats").await;
    assert!(mine.body.contains("href=\"/account/gegevens\""), "Mijn werkplaats links to Mijn gegevens");
    let page = b.get("/account/gegevens").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h1>Mijn gegevens</h1>"));
    assert!(page.body.contains("AVG"));
    assert!(page.body.contains("href=\"/account/gegevens.json\""));
    assert!(page.body.contains("Download al mijn gegevens (JSON)"));
    assert!(page.body.contains("<label for=\"confirm_email\">"));
    assert!(page.body.contains("name=\"csrf\""));
    let file = b.get("/account/gegevens.json").await;
    assert_eq!(file.status, StatusCode::OK);
    let disposition = file.headers.get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert_eq!(disposition, "attachment; filename=\"broedplaats-gegevens.json\"");
    assert!(file.headers[header::CONTENT_TYPE].to_str().is_ok_and(|t| t.starts_with("application/json")));
    let data: Value = serde_json::from_str(&file.body).expect("JSON");
    assert_eq!(data["account"]["email"], MEMBER);
    assert!(!data["registrations"].as_array().expect("registrations").is_empty());
}

#[tokio::test]
async fn erasure_with_a_wrong_confirmation_changes_nothing() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let traces = leave_traces(&app, &member).await;
    let before = app.api(Method::GET, "/api/v1/me/data", Some(&member), None).await.json();

    for wrong in [json!({ "confirm_email": "iemand@anders.example" }), json!({ "confirm_email": "" })] {
        let r = app.api(Method::POST, "/api/v1/me/erasure", Some(&member), Some(wrong)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(
            r.json()["error"]["fields"]["confirm_email"],
            "Het e-mailadres komt niet overeen met dat van uw account; er is niets verwijderd."
        );
    }
    let r = app.api(Method::POST, "/api/v1/me/erasure", None, Some(json!({ "confirm_email": MEMBER }))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);

    // The form: 422, the message linked to the field, still signed in.
    let mut b = app.logged_in(MEMBER).await;
    let r = b.post_form("/account/gegevens/verwijderen", &[("confirm_email", "lid@zhz.exampl")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"confirm_email-error\""));
    assert!(r.body.contains("confirm_email-hint erase-warning confirm_email-error"));
    assert!(r.body.contains("href=\"#confirm_email\""));
    assert_eq!(b.get("/account/gegevens").await.status, StatusCode::OK, "still signed in");

    let after = app.api(Method::GET, "/api/v1/me/data", Some(&member), None).await.json();
    for part in ["account", "roles", "people", "registrations", "contributions"] {
        assert_eq!(before[part], after[part], "{part} unchanged");
    }
    assert!(can_log_in(&app, MEMBER).await);
    assert!(people(&app).await.contains(MEMBER));
    assert!(registrations(&app, traces.activity).await.to_string().contains(MEMBER));
}

#[tokio::test]
async fn erasure_through_the_api_removes_name_and_email_and_keeps_contributions() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let traces = leave_traces(&app, &member).await;
    assert!(people(&app).await.contains(NAME), "the member is a person of the werkplaats");
    // The coordinator edits the member's person record: the audit log keeps it before and after.
    let coordinator = app.token(COORDINATOR).await;
    let list = app.api(Method::GET, &format!("{API}/people?limit=100"), Some(&coordinator), None).await.json();
    let pim = list["items"].as_array().expect("items").iter().find(|p| p["name"] == NAME).expect("Pim")["id"]
        .as_i64()
        .expect("id");
    let r = app
        .api(
            Method::PUT,
            &format!("{API}/people/{pim}"),
            Some(&coordinator),
            Some(json!({ "name": NAME, "email": MEMBER, "position": "wijkcoach", "functions": ["professional"] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let log = app.api(Method::GET, &format!("{API}/audit-log?limit=100"), Some(&coordinator), None).await.body;
    assert!(log.contains(&format!("\"name\":\"{NAME}\"")) && log.contains(MEMBER), "before erasure: {log}");

    // The confirmation ignores case and surrounding spaces.
    let r = app
        .api(Method::POST, "/api/v1/me/erasure", Some(&member), Some(json!({ "confirm_email": " LID@zhz.example " })))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let pseudonym = r.json()["pseudonym"].as_str().expect("pseudonym").to_owned();
    assert!(pseudonym.starts_with("Verwijderde gebruiker "), "{pseudonym}");

    // The token is gone with the account's secrets.
    let r = app.api(Method::GET, "/api/v1/me", Some(&member), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert_erased(&app, &pseudonym, &traces).await;
}

#[tokio::test]
async fn erasure_through_the_page_ends_the_session() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let traces = leave_traces(&app, &member).await;

    let mut b = app.logged_in(MEMBER).await;
    let session = b.cookie("bp_session").expect("signed in");
    let page = b.get("/account/gegevens").await;
    assert!(page.body.contains("dit kan niet ongedaan worden gemaakt"), "a clear warning");
    let r = b.post_form("/account/gegevens/verwijderen", &[("confirm_email", MEMBER)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/account/gegevens/verwijderd");
    assert!(b.cookie("bp_session").is_none(), "the browser forgets the session");
    let done = b.get(r.location()).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.body.contains("Uw gegevens zijn verwijderd"));
    assert!(done.body.contains("href=\"/inloggen"), "signed out");
    assert!(b.get("/account/gegevens").await.location().starts_with("/inloggen"), "signed out");

    // The old session is dead on the server too, not just forgotten.
    let req = Request::get("/api/v1/me")
        .header(header::COOKIE, format!("bp_session={session}"))
        .body(Body::empty())
        .expect("request");
    assert_eq!(app.send(req).await.status, StatusCode::UNAUTHORIZED);

    let pseudonym = {
        let lector = app.token(common::LECTOR).await;
        let r = app.api(Method::GET, &format!("{API}/stories/{}", traces.story), Some(&lector), None).await;
        r.json()["consent"]["recorded_by"].as_str().expect("recorded by").to_owned()
    };
    assert!(pseudonym.starts_with("Verwijderde gebruiker "), "{pseudonym}");
    assert_erased(&app, &pseudonym, &traces).await;
}

#[tokio::test]
async fn the_export_shows_how_the_account_signs_in_and_erasure_removes_it() {
    let app = TestApp::spawn().await;
    let id = {
        let mut conn = app.core.store.conn().await.expect("conn");
        broedplaats_store::accounts::account_by_email(&mut conn, MEMBER).await.expect("query").expect("member").id
    };
    // A session in a browser, a named token (later revoked), an identity at a provider, and
    // two-step verification on (after signing in: the password alone would no longer do).
    let b = app.logged_in(MEMBER).await;
    let session = b.cookie("bp_session").expect("signed in");
    let member = app.token(MEMBER).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/me/tokens",
            Some(&member),
            Some(json!({ "name": "Laptop thuis", "expires_in_days": 30 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let laptop = r.json()["token"].as_str().expect("token").to_owned();
    let laptop_id = r.json()["id"].as_i64().expect("id");
    let r = app.api(Method::DELETE, &format!("/api/v1/me/tokens/{laptop_id}"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    {
        let mut conn = app.core.store.conn().await.expect("conn");
        use broedplaats_store::accounts::{oidc, two_factor};
        oidc::insert_identity(&mut conn, id, "surf", "https://connect.surfconext.example", "sub-pim-42")
            .await
            .expect("identity");
        two_factor::set_totp_secret(&mut conn, id, SECRET).await.expect("secret");
        two_factor::enable_totp(&mut conn, id, 1).await.expect("on");
        two_factor::replace_recovery_codes(&mut conn, id, &["herstelcode-hash-1".into()]).await.expect("codes");
    }

    let r = app.api(Method::GET, "/api/v1/me/data", Some(&member), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let sign_in = &r.json()["sign_in"];
    assert_eq!(sign_in["two_factor_enabled"], true, "{sign_in}");
    let identities = sign_in["oidc_identities"].as_array().expect("identities");
    assert_eq!(identities.len(), 1, "{sign_in}");
    assert_eq!(identities[0]["provider"], "surf");
    assert_eq!(identities[0]["issuer"], "https://connect.surfconext.example");
    assert_eq!(identities[0]["subject"], "sub-pim-42");
    assert!(identities[0]["created_at"].is_string() && identities[0].get("last_login_at").is_some(), "{sign_in}");
    let sessions = sign_in["sessions"].as_array().expect("sessions");
    assert!(!sessions.is_empty(), "{sign_in}");
    for s in sessions {
        assert!(s["created_at"].is_string() && s.get("last_seen_at").is_some() && s.get("user_agent").is_some(), "{s}");
    }
    let tokens = sign_in["api_tokens"].as_array().expect("tokens");
    let named = tokens.iter().find(|t| t["name"] == "Laptop thuis").expect("the named token");
    assert!(named["created_at"].is_string() && named["expires_at"].is_string() && named["revoked_at"].is_string());
    assert!(named.get("last_used_at").is_some(), "{named}");
    assert!(tokens.len() >= 2, "the token this request used too: {sign_in}");
    // Never a secret: not the session, not a token or its hash, not the two-step secret or codes.
    let hash = |s: &str| broedplaats_core::kernel::secret::hash_secret(s);
    for secret in [session.clone(), hash(&session), laptop.clone(), hash(&laptop), member.clone(), hash(&member)] {
        assert!(!r.body.contains(&secret), "a secret in the export: {}", r.body);
    }
    for word in [SECRET, "herstelcode", "token_hash", "totp_secret", "oidc_id_token"] {
        assert!(!r.body.contains(word), "{word} in the export: {}", r.body);
    }

    // Erasure deletes all of it.
    let r = app.api(Method::POST, "/api/v1/me/erasure", Some(&member), Some(json!({ "confirm_email": MEMBER }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let export: Value = serde_json::from_str(&export_of(&app, id).await).expect("json");
    let sign_in = &export["sign_in"];
    assert_eq!(sign_in["two_factor_enabled"], false, "{sign_in}");
    for part in ["oidc_identities", "sessions", "api_tokens"] {
        assert_eq!(sign_in[part], json!([]), "{part}: {sign_in}");
    }
    let mut conn = app.core.store.conn().await.expect("conn");
    let linked = broedplaats_store::accounts::oidc::identity_account(
        &mut conn,
        "https://connect.surfconext.example",
        "sub-pim-42",
    )
    .await
    .expect("query");
    assert_eq!(linked, None, "a sign-in through the provider finds no account");
    assert_eq!(broedplaats_store::accounts::two_factor::recovery_codes_left(&mut conn, id).await.expect("codes"), 0);
    let req = Request::get("/api/v1/me")
        .header(header::COOKIE, format!("bp_session={session}"))
        .body(Body::empty())
        .expect("request");
    drop(conn);
    assert_eq!(app.send(req).await.status, StatusCode::UNAUTHORIZED, "the session is gone");
}

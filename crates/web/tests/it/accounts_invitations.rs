//! Invitations (issue 13): who may invite with which role, the mail and its single-use link,
//! accepting with a new account or an existing one, expiry, revocation and resending.
use crate::common::{Browser, COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/api/v1/werkplaatsen/zhz";

async fn invite(app: &TestApp, token: &str, body: Value) -> crate::common::TestResponse {
    app.api(Method::POST, &format!("{BASE}/invitations"), Some(token), Some(body)).await
}

/// Runs the due jobs and returns the secret of the newest invitation link mailed to `email`.
pub async fn invitation_token(app: &TestApp, email: &str) -> String {
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs ran");
    let mail = app.core.mailer.sent().into_iter().rev().find(|m| m.to.contains(email)).expect("a mail to the invitee");
    let at = mail.text.find("/uitnodiging/").expect("an invitation link in the mail") + "/uitnodiging/".len();
    mail.text[at..].split(char::is_whitespace).next().expect("token").to_owned()
}

async fn roles_of(app: &TestApp, email: &str) -> Vec<String> {
    let token = app.token(email).await;
    let me = app.api(Method::GET, "/api/v1/me", Some(&token), None).await.json();
    me["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter(|r| r["werkplaats"] == "zhz")
        .map(|r| r["role"].as_str().expect("role").to_owned())
        .collect()
}

#[tokio::test]
async fn an_invitation_by_api_mails_a_link_that_makes_an_account_once() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let r = invite(&app, &coord, json!({ "email": "Nieuw@ZHZ.example", "role": "student" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.json()["id"].as_i64().is_some() && r.json()["expires_at"].as_str().is_some(), "{}", r.body);

    let token = invitation_token(&app, "nieuw@zhz.example").await;
    let mail = app.core.mailer.sent().into_iter().rev().find(|m| m.to.contains("nieuw@zhz.example")).expect("mail");
    assert!(mail.subject.contains("Uitnodiging"), "{}", mail.subject);
    assert!(mail.text.contains("als student") && mail.text.contains("14 dagen"), "{}", mail.text);
    assert!(mail.text.contains("http://127.0.0.1:8080/uitnodiging/"), "{}", mail.text);

    // The page says where, as what, and from whom.
    let mut b = app.browser().await;
    let page = b.get(&format!("/uitnodiging/{token}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("student") && page.body.contains("Account maken"), "{}", page.body);

    // Passwords that differ change nothing.
    let path = format!("/uitnodiging/{token}");
    let bad = b
        .post_form(
            &path,
            &[("name", "Nina Nieuw"), ("password", "een-lang-wachtwoord"), ("password_again", "anders-wachtwoord")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("niet gelijk"), "{}", bad.body);
    let short = b.post_form(&path, &[("name", "Nina Nieuw"), ("password", "kort"), ("password_again", "kort")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", short.body);

    let ok = b
        .post_form(
            &path,
            &[("name", "Nina Nieuw"), ("password", "een-lang-wachtwoord"), ("password_again", "een-lang-wachtwoord")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(ok.location(), "/werkplaatsen/zhz");
    // Signed in, with the role.
    let home = b.get("/werkplaatsen/zhz").await;
    assert!(home.body.contains("Nina Nieuw"), "signed in: {}", home.body);
    assert_eq!(roles_of(&app, "nieuw@zhz.example").await, vec!["student"]);

    // Single use: the page and the API both refuse it now.
    let again = app.get(&format!("/uitnodiging/{token}")).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("Deze uitnodiging is niet (meer) geldig"), "{}", again.body);
    let api = app
        .api(
            Method::POST,
            "/api/v1/invitations/accept",
            None,
            Some(json!({ "token": token, "name": "X", "password": "een-lang-wachtwoord" })),
        )
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND, "{}", api.body);

    // The list shows it accepted; the audit log has create and accept without the secret.
    let list = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&coord), None).await.json();
    assert_eq!(list["items"][0]["status"], "accepted", "{list}");
    let audit = b.get("/werkplaatsen/zhz/logboek").await;
    let _ = audit;
    let mut conn = app.core.store.conn().await.expect("conn");
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let entries = broedplaats_store::organisation::audit_log(&mut conn, &tenant, None, 20).await.expect("audit");
    let actions: Vec<_> = entries.iter().filter(|e| e.entity_type == "invitation").map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["update", "create"]);
    assert!(entries[0].after.as_deref().unwrap_or_default().contains("accepted"), "{:?}", entries[0].after);
    for e in &entries {
        let text = format!("{:?}{:?}", e.before, e.after);
        assert!(!text.contains(&token) && !text.contains("nieuw@zhz.example"), "{text}");
    }
}

#[tokio::test]
async fn an_existing_account_accepts_signed_in_through_the_page_or_with_a_bearer() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    assert_eq!(invite(&app, &coord, json!({ "email": MEMBER, "role": "student" })).await.status, StatusCode::CREATED);
    let token = invitation_token(&app, MEMBER).await;

    // Not signed in: the page says to sign in first, and creating is refused.
    let anon = app.get(&format!("/uitnodiging/{token}")).await;
    assert!(anon.body.contains("/inloggen?terug=/uitnodiging/"), "{}", anon.body);
    let r = app
        .api(
            Method::POST,
            "/api/v1/invitations/accept",
            None,
            Some(json!({ "token": token, "name": "Lid", "password": "een-lang-wachtwoord" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    let mut b = app.logged_in(MEMBER).await;
    let page = b.get(&format!("/uitnodiging/{token}")).await;
    assert!(page.body.contains("Uitnodiging aannemen"), "{}", page.body);
    let r = b.post_form(&format!("/uitnodiging/{token}/aannemen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let roles = roles_of(&app, MEMBER).await;
    assert!(roles.contains(&"student".to_owned()) && roles.contains(&"professional".to_owned()), "{roles:?}");

    // With a bearer token through the API, into a theme group.
    let groups = app.api(Method::GET, &format!("{BASE}/theme-groups"), Some(&coord), None).await.json();
    let group = groups["items"][0]["id"].as_i64().expect("group");
    let body = json!({ "email": MEMBER, "role": "citizen", "theme_group_id": group });
    assert_eq!(invite(&app, &coord, body).await.status, StatusCode::CREATED);
    let token = invitation_token(&app, MEMBER).await;
    let member = app.token(MEMBER).await;
    let r = app.api(Method::POST, "/api/v1/invitations/accept", Some(&member), Some(json!({ "token": token }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["werkplaats"], "zhz");
    assert!(roles_of(&app, MEMBER).await.contains(&"citizen".to_owned()));
    let groups = app.api(Method::GET, &format!("{BASE}/theme-groups"), Some(&coord), None).await.json();
    let members = groups["items"][0]["member_ids"].as_array().expect("members").len();
    assert!(members > 0, "joined the theme group: {groups}");
}

#[tokio::test]
async fn expired_revoked_and_resent_links_are_refused_with_one_page() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let tenant = app.core.tenant("zhz").await.expect("zhz");

    // Expired.
    let id = invite(&app, &coord, json!({ "email": "laat@zhz.example", "role": "citizen" })).await.json()["id"]
        .as_i64()
        .expect("id");
    let token = invitation_token(&app, "laat@zhz.example").await;
    assert_eq!(app.get(&format!("/uitnodiging/{token}")).await.status, StatusCode::OK);
    app.core.age_invitation_for_tests(&tenant, id, "2020-01-01T00:00:00Z", "2020-01-15T00:00:00Z").await.expect("aged");
    let r = app.get(&format!("/uitnodiging/{token}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Deze uitnodiging is niet (meer) geldig"));
    let list = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&coord), None).await.json();
    assert_eq!(list["items"][0]["status"], "expired", "{list}");

    // Resend renews it with a new link; the old one stays dead.
    let r = app.api(Method::POST, &format!("{BASE}/invitations/{id}/resend"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let fresh = invitation_token(&app, "laat@zhz.example").await;
    assert_ne!(fresh, token);
    assert_eq!(app.get(&format!("/uitnodiging/{token}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/uitnodiging/{fresh}")).await.status, StatusCode::OK);
    // Not again within ten minutes.
    let r = app.api(Method::POST, &format!("{BASE}/invitations/{id}/resend"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    // Ten minutes later: the old link dies at once, before the new mail goes out.
    let later = (chrono::Utc::now() - chrono::Duration::minutes(11)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    app.core.age_invitation_for_tests(&tenant, id, &later, "2099-01-01T00:00:00Z").await.expect("aged");
    let r = app.api(Method::POST, &format!("{BASE}/invitations/{id}/resend"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.get(&format!("/uitnodiging/{fresh}")).await.status, StatusCode::NOT_FOUND);
    let newest = invitation_token(&app, "laat@zhz.example").await;
    assert_eq!(app.get(&format!("/uitnodiging/{newest}")).await.status, StatusCode::OK);

    // Revoked (through the page, after a confirmation).
    let mut b = app.logged_in(COORDINATOR).await;
    let confirm = b.get(&format!("/werkplaatsen/zhz/uitnodigingen/{id}/intrekken")).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    assert!(confirm.body.contains("laat@zhz.example"), "{}", confirm.body);
    let r = b.post_form(&format!("/werkplaatsen/zhz/uitnodigingen/{id}/intrekken"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.get(&format!("/uitnodiging/{newest}")).await.status, StatusCode::NOT_FOUND);
    let r = app.api(Method::DELETE, &format!("{BASE}/invitations/{id}"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "revoking twice: {}", r.body);
    // The revoked invitation's mail, if a job were still due, is not sent.
    let sent = app.core.mailer.sent().len();
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    assert_eq!(app.core.mailer.sent().len(), sent);

    // An unknown secret gets the same page.
    let r = app.get("/uitnodiging/onzin").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Deze uitnodiging is niet (meer) geldig"));
}

#[tokio::test]
async fn who_may_invite_with_which_role() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let body = json!({ "email": "iemand@zhz.example", "role": "professional" });

    let r = app.api(Method::POST, &format!("{BASE}/invitations"), None, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let member = app.token(MEMBER).await;
    assert_eq!(invite(&app, &member, body.clone()).await.status, StatusCode::FORBIDDEN);
    let other = app.token(OTHER_COORDINATOR).await;
    assert_eq!(invite(&app, &other, body.clone()).await.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A lector invites, but not as programme coordinator.
    let lector = app.token(LECTOR).await;
    let r = invite(&app, &lector, json!({ "email": "pc@zhz.example", "role": "programme-coordinator" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["role"].is_string(), "{}", r.body);
    assert_eq!(
        invite(&app, &lector, json!({ "email": "pc@zhz.example", "role": "lector" })).await.status,
        StatusCode::CREATED
    );

    // Bad input: every field at once, and nothing is made.
    let r = invite(
        &app,
        &coord,
        json!({ "email": "geen-adres", "role": "baas", "person_id": 999999, "theme_group_id": 999999 }),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &r.json()["error"]["fields"];
    for f in ["email", "role", "person_id", "theme_group_id"] {
        assert!(fields[f].is_string(), "{f}: {}", r.body);
    }
    // Another werkplaats's person record is not one of zhz's.
    let theirs = app.api(Method::GET, "/api/v1/werkplaatsen/voorbeeld/people?limit=5", Some(&other), None).await.json();
    let foreign = theirs["items"][0]["id"].as_i64().expect("person");
    let r = invite(&app, &coord, json!({ "email": "x@zhz.example", "role": "student", "person_id": foreign })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // A second open invitation for the same address and role is refused.
    assert_eq!(invite(&app, &coord, body.clone()).await.status, StatusCode::CREATED);
    let r = invite(&app, &coord, body.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json()["error"]["fields"]["email"].as_str().unwrap_or_default().contains("al een uitnodiging"),
        "{}",
        r.body
    );
    let list = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&coord), None).await.json();
    assert_eq!(list["items"].as_array().expect("items").len(), 2, "{list}");
}

/// Makes Tina a themaleider leading "Samen leven"; returns that group and "Weerbaarheid".
async fn tina_leads_samen(app: &TestApp, coord: &str) -> (Value, Value) {
    app.core.create_user("tl@zhz.example", "Tina Themaleider", "zhz", "theme-lead", PASSWORD).await.expect("lead");
    let people = app.api(Method::GET, &format!("{BASE}/people?limit=200"), Some(coord), None).await.json();
    let tina = people["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|p| p["email"] == "tl@zhz.example")
        .expect("person")["id"]
        .clone();
    let groups = app.api(Method::GET, &format!("{BASE}/theme-groups"), Some(coord), None).await.json();
    let named =
        |n: &str| groups["items"].as_array().expect("items").iter().find(|g| g["name"] == n).cloned().expect("group");
    let (samen, weerbaar) = (named("Samen leven"), named("Weerbaarheid"));
    let body = json!({ "theme_id": samen["theme_id"], "lead_person_id": tina, "description": samen["description"],
                       "organisation_ids": samen["organisation_ids"], "member_ids": samen["member_ids"] });
    let r = app.api(Method::PUT, &format!("{BASE}/theme-groups/{}", samen["id"]), Some(coord), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (samen, weerbaar)
}

#[tokio::test]
async fn a_theme_lead_invites_only_into_a_group_they_lead_with_a_role_that_leads_nothing() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let (samen, weerbaar) = tina_leads_samen(&app, &coord).await;
    let lead = app.token("tl@zhz.example").await;

    let mine = json!({ "email": "prof@zhz.example", "role": "professional", "theme_group_id": samen["id"] });
    assert_eq!(invite(&app, &lead, mine).await.status, StatusCode::CREATED);
    let other = json!({ "email": "prof@zhz.example", "role": "professional", "theme_group_id": weerbaar["id"] });
    assert_eq!(invite(&app, &lead, other).await.status, StatusCode::FORBIDDEN);
    let no_group = json!({ "email": "prof2@zhz.example", "role": "professional" });
    assert_eq!(invite(&app, &lead, no_group).await.status, StatusCode::FORBIDDEN);
    let leading = json!({ "email": "prof2@zhz.example", "role": "theme-lead", "theme_group_id": samen["id"] });
    assert_eq!(invite(&app, &lead, leading).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The themaleider does not manage the list.
    let r = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&lead), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_members_page_invites_and_shows_errors_in_the_form() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(COORDINATOR).await;
    let page = b.get("/werkplaatsen/zhz/leden").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Iemand uitnodigen"), "{}", page.body);

    let r = b
        .post_form(
            "/werkplaatsen/zhz/uitnodigingen",
            &[("email", ""), ("role", "student"), ("person_id", ""), ("theme_group_id", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("error-summary") && r.body.contains("invite-email"), "{}", r.body);

    let r = b
        .post_form(
            "/werkplaatsen/zhz/uitnodigingen",
            &[("email", "pagina@zhz.example"), ("role", "student"), ("person_id", ""), ("theme_group_id", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = b.get(r.location()).await;
    assert!(
        page.body.contains("pagina@zhz.example") && page.body.contains("De uitnodiging is gemaakt"),
        "{}",
        page.body
    );
    let token = invitation_token(&app, "pagina@zhz.example").await;
    assert_eq!(app.get(&format!("/uitnodiging/{token}")).await.status, StatusCode::OK);

    // Members and other werkplaatsen's coordinators do not see the page.
    let mut m = app.logged_in(MEMBER).await;
    assert_eq!(m.get("/werkplaatsen/zhz/leden").await.status, StatusCode::FORBIDDEN);
    let mut o = app.logged_in(OTHER_COORDINATOR).await;
    assert_eq!(o.get("/werkplaatsen/zhz/leden").await.status, StatusCode::FORBIDDEN);
    let r = o.post_form("/werkplaatsen/zhz/uitnodigingen", &[("email", "x@zhz.example"), ("role", "student")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_persons_data_export_shows_their_invitations_and_erasure_deletes_them() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    assert_eq!(invite(&app, &coord, json!({ "email": MEMBER, "role": "student" })).await.status, StatusCode::CREATED);
    let member = app.token(MEMBER).await;
    let data = app.api(Method::GET, "/api/v1/me/data", Some(&member), None).await.json();
    assert_eq!(data["invitations"][0]["werkplaats"], "zhz", "{data}");
    assert_eq!(data["invitations"][0]["role"], "student");
    assert!(data["self_registration"].is_null(), "made by an administrator: {data}");

    let r = app.api(Method::POST, "/api/v1/me/erasure", Some(&member), Some(json!({ "confirm_email": MEMBER }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let list = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&coord), None).await.json();
    assert_eq!(list["items"], json!([]), "{list}");
    // The mail job finds nothing to send.
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    assert!(!app.core.mailer.sent().iter().any(|m| m.to.contains(MEMBER)));
}

/// Posts the invitation form of a theme group's page.
async fn send(b: &mut Browser<'_>, email: &str, role: &str, group: i64) -> crate::common::TestResponse {
    let (g, back) = (group.to_string(), format!("/werkplaatsen/zhz/themagroepen/{group}/uitnodigen"));
    let pairs = [("email", email), ("role", role), ("theme_group_id", g.as_str()), ("terug", back.as_str())];
    b.post_form("/werkplaatsen/zhz/uitnodigingen", &pairs).await
}

#[tokio::test]
async fn a_theme_lead_invites_through_the_group_page_for_their_own_group_only() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let (samen, weerbaar) = tina_leads_samen(&app, &coord).await;
    let (samen_id, weerbaar_id) = (samen["id"].as_i64().expect("id"), weerbaar["id"].as_i64().expect("id"));
    let mut b = app.logged_in("tl@zhz.example").await;
    let group = b.get(&format!("/werkplaatsen/zhz/themagroepen/{samen_id}")).await;
    let form_path = format!("/werkplaatsen/zhz/themagroepen/{samen_id}/uitnodigen");
    assert!(group.body.contains("Iemand uitnodigen voor deze themagroep"), "{}", group.body);
    assert!(group.body.contains(&form_path), "{}", group.body);
    let form = b.get(&form_path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("value=\"professional\""), "{}", form.body);
    for leading in ["programme-coordinator", "lector", "theme-lead"] {
        assert!(!form.body.contains(&format!("value=\"{leading}\"")), "{leading} is not offered: {}", form.body);
    }

    // Invited from the page: back there with the notice, the mail sent, the group on the invitation.
    let r = send(&mut b, "groep@zhz.example", "professional", samen_id).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{form_path}?melding=uitgenodigd#uitnodigingen"));
    let page = b.get(r.location()).await;
    assert!(
        page.body.contains("groep@zhz.example") && page.body.contains("De uitnodiging is gemaakt"),
        "{}",
        page.body
    );
    let token = invitation_token(&app, "groep@zhz.example").await;
    assert_eq!(app.get(&format!("/uitnodiging/{token}")).await.status, StatusCode::OK);
    let list = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&coord), None).await.json();
    let made = list["items"].as_array().expect("items").iter().find(|i| i["email"] == "groep@zhz.example").cloned();
    let made = made.expect("the invitation");
    assert_eq!(made["theme_group_id"], samen["id"], "{made}");

    // Another group, or a role that leads: refused, nothing made.
    let r = send(&mut b, "ander@zhz.example", "professional", weerbaar_id).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(
        b.get(&format!("/werkplaatsen/zhz/themagroepen/{weerbaar_id}/uitnodigen")).await.status,
        StatusCode::FORBIDDEN
    );
    let r = send(&mut b, "baas@zhz.example", "programme-coordinator", samen_id).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Deze rol mag u niet geven") && r.body.contains("baas@zhz.example"), "{}", r.body);
    let list = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&coord), None).await.json();
    assert_eq!(list["items"].as_array().expect("items").len(), 1, "{list}");

    // Resend (after the ten minutes) and revoke (after a confirmation), back on the group's page.
    let id = made["id"].as_i64().expect("id");
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    app.core.age_invitation_for_tests(&tenant, id, "2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z").await.expect("aged");
    let r =
        b.post_form(&format!("/werkplaatsen/zhz/uitnodigingen/{id}/opnieuw"), &[("terug", form_path.as_str())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{form_path}?melding=opnieuw#uitnodigingen"));
    let confirm = b.get(&format!("/werkplaatsen/zhz/uitnodigingen/{id}/intrekken?terug={form_path}")).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    assert!(confirm.body.contains(&format!("href=\"{form_path}#uitnodigingen\"")), "{}", confirm.body);
    let r =
        b.post_form(&format!("/werkplaatsen/zhz/uitnodigingen/{id}/intrekken"), &[("terug", form_path.as_str())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{form_path}?melding=ingetrokken#uitnodigingen"));
    assert!(b.get(r.location()).await.body.contains("ingetrokken"));
    assert_eq!(app.get(&format!("/uitnodiging/{token}")).await.status, StatusCode::NOT_FOUND);

    // A member sees no form and cannot open the page.
    let mut m = app.logged_in(MEMBER).await;
    let group = m.get(&format!("/werkplaatsen/zhz/themagroepen/{samen_id}")).await;
    assert_eq!(group.status, StatusCode::OK);
    assert!(!group.body.contains("Iemand uitnodigen voor deze themagroep") && !group.body.contains(&form_path));
    assert_eq!(m.get(&form_path).await.status, StatusCode::FORBIDDEN);
    let r = m
        .post_form(
            "/werkplaatsen/zhz/uitnodigingen",
            &[("email", "x@zhz.example"), ("role", "student"), ("theme_group_id", &samen_id.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_new_coordinator_sets_up_two_steps_before_the_invitation_signs_them_in_when_required() {
    let app = TestApp::spawn().await.reconfigure(|core| core.with_require_2fa_for_managers(true));
    let coord = app.token(COORDINATOR).await;
    let r = invite(&app, &coord, json!({ "email": "co2@zhz.example", "role": "programme-coordinator" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let token = invitation_token(&app, "co2@zhz.example").await;
    let mut b = app.browser().await;
    let pw = "een-lang-wachtwoord";
    let ok = b
        .post_form(&format!("/uitnodiging/{token}"), &[("name", "Co Twee"), ("password", pw), ("password_again", pw)])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    // The invitation is accepted, but the session waits for the set-up of two-step verification.
    assert!(ok.location().starts_with("/inloggen/tweestaps"), "{}", ok.location());
    assert_eq!(b.get("/account").await.status, StatusCode::SEE_OTHER, "no session yet");
    let page = b.get(ok.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    let secret = crate::accounts_two_factor::between(&page.body, "<code class=\"secret\">", "</code>").to_owned();
    let code = crate::accounts_two_factor::code(&secret, 0);
    let done = b.post_form("/inloggen/tweestaps", &[("code", &code), ("terug", "/werkplaatsen/zhz")]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(b.get("/account").await.status, StatusCode::OK, "signed in after the set-up");
}

//! An invitation accepted through OpenID Connect, against the real `oidc-provider-mock` (see
//! `oidc.rs`): the invitation page offers the providers, the sign-in carries the invitation, and
//! after it the account (new, whatever address the provider gives and whether it verified it)
//! holds the invited role, the identity is linked, and the invitation is used up. An invitation
//! used, revoked or expired between the start of the sign-in and its callback grants nothing: the
//! person is signed in and told so.
use crate::accounts_invitations::invitation_token;
use crate::common::{Browser, COORDINATOR, TestApp};
use crate::oidc::{Mock, app_for, at_provider, callback_for, me, set_user, start_mock, to_provider, unique};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/api/v1/werkplaatsen/zhz";

/// The coordinator invites `email` as a student; returns the invitation id and the link's secret.
async fn invite(app: &TestApp, email: &str) -> (i64, String) {
    let coord = app.token(COORDINATOR).await;
    let r = app
        .api(
            Method::POST,
            &format!("{BASE}/invitations"),
            Some(&coord),
            Some(json!({ "email": email, "role": "student" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    (id, invitation_token(app, email).await)
}

/// The roles in zhz of the account this browser is signed in to.
async fn roles(b: &mut Browser<'_>) -> Vec<String> {
    let v = b.api(Method::GET, "/api/v1/me", None, json!({})).await.json();
    v["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter(|r| r["werkplaats"] == "zhz")
        .map(|r| r["role"].as_str().expect("role").to_owned())
        .collect()
}

async fn status_of(app: &TestApp, id: i64) -> Value {
    let coord = app.token(COORDINATOR).await;
    let list = app.api(Method::GET, &format!("{BASE}/invitations"), Some(&coord), None).await.json();
    list["items"].as_array().expect("items").iter().find(|i| i["id"] == id).expect("the invitation")["status"].clone()
}

/// A user at the provider whose address is not the invited one and is not verified.
async fn stranger(mock: &Mock, prefix: &str) -> (String, String) {
    let sub = unique(prefix);
    let email = format!("{sub}@hs.example");
    set_user(mock, &sub, json!({ "email": email, "email_verified": false, "name": "Xandra Anders" })).await;
    (sub, email)
}

#[tokio::test]
async fn an_invitation_accepted_through_the_provider_links_the_identity_and_grants_the_role() {
    let test = "an_invitation_accepted_through_the_provider_links_the_identity_and_grants_the_role";
    let Some(mock) = start_mock(test, &[]).await else { return };
    let app = app_for(&mock.url).await;
    let (id, token) = invite(&app, "x@zhz.example").await;

    // The invitation page offers the provider, carrying the invitation.
    let mut b = app.browser().await;
    let page = b.get(&format!("/uitnodiging/{token}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Inloggen met SURFconext"), "{}", page.body);
    let link = format!("/inloggen/oidc/default?uitnodiging={token}");
    assert!(page.body.contains(&format!("href=\"{link}\"")), "{}", page.body);

    // The provider gives another address than the invited one, and does not verify it.
    let (sub, email) = stranger(&mock, "uitgenodigd").await;
    let auth = to_provider(&mut b, &link).await;
    let back = at_provider(&auth, &[("sub", &sub)]).await;
    let res = b.get(&back).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), "/werkplaatsen/zhz", "to the werkplaats of the invitation");
    assert_eq!(me(&mut b).await, Some((email.clone(), 1)), "signed in to a new account");
    assert_eq!(roles(&mut b).await, ["student"], "with the invited role");
    let account_id = {
        let mut conn = app.core.store.conn().await.expect("conn");
        let a = broedplaats_store::accounts::account_by_email(&mut conn, &email).await.expect("query").expect("made");
        assert_eq!(a.name, "Xandra Anders");
        let linked = broedplaats_store::accounts::oidc::identity_account(&mut conn, &mock.url, &sub).await;
        assert_eq!(linked.expect("query"), Some(a.id), "the identity is linked");
        a.id
    };
    assert_eq!(status_of(&app, id).await, "accepted");
    let mut conn = app.core.store.conn().await.expect("conn");
    let tenant = app.core.tenant("zhz").await.expect("zhz");
    let entries = broedplaats_store::organisation::audit_log(&mut conn, &tenant, None, 20).await.expect("audit");
    drop(conn);
    let accepted = entries.iter().find(|e| e.entity_type == "invitation" && e.entity_id == id).expect("audited");
    assert!(accepted.after.as_deref().unwrap_or_default().contains("accepted"), "{:?}", accepted.after);

    // The second sign-in through the provider lands in the same account, with the role.
    let mut again = app.browser().await;
    let back = callback_for(&mut again, &sub).await;
    assert_eq!(again.get(&back).await.status, StatusCode::SEE_OTHER);
    assert_eq!(me(&mut again).await, Some((email.clone(), 1)));
    let mut conn = app.core.store.conn().await.expect("conn");
    let linked = broedplaats_store::accounts::oidc::identity_account(&mut conn, &mock.url, &sub).await;
    assert_eq!(linked.expect("query"), Some(account_id));
    drop(conn);

    // Single use: the page says it is no longer valid, and a new sign-in with it is refused.
    let page = app.get(&format!("/uitnodiging/{token}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Deze uitnodiging is niet (meer) geldig"), "{}", page.body);
    let mut c = app.browser().await;
    let res = c.get(&link).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("De uitnodiging is verlopen, al gebruikt of ingetrokken"), "{}", res.body);
    assert!(c.cookie("bp_oidc_state").is_none(), "no sign-in began");
}

#[tokio::test]
async fn an_invitation_used_revoked_or_expired_during_the_sign_in_grants_nothing() {
    let test = "an_invitation_used_revoked_or_expired_during_the_sign_in_grants_nothing";
    let Some(mock) = start_mock(test, &[]).await else { return };
    let app = app_for(&mock.url).await;
    let coord = app.token(COORDINATOR).await;
    let tenant = app.core.tenant("zhz").await.expect("zhz");

    // Two sign-ins begin with one link; the first to come back takes the invitation.
    let (id, token) = invite(&app, "twee@zhz.example").await;
    let link = format!("/inloggen/oidc/default?uitnodiging={token}");
    let mut first = app.browser().await;
    let mut second = app.browser().await;
    let auth_first = to_provider(&mut first, &link).await;
    let auth_second = to_provider(&mut second, &link).await;
    let (sub, _) = stranger(&mock, "eerste").await;
    let back = at_provider(&auth_first, &[("sub", &sub)]).await;
    assert_eq!(first.get(&back).await.status, StatusCode::SEE_OTHER);
    assert_eq!(roles(&mut first).await, ["student"]);
    let (sub, email) = stranger(&mock, "tweede").await;
    let back = at_provider(&auth_second, &[("sub", &sub)]).await;
    let res = second.get(&back).await;
    assert_refused_but_signed_in(&res, "/");
    assert!(second.cookie("bp_session").is_some(), "signed in");
    assert_eq!(me(&mut second).await, Some((email, 0)), "without the role");
    assert_eq!(status_of(&app, id).await, "accepted");

    // Revoked between the start and the callback.
    let (id, token) = invite(&app, "ingetrokken@zhz.example").await;
    let mut b = app.browser().await;
    let auth = to_provider(&mut b, &format!("/inloggen/oidc/default?uitnodiging={token}")).await;
    let r = app.api(Method::DELETE, &format!("{BASE}/invitations/{id}"), Some(&coord), None).await;
    assert!(r.status.is_success(), "{}", r.body);
    let (sub, email) = stranger(&mock, "ingetrokken").await;
    let back = at_provider(&auth, &[("sub", &sub)]).await;
    let res = b.get(&back).await;
    assert_refused_but_signed_in(&res, "/");
    assert_eq!(me(&mut b).await, Some((email, 0)), "signed in, without the role");
    assert!(roles(&mut b).await.is_empty());
    assert_eq!(status_of(&app, id).await, "revoked", "still revoked, not accepted");

    // Expired meanwhile; the person was going somewhere, and goes on there.
    let (id, token) = invite(&app, "verlopen@zhz.example").await;
    let mut b = app.browser().await;
    let auth =
        to_provider(&mut b, &format!("/inloggen/oidc/default?uitnodiging={token}&terug=/werkplaatsen/zhz/agenda"))
            .await;
    let past = "2000-01-01T00:00:00Z";
    app.core.age_invitation_for_tests(&tenant, id, past, past).await.expect("aged");
    let (sub, email) = stranger(&mock, "verlopen").await;
    let back = at_provider(&auth, &[("sub", &sub)]).await;
    let res = b.get(&back).await;
    assert_refused_but_signed_in(&res, "/werkplaatsen/zhz/agenda");
    assert_eq!(me(&mut b).await, Some((email, 0)));
    assert_eq!(status_of(&app, id).await, "expired");
}

/// The page after a sign-in whose invitation could no longer be accepted: signed in (the page
/// shows it), told why in Dutch, and a way on.
fn assert_refused_but_signed_in(res: &crate::common::TestResponse, back: &str) {
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("U bent ingelogd, maar de uitnodiging is niet aangenomen"), "{}", res.body);
    assert!(res.body.contains("verlopen, al gebruikt of ingetrokken"), "{}", res.body);
    assert!(res.body.contains(&format!("href=\"{back}\"")), "{}", res.body);
    assert!(res.body.contains("Uitloggen"), "the page shows the person signed in: {}", res.body);
}

//! Regression tests for the findings of the security review (issue 12), one per finding that is
//! closed: each failed before its fix.

use crate::common::{COORDINATOR, MEMBER, PASSWORD, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

const PRODUCTS: &str = "/api/v1/werkplaatsen/zhz/knowledge-products";

async fn create_product(app: &TestApp, token: &str, body: Value) -> i64 {
    let r = app.api(Method::POST, PRODUCTS, Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

fn product(title: &str, status: &str, visibility: &str) -> Value {
    json!({ "kind": "werkvorm", "title": title, "summary": "Een korte samenvatting voor de test.",
            "status": status, "visibility": visibility })
}

async fn status_of(app: &TestApp, token: &str, id: i64) -> String {
    let r = app.api(Method::GET, &format!("{PRODUCTS}/{id}"), Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["status"].as_str().expect("status").to_owned()
}

// ---- 3. open redirect and 500 on `terug` -----------------------------------------------------------

#[tokio::test]
async fn return_paths_never_leave_the_site_nor_fail() {
    let app = TestApp::spawn().await;
    for bad in ["/%09/evil.example", "/%0a/evil.example", "/%5Cevil.example", "//evil.example", "/%0d%0aX:%20y"] {
        let r = app.get(&format!("/taal/en?terug={bad}")).await;
        assert!(r.status.is_redirection(), "{bad}: {}", r.status);
        assert_eq!(r.location(), "/", "{bad}");
        let r = app.get(&format!("/inloggen?terug={bad}")).await;
        assert_eq!(r.status, StatusCode::OK, "{bad}: the login form still shows");
    }
    // Signing in with a hostile return path lands on the person's overview.
    let mut b = app.browser().await;
    let csrf = b.csrf();
    let r = b
        .post_raw(
            "/inloggen",
            &[("csrf", csrf.as_str()), ("email", COORDINATOR), ("password", PASSWORD), ("terug", "/\t/evil.example")],
        )
        .await;
    assert!(r.status.is_redirection(), "{}", r.status);
    assert_eq!(r.location(), "/mijn-werkplaats?welkom=1");
    // A same-site path still works.
    let r = app.get("/taal/en?terug=/werkplaatsen/zhz").await;
    assert_eq!(r.location(), "/werkplaatsen/zhz");
}

// ---- 6. /search/related as an oracle ---------------------------------------------------------------

#[tokio::test]
async fn related_items_of_a_hidden_source_are_answered_as_for_a_missing_id() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    let hidden =
        create_product(&app, &coordinator, product("Intern spreekuurverslag geheimwoord", "published", "partners"))
            .await;
    let public = create_product(&app, &coordinator, product("Openbaar spreekuurverslag", "published", "public")).await;
    let related = |id: i64| format!("/api/v1/search/related?type=knowledge_product&id={id}");
    let missing = app.get(&related(999_999)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
    let r = app.get(&related(hidden)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a hidden id is not confirmed: {}", r.body);
    assert_eq!(r.json()["error"]["code"], missing.json()["error"]["code"], "answered alike");
    assert_eq!(app.get(&related(public)).await.status, StatusCode::OK);
    // Partners of the werkplaats may see it, so they get its related items.
    let member = app.token(MEMBER).await;
    let r = app.api(Method::GET, &related(hidden), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

// ---- 4. review bypass ------------------------------------------------------------------------------

#[tokio::test]
async fn an_edit_of_a_published_product_by_a_non_reviewer_goes_back_to_review() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    let member = app.token(MEMBER).await;
    // The member writes it (partners only) and the coordinator publishes it.
    let id = create_product(&app, &member, product("Werkvorm buurtgesprek", "concept", "partners")).await;
    for (token, to) in [(&member, "review"), (&coordinator, "published")] {
        let r =
            app.api(Method::POST, &format!("{PRODUCTS}/{id}/status"), Some(token), Some(json!({ "status": to }))).await;
        assert!(r.status.is_success(), "{to}: {}", r.body);
    }
    // The author widens it to public and changes the title: not published until reviewed.
    let r = app
        .api(
            Method::PUT,
            &format!("{PRODUCTS}/{id}"),
            Some(&member),
            Some(product("Werkvorm buurtgesprek (iedereen)", "published", "public")),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(status_of(&app, &coordinator, id).await, "review");
    assert_eq!(app.get(&format!("{PRODUCTS}/{id}")).await.status, StatusCode::NOT_FOUND, "not public");
    let hits = app.get("/api/v1/search?q=buurtgesprek").await.json();
    assert_eq!(hits["total"], 0, "not findable by the public: {hits}");
    // The coordinator's own edit keeps it published.
    let r = app
        .api(
            Method::PUT,
            &format!("{PRODUCTS}/{id}"),
            Some(&coordinator),
            Some(product("Werkvorm buurtgesprek", "published", "public")),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = app
        .api(
            Method::POST,
            &format!("{PRODUCTS}/{id}/status"),
            Some(&coordinator),
            Some(json!({ "status": "published" })),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = app
        .api(
            Method::PUT,
            &format!("{PRODUCTS}/{id}"),
            Some(&coordinator),
            Some(product("Werkvorm buurtgesprek!", "published", "public")),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(status_of(&app, &coordinator, id).await, "published");
}

// ---- 5. theme lead scope ---------------------------------------------------------------------------

#[tokio::test]
async fn a_themaleider_cannot_touch_products_outside_their_theme_groups() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    app.core
        .create_user("leider@zhz.example", "Lea Leider (fictief)", "zhz", "theme-lead", PASSWORD)
        .await
        .expect("account");
    let leader = app.token("leider@zhz.example").await;
    // A published product of no theme group: the coordinator's and lectoren's.
    let id = create_product(&app, &coordinator, product("Factsheet zonder themagroep", "published", "public")).await;
    let r = app
        .api(Method::POST, &format!("{PRODUCTS}/{id}/status"), Some(&leader), Some(json!({ "status": "concept" })))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "unpublish: {}", r.body);
    let r = app
        .api(Method::PUT, &format!("{PRODUCTS}/{id}"), Some(&leader), Some(product("Gekaapt", "published", "public")))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "edit: {}", r.body);
    let r = app.api(Method::DELETE, &format!("{PRODUCTS}/{id}"), Some(&leader), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "delete: {}", r.body);
    assert_eq!(status_of(&app, &coordinator, id).await, "published", "nothing changed");
}

// ---- 2. cancel links disclosed by registering again --------------------------------------------------

#[tokio::test]
async fn registering_someone_elses_address_again_discloses_nothing() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/werkplaatsen/zhz/activities",
            Some(&coordinator),
            Some(json!({ "kind": "kenniscafe", "title": "Kenniscafé geheim", "starts_at": "2031-03-05T15:00",
                         "ends_at": "2031-03-05T17:00", "audience": "public" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    let path = format!("/api/v1/werkplaatsen/zhz/activities/{id}/registrations");
    let body = |name: &str, email: &str| json!({ "name": name, "email": email });
    let first = app.api(Method::POST, &path, None, Some(body("Anouk", "anouk@example.org"))).await;
    let again = app.api(Method::POST, &path, None, Some(body("Aanvaller", "anouk@example.org"))).await;
    let fresh = app.api(Method::POST, &path, None, Some(body("Bram", "bram@example.org"))).await;
    for r in [&first, &again, &fresh] {
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.json(), json!({ "status": "registered" }), "the same answer, without a cancel link");
    }
    // Anouk's link reached Anouk (twice: the repeat sent the confirmation again), nobody else.
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    let to_anouk = app.core.mailer.sent().iter().filter(|m| m.to.contains("anouk@example.org")).count();
    assert_eq!(to_anouk, 2);
    let token = app.cancel_token_from_mail("anouk@example.org").await;
    assert!(!again.body.contains(&token));
    // A fourth try within the hour sends nothing more (no mail bombing through the form).
    app.api(Method::POST, &path, None, Some(body("Aanvaller", "anouk@example.org"))).await;
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    assert_eq!(app.core.mailer.sent().iter().filter(|m| m.to.contains("anouk@example.org")).count(), 2);
    // Signed in and registering oneself: the link comes back, and again on a repeat (200).
    let member = app.token(MEMBER).await;
    let own = app.api(Method::POST, &path, Some(&member), Some(json!({}))).await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
    let url = own.json()["cancel_url"].as_str().expect("own link").to_owned();
    let own_again = app.api(Method::POST, &path, Some(&member), Some(json!({}))).await;
    assert_eq!(own_again.status, StatusCode::OK);
    assert_eq!(own_again.json()["cancel_url"], url);
}

// ---- 7. the members-only hint ------------------------------------------------------------------------

#[tokio::test]
async fn registering_for_a_hidden_activity_is_answered_as_for_a_missing_one() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/werkplaatsen/zhz/activities",
            Some(&coordinator),
            Some(json!({ "kind": "kenniscafe", "title": "Intern overleg", "starts_at": "2031-03-05T15:00",
                         "ends_at": "2031-03-05T17:00", "audience": "partners" })),
        )
        .await;
    let id = r.json()["id"].as_i64().expect("id");
    let body = json!({ "name": "Iemand", "email": "iemand@example.org" });
    let hidden = app
        .api(Method::POST, &format!("/api/v1/werkplaatsen/zhz/activities/{id}/registrations"), None, Some(body.clone()))
        .await;
    let missing =
        app.api(Method::POST, "/api/v1/werkplaatsen/zhz/activities/999999/registrations", None, Some(body)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{}", hidden.body);
    assert_eq!(hidden.json(), missing.json());
}

// ---- 10. tokens and hardening ------------------------------------------------------------------------

#[tokio::test]
async fn signed_in_answers_are_not_cached_and_bad_query_strings_are_json_errors() {
    let app = TestApp::spawn().await;
    let anonymous = app.get("/werkplaatsen/zhz").await;
    assert!(anonymous.headers.get(header::CACHE_CONTROL).is_none(), "public pages may be cached");
    let mut b = app.logged_in(COORDINATOR).await;
    for path in ["/werkplaatsen/zhz", "/account/gegevens", "/account/gegevens.json"] {
        let r = b.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let cache = r.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap_or_default().to_owned());
        assert!(cache.as_deref().is_some_and(|c| c.contains("no-store")), "{path}: {cache:?}");
    }
    let token = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, "/api/v1/me/data", Some(&token), None).await;
    assert_eq!(r.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap_or_default()), Some("no-store"));
    // Static files keep their own caching.
    let r = b.get("/static/broedplaats.css").await;
    assert_eq!(
        r.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap_or_default()),
        Some("public, max-age=3600")
    );

    for path in [
        "/api/v1/werkplaatsen/zhz/organisations?limit=veel",
        "/api/v1/search/related?type=story&id=abc",
        "/api/v1/werkplaatsen/zhz/knowledge-products?limit=-x",
    ] {
        let r = app.api(Method::GET, path, Some(&token), None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert_eq!(r.json()["error"]["code"], "invalid_query", "{path}");
        assert!(r.json()["error"]["message"].as_str().is_some_and(|m| m.starts_with("Ongeldige")), "{path}");
    }
}

#[tokio::test]
async fn the_csrf_cookie_is_secure_behind_https() {
    let mut app = TestApp::spawn().await;
    let state = broedplaats_web::AppState::new(
        app.core.clone(),
        broedplaats_web::WebConfig { secure_cookies: true, ..Default::default() },
    );
    app.router = broedplaats_web::app(state);
    let r = app.send(Request::builder().uri("/inloggen").body(Body::empty()).expect("request")).await;
    let cookies: Vec<String> =
        r.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap_or_default().to_owned()).collect();
    let csrf = cookies.iter().find(|c| c.starts_with("bp_csrf=")).expect("a CSRF cookie");
    assert!(csrf.contains("Secure"), "{csrf}");
}

// ---- 7. smaller leaks: a members-only project named on a public product ------------------------------

#[tokio::test]
async fn a_public_product_does_not_name_a_members_only_project_to_the_public() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    let tenant = app.core.tenant("zhz").await.expect("tenant");
    let theme = app.core.current_themes(&tenant).await.expect("themes")[0].id;
    let body = json!({ "theme_id": theme, "title": "Vertrouwelijk pilotproject (test)", "four_os": ["onderzoek"],
                       "size": "klein", "status": "idee", "visibility": "members" });
    let r = app.api(Method::POST, "/api/v1/werkplaatsen/zhz/projects", Some(&coordinator), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let project = r.json()["id"].as_i64().expect("id");
    let mut p = product("Openbare factsheet uit een pilot", "published", "public");
    p["project_id"] = json!(project);
    let id = create_product(&app, &coordinator, p).await;
    let public = app.get(&format!("{PRODUCTS}/{id}")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.json()["project"], Value::Null, "{}", public.body);
    let page = app.get(&format!("/werkplaatsen/zhz/kennis/{id}")).await;
    assert!(!page.body.contains("Vertrouwelijk pilotproject"), "the page does not name it either");
    let member = app.token(MEMBER).await;
    let r = app.api(Method::GET, &format!("{PRODUCTS}/{id}"), Some(&member), None).await;
    assert_eq!(r.json()["project"]["name"], "Vertrouwelijk pilotproject (test)");
}

// ---- 8. erasure and withdrawal leave no traces ---------------------------------------------------------

#[tokio::test]
async fn an_erased_person_frees_their_places_and_gets_no_more_mail() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    let member = app.token(MEMBER).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/werkplaatsen/zhz/activities",
            Some(&coordinator),
            Some(json!({ "kind": "kenniscafe", "title": "Kenniscafé met één plek", "starts_at": "2031-03-05T15:00",
                         "ends_at": "2031-03-05T17:00", "audience": "public", "capacity": 1 })),
        )
        .await;
    let id = r.json()["id"].as_i64().expect("id");
    let path = format!("/api/v1/werkplaatsen/zhz/activities/{id}/registrations");
    assert_eq!(app.api(Method::POST, &path, Some(&member), Some(json!({}))).await.json()["status"], "registered");
    let bram = json!({ "name": "Bram", "email": "bram@example.org" });
    assert_eq!(app.api(Method::POST, &path, None, Some(bram)).await.json()["status"], "waitlisted");

    let r = app.api(Method::POST, "/api/v1/me/erasure", Some(&member), Some(json!({ "confirm_email": MEMBER }))).await;
    assert!(r.status.is_success(), "{}", r.body);
    // The place went to the first on the waiting list, who is told so; the erased person's
    // queued confirmation goes nowhere.
    let list = app.api(Method::GET, &path, Some(&coordinator), None).await.json();
    let statuses: Vec<(String, String)> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| {
            (r["name"].as_str().unwrap_or_default().to_owned(), r["status"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    assert!(statuses.contains(&("Bram".into(), "registered".into())), "{statuses:?}");
    assert!(statuses.iter().any(|(n, s)| n.starts_with("Verwijderde gebruiker") && s == "cancelled"), "{statuses:?}");
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    let sent = app.core.mailer.sent();
    assert!(sent.iter().any(|m| m.to.contains("bram@example.org") && m.text.contains("afmelden")), "Bram is told");
    assert!(!sent.iter().any(|m| m.to.contains(".invalid") || m.to.contains(MEMBER)), "nothing to the erased person");
}

#[tokio::test]
async fn a_withdrawn_story_leaves_no_title_in_the_audit_log() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    let body = json!({ "title": "Het verhaal van de geheime tuin", "narrator_role": "mantelzorger",
                       "text": "Een verhaal.", "social_quality": "Gezien.", "factors": ["sociale_cohesie"],
                       "consent_use": "internal", "consent_given_by": "De verteller zelf", "consent_on": "2024-05-01" });
    let r = app.api(Method::POST, "/api/v1/werkplaatsen/zhz/stories", Some(&coordinator), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    let log = || app.api(Method::GET, "/api/v1/werkplaatsen/zhz/audit-log?limit=200", Some(&coordinator), None);
    assert!(log().await.body.contains("geheime tuin"), "recorded while consented");
    let r = app
        .api(Method::POST, &format!("/api/v1/werkplaatsen/zhz/stories/{id}/withdraw-consent"), Some(&coordinator), None)
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let after = log().await;
    assert!(!after.body.contains("geheime tuin"), "{}", after.body);
    assert!(after.body.contains("\"story\""), "the log still says a story changed");
}

/// Finding 9: five wrong passwords made the account wait for everyone, its owner included.
#[tokio::test]
async fn sign_in_back_off_is_per_account_and_client_and_per_client_and_lives_in_the_database() {
    use broedplaats_core::{Core, CoreError};
    let app = TestApp::spawn().await;
    let guesser = Some("198.51.100.7");
    for _ in 0..5 {
        assert!(matches!(app.core.login(MEMBER, "fout-wachtwoord", guesser).await, Err(CoreError::Unauthenticated)));
    }
    assert!(matches!(app.core.login(MEMBER, PASSWORD, guesser).await, Err(CoreError::RateLimited)));
    assert!(
        app.core.login(MEMBER, PASSWORD, Some("203.0.113.5")).await.is_ok(),
        "the owner elsewhere is not locked out"
    );
    assert!(
        matches!(app.core.login(MEMBER, PASSWORD, guesser).await, Err(CoreError::RateLimited)),
        "the owner's sign-in does not free the guesser"
    );
    // another instance on the same database sees the same counts
    let other = Core::new(app.core.store.clone());
    assert!(matches!(other.login(MEMBER, PASSWORD, guesser).await, Err(CoreError::RateLimited)));

    // one address trying many accounts slows down for every account
    let sprayer = Some("192.0.2.44");
    for n in 0..20 {
        let _ = app.core.login(&format!("niemand{n}@zhz.example"), "fout-wachtwoord", sprayer).await;
    }
    assert!(matches!(app.core.login(COORDINATOR, PASSWORD, sprayer).await, Err(CoreError::RateLimited)));
    assert!(app.core.login(COORDINATOR, PASSWORD, Some("203.0.113.6")).await.is_ok());
}

/// Finding 7: a kwestie label used only by a draft was listed publicly.
#[tokio::test]
async fn kwesties_used_only_by_drafts_are_not_listed_to_those_who_cannot_see_the_drafts() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let mut draft = product("Concept over een gevoelig onderwerp", "concept", "public");
    draft["kwesties"] = json!(["Geheime kwestie zeventien"]);
    let id = create_product(&app, &member, draft).await;

    let coordinator = app.token(COORDINATOR).await;
    let all = app.api(Method::GET, "/api/v1/kwesties", Some(&coordinator), None).await.json();
    let kwestie = all["items"]
        .as_array()
        .and_then(|items| items.iter().find(|k| k["label"] == "Geheime kwestie zeventien"))
        .map(|k| k["id"].as_i64().expect("id"))
        .expect("those who keep the labels see every kwestie");

    for token in [None, Some(member.as_str())] {
        let list = app.api(Method::GET, "/api/v1/kwesties", token, None).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(!list.body.contains("zeventien"), "{token:?}: {}", list.body);
        let detail = app.api(Method::GET, &format!("/api/v1/kwesties/{kwestie}"), token, None).await;
        assert_eq!(detail.status, StatusCode::NOT_FOUND, "{token:?}: {}", detail.body);
    }
    assert!(!app.get("/kwesties").await.body.contains("zeventien"));
    assert_eq!(app.get(&format!("/kwesties/{kwestie}")).await.status, StatusCode::NOT_FOUND);

    // once the product is published for everyone, the kwestie is public, counted once
    for (token, to) in [(&member, "review"), (&coordinator, "published")] {
        let r =
            app.api(Method::POST, &format!("{PRODUCTS}/{id}/status"), Some(token), Some(json!({ "status": to }))).await;
        assert!(r.status.is_success(), "{to}: {}", r.body);
    }
    let list = app.api(Method::GET, "/api/v1/kwesties", None, None).await.json();
    let shown = list["items"].as_array().and_then(|i| i.iter().find(|k| k["id"] == kwestie)).cloned();
    assert_eq!(shown.map(|k| k["uses"].clone()), Some(json!(1)), "{list}");
}

/// Finding 8: free text others wrote (author names, review notes, project plans) kept an erased
/// person's name, and search still found it; their development mail files stayed too.
#[tokio::test]
async fn erasure_replaces_the_name_in_author_lists_review_notes_and_plans() {
    const NAME: &str = "Pim Professional (fictief)";
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    let mut p = product("Werkvorm keukentafelgesprek", "concept", "public");
    p["author_names"] = json!([NAME, "Joke Jansen"]);
    let id = create_product(&app, &coordinator, p).await;
    let r = app
        .api(
            Method::POST,
            &format!("{PRODUCTS}/{id}/status"),
            Some(&coordinator),
            Some(json!({ "status": "review", "note": format!("Graag nog nakijken door {NAME}.") })),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let projects = "/api/v1/werkplaatsen/zhz/projects";
    let list = app.api(Method::GET, &format!("{projects}?limit=200"), Some(&coordinator), None).await.json();
    let mut project = list["items"][0].clone();
    let project_id = project["id"].as_i64().expect("id");
    project.as_object_mut().expect("object").remove("id");
    project["plan"] = json!(format!("## Trekker\n\n{NAME} belt de partners."));
    project["change_note"] = json!(format!("Overleg met {NAME}"));
    let r = app.api(Method::PUT, &format!("{projects}/{project_id}"), Some(&coordinator), Some(project)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut published = product("Werkvorm huiskamergesprek", "published", "public");
    published["author_names"] = json!([NAME]);
    create_product(&app, &coordinator, published).await;
    async fn found(app: &TestApp, token: &str) -> String {
        app.api(Method::GET, "/api/v1/search?q=Pim", Some(token), None).await.body
    }
    assert!(found(&app, &coordinator).await.contains("huiskamergesprek"), "before erasure the name is found");

    let member = app.token(MEMBER).await;
    let r = app.api(Method::POST, "/api/v1/me/erasure", Some(&member), Some(json!({ "confirm_email": MEMBER }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let pseudonym = r.json()["pseudonym"].as_str().expect("pseudonym").to_owned();

    let product = app.api(Method::GET, &format!("{PRODUCTS}/{id}"), Some(&coordinator), None).await;
    let plan = app.api(Method::GET, &format!("{projects}/{project_id}"), Some(&coordinator), None).await;
    let versions =
        app.api(Method::GET, &format!("{projects}/{project_id}/plan-versions"), Some(&coordinator), None).await;
    for r in [&product, &plan, &versions] {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(!r.body.contains("Pim"), "{}", r.body);
    }
    assert!(product.body.contains(&pseudonym) && product.body.contains("Joke Jansen"), "{}", product.body);
    assert!(plan.body.contains(&format!("{pseudonym} belt de partners")), "{}", plan.body);
    let after = found(&app, &coordinator).await;
    assert!(!after.contains("huiskamergesprek") && !after.contains("Pim"), "search no longer finds the name: {after}");
}

//! Study programmes per werkplaats (issue 19): the API lists them for everyone with the number of
//! assignments naming each, coordinators and lectoren add and delete them (members, other
//! werkplaatsen and anonymous visitors are refused; bad input is a Dutch field error that changes
//! nothing); the page lists them per hogeschool with an add form and a delete confirmation; the
//! demo adds them once; a theme page shows the programmes and assignments taking part; the
//! association shows education per werkplaats without students' names. Both databases.
use super::{ZHZ, setup};
use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const MAASOEVER: &str = "Hogeschool Maasoever (fictief)";
const RIJNMOND: &str = "Hogeschool Rijnmond-Zuid (fictief)";

async fn programmes(app: &TestApp, token: Option<&str>) -> Vec<Value> {
    let r = app.api(Method::GET, &format!("{ZHZ}/programmes"), token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json().as_array().expect("array").clone()
}

fn find<'a>(list: &'a [Value], school: &str, name: &str) -> Option<&'a Value> {
    list.iter().find(|p| p["organisation"] == school && p["name"] == name)
}

/// An organisation of zhz that is no hogeschool.
async fn not_a_hogeschool(app: &TestApp) -> i64 {
    let coord = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, &format!("{ZHZ}/organisations?limit=100"), Some(&coord), None).await;
    r.json()["items"].as_array().expect("organisations").iter().find(|o| o["kind"] != "hogeschool").expect("one")["id"]
        .as_i64()
        .expect("id")
}

#[tokio::test]
async fn coordinators_add_and_delete_programmes_through_the_api() {
    let app = setup().await;
    let path = format!("{ZHZ}/programmes");

    // The demo's programmes, for everyone, with their assignments (public, open ones here).
    let before = programmes(&app, None).await;
    assert_eq!(before.len(), 6, "{before:?}");
    let social = find(&before, MAASOEVER, "Social Work").expect("Social Work at Maasoever");
    assert!(social["assignments"].as_i64().expect("count") >= 1, "{social}");
    assert!(social["organisation_id"].as_i64().is_some() && social["id"].as_i64().is_some(), "{social}");
    assert!(find(&before, RIJNMOND, "Pedagogiek").is_some(), "{before:?}");

    // Writes: anonymous signs in, a member and another werkplaats's coordinator are refused.
    let body = json!({ "name": "Verpleegkunde", "organisation": RIJNMOND });
    let r = app.api(Method::POST, &path, None, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    for who in [MEMBER, OTHER_COORDINATOR] {
        let t = app.token(who).await;
        let r = app.api(Method::POST, &path, Some(&t), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }

    // Bad input: Dutch field errors, nothing written.
    let coord = app.token(COORDINATOR).await;
    let other_org = {
        let t = app.token(OTHER_COORDINATOR).await;
        let body = json!({ "name": "Hogeschool Elders (fictief)", "kind": "hogeschool" });
        let r = app.api(Method::POST, "/api/v1/werkplaatsen/voorbeeld/organisations", Some(&t), Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.json()["id"].as_i64().expect("a hogeschool of voorbeeld")
    };
    let bad = [
        (json!({ "name": "", "organisation": RIJNMOND }), "name", None),
        (json!({ "name": "x".repeat(121), "organisation": RIJNMOND }), "name", None),
        (
            json!({ "name": "Rechten", "organisation": not_a_hogeschool(&app).await }),
            "organisation",
            Some("Kies een hogeschool van deze werkplaats."),
        ),
        (
            json!({ "name": "Rechten", "organisation": other_org }),
            "organisation",
            Some("Kies een hogeschool van deze werkplaats."),
        ),
        (
            json!({ "name": "Rechten", "organisation": "Bestaat niet" }),
            "organisation",
            Some("Kies een hogeschool van deze werkplaats."),
        ),
        (json!({ "name": "social work", "organisation": MAASOEVER }), "name", None),
    ];
    for (body, field, message) in bad {
        let r = app.api(Method::POST, &path, Some(&coord), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.body);
        let fields = &r.json()["error"]["fields"];
        assert!(fields[field].is_string(), "{body}: {}", r.body);
        if let Some(m) = message {
            assert_eq!(fields[field], m, "{}", r.body);
        }
    }
    assert_eq!(programmes(&app, None).await, before, "nothing written");

    // The coordinator adds one (by name) and a lector another (by id); both listed.
    let r = app.api(Method::POST, &path, Some(&coord), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    let lector = app.token(LECTOR).await;
    let school = social["organisation_id"].clone();
    let r =
        app.api(Method::POST, &path, Some(&lector), Some(json!({ "name": "Rechten", "organisation": school }))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let second = r.json()["id"].as_i64().expect("id");
    let after = programmes(&app, None).await;
    assert_eq!(after.len(), 8);
    let added = find(&after, RIJNMOND, "Verpleegkunde").expect("added");
    assert_eq!((added["id"].as_i64(), added["assignments"].as_i64()), (Some(id), Some(0)), "{added}");

    // Deleting: anonymous signs in, a member is refused; the coordinator deletes; then 404.
    let one = format!("{path}/{id}");
    let r = app.api(Method::DELETE, &one, None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let member = app.token(MEMBER).await;
    let r = app.api(Method::DELETE, &one, Some(&member), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::DELETE, &one, Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api(Method::DELETE, &one, Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.api(Method::DELETE, &format!("{path}/{second}"), Some(&lector), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(programmes(&app, None).await, before);

    // The demo adds its programmes once: a second load changes nothing.
    assert!(!app.core.load_demo_education().await.expect("second load"));
    assert_eq!(programmes(&app, None).await, before);
}

#[tokio::test]
async fn the_page_lists_programmes_per_hogeschool_and_coordinators_manage_them() {
    let app = setup().await;
    let page = app.get("/werkplaatsen/zhz/opleidingen").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("<h2>{MAASOEVER}</h2>")), "{}", page.body);
    assert!(page.body.contains(&format!("<h2>{RIJNMOND}</h2>")), "{}", page.body);
    assert!(page.body.contains("Pedagogiek") && page.body.contains("Toegepaste Psychologie"), "{}", page.body);
    assert!(page.body.contains("/opdrachten?werkplaats=zhz&#38;opleiding=Social%20Work"), "{}", page.body);
    assert!(!page.body.contains("name=\"name\""), "no add form for visitors");
    let werkplaats = app.get("/werkplaatsen/zhz").await;
    assert!(werkplaats.body.contains("/werkplaatsen/zhz/opleidingen"), "linked from the werkplaats");
    // The list the link leads to finds the assignment.
    let list = app.get("/opdrachten?werkplaats=zhz&opleiding=social%20work").await;
    assert!(list.body.contains("Bewoners aan het woord"), "{}", list.body);

    let mut member = app.logged_in(MEMBER).await;
    let r = member.post_form("/werkplaatsen/zhz/opleidingen", &[("organisation", "1"), ("name", "X")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let mut coord = app.logged_in(COORDINATOR).await;
    let page = coord.get("/werkplaatsen/zhz/opleidingen").await;
    assert!(page.body.contains("name=\"name\"") && page.body.contains(MAASOEVER), "{}", page.body);
    let schools = programmes(&app, None).await;
    let rijnmond = find(&schools, RIJNMOND, "Pedagogiek").expect("Pedagogiek")["organisation_id"].to_string();
    let r = coord.post_form("/werkplaatsen/zhz/opleidingen", &[("organisation", &rijnmond), ("name", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("error-summary") && r.body.contains("href=\"#name\""), "{}", r.body);
    let r = coord
        .post_form("/werkplaatsen/zhz/opleidingen", &[("organisation", &rijnmond), ("name", "Verpleegkunde")])
        .await;
    assert!(r.status.is_redirection(), "{}", r.status);
    let page = coord.get("/werkplaatsen/zhz/opleidingen?toegevoegd=1").await;
    assert!(page.body.contains("Verpleegkunde") && page.body.contains("De opleiding is toegevoegd."), "{}", page.body);

    let id = find(&programmes(&app, None).await, RIJNMOND, "Verpleegkunde").expect("added")["id"].as_i64().expect("id");
    let confirm = coord.get(&format!("/werkplaatsen/zhz/opleidingen/{id}/verwijderen")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Opdrachten blijven de opleiding noemen."), "{}", confirm.body);
    let r = coord.post_form(&format!("/werkplaatsen/zhz/opleidingen/{id}/verwijderen"), &[]).await;
    assert!(r.status.is_redirection(), "{}", r.status);
    assert!(find(&programmes(&app, None).await, RIJNMOND, "Verpleegkunde").is_none());
}

#[tokio::test]
async fn empty_state_without_programmes() {
    let app = TestApp::spawn().await;
    let page = app.get("/werkplaatsen/voorbeeld/opleidingen").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Deze werkplaats heeft nog geen opleidingen vastgelegd."), "{}", page.body);
}

#[tokio::test]
async fn a_theme_page_shows_its_programmes_and_assignments() {
    let app = setup().await;
    let r = app.api(Method::GET, "/api/v1/assignments?werkplaats=zhz", None, None).await;
    let items = r.json()["items"].as_array().expect("assignments").clone();
    let a = items
        .iter()
        .find(|a| a["title"].as_str().expect("title").starts_with("Bewoners aan het woord"))
        .expect("the demo assignment");
    let theme = a["theme_id"].as_i64().expect("a theme through its project");
    let page = app.get(&format!("/werkplaatsen/zhz/themas/{theme}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h2 id=\"onderwijs\">Onderwijs</h2>"), "{}", page.body);
    assert!(page.body.contains("Social Work"), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"/werkplaatsen/zhz/opdrachten/{}\"", a["id"])), "{}", page.body);
    assert!(page.body.contains("Afstudeeropdracht, Open"), "{}", page.body);

    // A theme without assignments (and without collections here) says so.
    let agenda = app.get("/api/v1/werkplaatsen/zhz/agenda").await.json();
    let used: Vec<i64> = items.iter().filter_map(|a| a["theme_id"].as_i64()).collect();
    if let Some(other) =
        agenda["themes"].as_array().expect("themes").iter().filter_map(|t| t["id"].as_i64()).find(|t| !used.contains(t))
    {
        let page = app.get(&format!("/werkplaatsen/zhz/themas/{other}")).await;
        assert!(
            page.body.contains("Er doen nog geen opleidingen mee aan dit thema")
                || page.body.contains("Collecties met kennis uit dit thema"),
            "{}",
            page.body
        );
    }
}

#[tokio::test]
async fn the_association_shows_education_per_werkplaats() {
    let app = setup().await;
    let page = app.get("/vereniging").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<caption>Onderwijs per werkplaats</caption>"), "{}", page.body);
    assert!(page.body.contains("href=\"/werkplaatsen/zhz/opleidingen\""), "{}", page.body);
    assert!(!page.body.contains("Sam Student"), "no students' names");

    let r = app.get("/api/v1/association").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("Sam Student"), "no students' names");
    let v = r.json();
    let zhz =
        v["education"].as_array().expect("education").iter().find(|e| e["werkplaats"] == "zhz").expect("zhz").clone();
    assert_eq!(zhz["programmes"], 6, "{zhz}");
    assert!(zhz["open_assignments"].as_i64().expect("open") >= 1, "{zhz}");
    assert_eq!(zhz["students"], 1, "the demo student accepted this year: {zhz}");
    assert!(zhz["collections"].as_i64().is_some(), "{zhz}");
}

#[tokio::test]
async fn a_theme_page_shows_the_collections_holding_its_knowledge() {
    // The knowledge demo loads only into a knowledge base without products: before the education
    // demo (whose student result is one).
    let app = TestApp::spawn().await;
    assert!(app.core.load_demo_knowledge().await.expect("demo knowledge"));
    assert!(app.core.load_demo_collections().await.expect("demo collection"));
    assert!(app.core.load_demo_education().await.expect("demo education"));
    let agenda = app.get("/api/v1/werkplaatsen/zhz/agenda").await.json();
    let theme = agenda["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .find(|t| t["title"].as_str().expect("title").starts_with("Weerbaarheid"))
        .expect("the theme of the demo publication")["id"]
        .as_i64()
        .expect("id");
    let list = app.api(Method::GET, "/api/v1/collections", None, None).await.json();
    let demo = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["title"] == "Module Armoede en schulden — jaar 2")
        .expect("demo collection")
        .clone();
    let page = app.get(&format!("/werkplaatsen/zhz/themas/{theme}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Collecties met kennis uit dit thema"), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"/collecties/{}\"", demo["id"])), "{}", page.body);
}

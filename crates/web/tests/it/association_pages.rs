//! The association's pages (issue 16): `/vereniging` with its accessible matrix and the
//! priorities' forms (add, change, delete with confirmation), the list behind a count, and the
//! comparison page with the coordinator's forms — each refused form shown again with its errors
//! and nothing changed.
use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const ZHZ: &str = "/api/v1/werkplaatsen/zhz";

async fn association(app: &TestApp) -> Value {
    app.api(Method::GET, "/api/v1/association", None, None).await.json()
}

async fn made(app: &TestApp, token: &str, path: &str, body: Value) -> i64 {
    let r = app.api(Method::POST, path, Some(token), Some(body)).await;
    assert!(r.status.is_success(), "{path}: {}", r.body);
    r.json()["id"].as_i64().expect("id")
}

#[tokio::test]
async fn the_association_page_shows_the_matrix_as_an_accessible_table() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let body = json!({ "title": "Hoe houden we de wijk vitaal?", "kwesties": ["Vitale wijk"] });
    made(&app, &coord, &format!("{ZHZ}/questions"), body).await;
    let r = app.get("/vereniging").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.body;
    for needle in [
        "<caption id=\"matrix-caption\">",
        "<th scope=\"col\">Kwestie</th>",
        "<th scope=\"row\">Vitale wijk</th>",
        "role=\"region\" aria-labelledby=\"matrix-caption\" tabindex=\"0\"",
        // The count says in words what it counts, and links to the list behind it.
        "1<span class=\"visually-hidden\"> praktijkvraag,</span>",
        "href=\"/werkplaatsen/zhz/kwesties/",
        "/werkplaatsen/zhz/vergelijken",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // Every werkplaats is a column; visitors get no priority form.
    for w in association(&app).await["werkplaatsen"].as_array().expect("werkplaatsen") {
        assert!(html.contains(w["name"].as_str().expect("name")), "{w}");
    }
    assert!(!html.contains("action=\"/vereniging/prioriteiten\""));
    assert!(!html.contains("style=") && !html.contains("<script>"), "no inline style or script (CSP)");
    // English too.
    let mut b = app.browser().await;
    b.get("/taal/en?terug=/vereniging").await;
    let r = b.get("/vereniging").await;
    assert!(
        r.body.contains("The association")
            && r.body.contains("1<span class=\"visually-hidden\"> practice question,</span>")
    );
}

#[tokio::test]
async fn a_coordinator_adds_changes_and_deletes_a_priority_through_the_pages() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(COORDINATOR).await;
    let page = b.get("/vereniging").await;
    assert!(page.body.contains("action=\"/vereniging/prioriteiten\""), "the coordinator gets the form");

    let r = b.post_form("/vereniging/prioriteiten", &[("title", ""), ("description", "Zonder titel.")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("error-summary") && r.body.contains("href=\"#priority-title\""), "{}", r.body);
    assert!(r.body.contains("Zonder titel."), "what was typed stays");
    assert!(association(&app).await["priorities"].as_array().expect("p").is_empty(), "nothing added");

    let r = b
        .post_form("/vereniging/prioriteiten", &[("title", "Lerende gemeenschappen"), ("description", "Wat werkt?")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().starts_with("/vereniging?melding=priority_added#prioriteit-"), "{}", r.location());
    let id = association(&app).await["priorities"][0]["id"].as_i64().expect("id");
    let page = b.get("/vereniging?melding=priority_added").await;
    assert!(page.body.contains("De prioriteit is toegevoegd.") && page.body.contains("Lerende gemeenschappen"));

    // A member may not change it; the coordinator of another werkplaats of the association may.
    let mut member = app.logged_in(MEMBER).await;
    assert_eq!(member.get(&format!("/vereniging/prioriteiten/{id}/bewerken")).await.status, StatusCode::FORBIDDEN);
    let r = member.post_form(&format!("/vereniging/prioriteiten/{id}"), &[("title", "Nee")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut other = app.logged_in(OTHER_COORDINATOR).await;
    let form = other.get(&format!("/vereniging/prioriteiten/{id}/bewerken")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"Lerende gemeenschappen\""));
    let r = other.post_form(&format!("/vereniging/prioriteiten/{id}"), &[("title", &"x".repeat(201))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = other
        .post_form(
            &format!("/vereniging/prioriteiten/{id}"),
            &[("title", "Lerende gemeenschappen en werkzame factoren")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(association(&app).await["priorities"][0]["title"], "Lerende gemeenschappen en werkzame factoren");

    // Deleting asks first.
    let confirm = b.get(&format!("/vereniging/prioriteiten/{id}/verwijderen")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("button-danger"));
    assert_eq!(
        member.post_form(&format!("/vereniging/prioriteiten/{id}/verwijderen"), &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let r = b.post_form(&format!("/vereniging/prioriteiten/{id}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(association(&app).await["priorities"].as_array().expect("p").is_empty());
}

#[tokio::test]
async fn the_comparison_page_names_who_else_works_on_our_kwesties_and_holds_the_coordinators_forms() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let agenda = app.agenda("zhz").await;
    let theme = &agenda["themes"][0];
    let body = json!({ "theme_id": theme["id"], "title": "Buurtnetwerken", "four_os": ["onderzoek"], "size": "klein",
                       "status": "lopend", "visibility": "public" });
    let project = made(&app, &coord, &format!("{ZHZ}/projects"), body).await;
    let body =
        json!({ "title": "Wat maakt een buurtnetwerk sterk?", "project_id": project, "kwesties": ["Buurtkracht"] });
    let question = made(&app, &coord, &format!("{ZHZ}/questions"), body).await;
    let body = json!({ "title": "Werkt een buurtnetwerk ook hier?", "kwesties": ["Buurtkracht"] });
    made(&app, &other, "/api/v1/werkplaatsen/voorbeeld/questions", body).await;
    let priority = made(&app, &coord, "/api/v1/association/priorities", json!({ "title": "Sociale inclusie" })).await;

    // Everyone sees which theme touches which kwestie, and whom to call elsewhere.
    let r = app.get("/werkplaatsen/zhz/vergelijken").await;
    assert_eq!(r.status, StatusCode::OK);
    let voorbeeld = association(&app).await["werkplaatsen"]
        .as_array()
        .expect("w")
        .iter()
        .find(|w| w["slug"] == "voorbeeld")
        .cloned()
        .expect("voorbeeld");
    for needle in [theme["title"].as_str().expect("t"), "Buurtkracht", voorbeeld["name"].as_str().expect("name")] {
        assert!(r.body.contains(needle), "missing {needle}");
    }
    if let Some(contact) = voorbeeld["contacts"][0].as_str() {
        assert!(r.body.contains(contact), "the other werkplaats's coordinator is named");
    }
    assert!(!r.body.contains("partnerwerkplaatsen\" class=\"form\""), "no forms for visitors");

    let mut b = app.logged_in(COORDINATOR).await;
    let page = b.get("/werkplaatsen/zhz/vergelijken").await;
    assert!(page.body.contains(&format!("action=\"/werkplaatsen/zhz/vergelijken/prioriteiten/{priority}\"")));
    // Linking: a value that is no number is refused and nothing changes; ours are linked.
    let at = format!("/werkplaatsen/zhz/vergelijken/prioriteiten/{priority}");
    let r = b.post_form(&at, &[("projects", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("href=\"#items-{priority}-projects-0\"")), "{}", r.body);
    let r = b.post_form(&at, &[("projects", &project.to_string()), ("questions", &question.to_string())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = &association(&app).await["priorities"][0];
    assert_eq!(p["items"].as_array().expect("items").len(), 2, "{p}");

    // Partners: our own werkplaats is refused, another one saved.
    let at = "/werkplaatsen/zhz/vergelijken/partnerwerkplaatsen";
    let r = b.post_form(at, &[("project_id", &project.to_string()), ("werkplaatsen", "zhz")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Uw eigen werkplaats is geen partner"), "{}", r.body);
    let r = b.post_form(at, &[("project_id", ""), ("werkplaatsen", "voorbeeld")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(association(&app).await["joint_projects"].as_array().expect("j").is_empty(), "nothing changed");
    let r = b.post_form(at, &[("project_id", &project.to_string()), ("werkplaatsen", "voorbeeld")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(association(&app).await["joint_projects"][0]["id"], project);
    let page = app.get("/vereniging").await;
    assert!(page.body.contains("Buurtnetwerken"), "the joint project is listed");

    // Another werkplaats's coordinator cannot use zhz's forms.
    let mut theirs = app.logged_in(OTHER_COORDINATOR).await;
    let r = theirs.post_form(at, &[("project_id", &project.to_string())]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = theirs.post_form(&format!("/werkplaatsen/zhz/vergelijken/prioriteiten/{priority}"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

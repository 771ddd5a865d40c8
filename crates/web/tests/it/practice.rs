//! Practice questions, approaches and working factors, and kwesties on the real app: the JSON API
//! and the HTML forms, validation that changes nothing, permissions per role and werkplaats, the
//! kwestie pages across werkplaatsen, and search right after a change.

use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const API: &str = "/api/v1/werkplaatsen/zhz";
const PAGES: &str = "/werkplaatsen/zhz";
const TEACHER: &str = "docent@zhz.example";

async fn teacher(app: &TestApp) -> String {
    app.core
        .create_user(TEACHER, "Dirk Docent (fictief)", "zhz", "teacher-researcher", PASSWORD)
        .await
        .expect("account");
    app.token(TEACHER).await
}

async fn questions(app: &TestApp) -> Vec<Value> {
    let r = app.api(Method::GET, &format!("{API}/questions"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().expect("items").clone()
}

async fn approaches(app: &TestApp, query: &str) -> Vec<Value> {
    let r = app.api(Method::GET, &format!("{API}/approaches{query}"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().expect("items").clone()
}

async fn kwesties(app: &TestApp) -> Vec<Value> {
    let r = app.api(Method::GET, "/api/v1/kwesties", None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().expect("items").clone()
}

fn kwestie<'a>(all: &'a [Value], label: &str) -> Option<&'a Value> {
    all.iter().find(|k| k["label"] == label)
}

async fn create_question(app: &TestApp, token: &str, body: Value) -> i64 {
    let r = app.api(Method::POST, &format!("{API}/questions"), Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

fn names(v: &Value) -> Vec<String> {
    v.as_array().expect("array").iter().map(|n| n["name"].as_str().expect("name").to_owned()).collect()
}

#[tokio::test]
async fn questions_are_created_changed_and_deleted_through_the_api() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = questions(&app).await.len();

    let r = app
        .api(
            Method::POST,
            &format!("{API}/questions"),
            Some(&token),
            Some(json!({
                "title": "Hoe bereiken we gezinnen met geldzorgen eerder?",
                "explanation": "Schuldhulp komt vaak **te laat**.",
                "status": "onderzocht",
                "kwesties": ["Armoede en schulden", "armoede en  SCHULDEN", "Vroegsignalering"],
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    assert!(r.json()["url"].as_str().expect("url").ends_with(&format!("/werkplaatsen/zhz/praktijkvragen/{id}")));

    let q = app.api(Method::GET, &format!("{API}/questions/{id}"), None, None).await.json();
    assert_eq!(q["title"], "Hoe bereiken we gezinnen met geldzorgen eerder?");
    assert_eq!(q["status"], "onderzocht");
    assert_eq!(names(&q["kwesties"]), ["Armoede en schulden", "Vroegsignalering"], "one kwestie per key");
    assert_eq!(q["may_edit"], false, "the public reads but does not edit");
    assert_eq!(questions(&app).await.len(), before + 1);

    // A project of the werkplaats may be linked; status defaults to geëxpliciteerd.
    let projects = app.api(Method::GET, &format!("{API}/projects"), Some(&token), None).await.json();
    let project = projects["items"][0]["id"].as_i64().expect("a demo project");
    let r = app
        .api(
            Method::PUT,
            &format!("{API}/questions/{id}"),
            Some(&token),
            Some(json!({ "title": "Hoe signaleren we geldzorgen eerder?", "project_id": project,
                         "kwesties": ["Vroegsignalering"] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let q = r.json();
    assert_eq!(q["title"], "Hoe signaleren we geldzorgen eerder?");
    assert_eq!(q["status"], "geexpliciteerd");
    assert_eq!(q["project"]["id"], project);
    assert_eq!(names(&q["kwesties"]), ["Vroegsignalering"]);

    // Filters.
    let k = kwestie(&kwesties(&app).await, "Vroegsignalering").expect("kwestie")["id"].clone();
    let r = app.api(Method::GET, &format!("{API}/questions?kwestie={k}&status=geexpliciteerd"), None, None).await;
    assert_eq!(r.json()["items"].as_array().expect("items").len(), 1, "{}", r.body);
    let r = app.api(Method::GET, &format!("{API}/questions?kwestie={k}&status=toegepast"), None, None).await;
    assert!(r.json()["items"].as_array().expect("items").is_empty(), "{}", r.body);
    let r = app.api(Method::GET, &format!("{API}/questions?status=klaar"), None, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    let r = app.api(Method::DELETE, &format!("{API}/questions/{id}"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api(Method::GET, &format!("{API}/questions/{id}"), None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(questions(&app).await.len(), before);
}

#[tokio::test]
async fn invalid_input_is_refused_with_dutch_messages_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let (q_before, k_before) = (questions(&app).await.len(), kwesties(&app).await.len());
    // A project of another werkplaats.
    let theirs = app.api(Method::GET, "/api/v1/werkplaatsen/voorbeeld/projects", Some(&other), None).await.json();
    let foreign = theirs["items"].as_array().and_then(|a| a.first()).map(|p| p["id"].clone()).unwrap_or(json!(999_999));

    let r = app
        .api(
            Method::POST,
            &format!("{API}/questions"),
            Some(&token),
            Some(json!({ "title": " ", "status": "klaar", "project_id": foreign,
                         "kwesties": ["Een nieuwe kwestie die niet mag ontstaan"] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let body = r.json();
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(body["error"]["fields"]["title"], "Dit veld is verplicht.");
    assert!(body["error"]["fields"]["status"].as_str().expect("status").contains("geexpliciteerd"), "{body}");
    assert!(body["error"]["fields"]["project_id"].is_string(), "{body}");

    let long = "x".repeat(301);
    let r = app.api(Method::POST, &format!("{API}/questions"), Some(&token), Some(json!({ "title": long }))).await;
    assert_eq!(r.json()["error"]["fields"]["title"], "Maximaal 300 tekens.", "{}", r.body);
    let r = app
        .api(Method::POST, &format!("{API}/questions"), Some(&token), Some(json!({ "title": "Vraag?", "onbekend": 1 })))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // Approaches: a factor must point at an approach; an approach points at nothing.
    let r = app
        .api(
            Method::POST,
            &format!("{API}/approaches"),
            Some(&token),
            Some(json!({ "kind": "methode", "title": "", "recognition": "top", "themes": ["Geen bestaand thema"],
                         "kwesties": ["Nog een nieuwe kwestie"] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields = &r.json()["error"]["fields"];
    for f in ["kind", "title", "recognition", "themes"] {
        assert!(fields[f].is_string(), "{f} in {fields}");
    }
    assert_eq!(fields["themes"], "Kies thema's van de huidige kennis- en ontwikkelagenda.");
    let r = app
        .api(
            Method::POST,
            &format!("{API}/approaches"),
            Some(&token),
            Some(json!({ "kind": "aanpak", "title": "Buurtgezinnen", "approach_id": 1 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["approach_id"].as_str().expect("message").starts_with("Alleen een werkzame"));

    assert_eq!(questions(&app).await.len(), q_before, "no question was written");
    assert!(approaches(&app, "").await.is_empty(), "no approach was written");
    assert_eq!(kwesties(&app).await.len(), k_before, "no kwestie was created");
}

#[tokio::test]
async fn who_may_read_write_and_delete() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(COORDINATOR).await;
    let lector = app.token(LECTOR).await;
    let member = app.token(MEMBER).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let docent = teacher(&app).await;
    let body = json!({ "title": "Wat helpt mantelzorgers volhouden?", "kwesties": ["Mantelzorg"] });
    let path = format!("{API}/questions");

    // Anonymous: 401; a member without a planning role and a coordinator of another werkplaats: 403.
    assert_eq!(app.api(Method::POST, &path, None, Some(body.clone())).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.api(Method::POST, &path, Some(&member), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api(Method::POST, &path, Some(&other), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    let approach = json!({ "kind": "aanpak", "title": "Mantelzorgcafé" });
    let r = app.api(Method::POST, &format!("{API}/approaches"), Some(&member), Some(approach.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // A docent-onderzoeker writes but does not delete.
    let id = create_question(&app, &docent, body.clone()).await;
    let one = format!("{API}/questions/{id}");
    let r = app.api(Method::PUT, &one, Some(&docent), Some(json!({ "title": "Wat helpt mantelzorgers?" }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["may_edit"], true);
    assert_eq!(r.json()["may_delete"], false);
    assert_eq!(app.api(Method::DELETE, &one, Some(&docent), None).await.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::PUT, &one, Some(&member), Some(json!({ "title": "Gekaapt?" }))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(app.api(Method::DELETE, &one, Some(&member), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api(Method::DELETE, &one, Some(&other), None).await.status, StatusCode::FORBIDDEN);
    let aid = {
        let r = app.api(Method::POST, &format!("{API}/approaches"), Some(&docent), Some(approach)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.json()["id"].as_i64().expect("id")
    };

    // Public read, and only in its own werkplaats.
    assert_eq!(app.api(Method::GET, &one, None, None).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("{PAGES}/praktijkvragen/{id}")).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("{PAGES}/aanpakken/{aid}")).await.status, StatusCode::OK);
    let theirs = format!("/api/v1/werkplaatsen/voorbeeld/questions/{id}");
    assert_eq!(app.api(Method::GET, &theirs, Some(&other), None).await.status, StatusCode::NOT_FOUND);
    let r = app.api(Method::PUT, &theirs, Some(&other), Some(json!({ "title": "Van ons?" }))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(app.api(Method::DELETE, &theirs, Some(&other), None).await.status, StatusCode::NOT_FOUND);
    let r = app.get(&format!("/werkplaatsen/voorbeeld/aanpakken/{aid}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The coordinator and lectoren delete.
    assert_eq!(app.api(Method::DELETE, &one, Some(&lector), None).await.status, StatusCode::NO_CONTENT);
    let r = app.api(Method::DELETE, &format!("{API}/approaches/{aid}"), Some(&coordinator), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
}

#[tokio::test]
async fn approaches_and_working_factors_through_the_api() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let agenda = app.agenda("zhz").await;
    let theme = agenda["themes"][0]["title"].as_str().expect("a theme").to_owned();

    let r = app
        .api(
            Method::POST,
            &format!("{API}/approaches"),
            Some(&token),
            Some(json!({
                "kind": "aanpak", "title": "Buurtgezinnen", "summary": "Gezinnen steunen gezinnen.",
                "goal": "Gezinnen in een kwetsbare situatie versterken.", "target_group": "Gezinnen met jonge kinderen",
                "method": "- koppelen\n- begeleiden", "working_elements": "Gelijkwaardigheid",
                "rationale": "Sociale steun", "research": "Een eerste effectstudie", "preconditions": "Een coördinator",
                "context": "Werkt in wijken met veel sociale huur.", "recognition": "goed_onderbouwd",
                "themes": [theme.clone()], "kwesties": ["Opvoeden en opgroeien"],
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let aid = r.json()["id"].as_i64().expect("id");
    assert!(r.json()["url"].as_str().expect("url").ends_with(&format!("/werkplaatsen/zhz/aanpakken/{aid}")));

    let r = app
        .api(
            Method::POST,
            &format!("{API}/approaches"),
            Some(&token),
            Some(json!({ "kind": "werkzame_factor", "title": "Gelijkwaardig contact", "approach_id": aid,
                         "context": "Vooral waar wantrouwen naar instanties groot is." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let fid = r.json()["id"].as_i64().expect("id");

    let a = app.api(Method::GET, &format!("{API}/approaches/{aid}"), None, None).await.json();
    assert_eq!(a["recognition"], "goed_onderbouwd");
    assert_eq!(a["target_group"], "Gezinnen met jonge kinderen");
    assert_eq!(names(&a["themes"]), [theme]);
    assert_eq!(names(&a["kwesties"]), ["Opvoeden en opgroeien"]);
    assert_eq!(names(&a["factors"]), ["Gelijkwaardig contact"]);
    let f = app.api(Method::GET, &format!("{API}/approaches/{fid}"), None, None).await.json();
    assert_eq!(f["approach"]["id"], aid);
    assert_eq!(f["recognition"], "geen", "default recognition");

    // A factor cannot belong to a factor, nor an approach with factors become one.
    let r = app
        .api(
            Method::POST,
            &format!("{API}/approaches"),
            Some(&token),
            Some(json!({ "kind": "werkzame_factor", "title": "Nog een", "approach_id": fid })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app
        .api(
            Method::PUT,
            &format!("{API}/approaches/{aid}"),
            Some(&token),
            Some(json!({ "kind": "werkzame_factor", "title": "Buurtgezinnen" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["kind"].is_string());

    // Filters.
    assert_eq!(approaches(&app, "?kind=werkzame_factor").await.len(), 1);
    assert_eq!(approaches(&app, "?recognition=goed_onderbouwd").await.len(), 1);
    assert_eq!(approaches(&app, "?kind=aanpak&recognition=effectief_sterke").await.len(), 0);
    let r = app.api(Method::GET, &format!("{API}/approaches?kind=methode"), None, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Update replaces the links.
    let r = app
        .api(
            Method::PUT,
            &format!("{API}/approaches/{aid}"),
            Some(&token),
            Some(json!({ "kind": "aanpak", "title": "Buurtgezinnen", "recognition": "effectief_eerste" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["recognition"], "effectief_eerste");
    assert!(r.json()["themes"].as_array().expect("themes").is_empty());
    assert!(r.json()["kwesties"].as_array().expect("kwesties").is_empty());

    // Deleting the approach keeps its factor, without approach.
    let r = app.api(Method::DELETE, &format!("{API}/approaches/{aid}"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let f = app.api(Method::GET, &format!("{API}/approaches/{fid}"), None, None).await.json();
    assert!(f["approach"].is_null(), "{f}");
}

#[tokio::test]
async fn questions_through_the_html_forms() {
    let app = TestApp::spawn().await;
    let empty = app.get("/werkplaatsen/voorbeeld/praktijkvragen").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Er zijn nog geen praktijkvragen."), "empty state");
    let anon = app.get(&format!("{PAGES}/praktijkvragen/nieuw")).await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER, "anonymous visitors log in first");

    let mut member = app.logged_in(MEMBER).await;
    assert_eq!(member.get(&format!("{PAGES}/praktijkvragen/nieuw")).await.status, StatusCode::FORBIDDEN);
    let r = member.post_form(&format!("{PAGES}/praktijkvragen"), &[("title", "Mag dit?")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let mut b = app.logged_in(COORDINATOR).await;
    let form = b.get(&format!("{PAGES}/praktijkvragen/nieuw")).await;
    assert_eq!(form.status, StatusCode::OK);
    for needle in ["<legend>Stand van de vraag</legend>", "Toegepast in de praktijk", "for=\"nieuwe_kwesties\""] {
        assert!(form.body.contains(needle), "{needle}");
    }
    let before = questions(&app).await.len();

    // Bad input: 422, the errors linked from the summary and to their fields; nothing written.
    let r = b.post_form(&format!("{PAGES}/praktijkvragen"), &[("title", ""), ("status", "klaar")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("href=\"#title\""), "summary links the field");
    assert!(r.body.contains("aria-describedby=\"title-hint title-error\""));
    assert!(r.body.contains("id=\"title-error\""));
    assert!(r.body.contains("href=\"#status-0\""));
    assert_eq!(questions(&app).await.len(), before);

    // No CSRF token: refused.
    let r = b.post_raw(&format!("{PAGES}/praktijkvragen"), &[("title", "Zonder token?")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(questions(&app).await.len(), before);

    let r = b
        .post_form(
            &format!("{PAGES}/praktijkvragen"),
            &[
                ("title", "Hoe voorkomen we dat jongeren tussen wal en schip raken?"),
                ("explanation", "Bij **achttien** jaar <script>alert(1)</script> [link](javascript:alert(1))"),
                ("status", "toegepast"),
                ("nieuwe_kwesties", "Jongeren en overgangen\nSchulden bij jongeren"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.location().to_owned();
    assert!(at.starts_with(&format!("{PAGES}/praktijkvragen/")) && at.ends_with("?opgeslagen=1"), "{at}");
    let page = b.get(&at).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Hoe voorkomen we dat jongeren tussen wal en schip raken?"));
    assert!(page.body.contains("<strong>achttien</strong>"), "Markdown rendered");
    assert!(!page.body.contains("<script>alert"), "raw HTML is escaped");
    assert!(!page.body.contains("javascript:"), "unsafe links dropped");
    assert!(page.body.contains("Toegepast in de praktijk"));
    assert!(page.body.contains("Jongeren en overgangen"));
    assert!(page.body.contains("Opgeslagen."));
    let path = at.trim_end_matches("?opgeslagen=1").to_owned();

    // The list, with its filters.
    let list = app.get(&format!("{PAGES}/praktijkvragen")).await;
    assert!(list.body.contains(&format!("href=\"{path}\"")));
    let list = app.get(&format!("{PAGES}/praktijkvragen?status=onderzocht")).await;
    assert!(!list.body.contains(&format!("href=\"{path}\"")));
    assert!(list.body.contains("Filter wissen"));

    // Edit: the form shows the stored values, ticks the kwesties, saves.
    let edit = b.get(&format!("{path}/bewerken")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("value=\"Jongeren en overgangen\" checked"), "kwestie ticked");
    let r = b
        .post_form(
            &path,
            &[
                ("title", "Hoe houden we jongeren in beeld na hun achttiende?"),
                ("status", "onderzocht"),
                ("kwesties", "Jongeren en overgangen"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = path.rsplit('/').next().expect("id");
    let q = app.api(Method::GET, &format!("{API}/questions/{id}"), None, None).await.json();
    assert_eq!(q["title"], "Hoe houden we jongeren in beeld na hun achttiende?");
    assert_eq!(q["status"], "onderzocht");
    assert_eq!(names(&q["kwesties"]), ["Jongeren en overgangen"]);

    // Delete: a confirmation page, then the deletion (coordinator and lectoren only).
    let docent_account = teacher(&app).await;
    assert!(!docent_account.is_empty());
    let mut docent = app.logged_in(TEACHER).await;
    assert_eq!(docent.get(&format!("{path}/verwijderen")).await.status, StatusCode::FORBIDDEN);
    let confirm = b.get(&format!("{path}/verwijderen")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains(&format!("action=\"{path}/verwijderen\"")));
    let r = b.post_form(&format!("{path}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("{PAGES}/praktijkvragen?verwijderd=1"));
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn approaches_through_the_html_forms() {
    let app = TestApp::spawn().await;
    let empty = app.get(&format!("{PAGES}/aanpakken")).await;
    assert!(empty.body.contains("Er zijn nog geen aanpakken of werkzame factoren."), "empty state");
    let mut b = app.logged_in(LECTOR).await;
    let form = b.get(&format!("{PAGES}/aanpakken/nieuw")).await;
    assert_eq!(form.status, StatusCode::OK);
    for label in [
        "Doel",
        "Doelgroep",
        "Werkzame elementen",
        "Onderbouwing",
        "Randvoorwaarden",
        "Effectief – sterke aanwijzingen",
    ] {
        assert!(form.body.contains(label), "{label}");
    }

    let r = b
        .post_form(
            &format!("{PAGES}/aanpakken"),
            &[("kind", "aanpak"), ("title", ""), ("recognition", "goed_beschreven")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Naam: Dit veld is verplicht."), "the approach's title is its name");
    assert!(approaches(&app, "").await.is_empty());

    let r = b
        .post_form(
            &format!("{PAGES}/aanpakken"),
            &[
                ("kind", "aanpak"),
                ("title", "Samen aan tafel"),
                ("goal", "Eenzaamheid onder ouderen *verminderen*."),
                ("context", "Werkt in dorpen met een actief verenigingsleven."),
                ("recognition", "goed_beschreven"),
                ("nieuwe_kwesties", "Eenzaamheid"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let approach = r.location().trim_end_matches("?opgeslagen=1").to_owned();
    let aid = approach.rsplit('/').next().expect("id").to_owned();
    let r = b
        .post_form(
            &format!("{PAGES}/aanpakken"),
            &[
                ("kind", "werkzame_factor"),
                ("title", "Een vaste gastvrouw"),
                ("approach_id", &aid),
                ("kwesties", "Eenzaamheid"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let page = app.get(&approach).await;
    assert!(page.body.contains("<h2 id=\"sectie-1\">Doel</h2>"));
    assert!(page.body.contains("<em>verminderen</em>"));
    assert!(page.body.contains("Goed beschreven"));
    assert!(page.body.contains("Een vaste gastvrouw"), "the approach lists its working factors");
    let list = app.get(&format!("{PAGES}/aanpakken?soort=werkzame_factor")).await;
    assert!(list.body.contains("Een vaste gastvrouw") && !list.body.contains(">Samen aan tafel</a></h3>"));

    let confirm = b.get(&format!("{approach}/verwijderen")).await;
    assert!(confirm.body.contains("horen dan bij geen aanpak meer"), "warns about its factors");
    let r = b.post_form(&format!("{approach}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(approaches(&app, "").await.len(), 1);
}

#[tokio::test]
async fn a_kwestie_made_for_a_question_is_shared_by_every_werkplaats() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let title = "Hoe bereiken we mensen zonder digitale vaardigheden?";
    create_question(&app, &token, json!({ "title": title, "kwesties": ["Digitale uitsluiting"] })).await;
    // The other werkplaats uses the same kwestie, spelled differently.
    let r = app
        .api(
            Method::POST,
            "/api/v1/werkplaatsen/voorbeeld/approaches",
            Some(&other),
            Some(json!({ "kind": "aanpak", "title": "Digicafé", "kwesties": ["digitale  Uitsluiting"] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let all = kwesties(&app).await;
    let k = kwestie(&all, "Digitale uitsluiting").expect("kwestie created");
    assert_eq!(k["uses"], 2, "{k}");
    let id = k["id"].as_i64().expect("id");

    let list = app.get("/kwesties").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains(&format!("<a href=\"/kwesties/{id}\">Digitale uitsluiting</a></th><td>2</td>")),
        "{}",
        list.body
    );

    let d = app.api(Method::GET, &format!("/api/v1/kwesties/{id}"), None, None).await.json();
    assert_eq!(d["label"], "Digitale uitsluiting");
    assert_eq!(d["questions"][0]["title"], title);
    assert_eq!(d["questions"][0]["werkplaats"], "zhz");
    assert_eq!(d["approaches"][0]["werkplaats"], "voorbeeld");
    let page = app.get(&format!("/kwesties/{id}")).await;
    assert!(page.body.contains(title) && page.body.contains("Digicafé"));

    // Coordinators and lectoren of any werkplaats edit a kwestie; others do not.
    let mut member = app.logged_in(MEMBER).await;
    assert_eq!(member.get(&format!("/kwesties/{id}/bewerken")).await.status, StatusCode::FORBIDDEN);
    let r = member.post_form(&format!("/kwesties/{id}"), &[("label", "Gekaapt")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut b = app.logged_in(OTHER_COORDINATOR).await;
    assert_eq!(b.get(&format!("/kwesties/{id}/bewerken")).await.status, StatusCode::OK);
    create_question(&app, &token, json!({ "title": "Wie helpt bij formulieren?", "kwesties": ["Laaggeletterdheid"] }))
        .await;
    let r = b.post_form(&format!("/kwesties/{id}"), &[("label", "laaggeletterdheid"), ("description", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a label another kwestie has");
    assert!(r.body.contains("Er is al een kwestie met deze naam"));
    let r = b
        .post_form(
            &format!("/kwesties/{id}"),
            &[("label", "Digitale ongelijkheid"), ("description", "Niet iedereen kan *online* meedoen.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/kwesties/{id}")).await;
    assert!(page.body.contains("<h1>Digitale ongelijkheid</h1>") && page.body.contains("<em>online</em>"));
    let q = questions(&app).await;
    let q = q.iter().find(|q| q["title"] == title).expect("question");
    assert_eq!(names(&q["kwesties"]), ["Digitale ongelijkheid"], "the question shows the new label");

    // The same through the API.
    let path = format!("/api/v1/kwesties/{id}");
    let r = app.api(Method::PUT, &path, None, Some(json!({ "label": "Weg" }))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let member = app.token(MEMBER).await;
    let r = app.api(Method::PUT, &path, Some(&member), Some(json!({ "label": "Gekaapt" }))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.api(Method::PUT, &path, Some(&other), Some(json!({ "label": "Laaggeletterdheid" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let message = r.json()["error"]["fields"]["label"].as_str().unwrap_or_default().to_owned();
    assert!(message.starts_with("Er is al een kwestie met deze naam"), "{}", r.body);
    let r = app
        .api(Method::PUT, &path, Some(&token), Some(json!({ "label": "Digitale inclusie", "description": "Meedoen." })))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.json()["label"].as_str(), r.json()["id"].as_i64()), (Some("Digitale inclusie"), Some(id)));
    let all = kwesties(&app).await;
    assert!(kwestie(&all, "Digitale inclusie").is_some() && kwestie(&all, "Digitale ongelijkheid").is_none());
}

#[tokio::test]
async fn a_new_question_is_found_by_search_at_once() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let id = create_question(
        &app,
        &token,
        json!({ "title": "Hoe ondersteunen we woonwagenbewoners bij schulden?", "kwesties": ["Armoede"] }),
    )
    .await;
    let r = app.api(Method::GET, "/api/v1/search?q=woonwagenbewoners", None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&format!("/werkplaatsen/zhz/praktijkvragen/{id}")), "{}", r.body);
}

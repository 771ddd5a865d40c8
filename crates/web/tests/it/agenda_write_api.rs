//! Changing the agenda through the JSON API with a bearer token: themes, their order, project
//! options and the status. Every change is a new version; history keeps what was there before.

use crate::common::{COORDINATOR, LECTOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const AGENDA: &str = "/api/v1/werkplaatsen/zhz/agenda";
const THEMES: &str = "/api/v1/werkplaatsen/zhz/agenda/themes";

fn new_theme() -> Value {
    json!({
        "title": "Digitale inclusie",
        "level": "doelgroep",
        "introduction": "Steeds meer diensten zijn alleen nog digitaal.\nWie valt daarbuiten?",
        "questions": ["Wie heeft moeite met digitale diensten?", "Wat helpt?"],
        "funding": null,
        "project_options": ["Digitale buurthuizen.", "Hulp bij formulieren.", "Toegankelijke websites."],
        "change_note": "Nieuw thema na de themabijeenkomst van maart."
    })
}

fn titles(v: &Value) -> Vec<String> {
    v.as_array().expect("array").iter().map(|o| o["title"].as_str().expect("title").to_owned()).collect()
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array().expect("array").iter().map(|o| o["id"].as_i64().expect("id")).collect()
}

fn theme_by_title<'a>(agenda: &'a Value, title: &str) -> &'a Value {
    agenda["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .find(|t| t["title"] == title)
        .unwrap_or_else(|| panic!("theme {title:?} in agenda"))
}

async fn raw_agenda(app: &TestApp) -> String {
    let r = app.get(AGENDA).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

#[tokio::test]
async fn coordinator_adds_a_theme_as_version_3() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let r = app.api(Method::POST, THEMES, Some(&token), Some(new_theme())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let written = r.json();
    assert_eq!(written["version"], 3);
    let theme = &written["theme"];
    let id = theme["id"].as_i64().expect("theme id");
    assert_eq!(theme["title"], "Digitale inclusie");
    assert_eq!(theme["level"], "doelgroep");
    assert_eq!(theme["introduction"], "Steeds meer diensten zijn alleen nog digitaal.\nWie valt daarbuiten?");
    assert_eq!(theme["questions"], json!(["Wie heeft moeite met digitale diensten?", "Wat helpt?"]));
    assert_eq!(theme["funding"], Value::Null);
    assert_eq!(
        titles(&theme["project_options"]),
        ["Digitale buurthuizen.", "Hulp bij formulieren.", "Toegankelijke websites."]
    );

    let agenda = app.agenda("zhz").await;
    assert_eq!(agenda["version"], 3);
    assert_eq!(agenda["status"], "definitief", "a change keeps the status");
    assert_eq!(
        titles(&agenda["themes"]),
        ["Samen leven", "Weerbaarheid", "Professionele veerkracht", "Thuiswonende ouderen", "Digitale inclusie"]
    );
    assert_eq!(&agenda["themes"][4], theme, "the agenda shows the theme as the response did");

    let single = app.get(&format!("{THEMES}/{id}")).await;
    assert_eq!(single.status, StatusCode::OK);
    assert_eq!(&single.json(), theme);

    let versions = app.get(&format!("{AGENDA}/versions")).await.json();
    assert_eq!(versions.as_array().expect("versions").len(), 3);
    assert_eq!(versions[0]["number"], 3);
    assert_eq!(versions[0]["change_note"], "Nieuw thema na de themabijeenkomst van maart.");
    assert_eq!(versions[0]["author"], "Carla Coördinator (fictief)");
    assert_eq!(versions[0]["status"], "definitief");

    // version 2 still reads as before
    let v2 = app.get(&format!("{AGENDA}/versions/2")).await.json();
    assert_eq!(v2["agenda"]["themes"].as_array().expect("themes").len(), 4);
}

#[tokio::test]
async fn a_change_without_note_gets_a_generated_one() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let mut body = new_theme();
    body.as_object_mut().expect("object").remove("change_note");
    let r = app.api(Method::POST, THEMES, Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let versions = app.get(&format!("{AGENDA}/versions")).await.json();
    assert_eq!(versions[0]["change_note"], "Thema ‘Digitale inclusie’ toegevoegd");
}

#[tokio::test]
async fn updating_a_theme_keeps_ids_of_unchanged_project_options() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let created = app.api(Method::POST, THEMES, Some(&token), Some(new_theme())).await.json();
    let id = created["theme"]["id"].as_i64().expect("id");
    let before = &created["theme"]["project_options"];
    let (buurthuizen, formulieren, websites) =
        (before[0]["id"].clone(), before[1]["id"].clone(), before[2]["id"].clone());

    let r = app
        .api(
            Method::PUT,
            &format!("{THEMES}/{id}"),
            Some(&token),
            Some(json!({
                "title": "Digitale inclusie en bereikbaarheid",
                "level": "collectief",
                "introduction": "Nieuwe introductie.",
                "questions": ["Wat helpt?"],
                "funding": "Eigen middelen.",
                // reordered, one removed, one new
                "project_options": ["Toegankelijke websites.", "Digitale buurthuizen.", "Samen online."],
                "change_note": "Thema aangescherpt."
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let written = r.json();
    assert_eq!(written["version"], 4);
    let theme = &written["theme"];
    assert_eq!(theme["id"], id);
    assert_eq!(theme["title"], "Digitale inclusie en bereikbaarheid");
    assert_eq!(theme["level"], "collectief");
    assert_eq!(theme["introduction"], "Nieuwe introductie.");
    assert_eq!(theme["questions"], json!(["Wat helpt?"]));
    assert_eq!(theme["funding"], "Eigen middelen.");
    let options = &theme["project_options"];
    assert_eq!(titles(options), ["Toegankelijke websites.", "Digitale buurthuizen.", "Samen online."]);
    assert_eq!(options[0]["id"], websites, "unchanged title keeps its id");
    assert_eq!(options[1]["id"], buurthuizen, "unchanged title keeps its id");
    let new_id = options[2]["id"].as_i64().expect("new option has an id");
    assert!(
        ![buurthuizen.as_i64(), formulieren.as_i64(), websites.as_i64()].contains(&Some(new_id)),
        "a new option gets a new id"
    );

    let agenda = app.agenda("zhz").await;
    assert_eq!(agenda["version"], 4);
    assert_eq!(theme_by_title(&agenda, "Digitale inclusie en bereikbaarheid"), theme);
    let all_option_ids: Vec<i64> =
        agenda["themes"].as_array().expect("themes").iter().flat_map(|t| ids(&t["project_options"])).collect();
    assert!(!all_option_ids.contains(&formulieren.as_i64().expect("id")), "removed option is gone");

    // Leaving project_options out keeps them as they are.
    let r = app
        .api(
            Method::PUT,
            &format!("{THEMES}/{id}"),
            Some(&token),
            Some(json!({ "title": "Digitale inclusie", "level": null, "introduction": "Kort." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let theme2 = r.json()["theme"].clone();
    assert_eq!(theme2["project_options"], *options);
    assert_eq!(theme2["level"], Value::Null);
    assert_eq!(theme2["questions"], json!([]));
    assert_eq!(theme2["funding"], Value::Null);

    let versions = app.get(&format!("{AGENDA}/versions")).await.json();
    assert_eq!(versions[0]["number"], 5);
    assert_eq!(versions[0]["change_note"], "Thema ‘Digitale inclusie’ gewijzigd");
    assert_eq!(versions[1]["change_note"], "Thema aangescherpt.");
}

#[tokio::test]
async fn updating_a_demo_theme_changes_only_that_theme() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = app.agenda("zhz").await;
    let weerbaarheid = theme_by_title(&before, "Weerbaarheid").clone();
    let id = weerbaarheid["id"].as_i64().expect("id");
    let mut body = json!({
        "title": "Weerbaarheid",
        "level": "doelgroep",
        "introduction": weerbaarheid["introduction"],
        "questions": weerbaarheid["questions"],
        "funding": null,
        "project_options": titles(&weerbaarheid["project_options"]),
    });
    body["questions"].as_array_mut().expect("questions").push(json!("Wat kunnen buurten zelf?"));
    let r = app.api(Method::PUT, &format!("{THEMES}/{id}"), Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = app.agenda("zhz").await;
    let changed = theme_by_title(&after, "Weerbaarheid");
    assert_eq!(changed["questions"].as_array().expect("questions").len(), 8);
    assert_eq!(changed["project_options"], weerbaarheid["project_options"], "same titles, same ids");
    for i in [0, 2, 3] {
        assert_eq!(after["themes"][i], before["themes"][i], "other themes untouched");
    }
}

#[tokio::test]
async fn deleting_a_theme_keeps_it_in_history() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = app.agenda("zhz").await;
    let id = theme_by_title(&before, "Weerbaarheid")["id"].as_i64().expect("id");
    // A theme with a theme group or projects cannot be deleted: 409 in_use, nothing changes.
    let r = app.api(Method::DELETE, &format!("{THEMES}/{id}"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.error_code(), "in_use");
    assert!(r.json()["error"]["message"].as_str().expect("message").contains("themagroep"));
    assert_eq!(app.agenda("zhz").await, before);
    // Once its project and theme group are gone, it can be deleted.
    let projects =
        app.api(Method::GET, &format!("/api/v1/werkplaatsen/zhz/projects?theme={id}"), Some(&token), None).await;
    for p in projects.json()["items"].as_array().expect("items") {
        let path = format!("/api/v1/werkplaatsen/zhz/projects/{}", p["id"]);
        assert_eq!(app.api(Method::DELETE, &path, Some(&token), None).await.status, StatusCode::NO_CONTENT);
    }
    let groups = app.get("/api/v1/werkplaatsen/zhz/theme-groups").await.json();
    for g in groups["items"].as_array().expect("items").iter().filter(|g| g["theme_id"] == id) {
        let path = format!("/api/v1/werkplaatsen/zhz/theme-groups/{}", g["id"]);
        assert_eq!(app.api(Method::DELETE, &path, Some(&token), None).await.status, StatusCode::NO_CONTENT);
    }
    let r = app
        .api(
            Method::DELETE,
            &format!("{THEMES}/{id}?change_note=Samengevoegd%20met%20Samen%20leven"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({ "version": 3 }));

    let agenda = app.agenda("zhz").await;
    assert_eq!(agenda["version"], 3);
    assert_eq!(titles(&agenda["themes"]), ["Samen leven", "Professionele veerkracht", "Thuiswonende ouderen"]);
    let r = app.get(&format!("{THEMES}/{id}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let v2 = app.get(&format!("{AGENDA}/versions/2")).await.json();
    let old = theme_by_title(&v2["agenda"], "Weerbaarheid");
    assert_eq!(old["id"], id);
    assert_eq!(old["project_options"].as_array().expect("options").len(), 7);
    let v3 = app.get(&format!("{AGENDA}/versions/3")).await.json();
    assert_eq!(v3["agenda"]["themes"].as_array().expect("themes").len(), 3);
    assert_eq!(v3["change_note"], "Samengevoegd met Samen leven");

    // Deleting it again: not found, and no new version.
    let r = app.api(Method::DELETE, &format!("{THEMES}/{id}"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "not_found");
    assert_eq!(app.agenda("zhz").await["version"], 3);
}

#[tokio::test]
async fn reordering_themes_takes_a_permutation_only() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = app.agenda("zhz").await;
    let current = ids(&before["themes"]);
    let order_path = format!("{AGENDA}/theme-order");

    let refused: Vec<(&str, Vec<i64>)> = vec![
        ("one missing", current[..3].to_vec()),
        ("one twice", vec![current[0], current[0], current[1], current[2]]),
        ("all, plus one twice", vec![current[0], current[1], current[2], current[3], current[3]]),
        ("an unknown id", vec![current[0], current[1], current[2], 999_999]),
        ("empty", vec![]),
    ];
    let raw_before = raw_agenda(&app).await;
    for (case, theme_ids) in refused {
        let r = app.api(Method::PUT, &order_path, Some(&token), Some(json!({ "theme_ids": theme_ids }))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: {}", r.body);
        assert_eq!(r.error_code(), "validation_failed", "{case}");
        assert!(r.json()["error"]["fields"]["theme_ids"].is_string(), "{case}: {}", r.body);
        assert_eq!(raw_agenda(&app).await, raw_before, "{case}: agenda unchanged");
    }

    let wanted = vec![current[3], current[1], current[0], current[2]];
    let r = app.api(Method::PUT, &order_path, Some(&token), Some(json!({ "theme_ids": wanted }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({ "version": 3 }));
    let after = app.agenda("zhz").await;
    assert_eq!(ids(&after["themes"]), wanted);
    assert_eq!(
        titles(&after["themes"]),
        ["Thuiswonende ouderen", "Weerbaarheid", "Samen leven", "Professionele veerkracht"]
    );
    // the themes themselves are unchanged, only their order
    for t in before["themes"].as_array().expect("themes") {
        assert_eq!(theme_by_title(&after, t["title"].as_str().expect("title")), t);
    }
    let versions = app.get(&format!("{AGENDA}/versions")).await.json();
    assert_eq!(versions[0]["change_note"], "Volgorde van de thema's gewijzigd");
    // version 2 keeps the old order
    let v2 = app.get(&format!("{AGENDA}/versions/2")).await.json();
    assert_eq!(ids(&v2["agenda"]["themes"]), current);
}

#[tokio::test]
async fn project_options_are_added_renamed_and_deleted() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = app.agenda("zhz").await;
    let samen = theme_by_title(&before, "Samen leven").clone();
    let theme_id = samen["id"].as_i64().expect("id");
    let options_path = format!("{THEMES}/{theme_id}/project-options");

    // add
    let r = app
        .api(
            Method::POST,
            &options_path,
            Some(&token),
            Some(json!({ "title": "  Buurtbudgetten.  ", "change_note": "Idee uit de wijk." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let added = r.json();
    assert_eq!(added["version"], 3);
    assert_eq!(added["title"], "Buurtbudgetten.", "trimmed");
    let option_id = added["id"].as_i64().expect("id");
    let agenda = app.agenda("zhz").await;
    let options = &theme_by_title(&agenda, "Samen leven")["project_options"];
    assert_eq!(options.as_array().expect("options").len(), 8);
    assert_eq!(options[7], json!({ "id": option_id, "title": "Buurtbudgetten." }), "added at the end");
    assert_eq!(app.get(&format!("{AGENDA}/versions")).await.json()[0]["change_note"], "Idee uit de wijk.");

    // rename: same id, same place
    let r = app
        .api(
            Method::PUT,
            &format!("{options_path}/{option_id}"),
            Some(&token),
            Some(json!({ "title": "Wijkbudgetten." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({ "version": 4, "id": option_id, "title": "Wijkbudgetten." }));
    let first = samen["project_options"][0]["id"].as_i64().expect("id");
    let r = app
        .api(
            Method::PUT,
            &format!("{options_path}/{first}"),
            Some(&token),
            Some(json!({ "title": "Samenzorgzaamheid en buren." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let agenda = app.agenda("zhz").await;
    let options = &theme_by_title(&agenda, "Samen leven")["project_options"];
    assert_eq!(options[0], json!({ "id": first, "title": "Samenzorgzaamheid en buren." }), "renamed in place");
    assert_eq!(options[7], json!({ "id": option_id, "title": "Wijkbudgetten." }));

    // renaming to a title the theme already has is refused
    let raw = raw_agenda(&app).await;
    let r = app
        .api(
            Method::PUT,
            &format!("{options_path}/{option_id}"),
            Some(&token),
            Some(json!({ "title": "Burgerinitiatieven." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["title"].is_string());
    let r = app.api(Method::POST, &options_path, Some(&token), Some(json!({ "title": "Burgerinitiatieven." }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["title"].is_string());
    assert_eq!(raw_agenda(&app).await, raw);

    // an option through another theme's path, or an unknown option, is not found
    let other = theme_by_title(&agenda, "Weerbaarheid")["id"].as_i64().expect("id");
    for (method, path, body) in [
        (Method::PUT, format!("{THEMES}/{other}/project-options/{option_id}"), Some(json!({ "title": "X." }))),
        (Method::DELETE, format!("{THEMES}/{other}/project-options/{option_id}"), None),
        (Method::PUT, format!("{options_path}/999999"), Some(json!({ "title": "X." }))),
        (Method::DELETE, format!("{options_path}/999999"), None),
        (Method::POST, format!("{THEMES}/999999/project-options"), Some(json!({ "title": "X." }))),
    ] {
        let r = app.api(method.clone(), &path, Some(&token), body).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method} {path}: {}", r.body);
        assert_eq!(r.error_code(), "not_found");
    }
    assert_eq!(raw_agenda(&app).await, raw);

    // delete
    let r = app.api(Method::DELETE, &format!("{options_path}/{option_id}"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({ "version": 6 }));
    let agenda = app.agenda("zhz").await;
    let options = &theme_by_title(&agenda, "Samen leven")["project_options"];
    assert_eq!(options.as_array().expect("options").len(), 7);
    assert!(!ids(options).contains(&option_id));
    assert_eq!(
        app.get(&format!("{AGENDA}/versions")).await.json()[0]["change_note"],
        "Projectoptie ‘Wijkbudgetten.’ verwijderd"
    );
    // version 5 still has it
    let v5 = app.get(&format!("{AGENDA}/versions/5")).await.json();
    assert!(ids(&theme_by_title(&v5["agenda"], "Samen leven")["project_options"]).contains(&option_id));
}

#[tokio::test]
async fn status_goes_back_to_concept_and_forward_to_definitief() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = app.agenda("zhz").await;
    let status_path = format!("{AGENDA}/status");

    let r = app.api(Method::PUT, &status_path, Some(&token), Some(json!({ "status": "concept" }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({ "version": 3 }));
    let agenda = app.agenda("zhz").await;
    assert_eq!(agenda["status"], "concept");
    assert_eq!(agenda["version"], 3);
    assert_eq!(agenda["themes"], before["themes"], "content unchanged");
    let versions = app.get(&format!("{AGENDA}/versions")).await.json();
    assert_eq!(versions[0]["number"], 3);
    assert_eq!(versions[0]["status"], "concept");
    assert_eq!(versions[0]["change_note"], "Agenda teruggezet naar concept");
    assert_eq!(versions[1]["status"], "definitief");

    // a later content change stays concept
    let r = app.api(Method::POST, THEMES, Some(&token), Some(new_theme())).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(app.agenda("zhz").await["status"], "concept");

    let r = app
        .api(
            Method::PUT,
            &status_path,
            Some(&token),
            Some(json!({ "status": "definitief", "change_note": "Vastgesteld." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({ "version": 5 }));
    let agenda = app.agenda("zhz").await;
    assert_eq!(agenda["status"], "definitief");
    assert_eq!(app.get(&format!("{AGENDA}/versions")).await.json()[0]["change_note"], "Vastgesteld.");

    // an unknown status is refused
    let raw = raw_agenda(&app).await;
    let r = app.api(Method::PUT, &status_path, Some(&token), Some(json!({ "status": "vastgesteld" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(raw_agenda(&app).await, raw);
}

#[tokio::test]
async fn lector_may_edit_the_agenda_too() {
    let app = TestApp::spawn().await;
    let token = app.token(LECTOR).await;
    let r = app.api(Method::POST, THEMES, Some(&token), Some(new_theme())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["theme"]["id"].as_i64().expect("id");
    let mut body = new_theme();
    body["title"] = json!("Digitale inclusie (herzien)");
    let r = app.api(Method::PUT, &format!("{THEMES}/{id}"), Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .api(
            Method::POST,
            &format!("{THEMES}/{id}/project-options"),
            Some(&token),
            Some(json!({ "title": "Nog een idee." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app.api(Method::PUT, &format!("{AGENDA}/status"), Some(&token), Some(json!({ "status": "concept" }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.api(Method::DELETE, &format!("{THEMES}/{id}"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({ "version": 7 }));
    let versions = app.get(&format!("{AGENDA}/versions")).await.json();
    assert!(versions.as_array().expect("versions")[..5].iter().all(|v| v["author"] == "Lars Lector (fictief)"));
}

#[tokio::test]
async fn comparing_versions_shows_the_added_theme() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let r = app.api(Method::POST, THEMES, Some(&token), Some(new_theme())).await;
    assert_eq!(r.status, StatusCode::CREATED);

    let r = app.get("/werkplaatsen/zhz/agenda/vergelijken?van=2&naar=3").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let inserted: Vec<String> =
        r.body.split("<ins").skip(1).map(|s| strip_tags(s.split("</ins>").next().expect("ins content"))).collect();
    assert!(inserted.iter().any(|l| l.contains("Thema: Digitale inclusie")), "added theme in <ins>: {inserted:#?}");
    assert!(inserted.iter().any(|l| l.contains("Projectoptie: Hulp bij formulieren.")), "{inserted:#?}");
    assert!(!r.body.contains("<del"), "nothing was removed");
    // the reverse comparison shows it as removed
    let r = app.get("/werkplaatsen/zhz/agenda/vergelijken?van=3&naar=2").await;
    assert_eq!(r.status, StatusCode::OK);
    let removed: Vec<String> =
        r.body.split("<del").skip(1).map(|s| strip_tags(s.split("</del>").next().expect("del content"))).collect();
    assert!(removed.iter().any(|l| l.contains("Thema: Digitale inclusie")), "{removed:#?}");
    assert!(!r.body.contains("<ins"));
}

/// The text of an HTML fragment: tags dropped (the fragment starts inside the opening tag).
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = true;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

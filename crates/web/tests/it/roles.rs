//! Who may do what, table-driven: every role against every write, through the API and through
//! the pages. A refused write must leave every agenda exactly as it was (byte for byte).

use crate::common;
use crate::common::{Browser, COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp, TestResponse};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    InvalidToken,
    Coordinator,
    Lector,
    Member,
    OtherCoordinator,
}

impl Who {
    fn email(self) -> Option<&'static str> {
        match self {
            Who::Anonymous | Who::InvalidToken => None,
            Who::Coordinator => Some(COORDINATOR),
            Who::Lector => Some(LECTOR),
            Who::Member => Some(MEMBER),
            Who::OtherCoordinator => Some(OTHER_COORDINATOR),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    /// 401 with this error code
    Unauthenticated(&'static str),
    Forbidden,
}

const SLUGS: [&str; 2] = ["zhz", "voorbeeld"];

async fn raw_agenda(app: &TestApp, slug: &str) -> String {
    let r = app.get(&format!("/api/v1/werkplaatsen/{slug}/agenda")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

async fn all_agendas(app: &TestApp) -> Vec<String> {
    let mut out = Vec::new();
    for slug in SLUGS {
        out.push(raw_agenda(app, slug).await);
    }
    out
}

async fn token_for(app: &TestApp, who: Who) -> Option<String> {
    match who {
        Who::Anonymous => None,
        Who::InvalidToken => Some("bp_dit-token-bestaat-niet-en-is-nooit-uitgegeven".into()),
        _ => Some(app.token(who.email().expect("account")).await),
    }
}

fn theme_ids(agenda: &Value) -> Vec<i64> {
    agenda["themes"].as_array().expect("themes").iter().map(|t| t["id"].as_i64().expect("id")).collect()
}

struct ApiWrite {
    name: &'static str,
    method: Method,
    path: String,
    body: Option<Value>,
}

const API_WRITES: usize = 8;

/// The `i`-th kind of write to `slug`'s agenda, aimed at what the agenda currently holds.
fn api_write(i: usize, slug: &str, agenda: &Value) -> ApiWrite {
    let base = format!("/api/v1/werkplaatsen/{slug}/agenda");
    let themes = agenda["themes"].as_array().expect("themes");
    let first = themes[0]["id"].as_i64().expect("id");
    // Delete the theme this test created if it exists: demo themes have theme groups and projects,
    // which (rightly) block deletion.
    let last = themes.iter().find(|t| t["title"] == "Een nieuw thema").unwrap_or(&themes[themes.len() - 1])["id"]
        .as_i64()
        .expect("id");
    let option = themes[0]["project_options"][0]["id"].as_i64().expect("first theme has an option");
    let theme_body = |title: &str| {
        json!({ "title": title, "level": "collectief", "introduction": "Tekst.", "questions": ["Vraag?"],
                "project_options": ["Optie een.", "Optie twee."] })
    };
    match i {
        0 => ApiWrite {
            name: "create theme",
            method: Method::POST,
            path: format!("{base}/themes"),
            body: Some(theme_body("Een nieuw thema")),
        },
        1 => ApiWrite {
            name: "update theme",
            method: Method::PUT,
            path: format!("{base}/themes/{first}"),
            body: Some(theme_body("Een gewijzigd thema")),
        },
        2 => ApiWrite {
            name: "add project option",
            method: Method::POST,
            path: format!("{base}/themes/{first}/project-options"),
            body: Some(json!({ "title": "Een extra optie." })),
        },
        3 => ApiWrite {
            name: "rename project option",
            method: Method::PUT,
            path: format!("{base}/themes/{first}/project-options/{option}"),
            body: Some(json!({ "title": "Een hernoemde optie." })),
        },
        4 => ApiWrite {
            name: "delete project option",
            method: Method::DELETE,
            path: format!("{base}/themes/{first}/project-options/{option}"),
            body: None,
        },
        5 => {
            let mut ids = theme_ids(agenda);
            ids.reverse();
            ApiWrite {
                name: "reorder themes",
                method: Method::PUT,
                path: format!("{base}/theme-order"),
                body: Some(json!({ "theme_ids": ids })),
            }
        }
        6 => ApiWrite {
            name: "set status",
            method: Method::PUT,
            path: format!("{base}/status"),
            body: Some(json!({ "status": "concept" })),
        },
        7 => {
            ApiWrite { name: "delete theme", method: Method::DELETE, path: format!("{base}/themes/{last}"), body: None }
        }
        _ => unreachable!(),
    }
}

/// Runs every API write as `who` against `slug` and checks the outcome.
async fn check_api_writes(who: Who, slug: &str, expect: Expect) {
    let app = TestApp::spawn().await;
    let token = token_for(&app, who).await;
    for i in 0..API_WRITES {
        let before_all = all_agendas(&app).await;
        let agenda: Value = serde_json::from_str(&raw_agenda(&app, slug).await).expect("json");
        let w = api_write(i, slug, &agenda);
        let r = app.api(w.method.clone(), &w.path, token.as_deref(), w.body.clone()).await;
        let case = format!("{who:?} {} on {slug} ({} {})", w.name, w.method, w.path);
        match expect {
            Expect::Allowed => {
                let want = if w.method == Method::POST { StatusCode::CREATED } else { StatusCode::OK };
                assert_eq!(r.status, want, "{case}: {}", r.body);
                assert_eq!(r.json()["version"], agenda["version"].as_i64().expect("version") + 1, "{case}");
                let after: Value = serde_json::from_str(&raw_agenda(&app, slug).await).expect("json");
                assert_eq!(after["version"], r.json()["version"], "{case}");
                assert_ne!(after, agenda, "{case}: the agenda changed");
            }
            Expect::Unauthenticated(code) => {
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{case}: {}", r.body);
                assert_eq!(r.error_code(), code, "{case}");
            }
            Expect::Forbidden => {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{case}: {}", r.body);
                assert_eq!(r.error_code(), "forbidden", "{case}");
            }
        }
        if expect == Expect::Allowed {
            // only the targeted werkplaats changed
            let other = SLUGS.iter().position(|s| *s != slug).expect("other slug");
            assert_eq!(all_agendas(&app).await[other], before_all[other], "{case}: other werkplaats untouched");
        } else {
            assert_eq!(all_agendas(&app).await, before_all, "{case}: nothing changed");
        }
    }
}

#[tokio::test]
async fn api_writes_by_role() {
    let table: &[(Who, &str, Expect)] = &[
        (Who::Anonymous, "zhz", Expect::Unauthenticated("unauthenticated")),
        (Who::Anonymous, "voorbeeld", Expect::Unauthenticated("unauthenticated")),
        (Who::InvalidToken, "zhz", Expect::Unauthenticated("invalid_token")),
        (Who::Member, "zhz", Expect::Forbidden),
        (Who::Member, "voorbeeld", Expect::Forbidden),
        (Who::OtherCoordinator, "zhz", Expect::Forbidden),
        (Who::Coordinator, "voorbeeld", Expect::Forbidden),
        (Who::Lector, "voorbeeld", Expect::Forbidden),
        (Who::Coordinator, "zhz", Expect::Allowed),
        (Who::Lector, "zhz", Expect::Allowed),
        (Who::OtherCoordinator, "voorbeeld", Expect::Allowed),
    ];
    for (who, slug, expect) in table {
        check_api_writes(*who, slug, *expect).await;
    }
}

#[tokio::test]
async fn an_invalid_bearer_token_is_refused_not_ignored() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/me", "/api/v1/werkplaatsen/zhz/people"] {
        for header in ["Bearer bp_onzin", "Bearer "] {
            let req = axum::http::Request::get(path)
                .header(axum::http::header::AUTHORIZATION, header)
                .body(axum::body::Body::empty())
                .expect("request");
            let r = app.send(req).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path} with {header:?}: {}", r.body);
            assert_eq!(r.error_code(), "invalid_token", "{path}");
            assert!(!r.json()["error"]["message"].as_str().unwrap_or_default().is_empty());
        }
    }
    // a valid token names its account
    let token = app.token(LECTOR).await;
    let me = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], LECTOR);
    assert_eq!(me.json()["roles"], json!([{ "werkplaats": "zhz", "role": "lector" }]));
    let r = app.api(Method::GET, "/api/v1/me", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error_code(), "unauthenticated");
}

#[tokio::test]
async fn ids_of_another_werkplaats_are_not_reachable_through_ones_own() {
    let app = TestApp::spawn().await;
    let token = app.token(OTHER_COORDINATOR).await;
    let zhz = app.agenda("zhz").await;
    let theme = zhz["themes"][0]["id"].as_i64().expect("id");
    let option = zhz["themes"][0]["project_options"][0]["id"].as_i64().expect("id");
    let base = "/api/v1/werkplaatsen/voorbeeld/agenda";
    let before = all_agendas(&app).await;
    let cases = [
        (Method::GET, format!("{base}/themes/{theme}"), None, StatusCode::NOT_FOUND),
        (
            Method::PUT,
            format!("{base}/themes/{theme}"),
            Some(json!({ "title": "Overgenomen", "project_options": ["Weg."] })),
            StatusCode::NOT_FOUND,
        ),
        (Method::DELETE, format!("{base}/themes/{theme}"), None, StatusCode::NOT_FOUND),
        (
            Method::POST,
            format!("{base}/themes/{theme}/project-options"),
            Some(json!({ "title": "X." })),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::PUT,
            format!("{base}/themes/{theme}/project-options/{option}"),
            Some(json!({ "title": "X." })),
            StatusCode::NOT_FOUND,
        ),
        (Method::DELETE, format!("{base}/themes/{theme}/project-options/{option}"), None, StatusCode::NOT_FOUND),
        (
            Method::PUT,
            format!("{base}/theme-order"),
            Some(json!({ "theme_ids": theme_ids(&zhz) })),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (method, path, body, want) in cases {
        let r = app.api(method.clone(), &path, Some(&token), body).await;
        assert_eq!(r.status, want, "{method} {path}: {}", r.body);
        assert_eq!(all_agendas(&app).await, before, "{method} {path}: nothing changed");
    }

    // the same through the pages
    let mut b = app.logged_in(OTHER_COORDINATOR).await;
    let r = b.get(&format!("/werkplaatsen/voorbeeld/themas/{theme}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = b.get(&format!("/werkplaatsen/voorbeeld/themas/{theme}/bewerken")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = b.post_form(&format!("/werkplaatsen/voorbeeld/themas/{theme}"), &theme_form("Overgenomen").fields()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = b.post_form(&format!("/werkplaatsen/voorbeeld/themas/{theme}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r =
        b.post_form(&format!("/werkplaatsen/voorbeeld/themas/{theme}/verplaatsen"), &[("richting", "omlaag")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(all_agendas(&app).await, before);
}

// ---- members-only data ------------------------------------------------------------------------

#[tokio::test]
async fn people_api_is_for_members_only() {
    let app = TestApp::spawn().await;
    let path = "/api/v1/werkplaatsen/zhz/people";

    let r = app.api(Method::GET, path, None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert_eq!(r.error_code(), "unauthenticated");
    assert!(!r.body.contains("Pim"), "no names leak");

    let other = app.token(OTHER_COORDINATOR).await;
    let r = app.api(Method::GET, path, Some(&other), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.error_code(), "forbidden");
    assert!(!r.body.contains("Pim"), "no names leak");

    for who in [MEMBER, LECTOR, COORDINATOR] {
        let token = app.token(who).await;
        let r = app.api(Method::GET, path, Some(&token), None).await;
        assert_eq!(r.status, StatusCode::OK, "{who}: {}", r.body);
        let names: Vec<String> = r.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|p| p["name"].as_str().expect("name").to_owned())
            .collect();
        assert!(names.contains(&"Pim Professional (fictief)".to_owned()), "{who}: {names:?}");
        assert!(names.contains(&"Anna Jansen (fictief)".to_owned()), "{who}: {names:?}");
        assert!(!names.iter().any(|n| n.contains("Vera Voorbeeld")), "only zhz people: {names:?}");
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "by name");
    }

    // the voorbeeld coordinator sees the people of voorbeeld
    let r = app.api(Method::GET, "/api/v1/werkplaatsen/voorbeeld/people", Some(&other), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["items"][0]["name"], "Vera Voorbeeld (fictief)");
}

#[tokio::test]
async fn people_page_is_for_members_only() {
    let app = TestApp::spawn().await;
    let path = "/werkplaatsen/zhz/mensen";

    let r = app.get(path).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/inloggen?terug=/werkplaatsen/zhz/mensen");
    assert!(!r.body.contains("Pim"));

    let mut other = app.logged_in(OTHER_COORDINATOR).await;
    let r = other.get(path).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(h1(&r), "Geen toegang");
    assert!(!r.body.contains("Pim Professional"), "no names leak");

    let mut member = app.logged_in(MEMBER).await;
    let r = member.get(path).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Pim Professional (fictief)"));
    assert!(r.body.contains("Welzijn Drechtoevers (fictief)"), "organisation shown");
    assert!(!r.body.contains("Vera Voorbeeld"));

    // the agenda page links to the people page for members only
    assert!(member.get("/werkplaatsen/zhz").await.body.contains("href=\"/werkplaatsen/zhz/mensen\""));
    assert!(!other.get("/werkplaatsen/zhz").await.body.contains("href=\"/werkplaatsen/zhz/mensen\""));
    assert!(!app.get("/werkplaatsen/zhz").await.body.contains("href=\"/werkplaatsen/zhz/mensen\""));

    // after logging in through the redirect, the visitor lands on the people page
    let mut b = app.browser().await;
    let r = b
        .post_form(
            "/inloggen",
            &[("email", MEMBER), ("password", common::PASSWORD), ("terug", "/werkplaatsen/zhz/mensen")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/werkplaatsen/zhz/mensen");
    assert_eq!(b.get(path).await.status, StatusCode::OK);
}

// ---- writes through the pages -----------------------------------------------------------------

fn h1(r: &TestResponse) -> String {
    let start = r.body.find("<h1>").map(|i| i + 4).unwrap_or_else(|| panic!("no <h1> in {}", r.body));
    let end = r.body[start..].find("</h1>").expect("</h1>") + start;
    r.body[start..end].trim().to_owned()
}

fn theme_form(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_owned()),
        ("level", "professioneel".to_owned()),
        ("introduction", "Via het formulier.".to_owned()),
        ("questions", "Eerste vraag?\r\nTweede vraag?".to_owned()),
        ("project_options", "Optie A.\r\nOptie B.".to_owned()),
        ("funding", String::new()),
        ("change_note", "Via de website.".to_owned()),
    ]
}

trait FormFields {
    fn fields(&self) -> Vec<(&str, &str)>;
}

impl FormFields for Vec<(&'static str, String)> {
    fn fields(&self) -> Vec<(&str, &str)> {
        self.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }
}

async fn browser_for<'a>(app: &'a TestApp, who: Who) -> Browser<'a> {
    match who.email() {
        Some(email) => app.logged_in(email).await,
        None => app.browser().await,
    }
}

struct UiWrite {
    name: &'static str,
    path: String,
    fields: Vec<(&'static str, String)>,
    /// Where an allowed write redirects, with `{v}` for the new version number.
    redirect: String,
}

const UI_WRITES: usize = 5;

fn ui_write(i: usize, slug: &str, agenda: &Value) -> UiWrite {
    let ids = theme_ids(agenda);
    let first = ids[0];
    // The theme created through the form, if present: demo themes have groups and projects.
    let last = agenda["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .find(|t| t["title"] == "Thema via formulier")
        .and_then(|t| t["id"].as_i64())
        .unwrap_or(ids[ids.len() - 1]);
    match i {
        0 => UiWrite {
            name: "create theme",
            path: format!("/werkplaatsen/{slug}/themas"),
            fields: theme_form("Thema via formulier"),
            redirect: format!("/werkplaatsen/{slug}/themas/{{id}}?opgeslagen={{v}}"),
        },
        1 => UiWrite {
            name: "update theme",
            path: format!("/werkplaatsen/{slug}/themas/{first}"),
            fields: theme_form("Gewijzigd via formulier"),
            redirect: format!("/werkplaatsen/{slug}/themas/{first}?opgeslagen={{v}}"),
        },
        2 => UiWrite {
            name: "move theme",
            path: format!("/werkplaatsen/{slug}/themas/{first}/verplaatsen"),
            fields: vec![("richting", "omlaag".to_owned())],
            redirect: format!("/werkplaatsen/{slug}?opgeslagen={{v}}"),
        },
        3 => UiWrite {
            name: "set status",
            path: format!("/werkplaatsen/{slug}/agenda/status"),
            fields: vec![("status", "concept".to_owned()), ("change_note", "Terug naar concept.".to_owned())],
            redirect: format!("/werkplaatsen/{slug}/agenda/versies?status={{v}}"),
        },
        4 => UiWrite {
            name: "delete theme",
            path: format!("/werkplaatsen/{slug}/themas/{last}/verwijderen"),
            fields: vec![("change_note", "Weg ermee.".to_owned())],
            redirect: format!("/werkplaatsen/{slug}?verwijderd={{v}}"),
        },
        _ => unreachable!(),
    }
}

async fn check_ui_writes(who: Who, slug: &str, expect: Expect) {
    let app = TestApp::spawn().await;
    let mut b = browser_for(&app, who).await;
    for i in 0..UI_WRITES {
        let before_all = all_agendas(&app).await;
        let agenda: Value = serde_json::from_str(&raw_agenda(&app, slug).await).expect("json");
        let w = ui_write(i, slug, &agenda);
        let r = b.post_form(&w.path, &w.fields.fields()).await;
        let case = format!("{who:?} {} on {slug} (POST {})", w.name, w.path);
        match expect {
            Expect::Allowed => {
                assert_eq!(r.status, StatusCode::SEE_OTHER, "{case}: {}", r.body);
                let after: Value = serde_json::from_str(&raw_agenda(&app, slug).await).expect("json");
                let v = after["version"].as_i64().expect("version");
                assert_eq!(v, agenda["version"].as_i64().expect("version") + 1, "{case}");
                let new_id = theme_ids(&after).into_iter().max().unwrap_or_default();
                let want = w.redirect.replace("{v}", &v.to_string()).replace("{id}", &new_id.to_string());
                assert_eq!(r.location(), want, "{case}");
                let other = SLUGS.iter().position(|s| *s != slug).expect("other slug");
                assert_eq!(all_agendas(&app).await[other], before_all[other], "{case}: other werkplaats untouched");
                // the page redirected to shows the confirmation
                let page = b.get(r.location()).await;
                assert_eq!(page.status, StatusCode::OK, "{case}");
                assert!(page.body.contains(&format!("versie {v}")), "{case}: confirmation shown");
            }
            Expect::Unauthenticated(_) => {
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{case}: {}", r.body);
                assert_eq!(h1(&r), "Inloggen vereist", "{case}");
                assert_eq!(all_agendas(&app).await, before_all, "{case}: nothing changed");
            }
            Expect::Forbidden => {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{case}: {}", r.body);
                assert_eq!(h1(&r), "Geen toegang", "{case}");
                assert_eq!(all_agendas(&app).await, before_all, "{case}: nothing changed");
            }
        }
    }

    // the editing forms themselves
    let agenda: Value = serde_json::from_str(&raw_agenda(&app, slug).await).expect("json");
    let first = theme_ids(&agenda)[0];
    for path in [
        format!("/werkplaatsen/{slug}/themas/nieuw"),
        format!("/werkplaatsen/{slug}/themas/{first}/bewerken"),
        format!("/werkplaatsen/{slug}/themas/{first}/verwijderen"),
    ] {
        let r = b.get(&path).await;
        match expect {
            Expect::Allowed => {
                assert_eq!(r.status, StatusCode::OK, "{who:?} GET {path}");
                assert!(r.body.contains("name=\"csrf\""), "{who:?} GET {path}: form carries the token");
            }
            Expect::Unauthenticated(_) => {
                assert_eq!(r.status, StatusCode::SEE_OTHER, "{who:?} GET {path}");
                assert_eq!(r.location(), format!("/inloggen?terug={path}"), "{who:?} GET {path}");
            }
            Expect::Forbidden => {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{who:?} GET {path}");
                assert_eq!(h1(&r), "Geen toegang");
            }
        }
    }
}

#[tokio::test]
async fn page_writes_by_role() {
    let table: &[(Who, &str, Expect)] = &[
        (Who::Anonymous, "zhz", Expect::Unauthenticated("")),
        (Who::Member, "zhz", Expect::Forbidden),
        (Who::OtherCoordinator, "zhz", Expect::Forbidden),
        (Who::Coordinator, "voorbeeld", Expect::Forbidden),
        (Who::Coordinator, "zhz", Expect::Allowed),
        (Who::Lector, "zhz", Expect::Allowed),
        (Who::OtherCoordinator, "voorbeeld", Expect::Allowed),
    ];
    for (who, slug, expect) in table {
        check_ui_writes(*who, slug, *expect).await;
    }
}

#[tokio::test]
async fn member_posting_the_edit_form_changes_nothing() {
    let app = TestApp::spawn().await;
    let agenda = app.agenda("zhz").await;
    let id = agenda["themes"][1]["id"].as_i64().expect("id");
    let before = raw_agenda(&app, "zhz").await;
    let mut member = app.logged_in(MEMBER).await;
    assert!(member.csrf().len() >= 32, "the member has a real CSRF token");
    let r = member.post_form(&format!("/werkplaatsen/zhz/themas/{id}"), &theme_form("Gekaapt").fields()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(h1(&r), "Geen toegang");
    assert_eq!(raw_agenda(&app, "zhz").await, before);
    // the theme page shows no edit links to the member
    let page = member.get(&format!("/werkplaatsen/zhz/themas/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/bewerken"));
}

#[tokio::test]
async fn anonymous_edit_form_redirects_to_login() {
    let app = TestApp::spawn().await;
    let id = app.agenda("zhz").await["themes"][0]["id"].as_i64().expect("id");
    let r = app.get(&format!("/werkplaatsen/zhz/themas/{id}/bewerken")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("/inloggen?terug=/werkplaatsen/zhz/themas/{id}/bewerken"));
    let login = app.get(r.location()).await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.body.contains(&format!("name=\"terug\" value=\"/werkplaatsen/zhz/themas/{id}/bewerken\"")));
}

#[tokio::test]
async fn coordinator_edits_through_the_form() {
    let app = TestApp::spawn().await;
    let agenda = app.agenda("zhz").await;
    let theme = agenda["themes"][2].clone();
    let id = theme["id"].as_i64().expect("id");
    let mut b = app.logged_in(COORDINATOR).await;

    let form = b.get(&format!("/werkplaatsen/zhz/themas/{id}/bewerken")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"Professionele veerkracht\""), "form shows the current title");

    let fields = vec![
        ("title", "Professionele veerkracht en vakmanschap".to_owned()),
        ("level", "professioneel".to_owned()),
        ("introduction", "Minder handen, meer vakmanschap.".to_owned()),
        ("questions", "Wat vraagt dit van professionals?\r\n\r\nWelke kansen zien zij?".to_owned()),
        (
            "project_options",
            "Omgaan met technologie.\r\nStructureel en integraal werken.\r\nLeren op de werkvloer.".to_owned(),
        ),
        ("funding", String::new()),
        ("change_note", "Aangescherpt in de stuurgroep.".to_owned()),
    ];
    let r = b.post_form(&format!("/werkplaatsen/zhz/themas/{id}"), &fields.fields()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/werkplaatsen/zhz/themas/{id}?opgeslagen=3"));

    let after = app.get(&format!("/api/v1/werkplaatsen/zhz/agenda/themes/{id}")).await.json();
    assert_eq!(after["title"], "Professionele veerkracht en vakmanschap");
    assert_eq!(after["introduction"], "Minder handen, meer vakmanschap.");
    assert_eq!(after["questions"], json!(["Wat vraagt dit van professionals?", "Welke kansen zien zij?"]));
    assert_eq!(after["funding"], Value::Null);
    let options = after["project_options"].as_array().expect("options");
    let titles: Vec<&str> = options.iter().map(|o| o["title"].as_str().expect("title")).collect();
    assert_eq!(titles, ["Omgaan met technologie.", "Structureel en integraal werken.", "Leren op de werkvloer."]);
    assert_eq!(options[0]["id"], theme["project_options"][0]["id"], "kept option keeps its id");
    assert_eq!(options[1]["id"], theme["project_options"][2]["id"], "kept option keeps its id");
    let versions = app.get("/api/v1/werkplaatsen/zhz/agenda/versions").await.json();
    assert_eq!(versions[0]["number"], 3);
    assert_eq!(versions[0]["change_note"], "Aangescherpt in de stuurgroep.");
    assert_eq!(versions[0]["author"], "Carla Coördinator (fictief)");

    let page = b.get(r.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Opgeslagen als versie 3 van de agenda."));
    assert_eq!(h1(&page), "Professionele veerkracht en vakmanschap");
}

#[tokio::test]
async fn session_api_calls_follow_the_same_rules() {
    let app = TestApp::spawn().await;
    let before = raw_agenda(&app, "zhz").await;
    let mut member = app.logged_in(MEMBER).await;
    let csrf = member.csrf();
    let r = member
        .api(Method::PUT, "/api/v1/werkplaatsen/zhz/agenda/status", Some(&csrf), json!({ "status": "concept" }))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.error_code(), "forbidden");
    assert_eq!(raw_agenda(&app, "zhz").await, before);

    let mut lector = app.logged_in(LECTOR).await;
    let csrf = lector.csrf();
    let r = lector
        .api(Method::PUT, "/api/v1/werkplaatsen/zhz/agenda/status", Some(&csrf), json!({ "status": "concept" }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.agenda("zhz").await["status"], "concept");
}

//! Bad input is refused with the right status, a stable error code and a Dutch message, and it
//! never changes anything: after every refused request the agenda reads exactly as before.

use crate::common::{COORDINATOR, LECTOR, MEMBER, PASSWORD, TestApp, TestResponse};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

const AGENDA: &str = "/api/v1/werkplaatsen/zhz/agenda";
const THEMES: &str = "/api/v1/werkplaatsen/zhz/agenda/themes";

async fn raw_agenda(app: &TestApp) -> String {
    let r = app.get(AGENDA).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

fn valid_theme() -> Value {
    json!({
        "title": "Een geldig thema",
        "level": "collectief",
        "introduction": "Tekst.",
        "questions": ["Vraag een?", "Vraag twee?"],
        "funding": null,
        "project_options": ["Optie een.", "Optie twee."],
        "change_note": null
    })
}

fn with(field: &str, value: Value) -> Value {
    let mut v = valid_theme();
    v[field] = value;
    v
}

/// Words that only Dutch text uses; a Dutch message has several.
const DUTCH: &[&str] = &[
    "de",
    "het",
    "een",
    "niet",
    "van",
    "dit",
    "deze",
    "veld",
    "velden",
    "maximaal",
    "minimaal",
    "kies",
    "stuur",
    "ongeldig",
    "ongeldige",
    "gevonden",
    "verplicht",
    "inhoud",
    "waarde",
    "komt",
    "regels",
    "tekens",
    "te",
    "groot",
    "kon",
    "worden",
    "gelezen",
    "verwachte",
    "heeft",
    "pad",
    "zie",
    "invoer",
    "titel",
    "mag",
    "keer",
    "elke",
    "rechten",
    "inloggen",
    "vereist",
    "geldig",
    "sessie",
    "mislukt",
    "gebruik",
    "header",
    "bearer-token",
    "al",
    "voor",
    "één",
    "maar",
    "heeft",
    "geen",
    "deze",
    "actie",
    "probeer",
    "opnieuw",
    "wacht",
    "even",
    "pogingen",
];

fn assert_dutch(msg: &str, what: &str) {
    assert!(!msg.trim().is_empty(), "{what}: empty message");
    let words: Vec<String> = msg
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == 'é'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let dutch = words.iter().filter(|w| DUTCH.contains(&w.as_str())).count();
    assert!(dutch >= 2, "{what}: message does not read as Dutch: {msg:?}");
    let first = words.first().map(String::as_str).unwrap_or_default();
    assert!(
        !["failed", "invalid", "expected", "missing", "unknown", "length", "error", "the"].contains(&first),
        "{what}: message starts in English: {msg:?}"
    );
}

/// Checks a refused API request: status, code, Dutch messages, and the agenda untouched.
async fn refused(app: &TestApp, before: &str, r: &TestResponse, status: StatusCode, code: &str, what: &str) -> Value {
    assert_eq!(r.status, status, "{what}: {}", r.body);
    assert_eq!(
        r.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "{what}: JSON error body"
    );
    let body = r.json();
    let error = body["error"].as_object().unwrap_or_else(|| panic!("{what}: no error object: {}", r.body));
    assert_eq!(error["code"], code, "{what}: {}", r.body);
    assert_dutch(error["message"].as_str().expect("message"), what);
    if let Some(fields) = error.get("fields") {
        let fields = fields.as_object().expect("fields object");
        assert!(!fields.is_empty(), "{what}: empty fields");
        for (name, msg) in fields {
            assert_dutch(msg.as_str().expect("field message"), &format!("{what} / {name}"));
        }
    }
    assert_eq!(raw_agenda(app).await, before, "{what}: agenda unchanged");
    body
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
    content_length: Option<usize>,
) -> TestResponse {
    let mut b = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(ct) = content_type {
        b = b.header(header::CONTENT_TYPE, ct);
    }
    if let Some(len) = content_length {
        b = b.header(header::CONTENT_LENGTH, len);
    }
    app.send(b.body(body.into()).expect("request")).await
}

#[tokio::test]
async fn unreadable_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = raw_agenda(&app).await;
    let json = Some("application/json");

    let r = send(&app, Method::POST, THEMES, &token, json, "{\"title\": \"Half", None).await;
    refused(&app, &before, &r, StatusCode::BAD_REQUEST, "invalid_json", "malformed JSON").await;

    let r = send(&app, Method::POST, THEMES, &token, json, "", None).await;
    refused(&app, &before, &r, StatusCode::BAD_REQUEST, "invalid_json", "empty body").await;

    let r = app.api(Method::POST, THEMES, Some(&token), Some(with("title", json!(5)))).await;
    let body = refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "title: 5").await;
    assert!(body["error"]["message"].as_str().expect("message").contains("title"), "names the field: {body}");

    let r = app.api(Method::POST, THEMES, Some(&token), Some(with("questions", json!("één vraag")))).await;
    refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "questions: string").await;

    let r = app.api(Method::POST, THEMES, Some(&token), Some(json!(["een", "lijst"]))).await;
    refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "array body").await;

    let r = app.api(Method::POST, THEMES, Some(&token), Some(json!({ "level": "collectief" }))).await;
    refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "title missing").await;

    let r = app.api(Method::POST, THEMES, Some(&token), Some(with("prioriteit", json!(1)))).await;
    let body = refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "unknown field").await;
    assert!(body["error"]["message"].as_str().expect("message").contains("prioriteit"), "names the field: {body}");

    let r = send(&app, Method::POST, THEMES, &token, None, valid_theme().to_string(), None).await;
    refused(&app, &before, &r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "no Content-Type").await;

    let r = send(&app, Method::POST, THEMES, &token, Some("text/plain"), valid_theme().to_string(), None).await;
    refused(&app, &before, &r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "text/plain").await;

    let order = format!("{AGENDA}/theme-order");
    let r = app.api(Method::PUT, &order, Some(&token), Some(json!({ "theme_ids": ["een"] }))).await;
    refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "theme_ids of strings").await;

    let r = app.api(Method::PUT, &format!("{AGENDA}/status"), Some(&token), Some(json!({ "status": "vast" }))).await;
    refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "unknown status").await;
}

#[tokio::test]
async fn invalid_fields_are_named() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = raw_agenda(&app).await;

    let many_questions: Vec<String> = (1..=41).map(|i| format!("Vraag {i}?")).collect();
    let many_options: Vec<String> = (1..=61).map(|i| format!("Optie {i}.")).collect();
    let cases: Vec<(&str, Value, &str, Option<&str>)> = vec![
        ("title of 201 characters", with("title", json!("x".repeat(201))), "title", Some("Maximaal 200 tekens.")),
        ("empty title", with("title", json!("")), "title", Some("Dit veld is verplicht.")),
        ("blank title", with("title", json!(" \n\t ")), "title", Some("Dit veld is verplicht.")),
        ("41 questions", with("questions", json!(many_questions)), "questions", Some("Maximaal 40 regels.")),
        ("question too long", with("questions", json!(["v".repeat(1001)])), "questions", Some("Maximaal 1000 tekens.")),
        (
            "duplicate project options",
            with("project_options", json!(["Optie.", "Andere optie.", "Optie."])),
            "project_options",
            Some("Deze waarde komt al voor; elke titel mag maar één keer voorkomen."),
        ),
        (
            "61 project options",
            with("project_options", json!(many_options)),
            "project_options",
            Some("Maximaal 60 regels."),
        ),
        (
            "unknown level",
            with("level", json!("wijk")),
            "level",
            Some("Kies een van: collectief, doelgroep, professioneel."),
        ),
        ("introduction too long", with("introduction", json!("i".repeat(10_001))), "introduction", None),
        ("funding too long", with("funding", json!("f".repeat(2_001))), "funding", None),
        ("change note too long", with("change_note", json!("n".repeat(1_001))), "change_note", None),
        ("duplicate theme title", with("title", json!("Weerbaarheid")), "title", None),
    ];
    for (what, body, field, message) in cases {
        let r = app.api(Method::POST, THEMES, Some(&token), Some(body)).await;
        let err = refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", what).await;
        let got = &err["error"]["fields"][field];
        assert!(got.is_string(), "{what}: fields.{field} in {err}");
        if let Some(m) = message {
            assert_eq!(got, m, "{what}");
        }
    }

    // Characters, not bytes: 200 multi-byte characters are fine.
    let r = app.api(Method::POST, THEMES, Some(&token), Some(with("title", json!("ë".repeat(200))))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn every_bad_field_is_reported_at_once() {
    let app = TestApp::spawn().await;
    let token = app.token(LECTOR).await;
    let before = raw_agenda(&app).await;
    let body = json!({
        "title": "t".repeat(201),
        "level": "wijk",
        "questions": (0..41).map(|i| format!("v{i}")).collect::<Vec<_>>(),
        "project_options": ["a", "a"],
    });
    let r = app.api(Method::POST, THEMES, Some(&token), Some(body)).await;
    let err = refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "all at once").await;
    let fields = err["error"]["fields"].as_object().expect("fields");
    let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["level", "project_options", "questions", "title"]);
}

#[tokio::test]
async fn renaming_onto_an_existing_title_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let agenda = app.agenda("zhz").await;
    let id = agenda["themes"][0]["id"].as_i64().expect("id");
    let before = raw_agenda(&app).await;
    let r =
        app.api(Method::PUT, &format!("{THEMES}/{id}"), Some(&token), Some(with("title", json!("Weerbaarheid")))).await;
    let err =
        refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "rename to taken").await;
    assert!(err["error"]["fields"]["title"].is_string());
    // the failed update did not half-apply its project options either
    assert_eq!(app.agenda("zhz").await["themes"][0], agenda["themes"][0]);
}

#[tokio::test]
async fn bad_paths_are_refused() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = raw_agenda(&app).await;

    let r = app
        .api(Method::POST, "/api/v1/werkplaatsen/bestaat-niet/agenda/themes", Some(&token), Some(valid_theme()))
        .await;
    refused(&app, &before, &r, StatusCode::NOT_FOUND, "not_found", "unknown slug").await;

    let r = app.api(Method::PUT, &format!("{THEMES}/999999"), Some(&token), Some(valid_theme())).await;
    refused(&app, &before, &r, StatusCode::NOT_FOUND, "not_found", "unknown theme").await;

    for (method, path) in [
        (Method::PUT, format!("{THEMES}/abc")),
        (Method::DELETE, format!("{THEMES}/abc")),
        (Method::GET, format!("{THEMES}/1.5")),
        (Method::PUT, format!("{THEMES}/1/project-options/eerste")),
        (Method::POST, format!("{THEMES}/-/project-options")),
    ] {
        let body = if method == Method::DELETE || method == Method::GET { None } else { Some(valid_theme()) };
        let r = app.api(method.clone(), &path, Some(&token), body).await;
        refused(&app, &before, &r, StatusCode::BAD_REQUEST, "invalid_path", &format!("{method} {path}")).await;
    }

    let r = app.api(Method::PATCH, &format!("{THEMES}/1"), Some(&token), Some(valid_theme())).await;
    refused(&app, &before, &r, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "PATCH").await;
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let before = raw_agenda(&app).await;
    let big = with("introduction", json!("x".repeat(256 * 1024 + 1))).to_string();
    assert!(big.len() > broedplaats_web::BODY_LIMIT);

    // as a client streams it (no Content-Length): our own error body
    let r = send(&app, Method::POST, THEMES, &token, Some("application/json"), big.clone(), None).await;
    refused(&app, &before, &r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "streamed body").await;

    // with a Content-Length announcing it: refused before it is read, in the same error format
    let len = big.len();
    let r = send(&app, Method::POST, THEMES, &token, Some("application/json"), big, Some(len)).await;
    refused(&app, &before, &r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "announced body").await;

    // just under the limit is read (and then refused for its content, not its size)
    let fits = with("introduction", json!("x".repeat(10_001))).to_string();
    let len = fits.len();
    let r = send(&app, Method::POST, THEMES, &token, Some("application/json"), fits, Some(len)).await;
    let err = refused(&app, &before, &r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "long intro").await;
    assert!(err["error"]["fields"]["introduction"].is_string());

    // a big form post to a page is refused too
    let mut b = app.logged_in(COORDINATOR).await;
    let huge = "y".repeat(256 * 1024 + 1);
    let r = b.post_form("/werkplaatsen/zhz/themas", &[("title", "Groot"), ("introduction", huge.as_str())]).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_ne!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(raw_agenda(&app).await, before);
}

// ---- pages and sessions -----------------------------------------------------------------------

/// The value of the first `csrf` form field on a page (every form on a page carries the same).
fn form_csrf(r: &TestResponse) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = r.body.find(marker).map(|i| i + marker.len()).unwrap_or_else(|| panic!("no csrf field in {}", r.body));
    let end = r.body[start..].find('"').expect("end of value") + start;
    let token = r.body[start..end].to_owned();
    assert!(token.len() >= 32, "the page carries a real token, not {token:?}");
    token
}

fn h1(r: &TestResponse) -> String {
    let start = r.body.find("<h1>").map(|i| i + 4).unwrap_or_else(|| panic!("no <h1> in {}", r.body));
    let end = r.body[start..].find("</h1>").expect("</h1>") + start;
    r.body[start..end].trim().to_owned()
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    let id = app.agenda("zhz").await["themes"][0]["id"].as_i64().expect("id");
    let before = raw_agenda(&app).await;
    let mut b = app.logged_in(COORDINATOR).await;
    let path = format!("/werkplaatsen/zhz/themas/{id}");
    let fields = [("title", "Via een vervalst formulier"), ("level", "collectief"), ("project_options", "Een.")];

    let r = b.post_raw(&path, &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no csrf field: {}", r.body);
    assert_eq!(h1(&r), "Formulier verlopen");
    assert_eq!(raw_agenda(&app).await, before);

    let wrong = "A".repeat(43);
    let mut with_wrong = vec![("csrf", wrong.as_str())];
    with_wrong.extend_from_slice(&fields);
    let r = b.post_raw(&path, &with_wrong).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "wrong csrf: {}", r.body);
    assert_eq!(h1(&r), "Formulier verlopen");
    assert_eq!(raw_agenda(&app).await, before);

    let mut with_empty = vec![("csrf", "")];
    with_empty.extend_from_slice(&fields);
    let r = b.post_raw(&path, &with_empty).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "empty csrf: {}", r.body);
    assert_eq!(raw_agenda(&app).await, before);

    // a token in the form but no CSRF cookie (a cross-site post carries only the session)
    let session = b.cookie("bp_session").expect("session cookie");
    let csrf = b.csrf();
    let req = Request::post(path.as_str())
        .header(header::COOKIE, format!("bp_session={session}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={csrf}&title=Zonder+cookie")))
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no csrf cookie: {}", r.body);
    assert_eq!(raw_agenda(&app).await, before);

    // the login form is protected as well (login CSRF)
    let mut fresh = app.browser().await;
    let r = fresh.post_raw("/inloggen", &[("email", COORDINATOR), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(fresh.cookie("bp_session").is_none(), "no session handed out");

    // with the right token the same form goes through
    let r = b.post_form(&path, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_ne!(raw_agenda(&app).await, before);
}

#[tokio::test]
async fn session_api_calls_need_the_csrf_header() {
    let app = TestApp::spawn().await;
    let id = app.agenda("zhz").await["themes"][0]["id"].as_i64().expect("id");
    let before = raw_agenda(&app).await;
    let mut b = app.logged_in(COORDINATOR).await;
    let path = format!("{THEMES}/{id}");
    let body = with("title", json!("Via de sessie"));

    let r = b.api(Method::PUT, &path, None, body.clone()).await;
    refused(&app, &before, &r, StatusCode::FORBIDDEN, "csrf_failed", "no X-CSRF-Token").await;

    let r = b.api(Method::PUT, &path, Some("verkeerd-token-verkeerd-token-verkeerd-token"), body.clone()).await;
    refused(&app, &before, &r, StatusCode::FORBIDDEN, "csrf_failed", "wrong X-CSRF-Token").await;

    let csrf = b.csrf();
    let r = b.api(Method::PUT, &path, Some(&csrf), body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.agenda("zhz").await["themes"][0]["title"], "Via de sessie");
}

#[tokio::test]
async fn an_invalid_form_comes_back_with_the_input_and_the_errors() {
    let app = TestApp::spawn().await;
    let before = raw_agenda(&app).await;
    let mut b = app.logged_in(COORDINATOR).await;
    let long_title = format!("Een veel te lange titel {}", "z".repeat(190));
    assert_eq!(long_title.chars().count(), 214);
    let fields = [
        ("title", long_title.as_str()),
        ("level", "doelgroep"),
        ("introduction", "Mijn zorgvuldig getypte introductie."),
        ("questions", "Eerste vraag?\r\nTweede vraag?"),
        ("project_options", "Optie X.\r\nOptie Y."),
        ("funding", ""),
        ("change_note", "Mijn toelichting."),
    ];
    let r = b.post_form("/werkplaatsen/zhz/themas", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(raw_agenda(&app).await, before);
    assert_eq!(h1(&r), "Nieuw thema");
    let summary_at = r.body.find("role=\"alert\"").expect("error summary with role=alert");
    let summary = &r.body[summary_at..summary_at + r.body[summary_at..].find("</div>").expect("end of summary")];
    assert!(summary.contains("Titel: Maximaal 200 tekens."), "summary names the field: {summary}");
    assert!(summary.contains("href=\"#title\""), "summary links to the field: {summary}");
    assert!(!summary.contains("Niveau"), "only the bad field: {summary}");
    // what was typed is still there
    assert!(r.body.contains(&format!("value=\"{long_title}\"")));
    assert!(r.body.contains("<option value=\"doelgroep\" selected>"));
    assert!(r.body.contains(">Mijn zorgvuldig getypte introductie.</textarea>"));
    assert!(
        r.body.contains("Eerste vraag?\nTweede vraag?</textarea>")
            || r.body.contains("Eerste vraag?\r\nTweede vraag?</textarea>")
    );
    assert!(r.body.contains("Optie X.\nOptie Y.</textarea>") || r.body.contains("Optie X.\r\nOptie Y.</textarea>"));
    assert!(r.body.contains("value=\"Mijn toelichting.\""));
    assert!(r.body.contains("aria-invalid=\"true\" aria-describedby=\"title-error\""));
    // the re-shown form carries the CSRF token, so the corrected form can be sent as a browser would
    let token = form_csrf(&r);
    assert_eq!(token, b.csrf());
    let mut corrected = vec![("csrf", token.as_str()), ("title", "Een korte titel")];
    corrected.extend_from_slice(&fields[1..]);
    let r = b.post_raw("/werkplaatsen/zhz/themas", &corrected).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "corrected form: {}", r.body);
    let after = app.agenda("zhz").await;
    assert_eq!(after["themes"][4]["title"], "Een korte titel");
    assert_eq!(after["themes"][4]["introduction"], "Mijn zorgvuldig getypte introductie.");
    let before = raw_agenda(&app).await;

    // the same on the edit form of an existing theme
    let id = app.agenda("zhz").await["themes"][1]["id"].as_i64().expect("id");
    let r = b.post_form(&format!("/werkplaatsen/zhz/themas/{id}"), &[("title", ""), ("level", "stad")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(h1(&r), "Thema bewerken: Weerbaarheid");
    assert!(r.body.contains("Titel: Dit veld is verplicht."));
    assert!(r.body.contains("Niveau: Kies een van: collectief, doelgroep, professioneel."));
    assert_eq!(raw_agenda(&app).await, before);

    // a duplicate title through the form names the title field too
    let r = b.post_form("/werkplaatsen/zhz/themas", &[("title", "Samen leven")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Titel: Deze waarde komt al voor"));
    assert_eq!(raw_agenda(&app).await, before);
}

#[tokio::test]
async fn wrong_passwords_are_refused_and_then_throttled() {
    let app = TestApp::spawn().await;
    let mut b = app.browser().await;
    let r = b.post_form("/inloggen", &[("email", MEMBER), ("password", "helemaal-fout"), ("terug", "/")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(r.body.contains("onjuist"), "{}", r.body);
    assert!(r.body.contains(&format!("value=\"{MEMBER}\"")), "email kept in the form");
    assert!(b.cookie("bp_session").is_none());
    // the re-shown login form carries the token, so the next try is not refused as a stale form
    assert_eq!(form_csrf(&r), b.csrf());

    // an unknown account reads the same as a wrong password
    let r = b.post_form("/inloggen", &[("email", "niemand@zhz.example"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("onjuist"));

    for attempt in 2..=5 {
        let r = b.post_form("/inloggen", &[("email", MEMBER), ("password", "nog-steeds-fout")]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    // the sixth attempt is refused even with the right password (and another spelling of the email)
    for email in [MEMBER, "LID@zhz.example"] {
        let r = b.post_form("/inloggen", &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{email}: {}", r.body);
        assert!(r.body.contains("Te veel"), "{}", r.body);
        assert!(b.cookie("bp_session").is_none(), "no session while throttled");
    }
    // other accounts are not affected
    let mut other = app.browser().await;
    let r = other.post_form("/inloggen", &[("email", COORDINATOR), ("password", PASSWORD), ("terug", "/")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn a_successful_login_resets_the_failure_count() {
    let app = TestApp::spawn().await;
    let mut b = app.browser().await;
    for _ in 0..4 {
        let r = b.post_form("/inloggen", &[("email", LECTOR), ("password", "fout-fout-fout")]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = b.post_form("/inloggen", &[("email", LECTOR), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for _ in 0..4 {
        let r = b.post_form("/inloggen", &[("email", LECTOR), ("password", "fout-fout-fout")]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = b.post_form("/inloggen", &[("email", LECTOR), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "four failures after a success are not five: {}", r.body);
}

//! The public pages in Dutch (and English), the security headers and cookies on every response,
//! the language switch, signing out, the operations endpoints, and loading the demo data twice.

use crate::common::{COORDINATOR, MEMBER, METRICS_TOKEN, PASSWORD, TestApp, TestResponse};
use axum::http::{Method, StatusCode, header};

fn h1(r: &TestResponse) -> String {
    let start = r.body.find("<h1>").map(|i| i + 4).unwrap_or_else(|| panic!("no <h1> in {}", r.body));
    let end = r.body[start..].find("</h1>").expect("</h1>") + start;
    r.body[start..end].trim().to_owned()
}

fn header_of<'a>(r: &'a TestResponse, name: &str) -> &'a str {
    r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name} header"))
}

/// The headers every HTML response must carry.
fn assert_security_headers(r: &TestResponse, what: &str) {
    let csp = header_of(r, "content-security-policy");
    assert!(csp.contains("script-src 'self'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert_eq!(header_of(r, "x-content-type-options"), "nosniff", "{what}");
    assert!(!header_of(r, "referrer-policy").is_empty(), "{what}");
    assert_eq!(header_of(r, "x-frame-options"), "DENY", "{what}");
}

fn assert_html(r: &TestResponse, what: &str) {
    let ct = header_of(r, header::CONTENT_TYPE.as_str());
    assert!(ct.starts_with("text/html"), "{what}: {ct}");
    assert!(r.body.starts_with("<!doctype html>"), "{what}");
    assert_security_headers(r, what);
}

#[tokio::test]
async fn public_pages_in_dutch() {
    let app = TestApp::spawn().await;
    let agenda = app.agenda("zhz").await;
    let samen = agenda["themes"][0]["id"].as_i64().expect("id");
    let weerbaarheid = agenda["themes"][1]["id"].as_i64().expect("id");
    let ouderen = agenda["themes"][3]["id"].as_i64().expect("id");

    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_html(&home, "/");
    assert!(home.body.contains("<html lang=\"nl\">"));
    assert_eq!(h1(&home), "Werkplaatsen Sociaal Domein");
    assert!(home.body.contains("href=\"/werkplaatsen/zhz\""));
    assert!(home.body.contains("Werkplaats Sociaal Domein Zuid-Holland Zuid"));
    assert!(home.body.contains("href=\"/werkplaatsen/voorbeeld\""));

    let w = app.get("/werkplaatsen/zhz").await;
    assert_eq!(w.status, StatusCode::OK);
    assert_html(&w, "/werkplaatsen/zhz");
    assert_eq!(h1(&w), "Werkplaats Sociaal Domein Zuid-Holland Zuid");
    assert!(w.body.contains("Kennis- en ontwikkelagenda 2023-2026"));
    assert!(w.body.contains("Met elkaar werken aan duurzame sociale kwaliteit"), "motto");
    assert!(w.body.contains("sociale kwaliteit voor de brede basis"), "national theme");
    for title in ["Samen leven", "Weerbaarheid", "Professionele veerkracht", "Thuiswonende ouderen"] {
        assert!(w.body.contains(title), "{title}");
    }
    let order: Vec<usize> = ["Samen leven", "Weerbaarheid", "Professionele veerkracht", "Thuiswonende ouderen"]
        .iter()
        .map(|t| w.body.find(t).expect("title"))
        .collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "themes in agenda order");
    assert!(w.body.contains("Dwarsdoorsnijdend thema: vertrouwen"));
    assert!(w.body.contains(">Geschiedenis van de agenda</a>"));
    assert!(w.body.contains("href=\"/werkplaatsen/zhz/agenda/versies\""));
    assert!(w.body.contains("<span class=\"badge badge-definitief\">definitief</span>"), "status shown");
    assert!(w.body.contains("Versie 2"));
    assert!(w.body.contains(&format!("href=\"/werkplaatsen/zhz/themas/{samen}\"")));
    assert!(!w.body.contains("Thema toevoegen"), "no edit buttons for visitors");
    assert!(!w.body.contains("verplaatsen"), "no move buttons for visitors");

    let t = app.get(&format!("/werkplaatsen/zhz/themas/{weerbaarheid}")).await;
    assert_eq!(t.status, StatusCode::OK);
    assert_html(&t, "theme page");
    assert_eq!(h1(&t), "Weerbaarheid");
    assert!(t.body.contains("Leidende vragen"));
    assert!(t.body.contains("<li>Welke oude en nieuwe groepen blijken kwetsbaar voor welke ontwikkelingen?</li>"));
    assert!(t.body.contains("<li>Wat werkt in welke context?</li>"));
    assert!(t.body.contains("Opties voor concrete projecten"));
    assert!(t.body.contains("<li>Armoede en sociale ongelijkheid.</li>"));
    assert!(t.body.contains("<li>Jongeren en mentale gezondheid.</li>"));
    assert!(t.body.contains("Elke crisis heeft zijn weerslag"));
    assert!(!t.body.contains("/bewerken"), "no edit link for visitors");

    let o = app.get(&format!("/werkplaatsen/zhz/themas/{ouderen}")).await;
    assert_eq!(o.status, StatusCode::OK);
    assert_eq!(h1(&o), "Thuiswonende ouderen");
    assert!(o.body.contains("Financiering"));
    assert!(o.body.contains("Apart gefinancierd"));
    assert!(o.body.contains("Nog geen projectopties."));

    let h = app.get("/werkplaatsen/zhz/agenda/versies").await;
    assert_eq!(h.status, StatusCode::OK);
    assert_html(&h, "history");
    assert_eq!(h1(&h), "Geschiedenis van de agenda");
    assert!(h.body.contains("20 oktober 2022"));
    assert!(h.body.contains("3 november 2022"));
    assert!(h.body.contains("Concept agenda voorgelegd aan de (kandidaat) deelnemers van de werkplaats."));
    assert!(h.body.contains("Op 20 oktober 2022 voorgestelde aanpassingen verwerkt; definitieve agenda."));
    assert!(h.body.contains("href=\"/werkplaatsen/zhz/agenda/versies/1\""));
    assert!(h.body.contains("href=\"/werkplaatsen/zhz/agenda/versies/2\""));

    let v = app.get("/werkplaatsen/zhz/agenda/versies/1").await;
    assert_eq!(v.status, StatusCode::OK);
    assert_html(&v, "version 1");
    assert_eq!(h1(&v), "Versie 1 van de agenda");
    assert!(v.body.contains("20 oktober 2022"));
    assert!(v.body.contains("concept, 20 oktober 2022, door Richard de Brabander"), "meta line");
    assert!(v.body.contains("Samen leven"));
    assert!(v.body.contains("Richard de Brabander en Erna Hooghiemstra (lectoren)"));

    let same = app.get("/werkplaatsen/zhz/agenda/vergelijken?van=1&naar=2").await;
    assert_eq!(same.status, StatusCode::OK);
    assert_html(&same, "compare");
    assert!(same.body.contains("<del"), "status concept removed");
    assert!(same.body.contains("<ins"), "status definitief added");

    let a = app.get("/toegankelijkheid").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_html(&a, "accessibility");
    assert_eq!(h1(&a), "Toegankelijkheidsverklaring");
    assert!(a.body.contains("WCAG 2.1"));

    let login = app.get("/inloggen").await;
    assert_eq!(login.status, StatusCode::OK);
    assert_html(&login, "login");
    assert_eq!(h1(&login), "Inloggen");
}

#[tokio::test]
async fn unknown_pages_are_404_pages() {
    let app = TestApp::spawn().await;
    for path in [
        "/bestaat-niet",
        "/werkplaatsen/bestaat-niet",
        "/werkplaatsen/zhz/themas/999999",
        "/werkplaatsen/zhz/themas/geen-getal",
        "/werkplaatsen/zhz/agenda/versies/99",
        "/werkplaatsen/zhz/agenda/versies/twee",
        "/werkplaatsen/bestaat-niet/mensen",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_html(&r, path);
        assert_eq!(h1(&r), "Pagina niet gevonden", "{path}");
    }
    let r = app.get("/werkplaatsen/zhz/agenda/vergelijken?van=een&naar=2").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h1(&r), "Ongeldige invoer");
    let r = app.get("/werkplaatsen/zhz/agenda/vergelijken?van=1&naar=9").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_and_error_responses_carry_the_security_headers_too() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/werkplaatsen", "/api/v1/bestaat-niet", "/healthz", "/static/broedplaats.css"] {
        let r = app.get(path).await;
        assert_security_headers(&r, path);
    }
    let mut b = app.browser().await;
    let r = b.post_raw("/uitloggen", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_html(&r, "csrf error page");
}

#[tokio::test]
async fn cookies_are_httponly_and_samesite() {
    let app = TestApp::spawn().await;
    let first = app.get("/").await;
    let csrf_cookie = first
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("bp_csrf="))
        .expect("first visit hands out the CSRF cookie")
        .to_owned();
    assert!(csrf_cookie.contains("HttpOnly"), "{csrf_cookie}");
    assert!(csrf_cookie.contains("SameSite=Strict"), "{csrf_cookie}");
    assert!(csrf_cookie.contains("Path=/"), "{csrf_cookie}");

    let mut b = app.browser().await;
    let r = b.post_form("/inloggen", &[("email", COORDINATOR), ("password", PASSWORD), ("terug", "/")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let session = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("bp_session="))
        .expect("session cookie")
        .to_owned();
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(session.contains("Path=/"), "{session}");
    assert!(session.contains("Max-Age="), "{session}");
    assert!(!session.contains("Secure"), "tests run without secure_cookies: {session}");
    let value = session.trim_start_matches("bp_session=").split(';').next().unwrap_or_default();
    assert!(value.len() >= 40, "a long random session token");

    // a known visitor is not handed a new CSRF cookie on every page
    let again = b.get("/").await;
    assert!(
        !again
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.to_str().unwrap_or_default().starts_with("bp_csrf=")),
        "CSRF cookie kept"
    );
}

#[tokio::test]
async fn language_switch() {
    let app = TestApp::spawn().await;
    let mut b = app.browser().await;
    let r = b.get("/taal/en?terug=/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/");
    let cookie = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("bp_lang="))
        .expect("language cookie")
        .to_owned();
    assert!(cookie.starts_with("bp_lang=en;"), "{cookie}");
    assert_eq!(b.cookie("bp_lang").as_deref(), Some("en"));

    let home = b.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("<html lang=\"en\">"));
    assert_eq!(h1(&home), "Social Domain Workplaces");
    assert!(home.body.contains("href=\"/taal/nl?terug=/\""), "a way back to Dutch");
    // content stays as written
    let w = b.get("/werkplaatsen/zhz").await;
    assert!(w.body.contains("Met elkaar werken aan duurzame sociale kwaliteit"));
    let missing = b.get("/bestaat-niet").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(h1(&missing), "Page not found");
    let h = b.get("/werkplaatsen/zhz/agenda/versies").await;
    assert!(h.body.contains("3 November 2022"));

    // back to Dutch, returning to where we were
    let r = b.get("/taal/nl?terug=/werkplaatsen/zhz/agenda/versies").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/werkplaatsen/zhz/agenda/versies");
    assert!(b.get("/").await.body.contains("<html lang=\"nl\">"));

    let r = b.get("/taal/xx?terug=/").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(h1(&r), "Pagina niet gevonden");
    assert_eq!(b.cookie("bp_lang").as_deref(), Some("nl"), "unchanged by an unknown language");
}

#[tokio::test]
async fn return_paths_are_not_open_redirects() {
    let app = TestApp::spawn().await;
    for bad in ["//evil.example", "https://evil.example", "/\\evil.example", "evil.example", "//evil.example/%2e%2e"] {
        let r = app.get(&format!("/taal/en?terug={}", enc(bad))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{bad}");
        assert_eq!(r.location(), "/", "{bad}");
    }
    let r = app.get("/taal/en?terug=//evil.example").await;
    assert_eq!(r.location(), "/");
    let r = app.get("/taal/en?terug=/werkplaatsen/zhz").await;
    assert_eq!(r.location(), "/werkplaatsen/zhz", "a local path is kept");

    for bad in ["https://evil.example", "//evil.example", "/\\evil.example"] {
        let mut b = app.browser().await;
        let r = b.post_form("/inloggen", &[("email", MEMBER), ("password", PASSWORD), ("terug", bad)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{bad}: {}", r.body);
        assert_eq!(r.location(), "/mijn-werkplaats?welkom=1", "{bad}: the overview, not elsewhere");
    }
    // the login page does not put a foreign return path into its form either
    let r = app.get("/inloggen?terug=https://evil.example").await;
    assert!(r.body.contains("name=\"terug\" value=\"/\""));
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(MEMBER).await;
    let r = b.get("/werkplaatsen/zhz/mensen").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Ingelogd als Pim Professional (fictief)"), "{}", r.body);
    let old_session = b.cookie("bp_session").expect("session");

    let r = b.post_form("/uitloggen", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/");
    assert!(b.cookie("bp_session").is_none(), "the cookie is removed");

    let r = b.get("/werkplaatsen/zhz/mensen").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/inloggen?terug=/werkplaatsen/zhz/mensen");

    // the old session token is dead on the server too, not only forgotten by the browser
    let req = axum::http::Request::get("/werkplaatsen/zhz/mensen")
        .header(header::COOKIE, format!("bp_session={old_session}"))
        .body(axum::body::Body::empty())
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "replayed session refused");
    let req = axum::http::Request::get("/api/v1/me")
        .header(header::COOKIE, format!("bp_session={old_session}"))
        .body(axum::body::Body::empty())
        .expect("request");
    assert_eq!(app.send(req).await.status, StatusCode::UNAUTHORIZED);

    // logging out needs the CSRF token (no forced logout from another site)
    let mut c = app.logged_in(MEMBER).await;
    let r = c.post_raw("/uitloggen", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get("/werkplaatsen/zhz/mensen").await.status, StatusCode::OK, "still signed in");
}

#[tokio::test]
async fn operations_endpoints() {
    let app = TestApp::spawn().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.get("/readyz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "ready");
    for _ in 0..3 {
        assert_eq!(app.get("/werkplaatsen/zhz").await.status, StatusCode::OK);
    }
    // only from an allowed address (none in-process) or with the metrics token
    assert_eq!(app.get("/metrics").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api(Method::GET, "/metrics", Some("wrong"), None).await.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::GET, "/metrics", Some(METRICS_TOKEN), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("http_requests_total"), "{}", r.body);
    assert!(r.body.contains("route=\"/werkplaatsen/{slug}\""), "counted per route template: {}", r.body);
    assert!(r.body.contains("http_request_duration_seconds"));
    // raw paths do not become labels (bounded cardinality)
    assert_eq!(app.get("/een/willekeurig/pad").await.status, StatusCode::NOT_FOUND);
    let r = app.api(Method::GET, "/metrics", Some(METRICS_TOKEN), None).await;
    assert!(!r.body.contains("willekeurig"));
}

#[tokio::test]
async fn loading_the_demo_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    let agenda = app.get("/api/v1/werkplaatsen/zhz/agenda").await.body;
    let versions = app.get("/api/v1/werkplaatsen/zhz/agenda/versions").await.body;
    let werkplaatsen = app.get("/api/v1/werkplaatsen").await.body;
    let voorbeeld = app.get("/api/v1/werkplaatsen/voorbeeld/agenda").await.body;
    let token = app.token(MEMBER).await;
    let people = app.api(axum::http::Method::GET, "/api/v1/werkplaatsen/zhz/people", Some(&token), None).await.body;

    assert!(!app.core.load_demo().await.expect("second load"), "second load reports nothing loaded");
    assert!(!app.core.load_demo().await.expect("third load"));

    assert_eq!(app.get("/api/v1/werkplaatsen/zhz/agenda").await.body, agenda);
    assert_eq!(app.get("/api/v1/werkplaatsen/zhz/agenda/versions").await.body, versions);
    assert_eq!(app.get("/api/v1/werkplaatsen").await.body, werkplaatsen);
    assert_eq!(app.get("/api/v1/werkplaatsen/voorbeeld/agenda").await.body, voorbeeld);
    assert_eq!(
        app.api(axum::http::Method::GET, "/api/v1/werkplaatsen/zhz/people", Some(&token), None).await.body,
        people
    );
    // and the demo accounts still sign in with the demo password
    app.logged_in(COORDINATOR).await;
}

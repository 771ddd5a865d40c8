//! The authorisation matrix: every route of the application (`broedplaats_web::route_table()`,
//! recorded where the routes are registered) × seven actors, with the expected outcome written
//! once, as data, in `table.rs`. A route without a row fails `every_route_has_a_row`; a row for a
//! route that does not exist fails it too.
//!
//! **Actors** (the columns, in this order). Roles are per werkplaats; the werkplaats under test is
//! `zhz`, the demo's.
//! - `anon` — not signed in.
//! - `citizen` — an account with the role `citizen` in zhz (a burger with an account).
//! - `member` — the demo's `lid@zhz.example`, role `professional` in zhz.
//! - `lead` — an account with the role `theme-lead` in zhz whose person record leads the theme
//!   group "Samen leven" (the themaleider; rights come from leading the group, DOMAIN §3).
//! - `coord` — the programme coordinator of zhz (a manager, as the lectoren).
//! - `other` — the programme coordinator of *another* werkplaats (`voorbeeld`), no role in zhz.
//! - `national` — an installation-wide national knowledge partner (landelijke kennispartner,
//!   `national_partners`), with no role in any werkplaats: it reads public data and the questions
//!   handed to the national side of the lemniscate, and moves those.
//!
//! **Outcomes** (the cells):
//! - `ok` — 2xx, or after a write a redirect anywhere but the sign-in page (a form that saved and
//!   went on). A GET that redirects within the site is judged by the page it leads to.
//! - `login` — 401, or a redirect to `/inloggen` (a page that needs a signed-in visitor).
//! - `forbidden` — 403.
//! - `notfound` — 404: absent, or hidden from this actor.
//! - `invalid` — 400, 409, 413, 415 or 422: past authorisation, refused on its content. Writes are
//!   sent with an empty form, `{}` or an empty multipart body, so whoever passes authorisation
//!   gets `invalid` (or `ok` where empty input is valid) and nothing the other rows use changes.
//!
//! A 405 (the table names a method the router does not serve) or a 5xx fails whatever the cell
//! says.
//!
//! **Rows**: `METHOD path fixture` and the seven outcomes. The fixture picks the objects the path
//! parameters name (see `fixtures.rs`): `-` a visible object of the kind the path names (a public
//! knowledge product, the theme group the themaleider leads, …); `members` a members-only one;
//! `public` one anonymous visitors see (a story with consent for publication); `draft` a draft
//! product; `other` a theme group or project the themaleider does not lead; `move` / `handover`
//! the themaleider's own group or project, written with another theme / another lead;
//! `foreign` an object of the other werkplaats under zhz's path (tenant isolation: `notfound`
//! for whoever gets that far); `del` / `del2` / `del3` objects only that row uses, for the
//! writes that destroy (deletes, cancel, withdraw, sign out), which run after every other row.
//! Each actor runs the table in a fresh database of its own, so what one actor changes no other
//! sees. Writes carry a body of the route's shape (`Fixtures::body`).
//!
//! **Adding a route**: register it as usual (`crates/web/src/routes.rs` is the only way), run
//! `cargo test -p broedplaats-web --test it authz_matrix::`, and add a row to `table.rs` with the
//! outcome each actor *should* get. `AUTHZ_MATRIX_PRINT=1` prints the observed rows of failing
//! actors in the table's format — a starting point, not a substitute for deciding. Mark a cell that
//! records today's wrong behaviour with a `// KNOWN:` comment above the row.
mod fixtures;
mod table;

use crate::common::{Browser, COORDINATOR, MEMBER, OTHER_COORDINATOR, TestApp, TestResponse};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use std::collections::BTreeSet;
use std::fmt;

const ACTORS: [&str; 7] = ["anon", "citizen", "member", "lead", "coord", "other", "national"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Login,
    Forbidden,
    NotFound,
    Invalid,
    /// Never expected: a 405 or a 5xx.
    Broken(u16),
}

impl Outcome {
    fn parse(s: &str) -> Outcome {
        match s {
            "ok" => Outcome::Ok,
            "login" => Outcome::Login,
            "forbidden" => Outcome::Forbidden,
            "notfound" => Outcome::NotFound,
            "invalid" => Outcome::Invalid,
            other => panic!("unknown outcome {other:?} in the authorisation matrix"),
        }
    }

    fn of(res: &TestResponse) -> Outcome {
        let s = res.status;
        if s.is_success() {
            Outcome::Ok
        } else if s.is_redirection() {
            if res.location().starts_with("/inloggen") { Outcome::Login } else { Outcome::Ok }
        } else {
            match s {
                StatusCode::UNAUTHORIZED => Outcome::Login,
                StatusCode::FORBIDDEN => Outcome::Forbidden,
                StatusCode::NOT_FOUND => Outcome::NotFound,
                StatusCode::BAD_REQUEST
                | StatusCode::CONFLICT
                | StatusCode::PAYLOAD_TOO_LARGE
                | StatusCode::UNSUPPORTED_MEDIA_TYPE
                | StatusCode::UNPROCESSABLE_ENTITY => Outcome::Invalid,
                other => Outcome::Broken(other.as_u16()),
            }
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Ok => f.write_str("ok"),
            Outcome::Login => f.write_str("login"),
            Outcome::Forbidden => f.write_str("forbidden"),
            Outcome::NotFound => f.write_str("notfound"),
            Outcome::Invalid => f.write_str("invalid"),
            Outcome::Broken(code) => write!(f, "BROKEN-{code}"),
        }
    }
}

struct Row {
    line: usize,
    method: Method,
    path: &'static str,
    fixture: &'static str,
    expect: [Outcome; 7],
}

impl Row {
    /// Destroying writes run after every other row.
    fn destroys(&self) -> bool {
        self.fixture.starts_with("del")
    }
}

fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    for (i, raw) in table::MATRIX.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let cells: Vec<&'static str> = line.split_whitespace().collect();
        assert_eq!(cells.len(), 10, "table.rs line {}: method, path, fixture and 7 outcomes: {raw}", i + 1);
        let method = Method::from_bytes(cells[0].as_bytes()).expect("method");
        let expect = std::array::from_fn(|a| Outcome::parse(cells[3 + a]));
        out.push(Row { line: i + 1, method, path: cells[1], fixture: cells[2], expect });
    }
    out
}

#[test]
fn every_route_has_a_row_and_every_row_a_route() {
    let routes: BTreeSet<(String, String)> =
        broedplaats_web::route_table().into_iter().map(|(m, p)| (m.to_string(), p)).collect();
    let rows = rows();
    let named: BTreeSet<(String, String)> = rows.iter().map(|r| (r.method.to_string(), r.path.to_owned())).collect();
    let missing: Vec<_> = routes.difference(&named).map(|(m, p)| format!("{m} {p}")).collect();
    let unknown: Vec<_> = named.difference(&routes).map(|(m, p)| format!("{m} {p}")).collect();
    assert!(missing.is_empty(), "routes without a row in authz_matrix/table.rs:\n{}", missing.join("\n"));
    assert!(unknown.is_empty(), "rows in authz_matrix/table.rs for routes that do not exist:\n{}", unknown.join("\n"));
    let mut seen = BTreeSet::new();
    for r in &rows {
        assert!(seen.insert((r.method.to_string(), r.path, r.fixture)), "table.rs line {}: row twice", r.line);
    }
}

/// The route table is complete only if nothing registers a route past it.
#[test]
fn routes_are_registered_only_through_the_route_table() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && path != src.join("routes.rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                if text.contains("axum::routing") || text.contains("Router::new") || text.contains("Router::<") {
                    offenders.push(path.display().to_string());
                }
            }
        }
    }
    assert!(offenders.is_empty(), "routes must be registered through crate::routes only: {offenders:?}");
}

/// Runs every row as `actor` (an index into `ACTORS`) in a fresh database; fails with every
/// cell that differs.
async fn run(actor: usize) {
    let app = TestApp::spawn().await;
    let fx = fixtures::Fixtures::build(&app).await;
    let mut browser = match ACTORS[actor] {
        "anon" => app.browser().await,
        "citizen" => app.logged_in(fixtures::CITIZEN).await,
        "member" => app.logged_in(MEMBER).await,
        "lead" => app.logged_in(fixtures::LEAD).await,
        "coord" => app.logged_in(COORDINATOR).await,
        "other" => app.logged_in(OTHER_COORDINATOR).await,
        "national" => app.logged_in(fixtures::NATIONAL).await,
        other => unreachable!("{other}"),
    };
    let mut rows = rows();
    // Reads, then writes that change nothing others use, then the destroying writes; in table
    // order within each group.
    rows.sort_by_key(|r| (r.destroys(), r.method != Method::GET, r.line));
    let mut wrong = Vec::new();
    for row in &rows {
        let path = fx.path(row.path, row.fixture);
        let res = send(&mut browser, &row.method, &path, &fx.body(row.path, row.fixture)).await;
        let got = Outcome::of(&res);
        if got != row.expect[actor] {
            wrong.push((row, got, path, res.status));
        }
    }
    if wrong.is_empty() {
        return;
    }
    let report: Vec<String> = wrong
        .iter()
        .map(|(row, got, path, status)| {
            format!(
                "line {}: {} {} [{}] expected {}, got {got} ({status}) at {path}",
                row.line, row.method, row.path, row.fixture, row.expect[actor]
            )
        })
        .collect();
    if std::env::var_os("AUTHZ_MATRIX_PRINT").is_some() {
        for (row, got, ..) in &wrong {
            println!("OBSERVED {} {} {} {} {got}", ACTORS[actor], row.method, row.path, row.fixture);
        }
    }
    panic!(
        "{} of {} cells differ for actor `{}` ({} database):\n{}",
        wrong.len(),
        rows.len(),
        ACTORS[actor],
        crate::common::backend(),
        report.join("\n")
    );
}

/// Sends one request as the browser's session: writes carry the CSRF token (form field and
/// header) and an empty body of the kind the route reads.
async fn send(browser: &mut Browser<'_>, method: &Method, path: &str, body: &str) -> TestResponse {
    if method == Method::GET {
        // A page that only redirects (an old address, a shortcut) is judged by where it leads.
        let mut res = browser.get(path).await;
        for _ in 0..3 {
            let to = res.location().to_owned();
            if !res.status.is_redirection() || !to.starts_with('/') || to.starts_with("/inloggen") {
                break;
            }
            res = browser.get(&to).await;
        }
        return res;
    }
    let csrf = browser.csrf();
    let mut uri = path.to_owned();
    let (content_type, body) = if is_upload(path) {
        // HTML uploads carry the CSRF token in the query string, as their forms do.
        uri = format!("{path}?csrf={csrf}");
        let part = "--authz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leeg.txt\"\r\n\
                    Content-Type: text/plain\r\n\r\n\r\n--authz--\r\n";
        ("multipart/form-data; boundary=authz".to_owned(), part.to_owned())
    } else if path.starts_with("/api/") {
        ("application/json".to_owned(), body.to_owned())
    } else {
        ("application/x-www-form-urlencoded".to_owned(), format!("csrf={csrf}&{body}"))
    };
    let req = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header(header::COOKIE, browser.cookie_header())
        .header("x-csrf-token", csrf)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request");
    browser.send(req).await
}

fn is_upload(path: &str) -> bool {
    path.contains("/importeren/")
        || path.ends_with("/inzet/importeren")
        || path.ends_with("/bijlagen")
        || path.ends_with("/bestanden")
        || path.ends_with("/files")
}

#[tokio::test]
async fn anonymous() {
    run(0).await;
}

#[tokio::test]
async fn citizen() {
    run(1).await;
}

#[tokio::test]
async fn member() {
    run(2).await;
}

#[tokio::test]
async fn theme_lead() {
    run(3).await;
}

#[tokio::test]
async fn coordinator() {
    run(4).await;
}

#[tokio::test]
async fn coordinator_of_another_werkplaats() {
    run(5).await;
}

#[tokio::test]
async fn national_partner() {
    run(6).await;
}

//! The activities API on the demo werkplaats: planning activities and series, registration with
//! a waiting list under concurrent load (over real HTTP), refusals in Dutch, roles, the
//! iCalendar feeds checked with an independent parser, series edits, reports and the
//! confirmation email job. Runs on SQLite and, with `BROEDPLAATS_TEST_DB=postgres`, PostgreSQL.
mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use broedplaats_web::i18n::Tr;
use chrono::{DateTime, Datelike, Duration, DurationRound, NaiveDate, Utc, Weekday};
use common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp, TestResponse};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;

const BASE: &str = "/api/v1/werkplaatsen/zhz";

struct Ctx {
    app: TestApp,
    /// The coordinator's bearer token.
    token: String,
}

impl Ctx {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let token = app.token(COORDINATOR).await;
        Ctx { app, token }
    }

    async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> TestResponse {
        self.app.api(method, &format!("{BASE}{path}"), token, body).await
    }

    /// Creates an activity as the coordinator and returns its id.
    async fn create(&self, body: Value) -> i64 {
        let r = self.call(Method::POST, "/activities", Some(&self.token), Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let out = r.json();
        let id = out["id"].as_i64().expect("id");
        let url = format!("{}/werkplaatsen/zhz/activiteiten/{id}", self.app.core.public_url);
        assert_eq!(out["url"], url);
        id
    }

    async fn activity(&self, id: i64) -> Value {
        let r = self.call(Method::GET, &format!("/activities/{id}"), Some(&self.token), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    async fn register(&self, id: i64, name: &str, email: &str) -> TestResponse {
        let body = json!({ "name": name, "email": email, "organisation": "Welzijn Merwestad (fictief)" });
        self.call(Method::POST, &format!("/activities/{id}/registrations"), None, Some(body)).await
    }

    /// The organiser's list of registrations.
    async fn registrations(&self, id: i64) -> Vec<Value> {
        let r = self.call(Method::GET, &format!("/activities/{id}/registrations"), Some(&self.token), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["items"].as_array().expect("items").clone()
    }

    /// Occurrences with this title, in start order (the demo has activities of its own).
    async fn titled(&self, title: &str, token: Option<&str>) -> Vec<Value> {
        let r = self.call(Method::GET, "/activities?limit=200", token, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["items"].as_array().expect("items").iter().filter(|a| a["title"] == title).cloned().collect()
    }

    async fn pending_jobs(&self) -> i64 {
        let mut conn = self.app.core.store.conn().await.expect("conn");
        broedplaats_store::jobs::pending(&mut conn).await.expect("pending")
    }
}

/// A moment `days` from now, on the minute.
fn at(days: i64) -> DateTime<Utc> {
    (Utc::now() + Duration::days(days)).duration_trunc(Duration::minutes(1)).expect("on the minute")
}

fn activity_body(title: &str, audience: &str, capacity: Option<i64>, starts: DateTime<Utc>) -> Value {
    json!({
        "kind": "kenniscafe",
        "title": title,
        "description": "Praktijk, onderwijs en onderzoek ontmoeten elkaar.",
        "starts_at": starts.to_rfc3339(),
        "ends_at": (starts + Duration::hours(2)).to_rfc3339(),
        "location": "Bibliotheek Dordrecht",
        "capacity": capacity,
        "audience": audience,
    })
}

/// The third Thursday of a month next year or later, at 15:00 in Amsterdam (winter time).
fn third_thursday(years_ahead: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(Utc::now().year() + years_ahead, month, Weekday::Thu, 3).expect("date")
}

fn token_of(cancel_url: &str) -> &str {
    cancel_url.rsplit('/').next().expect("token")
}

fn text(key: &str) -> &'static str {
    Tr::default().t(key)
}

// ---- real HTTP -----------------------------------------------------------------------------------

/// Serves the app on a local port, as `broedplaats serve` does; stops with the test's runtime.
async fn serve(app: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let state = broedplaats_web::AppState::new(app.core.clone(), broedplaats_web::WebConfig { secure_cookies: false });
    tokio::spawn(broedplaats_web::serve(listener, state, std::future::pending()));
    addr
}

/// One HTTP/1.1 request on its own connection.
async fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> (StatusCode, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let raw = String::from_utf8(raw).expect("UTF-8");
    let (head, rest) = raw.split_once("\r\n\r\n").expect("headers end");
    let status = head.split(' ').nth(1).and_then(|s| s.parse::<u16>().ok()).expect("status line");
    let body =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { dechunk(rest) } else { rest.into() };
    (StatusCode::from_u16(status).expect("status"), serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
    out
}

// ---- iCalendar -----------------------------------------------------------------------------------

/// Parses with the independent `ical` crate and checks the line rules of RFC 5545.
fn parse_calendar(ics: &str) -> IcalCalendar {
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line}");
        assert!(!line.contains('\n'), "bare line feed in {line:?}");
    }
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let calendar = parser.next().expect("one calendar").expect("valid iCalendar");
    assert!(parser.next().is_none(), "exactly one calendar");
    calendar
}

fn prop<'a>(e: &'a IcalEvent, name: &str) -> Option<&'a str> {
    e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.as_deref())
}

fn tzid(e: &IcalEvent, name: &str) -> Option<String> {
    let p = e.properties.iter().find(|p| p.name == name)?;
    let params = p.params.as_ref()?;
    params.iter().find(|(k, _)| k == "TZID").and_then(|(_, v)| v.first().cloned())
}

fn summaries(c: &IcalCalendar) -> Vec<&str> {
    c.events.iter().filter_map(|e| prop(e, "SUMMARY")).collect()
}

async fn feed(c: &Ctx, token: Option<&str>) -> IcalCalendar {
    let r = c.call(Method::GET, "/activities.ics", token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
    parse_calendar(&r.body)
}

// ---- 1. concurrency -------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_registrations_at_once_fill_twenty_places_and_queue_the_rest_in_order() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Kenniscafé Vol", "public", Some(20), at(30))).await;
    let addr = serve(&c.app).await;
    let path = format!("{BASE}/activities/{id}/registrations");
    let start = Arc::new(tokio::sync::Barrier::new(50));
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let (start, path) = (start.clone(), path.clone());
            tokio::spawn(async move {
                let body = json!({ "name": format!("Deelnemer {i}"), "email": format!("deelnemer{i}@example.org") });
                start.wait().await;
                let (status, out) = http(addr, "POST", &path, Some(&body)).await;
                (format!("deelnemer{i}@example.org"), status, out)
            })
        })
        .collect();
    let mut responses = Vec::new();
    for t in tasks {
        responses.push(t.await.expect("task"));
    }
    for (email, status, out) in &responses {
        assert_eq!(*status, StatusCode::CREATED, "{email}: {out}");
    }
    let with = |s: &str| -> Vec<String> {
        let mut v: Vec<String> =
            responses.iter().filter(|(_, _, o)| o["status"] == s).map(|(e, _, _)| e.clone()).collect();
        v.sort();
        v
    };
    assert_eq!((with("registered").len(), with("waitlisted").len()), (20, 30), "from the responses");

    let list = c.registrations(id).await;
    let listed = |s: &str| -> Vec<String> {
        list.iter().filter(|r| r["status"] == s).map(|r| r["email"].as_str().expect("email").to_owned()).collect()
    };
    let mut registered = listed("registered");
    registered.sort();
    assert_eq!(registered, with("registered"), "the organiser's list agrees with the responses");
    let queue = listed("waitlisted");
    assert_eq!(queue.len(), 30);
    let view = c.activity(id).await;
    assert_eq!(
        (view["registered"].as_i64(), view["waitlisted"].as_i64(), view["places_left"].as_i64()),
        (Some(20), Some(30), Some(0))
    );

    // Two people with a place cancel through their links: the first two in the queue move up.
    for (email, _, out) in responses.iter().filter(|(_, _, o)| o["status"] == "registered").take(2) {
        let cancel_url = out["cancel_url"].as_str().expect("cancel_url");
        let prefix = format!("{}/werkplaatsen/zhz/activiteiten/{id}/afmelden/", c.app.core.public_url);
        assert!(cancel_url.starts_with(&prefix), "{cancel_url}");
        let (status, _) = http(addr, "DELETE", &format!("{path}/{}", token_of(cancel_url)), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{email}");
    }
    let list = c.registrations(id).await;
    let now_registered: Vec<&str> =
        list.iter().filter(|r| r["status"] == "registered").map(|r| r["email"].as_str().expect("email")).collect();
    let now_queue: Vec<String> = list
        .iter()
        .filter(|r| r["status"] == "waitlisted")
        .map(|r| r["email"].as_str().expect("email").to_owned())
        .collect();
    assert_eq!((now_registered.len(), now_queue.len()), (20, 28));
    assert!(now_registered.contains(&queue[0].as_str()) && now_registered.contains(&queue[1].as_str()));
    assert_eq!(now_queue, queue[2..], "the rest of the queue keeps its order");
    assert_eq!(list.iter().filter(|r| r["status"] == "cancelled").count(), 2);
}

// ---- 2. idempotency ------------------------------------------------------------------------------

#[tokio::test]
async fn registering_twice_returns_the_same_registration() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Kenniscafé Dubbel", "public", None, at(20))).await;
    let first = c.register(id, "Anna de Vries", "anna@example.org").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = c.register(id, "Anna de Vries", "Anna@Example.org").await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(first.json(), again.json(), "same status, same cancel link");
    assert_eq!(first.json()["status"], "registered");
    let list = c.registrations(id).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["name"], "Anna de Vries");
}

// ---- 3. bad input --------------------------------------------------------------------------------

#[tokio::test]
async fn a_full_activity_puts_people_on_the_waiting_list() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Masterclass Klein", "public", Some(1), at(10))).await;
    let a = c.register(id, "Eerste", "eerste@example.org").await;
    assert_eq!((a.status, a.json()["status"].as_str()), (StatusCode::CREATED, Some("registered")));
    let b = c.register(id, "Tweede", "tweede@example.org").await;
    assert_eq!((b.status, b.json()["status"].as_str()), (StatusCode::CREATED, Some("waitlisted")));
    assert!(b.json()["cancel_url"].as_str().is_some_and(|u| u.contains("/afmelden/")));
}

#[tokio::test]
async fn past_cancelled_and_members_only_activities_refuse_registration_in_dutch() {
    let c = Ctx::new().await;
    let past = c.create(activity_body("Kenniscafé Geweest", "public", None, at(-2))).await;
    let r = c.register(past, "Laat", "laat@example.org").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["message"], text("activity.refused.past"));

    let cancelled = c.create(activity_body("Kenniscafé Afgelast", "public", None, at(5))).await;
    let r = c
        .call(
            Method::POST,
            &format!("/activities/{cancelled}/cancel"),
            Some(&c.token),
            Some(json!({ "reason": "De spreker is ziek." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.json()["status"].as_str(), r.json()["cancel_reason"].as_str()),
        (Some("cancelled"), Some("De spreker is ziek."))
    );
    let r = c.register(cancelled, "Iemand", "iemand@example.org").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["message"], text("activity.refused.cancelled"));

    let jobs_before = c.pending_jobs().await;
    for audience in ["partners", "members"] {
        let id = c.create(activity_body(&format!("Werksessie {audience}"), audience, None, at(7))).await;
        let r = c.register(id, "Buitenstaander", "buiten@example.org").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["error"]["message"], text("activity.refused.members_only"));
        assert!(r.json()["error"]["message"].as_str().is_some_and(|m| m.contains("log in")));
        assert!(c.registrations(id).await.is_empty(), "nothing written");
        // A member of the werkplaats registers with one click, with their account.
        let member = c.app.token(MEMBER).await;
        let r = c.call(Method::POST, &format!("/activities/{id}/registrations"), Some(&member), None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let list = c.registrations(id).await;
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["email"], MEMBER);
    }
    assert_eq!(c.pending_jobs().await, jobs_before + 2, "only the members' confirmations were queued");
    // Without a body and without an account there is nobody to register.
    let open = c.create(activity_body("Kenniscafé Open", "public", None, at(7))).await;
    let r = c.call(Method::POST, &format!("/activities/{open}/registrations"), None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
}

#[tokio::test]
async fn bad_registration_and_activity_input_names_the_field() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Kenniscafé Invoer", "public", None, at(9))).await;
    let r = c.register(id, "Bert", "bert-at-example.org").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["email"].is_string(), "{}", r.body);
    let r = c.register(id, "", "bert@example.org").await;
    assert_eq!(r.json()["error"]["fields"]["name"], text("field.required"));
    let r =
        c.call(Method::POST, &format!("/activities/{id}/registrations"), None, Some(json!({ "naam": "Bert" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(c.registrations(id).await.is_empty());

    let mut body = activity_body("Symposium Achterstevoren", "public", None, at(9));
    body["ends_at"] = json!((at(9) - Duration::hours(1)).to_rfc3339());
    let r = c.call(Method::POST, "/activities", Some(&c.token), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["ends_at"], text("activity.error.ends_before_start"));
    assert_eq!(r.json()["error"]["message"], text("activity.error.ends_before_start"));

    let mut body = activity_body("Borrel", "public", None, at(9));
    body["kind"] = json!("borrel");
    let r = c.call(Method::POST, "/activities", Some(&c.token), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["kind"].as_str().is_some_and(|m| m.contains("kenniscafe")), "{}", r.body);

    let mut body = activity_body("Reeks zonder eind", "public", None, at(9));
    body["recurrence"] = json!("FREQ=MONTHLY;BYDAY=3TH");
    let r = c.call(Method::POST, "/activities", Some(&c.token), Some(body)).await;
    assert_eq!(r.json()["error"]["fields"]["recurrence"], text("activity.error.recurrence_unbounded"));
    let mut body = activity_body("Reeks die al voorbij is", "public", None, at(9));
    body["recurrence"] = json!("FREQ=WEEKLY;UNTIL=20200101T000000Z");
    let r = c.call(Method::POST, "/activities", Some(&c.token), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["recurrence"], text("activity.error.recurrence"));
    // A Tuesday start and an end on Wednesday hold no third Thursday: no dates at all.
    let tuesday = third_thursday(1, 1) - Duration::days(2);
    let mut body = activity_body("Reeks die al voorbij is", "public", None, at(9));
    body["starts_at"] = json!(format!("{}T15:00:00+01:00", tuesday.format("%Y-%m-%d")));
    body["ends_at"] = json!(format!("{}T16:00:00+01:00", tuesday.format("%Y-%m-%d")));
    body["recurrence"] =
        json!(format!("FREQ=MONTHLY;BYDAY=3TH;UNTIL={}T235959Z", (tuesday + Duration::days(1)).format("%Y%m%d")));
    let r = c.call(Method::POST, "/activities", Some(&c.token), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["message"], text("activity.error.recurrence_empty"));
    assert!(c.titled("Reeks die al voorbij is", Some(&c.token)).await.is_empty());

    // List filters: Dutch messages per field.
    let r =
        c.call(Method::GET, "/activities?from=gisteren&to=2026-13-01&kind=borrel&order=up&theme=x", None, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields = &r.json()["error"]["fields"];
    assert_eq!(fields["from"], text("activity.error.date"));
    assert_eq!(fields["to"], text("activity.error.date"));
    for f in ["kind", "order", "theme"] {
        assert!(fields[f].is_string(), "{f}: {}", r.body);
    }
}

#[tokio::test]
async fn a_forged_cancel_token_changes_nothing() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Kenniscafé Echt", "public", Some(5), at(12))).await;
    let other = c.create(activity_body("Kenniscafé Ander", "public", Some(5), at(12))).await;
    let r = c.register(id, "Carla", "carla@example.org").await;
    let token = token_of(r.json()["cancel_url"].as_str().expect("url")).to_owned();
    for (activity, forged) in [
        (id, "vervalst".to_owned()),
        (id, "A".repeat(token.len())),
        (id, format!("{}{}", &token[..token.len() - 1], if token.ends_with('A') { 'B' } else { 'A' })),
        (other, token.clone()),
    ] {
        let r = c.call(Method::DELETE, &format!("/activities/{activity}/registrations/{forged}"), None, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{forged}: {}", r.body);
        assert_eq!(r.error_code(), "not_found");
    }
    let list = c.registrations(id).await;
    assert_eq!((list.len(), list[0]["status"].as_str()), (1, Some("registered")));
    let r = c.call(Method::DELETE, &format!("/activities/{id}/registrations/{token}"), None, None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = c.call(Method::DELETE, &format!("/activities/{id}/registrations/{token}"), None, None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "cancelling twice is fine");
    assert_eq!(c.registrations(id).await[0]["status"], "cancelled");
}

// ---- 4. roles ------------------------------------------------------------------------------------

#[tokio::test]
async fn who_may_plan_organise_and_see() {
    let c = Ctx::new().await;
    let body = activity_body("Themabijeenkomst Rollen", "public", None, at(14));
    let r = c.call(Method::POST, "/activities", None, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let member = c.app.token(MEMBER).await;
    let r = c.call(Method::POST, "/activities", Some(&member), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let other = c.app.token(OTHER_COORDINATOR).await;
    let r = c.call(Method::POST, "/activities", Some(&other), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a coordinator of another werkplaats: {}", r.body);
    let id = c.create(body).await;
    let lector = c.app.token(LECTOR).await;
    let r = c
        .call(Method::POST, "/activities", Some(&lector), Some(activity_body("Leerkring", "public", None, at(15))))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Registrations are for organisers only.
    let path = format!("/activities/{id}/registrations");
    assert_eq!(c.call(Method::GET, &path, None, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(c.call(Method::GET, &path, Some(&member), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        c.call(Method::GET, &format!("{path}?format=csv"), Some(&member), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(c.call(Method::GET, &path, Some(&lector), None).await.status, StatusCode::OK);
    // Only organisers change or cancel it.
    let r = c.call(Method::POST, &format!("/activities/{id}/cancel"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let mut changed = activity_body("Gekaapt", "public", None, at(14));
    changed["kind"] = json!("symposium");
    let r = c.call(Method::PUT, &format!("/activities/{id}"), Some(&member), Some(changed)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // Members-only activities do not exist for the public.
    let closed = c.create(activity_body("Besloten Leerkring", "members", None, at(16))).await;
    for token in [None, Some(other.as_str())] {
        assert!(c.titled("Besloten Leerkring", token).await.is_empty());
        let r = c.call(Method::GET, &format!("/activities/{closed}"), token, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let r = c.call(Method::GET, &format!("/activities/{closed}.ics"), token, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    }
    assert_eq!(c.titled("Besloten Leerkring", Some(&member)).await.len(), 1);
    assert_eq!(c.call(Method::GET, &format!("/activities/{closed}"), Some(&member), None).await.status, StatusCode::OK);
    // Nonsense ids are JSON 404s.
    for path in ["/activities/abc", "/activities/abc.ics", "/activities/999999", "/activities/999999.ics"] {
        let r = c.call(Method::GET, path, None, None).await;
        assert_eq!((r.status, r.error_code()), (StatusCode::NOT_FOUND, "not_found".to_owned()), "{path}");
    }
}

#[tokio::test]
async fn the_list_filters_by_time_kind_and_theme_and_pages() {
    let c = Ctx::new().await;
    let day = third_thursday(2, 3);
    let theme = c.app.agenda("zhz").await["themes"][0]["id"].as_i64().expect("theme");
    let starts = |h: u32| format!("{}T{h:02}:00:00+01:00", day.format("%Y-%m-%d"));
    for (i, kind) in ["kenniscafe", "symposium", "masterclass"].iter().enumerate() {
        let h = 10 + 2 * i as u32;
        let body = json!({
            "kind": kind, "title": format!("Filter {kind}"), "starts_at": starts(h), "ends_at": starts(h + 1),
            "audience": "public", "theme_ids": if i == 0 { vec![theme] } else { vec![] },
        });
        c.create(body).await;
    }
    let date = day.format("%Y-%m-%d");
    let titles = |r: &TestResponse| -> Vec<String> {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|a| a["title"].as_str().expect("t").to_owned())
            .collect()
    };
    let r = c.call(Method::GET, &format!("/activities?from={date}&to={date}"), None, None).await;
    assert_eq!(titles(&r), ["Filter kenniscafe", "Filter symposium", "Filter masterclass"], "a whole day, inclusive");
    let r = c.call(Method::GET, &format!("/activities?from={date}&to={date}&order=desc"), None, None).await;
    assert_eq!(titles(&r), ["Filter masterclass", "Filter symposium", "Filter kenniscafe"]);
    let r = c.call(Method::GET, &format!("/activities?from={date}&kind=symposium"), None, None).await;
    assert_eq!(titles(&r), ["Filter symposium"]);
    let r = c.call(Method::GET, &format!("/activities?from={date}&theme={theme}"), None, None).await;
    assert_eq!(titles(&r), ["Filter kenniscafe"]);
    let from = urlencode(&starts(12));
    let r = c.call(Method::GET, &format!("/activities?from={from}&to={date}"), None, None).await;
    assert_eq!(titles(&r), ["Filter symposium", "Filter masterclass"], "RFC 3339 bounds");
    // Pages of one, following next_cursor.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = c.call(Method::GET, &format!("/activities?from={date}&to={date}&limit=1{cursor}"), None, None).await;
        seen.extend(titles(&r));
        match r.json()["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen, ["Filter kenniscafe", "Filter symposium", "Filter masterclass"]);
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

// ---- 5. iCalendar --------------------------------------------------------------------------------

#[tokio::test]
async fn the_calendar_feeds_are_valid_icalendar_with_series_and_overrides() {
    let c = Ctx::new().await;
    let first = third_thursday(1, 1);
    let local = |d: NaiveDate| format!("{}T150000", d.format("%Y%m%d"));
    let mut body = activity_body("Kenniscafé Reeks", "public", Some(30), at(0));
    body["starts_at"] = json!(format!("{}T15:00:00+01:00", first.format("%Y-%m-%d")));
    body["ends_at"] = json!(format!("{}T17:00:00+01:00", first.format("%Y-%m-%d")));
    body["recurrence"] = json!("FREQ=MONTHLY;BYDAY=3TH;COUNT=6");
    let first_id = c.create(body).await;
    let occurrences = c.titled("Kenniscafé Reeks", None).await;
    assert_eq!(occurrences.len(), 6);
    assert_eq!(occurrences[0]["id"], first_id);
    c.create(activity_body("Besloten MT-voorbereiding", "members", None, at(3))).await;

    let cal = feed(&c, None).await;
    assert_eq!(cal.timezones.len(), 1, "a VTIMEZONE");
    assert_eq!(
        cal.timezones[0].properties.iter().find(|p| p.name == "TZID").and_then(|p| p.value.as_deref()),
        Some("Europe/Amsterdam")
    );
    let series: Vec<&IcalEvent> =
        cal.events.iter().filter(|e| prop(e, "SUMMARY") == Some("Kenniscafé Reeks")).collect();
    assert_eq!(series.len(), 1, "one VEVENT for the whole series");
    let master = series[0];
    let rrule = prop(master, "RRULE").expect("RRULE");
    assert!(rrule.contains("FREQ=MONTHLY") && rrule.contains("BYDAY=3TH") && rrule.contains("COUNT=6"), "{rrule}");
    assert_eq!(prop(master, "DTSTART"), Some(local(first).as_str()));
    assert_eq!(tzid(master, "DTSTART").as_deref(), Some("Europe/Amsterdam"));
    assert!(!summaries(&cal).contains(&"Besloten MT-voorbereiding"), "members-only stays out of the public feed");
    assert!(summaries(&feed(&c, Some(&c.token)).await).contains(&"Besloten MT-voorbereiding"));

    // Cancel the third occurrence: an override with RECURRENCE-ID and STATUS:CANCELLED.
    let third = occurrences[2]["id"].as_i64().expect("id");
    let r = c
        .call(
            Method::POST,
            &format!("/activities/{third}/cancel"),
            Some(&c.token),
            Some(json!({ "scope": "occurrence" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cal = feed(&c, None).await;
    let uid = |e: &IcalEvent| prop(e, "UID").map(str::to_owned);
    let master_uid = cal
        .events
        .iter()
        .find(|e| prop(e, "RRULE").is_some() && prop(e, "SUMMARY") == Some("Kenniscafé Reeks"))
        .and_then(uid);
    let overrides: Vec<&IcalEvent> =
        cal.events.iter().filter(|e| uid(e) == master_uid && prop(e, "RECURRENCE-ID").is_some()).collect();
    assert_eq!(overrides.len(), 1);
    assert_eq!(prop(overrides[0], "RECURRENCE-ID"), Some(local(third_thursday(1, 3)).as_str()));
    assert_eq!(prop(overrides[0], "STATUS"), Some("CANCELLED"));
    assert_eq!(c.titled("Kenniscafé Reeks", None).await.iter().filter(|a| a["status"] == "cancelled").count(), 1);

    // One activity.
    let r = c.call(Method::GET, &format!("/activities/{first_id}.ics"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
    let one = parse_calendar(&r.body);
    assert_eq!(summaries(&one), ["Kenniscafé Reeks"]);
    assert_eq!(one.timezones.len(), 1);
    assert_eq!(prop(&one.events[0], "DTSTART"), Some(local(first).as_str()));

    // The fourth occurrence becomes members-only: the public feed excludes it from the rule
    // (EXDATE) instead of letting the rule show it under the series title.
    let fourth = &occurrences[3];
    let mut input = input_of(fourth, "Kenniscafé Reeks");
    input["audience"] = json!("members");
    let id = fourth["id"].as_i64().expect("id");
    let r = c.call(Method::PUT, &format!("/activities/{id}?scope=occurrence"), Some(&c.token), Some(input)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cal = feed(&c, None).await;
    let master =
        cal.events.iter().find(|e| prop(e, "RRULE").is_some() && prop(e, "SUMMARY") == Some("Kenniscafé Reeks"));
    let exdate = master.and_then(|m| prop(m, "EXDATE")).expect("EXDATE for the hidden occurrence");
    assert_eq!(exdate, local(third_thursday(1, 4)));
    let members = feed(&c, Some(&c.token)).await;
    let master =
        members.events.iter().find(|e| prop(e, "RRULE").is_some() && prop(e, "SUMMARY") == Some("Kenniscafé Reeks"));
    assert!(master.and_then(|m| prop(m, "EXDATE")).is_none(), "members see every occurrence");
}

#[tokio::test]
async fn a_series_whose_start_does_not_fit_its_rule_starts_at_its_first_occurrence() {
    let c = Ctx::new().await;
    // A Tuesday, for "every third Thursday": the Tuesday is no occurrence.
    let tuesday = third_thursday(1, 1) - Duration::days(2);
    let mut body = activity_body("Leerkring Dinsdag", "public", None, at(0));
    body["starts_at"] = json!(format!("{}T15:00:00+01:00", tuesday.format("%Y-%m-%d")));
    body["ends_at"] = json!(format!("{}T16:30:00+01:00", tuesday.format("%Y-%m-%d")));
    body["recurrence"] = json!("FREQ=MONTHLY;BYDAY=3TH;COUNT=3");
    c.create(body).await;
    let occurrences = c.titled("Leerkring Dinsdag", None).await;
    assert_eq!(occurrences.len(), 3);
    let cal = feed(&c, None).await;
    let master = cal.events.iter().find(|e| prop(e, "SUMMARY") == Some("Leerkring Dinsdag")).expect("series");
    let first = third_thursday(1, 1);
    assert_eq!(prop(master, "DTSTART"), Some(format!("{}T150000", first.format("%Y%m%d")).as_str()));
    assert_eq!(occurrences[0]["starts_at"], format!("{}T14:00:00Z", first.format("%Y-%m-%d")));
}

#[tokio::test]
async fn the_personal_feed_lists_only_the_members_own_activities() {
    let c = Ctx::new().await;
    let member = c.app.token(MEMBER).await;
    let mine = c.create(activity_body("Kenniscafé Voor Pim", "public", None, at(21))).await;
    c.create(activity_body("Kenniscafé Zonder Pim", "public", None, at(22))).await;
    let partners = c.create(activity_body("Werksessie Partners", "partners", None, at(23))).await;
    for id in [mine, partners] {
        let r = c.call(Method::POST, &format!("/activities/{id}/registrations"), Some(&member), Some(json!({}))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    c.register(mine, "Iemand Anders", "anders@example.org").await;

    assert_eq!(c.app.api(Method::POST, "/api/v1/me/calendar-token", None, None).await.status, StatusCode::UNAUTHORIZED);
    let r = c.app.api(Method::POST, "/api/v1/me/calendar-token", Some(&member), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let url = r.json()["url"].as_str().expect("url").to_owned();
    let path = url.strip_prefix(&c.app.core.public_url).expect("absolute URL").to_owned();
    assert!(path.starts_with("/api/v1/calendar/") && path.ends_with(".ics"), "{path}");
    let r = c.app.get(&path).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
    let mut titles = summaries(&parse_calendar(&r.body)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    titles.sort();
    assert_eq!(titles, ["Kenniscafé Voor Pim", "Werksessie Partners"]);

    // A new URL replaces the old one; made-up ones do not exist.
    let r = c.app.api(Method::POST, "/api/v1/me/calendar-token", Some(&member), None).await;
    let fresh = r.json()["url"].as_str().expect("url").to_owned();
    assert_ne!(fresh, url);
    assert_eq!(c.app.get(&path).await.status, StatusCode::NOT_FOUND);
    for bad in ["/api/v1/calendar/verzonnen.ics", "/api/v1/calendar/verzonnen", "/api/v1/calendar/.ics"] {
        let r = c.app.get(bad).await;
        assert_eq!((r.status, r.error_code()), (StatusCode::NOT_FOUND, "not_found".to_owned()), "{bad}");
    }
}

// ---- 6. series edits -----------------------------------------------------------------------------

fn input_of(a: &Value, title: &str) -> Value {
    json!({
        "kind": a["kind"], "title": title, "description": a["description"], "starts_at": a["starts_at"],
        "ends_at": a["ends_at"], "location": a["location"], "online_url": a["online_url"], "capacity": a["capacity"],
        "audience": a["audience"], "theme_ids": a["theme_ids"],
    })
}

#[tokio::test]
async fn a_series_edit_changes_every_occurrence_not_edited_on_its_own() {
    let c = Ctx::new().await;
    let first = third_thursday(1, 2);
    let mut body = activity_body("Leerkring Reeks", "public", None, at(0));
    body["starts_at"] = json!(format!("{}T15:00:00+01:00", first.format("%Y-%m-%d")));
    body["ends_at"] = json!(format!("{}T17:00:00+01:00", first.format("%Y-%m-%d")));
    body["recurrence"] = json!("FREQ=MONTHLY;BYDAY=3TH;COUNT=4");
    c.create(body).await;
    let occ = c.titled("Leerkring Reeks", None).await;
    assert_eq!(occ.len(), 4);
    let ids: Vec<i64> = occ.iter().map(|a| a["id"].as_i64().expect("id")).collect();

    let r = c
        .call(
            Method::PUT,
            &format!("/activities/{}?scope=occurrence", ids[1]),
            Some(&c.token),
            Some(input_of(&occ[1], "Leerkring Apart")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.json()["title"].as_str(), r.json()["detached"].as_bool()), (Some("Leerkring Apart"), Some(true)));
    for i in [0, 2, 3] {
        assert_eq!(c.activity(ids[i]).await["title"], "Leerkring Reeks", "occurrence {i} untouched");
    }

    let r = c
        .call(
            Method::PUT,
            &format!("/activities/{}?scope=series", ids[0]),
            Some(&c.token),
            Some(input_of(&occ[0], "Leerkring Nieuw")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["title"], "Leerkring Nieuw");
    for (i, want) in [(0, "Leerkring Nieuw"), (1, "Leerkring Apart"), (2, "Leerkring Nieuw"), (3, "Leerkring Nieuw")] {
        let a = c.activity(ids[i]).await;
        assert_eq!(a["title"], want, "occurrence {i}");
        assert_eq!(a["starts_at"], occ[i]["starts_at"], "occurrence {i} keeps its date");
    }

    let r = c
        .call(Method::PUT, &format!("/activities/{}?scope=alles", ids[0]), Some(&c.token), Some(input_of(&occ[0], "X")))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["scope"].is_string());
    let mut again = input_of(&occ[0], "Leerkring Nieuw");
    again["recurrence"] = json!("FREQ=WEEKLY;COUNT=2");
    let r = c.call(Method::PUT, &format!("/activities/{}", ids[0]), Some(&c.token), Some(again)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["message"], text("activity.error.recurrence_on_update"));
}

// ---- 7. reports and attendance -------------------------------------------------------------------

#[tokio::test]
async fn organisers_write_the_report_and_everyone_who_sees_the_activity_reads_it() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Themabijeenkomst Verslag", "public", Some(40), at(-3))).await;
    let path = format!("/activities/{id}/report");
    let r = c.call(Method::GET, &path, None, None).await;
    assert_eq!((r.status, r.error_code()), (StatusCode::NOT_FOUND, "not_found".to_owned()));
    let report = json!({
        "minutes": "## Verslag\n\nDe deelnemers bespraken **mantelzorg** in de wijk.",
        "decisions": ["We organiseren in het voorjaar een vervolg."],
        "actions": [{ "description": "Uitnodiging vervolg versturen", "owner": "Carla", "due_on": "2030-03-01" }],
        "products": [{ "title": "Factsheet mantelzorg", "url": "https://example.org/factsheet.pdf" }],
    });
    let member = c.app.token(MEMBER).await;
    let r = c.call(Method::PUT, &path, Some(&member), Some(report.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(c.call(Method::PUT, &path, None, Some(report.clone())).await.status, StatusCode::UNAUTHORIZED);
    let r = c.call(Method::PUT, &path, Some(&c.token), Some(report)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = c.call(Method::GET, &path, None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let got = r.json();
    assert!(got["minutes"].as_str().is_some_and(|m| m.contains("**mantelzorg**")));
    assert_eq!(got["decisions"], json!(["We organiseren in het voorjaar een vervolg."]));
    assert_eq!(got["actions"][0]["owner"], "Carla");
    assert_eq!(got["actions"][0]["due_on"], "2030-03-01");
    assert_eq!(got["actions"][0]["done"], false);
    assert_eq!(
        got["products"],
        json!([{ "title": "Factsheet mantelzorg", "url": "https://example.org/factsheet.pdf" }])
    );
    assert!(got["author_name"].as_str().is_some_and(|n| n.starts_with("Carla")));
    let r = c
        .call(
            Method::PUT,
            &path,
            Some(&c.token),
            Some(json!({ "products": [{ "title": "Los", "url": "javascript:alert(1)" }] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["products[0].url"].is_string());

    // Attendance: a head count and the organisations present.
    let org = c.call(Method::GET, "/organisations?limit=1", None, None).await.json()["items"][0]["id"].clone();
    let attendance = json!({ "count": 35, "organisation_ids": [org] });
    let r = c.call(Method::PUT, &format!("/activities/{id}/attendance"), Some(&member), Some(attendance.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = c.call(Method::PUT, &format!("/activities/{id}/attendance"), Some(&c.token), Some(attendance)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let a = c.activity(id).await;
    assert_eq!((a["attendance_count"].clone(), a["present_organisation_ids"].clone()), (json!(35), json!([org])));
    let r = c
        .call(
            Method::PUT,
            &format!("/activities/{id}/attendance"),
            Some(&c.token),
            Some(json!({ "present_registration_ids": [999999] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn organisers_download_the_registrations_as_csv() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Symposium Lijst", "public", Some(1), at(11))).await;
    c.register(id, "Anna; de \"Vries\"", "anna@example.org").await;
    c.register(id, "Bert", "bert@example.org").await;
    let check = |r: &TestResponse| {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert_eq!(r.headers[header::CONTENT_DISPOSITION], format!("attachment; filename=\"aanmeldingen-{id}.csv\""));
        let lines: Vec<&str> = r.body.lines().collect();
        assert!(lines[0].starts_with("naam,e-mail,organisatie"), "{}", r.body);
        assert!(lines[1].starts_with("\"Anna; de \"\"Vries\"\"\",anna@example.org") && lines[1].contains("aangemeld"));
        assert!(lines[2].contains("wachtlijst"));
    };
    check(&c.call(Method::GET, &format!("/activities/{id}/registrations?format=csv"), Some(&c.token), None).await);
    let req = Request::get(format!("{BASE}/activities/{id}/registrations"))
        .header(header::AUTHORIZATION, format!("Bearer {}", c.token))
        .header(header::ACCEPT, "text/csv")
        .body(Body::empty())
        .expect("request");
    check(&c.app.send(req).await);
}

// ---- 8. the confirmation email -------------------------------------------------------------------

#[tokio::test]
async fn registering_queues_a_confirmation_with_the_cancel_link_and_an_ics() {
    let c = Ctx::new().await;
    let now = Utc::now();
    c.app.core.run_due_jobs(now).await.expect("queue drained");
    assert_eq!(c.pending_jobs().await, 0);
    let id = c.create(activity_body("Kenniscafé Post", "public", None, at(8))).await;
    let r = c.register(id, "Dirk", "dirk@example.org").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let cancel_url = r.json()["cancel_url"].as_str().expect("url").to_owned();
    assert_eq!(c.pending_jobs().await, 1);
    let later = Utc::now() + Duration::seconds(1);
    {
        // Look at the job without holding it: claimed with a lock that has already expired.
        let stamp = broedplaats_core::activities::stored(later);
        let mut conn = c.app.core.store.conn().await.expect("conn");
        let job = broedplaats_store::jobs::claim(&mut conn, &stamp, &stamp).await.expect("claim").expect("a job");
        assert_eq!(job.name, "mail.registration");
        let payload: Value = serde_json::from_str(&job.payload).expect("payload");
        assert_eq!((payload["werkplaats"].as_str(), payload["event"].as_str()), (Some("zhz"), Some("confirmation")));
    }
    assert_eq!(c.app.core.run_due_jobs(later).await.expect("jobs ran"), 1);
    assert_eq!(c.pending_jobs().await, 0);
    let sent: Vec<_> = c.app.core.mailer.sent().into_iter().filter(|m| m.to.contains("dirk@example.org")).collect();
    assert_eq!(sent.len(), 1, "one confirmation");
    let mail = &sent[0];
    assert!(mail.text.contains(&cancel_url), "{}", mail.text);
    assert!(mail.html.contains(&cancel_url.replace('&', "&amp;")));
    let ics = mail.attachments.iter().find(|a| a.filename.ends_with(".ics")).expect("an .ics attachment");
    assert!(ics.content_type.starts_with("text/calendar"), "{}", ics.content_type);
    let cal = parse_calendar(std::str::from_utf8(&ics.bytes).expect("UTF-8"));
    assert_eq!(summaries(&cal), ["Kenniscafé Post"]);
    // Registering again sends nothing new.
    assert_eq!(c.register(id, "Dirk", "dirk@example.org").await.status, StatusCode::OK);
    assert_eq!(c.pending_jobs().await, 0);
}

// ---- catalogue -----------------------------------------------------------------------------------

#[test]
fn every_activity_message_of_core_is_in_both_catalogues() {
    // Every source file of the activities capability in core.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/src/activities");
    let mut src = String::new();
    for entry in std::fs::read_dir(&dir).expect("core/src/activities") {
        src.push_str(&std::fs::read_to_string(entry.expect("entry").path()).expect("source file"));
    }
    let mut keys: Vec<&str> = src
        .match_indices("\"activity.")
        .map(|(i, _)| &src[i + 1..])
        .map(|rest| &rest[..rest.find('"').expect("closing quote")])
        .collect();
    keys.sort_unstable();
    keys.dedup();
    assert!(keys.len() >= 10, "{keys:?}");
    for key in keys {
        for lang in [broedplaats_web::i18n::Lang::Nl, broedplaats_web::i18n::Lang::En] {
            let t = Tr::new(lang).t(key);
            assert!(t != "??" && t.ends_with('.'), "{key} in {lang:?}: {t}");
        }
        assert_ne!(Tr::new(broedplaats_web::i18n::Lang::En).t(key), Tr::default().t(key), "{key} translated");
    }
}

#[tokio::test]
async fn the_personal_feed_spans_werkplaatsen_without_duplicates() {
    let c = Ctx::new().await;
    let member = c.app.token(MEMBER).await;
    let other = c.app.token(OTHER_COORDINATOR).await;
    // Interleaved ids: zhz, voorbeeld, zhz.
    let first = c.create(activity_body("Kenniscafé Zuid 1", "public", None, at(31))).await;
    let r = c
        .app
        .api(
            Method::POST,
            "/api/v1/werkplaatsen/voorbeeld/activities",
            Some(&other),
            Some(activity_body("Kenniscafé Voorbeeld", "public", None, at(32))),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let elsewhere = r.json()["id"].as_i64().expect("id");
    let last = c.create(activity_body("Kenniscafé Zuid 2", "public", None, at(33))).await;
    for (slug, id) in [("zhz", first), ("voorbeeld", elsewhere), ("zhz", last)] {
        let path = format!("/api/v1/werkplaatsen/{slug}/activities/{id}/registrations");
        let r = c.app.api(Method::POST, &path, Some(&member), Some(json!({}))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = c.app.api(Method::POST, "/api/v1/me/calendar-token", Some(&member), None).await;
    let url = r.json()["url"].as_str().expect("url").to_owned();
    let r = c.app.get(url.strip_prefix(&c.app.core.public_url).expect("absolute")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cal = parse_calendar(&r.body);
    let mut titles = summaries(&cal);
    titles.sort_unstable();
    assert_eq!(titles, ["Kenniscafé Voorbeeld", "Kenniscafé Zuid 1", "Kenniscafé Zuid 2"]);
    let mut uids: Vec<&str> = cal.events.iter().filter_map(|e| prop(e, "UID")).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), 3, "every event once");
}

#[tokio::test]
async fn reminders_go_out_the_day_before_once_and_cancellations_reach_everyone_registered() {
    let c = Ctx::new().await;
    let soon = (Utc::now() + Duration::hours(20)).duration_trunc(Duration::minutes(1)).expect("minute");
    let id = c.create(activity_body("Leerkring morgen", "public", None, soon)).await;
    c.register(id, "Anouk de Vries", "anouk@example.org").await;
    let r = c.register(id, "Bram Smit", "bram@example.org").await;
    let bram_token = token_of(r.json()["cancel_url"].as_str().expect("cancel_url")).to_owned();
    let later = c.create(activity_body("Leerkring volgende maand", "public", None, at(30))).await;
    c.register(later, "Anouk de Vries", "anouk@example.org").await;
    // Bram wants no reminders (the link in his confirmation email).
    let tenant = c.app.core.tenant("zhz").await.expect("zhz");
    c.app.core.stop_reminders(&tenant, &bram_token).await.expect("reminders off");

    let mail_to = |to: &str, prefix: &str| {
        c.app.core.mailer.sent().iter().filter(|m| m.to.contains(to) && m.subject.starts_with(prefix)).count()
    };
    c.app.core.run_due_jobs(Utc::now()).await.expect("jobs");
    assert_eq!(mail_to("anouk@example.org", "Aangemeld:"), 2, "two confirmations");
    assert_eq!(mail_to("anouk@example.org", "Herinnering: Leerkring morgen"), 1, "tomorrow's activity reminds");
    assert_eq!(mail_to("anouk@example.org", "Herinnering: Leerkring volgende maand"), 0, "next month's does not yet");
    assert_eq!(mail_to("bram@example.org", "Herinnering:"), 0, "Bram opted out");
    // The worker runs again and again: nobody is reminded twice.
    c.app.core.run_due_jobs(Utc::now()).await.expect("jobs");
    assert_eq!(mail_to("anouk@example.org", "Herinnering: Leerkring morgen"), 1);

    // The organiser cancels: everyone registered hears it, with the reason.
    let r = c
        .call(
            Method::POST,
            &format!("/activities/{id}/cancel"),
            Some(&c.token),
            Some(json!({ "reason": "De zaal is dicht." })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    c.app.core.run_due_jobs(Utc::now()).await.expect("jobs");
    for to in ["anouk@example.org", "bram@example.org"] {
        assert_eq!(mail_to(to, "Geannuleerd: Leerkring morgen"), 1, "{to}");
    }
    let sent = c.app.core.mailer.sent();
    let notice = sent.iter().find(|m| m.subject.starts_with("Geannuleerd:")).expect("notice");
    assert!(notice.text.contains("De zaal is dicht."), "{}", notice.text);
}

// ---- report files --------------------------------------------------------------------------------

const BOUNDARY: &str = "----broedplaats-api-bijlage-4Zx";

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n\
trailer << /Size 3 /Root 1 0 R >>\n%%EOF\n"
        .to_vec()
}

/// Posts one file (field `file`) as multipart/form-data with a bearer token.
async fn post_file(c: &Ctx, id: i64, token: Option<&str>, filename: &str, data: &[u8]) -> TestResponse {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut req = Request::post(format!("{BASE}/activities/{id}/report/files"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    c.app.send(req.body(Body::from(body)).expect("request")).await
}

#[tokio::test]
async fn organisers_attach_files_to_the_report_through_the_api() {
    let c = Ctx::new().await;
    let public = c.create(activity_body("Themabijeenkomst Bijlagen", "public", None, at(-3))).await;
    let members = c.create(activity_body("Intervisie Bijlagen", "members", None, at(-3))).await;
    let member = c.app.token(MEMBER).await;

    // Refused by content, with the Dutch message; nothing stored.
    let r = post_file(&c, public, Some(&c.token), "verslag.pdf", b"<html><body>geen pdf</body></html>").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["file"], text("activity.file.type"));
    let r = post_file(&c, public, Some(&c.token), "verslag.pdf", b"\x7fELF\x02\x01\x01\x00").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(c.app.core.storage.memory_len(), Some(0));

    // Only organisers: a professional member gets 403, nobody signed in 401.
    assert_eq!(post_file(&c, public, Some(&member), "verslag.pdf", &pdf()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(post_file(&c, public, None, "verslag.pdf", &pdf()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(c.app.core.storage.memory_len(), Some(0));

    let r = post_file(&c, public, Some(&c.token), "verslag.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let file = r.json();
    let file_id = file["id"].as_i64().expect("id");
    assert_eq!(file["filename"], "verslag.pdf");
    assert_eq!(file["content_type"], "application/pdf");
    assert_eq!(file["size"], pdf().len() as i64);
    assert_eq!(file["url"], format!("/werkplaatsen/zhz/activiteiten/{public}/bijlagen/{file_id}"));

    // Part of the report once there is one.
    let r = c.call(Method::PUT, &format!("/activities/{public}/report"), Some(&c.token), Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["files"], json!([file]));

    // Anyone who sees the activity downloads it.
    let download = format!("/activities/{public}/report/files/{file_id}");
    let r = c.call(Method::GET, &download, None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body.as_bytes(), &pdf()[..]);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        r.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"verslag.pdf\"; filename*=UTF-8''verslag.pdf"
    );
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(r.headers[header::CACHE_CONTROL], "private");

    // Members-only: not for anonymous visitors (404), fine for a member.
    let r = post_file(&c, members, Some(&c.token), "notulen.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let secret = format!("/activities/{members}/report/files/{}", r.json()["id"]);
    assert_eq!(c.call(Method::GET, &secret, None, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.call(Method::GET, &secret, Some(&member), None).await.status, StatusCode::OK);
    // A file id of another activity is not found under this one.
    let crossed = format!("/activities/{public}/report/files/{}", r.json()["id"]);
    assert_eq!(c.call(Method::GET, &crossed, None, None).await.status, StatusCode::NOT_FOUND);

    // Delete: organisers only; the shared blob stays until its last file is gone.
    assert_eq!(c.call(Method::DELETE, &download, Some(&member), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.call(Method::DELETE, &download, Some(&c.token), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(c.call(Method::GET, &download, None, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.call(Method::DELETE, &download, Some(&c.token), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.app.core.storage.memory_len(), Some(1));
    assert_eq!(c.call(Method::DELETE, &secret, Some(&c.token), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(c.app.core.storage.memory_len(), Some(0));

    // At most ten files per report.
    for n in 0..10 {
        let r = post_file(&c, public, Some(&c.token), &format!("deel {n}.pdf"), &pdf()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = post_file(&c, public, Some(&c.token), "elf.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["file"], text("activity.file.too_many"));
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_before_it_is_stored() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Themabijeenkomst Groot", "public", None, at(-3))).await;
    let mut big = pdf();
    big.resize(20 * 1024 * 1024 + 1, b' ');
    let r = post_file(&c, id, Some(&c.token), "groot.pdf", &big).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"]["file"], text("activity.file.too_large"));
    big.resize(22 * 1024 * 1024, b' ');
    let r = post_file(&c, id, Some(&c.token), "groter.pdf", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(c.app.core.storage.memory_len(), Some(0));
}

//! The activities API on the demo werkplaats: planning activities and series, registration with
//! a waiting list under concurrent load (over real HTTP), refusals in Dutch, roles, the
//! iCalendar feeds checked with an independent parser, series edits, reports and the
//! confirmation email job. Runs on SQLite and, with `BROEDPLAATS_TEST_DB=postgres`, PostgreSQL.

mod planning;
mod registrations;

use crate::common::{COORDINATOR, TestApp, TestResponse};
use axum::http::{Method, StatusCode, header};
use broedplaats_web::i18n::Tr;
use chrono::{DateTime, Datelike, Duration, DurationRound, NaiveDate, Utc, Weekday};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use serde_json::{Value, json};

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

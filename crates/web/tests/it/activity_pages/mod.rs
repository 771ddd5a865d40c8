//! The activity pages on the real app: the agenda, registering through the form (with and
//! without an account), the waiting list, the cancel link from the email, organiser pages and
//! forms, the report, series made from the form, and a body's meetings.

mod organisers;
mod visitors;

use crate::common::{COORDINATOR, TestApp, TestResponse};
use axum::http::StatusCode;
use broedplaats_core::Actor;
use broedplaats_core::activities::ActivityInput;
use broedplaats_store::Tenant;
use chrono::{Duration, Utc};
use chrono_tz::Europe::Amsterdam;

const BASE: &str = "/werkplaatsen/zhz";

async fn actor(app: &TestApp, email: &str) -> Actor {
    let token = app.token(email).await;
    app.core.actor_for_api_token(&token).await.expect("actor").expect("actor")
}

async fn zhz(app: &TestApp) -> Tenant {
    app.core.tenant("zhz").await.expect("zhz")
}

/// A moment `days` from now at 15:00 Amsterdam time, as a `datetime-local` field sends it.
fn local(days: i64, hour: u32) -> String {
    let d = (Utc::now() + Duration::days(days)).with_timezone(&Amsterdam).date_naive();
    format!("{}T{hour:02}:00", d.format("%Y-%m-%d"))
}

fn input(title: &str, audience: &str, capacity: Option<i64>, days: i64) -> ActivityInput {
    ActivityInput {
        kind: "kenniscafe".into(),
        title: title.into(),
        description: Some("Praktijk en onderzoek over de wijk.".into()),
        starts_at: local(days, 15),
        ends_at: local(days, 17),
        location: Some("Stadskantoor Merwestad".into()),
        capacity,
        audience: audience.into(),
        ..Default::default()
    }
}

/// Creates an activity as the coordinator; returns its id.
async fn create(app: &TestApp, input: &ActivityInput) -> i64 {
    let c = actor(app, COORDINATOR).await;
    app.core.create_activity(Some(&c), &zhz(app).await, input).await.expect("create activity")
}

fn path(id: i64) -> String {
    format!("{BASE}/activiteiten/{id}")
}

fn h1(r: &TestResponse) -> String {
    let start = r.body.find("<h1>").map(|i| i + 4).unwrap_or_else(|| panic!("no <h1> in {}", r.body));
    let end = r.body[start..].find("</h1>").expect("</h1>") + start;
    r.body[start..end].trim().to_owned()
}

fn no_inline_script_or_style(r: &TestResponse, what: &str) {
    assert!(!r.body.contains("style="), "{what}: no inline styles (CSP)");
    assert!(!r.body.contains("<script>"), "{what}: no inline scripts (CSP)");
}

async fn registrations(app: &TestApp, id: i64) -> Vec<(String, String)> {
    let c = actor(app, COORDINATOR).await;
    let regs = app.core.registrations(Some(&c), &zhz(app).await, id).await.expect("registrations");
    regs.into_iter().map(|r| (r.name, r.status)).collect()
}

/// Registers through the form as a visitor without an account; returns the response to the POST.
async fn register_anonymously(app: &TestApp, id: i64, name: &str, email: &str) -> TestResponse {
    let mut b = app.browser().await;
    let page = b.get(&path(id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    b.post_form(&format!("{}/aanmelden", path(id)), &[("name", name), ("email", email), ("organisation", "")]).await
}

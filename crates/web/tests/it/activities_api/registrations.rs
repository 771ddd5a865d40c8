//! Registering for an activity through the API: fifty at once over real HTTP, twice, refused
//! in Dutch, the confirmation email and the reminders, and the catalogue of messages.

use super::{BASE, Ctx, activity_body, at, parse_calendar, summaries, text, third_thursday, token_of};
use crate::common::{MEMBER, TestApp};
use axum::http::{Method, StatusCode};
use broedplaats_web::i18n::Tr;
use chrono::{Duration, DurationRound, Utc};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;

// ---- real HTTP -----------------------------------------------------------------------------------

/// Serves the app on a local port, as `broedplaats serve` does; stops with the test's runtime.
async fn serve(app: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let state = broedplaats_web::AppState::new(app.core.clone(), broedplaats_web::WebConfig::default());
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
        assert!(out.get("cancel_url").is_none(), "the link goes by email only: {out}");
        let cancel_url = &c.app.cancel_url("zhz", id, email).await;
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
async fn registering_twice_keeps_one_registration_and_answers_alike() {
    let c = Ctx::new().await;
    let id = c.create(activity_body("Kenniscafé Dubbel", "public", None, at(20))).await;
    let first = c.register(id, "Anna de Vries", "anna@example.org").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = c.register(id, "Anna de Vries", "Anna@Example.org").await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(first.json(), again.json(), "the same answer as a new registration (no cancel link)");
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
    assert!(b.json().get("cancel_url").is_none(), "the link goes by email only");
    assert!(c.app.cancel_url("zhz", id, "tweede@example.org").await.contains("/afmelden/"));
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
        // Answered as for a missing id: a hint would tell which hidden ids exist.
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
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
    c.register(id, "Carla", "carla@example.org").await;
    let token = token_of(&c.app.cancel_url("zhz", id, "carla@example.org").await).to_owned();
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
    let cancel_url = c.app.cancel_url("zhz", id, "dirk@example.org").await;
    assert_eq!(c.pending_jobs().await, 1);
    let later = Utc::now() + Duration::seconds(1);
    {
        // Look at the job without holding it: claimed with a lock that has already expired.
        let stamp = broedplaats_core::kernel::time::stored(later);
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
    // Registering again sends the confirmation again (the only way the link reaches its owner),
    // once an hour at most.
    assert_eq!(c.register(id, "Dirk", "dirk@example.org").await.status, StatusCode::CREATED);
    assert_eq!(c.pending_jobs().await, 1);
    assert_eq!(c.register(id, "Dirk", "dirk@example.org").await.status, StatusCode::CREATED);
    assert_eq!(c.pending_jobs().await, 1);
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
async fn reminders_go_out_the_day_before_once_and_cancellations_reach_everyone_registered() {
    let c = Ctx::new().await;
    let soon = (Utc::now() + Duration::hours(20)).duration_trunc(Duration::minutes(1)).expect("minute");
    let id = c.create(activity_body("Leerkring morgen", "public", None, soon)).await;
    c.register(id, "Anouk de Vries", "anouk@example.org").await;
    c.register(id, "Bram Smit", "bram@example.org").await;
    let bram_token = token_of(&c.app.cancel_url("zhz", id, "bram@example.org").await).to_owned();
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

//! The digest job: access, daily and weekly, dedupe, headers, one-click unsubscribe, SMTP.
use super::FOLLOWS;
use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use broedplaats_core::following::{Frequency, period};
use broedplaats_core::kernel::mail::{Mailer, SentMail, SmtpConfig, SmtpTls};
use chrono::{Duration, Utc};
use serde_json::json;

const PRODUCTS: &str = "/api/v1/werkplaatsen/zhz/knowledge-products";

async fn publish(app: &TestApp, token: &str, title: &str, visibility: &str) {
    let body = json!({ "kind": "werkvorm", "title": title, "summary": "Voor de samenvatting.",
        "status": "published", "visibility": visibility });
    let r = app.api(Method::POST, PRODUCTS, Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

async fn follow_zhz(app: &TestApp, token: &str) {
    let r =
        app.api(Method::POST, FOLLOWS, Some(token), Some(json!({ "kind": "werkplaats", "werkplaats": "zhz" }))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

fn digests_to(app: &TestApp, to: &str) -> Vec<SentMail> {
    app.core.mailer.sent().into_iter().filter(|m| m.to == to && m.subject.starts_with("Nieuw in wat u volgt")).collect()
}

fn unsubscribe_path(mail: &SentMail) -> String {
    let at = mail.text.find("/volgen/afmelden/").expect("link in the text");
    let rest = &mail.text[at..];
    rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())].to_owned()
}

#[tokio::test]
async fn digests_respect_access_frequency_and_dedupe() {
    let app = TestApp::spawn_with(|core| core.with_public_url("https://kennis.example.org")).await;
    let (member, other, coord) =
        (app.token(MEMBER).await, app.token(OTHER_COORDINATOR).await, app.token(COORDINATOR).await);
    follow_zhz(&app, &member).await;
    follow_zhz(&app, &other).await;
    let r = app.api(Method::PUT, "/api/v1/me/digest", Some(&member), Some(json!({ "frequency": "daily" }))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    publish(&app, &coord, "Openbaar nieuws voor iedereen", "public").await;
    publish(&app, &coord, "Besloten nieuws voor partners", "partners").await;

    // Tomorrow: the daily digest of the member; the weekly one only if a new week began.
    let now = Utc::now();
    let tomorrow = now + Duration::days(1);
    app.core.run_due_jobs(tomorrow).await.expect("jobs");
    let mine = digests_to(&app, MEMBER);
    assert_eq!(mine.len(), 1, "one daily digest");
    let theirs = digests_to(&app, OTHER_COORDINATOR);
    let new_week = period(Frequency::Weekly, now) != period(Frequency::Weekly, tomorrow);
    assert_eq!(theirs.len(), usize::from(new_week), "weekly digest only when a week begins");
    // The member of zhz reads both products; the other werkplaats's coordinator only the public one.
    assert!(mine[0].text.contains("Openbaar nieuws voor iedereen") && mine[0].text.contains("Besloten nieuws"));
    assert!(mine[0].html.contains("Besloten nieuws voor partners"));
    assert!(mine[0].raw.contains("List-Unsubscribe: <https://kennis.example.org/volgen/afmelden/"), "{}", mine[0].raw);
    assert!(mine[0].raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));

    // The scheduler again, same moment: nothing more (the period is claimed, the key deduplicates).
    app.core.run_due_jobs(tomorrow).await.expect("jobs");
    assert_eq!(digests_to(&app, MEMBER).len(), 1);

    // In eight days the weekly digest has come, with the public product only.
    let later = now + Duration::days(8);
    app.core.run_due_jobs(later).await.expect("jobs");
    let theirs = digests_to(&app, OTHER_COORDINATOR);
    assert_eq!(theirs.len(), 1, "one weekly digest");
    assert!(theirs[0].text.contains("Openbaar nieuws voor iedereen"));
    assert!(!theirs[0].text.contains("Besloten") && !theirs[0].html.contains("Besloten"), "{}", theirs[0].text);
    // Nothing new for the member since tomorrow's digest: no mail.
    assert_eq!(digests_to(&app, MEMBER).len(), 1, "no mail when nothing is new");

    // One-click unsubscribe: the GET only asks; the POST, without cookies or form token, unsubscribes.
    let path = unsubscribe_path(&mine[0]);
    let r = app.get(&path).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Ja, meld mij af"), "{}", r.body);
    assert_eq!(super::follows(&app, &member).await["frequency"], "daily", "a GET changes nothing");
    let post = Request::post(path.as_str())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .expect("request");
    let r = app.send(post).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(super::follows(&app, &member).await["frequency"], "off");
    // A forged token: 404, and nothing else changes.
    let forged = format!("/volgen/afmelden/{}", "A".repeat(43));
    let r = app.send(Request::post(forged.as_str()).body(Body::empty()).expect("request")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(super::follows(&app, &other).await["frequency"], "weekly");
    // Off: no digest however much is new.
    publish(&app, &coord, "Nog meer nieuws", "public").await;
    app.core.run_due_jobs(now + Duration::days(20)).await.expect("jobs");
    assert_eq!(digests_to(&app, MEMBER).len(), 1);
}

/// One digest through a real SMTP conversation (mailin-embedded), headers as received.
#[tokio::test]
async fn a_digest_goes_through_smtp_with_its_headers() {
    let (port, inbox) = crate::mail_smtp::smtp_server();
    let config = SmtpConfig { host: "127.0.0.1".into(), port, tls: SmtpTls::None, username: None, password: None };
    let mailer = Mailer::smtp(&config).expect("smtp mailer");
    let app = TestApp::spawn_with(|core| {
        core.with_mailer(mailer, "Broedplaats <noreply@broedplaats.test>".into())
            .with_public_url("https://kennis.example.org")
    })
    .await;
    let (member, coord) = (app.token(MEMBER).await, app.token(COORDINATOR).await);
    follow_zhz(&app, &member).await;
    publish(&app, &coord, "Nieuws over de SMTP-route", "public").await;
    // Other mail may be queued by the demo; take the digest from what arrives.
    app.core.run_due_jobs(Utc::now() + Duration::days(8)).await.expect("jobs");
    let mut digest = None;
    while let Ok(m) = inbox.recv_timeout(std::time::Duration::from_secs(10)) {
        if m.raw.contains("List-Unsubscribe") {
            digest = Some(m);
            break;
        }
    }
    let m = digest.expect("a digest arrived over SMTP");
    assert_eq!(m.to, vec![MEMBER.to_owned()]);
    assert!(m.raw.contains("List-Unsubscribe: <https://kennis.example.org/volgen/afmelden/"), "{}", m.raw);
    assert!(m.raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(m.raw.contains("Nieuws over de SMTP-route"));
}

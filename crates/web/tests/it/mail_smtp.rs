//! The SMTP backend against a real SMTP server (mailin-embedded, on a free local port): what the
//! server receives must be the whole message, with both alternatives and the calendar attachment;
//! and a registration made through the API reaches that server from the job worker.

use crate::common::TestApp;
use axum::http::{Method, StatusCode};
use base64::Engine;
use broedplaats_core::kernel::mail::{Attachment, ICS_CONTENT_TYPE, Mailer, OutgoingMail, SmtpConfig, SmtpTls};
use mailin_embedded::{Handler, Response, Server, SslConfig, response};
use serde_json::json;
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

/// One message as the server got it.
pub(crate) struct Received {
    pub(crate) from: String,
    pub(crate) to: Vec<String>,
    pub(crate) raw: String,
}

/// Collects each message's DATA and hands it to the test when the message is complete.
#[derive(Clone)]
struct Inbox {
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
    delivered: mpsc::Sender<Received>,
}

impl Handler for Inbox {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let raw = String::from_utf8_lossy(&self.data).into_owned();
        let _ = self.delivered.send(Received { from: self.from.clone(), to: self.to.clone(), raw });
        response::OK
    }
}

/// Starts an SMTP server on a free port of 127.0.0.1; returns the port and the inbox. The server
/// thread lives as long as the test process.
pub(crate) fn smtp_server() -> (u16, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
    let port = listener.local_addr().expect("local address").port();
    let (tx, rx) = mpsc::channel();
    let mut server = Server::new(Inbox { from: String::new(), to: Vec::new(), data: Vec::new(), delivered: tx });
    server.with_name("smtp.test").with_ssl(SslConfig::None).expect("no tls").with_tcp_listener(listener);
    // Its error type is not `Send`: report it from the thread instead of returning it.
    std::thread::spawn(move || {
        if let Err(e) = server.serve() {
            eprintln!("test SMTP server stopped: {e}");
        }
    });
    (port, rx)
}

fn smtp(port: u16) -> Mailer {
    Mailer::smtp(&SmtpConfig { host: "127.0.0.1".into(), port, tls: SmtpTls::None, username: None, password: None })
        .expect("smtp mailer")
}

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Broedplaats//NL\r\nBEGIN:VEVENT\r\n\
    UID:7@broedplaats\r\nSUMMARY:Kenniscafé\r\nDTSTART:20261217T140000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn mail() -> OutgoingMail {
    OutgoingMail {
        to_email: "anouk@example.org".into(),
        to_name: "Anouk de Vries".into(),
        subject: "Aangemeld: Kenniscafe wijkteams".into(),
        text: "Beste Anouk,\n\nU bent aangemeld voor het kenniscafé.\n".into(),
        html: "<p>Beste Anouk,</p><p>U bent aangemeld voor het kenniscafé.</p>".into(),
        attachments: vec![Attachment {
            filename: "activiteit.ics".into(),
            content_type: ICS_CONTENT_TYPE.into(),
            bytes: ICS.as_bytes().to_vec(),
        }],
        headers: vec![],
    }
}

/// The body of the part whose headers contain `marker`, up to the next boundary line.
fn part_body<'a>(raw: &'a str, marker: &str) -> &'a str {
    let start = raw.find(marker).unwrap_or_else(|| panic!("no part with {marker} in\n{raw}"));
    let rest = &raw[start..];
    let rest = &rest[rest.find("\r\n\r\n").expect("end of part headers") + 4..];
    &rest[..rest.find("\r\n--").expect("boundary after the part")]
}

#[tokio::test]
async fn smtp_delivers_the_whole_message() {
    let (port, inbox) = smtp_server();
    let mailer = smtp(port);
    assert!(!mailer.is_for_development());

    mailer.send("Broedplaats <noreply@broedplaats.example>", &mail()).await.expect("sent");

    let got = inbox.recv_timeout(Duration::from_secs(10)).expect("the server received a message");
    assert_eq!(got.from, "noreply@broedplaats.example");
    assert_eq!(got.to, ["anouk@example.org"]);
    let raw = got.raw;
    assert!(raw.contains("Subject: Aangemeld: Kenniscafe wijkteams\r\n"), "{raw}");
    assert!(raw.contains("To: \"Anouk de Vries\" <anouk@example.org>"), "{raw}");
    assert!(raw.contains("Content-Type: multipart/mixed"), "{raw}");
    assert!(raw.contains("Content-Type: multipart/alternative"), "{raw}");
    assert!(raw.contains("Content-Type: text/plain; charset=utf-8"), "{raw}");
    assert!(raw.contains("Content-Type: text/html; charset=utf-8"), "{raw}");
    assert!(part_body(&raw, "text/plain").contains("Beste Anouk,"), "{raw}");
    assert!(part_body(&raw, "text/html").contains("<p>Beste Anouk,</p>"), "{raw}");

    assert!(raw.contains("Content-Disposition: attachment; filename=\"activiteit.ics\""), "{raw}");
    assert!(raw.contains("Content-Type: text/calendar; charset=utf-8; method=PUBLISH"), "{raw}");
    let encoded = part_body(&raw, "text/calendar").replace("\r\n", "");
    let ics = base64::engine::general_purpose::STANDARD.decode(encoded).expect("base64 attachment");
    let ics = String::from_utf8(ics).expect("utf-8 calendar");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert_eq!(ics, ICS);
}

#[tokio::test]
async fn an_unreachable_server_is_an_error_not_a_panic() {
    // A port that was free a moment ago and has no listener now.
    let port = TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("address").port();
    let error = smtp(port).send("noreply@broedplaats.example", &mail()).await.expect_err("nobody listens");
    assert!(error.contains(&format!("127.0.0.1:{port}")), "{error}");
}

/// Removes quoted-printable soft line breaks (the cancel link may be wrapped; its token has no `=`).
fn unwrap_qp(s: &str) -> String {
    s.replace("=\r\n", "")
}

#[tokio::test]
async fn a_registration_reaches_a_real_smtp_server_with_its_calendar_and_cancel_link() {
    let (port, inbox) = smtp_server();
    let app = TestApp::spawn().await;
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d");
    let list = app
        .api(
            Method::GET,
            &format!("/api/v1/werkplaatsen/zhz/activities?kind=kenniscafe&from={tomorrow}&limit=1"),
            None,
            None,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let id = list.json()["items"][0]["id"].as_i64().expect("an upcoming kenniscafe in the demo");
    let path = format!("/api/v1/werkplaatsen/zhz/activities/{id}/registrations");
    let body = json!({ "name": "Anouk de Vries", "email": "anouk@example.org", "organisation": "Buurtteam Oost" });
    let r = app.api(Method::POST, &path, None, Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json());
    let cancel_url = app.cancel_url("zhz", id, "anouk@example.org").await;
    let token = cancel_url.rsplit('/').next().expect("token").to_owned();

    // The worker, as `serve` runs it, but sending to the test server.
    let worker = app.core.clone().with_mailer(smtp(port), "Broedplaats <noreply@broedplaats.example>".into());
    assert!(worker.run_due_jobs(chrono::Utc::now()).await.expect("jobs run") >= 1);
    let got = loop {
        let m = inbox.recv_timeout(Duration::from_secs(10)).expect("the confirmation arrives");
        if m.to == ["anouk@example.org"] {
            break m;
        }
    };
    let raw = unwrap_qp(&got.raw);
    assert!(part_body(&raw, "text/plain").contains(&token), "the text part carries the cancel link:\n{raw}");
    assert!(part_body(&raw, "text/html").contains(&token), "the HTML part carries the cancel link:\n{raw}");
    assert!(raw.contains("filename=\"activiteit.ics\""), "{raw}");
    let encoded = part_body(&got.raw, "text/calendar").replace("\r\n", "");
    let ics =
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).expect("base64")).expect("utf-8");
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam"), "{ics}");
    assert!(ics.contains("SUMMARY:Kenniscafé"), "{ics}");
    assert!(ics.contains("DTSTART;TZID=Europe/Amsterdam:"), "{ics}");

    // Running the jobs again sends nothing twice.
    worker.run_due_jobs(chrono::Utc::now()).await.expect("jobs run");
    assert!(inbox.recv_timeout(Duration::from_millis(300)).map(|m| m.to != ["anouk@example.org"]).unwrap_or(true));

    // The link in the email cancels the registration.
    let r = app.api(Method::DELETE, &format!("{path}/{token}"), None, None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let again = app
        .api(Method::POST, &path, None, Some(json!({ "name": "Anouk de Vries", "email": "anouk@example.org" })))
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "after cancelling, registering again makes a new registration");
}

/// A mail server that takes a second to accept each message: it reports the recipients when the
/// message data starts and again when it has accepted it.
#[derive(Clone)]
struct SlowInbox {
    to: Vec<String>,
    events: mpsc::Sender<(&'static str, Vec<String>)>,
}

impl Handler for SlowInbox {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        let _ = self.events.send(("started", self.to.clone()));
        response::OK
    }

    fn data_end(&mut self) -> Response {
        std::thread::sleep(Duration::from_secs(1));
        let _ = self.events.send(("accepted", self.to.clone()));
        response::OK
    }
}

/// Told to stop while a mail is being sent, the worker (as `serve` runs it, stopped on SIGTERM)
/// finishes that job and starts no other: the mail arrives, and running the queue later — even
/// after the job's lock would have expired — does not send it again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_finishes_the_mail_it_is_sending_when_stopped() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
    let port = listener.local_addr().expect("local address").port();
    let (tx, events) = mpsc::channel();
    let mut server = Server::new(SlowInbox { to: Vec::new(), events: tx });
    server.with_name("smtp.test").with_ssl(SslConfig::None).expect("no tls").with_tcp_listener(listener);
    std::thread::spawn(move || {
        if let Err(e) = server.serve() {
            eprintln!("test SMTP server stopped: {e}");
        }
    });
    let app = TestApp::spawn().await;
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d");
    let list = app
        .api(
            Method::GET,
            &format!("/api/v1/werkplaatsen/zhz/activities?kind=kenniscafe&from={tomorrow}&limit=1"),
            None,
            None,
        )
        .await;
    let id = list.json()["items"][0]["id"].as_i64().expect("an upcoming kenniscafe in the demo");
    let path = format!("/api/v1/werkplaatsen/zhz/activities/{id}/registrations");
    let r = app.api(Method::POST, &path, None, Some(json!({ "name": "Sem Smit", "email": "sem@example.org" }))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json());

    let core = app.core.clone().with_mailer(smtp(port), "Broedplaats <noreply@broedplaats.example>".into());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(core.clone().run_worker(async {
        let _ = stopped.await;
    }));
    let events = std::sync::Arc::new(std::sync::Mutex::new(events));
    let waiting = events.clone();
    let (what, in_flight) = tokio::task::spawn_blocking(move || {
        waiting.lock().expect("lock").recv_timeout(Duration::from_secs(10)).expect("a mail is being sent")
    })
    .await
    .expect("task");
    assert_eq!(what, "started");
    stop.send(()).expect("worker listens");
    tokio::time::timeout(Duration::from_secs(10), worker).await.expect("the worker stops").expect("worker task");
    // The mail in flight was finished before the worker stopped, and no other was started.
    let (what, to) = events.lock().expect("lock").try_recv().expect("the mail in flight was accepted");
    assert_eq!((what, &to), ("accepted", &in_flight));
    assert!(events.lock().expect("lock").try_recv().is_err(), "no further mail after the stop");

    // Later (past any lock of 10 minutes): the rest of the queue, but not that mail again.
    let later = chrono::Utc::now() + chrono::Duration::minutes(11);
    core.run_due_jobs(later).await.expect("jobs run");
    // Each event is sent before the server answers, so all are in the channel by now.
    let again: Vec<Vec<String>> =
        events.lock().expect("lock").try_iter().filter(|(what, _)| *what == "accepted").map(|(_, to)| to).collect();
    assert!(!again.contains(&in_flight), "the mail finished at the stop was sent again: {in_flight:?}");
}

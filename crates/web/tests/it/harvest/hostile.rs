//! Hostile sources, served by a tiny server here on loopback: a source that never answers, one
//! with malformed XML, a billion-laughs DOCTYPE, a 2 GB answer streamed lazily, a redirect loop,
//! and one on a private address refused without the allow setting. Each gets a clear Dutch error
//! on the source, and the good source harvested in the same run is unharmed.
use super::{add, app, harvested_hits};
use crate::common::{COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const GOOD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-05-01T10:00:00Z</responseDate>
<request>http://x/oai</request><ListRecords><record><header><identifier>oai:good:1</identifier>
<datestamp>2026-04-01</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Buurtkracht in Dordrecht</dc:title>
<dc:identifier>https://good.example/1</dc:identifier></oai_dc:dc></metadata></record></ListRecords></OAI-PMH>"#;

const IDENTIFY: &str = r#"<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2026-05-01T10:00:00Z</responseDate><request>http://x/oai</request><Identify><repositoryName>x</repositoryName>
<granularity>YYYY-MM-DD</granularity></Identify></OAI-PMH>"#;

const BOMB: &str = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<OAI-PMH><responseDate>&lol9;</responseDate></OAI-PMH>"#;

async fn respond(mut socket: tokio::net::TcpStream) {
    let mut buf = vec![0u8; 4096];
    let n = socket.read(&mut buf).await.unwrap_or(0);
    let request = String::from_utf8_lossy(&buf[..n]).to_string();
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let ok = |body: &str| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let answer = if path.contains("verb=Identify") {
        ok(IDENTIFY)
    } else if path.starts_with("/good") {
        ok(GOOD)
    } else if path.starts_with("/malformed") {
        ok("<OAI-PMH><responseDate>x</responseDate><ListRecords><record></ListRecords>")
    } else if path.starts_with("/bomb") {
        ok(BOMB)
    } else if path.starts_with("/loop") {
        "HTTP/1.1 302 Found\r\nLocation: /loop/again?verb=ListRecords\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .into()
    } else if path.starts_with("/slow") {
        tokio::time::sleep(Duration::from_secs(30)).await;
        return;
    } else if path.starts_with("/huge") {
        // 2 GB, produced lazily: the harvester must stop at its cap.
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n<OAI-PMH><responseDate>";
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b'x'; 64 * 1024];
        for _ in 0..(2 * 1024 * 1024 / 64) {
            if socket.write_all(&chunk).await.is_err() {
                return;
            }
        }
        return;
    } else {
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into()
    };
    let _ = socket.write_all(answer.as_bytes()).await;
}

async fn hostile_server() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(respond(socket));
        }
    });
    port
}

#[tokio::test]
async fn hostile_sources_get_clear_errors_and_harm_nothing_else() {
    let port = hostile_server().await;
    let app = app().await;
    let base = format!("http://127.0.0.1:{port}");
    let mut ids = Vec::new();
    for path in ["slow", "malformed", "bomb", "huge", "loop", "good"] {
        ids.push((path, add(&app, &format!("{base}/{path}"), None).await));
    }
    let started = Instant::now();
    let reports = app.core.harvest_all().await.expect("runs");
    assert!(started.elapsed() < Duration::from_secs(30), "took {:?}", started.elapsed());
    let error_of = |path: &str| {
        let id = ids.iter().find(|(p, _)| *p == path).expect("known").1;
        reports.iter().find(|r| r.source_id == id).expect("reported").error.clone()
    };
    assert!(error_of("slow").expect("error").contains("binnen 3 seconden"), "{:?}", error_of("slow"));
    assert!(error_of("malformed").expect("error").contains("geen geldige XML"), "{:?}", error_of("malformed"));
    assert!(error_of("bomb").expect("error").contains("DOCTYPE"), "{:?}", error_of("bomb"));
    assert!(error_of("huge").expect("error").contains("groter dan 50 MB"), "{:?}", error_of("huge"));
    assert!(error_of("loop").expect("error").contains("doorverwijzingslus"), "{:?}", error_of("loop"));
    assert_eq!(error_of("good"), None);
    assert_eq!(
        harvested_hits(&app, "buurtkracht").await,
        vec![("Buurtkracht in Dordrecht".into(), "Peer".into(), "https://good.example/1".into())]
    );

    // The errors are on the sources, for the coordinators' page and the API; nothing was harvested from them.
    let token = app.token(COORDINATOR).await;
    let list = app.api(Method::GET, "/api/v1/harvest-sources", Some(&token), None).await.json();
    for item in list["items"].as_array().expect("items") {
        let good = item["url"].as_str().is_some_and(|u| u.contains("/good"));
        assert_eq!(item["last_error"].is_null(), good, "{item}");
        assert_eq!(item["records"], if good { 1 } else { 0 }, "{item}");
    }
    let mut browser = app.logged_in(COORDINATOR).await;
    let page = browser.get("/oogsten").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("doorverwijzingslus"), "the page shows the Dutch error");
}

/// Without `BROEDPLAATS_HARVEST_ALLOW_PRIVATE_ADDRESSES` a loopback or private source is refused
/// when added and, should one be there already (the setting was turned off), when run.
#[tokio::test]
async fn private_addresses_are_refused_without_the_setting() {
    let port = hostile_server().await;
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    for url in [
        format!("http://127.0.0.1:{port}/good"),
        "http://10.0.0.1/oai".into(),
        "http://[::1]/oai".into(),
        "http://169.254.169.254/latest/meta-data".into(),
        "http://localhost/oai".into(),
    ] {
        let r = app.api(Method::POST, "/api/v1/harvest-sources", Some(&token), Some(json!({ "url": url }))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert!(r.body.contains("privé-netwerk"), "{url}: {}", r.body);
    }
    let r = app
        .api(Method::POST, "/api/v1/harvest-sources", Some(&token), Some(json!({ "url": "file:///etc/passwd" })))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let list = app.api(Method::GET, "/api/v1/harvest-sources", Some(&token), None).await.json();
    assert_eq!(list["items"], json!([]), "nothing was stored");

    // Added while allowed, run while not: refused at the run, with the reason on the source.
    let app = app.reconfigure(|core| {
        core.with_harvest_settings(broedplaats_core::federation::HarvestSettings {
            allow_private_addresses: true,
            ..Default::default()
        })
    });
    let id = add(&app, &format!("http://127.0.0.1:{port}/good"), None).await;
    let app = app.reconfigure(|core| core.with_harvest_settings(Default::default()));
    let report = app.core.harvest_source(id).await.expect("runs");
    assert!(report.error.expect("refused").contains("privé-adres"));
    assert!(harvested_hits(&app, "buurtkracht").await.is_empty());
}

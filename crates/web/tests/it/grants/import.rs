//! The CSV import of contributions through the API (`POST …/contributions/import`, text/csv):
//! the happy path with Dutch amounts, a bad row (nothing created, a Dutch error with its line),
//! an organisation of another werkplaats refused, a Windows-1252 file from Excel, a dry run that
//! creates nothing, hostile files, and who may import. Both databases.
use super::{ZHZ, get, grant_body, organisation, post, this_year};
use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp, TestResponse};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

async fn import(app: &TestApp, token: Option<&str>, query: &str, csv: &[u8]) -> TestResponse {
    let mut b = Request::builder()
        .method(Method::POST)
        .uri(format!("{ZHZ}/contributions/import{query}"))
        .header(header::CONTENT_TYPE, "text/csv");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    app.send(b.body(Body::from(csv.to_vec())).expect("request")).await
}

async fn count(app: &TestApp, token: &str) -> usize {
    get(app, token, "/contributions").await.as_array().map_or(0, Vec::len)
}

fn messages(body: &Value, line: u64) -> String {
    body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter(|e| e["line"] == line)
        .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[tokio::test]
async fn a_good_file_is_imported_with_dutch_amounts() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let y = this_year();
    organisation(&app, &coord, "Gemeente Importdorp", "gemeente").await;
    let hs = organisation(&app, &coord, "Hogeschool Importstad", "hogeschool").await;
    let grant = post(&app, &coord, "/grants", grant_body(y)).await;
    let csv = format!(
        "organisatie;jaar;soort;bedrag;status;subsidie;uren;tarief;toelichting\n\
         gemeente importdorp;{a};geld;1.234,56;gerealiseerd;Kernsubsidie;;;Bijdrage coördinatie\n\
         {hs};{a};natura;11460.00;gerealiseerd;{grant};120;95,50;Uren docent-onderzoekers\n\
         Hogeschool Importstad;{y};natura;5.000;gepland;;;;\n",
        a = y - 1
    );
    let r = import(&app, Some(&coord), "", csv.as_bytes()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json(), json!({ "created": 3, "valid": 3, "dry_run": false, "errors": [] }));
    let list = get(&app, &coord, &format!("/contributions?year={}", y - 1)).await;
    let rows = list.as_array().expect("list");
    assert_eq!(rows.len(), 2, "{list}");
    let gem = rows.iter().find(|c| c["organisation"] == "Gemeente Importdorp").expect("the municipality");
    assert_eq!(gem["amount"], json!(1234.56));
    assert_eq!((gem["kind"].as_str(), gem["status"].as_str()), (Some("cash"), Some("realised")));
    assert_eq!(gem["grant_id"], json!(grant));
    let hsrow = rows.iter().find(|c| c["organisation_id"] == hs).expect("the hogeschool");
    assert_eq!((hsrow["hours"].clone(), hsrow["rate"].clone()), (json!(120.0), json!(95.5)));
    assert_eq!(hsrow["amount"], json!(11460.0));
    // The import counts for the matching like any realised contribution naming the grant.
    let m = get(&app, &coord, &format!("/grants/{grant}/matching")).await;
    assert_eq!(m["years"][1]["matched_total"], json!(12694.56), "{m}");
    assert_eq!(count(&app, &coord).await, 3);
}

#[tokio::test]
async fn one_bad_row_and_nothing_is_created() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let y = this_year();
    organisation(&app, &coord, "Gemeente Importdorp", "gemeente").await;
    post(&app, &coord, "/grants", grant_body(y)).await;
    let csv = format!(
        "organisatie;jaar;soort;bedrag;status;subsidie\n\
         Gemeente Importdorp;{y};geld;100;gepland;\n\
         Gemeente Importdorp;{y};goud;-5;misschien;\n\
         Gemeente Importdorp;{late};geld;10;gepland;Kernsubsidie\n",
        late = y + 5
    );
    let r = import(&app, Some(&coord), "", csv.as_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let body = r.json();
    assert_eq!(body["created"], 0);
    assert_eq!(messages(&body, 2), "", "line 2 is fine: {body}");
    let three = messages(&body, 3);
    assert!(three.contains("soort ‘goud’ is onbekend"), "{three}");
    assert!(three.contains("status ‘misschien’ is onbekend"), "{three}");
    assert!(messages(&body, 4).contains("buiten de looptijd"), "{body}");
    assert_eq!(count(&app, &coord).await, 0, "all or nothing");
    // A negative amount alone, in Dutch, with the column's name.
    let csv = format!("organisatie;jaar;soort;bedrag;status\nGemeente Importdorp;{y};geld;-5;gepland\n");
    let r = import(&app, Some(&coord), "", csv.as_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(messages(&r.json(), 2), "bedrag kan niet negatief zijn");
    assert_eq!(count(&app, &coord).await, 0);
}

#[tokio::test]
async fn an_organisation_of_another_werkplaats_is_refused() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/werkplaatsen/voorbeeld/organisations",
            Some(&other),
            Some(json!({ "name": "Partner van elders", "kind": "welzijn" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let foreign = r.json()["id"].as_i64().expect("id");
    let y = this_year();
    for who in ["Partner van elders".to_owned(), foreign.to_string()] {
        let csv = format!("organisation,year,kind,amount,status\n{who},{y},cash,10,planned\n");
        let r = import(&app, Some(&coord), "", csv.as_bytes()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let m = messages(&r.json(), 2);
        assert!(m.contains("geen partner van deze werkplaats"), "{who}: {m}");
    }
    assert_eq!(count(&app, &coord).await, 0);
}

#[tokio::test]
async fn a_windows_1252_file_from_excel_and_a_dry_run() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let y = this_year();
    organisation(&app, &coord, "Stichting Zorg Één", "zorg").await;
    // "Één" and "coördinatie" as Excel on a Dutch Windows writes them: Windows-1252, CRLF.
    let mut csv = b"organisatie;jaar;soort;bedrag;status;toelichting\r\nStichting Zorg \xc9\xe9n;".to_vec();
    csv.extend_from_slice(format!("{y};natura;").as_bytes());
    csv.extend_from_slice(b"\x80 2.500,00;gepland;co\xf6rdinatie\r\n");
    let r = import(&app, Some(&coord), "?dry_run=true", &csv).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({ "created": 0, "valid": 1, "dry_run": true, "errors": [] }));
    assert_eq!(count(&app, &coord).await, 0, "a dry run creates nothing");
    let r = import(&app, Some(&coord), "", &csv).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = get(&app, &coord, "/contributions").await;
    assert_eq!(list[0]["organisation"], "Stichting Zorg Één", "{list}");
    assert_eq!(list[0]["justification"], "coördinatie");
    assert_eq!(list[0]["amount"], json!(2500.0));
    // A dry run of a bad file lists the problems and still writes nothing.
    let r = import(&app, Some(&coord), "?dry_run=true", b"organisatie;jaar\nX;2024\n").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("verplichte kolom"), "{}", r.body);
    assert_eq!(count(&app, &coord).await, 1);
}

#[tokio::test]
async fn hostile_files_get_a_clear_error() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let y = this_year();
    organisation(&app, &coord, "Gemeente Importdorp", "gemeente").await;
    let formula = format!(
        "organisatie;jaar;soort;bedrag;status;toelichting\nGemeente Importdorp;{y};geld;1;gepland;=HYPERLINK(\"http://x\")\n"
    );
    let long = format!(
        "organisatie;jaar;soort;bedrag;status;toelichting\nGemeente Importdorp;{y};geld;1;gepland;{}\n",
        "x".repeat(5000)
    );
    for (csv, words) in [
        (formula.into_bytes(), "lijkt op een formule"),
        (long.into_bytes(), "te lang"),
        (vec![0xff, 0xfe, b'o', 0], "UTF-8"),
        (b"".to_vec(), "leeg"),
        (vec![b'a'; 3 * 1024 * 1024], "te groot"),
    ] {
        let r = import(&app, Some(&coord), "", &csv).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{words}: {}", r.body);
        assert!(r.body.contains(words), "{words}: {}", r.body);
    }
    // Over the body limit: refused before the use case reads it.
    let r = import(&app, Some(&coord), "", &vec![b'a'; 5 * 1024 * 1024]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(count(&app, &coord).await, 0);
}

#[tokio::test]
async fn only_coordinators_and_lectoren_import() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    organisation(&app, &coord, "Gemeente Importdorp", "gemeente").await;
    let csv = format!("organisatie;jaar;soort;bedrag;status\nGemeente Importdorp;{};geld;1;gepland\n", this_year());
    let r = import(&app, None, "", csv.as_bytes()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    for who in [MEMBER, OTHER_COORDINATOR] {
        let token = app.token(who).await;
        let r = import(&app, Some(&token), "", csv.as_bytes()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(count(&app, &coord).await, 0);
    let lector = app.token(LECTOR).await;
    let r = import(&app, Some(&lector), "", csv.as_bytes()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(count(&app, &coord).await, 1);
}

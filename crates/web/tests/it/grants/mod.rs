//! Grants, matching and outcomes (issue 18): the API contract, bad input changes nothing, the
//! matching figures and statuses computed by hand from the inputs made here, who may see and
//! write, the annual report's CSV and the 501 of the renderings not yet wired in. Both databases.
mod demo;
mod import;
mod inzet_pages;
mod pages;

use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use chrono::Datelike;
use serde_json::{Value, json};

pub(super) const ZHZ: &str = "/api/v1/werkplaatsen/zhz";

fn this_year() -> i64 {
    i64::from(chrono::Utc::now().year())
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> i64 {
    let r = app.api(Method::POST, &format!("{ZHZ}{path}"), Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{path}: {}", r.body);
    r.json()["id"].as_i64().expect("id")
}

pub(super) async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let r = app.api(Method::GET, &format!("{ZHZ}{path}"), Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.json()
}

/// A grant over [y-2, y+1] at €100.000 a year, 1:1 matching, funded by a new "Ministerie van VWS".
fn grant_body(y: i64) -> Value {
    json!({
        "funder": "Ministerie van VWS", "title": "Kernsubsidie", "type": "grant", "reference": "VWS-1",
        "starts_on": format!("{}-01-01", y - 2), "ends_on": format!("{}-12-31", y + 1),
        "amounts": [
            { "year": y - 2, "amount": 100000 }, { "year": y - 1, "amount": 100000 },
            { "year": y, "amount": 100000 }
        ],
        "matching_ratio": 1
    })
}

async fn organisation(app: &TestApp, token: &str, name: &str, kind: &str) -> i64 {
    let r = app
        .api(Method::POST, &format!("{ZHZ}/organisations"), Some(token), Some(json!({ "name": name, "kind": kind })))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

#[tokio::test]
async fn grant_contract_and_matching_by_hand() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let y = this_year();
    let hs = organisation(&app, &coord, "Hogeschool Testpartner", "hogeschool").await;
    let gem = organisation(&app, &coord, "Gemeente Testdorp", "gemeente").await;
    let id = post(&app, &coord, "/grants", grant_body(y)).await;
    let g = get(&app, &coord, &format!("/grants/{id}")).await;
    assert_eq!(g["title"], "Kernsubsidie");
    assert_eq!(g["type"], "grant");
    assert_eq!(g["funder"], "Ministerie van VWS");
    assert_eq!(g["amounts"][0], json!({ "year": y - 2, "amount": 100000.0 }));
    // The funder became an organisation of the werkplaats, kind overig.
    let funder = g["funder_id"].as_i64().expect("funder id");
    let org = get(&app, &coord, &format!("/organisations/{funder}")).await;
    assert_eq!((org["name"].as_str(), org["kind"].as_str()), (Some("Ministerie van VWS"), Some("overig")));
    // The same name again reuses it.
    let second = post(
        &app,
        &coord,
        "/grants",
        json!({ "funder": "Ministerie van VWS", "title": "Tweede",
        "type": "award", "starts_on": format!("{y}-01-01"), "ends_on": format!("{y}-12-31") }),
    )
    .await;
    assert_eq!(get(&app, &coord, &format!("/grants/{second}")).await["funder_id"].as_i64(), Some(funder));

    // Two years ago: €60.000 cash + €30.000 in kind realised → 0.9, a violation.
    // Last year: €70.000 + €30.000 → exactly 1:1, ok. A planned €500.000 never counts as matched.
    // This year: €10.000 realised, €80.000 planned → warning, expected shortfall €20.000.
    // Next year: no grant amount → not_assessable.
    for (org, year, kind, amount, status) in [
        (hs, y - 2, "cash", 60000.0, "realised"),
        (gem, y - 2, "in_kind", 30000.0, "realised"),
        (hs, y - 1, "cash", 70000.0, "realised"),
        (gem, y - 1, "in_kind", 30000.0, "realised"),
        (gem, y - 1, "cash", 500000.0, "planned"),
        (hs, y, "in_kind", 10000.0, "realised"),
        (hs, y, "cash", 80000.0, "planned"),
    ] {
        post(
            &app,
            &coord,
            "/contributions",
            json!({ "organisation": org, "year": year, "kind": kind,
            "amount": amount, "status": status, "grant_id": id, "hours": 10, "rate": 95.5,
            "justification": "Uren van docent-onderzoekers" }),
        )
        .await;
    }
    // A realised contribution without the grant does not count for it.
    post(
        &app,
        &coord,
        "/contributions",
        json!({ "organisation": "Gemeente Testdorp", "year": y - 2,
        "kind": "cash", "amount": 99999, "status": "realised" }),
    )
    .await;

    let m = get(&app, &coord, &format!("/grants/{id}/matching")).await;
    let years = m["years"].as_array().expect("years");
    assert_eq!(years.len(), 4, "{m}");
    let pick = |i: usize, f: &str| years[i][f].clone();
    assert_eq!(pick(0, "year"), json!(y - 2));
    assert_eq!(pick(0, "grant"), json!(100000.0));
    assert_eq!(pick(0, "matched_cash"), json!(60000.0));
    assert_eq!(pick(0, "matched_in_kind"), json!(30000.0));
    assert_eq!(pick(0, "matched_total"), json!(90000.0));
    assert_eq!(pick(0, "ratio"), json!(0.9));
    assert_eq!(pick(0, "status"), "violation");
    assert_eq!(pick(1, "matched_total"), json!(100000.0));
    assert_eq!(pick(1, "ratio"), json!(1.0));
    assert_eq!(pick(1, "status"), "ok");
    assert_eq!(pick(2, "status"), "warning");
    assert_eq!(pick(2, "expected_shortfall"), json!(20000.0));
    assert_eq!(pick(3, "grant"), Value::Null);
    assert_eq!(pick(3, "status"), "not_assessable");

    // Filters of the contributions list.
    let list = get(&app, &coord, &format!("/contributions?year={}&grant_id={id}", y - 2)).await;
    assert_eq!(list.as_array().expect("list").len(), 2, "{list}");
    assert_eq!(list[0]["organisation_kind"], "gemeente");
    let all = get(&app, &coord, "/contributions").await;
    assert_eq!(all.as_array().expect("list").len(), 8);

    // The live governance check lists the violation and the warning.
    let gov = get(&app, &coord, "/governance").await;
    let check = gov["checks"].as_array().expect("checks").iter().find(|c| c["rule"] == "grant_matching").cloned();
    let check = check.unwrap_or_else(|| panic!("no grant_matching check: {gov}"));
    assert_eq!(check["status"], "violation", "{check}");
    let message = check["message"].as_str().expect("message");
    assert!(message.contains("Kernsubsidie") && message.contains(&(y - 2).to_string()), "{message}");

    // Update and delete.
    let mut body = grant_body(y);
    body["title"] = json!("Kernsubsidie VWS");
    let r = app.api(Method::PUT, &format!("{ZHZ}/grants/{id}"), Some(&coord), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["title"], "Kernsubsidie VWS");
    let r = app.api(Method::DELETE, &format!("{ZHZ}/grants/{second}"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.api(Method::GET, &format!("{ZHZ}/grants/{second}"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, &coord, "/grants").await.as_array().expect("grants").len(), 1);
}

#[tokio::test]
async fn budget_lines_must_add_up() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let y = this_year();
    let id = post(&app, &coord, "/grants", grant_body(y)).await;
    let lines = format!("/grants/{id}/budget-lines");
    let line = post(
        &app,
        &coord,
        &lines,
        json!({ "name": "Coördinatie",
        "amounts": [{ "year": y - 1, "planned": 60000, "realised": 58000.5 }] }),
    )
    .await;
    // 60.000 + 50.000 > 100.000 in y-1: refused, nothing written.
    for (body, field) in [
        (json!({ "name": "Onderzoekers", "amounts": [{ "year": y - 1, "planned": 50000 }] }), "amounts"),
        (json!({ "name": "Onderzoekers", "amounts": [{ "year": y + 5, "planned": 1 }] }), "amounts[0].year"),
        (json!({ "name": "Onderzoekers", "amounts": [{ "year": y, "planned": -1 }] }), "amounts[0].planned"),
        (json!({ "name": "Coördinatie", "amounts": [] }), "name"),
    ] {
        let r = app.api(Method::POST, &format!("{ZHZ}{lines}"), Some(&coord), Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.json()["error"]["fields"][field].is_string(), "{field}: {}", r.body);
    }
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}{lines}"),
            Some(&coord),
            Some(json!({ "name": "Onderzoekers", "amounts": [{ "year": y - 1, "planned": 50000 }] })),
        )
        .await;
    assert!(r.json()["error"]["message"].as_str().unwrap_or_default().contains("begroting klopt niet"), "{}", r.body);
    let listed = get(&app, &coord, &lines).await;
    assert_eq!(listed.as_array().expect("lines").len(), 1, "{listed}");
    assert_eq!(listed[0]["amounts"][0], json!({ "year": y - 1, "planned": 60000.0, "realised": 58000.5 }));
    // Lowering the grant amount below the lines is refused too.
    let mut body = grant_body(y);
    body["amounts"][1]["amount"] = json!(50000);
    let r = app.api(Method::PUT, &format!("{ZHZ}/grants/{id}"), Some(&coord), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(get(&app, &coord, &format!("/grants/{id}")).await["amounts"][1]["amount"], json!(100000.0));
    // A fitting change and a delete.
    let r = app
        .api(
            Method::PUT,
            &format!("{ZHZ}{lines}/{line}"),
            Some(&coord),
            Some(json!({ "name": "Coördinatie", "amounts": [{ "year": y - 1, "planned": 100000 }] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.api(Method::DELETE, &format!("{ZHZ}{lines}/{line}"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(get(&app, &coord, &lines).await.as_array().expect("lines").is_empty());
}

#[tokio::test]
async fn bad_input_gets_dutch_errors_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let y = this_year();
    let id = post(&app, &coord, "/grants", grant_body(y)).await;
    // An organisation of voorbeeld.
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
    let hs = organisation(&app, &coord, "Hogeschool Testpartner", "hogeschool").await;
    let ok =
        json!({ "organisation": hs, "year": y, "kind": "cash", "amount": 10, "status": "realised", "grant_id": id });
    let with = |k: &str, v: Value| {
        let mut b = ok.clone();
        b[k] = v;
        b
    };
    for (body, field, words) in [
        (with("amount", json!(-5)), "amount", "negatief"),
        (with("organisation", json!(foreign)), "organisation", "geen partner van deze werkplaats"),
        (with("organisation", json!("Partner van elders")), "organisation", "geen partner"),
        (with("year", json!(y + 3)), "year", "buiten de looptijd"),
        (with("kind", json!("goud")), "kind", "cash, in_kind"),
        (with("grant_id", json!(999_999)), "grant_id", ""),
        (with("amount", json!(0.001)), "amount", ""),
    ] {
        let r = app.api(Method::POST, &format!("{ZHZ}/contributions"), Some(&coord), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.body);
        let msg =
            r.json()["error"]["fields"][field].as_str().unwrap_or_else(|| panic!("{field}: {}", r.body)).to_owned();
        assert!(msg.contains(words), "{field}: {msg}");
    }
    assert!(get(&app, &coord, "/contributions").await.as_array().expect("list").is_empty());
    // Grants: a negative amount, a year outside the period, the end before the start, an unknown type.
    let mut bad = grant_body(y);
    bad["amounts"][0]["amount"] = json!(-1);
    bad["amounts"][1]["year"] = json!(y + 9);
    bad["type"] = json!("subsidie");
    bad["ends_on"] = json!(format!("{}-01-01", y - 5));
    let r = app.api(Method::POST, &format!("{ZHZ}/grants"), Some(&coord), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let body = r.json();
    let fields = &body["error"]["fields"];
    for f in ["amounts[0].amount", "type", "ends_on"] {
        assert!(fields[f].is_string(), "{f}: {fields}");
    }
    let mut outside = grant_body(y);
    outside["amounts"][0]["year"] = json!(y - 3);
    let r = app.api(Method::POST, &format!("{ZHZ}/grants"), Some(&coord), Some(outside)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.json()["error"]["fields"]["amounts[0].year"].as_str().unwrap_or_default().contains("looptijd"),
        "{}",
        r.body
    );
    // part_of itself, and a funder id of another werkplaats.
    let mut own = grant_body(y);
    own["part_of"] = json!(id);
    let r = app.api(Method::PUT, &format!("{ZHZ}/grants/{id}"), Some(&coord), Some(own)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let mut theirs = grant_body(y);
    theirs["funder"] = json!(foreign);
    let r = app.api(Method::POST, &format!("{ZHZ}/grants"), Some(&coord), Some(theirs)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(get(&app, &coord, "/grants").await.as_array().expect("grants").len(), 1);
    // Outcomes: an unknown beneficiary, evidence with two things, an activity of nowhere.
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/outcomes"),
            Some(&coord),
            Some(json!({
                "title": "Meer ouderen thuis", "year": y, "beneficiaries": ["citizens", "honden"],
                "evidence": [{ "url": "https://example.org", "activity_id": 1 }, { "activity_id": 999999 },
                             { "figure": { "label": "Deelnemers", "value": 120, "source": "Presentielijst" } }]
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.json()["error"]["fields"]["evidence[0]"].as_str().unwrap_or_default().contains("precies één"),
        "{}",
        r.body
    );
    assert!(r.json()["error"]["fields"]["beneficiaries"].is_string(), "{}", r.body);
    assert!(get(&app, &coord, "/outcomes").await.as_array().expect("outcomes").is_empty());
}

#[tokio::test]
async fn outcomes_and_the_annual_report() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let lector = app.token(LECTOR).await;
    let y = this_year();
    let id = post(&app, &coord, "/grants", grant_body(y)).await;
    let hs = organisation(&app, &coord, "Hogeschool Testpartner", "hogeschool").await;
    let c1 = post(
        &app,
        &coord,
        "/contributions",
        json!({ "organisation": hs, "year": y - 1, "kind": "cash",
        "amount": 1234.56, "status": "realised", "grant_id": id }),
    )
    .await;
    post(
        &app,
        &lector,
        "/contributions",
        json!({ "organisation": "Hogeschool Testpartner", "year": y - 1,
        "kind": "in_kind", "amount": 100, "status": "realised", "justification": "=cmd|' /C calc'!A0" }),
    )
    .await;
    let o = post(
        &app,
        &coord,
        "/outcomes",
        json!({
            "title": "Meer ouderen thuis", "description": "Wijkteams werken samen.", "year": y - 1,
            "beneficiaries": ["citizens", "professionals"], "status": "in_progress", "contribution_ids": [c1],
            "evidence": [{ "url": "https://example.org/verslag" },
                         { "figure": { "label": "Deelnemers", "value": 120, "source": "Presentielijst" } }],
            "four_os": ["onderzoek"]
        }),
    )
    .await;
    let got = get(&app, &coord, &format!("/outcomes/{o}")).await;
    assert_eq!(got["status"], "in_progress");
    assert_eq!(got["beneficiaries"], json!(["citizens", "professionals"]));
    assert_eq!(got["evidence"][1]["figure"]["value"], json!(120.0));
    assert_eq!(get(&app, &coord, &format!("/outcomes?year={y}")).await.as_array().map(Vec::len), Some(0));

    // Narratives saved as versions; the newest is used.
    let path = format!("{ZHZ}/reports/annual/versions");
    for text in ["Eerste versie.", "Het jaar waarin wijkteams gingen samenwerken."] {
        let r = app
            .api(Method::POST, &path, Some(&coord), Some(json!({ "year": y - 1, "narratives": { "outcomes": text } })))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = app
        .api(Method::POST, &path, Some(&coord), Some(json!({ "year": y - 1, "narratives": { "onzin": "x" } })))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let versions = get(&app, &coord, &format!("/reports/annual/versions?year={}", y - 1)).await;
    assert_eq!(versions.as_array().map(Vec::len), Some(2));
    assert_eq!(versions[0]["narratives"]["outcomes"], "Het jaar waarin wijkteams gingen samenwerken.");

    let hostile =
        json!({ "title": "=cmd|' /C calc'!A0", "description": "x", "year": y - 1, "beneficiaries": ["citizens"] });
    post(&app, &coord, "/outcomes", hostile).await;
    let r = app.get(&format!("{ZHZ}/reports/annual?year={}&format=csv", y - 1)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let table = |name: &str| format!("{ZHZ}/reports/annual?year={}&format=csv&table={name}", y - 1);
    let r = app.api(Method::GET, &table("Inzet%20per%20partner"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("text/csv; charset=utf-8"));
    let disposition = r.headers.get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert_eq!(disposition, format!("attachment; filename=\"jaarverslag-{}-zhz.csv\"", y - 1));
    // One row per partner: realised in cash, realised in kind, promised.
    assert!(r.body.contains("Hogeschool Testpartner;hogeschool;1234,56;100,00;0,00"), "{}", r.body);
    let r = app.api(Method::GET, &table("Resultaten"), Some(&coord), None).await;
    // A formula never reaches a spreadsheet as one.
    assert!(r.body.contains("\n'=cmd") && !r.body.contains("\n=cmd"), "{}", r.body);
    assert!(r.body.contains("Meer ouderen thuis;bezig;citizens, professionals;2"), "{}", r.body);
    let r = app.api(Method::GET, &table("Onzin"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["table"].as_str().unwrap_or_default().contains("Matching"), "{}", r.body);
    // Without a table: every table as its own CSV in one ZIP.
    let r = app.api(Method::GET, &format!("{ZHZ}/reports/annual?year={}&format=csv", y - 1), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/zip"));
    let zip = zip::ZipArchive::new(std::io::Cursor::new(r.bytes.clone())).expect("a ZIP");
    let names: Vec<String> = zip.file_names().map(|n| n.expect("a file name").into_owned()).collect();
    for name in ["Matching.csv", "Inzet per partner.csv", "Begroting.csv", "Resultaten.csv"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    // Per grant, its own file name.
    let r = app
        .api(Method::GET, &format!("{ZHZ}/reports/annual?year={}&format=csv&grant_id={id}", y - 1), Some(&coord), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let disposition = r.headers.get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(disposition.contains(&format!("jaarverslag-{}-zhz-subsidie-{id}.zip", y - 1)), "{disposition}");
    rendered_files_carry_the_figures(&app, &coord, y - 1).await;
    for (query, status) in [
        (format!("year={}&format=docx", y - 1), StatusCode::UNPROCESSABLE_ENTITY),
        ("format=csv".to_owned(), StatusCode::UNPROCESSABLE_ENTITY),
        (format!("year={}&format=csv&grant_id=999999", y - 1), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let r = app.api(Method::GET, &format!("{ZHZ}/reports/annual?{query}"), Some(&coord), None).await;
        assert_eq!(r.status, status, "{query}: {}", r.body);
    }
}

/// The PDF and the XLSX of the report, read by programs no one here wrote: poppler's `pdftotext`
/// and Python's `openpyxl` (both installed by scripts/test). Run by hand without them: SKIPPED.
async fn rendered_files_carry_the_figures(app: &TestApp, coord: &str, year: i64) {
    let file = |format: &str| format!("{ZHZ}/reports/annual?year={year}&format={format}");
    let pdf = app.api(Method::GET, &file("pdf"), Some(coord), None).await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert_eq!(pdf.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let xlsx = app.api(Method::GET, &file("xlsx"), Some(coord), None).await;
    assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.body);
    assert!(xlsx.bytes.starts_with(b"PK"));
    let dir = tempfile::tempdir().expect("dir");
    let (pdf_path, xlsx_path) = (dir.path().join("r.pdf"), dir.path().join("r.xlsx"));
    std::fs::write(&pdf_path, &pdf.bytes).expect("write pdf");
    std::fs::write(&xlsx_path, &xlsx.bytes).expect("write xlsx");

    match std::process::Command::new("pdftotext").arg("-layout").arg(&pdf_path).arg("-").output() {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("Hogeschool Testpartner"), "{text}");
            assert!(text.contains("1.234,56"), "Dutch money in the PDF: {text}");
            assert!(text.contains("Meer ouderen thuis"), "{text}");
        }
        Err(_) if std::env::var("BROEDPLAATS_TEST_PY").is_err() => eprintln!("SKIPPED: pdftotext is not installed"),
        Err(e) => panic!("pdftotext must run under scripts/test: {e}"),
    }
    let Ok(python) = std::env::var("BROEDPLAATS_TEST_PY") else {
        eprintln!("SKIPPED: BROEDPLAATS_TEST_PY is not set (a python with openpyxl)");
        return;
    };
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Inzet per partner"]
header = [c.value for c in ws[1]]
amount = header.index("Gerealiseerd in geld") + 1
rows = [row for row in ws.iter_rows(min_row=2) if isinstance(row[0].value, str) and row[0].value != "Totaal"]
values = [row[amount - 1].value for row in rows] + [row[amount].value for row in rows]
print("sheets", ",".join(wb.sheetnames))
print("numbers", all(isinstance(v, (int, float)) for v in values))
print("format", ws.cell(row=2, column=amount).number_format)
print("sum", round(sum(values), 2))
"#;
    let out = std::process::Command::new(python).arg("-c").arg(script).arg(&xlsx_path).output().expect("python");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("sheets Overzicht,") && text.contains("Matching"), "{text}");
    assert!(text.contains("numbers True"), "{text}");
    assert!(text.contains("format €"), "{text}");
    assert!(text.contains("sum 1334.56"), "the two contributions of the year: {text}");
}

#[tokio::test]
async fn financial_figures_are_for_coordinators_and_lectoren() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let y = this_year();
    let id = post(&app, &coord, "/grants", grant_body(y)).await;
    let member = app.token(MEMBER).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let lector = app.token(LECTOR).await;
    for path in
        ["/grants".to_owned(), format!("/grants/{id}/matching"), "/contributions".to_owned(), "/outcomes".to_owned()]
    {
        let url = format!("{ZHZ}{path}");
        assert_eq!(app.api(Method::GET, &url, None, None).await.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(app.api(Method::GET, &url, Some(&member), None).await.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(app.api(Method::GET, &url, Some(&other), None).await.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(app.api(Method::GET, &url, Some(&lector), None).await.status, StatusCode::OK, "{path}");
    }
    // voorbeeld's coordinator cannot reach zhz's grant through their own werkplaats either.
    let r = app.api(Method::GET, &format!("/api/v1/werkplaatsen/voorbeeld/grants/{id}"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.api(Method::DELETE, &format!("/api/v1/werkplaatsen/voorbeeld/grants/{id}"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.api(Method::POST, &format!("{ZHZ}/grants"), Some(&member), Some(grant_body(y))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&app, &coord, "/grants").await.as_array().map(Vec::len), Some(1));
}

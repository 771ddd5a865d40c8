//! The grants pages (issue 18): the dashboard shows the figures of data made through the API in
//! Dutch money format, each chart with its table; the grant form creates, changes and deletes
//! (after a confirmation), and bad input (a negative amount, an end before the start, a budget
//! that does not add up) is shown in Dutch and changes nothing; members get 403, anonymous
//! visitors the login page; the annual report's narratives are saved as versions 1 and 2.
use super::{get, organisation, post};
use crate::common::{COORDINATOR, LECTOR, MEMBER, TestApp};
use axum::http::{Method, StatusCode, header};
use serde_json::json;

const PAGES: &str = "/werkplaatsen/zhz/subsidies";

#[tokio::test]
async fn the_dashboard_shows_the_figures_of_the_api() {
    let app = TestApp::spawn().await;
    let mut lector = app.logged_in(LECTOR).await;
    let empty = lector.get(PAGES).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Nog geen subsidies") && empty.body.contains("/subsidies/nieuw"), "{}", empty.body);
    assert!(!empty.body.contains("role=\"img\""), "no charts without grants");

    let coord = app.token(COORDINATOR).await;
    let hs = organisation(&app, &coord, "Hogeschool Dashboard", "hogeschool").await;
    let gem = organisation(&app, &coord, "Gemeente Dashboard", "gemeente").await;
    let id = post(
        &app,
        &coord,
        "/grants",
        json!({ "funder": "Ministerie van VWS", "title": "Kernsubsidie ZHZ", "type": "grant",
                "starts_on": "2023-01-01", "ends_on": "2026-12-31", "matching_ratio": 1,
                "amounts": [{ "year": 2023, "amount": 185000 }, { "year": 2024, "amount": 185000 }] }),
    )
    .await;
    for (org, kind, amount, status) in
        [(hs, "cash", 100000.0, "realised"), (gem, "in_kind", 50000.0, "realised"), (gem, "cash", 7000.0, "planned")]
    {
        post(
            &app,
            &coord,
            "/contributions",
            json!({ "organisation": org, "year": 2024, "kind": kind,
            "amount": amount, "status": status, "grant_id": id }),
        )
        .await;
    }
    post(
        &app,
        &coord,
        &format!("/grants/{id}/budget-lines"),
        json!({ "name": "Coördinatie",
        "amounts": [{ "year": 2024, "planned": 120000, "realised": 95000.5 }] }),
    )
    .await;
    post(
        &app,
        &coord,
        "/outcomes",
        json!({ "title": "Wijkteams werken samen", "year": 2024,
        "beneficiaries": ["citizens", "professionals"], "status": "achieved" }),
    )
    .await;

    let page = lector.get(&format!("{PAGES}?jaar=2024")).await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    // Grant vs matching: € 185.000 against € 100.000 cash + € 50.000 in kind = € 150.000, 81,1%;
    // 2024 is over, so matching fell short: a violation, in colour and in words.
    for want in [
        "Kernsubsidie ZHZ",
        "€ 185.000",
        "€ 100.000",
        "€ 50.000",
        "€ 150.000",
        "81,1%",
        "Niet voldaan",
        "badge-check-violation",
    ] {
        assert!(b.contains(want), "{want}: {b}");
    }
    // Per kind of partner: realised cash and in kind, the planned € 7.000 apart.
    assert!(b.contains("Hogeschool") && b.contains("Gemeente") && b.contains("€ 7.000"), "{b}");
    // Budget: planned € 120.000, realised € 95.000,50, difference € -24.999,50.
    assert!(b.contains("€ 120.000") && b.contains("€ 95.000,50") && b.contains("-24.999,50"), "{b}");
    // Outcomes per beneficiary group.
    assert!(b.contains("Inwoners") && b.contains("Professionals"), "{b}");
    // Four charts, each an image with a title and a description, each followed by its table.
    assert_eq!(b.matches("role=\"img\"").count(), 4, "{b}");
    assert_eq!(b.matches("<desc id=").count(), 4);
    assert!(b.matches("<caption>").count() >= 5, "the list and four tables");
    assert!(b.contains("<th scope=\"col\">") && b.contains("<th scope=\"row\">"));
    assert!(b.contains(&format!("href=\"{PAGES}/{id}\"")), "the list links the grant");
    // The year selector names the grant's years and holds 2024.
    assert!(b.contains("<option value=\"2023\"") && b.contains("<option value=\"2024\" selected>"), "{b}");
    // Another year: no contributions there.
    let y2023 = lector.get(&format!("{PAGES}?jaar=2023")).await;
    assert!(!y2023.body.contains("€ 150.000"), "{}", y2023.body);

    // The grant's page: matching per year with required, realised, planned and status.
    let show = lector.get(&format!("{PAGES}/{id}")).await;
    assert_eq!(show.status, StatusCode::OK);
    for want in [
        "Ministerie van VWS",
        "Subsidie",
        "€ 185.000",
        "€ 150.000",
        "Niet voldaan",
        "Coördinatie",
        "€ 95.000,50",
        "1 : 1",
    ] {
        assert!(show.body.contains(want), "{want}: {}", show.body);
    }
}

#[tokio::test]
async fn member_gets_403_and_anonymous_the_login() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let id = post(
        &app,
        &coord,
        "/grants",
        json!({ "funder": "Provincie", "title": "Geheim", "type": "gift",
        "starts_on": "2024-01-01", "ends_on": "2024-12-31", "amounts": [{ "year": 2024, "amount": 1000 }] }),
    )
    .await;
    let mut member = app.logged_in(MEMBER).await;
    for path in [
        PAGES.to_owned(),
        format!("{PAGES}/nieuw"),
        format!("{PAGES}/{id}"),
        format!("{PAGES}/{id}/bewerken"),
        "/werkplaatsen/zhz/verantwoording".to_owned(),
    ] {
        let r = member.get(&path).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!r.body.contains("Geheim") && !r.body.contains("€ 1.000"), "{path}");
        let anon = app.get(&path).await;
        assert!(anon.status.is_redirection() && anon.location().starts_with("/inloggen"), "{path}: {}", anon.status);
    }
    let r = member
        .post_form(
            &format!("{PAGES}/nieuw"),
            &[
                ("funder", "X"),
                ("title", "Van een lid"),
                ("type", "gift"),
                ("starts_on", "2024-01-01"),
                ("ends_on", "2024-12-31"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = member.post_form(&format!("{PAGES}/{id}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let grants = get(&app, &coord, "/grants").await;
    assert_eq!(grants.as_array().map(Vec::len), Some(1), "{grants}");
    // The governance page links managers to the grants; members do not get the link.
    let mut c = app.logged_in(COORDINATOR).await;
    assert!(c.get("/werkplaatsen/zhz/governance").await.body.contains(PAGES));
    assert!(!member.get("/werkplaatsen/zhz/governance").await.body.contains(PAGES));
    assert!(c.get("/werkplaatsen/zhz").await.body.contains("Subsidies en verantwoording"));
}

#[tokio::test]
async fn create_change_and_delete_through_the_form() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mut c = app.logged_in(COORDINATOR).await;
    let form = c.get(&format!("{PAGES}/nieuw")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("<option value=\"internal_funding\">Interne financiering</option>"), "{}", form.body);
    assert!(form.body.contains("<datalist id=\"funders\">"));
    let good = [
        ("funder", "Ministerie van VWS"),
        ("title", "Langer thuis"),
        ("type", "grant"),
        ("reference", "VWS-2024-7"),
        ("starts_on", "2024-01-01"),
        ("ends_on", "2026-12-31"),
        ("amounts", "2024: 185.000\n2025: 185000,50"),
        ("matching_ratio", "1"),
        ("conditions", "Evenredige inzet van partners."),
    ];
    let with = |field: &str, value: &'static str| -> Vec<(&str, &str)> {
        good.iter().map(|(k, v)| if *k == field { (*k, value) } else { (*k, *v) }).collect()
    };
    // Bad input: a negative amount, an end before the start, a line that is no year.
    for (fields, message) in [
        (with("amounts", "2024: -5"), "Een bedrag kan niet negatief zijn."),
        (with("ends_on", "2023-06-30"), "De einddatum ligt vóór de begindatum."),
        (with("amounts", "tweeduizend"), "Schrijf elk jaar op een eigen regel"),
        (with("amounts", "2031: 1000"), "Dit jaar valt buiten de looptijd van de subsidie."),
    ] {
        let r = c.post_form(&format!("{PAGES}/nieuw"), &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(r.body.contains(message) && r.body.contains("error-summary"), "{message}: {}", r.body);
        assert!(r.body.contains("<title>Fout: "), "{}", r.body);
        assert!(r.body.contains("value=\"Langer thuis\""), "the form keeps what was typed");
    }
    assert_eq!(get(&app, &coord, "/grants").await.as_array().map(Vec::len), Some(0), "nothing was created");

    let r = c.post_form(&format!("{PAGES}/nieuw"), &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let href = r.location().to_owned();
    let id: i64 = href.rsplit('/').next().and_then(|s| s.parse().ok()).expect("an id");
    let g = get(&app, &coord, &format!("/grants/{id}")).await;
    assert_eq!(g["amounts"], json!([{ "year": 2024, "amount": 185000.0 }, { "year": 2025, "amount": 185000.5 }]));
    assert_eq!((g["matching_ratio"].as_f64(), g["type"].as_str()), (Some(1.0), Some("grant")));
    let show = c.get(&href).await;
    assert!(show.body.contains("€ 185.000") && show.body.contains("€ 185.000,50"), "{}", show.body);

    // Change: the form holds the amounts as typed back; an end before the start changes nothing.
    let edit = c.get(&format!("{href}/bewerken")).await;
    assert!(edit.body.contains("2024: 185000\n2025: 185000,50"), "{}", edit.body);
    let r = c.post_form(&format!("{href}/bewerken"), &with("ends_on", "2023-01-01")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(get(&app, &coord, &format!("/grants/{id}")).await["ends_on"], "2026-12-31");
    let r = c.post_form(&format!("{href}/bewerken"), &with("title", "Langer thuiswonen")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(get(&app, &coord, &format!("/grants/{id}")).await["title"], "Langer thuiswonen");

    // A budget line from the grant's page; one that exceeds the grant is refused and changes nothing.
    let lines = format!("{href}/begrotingsposten");
    let r = c.post_form(&lines, &[("name", "Onderzoekers"), ("planned_2024", "200.000"), ("realised_2024", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("De begroting klopt niet"), "{}", r.body);
    let r = c.post_form(&lines, &[("name", "Onderzoekers"), ("planned_2024", "-1")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Een bedrag kan niet negatief zijn."), "{}", r.body);
    assert_eq!(get(&app, &coord, &format!("/grants/{id}/budget-lines")).await.as_array().map(Vec::len), Some(0));
    let r = c
        .post_form(&lines, &[("name", "Onderzoekers"), ("planned_2024", "100.000"), ("realised_2024", "90.000,25")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let saved = get(&app, &coord, &format!("/grants/{id}/budget-lines")).await;
    assert_eq!(saved[0]["amounts"], json!([{ "year": 2024, "planned": 100000.0, "realised": 90000.25 }]));
    let line = saved[0]["id"].as_i64().expect("line id");
    let show = c.get(&href).await;
    assert!(show.body.contains("€ 100.000") && show.body.contains("€ 90.000,25"), "{}", show.body);
    let r = c.post_form(&format!("{lines}/{line}"), &[("name", "Onderzoekers"), ("planned_2024", "110.000")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let saved = get(&app, &coord, &format!("/grants/{id}/budget-lines")).await;
    assert_eq!(saved[0]["amounts"][0]["planned"], 110000.0);
    let confirm = c.get(&format!("{lines}/{line}/verwijderen")).await;
    assert!(confirm.body.contains("Begrotingspost verwijderen: Onderzoekers"), "{}", confirm.body);
    let r = c.post_form(&format!("{lines}/{line}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(get(&app, &coord, &format!("/grants/{id}/budget-lines")).await.as_array().map(Vec::len), Some(0));

    // Delete: first the confirmation, then the grant is gone.
    let confirm = c.get(&format!("{href}/verwijderen")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Subsidie verwijderen: Langer thuiswonen"), "{}", confirm.body);
    let r = c.post_form(&format!("{href}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().ends_with("/subsidies?verwijderd=1"));
    let gone = app.api(Method::GET, &format!("/api/v1/werkplaatsen/zhz/grants/{id}"), Some(&coord), None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn narratives_are_saved_as_versions() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    post(
        &app,
        &coord,
        "/grants",
        json!({ "funder": "Ministerie van VWS", "title": "Kern", "type": "grant",
        "starts_on": "2024-01-01", "ends_on": "2024-12-31", "amounts": [{ "year": 2024, "amount": 185000 }] }),
    )
    .await;
    let mut c = app.logged_in(COORDINATOR).await;
    let page = c.get("/werkplaatsen/zhz/verantwoording?year=2024").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Nog geen versie") || page.body.contains("nog geen versie"), "{}", page.body);
    let pdf = "/api/v1/werkplaatsen/zhz/reports/annual?year=2024&#38;format=pdf";
    assert!(page.body.contains(pdf) && page.body.contains("format=xlsx"), "{}", page.body);
    assert_eq!(page.body.matches("<textarea").count(), 7);

    let r = c
        .post_form(
            "/werkplaatsen/zhz/verantwoording",
            &[("year", "2024"), ("grant_id", ""), ("narrative_activities", "Eerste tekst over de activiteiten.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().contains("opgeslagen=1"), "{}", r.location());
    let after = c.get(r.location()).await;
    assert!(after.body.contains("Versie 1 is opgeslagen op"), "{}", after.body);
    assert!(after.body.contains(">Eerste tekst over de activiteiten.</textarea>"), "{}", after.body);
    let r = c
        .post_form(
            "/werkplaatsen/zhz/verantwoording",
            &[
                ("year", "2024"),
                ("grant_id", ""),
                ("narrative_activities", "Tweede tekst."),
                ("narrative_matching", "Partners leverden in natura."),
            ],
        )
        .await;
    assert!(r.location().contains("opgeslagen=2"), "{}", r.location());
    let after = c.get(r.location()).await;
    assert!(after.body.contains("Versie 2 is opgeslagen op") && after.body.contains("Versie 1 ·"), "{}", after.body);
    assert!(after.body.contains(">Tweede tekst.</textarea>"));
    let versions = get(&app, &coord, "/reports/annual/versions?year=2024").await;
    assert_eq!(versions.as_array().map(Vec::len), Some(2));
    assert_eq!(versions[0]["narratives"]["matching"], "Partners leverden in natura.");
    // Bad input: no year; nothing is saved.
    let r = c.post_form("/werkplaatsen/zhz/verantwoording", &[("year", ""), ("narrative_plan", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(get(&app, &coord, "/reports/annual/versions?year=2024").await.as_array().map(Vec::len), Some(2));
    // The download links answer with the session cookie (the API reads it on GET).
    let xlsx = c.get("/api/v1/werkplaatsen/zhz/reports/annual?year=2024&format=xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    let mut member = app.logged_in(MEMBER).await;
    let refused = member.get("/api/v1/werkplaatsen/zhz/reports/annual?year=2024&format=csv").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

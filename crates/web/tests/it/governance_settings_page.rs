//! The page of the governance thresholds (`/werkplaatsen/{slug}/governance/instellingen`): members
//! see the values, coordinator and lectoren change them; refused input comes back as a 422 with
//! what was typed and changes nothing; "Standaardwaarden van ZHZ herstellen" posts the defaults.

use crate::common::{COORDINATOR, LECTOR, MEMBER, TestApp, TestResponse};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const PAGE: &str = "/werkplaatsen/zhz/governance/instellingen";
const GOVERNANCE: &str = "/werkplaatsen/zhz/governance";
const FIELDS: [&str; 8] = [
    "theme_group_min_other_partners",
    "teacher_researcher_min_days",
    "mt_months_checked",
    "min_main_themes",
    "max_main_themes",
    "lectoren",
    "min_large_projects",
    "min_small_projects",
];

fn zhz_defaults() -> Value {
    json!({
        "theme_group_min_other_partners": 2,
        "teacher_researcher_min_days": 1.0,
        "mt_months_checked": 3,
        "min_main_themes": 3,
        "max_main_themes": 4,
        "lectoren": 2,
        "min_large_projects": 1,
        "min_small_projects": 2,
    })
}

/// The stored settings, through the API.
async fn settings(app: &TestApp) -> Value {
    let token = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, "/api/v1/werkplaatsen/zhz/governance/settings", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// The value attribute of the form control `name`.
fn input_value(r: &TestResponse, name: &str) -> String {
    let at = r.body.find(&format!("<input id=\"{name}\"")).unwrap_or_else(|| panic!("no input {name}: {}", r.body));
    let tag = &r.body[at..at + r.body[at..].find('>').expect("end of tag")];
    let v = tag.find("value=\"").expect("value") + 7;
    tag[v..v + tag[v..].find('"').expect("end of value")].to_owned()
}

/// Every threshold as the form shows it.
fn form_values(r: &TestResponse) -> Vec<(&'static str, String)> {
    FIELDS.iter().map(|f| (*f, input_value(r, f))).collect()
}

/// The hidden fields of the "restore defaults" form, as a browser would post them.
fn restore_form(r: &TestResponse) -> Vec<(String, String)> {
    let end = r.body.find("Standaardwaarden van ZHZ herstellen").expect("restore button");
    let start = r.body[..end].rfind("<form").expect("restore form");
    let mut out = Vec::new();
    for part in r.body[start..end].split("<input type=\"hidden\" name=\"").skip(1) {
        let name = &part[..part.find('"').expect("name")];
        let v = part.find("value=\"").expect("value") + 7;
        let value = &part[v..v + part[v..].find('"').expect("end of value")];
        if name != "csrf" {
            out.push((name.to_owned(), value.to_owned()));
        }
    }
    out
}

/// The status label of one check on the governance page.
fn check_label(r: &TestResponse, rule: &str) -> String {
    let at = r.body.find(&format!("id=\"check-{rule}\"")).unwrap_or_else(|| panic!("no check {rule}: {}", r.body));
    let badge = at + r.body[at..].find("class=\"badge").expect("badge");
    let start = badge + r.body[badge..].find('>').expect("badge tag") + 1;
    r.body[start..start + r.body[start..].find('<').expect("end of badge")].trim().to_owned()
}

fn summary(r: &TestResponse) -> &str {
    let at = r.body.find("class=\"error-summary\" role=\"alert\"").unwrap_or_else(|| panic!("no summary: {}", r.body));
    &r.body[at..at + r.body[at..].find("</div>").expect("end of summary")]
}

fn with(values: &[(&'static str, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|(k, v)| {
            let v = changes.iter().find(|(c, _)| c == k).map(|(_, n)| n.to_string()).unwrap_or_else(|| v.clone());
            (k.to_string(), v)
        })
        .collect()
}

fn borrowed(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn coordinator_changes_a_threshold_and_the_checks_follow() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(COORDINATOR).await;

    let gov = b.get(GOVERNANCE).await;
    assert_eq!(gov.status, StatusCode::OK, "{}", gov.body);
    assert!(gov.body.contains(&format!("<a href=\"{PAGE}\">Drempels aanpassen</a>")), "{}", gov.body);
    assert_eq!(check_label(&gov, "two_lectoren"), "In orde");

    let form = b.get(PAGE).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    for label in [
        "Andere partners per themagroep naast de hogescholen (ZHZ: 2)",
        "Minimum dagen per week voor een docent-onderzoeker (ZHZ: 1)",
        "Aantal afgesloten kalendermaanden waarin het MT moet hebben vergaderd (ZHZ: 3)",
        "(ZHZ: 4)",
        "Aantal lectoren dat de werkplaats leidt (ZHZ: 2)",
        "Minimum grote projecten per partner (ZHZ: 1)",
        "Minimum kleinere projecten per partner (ZHZ: 2)",
        "Standaardwaarden van ZHZ herstellen",
    ] {
        assert!(form.body.contains(label), "{label}: {}", form.body);
    }
    let values = form_values(&form);
    assert_eq!(values.iter().find(|(k, _)| *k == "lectoren").map(|(_, v)| v.as_str()), Some("2"));

    // Dutch decimals are read as such.
    let fields = with(&values, &[("lectoren", "3"), ("teacher_researcher_min_days", "1,5")]);
    let r = b.post_form(PAGE, &borrowed(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{GOVERNANCE}?opgeslagen=1"));

    let gov = b.get(r.location()).await;
    assert_eq!(gov.status, StatusCode::OK, "{}", gov.body);
    assert!(gov.body.contains("role=\"status\">Drempels opgeslagen</p>"), "{}", gov.body);
    assert_eq!(check_label(&gov, "two_lectoren"), "Overtreding");

    let stored = settings(&app).await;
    assert_eq!(stored["lectoren"], 3);
    assert_eq!(stored["teacher_researcher_min_days"], 1.5);
    assert_eq!(stored["min_small_projects"], 2);

    // The form shows what is stored, in Dutch.
    let form = b.get(PAGE).await;
    assert_eq!(input_value(&form, "teacher_researcher_min_days"), "1,5");
    assert_eq!(input_value(&form, "lectoren"), "3");

    // A lector manages as well.
    let mut lector = app.logged_in(LECTOR).await;
    let r = lector.get(PAGE).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(input_value(&r, "lectoren"), "3");
}

#[tokio::test]
async fn a_member_sees_the_thresholds_but_may_not_change_them() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(MEMBER).await;

    let gov = b.get(GOVERNANCE).await;
    assert_eq!(gov.status, StatusCode::OK, "{}", gov.body);
    assert!(gov.body.contains(&format!("<a href=\"{PAGE}\">Drempels bekijken</a>")), "{}", gov.body);
    assert!(!gov.body.contains("Drempels aanpassen"));

    let r = b.get(PAGE).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("<dt>Aantal lectoren dat de werkplaats leidt (ZHZ: 2)</dt><dd>2</dd>"), "{}", r.body);
    assert!(r.body.contains("<dt>Minimum dagen per week voor een docent-onderzoeker (ZHZ: 1)</dt><dd>1</dd>"));
    assert!(!r.body.contains(&format!("action=\"{PAGE}\"")), "no form for members: {}", r.body);
    assert!(!r.body.contains("Standaardwaarden van ZHZ herstellen"));

    let fields = with(&[("lectoren", "2".to_owned())], &[("lectoren", "3")]);
    let r = b.post_form(PAGE, &borrowed(&fields)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(settings(&app).await, zhz_defaults());
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page() {
    let app = TestApp::spawn().await;
    let r = app.get(PAGE).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().starts_with("/inloggen?terug="), "{}", r.location());

    let mut anonymous = app.browser().await;
    let r = anonymous.post_form(PAGE, &[("lectoren", "3")]).await;
    assert_ne!(r.status, StatusCode::SEE_OTHER, "{}", r.location());
    assert_eq!(settings(&app).await, zhz_defaults());
}

#[tokio::test]
async fn refused_input_comes_back_with_what_was_typed_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(COORDINATOR).await;
    let values = form_values(&b.get(PAGE).await);

    // (what is typed, the field the error is on, part of its message)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: [Case; 7] = [
        (&[("lectoren", "twee")], "lectoren", "Vul een heel getal in"),
        (&[("min_small_projects", "-1")], "min_small_projects", "Vul een heel getal in"),
        (&[("theme_group_min_other_partners", "2,5")], "theme_group_min_other_partners", "Vul een heel getal in"),
        (
            &[("teacher_researcher_min_days", "anderhalf")],
            "teacher_researcher_min_days",
            "Vul een getal van 0 tot en met 5",
        ),
        (&[("teacher_researcher_min_days", "6")], "teacher_researcher_min_days", "Vul een getal van 0 tot en met 5"),
        (
            &[("min_main_themes", "5"), ("max_main_themes", "4")],
            "min_main_themes",
            "mag niet groter zijn dan het maximum",
        ),
        (&[("mt_months_checked", "30")], "mt_months_checked", "Vul hoogstens 24 maanden in"),
    ];
    for (changes, field, message) in cases {
        let fields = with(&values, changes);
        let r = b.post_form(PAGE, &borrowed(&fields)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{changes:?}: {}", r.body);
        let s = summary(&r);
        assert!(s.contains(&format!("href=\"#{field}\"")), "{changes:?}: {s}");
        assert!(s.contains(message), "{changes:?}: {s}");
        for (name, typed) in changes {
            assert_eq!(input_value(&r, name), *typed, "typed value of {name} kept");
        }
        assert!(r.body.contains(&format!("id=\"{field}-error\"")), "{changes:?}");
        assert_eq!(settings(&app).await, zhz_defaults(), "{changes:?} changed nothing");
    }

    // Several problems are reported at once; an empty field is required.
    let fields = with(&values, &[("lectoren", ""), ("mt_months_checked", "drie")]);
    let r = b.post_form(PAGE, &borrowed(&fields)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let s = summary(&r);
    assert!(s.contains("href=\"#lectoren\"") && s.contains("href=\"#mt_months_checked\""), "{s}");
    assert_eq!(settings(&app).await, zhz_defaults());
}

#[tokio::test]
async fn restoring_the_zhz_defaults() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(COORDINATOR).await;
    let values = form_values(&b.get(PAGE).await);
    let fields = with(
        &values,
        &[
            ("lectoren", "1"),
            ("teacher_researcher_min_days", "0,5"),
            ("max_main_themes", "6"),
            ("mt_months_checked", "12"),
        ],
    );
    let r = b.post_form(PAGE, &borrowed(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_ne!(settings(&app).await, zhz_defaults());

    let page = b.get(PAGE).await;
    let restore = restore_form(&page);
    assert_eq!(restore.len(), FIELDS.len(), "every threshold is posted: {restore:?}");
    let r = b.post_form(PAGE, &borrowed(&restore)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{GOVERNANCE}?opgeslagen=1"));
    assert_eq!(settings(&app).await, zhz_defaults());
    assert_eq!(check_label(&b.get(GOVERNANCE).await, "two_lectoren"), "In orde");
}

//! The pages of contributions (inzet) and outcomes (resultaten): create, edit and delete with
//! bad input first (422, the error summary, nothing changed), the CSV import through the page
//! (check, preview, confirm), and who may see them. Both databases.
use super::{get, organisation, this_year};
use crate::common::{Browser, COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp, TestResponse};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

const INZET: &str = "/werkplaatsen/zhz/inzet";
const RESULTATEN: &str = "/werkplaatsen/zhz/resultaten";
const BOUNDARY: &str = "----broedplaats-inzet-grens";

async fn contributions(app: &TestApp) -> Vec<serde_json::Value> {
    let coord = app.token(COORDINATOR).await;
    get(app, &coord, "/contributions").await.as_array().cloned().unwrap_or_default()
}

async fn outcomes(app: &TestApp) -> Vec<serde_json::Value> {
    let coord = app.token(COORDINATOR).await;
    get(app, &coord, "/outcomes").await.as_array().cloned().unwrap_or_default()
}

/// The page's multipart form as a browser sends it: `csrf` first, then the other fields.
async fn post_multipart(app: &TestApp, b: &Browser<'_>, fields: &[(&str, &[u8], Option<&str>)]) -> TestResponse {
    let mut body =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n", b.csrf()).into_bytes();
    for (name, data, filename) in fields {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match filename {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: text/csv\r\n\r\n")
                    .as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let req = Request::post(format!("{INZET}/importeren"))
        .header(header::COOKIE, b.cookie_header())
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .expect("request");
    app.send(req).await
}

/// The value of the hidden `inhoud` field of the confirm form.
fn hidden_content(html: &str) -> String {
    let at = html.find("name=\"inhoud\" value=\"").expect("the confirm form") + "name=\"inhoud\" value=\"".len();
    html[at..].split('"').next().expect("a value").replace("&#x2B;", "+").replace("&#x2F;", "/").replace("&#x3D;", "=")
}

#[tokio::test]
async fn contributions_create_edit_delete_with_bad_input_first() {
    let app = TestApp::spawn().await;
    let coord_token = app.token(COORDINATOR).await;
    let org = organisation(&app, &coord_token, "Gemeente Paginadorp", "gemeente").await.to_string();
    let mut b = app.logged_in(COORDINATOR).await;
    let r = b.get(INZET).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Er is nog geen inzet vastgelegd"), "empty state");
    let r = b.get(&format!("{INZET}/nieuw")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Gemeente Paginadorp") && r.body.contains("120 uur ×"), "{}", r.body);
    let y = this_year().to_string();
    // Bad input: no organisation, a negative amount, an unknown kind. Nothing is saved.
    let r = b
        .post_form(
            &format!("{INZET}/nieuw"),
            &[("organisation", ""), ("year", &y), ("kind", "goud"), ("amount", "-5"), ("status", "planned")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("error-summary"), "{}", r.body);
    assert!(r.body.contains("href=\"#amount\"") && r.body.contains("negatief"), "{}", r.body);
    assert!(r.body.contains("href=\"#organisation\""), "{}", r.body);
    assert!(contributions(&app).await.is_empty());
    // A good one, amounts the Dutch way.
    let fields = [
        ("organisation", org.as_str()),
        ("year", y.as_str()),
        ("kind", "in_kind"),
        ("amount", "1.234,56"),
        ("status", "realised"),
        ("hours", "12,5"),
        ("rate", "98,76"),
        ("justification", "Uren van docent-onderzoekers"),
    ];
    let r = b.post_form(&format!("{INZET}/nieuw"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = contributions(&app).await;
    assert_eq!(list.len(), 1);
    assert_eq!((list[0]["amount"].as_f64(), list[0]["hours"].as_f64()), (Some(1234.56), Some(12.5)));
    let id = list[0]["id"].as_i64().expect("id");
    let r = b.get(INZET).await;
    assert!(
        r.body.contains("€ 1.234,56") && r.body.contains("Natura") && r.body.contains("Gerealiseerd"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<caption>"), "the totals table has a caption");
    // Edit: a bad amount is refused and changes nothing; a good one is saved.
    let edit = format!("{INZET}/{id}/bewerken");
    let r = b.get(&edit).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("value=\"1.234,56\""), "{}", r.body);
    let mut bad = fields.to_vec();
    bad[3] = ("amount", "veel");
    let r = b.post_form(&edit, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(contributions(&app).await[0]["amount"].as_f64(), Some(1234.56));
    let mut good = fields.to_vec();
    good[3] = ("amount", "2000");
    let r = b.post_form(&edit, &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(contributions(&app).await[0]["amount"].as_f64(), Some(2000.0));
    // Filters and sorting keep working with the row.
    let r = b.get(&format!("{INZET}?year={y}&status=realised&sort=bedrag")).await;
    assert!(r.body.contains("€ 2.000"), "{}", r.body);
    let r = b.get(&format!("{INZET}?status=planned")).await;
    assert!(r.body.contains("Geen inzet die bij deze filters past"), "{}", r.body);
    // Delete asks first.
    let r = b.get(&format!("{INZET}/{id}/verwijderen")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Gemeente Paginadorp") && r.body.contains("button-danger"), "{}", r.body);
    let r = b.post_form(&format!("{INZET}/{id}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(contributions(&app).await.is_empty());
}

#[tokio::test]
async fn the_import_page_checks_then_imports() {
    let app = TestApp::spawn().await;
    let coord_token = app.token(COORDINATOR).await;
    organisation(&app, &coord_token, "Gemeente Paginadorp", "gemeente").await;
    let mut b = app.logged_in(LECTOR).await;
    let r = b.get(&format!("{INZET}/importeren")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("organisatie;jaar;soort;bedrag;status"), "the example");
    assert!(r.body.contains("imp-section"), "the example wraps on a phone");
    let y = this_year();
    // A bad file: every problem with its line, nothing written.
    let bad = format!("organisatie;jaar;soort;bedrag;status\nOnbekend;{y};geld;1;gepland\n");
    let r = post_multipart(&app, &b, &[("stap", b"controleren", None), ("bestand", bad.as_bytes(), Some("inzet.csv"))])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("geen partner van deze werkplaats") && r.body.contains("<td class=\"nowrap\">2</td>"),
        "{}",
        r.body
    );
    // A good file: a preview first, nothing written yet.
    let good = format!("organisatie;jaar;soort;bedrag;status\nGemeente Paginadorp;{y};geld;1.500,00;gepland\n");
    let r =
        post_multipart(&app, &b, &[("stap", b"controleren", None), ("bestand", good.as_bytes(), Some("inzet.csv"))])
            .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("€ 1.500") && r.body.contains("Importeer 1 regel(s)"), "{}", r.body);
    assert!(contributions(&app).await.is_empty(), "a check writes nothing");
    // Confirm: the checked file comes back from the form.
    let content = hidden_content(&r.body);
    let r = post_multipart(&app, &b, &[("stap", b"importeren", None), ("inhoud", content.as_bytes(), None)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().contains("geimporteerd=1"), "{}", r.location());
    let r = b.get(&format!("{INZET}?geimporteerd=1")).await;
    assert!(r.body.contains("1 keer inzet geïmporteerd") && r.body.contains("Gemeente Paginadorp"), "{}", r.body);
    assert_eq!(contributions(&app).await.len(), 1);
    // No file chosen.
    let r = post_multipart(&app, &b, &[("stap", b"controleren", None), ("bestand", b"", Some(""))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn outcomes_create_edit_delete_with_bad_input_first() {
    let app = TestApp::spawn().await;
    let mut b = app.logged_in(COORDINATOR).await;
    let r = b.get(RESULTATEN).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Er zijn nog geen resultaten vastgelegd"));
    let r = b.get(&format!("{RESULTATEN}/nieuw")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("figure_2_label"), "three empty figure rows: {}", r.body);
    let y = this_year().to_string();
    // No title, a figure without a number, a link that is not one.
    let r = b
        .post_form(
            &format!("{RESULTATEN}/nieuw"),
            &[
                ("title", ""),
                ("year", &y),
                ("status", "in_progress"),
                ("figure_0_label", "Deelnemers"),
                ("figure_0_value", "veel"),
                ("urls", "geen-link"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("href=\"#figure_0_value\""), "{}", r.body);
    let r = b
        .post_form(
            &format!("{RESULTATEN}/nieuw"),
            &[("title", ""), ("year", &y), ("status", "in_progress"), ("urls", "geen-link")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("href=\"#title\"") && r.body.contains("href=\"#urls\""), "{}", r.body);
    assert!(outcomes(&app).await.is_empty());
    let fields = [
        ("title", "Meer ouderen langer thuis"),
        ("description", "Wijkteams werken samen."),
        ("year", y.as_str()),
        ("status", "in_progress"),
        ("beneficiaries", "citizens"),
        ("beneficiaries", "professionals"),
        ("urls", "https://example.org/verslag"),
        ("figure_0_label", "Deelnemers"),
        ("figure_0_value", "120"),
        ("figure_0_source", "Presentielijst"),
        ("figure_1_label", ""),
        ("figure_1_value", ""),
        ("figure_1_source", ""),
    ];
    let r = b.post_form(&format!("{RESULTATEN}/nieuw"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = outcomes(&app).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["evidence"].as_array().map(Vec::len), Some(2), "{}", list[0]);
    let id = list[0]["id"].as_i64().expect("id");
    let r = b.get(RESULTATEN).await;
    assert!(r.body.contains("Burgers") && r.body.contains("Professionals"), "grouped: {}", r.body);
    assert!(r.body.contains(">bezig<"), "status in words: {}", r.body);
    assert!(r.body.contains("Deelnemers: 120 (bron: Presentielijst)"), "{}", r.body);
    assert!(r.body.contains("href=\"https://example.org/verslag\""), "{}", r.body);
    // Edit: the recorded figure is in the form; a change is saved.
    let edit = format!("{RESULTATEN}/{id}/bewerken");
    let r = b.get(&edit).await;
    assert!(r.body.contains("value=\"Presentielijst\""), "{}", r.body);
    let mut changed = fields.to_vec();
    changed[3] = ("status", "achieved");
    let r = b.post_form(&edit, &changed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(outcomes(&app).await[0]["status"], "achieved");
    let r = b.get(&format!("{RESULTATEN}/{id}/verwijderen")).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = b.post_form(&format!("{RESULTATEN}/{id}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(outcomes(&app).await.is_empty());
}

#[tokio::test]
async fn only_coordinators_and_lectoren_see_the_pages() {
    let app = TestApp::spawn().await;
    for path in [INZET, RESULTATEN, "/werkplaatsen/zhz/inzet/importeren", "/werkplaatsen/zhz/resultaten/nieuw"] {
        // Anonymous visitors are sent to the login page.
        assert_eq!(app.get(path).await.status, StatusCode::SEE_OTHER, "{path}");
        for who in [MEMBER, OTHER_COORDINATOR] {
            let mut b = app.logged_in(who).await;
            assert_eq!(b.get(path).await.status, StatusCode::FORBIDDEN, "{who} {path}");
        }
        let mut b = app.logged_in(LECTOR).await;
        assert_eq!(b.get(path).await.status, StatusCode::OK, "{path}");
    }
    let mut b = app.logged_in(MEMBER).await;
    let r = b.post_form(&format!("{INZET}/nieuw"), &[("amount", "1")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(contributions(&app).await.is_empty());
}

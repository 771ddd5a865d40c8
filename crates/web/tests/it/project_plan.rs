//! The project plan as rich text (Markdown, rendered safely) and versioned like the agenda: the
//! project page renders the plan, and two plan versions can be compared as a line diff.

use crate::common::{COORDINATOR, MEMBER, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::Value;

const BASE: &str = "/werkplaatsen/zhz";
const API: &str = "/api/v1/werkplaatsen/zhz/projects";
const DEMO_PROJECT: &str = "Samen zorgzaam in Merwestad (fictief)";

/// The demo project as the API shows it to the coordinator.
async fn demo_project(app: &TestApp, token: &str) -> Value {
    let r = app.api(Method::GET, &format!("{API}?limit=200"), Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let items = r.json()["items"].as_array().expect("items").clone();
    items.into_iter().find(|p| p["title"] == DEMO_PROJECT).expect("demo project")
}

/// Saves `project` (a GET of it) with a new plan through the API: a new plan version.
async fn set_plan(app: &TestApp, token: &str, project: &Value, plan: &str) -> Value {
    let id = project["id"].as_i64().expect("id");
    let mut body = project.clone();
    let obj = body.as_object_mut().expect("object");
    obj.remove("id");
    obj.insert("plan".into(), Value::from(plan));
    let r = app.api(Method::PUT, &format!("{API}/{id}"), Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

async fn plan_versions(app: &TestApp, token: &str, id: i64) -> Vec<i64> {
    let r = app.api(Method::GET, &format!("{API}/{id}/plan-versions"), Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json().as_array().expect("versions").iter().map(|v| v["number"].as_i64().expect("number")).collect()
}

fn compare_path(id: i64, from: &str, to: &str) -> String {
    format!("{BASE}/projecten/{id}/plan/vergelijken?van={from}&naar={to}")
}

/// The text of every `<tag …>…</tag>` element in `html`, tags inside it removed.
fn elements(html: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag} "), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(end) = after.find(&close) else { break };
        let inner = &after[..end];
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(text);
        rest = &after[end + close.len()..];
    }
    out
}

#[tokio::test]
async fn the_project_page_renders_the_plan_as_markdown_and_escapes_html() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let project = demo_project(&app, &token).await;
    let id = project["id"].as_i64().expect("id");
    assert_eq!(plan_versions(&app, &token, id).await.len(), 1, "the demo project starts with one version");

    let plan = "# Aanpak\n\nWe werken **samen** met bewoners.\n\n- interviews\n- een [verslag](https://example.nl/verslag)\n\n\
                <script>alert('plan')</script>\n\nZie <img src=x onerror=alert(1)> en [dit](javascript:alert(1)).\n";
    set_plan(&app, &token, &project, plan).await;
    assert_eq!(plan_versions(&app, &token, id).await.len(), 2);

    let r = app.get(&format!("{BASE}/projecten/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = &r.body;
    assert!(body.contains("<h2>Aanpak</h2>"), "a Markdown heading: {body}");
    assert!(body.contains("<strong>samen</strong>"), "bold");
    assert!(body.contains("<li>interviews</li>"), "a list");
    assert!(body.contains("<a href=\"https://example.nl/verslag\">verslag</a>"), "an https link");
    assert!(!body.contains("<script>alert"), "raw HTML is not passed through");
    assert!(body.contains("&lt;script&gt;alert"), "but shown as text");
    assert!(!body.contains("<img src=x"), "no images from the plan");
    assert!(body.contains("&lt;img src=x onerror=alert(1)&gt;"), "shown as text");
    assert!(!body.to_ascii_lowercase().contains("href=\"javascript"), "no javascript: link");
    assert!(body.contains("onerror=alert(1)&gt; en dit.</p>"), "its text stays, as text");
    // each version's text stays readable as written, and the history offers a comparison
    assert!(body.contains("# Aanpak"), "the source text of the version");
    assert!(body.contains(&format!("action=\"{BASE}/projecten/{id}/plan/vergelijken\"")), "compare form");
    assert!(body.contains("Van versie") && body.contains("Naar versie") && body.contains("Vergelijken"));
    assert!(body.contains("<option value=\"1\" selected>") && body.contains("<option value=\"2\" selected>"));

    // the form explains the formatting
    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get(&format!("{BASE}/projecten/{id}/bewerken")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Opmaak met Markdown: # kop, - opsomming, **vet**, [link](https://…)"));
}

#[tokio::test]
async fn comparing_two_plan_versions_shows_added_and_removed_lines() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let project = demo_project(&app, &token).await;
    let id = project["id"].as_i64().expect("id");
    let project = set_plan(&app, &token, &project, "# Aanpak\n\nWe beginnen in maart.\n\n- interviews\n").await;
    set_plan(&app, &token, &project, "# Aanpak\n\nWe beginnen in april.\n\n- interviews\n- werkplaatsbijeenkomst\n")
        .await;
    assert_eq!(plan_versions(&app, &token, id).await, vec![3, 2, 1]);

    let r = app.get(&compare_path(id, "2", "3")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("class=\"diff\""), "the agenda's diff style");
    let added = elements(&r.body, "ins");
    let removed = elements(&r.body, "del");
    assert_eq!(added, vec!["+toegevoegd: We beginnen in april.", "+toegevoegd: - werkplaatsbijeenkomst"]);
    assert_eq!(removed, vec!["−verwijderd: We beginnen in maart."]);
    assert!(r.body.contains("<strong>april.</strong>") || r.body.contains("<strong>april</strong>"), "changed word");
    assert!(r.body.contains("diff-same"), "unchanged lines as context");
    assert!(r.body.contains(DEMO_PROJECT), "back to the project");

    // the other way round, and a version against itself
    let r = app.get(&compare_path(id, "3", "2")).await;
    assert_eq!(elements(&r.body, "del").len(), 2);
    assert_eq!(elements(&r.body, "ins"), vec!["+toegevoegd: We beginnen in maart."]);
    let r = app.get(&compare_path(id, "3", "3")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Er zijn geen verschillen tussen deze versies."));
    // the first (demo) version against the new text
    let r = app.get(&compare_path(id, "1", "3")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(elements(&r.body, "ins").iter().any(|l| l.contains("werkplaatsbijeenkomst")));

    // bad or missing version numbers: not found
    for path in [
        compare_path(id, "2", "9"),
        compare_path(id, "0", "3"),
        compare_path(id, "twee", "3"),
        format!("{BASE}/projecten/{id}/plan/vergelijken?van=2"),
        format!("{BASE}/projecten/{id}/plan/vergelijken"),
        compare_path(999_999, "1", "2"),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("<html"), "an error page for {path}");
    }
}

#[tokio::test]
async fn a_members_only_plan_comparison_is_not_found_for_the_public() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let demo = demo_project(&app, &token).await;
    let mut body = demo.clone();
    let obj = body.as_object_mut().expect("object");
    obj.remove("id");
    obj.insert("title".into(), Value::from("Vertrouwelijke verkenning (fictief)"));
    obj.insert("visibility".into(), Value::from("members"));
    obj.insert("plan".into(), Value::from("Eerste opzet."));
    let r = app.api(Method::POST, API, Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let project = r.json();
    let id = project["id"].as_i64().expect("id");
    set_plan(&app, &token, &project, "Eerste opzet.\nTweede alinea (geheim).").await;
    let versions = plan_versions(&app, &token, id).await;
    let (from, to) = (versions[1].to_string(), versions[0].to_string());

    let r = app.get(&compare_path(id, &from, &to)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("geheim"));
    assert_eq!(app.get(&format!("{BASE}/projecten/{id}")).await.status, StatusCode::NOT_FOUND);

    let mut member = app.logged_in(MEMBER).await;
    let r = member.get(&compare_path(id, &from, &to)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(elements(&r.body, "ins"), vec!["+toegevoegd: Tweede alinea (geheim)."]);
}

//! Education (issue 19): assignments through the API (bad input changes nothing, filters, the
//! cursor, members-only ones), applications stay private for every actor and for guessed ids,
//! a decision fills the assignment, puts the student in the project's team and mails them, the
//! pages (`/opdrachten`, apply, decide), the search, and the figures the demo produces.
mod pages;
mod programmes;
mod results;

use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp};
use axum::http::{Method, StatusCode};
use broedplaats_core::demo::STUDENT_EMAIL;
use serde_json::{Value, json};

pub(super) const ZHZ: &str = "/api/v1/werkplaatsen/zhz";
pub(super) const SUPERVISOR: &str = "docent@zhz.example";
pub(super) const CITIZEN: &str = "burger@zhz.example";
pub(super) const APPLICANT: &str = "student2@elders.example";

/// The demo with the education demo, a supervising docent-onderzoeker with an account, a citizen
/// of zhz, and a second student with an account but no role (as after self-registration).
pub(super) async fn setup() -> TestApp {
    let app = TestApp::spawn().await;
    assert!(app.core.load_demo_education().await.expect("education demo"));
    app.core
        .create_user(SUPERVISOR, "Dora Docent (account)", "zhz", "teacher-researcher", PASSWORD)
        .await
        .expect("docent");
    app.core.create_user(CITIZEN, "Bea Burger (account)", "zhz", "citizen", PASSWORD).await.expect("citizen");
    // A role in another werkplaats only: in zhz the second student is nobody.
    app.core
        .create_user(APPLICANT, "Stijn Student (account)", "voorbeeld", "student", PASSWORD)
        .await
        .expect("student");
    app
}

pub(super) async fn person_id(app: &TestApp, email: &str) -> i64 {
    let coord = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, &format!("{ZHZ}/people?limit=200"), Some(&coord), None).await;
    r.json()["items"].as_array().expect("people").iter().find(|p| p["email"] == email).expect("person")["id"]
        .as_i64()
        .expect("id")
}

pub(super) async fn project_id(app: &TestApp, prefix: &str) -> i64 {
    let coord = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, &format!("{ZHZ}/projects?limit=100"), Some(&coord), None).await;
    r.json()["items"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|p| p["title"].as_str().expect("present").starts_with(prefix))
        .expect("project")["id"]
        .as_i64()
        .expect("id")
}

/// An assignment of `places` offered by the coordinator, supervised by `SUPERVISOR`.
pub(super) async fn offered(app: &TestApp, title: &str, places: i64) -> i64 {
    let coord = app.token(COORDINATOR).await;
    let body = json!({
        "kind": "onderzoeksopdracht", "title": title, "description": "Interviews met bewoners.", "places": places,
        "programmes": ["Social Work", "Pedagogiek"], "project_id": project_id(app, "Langer thuis").await,
        "starts_on": "2026-02-01", "ends_on": "2026-06-30", "supervisor_person_id": person_id(app, SUPERVISOR).await,
    });
    let r = app.api(Method::POST, &format!("{ZHZ}/assignments"), Some(&coord), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert!(v["url"].as_str().expect("present").ends_with(&format!("/werkplaatsen/zhz/opdrachten/{}", v["id"])), "{v}");
    v["id"].as_i64().expect("id")
}

async fn apply(app: &TestApp, email: &str, id: i64) -> i64 {
    let token = app.token(email).await;
    let body = json!({ "motivation": "Ik wil dit graag doen." });
    let r = app.api(Method::POST, &format!("{ZHZ}/assignments/{id}/applications"), Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["status"], "submitted");
    r.json()["id"].as_i64().expect("id")
}

async fn list(app: &TestApp, token: Option<&str>, query: &str) -> Value {
    let r = app.api(Method::GET, &format!("/api/v1/assignments?{query}"), token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn titles(v: &Value) -> Vec<String> {
    v["items"].as_array().expect("items").iter().map(|a| a["title"].as_str().expect("present").to_owned()).collect()
}

#[tokio::test]
async fn assignments_through_the_api() {
    let app = setup().await;
    let coord = app.token(COORDINATOR).await;
    let member = app.token(MEMBER).await;
    // Bad input: every problem at once, in Dutch-named fields, and nothing is written.
    let before = list(&app, Some(&coord), "limit=50").await["items"].as_array().expect("present").len();
    let body = json!({ "kind": "bijbaan", "title": "", "description": "x", "places": 0,
        "starts_on": "2026-13-01", "project_id": 999999, "programmes": ["a", "a"] });
    let r = app.api(Method::POST, &format!("{ZHZ}/assignments"), Some(&coord), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for f in ["kind", "title", "places", "starts_on", "project_id", "programmes"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f}: {}", r.body);
    }
    let huge = json!({ "kind": "stage", "title": "t".repeat(201), "description": "d", "places": 1 });
    let r = app.api(Method::POST, &format!("{ZHZ}/assignments"), Some(&coord), Some(huge)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(list(&app, Some(&coord), "limit=50").await["items"].as_array().expect("present").len(), before);
    // A professional may not offer one; the anonymous must sign in.
    let ok = json!({ "kind": "stage", "title": "Stage", "description": "d", "places": 1 });
    let r = app.api(Method::POST, &format!("{ZHZ}/assignments"), Some(&member), Some(ok.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::POST, &format!("{ZHZ}/assignments"), None, Some(ok)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    let id = offered(&app, "Onderzoek naar langer thuis wonen", 2).await;
    // Found across werkplaatsen, with filters.
    let all = list(&app, None, "open=true").await;
    assert!(titles(&all).contains(&"Onderzoek naar langer thuis wonen".to_owned()), "{all}");
    assert_eq!(all["items"].as_array().expect("present").len(), 4, "three demo assignments and the new one");
    assert_eq!(
        titles(&list(&app, None, "kind=stage").await),
        vec!["Stage: armoede in beeld bij het wijkteam (fictief)"]
    );
    assert_eq!(list(&app, None, "programme=Pedagogiek").await["items"].as_array().expect("present").len(), 2);
    assert!(list(&app, None, "werkplaats=voorbeeld").await["items"].as_array().expect("present").is_empty());
    assert_eq!(list(&app, None, "year=2025").await["items"].as_array().expect("present").len(), 2);
    let r = app.api(Method::GET, "/api/v1/assignments?kind=bijbaan&cursor=x&limit=500", None, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // The cursor walks every assignment once, newest first.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = list(&app, None, &format!("limit=1&cursor={cursor}")).await;
        seen.extend(titles(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[0], "Onderzoek naar langer thuis wonen");

    // Members-only: found by members, 404 for the others.
    let mut body = app.api(Method::GET, &format!("{ZHZ}/assignments/{id}"), None, None).await.json();
    assert_eq!(body["places_left"], 2);
    assert_eq!(body["programmes"], json!(["Pedagogiek", "Social Work"]));
    body["visibility"] = json!("members");
    body["supervisor_person_id"] = json!(person_id(&app, SUPERVISOR).await);
    let r = app.api(Method::PUT, &format!("{ZHZ}/assignments/{id}"), Some(&coord), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let other = app.token(OTHER_COORDINATOR).await;
    for token in [None, Some(other.as_str())] {
        let r = app.api(Method::GET, &format!("{ZHZ}/assignments/{id}"), token, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(!titles(&list(&app, token, "").await).contains(&"Onderzoek naar langer thuis wonen".to_owned()));
    }
    let r = app.api(Method::GET, &format!("{ZHZ}/assignments/{id}"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["may_manage"], false);
    // The member may not change it; the supervisor may.
    let r = app.api(Method::PUT, &format!("{ZHZ}/assignments/{id}"), Some(&member), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let sup = app.token(SUPERVISOR).await;
    body["title"] = json!("Onderzoek: langer thuis");
    let r = app.api(Method::PUT, &format!("{ZHZ}/assignments/{id}"), Some(&sup), Some(body)).await;
    assert_eq!((r.status, r.json()["title"].clone()), (StatusCode::OK, json!("Onderzoek: langer thuis")));
    // Another werkplaats's path does not reach it.
    let r =
        app.api(Method::DELETE, &format!("/api/v1/werkplaatsen/voorbeeld/assignments/{id}"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.api(Method::DELETE, &format!("{ZHZ}/assignments/{id}"), Some(&sup), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.api(Method::GET, &format!("{ZHZ}/assignments/{id}"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn applications_stay_private_for_every_actor() {
    let app = setup().await;
    let id = offered(&app, "Privé sollicitaties", 2).await;
    let mine = apply(&app, APPLICANT, id).await;
    let theirs = apply(&app, STUDENT_EMAIL, id).await;
    // Once per assignment, with a clear reason.
    let again = app.token(APPLICANT).await;
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/assignments/{id}/applications"),
            Some(&again),
            Some(json!({"motivation": "nog eens"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("al gesolliciteerd"), "{}", r.body);
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/assignments/{id}/applications"),
            Some(&again),
            Some(json!({"motivation": " "})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let list_path = format!("{ZHZ}/assignments/{id}/applications");
    let one = |aid: i64| format!("{ZHZ}/applications/{aid}");
    // Anonymous: sign in.
    for p in [list_path.clone(), one(mine)] {
        assert_eq!(app.api(Method::GET, &p, None, None).await.status, StatusCode::UNAUTHORIZED, "{p}");
    }
    // Those who read the assignment but do not manage it: 403 on the list, 404 on one application.
    for who in [CITIZEN, MEMBER, OTHER_COORDINATOR, LECTOR] {
        let t = app.token(who).await;
        let list_status = app.api(Method::GET, &list_path, Some(&t), None).await.status;
        let one_status = app.api(Method::GET, &one(mine), Some(&t), None).await.status;
        if who == LECTOR {
            // A lector manages every assignment of the werkplaats, like the coordinator.
            assert_eq!((list_status, one_status), (StatusCode::OK, StatusCode::OK), "{who}");
        } else {
            assert_eq!(list_status, StatusCode::FORBIDDEN, "{who}");
            assert_eq!(one_status, StatusCode::NOT_FOUND, "{who}");
            let d = app
                .api(Method::POST, &format!("{}/decision", one(mine)), Some(&t), Some(json!({"decision": "accepted"})))
                .await;
            assert_eq!(d.status, StatusCode::NOT_FOUND, "{who}");
        }
    }
    // The applicant: their own, not the other's, not the list, and no deciding on their own.
    let t = app.token(APPLICANT).await;
    let r = app.api(Method::GET, &one(mine), Some(&t), None).await;
    assert_eq!((r.status, r.json()["motivation"].clone()), (StatusCode::OK, json!("Ik wil dit graag doen.")));
    assert_eq!(app.api(Method::GET, &one(theirs), Some(&t), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.api(Method::GET, &list_path, Some(&t), None).await.status, StatusCode::FORBIDDEN);
    let d = app
        .api(Method::POST, &format!("{}/decision", one(mine)), Some(&t), Some(json!({"decision": "accepted"})))
        .await;
    assert_eq!(d.status, StatusCode::FORBIDDEN);
    // Managers: the coordinator and the supervisor see both.
    for who in [COORDINATOR, SUPERVISOR] {
        let t = app.token(who).await;
        let r = app.api(Method::GET, &list_path, Some(&t), None).await;
        assert_eq!(r.status, StatusCode::OK, "{who}");
        assert_eq!(r.json().as_array().expect("present").len(), 2, "{who}");
    }
    // Guessed ids: unknown ones, and a zhz application through another werkplaats's path.
    let other = app.token(OTHER_COORDINATOR).await;
    for p in [one(999_999), format!("/api/v1/werkplaatsen/voorbeeld/applications/{mine}")] {
        assert_eq!(app.api(Method::GET, &p, Some(&other), None).await.status, StatusCode::NOT_FOUND, "{p}");
    }
    let coord = app.token(COORDINATOR).await;
    assert_eq!(app.api(Method::GET, &one(999_999), Some(&coord), None).await.status, StatusCode::NOT_FOUND);
    // Applications are not in the search, not even for managers.
    let r = app.api(Method::GET, "/api/v1/search?q=graag", Some(&coord), None).await;
    assert!(!r.body.contains("Ik wil dit graag doen"), "{}", r.body);
}

#[tokio::test]
async fn a_decision_fills_the_assignment_joins_the_team_and_mails() {
    let app = setup().await;
    let id = offered(&app, "Eén plaats", 1).await;
    let first = apply(&app, APPLICANT, id).await;
    let second = apply(&app, STUDENT_EMAIL, id).await;
    let sup = app.token(SUPERVISOR).await;
    let decide = |aid: i64, body: Value| {
        let sup = sup.clone();
        let app = &app;
        async move { app.api(Method::POST, &format!("{ZHZ}/applications/{aid}/decision"), Some(&sup), Some(body)).await }
    };
    let r = decide(first, json!({"decision": "misschien"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = decide(first, json!({"decision": "accepted", "message": "Welkom in het team."})).await;
    assert_eq!((r.status, r.json()["status"].clone()), (StatusCode::OK, json!("accepted")), "{}", r.body);
    // Full: filled, no places left, no more accepting, nor applying.
    let a = app.api(Method::GET, &format!("{ZHZ}/assignments/{id}"), Some(&sup), None).await.json();
    assert_eq!((a["status"].clone(), a["places_left"].clone()), (json!("filled"), json!(0)));
    let r = decide(second, json!({"decision": "accepted"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("plaatsen"), "{}", r.body);
    let r = decide(first, json!({"decision": "declined"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "decided once");
    let r = decide(second, json!({"decision": "declined", "message": "Helaas vol."})).await;
    assert_eq!(r.status, StatusCode::OK);
    let late = app.token(CITIZEN).await;
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/assignments/{id}/applications"),
            Some(&late),
            Some(json!({"motivation": "ik ook"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("vol of gesloten"), "{}", r.body);
    // The accepted student is in the project's team, and a student of zhz now.
    let project = project_id(&app, "Langer thuis").await;
    let coord = app.token(COORDINATOR).await;
    let p = app.api(Method::GET, &format!("{ZHZ}/projects/{project}"), Some(&coord), None).await.json();
    let student_person = person_id(&app, APPLICANT).await;
    assert!(
        p["people"]
            .as_array()
            .expect("present")
            .iter()
            .any(|x| x["person_id"] == student_person && x["role"] == "student"),
        "{p}"
    );
    let me = app.api(Method::GET, "/api/v1/me", Some(&app.token(APPLICANT).await), None).await.json();
    assert!(me.to_string().contains("student"), "{me}");
    // The mails: one per decision, sent once however often the worker runs.
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    app.core.run_due_jobs(chrono::Utc::now()).await.expect("jobs");
    let sent = app.core.mailer.sent();
    let to = |who: &str| sent.iter().filter(|m| m.to == who && m.subject.contains("Eén plaats")).collect::<Vec<_>>();
    let accepted = to(APPLICANT);
    assert_eq!(accepted.len(), 1);
    assert!(accepted[0].subject.starts_with("Aangenomen") && accepted[0].text.contains("Welkom in het team."));
    let declined = to(STUDENT_EMAIL);
    assert_eq!(declined.len(), 1);
    assert!(declined[0].subject.starts_with("Niet aangenomen") && declined[0].text.contains("Helaas vol."));
}

#[tokio::test]
async fn the_demo_figures_and_the_search() {
    let app = setup().await;
    let coord = app.token(COORDINATOR).await;
    let r = app.api(Method::GET, &format!("{ZHZ}/education/figures"), Some(&coord), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let f = r.json();
    assert_eq!((f["assignments"].clone(), f["open_assignments"].clone()), (json!(3), json!(3)), "{f}");
    assert_eq!((f["applications"].clone(), f["students"].clone()), (json!(2), json!(1)), "{f}");
    assert_eq!(f["per_year"], json!([{ "label": "2025", "count": 1 }]));
    assert_eq!(f["per_programme"], json!([{ "label": "Social Work", "count": 1 }]));
    assert_eq!(f["per_kind"], json!([{ "label": "afstudeeropdracht", "count": 1 }]));
    // Figures are for coordinators and lectoren.
    for who in [MEMBER, OTHER_COORDINATOR, STUDENT_EMAIL] {
        let t = app.token(who).await;
        let r = app.api(Method::GET, &format!("{ZHZ}/education/figures"), Some(&t), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    // Open, public assignments are in the general search for everyone.
    let r = app.api(Method::GET, "/api/v1/search?q=zorgzaamheid&type=assignment", None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Bewoners aan het woord"), "{}", r.body);
}

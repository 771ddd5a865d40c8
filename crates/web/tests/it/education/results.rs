//! What students make counts (issue 19): a student's result is a knowledge product in review,
//! submitted only by a student whose application was accepted, unseen by others until the
//! assignment's supervisor publishes it (also when the supervisor reviews no other products);
//! then it is on the assignment's page and in the API for everyone, credited to the student, and
//! counted in the figures. The assignment page writes dates in Dutch and hides the apply form
//! from managers. Both databases, through the harness.
use super::{APPLICANT, CITIZEN, SUPERVISOR, ZHZ, offered, setup};
use crate::common::{COORDINATOR, MEMBER, TestApp};
use axum::http::{Method, StatusCode};
use broedplaats_core::demo::STUDENT_EMAIL;
use serde_json::{Value, json};

async fn apply_and_decide(app: &TestApp, email: &str, id: i64, decision: &str) {
    let t = app.token(email).await;
    let body = json!({ "motivation": "Ik wil dit graag doen." });
    let r = app.api(Method::POST, &format!("{ZHZ}/assignments/{id}/applications"), Some(&t), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let aid = r.json()["id"].as_i64().expect("id");
    let sup = app.token(SUPERVISOR).await;
    let body = json!({ "decision": decision });
    let r = app.api(Method::POST, &format!("{ZHZ}/applications/{aid}/decision"), Some(&sup), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn results(app: &TestApp, token: Option<&str>, id: i64) -> Vec<Value> {
    let r = app.api(Method::GET, &format!("{ZHZ}/assignments/{id}/results"), token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json().as_array().expect("array").clone()
}

#[tokio::test]
async fn an_accepted_student_submits_and_the_supervisor_publishes() {
    let app = setup().await;
    let id = offered(&app, "Resultaten tellen", 2).await;
    apply_and_decide(&app, APPLICANT, id, "accepted").await;
    apply_and_decide(&app, STUDENT_EMAIL, id, "declined").await;
    let path = format!("{ZHZ}/assignments/{id}/results");
    let body =
        json!({ "title": "Advies: langer thuis in Merwestad", "summary": "Drie aanbevelingen voor het wijkteam." });

    // Nobody but the accepted student submits: anonymous signs in; a declined student, a citizen
    // without an application, a member and even the coordinator (who links, not submits) get 403.
    let r = app.api(Method::POST, &path, None, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    for who in [STUDENT_EMAIL, CITIZEN, MEMBER, COORDINATOR] {
        let t = app.token(who).await;
        let r = app.api(Method::POST, &path, Some(&t), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let coord = app.token(COORDINATOR).await;
    assert!(results(&app, Some(&coord), id).await.is_empty(), "nothing written");

    // Bad input: a Dutch field error, nothing written.
    let student = app.token(APPLICANT).await;
    let r = app.api(Method::POST, &path, Some(&student), Some(json!({ "title": "", "summary": "x" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("\"title\""), "{}", r.body);
    let r = app
        .api(Method::POST, &path, Some(&student), Some(json!({ "title": "t", "summary": "s", "kind": "gedicht" })))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(results(&app, Some(&coord), id).await.is_empty(), "nothing written");

    // The accepted student submits: a knowledge product in review, credited to them.
    let r = app.api(Method::POST, &path, Some(&student), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let pid = created["id"].as_i64().expect("id");
    assert!(created["url"].as_str().expect("url").ends_with(&format!("/werkplaatsen/zhz/kennis/{pid}")), "{created}");
    assert_eq!(created["status"], "review");
    let mine = results(&app, Some(&student), id).await;
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0]["status"].clone(), mine[0]["kind"].clone()), (json!("review"), json!("beroepsproduct")));
    assert_eq!(mine[0]["student_name"], "Stijn Student (account)");
    let product = app.api(Method::GET, &format!("{ZHZ}/knowledge-products/{pid}"), Some(&student), None).await;
    assert_eq!(product.status, StatusCode::OK, "{}", product.body);
    let product = product.json();
    assert_eq!(product["status"], "review");
    assert!(product["people"].to_string().contains("Stijn Student"), "credited as author: {product}");
    assert_eq!(product["project"]["id"], json!(super::project_id(&app, "Langer thuis").await), "{product}");

    // Unpublished: not for the anonymous, a member or a citizen, neither in the API nor on the page.
    let member = app.token(MEMBER).await;
    for token in [None, Some(member.as_str())] {
        assert!(results(&app, token, id).await.is_empty());
    }
    let page = app.get(&format!("/werkplaatsen/zhz/opdrachten/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Advies: langer thuis in Merwestad"), "{}", page.body);
    assert!(page.body.contains("Er zijn nog geen resultaten"), "{}", page.body);
    let r = app.api(Method::GET, &format!("{ZHZ}/knowledge-products/{pid}"), None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The supervisor is no reviewer of the knowledge base (a docent-onderzoeker) ...
    let sup = app.token(SUPERVISOR).await;
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/knowledge-products/{pid}/status"),
            Some(&sup),
            Some(json!({ "status": "published" })),
        )
        .await;
    assert!(matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}: {}", r.status, r.body);
    // ... but reviews this result: others may not, a bad step is refused, then it is published.
    let review = format!("{path}/{pid}/review");
    for who in [MEMBER, APPLICANT] {
        let t = app.token(who).await;
        let r = app.api(Method::POST, &review, Some(&t), Some(json!({ "status": "published" }))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let r = app.api(Method::POST, &review, None, Some(json!({ "status": "published" }))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app.api(Method::POST, &review, Some(&sup), Some(json!({ "status": "weg" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let other = offered(&app, "Andere opdracht", 1).await;
    let r = app
        .api(
            Method::POST,
            &format!("{ZHZ}/assignments/{other}/results/{pid}/review"),
            Some(&sup),
            Some(json!({ "status": "published" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a result only through its own assignment");
    assert!(results(&app, None, id).await.is_empty(), "still unpublished");
    let r = app.api(Method::POST, &review, Some(&sup), Some(json!({ "status": "published" }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "published");

    // Published: for everyone, in the API and on the assignment's page and the product's page.
    let public = results(&app, None, id).await;
    assert_eq!(public.len(), 1);
    assert_eq!(
        (public[0]["title"].clone(), public[0]["status"].clone()),
        (json!("Advies: langer thuis in Merwestad"), json!("published"))
    );
    let page = app.get(&format!("/werkplaatsen/zhz/opdrachten/{id}")).await;
    assert!(page.body.contains("Advies: langer thuis in Merwestad"), "{}", page.body);
    assert!(page.body.contains("Gemaakt door Stijn Student (account)"), "{}", page.body);
    let product = app.get(&format!("/werkplaatsen/zhz/kennis/{pid}")).await;
    assert_eq!(product.status, StatusCode::OK);
    assert!(
        product.body.contains("Resultaat van opdracht") && product.body.contains("Resultaten tellen"),
        "{}",
        product.body
    );
    assert!(product.body.contains("gemaakt door Stijn Student (account)"), "{}", product.body);

    // The figures count it as delivered.
    let f = app.api(Method::GET, &format!("{ZHZ}/education/figures"), Some(&coord), None).await.json();
    assert_eq!(f["results"], 1, "{f}");
    assert_eq!(f["results_per_year"].as_array().expect("years").len(), 1, "{f}");
}

#[tokio::test]
async fn the_page_form_the_dutch_dates_and_no_apply_form_for_managers() {
    let app = setup().await;
    let id = offered(&app, "Resultaat via de pagina", 1).await;
    apply_and_decide(&app, APPLICANT, id, "accepted").await;
    let href = format!("/werkplaatsen/zhz/opdrachten/{id}");

    // Dates in Dutch words; the supervisor manages it and sees no apply form.
    let mut sup = app.logged_in(SUPERVISOR).await;
    let page = sup.get(&href).await;
    assert!(page.body.contains("1 februari 2026") && page.body.contains("30 juni 2026"), "{}", page.body);
    assert!(!page.body.contains("2026-02-01"), "no ISO dates shown");
    assert!(!page.body.contains("Sollicitatie versturen") && !page.body.contains("/solliciteren"), "{}", page.body);
    assert!(!page.body.contains("Resultaat indienen"), "only the accepted student submits");

    // The accepted student has the form; bad input is shown with a summary and writes nothing.
    let mut student = app.logged_in(APPLICANT).await;
    let page = student.get(&href).await;
    assert!(page.body.contains("Resultaat indienen"), "{}", page.body);
    let action = format!("{href}/resultaten");
    let r =
        student.post_form(&action, &[("title", ""), ("summary", ""), ("kind", "beroepsproduct"), ("link", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("error-summary") && r.body.contains("href=\"#result-title\""), "{}", r.body);
    let r = student
        .post_form(
            &action,
            &[
                ("title", "Verslag: wat bewoners vertellen"),
                ("summary", "Twaalf gesprekken, drie aanbevelingen."),
                ("kind", "verslag"),
                ("link", "https://example.org/verslag.pdf"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = student.get(r.location()).await;
    assert!(
        page.body.contains("Verslag: wat bewoners vertellen") && page.body.contains("ter beoordeling"),
        "{}",
        page.body
    );

    // The supervisor publishes it from the assignment's page.
    let page = sup.get(&href).await;
    assert!(page.body.contains("Verslag: wat bewoners vertellen") && page.body.contains("Publiceren"), "{}", page.body);
    let review = page
        .body
        .split("action=\"")
        .find(|s| s.contains("/beoordeling"))
        .expect("review form")
        .split('"')
        .next()
        .expect("present")
        .to_owned();
    // The assignment is full, and still public; a result under review is not shown to the public.
    let public = app.get(&href).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!public.body.contains("Verslag: wat bewoners vertellen"), "{}", public.body);
    let mut member = app.logged_in(MEMBER).await;
    assert_eq!(member.post_form(&review, &[("status", "published")]).await.status, StatusCode::FORBIDDEN);
    let r = sup.post_form(&review, &[("status", "published"), ("note", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The student and the public see the published result on the assignment's page.
    let page = student.get(&href).await;
    assert!(
        page.body.contains("Verslag: wat bewoners vertellen") && page.body.contains("gepubliceerd"),
        "{}",
        page.body
    );
    let public = app.get(&href).await;
    assert!(public.body.contains("Verslag: wat bewoners vertellen"), "{}", public.body);
}

#[tokio::test]
async fn the_demo_has_a_result_under_review_and_filters_on_period_and_kwestie() {
    let app = setup().await;
    // The demo student's result of the accepted demo assignment: in review, seen by the student
    // and the coordinator, not by the anonymous.
    let all = app.api(Method::GET, "/api/v1/assignments?kind=afstudeeropdracht", None, None).await.json();
    let demo = all["items"][0]["id"].as_i64().expect("demo assignment");
    let student = app.token(STUDENT_EMAIL).await;
    let coord = app.token(COORDINATOR).await;
    let mine = results(&app, Some(&student), demo).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["status"], "review");
    assert_eq!(results(&app, Some(&coord), demo).await.len(), 1);
    assert!(results(&app, None, demo).await.is_empty());
    // Loading the demo again changes nothing.
    assert!(!app.core.load_demo_education().await.expect("again"));
    assert_eq!(results(&app, Some(&coord), demo).await.len(), 1);

    // Period: the demo runs 2025-09 … 2026-06; `from`/`until` overlap, existing params unchanged.
    let count = |v: Value| v["items"].as_array().expect("items").len();
    let get = |q: &'static str| {
        let app = &app;
        async move {
            let r = app.api(Method::GET, &format!("/api/v1/assignments?{q}"), None, None).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
            r.json()
        }
    };
    assert_eq!(count(get("from=2026-02-01&until=2026-02-28").await), 2, "the stage ended in January");
    assert_eq!(count(get("until=2025-12-31").await), 2, "the February one starts later");
    assert_eq!(count(get("from=2027-01-01").await), 0);
    let r = app.api(Method::GET, "/api/v1/assignments?from=gisteren", None, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.api(Method::GET, "/api/v1/assignments?from=2026-03-01&until=2026-01-01", None, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Kwestie: an unknown one finds nothing; the page has the filter.
    assert_eq!(count(get("kwestie=999999").await), 0);
    let page = app.get("/opdrachten?van=2026-02-01&tot=2026-02-28").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"kwestie\"") && !page.body.contains("Stage: armoede"), "{}", page.body);
}

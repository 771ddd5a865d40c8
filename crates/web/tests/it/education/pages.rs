//! The pages: `/opdrachten` with filters, the empty state and the cursor; offering through the
//! form; applying and deciding through the assignment's page; the figures page.
use super::{APPLICANT, SUPERVISOR, ZHZ, offered, setup};
use crate::common::{COORDINATOR, MEMBER};
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn find_apply_and_decide_through_the_pages() {
    let app = setup().await;
    let page = app.get("/opdrachten").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Bewoners aan het woord") && page.body.contains("Afstudeeropdracht"), "{}", page.body);
    assert!(page.body.contains("nog 1 plaatsen vrij"), "the accepted demo student takes a place");
    let empty = app.get("/opdrachten?soort=minor").await;
    assert!(empty.body.contains("Er zijn geen opdrachten die passen"), "{}", empty.body);
    let bad = app.get("/opdrachten?jaar=twee&soort=bijbaan").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("error-summary"), "{}", bad.body);
    // The cursor: with three demo assignments and the page size of twenty, no next page.
    assert!(!page.body.contains("na="));

    // The coordinator offers one through the form; bad input is shown and changes nothing.
    let mut coord = app.logged_in(COORDINATOR).await;
    let form = coord.get("/werkplaatsen/zhz/opdrachten/nieuw").await;
    assert_eq!(form.status, StatusCode::OK);
    let r = coord
        .post_form(
            "/werkplaatsen/zhz/opdrachten/nieuw",
            &[("kind", ""), ("title", ""), ("description", ""), ("places", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("error-summary") && r.body.contains("href=\"#title\""), "{}", r.body);
    let r = coord
        .post_form(
            "/werkplaatsen/zhz/opdrachten/nieuw",
            &[
                ("kind", "minor"),
                ("title", "Minor wijkgericht werken"),
                ("description", "Een halfjaar in de wijk."),
                ("places", "1"),
                ("programmes", "Social Work, Pedagogiek"),
                ("starts_on", "2026-02-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let href = r.location().to_owned();
    assert!(href.starts_with("/werkplaatsen/zhz/opdrachten/"));
    let mut member = app.logged_in(MEMBER).await;
    assert_eq!(member.get("/werkplaatsen/zhz/opdrachten/nieuw").await.status, StatusCode::FORBIDDEN);

    // A student finds it and applies.
    let found = app.get("/opdrachten?soort=minor&opleiding=Pedagogiek").await;
    assert!(found.body.contains("Minor wijkgericht werken"), "{}", found.body);
    let mut student = app.logged_in(APPLICANT).await;
    let show = student.get(&href).await;
    assert!(show.body.contains("Sollicitatie versturen"), "{}", show.body);
    let r = student.post_form(&format!("{href}/solliciteren"), &[("motivation", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#motivation\""), "{}", r.body);
    let r = student.post_form(&format!("{href}/solliciteren"), &[("motivation", "Ik doe de minor graag.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let show = student.get(r.location()).await;
    assert!(show.body.contains("U heeft gesolliciteerd") && !show.body.contains("Niet aannemen"), "{}", show.body);

    // The coordinator sees and accepts it; the member sees no applications.
    let show = coord.get(&href).await;
    assert!(show.body.contains("Ik doe de minor graag.") && show.body.contains("Aannemen"), "{}", show.body);
    assert!(!member.get(&href).await.body.contains("Ik doe de minor graag."));
    let action = show
        .body
        .split("action=\"")
        .find(|s| s.contains("/besluit"))
        .expect("present")
        .split('"')
        .next()
        .expect("present")
        .to_owned();
    let r = coord.post_form(&action, &[("decision", "accepted"), ("message", "Welkom!")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = student.get(&href).await;
    assert!(show.body.contains("aangenomen") && show.body.contains("Welkom!"), "{}", show.body);
    assert!(show.body.contains("Vol"), "one place: full");

    // The figures page for the coordinator, not for the member.
    let f = coord.get("/werkplaatsen/zhz/onderwijs/cijfers").await;
    assert_eq!(f.status, StatusCode::OK);
    assert!(f.body.contains("Studenten per opleiding") && f.body.contains("<caption"), "{}", f.body);
    assert_eq!(member.get("/werkplaatsen/zhz/onderwijs/cijfers").await.status, StatusCode::FORBIDDEN);
    let _ = (SUPERVISOR, ZHZ, Method::GET, offered);
}

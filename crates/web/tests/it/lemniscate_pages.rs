//! Pages of the knowledge lemniscate (issue 16): a question's path with the form of a move (who
//! sees it, what it records, refused input in Dutch that changes nothing), the national agenda
//! with "Oppakken", the line on the coordinator's home page, and the three lemniscate views whose
//! numbers — on the figure, in the table and behind every link — are the use case's counts.

use crate::common::{COORDINATOR, MEMBER, OTHER_COORDINATOR, PASSWORD, TestApp, TestResponse};
use axum::http::{Method, StatusCode};
use broedplaats_core::kernel::actor::Actor;
use broedplaats_core::knowledge::QuestionInput;
use broedplaats_core::lemniscate::{LemniscateFilter, MoveInput};
use broedplaats_store::Tenant;
use serde_json::json;

const PARTNER: &str = "kennispartner@landelijk.example";
const KWESTIE: &str = "Eenzaamheid onder mantelzorgers (lemniscaattest)";

async fn actor(app: &TestApp, email: &str) -> Actor {
    let token = app.token(email).await;
    app.core.actor_for_api_token(&token).await.expect("actor").expect("actor")
}

fn ok(r: &TestResponse, what: &str) {
    assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
    assert!(!r.body.contains("style="), "{what}: no inline styles (CSP)");
    assert!(!r.body.contains("<script>"), "{what}: no inline scripts (CSP)");
    assert!(!r.body.contains("??"), "{what}: a missing translation");
}

/// The text of the error summary.
fn summary(r: &TestResponse) -> String {
    let start = r.body.find("class=\"error-summary\"").unwrap_or_else(|| panic!("no error summary: {}", r.body));
    let end = r.body[start..].find("</div>").expect("</div>") + start;
    r.body[start..end].to_owned()
}

/// `data-count` of the table's link `lem-count-{code}`.
fn count(r: &TestResponse, code: &str) -> usize {
    let at = r.body.find(&format!("id=\"lem-count-{code}\" data-count=\"")).unwrap_or_else(|| panic!("{code}"));
    let rest = &r.body[at..];
    let start = rest.find("data-count=\"").expect("data-count") + "data-count=\"".len();
    rest[start..start + rest[start..].find('"').expect("\"")].parse().expect("a number")
}

/// The number the figure shows for `code` (`ontwikkelen`, …, `gekruist`).
fn drawn(r: &TestResponse, code: &str) -> usize {
    let at = r.body.find(&format!("id=\"lem-figure-{code}\"")).unwrap_or_else(|| panic!("figure {code}"));
    let rest = &r.body[at..];
    let start = rest.find("class=\"lem-count\"").expect("count");
    let text = &rest[start..];
    let open = text.find('>').expect(">") + 1;
    text[open..open + text[open..].find('<').expect("<")].parse().expect("a number")
}

/// The `href` of the table's link for `code`, unescaped.
fn link(r: &TestResponse, code: &str) -> String {
    let at = r.body.find(&format!("id=\"lem-count-{code}\"")).expect("link");
    let rest = &r.body[at..];
    let start = rest.find("href=\"").expect("href") + 6;
    rest[start..start + rest[start..].find('"').expect("\"")].replace("&amp;", "&")
}

struct World {
    zhz: Tenant,
    coord: Actor,
    partner: Actor,
    /// A public question of zhz with the kwestie, at the start of its path.
    question: i64,
    /// A published public product of voorbeeld.
    product: i64,
}

async fn world(app: &TestApp) -> World {
    app.core.create_national_partner(PARTNER, "Nadia Landman", "Movisie", PASSWORD).await.expect("partner");
    let zhz = app.core.tenant("zhz").await.expect("zhz");
    let coord = actor(app, COORDINATOR).await;
    let partner = actor(app, PARTNER).await;
    let input = QuestionInput {
        title: "Hoe bereiken we mantelzorgers die niet om hulp vragen?".into(),
        kwesties: vec![KWESTIE.into()],
        ..Default::default()
    };
    let question = app.core.create_question(Some(&coord), &zhz, &input).await.expect("question");
    let token = app.token(OTHER_COORDINATOR).await;
    let body = json!({ "kind": "werkvorm", "title": "Werkvorm: het keukentafelgesprek", "summary": "Uit Voorbeeld.",
                       "status": "published" });
    let r = app.api(Method::POST, "/api/v1/werkplaatsen/voorbeeld/knowledge-products", Some(&token), Some(body)).await;
    assert!(r.status.is_success(), "{}", r.body);
    let product = r.json()["id"].as_i64().expect("product id");
    World { zhz, coord, partner, question, product }
}

fn path_of(w: &World) -> String {
    format!("/werkplaatsen/zhz/praktijkvragen/{}/pad", w.question)
}

async fn moves(app: &TestApp, w: &World) -> usize {
    app.core.question_path(Some(&w.coord), &w.zhz, w.question).await.expect("path").moves.len()
}

async fn go(app: &TestApp, w: &World, by: &Actor, movement: &str, products: Vec<i64>) {
    let input = MoveInput { movement: movement.into(), knowledge_product_ids: products, ..Default::default() };
    app.core.record_move(Some(by), &w.zhz, w.question, &input).await.expect("move");
}

#[tokio::test]
async fn the_path_shows_every_move_and_the_form_only_to_those_who_may_move() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let note = MoveInput {
        movement: "verspreiden".into(),
        step: Some("agenderen".into()),
        note: Some("Op de **landelijke** agenda gezet.".into()),
        ..Default::default()
    };
    app.core.record_move(Some(&w.coord), &w.zhz, w.question, &note).await.expect("verspreiden");
    go(&app, &w, &w.partner, "opschalen", vec![w.product]).await;
    go(&app, &w, &w.partner, "verrijken", vec![]).await;
    let path = path_of(&w);

    let r = app.get(&path).await;
    ok(&r, "the path, anonymously");
    assert!(r.body.contains("<strong>landelijke</strong>"), "the note as Markdown");
    assert!(r.body.contains(&format!("href=\"/werkplaatsen/voorbeeld/kennis/{}\"", w.product)), "the product");
    assert!(r.body.contains("Werkvorm: het keukentafelgesprek ("), "named with its werkplaats");
    assert_eq!(r.body.matches("class=\"lem-crossed\"").count(), 2, "out to national and back");
    let order: Vec<usize> =
        ["Ontwikkelen", "Agenderen", "Opschalen", "Verrijken"].iter().map(|s| r.body.rfind(s).expect(s)).collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "in time order: {order:?}");
    assert!(r.body.contains("Nadia Landman (Movisie)"), "the national partner moved as its organisation");
    assert!(r.body.contains("lem-badge-verrijken\">Verrijken</span> <span class=\"lem-side-tag\">(werkplaats)"));
    assert!(!r.body.contains("id=\"vastleggen\""), "no form for visitors");

    let mut member = app.logged_in(MEMBER).await;
    let r = member.get(&path).await;
    ok(&r, "the path for a member");
    assert!(!r.body.contains("id=\"vastleggen\""), "a professional does not move questions");

    let mut coord = app.logged_in(COORDINATOR).await;
    let r = coord.get(&path).await;
    ok(&r, "the path for the coordinator");
    assert!(r.body.contains("id=\"vastleggen\""));
    assert_eq!(r.body.matches("name=\"movement\"").count(), 4, "every movement");
    assert!(r.body.contains("name=\"organisation\""));
    assert!(r.body.contains(&format!("id=\"kp-{}\"", w.product)), "a public product of another werkplaats");

    let mut partner = app.logged_in(PARTNER).await;
    let r = partner.get(&path).await;
    ok(&r, "the path for the national partner");
    assert_eq!(r.body.matches("name=\"movement\"").count(), 3, "no ontwikkelen");
    assert!(!r.body.contains("value=\"ontwikkelen\""));
    assert!(!r.body.contains("name=\"organisation\""), "a national partner moves as its organisation");
    // Searching narrows the choices; a title that matches nothing leaves none.
    let r = partner.get(&format!("{path}?zoek=keukentafel")).await;
    ok(&r, "searching");
    assert!(r.body.contains(&format!("id=\"kp-{}\"", w.product)));
    let r = partner.get(&format!("{path}?zoek=bestaat%20nergens%20zo")).await;
    assert!(!r.body.contains("id=\"kp-"), "nothing matches");

    // The question page names where the question stands and links its path.
    let r = app.get(&format!("/werkplaatsen/zhz/praktijkvragen/{}", w.question)).await;
    ok(&r, "the question");
    assert!(r.body.contains(&format!("href=\"{path}\">Pad door de lemniscaat</a>")));
    assert!(r.body.contains("<dd>Verrijken ·"), "the current movement");
}

#[tokio::test]
async fn a_members_only_question_s_path_is_hidden_until_it_is_handed_to_the_national_side() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let input =
        QuestionInput { title: "Besloten vraag".into(), visibility: Some("members".into()), ..Default::default() };
    let id = app.core.create_question(Some(&w.coord), &w.zhz, &input).await.expect("question");
    let path = format!("/werkplaatsen/zhz/praktijkvragen/{id}/pad");
    let mut partner = app.logged_in(PARTNER).await;
    let mut other = app.logged_in(OTHER_COORDINATOR).await;
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(partner.get(&path).await.status, StatusCode::NOT_FOUND);
    let r = partner.post_form(&path, &[("movement", "opschalen")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not even a form error");
    let input = MoveInput { movement: "verspreiden".into(), ..Default::default() };
    app.core.record_move(Some(&w.coord), &w.zhz, id, &input).await.expect("handed");
    ok(&partner.get(&path).await, "handed to the national side");
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND, "still hidden from visitors");
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND, "and from other werkplaatsen");
    let r = other.post_form(&path, &[("movement", "verspreiden")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_move_through_the_form_is_recorded_and_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let path = path_of(&w);
    let mut coord = app.logged_in(COORDINATOR).await;
    let before = moves(&app, &w).await;

    for (fields, expect) in [
        (vec![("movement", ""), ("note", "Bewaard")], "Kies een beweging."),
        (vec![("movement", "rondjes")], "Kies een beweging."),
        (vec![("movement", "verrijken"), ("step", "agenderen")], "Kies een stap die bij de gekozen beweging hoort"),
        (vec![("movement", "verspreiden"), ("knowledge_product_ids", "999999")], "mag u niet meegeven"),
        (vec![("movement", "verspreiden"), ("knowledge_product_ids", "abc")], "mag u niet meegeven"),
        (vec![("movement", "verspreiden"), ("approach_ids", "999999")], "mag u niet meegeven"),
        (vec![("movement", "verspreiden"), ("note", &"x".repeat(4_001))], "Toelichting:"),
    ] {
        let r = coord.post_form(&path, &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}: {}", r.body);
        assert!(summary(&r).contains(expect), "{fields:?}: {}", summary(&r));
        assert!(!r.body.contains("??"), "{fields:?}: a missing translation");
        assert_eq!(moves(&app, &w).await, before, "{fields:?} changed nothing");
    }
    let r = coord.post_form(&path, &[("movement", ""), ("note", "Wat ik typte")]).await;
    assert!(r.body.contains(">Wat ik typte</textarea>"), "what was typed stays");
    let r = coord
        .post_form(
            &path,
            &[
                ("movement", "verspreiden"),
                ("step", "agenderen"),
                ("note", "Naar de landelijke agenda."),
                ("organisation", "Gemeente Dordrecht"),
                ("knowledge_product_ids", &w.product.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.location().to_owned();
    assert!(location.starts_with(&format!("{path}?melding=recorded#stap-")), "{location}");
    let p = app.core.question_path(Some(&w.coord), &w.zhz, w.question).await.expect("path");
    assert_eq!(p.moves.len(), before + 1);
    assert_eq!(p.current, "verspreiden");
    let last = p.moves.last().expect("the move");
    assert_eq!(
        (last.step.as_deref(), last.by.kind.as_str(), last.by.name.as_str()),
        (Some("agenderen"), "organisation", "Gemeente Dordrecht")
    );
    assert_eq!(last.knowledge_products.iter().map(|i| i.id).collect::<Vec<_>>(), vec![w.product]);
    let r = coord.get(location.split('#').next().expect("path")).await;
    ok(&r, "after the save");
    assert!(r.body.contains("De stap is vastgelegd."));

    // Who may not move the question is refused whatever the form says.
    let mut member = app.logged_in(MEMBER).await;
    let r = member.post_form(&path, &[("movement", "verspreiden")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut other = app.logged_in(OTHER_COORDINATOR).await;
    assert_eq!(other.post_form(&path, &[("movement", "verspreiden")]).await.status, StatusCode::FORBIDDEN);
    let r = app.browser().await.post_form(&path, &[("movement", "verspreiden")]).await;
    assert!(r.status == StatusCode::UNAUTHORIZED || r.location().starts_with("/inloggen"), "{}", r.status);
    // The national partner, now the question is on the national side: never ontwikkelen, no organisation.
    let mut partner = app.logged_in(PARTNER).await;
    let r = partner.post_form(&path, &[("movement", "ontwikkelen")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(summary(&r).contains("Een landelijke kennispartner kiest"), "{}", summary(&r));
    let r = partner.post_form(&path, &[("movement", "opschalen"), ("organisation", "Movisie")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        summary(&r).contains("Een landelijke kennispartner beweegt namens de eigen organisatie"),
        "{}",
        summary(&r)
    );
    assert_eq!(moves(&app, &w).await, before + 1);
}

#[tokio::test]
async fn the_national_partner_takes_a_question_up_and_hands_it_back_to_the_coordinator_s_home_page() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let path = path_of(&w);
    let mut partner = app.logged_in(PARTNER).await;
    let r = partner.get("/landelijke-agenda").await;
    ok(&r, "the national agenda");
    assert!(!r.body.contains(&path), "not on the agenda before it goes national");
    // Not handed yet: the partner may not take it up.
    let take_up = [("movement", "opschalen"), ("step", "verbinden_met_kwestie"), ("herkomst", "agenda")];
    assert_eq!(partner.post_form(&path, &take_up).await.status, StatusCode::FORBIDDEN);

    go(&app, &w, &w.coord, "verspreiden", vec![]).await;
    let r = partner.get("/landelijke-agenda").await;
    ok(&r, "the national agenda with the question");
    assert!(r.body.contains(&format!("<form method=\"post\" action=\"{path}\"")), "Oppakken");
    let anon = app.get("/landelijke-agenda").await;
    ok(&anon, "the national agenda for visitors");
    assert!(anon.body.contains(&path) && !anon.body.contains("Oppakken"), "visitors see it, without the button");

    let r = partner.post_form(&path, &take_up).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().contains("melding=taken_up"), "{}", r.location());
    let p = app.core.question_path(Some(&w.coord), &w.zhz, w.question).await.expect("path");
    let last = p.moves.last().expect("taken up");
    assert_eq!((p.current.as_str(), last.step.as_deref()), ("opschalen", Some("verbinden_met_kwestie")));
    let r = partner.get("/landelijke-agenda").await;
    assert!(r.body.contains(&format!("{path}?beweging=verrijken#vastleggen")), "the link to hand it back");
    let r = partner.get(&format!("{path}?beweging=verrijken")).await;
    assert!(r.body.contains("value=\"verrijken\" aria-describedby=\"movement-2-hint\" checked"), "verrijken chosen");

    let mut coord = app.logged_in(COORDINATOR).await;
    let home = coord.get("/").await;
    assert!(!home.body.contains("Teruggegeven door landelijke kennispartners"), "nothing handed back yet");
    let product = w.product.to_string();
    let back = [("movement", "verrijken"), ("step", "terugvloeien"), ("knowledge_product_ids", product.as_str())];
    let r = partner.post_form(&path, &back).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = coord.get("/").await;
    ok(&home, "the coordinator's home page");
    assert!(home.body.contains("Teruggegeven door landelijke kennispartners"));
    assert!(home.body.contains(&format!("href=\"{path}\">Hoe bereiken we mantelzorgers")), "{}", home.body);
    assert!(home.body.contains("door Nadia Landman (Movisie)"));
    let mut member = app.logged_in(MEMBER).await;
    assert!(!member.get("/").await.body.contains("Teruggegeven door"), "for coordinators and lectoren only");
    assert!(!app.get("/landelijke-agenda").await.body.contains(&path), "off the national agenda");
}

/// The numbers of the page at `url` as `actor` sees them, against the use case's counts.
async fn same_numbers(app: &TestApp, r: &TestResponse, who: Option<&Actor>, filter: &LemniscateFilter, what: &str) {
    ok(r, what);
    let c = app.core.lemniscate_counts(who, filter).await.expect("counts");
    for (code, n) in [
        ("ontwikkelen", c.movements.ontwikkelen),
        ("verspreiden", c.movements.verspreiden),
        ("opschalen", c.movements.opschalen),
        ("verrijken", c.movements.verrijken),
        ("gekruist", c.crossings),
    ] {
        assert_eq!(count(r, code), n, "{what}: {code} in the table");
        assert_eq!(drawn(r, code), n, "{what}: {code} in the figure");
    }
}

#[tokio::test]
async fn the_three_views_show_the_use_case_s_numbers_and_the_lists_behind_them() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    go(&app, &w, &w.coord, "verspreiden", vec![]).await;
    go(&app, &w, &w.partner, "opschalen", vec![]).await;
    // A members-only question in verspreiden: members and the national partner count it, visitors not.
    let input = QuestionInput {
        title: "Besloten, landelijk".into(),
        visibility: Some("members".into()),
        kwesties: vec![KWESTIE.into()],
        ..Default::default()
    };
    let hidden = app.core.create_question(Some(&w.coord), &w.zhz, &input).await.expect("question");
    let input = MoveInput { movement: "verspreiden".into(), ..Default::default() };
    app.core.record_move(Some(&w.coord), &w.zhz, hidden, &input).await.expect("handed");
    let kwestie =
        app.core.kwesties(None).await.expect("kwesties").into_iter().find(|k| k.label == KWESTIE).expect("k").id;
    let today = chrono::Utc::now().date_naive();

    let mut coord = app.logged_in(COORDINATOR).await;
    let mut partner = app.logged_in(PARTNER).await;
    let mut anon = app.browser().await;
    let f = |w: Option<&str>, k: Option<i64>, from: Option<chrono::NaiveDate>| LemniscateFilter {
        werkplaats: w.map(str::to_owned),
        kwestie: k,
        from,
        to: None,
    };
    let views = [
        ("/lemniscaat".to_owned(), f(None, None, None)),
        (format!("/lemniscaat?werkplaats=zhz&kwestie={kwestie}"), f(Some("zhz"), Some(kwestie), None)),
        (format!("/lemniscaat?van={today}"), f(None, None, Some(today))),
        (
            "/lemniscaat?van=2000-01-01&tot=2000-12-31".to_owned(),
            LemniscateFilter::parse(None, None, Some("2000-01-01"), Some("2000-12-31")).expect("f"),
        ),
        ("/werkplaatsen/zhz/lemniscaat".to_owned(), f(Some("zhz"), None, None)),
        (format!("/kwesties/{kwestie}/lemniscaat"), f(None, Some(kwestie), None)),
        (
            format!("/kwesties/{kwestie}/lemniscaat?van={today}&tot={today}"),
            LemniscateFilter { to: Some(today), ..f(None, Some(kwestie), Some(today)) },
        ),
    ];
    for (url, filter) in &views {
        same_numbers(&app, &coord.get(url).await, Some(&w.coord), filter, &format!("{url} (coordinator)")).await;
        same_numbers(&app, &partner.get(url).await, Some(&w.partner), filter, &format!("{url} (partner)")).await;
        same_numbers(&app, &anon.get(url).await, None, filter, &format!("{url} (visitor)")).await;
    }
    // The kwestie's view: the two questions, one hidden from visitors.
    let url = format!("/kwesties/{kwestie}/lemniscaat");
    assert_eq!(count(&coord.get(&url).await, "verspreiden"), 1);
    assert_eq!(count(&coord.get(&url).await, "opschalen"), 1);
    assert_eq!(count(&anon.get(&url).await, "verspreiden"), 0, "visitors count only public questions");
    assert_eq!(count(&partner.get(&url).await, "gekruist"), 2);
    let r = anon.get(&url).await;
    assert!(r.body.contains("role=\"img\" aria-labelledby=\"lem-title lem-desc\""));
    assert!(r.body.contains("1 vraag in Opschalen (landelijk)."), "the text alternative names the numbers");
    // Behind every number: exactly the questions it counts (crossings: each question once).
    for (view, who) in [(&url, &mut coord), (&"/lemniscaat".to_owned(), &mut partner)] {
        let page = who.get(view).await;
        for code in ["ontwikkelen", "verspreiden", "opschalen", "verrijken"] {
            let list = who.get(&link(&page, code)).await;
            ok(&list, code);
            assert_eq!(list.body.matches("/pad\">Pad door de lemniscaat").count(), count(&page, code), "{view} {code}");
        }
        let crossed = who.get(&link(&page, "gekruist")).await;
        ok(&crossed, "crossed");
        assert!(crossed.body.matches("/pad\">Pad door de lemniscaat").count() <= count(&page, "gekruist"));
    }
    let list = coord.get(&format!("/lemniscaat/vragen?gekruist=1&kwestie={kwestie}")).await;
    assert_eq!(list.body.matches("/pad\">Pad door de lemniscaat").count(), 2, "both questions crossed");
    assert!(list.body.contains("Besloten, landelijk"));
    assert!(!anon.get(&format!("/lemniscaat/vragen?gekruist=1&kwestie={kwestie}")).await.body.contains("Besloten"));
}

#[tokio::test]
async fn bad_filters_get_a_dutch_field_error() {
    let app = TestApp::spawn().await;
    for (url, expect) in [
        ("/lemniscaat?van=2025-05-01&tot=2025-01-01", "De einddatum ligt"),
        ("/lemniscaat?van=2025-02-30", "Vul een bestaande datum in."),
        ("/lemniscaat?werkplaats=bestaat-niet", "Maak een keuze uit de lijst."),
        ("/lemniscaat?kwestie=twee", "Maak een keuze uit de lijst."),
        ("/lemniscaat?kwestie=999999", "Maak een keuze uit de lijst."),
        ("/werkplaatsen/zhz/lemniscaat?tot=morgen", "Vul een bestaande datum in."),
        ("/lemniscaat/vragen?beweging=rondjes", "Maak een keuze uit de lijst."),
        ("/lemniscaat/vragen?gekruist=1&van=gisteren", "Vul een bestaande datum in."),
    ] {
        let r = app.get(url).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {}", r.body);
        assert!(summary(&r).contains(expect), "{url}: {}", summary(&r));
        assert!(!r.body.contains("??"), "{url}");
        assert!(!r.body.contains("lem-figure"), "{url}: no numbers for a filter that is wrong");
    }
    for url in [
        "/werkplaatsen/bestaat-niet/lemniscaat",
        "/kwesties/999999/lemniscaat",
        "/lemniscaat/vragen?werkplaats=nergens",
    ] {
        assert_eq!(app.get(url).await.status, StatusCode::NOT_FOUND, "{url}");
    }
    let r = app.get("/werkplaatsen/zhz").await;
    assert!(r.body.contains("href=\"/werkplaatsen/zhz/lemniscaat\""), "the werkplaats page links its lemniscate");
}

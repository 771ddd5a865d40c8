//! Stories (verhalen) with consent on the real app: recording through the API and the form,
//! validation that writes nothing, who may read what (internal or published, the narrator's
//! name), and withdrawal of consent (hidden at once, erased, gone from search).

use crate::common::{COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const API: &str = "/api/v1/werkplaatsen/zhz";
const PAGES: &str = "/werkplaatsen/zhz";
const STUDENT: &str = "student@zhz.example";

fn story(title: &str, consent_use: &str, show_name: bool, text: &str) -> Value {
    json!({
        "title": title,
        "narrator_role": "mantelzorger",
        "narrator_name": "Marieke Mantelzorg",
        "show_name": show_name,
        "text": text,
        "social_quality": "Ze voelt zich gezien door de buurvrouw.",
        "factors": ["sociale_cohesie", "sociale_inclusie"],
        "kwesties": ["Eenzaamheid"],
        "consent_use": consent_use,
        "consent_given_by": "De verteller zelf",
        "consent_on": "2024-05-01",
    })
}

async fn create(app: &TestApp, token: &str, body: Value) -> i64 {
    let r = app.api(Method::POST, &format!("{API}/stories"), Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let out = r.json();
    let id = out["id"].as_i64().expect("id");
    assert_eq!(out["url"], format!("{}/werkplaatsen/zhz/verhalen/{id}", app.core.public_url));
    id
}

async fn list(app: &TestApp, token: Option<&str>) -> Vec<Value> {
    let r = app.api(Method::GET, &format!("{API}/stories"), token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().expect("items").clone()
}

async fn get(app: &TestApp, id: i64, token: Option<&str>) -> (StatusCode, Value) {
    let r = app.api(Method::GET, &format!("{API}/stories/{id}"), token, None).await;
    let body = if r.status == StatusCode::OK { r.json() } else { Value::Null };
    (r.status, body)
}

async fn student(app: &TestApp) -> String {
    app.core
        .create_user(STUDENT, "Sam Student (fictief)", "zhz", "student", "een-lang-wachtwoord")
        .await
        .expect("account");
    app.token(STUDENT).await
}

fn titles(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(|s| s["title"].as_str()).collect()
}

#[tokio::test]
async fn stories_are_recorded_through_the_api_and_each_role_sees_what_it_may() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let student = student(&app).await;
    let other = app.token(OTHER_COORDINATOR).await;
    let lector = app.token(LECTOR).await;
    let theme = app.agenda("zhz").await["themes"][0].clone();

    let mut body = story("Een buurvrouw die aanbelt", "internal", false, "Elke dinsdag belt de buurvrouw aan.");
    body["themes"] = json!([theme["id"]]);
    let internal = create(&app, &member, body).await;

    // The recorder sees everything, with the consent record.
    let (status, v) = get(&app, internal, Some(&member)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["narrator_role"], "mantelzorger");
    assert_eq!(v["narrator_name"], "Marieke Mantelzorg");
    assert_eq!(v["factors"], json!(["sociale_cohesie", "sociale_inclusie"]));
    assert_eq!(v["themes"][0]["id"], theme["id"]);
    assert_eq!(v["kwesties"][0]["name"], "Eenzaamheid");
    assert_eq!(v["consent"]["consent_use"], "internal");
    assert_eq!(v["consent"]["given_by"], "De verteller zelf");
    assert_eq!(v["consent"]["given_on"], "2024-05-01");
    assert_eq!(v["consent"]["recorded_by"], "Pim Professional (fictief)");
    assert_eq!(v["consent"]["show_name"], false);
    assert_eq!(v["may_edit"], true);

    // Another partner of the werkplaats reads it, without the name or the consent record.
    let (status, v) = get(&app, internal, Some(&student)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["text"], "Elke dinsdag belt de buurvrouw aan.");
    assert!(v["narrator_name"].is_null(), "{v}");
    assert!(v["consent"].is_null(), "{v}");
    assert_eq!(v["may_edit"], false);
    // The lector manages it: name and consent.
    let (_, v) = get(&app, internal, Some(&lector)).await;
    assert_eq!(v["narrator_name"], "Marieke Mantelzorg");
    assert_eq!(v["may_edit"], true);

    // The public and partners of another werkplaats do not know it exists.
    assert_eq!(get(&app, internal, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, internal, Some(&other)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("{PAGES}/verhalen/{internal}")).await.status, StatusCode::NOT_FOUND);
    let r =
        app.api(Method::GET, &format!("/api/v1/werkplaatsen/voorbeeld/stories/{internal}"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not under another werkplaats's address either");

    // Published without the name: everyone reads it, the name stays hidden.
    let anonymous =
        create(&app, &member, story("Weer naar de soos", "publication", false, "Na jaren weer samen.")).await;
    let (status, v) = get(&app, anonymous, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(v["narrator_name"].is_null(), "{v}");
    assert!(v["consent"].is_null(), "{v}");
    let page = app.get(&format!("{PAGES}/verhalen/{anonymous}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Anoniem (mantelzorger)"), "{}", page.body);
    assert!(!page.body.contains("Marieke"), "the name is never shown without consent");
    assert!(page.body.contains("Na jaren weer samen."));
    assert!(!page.body.contains("De verteller zelf"), "the consent record is for managers only");

    // Published with the name: shown.
    let named = create(&app, &member, story("Mijn eigen verhaal", "publication", true, "Ik vertel het graag.")).await;
    let (_, v) = get(&app, named, None).await;
    assert_eq!(v["narrator_name"], "Marieke Mantelzorg");
    assert!(app.get(&format!("{PAGES}/verhalen/{named}")).await.body.contains("Marieke Mantelzorg"));

    // Lists: the public sees the published ones, partners all three, another werkplaats none of the internal.
    let public = list(&app, None).await;
    assert_eq!(titles(&public).len(), 2, "{public:?}");
    assert!(!titles(&public).contains(&"Een buurvrouw die aanbelt"));
    assert!(public.iter().all(|s| s["consent"].is_null() && s["text"] != "Elke dinsdag belt de buurvrouw aan."));
    assert_eq!(list(&app, Some(&student)).await.len(), 3);
    assert_eq!(list(&app, Some(&other)).await.len(), 2);
    let mine = list(&app, Some(&member)).await;
    let line = mine.iter().find(|s| s["id"] == internal).expect("listed");
    assert_eq!(line["themes"][0]["id"], theme["id"], "the list carries the themes");

    // The list page: titles, roles, themes; the button only for partners.
    let page = app.get(&format!("{PAGES}/verhalen")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Weer naar de soos") && !page.body.contains("Een buurvrouw die aanbelt"));
    assert!(page.body.contains("Verteller: Mantelzorger"));
    assert!(!page.body.contains("Verhaal vastleggen"), "the public records no stories");
    let mut b = app.logged_in(MEMBER).await;
    let page = b.get(&format!("{PAGES}/verhalen")).await;
    assert!(page.body.contains("Een buurvrouw die aanbelt"));
    assert!(page.body.contains(theme["title"].as_str().expect("title")));
    assert!(page.body.contains(&format!("href=\"{PAGES}/verhalen/nieuw\"")));
}

#[tokio::test]
async fn the_list_has_an_empty_state() {
    let app = TestApp::spawn().await;
    let page = app.get(&format!("{PAGES}/verhalen")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Er zijn nog geen verhalen die u kunt lezen."), "{}", page.body);
    assert_eq!(app.get("/werkplaatsen/bestaat-niet/verhalen").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_stories_are_refused_in_dutch_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let coordinator = app.token(COORDINATOR).await;
    let post = |body: Value, token: Option<String>| {
        let app = &app;
        async move { app.api(Method::POST, &format!("{API}/stories"), token.as_deref(), Some(body)).await }
    };

    // The name may only be shown with publication consent.
    let r = post(story("Naam tonen", "internal", true, "Tekst."), Some(member.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.error_code(), "validation_failed");
    assert_eq!(
        r.json()["error"]["fields"]["show_name"],
        "De naam mag alleen getoond worden als er een naam is ingevuld en de toestemming voor publicatie is."
    );
    // … and only when there is a name.
    let mut body = story("Zonder naam", "publication", true, "Tekst.");
    body["narrator_name"] = Value::Null;
    let r = post(body, Some(member.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"]["fields"]["show_name"].is_string());

    // Consent cannot be dated in the future; every problem at once.
    let mut body = story("", "iedereen", false, "");
    body["consent_on"] = json!("2999-01-01");
    body["narrator_role"] = json!("buurman");
    body["factors"] = json!(["geluk"]);
    body["themes"] = json!(["Een thema dat niet bestaat"]);
    body["consent_given_by"] = json!("");
    let r = post(body, Some(member.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields = r.json()["error"]["fields"].clone();
    assert_eq!(fields["consent_on"], "De datum van de toestemming kan niet in de toekomst liggen.");
    assert_eq!(fields["title"], "Dit veld is verplicht.");
    assert_eq!(fields["text"], "Dit veld is verplicht.");
    assert_eq!(fields["consent_given_by"], "Dit veld is verplicht.");
    assert!(fields["narrator_role"].as_str().is_some_and(|m| m.contains("mantelzorger")), "{fields}");
    assert!(fields["consent_use"].as_str().is_some_and(|m| m.contains("publication")), "{fields}");
    assert!(fields["factors"].as_str().is_some_and(|m| m.contains("sociale_cohesie")), "{fields}");
    assert!(fields["themes"].is_string(), "{fields}");

    // Unknown fields, no account, another werkplaats.
    let mut body = story("Extra veld", "internal", false, "Tekst.");
    body["geheim"] = json!(true);
    assert_eq!(post(body, Some(member.clone())).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(story("Anoniem", "internal", false, "Tekst."), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let other = app.token(OTHER_COORDINATOR).await;
    let r = post(story("Andere werkplaats", "internal", false, "Tekst."), Some(other)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    assert!(list(&app, Some(&coordinator)).await.is_empty(), "nothing was written");

    // The same rule on the form: 422, the message linked to the field, nothing written.
    let mut b = app.logged_in(MEMBER).await;
    let r = b
        .post_form(
            &format!("{PAGES}/verhalen"),
            &[
                ("title", "Via het formulier"),
                ("narrator_role", "burger"),
                ("narrator_name", "Bas Burger"),
                ("text", "Een verhaal."),
                ("consent_use", "internal"),
                ("consent_given_by", "Bas Burger"),
                ("show_name", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("class=\"error-summary\""));
    assert!(r.body.contains("href=\"#show_name\""), "the summary links to the box");
    assert!(r.body.contains("id=\"show_name-error\""));
    assert!(r.body.contains("aria-describedby=\"show_name-hint show_name-error\""), "{}", r.body);
    assert!(r.body.contains("value=\"Via het formulier\""), "what was typed stays");
    assert!(r.body.contains("Bas Burger"));
    assert!(list(&app, Some(&coordinator)).await.is_empty(), "nothing was written");
}

#[tokio::test]
async fn a_story_is_recorded_and_edited_through_the_form() {
    let app = TestApp::spawn().await;
    let theme = app.agenda("zhz").await["themes"][1].clone();
    let theme_id = theme["id"].as_i64().expect("id").to_string();

    // Anonymous visitors log in first; partners of another werkplaats may not.
    assert!(app.get(&format!("{PAGES}/verhalen/nieuw")).await.location().starts_with("/inloggen?terug="));
    let mut other = app.logged_in(OTHER_COORDINATOR).await;
    assert_eq!(other.get(&format!("{PAGES}/verhalen/nieuw")).await.status, StatusCode::FORBIDDEN);

    let mut b = app.logged_in(MEMBER).await;
    let form = b.get(&format!("{PAGES}/verhalen/nieuw")).await;
    assert_eq!(form.status, StatusCode::OK);
    for expected in [
        "<legend>Verteller",
        "Cliënt",
        "Mantelzorger",
        "wordt nooit openbaar getoond, tenzij de verteller daar toestemming voor gaf",
        "Wat zegt dit verhaal over ervaren sociale kwaliteit?",
        "Sociaaleconomische zekerheid",
        "Sociale empowerment",
        "<legend>Toestemming</legend>",
        "Alleen intern (partners van de werkplaats)",
        "Publicatie (openbaar)",
        "Naam mag getoond worden",
        "name=\"csrf\"",
        theme["title"].as_str().expect("title"),
    ] {
        assert!(form.body.to_lowercase().contains(&expected.to_lowercase()), "missing {expected:?}");
    }

    let r = b
        .post_form(
            &format!("{PAGES}/verhalen"),
            &[
                ("title", "De wijkagent kent mijn naam"),
                ("narrator_role", "burger"),
                ("narrator_name", "Bas Burger"),
                ("text", "Sinds de wijkagent langskomt, voel ik me veiliger.\nDat zeg ik ook tegen de buren."),
                ("social_quality", "Veiligheid en erkenning."),
                ("factors", "sociale_cohesie"),
                ("factors", "sociale_empowerment"),
                ("themes", theme_id.as_str()),
                ("kwesties", "Veiligheid in de wijk, Eenzaamheid"),
                ("consent_use", "publication"),
                ("consent_given_by", "Bas Burger"),
                ("consent_on", "2024-06-12"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let path = r.location().trim_end_matches("?opgeslagen=1").to_owned();
    assert!(path.starts_with(&format!("{PAGES}/verhalen/")), "{path}");
    let id: i64 = path.rsplit('/').next().and_then(|s| s.parse().ok()).expect("id");

    let page = b.get(r.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Het verhaal is opgeslagen."));
    assert!(page.body.contains("<p>Dat zeg ik ook tegen de buren.</p>"), "one paragraph per line");
    assert!(page.body.contains("Sociale empowerment"));
    assert!(page.body.contains("Veiligheid in de wijk"));
    assert!(page.body.contains("Vastlegging van de toestemming"), "the recorder sees the consent record");
    assert!(page.body.contains("12 juni 2024"));
    // Published without consent for the name: the public sees the role only.
    let public = app.get(&path).await;
    assert!(public.body.contains("Anoniem (burger)") && !public.body.contains("Bas Burger"));

    // The edit form holds what was saved; the change is stored.
    let edit = b.get(&format!("{path}/bewerken")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("value=\"De wijkagent kent mijn naam\""));
    assert!(
        edit.body.contains("value=\"Veiligheid in de wijk, Eenzaamheid\"")
            || edit.body.contains("value=\"Eenzaamheid, Veiligheid in de wijk\"")
    );
    assert!(edit.body.contains("value=\"2024-06-12\""));
    let r = b
        .post_form(
            &path,
            &[
                ("title", "De wijkagent kent mijn naam"),
                ("narrator_role", "burger"),
                ("narrator_name", "Bas Burger"),
                ("text", "Sinds de wijkagent langskomt, voel ik me veiliger."),
                ("consent_use", "publication"),
                ("consent_given_by", "Bas Burger"),
                ("consent_on", "2024-06-12"),
                ("show_name", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (_, v) = get(&app, id, None).await;
    assert_eq!(v["narrator_name"], "Bas Burger", "now consented");
    assert_eq!(v["factors"], json!([]));
    assert_eq!(v["themes"], json!([]));
    // Another partner reads but does not edit.
    let student_token = student(&app).await;
    let (_, v) = get(&app, id, Some(&student_token)).await;
    assert_eq!(v["may_edit"], false);
    let r = app
        .api(
            Method::PUT,
            &format!("{API}/stories/{id}"),
            Some(&student_token),
            Some(story("X", "internal", false, "Y")),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

#[tokio::test]
async fn withdrawing_consent_hides_the_story_at_once_and_keeps_only_the_consent_record() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let word = "zwaluwstaartvlinder";
    let id = create(
        &app,
        &member,
        story("Vlinders in de tuin", "publication", true, &format!("In de tuin zag ik een {word}.")),
    )
    .await;
    let path = format!("{PAGES}/verhalen/{id}");
    let found = app.get(&format!("/zoeken?q={word}")).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.body.contains(&path), "findable right after saving: {}", found.body);

    // Others may not withdraw; anonymous visitors log in.
    let student_token = student(&app).await;
    let withdraw = format!("{API}/stories/{id}/withdraw-consent");
    assert_eq!(app.api(Method::POST, &withdraw, Some(&student_token), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api(Method::POST, &withdraw, None, None).await.status, StatusCode::UNAUTHORIZED);
    assert!(app.get(&format!("{path}/intrekken")).await.location().starts_with("/inloggen?terug="));

    // The recorder confirms on a page that says what happens.
    let mut b = app.logged_in(MEMBER).await;
    let confirm = b.get(&format!("{path}/intrekken")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Het verhaal verdwijnt uit de zoekresultaten."));
    assert!(confirm.body.contains("Alleen de vastlegging van de toestemming blijft bewaard"));
    assert!(confirm.body.contains(&format!("action=\"{path}/intrekken\"")));
    // Without the CSRF token nothing happens.
    let r = b.post_raw(&format!("{path}/intrekken"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&app, id, None).await.0, StatusCode::OK);

    let r = b.post_form(&format!("{path}/intrekken"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), path);
    let page = b.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Toestemming ingetrokken op "), "{}", page.body);
    assert!(!page.body.contains(word), "the text is gone");
    assert!(!page.body.contains("Marieke"), "the name is gone");
    assert!(page.body.contains("De verteller zelf"), "the consent record stays");
    assert!(!page.body.contains("/bewerken"), "nothing left to edit");

    // Hidden from everyone else at once, and gone from search.
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, id, Some(&student_token)).await.0, StatusCode::NOT_FOUND);
    assert!(list(&app, None).await.is_empty());
    let found = app.get(&format!("/zoeken?q={word}")).await;
    assert!(!found.body.contains(&path), "not findable right after withdrawal");
    let mut lector = app.logged_in(LECTOR).await;
    assert!(!lector.get(&format!("/zoeken?q={word}")).await.body.contains(&path), "not for managers either");

    // The consent record, through the API.
    let (status, v) = get(&app, id, Some(&member)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["withdrawn"], true);
    assert_eq!(v["text"], "");
    assert_eq!(v["social_quality"], "");
    assert!(v["narrator_name"].is_null());
    assert_eq!(v["consent"]["given_by"], "De verteller zelf");
    assert_eq!(v["consent"]["given_on"], "2024-05-01");
    assert_eq!(v["consent"]["withdrawn_by"], "Pim Professional (fictief)");
    assert!(v["consent"]["withdrawn_at"].is_string());
    assert_eq!(v["may_edit"], false);

    // It cannot be edited any more; withdrawing again is harmless.
    let r = app
        .api(
            Method::PUT,
            &format!("{API}/stories/{id}"),
            Some(&member),
            Some(story("Terug", "publication", false, "Opnieuw.")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        r.json()["error"]["message"],
        "De toestemming voor dit verhaal is ingetrokken; het kan niet meer worden bewerkt."
    );
    let r = app.api(Method::POST, &withdraw, Some(&member), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["text"], "");
    assert_eq!(b.get(&format!("{path}/bewerken")).await.status, StatusCode::FORBIDDEN);
    let r = b.get(&format!("{path}/intrekken")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the confirmation page sends you to the story");
}

#[tokio::test]
async fn the_search_api_finds_a_story_until_consent_is_withdrawn() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let word = "ijsvogelnest";
    let id =
        create(&app, &member, story("Langs de rivier", "internal", false, &format!("Bij de rivier zat een {word}.")))
            .await;
    let url = format!("/werkplaatsen/zhz/verhalen/{id}");
    let search = |token: Option<String>| {
        let app = &app;
        async move { app.api(Method::GET, &format!("/api/v1/search?q={word}"), token.as_deref(), None).await }
    };
    let r = search(Some(member.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&url), "a partner finds it right after saving: {}", r.body);
    let r = search(None).await;
    assert!(!r.body.contains(&url), "the public does not find an internal story");

    let r = app.api(Method::POST, &format!("{API}/stories/{id}/withdraw-consent"), Some(&member), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = search(Some(member.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains(&url), "gone right after withdrawal: {}", r.body);
    let page = app.api(Method::GET, &format!("{API}/stories/{id}"), Some(&member), None).await;
    assert!(!page.body.contains(word));
}

#[tokio::test]
async fn story_pages_are_in_english_too() {
    let app = TestApp::spawn().await;
    let member = app.token(MEMBER).await;
    let id = create(&app, &member, story("Weer naar de soos", "publication", false, "Na jaren weer samen.")).await;
    let mut b = app.browser().await;
    b.get("/taal/en?terug=/").await;
    let page = b.get(&format!("{PAGES}/verhalen/{id}")).await;
    assert!(page.body.contains("Anonymous (carer)"), "{}", page.body);
    assert!(page.body.contains("What does this story say about experienced social quality?"));
}

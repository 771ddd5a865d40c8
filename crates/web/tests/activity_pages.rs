//! The activity pages on the real app: the agenda, registering through the form (with and
//! without an account), the waiting list, the cancel link from the email, organiser pages and
//! forms, the report, series made from the form, and a body's meetings.
mod common;

use axum::http::{StatusCode, header};
use broedplaats_core::activities::{ActivityInput, Scope};
use broedplaats_core::auth::Actor;
use broedplaats_store::Tenant;
use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Europe::Amsterdam;
use common::{COORDINATOR, MEMBER, TestApp, TestResponse};

const BASE: &str = "/werkplaatsen/zhz";

async fn actor(app: &TestApp, email: &str) -> Actor {
    let token = app.token(email).await;
    app.core.actor_for_api_token(&token).await.expect("actor").expect("actor")
}

async fn zhz(app: &TestApp) -> Tenant {
    app.core.tenant("zhz").await.expect("zhz")
}

/// A moment `days` from now at 15:00 Amsterdam time, as a `datetime-local` field sends it.
fn local(days: i64, hour: u32) -> String {
    let d = (Utc::now() + Duration::days(days)).with_timezone(&Amsterdam).date_naive();
    format!("{}T{hour:02}:00", d.format("%Y-%m-%d"))
}

fn input(title: &str, audience: &str, capacity: Option<i64>, days: i64) -> ActivityInput {
    ActivityInput {
        kind: "kenniscafe".into(),
        title: title.into(),
        description: Some("Praktijk en onderzoek over de wijk.".into()),
        starts_at: local(days, 15),
        ends_at: local(days, 17),
        location: Some("Stadskantoor Merwestad".into()),
        capacity,
        audience: audience.into(),
        ..Default::default()
    }
}

/// Creates an activity as the coordinator; returns its id.
async fn create(app: &TestApp, input: &ActivityInput) -> i64 {
    let c = actor(app, COORDINATOR).await;
    app.core.create_activity(Some(&c), &zhz(app).await, input).await.expect("create activity")
}

fn path(id: i64) -> String {
    format!("{BASE}/activiteiten/{id}")
}

fn h1(r: &TestResponse) -> String {
    let start = r.body.find("<h1>").map(|i| i + 4).unwrap_or_else(|| panic!("no <h1> in {}", r.body));
    let end = r.body[start..].find("</h1>").expect("</h1>") + start;
    r.body[start..end].trim().to_owned()
}

fn no_inline_script_or_style(r: &TestResponse, what: &str) {
    assert!(!r.body.contains("style="), "{what}: no inline styles (CSP)");
    assert!(!r.body.contains("<script>"), "{what}: no inline scripts (CSP)");
}

async fn registrations(app: &TestApp, id: i64) -> Vec<(String, String)> {
    let c = actor(app, COORDINATOR).await;
    let regs = app.core.registrations(Some(&c), &zhz(app).await, id).await.expect("registrations");
    regs.into_iter().map(|r| (r.name, r.status)).collect()
}

/// Registers through the form as a visitor without an account; returns the response to the POST.
async fn register_anonymously(app: &TestApp, id: i64, name: &str, email: &str) -> TestResponse {
    let mut b = app.browser().await;
    let page = b.get(&path(id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    b.post_form(&format!("{}/aanmelden", path(id)), &[("name", name), ("email", email), ("organisation", "")]).await
}

#[tokio::test]
async fn a_visitor_registers_through_the_form_and_gets_a_confirmation_email() {
    let app = TestApp::spawn().await;
    let id = create(&app, &input("Kenniscafé: wijkteams en jongeren", "public", Some(1), 30)).await;

    let mut b = app.browser().await;
    let r = b.get(&path(id)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Kenniscafé: wijkteams en jongeren");
    no_inline_script_or_style(&r, "activity page");
    assert!(r.body.contains("<script type=\"application/ld+json\">"), "JSON-LD for a public activity");
    assert!(r.body.contains("\"@type\":\"Event\"") && r.body.contains("EventScheduled"));
    assert!(r.body.contains("OfflineEventAttendanceMode"));
    assert!(r.body.contains(&format!(
        "<link rel=\"alternate\" type=\"text/calendar\" title=\"Zet in je agenda (.ics)\" href=\"/api/v1/werkplaatsen/zhz/activities/{id}.ics\">"
    )));
    assert!(r.body.contains("Zet in je agenda (.ics)"));
    assert!(r.body.contains("<dt>Plaatsen</dt><dd>1, nog 1 vrij</dd>"), "{}", r.body);
    assert!(r.body.contains("name=\"email\""), "a registration form for visitors without an account");
    assert!(!r.body.contains("/bewerken"), "no organiser links for visitors");

    let csrf = b.csrf();
    let r = b
        .post_raw(
            &format!("{}/aanmelden", path(id)),
            &[
                ("csrf", &csrf),
                ("name", "Anouk de Vries"),
                ("email", "anouk@example.org"),
                ("organisation", "Buurtteam Noord"),
                ("accessibility_needs", "ringleiding"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{}?aanmelding=aangemeld#aanmelden", path(id)));
    let r = b.get(r.location().split('#').next().unwrap_or_default()).await;
    assert!(r.body.contains("U bent aangemeld."), "{}", r.body);
    assert!(r.body.contains("role=\"status\""));
    assert!(r.body.contains("link om u af te melden"));

    // the confirmation goes out by the job worker, with a calendar file and a cancel link
    app.core.run_due_jobs(Utc::now()).await.expect("jobs");
    let sent = app.core.mailer.sent();
    let mail = sent.iter().find(|m| m.to.contains("anouk@example.org")).expect("confirmation email");
    assert!(mail.attachments.iter().any(|a| a.filename.ends_with(".ics")), "an .ics attachment");
    assert!(mail.text.contains(&format!("{}/afmelden/", path(id))), "a cancel link: {}", mail.text);

    // the activity is full now: the next one goes on the waiting list, and is told so
    let r = register_anonymously(&app, id, "Bram Bakker", "bram@example.org").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("{}?aanmelding=wachtlijst&plaats=1#aanmelden", path(id)));
    let r = app.get(&format!("{}?aanmelding=wachtlijst&plaats=1", path(id))).await;
    assert!(r.body.contains("De activiteit is vol; u staat op de wachtlijst (plaats 1)."), "{}", r.body);
    assert!(r.body.contains("<dd>1, vol · 1 op de wachtlijst</dd>"), "{}", r.body);
    let r = register_anonymously(&app, id, "Cees", "cees@example.org").await;
    assert_eq!(r.location(), format!("{}?aanmelding=wachtlijst&plaats=2#aanmelden", path(id)));

    // registering twice is idempotent
    let r = register_anonymously(&app, id, "Anouk de Vries", "ANOUK@example.org").await;
    assert_eq!(r.location(), format!("{}?aanmelding=al_aangemeld#aanmelden", path(id)));
    let r = app.get(&format!("{}?aanmelding=al_aangemeld", path(id))).await;
    assert!(r.body.contains("U was al aangemeld"));
    assert_eq!(registrations(&app, id).await.len(), 3);

    // a member registers with one click, with the name of the account
    let mut m = app.logged_in(MEMBER).await;
    let r = m.get(&path(id)).await;
    assert!(r.body.contains("Aanmelden als Pim Professional (fictief)"), "{}", r.body);
    assert!(!r.body.contains("name=\"email\""), "no form for members");
    let r = m.post_form(&format!("{}/aanmelden", path(id)), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{}?aanmelding=wachtlijst&plaats=3#aanmelden", path(id)));
    assert!(registrations(&app, id).await.iter().any(|(n, s)| n == "Pim Professional (fictief)" && s == "waitlisted"));
    // back on the page, the member sees where they stand and can cancel
    let r = m.get(&path(id)).await;
    assert!(r.body.contains("U staat op de wachtlijst voor deze activiteit"), "{}", r.body);
    assert!(!r.body.contains("Aanmelden als"), "no second registration button");
    let cancel = r.body.split("href=\"").find(|h| h.contains("/afmelden/")).expect("cancel link");
    let cancel = &cancel[..cancel.find('"').expect("end of href")];
    let r = m.post_form(cancel, &[]).await;
    assert!(r.status.is_success() || r.status == StatusCode::SEE_OTHER, "{}", r.status);
    assert!(registrations(&app, id).await.iter().any(|(n, s)| n == "Pim Professional (fictief)" && s == "cancelled"));
    assert!(m.get(&path(id)).await.body.contains("Aanmelden als Pim Professional (fictief)"));
}

#[tokio::test]
async fn past_cancelled_and_members_only_activities_and_bad_input_get_a_clear_message() {
    let app = TestApp::spawn().await;
    let tenant = zhz(&app).await;
    let c = actor(&app, COORDINATOR).await;

    // invalid email: the form comes back with the error, linked and described
    let open = create(&app, &input("Open kenniscafé", "public", None, 20)).await;
    let r = register_anonymously(&app, open, "Anouk", "anouk-at-example").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("role=\"alert\""));
    assert!(r.body.contains("Vul een geldig e-mailadres in"), "{}", r.body);
    assert!(r.body.contains("href=\"#email\""));
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(r.body.contains("aria-describedby=\"email-hint email-error\""));
    assert!(r.body.contains("value=\"anouk-at-example\""), "input kept");
    let r = register_anonymously(&app, open, "", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#name\"") && r.body.contains("Dit veld is verplicht."));
    assert!(registrations(&app, open).await.is_empty(), "bad input changes nothing");

    // a past activity: no form, and a POST is refused in Dutch
    let past = create(&app, &input("Kenniscafé van vorige week", "public", None, -7)).await;
    let r = app.get(&path(past)).await;
    assert!(r.body.contains("al begonnen of voorbij") && !r.body.contains("name=\"email\""));
    let r = register_anonymously(&app, past, "Anouk", "anouk@example.org").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("role=\"alert\"") && r.body.contains("href=\"#aanmelden\""));
    assert!(r.body.contains("Deze activiteit is al begonnen of voorbij; aanmelden kan niet meer."));

    // a cancelled one
    let cancelled = create(&app, &input("Geannuleerd kenniscafé", "public", None, 10)).await;
    app.core.cancel_activity(Some(&c), &tenant, cancelled, Some("ziekte"), Scope::Occurrence).await.expect("cancel");
    let r = app.get(&path(cancelled)).await;
    assert!(r.body.contains("geannuleerd") && r.body.contains("ziekte"));
    assert!(r.body.contains("EventCancelled"));
    let r = register_anonymously(&app, cancelled, "Anouk", "anouk@example.org").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Deze activiteit is geannuleerd; aanmelden kan niet meer."));

    // members only: invisible to the public, and a POST says to sign in
    let members = create(&app, &input("Leerkring voor leden", "members", None, 10)).await;
    assert_eq!(app.get(&path(members)).await.status, StatusCode::NOT_FOUND);
    let mut b = app.browser().await;
    let r = b
        .post_form(&format!("{}/aanmelden", path(members)), &[("name", "Anouk"), ("email", "anouk@example.org")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h1(&r), "Aanmelden is niet mogelijk");
    assert!(r.body.contains("alleen voor deelnemers van de werkplaats; log in"), "{}", r.body);
    assert!(r.body.contains("/inloggen?terug="));
    assert!(registrations(&app, members).await.is_empty());
    // a members-only activity has no JSON-LD for search engines
    let mut m = app.logged_in(COORDINATOR).await;
    let r = m.get(&path(members)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("application/ld+json"));
}

#[tokio::test]
async fn the_cancel_link_shows_first_and_cancels_on_post_and_the_waiting_list_moves_up() {
    let app = TestApp::spawn().await;
    let tenant = zhz(&app).await;
    let id = create(&app, &input("Kenniscafé met wachtlijst", "public", Some(1), 14)).await;
    let reg = |name: &str, email: &str| broedplaats_core::activities::RegistrationInput {
        name: name.into(),
        email: email.into(),
        organisation: None,
        accessibility_needs: None,
    };
    let anouk = app.core.register(None, &tenant, id, Some(&reg("Anouk", "anouk@example.org"))).await.expect("reg");
    app.core.register(None, &tenant, id, Some(&reg("Bram", "bram@example.org"))).await.expect("reg");
    let link = format!("{}/afmelden/{}", path(id), anouk.cancel_token);

    // GET (a mail scanner, or the person reading) changes nothing
    let mut b = app.browser().await;
    let r = b.get(&link).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Afmelden voor Kenniscafé met wachtlijst"));
    assert!(r.body.contains("Ja, meld mij af"));
    assert!(r.body.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert_eq!(r.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"));
    assert!(!r.body.contains("Stuur mij geen herinneringen meer"));
    assert_eq!(
        registrations(&app, id).await,
        [("Anouk".into(), "registered".into()), ("Bram".into(), "waitlisted".into())]
    );

    // the link in a reminder offers to stop reminders instead
    let r = b.get(&format!("{link}?herinneringen=uit")).await;
    assert!(r.body.contains("Stuur mij geen herinneringen meer"));
    let r = b.post_form(&link, &[("herinneringen", "uit")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("{link}?herinneringen=gestopt"));
    let r = b.get(r.location()).await;
    assert!(r.body.contains("U ontvangt geen herinneringen meer voor deze activiteit. U blijft aangemeld."));
    assert_eq!(registrations(&app, id).await[0].1, "registered");

    // POST cancels; Bram moves up from the waiting list
    let r = b.post_form(&link, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), link);
    let r = b.get(&link).await;
    assert_eq!(h1(&r), "U bent afgemeld");
    assert!(!r.body.contains("Ja, meld mij af"));
    let regs = registrations(&app, id).await;
    assert!(regs.contains(&("Bram".into(), "registered".into())), "{regs:?}");
    assert!(regs.contains(&("Anouk".into(), "cancelled".into())), "{regs:?}");
    // cancelling twice is fine
    assert_eq!(b.post_form(&link, &[]).await.status, StatusCode::SEE_OTHER);

    // a forged token, or one for another activity, is a friendly 404 that changes nothing
    let other = create(&app, &input("Ander kenniscafé", "public", None, 15)).await;
    for bad in
        [format!("{}/afmelden/verzonnen-token", path(id)), format!("{}/afmelden/{}", path(other), anouk.cancel_token)]
    {
        let r = b.get(&bad).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
        assert_eq!(h1(&r), "Deze afmeldlink kennen we niet");
        let r = b.post_form(&bad, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
    }
    assert_eq!(registrations(&app, id).await.len(), 2);
}

#[tokio::test]
async fn organiser_pages_are_for_organisers_only() {
    let app = TestApp::spawn().await;
    let id = create(&app, &input("Kenniscafé", "public", None, 14)).await;
    let pages = [
        format!("{BASE}/activiteiten/nieuw"),
        format!("{}/bewerken", path(id)),
        format!("{}/aanmeldingen", path(id)),
        format!("{}/aanmeldingen?format=csv", path(id)),
        format!("{}/verslag", path(id)),
        format!("{}/annuleren", path(id)),
    ];
    for p in &pages {
        let r = app.get(p).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{p}");
        assert!(r.location().starts_with("/inloggen?terug="), "{p}");
    }
    let mut m = app.logged_in(MEMBER).await;
    for p in &pages {
        assert_eq!(m.get(p).await.status, StatusCode::FORBIDDEN, "{p}");
    }
    let r = m.get(&path(id)).await;
    assert!(!r.body.contains("/bewerken") && !r.body.contains("/aanmeldingen"), "no organiser links");
    assert!(!r.body.contains("Nieuwe activiteit"));
    for (p, fields) in [
        (format!("{BASE}/activiteiten"), vec![("title", "Overgenomen")]),
        (path(id), vec![("title", "Overgenomen")]),
        (format!("{}/verslag", path(id)), vec![("minutes", "x")]),
        (format!("{}/annuleren", path(id)), vec![("bevestigd", "ja")]),
        (format!("{}/aanwezigheid", path(id)), vec![("count", "3")]),
    ] {
        assert_eq!(m.post_form(&p, &fields).await.status, StatusCode::FORBIDDEN, "{p}");
    }
    let c = actor(&app, COORDINATOR).await;
    let v = app.core.activity(Some(&c), &zhz(&app).await, id).await.expect("activity");
    assert_eq!(v.title, "Kenniscafé");
    assert!(!v.is_cancelled());

    let mut c = app.logged_in(COORDINATOR).await;
    for p in &pages {
        assert_eq!(c.get(p).await.status, StatusCode::OK, "{p}");
    }
    let r = c.get(&path(id)).await;
    for link in ["/bewerken", "/aanmeldingen", "/verslag", "/annuleren"] {
        assert!(r.body.contains(&format!("{}{link}", path(id))), "{link}");
    }
}

#[tokio::test]
async fn registrations_page_exports_csv_and_records_attendance() {
    let app = TestApp::spawn().await;
    let tenant = zhz(&app).await;
    let id = create(&app, &input("Symposium sociale kwaliteit", "public", Some(1), 14)).await;
    register_anonymously(&app, id, "Anouk de Vries", "anouk@example.org").await;
    register_anonymously(&app, id, "Bram, \"de\" Bakker", "bram@example.org").await;

    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get(&format!("{}/aanmeldingen", path(id))).await;
    assert_eq!(r.status, StatusCode::OK);
    no_inline_script_or_style(&r, "registrations");
    assert!(r.body.contains("Aangemeld: 1 (plaatsen: 1) · wachtlijst: 1 · afgemeld: 0"), "{}", r.body);
    assert!(r.body.contains("anouk@example.org") && r.body.contains("Exporteer CSV"));
    assert!(r.body.contains(&format!("href=\"{}/aanmeldingen?format=csv\"", path(id))));

    let r = c.get(&format!("{}/aanmeldingen?format=csv", path(id))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("text/csv; charset=utf-8"));
    let disposition = r.headers.get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert_eq!(disposition, format!("attachment; filename=\"aanmeldingen-zhz-{id}.csv\""));
    let mut lines = r.body.lines();
    assert!(lines.next().unwrap_or_default().starts_with("naam,e-mail,organisatie"), "{}", r.body);
    assert!(r.body.contains("Anouk de Vries,anouk@example.org,"));
    assert!(r.body.contains("\"Bram, \"\"de\"\" Bakker\",bram@example.org"), "quoted: {}", r.body);
    assert!(r.body.contains("wachtlijst"));

    // attendance: one registration checked, a head count and the organisations present
    let regs = app.core.registrations(Some(&actor(&app, COORDINATOR).await), &tenant, id).await.expect("regs");
    let anouk = regs.iter().find(|r| r.name == "Anouk de Vries").expect("anouk").id;
    let orgs = app.core.organisations(&tenant, None, None, 200).await.expect("orgs").items;
    let gemeente = orgs.iter().find(|o| o.name.starts_with("Gemeente")).expect("gemeente");
    let r = c
        .post_form(
            &format!("{}/aanwezigheid", path(id)),
            &[
                ("present_registration_ids", &anouk.to_string()),
                ("count", "40"),
                ("organisation_ids", &gemeente.id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c.get(r.location()).await;
    assert!(r.body.contains("De aanwezigheid is opgeslagen."));
    assert!(r.body.contains("value=\"40\""));
    let r = app.get(&path(id)).await;
    assert!(r.body.contains("Aantal aanwezigen") && r.body.contains("<dd>40</dd>"));
    assert!(r.body.contains(&gemeente.name));
    let regs = app.core.registrations(Some(&actor(&app, COORDINATOR).await), &tenant, id).await.expect("regs");
    assert!(regs.iter().find(|r| r.id == anouk).is_some_and(|r| r.attended));

    let r = c.post_form(&format!("{}/aanwezigheid", path(id)), &[("count", "veel")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#count\"") && r.body.contains("Vul een heel getal in"));
}

#[tokio::test]
async fn the_report_is_saved_and_shown_with_markdown_made_safe() {
    let app = TestApp::spawn().await;
    let id = create(&app, &input("Themabijeenkomst jeugd", "public", None, -2)).await;
    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get(&format!("{}/verslag", path(id))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("id=\"action_description_2\"") && !r.body.contains("id=\"action_description_3\""));
    assert!(r.body.contains("id=\"product_url_2\""));

    let form = [
        ("minutes", "# Opening\n\nWe bespraken **vroegsignalering**.\n\n<script>alert('x')</script>"),
        ("decisions", "We starten een leerkring.\n\n Tweede besluit "),
        ("action_description_0", "Factsheet schrijven"),
        ("action_owner_0", "Lars"),
        ("action_due_0", "2026-12-01"),
        ("action_done_0", "ja"),
        ("action_description_1", ""),
        ("action_owner_1", ""),
        ("action_due_1", ""),
        ("action_description_2", "Uitnodiging sturen"),
        ("action_owner_2", "Carla"),
        ("action_due_2", ""),
        ("product_title_0", "Factsheet vroegsignalering"),
        ("product_url_0", "https://example.org/factsheet.pdf"),
        ("product_title_1", ""),
        ("product_url_1", ""),
    ];
    let r = c.post_form(&format!("{}/verslag", path(id)), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{}?verslag=1#verslag", path(id)));

    let r = app.get(&path(id)).await;
    assert!(r.body.contains("<h2>Opening</h2>"), "{}", r.body);
    assert!(r.body.contains("<strong>vroegsignalering</strong>"));
    assert!(!r.body.contains("<script>alert"), "raw HTML in the minutes is never markup");
    assert!(r.body.contains("&lt;script&gt;"));
    assert!(r.body.contains("<li>We starten een leerkring.</li>") && r.body.contains("<li>Tweede besluit</li>"));
    assert!(
        r.body
            .contains("<td>Factsheet schrijven</td><td>Lars</td><td class=\"nowrap\">1 december 2026</td><td>ja</td>")
    );
    assert!(r.body.contains("<td>Uitnodiging sturen</td><td>Carla</td><td class=\"nowrap\">—</td><td>nee</td>"));
    assert!(r.body.contains("<a href=\"https://example.org/factsheet.pdf\">Factsheet vroegsignalering</a>"));
    assert!(r.body.contains("Verslag door Carla Coördinator (fictief)"));

    // the form shows the saved report plus three empty rows
    let r = c.get(&format!("{}/verslag", path(id))).await;
    assert!(r.body.contains("value=\"Uitnodiging sturen\"") && r.body.contains("id=\"action_description_4\""));

    // a bad URL in row 2 and a bad date: errors point at those rows; nothing changes
    let r = c
        .post_form(
            &format!("{}/verslag", path(id)),
            &[
                ("minutes", "Nieuw"),
                ("action_description_0", "Iets"),
                ("action_owner_0", ""),
                ("action_description_1", "Nog iets"),
                ("action_owner_1", "Lars"),
                ("action_due_1", "31-02-2026"),
                ("product_title_0", ""),
                ("product_url_0", ""),
                ("product_title_1", "Slecht"),
                ("product_url_1", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for anchor in ["#action_owner_0", "#action_due_1", "#product_url_1"] {
        assert!(r.body.contains(&format!("href=\"{anchor}\"")), "{anchor}: {}", r.body);
    }
    assert!(r.body.contains("Actiepunt 1: Wie") && r.body.contains("Opbrengst 2: Webadres"));
    assert!(r.body.contains("value=\"javascript:alert(1)\""), "input kept (escaped in an attribute)");
    let r = app.get(&path(id)).await;
    assert!(r.body.contains("<strong>vroegsignalering</strong>"), "the saved report is unchanged");
}

#[tokio::test]
async fn a_series_from_the_form_makes_every_occurrence() {
    let app = TestApp::spawn().await;
    let tenant = zhz(&app).await;
    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get(&format!("{BASE}/activiteiten/nieuw")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("type=\"datetime-local\"") && r.body.contains("Elke maand op dezelfde weekdag"));

    // the 3rd Thursday of a month well ahead
    let base = (Utc::now() + Duration::days(60)).with_timezone(&Amsterdam).date_naive();
    let first = chrono::NaiveDate::from_weekday_of_month_opt(base.year(), base.month(), chrono::Weekday::Thu, 3)
        .expect("third Thursday");
    let day = first.format("%Y-%m-%d").to_string();
    let r = c
        .post_form(
            &format!("{BASE}/activiteiten"),
            &[
                ("kind", "kenniscafe"),
                ("title", "Maandelijks kenniscafé"),
                ("starts_at", &format!("{day}T15:00")),
                ("ends_at", &format!("{day}T17:00")),
                ("location", "Bibliotheek"),
                ("capacity", "25"),
                ("audience", "public"),
                ("four_os", "onderzoek"),
                ("repeat", "monthly_weekday"),
                ("repeat_count", "5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().ends_with("?reeks=5"), "{}", r.location());
    let r = c.get(r.location()).await;
    assert!(r.body.contains("De reeks is aangemaakt: 5 bijeenkomsten."));
    assert!(r.body.contains("Onderdeel van een reeks"));

    let query =
        broedplaats_core::activities::ListQuery { kind: Some("kenniscafe".into()), limit: 100, ..Default::default() };
    let all = app.core.activities(None, &tenant, &query).await.expect("list").items;
    let series: Vec<_> = all.iter().filter(|a| a.title == "Maandelijks kenniscafé").collect();
    assert_eq!(series.len(), 5);
    for a in &series {
        let local: DateTime<_> = a.starts().with_timezone(&Amsterdam);
        assert_eq!(local.weekday(), chrono::Weekday::Thu);
        assert_eq!((local.day() - 1) / 7, 2, "the third Thursday: {local}");
        assert_eq!(local.format("%H:%M").to_string(), "15:00", "same local time across DST");
    }

    // edit one occurrence or the whole series
    let second = series[1].id;
    let r = c.get(&format!("{}/bewerken", path(second))).await;
    assert!(r.body.contains("Alleen deze bijeenkomst") && r.body.contains("De hele reeks"));
    assert!(!r.body.contains("name=\"repeat\""), "no recurrence when editing");
    let (starts, ends) = (input_of(series[1].starts()), input_of(series[1].ends()));
    let r = c
        .post_form(
            &path(second),
            &[
                ("kind", "kenniscafe"),
                ("title", "Kenniscafé (nieuwe naam)"),
                ("starts_at", &starts),
                ("ends_at", &ends),
                ("audience", "public"),
                ("capacity", "25"),
                ("scope", "series"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let all = app.core.activities(None, &tenant, &query).await.expect("list").items;
    assert_eq!(all.iter().filter(|a| a.title == "Kenniscafé (nieuwe naam)").count(), 5);

    // bad input: the form comes back with all the errors and the input, and nothing is saved
    let total = app.core.activities(None, &tenant, &query).await.expect("list").items.len();
    let r = c
        .post_form(
            &format!("{BASE}/activiteiten"),
            &[
                ("kind", "kenniscafe"),
                ("title", ""),
                ("starts_at", &format!("{day}T15:00")),
                ("ends_at", &format!("{day}T14:00")),
                ("audience", "public"),
                ("capacity", "veel"),
                ("online_url", "teams"),
                ("repeat", "weekly"),
                ("repeat_count", "99"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("role=\"alert\""));
    for (anchor, text) in [
        ("#repeat_count", "Kies een aantal van 2 tot en met 60."),
        ("#capacity", "Vul een heel getal in van 1 tot en met 100.000"),
    ] {
        assert!(r.body.contains(&format!("href=\"{anchor}\"")), "{anchor}");
        assert!(r.body.contains(text), "{text}");
    }
    // the use case's own problems are listed with the form's, in the order of the form
    for (anchor, text) in [
        ("#title", "Dit veld is verplicht."),
        ("#ends_at", "Het einde moet na het begin liggen."),
        ("#online_url", "Vul een volledig webadres in"),
    ] {
        assert!(r.body.contains(&format!("href=\"{anchor}\"")), "{anchor}: {}", r.body);
        assert!(r.body.contains(text), "{text}");
    }
    let at = |s: &str| r.body.find(&format!("href=\"{s}\"")).expect(s);
    assert!(
        at("#title") < at("#ends_at") && at("#ends_at") < at("#repeat_count") && at("#repeat_count") < at("#capacity")
    );
    assert!(!r.body.contains("href=\"#kind\""), "the kind was fine");
    assert!(r.body.contains("value=\"teams\""));
    let all = app.core.activities(None, &tenant, &query).await.expect("list").items;
    assert_eq!(all.len(), total, "nothing saved");
}

fn input_of(t: DateTime<Utc>) -> String {
    t.with_timezone(&Amsterdam).format("%Y-%m-%dT%H:%M").to_string()
}

#[tokio::test]
async fn a_body_page_lists_its_meetings_and_plans_new_ones() {
    let app = TestApp::spawn().await;
    let tenant = zhz(&app).await;
    let c = actor(&app, COORDINATOR).await;
    let mt =
        app.core.bodies(Some(&c), &tenant).await.expect("bodies").into_iter().find(|b| b.kind == "mt").expect("mt");

    let mut b = app.logged_in(COORDINATOR).await;
    let r = b.get(&format!("{BASE}/organen/{}", mt.id)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!("href=\"{BASE}/activiteiten/nieuw?body={}\"", mt.id)));
    assert!(r.body.contains("Overleg plannen"));
    let r = b.get(&format!("{BASE}/organen/{}/bewerken", mt.id)).await;
    assert!(!r.body.contains("name=\"meetings\""), "meeting dates are no longer typed in the body form");

    let r = b.get(&format!("{BASE}/activiteiten/nieuw?body={}", mt.id)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<option value=\"mt_overleg\" selected>"), "the kind is preset");
    assert!(r.body.contains(&format!("<option value=\"{}\" selected>", mt.id)), "the body is preset");
    assert!(r.body.contains("value=\"members\" checked"));

    let mut meeting = input("MT-overleg januari", "members", None, 21);
    meeting.kind = "mt_overleg".into();
    meeting.body_id = Some(mt.id);
    let upcoming = create(&app, &meeting).await;
    let mut earlier = input("MT-overleg vorige maand", "members", None, -30);
    earlier.kind = "mt_overleg".into();
    earlier.body_id = Some(mt.id);
    let past = create(&app, &earlier).await;

    let r = b.get(&format!("{BASE}/organen/{}", mt.id)).await;
    assert!(r.body.contains(&format!("<a href=\"{}\">MT-overleg januari</a>", path(upcoming))), "{}", r.body);
    assert!(r.body.contains(&format!("<a href=\"{}\">MT-overleg vorige maand</a>", path(past))));
    let up = r.body.find("Komende overleggen").expect("upcoming heading");
    let earlier_heading = r.body.find("Eerdere overleggen").expect("past heading");
    let at = |t: &str| r.body.find(t).expect(t);
    assert!(up < at("MT-overleg januari") && at("MT-overleg januari") < earlier_heading);
    assert!(earlier_heading < at("MT-overleg vorige maand"));

    // the activity page links back to the body
    let r = b.get(&path(upcoming)).await;
    assert!(r.body.contains(&format!("href=\"{BASE}/organen/{}\"", mt.id)));
}

#[tokio::test]
async fn the_agenda_lists_filters_pages_and_offers_calendars() {
    let app = TestApp::spawn().await;
    for i in 0..22 {
        create(&app, &input(&format!("Kenniscafé nummer {i:02}"), "public", Some(10), 3 + i)).await;
    }
    let mut sym = input("Symposium in het verleden", "public", None, -3);
    sym.kind = "symposium".into();
    create(&app, &sym).await;
    create(&app, &input("Alleen voor leden", "members", None, 2)).await;

    let r = app.get(&format!("{BASE}/activiteiten")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(h1(&r), "Activiteiten");
    no_inline_script_or_style(&r, "agenda");
    assert!(r.body.contains(
        "<link rel=\"alternate\" type=\"text/calendar\" title=\"Activiteiten van Werkplaats Sociaal Domein Zuid-Holland Zuid\" href=\"/api/v1/werkplaatsen/zhz/activities.ics\">"
    ));
    assert!(r.body.contains("Zet in je agenda (.ics)"));
    assert!(r.body.contains("Kenniscafé nummer 00") && r.body.contains("nog 10 plaatsen"));
    assert!(!r.body.contains("Alleen voor leden"), "members only is not public");
    assert!(!r.body.contains("Symposium in het verleden"), "past activities are under Afgelopen");
    assert!(!r.body.contains("Nieuwe activiteit") && !r.body.contains("Maak mijn agenda-link"));
    assert!(r.body.contains(">Komend</a>") && r.body.contains("aria-current=\"page\">Komend"));
    // a Dutch date: "do 17 dec 2026, 15:00–17:00"
    let first = Utc::now() + Duration::days(3);
    let d = first.with_timezone(&Amsterdam);
    let days = ["ma", "di", "wo", "do", "vr", "za", "zo"];
    let wd = days[d.weekday().num_days_from_monday() as usize];
    assert!(r.body.contains(&format!("{wd} {} ", d.day())), "weekday and day");
    assert!(r.body.contains("15:00–17:00"));

    // 20 per page, then "Volgende pagina"
    assert!(!r.body.contains("Kenniscafé nummer 21"));
    let next = r.body.split("rel=\"next\"").next().and_then(|s| s.rsplit("href=\"").next()).expect("next link");
    let next = next.split('"').next().expect("href").replace("&amp;", "&");
    let r2 = app.get(&next).await;
    assert_eq!(r2.status, StatusCode::OK, "{next}");
    assert!(r2.body.contains("Kenniscafé nummer 21") && !r2.body.contains("Kenniscafé nummer 05"));
    assert!(r2.body.contains("Eerste pagina"));

    let r = app.get(&format!("{BASE}/activiteiten?wanneer=afgelopen")).await;
    assert!(r.body.contains("Symposium in het verleden") && !r.body.contains("Kenniscafé nummer 00"));
    let r = app.get(&format!("{BASE}/activiteiten?soort=symposium")).await;
    assert!(r.body.contains("Er zijn geen activiteiten die aan deze keuze voldoen."));
    assert!(r.body.contains("<option value=\"symposium\" selected>"));
    let r = app.get(&format!("{BASE}/activiteiten?soort=borrel&thema=abc&na=%%%")).await;
    assert_eq!(r.status, StatusCode::OK, "bad filters are ignored");

    // the home page shows the next three public activities, the werkplaats page links here
    let r = app.get("/").await;
    assert!(r.body.contains("Kenniscafé nummer 02") && !r.body.contains("Kenniscafé nummer 03"));
    let r = app.get(BASE).await;
    assert!(r.body.contains(&format!("href=\"{BASE}/activiteiten\"")));
    assert!(r.body.contains("Komende activiteiten"));

    // members see members-only activities, planners get the button, and a personal calendar link
    let mut c = app.logged_in(COORDINATOR).await;
    let r = c.get(&format!("{BASE}/activiteiten")).await;
    assert!(r.body.contains("Alleen voor leden") && r.body.contains("Nieuwe activiteit"));
    assert!(r.body.contains("Maak mijn agenda-link"));
    let r = c.post_form(&format!("{BASE}/activiteiten/agenda-link"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"));
    let start = r.body.find("/api/v1/calendar/").expect("calendar link");
    let url = &r.body[start..];
    let url = &url[..url.find('"').expect("end")];
    assert!(url.ends_with(".ics"));
    let token = url.trim_start_matches("/api/v1/calendar/").trim_end_matches(".ics");
    assert!(r.body.contains(&format!("value=\"http://127.0.0.1:8080{url}\"")), "the full URL, to copy");
    assert!(app.core.personal_calendar(token).await.is_ok(), "the link works");
    // a second link makes the first one stop working
    c.post_form(&format!("{BASE}/activiteiten/agenda-link"), &[]).await;
    assert!(app.core.personal_calendar(token).await.is_err());
    let mut anonymous = app.browser().await;
    let r = anonymous.post_form(&format!("{BASE}/activiteiten/agenda-link"), &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_activity_page_reads_in_english_too() {
    let app = TestApp::spawn().await;
    let tenant = zhz(&app).await;
    let id = create(&app, &input("Kenniscafé", "public", Some(1), 14)).await;
    let reg = broedplaats_core::activities::RegistrationInput {
        name: "Anouk".into(),
        email: "anouk@example.org".into(),
        organisation: None,
        accessibility_needs: None,
    };
    let token = app.core.register(None, &tenant, id, Some(&reg)).await.expect("register").cancel_token;
    let c = actor(&app, COORDINATOR).await;
    let report = broedplaats_core::activities::ReportInput { minutes: "Notes".into(), ..Default::default() };
    app.core.save_report(Some(&c), &tenant, id, &report).await.expect("report");

    let mut b = app.logged_in(COORDINATOR).await;
    b.get("/taal/en?terug=/").await;
    for p in [
        "/".to_owned(),
        BASE.to_owned(),
        format!("{BASE}/activiteiten"),
        format!("{BASE}/activiteiten?wanneer=afgelopen"),
        format!("{BASE}/activiteiten/nieuw"),
        path(id),
        format!("{}?aanmelding=wachtlijst&plaats=2", path(id)),
        format!("{}/bewerken", path(id)),
        format!("{}/aanmeldingen", path(id)),
        format!("{}/verslag", path(id)),
        format!("{}/annuleren", path(id)),
        format!("{}/afmelden/{token}?herinneringen=uit", path(id)),
        format!("{}/afmelden/onbekend", path(id)),
    ] {
        let r = b.get(&p).await;
        assert!(r.status == StatusCode::OK || r.status == StatusCode::NOT_FOUND, "{p}: {}", r.status);
        assert!(r.body.contains("<html lang=\"en\">"), "{p}");
        assert!(!r.body.contains("??"), "{p}: a key without a translation");
    }
    let r = b.get(&path(id)).await;
    assert!(r.body.contains("Knowledge café") && r.body.contains("Add to your calendar (.ics)"));
    assert!(r.body.contains("Register as Carla Coördinator (fictief)"));
    let r = b.get(&format!("{}?aanmelding=wachtlijst&plaats=2", path(id))).await;
    assert!(r.body.contains("you are on the waiting list (place 2)"));
}

// ---- report files --------------------------------------------------------------------------------

const BOUNDARY: &str = "----broedplaats-bijlage-9QwErTy";

/// A small but real PDF: header, one empty page, cross-reference table and trailer.
fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n\
xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n\
trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
        .to_vec()
}

/// A multipart/form-data body with the file in the field `file`.
fn multipart(filename: &str, content_type: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Uploads through the report form as the browser does: multipart, CSRF token in the query.
async fn upload(app: &TestApp, b: &common::Browser<'_>, id: i64, filename: &str, data: &[u8]) -> TestResponse {
    let cookies: Vec<String> =
        ["bp_csrf", "bp_session", "bp_lang"].iter().filter_map(|n| b.cookie(n).map(|v| format!("{n}={v}"))).collect();
    let req = axum::http::Request::post(format!("{}/bijlagen?csrf={}", path(id), b.csrf()))
        .header(header::COOKIE, cookies.join("; "))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(axum::body::Body::from(multipart(filename, "application/pdf", data)))
        .expect("request");
    app.send(req).await
}

#[tokio::test]
async fn organisers_attach_files_to_the_report_and_visitors_download_them() {
    let app = TestApp::spawn().await;
    let public = create(&app, &input("Kenniscafé met bijlagen", "public", None, -2)).await;
    let members = create(&app, &input("Intervisie met bijlagen", "members", None, -2)).await;

    let mut c = app.logged_in(COORDINATOR).await;
    let form = c.get(&format!("{}/verslag", path(public))).await;
    assert_eq!(form.status, StatusCode::OK);
    no_inline_script_or_style(&form, "report form");
    assert!(form.body.contains("enctype=\"multipart/form-data\""), "{}", form.body);
    assert!(form.body.contains(&format!("action=\"{}/bijlagen?csrf={}\"", path(public), c.csrf())));
    assert!(form.body.contains("Bijlage toevoegen"));

    // An "executable" with a PDF name is refused by its content, in Dutch, and nothing is stored.
    for (name, data) in [
        ("verslag.pdf", &b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode"[..]),
        ("verslag.pdf", &b"<!doctype html><script>alert(1)</script>"[..]),
    ] {
        let r = upload(&app, &c, public, name, data).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("Dit soort bestand wordt niet aangenomen"), "{}", r.body);
        assert!(r.body.contains("aria-invalid=\"true\""));
    }
    assert_eq!(app.core.storage.memory_len(), Some(0), "nothing stored");
    assert!(app.core.report_files(None, &zhz(&app).await, public).await.expect("files").is_empty());

    // Without the CSRF token in the query string, nothing happens either.
    let req = axum::http::Request::post(format!("{}/bijlagen", path(public)))
        .header(
            header::COOKIE,
            format!("bp_csrf={}; bp_session={}", c.csrf(), c.cookie("bp_session").unwrap_or_default()),
        )
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(axum::body::Body::from(multipart("verslag.pdf", "application/pdf", &pdf())))
        .expect("request");
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);

    // A professional member is no organiser.
    let m = app.logged_in(MEMBER).await;
    assert_eq!(upload(&app, &m, public, "verslag.pdf", &pdf()).await.status, StatusCode::FORBIDDEN);

    // The organiser adds a real PDF (its name with a path, as old browsers send it).
    let r = upload(&app, &c, public, "C:\\Users\\carla\\Verslag kenniscafé.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{}/verslag?bijlage=toegevoegd#bijlagen", path(public)));
    let r = c.get(r.location().split('#').next().unwrap_or_default()).await;
    assert!(r.body.contains("De bijlage is toegevoegd."), "{}", r.body);
    let files = app.core.report_files(None, &zhz(&app).await, public).await.expect("files");
    assert_eq!(files.len(), 1);
    let file = &files[0];
    assert_eq!((file.filename.as_str(), file.content_type.as_str()), ("Verslag kenniscafé.pdf", "application/pdf"));
    assert_eq!(file.url, format!("{}/bijlagen/{}", path(public), file.id));
    assert!(r.body.contains(&format!("action=\"{}/verwijderen\"", file.url)), "a delete button");

    // Listed on the activity page, for everyone who sees it, with type and size.
    let page = app.get(&path(public)).await;
    assert_eq!(page.status, StatusCode::OK);
    no_inline_script_or_style(&page, "activity page with files");
    assert!(page.body.contains("Bijlagen"), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"{}\"", file.url)));
    assert!(page.body.contains("Verslag kenniscafé.pdf</a> <span class=\"meta\">(PDF, 1 kB)</span>"), "{}", page.body);

    // Downloaded by an anonymous visitor, with headers that keep the browser from rendering it.
    let r = app.get(&file.url).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body.as_bytes(), &pdf()[..]);
    let h = |name: header::HeaderName| r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(h(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(
        h(header::CONTENT_DISPOSITION),
        "attachment; filename=\"Verslag kenniscaf_.pdf\"; filename*=UTF-8''Verslag%20kenniscaf%C3%A9.pdf"
    );
    assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(h(header::CACHE_CONTROL), "private");

    // A members-only activity's file: the member downloads it, an anonymous visitor gets 404.
    let r = upload(&app, &c, members, "notulen.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let secret = app.core.report_files(Some(&actor(&app, COORDINATOR).await), &zhz(&app).await, members).await;
    let secret = secret.expect("files").remove(0);
    assert_eq!(app.get(&secret.url).await.status, StatusCode::NOT_FOUND);
    let mut m = app.logged_in(MEMBER).await;
    assert_eq!(m.get(&secret.url).await.status, StatusCode::OK);
    assert!(!app.get(&path(public)).await.body.contains(&secret.url));
    // Same content, stored once.
    assert_eq!(app.core.storage.memory_len(), Some(1));

    // A member may not delete; the organiser may. The blob stays while the other file uses it.
    let del = format!("{}/verwijderen", file.url);
    assert_eq!(m.post_form(&del, &[]).await.status, StatusCode::FORBIDDEN);
    let r = c.post_form(&del, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{}/verslag?bijlage=verwijderd#bijlagen", path(public)));
    assert_eq!(app.get(&file.url).await.status, StatusCode::NOT_FOUND);
    assert!(!app.get(&path(public)).await.body.contains(&file.url));
    assert_eq!(app.core.storage.memory_len(), Some(1), "still used by the members-only activity");
    let r = c.post_form(&format!("{}/verwijderen", secret.url), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.core.storage.memory_len(), Some(0), "the last reference is gone, so is the blob");
}

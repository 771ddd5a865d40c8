//! The activity pages as a visitor sees them: the agenda with its filters and calendars,
//! registering through the form (with and without an account), clear refusals, the cancel link
//! from the email and the waiting list, and every page in English.

use super::{
    BASE, actor, create, h1, input, no_inline_script_or_style, path, register_anonymously, registrations, zhz,
};
use crate::common::{COORDINATOR, MEMBER, TestApp};
use axum::http::{StatusCode, header};
use broedplaats_core::activities::Scope;
use chrono::{Datelike, Duration, Utc};
use chrono_tz::Europe::Amsterdam;

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
        "<link rel=\"alternate\" type=\"text/calendar\" title=\"Zet in uw agenda (.ics)\" href=\"/api/v1/werkplaatsen/zhz/activities/{id}.ics\">"
    )));
    assert!(r.body.contains("Zet in uw agenda (.ics)"));
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
    assert!(!r.body.contains("name=\"email\""), "no empty form again under the confirmation");
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

    // registering an address again keeps one registration and is answered as a new one would be
    // now (the activity is full: the waiting list), so the form does not tell who is registered
    let r = register_anonymously(&app, id, "Anouk de Vries", "ANOUK@example.org").await;
    assert_eq!(r.location(), format!("{}?aanmelding=wachtlijst&plaats=2#aanmelden", path(id)));
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
    // Seen and heard at once: the title says it failed, the page opens at the form, and
    // broedplaats.js (on every page) moves focus to the summary.
    assert!(r.body.contains("<title>Fout: Open kenniscafé · "), "{}", r.body);
    assert!(r.body.contains("/aanmelden#aanmelden\" class=\"form narrow\""), "the form's answer opens at the form");
    assert!(r.body.contains("<script src=\"/static/broedplaats.js\" defer></script>"));
    let ok = app.get(&path(open)).await;
    assert!(!ok.body.contains("<title>Fout: "), "only a failed form says so");
    let r = register_anonymously(&app, open, "", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#name\"") && r.body.contains("Dit veld is verplicht."));
    assert!(registrations(&app, open).await.is_empty(), "bad input changes nothing");

    // a past activity: no form, and a POST is refused in Dutch
    let past = create(&app, &input("Kenniscafé van vorige week", "public", None, -7)).await;
    let r = app.get(&path(past)).await;
    assert!(r.body.contains("al begonnen of voorbij") && !r.body.contains("name=\"email\""));
    assert!(!r.body.contains("<dt>Plaatsen</dt>"), "no free places of a past activity");
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
    // answered as for a missing activity: no hint that a hidden one exists
    assert_eq!(r.status, StatusCode::NOT_FOUND);
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
    assert!(anouk.cancel_token.is_none(), "the link goes by email only");
    app.core.register(None, &tenant, id, Some(&reg("Bram", "bram@example.org"))).await.expect("reg");
    let anouk_token = app.cancel_token_from_mail("anouk@example.org").await;
    let link = format!("{}/afmelden/{anouk_token}", path(id));

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
    for bad in [format!("{}/afmelden/verzonnen-token", path(id)), format!("{}/afmelden/{anouk_token}", path(other))] {
        let r = b.get(&bad).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
        assert_eq!(h1(&r), "Deze afmeldlink kennen we niet");
        let r = b.post_form(&bad, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
    }
    assert_eq!(registrations(&app, id).await.len(), 2);
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
    assert!(r.body.contains("Zet in uw agenda (.ics)"));
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
    app.core.register(None, &tenant, id, Some(&reg)).await.expect("register");
    let token = app.cancel_token_from_mail("anouk@example.org").await;
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

//! The activity pages for organisers: who may open them, the registrations page with CSV and
//! attendance, the report (Markdown made safe) and its files, series from the form, and a
//! body's meetings.

use super::{BASE, actor, create, input, no_inline_script_or_style, path, register_anonymously, zhz};
use crate::common;
use crate::common::{COORDINATOR, MEMBER, TestApp, TestResponse};
use axum::http::{StatusCode, header};
use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Europe::Amsterdam;

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
    assert!(form.body.contains("Wie ziet dit verslag? Iedereen"), "the form says who will read the report");
    assert!(form.body.contains(&format!("action=\"{}/bijlagen\"", path(public))), "no token in the address");
    assert!(form.body.contains(&format!("name=\"csrf\" value=\"{}\"", c.csrf())), "the token in the body");
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

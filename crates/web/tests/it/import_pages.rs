//! The CSV import page: who may see it, uploading organisations and people as multipart forms,
//! bad files (every problem listed, nothing written), the CSRF token as the form's first field
//! (or, from clients that post by hand, in the query string), Windows-1252 files from Excel, and
//! the larger body limit of the two upload routes.

use crate::common::{Browser, COORDINATOR, LECTOR, MEMBER, OTHER_COORDINATOR, TestApp, TestResponse};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use broedplaats_store::Tenant;
use broedplaats_store::organisation as q;
use std::fmt::Write as _;

const PAGE: &str = "/werkplaatsen/zhz/importeren";
const ORGANISATIONS: &str = "/werkplaatsen/zhz/importeren/organisaties";
const PEOPLE: &str = "/werkplaatsen/zhz/importeren/mensen";
const BOUNDARY: &str = "----broedplaats-grens-7MA4YWxkTrZu0gW";

/// A multipart/form-data body with one file field (`bestand`) and one ordinary field before it.
fn multipart(filename: &str, data: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
    body.extend_from_slice(b"Content-Disposition: form-data; name=\"iets\"\r\n\r\nanders\r\n");
    body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
    body.extend_from_slice(
        format!("Content-Disposition: form-data; name=\"bestand\"; filename=\"{filename}\"\r\n").as_bytes(),
    );
    body.extend_from_slice(b"Content-Type: text/csv\r\n\r\n");
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// The multipart body a browser sends from our forms: the `csrf` field first, then the file.
fn form_body(csrf: &str, filename: &str, data: &[u8]) -> Vec<u8> {
    let mut body =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n").into_bytes();
    body.extend_from_slice(&multipart(filename, data));
    body
}

/// Posts `body` as multipart/form-data with the browser's cookies; `csrf` goes in the query string.
async fn post_multipart(app: &TestApp, b: &Browser<'_>, path: &str, csrf: Option<&str>, body: Vec<u8>) -> TestResponse {
    let uri = match csrf {
        Some(token) => format!("{path}?csrf={token}"),
        None => path.to_owned(),
    };
    let cookies: Vec<String> =
        ["bp_csrf", "bp_session", "bp_lang"].iter().filter_map(|n| b.cookie(n).map(|v| format!("{n}={v}"))).collect();
    let req = Request::post(uri)
        .header(header::COOKIE, cookies.join("; "))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .expect("request");
    app.send(req).await
}

/// Uploads a file through the form, as a browser does: the token is the form's first field.
async fn upload(app: &TestApp, b: &Browser<'_>, path: &str, csv: &str) -> TestResponse {
    let csrf = b.csrf();
    post_multipart(app, b, path, None, form_body(&csrf, "import.csv", csv.as_bytes())).await
}

async fn tenant(app: &TestApp) -> Tenant {
    app.core.tenant("zhz").await.expect("tenant")
}

async fn organisation_names(app: &TestApp) -> Vec<String> {
    let t = tenant(app).await;
    let mut conn = app.core.store.conn().await.expect("conn");
    q::all_organisation_names(&mut conn, &t).await.expect("names").into_iter().map(|(_, n)| n).collect()
}

async fn people(app: &TestApp) -> Vec<q::PersonFull> {
    let t = tenant(app).await;
    let mut conn = app.core.store.conn().await.expect("conn");
    q::people_full(&mut conn, &t).await.expect("people")
}

async fn import_audits(app: &TestApp) -> Vec<q::AuditRow> {
    let t = tenant(app).await;
    let mut conn = app.core.store.conn().await.expect("conn");
    q::audit_log(&mut conn, &t, None, 200)
        .await
        .expect("audit")
        .into_iter()
        .filter(|a| a.entity_type == "import")
        .collect()
}

const GOOD_ORGANISATIONS: &str = "naam;soort;plaats;website;email\n\
    Buurtkracht Oost (fictief);welzijn;Merwestad;https://buurtkracht.example;info@buurtkracht.example\n\
    Thuiszorg Langs de Lek (fictief);zorg;Lindewaard;;\n\
    Sportbedrijf Merwestad (fictief);overig;;;\n";

#[tokio::test]
async fn the_page_is_for_managers_only() {
    let app = TestApp::spawn().await;

    for who in [COORDINATOR, LECTOR] {
        let mut b = app.logged_in(who).await;
        let r = b.get(PAGE).await;
        assert_eq!(r.status, StatusCode::OK, "{who}: {}", r.body);
        assert!(r.body.contains("<h1>Organisaties en mensen importeren</h1>"), "{who}");
        let csrf = b.csrf();
        assert!(csrf.len() >= 32);
        for action in [ORGANISATIONS, PEOPLE] {
            let form = format!(
                "<form method=\"post\" enctype=\"multipart/form-data\" action=\"{action}\" class=\"form\">\n  \
                 <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">"
            );
            assert!(r.body.contains(&form), "{who}: {form}");
        }
        assert_eq!(r.body.matches(">CSV-bestand</label>").count(), 2);
        assert_eq!(r.body.matches("type=\"file\"").count(), 2);
        for text in ["<code>soort</code>", "<code>kind</code>", "<code>burger_clientorganisatie</code>", "naam;soort"] {
            assert!(r.body.contains(text), "{who}: the formats are explained: {text}");
        }
        for text in ["<code>docent-onderzoeker</code>", "<code>teacher-researcher</code>", "themaleider"] {
            assert!(r.body.contains(text), "{who}: the roles are listed: {text}");
        }
        assert!(!r.body.contains("??"), "every string is translated");
        assert!(!r.body.contains("role=\"alert\""), "no errors yet");
    }

    // the same page in English
    let mut b = app.logged_in(COORDINATOR).await;
    assert_eq!(b.get("/taal/en?terug=/").await.status, StatusCode::SEE_OTHER);
    let r = b.get(PAGE).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<h1>Import organisations and people</h1>"));
    assert!(r.body.contains(">CSV file</label>"));
    assert!(r.body.contains("name,kind,city,website,email"));
    assert!(!r.body.contains("??"), "every string is translated");

    // a member of the werkplaats, and a coordinator of another one: no access
    for who in [MEMBER, OTHER_COORDINATOR] {
        let mut b = app.logged_in(who).await;
        let r = b.get(PAGE).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        assert!(!r.body.contains("type=\"file\""), "{who}");
    }

    // anonymous: to the login page, and back here afterwards
    let r = app.get(PAGE).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/inloggen?terug=/werkplaatsen/zhz/importeren");

    let mut b = app.logged_in(COORDINATOR).await;
    assert_eq!(b.get("/werkplaatsen/bestaat-niet/importeren").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_good_organisations_file_is_imported() {
    let app = TestApp::spawn().await;
    let before = organisation_names(&app).await;
    let b = app.logged_in(COORDINATOR).await;

    let r = upload(&app, &b, ORGANISATIONS, GOOD_ORGANISATIONS).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/werkplaatsen/zhz/importeren?organisaties=3");

    let after = organisation_names(&app).await;
    assert_eq!(after.len(), before.len() + 3);
    for name in ["Buurtkracht Oost (fictief)", "Thuiszorg Langs de Lek (fictief)", "Sportbedrijf Merwestad (fictief)"] {
        assert!(after.iter().any(|n| n == name), "{name} imported");
    }
    let t = tenant(&app).await;
    let mut conn = app.core.store.conn().await.expect("conn");
    let rows = q::organisations(&mut conn, &t, Some("welzijn"), None, 100).await.expect("list");
    let buurt = rows.iter().find(|o| o.name == "Buurtkracht Oost (fictief)").expect("imported");
    assert_eq!(buurt.city.as_deref(), Some("Merwestad"));
    assert_eq!(buurt.website.as_deref(), Some("https://buurtkracht.example"));
    assert_eq!(buurt.email.as_deref(), Some("info@buurtkracht.example"));
    drop(conn);

    // one audit entry for the whole import, by the coordinator
    let audits = import_audits(&app).await;
    assert_eq!(audits.len(), 1, "one entry per import, not per row");
    assert_eq!(audits[0].action, "create");
    assert_eq!(audits[0].entity_id, 0);
    assert_eq!(audits[0].after.as_deref(), Some(r#"{"organisations":3}"#));
    assert!(audits[0].actor_name.starts_with("Carla"), "{}", audits[0].actor_name);

    // the confirmation on the page the upload redirected to
    let mut b = b;
    let page = b.get(r.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("3 organisaties geïmporteerd."), "{}", page.body);
    assert!(page.body.contains("href=\"/werkplaatsen/zhz/organisaties\""));
    let one = b.get("/werkplaatsen/zhz/importeren?organisaties=1").await;
    assert!(one.body.contains("1 organisatie geïmporteerd."));

    // importing the same file again: every name now exists, nothing changes
    let r = upload(&app, &b, ORGANISATIONS, GOOD_ORGANISATIONS).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body.matches("bestaat al in deze werkplaats").count(), 3);
    assert_eq!(organisation_names(&app).await.len(), before.len() + 3);
    assert_eq!(import_audits(&app).await.len(), 1);
}

#[tokio::test]
async fn a_file_with_a_bad_row_is_refused_whole() {
    let app = TestApp::spawn().await;
    let before = organisation_names(&app).await;
    let b = app.logged_in(COORDINATOR).await;

    let csv = "naam;soort;plaats\n\
               Eerste (fictief);zorg;A\n\
               Tweede (fictief);welzijn;B\n\
               Derde (fictief);bank;C\n\
               Vierde (fictief);gemeente;D\n\
               ;zorg;E\n";
    let r = upload(&app, &b, ORGANISATIONS, csv).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("role=\"alert\""), "an error summary");
    assert!(r.body.contains("Het bestand met organisaties is niet geïmporteerd"));
    assert!(r.body.contains("<th scope=\"col\">Regel</th><th scope=\"col\">Probleem</th>"));
    assert!(r.body.contains("<tr><td class=\"nowrap\">4</td><td lang=\"nl\">soort ‘bank’ is onbekend; kies uit:"));
    assert!(r.body.contains("<tr><td class=\"nowrap\">6</td><td lang=\"nl\">naam ontbreekt</td></tr>"));
    assert_eq!(r.body.matches("<td class=\"nowrap\">").count(), 2, "only the bad lines");
    assert!(r.body.contains("href=\"#organisaties-bestand\""), "a way back to the file input");
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(r.body.contains("type=\"file\""), "the forms are still there");
    assert!(r.body.contains(&format!("name=\"csrf\" value=\"{}\"", b.csrf())), "with a working token");
    assert!(!r.body.contains("?csrf="), "never in an address");
    assert!(r.body.contains("<title>Fout: Organisaties en mensen importeren"), "the title says it failed");

    assert_eq!(organisation_names(&app).await, before, "nothing written");
    assert!(import_audits(&app).await.is_empty());

    // a problem with the file as a whole
    let r = upload(&app, &b, ORGANISATIONS, "naam;plaats\nEerste;A\n").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("verplichte kolom ‘soort’ of ‘kind’ ontbreekt"));
    let r = upload(&app, &b, ORGANISATIONS, "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<td class=\"nowrap\">hele bestand</td>"), "line 0 is the whole file");
    assert!(r.body.contains("Het bestand is leeg."));

    // no file chosen: the browser sends an empty part without a file name
    let csrf = b.csrf();
    let r = post_multipart(&app, &b, ORGANISATIONS, Some(&csrf), multipart("", b"")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kies eerst een CSV-bestand."));
    assert_eq!(organisation_names(&app).await, before, "still nothing written");
}

#[tokio::test]
async fn people_are_imported_with_their_organisation_and_function() {
    let app = TestApp::spawn().await;
    let before = people(&app).await.len();
    let b = app.logged_in(LECTOR).await;

    let csv = "Naam,E-mail,Organisatie,Rol\n\
               Iris Imported (fictief),Iris@Example.org,gemeente merwestad (fictief),themaleider\n\
               Joost Imported (fictief),,,\n\
               Karin Imported (fictief),karin@example.org,Zorggroep De Linde (fictief),professional\n";
    let r = upload(&app, &b, PEOPLE, csv).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/werkplaatsen/zhz/importeren?mensen=3");

    let all = people(&app).await;
    assert_eq!(all.len(), before + 3);
    let t = tenant(&app).await;
    let mut conn = app.core.store.conn().await.expect("conn");
    let orgs = q::all_organisation_names(&mut conn, &t).await.expect("names");
    let functions = q::all_functions(&mut conn, &t).await.expect("functions");
    drop(conn);
    let org_id = |name: &str| orgs.iter().find(|(_, n)| n == name).map(|(id, _)| *id);
    let iris = all.iter().find(|p| p.name == "Iris Imported (fictief)").expect("iris");
    assert_eq!(iris.email.as_deref(), Some("iris@example.org"));
    assert_eq!(iris.organisation_id, org_id("Gemeente Merwestad (fictief)"));
    let of = |id: i64| functions.iter().filter(|(p, _)| *p == id).map(|(_, f)| f.as_str()).collect::<Vec<_>>();
    assert_eq!(of(iris.id), ["teacher-researcher"], "a themaleider is recorded as docent-onderzoeker");
    let joost = all.iter().find(|p| p.name == "Joost Imported (fictief)").expect("joost");
    assert_eq!((joost.email.as_deref(), joost.organisation_id), (None, None));
    assert!(of(joost.id).is_empty());
    let karin = all.iter().find(|p| p.name == "Karin Imported (fictief)").expect("karin");
    assert_eq!(karin.organisation_id, org_id("Zorggroep De Linde (fictief)"));
    assert_eq!(of(karin.id), ["professional"]);

    let audits = import_audits(&app).await;
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].after.as_deref(), Some(r#"{"people":3,"functions":2}"#));

    let mut b = b;
    let page = b.get(r.location()).await;
    assert!(page.body.contains("3 personen geïmporteerd."));

    // an unknown organisation refuses the whole file
    let csv = "naam;organisatie\nLotte (fictief);Gemeente Merwestad (fictief)\nMaarten (fictief);Bestaat Niet BV\n";
    let r = upload(&app, &b, PEOPLE, csv).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Het bestand met mensen is niet geïmporteerd"));
    assert!(r.body.contains("<td class=\"nowrap\">3</td><td lang=\"nl\">organisatie ‘Bestaat Niet BV’ bestaat niet"));
    assert!(r.body.contains("href=\"#mensen-bestand\""));
    assert_eq!(people(&app).await.len(), before + 3, "Lotte was not imported either");
}

#[tokio::test]
async fn uploads_need_the_csrf_token_and_a_manager() {
    let app = TestApp::spawn().await;
    let before = organisation_names(&app).await;
    let b = app.logged_in(COORDINATOR).await;
    let body = || multipart("import.csv", GOOD_ORGANISATIONS.as_bytes());

    let r = post_multipart(&app, &b, ORGANISATIONS, None, body()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no token in the query string");
    let r = post_multipart(&app, &b, ORGANISATIONS, Some("verzonnen-token-verzonnen-token-xx"), body()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a wrong token");
    let r = post_multipart(&app, &b, PEOPLE, None, body()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // a member, with a valid token: refused by the handler (and the use case)
    let member = app.logged_in(MEMBER).await;
    let r = upload(&app, &member, ORGANISATIONS, GOOD_ORGANISATIONS).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = upload(&app, &member, PEOPLE, "naam\nPiet\n").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // anonymous, with a valid CSRF cookie and token but no session
    let anonymous = app.browser().await;
    let r = upload(&app, &anonymous, ORGANISATIONS, GOOD_ORGANISATIONS).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    assert_eq!(organisation_names(&app).await, before, "nothing written");
    assert!(import_audits(&app).await.is_empty());
}

#[tokio::test]
async fn uploads_may_be_larger_than_forms_up_to_twenty_mebibytes() {
    let app = TestApp::spawn().await;
    let before = organisation_names(&app).await.len();
    let b = app.logged_in(COORDINATOR).await;

    // about 600 KiB: over the site-wide limit of 256 KiB
    let mut csv = String::from("naam;soort;plaats;website;email\n");
    for i in 0..6_000 {
        writeln!(csv, "Organisatie {i} (fictief);zorg;Plaats {i};https://org{i}.example;info@org{i}.example")
            .expect("write");
    }
    assert!(csv.len() > 256 * 1024);
    let r = upload(&app, &b, ORGANISATIONS, &csv).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/werkplaatsen/zhz/importeren?organisaties=6000");
    assert_eq!(organisation_names(&app).await.len(), before + 6_000);

    // over 20 MiB: refused, nothing written
    let mut big = Vec::with_capacity(21 * 1024 * 1024);
    big.extend_from_slice(b"naam;soort\n");
    let mut i = 0;
    while big.len() <= 20 * 1024 * 1024 {
        big.extend_from_slice(format!("Nog een organisatie {i};zorg\n").as_bytes());
        i += 1;
    }
    let csrf = b.csrf();
    let r = post_multipart(&app, &b, ORGANISATIONS, Some(&csrf), multipart("groot.csv", &big)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert!(r.body.contains("Het bestand is te groot"));
    assert_eq!(organisation_names(&app).await.len(), before + 6_000);

    // the ordinary form routes keep their limit
    let mut b = b;
    let long = "x".repeat(300 * 1024);
    let r = b.post_form("/werkplaatsen/zhz/themas", &[("title", &long)]).await;
    assert_ne!(r.status, StatusCode::SEE_OTHER, "the site-wide limit still applies elsewhere");
}

#[tokio::test]
async fn the_token_travels_in_the_body_and_excel_files_in_windows_1252_are_read() {
    let app = TestApp::spawn().await;
    let before = organisation_names(&app).await;
    let b = app.logged_in(COORDINATOR).await;
    // "Café Één – Zuid" as Excel on a Dutch Windows saves it.
    let csv = b"naam;soort\r\nCaf\xe9 \xc9\xe9n \x96 Zuid;gemeente\r\n";

    // A wrong token in the body, or the right one after the file, is refused.
    let r =
        post_multipart(&app, &b, ORGANISATIONS, None, form_body("verzonnen-token-verzonnen-token-xx", "e.csv", csv))
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut late = multipart("e.csv", csv);
    late.truncate(late.len() - format!("--{BOUNDARY}--\r\n").len());
    late.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{BOUNDARY}--\r\n",
            b.csrf()
        )
        .as_bytes(),
    );
    let r = post_multipart(&app, &b, ORGANISATIONS, None, late).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the token must come first");
    assert_eq!(organisation_names(&app).await, before, "nothing written");

    let r = post_multipart(&app, &b, ORGANISATIONS, None, form_body(&b.csrf(), "excel.csv", csv)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let names = organisation_names(&app).await;
    assert!(names.contains(&"Café Één – Zuid".to_owned()), "{names:?}");

    // UTF-16 (Excel's "Unicode-tekst") is not guessed at: the page says how to save the file.
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("naam;soort\r\nA;gemeente\r\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let r = post_multipart(&app, &b, ORGANISATIONS, None, form_body(&b.csrf(), "unicode.txt", &utf16)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("CSV UTF-8"), "{}", r.body);
}

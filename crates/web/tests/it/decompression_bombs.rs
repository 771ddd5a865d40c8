//! Uploading a decompression bomb: a small PDF whose page content inflates to far more than may be
//! read. The file is stored without its text; the API answer says so (`text_skipped`), and so
//! does the product page after a browser upload, in Dutch. The same PDF without the padding is
//! read, so it is the size that makes the difference.

use crate::common::{COORDINATOR, TestApp, TestResponse};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use broedplaats_web::i18n::Tr;
use flate2::Compression;
use flate2::write::ZlibEncoder;
use serde_json::{Value, json};
use std::io::Write;

const PRODUCTS: &str = "/api/v1/werkplaatsen/zhz/knowledge-products";
const BOUNDARY: &str = "broedplaats-bom-grens";
/// A word only the PDF's page holds.
const WORD: &str = "Zeldzaamheidsonderzoek";

/// A one-page PDF whose content stream shows [`WORD`] and then `pad` spaces, deflated (a
/// megabyte of spaces deflates to about a kilobyte; written in pieces, never held whole).
fn pdf(pad: usize) -> Vec<u8> {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    z.write_all(format!("BT /F1 12 Tf 72 712 Td ({WORD}) Tj ET\n").as_bytes()).expect("write");
    let spaces = vec![b' '; 1 << 16];
    let mut left = pad;
    while left > 0 {
        let n = left.min(spaces.len());
        z.write_all(&spaces[..n]).expect("write");
        left -= n;
    }
    let data = z.finish().expect("finish");
    let objects: [Vec<u8>; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        [format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", data.len()).as_bytes(), &data, b"\nendstream"].concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}

fn multipart(filename: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(app: &TestApp, token: &str, id: i64, data: &[u8]) -> TestResponse {
    let req = Request::post(format!("{PRODUCTS}/{id}/files"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(multipart("werkvorm.pdf", data)))
        .expect("request");
    app.send(req).await
}

async fn finds(app: &TestApp, id: i64) -> bool {
    let r = app.api(Method::GET, &format!("/api/v1/search?q={WORD}"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["hits"].as_array().expect("hits").iter().any(|h| h["type"] == "knowledge_product" && h["id"] == id)
}

async fn product(app: &TestApp, token: &str, title: &str) -> i64 {
    let body = json!({ "kind": "werkvorm", "title": title, "summary": "Een korte samenvatting voor de test.",
        "status": "published" });
    let r = app.api(Method::POST, PRODUCTS, Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().expect("id")
}

#[tokio::test]
async fn a_pdf_bomb_is_stored_without_its_text_and_the_uploader_is_told() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;

    // The same PDF, lightly padded: read and findable, and the answer has no `text_skipped`.
    let id = product(&app, &token, "Gewone werkvorm (test)").await;
    let r = upload(&app, &token, id, &pdf(1 << 20)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.json().get("text_skipped").is_none(), "{}", r.body);
    assert!(finds(&app, id).await);

    // Padded to 200 MB once inflated (about 200 KB as uploaded): stored, not read, and said so.
    let bomb = pdf(200 << 20);
    assert!(bomb.len() < 400 << 10, "{}", bomb.len());
    let id = product(&app, &token, "Bom (test)").await;
    let r = upload(&app, &token, id, &bomb).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let file = r.json();
    assert_eq!(file["text_skipped"], "too_large", "{file}");
    assert_eq!(file["size"].as_u64(), Some(bomb.len() as u64));
    assert!(!finds(&app, id).await, "the bomb's text is not searchable");
    let p: Value = app.api(Method::GET, &format!("{PRODUCTS}/{id}"), Some(&token), None).await.json();
    assert_eq!(p["files"].as_array().map(Vec::len), Some(1), "{p}");
    let stored = app.get(file["url"].as_str().expect("url")).await;
    assert_eq!(stored.status, StatusCode::OK);
    assert_eq!(stored.body.len(), String::from_utf8_lossy(&bomb).len());

    // Through the page: the redirect carries the note, and the page shows it in Dutch.
    let mut b = app.logged_in(COORDINATOR).await;
    let page = format!("/werkplaatsen/zhz/kennis/{id}");
    b.get(&page).await;
    let cookies: Vec<String> =
        ["bp_csrf", "bp_session", "bp_lang"].iter().filter_map(|n| b.cookie(n).map(|v| format!("{n}={v}"))).collect();
    let req = Request::post(format!("{page}/bestanden?csrf={}", b.csrf()))
        .header(header::COOKIE, cookies.join("; "))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart("werkvorm.pdf", &bomb)))
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{page}?bestand=te-groot#bestanden"));
    let shown = b.get(&format!("{page}?bestand=te-groot")).await;
    let note = Tr::default().t("kb.flash.file_too_large");
    assert!(note.starts_with("Het bestand is opgeslagen, maar de tekst kon niet worden gelezen"), "{note}");
    // in the files section, where the redirect lands, not at the top of the page out of sight
    let files = shown.body.find("id=\"bestanden\"").expect("files section");
    assert!(shown.body.rfind(note).is_some_and(|at| at > files), "{}", shown.body);
}

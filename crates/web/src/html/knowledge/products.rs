//! Knowledge products: the list (published, or one's drafts), a product's page with its files,
//! "gerelateerd" and JSON-LD, the review workflow (status), deleting, and the files.
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{
    Link, PageResult, RelatedLine, confirm_delete, encode_query, markdown, redirect, related_lines, render, script_json,
};
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use broedplaats_core::CoreError;
use broedplaats_core::knowledge::{ProductView, Refusal};
use broedplaats_domain::ProductKind;
use broedplaats_store::Tenant;
use serde::Deserialize;

pub(super) fn product_href(slug: &str, id: i64) -> String {
    format!("/werkplaatsen/{slug}/kennis/{id}")
}

pub(super) fn kind_label(page: &Page, code: &str) -> String {
    if ProductKind::CODES.contains(&code) { page.t(&format!("kb.kind.{code}")).into() } else { code.into() }
}

pub(super) fn status_label(page: &Page, code: &str) -> String {
    page.t(&format!("kb.status.{code}")).into()
}

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    na: Option<String>,
    concepten: Option<String>,
    verwijderd: Option<String>,
}

struct Line {
    href: String,
    title: String,
    kind: String,
    summary: String,
    year: Option<i64>,
    status: Option<String>,
}

#[derive(Template)]
#[template(path = "knowledge/products.html")]
struct ListTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    lines: Vec<Line>,
    drafts: bool,
    may_contribute: bool,
    /// How many products offered for review wait for this reader (a reviewer), if any.
    waiting: usize,
    next: Option<String>,
    flash: Option<String>,
}

pub(super) async fn index(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let actor = page.actor.as_ref();
    let drafts = q.concepten.is_some() && actor.is_some();
    let list = state.core.products(actor, &tenant, drafts, q.na.as_deref(), 20).await?;
    let lines = list
        .items
        .into_iter()
        .map(|p| Line {
            href: p.url,
            kind: kind_label(&page, &p.kind),
            status: drafts.then(|| status_label(&page, &p.status)),
            title: p.title,
            summary: p.summary,
            year: p.year,
        })
        .collect();
    let next = list.next_cursor.map(|c| {
        format!("/werkplaatsen/{slug}/kennis?na={}{}", encode_query(&c), if drafts { "&concepten=1" } else { "" })
    });
    let waiting = match actor {
        Some(a) if a.is_member(&tenant.slug) => state.core.products_to_review(a, &tenant).await?.len(),
        _ => 0,
    };
    Ok(render(&ListTemplate {
        title: page.t(if drafts { "kb.list.drafts_title" } else { "kb.list.title" }).into(),
        waiting,
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        may_contribute: state.core.may_contribute(actor, &tenant),
        flash: q.verwijderd.map(|_| page.t("grp.flash.deleted").to_owned()),
        lines,
        drafts,
        next,
        page,
    }))
}

#[derive(Deserialize, Default)]
pub(super) struct ShowQuery {
    opgeslagen: Option<String>,
    status: Option<String>,
    bestand: Option<String>,
}

struct FileLine {
    href: String,
    name: String,
    kind: String,
    size_kb: i64,
    delete: String,
}

#[derive(Template)]
#[template(path = "knowledge/product.html")]
struct ShowTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    p: ProductView,
    kind: String,
    status: String,
    visibility: String,
    body_html: markdown::SafeHtml,
    has_body: bool,
    themes: Vec<Link>,
    audiences: Vec<String>,
    four_os: Vec<String>,
    files: Vec<FileLine>,
    related: Vec<RelatedLine>,
    flash: Option<String>,
    /// What became of an upload, shown in the files section the upload returns to.
    file_flash: Option<String>,
    file_error: Option<String>,
    json_ld: Option<String>,
    /// The assignment this is a student's result of: (its title, its page, the student).
    result_of: Option<(String, String, Option<String>)>,
}

/// schema.org CreativeWork for public, published products: findable by search engines.
fn json_ld(state: &AppState, tenant: &Tenant, p: &ProductView) -> Option<String> {
    if p.status != "published" || p.visibility != "public" {
        return None;
    }
    let authors: Vec<serde_json::Value> = p
        .organisations
        .iter()
        .map(|o| serde_json::json!({ "@type": "Organization", "name": o.name }))
        .chain(p.people.iter().map(|x| serde_json::json!({ "@type": "Person", "name": x.name })))
        .chain(p.author_names.iter().map(|n| serde_json::json!({ "@type": "Person", "name": n })))
        .collect();
    let licence_url = match p.licence.as_str() {
        "CC BY 4.0" => Some("https://creativecommons.org/licenses/by/4.0/"),
        "CC BY-SA 4.0" => Some("https://creativecommons.org/licenses/by-sa/4.0/"),
        "CC BY-NC 4.0" => Some("https://creativecommons.org/licenses/by-nc/4.0/"),
        "CC BY-NC-SA 4.0" => Some("https://creativecommons.org/licenses/by-nc-sa/4.0/"),
        "CC0 1.0" => Some("https://creativecommons.org/publicdomain/zero/1.0/"),
        _ => None,
    };
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": p.title,
        "abstract": p.summary,
        "url": format!("{}{}", state.core.public_url, p.url),
        "inLanguage": p.language,
        "genre": p.kind,
        "keywords": p.themes.iter().map(|t| t.name.as_str()).chain(p.kwesties.iter().map(|k| k.name.as_str())).collect::<Vec<_>>(),
        "author": authors,
        "publisher": { "@type": "Organization", "name": tenant.name },
        "audience": p.audiences.iter().map(|a| serde_json::json!({ "@type": "Audience", "audienceType": a })).collect::<Vec<_>>(),
        "encoding": p.files.iter().map(|f| serde_json::json!({
            "@type": "MediaObject", "name": f.filename, "encodingFormat": f.content_type,
            "contentUrl": format!("{}{}", state.core.public_url, f.url)
        })).collect::<Vec<_>>(),
    });
    if let Some(d) = p.date.clone().or_else(|| p.year.map(|y| y.to_string())) {
        ld["datePublished"] = serde_json::Value::String(d);
    }
    ld["license"] = match licence_url {
        Some(u) => serde_json::Value::String(u.into()),
        None => serde_json::Value::String(p.licence.clone()),
    };
    // No `<`, `>` or `&` at all: `</script` would end the element early and `<!--<script` would
    // keep the parser from ending it where it should.
    Some(script_json(&ld))
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let p = state.core.product(page.actor.as_ref(), &tenant, id).await?;
    let related =
        if p.status == "published" { related_lines(&state, &page, "knowledge_product", id).await? } else { vec![] };
    let flash = if q.opgeslagen.is_some() {
        Some(page.t("grp.flash.saved").to_owned())
    } else {
        q.status.as_deref().map(|s| page.f1("kb.flash.status", "status", status_label(&page, s)))
    };
    let file_flash = q.bestand.as_deref().map(|b| {
        page.t(match b {
            "te-groot" => "kb.flash.file_too_large",
            "versleuteld" => "kb.flash.file_encrypted",
            "te-traag" => "kb.flash.file_too_slow",
            _ => "kb.flash.file",
        })
        .to_owned()
    });
    let result_of = state
        .core
        .result_of_product(page.actor.as_ref(), &tenant, id)
        .await?
        .map(|r| (r.assignment_title, r.assignment_url, r.student_name));
    let mut t = show_template(&state, page, &tenant, p, related, (flash, file_flash), None);
    t.result_of = result_of;
    Ok(render(&t))
}

fn show_template(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    p: ProductView,
    related: Vec<RelatedLine>,
    (flash, file_flash): (Option<String>, Option<String>),
    file_error: Option<String>,
) -> ShowTemplate {
    let files = p
        .files
        .iter()
        .map(|f| FileLine {
            href: f.url.clone(),
            name: f.filename.clone(),
            kind: f.content_type.rsplit('/').next().unwrap_or_default().to_owned(),
            size_kb: f.size_kb(),
            delete: format!("{}/verwijderen", f.url),
        })
        .collect();
    ShowTemplate {
        title: p.title.clone(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        kind: kind_label(&page, &p.kind),
        status: status_label(&page, &p.status),
        // A concept or a product in review is seen by its makers and reviewers only: its
        // visibility is what it will be once published, and says so (never a bare "Openbaar").
        visibility: match (p.status.as_str(), page.t(&format!("kb.visibility.{}", p.visibility))) {
            ("published", who) => who.into(),
            (_, who) => page.f1("kb.visibility.after_publication", "who", who),
        },
        has_body: !p.body.trim().is_empty(),
        body_html: markdown::to_html(&p.body),
        themes: p
            .themes
            .iter()
            .map(|t| Link { href: format!("/werkplaatsen/{}/themas/{}", tenant.slug, t.id), label: t.name.clone() })
            .collect(),
        audiences: p.audiences.iter().map(|a| page.t(&format!("kb.audience.{a}")).to_owned()).collect(),
        four_os: p.four_os.iter().map(|a| page.t(&format!("grp.four_o.{a}")).to_owned()).collect(),
        json_ld: json_ld(state, tenant, &p),
        result_of: None,
        files,
        related,
        flash,
        file_flash,
        file_error,
        p,
        page,
    }
}

#[derive(Deserialize)]
pub(super) struct StatusForm {
    status: String,
    note: Option<String>,
}

pub(super) async fn set_status(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<StatusForm>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let note = form.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    match state.core.set_product_status(page.actor.as_ref(), &tenant, id, &form.status, note).await {
        Ok(()) => Ok(redirect(&format!("{}?status={}", product_href(&slug, id), encode_query(&form.status)))),
        Err(CoreError::Invalid(e)) => {
            let p = state.core.product(page.actor.as_ref(), &tenant, id).await?;
            let msg = e.0.first().map(|x| field_message(&page.tr, &x.kind));
            let mut r = render(&show_template(&state, page, &tenant, p, vec![], (None, None), msg));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn delete_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let p = state.core.product(page.actor.as_ref(), &tenant, id).await?;
    if !p.may_edit {
        return Err(HtmlError(ErrorPage::Forbidden));
    }
    confirm_delete(page, &tenant, p.title, "kb.delete.warning", &product_href(&slug, id))
}

pub(super) async fn delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_product(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{slug}/kennis?verwijderd=1")))
}

pub(super) async fn upload(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let upload = match multipart {
        Ok(mut m) => crate::files::read_upload(&mut m).await,
        Err(e) => Err(e.status()),
    };
    let error = match upload {
        Ok(Some((name, bytes))) => {
            match state.core.add_product_file(page.actor.as_ref(), &tenant, id, &name, bytes.to_vec()).await {
                Ok(file) => {
                    // Stored either way; the note says whether its text was read.
                    let note = match file.text_skipped {
                        None => "1",
                        Some(Refusal::TooLarge) => "te-groot",
                        Some(Refusal::Encrypted) => "versleuteld",
                        Some(Refusal::TooSlow) => "te-traag",
                    };
                    return Ok(redirect(&format!("{}?bestand={note}#bestanden", product_href(&slug, id))));
                }
                Err(CoreError::Invalid(e)) => e.0.first().map(|x| field_message(&page.tr, &x.kind)).unwrap_or_default(),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(None) => page.t("kb.file.none").to_owned(),
        Err(StatusCode::PAYLOAD_TOO_LARGE) => page.t("activity.file.too_large").to_owned(),
        Err(_) => page.t("kb.file.none").to_owned(),
    };
    let p = state.core.product(page.actor.as_ref(), &tenant, id).await?;
    let mut r = render(&show_template(&state, page, &tenant, p, vec![], (None, None), Some(error)));
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

pub(super) async fn download(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, file_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let (file, bytes) = state.core.product_file(page.actor.as_ref(), &tenant, id, file_id).await?;
    Ok(crate::files::download_as(&file.content_type, &file.filename, bytes))
}

pub(super) async fn delete_file(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, file_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_product_file(page.actor.as_ref(), &tenant, id, file_id).await?;
    Ok(redirect(&format!("{}#bestanden", product_href(&slug, id))))
}

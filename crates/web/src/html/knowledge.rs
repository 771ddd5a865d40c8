//! Pages of the knowledge base: knowledge products (list, form, page with files, review
//! workflow, "gerelateerd") and search (the box on every page and the search page with facets).
//!
//! Authorisation stays in the use cases (`core::knowledge`, `core::search`).
use super::kit::{
    FormData, FormTemplate, Link, RelatedLine, confirm_delete as delete_page, encode_query, markdown, redirect,
    related_lines, render, script_json, type_label,
};
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use askama::Template;
use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use broedplaats_core::CoreError;
use broedplaats_core::knowledge::{LANGUAGES, LICENCES, LinkInput, ProductInput, ProductView, Ref};
use broedplaats_domain::{FourO, ProductAudience, ProductKind, Visibility};
use broedplaats_search::FacetCount;
use broedplaats_store::Tenant;
use serde::Deserialize;

type PageResult = Result<Response, HtmlError>;

pub(crate) fn routes() -> Router<AppState> {
    let base = "/werkplaatsen/{slug}/kennis";
    Router::new()
        .route("/zoeken", get(search_page))
        .route(base, get(index).post(create))
        .route(&format!("{base}/nieuw"), get(new_form))
        .route(&format!("{base}/{{id}}"), get(show).post(update))
        .route(&format!("{base}/{{id}}/bewerken"), get(edit_form))
        .route(&format!("{base}/{{id}}/status"), post(set_status))
        .route(&format!("{base}/{{id}}/verwijderen"), get(delete_form).post(delete))
        .route(
            &format!("{base}/{{id}}/bestanden"),
            post(upload).layer(DefaultBodyLimit::max(crate::files::FILE_UPLOAD_LIMIT)),
        )
        .route(&format!("{base}/{{id}}/bestanden/{{file_id}}"), get(download))
        .route(&format!("{base}/{{id}}/bestanden/{{file_id}}/verwijderen"), post(delete_file))
}

fn product_href(slug: &str, id: i64) -> String {
    format!("/werkplaatsen/{slug}/kennis/{id}")
}

pub(crate) fn kind_label(page: &Page, code: &str) -> String {
    if ProductKind::CODES.contains(&code) { page.t(&format!("kb.kind.{code}")).into() } else { code.into() }
}

fn status_label(page: &Page, code: &str) -> String {
    page.t(&format!("kb.status.{code}")).into()
}

// ---- list ----------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct ListQuery {
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
#[template(path = "kb_products.html")]
struct ListTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    lines: Vec<Line>,
    drafts: bool,
    may_contribute: bool,
    next: Option<String>,
    flash: Option<String>,
}

async fn index(
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
    Ok(render(&ListTemplate {
        title: page.t(if drafts { "kb.list.drafts_title" } else { "kb.list.title" }).into(),
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

// ---- form ----------------------------------------------------------------------------------------

fn split_list(raw: &str) -> Vec<String> {
    raw.split([',', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// "titel | https://…" per line.
fn parse_links(raw: &str) -> Vec<LinkInput> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.rsplit_once('|') {
            Some((t, u)) => LinkInput { title: t.trim().to_owned(), url: u.trim().to_owned() },
            None => LinkInput { title: l.to_owned(), url: l.to_owned() },
        })
        .collect()
}

fn ids(d: &FormData, name: &str) -> Vec<i64> {
    d.all(name).iter().filter_map(|v| v.trim().parse().ok()).collect()
}

fn input_from(d: &FormData) -> ProductInput {
    ProductInput {
        kind: d.get("kind").to_owned(),
        title: d.get("title").to_owned(),
        summary: d.get("summary").to_owned(),
        body: d.opt("body"),
        year: d.opt("year").and_then(|y| y.trim().parse().ok()),
        date: d.opt("date"),
        themes: ids(d, "themes").into_iter().map(Ref::Id).collect(),
        kwesties: split_list(d.get("kwesties")),
        organisations: ids(d, "organisations").into_iter().map(Ref::Id).collect(),
        people: vec![],
        author_names: split_list(d.get("author_names")),
        visibility: d.opt("visibility"),
        theme_group_id: d.opt("theme_group_id").and_then(|v| v.parse().ok()),
        project_id: d.opt("project_id").and_then(|v| v.parse().ok()),
        status: None,
        licence: d.opt("licence"),
        language: d.opt("language"),
        audiences: d.all("audiences"),
        four_os: d.all("four_os"),
        links: parse_links(d.get("links")),
    }
}

fn form_data_of(p: &ProductView) -> FormData {
    let mut v = vec![
        ("kind".into(), p.kind.clone()),
        ("title".into(), p.title.clone()),
        ("summary".into(), p.summary.clone()),
        ("body".into(), p.body.clone()),
        ("year".into(), p.year.map(|y| y.to_string()).unwrap_or_default()),
        ("date".into(), p.date.clone().unwrap_or_default()),
        ("kwesties".into(), p.kwesties.iter().map(|k| k.name.as_str()).collect::<Vec<_>>().join(", ")),
        ("author_names".into(), p.author_names.join(", ")),
        ("visibility".into(), p.visibility.clone()),
        ("theme_group_id".into(), p.theme_group_id.map(|g| g.to_string()).unwrap_or_default()),
        ("project_id".into(), p.project.as_ref().map(|pr| pr.id.to_string()).unwrap_or_default()),
        ("licence".into(), p.licence.clone()),
        ("language".into(), p.language.clone()),
        ("links".into(), p.links.iter().map(|l| format!("{} | {}", l.title, l.url)).collect::<Vec<_>>().join("\n")),
    ];
    v.extend(p.themes.iter().map(|t| ("themes".into(), t.id.to_string())));
    v.extend(p.organisations.iter().map(|o| ("organisations".into(), o.id.to_string())));
    v.extend(p.audiences.iter().map(|a| ("audiences".into(), a.clone())));
    v.extend(p.four_os.iter().map(|a| ("four_os".into(), a.clone())));
    FormData(v)
}

async fn product_form(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    id: Option<i64>,
    d: &FormData,
) -> Result<FormTemplate, HtmlError> {
    use super::kit::fields::Field;
    let actor = page.actor.clone();
    let themes = state.core.current_themes(tenant).await?;
    let mut orgs = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let p = state.core.organisations(tenant, None, cursor.as_deref(), 200).await?;
        orgs.extend(p.items.into_iter().map(|o| (o.id.to_string(), o.name)));
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let groups = state.core.theme_groups(tenant).await?;
    let projects = state.core.projects(actor.as_ref(), tenant, None).await?;
    let f = |name: &'static str, kind: &'static str| Field::labelled(&page, name, kind, d, &format!("kb.field.{name}"));
    let code_choices = |codes: &[&str], prefix: &str| -> Vec<(String, String)> {
        codes.iter().map(|c| ((*c).to_owned(), page.t(&format!("{prefix}.{c}")).to_owned())).collect()
    };
    let fields = vec![
        f("kind", "select").required().choices(Some(page.t("kb.choose")), code_choices(ProductKind::CODES, "kb.kind")),
        f("title", "text").required().max(200),
        f("summary", "textarea").required().max(2000).hint(&page, "kb.hint.summary"),
        f("body", "textarea").max(100_000).hint(&page, "kb.hint.body"),
        f("themes", "checkboxes")
            .boxes(themes.iter().map(|t| (t.id.to_string(), t.name.clone())).collect(), &d.all("themes")),
        f("kwesties", "text").hint(&page, "kb.hint.kwesties").max(1000),
        f("organisations", "checkboxes").boxes(orgs, &d.all("organisations")),
        f("author_names", "text").hint(&page, "kb.hint.author_names").max(2000),
        f("project_id", "select")
            .choices(Some(page.t("kb.none")), projects.iter().map(|p| (p.id.to_string(), p.title.clone())).collect()),
        f("audiences", "checkboxes").boxes(code_choices(ProductAudience::CODES, "kb.audience"), &d.all("audiences")),
        f("four_os", "checkboxes").boxes(code_choices(FourO::CODES, "grp.four_o"), &d.all("four_os")),
        f("year", "number").hint(&page, "kb.hint.year"),
        f("date", "date"),
        f("visibility", "select").choices(None, code_choices(Visibility::CODES, "kb.visibility")),
        f("theme_group_id", "select")
            .hint(&page, "kb.hint.theme_group")
            .choices(Some(page.t("kb.none")), groups.iter().map(|g| (g.id.to_string(), g.name.clone())).collect()),
        f("licence", "select").choices(None, LICENCES.iter().map(|l| ((*l).to_owned(), (*l).to_owned())).collect()),
        f("language", "select").choices(None, code_choices(LANGUAGES, "kb.language")),
        f("links", "textarea").hint(&page, "kb.hint.links").max(10_000),
    ];
    let (title, action, cancel) = match id {
        None => (
            page.t("kb.form.new").to_owned(),
            format!("/werkplaatsen/{}/kennis", tenant.slug),
            format!("/werkplaatsen/{}/kennis", tenant.slug),
        ),
        Some(id) => (page.t("kb.form.edit").to_owned(), product_href(&tenant.slug, id), product_href(&tenant.slug, id)),
    };
    Ok(FormTemplate::new(page, tenant, title, action, cancel, fields))
}

async fn new_form(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    if !state.core.may_contribute(page.actor.as_ref(), &tenant) {
        return Err(HtmlError(if page.actor.is_some() { ErrorPage::Forbidden } else { ErrorPage::Unauthenticated }));
    }
    let d = FormData(vec![
        ("visibility".into(), "public".into()),
        ("licence".into(), LICENCES[0].into()),
        ("language".into(), "nl".into()),
    ]);
    product_form(&state, page, &tenant, None, &d).await?.ok()
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let d = FormData(pairs);
    match state.core.create_products(page.actor.as_ref(), &tenant, &[input_from(&d)]).await {
        Ok(ids) => Ok(redirect(&format!("{}?opgeslagen=1", product_href(&slug, ids.first().copied().unwrap_or(0))))),
        Err(CoreError::Invalid(e)) => product_form(&state, page, &tenant, None, &d).await?.refused(&e),
        Err(e) => Err(e.into()),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let p = state.core.product(page.actor.as_ref(), &tenant, id).await?;
    if !p.may_edit {
        return Err(HtmlError(ErrorPage::Forbidden));
    }
    let d = form_data_of(&p);
    product_form(&state, page, &tenant, Some(id), &d).await?.ok()
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let d = FormData(pairs);
    match state.core.update_product(page.actor.as_ref(), &tenant, id, &input_from(&d)).await {
        Ok(()) => Ok(redirect(&format!("{}?opgeslagen=1", product_href(&slug, id)))),
        Err(CoreError::Invalid(e)) => product_form(&state, page, &tenant, Some(id), &d).await?.refused(&e),
        Err(e) => Err(e.into()),
    }
}

// ---- the product page ------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct ShowQuery {
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
#[template(path = "kb_product.html")]
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
    file_error: Option<String>,
    json_ld: Option<String>,
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

async fn show(
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
    } else if let Some(s) = q.status.as_deref() {
        Some(page.f1("kb.flash.status", "status", status_label(&page, s)))
    } else if q.bestand.is_some() {
        Some(page.t("kb.flash.file").to_owned())
    } else {
        None
    };
    Ok(render(&show_template(&state, page, &tenant, p, related, flash, None)))
}

fn show_template(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    p: ProductView,
    related: Vec<RelatedLine>,
    flash: Option<String>,
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
        visibility: page.t(&format!("kb.visibility.{}", p.visibility)).into(),
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
        files,
        related,
        flash,
        file_error,
        p,
        page,
    }
}

#[derive(Deserialize)]
struct StatusForm {
    status: String,
    note: Option<String>,
}

async fn set_status(
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
            let mut r = render(&show_template(&state, page, &tenant, p, vec![], None, msg));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let p = state.core.product(page.actor.as_ref(), &tenant, id).await?;
    if !p.may_edit {
        return Err(HtmlError(ErrorPage::Forbidden));
    }
    delete_page(page, &tenant, p.title, "kb.delete.warning", &product_href(&slug, id))
}

async fn delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_product(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("/werkplaatsen/{slug}/kennis?verwijderd=1")))
}

// ---- files ---------------------------------------------------------------------------------------

async fn upload(
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
                Ok(_) => return Ok(redirect(&format!("{}?bestand=1#bestanden", product_href(&slug, id)))),
                Err(CoreError::Invalid(e)) => e.0.first().map(|x| field_message(&page.tr, &x.kind)).unwrap_or_default(),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(None) => page.t("kb.file.none").to_owned(),
        Err(StatusCode::PAYLOAD_TOO_LARGE) => page.t("activity.file.too_large").to_owned(),
        Err(_) => page.t("kb.file.none").to_owned(),
    };
    let p = state.core.product(page.actor.as_ref(), &tenant, id).await?;
    let mut r = render(&show_template(&state, page, &tenant, p, vec![], None, Some(error)));
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

async fn download(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, file_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let (file, bytes) = state.core.product_file(page.actor.as_ref(), &tenant, id, file_id).await?;
    Ok(crate::files::download_as(&file.content_type, &file.filename, bytes))
}

async fn delete_file(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, file_id)): HtmlPath<(String, i64, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_product_file(page.actor.as_ref(), &tenant, id, file_id).await?;
    Ok(redirect(&format!("{}#bestanden", product_href(&slug, id))))
}

// ---- search --------------------------------------------------------------------------------------

struct FacetView {
    name: String,
    label: String,
    values: Vec<FacetValue>,
}

struct FacetValue {
    value: String,
    label: String,
    count: u64,
    checked: bool,
    id: String,
}

struct HitView {
    href: String,
    title: String,
    snippet: String,
    what: String,
}

#[derive(Template)]
#[template(path = "kb_search.html")]
struct SearchTemplate {
    page: Page,
    title: String,
    q: String,
    total_text: String,
    hits: Vec<HitView>,
    facets: Vec<FacetView>,
    /// The same search without filters, when a filter is on.
    clear: Option<String>,
    by_date: bool,
    prev: Option<String>,
    next: Option<String>,
}

const FACETS: [&str; 9] =
    ["type", "werkplaats", "kind", "theme", "kwestie", "year", "organisation", "four_o", "audience"];

fn facet_value_label(page: &Page, facet: &str, value: &str, werkplaatsen: &[(String, String)]) -> String {
    match facet {
        "type" => type_label(page, value),
        "kind" if ProductKind::CODES.contains(&value) => kind_label(page, value),
        "kind" if value == "aanpak" || value == "werkzame_factor" => {
            page.t(&format!("kb.approach_kind.{value}")).into()
        }
        // A story's kind is its narrator's role: "Verhaal: Mantelzorger".
        "kind" if value.starts_with("verhaal_") => match value.strip_prefix("verhaal_") {
            Some(role) if broedplaats_domain::NarratorRole::CODES.contains(&role) => {
                format!("{}: {}", page.t("kb.type.story"), page.t(&format!("story.role.{role}")))
            }
            _ => page.t("kb.type.story").into(),
        },
        "werkplaats" => werkplaatsen.iter().find(|(s, _)| s == value).map(|(_, n)| n.clone()).unwrap_or(value.into()),
        "four_o" if FourO::CODES.contains(&value) => page.t(&format!("grp.four_o.{value}")).into(),
        "audience" if ProductAudience::CODES.contains(&value) => page.t(&format!("kb.audience.{value}")).into(),
        _ => value.into(),
    }
}

async fn search_page(
    State(state): State<AppState>,
    page: Page,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let request = crate::search_params::search_request(&pairs);
    let current_page = request.page.max(1);
    let by_date = request.sort_by_date;
    let q = request.q.clone();
    let results = state.core.search(page.actor.as_ref(), request).await?;
    let werkplaatsen: Vec<(String, String)> =
        state.core.werkplaatsen().await?.into_iter().map(|w| (w.slug, w.name)).collect();
    let selected = |facet: &str, value: &str| pairs.iter().any(|(k, v)| k == facet && v == value);
    let facets = FACETS
        .iter()
        .filter_map(|name| {
            let values: &Vec<FacetCount> = results.facets.get(*name)?;
            if values.is_empty() {
                return None;
            }
            // Years read best newest first; the other facets come most frequent first.
            let mut values: Vec<&FacetCount> = values.iter().collect();
            if *name == "year" {
                values.sort_by(|a, b| b.value.cmp(&a.value));
            }
            Some(FacetView {
                name: (*name).into(),
                label: page.t(&format!("kb.facet.{name}")).into(),
                values: values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| FacetValue {
                        label: facet_value_label(&page, name, &v.value, &werkplaatsen),
                        checked: selected(name, &v.value),
                        value: v.value.clone(),
                        count: v.count,
                        id: format!("f-{name}-{i}"),
                    })
                    .collect(),
            })
        })
        .collect();
    let hits = results
        .hits
        .into_iter()
        .map(|h| HitView {
            what: format!(
                "{} · {}",
                type_label(&page, &h.doc_type),
                werkplaatsen.iter().find(|(s, _)| *s == h.werkplaats).map(|(_, n)| n.as_str()).unwrap_or(&h.werkplaats)
            ),
            href: h.url,
            title: h.title,
            snippet: h.snippet,
        })
        .collect();
    let link_to = |n: usize| {
        let mut qs: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| k != "page")
            .map(|(k, v)| format!("{}={}", encode_query(k), encode_query(v)))
            .collect();
        qs.push(format!("page={n}"));
        format!("/zoeken?{}", qs.join("&"))
    };
    let per_page = broedplaats_core::search::PER_PAGE as u64;
    let pages = results.total.div_ceil(per_page).min(broedplaats_core::search::MAX_PAGE as u64) as usize;
    Ok(render(&SearchTemplate {
        title: if q.is_empty() { page.t("kb.search.title").into() } else { page.f1("kb.search.title_q", "q", &q) },
        clear: pairs
            .iter()
            .any(|(k, v)| FACETS.contains(&k.as_str()) && !v.trim().is_empty())
            .then(|| if q.is_empty() { "/zoeken".to_owned() } else { format!("/zoeken?q={}", encode_query(&q)) }),
        total_text: if results.total == 1 {
            page.t("kb.search.total_one").into()
        } else {
            page.f1("kb.search.total", "n", results.total)
        },
        prev: (current_page > 1).then(|| link_to(current_page - 1)),
        next: (current_page < pages).then(|| link_to(current_page + 1)),
        q,
        hits,
        facets,
        by_date,
        page,
    }))
}

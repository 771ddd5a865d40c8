//! The knowledge product form (new and edit), drawn from fields as data (`kit::fields`).
use super::products::product_href;
use crate::AppState;
use crate::error::{ErrorPage, HtmlError};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::fields::Field;
use crate::html::kit::{FormData, FormTemplate, PageResult, redirect};
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::knowledge::{LANGUAGES, LICENCES, LinkInput, ProductInput, ProductView, Ref};
use broedplaats_domain::{FourO, ProductAudience, ProductKind, Visibility};
use broedplaats_store::Tenant;

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

pub(super) async fn new_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
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

pub(super) async fn create(
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

pub(super) async fn edit_form(
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

pub(super) async fn update(
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

//! Letters of intent (intentieovereenkomsten) of partner organisations, for members.
use super::common::{
    ListQuery, all_organisations, hours_text, is_manager, name_of, redirect, require_manager, require_member,
};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::fields::{Field, FormData, FormTemplate, confirm_delete, mark_required};
use crate::html::kit::{PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::organisation::{LetterInput, PersonView};
use broedplaats_store::Tenant;
use broedplaats_store::organisation::{LetterRow, OrganisationRow};

struct LetterListRow {
    id: i64,
    organisation: String,
    signed: String,
    representative: Option<String>,
    volume: Option<String>,
}

#[derive(Template)]
#[template(path = "organisation/letters.html")]
struct LettersTemplate {
    page: Page,
    title: &'static str,
    slug: String,
    tenant_name: String,
    rows: Vec<LetterListRow>,
    can_manage: bool,
    flash: Option<String>,
}

fn org_names(orgs: Vec<OrganisationRow>) -> Vec<(i64, String)> {
    orgs.into_iter().map(|o| (o.id, o.name)).collect()
}

fn people_names(people: Vec<PersonView>) -> Vec<(i64, String)> {
    people.into_iter().map(|p| (p.id, p.name)).collect()
}

pub(super) async fn letters(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_member(&page, &tenant)?;
    let letters = state.core.letters(page.actor.as_ref(), &tenant).await?;
    let orgs = org_names(all_organisations(&state, &tenant).await?);
    let people = people_names(state.core.people_full(page.actor.as_ref(), &tenant).await?);
    let mut rows: Vec<LetterListRow> = letters
        .into_iter()
        .map(|l| LetterListRow {
            id: l.id,
            organisation: name_of(&orgs, l.organisation_id).unwrap_or_default().to_owned(),
            signed: page.date(&l.signed_on),
            representative: l.representative_id.and_then(|r| name_of(&people, r)).map(str::to_owned),
            volume: l.estimated_hours.map(|h| hours_text(&page, h)),
        })
        .collect();
    rows.sort_by_key(|r| r.organisation.to_lowercase());
    Ok(render(&LettersTemplate {
        title: page.t("org.letters.title"),
        can_manage: is_manager(&page, &tenant),
        flash: q.flash(&page, "letter"),
        slug: tenant.slug,
        tenant_name: tenant.name,
        rows,
        page,
    }))
}

#[derive(Template)]
#[template(path = "organisation/letter.html")]
struct LetterTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    letter: LetterRow,
    organisation: String,
    signed: String,
    representative: Option<String>,
    volume: Option<String>,
    can_manage: bool,
    flash: Option<String>,
}

pub(super) async fn letter(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_member(&page, &tenant)?;
    let letter = state.core.letter(page.actor.as_ref(), &tenant, id).await?;
    let organisation = state.core.organisation(&tenant, letter.organisation_id).await?.name;
    let representative = match letter.representative_id {
        Some(r) => match state.core.person(page.actor.as_ref(), &tenant, r).await {
            Ok(p) => Some(p.name),
            Err(CoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    Ok(render(&LetterTemplate {
        title: page.f1("org.letter.title", "organisation", &organisation),
        signed: page.date(&letter.signed_on),
        volume: letter.estimated_hours.map(|h| hours_text(&page, h)),
        can_manage: is_manager(&page, &tenant),
        flash: q.flash(&page, "letter"),
        slug: tenant.slug,
        tenant_name: tenant.name,
        letter,
        organisation,
        representative,
        page,
    }))
}

fn letter_data(l: &LetterRow) -> FormData {
    let mut d = FormData::default();
    d.set("organisation_id", l.organisation_id.to_string());
    d.set("signed_on", &l.signed_on);
    d.set("representative_id", l.representative_id.map(|r| r.to_string()).unwrap_or_default());
    d.set("estimated_hours", l.estimated_hours.map(|h| h.to_string()).unwrap_or_default());
    d.set("estimated_note", l.estimated_note.clone().unwrap_or_default());
    d
}

fn letter_fields(page: &Page, d: &FormData, orgs: &[(i64, String)], people: &[(i64, String)]) -> Vec<Field> {
    let orgs = orgs.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let people = people.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    vec![
        Field::new(page, "organisation_id", "select", d).required().choices(Some(page.t("org.form.choose")), orgs),
        Field::new(page, "signed_on", "date", d).required().hint(page, "org.hint.signed_on"),
        Field::new(page, "representative_id", "select", d)
            .hint(page, "org.hint.representative")
            .choices(Some(page.t("org.form.nobody")), people),
        Field::new(page, "estimated_hours", "text", d).max(10).inputmode("numeric").hint(page, "org.hint.hours"),
        Field::new(page, "estimated_note", "textarea", d).max(2000).hint(page, "org.hint.estimated_note"),
    ]
}

fn letter_input(d: &FormData) -> LetterInput {
    // Empty or unreadable ids and numbers become values the use case refuses (no such row,
    // negative hours), so every problem of the form is reported at once.
    let id = |name: &str| d.opt(name).map(|v| v.trim().parse::<i64>().unwrap_or(0));
    LetterInput {
        organisation_id: id("organisation_id").unwrap_or(0),
        signed_on: d.get("signed_on").to_owned(),
        representative_id: id("representative_id"),
        estimated_hours: d.opt("estimated_hours").map(|v| v.trim().parse::<i64>().unwrap_or(-1)),
        estimated_note: d.opt("estimated_note"),
    }
}

fn letters_base(tenant: &Tenant) -> String {
    format!("/werkplaatsen/{}/intentieovereenkomsten", tenant.slug)
}

async fn letter_choices(
    state: &AppState,
    page: &Page,
    tenant: &Tenant,
) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>), CoreError> {
    let orgs = org_names(all_organisations(state, tenant).await?);
    let people = people_names(state.core.people_full(page.actor.as_ref(), tenant).await?);
    Ok((orgs, people))
}

pub(super) async fn new_letter_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let (orgs, people) = letter_choices(&state, &page, &tenant).await?;
    let mut d = FormData::default();
    if let Some(o) = q.organisatie.as_deref().and_then(|o| o.parse::<i64>().ok()) {
        d.set("organisation_id", o.to_string());
    }
    let fields = letter_fields(&page, &d, &orgs, &people);
    let title = page.t("org.letter_form.new").to_owned();
    FormTemplate::new(page, &tenant, title, letters_base(&tenant), letters_base(&tenant), fields).ok()
}

pub(super) async fn create_letter(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    match state.core.save_letter(page.actor.as_ref(), &tenant, None, &letter_input(&d)).await {
        Ok(l) => redirect(&format!("{}/{}?opgeslagen=1", letters_base(&tenant), l.id)),
        Err(CoreError::Invalid(mut errors)) => {
            mark_required(&mut errors, &d, &["organisation_id", "signed_on"]);
            let (orgs, people) = letter_choices(&state, &page, &tenant).await?;
            let fields = letter_fields(&page, &d, &orgs, &people);
            let title = page.t("org.letter_form.new").to_owned();
            FormTemplate::new(page, &tenant, title, letters_base(&tenant), letters_base(&tenant), fields)
                .refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn edit_letter_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let l = state.core.letter(page.actor.as_ref(), &tenant, id).await?;
    let (orgs, people) = letter_choices(&state, &page, &tenant).await?;
    let title = page.f1("org.letter_form.edit", "organisation", name_of(&orgs, l.organisation_id).unwrap_or_default());
    let fields = letter_fields(&page, &letter_data(&l), &orgs, &people);
    let base = format!("{}/{id}", letters_base(&tenant));
    FormTemplate::new(page, &tenant, title, base.clone(), base, fields).ok()
}

pub(super) async fn update_letter(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(form): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let d = FormData(form);
    let base = format!("{}/{id}", letters_base(&tenant));
    match state.core.save_letter(page.actor.as_ref(), &tenant, Some(id), &letter_input(&d)).await {
        Ok(_) => redirect(&format!("{base}?opgeslagen=1")),
        Err(CoreError::Invalid(mut errors)) => {
            mark_required(&mut errors, &d, &["organisation_id", "signed_on"]);
            let l = state.core.letter(page.actor.as_ref(), &tenant, id).await?;
            let (orgs, people) = letter_choices(&state, &page, &tenant).await?;
            let title =
                page.f1("org.letter_form.edit", "organisation", name_of(&orgs, l.organisation_id).unwrap_or_default());
            let fields = letter_fields(&page, &d, &orgs, &people);
            FormTemplate::new(page, &tenant, title, base.clone(), base, fields).refused(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn delete_letter_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require_manager(&page, &tenant)?;
    let l = state.core.letter(page.actor.as_ref(), &tenant, id).await?;
    let organisation = state.core.organisation(&tenant, l.organisation_id).await?.name;
    let title = page.f1("org.letter_delete.title", "organisation", &organisation);
    let base = format!("{}/{id}", letters_base(&tenant));
    confirm_delete(page, &tenant, title, "org.letter_delete.warning", &base)
}

pub(super) async fn delete_letter(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_letter(page.actor.as_ref(), &tenant, id).await?;
    redirect(&format!("{}?verwijderd=1", letters_base(&tenant)))
}

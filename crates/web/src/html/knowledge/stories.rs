//! Stories (verhalen) of a werkplaats: the list, a story, the form to record or edit one with
//! the narrator's consent, and the withdrawal of consent.
//!
//! Who may read what (internal or published, the narrator's name) is decided in
//! `core::stories`; handlers check early only where a form would otherwise be shown to someone
//! who cannot send it.
use crate::AppState;
use crate::error::{HtmlError, field_message};
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{
    Check, FormErrors, Link, PageResult, Pairs, RelatedLine, paragraphs, redirect, related_lines, render, require,
    unprocessable,
};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use broedplaats_core::CoreError;
use broedplaats_core::knowledge::Ref;
use broedplaats_core::knowledge::{StoryInput, StoryView};
use broedplaats_domain::{ConsentUse, FieldErrors, NarratorRole, SocialQualityFactor};
use broedplaats_store::Tenant;
use serde::Deserialize;

// ---- shared --------------------------------------------------------------------------------------

/// `?opgeslagen=1` after a redirect.
#[derive(Deserialize, Default)]
pub(super) struct Flash {
    opgeslagen: Option<String>,
}

impl Flash {
    fn of(q: Result<Query<Flash>, QueryRejection>) -> Option<&'static str> {
        let f = q.map(|Query(f)| f).unwrap_or_default();
        f.opgeslagen.is_some().then_some("story.flash.saved")
    }
}

fn label(page: &Page, prefix: &str, codes: &[&str], code: &str) -> String {
    if codes.contains(&code) { page.t(&format!("{prefix}.{code}")).into() } else { code.into() }
}

fn role_label(page: &Page, code: &str) -> String {
    label(page, "story.role", NarratorRole::CODES, code)
}

fn factor_label(page: &Page, code: &str) -> String {
    label(page, "story.factor", SocialQualityFactor::CODES, code)
}

fn consent_label(page: &Page, code: &str) -> String {
    label(page, "story.consent", ConsentUse::CODES, code)
}

/// The narrator as this viewer may see them: their name, or "Anoniem (mantelzorger)".
fn narrator(page: &Page, v: &StoryView) -> String {
    match &v.narrator_name {
        Some(name) => name.clone(),
        None => page.f1("story.anonymous", "role", role_label(page, &v.narrator_role).to_lowercase()),
    }
}

/// A stored UTC moment (`2025-03-01T23:30:00Z`) as its date in Amsterdam, written out.
fn local_date(page: &Page, stored: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(stored) {
        Ok(t) => page.date(&t.with_timezone(&chrono_tz::Europe::Amsterdam).format("%Y-%m-%d").to_string()),
        Err(_) => page.date(stored),
    }
}

fn base_url(tenant: &Tenant) -> String {
    format!("/werkplaatsen/{}/verhalen", tenant.slug)
}

fn is_member(page: &Page, tenant: &Tenant) -> bool {
    page.actor.as_ref().is_some_and(|a| a.is_member(&tenant.slug))
}

// ---- list ----------------------------------------------------------------------------------------

struct StoryLine {
    href: String,
    title: String,
    role: String,
    themes: Vec<String>,
    withdrawn: bool,
    internal: bool,
}

#[derive(Template)]
#[template(path = "knowledge/stories.html")]
struct ListTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    can_create: bool,
    items: Vec<StoryLine>,
}

pub(super) async fn list(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let items = state
        .core
        .stories(page.actor.as_ref(), &tenant)
        .await?
        .into_iter()
        .map(|v| StoryLine {
            href: v.url.clone(),
            role: role_label(&page, &v.narrator_role),
            themes: v.themes.iter().map(|t| t.name.clone()).collect(),
            withdrawn: v.withdrawn,
            internal: v.consent.as_ref().is_some_and(|c| c.consent_use == ConsentUse::Internal.code()),
            title: v.title,
        })
        .collect();
    Ok(render(&ListTemplate {
        title: page.t("story.list.title").into(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        can_create: is_member(&page, &tenant),
        items,
        page,
    }))
}

// ---- one story -----------------------------------------------------------------------------------

/// The consent record in words, for who manages the story.
struct ConsentShown {
    given_by: String,
    given_on: String,
    consent_use: String,
    recorded_by: String,
    show_name: bool,
    withdrawn_at: Option<String>,
    withdrawn_by: Option<String>,
}

#[derive(Template)]
#[template(path = "knowledge/story.html")]
struct StoryTemplate {
    page: Page,
    related: Vec<RelatedLine>,
    title: String,
    slug: String,
    tenant_name: String,
    flash: Option<&'static str>,
    v: StoryView,
    narrator: String,
    role: String,
    recorded_on: String,
    text: Vec<String>,
    social_quality: Vec<String>,
    factors: Vec<String>,
    themes: Vec<String>,
    kwesties: Vec<Link>,
    consent: Option<ConsentShown>,
    withdrawn_on: Option<String>,
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    q: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let v = state.core.story(page.actor.as_ref(), &tenant, id).await?;
    let consent = v.consent.as_ref().map(|c| ConsentShown {
        given_by: c.given_by.clone(),
        given_on: page.date(&c.given_on),
        consent_use: consent_label(&page, &c.consent_use),
        recorded_by: c.recorded_by.clone(),
        show_name: c.show_name,
        withdrawn_at: c.withdrawn_at.as_deref().map(|w| local_date(&page, w)),
        withdrawn_by: c.withdrawn_by.clone(),
    });
    let withdrawn_on = consent.as_ref().and_then(|c| c.withdrawn_at.clone()).filter(|_| v.withdrawn);
    let related = related_lines(&state, &page, "story", id).await?;
    Ok(render(&StoryTemplate {
        related,
        title: v.title.clone(),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        flash: Flash::of(q),
        narrator: narrator(&page, &v),
        role: role_label(&page, &v.narrator_role),
        recorded_on: local_date(&page, &v.created_at),
        text: paragraphs(&v.text),
        social_quality: paragraphs(&v.social_quality),
        factors: v.factors.iter().map(|f| factor_label(&page, f)).collect(),
        themes: v.themes.iter().map(|t| t.name.clone()).collect(),
        kwesties: v
            .kwesties
            .iter()
            .map(|k| Link { href: format!("/kwesties/{}", k.id), label: k.name.clone() })
            .collect(),
        consent,
        withdrawn_on,
        v,
        page,
    }))
}

// ---- the form ------------------------------------------------------------------------------------

/// The story form as typed.
#[derive(Default)]
struct StoryForm {
    title: String,
    narrator_role: String,
    narrator_name: String,
    text: String,
    social_quality: String,
    factors: Vec<String>,
    /// Theme ids as sent.
    themes: Vec<String>,
    /// Kwestie labels, comma-separated.
    kwesties: String,
    consent_use: String,
    consent_given_by: String,
    consent_on: String,
    show_name: bool,
}

impl StoryForm {
    fn from_pairs(p: &Pairs) -> Self {
        StoryForm {
            title: p.one("title"),
            narrator_role: p.one("narrator_role"),
            narrator_name: p.one("narrator_name"),
            text: p.one("text"),
            social_quality: p.one("social_quality"),
            factors: p.all("factors"),
            themes: p.all("themes"),
            kwesties: p.one("kwesties"),
            consent_use: p.one("consent_use"),
            consent_given_by: p.one("consent_given_by"),
            consent_on: p.one("consent_on"),
            show_name: !p.one("show_name").is_empty(),
        }
    }

    fn of(v: &StoryView) -> Self {
        let consent = v.consent.as_ref();
        StoryForm {
            title: v.title.clone(),
            narrator_role: v.narrator_role.clone(),
            narrator_name: v.narrator_name.clone().unwrap_or_default(),
            text: v.text.clone(),
            social_quality: v.social_quality.clone(),
            factors: v.factors.clone(),
            themes: v.themes.iter().map(|t| t.id.to_string()).collect(),
            kwesties: v.kwesties.iter().map(|k| k.name.as_str()).collect::<Vec<_>>().join(", "),
            consent_use: consent.map(|c| c.consent_use.clone()).unwrap_or_default(),
            consent_given_by: consent.map(|c| c.given_by.clone()).unwrap_or_default(),
            consent_on: consent.map(|c| c.given_on.clone()).unwrap_or_default(),
            show_name: consent.is_some_and(|c| c.show_name),
        }
    }

    fn input(&self) -> StoryInput {
        StoryInput {
            title: self.title.clone(),
            narrator_role: self.narrator_role.clone(),
            narrator_name: Some(self.narrator_name.clone()),
            show_name: self.show_name,
            text: self.text.clone(),
            social_quality: Some(self.social_quality.clone()),
            factors: self.factors.clone(),
            // Something that is not a number is an id that exists nowhere: the use case
            // reports it with the other problems.
            themes: self.themes.iter().map(|t| Ref::Id(t.parse().unwrap_or(-1))).collect(),
            kwesties: self.kwesties.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned).collect(),
            consent_use: self.consent_use.clone(),
            consent_given_by: self.consent_given_by.clone(),
            consent_on: Some(self.consent_on.clone()),
        }
    }
}

/// Where the error summary links to: the first box of a group, else the field itself.
fn anchor_of(field: &str) -> String {
    match field {
        "narrator_role" | "factors" | "themes" | "consent_use" => format!("{field}-0"),
        f => f.to_owned(),
    }
}

fn shown_errors(page: &Page, errors: &FieldErrors) -> FormErrors {
    let mut out = FormErrors::default();
    for e in &errors.0 {
        let name = page.t(&format!("story.field.{}", e.field));
        let name = if name == "??" { e.field.clone() } else { name.to_owned() };
        out.push(&e.field, anchor_of(&e.field), name, field_message(&page.tr, &e.kind));
    }
    out
}

#[derive(Template)]
#[template(path = "knowledge/story_form.html")]
struct FormTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
    errors: FormErrors,
    form: StoryForm,
    roles: Vec<Check>,
    factors: Vec<Check>,
    themes: Vec<Check>,
    uses: Vec<Check>,
}

fn checks(codes: &[&str], selected: &[String], label: impl Fn(&str) -> String) -> Vec<Check> {
    codes
        .iter()
        .map(|c| Check {
            value: (*c).into(),
            label: label(c),
            checked: selected.iter().any(|s| s == c),
            extras: vec![],
        })
        .collect()
}

async fn story_form(
    state: &AppState,
    page: Page,
    tenant: &Tenant,
    edit: Option<(i64, &str)>,
    form: StoryForm,
    errors: FormErrors,
) -> Result<FormTemplate, HtmlError> {
    let themes = state
        .core
        .current_themes(tenant)
        .await?
        .into_iter()
        .map(|t| {
            let value = t.id.to_string();
            Check { checked: form.themes.contains(&value), value, label: t.name, extras: vec![] }
        })
        .collect();
    let roles = checks(NarratorRole::CODES, std::slice::from_ref(&form.narrator_role), |c| role_label(&page, c));
    let factors = checks(SocialQualityFactor::CODES, &form.factors, |c| factor_label(&page, c));
    let uses = checks(ConsentUse::CODES, std::slice::from_ref(&form.consent_use), |c| consent_label(&page, c));
    let base = base_url(tenant);
    let (title, action, cancel) = match edit {
        None => (page.t("story.form.new").to_owned(), base.clone(), base),
        Some((id, title)) => {
            (page.f1("story.form.edit", "title", title), format!("{base}/{id}"), format!("{base}/{id}"))
        }
    };
    Ok(FormTemplate {
        title,
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        action,
        cancel,
        errors,
        form,
        roles,
        factors,
        themes,
        uses,
        page,
    })
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    require(&page, is_member(&page, &tenant))?;
    let t = story_form(&state, page, &tenant, None, StoryForm::default(), FormErrors::default()).await?;
    Ok(render(&t))
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let v = state.core.story(page.actor.as_ref(), &tenant, id).await?;
    require(&page, v.may_edit)?;
    let t = story_form(&state, page, &tenant, Some((id, &v.title)), StoryForm::of(&v), FormErrors::default()).await?;
    Ok(render(&t))
}

async fn save(state: AppState, page: Page, slug: String, id: Option<i64>, pairs: Vec<(String, String)>) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let actor = page.actor.as_ref();
    let form = StoryForm::from_pairs(&Pairs(pairs));
    let saved = match id {
        None => state.core.create_story(actor, &tenant, &form.input()).await,
        Some(id) => state.core.update_story(actor, &tenant, id, &form.input()).await.map(|()| id),
    };
    match saved {
        Ok(id) => Ok(redirect(&format!("{}/{id}?opgeslagen=1", base_url(&tenant)))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e);
            let title = form.title.clone();
            let t = story_form(&state, page, &tenant, id.map(|id| (id, title.as_str())), form, errors).await?;
            Ok(unprocessable(&t))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save(state, page, slug, None, pairs).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save(state, page, slug, Some(id), pairs).await
}

// ---- withdrawal of consent -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "knowledge/story_withdraw.html")]
struct WithdrawTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    action: String,
    cancel: String,
}

pub(super) async fn withdraw_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    let v = state.core.story(page.actor.as_ref(), &tenant, id).await?;
    if v.withdrawn {
        return Ok(redirect(&v.url));
    }
    require(&page, v.may_edit)?;
    Ok(render(&WithdrawTemplate {
        title: page.f1("story.withdraw.title", "title", &v.title),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        action: format!("{}/intrekken", v.url),
        cancel: v.url,
        page,
    }))
}

pub(super) async fn withdraw(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let tenant = state.core.tenant(&slug).await?;
    state.core.withdraw_story_consent(page.actor.as_ref(), &tenant, id).await?;
    Ok(redirect(&format!("{}/{id}", base_url(&tenant))))
}

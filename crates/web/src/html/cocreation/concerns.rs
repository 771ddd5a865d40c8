//! Cross-cutting concerns ("dwarsverbanden", such as vertrouwen) with the pitches they came from;
//! the coordinator adds and changes them until the adoption.
use super::{Flash, Head, Proc, Tab, flash_to, ids, key_of, refused, shown_errors};
use crate::AppState;
use crate::error::HtmlError;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{Check, FormErrors, Link, PageResult, Pairs, paragraphs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::cocreation::{ConcernInput, PitchView};
use broedplaats_domain::{FieldErrors, Phase};

/// A concern form: new (`concern`) or one concern's (`concern-{id}`), as typed or as saved.
pub(super) struct ConcernForm {
    form: String,
    action: String,
    title: String,
    description: String,
    checks: Vec<Check>,
    errors: [Option<String>; 3],
    open: bool,
}

pub(super) struct ConcernShown {
    id: i64,
    title: String,
    description: Vec<String>,
    pitches: Vec<Link>,
    form: ConcernForm,
}

#[derive(Template)]
#[template(path = "cocreation/concerns.html")]
struct ConcernsTemplate {
    page: Page,
    title: String,
    head: Head,
    errors: FormErrors,
    concerns: Vec<ConcernShown>,
    manager: bool,
    new: ConcernForm,
}

/// What a refused form sent: which concern (`None` for a new one) and its fields.
struct Typed {
    concern: Option<i64>,
    title: String,
    description: String,
    ids: Vec<i64>,
}

fn form(
    form: String,
    action: String,
    (title, description, checked): (String, String, &[i64]),
    pitches: &[PitchView],
    errors: &FormErrors,
    open: bool,
) -> ConcernForm {
    let err = |f: &str| errors.get(&key_of(&form, f)).map(str::to_owned);
    ConcernForm {
        errors: [err("title"), err("description"), err("pitch_ids")],
        checks: pitches
            .iter()
            .map(|p| Check {
                value: p.id.to_string(),
                label: p.title.clone(),
                checked: checked.contains(&p.id),
                extras: vec![],
            })
            .collect(),
        form,
        action,
        title,
        description,
        open,
    }
}

async fn concerns_page(
    state: &AppState,
    page: Page,
    proc: &Proc,
    typed: Option<Typed>,
    errors: FormErrors,
    flash: Option<String>,
) -> Result<ConcernsTemplate, HtmlError> {
    let actor = page.actor.as_ref();
    let id = proc.view.id;
    let pitches = state.core.pitches(actor, &proc.tenant, id).await?;
    let concerns = state.core.concerns(actor, &proc.tenant, id).await?;
    let base = proc.base();
    let shown = concerns
        .iter()
        .map(|c| {
            let mine = typed.as_ref().filter(|t| t.concern == Some(c.id));
            let values = match mine {
                Some(t) => (t.title.clone(), t.description.clone(), t.ids.as_slice()),
                None => (c.title.clone(), c.description.clone(), c.pitch_ids.as_slice()),
            };
            ConcernShown {
                id: c.id,
                title: c.title.clone(),
                description: paragraphs(&c.description),
                pitches: c
                    .pitch_ids
                    .iter()
                    .filter_map(|p| pitches.iter().find(|x| x.id == *p))
                    .map(|p| Link { href: format!("{base}/pitches/{}", p.id), label: p.title.clone() })
                    .collect(),
                form: form(
                    format!("concern-{}", c.id),
                    format!("{base}/dwarsverbanden/{}", c.id),
                    values,
                    &pitches,
                    &errors,
                    mine.is_some(),
                ),
            }
        })
        .collect();
    let fresh = typed.as_ref().filter(|t| t.concern.is_none());
    let values = match fresh {
        Some(t) => (t.title.clone(), t.description.clone(), t.ids.as_slice()),
        None => (String::new(), String::new(), &[][..]),
    };
    let new = form("concern".into(), format!("{base}/dwarsverbanden"), values, &pitches, &errors, true);
    let title = page.t("cc.concerns.title").to_owned();
    Ok(ConcernsTemplate {
        head: proc.head(&page, Tab::Concerns, title.clone(), flash),
        title: format!("{title} · {}", proc.view.title),
        errors,
        concerns: shown,
        manager: proc.manager() && proc.phase() != Phase::Adopted,
        new,
        page,
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let flash = flash.message(&page);
    Ok(render(&concerns_page(&state, page, &proc, None, FormErrors::default(), flash).await?))
}

async fn save(state: AppState, page: Page, slug: String, id: i64, concern: Option<i64>, p: Pairs) -> PageResult {
    let proc = Proc::load(&state, &page, &slug, id).await?;
    let mut e = FieldErrors::new();
    let pitch_ids = ids(&p, "pitch_ids", &mut e);
    let typed = Typed { concern, title: p.one("title"), description: p.one("description"), ids: pitch_ids };
    let input = ConcernInput {
        title: typed.title.clone(),
        description: Some(typed.description.clone()),
        pitch_ids: typed.ids.clone(),
    };
    let result = if !e.0.is_empty() {
        broedplaats_core::kernel::actor::require_agenda_editor(page.actor.as_ref(), &proc.tenant)?;
        Err(Ok(e))
    } else {
        match concern {
            Some(kid) => {
                state.core.update_concern(page.actor.as_ref(), &proc.tenant, id, kid, &input).await.map(|()| kid)
            }
            None => state.core.create_concern(page.actor.as_ref(), &proc.tenant, id, &input).await,
        }
        .map_err(refused)
    };
    match result {
        Ok(kid) => Ok(redirect(&format!(
            "{}#concern-{kid}",
            flash_to(&format!("{}/dwarsverbanden", proc.base()), "concern_saved", None)
        ))),
        Err(e) => {
            let form = concern.map(|k| format!("concern-{k}")).unwrap_or_else(|| "concern".into());
            let fields = ["title", "description"];
            let shown = shown_errors(&page, &e?, &form, &fields, &["pitch_ids"], &format!("{form}-title"));
            Ok(unprocessable(&concerns_page(&state, page, &proc, Some(typed), shown, None).await?))
        }
    }
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save(state, page, slug, id, None, Pairs(pairs)).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id, kid)): HtmlPath<(String, i64, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    save(state, page, slug, id, Some(kid), Pairs(pairs)).await
}

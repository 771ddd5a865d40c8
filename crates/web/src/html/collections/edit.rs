//! Building and changing a collection without JavaScript: every button posts the whole form;
//! `action` says what to do — `save`, `add` (from the werkplaats's list or by type and id),
//! `up-N`, `down-N`, `remove-N` — and all but `save` show the form again with the change.
//! Deleting asks for confirmation first.
use super::{shown_errors, type_label};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, Opt, PageResult, Pairs, delete_page_at, redirect, render, require, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::collections::{CollectionInput, ItemInput};
use broedplaats_domain::{CollectionItemType, FieldErrors};

/// An item row of the form.
pub(super) struct Row {
    item_type: String,
    id: String,
    note: String,
    title: String,
    href: String,
    kind: &'static str,
}

/// The form as sent or as first shown.
#[derive(Default)]
pub(super) struct FormState {
    title: String,
    description: String,
    visibility: String,
    programme: String,
    werkplaats: String,
    items: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "collections/edit.html")]
struct EditTemplate {
    page: Page,
    title: String,
    action: String,
    cancel: String,
    f: FormState,
    rows: Vec<Row>,
    werkplaatsen: Vec<Opt>,
    choices: Vec<Opt>,
    types: Vec<Opt>,
    errors: FormErrors,
}

fn state_of(p: &Pairs) -> FormState {
    let types = p.all("item_type");
    let ids = p.all("item_id");
    let notes: Vec<String> = p.0.iter().filter(|(k, _)| k == "note").map(|(_, v)| v.clone()).collect();
    FormState {
        title: p.one("title"),
        description: p.one("description"),
        visibility: p.one("visibility"),
        programme: p.one("programme"),
        werkplaats: p.one("werkplaats"),
        items: types
            .into_iter()
            .zip(ids)
            .enumerate()
            .map(|(i, (t, id))| (t, id, notes.get(i).cloned().unwrap_or_default()))
            .collect(),
    }
}

fn input_of(f: &FormState) -> CollectionInput {
    CollectionInput {
        title: f.title.clone(),
        description: Some(f.description.clone()),
        visibility: f.visibility.clone(),
        programme: Some(f.programme.clone()),
        werkplaats: Some(f.werkplaats.clone()).filter(|w| !w.is_empty()),
        items: f
            .items
            .iter()
            .map(|(t, id, note)| ItemInput {
                item_type: t.clone(),
                id: id.trim().parse().unwrap_or(0),
                note: Some(note.clone()),
            })
            .collect(),
    }
}

/// The form page for a new collection (`id` None) or collection `id`.
async fn template(
    state: &AppState,
    page: Page,
    id: Option<i64>,
    f: FormState,
    errors: FormErrors,
) -> Result<EditTemplate, crate::HtmlError> {
    let actor = page.actor.as_ref();
    let mut rows = Vec::new();
    for (t, raw_id, note) in &f.items {
        let item = match raw_id.trim().parse::<i64>() {
            Ok(n) => state.core.readable_item(actor, t, n).await?,
            Err(_) => None,
        };
        let (title, href) = match item {
            Some(v) => (v.title, v.url),
            None => (format!("{} {raw_id}", type_label(&page, t)), String::new()),
        };
        rows.push(Row {
            kind: type_label(&page, t),
            item_type: t.clone(),
            id: raw_id.clone(),
            note: note.clone(),
            title,
            href,
        });
    }
    let mine = state.core.collection_werkplaatsen(actor);
    let home = match id {
        Some(id) => Some(state.core.collection(actor, id).await?.werkplaats),
        None if !f.werkplaats.is_empty() && mine.contains(&f.werkplaats) => Some(f.werkplaats.clone()),
        None => mine.first().cloned(),
    };
    let werkplaatsen = if id.is_none() && mine.len() > 1 {
        mine.iter().map(|w| Opt { value: w.clone(), label: w.clone(), selected: f.werkplaats == *w }).collect()
    } else {
        Vec::new()
    };
    let mut choices = Vec::new();
    if let Some(slug) = home {
        let tenant = state.core.tenant(&slug).await?;
        for (t, n, title) in state.core.collection_choices(actor, &tenant).await? {
            if !f.items.iter().any(|(it, iid, _)| *it == t && iid.trim() == n.to_string()) {
                choices.push(Opt {
                    value: format!("{t}:{n}"),
                    label: format!("{}: {title}", type_label(&page, &t)),
                    selected: false,
                });
            }
        }
    }
    let types = CollectionItemType::ALL
        .iter()
        .map(|t| Opt { value: t.code().into(), label: type_label(&page, t.code()).into(), selected: false })
        .collect();
    let (title, action, cancel) = match id {
        None => (page.t("coll.new.title").to_owned(), "/collecties/nieuw".to_owned(), "/collecties".to_owned()),
        Some(id) => {
            (page.t("coll.edit.title").to_owned(), format!("/collecties/{id}/bewerken"), format!("/collecties/{id}"))
        }
    };
    Ok(EditTemplate { page, title, action, cancel, f, rows, werkplaatsen, choices, types, errors })
}

/// Applies a button other than `save` to the form; `Err` holds the error of an item that could
/// not be added.
async fn apply(state: &AppState, page: &Page, p: &Pairs, f: &mut FormState) -> Result<FormErrors, crate::HtmlError> {
    let action = p.one("action");
    let index = |prefix: &str| action.strip_prefix(prefix).and_then(|n| n.parse::<usize>().ok());
    let mut errors = FormErrors::default();
    if let Some(i) = index("up-").filter(|i| *i > 0 && *i < f.items.len()) {
        f.items.swap(i, i - 1);
    } else if let Some(i) = index("down-").filter(|i| i + 1 < f.items.len()) {
        f.items.swap(i, i + 1);
    } else if let Some(i) = index("remove-").filter(|i| *i < f.items.len()) {
        f.items.remove(i);
    } else if action == "add" {
        let choice = p.one("add_choice");
        let (t, raw) = match choice.split_once(':') {
            Some((t, id)) => (t.to_owned(), id.to_owned()),
            None => (p.one("add_type"), p.one("add_id")),
        };
        let found = match raw.trim().parse::<i64>() {
            Ok(n) => state.core.readable_item(page.actor.as_ref(), &t, n).await?,
            Err(_) => None,
        };
        if found.is_some() && !f.items.iter().any(|(it, id, _)| *it == t && id.trim() == raw.trim()) {
            f.items.push((t, raw.trim().to_owned(), String::new()));
        } else {
            let msg = if found.is_some() { "coll.item.duplicate" } else { "coll.item.unavailable" };
            errors.push("add", "add_id".into(), page.t("coll.add.title").into(), page.t(msg).into());
        }
    }
    Ok(errors)
}

/// Handles a post of the form: a button, or saving (a new collection when `id` is `None`).
async fn post(state: &AppState, page: Page, id: Option<i64>, p: Pairs) -> PageResult {
    let mut f = state_of(&p);
    let action = p.one("action");
    if !action.is_empty() && action != "save" {
        let errors = apply(state, &page, &p, &mut f).await?;
        let failed = !errors.is_empty();
        let t = template(state, page, id, f, errors).await?;
        return Ok(if failed { unprocessable(&t) } else { render(&t) });
    }
    let input = input_of(&f);
    let actor = page.actor.as_ref();
    let saved = match id {
        None => state.core.create_collection(actor, &input).await,
        Some(id) => state.core.update_collection(actor, id, &input).await,
    };
    match saved.map(|c| c.id) {
        Ok(id) => Ok(redirect(&format!("/collecties/{id}?opgeslagen=1"))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown(&page, &e, &f);
            Ok(unprocessable(&template(state, page, id, f, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

fn shown(page: &Page, e: &FieldErrors, f: &FormState) -> FormErrors {
    let items: Vec<(String, String)> = f.items.iter().map(|(t, id, _)| (t.clone(), id.clone())).collect();
    shown_errors(page, e, &items)
}

pub(super) async fn new_form(State(state): State<AppState>, page: Page) -> PageResult {
    require(&page, !state.core.collection_werkplaatsen(page.actor.as_ref()).is_empty())?;
    let f = FormState { visibility: "public".into(), ..FormState::default() };
    Ok(render(&template(&state, page, None, f, FormErrors::default()).await?))
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    form: Result<HtmlForm<Vec<(String, String)>>, crate::HtmlError>,
) -> PageResult {
    require(&page, !state.core.collection_werkplaatsen(page.actor.as_ref()).is_empty())?;
    let HtmlForm(pairs) = form?;
    post(&state, page, None, Pairs(pairs)).await
}

pub(super) async fn edit_form(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    state.core.require_collection_editor(page.actor.as_ref(), id).await?;
    let c = state.core.collection(page.actor.as_ref(), id).await?;
    let f = FormState {
        title: c.title,
        description: c.description,
        visibility: c.visibility,
        programme: c.programme,
        werkplaats: c.werkplaats,
        items: c.items.into_iter().map(|i| (i.item_type, i.id.to_string(), i.note)).collect(),
    };
    Ok(render(&template(&state, page, Some(id), f, FormErrors::default()).await?))
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(id): HtmlPath<i64>,
    form: Result<HtmlForm<Vec<(String, String)>>, crate::HtmlError>,
) -> PageResult {
    state.core.require_collection_editor(page.actor.as_ref(), id).await?;
    let HtmlForm(pairs) = form?;
    post(&state, page, Some(id), Pairs(pairs)).await
}

pub(super) async fn confirm_delete(
    State(state): State<AppState>,
    page: Page,
    HtmlPath(id): HtmlPath<i64>,
) -> PageResult {
    state.core.require_collection_editor(page.actor.as_ref(), id).await?;
    let c = state.core.collection(page.actor.as_ref(), id).await?;
    let tenant = state.core.tenant(&c.werkplaats).await?;
    let action = format!("/collecties/{id}/verwijderen");
    Ok(delete_page_at(page, &tenant, c.title, "coll.delete.warning", action, format!("/collecties/{id}")))
}

pub(super) async fn delete(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    state.core.delete_collection(page.actor.as_ref(), id).await?;
    Ok(redirect("/collecties?verwijderd=1"))
}

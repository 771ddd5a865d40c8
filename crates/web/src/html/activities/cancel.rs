//! Cancelling an activity (or the rest of its series), for organisers: a reason, then "are you
//! sure?"; everyone registered or waiting gets an email.
use super::common::{Radio, organised, radios, shown_errors};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::activity_lines::{activity_href, when};
use crate::html::kit::{Ctx, FormErrors, PageResult, Pairs, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::activities::{ActivityView, Scope};

#[derive(Template)]
#[template(path = "activities/cancel.html")]
struct CancelTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    activity_title: String,
    activity_href: String,
    when: String,
    /// people registered or waiting, who get an email
    affected: i64,
    reason: String,
    scopes: Option<Vec<Radio>>,
    scope_label: String,
    /// The second step: everything filled in, asking "are you sure?".
    confirming: bool,
    errors: FormErrors,
}

impl CancelTemplate {
    fn new(page: Page, ctx: &Ctx, v: &ActivityView, reason: String, scope: &str, errors: FormErrors) -> Self {
        let scope = if v.series_id.is_some() && scope == "series" { "series" } else { "occurrence" };
        CancelTemplate {
            title: page.f1("act.cancel.title", "title", &v.title),
            slug: ctx.slug().to_owned(),
            tenant_name: ctx.tenant.name.clone(),
            activity_title: v.title.clone(),
            activity_href: activity_href(ctx.slug(), v.id),
            when: when(&page, v.starts(), v.ends()),
            affected: v.registered + v.waitlisted,
            reason,
            scopes: v.series_id.map(|_| radios(&page, &["occurrence", "series"], "act.cancel_scope", false, scope)),
            scope_label: page.t(&format!("act.cancel_scope.{scope}")).into(),
            confirming: false,
            errors,
            page,
        }
    }
}

pub(super) async fn cancel_form(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    if v.is_cancelled() {
        return Ok(redirect(&activity_href(ctx.slug(), id)));
    }
    Ok(render(&CancelTemplate::new(page, &ctx, &v, String::new(), "occurrence", FormErrors::default())))
}

/// First POST: shows what will happen and asks to confirm; the second (`bevestigd=ja`) cancels.
pub(super) async fn cancel(
    State(state): State<AppState>,
    page: Page,
    HtmlPath((slug, id)): HtmlPath<(String, i64)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = Ctx::load(&state, &page, &slug).await?;
    let v = organised(&state, &page, &ctx, id).await?;
    let p = Pairs(pairs);
    let (reason, scope) = (p.one("reason").trim().to_owned(), p.one("scope"));
    if p.one("bevestigd") != "ja" {
        let mut t = CancelTemplate::new(page, &ctx, &v, reason, &scope, FormErrors::default());
        t.confirming = true;
        return Ok(render(&t));
    }
    let s = if scope == "series" { Scope::Series } else { Scope::Occurrence };
    let reason_opt = Some(reason.as_str()).filter(|r| !r.is_empty());
    match state.core.cancel_activity(page.actor.as_ref(), &ctx.tenant, id, reason_opt, s).await {
        Ok(()) => Ok(redirect(&format!("{}?geannuleerd=1", activity_href(ctx.slug(), id)))),
        Err(CoreError::Invalid(e)) => {
            let errors = shown_errors(&page, &e);
            Ok(unprocessable(&CancelTemplate::new(page, &ctx, &v, reason, &scope, errors)))
        }
        Err(e) => Err(e.into()),
    }
}

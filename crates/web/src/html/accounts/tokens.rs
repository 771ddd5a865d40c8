//! `/account/tokens`: API tokens in the browser — create one (a name, optionally days of
//! validity), see its secret once on the page that answers, list them, revoke one after a
//! confirmation.
use super::shared::{form_errors, moment, signed_in};
use crate::AppState;
use crate::extract::{HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, redirect, render, unprocessable};
use askama::Template;
use axum::extract::State;
use broedplaats_core::CoreError;
use broedplaats_core::accounts::{CreatedToken, TokenView};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use serde::Deserialize;

struct Line {
    id: i64,
    name: String,
    created: String,
    last_used: String,
    expires: String,
    state: &'static str,
    live: bool,
}

fn line(page: &Page, t: TokenView) -> Line {
    let state = if t.revoked_at.is_some() {
        "account.tokens.revoked"
    } else if t.live {
        "account.tokens.live"
    } else {
        "account.tokens.expired"
    };
    Line {
        id: t.id,
        name: t.name.unwrap_or_default(),
        created: moment(page, &t.created_at),
        last_used: t
            .last_used_at
            .as_deref()
            .map(|x| moment(page, x))
            .unwrap_or_else(|| page.t("account.tokens.never").into()),
        expires: t
            .expires_at
            .as_deref()
            .map(|x| moment(page, x))
            .unwrap_or_else(|| page.t("account.tokens.no_expiry").into()),
        state: page.t(state),
        live: t.live,
    }
}

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
struct TokensTemplate {
    page: Page,
    title: &'static str,
    lines: Vec<Line>,
    created: Option<CreatedToken>,
    name: String,
    days: String,
    errors: FormErrors,
}

async fn tokens_page(
    state: &AppState,
    page: Page,
    created: Option<CreatedToken>,
    (name, days): (String, String),
    errors: FormErrors,
) -> Result<TokensTemplate, CoreError> {
    let tokens = state.core.my_tokens(page.actor.as_ref()).await?;
    let lines = tokens.into_iter().map(|t| line(&page, t)).collect();
    Ok(TokensTemplate { title: page.t("account.tokens.title"), lines, created, name, days, errors, page })
}

pub(super) async fn list(State(state): State<AppState>, page: Page) -> PageResult {
    signed_in(&page)?;
    Ok(render(&tokens_page(&state, page, None, Default::default(), FormErrors::default()).await?))
}

#[derive(Deserialize)]
pub(super) struct CreateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    expires_in_days: String,
}

const LABELS: &[(&str, &str)] = &[("name", "account.tokens.name"), ("expires_in_days", "account.tokens.days")];

pub(super) async fn create(State(state): State<AppState>, page: Page, HtmlForm(f): HtmlForm<CreateForm>) -> PageResult {
    signed_in(&page)?;
    let days = match f.expires_in_days.trim() {
        "" => Ok(None),
        d => d.parse::<i64>().map(Some).map_err(|_| FieldErrors::single("expires_in_days", FieldErrorKind::Invalid)),
    };
    let result = match days {
        Ok(days) => state.core.create_my_token(page.actor.as_ref(), &f.name, days).await,
        Err(e) => Err(e.into()),
    };
    match result {
        // The secret is on this page only: it is stored nowhere.
        Ok(created) => {
            Ok(render(&tokens_page(&state, page, Some(created), Default::default(), FormErrors::default()).await?))
        }
        Err(CoreError::Invalid(e)) => {
            let errors = form_errors(&page, &e, LABELS);
            Ok(unprocessable(&tokens_page(&state, page, None, (f.name, f.expires_in_days), errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/token_revoke.html")]
struct RevokeTemplate {
    page: Page,
    title: &'static str,
    token: Line,
}

pub(super) async fn revoke_form(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    signed_in(&page)?;
    let token = state.core.my_token(page.actor.as_ref(), id).await?;
    let token = line(&page, token);
    Ok(render(&RevokeTemplate { title: page.t("account.tokens.revoke_title"), token, page }))
}

pub(super) async fn revoke(State(state): State<AppState>, page: Page, HtmlPath(id): HtmlPath<i64>) -> PageResult {
    signed_in(&page)?;
    state.core.revoke_my_token(page.actor.as_ref(), id).await?;
    Ok(redirect("/account/tokens"))
}

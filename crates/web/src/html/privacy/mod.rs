//! "Mijn gegevens": the AVG (GDPR) rights of the signed-in person — a download of all data
//! about them, and erasure (which ends the session). The rules live in `core::privacy`.
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{HtmlForm, Page};
use crate::html::kit::{FormErrors, PageResult, redirect, render, unprocessable};
use askama::Template;

use crate::routes::{Routes, get, post};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use broedplaats_core::CoreError;
use serde::Deserialize;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/account/gegevens", get(overview))
        .route("/account/gegevens.json", get(download))
        .route("/account/gegevens/verwijderen", post(erase))
        .route("/account/gegevens/verwijderd", get(erased))
}

#[derive(Template)]
#[template(path = "privacy/account.html")]
struct AccountTemplate {
    page: Page,
    title: &'static str,
    confirm_email: String,
    errors: FormErrors,
}

fn account_page(page: Page, confirm_email: String, errors: FormErrors) -> Result<AccountTemplate, HtmlError> {
    if page.actor.is_none() {
        return Err(HtmlError(ErrorPage::Unauthenticated));
    }
    Ok(AccountTemplate { title: page.t("privacy.title"), confirm_email, errors, page })
}

async fn overview(page: Page) -> PageResult {
    Ok(render(&account_page(page, String::new(), FormErrors::default())?))
}

/// All data about the signed-in person as a JSON file to save.
async fn download(State(state): State<AppState>, page: Page) -> PageResult {
    let data = state.core.personal_data(page.actor.as_ref()).await?;
    let body = serde_json::to_string_pretty(&data).map_err(|e| {
        tracing::error!(error = %e, "personal data export not serialisable");
        HtmlError(ErrorPage::Internal)
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"broedplaats-gegevens.json\""),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
struct EraseForm {
    #[serde(default)]
    confirm_email: String,
}

async fn erase(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    HtmlForm(form): HtmlForm<EraseForm>,
) -> PageResult {
    match state.core.erase_personal_data(page.actor.as_ref(), &form.confirm_email).await {
        // The sessions are gone from the database; the browser forgets its cookie too.
        Ok(_) => Ok((crate::html::kit::without_session(jar), redirect("/account/gegevens/verwijderd")).into_response()),
        Err(CoreError::Invalid(e)) => {
            let mut errors = FormErrors::default();
            for fe in &e.0 {
                let name = page.t("privacy.field.confirm_email").to_owned();
                errors.push("confirm_email", "confirm_email".into(), name, field_message(&page.tr, &fe.kind));
            }
            Ok(unprocessable(&account_page(page, form.confirm_email, errors)?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "privacy/erased.html")]
struct ErasedTemplate {
    page: Page,
    title: &'static str,
}

async fn erased(page: Page) -> Response {
    render(&ErasedTemplate { title: page.t("privacy.erased.title"), page })
}

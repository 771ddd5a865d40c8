//! Self-registration pages: the form of a werkplaats that allows it
//! (`/werkplaatsen/{slug}/registreren`, otherwise 404), the "check your mailbox" answer (the same
//! whether or not the address has an account), and the verification link
//! (`/account/bevestigen/{token}`), which asks for one click — so a mail scanner that opens links
//! does not use it up — then verifies and signs in.
use crate::AppState;
use crate::error::{ErrorPage, HtmlError, field_message};
use crate::extract::{ClientAddr, HtmlForm, HtmlPath, Page};
use crate::html::kit::{FormErrors, PageResult, after_sign_in, render, unprocessable};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum_extra::extract::CookieJar;
use broedplaats_core::CoreError;
use broedplaats_core::accounts::{MIN_PASSWORD, SessionMeta};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    email: String,
    name: String,
    min_password: usize,
    errors: FormErrors,
    /// The answer after sending: check your mailbox.
    sent: bool,
}

async fn open_tenant(state: &AppState, slug: &str) -> Result<broedplaats_store::Tenant, HtmlError> {
    let tenant = state.core.tenant(slug).await?;
    if !state.core.self_registration_open(&tenant).await? {
        return Err(HtmlError(ErrorPage::NotFound));
    }
    Ok(tenant)
}

fn template(
    page: Page,
    tenant: &broedplaats_store::Tenant,
    email: String,
    name: String,
    errors: FormErrors,
    sent: bool,
) -> RegisterTemplate {
    RegisterTemplate {
        title: page.f1("register.title", "werkplaats", tenant.name.as_str()),
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        email,
        name,
        min_password: MIN_PASSWORD,
        errors,
        sent,
        page,
    }
}

pub(super) async fn form(State(state): State<AppState>, page: Page, HtmlPath(slug): HtmlPath<String>) -> PageResult {
    let tenant = open_tenant(&state, &slug).await?;
    Ok(render(&template(page, &tenant, String::new(), String::new(), FormErrors::default(), false)))
}

#[derive(Deserialize)]
pub(super) struct RegisterForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

pub(super) async fn submit(
    State(state): State<AppState>,
    page: Page,
    ClientAddr(client): ClientAddr,
    HtmlPath(slug): HtmlPath<String>,
    HtmlForm(f): HtmlForm<RegisterForm>,
) -> PageResult {
    let tenant = open_tenant(&state, &slug).await?;
    let result = if f.password != f.password_again {
        Err(CoreError::Invalid(FieldErrors::single(
            "password_again",
            FieldErrorKind::Refused { key: "invite.password_mismatch" },
        )))
    } else {
        state.core.register_account(&tenant, &f.email, &f.name, &f.password, client.as_deref()).await
    };
    match result {
        Ok(()) => {
            let mut r = render(&template(page, &tenant, String::new(), String::new(), FormErrors::default(), true));
            *r.status_mut() = StatusCode::ACCEPTED;
            Ok(r)
        }
        Err(CoreError::Invalid(e)) => {
            let mut errors = FormErrors::default();
            for fe in &e.0 {
                let name = match fe.field.as_str() {
                    "email" => page.t("invite.field.email"),
                    "name" => page.t("invite.field.name"),
                    "password_again" => page.t("invite.field.password_again"),
                    _ => page.t("invite.field.password"),
                };
                errors.push(&fe.field, fe.field.clone(), name.to_owned(), field_message(&page.tr, &fe.kind));
            }
            Ok(unprocessable(&template(page, &tenant, f.email, f.name, errors, false)))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/verify.html")]
struct VerifyTemplate {
    page: Page,
    title: String,
    token: String,
}

#[derive(Template)]
#[template(path = "accounts/invitation_invalid.html")]
struct InvalidLinkTemplate {
    page: Page,
    title: String,
}

fn invalid(page: Page) -> PageResult {
    let title = page.t("invite.invalid.title").to_owned();
    let mut r = render(&InvalidLinkTemplate { page, title });
    *r.status_mut() = StatusCode::NOT_FOUND;
    Ok(r)
}

pub(super) async fn verify_page(page: Page, HtmlPath(token): HtmlPath<String>) -> PageResult {
    let title = page.t("register.verify.title").to_owned();
    Ok(render(&VerifyTemplate { page, title, token }))
}

pub(super) async fn verify(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    headers: HeaderMap,
    HtmlPath(token): HtmlPath<String>,
) -> PageResult {
    match state.core.verify_email(&token).await {
        Ok(account_id) => {
            let meta = SessionMeta {
                user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
                ..Default::default()
            };
            let outcome = state.core.after_first_factor(account_id, &meta).await?;
            Ok(after_sign_in(jar, outcome, "/", state.config.secure_cookies))
        }
        Err(CoreError::NotFound) => invalid(page),
        Err(e) => Err(e.into()),
    }
}

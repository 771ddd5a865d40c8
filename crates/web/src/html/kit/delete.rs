//! The page that asks to confirm a delete (theme groups, projects, bodies, practice questions,
//! approaches): a warning, the delete button and a way back.
use super::ctx::Ctx;
use super::page::render;
use crate::extract::Page;
use askama::Template;
use axum::response::Response;
use broedplaats_store::Tenant;

#[derive(Template)]
#[template(path = "kit/delete.html")]
struct DeleteTemplate {
    page: Page,
    title: String,
    slug: String,
    tenant_name: String,
    warning: &'static str,
    action: String,
    cancel: String,
}

/// Asks to confirm the delete that `action` (`…/verwijderen`) does; "cancel" leads to the page of
/// what would be deleted. `warning` is a catalogue key.
pub(crate) fn delete_page(page: Page, ctx: &Ctx, title: String, warning: &'static str, action: String) -> Response {
    let cancel = action.trim_end_matches("/verwijderen").to_owned();
    delete_page_at(page, &ctx.tenant, title, warning, action, cancel)
}

/// [`delete_page`] with the way back given.
pub(crate) fn delete_page_at(
    page: Page,
    tenant: &Tenant,
    title: String,
    warning: &'static str,
    action: String,
    cancel: String,
) -> Response {
    render(&DeleteTemplate {
        title,
        slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        warning,
        cancel,
        action,
        page,
    })
}

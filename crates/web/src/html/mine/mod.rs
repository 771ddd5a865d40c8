//! "Mijn werkplaats" (`/mijn-werkplaats`, issue 14 item 9): the personal overview a signed-in
//! person lands on after signing in (with a short confirmation, `?welkom=1`). Anonymous visitors
//! are sent to the login page. Everything on it comes from `Core::my_overview`.
use crate::AppState;
use crate::error::ErrorPage;
use crate::extract::Page;
use crate::html::kit::activity_lines::{day, local};
use crate::html::kit::{PageResult, render};
use crate::routes::{Routes, get};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_core::kernel::time::parse_stored;

pub(crate) fn routes() -> Routes {
    Routes::new().route("/mijn-werkplaats", get(overview))
}

/// A line of a list: a link, its text, and what is said next to it.
struct Line {
    href: String,
    text: String,
    meta: String,
    badge: String,
    /// A second link (cancel a registration): (href, text).
    action: Option<(String, String)>,
}

struct ReviewGroup {
    werkplaats: String,
    lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "mine/overview.html")]
struct OverviewTemplate {
    page: Page,
    title: String,
    welcome: Option<String>,
    registrations: Vec<Line>,
    products: Vec<Line>,
    to_review: Vec<ReviewGroup>,
    places: Vec<Line>,
    applications: Vec<Line>,
    werkplaatsen: Vec<(String, String)>,
}

#[derive(serde::Deserialize)]
struct OverviewQuery {
    welkom: Option<String>,
}

async fn overview(State(state): State<AppState>, page: Page, Query(q): Query<OverviewQuery>) -> PageResult {
    let Some(actor) = page.actor.as_ref() else { return Err(crate::HtmlError(ErrorPage::Unauthenticated)) };
    let o = state.core.my_overview(Some(actor)).await?;
    let welcome = q.welkom.is_some().then(|| page.f1("mine.welcome", "name", actor.name.as_str()));
    let registrations = o
        .registrations
        .iter()
        .map(|r| {
            let meta = parse_stored(&r.starts_at).map(|t| when_starts(&page, t)).unwrap_or_default();
            Line {
                href: format!("/werkplaatsen/{}/activiteiten/{}", r.werkplaats, r.activity_id),
                text: r.title.clone(),
                meta,
                badge: page.t(&format!("mine.reg.{}", r.status)).to_owned(),
                action: r.cancel_path.clone().map(|p| (p, page.f1("mine.reg.cancel", "title", r.title.as_str()))),
            }
        })
        .collect();
    let products = o
        .products
        .iter()
        .map(|p| Line {
            href: format!("/werkplaatsen/{}/kennis/{}", p.werkplaats, p.id),
            text: p.title.clone(),
            meta: page.f1("mine.changed", "date", page.date(&p.updated_at)),
            badge: page.t(&format!("kb.status.{}", p.status)).to_owned(),
            action: None,
        })
        .collect();
    let to_review = o
        .to_review
        .into_iter()
        .map(|g| ReviewGroup {
            werkplaats: g.werkplaats_name,
            lines: g
                .products
                .into_iter()
                .map(|p| Line {
                    href: p.url,
                    text: p.title,
                    meta: page.f1("mine.offered", "date", page.date(&p.updated_at)),
                    badge: String::new(),
                    action: None,
                })
                .collect(),
        })
        .collect();
    let places = o
        .places
        .iter()
        .map(|p| {
            let (path, kind) = match p.kind.as_str() {
                "themagroep" => ("themagroepen", page.t("mine.place.group")),
                _ => ("projecten", page.t("mine.place.project")),
            };
            Line {
                href: format!("/werkplaatsen/{}/{path}/{}", p.werkplaats, p.id),
                text: p.title.clone(),
                meta: p.role.clone(),
                badge: kind.to_owned(),
                action: None,
            }
        })
        .collect();
    let applications = o
        .applications
        .iter()
        .map(|a| Line {
            href: format!("/werkplaatsen/{}/opdrachten/{}", a.werkplaats, a.assignment_id),
            text: a.title.clone(),
            meta: page.f1("mine.applied", "date", page.date(&a.created_at)),
            badge: page.t(&format!("edu.app_status.{}", a.status)).to_owned(),
            action: None,
        })
        .collect();
    let title = page.t("mine.title").to_owned();
    Ok(render(&OverviewTemplate {
        page,
        title,
        welcome,
        registrations,
        products,
        to_review,
        places,
        applications,
        werkplaatsen: o.werkplaatsen,
    }))
}

/// "do 17 dec 2026, 15:00" in Amsterdam time.
fn when_starts(page: &Page, t: chrono::DateTime<chrono::Utc>) -> String {
    let l = local(t);
    format!("{}, {}", day(page, &l), l.format("%H:%M"))
}

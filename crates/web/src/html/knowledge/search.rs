//! The search page (`/zoeken`): results across werkplaatsen with facets to filter on.
use super::products::kind_label;
use crate::AppState;
use crate::extract::Page;
use crate::html::kit::{PageResult, encode_query, render, type_label};
use askama::Template;
use axum::extract::{Query, State};
use broedplaats_domain::{FourO, ProductAudience, ProductKind};
use broedplaats_search::FacetCount;

struct FacetView {
    name: String,
    label: String,
    values: Vec<FacetValue>,
}

struct FacetValue {
    value: String,
    label: String,
    count: u64,
    checked: bool,
    id: String,
}

struct HitView {
    href: String,
    title: String,
    snippet: String,
    what: String,
}

#[derive(Template)]
#[template(path = "knowledge/search.html")]
struct SearchTemplate {
    page: Page,
    title: String,
    q: String,
    total_text: String,
    hits: Vec<HitView>,
    facets: Vec<FacetView>,
    /// The same search without filters, when a filter is on.
    clear: Option<String>,
    /// How many filter values are on, for the disclosure's label ("Filters (3)").
    active: usize,
    by_date: bool,
    prev: Option<String>,
    next: Option<String>,
}

const FACETS: [&str; 9] =
    ["type", "werkplaats", "kind", "theme", "kwestie", "year", "organisation", "four_o", "audience"];

fn facet_value_label(page: &Page, facet: &str, value: &str, werkplaatsen: &[(String, String)]) -> String {
    match facet {
        "type" => type_label(page, value),
        "kind" if ProductKind::CODES.contains(&value) => kind_label(page, value),
        "kind" if value == "aanpak" || value == "werkzame_factor" => {
            page.t(&format!("kb.approach_kind.{value}")).into()
        }
        // A story's kind is its narrator's role: "Verhaal: Mantelzorger".
        "kind" if value.starts_with("verhaal_") => match value.strip_prefix("verhaal_") {
            Some(role) if broedplaats_domain::NarratorRole::CODES.contains(&role) => {
                format!("{}: {}", page.t("kb.type.story"), page.t(&format!("story.role.{role}")))
            }
            _ => page.t("kb.type.story").into(),
        },
        "werkplaats" => werkplaatsen.iter().find(|(s, _)| s == value).map(|(_, n)| n.clone()).unwrap_or(value.into()),
        "four_o" if FourO::CODES.contains(&value) => page.t(&format!("grp.four_o.{value}")).into(),
        "audience" if ProductAudience::CODES.contains(&value) => page.t(&format!("kb.audience.{value}")).into(),
        _ => value.into(),
    }
}

pub(super) async fn search_page(
    State(state): State<AppState>,
    page: Page,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let request = crate::search_params::search_request(&pairs);
    let current_page = request.page.max(1);
    let by_date = request.sort_by_date;
    let q = request.q.clone();
    let results = state.core.search(page.actor.as_ref(), request).await?;
    let werkplaatsen: Vec<(String, String)> =
        state.core.werkplaatsen().await?.into_iter().map(|w| (w.slug, w.name)).collect();
    let selected = |facet: &str, value: &str| pairs.iter().any(|(k, v)| k == facet && v == value);
    let facets = FACETS
        .iter()
        .filter_map(|name| {
            let values: &Vec<FacetCount> = results.facets.get(*name)?;
            if values.is_empty() {
                return None;
            }
            // Years read best newest first; the other facets come most frequent first.
            let mut values: Vec<&FacetCount> = values.iter().collect();
            if *name == "year" {
                values.sort_by(|a, b| b.value.cmp(&a.value));
            }
            Some(FacetView {
                name: (*name).into(),
                label: page.t(&format!("kb.facet.{name}")).into(),
                values: values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| FacetValue {
                        label: facet_value_label(&page, name, &v.value, &werkplaatsen),
                        checked: selected(name, &v.value),
                        value: v.value.clone(),
                        count: v.count,
                        id: format!("f-{name}-{i}"),
                    })
                    .collect(),
            })
        })
        .collect();
    let harvested: Vec<i64> =
        results.hits.iter().filter(|h| h.doc_type == broedplaats_core::federation::HARVESTED).map(|h| h.id).collect();
    let sources = state.core.harvested_sources_of(&harvested).await?;
    let hits = results
        .hits
        .into_iter()
        .map(|h| HitView {
            what: match sources
                .iter()
                .find(|(id, _)| h.doc_type == broedplaats_core::federation::HARVESTED && *id == h.id)
            {
                // A harvested record: shown as coming from its source; the link goes to the original.
                Some((_, source)) => {
                    format!("{} · {}", type_label(&page, &h.doc_type), page.f1("fed.from", "source", source))
                }
                None => format!(
                    "{} · {}",
                    type_label(&page, &h.doc_type),
                    werkplaatsen
                        .iter()
                        .find(|(s, _)| *s == h.werkplaats)
                        .map(|(_, n)| n.as_str())
                        .unwrap_or(&h.werkplaats)
                ),
            },
            href: h.url,
            title: h.title,
            snippet: h.snippet,
        })
        .collect();
    let link_to = |n: usize| {
        let mut qs: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| k != "page")
            .map(|(k, v)| format!("{}={}", encode_query(k), encode_query(v)))
            .collect();
        qs.push(format!("page={n}"));
        format!("/zoeken?{}", qs.join("&"))
    };
    let per_page = broedplaats_core::kernel::search::PER_PAGE as u64;
    let pages = results.total.div_ceil(per_page).min(broedplaats_core::kernel::search::MAX_PAGE as u64) as usize;
    let active = pairs.iter().filter(|(k, v)| FACETS.contains(&k.as_str()) && !v.trim().is_empty()).count();
    Ok(render(&SearchTemplate {
        active,
        title: if q.is_empty() { page.t("kb.search.title").into() } else { page.f1("kb.search.title_q", "q", &q) },
        clear: pairs
            .iter()
            .any(|(k, v)| FACETS.contains(&k.as_str()) && !v.trim().is_empty())
            .then(|| if q.is_empty() { "/zoeken".to_owned() } else { format!("/zoeken?q={}", encode_query(&q)) }),
        total_text: if results.total == 1 {
            page.t("kb.search.total_one").into()
        } else {
            page.f1("kb.search.total", "n", results.total)
        },
        prev: (current_page > 1).then(|| link_to(current_page - 1)),
        next: (current_page < pages).then(|| link_to(current_page + 1)),
        q,
        hits,
        facets,
        by_date,
        page,
    }))
}

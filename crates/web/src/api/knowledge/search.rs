//! Search across every werkplaats (with facets), and "gerelateerd".
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::extract::MaybeActor;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;

fn hit_out(state: &AppState, h: broedplaats_search::Hit, sources: &[(i64, String)]) -> SearchHit {
    let harvested = h.doc_type == broedplaats_core::federation::HARVESTED;
    SearchHit {
        // A harvested record's url is the original, elsewhere.
        url: if harvested { h.url } else { format!("{}{}", state.core.public_url, h.url) },
        source: if harvested { sources.iter().find(|(id, _)| *id == h.id).map(|(_, n)| n.clone()) } else { None },
        doc_type: h.doc_type,
        id: h.id,
        werkplaats: h.werkplaats,
        title: h.title,
        snippet: h.snippet,
        score: h.score,
    }
}

#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    /// knowledge_product, story, question, approach, project or harvested (a record harvested
    /// from another installation or repository)
    #[serde(rename = "type")]
    pub doc_type: String,
    pub id: i64,
    /// The werkplaats's slug; empty for a harvested record.
    pub werkplaats: String,
    pub title: String,
    /// A fragment of the text with the matched words in `<mark>`; everything else is escaped.
    pub snippet: String,
    /// Here; for a harvested record the original at its source.
    pub url: String,
    /// The name of the source a harvested record comes from; absent for everything else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub score: f32,
}

/// The source names of the harvested hits among `hits`.
async fn sources_of(state: &AppState, hits: &[broedplaats_search::Hit]) -> ApiResult<Vec<(i64, String)>> {
    let ids: Vec<i64> =
        hits.iter().filter(|h| h.doc_type == broedplaats_core::federation::HARVESTED).map(|h| h.id).collect();
    Ok(state.core.harvested_sources_of(&ids).await?)
}

#[derive(Serialize, ToSchema)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResponse {
    /// All hits the reader may see, over every page.
    pub total: u64,
    pub hits: Vec<SearchHit>,
    /// Counts per value for type, werkplaats, kind, theme, kwestie, year, organisation, four_o and audience.
    pub facets: BTreeMap<String, Vec<FacetValue>>,
}

/// Searches knowledge products, stories, practice questions, approaches and projects of every
/// werkplaats, in Dutch: other word forms, compounds, diacritics and small typos match. Only what
/// the reader may see is found or counted. Filters may repeat (`kind=advies&kind=werkvorm`):
/// values of one filter are alternatives, different filters all apply.
#[utoipa::path(get, path = "/api/v1/search", tag = "kennisbank",
    params(
        ("q" = Option<String>, Query, description = "Search words; empty: everything, newest first"),
        ("werkplaats" = Option<String>, Query, description = "Werkplaats slug"),
        ("type" = Option<String>, Query, description = "knowledge_product, story, question, approach, project, harvested"),
        ("kind" = Option<String>, Query, description = "Kind, e.g. advies, werkvorm"),
        ("theme" = Option<String>, Query, description = "Theme title"),
        ("kwestie" = Option<String>, Query, description = "Kwestie label"),
        ("year" = Option<i32>, Query),
        ("organisation" = Option<String>, Query, description = "Organisation name"),
        ("four_o" = Option<String>, Query, description = "onderzoek, ontwikkeling, onderwijs, ondersteuning"),
        ("audience" = Option<String>, Query, description = "professionals, beleid, onderwijs, burgers"),
        ("sort" = Option<String>, Query, description = "relevance (default) or date"),
        ("page" = Option<usize>, Query, description = "1-based, at most 100"),
        ("per_page" = Option<usize>, Query, description = "1–50, default 10"),
    ),
    responses((status = 200, body = SearchResponse)))]
pub async fn search(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> ApiResult<Json<SearchResponse>> {
    let mut request = crate::search_params::search_request(&pairs);
    request.per_page =
        pairs.iter().find(|(k, _)| k == "per_page").and_then(|(_, v)| v.trim().parse().ok()).unwrap_or(0);
    let results = state.core.search(actor.get(), request).await?;
    let sources = sources_of(&state, &results.hits).await?;
    Ok(Json(SearchResponse {
        total: results.total,
        hits: results.hits.into_iter().map(|h| hit_out(&state, h, &sources)).collect(),
        facets: results
            .facets
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(|f| FacetValue { value: f.value, count: f.count }).collect()))
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RelatedParams {
    /// knowledge_product, story, question, approach or project
    #[serde(rename = "type")]
    pub doc_type: String,
    pub id: i64,
}

/// "Gerelateerd": up to five items like this one, from every werkplaats, that the reader may see.
#[utoipa::path(get, path = "/api/v1/search/related", tag = "kennisbank", params(RelatedParams),
    responses((status = 200, body = Vec<SearchHit>)))]
pub async fn related(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiQuery(q): ApiQuery<RelatedParams>,
) -> ApiResult<Response> {
    let hits = state.core.related(actor.get(), &q.doc_type, q.id).await?;
    let sources = sources_of(&state, &hits).await?;
    let hits: Vec<SearchHit> = hits.into_iter().map(|h| hit_out(&state, h, &sources)).collect();
    Ok(Json(hits).into_response())
}

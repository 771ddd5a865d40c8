//! The search query string, as the search page (`/zoeken`) and the API (`/api/v1/search`) both
//! read it.
use broedplaats_core::kernel::search::SearchRequest;

/// The search page's query string: `q`, repeated filters, `sorteer=datum`, `pagina`.
pub(crate) fn search_request(pairs: &[(String, String)]) -> SearchRequest {
    let all = |k: &str| -> Vec<String> {
        pairs.iter().filter(|(n, v)| n == k && !v.trim().is_empty()).map(|(_, v)| v.trim().to_owned()).collect()
    };
    let one = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    SearchRequest {
        q: one("q"),
        werkplaats: all("werkplaats"),
        doc_type: all("type"),
        kind: all("kind"),
        theme: all("theme"),
        kwestie: all("kwestie"),
        year: all("year").iter().filter_map(|y| y.parse().ok()).collect(),
        organisation: all("organisation"),
        four_o: all("four_o"),
        audience: all("audience"),
        sort_by_date: matches!(one("sort").as_str(), "date" | "datum"),
        page: one("page").parse().unwrap_or(1),
        per_page: 0,
    }
}

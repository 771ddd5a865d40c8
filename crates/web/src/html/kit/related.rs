//! "Gerelateerd": similar items across werkplaatsen, shown under projects, knowledge products and
//! stories (`kit/related.html`), found by the search index.
use crate::AppState;
use crate::extract::Page;

/// One related item: where to, its title, and its kind and werkplaats in words.
pub(crate) struct RelatedLine {
    pub(crate) href: String,
    pub(crate) title: String,
    pub(crate) what: String,
}

/// "Gerelateerd" for a page: similar items the reader may see, across werkplaatsen, each with
/// its kind and werkplaats in words.
pub(crate) async fn related_lines(
    state: &AppState,
    page: &Page,
    doc_type: &str,
    id: i64,
) -> Result<Vec<RelatedLine>, broedplaats_core::CoreError> {
    // The page's own item was checked by the page; one that is not in the index (a draft) has
    // no related items.
    let hits = match state.core.related(page.actor.as_ref(), doc_type, id).await {
        Err(broedplaats_core::CoreError::NotFound) => return Ok(Vec::new()),
        other => other?,
    };
    if hits.is_empty() {
        return Ok(Vec::new());
    }
    let werkplaatsen = state.core.werkplaatsen().await?;
    Ok(hits
        .into_iter()
        .map(|h| {
            let werkplaats =
                werkplaatsen.iter().find(|w| w.slug == h.werkplaats).map_or(h.werkplaats, |w| w.name.clone());
            RelatedLine {
                what: format!("{} · {werkplaats}", type_label(page, &h.doc_type)),
                href: h.url,
                title: h.title,
            }
        })
        .collect())
}

/// The kind of a searchable document in words (`kb.type.…`); an unknown kind as it is.
pub(crate) fn type_label(page: &Page, doc_type: &str) -> String {
    match doc_type {
        "knowledge_product" | "story" | "question" | "approach" | "project" | "harvested" | "assignment" => {
            page.t(&format!("kb.type.{doc_type}")).into()
        }
        other => other.into(),
    }
}

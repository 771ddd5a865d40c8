//! Pages of the knowledge base: knowledge products (list, form, page with files, review
//! workflow), the search page, practice questions (praktijkvragen), approaches and working factors
//! (aanpakken, werkzame factoren), stories (verhalen), and the kwesties shared by every werkplaats.
//!
//! Authorisation stays in the use cases (`core::knowledge`, `core::search`, `core::practice`,
//! `core::stories`); handlers check early only where a form would otherwise be shown to someone
//! who cannot send it.
mod approaches;
mod kwesties;
mod practice;
mod product_form;
mod products;
mod questions;
mod search;
mod stories;

use crate::routes::{Routes, get, post};

pub(crate) fn routes() -> Routes {
    let base = "/werkplaatsen/{slug}/kennis";
    let q = "/werkplaatsen/{slug}/praktijkvragen";
    let a = "/werkplaatsen/{slug}/aanpakken";
    let v = "/werkplaatsen/{slug}/verhalen";
    Routes::new()
        .route("/zoeken", get(search::search_page))
        .route(base, get(products::index).post(product_form::create))
        .route(&format!("{base}/nieuw"), get(product_form::new_form))
        .route(&format!("{base}/{{id}}"), get(products::show).post(product_form::update))
        .route(&format!("{base}/{{id}}/bewerken"), get(product_form::edit_form))
        .route(&format!("{base}/{{id}}/status"), post(products::set_status))
        .route(&format!("{base}/{{id}}/verwijderen"), get(products::delete_form).post(products::delete))
        .route(&format!("{base}/{{id}}/bestanden"), post(products::upload).body_limit(crate::files::FILE_UPLOAD_LIMIT))
        .route(&format!("{base}/{{id}}/bestanden/{{file_id}}"), get(products::download))
        .route(&format!("{base}/{{id}}/bestanden/{{file_id}}/verwijderen"), post(products::delete_file))
        .route(q, get(questions::questions).post(questions::create_question))
        .route(&format!("{q}/nieuw"), get(questions::new_question))
        .route(&format!("{q}/{{id}}"), get(questions::question).post(questions::update_question))
        .route(&format!("{q}/{{id}}/bewerken"), get(questions::edit_question))
        .route(
            &format!("{q}/{{id}}/verwijderen"),
            get(questions::delete_question_form).post(questions::delete_question),
        )
        .route(a, get(approaches::approaches).post(approaches::create_approach))
        .route(&format!("{a}/nieuw"), get(approaches::new_approach))
        .route(&format!("{a}/{{id}}"), get(approaches::approach).post(approaches::update_approach))
        .route(&format!("{a}/{{id}}/bewerken"), get(approaches::edit_approach))
        .route(
            &format!("{a}/{{id}}/verwijderen"),
            get(approaches::delete_approach_form).post(approaches::delete_approach),
        )
        .route("/kwesties", get(kwesties::kwesties))
        .route("/kwesties/{id}", get(kwesties::kwestie).post(kwesties::update_kwestie))
        .route("/kwesties/{id}/bewerken", get(kwesties::edit_kwestie))
        .route(v, get(stories::list).post(stories::create))
        .route(&format!("{v}/nieuw"), get(stories::new_form))
        .route(&format!("{v}/{{id}}"), get(stories::show).post(stories::update))
        .route(&format!("{v}/{{id}}/bewerken"), get(stories::edit_form))
        .route(&format!("{v}/{{id}}/intrekken"), get(stories::withdraw_form).post(stories::withdraw))
}

//! Co-creating the agenda (issue 15): the pages of a process.
mod trace;

use crate::routes::{Routes, get};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/werkplaatsen/{slug}/cocreatie/{id}/herkomst", get(trace::trace))
        .route("/werkplaatsen/{slug}/cocreatie/{id}/verslag", get(trace::report))
}

//! Grants, matching and outcomes (issue 18): the pages. `inzet` holds the contributions of
//! partners (list, form, CSV import) and the outcomes.
mod inzet;

use crate::routes::Routes;

pub(crate) fn routes() -> Routes {
    Routes::new().merge(inzet::routes())
}

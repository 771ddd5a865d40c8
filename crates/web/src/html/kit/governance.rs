//! The governance line on the home and werkplaats pages: open violations of the governance checks,
//! for coordinators and lectoren.
use crate::AppState;
use crate::extract::Page;
use broedplaats_core::kernel::actor::{Access, access};
use broedplaats_store::Tenant;

/// The line on the werkplaats page that leads managers to the governance checks.
pub(crate) struct GovernanceNotice {
    pub violations: usize,
    pub text: String,
}

/// For the werkplaats page: open governance violations, for coordinators and lectoren only.
/// A failure here never breaks the agenda page; it is logged and the line is left out.
pub(crate) async fn governance_notice(state: &AppState, page: &Page, tenant: &Tenant) -> Option<GovernanceNotice> {
    if access(page.actor.as_ref(), tenant) != Access::Manager {
        return None;
    }
    match state.core.governance(page.actor.as_ref(), tenant).await {
        Ok(report) => {
            let violations = report.violations();
            let text = if violations == 0 {
                page.t("gov.notice.ok").to_owned()
            } else {
                counted(page, "gov.notice.violations", violations)
            };
            Some(GovernanceNotice { violations, text })
        }
        Err(e) => {
            tracing::warn!(error = ?e, "governance checks for the werkplaats page failed");
            None
        }
    }
}

/// "1 overtreding" / "3 overtredingen": the catalogue entry `{key}.one` or `{key}.other`.
pub(crate) fn counted(page: &Page, key: &str, n: usize) -> String {
    page.f1(&format!("{key}.{}", if n == 1 { "one" } else { "other" }), "n", n)
}

//! Federation: harvesting other OAI-PMH sources (other Broedplaats installations, a hogeschool's
//! repository, the HBO Kennisbank) into this installation, so their records are findable here
//! with a link back to the original (issue 17).
//!
//! Sources belong to the installation. Each names the werkplaats it was registered for (the
//! coordinator's werkplaats through the API; the oldest werkplaats, or `--werkplaats`, on the
//! command line): its records are search documents of that werkplaats (public) and are counted
//! under it in the association view. The administrator adds sources on the command line and runs
//! them synchronously; programme coordinators add, list and queue runs through the API and the
//! page. Runs are jobs (hourly for every enabled source, retried with back-off), incremental from
//! the responseDate of the last complete run, and resume at the stored resumptionToken after an
//! interruption. Every fetch is guarded against hostile sources (`fetch`), every response read
//! without entity expansion (`oai`).
mod documents;
mod fetch;
mod harvest;
mod jobs;
mod manage;
mod oai;

pub use documents::{HARVESTED, HARVESTED_SOURCE};
pub use fetch::{HarvestSettings, MAX_REDIRECTS, check_url, is_private};
pub use harvest::RunReport;
pub use jobs::{HARVEST_JOB, HOURLY};
pub use manage::{SourceInput, SourceView, may_manage_sources};

/// Why a source could not be harvested, in Dutch, for the source's page and the command line.
#[derive(Debug, Clone)]
pub struct HarvestError {
    pub message: String,
    /// The source refused the stored resumptionToken: the next run starts over.
    pub forget_token: bool,
}

impl HarvestError {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), forget_token: false }
    }
}

impl std::fmt::Display for HarvestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

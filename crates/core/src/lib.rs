//! Use cases of Broedplaats. Each public async function here is one use case: it checks who may
//! do it, validates, and owns the transaction. No HTTP here; the web crate calls these.
//!
//! Layout: `kernel` at the bottom (actor and access, audit, transactions, search sync, jobs,
//! mail, storage), one folder per capability above it, and this file, the composition root,
//! which alone knows every capability: it lists their search documents and background jobs.
//! A capability uses another only through what that one's `mod.rs` exports; the kernel imports
//! no capability (checked by `tests/layout.rs`).
pub mod kernel;

pub mod accounts;
pub mod activities;
pub mod agenda;
pub mod association;
pub mod cocreation;
pub mod collections;
pub mod crosslinks;
pub mod demo;
pub mod dissemination;
pub mod education;
pub mod federation;
pub mod following;
pub mod grants;
pub mod knowledge;
pub mod lemniscate;
pub mod mine;
pub mod organisation;
pub mod privacy;

pub use kernel::actor::Actor;
pub use kernel::error::{CoreError, Result};

use kernel::jobs::{JobHandler, Scheduler};
use kernel::search::DocSource;

/// Every kind of document in the search index, by the capability that owns it.
pub const SEARCH_SOURCES: &[DocSource] = &[
    knowledge::PRODUCT_SOURCE,
    knowledge::STORY_SOURCE,
    knowledge::QUESTION_SOURCE,
    knowledge::APPROACH_SOURCE,
    organisation::PROJECT_SOURCE,
    education::ASSIGNMENT_SOURCE,
    federation::HARVESTED_SOURCE,
];

/// Derived data other than the search index that the search outbox feeds (the OAI-PMH records):
/// run after every commit, also when the index is detached, and in the background sync loop.
pub const DERIVED_SYNCS: &[kernel::search::DerivedSync] = &[dissemination::OAI_SYNC];

/// Every kind of background job, by the capability that enqueues it.
pub const JOB_HANDLERS: &[JobHandler] = &[
    activities::MAIL_JOB,
    accounts::INVITATION_JOB,
    accounts::REGISTRATION_JOB,
    accounts::SELF_MAIL_JOB,
    cocreation::PHASE_MAIL_JOB,
    lemniscate::HANDED_BACK_JOB,
    following::DIGEST_JOB,
    federation::HARVEST_JOB,
    education::DECISION_JOB,
    knowledge::REVIEW_MAIL_JOB,
];

/// Periodic work of the job worker, run before each round of the queue.
pub const SCHEDULERS: &[Scheduler] =
    &[activities::REMINDERS, accounts::CLEANUP, kernel::mail::PRUNE_MAIL_FILES, following::DIGESTS, federation::HOURLY];

use broedplaats_store::{Store, Tenant};

/// Everything a use case needs, cheap to clone.
#[derive(Clone, Debug)]
pub struct Core {
    pub store: Store,
    pub governance_cache: std::sync::Arc<organisation::GovernanceCache>,
    /// The counts of the association view (werkplaats × kwestie), shared by every reader.
    pub association_cache: std::sync::Arc<association::AssociationCache>,
    /// Where people reach this installation, for links in emails and calendars.
    pub public_url: String,
    /// Sends the emails of the job worker; development backends unless `with_mailer` says otherwise.
    pub mailer: kernel::mail::Mailer,
    /// The `From` of every email, e.g. `Broedplaats <noreply@example.org>`.
    pub mail_from: String,
    /// Where uploaded files are kept; in memory unless `with_storage` says otherwise.
    pub storage: kernel::storage::Storage,
    /// This instance's search index; in memory unless `with_search` says otherwise.
    pub search: kernel::search::SearchHandle,
    /// Programme coordinators and lectoren must use two-step verification to sign in with a
    /// password (the setting `require_2fa_for_managers`; off unless the installation says so).
    pub require_2fa_for_managers: bool,
    /// The OpenID Connect providers people may sign in with; none unless `with_oidc_providers`.
    pub oidc: std::sync::Arc<accounts::OidcProviders>,
    /// How the harvester may reach OAI-PMH sources (private addresses, timeouts, size cap).
    pub harvest: federation::HarvestSettings,
    /// What the OAI-PMH provider's Identify says (repository name, administrator's address).
    pub oai: dissemination::OaiSettings,
}

impl Core {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            governance_cache: Default::default(),
            association_cache: Default::default(),
            public_url: "http://127.0.0.1:8080".into(),
            mailer: kernel::mail::Mailer::memory(),
            mail_from: "Broedplaats <noreply@broedplaats.invalid>".into(),
            storage: kernel::storage::Storage::memory(),
            search: kernel::search::SearchHandle::new(
                broedplaats_search::SearchIndex::in_memory().expect("an in-memory search index can always be made"),
            ),
            require_2fa_for_managers: false,
            oidc: Default::default(),
            harvest: Default::default(),
            oai: Default::default(),
        }
    }

    pub fn with_mailer(mut self, mailer: kernel::mail::Mailer, from: String) -> Self {
        self.mailer = mailer;
        self.mail_from = from;
        self
    }

    pub fn with_storage(mut self, storage: kernel::storage::Storage) -> Self {
        self.storage = storage;
        self
    }

    pub fn with_search(mut self, index: broedplaats_search::SearchIndex) -> Self {
        self.search = kernel::search::SearchHandle::new(index);
        self
    }

    /// For a process beside a running server, which owns the index: changes reach the index
    /// through the outbox, applied by the server.
    pub fn with_detached_search(mut self) -> Self {
        if let Ok(handle) = kernel::search::SearchHandle::detached() {
            self.search = handle;
        }
        self
    }

    pub fn with_harvest_settings(mut self, settings: federation::HarvestSettings) -> Self {
        self.harvest = settings;
        self
    }

    pub fn with_require_2fa_for_managers(mut self, required: bool) -> Self {
        self.require_2fa_for_managers = required;
        self
    }

    pub fn with_oai_settings(mut self, settings: dissemination::OaiSettings) -> Self {
        self.oai = settings;
        self
    }

    pub fn with_public_url(mut self, url: impl Into<String>) -> Self {
        self.public_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Looks a werkplaats up by slug; unknown slugs are `NotFound`.
    pub async fn tenant(&self, slug: &str) -> Result<Tenant> {
        let mut conn = self.store.conn().await?;
        broedplaats_store::werkplaats::tenant(&mut conn, slug).await?.ok_or(CoreError::NotFound)
    }

    pub async fn werkplaatsen(&self) -> Result<Vec<broedplaats_store::WerkplaatsRow>> {
        let mut conn = self.store.conn().await?;
        Ok(broedplaats_store::werkplaats::list(&mut conn).await?)
    }
}

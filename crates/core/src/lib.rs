//! Use cases of Broedplaats. Each public async function here is one use case: it checks who may
//! do it, validates, and owns the transaction. No HTTP here; the web crate calls these.

pub mod activities;
pub mod activity_mail;
pub mod agenda;
pub mod auth;
pub mod checks;
pub mod demo;
mod demo_knowledge;
mod error;
pub mod extract;
pub mod governance;
pub mod ical;
pub mod import;
pub mod import_case;
pub mod jobs;
pub mod knowledge;
pub mod mail;
pub mod organisation;
pub mod people;
pub mod practice;
pub mod privacy;
pub mod search;
pub mod storage;
pub mod stories;

pub use error::{CoreError, Result};

use broedplaats_store::{Store, Tenant};

/// Everything a use case needs, cheap to clone.
#[derive(Clone, Debug)]
pub struct Core {
    pub store: Store,
    pub throttle: std::sync::Arc<auth::LoginThrottle>,
    pub governance_cache: std::sync::Arc<checks::GovernanceCache>,
    /// Where people reach this installation, for links in emails and calendars.
    pub public_url: String,
    /// Sends the emails of the job worker; development backends unless `with_mailer` says otherwise.
    pub mailer: mail::Mailer,
    /// The `From` of every email, e.g. `Broedplaats <noreply@example.org>`.
    pub mail_from: String,
    /// Where uploaded files are kept; in memory unless `with_storage` says otherwise.
    pub storage: storage::Storage,
    /// This instance's search index; in memory unless `with_search` says otherwise.
    pub search: search::SearchHandle,
}

impl Core {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            throttle: Default::default(),
            governance_cache: Default::default(),
            public_url: "http://127.0.0.1:8080".into(),
            mailer: mail::Mailer::memory(),
            mail_from: "Broedplaats <noreply@broedplaats.invalid>".into(),
            storage: storage::Storage::memory(),
            search: search::SearchHandle::new(
                broedplaats_search::SearchIndex::in_memory().expect("an in-memory search index can always be made"),
            ),
        }
    }

    pub fn with_mailer(mut self, mailer: mail::Mailer, from: String) -> Self {
        self.mailer = mailer;
        self.mail_from = from;
        self
    }

    pub fn with_storage(mut self, storage: storage::Storage) -> Self {
        self.storage = storage;
        self
    }

    pub fn with_search(mut self, index: broedplaats_search::SearchIndex) -> Self {
        self.search = search::SearchHandle::new(index);
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

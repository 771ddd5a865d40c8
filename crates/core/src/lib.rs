//! Use cases of Broedplaats. Each public async function here is one use case: it checks who may
//! do it, validates, and owns the transaction. No HTTP here; the web crate calls these.

pub mod agenda;
pub mod auth;
pub mod checks;
pub mod demo;
mod error;
pub mod governance;
pub mod import;
pub mod import_case;
pub mod organisation;
pub mod people;

pub use error::{CoreError, Result};

use broedplaats_store::{Store, Tenant};

/// Everything a use case needs, cheap to clone.
#[derive(Clone, Debug)]
pub struct Core {
    pub store: Store,
    pub throttle: std::sync::Arc<auth::LoginThrottle>,
    pub governance_cache: std::sync::Arc<checks::GovernanceCache>,
}

impl Core {
    pub fn new(store: Store) -> Self {
        Self { store, throttle: Default::default(), governance_cache: Default::default() }
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

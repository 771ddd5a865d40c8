//! Dissemination (issue 17, DOMAIN §7, §10): the installation's public knowledge offered to the
//! outside world in open standards. Today the OAI-PMH 2.0 provider (`oai`): records derived from
//! public, published knowledge products, public approaches and stories with publication consent,
//! kept current from the search outbox (`Core::sync_oai`) and served by `Core::oai`.
//!
//! Interface for other capabilities and the composition root: [`OaiSettings`], [`OAI_SYNC`] (the
//! derived-data sync the kernel runs after each commit and in the background) and the constants
//! of the protocol ([`oai::PAGE_SIZE`], [`oai::FORMATS`]).
pub mod oai;

pub use oai::{OAI_SYNC, OaiSettings};

//! The OAI-PMH 2.0 provider: request checking (`request`), stateless keyset resumption tokens
//! (`token`), the records and their sync (`metadata`, `sync`), and the answers to the six verbs
//! (`respond`). Anyone may harvest: every record is public by construction.
//!
//! Identifiers are `oai:{host}:{werkplaats}/{type}/{id}` with `{host}` the host name of the
//! installation's public URL (no port) and `{type}` one of `knowledge_product`, `approach`, `story`.
//! Sets: `werkplaats:{slug}`, `kind:{kind}` (a product's kind, an approach's `aanpak` or
//! `werkzame_factor`, a story's `verhaal`), `kwestie:{key}` (the kwestie's key with spaces as `-`)
//! and `theme:{werkplaats}:{id}`.
mod metadata;
mod request;
mod respond;
mod sync;
mod token;

pub use metadata::{ITEM_TYPES, spec_part};
pub use request::{OaiError, OaiRequest, parse, parse_bound};
pub use sync::OAI_SYNC;
pub use token::Token;

/// Records (or headers) per page of a list.
pub const PAGE_SIZE: i64 = 100;

/// A metadata format this provider offers for every record.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    pub prefix: &'static str,
    pub schema: &'static str,
    pub namespace: &'static str,
}

/// `oai_dc` (required by the protocol) and `oai_openaire` (OpenAIRE Guidelines for Literature
/// Repositories v4, with COAR resource types; see ARCHITECTURE.md, Decisions).
pub const FORMATS: [Format; 2] = [
    Format {
        prefix: "oai_dc",
        schema: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        namespace: "http://www.openarchives.org/OAI/2.0/oai_dc/",
    },
    Format {
        prefix: "oai_openaire",
        schema: "https://www.openaire.eu/schema/repo-lit/4.0/openaire.xsd",
        namespace: "http://namespace.openaire.eu/schema/oaire/",
    },
];

/// What Identify says of the installation.
#[derive(Debug, Clone)]
pub struct OaiSettings {
    /// `repositoryName`: the setting `oai_repository_name`, "Broedplaats" unless set.
    pub repository_name: String,
    /// `adminEmail`: the setting `oai_admin_email`; the address of `mail_from` unless set.
    pub admin_email: Option<String>,
}

impl Default for OaiSettings {
    fn default() -> Self {
        Self { repository_name: "Broedplaats".into(), admin_email: None }
    }
}

/// The host name of a URL, without scheme, credentials, port or path (`[…]` kept for IPv6).
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or(host_port)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    host.to_ascii_lowercase()
}

/// The identifier of an item.
pub fn identifier(host: &str, werkplaats: &str, item_type: &str, id: i64) -> String {
    format!("oai:{host}:{werkplaats}/{item_type}/{id}")
}

/// (werkplaats, type, id) of an identifier of this installation.
pub fn parse_identifier<'a>(host: &str, identifier: &'a str) -> Option<(&'a str, &'static str, i64)> {
    let rest = identifier.strip_prefix("oai:")?.strip_prefix(host)?.strip_prefix(':')?;
    let mut parts = rest.split('/');
    let (slug, item_type, id) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || slug.is_empty() {
        return None;
    }
    let item_type = ITEM_TYPES.iter().copied().find(|t| *t == item_type)?;
    let id: i64 = id.parse().ok().filter(|n| *n > 0 && !id.starts_with('+') && !id.starts_with('0'))?;
    Some((slug, item_type, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_and_identifiers() {
        assert_eq!(host_of("https://kennis.example.nl:8443/x"), "kennis.example.nl");
        assert_eq!(host_of("http://user:pw@127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:8080/"), "[::1]");
        let id = identifier("h.nl", "zhz", "story", 7);
        assert_eq!(id, "oai:h.nl:zhz/story/7");
        assert_eq!(parse_identifier("h.nl", &id), Some(("zhz", "story", 7)));
        assert_eq!(parse_identifier("h.nl", "oai:h.nl:zhz/question/7"), None);
        assert_eq!(parse_identifier("h.nl", "oai:other.nl:zhz/story/7"), None);
        assert_eq!(parse_identifier("h.nl", "oai:h.nl:zhz/story/07"), None);
    }
}

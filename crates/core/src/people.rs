//! People of a werkplaats: members-only personal data.
use crate::auth::{Actor, require_member};
use crate::{Core, Result};
use base64::Engine;
use broedplaats_store::{PersonRow, Tenant, accounts};

/// One page of a list with an opaque cursor to the next page (keyset pagination: page 1,000
/// costs the same as page 1).
#[derive(Debug)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

pub(crate) fn encode_cursor(name: &str, id: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{id}\u{1f}{name}"))
}

pub(crate) fn decode_cursor(c: &str) -> Option<(String, i64)> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(c).ok()?;
    let s = String::from_utf8(raw).ok()?;
    let (id, name) = s.split_once('\u{1f}')?;
    Some((name.to_owned(), id.parse().ok()?))
}

impl Core {
    pub async fn people(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Paged<PersonRow>> {
        require_member(actor, tenant)?;
        let limit = limit.clamp(1, 200);
        let after = cursor.and_then(decode_cursor);
        let mut conn = self.store.conn().await?;
        let mut items =
            accounts::people(&mut conn, tenant, after.as_ref().map(|(n, i)| (n.as_str(), *i)), limit + 1).await?;
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|p| encode_cursor(&p.name, p.id))
        } else {
            None
        };
        Ok(Paged { items, next_cursor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip_and_garbage() {
        let c = encode_cursor("Anna Jansen", 42);
        assert_eq!(decode_cursor(&c), Some(("Anna Jansen".into(), 42)));
        assert_eq!(decode_cursor("!!"), None);
    }
}

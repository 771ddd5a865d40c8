//! People of a werkplaats: members-only personal data.
use crate::kernel::actor::{Actor, require_member};
use crate::kernel::paging::{Paged, decode_cursor, encode_cursor};
use crate::{Core, Result};
use broedplaats_store::{PersonRow, Tenant, accounts};

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

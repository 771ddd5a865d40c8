//! Writing: committing a use case's transaction, checking the references of an input, and turning
//! a uniqueness conflict into a field a person can fix.
use crate::{CoreError, Result};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::organisation::{self as q, Table};
use broedplaats_store::{Conn, StoreError, Tenant};
use std::collections::HashMap;

/// Commits the transaction of a use case.
pub async fn commit(tx: broedplaats_store::Tx<'static>) -> Result<()> {
    tx.commit().await.map_err(|e| CoreError::from(StoreError::from(e)))
}

/// Checks that every id refers to a row of `table` in this werkplaats.
pub async fn check_refs(
    conn: &mut Conn,
    t: &Tenant,
    e: &mut FieldErrors,
    field: &str,
    table: Table,
    ids: &[i64],
) -> Result<()> {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() != ids.len() {
        e.push(field, FieldErrorKind::Duplicate);
        return Ok(());
    }
    let found = q::existing_ids(conn, t, table, &unique).await?;
    if found.len() != unique.len() {
        e.push(field, FieldErrorKind::Invalid);
    }
    Ok(())
}

/// Maps a uniqueness conflict to the field a person can fix.
pub fn conflict_on(field: &'static str) -> impl Fn(StoreError) -> CoreError {
    move |e| match e {
        StoreError::Conflict(_) => CoreError::Invalid(FieldErrors::single(field, FieldErrorKind::Duplicate)),
        e => CoreError::from(e),
    }
}

/// The ids of the themes on the current agenda of a werkplaats: what a theme reference may name.
pub async fn current_theme_ids(conn: &mut Conn, tenant: &Tenant) -> Result<Vec<i64>> {
    let agenda = broedplaats_store::agenda::current(conn, tenant).await?.ok_or(CoreError::NotFound)?;
    Ok(broedplaats_store::agenda::themes(conn, tenant, agenda.id).await?.iter().map(|t| t.id).collect())
}

/// (parent, child) pairs grouped by parent, in order: one pass instead of a scan per parent.
pub fn group_links(pairs: Vec<(i64, i64)>) -> HashMap<i64, Vec<i64>> {
    let mut map: HashMap<i64, Vec<i64>> = HashMap::new();
    for (parent, child) in pairs {
        map.entry(parent).or_default().push(child);
    }
    map
}

//! Keeping the OAI-PMH records current: derived data fed by the search outbox, like the index.
//!
//! [`Core::sync_oai`] reads the outbox after its position (table `oai_sync`), rebuilds the record
//! of each knowledge product, approach and story named there, and advances the position in the
//! same transaction, which first locks the position row, so two instances never apply the same
//! rows at once. A record's datestamp changes only when its XML or its sets change; an item that
//! may no longer be disseminated leaves a tombstone (deleted, metadata cleared, sets kept). When
//! the position is 0 (first run), ahead of the outbox (another database) or behind what it still
//! holds (pruned), every item of every werkplaats is rebuilt instead.
use super::metadata::{ITEM_TYPES, Rendered, render};
use crate::kernel::BoxFuture;
use crate::{Core, Result};
use broedplaats_store::knowledge::{self as kq, KnowledgeTable};
use broedplaats_store::oai::{self as q, OaiRecordWrite};
use broedplaats_store::{Conn, Tenant};

/// The sync as the kernel runs it after each commit and in the background loop.
pub const OAI_SYNC: crate::kernel::search::DerivedSync = sync_boxed;

fn sync_boxed(core: &Core) -> BoxFuture<'_, Result<usize>> {
    Box::pin(core.sync_oai())
}

fn table(item_type: &str) -> Option<KnowledgeTable> {
    match item_type {
        "knowledge_product" => Some(KnowledgeTable::Products),
        "approach" => Some(KnowledgeTable::Approaches),
        "story" => Some(KnowledgeTable::Stories),
        _ => None,
    }
}

/// Brings the record of one item up to date; whether it changed.
pub async fn apply(conn: &mut Conn, t: &Tenant, item_type: &str, id: i64, public_url: &str, now: &str) -> Result<bool> {
    let rendered = render(conn, t, item_type, id, public_url).await?;
    let existing = q::record(conn, t, item_type, id).await?;
    match (rendered, existing) {
        (Some(r), Some(e)) => {
            let sets: Vec<String> = q::sets_of(conn, &[e.id]).await?.into_iter().map(|(_, s)| s).collect();
            let new_sets: Vec<String> = r.sets.iter().map(|(s, _)| s.clone()).collect();
            if e.deleted == 0 && e.oai_dc == r.oai_dc && e.oai_openaire == r.oai_openaire && sets == new_sets {
                return Ok(false);
            }
            write(conn, t, item_type, id, &r, now).await?;
            Ok(true)
        }
        (Some(r), None) => {
            write(conn, t, item_type, id, &r, now).await?;
            Ok(true)
        }
        (None, Some(e)) if e.deleted == 0 => {
            let w =
                OaiRecordWrite { item_type, item_id: id, datestamp: now, deleted: true, oai_dc: "", oai_openaire: "" };
            let record = q::upsert_record(conn, t, &w).await?;
            q::restamp_sets(conn, t, record, now).await?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

async fn write(conn: &mut Conn, t: &Tenant, item_type: &str, id: i64, r: &Rendered, now: &str) -> Result<()> {
    let w = OaiRecordWrite {
        item_type,
        item_id: id,
        datestamp: now,
        deleted: false,
        oai_dc: &r.oai_dc,
        oai_openaire: &r.oai_openaire,
    };
    let record = q::upsert_record(conn, t, &w).await?;
    q::replace_sets(conn, t, record, now, &r.sets).await?;
    Ok(())
}

/// The position after applying everything up to `head`: -1 for an empty outbox (0 means "never
/// synced", which rebuilds).
fn synced_to(head: i64) -> i64 {
    if head == 0 { -1 } else { head }
}

impl Core {
    /// Brings the OAI-PMH records up to date with the search outbox; how many records changed.
    /// Cheap when nothing changed (three small queries). Runs on the database alone, so also in a
    /// command-line process beside a running server.
    pub async fn sync_oai(&self) -> Result<usize> {
        {
            let mut conn = self.store.conn().await?;
            let position = q::sync_position(&mut conn).await?;
            if position == synced_to(kq::outbox_head(&mut conn).await?) {
                return Ok(0);
            }
        }
        let mut tx = self.store.begin().await?;
        let position = q::claim_sync(&mut tx).await?;
        let (head, tail) = (kq::outbox_head(&mut tx).await?, kq::outbox_tail(&mut tx).await?);
        let now = crate::kernel::time::stored(chrono::Utc::now());
        let mut changed = 0;
        if position == 0 || position > head || (tail > 0 && position + 1 < tail) {
            for w in broedplaats_store::werkplaats::list(&mut tx).await? {
                let Some(t) = broedplaats_store::werkplaats::tenant(&mut tx, &w.slug).await? else { continue };
                for item_type in ITEM_TYPES {
                    let Some(table) = table(item_type) else { continue };
                    let mut ids = kq::all_ids(&mut tx, &t, table).await?;
                    ids.extend(q::live_item_ids(&mut tx, &t, item_type).await?);
                    ids.sort_unstable();
                    ids.dedup();
                    for id in ids {
                        changed += usize::from(apply(&mut tx, &t, item_type, id, &self.public_url, &now).await?);
                    }
                }
            }
            if q::advance_sync(&mut tx, position, synced_to(head)).await? {
                crate::kernel::tx::commit(tx).await?;
            }
            return Ok(changed);
        }
        let mut at = position;
        loop {
            let rows = kq::outbox_after(&mut tx, at, 500).await?;
            let Some(last) = rows.last().map(|r| r.id) else { break };
            let mut seen = std::collections::HashSet::new();
            for row in rows {
                if table(&row.doc_type).is_none()
                    || !seen.insert((row.werkplaats.clone(), row.doc_type.clone(), row.doc_id))
                {
                    continue;
                }
                let Some(t) = broedplaats_store::werkplaats::tenant(&mut tx, &row.werkplaats).await? else { continue };
                changed += usize::from(apply(&mut tx, &t, &row.doc_type, row.doc_id, &self.public_url, &now).await?);
            }
            at = last;
        }
        if at != position && q::advance_sync(&mut tx, position, at).await? {
            crate::kernel::tx::commit(tx).await?;
        }
        Ok(changed)
    }
}

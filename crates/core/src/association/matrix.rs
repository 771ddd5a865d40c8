//! What the association view reads of the large tables — the matrix werkplaats × kwestie (counted
//! in three grouped queries, kept per level of access), the projects and questions that serve the
//! priorities and the joint projects (with the level of each) — cached in this process while the
//! database says nothing it depends on changed.
use crate::{Core, Result};
use broedplaats_store::Conn;
use broedplaats_store::association as q;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Levels of access, 0 (everyone) to 3 (the werkplaats's managers); see `store::association`.
pub(super) const LEVELS: usize = 4;

/// The items of one werkplaats with one kwestie, by level of access.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    pub projects: [i64; LEVELS],
    pub questions: [i64; LEVELS],
    pub products: [i64; LEVELS],
}

fn up_to(counts: &[i64; LEVELS], level: i64) -> i64 {
    counts.iter().take(usize::try_from(level).unwrap_or(0) + 1).sum()
}

impl Cell {
    /// (projects, questions, products) a reader of `level` may read.
    pub fn visible(&self, level: i64) -> (i64, i64, i64) {
        (up_to(&self.projects, level), up_to(&self.questions, level), up_to(&self.products, level))
    }
}

/// Every count of the association for every level of access, and the lists every reader's view
/// is filtered from.
#[derive(Debug, Clone, Default)]
pub struct Matrix {
    /// Kwesties with at least one counted item (for some reader), by label: (id, label).
    pub kwesties: Vec<(i64, String)>,
    cells: HashMap<(String, i64), Cell>,
    /// The projects and questions that serve a priority, with their level.
    pub(super) priority_items: Vec<q::PriorityItemRow>,
    /// Joint projects, one row per partner, with their level.
    pub(super) joint: Vec<q::JointRow>,
    /// Records harvested from other installations and repositories (issue 17), per werkplaats that
    /// registered the source. Harvested records are public: no level.
    pub(super) harvested: HashMap<String, i64>,
}

impl Matrix {
    /// Counts and reads everything, in seven queries whatever the size of the association.
    pub async fn compute(conn: &mut Conn) -> Result<Matrix> {
        let mut cells: HashMap<(String, i64), Cell> = HashMap::new();
        let mut add = |rows: Vec<q::CountRow>, pick: fn(&mut Cell) -> &mut [i64; LEVELS]| {
            for r in rows {
                let level = usize::try_from(r.level).unwrap_or(LEVELS - 1).min(LEVELS - 1);
                pick(cells.entry((r.werkplaats, r.kwestie_id)).or_default())[level] += r.n;
            }
        };
        add(q::project_counts(conn).await?, |c| &mut c.projects);
        add(q::question_counts(conn).await?, |c| &mut c.questions);
        add(q::product_counts(conn).await?, |c| &mut c.products);
        let used: std::collections::HashSet<i64> = cells.keys().map(|(_, k)| *k).collect();
        let kwesties = q::kwestie_labels(conn).await?.into_iter().filter(|(id, _)| used.contains(id)).collect();
        let priority_items = q::priority_items(conn).await?;
        let joint = q::joint_projects(conn).await?;
        let harvested = broedplaats_store::harvest::counts_per_werkplaats(conn).await?.into_iter().collect();
        Ok(Matrix { kwesties, cells, priority_items, joint, harvested })
    }

    /// The counts of werkplaats `slug` for kwestie `kwestie` (all zero when it has none).
    pub fn cell(&self, slug: &str, kwestie: i64) -> Cell {
        // A borrowed key would need a second map layer; the allocation is cheap next to rendering.
        self.cells.get(&(slug.to_owned(), kwestie)).copied().unwrap_or_default()
    }
}

/// The key the matrix was computed under: (newest audit entry, newest search-outbox row, number
/// of werkplaatsen). Every write that changes what it holds moves it: questions, their moves and
/// kwestie links, products, projects and kwestie renames write an outbox row (and most an audit
/// entry); linking items to a priority and setting a project's partners write outbox rows for the
/// projects and questions concerned (see `manage`); a new werkplaats changes the number. The
/// outbox is what makes it safe: its ids commit in order (on PostgreSQL under an advisory lock),
/// so a row committed after the key was read always moves it — audit ids do not, on PostgreSQL.
type Key = (i64, i64, i64);

/// The last matrix of this process. Several instances each keep their own; the key is read from
/// the shared database on every use, so none serves counts older than the data.
#[derive(Debug, Default)]
pub struct AssociationCache(Mutex<Option<(Key, Arc<Matrix>)>>);

impl AssociationCache {
    fn get(&self, key: Key) -> Option<Arc<Matrix>> {
        let slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        slot.as_ref().filter(|(k, _)| *k == key).map(|(_, m)| m.clone())
    }
    fn put(&self, key: Key, matrix: Arc<Matrix>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some((key, matrix));
    }
    /// Forgets the matrix (the benchmark's baseline computes it on every request).
    pub fn clear(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

impl Core {
    /// The matrix, from the cache when nothing it counts changed since it was computed. The key is
    /// read before the counts, so a write that lands in between makes the cached matrix newer than
    /// its key (recomputed once more next time), never older.
    pub(super) async fn matrix(&self, conn: &mut Conn) -> Result<Arc<Matrix>> {
        let key = q::counts_state(conn).await?;
        if let Some(m) = self.association_cache.get(key) {
            return Ok(m);
        }
        let m = Arc::new(Matrix::compute(conn).await?);
        self.association_cache.put(key, m.clone());
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_sees_the_levels_up_to_theirs() {
        let c = Cell { projects: [1, 2, 4, 8], questions: [0, 1, 0, 0], products: [3, 0, 5, 7] };
        assert_eq!(c.visible(0), (1, 0, 3));
        assert_eq!(c.visible(1), (3, 1, 3));
        assert_eq!(c.visible(2), (7, 1, 8));
        assert_eq!(c.visible(3), (15, 1, 15));
    }
}

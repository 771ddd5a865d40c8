//! One pass over the matching docs: visibility, total, facet counts and the top k by score or
//! by date.
//!
//! Facet values and access tokens live in one multi-valued `facet` fast field (term ordinals).
//! Reading it through tantivy's column API costs ~30 ns per matching doc, which dominated
//! queries with hundreds of thousands of hits; [`FacetCache`] keeps each segment's ordinals as
//! a flat array instead (built once per segment, 1–2 bytes per value), so the collector both
//! filters by access token and counts facets with a few array reads per doc. Checking access
//! here rather than intersecting the text query with an access-token query also avoids a
//! costly intersection with the (nearly all docs) posting list of "public".
use crate::{ACL_FACET, FACET_SEP, FacetCount, MAX_FACET_VALUES, facet_value};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// Term ordinals of a segment's `facet` column, flat.
pub(crate) struct SegmentOrds {
    /// Values of doc `d` are `ords[offsets[d]..offsets[d + 1]]`.
    offsets: Vec<u32>,
    ords: Ords,
}

enum Ords {
    Tiny(Vec<u8>),
    Small(Vec<u16>),
    Large(Vec<u32>),
}

impl SegmentOrds {
    fn build(column: &StrColumn, max_doc: DocId) -> SegmentOrds {
        let ords: &Column<u64> = column.ords();
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut all: Vec<u32> = Vec::new();
        offsets.push(0);
        for doc in 0..max_doc {
            all.extend(ords.values_for_doc(doc).map(|o| u32::try_from(o).unwrap_or(u32::MAX)));
            offsets.push(u32::try_from(all.len()).unwrap_or(u32::MAX));
        }
        let ords = if column.num_terms() <= usize::from(u8::MAX) {
            Ords::Tiny(all.into_iter().map(|o| u8::try_from(o).unwrap_or(u8::MAX)).collect())
        } else if column.num_terms() <= usize::from(u16::MAX) {
            Ords::Small(all.into_iter().map(|o| u16::try_from(o).unwrap_or(u16::MAX)).collect())
        } else {
            Ords::Large(all)
        };
        SegmentOrds { offsets, ords }
    }
}

/// [`SegmentOrds`] per segment of the facet field, built on first use.
#[derive(Default)]
pub(crate) struct FacetCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentOrds>>>,
}

impl FacetCache {
    fn get(&self, reader: &SegmentReader, column: &StrColumn) -> Arc<SegmentOrds> {
        let id = reader.segment_id();
        if let Some(s) = self.segments.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return s;
        }
        // Built outside the lock; a concurrent build of the same segment is harmless.
        let built = Arc::new(SegmentOrds::build(column, reader.max_doc()));
        if let Ok(mut m) = self.segments.lock() {
            m.insert(id, built.clone());
        }
        built
    }

    /// Builds the entries of `searcher`'s segments and drops those of segments it no longer has.
    pub(crate) fn warm(&self, searcher: &Searcher, facet_field: &str) {
        let live: Vec<SegmentId> = searcher.segment_readers().iter().map(SegmentReader::segment_id).collect();
        if let Ok(mut m) = self.segments.lock() {
            m.retain(|id, _| live.contains(id));
        }
        for reader in searcher.segment_readers() {
            if let Ok(Some(column)) = reader.fast_fields().str(facet_field) {
                self.get(reader, &column);
            }
        }
    }
}

pub(crate) struct FacetTopCollector<'a> {
    pub k: usize,
    /// Newest first (score breaks ties) instead of by score.
    pub by_date: bool,
    pub date_field: &'static str,
    /// Empty: no facet counts.
    pub facet_field: &'static str,
    /// Flat facet ordinals; `None`: built per search (slow, for tiny searches only).
    pub cache: Option<&'a FacetCache>,
    /// Only docs with one of these access tokens (in the facet field) are collected; `None`: all
    /// docs.
    pub acl: Option<&'a [String]>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct TopEntry {
    pub date: u64,
    pub score: Score,
    pub doc: DocAddress,
}

impl TopEntry {
    /// Better entries compare greater.
    fn rank(&self, other: &TopEntry) -> Ordering {
        self.date
            .cmp(&other.date)
            .then_with(|| self.score.total_cmp(&other.score))
            .then_with(|| other.doc.cmp(&self.doc))
    }
}

/// Heap entry: the worst kept entry on top.
struct Worst(TopEntry);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.rank(&self.0)
    }
}

pub(crate) struct Fruit {
    pub total: u64,
    /// Sorted best first.
    pub top: Vec<TopEntry>,
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

pub(crate) struct SegmentFruit {
    total: u64,
    top: Vec<TopEntry>,
    facets: Vec<(String, u64)>,
}

pub(crate) struct Segment {
    k: usize,
    segment: SegmentOrdinal,
    dates: Option<Column<u64>>,
    facets: Option<(StrColumn, Arc<SegmentOrds>)>,
    /// By term ordinal: whether the value is an access token of the viewer; `None`: no check.
    allowed: Option<Vec<bool>>,
    counts: Vec<u32>,
    heap: BinaryHeap<Worst>,
    total: u64,
}

impl Collector for FacetTopCollector<'_> {
    type Fruit = Fruit;
    type Child = Segment;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Segment> {
        let fast = reader.fast_fields();
        let dates = if self.by_date { fast.u64(self.date_field).ok() } else { None };
        let facets = if self.facet_field.is_empty() {
            None
        } else {
            fast.str(self.facet_field)?.map(|c| {
                let ords = match self.cache {
                    Some(cache) => cache.get(reader, &c),
                    None => Arc::new(SegmentOrds::build(&c, reader.max_doc())),
                };
                (c, ords)
            })
        };
        let allowed = match (self.acl, &facets) {
            (None, _) => None,
            // No facet column in this segment: nothing carries an access token.
            (Some(_), None) => Some(Vec::new()),
            (Some(acl), Some((column, _))) => {
                let mut allowed = vec![false; column.num_terms()];
                for token in acl {
                    if let Ok(Some(ord)) = column.dictionary().term_ord(facet_value(ACL_FACET, token).as_bytes())
                        && let Some(a) = allowed.get_mut(ord as usize)
                    {
                        *a = true;
                    }
                }
                Some(allowed)
            }
        };
        let counts = vec![0; facets.as_ref().map_or(0, |(c, _)| c.num_terms())];
        Ok(Segment {
            k: self.k,
            segment,
            dates,
            facets,
            allowed,
            counts,
            heap: BinaryHeap::with_capacity(self.k + 1),
            total: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        !self.by_date
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Fruit> {
        let mut total = 0;
        let mut top = Vec::new();
        let mut counts: HashMap<String, u64> = HashMap::new();
        for f in fruits {
            total += f.total;
            top.extend(f.top);
            for (v, n) in f.facets {
                *counts.entry(v).or_insert(0) += n;
            }
        }
        top.sort_by(|a, b| b.rank(a));
        top.truncate(self.k);
        let mut facets: BTreeMap<String, Vec<FacetCount>> = BTreeMap::new();
        for (v, count) in counts {
            if let Some((name, value)) = v.split_once(FACET_SEP)
                && name != ACL_FACET
            {
                facets.entry(name.to_owned()).or_default().push(FacetCount { value: value.to_owned(), count });
            }
        }
        for values in facets.values_mut() {
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            values.truncate(MAX_FACET_VALUES);
        }
        Ok(Fruit { total, top, facets })
    }
}

/// Whether a doc with `vals` is visible, and if so counts its values.
#[inline]
fn visit<O: Copy + TryInto<usize>>(vals: &[O], allowed: Option<&[bool]>, counts: &mut [u32]) -> bool {
    let idx = |o: O| o.try_into().unwrap_or(usize::MAX);
    if let Some(allowed) = allowed
        && !vals.iter().any(|&o| allowed.get(idx(o)).copied().unwrap_or(false))
    {
        return false;
    }
    for &o in vals {
        if let Some(c) = counts.get_mut(idx(o)) {
            *c += 1;
        }
    }
    true
}

impl Segment {
    /// Counts the doc's facet values; `false` (and nothing counted) when the viewer may not
    /// see it.
    #[inline]
    fn visible_and_count(&mut self, doc: DocId) -> bool {
        let Some((_, ords)) = &self.facets else {
            return self.allowed.as_ref().is_none_or(|a| !a.is_empty());
        };
        let d = doc as usize;
        let (Some(&start), Some(&end)) = (ords.offsets.get(d), ords.offsets.get(d + 1)) else {
            return false;
        };
        let range = start as usize..end as usize;
        let allowed = self.allowed.as_deref();
        match &ords.ords {
            Ords::Tiny(v) => visit(v.get(range).unwrap_or_default(), allowed, &mut self.counts),
            Ords::Small(v) => visit(v.get(range).unwrap_or_default(), allowed, &mut self.counts),
            Ords::Large(v) => visit(v.get(range).unwrap_or_default(), allowed, &mut self.counts),
        }
    }

    #[inline]
    fn push(&mut self, doc: DocId, score: Score) {
        let date = self.dates.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        let entry = TopEntry { date, score, doc: DocAddress::new(self.segment, doc) };
        if self.heap.len() < self.k {
            self.heap.push(Worst(entry));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && entry.rank(&worst.0) == Ordering::Greater
        {
            *worst = Worst(entry);
        }
    }
}

impl SegmentCollector for Segment {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.visible_and_count(doc) {
            self.total += 1;
            self.push(doc, score);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.collect(doc, 0.0);
        }
    }

    fn harvest(self) -> SegmentFruit {
        let mut facets = Vec::new();
        if let Some((column, _)) = &self.facets {
            let mut s = String::new();
            for (ord, &n) in self.counts.iter().enumerate() {
                if n > 0 && column.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                    facets.push((s.clone(), u64::from(n)));
                }
            }
        }
        SegmentFruit { total: self.total, top: self.heap.into_iter().map(|w| w.0).collect(), facets }
    }
}

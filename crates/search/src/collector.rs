//! One pass over the matching docs: total, facet counts (from the `facet` fast field's term
//! ordinals, one multi-valued column for all facets) and the top k by score or by date.
use crate::{FACET_SEP, FacetCount, MAX_FACET_VALUES};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

pub(crate) struct FacetTopCollector {
    pub k: usize,
    /// Newest first (score breaks ties) instead of by score.
    pub by_date: bool,
    pub date_field: &'static str,
    /// Empty: no facet counts.
    pub facet_field: &'static str,
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
    facets: Option<(StrColumn, Column<u64>)>,
    counts: Vec<u32>,
    heap: BinaryHeap<Worst>,
    total: u64,
}

impl Collector for FacetTopCollector {
    type Fruit = Fruit;
    type Child = Segment;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Segment> {
        let fast = reader.fast_fields();
        let dates = if self.by_date { fast.u64(self.date_field).ok() } else { None };
        let facets = if self.facet_field.is_empty() {
            None
        } else {
            fast.str(self.facet_field)?.map(|c| {
                let ords = c.ords().clone();
                (c, ords)
            })
        };
        let counts = vec![0; facets.as_ref().map_or(0, |(c, _)| c.num_terms())];
        Ok(Segment { k: self.k, segment, dates, facets, counts, heap: BinaryHeap::with_capacity(self.k + 1), total: 0 })
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
            if let Some((name, value)) = v.split_once(FACET_SEP) {
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

impl Segment {
    #[inline]
    fn count_facets(&mut self, doc: DocId) {
        if let Some((_, ords)) = &self.facets {
            for ord in ords.values_for_doc(doc) {
                if let Some(c) = self.counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
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
        self.total += 1;
        self.count_facets(doc);
        self.push(doc, score);
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

//! Suggested clusters of short Dutch texts: the pitches of an agenda co-creation round, grouped
//! into themes that a coordinator then accepts, renames or regroups.
//!
//! 1. Analysis: the index's Dutch analysis ([`crate::analysis`]: folding, Snowball stop words,
//!    decompounding, stemming), so `schuldhulpverlening` shares `schuld` with `schulden`. On top
//!    of that, bare numbers and [`EXTRA_STOP_WORDS`] are dropped: function words and the frame
//!    words of a question (`we`, `welke`, `nodig`, `vaak`) that carry no theme but, in texts this
//!    short, link unrelated ones. Compound parts count [`crate::query::PART_WEIGHT`] of a whole
//!    word, as in search.
//! 2. Vectors: TF-IDF with sublinear term frequency (`1 + ln tf`), smoothed idf
//!    (`ln((1 + n) / (1 + df)) + 1`, never zero, so identical texts stay identical even when they
//!    are the whole input), L2-normalised, sparse; similarity is the cosine. Stems that occur in
//!    only one text are left out of these vectors: they cannot link two texts and would only dilute
//!    the cosine of the text that has them (in the evaluation set 70% of the stems are such).
//! 3. Clustering: agglomerative, average linkage (UPGMA), by the nearest-neighbour chain algorithm
//!    with Lance–Williams updates of a dense similarity matrix: O(n²) time and memory.
//! 4. Stopping rule: merge while the average similarity between two clusters is at least
//!    [`MIN_SIMILARITY`] (see there).
//! 5. Label: the three stems that weigh most in the cluster relative to the other texts (mean
//!    TF-IDF weight inside minus mean outside), each shown as the word that produced it most often
//!    in the cluster's texts, as written ("Bewoners, buurt en opbouwwerkers", not "bewoner, buurt,
//!    opbouwwerker").
//!
//! Quality is measured in `tests/cluster_quality.rs` (adjusted Rand index against a hand grouping);
//! speed by `bench/src/bin/cluster_suggest.rs`.
use crate::analysis::{new_stemmer, stem_with, unstemmed_analyzer};
use std::collections::{BTreeMap, HashMap, HashSet};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// Two clusters are merged while the average cosine similarity between their texts is at least
/// this. Chosen on the hand-grouped evaluation set (tests/data/pitches.json), where two pitches
/// of one theme average 0.14 and two of different themes 0.05: 0.08 lies between. The result is
/// not sensitive to it there (adjusted Rand index 0.27–0.32 for 0.06–0.10); on the set written
/// afterwards (pitches-holdout.json) it gives 0.10. A fixed threshold keeps its meaning as the
/// input grows: on 300 pitches recombined from six themes it finds the six. The number of
/// clusters by best silhouette was tried instead and rejected: during development it chose 44
/// clusters on those 300, and 17–21 at a lower index on the hand set (short texts give many
/// tight pairs, which silhouette rewards).
pub const MIN_SIMILARITY: f64 = 0.08;

/// A stem must occur in at least this many texts to take part in the similarity.
const MIN_DOCUMENT_FREQUENCY: usize = 2;

/// Words in a label.
const LABEL_WORDS: usize = 3;

/// Function words and the frame words of a question or proposal, on top of the analyzer's
/// Snowball list (which lacks e.g. `we`, `welke` and `vaak`; `vaak` even stems to `vak`).
/// Lower case and folded, as the analyzer sees them before stemming.
#[rustfmt::skip]
const EXTRA_STOP_WORDS: &[&str] = &[
    "we", "wij", "jullie", "jouw", "onze", "hen", "welk", "welke", "wanneer", "waarom", "waar", "waarin", "waardoor",
    "waarbij", "waarop", "hoeveel", "tussen", "tijdens", "sinds", "vanaf", "binnen", "buiten", "via", "per", "rond",
    "rondom", "zoals", "terwijl", "voordat", "nadat", "zodat", "zodra", "omdat", "echter", "toch", "ook", "al", "nog",
    "steeds", "vaak", "soms", "nooit", "altijd", "meteen", "even", "echt", "eigenlijk", "vooral", "juist", "wel",
    "alleen", "maar", "zelf", "elkaar", "iedereen", "iemand", "niemand", "iets", "niets", "alles", "veel", "weinig",
    "meer", "minder", "meeste", "andere", "ander", "eerste", "nieuwe", "nieuw", "goed", "goede", "beter", "groot",
    "grote", "klein", "kleine", "lang", "lange", "langer", "kort", "korte", "hoog", "hoge", "laag", "lage", "deel",
    "manier", "vorm", "vormen", "keer", "jaar", "jaren", "nu", "straks", "komende", "volgend", "volgende", "vanzelf",
    "nodig", "moeten", "moet", "kunnen", "kan", "kunt", "willen", "wil", "wordt", "worden", "werd", "zijn", "is",
    "hebben", "heeft", "gaan", "gaat", "komen", "komt", "blijven", "blijft", "krijgen", "krijgt", "maken", "maakt",
    "laten", "laat", "zien", "ziet", "zitten", "zit", "staan", "staat", "geven", "geeft", "doen", "doet", "houden",
    "houdt", "weten", "weet", "vinden", "vindt", "lopen", "loopt", "raken", "raakt", "bijvoorbeeld", "namelijk",
];

/// One suggested theme: a proposed label and the ids of its texts, ascending. The label is empty
/// only when none of the texts has a content word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestedCluster {
    pub label: String,
    pub ids: Vec<i64>,
}

/// Suggests clusters for `docs`, given as `(id, text)`. The caller joins a pitch's fields (title,
/// question, why now, for whom) into one text; the title needs no repeating (counting it twice
/// made no measurable difference on the evaluation set). Every id ends up in exactly one cluster
/// (a cluster may be a single text); clusters come largest first (ties: smallest id first), ids
/// ascending inside. The result does not depend on the order of `docs`.
pub fn suggest_clusters(docs: &[(i64, &str)]) -> Vec<SuggestedCluster> {
    suggest(docs, MIN_SIMILARITY)
}

fn suggest(docs: &[(i64, &str)], min_similarity: f64) -> Vec<SuggestedCluster> {
    if docs.is_empty() {
        return Vec::new();
    }
    // A canonical order, so the order of the input cannot decide ties.
    let mut docs = docs.to_vec();
    docs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let n = docs.len();

    let mut analyzer = Analyzer::new();
    let analyzed: Vec<Vec<Term>> = docs.iter().map(|(_, text)| analyzer.terms(text)).collect();
    let vocab = Vocabulary::build(&analyzed);
    let vectors: Vec<Vec<(u32, f64)>> =
        analyzed.iter().map(|terms| vocab.vector(terms, MIN_DOCUMENT_FREQUENCY)).collect();
    let merges = average_linkage(similarity_matrix(&vectors, vocab.len()), n);

    let mut sets = UnionFind::new(n);
    for m in merges.iter().take_while(|m| m.similarity >= min_similarity) {
        sets.union(m.a, m.b);
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        members.entry(sets.find(i)).or_default().push(i);
    }
    // Members are in index order, which is id order.
    let mut clusters: Vec<Vec<usize>> = members.into_values().collect();
    clusters.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a[0].cmp(&b[0])));

    // Labels may use every stem, also one that only a single text has (a singleton's best words).
    let label_vectors: Vec<Vec<(u32, f64)>> = analyzed.iter().map(|terms| vocab.vector(terms, 1)).collect();
    let labeller = Labeller::new(&analyzed, &label_vectors, &vocab);
    clusters
        .into_iter()
        .map(|c| SuggestedCluster { label: labeller.label(&c), ids: c.iter().map(|&i| docs[i].0).collect() })
        .collect()
}

/// One analysed token: its stem and the word as written.
struct Term {
    stem: String,
    /// The word as written in lower case (keeps diacritics: cliënten); for a compound part, the
    /// part as the decompounder cut it (folded).
    surface: String,
    /// A part of a decompounded word (the whole word is a term of its own).
    part: bool,
}

/// The analysis chain up to the stemmer, the stemmer with a cache (pitches repeat their words).
struct Analyzer {
    analyzer: TextAnalyzer,
    stop_words: HashSet<&'static str>,
    stemmer: frostem::Stemmer,
    stems: HashMap<String, String>,
}

impl Analyzer {
    fn new() -> Self {
        Analyzer {
            analyzer: unstemmed_analyzer(),
            stop_words: EXTRA_STOP_WORDS.iter().copied().collect(),
            stemmer: new_stemmer(),
            stems: HashMap::new(),
        }
    }

    fn terms(&mut self, text: &str) -> Vec<Term> {
        let mut stream = self.analyzer.token_stream(text);
        let mut out = Vec::new();
        let mut last_position = usize::MAX;
        while let Some(token) = stream.next() {
            // The decompounder emits a word's parts after the word, at the same position.
            let part = token.position == last_position;
            last_position = token.position;
            if token.text.chars().all(|c| c.is_ascii_digit()) || self.stop_words.contains(token.text.as_str()) {
                continue;
            }
            let surface = match text.get(token.offset_from..token.offset_to) {
                Some(written) if !part => written.to_lowercase(),
                _ => token.text.clone(),
            };
            let stem = match self.stems.get(&token.text) {
                Some(stem) => stem.clone(),
                None => {
                    let stem = stem_with(&self.stemmer, &token.text);
                    self.stems.insert(token.text.clone(), stem.clone());
                    stem
                }
            };
            out.push(Term { stem, surface, part });
        }
        out
    }
}

/// Every stem of the input with its document frequency and idf; ids in stem order.
struct Vocabulary {
    ids: HashMap<String, u32>,
    stems: Vec<String>,
    df: Vec<usize>,
    idf: Vec<f64>,
}

impl Vocabulary {
    fn build(analyzed: &[Vec<Term>]) -> Self {
        let mut df: BTreeMap<&str, usize> = BTreeMap::new();
        for terms in analyzed {
            let mut seen: Vec<&str> = terms.iter().map(|t| t.stem.as_str()).collect();
            seen.sort_unstable();
            seen.dedup();
            for stem in seen {
                *df.entry(stem).or_default() += 1;
            }
        }
        let n = analyzed.len() as f64;
        Vocabulary {
            ids: df.keys().enumerate().map(|(i, s)| ((*s).to_owned(), i as u32)).collect(),
            stems: df.keys().map(|s| (*s).to_owned()).collect(),
            idf: df.values().map(|&d| ((1.0 + n) / (1.0 + d as f64)).ln() + 1.0).collect(),
            df: df.into_values().collect(),
        }
    }

    fn len(&self) -> usize {
        self.stems.len()
    }

    /// The L2-normalised TF-IDF vector of one text over the stems in at least `min_df` texts,
    /// sorted by stem id.
    fn vector(&self, terms: &[Term], min_df: usize) -> Vec<(u32, f64)> {
        let part_weight = f64::from(crate::query::PART_WEIGHT);
        let mut tf: BTreeMap<u32, f64> = BTreeMap::new();
        for t in terms {
            if let Some(&id) = self.ids.get(&t.stem)
                && self.df[id as usize] >= min_df
            {
                *tf.entry(id).or_default() += if t.part { part_weight } else { 1.0 };
            }
        }
        // Sublinear above one occurrence; a lone compound part keeps its lower weight.
        let mut v: Vec<(u32, f64)> = tf
            .into_iter()
            .map(|(id, f)| (id, if f > 1.0 { 1.0 + f.ln() } else { f } * self.idf[id as usize]))
            .collect();
        let norm = v.iter().map(|&(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        v
    }
}

/// Dense n×n cosine similarities (row-major, 1 on the diagonal) through an inverted index over
/// the sparse vectors: only pairs that share a stem cost anything.
fn similarity_matrix(vectors: &[Vec<(u32, f64)>], stems: usize) -> Vec<f64> {
    let n = vectors.len();
    let mut postings: Vec<Vec<(usize, f64)>> = vec![Vec::new(); stems];
    for (d, v) in vectors.iter().enumerate() {
        for &(t, w) in v {
            postings[t as usize].push((d, w));
        }
    }
    let mut sim = vec![0.0; n * n];
    for list in &postings {
        for (x, &(i, wi)) in list.iter().enumerate() {
            for &(j, wj) in &list[x + 1..] {
                sim[i * n + j] += wi * wj;
            }
        }
    }
    for i in 0..n {
        sim[i * n + i] = 1.0;
        for j in i + 1..n {
            sim[j * n + i] = sim[i * n + j];
        }
    }
    sim
}

/// One merge of the dendrogram: the clusters named by `a` and `b` (each by its smallest member
/// index) joined at average similarity `similarity`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Merge {
    similarity: f64,
    a: usize,
    b: usize,
}

/// The average-linkage dendrogram, most similar merge first, by the nearest-neighbour chain
/// algorithm: follow nearest neighbours until two clusters are each other's nearest, merge them
/// (the merged row by Lance–Williams: the size-weighted mean of the two rows), continue from what
/// is left of the chain. Average linkage is reducible (a merge never brings a cluster closer to a
/// third than the nearer of its two parts was), so this yields the same dendrogram as merging the
/// most similar pair each time, in O(n²) instead of O(n³).
fn average_linkage(mut sim: Vec<f64>, n: usize) -> Vec<Merge> {
    let mut size = vec![1.0_f64; n];
    let mut active: Vec<usize> = (0..n).collect();
    let mut chain: Vec<usize> = Vec::with_capacity(n);
    let mut merges = Vec::with_capacity(n.saturating_sub(1));
    while active.len() > 1 {
        if chain.is_empty() {
            chain.push(active[0]);
        }
        let a = chain[chain.len() - 1];
        let previous = chain.len().checked_sub(2).map(|i| chain[i]);
        // The previous chain element wins ties, so the chain cannot cycle.
        let (mut best, mut best_sim) = match previous {
            Some(p) => (p, sim[a * n + p]),
            None => (usize::MAX, f64::NEG_INFINITY),
        };
        for &b in &active {
            if b != a && sim[a * n + b] > best_sim {
                (best, best_sim) = (b, sim[a * n + b]);
            }
        }
        if Some(best) != previous {
            chain.push(best);
            continue;
        }
        chain.truncate(chain.len() - 2);
        let (keep, gone) = (a.min(best), a.max(best));
        let (sk, sg) = (size[keep], size[gone]);
        for &k in &active {
            if k != keep && k != gone {
                let s = (sk * sim[keep * n + k] + sg * sim[gone * n + k]) / (sk + sg);
                sim[keep * n + k] = s;
                sim[k * n + keep] = s;
            }
        }
        size[keep] += sg;
        active.retain(|&k| k != gone);
        merges.push(Merge { similarity: best_sim, a: keep, b: gone });
    }
    // Stable: merges at equal similarity keep the order they were made in.
    merges.sort_by(|x, y| y.similarity.total_cmp(&x.similarity));
    merges
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind { parent: (0..n).collect() }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        self.parent[ra.max(rb)] = ra.min(rb);
    }
}

struct Labeller<'a> {
    analyzed: &'a [Vec<Term>],
    vectors: &'a [Vec<(u32, f64)>],
    vocab: &'a Vocabulary,
    /// The summed weight of every stem over all texts.
    total: Vec<f64>,
}

impl<'a> Labeller<'a> {
    fn new(analyzed: &'a [Vec<Term>], vectors: &'a [Vec<(u32, f64)>], vocab: &'a Vocabulary) -> Self {
        let mut total = vec![0.0; vocab.len()];
        for v in vectors {
            for &(t, w) in v {
                total[t as usize] += w;
            }
        }
        Labeller { analyzed, vectors, vocab, total }
    }

    /// The stems that weigh most inside the cluster relative to outside it (so a word every pitch
    /// uses, like `gemeenten`, does not name a theme), preferring stems that at least two members
    /// share, each as the word that produced it most
    /// often in the cluster (ties: the shorter, then alphabetical); a word that contains one
    /// already chosen, or is contained in it, is skipped (`schuld` after `schuldhulpverlening`).
    fn label(&self, members: &[usize]) -> String {
        // Per stem: summed weight in the cluster and the number of members that have it.
        let mut sums: BTreeMap<u32, (f64, usize)> = BTreeMap::new();
        for &i in members {
            for &(t, w) in &self.vectors[i] {
                let entry = sums.entry(t).or_default();
                entry.0 += w;
                entry.1 += 1;
            }
        }
        let inside = members.len() as f64;
        let outside = (self.vectors.len() - members.len()) as f64;
        let shared = members.len().min(2);
        let mut ranked: Vec<(u32, bool, f64)> = sums
            .into_iter()
            .map(|(t, (sum, count))| {
                let rest = if outside > 0.0 { (self.total[t as usize] - sum) / outside } else { 0.0 };
                (t, count >= shared, sum / inside - rest)
            })
            .collect();
        // Stems that two members share first (one member's rare word does not name a theme),
        // then by score; stable, so equal ones stay in stem order.
        ranked.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| y.2.total_cmp(&x.2)));

        let mut forms: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
        for &i in members {
            for t in &self.analyzed[i] {
                *forms.entry(t.stem.as_str()).or_default().entry(t.surface.as_str()).or_default() += 1;
            }
        }
        let mut words: Vec<&str> = Vec::new();
        for (t, _, _) in ranked {
            if words.len() == LABEL_WORDS {
                break;
            }
            let Some(word) = forms.get(self.vocab.stems[t as usize].as_str()).and_then(|f| {
                f.iter().max_by(|x, y| x.1.cmp(y.1).then_with(|| y.0.len().cmp(&x.0.len())).then_with(|| y.0.cmp(x.0)))
            }) else {
                continue;
            };
            let word = *word.0;
            if !words.iter().any(|w| w.contains(word) || word.contains(w)) {
                words.push(word);
            }
        }
        join_dutch(&words)
    }
}

/// `a`, `a en b`, `a, b en c`, with the first letter upper case.
fn join_dutch(words: &[&str]) -> String {
    let text = match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The adjusted Rand index (Hubert & Arabie 1985) of two partitions of the same items, each given
/// as one label per item: 1 for identical partitions (whatever the labels), about 0 for a random
/// one, negative for worse than random. 1 as well when both are trivial the same way (every item
/// alone, or all together), where the formula is 0/0.
///
/// # Panics
/// When the two labellings have different lengths.
pub fn adjusted_rand_index<A: Ord, B: Ord>(truth: &[A], predicted: &[B]) -> f64 {
    assert_eq!(truth.len(), predicted.len(), "two labellings of the same items");
    let pairs = |k: usize| (k * k.saturating_sub(1) / 2) as f64;
    let mut cells: BTreeMap<(&A, &B), usize> = BTreeMap::new();
    let mut rows: BTreeMap<&A, usize> = BTreeMap::new();
    let mut columns: BTreeMap<&B, usize> = BTreeMap::new();
    for (a, b) in truth.iter().zip(predicted) {
        *cells.entry((a, b)).or_default() += 1;
        *rows.entry(a).or_default() += 1;
        *columns.entry(b).or_default() += 1;
    }
    let index: f64 = cells.values().map(|&k| pairs(k)).sum();
    let row_pairs: f64 = rows.values().map(|&k| pairs(k)).sum();
    let column_pairs: f64 = columns.values().map(|&k| pairs(k)).sum();
    let all_pairs = pairs(truth.len());
    let expected = if all_pairs > 0.0 { row_pairs * column_pairs / all_pairs } else { 0.0 };
    let max = (row_pairs + column_pairs) / 2.0;
    if max == expected { 1.0 } else { (index - expected) / (max - expected) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(clusters: &[SuggestedCluster]) -> Vec<Vec<i64>> {
        clusters.iter().map(|c| c.ids.clone()).collect()
    }

    const MIXED: &[(i64, &str)] = &[
        (7, "Schulden bij jongeren. Hoe voorkomen we dat jongeren schulden maken bij de schuldhulpverlening?"),
        (3, "Mantelzorgers ontlasten. Overbelaste mantelzorgers van ouderen met dementie hebben respijtzorg nodig."),
        (12, "Jongeren met schulden: vroegsignalering van schulden en betalingsachterstanden."),
        (5, "Respijtzorg voor mantelzorgers van ouderen met dementie, zodat mantelzorgers even bijkomen."),
        (9, "Het buurthuis als ontmoetingsplek voor bewoners; buurtinitiatieven van bewoners."),
        (1, "de het een en van"),
        (4, ""),
        (20, "Bewoners starten buurtinitiatieven en een ontmoetingsplek in het buurthuis."),
        (15, "Klimaatadaptatie en hittestress op schoolpleinen met tegels."),
    ];

    #[test]
    fn empty_input_gives_nothing() {
        assert!(suggest_clusters(&[]).is_empty());
    }

    #[test]
    fn one_text_is_one_cluster_with_a_label() {
        let clusters = suggest_clusters(&[(42, "Eenzaamheid onder ouderen in de wijk")]);
        assert_eq!(ids(&clusters), vec![vec![42]]);
        assert!(!clusters[0].label.is_empty());
    }

    #[test]
    fn every_id_exactly_once_in_stable_order() {
        let clusters = suggest_clusters(MIXED);
        let mut all: Vec<i64> = clusters.iter().flat_map(|c| c.ids.iter().copied()).collect();
        all.sort_unstable();
        let mut expected: Vec<i64> = MIXED.iter().map(|d| d.0).collect();
        expected.sort_unstable();
        assert_eq!(all, expected);
        for c in &clusters {
            assert!(c.ids.windows(2).all(|w| w[0] < w[1]), "{clusters:?}");
        }
        for w in clusters.windows(2) {
            let (a, b) = (&w[0].ids, &w[1].ids);
            assert!(a.len() > b.len() || (a.len() == b.len() && a[0] < b[0]), "{clusters:?}");
        }
    }

    #[test]
    fn themes_come_together_and_unrelated_texts_stay_apart() {
        let clusters = suggest_clusters(MIXED);
        let found = ids(&clusters);
        for theme in [vec![7, 12], vec![3, 5], vec![9, 20]] {
            assert!(found.contains(&theme), "{theme:?} in {found:?}");
        }
        // Texts without content words and the unrelated one stay alone.
        for single in [1, 4, 15] {
            assert!(found.contains(&vec![single]), "{single} alone in {found:?}");
        }
    }

    #[test]
    fn identical_texts_cluster_together() {
        let text = "Vrijwilligers vinden voor de voedselbank";
        let clusters = suggest_clusters(&[(2, text), (1, text)]);
        assert_eq!(ids(&clusters), vec![vec![1, 2]]);
        let mut docs = MIXED.to_vec();
        docs.push((99, MIXED[8].1));
        let found = ids(&suggest_clusters(&docs));
        assert!(found.contains(&vec![15, 99]), "{found:?}");
    }

    #[test]
    fn unrelated_texts_do_not_merge() {
        let docs = [
            (1, "Schuldhulpverlening voor gezinnen met betalingsachterstanden"),
            (2, "Mantelzorgers van mensen met dementie"),
            (3, "Klimaatadaptatie op schoolpleinen"),
            (4, "Digitale vaardigheden voor DigiD"),
        ];
        assert_eq!(suggest_clusters(&docs).len(), 4);
    }

    #[test]
    fn input_order_does_not_matter() {
        let expected = suggest_clusters(MIXED);
        let mut docs = MIXED.to_vec();
        docs.reverse();
        assert_eq!(suggest_clusters(&docs), expected);
        docs.rotate_left(4);
        assert_eq!(suggest_clusters(&docs), expected);
    }

    #[test]
    fn labels_are_words_as_written() {
        let clusters = suggest_clusters(&[
            (1, "Cliënten en mantelzorgers: overbelaste mantelzorgers"),
            (2, "Mantelzorgers en cliënten: steun voor mantelzorgers"),
        ]);
        assert_eq!(clusters.len(), 1);
        let label = &clusters[0].label;
        // Not the stems (mantelzorger, client) and not folded.
        assert!(label.starts_with("Mantelzorgers"), "{label}");
        assert!(label.contains("cliënten"), "{label}");
    }

    #[test]
    fn labels_skip_a_part_of_a_word_already_chosen() {
        assert_eq!(join_dutch(&["schulden"]), "Schulden");
        assert_eq!(join_dutch(&["schulden", "huur", "energie"]), "Schulden, huur en energie");
        let clusters = suggest_clusters(&[
            (1, "Schuldhulpverlening en wachtlijsten"),
            (2, "Schuldhulpverlening en wachtlijsten in de regio"),
        ]);
        let label = &clusters[0].label;
        assert!(label.starts_with("Schuldhulpverlening"), "{label}");
        assert!(!label.contains(" schuld") && !label.contains(" hulp"), "{label}");
    }

    /// The naive O(n³) algorithm: merge the most similar pair, recompute averages from scratch.
    fn greedy_average(sim: &[f64], n: usize) -> Vec<f64> {
        let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        let mut heights = Vec::new();
        while clusters.len() > 1 {
            let average = |a: &[usize], b: &[usize]| {
                a.iter().flat_map(|&i| b.iter().map(move |&j| sim[i * n + j])).sum::<f64>() / (a.len() * b.len()) as f64
            };
            let mut best = (0, 1, f64::NEG_INFINITY);
            for x in 0..clusters.len() {
                for y in x + 1..clusters.len() {
                    let s = average(&clusters[x], &clusters[y]);
                    if s > best.2 {
                        best = (x, y, s);
                    }
                }
            }
            let gone = clusters.remove(best.1);
            clusters[best.0].extend(gone);
            heights.push(best.2);
        }
        heights
    }

    #[test]
    fn nearest_neighbour_chain_equals_greedy_average_linkage() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for n in [2, 3, 5, 9, 17, 30] {
            let mut sim = vec![1.0; n * n];
            for i in 0..n {
                for j in i + 1..n {
                    let s = next();
                    sim[i * n + j] = s;
                    sim[j * n + i] = s;
                }
            }
            let fast: Vec<f64> = average_linkage(sim.clone(), n).iter().map(|m| m.similarity).collect();
            let slow = greedy_average(&sim, n);
            assert_eq!(fast.len(), slow.len());
            for (f, s) in fast.iter().zip(&slow) {
                assert!((f - s).abs() < 1e-9, "n={n}: {fast:?} vs {slow:?}");
            }
        }
    }

    #[test]
    fn adjusted_rand_index_known_values() {
        // Identical partitions, also under other labels.
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1, 2], &[0, 0, 1, 1, 2]), 1.0);
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1, 2], &["b", "b", "a", "a", "c"]), 1.0);
        // The examples of scikit-learn's adjusted_rand_score documentation.
        assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]) - 4.0 / 7.0).abs() < 1e-12);
        assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]) + 0.5).abs() < 1e-12);
        // By hand: truth {a,b,c}{d,e,f}, predicted {a,b}{c,d}{e,f}. Pairs together in both: ab, ef
        // = 2; pairs in truth: 3 + 3 = 6; in predicted: 3; all pairs: 15. Expected 6·3/15 = 1.2,
        // maximum (6 + 3)/2 = 4.5, so (2 − 1.2)/(4.5 − 1.2) = 8/33.
        let ari = adjusted_rand_index(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 2, 2]);
        assert!((ari - 8.0 / 33.0).abs() < 1e-12, "{ari}");
        // Both trivial: 0/0 is taken as agreement.
        assert_eq!(adjusted_rand_index(&[1, 2, 3], &[4, 5, 6]), 1.0);
        assert_eq!(adjusted_rand_index::<i32, i32>(&[], &[]), 1.0);
    }
}

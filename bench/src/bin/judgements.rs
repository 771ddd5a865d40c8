//! Checks the judged Dutch query set in bench/search/ (corpus.jsonl + queries.json) and prints,
//! per query, the number of judgements per grade, whether a relevant item lacks the literal query
//! words (so only a Dutch-aware engine can find it), and the nDCG@10 / recall@10 of a literal
//! baseline: exact whole-word matching without stemming, stop words, folding or fuzziness. That
//! baseline is the floor every real engine has to beat.
//!
//!   cargo run -p broedplaats-bench --bin judgements [corpus.jsonl queries.json]
//!
//! Exits with status 1 when a check fails. The metric functions live here until the search
//! benchmark (issue 4) gives them a shared home.
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

const KINDS: &[&str] = &[
    "advies",
    "werkvorm",
    "methodiek",
    "instrument",
    "publicatie",
    "onderwijsmateriaal",
    "factsheet",
    "verslag",
    "video",
    "verhalenbundel",
    "overig",
];
const WERKPLAATSEN: &[&str] = &["zhz", "utrecht", "groningen", "limburg", "amsterdam"];
const KWESTIES: &[&str] = &[
    "armoede en schulden",
    "eenzaamheid",
    "mantelzorg",
    "jeugd en gezin",
    "wonen en dakloosheid",
    "multiproblematiek",
    "gezondheid en welzijn",
    "participatie en werk",
    "digitale inclusie",
    "vertrouwen",
];
const AUDIENCES: &[&str] = &["professionals", "beleid", "onderwijs", "burgers"];
const FOUR_OS: &[&str] = &["onderzoek", "ontwikkeling", "onderwijs", "ondersteuning"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    id: String,
    kind: String,
    title: String,
    summary: String,
    body: String,
    werkplaats: String,
    themes: Vec<String>,
    kwesties: Vec<String>,
    year: u16,
    audience: Vec<String>,
    four_os: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    id: String,
    query: String,
    intent: String,
    judgements: HashMap<String, u8>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("search");
    let mut args = std::env::args().skip(1);
    let corpus_path = args.next().map(PathBuf::from).unwrap_or_else(|| dir.join("corpus.jsonl"));
    let queries_path = args.next().map(PathBuf::from).unwrap_or_else(|| dir.join("queries.json"));
    let items = load_corpus(&corpus_path)?;
    let queries = load_queries(&queries_path)?;

    let mut errors = check_corpus(&items);
    errors.extend(check_queries(&items, &queries));

    let index = LiteralIndex::new(&items);
    let by_id: HashMap<&str, &Item> = items.iter().map(|i| (i.id.as_str(), i)).collect();
    println!("{} items, {} queries, {} judgements", items.len(), queries.len(), judgement_count(&queries));
    println!();
    println!(
        "| query | text | grade 3 | grade 2 | grade 1 | relevant | max R@10 | literal gap | literal nDCG@10 | literal R@10 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let (mut gap_any, mut gap_strong, mut gap_best, mut sum_ndcg, mut sum_recall) = (0, 0, 0, 0.0, 0.0);
    for q in &queries {
        let count = |g: u8| q.judgements.values().filter(|&&v| v == g).count();
        let relevant = q.judgements.len();
        let lacking = |min: u8| {
            q.judgements
                .iter()
                .filter(|&(_, &g)| g >= min)
                .any(|(id, _)| by_id.get(id.as_str()).is_some_and(|item| !contains_all_words(item, &q.query)))
        };
        let best = q.judgements.values().copied().max().unwrap_or(0);
        let best_all_lacking = best > 0
            && q.judgements
                .iter()
                .filter(|&(_, &g)| g == best)
                .all(|(id, _)| by_id.get(id.as_str()).is_some_and(|item| !contains_all_words(item, &q.query)));
        let gap = match (lacking(2), lacking(1)) {
            (true, _) => "grade ≥ 2",
            (false, true) => "grade 1",
            _ => "",
        };
        gap_any += usize::from(lacking(1));
        gap_strong += usize::from(lacking(2));
        gap_best += usize::from(best_all_lacking);
        let ranked = index.search(&q.query, 10);
        let ndcg = ndcg_at_10(&ranked, &q.judgements);
        let recall = recall_at_10(&ranked, &q.judgements);
        sum_ndcg += ndcg;
        sum_recall += recall;
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.2} | {} | {:.3} | {:.3} |",
            q.id,
            q.query,
            count(3),
            count(2),
            count(1),
            relevant,
            if relevant == 0 { 0.0 } else { 10.0_f64.min(relevant as f64) / relevant as f64 },
            gap,
            ndcg,
            recall
        );
    }
    let n = queries.len().max(1) as f64;
    println!();
    println!("Queries with a relevant item (grade ≥ 1) lacking a query word literally: {gap_any} of {}", queries.len());
    println!(
        "Queries with a grade ≥ 2 item lacking a query word literally:          {gap_strong} of {}",
        queries.len()
    );
    println!("Queries whose best-graded items all lack a query word literally:       {gap_best} of {}", queries.len());
    println!("Literal baseline: mean nDCG@10 {:.3}, mean recall@10 {:.3}", sum_ndcg / n, sum_recall / n);

    if errors.is_empty() {
        println!("All checks passed.");
        Ok(())
    } else {
        for e in &errors {
            eprintln!("error: {e}");
        }
        Err(format!("{} check(s) failed", errors.len()).into())
    }
}

fn load_corpus(path: &Path) -> Result<Vec<Item>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1)))
        .collect()
}

fn load_queries(path: &Path) -> Result<Vec<Query>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn judgement_count(queries: &[Query]) -> usize {
    queries.iter().map(|q| q.judgements.len()).sum()
}

fn check_corpus(items: &[Item]) -> Vec<String> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for i in items {
        let mut err = |msg: String| errors.push(format!("{}: {msg}", i.id));
        if !seen.insert(i.id.as_str()) {
            err("duplicate id".into());
        }
        if !KINDS.contains(&i.kind.as_str()) {
            err(format!("unknown kind {:?}", i.kind));
        }
        if !WERKPLAATSEN.contains(&i.werkplaats.as_str()) {
            err(format!("unknown werkplaats {:?}", i.werkplaats));
        }
        if !(2019..=2026).contains(&i.year) {
            err(format!("year {} outside 2019-2026", i.year));
        }
        for (field, values, allowed) in [
            ("kwesties", &i.kwesties, KWESTIES),
            ("audience", &i.audience, AUDIENCES),
            ("four_os", &i.four_os, FOUR_OS),
        ] {
            if values.is_empty() {
                err(format!("{field} is empty"));
            }
            for v in values.iter().filter(|v| !allowed.contains(&v.as_str())) {
                err(format!("unknown {field} value {v:?}"));
            }
        }
        if i.themes.is_empty() {
            err("themes is empty".into());
        }
        if i.title.trim().is_empty() || i.summary.trim().is_empty() {
            err("empty title or summary".into());
        }
        let words = i.body.split_whitespace().count();
        if !(80..=250).contains(&words) {
            err(format!("body has {words} words, expected 80-250"));
        }
    }
    errors
}

fn check_queries(items: &[Item], queries: &[Query]) -> Vec<String> {
    let ids: HashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for q in queries {
        let mut err = |msg: String| errors.push(format!("{}: {msg}", q.id));
        if !seen.insert(q.id.as_str()) {
            err("duplicate query id".into());
        }
        if q.query.trim().is_empty() || q.intent.trim().is_empty() {
            err("empty query or intent".into());
        }
        let mut judged: Vec<_> = q.judgements.iter().collect();
        judged.sort();
        for (id, &grade) in judged {
            if !ids.contains(id.as_str()) {
                err(format!("judged item {id} is not in the corpus"));
            }
            if !(1..=3).contains(&grade) {
                err(format!("{id} has grade {grade}; use 1-3 and leave irrelevant items out"));
            }
        }
        if !q.judgements.values().any(|&g| g >= 2) {
            err("no item with grade 2 or 3".into());
        }
    }
    errors
}

/// Lower-cased words, split on anything that is not a letter or digit; diacritics are kept,
/// so "cliënten" does not match "clienten" here. That is the point: this is what a search
/// without Dutch analysis sees.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

fn contains_all_words(item: &Item, query: &str) -> bool {
    let text: HashSet<String> = words(&item.title).chain(words(&item.summary)).chain(words(&item.body)).collect();
    words(query).all(|w| text.contains(&w))
}

/// Exact whole-word matching, title ×3, summary ×2, body ×1, summed over the query words.
struct LiteralIndex<'a> {
    docs: Vec<(&'a str, HashMap<String, u32>)>,
}

impl<'a> LiteralIndex<'a> {
    fn new(items: &'a [Item]) -> LiteralIndex<'a> {
        let docs = items
            .iter()
            .map(|i| {
                let mut tf = HashMap::new();
                for (text, weight) in [(&i.title, 3), (&i.summary, 2), (&i.body, 1)] {
                    for w in words(text) {
                        *tf.entry(w).or_insert(0) += weight;
                    }
                }
                (i.id.as_str(), tf)
            })
            .collect();
        LiteralIndex { docs }
    }

    fn search(&self, query: &str, k: usize) -> Vec<&'a str> {
        let terms: Vec<String> = words(query).collect();
        let mut scored: Vec<(u32, &str)> = self
            .docs
            .iter()
            .map(|(id, tf)| (terms.iter().map(|t| tf.get(t).copied().unwrap_or(0)).sum(), *id))
            .filter(|&(score, _)| score > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(k).map(|(_, id)| id).collect()
    }
}

/// nDCG@10 with gain 2^grade − 1 and discount log2(rank + 1), rank starting at 1; the ideal
/// ranking is all judged items by grade. Unjudged items have grade 0; an item listed twice
/// counts once. 0 when nothing is judged relevant.
fn ndcg_at_10(ranked: &[&str], judgements: &HashMap<String, u8>) -> f64 {
    let gain = |g: u8| 2f64.powi(i32::from(g)) - 1.0;
    let discount = |rank: usize| ((rank + 1) as f64).log2();
    let mut seen = HashSet::new();
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .filter(|(_, id)| seen.insert(**id))
        .map(|(i, id)| gain(judgements.get(*id).copied().unwrap_or(0)) / discount(i + 1))
        .sum();
    let mut ideal: Vec<u8> = judgements.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal.iter().take(10).enumerate().map(|(i, &g)| gain(g) / discount(i + 1)).sum();
    // An empty f64 sum is −0.0; report a plain 0.
    if idcg <= 0.0 || dcg <= 0.0 { 0.0 } else { dcg / idcg }
}

/// Relevant items (grade ≥ 1) among the first 10 results, divided by all relevant items.
/// With more than 10 relevant items the maximum is below 1. 0 when nothing is relevant.
fn recall_at_10(ranked: &[&str], judgements: &HashMap<String, u8>) -> f64 {
    let relevant = judgements.values().filter(|&&g| g >= 1).count();
    if relevant == 0 {
        return 0.0;
    }
    let found: HashSet<&str> =
        ranked.iter().take(10).copied().filter(|id| judgements.get(*id).is_some_and(|&g| g >= 1)).collect();
    found.len() as f64 / relevant as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u8)]) -> HashMap<String, u8> {
        pairs.iter().map(|(id, g)| ((*id).to_owned(), *g)).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn ndcg_of_the_ideal_ranking_is_one() {
        let j = judged(&[("a", 3), ("b", 2), ("c", 1)]);
        assert!(close(ndcg_at_10(&["a", "b", "c"], &j), 1.0));
        assert!(close(ndcg_at_10(&["a", "b", "c", "x", "y"], &j), 1.0));
    }

    #[test]
    fn ndcg_matches_a_hand_computed_value() {
        let j = judged(&[("a", 3), ("b", 2), ("c", 1)]);
        // DCG  = (2^1−1)/log2 2 + (2^3−1)/log2 3 + 0/log2 4 + (2^2−1)/log2 5
        // IDCG = 7/log2 2 + 3/log2 3 + 1/log2 4
        let dcg = 1.0 + 7.0 / 3f64.log2() + 3.0 / 5f64.log2();
        let idcg = 7.0 + 3.0 / 3f64.log2() + 1.0 / 4f64.log2();
        assert!(close(ndcg_at_10(&["c", "a", "x", "b"], &j), dcg / idcg));
    }

    #[test]
    fn ndcg_only_looks_at_the_first_ten_and_counts_duplicates_once() {
        let j = judged(&[("a", 3)]);
        let mut ranked = vec!["x"; 10];
        ranked.push("a");
        assert!(close(ndcg_at_10(&ranked, &j), 0.0));
        assert!(close(ndcg_at_10(&["a", "a"], &judged(&[("a", 3), ("b", 3)])), 7.0 / (7.0 + 7.0 / 3f64.log2())));
        assert!(close(ndcg_at_10(&[], &j), 0.0));
        assert!(close(ndcg_at_10(&["a"], &HashMap::new()), 0.0));
    }

    #[test]
    fn recall_counts_every_grade_from_one() {
        let j = judged(&[("a", 3), ("b", 2), ("c", 1), ("d", 1)]);
        assert!(close(recall_at_10(&["a", "x", "c"], &j), 0.5));
        assert!(close(recall_at_10(&["d", "c", "b", "a"], &j), 1.0));
        assert!(close(recall_at_10(&["a", "a", "a"], &j), 0.25));
        assert!(close(recall_at_10(&[], &j), 0.0));
        assert!(close(recall_at_10(&["a"], &HashMap::new()), 0.0));
    }

    #[test]
    fn recall_is_capped_by_the_cut_off() {
        let ids: Vec<String> = (0..12).map(|i| format!("k{i}")).collect();
        let j: HashMap<String, u8> = ids.iter().map(|id| (id.clone(), 1)).collect();
        let ranked: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert!(close(recall_at_10(&ranked, &j), 10.0 / 12.0));
    }

    #[test]
    fn the_judged_set_in_the_repository_is_consistent() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("search");
        let items = load_corpus(&dir.join("corpus.jsonl")).expect("corpus loads");
        let queries = load_queries(&dir.join("queries.json")).expect("queries load");
        assert!(items.len() >= 120, "{} items", items.len());
        assert!(queries.len() >= 45, "{} queries", queries.len());
        assert_eq!(check_corpus(&items), Vec::<String>::new());
        assert_eq!(check_queries(&items, &queries), Vec::<String>::new());
    }

    #[test]
    fn literal_matching_sees_no_dutch() {
        let item = Item {
            id: "k1".into(),
            kind: "advies".into(),
            title: "Cliënten en schuldhulpverlening".into(),
            summary: String::new(),
            body: "Re-integratie van mantelzorgers.".into(),
            werkplaats: "zhz".into(),
            themes: vec![],
            kwesties: vec![],
            year: 2024,
            audience: vec![],
            four_os: vec![],
        };
        assert!(contains_all_words(&item, "cliënten MANTELZORGERS"));
        assert!(contains_all_words(&item, "integratie"));
        assert!(!contains_all_words(&item, "clienten"));
        assert!(!contains_all_words(&item, "schulden"));
        assert!(!contains_all_words(&item, "mantelzorger"));
    }
}

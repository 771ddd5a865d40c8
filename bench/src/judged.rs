//! The judged Dutch query set (bench/search/corpus.jsonl + queries.json) and the relevance
//! metrics nDCG@10 and recall@10 (bench/search/README.md "Metrics").
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// bench/search/ of this crate.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("search")
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub werkplaats: String,
    pub themes: Vec<String>,
    pub kwesties: Vec<String>,
    pub year: u16,
    pub audience: Vec<String>,
    pub four_os: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgedQuery {
    pub id: String,
    pub query: String,
    pub intent: String,
    pub judgements: HashMap<String, u8>,
}

pub fn load_corpus(path: &Path) -> Result<Vec<Item>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1)))
        .collect()
}

pub fn load_queries(path: &Path) -> Result<Vec<JudgedQuery>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// nDCG@10 with gain 2^grade − 1 and discount log2(rank + 1), rank starting at 1; the ideal
/// ranking is all judged items by grade. Unjudged items have grade 0; an item listed twice
/// counts once. 0 when nothing is judged relevant.
pub fn ndcg_at_10(ranked: &[&str], judgements: &HashMap<String, u8>) -> f64 {
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
pub fn recall_at_10(ranked: &[&str], judgements: &HashMap<String, u8>) -> f64 {
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
}

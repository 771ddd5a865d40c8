//! Checks the judged Dutch query set in bench/search/ (corpus.jsonl + queries.json) and prints,
//! per query, the number of judgements per grade, whether a relevant item lacks the literal query
//! words (so only a Dutch-aware engine can find it), and the nDCG@10 / recall@10 of a literal
//! baseline: exact whole-word matching without stemming, stop words, folding or fuzziness. That
//! baseline is the floor every real engine has to beat.
//!
//!   cargo run -p broedplaats-bench --bin judgements [corpus.jsonl queries.json]
//!
//! Exits with status 1 when a check fails. The metric functions live in the bench library
//! (`broedplaats_bench::judged`), shared with the search benchmark.
use broedplaats_bench::judged::{Item, JudgedQuery as Query, load_corpus, load_queries, ndcg_at_10, recall_at_10};
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

#[cfg(test)]
mod tests {
    use super::*;

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

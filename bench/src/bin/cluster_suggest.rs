//! Time of `suggest_clusters` (issue 15: suggested clusters of agenda pitches) for 100 to 1,000
//! generated pitches, next to the same-run baseline of only analysing the same texts with the
//! index's Dutch analysis (`analysis::analyze`), so the figure is relative to the machine.
//!
//!   cargo run --release -p broedplaats-bench --bin cluster_suggest [runs]
//!
//! The pitches are recombined from the hand-written ones in crates/search/tests/data (seed 7):
//! title, question and reason from three pitches of one theme, the audience from any pitch, and a
//! sentence of local context. The adjusted Rand index against those themes is printed as a sanity
//! check only: recombined pitches share whole sentences, so it overstates real quality (see
//! crates/search/tests/cluster_quality.rs for that).
use broedplaats_search::analysis::analyze;
use broedplaats_search::cluster::{adjusted_rand_index, suggest_clusters};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

const SIZES: [usize; 4] = [100, 250, 500, 1_000];
const CONTEXT: [&str; 12] = [
    "Dit speelt vooral in de Drechtsteden.",
    "In de Alblasserwaard zien we hetzelfde beeld.",
    "Het kwam naar voren in een kenniscafé in Gorinchem.",
    "Studenten van de hogeschool willen hier graag aan bijdragen.",
    "De wethouder heeft er onlangs in de raad aandacht voor gevraagd.",
    "Een pilot in Zwijndrecht liet al eerste resultaten zien.",
    "Partners uit het consortium herkennen dit in hun dagelijkse praktijk.",
    "Landelijk onderzoek bevestigt wat wij lokaal zien.",
    "We willen dit samen met ervaringsdeskundigen uitzoeken.",
    "Er loopt al een klein project, maar dat stopt eind dit jaar.",
    "In Papendrecht is hier een werkgroep over opgericht.",
    "Dit vraagt om een aanpak die verder gaat dan één organisatie.",
];

struct Pitch {
    group: String,
    title: String,
    question: String,
    why: String,
    for_whom: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/search/tests/data");
    let mut source = load(&data.join("pitches.json"))?;
    source.extend(load(&data.join("pitches-holdout.json"))?);

    println!(
        "| pitches | runs | analysis only p50 (ms) | suggest_clusters p50 (ms) | max (ms) | p50 ratio | clusters | ARI vs generator themes |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for size in SIZES {
        let (texts, themes) = generate(&source, size);
        let docs: Vec<(i64, &str)> = texts.iter().enumerate().map(|(i, t)| (i as i64 + 1, t.as_str())).collect();
        let baseline = time(runs, || {
            let tokens: usize = docs.iter().map(|(_, t)| analyze(t).len()).sum();
            std::hint::black_box(tokens);
        });
        let mut clusters = Vec::new();
        let timed = time(runs, || clusters = suggest_clusters(std::hint::black_box(&docs)));
        let cluster_of: HashMap<i64, usize> =
            clusters.iter().enumerate().flat_map(|(c, cl)| cl.ids.iter().map(move |&id| (id, c))).collect();
        let predicted: Vec<usize> = docs.iter().map(|(id, _)| cluster_of[id]).collect();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let (base_p50, p50, max) = (median(&baseline), median(&timed), timed.iter().copied().max().unwrap_or_default());
        println!(
            "| {size} | {runs} | {:.2} | {:.2} | {:.2} | {:.1}× | {} | {:.3} |",
            ms(base_p50),
            ms(p50),
            ms(max),
            p50.as_secs_f64() / base_p50.as_secs_f64(),
            clusters.len(),
            adjusted_rand_index(&themes, &predicted),
        );
    }
    Ok(())
}

fn load(path: &Path) -> Result<Vec<Pitch>, Box<dyn std::error::Error>> {
    let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let field = |p: &serde_json::Value, name: &str| p[name].as_str().map(str::to_owned).ok_or(format!("no {name}"));
    let mut out = Vec::new();
    for p in data["pitches"].as_array().ok_or("no pitches")? {
        out.push(Pitch {
            group: field(p, "group")?,
            title: field(p, "title")?,
            question: field(p, "question")?,
            why: field(p, "why")?,
            for_whom: field(p, "for_whom")?,
        });
    }
    Ok(out)
}

/// `size` pitch texts and the theme each was built from.
fn generate(source: &[Pitch], size: usize) -> (Vec<String>, Vec<String>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut by_group: HashMap<&str, Vec<&Pitch>> = HashMap::new();
    for p in source {
        by_group.entry(p.group.as_str()).or_default().push(p);
    }
    let mut groups: Vec<&str> = by_group.keys().copied().collect();
    groups.sort_unstable();
    let (mut texts, mut themes) = (Vec::with_capacity(size), Vec::with_capacity(size));
    for _ in 0..size {
        let group = groups[rng.gen_range(0..groups.len())];
        let pick = |rng: &mut rand::rngs::StdRng| *by_group[group].choose(rng).unwrap_or(&&source[0]);
        let (a, b, c) = (pick(&mut rng), pick(&mut rng), pick(&mut rng));
        let audience = &source[rng.gen_range(0..source.len())].for_whom;
        let context = CONTEXT[rng.gen_range(0..CONTEXT.len())];
        texts.push(format!("{}. {} {} {context} {audience}", a.title, b.question, c.why));
        themes.push(group.to_owned());
    }
    (texts, themes)
}

fn time(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f(); // warm-up
    (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect()
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    sorted[sorted.len() / 2]
}

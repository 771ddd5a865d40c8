//! Profiling mode of the search benchmark: builds the synthetic index once in a directory (or
//! reuses it), then runs the benchmark queries several rounds and prints per-query latency,
//! slowest first, with a per-phase breakdown (query build, collect, snippets).
//!
//!   cargo run --release -p broedplaats-bench --bin search_profile -- --dir /tmp/bp1m --size 1000000 --rounds 5
//!
//! Uses the same corpus (seed 7), viewer and queries as `search`.
use broedplaats_bench::corpus::{Generator, Rng};
use broedplaats_bench::judged::{self, Item};
use broedplaats_search::{Doc, Facets, Query, SearchIndex};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Same as in `search.rs`.
const EXTRA_QUERIES: &[&str] = &[
    "schuldhulpverleneing",
    "buurtteams",
    "kinderarmoede",
    "respijtzorg mantelzorgers",
    "jongerenwerk",
    "eenzaamhied ouderen",
    "vroegsignalering schulden",
];
const VIEWER_ACL: [&str; 2] = ["public", "wp:zhz"];

fn to_doc(id: i64, i: &Item) -> Doc {
    let day = u32::try_from(id.rem_euclid(28)).unwrap_or(0) + 1;
    let month = u32::try_from(id.rem_euclid(12)).unwrap_or(0) + 1;
    let date = NaiveDate::from_ymd_opt(i32::from(i.year), month, day).unwrap_or_default();
    let acl = if id % 10 == 3 { format!("wp:{}", i.werkplaats) } else { "public".to_owned() };
    Doc {
        doc_type: "knowledge_product".into(),
        id,
        werkplaats: i.werkplaats.clone(),
        title: i.title.clone(),
        summary: i.summary.clone(),
        body: i.body.clone(),
        attachments: String::new(),
        url: format!("/werkplaatsen/{}/kennis/{}", i.werkplaats, id),
        date: Some(date),
        facets: Facets {
            kind: Some(i.kind.clone()),
            themes: i.themes.clone(),
            kwesties: i.kwesties.clone(),
            year: Some(i32::from(i.year)),
            organisations: Vec::new(),
            four_os: i.four_os.clone(),
            audiences: i.audience.clone(),
        },
        acl: vec![acl],
    }
}

fn build(index: &SearchIndex, n: usize) -> Result<(), BoxError> {
    let generator = Generator::new();
    let mut rng = Rng::new(7);
    let mut line = String::with_capacity(4096);
    let mut chunk = Vec::with_capacity(10_000);
    for i in 1..=n as u64 {
        line.clear();
        generator.item(&mut rng, i, &mut line);
        let item: Item = serde_json::from_str(&line)?;
        chunk.push(to_doc(i64::try_from(i)?, &item));
        if chunk.len() == 10_000 {
            index.upsert(std::mem::take(&mut chunk))?;
        }
    }
    index.upsert(chunk)?;
    index.commit(1)?;
    index.merge_segments()?;
    Ok(())
}

/// Samples of one query: latencies, per-phase times, total hits.
type Samples = (String, Vec<Duration>, Vec<[Duration; 3]>, u64);

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn main() -> Result<(), BoxError> {
    let mut dir = PathBuf::from("/tmp/bp_search_profile/1m");
    let mut size = 1_000_000usize;
    let mut rounds = 5usize;
    let mut only: Option<String> = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or("flag needs a value")?;
        match flag.as_str() {
            "--dir" => dir = PathBuf::from(value),
            "--size" => size = value.parse()?,
            "--rounds" => rounds = value.parse()?,
            "--query" => only = Some(value),
            _ => return Err("usage: search_profile [--dir D] [--size N] [--rounds R] [--query Q]".into()),
        }
    }
    let start = Instant::now();
    let (index, fresh) = SearchIndex::open_or_create_with_budget(&dir, 400_000_000)?;
    eprintln!("opened in {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    if fresh || index.doc_count() == 0 {
        eprintln!("building {size} items in {}", dir.display());
        build(&index, size)?;
        eprintln!("built in {:.1} s", start.elapsed().as_secs_f64());
    }
    eprintln!("{} docs, segments: {:?}", index.doc_count(), index.segment_sizes());
    let mut texts: Vec<String> =
        judged::load_queries(&judged::dir().join("queries.json"))?.into_iter().map(|q| q.query).collect();
    texts.extend(EXTRA_QUERIES.iter().map(|s| (*s).to_owned()));
    if let Some(q) = only {
        texts = vec![q];
    }
    let acl: Vec<String> = VIEWER_ACL.iter().map(|s| (*s).to_owned()).collect();
    // Warm-up.
    for t in &texts {
        index.search(&Query::new(t.as_str(), acl.clone()))?;
    }
    let mut all = Vec::new();
    let mut per_query: Vec<Samples> = texts.iter().map(|t| (t.clone(), Vec::new(), Vec::new(), 0)).collect();
    for _ in 0..rounds {
        for (t, lat, phases, total) in &mut per_query {
            let q = Query::new(t.as_str(), acl.clone());
            let start = Instant::now();
            let (r, p) = index.search_profiled(&q)?;
            let d = start.elapsed();
            std::hint::black_box(&r);
            *total = r.total;
            lat.push(d);
            all.push(d);
            phases.push(p);
        }
    }
    all.sort();
    per_query.sort_by_key(|(_, lat, _, _)| std::cmp::Reverse(lat.iter().copied().max().unwrap_or_default()));
    println!(
        "{:<36} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "query", "p50", "max", "build", "collect", "snippet", "total"
    );
    for (t, mut lat, phases, total) in per_query {
        lat.sort();
        let avg = |i: usize| ms(phases.iter().map(|p| p[i]).sum::<Duration>()) / phases.len() as f64;
        println!(
            "{:<36} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>9}",
            t,
            ms(pct(&lat, 0.5)),
            ms(*lat.last().unwrap_or(&Duration::ZERO)),
            avg(0),
            avg(1),
            avg(2),
            total
        );
    }
    println!(
        "overall: n={} p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        all.len(),
        ms(pct(&all, 0.5)),
        ms(pct(&all, 0.9)),
        ms(pct(&all, 0.99)),
        ms(*all.last().unwrap_or(&Duration::ZERO))
    );
    Ok(())
}

//! Search benchmark (issue 4): Broedplaats (tantivy + Dutch analysis) against PostgreSQL FTS and
//! SQLite FTS5, side by side on the same synthetic corpus and the same queries, at several sizes;
//! and relevance (nDCG@10, recall@10) of all three on the hand-judged corpus.
//!
//!   bench/search.sh                         # release build, 100k + 1M, writes docs/PERFORMANCE.md
//!   cargo run --release -p broedplaats-bench --bin search -- --sizes 2000   # smoke run, < 1 min
//!
//! Flags: `--sizes N,M` (default 100000,1000000), `--rounds R` (latency samples per query,
//! default 5), `--pg URL` (default postgres://postgres@127.0.0.1:5432/), `--no-pg`.
//! Prints one markdown section ("## Search") on stdout; progress goes to stderr.
//!
//! Every engine answers each query completely: top 10 by relevance, total, facet counts (kind,
//! werkplaats, year, themes, kwesties, audience, four_os) and a highlighted snippet per hit,
//! restricted to what the viewer may see (acl).
use broedplaats_bench::corpus::{Generator, Rng};
use broedplaats_bench::judged::{self, Item, JudgedQuery, ndcg_at_10, recall_at_10};
use broedplaats_search::{Doc, Facets, Query, SearchIndex};
use chrono::NaiveDate;
use sqlx::Connection;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod baselines;
use baselines::{Postgres, SqlEngine, Sqlite};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const USAGE: &str = "usage: search [--sizes 100000,1000000] [--rounds 5] [--pg URL] [--no-pg]";
/// Extra typo and compound queries on top of the judged ones.
const EXTRA_QUERIES: &[&str] = &[
    "schuldhulpverleneing",
    "buurtteams",
    "kinderarmoede",
    "respijtzorg mantelzorgers",
    "jongerenwerk",
    "eenzaamhied ouderen",
    "vroegsignalering schulden",
];
/// The viewer: public items plus those of one werkplaats.
const VIEWER_ACL: [&str; 2] = ["public", "wp:zhz"];

struct Args {
    sizes: Vec<usize>,
    rounds: usize,
    pg: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args =
        Args { sizes: vec![100_000, 1_000_000], rounds: 5, pg: Some("postgres://postgres@127.0.0.1:5432/".into()) };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--sizes" => {
                args.sizes = value()?
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse().map_err(|e| format!("--sizes: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--rounds" => args.rounds = value()?.parse().map_err(|e| format!("--rounds: {e}"))?,
            "--pg" => args.pg = Some(value()?),
            "--no-pg" => args.pg = None,
            _ => return Err(USAGE.to_owned()),
        }
    }
    Ok(args)
}

// ---------------------------------------------------------------------------------------------
// Items.

/// A benchmark item: a judged/generated item with a numeric id, a date and one acl token.
struct BenchItem {
    id: i64,
    item: Item,
    date: NaiveDate,
    acl: String,
}

fn bench_item(id: i64, item: Item) -> BenchItem {
    let day = u32::try_from(id.rem_euclid(28)).unwrap_or(0) + 1;
    let month = u32::try_from(id.rem_euclid(12)).unwrap_or(0) + 1;
    let date = NaiveDate::from_ymd_opt(i32::from(item.year), month, day).unwrap_or_default();
    // One in ten items is visible only inside its werkplaats.
    let acl = if id % 10 == 3 { format!("wp:{}", item.werkplaats) } else { "public".to_owned() };
    BenchItem { id, item, date, acl }
}

fn synthetic(n: usize) -> Result<Vec<BenchItem>, BoxError> {
    let generator = Generator::new();
    let mut rng = Rng::new(7);
    let mut line = String::with_capacity(4096);
    let mut items = Vec::with_capacity(n);
    for i in 1..=n as u64 {
        line.clear();
        generator.item(&mut rng, i, &mut line);
        let item: Item = serde_json::from_str(&line)?;
        items.push(bench_item(i64::try_from(i)?, item));
    }
    Ok(items)
}

fn to_doc(b: &BenchItem) -> Doc {
    let i = &b.item;
    Doc {
        doc_type: "knowledge_product".into(),
        id: b.id,
        werkplaats: i.werkplaats.clone(),
        title: i.title.clone(),
        summary: i.summary.clone(),
        body: i.body.clone(),
        attachments: String::new(),
        url: format!("/werkplaatsen/{}/kennis/{}", i.werkplaats, b.id),
        date: Some(b.date),
        facets: Facets {
            kind: Some(i.kind.clone()),
            themes: i.themes.clone(),
            kwesties: i.kwesties.clone(),
            year: Some(i32::from(i.year)),
            organisations: Vec::new(),
            four_os: i.four_os.clone(),
            audiences: i.audience.clone(),
        },
        acl: vec![b.acl.clone()],
    }
}

// ---------------------------------------------------------------------------------------------
// Engines.

/// What every engine returns for a query.
struct Answer {
    ids: Vec<i64>,
    total: u64,
    facet_values: usize,
    snippets: usize,
}

#[derive(Clone)]
struct Broedplaats {
    index: SearchIndex,
}

impl Broedplaats {
    fn build(dir: &Path, items: &[BenchItem]) -> Result<Broedplaats, BoxError> {
        let (index, _) = SearchIndex::open_or_create_with_budget(dir, 400_000_000)?;
        for chunk in items.chunks(10_000) {
            index.upsert(chunk.iter().map(to_doc).collect())?;
        }
        index.commit(1)?;
        index.merge_segments()?;
        Ok(Broedplaats { index })
    }

    fn query(&self, text: &str) -> Result<Answer, BoxError> {
        let q = Query::new(text, VIEWER_ACL.iter().map(|s| (*s).to_owned()).collect());
        let r = self.index.search(&q)?;
        Ok(Answer {
            ids: r.hits.iter().map(|h| h.id).collect(),
            total: r.total,
            facet_values: r.facets.values().map(Vec::len).sum(),
            snippets: r.hits.iter().filter(|h| !h.snippet.is_empty()).count(),
        })
    }

    fn save_to_findable(&self) -> Result<Duration, BoxError> {
        let mut b = bench_item(999_999_999, sample_item());
        b.item.title = "Nieuw stuk over zzbenchwoord".into();
        let start = Instant::now();
        self.index.upsert(vec![to_doc(&b)])?;
        self.index.commit(2)?;
        loop {
            if self.query("zzbenchwoord")?.total > 0 {
                return Ok(start.elapsed());
            }
        }
    }
}

fn sample_item() -> Item {
    Item {
        id: "x".into(),
        kind: "advies".into(),
        title: String::new(),
        summary: "Een korte samenvatting.".into(),
        body: "Een tekst over schulden en mantelzorg.".into(),
        werkplaats: "zhz".into(),
        themes: vec!["Weerbaarheid".into()],
        kwesties: vec!["armoede en schulden".into()],
        year: 2025,
        audience: vec!["beleid".into()],
        four_os: vec!["onderzoek".into()],
    }
}

fn dir_bytes(path: &Path) -> u64 {
    std::fs::read_dir(path).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .map(|e| match e.metadata() {
                Ok(m) if m.is_dir() => dir_bytes(&e.path()),
                Ok(m) => m.len(),
                Err(_) => 0,
            })
            .sum()
    })
}

// ---------------------------------------------------------------------------------------------
// Measuring.

#[derive(Default, Clone)]
struct Row_ {
    build: Duration,
    disk: u64,
    p50: Duration,
    p99: Duration,
    qps: f64,
    findable: Duration,
    avg_total: f64,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn summarize(mut lat: Vec<Duration>) -> (Duration, Duration) {
    lat.sort();
    (percentile(&lat, 0.5), percentile(&lat, 0.99))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn queries() -> Result<(Vec<JudgedQuery>, Vec<String>), BoxError> {
    let judged = judged::load_queries(&judged::dir().join("queries.json"))?;
    let mut texts: Vec<String> = judged.iter().map(|q| q.query.clone()).collect();
    texts.extend(EXTRA_QUERIES.iter().map(|s| (*s).to_owned()));
    Ok((judged, texts))
}

fn bench_broedplaats(
    b: &Broedplaats,
    texts: &[String],
    rounds: usize,
) -> Result<(Duration, Duration, f64, f64), BoxError> {
    let mut totals = 0u64;
    for t in texts {
        let a = b.query(t)?;
        totals += a.total;
        let _ = (a.facet_values, a.snippets);
    }
    let mut lat = Vec::new();
    let mut slowest: Vec<(Duration, &str)> = Vec::new();
    for _ in 0..rounds {
        for t in texts {
            let start = Instant::now();
            std::hint::black_box(b.query(t)?);
            lat.push(start.elapsed());
            slowest.push((start.elapsed(), t));
        }
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (d, t) in slowest.iter().take(5) {
        eprintln!("search bench: Broedplaats slow query {t:?}: {:.2} ms", ms(*d));
    }
    let (p50, p99) = summarize(lat);
    let start = Instant::now();
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let b = b.clone();
            let texts = texts.to_vec();
            std::thread::spawn(move || -> Result<usize, String> {
                let mut n = 0;
                for r in 0..rounds.max(2) {
                    for (i, t) in texts.iter().enumerate() {
                        if (i + r + w) % 2 == 0 || rounds == 0 {
                            continue;
                        }
                        b.query(t).map_err(|e| e.to_string())?;
                        n += 1;
                    }
                }
                Ok(n)
            })
        })
        .collect();
    let mut n = 0;
    for w in workers {
        n += w.join().map_err(|_| "worker panicked")??;
    }
    let qps = n as f64 / start.elapsed().as_secs_f64();
    Ok((p50, p99, qps, totals as f64 / texts.len() as f64))
}

/// p50 and p99 of one client over `rounds` rounds, QPS of two clients, and the average total.
async fn bench_sql<E: SqlEngine>(
    engine: &E,
    texts: &[String],
    rounds: usize,
) -> Result<(Duration, Duration, f64, f64), BoxError> {
    let mut c = engine.open().await?;
    let mut totals = 0u64;
    for t in texts {
        totals += E::ask(&mut c, t).await?.total;
    }
    let mut lat = Vec::new();
    for _ in 0..rounds {
        for t in texts {
            let start = Instant::now();
            std::hint::black_box(E::ask(&mut c, t).await?);
            lat.push(start.elapsed());
        }
    }
    let (p50, p99) = summarize(lat);
    let start = Instant::now();
    let texts = Arc::new(texts.to_vec());
    let mut handles = Vec::new();
    for w in 0..2 {
        let mut c = engine.open().await?;
        let texts = texts.clone();
        handles.push(tokio::spawn(async move {
            let mut n = 0usize;
            for r in 0..rounds.max(2) {
                for (i, t) in texts.iter().enumerate() {
                    if (i + r + w) % 2 == 0 {
                        continue;
                    }
                    E::ask(&mut c, t).await.map_err(|e| e.to_string())?;
                    n += 1;
                }
            }
            Ok::<usize, String>(n)
        }));
    }
    let mut n = 0;
    for h in handles {
        n += h.await??;
    }
    let qps = n as f64 / start.elapsed().as_secs_f64();
    Ok((p50, p99, qps, totals as f64 / texts.len() as f64))
}

// ---------------------------------------------------------------------------------------------
// Relevance on the judged corpus.

struct Relevance {
    /// Per engine: per query (nDCG@10, recall@10).
    per_query: BTreeMap<&'static str, Vec<(f64, f64)>>,
}

async fn relevance(pg_base: Option<&str>, judged_queries: &[JudgedQuery]) -> Result<Relevance, BoxError> {
    let corpus = judged::load_corpus(&judged::dir().join("corpus.jsonl"))?;
    let names: Vec<String> = corpus.iter().map(|i| i.id.clone()).collect();
    let items: Vec<BenchItem> = corpus
        .into_iter()
        .enumerate()
        .map(|(n, i)| {
            let mut b = bench_item(i64::try_from(n).unwrap_or(0) + 1, i);
            b.acl = "public".into();
            b
        })
        .collect();
    let name = |id: i64| usize::try_from(id - 1).ok().and_then(|i| names.get(i)).map_or("?", String::as_str);
    let score = |ids: &[i64], q: &JudgedQuery| {
        let ranked: Vec<&str> = ids.iter().map(|&id| name(id)).collect();
        (ndcg_at_10(&ranked, &q.judgements), recall_at_10(&ranked, &q.judgements))
    };
    let mut per_query = BTreeMap::new();
    let tmp = tempfile::tempdir()?;
    let b = Broedplaats::build(&tmp.path().join("tantivy"), &items)?;
    per_query.insert(
        "Broedplaats",
        judged_queries.iter().map(|q| Ok(score(&b.query(&q.query)?.ids, q))).collect::<Result<Vec<_>, BoxError>>()?,
    );
    let s = Sqlite::build(&tmp.path().join("judged.sqlite"), &items).await?;
    let mut c = s.connect().await?;
    let mut v = Vec::new();
    for q in judged_queries {
        v.push(score(&Sqlite::query(&mut c, &q.query).await?.ids, q));
    }
    per_query.insert("SQLite FTS5", v);
    if let Some(base) = pg_base {
        let pg = Postgres::build(base, "broedplaats_bench_judged", &items).await?;
        let mut c = pg.connect().await?;
        let mut v = Vec::new();
        for q in judged_queries {
            v.push(score(&Postgres::query(&mut c, &q.query).await?.ids, q));
        }
        c.close().await?;
        pg.drop(base).await?;
        per_query.insert("PostgreSQL FTS", v);
    }
    Ok(Relevance { per_query })
}

// ---------------------------------------------------------------------------------------------

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), BoxError> {
    let args = parse_args()?;
    let (judged_queries, texts) = queries()?;
    let pg = args.pg.as_deref();
    eprintln!("search bench: relevance on the judged corpus");
    let rel = relevance(pg, &judged_queries).await?;

    let mut rows: Vec<(usize, &'static str, Row_)> = Vec::new();
    for &size in &args.sizes {
        eprintln!("search bench: generating {size} items");
        let items = synthetic(size)?;
        let tmp = tempfile::tempdir()?;

        eprintln!("search bench: {size}: Broedplaats build");
        let start = Instant::now();
        let dir = tmp.path().join("tantivy");
        let b = Broedplaats::build(&dir, &items)?;
        let build = start.elapsed();
        let disk = dir_bytes(&dir);
        eprintln!("search bench: {size}: Broedplaats queries ({:.1} s build)", build.as_secs_f64());
        let (p50, p99, qps, avg_total) = bench_broedplaats(&b, &texts, args.rounds)?;
        let findable = b.save_to_findable()?;
        rows.push((size, "Broedplaats", Row_ { build, disk, p50, p99, qps, findable, avg_total }));
        drop(b);

        if let Some(base) = pg {
            eprintln!("search bench: {size}: PostgreSQL load");
            let start = Instant::now();
            let p = Postgres::build(base, &format!("broedplaats_bench_{size}"), &items).await?;
            let build = start.elapsed();
            let disk = p.disk_bytes().await?;
            eprintln!("search bench: {size}: PostgreSQL queries ({:.1} s load)", build.as_secs_f64());
            let (p50, p99, qps, avg_total) = bench_sql(&p, &texts, args.rounds).await?;
            let findable = p.save_to_findable().await?;
            p.drop(base).await?;
            rows.push((size, "PostgreSQL FTS", Row_ { build, disk, p50, p99, qps, findable, avg_total }));
        }

        eprintln!("search bench: {size}: SQLite load");
        let start = Instant::now();
        let s = Sqlite::build(&tmp.path().join("bench.sqlite"), &items).await?;
        let build = start.elapsed();
        let disk = s.disk_bytes();
        eprintln!("search bench: {size}: SQLite queries ({:.1} s load)", build.as_secs_f64());
        let (p50, p99, qps, avg_total) = bench_sql(&s, &texts, args.rounds).await?;
        let findable = s.save_to_findable().await?;
        rows.push((size, "SQLite FTS5", Row_ { build, disk, p50, p99, qps, findable, avg_total }));
    }

    print!("{}", report(&args, &texts, &judged_queries, &rows, &rel));
    Ok(())
}

fn report(
    args: &Args,
    texts: &[String],
    judged_queries: &[JudgedQuery],
    rows: &[(usize, &'static str, Row_)],
    rel: &Relevance,
) -> String {
    let mut o = String::new();
    let sizes: Vec<String> = args.sizes.iter().map(usize::to_string).collect();
    let _ = writeln!(o, "## Search\n");
    let _ = writeln!(
        o,
        "`bench/search.sh` (= `cargo run --release -p broedplaats-bench --bin search -- --sizes {} --rounds {}`), \
         2-core development machine, PostgreSQL 15 on the same machine. Generated by the benchmark; do not edit by hand.\n",
        sizes.join(","),
        args.rounds
    );
    let _ = writeln!(
        o,
        "Same synthetic corpus (`corpus` generator, seed 7; one item in ten visible only inside its werkplaats) and the same \
         {} queries ({} judged + {} typo/compound) for every engine. One query = top 10 by relevance + total + counts of \
         7 facets (kind, werkplaats, year, themes, kwesties, audience, 4 O's) + a highlighted snippet per hit, for a viewer \
         with tokens `public` and `wp:zhz`. Latency: {} rounds over all queries after one warm-up round, one client. \
         QPS: two clients at once. Save → findable: insert one item, commit, query until it is found.\n",
        texts.len(),
        judged_queries.len(),
        EXTRA_QUERIES.len(),
        args.rounds
    );
    let _ = writeln!(
        o,
        "| items | engine | build | on disk | p50 | p99 | QPS (2 clients) | save → findable | avg. total hits | p99 vs PG | QPS vs PG |"
    );
    let _ = writeln!(o, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (size, engine, r) in rows {
        let pg = rows.iter().find(|(s, e, _)| s == size && *e == "PostgreSQL FTS").map(|(_, _, r)| r);
        let (vs_p99, vs_qps) = match pg {
            Some(pg) if *engine != "PostgreSQL FTS" => (
                format!("{:.1}× faster", ms(pg.p99) / ms(r.p99).max(1e-6)),
                format!("{:.1}×", r.qps / pg.qps.max(1e-9)),
            ),
            _ => ("–".into(), "–".into()),
        };
        let _ = writeln!(
            o,
            "| {size} | {engine} | {:.1} s | {:.0} MB | {:.2} ms | {:.2} ms | {:.0} | {:.1} ms | {:.0} | {vs_p99} | {vs_qps} |",
            r.build.as_secs_f64(),
            r.disk as f64 / 1e6,
            ms(r.p50),
            ms(r.p99),
            r.qps,
            ms(r.findable),
            r.avg_total
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "Relevance on the hand-judged corpus (bench/search/corpus.jsonl, {} queries of queries.json; \
         PostgreSQL: `websearch_to_tsquery('dutch')` + `ts_rank_cd`, weights A/B/C on title/summary/body; \
         SQLite: FTS5 `unicode61 remove_diacritics 2`, all words, `bm25` 3/2/1):\n",
        judged_queries.len()
    );
    let _ = writeln!(o, "| engine | mean nDCG@10 | mean recall@10 |");
    let _ = writeln!(o, "|---|---:|---:|");
    for (engine, v) in &rel.per_query {
        let n = v.len().max(1) as f64;
        let _ = writeln!(
            o,
            "| {engine} | {:.3} | {:.3} |",
            v.iter().map(|x| x.0).sum::<f64>() / n,
            v.iter().map(|x| x.1).sum::<f64>() / n
        );
    }
    let engines: Vec<&&str> = rel.per_query.keys().collect();
    let _ = writeln!(o, "\n<details><summary>nDCG@10 per query where the engines differ</summary>\n");
    let _ = writeln!(o, "| query | {} |", engines.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(" | "));
    let _ = writeln!(o, "|---|{}", "---:|".repeat(engines.len()));
    for (i, q) in judged_queries.iter().enumerate() {
        let vals: Vec<f64> = rel.per_query.values().map(|v| v.get(i).map_or(0.0, |x| x.0)).collect();
        let differ = vals.iter().any(|v| (v - vals[0]).abs() > 1e-9);
        if differ {
            let cells: Vec<String> = vals.iter().map(|v| format!("{v:.2}")).collect();
            let _ = writeln!(o, "| {} {} | {} |", q.id, q.query, cells.join(" | "));
        }
    }
    let _ = writeln!(o, "\n</details>");
    o
}

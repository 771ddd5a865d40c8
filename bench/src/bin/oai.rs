//! The OAI-PMH provider (`/oai`, issue 17) on a 1,000,000-record set: harvest throughput of
//! ListRecords pages through the use case (`Core::oai`: arguments checked, keyset page read, XML
//! written), and the time of the first page and of a page 100,000 records deep, same run, side by
//! side with the baseline of an OFFSET-paged query at the same depths (what an offset in the
//! resumption token costs, DSpace #12980).
//!
//!   cargo run --release -p broedplaats-bench --bin oai [records] [repetitions]
//!
//! SQLite file database in a temporary directory. BENCH_OAI_PG=1 also runs on PostgreSQL
//! (BROEDPLAATS_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres; a fresh database
//! is created and dropped).
use broedplaats_core::Core;
use broedplaats_core::dissemination::oai::Token;
use broedplaats_store::Store;
use broedplaats_store::oai::{BulkRecords, insert_bulk};
use broedplaats_store::werkplaats::{NewWerkplaats, insert};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error>;

const SET: &str = "werkplaats:bench";
const DEPTH: i64 = 100_000;

/// An oai_dc record of a typical size (≈ 900 bytes).
const DC: &str = "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">\
<dc:title>Werkvorm voor het buurtgesprek over armoede en schulden in de wijk</dc:title>\
<dc:creator>Jansen, A.</dc:creator><dc:creator>De Vries, B.</dc:creator><dc:subject>Armoede en schulden</dc:subject>\
<dc:subject>Sociale basis</dc:subject><dc:description>Een werkvorm waarmee professionals en bewoners samen \
in gesprek gaan over geldzorgen, met een handleiding en voorbeelden uit drie wijken.</dc:description>\
<dc:publisher>Werkplaats Sociaal Domein</dc:publisher><dc:date>2025-03-14</dc:date>\
<dc:type>http://purl.org/coar/resource_type/c_1843</dc:type><dc:type>knowledge_product</dc:type>\
<dc:type>Werkvorm</dc:type><dc:identifier>https://kennis.example.nl/werkplaatsen/bench/kennis/1</dc:identifier>\
<dc:language>nl</dc:language><dc:rights>CC BY 4.0</dc:rights></oai_dc:dc>";

fn stamp(i: i64) -> String {
    // Ten records a second from 2020 on: datestamps repeat, so the id breaks ties.
    let t = chrono::DateTime::from_timestamp(1_577_836_800 + i / 10, 0).unwrap_or_default();
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn token_of(xml: &str) -> Option<String> {
    let i = xml.find("<resumptionToken")?;
    let rest = &xml[i..];
    let start = rest.find('>')? + 1;
    let end = rest.find("</resumptionToken>")?;
    Some(rest[start..end].to_owned()).filter(|t| !t.is_empty())
}

fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(v[((v.len() as f64 - 1.0) * q).round() as usize]);
    (p(0.5), p(0.95))
}

async fn run(label: &str, url: &str, records: i64, reps: usize) -> Result<(), Error> {
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let core = Core::new(store.clone()).with_public_url("https://kennis.example.nl");
    {
        let mut conn = store.conn().await?;
        insert(&mut conn, &NewWerkplaats { slug: "bench", name: "Bench", region: "Test", association: "" }).await?;
    }
    core.sync_oai().await?;
    let tenant = core.tenant("bench").await?;
    let fill = Instant::now();
    let chunk = 100_000;
    let mut done = 0;
    while done < records {
        let n = chunk.min(records - done);
        let mut tx = store.begin().await?;
        let bulk = BulkRecords {
            item_type: "knowledge_product",
            first_item: done + 1,
            n,
            set: (SET, "Werkplaats Bench"),
            oai_dc: DC,
            oai_openaire: "",
        };
        let offset = done;
        insert_bulk(&mut tx, &tenant, &bulk, |i| stamp(offset + i)).await?;
        tx.commit().await?;
        done += n;
    }
    if url.starts_with("sqlite") {
        sqlx::query("ANALYZE").execute(&mut *store.conn().await?).await?;
    } else {
        sqlx::query("ANALYZE oai_records").execute(&mut *store.conn().await?).await?;
        sqlx::query("ANALYZE oai_record_sets").execute(&mut *store.conn().await?).await?;
    }
    println!("{label}: {records} records filled in {:.1} s", fill.elapsed().as_secs_f64());

    // Harvest: walk the set from the start to the depth, page by page, as a harvester does.
    let first = params(&[("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("set", SET)]);
    let walk = Instant::now();
    let mut xml = core.oai(Some(&first)).await?;
    let second_token = token_of(&xml).ok_or("one page only")?;
    let mut pages = 1;
    let mut bytes = xml.len();
    while (pages as i64) * 100 < DEPTH {
        let t = token_of(&xml).ok_or("the list ended early")?;
        xml = core.oai(Some(&params(&[("verb", "ListRecords"), ("resumptionToken", &t)]))).await?;
        pages += 1;
        bytes += xml.len();
    }
    let secs = walk.elapsed().as_secs_f64();
    let deep_token = token_of(&xml).ok_or("no token at the depth")?;
    let decoded = Token::decode(&deep_token).ok_or("undecodable token")?;
    assert_eq!(decoded.cursor, DEPTH);
    println!(
        "{label}: harvest of {} records ({pages} pages, {:.0} MB of XML) in {secs:.1} s = {:.0} records/s",
        pages * 100,
        bytes as f64 / 1e6,
        (pages * 100) as f64 / secs
    );

    // First page (counts completeListSize) and the page 100,000 deep, interleaved.
    let deep = params(&[("verb", "ListRecords"), ("resumptionToken", &deep_token)]);
    let second = params(&[("verb", "ListRecords"), ("resumptionToken", &second_token)]);
    let (mut t_first, mut t_second, mut t_deep) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..reps {
        let t = Instant::now();
        let a = core.oai(Some(&first)).await?;
        t_first.push(t.elapsed());
        let t = Instant::now();
        core.oai(Some(&second)).await?;
        t_second.push(t.elapsed());
        let t = Instant::now();
        let b = core.oai(Some(&deep)).await?;
        t_deep.push(t.elapsed());
        assert!(a.matches("<record>").count() == 100 && b.matches("<record>").count() == 100);
    }

    // Baseline: the same page by OFFSET, as a token holding an offset would read it.
    let offset_sql =
        "SELECT r.id, r.datestamp, r.oai_dc FROM oai_record_sets s JOIN oai_records r ON r.id = s.record_id
        WHERE s.spec = $1 ORDER BY s.datestamp, s.record_id LIMIT 101 OFFSET $2";
    let (mut o_first, mut o_deep) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        for (offset, out) in [(0_i64, &mut o_first), (DEPTH, &mut o_deep)] {
            let mut conn = store.conn().await?;
            let t = Instant::now();
            let rows: Vec<(i64, String, String)> =
                sqlx::query_as(offset_sql).bind(SET).bind(offset).fetch_all(&mut *conn).await?;
            out.push(t.elapsed());
            assert_eq!(rows.len(), 101);
        }
    }
    println!("| backend | page | method | runs | median (ms) | p95 (ms) |");
    println!("|---|---|---|---|---|---|");
    for (page, method, v) in [
        ("first", "keyset token, whole use case (XML, completeListSize counted)", t_first),
        ("second (cursor 100)", "keyset token, whole use case (XML)", t_second),
        ("100,000 deep", "keyset token, whole use case (XML)", t_deep),
        ("first", "baseline: OFFSET 0 query alone", o_first),
        ("100,000 deep", "baseline: OFFSET 100000 query alone", o_deep),
    ] {
        let (p50, p95) = stats(v);
        println!("| {label} | {page} | {method} | {reps} | {p50:.2} | {p95:.2} |");
    }
    store.close().await;
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Error> {
    let records: i64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let reps: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(20);
    let dir = tempfile::tempdir()?;
    let sqlite = format!("sqlite://{}?mode=rwc", dir.path().join("oai.db").display());
    run("SQLite", &sqlite, records, reps).await?;
    if std::env::var_os("BENCH_OAI_PG").is_some() {
        let admin_url = std::env::var("BROEDPLAATS_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("bp_bench_oai_{}", std::process::id());
        let admin = Store::connect(&admin_url).await?;
        admin.execute_admin(&format!("CREATE DATABASE {name}")).await?;
        let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap_or_else(|| admin_url.clone());
        let result = run("PostgreSQL", &format!("{base}/{name}"), records, reps).await;
        admin.execute_admin(&format!("DROP DATABASE {name} WITH (FORCE)")).await?;
        result?;
    }
    Ok(())
}

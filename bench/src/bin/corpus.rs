//! Synthetic Dutch knowledge items for search benchmarks: the same JSON-lines shape as the
//! hand-written, judged corpus in bench/search/corpus.jsonl, at any scale.
//!
//!   cargo run --release -p broedplaats-bench --bin corpus -- --items 100000 --out /tmp/corpus-100k.jsonl [--seed 7]
//!
//! `--out -` writes to stdout. Items are built from a vocabulary of the social domain (kwesties and
//! their subjects, compounds, target groups, professionals, fictional places and organisations) with
//! sentence templates; every choice is drawn with Zipf-like weights (the first entry of a list is the
//! most frequent), so term frequencies fall off the way they do in real text. The output depends only
//! on the seed (own PRNG, no platform or crate-version dependence) and is streamed: memory stays flat
//! whatever the number of items.
use std::io::{self, BufWriter, Write};
use std::time::Instant;

use broedplaats_bench::corpus::{Generator, Rng};

const USAGE: &str = "usage: corpus --items N --out PATH|- [--seed S]";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse(std::env::args().skip(1))?;
    let start = Instant::now();
    let sink: Box<dyn Write> = if args.out == "-" {
        Box::new(io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(&args.out).map_err(|e| format!("{}: {e}", args.out))?)
    };
    let mut out = CountingWriter { inner: BufWriter::with_capacity(1 << 20, sink), bytes: 0 };
    let generator = Generator::new();
    let mut rng = Rng::new(args.seed);
    let mut line = String::with_capacity(4096);
    for n in 1..=args.items {
        line.clear();
        generator.item(&mut rng, n, &mut line);
        line.push('\n');
        out.write_all(line.as_bytes())?;
        if n % 100_000 == 0 {
            eprintln!("corpus: {n} items, {:.1} MB, {:.1} s", out.bytes as f64 / 1e6, start.elapsed().as_secs_f64());
        }
    }
    out.inner.flush()?;
    eprintln!(
        "corpus: done, {} items, {:.1} MB in {:.2} s (seed {})",
        args.items,
        out.bytes as f64 / 1e6,
        start.elapsed().as_secs_f64(),
        args.seed
    );
    Ok(())
}

#[derive(Debug)]
struct Args {
    items: u64,
    out: String,
    seed: u64,
}

impl Args {
    fn parse(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
        let (mut items, mut out, mut seed) = (None, None, 7);
        while let Some(flag) = it.next() {
            let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
            match flag.as_str() {
                "--items" => items = Some(value()?.replace('_', "").parse().map_err(|e| format!("--items: {e}"))?),
                "--out" => out = Some(value()?),
                "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
                "-h" | "--help" => return Err(USAGE.to_owned()),
                other => return Err(format!("unknown argument {other}\n{USAGE}")),
            }
        }
        match (items, out) {
            (Some(items), Some(out)) => Ok(Args { items, out, seed }),
            _ => Err(USAGE.to_owned()),
        }
    }
}

struct CountingWriter<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_parsed() {
        let args = |s: &str| Args::parse(s.split_whitespace().map(str::to_owned));
        let a = args("--items 1_000 --out x.jsonl --seed 3").expect("valid");
        assert_eq!((a.items, a.out.as_str(), a.seed), (1000, "x.jsonl", 3));
        assert_eq!(args("--items 5 --out -").expect("valid").seed, 7);
        assert!(args("--items 5").is_err());
        assert!(args("--items x --out y").is_err());
    }
}

//! Writes a deterministic news-like JSON Lines corpus to stdout, for
//! whole-process timings (see BENCHMARKS.md):
//!
//! ```sh
//! cargo run --release --example gen-corpus -- 1000 > /tmp/news-1g.jsonl   # ~1000 MB
//! ```
//!
//! Arguments: size in MB (default 10), seed (default 1). The same generator
//! feeds the criterion benchmarks (`benches/corpus.rs`).

#[path = "../benches/corpus.rs"]
mod corpus;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mb: f64 = args.next().map_or(10.0, |a| a.parse().expect("size in MB"));
    let seed: u64 = args.next().map_or(1, |a| a.parse().expect("seed"));
    let target = (mb * 1e6) as usize;
    let mut gen = corpus::Generator::new(seed);
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out.lock());
    let mut written = 0;
    let mut line = String::new();
    while written < target {
        line.clear();
        corpus::jsonl_line(&gen.article(), &mut line);
        written += line.len();
        if let Err(e) = out.write_all(line.as_bytes()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(e);
        }
    }
    out.flush()?;
    let p = gen.planted;
    eprintln!(
        "gen-corpus: {written} bytes; planted {} mentions ({} cities, {} countries, {} organizations, {} people, {} dates)",
        p.total(),
        p.cities,
        p.countries,
        p.orgs,
        p.people,
        p.dates
    );
    Ok(())
}

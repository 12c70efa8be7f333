//! Throughput of every pipeline stage and of the whole pipeline, in MB/s of
//! article text (`Throughput::Bytes`), on a generated news-like corpus.
//!
//! Questions answered (targets from issue #7, one thread):
//! - `e2e/jsonl`: JSON Lines in -> JSON Lines out with all built-in
//!   gazetteers, by the same calls as the command with one thread: at
//!   least 50 MB/s.
//! - `stage/dates`: the date finder alone, scanning the text: at least
//!   300 MB/s. `stage/dates_in_tokens`: the same over the article's
//!   tokens, as the pipeline runs it.
//! - the other `stage/*` groups say where the rest of the time goes:
//!   tokenize, gazetteer walk (`names::analyze`), name candidates
//!   (`names::find`), resolve (select + group), roles, output (record +
//!   JSON serialization).
//! - `eval/*` (only when `../shared/eval/data` exists; skipped silently
//!   otherwise): the whole pipeline over real annotated news.
//!
//! The corpus (`corpus.rs`) is generated deterministically; about 1 MB of
//! text, 5-10 entity mentions per KB. Every group first checks that its stage
//! still finds about what the generator planted, so a fast but broken stage
//! cannot pass for a fast one.
//!
//! Run: `cargo bench --bench extract` (about 1-2 minutes), or one group:
//! `cargo bench --bench extract -- stage/dates`.

mod corpus;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use gazette::article::DateSource;
use gazette::date::Date;
use gazette::entity::{Candidate, EntityType};
use gazette::input::{InputOptions, Item, Reader, Source as InputSource};
use gazette::output::{self, Encoder, Extraction, Format};
use gazette::patterns::{date::DateFinder, names, role};
use gazette::pipeline;
use gazette::tokenize::{self, Token};
use gazette::{resolve, Article, Extractor, Gazetteers};

/// The benches measure what the `gazette` binary runs: with its allocator.
#[global_allocator]
static ALLOC: gazette::alloc::Mi = gazette::alloc::Mi;

/// Bytes of article text in the corpus.
const CORPUS_BYTES: usize = 1_000_000;

struct Doc {
    text: String,
    anchor: Option<Date>,
    tokens: Vec<Token>,
}

fn corpus() -> (Vec<corpus::GenArticle>, corpus::Planted) {
    let mut g = corpus::Generator::new(1);
    let arts = g.articles(CORPUS_BYTES);
    (arts, g.planted)
}

fn docs(arts: &[corpus::GenArticle]) -> Vec<Doc> {
    arts.iter()
        .map(|a| Doc { text: a.text.clone(), anchor: Date::parse_iso(&a.date), tokens: tokenize::tokenize(&a.text) })
        .collect()
}

fn text_bytes(docs: &[Doc]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}

fn date_candidates(finder: &DateFinder, text: &str, anchor: Option<Date>, out: &mut Vec<Candidate>) {
    out.extend(finder.find(text, anchor).into_iter().map(|m| pipeline::date_candidate(text, m)));
}

/// `found` is within `lo..=hi` percent of `planted`.
fn assert_near(what: &str, found: usize, planted: usize, lo: usize, hi: usize) {
    assert!(
        found * 100 >= planted * lo && found * 100 <= planted * hi,
        "{what}: found {found}, planted {planted}: outside {lo}%..{hi}%"
    );
}

fn stages(c: &mut Criterion) {
    let (arts, planted) = corpus();
    let docs = docs(&arts);
    let bytes = text_bytes(&docs);
    let gaz = Gazetteers::builtin();
    let finder = DateFinder::new();

    // -- tokenize
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    assert!(tokens as u64 > bytes / 8, "tokenize: only {tokens} tokens in {bytes} bytes");
    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("tokenize", |b| {
        let mut buf = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                buf.clear();
                tokenize::tokenize_into(black_box(&d.text), &mut buf);
                n += buf.len();
            }
            assert_eq!(n, tokens);
        })
    });

    // -- gazetteer walk: every token looked up, all multi-token keys found
    let analyses: Vec<names::Analysis> = docs.iter().map(|d| names::analyze(&d.text, &d.tokens, &gaz)).collect();
    let hits: usize = analyses.iter().map(|a| a.hits.len()).sum();
    assert!(hits >= planted.total(), "gazetteer walk: {hits} hits, fewer than the {} planted", planted.total());
    g.bench_function("gazetteer_analyze", |b| {
        b.iter(|| {
            let n: usize = docs.iter().map(|d| names::analyze(black_box(&d.text), &d.tokens, &gaz).hits.len()).sum();
            assert_eq!(n, hits);
        })
    });

    // -- name candidates from the gazetteer hits and the name patterns
    let mut name_cands: Vec<Vec<Candidate>> = Vec::new();
    for (d, an) in docs.iter().zip(&analyses) {
        let mut v = Vec::new();
        let mut lone = names::find(&d.text, &d.tokens, &gaz, an, &mut v);
        lone.settle(&d.text, &d.tokens, an, &mut v);
        name_cands.push(v);
    }
    // Priority 0 marks lone capitalised words in capitals ("WHO") that
    // `resolve` keeps only when nothing better covers them.
    let count = |ty: EntityType| name_cands.iter().flatten().filter(|c| c.ty == ty && c.priority > 0).count();
    assert_near("names: cities", count(EntityType::City), planted.cities, 90, 200);
    assert_near("names: people", count(EntityType::Person), planted.people, 80, 200);
    let ncands: usize = name_cands.iter().map(Vec::len).sum();
    g.bench_function("names_find", |b| {
        b.iter(|| {
            let mut n = 0;
            let mut v = Vec::new();
            for (d, an) in docs.iter().zip(&analyses) {
                v.clear();
                let mut lone = names::find(black_box(&d.text), &d.tokens, &gaz, an, &mut v);
                lone.settle(&d.text, &d.tokens, an, &mut v);
                n += v.len();
            }
            assert_eq!(n, ncands);
        })
    });

    // -- dates
    let ndates: usize = docs.iter().map(|d| finder.find(&d.text, d.anchor).len()).sum();
    assert_near("dates", ndates, planted.dates, 90, 115);
    g.bench_function("dates", |b| {
        b.iter(|| {
            let n: usize = docs.iter().map(|d| finder.find(black_box(&d.text), d.anchor).len()).sum();
            assert_eq!(n, ndates);
        })
    });
    g.bench_function("dates_in_tokens", |b| {
        b.iter(|| {
            let n: usize =
                docs.iter().map(|d| finder.find_in_tokens(black_box(&d.text), &d.tokens, d.anchor).len()).sum();
            assert_eq!(n, ndates);
        })
    });
    // The pipeline's entry point: only the tokens the names stage listed.
    g.bench_function("dates_at_tokens", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .zip(&analyses)
                .map(|(d, an)| finder.find_at_tokens(black_box(&d.text), &d.tokens, d.anchor, an.date_starts()).len())
                .sum();
            assert_eq!(n, ndates);
        })
    });

    // -- resolve: overlap selection and grouping into entities
    let mut all_cands = name_cands.clone();
    for (d, v) in docs.iter().zip(&mut all_cands) {
        date_candidates(&finder, &d.text, d.anchor, v);
    }
    let resolved: Vec<_> =
        docs.iter().zip(&all_cands).map(|(d, v)| resolve::group(&d.text, resolve::select(v.clone()))).collect();
    let mentions: usize = resolved.iter().flatten().map(|e| e.mentions.len()).sum();
    assert_near("resolve: mentions", mentions, planted.total(), 85, 130);
    g.bench_function("resolve", |b| {
        b.iter_batched(
            || all_cands.clone(),
            |cands| {
                let mut n = 0;
                for (d, v) in docs.iter().zip(cands) {
                    n += resolve::group(&d.text, resolve::select(v)).len();
                }
                n
            },
            BatchSize::LargeInput,
        )
    });

    // -- roles, on top of resolved entities
    let mut with_roles = resolved.clone();
    for ((d, an), ents) in docs.iter().zip(&analyses).zip(&mut with_roles) {
        role::attach(&d.text, &d.tokens, &gaz, an, ents);
    }
    let roles = with_roles.iter().flatten().filter(|e| e.ty == EntityType::Role).count();
    assert!(roles > 0, "roles: none found");
    g.bench_function("roles", |b| {
        b.iter_batched(
            || resolved.clone(),
            |mut ents| {
                for ((d, an), e) in docs.iter().zip(&analyses).zip(&mut ents) {
                    role::attach(&d.text, &d.tokens, &gaz, an, e);
                }
                ents
            },
            BatchSize::LargeInput,
        )
    });

    // -- output: JSON Lines written straight from the entities (code point
    // offsets), as the command does
    let articles: Vec<Article> = arts
        .iter()
        .map(|a| {
            let mut art = Article::new(a.id.clone(), a.text.clone());
            art.published = Date::parse_iso(&a.date).map(|d| (d, DateSource::Field));
            art
        })
        .collect();
    let extractions: Vec<Extraction> = articles
        .iter()
        .zip(&with_roles)
        .map(|(a, ents)| Extraction {
            published: a.published,
            entities: ents.clone(),
            rejected: None,
            shown: Vec::new(),
            focus: Vec::new(),
        })
        .collect();
    let encoder = Encoder::new(Format::Jsonl);
    let mut out = Vec::with_capacity(8 << 20);
    // The same bytes as the owned record through serde.
    let mut via_record = Vec::new();
    for (a, x) in articles.iter().zip(&extractions) {
        encoder.encode_extraction(a, x, &mut out).unwrap();
        encoder.encode(&output::record(a, x.published, &x.entities), &mut via_record).unwrap();
    }
    assert!(out == via_record && out.len() > arts.len() * 100, "output_jsonl: unexpected bytes");
    g.bench_function("output_jsonl", |b| {
        b.iter(|| {
            out.clear();
            for (a, x) in articles.iter().zip(&extractions) {
                encoder.encode_extraction(a, x, &mut out).unwrap();
            }
            black_box(out.len())
        })
    });
    g.finish();
}

/// JSON Lines bytes of the corpus, written to a temporary file.
fn corpus_file(arts: &[corpus::GenArticle]) -> (PathBuf, u64) {
    let mut s = String::new();
    for a in arts {
        corpus::jsonl_line(a, &mut s);
    }
    let path = std::env::temp_dir().join(format!("gazette-bench-{}.jsonl", std::process::id()));
    std::fs::File::create(&path).and_then(|mut f| f.write_all(s.as_bytes())).expect("writing the bench corpus");
    (path, s.len() as u64)
}

/// Read `path`, extract, write JSON Lines to a sink, the way the `gazette`
/// command does with one thread (`Extractor::analyze`, then
/// `Encoder::encode_extraction` into a reused buffer); the number of
/// records and of entity mentions.
fn run(extractor: &Extractor, path: &std::path::Path, opts: &InputOptions) -> (usize, usize) {
    let mut w = output::writer(Format::Jsonl, std::io::sink());
    let encoder = Encoder::new(Format::Jsonl);
    let mut bytes = Vec::with_capacity(1 << 16);
    let (mut recs, mut mentions) = (0, 0);
    for item in Reader::new(vec![InputSource::Path(path.to_owned())], opts.clone()) {
        let Item::Article(a, _) = item else { panic!("bad input item: {item:?}") };
        let x = extractor.analyze(&a);
        recs += 1;
        mentions += x.entities.iter().map(|e| e.mentions.len()).sum::<usize>();
        bytes.clear();
        encoder.encode_extraction(&a, &x, &mut bytes).unwrap();
        w.write_encoded(&bytes).unwrap();
    }
    w.finish().unwrap();
    (recs, mentions)
}

fn end_to_end(c: &mut Criterion) {
    let (arts, planted) = corpus();
    let (path, bytes) = corpus_file(&arts);
    let extractor = Extractor::default();
    let opts = InputOptions::default();
    let (recs, mentions) = run(&extractor, &path, &opts);
    assert_eq!(recs, arts.len());
    assert_near("e2e: mentions", mentions, planted.total(), 85, 130);
    let mut g = c.benchmark_group("e2e");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("jsonl", |b| b.iter(|| assert_eq!(run(&extractor, &path, &opts), (recs, mentions))));
    g.finish();
    let _ = std::fs::remove_file(&path);
}

/// The real development sets, when this checkout sits next to them.
fn eval_data(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/data");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    if files.is_empty() {
        return;
    }
    files.sort();
    let extractor = Extractor::default();
    let opts = InputOptions { date_field: "dct".into(), ..InputOptions::default() };
    let mut g = c.benchmark_group("eval");
    for path in files {
        let Ok(data) = std::fs::read_to_string(&path) else { continue };
        let lines = data.lines().filter(|l| !l.trim().is_empty()).count();
        let (recs, mentions) = run(&extractor, &path, &opts);
        assert_eq!(recs, lines, "{}: every line is an article", path.display());
        assert!(mentions > lines, "{}: only {mentions} mentions", path.display());
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.bench_function(&name, |b| b.iter(|| assert_eq!(run(&extractor, &path, &opts), (recs, mentions))));
    }
    g.finish();
}

fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
}

criterion_group! {
    name = benches;
    config = criterion();
    targets = stages, end_to_end, eval_data
}
criterion_main!(benches);

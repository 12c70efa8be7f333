//! Big records and random text: time linear in a record's size, the size
//! limit, and properties that hold for any text.

use std::time::{Duration, Instant};

use crate::util::{assert_offsets, gazette, TestDir};

#[path = "../benches/corpus.rs"]
mod corpus;

/// One article of about `bytes` bytes: generated news articles run
/// together, plus a paragraph of many short dated sentences (the shape
/// that once made date selection quadratic).
fn big_article(bytes: usize) -> String {
    let mut gen = corpus::Generator::new(7);
    let mut text = String::with_capacity(bytes + 4096);
    while text.len() < bytes / 2 {
        text.push_str(&gen.article().text);
        text.push_str("\n\n");
    }
    while text.len() < bytes {
        text.push_str("He spoke on Monday. Talks resume on 14 March 2023. ");
    }
    text
}

/// The fastest of five runs of gazette over `file`.
fn best_time(d: &TestDir, file: &str) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            gazette(&d.path, &["-j", "1", "-o", "out.jsonl", file], None).code(0);
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// A benchmark, not a unit timing: 4 MB must take about four times as
/// long as 1 MB. A quadratic pass makes it 16 times; the check allows 10:
/// on a shared 2-vCPU machine the same linear build measured from 4.0 to
/// 8.6 times in a debug build, run after run.
#[test]
fn time_is_linear_in_record_size() {
    let d = TestDir::new("linear");
    d.create("1mb.txt", big_article(1 << 20));
    d.create("4mb.txt", big_article(4 << 20));
    let small = best_time(&d, "1mb.txt");
    let big = best_time(&d, "4mb.txt");
    let ratio = big.as_secs_f64() / small.as_secs_f64();
    eprintln!("1 MB: {small:?}, 4 MB: {big:?}, ratio {ratio:.2}");
    assert!(ratio < 10.0, "4 MB took {ratio:.1} times as long as 1 MB ({big:?} vs {small:?})");
}

/// A record past the limit is an error naming it; the others are read.
#[test]
fn record_over_the_limit_is_skipped_with_its_location() {
    let d = TestDir::new("limit");
    let long = "Rain in Lisbon. ".repeat((gazette::input::MAX_RECORD >> 4) + 1);
    let jsonl = format!(
        "{{\"text\": \"Officials in Madrid said so.\"}}\n{{\"text\": \"{long}\"}}\n{{\"text\": \"Snow in Oslo.\"}}\n"
    );
    d.create("feed.jsonl", &jsonl);
    d.create("long.txt", &long);
    d.create("short.txt", "Officials in Madrid said so.");
    let run = gazette(&d.path, &["feed.jsonl", "long.txt", "short.txt"], None);
    run.code(1).stderr_has("gazette: feed.jsonl:2: record of").stderr_has("gazette: long.txt: record of");
    let ids: Vec<String> = run.records().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["feed.jsonl:1", "feed.jsonl:3", "short.txt"]);
}

/// Random text from news-like pieces: words of every list the generator
/// knows, numbers and date shapes, punctuation, quotes, accents, other
/// scripts, emoji, control characters and line breaks, in random order.
fn random_text(rng: &mut corpus::Rng) -> String {
    const PIECES: &[&str] = &[
        "the",
        "of",
        "said",
        "on",
        "in",
        "at",
        "President",
        "chief executive",
        "head of",
        "Mr.",
        "Dr",
        "St.",
        "Monday",
        "last week",
        "March",
        "14",
        "2023",
        "03/04/2023",
        "1990s",
        "Q3",
        "'s",
        "’s",
        "-",
        "–",
        "—",
        ",",
        ".",
        ";",
        ":",
        "(",
        ")",
        "\"",
        "“",
        "”",
        "'",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        " ",
        "  ",
        "ALL CAPS",
        "LONDON",
        "Zürich",
        "São",
        "İstanbul",
        "ǅ",
        "ß",
        "Ω",
        "中文",
        "العربية",
        "😀",
        "\u{301}",
        "\u{200d}",
        "\u{0}",
        "\u{feff}",
        "\u{fffd}",
        "e\u{301}",
        "ﬁ",
        "Ⅻ",
        "١٢٣",
        "$5",
        "5%",
        "#1",
        "U.S.",
        "U.N.",
        "Inc.",
    ];
    let lists =
        [corpus::CITIES, corpus::COUNTRIES, corpus::ORGS, corpus::GIVEN, corpus::SURNAMES, corpus::ROLES, PIECES];
    let mut text = String::new();
    for _ in 0..rng.below(120) {
        let list = lists[rng.below(lists.len())];
        text.push_str(rng.pick(list));
        if rng.chance(70) {
            text.push(' ');
        }
    }
    text
}

/// For random text: no panic, every mention's offsets slice the text to
/// exactly its `text`, and the same output whatever the thread count.
#[test]
fn random_text_properties() {
    let d = TestDir::new("random");
    let mut rng = corpus::Rng::new(23);
    let texts: Vec<String> = (0..400).map(|_| random_text(&mut rng)).collect();
    let mut jsonl = String::new();
    for (i, t) in texts.iter().enumerate() {
        jsonl.push_str(&serde_json::json!({"id": i.to_string(), "text": t}).to_string());
        jsonl.push('\n');
    }
    d.create("random.jsonl", &jsonl);
    let one = gazette(&d.path, &["-j", "1", "random.jsonl"], None);
    one.code(0);
    let records = one.records();
    assert_eq!(records.len(), texts.len());
    for (r, t) in records.iter().zip(&texts) {
        assert_offsets(r, t);
    }
    let two = gazette(&d.path, &["-j", "2", "random.jsonl"], None);
    assert_eq!(one.stdout(), two.stdout(), "-j 1 and -j 2 differ");
    let again = gazette(&d.path, &["-j", "1", "random.jsonl"], None);
    assert_eq!(one.stdout(), again.stdout(), "two runs differ");
}

//! The whole pipeline on arbitrary bytes: input (text, JSON Lines, CSV,
//! gzip/zstd sniffing, UTF-8 policy) → extraction → JSON Lines and CSV.
//!
//! The first byte picks the input format, the UTF-8 policy and whether a
//! reference date is given; the rest is the input. Checked for every
//! article: no panic, the output is one JSON record, every mention's
//! offsets slice the article text to exactly its `text`, the direct
//! encoder writes the same bytes as the record encoder, and a second run
//! gives the same bytes.
//!
//! ```sh
//! cargo +nightly fuzz run pipeline
//! ```

#![no_main]

use std::sync::OnceLock;

use gazette::date::Date;
use gazette::input::{read_stream, InputFormat, InputOptions, Item, Utf8Policy};
use gazette::output::{Encoder, Format, Record};
use gazette::Extractor;
use libfuzzer_sys::fuzz_target;

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else { return };
    let opts = InputOptions {
        format: [InputFormat::Auto, InputFormat::Text, InputFormat::Jsonl, InputFormat::Csv][usize::from(sel & 3)],
        invalid_utf8: if sel & 4 == 0 { Utf8Policy::Error } else { Utf8Policy::Lossy },
        date: if sel & 8 == 0 { None } else { Date::new(2023, 3, 14) },
        ..InputOptions::default()
    };
    let ex = EXTRACTOR.get_or_init(Extractor::default);
    for item in read_stream(Box::new(bytes), "fuzz", &opts) {
        let Item::Article(article, _) = item else { continue };
        let x = ex.analyze(&article);
        let mut direct = Vec::new();
        Encoder::new(Format::Jsonl).encode_extraction(&article, &x, &mut direct).unwrap();
        let rec: Record = serde_json::from_slice(&direct).expect("one JSON record");
        let chars: Vec<char> = article.text.chars().collect();
        for e in &rec.entities {
            for m in &e.mentions {
                assert!(m.start < m.end && m.end <= chars.len(), "{} {}..{}", e.id, m.start, m.end);
                let slice: String = chars[m.start..m.end].iter().collect();
                assert_eq!(slice, m.text, "{} {}..{}", e.id, m.start, m.end);
            }
        }
        let mut via_record = Vec::new();
        Encoder::new(Format::Jsonl).encode(&ex.extract(&article), &mut via_record).unwrap();
        assert_eq!(direct, via_record, "direct and record encodings differ");
        let mut again = Vec::new();
        Encoder::new(Format::Jsonl).encode_extraction(&article, &ex.analyze(&article), &mut again).unwrap();
        assert_eq!(direct, again, "a second run differs");
        let mut csv = Vec::new();
        Encoder::new(Format::Csv).encode_extraction(&article, &x, &mut csv).unwrap();
    }
});

//! Stage 1: input — files, directories and stdin → [`Article`]s.
//!
//! A text file is one article; a JSON Lines line or a CSV row is one
//! article. Every problem (unreadable file, malformed line, missing text
//! field, invalid UTF-8) becomes an [`Item::Error`] naming the path and line,
//! and reading goes on with the next line or file.

mod decompress;
mod format;
mod json;
pub mod walk;

use std::collections::VecDeque;
use std::io::{BufRead, Read};

pub use format::JsonlArticles;
pub use walk::{expand, Source};

use crate::article::{Article, DateSource};
use crate::date::Date;

/// How to read a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension (`.jsonl`, `.ndjson`, `.json`, `.csv`, else text); on
    /// stdin and unknown extensions, JSONL when the first non-blank byte is
    /// `{`, a JSON array when it is `[`.
    Auto,
    /// One article per file.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// One article per CSV row, with a header row.
    Csv,
    /// One JSON value: an array of records, or one record.
    Json,
}

/// What to do with invalid UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf8Policy {
    /// Report and skip the article.
    Error,
    /// Replace invalid sequences with U+FFFD and mark the record `lossy`.
    Lossy,
}

/// Options for reading articles.
#[derive(Clone, Debug)]
pub struct InputOptions {
    /// The input format.
    pub format: InputFormat,
    /// Field holding the text in JSONL/CSV records.
    pub text_field: String,
    /// Field holding the id.
    pub id_field: String,
    /// Field holding the publication date.
    pub date_field: String,
    /// Reference date for articles without one in their record.
    pub date: Option<Date>,
    /// Invalid UTF-8 handling.
    pub invalid_utf8: Utf8Policy,
}

impl Default for InputOptions {
    fn default() -> InputOptions {
        InputOptions {
            format: InputFormat::Auto,
            text_field: "text".into(),
            id_field: "id".into(),
            date_field: "date".into(),
            date: None,
            invalid_utf8: Utf8Policy::Error,
        }
    }
}

/// A problem with one input: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// `PATH` or `PATH:LINE`.
    pub location: String,
    /// Lowercase description.
    pub message: String,
    /// True if an article was skipped (false for warnings).
    pub skipped: bool,
}

/// What the reader yields.
#[derive(Debug)]
pub enum Item {
    /// An article, with the number of input bytes it came from.
    Article(Article, usize),
    /// A problem; reading continues.
    Error(InputError),
}

/// Reads articles from a list of sources, one at a time, in order.
pub struct Reader {
    sources: VecDeque<Source>,
    current: Option<Box<dyn Iterator<Item = Item> + Send>>,
    opts: std::sync::Arc<InputOptions>,
}

impl Reader {
    /// A reader over `sources`.
    pub fn new(sources: Vec<Source>, opts: InputOptions) -> Reader {
        Reader { sources: sources.into(), current: None, opts: std::sync::Arc::new(opts) }
    }

    fn open(&self, source: &Source) -> Result<Box<dyn Iterator<Item = Item> + Send>, InputError> {
        let name = source.name();
        let err = |e: std::io::Error| InputError { location: name.clone(), message: io_message(&e), skipped: true };
        let raw: Box<dyn Read + Send> = match source {
            Source::Stdin => Box::new(std::io::stdin()),
            Source::Path(p) => Box::new(std::fs::File::open(p).map_err(err)?),
        };
        let mut reader = decompress::decompress(raw).map_err(err)?;
        // An empty stream on stdin holds no article (an empty file is one
        // empty article: the user named it).
        if *source == Source::Stdin && reader.fill_buf().map_err(err)?.is_empty() {
            return Ok(Box::new(std::iter::empty()));
        }
        let format = match self.opts.format {
            InputFormat::Auto => {
                let by_ext = match source {
                    Source::Path(p) => format::by_extension(p),
                    Source::Stdin => None,
                };
                match by_ext {
                    Some(f) => f,
                    None => format::sniff(&mut reader).map_err(err)?,
                }
            }
            f => f,
        };
        Ok(match format {
            InputFormat::Jsonl => Box::new(format::JsonlArticles::new(reader, name, self.opts.clone())),
            InputFormat::Csv => Box::new(format::CsvArticles::new(reader, name, self.opts.clone())),
            InputFormat::Json => Box::new(format::json_articles(reader, name, &self.opts)),
            _ => Box::new(std::iter::once(format::text_article(reader, name, &self.opts))),
        })
    }
}

/// The articles of one stream of bytes `r` (decompressed if gzip or zstd),
/// named `name` in ids and messages, read as `opts.format` (`Auto`: by
/// sniffing, as on stdin). For callers with their own input (the fuzz
/// target, a server); files and stdin go through [`Reader`].
pub fn read_stream<'a>(r: Box<dyn Read + Send + 'a>, name: &str, opts: &InputOptions) -> Vec<Item> {
    let err = |e: std::io::Error| {
        Item::Error(InputError { location: name.to_owned(), message: io_message(&e), skipped: true })
    };
    let mut reader = match decompress::decompress(r) {
        Ok(r) => r,
        Err(e) => return vec![err(e)],
    };
    let format = match opts.format {
        InputFormat::Auto => match format::sniff(&mut reader) {
            Ok(f) => f,
            Err(e) => return vec![err(e)],
        },
        f => f,
    };
    let opts = std::sync::Arc::new(opts.clone());
    let items: Vec<Item> = match format {
        InputFormat::Jsonl => format::JsonlArticles::new(reader, name.to_owned(), opts).collect(),
        InputFormat::Csv => format::CsvArticles::new(reader, name.to_owned(), opts).collect(),
        InputFormat::Json => format::json_articles(reader, name.to_owned(), &opts).collect(),
        _ => vec![format::text_article(reader, name.to_owned(), &opts)],
    };
    items.into_iter().map(within_limit).collect()
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(within_limit(item));
                }
                self.current = None;
            }
            let source = self.sources.pop_front()?;
            match self.open(&source) {
                Ok(it) => self.current = Some(it),
                Err(e) => return Some(Item::Error(e)),
            }
        }
    }
}

/// The longest record gazette reads: 64 MiB of text in one article, one
/// JSON Lines line or one CSV row. Time is linear in a record's size, but
/// memory peaks at about 30 times the largest record (tokens, candidates
/// and their indexes), so a bigger record is reported as an error naming
/// it (`PATH[:LINE]`) and skipped, and the records after it are read. Text
/// files and JSON Lines lines past the limit are not held in memory.
pub const MAX_RECORD: usize = 64 << 20;

/// The error for a record of more than [`MAX_RECORD`] bytes (`n` read).
pub(crate) fn too_long(location: String, n: usize) -> InputError {
    InputError {
        location,
        message: format!("record of {n} bytes or more is longer than the limit of {} MiB; skipped", MAX_RECORD >> 20),
        skipped: true,
    }
}

/// An article longer than [`MAX_RECORD`] becomes an error.
fn within_limit(item: Item) -> Item {
    match item {
        Item::Article(a, n) if a.text.len() > MAX_RECORD || n > MAX_RECORD => Item::Error(too_long(a.id, n)),
        item => item,
    }
}

/// An io::Error as a lowercase message without the "(os error N)" noise.
pub fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    let s = match s.find(" (os error") {
        Some(i) => &s[..i],
        None => &s,
    };
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Decode `bytes` as UTF-8 under `policy`: strips a BOM; returns the text
/// and whether replacements were made, or the error message.
pub(crate) fn decode(mut bytes: Vec<u8>, policy: Utf8Policy) -> Result<(String, bool), String> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, false)),
        Err(e) => repair(e.as_bytes(), e.utf8_error(), policy).map(|s| (s.into_owned(), true)),
    }
}

/// [`decode`] of borrowed bytes: borrowed too unless repaired.
pub(crate) fn decode_ref(bytes: &[u8], policy: Utf8Policy) -> Result<(std::borrow::Cow<'_, str>, bool), String> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    // simdutf8 validates with vector instructions, several times faster
    // than std; std says where invalid input goes wrong.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok((s.into(), false)),
        Err(_) => match std::str::from_utf8(bytes) {
            Ok(s) => Ok((s.into(), false)),
            Err(e) => repair(bytes, e, policy).map(|s| (s, true)),
        },
    }
}

/// The UTF-8 byte order mark, dropped from the start of a text.
const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// What `policy` makes of `bytes`, which are not UTF-8 (`e` says where):
/// the error message, or the text with replacement characters.
fn repair(bytes: &[u8], e: std::str::Utf8Error, policy: Utf8Policy) -> Result<std::borrow::Cow<'_, str>, String> {
    match policy {
        Utf8Policy::Error => Err(format!("invalid UTF-8 at byte {}", e.valid_up_to())),
        Utf8Policy::Lossy => Ok(String::from_utf8_lossy(bytes)),
    }
}

/// Attach the `--date` flag's date to an article without a record date.
pub(crate) fn with_default_date(mut a: Article, opts: &InputOptions) -> Article {
    if a.published.is_none() {
        if let Some(d) = opts.date {
            a.published = Some((d, DateSource::Flag));
        }
    }
    a
}

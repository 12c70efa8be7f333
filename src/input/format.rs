//! Input formats: plain text, JSON Lines and CSV.

use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::{
    decode, decode_ref, io_message, json, too_long, with_default_date, InputError, InputFormat, InputOptions, Item,
    MAX_RECORD,
};
use crate::article::{Article, DateSource};
use crate::date::{Date, MONTHS, WEEKDAYS};

/// The format a file's extension implies (`.gz`/`.zst` ignored), if any.
pub fn by_extension(p: &Path) -> Option<InputFormat> {
    let name = p.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let name = name.strip_suffix(".zst").unwrap_or(name);
    match name.rsplit_once('.')?.1 {
        "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
        "json" => Some(InputFormat::Json),
        "csv" => Some(InputFormat::Csv),
        "txt" | "text" | "md" => Some(InputFormat::Text),
        _ => None,
    }
}

/// JSONL if the first non-blank byte is `{`, a JSON document if it is
/// `[`, else text.
pub fn sniff(r: &mut Box<dyn BufRead + Send + '_>) -> std::io::Result<InputFormat> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(InputFormat::Text);
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF)) {
            Some(i) => {
                return Ok(match buf[i] {
                    b'{' => InputFormat::Jsonl,
                    b'[' => InputFormat::Json,
                    _ => InputFormat::Text,
                })
            }
            None => {
                // Only whitespace so far: it is safe to drop it.
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

/// A whole source as one article.
pub fn text_article(r: Box<dyn BufRead + Send + '_>, name: String, opts: &InputOptions) -> Item {
    let mut bytes = Vec::new();
    if let Err(e) = r.take(MAX_RECORD as u64 + 1).read_to_end(&mut bytes) {
        return Item::Error(InputError { location: name, message: io_message(&e), skipped: true });
    }
    let n = bytes.len();
    if n > MAX_RECORD {
        return Item::Error(too_long(name, n));
    }
    match decode(bytes, opts.invalid_utf8) {
        Ok((text, lossy)) => {
            let mut a = Article::new(name, text);
            a.lossy = lossy;
            Item::Article(with_default_date(a, opts), n)
        }
        Err(message) => Item::Error(InputError { location: name, message, skipped: true }),
    }
}

fn value_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The fields of a JSON object that make an article (the last of
/// duplicate keys wins, as in `serde_json::Value`).
#[derive(Default)]
struct Fields {
    text: Option<Value>,
    id: Option<Value>,
    date: Option<Value>,
}

impl Fields {
    /// Read a JSON object, building values only for the article's fields;
    /// `None` if `s` is not one valid JSON object.
    fn read(s: &str, opts: &InputOptions) -> Option<Fields> {
        let names = [opts.text_field.as_str(), opts.id_field.as_str(), opts.date_field.as_str()];
        let [text, id, date] = json::fields(s, names).or_else(|| serde_fields(s, names))?;
        let mut f = Fields { text, id, date };
        // One field named by two options feeds both.
        if opts.id_field == opts.text_field {
            f.id.clone_from(&f.text);
        }
        if opts.date_field == opts.text_field {
            f.date.clone_from(&f.text);
        } else if opts.date_field == opts.id_field {
            f.date.clone_from(&f.id);
        }
        Some(f)
    }
}

/// The values of fields `names` of the JSON object `s` (the last of
/// duplicate keys), by `serde_json`, building values only for them; `None`
/// if `s` is not one valid JSON object. What [`json::fields`] declines
/// comes here.
pub(super) fn serde_fields<const N: usize>(s: &str, names: [&str; N]) -> Option<[Option<Value>; N]> {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
    struct Seed<'n, const N: usize>([&'n str; N]);
    impl<'de, const N: usize> DeserializeSeed<'de> for Seed<'_, N> {
        type Value = [Option<Value>; N];
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de, const N: usize> Visitor<'de> for Seed<'_, N> {
        type Value = [Option<Value>; N];
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
            let mut out: [Option<Value>; N] = std::array::from_fn(|_| None);
            while let Some(key) = m.next_key::<std::borrow::Cow<'de, str>>()? {
                match self.0.iter().position(|n| **n == *key) {
                    Some(k) => out[k] = Some(m.next_value::<Value>()?),
                    None => {
                        m.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(s);
    let out = Seed(names).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(out)
}

/// Build an article from a record's fields; `get` looks a field up.
fn record_article(
    location: &str,
    opts: &InputOptions,
    lossy: bool,
    text: Option<String>,
    id: Option<String>,
    date: Option<String>,
    pending: &mut Vec<InputError>,
) -> Result<Article, InputError> {
    let Some(text) = text else {
        return Err(InputError {
            location: location.to_owned(),
            message: format!("no text field {:?} in record", opts.text_field),
            skipped: true,
        });
    };
    // An empty id names nothing: the location stands in, in every format.
    let id = id.filter(|id| !id.is_empty());
    let mut a = Article::new(id.unwrap_or_else(|| location.to_owned()), text);
    a.lossy = lossy;
    if let Some(d) = date.filter(|d| !d.trim().is_empty()) {
        match parse_published(&d) {
            Some(date) => a.published = Some((date, DateSource::Field)),
            None => pending.push(InputError {
                location: location.to_owned(),
                message: format!(
                    "ignoring date field {:?}: {:?} is not a date (YYYY-MM-DD, 14 March 2023, or RFC 2822)",
                    opts.date_field, d
                ),
                skipped: false,
            }),
        }
    }
    Ok(with_default_date(a, opts))
}

/// A record's publication date as feeds write it: ISO `2023-03-14` (of a
/// date-time, the date as written, whatever the zone), `14 March 2023`,
/// `March 14, 2023`, or RFC 2822 as in RSS (`Tue, 14 Mar 2023 09:30:00
/// +0000`: the date as written). A time after the date is ignored.
pub fn parse_published(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(d) = Date::parse_iso(s) {
        return Some(d);
    }
    // A full name or its first three letters ("Sept" too).
    let named = |w: &str, names: &[&str]| -> Option<usize> {
        let w = w.to_ascii_lowercase();
        let w = w.strip_suffix('.').unwrap_or(&w);
        names.iter().position(|n| w.len() >= 3 && n.starts_with(w) && (w.len() == 3 || w == *n || w == "sept"))
    };
    let mut words = s.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).peekable();
    if words.peek().is_some_and(|w| named(w, &WEEKDAYS).is_some()) {
        words.next();
    }
    let (a, b, c) = (words.next()?, words.next()?, words.next()?);
    let day = |w: &str| w.trim_end_matches(['.']).parse::<u8>().ok();
    let year = |w: &str| (w.len() == 4).then(|| w.parse::<i32>().ok()).flatten();
    let (d, m, y) = match (day(a), named(a, &MONTHS)) {
        (Some(d), _) => (d, named(b, &MONTHS)?, year(c)?),
        (None, Some(m)) => (day(b)?, m, year(c)?),
        _ => return None,
    };
    // Whatever follows must be a time or a zone, not more words.
    if words.any(|w| {
        !w.bytes().all(|c| c.is_ascii_digit() || b":+-.".contains(&c)) && !w.bytes().all(|c| c.is_ascii_uppercase())
    }) {
        return None;
    }
    Date::new(y, m as u8 + 1, d)
}

/// The articles of a JSON document: an array of records (`PATH:[N]`,
/// counted from 0 as in `jq '.[N]'`, names each in ids and messages), or
/// one record (`PATH`). The document is read whole; each record is checked
/// against [`MAX_RECORD`] as it is made an article.
pub fn json_articles(
    mut r: Box<dyn BufRead + Send + '_>,
    name: String,
    opts: &InputOptions,
) -> std::vec::IntoIter<Item> {
    let fail = |message: String| vec![Item::Error(InputError { location: name.clone(), message, skipped: true })];
    let mut bytes = Vec::new();
    if let Err(e) = r.read_to_end(&mut bytes) {
        return fail(io_message(&e)).into_iter();
    }
    let (text, lossy) = match decode(bytes, opts.invalid_utf8) {
        Ok(t) => t,
        Err(message) => return fail(message).into_iter(),
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return fail(format!("invalid JSON: {e}")).into_iter(),
    };
    drop(text);
    let mut items = Vec::new();
    let one = |v: Value, location: String, items: &mut Vec<Item>| {
        let mut pending = Vec::new();
        let n = v.to_string().len();
        let item = match v {
            Value::Object(mut map) => {
                let mut take = |f: &str| map.remove(f);
                let (text, id, date) = (take(&opts.text_field), take(&opts.id_field), take(&opts.date_field));
                match text {
                    Some(Value::String(_)) | None => {
                        let text = match text {
                            Some(Value::String(s)) => Some(s),
                            _ => None,
                        };
                        let id = id.as_ref().and_then(value_to_string);
                        let date = date.as_ref().and_then(value_to_string);
                        match record_article(&location, opts, lossy, text, id, date, &mut pending) {
                            Ok(a) => Item::Article(a, n),
                            Err(e) => Item::Error(e),
                        }
                    }
                    Some(_) => Item::Error(InputError {
                        location,
                        message: format!("field {:?} is not a string", opts.text_field),
                        skipped: true,
                    }),
                }
            }
            _ => Item::Error(InputError { location, message: "expected a JSON object".into(), skipped: true }),
        };
        items.push(item);
        items.extend(pending.into_iter().map(Item::Error));
    };
    match value {
        Value::Array(records) => {
            for (i, v) in records.into_iter().enumerate() {
                one(v, format!("{name}:[{i}]"), &mut items);
            }
        }
        v => one(v, name.clone(), &mut items),
    }
    items.into_iter()
}

/// Articles from JSON Lines.
pub struct JsonlArticles<'a> {
    r: Box<dyn BufRead + Send + 'a>,
    name: String,
    opts: Arc<InputOptions>,
    line_no: usize,
    buf: Vec<u8>,
    pending: Vec<InputError>,
    done: bool,
}

impl<'a> JsonlArticles<'a> {
    /// Read `r`, named `name` in ids and messages.
    pub fn new(r: Box<dyn BufRead + Send + 'a>, name: String, opts: Arc<InputOptions>) -> Self {
        JsonlArticles { r, name, opts, line_no: 0, buf: Vec::new(), pending: Vec::new(), done: false }
    }

    /// Number the lines from `line` (1 by default): for input read in
    /// pieces, such as the lines of a Spark partition handed over a batch
    /// at a time.
    pub fn first_line(mut self, line: usize) -> Self {
        self.line_no = line.saturating_sub(1);
        self
    }

    /// Parse one line; the line buffer is kept for the next line (a fresh
    /// buffer per line would grow by doubling, line after line).
    fn parse(
        line: &[u8],
        location: &str,
        opts: &InputOptions,
        pending: &mut Vec<InputError>,
    ) -> Result<Item, InputError> {
        let n = line.len();
        let err = |message: String| InputError { location: location.to_owned(), message, skipped: true };
        let (s, lossy) = decode_ref(line, opts.invalid_utf8).map_err(err)?;
        // Fast path: read the three fields, skip the rest without building it.
        let fields = match Fields::read(&s, opts) {
            Some(f) => f,
            None => {
                // Not an object, or invalid: the slow path says why.
                let v: Value = serde_json::from_str(&s).map_err(|e| err(format!("invalid JSON: {e}")))?;
                let Value::Object(map) = v else {
                    return Err(err("expected a JSON object".into()));
                };
                let field = |name: &str| map.get(name).cloned();
                Fields { text: field(&opts.text_field), id: field(&opts.id_field), date: field(&opts.date_field) }
            }
        };
        let text = match fields.text {
            Some(Value::String(s)) => Some(s),
            Some(_) => return Err(err(format!("field {:?} is not a string", opts.text_field))),
            None => None,
        };
        let id = fields.id.as_ref().and_then(value_to_string);
        let date = fields.date.as_ref().and_then(value_to_string);
        let a = record_article(location, opts, lossy, text, id, date, pending)?;
        Ok(Item::Article(a, n))
    }
}

impl Iterator for JsonlArticles<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(e) = self.pending.pop() {
            return Some(Item::Error(e));
        }
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            // One huge line must not pin its buffer for the rest of the input.
            if self.buf.capacity() > 1 << 22 {
                self.buf.shrink_to(1 << 16);
            }
            match read_line(&mut *self.r, &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) if n > MAX_RECORD => {
                    self.line_no += 1;
                    return Some(Item::Error(too_long(format!("{}:{}", self.name, self.line_no), n)));
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Item::Error(InputError {
                        location: format!("{}:{}", self.name, self.line_no + 1),
                        message: io_message(&e),
                        skipped: true,
                    }));
                }
            }
            self.line_no += 1;
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let location = format!("{}:{}", self.name, self.line_no);
            return Some(match Self::parse(&self.buf, &location, &self.opts, &mut self.pending) {
                Ok(item) => item,
                Err(e) => Item::Error(e),
            });
        }
    }
}

/// `BufRead::read_until(b'\n')`, with the `memchr` crate's vectorized
/// search instead of std's word-at-a-time one; returns the length of the
/// line, but keeps no more than [`MAX_RECORD`] + 1 bytes of it in `buf`.
fn read_line(r: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let (done, used) = {
            let available = match r.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            match memchr::memchr(b'\n', available) {
                Some(i) => {
                    keep(buf, &available[..=i]);
                    (true, i + 1)
                }
                None => {
                    keep(buf, available);
                    (available.is_empty(), available.len())
                }
            }
        };
        r.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

/// Append `bytes` to `buf` up to [`MAX_RECORD`] + 1 bytes in all.
fn keep(buf: &mut Vec<u8>, bytes: &[u8]) {
    let room = (MAX_RECORD + 1).saturating_sub(buf.len());
    buf.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

/// A reader that follows the CSV quoting of the bytes read through it
/// (RFC 4180, as the `csv` crate reads it), to tell a quote left open at
/// the end of the input: the `csv` crate takes everything after it, rows
/// included, as one field, without an error.
struct QuoteCheck<R> {
    inner: R,
    state: QuoteState,
    /// The input ended.
    eof: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    /// At the start of a field.
    Start,
    /// In a field that did not start with a quote.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// A quote in a quoted field: its end, or the first of `""`.
    QuoteSeen,
}

impl<R> QuoteCheck<R> {
    /// True if the input ended inside a quoted field.
    fn open_at_end(&self) -> bool {
        self.eof && self.state == QuoteState::Quoted
    }
}

impl<R: Read> Read for QuoteCheck<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.eof = true;
        }
        for &c in &buf[..n] {
            self.state = match (self.state, c) {
                (QuoteState::Quoted, b'"') => QuoteState::QuoteSeen,
                (QuoteState::Quoted, _) => QuoteState::Quoted,
                (QuoteState::Start, b'"') | (QuoteState::QuoteSeen, b'"') => QuoteState::Quoted,
                (_, b',' | b'\n' | b'\r') => QuoteState::Start,
                (QuoteState::Unquoted, _) => QuoteState::Unquoted,
                _ => QuoteState::Unquoted,
            };
        }
        Ok(n)
    }
}

/// Articles from CSV rows (header required).
pub struct CsvArticles<'a> {
    r: csv::Reader<QuoteCheck<Box<dyn BufRead + Send + 'a>>>,
    name: String,
    opts: Arc<InputOptions>,
    cols: Option<(Option<usize>, Option<usize>, Option<usize>)>,
    pending: Vec<InputError>,
    done: bool,
}

impl<'a> CsvArticles<'a> {
    /// Read `r`, named `name` in ids and messages.
    pub fn new(r: Box<dyn BufRead + Send + 'a>, name: String, opts: Arc<InputOptions>) -> Self {
        let r = QuoteCheck { inner: r, state: QuoteState::Start, eof: false };
        let r = csv::ReaderBuilder::new().flexible(true).from_reader(r);
        CsvArticles { r, name, opts, cols: None, pending: Vec::new(), done: false }
    }
}

impl Iterator for CsvArticles<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(e) = self.pending.pop() {
            return Some(Item::Error(e));
        }
        if self.done {
            return None;
        }
        if self.cols.is_none() {
            match self.r.byte_headers() {
                Ok(h) => {
                    let find = |f: &str| h.iter().position(|c| c == f.as_bytes());
                    let cols = (find(&self.opts.text_field), find(&self.opts.id_field), find(&self.opts.date_field));
                    if cols.0.is_none() {
                        self.done = true;
                        return Some(Item::Error(InputError {
                            location: format!("{}:1", self.name),
                            message: format!("no column {:?} in the CSV header", self.opts.text_field),
                            skipped: true,
                        }));
                    }
                    self.cols = Some(cols);
                }
                Err(e) => {
                    self.done = true;
                    return Some(Item::Error(InputError {
                        location: self.name.clone(),
                        message: format!("invalid CSV: {e}"),
                        skipped: true,
                    }));
                }
            }
        }
        let (tc, ic, dc) = self.cols.unwrap();
        let mut rec = csv::ByteRecord::new();
        match self.r.read_byte_record(&mut rec) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let line = rec.position().map_or(0, |p| p.line());
                let location = format!("{}:{}", self.name, line);
                if self.r.get_ref().open_at_end() {
                    self.done = true;
                    return Some(Item::Error(InputError {
                        location,
                        message: "invalid CSV: a quote opened in this row is never closed (the rest of the \
                                  file would be one field); row skipped"
                            .into(),
                        skipped: true,
                    }));
                }
                let field = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(|b| b.to_vec());
                let n = rec.as_slice().len();
                let mut lossy = false;
                let mut text_of = |b: Option<Vec<u8>>| -> Result<Option<String>, InputError> {
                    match b {
                        None => Ok(None),
                        Some(b) => {
                            let (s, l) = decode(b, self.opts.invalid_utf8).map_err(|message| InputError {
                                location: location.clone(),
                                message,
                                skipped: true,
                            })?;
                            lossy |= l;
                            Ok(Some(s))
                        }
                    }
                };
                let fields =
                    (|| Ok::<_, InputError>((text_of(field(tc))?, text_of(field(ic))?, text_of(field(dc))?)))();
                let parsed = fields.and_then(|(text, id, date)| {
                    let id = id.filter(|s| !s.is_empty());
                    record_article(&location, &self.opts, lossy, text, id, date, &mut self.pending)
                });
                Some(match parsed {
                    Ok(a) => Item::Article(a, n),
                    Err(e) => Item::Error(e),
                })
            }
            Err(e) => {
                let location = match e.position() {
                    Some(p) => format!("{}:{}", self.name, p.line()),
                    None => self.name.clone(),
                };
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    self.done = true;
                }
                Some(Item::Error(InputError { location, message: format!("invalid CSV: {e}"), skipped: true }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_dates_as_feeds_write_them() {
        for s in [
            "2023-03-14",
            "2023-03-14T09:30:00Z",
            "2023-03-14T23:30:00-05:00",
            "2023-03-14 09:30:00 +0100",
            "14 March 2023",
            "14 Mar 2023",
            "March 14, 2023",
            "Tuesday, 14 March 2023",
            "Tue, 14 Mar 2023 09:30:00 +0000",
            "Tue, 14 Mar 2023 09:30:00 GMT",
            " Mar. 14, 2023 ",
        ] {
            assert_eq!(parse_published(s).map(|d| d.to_string()).as_deref(), Some("2023-03-14"), "{s:?}");
        }
        for s in
            ["", "yesterday", "14/03/2023", "30 February 2023", "14 Marching 2023", "March 14, 2023 in Paris", "2023"]
        {
            assert_eq!(parse_published(s), None, "{s:?}");
        }
    }

    /// Lines as `read_until` cuts them, across buffer refills of every size.
    #[test]
    fn read_line_cuts_lines_as_read_until_does() {
        let text = "{\"text\": \"one\"}\n\nlong line of Zürich “quotes” and more words\nno newline at the end";
        for cap in [1, 2, 3, 7, 16, 1 << 16] {
            let mut ours = std::io::BufReader::with_capacity(cap, text.as_bytes());
            let mut std_r = std::io::BufReader::with_capacity(cap, text.as_bytes());
            loop {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let n = read_line(&mut ours, &mut a).unwrap();
                let m = std_r.read_until(b'\n', &mut b).unwrap();
                assert_eq!((n, &a), (m, &b), "capacity {cap}");
                if n == 0 {
                    break;
                }
            }
        }
    }
}

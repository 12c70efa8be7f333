//! Input formats: plain text, JSON Lines and CSV.

use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::{decode, decode_ref, io_message, json, with_default_date, InputError, InputFormat, InputOptions, Item};
use crate::article::{Article, DateSource};
use crate::date::Date;

/// The format a file's extension implies (`.gz`/`.zst` ignored), if any.
pub fn by_extension(p: &Path) -> Option<InputFormat> {
    let name = p.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let name = name.strip_suffix(".zst").unwrap_or(name);
    match name.rsplit_once('.')?.1 {
        "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
        "csv" => Some(InputFormat::Csv),
        "txt" | "text" | "md" => Some(InputFormat::Text),
        _ => None,
    }
}

/// JSONL if the first non-blank byte is `{`, else text.
pub fn sniff(r: &mut Box<dyn BufRead + Send + '_>) -> std::io::Result<InputFormat> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(InputFormat::Text);
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF)) {
            Some(i) => return Ok(if buf[i] == b'{' { InputFormat::Jsonl } else { InputFormat::Text }),
            None => {
                // Only whitespace so far: it is safe to drop it.
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

/// A whole source as one article.
pub fn text_article(mut r: Box<dyn BufRead + Send + '_>, name: String, opts: &InputOptions) -> Item {
    let mut bytes = Vec::new();
    if let Err(e) = r.read_to_end(&mut bytes) {
        return Item::Error(InputError { location: name, message: io_message(&e), skipped: true });
    }
    let n = bytes.len();
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
    let mut a = Article::new(id.unwrap_or_else(|| location.to_owned()), text);
    a.lossy = lossy;
    if let Some(d) = date.filter(|d| !d.trim().is_empty()) {
        match Date::parse_iso(&d) {
            Some(date) => a.published = Some((date, DateSource::Field)),
            None => pending.push(InputError {
                location: location.to_owned(),
                message: format!("ignoring date field {:?}: {:?} is not a YYYY-MM-DD date", opts.date_field, d),
                skipped: false,
            }),
        }
    }
    Ok(with_default_date(a, opts))
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
/// search instead of std's word-at-a-time one.
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
                    buf.extend_from_slice(&available[..=i]);
                    (true, i + 1)
                }
                None => {
                    buf.extend_from_slice(available);
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

/// Articles from CSV rows (header required).
pub struct CsvArticles<'a> {
    r: csv::Reader<Box<dyn BufRead + Send + 'a>>,
    name: String,
    opts: Arc<InputOptions>,
    cols: Option<(Option<usize>, Option<usize>, Option<usize>)>,
    pending: Vec<InputError>,
    done: bool,
}

impl<'a> CsvArticles<'a> {
    /// Read `r`, named `name` in ids and messages.
    pub fn new(r: Box<dyn BufRead + Send + 'a>, name: String, opts: Arc<InputOptions>) -> Self {
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

//! JSON Lines (and JSON array) output.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use super::{Encoder, Extraction, Format, Record, RecordWriter};
use crate::article::Article;
use crate::entity::{Attrs, EntityType, Focus};
use crate::span::CharIndex;
use crate::swar;

/// What comes before every record of a JSON array but the first.
pub(crate) const SEPARATOR: &[u8] = b",\n";

/// Writes records as JSON Lines, or as one JSON array.
pub struct JsonlWriter<W: Write> {
    out: W,
    array: bool,
    count: usize,
    /// One record's JSON: serde writes many small pieces, cheaper into a
    /// `Vec` than through `out` (often a boxed, buffered writer).
    buf: Vec<u8>,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer of JSON Lines (`array == false`) or of a JSON array.
    pub fn new(out: W, array: bool) -> JsonlWriter<W> {
        JsonlWriter { out, array, count: 0, buf: Vec::with_capacity(8192) }
    }
}

impl<W: Write> RecordWriter for JsonlWriter<W> {
    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        // One encoding for both paths: the record as a worker would encode it.
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let format = if self.array { Format::Json } else { Format::Jsonl };
        let written = Encoder::new(format).encode(record, &mut buf).and_then(|()| self.write_encoded(&buf));
        self.buf = buf;
        written
    }

    fn write_encoded(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        if self.array && self.count == 0 {
            // The first record: an opening bracket instead of a separator.
            self.out.write_all(b"[\n")?;
            self.out.write_all(&bytes[SEPARATOR.len()..])?;
        } else {
            self.out.write_all(bytes)?;
        }
        self.count += 1;
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if self.array {
            self.out.write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// Write the JSON of an article's record (see [`super::record`]) straight
/// from its entities: the bytes serde writes for the [`Record`], without
/// the owned strings and vectors of one. The test
/// `direct_json_is_the_records_json` holds the two to the same bytes.
pub(crate) fn encode_direct(article: &Article, x: &Extraction, out: &mut Vec<u8>) -> std::io::Result<()> {
    let text = article.text.as_str();
    let index = CharIndex::new(text);
    out.extend_from_slice(b"{\"id\":");
    string(out, &article.id)?;
    if let Some((d, source)) = x.published {
        write!(out, ",\"published\":\"{d}\",\"published_source\":")?;
        string(out, source.as_str())?;
    }
    if article.lossy {
        out.extend_from_slice(b",\"lossy\":true");
    }
    out.extend_from_slice(b",\"entities\":[");
    let order = x.written();
    let numbers = super::numbers(&order, x.entities.len());
    for (k, &i) in order.iter().enumerate() {
        let e = &x.entities[i];
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"id\":");
        id(out, k)?;
        out.extend_from_slice(b",\"type\":");
        match &e.ty {
            // A user's type name may need escapes; the built-in ones do not.
            EntityType::Custom(t) => string(out, t)?,
            t => {
                out.push(b'"');
                out.extend_from_slice(t.as_str().as_bytes());
                out.push(b'"');
            }
        }
        out.extend_from_slice(b",\"name\":");
        string(out, &e.name)?;
        let a = &e.attrs;
        attrs_cached(out, a)?;
        if let Some(l) = &e.role {
            opt_id(out, "person", l.person.and_then(|p| numbers[p]))?;
            opt_id(out, "organization", l.organization.and_then(|o| numbers[o]))?;
            if let Some(p) = l.person {
                out.extend_from_slice(b",\"person_name\":");
                string(out, &x.entities[p].name)?;
            }
            if let Some(o) = l.organization {
                out.extend_from_slice(b",\"organization_name\":");
                string(out, &x.entities[o].name)?;
            }
        }
        let mut roles = e.roles.iter().filter_map(|&r| x.entities[r].role.as_ref()).peekable();
        if roles.peek().is_some() {
            out.extend_from_slice(b",\"roles\":[");
            for (k, l) in roles.enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"title\":");
                string(out, &l.title)?;
                opt_id(out, "organization", l.organization.and_then(|o| numbers[o]))?;
                if let Some(o) = l.organization {
                    out.extend_from_slice(b",\"organization_name\":");
                    string(out, &x.entities[o].name)?;
                }
                out.push(b'}');
            }
            out.push(b']');
        }
        opt_str(out, "ref", &a.reference)?;
        if !a.extra.is_empty() {
            // A map, as in the record: sorted keys, the last value of a repeated key.
            let attributes: BTreeMap<&str, &str> = a.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            out.extend_from_slice(b",\"attributes\":");
            serde_json::to_writer(&mut *out, &attributes)?;
        }
        out.extend_from_slice(b",\"mentions\":[");
        for (k, m) in e.mentions.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"start\":");
            small(out, index.char_offset(m.start))?;
            out.extend_from_slice(b",\"end\":");
            small(out, index.char_offset(m.end))?;
            out.extend_from_slice(b",\"text\":");
            string(out, &text[m.start..m.end])?;
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }
    out.push(b']');
    if !x.focus.is_empty() {
        out.extend_from_slice(b",\"focus\":");
        focus(out, &x.focus)?;
    }
    out.push(b'}');
    Ok(())
}

/// The places an article is about, as serde writes the [`Focus`] list.
fn focus(out: &mut Vec<u8>, focus: &[Focus]) -> std::io::Result<()> {
    out.push(b'[');
    for (k, f) in focus.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"type\":");
        string(out, &f.ty)?;
        out.extend_from_slice(b",\"name\":");
        string(out, &f.name)?;
        out.extend_from_slice(b",\"country\":");
        string(out, &f.country)?;
        opt_str(out, "admin1", &f.admin1)?;
        opt_num(out, "geonames_id", f.geonames_id)?;
        out.extend_from_slice(b",\"score\":");
        num(out, f.score)?;
        out.push(b'}');
    }
    out.push(b']');
    Ok(())
}

/// The fields of `a` that come between an entity's name and its roles.
fn attrs(out: &mut Vec<u8>, a: &Attrs) -> std::io::Result<()> {
    opt_str(out, "country", &a.country)?;
    opt_num(out, "geonames_id", a.geonames_id)?;
    opt_str(out, "feature", &a.feature)?;
    opt_str(out, "admin1", &a.admin1)?;
    opt_num(out, "lat", a.lat)?;
    opt_num(out, "lon", a.lon)?;
    opt_num(out, "population", a.population)?;
    opt_str(out, "iso", &a.iso)?;
    opt_str(out, "kind", &a.kind)?;
    opt_str(out, "value", &a.value)?;
    if a.ambiguous {
        out.extend_from_slice(b",\"ambiguous\":true");
    }
    opt_str(out, "title", &a.title)
}

/// Slots of the per-thread cache of [`attrs_cached`].
const ATTRS_SLOTS: usize = 4096;

/// [`attrs`], from a per-thread cache when `a` is shared. A gazetteer
/// row's attributes are one `Arc` for every mention of the row (see
/// `names::gazetteer_candidate`), so the JSON of a city's country, ids,
/// coordinates and population is written once, not at every article
/// that names it. A slot keeps its own clone of the `Arc`: the
/// allocation cannot be freed and reused by other attributes while its
/// JSON is cached, so pointer equality is identity.
fn attrs_cached(out: &mut Vec<u8>, a: &Arc<Attrs>) -> std::io::Result<()> {
    type Slot = Option<(Arc<Attrs>, Box<[u8]>)>;
    thread_local! {
        static CACHE: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
    }
    // Attributes held by one entity alone are this article's own (a
    // date's value): not worth a slot.
    if Arc::strong_count(a) < 2 {
        return attrs(out, a);
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.is_empty() {
            cache.resize(ATTRS_SLOTS, None);
        }
        let h = (Arc::as_ptr(a) as usize as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = &mut cache[(h >> (64 - ATTRS_SLOTS.ilog2())) as usize];
        match slot {
            Some((cached, json)) if Arc::ptr_eq(cached, a) => out.extend_from_slice(json),
            _ => {
                let at = out.len();
                attrs(out, a)?;
                *slot = Some((Arc::clone(a), out[at..].into()));
            }
        }
        Ok(())
    })
}

/// A JSON string, escaped as serde_json escapes it. Most names and
/// mentions need no escape: those are copied as they are.
fn string(out: &mut Vec<u8>, s: &str) -> std::io::Result<()> {
    if needs_escape(s.as_bytes()) {
        return Ok(serde_json::to_writer(out, s)?);
    }
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
    Ok(())
}

/// True if `s` has a byte JSON strings escape, eight bytes at a time.
fn needs_escape(s: &[u8]) -> bool {
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap());
        if swar::any_below(x, 0x20) | swar::any_eq(x, b'"') | swar::any_eq(x, b'\\') != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| NEEDS_ESCAPE[b as usize])
}

/// The bytes JSON strings escape: control characters, `"` and `\\`.
static NEEDS_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    t
};

/// A number, formatted as serde_json formats it (floats included).
fn num<T: serde::Serialize>(out: &mut Vec<u8>, v: T) -> std::io::Result<()> {
    Ok(serde_json::to_writer(out, &v)?)
}

/// `,"key":` before an optional field.
fn key(out: &mut Vec<u8>, key: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

/// The record-local id of entity `i` (`"e3"`).
fn id(out: &mut Vec<u8>, i: usize) -> std::io::Result<()> {
    out.extend_from_slice(b"\"e");
    small(out, i + 1)?;
    out.push(b'"');
    Ok(())
}

/// A number, as [`num`] writes it; one of up to four digits (ids, most
/// offsets) is written as a fixed-size run of bytes.
fn small(out: &mut Vec<u8>, v: usize) -> std::io::Result<()> {
    // Two digits at a time from a table: one division where there were four.
    let pair = |k: usize| &DIGIT_PAIRS[2 * k..2 * k + 2];
    match v {
        0..=9 => out.push(b'0' + v as u8),
        10..=99 => out.extend_from_slice(pair(v)),
        100..=999 => {
            out.push(b'0' + (v / 100) as u8);
            out.extend_from_slice(pair(v % 100));
        }
        1000..=9999 => {
            out.extend_from_slice(pair(v / 100));
            out.extend_from_slice(pair(v % 100));
        }
        _ => num(out, v)?,
    }
    Ok(())
}

/// "00" to "99", for [`small`].
static DIGIT_PAIRS: [u8; 200] = {
    let mut t = [0; 200];
    let mut k = 0;
    while k < 100 {
        t[2 * k] = b'0' + (k / 10) as u8;
        t[2 * k + 1] = b'0' + (k % 10) as u8;
        k += 1;
    }
    t
};

fn opt_str(out: &mut Vec<u8>, name: &str, v: &Option<String>) -> std::io::Result<()> {
    if let Some(v) = v {
        key(out, name);
        string(out, v)?;
    }
    Ok(())
}

fn opt_num<T: serde::Serialize>(out: &mut Vec<u8>, name: &str, v: Option<T>) -> std::io::Result<()> {
    if let Some(v) = v {
        key(out, name);
        num(out, v)?;
    }
    Ok(())
}

fn opt_id(out: &mut Vec<u8>, name: &str, v: Option<usize>) -> std::io::Result<()> {
    if let Some(i) = v {
        key(out, name);
        id(out, i)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn small_numbers_are_written_as_serde_json_writes_them() {
        for v in (0..12_000).chain([99_999, 100_000, usize::MAX]) {
            let (mut ours, mut theirs) = (b"x".to_vec(), b"x".to_vec());
            small(&mut ours, v).unwrap();
            num(&mut theirs, v).unwrap();
            assert_eq!(ours, theirs, "{v}");
        }
    }

    #[test]
    fn entity_ids_count_from_one() {
        for i in (0..2000).chain([usize::MAX - 1]) {
            let mut out = Vec::new();
            id(&mut out, i).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), format!("\"e{}\"", i as u128 + 1), "{i}");
        }
    }
    use crate::article::DateSource;
    use crate::date::Date;
    use crate::entity::{Attrs, EntityType, Resolved, RoleLink};
    use crate::output::{Encoder, Format};
    use crate::span::Span;

    fn entity(ty: EntityType, name: &str, mentions: &[(usize, usize)], attrs: Attrs) -> Resolved {
        Resolved {
            ty,
            name: name.into(),
            key: name.into(),
            attrs: attrs.into(),
            mentions: mentions.iter().map(|&(s, e)| Span::new(s, e)).collect(),
            role: None,
            roles: vec![],
            rules: Default::default(),
        }
    }

    /// Every optional field set somewhere, escapes, non-ASCII offsets, a
    /// custom type, role links both ways, and a repeated attribute key.
    fn sample() -> (Article, Extraction) {
        let text = "“Ana Ferreira”, head of research at ICR in Bogotá\t\"said\" on 03/04/2023.";
        let at = |s: &str| {
            let b = text.find(s).unwrap();
            (b, b + s.len())
        };
        let mut article = Article::new("dir/a \"1\".txt", text);
        article.lossy = true;
        let city = Attrs {
            country: Some("CO".into()),
            geonames_id: Some(3688689),
            admin1: Some("34".into()),
            lat: Some(4.60971),
            lon: Some(-74.08175),
            population: Some(7_674_366),
            ..Attrs::default()
        };
        let date = Attrs { value: Some("2023-04-03".into()), ambiguous: true, ..Attrs::default() };
        let org = Attrs { kind: Some("research".into()), iso: Some("XX".into()), ..Attrs::default() };
        let user = Attrs {
            reference: Some("ref-7".into()),
            extra: vec![("beat".into(), "a\nb".into()), ("area".into(), "x".into()), ("beat".into(), "last".into())],
            ..Attrs::default()
        };
        let mut person = entity(EntityType::Person, "Ana Ferreira", &[at("Ana Ferreira")], Attrs::default());
        person.roles = vec![2];
        let mut role = entity(
            EntityType::Role,
            "head of research",
            &[at("head of research")],
            Attrs { title: Some("head of research".into()), ..Attrs::default() },
        );
        role.role = Some(RoleLink { title: "head of research".into(), person: Some(0), organization: Some(1) });
        let entities = vec![
            person,
            entity(EntityType::Organization, "Institute \"ICR\"", &[at("ICR")], org),
            role,
            entity(EntityType::City, "Bogotá", &[at("Bogotá")], city),
            entity(EntityType::Date, "03/04/2023", &[at("03/04/2023")], date),
            entity(EntityType::Custom(Arc::from("venue")), "said", &[at("said")], user),
        ];
        let published = Some((Date::new(2023, 3, 14).unwrap(), DateSource::Dateline));
        let focus = vec![
            Focus {
                ty: "country".into(),
                name: "Colombia \"CO\"".into(),
                country: "CO".into(),
                admin1: None,
                geonames_id: Some(3686110),
                score: 0.67,
            },
            Focus {
                ty: "region".into(),
                name: "Bogotá D.C.".into(),
                country: "CO".into(),
                admin1: Some("34".into()),
                geonames_id: None,
                score: 0.1 + 0.2,
            },
        ];
        (article, Extraction { published, entities, rejected: None, shown: Vec::new(), focus })
    }

    #[test]
    fn strings_are_escaped_as_serde_escapes_them() {
        // Every byte value at every position of 1- to 17-byte strings.
        for len in 1..=17 {
            for at in 0..len {
                for b in 0..=127u8 {
                    let mut v = vec![b'a'; len];
                    v[at] = b;
                    let s = String::from_utf8(v).unwrap();
                    assert_eq!(needs_escape(s.as_bytes()), NEEDS_ESCAPE[b as usize], "{s:?}");
                    let mut out = Vec::new();
                    string(&mut out, &s).unwrap();
                    assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{s:?}");
                }
            }
        }
        for s in ["Zürich", "“quoted” – ok", "東京", "tab\there", "a\"b\\c\u{7f}"] {
            let mut out = Vec::new();
            string(&mut out, s).unwrap();
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn shared_attributes_are_written_from_the_cache_as_they_are() {
        let city = |name: &str, lat: f64| Attrs {
            country: Some("PT".into()),
            geonames_id: Some(2267057),
            admin1: Some(name.into()),
            lat: Some(lat),
            ..Attrs::default()
        };
        let uncached = |a: &Attrs| {
            let mut v = Vec::new();
            attrs(&mut v, a).unwrap();
            String::from_utf8(v).unwrap()
        };
        for round in 0..50 {
            // Shared (a second `Arc` held here), so the cache is used; each
            // round frees the last one, whose memory the allocator may give
            // the next: its JSON must not come back.
            let a = Arc::new(city(&format!("r{round}"), round as f64 + 0.5));
            let keep = Arc::clone(&a);
            for _ in 0..2 {
                let mut v = Vec::new();
                attrs_cached(&mut v, &a).unwrap();
                assert_eq!(String::from_utf8(v).unwrap(), uncached(&a), "round {round}");
            }
            drop((a, keep));
        }
    }

    #[test]
    fn direct_json_is_the_records_json() {
        let (mut article, mut x) = sample();
        for round in 0..3 {
            for format in [Format::Jsonl, Format::Json] {
                let (mut direct, mut via_record) = (Vec::new(), Vec::new());
                Encoder::new(format).encode_extraction(&article, &x, &mut direct).unwrap();
                let rec = crate::output::record_of(&article, &x);
                Encoder::new(format).encode(&rec, &mut via_record).unwrap();
                assert_eq!(String::from_utf8(direct).unwrap(), String::from_utf8(via_record).unwrap(), "round {round}");
            }
            // Then without the optional record fields, then with no entities.
            article.lossy = false;
            x.published = None;
            x.focus.truncate(1);
            if round == 1 {
                x.entities.clear();
                x.focus.clear();
            }
        }
    }
}

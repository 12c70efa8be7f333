//! `gazette._gazette`: the Python bindings of the gazette library.
//!
//! A record is made as a dict straight from the library's extraction,
//! with the keys, values and key order of the CLI's JSON line (keys
//! without a value left out as the serde attributes of
//! [`gazette::output::Record`] say), so it equals that line parsed with
//! `json.loads`. With `as_json` the record is that line itself, encoded
//! by the library's own encoder.
//!
//! The Rust work runs with the GIL released; `extract_many` spreads it
//! over worker threads while the calling thread makes the Python objects
//! of finished articles, in order.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use pyo3::{create_exception, ffi, intern};

use gazette::article::DateSource;
use gazette::date::Date;
use gazette::entity::{Attrs, EntityType, Focus, Resolved};
use gazette::error::ErrorKind;
use gazette::gazetteer::user::{Exclusions, UserGazetteer};
use gazette::input::{InputOptions, Item, JsonlArticles};
use gazette::output::{Encoder, Extraction, Format};
use gazette::patterns::date::DateOrder;
use gazette::span::CharIndex;
use gazette::{Article, Gazetteers, Options};

/// mimalloc for the library's allocations, as in the `gazette` binary.
#[global_allocator]
static ALLOC: gazette::alloc::Mi = gazette::alloc::Mi;

create_exception!(
    _gazette,
    GazetteerError,
    pyo3::exceptions::PyValueError,
    "A gazetteer, user gazetteer or exclusion file is malformed; the message names the file and line."
);

/// A worker takes articles a chunk at a time: at most this many...
const CHUNK: usize = 256;
/// ...or this many bytes of text, whichever comes first.
const CHUNK_BYTES: usize = 64 << 10;

/// An error of the library as the Python exception a caller expects, with
/// the message the command line prints (`FILE:LINE: message`).
fn library_error(e: gazette::Error) -> PyErr {
    match e.kind() {
        ErrorKind::Gazetteer { file, line: 0, message } => GazetteerError::new_err(format!("{file}: {message}")),
        ErrorKind::Gazetteer { file, line, message } => GazetteerError::new_err(format!("{file}:{line}: {message}")),
        ErrorKind::Io { err, .. } => {
            let msg = e.to_string();
            match err.kind() {
                std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(msg),
                std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(msg),
                _ => PyOSError::new_err(msg),
            }
        }
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// The names of the types `--types` accepts, as the CLI lists them.
fn type_list(user: &[EntityType]) -> String {
    let custom = user.iter().filter(|t| matches!(t, EntityType::Custom(_)));
    let names: Vec<&str> = gazette::entity::BUILTIN_TYPES.iter().chain(custom).map(|t| t.as_str()).collect();
    names.join(", ")
}

/// `types`: `None`, a comma-separated string (as on the command line) or
/// an iterable of names.
fn parse_types(types: Option<&Bound<'_, PyAny>>, base: &Gazetteers) -> PyResult<Option<Vec<EntityType>>> {
    let Some(types) = types.filter(|t| !t.is_none()) else { return Ok(None) };
    let names: Vec<String> = match types.cast::<PyString>() {
        Ok(s) => s.to_cow()?.split(',').map(str::to_owned).collect(),
        Err(_) => {
            let mut v = Vec::new();
            for t in types.try_iter()? {
                v.push(t?.extract::<String>().map_err(|_| PyValueError::new_err("types must be strings"))?);
            }
            v
        }
    };
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let t = gazette::gazetteer::user::parse_type(&n, Some(base.map()))
            .map_err(|e| PyValueError::new_err(format!("{e} (expected one of: {})", type_list(&[]))))?;
        out.push(t);
    }
    Ok(Some(out))
}

fn parse_date_order(s: &str) -> PyResult<DateOrder> {
    match s {
        "auto" => Ok(DateOrder::Auto),
        "dmy" => Ok(DateOrder::Dmy),
        "mdy" => Ok(DateOrder::Mdy),
        _ => Err(PyValueError::new_err(format!("invalid date_order {s:?} (expected one of: auto, dmy, mdy)"))),
    }
}

/// Paths: `None`, one path, or an iterable of paths.
fn paths(v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(Vec::new()) };
    if let Ok(p) = v.extract::<PathBuf>() {
        return Ok(vec![p]);
    }
    let mut out = Vec::new();
    for p in v.try_iter()? {
        out.push(p?.extract::<PathBuf>()?);
    }
    Ok(out)
}

/// A date argument: `None`, `"YYYY-MM-DD"` (a time may follow, as in
/// record fields) or a `datetime.date`/`datetime.datetime`. Blank is none.
fn parse_date(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Date>> {
    let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(None) };
    let s: String = match v.cast::<PyString>() {
        Ok(s) => s.to_cow()?.into_owned(),
        Err(_) if v.hasattr(intern!(v.py(), "isoformat"))? => {
            v.call_method0(intern!(v.py(), "isoformat"))?.extract::<String>()?
        }
        Err(_) => {
            return Err(PyValueError::new_err(format!(
                "{} is not a date: give a datetime.date or a YYYY-MM-DD string",
                v.repr()?
            )))
        }
    };
    if s.trim().is_empty() {
        return Ok(None);
    }
    Date::parse_iso(&s)
        .map(Some)
        .ok_or_else(|| PyValueError::new_err(format!("{s:?} is not a date of the form YYYY-MM-DD")))
}

/// An id argument: a string or an integer (as in record fields).
fn parse_id(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(n) = v.extract::<i128>() {
        if !v.is_instance_of::<pyo3::types::PyBool>() {
            return Ok(n.to_string());
        }
    }
    Err(PyValueError::new_err(format!("an id must be a string or an integer, not {}", v.repr()?)))
}

/// The values of an optional per-article argument, checked against the
/// number of texts.
fn per_article<'py>(v: Option<&Bound<'py, PyAny>>, what: &str, n: usize) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(None) };
    if v.is_instance_of::<PyString>() {
        return Err(PyValueError::new_err(format!("{what} must be a sequence with one item per text, not a string")));
    }
    let items: Vec<Bound<'py, PyAny>> = v.try_iter()?.collect::<PyResult<_>>()?;
    if items.len() != n {
        return Err(PyValueError::new_err(format!("{what} has {} items for {n} texts", items.len())));
    }
    Ok(Some(items))
}

/// A Python `str` as a Rust `String`: what `str.encode("utf-8")` gives
/// (and the same error for a lone surrogate).
///
/// An ASCII `str` is its UTF-8 already and is copied as it is. Others are
/// read as code points (`PyUnicode_AsUCS4`, a widening copy) into `buf`
/// and encoded here, in a fraction of the instructions of CPython's
/// encoder, which takes a char at a time: news text has curly quotes and
/// dashes, so most articles are not ASCII.
fn string_of(s: &Bound<'_, PyString>, buf: &mut Vec<u32>) -> PyResult<String> {
    let py = s.py();
    if s.call_method0(intern!(py, "isascii"))?.is_truthy()? {
        return Ok(s.to_cow()?.into_owned());
    }
    // SAFETY: `s` is a str.
    let n = unsafe { ffi::PyUnicode_GetLength(s.as_ptr()) };
    let Ok(len) = usize::try_from(n) else { return Err(PyErr::fetch(py)) };
    buf.clear();
    buf.reserve(len);
    // SAFETY: `buf` has room for the `n` code points (no terminating NUL
    // is asked for); on success all `n` are written.
    unsafe {
        if ffi::PyUnicode_AsUCS4(s.as_ptr(), buf.as_mut_ptr(), n, 0).is_null() {
            return Err(PyErr::fetch(py));
        }
        buf.set_len(len);
    }
    match utf8_of_code_points(buf) {
        Some(t) => Ok(t),
        // A surrogate: CPython's own encoder raises its error.
        None => Ok(s.to_cow()?.into_owned()),
    }
}

/// The UTF-8 of code points, `None` if one is a surrogate (which UTF-8
/// cannot hold) or past U+10FFFF. Eight ASCII code points are taken at a
/// time, in both passes: the length's, so that the string is made at its
/// size, and the encoding's.
fn utf8_of_code_points(cps: &[u32]) -> Option<String> {
    let width = |c: u32| -> Option<usize> {
        match c {
            0..0x80 => Some(1),
            0x80..0x800 => Some(2),
            0xD800..0xE000 => None,
            0x800..0x1_0000 => Some(3),
            0x1_0000..0x11_0000 => Some(4),
            _ => None,
        }
    };
    // A window of eight with a non-ASCII code point is taken a code point
    // at a time, as the tail is.
    let (mut i, mut len) = (0, 0);
    while i < cps.len() {
        let end = (i + 8).min(cps.len());
        // SAFETY: eight code points from `i` are inside `cps`.
        if end == i + 8 && unsafe { ascii8(cps.as_ptr().add(i)) } {
            len += 8;
        } else {
            for &c in &cps[i..end] {
                len += width(c)?;
            }
        }
        i = end;
    }
    let mut out: Vec<u8> = Vec::with_capacity(len);
    let dst = out.as_mut_ptr();
    let (mut i, mut o) = (0, 0);
    // SAFETY: `len` is the exact UTF-8 length of `cps` (the code points
    // checked above), so every write below is inside `out`'s capacity;
    // reads are inside `cps`.
    unsafe {
        while i < cps.len() {
            let end = (i + 8).min(cps.len());
            let src = cps.as_ptr().add(i);
            if end == i + 8 && ascii8(src) {
                narrow8(src, dst.add(o));
                o += 8;
            } else {
                for &c in cps.get_unchecked(i..end) {
                    o += encode_one(c, dst.add(o));
                }
            }
            i = end;
        }
        debug_assert_eq!(o, len);
        out.set_len(o);
        // Valid UTF-8: scalar values (no surrogates, none past U+10FFFF),
        // each encoded as the standard says.
        Some(String::from_utf8_unchecked(out))
    }
}

/// Write the UTF-8 of the scalar value `c` at `dst`; its length.
///
/// # Safety
/// `dst` must be writable for the length.
#[inline(always)]
unsafe fn encode_one(c: u32, dst: *mut u8) -> usize {
    // SAFETY: as the caller promises.
    unsafe {
        if c < 0x80 {
            *dst = c as u8;
            1
        } else if c < 0x800 {
            *dst = 0xC0 | (c >> 6) as u8;
            *dst.add(1) = 0x80 | (c & 0x3F) as u8;
            2
        } else if c < 0x1_0000 {
            *dst = 0xE0 | (c >> 12) as u8;
            *dst.add(1) = 0x80 | ((c >> 6) & 0x3F) as u8;
            *dst.add(2) = 0x80 | (c & 0x3F) as u8;
            3
        } else {
            *dst = 0xF0 | (c >> 18) as u8;
            *dst.add(1) = 0x80 | ((c >> 12) & 0x3F) as u8;
            *dst.add(2) = 0x80 | ((c >> 6) & 0x3F) as u8;
            *dst.add(3) = 0x80 | (c & 0x3F) as u8;
            4
        }
    }
}

/// Whether the eight code points at `src` are ASCII.
///
/// # Safety
/// `src` must be readable for eight `u32`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn ascii8(src: *const u32) -> bool {
    use std::arch::x86_64::*;
    // SSE2, which every x86-64 processor has.
    unsafe {
        let any = _mm_or_si128(_mm_loadu_si128(src.cast()), _mm_loadu_si128(src.add(4).cast()));
        let high = _mm_and_si128(any, _mm_set1_epi32(!0x7F));
        _mm_movemask_epi8(_mm_cmpeq_epi32(high, _mm_setzero_si128())) == 0xFFFF
    }
}

/// The eight ASCII code points at `src` as bytes at `dst`.
///
/// # Safety
/// `src` must be readable for eight `u32` below 0x80, `dst` writable for
/// eight bytes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn narrow8(src: *const u32, dst: *mut u8) {
    use std::arch::x86_64::*;
    unsafe {
        // 8 x i32 -> 8 x i16 -> 8 x u8: no value saturates.
        let words = _mm_packs_epi32(_mm_loadu_si128(src.cast()), _mm_loadu_si128(src.add(4).cast()));
        _mm_storel_epi64(dst.cast(), _mm_packus_epi16(words, words));
    }
}

/// See the x86-64 version.
///
/// # Safety
/// `src` must be readable for eight `u32`.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
unsafe fn ascii8(src: *const u32) -> bool {
    // SAFETY: as the caller promises.
    unsafe { std::slice::from_raw_parts(src, 8) }.iter().fold(0, |acc, &c| acc | c) < 0x80
}

/// See the x86-64 version.
///
/// # Safety
/// `src` must be readable for eight `u32` below 0x80, `dst` writable for
/// eight bytes.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
unsafe fn narrow8(src: *const u32, dst: *mut u8) {
    // SAFETY: as the caller promises.
    unsafe {
        for k in 0..8 {
            *dst.add(k) = *src.add(k) as u8;
        }
    }
}

/// What the dicts of one article are made from: its extraction, with the
/// work that needs no GIL done on the thread that extracted it.
struct Found {
    x: Extraction,
    /// The written entities, in order of first mention.
    order: Vec<usize>,
    /// The output number of each entity (`e1` is 0), [`NOT_WRITTEN`] if
    /// it is not written.
    numbers: Vec<u32>,
    /// The code point start and end of every mention of the written
    /// entities, in the order they are written.
    offsets: Vec<usize>,
}

const NOT_WRITTEN: u32 = u32::MAX;

/// Extract `a` and prepare its dicts (see [`Found`]).
fn find(inner: &gazette::Extractor, a: &Article) -> Found {
    let x = inner.analyze(a);
    let order = x.written();
    let mut numbers = vec![NOT_WRITTEN; x.entities.len()];
    for (k, &i) in order.iter().enumerate() {
        numbers[i] = k as u32;
    }
    let index = CharIndex::new(&a.text);
    let n: usize = order.iter().map(|&i| x.entities[i].mentions.len()).sum();
    let mut offsets = Vec::with_capacity(2 * n);
    for &i in &order {
        for m in &x.entities[i].mentions {
            offsets.push(index.char_offset(m.start));
            offsets.push(index.char_offset(m.end));
        }
    }
    Found { x, order, numbers, offsets }
}

/// The CLI's JSON line of `a`, without its newline.
fn encode(inner: &gazette::Extractor, a: &Article) -> Vec<u8> {
    let x = inner.analyze(a);
    let mut buf = Vec::with_capacity(256 + a.text.len() / 2);
    // Writing to a Vec cannot fail.
    Encoder::new(Format::Jsonl).encode_extraction(a, &x, &mut buf).expect("encoding to memory");
    buf.pop();
    buf
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Makes records' dicts, and keeps for the length of one call the Python
/// values that recur from record to record and are few: the short codes
/// of small sets (types, countries, feature codes, first-level divisions,
/// kinds, titles), the record-local ids, mention offsets, and for each
/// gazetteer entry (and each place an article is about) a dict of its
/// fields that an entity's (a focus place's) dict starts as a copy of,
/// an entry's with the type and name of its entities in it already.
/// These are immutable values (the dicts are copied, never handed out), so
/// sharing them is safe; the caches go with the call and are bounded.
///
/// Other names, mention texts and dates are made afresh. Shared through a cache
/// of the call, they took fewer instructions (1% on 2 MB of generated
/// news) and a fifth less memory, but more time: fetching one from the
/// large cache, whose objects have left the processor's caches, took
/// longer than making it (paired rounds on 20 MB, 2% to 8% more CPU time
/// for the call). Offsets are few distinct integers, in a table indexed by
/// value: sharing them takes a fifth (generated news) to nearly a third
/// (real news) of the records' objects away, 5% to 8% of their memory,
/// at no cost in time that paired rounds could see (medians of the CPU
/// time ratio 1.01 and 0.97).
struct Maker<'py> {
    py: Python<'py>,
    /// Codes and entry dicts kept at most (0: a one-off record, none).
    cap: usize,
    codes: FxMap<Box<str>, Bound<'py, PyString>>,
    /// `"e1"`, `"e2"`, ...
    ids: Vec<Bound<'py, PyString>>,
    /// The names of the built-in types, in the order of `BUILTIN_TYPES`.
    types: [Option<Bound<'py, PyString>>; EntityType::BUILTIN.len()],
    /// By the address of an entry's attributes (the `Arc` is kept, so the
    /// address is not reused): the dict an entity with these attributes
    /// and no roles starts as (see [`Entry`]).
    entries: FxMap<usize, Entry<'py>>,
    /// By a focus place's fields but its score: a dict of them, in order,
    /// with `None` for the score (the places an article is about recur
    /// from article to article, and a copy takes one insertion, not six).
    focus: FxMap<Box<[u8]>, Bound<'py, PyDict>>,
    /// The key of the focus place looked up (kept for its buffer).
    key: Vec<u8>,
    /// Mention offsets below [`MAX_OFFSETS`] (if `cap` is not 0): the
    /// integer of each value, made when first needed.
    offsets: Vec<Option<Bound<'py, PyAny>>>,
}

/// The dict the entities of a gazetteer entry start as: the keys of an
/// entity with the entry's attributes and no roles, in order, holding the
/// attributes' values, the type and name of the first entity made from
/// it, and `None` in place of the id and mentions. An entry's entities
/// nearly always have its type and canonical name: copied with the dict,
/// they are neither made nor set again.
struct Entry<'py> {
    /// Kept so that the address the entry is found by is not reused.
    _attrs: Arc<Attrs>,
    dict: Bound<'py, PyDict>,
    ty: EntityType,
    name: Arc<str>,
    name_obj: Bound<'py, PyString>,
}

/// Offsets shared at most: the integers below this (the first 64 KiB of
/// an article's code points, where nearly all mentions are; ints past
/// CPython's own cache, 256, are otherwise one object each).
const MAX_OFFSETS: usize = 1 << 16;

/// Codes and entry dicts kept at most: a call over a whole archive must
/// not grow the caches without bound.
const MAX_VALUES: usize = 1 << 16;

/// `d[k] = v`, `v` borrowed.
#[inline]
fn put(d: &Bound<'_, PyDict>, k: &Bound<'_, PyString>, v: *mut ffi::PyObject) -> PyResult<()> {
    // SAFETY: `d` is a dict, `k` a str and `v` a live object; PyDict_SetItem
    // takes its own references.
    if unsafe { ffi::PyDict_SetItem(d.as_ptr(), k.as_ptr(), v) } != 0 {
        return Err(PyErr::fetch(d.py()));
    }
    Ok(())
}

/// `d[k] = v`, `v` a new reference (released here) or NULL with an
/// exception set.
#[inline]
fn put_new(d: &Bound<'_, PyDict>, k: &Bound<'_, PyString>, v: *mut ffi::PyObject) -> PyResult<()> {
    // SAFETY: as in `put`; `v` is owned here.
    let v = unsafe { Bound::from_owned_ptr_or_err(d.py(), v)? };
    put(d, k, v.as_ptr())
}

/// `d[k] = s`, a new string.
#[inline]
fn put_str(d: &Bound<'_, PyDict>, k: &Bound<'_, PyString>, s: &str) -> PyResult<()> {
    put_new(d, k, new_str(s))
}

/// `d[k] = v`, a new integer.
#[inline]
fn put_int(d: &Bound<'_, PyDict>, k: &Bound<'_, PyString>, v: usize) -> PyResult<()> {
    // SAFETY: a new reference or NULL with an exception set.
    put_new(d, k, unsafe { ffi::PyLong_FromSize_t(v) })
}

/// A new `str` (a new reference, or NULL with an exception set).
fn new_str(s: &str) -> *mut ffi::PyObject {
    // SAFETY: a valid UTF-8 buffer and its length.
    unsafe { ffi::PyUnicode_FromStringAndSize(s.as_ptr().cast(), s.len() as ffi::Py_ssize_t) }
}

impl<'py> Maker<'py> {
    fn new(py: Python<'py>, cap: usize) -> Maker<'py> {
        Maker {
            py,
            cap,
            codes: HashMap::default(),
            ids: Vec::new(),
            types: Default::default(),
            entries: HashMap::default(),
            focus: HashMap::default(),
            key: Vec::new(),
            offsets: Vec::new(),
        }
    }

    /// `d[k] = v`, an offset: shared if it is below [`MAX_OFFSETS`].
    #[inline]
    fn put_offset(&mut self, d: &Bound<'py, PyDict>, k: &Bound<'py, PyString>, v: usize) -> PyResult<()> {
        if self.cap == 0 || v >= MAX_OFFSETS {
            return put_int(d, k, v);
        }
        if v >= self.offsets.len() {
            self.offsets.resize(v + 1, None);
        }
        if let Some(o) = &self.offsets[v] {
            return put(d, k, o.as_ptr());
        }
        // SAFETY: a new reference or NULL with an exception set.
        let o = unsafe { Bound::from_owned_ptr_or_err(self.py, ffi::PyLong_FromSize_t(v))? };
        put(d, k, o.as_ptr())?;
        self.offsets[v] = Some(o);
        Ok(())
    }

    /// `d[k] = s`, a code of a small set, made once.
    fn put_code(&mut self, d: &Bound<'py, PyDict>, k: &Bound<'py, PyString>, s: &str) -> PyResult<()> {
        if let Some(v) = self.codes.get(s) {
            return put(d, k, v.as_ptr());
        }
        let v = PyString::new(self.py, s);
        put(d, k, v.as_ptr())?;
        if self.codes.len() < self.cap {
            self.codes.insert(s.into(), v);
        }
        Ok(())
    }

    /// The name of a type.
    fn put_ty(&mut self, d: &Bound<'py, PyDict>, k: &Bound<'py, PyString>, t: &EntityType) -> PyResult<()> {
        let Some(i) = gazette::entity::BUILTIN_TYPES.iter().position(|b| b == t) else {
            return self.put_code(d, k, t.as_str());
        };
        let py = self.py;
        let v = self.types[i].get_or_insert_with(|| PyString::new(py, t.as_str()));
        put(d, k, v.as_ptr())
    }

    /// The record-local id of the `k`th written entity (`"e1"` is 0).
    fn put_id(&mut self, d: &Bound<'py, PyDict>, key: &Bound<'py, PyString>, k: usize) -> PyResult<()> {
        while self.ids.len() <= k {
            let s = PyString::new(self.py, &format!("e{}", self.ids.len() + 1));
            self.ids.push(s);
        }
        put(d, key, self.ids[k].as_ptr())
    }

    /// The record of an article as a dict: the keys and values of the
    /// CLI's JSON, in its order, keys without a value left out as the
    /// serde attributes of [`gazette::output::Record`] say.
    fn record(&mut self, a: &Article, f: &Found) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let d = PyDict::new(py);
        put_new(&d, intern!(py, "id"), new_str(&a.id))?;
        if let Some((date, source)) = f.x.published {
            put_new(&d, intern!(py, "published"), new_str(&date.to_string()))?;
            self.put_code(&d, intern!(py, "published_source"), source.as_str())?;
        }
        if a.lossy {
            put(&d, intern!(py, "lossy"), true.into_pyobject(py)?.as_ptr())?;
        }
        let mut offsets = f.offsets.iter().copied();
        let entities = list_of(py, f.order.len(), |k| Ok(self.entity(a, f, k, &mut offsets)?.into_any()))?;
        put(&d, intern!(py, "entities"), entities.as_ptr())?;
        if !f.x.focus.is_empty() {
            let focus = list_of(py, f.x.focus.len(), |k| Ok(self.focus(&f.x.focus[k])?.into_any()))?;
            put(&d, intern!(py, "focus"), focus.as_ptr())?;
        }
        untrack(&d);
        Ok(d)
    }

    /// A place the article is about: a copy of the dict of its fields but
    /// the score, made once per call, with the score put in.
    fn focus(&mut self, f: &Focus) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        if self.cap == 0 {
            let d = self.focus_fields(f)?;
            // SAFETY: a new reference or NULL with an exception set.
            put_new(&d, intern!(py, "score"), unsafe { ffi::PyFloat_FromDouble(f.score) })?;
            return Ok(d);
        }
        // The fields but the score, each after its length (or a marker
        // for none), as the key.
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        for part in [Some(f.ty.as_str()), Some(f.name.as_str()), Some(f.country.as_str()), f.admin1.as_deref()] {
            match part {
                Some(p) => {
                    key.extend_from_slice(&(p.len() as u64).to_le_bytes());
                    key.extend_from_slice(p.as_bytes());
                }
                None => key.extend_from_slice(&u64::MAX.to_le_bytes()),
            }
        }
        key.extend_from_slice(&f.geonames_id.map_or(u128::MAX, u128::from).to_le_bytes());
        let template = match self.focus.get(key.as_slice()) {
            Some(t) => t.clone(),
            None => {
                let t = self.focus_fields(f)?;
                put(&t, intern!(py, "score"), py.None().as_ptr())?;
                if self.focus.len() < self.cap {
                    self.focus.insert(key.as_slice().into(), t.clone());
                }
                t
            }
        };
        self.key = key;
        // SAFETY: a dict; PyDict_Copy returns a new reference or NULL.
        let d = unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyDict_Copy(template.as_ptr()))?.cast_into_unchecked() };
        // SAFETY: as above.
        put_new(&d, intern!(py, "score"), unsafe { ffi::PyFloat_FromDouble(f.score) })?;
        untrack(&d);
        Ok(d)
    }

    /// A dict of a focus place's fields but the score, in order.
    fn focus_fields(&mut self, f: &Focus) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let d = PyDict::new(py);
        self.put_code(&d, intern!(py, "type"), &f.ty)?;
        put_str(&d, intern!(py, "name"), &f.name)?;
        self.put_code(&d, intern!(py, "country"), &f.country)?;
        if let Some(a) = &f.admin1 {
            self.put_code(&d, intern!(py, "admin1"), a)?;
        }
        if let Some(g) = f.geonames_id {
            // SAFETY: a new reference or NULL with an exception set.
            put_new(&d, intern!(py, "geonames_id"), unsafe { ffi::PyLong_FromUnsignedLongLong(g) })?;
        }
        Ok(d)
    }

    /// The `k`th written entity; `offsets` yields its mentions' offsets.
    fn entity(
        &mut self,
        a: &Article,
        f: &Found,
        k: usize,
        offsets: &mut impl Iterator<Item = usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let x = &f.x;
        let e = &x.entities[f.order[k]];
        let attrs = &e.attrs;
        let plain = e.role.is_none() && e.roles.is_empty() && attrs.extra.is_empty();
        let entry = match plain && self.cap > 0 && Arc::strong_count(attrs) > 1 {
            true => self.entry(attrs, e)?,
            false => None,
        };
        // What the entry's dict holds already: the type, and the name
        // (whose object the mentions that are the name as it is share).
        let (same_ty, held_name) = match &entry {
            Some(t) => (t.ty == e.ty, (t.name == e.name).then(|| t.name_obj.clone())),
            None => (false, None),
        };
        let entry = entry.map(|t| t.dict.as_ptr());
        let copied = entry.is_some();
        let d = match entry {
            // SAFETY: a dict; PyDict_Copy returns a new reference or NULL.
            Some(t) => unsafe {
                Bound::from_owned_ptr_or_err(py, ffi::PyDict_Copy(t))?.cast_into_unchecked::<PyDict>()
            },
            None => PyDict::new(py),
        };
        self.put_id(&d, intern!(py, "id"), k)?;
        if !same_ty {
            self.put_ty(&d, intern!(py, "type"), &e.ty)?;
        }
        // The mentions that are the name as it is share its object.
        let name = match held_name {
            Some(n) => n,
            None => {
                let n = PyString::new(py, &e.name);
                put(&d, intern!(py, "name"), n.as_ptr())?;
                n
            }
        };
        if !copied {
            self.attributes(&d, attrs)?;
            let name = |i: usize| &*x.entities[i].name;
            let number = |i: usize| Some(f.numbers[i]).filter(|&n| n != NOT_WRITTEN).map(|n| n as usize);
            if let Some(l) = &e.role {
                if let Some(n) = l.person.and_then(number) {
                    self.put_id(&d, intern!(py, "person"), n)?;
                }
                if let Some(n) = l.organization.and_then(number) {
                    self.put_id(&d, intern!(py, "organization"), n)?;
                }
                if let Some(p) = l.person {
                    put_str(&d, intern!(py, "person_name"), name(p))?;
                }
                if let Some(o) = l.organization {
                    put_str(&d, intern!(py, "organization_name"), name(o))?;
                }
            }
            let links: Vec<_> = e.roles.iter().filter_map(|&r| x.entities[r].role.as_ref()).collect();
            if !links.is_empty() {
                let roles = list_of(py, links.len(), |j| {
                    let l = links[j];
                    let rd = PyDict::new(py);
                    self.put_code(&rd, intern!(py, "title"), &l.title)?;
                    if let Some(n) = l.organization.and_then(number) {
                        self.put_id(&rd, intern!(py, "organization"), n)?;
                    }
                    if let Some(o) = l.organization {
                        put_str(&rd, intern!(py, "organization_name"), name(o))?;
                    }
                    untrack(&rd);
                    Ok(rd.into_any())
                })?;
                put(&d, intern!(py, "roles"), roles.as_ptr())?;
            }
            if let Some(r) = &attrs.reference {
                put_str(&d, intern!(py, "ref"), r)?;
            }
            if !attrs.extra.is_empty() {
                // A map, as in the record: the last value of a repeated key.
                let extra = PyDict::new(py);
                for (key, v) in &attrs.extra {
                    extra.set_item(key, v)?;
                }
                put(&d, intern!(py, "attributes"), extra.as_ptr())?;
            }
        }
        let text = a.text.as_str();
        let mentions = list_of(py, e.mentions.len(), |j| {
            let m = &e.mentions[j];
            let (start, end) = (offsets.next(), offsets.next());
            let (Some(start), Some(end)) = (start, end) else { unreachable!("two offsets per mention") };
            let md = PyDict::new(py);
            self.put_offset(&md, intern!(py, "start"), start)?;
            self.put_offset(&md, intern!(py, "end"), end)?;
            // Most mentions are the entity's name as it is.
            let t = &text[m.start..m.end];
            if *t == *e.name {
                put(&md, intern!(py, "text"), name.as_ptr())?;
            } else {
                put_str(&md, intern!(py, "text"), t)?;
            }
            Ok(md.into_any())
        })?;
        put(&d, intern!(py, "mentions"), mentions.as_ptr())?;
        untrack(&d);
        Ok(d)
    }

    /// The fields of `a` that come between an entity's name and its roles.
    fn attributes(&mut self, d: &Bound<'py, PyDict>, a: &Attrs) -> PyResult<()> {
        let py = self.py;
        macro_rules! code {
            ($field:ident) => {
                if let Some(v) = &a.$field {
                    self.put_code(d, intern!(py, stringify!($field)), v)?;
                }
            };
        }
        macro_rules! uint {
            ($field:ident) => {
                if let Some(v) = a.$field {
                    // SAFETY: a new reference or NULL with an exception.
                    put_new(d, intern!(py, stringify!($field)), unsafe { ffi::PyLong_FromUnsignedLongLong(v) })?;
                }
            };
        }
        macro_rules! float {
            ($field:ident) => {
                if let Some(v) = a.$field {
                    // SAFETY: as above.
                    put_new(d, intern!(py, stringify!($field)), unsafe { ffi::PyFloat_FromDouble(v) })?;
                }
            };
        }
        code!(country);
        uint!(geonames_id);
        code!(feature);
        code!(admin1);
        float!(lat);
        float!(lon);
        uint!(population);
        code!(iso);
        code!(kind);
        if let Some(v) = &a.value {
            // Dates and durations: many values, each in few records.
            put_str(d, intern!(py, "value"), v)?;
        }
        if a.ambiguous {
            put(d, intern!(py, "ambiguous"), true.into_pyobject(py)?.as_ptr())?;
        }
        code!(title);
        Ok(())
    }

    /// The dict the entity `e` with the gazetteer entry's attributes `a`
    /// starts as (see [`Entry`]); `None` once the cache is full.
    fn entry(&mut self, a: &Arc<Attrs>, e: &Resolved) -> PyResult<Option<&Entry<'py>>> {
        let key = Arc::as_ptr(a) as usize;
        if !self.entries.contains_key(&key) {
            if self.entries.len() >= self.cap {
                return Ok(None);
            }
            let py = self.py;
            let d = PyDict::new(py);
            let name_obj = PyString::new(py, &e.name);
            put(&d, intern!(py, "id"), py.None().as_ptr())?;
            self.put_ty(&d, intern!(py, "type"), &e.ty)?;
            put(&d, intern!(py, "name"), name_obj.as_ptr())?;
            self.attributes(&d, a)?;
            if let Some(r) = &a.reference {
                put_str(&d, intern!(py, "ref"), r)?;
            }
            put(&d, intern!(py, "mentions"), py.None().as_ptr())?;
            let entry = Entry { _attrs: Arc::clone(a), dict: d, ty: e.ty.clone(), name: Arc::clone(&e.name), name_obj };
            self.entries.insert(key, entry);
        }
        Ok(self.entries.get(&key))
    }
}

/// A list of `n` items made by `item(0)`, `item(1)`, ...: made at its
/// size, filled in place.
fn list_of<'py>(
    py: Python<'py>,
    n: usize,
    mut item: impl FnMut(usize) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let len = ffi::Py_ssize_t::try_from(n).map_err(|_| PyValueError::new_err("too many items for a list"))?;
    // SAFETY: `PyList_New` returns a new list of `n` empty slots (or NULL
    // with an exception set); each slot is set once below with an owned
    // reference, which `PyList_SetItem` steals. A list dropped with slots
    // still empty (an error on the way) is freed correctly: CPython skips
    // empty slots.
    unsafe {
        let list = Bound::from_owned_ptr_or_err(py, ffi::PyList_New(len))?.cast_into_unchecked::<PyList>();
        for k in 0..n {
            let v = item(k)?;
            if ffi::PyList_SetItem(list.as_ptr(), k as ffi::Py_ssize_t, v.into_ptr()) != 0 {
                return Err(PyErr::fetch(py));
            }
        }
        untrack(&list);
        Ok(list)
    }
}

/// Take a container of a record out of the cycle collector's lists.
///
/// A record's dicts and lists hold strings, numbers and containers made
/// for them alone: they cannot form a cycle, and reference counting frees
/// them. Left tracked, the collector would walk all of them at its next
/// pass after the call (on 20 MB of news, 400,000 containers: a sixth of
/// the time of making them), and again at every full collection while
/// the records live. CPython does the same for the dicts and tuples it
/// can prove acyclic. A dict is tracked again when a container is stored
/// in it; a list is not, so a cycle a caller makes through a record's
/// list (appending an object that refers back to it) is freed only when
/// the caller breaks it.
fn untrack<T>(o: &Bound<'_, T>) {
    // SAFETY: `o` is a live dict or list (GC objects); untracking an
    // object that is not tracked does nothing.
    unsafe { ffi::PyObject_GC_UnTrack(o.as_ptr().cast()) }
}

/// A hash for the value cache: the length and the first and last eight
/// bytes, mixed as rustc's Fx hash does. Constant time for any key; keys
/// that share all three are told apart by comparison. No need to resist
/// attacks: a collision costs time, not correctness.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        if n >= 8 {
            self.add(u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")));
            self.add(u64::from_le_bytes(bytes[n - 8..].try_into().expect("8 bytes")));
        } else {
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(bytes);
            self.add(u64::from_le_bytes(w));
        }
        self.add(n as u64);
    }
    fn write_u8(&mut self, _: u8) {
        // The end marker `str` hashes after its bytes: the length is in already.
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        // Addresses: the low bits are alignment, the high ones mostly equal.
        self.add((n as u64).rotate_right(4));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Extracts cities, countries, regions, organizations, people, dates and
/// roles from English news articles.
///
/// Build one and reuse it: the options (and user gazetteer files) are
/// read once. It is safe to share between threads.
#[pyclass(frozen, module = "gazette")]
struct Extractor {
    inner: Arc<gazette::Extractor>,
    /// What it was built with, for `repr`.
    desc: String,
}

impl Extractor {
    fn article(id: String, text: String, date: Option<Date>) -> Article {
        let a = Article::new(id, text);
        match date {
            Some(d) => a.with_date(d, DateSource::Field),
            None => a,
        }
    }
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (*, types=None, date_order="auto", gazetteers=None, exclude=None, gazetteer_dir=None))]
    fn new(
        py: Python<'_>,
        types: Option<&Bound<'_, PyAny>>,
        date_order: &str,
        gazetteers: Option<&Bound<'_, PyAny>>,
        exclude: Option<&Bound<'_, PyAny>>,
        gazetteer_dir: Option<PathBuf>,
    ) -> PyResult<Extractor> {
        let date_order = parse_date_order(date_order)?;
        let builtin = Gazetteers::builtin();
        let types = parse_types(types, &builtin)?;
        let gazetteer_files = paths(gazetteers)?;
        let exclude_files = paths(exclude)?;
        if gazetteer_files.is_empty() {
            unknown_types(types.as_deref().unwrap_or_default(), &[]).map_err(PyValueError::new_err)?;
        }
        let desc = describe(&types, date_order, &gazetteer_files, &exclude_files, gazetteer_dir.as_deref());
        // Loading files is Rust's work: other Python threads may run.
        let built = py.detach(move || -> Result<gazette::Extractor, PyErrSource> {
            let base = match &gazetteer_dir {
                Some(dir) => Gazetteers::from_dir(dir)
                    .map_err(|e| PyErrSource::Context(format!("loading gazetteers from {}", dir.display()), e))?,
                None => builtin,
            };
            let user = match gazetteer_files.as_slice() {
                [] => None,
                files => Some(UserGazetteer::load(files, &base).map_err(PyErrSource::Plain)?),
            };
            let user_types = user.as_ref().map_or(&[][..], |u| u.types()).to_vec();
            unknown_types(types.as_deref().unwrap_or_default(), &user_types).map_err(PyErrSource::Message)?;
            let exclude = match exclude_files.as_slice() {
                [] => None,
                files => Some(Arc::new(Exclusions::load(files, &user_types, &base).map_err(PyErrSource::Plain)?)),
            };
            let options = Options { types, date_order, user: user.map(Arc::new), exclude, explain: false };
            Ok(gazette::Extractor::new(base, options))
        });
        match built {
            Ok(x) => Ok(Extractor { inner: Arc::new(x), desc }),
            Err(PyErrSource::Plain(e)) => Err(library_error(e)),
            Err(PyErrSource::Context(ctx, e)) => {
                let inner = library_error(e);
                let msg = format!("{ctx}: {}", inner.value(py));
                Err(match inner.get_type(py).is(py.get_type::<GazetteerError>()) {
                    true => GazetteerError::new_err(msg),
                    false if inner.is_instance_of::<PyFileNotFoundError>(py) => PyFileNotFoundError::new_err(msg),
                    false => PyOSError::new_err(msg),
                })
            }
            Err(PyErrSource::Message(m)) => Err(PyValueError::new_err(m)),
        }
    }

    /// The record of one article, as the CLI writes it (parsed).
    ///
    /// `date` is the article's publication date (`"YYYY-MM-DD"` or a
    /// `datetime.date`), the anchor of relative dates ("on Tuesday"); it is
    /// reported as `"published_source": "field"`. Without it, a dateline
    /// near the top of the text is used. `id` (a string or an integer)
    /// becomes the record's `id` (default `""`). With `as_json`, the
    /// record is the CLI's JSON line itself (`bytes`, no newline).
    #[pyo3(signature = (text, date=None, id=None, *, as_json=false))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        date: Option<&Bound<'py, PyAny>>,
        id: Option<&Bound<'py, PyAny>>,
        as_json: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let date = parse_date(date)?;
        let id = match id.filter(|i| !i.is_none()) {
            Some(i) => parse_id(i)?,
            None => String::new(),
        };
        let article = Extractor::article(id, string_of(text, &mut Vec::new())?, date);
        let inner = &*self.inner;
        if as_json {
            let line = py.detach(|| encode(inner, &article));
            return Ok(PyBytes::new(py, &line).into_any());
        }
        let found = py.detach(|| find(inner, &article));
        Ok(Maker::new(py, 0).record(&article, &found)?.into_any())
    }

    /// The records of many articles, in order, extracted on `threads`
    /// threads (default: all cores) with the GIL released.
    ///
    /// `dates` and `ids`, if given, have one item per text (items may be
    /// `None`); ids default to the text's position (`"0"`, `"1"`, ...).
    /// With `as_json`, each record is the CLI's JSON line (`bytes`, no
    /// newline) instead of a dict.
    #[pyo3(signature = (texts, dates=None, ids=None, threads=None, *, as_json=false))]
    fn extract_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        dates: Option<&Bound<'py, PyAny>>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
        as_json: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let threads = match threads {
            Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        if texts.is_instance_of::<PyString>() {
            return Err(PyValueError::new_err("texts must be a sequence of strings, not one string"));
        }
        let mut articles = Vec::new();
        let mut buf = Vec::new();
        for (i, t) in texts.try_iter()?.enumerate() {
            let t = t?;
            let s = t.cast::<PyString>().map_err(|_| {
                PyValueError::new_err(format!(
                    "texts[{i}] is not a string: {}",
                    t.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
                ))
            })?;
            articles.push(Article::new(i.to_string(), string_of(s, &mut buf)?));
        }
        let n = articles.len();
        if let Some(dates) = per_article(dates, "dates", n)? {
            for (a, d) in articles.iter_mut().zip(&dates) {
                if let Some(d) = parse_date(Some(d))? {
                    a.published = Some((d, DateSource::Field));
                }
            }
        }
        if let Some(ids) = per_article(ids, "ids", n)? {
            for (a, i) in articles.iter_mut().zip(&ids) {
                if !i.is_none() {
                    a.id = parse_id(i)?;
                }
            }
        }
        let inner = &*self.inner;
        if as_json {
            return in_order(
                py,
                &articles,
                threads,
                |a| encode(inner, a),
                |_, line| Ok(PyBytes::new(py, &line).into_any()),
            );
        }
        let _gc = GcPause::new(py)?;
        let mut maker = Maker::new(py, MAX_VALUES);
        in_order(py, &articles, threads, |a| find(inner, a), |a, found| Ok(maker.record(a, &found)?.into_any()))
    }

    /// JSON Lines in, the CLI's JSON Lines out: `lines` (bytes or str, one
    /// JSON object each) are read as the CLI reads a `.jsonl` file named
    /// `name` whose first line is `first_line`; returns the encoded records
    /// (bytes, no newline) and the problems as `(location, message,
    /// skipped)`. The Spark job's engine.
    #[pyo3(signature = (lines, name, first_line=1, text_field="text", id_field="id", date_field="date", date=None))]
    #[allow(clippy::too_many_arguments)]
    fn _extract_jsonl<'py>(
        &self,
        py: Python<'py>,
        lines: &Bound<'py, PyAny>,
        name: String,
        first_line: usize,
        text_field: &str,
        id_field: &str,
        date_field: &str,
        date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let date = parse_date(date)?;
        let mut input = Vec::new();
        for l in lines.try_iter()? {
            let l = l?;
            match l.cast::<PyBytes>() {
                Ok(b) => input.extend_from_slice(b.as_bytes()),
                Err(_) => input.extend_from_slice(l.cast::<PyString>()?.to_cow()?.as_bytes()),
            }
            input.push(b'\n');
        }
        let opts = InputOptions {
            text_field: text_field.to_owned(),
            id_field: id_field.to_owned(),
            date_field: date_field.to_owned(),
            date,
            ..InputOptions::default()
        };
        let inner = &*self.inner;
        let (encoded, problems) = py.detach(move || {
            let items = JsonlArticles::new(Box::new(Cursor::new(input)), name, Arc::new(opts)).first_line(first_line);
            let encoder = Encoder::new(Format::Jsonl);
            let mut encoded: Vec<Vec<u8>> = Vec::new();
            let mut problems = Vec::new();
            let mut buf = Vec::new();
            for item in items {
                match item {
                    Item::Article(a, _) => {
                        buf.clear();
                        let x = inner.analyze(&a);
                        // Writing to a Vec cannot fail.
                        encoder.encode_extraction(&a, &x, &mut buf).expect("encoding to memory");
                        encoded.push(buf[..buf.len() - 1].to_vec());
                    }
                    Item::Error(e) => problems.push((e.location, e.message, e.skipped)),
                }
            }
            (encoded, problems)
        });
        let out = PyList::empty(py);
        for e in &encoded {
            out.append(PyBytes::new(py, e))?;
        }
        let probs = PyList::empty(py);
        for p in problems {
            probs.append(p)?;
        }
        PyTuple::new(py, [out.into_any(), probs.into_any()])
    }

    fn __repr__(&self) -> String {
        format!("gazette.Extractor({})", self.desc)
    }
}

/// Python's cyclic garbage collector paused while records are made: it
/// would otherwise run every few hundred new dicts and lists and walk all
/// of them, again and again (on 20 MB of news, more time than the
/// extraction). Nothing made here is a cycle; the collector is switched
/// back on when this is dropped, if it was on.
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<GcPause<'py>> {
        let gc = py.import(intern!(py, "gc"))?;
        if !gc.call_method0(intern!(py, "isenabled"))?.is_truthy()? {
            return Ok(GcPause { gc: None });
        }
        gc.call_method0(intern!(py, "disable"))?;
        Ok(GcPause { gc: Some(gc) })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            let _ = gc.call_method0(intern!(gc.py(), "enable"));
        }
    }
}

/// What building an extractor can fail with, carried out of the
/// GIL-free section.
enum PyErrSource {
    Plain(gazette::Error),
    Context(String, gazette::Error),
    Message(String),
}

/// The first of `types` that is neither built-in nor in `user`, as the
/// CLI reports it.
fn unknown_types(types: &[EntityType], user: &[EntityType]) -> Result<(), String> {
    match types.iter().find(|t| matches!(t, EntityType::Custom(_)) && !user.contains(t)) {
        Some(t) => Err(format!("unknown type {:?} (expected one of: {})", t.as_str(), type_list(user))),
        None => Ok(()),
    }
}

/// The arguments an extractor was built with, as Python would write them.
fn describe(
    types: &Option<Vec<EntityType>>,
    order: DateOrder,
    gazetteers: &[PathBuf],
    exclude: &[PathBuf],
    dir: Option<&std::path::Path>,
) -> String {
    let list =
        |ps: &[PathBuf]| ps.iter().map(|p| format!("{:?}", p.display().to_string())).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if let Some(ts) = types {
        parts.push(format!("types={:?}", ts.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")));
    }
    match order {
        DateOrder::Auto => {}
        DateOrder::Dmy => parts.push("date_order=\"dmy\"".into()),
        DateOrder::Mdy => parts.push("date_order=\"mdy\"".into()),
    }
    if !gazetteers.is_empty() {
        parts.push(format!("gazetteers=[{}]", list(gazetteers)));
    }
    if !exclude.is_empty() {
        parts.push(format!("exclude=[{}]", list(exclude)));
    }
    if let Some(d) = dir {
        parts.push(format!("gazetteer_dir={:?}", d.display().to_string()));
    }
    parts.join(", ")
}

/// The list of `make(article, work(article))` for every article, in order.
///
/// `work` runs with the GIL released, on `threads` threads: `threads - 1`
/// workers and this thread take chunks of articles in turn. `make` needs
/// the GIL, so this thread alone runs it: on the next chunk in order as
/// soon as that is done, and while none is, it runs `work` on a chunk
/// itself.
fn in_order<'py, T: Send>(
    py: Python<'py>,
    articles: &[Article],
    threads: usize,
    work: impl Fn(&Article) -> T + Sync,
    mut make: impl FnMut(&Article, T) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let bounds = {
        let mut b = Vec::new();
        let mut start = 0;
        while start < articles.len() {
            let end = chunk_end(articles, start);
            b.push((start, end));
            start = end;
        }
        b
    };
    let mut out: Vec<Bound<'py, PyAny>> = Vec::with_capacity(articles.len());
    let mut make_chunk = |k: usize, done: Vec<T>, out: &mut Vec<Bound<'py, PyAny>>| -> PyResult<()> {
        let (start, _) = bounds[k];
        for (a, t) in articles[start..].iter().zip(done) {
            out.push(make(a, t)?);
        }
        Ok(())
    };
    if threads <= 1 || bounds.len() <= 1 {
        for (k, &(s, e)) in bounds.iter().enumerate() {
            let done: Vec<T> = py.detach(|| articles[s..e].iter().map(&work).collect());
            make_chunk(k, done, &mut out)?;
        }
        return PyList::new(py, out);
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Vec<T>)>();
    let (bounds_ref, next, work) = (&bounds, &next, &work);
    let take = move || -> Option<(usize, Vec<T>)> {
        let k = next.fetch_add(1, Ordering::Relaxed);
        let &(s, e) = bounds_ref.get(k)?;
        Some((k, articles[s..e].iter().map(work).collect()))
    };
    let result: PyResult<()> = std::thread::scope(|scope| {
        for _ in 1..threads.min(bounds.len()) {
            let tx = tx.clone();
            scope.spawn(move || {
                while let Some(done) = take() {
                    if tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Vec<T>> = BTreeMap::new();
        let mut rx = rx;
        let mut want = 0;
        while want < bounds.len() {
            while let Ok((k, done)) = rx.try_recv() {
                pending.insert(k, done);
            }
            let Some(done) = pending.remove(&want) else {
                // Nothing to make: work on a chunk, or wait.
                if let Some((k, done)) = py.detach(take) {
                    pending.insert(k, done);
                    continue;
                }
                // The receiver is not `Sync`: it goes into the GIL-free
                // section and comes back.
                let (back, got) = py.detach(move || {
                    let got = rx.recv();
                    (rx, got)
                });
                rx = back;
                match got {
                    Ok((k, done)) => {
                        pending.insert(k, done);
                    }
                    // Every worker is gone with chunks missing: one
                    // panicked (the scope raises it).
                    Err(_) if !pending.contains_key(&want) => break,
                    Err(_) => {}
                }
                continue;
            };
            if let Err(e) = make_chunk(want, done, &mut out) {
                // Stop the workers: no more chunks to take.
                next.store(usize::MAX / 2, Ordering::Relaxed);
                return Err(e);
            }
            want += 1;
        }
        Ok(())
    });
    result?;
    PyList::new(py, out)
}

/// The end of the chunk starting at `start`.
fn chunk_end(articles: &[Article], start: usize) -> usize {
    let mut bytes = 0;
    let mut end = start;
    while end < articles.len() && end - start < CHUNK && bytes < CHUNK_BYTES {
        bytes += articles[end].text.len();
        end += 1;
    }
    end
}

/// The version of the library and of its built-in gazetteers.
#[pyfunction]
fn versions() -> (&'static str, &'static str) {
    (env!("CARGO_PKG_VERSION"), gazette::GAZETTEER_VERSION)
}

#[pymodule]
fn _gazette(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Extractor>()?;
    // The command line's CSV columns, from the one place they are spelt.
    m.add("CSV_COLUMNS", PyTuple::new(m.py(), gazette::output::csv::HEADER)?)?;
    m.add("GazetteerError", m.py().get_type::<GazetteerError>())?;
    m.add_function(wrap_pyfunction!(versions, m)?)?;
    Ok(())
}

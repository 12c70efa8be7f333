//! `gazette._gazette`: the Python bindings of the gazette library.
//!
//! Records are the library's [`gazette::Record`], the structure the
//! command line serializes, turned into Python dicts key for key by the
//! rules of its serde attributes (keys without a value left out), so a
//! record here equals the CLI's line parsed with `json.loads`.
//!
//! The Rust work runs with the GIL released; `extract_many` spreads it
//! over worker threads while the calling thread turns finished records
//! into dicts, in order.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyList, PyString, PyTuple};
use pyo3::{create_exception, intern};

use gazette::article::DateSource;
use gazette::date::Date;
use gazette::entity::EntityType;
use gazette::error::ErrorKind;
use gazette::gazetteer::user::{Exclusions, UserGazetteer};
use gazette::input::{InputOptions, Item, JsonlArticles};
use gazette::output::{Encoder, Format, Record};
use gazette::patterns::date::DateOrder;
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

/// The Python values that recur from record to record, made once per call:
/// short strings (entity ids, types, country codes, titles, dates) and the
/// numbers of a gazetteer place. Making a Python object costs more than
/// finding it here, and the records hold only immutable values, so
/// sharing them is safe.
struct Values<'py> {
    py: Python<'py>,
    /// Values kept at most (0: a one-off record, nothing worth keeping).
    cap: usize,
    strings: HashMap<Box<str>, Bound<'py, PyString>, BuildHasherDefault<Fx>>,
    places: HashMap<u64, PlaceValues<'py>, BuildHasherDefault<Fx>>,
}

/// A place's numbers as Python objects, keyed by GeoNames id.
struct PlaceValues<'py> {
    geonames_id: Bound<'py, PyAny>,
    lat: Option<(f64, Bound<'py, PyAny>)>,
    lon: Option<(f64, Bound<'py, PyAny>)>,
    population: Option<(u64, Bound<'py, PyAny>)>,
}

/// Values kept at most: a call over a whole archive must not grow the
/// cache without bound.
const MAX_VALUES: usize = 1 << 16;

impl<'py> Values<'py> {
    fn new(py: Python<'py>, cap: usize) -> Values<'py> {
        Values { py, cap, strings: HashMap::default(), places: HashMap::default() }
    }

    fn str(&mut self, s: &str) -> Bound<'py, PyString> {
        if let Some(v) = self.strings.get(s) {
            return v.clone();
        }
        let v = PyString::new(self.py, s);
        if self.strings.len() < self.cap {
            self.strings.insert(s.into(), v.clone());
        }
        v
    }

    /// The place's values, when the entity's numbers are the cached ones.
    fn place(&mut self, e: &gazette::output::Entity) -> PyResult<Option<&PlaceValues<'py>>> {
        let Some(id) = e.geonames_id else { return Ok(None) };
        let py = self.py;
        let fresh = |e: &gazette::output::Entity| -> PyResult<PlaceValues<'py>> {
            Ok(PlaceValues {
                geonames_id: id.into_pyobject(py)?.into_any(),
                lat: e.lat.map(|v| (v, PyFloat::new(py, v).into_any())),
                lon: e.lon.map(|v| (v, PyFloat::new(py, v).into_any())),
                population: match e.population {
                    Some(v) => Some((v, v.into_pyobject(py)?.into_any())),
                    None => None,
                },
            })
        };
        let same = |p: &PlaceValues<'py>| {
            p.lat.as_ref().map(|x| x.0.to_bits()) == e.lat.map(f64::to_bits)
                && p.lon.as_ref().map(|x| x.0.to_bits()) == e.lon.map(f64::to_bits)
                && p.population.as_ref().map(|x| x.0) == e.population
        };
        if !self.places.get(&id).is_some_and(same) {
            if self.places.len() >= self.cap && !self.places.contains_key(&id) {
                return Ok(None);
            }
            self.places.insert(id, fresh(e)?);
        }
        Ok(self.places.get(&id))
    }
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
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A record as a dict: the keys and values of its JSON, keys without a
/// value left out exactly as the serde attributes of [`Record`] say.
fn record_dict<'py>(py: Python<'py>, r: &Record, values: &mut Values<'py>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "id"), &r.id)?;
    if let Some(p) = &r.published {
        d.set_item(intern!(py, "published"), values.str(p))?;
    }
    if let Some(s) = &r.published_source {
        d.set_item(intern!(py, "published_source"), values.str(s))?;
    }
    if r.lossy {
        d.set_item(intern!(py, "lossy"), true)?;
    }
    let entities = PyList::empty(py);
    for e in &r.entities {
        let ed = PyDict::new(py);
        ed.set_item(intern!(py, "id"), values.str(&e.id))?;
        ed.set_item(intern!(py, "type"), values.str(&e.ty))?;
        ed.set_item(intern!(py, "name"), values.str(&e.name))?;
        macro_rules! short {
            ($field:ident) => {
                if let Some(v) = &e.$field {
                    ed.set_item(intern!(py, stringify!($field)), values.str(v))?;
                }
            };
        }
        short!(country);
        short!(feature);
        let admin1 = e.admin1.as_deref().map(|a| values.str(a));
        match values.place(e)? {
            Some(p) => {
                ed.set_item(intern!(py, "geonames_id"), &p.geonames_id)?;
                if let Some(a) = &admin1 {
                    ed.set_item(intern!(py, "admin1"), a)?;
                }
                if let Some((_, v)) = &p.lat {
                    ed.set_item(intern!(py, "lat"), v)?;
                }
                if let Some((_, v)) = &p.lon {
                    ed.set_item(intern!(py, "lon"), v)?;
                }
                if let Some((_, v)) = &p.population {
                    ed.set_item(intern!(py, "population"), v)?;
                }
            }
            None => {
                if let Some(v) = e.geonames_id {
                    ed.set_item(intern!(py, "geonames_id"), v)?;
                }
                if let Some(a) = &admin1 {
                    ed.set_item(intern!(py, "admin1"), a)?;
                }
                if let Some(v) = e.lat {
                    ed.set_item(intern!(py, "lat"), v)?;
                }
                if let Some(v) = e.lon {
                    ed.set_item(intern!(py, "lon"), v)?;
                }
                if let Some(v) = e.population {
                    ed.set_item(intern!(py, "population"), v)?;
                }
            }
        }
        short!(iso);
        short!(kind);
        short!(value);
        if e.ambiguous {
            ed.set_item(intern!(py, "ambiguous"), true)?;
        }
        short!(title);
        short!(person);
        short!(organization);
        short!(person_name);
        short!(organization_name);
        if !e.roles.is_empty() {
            let roles = PyList::empty(py);
            for r in &e.roles {
                let rd = PyDict::new(py);
                rd.set_item(intern!(py, "title"), values.str(&r.title))?;
                if let Some(o) = &r.organization {
                    rd.set_item(intern!(py, "organization"), values.str(o))?;
                }
                if let Some(o) = &r.organization_name {
                    rd.set_item(intern!(py, "organization_name"), values.str(o))?;
                }
                roles.append(rd)?;
            }
            ed.set_item(intern!(py, "roles"), roles)?;
        }
        if let Some(v) = &e.reference {
            ed.set_item(intern!(py, "ref"), values.str(v))?;
        }
        if !e.attributes.is_empty() {
            ed.set_item(intern!(py, "attributes"), &e.attributes)?;
        }
        let mentions = PyList::empty(py);
        for m in &e.mentions {
            let md = PyDict::new(py);
            md.set_item(intern!(py, "start"), m.start)?;
            md.set_item(intern!(py, "end"), m.end)?;
            md.set_item(intern!(py, "text"), values.str(&m.text))?;
            mentions.append(md)?;
        }
        ed.set_item(intern!(py, "mentions"), mentions)?;
        entities.append(ed)?;
    }
    d.set_item(intern!(py, "entities"), entities)?;
    if !r.focus.is_empty() {
        let focus = PyList::empty(py);
        for f in &r.focus {
            let fd = PyDict::new(py);
            fd.set_item(intern!(py, "type"), values.str(&f.ty))?;
            fd.set_item(intern!(py, "name"), values.str(&f.name))?;
            fd.set_item(intern!(py, "country"), values.str(&f.country))?;
            if let Some(a) = &f.admin1 {
                fd.set_item(intern!(py, "admin1"), values.str(a))?;
            }
            if let Some(g) = f.geonames_id {
                fd.set_item(intern!(py, "geonames_id"), g)?;
            }
            fd.set_item(intern!(py, "score"), f.score)?;
            focus.append(fd)?;
        }
        d.set_item(intern!(py, "focus"), focus)?;
    }
    Ok(d)
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
    /// becomes the record's `id` (default `""`).
    #[pyo3(signature = (text, date=None, id=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        date: Option<&Bound<'py, PyAny>>,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let date = parse_date(date)?;
        let id = match id.filter(|i| !i.is_none()) {
            Some(i) => parse_id(i)?,
            None => String::new(),
        };
        let article = Extractor::article(id, text.to_cow()?.into_owned(), date);
        let inner = &self.inner;
        let record = py.detach(|| inner.extract(&article));
        record_dict(py, &record, &mut Values::new(py, 0))
    }

    /// The records of many articles, in order, extracted on `threads`
    /// threads (default: all cores) with the GIL released.
    ///
    /// `dates` and `ids`, if given, have one item per text (items may be
    /// `None`); ids default to the text's position (`"0"`, `"1"`, ...).
    #[pyo3(signature = (texts, dates=None, ids=None, threads=None))]
    fn extract_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        dates: Option<&Bound<'py, PyAny>>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let threads = match threads {
            Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        if texts.is_instance_of::<PyString>() {
            return Err(PyValueError::new_err("texts must be a sequence of strings, not one string"));
        }
        let _gc = GcPause::new(py)?;
        let mut values = Values::new(py, MAX_VALUES);
        let mut articles = Vec::new();
        for (i, t) in texts.try_iter()?.enumerate() {
            let t = t?;
            let s = t.cast::<PyString>().map_err(|_| {
                PyValueError::new_err(format!(
                    "texts[{i}] is not a string: {}",
                    t.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
                ))
            })?;
            articles.push(Article::new(i.to_string(), s.to_cow()?.into_owned()));
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
        let out = PyList::empty(py);
        let inner = &*self.inner;
        if threads <= 1 || n <= 1 {
            // One thread: extract a chunk with the GIL released, then make
            // its dicts.
            let mut start = 0;
            while start < n {
                let end = chunk_end(&articles, start);
                let records: Vec<Record> =
                    py.detach(|| articles[start..end].iter().map(|a| inner.extract(a)).collect());
                for r in &records {
                    out.append(record_dict(py, r, &mut values)?)?;
                }
                start = end;
            }
            return Ok(out);
        }
        // `threads - 1` workers and this thread take chunks in turn. This
        // thread alone makes dicts (it needs the GIL): it makes those of
        // the next chunk in order as soon as it is done, and extracts a
        // chunk itself, the GIL released, while none is.
        let bounds = {
            let mut b = Vec::new();
            let mut start = 0;
            while start < n {
                let end = chunk_end(&articles, start);
                b.push((start, end));
                start = end;
            }
            b
        };
        let next = AtomicUsize::new(0);
        let (tx, rx) = mpsc::channel::<(usize, Vec<Record>)>();
        let articles = &articles;
        let bounds = &bounds;
        let next = &next;
        let take = move || -> Option<(usize, Vec<Record>)> {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let &(s, e) = bounds.get(k)?;
            Some((k, articles[s..e].iter().map(|a| inner.extract(a)).collect()))
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
            let mut pending: BTreeMap<usize, Vec<Record>> = BTreeMap::new();
            let mut want = 0;
            let mut rx = rx;
            while want < bounds.len() {
                while let Ok((k, records)) = rx.try_recv() {
                    pending.insert(k, records);
                }
                let Some(records) = pending.remove(&want) else {
                    // Nothing to make dicts of: extract a chunk, or wait.
                    if let Some((k, records)) = py.detach(take) {
                        pending.insert(k, records);
                        continue;
                    }
                    // The receiver is not `Sync`: it goes into the
                    // GIL-free section and comes back.
                    let (back, got) = py.detach(move || {
                        let got = rx.recv();
                        (rx, got)
                    });
                    rx = back;
                    match got {
                        Ok((k, records)) => {
                            pending.insert(k, records);
                        }
                        // Every worker is gone with chunks missing: one
                        // panicked (the scope raises it).
                        Err(_) if !pending.contains_key(&want) => break,
                        Err(_) => {}
                    }
                    continue;
                };
                for r in &records {
                    if let Err(e) = record_dict(py, r, &mut values).and_then(|d| out.append(d)) {
                        // Stop the workers: no more chunks to take.
                        next.store(usize::MAX / 2, Ordering::Relaxed);
                        return Err(e);
                    }
                }
                want += 1;
            }
            Ok(())
        });
        result?;
        Ok(out)
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

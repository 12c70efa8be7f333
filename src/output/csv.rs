//! CSV output: one row per mention.
//!
//! Columns: `article_id, entity_id, type, name, text, start, end, value,
//! country, geonames_id, feature, admin1, lat, lon, population, iso, kind,
//! title, person, organization, person_name, organization_name, ref,
//! attributes, published` (the record's reference date).
//! Offsets are code points as in JSON. `attributes` is the JSON object of a
//! user gazetteer entry's extra columns, compact (`{"beat":"events"}`), and
//! empty when there are none. Fields are quoted as RFC 4180 requires (the
//! `csv` crate), so texts with commas, quotes or newlines load in any CSV
//! reader.

use std::io::Write;

use super::{Record, RecordWriter};

/// The header row.
pub const HEADER: [&str; 25] = [
    "article_id",
    "entity_id",
    "type",
    "name",
    "text",
    "start",
    "end",
    "value",
    "country",
    "geonames_id",
    "feature",
    "admin1",
    "lat",
    "lon",
    "population",
    "iso",
    "kind",
    "title",
    "person",
    "organization",
    "person_name",
    "organization_name",
    "ref",
    "attributes",
    "published",
];

/// Writes records as CSV rows, after one header row.
pub struct CsvWriter<W: Write> {
    out: W,
    header: bool,
    buf: Vec<u8>,
}

impl<W: Write> CsvWriter<W> {
    /// A CSV writer over `out`.
    pub fn new(out: W) -> CsvWriter<W> {
        CsvWriter { out, header: false, buf: Vec::with_capacity(8192) }
    }

    fn header(&mut self) -> std::io::Result<()> {
        if !self.header {
            let mut w = csv::Writer::from_writer(&mut self.out);
            w.write_record(HEADER)?;
            w.flush()?;
            self.header = true;
        }
        Ok(())
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

/// The rows of one record, without the header (see `output::Encoder`).
pub(crate) fn encode_rows(r: &Record, out: &mut Vec<u8>) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().buffer_capacity(1024).from_writer(out);
    rows(&mut w, r)?;
    w.flush()
}

impl<W: Write> RecordWriter for CsvWriter<W> {
    fn write(&mut self, r: &Record) -> std::io::Result<()> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let written = encode_rows(r, &mut buf).and_then(|()| self.write_encoded(&buf));
        self.buf = buf;
        written
    }

    fn write_encoded(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.header()?;
        self.out.write_all(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}

/// Write the rows of one record (one per mention).
fn rows<W: Write>(out: &mut csv::Writer<W>, r: &Record) -> std::io::Result<()> {
    for e in &r.entities {
        let attributes = if e.attributes.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&e.attributes).map_err(std::io::Error::other)?
        };
        for m in &e.mentions {
            out.write_record([
                r.id.as_str(),
                &e.id,
                &e.ty,
                &e.name,
                &m.text,
                &m.start.to_string(),
                &m.end.to_string(),
                &opt(&e.value),
                &opt(&e.country),
                &opt(&e.geonames_id),
                &opt(&e.feature),
                &opt(&e.admin1),
                &opt(&e.lat),
                &opt(&e.lon),
                &opt(&e.population),
                &opt(&e.iso),
                &opt(&e.kind),
                &opt(&e.title),
                &opt(&e.person),
                &opt(&e.organization),
                &opt(&e.person_name),
                &opt(&e.organization_name),
                &opt(&e.reference),
                &attributes,
                &opt(&r.published),
            ])?;
        }
    }
    Ok(())
}

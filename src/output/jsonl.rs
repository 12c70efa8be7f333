//! JSON Lines (and JSON array) output.

use std::io::Write;

use super::{Encoder, Format, Record, RecordWriter};

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

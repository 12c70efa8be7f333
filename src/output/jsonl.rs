//! JSON Lines (and JSON array) output.

use std::io::Write;

use super::{Record, RecordWriter};

/// Writes records as JSON Lines, or as one JSON array.
pub struct JsonlWriter<W: Write> {
    out: W,
    array: bool,
    count: usize,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer of JSON Lines (`array == false`) or of a JSON array.
    pub fn new(out: W, array: bool) -> JsonlWriter<W> {
        JsonlWriter { out, array, count: 0 }
    }
}

impl<W: Write> RecordWriter for JsonlWriter<W> {
    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        if self.array {
            self.out.write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        }
        serde_json::to_writer(&mut self.out, record)?;
        if !self.array {
            self.out.write_all(b"\n")?;
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

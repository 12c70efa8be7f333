//! Transparent decompression, detected by magic bytes (not by extension),
//! so that `cat archive.jsonl.gz | gazette` works too.

use std::io::{self, BufRead, BufReader, Read};

/// Wrap `inner` so that gzip data (all concatenated members) is decompressed.
pub fn decompress<'a>(inner: Box<dyn Read + Send + 'a>) -> io::Result<Box<dyn BufRead + Send + 'a>> {
    let mut r = BufReader::with_capacity(1 << 16, inner);
    let head = r.fill_buf()?;
    if head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b {
        Ok(Box::new(BufReader::with_capacity(1 << 16, flate2::bufread::MultiGzDecoder::new(r))))
    } else {
        Ok(Box::new(r))
    }
}

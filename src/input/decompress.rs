//! Transparent decompression, detected by magic bytes (not by extension),
//! so that `cat archive.jsonl.gz | gazette` works too.
//!
//! - gzip (`1f 8b`): every concatenated member is decoded
//!   ([`flate2::bufread::MultiGzDecoder`]; `GzDecoder` would stop after the
//!   first, which is what `cat a.gz b.gz` and many archivers produce).
//! - zstd (`28 b5 2f fd`, feature `zstd`): every concatenated frame is decoded.
//!   Without the feature such input is reported as an error instead of being
//!   read as text.
//!
//! Both decoders stream: memory is their window plus the 64 KiB buffers.

use std::io::{self, BufRead, BufReader, Read};

/// Buffer size of the readers.
const BUF: usize = 1 << 16;

/// The zstd frame magic number, little-endian `0xFD2FB528`.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// Wrap `inner` so that gzip (all concatenated members) and, with the `zstd`
/// feature, zstd data are decompressed.
pub fn decompress<'a>(inner: Box<dyn Read + Send + 'a>) -> io::Result<Box<dyn BufRead + Send + 'a>> {
    let mut r = BufReader::with_capacity(BUF, inner);
    let head = r.fill_buf()?;
    if head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b {
        return Ok(Box::new(BufReader::with_capacity(BUF, flate2::bufread::MultiGzDecoder::new(r))));
    }
    if head.starts_with(&ZSTD_MAGIC) {
        return zstd_reader(r);
    }
    Ok(Box::new(r))
}

#[cfg(feature = "zstd")]
fn zstd_reader<'a>(r: BufReader<Box<dyn Read + Send + 'a>>) -> io::Result<Box<dyn BufRead + Send + 'a>> {
    // `Decoder` reads frame after frame until the end of the input.
    let d = zstd::stream::read::Decoder::with_buffer(r)?;
    Ok(Box::new(BufReader::with_capacity(BUF, d)))
}

#[cfg(not(feature = "zstd"))]
fn zstd_reader<'a>(_: BufReader<Box<dyn Read + Send + 'a>>) -> io::Result<Box<dyn BufRead + Send + 'a>> {
    Err(io::Error::other("zstd input, but this gazette was built without the `zstd` feature"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: Vec<u8>) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        decompress(Box::new(io::Cursor::new(bytes)))?.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn plain_passes_through() {
        assert_eq!(read_all(b"hello\n".to_vec()).unwrap(), b"hello\n");
        assert_eq!(read_all(Vec::new()).unwrap(), b"");
    }

    #[test]
    fn gzip_members_are_concatenated() {
        use std::io::Write;
        let mut bytes = Vec::new();
        for part in [&b"one\n"[..], b"two\n"] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part).unwrap();
            bytes.extend(e.finish().unwrap());
        }
        assert_eq!(read_all(bytes).unwrap(), b"one\ntwo\n");
    }

    #[cfg(feature = "zstd")]
    #[test]
    fn zstd_frames_are_concatenated() {
        let mut bytes = zstd::encode_all(&b"one\n"[..], 3).unwrap();
        bytes.extend(zstd::encode_all(&b"two\n"[..], 3).unwrap());
        assert_eq!(read_all(bytes).unwrap(), b"one\ntwo\n");
    }

    #[cfg(not(feature = "zstd"))]
    #[test]
    fn zstd_without_feature_is_an_error() {
        assert!(read_all(vec![0x28, 0xb5, 0x2f, 0xfd, 0, 0]).is_err());
    }
}

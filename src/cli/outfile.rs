//! `-o FILE`: never one of the inputs, and never half written.
//!
//! The output is written to a temporary file next to FILE and renamed over
//! it at the end, so an interrupted or failed run leaves the old FILE (or
//! none) in place, never a truncated one. FILE must not be one of the
//! inputs (same device and inode, so links and `./a.txt` count): writing
//! it would destroy the input before it is read.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use gazette::input::Source;

/// The output file of a run: written under a temporary name, renamed by
/// [`OutFile::commit`]; removed on drop if not committed.
pub struct OutFile {
    /// Where the output goes in the end.
    dest: PathBuf,
    /// The temporary file written meanwhile, if FILE is (or will be) a
    /// regular file; `None` for a device or FIFO, written directly.
    tmp: Option<PathBuf>,
}

/// Device and inode of a file, where the platform has them.
#[cfg(unix)]
fn identity(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The metadata of standard input, when it is a file.
#[cfg(unix)]
fn stdin_metadata() -> Option<std::fs::Metadata> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
}

#[cfg(not(unix))]
fn stdin_metadata() -> Option<std::fs::Metadata> {
    None
}

/// True if standard input is a regular file (not a pipe, a terminal...).
pub fn stdin_is_file() -> bool {
    stdin_metadata().is_some_and(|m| m.is_file())
}

/// True if standard output is a regular file.
#[cfg(unix)]
pub fn stdout_is_file() -> bool {
    use std::os::fd::AsFd;
    let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() else { return false };
    File::from(fd).metadata().is_ok_and(|m| m.is_file())
}

#[cfg(not(unix))]
pub fn stdout_is_file() -> bool {
    false
}

impl OutFile {
    /// True if the output goes to a regular file.
    pub fn is_file(&self) -> bool {
        self.tmp.is_some()
    }

    /// Check `dest` against `sources` and open the file to write; the
    /// error names the file.
    pub fn create(dest: &Path, sources: &[Source]) -> anyhow::Result<(OutFile, File)> {
        // Through a symbolic link to the file it names (renaming over the
        // link would replace the link).
        let resolved;
        let dest = match std::fs::symlink_metadata(dest) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(dest) {
                Ok(p) => {
                    resolved = p;
                    resolved.as_path()
                }
                Err(_) => dest,
            },
            _ => dest,
        };
        let existing = std::fs::metadata(dest).ok();
        if let Some(out) = existing.as_ref().and_then(identity) {
            for s in sources {
                let m = match s {
                    Source::Path(p) => std::fs::metadata(p).ok(),
                    Source::Stdin => stdin_metadata(),
                };
                if m.as_ref().and_then(identity) == Some(out) {
                    bail!(
                        "{}: the output file is also an input ({}); write the output elsewhere",
                        dest.display(),
                        s.name()
                    );
                }
            }
        }
        if existing.as_ref().is_some_and(|m| !m.is_file()) {
            // /dev/null, a FIFO, a terminal: write in place.
            let f = File::create(dest).with_context(|| format!("creating {}", dest.display()))?;
            return Ok((OutFile { dest: dest.to_owned(), tmp: None }, f));
        }
        let name = dest.file_name().with_context(|| format!("{}: not a file name", dest.display()))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".gazette-{}.tmp", std::process::id()));
        let tmp = dest.with_file_name(tmp_name);
        let f = File::create(&tmp).with_context(|| format!("creating {}", dest.display()))?;
        if let Some(m) = &existing {
            // Keep the old file's permissions.
            let _ = f.set_permissions(m.permissions());
        }
        Ok((OutFile { dest: dest.to_owned(), tmp: Some(tmp) }, f))
    }

    /// Put the finished output in place.
    pub fn commit(mut self) -> anyhow::Result<()> {
        if let Some(tmp) = self.tmp.take() {
            if let Err(e) = std::fs::rename(&tmp, &self.dest) {
                let _ = std::fs::remove_file(&tmp);
                return Err(e).with_context(|| format!("writing {}", self.dest.display()));
            }
        }
        Ok(())
    }
}

impl Drop for OutFile {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

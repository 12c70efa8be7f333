//! Paths and directories → a deterministic list of sources.

use std::path::{Path, PathBuf};

/// Where articles come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-`, or no path at all).
    Stdin,
    /// A file.
    Path(PathBuf),
}

impl Source {
    /// The name used in ids and messages (`<stdin>` for standard input).
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::Path(p) => p.display().to_string(),
        }
    }
}

/// File name endings read when recursing into a directory.
const EXTENSIONS: &[&str] = &["txt", "text", "jsonl", "ndjson", "json", "csv"];

/// True if a file found inside a directory should be read.
fn wanted(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    let name = name.strip_suffix(".zst").unwrap_or(name);
    name.rsplit_once('.').is_some_and(|(_, ext)| EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Expand `paths` into sources: files as given, directories recursed in
/// sorted order (hidden entries skipped, files filtered by extension), `-`
/// as standard input. Paths that cannot be read are returned as errors
/// `(path, message)`, in order, without stopping the walk.
///
/// Inside a directory only regular files are read (a FIFO or a device
/// there would block or never end); symbolic links are followed, but a
/// directory already walked (a link to a parent, or two links to one
/// folder) is walked once, so each file is read once.
pub fn expand(paths: &[PathBuf]) -> (Vec<Source>, Vec<(String, String)>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    let mut seen = Seen::default();
    for p in paths {
        if p.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk_dir(p, &m, &mut seen, &mut sources, &mut errors),
            Ok(_) => sources.push(Source::Path(p.clone())),
            Err(e) => errors.push((p.display().to_string(), super::io_message(&e))),
        }
    }
    (sources, errors)
}

/// Directories walked so far, by device and inode (by canonical path
/// where the platform has no inodes).
#[derive(Default)]
struct Seen {
    #[cfg(unix)]
    inodes: std::collections::HashSet<(u64, u64)>,
    #[cfg(not(unix))]
    paths: std::collections::HashSet<PathBuf>,
}

impl Seen {
    /// True the first time `dir` (with metadata `m`) is seen.
    #[cfg(unix)]
    fn first(&mut self, _dir: &Path, m: &std::fs::Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        self.inodes.insert((m.dev(), m.ino()))
    }

    #[cfg(not(unix))]
    fn first(&mut self, dir: &Path, _m: &std::fs::Metadata) -> bool {
        self.paths.insert(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned()))
    }
}

fn walk_dir(
    dir: &Path,
    meta: &std::fs::Metadata,
    seen: &mut Seen,
    sources: &mut Vec<Source>,
    errors: &mut Vec<(String, String)>,
) {
    if !seen.first(dir, meta) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return errors.push((dir.display().to_string(), super::io_message(&e))),
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => {
                if !e.file_name().to_string_lossy().starts_with('.') {
                    paths.push(e.path());
                }
            }
            Err(e) => errors.push((dir.display().to_string(), super::io_message(&e))),
        }
    }
    paths.sort();
    for p in paths {
        // Follows links; a dangling link is reported.
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk_dir(&p, &m, seen, sources, errors),
            Ok(m) if m.is_file() && wanted(&p) => sources.push(Source::Path(p)),
            Ok(_) => {}
            Err(e) if wanted(&p) => errors.push((p.display().to_string(), super::io_message(&e))),
            Err(_) => {}
        }
    }
}

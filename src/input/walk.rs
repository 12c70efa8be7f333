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
pub fn expand(paths: &[PathBuf]) -> (Vec<Source>, Vec<(String, String)>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk_dir(p, &mut sources, &mut errors),
            Ok(_) => sources.push(Source::Path(p.clone())),
            Err(e) => errors.push((p.display().to_string(), e.to_string().to_lowercase())),
        }
    }
    (sources, errors)
}

fn walk_dir(dir: &Path, sources: &mut Vec<Source>, errors: &mut Vec<(String, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return errors.push((dir.display().to_string(), e.to_string().to_lowercase())),
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => {
                if !e.file_name().to_string_lossy().starts_with('.') {
                    paths.push(e.path());
                }
            }
            Err(e) => errors.push((dir.display().to_string(), e.to_string().to_lowercase())),
        }
    }
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk_dir(&p, sources, errors);
        } else if wanted(&p) {
            sources.push(Source::Path(p));
        }
    }
}

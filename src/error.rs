//! The library's error type.
//!
//! Messages are lowercase and name the offending value and, where there is
//! one, the file and line: `gazetteer cities.tsv:812: expected 9
//! tab-separated columns, found 3`.

use std::fmt;

/// An error from loading gazetteers or reading input.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A gazetteer file is malformed.
    Gazetteer {
        /// The file's name or path.
        file: String,
        /// 1-based line number, 0 if the error concerns the whole file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An I/O error, with the path it concerns.
    Io {
        /// The path being read.
        path: String,
        /// The underlying error.
        err: std::io::Error,
    },
    /// Anything else, described.
    Other(String),
}

impl Error {
    /// A gazetteer format error at `file:line`.
    pub fn gazetteer(file: impl Into<String>, line: usize, message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Gazetteer { file: file.into(), line, message: message.into() } }
    }

    /// An I/O error while reading `path`.
    pub fn io(path: impl Into<String>, err: std::io::Error) -> Error {
        Error { kind: ErrorKind::Io { path: path.into(), err } }
    }

    /// A free-form error.
    pub fn other(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Other(message.into()) }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Gazetteer { file, line: 0, message } => write!(f, "gazetteer {file}: {message}"),
            ErrorKind::Gazetteer { file, line, message } => write!(f, "gazetteer {file}:{line}: {message}"),
            ErrorKind::Io { path, err } => write!(f, "{path}: {err}"),
            ErrorKind::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { err, .. } => Some(err),
            _ => None,
        }
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

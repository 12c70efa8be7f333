//! Diagnostics on stderr: `gazette: PATH[:LINE]: message`, one line each,
//! with control characters escaped; errors are counted for the exit status.

use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Messages {
    quiet: bool,
    errors: AtomicUsize,
    warnings: AtomicUsize,
}

fn sanitize(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect()
}

impl Messages {
    pub fn new(quiet: bool) -> Messages {
        Messages { quiet, errors: AtomicUsize::new(0), warnings: AtomicUsize::new(0) }
    }

    /// Report a skipped input; it makes the exit status 1.
    pub fn error(&self, location: &str, message: &str) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        if !self.quiet {
            eprintln!("gazette: {}: {}", sanitize(location), sanitize(message));
        }
    }

    /// Report a problem that skipped nothing.
    pub fn warn(&self, location: &str, message: &str) {
        self.warnings.fetch_add(1, Ordering::Relaxed);
        if !self.quiet {
            eprintln!("gazette: {}: warning: {}", sanitize(location), sanitize(message));
        }
    }

    /// Report a problem of the whole run, not of one input.
    pub fn warn_run(&self, message: &str) {
        self.warnings.fetch_add(1, Ordering::Relaxed);
        if !self.quiet {
            eprintln!("gazette: warning: {}", sanitize(message));
        }
    }

    pub fn errors(&self) -> usize {
        self.errors.load(Ordering::Relaxed)
    }

    pub fn warnings(&self) -> usize {
        self.warnings.load(Ordering::Relaxed)
    }
}

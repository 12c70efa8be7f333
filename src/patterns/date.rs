//! Date expressions (placeholder: ISO dates only; the full finder is being
//! merged from the `dates` branch).

use crate::date::Date;

/// A date expression: byte span and TIMEX3 value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Normalized TIMEX3 value.
    pub value: Option<String>,
    /// Day/month order was guessed.
    pub ambiguous: bool,
}

/// Finds date expressions.
#[derive(Default)]
pub struct DateFinder {}

impl DateFinder {
    /// A finder.
    pub fn new() -> DateFinder {
        DateFinder {}
    }

    /// All ISO dates in `text`.
    pub fn find(&self, text: &str, _anchor: Option<Date>) -> Vec<DateMention> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i + 10 <= b.len() {
            if (i == 0 || !b[i - 1].is_ascii_alphanumeric()) && (i + 10 == b.len() || !b[i + 10].is_ascii_alphanumeric()) {
                if let Some(d) = text.get(i..i + 10).and_then(Date::parse_iso) {
                    out.push(DateMention { start: i, end: i + 10, value: Some(d.to_string()), ambiguous: false });
                    i += 10;
                    continue;
                }
            }
            i += 1;
        }
        out
    }
}

/// A dateline date near the top of the article.
pub fn find_dateline(text: &str) -> Option<(Date, std::ops::Range<usize>)> {
    let head = &text[..text.len().min(300)];
    let f = DateFinder::new();
    let end = head.len();
    f.find(&text[..end.min(text.len())], None)
        .into_iter()
        .find_map(|m| Date::parse_iso(&text[m.start..m.end]).map(|d| (d, m.start..m.end)))
}

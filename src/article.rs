//! The unit that flows through the pipeline: one news article.

use crate::date::Date;

/// Where an article's reference (publication) date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateSource {
    /// The input record's date field (`--date-field`).
    Field,
    /// The `--date` flag.
    Flag,
    /// A dateline found near the top of the article text.
    Dateline,
}

impl DateSource {
    /// The name used in output records.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Field => "field",
            DateSource::Flag => "flag",
            DateSource::Dateline => "dateline",
        }
    }
}

/// One article: an id, its text and, when known, its publication date.
#[derive(Clone, Debug, Default)]
pub struct Article {
    /// The record's id, or the path (plus `:LINE` for JSONL/CSV records).
    pub id: String,
    /// The article text, headline included.
    pub text: String,
    /// The publication date given with the article (record field or flag).
    pub published: Option<(Date, DateSource)>,
    /// True if invalid UTF-8 was replaced while decoding this article.
    pub lossy: bool,
}

impl Article {
    /// An article with no known publication date.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article { id: id.into(), text: text.into(), published: None, lossy: false }
    }

    /// The same article with a publication date.
    pub fn with_date(mut self, date: Date, source: DateSource) -> Article {
        self.published = Some((date, source));
        self
    }
}

//! gazette: entity extraction for English news.
//!
//! # Overview
//!
//! gazette finds the **cities** (and countries and regions), **organizations**,
//! **people**, **dates** and **roles** in news articles and writes one
//! structured record per article. The library is the product; the `gazette`
//! binary is a thin CLI over it.
//!
//! The pipeline, one module per stage, plain data in and out:
//!
//! ```text
//! input ─► tokenize ─► gazetteer + patterns (names, dates, roles) ─► resolve ─► output
//! (Article)  (Token)          (Candidate)                         (Resolved)  (Record)
//! ```
//!
//! See [`pipeline`] for the whole flow on one page.
//!
//! # Example: extract entities from one article
//!
//! ```
//! use gazette::{Article, Extractor};
//!
//! let extractor = Extractor::default();
//! let article = Article::new("a1", "Ms. Ana Ferreira flew from Lisbon to Paris on 2023-03-14.");
//! let record = extractor.extract(&article);
//! let cities: Vec<&str> = record.entities.iter()
//!     .filter(|e| e.ty == "city")
//!     .map(|e| e.name.as_str())
//!     .collect();
//! assert_eq!(cities, ["Lisbon", "Paris"]);
//! ```

#![deny(missing_docs)]
// Unsafe code lives in `alloc` alone.
#![deny(unsafe_code)]
#![deny(rustdoc::broken_intra_doc_links)]
// Token-index loops (`for i in s..e`) read more plainly than iterator
// chains when neighbours (`i - 1`, `i + 1`) are consulted.
#![allow(clippy::needless_range_loop)]

pub mod alloc;
pub mod article;
pub mod date;
pub mod entity;
pub mod error;
pub mod gazetteer;
pub(crate) mod hash;
pub mod input;
pub mod output;
pub mod patterns;
pub mod pipeline;
pub mod resolve;
pub mod rules;
pub mod span;
pub(crate) mod swar;
pub mod tokenize;

// `gazetteer::compile` is also compiled into build.rs, where `fold` and
// `trie` sit at the crate root; these aliases let the same paths work in
// both places.
pub(crate) use gazetteer::{fold, trie};

pub use article::Article;
pub use error::{Error, Result};
pub use gazetteer::{Gazetteers, GAZETTEER_VERSION};
pub use output::Record;
pub use pipeline::{Extractor, Options};

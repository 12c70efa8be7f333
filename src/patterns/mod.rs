//! Stage 3b: patterns — dates, names and roles found by rules rather than lists.

pub mod date;
pub mod names;
pub mod role;
pub mod words;

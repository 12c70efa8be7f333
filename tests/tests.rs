//! The one integration-test binary: every topic is a module.

mod cli;
mod gazetteers;
mod input;
mod output;
mod roles;
mod util;

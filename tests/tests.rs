//! The one integration-test binary: every topic is a module.

mod cli;
mod extract;
mod gazetteers;
mod input;
mod output;
mod places;
mod roles;
mod user_gazetteers;
mod util;

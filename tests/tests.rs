//! The one integration-test binary: every topic is a module.

mod cases;
mod cli;
mod extract;
mod gazetteers;
mod input;
mod io;
mod output;
mod places;
mod roles;
mod scale;
mod user_gazetteers;
mod util;

//! The `gazette` command: parse flags, run, exit. All the work is in the
//! library (`gazette::Extractor`); see `cli/` for the glue.

mod cli;

/// The pipeline allocates many small, short-lived strings per article;
/// mimalloc serves them several times faster than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}

//! The `gazette` command: parse flags, run, exit. All the work is in the
//! library (`gazette::Extractor`); see `cli/` for the glue.

mod cli;

/// mimalloc, see [`gazette::alloc`].
#[global_allocator]
static ALLOC: gazette::alloc::Mi = gazette::alloc::Mi;

fn main() -> std::process::ExitCode {
    gazette::alloc::keep_freed_memory();
    cli::run()
}

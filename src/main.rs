//! The `gazette` command: parse flags, run, exit. All the work is in the
//! library (`gazette::Extractor`); see `cli/` for the glue.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}

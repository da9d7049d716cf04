//! The `candor` command: parse arguments, call the library, map errors to
//! exit codes (0 success, 1 a check failed, 2 an error), as grep does.

mod cli;

use std::process::ExitCode;

/// The engine is built of many small allocations, made once at start-up and
/// again per scanned file; mimalloc makes both about a quarter cheaper in
/// instructions than the system allocator (README, "Speed"). Cargo.toml
/// picks its version 2, which commits memory as it is used (README,
/// "Hostile input").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                // `candor score dir | head`: the reader left; so do we, quietly.
                return ExitCode::SUCCESS;
            }
            cli::report_error(&err);
            ExitCode::from(2)
        }
    }
}

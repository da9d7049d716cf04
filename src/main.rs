//! The `candor` command: parse arguments, call the library, map errors to
//! exit codes (0 success, 1 a check failed, 2 an error), as grep does.

mod cli;

use std::process::ExitCode;

/// The engine is built of many small allocations, made once at start-up and
/// again per scanned file; mimalloc makes both about a quarter cheaper in
/// instructions than the system allocator (README, "Speed"). Cargo.toml
/// picks its version 2, which commits memory as it is used, and no
/// transparent huge pages, which made a small run resident in 2 MB steps
/// (README, "Hostile input").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (`mi_option_t` 15 in its version 2).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory freed is given back to the system at once rather than 10 ms
/// later: a transcript's input and parse are freed before it is scored, and
/// were still resident at the peak (a 4 MB transcript: 5.0x its size in
/// memory, 3.1x with this). It cost no measurable time over 7,000 files.
#[allow(unsafe_code)]
fn return_freed_memory_at_once() {
    // SAFETY: `mi_option_set` stores into mimalloc's table of atomic
    // options; it may be called at any time, from any thread, and 15 is a
    // valid option whose value is milliseconds.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

fn main() -> ExitCode {
    return_freed_memory_at_once();
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

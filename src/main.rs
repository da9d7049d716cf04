//! The `candor` command: parse arguments, call the library, map errors to
//! exit codes (0 success, 1 a check failed, 2 an error), as grep does.

mod cli;

use std::process::ExitCode;

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

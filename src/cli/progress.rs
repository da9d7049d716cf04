//! A progress bar on stderr for long batches: files, bytes, rate, ETA.
//! Nothing at all when stderr is not a terminal or the batch is small.

use std::cell::Cell;
use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use candor::batch::Input;

/// Batches smaller than this many files get no bar.
const MIN_FILES: usize = 200;

pub struct Progress {
    bar: Option<ProgressBar>,
    files: usize,
    done: Cell<usize>,
}

impl Progress {
    pub fn start(inputs: &[Input]) -> Progress {
        let files = inputs.len();
        let mut progress = Progress {
            bar: None,
            files,
            done: Cell::new(0),
        };
        if files < MIN_FILES || !std::io::stderr().is_terminal() || super::ui().quiet {
            return progress;
        }
        let total: u64 = inputs
            .iter()
            .filter_map(|i| match i {
                Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
                Input::Stdin => None,
            })
            .sum();
        let bar = ProgressBar::new(total.max(1));
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} files  {bytes}/{total_bytes}  {bytes_per_sec}  ETA {eta}  {wide_bar}",
            )
            .expect("a valid template"),
        );
        bar.set_message(format!("0/{files}"));
        progress.bar = Some(bar);
        progress
    }

    pub fn advance(&self, bytes: u64) {
        self.done.set(self.done.get() + 1);
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            bar.set_message(format!("{}/{}", self.done.get(), self.files));
        }
    }

    /// Runs `f` with the bar out of the way (for a line on stderr).
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

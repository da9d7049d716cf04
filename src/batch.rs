//! Batch scoring: walk inputs, score them in parallel, hand results back in
//! input order.
//!
//! Folders are walked with the `ignore` crate, as ripgrep walks them: hidden
//! files and paths in `.gitignore`/`.ignore` files are skipped unless asked
//! not to; only transcript extensions are taken unless globs say otherwise;
//! symbolic links are not followed, so a link loop cannot hang the walk. Files
//! named directly are always taken. A walk never takes the run's own output
//! ([`WalkOptions::exclude`]) nor candor's temporary files. Inputs are sorted
//! by path.
//!
//! [`for_each_ordered`] scores a window of inputs at a time on a rayon pool
//! and hands each result to a sink in input order, so output is the same
//! bytes whatever the number of threads, streams as soon as a result's turn
//! comes, and memory stays flat however many files there are.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;
use rayon::prelude::*;

use crate::scan::Engine;
use crate::{ReadOptions, Report};

/// Extensions of transcript files taken from folders by default.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "vtt", "srt", "json"];

/// Files larger than this are refused by default, in bytes.
pub const DEFAULT_MAX_FILESIZE: u64 = 64 << 20;

/// One thing to score.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name reports use: the path, or `-`.
    pub fn source(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// The name error messages use: the path, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// How to walk folders.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// Globs (`*.txt`, `!drafts/**`) choosing files in folders, instead of
    /// the transcript extensions. By default, none.
    pub globs: Vec<String>,
    /// Take hidden files and ignored paths too. By default, false.
    pub no_ignore: bool,
    /// Files never taken from folders, however the walk reaches them: the
    /// run's own output. Compared by identity ([`FileId`]), not by name.
    pub exclude: Vec<PathBuf>,
}

/// Suffix of the temporary files `--output` writes before renaming them
/// into place; a walk never takes them.
pub const TEMP_SUFFIX: &str = ".candor-tmp";

/// Which file a path names, following symbolic links: the device and inode
/// on Unix, the canonical path elsewhere. Two paths with the same identity
/// are the same file however they are spelled (`x`, `./x`, a link to `x`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileId {
    #[cfg(unix)]
    dev: u64,
    #[cfg(unix)]
    ino: u64,
    #[cfg(not(unix))]
    path: PathBuf,
}

impl FileId {
    /// The identity of the file `path` names; an error if there is none.
    pub fn of(path: &Path) -> io::Result<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path)?;
            Ok(FileId {
                dev: meta.dev(),
                ino: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            Ok(FileId {
                path: std::fs::canonicalize(path)?,
            })
        }
    }

    /// The identity of a regular file; `None` for anything else or nothing.
    pub fn of_regular(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        if meta.is_file() {
            FileId::of(path).ok()
        } else {
            None
        }
    }
}

/// Whether a walked file is one of `excluded` (the run's output), or a
/// temporary file of candor's (`.NAME.XXXXXX.candor-tmp`, a report being
/// written by this run or another).
fn is_excluded(entry: &ignore::DirEntry, excluded: &[FileId]) -> bool {
    let name = entry.file_name().to_string_lossy();
    if name.starts_with('.') && name.ends_with(TEMP_SUFFIX) {
        return true;
    }
    if excluded.is_empty() {
        return false;
    }
    // The inode the directory listing gave saves a `stat` for every file
    // that cannot be the output.
    #[cfg(unix)]
    if let Some(ino) = entry.ino() {
        if !excluded.iter().any(|id| id.ino == ino) {
            return false;
        }
    }
    FileId::of(entry.path()).is_ok_and(|id| excluded.contains(&id))
}

/// A path that could not be walked, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Expands paths into sorted inputs; `-` is stdin. Problems met on the way
/// (an unreadable folder, a bad glob) are returned beside the inputs.
pub fn inputs(paths: &[PathBuf], options: &WalkOptions) -> (Vec<Input>, Vec<WalkError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let excluded: Vec<FileId> = options
        .exclude
        .iter()
        .filter_map(|p| FileId::of(p).ok())
        .collect();
    for path in paths {
        if path == Path::new("-") {
            out.push(Input::Stdin);
            continue;
        }
        if !path.is_dir() {
            // A file, or something missing: scoring it reports the problem.
            out.push(Input::File(path.clone()));
            continue;
        }
        let mut walk = WalkBuilder::new(path);
        walk.standard_filters(!options.no_ignore)
            .hidden(!options.no_ignore)
            .follow_links(false)
            .sort_by_file_path(|a, b| a.cmp(b));
        if !options.globs.is_empty() {
            let mut ob = OverrideBuilder::new(path);
            for g in &options.globs {
                if let Err(e) = ob.add(g) {
                    errors.push(WalkError {
                        path: g.clone(),
                        message: format!("bad glob: {e}"),
                    });
                }
            }
            match ob.build() {
                Ok(o) => {
                    walk.overrides(o);
                }
                Err(e) => errors.push(WalkError {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }),
            }
        }
        let mut found = Vec::new();
        for entry in walk.build() {
            match entry {
                Ok(e) => {
                    if !e.file_type().is_some_and(|t| t.is_file()) || is_excluded(&e, &excluded) {
                        continue;
                    }
                    let p = e.into_path();
                    if options.globs.is_empty() && !has_transcript_extension(&p) {
                        continue;
                    }
                    if is_expectation(&p) {
                        continue;
                    }
                    found.push(Input::File(p));
                }
                Err(e) => errors.push(WalkError {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }),
            }
        }
        found.sort();
        out.extend(found);
    }
    (out, errors)
}

fn has_transcript_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Corpus expectation files sit beside transcripts; they are not transcripts.
fn is_expectation(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".expect.toml"))
}

/// Reads an input, refusing more than `max` bytes.
pub fn read_input(input: &Input, max: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    match input {
        Input::Stdin => {
            io::stdin()
                .lock()
                .take(max.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read: {e}"))?;
        }
        Input::File(path) => {
            let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
            if meta.is_dir() {
                return Err("is a directory, not a transcript file".to_string());
            }
            if meta.len() > max {
                return Err(format!(
                    "{} bytes, larger than the limit of {max} (--max-filesize)",
                    meta.len()
                ));
            }
            let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
            // Room for it all and the byte that says the end has come:
            // reading never doubles the buffer.
            bytes.reserve_exact(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
            file.take(max.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read: {e}"))?;
        }
    }
    if bytes.len() as u64 > max {
        return Err(format!(
            "larger than the limit of {max} bytes (--max-filesize)"
        ));
    }
    // Stdin's buffer grew by doubling: give back what it does not use.
    if bytes.capacity() - bytes.len() > bytes.len() / 8 {
        bytes.shrink_to_fit();
    }
    Ok(bytes)
}

/// Reads and scores one input; the error is a one-line message (without the source).
pub fn score_input(
    engine: &Engine,
    input: &Input,
    read: &ReadOptions,
    max: u64,
) -> Result<(Report, u64), String> {
    let bytes = read_input(input, max)?;
    let len = bytes.len() as u64;
    let source = input.source();
    // The bytes become the text (without a copy when they can) and go once
    // parsed: a transcript in memory is about its own size.
    let transcript =
        crate::read_transcript_owned(bytes, &source, read).map_err(|e| e.to_string())?;
    Ok((engine.score_transcript(transcript, &source, read), len))
}

/// Inputs handed to the pool at a time, per thread.
const WINDOW_PER_THREAD: usize = 64;

/// Runs `work` over `items` on `pool` and gives each result to `sink` in
/// item order. `sink` runs on the calling thread; its error stops the run.
pub fn for_each_ordered<I, T, W, S>(
    pool: &rayon::ThreadPool,
    items: &[I],
    work: W,
    mut sink: S,
) -> io::Result<()>
where
    I: Sync,
    T: Send,
    W: Fn(&I) -> T + Sync,
    S: FnMut(T) -> io::Result<()>,
{
    let window = WINDOW_PER_THREAD * pool.current_num_threads().max(1);
    for chunk in items.chunks(window) {
        let results: Vec<T> = pool.install(|| chunk.par_iter().map(&work).collect());
        for r in results {
            sink(r)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_whatever_the_threads() {
        let items: Vec<u32> = (0..1000).collect();
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut seen = Vec::new();
            for_each_ordered(
                &pool,
                &items,
                |i| i * 2,
                |r| {
                    seen.push(r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn sink_errors_stop_the_run() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let items: Vec<u32> = (0..10_000).collect();
        let mut n = 0;
        let r = for_each_ordered(
            &pool,
            &items,
            |i| *i,
            |_| {
                n += 1;
                if n == 5 {
                    Err(io::Error::new(io::ErrorKind::BrokenPipe, "gone"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(r.is_err());
        assert_eq!(n, 5);
    }
}

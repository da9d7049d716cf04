//! Where `candor score` writes: stdout, or the file `--output` names.
//!
//! A regular file (or a name not taken yet) is written to a temporary file
//! with a unique name beside it, `.NAME.XXXXXX.candor-tmp`, renamed over it
//! when complete: a reader never sees half a report, and two runs writing
//! the same file each leave a whole one (the last rename wins). A symbolic
//! link is followed and the file it names replaced, the link kept. A file
//! that exists keeps its permissions (and, where allowed, its owner).
//!
//! Anything else (a FIFO, a terminal, a device) is opened and written
//! directly, as a shell's `>` would: renaming over it would replace it with
//! a regular file. So are the names of a descriptor the process already
//! holds (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`), which are appended
//! to, as the descriptor itself would be.
//!
//! The temporary file is removed when the run fails, and on Unix when it is
//! interrupted (SIGINT, SIGTERM, SIGHUP): the run then exits 128 plus the
//! signal's number (130 for Ctrl-C, 143 for SIGTERM).
//!
//! Write errors name what failed: the path as given, or `<stdout>`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use anyhow::{bail, Result};
use tempfile::TempPath;

use candor::batch::TEMP_SUFFIX;

/// How stdout is named in error messages.
pub const STDOUT: &str = "<stdout>";

/// An open output: write, then [`finish`](Output::finish).
pub struct Output {
    /// The path as given, or `<stdout>`.
    name: String,
    inner: io::BufWriter<Box<dyn Write>>,
    temp: Option<Temp>,
}

impl Output {
    /// Opens `path`, or stdout when there is none.
    pub fn open(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path else {
            return Ok(Output::new(STDOUT.to_string(), Box::new(io::stdout())));
        };
        let name = path.display().to_string();
        let cannot = |e: io::Error| anyhow::anyhow!("cannot write {name}: {e}");
        let existing = match fs::metadata(path) {
            Ok(meta) => Some(meta),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(cannot(e)),
        };
        match existing {
            Some(meta) if meta.is_dir() => {
                bail!("{name}: is a directory; --output needs a file name")
            }
            Some(meta) if !meta.is_file() => {
                // A FIFO or a device: written through, never replaced.
                let file = OpenOptions::new().write(true).open(path).map_err(cannot)?;
                Ok(Output::new(name, Box::new(file)))
            }
            Some(_) if is_descriptor_alias(path) => {
                let file = OpenOptions::new().append(true).open(path).map_err(cannot)?;
                Ok(Output::new(name, Box::new(file)))
            }
            existing => {
                let target = follow_links(path).map_err(cannot)?;
                let (file, temp) = Temp::create(target, existing.as_ref()).map_err(cannot)?;
                let mut out = Output::new(name, Box::new(file));
                out.temp = Some(temp);
                Ok(out)
            }
        }
    }

    /// An output that keeps nothing (`--quiet`).
    pub fn discard() -> Output {
        Output::new(STDOUT.to_string(), Box::new(io::sink()))
    }

    fn new(name: String, sink: Box<dyn Write>) -> Output {
        Output {
            name,
            inner: io::BufWriter::new(sink),
            temp: None,
        }
    }

    /// Writes `bytes`; an error names the output.
    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.inner
            .write_all(bytes)
            .map_err(|e| named(&self.name, e))
    }

    /// Flushes everything and, for a file written beside its target, renames
    /// it into place.
    pub fn finish(self) -> io::Result<()> {
        let Output { name, inner, temp } = self;
        let mut sink = inner
            .into_inner()
            .map_err(|e| named(&name, e.into_error()))?;
        sink.flush().map_err(|e| named(&name, e))?;
        drop(sink);
        match temp {
            Some(temp) => temp.persist().map_err(|e| named(&name, e)),
            None => Ok(()),
        }
    }
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.inner.write(bytes).map_err(|e| named(&self.name, e))
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        Output::write_all(self, bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| named(&self.name, e))
    }
}

/// An error that says which output failed, keeping its kind (a reader
/// going away is still a broken pipe).
fn named(name: &str, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("cannot write {name}: {e}"))
}

/// A temporary file beside its target, removed unless renamed onto it.
struct Temp {
    path: Option<TempPath>,
    target: PathBuf,
}

impl Temp {
    /// Creates the temporary file for `target`, with the permissions (and
    /// owner) of `existing`, the file it will replace, or for a new file the
    /// permissions a newly created file gets (0666 less the umask).
    fn create(target: PathBuf, existing: Option<&fs::Metadata>) -> io::Result<(File, Temp)> {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let Some(file_name) = target.file_name() else {
            return Err(io::Error::other("names no file"));
        };
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(file_name);
        prefix.push(".");
        // A missing folder is said as such, not as a missing temporary file.
        fs::metadata(dir)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(TEMP_SUFFIX);
        #[cfg(unix)]
        if existing.is_none() {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        signals::watch();
        // Registered before a signal can find it unregistered.
        let mut pending = pending();
        let temp = builder.tempfile_in(dir)?;
        pending.push(temp.path().to_path_buf());
        drop(pending);
        let (file, path) = temp.into_parts();
        let temp = Temp {
            path: Some(path),
            target,
        };
        if let Some(meta) = existing {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                // Only root may give a file away; anyone else keeps theirs.
                let _ = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()));
            }
            file.set_permissions(meta.permissions())?;
        }
        Ok((file, temp))
    }

    /// Renames the file onto its target.
    fn persist(mut self) -> io::Result<()> {
        let Some(path) = self.path.take() else {
            return Ok(());
        };
        // Under the lock, so a signal either comes before (and removes the
        // file) or after (and finds the report in place).
        let mut pending = pending();
        let tmp = path.to_path_buf();
        let result = path.persist(&self.target).map_err(|e| e.error);
        pending.retain(|p| *p != tmp);
        result
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        // A run that failed before `persist` leaves nothing half-written.
        if let Some(path) = self.path.take() {
            let tmp = path.to_path_buf();
            drop(path);
            pending().retain(|p| *p != tmp);
        }
    }
}

/// Temporary files to remove if a signal ends the run.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(unix)]
mod signals {
    use std::sync::Once;

    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    /// From the first temporary file on, a signal that would end the run
    /// removes the temporary files first, then exits 128 + its number.
    pub fn watch() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            // Without the handlers a signal ends the run as it always did;
            // failures still remove the temporary file.
            let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("signals".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        let pending = super::pending();
                        for path in pending.iter() {
                            let _ = std::fs::remove_file(path);
                        }
                        std::process::exit(128 + signal);
                    }
                });
        });
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn watch() {}
}

/// Follows symbolic links from `path` to the file they end at, which may
/// not exist yet: that is the file to replace.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Whether `path` names a descriptor the process holds (`/dev/stdout`,
/// `/dev/fd/1`, `/proc/self/fd/1`): renaming a file over the file behind it
/// would not write to the descriptor.
fn is_descriptor_alias(path: &Path) -> bool {
    let Some(s) = path.to_str() else {
        return false;
    };
    matches!(s, "/dev/stdout" | "/dev/stderr")
        || s.starts_with("/dev/fd/")
        || (s.starts_with("/proc/") && s.contains("/fd/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that fails as a full disk does.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from_raw_os_error(28))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn write_errors_name_the_output() {
        let mut out = Output::new(STDOUT.to_string(), Box::new(Full));
        // Small writes are buffered; the error comes when they reach the sink.
        out.write_all(b"report").unwrap();
        let e = out.finish().unwrap_err();
        assert!(e.to_string().starts_with("cannot write <stdout>: "), "{e}");
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);

        let mut out = Output::new("r.json".to_string(), Box::new(Full));
        let e = out.write_all(&vec![b'x'; 1 << 20]).unwrap_err();
        assert!(e.to_string().starts_with("cannot write r.json: "), "{e}");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_temporary_file_is_renamed_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        let mut out = Output::open(Some(&path)).unwrap();
        out.write_all(b"{}").unwrap();
        let during = names(dir.path());
        assert_eq!(during.len(), 1);
        assert!(during[0].starts_with(".r.json.") && during[0].ends_with(TEMP_SUFFIX));
        assert!(pending().iter().any(|p| p.ends_with(&during[0])));
        out.finish().unwrap();
        assert_eq!(names(dir.path()), ["r.json"]);
        assert_eq!(fs::read(&path).unwrap(), b"{}");

        // A run that fails before `finish` leaves the old file as it was.
        let mut out = Output::open(Some(&path)).unwrap();
        out.write_all(b"half").unwrap();
        drop(out);
        assert_eq!(names(dir.path()), ["r.json"]);
        assert_eq!(fs::read(&path).unwrap(), b"{}");
        assert!(!pending().iter().any(|p| p.starts_with(dir.path())));
    }

    #[test]
    fn a_broken_pipe_stays_one() {
        let e = named(STDOUT, io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn descriptor_aliases() {
        for p in [
            "/dev/stdout",
            "/dev/fd/1",
            "/proc/self/fd/3",
            "/proc/42/fd/1",
        ] {
            assert!(is_descriptor_alias(Path::new(p)), "{p}");
        }
        for p in [
            "/dev/null",
            "/dev/shm/r.json",
            "out.json",
            "/proc/self/status",
        ] {
            assert!(!is_descriptor_alias(Path::new(p)), "{p}");
        }
    }
}

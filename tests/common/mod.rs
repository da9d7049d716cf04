//! Shared by the integration tests; each uses some of it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::prelude::*;

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// `candor score` with the `mini` test pack.
pub fn score_with_mini() -> Command {
    let mut cmd = Command::cargo_bin("candor").unwrap();
    cmd.arg("score")
        .arg("--rules")
        .arg(root().join("tests/data/packs/mini"));
    cmd
}

/// An answer the `mini` pack scores green.
pub const GOOD: &str = "Me: What happens when production goes down at 3 AM?\nCTO: Whoever is on call gets paged, and then we always run blameless post-mortems together.\n";

/// Compares `actual` with the golden file at `path`, or rewrites the file
/// when `UPDATE_GOLDEN` is set (then review the diff). `test` names the test
/// target, for the hint.
pub fn golden(path: &Path, actual: &str, test: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs from its golden file; if intended, run UPDATE_GOLDEN=1 cargo test --test {test}\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

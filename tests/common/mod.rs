//! Shared by the integration tests.

use std::path::Path;

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

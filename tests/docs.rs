//! The reference documentation lists everything the code can report.

use candor::pack::Code;
use candor::report::Modifier;

fn read(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn rules_md_lists_every_diagnostic_code() {
    let doc = read("docs/rules.md");
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|code| !doc.contains(&format!("| {code} |")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/rules.md does not list {missing:?}"
    );
}

#[test]
fn docs_name_every_modifier() {
    let rules = read("docs/rules.md");
    let report = read("docs/report.md");
    for m in Modifier::ALL {
        let name = format!("`{}`", m.name());
        assert!(
            rules.contains(&name),
            "docs/rules.md does not explain {name}"
        );
        assert!(
            report.contains(&name),
            "docs/report.md does not list {name}"
        );
    }
}

/// The Markdown files a user reads: README.md and docs/.
fn markdown_files() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The repository stands alone: every relative link of README.md and
/// docs/ names a file or folder in it.
#[test]
fn relative_links_resolve() {
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut broken = Vec::new();
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let dir = file.parent().unwrap();
        for caps in link.captures_iter(&text) {
            let target = &caps[1];
            if target.starts_with('#') || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let path = target.split('#').next().unwrap();
            if !dir.join(path).exists() {
                broken.push(format!("{}: {target}", file.display()));
            }
        }
        assert!(
            !text.contains("DESIGN.md") && !text.contains("../shared"),
            "{} refers to a file outside the repository",
            file.display()
        );
    }
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

/// The repository stands alone in every file, not only its documents: no
/// comment of a pack, source file or script cites the design notes the
/// project started from, which are not in it.
#[test]
fn no_file_cites_what_is_outside_the_repository() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let this = root.join(file!());
    let mut citing = Vec::new();
    for entry in ignore::WalkBuilder::new(root).hidden(false).build() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.components().any(|c| c.as_os_str() == ".git") || path == this.as_path() {
            continue;
        }
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // not text
        };
        if text.contains("DESIGN.md") || text.contains("../shared") {
            citing.push(path.strip_prefix(root).unwrap().display().to_string());
        }
    }
    assert!(
        citing.is_empty(),
        "files citing what is outside the repository: {citing:#?}"
    );
}

/// A `candor` command of a README code block, ready to run from the
/// repository's root, or `None` when it needs a file the user brings
/// (`notes.txt`), reads stdin, or is not a candor command.
fn runnable(line: &str, out_dir: &std::path::Path) -> Option<Vec<String>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let line = line.split(" # ").next().unwrap().trim();
    let rest = line
        .strip_prefix("candor ")
        .or_else(|| line.strip_prefix("cargo run --release -- "))?;
    if rest.contains('|') || rest.contains('<') || rest.contains('$') {
        return None;
    }
    // What is redirected to a file goes to stdout, captured.
    let rest = rest.split('>').next().unwrap();
    let mut args = Vec::new();
    let mut words = rest.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let word = word.trim_matches('"');
        if word == "-o" || word == "--output" {
            // Written to a scratch folder, never into the repository.
            words.next()?;
            args.push(word.to_string());
            args.push(out_dir.join("out").display().to_string());
            continue;
        }
        if !word.starts_with('-') && is_missing_file(root, word) {
            return None;
        }
        args.push(word.to_string());
    }
    Some(args)
}

/// Whether `word` names a file or folder the repository does not have:
/// `notes.txt`, `my-pack/`, `rules/mine`, the path of `REV:path`. A rule id
/// such as `tech-debt/denies-debt` is not a path.
fn is_missing_file(root: &std::path::Path, word: &str) -> bool {
    let path = word.rsplit(':').next().unwrap();
    if root.join(path).exists() {
        return false;
    }
    let has_extension = std::path::Path::new(path).extension().is_some_and(|e| {
        e.len() <= 8
            && e.to_str()
                .is_some_and(|e| e.chars().all(char::is_alphabetic))
    });
    let first = path.split('/').next().unwrap();
    path.ends_with('/') || has_extension || (path.contains('/') && root.join(first).is_dir())
}

/// Every command of README's code blocks that needs no file of the user's
/// runs as written: exit 0, or 1 where it is a check that failed.
#[test]
fn readme_commands_run() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let mut in_block = false;
    let mut ran = Vec::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_block = !in_block && line.trim_start_matches('`').starts_with("sh");
            continue;
        }
        if !in_block {
            continue;
        }
        let Some(args) = runnable(line, out_dir.path()) else {
            continue;
        };
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_candor"))
            .args(&args)
            .current_dir(root)
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "README: `{line}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !out.stdout.is_empty() || args.contains(&"-o".to_string()),
            "`{line}` printed nothing"
        );
        ran.push(line.to_string());
    }
    // The quick start, the questions, explain, rules check and the
    // completions at least.
    assert!(ran.len() >= 5, "ran only {ran:#?}");
}

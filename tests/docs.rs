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

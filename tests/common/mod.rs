//! Shared by the corpus tests (`golden.rs`, `realms.rs`, `modules.rs`, `jit.rs`).

use std::path::{Path, PathBuf};

/// Every `NAME.js` in `dir` (a path under the crate root), sorted, except the files named in `skip`.
pub fn corpus(dir: &str, skip: &[&str]) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !skip.contains(&n))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tests in {}", dir.display());
    files
}

/// Run each file with `run` and compare the output with `NAME.expected` (node's output); panics
/// with every difference.
#[allow(dead_code)] // Not every test crate that lists a corpus compares it with node.
pub fn check_against_node(files: &[PathBuf], run: impl Fn(&Path) -> String) {
    let mut failures = Vec::new();
    for file in files {
        let expected = std::fs::read_to_string(file.with_extension("expected"))
            .expect("NAME.expected next to NAME.js");
        let actual = run(file);
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected (node)\n{expected}--- actual\n{actual}",
                file.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

//! Snapshot test of every early-error and syntax-error message (tests/early-errors/).
//!
//! `cases.txt` lists programs that ECMA-262 rejects (each also checked against node 20 when it was
//! added, except the spec-only section). This test parses each one, requires a SyntaxError, and compares
//! the rendered errors — message, position and code frame — with `snapshot.txt`.
//! `BLESS=1 cargo test --test syntax_errors` rewrites the snapshot; review the diff before committing.

use kestrel::syntax::{parse, Goal};
use std::fmt::Write;
use std::path::Path;

#[test]
fn every_case_is_a_syntax_error_with_the_expected_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/early-errors");
    let cases = std::fs::read_to_string(dir.join("cases.txt")).expect("cases.txt");
    let mut snapshot = String::new();
    let mut accepted = Vec::new();
    for line in cases
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (goal, source) = line.split_once(": ").expect("`script: …` or `module: …`");
        let source = source.replace("\\n", "\n");
        let (goal, file) = match goal {
            "script" => (Goal::Script, "case.js"),
            "module" => (Goal::Module, "case.mjs"),
            other => panic!("unknown goal {other}"),
        };
        match parse(&source, goal) {
            Ok(_) => accepted.push(line.to_string()),
            Err(e) => {
                writeln!(snapshot, "== {line}\n{}\n", e.render(file, &source)).unwrap();
            }
        }
    }
    assert!(
        accepted.is_empty(),
        "accepted, but must be SyntaxErrors:\n{}",
        accepted.join("\n")
    );
    let path = dir.join("snapshot.txt");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &snapshot).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != snapshot {
        let first = expected
            .split("\n== ")
            .zip(snapshot.split("\n== "))
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("expected:\n{a}\nactual:\n{b}"))
            .unwrap_or_else(|| "the number of cases differs".to_string());
        panic!("error messages differ from tests/early-errors/snapshot.txt (BLESS=1 to update)\n{first}");
    }
}

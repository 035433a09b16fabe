//! Bytecode snapshot tests (in the spirit of V8's golden files): every `tests/bytecode/NAME.js` is
//! compiled and its disassembly (all functions, with source positions, constants and handler tables)
//! must equal `tests/bytecode/NAME.txt`. `BLESS=1 cargo test --test bytecode_snapshots` rewrites the
//! snapshots; review the diff.

use std::path::Path;

#[test]
fn disassembly_matches_the_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bytecode");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/bytecode")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let bless = std::env::var_os("BLESS").is_some();
    let mut differ = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("read");
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let mut engine = kestrel::Engine::new();
        let text = engine
            .dump_bytecode(&source, &name)
            .unwrap_or_else(|e| panic!("{name}: {}", e.stack));
        let snapshot = file.with_extension("txt");
        if bless {
            std::fs::write(&snapshot, &text).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != text {
            differ.push(format!(
                "{name}:\n--- expected\n{expected}--- actual\n{text}"
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "bytecode differs from the snapshots (BLESS=1 to update):\n{}",
        differ.join("\n")
    );
}

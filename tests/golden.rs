//! The golden corpus: every `tests/js/NAME.js` runs in a fresh engine and its console output must
//! equal `tests/js/NAME.expected`, which was produced by running node 20 on the same file
//! (`node NAME.js > NAME.expected`). Each file runs twice: normally, and with the GC collecting at
//! every allocation (GC stress), which must not change the output. After the script, the event loop
//! runs until idle on the virtual clock, so timer and promise output is part of the comparison.
//! Both runs are repeated with the JIT eager (every supported function compiled at its first call).

mod common;

use kestrel::vm::{JitMode, JitOptions};
use kestrel::Engine;
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

fn run(path: &Path, gc_stress: bool, jit: JitMode) -> String {
    let source = std::fs::read_to_string(path).expect("read the test");
    let output = Rc::new(RefCell::new(String::new()));
    let mut engine = Engine::new();
    engine.set_jit(JitOptions {
        mode: jit,
        // `On` compiles what got warm, with its feedback: the speculative paths (unboxed
        // numbers, in-place properties and elements) run on the whole corpus.
        threshold: 5,
        ..JitOptions::default()
    });
    engine.set_gc_stress(gc_stress);
    engine.set_virtual_clock(true);
    let sink = output.clone();
    engine.set_console(move |_, line| {
        let mut out = sink.borrow_mut();
        out.push_str(line);
        out.push('\n');
    });
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    if let Err(e) = engine
        .eval(&source, &name)
        .and_then(|_| engine.run_until_idle())
    {
        output
            .borrow_mut()
            .push_str(&format!("Uncaught {}\n", e.stack));
    }
    if gc_stress {
        assert!(
            engine.vm.heap.collections > 0,
            "GC stress mode must collect"
        );
    }
    let text = output.borrow().clone();
    text
}

fn check(gc_stress: bool, jit: JitMode) {
    let files = common::corpus("tests/js", &[]);
    common::check_against_node(&files, |file| run(file, gc_stress, jit));
}

#[test]
fn corpus_matches_node() {
    check(false, JitMode::Off);
}

#[test]
fn corpus_matches_node_under_gc_stress() {
    check(true, JitMode::Off);
}

/// Every function the JIT supports compiled at its first call: the same output as the interpreter.
#[test]
#[cfg(feature = "jit")]
fn corpus_matches_node_with_eager_jit() {
    check(false, JitMode::Eager);
}

#[test]
#[cfg(feature = "jit")]
fn corpus_matches_node_with_eager_jit_under_gc_stress() {
    check(true, JitMode::Eager);
}

/// Functions compiled once warm (threshold 5: a few calls), speculating on what they saw.
#[test]
#[cfg(feature = "jit")]
fn corpus_matches_node_with_warm_jit() {
    check(false, JitMode::On);
}

#[test]
#[cfg(feature = "jit")]
fn corpus_matches_node_with_warm_jit_under_gc_stress() {
    check(true, JitMode::On);
}

//! Several realms in one engine, through the test262 host's `$262.createRealm()`: every
//! `tests/realms/NAME.js` runs with `$262` installed and its console output must equal
//! `NAME.expected`, which node produced (`node host.js NAME.js`, whose `$262` is built on
//! `vm.createContext`). Each file also runs under GC stress.

mod common;

use kestrel::Engine;
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

fn engine(output: &Rc<RefCell<String>>) -> Engine {
    let mut engine = Engine::new();
    let sink = output.clone();
    engine.set_console(move |_, line| {
        let mut out = sink.borrow_mut();
        out.push_str(line);
        out.push('\n');
    });
    engine.install_test262_host();
    engine
}

fn run(path: &Path, gc_stress: bool) -> String {
    let source = std::fs::read_to_string(path).expect("read the test");
    let output = Rc::new(RefCell::new(String::new()));
    let mut engine = engine(&output);
    engine.set_gc_stress(gc_stress);
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    if let Err(e) = engine.eval(&source, &name) {
        output
            .borrow_mut()
            .push_str(&format!("Uncaught {}\n", e.stack));
    }
    let text = output.borrow().clone();
    text
}

fn check(gc_stress: bool) {
    let files = common::corpus("tests/realms", &["host.js"]);
    common::check_against_node(&files, |file| run(file, gc_stress));
}

#[test]
fn realms_match_node() {
    check(false);
}

#[test]
fn realms_match_node_under_gc_stress() {
    check(true);
}

/// An uncaught exception or a termination inside another realm leaves the engine in its own realm.
#[test]
fn the_first_realm_is_current_again_after_an_abrupt_end() {
    let output = Rc::new(RefCell::new(String::new()));
    let mut engine = engine(&output);
    engine
        .eval(
            "var other = $262.createRealm(); var g = other.global;",
            "setup.js",
        )
        .unwrap();
    let err = engine
        .eval(
            "other.evalScript('throw new RangeError(\"r\")')",
            "throw.js",
        )
        .unwrap_err();
    assert_eq!(err.name, "RangeError");
    let v = engine
        .eval(
            "[] instanceof Array && !([] instanceof g.Array)",
            "after.js",
        )
        .unwrap();
    assert_eq!(engine.display(v), "true");
    engine.set_fuel(Some(1_000));
    let err = engine.eval("g.eval('for (;;) {}')", "spin.js").unwrap_err();
    assert_eq!(err.name, "Termination");
    engine.set_fuel(None);
    let v = engine
        .eval(
            "try { null.x } catch (e) { e instanceof TypeError && !(e instanceof g.TypeError) }",
            "after.js",
        )
        .unwrap();
    assert_eq!(engine.display(v), "true");
    // A realm created by another realm's $262, and one that is no longer referenced.
    let v = engine
        .eval(
            "$262.createRealm(); var third = other.createRealm().global; $262.gc(); \
             third.Array !== g.Array && third.eval('[]') instanceof third.Array",
            "third.js",
        )
        .unwrap();
    assert_eq!(engine.display(v), "true");
}

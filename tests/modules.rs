//! ES modules through the library API and the CLI.
//!
//! The golden corpus: every `tests/modules/NAME.main.mjs` runs as a module (its imports are the other
//! files of the directory) and its console output must equal `NAME.main.expected`, which node 20
//! produced (`node NAME.main.mjs > NAME.main.expected`). Each runs with the file-system loader,
//! again under GC stress, and with the in-memory loader holding the same files. Link and
//! evaluation errors, which node can only show through dynamic import, are checked here by
//! assertion (their messages are node's).

#[allow(dead_code, reason = "the module corpus uses only part of it")]
mod common;

use kestrel::host::modules::{FsLoader, MemoryLoader};
use kestrel::Engine;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/modules")
}

fn main_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/modules")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".main.mjs"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the module corpus is missing");
    files
}

/// An engine whose console output goes to the returned buffer.
fn engine() -> (Engine, Rc<RefCell<String>>) {
    let output = Rc::new(RefCell::new(String::new()));
    let mut engine = Engine::new();
    let sink = output.clone();
    engine.set_console(move |_, line| {
        let mut out = sink.borrow_mut();
        out.push_str(line);
        out.push('\n');
    });
    (engine, output)
}

fn run_fs(path: &Path, gc_stress: bool) -> String {
    run_fs_with(path, gc_stress, kestrel::vm::JitMode::Off)
}

fn run_fs_with(path: &Path, gc_stress: bool, jit: kestrel::vm::JitMode) -> String {
    let (mut engine, output) = engine();
    engine.set_gc_stress(gc_stress);
    engine.set_jit(kestrel::vm::JitOptions {
        mode: jit,
        ..kestrel::vm::JitOptions::default()
    });
    engine.set_module_loader(Box::new(FsLoader));
    engine.set_virtual_clock(true);
    // The module, then the event loop until idle (top-level await, import()).
    if let Err(e) = engine
        .run_module(&path.to_string_lossy())
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

/// Every file of the corpus in memory, named `modules/FILE`.
fn memory_loader() -> MemoryLoader {
    let mut loader = MemoryLoader::new();
    for entry in std::fs::read_dir(dir()).expect("tests/modules") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".mjs") || name.ends_with(".json") {
            loader.insert(
                format!("modules/{name}"),
                std::fs::read_to_string(&path).expect("read"),
            );
        }
    }
    loader
}

#[test]
fn corpus_matches_node() {
    common::check_against_node(&main_files(), |f| run_fs(f, false));
}

#[test]
fn corpus_matches_node_under_gc_stress() {
    common::check_against_node(&main_files(), |f| run_fs(f, true));
}

/// Module code (top-level await included) compiled at every first call and loop entry.
#[test]
#[cfg(feature = "jit")]
fn corpus_matches_node_with_eager_jit() {
    common::check_against_node(&main_files(), |f| {
        run_fs_with(f, false, kestrel::vm::JitMode::Eager)
    });
}

#[test]
fn corpus_matches_node_with_the_memory_loader() {
    common::check_against_node(&main_files(), |path| {
        let (mut engine, output) = engine();
        engine.set_module_loader(Box::new(memory_loader()));
        engine.set_virtual_clock(true);
        let name = path.file_name().unwrap().to_string_lossy();
        if let Err(e) = engine
            .run_module(&format!("modules/{name}"))
            .and_then(|_| engine.run_until_idle())
        {
            output
                .borrow_mut()
                .push_str(&format!("Uncaught {}\n", e.stack));
        }
        let text = output.borrow().clone();
        text
    });
}

/// Run `main` (a module source named "main.mjs") with the other modules in memory.
fn eval_with(main: &str, modules: &[(&str, &str)]) -> (Engine, Result<String, kestrel::JsError>) {
    let (mut engine, output) = engine();
    let mut loader = MemoryLoader::new();
    for (name, source) in modules {
        loader.insert(*name, *source);
    }
    engine.set_module_loader(Box::new(loader));
    let result = engine
        .eval_module(main, "main.mjs")
        .map(|_| output.borrow().clone());
    (engine, result)
}

#[test]
fn eval_module_returns_the_namespace_and_keeps_the_realm() {
    let (mut engine, result) = eval_with(
        "import { x } from './lib.mjs'; export const y = x * 2; globalThis.seen = y;",
        &[("lib.mjs", "export const x = 21;")],
    );
    assert!(result.is_ok(), "{result:?}");
    let v = engine.eval("seen", "check.js").unwrap();
    assert_eq!(engine.display(v), "42");
}

#[test]
fn a_missing_export_is_a_syntax_error_at_link_time() {
    let (_, result) = eval_with(
        "console.log('must not run'); import { nope } from './lib.mjs';",
        &[(
            "lib.mjs",
            "console.log('must not run either'); export const x = 1;",
        )],
    );
    let e = result.unwrap_err();
    assert_eq!(e.name, "SyntaxError");
    assert_eq!(
        e.message,
        "The requested module './lib.mjs' does not provide an export named 'nope'"
    );
}

#[test]
fn an_ambiguous_star_export_is_a_syntax_error_when_imported() {
    let modules = [
        (
            "hub.mjs",
            "export * from './a.mjs'; export * from './b.mjs';",
        ),
        ("a.mjs", "export const x = 1;"),
        ("b.mjs", "export const x = 2;"),
    ];
    let (_, result) = eval_with("import { x } from './hub.mjs';", &modules);
    let e = result.unwrap_err();
    assert_eq!(e.name, "SyntaxError");
    assert!(
        e.message.contains("conflicting star exports for name 'x'"),
        "{}",
        e.message
    );
    // Not importing it is fine: the namespace just leaves the name out.
    let (_, result) = eval_with(
        "import * as hub from './hub.mjs'; console.log(Object.keys(hub).length);",
        &modules,
    );
    assert_eq!(result.unwrap(), "0\n");
}

#[test]
fn loading_errors() {
    let (_, result) = eval_with("import './missing.mjs';", &[]);
    let e = result.unwrap_err();
    assert_eq!(e.name, "Error");
    assert!(
        e.message.contains("Cannot find module './missing.mjs'"),
        "{}",
        e.message
    );

    let (_, result) = eval_with("import './bad.mjs';", &[("bad.mjs", "let let = 1;")]);
    let e = result.unwrap_err();
    assert_eq!(e.name, "SyntaxError");
    assert!(
        e.stack.contains("bad.mjs:1:"),
        "the code frame names the file: {}",
        e.stack
    );

    let (_, result) = eval_with(
        "import x from './data.json' with { type: 'json' };",
        &[("data.json", "{ nope")],
    );
    assert_eq!(result.unwrap_err().name, "SyntaxError");

    let (_, result) = eval_with(
        "import x from './data.json' with { type: 'css' };",
        &[("data.json", "{}")],
    );
    assert_eq!(result.unwrap_err().name, "TypeError");

    let (_, result) = eval_with(
        "import x from './data.json' with { kind: 'json' };",
        &[("data.json", "{}")],
    );
    assert_eq!(result.unwrap_err().name, "SyntaxError");

    // No loader at all: imports cannot be found, a module without imports still runs.
    let (mut engine, _) = engine();
    assert_eq!(
        engine
            .eval_module("import './x.mjs';", "m.mjs")
            .unwrap_err()
            .name,
        "Error"
    );
    assert!(engine.eval_module("export const ok = 1;", "n.mjs").is_ok());
}

#[test]
fn an_evaluation_error_is_remembered() {
    let (mut engine, result) = eval_with(
        "import './throws.mjs';",
        &[(
            "throws.mjs",
            "globalThis.runs = (globalThis.runs || 0) + 1; throw new RangeError('boom');",
        )],
    );
    let e = result.unwrap_err();
    assert_eq!(
        (e.name.as_str(), e.message.as_str()),
        ("RangeError", "boom")
    );
    // Importing it again rethrows the same error without running it again.
    let e = engine
        .eval_module("import './throws.mjs';", "again.mjs")
        .unwrap_err();
    assert_eq!(e.message, "boom");
    let runs = engine.eval("runs", "check.js").unwrap();
    assert_eq!(engine.display(runs), "1");
}

#[test]
fn imports_are_live_immutable_and_checked_for_tdz() {
    let (_, result) = eval_with(
        "import { v, set } from './lib.mjs';\n\
         console.log(v); set(2); console.log(v);\n\
         try { v = 3 } catch (e) { console.log(e.name) }\n\
         console.log(eval('v'), typeof v);\n\
         let local = 'seen by eval'; console.log(eval('local'));\n\
         try { eval('v = 1') } catch (e) { console.log(e.name) }",
        &[(
            "lib.mjs",
            "export let v = 1; export function set(x) { v = x; }",
        )],
    );
    assert_eq!(
        result.unwrap(),
        "1\n2\nTypeError\n2 number\nseen by eval\nTypeError\n"
    );
    // A cycle where the importer runs first meets the exporter's `let` in its TDZ.
    let (_, result) = eval_with(
        "import './a.mjs';",
        &[
            ("a.mjs", "import { late } from './b.mjs'; export let early = 1;"),
            (
                "b.mjs",
                "import { early } from './a.mjs'; try { early } catch (e) { console.log(e.name) } export let late;",
            ),
        ],
    );
    assert_eq!(result.unwrap(), "ReferenceError\n");
}

fn kestrel(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kestrel"))
        .args(args)
        .current_dir(dir())
        .output()
        .expect("run kestrel")
}

#[test]
fn the_cli_runs_modules_from_the_file_system() {
    let out = kestrel(&["cycles.main.mjs"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = std::fs::read_to_string(dir().join("cycles.main.expected")).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);

    // --module treats a .js file as a module (`this` is undefined, imports work).
    let tmp = std::env::temp_dir().join(format!("kestrel-cli-module-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("lib.js"), "export const answer = 42;").unwrap();
    std::fs::write(
        tmp.join("main.js"),
        "import { answer } from './lib.js'; console.log(answer, this, typeof harnessValue);",
    )
    .unwrap();
    std::fs::write(
        tmp.join("harness.js"),
        "var harnessValue = $262.global === globalThis;",
    )
    .unwrap();
    std::fs::write(tmp.join("bad.js"), "import { nope } from './lib.js';").unwrap();
    let main = tmp.join("main.js");
    let main = main.to_string_lossy();
    let out = kestrel(&["--module", &main]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "42 undefined undefined\n"
    );

    // --preload runs a script first in the same realm; --test262-host installs $262.
    let harness = tmp.join("harness.js");
    let out = kestrel(&[
        "--test262-host",
        "--preload",
        &harness.to_string_lossy(),
        "--module",
        &main,
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "42 undefined boolean\n"
    );

    // A link error: exit status 1 and the SyntaxError on stderr.
    let out = kestrel(&["--module", &tmp.join("bad.js").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SyntaxError"));
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn long_chains_of_imports_and_star_exports_do_not_overflow_the_stack() {
    const N: usize = 3000;
    let mut loader = MemoryLoader::new();
    for i in 0..N {
        let source = if i + 1 == N {
            "export const deep = 'bottom'; export let count = 0;".to_string()
        } else {
            format!(
                "export * from './m{}.mjs'; import './m{}.mjs';",
                i + 1,
                i + 1
            )
        };
        loader.insert(format!("m{i}.mjs"), source);
    }
    let (mut engine, output) = engine();
    engine.set_module_loader(Box::new(loader));
    let result = engine.eval_module(
        "import { deep } from './m0.mjs'; import * as ns from './m0.mjs'; console.log(deep, Object.keys(ns).join());",
        "main.mjs",
    );
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(output.borrow().as_str(), "bottom count,deep\n");
}

#[test]
fn the_dynamic_import_core_returns_the_namespace_of_an_evaluated_graph() {
    let (mut engine, output) = engine();
    let mut loader = MemoryLoader::new();
    loader.insert(
        "lib.mjs",
        "console.log('lib runs once'); export const x = 1;",
    );
    loader.insert("data.json", "[1, 2]");
    engine.set_module_loader(Box::new(loader));
    let request = |specifier: &str, json: bool| kestrel::compiler::module::ModuleRequest {
        specifier: specifier.into(),
        attributes: if json {
            vec![("type".into(), "json".into())]
        } else {
            Vec::new()
        },
    };
    let a = engine
        .vm
        .import_dynamically(&request("lib.mjs", false))
        .unwrap();
    let b = engine
        .vm
        .import_dynamically(&request("./lib.mjs", false))
        .unwrap();
    assert_eq!(a, b, "one module record per key");
    assert_eq!(output.borrow().as_str(), "lib runs once\n");
    let json = engine
        .vm
        .import_dynamically(&request("data.json", true))
        .unwrap();
    let shown = engine.display(kestrel::runtime::Value::object(json));
    assert_eq!(shown, "[Module: null prototype] { default: [ 1, 2 ] }");
    assert!(engine
        .vm
        .import_dynamically(&request("missing.mjs", false))
        .is_err());
}

#[test]
fn a_module_stopped_by_the_fuel_limit_is_not_seen_as_evaluated() {
    let (mut engine, _) = engine();
    let mut loader = MemoryLoader::new();
    loader.insert(
        "spin.mjs",
        "export let done = false; for (;;) {} done = true;",
    );
    engine.set_module_loader(Box::new(loader));
    engine.set_fuel(Some(10_000));
    let e = engine
        .eval_module("import './spin.mjs';", "a.mjs")
        .unwrap_err();
    assert_eq!(e.name, "Termination");
    engine.set_fuel(None);
    let e = engine
        .eval_module("import { done } from './spin.mjs'; done;", "b.mjs")
        .unwrap_err();
    assert_eq!(e.message, "Module evaluation was interrupted");
}

#[test]
fn import_calls_return_promises_and_build_checked_requests() {
    let (mut engine, output) = engine();
    let mut loader = MemoryLoader::new();
    loader.insert("lib.mjs", "export const x = 1;");
    engine.set_module_loader(Box::new(loader));
    engine
        .eval_module(
            "function later() { return import('./lib.mjs'); }\n\
             const p = later();\n\
             console.log(p instanceof Promise);\n\
             p.then((ns) => console.log('x =', ns.x));",
            "main.mjs",
        )
        .unwrap();
    assert_eq!(output.borrow().as_str(), "true\n");
    engine.run_until_idle().unwrap();
    assert_eq!(output.borrow().as_str(), "true\nx = 1\n");
    // The request the promise-based import() will load: attributes sorted, values checked.
    let options = engine
        .eval("({ with: { type: 'json' } })", "options.js")
        .unwrap();
    let specifier = engine.eval("'./data.json'", "s.js").unwrap();
    let request = engine.vm.import_call_request(specifier, options).unwrap();
    assert_eq!(request.specifier, "./data.json");
    assert_eq!(
        request.attributes,
        vec![("type".to_string(), "json".to_string())]
    );
    for bad in [
        "1",
        "({ with: 1 })",
        "({ with: { type: 1 } })",
        "({ with: { other: 'x' } })",
    ] {
        let options = engine.eval(bad, "bad.js").unwrap();
        let e = engine.vm.import_call_request(specifier, options);
        assert!(e.is_err(), "{bad} must be rejected");
    }
}

//! The npm package's API through wasm-bindgen, as JavaScript sees it. Run by `./build.sh test`:
//! `cargo test --target wasm32-unknown-unknown --lib` with `wasm-bindgen-test-runner` (node).
//! (`wasm-pack test` would build every test target for wasm32, and the CLI's cannot be.)
//! `src/playground/tests.rs` covers the same functions natively.

use super::{ast, bytecode, evaluate, opcodes, tokens, version, OptionsArg, Session};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or_else(|_| panic!("no {key}"))
}

fn string(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn number(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

fn array(v: &JsValue, key: &str) -> Array {
    let a = get(v, key);
    assert!(Array::is_array(&a), "{key} is not an array");
    a.into()
}

fn options(pairs: &[(&str, JsValue)]) -> Option<OptionsArg> {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    Some(JsValue::from(o).unchecked_into())
}

fn output(result: &JsValue) -> Vec<String> {
    array(result, "output")
        .iter()
        .map(|l| string(&l, "text"))
        .collect()
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn evaluate_runs_the_event_loop_and_shows_the_value() {
    let r = evaluate(
        "setTimeout(() => console.log('timer'), 100); Promise.resolve().then(() => console.log('micro')); console.log('sync'); ({ a: [1, 2] })",
        None,
    );
    assert_eq!(get(&r, "ok"), JsValue::TRUE);
    assert_eq!(string(&r, "value"), "{ a: [ 1, 2 ] }");
    assert_eq!(output(&r), ["sync", "micro", "timer"]);
    assert!(get(&r, "error").is_null());
}

#[wasm_bindgen_test]
fn evaluate_reports_errors_and_fuel_exhaustion() {
    let r = evaluate("let a = 1;\n  a.b.c;", None);
    assert_eq!(get(&r, "ok"), JsValue::FALSE);
    let e = get(&r, "error");
    assert_eq!(string(&e, "name"), "TypeError");
    assert_eq!(number(&e, "line"), 2.0);
    let r = evaluate(
        "for (;;) {}",
        options(&[("fuel", JsValue::from_f64(5000.0))]),
    );
    let e = get(&r, "error");
    assert!(string(&e, "message").contains("fuel budget"));
}

#[wasm_bindgen_test]
fn evaluate_runs_modules() {
    let r = evaluate(
        "const v = await 5; console.log(v * 2);",
        options(&[("module", JsValue::TRUE)]),
    );
    assert_eq!(get(&r, "ok"), JsValue::TRUE);
    assert_eq!(output(&r), ["10"]);
}

#[wasm_bindgen_test]
fn tokens_ast_bytecode_and_opcodes_are_plain_objects() {
    let t: Array = tokens("const answer = 42;", None).into();
    assert_eq!(t.length(), 5);
    let first = t.get(0);
    assert_eq!(string(&first, "kind"), "Keyword");
    assert_eq!(number(&t.get(3), "start"), 15.0);

    let program = ast("f(1)", None).unwrap();
    assert_eq!(string(&program, "type"), "Program");
    let statement = array(&program, "body").get(0);
    assert_eq!(string(&statement, "type"), "ExpressionStatement");
    let err = ast("f(", None).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(string(&err, "name"), "SyntaxError");
    assert_eq!(number(&err, "line"), 1.0);

    let b = bytecode("function g(x) { return x + 1 }", None).unwrap();
    let functions = array(&b, "functions");
    assert_eq!(functions.length(), 2);
    let g = functions.get(1);
    assert_eq!(string(&g, "name"), "g");
    let instructions = array(&g, "instructions");
    assert!(instructions
        .iter()
        .any(|i| string(&i, "opcode") == "AddSmi" || string(&i, "opcode") == "Add"));

    let table: Array = opcodes().into();
    assert!(table.length() > 50);
    assert!(table
        .iter()
        .any(|o| string(&o, "name") == "Return" && !string(&o, "doc").is_empty()));
}

#[wasm_bindgen_test]
fn a_session_steps_into_a_function_and_sees_the_tdz() {
    let mut s = Session::new(
        "function f(n) {\n  let k = n + 1;\n  return k;\n}\nconsole.log(f(1));",
        None,
    );
    assert!(s.length() > 3);
    assert!(!s.truncated());
    let mut snap = s.snapshot();
    assert_eq!(string(&snap, "phase"), "creation");
    while number(&snap, "depth") < 2.0 {
        snap = s.step();
        assert!(!snap.is_null());
    }
    let stack = array(&snap, "stack");
    assert_eq!(stack.length(), 2);
    let f = stack.get(1);
    assert_eq!(string(&f, "function"), "f");
    let k = array(&f, "bindings")
        .iter()
        .find(|b| string(b, "name") == "k")
        .expect("binding k");
    assert_eq!(string(&k, "state"), "uninitialized");
    let here = s.index();
    let out = s.step_out();
    assert_eq!(number(&out, "depth"), 1.0);
    let back = s.step_back();
    assert!(s.index() < here + 100 && number(&back, "step") as u32 == s.index());
    let last = s.run();
    assert_eq!(get(&last, "done"), JsValue::TRUE);
    assert_eq!(output(&s.result()), ["2"]);
    assert!(Array::is_array(&s.events()));
    s.go_to(0);
    assert_eq!(s.index(), 0);
}

#[wasm_bindgen_test]
fn snapshots_show_heap_objects_and_evaluate_reports_hotness() {
    let mut s = Session::new("const p = { x: 1, next: { y: 2 } };\np.x = 3;", None);
    let last = s.run();
    let p = array(&array(&last, "stack").get(0), "bindings")
        .iter()
        .find(|b| string(b, "name") == "p")
        .expect("binding p");
    let id = string(&p, "ref");
    let heap = array(&last, "heap");
    let node = heap
        .iter()
        .find(|n| string(n, "id") == id)
        .expect("p's heap node");
    assert_eq!(string(&node, "kind"), "object");
    let props = array(&node, "properties");
    assert_eq!(string(&props.get(0), "key"), "x");
    assert_eq!(string(&props.get(0), "value"), "3");
    let next = string(&props.get(1), "ref");
    assert_eq!(array(&node, "references").get(0).as_string(), Some(next));
    let r = evaluate(
        "function f() { let s = 0; for (let i = 0; i < 1e5; i++) s += i; return s; } f();",
        None,
    );
    let profile = get(&r, "profile");
    let f = array(&profile, "functions").get(1);
    assert_eq!(get(&f, "hot"), JsValue::TRUE);
    assert_eq!(number(&f, "units"), number(&f, "threshold"));
    assert!(number(&f, "threshold") >= number(&profile, "threshold"));
}

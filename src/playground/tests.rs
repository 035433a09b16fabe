//! Tests of the playground API on the native build (the wasm tests in `tests/wasm.rs` check the
//! same functions through wasm-bindgen).

use super::*;

fn s(j: &Json, key: &str) -> String {
    j.get(key)
        .and_then(Json::as_str)
        .unwrap_or_else(|| panic!("no string {key} in {}", j.to_text()))
        .to_string()
}

fn n(j: &Json, key: &str) -> f64 {
    j.get(key)
        .and_then(Json::as_f64)
        .unwrap_or_else(|| panic!("no number {key} in {}", j.to_text()))
}

fn arr<'a>(j: &'a Json, key: &str) -> &'a [Json] {
    j.get(key)
        .and_then(Json::as_array)
        .unwrap_or_else(|| panic!("no array {key} in {}", j.to_text()))
}

fn texts(output: &[Json]) -> Vec<String> {
    output.iter().map(|l| s(l, "text")).collect()
}

#[test]
fn evaluate_reports_value_and_output_including_the_event_loop() {
    let r = evaluate(
        "setTimeout(() => console.log('timeout'), 10);
         Promise.resolve().then(() => console.log('promise'));
         console.warn('sync');
         'done'",
        &EvalOptions::default(),
    );
    assert_eq!(r.get("ok"), Some(&Json::Bool(true)));
    assert_eq!(s(&r, "value"), "'done'");
    assert_eq!(texts(arr(&r, "output")), ["sync", "promise", "timeout"]);
    assert_eq!(s(&arr(&r, "output")[0], "level"), "warn");
    assert_eq!(r.get("error"), Some(&Json::Null));
}

#[test]
fn evaluate_reports_uncaught_errors_with_their_position() {
    let r = evaluate(
        "console.log(1);\nfunction f() {\n  null.x;\n}\nf();",
        &EvalOptions::default(),
    );
    assert_eq!(r.get("ok"), Some(&Json::Bool(false)));
    assert_eq!(texts(arr(&r, "output")), ["1"]);
    let e = r.get("error").unwrap();
    assert_eq!(s(e, "name"), "TypeError");
    assert_eq!(n(e, "line"), 3.0);
    assert_eq!(n(e, "column"), 3.0);
    assert!(
        s(e, "stack").contains("at f (playground.js:3:3)"),
        "{}",
        e.to_text()
    );

    let r = evaluate("let x = ;", &EvalOptions::default());
    let e = r.get("error").unwrap();
    assert_eq!(s(e, "name"), "SyntaxError");
    assert_eq!((n(e, "line"), n(e, "column")), (1.0, 9.0));

    // An error thrown by a timer callback stops the loop with that error.
    let r = evaluate(
        "setTimeout(() => { throw new RangeError('late') }, 5); 1",
        &EvalOptions::default(),
    );
    assert_eq!(s(r.get("error").unwrap(), "message"), "late");
}

#[test]
fn fuel_stops_runaway_code_with_a_clear_error() {
    let options = EvalOptions {
        fuel: Some(10_000),
        ..EvalOptions::default()
    };
    let r = evaluate("while (true) {}", &options);
    let e = r.get("error").unwrap();
    assert!(s(e, "message").contains("fuel"), "{}", e.to_text());
    // A runaway interval on the virtual clock is stopped too.
    let r = evaluate("setInterval(() => {}, 1)", &options);
    assert!(s(r.get("error").unwrap(), "message").contains("fuel"));
    // Enough fuel: the program finishes.
    let r = evaluate(
        "let t = 0; for (let i = 0; i < 100; i++) t += i; t",
        &options,
    );
    assert_eq!(s(&r, "value"), "4950");
}

#[test]
fn modules_evaluate_with_top_level_await() {
    let options = EvalOptions {
        module: true,
        ..EvalOptions::default()
    };
    let r = evaluate(
        "export const x = await Promise.resolve(6 * 7); console.log(x);",
        &options,
    );
    assert_eq!(r.get("ok"), Some(&Json::Bool(true)), "{}", r.to_text());
    assert_eq!(texts(arr(&r, "output")), ["42"]);
    assert!(s(&r, "value").contains("x: 42"));
    // `await` is an identifier in scripts but reserved in modules.
    let r = evaluate("let await = 1;", &options);
    assert_eq!(s(r.get("error").unwrap(), "name"), "SyntaxError");
}

#[test]
fn tokens_have_kinds_and_utf16_positions() {
    let t = tokens("const é = 'x';\n/re/g", false);
    let t = t.as_array().unwrap();
    let kinds: Vec<String> = t.iter().map(|t| s(t, "kind")).collect();
    assert_eq!(
        kinds,
        [
            "Keyword",
            "Identifier",
            "Punctuator",
            "String",
            "Punctuator",
            "RegularExpression"
        ]
    );
    assert_eq!(s(&t[3], "text"), "'x'");
    // `é` is one UTF-16 unit (two UTF-8 bytes): offsets are JavaScript's.
    assert_eq!((n(&t[3], "start"), n(&t[3], "end")), (10.0, 13.0));
    assert_eq!((n(&t[5], "line"), n(&t[5], "column")), (2.0, 1.0));
    // A syntax error: the tokens before it.
    let t = tokens("a + ) b", false);
    let t = t.as_array().unwrap();
    assert_eq!(t.len(), 3);
    assert_eq!(s(&t[2], "text"), ")");
}

#[test]
fn ast_is_the_estree_json_or_a_syntax_error() {
    let text = ast("x = 1", false).unwrap();
    assert!(text.starts_with("{\"type\":\"Program\""), "{text}");
    assert!(text.contains("\"type\":\"AssignmentExpression\""));
    let e = ast("import x from 'y'", false).unwrap_err();
    assert_eq!(s(&e, "name"), "SyntaxError");
    assert!(ast("import x from 'y'", true).is_ok());
}

#[test]
fn bytecode_lists_every_function_with_instructions_and_spans() {
    let b = bytecode(
        "function add(a, b) { return a + b; }\ntry { add(1, 2) } catch (e) {}",
        false,
    )
    .unwrap();
    let functions = arr(&b, "functions");
    assert_eq!(functions.len(), 2);
    assert_eq!(s(&functions[0], "kind"), "script");
    assert_eq!(s(&functions[1], "name"), "add");
    assert_eq!(n(&functions[1], "parameters"), 2.0);
    assert!(!arr(&functions[0], "handlers").is_empty());
    let add = arr(&functions[1], "instructions");
    let opcodes: Vec<String> = add.iter().map(|i| s(i, "opcode")).collect();
    assert!(opcodes.contains(&"Add".to_string()), "{opcodes:?}");
    assert_eq!(opcodes.last().map(String::as_str), Some("Return"));
    // Offsets increase by each instruction's length.
    let mut offset = 0.0;
    for i in add {
        assert_eq!(n(i, "offset"), offset);
        offset += n(i, "length");
    }
    let add_ins = add.iter().find(|i| s(i, "opcode") == "Add").unwrap();
    assert_eq!(s(&arr(add_ins, "operands")[0], "kind"), "reg");
    let span = add_ins.get("span").unwrap();
    assert_eq!(n(span, "line"), 1.0);
    // The script's constants name the function.
    let constants = arr(&functions[0], "constants");
    assert!(constants.iter().any(|c| s(c, "text") == "<function add>"));

    assert_eq!(
        s(&bytecode("let let = 1", false).unwrap_err(), "name"),
        "SyntaxError"
    );
    assert!(bytecode("export let x = 1", true).is_ok());
}

#[test]
fn opcodes_have_names_operands_and_docs() {
    let table = opcodes();
    let table = table.as_array().unwrap();
    assert_eq!(table.len(), Opcode::ALL.len());
    let add = table.iter().find(|o| s(o, "name") == "Add").unwrap();
    assert_eq!(s(add, "doc"), "acc = r + acc");
    assert_eq!(arr(add, "operands").len(), 2);
}

// -------------------------------------------------------------------------------------------------
// Sessions

fn binding<'a>(frame: &'a Json, name: &str) -> Option<&'a Json> {
    arr(frame, "bindings").iter().find(|b| s(b, "name") == name)
}

#[test]
fn a_session_shows_creation_then_execution_with_hoisting_and_the_tdz() {
    let mut session = Session::new(
        "var a = 1;\nlet b = 2;\nfunction f() {}\nconsole.log(a + b);",
        &SessionOptions::default(),
    );
    assert!(!session.truncated());
    let first = session.snapshot();
    assert_eq!(s(&first, "phase"), "creation");
    let global = &arr(&first, "stack")[0];
    assert_eq!(s(global, "kind"), "global");
    assert_eq!(s(global, "phase"), "creation");
    assert_eq!(s(binding(global, "a").unwrap(), "value"), "undefined");
    assert_eq!(s(binding(global, "b").unwrap(), "state"), "uninitialized");
    assert!(s(binding(global, "f").unwrap(), "value").contains("Function: f"));
    let second = session.step();
    assert_eq!(s(&second, "phase"), "execution");
    assert_eq!(n(second.get("span").unwrap(), "line"), 1.0);
    let last = session.run();
    assert_eq!(last.get("done"), Some(&Json::Bool(true)));
    let global = &arr(&last, "stack")[0];
    assert_eq!(s(binding(global, "b").unwrap(), "value"), "2");
    assert_eq!(
        texts(arr(session.result(), "output")),
        ["3"],
        "{}",
        session.result().to_text()
    );
}

#[test]
fn a_session_steps_into_over_out_of_and_back_through_calls() {
    let source = "function inner(x) {\n  let y = x * 2;\n  return y;\n}\nlet r = inner(1);\nlet s = inner(2);\nconsole.log(r + s);";
    let mut session = Session::new(source, &SessionOptions::default());
    let steps = session.len();
    assert!(steps > 6, "{steps}");
    // Step until inside `inner`: two contexts, `y` in its TDZ during creation.
    let mut snap = session.snapshot();
    while n(&snap, "depth") < 2.0 {
        snap = session.step();
    }
    let stack = arr(&snap, "stack");
    assert_eq!(stack.len(), 2);
    assert_eq!(s(&stack[1], "function"), "inner");
    assert_eq!(s(&stack[1], "phase"), "creation");
    assert_eq!(
        s(binding(&stack[1], "y").unwrap(), "state"),
        "uninitialized"
    );
    assert_eq!(s(binding(&stack[1], "x").unwrap(), "value"), "1");
    let inside = session.index();
    // Later `y` holds its value.
    let mut later = session.step();
    while binding(&arr(&later, "stack")[1], "y").map(|b| s(b, "state")) != Some("value".into()) {
        later = session.step();
        assert_eq!(arr(&later, "stack").len(), 2);
    }
    assert_eq!(
        s(binding(&arr(&later, "stack")[1], "y").unwrap(), "value"),
        "2"
    );
    // Step out: back in the script.
    let out = session.step_out();
    assert_eq!(n(&out, "depth"), 1.0);
    assert!(session.index() > inside);
    // Step over the second call: never inside `inner`.
    let before = session.index();
    let over = session.step_over();
    assert_eq!(n(&over, "depth"), 1.0);
    let over2 = session.step_over();
    assert_eq!(n(&over2, "depth"), 1.0);
    assert!(session.index() > before);
    // Back one step, and jump anywhere.
    let i = session.index();
    session.step_back();
    assert_eq!(session.index(), i - 1);
    session.go_to(inside);
    assert_eq!(session.index(), inside);
    assert!(texts(arr(&session.snapshot(), "output")).is_empty());
    let last = session.go_to(usize::MAX);
    assert_eq!(last.get("done"), Some(&Json::Bool(true)));
    // The last step is the script's end, after its last statement ran.
    assert_eq!(last.get("returning"), Some(&Json::Bool(true)));
    assert_eq!(texts(arr(&last, "output")), ["6"]);
    assert_eq!(texts(arr(session.result(), "output")), ["6"]);
}

#[test]
fn a_session_follows_callbacks_from_natives_and_the_event_loop() {
    let source = "[1, 2].forEach(function each(v) {\n  let w = v;\n});\nsetTimeout(function later() {\n  console.log('t');\n}, 5);\nPromise.resolve(1).then(function then(v) {\n  console.log('p');\n});";
    let mut session = Session::new(source, &SessionOptions::default());
    let mut creations = Vec::new();
    let mut saw_timer = false;
    let mut saw_microtask = false;
    for i in 0..session.len() {
        let snap = session.go_to(i);
        if s(&snap, "phase") == "creation" {
            creations.push(s(&snap, "function"));
        }
        let lp = snap.get("loop").unwrap();
        if arr(lp, "timers")
            .iter()
            .any(|t| s(t, "callback") == "later")
        {
            saw_timer = true;
        }
        if arr(lp, "microtasks")
            .iter()
            .any(|t| s(t, "callback") == "then")
        {
            saw_microtask = true;
        }
    }
    // The script, each call of `each` (twice), then the microtask and the timer callbacks.
    assert_eq!(creations, ["<global>", "each", "each", "then", "later"]);
    assert!(saw_timer && saw_microtask);
    let last = session.run();
    let running = last.get("loop").unwrap().get("running").unwrap();
    assert_eq!(s(running, "callback"), "later");
    assert_eq!(texts(arr(&last, "output")), ["p", "t"]);
    // The script's last step (its end) shows the microtask its last statement queued.
    let end = (0..session.len())
        .map(|i| session.go_to(i))
        .find(|snap| {
            snap.get("returning") == Some(&Json::Bool(true)) && s(snap, "function") == "<global>"
        })
        .unwrap();
    let queued = arr(end.get("loop").unwrap(), "microtasks");
    assert_eq!(queued.len(), 1);
    assert_eq!(s(&queued[0], "callback"), "then");
    assert_eq!(texts(arr(session.result(), "output")), ["p", "t"]);
    let events = session.events();
    let types: Vec<String> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| s(e, "type"))
        .collect();
    assert!(types.contains(&"timerAdded".to_string()), "{types:?}");
    assert!(types.contains(&"microtaskStarted".to_string()));
}

#[test]
fn a_session_shows_await_suspensions() {
    let source = "async function main() {\n  await null;\n  console.log('after');\n}\nmain();\nconsole.log('sync');";
    let mut session = Session::new(source, &SessionOptions::default());
    let mut suspended = false;
    for i in 0..session.len() {
        let snap = session.go_to(i);
        if arr(snap.get("loop").unwrap(), "awaiting")
            .iter()
            .any(|f| f.as_str() == Some("main"))
        {
            suspended = true;
        }
    }
    assert!(suspended);
    assert_eq!(texts(arr(session.result(), "output")), ["sync", "after"]);
}

#[test]
fn a_session_stops_at_its_step_cap() {
    let options = SessionOptions {
        max_steps: 50,
        ..SessionOptions::default()
    };
    let mut session = Session::new("let i = 0;\nwhile (true) { i++; }", &options);
    assert!(session.truncated());
    assert_eq!(session.len(), 50);
    assert_eq!(session.result().get("ok"), Some(&Json::Bool(false)));
    let e = session.result().get("error").unwrap();
    assert!(
        s(e, "message").contains("step cap (50 steps)"),
        "{}",
        e.to_text()
    );
    assert_eq!(n(&session.run(), "step"), 49.0);
    // A syntax error records nothing.
    let session = Session::new("let = ;", &SessionOptions::default());
    assert!(session.is_empty());
    assert_eq!(session.snapshot(), Json::Null);
    assert_eq!(
        s(session.result().get("error").unwrap(), "name"),
        "SyntaxError"
    );
}

#[test]
fn module_sessions_label_the_module_context() {
    let options = SessionOptions {
        eval: EvalOptions {
            module: true,
            fuel: None,
        },
        ..SessionOptions::default()
    };
    let session = Session::new("let x = 1;\nconsole.log(x);", &options);
    let snap = session.snapshot();
    assert_eq!(s(&arr(&snap, "stack")[0], "kind"), "module");
    assert_eq!(texts(arr(session.result(), "output")), ["1"]);
}

#[test]
fn a_session_shows_the_innermost_contexts_of_deep_recursion_and_non_ascii_ends() {
    let mut session = Session::new(
        "function f(n) {\n  return n < 100 ? f(n + 1) : n;\n}\nf(0);",
        &SessionOptions::default(),
    );
    assert!(!session.truncated());
    let deepest = (0..session.len())
        .map(|i| session.go_to(i))
        .max_by_key(|snap| n(snap, "depth") as u64)
        .unwrap();
    assert_eq!(n(&deepest, "depth"), 102.0);
    assert_eq!(arr(&deepest, "stack").len(), session::MAX_FRAMES_SHOWN);
    // The script's end is its last character, even when that is not ASCII.
    let mut session = Session::new("let a = 1; // é", &SessionOptions::default());
    let end = session.run();
    assert_eq!(end.get("returning"), Some(&Json::Bool(true)));
    let span = end.get("span").unwrap();
    assert_eq!((n(span, "start"), n(span, "end")), (14.0, 15.0));
}

fn node<'a>(snapshot: &'a Json, id: &str) -> &'a Json {
    arr(snapshot, "heap")
        .iter()
        .find(|n| s(n, "id") == id)
        .unwrap_or_else(|| panic!("no heap node {id} in {}", snapshot.to_text()))
}

fn prop<'a>(node: &'a Json, key: &str) -> &'a Json {
    arr(node, "properties")
        .iter()
        .find(|p| s(p, "key") == key)
        .unwrap_or_else(|| panic!("no property {key} in {}", node.to_text()))
}

#[test]
fn a_session_shows_the_heap_reachable_from_bindings() {
    let source =
        "class Point { constructor(x, y) { this.x = x; this.y = y; } norm() { return 0; } }\n\
                  function counter() { let count = 0; return () => ++count; }\n\
                  const p = new Point(1, 2);\n\
                  const list = [p, 'two'];\n\
                  const next = counter();\n\
                  next();\n\
                  const done = Promise.resolve(7);\n\
                  console.log(list.length);";
    let mut session = Session::new(source, &SessionOptions::default());
    let last = session.run();
    let global = &arr(&last, "stack")[0];
    // A binding that holds an object names its node; the node shows its properties.
    let list_ref = s(binding(global, "list").unwrap(), "ref");
    let list = node(&last, &list_ref);
    assert_eq!(s(list, "kind"), "array");
    assert_eq!(s(list, "label"), "Array(2)");
    assert_eq!(s(prop(list, "1"), "value"), "'two'");
    let p_ref = s(binding(global, "p").unwrap(), "ref");
    assert_eq!(s(prop(list, "0"), "ref"), p_ref);
    assert_eq!(arr(list, "references")[0].as_str(), Some(p_ref.as_str()));
    // A class instance: its constructor's name, its fields, its prototype with the methods.
    let p = node(&last, &p_ref);
    assert_eq!(s(p, "label"), "Point");
    assert_eq!(s(prop(p, "x"), "value"), "1");
    assert_eq!(s(prop(p, "y"), "value"), "2");
    let proto = node(&last, &s(prop(p, "[[Prototype]]"), "ref"));
    assert!(s(prop(proto, "norm"), "value").contains("norm"));
    // A closure: its environment holds the captured variable, after one call.
    let next = node(&last, &s(binding(global, "next").unwrap(), "ref"));
    assert_eq!(s(next, "kind"), "function");
    let env = node(&last, &s(prop(next, "[[Environment]]"), "ref"));
    assert_eq!(s(env, "kind"), "environment");
    assert_eq!(s(prop(env, "count"), "value"), "1");
    // A promise: its internal slots.
    let done = node(&last, &s(binding(global, "done").unwrap(), "ref"));
    assert_eq!(s(prop(done, "[[PromiseState]]"), "value"), "fulfilled");
    assert_eq!(s(prop(done, "[[PromiseResult]]"), "value"), "7");
    // Primitives have no node.
    let first = session.go_to(0);
    let global = &arr(&first, "stack")[0];
    assert_eq!(binding(global, "p").unwrap().get("ref"), Some(&Json::Null));
}

#[test]
fn a_session_shows_this_and_bounds_the_heap() {
    let source = "const big = [];\nfor (let i = 0; i < 100; i++) big.push({ i });\n\
                  const o = { m() { return this; } };\no.m();";
    let mut session = Session::new(source, &SessionOptions::default());
    // Inside `m`, `this` is `o`.
    let mut inside = None;
    for _ in 0..session.len() {
        let snap = session.step();
        let stack = arr(&snap, "stack");
        if stack.len() == 2 && s(&stack[1], "function") == "m" {
            inside = Some(snap);
            break;
        }
    }
    let inside = inside.expect("a step inside m");
    let this_ref = s(&arr(&inside, "stack")[1], "thisRef");
    let global = &arr(&inside, "stack")[0];
    assert_eq!(this_ref, s(binding(global, "o").unwrap(), "ref"));
    // At most 40 nodes, and at most 24 properties per node (the rest marked as left out).
    assert!(arr(&inside, "heap").len() <= session::MAX_HEAP_NODES);
    let big = node(&inside, &s(binding(global, "big").unwrap(), "ref"));
    assert_eq!(arr(big, "properties").len(), 24);
    assert_eq!(big.get("truncated"), Some(&Json::Bool(true)));
}

#[test]
fn evaluate_reports_where_native_kestrel_would_compile() {
    let source = "function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }\n\
                  function cold() { return 1; }\n\
                  function never() {}\n\
                  console.log(hot(100000) + cold());";
    let r = evaluate(source, &EvalOptions::default());
    assert_eq!(texts(arr(&r, "output")), ["4999950001"]);
    let profile = r.get("profile").unwrap();
    let threshold = n(profile, "threshold");
    assert_eq!(threshold, crate::vm::JitOptions::default().threshold as f64);
    let listing = bytecode(source, false).unwrap();
    let names: Vec<String> = arr(&listing, "functions")
        .iter()
        .map(|f| s(f, "name"))
        .collect();
    let functions = arr(profile, "functions");
    assert_eq!(functions.len(), names.len());
    let of = |name: &str| {
        let id = names.iter().position(|n| n == name).unwrap();
        &functions[id]
    };
    assert_eq!(of("hot").get("hot"), Some(&Json::Bool(true)));
    assert_eq!(n(of("hot"), "units"), n(of("hot"), "threshold"));
    assert!(n(of("hot"), "threshold") >= threshold);
    assert_eq!(of("cold").get("hot"), Some(&Json::Bool(false)));
    assert!(n(of("cold"), "units") < n(of("cold"), "threshold"));
    assert_eq!(n(of("never"), "units"), 0.0);
    // The same profile for a module.
    let r = evaluate(
        "function hot() { let s = 0; for (let i = 0; i < 1e5; i++) s += i; return s; }\nhot();",
        &EvalOptions {
            module: true,
            ..EvalOptions::default()
        },
    );
    let functions = arr(r.get("profile").unwrap(), "functions");
    assert_eq!(
        functions[1].get("hot"),
        Some(&Json::Bool(true)),
        "{}",
        r.to_text()
    );
}

/// Every golden program of `tests/js` steps through a session (heap view and all) without a panic,
/// and a run that finished within the step cap printed what `evaluate` prints.
#[test]
fn sessions_record_every_golden_program() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    files.sort();
    assert!(files.len() > 20);
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let options = SessionOptions {
            max_steps: 800,
            ..SessionOptions::default()
        };
        let mut session = Session::new(&source, &options);
        let mut snapshots = 0;
        while session.index() + 1 < session.len() && snapshots < 200 {
            let snap = session.step();
            assert!(snap.get("heap").is_some(), "{}", path.display());
            snapshots += 1;
        }
        if !session.truncated() {
            let evaluated = evaluate(&source, &EvalOptions::default());
            assert_eq!(
                texts(arr(session.result(), "output")),
                texts(arr(&evaluated, "output")),
                "{}",
                path.display()
            );
        }
    }
}

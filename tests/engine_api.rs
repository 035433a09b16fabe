//! The embedding API: fuel, interrupts and reuse after a termination.

use kestrel::vm::{JitMode, JitOptions};
use kestrel::Engine;

#[test]
fn fuel_stops_an_infinite_loop_and_the_engine_stays_usable() {
    let mut engine = Engine::new();
    engine.set_fuel(Some(10_000));
    let err = engine
        .eval("let n = 0; while (true) { n++; }", "loop.js")
        .unwrap_err();
    assert_eq!(err.name, "Termination");
    // `try` cannot catch a termination.
    let err = engine
        .eval("try { for (;;) {} } catch (e) { 'caught' }", "catch.js")
        .unwrap_err();
    assert_eq!(err.name, "Termination");
    engine.set_fuel(None);
    let v = engine.eval("n + 1", "after.js").unwrap();
    // The body ran once more than the budget of back-edges: n is 10_001.
    assert_eq!(engine.display(v), "10002");
}

#[test]
fn an_interrupt_from_another_thread_stops_the_script() {
    let mut engine = Engine::new();
    let handle = engine.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.interrupt();
    });
    let err = engine
        .eval("function spin() { while (true) {} } spin();", "spin.js")
        .unwrap_err();
    stopper.join().unwrap();
    assert_eq!(err.name, "Termination");
    let v = engine.eval("1 + 1", "after.js").unwrap();
    assert_eq!(engine.display(v), "2");
}

#[test]
fn loops_that_only_continue_are_stopped_by_fuel_and_interrupts() {
    // `continue` once jumped straight back to a while or for-in/of loop's top, past the
    // back-edge's budget check: these ran forever, beyond fuel and interrupts.
    let loops = [
        "a: while (true) { continue a; }",
        "while (true) { continue; }",
        "var it = { [Symbol.iterator]() { return { next() { return { done: false }; } }; } };\n\
         for (const v of it) { continue; }",
        "for (const k in { a: 1 }) { for (;;) { continue; } }",
        "do { continue; } while (true);",
        "for (;;) { continue; }",
    ];
    for source in loops {
        for jit in [JitMode::Off, JitMode::Eager] {
            let mut engine = Engine::new();
            engine.set_jit(JitOptions {
                mode: jit,
                ..JitOptions::default()
            });
            engine.set_fuel(Some(100_000));
            let err = engine.eval(source, "spin.js").unwrap_err();
            assert!(
                err.message.contains("fuel"),
                "{jit:?} {source}: {}",
                err.message
            );
            engine.set_fuel(None);
            let handle = engine.interrupt_handle();
            let stopper = std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(20));
                handle.interrupt();
            });
            let err = engine.eval(source, "spin.js").unwrap_err();
            stopper.join().unwrap();
            assert!(
                err.message.contains("interrupted"),
                "{jit:?} {source}: {}",
                err.message
            );
        }
    }
}

#[test]
fn runaway_recursion_is_a_range_error() {
    let mut engine = Engine::new();
    let err = engine
        .eval("function f() { return f() + 1; } f();", "deep.js")
        .unwrap_err();
    assert_eq!(err.name, "RangeError");
    assert_eq!(err.message, "Maximum call stack size exceeded");
    let v = engine
        .eval(
            "try { (function g() { g(); })(); } catch (e) { e instanceof RangeError }",
            "catch.js",
        )
        .unwrap();
    assert_eq!(engine.display(v), "true");
}

#[test]
fn deep_proxy_chains_are_a_range_error() {
    let mut engine = Engine::new();
    engine
        .eval(
            "var p = {}, f = function () { return 1; };
             for (var i = 0; i < 100000; i++) { p = new Proxy(p, {}); f = new Proxy(f, {}); }",
            "setup.js",
        )
        .unwrap();
    for op in [
        "p.x",
        "p.x = 1",
        "'x' in p",
        "delete p.x",
        "Object.keys(p)",
        "Object.getPrototypeOf(p)",
        "Object.isExtensible(p)",
        "Object.preventExtensions(p)",
        "Object.getOwnPropertyDescriptor(p, 'x')",
        "Object.defineProperty(p, 'x', {value: 1})",
        "Object.setPrototypeOf(p, null)",
        "f()",
        "new f()",
    ] {
        let err = engine.eval(op, "deep.js").unwrap_err();
        assert_eq!(err.name, "RangeError", "{op}");
        assert_eq!(err.message, "Maximum call stack size exceeded", "{op}");
    }
    let v = engine
        .eval("Array.isArray(p) + ',' + typeof f", "ok.js")
        .unwrap();
    assert_eq!(engine.display(v), "false,function");
}

#[test]
fn uncaught_errors_carry_name_message_and_stack() {
    let mut engine = Engine::new();
    let err = engine
        .eval("function thrower() {\n  null.x;\n}\nthrower();", "t.js")
        .unwrap_err();
    assert_eq!(err.name, "TypeError");
    assert_eq!(err.message, "Cannot read properties of null (reading 'x')");
    assert_eq!(err.stack, "TypeError: Cannot read properties of null (reading 'x')\n    at thrower (t.js:2:3)\n    at t.js:4:1");
}

#[test]
fn the_inspection_hook_shows_the_creation_phase_and_the_call_stack() {
    use kestrel::vm::debug::{BindingState, Resume};
    use std::cell::RefCell;
    use std::rc::Rc;
    let mut engine = Engine::new();
    type Frame = (String, Vec<(String, BindingState)>);
    let seen: Rc<RefCell<Vec<Vec<Frame>>>> = Rc::default();
    let log = seen.clone();
    engine.vm.set_hook(Some(Box::new(move |vm, pause| {
        if pause.at_position {
            let stack = vm
                .call_stack()
                .into_iter()
                .map(|f| {
                    (
                        f.function,
                        f.bindings.into_iter().map(|b| (b.name, b.state)).collect(),
                    )
                })
                .collect();
            log.borrow_mut().push(stack);
        }
        Resume::Continue
    })));
    let source =
        "var v = 1;\nlet t = 2;\nfunction f(a) {\n  let b = a + v;\n  return b;\n}\nf(t);\n";
    engine.eval(source, "hook.js").unwrap();
    let steps = seen.borrow();
    // Creation phase of the global context: `var` is undefined, the function is whole, `let` is in the TDZ.
    let first = &steps[0][0].1;
    let value = |name: &str| first.iter().find(|b| b.0 == name).map(|b| b.1.clone());
    assert_eq!(value("v"), Some(BindingState::Value("undefined".into())));
    assert_eq!(
        value("f"),
        Some(BindingState::Value("[Function: f]".into()))
    );
    assert_eq!(value("t"), Some(BindingState::Uninitialized));
    // Inside f: two execution contexts, f's `b` in its TDZ before its declaration runs.
    let inside = steps
        .iter()
        .find(|s| s.len() == 2)
        .expect("a step inside f");
    assert_eq!(inside[1].0, "f");
    assert!(inside[1]
        .1
        .contains(&("a".into(), BindingState::Value("2".into()))));
    assert!(inside[1]
        .1
        .contains(&("b".into(), BindingState::Uninitialized)));
}

/// Global accesses cache where the binding lives (the global lexical environment, or a slot of the
/// global object); each case below changes that place between two calls of the same code. Expected
/// values follow ECMA-262 9.1.1.4 (global environment records), as node prints them.
#[test]
fn cached_global_accesses_follow_the_binding() {
    let mut engine = Engine::new();
    let run = |engine: &mut Engine, code: &str| {
        let v = engine.eval(code, "globals.js").unwrap();
        engine.display(v)
    };
    run(
        &mut engine,
        "globalThis.x = 1; function getX() { return x; } function setX(v) { x = v; }",
    );
    assert_eq!(run(&mut engine, "getX() + getX()"), "2");
    // A later script's `let` shadows the global object's property.
    run(&mut engine, "let x = 10;");
    assert_eq!(run(&mut engine, "getX()"), "10");
    assert_eq!(
        run(&mut engine, "setX(11); [getX(), globalThis.x].join()"),
        "11,1"
    );

    run(
        &mut engine,
        "globalThis.y = 1; function getY() { return y; } function setY(v) { 'use strict'; y = v; }",
    );
    assert_eq!(
        run(&mut engine, "getY(); getY(); setY(2); setY(3); getY()"),
        "3"
    );
    // Read-only: the store must not happen (and throws in strict code).
    run(
        &mut engine,
        "Object.defineProperty(globalThis, 'y', { writable: false });",
    );
    assert_eq!(
        run(
            &mut engine,
            "let r; try { setY(4); r = 'stored'; } catch (e) { r = e.name; } r + ',' + getY()"
        ),
        "TypeError,3"
    );
    // An accessor in place of the data property.
    run(
        &mut engine,
        "globalThis.z = 1; function getZ() { return z; } getZ(); getZ();",
    );
    run(&mut engine, "delete globalThis.z; Object.defineProperty(globalThis, 'z', { get() { return 'got'; }, configurable: true });");
    assert_eq!(run(&mut engine, "getZ()"), "got");
    // Deleted: a ReferenceError again.
    run(&mut engine, "delete globalThis.z;");
    assert_eq!(
        run(&mut engine, "try { getZ(); 'found' } catch (e) { e.name }"),
        "ReferenceError"
    );
}

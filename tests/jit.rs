//! The JIT tier against the interpreter: targeted programs whose guards fail (int32 overflow, a type
//! change, a shape change, a getter on a prototype, a hole in the middle of a loop, a non-boolean
//! condition, exceptions from stubs, calls), each run with the JIT off, eager and
//! on with a low threshold (also under GC stress); the output must be the same, and the eager run
//! must have compiled code (and, where the program is built for it, deoptimized).
#![cfg(feature = "jit")]

mod common;

use kestrel::vm::{JitMode, JitOptions, JitStats};
use kestrel::Engine;
use std::cell::RefCell;
use std::rc::Rc;

/// The threshold of the warm runs: low, so that the test programs' functions get hot after a few
/// calls (the default also waits 1,000 units per byte of bytecode, scaled with the threshold).
const WARM: u32 = 5;

fn run(source: &str, mode: JitMode, threshold: u32) -> (String, JitStats) {
    run_with(source, mode, threshold, false)
}

fn run_with(source: &str, mode: JitMode, threshold: u32, gc_stress: bool) -> (String, JitStats) {
    let output = Rc::new(RefCell::new(String::new()));
    let mut engine = Engine::new();
    engine.set_jit(JitOptions {
        mode,
        threshold,
        ..JitOptions::default()
    });
    engine.set_gc_stress(gc_stress);
    let sink = output.clone();
    engine.set_console(move |_, line| {
        let mut out = sink.borrow_mut();
        out.push_str(line);
        out.push('\n');
    });
    if let Err(e) = engine.eval(source, "test.js") {
        output
            .borrow_mut()
            .push_str(&format!("Uncaught {}\n", e.stack));
    }
    let text = output.borrow().clone();
    (text, engine.vm.jit_stats)
}

/// An engine with the JIT in `mode` (default threshold) whose console lines are collected.
fn engine_with_lines(mode: JitMode) -> (Engine, Rc<RefCell<Vec<String>>>) {
    let mut engine = Engine::new();
    let out = Rc::new(RefCell::new(Vec::new()));
    let sink = out.clone();
    engine.set_console(move |_, line| sink.borrow_mut().push(line.to_string()));
    engine.set_jit(JitOptions {
        mode,
        ..JitOptions::default()
    });
    (engine, out)
}

/// Same output with the JIT off, eager and on (threshold `WARM`, also with a collection at every
/// allocation); returns the stats of the eager run and of the run with the threshold (whose code
/// speculates on the warm-up's feedback).
fn same(source: &str) -> (JitStats, JitStats) {
    let (off, _) = run(source, JitMode::Off, WARM);
    let (eager, eager_stats) = run(source, JitMode::Eager, WARM);
    let (on, on_stats) = run(source, JitMode::On, WARM);
    let (stressed, _) = run_with(source, JitMode::On, WARM, true);
    assert_eq!(eager, off, "eager JIT differs from the interpreter");
    assert_eq!(on, off, "JIT (threshold WARM) differs from the interpreter");
    assert_eq!(
        stressed, off,
        "JIT (threshold WARM) under GC stress differs"
    );
    assert!(eager_stats.compiled > 0, "nothing was compiled eagerly");
    assert!(on_stats.compiled > 0, "nothing got hot");
    (eager_stats, on_stats)
}

#[test]
fn int32_loop() {
    same(
        "function sum(n) { let s = 0; for (let i = 0; i < n; i++) s = s + i; return s; }\n\
          for (let k = 0; k < 20; k++) console.log(sum(k * 100));",
    );
}

#[test]
fn int32_overflow_goes_on_as_a_double() {
    // Warm up with small sums (feedback: int32 only), then overflow in the middle of the loop: the
    // overflowing operation goes on as a double; the double flowing back into the int32-only
    // `s + i` then fails its type guard once (deopt, feedback widened, recompiled).
    let (_, stats) = same(
        "function sum(s, n) { for (let i = 0; i < n; i++) s = s + i; return s; }\n\
         for (let k = 0; k < 30; k++) sum(0, 10);\n\
         console.log(sum(2147483000, 100), sum(-2147483000, 5), sum(0, 100000));\n\
         function mul(a, b) { return a * b; }\n\
         for (let k = 0; k < 30; k++) mul(k, 3);\n\
         console.log(mul(65536, 65536), mul(0, -1), Object.is(mul(0, -1), -0), mul(-3, 0));",
    );
    assert!(stats.deopts <= 2, "deopts: {}", stats.deopts);
}

#[test]
fn a_type_change_in_the_middle_of_a_loop() {
    let (_, stats) = same(
        "function f(n) { let x = 0; for (let i = 0; i < n; i++) { x = x + 1; if (i == 5) x = 'a'; } return x; }\n\
         function g(n) { let x = 0; for (let i = 0; i < n; i++) { x = x + 1; if (i === 5) x = 0.5; } return x; }\n\
         for (let k = 0; k < 30; k++) { f(3); g(3); }\n\
         console.log(f(10), g(10), f(3), g(100));",
    );
    assert!(stats.deopts > 0, "no guard failed");
}

#[test]
fn doubles_and_non_numbers() {
    let (stats, _) = same(
        "function h(a, b) { return (a + b) * 2 - a / b; }\n\
         console.log(h(1, 2), h(1.5, 2.25), h(1, 0), h(-0, 1), h(NaN, 1));\n\
         console.log(h('x', 1), h(null, 3), h(undefined, 1), h(true, 2));\n\
         function c(a, b) { return a < b; }\n\
         console.log(c(1, 2), c(2.5, 1), c('a', 'b'), c(NaN, 1));",
    );
    // Non-Number operands take the interpreter's own operation in a runtime stub: no deopt.
    assert_eq!(stats.deopts, 0, "a stub deoptimized");
}

#[test]
fn conditions_that_are_not_booleans() {
    same(
        "function t(x) { if (x) return 1; return 0; }\n\
         console.log(t(true), t(false), t(0), t(3), t(''), t('a'), t(null), t(undefined), t({}), t(0.5), t(NaN));\n\
         function u(x) { return x ?? 7; }\n\
         console.log(u(null), u(undefined), u(0), u('s'));",
    );
}

#[test]
fn bitwise_and_shifts() {
    same(
        "function b(a, c) { return ((a & c) | (a ^ c)) + (a << 3) + (a >> 1) + (a >>> 1); }\n\
         console.log(b(5, 3), b(-5, 3), b(2147483647, -1), b(1.5, 2), b(-1, -1));\n\
         function m(a, c) { return a % c; }\n\
         console.log(m(7, 3), m(-7, 3), m(7, -3), m(5.5, 2), m(-4, 2), Object.is(m(-4, 2), -0));",
    );
}

#[test]
fn interrupt_stops_a_compiled_loop() {
    let mut engine = Engine::new();
    engine.set_jit(JitOptions {
        mode: JitMode::Eager,
        ..JitOptions::default()
    });
    let flag = engine.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        flag.interrupt();
    });
    // Two loops: the second's poll must not reuse the flag the first one read (nothing
    // between them stores: a load of the same address could look redundant to Cranelift).
    let r = engine.eval(
        "function spin() { let i = 0; while (i < 1000) { i = i + 1; } while (true) { i = i + 1; } }\nspin();",
        "spin.js",
    );
    t.join().unwrap();
    let e = r.expect_err("the loop must be interrupted");
    assert!(e.stack.contains("interrupted"), "{}", e.stack);
    assert!(engine.vm.jit_stats.compiled > 0);
}

/// Where a fuel budget of `fuel` stops `source` (and `spin()`, which it defines) in `mode`:
/// `report` evaluated afterwards, and whether compiled code ran.
fn stopped_by_fuel(source: &str, report: &str, mode: JitMode, fuel: u64) -> (String, bool) {
    let mut engine = Engine::new();
    engine.set_jit(JitOptions {
        mode,
        threshold: WARM,
        ..JitOptions::default()
    });
    engine.eval(source, "spin.js").expect("defined");
    engine.set_fuel(Some(fuel));
    let e = engine
        .eval("spin();", "run.js")
        .expect_err("fuel must run out");
    assert_eq!(e.name, "Termination", "{}", e.stack);
    assert!(e.message.contains("fuel"), "{}", e.message);
    engine.set_fuel(None);
    let v = engine.eval(report, "report.js").expect("report");
    let ran = engine.vm.jit_stats.entries > 0;
    (engine.display(v), ran)
}

#[test]
fn fuel_counts_the_same_with_the_jit() {
    // Fuel is spent at each back-edge and each call of a bytecode function; compiled code spends
    // it in place at back-edges, and its calls (in place, quick paths) leave a limited budget to
    // the runtime's call, so every budget stops the program at the same operation in every mode.
    let programs = [
        // `add` has a quick path (int32s only), `bump` is called in place, `Math.max` is a
        // built-in (no fuel): 3 per iteration.
        (
            "var n = 0, m = 0;\n\
             function add(a, b) { return a + b; }\n\
             function bump() { m = Math.max(m, n); }\n\
             function spin() { while (true) { n = add(n, 1); bump(); } }",
            "n + ',' + m",
        ),
        // Nested loops (an inner back-edge each iteration, the outer one every 7), a recursive
        // call, a property store.
        (
            "var o = { x: 0 }, k = 0;\n\
             function depth(d) { return d === 0 ? 0 : 1 + depth(d - 1); }\n\
             function spin() { for (;;) { for (let j = 0; j < 7; j++) { o.x = o.x + 1; } k = k + depth(3); } }",
            "o.x + ',' + k",
        ),
        // A sloppy prototype method's call (`this` bound by the runtime: `Vm::jit_enter_known`).
        (
            "function C() { this.v = 0; }\n\
             C.prototype.step = function () { this.v = this.v + 1; };\n\
             var c = new C();\n\
             function spin() { for (;;) { c.step(); } }",
            "c.v",
        ),
    ];
    for (source, report) in programs {
        for fuel in [1, 2, 3, 100, 3_000, 3_001, 3_002, 20_000, 50_001] {
            let (expected, _) = stopped_by_fuel(source, report, JitMode::Off, fuel);
            for mode in [JitMode::On, JitMode::Eager] {
                let (got, ran) = stopped_by_fuel(source, report, mode, fuel);
                assert_eq!(got, expected, "{mode:?} with fuel {fuel}: {source}");
                if fuel >= 3_000 {
                    assert!(ran, "{mode:?} with fuel {fuel} ran no compiled code");
                }
            }
        }
    }
    // The interpreter's own count, from the rule: the call of `spin` 1, then per iteration `add`
    // 1, `bump` 1, the back-edge 1. Fuel 3,000: 999 iterations and `add`, `bump` of the 1,000th.
    let (source, report) = programs[0];
    let (n, _) = stopped_by_fuel(source, report, JitMode::Off, 3_000);
    assert_eq!(n, "1000,1000");
    let (n, _) = stopped_by_fuel(source, report, JitMode::Off, 3_002);
    assert_eq!(n, "1001,1000");
}

#[test]
fn a_loop_under_a_fuel_limit_is_compiled_and_entered() {
    // No call to tier up through: the loop's own hotness, counted under a fuel limit too, gets it
    // compiled and entered at its header; fuel then runs out inside compiled code, where the
    // interpreter's does. (Before, a fuel limit kept every loop interpreted.)
    let source = "var n = 0;\nfunction spin() { for (;;) { n = n + 1; } }";
    for fuel in [300_000, 300_001] {
        let (expected, _) = stopped_by_fuel(source, "n", JitMode::Off, fuel);
        let mut engine = Engine::new();
        engine.set_jit(JitOptions {
            mode: JitMode::On,
            ..JitOptions::default()
        });
        engine.eval(source, "spin.js").expect("defined");
        engine.set_fuel(Some(fuel));
        let e = engine.eval("spin();", "run.js").expect_err("fuel runs out");
        assert!(e.message.contains("fuel"), "{}", e.message);
        assert!(
            engine.vm.jit_stats.osr_entries > 0,
            "{:?}",
            engine.vm.jit_stats
        );
        engine.set_fuel(None);
        let n = engine.eval("n", "n.js").expect("n");
        assert_eq!(engine.display(n), expected);
    }
}

#[test]
fn inline_doubles_match_the_interpreter() {
    same(
        "function s(a, b) { const r = a + b; const q = a * b; const d = a / b; return r === q || d < r; }\n\
         const xs = [0, -0, 1, -1, 0.5, -2.5, 1e308, -1e308, NaN, Infinity, -Infinity, 2147483647, -2147483648, 3e9];\n\
         for (const a of xs) for (const b of xs) { console.log(s(a, b)); }\n\
         function t(a, b) { const r = a * b; return Object.is(r, -0) ? 'minus zero' : r; }\n\
         console.log(t(-1.5, 0), t(0.5, -0), t(2.5, 2), (function (a) { return a / 2; })(3), (function (a) { return a + 0.5; })(0.5));",
    );
}

#[test]
fn osr_enters_a_top_level_loop_whose_let_is_captured() {
    // Top-level script code: globals, a `let` per iteration captured by closures, calls.
    let (eager, on) = same(
        "let total = 0; const fs = [];\n\
         for (let i = 0; i < 300; i++) { total = total + i; if (i % 50 === 0) fs.push(() => i); }\n\
         console.log(total, fs.map(f => f()).join());\n\
         var v = 0; for (var j = 0; j < 2000; j++) { v = (v + j * j) | 0; }\n\
         console.log(v, j);",
    );
    // Eagerly, the script is compiled at its first instruction and runs compiled from the start.
    assert!(eager.entries > 0, "nothing ran compiled");
    assert!(on.osr_entries > 0, "no hot loop entered");
}

#[test]
fn a_shape_change_in_the_middle_of_a_loop() {
    same(
        "function f(objs) { let s = 0; for (let i = 0; i < objs.length; i++) s = s + objs[i].x; return s; }\n\
         const a = []; for (let i = 0; i < 100; i++) a.push({ x: i });\n\
         console.log(f(a));\n\
         a[50] = { y: 1, x: 0.5 }; a[60] = { x: 'str' }; delete a[70].x;\n\
         console.log(f(a));\n\
         const o = { x: 1 }; let t = 0;\n\
         for (let i = 0; i < 200; i++) { t += o.x; if (i === 100) { o.z = 3; o.x = 2; } }\n\
         console.log(t);",
    );
}

#[test]
fn a_getter_installed_on_a_prototype_in_the_middle_of_a_loop() {
    same(
        "class P { constructor() { this.a = 1; } }\n\
         const p = new P(); let s = 0; let calls = 0;\n\
         for (let i = 0; i < 300; i++) {\n\
           s += p.b === undefined ? 1 : p.b;\n\
           if (i === 150) Object.defineProperty(P.prototype, 'b', { get() { calls++; return 10; } });\n\
         }\n\
         console.log(s, calls);",
    );
}

#[test]
fn holes_and_out_of_bounds_in_array_loops() {
    same(
        "function sum(a) { let s = 0; for (let i = 0; i <= a.length; i++) { const v = a[i]; s = s + (v === undefined ? 100 : v); } return s; }\n\
         const a = [1, 2, 3, 4, 5, 6, 7, 8];\n\
         for (let k = 0; k < 50; k++) sum(a);\n\
         console.log(sum(a)); delete a[3]; console.log(sum(a)); a[20] = 1; console.log(sum(a));\n\
         Array.prototype[3] = 1000; console.log(sum(a)); delete Array.prototype[3];\n\
         const b = []; for (let i = 0; i < 100; i++) b[i] = i * 2; b.length = 50; console.log(sum(b));",
    );
}

#[test]
fn an_exception_from_a_stub_unwinds_as_in_the_interpreter() {
    same(
        "function thrower(i) { if (i === 77) throw new Error('at ' + i); return i; }\n\
         function run(n) {\n\
           let s = 0;\n\
           for (let i = 0; i < n; i++) {\n\
             try { s += thrower(i); null.x; } catch (e) { s += 1; if (i === 77) console.log(e.stack); }\n\
             finally { s += 2; }\n\
           }\n\
           return s;\n\
         }\n\
         console.log(run(100));\n\
         function deep(o) { return o.a.b.c; }\n\
         try { for (let i = 0; i < 10; i++) deep({ a: i < 5 ? { b: { c: 1 } } : {} }); } catch (e) { console.log(e.stack); }\n\
         let k = 0; try { while (true) { k++; if (k > 100) undefinedName; } } catch (e) { console.log(k, e.stack); }",
    );
}

#[test]
fn calls_and_recursion_under_the_jit() {
    same(
        "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n\
         console.log(fib(20));\n\
         function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }\n\
         console.log(depth(3000));\n\
         function inf(n) { return inf(n + 1) + 1; }\n\
         try { inf(0); } catch (e) { console.log(e.name, e.message); }\n\
         class A { constructor(v) { this.v = v; } get twice() { return this.v * 2; } m(x) { return this.v + x; } }\n\
         let s = 0; for (let i = 0; i < 200; i++) { const a = new A(i); s += a.twice + a.m(1) + [i].map(x => x + 1)[0]; }\n\
         console.log(s, Math.max(1, 5, 3), String(s).length);",
    );
}

#[test]
fn global_lets_and_consts_in_compiled_loops() {
    // Cached global `let`/`const` bindings are read and written in place by compiled code; a
    // `const` store and a read in the temporal dead zone take the stub (and throw there).
    same(
        "let g = 0; const K = 3;\n\
         function bump(n) { for (let i = 0; i < n; i++) g = g + K; return g; }\n\
         for (let k = 0; k < 30; k++) bump(10);\n\
         console.log(bump(5));\n\
         function setK() { let i = 0; for (; i < 100; i++) { g = g + 1; if (i === 60) K = 1; } return i; }\n\
         for (let k = 0; k < 3; k++) { try { setK(); } catch (e) { console.log(e.name, e.message, g); } }\n\
         function early() { let s = 0; for (let i = 0; i < 100; i++) { s = s + i; if (i === 50) s += late; } return s; }\n\
         try { early(); } catch (e) { console.log(e.name, e.message); }\n\
         let late = 5; console.log(early(), early());\n\
         for (let k = 0; k < 200; k++) { g = k; }\n\
         console.log(g, K, late);",
    );
}

#[test]
fn stubs_under_gc_stress() {
    // A collection at every allocation while compiled code runs stubs that allocate (objects,
    // arrays, closures, strings, calls): every live value must be in the frame when they run.
    let source = "function mk(i) { return { a: i, b: [i, i + 1], c: () => i * 2, d: 'k' + i }; }\n\
         let keep = []; let s = '';\n\
         for (let i = 0; i < 60; i++) {\n\
           const o = mk(i); const t = { o, n: i + 0.5 };\n\
           s = s + o.d + ',';\n\
           if (i % 7 === 0) keep.push(t);\n\
           try { if (i % 13 === 0) throw new Error('e' + i); } catch (e) { s = s + e.message; }\n\
         }\n\
         console.log(s.length, keep.length, keep.map(t => t.o.a + t.o.b[1] + t.o.c() + t.n).join());";
    let mut outputs = Vec::new();
    for mode in [JitMode::Off, JitMode::Eager] {
        let output = Rc::new(RefCell::new(String::new()));
        let mut engine = Engine::new();
        engine.set_jit(JitOptions {
            mode,
            ..JitOptions::default()
        });
        engine.set_gc_stress(true);
        let sink = output.clone();
        engine.set_console(move |_, line| sink.borrow_mut().push_str(line));
        engine.eval(source, "gc.js").expect("runs");
        if mode == JitMode::Eager {
            assert!(engine.vm.jit_stats.compiled > 0);
        }
        let text = output.borrow().clone();
        outputs.push(text);
    }
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn stores_to_an_object_frozen_or_reshaped_in_the_middle_of_a_loop() {
    // The store site is monomorphic when compiled; freezing the object (a new shape) or adding a
    // property must take the general path: silently ignored in sloppy code, a TypeError in strict.
    same(
        "function fill(o, n, freezeAt) { for (let i = 0; i < n; i++) { o.x = i; if (i === freezeAt) Object.freeze(o); } return o.x; }\n\
         for (let k = 0; k < 30; k++) fill({ x: 0 }, 10, -1);\n\
         console.log(fill({ x: 0 }, 100, 40), fill({ x: 0, y: 1 }, 100, -1));\n\
         function strictFill(o, n) { 'use strict'; for (let i = 0; i < n; i++) { o.x = i; if (i === 20) Object.defineProperty(o, 'x', { writable: false }); } }\n\
         for (let k = 0; k < 30; k++) { try { strictFill({ x: 0 }, 10); } catch (e) { console.log('early', e.name); } }\n\
         try { strictFill({ x: 0 }, 100); } catch (e) { console.log(e.name, e.message); }\n\
         function sum(o, n) { let s = 0; for (let i = 0; i < n; i++) { s += o.x; if (i === 30) { delete o.x; o.x = 5; } } return s; }\n\
         for (let k = 0; k < 30; k++) sum({ x: 1 }, 5);\n\
         console.log(sum({ x: 1 }, 100));",
    );
}

#[test]
fn polymorphic_property_sites() {
    // Up to four shapes at a site are tried in order; a fifth shape, a prototype property and a
    // getter take the general path.
    same(
        "function get(o) { return o.x; } function put(o, v) { o.x = v; return o; }\n\
         const shapes = [{ x: 1 }, { y: 2, x: 3 }, { z: 0, y: 0, x: 5 }, { w: 1, x: 7 }];\n\
         let s = 0;\n\
         for (let k = 0; k < 60; k++) { const o = shapes[k % 4]; s += get(o); put(o, k); }\n\
         console.log(s, shapes.map(get).join());\n\
         const odd = [{ v: 1, x: 'five' }, Object.create({ x: 'proto' }), { get x() { return 'getter'; } }, { x: 9 }];\n\
         for (const o of odd) console.log(get(o));\n\
         for (let k = 0; k < 100; k++) { s += get(shapes[k % 4]); if (k === 50) shapes[1].x = 0.5; }\n\
         console.log(s, put(Object.freeze({ x: 1 }), 2).x);",
    );
}

#[test]
fn a_handler_sees_registers_only_it_reads() {
    // `a` is dead on the normal path after `o.x.y` (written again before any read) but read by
    // the handler its throw reaches: the stub must write it back all the same.
    for mode in [JitMode::On, JitMode::Eager] {
        let (mut engine, out) = engine_with_lines(mode);
        engine
            .eval(
                "function g(o, i) {\n\
                   let a = i * 2;\n\
                   let r = 0;\n\
                   try { r = o.x.y; a = 0; } catch (e) { r = a + 1; }\n\
                   return r + a;\n\
                 }\n\
                 let t = 0;\n\
                 for (let k = 0; k < 3000; k++) t += g(k % 3 ? { x: { y: k } } : {}, k);\n\
                 console.log(t);",
                "handler.js",
            )
            .unwrap();
        assert!(engine.vm.jit_stats.compiled > 0, "nothing compiled");
        assert_eq!(*out.borrow(), ["8995000"], "{mode:?}");
    }
}

#[test]
fn a_non_number_operand_deopts_and_widens_the_feedback() {
    // Hot with Number-only feedback, compiled: `x + y` and `x === y` have no stub path, so a
    // string or an object there deopts (`NotNumber`) and widens the site's feedback past
    // Numbers (`===` records no other type itself); the recompiled code takes the stub there,
    // and the deopts stop.
    let (mut engine, out) = engine_with_lines(JitMode::On);
    engine
        .eval(
            "function f(x, y) {\n\
               let s = 0;\n\
               for (let i = 0; i < 10; i++) { s = x + y; if (x === y) s = 0; }\n\
               return s;\n\
             }\n\
             for (let k = 0; k < 500; k++) f(1.5, 2);",
            "not_number.js",
        )
        .unwrap();
    let compiled = engine.vm.jit_stats.compiled;
    assert!(compiled > 0, "f was not compiled");
    engine
        .eval(
            "let o = {}; let r = [];\n\
             for (let k = 0; k < 20000; k++) r[k % 4] = f(k % 2 ? 'a' : o, k % 3 ? 'b' : o);\n\
             console.log(r.join());",
            "not_number.js",
        )
        .unwrap();
    let deopts = engine.vm.jit_stats.deopts;
    assert!(deopts > 0, "no guard failed");
    assert!(
        engine.vm.jit_stats.compiled > compiled,
        "never recompiled after the deopts"
    );
    engine
        .eval(
            "for (let k = 0; k < 5000; k++) r[k % 4] = f(k % 2 ? 'a' : o, k % 3 ? 'b' : 1.5);\n\
             console.log(r.join(), f(1, 1), f(1, 2));",
            "not_number.js",
        )
        .unwrap();
    assert_eq!(engine.vm.jit_stats.deopts, deopts, "deopted again");
    assert_eq!(
        *out.borrow(),
        [
            "[object Object]b,ab,0,ab",
            "[object Object]b,ab,[object Object]1.5,ab 0 3"
        ]
    );
}

#[test]
fn a_deopt_backs_off_before_recompiling() {
    // Hot with int32-only feedback, compiled; a double then fails the guard of `s + x` (deopt,
    // feedback widened). The function is not recompiled at its next call: it runs interpreted
    // until it is hot again (the wait doubles with each deopt), then compiles once more.
    // The default threshold: a call of f spends ~200 units, the wait after one deopt is twice
    // the threshold.
    let (mut engine, out) = engine_with_lines(JitMode::On);
    engine
        .eval(
            "function f(x) { let s = 0; for (let i = 0; i < 10; i++) s = s + x; return s; }\n\
             for (let k = 0; k < 500; k++) f(1);",
            "backoff.js",
        )
        .unwrap();
    let compiled = engine.vm.jit_stats.compiled;
    assert!(compiled > 0, "f was not compiled");
    engine
        .eval("console.log(f(0.5), f(1));", "backoff.js")
        .unwrap();
    assert!(engine.vm.jit_stats.deopts > 0, "no guard failed");
    assert_eq!(engine.vm.jit_stats.compiled, compiled, "recompiled at once");
    engine
        .eval(
            "let t = 0; for (let k = 0; k < 3000; k++) t += f(k % 2 ? 0.5 : 1); console.log(t);",
            "backoff.js",
        )
        .unwrap();
    assert!(engine.vm.jit_stats.compiled > compiled, "never recompiled");
    assert_eq!(*out.borrow(), ["5 10", "22500"]);
}

#[test]
fn direct_calls_between_compiled_functions() {
    // Calls from compiled code to compiled functions run without the stub: a callee that deopts
    // (int32 overflow, then a string) finishes in the interpreter; a callee that throws unwinds
    // through the caller's try/catch with the interpreter's stack trace; sloppy `this`, arrows,
    // methods, fewer and more arguments than parameters, a callee replaced mid-loop by a native
    // and by a non-callable.
    same(
        "function add(a, b) { return a + b; }\n\
         function callAdd(n) { let s = 0; for (let i = 0; i < n; i++) s = add(s, i); return s; }\n\
         for (let k = 0; k < 30; k++) callAdd(10);\n\
         console.log(callAdd(100), add(2147483647, 1), add('a', 1), callAdd(70000));\n\
         function thrower(i) { if (i === 40) throw new TypeError('bad ' + i); return i; }\n\
         function loop() { let s = 0; for (let i = 0; i < 60; i++) { try { s += thrower(i); } catch (e) { console.log(e.stack); } } return s; }\n\
         console.log(loop(), loop());\n\
         function sloppyThis() { return this === globalThis; }\n\
         function strictThis() { 'use strict'; return this; }\n\
         const o = { v: 3, m(x) { return this.v + x; }, arrow() { return [1, 2].map(x => x * this.v); } };\n\
         let t = 0; for (let i = 0; i < 100; i++) { t += sloppyThis() ? 1 : 0; t += strictThis() === undefined ? 1 : 0; t += o.m(i) + o.arrow()[1]; }\n\
         console.log(t);\n\
         function few(a, b, c) { return [a, b, c].join(); }\n\
         let j = ''; for (let i = 0; i < 60; i++) { j = few(i) + few(i, 1, 2, 3); }\n\
         console.log(j);\n\
         let f = add; let u = 0;\n\
         for (let i = 0; i < 100; i++) { if (i === 50) f = Math.max; if (i === 90) f = 1; try { u += f(i, 1); } catch (e) { console.log(i, e.message); break; } }\n\
         console.log(u);",
    );
}

#[test]
fn known_callees_get_their_frames_pushed_by_compiled_code() {
    // Calls of a global function from compiled code push its frame in place and call its code:
    // deep recursion (past the stack the code may use itself, on a 2 MiB test thread), runaway
    // recursion (RangeError), a stack trace from deep inside, a global reassigned after the
    // compile (another function, a native, a non-callable), an arrow's `this`, allocation and
    // objects returned from callees (GC stress), a callee that deopts until it stays interpreted.
    // Golden: node 20 prints the same.
    let (_, on) = same(
        "function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }\n\
         let d = 0; for (let i = 0; i < 20; i++) d += depth(100);\n\
         console.log(d, depth(3000));\n\
         function runaway(n) { return runaway(n + 1) + 1; }\n\
         try { runaway(0); } catch (e) { console.log(e instanceof RangeError, e.message); }\n\
         function deep(n) { if (n === 0) throw new Error('bottom'); return deep(n - 1); }\n\
         for (let i = 0; i < 10; i++) { try { deep(3); } catch (e) { } }\n\
         try { deep(5); } catch (e) { console.log(e.stack.split('\\n').filter(l => l.includes('at deep (')).length); }\n\
         function pair(a, b) { return { a, b, sum: a + b }; }\n\
         function pairs(n) { let s = 0; for (let i = 0; i < n; i++) s += pair(i, 2 * i).sum; return s; }\n\
         console.log(pairs(10), pairs(2000));\n\
         var g = function (x) { return x + 1; };\n\
         function callG(n) { let s = 0; for (let i = 0; i < n; i++) s += g(i); return s; }\n\
         console.log(callG(100));\n\
         g = function (x) { return x * 2; }; console.log(callG(100));\n\
         g = Math.abs; console.log(callG(100));\n\
         g = 5; try { callG(3); } catch (e) { console.log(e.constructor.name); }\n\
         const self = this;\n\
         const arrow = (x) => this === self ? x : -x;\n\
         function callArrow(n) { let s = 0; for (let i = 0; i < n; i++) s += arrow(i); return s; }\n\
         console.log(callArrow(10), callArrow(100));\n\
         function widen(x, i) { return i % 7 === 3 ? x + 0.5 : (i % 11 === 5 ? x + 'z' : x + 1); }\n\
         function callWiden(n) { let s = 0; let t = ''; for (let i = 0; i < n; i++) { const r = widen(i, i); if (typeof r === 'string') t += r; else s += r; } return s + t.length; }\n\
         for (let k = 0; k < 30; k++) callWiden(40);\n\
         console.log(callWiden(300));",
    );
    assert!(on.compiled > 0);
}

#[test]
fn compiled_recursion_can_be_interrupted() {
    // An interrupt reaches a compiled function that only calls itself (no loop to poll): the
    // in-place call checks the flag.
    let (mut engine, _) = engine_with_lines(JitMode::Eager);
    let flag = engine.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        flag.interrupt();
    });
    let err = engine
        .eval(
            "function spin(n) { return n > 1000 ? 0 : spin(n + 1) + spin(n + 1); } spin(0);",
            "spin.js",
        )
        .expect_err("interrupted");
    stopper.join().unwrap();
    assert!(err.message.contains("interrupted"), "{}", err.message);
}

#[test]
fn straight_line_property_accesses_share_their_checks_and_loads() {
    // A run of own-slot accesses checks each object once and loads each slot once; a store
    // through another register holding the same object (same shape) must be seen by later
    // loads, a call in between forgets everything, a shape change mid-loop deopts, and a
    // register reassigned to another object is checked again. Golden: node 20 prints
    // "228925 210505 751 47 3 4", "21590 11", "630 150", "233 368".
    let source = "function P(x, y) { this.x = x; this.y = y; }\n\
         function alias(a, b, n) {\n\
           let s = 0;\n\
           for (let i = 0; i < n; i++) {\n\
             const t = a.x + b.x;\n\
             b.x = (t + 1) % 1000;\n\
             s += a.x + a.y;\n\
             a.y = (a.x - b.y) % 100;\n\
             s += b.y * 2 + a.x;\n\
           }\n\
           return s;\n\
         }\n\
         const o = new P(1, 2), q = new P(3, 4);\n\
         let r1 = 0, r2 = 0;\n\
         for (let k = 0; k < 40; k++) { r1 += alias(o, o, 5); r2 += alias(o, q, 5); }\n\
         console.log(r1, r2, o.x, o.y, q.x, q.y);\n\
         function viaCall(a, f) { const before = a.x; f(a); return before * 10 + a.x; }\n\
         function bump(p) { p.x = (p.x + 1) % 50; }\n\
         let c = 0; for (let k = 0; k < 60; k++) c += viaCall(o, bump);\n\
         console.log(c, o.x);\n\
         function grow(a, n) { let s = 0; for (let i = 0; i < n; i++) { s += a.x; if (i === 30) a.z = 1; s += a.x + (a.z || 0); } return s; }\n\
         console.log(grow(new P(5, 6), 60), grow(new P(1, 1), 60));\n\
         function swap(a, b) { let s = 0; for (let i = 0; i < 50; i++) { let u = a; s += u.x; u = b; s += u.x; u.x = s % 7; s += a.x; } return s; }\n\
         console.log(swap(new P(1, 0), new P(2, 0)), (() => { const w = new P(9, 0); return swap(w, w); })());";
    let (_, on) = same(source);
    assert!(on.compiled > 0);
    let (out, _) = run(source, JitMode::On, WARM);
    assert_eq!(
        out,
        "228925 210505 751 47 3 4\n21590 11\n630 150\n233 368\n"
    );
}

#[test]
fn a_top_level_loop_is_compiled_without_the_code_before_it() {
    // A script's top level is compiled from the hot loop it is entered at (the code before it
    // ran once): values set before the loop, a handler inside it, the code after it, and a
    // second hot loop that recompiles from its own header. Golden: node 20 prints "49 161723 239 7".
    let source = "const base = { n: 7 };\n\
         let pre = 0;\n\
         for (let i = 0; i < 50; i++) pre += i % 3;\n\
         function f(x) { return x * 2; }\n\
         let acc = 0;\n\
         for (let k = 0; k < 400; k++) {\n\
           try { if (k === 333) throw new Error('k' + k); acc += f(k) + base.n; } catch (e) { acc -= e.message.length; }\n\
         }\n\
         let tail = pre;\n\
         for (let j = 0; j < 20; j++) tail += j;\n\
         console.log(pre, acc, tail, base.n);";
    let (_, on) = same(source);
    assert!(on.compiled >= 2, "both loops compiled");
    let (out, _) = run(source, JitMode::On, WARM);
    assert_eq!(out, "49 161723 239 7\n");
    // An exception caught at the top level leaves the compiled code; the next loop asks to be
    // entered at its header, which the code does not have, and gets compiled for it. Golden:
    // node 20 prints "44851 9999900000 43656".
    let source = "let s = 0;\n\
         for (let i = 0; i < 300; i++) s += i;\n\
         try { null.x; } catch (e) { s += 1; }\n\
         let t = 0;\n\
         for (let j = 0; j < 100000; j++) t += j * 2;\n\
         const o = { k: 0 };\n\
         for (let m = 0; m < 300; m++) { try { if (m % 100 === 99) throw m; o.k += m; } catch (e) { o.k -= e; } }\n\
         console.log(s, t, o.k);";
    let (_, on) = same(source);
    assert!(
        on.compiled >= 2,
        "the later loop compiled for its own header"
    );
    let (out, _) = run(source, JitMode::On, WARM);
    assert_eq!(out, "44851 9999900000 43656\n");
}

#[test]
fn prototype_methods_are_known_callees() {
    // A method found on the receivers' prototype when compiling (a class's, a constructor's
    // prototype) is called in place after checking the callee: a strict class method with the
    // call's `this`, a sloppy prototype function (the runtime's `this` conversion), a subclass's
    // override on some receivers, the method replaced mid-loop, an object literal's own method.
    // Golden: node 20 prints "5165004 125250 12502500".
    let source = "class V { constructor(x) { this.x = x; } add(k) { return this.x + k; } static make(x) { return new V(x); } }\n\
         class W extends V { add(k) { return this.x * k; } }\n\
         function P(x) { this.x = x; }\n\
         P.prototype.get = function (d) { return this === undefined ? -1 : this.x + d; };\n\
         function run(n) {\n\
           const v = new V(2), w = new W(3), p = new P(4);\n\
           let s = 0;\n\
           for (let i = 0; i < n; i++) {\n\
             s += v.add(i) + p.get(i);\n\
             if (i % 50 === 49) s += w.add(i);\n\
             if (i === 700) V.prototype.add = function (k) { return k - this.x; };\n\
           }\n\
           return s;\n\
         }\n\
         let t = 0;\n\
         for (let r = 0; r < 5; r++) t += run(1000);\n\
         const o = { m(x) { return x + 1; } };\n\
         function lit(n) { let s = 0; for (let i = 0; i < n; i++) s += o.m(i); return s; }\n\
         console.log(t, lit(500), lit(5000));";
    let (_, on) = same(source);
    assert!(on.compiled > 0);
    let (out, _) = run(source, JitMode::On, WARM);
    assert_eq!(out, "5165004 125250 12502500\n");
}

#[test]
fn array_length_and_prototype_methods_in_compiled_loops() {
    // `a.length` reads an array's length directly, other objects take their `length` property
    // (own, inherited, a getter); a method on the prototype is read by the receiver's and the
    // prototype's shapes: replacing it, shadowing it on the object, or swapping the prototype in
    // the middle of a loop must be seen.
    same(
        "function len(a) { let s = 0; for (let i = 0; i < 50; i++) s += a.length; return s; }\n\
         const arr = [1, 2, 3];\n\
         console.log(len(arr), len('abcd'), len({ length: 7 }), len({ get length() { return 2; } }), len(Object.create([1, 2])));\n\
         const grow = []; let g = 0; for (let i = 0; i < 100; i++) { grow.push(i); g += grow.length; } console.log(g);\n\
         class C { constructor(v) { this.v = v; } get() { return this.v; } }\n\
         class D { get() { return -1; } }\n\
         const c = new C(2); let s = 0;\n\
         for (let i = 0; i < 300; i++) {\n\
           s += c.get();\n\
           if (i === 100) C.prototype.get = function () { return 10; };\n\
           if (i === 150) c.get = () => 100;\n\
           if (i === 200) { delete c.get; Object.setPrototypeOf(c, D.prototype); }\n\
         }\n\
         console.log(s);",
    );
}

#[test]
fn unboxed_numbers_in_compiled_loops() {
    // Warmed-up sites run unboxed (int32 / f64 / boolean registers): the values must box back
    // exactly where they leave compiled code — property stores, calls, string concatenation, the
    // frame at exits — and every guard (an int32 overflow, -0, a negative remainder, an unsigned
    // shift past 2^31, NaN, a non-number arriving later) must give the interpreter's result.
    let (_, on) = same(
        "function f(n, k) {\n\
           let i = 0, x = 0, y = 0.5, s = 0, neg = 0, b = false, o = { v: 0 }, out = [];\n\
           while (i < n) {\n\
             x = x * 1.5 + i; y = y / 2 - i * 0.25; s = (s + i * k) | 0;\n\
             neg = (i - 5) % 3; b = x < y; o.v = x; out.push(b, y, neg);\n\
             if (i % 7 === 3) s = s + 2147483000;\n\
             i++;\n\
           }\n\
           return [x, y, s, neg, b, o.v, out.length, out[out.length - 1], '' + y, Object.is(neg, -0)].join();\n\
         }\n\
         for (let k = 0; k < 40; k++) f(10, k);\n\
         console.log(f(10, 3), f(40, -7), f(5, 2.5), f(3, 'x'));\n\
         function g(a, b) { let t = 0; for (let i = 0; i < 50; i++) { t += (a * b) + (a >>> b) + (a % b) + (a / b); } return t; }\n\
         for (let k = 1; k < 40; k++) g(k, 3);\n\
         console.log(g(0, -1), g(-7, 3), g(-1, 0), g(7, 0), g(2.5, 2), g(NaN, 1), g('3', 2));\n\
         function h(x) { let n = 0; while (x) { x = x - 0.5; n++; if (n > 100) break; } return n; }\n\
         for (let k = 0; k < 40; k++) h(3);\n\
         console.log(h(3), h(2.25), h(NaN), h(-0), h(0.5));\n\
         function m(c) { let x = 0; for (let i = 0; i < 20; i++) { if (c) x = x + 1.5; else x = x + 1; } return x; }\n\
         for (let k = 0; k < 40; k++) { m(true); m(false); }\n\
         console.log(m(true), m(false), 0 === -0, m(false) === 20);\n\
         let top = 0; for (let i = 2147483600; i < 2147483700; i++) top += i % 7;\n\
         let fl = 0.1; for (let i = 0; i < 200; i++) fl = fl * 1.01 + (i < 100 ? 1 : -1);\n\
         console.log(top, fl);",
    );
    assert!(on.deopts > 0, "no unboxed guard failed");
}

#[test]
fn constant_remainders_and_bitwise_operators_on_doubles() {
    // `x % 3` by a constant divisor runs as a multiplication (negative dividends inline, a zero
    // remainder of one is -0: deopt); a bitwise operator whose feedback saw doubles applies
    // ToInt32 inline (modulo 2^32; NaN gives 0; an infinity or a double past 2^63 deopts).
    // Expected output: node 20 on the same program.
    let source = "function r(x) { return [x % 3, x % 1, x % 2147483647, (x * 1.5) | 0, (x + 0.5) & 255, (x - 0.25) ^ -1, (x * 2) << 3, (x / 3) >> 1]; }\n\
         const xs = [7, -7, -6, 6, 0, 2147483647, -2147483648, 1.5, -1.5, 1e10, -1e10, 2 ** 53, 2 ** 63, -(2 ** 63), 2 ** 64 + 4096, NaN, Infinity, -Infinity, 4294967295.5, -0];\n\
         for (let k = 0; k < 60; k++) r(k * 0.5 - 10);\n\
         const out = [];\n\
         for (const x of xs) for (const v of r(x)) out.push(Object.is(v, -0) ? '-0' : String(v));\n\
         console.log(out.join());";
    let (_, on) = same(source);
    assert!(on.deopts > 0, "no guard failed");
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(
        text.trim_end(),
        "1,0,7,10,7,-7,112,1,-1,-0,-7,-10,250,6,-112,-1,-0,-0,-6,-9,251,5,-96,-1,0,0,6,9,6,-6,96,1,0,0,0,0,0,-1,0,0,1,0,0,-1073741826,255,-2147483647,-16,357913941,-2,-0,-1,1073741824,1,2147483647,0,-357913941,1.5,0.5,1.5,2,2,-2,24,0,-1.5,-0.5,-1.5,-2,255,0,-24,0,1,0,1410065412,2115098112,0,-1410065408,1086210048,-480816982,-1,-0,-1410065412,-2115098112,1,1410065407,-1086210048,480816981,2,0,4194304,0,0,-1,0,-715827883,2,0,2,0,0,-1,0,-715827968,-2,-0,-2,0,0,-1,0,715827968,2,0,4100,8192,0,-4097,65536,715828736,NaN,NaN,NaN,0,0,-1,0,0,NaN,NaN,NaN,0,0,-1,0,0,NaN,NaN,NaN,0,0,-1,0,0,0.5,0.5,1.5,2147483647,0,0,-8,715827882,-0,-0,-0,0,0,-1,0,0"
    );
}

#[test]
fn built_ins_run_inline_and_global_functions_load_in_place() {
    // `a.push(x)`, `Math.sqrt/abs/min/max` run without a call where the callee is that built-in
    // and the arguments are its case — every other case calls: array-likes, frozen, sealed and
    // non-writable-length arrays, an own or a replaced `push`, indexed prototype elements,
    // arguments that are not Numbers (valueOf runs once per argument, in order), a replaced
    // `Math.sqrt`; array literals around the inline calls keep their registers. A global
    // function is read in place from the global object until it is reassigned.
    // Expected output: node 20 running the same program as a script (`node -e`).
    let source = "function fill(a, n, k) { for (let i = 0; i < n; i++) a.push(i * k); return a.length; }\n\
         const out = [];\n\
         for (let r = 0; r < 30; r++) fill([], 10, r);\n\
         out.push(fill([], 5, 2), fill([1, , 3], 3, 1));\n\
         const frozen = Object.freeze([1, 2]);\n\
         try { fill(frozen, 2, 1); } catch (e) { out.push(e.constructor.name); }\n\
         const sealed = Object.preventExtensions([7]);\n\
         try { fill(sealed, 1, 1); } catch (e) { out.push(e.constructor.name, sealed.length); }\n\
         const like = { length: 2, push: Array.prototype.push };\n\
         out.push(fill(like, 3, 1), JSON.stringify(like));\n\
         const fixed = [1, 2, 3]; Object.defineProperty(fixed, 'length', { writable: false });\n\
         try { fill(fixed, 1, 1); } catch (e) { out.push(e.constructor.name, fixed.length); }\n\
         const own = [1]; own.push = function (x) { out.push('own push ' + x); return 0; };\n\
         out.push(fill(own, 2, 3));\n\
         Array.prototype[5] = 'proto';\n\
         const holey = [0]; out.push(fill(holey, 6, 1), holey.join('|'));\n\
         delete Array.prototype[5];\n\
         const saved = Array.prototype.push;\n\
         Array.prototype.push = function (x) { return saved.call(this, x, x); };\n\
         out.push(fill([], 3, 1));\n\
         Array.prototype.push = saved;\n\
         function m(x, y) { return [Math.sqrt(x), Math.abs(x), Math.min(x, y), Math.max(x, y)]; }\n\
         for (let r = 0; r < 40; r++) m(r * 1.5, r - 20);\n\
         const vals = [4, 2.25, -9, 0, -0, NaN, Infinity, -Infinity, '16', null, undefined, true, { valueOf() { out.push('valueOf'); return 25; } }];\n\
         for (const x of vals) for (const y of [0, -0, 3, NaN, '2']) for (const v of m(x, y)) out.push(Object.is(v, -0) ? '-0' : String(v));\n\
         const sqrt = Math.sqrt; Math.sqrt = (x) => 'patched ' + x;\n\
         out.push(m(4, 1)[0]);\n\
         Math.sqrt = sqrt;\n\
         function g() { return 1; }\n\
         function callG(n) { let s = 0; for (let i = 0; i < n; i++) s += g(); return s; }\n\
         for (let r = 0; r < 30; r++) callG(10);\n\
         out.push(callG(5));\n\
         globalThis.g = function () { return 2; };\n\
         out.push(callG(5));\n\
         delete globalThis.g;\n\
         try { callG(1); } catch (e) { out.push(e.constructor.name); }\n\
         console.log(out.join());";
    let (_, on) = same(source);
    assert!(on.compiled > 0);
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(
        text.trim_end(),
        r#"5,6,TypeError,TypeError,1,5,{"2":0,"3":1,"4":2,"length":5},TypeError,3,own push 0,own push 3,1,7,0|0|1|2|3|4|5,6,6,2,4,0,4,2,4,-0,4,2,4,3,4,2,4,NaN,NaN,2,4,2,4,1.5,2.25,0,2.25,1.5,2.25,-0,2.25,1.5,2.25,2.25,3,1.5,2.25,NaN,NaN,1.5,2.25,2,2.25,NaN,9,-9,0,NaN,9,-9,-0,NaN,9,-9,3,NaN,9,NaN,NaN,NaN,9,-9,2,0,0,0,0,0,0,-0,0,0,0,0,3,0,0,NaN,NaN,0,0,0,2,-0,0,-0,0,-0,0,-0,-0,-0,0,-0,3,-0,0,NaN,NaN,-0,0,-0,2,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,Infinity,Infinity,0,Infinity,Infinity,Infinity,-0,Infinity,Infinity,Infinity,3,Infinity,Infinity,Infinity,NaN,NaN,Infinity,Infinity,2,Infinity,NaN,Infinity,-Infinity,0,NaN,Infinity,-Infinity,-0,NaN,Infinity,-Infinity,3,NaN,Infinity,NaN,NaN,NaN,Infinity,-Infinity,2,4,16,0,16,4,16,-0,16,4,16,3,16,4,16,NaN,NaN,4,16,2,16,0,0,0,0,0,0,-0,0,0,0,0,3,0,0,NaN,NaN,0,0,0,2,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,1,1,0,1,1,1,-0,1,1,1,1,3,1,1,NaN,NaN,1,1,1,2,valueOf,valueOf,valueOf,valueOf,5,25,0,25,valueOf,valueOf,valueOf,valueOf,5,25,-0,25,valueOf,valueOf,valueOf,valueOf,5,25,3,25,valueOf,valueOf,valueOf,valueOf,5,25,NaN,NaN,valueOf,valueOf,valueOf,valueOf,5,25,2,25,patched 4,5,10"#
    );
}

#[test]
fn a_property_miss_deopts_once_then_takes_the_stub() {
    // Sites compiled monomorphic meet other shapes, a prototype property, a getter, primitives
    // and an array: the first miss deopts (the inline cache learns), the recompiled code takes
    // the stub on a miss — receivers the cache never learns do not deopt the functions again.
    // Expected output: node 20 on the same program.
    let source = "function get(o) { let s = 0; for (let i = 0; i < 20; i++) s += o.a === undefined ? 1 : o.a; return s; }\n\
         function put(o, v) { for (let i = 0; i < 20; i++) o.a = v + i; return o.a; }\n\
         const shapes = [{ a: 1 }, { b: 2, a: 3 }, { c: 1, d: 2, a: 5 }, Object.create({ a: 7 }), { get a() { return 11; } }, 5, 'str', true, [], { a: 'x' }];\n\
         let out = [];\n\
         for (let k = 0; k < 50; k++) { get({ a: k }); put({ a: 0 }, k); }\n\
         for (let r = 0; r < 40; r++) for (const o of shapes) { out.push(get(o)); if (typeof o === 'object') out.push(put(o, r)); }\n\
         console.log(out.length, out.slice(-30).join());";
    let (_, on) = same(source);
    assert!(on.deopts > 0 && on.deopts <= 4, "{} deopts", on.deopts);
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(text.trim_end(), "680 1120,57,1120,57,220,11,20,20,20,1120,57,1120,57,1140,58,1140,58,1140,58,1140,58,220,11,20,20,20,1140,58,1140,58");
}

#[test]
fn pushes_and_prototype_methods_in_place_respect_the_prototypes() {
    // `a.push(x)` in place only while the array's prototypes are the realm's, without elements:
    // an indexed accessor on Object.prototype must see the push (and the `out.push` calls of the
    // program itself), a null prototype makes `push` a miss; prototype methods (`indexOf`,
    // `at`) are read in place until Array.prototype changes; pushes past the capacity grow.
    // Expected output: node 20 running the same program as a script (`node -e`).
    let source = "function fill(a, n, k) { for (let i = 0; i < n; i++) a.push(i * k); return a.length; }\n\
         function first(a) { let s = 0; for (let i = 0; i < 30; i++) s += a.indexOf(i) + a.at(-1); return s; }\n\
         const out = [];\n\
         for (let r = 0; r < 30; r++) { fill([], 10, r); first([1, 2, 3]); }\n\
         const log = [];\n\
         Object.defineProperty(Object.prototype, '2', { set(v) { log.push('set ' + v); }, get() { return 'got'; }, configurable: true });\n\
         const a = [0, 1];\n\
         out.push(fill(a, 3, 5), a.length, a[2], JSON.stringify(a), log.join(' '));\n\
         delete Object.prototype[2];\n\
         Object.setPrototypeOf(a, null);\n\
         try { fill(a, 1, 1); } catch (e) { out.push(e.constructor.name); }\n\
         const b = [1, 2, 3];\n\
         out.push(first(b));\n\
         Array.prototype.at = function () { return 100; };\n\
         out.push(first(b));\n\
         const big = []; out.push(fill(big, 5000, 2), big[4999], big.length);\n\
         console.log(out.join());";
    same(source);
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(
        text.trim_end(),
        r#"5,5,,[0,1,"got",5,10],set 0,TypeError,66,2976,5000,9998,5000"#
    );
}

#[test]
fn code_that_never_ran_before_the_compile_exits_and_is_recompiled() {
    // `f` gets hot in its first loop and is compiled with the second loop's operations never
    // run (no feedback): reaching them exits (`Reason::Unreached`, not a failed guard), the
    // interpreter learns their types, and the recompiled code has them — up to
    // `MAX_UNREACHED` exits, then such operations are compiled generically.
    // Expected output: node 20 on the same program.
    let source = "function f(n, k) {\n\
           let s = 0;\n\
           for (let i = 0; i < n; i++) s = s + i;\n\
           if (k === undefined) return s;\n\
           let t = 0, u = '';\n\
           for (let j = 0; j < n; j++) { t = t + j * k; if (j % 1000 === 999) u = u + (t > 1e6); }\n\
           return [s, t, u, k - 1, -k, k / 3].join();\n\
         }\n\
         console.log(f(3000), f(3000, 0.5), f(3000, 2147483647), f(5, 'x'));";
    let (eager, on) = same(source);
    assert_eq!(eager.unreached, 0, "eager compiles generic code");
    assert!(on.unreached > 0 && on.unreached <= 4, "{on:?}");
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(text.trim_end(), "4498500 4498500,2249250,falsefalsetrue,-0.5,-0.5,0.16666666666666666 4498500,9660455186029552,truetruetrue,2147483646,-2147483647,715827882.3333334 10,NaN,,NaN,NaN,NaN");
}

#[test]
fn a_function_too_big_to_compile_stays_interpreted() {
    // Compile time grows faster than the code: past `MAX_INSTRUCTIONS` a function is left to the
    // interpreter (it would take seconds and gigabytes), even under `--jit=eager`.
    let body = "x = x + i * 3; if (x > 100000) x = x - 7; y = y * 1.5 + x;\n".repeat(400);
    let source = format!(
        "function big(n) {{ let x = 0, y = 0.5; for (let i = 0; i < n; i++) {{ {body} }} return x + y; }}\n\
         function small(n) {{ let s = 0; for (let i = 0; i < n; i++) s += i; return s; }}\n\
         console.log(big(3), small(10));"
    );
    let (off, _) = run(&source, JitMode::Off, WARM);
    let (eager, stats) = run(&source, JitMode::Eager, WARM);
    assert_eq!(eager, off);
    // The top-level code and `small`, not `big`.
    assert_eq!(stats.compiled, 2, "{stats:?}");
}

#[test]
fn property_slots_read_and_written_in_place() {
    // Own-property sites read and write the slot in place after checking the receiver's shape:
    // the heap's object table moving (many allocations inside the loop), an object turning into
    // a dictionary (delete), a frozen object, a primitive or null receiver, and a different
    // object of the same shape must all behave as in the interpreter.
    same(
        "function P(x, y) { this.x = x; this.y = y; }\n\
         function run(ps, n) {\n\
           let s = 0, keep = [];\n\
           for (let i = 0; i < n; i++) {\n\
             const p = ps[i % ps.length];\n\
             s += p.x * 2 + p.y; p.x = p.x + 1;\n\
             keep.push({ a: i, b: [i] });\n\
             if (i === 60) delete ps[0].y;\n\
             if (i === 90) Object.freeze(ps[1]);\n\
           }\n\
           return [s, ps[0].x, ps[1].x, ps[0].y, keep.length, keep[n - 1].b[0]].join();\n\
         }\n\
         for (let k = 0; k < 20; k++) run([new P(1, 2), new P(3, 4)], 50);\n\
         console.log(run([new P(1, 2), new P(3, 4), new P(5, 6)], 3000));\n\
         function rx(o) { let t = 0; for (let i = 0; i < 100; i++) t += o.x === undefined ? 1 : o.x; return t; }\n\
         for (let k = 0; k < 20; k++) rx(new P(1, 1));\n\
         console.log(rx(new P(2, 2)), rx(5), rx('str'), rx({ y: 1, x: 3 }));\n\
         try { rx(null); } catch (e) { console.log(e.name); }",
    );
}

#[test]
fn dense_elements_read_and_written_in_place() {
    // Element loads and stores on plain objects and arrays run in place: holes, indices out of
    // range, negative and fractional indices, string keys, `arguments`, String
    // objects, frozen and sealed arrays, an element on the prototype and arrays that grow (their
    // storage moves) must all behave as in the interpreter.
    same(
        "function sum(a, n) { let s = 0; for (let i = -1; i <= n; i++) { const v = a[i]; s += v === undefined ? 1000 : typeof v === 'number' ? v : v.length; } return s; }\n\
         function fill(a, n) { for (let i = 0; i < n; i++) { a[i] = i * 2; a[i + 0.5] = 1; } return a; }\n\
         const arr = [1, 2, 3, 4, 5, 6, 7, 8];\n\
         for (let k = 0; k < 30; k++) { sum(arr, 8); fill([0, 0, 0, 0], 4); }\n\
         console.log(sum(arr, 8), sum({ 0: 5, 1: 6, length: 2 }, 2), sum('abc', 3));\n\
         (function () { console.log(sum(arguments, 3)); })(7, 8, 9);\n\
         console.log(sum(new String('xy'), 2), sum([1, , 3], 3));\n\
         const frozen = Object.freeze([1, 2, 3]); fill(frozen, 3); console.log(frozen.join());\n\
         const sealed = Object.seal([1, 2, 3]); fill(sealed, 3); console.log(sealed.join(), sealed.length);\n\
         Array.prototype[1] = 'proto'; console.log(sum([1, , 3], 3)); delete Array.prototype[1];\n\
         const grow = []; for (let i = 0; i < 2000; i++) { grow.push(i); grow[i] = grow[i] + 1; }\n\
         console.log(sum(grow, 2000), fill([], 10).length, Object.keys(fill({}, 3)).join());",
    );
}

#[test]
fn the_cli_traces_and_lists_compiled_code() {
    // `--trace-jit` reports the compile, `--print-clif`/`--print-asm` list the named function
    // only, `--perf-map` names its code for Linux perf in /tmp/perf-PID.map.
    let dir = std::env::temp_dir().join(format!("kestrel-jit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hot.js");
    std::fs::write(
        &file,
        "function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }\n\
         function cold() { return 1; }\n\
         console.log(hot(100000), cold());",
    )
    .unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_kestrel"))
        .args([
            "--jit=eager",
            "--trace-jit",
            "--print-clif=hot",
            "--print-asm=hot",
            "--perf-map",
        ])
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run kestrel");
    let map = format!("/tmp/perf-{}.map", child.id());
    let out = child.wait_with_output().expect("kestrel ran");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(stdout, "4999950000 1\n");
    assert!(stderr.contains("[jit] compiled hot:"), "{stderr}");
    assert!(stderr.contains("[jit] compiled cold:"), "{stderr}");
    assert!(stderr.contains("; CLIF of hot"), "{stderr}");
    assert!(stderr.contains("; machine code of hot"), "{stderr}");
    assert!(!stderr.contains("; CLIF of cold"), "{stderr}");
    let lines = std::fs::read_to_string(&map).expect("the perf map");
    std::fs::remove_file(&map).ok();
    std::fs::remove_dir_all(&dir).ok();
    let named: Vec<&str> = lines
        .lines()
        .filter_map(|l| {
            let mut parts = l.split(' ');
            let (start, size) = (parts.next()?, parts.next()?);
            let ok = usize::from_str_radix(start, 16).is_ok()
                && usize::from_str_radix(size, 16).is_ok_and(|n| n > 0);
            ok.then(|| parts.next()).flatten()
        })
        .collect();
    assert!(
        named.contains(&"js:hot") && named.contains(&"js:cold"),
        "{lines}"
    );
}

#[test]
fn frames_pushed_in_place_leave_their_templates_strong_count_as_it_was() {
    // Compiled code pushes a known callee's frame without counting its template
    // (`Frame::counted`); the runtime counts it when it takes the frame (a stub: here the store
    // to a primitive, and deopts), compiled code uncounts only what was counted. The count after
    // a run of calls must not depend on how many calls ran: a missed uncount would leak the
    // template, an extra one free it under a live closure.
    let mut engine = Engine::new();
    engine.set_jit(JitOptions {
        mode: JitMode::On,
        threshold: WARM,
        ..JitOptions::default()
    });
    let setup = "function put(o, v) { for (let i = 0; i < 3; i++) o.a = v + i; return o.a; }\n\
                 function run(n, o) { let s = 0; for (let r = 0; r < n; r++) s += put(o, r) === undefined ? 1 : 2; return s; }\n\
                 run(200, { a: 0 }); put";
    let put = engine.eval(setup, "setup.js").expect("setup");
    let strong = |engine: &Engine| {
        let object = put.as_object().expect("a function");
        match &engine.vm.heap.object(object).kind {
            kestrel::runtime::object::ObjectKind::Function(c) => Rc::strong_count(&c.template),
            _ => panic!("not a closure"),
        }
    };
    let mut counts = Vec::new();
    for n in [10, 1000, 100, 3000] {
        // Primitives (`o.a = ...` takes the stub in the callee) and objects (stays in place).
        let out = engine
            .eval(&format!("run({n}, 5) + run({n}, {{ a: 1 }})"), "calls.js")
            .expect("calls");
        assert_eq!(out.as_number(), Some(3.0 * n as f64));
        counts.push(strong(&engine));
    }
    assert!(engine.vm.jit_stats.compiled > 0, "nothing was compiled");
    assert!(counts.windows(2).all(|w| w[0] == w[1]), "{counts:?}");
}

#[test]
fn quick_paths_of_known_callees_give_up_into_the_call() {
    // A known callee's quick path (moves, int32 operations, branches) runs in the caller's code
    // with no frame; anything else makes the call after all: an int32 overflow, a double, a
    // string, -0, a condition that is not a boolean, a missing argument, a callee replaced
    // while compiled code calls it. Expected output: node 20 on the same program.
    let source = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n\
         function add(a, b) { return a + b; }\n\
         function mul(a, b) { return a * b; }\n\
         function lt(a, b) { return a < b; }\n\
         function pick(c, a, b) { return c ? a : b; }\n\
         function bits(a, b) { return ((a << b) ^ (a >>> b)) % 7; }\n\
         function same(a, b) { return a === b; }\n\
         let out = [];\n\
         let s = 0;\n\
         for (let i = 0; i < 3000; i++) {\n\
           s += add(i, 1) + mul(i, 3) + (lt(i, 1500) ? 1 : 0) + pick(i & 1, 2, 5) + bits(i, 3) + (same(i, 7) ? 100 : 0);\n\
         }\n\
         out.push(s, fib(20));\n\
         out.push(add(2147483647, 1), add(1.5, 2), add('a', 1), Object.is(mul(0, -5), -0), mul(65536, 65536));\n\
         out.push(pick({}, 'yes', 'no'), pick(null, 'yes', 'no'), pick(0, 1, 2), add(1), lt('a', 'b'), same(1, 1.0), same('x', 'x'));\n\
         out.push(bits(-9, 2), bits(-2147483648, 31));\n\
         function g(x) { return x + 1; }\n\
         let t = 0;\n\
         for (let i = 0; i < 3000; i++) { if (i === 2000) g = function (x) { return x * 2; }; t += g(i); }\n\
         out.push(t);\n\
         console.log(out.join(' '));";
    let (_, on) = same(source);
    assert!(on.quick_sites >= 6, "{on:?}");
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(
        text.trim_end(),
        "18018092 6765 2147483648 3.5 a1 true 4294967296 yes no 2 NaN true true true -3 1 7000000"
    );
}

#[test]
fn number_comparisons_of_boxed_values_take_int32s_and_doubles() {
    // A comparison whose feedback saw doubles, on two boxed operands: int32s compared as such,
    // anything else (doubles, NaN, -0, infinities) as f64s. Expected output: node 20.
    let source = "function count(a, n) { let c = 0; for (let j = 0; j < a.length; j++) { if (a[j] <= n) c++; if (n > a[j]) c += 10; } return c; }\n\
         const xs = [1, 2.5, 3, NaN, -0, 0, 7, 2147483647, -2147483648, 1e300, -Infinity];\n\
         let out = [];\n\
         for (let r = 0; r < 300; r++) out.push(count(xs, r % 3 === 0 ? 2.5 : r % 3 === 1 ? 3 : NaN));\n\
         console.log(out.slice(0, 6).join(), out.length);";
    let (_, on) = same(source);
    assert!(on.compiled > 0, "{on:?}");
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(text.trim_end(), "56,67,0,56,67,0 300");
}

#[test]
fn pushes_in_place_over_dense_elements_of_the_prototypes() {
    // A push in place needs the prototypes to hold only dense elements (default data
    // properties: the push still creates the array's own element over them), not none; an
    // accessor element (sparse) takes the generic path, whose [[Set]] calls it. Expected
    // output: node 20 on the same program.
    let source = "Array.prototype[3] = 'proto';\n\
         Object.prototype[5] = 'object';\n\
         function fill(a, n) { for (let i = 0; i < n; i++) a.push(i * 2); return a; }\n\
         const out = [];\n\
         for (let r = 0; r < 60; r++) out.push(fill([], 8).join());\n\
         const a = fill([], 7);\n\
         const b = fill([], 2);\n\
         out.push(a.length, a[3], a[5], Object.prototype.hasOwnProperty.call(a, 3), b[3], b[5], b.length);\n\
         Object.defineProperty(Array.prototype, '9', { set(v) { out.push('setter ' + v); }, configurable: true });\n\
         const c = fill([], 11);\n\
         out.push(c.length, Object.prototype.hasOwnProperty.call(c, 9), c[9]);\n\
         delete Array.prototype[3]; delete Array.prototype[9]; delete Object.prototype[5];\n\
         console.log(out.slice(-12).join(' | '), out.length);";
    let (_, on) = same(source);
    assert!(on.compiled > 0, "{on:?}");
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(
        text.trim_end(),
        "0,2,4,6,8,10,12,14 | 7 | 6 | 10 | true | proto | object | 2 | setter 18 | 11 | false |  71"
    );
}

#[test]
fn a_quick_path_leaves_the_registers_for_a_later_exit_to_write_back() {
    // A call whose callee's quick path completes writes nothing back (no stub ran), so a later
    // exit must still store the registers the code wrote before it: here `a`, read after the
    // deopt of the overflowing multiplication. Expected output: node 20 on the same program.
    let source = "function q(x) { return x + 1; }\n\
         function f(n) {\n\
           let a = n * 3;\n\
           let t = q(n);\n\
           let s = t + a;\n\
           return s + (n > 1000 ? n * 2147483647 : 0) + a;\n\
         }\n\
         let out = [];\n\
         for (let i = 0; i < 300; i++) out.push(f(i % 50));\n\
         out.push(f(5000), f(7), f(100000));\n\
         console.log(out.slice(-4).join(' '), out.length);";
    let (_, on) = same(source);
    assert!(on.quick_sites > 0 && on.deopts > 0, "{on:?}");
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(text.trim_end(), "344 10737418270001 50 214748365400001 303");
}

#[test]
fn stores_over_packed_and_holey_elements() {
    // Packed elements (no hole below the length, ever) are stored to without loading the element
    // first; every way to make a hole — delete, a write past the end, a truncated length, sort,
    // elisions, `new Array(n)` — must leave the elements holey, so that the store to the hole
    // finds the prototype's setter or read-only element (a TypeError in strict code). Expected
    // output: node 20 on the same program.
    let source = "let log = '';\n\
         Object.defineProperty(Array.prototype, '4', { set(v) { log += ' set4 ' + v; }, get() { return 'g4'; }, configurable: true });\n\
         Object.defineProperty(Array.prototype, '6', { value: 'ro', writable: false, configurable: true });\n\
         function fill(a, v) { for (let i = 0; i < a.length; i++) a[i] = v; return a; }\n\
         function fillStrict(a, v) { 'use strict'; try { for (let i = 0; i < a.length; i++) a[i] = v; } catch (e) { log += ' ' + e.constructor.name; } return a; }\n\
         function make(k) {\n\
           const a = [0, 1, 2, 3, 4, 5, 6, 7];\n\
           switch (k % 9) {\n\
             case 0: break;\n\
             case 1: delete a[4]; break;\n\
             case 2: a.length = 10; a[9] = 9; a.length = 8; delete a[6]; break;\n\
             case 3: { const b = [0, 1, 2, 3]; b[7] = 7; return b; }\n\
             case 4: a.sort((x, y) => y - x); delete a[6]; break;\n\
             case 5: return [0, 1, 2, 3, , 5, , 7];\n\
             case 6: { const b = new Array(8); b[0] = 0; return b; }\n\
             case 7: a.pop(); a.push(7); a.shift(); a.unshift(0); a.reverse(); a.splice(2, 1, 'x'); a.fill(1, 0, 2); break;\n\
             case 8: { const b = a.concat([8, 9]); b.copyWithin(0, 4); return b; }\n\
           }\n\
           return a;\n\
         }\n\
         for (let r = 0; r < 300; r++) {\n\
           const a = (r % 2 ? fill : fillStrict)(make(r), r);\n\
           if (r >= 282) log += ' ' + r + ':' + Object.keys(a).join('') + ':' + a.join();\n\
         }\n\
         delete Array.prototype[4]; delete Array.prototype[6];\n\
         console.log(log.length, log.slice(-640));";
    let (_, on) = same(source);
    assert!(on.compiled > 0, "{on:?}");
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(
        text.trim_end(),
        "2761 56789:287,287,287,287,287,287,287,287,287,287 288:01234567:288,288,288,288,288,288,288,288 set4 289 289:0123567:289,289,289,289,g4,289,289,289 TypeError 290:0123457:290,290,290,290,290,290,ro,7 set4 291 291:012357:291,291,291,291,g4,291,ro,291 TypeError 292:0123457:292,292,292,292,292,292,ro,0 set4 293 293:012357:293,293,293,293,g4,293,ro,293 set4 294 TypeError 294:01235:294,294,294,294,g4,294,ro, 295:01234567:295,295,295,295,295,295,295,295 296:0123456789:296,296,296,296,296,296,296,296,296,296 297:01234567:297,297,297,297,297,297,297,297 set4 298 298:0123567:298,298,298,298,g4,298,298,298 299:0123457:299,299,299,299,299,299,ro,299"
    );
}

#[test]
fn the_code_of_functions_no_one_holds_is_freed() {
    // Forty templates (`new Function` parses each anew), each compiled at its first call; once
    // their function objects are collected, the next collection frees their code. The last one
    // is still held (`f`) and keeps its code. Expected outputs: node 20 on the same program.
    let (mut engine, out) = engine_with_lines(JitMode::Eager);
    engine
        .eval(
            "let f;\n\
             for (let k = 0; k < 40; k++) {\n\
               f = new Function('n', 'let s = 0; for (let i = 0; i < n; i++) s += i; return s');\n\
               if (k % 13 === 0) console.log(f(10 + k));\n\
             }",
            "test.js",
        )
        .unwrap();
    let before = engine.vm.jit_live_code();
    assert!(before >= 40, "{before} functions compiled");
    engine.vm.collect_garbage();
    engine.vm.collect_garbage();
    let after = engine.vm.jit_live_code();
    assert!(after + 39 <= before, "{before} -> {after}");
    engine.eval("console.log(f(100));", "test.js").unwrap();
    assert_eq!(*out.borrow(), ["45", "253", "630", "1176", "4950"]);
}

#[test]
fn initialized_global_consts_are_compiled_as_constants() {
    // `const` bindings initialized when the code is compiled are constants in it (numbers
    // unboxed, objects by their bits: the binding keeps them alive); a `let`, and a `const`
    // still in its temporal dead zone, are read each time. Expected output: node 20 on the same
    // program (a mutation that also folds the `let` fails it).
    let source = "const K = 7, F = 0.5, O = { v: 3 }, A = [1, 2, 3];\n\
         let M = 3;\n\
         function f(n) { let s = 0; for (let i = 0; i < n; i++) s += (i % K) + F + O.v + A[i % 3] + M; return s; }\n\
         function early() { try { return LATE * 2; } catch (e) { return e.constructor.name; } }\n\
         const out = [];\n\
         for (let r = 0; r < 40; r++) out.push(f(r), early());\n\
         const LATE = 5;\n\
         for (let r = 0; r < 40; r++) out.push(early());\n\
         O.v = 4; A[1] = 20; M = 100;\n\
         out.push(f(10));\n\
         try { eval('K = 8'); } catch (e) { out.push(e.constructor.name); }\n\
         out.push(f(10));\n\
         console.log(out.slice(-50).join());";
    let (_, on) = same(source);
    assert!(on.compiled > 0, "{on:?}");
    let (text, _) = run(source, JitMode::On, WARM);
    assert_eq!(
        text.trim_end(),
        "ReferenceError,419.5,ReferenceError,430,ReferenceError,442.5,ReferenceError,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,1142,TypeError,1142"
    );
}

/// A program run in a fresh engine in `mode` (with fuel, so that a program that loops forever
/// ends the same way): its console output and how it completed, and whether compiled code ran.
fn run_to_completion(source: &str, mode: JitMode) -> (String, bool) {
    let output = Rc::new(RefCell::new(String::new()));
    let mut engine = Engine::new();
    engine.set_jit(JitOptions {
        mode,
        ..JitOptions::default()
    });
    engine.set_virtual_clock(true);
    engine.set_fuel(Some(20_000));
    let sink = output.clone();
    engine.set_console(move |_, line| {
        let mut out = sink.borrow_mut();
        out.push_str(line);
        out.push('\n');
    });
    let completion = match engine
        .eval(source, "test.js")
        .and_then(|_| engine.run_until_idle())
    {
        Ok(()) => "completed".to_string(),
        Err(e) => format!("threw {}: {}", e.name, e.message),
    };
    let text = format!("{}{completion}", output.borrow());
    (text, engine.vm.jit_stats.entries > 0)
}

#[test]
fn test262_parser_corpus_runs_the_same_compiled() {
    // test262-parser-tests@0.0.5's pass/ files (the npm test inputs: `./build.sh test` installs
    // them; the full test262 suite is on no registry CI reaches, see ARCHITECTURE.md): 1,981
    // valid scripts of every syntactic form, each run with the JIT off and eager — every function
    // compiled at its first call, every loop entered at its first iteration. Same output, same
    // completion (normal, a throw, fuel running out) for every file.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/npm/node_modules/test262-parser-tests/pass");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (run ./build.sh test to install it)", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() > 1900, "{} files", files.len());
    let (mut compiled, mut differ) = (0, Vec::new());
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read");
        let (off, _) = run_to_completion(&source, JitMode::Off);
        let (eager, ran) = run_to_completion(&source, JitMode::Eager);
        compiled += ran as usize;
        if off != eager {
            differ.push(format!(
                "{}:\n  off:   {off}\n  eager: {eager}",
                file.display()
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} files differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
    // Most files are declarations only; the test must still have run compiled code widely.
    assert!(
        compiled > 1500,
        "compiled code ran in {compiled} files only"
    );
}

#[test]
fn bytecode_test_programs_run_the_same_compiled() {
    // The programs of the bytecode snapshot tests (tests/bytecode: closures, classes, for-of,
    // TDZ, try/finally, ...), run off and eager: the same output and completion.
    let files = common::corpus("tests/bytecode", &[]);
    assert!(files.len() >= 7, "{} files", files.len());
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read");
        let (off, _) = run_to_completion(&source, JitMode::Off);
        let (eager, ran) = run_to_completion(&source, JitMode::Eager);
        assert_eq!(off, eager, "{}", file.display());
        assert!(ran, "{}: no compiled code ran", file.display());
    }
}

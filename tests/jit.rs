//! The JIT tier against the interpreter: targeted programs whose guards fail (int32 overflow, a type
//! change in the middle of a loop, a non-boolean condition), each run with the JIT off, eager and
//! on with a low threshold; the output must be the same, and the eager run must have compiled code
//! (and, where the program is built for it, deoptimized).
#![cfg(feature = "jit")]

use kestrel::vm::{JitMode, JitOptions, JitStats};
use kestrel::Engine;
use std::cell::RefCell;
use std::rc::Rc;

fn run(source: &str, mode: JitMode, threshold: u32) -> (String, JitStats) {
    let output = Rc::new(RefCell::new(String::new()));
    let mut engine = Engine::new();
    engine.set_jit(JitOptions {
        mode,
        threshold,
        ..JitOptions::default()
    });
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

/// Same output with the JIT off, eager and on (threshold 50); returns the stats of the eager run and
/// of the run with the threshold (whose code speculates on the warm-up's feedback).
fn same(source: &str) -> (JitStats, JitStats) {
    let (off, _) = run(source, JitMode::Off, 50);
    let (eager, eager_stats) = run(source, JitMode::Eager, 50);
    let (on, on_stats) = run(source, JitMode::On, 50);
    assert_eq!(eager, off, "eager JIT differs from the interpreter");
    assert_eq!(on, off, "JIT (threshold 50) differs from the interpreter");
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
fn int32_overflow_deopts_then_goes_on_in_the_interpreter() {
    // Warm up with small sums (feedback: int32 only), then overflow in the middle of the loop.
    let (_, stats) = same(
        "function sum(s, n) { for (let i = 0; i < n; i++) s = s + i; return s; }\n\
         for (let k = 0; k < 30; k++) sum(0, 10);\n\
         console.log(sum(2147483000, 100), sum(-2147483000, 5), sum(0, 100000));\n\
         function mul(a, b) { return a * b; }\n\
         for (let k = 0; k < 30; k++) mul(k, 3);\n\
         console.log(mul(65536, 65536), mul(0, -1), Object.is(mul(0, -1), -0), mul(-3, 0));",
    );
    assert!(stats.deopts > 0, "no guard failed");
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
    assert!(stats.deopts > 0, "non-Number operands must deopt");
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
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let r = engine.eval(
        "function spin() { let i = 0; while (true) { i = i + 1; } }\nspin();",
        "spin.js",
    );
    t.join().unwrap();
    let e = r.expect_err("the loop must be interrupted");
    assert!(e.stack.contains("interrupted"), "{}", e.stack);
    assert!(engine.vm.jit_stats.compiled > 0);
}

#[test]
fn fuel_counts_the_same_with_the_jit() {
    for mode in [JitMode::Off, JitMode::Eager] {
        let mut engine = Engine::new();
        engine.set_jit(JitOptions {
            mode,
            ..JitOptions::default()
        });
        engine.set_fuel(Some(1000));
        let r = engine.eval(
            "function spin() { let i = 0; while (true) { i = i + 1; } }\nspin();",
            "spin.js",
        );
        assert!(r.is_err(), "fuel must run out");
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

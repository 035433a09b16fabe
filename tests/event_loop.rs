//! The event loop through the embedding API: the virtual clock, tasks, the tracer, unhandled
//! rejections, interrupts while waiting for a timer, and the CLI's exit status.

use kestrel::{Engine, LoopEvent, MicrotaskKind, TaskKind};
use std::cell::RefCell;
use std::rc::Rc;

/// An engine on the virtual clock whose console lines are collected.
fn engine() -> (Engine, Rc<RefCell<Vec<String>>>) {
    let mut engine = Engine::new();
    engine.set_virtual_clock(true);
    let lines = Rc::new(RefCell::new(Vec::new()));
    let sink = lines.clone();
    engine.set_console(move |_, line| sink.borrow_mut().push(line.to_string()));
    (engine, lines)
}

#[test]
fn the_virtual_clock_jumps_to_each_timer_in_order() {
    let (mut engine, lines) = engine();
    engine
        .eval(
            "setTimeout(() => console.log('b', Date.now() >= 0), 1000 * 60 * 60);
             setTimeout(() => console.log('a'), 500);
             console.log('sync');",
            "clock.js",
        )
        .unwrap();
    assert_eq!(engine.now(), 0.0);
    assert_eq!(engine.pending_timers(), 2);
    assert_eq!(engine.next_timer_due(), Some(500.0));
    let started = std::time::Instant::now();
    engine.run_until_idle().unwrap();
    // An hour of virtual time passes instantly.
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(engine.now(), 3_600_000.0);
    assert_eq!(*lines.borrow(), ["sync", "a", "b true"]);
    assert!(!engine.has_pending_work());
}

#[test]
fn run_one_task_runs_a_task_then_its_microtasks() {
    let (mut engine, lines) = engine();
    engine
        .eval(
            "setTimeout(() => { console.log('t1'); Promise.resolve().then(() => console.log('m1')); }, 1);
             setTimeout(() => console.log('t2'), 2);",
            "turns.js",
        )
        .unwrap();
    assert!(engine.run_one_task().unwrap());
    assert_eq!(*lines.borrow(), ["t1", "m1"]);
    assert!(engine.run_one_task().unwrap());
    assert_eq!(*lines.borrow(), ["t1", "m1", "t2"]);
    assert!(!engine.run_one_task().unwrap());
}

#[test]
fn run_ready_tasks_never_waits() {
    let (mut engine, lines) = engine();
    engine
        .eval(
            "setTimeout(() => console.log('later'), 10); setTimeout(() => console.log('soon'), 1);",
            "ready.js",
        )
        .unwrap();
    engine.enqueue_native_task(|vm| {
        (vm.console)(kestrel::vm::ConsoleLevel::Log, "queued");
        Ok(())
    });
    assert_eq!(engine.run_ready_tasks().unwrap(), 1);
    assert_eq!(*lines.borrow(), ["queued"]);
    assert_eq!(engine.now(), 0.0);
    assert_eq!(engine.next_timer_due(), Some(1.0));
    assert!(engine.run_one_task().unwrap());
    assert_eq!(engine.run_ready_tasks().unwrap(), 0);
    assert_eq!(*lines.borrow(), ["queued", "soon"]);
}

#[test]
fn eval_drains_microtasks_but_runs_no_timer() {
    let (mut engine, lines) = engine();
    let v = engine
        .eval(
            "Promise.resolve().then(() => console.log('micro')); setTimeout(() => console.log('timer')); 41 + 1",
            "eval.js",
        )
        .unwrap();
    assert_eq!(engine.display(v), "42");
    assert_eq!(*lines.borrow(), ["micro"]);
    assert_eq!(engine.pending_microtasks(), 0);
    assert_eq!(engine.pending_timers(), 1);
}

#[test]
fn embedder_tasks_run_in_order_with_their_arguments() {
    let (mut engine, lines) = engine();
    let f = engine
        .eval(
            "(function show(a, b) { console.log('task', a, b); })",
            "f.js",
        )
        .unwrap();
    let one = kestrel::runtime::Value::int(1);
    let two = kestrel::runtime::Value::int(2);
    engine.enqueue_task(f, &[one, two]);
    engine.enqueue_native_task(|vm| {
        (vm.console)(kestrel::vm::ConsoleLevel::Log, "native task");
        Ok(())
    });
    assert_eq!(engine.pending_tasks(), 2);
    engine.run_until_idle().unwrap();
    assert_eq!(*lines.borrow(), ["task 1 2", "native task"]);
}

#[test]
fn the_tracer_sees_timers_tasks_and_microtasks() {
    let (mut engine, _) = engine();
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    engine.set_loop_tracer(Some(Box::new(move |e: &LoopEvent| {
        sink.borrow_mut().push(e.clone())
    })));
    engine
        .eval(
            "const id = setTimeout(function tick() {}, 5);
             Promise.resolve(1).then(function onOne(v) {});
             queueMicrotask(function micro() {});
             clearTimeout(setTimeout(() => {}, 1));",
            "trace.js",
        )
        .unwrap();
    engine.run_until_idle().unwrap();
    let s = |x: &str| x.to_string();
    assert_eq!(
        *events.borrow(),
        vec![
            LoopEvent::TimerAdded {
                id: 1,
                due: 5.0,
                delay: 5.0,
                repeat: false,
                callback: s("tick")
            },
            LoopEvent::MicrotaskEnqueued {
                id: 0,
                kind: MicrotaskKind::PromiseFulfilled,
                callback: s("onOne")
            },
            LoopEvent::MicrotaskEnqueued {
                id: 1,
                kind: MicrotaskKind::Callback,
                callback: s("micro")
            },
            LoopEvent::TimerAdded {
                id: 2,
                due: 1.0,
                delay: 1.0,
                repeat: false,
                callback: s("<anonymous> 4:38")
            },
            LoopEvent::TimerCleared { id: 2 },
            LoopEvent::MicrotaskStarted {
                id: 0,
                kind: MicrotaskKind::PromiseFulfilled,
                callback: s("onOne")
            },
            LoopEvent::MicrotaskFinished { id: 0 },
            LoopEvent::MicrotaskStarted {
                id: 1,
                kind: MicrotaskKind::Callback,
                callback: s("micro")
            },
            LoopEvent::MicrotaskFinished { id: 1 },
            LoopEvent::TimerFired { id: 1 },
            LoopEvent::TaskStarted {
                id: 1,
                kind: TaskKind::Timeout,
                callback: s("tick")
            },
            LoopEvent::TaskFinished { id: 1 },
        ]
    );
    // Removing the tracer stops the events.
    engine.set_loop_tracer(None);
    engine.eval("queueMicrotask(() => {})", "more.js").unwrap();
    assert_eq!(events.borrow().len(), 12);
}

#[test]
fn an_unhandled_rejection_stops_the_loop_like_node() {
    let (mut engine, lines) = engine();
    engine
        .eval(
            "Promise.reject(42); setTimeout(() => console.log('not reached'), 1);",
            "reject.js",
        )
        .unwrap();
    let err = engine.run_until_idle().unwrap_err();
    assert_eq!(err.name, "UnhandledPromiseRejection");
    assert!(err
        .message
        .ends_with("The promise rejected with the reason \"42\"."));
    assert!(lines.borrow().is_empty());
    // The engine stays usable; the timer is still there.
    engine.run_until_idle().unwrap();
    assert_eq!(*lines.borrow(), ["not reached"]);

    // An Error reason is reported as itself.
    engine
        .eval(
            "new Promise((_, r) => r(new RangeError('bad')))",
            "error.js",
        )
        .unwrap();
    let err = engine.run_microtasks().unwrap_err();
    assert_eq!(
        (err.name.as_str(), err.message.as_str()),
        ("RangeError", "bad")
    );

    // A rejection handled before the checkpoint ends is not reported.
    engine
        .eval(
            "const p = Promise.reject(1); queueMicrotask(() => p.catch(() => {}));",
            "late.js",
        )
        .unwrap();
    engine.run_until_idle().unwrap();
}

#[test]
fn unhandled_rejections_can_be_only_traced() {
    let (mut engine, lines) = engine();
    engine.set_report_unhandled_rejections(false);
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    engine.set_loop_tracer(Some(Box::new(move |e: &LoopEvent| {
        if let LoopEvent::PromiseRejectionUnhandled { reason } = e {
            sink.borrow_mut().push(reason.clone());
        }
    })));
    engine
        .eval(
            "Promise.reject('why'); setTimeout(() => console.log('still runs'), 1);",
            "quiet.js",
        )
        .unwrap();
    engine.run_until_idle().unwrap();
    assert_eq!(*seen.borrow(), ["why"]);
    assert_eq!(*lines.borrow(), ["still runs"]);
}

#[test]
fn a_throwing_callback_is_an_uncaught_error_and_the_loop_goes_on() {
    let (mut engine, lines) = engine();
    engine
        .eval(
            "setTimeout(() => { throw new TypeError('in timer'); }, 1);
             setTimeout(() => console.log('next timer'), 2);",
            "throw.js",
        )
        .unwrap();
    let err = engine.run_until_idle().unwrap_err();
    assert_eq!(
        (err.name.as_str(), err.message.as_str()),
        ("TypeError", "in timer")
    );
    engine.run_until_idle().unwrap();
    assert_eq!(*lines.borrow(), ["next timer"]);
    // A microtask callback that throws is returned by eval's checkpoint.
    let err = engine
        .eval(
            "queueMicrotask(() => { throw new Error('micro'); }); 1",
            "m.js",
        )
        .unwrap_err();
    assert_eq!(err.message, "micro");
    // Microtasks left behind by an error run before the next task.
    lines.borrow_mut().clear();
    let err = engine
        .eval(
            "queueMicrotask(() => { throw new Error('m1'); });
             queueMicrotask(() => console.log('m2'));
             setTimeout(() => console.log('t'), 0);",
            "left.js",
        )
        .unwrap_err();
    assert_eq!(err.message, "m1");
    engine.run_until_idle().unwrap();
    assert_eq!(*lines.borrow(), ["m2", "t"]);
}

#[test]
fn an_endless_interval_is_stopped_by_fuel() {
    let (mut engine, _) = engine();
    engine.set_fuel(Some(100_000));
    engine
        .eval("let n = 0; setInterval(() => { n++; }, 1);", "forever.js")
        .unwrap();
    let err = engine.run_until_idle().unwrap_err();
    assert_eq!(err.name, "Termination");
    engine.set_fuel(None);
    let n = engine.eval("n", "n.js").unwrap();
    assert!(engine.display(n).parse::<u32>().unwrap() > 1000);
}

#[test]
fn waiting_on_the_real_clock_is_interruptible_and_really_waits() {
    let mut engine = Engine::new();
    engine.set_console(|_, _| {});
    engine.eval("setTimeout(() => {}, 60)", "wait.js").unwrap();
    let started = std::time::Instant::now();
    engine.run_until_idle().unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(55));

    engine
        .eval("setTimeout(() => {}, 1000 * 60 * 60)", "long.js")
        .unwrap();
    let handle = engine.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.interrupt();
    });
    let err = engine.run_until_idle().unwrap_err();
    stopper.join().unwrap();
    assert_eq!(err.name, "Termination");
}

#[test]
fn promise_with_resolvers_and_promise_try() {
    let (mut engine, lines) = engine();
    engine
        .eval(
            "const { promise, resolve, reject } = Promise.withResolvers();
             promise.then((v) => console.log('resolved', v));
             console.log(typeof resolve, typeof reject, resolve.length, resolve.name === '');
             setTimeout(resolve, 10, 'later');
             Promise.try((a, b) => a + b, 1, 2).then((v) => console.log('try', v));
             Promise.try(() => { throw 'sync throw'; }).catch((e) => console.log('caught', e));",
            "resolvers.js",
        )
        .unwrap();
    engine.run_until_idle().unwrap();
    assert_eq!(
        *lines.borrow(),
        [
            "function function 1 true",
            "try 3",
            "caught sync throw",
            "resolved later"
        ]
    );
}

#[test]
fn the_await_hooks_reach_the_tracer() {
    let (mut engine, _) = engine();
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    engine.set_loop_tracer(Some(Box::new(move |e: &LoopEvent| {
        sink.borrow_mut().push(e.clone())
    })));
    let f = engine.eval("(function work() {})", "f.js").unwrap();
    engine.vm.trace_await(f, false);
    engine.vm.trace_await(f, true);
    assert_eq!(
        *events.borrow(),
        [
            LoopEvent::AwaitSuspended {
                function: "work".into()
            },
            LoopEvent::AwaitResumed {
                function: "work".into()
            }
        ]
    );
}

/// The CLI: an unhandled rejection prints node's message and exits with status 1; timers really
/// run.
#[test]
fn the_cli_reports_unhandled_rejections_with_status_1() {
    let dir = std::env::temp_dir().join(format!("kestrel-loop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |name: &str, code: &str| {
        let path = dir.join(name);
        std::fs::write(&path, code).unwrap();
        std::process::Command::new(env!("CARGO_BIN_EXE_kestrel"))
            .arg(&path)
            .output()
            .unwrap()
    };
    let out = run("error.js", "Promise.reject(new Error(\"x\"))");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("Uncaught Error: x\n    at "), "{stderr}");

    let out = run(
        "number.js",
        "Promise.reject(42); setTimeout(() => console.log('never'), 0)",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("Uncaught UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason \"42\"."),
        "{stderr}"
    );

    let out = run(
        "ok.js",
        "setTimeout(() => console.log('second'), 30); Promise.resolve('first').then(console.log)",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "first\nsecond\n");
    let _ = std::fs::remove_dir_all(&dir);
}

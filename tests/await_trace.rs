//! The loop tracer sees every `await` suspend and resume its function, in order with the promise
//! jobs that resume it (the playground's event-loop pane draws from these events).

use kestrel::host::LoopEvent;
use kestrel::Engine;
use std::cell::RefCell;
use std::rc::Rc;

/// The events of running `source` to idle, as short strings (only await and microtask events,
/// plus console lines as `log:…`).
fn trace(source: &str) -> Vec<String> {
    let events = Rc::new(RefCell::new(Vec::new()));
    let mut engine = Engine::new();
    engine.set_virtual_clock(true);
    let sink = events.clone();
    engine.set_console(move |_, line| sink.borrow_mut().push(format!("log:{line}")));
    let sink = events.clone();
    engine.set_loop_tracer(Some(Box::new(move |e: &LoopEvent| {
        let shown = match e {
            LoopEvent::AwaitSuspended { function } => format!("suspend:{function}"),
            LoopEvent::AwaitResumed { function } => format!("resume:{function}"),
            LoopEvent::MicrotaskStarted { .. } => "microtask".to_string(),
            _ => return,
        };
        sink.borrow_mut().push(shown);
    })));
    engine.eval(source, "trace.js").expect("runs");
    engine.run_until_idle().expect("idle");
    let out = events.borrow().clone();
    out
}

#[test]
fn each_await_suspends_then_resumes_in_a_microtask() {
    let events = trace(
        "async function worker() { console.log('a'); await null; console.log('b'); await 1; console.log('c'); }
         worker(); console.log('sync');",
    );
    assert_eq!(
        events,
        [
            "log:a",
            "suspend:worker",
            "log:sync",
            "microtask",
            "resume:worker",
            "log:b",
            "suspend:worker",
            "microtask",
            "resume:worker",
            "log:c",
        ]
    );
}

#[test]
fn async_generators_and_for_await_trace_their_awaits() {
    let events = trace(
        "async function* gen() { yield 1; }
         async function consume() { for await (const v of gen()) console.log(v); }
         consume();",
    );
    let suspends = events.iter().filter(|e| e.starts_with("suspend:")).count();
    let resumes = events.iter().filter(|e| e.starts_with("resume:")).count();
    assert!(suspends >= 3, "{events:?}");
    assert_eq!(suspends, resumes, "every suspension is resumed: {events:?}");
    assert!(events.contains(&"log:1".to_string()));
    // The consumer is suspended before the generator's value is logged.
    let first = events
        .iter()
        .position(|e| e == "suspend:consume")
        .expect("consume awaits");
    let logged = events.iter().position(|e| e == "log:1").expect("logged");
    assert!(first < logged, "{events:?}");
}

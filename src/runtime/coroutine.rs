//! The heap state of generators, async functions and async generators: a frame suspended on the
//! heap (ECMA-262 27.5.3 GeneratorStart, 27.7.5.1 AsyncFunctionStart, 27.6.3.3 AsyncGeneratorStart:
//! the "genContext" that is removed from the stack at each `yield` or `await` and pushed back on
//! resumption).
//!
//! The interpreter copies a running frame in and out of a `SuspendedFrame` (vm/coroutine.rs); this
//! file only holds the data and says what the GC must trace.

use super::heap::{ContextRef, Marker};
use super::value::Value;
use crate::bytecode::{CoroutineKind, FunctionTemplate};
use std::collections::VecDeque;
use std::rc::Rc;

/// [[GeneratorState]] / [[AsyncGeneratorState]] (one enum for both; async functions use
/// `Executing` and `SuspendedYield` for "running" and "awaiting").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoroutineState {
    /// Created, body not started (the frame waits just after its prologue).
    SuspendedStart,
    /// Suspended at a `yield` or an `await`.
    SuspendedYield,
    Executing,
    /// Async generators: the body has ended; the queued requests are being settled (27.6.3.10
    /// AsyncGeneratorDrainQueue, which may await a `return` request's value).
    DrainingQueue,
    Completed,
}

/// A frame taken off the call stack: everything `vm::Frame` holds, with its registers.
pub struct SuspendedFrame {
    pub template: Rc<FunctionTemplate>,
    pub pc: u32,
    pub this: Value,
    pub callee: Value,
    pub new_target: Value,
    pub context: Option<ContextRef>,
    pub context_depth: u32,
    pub realm: u32,
    pub registers: Box<[Value]>,
    /// The register that receives the resumption mode (`ResumeMode`), when the frame is suspended
    /// at a `yield` or `await` (none at the start).
    pub mode_register: Option<u32>,
}

/// How a suspended coroutine is resumed: the completion type that `yield`/`await` evaluates to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResumeMode {
    Next = 0,
    Throw = 1,
    Return = 2,
}

/// An AsyncGeneratorRequest (ECMA-262 27.6.3.1): the completion to resume with and the promise of
/// the `next`/`throw`/`return` call that asked for it.
#[derive(Clone, Copy, Debug)]
pub struct AsyncGeneratorRequest {
    pub mode: ResumeMode,
    pub value: Value,
    pub promise: Value,
}

/// A generator, async generator, or the state of one call of an async function.
pub struct Coroutine {
    pub kind: CoroutineKind,
    pub state: CoroutineState,
    /// The frame while suspended (`None` while executing or once completed).
    pub frame: Option<SuspendedFrame>,
    /// Async functions: the promise the call returned (its capability is built in).
    pub promise: Value,
    /// Async generators: [[AsyncGeneratorQueue]].
    pub queue: VecDeque<AsyncGeneratorRequest>,
    /// The register buffer of the last suspension, kept while the frame runs so that the next
    /// suspension reuses it (no allocation per `yield`). Not traced: its values are stale.
    pub spare_registers: Option<Box<[Value]>>,
}

impl Coroutine {
    pub fn new(kind: CoroutineKind) -> Coroutine {
        Coroutine {
            kind,
            state: CoroutineState::SuspendedStart,
            frame: None,
            promise: Value::UNDEFINED,
            queue: VecDeque::new(),
            spare_registers: None,
        }
    }

    /// The values the coroutine holds (its context and template are traced by `trace_rest`).
    pub fn for_each_value(&self, mut f: impl FnMut(Value)) {
        f(self.promise);
        for r in &self.queue {
            f(r.value);
            f(r.promise);
        }
        if let Some(frame) = &self.frame {
            f(frame.this);
            f(frame.callee);
            f(frame.new_target);
            frame.registers.iter().copied().for_each(&mut f);
        }
    }

    /// The suspended frame's context and template.
    pub fn trace_rest(&self, marker: &mut Marker) {
        if let Some(frame) = &self.frame {
            if let Some(c) = frame.context {
                marker.context(c);
            }
            marker.template(&frame.template);
        }
    }
}

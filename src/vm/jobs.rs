//! The job queue (ECMA-262 9.5 Jobs; HostEnqueuePromiseJob): a FIFO of microtasks owned by the
//! `Vm`, the promise rejection tracker (HostPromiseRejectionTracker's "reject" and "handle"), and
//! the event-loop tracing hook (`LoopEvent`), which the host's tasks and timers (`src/host/`) use
//! too.
//!
//! A microtask is a promise reaction job, a promise thenable job or a host callback
//! (`queueMicrotask`). `Vm::run_microtasks` drains the queue, jobs queued meanwhile included.
//! Everything queued is traced by the GC (`Jobs::trace`).

use super::{JsResult, Vm};
use crate::builtins::promise::PromiseCapability;
use crate::runtime::heap::Marker;
use crate::runtime::object::ObjectKind;
use crate::runtime::value::ObjectRef;
use crate::runtime::Value;
use std::collections::VecDeque;

/// Which of a reaction's handlers a reaction job runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReactionType {
    Fulfill,
    Reject,
}

/// A microtask.
pub enum Job {
    /// ECMA-262 27.2.2.1 NewPromiseReactionJob (a handler of undefined is the spec's "empty").
    Reaction {
        capability: Option<PromiseCapability>,
        kind: ReactionType,
        handler: Value,
        argument: Value,
    },
    /// ECMA-262 27.2.2.2 NewPromiseResolveThenableJob.
    ResolveThenable {
        promise: ObjectRef,
        thenable: Value,
        then: Value,
    },
    /// A host job: call `function` with `args` and `this` undefined (`queueMicrotask`). A throw is
    /// an uncaught exception.
    Call { function: Value, args: Vec<Value> },
}

impl Job {
    fn for_each_value(&self, mut f: impl FnMut(Value)) {
        match self {
            Job::Reaction {
                capability,
                handler,
                argument,
                ..
            } => {
                if let Some(c) = capability {
                    c.for_each_value(&mut f);
                }
                f(*handler);
                f(*argument);
            }
            Job::ResolveThenable {
                promise,
                thenable,
                then,
            } => {
                f(Value::object(*promise));
                f(*thenable);
                f(*then);
            }
            Job::Call { function, args } => {
                f(*function);
                args.iter().copied().for_each(f);
            }
        }
    }

    /// What the tracer calls the job.
    pub fn kind(&self) -> MicrotaskKind {
        match self {
            Job::Reaction {
                kind: ReactionType::Fulfill,
                ..
            } => MicrotaskKind::PromiseFulfilled,
            Job::Reaction {
                kind: ReactionType::Reject,
                ..
            } => MicrotaskKind::PromiseRejected,
            Job::ResolveThenable { .. } => MicrotaskKind::PromiseThenable,
            Job::Call { .. } => MicrotaskKind::Callback,
        }
    }

    /// The function the job calls (undefined for a reaction without a handler).
    fn callee(&self) -> Value {
        match self {
            Job::Reaction { handler, .. } => *handler,
            Job::ResolveThenable { then, .. } => *then,
            Job::Call { function, .. } => *function,
        }
    }
}

/// The kinds of microtask, as the tracer reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MicrotaskKind {
    /// A reaction job of a fulfilled promise (`then`'s first handler, or the pass-through).
    PromiseFulfilled,
    /// A reaction job of a rejected promise.
    PromiseRejected,
    /// A thenable job: resolving a promise with a thenable calls its `then`.
    PromiseThenable,
    /// `queueMicrotask` or a host job.
    Callback,
}

/// The kinds of (macro)task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskKind {
    /// A `setTimeout` callback.
    Timeout,
    /// A `setInterval` callback.
    Interval,
    /// A task the embedder queued (`Engine::enqueue_task`).
    Host,
}

/// One event of the event loop, for a tracer (`Engine::set_loop_tracer`). Ids are unique per
/// engine: tasks and timers share one sequence (a timer's task has its timer's id), microtasks
/// have their own. `callback` names the function that will run: its `name`, or
/// `<anonymous> LINE:COLUMN` (where it starts) for a nameless function written in JavaScript,
/// `<anonymous>` for another nameless one, empty when there is none (a reaction without handler).
#[derive(Clone, Debug, PartialEq)]
pub enum LoopEvent {
    TaskEnqueued {
        id: u64,
        kind: TaskKind,
        callback: String,
    },
    TaskStarted {
        id: u64,
        kind: TaskKind,
        callback: String,
    },
    TaskFinished {
        id: u64,
    },
    MicrotaskEnqueued {
        id: u64,
        kind: MicrotaskKind,
        callback: String,
    },
    MicrotaskStarted {
        id: u64,
        kind: MicrotaskKind,
        callback: String,
    },
    MicrotaskFinished {
        id: u64,
    },
    /// `due` is in the loop's clock (milliseconds, `Engine::now`).
    TimerAdded {
        id: u64,
        due: f64,
        delay: f64,
        repeat: bool,
        callback: String,
    },
    TimerFired {
        id: u64,
    },
    TimerCleared {
        id: u64,
    },
    /// An `await` suspended `function` (emitted by the interpreter through `Vm::trace_await`).
    AwaitSuspended {
        function: String,
    },
    /// An `await` resumed `function`.
    AwaitResumed {
        function: String,
    },
    /// A rejected promise was still unhandled after a microtask checkpoint; `reason` as
    /// `console.log` shows it.
    PromiseRejectionUnhandled {
        reason: String,
    },
}

/// Receives every `LoopEvent`.
pub type LoopTracer = Box<dyn FnMut(&LoopEvent)>;

/// The VM's microtask queue and rejection tracker.
#[derive(Default)]
pub struct Jobs {
    queue: VecDeque<(u64, Job)>,
    next_id: u64,
    /// Rejected promises without a handler, in rejection order (HostPromiseRejectionTracker).
    rejections: Vec<ObjectRef>,
    /// The tracing hook; `None` costs one check per event.
    pub tracer: Option<LoopTracer>,
}

impl Jobs {
    /// How many microtasks are queued.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// HostPromiseRejectionTracker(promise, "reject").
    pub(crate) fn track_rejection(&mut self, promise: ObjectRef) {
        self.rejections.push(promise);
    }

    /// HostPromiseRejectionTracker(promise, "handle"). The report skips handled promises anyway;
    /// this only drops the common case (`Promise.reject(x).catch(f)`: the last one tracked) early,
    /// in O(1).
    pub(crate) fn untrack_rejection(&mut self, promise: ObjectRef) {
        if self.rejections.last() == Some(&promise) {
            self.rejections.pop();
        }
    }

    pub(crate) fn trace(&self, m: &mut Marker) {
        for (_, job) in &self.queue {
            job.for_each_value(|v| m.value(v));
        }
        m.values(self.rejections.iter().map(|&p| Value::object(p)));
    }
}

/// A function's `name` for the tracer, read without running any code.
pub(crate) fn describe_function(vm: &mut Vm, f: Value) -> String {
    let Some(o) = f.as_object() else {
        return String::new();
    };
    if let Some(name) = vm.own_name(f) {
        return name;
    }
    match &vm.heap.object(o).kind {
        // An anonymous function written in JavaScript: where it starts tells callbacks apart.
        crate::runtime::object::ObjectKind::Function(c) => {
            let pos = c.template.source.position(c.template.span.start);
            format!("<anonymous> {}:{}", pos.line, pos.column + 1)
        }
        _ => "<anonymous>".into(),
    }
}

impl Vm {
    /// HostEnqueuePromiseJob (ECMA-262 16.1.7), and the host's own jobs: append a microtask.
    pub fn enqueue_job(&mut self, job: Job) {
        let id = self.jobs.next_id;
        self.jobs.next_id += 1;
        if self.jobs.tracer.is_some() {
            let (kind, callback) = (job.kind(), describe_function(self, job.callee()));
            self.emit(LoopEvent::MicrotaskEnqueued { id, kind, callback });
        }
        self.jobs.queue.push_back((id, job));
    }

    /// Give `event` to the tracer, if there is one.
    #[inline]
    pub fn emit(&mut self, event: LoopEvent) {
        if let Some(t) = self.jobs.tracer.as_mut() {
            t(&event);
        }
    }

    /// Whether a tracer is installed (build events only then).
    #[inline]
    pub fn tracing(&self) -> bool {
        self.jobs.tracer.is_some()
    }

    /// For the interpreter's `await`: report that `function` suspended (`resumed` false) or
    /// resumed. Costs one check when no tracer is installed.
    pub fn trace_await(&mut self, function: Value, resumed: bool) {
        if self.jobs.tracer.is_none() {
            return;
        }
        let function = describe_function(self, function);
        self.emit(if resumed {
            LoopEvent::AwaitResumed { function }
        } else {
            LoopEvent::AwaitSuspended { function }
        });
    }

    /// Run microtasks until the queue is empty (those queued meanwhile included). A host callback
    /// that throws, or a termination, stops the drain with that error; the jobs after it stay
    /// queued.
    pub fn run_microtasks(&mut self) -> JsResult<()> {
        while let Some((id, job)) = self.jobs.queue.pop_front() {
            let roots = self.roots.len();
            job.for_each_value(|v| self.roots.push(v));
            if self.jobs.tracer.is_some() {
                let (kind, callback) = (job.kind(), describe_function(self, job.callee()));
                self.emit(LoopEvent::MicrotaskStarted { id, kind, callback });
            }
            let result = self.check_budget().and_then(|()| match job {
                Job::Reaction {
                    capability,
                    kind,
                    handler,
                    argument,
                } => self.run_reaction_job(capability, kind, handler, argument),
                Job::ResolveThenable {
                    promise,
                    thenable,
                    then,
                } => self.run_resolve_thenable_job(promise, thenable, then),
                Job::Call { function, args } => {
                    self.call(function, Value::UNDEFINED, &args).map(drop)
                }
            });
            self.roots.truncate(roots);
            self.emit_if_tracing(|| LoopEvent::MicrotaskFinished { id });
            result?;
        }
        Ok(())
    }

    #[inline]
    pub(crate) fn emit_if_tracing(&mut self, event: impl FnOnce() -> LoopEvent) {
        if let Some(t) = self.jobs.tracer.as_mut() {
            t(&event());
        }
    }

    /// HostPromiseRejectionTracker's report: the promises rejected without a handler since the
    /// last call that still have none, with their reasons (node checks after each microtask
    /// checkpoint).
    pub fn take_unhandled_rejections(&mut self) -> Vec<(ObjectRef, Value)> {
        let pending = std::mem::take(&mut self.jobs.rejections);
        let mut out = Vec::new();
        for p in pending {
            if let ObjectKind::Promise(d) = &self.heap.object(p).kind {
                if !d.is_handled {
                    out.push((p, d.result));
                }
            }
        }
        out
    }

    /// Whether any rejected promise waits for the next report.
    pub fn has_tracked_rejections(&self) -> bool {
        !self.jobs.rejections.is_empty()
    }
}

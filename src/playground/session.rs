//! The stepper: a whole run recorded as snapshots, then walked forwards and backwards.
//!
//! The inspection hook (`vm/debug.rs`) calls back synchronously before each instruction, and a
//! wasm module cannot suspend the interpreter in the middle of a run and return to JavaScript. So
//! `Session::new` runs the program once, with the hook and the loop tracer installed, and records a
//! snapshot at every step — each time execution reaches a new statement or expression with a
//! source position, or changes frame — up to `max_steps`; reaching the cap stops the run. The
//! stepping methods then move through the recording, so stepping back is free and the program's
//! side effects happen once.
//!
//! A snapshot: the current source span and bytecode offset; the call stack of execution contexts
//! (kind, function, phase, bindings with their state, `this`, the accumulator and registers); the
//! event loop (the running task or microtask, queued tasks and microtasks, armed timers, functions
//! suspended at an `await`, the clock); and the console output so far.
//!
//! Phases: when a fresh call starts (or the script), the recording first shows the context in its
//! creation phase — declarations instantiated, `var`s `undefined`, functions created, `let`/`const`
//! `<uninitialized>` — at the point just before its first statement runs; the next step is the same
//! point in the execution phase. (Parameter default values are evaluated before that point.)

use super::{engine_with_output, run_to_completion, span_json, ConsoleLine, EvalOptions, Json};
use super::{Output, MODULE_NAME, SCRIPT_NAME};
use crate::host::{LoopEvent, MicrotaskKind, TaskKind};
use crate::syntax::LineIndex;
use crate::vm::debug::{BindingState, FrameInfo, Pause, Resume};
use crate::vm::heap_view::HeapNode;
use crate::vm::Vm;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// The default step cap.
pub const DEFAULT_MAX_STEPS: usize = 10_000;

/// A snapshot keeps the innermost this many execution contexts (`depth` still counts them all).
pub const MAX_FRAMES_SHOWN: usize = 64;

/// A snapshot shows at most this many heap objects and environments.
pub const MAX_HEAP_NODES: usize = 40;

/// Hook calls (instructions) allowed per recorded step before the run is stopped, so a loop
/// without source positions cannot run forever.
const PAUSES_PER_STEP: u64 = 1_000;

/// What `Session::new` accepts.
#[derive(Clone, Copy, Debug)]
pub struct SessionOptions {
    pub eval: EvalOptions,
    /// The most snapshots recorded; the run stops there.
    pub max_steps: usize,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            eval: EvalOptions::default(),
            max_steps: DEFAULT_MAX_STEPS,
        }
    }
}

/// A queued or running task, microtask or timer, as the loop tracer described it.
#[derive(Clone, Debug)]
struct Job {
    id: u64,
    kind: &'static str,
    callback: String,
    /// Timers: due time, delay, whether it repeats.
    timer: Option<(f64, f64, bool)>,
}

impl Job {
    fn to_json(&self) -> Json {
        let mut entries = vec![
            ("id", Json::num(self.id as f64)),
            ("kind", self.kind.into()),
            ("callback", self.callback.clone().into()),
        ];
        if let Some((due, delay, repeat)) = self.timer {
            entries.push(("due", Json::num(due)));
            entries.push(("delay", Json::num(delay)));
            entries.push(("repeat", repeat.into()));
        }
        Json::object(entries)
    }
}

/// The event loop as the tracer's events describe it.
#[derive(Clone, Debug, Default)]
struct LoopState {
    now: f64,
    running: Option<Job>,
    tasks: Vec<Job>,
    microtasks: Vec<Job>,
    timers: Vec<Job>,
    awaiting: Vec<String>,
}

impl LoopState {
    fn to_json(&self) -> Json {
        let list = |jobs: &[Job]| Json::Array(jobs.iter().map(Job::to_json).collect());
        Json::object(vec![
            ("now", Json::num(self.now)),
            (
                "running",
                Json::opt(self.running.as_ref().map(Job::to_json)),
            ),
            ("tasks", list(&self.tasks)),
            ("microtasks", list(&self.microtasks)),
            ("timers", list(&self.timers)),
            (
                "awaiting",
                Json::Array(self.awaiting.iter().map(|f| f.clone().into()).collect()),
            ),
        ])
    }
}

fn task_kind(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Timeout => "timeout",
        TaskKind::Interval => "interval",
        TaskKind::Host => "task",
    }
}

fn microtask_kind(kind: MicrotaskKind) -> &'static str {
    match kind {
        MicrotaskKind::PromiseFulfilled => "promiseFulfilled",
        MicrotaskKind::PromiseRejected => "promiseRejected",
        MicrotaskKind::PromiseThenable => "promiseThenable",
        MicrotaskKind::Callback => "callback",
    }
}

/// One event of the loop as JSON (`{ type, ... }`).
pub fn event_json(event: &LoopEvent) -> Json {
    let id = |id: &u64| ("id", Json::num(*id as f64));
    match event {
        LoopEvent::TaskEnqueued {
            id: i,
            kind,
            callback,
        } => Json::object(vec![
            ("type", "taskEnqueued".into()),
            id(i),
            ("kind", task_kind(*kind).into()),
            ("callback", callback.clone().into()),
        ]),
        LoopEvent::TaskStarted {
            id: i,
            kind,
            callback,
        } => Json::object(vec![
            ("type", "taskStarted".into()),
            id(i),
            ("kind", task_kind(*kind).into()),
            ("callback", callback.clone().into()),
        ]),
        LoopEvent::TaskFinished { id: i } => {
            Json::object(vec![("type", "taskFinished".into()), id(i)])
        }
        LoopEvent::MicrotaskEnqueued {
            id: i,
            kind,
            callback,
        } => Json::object(vec![
            ("type", "microtaskEnqueued".into()),
            id(i),
            ("kind", microtask_kind(*kind).into()),
            ("callback", callback.clone().into()),
        ]),
        LoopEvent::MicrotaskStarted {
            id: i,
            kind,
            callback,
        } => Json::object(vec![
            ("type", "microtaskStarted".into()),
            id(i),
            ("kind", microtask_kind(*kind).into()),
            ("callback", callback.clone().into()),
        ]),
        LoopEvent::MicrotaskFinished { id: i } => {
            Json::object(vec![("type", "microtaskFinished".into()), id(i)])
        }
        LoopEvent::TimerAdded {
            id: i,
            due,
            delay,
            repeat,
            callback,
        } => Json::object(vec![
            ("type", "timerAdded".into()),
            id(i),
            ("due", Json::num(*due)),
            ("delay", Json::num(*delay)),
            ("repeat", (*repeat).into()),
            ("callback", callback.clone().into()),
        ]),
        LoopEvent::TimerFired { id: i } => Json::object(vec![("type", "timerFired".into()), id(i)]),
        LoopEvent::TimerCleared { id: i } => {
            Json::object(vec![("type", "timerCleared".into()), id(i)])
        }
        LoopEvent::AwaitSuspended { function } => Json::object(vec![
            ("type", "awaitSuspended".into()),
            ("function", function.clone().into()),
        ]),
        LoopEvent::AwaitResumed { function } => Json::object(vec![
            ("type", "awaitResumed".into()),
            ("function", function.clone().into()),
        ]),
        LoopEvent::PromiseRejectionUnhandled { reason } => Json::object(vec![
            ("type", "promiseRejectionUnhandled".into()),
            ("reason", reason.clone().into()),
        ]),
    }
}

impl LoopState {
    fn apply(&mut self, event: &LoopEvent) {
        match event {
            LoopEvent::TaskEnqueued { id, kind, callback } => self.tasks.push(Job {
                id: *id,
                kind: task_kind(*kind),
                callback: callback.clone(),
                timer: None,
            }),
            LoopEvent::TaskStarted { id, kind, callback } => {
                self.tasks.retain(|t| t.id != *id);
                let timer = self
                    .timers
                    .iter()
                    .find(|t| t.id == *id)
                    .and_then(|t| t.timer);
                if !matches!(kind, TaskKind::Interval) {
                    self.timers.retain(|t| t.id != *id);
                }
                self.running = Some(Job {
                    id: *id,
                    kind: task_kind(*kind),
                    callback: callback.clone(),
                    timer,
                });
            }
            LoopEvent::TaskFinished { .. } | LoopEvent::MicrotaskFinished { .. } => {
                self.running = None
            }
            LoopEvent::MicrotaskEnqueued { id, kind, callback } => self.microtasks.push(Job {
                id: *id,
                kind: microtask_kind(*kind),
                callback: callback.clone(),
                timer: None,
            }),
            LoopEvent::MicrotaskStarted { id, kind, callback } => {
                self.microtasks.retain(|t| t.id != *id);
                self.running = Some(Job {
                    id: *id,
                    kind: microtask_kind(*kind),
                    callback: callback.clone(),
                    timer: None,
                });
            }
            LoopEvent::TimerAdded {
                id,
                due,
                delay,
                repeat,
                callback,
            } => self.timers.push(Job {
                id: *id,
                kind: if *repeat { "interval" } else { "timeout" },
                callback: callback.clone(),
                timer: Some((*due, *delay, *repeat)),
            }),
            LoopEvent::TimerFired { .. } => {}
            LoopEvent::TimerCleared { id } => self.timers.retain(|t| t.id != *id),
            LoopEvent::AwaitSuspended { function } => self.awaiting.push(function.clone()),
            LoopEvent::AwaitResumed { function } => {
                if let Some(i) = self.awaiting.iter().position(|f| f == function) {
                    self.awaiting.remove(i);
                }
            }
            LoopEvent::PromiseRejectionUnhandled { .. } => {}
        }
    }

    /// Refresh what only the VM knows: the clock and re-armed intervals' due times.
    fn refresh(&mut self, vm: &Vm) {
        self.now = vm.event_loop.now();
        for t in &mut self.timers {
            if let (Some(due), Some(timer)) = (vm.event_loop.timer_due(t.id), t.timer.as_mut()) {
                timer.0 = due;
            }
        }
    }

    /// Timers sorted as the loop fires them (due time, then creation).
    fn sorted(mut self) -> LoopState {
        self.timers.sort_by(|a, b| {
            let (da, db) = (a.timer.map_or(0.0, |t| t.0), b.timer.map_or(0.0, |t| t.0));
            da.total_cmp(&db).then(a.id.cmp(&b.id))
        });
        self
    }
}

/// One recorded step.
#[derive(Clone, Debug)]
struct Snapshot {
    depth: usize,
    /// Bytecode offset in the innermost frame.
    offset: u32,
    /// The innermost context is in its creation phase.
    creation: bool,
    /// The innermost function is about to return (its `span` is the function's last character).
    returning: bool,
    stack: Vec<FrameInfo>,
    /// Objects and environments reachable from the shown bindings (shared between steps).
    heap: Vec<Rc<HeapNode>>,
    event_loop: LoopState,
    /// How many console lines had been written.
    output: usize,
    /// How many loop events had happened.
    events: usize,
}

/// A frame's progress, as the recorder follows it.
#[derive(Clone, Copy, Debug)]
struct FrameTrack {
    template: *const crate::bytecode::FunctionTemplate,
    last_pc: u32,
    /// A fresh call that has not reached its first statement yet.
    creating: bool,
}

/// What the hook and the tracer share while the program runs.
#[derive(Default)]
struct Recorder {
    snapshots: Vec<Snapshot>,
    frames: Vec<FrameTrack>,
    last_step: Option<(usize, (u32, u32))>,
    pauses: u64,
    truncated: bool,
    /// Every distinct heap node recorded so far: consecutive steps mostly see the same objects.
    nodes: HashSet<Rc<HeapNode>>,
}

/// Everything the recording keeps from the tracer.
#[derive(Default)]
struct Tracing {
    state: LoopState,
    events: Vec<(usize, LoopEvent)>,
    /// A task or microtask started since the last pause: the next frame is a new call.
    new_job: bool,
}

impl Recorder {
    fn on_pause(
        &mut self,
        vm: &mut Vm,
        pause: Pause,
        tracing: &RefCell<Tracing>,
        output: &Output,
        max_steps: usize,
    ) -> Resume {
        self.pauses += 1;
        if self.pauses > (max_steps as u64 + 1) * PAUSES_PER_STEP {
            self.truncated = true;
            return Resume::Stop;
        }
        if let Ok(mut t) = tracing.try_borrow_mut() {
            if std::mem::take(&mut t.new_job) {
                self.frames.clear();
            }
        }
        let Some(frame) = vm.frames.last() else {
            return Resume::Continue;
        };
        let template = Rc::as_ptr(&frame.template);
        let depth = pause.depth;
        self.frames.truncate(depth);
        if self.frames.len() == depth {
            // The same depth: a new call when a returned frame is replaced by another (a native
            // calling back twice, like `forEach`).
            let top = self.frames[depth - 1];
            let returned = pause.pc == 0
                && (top.template != template || returned_at(&vm.frames[depth - 1], top.last_pc));
            if returned {
                self.frames.pop();
            }
        }
        while self.frames.len() < depth {
            let fresh = self.frames.len() + 1 == depth;
            self.frames.push(FrameTrack {
                template,
                last_pc: pause.pc,
                creating: fresh && pause.pc == 0,
            });
        }
        let track = &mut self.frames[depth - 1];
        track.last_pc = pause.pc;
        // A `Return` is a step of its own (the function's end), so that what the last statement
        // did — a value returned, a job queued — shows before the frame goes away.
        let returning = !pause.at_position && returned_at(&vm.frames[depth - 1], pause.pc);
        if !pause.at_position && !returning {
            return Resume::Continue;
        }
        let creating = std::mem::take(&mut track.creating) && !returning;
        let (mut stack, roots) = vm.frames_and_roots(MAX_FRAMES_SHOWN);
        if returning {
            if let Some(top) = stack.last_mut() {
                // The function's last character.
                let text = &vm.frames[depth - 1].template.source.text;
                let (start, end) = top.function_span;
                let mut last = end.saturating_sub(1).max(start);
                while last > start && !text.is_char_boundary(last as usize) {
                    last -= 1;
                }
                top.span = (last, end);
            }
        }
        let span = stack.last().map_or((0, 0), |f| f.span);
        if !creating && self.last_step == Some((depth, span)) {
            return Resume::Continue;
        }
        self.last_step = Some((depth, span));
        let (event_loop, events) = match tracing.try_borrow_mut() {
            Ok(mut t) => {
                t.state.refresh(vm);
                (t.state.clone().sorted(), t.events.len())
            }
            Err(_) => (LoopState::default(), 0),
        };
        let output = output.try_borrow().map_or(0, |o| o.len());
        // Only for a step that is recorded (nothing has allocated since the roots were read).
        let heap = vm
            .heap_view(&roots, MAX_HEAP_NODES)
            .into_iter()
            .map(|node| match self.nodes.get(&node) {
                Some(shared) => shared.clone(),
                None => {
                    let shared = Rc::new(node);
                    self.nodes.insert(shared.clone());
                    shared
                }
            })
            .collect();
        let snapshot = Snapshot {
            depth,
            offset: pause.pc,
            creation: creating,
            returning,
            stack,
            heap,
            event_loop,
            output,
            events,
        };
        if creating {
            self.snapshots.push(snapshot.clone());
        }
        self.snapshots.push(Snapshot {
            creation: false,
            ..snapshot
        });
        if self.snapshots.len() >= max_steps {
            self.snapshots.truncate(max_steps);
            self.truncated = true;
            return Resume::Stop;
        }
        Resume::Continue
    }
}

/// Whether the frame's last instruction was a `Return` (so a pause at offset 0 is a new call).
fn returned_at(frame: &crate::vm::Frame, pc: u32) -> bool {
    let code = frame.template.bytecode();
    (pc as usize) < code.len()
        && crate::bytecode::template::decode(code, pc).opcode == crate::bytecode::Opcode::Return
}

/// A recorded run and a position in it.
pub struct Session {
    source: String,
    module: bool,
    snapshots: Vec<Snapshot>,
    index: usize,
    output: Vec<ConsoleLine>,
    events: Vec<(usize, LoopEvent)>,
    truncated: bool,
    result: Json,
}

impl Session {
    /// Run `source` once, recording its steps (see the module documentation).
    pub fn new(source: &str, options: &SessionOptions) -> Session {
        let max_steps = options.max_steps.max(1);
        let (mut engine, output) = engine_with_output(&options.eval);
        let tracing: Rc<RefCell<Tracing>> = Rc::default();
        let recorder: Rc<RefCell<Recorder>> = Rc::default();
        {
            let tracing = tracing.clone();
            let recorder = recorder.clone();
            engine.set_loop_tracer(Some(Box::new(move |event| {
                if let Ok(mut t) = tracing.try_borrow_mut() {
                    t.state.apply(event);
                    if matches!(
                        event,
                        LoopEvent::TaskStarted { .. } | LoopEvent::MicrotaskStarted { .. }
                    ) {
                        t.new_job = true;
                    }
                    let step = recorder.try_borrow().map_or(0, |r| r.snapshots.len());
                    t.events.push((step, event.clone()));
                }
            })));
        }
        {
            let tracing = tracing.clone();
            let recorder = recorder.clone();
            let output = output.clone();
            engine.vm.set_hook(Some(Box::new(move |vm, pause| {
                match recorder.try_borrow_mut() {
                    Ok(mut r) => r.on_pause(vm, pause, &tracing, &output, max_steps),
                    Err(_) => Resume::Continue,
                }
            })));
        }
        let result = run_to_completion(&mut engine, source, &options.eval, &mut None);
        engine.vm.set_hook(None);
        engine.set_loop_tracer(None);
        let output = output.take();
        let recorder = recorder.take();
        let events = std::mem::take(&mut tracing.borrow_mut().events);
        let result = match result {
            Err(_) if recorder.truncated => Err(Json::object(vec![
                ("name", "Termination".into()),
                (
                    "message",
                    format!("Recording stopped at the step cap ({max_steps} steps)").into(),
                ),
                ("line", Json::Null),
                ("column", Json::Null),
                (
                    "stack",
                    format!("Termination: recording stopped at the step cap ({max_steps} steps)")
                        .into(),
                ),
            ])),
            other => other,
        };
        let lines = Json::Array(output.iter().map(ConsoleLine::to_json).collect());
        let result = match result {
            Ok(value) => Json::object(vec![
                ("ok", true.into()),
                ("value", value.into()),
                ("output", lines),
                ("error", Json::Null),
            ]),
            Err(error) => Json::object(vec![
                ("ok", false.into()),
                ("value", Json::Null),
                ("output", lines),
                ("error", error),
            ]),
        };
        Session {
            source: source.to_string(),
            module: options.eval.module,
            snapshots: recorder.snapshots,
            index: 0,
            output,
            events,
            truncated: recorder.truncated,
            result,
        }
    }

    /// How many steps were recorded.
    pub fn len(&self) -> usize {
        self.snapshots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }

    /// The current step (from 0).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The step cap stopped the run.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// The whole run's outcome: `{ ok, value, output, error }`, as `evaluate` reports it.
    pub fn result(&self) -> &Json {
        &self.result
    }

    /// Every event of the loop: `[{ step, type, ... }]`, `step` being the number of snapshots
    /// recorded before it.
    pub fn events(&self) -> Json {
        Json::Array(
            self.events
                .iter()
                .map(|(step, e)| {
                    let mut j = event_json(e);
                    if let Json::Object(entries) = &mut j {
                        entries.insert(0, ("step", (*step).into()));
                    }
                    j
                })
                .collect(),
        )
    }

    /// The snapshot at the current step (`null` when nothing was recorded, e.g. a syntax error).
    pub fn snapshot(&self) -> Json {
        match self.snapshots.get(self.index) {
            Some(s) => self.snapshot_json(self.index, s),
            None => Json::Null,
        }
    }

    /// Go to step `n` (clamped to the recording).
    pub fn go_to(&mut self, n: usize) -> Json {
        self.index = n.min(self.snapshots.len().saturating_sub(1));
        self.snapshot()
    }

    /// The next step.
    pub fn step(&mut self) -> Json {
        self.go_to(self.index + 1)
    }

    /// The previous step.
    pub fn step_back(&mut self) -> Json {
        self.go_to(self.index.saturating_sub(1))
    }

    /// The next step in this function or a caller (calls run through).
    pub fn step_over(&mut self) -> Json {
        self.forward_while(|depth, here| depth > here)
    }

    /// The next step in a caller (the rest of this function runs through).
    pub fn step_out(&mut self) -> Json {
        self.forward_while(|depth, here| depth >= here)
    }

    /// The last step.
    pub fn run(&mut self) -> Json {
        self.go_to(usize::MAX)
    }

    fn forward_while(&mut self, skip: impl Fn(usize, usize) -> bool) -> Json {
        let Some(here) = self.snapshots.get(self.index).map(|s| s.depth) else {
            return Json::Null;
        };
        let mut i = self.index + 1;
        while i < self.snapshots.len() && skip(self.snapshots[i].depth, here) {
            i += 1;
        }
        self.go_to(i)
    }

    fn snapshot_json(&self, index: usize, s: &Snapshot) -> Json {
        let lines = LineIndex::new(&self.source);
        let last = s.stack.len().saturating_sub(1);
        let stack: Vec<Json> = s
            .stack
            .iter()
            .enumerate()
            .map(|(i, f)| self.frame_json(f, &lines, i == last && s.creation))
            .collect();
        let top = s.stack.last();
        Json::object(vec![
            ("step", index.into()),
            ("steps", self.snapshots.len().into()),
            ("done", (index + 1 >= self.snapshots.len()).into()),
            (
                "phase",
                if s.creation { "creation" } else { "execution" }.into(),
            ),
            ("returning", s.returning.into()),
            ("depth", s.depth.into()),
            ("offset", s.offset.into()),
            (
                "function",
                Json::opt(top.map(|f| f.function.clone().into())),
            ),
            (
                "span",
                Json::opt(top.map(|f| span_json(&lines, span(f.span)))),
            ),
            ("stack", Json::Array(stack)),
            (
                "heap",
                Json::Array(s.heap.iter().map(|n| heap_node_json(n)).collect()),
            ),
            ("loop", s.event_loop.to_json()),
            (
                "output",
                Json::Array(
                    self.output[..s.output.min(self.output.len())]
                        .iter()
                        .map(ConsoleLine::to_json)
                        .collect(),
                ),
            ),
            ("events", s.events.into()),
        ])
    }

    fn frame_json(&self, f: &FrameInfo, lines: &LineIndex, creation: bool) -> Json {
        let file = if self.module {
            MODULE_NAME
        } else {
            SCRIPT_NAME
        };
        let kind = if self.module && f.kind == "global" && f.file == file {
            "module"
        } else {
            f.kind
        };
        let bindings: Vec<Json> = f
            .bindings
            .iter()
            .map(|b| {
                let (state, value) = match &b.state {
                    BindingState::Value(v) => ("value", v.clone()),
                    BindingState::Uninitialized => ("uninitialized", "<uninitialized>".into()),
                };
                Json::object(vec![
                    ("name", b.name.clone().into()),
                    ("state", state.into()),
                    ("value", value.into()),
                    ("captured", b.captured.into()),
                    ("ref", Json::opt(b.target.clone().map(Json::from))),
                ])
            })
            .collect();
        Json::object(vec![
            ("kind", kind.into()),
            ("function", f.function.clone().into()),
            (
                "phase",
                if creation { "creation" } else { "execution" }.into(),
            ),
            ("span", span_json(lines, span(f.span))),
            ("functionSpan", span_json(lines, span(f.function_span))),
            ("offset", f.pc.into()),
            ("this", f.this.clone().into()),
            ("thisRef", Json::opt(f.this_target.clone().map(Json::from))),
            ("accumulator", f.accumulator.clone().into()),
            (
                "registers",
                Json::Array(f.registers.iter().map(|r| r.clone().into()).collect()),
            ),
            ("bindings", Json::Array(bindings)),
        ])
    }
}

/// A heap node: `{ id, kind, label, properties: [{ key, value, ref }], references, truncated }`.
fn heap_node_json(n: &HeapNode) -> Json {
    let mut references: Vec<&str> = Vec::new();
    for p in &n.properties {
        if let Some(t) = &p.target {
            if !references.contains(&t.as_str()) {
                references.push(t);
            }
        }
    }
    Json::object(vec![
        ("id", n.id.clone().into()),
        ("kind", n.kind.into()),
        ("label", n.label.clone().into()),
        (
            "properties",
            Json::Array(
                n.properties
                    .iter()
                    .map(|p| {
                        Json::object(vec![
                            ("key", p.key.clone().into()),
                            ("value", p.value.clone().into()),
                            ("ref", Json::opt(p.target.clone().map(Json::from))),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "references",
            Json::Array(
                references
                    .into_iter()
                    .map(|r| r.to_string().into())
                    .collect(),
            ),
        ),
        ("truncated", n.truncated.into()),
    ])
}

fn span((start, end): (u32, u32)) -> crate::syntax::Span {
    crate::syntax::Span { start, end }
}

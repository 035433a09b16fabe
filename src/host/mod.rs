//! The host: the event loop around the engine (HTML/node-style tasks, timers and the clock) and the
//! host-defined globals `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval` and
//! `queueMicrotask` (`timers.rs`); module loading (`modules.rs`).
//!
//! The loop's state (`EventLoop`) is a field of the `Vm`, so that natives reach it and the GC
//! traces it; the logic lives here. One turn of the loop (`run_one_task`) runs one macrotask — the
//! earliest due timer (by due time, then creation order, as node), else the oldest queued host
//! task, else it waits for the next timer — and then a microtask checkpoint (`Vm::run_microtasks`).
//!
//! The clock is real (milliseconds since the loop started; waiting sleeps in slices that watch
//! `Engine::interrupt_handle`) or virtual (waiting jumps to the next due time, so runs are instant and
//! deterministic). On wasm32 the loop cannot block, so waiting always jumps the clock.

pub mod modules;
pub mod timers;

pub use crate::vm::jobs::{LoopEvent, LoopTracer, MicrotaskKind, TaskKind};

use crate::runtime::heap::Marker;
use crate::runtime::Value;
use crate::vm::jobs::describe_function;
use crate::vm::{JsResult, Vm};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// Node's largest delay (2^31 - 1 ms); longer or invalid delays become 1 ms.
pub const TIMEOUT_MAX: f64 = 2_147_483_647.0;

/// What a host task runs.
pub enum TaskCallback {
    /// Call a JavaScript function with `this` undefined.
    Js { function: Value, args: Vec<Value> },
    /// Run Rust code (it must root what it allocates across allocations, like a native).
    Native(NativeTask),
}

/// Rust code run as a task.
pub type NativeTask = Box<dyn FnOnce(&mut Vm) -> JsResult<()>>;

struct Task {
    id: u64,
    callback: TaskCallback,
}

struct Timer {
    due: f64,
    seq: u64,
    delay: f64,
    repeat: bool,
    function: Value,
    args: Vec<Value>,
}

/// The clock: real or virtual, in milliseconds since the loop started.
struct Clock {
    virtual_clock: bool,
    virtual_now: f64,
    used_virtual: bool,
    /// Added to the real elapsed time (time skipped while virtual, or jumps on wasm32).
    skew: f64,
    #[cfg(not(target_arch = "wasm32"))]
    start: std::time::Instant,
    #[cfg(target_arch = "wasm32")]
    start: f64,
}

impl Clock {
    fn new() -> Clock {
        Clock {
            virtual_clock: false,
            virtual_now: 0.0,
            used_virtual: false,
            skew: 0.0,
            #[cfg(not(target_arch = "wasm32"))]
            start: std::time::Instant::now(),
            #[cfg(target_arch = "wasm32")]
            start: crate::builtins::date::host_now(),
        }
    }

    fn real_elapsed(&self) -> f64 {
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.start.elapsed().as_secs_f64() * 1000.0
        }
        #[cfg(target_arch = "wasm32")]
        {
            (crate::builtins::date::host_now() - self.start).max(0.0)
        }
    }

    fn now(&self) -> f64 {
        if self.virtual_clock {
            self.virtual_now
        } else {
            self.real_elapsed() + self.skew
        }
    }

    fn set_virtual(&mut self, on: bool) {
        if on == self.virtual_clock {
            return;
        }
        let now = self.now();
        self.virtual_clock = on;
        if on {
            // The first switch starts virtual time at 0 (deterministic runs); later ones go on
            // from the current time.
            if self.used_virtual {
                self.virtual_now = self.virtual_now.max(now);
            }
            self.used_virtual = true;
        } else {
            self.skew = now - self.real_elapsed();
        }
    }
}

/// The event loop's queues and clock (see the module documentation).
pub struct EventLoop {
    tasks: VecDeque<Task>,
    timers: HashMap<u64, Timer>,
    /// Armed timers by (due time's bits — due times are never negative, so the bits order like
    /// the numbers —, creation sequence) → id.
    order: BTreeMap<(u64, u64), u64>,
    /// Ids of tasks and timers (from 1, like node's timer ids).
    next_id: u64,
    next_seq: u64,
    clock: Clock,
}

impl Default for EventLoop {
    fn default() -> Self {
        EventLoop {
            tasks: VecDeque::new(),
            timers: HashMap::new(),
            order: BTreeMap::new(),
            next_id: 1,
            next_seq: 0,
            clock: Clock::new(),
        }
    }
}

impl EventLoop {
    /// The loop's time in milliseconds (virtual or real).
    pub fn now(&self) -> f64 {
        self.clock.now()
    }

    /// Use the virtual clock (waiting for a timer jumps to its due time) or the real one.
    pub fn set_virtual_clock(&mut self, on: bool) {
        self.clock.set_virtual(on);
    }

    pub fn is_virtual_clock(&self) -> bool {
        self.clock.virtual_clock
    }

    /// Queued host tasks (not timers).
    pub fn pending_tasks(&self) -> usize {
        self.tasks.len()
    }

    /// Armed timers.
    pub fn pending_timers(&self) -> usize {
        self.order.len()
    }

    /// When the next timer is due (loop time), if any.
    pub fn next_timer_due(&self) -> Option<f64> {
        self.order
            .keys()
            .next()
            .map(|&(bits, _)| f64::from_bits(bits))
    }

    /// When the armed timer `id` is due (loop time); `None` when it is not armed (for inspectors).
    pub fn timer_due(&self, id: u64) -> Option<f64> {
        self.timers.get(&id).map(|t| t.due)
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn arm(&mut self, id: u64, mut timer: Timer) {
        timer.seq = self.next_seq;
        self.next_seq += 1;
        self.order
            .insert((timer.due.max(0.0).to_bits(), timer.seq), id);
        self.timers.insert(id, timer);
    }

    /// Remove a timer (armed, or running its callback); whether it existed.
    fn clear(&mut self, id: u64) -> bool {
        match self.timers.remove(&id) {
            Some(t) => {
                self.order.remove(&(t.due.max(0.0).to_bits(), t.seq));
                true
            }
            None => false,
        }
    }

    pub(crate) fn trace(&self, m: &mut Marker) {
        for t in &self.tasks {
            if let TaskCallback::Js { function, args } = &t.callback {
                m.value(*function);
                m.values(args.iter().copied());
            }
        }
        for t in self.timers.values() {
            m.value(t.function);
            m.values(t.args.iter().copied());
        }
    }
}

/// Queue a host task; its id.
pub fn enqueue_task(vm: &mut Vm, callback: TaskCallback) -> u64 {
    let id = vm.event_loop.take_id();
    if vm.tracing() {
        let name = match &callback {
            TaskCallback::Js { function, .. } => describe_function(vm, *function),
            TaskCallback::Native(_) => "<native>".into(),
        };
        vm.emit(LoopEvent::TaskEnqueued {
            id,
            kind: TaskKind::Host,
            callback: name,
        });
    }
    vm.event_loop.tasks.push_back(Task { id, callback });
    id
}

/// Arm a timer calling `function(...args)` after `delay` ms (already clamped); its id.
pub fn add_timer(vm: &mut Vm, function: Value, args: Vec<Value>, delay: f64, repeat: bool) -> u64 {
    let id = vm.event_loop.take_id();
    let due = vm.event_loop.now() + delay;
    if vm.tracing() {
        let callback = describe_function(vm, function);
        vm.emit(LoopEvent::TimerAdded {
            id,
            due,
            delay,
            repeat,
            callback,
        });
    }
    vm.event_loop.arm(
        id,
        Timer {
            due,
            seq: 0,
            delay,
            repeat,
            function,
            args,
        },
    );
    id
}

/// Cancel a timer (a no-op for an unknown id).
pub fn clear_timer(vm: &mut Vm, id: u64) {
    if vm.event_loop.clear(id) {
        vm.emit_if_tracing(|| LoopEvent::TimerCleared { id });
    }
}

/// Whether anything is left to do: microtasks, host tasks or timers.
pub fn has_pending_work(vm: &Vm) -> bool {
    !vm.jobs.is_empty() || vm.event_loop.pending_tasks() > 0 || vm.event_loop.pending_timers() > 0
}

/// What the next turn runs.
enum Next {
    Timer(u64),
    Task(Task),
}

/// One turn: the next macrotask (waiting for a timer if nothing else is ready), then a microtask
/// checkpoint. `Ok(false)` when there was nothing to run. An exception thrown by the callback or by
/// a microtask is returned (the loop stays usable); so is a termination.
pub fn run_one_task(vm: &mut Vm) -> JsResult<bool> {
    run_turn(vm, true)
}

/// One turn if a task or a due timer is ready now (never waits); whether one ran.
pub fn run_ready_task(vm: &mut Vm) -> JsResult<bool> {
    run_turn(vm, false)
}

fn run_turn(vm: &mut Vm, wait: bool) -> JsResult<bool> {
    let next = loop {
        let now = vm.event_loop.now();
        if let Some((&(bits, _), &id)) = vm.event_loop.order.iter().next() {
            if f64::from_bits(bits) <= now {
                break Next::Timer(id);
            }
        }
        if let Some(task) = vm.event_loop.tasks.pop_front() {
            break Next::Task(task);
        }
        match vm.event_loop.next_timer_due() {
            Some(due) if wait => wait_until(vm, due)?,
            _ => return Ok(false),
        }
    };
    let roots = vm.roots_len();
    let result = match next {
        Next::Timer(id) => run_timer(vm, id),
        Next::Task(task) => run_task(vm, task),
    };
    vm.truncate_roots(roots);
    let checkpoint = vm.run_microtasks();
    result.and(checkpoint).map(|()| true)
}

fn run_timer(vm: &mut Vm, id: u64) -> JsResult<()> {
    let Some(timer) = vm.event_loop.timers.get(&id) else {
        return Ok(());
    };
    let (function, args, repeat, key) = (
        timer.function,
        timer.args.clone(),
        timer.repeat,
        (timer.due.max(0.0).to_bits(), timer.seq),
    );
    vm.event_loop.order.remove(&key);
    if !repeat {
        vm.event_loop.timers.remove(&id);
    }
    vm.root(function);
    for &a in &args {
        vm.root(a);
    }
    let kind = if repeat {
        TaskKind::Interval
    } else {
        TaskKind::Timeout
    };
    if vm.tracing() {
        vm.emit(LoopEvent::TimerFired { id });
        let callback = describe_function(vm, function);
        vm.emit(LoopEvent::TaskStarted { id, kind, callback });
    }
    // node re-arms an interval relative to when its callback started.
    let started = vm.event_loop.now();
    let result = vm
        .check_budget()
        .and_then(|()| vm.call(function, Value::UNDEFINED, &args).map(drop));
    // setInterval re-arms after its callback unless the callback cleared it.
    if repeat {
        if let Some(mut t) = vm.event_loop.timers.remove(&id) {
            t.due = started + t.delay;
            vm.event_loop.arm(id, t);
        }
    }
    vm.emit_if_tracing(|| LoopEvent::TaskFinished { id });
    result
}

fn run_task(vm: &mut Vm, task: Task) -> JsResult<()> {
    let id = task.id;
    let result = match task.callback {
        TaskCallback::Js { function, args } => {
            vm.root(function);
            for &a in &args {
                vm.root(a);
            }
            if vm.tracing() {
                let callback = describe_function(vm, function);
                vm.emit(LoopEvent::TaskStarted {
                    id,
                    kind: TaskKind::Host,
                    callback,
                });
            }
            vm.check_budget()
                .and_then(|()| vm.call(function, Value::UNDEFINED, &args).map(drop))
        }
        TaskCallback::Native(f) => {
            vm.emit_if_tracing(|| LoopEvent::TaskStarted {
                id,
                kind: TaskKind::Host,
                callback: "<native>".into(),
            });
            vm.check_budget().and_then(|()| f(vm))
        }
    };
    vm.emit_if_tracing(|| LoopEvent::TaskFinished { id });
    result
}

/// Wait until loop time `due`: jump there on a virtual clock (and on wasm32), else sleep in
/// slices, stopping with a termination when `Engine::interrupt_handle` is set.
fn wait_until(vm: &mut Vm, due: f64) -> JsResult<()> {
    let clock = &mut vm.event_loop.clock;
    if clock.virtual_clock {
        clock.virtual_now = clock.virtual_now.max(due);
        return Ok(());
    }
    #[cfg(target_arch = "wasm32")]
    {
        let now = clock.now();
        if due > now {
            clock.skew += due - now;
        }
        Ok(())
    }
    #[cfg(not(target_arch = "wasm32"))]
    loop {
        let now = vm.event_loop.clock.now();
        if now >= due {
            return Ok(());
        }
        if vm.budget.take_interrupt() {
            return Err(crate::vm::Throw::Termination(
                "Execution interrupted".into(),
            ));
        }
        let slice = (due - now).clamp(0.05, 10.0);
        std::thread::sleep(std::time::Duration::from_secs_f64(slice / 1000.0));
    }
}

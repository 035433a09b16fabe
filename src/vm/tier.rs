//! Tiering between the interpreter and the Cranelift JIT (`src/jit/`): the JIT's settings, the
//! hotness profile's slow path, and (native builds) entering compiled code.
//!
//! The interpreter spends each template's budget (`Tier::tick`) at loop back-edges (the loop
//! body's size) and returns (the return's offset). When it is spent the slow path calls
//! `profile_hot`: the first time it arms the budget with the threshold, the second time the
//! template is hot and is compiled at its next entry. With the JIT off the budget is re-armed at
//! its maximum, so profiling costs a decrement and a compare per back-edge and return.

use super::Vm;
use crate::bytecode::template::Tier;
use crate::bytecode::FunctionTemplate;

/// `--jit=off|on|eager`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JitMode {
    Off,
    /// Compile functions when hot.
    On,
    /// Compile every function at its first call (for testing).
    Eager,
    /// Profile as `On` does, marking templates hot, but never compile (the playground shows where
    /// native Kestrel would compile, also on wasm32).
    Profile,
}

/// The JIT's settings.
#[derive(Clone, Copy, Debug)]
pub struct JitOptions {
    pub mode: JitMode,
    /// Weighted units (bytecode bytes run, roughly) before a function is compiled.
    pub threshold: u32,
    /// `--trace-jit`: tier-ups, deopts, code sizes and compile times on stderr.
    pub trace: bool,
    /// `--print-clif[=NAME]`: the Cranelift IR of each compiled function (`Some("")`) or of those
    /// named NAME on stderr (source locations are bytecode offsets).
    pub print_clif: Option<&'static str>,
    /// `--print-asm[=NAME]`: the machine code listing, likewise.
    pub print_asm: Option<&'static str>,
    /// `--perf-map`: name compiled code for Linux perf (`/tmp/perf-PID.map`).
    pub perf_map: bool,
}

/// What the JIT did (for tests and `--trace-jit`).
#[derive(Clone, Copy, Debug, Default)]
pub struct JitStats {
    /// Functions compiled.
    pub compiled: u32,
    /// Runs of compiled code.
    pub entries: u64,
    /// Failed guards (exits that were not a return or an interrupt).
    pub deopts: u64,
    /// Entries at a loop header (on-stack replacement).
    pub osr_entries: u64,
    /// Exits at operations that had never run when compiled (`Reason::Unreached`).
    pub unreached: u64,
    /// Call sites compiled with their callee's quick path (`lower::Runtime::quick`).
    pub quick_sites: u64,
}

/// The default hotness threshold (DESIGN.md §3: ~10⁴ weighted units repay a compile on the main thread).
pub const DEFAULT_THRESHOLD: u32 = 10_000;

impl Default for JitOptions {
    fn default() -> JitOptions {
        JitOptions {
            // On wherever the tier is built (`--jit=off` turns it off).
            mode: if cfg!(all(feature = "jit", not(target_arch = "wasm32"))) {
                JitMode::On
            } else {
                JitMode::Off
            },
            threshold: DEFAULT_THRESHOLD,
            trace: false,
            print_clif: None,
            print_asm: None,
            perf_map: false,
        }
    }
}

impl Vm {
    /// The budget of `template` is spent (see the module comment).
    #[cold]
    #[inline(never)]
    pub(super) fn profile_hot(&mut self, template: &FunctionTemplate) {
        let tier = &template.tier;
        if self.jit_options.mode == JitMode::Off {
            tier.budget.set(i32::MAX);
            return;
        }
        match tier.state.get() {
            Tier::UNARMED => {
                // Compiling costs about 30 µs per bytecode instruction (TOOLCHAIN.md): a big
                // function must run longer in the interpreter before it repays its compile.
                tier.set_state(Tier::COLD);
                tier.budget.set(self.hot_budget(template));
            }
            Tier::COLD => {
                tier.set_state(Tier::HOT);
                tier.budget.set(i32::MAX);
            }
            // With compiled code, an interpreted loop of the template (after an exit the
            // interpreter finished) asks for on-stack replacement again after a while; every
            // time under `--jit=eager`.
            Tier::COMPILED if self.jit_options.mode == JitMode::Eager => tier.budget.set(0),
            Tier::COMPILED => tier.budget.set(OSR_RETRY),
            _ => tier.budget.set(i32::MAX),
        }
        if self.jit_options.mode == JitMode::Eager && tier.state.get() != Tier::NEVER {
            tier.budget.set(0);
        }
    }

    /// The units `template` spends, once armed, before it is hot: the threshold, or more for a
    /// big function.
    pub fn hot_budget(&self, template: &FunctionTemplate) -> i32 {
        let threshold = self.jit_options.threshold as u64;
        let size =
            template.bytecode().len() as u64 * SIZE_WEIGHT * threshold / DEFAULT_THRESHOLD as u64;
        threshold.max(size).min(i32::MAX as u64) as i32
    }

    /// At an interpreted back-edge whose budget was spent: whether to enter compiled code at the
    /// loop header (on-stack replacement; the template is compiled first if it is due).
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    pub(super) fn osr_due(&self, template: &FunctionTemplate) -> bool {
        let state = template.tier.state.get();
        match self.jit_options.mode {
            JitMode::Off | JitMode::Profile => false,
            JitMode::On => state == Tier::HOT || state == Tier::COMPILED,
            JitMode::Eager => state != Tier::NEVER,
        }
    }
}

/// With the default threshold, a template is hot after at least this many units per byte of its
/// bytecode (scaled with `--jit-threshold`). Measured: compiling costs ~15 µs per bytecode byte
/// and saves up to ~0.7 ns per unit run, so a byte repays its compile after ~2·10⁴ more units;
/// at 1,000 a kernel's warm-up in the interpreter stays well under a millisecond per 100 bytes,
/// and a loop whose time goes to built-ins (bench/runtime/json.js: JSON.parse and stringify)
/// is not compiled for nothing (at 100 it was, and ran ~1 % slower than the interpreter).
const SIZE_WEIGHT: u64 = 1000;

/// Weighted units an interpreted loop of a compiled template runs before it tries compiled code
/// again (see `profile_hot`).
const OSR_RETRY: i32 = 1_000;

/// Why and where compiled code stopped (`Vm::run_code`): the reason, the exit record's pc and
/// accumulator.
#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
#[derive(Clone, Copy)]
struct Stopped {
    reason: crate::jit::Reason,
    pc: u32,
    acc: u64,
}

/// How a run of compiled code ended, for the dispatch loop (`Vm::run`).
#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
pub(super) enum JitOutcome {
    /// No compiled code ran.
    NotRun,
    /// Go on with the frame at its `pc` and accumulator.
    Resume,
    /// The same, at the `Return` the code reached (the accumulator holds the return value).
    Returned,
    /// Go on with the frame now on top (a stub pushed one, or unwound to a handler).
    Frames,
    /// The entry frame returned (through a stub).
    Return(crate::runtime::Value),
    /// An exception (or a termination) left the entry frame.
    Throw(super::Throw),
}

/// How many calls from compiled code may run nested inside their stubs (each nests a dispatch
/// loop on the native stack); deeper calls push their frame for the interpreter's loop.
#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
const MAX_JIT_DEPTH: u32 = 256;

/// Compiled code calls compiled code itself (`jit_enter_known`) only with at least this much
/// native stack spare (`run_code`).
#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
const JIT_STACK_MIN: usize = 64 * 1024;

#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
impl Vm {
    /// At the start (pc 0) of the running frame, or at a loop header (on-stack replacement,
    /// `jit_osr`): compile its template if it is due, and run its compiled code from there.
    #[inline(never)]
    pub(super) fn jit_enter(
        &mut self,
        template: &std::rc::Rc<FunctionTemplate>,
        roots: usize,
    ) -> JitOutcome {
        let osr = std::mem::take(&mut self.jit_osr);
        if self.hook.is_some() || self.jit_options.mode == JitMode::Profile {
            return JitOutcome::NotRun;
        }
        let tier = &template.tier;
        let state = tier.state.get();
        let due = state == Tier::HOT
            || (self.jit_options.mode == JitMode::Eager
                && (state == Tier::UNARMED || state == Tier::COLD));
        if due {
            if self.jit.is_none() {
                match crate::jit::Jit::new() {
                    Some(jit) => {
                        self.jit = Some(Box::new(jit));
                        self.jit_layout =
                            crate::jit::layout::ObjectLayout::probe(&self.heap, self.realm.global);
                        self.jit_calls = crate::jit::layout::CallLayout::probe();
                    }
                    None => {
                        tier.set_state(Tier::NEVER);
                        return JitOutcome::NotRun;
                    }
                }
            }
            let options = self.jit_options;
            let name = if options.trace
                || options.perf_map
                || options.print_clif.is_some()
                || options.print_asm.is_some()
            {
                self.template_name(template)
            } else {
                String::new()
            };
            let wanted = |filter: Option<&str>| filter.is_some_and(|f| f.is_empty() || f == name);
            let report = crate::jit::Report {
                trace: options.trace,
                clif: wanted(options.print_clif),
                asm: wanted(options.print_asm),
                perf_map: options.perf_map,
            };
            let runtime = crate::jit::lower::Runtime {
                length: self.realm.names.length,
                layout: self.jit_layout,
                prototypes: (self.realm.array_prototype.0, self.realm.object_prototype.0),
                global: self.realm.global,
                poll: self.budget.poll_address(),
                fuel: self.budget.fuel_address(),
                // `--jit=eager` compiles before anything ran: it tests the generic code.
                unreached_exits: options.mode != JitMode::Eager,
                inlinable: self
                    .realm
                    .inlinable
                    .iter()
                    .map(|&(name, f, what)| (name, f.to_bits(), what))
                    .collect(),
                known_calls: Default::default(),
                global_consts: self.global_consts(template),
                quick: Default::default(),
                calls: self.jit_calls,
                // A script's top level runs once: entered at its hot loop, the code before the
                // loop would never run compiled.
                entry_only: (osr
                    && matches!(
                        template.kind,
                        crate::bytecode::FunctionKind::Script | crate::bytecode::FunctionKind::Eval
                    ))
                .then(|| self.frames.last().expect("frame").pc),
            };
            let mut runtime = runtime;
            runtime.known_calls = self.known_calls(template, self.jit_calls);
            runtime.quick = self.quick_calls(&runtime.known_calls);
            let quick_sites = runtime.quick.len() as u64;
            let jit = self.jit.as_mut().expect("the JIT");
            match jit.compile(template, runtime, &name, report) {
                Ok(index) => {
                    self.jit_stats.compiled += 1;
                    self.jit_stats.quick_sites += quick_sites;
                    tier.code.set(index);
                    tier.entry.set(jit.entry(index).address());
                    tier.set_state(Tier::COMPILED);
                }
                Err(why) => {
                    if options.trace {
                        eprintln!("[jit] {name} stays in the interpreter: {why}");
                    }
                    tier.set_state(Tier::NEVER);
                    tier.budget.set(i32::MAX);
                    return JitOutcome::NotRun;
                }
            }
        } else if state != Tier::COMPILED {
            return JitOutcome::NotRun;
        }
        let Some(jit) = self.jit.as_deref() else {
            return JitOutcome::NotRun;
        };
        let entry = jit.entry(tier.code.get());
        let frame = self.frames.last().expect("frame");
        let (base, count, pc) = (frame.base, template.register_count as usize, frame.pc);
        let acc = frame.acc.to_bits();
        if self.registers.len() < base + count {
            return JitOutcome::NotRun;
        }
        if osr && self.jit_options.trace {
            eprintln!(
                "[jit] OSR entry into {} at loop header {pc}",
                self.template_name(template)
            );
        }
        if osr {
            self.jit_stats.osr_entries += 1;
        }
        let stopped = self.run_code(entry, base, acc, pc, roots);
        self.jit_exited(template, stopped)
    }

    /// Run compiled code `entry` on the frame whose registers start at `base`, from `pc` with the
    /// accumulator `acc`; why it stopped, and where (the exit record's pc and accumulator, copied
    /// out as scalars: copying the whole record, which compiled code wrote field by field, stalled
    /// store forwarding on every call).
    fn run_code(
        &mut self,
        entry: crate::jit::EntryPoint,
        base: usize,
        acc: u64,
        pc: u32,
        roots: usize,
    ) -> Stopped {
        // Compiled code calls compiled code itself down to half the stack left beyond the red
        // zone: the rest is for the runtime's own calls (stubs, the interpreter they may run).
        let stack_limit = match crate::util::stack::spare() {
            Some(spare) if spare > 2 * JIT_STACK_MIN => crate::util::stack::address() - spare / 2,
            _ => usize::MAX,
        };
        self.run_code_below(entry, base, acc, pc, roots, stack_limit)
    }

    /// `run_code` with the native stack limit for the code's own calls (`Exit::stack_limit`).
    fn run_code_below(
        &mut self,
        entry: crate::jit::EntryPoint,
        base: usize,
        acc: u64,
        pc: u32,
        roots: usize,
        stack_limit: usize,
    ) -> Stopped {
        let regs = self.registers[base..].as_mut_ptr() as *mut u64;
        self.jit_stats.entries += 1;
        // Stubs reach the VM through the record; no borrow of it is live while the code runs.
        let (globals, globals_len) = self.realm.global_lexical.raw_slots();
        let mut exit = crate::jit::Exit {
            acc,
            pc,
            regs,
            vm: self as *mut super::Vm,
            globals,
            globals_len,
            global: crate::runtime::Value::object(self.realm.global).to_bits(),
            roots,
            objects: self.heap.objects.base(),
            stack_limit,
        };
        let reason = crate::jit::run(entry, &mut exit);
        // Compiled code pops what it pushes in place before it returns; counted all the same.
        self.adopt_frames();
        Stopped {
            reason,
            pc: exit.pc,
            acc: exit.acc,
        }
    }

    /// After compiled code of `template` stopped for `reason`: the frame takes the code's pc and
    /// accumulator, and a deopt is counted (see the module comment of `jit`).
    fn jit_exited(&mut self, template: &FunctionTemplate, exit: Stopped) -> JitOutcome {
        let reason = exit.reason;
        use crate::jit::{Reason, MAX_DEOPTS};
        let tier = &template.tier;
        match reason {
            Reason::Handled => {
                // The frame goes on in the interpreter (a caught exception, a call it runs):
                // its loops come back to the compiled code soon, as after a deopt.
                if tier.budget.get() > OSR_RETRY {
                    tier.budget.set(OSR_RETRY);
                }
                return self.jit_pending.take().unwrap_or(JitOutcome::Resume);
            }
            Reason::NoEntry => {
                // Code compiled for one loop of a top-level script (`Runtime::entry_only`), asked
                // to enter at another: compile again at the next request, for that loop.
                if tier.state.get() == Tier::COMPILED {
                    tier.set_state(Tier::HOT);
                }
                return JitOutcome::NotRun;
            }
            _ => {}
        }
        let frame = self.frames.last_mut().expect("frame");
        frame.pc = exit.pc;
        frame.acc = crate::runtime::Value::from_bits(exit.acc);
        if reason != Reason::Return && tier.budget.get() > OSR_RETRY {
            // The frame goes on in the interpreter: its loops come back soon (`profile_hot`).
            tier.budget.set(OSR_RETRY);
        }
        if reason == Reason::Unreached {
            // The frame reached code the feedback had not seen when it was compiled: the
            // interpreter runs it (gathering feedback), and the template is recompiled when hot
            // again, without back-off (nothing failed).
            self.jit_stats.unreached += 1;
            tier.unreached.set(tier.unreached.get().saturating_add(1));
            if self.jit_options.trace {
                eprintln!(
                    "[jit] exit {} at pc {}: {}",
                    self.template_name(template),
                    exit.pc,
                    reason.describe()
                );
            }
            if tier.state.get() == Tier::COMPILED {
                tier.set_state(Tier::COLD);
                tier.budget.set(self.hot_budget(template));
            }
        }
        if reason.is_deopt() {
            self.jit_stats.deopts += 1;
            let deopts = tier.deopts.get().saturating_add(1);
            tier.deopts.set(deopts);
            if self.jit_options.trace {
                eprintln!(
                    "[jit] deopt {} at pc {}: {}{}",
                    self.template_name(template),
                    exit.pc,
                    reason.describe(),
                    if deopts >= MAX_DEOPTS {
                        " (too many: back to the interpreter)"
                    } else {
                        ""
                    }
                );
            }
            if deopts >= MAX_DEOPTS {
                tier.set_state(Tier::NEVER);
                tier.budget.set(i32::MAX);
            } else {
                // A speculation failed: widen the site's feedback past what failed (int32 only →
                // Number; Number only → anything), so that the next code does not speculate
                // there again.
                use crate::bytecode::feedback::types;
                let ins = crate::bytecode::template::decode(&template.code, exit.pc);
                let kinds = ins.opcode.operands();
                if let Some(i) = kinds
                    .iter()
                    .position(|k| *k == crate::bytecode::Operand::Feedback)
                {
                    if let crate::bytecode::feedback::Slot::Types(t) =
                        template.feedback.get(ins.operands[i] as u32)
                    {
                        // An int32 site that saw only int32 operands failed on its result.
                        let seen = match reason {
                            Reason::NotInt32 if t == types::INT32 => types::OVERFLOW,
                            Reason::NotInt32 => types::NUMBER,
                            _ => types::OTHER,
                        };
                        template.feedback.record_types(ins.operands[i] as u32, seen);
                    }
                }
                // Back-off: the template runs interpreted (gathering feedback) until it is hot
                // again, each deopt doubling the wait, then recompiles (`profile_hot`).
                tier.set_state(Tier::COLD);
                let wait = (self.hot_budget(template) as i64) << deopts.min(16);
                tier.budget.set(wait.min(i32::MAX as i64) as i32);
            }
        }
        if reason == Reason::Return {
            JitOutcome::Returned
        } else {
            JitOutcome::Resume
        }
    }

    /// Run the callee frame a call from compiled code pushed (on top, marked as an entry frame)
    /// to completion: its compiled code directly when it has some — returning from a plain frame
    /// here as `return_fast` does — else (or for the rest of it) a nested dispatch loop.
    fn jit_call(&mut self, roots: usize) -> super::JsResult<crate::runtime::Value> {
        use crate::bytecode::FunctionKind;
        use crate::jit::Reason;
        // The common case first, lean: a compiled plain function run from its start to its return.
        let frame = self.frames.last().expect("callee");
        let tier = &frame.template.tier;
        if tier.state.get() == Tier::COMPILED
            && self.hook.is_none()
            && frame.construct_result.is_none()
            && !matches!(frame.template.kind, FunctionKind::ClassConstructor { .. })
            && self.registers.len() >= frame.base + frame.template.register_count as usize
        {
            if let Some(jit) = self.jit.as_deref() {
                let entry = jit.entry(tier.code.get());
                let (base, acc) = (frame.base, frame.acc.to_bits());
                let exit = self.run_code(entry, base, acc, 0, roots);
                if exit.reason == Reason::Return {
                    self.drop_frame();
                    return Ok(crate::runtime::Value::from_bits(exit.acc));
                }
                let template = self.frames.last().expect("callee").template.clone();
                return match self.jit_exited(&template, exit) {
                    JitOutcome::Return(value) => Ok(value),
                    JitOutcome::Throw(throw) => Err(throw),
                    _ => self.run(),
                };
            }
        }
        let template = self.frames.last().expect("callee").template.clone();
        if template.tier.state.get() == Tier::COMPILED
            || (self.jit_options.mode == JitMode::Eager && template.tier.state.get() != Tier::NEVER)
        {
            match self.jit_enter(&template, roots) {
                JitOutcome::Returned => {
                    let frame = self.frames.last().expect("callee");
                    if frame.construct_result.is_none()
                        && !matches!(template.kind, FunctionKind::ClassConstructor { .. })
                    {
                        let frame = self.frames.pop().expect("callee");
                        self.registers.truncate(frame.base);
                        return Ok(frame.acc);
                    }
                }
                JitOutcome::Return(value) => return Ok(value),
                JitOutcome::Throw(throw) => return Err(throw),
                JitOutcome::NotRun | JitOutcome::Resume | JitOutcome::Frames => {}
            }
        }
        self.run()
    }

    // The inline-cache helpers (`jit::memory::helpers`): the fast path's own functions for the
    // running frame's template; `u64::MAX` / 0 when the fast case does not apply.

    pub(crate) fn jit_load_global(&mut self, name: u32, fb: u32) -> u64 {
        let template = &self.frames.last().expect("frame").template;
        self.load_global_fast(template, name, fb)
            .map_or(u64::MAX, |v| v.to_bits())
    }

    /// `LdaGlobal` of the global object's data property at `position` of `shape` while the
    /// global lexical environment has `lexicals` bindings (`Slot::GlobalProperty`, as compiled).
    pub(crate) fn jit_global_slot(&mut self, shape: u32, position: u32, lexicals: u32) -> u64 {
        if self.realm.global_lexical.len() != lexicals as usize {
            return u64::MAX;
        }
        self.own_slot(self.realm.global, shape, position)
            .map_or(u64::MAX, |v| v.to_bits())
    }

    /// `array.push(value)` with %Array.prototype.push% as the callee: the new length, for a plain
    /// dense array (`builtins::array::push_one`); anything else declines (the call goes on).
    pub(crate) fn jit_array_push(&mut self, object: u64, value: u64) -> u64 {
        use crate::runtime::Value;
        let (object, value) = (Value::from_bits(object), Value::from_bits(value));
        crate::builtins::array::push_one(self, object, value).map_or(u64::MAX, Value::to_bits)
    }

    /// `GetNamed` of `length` on an array: its length (any other object declines).
    pub(crate) fn jit_array_length(&mut self, object: u64) -> u64 {
        use crate::runtime::object::ObjectKind;
        match crate::runtime::Value::from_bits(object).as_object() {
            Some(o) => match self.heap.object(o).kind {
                // Lengths up to 2^31 - 1 are int32 values (`Value::number` would find that out
                // through a float conversion).
                ObjectKind::Array { length, .. } => match i32::try_from(length) {
                    Ok(n) => crate::runtime::Value::int(n).to_bits(),
                    Err(_) => crate::runtime::Value::number(length as f64).to_bits(),
                },
                _ => u64::MAX,
            },
            None => u64::MAX,
        }
    }

    pub(crate) fn jit_store_global(&mut self, name: u32, fb: u32, value: u64) -> u32 {
        let template = self.frames.last().expect("frame").template.clone();
        let value = crate::runtime::Value::from_bits(value);
        self.store_global_fast(&template, name, fb, value) as u32
    }

    pub(crate) fn jit_get_named(&mut self, object: u64, name: u32, fb: u32) -> u64 {
        let template = &self.frames.last().expect("frame").template;
        let object = crate::runtime::Value::from_bits(object);
        self.get_named_fast(template, object, name, fb)
            .map_or(u64::MAX, |v| v.to_bits())
    }

    pub(crate) fn jit_set_named(&mut self, object: u64, fb: u32, value: u64) -> u32 {
        let template = self.frames.last().expect("frame").template.clone();
        let (object, value) = (
            crate::runtime::Value::from_bits(object),
            crate::runtime::Value::from_bits(value),
        );
        self.set_named_fast(&template, object, fb, value) as u32
    }

    pub(crate) fn jit_get_keyed(&mut self, object: u64, key: u64) -> u64 {
        let (object, key) = (
            crate::runtime::Value::from_bits(object),
            crate::runtime::Value::from_bits(key),
        );
        self.get_keyed_fast(object, key)
            .map_or(u64::MAX, |v| v.to_bits())
    }

    pub(crate) fn jit_set_keyed(&mut self, object: u64, key: u64, value: u64) -> u32 {
        let (object, key, value) = (
            crate::runtime::Value::from_bits(object),
            crate::runtime::Value::from_bits(key),
            crate::runtime::Value::from_bits(value),
        );
        self.set_keyed_fast(object, key, value) as u32
    }

    pub(crate) fn jit_own_slot(&mut self, object: u64, shape: u32, slot: u32) -> u64 {
        crate::runtime::Value::from_bits(object)
            .as_object()
            .and_then(|o| self.own_slot(o, shape, slot))
            .map_or(u64::MAX, |v| v.to_bits())
    }

    pub(crate) fn jit_proto_slot(
        &mut self,
        object: u64,
        shape: u32,
        holder: u32,
        holder_shape: u32,
        slot: u32,
    ) -> u64 {
        crate::runtime::Value::from_bits(object)
            .as_object()
            .and_then(|o| self.proto_slot(o, shape, holder, holder_shape, slot))
            .map_or(u64::MAX, |v| v.to_bits())
    }

    pub(crate) fn jit_set_own_slot(
        &mut self,
        object: u64,
        shape: u32,
        slot: u32,
        value: u64,
    ) -> u32 {
        let value = crate::runtime::Value::from_bits(value);
        crate::runtime::Value::from_bits(object)
            .as_object()
            .is_some_and(|o| self.set_own_slot(o, shape, slot, value)) as u32
    }

    pub(crate) fn jit_load_context(&mut self, depth: u32, slot: u32) -> u64 {
        self.context_slot(depth, slot)
            .map_or(u64::MAX, |v| v.to_bits())
    }

    pub(crate) fn jit_store_context(&mut self, depth: u32, slot: u32, value: u64) -> u32 {
        let value = crate::runtime::Value::from_bits(value);
        self.set_context_slot(depth, slot, value) as u32
    }

    /// The runtime stub (`jit::memory::stub`): run the instruction at `pc` of the running frame
    /// as the interpreter's slow path does — the compiled code wrote the frame back first — and
    /// say how compiled code goes on (`jit::lower::STUB_NEXT`/`STUB_JUMPED`: after reloading the
    /// frame from `exit`), or `Reason::Handled` with `jit_pending` saying how the dispatch loop
    /// does. A call that pushed the callee's frame runs it to completion here, as an entry frame
    /// (the frames, hence stack traces and handlers, are those the interpreter would have).
    pub(crate) fn jit_stub(&mut self, exit: &mut crate::jit::Exit, pc: u32) -> u32 {
        use crate::runtime::Value;
        let template = self.frames.last().expect("frame").template.clone();
        let ins = crate::bytecode::fetch(&template.code, pc);
        let next = pc + ins.len;
        let kinds = ins.opcode.operands();
        let target = (kinds.last() == Some(&crate::bytecode::Operand::Jump))
            .then(|| ins.jump(kinds.len() - 1));
        let depth = self.frames.len();
        // The interpreter's fast path first (inline caches, plain calls), then `step`, exactly as
        // the dispatch loop runs an instruction.
        let frame = self.frames.last_mut().expect("frame");
        let (base, count) = (frame.base, template.register_count as usize);
        let mut acc = Value::from_bits(exit.acc);
        // Where the dispatch loop's frame would stand (the fast path syncs it before it throws).
        frame.pc = next;
        frame.acc = acc;
        let regs = super::registers::RegisterWindow::new(&mut self.registers, base, count);
        let w = crate::bytecode::template::window(&template.code, pc);
        let fast = if w[0] < crate::bytecode::Opcode::Wide as u8 {
            let op = crate::bytecode::Opcode::decode_byte(w[0]);
            self.fast::<1>(op, &template, w, pc, &mut acc, regs)
        } else {
            let (fast, new_acc) = self.fast_wide(&template, w, pc, acc, regs);
            acc = new_acc;
            fast
        };
        let mut flow = if let Some(at) = fast.next() {
            let frame = self.frames.last_mut().expect("frame");
            frame.pc = at;
            frame.acc = acc;
            Ok(super::interpreter::Flow::Next)
        } else if fast == super::fast::Fast::FRAMES {
            Ok(super::interpreter::Flow::FrameChanged)
        } else if fast == super::fast::Fast::THROW {
            Err(self.fast_throw.take().expect("thrown"))
        } else {
            let frame = self.frames.last_mut().expect("frame");
            frame.pc = next;
            frame.acc = acc;
            self.step(&template, ins)
        };
        if matches!(flow, Ok(super::interpreter::Flow::FrameChanged)) && self.frames.len() == depth
        {
            // A native function the fast path called: its result is in the frame.
            flow = Ok(super::interpreter::Flow::Next);
        }
        if matches!(flow, Ok(super::interpreter::Flow::FrameChanged))
            && self.frames.len() == depth + 1
            && self.jit_depth < MAX_JIT_DEPTH
        {
            // A call: run the callee here, as `Vm::call` would, and return to compiled code.
            self.frames.last_mut().expect("callee").entry = true;
            self.jit_depth += 1;
            let roots = self.roots.len();
            // Nested on the native stack: grow it when little is left, as `Vm::call` does.
            let result = crate::util::stack::ensure(|| self.jit_call(roots));
            self.jit_depth -= 1;
            flow = match result {
                Ok(value) => {
                    // `return_to_caller` for a bytecode caller.
                    let caller = self.frames.last_mut().expect("caller");
                    caller.acc = value;
                    let realm = caller.realm;
                    if realm != self.realm_id {
                        self.switch_realm(realm);
                    }
                    Ok(super::interpreter::Flow::Next)
                }
                Err(throw) => Err(throw),
            };
        }
        self.jit_stub_finish(exit, flow, next, target)
    }

    /// After a stub's instruction ran (`flow`): hand compiled code the frame at `next` or at the
    /// jump `target` (`STUB_NEXT`/`STUB_JUMPED`), else leave it to the dispatch loop
    /// (`Reason::Handled`, with `jit_pending` saying how it goes on).
    fn jit_stub_finish(
        &mut self,
        exit: &mut crate::jit::Exit,
        flow: super::JsResult<super::interpreter::Flow>,
        next: u32,
        target: Option<u32>,
    ) -> u32 {
        use crate::jit::lower::{STUB_JUMPED, STUB_NEXT};
        self.roots.truncate(exit.roots);
        let outcome = match flow {
            Ok(super::interpreter::Flow::Next) => {
                let frame = self.frames.last().expect("frame");
                let status = if frame.pc == next {
                    Some(STUB_NEXT)
                } else if Some(frame.pc) == target {
                    Some(STUB_JUMPED)
                } else {
                    None
                };
                if let Some(status) = status {
                    exit.acc = frame.acc.to_bits();
                    let base = frame.base;
                    exit.regs = self.registers[base..].as_mut_ptr() as *mut u64;
                    exit.objects = self.heap.objects.base();
                    (exit.globals, exit.globals_len) = self.realm.global_lexical.raw_slots();
                    exit.global = crate::runtime::Value::object(self.realm.global).to_bits();
                    return status;
                }
                JitOutcome::Resume
            }
            Ok(super::interpreter::Flow::FrameChanged) => JitOutcome::Frames,
            Ok(super::interpreter::Flow::Return(value)) => JitOutcome::Return(value),
            Err(throw) => match self.unwind(throw) {
                Ok(()) => JitOutcome::Frames,
                Err(throw) => JitOutcome::Throw(throw),
            },
        };
        self.jit_pending = Some(outcome);
        crate::jit::Reason::Handled as u32
    }

    /// `Call`/`CallUndefined` from compiled code (`jit::memory::direct_call`): a plain call of a
    /// compiled bytecode function pushes the callee's frame and runs its code directly, returning
    /// to compiled code with the result in the accumulator — none of the stub's decoding and
    /// dispatch. Anything else (a native, a callee not compiled yet, a class constructor, a
    /// different realm, too deep) is the stub's `Call` (`jit_stub`). The caller's frame was
    /// written back (the GC and stack traces see it) and is left at `next` with the accumulator,
    /// as the dispatch loop leaves it during a call.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn jit_call_direct(
        &mut self,
        exit: &mut crate::jit::Exit,
        pc: u32,
        next: u32,
        callee: u64,
        this: u64,
        first: u32,
        count: u32,
    ) -> u32 {
        use crate::runtime::Value;
        let callee = Value::from_bits(callee);
        let this = Value::from_bits(this);
        let caller = self.frames.last_mut().expect("frame");
        caller.pc = next;
        caller.acc = Value::from_bits(exit.acc);
        // A compiled plain function: the interpreter's own plain call pushes its frame (its
        // checks, ECMA-262 10.2.1.2 OrdinaryCallBindThis), marked as an entry frame — a deopt
        // finishes the callee in a nested dispatch loop (`jit_call`) that stops at its return.
        let compiled = |t: &FunctionTemplate| t.tier.state.get() == Tier::COMPILED;
        let pushed = self.jit.is_some()
            && self.jit_depth < MAX_JIT_DEPTH
            && match self.call_plain(callee, this, first, count, true, compiled) {
                Ok(pushed) => pushed,
                Err(throw) => return self.jit_stub_finish(exit, Err(throw), next, None),
            };
        if !pushed {
            let native = callee.as_object().is_some_and(|f| {
                matches!(
                    self.heap.object(f).kind,
                    crate::runtime::object::ObjectKind::Native(_)
                )
            });
            if !native {
                return self.jit_stub(exit, pc);
            }
            // A built-in: called with its arguments from the registers, as the interpreter's
            // fast path does (the caller's frame at `next`, as during any call).
            let flow = match self.call_native_fast(callee, this, first, count) {
                super::fast::Fast::FRAMES => Ok(super::interpreter::Flow::Next),
                super::fast::Fast::THROW => Err(self.fast_throw.take().expect("thrown")),
                _ => return self.jit_stub(exit, pc),
            };
            return self.jit_stub_finish(exit, flow, next, None);
        }
        let frame = self.frames.last().expect("callee");
        let base = frame.base;
        let code = frame.template.tier.code.get();
        let entry = self.jit.as_deref().expect("the JIT").entry(code);
        self.jit_depth += 1;
        let roots = self.roots.len();
        let undefined = Value::UNDEFINED.to_bits();
        // As `util::stack::ensure`, asking the stack's size once: on the caller's segment the
        // callee's code keeps the caller's limit for its own calls (a little more conservative
        // than its own would be); on a new segment it gets one of its own.
        let result = match crate::util::stack::spare() {
            Some(spare) if spare > 0 => {
                let below = exit.stack_limit;
                let code_exit = self.run_code_below(entry, base, undefined, 0, roots, below);
                self.jit_callee_stopped(code_exit)
            }
            _ => crate::util::stack::grow(|| {
                let code_exit = self.run_code(entry, base, undefined, 0, roots);
                self.jit_callee_stopped(code_exit)
            }),
        };
        self.jit_depth -= 1;
        self.jit_call_returned(exit, result, next)
    }

    /// The code of a callee pushed by `jit_call_direct` or `jit_enter_known` stopped: on a
    /// return its frame is popped; else the interpreter finishes it (an entry frame: the dispatch
    /// loop stops at its return). Its result or exception.
    #[inline(always)]
    fn jit_callee_stopped(&mut self, code_exit: Stopped) -> super::JsResult<crate::runtime::Value> {
        use crate::runtime::Value;
        if code_exit.reason == crate::jit::Reason::Return {
            self.drop_frame();
            return Ok(Value::from_bits(code_exit.acc));
        }
        let template = self.frames.last().expect("callee").template.clone();
        match self.jit_exited(&template, code_exit) {
            JitOutcome::Return(value) => Ok(value),
            JitOutcome::Throw(throw) => Err(throw),
            _ => self.run(),
        }
    }

    /// Back to the compiled caller (at `next`) after a call from it returned `result`.
    #[inline(always)]
    fn jit_call_returned(
        &mut self,
        exit: &mut crate::jit::Exit,
        result: super::JsResult<crate::runtime::Value>,
        next: u32,
    ) -> u32 {
        match result {
            Ok(value) => {
                // As `jit_stub_finish` would for `Flow::Next` (the caller's frame is at `next`),
                // without its checks.
                self.roots.truncate(exit.roots);
                let caller = self.frames.last_mut().expect("caller");
                caller.acc = value;
                let (realm, base) = (caller.realm, caller.base);
                if realm != self.realm_id {
                    self.switch_realm(realm);
                }
                exit.acc = value.to_bits();
                exit.regs = self.registers[base..].as_mut_ptr() as *mut u64;
                exit.objects = self.heap.objects.base();
                (exit.globals, exit.globals_len) = self.realm.global_lexical.raw_slots();
                exit.global = crate::runtime::Value::object(self.realm.global).to_bits();
                crate::jit::lower::STUB_NEXT
            }
            Err(throw) => self.jit_stub_finish(exit, Err(throw), next, None),
        }
    }

    /// `memory::enter_known`: a plain call from compiled code of `known`, a function compiled
    /// code saw when it was compiled (the code checked the callee is it). What `jit_call_direct`
    /// does up to running the callee's code — the checks of `call_plain` that depend on the call,
    /// the frame pushed (an entry frame, its arguments copied), the caller's frame at `next` —
    /// without looking the function up, and without running the code: the caller calls it on
    /// the same `exit`, now pointing at the callee's registers, and then `jit_leave_known`.
    /// Returns the code's address, or 0 having changed nothing: the callee is not compiled (or
    /// not anymore), the call needs the interpreter's checks (no fuel left, an interrupt, another realm,
    /// a primitive `this` for sloppy code, too deep), or too little native stack is left.
    pub(crate) fn jit_enter_known(
        &mut self,
        exit: &mut crate::jit::Exit,
        known: &crate::jit::KnownCallee,
        next: u32,
        this: u64,
        first: u32,
        count: u32,
    ) -> usize {
        use crate::runtime::Value;
        let template = &known.template;
        // Nonzero exactly while the template is compiled (`Tier::set_state`).
        let entry = template.tier.entry.get();
        if entry == 0
            || known.realm != self.realm_id
            || self.frames.len() >= super::MAX_FRAMES
            || crate::util::stack::address() < exit.stack_limit
        {
            return 0;
        }
        // ECMA-262 10.2.1.2 OrdinaryCallBindThis.
        let this = Value::from_bits(this);
        let this = match known.arrow_this {
            Some(this) => this,
            None if template.strict || this.is_object() => this,
            None if this.is_nullish() => Value::object(self.realm.global),
            None => return 0,
        };
        // `call_plain`'s `check_budget` (what would stop the call is left to it).
        if !self.budget.try_spend() {
            return 0;
        }
        let caller = self.frames.last_mut().expect("frame");
        caller.pc = next;
        caller.acc = Value::from_bits(exit.acc);
        let caller_base = caller.base;
        let n = (count as usize).min(template.param_count as usize);
        let base = self.push_frame(super::FrameStart {
            template: template.clone(),
            this,
            callee: known.callee,
            new_target: Value::UNDEFINED,
            context: known.context,
            construct_result: None,
            entry: true,
        });
        let from = caller_base + first as usize;
        for i in 0..n {
            self.registers[base + i] = self.registers[from + i];
        }
        self.jit_stats.entries += 1;
        exit.regs = self.registers[base..].as_mut_ptr() as *mut u64;
        exit.acc = Value::UNDEFINED.to_bits();
        exit.pc = 0;
        entry
    }

    /// `memory::leave_known`: the code `jit_enter_known` handed out stopped for `reason` (with
    /// the callee's pc and accumulator in `exit`). As `jit_call_direct` after running it: the
    /// callee's frame popped, or the interpreter finishing it; then back to the caller's code
    /// at `next`, or to the interpreter (an exception). Returns as `jit_stub` does.
    pub(crate) fn jit_leave_known(
        &mut self,
        exit: &mut crate::jit::Exit,
        reason: u32,
        next: u32,
    ) -> u32 {
        use crate::runtime::Value;
        let reason = crate::jit::Reason::from_code(reason).unwrap_or(crate::jit::Reason::Return);
        let code_exit = Stopped {
            reason,
            pc: exit.pc,
            acc: exit.acc,
        };
        let result = if reason == crate::jit::Reason::Return {
            self.drop_frame();
            Ok(Value::from_bits(code_exit.acc))
        } else {
            self.jit_depth += 1;
            let result = crate::util::stack::ensure(|| self.jit_callee_stopped(code_exit));
            self.jit_depth -= 1;
            result
        };
        self.jit_call_returned(exit, result, next)
    }

    /// Pop the callee frame a compiled function returned from, dropped in place (`pop` would copy
    /// it out first: the same store-forwarding stall `registers::push_in_place` avoids).
    #[inline(always)]
    fn drop_frame(&mut self) {
        let base = self.frames.last().expect("callee").base;
        self.frames.truncate(self.frames.len() - 1);
        self.registers.truncate(base);
    }

    /// The method property site `fb` finds on the receivers' prototype, if its entries agree on
    /// one (a class's or a constructor's prototype method): its value now. A guess — compiled
    /// code checks the callee is it.
    fn method_guess(&self, template: &FunctionTemplate, fb: u32) -> Option<crate::runtime::Value> {
        use crate::bytecode::feedback::NO_HOLDER;
        use crate::runtime::object::Props;
        let entries = template.feedback.entries(fb);
        let e = *entries.first()?;
        let agree = entries
            .iter()
            .all(|x| (x.holder, x.holder_shape, x.slot) == (e.holder, e.holder_shape, e.slot));
        if !agree || e.holder == NO_HOLDER || !self.heap.objects.contains(e.holder) {
            return None;
        }
        let holder = crate::runtime::value::ObjectRef(e.holder);
        match &self.heap.object(holder).props {
            Props::Shaped { shape, slots } if *shape == e.holder_shape => {
                slots.get(e.slot as usize).copied()
            }
            _ => None,
        }
    }

    /// The global `const` bindings the `LdaGlobal` sites of `template` read that are initialized
    /// (`lower::Runtime::global_consts`): by index, their values' bits.
    fn global_consts(&self, template: &FunctionTemplate) -> std::collections::BTreeMap<u32, u64> {
        let mut consts = std::collections::BTreeMap::new();
        let Ok(instructions) = crate::jit::lower::instructions(template) else {
            return consts;
        };
        for ins in instructions {
            if ins.opcode != crate::bytecode::Opcode::LdaGlobal {
                continue;
            }
            if let crate::bytecode::feedback::Slot::GlobalLexical(i) =
                template.feedback.get(ins.uimm(1))
            {
                if let Some(&(v, true)) = self.realm.global_lexical.slot(i) {
                    if !v.is_hole() {
                        consts.insert(i, v.to_bits());
                    }
                }
            }
        }
        consts
    }

    /// The plain calls of `template` whose callee is a global or a prototype's method
    /// (`lower::callee_loads`) holding a
    /// function `jit_enter_known` can call — what `call_plain` checks of the function itself —
    /// with what it reads off the function, kept by the JIT (`Jit::know`), and what compiled
    /// code needs to push the frame itself (with a `CallLayout`).
    fn known_calls(
        &mut self,
        template: &FunctionTemplate,
        layout: Option<crate::jit::layout::CallLayout>,
    ) -> std::collections::BTreeMap<u32, crate::jit::lower::KnownCall> {
        use crate::bytecode::{FunctionKind, Opcode};
        use crate::runtime::Value;
        let mut known = std::collections::BTreeMap::new();
        let Ok(instructions) = crate::jit::lower::instructions(template) else {
            return known;
        };
        for (pc, load) in crate::jit::lower::callee_loads(&instructions) {
            let callee = match load.opcode {
                Opcode::LdaGlobal => self.load_global_fast(template, load.uimm(0), load.uimm(1)),
                Opcode::GetNamed => self.method_guess(template, load.uimm(2)),
                _ => None,
            };
            let Some(callee) = callee else {
                continue;
            };
            let Some(f) = callee.as_object() else {
                continue;
            };
            let crate::runtime::object::ObjectKind::Function(closure) = &self.heap.object(f).kind
            else {
                continue;
            };
            let t = &closure.template;
            let plain = matches!(
                t.kind,
                FunctionKind::Normal | FunctionKind::Arrow | FunctionKind::Method
            ) && t.rest_register.is_none()
                && t.arguments_register.is_none()
                && t.coroutine.is_none();
            if !plain || closure.realm != self.realm_id {
                continue;
            }
            let arrow = t.kind == FunctionKind::Arrow;
            let arrow_this = arrow.then_some(closure.this_value);
            // The frame `call_plain` pushes for `CallUndefined` (ECMA-262 10.2.1.2
            // OrdinaryCallBindThis: a sloppy function's undefined `this` is the global object).
            let frame = layout.map(|_| {
                let this = match arrow_this {
                    Some(this) => this,
                    None if t.strict => Value::UNDEFINED,
                    None => Value::object(self.realm.global),
                };
                super::Frame {
                    template: t.clone(),
                    pc: 0,
                    acc: Value::UNDEFINED,
                    this,
                    callee,
                    new_target: Value::UNDEFINED,
                    base: 0,
                    context: closure.context,
                    context_depth: 0,
                    construct_result: None,
                    entry: true,
                    realm: closure.realm,
                    // The copies compiled code pushes in place do not own a count.
                    counted: false,
                }
            });
            let callee_known = crate::jit::KnownCallee {
                callee,
                template: t.clone(),
                context: closure.context,
                arrow_this,
                realm: closure.realm,
                frame: None,
            };
            let (registers, params) = (t.register_count, t.param_count);
            let (strict, entry) = (t.strict, &t.tier.entry as *const _ as usize);
            let jit = self.jit.as_mut().expect("the JIT");
            let kept = jit.know(callee_known, frame);
            let at = kept as *const crate::jit::KnownCallee as usize;
            let call = crate::bytecode::template::decode(&template.code, pc).opcode;
            // A sloppy function's `this` from a `Call` needs `call_plain`'s conversion; more than
            // 64 registers to set are left to the runtime too.
            let this_from_call = call == Opcode::Call && !arrow;
            let inline = match &kept.frame {
                Some((frame, strong)) if (!this_from_call || strict) && registers <= 64 => {
                    Some(crate::jit::lower::InlineCall {
                        frame: frame as *const super::Frame as usize,
                        strong: *strong,
                        entry,
                        registers,
                        params,
                        this_from_call,
                        realm: closure.realm,
                    })
                }
                _ => None,
            };
            known.insert(
                pc,
                crate::jit::lower::KnownCall {
                    callee: callee.to_bits(),
                    known: at,
                    inline,
                },
            );
        }
        known
    }

    /// The known calls (`known`) whose callee has a quick path (`lower::Runtime::quick`): a
    /// small loop-free function the tier compiles.
    fn quick_calls(
        &self,
        known: &std::collections::BTreeMap<u32, crate::jit::lower::KnownCall>,
    ) -> std::collections::BTreeMap<u32, std::rc::Rc<FunctionTemplate>> {
        use crate::jit::lower::{has_quick_path, instructions, MAX_QUICK};
        let Some(jit) = self.jit.as_ref() else {
            return Default::default();
        };
        known
            .iter()
            .filter_map(|(&pc, call)| {
                let t = &jit.known_callee(call.callee)?.template;
                let code = instructions(t).ok()?;
                let quick = code.len() <= MAX_QUICK
                    && !code
                        .iter()
                        .any(|i| i.opcode == crate::bytecode::Opcode::JumpLoop)
                    && has_quick_path(&code);
                quick.then(|| (pc, t.clone()))
            })
            .collect()
    }

    fn template_name(&mut self, template: &FunctionTemplate) -> String {
        let name = template.name.map(|s| self.heap.to_rust_string(s));
        match name {
            Some(n) if !n.is_empty() => n,
            _ => "<anonymous>".into(),
        }
    }
}

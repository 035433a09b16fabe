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
}

/// The default hotness threshold (DESIGN.md §3: ~10⁴ weighted units repay a compile on the main thread).
pub const DEFAULT_THRESHOLD: u32 = 10_000;

impl Default for JitOptions {
    fn default() -> JitOptions {
        JitOptions {
            // Off until the tier has had more testing (`--jit=on` turns it on).
            mode: JitMode::Off,
            threshold: DEFAULT_THRESHOLD,
            trace: false,
            print_clif: None,
            print_asm: None,
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
                tier.state.set(Tier::COLD);
                tier.budget.set(self.hot_budget(template));
            }
            Tier::COLD => {
                tier.state.set(Tier::HOT);
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
/// bytecode (scaled with `--jit-threshold`).
const SIZE_WEIGHT: u64 = 100;

/// Weighted units an interpreted loop of a compiled template runs before it tries compiled code
/// again (see `profile_hot`).
const OSR_RETRY: i32 = 1_000;

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
        if self.fuel.is_some() || self.hook.is_some() || self.jit_options.mode == JitMode::Profile {
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
                    Some(jit) => self.jit = Some(Box::new(jit)),
                    None => {
                        tier.state.set(Tier::NEVER);
                        return JitOutcome::NotRun;
                    }
                }
            }
            let options = self.jit_options;
            let name =
                if options.trace || options.print_clif.is_some() || options.print_asm.is_some() {
                    self.template_name(template)
                } else {
                    String::new()
                };
            let wanted = |filter: Option<&str>| filter.is_some_and(|f| f.is_empty() || f == name);
            let (clif, asm) = (wanted(options.print_clif), wanted(options.print_asm));
            let jit = self.jit.as_mut().expect("the JIT");
            match jit.compile(template, &name, options.trace, clif, asm) {
                Ok(index) => {
                    self.jit_stats.compiled += 1;
                    tier.code.set(index);
                    tier.state.set(Tier::COMPILED);
                }
                Err(why) => {
                    if options.trace {
                        eprintln!("[jit] {name} stays in the interpreter: {why}");
                    }
                    tier.state.set(Tier::NEVER);
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
        let (reason, exit) = self.run_code(entry, base, acc, pc, roots);
        self.jit_exited(template, reason, &exit)
    }

    /// Run compiled code `entry` on the frame whose registers start at `base`, from `pc` with the
    /// accumulator `acc`; why it stopped, and the exit record (its pc and accumulator).
    fn run_code(
        &mut self,
        entry: crate::jit::EntryPoint,
        base: usize,
        acc: u64,
        pc: u32,
        roots: usize,
    ) -> (crate::jit::Reason, crate::jit::Exit) {
        let regs = self.registers[base..].as_mut_ptr() as *mut u64;
        let interrupt = self.interrupt.as_ptr() as *const u8;
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
            roots,
        };
        let reason = crate::jit::run(entry, &mut exit, interrupt);
        (reason, exit)
    }

    /// After compiled code of `template` stopped for `reason`: the frame takes the code's pc and
    /// accumulator, and a deopt is counted (see the module comment of `jit`).
    fn jit_exited(
        &mut self,
        template: &FunctionTemplate,
        reason: crate::jit::Reason,
        exit: &crate::jit::Exit,
    ) -> JitOutcome {
        use crate::jit::{Reason, MAX_DEOPTS};
        let tier = &template.tier;
        match reason {
            Reason::Handled => {
                return self.jit_pending.take().unwrap_or(JitOutcome::Resume);
            }
            Reason::NoEntry => return JitOutcome::NotRun,
            _ => {}
        }
        let frame = self.frames.last_mut().expect("frame");
        frame.pc = exit.pc;
        frame.acc = crate::runtime::Value::from_bits(exit.acc);
        if reason != Reason::Return && tier.budget.get() > OSR_RETRY {
            // The frame goes on in the interpreter: its loops come back soon (`profile_hot`).
            tier.budget.set(OSR_RETRY);
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
                tier.state.set(Tier::NEVER);
                tier.budget.set(i32::MAX);
            } else if let Some(widen) = match reason {
                // The int32-only speculation failed: widen the site's feedback to Number (the new
                // code takes the f64 path there).
                Reason::NotInt32 => Some(crate::bytecode::feedback::types::NUMBER),
                // The Number-only speculation failed: widen it past Numbers (the new code takes
                // the stub there; `===` records no other type itself).
                Reason::NotNumber => Some(crate::bytecode::feedback::types::OTHER),
                _ => None,
            } {
                let ins = crate::bytecode::template::decode(&template.code, exit.pc);
                let kinds = ins.opcode.operands();
                if let Some(i) = kinds
                    .iter()
                    .position(|k| *k == crate::bytecode::Operand::Feedback)
                {
                    template
                        .feedback
                        .record_types(ins.operands[i] as u32, widen);
                    // Back-off: the template runs interpreted (gathering feedback) until it is
                    // hot again, each deopt doubling the wait, then recompiles (`profile_hot`).
                    tier.state.set(Tier::COLD);
                    let wait = (self.hot_budget(template) as i64) << deopts.min(16);
                    tier.budget.set(wait.min(i32::MAX as i64) as i32);
                }
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
            && self.fuel.is_none()
            && self.hook.is_none()
            && frame.construct_result.is_none()
            && !matches!(frame.template.kind, FunctionKind::ClassConstructor { .. })
            && self.registers.len() >= frame.base + frame.template.register_count as usize
        {
            if let Some(jit) = self.jit.as_deref() {
                let entry = jit.entry(tier.code.get());
                let (base, acc) = (frame.base, frame.acc.to_bits());
                let (reason, exit) = self.run_code(entry, base, acc, 0, roots);
                if reason == Reason::Return {
                    let frame = self.frames.pop().expect("callee");
                    self.registers.truncate(frame.base);
                    return Ok(crate::runtime::Value::from_bits(exit.acc));
                }
                let template = self.frames.last().expect("callee").template.clone();
                return match self.jit_exited(&template, reason, &exit) {
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
        use crate::jit::lower::{STUB_JUMPED, STUB_NEXT};
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
                    (exit.globals, exit.globals_len) = self.realm.global_lexical.raw_slots();
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

    fn template_name(&mut self, template: &FunctionTemplate) -> String {
        let name = template.name.map(|s| self.heap.to_rust_string(s));
        match name {
            Some(n) if !n.is_empty() => n,
            _ => "<anonymous>".into(),
        }
    }
}

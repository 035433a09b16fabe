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
    /// `--print-clif`: the Cranelift IR of each compiled function on stderr (source locations are
    /// bytecode offsets).
    pub print_clif: bool,
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
            print_clif: false,
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
                tier.state.set(Tier::COLD);
                tier.budget
                    .set(self.jit_options.threshold.min(i32::MAX as u32) as i32);
            }
            Tier::COLD => {
                tier.state.set(Tier::HOT);
                tier.budget.set(i32::MAX);
            }
            _ => tier.budget.set(i32::MAX),
        }
    }
}

#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
impl Vm {
    /// At the start (pc 0) of the running frame: compile its template if it is due, and run its
    /// compiled code. True if the code ran: the frame's `pc` and accumulator say where the
    /// interpreter goes on (its registers were written back).
    #[inline(never)]
    pub(super) fn jit_enter(&mut self, template: &std::rc::Rc<FunctionTemplate>) -> bool {
        use crate::jit::{Exit, Reason, MAX_DEOPTS};
        if self.fuel.is_some() || self.hook.is_some() || self.jit_options.mode == JitMode::Profile {
            return false;
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
                        return false;
                    }
                }
            }
            let (trace, clif) = (self.jit_options.trace, self.jit_options.print_clif);
            let name = if trace || clif {
                self.template_name(template)
            } else {
                String::new()
            };
            let jit = self.jit.as_mut().expect("the JIT");
            match jit.compile(template, &name, trace, clif) {
                Ok(index) => {
                    self.jit_stats.compiled += 1;
                    tier.code.set(index);
                    tier.state.set(Tier::COMPILED);
                }
                Err(why) => {
                    if trace {
                        eprintln!("[jit] {name} stays in the interpreter: {why}");
                    }
                    tier.state.set(Tier::NEVER);
                    return false;
                }
            }
        } else if state != Tier::COMPILED {
            return false;
        }
        let Some(jit) = self.jit.as_deref() else {
            return false;
        };
        let frame = self.frames.last().expect("frame");
        let (base, count) = (frame.base, template.register_count as usize);
        let mut exit = Exit {
            acc: frame.acc.to_bits(),
            pc: 0,
        };
        let registers = &mut self.registers[base..base + count];
        self.jit_stats.entries += 1;
        let reason = jit.run(tier.code.get(), registers, &mut exit, &self.interrupt);
        let frame = self.frames.last_mut().expect("frame");
        frame.pc = exit.pc;
        frame.acc = crate::runtime::Value::from_bits(exit.acc);
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
            } else if matches!(reason, Reason::Overflow | Reason::NotInt32) {
                // The int32-only speculation failed: widen the site's feedback to Number and
                // recompile at the next entry (the new code takes the f64 path there).
                let ins = crate::bytecode::template::decode(&template.code, exit.pc);
                let kinds = ins.opcode.operands();
                if let Some(i) = kinds
                    .iter()
                    .position(|k| *k == crate::bytecode::Operand::Feedback)
                {
                    template.feedback.record_types(
                        ins.operands[i] as u32,
                        crate::bytecode::feedback::types::NUMBER,
                    );
                    tier.state.set(Tier::HOT);
                }
            }
        }
        true
    }

    fn template_name(&mut self, template: &FunctionTemplate) -> String {
        let name = template.name.map(|s| self.heap.to_rust_string(s));
        match name {
            Some(n) if !n.is_empty() => n,
            _ => "<anonymous>".into(),
        }
    }
}

//! The Cranelift tier (native only; `feature = "jit"`).
//!
//! Architecture Invariant: the JIT is an optimisation. Every program behaves the same with it off, and the
//! wasm32 build never compiles this module or links Cranelift.
//!
//! # Design (first slice; ARCHITECTURE.md, `src/jit/`)
//!
//! - **Profiling** (`vm/tier.rs`): each template's `Tier::budget` is spent by the interpreter at loop
//!   back-edges (`JumpLoop`: the loop body's size) and returns (the return's offset). The first time it
//!   runs out it is armed with the threshold (`--jit-threshold`); the second time the template is hot
//!   and is compiled at its next entry. `--jit=eager` compiles at the first entry.
//! - **Unit**: whole functions whose every instruction `lower::support` lowers; any other opcode keeps
//!   the function in the interpreter (`Tier::NEVER`), decided per opcode by an exhaustive match.
//! - **Frame**: compiled code has no frame of its own. The interpreter pushes the frame as usual (the
//!   call path is unchanged), and when a frame starts at pc 0 with compiled code, `Vm::jit_enter` calls
//!   it with a pointer to the frame's registers in the VM's register file and an `Exit` record holding
//!   the accumulator. The code keeps the registers it touches in SSA variables and, at every exit, stores
//!   those it writes and the accumulator back and returns a `deopt::Reason` and the bytecode offset
//!   where the interpreter resumes on the same frame — the `Return` it reached (the interpreter performs
//!   the return: construct results, realms, entry frames stay in one place) or the instruction whose
//!   guard failed (deoptimization: the interpreter re-executes it from scratch, which is sound because
//!   guards run before an instruction has any effect).
//! - **Speculation**: int32 arithmetic and comparisons inline with overflow guards. Feedback that saw only
//!   int32 makes a failed check a deopt; otherwise the general Number case calls the interpreter's own
//!   Number operation (`ops::numeric`, an `extern "C"` helper that neither allocates nor runs JS). A
//!   failed int32 speculation widens that site's feedback to Number and recompiles at the next entry
//!   (the old code stays mapped until the VM drops); after `MAX_DEOPTS` deopts the template is left
//!   to the interpreter.
//! - **GC, calls, exceptions**: the GC scans only interpreter frames. This slice compiles no
//!   instruction that can allocate, call, or throw, so compiled code never runs while the heap can
//!   change; later opcodes that can must write the frame back first (or exit to the interpreter).
//! - **Interrupts and fuel**: each back-edge loads the VM's interrupt flag and exits there if it is
//!   set (the interpreter's `JumpLoop` then stops the script). With a fuel budget, or the inspection
//!   hook, compiled code is not entered, so fuel counts exactly as in the interpreter.
//! - **Executable memory** (`memory.rs`, the module's only `unsafe`): per function, pages mapped
//!   read-write with `libc::mmap`, the code copied, then `mprotect` read-execute — never both. `libc`
//!   is already in the tree (through `stacker`); `rustix`/`memmap2` would add crates for three calls.
//!   Code lives as long as the VM (templates do not report their death yet).

mod deopt;
pub mod lower;
mod memory;

pub use deopt::Reason;

use crate::bytecode::FunctionTemplate;
use cranelift_codegen::settings::{self, Configurable};
use std::time::Instant;

/// Deopts after which a template stays in the interpreter.
pub const MAX_DEOPTS: u8 = 10;

/// What compiled code and the interpreter exchange (`repr(C)`: the code reads it at fixed offsets).
#[repr(C)]
pub struct Exit {
    /// The accumulator: in at entry, out at exit (`Value` bits).
    pub acc: u64,
    /// The bytecode offset to resume at.
    pub pc: u32,
}

/// The tier: the target ISA and the compiled functions of one VM.
pub struct Jit {
    isa: cranelift_codegen::isa::OwnedTargetIsa,
    code: Vec<memory::Code>,
}

/// The name of the host ISA Cranelift targets, or why it cannot (for `kestrel --version`).
pub fn host_isa() -> String {
    match cranelift_native::builder() {
        Ok(builder) => builder.triple().to_string(),
        Err(e) => format!("unsupported ({e})"),
    }
}

impl Jit {
    /// The tier for the host, if Cranelift supports it.
    pub fn new() -> Option<Jit> {
        let mut flags = settings::builder();
        flags.set("opt_level", "speed").ok()?;
        let isa = cranelift_native::builder()
            .ok()?
            .finish(settings::Flags::new(flags))
            .ok()?;
        Some(Jit {
            isa,
            code: Vec::new(),
        })
    }

    /// Compile `template`; its code's index, or why not. With `trace`, report on stderr.
    pub fn compile(
        &mut self,
        template: &FunctionTemplate,
        name: &str,
        trace: bool,
        print_clif: bool,
    ) -> Result<u32, String> {
        let start = Instant::now();
        let instructions = lower::instructions(template)
            .map_err(|op| format!("unsupported opcode {}", op.name()))?;
        let index = self.code.len() as u32;
        let mut ctx = cranelift_codegen::Context::for_function(lower::function(index, &*self.isa));
        lower::lower(&mut ctx.func, template, &instructions, &*self.isa);
        if print_clif {
            eprintln!(
                "; CLIF of {name} (srclocs are bytecode offsets)\n{}",
                ctx.func.display()
            );
        }
        let mut ctrl = Default::default();
        let compiled = ctx
            .compile(&*self.isa, &mut ctrl)
            .map_err(|e| format!("cranelift: {:?}", e.inner))?;
        if !compiled.buffer.relocs().is_empty() {
            return Err("code needs relocations".into());
        }
        let bytes = compiled.code_buffer();
        let size = bytes.len();
        let code = memory::Code::new(bytes).ok_or("no executable memory")?;
        if trace {
            eprintln!(
                "[jit] compiled {name}: {} bytecode bytes, {} instructions -> {size} bytes of code (mapped {}) in {:.3} ms",
                template.bytecode().len(),
                instructions.len(),
                code.len(),
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.code.push(code);
        Ok(index)
    }

    /// Run compiled function `index` on a frame's registers; returns why it stopped (`exit.pc`: where).
    pub fn run(
        &self,
        index: u32,
        registers: &mut [crate::runtime::Value],
        exit: &mut Exit,
        interrupt: &std::sync::atomic::AtomicBool,
    ) -> Reason {
        let code = self.code[index as usize].call(registers, exit, interrupt);
        Reason::from_code(code).unwrap_or(Reason::Return)
    }
}

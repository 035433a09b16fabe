//! The Cranelift tier (native only; `feature = "jit"`).
//!
//! Architecture Invariant: the JIT is an optimisation. Every program behaves the same with it off, and the
//! wasm32 build never compiles this module or links Cranelift.
//!
//! # Design (ARCHITECTURE.md, `src/jit/`)
//!
//! - **Profiling** (`vm/tier.rs`): each template's `Tier::budget` is spent by the interpreter at loop
//!   back-edges (`JumpLoop`: the loop body's size) and returns (the return's offset). The first time it
//!   runs out it is armed with the threshold (`--jit-threshold`), raised to 1,000 units per byte of
//!   bytecode (scaled with the threshold): a big function must run longer before it repays its
//!   compile. The second time the template is hot and is compiled at its next entry.
//!   `--jit=eager` compiles at the first entry.
//! - **Unit and entries**: whole functions (top-level script code too) whose opcodes `lower::support`
//!   does not mark never-compiled. The code has one entry block that loads every register it uses
//!   and the accumulator from the frame, then switches on `Exit::pc`: 0, or a loop header —
//!   on-stack replacement, asked for by an interpreted `JumpLoop` whose budget is spent while the
//!   template is hot or compiled (at every back-edge under `--jit=eager`).
//! - **Frame**: compiled code has no frame of its own. The interpreter pushes the frame as usual and
//!   `Vm::jit_enter` runs the code with an `Exit` record: the frame's registers in the VM's register
//!   file, the accumulator, the entry pc, the VM. The code keeps the registers it touches in SSA
//!   variables and, at every exit, stores the accumulator and those it wrote back (only those the
//!   frame may not hold yet and that may still be read: `lower::needed`) and returns a
//!   `deopt::Reason` and the bytecode offset where the interpreter resumes on the same frame — the
//!   `Return` it reached (the interpreter performs the return, except for a plain call from
//!   compiled code, which `Vm::jit_call` returns from directly) or the instruction whose guard
//!   failed (deoptimization: the interpreter re-executes it from scratch, which is sound because
//!   guards run before an instruction has any effect). Exits that write back the same registers
//!   share one exit block: the write-back (a store per register) is emitted once for them all.
//! - **Representations and speculation** (`lower::Rep`): a register or the accumulator is held
//!   boxed (a `Value`) or unboxed — an int32, an f64, a boolean flag. A forward dataflow over the
//!   blocks fixes what each block starts with (Int and Float join as Float, anything else as
//!   boxed), so loop variables stay unboxed around their loop. Operator sites whose feedback saw
//!   only int32s run on int32s (overflow, -0 and non-int32 operands deopt), those that saw only
//!   Numbers on f64s (a non-Number deopts); comparisons leave a flag a branch takes directly.
//!   Values are boxed only where a `Value` is needed (write-backs, helper arguments, generic
//!   operations). Other sites run the boxed operation: int32 and f64 inline, then the
//!   interpreter's own `ops::numeric` or the runtime stub. A failed guard widens that site's
//!   feedback (int32 to Number, Number past Numbers: the interpreter does not record every
//!   operand type itself); the template runs interpreted until it is hot again, the wait doubling
//!   with each deopt (back-off), then recompiles (the old code stays mapped until the VM drops);
//!   after `MAX_DEOPTS` deopts the template is left to the interpreter.
//! - **Runtime stub** (`Vm::jit_stub`, reached through `memory::stub`): for every opcode that may
//!   allocate, call, throw or touch frame state the code does not keep. The code writes back the
//!   accumulator and every register it may have written since the frame last held them all (the
//!   entry, or a stub on every path) that is still live, a handler's reads included
//!   (`lower::needed`) — so while the stub runs, the frame in the register file holds every live
//!   value and the GC, which scans only interpreter frames, sees them all (a dead register keeps
//!   an older value the frame has held all along) — and reloads after it the register file's new
//!   address and the registers the instruction can write (`lower::writes_only_declared`: for
//!   most opcodes only their `RegOut` operands — no other code writes a frame's registers). The
//!   stub runs the one instruction as the dispatch loop would (the fast path, then `step`: no
//!   semantics are duplicated); a call's callee frame is run to completion inside the stub as an
//!   entry frame (nesting bounded by `MAX_JIT_DEPTH`). `Call`/`CallUndefined` go through
//!   `memory::direct_call` instead: a compiled plain callee gets its frame pushed and its code run
//!   directly, a built-in is called as the fast path calls it, anything else is the stub's. A
//!   callee known when compiling (a global holding a plain function: `KnownCallee`) has its frame
//!   pushed by the compiled caller itself, which then calls its code (`lower::Lower::call_in_place`;
//!   `memory::enter_known` and `leave_known` when it cannot). An
//!   exception unwinds with the interpreter's `unwind`
//!   (same handlers, finally blocks, stack traces) and the code exits with `Reason::Handled`, as
//!   for anything else the stub cannot hand back; `Vm::jit_pending` then tells the dispatch loop
//!   how to go on.
//! - **Inline caches**: a property site's own entries at compile time (up to four shapes) are
//!   read and written in place — the receiver's tag, shape and slot count checked — as are dense
//!   elements of plain objects and arrays and an array's length (`layout.rs`: where those live in
//!   the heap, measured once per VM; `Exit::objects`, refreshed after anything that may
//!   allocate). Prototype-held entries, other cached global, property, element and context
//!   accesses call the fast path's own functions through `extern "C"` helpers that take the
//!   operands by value and neither allocate, run JavaScript nor throw, so no write-back is
//!   needed; a miss takes the stub. A global `let`/`const` is read and written in place
//!   (`Exit::globals`).
//! - **Interrupts and fuel** (`vm::budget`): each back-edge loads the VM's poll byte — zero
//!   while no interrupt is requested and no fuel limit is set, so that is the whole cost — and
//!   else, in cold blocks, exits there if an interrupt is requested or no fuel is left (the
//!   interpreter's `JumpLoop` then stops the script), or spends one of the fuel in place (the
//!   counter has a cell of its own: no copy to keep in step around stubs). A call the code makes
//!   itself (in place, a known callee's quick path) checks the same byte and, when it is set,
//!   takes the runtime's way (`Vm::jit_enter_known`, or the stub), which stops or spends as
//!   `call_plain` does — so fuel runs out at the same operation in every mode, and the code's
//!   own call paths count nothing. With the inspection hook compiled code is not entered (the
//!   hook steps the interpreter).
//! - **Unsafe** (`memory.rs`, the module's only `unsafe`): executable memory — per function, pages
//!   mapped read-write with `libc::mmap`, the code copied, then `mprotect` read-execute, never both
//!   — the trampolines between compiled code and the VM, reading a sample `Vec`'s words to
//!   find its field order (`vec_fields_of`) and finding an `Rc`'s strong count
//!   (`rc_strong_count`). `libc` is already in the tree (through `stacker`). Code
//!   lives as long as the VM (templates do not report their death yet). A function over
//!   `lower::MAX_INSTRUCTIONS` stays interpreted (compile time grows faster than the code).

mod deopt;
pub mod layout;
pub mod lower;
mod memory;

pub use deopt::Reason;
pub use memory::EntryPoint;

use crate::bytecode::FunctionTemplate;
use cranelift_codegen::settings::{self, Configurable};
use std::time::Instant;

/// Deopts after which a template stays in the interpreter.
pub const MAX_DEOPTS: u8 = 10;

/// `Reason::Unreached` exits after which a template's never-run operations are compiled
/// generically: each costs a recompile, and rarely run paths (an `if` taken every thousandth
/// iteration) would otherwise keep exiting one after another.
pub const MAX_UNREACHED: u8 = 4;

/// What compiled code and the interpreter exchange (`repr(C)`: the code reads it at fixed offsets).
#[repr(C)]
pub struct Exit {
    /// The accumulator: in at entry, out at exit, and both ways around a runtime stub (`Value` bits).
    pub acc: u64,
    /// In: the bytecode offset to enter at (0 or a loop header: on-stack replacement). Out: the
    /// offset to resume at.
    pub pc: u32,
    /// The frame's registers in the VM's register file: a stub may move them (the file grows when
    /// a call pushes frames), so compiled code reloads this after each stub.
    pub regs: *mut u64,
    /// The VM, for runtime stubs (see `memory::stub`).
    pub vm: *mut crate::vm::Vm,
    /// The current realm's global lexical bindings (`GlobalLexical::raw_slots`) and how many:
    /// compiled code loads and stores a cached global `let`/`const` in place. Refreshed at entry
    /// and after each stub (only a stub can declare bindings or leave another realm current).
    pub globals: *mut u8,
    pub globals_len: usize,
    /// The current realm's global object (`Value` bits), refreshed with `globals`: compiled code
    /// reads a global variable that is one of its data properties in place.
    pub global: u64,
    /// The length of the VM's root stack when the dispatch loop started (stubs truncate to it, as
    /// the interpreter's slow path does after each instruction).
    pub roots: usize,
    /// The object arena's entries (`layout::ObjectLayout`): compiled code reads and writes shaped
    /// objects' slots in place. Refreshed at entry and after each stub or call (only those
    /// allocate, which may move the entries).
    pub objects: *const u8,
    /// Below this native stack address, compiled code calls no compiled function itself
    /// (`memory::enter_known`): the call goes through `Vm::jit_call_direct`, which continues on a
    /// new stack segment when little is left. Set at entry.
    pub stack_limit: usize,
}

/// A function a call site of compiled code calls (`lower::Runtime::known_calls`), as
/// `Vm::jit_enter_known` needs it to push the callee's frame without looking the function up:
/// what `Vm::call_plain` reads off the function object (none of it changes after the object is
/// made). The JIT keeps these as long as its code, and the GC keeps `callee` alive
/// (`Jit::known_callees`): the code compares callees with its bits.
pub struct KnownCallee {
    pub callee: crate::runtime::Value,
    pub template: std::rc::Rc<FunctionTemplate>,
    pub context: Option<crate::runtime::heap::ContextRef>,
    /// An arrow function's `this`.
    pub arrow_this: Option<crate::runtime::Value>,
    pub realm: u32,
    /// The callee's frame as compiled code pushes it itself (`lower::InlineCall`: it copies
    /// these bytes, then sets `base`, and `this` if the call passes it; marked uncounted:
    /// `Frame::counted`), and the address of the template's strong count, which compiled code
    /// decrements when it pops a copy the runtime counted (`memory::rc_strong_count`); `None`
    /// without a `layout::CallLayout` (set by `Jit::know`).
    pub frame: Option<(crate::vm::Frame, usize)>,
}

/// What `Jit::compile` reports: `--trace-jit` lines, the CLIF and machine listings on stderr,
/// and a line of the perf map (`--perf-map`).
#[derive(Clone, Copy, Default)]
pub struct Report {
    pub trace: bool,
    pub clif: bool,
    pub asm: bool,
    pub perf_map: bool,
}

/// The tier: the target ISA and the compiled functions of one VM.
pub struct Jit {
    isa: cranelift_codegen::isa::OwnedTargetIsa,
    /// For functions without loops: Cranelift's mid-end optimizations off. Measured: fib's code
    /// with them spills ~1.7x as often (values merged or hoisted live across its calls) and runs
    /// ~12 % slower; code with loops gains from them (props ~12 %, array_sum ~11 %).
    straight_isa: cranelift_codegen::isa::OwnedTargetIsa,
    /// By index (`Tier::code`); `None`: freed (`sweep`), the index free for reuse.
    code: Vec<Option<Compiled>>,
    free: Vec<u32>,
    /// By the callee's bits, with how many of `code` call it; boxed: compiled code holds their
    /// addresses.
    known: std::collections::HashMap<u64, (Box<KnownCallee>, u32)>,
}

/// One function's machine code, with what it keeps alive.
struct Compiled {
    code: memory::Code,
    /// Its template: once no one holds it (no function object, no frame), the code can never
    /// run again (`Jit::sweep`).
    template: std::rc::Weak<FunctionTemplate>,
    /// The known callees the code calls (`known`).
    callees: Vec<u64>,
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
        let isa = |opt_level: &str| {
            let mut flags = settings::builder();
            flags.set("opt_level", opt_level).ok()?;
            // The IR verifier costs a good part of the compile time; debug builds keep it.
            if !cfg!(debug_assertions) {
                flags.set("enable_verifier", "false").ok()?;
            }
            cranelift_native::builder()
                .ok()?
                .finish(settings::Flags::new(flags))
                .ok()
        };
        Some(Jit {
            isa: isa("speed")?,
            straight_isa: isa("none")?,
            code: Vec::new(),
            free: Vec::new(),
            known: std::collections::HashMap::new(),
        })
    }

    /// Compile `template` (called `name`); its code's index, or why not, reporting as `report`
    /// asks.
    pub fn compile(
        &mut self,
        template: &std::rc::Rc<FunctionTemplate>,
        runtime: lower::Runtime,
        name: &str,
        report: Report,
    ) -> Result<u32, String> {
        let Report {
            trace,
            clif: print_clif,
            asm: print_asm,
            perf_map,
        } = report;
        let start = Instant::now();
        let instructions = lower::instructions(template)?;
        let index = self.free.last().copied().unwrap_or(self.code.len() as u32);
        let callees: Vec<u64> = runtime.known_calls.values().map(|k| k.callee).collect();
        let looped = instructions
            .iter()
            .any(|i| i.opcode == crate::bytecode::Opcode::JumpLoop);
        let isa = if looped {
            &*self.isa
        } else {
            &*self.straight_isa
        };
        let mut ctx = cranelift_codegen::Context::for_function(lower::function(index, isa));
        // A bug in the lowering (or in Cranelift) that panics must leave the function in the
        // interpreter, not abort the process: compiling runs under `extern "C"` stubs, which
        // cannot unwind. (Release builds do not run Cranelift's verifier, which would report
        // malformed IR as an error instead.)
        let compiled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lower::lower(&mut ctx.func, template, runtime, &instructions, isa);
            if print_clif {
                eprintln!(
                    "; CLIF of {name} (srclocs are bytecode offsets)\n{}",
                    ctx.func.display()
                );
            }
            ctx.set_disasm(print_asm);
            let mut ctrl = Default::default();
            ctx.compile(isa, &mut ctrl)
                .cloned()
                .map_err(|e| format!("cranelift: {:?}", e.inner))
        }))
        .map_err(|_| "the compiler panicked".to_string())??;
        if !compiled.buffer.relocs().is_empty() {
            return Err("code needs relocations".into());
        }
        if print_asm {
            eprintln!(
                "; machine code of {name}\n{}",
                compiled.vcode.as_deref().unwrap_or("(no listing)")
            );
        }
        let bytes = compiled.code_buffer();
        let size = bytes.len();
        let code = memory::Code::new(bytes).ok_or("no executable memory")?;
        if perf_map {
            // Linux perf's JIT symbol map (`/tmp/perf-PID.map`: start, size, name per line).
            use std::io::Write;
            let path = format!("/tmp/perf-{}.map", std::process::id());
            if let Ok(mut file) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
            {
                let _ = writeln!(file, "{:x} {size:x} js:{name}", code.address());
            }
        }
        if trace {
            eprintln!(
                "[jit] compiled {name}: {} bytecode bytes, {} instructions -> {size} bytes of code (mapped {}) in {:.3} ms",
                template.bytecode().len(),
                instructions.len(),
                code.len(),
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
        for callee in &callees {
            if let Some((_, users)) = self.known.get_mut(callee) {
                *users += 1;
            }
        }
        let compiled = Compiled {
            code,
            template: std::rc::Rc::downgrade(template),
            callees,
        };
        if self.free.last() == Some(&index) {
            self.free.pop();
            self.code[index as usize] = Some(compiled);
        } else {
            self.code.push(Some(compiled));
        }
        Ok(index)
    }

    /// The entry of compiled function `index` (see `run`).
    pub fn entry(&self, index: u32) -> memory::EntryPoint {
        self.code[index as usize]
            .as_ref()
            .expect("code of a live template")
            .code
            .entry()
    }

    /// Free the code of templates no one holds any more — no function object, no frame: it can
    /// never run again — and the known callees no code calls any more (no longer GC roots). Run
    /// before each collection; a template the collection frees goes at the next one. (Code a
    /// live template replaced after a deopt stays: an activation of it may still be on the
    /// native stack.)
    pub fn sweep(&mut self) {
        for (index, slot) in self.code.iter_mut().enumerate() {
            if slot
                .as_ref()
                .is_some_and(|c| c.template.strong_count() == 0)
            {
                let compiled = slot.take().expect("checked");
                for callee in compiled.callees {
                    if let Some((_, users)) = self.known.get_mut(&callee) {
                        *users -= 1;
                    }
                }
                self.free.push(index as u32);
            }
        }
        self.known.retain(|_, (_, users)| *users > 0);
    }

    /// Functions compiled and not freed.
    pub fn live_code(&self) -> usize {
        self.code.iter().flatten().count()
    }

    /// Keep `callee` for compiled code (`lower::Runtime::known_calls`), with the frame compiled
    /// code pushes for it (`KnownCallee::frame`, kept if the template's strong count is found).
    /// A callee already kept is shared.
    pub fn know(&mut self, callee: KnownCallee, frame: Option<crate::vm::Frame>) -> &KnownCallee {
        &self
            .known
            .entry(callee.callee.to_bits())
            .or_insert_with(|| {
                let frame = frame
                    .and_then(|f| memory::rc_strong_count(&f.template).map(|strong| (f, strong)));
                (Box::new(KnownCallee { frame, ..callee }), 0)
            })
            .0
    }

    /// The kept callee with `Value` bits `callee`, if any.
    pub fn known_callee(&self, callee: u64) -> Option<&KnownCallee> {
        self.known.get(&callee).map(|k| &*k.0)
    }

    /// The functions compiled code may call directly (GC roots).
    pub fn known_callees(&self) -> impl Iterator<Item = crate::runtime::Value> + '_ {
        self.known.values().map(|k| k.0.callee)
    }
}

/// Run compiled code (`Jit::entry`) on the frame whose registers and VM `exit` names, from
/// `exit.pc`; returns why it stopped (`exit.pc`: where). No borrow of the VM may be live: runtime
/// stubs reach it through `exit.vm`.
pub fn run(entry: memory::EntryPoint, exit: &mut Exit) -> Reason {
    let code = memory::call(entry, exit);
    Reason::from_code(code).unwrap_or(Reason::Return)
}

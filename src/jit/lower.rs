//! Bytecode → CLIF: one Cranelift function per template.
//!
//! `support` is the exhaustive match over the opcode table: each opcode is lowered, routed to the
//! runtime stub, or keeps the whole function in the interpreter, on purpose. Lowered code keeps
//! the interpreter registers the function touches in SSA `Variable`s (loaded in the entry block,
//! which then switches on the entry pc: 0 or a loop header — through an adapter that unboxes what
//! the block expects), NaN-boxed like `Value` (the encoding comes from `runtime::value::bits`) or
//! unboxed (`Rep`: int32, f64, boolean flag; `analyze` decides per block, `transfer` per
//! instruction). Operator sites whose feedback saw only int32s or only Numbers run unboxed
//! (`typed_binary`, guards deopt); others run boxed: two int32s inline with a guard, two Numbers
//! inline as doubles or through `numeric_helper` (the interpreter's own Number operation: it
//! neither allocates nor runs JavaScript), anything else in the stub. Own properties, dense
//! elements and array lengths are read and written in place (`slot_address`,
//! `element_address`); other cached accesses call the helpers of `memory.rs`, with the stub on a
//! miss. Every exit (`Return`, a failed guard, an interrupt at a back-edge) and every stub writes
//! back the accumulator and the registers `needed` there — those the function writes that may
//! differ from the frame (`dirty`) and that the interpreter or compiled code may still read
//! (`live`) — and an exit returns a `Reason` with the pc the interpreter resumes at. Exits jump
//! with their pc and reason to an exit block shared by all the exits that write back the same
//! registers: one copy of the write-back, not one per exit (the values reaching it become its
//! block parameters: less code, for no more compile time). A stub that hands the frame to the
//! interpreter jumps to one shared block returning `Reason::Handled` without writing anything
//! back.

use super::deopt::Reason;
use super::{memory, Exit};
use crate::bytecode::feedback::{types, Slot};
use crate::bytecode::template::decode;
use crate::bytecode::{Constant, FunctionTemplate, Instruction, Opcode};
use crate::runtime::value::bits;
use crate::runtime::Value;
use crate::vm::realm::Inlinable;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::Value as Ssa;
use cranelift_codegen::ir::{
    self,
    types::{F64, I32, I64, I64X2, I8},
    AbiParam, Block, Function, InstBuilder, InstructionData, MemFlagsData, Signature, UserFuncName,
};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use std::collections::{BTreeMap, BTreeSet};

/// What the lowering knows of the VM it compiles for.
#[derive(Clone)]
pub struct Runtime {
    /// The interned `length`: `GetNamed` of it tries an array's length first.
    pub length: crate::runtime::value::StringRef,
    /// Where shaped objects keep their shape and slots (none: property sites call helpers).
    pub layout: Option<super::layout::ObjectLayout>,
    /// Whether operations that never ran exit (`Reason::Unreached`) instead of being compiled
    /// generically.
    pub unreached_exits: bool,
    /// The realm's Array.prototype and Object.prototype (object indices): a push in place checks
    /// an array's prototypes are these, without elements.
    pub prototypes: (u32, u32),
    /// The realm's global object: a global variable that is one of its data properties is read
    /// at its slot, the object found by index once the current realm's is checked to be it.
    pub global: crate::runtime::value::ObjectRef,
    /// The addresses of the VM's poll byte and fuel counter (`vm::budget`, never moved while
    /// the VM lives): checked at back-edges and by calls the code makes itself, fuel spent at
    /// back-edges as the interpreter spends it.
    pub poll: usize,
    pub fuel: usize,
    /// Built-ins a call site may run without a call (`Lower::inlined`): the name the callee is
    /// loaded by, the function's `Value` bits, and what it is.
    pub inlinable: Vec<(crate::runtime::value::StringRef, u64, Inlinable)>,
    /// Plain calls of a function known when compiling (`callee_loads` of a global), by call pc.
    pub known_calls: BTreeMap<u32, KnownCall>,
    /// The global `const` bindings `LdaGlobal` sites of the template read (by their index in
    /// the global lexical bindings, as the feedback caches it) that were initialized when it was
    /// compiled: their values (bits), which never change again — compiled as constants.
    pub global_consts: BTreeMap<u32, u64>,
    /// Known calls whose callee has a quick path (`Lower::quick_path`), by call pc: the callee.
    pub quick: BTreeMap<u32, std::rc::Rc<FunctionTemplate>>,
    /// Where the VM keeps frames and registers (none: known calls go through
    /// `memory::enter_known`).
    pub calls: Option<super::layout::CallLayout>,
    /// The only offset the code is entered at: a top-level script's hot loop header (the script
    /// runs once: the code before the loop is still lowered, so that the analysis sees what
    /// reaches the loop, but no entry leads to it and Cranelift drops it before optimizing);
    /// none: pc 0 and every loop header.
    pub entry_only: Option<u32>,
}

/// The most instructions a known callee with a quick path may have (`Runtime::quick`).
pub const MAX_QUICK: usize = 40;

/// A call site's known callee (`Runtime::known_calls`): compiled code checks the callee is it,
/// then pushes its frame and calls its code.
#[derive(Clone, Copy)]
pub struct KnownCall {
    /// The callee's `Value` bits.
    pub callee: u64,
    /// The address of its `super::KnownCallee` (alive as long as the code), for
    /// `memory::enter_known`.
    pub known: usize,
    /// How to push the frame in place; without it, or when a check fails, `memory::enter_known`.
    pub inline: Option<InlineCall>,
}

/// What compiled code needs to push and pop a known callee's frame itself (what
/// `Vm::jit_enter_known` does, checked the same way).
#[derive(Clone, Copy)]
pub struct InlineCall {
    /// The addresses of the frame to copy (`KnownCallee::frame`), of the template's strong count
    /// and of its `Tier::entry`.
    pub frame: usize,
    pub strong: usize,
    pub entry: usize,
    /// The template's register and parameter counts.
    pub registers: u32,
    pub params: u32,
    /// The frame's `this` is the call's (a strict function's `Call`), not the copied one's.
    pub this_from_call: bool,
    /// The callee's realm (the current one, else the runtime's path).
    pub realm: u32,
}

/// How the tier handles an opcode.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Support {
    /// Compiled inline (or with a pure helper).
    Lowered,
    /// The runtime stub: the registers go back to the frame, the interpreter runs the instruction
    /// (`Vm::jit_stub`), the registers come back. For everything that may allocate, run
    /// JavaScript or throw; a stub that pushes a frame it cannot finish, or unwinds, leaves the
    /// frame to the interpreter (`Reason::Handled`).
    Stub,
    /// Never compiled: a function containing it stays in the interpreter.
    Interpreter,
}

/// The tier's decision for each opcode (exhaustive on purpose: a new opcode must be decided here).
pub fn support(op: Opcode) -> Support {
    use Opcode::*;
    use Support::*;
    match op {
        LdaUndefined | LdaNull | LdaTrue | LdaFalse | LdaHole | LdaSmi | LdaConstant | Ldar
        | Star | Mov => Lowered,
        Add | Sub | Mul | Div | Mod | BitAnd | BitOr | BitXor | Shl | Shr | UShr | StrictEq
        | StrictNotEq | Lt | Gt | LtEq | GtEq => Lowered,
        AddSmi | SubSmi | MulSmi | DivSmi | ModSmi | BitAndSmi | BitOrSmi | BitXorSmi | ShlSmi
        | ShrSmi | UShrSmi | LtSmi | GtSmi | LtEqSmi | GtEqSmi | Inc | Dec => Lowered,
        Jump | JumpLoop | JumpIfTrue | JumpIfFalse | JumpIfNullish | JumpIfNotNullish
        | JumpIfUndefined | JumpIfNotUndefined | Return => Lowered,
        // Operators with a heap or user-code side (ToPrimitive, strings, objects).
        Exp | Eq | NotEq | In | Instanceof | Negate | BitNot | Not | TypeOf | ToNumeric
        | ToNumber | ToString | ToPropertyKey => Stub,
        // Frame state compiled code does not keep (this, new.target, the callee, contexts).
        LdaThis | LdaNewTarget | LdaCallee => Stub,
        LdaGlobal | LdaGlobalTypeof | StaGlobal | InitGlobal | LdaContextSlot | StaContextSlot
        | ThrowIfHole | ThrowConstAssign | PushContext | PopContext | CloneContext
        | PushWithContext | LdaLookup | LdaLookupTypeof | LdaLookupCall | StaLookup
        | DeleteLookup | MapArguments | CreateClosure | DeclareGlobals | LdaImport | ImportCall => {
            Stub
        }
        // Direct eval: the eval code's declarations and frames are the interpreter's business
        // (rare in hot code).
        DeclareEvalVars | InitEvalFunction | CallDirectEval => Interpreter,
        GetNamed | SetNamed | GetKeyed | SetKeyed | DefineField | SetFunctionName
        | DeleteProperty | CreateObject | CreateArray | CreateRegExp | ArrayPush
        | ArrayPushHole => Stub,
        GetIterator
        | IteratorStep
        | IteratorStepValue
        | IteratorRest
        | IteratorClose
        | IteratorCloseIfNotDone
        | IteratorCloseQuiet
        | CopyDataProperties
        | CopyDataPropertiesExcept
        | ForInPrepare
        | ForInNext => Stub,
        CreateClass | DefineMethod | SetHomeObject | SetClassFields | GetSuper | GetSuperKeyed
        | SetSuper | SetSuperKeyed => Stub,
        // `super(...)` binds `this` in the frame when the parent constructor returns: left to the
        // interpreter.
        SuperCall | SuperCallSpread => Interpreter,
        CreatePrivateName | GetPrivate | SetPrivate | DefinePrivate | HasPrivate
        | GetTemplateObject | SetPrototypeLiteral | DeleteGlobal => Stub,
        // Calls run the callee to completion inside the stub (`Vm::jit_stub`); throws unwind there.
        Call | CallUndefined | Construct | CallSpread | ConstructSpread | Throw | ThrowError => {
            Stub
        }
        // Generators and async functions suspend their frame (its registers are copied out of the
        // register file), which compiled code holding registers in SSA cannot follow; `debugger`
        // pauses in the interpreter's hook loop.
        CreateGenerator | CreateAsyncFunction | Yield | Await | AsyncGeneratorYield
        | ResumeDispatch | YieldStar | YieldStarCall | YieldStarResult | GetAsyncIterator
        | AsyncIteratorNext | AsyncIteratorResult | IteratorReturnCall | ThrowIfNotObject
        | CreateIterResult | AsyncReturn | AsyncThrow | Debugger => Interpreter,
        // Prefixes never reach the match: `decode` folds them into the instruction.
        Wide | ExtraWide => Interpreter,
    }
}

/// Whether the interpreter's implementation of `op` writes no register but its `RegOut` operands
/// (and the accumulator). After a stub for one of these, compiled code reloads only those: no
/// other code can write a frame's registers (a mapped `arguments` object aliases context slots,
/// a callee has its own frame), so the registers written back before the stub are still in the
/// SSA variables. Every other stubbed opcode reloads every register the function uses.
pub fn writes_only_declared(op: Opcode) -> bool {
    use Opcode::*;
    is_binary(op)
        || matches!(
            op,
            LdaConstant
                | Exp
                | Eq
                | NotEq
                | In
                | Instanceof
                | Negate
                | BitNot
                | Not
                | TypeOf
                | ToNumeric
                | ToNumber
                | ToString
                | ToPropertyKey
                | JumpIfTrue
                | JumpIfFalse
                | LdaThis
                | LdaNewTarget
                | LdaCallee
                | LdaGlobal
                | LdaGlobalTypeof
                | StaGlobal
                | LdaContextSlot
                | StaContextSlot
                | ThrowIfHole
                | GetNamed
                | SetNamed
                | GetKeyed
                | SetKeyed
                | DefineField
                | DeleteProperty
                | CreateObject
                | CreateArray
                | ArrayPush
                | ArrayPushHole
                | CreateClosure
                | Call
                | CallUndefined
                | Construct
                | CallSpread
                | ConstructSpread
        )
}

/// `Value` bits of `op(left, right)` for two Numbers (the interpreter's own operation), or
/// `u64::MAX` (no value has tag 0xFFFF) when an operand is not a Number.
extern "C" fn numeric_helper(op: u32, left: u64, right: u64) -> u64 {
    let op = Opcode::from_byte(op as u8).unwrap_or(Opcode::Add);
    crate::vm::ops::numeric(op, Value::from_bits(left), Value::from_bits(right))
        .map_or(u64::MAX, Value::to_bits)
}

/// `Value` bits of the Number `f` (`Lower::box_number_call`).
extern "C" fn number_bits(f: f64) -> u64 {
    Value::number(f).to_bits()
}

/// The operators with an inline f64 form.
enum FloatOp {
    Arith(Opcode),
    Compare(FloatCC),
}

impl FloatOp {
    fn of(op: Opcode) -> Option<FloatOp> {
        use Opcode::*;
        Some(match op {
            Add | Sub | Mul | Div => FloatOp::Arith(op),
            // Ordered comparisons are false with a NaN, as ECMA-262's IsLessThan makes them.
            Lt => FloatOp::Compare(FloatCC::LessThan),
            Gt => FloatOp::Compare(FloatCC::GreaterThan),
            LtEq => FloatOp::Compare(FloatCC::LessThanOrEqual),
            GtEq => FloatOp::Compare(FloatCC::GreaterThanOrEqual),
            StrictEq => FloatOp::Compare(FloatCC::Equal),
            // Unordered or unequal: NaN !== NaN.
            StrictNotEq => FloatOp::Compare(FloatCC::NotEqual),
            _ => return None,
        })
    }
}

/// The most instructions a compiled function may have. Cranelift's time and memory grow faster
/// than the code (measured: 48,000 instructions took 10.5 s and 1.2 GB), so a bigger function —
/// typically a long top-level script with a hot loop — stays in the interpreter.
pub const MAX_INSTRUCTIONS: usize = 2_000;

/// The decoded instructions of a template, if the tier supports all of them; else why not.
pub fn instructions(template: &FunctionTemplate) -> Result<Vec<Instruction>, String> {
    let code = template.bytecode();
    let mut out = Vec::new();
    let mut pc = 0u32;
    while (pc as usize) < code.len() {
        let ins = decode(&template.code, pc);
        if support(ins.opcode) == Support::Interpreter {
            return Err(format!("never-compiled opcode {}", ins.opcode.name()));
        }
        if out.len() == MAX_INSTRUCTIONS {
            return Err(format!("more than {MAX_INSTRUCTIONS} instructions"));
        }
        pc += ins.len;
        out.push(ins);
    }
    Ok(out)
}

/// Whether compiled code runs `op` in the stub on every path (the generic `Support::Stub` arm of
/// `Lower::instruction`): after it the frame and the SSA variables agree on every register. The
/// stubbed opcodes lowered with an inline fast case call the stub only on their slow path.
fn always_stub(op: Opcode) -> bool {
    use Opcode::*;
    support(op) == Support::Stub
        && !matches!(
            op,
            LdaGlobal
                | StaGlobal
                | GetNamed
                | SetNamed
                | GetKeyed
                | SetKeyed
                | LdaContextSlot
                | StaContextSlot
                | ThrowIfHole
        )
}

/// For each instruction (by pc), the registers that may be dirty before it: written by compiled
/// code since the frame last held every register's value (the entry, or after a stub every path
/// takes — a stub writes back what is dirty and reloads what it may change, so after it the
/// frame and the SSA variables agree, but for dead registers: see `needed`). The others already
/// hold the same value in the frame. Bitsets over `registers` registers; a forward may-analysis
/// (union at joins) over the bytecode's control flow, iterated to its fixed point.
fn dirty(
    instructions: &[Instruction],
    registers: usize,
    no_stub: &BTreeSet<u32>,
) -> BTreeMap<u32, Vec<u64>> {
    let words = registers.div_ceil(64);
    let index = |pc: u32| instructions.binary_search_by_key(&pc, |i| i.pc).ok();
    let mut before = vec![vec![0u64; words]; instructions.len()];
    let mut changed = true;
    while changed {
        changed = false;
        for (k, ins) in instructions.iter().enumerate() {
            // A call that may run a built-in inline (`Lower::inlined`) or its callee's quick
            // path (`Lower::quick_path`) may not call the stub: nothing is written back there.
            let after = if always_stub(ins.opcode) && !no_stub.contains(&ins.pc) {
                vec![0u64; words]
            } else {
                let mut after = before[k].clone();
                let kinds = ins.opcode.operands();
                for (i, kind) in kinds.iter().enumerate() {
                    if *kind == crate::bytecode::Operand::RegOut {
                        let r = ins.reg(i) as usize;
                        after[r / 64] |= 1 << (r % 64);
                    }
                }
                after
            };
            for to in successors(ins) {
                if let Some(j) = index(to) {
                    for (w, bits) in before[j].iter_mut().zip(&after) {
                        if *w | bits != *w {
                            *w |= bits;
                            changed = true;
                        }
                    }
                }
            }
        }
    }
    instructions
        .iter()
        .zip(before)
        .map(|(ins, set)| (ins.pc, set))
        .collect()
}

/// The offsets control may go to after `ins` in compiled code (a throw leaves it).
fn successors(ins: &Instruction) -> Vec<u32> {
    let kinds = ins.opcode.operands();
    let next = ins.pc + ins.len;
    match ins.opcode {
        Opcode::Return => vec![],
        Opcode::Jump | Opcode::JumpLoop => vec![ins.operands[0] as u32],
        _ if kinds.last() == Some(&crate::bytecode::Operand::Jump) => {
            vec![next, ins.operands[kinds.len() - 1] as u32]
        }
        _ => vec![next],
    }
}

/// For each instruction (by pc), the registers live before it: read by the interpreter or by
/// compiled code on some path from there before being written, a throw's path to a handler of
/// the function included. Operands say what most opcodes read (`Reg`, and a `RegList` run whose
/// length is the next operand); any other opcode counts as reading every register. Only the
/// lowered opcodes count as writing (they always do); a stubbed one may throw first. A backward
/// may-analysis, iterated to its fixed point.
fn live(
    template: &FunctionTemplate,
    instructions: &[Instruction],
    registers: usize,
) -> Vec<Vec<u64>> {
    use crate::bytecode::Operand;
    let words = registers.div_ceil(64);
    let set = |bits: &mut [u64], r: usize| {
        if r < registers {
            bits[r / 64] |= 1 << (r % 64);
        }
    };
    let index = |pc: u32| instructions.binary_search_by_key(&pc, |i| i.pc).ok();
    let mut reads = Vec::with_capacity(instructions.len());
    let mut writes = Vec::with_capacity(instructions.len());
    for ins in instructions {
        let kinds = ins.opcode.operands();
        let (mut r, mut w) = (vec![0u64; words], vec![0u64; words]);
        if support(ins.opcode) == Support::Lowered || writes_only_declared(ins.opcode) {
            for (i, kind) in kinds.iter().enumerate() {
                match kind {
                    Operand::Reg => set(&mut r, ins.reg(i) as usize),
                    Operand::RegList => {
                        let first = ins.reg(i) as usize;
                        for k in first..first + ins.operands[i + 1] as usize {
                            set(&mut r, k);
                        }
                    }
                    Operand::RegOut if support(ins.opcode) == Support::Lowered => {
                        set(&mut w, ins.reg(i) as usize)
                    }
                    _ => {}
                }
            }
        } else {
            for k in 0..registers {
                set(&mut r, k);
            }
        }
        reads.push(r);
        writes.push(w);
    }
    // Verified bytecode jumps only to instructions; anything else: every register is live.
    let end = template.bytecode().len() as u32;
    let targets_known = instructions.iter().all(|ins| {
        successors(ins)
            .into_iter()
            .all(|to| to == end || index(to).is_some())
    }) && template.handlers.iter().all(|h| index(h.handler).is_some());
    if !targets_known {
        return vec![vec![u64::MAX; words]; instructions.len()];
    }
    // The handlers each instruction may throw to (`Vm::unwind` looks up the byte before the
    // frame's pc, which is past the instruction then).
    let handlers: Vec<Vec<usize>> = instructions
        .iter()
        .map(|ins| {
            template
                .handlers
                .iter()
                .filter(|h| h.start < ins.pc + ins.len && ins.pc < h.end)
                .filter_map(|h| index(h.handler))
                .collect()
        })
        .collect();
    let mut before = reads.clone();
    let mut changed = true;
    while changed {
        changed = false;
        for (k, ins) in instructions.iter().enumerate().rev() {
            let mut after = vec![0u64; words];
            for j in successors(ins).into_iter().filter_map(index) {
                for (a, b) in after.iter_mut().zip(&before[j]) {
                    *a |= b;
                }
            }
            let mut new: Vec<u64> = (0..words)
                .map(|w| reads[k][w] | (after[w] & !writes[k][w]))
                .collect();
            for &h in &handlers[k] {
                for (a, b) in new.iter_mut().zip(&before[h]) {
                    *a |= b;
                }
            }
            if new != before[k] {
                before[k] = new;
                changed = true;
            }
        }
    }
    before
}

/// For each instruction (by pc), the registers an exit or a stub there writes back: those the
/// function writes that may be dirty there (`dirty`: the others hold the same value in the
/// frame already) and are live there (`live`: no code reads the others before they are written
/// again). Sound for the GC too: a register left out because it is dead keeps a value in
/// compiled code that no later write-back stores, since one where it is live again comes after
/// a new write of it.
fn needed(
    template: &FunctionTemplate,
    instructions: &[Instruction],
    written: &BTreeSet<u32>,
    no_stub: &BTreeSet<u32>,
) -> BTreeMap<u32, Vec<u64>> {
    let registers = written.last().map_or(0, |&r| r as usize + 1);
    let mut mask = vec![0u64; registers.div_ceil(64)];
    for &r in written {
        mask[r as usize / 64] |= 1 << (r % 64);
    }
    let live = live(template, instructions, registers);
    let dirty = dirty(instructions, registers, no_stub);
    instructions
        .iter()
        .zip(live)
        .map(|(ins, live)| {
            let d = &dirty[&ins.pc];
            let set = (0..mask.len()).map(|w| mask[w] & live[w] & d[w]).collect();
            (ins.pc, set)
        })
        .collect()
}

/// The CLIF signature of compiled functions (see `memory::Entry`).
pub fn signature(isa: &dyn cranelift_codegen::isa::TargetIsa) -> Signature {
    let mut sig = Signature::new(isa.default_call_conv());
    sig.params.push(AbiParam::new(isa.pointer_type()));
    sig.params.push(AbiParam::new(I32));
    sig.returns.push(AbiParam::new(I32));
    sig
}

const ACC_OFFSET: i32 = std::mem::offset_of!(Exit, acc) as i32;
const PC_OFFSET: i32 = std::mem::offset_of!(Exit, pc) as i32;
const REGS_OFFSET: i32 = std::mem::offset_of!(Exit, regs) as i32;
const GLOBALS_OFFSET: i32 = std::mem::offset_of!(Exit, globals) as i32;
const GLOBALS_LEN_OFFSET: i32 = std::mem::offset_of!(Exit, globals_len) as i32;
const OBJECTS_OFFSET: i32 = std::mem::offset_of!(Exit, objects) as i32;
const GLOBAL_OFFSET: i32 = std::mem::offset_of!(Exit, global) as i32;
const VM_OFFSET: i32 = std::mem::offset_of!(Exit, vm) as i32;
const STACK_LIMIT_OFFSET: i32 = std::mem::offset_of!(Exit, stack_limit) as i32;

/// A call site's operands, for `Lower::call_in_place`.
#[derive(Clone, Copy)]
struct CallSite {
    this: Ssa,
    /// The first argument register and how many.
    first: u32,
    count: u32,
    /// The instruction after the call.
    next: u32,
}

/// What `Vm::jit_stub` returns: go on after the instruction, or at its jump target (anything
/// else is `Reason::Handled`: the interpreter has the frame).
pub const STUB_NEXT: u32 = 0;
pub const STUB_JUMPED: u32 = 2;

/// The key of the accumulator among the registers' (`Lower::vars`, `State`).
const ACC: u32 = u32::MAX;

/// How compiled code holds a register's (or the accumulator's) value at a program point. Only
/// `Boxed` is a `Value`; the others live unboxed in their own SSA variable (`Vars`) and are boxed
/// where a `Value` is needed — at exits and stubs (the frame), helper arguments, generic
/// operations — so numeric loops neither box nor check types on every iteration.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Rep {
    Boxed,
    /// An int32 (`Vars::int`).
    Int,
    /// A Number as an f64 (`Vars::float`); boxed, an int32-valued one becomes an int32 value.
    Float,
    /// A boolean (`Vars::bool`, 0 or 1).
    Bool,
}

impl Rep {
    /// The representation where control flow merges (Int and Float merge as Float).
    fn join(self, other: Rep) -> Rep {
        match (self, other) {
            (a, b) if a == b => a,
            (Rep::Int, Rep::Float) | (Rep::Float, Rep::Int) => Rep::Float,
            _ => Rep::Boxed,
        }
    }
}

/// The representation of every register the function uses and of the accumulator (`ACC`).
type State = BTreeMap<u32, Rep>;

/// The SSA variables of one register, one per representation.
#[derive(Clone, Copy)]
struct Vars {
    boxed: Variable,
    int: Variable,
    float: Variable,
    bool: Variable,
}

impl Vars {
    /// The variable holding the value in `rep`.
    fn of(self, rep: Rep) -> Variable {
        match rep {
            Rep::Boxed => self.boxed,
            Rep::Int => self.int,
            Rep::Float => self.float,
            Rep::Bool => self.bool,
        }
    }
}

/// An operand of a typed operation.
#[derive(Clone, Copy)]
enum Opnd {
    /// A register or the accumulator (`ACC`).
    Reg(u32),
    Smi(i32),
}

/// Whether `ins` is an arithmetic or comparison operation whose feedback is empty: the
/// interpreter never ran it.
fn unrun(template: &FunctionTemplate, ins: &Instruction) -> bool {
    use Opcode::*;
    if !(is_binary(ins.opcode) || matches!(ins.opcode, Inc | Dec)) {
        return false;
    }
    let fb = ins.operands[ins.opcode.operands().len() - 1] as u32;
    matches!(template.feedback.get(fb), Slot::Empty | Slot::Types(0))
}

/// The loops (header pc, back-edge pc) none of whose arithmetic or comparisons ever ran — a
/// loop after the one that got hot (`Lower::unreached`), innermost ones included.
fn unrun_loops(template: &FunctionTemplate, instructions: &[Instruction]) -> Vec<(u32, u32)> {
    instructions
        .iter()
        .filter(|ins| ins.opcode == Opcode::JumpLoop)
        .map(|ins| (ins.operands[0] as u32, ins.pc))
        .filter(|&(header, end)| {
            let mut ops = instructions
                .iter()
                .filter(|i| (header..=end).contains(&i.pc))
                .filter(|i| is_binary(i.opcode) || matches!(i.opcode, Opcode::Inc | Opcode::Dec))
                .peekable();
            ops.peek().is_some() && ops.all(|i| unrun(template, i))
        })
        .collect()
}

/// What an exit block is shared by (`Lower::exit`): the registers it writes back (a bitset), and
/// the representation each of them and the accumulator has there.
type ExitKey = (Vec<u64>, Vec<(u32, Rep)>);

/// Where `Lower::f64_of` sends a value that is not a Number.
#[derive(Clone, Copy)]
enum NotNumber {
    /// Exit (deopt) at this pc.
    Exit(u32),
    /// Jump to this block (a slower path that handles it).
    Jump(Block),
}

/// What `Lower::int_op` computed.
enum IntResult {
    /// An int32, and the flag of an outcome that is not one (where it can happen).
    Int(Ssa, Option<Ssa>),
    /// A comparison.
    Bool(Ssa),
}

/// A binary operation the feedback lets compiled code run unboxed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Typed {
    /// Only int32 operands seen: int32 arithmetic; an overflow (or a result that is not an
    /// int32, or an operand that is not one) deopts and the site is widened to Number.
    Int,
    /// Only Numbers seen: f64 arithmetic.
    Float,
    /// A bitwise operator on Numbers: ECMA-262 7.1.6 ToInt32 inline, then int32 operations
    /// (an operand that is not a Number, or a double past 2^63, deopts).
    Bitwise,
    /// Comparisons of int32s / of Numbers (a `Bool` result).
    CompareInt,
    CompareFloat,
}

/// The memory flags of each kind of memory compiled code reads and writes: all trusted (aligned,
/// mapped), each its own alias region, so that Cranelift's alias analysis knows a store to a
/// property slot leaves the frame's registers, the objects' shapes and other kinds alone (calls
/// fence them all: only calls change shapes, grow vectors or move the register file). A shape
/// check or a slot read repeated with no call in between is then done once.
#[derive(Clone, Copy)]
struct Mem {
    /// The interpreter frame's registers.
    frame: MemFlagsData,
    /// The `Exit` record.
    exit: MemFlagsData,
    /// Object arena entries: tags, shapes, vectors' pointers and lengths, array lengths.
    meta: MemFlagsData,
    /// Dense elements' values; global `let`/`const` bindings. (Property slots have a region per
    /// shape and slot: `Lower::slot_flags`.)
    elements: MemFlagsData,
    globals: MemFlagsData,
    /// `Lower::pin`'s stack slot.
    pin: MemFlagsData,
    /// The fuel counter (`Runtime::fuel`).
    fuel: MemFlagsData,
}

/// The user id of the first region of `Lower::slot_flags` (after `Mem`'s).
const FIRST_SLOT_REGION: u32 = 100;

impl Mem {
    fn new(func: &mut Function) -> Mem {
        let mut trusted = |user_id, description| {
            MemFlagsData::trusted().with_alias_region(Some(region(func, user_id, description)))
        };
        Mem {
            frame: trusted(1, "frame"),
            exit: trusted(2, "exit"),
            meta: trusted(3, "object entries"),
            elements: trusted(5, "elements"),
            globals: trusted(6, "global bindings"),
            fuel: trusted(8, "fuel"),
            pin: MemFlagsData::new()
                .with_aligned()
                .with_alias_region(Some(region(func, 7, "pin"))),
        }
    }
}

/// A new alias region of `func` (`user_id` unique within it).
fn region(
    func: &mut Function,
    user_id: u32,
    description: impl Into<std::borrow::Cow<'static, str>>,
) -> ir::AliasRegion {
    let description = description.into();
    func.dfg.alias_regions.insert(ir::AliasRegionData {
        user_id,
        description,
    })
}

struct Lower<'a, 'b, 'c> {
    b: &'c mut FunctionBuilder<'b>,
    template: &'a FunctionTemplate,
    runtime: Runtime,
    isa: &'a dyn cranelift_codegen::isa::TargetIsa,
    /// The frame's registers (reloaded after each stub: the register file may have moved).
    regs_ptr: Variable,
    exit_ptr: Ssa,
    /// Every used register's variables, and the accumulator's (`ACC`).
    vars: BTreeMap<u32, Vars>,
    written: BTreeSet<u32>,
    blocks: BTreeMap<u32, Block>,
    mem: Mem,
    /// The representations at the current program point.
    rep: State,
    /// The representations each block (by its pc) starts with (`analyze`).
    entry: BTreeMap<u32, State>,
    /// Edges whose conversions are still to be emitted (`edge`): block, target pc, state.
    pending: Vec<(Block, u32, State)>,
    /// The shared exit blocks (`exit`), one per set of registers to write back and their
    /// representations, and the block returning `Reason::Handled` after a stub, created at
    /// first use.
    exits: BTreeMap<ExitKey, Block>,
    handled: Option<Block>,
    /// Per instruction pc, the registers an exit or a stub there writes back (`needed`).
    needed: BTreeMap<u32, Vec<u64>>,
    /// Call sites whose callee may be an inlinable built-in (`inlinable_calls`).
    inline_calls: BTreeMap<u32, (u64, Inlinable)>,
    /// The alias region of each (shape, slot) accessed in place (`slot_flags`).
    slot_regions: BTreeMap<(u32, u32), MemFlagsData>,
    /// The loops that never ran (`unrun_loops`).
    unrun_loops: Vec<(u32, u32)>,
    /// The stack slot `pin` stores to, and the `Star`/`Mov`s whose register is read after an
    /// instruction with a fast and a slow path (`pins`).
    pin_slot: Option<ir::StackSlot>,
    pin_at: BTreeSet<u32>,
    /// What straight-line code has established (`Facts`), valid while the lowering stays in
    /// `facts_block`.
    facts: Facts,
    facts_block: Option<Block>,
    /// The loop headers (`JumpLoop` targets).
    loops: BTreeSet<u32>,
}

/// What the code since the last join, call or stub has established about values — their
/// checks and loads done once for a run of property accesses (`a.pos.x - b.pos.x`,
/// `a.pos.y - b.pos.y`: `a` checked and `a.pos` loaded once). Kept only along straight-line
/// code (`Lower::keeps_facts`): every value here was defined in a block that dominates the
/// current one, and nothing ran since that could change an object's shape, move the object
/// arena or the slots, or write a slot behind the code's back (only stubs and calls can).
#[derive(Default)]
struct Facts {
    /// The boxed value each register (or `ACC`) holds, when the code set it.
    values: BTreeMap<u32, Ssa>,
    /// Objects (boxed values) checked to be shaped with a shape, with their slots' data
    /// pointer and length, and the highest slot checked against the length.
    objects: BTreeMap<Ssa, ObjectFact>,
    /// The value of slot `.2` of an object (`.0`) with shape `.1`, loaded or stored.
    slots: BTreeMap<(Ssa, u32, u32), Ssa>,
}

#[derive(Clone, Copy)]
struct ObjectFact {
    shape: u32,
    slots: Ssa,
    len: Ssa,
    checked: Option<u32>,
}

impl Facts {
    fn clear(&mut self) {
        self.values.clear();
        self.objects.clear();
        self.slots.clear();
    }
}

/// The register moves (`Star`, `Mov`) whose target is read again after an instruction that
/// branches and joins again (anything but a move, a constant, arithmetic or a jump): a double
/// there is pinned (`Lower::pin`; int32 operations are cheap enough to compute twice). Looks ahead in bytecode order, a bounded distance.
fn pins(instructions: &[Instruction]) -> BTreeSet<u32> {
    use crate::bytecode::Operand;
    use Opcode::*;
    const LOOK_AHEAD: usize = 256;
    let mut pins = BTreeSet::new();
    for (i, ins) in instructions.iter().enumerate() {
        let to = match ins.opcode {
            Star => ins.reg(0),
            Mov => ins.reg(1),
            _ => continue,
        };
        let mut joined = false;
        for later in instructions[i + 1..].iter().take(LOOK_AHEAD) {
            let kinds = later.opcode.operands();
            let reads = (0..kinds.len()).any(|k| kinds[k] == Operand::Reg && later.reg(k) == to);
            if reads && joined {
                pins.insert(ins.pc);
                break;
            }
            if (0..kinds.len()).any(|k| kinds[k] == Operand::RegOut && later.reg(k) == to) {
                break;
            }
            let plain = is_binary(later.opcode)
                || matches!(
                    later.opcode,
                    Ldar | Star
                        | Mov
                        | LdaSmi
                        | LdaConstant
                        | LdaUndefined
                        | LdaNull
                        | LdaTrue
                        | LdaFalse
                        | LdaHole
                        | Inc
                        | Dec
                        | Jump
                        | JumpLoop
                        | JumpIfTrue
                        | JumpIfFalse
                );
            joined |= !plain;
        }
    }
    pins
}

/// For each call site (by pc), the instruction that loaded its callee: a `GetNamed` or
/// `LdaGlobal` into the accumulator, then `Star` into the callee register. A guess — straight-line,
/// not following jumps — so compiled code checks the callee is the one it expects.
pub fn callee_loads(instructions: &[Instruction]) -> BTreeMap<u32, Instruction> {
    use Opcode::*;
    let mut calls = BTreeMap::new();
    // The load last made into the accumulator / each register.
    let mut acc = None;
    let mut regs: BTreeMap<u32, Instruction> = BTreeMap::new();
    for ins in instructions {
        match ins.opcode {
            GetNamed | LdaGlobal => {
                acc = Some(*ins);
                continue;
            }
            Star => {
                match acc {
                    Some(load) => regs.insert(ins.reg(0), load),
                    None => regs.remove(&ins.reg(0)),
                };
                continue;
            }
            Call | CallUndefined => {
                if let Some(load) = regs.get(&ins.reg(0)) {
                    calls.insert(ins.pc, *load);
                }
            }
            _ => {}
        }
        acc = None;
        let kinds = ins.opcode.operands();
        for (i, k) in kinds.iter().enumerate() {
            if *k == crate::bytecode::Operand::RegOut {
                regs.remove(&ins.reg(i));
            }
        }
    }
    calls
}

/// The call sites (by pc) whose callee was loaded as a property named like one of the built-ins
/// of `runtime.inlinable` (`x.push`, `Math.sqrt`): with the function they may call.
fn inlinable_calls(
    template: &FunctionTemplate,
    runtime: &Runtime,
    instructions: &[Instruction],
) -> BTreeMap<u32, (u64, Inlinable)> {
    let mut calls = BTreeMap::new();
    if runtime.inlinable.is_empty() {
        return calls;
    }
    for (pc, load) in callee_loads(instructions) {
        if load.opcode != Opcode::GetNamed {
            continue;
        }
        let Constant::String(name) = &template.constants[load.uimm(1) as usize] else {
            continue;
        };
        if let Some(&(_, f, what)) = runtime.inlinable.iter().find(|e| e.0 == *name) {
            calls.insert(pc, (f, what));
        }
    }
    calls
}

/// Lower `ins` (all supported) into `func`.
pub fn lower(
    func: &mut Function,
    template: &FunctionTemplate,
    runtime: Runtime,
    instructions: &[Instruction],
    isa: &dyn cranelift_codegen::isa::TargetIsa,
) {
    let mut fctx = FunctionBuilderContext::new();
    // Registers and the exit record are aligned and always mapped.
    let mem = Mem::new(func);
    let mut b = FunctionBuilder::new(func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params = b.block_params(entry).to_vec();
    let (exit_ptr, entry_pc) = (params[0], params[1]);
    let regs_ptr = b
        .ins()
        .load(isa.pointer_type(), mem.exit, exit_ptr, REGS_OFFSET);
    // Entries: pc 0 and every loop header (on-stack replacement from the interpreter's
    // `JumpLoop`), or the one header of `Runtime::entry_only`.
    let entry_only = runtime.entry_only;
    let mut l = Lower::new(&mut b, template, runtime, instructions, isa, mem, exit_ptr);
    l.b.def_var(l.regs_ptr, regs_ptr);
    let mut entries = BTreeSet::new();
    entries.insert(entry_only.unwrap_or(0));
    if entry_only.is_none() {
        entries.extend(l.loops.iter().copied());
    }
    let mut switch = cranelift_frontend::Switch::new();
    let mut adapters = Vec::new();
    for &e in &entries {
        if l.blocks.contains_key(&e) {
            // Each entry sees the frame as the interpreter left it (every register is loaded
            // above, boxed), then unboxes what the block expects (`Rep`).
            let adapter = l.b.create_block();
            switch.set_entry(e as u128, adapter);
            adapters.push((adapter, e));
        }
    }
    let no_entry = l.b.create_block();
    l.b.set_cold_block(no_entry);
    switch.emit(l.b, entry_pc, no_entry);
    l.b.switch_to_block(no_entry);
    let code = l.b.ins().iconst(I32, Reason::NoEntry as i64);
    l.b.ins().return_(&[code]);
    let boxed: State = l.vars.keys().map(|&k| (k, Rep::Boxed)).collect();
    for (adapter, e) in adapters {
        l.b.switch_to_block(adapter);
        // Entered at pc 0 (not a loop header there), the function starts: its accumulator and
        // every register but the arguments, the rest parameters' array and the arguments
        // object are undefined (`Vm::push_frame`, `Vm::call_function`) — a call need not pass
        // the accumulator, and those registers are not read.
        let start = e == 0 && !l.loops.contains(&0);
        let regs = l.b.use_var(l.regs_ptr);
        let registers: Vec<u32> = l.vars.keys().copied().filter(|&k| k != ACC).collect();
        for r in registers {
            let set_up = r < template.param_count
                || Some(r) == template.rest_register
                || Some(r) == template.arguments_register;
            let x = if start && !set_up {
                l.constant(Value::UNDEFINED)
            } else {
                l.b.ins().load(I64, l.mem.frame, regs, (r * 8) as i32)
            };
            l.b.def_var(l.vars[&r].boxed, x);
        }
        let a = if start {
            l.constant(Value::UNDEFINED)
        } else {
            l.b.ins().load(I64, l.mem.exit, exit_ptr, ACC_OFFSET)
        };
        l.b.def_var(l.vars[&ACC].boxed, a);
        l.rep = boxed.clone();
        l.convert_to(e);
        let block = l.blocks[&e];
        l.b.ins().jump(block, &[]);
    }
    l.body(instructions);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
}

impl<'a, 'b, 'c> Lower<'a, 'b, 'c> {
    /// The lowering of `template`'s `instructions` into `b`: a variable per register used and
    /// the accumulator (and the register pointer's, left undefined), a block per block start,
    /// what the analyses find — ready for entries to jump to its blocks, then `body`.
    fn new(
        b: &'c mut FunctionBuilder<'b>,
        template: &'a FunctionTemplate,
        runtime: Runtime,
        instructions: &[Instruction],
        isa: &'a dyn cranelift_codegen::isa::TargetIsa,
        mem: Mem,
        exit_ptr: Ssa,
    ) -> Self {
        // Registers touched, and those written (stored back at exits).
        let mut used = BTreeSet::new();
        let mut written = BTreeSet::new();
        // Block starts: pc 0, jump targets, instructions after a branch or a return.
        let mut starts = BTreeSet::new();
        starts.insert(0u32);
        let mut loops = BTreeSet::new();
        for ins in instructions {
            if ins.opcode == Opcode::JumpLoop {
                loops.insert(ins.operands[0] as u32);
            }
            let kinds = ins.opcode.operands();
            for (i, k) in kinds.iter().enumerate() {
                match k {
                    crate::bytecode::Operand::Reg => {
                        used.insert(ins.reg(i));
                    }
                    crate::bytecode::Operand::RegOut => {
                        used.insert(ins.reg(i));
                        written.insert(ins.reg(i));
                    }
                    crate::bytecode::Operand::Jump => {
                        starts.insert(ins.operands[i] as u32);
                        starts.insert(ins.pc + ins.len);
                    }
                    _ => {}
                }
            }
            if ins.opcode == Opcode::Return {
                starts.insert(ins.pc + ins.len);
            }
        }
        let regs_var = b.declare_var(isa.pointer_type());
        let mut vars = BTreeMap::new();
        let declare = |b: &mut FunctionBuilder| Vars {
            boxed: b.declare_var(I64),
            int: b.declare_var(I32),
            float: b.declare_var(F64),
            bool: b.declare_var(I8),
        };
        for &r in &used {
            vars.insert(r, declare(b));
        }
        vars.insert(ACC, declare(b));
        let mut blocks = BTreeMap::new();
        for &s in &starts {
            blocks.insert(s, b.create_block());
        }
        let boxed: State = vars.keys().map(|&k| (k, Rep::Boxed)).collect();
        let inline_calls = inlinable_calls(template, &runtime, instructions);
        // Calls that may complete without the stub (a built-in run inline, a quick path).
        let no_stub: BTreeSet<u32> = inline_calls
            .keys()
            .chain(runtime.quick.keys())
            .copied()
            .collect();
        let needed = needed(template, instructions, &written, &no_stub);
        let mut l = Lower {
            b,
            template,
            runtime,
            isa,
            regs_ptr: regs_var,
            exit_ptr,
            vars,
            written,
            blocks,
            mem,
            rep: boxed.clone(),
            entry: BTreeMap::new(),
            pending: Vec::new(),
            exits: BTreeMap::new(),
            handled: None,
            needed,
            inline_calls,
            slot_regions: BTreeMap::new(),
            unrun_loops: unrun_loops(template, instructions),
            pin_slot: None,
            pin_at: pins(instructions),
            facts: Facts::default(),
            facts_block: None,
            loops,
        };
        l.entry = l.analyze(instructions, &starts, &boxed);
        l
    }

    /// Lower every instruction (entries have jumped to their blocks), then the shared exits.
    fn body(&mut self, instructions: &[Instruction]) {
        let l = self;
        let mut terminated = true;
        for ins in instructions {
            if l.blocks.contains_key(&ins.pc) {
                if !terminated {
                    l.jump(ins.pc);
                }
                let block = l.blocks[&ins.pc];
                l.b.switch_to_block(block);
                l.rep = l.entry_state(ins.pc);
            } else if terminated {
                // Unreachable code after a jump with no label: give it its own block.
                let block = l.b.create_block();
                l.b.switch_to_block(block);
            }
            l.b.set_srcloc(cranelift_codegen::ir::SourceLoc::new(ins.pc));
            #[cfg(debug_assertions)]
            let expected = {
                let mut s = l.rep.clone();
                l.transfer(ins, &mut s);
                s
            };
            if l.b.current_block() != l.facts_block {
                l.facts.clear();
            }
            terminated = l.instruction(ins);
            if !terminated && l.keeps_facts(ins) {
                l.facts_block = l.b.current_block();
            } else {
                l.facts.clear();
                l.facts_block = None;
            }
            #[cfg(debug_assertions)]
            if !terminated {
                // The analysis and the lowering must agree on what each instruction leaves
                // unboxed.
                assert_eq!(
                    l.rep, expected,
                    "representation mismatch after pc {}",
                    ins.pc
                );
            }
        }
        if !terminated {
            // Falling off the end cannot happen in verified code; exit safely anyway.
            let pc = instructions.last().map_or(0, |i| i.pc);
            l.exit(pc, Reason::Return);
        }
        l.finish_exits();
    }
}

impl Lower<'_, '_, '_> {
    /// Register (or `ACC`) `k` as a `Value` (boxed if it is held unboxed; its representation
    /// does not change).
    fn boxed(&mut self, k: u32) -> Ssa {
        let v = self.vars[&k];
        match self.rep[&k] {
            Rep::Boxed => self.b.use_var(v.boxed),
            Rep::Int => {
                let i = self.b.use_var(v.int);
                self.box_int(i)
            }
            Rep::Float => {
                let f = self.b.use_var(v.float);
                let cold = self
                    .b
                    .current_block()
                    .is_some_and(|b| self.b.func.layout.is_cold(b));
                if cold {
                    // Out of line on cold paths (exits, stub fallbacks): a call is far smaller
                    // than the inline boxing, and these paths hold many doubles at once.
                    self.box_number_call(f)
                } else {
                    self.box_number(f)
                }
            }
            Rep::Bool => {
                let c = self.b.use_var(v.bool);
                self.box_bool(c)
            }
        }
    }

    /// `box_number` through `number_bits` (`Value::number`), for cold paths.
    fn box_number_call(&mut self, f: Ssa) -> Ssa {
        let ptr = self.isa.pointer_type();
        let mut sig = Signature::new(self.isa.default_call_conv());
        sig.params.push(AbiParam::new(F64));
        sig.returns.push(AbiParam::new(I64));
        let sig = self.b.import_signature(sig);
        let callee = number_bits as extern "C" fn(f64) -> u64;
        let callee = self.b.ins().iconst(ptr, callee as usize as i64);
        let call = self.b.ins().call_indirect(sig, callee, &[f]);
        self.b.inst_results(call)[0]
    }

    fn set_boxed(&mut self, k: u32, x: Ssa) {
        let v = self.vars[&k];
        self.b.def_var(v.boxed, x);
        self.rep.insert(k, Rep::Boxed);
        self.facts.values.insert(k, x);
    }

    fn set_unboxed(&mut self, k: u32, rep: Rep, x: Ssa) {
        let v = self.vars[&k];
        let var = v.of(rep);
        self.b.def_var(var, x);
        self.rep.insert(k, rep);
        if rep == Rep::Boxed {
            self.facts.values.insert(k, x);
        } else {
            self.facts.values.remove(&k);
        }
    }

    /// Hold `k` boxed from here on.
    fn make_boxed(&mut self, k: u32) {
        if self.rep[&k] != Rep::Boxed {
            let x = self.boxed(k);
            self.set_boxed(k, x);
        }
    }

    /// Copy register (or `ACC`) `from` to `to`, in its representation.
    fn copy(&mut self, from: u32, to: u32) {
        let rep = self.rep[&from];
        let v = self.vars[&from];
        let var = v.of(rep);
        let x = self.b.use_var(var);
        self.set_unboxed(to, rep, x);
        if let Some(&known) = self.facts.values.get(&from) {
            self.facts.values.insert(to, known);
        }
    }

    /// Compute `x` here. Cranelift places pure instructions at their first use in the dominator
    /// tree, so a value whose first uses are in both arms of a branch (a property site's fast
    /// path and its miss path) is computed in each, and again after they join — a register's
    /// arithmetic was recomputed at every later property site (`mag` in bench/runtime/props.js
    /// six times, with its division and square root). A store to a stack slot nobody reads is
    /// a use here that Cranelift keeps (`pin_at` says where it is needed): a store that may trap
    /// as far as Cranelift knows (`Mem::pin`), so that each one observes the one before and
    /// none is removed as dead.
    fn pin(&mut self, x: Ssa) {
        let slot = *self.pin_slot.get_or_insert_with(|| {
            self.b.create_sized_stack_slot(ir::StackSlotData::new(
                ir::StackSlotKind::ExplicitSlot,
                8,
                3,
            ))
        });
        let ptr = self.isa.pointer_type();
        let at = self.b.ins().stack_addr(ptr, slot, 0);
        self.b.ins().store(self.mem.pin, x, at, 0);
    }

    fn reg(&mut self, r: u32) -> Ssa {
        self.boxed(r)
    }

    fn get_acc(&mut self) -> Ssa {
        self.boxed(ACC)
    }

    fn set_acc(&mut self, x: Ssa) {
        self.set_boxed(ACC, x)
    }

    /// The entries of property site `fb` (monomorphic or polymorphic) to try in compiled code:
    /// all of them for a load (own or on the receiver's prototype); for a store, all if all are
    /// own (stores record only own properties), else none.
    fn site_entries(&self, op: Opcode, fb: u32) -> Vec<crate::bytecode::feedback::PropertyEntry> {
        let entries = self.template.feedback.entries(fb);
        if op == Opcode::GetNamed
            || entries
                .iter()
                .all(|e| e.holder == crate::bytecode::feedback::NO_HOLDER)
        {
            entries
        } else {
            Vec::new()
        }
    }

    fn u32(&mut self, x: u32) -> Ssa {
        self.b.ins().iconst(I32, x as i64)
    }

    fn constant(&mut self, v: Value) -> Ssa {
        self.b.ins().iconst(I64, v.to_bits() as i64)
    }

    /// Store the accumulator and those registers of `set` (a bitset, `needed`) that the function
    /// writes to the frame and `Exit`.
    fn write_back(&mut self, set: &[u64]) {
        self.write_back_registers(set);
        self.store_acc();
    }

    /// `write_back` without the accumulator.
    fn write_back_registers(&mut self, set: &[u64]) {
        let written: Vec<u32> = self
            .written
            .iter()
            .copied()
            .filter(|&r| set[r as usize / 64] & (1 << (r % 64)) != 0)
            .collect();
        let regs = self.b.use_var(self.regs_ptr);
        for r in written {
            let x = self.reg(r);
            self.b.ins().store(self.mem.frame, x, regs, (r * 8) as i32);
        }
    }

    /// The accumulator to `Exit`.
    fn store_acc(&mut self) {
        let acc = self.get_acc();
        self.b
            .ins()
            .store(self.mem.exit, acc, self.exit_ptr, ACC_OFFSET);
    }

    /// Run the instruction at `pc` in the interpreter (`Vm::jit_stub`): the frame is written back
    /// first (the registers `needed` there: the others hold the same value already or are dead) —
    /// while the stub runs, the GC sees every live value there, none is left only in an SSA
    /// variable — and every register and the accumulator are reloaded after (the stub may
    /// have changed any of them, and moved the register file). Returns the stub's status; a
    /// status other than `STUB_NEXT`/`STUB_JUMPED` has already returned `Reason::Handled` (the
    /// interpreter has the frame; nothing is written back over it).
    fn stub(&mut self, pc: u32) -> Ssa {
        let f: super::memory::Stub = super::memory::stub;
        self.stub_with(pc, f as usize, &[])
    }

    /// `stub` through runtime function `f`, which takes the exit record, `pc`, then `extra`, and
    /// answers as `memory::stub` does.
    fn stub_with(&mut self, pc: u32, f: usize, extra: &[Ssa]) -> Ssa {
        let needed = self.needed[&pc].clone();
        self.write_back(&needed);
        let status = self.stub_call(pc, f, extra);
        self.stub_done(pc, status);
        status
    }

    /// The call of `stub_with` alone (the frame written back): its status.
    fn stub_call(&mut self, pc: u32, f: usize, extra: &[Ssa]) -> Ssa {
        let at = self.u32(pc);
        let mut args = vec![at];
        args.extend_from_slice(extra);
        self.helper(f, &args, I32)
    }

    /// A known callee's frame pushed in place, its code called, its frame popped (what
    /// `Vm::jit_enter_known` and `Vm::jit_leave_known` do, for a `Return`): then on to `join`
    /// with the stub status. When a check fails, before anything changed, on to `otherwise`.
    /// The frame is the bytes of `KnownCallee::frame` with the register base (and the call's
    /// `this`) set, uncounted (`Frame::counted`: no strong count traffic, a read-modify-write
    /// chain through one word across the whole call tree); if the runtime counted it meanwhile
    /// (a stub or a deopt in the callee), the pop uncounts it — or `Drop` does, when the
    /// interpreter pops it.
    fn call_in_place(
        &mut self,
        call: InlineCall,
        layout: super::layout::CallLayout,
        site: CallSite,
        popped: Block,
        join: Block,
        otherwise: Block,
    ) {
        let ptr = self.isa.pointer_type();
        let vm_flags = MemFlagsData::trusted();
        let vm = self
            .b
            .ins()
            .load(ptr, self.mem.exit, self.exit_ptr, VM_OFFSET);
        // The checks of `jit_enter_known`; with a fuel limit set or an interrupt requested, the
        // call is left to it (`quiet`).
        let realm = self.b.ins().load(I32, vm_flags, vm, layout.realm_id);
        let ok = self
            .b
            .ins()
            .icmp_imm_u(IntCC::Equal, realm, call.realm as i64);
        self.continue_if(ok, otherwise);
        let ok = self.quiet();
        self.continue_if(ok, otherwise);
        let entry_at = self.b.ins().iconst(ptr, call.entry as i64);
        let entry = self.b.ins().load(ptr, vm_flags, entry_at, 0);
        let ok = self.b.ins().icmp_imm_u(IntCC::NotEqual, entry, 0);
        self.continue_if(ok, otherwise);
        let sp = self.b.ins().get_stack_pointer(ptr);
        let limit = self
            .b
            .ins()
            .load(ptr, self.mem.exit, self.exit_ptr, STACK_LIMIT_OFFSET);
        let ok = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, sp, limit);
        self.continue_if(ok, otherwise);
        let frames = self.b.ins().load(ptr, vm_flags, vm, layout.frames_len);
        let capacity = self.b.ins().load(ptr, vm_flags, vm, layout.frames_cap);
        let ok = self.b.ins().icmp(IntCC::UnsignedLessThan, frames, capacity);
        self.continue_if(ok, otherwise);
        let ok = self.b.ins().icmp_imm_u(
            IntCC::UnsignedLessThan,
            frames,
            crate::vm::MAX_FRAMES as i64,
        );
        self.continue_if(ok, otherwise);
        let base = self.b.ins().load(ptr, vm_flags, vm, layout.registers_len);
        let capacity = self.b.ins().load(ptr, vm_flags, vm, layout.registers_cap);
        let top = self.b.ins().iadd_imm_u(base, call.registers as i64);
        let ok = self
            .b
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, top, capacity);
        self.continue_if(ok, otherwise);
        // The caller's frame at `next` (its accumulator is left as it was: the call's result
        // replaces it unread, and a stale value there is still a root, alive).
        let size = layout.frame_size as i64;
        let data = self.b.ins().load(ptr, vm_flags, vm, layout.frames_ptr);
        let frame_offset = self.b.ins().imul_imm_u(frames, size);
        let callee_frame = self.b.ins().iadd(data, frame_offset);
        let next = self.u32(site.next);
        self.b
            .ins()
            .store(vm_flags, next, callee_frame, layout.frame_pc - size as i32);
        // The callee's frame.
        let proto = self.b.ins().iconst(ptr, call.frame as i64);
        // In 16-byte moves (half the memory operations of word moves: the push is bound by
        // them), then the last word if the size is not a multiple of 16.
        let mut at = 0;
        while at < size as i32 {
            let ty = if at + 16 <= size as i32 { I64X2 } else { I64 };
            let w = self.b.ins().load(ty, vm_flags, proto, at);
            self.b.ins().store(vm_flags, w, callee_frame, at);
            at += ty.bytes() as i32;
        }
        self.b
            .ins()
            .store(vm_flags, base, callee_frame, layout.frame_base);
        if call.this_from_call {
            self.b
                .ins()
                .store(vm_flags, site.this, callee_frame, layout.frame_this);
        }
        // Not counted (`Frame::counted`): the copy says so.
        let frames_after = self.b.ins().iadd_imm_u(frames, 1);
        self.b
            .ins()
            .store(vm_flags, frames_after, vm, layout.frames_len);
        // Its registers: the arguments, then undefined.
        let file = self.b.ins().load(ptr, vm_flags, vm, layout.registers_ptr);
        let offset = self.b.ins().ishl_imm_u(base, 3);
        let regs = self.b.ins().iadd(file, offset);
        let undefined = self.constant(Value::UNDEFINED);
        let args = site.count.min(call.params);
        for i in 0..call.registers {
            let v = if i < args {
                self.reg(site.first + i)
            } else {
                undefined
            };
            self.b.ins().store(self.mem.frame, v, regs, (i * 8) as i32);
        }
        self.b.ins().store(vm_flags, top, vm, layout.registers_len);
        let caller_regs = self.b.use_var(self.regs_ptr);
        let caller_offset = self.b.ins().isub(caller_regs, file);
        self.b
            .ins()
            .store(self.mem.exit, regs, self.exit_ptr, REGS_OFFSET);
        // Entered at pc 0 (which needs no accumulator).
        let zero = self.u32(0);
        let sig = self.b.import_signature(signature(self.isa));
        let run = self
            .b
            .ins()
            .call_indirect(sig, entry, &[self.exit_ptr, zero]);
        let reason = self.b.inst_results(run)[0];
        let (pop, leave) = (self.b.create_block(), self.b.create_block());
        let returned = self
            .b
            .ins()
            .icmp_imm_u(IntCC::Equal, reason, Reason::Return as i64);
        self.b.ins().brif(returned, pop, &[], leave, &[]);
        // Returned (the result is in the exit record's accumulator): the frame popped in place.
        self.b.switch_to_block(pop);
        // The lengths as they were before the push (not decremented in place: a load here would
        // wait for the callee's own pops, a chain through memory across the whole call tree).
        self.b.ins().store(vm_flags, frames, vm, layout.frames_len);
        // Uncounted unless Rust counted it meanwhile (`Vm::adopt_frames`; the frame stack may
        // have moved).
        let data = self.b.ins().load(ptr, vm_flags, vm, layout.frames_ptr);
        let frame = self.b.ins().iadd(data, frame_offset);
        let counted = self.b.ins().load(I8, vm_flags, frame, layout.frame_counted);
        let (uncount, uncounted) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(uncount);
        self.b.ins().brif(counted, uncount, &[], uncounted, &[]);
        self.b.switch_to_block(uncount);
        let strong = self.b.ins().iconst(ptr, call.strong as i64);
        let count = self.b.ins().load(ptr, vm_flags, strong, 0);
        let count = self.b.ins().iadd_imm_s(count, -1);
        self.b.ins().store(vm_flags, count, strong, 0);
        self.b.ins().jump(uncounted, &[]);
        self.b.switch_to_block(uncounted);
        self.b.ins().store(vm_flags, base, vm, layout.registers_len);
        let file = self.b.ins().load(ptr, vm_flags, vm, layout.registers_ptr);
        let caller_regs = self.b.ins().iadd(file, caller_offset);
        self.b
            .ins()
            .store(self.mem.exit, caller_regs, self.exit_ptr, REGS_OFFSET);
        // What `stub_done` does after a call, without the status check: the callee returned.
        self.b.def_var(self.regs_ptr, caller_regs);
        let result = self
            .b
            .ins()
            .load(I64, self.mem.exit, self.exit_ptr, ACC_OFFSET);
        self.set_acc(result);
        self.b.ins().jump(popped, &[]);
        // Anything else: the runtime finishes the callee (`Vm::jit_leave_known`).
        self.b.switch_to_block(leave);
        let f: memory::LeaveKnown = memory::leave_known;
        let next = self.u32(site.next);
        let status = self.helper(f as usize, &[reason, next], I32);
        self.b.ins().jump(join, &[status.into()]);
    }

    /// A known callee's quick path (`Runtime::quick`): its bytecode from the start, lowered here
    /// while it only moves values, computes with int32s and branches — code with no effect, so
    /// that anything else (another operation, a value that is not an int32, an overflow) can
    /// give up and make the call after all (`call`), which runs the function from its start.
    /// A path reaching `Return` puts the result in the accumulator and goes to `done`, with no
    /// frame, call or entry at all: a recursion's base case, a small helper's common case.
    /// Paths are followed separately (no joins: the functions are small and loop-free), within
    /// a budget of instructions.
    fn quick_path(&mut self, template: &FunctionTemplate, args: &[Ssa], call: Block, done: Block) {
        use Opcode::*;
        #[derive(Clone, Copy)]
        enum Q {
            Boxed(Ssa),
            Int(Ssa),
            Bool(Ssa),
        }
        let Ok(code) = instructions(template) else {
            self.b.ins().jump(call, &[]);
            return;
        };
        let at: BTreeMap<u32, usize> = code.iter().enumerate().map(|(i, x)| (x.pc, i)).collect();
        let undefined = self.constant(Value::UNDEFINED);
        let registers = (0..template.register_count as usize)
            .map(|r| Q::Boxed(args.get(r).copied().unwrap_or(undefined)))
            .collect::<Vec<_>>();
        let back = self.b.create_block();
        self.b.append_block_param(back, I64);
        let start = self.b.create_block();
        // With a fuel limit or an interrupt requested, the call is made (`quiet`): it counts.
        let ok = self.quiet();
        self.b.ins().brif(ok, start, &[], call, &[]);
        let mut work = vec![(start, 0u32, registers, Q::Boxed(undefined))];
        let mut budget = 3 * MAX_QUICK;
        // The int32 in `q`, or control goes to `call`.
        let int = |l: &mut Self, q: Q| -> Option<Ssa> {
            match q {
                Q::Int(i) => Some(i),
                Q::Boxed(x) => {
                    let ok = l.is_int(x);
                    l.continue_if(ok, call);
                    Some(l.b.ins().ireduce(I32, x))
                }
                Q::Bool(_) => None,
            }
        };
        while let Some((block, mut pc, mut regs, mut acc)) = work.pop() {
            self.b.switch_to_block(block);
            loop {
                let Some(&i) = at.get(&pc) else {
                    self.b.ins().jump(call, &[]);
                    break;
                };
                if budget == 0 {
                    self.b.ins().jump(call, &[]);
                    break;
                }
                budget -= 1;
                let ins = &code[i];
                let next = ins.pc + ins.len;
                match ins.opcode {
                    Ldar => acc = regs[ins.reg(0) as usize],
                    Star => regs[ins.reg(0) as usize] = acc,
                    Mov => regs[ins.reg(1) as usize] = regs[ins.reg(0) as usize],
                    LdaSmi => acc = Q::Int(self.b.ins().iconst(I32, ins.operands[0] as i32 as i64)),
                    LdaUndefined => acc = Q::Boxed(undefined),
                    LdaNull => acc = Q::Boxed(self.constant(Value::NULL)),
                    LdaTrue => acc = Q::Boxed(self.constant(Value::TRUE)),
                    LdaFalse => acc = Q::Boxed(self.constant(Value::FALSE)),
                    op if quick_int(op) => {
                        let (base, left, right) = match op {
                            Inc | Dec => {
                                let one = self.b.ins().iconst(I32, 1);
                                (if op == Inc { Add } else { Sub }, acc, Q::Int(one))
                            }
                            _ => match op.smi_base() {
                                Some(base) => {
                                    let k = ins.operands[0] as i32 as i64;
                                    (base, acc, Q::Int(self.b.ins().iconst(I32, k)))
                                }
                                None => (op, regs[ins.reg(0) as usize], acc),
                            },
                        };
                        let (Some(a), Some(c)) = (int(self, left), int(self, right)) else {
                            self.b.ins().jump(call, &[]);
                            break;
                        };
                        acc = match self.int_op(base, a, c) {
                            IntResult::Int(r, bad) => {
                                if let Some(bad) = bad {
                                    let ok = self.b.ins().icmp_imm_s(IntCC::Equal, bad, 0);
                                    self.continue_if(ok, call);
                                }
                                Q::Int(r)
                            }
                            IntResult::Bool(c) => Q::Bool(c),
                        };
                    }
                    Jump => {
                        pc = ins.operands[0] as u32;
                        continue;
                    }
                    JumpIfTrue | JumpIfFalse => {
                        let truth = match acc {
                            Q::Bool(c) => c,
                            Q::Int(i) => self.b.ins().icmp_imm_s(IntCC::NotEqual, i, 0),
                            Q::Boxed(x) => {
                                // Only a boolean: ToBoolean of anything else is not worth it.
                                let t = self.constant(Value::TRUE);
                                let f = self.constant(Value::FALSE);
                                let is_true = self.b.ins().icmp(IntCC::Equal, x, t);
                                let is_false = self.b.ins().icmp(IntCC::Equal, x, f);
                                let boolean = self.b.ins().bor(is_true, is_false);
                                self.continue_if(boolean, call);
                                is_true
                            }
                        };
                        let target = ins.operands[ins.opcode.operands().len() - 1] as u32;
                        let (taken, fall) = (self.b.create_block(), self.b.create_block());
                        if ins.opcode == JumpIfTrue {
                            self.b.ins().brif(truth, taken, &[], fall, &[]);
                        } else {
                            self.b.ins().brif(truth, fall, &[], taken, &[]);
                        }
                        work.push((taken, target, regs.clone(), acc));
                        work.push((fall, next, regs, acc));
                        break;
                    }
                    Return => {
                        let v = match acc {
                            Q::Boxed(x) => x,
                            Q::Int(i) => self.box_int(i),
                            Q::Bool(c) => self.box_bool(c),
                        };
                        self.b.ins().jump(back, &[v.into()]);
                        break;
                    }
                    _ => {
                        self.b.ins().jump(call, &[]);
                        break;
                    }
                }
                pc = next;
            }
        }
        self.b.switch_to_block(back);
        let result = self.b.block_params(back)[0];
        self.set_acc(result);
        self.b.ins().jump(done, &[]);
    }

    /// The VM's poll byte (`vm::budget`): zero while no interrupt is requested and no fuel
    /// limit is set. An atomic load: another thread sets it, and Cranelift neither drops the
    /// load as redundant nor moves other accesses across it.
    fn poll_bits(&mut self) -> Ssa {
        let ptr = self.isa.pointer_type();
        let at = self.b.ins().iconst(ptr, self.runtime.poll as i64);
        self.b.ins().atomic_load(I8, MemFlagsData::trusted(), at)
    }

    /// Whether nothing is to be checked before a call (`poll_bits`): else the call takes the
    /// runtime's way, whose `check_budget` (or `Vm::jit_enter_known`'s) stops or spends as the
    /// interpreter does — so the code's own call paths need no fuel counting.
    fn quiet(&mut self) -> Ssa {
        let bits = self.poll_bits();
        self.b.ins().icmp_imm_u(IntCC::Equal, bits, 0)
    }

    /// The budget check of a back-edge: the poll byte (`poll_bits`), and only when it is set, in
    /// cold blocks: exit at `pc` if an interrupt is requested or no fuel is left (the
    /// interpreter's `JumpLoop` stops), else spend one of the fuel in place.
    fn poll_back_edge(&mut self, pc: u32) {
        let ptr = self.isa.pointer_type();
        let bits = self.poll_bits();
        let (cold, spend, fail, cont) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        // All cold: a block of the slow path left in line makes the loop jump over it.
        for block in [cold, spend, fail] {
            self.b.set_cold_block(block);
        }
        self.b.ins().brif(bits, cold, &[], cont, &[]);
        // One test for both: an interrupt requested (else a fuel limit is set), or none left.
        self.b.switch_to_block(cold);
        let interrupt = self
            .b
            .ins()
            .band_imm_u(bits, crate::vm::budget::INTERRUPT as i64);
        let fuel = self.b.ins().iconst(ptr, self.runtime.fuel as i64);
        let left = self.b.ins().load(I64, self.mem.fuel, fuel, 0);
        let none_left = self.b.ins().icmp_imm_u(IntCC::Equal, left, 0);
        let stop = self.b.ins().bor(interrupt, none_left);
        self.b.ins().brif(stop, fail, &[], spend, &[]);
        self.b.switch_to_block(fail);
        self.exit(pc, Reason::Interrupt);
        self.b.switch_to_block(spend);
        let left = self.b.ins().iadd_imm_s(left, -1);
        self.b.ins().store(self.mem.fuel, left, fuel, 0);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Whether everything `ins` may do leaves `Facts` true: register moves and constants,
    /// arithmetic and comparisons whose feedback made them typed (their other cases exit), and
    /// property sites `own_in_place` lowers (a miss exits). Anything else may call out.
    fn keeps_facts(&self, ins: &Instruction) -> bool {
        use Opcode::*;
        match ins.opcode {
            Ldar | Star | Mov | LdaSmi | LdaConstant | LdaUndefined | LdaNull | LdaTrue
            | LdaFalse | LdaHole => true,
            GetNamed | SetNamed => self.own_in_place(ins.opcode, ins.uimm(2)).is_some(),
            op if is_binary(op) => self.typed(ins).is_some(),
            _ => false,
        }
    }

    /// The one entry of a property site lowered as an own slot in place whose miss exits
    /// (`Reason::ShapeMiss`: a template's first compile), if the site is that.
    fn own_in_place(
        &self,
        op: Opcode,
        fb: u32,
    ) -> Option<(
        crate::bytecode::feedback::PropertyEntry,
        super::layout::ObjectLayout,
    )> {
        let layout = self.runtime.layout?;
        let entries = self.site_entries(op, fb);
        match entries[..] {
            [e] if e.holder == crate::bytecode::feedback::NO_HOLDER
                && self.template.tier.deopts.get() == 0 =>
            {
                Some((e, layout))
            }
            _ => None,
        }
    }

    /// `GetNamed`/`SetNamed` of an own slot in place (`own_in_place`), through `Facts`: the
    /// object checked and its slots found once for the straight-line code, a slot loaded once.
    fn named_in_place(
        &mut self,
        ins: &Instruction,
        e: crate::bytecode::feedback::PropertyEntry,
        layout: super::layout::ObjectLayout,
    ) {
        let ptr = self.isa.pointer_type();
        let r = ins.reg(0);
        let object = match (self.rep[&r], self.facts.values.get(&r)) {
            (Rep::Boxed, Some(&v)) => v,
            (Rep::Boxed, None) => {
                // The register's value here, named once: later reads in the straight-line code
                // get the same SSA value (not a new block parameter per block).
                let v = self.reg(r);
                self.facts.values.insert(r, v);
                v
            }
            _ => self.reg(r),
        };
        let (shape, slot) = (e.shape.0, e.slot);
        if ins.opcode == Opcode::GetNamed {
            if let Some(&v) = self.facts.slots.get(&(object, shape, slot)) {
                self.set_acc(v);
                return;
            }
        }
        let miss = self.b.create_block();
        self.b.set_cold_block(miss);
        let fact = match self.facts.objects.get(&object) {
            Some(&f) if f.shape == shape => f,
            _ => {
                let entry = self.object_entry(object, layout, miss);
                self.check_shape(entry, shape, layout, miss);
                let fact = ObjectFact {
                    shape,
                    slots: self.field(ptr, entry, layout.slots_ptr),
                    len: self.field(ptr, entry, layout.slots_len),
                    checked: None,
                };
                self.facts.objects.insert(object, fact);
                fact
            }
        };
        if fact.checked.is_none_or(|c| c < slot) {
            let inside = self
                .b
                .ins()
                .icmp_imm_u(IntCC::UnsignedGreaterThan, fact.len, slot as i64);
            self.continue_if(inside, miss);
            if let Some(f) = self.facts.objects.get_mut(&object) {
                f.checked = Some(slot);
            }
        }
        let at = self.b.ins().iadd_imm_s(fact.slots, slot as i64 * 8);
        let flags = self.slot_flags(shape, slot);
        if ins.opcode == Opcode::GetNamed {
            let v = self.b.ins().load(I64, flags, at, 0);
            self.set_acc(v);
            self.facts.slots.insert((object, shape, slot), v);
        } else {
            let v = self.get_acc();
            self.b.ins().store(flags, v, at, 0);
            // Another value of this shape may be the same object.
            self.facts
                .slots
                .retain(|&(_, s, k), _| (s, k) != (shape, slot));
            self.facts.slots.insert((object, shape, slot), v);
        }
        let cont = self.b.create_block();
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(miss);
        self.exit(ins.pc, Reason::ShapeMiss);
        self.b.switch_to_block(cont);
    }

    /// After the call of a stub at `pc` answered `status`: on to the interpreter unless it says
    /// go on; the register file's address, the registers the instruction may write and the
    /// accumulator reloaded.
    fn stub_done(&mut self, pc: u32, status: Ssa) {
        let ptr = self.isa.pointer_type();
        let handled = self.handled_block();
        let next = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, status, STUB_NEXT as i64);
        let jumped = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, status, STUB_JUMPED as i64);
        let ok = self.b.ins().bor(next, jumped);
        self.continue_if(ok, handled);
        let regs = self
            .b
            .ins()
            .load(ptr, self.mem.exit, self.exit_ptr, REGS_OFFSET);
        self.b.def_var(self.regs_ptr, regs);
        let ins = decode(&self.template.code, pc);
        let reload: Vec<u32> = if writes_only_declared(ins.opcode) {
            let kinds = ins.opcode.operands();
            (0..kinds.len())
                .filter(|&i| kinds[i] == crate::bytecode::Operand::RegOut)
                .map(|i| ins.reg(i))
                .collect()
        } else {
            self.vars.keys().copied().filter(|&k| k != ACC).collect()
        };
        for r in reload {
            let x = self.b.ins().load(I64, self.mem.frame, regs, (r * 8) as i32);
            self.set_boxed(r, x);
        }
        let acc = self
            .b
            .ins()
            .load(I64, self.mem.exit, self.exit_ptr, ACC_OFFSET);
        self.set_acc(acc);
    }

    /// The address of slot `slot` of `object` (a `Value`) if it is a shaped object with shape
    /// `shape` (`layout::ObjectLayout`); else control goes to `miss`. What `Vm::own_slot` checks,
    /// in place: an object, its props shaped with `shape`, the slot within its slots.
    fn slot_address(
        &mut self,
        object: Ssa,
        shape: u32,
        slot: u32,
        layout: super::layout::ObjectLayout,
        miss: Block,
    ) -> Ssa {
        let entry = self.object_entry(object, layout, miss);
        self.entry_slot_address(entry, shape, slot, layout, miss)
    }

    /// `slot_address` of the object whose arena entry is `entry`.
    fn entry_slot_address(
        &mut self,
        entry: Ssa,
        shape: u32,
        slot: u32,
        layout: super::layout::ObjectLayout,
        miss: Block,
    ) -> Ssa {
        let ptr = self.isa.pointer_type();
        self.check_shape(entry, shape, layout, miss);
        let len = self.field(ptr, entry, layout.slots_len);
        let inside = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedGreaterThan, len, slot as i64);
        self.continue_if(inside, miss);
        let slots = self.field(ptr, entry, layout.slots_ptr);
        self.b.ins().iadd_imm_s(slots, slot as i64 * 8)
    }

    /// The flags of an access to slot `slot` of an object checked to have shape `shape`: an
    /// alias region of its own (type-based alias analysis). An object has one shape at a time
    /// and only calls change it, so between two calls (fences to Cranelift) a store to one
    /// (shape, slot) cannot change another's value: `a.pos` stays loaded across stores to
    /// `a.vel.x`, which is a slot of another shape (or another slot).
    fn slot_flags(&mut self, shape: u32, slot: u32) -> MemFlagsData {
        if let Some(&flags) = self.slot_regions.get(&(shape, slot)) {
            return flags;
        }
        let user_id = FIRST_SLOT_REGION + self.slot_regions.len() as u32;
        let region = region(self.b.func, user_id, format!("shape {shape} slot {slot}"));
        let flags = MemFlagsData::trusted().with_alias_region(Some(region));
        self.slot_regions.insert((shape, slot), flags);
        flags
    }

    /// Continue only if the object at `entry` is shaped with `shape`; else control goes to `miss`.
    fn check_shape(
        &mut self,
        entry: Ssa,
        shape: u32,
        layout: super::layout::ObjectLayout,
        miss: Block,
    ) {
        let tag = crate::runtime::object::SHAPED_TAG;
        if layout.shape == layout.tag + 4 {
            // The tag and the shape side by side: one 64-bit compare (x86-64 is little-endian).
            let both = self.field(I64, entry, layout.tag);
            let expected = (tag as u64 | (shape as u64) << 32) as i64;
            let expected = self.b.ins().iconst(I64, expected);
            let ok = self.b.ins().icmp(IntCC::Equal, both, expected);
            self.continue_if(ok, miss);
            return;
        }
        let props = self.field(I32, entry, layout.tag);
        let actual = self.field(I32, entry, layout.shape);
        let shaped = self.b.ins().icmp_imm_s(IntCC::Equal, props, tag as i64);
        let same = self.b.ins().icmp_imm_s(IntCC::Equal, actual, shape as i64);
        let ok = self.b.ins().band(shaped, same);
        self.continue_if(ok, miss);
    }

    /// The arena entry of the object with index `index` (a constant: a prototype).
    fn entry_of(&mut self, index: u32, layout: super::layout::ObjectLayout) -> Ssa {
        let ptr = self.isa.pointer_type();
        let objects = self
            .b
            .ins()
            .load(ptr, self.mem.exit, self.exit_ptr, OBJECTS_OFFSET);
        let offset = index as i64 * layout.entry_size as i64;
        self.b.ins().iadd_imm_s(objects, offset)
    }

    /// Continue only if the object at `entry` has prototype `proto` (an object's index, or no
    /// prototype); else control goes to `miss`.
    fn check_proto(
        &mut self,
        entry: Ssa,
        proto: Option<u32>,
        layout: super::layout::ObjectLayout,
        miss: Block,
    ) {
        if let Some(p) = proto {
            // The tag and the index side by side: one 64-bit compare (x86-64 is little-endian).
            let (some, p) = (layout.proto_some as u64, p as u64);
            let pair = if layout.proto_index == layout.proto_tag + 4 {
                Some((layout.proto_tag, some | p << 32))
            } else if layout.proto_tag == layout.proto_index + 4 {
                Some((layout.proto_index, p | some << 32))
            } else {
                None
            };
            if let Some((at, expected)) = pair {
                let both = self.field(I64, entry, at);
                let expected = self.b.ins().iconst(I64, expected as i64);
                let ok = self.b.ins().icmp(IntCC::Equal, both, expected);
                self.continue_if(ok, miss);
                return;
            }
        }
        let tag = self.field(I32, entry, layout.proto_tag);
        let some = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, layout.proto_some as i64);
        let ok = match proto {
            Some(p) => {
                let index = self.field(I32, entry, layout.proto_index);
                let same = self.b.ins().icmp_imm_s(IntCC::Equal, index, p as i64);
                self.b.ins().band(some, same)
            }
            None => self.b.ins().bxor_imm_s(some, 1),
        };
        self.continue_if(ok, miss);
    }

    /// Continue only if the `ty` at `offset` of `entry` satisfies `cc` against `k`; else control
    /// goes to `miss`.
    fn check_field(
        &mut self,
        ty: cranelift_codegen::ir::Type,
        entry: Ssa,
        offset: u32,
        cc: IntCC,
        k: i64,
        miss: Block,
    ) {
        let v = self.field(ty, entry, offset);
        let ok = self.b.ins().icmp_imm_s(cc, v, k);
        self.continue_if(ok, miss);
    }

    /// `array.push(value)` in place for a plain dense array with spare capacity (what
    /// `builtins::array::fast_array` checks of the array; its prototypes the realm's
    /// Array.prototype and Object.prototype with only dense elements, which is all a push needs
    /// — `fast_array` asks for none, for the builtins that read through holes); else control
    /// goes to `miss`. The new length.
    fn push_in_place(
        &mut self,
        array: Ssa,
        value: Ssa,
        layout: super::layout::ObjectLayout,
        miss: Block,
    ) -> Ssa {
        use crate::runtime::object::{ARRAY_TAG, HOLEY_TAG};
        let ptr = self.isa.pointer_type();
        let (array_prototype, object_prototype) = self.runtime.prototypes;
        let entry = self.object_entry(array, layout, miss);
        self.check_field(
            I32,
            entry,
            layout.kind,
            IntCC::Equal,
            ARRAY_TAG as i64,
            miss,
        );
        self.check_field(I8, entry, layout.length_writable, IntCC::NotEqual, 0, miss);
        self.check_field(I8, entry, layout.extensible, IntCC::NotEqual, 0, miss);
        self.check_field(
            I32,
            entry,
            layout.elements,
            IntCC::UnsignedLessThanOrEqual,
            HOLEY_TAG as i64,
            miss,
        );
        self.check_proto(entry, Some(array_prototype), layout, miss);
        // The hole (never a JavaScript value) would not keep packed elements packed.
        let hole = self.constant(Value::HOLE);
        let not_hole = self.b.ins().icmp(IntCC::NotEqual, value, hole);
        self.continue_if(not_hole, miss);
        // ECMA-262 23.1.3.23, 10.1.9.2 OrdinarySetWithOwnDescriptor: the prototypes have only
        // dense elements — default data properties, over which the push's [[Set]] still
        // creates the array's own element; a sparse one may be an accessor or read-only.
        for (proto, next) in [
            (array_prototype, Some(object_prototype)),
            (object_prototype, None),
        ] {
            let at = self.entry_of(proto, layout);
            self.check_field(
                I32,
                at,
                layout.elements,
                IntCC::UnsignedLessThanOrEqual,
                HOLEY_TAG as i64,
                miss,
            );
            self.check_proto(at, next, layout, miss);
        }
        let len = self.field(ptr, entry, layout.dense_len);
        let length = self.field(I32, entry, layout.array_length);
        let length = self.b.ins().uextend(ptr, length);
        let same = self.b.ins().icmp(IntCC::Equal, len, length);
        let cap = self.field(ptr, entry, layout.dense_cap);
        let room = self.b.ins().icmp(IntCC::UnsignedLessThan, len, cap);
        // The new length an int32.
        let small = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThan, len, i32::MAX as i64);
        let ok = self.b.ins().band(same, room);
        let ok = self.b.ins().band(ok, small);
        self.continue_if(ok, miss);
        let data = self.field(ptr, entry, layout.dense_ptr);
        let offset = self.b.ins().ishl_imm_u(len, 3);
        let at = self.b.ins().iadd(data, offset);
        self.b.ins().store(self.mem.elements, value, at, 0);
        let new_len = self.b.ins().iadd_imm_s(len, 1);
        self.b
            .ins()
            .store(self.mem.meta, new_len, entry, layout.dense_len as i32);
        let new_length = self.b.ins().ireduce(I32, new_len);
        self.b
            .ins()
            .store(self.mem.meta, new_length, entry, layout.array_length as i32);
        self.box_int(new_length)
    }

    /// The `ty` at `offset` (a `layout::ObjectLayout` offset) of the arena entry `entry`.
    fn field(&mut self, ty: cranelift_codegen::ir::Type, entry: Ssa, offset: u32) -> Ssa {
        self.b.ins().load(ty, self.mem.meta, entry, offset as i32)
    }

    /// The address of the arena entry of `object` (a `Value`) if it is an object; else control
    /// goes to `miss`.
    fn object_entry(
        &mut self,
        object: Ssa,
        layout: super::layout::ObjectLayout,
        miss: Block,
    ) -> Ssa {
        let ptr = self.isa.pointer_type();
        let tag = self.b.ins().ushr_imm_u(object, bits::SHIFT as i64);
        let is_object = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, bits::OBJECT_TAG as i64);
        self.continue_if(is_object, miss);
        let index = self.b.ins().band_imm_u(object, 0xFFFF_FFFF);
        let objects = self
            .b
            .ins()
            .load(ptr, self.mem.exit, self.exit_ptr, OBJECTS_OFFSET);
        let offset = self.b.ins().imul_imm_s(index, layout.entry_size as i64);
        self.b.ins().iadd(objects, offset)
    }

    /// The address of element `key` of `object` (two `Value`s) if `object` is a plain object or
    /// an array with dense elements and `key` an int32 index below their length; else control
    /// goes to `miss`. What `Vm::get_keyed_fast`/`set_keyed_fast` check, in place; the element
    /// may still be a hole unless the elements' tag (the second result) is `PACKED_TAG`.
    fn element_address(
        &mut self,
        object: Ssa,
        key: Ssa,
        layout: super::layout::ObjectLayout,
        miss: Block,
    ) -> (Ssa, Ssa) {
        use crate::runtime::object::{ARRAY_TAG, HOLEY_TAG};
        let ptr = self.isa.pointer_type();
        let is_int = self.is_int(key);
        let index = self.b.ins().ireduce(I32, key);
        let not_negative = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, index, 0);
        let ok = self.b.ins().band(is_int, not_negative);
        self.continue_if(ok, miss);
        let entry = self.object_entry(object, layout, miss);
        let kind = self.field(I32, entry, layout.kind);
        let elements = self.field(I32, entry, layout.elements);
        // Ordinary or Array: the tags below 2.
        let plain = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThanOrEqual, kind, ARRAY_TAG as i64);
        let dense =
            self.b
                .ins()
                .icmp_imm_u(IntCC::UnsignedLessThanOrEqual, elements, HOLEY_TAG as i64);
        let ok = self.b.ins().band(plain, dense);
        self.continue_if(ok, miss);
        let index = self.b.ins().uextend(I64, index);
        let len = self.field(ptr, entry, layout.dense_len);
        let inside = self.b.ins().icmp(IntCC::UnsignedLessThan, index, len);
        self.continue_if(inside, miss);
        let values = self.field(ptr, entry, layout.dense_ptr);
        let offset = self.b.ins().ishl_imm_u(index, 3);
        (self.b.ins().iadd(values, offset), elements)
    }

    /// Call a helper of `memory.rs` (`exit` first, then `args`); its result.
    fn helper(&mut self, f: usize, args: &[Ssa], ret: cranelift_codegen::ir::Type) -> Ssa {
        let ptr = self.isa.pointer_type();
        let mut sig = Signature::new(self.isa.default_call_conv());
        sig.params.push(AbiParam::new(ptr));
        let mut all = vec![self.exit_ptr];
        for &a in args {
            let ty = self.b.func.dfg.value_type(a);
            sig.params.push(AbiParam::new(ty));
            all.push(a);
        }
        sig.returns.push(AbiParam::new(ret));
        let sig = self.b.import_signature(sig);
        let callee = self.b.ins().iconst(ptr, f as i64);
        let call = self.b.ins().call_indirect(sig, callee, &all);
        self.b.inst_results(call)[0]
    }

    /// A cached access: the helper's fast case, else the full stub. `load`: the helper answers
    /// a value for the accumulator (`u64::MAX`: declined), else 1 for done (0: declined).
    fn cached(&mut self, ins: &Instruction, f: usize, args: &[Ssa], load: bool) {
        debug_assert!(!always_stub(ins.opcode), "{:?} has a fast case", ins.opcode);
        let ret = if load { I64 } else { I32 };
        let r = self.helper(f, args, ret);
        let declined = if load {
            self.b.ins().icmp_imm_s(IntCC::Equal, r, -1)
        } else {
            self.b.ins().icmp_imm_s(IntCC::Equal, r, 0)
        };
        let done = self.b.create_block();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let fast = self.b.create_block();
        self.b.ins().brif(declined, slow, &[], fast, &[]);
        self.b.switch_to_block(fast);
        if load {
            self.set_acc(r);
        }
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(slow);
        self.stub(ins.pc);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    /// `LdaGlobal`/`StaGlobal` of the global `let`/`const` the feedback names, in place: the
    /// binding must exist and be initialized (not the hole), and for a store not be `const`;
    /// otherwise the cached helper, then the stub, as for any other global.
    fn global_lexical(&mut self, ins: &Instruction) {
        use crate::vm::realm::GlobalLexical;
        let Slot::GlobalLexical(i) = self.template.feedback.get(ins.uimm(1)) else {
            unreachable!("checked by the caller")
        };
        let ptr = self.isa.pointer_type();
        let load = ins.opcode == Opcode::LdaGlobal;
        let len = self
            .b
            .ins()
            .load(ptr, self.mem.exit, self.exit_ptr, GLOBALS_LEN_OFFSET);
        let in_range = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedGreaterThan, len, i as i64);
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let done = self.b.create_block();
        self.continue_if(in_range, slow);
        let base = self
            .b
            .ins()
            .load(ptr, self.mem.exit, self.exit_ptr, GLOBALS_OFFSET);
        let at = (i as usize * GlobalLexical::SLOT_SIZE) as i64;
        let slot = self.b.ins().iadd_imm_s(base, at);
        let flags = self.mem.globals;
        let v = self
            .b
            .ins()
            .load(I64, flags, slot, GlobalLexical::VALUE_OFFSET as i32);
        let hole = self.constant(Value::HOLE);
        let ok = self.b.ins().icmp(IntCC::NotEqual, v, hole);
        let ok = if load {
            ok
        } else {
            let constant = self
                .b
                .ins()
                .load(I8, flags, slot, GlobalLexical::CONST_OFFSET as i32);
            let mutable = self.b.ins().icmp_imm_s(IntCC::Equal, constant, 0);
            self.b.ins().band(ok, mutable)
        };
        self.b.ins().brif(ok, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        if load {
            self.set_acc(v);
        } else {
            let value = self.get_acc();
            self.b
                .ins()
                .store(flags, value, slot, GlobalLexical::VALUE_OFFSET as i32);
        }
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(slow);
        let (name, fb) = (self.u32(ins.uimm(0)), self.u32(ins.uimm(1)));
        if load {
            let f: extern "C" fn(*mut Exit, u32, u32) -> u64 = memory::load_global;
            self.cached(ins, f as usize, &[name, fb], true);
        } else {
            let v = self.get_acc();
            let f: extern "C" fn(*mut Exit, u32, u32, u64) -> u32 = memory::store_global;
            self.cached(ins, f as usize, &[name, fb, v], false);
        }
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    /// A stub for an instruction whose last operand is a jump: on to the target or the next
    /// instruction, as the interpreter went (ends the block).
    fn stub_branch(&mut self, ins: &Instruction) {
        let status = self.stub(ins.pc);
        let jumped = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, status, STUB_JUMPED as i64);
        let target = ins.operands[ins.opcode.operands().len() - 1] as u32;
        self.brif(jumped, target, ins.pc + ins.len);
    }

    /// The representations block `pc` starts with (all boxed where the analysis did not reach).
    fn entry_state(&self, pc: u32) -> State {
        match self.entry.get(&pc) {
            Some(s) => s.clone(),
            None => self.vars.keys().map(|&k| (k, Rep::Boxed)).collect(),
        }
    }

    /// The block to branch to for block `target`: itself when the current representations are
    /// those it starts with, else a new block converting them (emitted by `flush_edges`).
    fn edge(&mut self, target: u32) -> Block {
        let same = match self.entry.get(&target) {
            Some(state) => *state == self.rep,
            None => self.rep.values().all(|&r| r == Rep::Boxed),
        };
        if same {
            return self.blocks[&target];
        }
        let block = self.b.create_block();
        self.pending.push((block, target, self.rep.clone()));
        block
    }

    /// Emit the conversions of the edges `edge` made (after the branch that ends the block).
    fn flush_edges(&mut self) {
        let saved = self.rep.clone();
        for (block, target, state) in std::mem::take(&mut self.pending) {
            self.b.switch_to_block(block);
            self.rep = state;
            self.convert_to(target);
            let t = self.blocks[&target];
            self.b.ins().jump(t, &[]);
        }
        self.rep = saved;
    }

    /// Jump to block `target` (ends the block).
    fn jump(&mut self, target: u32) {
        let block = self.edge(target);
        self.b.ins().jump(block, &[]);
        self.flush_edges();
    }

    /// Branch to block `then` if `cond`, else to block `otherwise` (ends the block).
    fn brif(&mut self, cond: Ssa, then: u32, otherwise: u32) {
        let t = self.edge(then);
        let e = self.edge(otherwise);
        self.b.ins().brif(cond, t, &[], e, &[]);
        self.flush_edges();
    }

    /// Convert the current representations to those block `pc` starts with. Where control flow
    /// merges the analysis only widens (Int to Float, anything to Boxed); unboxing conversions
    /// happen at entries (the frame is boxed) and are guarded: a value of another type exits to
    /// the interpreter at `pc`.
    fn convert_to(&mut self, pc: u32) {
        for (k, want) in self.entry_state(pc) {
            if self.rep[&k] == want {
                continue;
            }
            match want {
                Rep::Boxed => self.make_boxed(k),
                Rep::Int => {
                    let i = self.int_of(Opnd::Reg(k), pc);
                    self.set_unboxed(k, Rep::Int, i);
                }
                Rep::Float => {
                    let f = self.float_of(Opnd::Reg(k), pc);
                    self.set_unboxed(k, Rep::Float, f);
                }
                Rep::Bool => {
                    let c = if self.rep[&k] == Rep::Boxed {
                        let v = self.boxed(k);
                        let t = self.constant(Value::TRUE);
                        let f = self.constant(Value::FALSE);
                        let is_true = self.b.ins().icmp(IntCC::Equal, v, t);
                        let is_false = self.b.ins().icmp(IntCC::Equal, v, f);
                        let ok = self.b.ins().bor(is_true, is_false);
                        self.guard(ok, pc, Reason::NotBoolean);
                        is_true
                    } else {
                        self.deopt_now(pc, Reason::NotBoolean);
                        self.b.ins().iconst(I8, 0)
                    };
                    self.set_unboxed(k, Rep::Bool, c);
                }
            }
        }
    }

    /// Exit at `pc` unconditionally; lowering goes on in an unreachable block.
    fn deopt_now(&mut self, pc: u32, reason: Reason) {
        self.exit(pc, reason);
        let dead = self.b.create_block();
        self.b.switch_to_block(dead);
    }

    /// Operand `o` as an int32, exiting at `pc` (`NotInt32`) if it is not one.
    fn int_of(&mut self, o: Opnd, pc: u32) -> Ssa {
        let k = match o {
            Opnd::Smi(i) => return self.b.ins().iconst(I32, i as i64),
            Opnd::Reg(k) => k,
        };
        let v = self.vars[&k];
        match self.rep[&k] {
            Rep::Int => self.b.use_var(v.int),
            Rep::Float => {
                let f = self.b.use_var(v.float);
                let i = self.b.ins().fcvt_to_sint_sat(I32, f);
                let back = self.b.ins().fcvt_from_sint(F64, i);
                let exact = self.b.ins().fcmp(FloatCC::Equal, back, f);
                let raw = self.b.ins().bitcast(I64, MemFlagsData::new(), f);
                let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, raw, 0);
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, i, 0);
                let minus_zero = self.b.ins().band(negative, zero);
                let not_minus_zero = self.b.ins().bxor_imm_s(minus_zero, 1);
                let ok = self.b.ins().band(exact, not_minus_zero);
                self.guard(ok, pc, Reason::NotInt32);
                i
            }
            Rep::Bool => {
                self.deopt_now(pc, Reason::NotInt32);
                self.b.ins().iconst(I32, 0)
            }
            Rep::Boxed => {
                let x = self.b.use_var(v.boxed);
                let ok = self.is_int(x);
                self.guard(ok, pc, Reason::NotInt32);
                self.b.ins().ireduce(I32, x)
            }
        }
    }

    /// Operand `o` as an f64, exiting at `pc` (`NotNumber`) if it is not a Number.
    fn float_of(&mut self, o: Opnd, pc: u32) -> Ssa {
        match o {
            Opnd::Smi(i) => self.b.ins().f64const(i as f64),
            Opnd::Reg(k) => self.f64_of(k, NotNumber::Exit(pc)),
        }
    }

    /// Register (or `ACC`) `k` as an f64; if it is not a Number, control goes where `other`
    /// says (the code after that point then runs only for Numbers).
    fn f64_of(&mut self, k: u32, other: NotNumber) -> Ssa {
        let v = self.vars[&k];
        match self.rep[&k] {
            Rep::Float => self.b.use_var(v.float),
            Rep::Int => {
                let i = self.b.use_var(v.int);
                self.b.ins().fcvt_from_sint(F64, i)
            }
            Rep::Bool => {
                match other {
                    NotNumber::Exit(pc) => self.deopt_now(pc, Reason::NotNumber),
                    NotNumber::Jump(block) => {
                        self.b.ins().jump(block, &[]);
                        let dead = self.b.create_block();
                        self.b.switch_to_block(dead);
                    }
                }
                self.b.ins().f64const(0.0)
            }
            Rep::Boxed => {
                let x = self.b.use_var(v.boxed);
                let ok = self.is_number(x);
                match other {
                    NotNumber::Exit(pc) => self.guard(ok, pc, Reason::NotNumber),
                    NotNumber::Jump(block) => {
                        self.continue_if(ok, block);
                    }
                }
                self.number_as_f64(x)
            }
        }
    }

    /// ECMA-262 7.1.6 ToInt32 of a Number operand (anything else deopts at `pc`). A double is
    /// truncated to 64 bits, whose low 32 are the result (modulo 2^32); NaN truncates to 0 as
    /// ToInt32 wants, and a magnitude past 2^63 (saturated) or an infinity deopts.
    fn int32_of(&mut self, o: Opnd, pc: u32) -> Ssa {
        let mut done = None;
        if let Opnd::Reg(k) = o {
            match self.rep[&k] {
                Rep::Int => return self.b.use_var(self.vars[&k].int),
                Rep::Boxed => {
                    // An int32 value as it is; a double below.
                    let x = self.b.use_var(self.vars[&k].boxed);
                    let join = self.b.create_block();
                    self.b.append_block_param(join, I32);
                    let double = self.b.create_block();
                    let int = self.is_int(x);
                    let low = self.b.ins().ireduce(I32, x);
                    self.b.ins().brif(int, join, &[low.into()], double, &[]);
                    self.b.switch_to_block(double);
                    done = Some(join);
                }
                _ => {}
            }
        }
        let f = self.float_of(o, pc);
        let wide = self.b.ins().fcvt_to_sint_sat(I64, f);
        let low = self.b.ins().icmp_imm_s(IntCC::NotEqual, wide, i64::MIN);
        let high = self.b.ins().icmp_imm_s(IntCC::NotEqual, wide, i64::MAX);
        let ok = self.b.ins().band(low, high);
        self.guard(ok, pc, Reason::NotNumber);
        let r = self.b.ins().ireduce(I32, wide);
        match done {
            Some(join) => {
                self.b.ins().jump(join, &[r.into()]);
                self.b.switch_to_block(join);
                self.b.block_params(join)[0]
            }
            None => r,
        }
    }

    /// How the feedback lets binary instruction `ins` run unboxed, if it does.
    fn typed(&self, ins: &Instruction) -> Option<Typed> {
        use Opcode::*;
        let base = match ins.opcode {
            Inc => Add,
            Dec => Sub,
            op => op.smi_base().unwrap_or(op),
        };
        let fb = ins.operands[ins.opcode.operands().len() - 1] as u32;
        let Slot::Types(t) = self.template.feedback.get(fb) else {
            return None;
        };
        let int = t == types::INT32;
        let number = t != 0 && t & !(types::INT32 | types::NUMBER | types::OVERFLOW) == 0;
        // int32 operands that gave doubles (and never double operands): `binary`'s inline int32
        // case with the double on the side beats both deopting and all-double arithmetic.
        let overflowed = t & types::OVERFLOW != 0 && t & types::NUMBER == 0;
        match base {
            Add | Sub | Mul if int => Some(Typed::Int),
            Add | Sub | Mul if number && !overflowed => Some(Typed::Float),
            Div if number => Some(Typed::Float),
            BitAnd | BitOr | BitXor | Shl | Shr | UShr | Mod if int => Some(Typed::Int),
            BitAnd | BitOr | BitXor | Shl | Shr if number => Some(Typed::Bitwise),
            Lt | Gt | LtEq | GtEq | StrictEq | StrictNotEq if int => Some(Typed::CompareInt),
            Lt | Gt | LtEq | GtEq | StrictEq | StrictNotEq if number => Some(Typed::CompareFloat),
            _ => None,
        }
    }

    /// The value of the initialized global `const` that `LdaGlobal` `ins` reads, if it does
    /// (`Runtime::global_consts`).
    fn global_const(&self, ins: &Instruction) -> Option<Value> {
        match self.template.feedback.get(ins.uimm(1)) {
            Slot::GlobalLexical(i) => self
                .runtime
                .global_consts
                .get(&i)
                .map(|&bits| Value::from_bits(bits)),
            _ => None,
        }
    }

    /// The representation a constant `v` takes in the accumulator.
    fn value_rep(v: Value) -> Rep {
        if v.as_int().is_some() {
            Rep::Int
        } else if v.is_number() {
            Rep::Float
        } else {
            Rep::Boxed
        }
    }

    /// The representation `LdaConstant` of constant `i` leaves in the accumulator.
    fn constant_rep(&self, i: u32) -> Rep {
        match &self.template.constants[i as usize] {
            Constant::Number(n) if Value::number(*n).as_int().is_some() => Rep::Int,
            Constant::Number(_) => Rep::Float,
            _ => Rep::Boxed,
        }
    }

    /// What `ins` does to the representations — exactly what `instruction` does (checked in
    /// debug builds). Everything that is not a register move, a constant, a typed operation or a
    /// branch is generic: it leaves the accumulator and its output registers boxed (all
    /// registers, for an opcode whose stub may write any).
    fn transfer(&self, ins: &Instruction, s: &mut State) {
        use Opcode::*;
        match ins.opcode {
            Ldar => {
                let r = s[&ins.reg(0)];
                s.insert(ACC, r);
            }
            Star => {
                let r = s[&ACC];
                s.insert(ins.reg(0), r);
            }
            Mov => {
                let r = s[&ins.reg(0)];
                s.insert(ins.reg(1), r);
            }
            LdaSmi => {
                s.insert(ACC, Rep::Int);
            }
            LdaConstant => {
                s.insert(ACC, self.constant_rep(ins.uimm(0)));
            }
            LdaGlobal if self.global_const(ins).is_some() => {
                let v = self.global_const(ins).expect("checked");
                s.insert(ACC, Self::value_rep(v));
            }
            LdaUndefined | LdaNull | LdaTrue | LdaFalse | LdaHole => {
                s.insert(ACC, Rep::Boxed);
            }
            Jump | JumpLoop | JumpIfTrue | JumpIfFalse | JumpIfUndefined | JumpIfNotUndefined
            | JumpIfNullish | JumpIfNotNullish | Return | ThrowIfHole => {}
            op if is_binary(op) && self.typed(ins).is_some() => {
                let rep = match self.typed(ins) {
                    Some(Typed::Int | Typed::Bitwise) => Rep::Int,
                    Some(Typed::Float) => Rep::Float,
                    _ => Rep::Bool,
                };
                s.insert(ACC, rep);
            }
            op => {
                s.insert(ACC, Rep::Boxed);
                let kinds = op.operands();
                for (i, k) in kinds.iter().enumerate() {
                    if *k == crate::bytecode::Operand::RegOut {
                        s.insert(ins.reg(i), Rep::Boxed);
                    }
                }
                if !writes_only_declared(op) {
                    for r in s.values_mut() {
                        *r = Rep::Boxed;
                    }
                }
            }
        }
    }

    /// Before a generic instruction (see `transfer`): box what it may leave boxed, so that every
    /// path through it (a helper, a stub) agrees on the representations.
    fn box_for_generic(&mut self, ins: &Instruction) {
        self.make_boxed(ACC);
        let kinds = ins.opcode.operands();
        for (i, k) in kinds.iter().enumerate() {
            if *k == crate::bytecode::Operand::RegOut {
                self.make_boxed(ins.reg(i));
            }
        }
        if !writes_only_declared(ins.opcode) {
            let keys: Vec<u32> = self.vars.keys().copied().collect();
            for k in keys {
                self.make_boxed(k);
            }
        }
    }

    /// Block-entry representations: a forward dataflow over the blocks from pc 0 (entered with
    /// everything boxed), joining at merges (`Rep::join`) until nothing changes. Loop headers get
    /// what their back-edges bring; on-stack replacement enters them through a converting
    /// adapter instead of widening them.
    fn analyze(
        &self,
        instructions: &[Instruction],
        starts: &BTreeSet<u32>,
        boxed: &State,
    ) -> BTreeMap<u32, State> {
        fn merge(entry: &mut BTreeMap<u32, State>, work: &mut Vec<u32>, pc: u32, s: &State) {
            match entry.get_mut(&pc) {
                None => {
                    entry.insert(pc, s.clone());
                    work.push(pc);
                }
                Some(old) => {
                    let mut changed = false;
                    for (k, r) in old.iter_mut() {
                        let joined = r.join(s[k]);
                        if joined != *r {
                            *r = joined;
                            changed = true;
                        }
                    }
                    if changed {
                        work.push(pc);
                    }
                }
            }
        }
        let index: BTreeMap<u32, usize> = instructions
            .iter()
            .enumerate()
            .map(|(i, ins)| (ins.pc, i))
            .collect();
        let mut entry = BTreeMap::new();
        entry.insert(0, boxed.clone());
        let mut work = vec![0u32];
        while let Some(start) = work.pop() {
            let Some(&first) = index.get(&start) else {
                continue;
            };
            let mut s = entry[&start].clone();
            for ins in &instructions[first..] {
                if ins.pc != start && starts.contains(&ins.pc) {
                    merge(&mut entry, &mut work, ins.pc, &s);
                    break;
                }
                self.transfer(ins, &mut s);
                if ins.opcode == Opcode::Return {
                    break;
                }
                let kinds = ins.opcode.operands();
                if kinds.last() == Some(&crate::bytecode::Operand::Jump) {
                    let target = ins.operands[kinds.len() - 1] as u32;
                    merge(&mut entry, &mut work, target, &s);
                    if !matches!(ins.opcode, Opcode::Jump | Opcode::JumpLoop) {
                        merge(&mut entry, &mut work, ins.pc + ins.len, &s);
                    }
                    break;
                }
            }
        }
        entry
    }

    /// `a OP c` on two int32s, for the boxed (`binary`) and the unboxed (`typed_binary`) paths:
    /// an arithmetic result with the flag of an outcome that is not an int32 (overflow, -0, an
    /// unsigned result past 2^31 - 1, a remainder the inline form does not cover), or a
    /// comparison's flag.
    fn int_op(&mut self, op: Opcode, a: Ssa, c: Ssa) -> IntResult {
        use Opcode::*;
        let (r, bad) = match op {
            Add => {
                let (r, o) = self.b.ins().sadd_overflow(a, c);
                (r, Some(o))
            }
            Sub => {
                let (r, o) = self.b.ins().ssub_overflow(a, c);
                (r, Some(o))
            }
            Mul => {
                let (r, o) = self.b.ins().smul_overflow(a, c);
                // 0 with a negative operand is -0, a double.
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
                let or = self.b.ins().bor(a, c);
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, or, 0);
                let minus_zero = self.b.ins().band(zero, neg);
                (r, Some(self.b.ins().bor(o, minus_zero)))
            }
            BitAnd => (self.b.ins().band(a, c), None),
            BitOr => (self.b.ins().bor(a, c), None),
            BitXor => (self.b.ins().bxor(a, c), None),
            // ECMA-262 6.1.6.1.9-11: the count is taken modulo 32, as the instructions do.
            Shl => (self.b.ins().ishl(a, c), None),
            Shr => (self.b.ins().sshr(a, c), None),
            UShr => {
                // A result above 2^31 - 1 is not an int32.
                let r = self.b.ins().ushr(a, c);
                (
                    r,
                    Some(self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0)),
                )
            }
            Mod => {
                // ECMA-262 6.1.6.1.6 Number::remainder: the sign of the dividend, so a zero
                // remainder of a negative dividend is -0 (a double). Inline only for c > 0: no
                // division by zero, no INT_MIN % -1.
                let a_neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, a, 0);
                let (r, c_bad) = if self.const_i32(c).is_some_and(|k| k > 0) {
                    // A constant divisor: Cranelift turns the division into a multiplication.
                    (self.b.ins().srem(a, c), None)
                } else {
                    let c_bad = self.b.ins().icmp_imm_s(IntCC::SignedLessThanOrEqual, c, 0);
                    // A safe divisor for the (discarded) division when `c_bad`.
                    let one = self.b.ins().iconst(I32, 1);
                    let divisor = self.b.ins().select(c_bad, one, c);
                    (self.b.ins().srem(a, divisor), Some(c_bad))
                };
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
                let minus_zero = self.b.ins().band(a_neg, zero);
                let bad = match c_bad {
                    Some(c_bad) => self.b.ins().bor(minus_zero, c_bad),
                    None => minus_zero,
                };
                (r, Some(bad))
            }
            _ => {
                let cc = match op {
                    Lt => IntCC::SignedLessThan,
                    Gt => IntCC::SignedGreaterThan,
                    LtEq => IntCC::SignedLessThanOrEqual,
                    GtEq => IntCC::SignedGreaterThanOrEqual,
                    StrictEq => IntCC::Equal,
                    _ => IntCC::NotEqual,
                };
                return IntResult::Bool(self.b.ins().icmp(cc, a, c));
            }
        };
        IntResult::Int(r, bad)
    }

    /// A call of `callee` with `this` and the `count` arguments from register `first`, run inline
    /// if `callee` is built-in `f` (`Realm::inlinable`) and the arguments are its case: the
    /// accumulator gets the result (boxed) and control goes to `done`; otherwise to `call`.
    /// False if the site cannot be the built-in's case (nothing emitted, `call` unused).
    #[allow(clippy::too_many_arguments)]
    fn inlined(
        &mut self,
        what: Inlinable,
        f: u64,
        [callee, this]: [Ssa; 2],
        first: u32,
        count: u32,
        call: Block,
        done: Block,
    ) -> bool {
        let arity = match what {
            Inlinable::ArrayPush | Inlinable::MathSqrt | Inlinable::MathAbs => 1,
            Inlinable::MathMin | Inlinable::MathMax => 2,
        };
        // A boolean flag is no Number (nor worth boxing for a push).
        if count != arity || (first..first + count).any(|r| self.rep[&r] == Rep::Bool) {
            return false;
        }
        let is = self.b.ins().icmp_imm_s(IntCC::Equal, callee, f as i64);
        self.continue_if(is, call);
        let result = if what == Inlinable::ArrayPush {
            let value = self.reg(first);
            match self.runtime.layout {
                Some(layout) => self.push_in_place(this, value, layout, call),
                None => {
                    let push: extern "C" fn(*mut Exit, u64, u64) -> u64 = memory::array_push;
                    let r = self.helper(push as usize, &[this, value], I64);
                    let pushed = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, -1);
                    self.continue_if(pushed, call);
                    r
                }
            }
        } else {
            // ECMA-262 21.3.2: ToNumber of each argument — inline only for Numbers (anything
            // else may run JavaScript: the call).
            let mut xs = Vec::new();
            for r in first..first + count {
                let x = self.f64_of(r, NotNumber::Jump(call));
                xs.push(x);
            }
            let r = match what {
                Inlinable::MathSqrt => self.b.ins().sqrt(xs[0]),
                Inlinable::MathAbs => self.b.ins().fabs(xs[0]),
                // Cranelift's fmin/fmax: NaN if either is, and -0 < +0 — as 21.3.2.24-25.
                Inlinable::MathMin => self.b.ins().fmin(xs[0], xs[1]),
                _ => self.b.ins().fmax(xs[0], xs[1]),
            };
            self.box_number(r)
        };
        self.set_acc(result);
        self.b.ins().jump(done, &[]);
        true
    }

    /// Whether `ins` is an arithmetic or comparison operation in a loop that never ran before
    /// this compile (`unrun_loops`), and the template has not exited at too many of those. A
    /// never-run operation elsewhere — outside loops, or on a rarely taken path of a loop that
    /// ran — is compiled generically: it will not run often enough to repay a recompile.
    fn unreached(&self, ins: &Instruction) -> bool {
        self.runtime.unreached_exits
            && self.template.tier.unreached.get() < super::MAX_UNREACHED
            && self
                .unrun_loops
                .iter()
                .any(|&(header, end)| (header..=end).contains(&ins.pc))
            && unrun(self.template, ins)
    }

    /// The value of `v` if it is an `iconst` (an immediate operand).
    fn const_i32(&self, v: Ssa) -> Option<i32> {
        let dfg = &self.b.func.dfg;
        let inst = dfg.value_def(v).inst()?;
        match dfg.insts[inst] {
            InstructionData::UnaryImm {
                opcode: ir::Opcode::Iconst,
                imm,
            } => Some(imm.bits() as i32),
            _ => None,
        }
    }

    /// `x OP y` for the f64 arithmetic operators (`FloatOp::Arith`).
    fn float_arith(&mut self, op: Opcode, x: Ssa, y: Ssa) -> Ssa {
        match op {
            Opcode::Add => self.b.ins().fadd(x, y),
            Opcode::Sub => self.b.ins().fsub(x, y),
            Opcode::Mul => self.b.ins().fmul(x, y),
            _ => self.b.ins().fdiv(x, y),
        }
    }

    /// `acc = left OP right` unboxed (`typed`): operands are converted (guarded: another type
    /// exits to the interpreter at the instruction, which runs it again), an int32 result that
    /// overflows exits too (the site is then widened to Number and recompiled later).
    fn typed_binary(
        &mut self,
        ins: &Instruction,
        typed: Typed,
        op: Opcode,
        left: Opnd,
        right: Opnd,
    ) {
        let pc = ins.pc;
        match typed {
            Typed::Int | Typed::CompareInt => {
                let a = self.int_of(left, pc);
                let c = self.int_of(right, pc);
                match self.int_op(op, a, c) {
                    IntResult::Bool(r) => self.set_unboxed(ACC, Rep::Bool, r),
                    IntResult::Int(r, bad) => {
                        if let Some(bad) = bad {
                            let ok = self.b.ins().icmp_imm_s(IntCC::Equal, bad, 0);
                            self.guard(ok, pc, Reason::NotInt32);
                        }
                        self.set_unboxed(ACC, Rep::Int, r);
                    }
                }
            }
            Typed::Bitwise => {
                let a = self.int32_of(left, pc);
                let c = self.int32_of(right, pc);
                match self.int_op(op, a, c) {
                    IntResult::Int(r, None) => self.set_unboxed(ACC, Rep::Int, r),
                    _ => unreachable!("a bitwise operator always gives an int32"),
                }
            }
            Typed::CompareFloat if self.boxed_pair(left, right) => {
                // Two boxed Numbers: int32s compared as such (the common case of a loop bound
                // that once met a double), else as f64s.
                let (Opnd::Reg(l), Opnd::Reg(r)) = (left, right) else {
                    unreachable!("checked")
                };
                let (a, c) = (self.boxed(l), self.boxed(r));
                let (ints, doubles, done) = (
                    self.b.create_block(),
                    self.b.create_block(),
                    self.b.create_block(),
                );
                self.b.append_block_param(done, I8);
                let both = {
                    let x = self.is_int(a);
                    let y = self.is_int(c);
                    self.b.ins().band(x, y)
                };
                self.b.ins().brif(both, ints, &[], doubles, &[]);
                self.b.switch_to_block(ints);
                let (ia, ic) = (self.b.ins().ireduce(I32, a), self.b.ins().ireduce(I32, c));
                let r = match self.int_op(op, ia, ic) {
                    IntResult::Bool(r) => r,
                    IntResult::Int(..) => unreachable!("a comparison"),
                };
                self.b.ins().jump(done, &[r.into()]);
                self.b.switch_to_block(doubles);
                let x = self.float_of(left, pc);
                let y = self.float_of(right, pc);
                let Some(FloatOp::Compare(cc)) = FloatOp::of(op) else {
                    unreachable!("a comparison")
                };
                let r = self.b.ins().fcmp(cc, x, y);
                self.b.ins().jump(done, &[r.into()]);
                self.b.switch_to_block(done);
                let r = self.b.block_params(done)[0];
                self.set_unboxed(ACC, Rep::Bool, r);
            }
            Typed::Float | Typed::CompareFloat => {
                let x = self.float_of(left, pc);
                let y = self.float_of(right, pc);
                match FloatOp::of(op) {
                    Some(FloatOp::Compare(cc)) => {
                        let r = self.b.ins().fcmp(cc, x, y);
                        self.set_unboxed(ACC, Rep::Bool, r);
                    }
                    _ => {
                        let r = self.float_arith(op, x, y);
                        self.set_unboxed(ACC, Rep::Float, r);
                    }
                }
            }
        }
    }

    /// Whether both operands are registers held boxed.
    fn boxed_pair(&self, left: Opnd, right: Opnd) -> bool {
        matches!((left, right), (Opnd::Reg(l), Opnd::Reg(r))
            if self.rep[&l] == Rep::Boxed && self.rep[&r] == Rep::Boxed)
    }

    /// The block every stub that hands the frame to the interpreter jumps to: it returns
    /// `Reason::Handled` (nothing is written back over the interpreter's frame).
    fn handled_block(&mut self) -> Block {
        if let Some(handled) = self.handled {
            return handled;
        }
        let handled = self.b.create_block();
        self.b.set_cold_block(handled);
        self.handled = Some(handled);
        handled
    }

    /// Exit at `pc` with `reason` (ends the current block): a jump to the exit block for the
    /// registers `needed` at `pc`, which writes them back, stores the pc and returns the reason
    /// (see the module comment).
    fn exit(&mut self, pc: u32, reason: Reason) {
        let needed = self.needed[&pc].clone();
        // The shared block boxes what it stores: exits that write back the same registers in
        // the same representations share one (the boxing is emitted once per block, not per
        // exit; the unboxed values reach it as block parameters).
        let reps: Vec<(u32, Rep)> = self
            .written
            .iter()
            .copied()
            .filter(|&r| needed[r as usize / 64] & (1 << (r % 64)) != 0)
            .chain([ACC])
            .map(|k| (k, self.rep[&k]))
            .collect();
        let key = (needed, reps);
        let block = match self.exits.get(&key) {
            Some(&block) => block,
            None => {
                let block = self.b.create_block();
                self.b.set_cold_block(block);
                self.b.append_block_param(block, I32);
                self.b.append_block_param(block, I32);
                self.exits.insert(key, block);
                block
            }
        };
        let pc = self.b.ins().iconst(I32, pc as i64);
        let code = self.b.ins().iconst(I32, reason as i64);
        self.b.ins().jump(block, &[pc.into(), code.into()]);
    }

    /// Fill the shared blocks of `exit` and `handled_block` (after the last instruction).
    fn finish_exits(&mut self) {
        if let Some(handled) = self.handled {
            self.b.switch_to_block(handled);
            let code = self.b.ins().iconst(I32, Reason::Handled as i64);
            self.b.ins().return_(&[code]);
        }
        for ((needed, reps), block) in std::mem::take(&mut self.exits) {
            self.b.switch_to_block(block);
            // The representations every exit to this block had (`exit`).
            self.rep = self.vars.keys().map(|&k| (k, Rep::Boxed)).collect();
            self.rep.extend(reps);
            self.write_back(&needed);
            let params = self.b.block_params(block).to_vec();
            self.b
                .ins()
                .store(self.mem.exit, params[0], self.exit_ptr, PC_OFFSET);
            self.b.ins().return_(&[params[1]]);
        }
    }

    /// Continue only if `ok`; else control goes to `otherwise`.
    fn continue_if(&mut self, ok: Ssa, otherwise: Block) {
        let next = self.b.create_block();
        self.b.ins().brif(ok, next, &[], otherwise, &[]);
        self.b.switch_to_block(next);
    }

    /// Continue only if `ok`; else exit at `pc` with `reason` (a cold block).
    fn guard(&mut self, ok: Ssa, pc: u32, reason: Reason) {
        let cont = self.b.create_block();
        let fail = self.b.create_block();
        self.b.set_cold_block(fail);
        self.b.ins().brif(ok, cont, &[], fail, &[]);
        self.b.switch_to_block(fail);
        self.exit(pc, reason);
        self.b.switch_to_block(cont);
    }

    fn is_int(&mut self, x: Ssa) -> Ssa {
        let tag = self.b.ins().ushr_imm_u(x, bits::SHIFT as i64);
        self.b
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, bits::INT_TAG as i64)
    }

    /// A double or an int32.
    fn is_number(&mut self, x: Ssa) -> Ssa {
        let double = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThan, x, bits::FIRST_TAGGED as i64);
        let int = self.is_int(x);
        self.b.ins().bor(double, int)
    }

    /// The f64 of a Number (`is_number` holds).
    fn number_as_f64(&mut self, x: Ssa) -> Ssa {
        let int = self.is_int(x);
        let low = self.b.ins().ireduce(I32, x);
        let from_int = self.b.ins().fcvt_from_sint(F64, low);
        let as_double = self.b.ins().bitcast(F64, MemFlagsData::new(), x);
        self.b.ins().select(int, from_int, as_double)
    }

    /// `Value::number`: int32-valued doubles other than -0 as int32s, NaN canonical.
    fn box_number(&mut self, f: Ssa) -> Ssa {
        let i = self.b.ins().fcvt_to_sint_sat(I32, f);
        let back = self.b.ins().fcvt_from_sint(F64, i);
        let exact = self.b.ins().fcmp(FloatCC::Equal, back, f);
        let raw = self.b.ins().bitcast(I64, MemFlagsData::new(), f);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, raw, 0);
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, i, 0);
        let minus_zero = self.b.ins().band(negative, zero);
        let not_minus_zero = self.b.ins().bxor_imm_s(minus_zero, 1);
        let as_int = self.b.ins().band(exact, not_minus_zero);
        let boxed = self.box_int(i);
        let nan = self.b.ins().fcmp(FloatCC::Unordered, f, f);
        let canonical = self.b.ins().iconst(I64, bits::CANONICAL_NAN as i64);
        let double = self.b.ins().select(nan, canonical, raw);
        self.b.ins().select(as_int, boxed, double)
    }

    fn box_int(&mut self, i: Ssa) -> Ssa {
        let wide = self.b.ins().uextend(I64, i);
        self.b.ins().bor_imm_s(wide, bits::INT_BITS as i64)
    }

    fn box_bool(&mut self, c: Ssa) -> Ssa {
        let t = self.constant(Value::TRUE);
        let f = self.constant(Value::FALSE);
        self.b.ins().select(c, t, f)
    }

    /// `acc = left OP right` (see the module comment).
    fn binary(&mut self, ins: &Instruction, op: Opcode, left: Ssa, right: Ssa) {
        let feedback = self
            .template
            .feedback
            .get(ins.operands[ins.opcode.operands().len() - 1] as u32);
        let int_only = matches!(feedback, Slot::Types(t) if t == types::INT32);
        // Only Numbers seen: any other operand is a deopt (`Reason::NotNumber`), not a stub site.
        let numbers_only = matches!(feedback, Slot::Types(t)
            if t != 0 && t & !(types::INT32 | types::NUMBER) == 0);
        let inline_int = matches!(
            op,
            Opcode::Add
                | Opcode::Sub
                | Opcode::Mul
                | Opcode::BitAnd
                | Opcode::BitOr
                | Opcode::BitXor
                | Opcode::Mod
                | Opcode::Shl
                | Opcode::Shr
                | Opcode::UShr
                | Opcode::Lt
                | Opcode::Gt
                | Opcode::LtEq
                | Opcode::GtEq
                | Opcode::StrictEq
                | Opcode::StrictNotEq
        );
        let done = self.b.create_block();
        self.b.append_block_param(done, I64);
        let slow = self.b.create_block();
        if !matches!(feedback, Slot::Types(t) if t & types::NUMBER != 0) {
            self.b.set_cold_block(slow);
        }
        if inline_int {
            let li = self.is_int(left);
            let ri = self.is_int(right);
            let both = self.b.ins().band(li, ri);
            let fast = self.b.create_block();
            if int_only {
                self.guard(both, ins.pc, Reason::NotInt32);
                self.b.ins().jump(fast, &[]);
            } else {
                self.b.ins().brif(both, fast, &[], slow, &[]);
            }
            self.b.switch_to_block(fast);
            let a = self.b.ins().ireduce(I32, left);
            let c = self.b.ins().ireduce(I32, right);
            let (result, overflow) = match self.int_op(op, a, c) {
                IntResult::Int(r, bad) => (self.box_int(r), bad),
                IntResult::Bool(c) => (self.box_bool(c), None),
            };
            match overflow {
                // An int32 result out of range (or -0, or a remainder the inline form does not
                // cover) goes on as a double even where the feedback saw only int32 operands: a
                // deopt would only recompile with the same code.
                Some(o) => {
                    self.b.ins().brif(o, slow, &[], done, &[result.into()]);
                }
                None => {
                    self.b.ins().jump(done, &[result.into()]);
                }
            }
        } else {
            self.b.ins().jump(slow, &[]);
        }
        // Two Numbers, one a double (or an int32 result out of range): f64 inline for the common
        // operators, else the interpreter's operation (`numeric_helper`). Where the int32 guard
        // deopts, only an out-of-range result gets here: both operands are int32s.
        self.b.switch_to_block(slow);
        let known_ints = int_only && inline_int;
        if let Some(float) = FloatOp::of(op) {
            let (x, y) = if known_ints {
                let l = self.b.ins().ireduce(I32, left);
                let r = self.b.ins().ireduce(I32, right);
                let x = self.b.ins().fcvt_from_sint(F64, l);
                let y = self.b.ins().fcvt_from_sint(F64, r);
                (x, y)
            } else {
                let ln = self.is_number(left);
                let rn = self.is_number(right);
                let both = self.b.ins().band(ln, rn);
                let fast = self.b.create_block();
                let general = self.b.create_block();
                self.b.set_cold_block(general);
                self.b.ins().brif(both, fast, &[], general, &[]);
                // Not two Numbers: `numeric_helper` would decline too.
                self.b.switch_to_block(general);
                self.not_numbers(ins, numbers_only, done);
                self.b.switch_to_block(fast);
                let x = self.number_as_f64(left);
                let y = self.number_as_f64(right);
                (x, y)
            };
            let r = match float {
                FloatOp::Arith(op) => {
                    let r = self.float_arith(op, x, y);
                    self.box_number(r)
                }
                FloatOp::Compare(cc) => {
                    let c = self.b.ins().fcmp(cc, x, y);
                    self.box_bool(c)
                }
            };
            self.b.ins().jump(done, &[r.into()]);
        } else {
            if !known_ints {
                self.b.set_cold_block(slow);
            }
            let r = self.call_numeric(op, left, right);
            if known_ints {
                self.b.ins().jump(done, &[r.into()]);
            } else {
                let not_number = self.b.ins().icmp_imm_s(IntCC::Equal, r, -1);
                let general = self.b.create_block();
                self.b.set_cold_block(general);
                self.b
                    .ins()
                    .brif(not_number, general, &[], done, &[r.into()]);
                self.b.switch_to_block(general);
                self.not_numbers(ins, numbers_only, done);
            }
        }
        self.b.switch_to_block(done);
        let r = self.b.block_params(done)[0];
        self.set_acc(r);
    }

    /// An operand of binary `ins` is not a Number: a deopt where the feedback saw only Numbers,
    /// else the interpreter's operation in the stub, on to `done` with the result.
    fn not_numbers(&mut self, ins: &Instruction, numbers_only: bool, done: Block) {
        if numbers_only {
            self.exit(ins.pc, Reason::NotNumber);
        } else {
            self.stub(ins.pc);
            let r = self.get_acc();
            self.b.ins().jump(done, &[r.into()]);
        }
    }

    fn call_numeric(&mut self, op: Opcode, left: Ssa, right: Ssa) -> Ssa {
        let ptr = self.isa.pointer_type();
        let mut sig = Signature::new(self.isa.default_call_conv());
        sig.params.push(AbiParam::new(I32));
        sig.params.push(AbiParam::new(I64));
        sig.params.push(AbiParam::new(I64));
        sig.returns.push(AbiParam::new(I64));
        let sig = self.b.import_signature(sig);
        let f = numeric_helper as extern "C" fn(u32, u64, u64) -> u64;
        let callee = self.b.ins().iconst(ptr, f as usize as i64);
        let op = self.b.ins().iconst(I32, op as i64);
        let call = self.b.ins().call_indirect(sig, callee, &[op, left, right]);
        self.b.inst_results(call)[0]
    }

    /// The branch condition of `acc` (booleans and int32s inline; any other value takes the
    /// interpreter's `JumpIf*` in the stub, which does ToBoolean and branches).
    fn truth(&mut self, ins: &Instruction) -> Ssa {
        let acc = self.vars[&ACC];
        match self.rep[&ACC] {
            Rep::Bool => return self.b.use_var(acc.bool),
            Rep::Int => {
                let i = self.b.use_var(acc.int);
                return self.b.ins().icmp_imm_s(IntCC::NotEqual, i, 0);
            }
            Rep::Float => {
                // ECMA-262 7.1.2 ToBoolean: false for +0, -0 and NaN.
                let f = self.b.use_var(acc.float);
                let zero = self.b.ins().f64const(0.0);
                return self.b.ins().fcmp(FloatCC::OrderedNotEqual, f, zero);
            }
            Rep::Boxed => {}
        }
        let v = self.get_acc();
        let t = self.constant(Value::TRUE);
        let is_true = self.b.ins().icmp(IntCC::Equal, v, t);
        let f = self.constant(Value::FALSE);
        let is_false = self.b.ins().icmp(IntCC::Equal, v, f);
        let is_bool = self.b.ins().bor(is_true, is_false);
        let is_int = self.is_int(v);
        let ok = self.b.ins().bor(is_bool, is_int);
        let cont = self.b.create_block();
        let general = self.b.create_block();
        self.b.set_cold_block(general);
        self.b.ins().brif(ok, cont, &[], general, &[]);
        self.b.switch_to_block(general);
        self.stub_branch(ins);
        self.b.switch_to_block(cont);
        let low = self.b.ins().ireduce(I32, v);
        let nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, low, 0);
        self.b.ins().select(is_bool, is_true, nonzero)
    }

    fn branch(&mut self, cond: Ssa, ins: &Instruction) {
        self.brif(cond, ins.operands[0] as u32, ins.pc + ins.len);
    }

    /// Lower one instruction; true if it ends the block.
    fn instruction(&mut self, ins: &Instruction) -> bool {
        use Opcode::*;
        let op = ins.opcode;
        let typed = if is_binary(op) { self.typed(ins) } else { None };
        let generic = !matches!(
            op,
            LdaUndefined
                | LdaNull
                | LdaTrue
                | LdaFalse
                | LdaHole
                | LdaSmi
                | LdaConstant
                | Ldar
                | Star
                | Mov
                | Jump
                | JumpLoop
                | JumpIfTrue
                | JumpIfFalse
                | JumpIfUndefined
                | JumpIfNotUndefined
                | JumpIfNullish
                | JumpIfNotNullish
                | Return
                | ThrowIfHole
        ) && typed.is_none();
        if generic {
            self.box_for_generic(ins);
        }
        if self.unreached(ins) {
            // Never run when compiled: leave it to the interpreter, which learns its types; the
            // recompiled code has them (`Reason::Unreached`).
            self.deopt_now(ins.pc, Reason::Unreached);
            let undefined = self.constant(Value::UNDEFINED);
            self.set_acc(undefined);
            return false;
        }
        if let Some(typed) = typed {
            let (base, left, right) = match op {
                Inc => (Add, Opnd::Reg(ACC), Opnd::Smi(1)),
                Dec => (Sub, Opnd::Reg(ACC), Opnd::Smi(1)),
                _ => match op.smi_base() {
                    Some(base) => (base, Opnd::Reg(ACC), Opnd::Smi(ins.operands[0] as i32)),
                    None => (op, Opnd::Reg(ins.reg(0)), Opnd::Reg(ACC)),
                },
            };
            self.typed_binary(ins, typed, base, left, right);
            return false;
        }
        match op {
            LdaUndefined => {
                let c = self.constant(Value::UNDEFINED);
                self.set_acc(c)
            }
            LdaNull => {
                let c = self.constant(Value::NULL);
                self.set_acc(c)
            }
            LdaTrue => {
                let c = self.constant(Value::TRUE);
                self.set_acc(c)
            }
            LdaFalse => {
                let c = self.constant(Value::FALSE);
                self.set_acc(c)
            }
            LdaHole => {
                let c = self.constant(Value::HOLE);
                self.set_acc(c)
            }
            LdaSmi => {
                let c = self.b.ins().iconst(I32, ins.operands[0] as i32 as i64);
                self.set_unboxed(ACC, Rep::Int, c)
            }
            LdaGlobal if self.global_const(ins).is_some() => {
                // An initialized `const` never changes: its value, as `transfer` says.
                let v = self.global_const(ins).expect("checked");
                match Self::value_rep(v) {
                    Rep::Int => {
                        let c = self
                            .b
                            .ins()
                            .iconst(I32, v.as_int().expect("an int32") as i64);
                        self.set_unboxed(ACC, Rep::Int, c);
                    }
                    Rep::Float => {
                        let c = self.b.ins().f64const(v.as_number().expect("a number"));
                        self.set_unboxed(ACC, Rep::Float, c);
                    }
                    _ => {
                        let c = self.constant(v);
                        self.set_acc(c);
                    }
                }
            }
            LdaConstant => {
                let v = match &self.template.constants[ins.uimm(0) as usize] {
                    Constant::Number(n) => {
                        let n = *n;
                        match self.constant_rep(ins.uimm(0)) {
                            Rep::Int => {
                                let i = Value::number(n).as_int().expect("an int32");
                                let c = self.b.ins().iconst(I32, i as i64);
                                self.set_unboxed(ACC, Rep::Int, c);
                            }
                            _ => {
                                let c = self.b.ins().f64const(n);
                                self.set_unboxed(ACC, Rep::Float, c);
                            }
                        }
                        return false;
                    }
                    Constant::String(s) => Value::string(*s),
                    // A BigInt is allocated at each load.
                    _ => {
                        self.stub(ins.pc);
                        return false;
                    }
                };
                let c = self.constant(v);
                self.set_acc(c)
            }
            Ldar => self.copy(ins.reg(0), ACC),
            Star | Mov => {
                let (from, to) = match op {
                    Star => (ACC, ins.reg(0)),
                    _ => (ins.reg(0), ins.reg(1)),
                };
                self.copy(from, to);
                if self.rep[&to] == Rep::Float && self.pin_at.contains(&ins.pc) {
                    let x = self.b.use_var(self.vars[&to].float);
                    self.pin(x);
                }
            }
            Add | Sub | Mul | Div | Mod | BitAnd | BitOr | BitXor | Shl | Shr | UShr | StrictEq
            | StrictNotEq | Lt | Gt | LtEq | GtEq => {
                let left = self.reg(ins.reg(0));
                let right = self.get_acc();
                self.binary(ins, op, left, right)
            }
            AddSmi | SubSmi | MulSmi | DivSmi | ModSmi | BitAndSmi | BitOrSmi | BitXorSmi
            | ShlSmi | ShrSmi | UShrSmi | LtSmi | GtSmi | LtEqSmi | GtEqSmi => {
                let left = self.get_acc();
                let right = self.constant(Value::int(ins.operands[0] as i32));
                let base = op.smi_base().expect("a Smi opcode");
                self.binary(ins, base, left, right)
            }
            Inc | Dec => {
                let left = self.get_acc();
                let right = self.constant(Value::int(1));
                let base = if op == Inc { Add } else { Sub };
                self.binary(ins, base, left, right)
            }
            Jump => {
                self.jump(ins.operands[0] as u32);
                return true;
            }
            JumpLoop => {
                self.poll_back_edge(ins.pc);
                self.jump(ins.operands[0] as u32);
                return true;
            }
            JumpIfTrue | JumpIfFalse => {
                let t = self.truth(ins);
                let c = if op == JumpIfTrue {
                    t
                } else {
                    self.b.ins().icmp_imm_s(IntCC::Equal, t, 0)
                };
                self.branch(c, ins);
                return true;
            }
            JumpIfUndefined | JumpIfNotUndefined => {
                let v = self.get_acc();
                let u = self.constant(Value::UNDEFINED);
                let cc = if op == JumpIfUndefined {
                    IntCC::Equal
                } else {
                    IntCC::NotEqual
                };
                let c = self.b.ins().icmp(cc, v, u);
                self.branch(c, ins);
                return true;
            }
            JumpIfNullish | JumpIfNotNullish => {
                let v = self.get_acc();
                let u = self.constant(Value::UNDEFINED);
                let n = self.constant(Value::NULL);
                let is_u = self.b.ins().icmp(IntCC::Equal, v, u);
                let is_n = self.b.ins().icmp(IntCC::Equal, v, n);
                let nullish = self.b.ins().bor(is_u, is_n);
                let c = if op == JumpIfNullish {
                    nullish
                } else {
                    self.b.ins().icmp_imm_s(IntCC::Equal, nullish, 0)
                };
                self.branch(c, ins);
                return true;
            }
            Return => {
                self.exit(ins.pc, Reason::Return);
                return true;
            }
            ThrowIfHole if self.rep[&ACC] != Rep::Boxed => {
                // An unboxed value is never the hole.
            }
            ThrowIfHole => {
                // The hole only in the temporal dead zone: the stub throws the ReferenceError.
                let v = self.get_acc();
                let hole = self.constant(Value::HOLE);
                let is_hole = self.b.ins().icmp(IntCC::Equal, v, hole);
                let throw = self.b.create_block();
                self.b.set_cold_block(throw);
                let cont = self.b.create_block();
                self.b.ins().brif(is_hole, throw, &[], cont, &[]);
                self.b.switch_to_block(throw);
                self.stub(ins.pc);
                self.b.ins().jump(cont, &[]);
                self.b.switch_to_block(cont);
            }
            LdaGlobal | StaGlobal
                if matches!(
                    self.template.feedback.get(ins.uimm(1)),
                    Slot::GlobalLexical(_)
                ) =>
            {
                self.global_lexical(ins)
            }
            LdaGlobal => {
                if let Slot::GlobalProperty {
                    shape,
                    position,
                    lexicals,
                } = self.template.feedback.get(ins.uimm(1))
                {
                    if shape != crate::bytecode::feedback::NO_SHAPE {
                        // The property the feedback names, by shape and position: no feedback
                        // lookup at run time.
                        let (miss, done) = (self.b.create_block(), self.b.create_block());
                        self.b.set_cold_block(miss);
                        let ptr = self.isa.pointer_type();
                        // No global `let` added since (it would shadow the property).
                        let len = self.b.ins().load(
                            ptr,
                            self.mem.exit,
                            self.exit_ptr,
                            GLOBALS_LEN_OFFSET,
                        );
                        let same = self.b.ins().icmp_imm_s(IntCC::Equal, len, lexicals as i64);
                        self.continue_if(same, miss);
                        let r = if let Some(layout) = self.runtime.layout {
                            // In place: the global object's shape checked, its slot read.
                            // The realm's global object, whose entry is at a known index (the
                            // current realm checked: the object's bits are its index).
                            let global =
                                self.b
                                    .ins()
                                    .load(I64, self.mem.exit, self.exit_ptr, GLOBAL_OFFSET);
                            let expected = Value::object(self.runtime.global).to_bits() as i64;
                            let same = self.b.ins().icmp_imm_s(IntCC::Equal, global, expected);
                            self.continue_if(same, miss);
                            let entry = self.entry_of(self.runtime.global.0, layout);
                            let at =
                                self.entry_slot_address(entry, shape.0, position, layout, miss);
                            let flags = self.slot_flags(shape.0, position);
                            self.b.ins().load(I64, flags, at, 0)
                        } else {
                            let (s, p, l) =
                                (self.u32(shape.0), self.u32(position), self.u32(lexicals));
                            let f: extern "C" fn(*mut Exit, u32, u32, u32) -> u64 =
                                memory::global_slot;
                            let r = self.helper(f as usize, &[s, p, l], I64);
                            let declined = self.b.ins().icmp_imm_s(IntCC::Equal, r, -1);
                            let hit = self.b.create_block();
                            self.b.ins().brif(declined, miss, &[], hit, &[]);
                            self.b.switch_to_block(hit);
                            r
                        };
                        self.set_acc(r);
                        self.b.ins().jump(done, &[]);
                        self.b.switch_to_block(miss);
                        let (name, fb) = (self.u32(ins.uimm(0)), self.u32(ins.uimm(1)));
                        let f: extern "C" fn(*mut Exit, u32, u32) -> u64 = memory::load_global;
                        self.cached(ins, f as usize, &[name, fb], true);
                        self.b.ins().jump(done, &[]);
                        self.b.switch_to_block(done);
                        return false;
                    }
                }
                let (name, fb) = (self.u32(ins.uimm(0)), self.u32(ins.uimm(1)));
                let f: extern "C" fn(*mut Exit, u32, u32) -> u64 = memory::load_global;
                self.cached(ins, f as usize, &[name, fb], true);
            }
            StaGlobal => {
                let (name, fb) = (self.u32(ins.uimm(0)), self.u32(ins.uimm(1)));
                let v = self.get_acc();
                let f: extern "C" fn(*mut Exit, u32, u32, u64) -> u32 = memory::store_global;
                self.cached(ins, f as usize, &[name, fb, v], false);
            }
            GetNamed | SetNamed if self.own_in_place(op, ins.uimm(2)).is_some() => {
                let (e, layout) = self.own_in_place(op, ins.uimm(2)).expect("checked");
                self.named_in_place(ins, e, layout);
            }
            GetNamed | SetNamed if !self.site_entries(op, ins.uimm(2)).is_empty() => {
                // The site's entries at compile time, data properties (monomorphic, or a chain of
                // up to four shapes): each tried by shape and slot, in order — a load's entry on
                // the prototype also by the prototype and its shape.
                let entries = self.site_entries(op, ins.uimm(2));
                let done = self.b.create_block();
                for e in entries {
                    let object = self.reg(ins.reg(0));
                    let (shape, slot) = (self.u32(e.shape.0), self.u32(e.slot));
                    let hit = self.b.create_block();
                    let next = self.b.create_block();
                    let own = e.holder == crate::bytecode::feedback::NO_HOLDER;
                    if let (false, Some(layout), GetNamed) = (own, self.runtime.layout, op) {
                        // In place: the receiver's shape and prototype, the prototype's shape
                        // checked and its slot read.
                        let entry = self.object_entry(object, layout, next);
                        self.check_shape(entry, e.shape.0, layout, next);
                        self.check_proto(entry, Some(e.holder), layout, next);
                        let holder = self.entry_of(e.holder, layout);
                        let at =
                            self.entry_slot_address(holder, e.holder_shape.0, e.slot, layout, next);
                        let flags = self.slot_flags(e.holder_shape.0, e.slot);
                        let v = self.b.ins().load(I64, flags, at, 0);
                        self.set_acc(v);
                        self.b.ins().jump(done, &[]);
                        self.b.switch_to_block(next);
                        continue;
                    }
                    if let (true, Some(layout)) = (own, self.runtime.layout) {
                        // In place: the object's shape checked and its slot read or written.
                        let at = self.slot_address(object, e.shape.0, e.slot, layout, next);
                        if op == GetNamed {
                            let flags = self.slot_flags(e.shape.0, e.slot);
                            let v = self.b.ins().load(I64, flags, at, 0);
                            self.set_acc(v);
                        } else {
                            let v = self.get_acc();
                            let flags = self.slot_flags(e.shape.0, e.slot);
                            self.b.ins().store(flags, v, at, 0);
                        }
                        self.b.ins().jump(done, &[]);
                        self.b.switch_to_block(next);
                        continue;
                    }
                    if op == GetNamed {
                        let r = if own {
                            let f: extern "C" fn(*mut Exit, u64, u32, u32) -> u64 =
                                memory::own_slot;
                            self.helper(f as usize, &[object, shape, slot], I64)
                        } else {
                            let (holder, holder_shape) =
                                (self.u32(e.holder), self.u32(e.holder_shape.0));
                            let f: extern "C" fn(*mut Exit, u64, u32, u32, u32, u32) -> u64 =
                                memory::proto_slot;
                            let args = [object, shape, holder, holder_shape, slot];
                            self.helper(f as usize, &args, I64)
                        };
                        let declined = self.b.ins().icmp_imm_s(IntCC::Equal, r, -1);
                        self.b.ins().brif(declined, next, &[], hit, &[]);
                        self.b.switch_to_block(hit);
                        self.set_acc(r);
                    } else {
                        let v = self.get_acc();
                        let f: extern "C" fn(*mut Exit, u64, u32, u32, u64) -> u32 =
                            memory::set_own_slot;
                        let r = self.helper(f as usize, &[object, shape, slot, v], I32);
                        self.b.ins().brif(r, hit, &[], next, &[]);
                        self.b.switch_to_block(hit);
                    }
                    self.b.ins().jump(done, &[]);
                    self.b.switch_to_block(next);
                }
                // No entry matched. The first compile of a template deopts (the interpreter's
                // inline cache learns the shape; the recompile has it): code after the site is
                // then reached only through its entries, so Cranelift can reuse what they loaded
                // and checked. After any deopt the stub instead (its interpreter fast path tries
                // the site's cache again): a receiver the cache never learns — a primitive, a
                // shape past its entries — must not deopt the template out of the tier.
                self.b
                    .set_cold_block(self.b.current_block().expect("a block"));
                if self.template.tier.deopts.get() == 0 {
                    self.exit(ins.pc, Reason::ShapeMiss);
                } else {
                    self.stub(ins.pc);
                    self.b.ins().jump(done, &[]);
                }
                self.b.switch_to_block(done);
            }
            GetNamed
                if matches!(
                    &self.template.constants[ins.uimm(1) as usize],
                    Constant::String(s) if *s == self.runtime.length
                ) =>
            {
                // `x.length`: an array's own length first (arrays keep it outside their shape).
                let object = self.reg(ins.reg(0));
                if let Some(layout) = self.runtime.layout {
                    // In place: an array whose length is an int32.
                    let (hit, miss, done) = (
                        self.b.create_block(),
                        self.b.create_block(),
                        self.b.create_block(),
                    );
                    self.b.set_cold_block(miss);
                    let entry = self.object_entry(object, layout, miss);
                    let kind = self.field(I32, entry, layout.kind);
                    let is_array = self.b.ins().icmp_imm_s(
                        IntCC::Equal,
                        kind,
                        crate::runtime::object::ARRAY_TAG as i64,
                    );
                    self.continue_if(is_array, miss);
                    let length = self.field(I32, entry, layout.array_length);
                    let fits = self
                        .b
                        .ins()
                        .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, length, 0);
                    self.b.ins().brif(fits, hit, &[], miss, &[]);
                    self.b.switch_to_block(hit);
                    let v = self.box_int(length);
                    self.set_acc(v);
                    self.b.ins().jump(done, &[]);
                    self.b.switch_to_block(miss);
                    let (name, fb) = (self.u32(ins.uimm(1)), self.u32(ins.uimm(2)));
                    let f: extern "C" fn(*mut Exit, u64, u32, u32) -> u64 = memory::get_named;
                    self.cached(ins, f as usize, &[object, name, fb], true);
                    self.b.ins().jump(done, &[]);
                    self.b.switch_to_block(done);
                    return false;
                }
                let f: extern "C" fn(*mut Exit, u64) -> u64 = memory::array_length;
                let r = self.helper(f as usize, &[object], I64);
                let declined = self.b.ins().icmp_imm_s(IntCC::Equal, r, -1);
                let (hit, miss, done) = (
                    self.b.create_block(),
                    self.b.create_block(),
                    self.b.create_block(),
                );
                self.b.ins().brif(declined, miss, &[], hit, &[]);
                self.b.switch_to_block(hit);
                self.set_acc(r);
                self.b.ins().jump(done, &[]);
                self.b.switch_to_block(miss);
                let (name, fb) = (self.u32(ins.uimm(1)), self.u32(ins.uimm(2)));
                let f: extern "C" fn(*mut Exit, u64, u32, u32) -> u64 = memory::get_named;
                self.cached(ins, f as usize, &[object, name, fb], true);
                self.b.ins().jump(done, &[]);
                self.b.switch_to_block(done);
            }
            GetNamed => {
                let object = self.reg(ins.reg(0));
                let (name, fb) = (self.u32(ins.uimm(1)), self.u32(ins.uimm(2)));
                let f: extern "C" fn(*mut Exit, u64, u32, u32) -> u64 = memory::get_named;
                self.cached(ins, f as usize, &[object, name, fb], true);
            }
            SetNamed => {
                let object = self.reg(ins.reg(0));
                let fb = self.u32(ins.uimm(2));
                let v = self.get_acc();
                let f: extern "C" fn(*mut Exit, u64, u32, u64) -> u32 = memory::set_named;
                self.cached(ins, f as usize, &[object, fb, v], false);
            }
            GetKeyed | SetKeyed if self.runtime.layout.is_some() => {
                // The element in place; anything else (a hole, out of range, another kind of
                // object or key) the helper's fast case, then the stub.
                let layout = self.runtime.layout.expect("checked");
                let object = self.reg(ins.reg(0));
                let key = if op == GetKeyed {
                    self.get_acc()
                } else {
                    self.reg(ins.reg(1))
                };
                let (done, miss) = (self.b.create_block(), self.b.create_block());
                self.b.set_cold_block(miss);
                let (at, tag) = self.element_address(object, key, layout, miss);
                let hole = self.constant(Value::HOLE);
                if op == GetKeyed {
                    let old = self.b.ins().load(I64, self.mem.elements, at, 0);
                    let present = self.b.ins().icmp(IntCC::NotEqual, old, hole);
                    self.continue_if(present, miss);
                    self.set_acc(old);
                } else {
                    // Over a present element the store replaces a plain data property. Packed
                    // elements have no hole, so nothing is loaded (a load that misses the cache
                    // costs as much as the store); holey ones are loaded and checked. The hole
                    // itself — never a JavaScript value, but checked unless the value is
                    // unboxed — goes to the slow path, which makes the elements holey.
                    use crate::runtime::object::PACKED_TAG;
                    let unboxed = self.rep[&ACC] != Rep::Boxed;
                    let v = self.get_acc();
                    let (store, holey) = (self.b.create_block(), self.b.create_block());
                    let packed = self
                        .b
                        .ins()
                        .icmp_imm_s(IntCC::Equal, tag, PACKED_TAG as i64);
                    let not_hole = (!unboxed).then(|| self.b.ins().icmp(IntCC::NotEqual, v, hole));
                    let fast = match not_hole {
                        Some(not_hole) => self.b.ins().band(packed, not_hole),
                        None => packed,
                    };
                    self.b.ins().brif(fast, store, &[], holey, &[]);
                    self.b.switch_to_block(holey);
                    let old = self.b.ins().load(I64, self.mem.elements, at, 0);
                    let mut ok = self.b.ins().icmp(IntCC::NotEqual, old, hole);
                    if not_hole.is_some() {
                        // Not the hole stored over packed elements.
                        let holey_tag = self.b.ins().bxor_imm_u(packed, 1);
                        ok = self.b.ins().band(ok, holey_tag);
                    }
                    self.b.ins().brif(ok, store, &[], miss, &[]);
                    self.b.switch_to_block(store);
                    self.b.ins().store(self.mem.elements, v, at, 0);
                }
                self.b.ins().jump(done, &[]);
                self.b.switch_to_block(miss);
                if op == GetKeyed {
                    let f: extern "C" fn(*mut Exit, u64, u64) -> u64 = memory::get_keyed;
                    self.cached(ins, f as usize, &[object, key], true);
                } else {
                    let v = self.get_acc();
                    let f: extern "C" fn(*mut Exit, u64, u64, u64) -> u32 = memory::set_keyed;
                    self.cached(ins, f as usize, &[object, key, v], false);
                }
                self.b.ins().jump(done, &[]);
                self.b.switch_to_block(done);
            }
            GetKeyed => {
                let object = self.reg(ins.reg(0));
                let key = self.get_acc();
                let f: extern "C" fn(*mut Exit, u64, u64) -> u64 = memory::get_keyed;
                self.cached(ins, f as usize, &[object, key], true);
            }
            SetKeyed => {
                let object = self.reg(ins.reg(0));
                let key = self.reg(ins.reg(1));
                let v = self.get_acc();
                let f: extern "C" fn(*mut Exit, u64, u64, u64) -> u32 = memory::set_keyed;
                self.cached(ins, f as usize, &[object, key, v], false);
            }
            LdaContextSlot => {
                let (depth, slot) = (self.u32(ins.uimm(0)), self.u32(ins.uimm(1)));
                let f: extern "C" fn(*mut Exit, u32, u32) -> u64 = memory::load_context;
                self.cached(ins, f as usize, &[depth, slot], true);
            }
            StaContextSlot => {
                let (depth, slot) = (self.u32(ins.uimm(0)), self.u32(ins.uimm(1)));
                let v = self.get_acc();
                let f: extern "C" fn(*mut Exit, u32, u32, u64) -> u32 = memory::store_context;
                self.cached(ins, f as usize, &[depth, slot, v], false);
            }
            Call | CallUndefined => {
                // `memory::direct_call`: a compiled callee runs without the stub's dispatch.
                let callee = self.reg(ins.reg(0));
                let (this, args) = if op == Call {
                    (self.reg(ins.reg(1)), 2)
                } else {
                    (self.constant(Value::UNDEFINED), 1)
                };
                let (first, count) = (ins.reg(args), ins.uimm(args + 1));
                let done = self.b.create_block();
                if let Some(&(f, what)) = self.inline_calls.get(&ins.pc) {
                    // Not that built-in (or not its case): the call goes on below.
                    let call = self.b.create_block();
                    if self.inlined(what, f, [callee, this], first, count, call, done) {
                        self.b.switch_to_block(call);
                    }
                }
                let next_pc = ins.pc + ins.len;
                // The constants are made in the block that uses them (made once before the
                // branches, they would be spilled across the call in place).
                let operands = |l: &mut Self| {
                    let this = if op == Call {
                        this
                    } else {
                        l.constant(Value::UNDEFINED)
                    };
                    (l.u32(next_pc), l.u32(first), l.u32(count), this)
                };
                let f: memory::DirectCall = memory::direct_call;
                let direct_call = f as usize;
                // The accumulator only for the runtime (a call in place replaces it unread).
                let needed = self.needed[&ins.pc].clone();
                let quick = self.runtime.quick.get(&ins.pc).cloned();
                if quick.is_none() {
                    self.write_back_registers(&needed);
                }
                let status = match self.runtime.known_calls.get(&ins.pc).copied() {
                    Some(KnownCall {
                        callee: bits,
                        known,
                        inline,
                    }) => {
                        // The function seen when compiling: its frame pushed, its code called
                        // from here (no dispatch, no `Vm::run_code`), its frame popped.
                        let (enter, go, other) = (
                            self.b.create_block(),
                            self.b.create_block(),
                            self.b.create_block(),
                        );
                        let join = self.b.create_block();
                        self.b.append_block_param(join, I32);
                        let is = self.b.ins().icmp_imm_s(IntCC::Equal, callee, bits as i64);
                        // The callee's quick path first (the registers are written back only
                        // when it gives up).
                        let try_quick = quick.as_ref().map(|_| self.b.create_block());
                        let quick_call = |l: &mut Self, call: Block| {
                            let (Some(t), Some(try_quick)) = (&quick, try_quick) else {
                                return;
                            };
                            // The representations as they are at the call for the other paths
                            // (the quick path leaves the accumulator boxed, as they all do).
                            let rep = l.rep.clone();
                            l.b.switch_to_block(try_quick);
                            let args: Vec<Ssa> = (0..count.min(t.param_count))
                                .map(|i| l.reg(first + i))
                                .collect();
                            l.quick_path(t, &args, call, done);
                            l.rep = rep;
                        };
                        match (inline, self.runtime.calls) {
                            (Some(call), Some(layout)) => {
                                let in_place = self.b.create_block();
                                let target = try_quick.unwrap_or(in_place);
                                self.b.ins().brif(is, target, &[], other, &[]);
                                quick_call(self, in_place);
                                self.b.switch_to_block(in_place);
                                if quick.is_some() {
                                    self.write_back_registers(&needed);
                                }
                                let site = CallSite {
                                    this,
                                    first,
                                    count,
                                    next: next_pc,
                                };
                                self.call_in_place(call, layout, site, done, join, enter);
                            }
                            _ => {
                                let target = try_quick.unwrap_or(enter);
                                self.b.ins().brif(is, target, &[], other, &[]);
                                quick_call(self, enter);
                            }
                        }
                        self.b.switch_to_block(enter);
                        if quick.is_some() {
                            self.write_back_registers(&needed);
                        }
                        let ptr = self.isa.pointer_type();
                        let known = self.b.ins().iconst(ptr, known as i64);
                        self.store_acc();
                        let (next, first, count, this) = operands(self);
                        let f: memory::EnterKnown = memory::enter_known;
                        let code = self.helper(f as usize, &[known, next, this, first, count], ptr);
                        self.b.ins().brif(code, go, &[], other, &[]);
                        self.b.switch_to_block(go);
                        let sig = self.b.import_signature(signature(self.isa));
                        let zero = self.u32(0);
                        let call = self
                            .b
                            .ins()
                            .call_indirect(sig, code, &[self.exit_ptr, zero]);
                        let reason = self.b.inst_results(call)[0];
                        let f: memory::LeaveKnown = memory::leave_known;
                        let status = self.helper(f as usize, &[reason, next], I32);
                        self.b.ins().jump(join, &[status.into()]);
                        self.b.switch_to_block(other);
                        if quick.is_some() {
                            self.write_back_registers(&needed);
                        }
                        self.store_acc();
                        let (next, first, count, this) = operands(self);
                        let direct = [next, callee, this, first, count];
                        let status = self.stub_call(ins.pc, direct_call, &direct);
                        self.b.ins().jump(join, &[status.into()]);
                        self.b.switch_to_block(join);
                        let status = self.b.block_params(join)[0];
                        self.stub_done(ins.pc, status);
                        self.b.ins().jump(done, &[]);
                        self.b.switch_to_block(done);
                        return false;
                    }
                    None => {
                        self.store_acc();
                        let (next, first, count, this) = operands(self);
                        let direct = [next, callee, this, first, count];
                        self.stub_call(ins.pc, direct_call, &direct)
                    }
                };
                self.stub_done(ins.pc, status);
                self.b.ins().jump(done, &[]);
                self.b.switch_to_block(done);
            }
            _ if support(op) == Support::Stub => {
                debug_assert!(always_stub(op), "{op:?} is lowered with a fast case");
                let jumps = op.operands().last() == Some(&crate::bytecode::Operand::Jump);
                if jumps {
                    self.stub_branch(ins);
                    return true;
                }
                self.stub(ins.pc);
            }
            _ => unreachable!("`instructions` admits no never-compiled opcode"),
        }
        false
    }
}

/// The int32 operations a quick path (`Lower::quick_path`) computes: those of `Lower::int_op`
/// (the binary operators but division, whose int32 case is not inline).
fn quick_int(op: Opcode) -> bool {
    use Opcode::*;
    let base = match op {
        Inc => Add,
        Dec => Sub,
        op => op.smi_base().unwrap_or(op),
    };
    base != Div && is_binary(base)
}

/// Whether `code` (loop-free) has a quick path (`Lower::quick_path`) from its start to a
/// `Return`: only moves, constants, int32 operations and jumps on the way.
pub fn has_quick_path(code: &[Instruction]) -> bool {
    use Opcode::*;
    let at: BTreeMap<u32, &Instruction> = code.iter().map(|i| (i.pc, i)).collect();
    let mut seen = BTreeSet::new();
    let mut work = vec![0u32];
    while let Some(pc) = work.pop() {
        if !seen.insert(pc) {
            continue;
        }
        let Some(ins) = at.get(&pc) else { continue };
        let next = ins.pc + ins.len;
        match ins.opcode {
            Return => return true,
            Jump => work.push(ins.operands[0] as u32),
            JumpIfTrue | JumpIfFalse => {
                work.push(ins.operands[ins.opcode.operands().len() - 1] as u32);
                work.push(next);
            }
            Ldar | Star | Mov | LdaSmi | LdaUndefined | LdaNull | LdaTrue | LdaFalse => {
                work.push(next)
            }
            op if quick_int(op) => work.push(next),
            _ => {}
        }
    }
    false
}

/// The arithmetic, bitwise and comparison opcodes (`Lower::binary`, `Lower::typed`).
fn is_binary(op: Opcode) -> bool {
    use Opcode::*;
    matches!(
        op,
        Add | Sub
            | Mul
            | Div
            | Mod
            | BitAnd
            | BitOr
            | BitXor
            | Shl
            | Shr
            | UShr
            | StrictEq
            | StrictNotEq
            | Lt
            | Gt
            | LtEq
            | GtEq
            | AddSmi
            | SubSmi
            | MulSmi
            | DivSmi
            | ModSmi
            | BitAndSmi
            | BitOrSmi
            | BitXorSmi
            | ShlSmi
            | ShrSmi
            | UShrSmi
            | LtSmi
            | GtSmi
            | LtEqSmi
            | GtEqSmi
            | Inc
            | Dec
    )
}

/// A fresh function named after the template's index in the JIT.
pub fn function(index: u32, isa: &dyn cranelift_codegen::isa::TargetIsa) -> Function {
    Function::with_name_signature(UserFuncName::user(0, index), signature(isa))
}

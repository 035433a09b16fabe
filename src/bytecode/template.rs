//! Function templates (V8's "shared function info"): a function's bytecode and everything needed to
//! run, inspect or compile it, shared by every closure created from it.

use super::opcodes::{Opcode, Operand};
use crate::runtime::heap::Marker;
use crate::runtime::value::StringRef;
use crate::syntax::Span;
use std::cell::Cell;
use std::rc::Rc;

/// A source file as the engine keeps it: name and text (for positions, stack traces and
/// `Function.prototype.toString`).
pub struct Source {
    pub name: String,
    pub text: String,
    /// Where each line starts, and whether the text is ASCII (then a byte's column is its UTF-16
    /// column): found at the first position asked for, so that a stack trace costs a binary
    /// search per frame, not a pass over the text.
    lines: std::cell::OnceCell<(Vec<u32>, bool)>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
            lines: std::cell::OnceCell::new(),
        }
    }

    /// Line (1-based) and UTF-16 column (0-based) of byte `offset` (at most the text's end).
    pub fn position(&self, offset: u32) -> crate::syntax::source::Position {
        use crate::syntax::source::{line_starts, position_in};
        let offset = offset.min(self.text.len() as u32);
        let (starts, ascii) = self
            .lines
            .get_or_init(|| (line_starts(&self.text), self.text.is_ascii()));
        position_in(&self.text, starts, *ascii, offset)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// The top level of a script.
    Script,
    /// Code run by a direct `eval(...)`: `this`, `new.target` and the home object are the caller's.
    Eval,
    /// An ordinary function declaration or expression.
    Normal,
    Arrow,
    /// Object and class methods, getters and setters.
    Method,
    /// A class constructor (`derived`: the class has an `extends` clause).
    ClassConstructor {
        derived: bool,
    },
}

/// What kind of coroutine a function is (ECMA-262 15.5, 15.6, 15.8): its body runs in a frame that
/// can be suspended on the heap and resumed later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoroutineKind {
    /// `function*`: calling it returns a generator; `yield` suspends.
    Generator,
    /// `async function` (and async arrows and methods): calling it returns a promise; `await`
    /// suspends.
    Async,
    /// `async function*`: calling it returns an async generator.
    AsyncGenerator,
}

/// A constant-pool entry.
pub enum Constant {
    Number(f64),
    /// An interned string (names and string literals).
    String(StringRef),
    /// A BigInt literal's value: `LdaConstant` allocates a heap BigInt with it each time (BigInts are
    /// immutable values, and the template then holds no heap reference to keep alive).
    BigInt(Box<num_bigint::BigInt>),
    /// A nested function.
    Function(Rc<FunctionTemplate>),
    /// The layout of a context (`PushContext`, `PushWithContext`).
    Scope(Rc<ScopeLayout>),
    /// The context slot of each parameter, for a mapped arguments object (`MapArguments`).
    ArgumentsMap(Rc<[u32]>),
    /// The `var` and function names a sloppy direct eval declares (`DeclareEvalVars`).
    EvalVars(Rc<EvalDeclarations>),
    /// The declarations of a script (`DeclareGlobals`).
    Globals(Rc<GlobalDeclarations>),
    /// A tagged template's strings (`GetTemplateObject`); the object is created once per site.
    TemplateSite(Rc<TemplateSite>),
}

/// The strings of a tagged template call site (ECMA-262 13.2.8.4 GetTemplateObject).
pub struct TemplateSite {
    /// Cooked strings (`None` for an invalid escape: the array holds undefined).
    pub cooked: Vec<Option<crate::runtime::value::StringRef>>,
    pub raw: Vec<crate::runtime::value::StringRef>,
    /// The frozen strings array, once created (traced through the template).
    pub object: std::cell::Cell<Option<crate::runtime::value::ObjectRef>>,
}

/// What kind of Environment Record a heap context is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// A block, class or catch scope: a Declarative Environment Record.
    Block,
    /// The top scope of a function or of strict eval code: where a sloppy direct eval's `var`s go.
    Function,
    /// `with (object)`: an Object Environment Record; the object is the context's `object`.
    With,
}

/// What a context slot holds, for lookups by name (`with`, direct eval).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotMode {
    /// `var`, function, parameter: mutable, never in the TDZ.
    Var,
    /// `let`, `class`: mutable after initialization.
    Let,
    /// `const`: assignment is a TypeError.
    Const,
    /// A function expression's own name: assignment is ignored (sloppy) or a TypeError (strict).
    CalleeName,
    /// Private names, method functions and computed field keys: never found by name.
    Hidden,
    /// A module's import binding: the slot holds an `ImportBinding` (read through it) or a
    /// namespace object; immutable.
    Import,
}

/// The layout of a heap context, shared by every context its scope creates: slot names (for dynamic
/// lookup and the debugger) and what each binding is.
pub struct ScopeLayout {
    pub kind: ScopeKind,
    pub names: Box<[StringRef]>,
    pub modes: Box<[SlotMode]>,
}

/// EvalDeclarationInstantiation (ECMA-262 19.2.1.3) for sloppy eval code: the names it adds to the
/// caller's variable environment.
pub struct EvalDeclarations {
    /// `var` names (and Annex B function-in-block names), not functions.
    pub vars: Vec<StringRef>,
    /// Top-level function declarations.
    pub functions: Vec<StringRef>,
    /// Annex B.3.3.3: names of block functions that also get a `var` unless that would clash.
    pub annex_b: Vec<StringRef>,
}

/// What GlobalDeclarationInstantiation (ECMA-262 16.1.7) needs to know about a script.
#[derive(Default)]
pub struct GlobalDeclarations {
    /// `var` names and function names (properties of the global object).
    pub vars: Vec<StringRef>,
    /// Function declarations: name and the constant index of their template.
    pub functions: Vec<(StringRef, u32)>,
    /// `let`, `const` and `class` names (the global lexical environment), with const-ness.
    pub lexical: Vec<(StringRef, bool)>,
    /// Annex B.3.3.2: names of block functions that also become global `var`s unless that would clash.
    pub annex_b: Vec<StringRef>,
}

/// An exception handler: a throw while `pc` is in `start..end` jumps to `handler`, with the
/// exception in the accumulator, after popping contexts until the frame is `context_depth` contexts
/// deep (counted from the function's entry, as `PushContext`/`PopContext` count them).
#[derive(Clone, Copy, Debug)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub handler: u32,
    pub context_depth: u32,
}

/// Where a local binding lives, for the debugger and the execution-context view.
#[derive(Clone, Debug)]
pub struct LocalInfo {
    pub name: StringRef,
    pub register: u32,
    /// `let`/`const`/`class`: starts in the TDZ.
    pub lexical: bool,
    /// The bytecode range where the binding is in scope.
    pub start: u32,
    pub end: u32,
}

pub struct FunctionTemplate {
    pub name: Option<StringRef>,
    pub kind: FunctionKind,
    /// Generators and async functions: the kind of coroutine (`None` for every other function).
    pub coroutine: Option<CoroutineKind>,
    pub strict: bool,
    /// The instructions followed by `CODE_PADDING` zero bytes (`bytecode()` is without them).
    pub code: Box<[u8]>,
    pub constants: Box<[Constant]>,
    pub register_count: u32,
    /// Formal parameters (the first `param_count` registers receive the arguments).
    pub param_count: u32,
    /// The function's `length` property.
    pub length: u32,
    pub feedback_count: u32,
    /// What the interpreter saw at each feedback slot (inline caches, operand types).
    pub feedback: super::feedback::FeedbackVector,
    pub handlers: Box<[Handler]>,
    /// Bytecode offset → source span of the expression or statement that starts there, sorted.
    pub positions: Box<[(u32, Span)]>,
    pub locals: Box<[LocalInfo]>,
    /// The function uses `arguments`: the register that receives the arguments object.
    pub arguments_register: Option<u32>,
    /// A rest parameter: the register that receives the array.
    pub rest_register: Option<u32>,
    pub source: Rc<Source>,
    pub span: Span,
    /// Hotness profile and JIT state (`Tier`).
    pub tier: Tier,
}

/// A template's tiering state: the hotness budget the interpreter spends at returns and loop
/// back-edges (weighted by bytecode size), and what the JIT made of it. Plain cells, on every
/// target; only the native JIT (`src/jit/`) ever leaves `COLD`.
#[derive(Default)]
pub struct Tier {
    /// Weighted units left before the template counts as hot (below zero: ask `Vm::profile_hot`).
    pub budget: Cell<i32>,
    /// `UNARMED`, `COLD`, `HOT`, `COMPILED` or `NEVER`.
    pub state: Cell<u8>,
    /// With `COMPILED`: the index of the code in the VM's JIT.
    pub code: Cell<u32>,
    /// With `COMPILED`: the address of the code (compiled callers call it: `jit::KnownCallee`);
    /// else 0. Set with `set_state`.
    pub entry: Cell<usize>,
    /// Deoptimizations so far (the JIT gives up on the template after `jit::MAX_DEOPTS`).
    pub deopts: Cell<u8>,
    /// Exits at operations that had never run when the code was compiled (no feedback; the JIT
    /// compiles them generically after `jit::MAX_UNREACHED`).
    pub unreached: Cell<u8>,
}

impl Tier {
    /// Not profiled yet: the first exhausted (zero) budget arms it with the VM's threshold.
    pub const UNARMED: u8 = 0;
    /// Profiling.
    pub const COLD: u8 = 1;
    /// Hot: compile at the next entry.
    pub const HOT: u8 = 2;
    /// Compiled: entered at pc 0.
    pub const COMPILED: u8 = 3;
    /// Left to the interpreter (an unsupported opcode, a failed compile, too many deopts).
    pub const NEVER: u8 = 4;

    /// Change the state; leaving `COMPILED` forgets the code's address.
    #[inline]
    pub fn set_state(&self, state: u8) {
        self.state.set(state);
        if state != Tier::COMPILED {
            self.entry.set(0);
        }
    }

    /// Spend `weight` units; false when the budget is exhausted (the caller takes the slow path).
    #[inline(always)]
    pub fn tick(&self, weight: u32) -> bool {
        let b = self.budget.get().saturating_sub(weight as i32);
        self.budget.set(b);
        b >= 0
    }
}

impl FunctionTemplate {
    /// The instructions (`code` without its `CODE_PADDING`).
    pub fn bytecode(&self) -> &[u8] {
        &self.code[..self.code.len() - CODE_PADDING]
    }

    /// Trace what the template keeps alive (nested templates; string constants are interned).
    pub fn trace(&self, marker: &mut Marker) {
        for c in self.constants.iter() {
            match c {
                Constant::Function(t) => marker.template(t),
                Constant::TemplateSite(site) => {
                    if let Some(o) = site.object.get() {
                        marker.value(crate::runtime::Value::object(o));
                    }
                }
                _ => {}
            }
        }
    }

    /// The source span for the instruction at `pc`.
    pub fn span_at(&self, pc: u32) -> Option<Span> {
        match self.positions.binary_search_by_key(&pc, |p| p.0) {
            Ok(i) => Some(self.positions[i].1),
            Err(0) => None,
            Err(i) => Some(self.positions[i - 1].1),
        }
    }
}

/// One decoded instruction.
#[derive(Clone, Copy, Debug)]
pub struct Instruction {
    pub opcode: Opcode,
    /// Operand values (registers, indices and jump targets as unsigned; `Imm` sign-extended).
    pub operands: [i64; 5],
    /// Offset of the first byte (the prefix, if any).
    pub pc: u32,
    /// Total length in bytes, prefix included.
    pub len: u32,
}

impl Instruction {
    #[inline]
    pub fn reg(&self, i: usize) -> u32 {
        self.operands[i] as u32
    }

    #[inline]
    pub fn uimm(&self, i: usize) -> u32 {
        self.operands[i] as u32
    }
}

/// An instruction as the interpreter reads it: the opcode and where its operands are, decoded only
/// when an operand is used (operand `i` sits at `i * width`, since jump targets always come last).
#[derive(Clone, Copy)]
pub struct Fetched<'a> {
    pub opcode: Opcode,
    code: &'a [u8],
    at: usize,
    width: usize,
    /// Total length in bytes, prefix included.
    pub len: u32,
}

impl Fetched<'_> {
    #[inline(always)]
    fn unsigned(&self, i: usize) -> u32 {
        let p = self.at + i * self.width;
        match self.width {
            1 => self.code[p] as u32,
            2 => u16::from_le_bytes([self.code[p], self.code[p + 1]]) as u32,
            _ => u32::from_le_bytes([
                self.code[p],
                self.code[p + 1],
                self.code[p + 2],
                self.code[p + 3],
            ]),
        }
    }

    #[inline(always)]
    pub fn reg(&self, i: usize) -> u32 {
        self.unsigned(i)
    }

    #[inline(always)]
    pub fn uimm(&self, i: usize) -> u32 {
        self.unsigned(i)
    }

    /// A signed immediate.
    #[inline(always)]
    pub fn imm(&self, i: usize) -> i32 {
        let v = self.unsigned(i);
        match self.width {
            1 => v as u8 as i8 as i32,
            2 => v as u16 as i16 as i32,
            _ => v as i32,
        }
    }

    /// A jump target (always 4 bytes).
    #[inline(always)]
    pub fn jump(&self, i: usize) -> u32 {
        let p = self.at + i * self.width;
        u32::from_le_bytes([
            self.code[p],
            self.code[p + 1],
            self.code[p + 2],
            self.code[p + 3],
        ])
    }
}

/// Zero bytes after the last instruction of every template's `code`, so that the interpreter can
/// take a fixed-size window at any instruction start with one bounds check.
pub const CODE_PADDING: usize = 32;

/// The bytes the dispatch loop looks at per instruction: enough for the longest instruction (an
/// `ExtraWide` prefix, the opcode, five 4-byte operands and a jump target).
pub const WINDOW: usize = 28;

/// The window of bytes starting at `pc` (one bounds check; `code` must carry `CODE_PADDING`).
#[inline(always)]
pub fn window(code: &[u8], pc: u32) -> &[u8; WINDOW] {
    let pc = pc as usize;
    code[pc..pc + WINDOW]
        .try_into()
        .expect("a window of WINDOW bytes")
}

/// The operands of an instruction whose operand width `W` (1, 2 or 4) is known at compile time:
/// the interpreter's fast path instantiates its dispatch once per width, so the common one-byte
/// case reads each operand with one load, no width test and no bounds check (every offset is a
/// constant inside the instruction's window).
#[derive(Clone, Copy)]
pub struct Operands<'a, const W: usize> {
    bytes: &'a [u8; WINDOW],
}

impl<'a, const W: usize> Operands<'a, W> {
    /// Offset of the first operand in the window (after the prefix, if any, and the opcode).
    const FIRST: usize = if W == 1 { 1 } else { 2 };

    /// The operands of the instruction whose window (from its first byte, a prefix if `W` > 1) is
    /// `bytes`.
    #[inline(always)]
    pub fn new(bytes: &'a [u8; WINDOW]) -> Self {
        Operands { bytes }
    }

    #[inline(always)]
    pub fn unsigned(&self, i: usize) -> u32 {
        let p = Self::FIRST + i * W;
        let b = self.bytes;
        match W {
            1 => b[p] as u32,
            2 => u16::from_le_bytes([b[p], b[p + 1]]) as u32,
            _ => u32::from_le_bytes([b[p], b[p + 1], b[p + 2], b[p + 3]]),
        }
    }

    #[inline(always)]
    pub fn reg(&self, i: usize) -> usize {
        self.unsigned(i) as usize
    }

    /// A signed immediate.
    #[inline(always)]
    pub fn imm(&self, i: usize) -> i32 {
        let v = self.unsigned(i);
        match W {
            1 => v as u8 as i8 as i32,
            2 => v as u16 as i16 as i32,
            _ => v as i32,
        }
    }

    /// A jump target (always 4 bytes, after the other operands).
    #[inline(always)]
    pub fn jump(&self, i: usize) -> u32 {
        let p = Self::FIRST + i * W;
        let b = self.bytes;
        u32::from_le_bytes([b[p], b[p + 1], b[p + 2], b[p + 3]])
    }
}

/// Fetch the instruction at `pc` for the interpreter (see `Fetched`).
#[inline]
pub fn fetch(code: &[u8], pc: u32) -> Fetched<'_> {
    let mut at = pc as usize;
    let mut width = 1;
    let mut byte = code[at];
    if byte == Opcode::Wide as u8 || byte == Opcode::ExtraWide as u8 {
        width = if byte == Opcode::Wide as u8 { 2 } else { 4 };
        at += 1;
        byte = code[at];
    }
    at += 1;
    let opcode = Opcode::from_byte(byte).expect("valid bytecode");
    Fetched {
        opcode,
        code,
        at,
        width,
        len: opcode.length(width) as u32,
    }
}

/// Decode the instruction at `pc` (the code must come from `Builder`).
#[inline]
pub fn decode(code: &[u8], pc: u32) -> Instruction {
    let start = pc;
    let mut at = pc as usize;
    let mut width = 1;
    let mut opcode = Opcode::from_byte(code[at]).expect("valid bytecode");
    if opcode == Opcode::Wide || opcode == Opcode::ExtraWide {
        width = if opcode == Opcode::Wide { 2 } else { 4 };
        at += 1;
        opcode = Opcode::from_byte(code[at]).expect("valid bytecode");
    }
    at += 1;
    let mut operands = [0i64; 5];
    let kinds = Opcode::OPERAND_TABLE[opcode as usize];
    if width == 1 {
        // The common case: one byte per operand, four for jump targets.
        for (i, &kind) in kinds.iter().enumerate() {
            operands[i] = match kind {
                Operand::Jump => {
                    let b = &code[at..at + 4];
                    at += 4;
                    u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64
                }
                Operand::Imm => {
                    at += 1;
                    code[at - 1] as i8 as i64
                }
                _ => {
                    at += 1;
                    code[at - 1] as i64
                }
            };
        }
    } else {
        for (i, &kind) in kinds.iter().enumerate() {
            let size = if kind == Operand::Jump { 4 } else { width };
            let bytes = &code[at..at + size];
            operands[i] = match (size, kind) {
                (2, Operand::Imm) => i16::from_le_bytes([bytes[0], bytes[1]]) as i64,
                (4, Operand::Imm) => {
                    i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as i64
                }
                (2, _) => u16::from_le_bytes([bytes[0], bytes[1]]) as i64,
                _ => u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as i64,
            };
            at += size;
        }
    }
    Instruction {
        opcode,
        operands,
        pc: start,
        len: (at as u32) - start,
    }
}

/// Emits bytecode, choosing the narrowest operand width.
#[derive(Default)]
pub struct Builder {
    pub code: Vec<u8>,
}

/// A forward or backward jump target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(pub u32);

impl Builder {
    pub fn offset(&self) -> u32 {
        self.code.len() as u32
    }

    /// Emit `opcode` with `operands` (jump operands are targets; use `emit_jump` for unknown ones).
    pub fn emit(&mut self, opcode: Opcode, operands: &[i64]) {
        let kinds = opcode.operands();
        debug_assert_eq!(kinds.len(), operands.len(), "{} operands", opcode.name());
        let fits = |w: i64| {
            kinds.iter().zip(operands).all(|(&k, &v)| match k {
                Operand::Jump => true,
                Operand::Imm => v >= -(1 << (8 * w - 1)) && v < (1 << (8 * w - 1)),
                _ => v >= 0 && v < (1 << (8 * w)),
            })
        };
        let width = if fits(1) {
            1
        } else if fits(2) {
            self.code.push(Opcode::Wide as u8);
            2
        } else {
            self.code.push(Opcode::ExtraWide as u8);
            4
        };
        self.code.push(opcode as u8);
        for (&k, &v) in kinds.iter().zip(operands) {
            let size = if k == Operand::Jump { 4 } else { width };
            self.code
                .extend_from_slice(&(v as u32).to_le_bytes()[..size]);
        }
    }

    /// Emit a jump whose target is patched later; returns the position of its 4-byte operand.
    pub fn emit_jump(&mut self, opcode: Opcode) -> u32 {
        self.code.push(opcode as u8);
        let at = self.offset();
        self.code.extend_from_slice(&[0; 4]);
        at
    }

    /// Point the jump operand at `operand_at` to `target`.
    pub fn patch(&mut self, operand_at: u32, target: u32) {
        // Patched jumps go forward: a way back is a `JumpLoop`, whose budget check (fuel,
        // interrupts) keeps every loop stoppable.
        debug_assert!(
            target > operand_at,
            "a backward jump that is not a JumpLoop"
        );
        self.code[operand_at as usize..operand_at as usize + 4]
            .copy_from_slice(&target.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands_round_trip_at_every_width() {
        let mut b = Builder::default();
        b.emit(Opcode::LdaSmi, &[-5]);
        b.emit(Opcode::LdaSmi, &[1000]);
        b.emit(Opcode::LdaSmi, &[-100_000]);
        b.emit(Opcode::Call, &[1, 2, 300, 4, 5]);
        let jump = b.emit_jump(Opcode::Jump);
        // Forward, as every patched jump is.
        let target = b.offset();
        b.patch(jump, target);
        let mut pc = 0;
        let mut seen = Vec::new();
        while (pc as usize) < b.code.len() {
            let i = decode(&b.code, pc);
            seen.push((i.opcode, i.operands));
            pc += i.len;
        }
        assert_eq!(seen[0], (Opcode::LdaSmi, [-5, 0, 0, 0, 0]));
        assert_eq!(seen[1], (Opcode::LdaSmi, [1000, 0, 0, 0, 0]));
        assert_eq!(seen[2], (Opcode::LdaSmi, [-100_000, 0, 0, 0, 0]));
        assert_eq!(seen[3], (Opcode::Call, [1, 2, 300, 4, 5]));
        assert_eq!(seen[4], (Opcode::Jump, [target as i64, 0, 0, 0, 0]));
    }
}

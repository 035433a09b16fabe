//! The bytecode compiler: AST → function templates.
//!
//! One `FunctionState` per function being compiled (nested functions are compiled when their
//! expression or declaration is reached, so the states form a stack). Bindings live in registers unless
//! a nested function refers to them (`captures.rs`); those live in heap contexts, one per scope that
//! has any, addressed by (depth, slot) at compile time. Top-level `var`s and functions of a script are
//! properties of the global object and its `let`/`const`/`class` live in the global lexical
//! environment; both are reached by name (`LdaGlobal`).
//!
//! Declaration instantiation follows ECMA-262: GlobalDeclarationInstantiation (16.1.7) through
//! `DeclareGlobals`, FunctionDeclarationInstantiation (10.2.11) and BlockDeclarationInstantiation
//! (14.2.3) in `declare_*`: `var` starts as `undefined`, functions are created whole, `let`/`const`/
//! `class` start in the TDZ (the hole, checked on access).
//!
//! Control flow out of `try … finally` (break, continue, return) goes through the finally block with
//! a completion token (see `statements.rs`).

mod captures;
mod classes;
mod coroutines;
mod expressions;
pub mod module;
mod patterns;
mod statements;

use crate::bytecode::{
    Builder, Constant, CoroutineKind, EvalDeclarations, FunctionKind, FunctionTemplate,
    GlobalDeclarations, Handler, LocalInfo, Opcode, ScopeKind, ScopeLayout, SlotMode, Source,
};
use crate::runtime::value::StringRef;
use crate::runtime::Heap;
use crate::syntax::ast::*;
use crate::syntax::atom::{self, Atom, Interner};
use crate::syntax::{EvalContext, Parsed, Span};
use captures::Captures;
use std::collections::HashMap;
use std::rc::Rc;

/// A program the compiler cannot translate (a feature not implemented yet).
#[derive(Debug, Clone)]
pub struct CompileError {
    pub message: String,
    pub span: Span,
}

type CResult<T> = Result<T, CompileError>;

/// Compile a parsed script to the template of its top-level code.
pub fn compile_script(
    parsed: &Parsed,
    source: Rc<Source>,
    heap: &mut Heap,
) -> Result<Rc<FunctionTemplate>, CompileError> {
    Compiler::new(parsed, source, heap, None).script(&parsed.program)
}

/// Compile the code of a direct eval (parsed with `syntax::parse_eval` and the same `context`). It
/// runs in the caller's context chain: names it does not declare itself are looked up by name.
pub fn compile_eval(
    parsed: &Parsed,
    context: EvalContext,
    source: Rc<Source>,
    heap: &mut Heap,
) -> Result<Rc<FunctionTemplate>, CompileError> {
    Compiler::new(parsed, source, heap, Some(context)).eval_code(&parsed.program)
}

/// Where a binding lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Location {
    Register(u32),
    /// `chain` indexes `Compiler::contexts`.
    Context {
        chain: usize,
        slot: u32,
    },
    /// Found by name at run time: a `with` or a direct eval's `var` may stand between the reference
    /// and any binding the compiler sees (ECMA-262 9.1.2.1 GetIdentifierReference).
    Dynamic(Atom),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BindingKind {
    Var,
    Let,
    Const,
    Class,
    Function,
    Param,
    /// The name of a function expression inside itself: assignments are ignored (sloppy) or
    /// TypeErrors (strict).
    CalleeName,
    /// A class's private name `#x` (its value is the private name itself).
    PrivateName,
    /// The function of a private method, getter or setter `#x` (created once per class evaluation).
    PrivateMethod,
    PrivateGetter,
    PrivateSetter,
    /// The key of a computed class field, evaluated at class definition (a synthetic name).
    FieldKey,
    /// A module's import of a single binding: its slot holds the exporter's binding (read with
    /// `LdaImport`, a live binding) or a namespace object; assignment is a TypeError.
    Import,
}

impl BindingKind {
    fn is_private(self) -> bool {
        matches!(
            self,
            BindingKind::PrivateName
                | BindingKind::PrivateMethod
                | BindingKind::PrivateGetter
                | BindingKind::PrivateSetter
                | BindingKind::FieldKey
        )
    }

    fn is_lexical(self) -> bool {
        matches!(
            self,
            BindingKind::Let | BindingKind::Const | BindingKind::Class
        )
    }
}

#[derive(Clone, Copy, Debug)]
struct Binding {
    name: Atom,
    kind: BindingKind,
    location: Location,
    /// A lexical binding whose initialization has been compiled: code compiled after it in its
    /// scope runs after it too (scopes are entered at their start and left by jumps outward), so
    /// its TDZ checks can go. Never set in a `switch` case block, which can be entered mid-way.
    initialized: bool,
    /// A parameter of a function with a non-simple parameter list: in its TDZ until its own
    /// initialization (ECMA-262 10.2.11 step 21: no binding is initialized up front), so
    /// `function f(a = b, b)` throws.
    param_tdz: bool,
}

impl Binding {
    /// Reading or assigning the binding here must check for the hole.
    fn needs_tdz_check(&self) -> bool {
        (self.kind.is_lexical() || self.param_tdz) && !self.initialized
    }
}

struct Scope {
    bindings: Vec<Binding>,
    /// This scope pushed a context (an entry of `Compiler::contexts`).
    context: Option<usize>,
    /// Its register bindings' entries in `FunctionState::locals` (their scope ends with it).
    locals: Vec<usize>,
    /// Names not bound here or inside may be bound here at run time: a `with` object, or the
    /// variable scope of sloppy code that calls eval directly. References that cross it are dynamic.
    dynamic: bool,
    /// A `switch` case block: a jump to a later case skips earlier declarations.
    switch: bool,
}

/// The compile-time picture of one runtime context: its slot names.
struct ContextInfo {
    names: Vec<Atom>,
}

/// An entry of the control stack: what `break`, `continue` and `return` must cross.
#[derive(Clone, Debug)]
enum Control {
    /// A loop: `continue` jumps collect in `continues` (patched to the loop's continue point).
    Loop {
        labels: Vec<Atom>,
        breaks: Vec<u32>,
        continues: Vec<u32>,
    },
    /// A labelled statement that is not a loop, or a `switch` (labels empty, unlabelled `break` ok).
    Breakable {
        labels: Vec<Atom>,
        breaks: Vec<u32>,
        switch: bool,
    },
    /// A block scope that pushed a context: jumps out of it pop the context.
    Context,
    /// The protected part of `try … finally`: jumps out of it run the finally block first.
    Finally(Box<FinallyInfo>),
    /// The body of a for-of loop (just inside its `Loop`): jumps out of the loop close the iterator
    /// held in this register.
    Iterator(u32),
    /// The body of a for-await loop: jumps out of it close the async iterator in this register
    /// (awaiting what its `return` gives).
    AsyncIterator(u32),
}

/// Which kind of `for (x in/of …)` loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LoopKind {
    In,
    Of,
    AwaitOf,
}

#[derive(Clone, Debug)]
struct FinallyInfo {
    /// Register holding the completion token; `token_value`s above 2 are jumps registered here.
    token: u32,
    /// Register holding the completion value (exception or return value).
    value: u32,
    /// Jumps to the finally block (their operands, patched to its start).
    entries: Vec<u32>,
    /// The jumps routed through this finally block: (token, what to do after the block).
    routes: Vec<(i32, Route)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    Break(usize),
    Continue(usize),
    Return,
}

/// Completion tokens of a finally block.
const TOKEN_NORMAL: i32 = 0;
const TOKEN_THROW: i32 = 1;
const TOKEN_RETURN: i32 = 2;

struct FunctionState {
    builder: Builder,
    constants: Vec<Constant>,
    string_constants: HashMap<StringRef, u32>,
    number_constants: HashMap<u64, u32>,
    next_register: u32,
    max_registers: u32,
    scopes: Vec<Scope>,
    control: Vec<Control>,
    handlers: Vec<Handler>,
    positions: Vec<(u32, Span)>,
    locals: Vec<LocalInfo>,
    feedback_count: u32,
    /// `Compiler::contexts.len()` when the function started (its closure's context chain).
    context_base: usize,
    /// Contexts pushed so far inside this function (for handler depths).
    context_depth: u32,
    /// Key of the function in `Captures`.
    capture_key: u32,
    kind: FunctionKind,
    strict: bool,
    /// Block function declarations that also assign a `var` (Annex B.3.3), by start offset.
    annex_b: Vec<u32>,
    /// Names kept in the context whatever `Captures` says (parameters a mapped arguments object
    /// aliases).
    forced_captures: Vec<Atom>,
    /// Simple parameters that live in their argument register (no copy), for `enter_scope`.
    param_registers: Vec<(Atom, u32)>,
    /// Generators and async functions: the coroutine kind, and the register holding the coroutine
    /// object once `CreateGenerator`/`CreateAsyncFunction` has run.
    coroutine: Option<CoroutineKind>,
    coroutine_register: Option<u32>,
    /// Async functions: where the body (with its parameter initialisation) starts; an exception
    /// leaving it rejects the call's promise.
    async_body_start: u32,
    /// A `yield` or `await` has been compiled (a module body that awaits is an async body).
    suspends: bool,
    /// The index in `scopes` of the function's variable environment (1 when the body has its own,
    /// beside the parameters': ECMA-262 10.2.11 step 28).
    var_scope: usize,
}

struct Compiler<'a> {
    heap: &'a mut Heap,
    interner: &'a Interner,
    atoms: HashMap<Atom, StringRef>,
    captures: Captures,
    source: Rc<Source>,
    /// The chain of contexts at the current point, across enclosing functions.
    contexts: Vec<ContextInfo>,
    functions: Vec<FunctionState>,
    /// For each optional chain being compiled, the jumps taken when a link is nullish.
    chain_exits: Vec<Vec<u32>>,
    /// Compiling direct eval code: what its caller allows. Free names are looked up at run time.
    eval: Option<EvalContext>,
}

impl<'a> Compiler<'a> {
    fn new(
        parsed: &'a Parsed,
        source: Rc<Source>,
        heap: &'a mut Heap,
        eval: Option<EvalContext>,
    ) -> Compiler<'a> {
        Compiler {
            heap,
            interner: &parsed.interner,
            atoms: HashMap::new(),
            captures: Captures::of(&parsed.program),
            source,
            contexts: Vec::new(),
            functions: Vec::new(),
            chain_exits: Vec::new(),
            eval,
        }
    }

    fn f(&mut self) -> &mut FunctionState {
        self.functions
            .last_mut()
            .expect("a function is being compiled")
    }

    fn fs(&self) -> &FunctionState {
        self.functions.last().expect("a function is being compiled")
    }

    fn unsupported<T>(&self, what: &str, span: Span) -> CResult<T> {
        Err(CompileError {
            message: format!("{what} is not supported yet"),
            span,
        })
    }

    // ---------------------------------------------------------------------------------------------
    // Names and constants

    /// The interned runtime string for an identifier.
    fn atom(&mut self, name: Atom) -> StringRef {
        if let Some(&s) = self.atoms.get(&name) {
            return s;
        }
        let s = self.heap.intern(self.interner.get(name));
        self.atoms.insert(name, s);
        s
    }

    fn string_constant(&mut self, s: StringRef) -> u32 {
        if let Some(&i) = self.fs().string_constants.get(&s) {
            return i;
        }
        let f = self.f();
        let i = f.constants.len() as u32;
        f.constants.push(Constant::String(s));
        f.string_constants.insert(s, i);
        i
    }

    fn name_constant(&mut self, name: Atom) -> u32 {
        let s = self.atom(name);
        self.string_constant(s)
    }

    fn str_constant(&mut self, text: &str) -> u32 {
        let s = self.heap.intern(text);
        self.string_constant(s)
    }

    fn number_constant(&mut self, n: f64) -> u32 {
        let bits = n.to_bits();
        if let Some(&i) = self.fs().number_constants.get(&bits) {
            return i;
        }
        let f = self.f();
        let i = f.constants.len() as u32;
        f.constants.push(Constant::Number(n));
        f.number_constants.insert(bits, i);
        i
    }

    fn add_constant(&mut self, c: Constant) -> u32 {
        let f = self.f();
        f.constants.push(c);
        f.constants.len() as u32 - 1
    }

    fn feedback(&mut self) -> i64 {
        let f = self.f();
        f.feedback_count += 1;
        (f.feedback_count - 1) as i64
    }

    // ---------------------------------------------------------------------------------------------
    // Emission helpers

    fn emit(&mut self, op: Opcode, operands: &[i64]) {
        self.f().builder.emit(op, operands);
    }

    /// Record that the code from here on comes from `span` (stack traces, the debugger).
    fn position(&mut self, span: Span) {
        let f = self.f();
        let pc = f.builder.offset();
        match f.positions.last_mut() {
            Some(last) if last.0 == pc => last.1 = span,
            _ => f.positions.push((pc, span)),
        }
    }

    fn emit_jump(&mut self, op: Opcode) -> u32 {
        self.f().builder.emit_jump(op)
    }

    /// Replace the opcode of the instruction at `at` by `op`, which has the same operand layout.
    fn patch_opcode(&mut self, at: u32, op: Opcode) {
        let code = &mut self.f().builder.code;
        let mut i = at as usize;
        if code[i] == Opcode::Wide as u8 || code[i] == Opcode::ExtraWide as u8 {
            i += 1;
        }
        debug_assert_eq!(
            Opcode::from_byte(code[i]).map(|o| o.operands()),
            Some(op.operands())
        );
        code[i] = op as u8;
    }

    fn patch_here(&mut self, at: u32) {
        let f = self.f();
        let here = f.builder.offset();
        f.builder.patch(at, here);
    }

    fn offset(&self) -> u32 {
        self.fs().builder.offset()
    }

    fn alloc_register(&mut self) -> u32 {
        let f = self.f();
        let r = f.next_register;
        f.next_register += 1;
        f.max_registers = f.max_registers.max(f.next_register);
        r
    }

    /// `count` consecutive registers.
    fn alloc_registers(&mut self, count: u32) -> u32 {
        let f = self.f();
        let r = f.next_register;
        f.next_register += count;
        f.max_registers = f.max_registers.max(f.next_register);
        r
    }

    /// Release registers allocated after `mark` (a stack discipline).
    fn release_to(&mut self, mark: u32) {
        self.f().next_register = mark;
    }

    fn register_mark(&self) -> u32 {
        self.fs().next_register
    }

    // ---------------------------------------------------------------------------------------------
    // Scopes and bindings

    fn is_captured(&self, name: Atom) -> bool {
        self.captures.is_captured(self.fs().capture_key, name)
            || self.fs().forced_captures.contains(&name)
    }

    /// Enter a scope declaring `bindings` (name, kind); captured ones get a context (pushed here).
    fn enter_scope(&mut self, declared: &[(Atom, BindingKind)], at_function_entry: bool) -> usize {
        self.enter_scope_with(declared, at_function_entry, false)
    }

    /// `enter_scope`; `var_scope`: the variable scope of sloppy code that calls eval directly, which
    /// always gets a context (eval's `var`s go there) and makes references beyond it dynamic.
    fn enter_scope_with(
        &mut self,
        declared: &[(Atom, BindingKind)],
        at_function_entry: bool,
        var_scope: bool,
    ) -> usize {
        let mut captured: Vec<(Atom, BindingKind)> = Vec::new();
        for &(name, kind) in declared {
            if self.is_captured(name) {
                match captured.iter_mut().find(|c| c.0 == name) {
                    Some(c) if kind == BindingKind::Function => c.1 = kind,
                    Some(_) => {}
                    None => captured.push((name, kind)),
                }
            }
        }
        let context = if captured.is_empty() && !var_scope {
            None
        } else {
            let names: Vec<StringRef> = captured.iter().map(|&(n, _)| self.atom(n)).collect();
            let modes: Vec<SlotMode> = captured.iter().map(|&(_, k)| slot_mode(k)).collect();
            let layout = ScopeLayout {
                kind: if at_function_entry {
                    ScopeKind::Function
                } else {
                    ScopeKind::Block
                },
                names: names.into(),
                modes: modes.into(),
            };
            let c = self.add_constant(Constant::Scope(Rc::new(layout)));
            self.emit(Opcode::PushContext, &[c as i64]);
            self.contexts.push(ContextInfo {
                names: captured.iter().map(|c| c.0).collect(),
            });
            self.f().context_depth += 1;
            if !at_function_entry {
                self.f().control.push(Control::Context);
            }
            Some(self.contexts.len() - 1)
        };
        let mut local_indices = Vec::new();
        let mut bindings: Vec<Binding> = Vec::new();
        for &(name, kind) in declared {
            if let Some(existing) = bindings.iter_mut().find(|b| b.name == name) {
                // `var x; function x(){}` etc.: one binding; functions win the kind.
                if kind == BindingKind::Function {
                    existing.kind = kind;
                }
                continue;
            }
            let location = match context {
                Some(chain) if captured.iter().any(|c| c.0 == name) => {
                    let slot = self.contexts[chain]
                        .names
                        .iter()
                        .position(|&n| n == name)
                        .expect("slot") as u32;
                    Location::Context { chain, slot }
                }
                _ => {
                    let preassigned = self
                        .fs()
                        .param_registers
                        .iter()
                        .find(|p| p.0 == name)
                        .map(|p| p.1);
                    let r = match preassigned {
                        Some(r) if at_function_entry => r,
                        _ => self.alloc_register(),
                    };
                    let s = self.atom(name);
                    let start = self.offset();
                    self.f().locals.push(LocalInfo {
                        name: s,
                        register: r,
                        lexical: kind.is_lexical(),
                        start,
                        end: u32::MAX,
                    });
                    local_indices.push(self.fs().locals.len() - 1);
                    Location::Register(r)
                }
            };
            bindings.push(Binding {
                name,
                kind,
                location,
                initialized: false,
                param_tdz: false,
            });
        }
        self.f().scopes.push(Scope {
            bindings,
            context,
            locals: local_indices,
            dynamic: var_scope,
            switch: false,
        });
        self.f().scopes.len() - 1
    }

    fn exit_scope(&mut self) {
        let scope = self.f().scopes.pop().expect("scope");
        let end = self.offset();
        for &i in &scope.locals {
            self.f().locals[i].end = end;
        }
        if scope.context.is_some() {
            self.emit(Opcode::PopContext, &[]);
            self.contexts.pop();
            self.f().context_depth -= 1;
            if matches!(self.f().control.last(), Some(Control::Context)) {
                self.f().control.pop();
            }
        }
    }

    /// Find the binding a name refers to here.
    fn resolve(&self, name: Atom) -> Option<Binding> {
        self.resolve_kind(name, |k| !k.is_private())
    }

    /// The innermost binding of `name` whose kind `accept`s (private names live beside identifiers).
    /// A reference that crosses a dynamic scope (`with`, a sloppy direct eval's variable scope), or
    /// leaves eval code, is `Location::Dynamic`.
    fn resolve_kind(&self, name: Atom, accept: impl Fn(BindingKind) -> bool) -> Option<Binding> {
        let mut dynamic = false;
        let by_name = |kind| {
            Some(Binding {
                name,
                kind,
                location: Location::Dynamic(name),
                initialized: false,
                param_tdz: false,
            })
        };
        for (depth, function) in self.functions.iter().enumerate().rev() {
            for scope in function.scopes.iter().rev() {
                if let Some(b) = scope
                    .bindings
                    .iter()
                    .rev()
                    .find(|b| b.name == name && accept(b.kind))
                {
                    if dynamic && !b.kind.is_private() {
                        return by_name(BindingKind::Var);
                    }
                    if depth + 1 != self.functions.len() {
                        // Captured from an outer function: must be in a context.
                        if let Location::Register(_) = b.location {
                            return None;
                        }
                    }
                    return Some(*b);
                }
                dynamic |= scope.dynamic;
            }
        }
        if (dynamic || self.eval.is_some()) && accept(BindingKind::Var) {
            return by_name(BindingKind::Var);
        }
        None
    }

    /// The `CallDirectEval` flags: what the code around this call allows in eval code.
    fn eval_flags(&self) -> i64 {
        let mut context = EvalContext {
            strict: self.fs().strict,
            ..EvalContext::default()
        };
        for f in self.functions.iter().rev() {
            match f.kind {
                FunctionKind::Arrow => continue,
                FunctionKind::Script => {}
                FunctionKind::Eval => {
                    let outer = self.eval.unwrap_or_default();
                    context.new_target = outer.new_target;
                    context.super_property = outer.super_property;
                    context.super_call = outer.super_call;
                    context.class_field = outer.class_field;
                }
                FunctionKind::Normal => context.new_target = true,
                FunctionKind::Method => {
                    context.new_target = true;
                    context.super_property = true;
                    context.class_field = f.capture_key == classes::SYNTHESIZED;
                }
                FunctionKind::ClassConstructor { derived } => {
                    context.new_target = true;
                    context.super_property = true;
                    context.super_call = derived;
                }
            }
            break;
        }
        context.bits() as i64
    }

    /// Load the binding's value into the accumulator (with the TDZ check for lexical bindings).
    fn load_binding(&mut self, name: Atom, span: Span) {
        match self.resolve(name) {
            Some(Binding {
                kind: BindingKind::Import,
                location: Location::Context { chain, slot },
                ..
            }) => {
                let depth = self.contexts.len() - 1 - chain;
                let c = self.name_constant(name);
                self.position(span);
                self.emit(Opcode::LdaImport, &[depth as i64, slot as i64, c as i64]);
            }
            Some(b) => {
                self.load_location(b.location);
                if b.needs_tdz_check() {
                    let c = self.name_constant(name);
                    self.position(span);
                    self.emit(Opcode::ThrowIfHole, &[c as i64]);
                }
            }
            None => {
                let c = self.name_constant(name);
                let fb = self.feedback();
                self.position(span);
                self.emit(Opcode::LdaGlobal, &[c as i64, fb]);
            }
        }
    }

    fn load_location(&mut self, location: Location) {
        match location {
            Location::Dynamic(name) => {
                let c = self.name_constant(name);
                self.emit(Opcode::LdaLookup, &[c as i64]);
            }
            Location::Register(r) => self.emit(Opcode::Ldar, &[r as i64]),
            Location::Context { chain, slot } => {
                let depth = self.contexts.len() - 1 - chain;
                self.emit(Opcode::LdaContextSlot, &[depth as i64, slot as i64]);
            }
        }
    }

    fn store_location(&mut self, location: Location) {
        match location {
            Location::Dynamic(name) => {
                let c = self.name_constant(name);
                self.emit(Opcode::StaLookup, &[c as i64]);
            }
            Location::Register(r) => self.emit(Opcode::Star, &[r as i64]),
            Location::Context { chain, slot } => {
                let depth = self.contexts.len() - 1 - chain;
                self.emit(Opcode::StaContextSlot, &[depth as i64, slot as i64]);
            }
        }
    }

    /// Assign the accumulator to `name` (an assignment expression, not a declaration).
    fn store_binding(&mut self, name: Atom, span: Span) {
        match self.resolve(name) {
            Some(b) => {
                if b.needs_tdz_check() {
                    // A `let`/`const` in its TDZ cannot be assigned either.
                    let value = self.alloc_register();
                    self.emit(Opcode::Star, &[value as i64]);
                    self.load_location(b.location);
                    let c = self.name_constant(name);
                    self.position(span);
                    self.emit(Opcode::ThrowIfHole, &[c as i64]);
                    self.emit(Opcode::Ldar, &[value as i64]);
                    self.release_to(value);
                }
                match b.kind {
                    BindingKind::Import => {
                        let c = self.name_constant(name);
                        self.position(span);
                        self.emit(Opcode::ThrowConstAssign, &[c as i64]);
                    }
                    BindingKind::Const | BindingKind::Class if b.kind == BindingKind::Const => {
                        let c = self.name_constant(name);
                        self.position(span);
                        self.emit(Opcode::ThrowConstAssign, &[c as i64]);
                    }
                    BindingKind::CalleeName => {
                        if self.fs().strict {
                            let c = self.name_constant(name);
                            self.position(span);
                            self.emit(Opcode::ThrowConstAssign, &[c as i64]);
                        }
                    }
                    _ => self.store_location(b.location),
                }
            }
            None => {
                let c = self.name_constant(name);
                let fb = self.feedback();
                self.position(span);
                self.emit(Opcode::StaGlobal, &[c as i64, fb]);
            }
        }
    }

    /// Initialize a declared binding with the accumulator (declarations: leaves the TDZ).
    fn init_binding(&mut self, name: Atom) {
        self.store_initial(name);
        // Later code in the scope sees it initialized (see `Binding::initialized`).
        if let Some(scope) = self.f().scopes.iter_mut().rev().find(|s| {
            s.bindings
                .iter()
                .any(|b| b.name == name && !b.kind.is_private())
        }) {
            if !scope.switch {
                if let Some(b) = scope
                    .bindings
                    .iter_mut()
                    .rev()
                    .find(|b| b.name == name && !b.kind.is_private())
                {
                    b.initialized = true;
                }
            }
        }
    }

    /// Put a lexical binding in its TDZ (the hole) at the entry of its scope.
    fn init_hole(&mut self, name: Atom) {
        self.emit(Opcode::LdaHole, &[]);
        self.store_initial(name);
    }

    fn store_initial(&mut self, name: Atom) {
        match self.resolve(name) {
            Some(b) => self.store_location(b.location),
            None => {
                let c = self.name_constant(name);
                self.emit(Opcode::InitGlobal, &[c as i64]);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Functions

    fn begin_function(&mut self, kind: FunctionKind, strict: bool, capture_key: u32) {
        let context_base = self.contexts.len();
        self.functions.push(FunctionState {
            builder: Builder::default(),
            constants: Vec::new(),
            string_constants: HashMap::new(),
            number_constants: HashMap::new(),
            next_register: 0,
            max_registers: 0,
            scopes: Vec::new(),
            control: Vec::new(),
            handlers: Vec::new(),
            positions: Vec::new(),
            locals: Vec::new(),
            feedback_count: 0,
            context_base,
            context_depth: 0,
            capture_key,
            kind,
            strict,
            annex_b: Vec::new(),
            forced_captures: Vec::new(),
            param_registers: Vec::new(),
            coroutine: None,
            coroutine_register: None,
            async_body_start: 0,
            suspends: false,
            var_scope: 0,
        });
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "the template's parts, named at the call site"
    )]
    fn end_function(
        &mut self,
        name: Option<StringRef>,
        param_count: u32,
        length: u32,
        span: Span,
        arguments_register: Option<u32>,
        rest_register: Option<u32>,
    ) -> Rc<FunctionTemplate> {
        self.finish_async_body();
        let f = self.functions.pop().expect("function");
        self.contexts.truncate(f.context_base);
        // The interpreter relies on verified code (`bytecode::verify`); a failure is a compiler bug.
        if let Err(e) = crate::bytecode::verify::verify(&f.builder.code, f.max_registers) {
            panic!("the compiler produced invalid bytecode: {e}");
        }
        let mut code = f.builder.code;
        code.resize(code.len() + crate::bytecode::template::CODE_PADDING, 0);
        Rc::new(FunctionTemplate {
            name,
            kind: f.kind,
            coroutine: f.coroutine,
            strict: f.strict,
            code: code.into_boxed_slice(),
            constants: f.constants.into_boxed_slice(),
            register_count: f.max_registers,
            param_count,
            length,
            feedback_count: f.feedback_count,
            feedback: crate::bytecode::feedback::FeedbackVector::new(f.feedback_count),
            handlers: f.handlers.into_boxed_slice(),
            positions: f.positions.into_boxed_slice(),
            locals: f.locals.into_boxed_slice(),
            arguments_register,
            rest_register,
            source: self.source.clone(),
            span,
            tier: Default::default(),
        })
    }

    /// Whether the function's code mentions `arguments` (a conservative test on the source text:
    /// an unused arguments object costs one allocation per call, a missing one is wrong).
    fn refers_to_arguments(&self, body: &[Statement], params: &[Pattern]) -> bool {
        let start = params
            .first()
            .map(|p| p.span().start)
            .or(body.first().map(|s| s.span().start));
        let end = body
            .last()
            .map(|s| s.span().end)
            .or(params.last().map(|p| p.span().end));
        match (start, end) {
            (Some(start), Some(end)) => {
                self.source.text[start as usize..end as usize].contains("arguments")
            }
            _ => false,
        }
    }

    fn script(&mut self, program: &Program) -> CResult<Rc<FunctionTemplate>> {
        self.begin_function(FunctionKind::Script, program.strict, captures::SCRIPT);
        self.f().scopes.push(Scope {
            bindings: Vec::new(),
            context: None,
            locals: Vec::new(),
            dynamic: false,
            switch: false,
        });
        // GlobalDeclarationInstantiation (ECMA-262 16.1.7).
        let mut decls = GlobalDeclarations::default();
        let mut var_names = Vec::new();
        statements::var_declared_names(&program.body, &mut var_names, true);
        let mut functions = Vec::new();
        statements::top_level_functions(&program.body, &mut functions);
        for &name in &var_names {
            let s = self.atom(name);
            if !decls.vars.contains(&s) {
                decls.vars.push(s);
            }
        }
        for f in &functions {
            let name = f.id.expect("declarations are named").name;
            let s = self.atom(name);
            if !decls.vars.contains(&s) {
                decls.vars.push(s);
            }
        }
        let lexical = statements::lexical_declarations(&program.body);
        for &(name, kind) in &lexical {
            let s = self.atom(name);
            decls.lexical.push((s, kind == BindingKind::Const));
        }
        if !program.strict {
            let top: Vec<Atom> = lexical.iter().map(|d| d.0).collect();
            for (name, at) in statements::annex_b_functions(&program.body, &top, &[]) {
                let s = self.atom(name);
                if !decls.vars.contains(&s) && !decls.annex_b.contains(&s) {
                    decls.annex_b.push(s);
                }
                self.f().annex_b.push(at);
            }
        }
        let c = self.add_constant(Constant::Globals(Rc::new(decls)));
        self.emit(Opcode::DeclareGlobals, &[c as i64]);
        // Functions are created whole before any code runs (the last declaration of a name wins).
        for f in &functions {
            let template = self.function(f, FunctionKind::Normal, false)?;
            let c = self.add_constant(Constant::Function(template));
            self.emit(Opcode::CreateClosure, &[c as i64]);
            let name = self.name_constant(f.id.expect("named").name);
            let fb = self.feedback();
            self.emit(Opcode::StaGlobal, &[name as i64, fb]);
        }
        // The completion value of the script (the REPL shows it) is kept in a register.
        let completion = self.alloc_register();
        self.emit(Opcode::LdaUndefined, &[]);
        self.emit(Opcode::Star, &[completion as i64]);
        self.top_level_statements(&program.body, completion)?;
        self.emit(Opcode::Ldar, &[completion as i64]);
        self.emit(Opcode::Return, &[]);
        Ok(self.end_function(None, 0, 0, program.span, None, None))
    }

    /// The statements of a script or eval code, keeping the completion value in `completion`. A
    /// statement followed by an expression statement needs none: at the top level nothing can jump
    /// past that one, which overwrites it (so loops there do not keep their values).
    fn top_level_statements(&mut self, body: &[Statement], completion: u32) -> CResult<()> {
        for (i, s) in body.iter().enumerate() {
            let overwritten = matches!(body.get(i + 1), Some(Statement::Expression(_)));
            self.statement(s, (!overwritten).then_some(completion))?;
        }
        Ok(())
    }

    /// Eval code (ECMA-262 19.2.1.3 EvalDeclarationInstantiation). Strict eval code keeps all its
    /// declarations; sloppy eval code keeps its lexical ones and gives its `var`s and functions to
    /// the caller's variable environment (`DeclareEvalVars`).
    fn eval_code(&mut self, program: &Program) -> CResult<Rc<FunctionTemplate>> {
        let strict = program.strict;
        self.begin_function(FunctionKind::Eval, strict, captures::SCRIPT);
        let mut vars = Vec::new();
        statements::var_declared_names(&program.body, &mut vars, true);
        let mut functions = Vec::new();
        statements::top_level_functions(&program.body, &mut functions);
        let lexical = statements::lexical_declarations(&program.body);
        let function_names: Vec<Atom> = functions
            .iter()
            .map(|f| f.id.expect("declarations are named").name)
            .collect();
        if strict {
            let mut declared: Vec<(Atom, BindingKind)> = Vec::new();
            for &v in &vars {
                if !declared.iter().any(|d| d.0 == v) {
                    declared.push((v, BindingKind::Var));
                }
            }
            for &n in &function_names {
                declared.retain(|d| d.0 != n);
                declared.push((n, BindingKind::Function));
            }
            declared.extend(lexical.iter().copied());
            self.enter_scope_with(&declared, true, false);
            for &(n, k) in &declared {
                if k == BindingKind::Var {
                    self.emit(Opcode::LdaUndefined, &[]);
                    self.init_binding(n);
                }
            }
        } else {
            let mut decls = EvalDeclarations {
                vars: Vec::new(),
                functions: Vec::new(),
                annex_b: Vec::new(),
            };
            let top: Vec<Atom> = lexical.iter().map(|d| d.0).collect();
            for (name, at) in statements::annex_b_functions(&program.body, &top, &[]) {
                let s = self.atom(name);
                if !decls.annex_b.contains(&s) {
                    decls.annex_b.push(s);
                }
                self.f().annex_b.push(at);
            }
            for &n in &function_names {
                let s = self.atom(n);
                if !decls.functions.contains(&s) {
                    decls.functions.push(s);
                }
            }
            for &v in &vars {
                let s = self.atom(v);
                if !decls.vars.contains(&s) && !decls.functions.contains(&s) {
                    decls.vars.push(s);
                }
            }
            let c = self.add_constant(Constant::EvalVars(Rc::new(decls)));
            self.emit(Opcode::DeclareEvalVars, &[c as i64]);
            self.enter_scope_with(&lexical, false, false);
        }
        for &(n, _) in &lexical {
            self.init_hole(n);
        }
        for f in &functions {
            let template = self.function(f, FunctionKind::Normal, false)?;
            let c = self.add_constant(Constant::Function(template));
            self.emit(Opcode::CreateClosure, &[c as i64]);
            let name = f.id.expect("named").name;
            if strict {
                self.init_binding(name);
            } else {
                let c = self.name_constant(name);
                self.emit(Opcode::InitEvalFunction, &[c as i64]);
            }
        }
        let completion = self.alloc_register();
        self.emit(Opcode::LdaUndefined, &[]);
        self.emit(Opcode::Star, &[completion as i64]);
        self.top_level_statements(&program.body, completion)?;
        self.emit(Opcode::Ldar, &[completion as i64]);
        self.emit(Opcode::Return, &[]);
        Ok(self.end_function(None, 0, 0, program.span, None, None))
    }

    /// Compile a function declaration or expression (not arrows) to its template.
    fn function(
        &mut self,
        f: &Function,
        kind: FunctionKind,
        is_expression: bool,
    ) -> CResult<Rc<FunctionTemplate>> {
        self.begin_function(kind, f.strict, f.span.start);
        self.f().coroutine = coroutines::coroutine_kind(f.is_async, f.is_generator);
        let name = f.id.map(|id| self.atom(id.name));
        let (param_count, length, arguments_register, rest_register) = self
            .function_body_prologue(
                &f.params,
                f.simple_params,
                &f.body.body,
                true,
                f.id.filter(|_| is_expression),
            )?;
        self.start_generator();
        for s in &f.body.body {
            self.statement(s, None)?;
        }
        self.emit(Opcode::LdaUndefined, &[]);
        self.emit_return();
        Ok(self.end_function(
            name,
            param_count,
            length,
            f.span,
            arguments_register,
            rest_register,
        ))
    }

    /// FunctionDeclarationInstantiation (ECMA-262 10.2.11), simplified to one environment for
    /// parameters and body. Returns (parameter registers, `length`, arguments register, rest register).
    fn function_body_prologue(
        &mut self,
        params: &[Pattern],
        simple: bool,
        body: &[Statement],
        has_arguments: bool,
        callee_name: Option<Identifier>,
    ) -> CResult<(u32, u32, Option<u32>, Option<u32>)> {
        // Raw argument registers r0..rN-1 (the VM fills them), then bindings.
        let has_rest = matches!(params.last(), Some(Pattern::Rest(_)));
        let param_count = params.len() as u32 - u32::from(has_rest);
        let length = params
            .iter()
            .take_while(|p| {
                matches!(
                    p,
                    Pattern::Identifier(_) | Pattern::Object(_) | Pattern::Array(_)
                )
            })
            .count() as u32;
        self.alloc_registers(param_count);
        let rest_register = if has_rest {
            Some(self.alloc_register())
        } else {
            None
        };
        self.start_async_function()?;

        let mut declared: Vec<(Atom, BindingKind)> = Vec::new();
        if let Some(id) = callee_name {
            declared.push((id.name, BindingKind::CalleeName));
        }
        let mut param_names = Vec::new();
        for p in params {
            patterns::bound_names(p, &mut param_names);
        }
        for &n in &param_names {
            declared.retain(|d| d.0 != n);
            declared.push((n, BindingKind::Param));
        }
        let mut vars = Vec::new();
        statements::var_declared_names(body, &mut vars, true);
        let mut functions = Vec::new();
        statements::top_level_functions(body, &mut functions);
        // Sloppy code that calls eval directly: eval's `var`s join this scope (ECMA-262 19.2.1.3).
        let direct_eval = self.captures.has_direct_eval(self.fs().capture_key);
        let eval_var_scope = direct_eval && !self.fs().strict;
        // ECMA-262 10.2.11 step 18: a function or lexical `arguments` in the body hides the object
        // only when the parameters have no expressions (with them, the body has its own scope).
        let has_parameter_expressions = !simple && params.iter().any(contains_expression);
        let uses_arguments = has_arguments
            && !param_names.contains(&atom::ARGUMENTS)
            && (has_parameter_expressions
                || !functions
                    .iter()
                    .any(|f| f.id.is_some_and(|id| id.name == atom::ARGUMENTS)))
            && (direct_eval || self.refers_to_arguments(body, params));
        if uses_arguments {
            declared.push((atom::ARGUMENTS, BindingKind::Var));
        }
        for &v in &vars {
            if !declared.iter().any(|d| d.0 == v) {
                declared.push((v, BindingKind::Var));
            }
        }
        for f in &functions {
            let n = f.id.expect("named").name;
            declared.retain(|d| d.0 != n || d.1 == BindingKind::Param);
            if !declared.iter().any(|d| d.0 == n) {
                declared.push((n, BindingKind::Function));
            }
        }
        let lexical = statements::lexical_declarations(body);
        if !self.fs().strict {
            let top: Vec<Atom> = lexical.iter().map(|d| d.0).collect();
            for (name, at) in statements::annex_b_functions(body, &top, &param_names) {
                if !declared.iter().any(|d| d.0 == name) {
                    declared.push((name, BindingKind::Var));
                }
                if !vars.contains(&name) {
                    vars.push(name);
                }
                self.f().annex_b.push(at);
            }
        }
        for &(n, k) in &lexical {
            declared.push((n, k));
        }
        // ECMA-262 10.2.11 step 28: with parameter expressions, the body's declarations live in an
        // environment of their own, so closures in the parameters do not see them; its `var`s
        // named like a parameter (or `arguments`) start with that binding's value.
        let separate = has_parameter_expressions;
        let body_declared: Vec<(Atom, BindingKind)> = if separate {
            let head = |d: &(Atom, BindingKind)| {
                matches!(d.1, BindingKind::Param | BindingKind::CalleeName)
                    || (uses_arguments && d.0 == atom::ARGUMENTS && d.1 == BindingKind::Var)
            };
            let mut body_part: Vec<(Atom, BindingKind)> = Vec::new();
            for &v in &vars {
                if !body_part.iter().any(|d| d.0 == v) {
                    body_part.push((v, BindingKind::Var));
                }
            }
            for f in &functions {
                let n = f.id.expect("named").name;
                body_part.retain(|d| d.0 != n);
                body_part.push((n, BindingKind::Function));
            }
            for &(n, k) in &lexical {
                body_part.push((n, k));
            }
            declared.retain(head);
            body_part
        } else {
            Vec::new()
        };
        // ECMA-262 10.2.11 step 22: sloppy functions with simple parameters get a mapped arguments
        // object, whose indices alias the parameters (so those live in the context).
        let mapped_arguments = uses_arguments && simple && !self.fs().strict;
        if mapped_arguments {
            self.f().forced_captures = param_names.clone();
        } else if simple {
            // Each parameter binding is its argument register (the last of duplicate names wins).
            let mut assigned: Vec<(Atom, u32)> = Vec::new();
            for (i, p) in params.iter().enumerate() {
                if let Pattern::Identifier(id) = p {
                    assigned.retain(|a| a.0 != id.name);
                    assigned.push((id.name, i as u32));
                }
            }
            // A callee name or `arguments` of the same name is a different binding.
            assigned.retain(|a| Some(a.0) != callee_name.map(|c| c.name) && a.0 != atom::ARGUMENTS);
            self.f().param_registers = assigned;
        }
        self.enter_scope_with(&declared, true, eval_var_scope);

        // The arguments object, the callee's own name, then parameters.
        let arguments_register = if uses_arguments {
            let r = self.alloc_register();
            self.emit(Opcode::Ldar, &[r as i64]);
            self.init_binding(atom::ARGUMENTS);
            Some(r)
        } else {
            None
        };
        if let Some(id) = callee_name {
            // Unless a parameter or var of the same name shadows it.
            if !param_names.contains(&id.name) && !vars.contains(&id.name) {
                self.emit(Opcode::LdaCallee, &[]);
                self.init_binding(id.name);
            }
        }
        if simple {
            for (i, p) in params.iter().enumerate() {
                if let Pattern::Identifier(id) = p {
                    let shadowed = params[i + 1..]
                        .iter()
                        .any(|q| matches!(q, Pattern::Identifier(o) if o.name == id.name));
                    let in_place = matches!(self.resolve(id.name),
                        Some(b) if b.location == Location::Register(i as u32));
                    if shadowed || in_place {
                        continue; // a later duplicate wins, or the value is already there
                    }
                    // Later duplicates win (sloppy `function f(a, a)`).
                    self.emit(Opcode::Ldar, &[i as i64]);
                    self.init_binding(id.name);
                }
            }
            if let (true, Some(r)) = (mapped_arguments, arguments_register) {
                let map: Vec<u32> = params
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let Pattern::Identifier(id) = p else {
                            return u32::MAX;
                        };
                        let later = params[i + 1..]
                            .iter()
                            .any(|q| matches!(q, Pattern::Identifier(o) if o.name == id.name));
                        match self.resolve(id.name).map(|b| b.location) {
                            Some(Location::Context { slot, .. }) if !later => slot,
                            _ => u32::MAX,
                        }
                    })
                    .collect();
                let c = self.add_constant(Constant::ArgumentsMap(map.into()));
                self.emit(Opcode::MapArguments, &[r as i64, c as i64]);
            }
        } else {
            // Parameters are in their TDZ until bound, in order.
            for &n in &param_names {
                self.init_hole(n);
                if let Some(b) = self
                    .f()
                    .scopes
                    .last_mut()
                    .and_then(|s| s.bindings.iter_mut().find(|b| b.name == n))
                {
                    b.param_tdz = true;
                }
            }
            for (i, p) in params.iter().enumerate() {
                let source = match p {
                    Pattern::Rest(r) => {
                        let reg = rest_register.expect("rest register");
                        self.emit(Opcode::Ldar, &[reg as i64]);
                        self.bind_pattern(&r.argument, BindMode::Init)?;
                        continue;
                    }
                    _ => i as u32,
                };
                self.emit(Opcode::Ldar, &[source as i64]);
                self.bind_pattern(p, BindMode::Init)?;
            }
        }
        if separate {
            // The parameters' values, for the body's `var`s of the same names (step 28.e).
            let copies: Vec<(Atom, Location)> = vars
                .iter()
                .filter(|&&v| param_names.contains(&v) || (uses_arguments && v == atom::ARGUMENTS))
                .filter(|&&v| {
                    !functions
                        .iter()
                        .any(|f| f.id.is_some_and(|id| id.name == v))
                })
                .filter_map(|&v| self.resolve(v).map(|b| (v, b.location)))
                .collect();
            let mark = self.register_mark();
            let saved: Vec<(Atom, u32)> = copies
                .iter()
                .map(|&(v, location)| {
                    self.load_location(location);
                    let r = self.alloc_register();
                    self.emit(Opcode::Star, &[r as i64]);
                    (v, r)
                })
                .collect();
            self.enter_scope_with(&body_declared, true, eval_var_scope);
            self.f().var_scope = self.fs().scopes.len() - 1;
            for &(v, r) in &saved {
                self.emit(Opcode::Ldar, &[r as i64]);
                self.init_binding(v);
            }
            // The temporaries stay allocated: the body's bindings were allocated after them.
            let _ = mark;
            for &v in &vars {
                if saved.iter().any(|s| s.0 == v) {
                    continue;
                }
                if let Some(b) = self.resolve(v) {
                    if b.kind == BindingKind::Var {
                        self.emit(Opcode::LdaUndefined, &[]);
                        self.store_location(b.location);
                    }
                }
            }
        }
        // var bindings start as undefined (those that are not parameters).
        for &v in &vars {
            if separate {
                break;
            }
            if !(param_names.contains(&v) || (uses_arguments && v == atom::ARGUMENTS)) {
                if let Some(b) = self.resolve(v) {
                    if b.kind == BindingKind::Var {
                        self.emit(Opcode::LdaUndefined, &[]);
                        self.store_location(b.location);
                    }
                }
            }
        }
        for &(n, _) in &lexical {
            self.init_hole(n);
        }
        for f in &functions {
            let template = self.function(f, FunctionKind::Normal, false)?;
            let c = self.add_constant(Constant::Function(template));
            self.emit(Opcode::CreateClosure, &[c as i64]);
            self.init_binding(f.id.expect("named").name);
        }
        Ok((param_count, length, arguments_register, rest_register))
    }
}

/// What a context slot holding a binding of `kind` is, for lookups by name.
fn slot_mode(kind: BindingKind) -> SlotMode {
    match kind {
        BindingKind::Var | BindingKind::Function | BindingKind::Param => SlotMode::Var,
        BindingKind::Let | BindingKind::Class => SlotMode::Let,
        BindingKind::Const => SlotMode::Const,
        BindingKind::CalleeName => SlotMode::CalleeName,
        BindingKind::Import => SlotMode::Import,
        _ => SlotMode::Hidden,
    }
}

/// How `bind_pattern` stores each bound value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BindMode {
    /// A declaration: initialize the binding.
    Init,
    /// An assignment: store through the reference.
    Assign,
}

/// ContainsExpression (ECMA-262 8.5.2) of a binding pattern: a default value or a computed key.
fn contains_expression(p: &Pattern) -> bool {
    match p {
        Pattern::Identifier(_) => false,
        Pattern::Assignment(_) | Pattern::Member(_) | Pattern::Call(_) => true,
        Pattern::Rest(r) => contains_expression(&r.argument),
        Pattern::Array(a) => a.elements.iter().flatten().any(contains_expression),
        Pattern::Object(o) => o.properties.iter().any(|prop| match prop {
            PatternProperty::Property(p) => p.computed || contains_expression(&p.value),
            PatternProperty::Rest(r) => contains_expression(&r.argument),
        }),
    }
}

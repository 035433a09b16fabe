//! The virtual machine: the interpreter loop, the call stack of execution contexts, and the
//! operations on values and objects that the bytecode needs.
//!
//! Every frame on `frames` is an execution context (the script's, or a function call's): its template,
//! program counter, accumulator, `this`, its window of the shared register file and its current
//! environment (context). Calls between bytecode functions push and pop frames inside one `run`
//! loop, so JavaScript recursion does not recurse in Rust; native functions that call back into
//! JavaScript start a nested `run` (bounded by `MAX_NATIVE_DEPTH`).

pub(crate) mod budget;
mod coroutine;
pub mod debug;
mod fast;
pub mod heap_view;
mod ic;
pub mod inspect;
mod interpreter;
pub mod jobs;
pub mod module;
mod namespace;
pub mod ops;
pub mod property;
mod proxy;
pub mod realm;
mod registers;
mod scope;
mod tier;
pub use budget::InterruptHandle;
pub use tier::{JitMode, JitOptions, JitStats};

use crate::bytecode::FunctionTemplate;
use crate::runtime::heap::ContextRef;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::value::{ObjectRef, StringRef};
use crate::runtime::{Heap, Value};
use realm::Realm;
use std::rc::Rc;

/// Why JavaScript stopped: an exception it may catch, or a termination it cannot.
#[derive(Debug, Clone)]
pub enum Throw {
    Exception(Value),
    /// Fuel ran out or the embedder interrupted: not catchable by `try`.
    Termination(String),
}

pub type JsResult<T> = Result<T, Throw>;

/// Frames deeper than this throw `RangeError: Maximum call stack size exceeded`.
pub const MAX_FRAMES: usize = 10_000;
/// Native code re-entering JavaScript (getters, callbacks, toString) nests at most this deep.
pub const MAX_NATIVE_DEPTH: u32 = 1_000;

/// Which console method printed a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleLevel {
    Log,
    Info,
    Warn,
    Error,
}

pub struct Frame {
    pub template: Rc<FunctionTemplate>,
    pub pc: u32,
    pub acc: Value,
    pub this: Value,
    pub callee: Value,
    pub new_target: Value,
    pub base: usize,
    pub context: Option<ContextRef>,
    /// Contexts pushed by this frame (see `Handler::context_depth`).
    pub context_depth: u32,
    /// `new`: the object to return when the constructor returns a non-object.
    pub construct_result: Option<Value>,
    /// The frame was entered from Rust: returning from it ends that `run`.
    pub entry: bool,
    /// The index of the execution context's Realm (its function's [[Realm]]); returning to this
    /// frame makes it the current realm again.
    pub realm: u32,
    /// Whether `template` holds a strong count of its own, as in every frame Rust makes. A frame
    /// compiled code pushes in place does not (the JIT's `KnownCallee` keeps its template
    /// alive): Rust counts it (`Vm::adopt_frames`) before anything could drop it, at each entry
    /// from compiled code that may run the interpreter, and compiled code's pop uncounts only
    /// what was counted — no count traffic for calls that stay in compiled code.
    pub counted: bool,
}

/// What a new frame starts with (`Vm::push_frame`).
pub(crate) struct FrameStart {
    pub template: Rc<FunctionTemplate>,
    pub this: Value,
    pub callee: Value,
    pub new_target: Value,
    pub context: Option<ContextRef>,
    pub construct_result: Option<Value>,
    pub entry: bool,
}

pub struct Vm {
    pub heap: Heap,
    /// The current Realm Record (the running execution context's), whatever its index.
    pub realm: Realm,
    /// The index of `realm`. Function objects and frames name their realm by index.
    pub realm_id: u32,
    /// The other realms, by index; the current one's entry is `None` (it is in `realm`).
    realms: Vec<Option<Realm>>,
    /// The GlobalSymbolRegistry (ECMA-262 20.4.2.2): interned key → symbol, shared by all realms.
    pub symbol_registry: std::collections::HashMap<StringRef, crate::runtime::value::SymbolRef>,
    pub frames: Vec<Frame>,
    registers: Vec<Value>,
    /// Values native code holds across allocations (a handle scope: truncated when the native returns).
    roots: Vec<Value>,
    native_depth: u32,
    /// The native function being called (natives read their `data` through it).
    pub native_callee: Value,
    /// `new.target` of the native call in progress (undefined for a plain call).
    pub native_new_target: Value,
    /// An exception the interpreter's fast path is handing to the dispatch loop (see `fast::Fast`).
    fast_throw: Option<Throw>,
    /// Where console output goes.
    pub console: ConsoleSink,
    /// The fuel budget and the interrupt flag (checked on back-edges and calls).
    pub(crate) budget: budget::Budget,
    /// The inspection hook (see `debug.rs`).
    hook: Option<debug::Hook>,
    /// The microtask queue, the rejection tracker and the loop tracer (`jobs.rs`).
    pub jobs: jobs::Jobs,
    /// The host's event loop: tasks, timers and the clock (`crate::host`).
    pub event_loop: crate::host::EventLoop,
    /// The module records, the host's module map and loader (`module.rs`).
    pub modules: module::Modules,
    /// The JIT's settings (`tier.rs`); off on wasm32.
    pub jit_options: JitOptions,
    pub jit_stats: JitStats,
    /// The Cranelift tier, made at the first compilation.
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    jit: Option<Box<crate::jit::Jit>>,
    /// Where shaped objects keep their slots, for compiled code (measured with the JIT).
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    jit_layout: Option<crate::jit::layout::ObjectLayout>,
    /// Where frames and registers are, for compiled code that calls compiled code.
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    jit_calls: Option<crate::jit::layout::CallLayout>,
    /// A back-edge asked the dispatch loop to enter compiled code at the loop header.
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    jit_osr: bool,
    /// How a runtime stub that left the frame to the interpreter wants the dispatch loop to go on.
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    jit_pending: Option<tier::JitOutcome>,
    /// Calls from compiled code running nested in their stubs.
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    jit_depth: u32,
}

/// Receives every line `console.*` prints.
pub type ConsoleSink = Box<dyn FnMut(ConsoleLevel, &str)>;

impl Vm {
    pub fn new() -> Vm {
        let mut heap = Heap::new();
        let realm = Realm::new(&mut heap);
        let mut vm = Vm {
            heap,
            realm,
            realm_id: 0,
            realms: vec![None],
            symbol_registry: Default::default(),
            frames: Vec::new(),
            registers: Vec::new(),
            roots: Vec::new(),
            native_depth: 0,
            native_callee: Value::UNDEFINED,
            native_new_target: Value::UNDEFINED,
            fast_throw: None,
            budget: budget::Budget::default(),
            hook: None,
            jobs: Default::default(),
            event_loop: Default::default(),
            modules: module::Modules::default(),
            jit_options: JitOptions::default(),
            jit_stats: JitStats::default(),
            #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
            jit: None,
            #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
            jit_layout: None,
            #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
            jit_calls: None,
            #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
            jit_osr: false,
            #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
            jit_pending: None,
            #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
            jit_depth: 0,
            console: Box::new(|level, line| {
                use std::io::Write;
                // A closed pipe (`kestrel f.js | head`) is not an error.
                let _ = if matches!(level, ConsoleLevel::Warn | ConsoleLevel::Error) {
                    writeln!(std::io::stderr().lock(), "{line}")
                } else {
                    writeln!(std::io::stdout().lock(), "{line}")
                };
            }),
        };
        crate::builtins::install(&mut vm);
        vm
    }

    // ---------------------------------------------------------------------------------------------
    // Allocation: collect first when the heap asks for it.

    fn maybe_collect(&mut self) {
        if self.heap.should_collect() {
            self.collect_garbage();
        }
    }

    /// Functions whose machine code the JIT holds (compiled and not freed: `Jit::sweep`); 0
    /// without the JIT.
    pub fn jit_live_code(&self) -> usize {
        #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
        if let Some(jit) = &self.jit {
            return jit.live_code();
        }
        0
    }

    /// Run a full collection now.
    pub fn collect_garbage(&mut self) {
        let Vm {
            heap,
            realm,
            realms,
            symbol_registry,
            frames,
            registers,
            roots,
            jobs,
            event_loop,
            modules,
            #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
            jit,
            ..
        } = self;
        #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
        if let Some(jit) = jit {
            jit.sweep();
        }
        heap.collect(|m| {
            // Functions compiled code calls directly (compared by their bits).
            #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
            if let Some(jit) = jit {
                m.values(jit.known_callees());
            }
            jobs.trace(m);
            event_loop.trace(m);
            modules.trace(m);
            realm.trace(m);
            for r in realms.iter().flatten() {
                r.trace(m);
            }
            for (&key, &sym) in symbol_registry.iter() {
                m.value(Value::string(key));
                m.value(Value::symbol(sym));
            }
            m.values(registers.iter().copied());
            m.values(roots.iter().copied());
            for f in frames.iter() {
                m.value(f.acc);
                m.value(f.this);
                m.value(f.callee);
                m.value(f.new_target);
                if let Some(v) = f.construct_result {
                    m.value(v);
                }
                if let Some(c) = f.context {
                    m.context(c);
                }
                m.template(&f.template);
            }
        });
    }

    /// Allocate an object; the result is rooted until the current native call returns.
    pub fn alloc_object(&mut self, object: Object) -> ObjectRef {
        self.maybe_collect();
        let o = self.heap.alloc_object(object);
        self.roots.push(Value::object(o));
        o
    }

    pub fn alloc_str(&mut self, s: &str) -> StringRef {
        self.alloc_js_string(crate::runtime::string::JsString::from_text(s))
    }

    /// Allocate a string; the result is rooted until the current native call returns.
    pub fn alloc_js_string(&mut self, s: crate::runtime::string::JsString) -> StringRef {
        self.maybe_collect();
        let r = self.heap.alloc_string(s);
        self.roots.push(Value::string(r));
        r
    }

    pub fn alloc_utf16(&mut self, units: &[u16]) -> StringRef {
        self.alloc_js_string(crate::runtime::string::JsString::from_utf16(units))
    }

    /// Allocate a BigInt; the result is rooted until the current native call returns.
    pub fn alloc_bigint(&mut self, value: num_bigint::BigInt) -> Value {
        self.maybe_collect();
        let b = Value::bigint(self.heap.alloc_bigint(value));
        self.roots.push(b);
        b
    }

    /// How many values are rooted (with `truncate_roots`, a handle scope for host code that runs
    /// outside any native call, like the event loop).
    pub(crate) fn roots_len(&self) -> usize {
        self.roots.len()
    }

    pub(crate) fn truncate_roots(&mut self, len: usize) {
        self.roots.truncate(len);
    }

    /// Keep `v` alive until the current native call returns.
    pub fn root(&mut self, v: Value) -> Value {
        self.roots.push(v);
        v
    }

    /// The `data` of the native function being run (read it before calling anything that can run
    /// another native: `native_callee` changes then).
    pub fn native_data(&self) -> Value {
        match self
            .native_callee
            .as_object()
            .map(|f| &self.heap.object(f).kind)
        {
            Some(ObjectKind::Native(n)) => n.data,
            _ => Value::UNDEFINED,
        }
    }

    /// A new ordinary object with `Object.prototype`.
    pub fn new_object(&mut self) -> ObjectRef {
        let proto = self.realm.object_prototype;
        self.alloc_object(Object::new(Some(proto), ObjectKind::Ordinary))
    }

    /// A new array holding `values`.
    pub fn new_array(&mut self, values: Vec<Value>) -> ObjectRef {
        let proto = self.realm.array_prototype;
        let length = values.len() as u32;
        let mut object = Object::new(
            Some(proto),
            ObjectKind::Array {
                length,
                length_writable: true,
            },
        );
        object.elements = crate::runtime::object::Elements::from_values(values);
        self.alloc_object(object)
    }

    // ---------------------------------------------------------------------------------------------
    // Errors

    /// A new error object of the realm's `kind` constructor with `message`, and its `stack`.
    pub fn make_error(&mut self, kind: realm::ErrorKind, message: &str) -> Value {
        let proto = self.realm.error_prototypes[kind as usize];
        let error = self.alloc_object(Object::new(Some(proto), ObjectKind::Error));
        let msg = self.alloc_str(message);
        let key = self.key("message");
        self.define_own(
            error,
            key,
            Value::string(msg),
            crate::runtime::property::Attrs::HIDDEN,
        );
        let name = kind.name();
        let header = format!(
            "{name}{}{message}",
            if message.is_empty() { "" } else { ": " }
        );
        self.define_stack(error, &header);
        Value::object(error)
    }

    /// `Err(Throw)` with a new error of `kind`.
    pub fn throw<T>(&mut self, kind: realm::ErrorKind, message: impl AsRef<str>) -> JsResult<T> {
        let e = self.make_error(kind, message.as_ref());
        Err(Throw::Exception(e))
    }

    pub fn type_error<T>(&mut self, message: impl AsRef<str>) -> JsResult<T> {
        self.throw(realm::ErrorKind::TypeError, message)
    }

    /// `header`, then a `    at function (file:line:col)` line per frame, innermost first: at most
    /// `Error.stackTraceLimit` of them (V8's, which node programs read and set; 10 unless
    /// changed). `None` when that is not a Number: V8 then gives the error no `stack`.
    pub fn stack_trace(&mut self, header: &str) -> Option<String> {
        let limit = self.stack_trace_limit()?;
        let mut out = header.to_string();
        for f in self.frames.iter().rev().take(limit) {
            let t = &f.template;
            let span = t.span_at(f.pc.saturating_sub(1)).unwrap_or(t.span);
            let pos = t.source.position(span.start);
            let location = format!("{}:{}:{}", t.source.name, pos.line, pos.column + 1);
            let name = t
                .name
                .map(|n| self.heap.to_rust_string(n))
                .filter(|n| !n.is_empty());
            match (name, t.kind) {
                (Some(n), _) => out.push_str(&format!("\n    at {n} ({location})")),
                (None, crate::bytecode::FunctionKind::Script) => {
                    out.push_str(&format!("\n    at {location}"))
                }
                (None, crate::bytecode::FunctionKind::Eval) => {
                    out.push_str(&format!("\n    at eval ({location})"))
                }
                (None, _) => out.push_str(&format!("\n    at <anonymous> ({location})")),
            }
        }
        Some(out)
    }

    /// `Error.stackTraceLimit` of the current realm, read as V8 reads it: an own data property
    /// (no getter runs) holding a Number, made an integer, at least 0.
    fn stack_trace_limit(&mut self) -> Option<usize> {
        let Some(error) = self.realm.error_constructor.as_object() else {
            return Some(crate::builtins::error::STACK_TRACE_LIMIT);
        };
        let key = self.key("stackTraceLimit");
        let (v, attrs) = self
            .heap
            .object(error)
            .get_own_named(&self.heap.shapes, key)?;
        let n = v.as_number().filter(|_| !attrs.is_accessor())?;
        // Saturating: NaN and negatives are 0, Infinity every frame.
        Some(n as usize)
    }

    /// Define `error`'s `stack` (`stack_trace`; none when `Error.stackTraceLimit` says so).
    pub fn define_stack(&mut self, error: ObjectRef, header: &str) {
        if let Some(stack) = self.stack_trace(header) {
            let stack = self.alloc_str(&stack);
            let key = self.key("stack");
            self.define_own(
                error,
                key,
                Value::string(stack),
                crate::runtime::property::Attrs::HIDDEN,
            );
        }
    }

    /// An interned property key for a Rust string.
    pub fn key(&mut self, name: &str) -> crate::runtime::property::PropertyKey {
        crate::runtime::property::PropertyKey::String(self.heap.intern(name))
    }

    /// ECMA-262 10.1.14 GetPrototypeFromConstructor for the native constructor being run: the
    /// `prototype` of its `new.target` when that is a subclass (and the property an object), else
    /// `default`. Call it before anything else can run, since a nested native call replaces
    /// `native_new_target`.
    pub fn native_prototype_from_new_target(
        &mut self,
        default: crate::runtime::value::ObjectRef,
    ) -> JsResult<crate::runtime::value::ObjectRef> {
        let (new_target, callee) = (self.native_new_target, self.native_callee);
        self.prototype_from_constructor(new_target, callee, default)
    }

    /// GetPrototypeFromConstructor for a native constructor that first runs user code (ToNumeric,
    /// ToString): it captures `native_new_target` and `native_callee` on entry and asks here later.
    pub fn prototype_from_constructor(
        &mut self,
        new_target: Value,
        callee: Value,
        default: crate::runtime::value::ObjectRef,
    ) -> JsResult<crate::runtime::value::ObjectRef> {
        if new_target.is_undefined() || new_target == callee {
            return Ok(default);
        }
        let key = crate::runtime::property::PropertyKey::String(self.realm.names.prototype);
        if let Some(proto) = self.get_value(new_target, key)?.as_object() {
            return Ok(proto);
        }
        // Step 4: the intrinsic default prototype of the constructor's realm.
        let realm = match new_target.as_object() {
            Some(o) => self.function_realm(o)?,
            None => self.realm_id,
        };
        Ok(self.intrinsic_in_realm(default, realm))
    }

    // ---------------------------------------------------------------------------------------------
    // Running code

    /// The budget and interrupt check on loop back-edges and calls: a termination nothing can catch.
    #[inline]
    pub(crate) fn check_budget(&mut self) -> JsResult<()> {
        match self.budget.check() {
            Ok(()) => Ok(()),
            Err(budget::Stop::Fuel) => Err(Throw::Termination(
                "Execution stopped: the fuel budget is exhausted".into(),
            )),
            Err(budget::Stop::Interrupt) => Err(Throw::Termination("Execution interrupted".into())),
        }
    }

    /// Set the fuel budget: loop back-edges and calls left before execution stops (`None`: no
    /// limit).
    pub fn set_fuel(&mut self, fuel: Option<u64>) {
        self.budget.set_fuel(fuel);
    }

    /// A handle that stops the running script from any thread.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.budget.handle()
    }

    /// Where the frame stack and the register file are in the VM (compiled code pushes frames:
    /// `jit::layout::CallLayout`).
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    pub(crate) const FRAMES_AT: usize = std::mem::offset_of!(Vm, frames);
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    pub(crate) const REGISTERS_AT: usize = std::mem::offset_of!(Vm, registers);

    /// Push a frame with its registers (all undefined); returns the frame's register base.
    #[inline(always)]
    pub(crate) fn push_frame(&mut self, start: FrameStart) -> usize {
        // Taken apart first, so that the fields stay scalars (a struct copied as a whole from the
        // stack stalls store forwarding: `registers::push_in_place`).
        let FrameStart {
            template,
            this,
            callee,
            new_target,
            context,
            construct_result,
            entry,
        } = start;
        let base = self.registers.len();
        self.registers
            .resize(base + template.register_count as usize, Value::UNDEFINED);
        let realm = self.realm_id;
        registers::push_in_place(&mut self.frames, || Frame {
            template,
            pc: 0,
            acc: Value::UNDEFINED,
            this,
            callee,
            new_target,
            base,
            context,
            context_depth: 0,
            construct_result,
            entry,
            realm,
            counted: true,
        });
        base
    }

    /// Count the frames compiled code pushed in place (`Frame::counted`), from the top down to
    /// the first counted one: a Rust entry from compiled code does this first, so that from
    /// there on every frame may be dropped as any other.
    #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
    #[inline]
    pub(crate) fn adopt_frames(&mut self) {
        for frame in self.frames.iter_mut().rev() {
            if frame.counted {
                break;
            }
            std::mem::forget(frame.template.clone());
            frame.counted = true;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Realms

    /// Make realm `to` the current one (entering a function of another realm, or returning to a
    /// frame of another realm). An unknown index changes nothing.
    #[cold]
    #[inline(never)]
    pub fn switch_realm(&mut self, to: u32) {
        if to == self.realm_id {
            return;
        }
        let Some(next) = self.realms.get_mut(to as usize).and_then(Option::take) else {
            return;
        };
        let previous = std::mem::replace(&mut self.realm, next);
        self.realms[self.realm_id as usize] = Some(previous);
        self.realm_id = to;
    }

    /// ECMA-262 9.3.1 CreateRealm + 9.3.3 SetDefaultGlobalBindings: a new realm with every
    /// built-in installed; its index. The well-known symbols are shared by all realms (6.1.5.1).
    pub fn create_realm(&mut self) -> u32 {
        let realm = Realm::with_symbols(&mut self.heap, &self.realm.symbols);
        let id = self.realms.len() as u32;
        self.realms.push(Some(realm));
        let previous = self.realm_id;
        self.switch_realm(id);
        crate::builtins::install(self);
        self.switch_realm(previous);
        id
    }

    /// ECMA-262 7.3.24 GetFunctionRealm: the realm index of a function object (a bound function's
    /// target's); the current realm for anything else.
    pub fn function_realm(&mut self, f: ObjectRef) -> JsResult<u32> {
        let mut f = f;
        loop {
            match &self.heap.object(f).kind {
                ObjectKind::Function(c) => return Ok(c.realm),
                ObjectKind::Native(n) => return Ok(n.realm),
                ObjectKind::Bound { target, .. } => f = *target,
                // Step 4: a proxy's target's realm; a revoked proxy throws.
                ObjectKind::Proxy {
                    handler: Some(_),
                    target: Some(t),
                    ..
                } => f = *t,
                ObjectKind::Proxy { .. } => {
                    return self.type_error(
                        "Cannot perform 'GetFunctionRealm' on a proxy that has been revoked",
                    )
                }
                _ => return Ok(self.realm_id),
            }
        }
    }

    /// The intrinsic of realm `realm` that corresponds to `intrinsic`, an intrinsic prototype of
    /// the current realm (GetPrototypeFromConstructor's `intrinsicDefaultProto` looked up in the
    /// constructor's realm). Realms install their built-ins in the same order, so the constructors'
    /// prototypes (`Realm::constructor_prototypes`) correspond by position.
    pub(crate) fn intrinsic_in_realm(&self, intrinsic: ObjectRef, realm: u32) -> ObjectRef {
        if realm == self.realm_id {
            return intrinsic;
        }
        let Some(other) = self.realms.get(realm as usize).and_then(Option::as_ref) else {
            return intrinsic;
        };
        let here = &self.realm;
        match here
            .constructor_prototypes
            .iter()
            .position(|&o| o == intrinsic)
        {
            Some(i) => other
                .constructor_prototypes
                .get(i)
                .copied()
                .unwrap_or(intrinsic),
            None => intrinsic,
        }
    }

    /// How many realms there are.
    pub fn realm_count(&self) -> usize {
        self.realms.len()
    }

    /// Run a compiled script's top-level code; returns its completion value.
    pub fn run_script(&mut self, template: Rc<FunctionTemplate>) -> JsResult<Value> {
        let realm = self.realm_id;
        let global = Value::object(self.realm.global);
        self.push_frame(FrameStart {
            template,
            this: global,
            callee: Value::UNDEFINED,
            new_target: Value::UNDEFINED,
            context: None,
            construct_result: None,
            entry: true,
        });
        let roots = self.roots.len();
        let result = self.run();
        self.switch_realm(realm);
        self.roots.truncate(roots);
        if let Ok(v) = result {
            self.roots.push(v);
        }
        result
    }

    /// `Call(f, this, args)` from Rust (ECMA-262 7.3.14).
    pub fn call(&mut self, f: Value, this: Value, args: &[Value]) -> JsResult<Value> {
        self.call_or_construct(f, this, args, None)
    }

    /// `Construct(f, args)` from Rust (ECMA-262 7.3.15).
    pub fn construct(&mut self, f: Value, args: &[Value]) -> JsResult<Value> {
        self.call_or_construct(f, Value::UNDEFINED, args, Some(f))
    }

    /// `Construct(f, args, newTarget)`.
    pub fn construct_with(
        &mut self,
        f: Value,
        args: &[Value],
        new_target: Value,
    ) -> JsResult<Value> {
        self.call_or_construct(f, Value::UNDEFINED, args, Some(new_target))
    }

    fn call_or_construct(
        &mut self,
        f: Value,
        this: Value,
        args: &[Value],
        new_target: Option<Value>,
    ) -> JsResult<Value> {
        if self.native_depth >= MAX_NATIVE_DEPTH {
            return self.throw(
                realm::ErrorKind::RangeError,
                "Maximum call stack size exceeded",
            );
        }
        self.native_depth += 1;
        let roots = self.roots.len();
        // The caller's realm is current again when the callee returns or throws.
        let realm = self.realm_id;
        let result = crate::util::stack::ensure(|| {
            match self.enter_function(f, this, args, new_target, true) {
                Ok(Some(value)) => Ok(value),
                Ok(None) => self.run(),
                Err(e) => Err(e),
            }
        });
        self.switch_realm(realm);
        self.roots.truncate(roots);
        if let Ok(v) = result {
            self.roots.push(v);
        }
        self.native_depth -= 1;
        result
    }
}

impl Default for Vm {
    fn default() -> Self {
        Vm::new()
    }
}

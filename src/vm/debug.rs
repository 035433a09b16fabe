//! The inspection hook: pause before instructions and read the call stack of execution contexts.
//!
//! An observer (`kestrel --trace`, the playground's stepper) installs a hook with `Vm::set_hook`; the
//! interpreter then calls it before every instruction with a `Pause`. With no hook installed the
//! interpreter pays one branch per instruction. `Vm::call_stack` describes every frame: its
//! function, the source position, and each binding in scope with its state — a value, or
//! `<uninitialized>` while a `let`/`const`/`class` is in its temporal dead zone.

use super::Vm;
use crate::bytecode::FunctionKind;
use crate::runtime::Value;

/// Where execution is about to continue.
#[derive(Clone, Copy, Debug)]
pub struct Pause {
    /// Depth of the call stack (1 = the script).
    pub depth: usize,
    pub pc: u32,
    /// The instruction starts a statement or expression with a source position.
    pub at_position: bool,
}

/// What the hook wants next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    Continue,
    /// Stop the script (a termination, as from an interrupt).
    Stop,
}

pub type Hook = Box<dyn FnMut(&mut Vm, Pause) -> Resume>;

/// The state of a binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BindingState {
    /// Holds a value (shown as `console.log` would).
    Value(String),
    /// In its temporal dead zone.
    Uninitialized,
}

#[derive(Clone, Debug)]
pub struct BindingInfo {
    pub name: String,
    pub state: BindingState,
    /// Lives in a heap context (captured by a closure) rather than a register.
    pub captured: bool,
    /// The heap-view id of the object it holds (`Vm::heap_id`).
    pub target: Option<String>,
}

/// One execution context on the call stack.
#[derive(Clone, Debug)]
pub struct FrameInfo {
    /// "global" or "function".
    pub kind: &'static str,
    pub function: String,
    pub file: String,
    /// 1-based line and column of the current position.
    pub line: u32,
    pub column: u32,
    /// Byte range of the current statement or expression in the source.
    pub span: (u32, u32),
    pub pc: u32,
    pub bindings: Vec<BindingInfo>,
    pub this: String,
    /// The heap-view id of `this` when it is an object other than the global object.
    pub this_target: Option<String>,
    pub accumulator: String,
    /// The frame's registers as `console.log` shows them (`<hole>` for the TDZ marker), at most
    /// `MAX_SHOWN_REGISTERS`.
    pub registers: Vec<String>,
    /// Byte range of the whole function (or script) in its source.
    pub function_span: (u32, u32),
}

/// `FrameInfo::registers` shows at most this many registers per frame.
pub const MAX_SHOWN_REGISTERS: usize = 256;

impl Vm {
    /// Install (or with `None`, remove) the hook called before each instruction.
    pub fn set_hook(&mut self, hook: Option<Hook>) {
        self.hook = hook;
    }

    /// Call the hook, if any (the interpreter's per-instruction check).
    #[inline]
    pub(super) fn pause(&mut self, pc: u32) -> super::JsResult<()> {
        if self.hook.is_none() {
            return Ok(());
        }
        let at_position = self.frames.last().is_some_and(|f| {
            f.template
                .positions
                .binary_search_by_key(&pc, |p| p.0)
                .is_ok()
        });
        let pause = Pause {
            depth: self.frames.len(),
            pc,
            at_position,
        };
        let mut hook = self.hook.take().expect("hook");
        let resume = hook(self, pause);
        if self.hook.is_none() {
            self.hook = Some(hook);
        }
        match resume {
            Resume::Continue => Ok(()),
            Resume::Stop => Err(super::Throw::Termination(
                "Execution stopped by the debugger".into(),
            )),
        }
    }

    /// A function's own data property `name`, when it is a non-empty string.
    pub(super) fn own_name(&mut self, f: Value) -> Option<String> {
        let f = f.as_object()?;
        let key = crate::runtime::property::PropertyKey::String(self.realm.names.name);
        match self.get_own(f, key) {
            Some(super::property::Own::Data(n, _)) => n
                .as_string()
                .map(|s| self.heap.to_rust_string(s))
                .filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    fn show(&mut self, v: Value) -> BindingState {
        if v.is_hole() {
            return BindingState::Uninitialized;
        }
        // Displaying must not run user code or fail: only data is shown (getters are not called).
        BindingState::Value(
            super::inspect::inspect(self, v, false).unwrap_or_else(|_| "<?>".into()),
        )
    }

    /// The call stack, innermost frame last.
    pub fn call_stack(&mut self) -> Vec<FrameInfo> {
        self.innermost_frames(usize::MAX)
    }

    /// The innermost `max` frames of the call stack, innermost last (a deep recursion stays cheap
    /// to show).
    pub fn innermost_frames(&mut self, max: usize) -> Vec<FrameInfo> {
        self.frames_and_roots(max).0
    }

    /// The innermost `max` frames, and the values they show (the innermost frame's first) as
    /// roots for `Vm::heap_view`. The values are not rooted: use them before anything allocates.
    pub(crate) fn frames_and_roots(&mut self, max: usize) -> (Vec<FrameInfo>, Vec<Value>) {
        let mut roots_per_frame: Vec<Vec<Value>> = Vec::new();
        let first = self.frames.len().saturating_sub(max);
        let mut out = Vec::with_capacity(self.frames.len() - first);
        for i in first..self.frames.len() {
            let (template, pc, base, context, this, acc, callee) = {
                let f = &self.frames[i];
                (
                    f.template.clone(),
                    f.pc,
                    f.base,
                    f.context,
                    f.this,
                    f.acc,
                    f.callee,
                )
            };
            let span = template.span_at(pc).unwrap_or(template.span);
            let pos = template.source.position(span.start);
            let mut bindings = Vec::new();
            let mut roots = Vec::new();
            for local in template.locals.iter() {
                if pc < local.start || pc > local.end {
                    continue;
                }
                let v = self
                    .registers
                    .get(base + local.register as usize)
                    .copied()
                    .unwrap_or(Value::UNDEFINED);
                let name = self.heap.to_rust_string(local.name);
                let state = self.show(v);
                let target = self.heap_id(v);
                roots.push(v);
                bindings.push(BindingInfo {
                    name,
                    state,
                    captured: false,
                    target,
                });
            }
            // Captured bindings: the frame's contexts, innermost first, up to the closure's own.
            let mut c = context;
            let mut seen = 0;
            while let Some(ctx) = c {
                let (names, slots, parent) = {
                    let cx = self.heap.context(ctx);
                    (cx.layout.names.clone(), cx.slots.clone(), cx.parent)
                };
                for (name, value) in names.iter().zip(slots) {
                    let name = self.heap.to_rust_string(*name);
                    if name.starts_with('#')
                        || name.starts_with('<')
                        || bindings.iter().any(|b| b.name == name)
                    {
                        continue;
                    }
                    let state = self.show(value);
                    let target = self.heap_id(value);
                    roots.push(value);
                    bindings.push(BindingInfo {
                        name,
                        state,
                        captured: true,
                        target,
                    });
                }
                seen += 1;
                c = parent;
                if seen > 64 {
                    break;
                }
            }
            let kind = match template.kind {
                FunctionKind::Script => "global",
                FunctionKind::Eval => "eval",
                _ => "function",
            };
            if kind == "global" {
                // `var` and function declarations are the global object's enumerable properties
                // (built-ins are not enumerable).
                let global = self.realm.global;
                for key in self.own_enumerable_keys(global) {
                    if let Some(super::property::Own::Data(v, _)) = self.get_own(global, key) {
                        let name = self.key_to_display(key);
                        let state = self.show(v);
                        let target = self.heap_id(v);
                        roots.push(v);
                        bindings.push(BindingInfo {
                            name,
                            state,
                            captured: false,
                            target,
                        });
                    }
                }
                let mut globals: Vec<_> = self
                    .realm
                    .global_lexical
                    .iter()
                    .map(|(&k, &(v, _))| (k, v))
                    .collect();
                globals.sort_by_key(|g| g.0 .0);
                for (name, value) in globals {
                    let name = self.heap.to_rust_string(name);
                    let state = self.show(value);
                    let target = self.heap_id(value);
                    roots.push(value);
                    bindings.push(BindingInfo {
                        name,
                        state,
                        captured: false,
                        target,
                    });
                }
            }
            // Methods and functions named by their binding get their name at run time
            // (SetFunctionName): read the callee's own `name` when the template has none.
            let function = template
                .name
                .map(|n| self.heap.to_rust_string(n))
                .or_else(|| self.own_name(callee))
                .unwrap_or_else(|| {
                    if kind == "global" {
                        "<global>".into()
                    } else {
                        "<anonymous>".into()
                    }
                });
            let this_target = if this == Value::object(self.realm.global) {
                None
            } else {
                self.heap_id(this)
            };
            if this_target.is_some() {
                roots.push(this);
            }
            roots_per_frame.push(roots);
            let this = if this == Value::object(self.realm.global) {
                "globalThis".to_string()
            } else {
                match self.show(this) {
                    BindingState::Value(s) => s,
                    BindingState::Uninitialized => "<uninitialized>".into(),
                }
            };
            let accumulator = match self.show(acc) {
                BindingState::Value(s) => s,
                BindingState::Uninitialized => "<hole>".into(),
            };
            let shown = (template.register_count as usize).min(MAX_SHOWN_REGISTERS);
            let mut registers = Vec::with_capacity(shown);
            for r in 0..shown {
                let v = self
                    .registers
                    .get(base + r)
                    .copied()
                    .unwrap_or(Value::UNDEFINED);
                registers.push(match self.show(v) {
                    BindingState::Value(s) => s,
                    BindingState::Uninitialized => "<hole>".into(),
                });
            }
            out.push(FrameInfo {
                kind,
                function,
                file: template.source.name.clone(),
                line: pos.line,
                column: pos.column + 1,
                span: (span.start, span.end),
                pc,
                bindings,
                this,
                this_target,
                accumulator,
                registers,
                function_span: (template.span.start, template.span.end),
            });
        }
        let roots = roots_per_frame.into_iter().rev().flatten().collect();
        (out, roots)
    }
}

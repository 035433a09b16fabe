//! Names resolved at run time: `with` (Object Environment Records) and direct `eval`.
//!
//! The compiler binds every reference it can to a register or a context slot. A reference that
//! crosses a `with` body or the variable scope of sloppy code that calls eval directly, and every
//! free name in eval code, is compiled to a `*Lookup` instruction instead. Those walk the frame's
//! context chain (ECMA-262 9.1.2.1 GetIdentifierReference): a `with` context asks its object, any
//! other context its slot names (`ScopeLayout`) and then the `var`s a sloppy eval added to it; past
//! the chain's end comes the global scope. Because a function that contains (or encloses) a direct
//! eval or `with` keeps all its bindings in contexts (see `compiler/captures.rs`), the walk sees
//! every binding the source could name.

use super::property::Own;
use super::realm::ErrorKind;
use super::{FrameStart, JsResult, Vm};
use crate::bytecode::{EvalDeclarations, ScopeKind, SlotMode, Source};
use crate::runtime::heap::{Context, ContextRef};
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::{ObjectRef, StringRef};
use crate::runtime::Value;
use crate::syntax::EvalContext;
use std::rc::Rc;

/// Where a name was found.
#[derive(Clone, Copy)]
enum Reference {
    /// A context slot.
    Slot(ContextRef, usize, SlotMode),
    /// A property: of a `with` object (`true`), or of the object holding a sloppy eval's `var`s.
    Property(ObjectRef, bool),
    /// Not in the context chain: the global scope decides.
    Global,
}

impl Vm {
    /// ECMA-262 9.1.2.1 GetIdentifierReference from the running frame's context.
    fn lookup(&mut self, name: StringRef) -> JsResult<Reference> {
        let key = PropertyKey::String(name);
        let mut context = self.frames.last().expect("frame").context;
        while let Some(c) = context {
            let cx = self.heap.context(c);
            let (layout, object, parent) = (cx.layout.clone(), cx.object, cx.parent);
            if layout.kind == ScopeKind::With {
                let o = object.expect("a with context has its object");
                if self.has_property(o, key)? && !self.unscopable(o, key)? {
                    return Ok(Reference::Property(o, true));
                }
            } else {
                if let Some(i) = layout.names.iter().position(|&n| n == name) {
                    if layout.modes[i] != SlotMode::Hidden {
                        return Ok(Reference::Slot(c, i, layout.modes[i]));
                    }
                }
                if let Some(o) = object {
                    if self.get_own(o, key).is_some() {
                        return Ok(Reference::Property(o, false));
                    }
                }
            }
            context = parent;
        }
        Ok(Reference::Global)
    }

    /// ECMA-262 9.1.1.2.1 HasBinding steps 5-9: `@@unscopables` hides a `with` object's property.
    fn unscopable(&mut self, o: ObjectRef, key: PropertyKey) -> JsResult<bool> {
        let symbol = PropertyKey::Symbol(self.realm.symbols.unscopables);
        let unscopables = self.get_value(Value::object(o), symbol)?;
        match unscopables.as_object() {
            Some(u) => {
                let blocked = self.get_value(Value::object(u), key)?;
                Ok(self.to_boolean(blocked))
            }
            None => Ok(false),
        }
    }

    fn binding_value(&mut self, name: StringRef, r: Reference, typeof_: bool) -> JsResult<Value> {
        match r {
            Reference::Slot(c, i, SlotMode::Import) => {
                let v = self.heap.context(c).slots[i];
                self.import_slot_value(v, name)
            }
            Reference::Slot(c, i, _) => {
                let v = self.heap.context(c).slots[i];
                if v.is_hole() {
                    let n = self.heap.to_rust_string(name);
                    return self.throw(
                        ErrorKind::ReferenceError,
                        format!("Cannot access '{n}' before initialization"),
                    );
                }
                Ok(v)
            }
            Reference::Property(o, with) => {
                let key = PropertyKey::String(name);
                // ECMA-262 9.1.1.2.6 GetBindingValue: the property may be gone by now.
                if with && !self.has_property(o, key)? {
                    if self.frames.last().expect("frame").template.strict {
                        let n = self.heap.to_rust_string(name);
                        return self
                            .throw(ErrorKind::ReferenceError, format!("{n} is not defined"));
                    }
                    return Ok(Value::UNDEFINED);
                }
                self.get_value(Value::object(o), key)
            }
            Reference::Global => self.get_global(name, typeof_),
        }
    }

    /// `LdaLookup` / `LdaLookupTypeof`.
    pub(super) fn load_by_name(&mut self, name: StringRef, typeof_: bool) -> JsResult<Value> {
        let r = self.lookup(name)?;
        self.binding_value(name, r, typeof_)
    }

    /// `LdaLookupCall`: the value and the this value of a call through it (ECMA-262 9.1.1.2.10
    /// WithBaseObject).
    pub(super) fn load_callee_by_name(&mut self, name: StringRef) -> JsResult<(Value, Value)> {
        let r = self.lookup(name)?;
        let v = self.binding_value(name, r, false)?;
        let this = match r {
            Reference::Property(o, true) => Value::object(o),
            _ => Value::UNDEFINED,
        };
        Ok((v, this))
    }

    /// `StaLookup`: PutValue on a reference found by name (ECMA-262 6.2.5.6).
    pub(super) fn store_by_name(&mut self, name: StringRef, value: Value) -> JsResult<()> {
        let strict = self.frames.last().expect("frame").template.strict;
        match self.lookup(name)? {
            // An import binding is immutable (and always initialized: it is an indirection).
            Reference::Slot(_, _, SlotMode::Import) => {
                self.type_error("Assignment to constant variable.")
            }
            Reference::Slot(c, i, mode) => {
                if self.heap.context(c).slots[i].is_hole() {
                    let n = self.heap.to_rust_string(name);
                    return self.throw(
                        ErrorKind::ReferenceError,
                        format!("Cannot access '{n}' before initialization"),
                    );
                }
                match mode {
                    SlotMode::Const => self.type_error("Assignment to constant variable."),
                    SlotMode::CalleeName if strict => {
                        self.type_error("Assignment to constant variable.")
                    }
                    SlotMode::CalleeName => Ok(()),
                    _ => {
                        self.heap.context_mut(c).slots[i] = value;
                        Ok(())
                    }
                }
            }
            Reference::Property(o, with) => {
                let key = PropertyKey::String(name);
                // ECMA-262 9.1.1.2.5 SetMutableBinding: the property may be gone by now.
                if with && !self.has_property(o, key)? && strict {
                    let n = self.heap.to_rust_string(name);
                    return self.throw(ErrorKind::ReferenceError, format!("{n} is not defined"));
                }
                self.set_value(Value::object(o), key, value, strict)
            }
            Reference::Global => self.set_global(name, value, strict),
        }
    }

    /// `DeleteLookup`: sloppy `delete x` (ECMA-262 13.5.1.2): bindings in declarative records
    /// stay; properties (with objects, eval `var`s, globals) are deleted when configurable.
    pub(super) fn delete_by_name(&mut self, name: StringRef) -> JsResult<bool> {
        let key = PropertyKey::String(name);
        Ok(match self.lookup(name)? {
            Reference::Slot(..) => false,
            Reference::Property(o, _) => self.delete_property(o, key)?,
            Reference::Global => {
                if self.realm.global_lexical.contains_key(&name) {
                    false
                } else {
                    let global = self.realm.global;
                    self.delete_property(global, key)?
                }
            }
        })
    }

    /// `PushWithContext`: ECMA-262 14.11.2 steps 1-4 (ToObject, then a new object environment).
    pub(super) fn push_with_context(
        &mut self,
        object: Value,
        layout: Rc<crate::bytecode::ScopeLayout>,
    ) -> JsResult<()> {
        if object.is_nullish() {
            return self.type_error("Cannot convert undefined or null to object");
        }
        let o = self.to_object(object)?;
        self.maybe_collect_keeping(&[Value::object(o)]);
        let parent = self.frames.last().expect("frame").context;
        let c = self.heap.alloc_context(Context {
            parent,
            slots: Vec::new(),
            layout,
            object: Some(o),
        });
        let frame = self.frames.last_mut().expect("frame");
        frame.context = Some(c);
        frame.context_depth += 1;
        Ok(())
    }

    /// The variable environment of the running code: its nearest function context, or `None` for
    /// the global scope.
    fn var_scope(&self) -> Option<ContextRef> {
        let mut context = self.frames.last().expect("frame").context;
        while let Some(c) = context {
            let cx = self.heap.context(c);
            if cx.layout.kind == ScopeKind::Function {
                return Some(c);
            }
            context = cx.parent;
        }
        None
    }

    fn already_declared<T>(&mut self, name: StringRef) -> JsResult<T> {
        let n = self.heap.to_rust_string(name);
        self.throw(
            ErrorKind::SyntaxError,
            format!("Identifier '{n}' has already been declared"),
        )
    }

    /// `DeclareEvalVars`: ECMA-262 19.2.1.3 EvalDeclarationInstantiation for sloppy eval code.
    pub(super) fn declare_eval_vars(&mut self, decls: &EvalDeclarations) -> JsResult<()> {
        let var_scope = self.var_scope();
        let mut names: Vec<StringRef> =
            decls.vars.iter().chain(&decls.functions).copied().collect();
        // Annex B.3.3.3: block functions get a `var` only where it would not clash.
        for &name in &decls.annex_b {
            if !names.contains(&name) && !self.lexically_declared_below_var_scope(name, var_scope) {
                names.push(name);
            }
        }
        // Steps 3: a `var` may not hoist over a lexical binding of the same name.
        let mut context = self.frames.last().expect("frame").context;
        while let Some(c) = context {
            let cx = self.heap.context(c);
            let (layout, parent) = (cx.layout.clone(), cx.parent);
            for &name in &names {
                if blocks_var(&layout, name) {
                    return self.already_declared(name);
                }
            }
            if Some(c) == var_scope {
                break;
            }
            context = parent;
        }
        match var_scope {
            None => {
                let global = self.realm.global;
                for &name in &names {
                    if self.realm.global_lexical.contains_key(&name) {
                        return self.already_declared(name);
                    }
                }
                // CanDeclareGlobalFunction / CanDeclareGlobalVar, then CreateGlobal*Binding.
                for &name in &decls.functions {
                    let key = PropertyKey::String(name);
                    let redefinable = match self.get_own(global, key) {
                        Some(Own::Data(_, a)) => {
                            a.configurable() || (a.writable() && a.enumerable())
                        }
                        Some(Own::Accessor { attrs, .. }) => attrs.configurable(),
                        None => true,
                    };
                    if !redefinable {
                        let n = self.heap.to_rust_string(name);
                        return self.type_error(format!("Cannot redefine property: {n}"));
                    }
                    if self.get_own(global, key).is_none() && !self.heap.object(global).extensible {
                        let n = self.heap.to_rust_string(name);
                        return self.type_error(format!(
                            "Cannot define property {n}, object is not extensible"
                        ));
                    }
                }
                for &name in &names {
                    let key = PropertyKey::String(name);
                    if self.get_own(global, key).is_none() {
                        if !self.heap.object(global).extensible {
                            let n = self.heap.to_rust_string(name);
                            return self.type_error(format!(
                                "Cannot define property {n}, object is not extensible"
                            ));
                        }
                        self.define_eval_var(global, name);
                    }
                }
            }
            Some(c) => {
                for &name in &names {
                    if self.heap.context(c).layout.names.contains(&name) {
                        continue;
                    }
                    let object = match self.heap.context(c).object {
                        Some(o) => o,
                        None => {
                            let o = self.alloc_object(Object::new(None, ObjectKind::Ordinary));
                            self.heap.context_mut(c).object = Some(o);
                            o
                        }
                    };
                    if self.get_own(object, PropertyKey::String(name)).is_none() {
                        self.define_eval_var(object, name);
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether a declarative context between the running code and its variable environment (or
    /// the global lexical scope, when that is the variable environment) binds `name`.
    fn lexically_declared_below_var_scope(
        &self,
        name: StringRef,
        var_scope: Option<ContextRef>,
    ) -> bool {
        let mut context = self.frames.last().expect("frame").context;
        while let Some(c) = context {
            let cx = self.heap.context(c);
            if blocks_var(&cx.layout, name) {
                return true;
            }
            if Some(c) == var_scope {
                return false;
            }
            context = cx.parent;
        }
        self.realm.global_lexical.contains_key(&name)
    }

    /// A deletable `var` made by eval: `{ value: undefined, writable, enumerable, configurable }`.
    fn define_eval_var(&mut self, o: ObjectRef, name: StringRef) {
        let shapes = &mut self.heap.shapes;
        self.heap.objects.get_mut(o.0).define_named(
            shapes,
            PropertyKey::String(name),
            Value::UNDEFINED,
            Attrs::new(Attrs::WRITABLE | Attrs::ENUMERABLE | Attrs::CONFIGURABLE),
        );
    }

    /// `InitEvalFunction`: a sloppy eval's function declaration gets its value in the variable
    /// environment (ECMA-262 19.2.1.3 step 17; CreateGlobalFunctionBinding at the global scope).
    pub(super) fn init_eval_function(&mut self, name: StringRef, f: Value) -> JsResult<()> {
        let key = PropertyKey::String(name);
        match self.var_scope() {
            None => {
                if self.realm.global_lexical.contains_key(&name) {
                    return Ok(());
                }
                let global = self.realm.global;
                let configurable = match self.get_own(global, key) {
                    Some(Own::Data(_, a)) | Some(Own::Accessor { attrs: a, .. }) => {
                        a.configurable()
                    }
                    None => true,
                };
                if configurable {
                    self.delete_property(global, key)?;
                    let shapes = &mut self.heap.shapes;
                    self.heap.objects.get_mut(global.0).define_named(
                        shapes,
                        key,
                        f,
                        Attrs::new(Attrs::WRITABLE | Attrs::ENUMERABLE | Attrs::CONFIGURABLE),
                    );
                    Ok(())
                } else {
                    self.set_value(Value::object(global), key, f, true)
                }
            }
            Some(c) => {
                let cx = self.heap.context(c);
                if let Some(i) = cx.layout.names.iter().position(|&n| n == name) {
                    // A `let` of the function's top level: an Annex B function that clashed.
                    if cx.layout.modes[i] == SlotMode::Var {
                        self.heap.context_mut(c).slots[i] = f;
                    }
                    return Ok(());
                }
                // No binding: an Annex B function whose `var` would have clashed.
                let object = cx.object;
                match object {
                    Some(o) if self.get_own(o, key).is_some() => {
                        self.set_value(Value::object(o), key, f, false)
                    }
                    _ => Ok(()),
                }
            }
        }
    }

    /// PerformEval (ECMA-262 19.2.1.1) for a direct eval: parse and compile `source` in the
    /// caller's context and push its frame (`Ok(None)`), or return a non-string argument as is.
    pub(super) fn direct_eval(&mut self, argument: Value, flags: u32) -> JsResult<Option<Value>> {
        let Some(s) = argument.as_string() else {
            return Ok(Some(argument));
        };
        let text = self.heap.to_rust_string(s);
        let context = EvalContext::from_bits(flags);
        let parsed = match crate::syntax::parse_eval(&text, context) {
            Ok(p) => p,
            Err(e) => return self.throw(ErrorKind::SyntaxError, e.message),
        };
        let source = Rc::new(Source::new("eval", text));
        let template = match crate::compiler::compile_eval(&parsed, context, source, &mut self.heap)
        {
            Ok(t) => t,
            Err(e) => {
                return self.throw(
                    ErrorKind::Error,
                    format!("{} is not supported yet", e.message),
                )
            }
        };
        self.check_budget()?;
        if self.frames.len() >= super::MAX_FRAMES {
            return self.throw(ErrorKind::RangeError, "Maximum call stack size exceeded");
        }
        let caller = self.frames.last().expect("frame");
        let (this, callee, new_target, context) = (
            caller.this,
            caller.callee,
            caller.new_target,
            caller.context,
        );
        self.push_frame(FrameStart {
            template,
            this,
            callee,
            new_target,
            context,
            construct_result: None,
            entry: false,
        });
        Ok(None)
    }
}

/// Whether a context binds `name` so that a `var` of that name cannot be hoisted through or into it
/// (EvalDeclarationInstantiation step 3): any binding of a block scope, a `let`/`const` of a
/// function's own scope; `with` objects never do.
fn blocks_var(layout: &crate::bytecode::ScopeLayout, name: StringRef) -> bool {
    layout.kind != ScopeKind::With
        && layout
            .names
            .iter()
            .zip(layout.modes.iter())
            .any(|(&n, &m)| {
                n == name
                    && m != SlotMode::Hidden
                    && (layout.kind == ScopeKind::Block
                        || matches!(m, SlotMode::Let | SlotMode::Const))
            })
}

//! Classes (ECMA-262 15.7.14 ClassDefinitionEvaluation), private names and `super`.
//!
//! A class compiles to: a context holding its private names (fresh ones per evaluation), the heritage,
//! `CreateClass` (constructor and prototype), the methods and accessors (`DefineMethod`, which also sets
//! their home object), the private methods (created once, kept in the private context), a synthesized
//! function that adds the private methods and the fields to each instance (run by the constructor: at
//! entry in a base class, after `super()` in a derived one), and a synthesized static initializer for
//! static private methods, static fields and static blocks, called with the class as `this`.

use super::{Binding, BindingKind, CResult, Compiler, ContextInfo, Control, Location, Scope};
use crate::bytecode::{
    Constant, FunctionKind, FunctionTemplate, Opcode, ScopeKind, ScopeLayout, SlotMode,
};
use crate::syntax::ast::*;
use crate::syntax::atom::Atom;
use std::rc::Rc;

/// Capture key for synthesized functions: they declare no bindings of their own.
pub(super) const SYNTHESIZED: u32 = u32::MAX - 1;

/// The binding that holds a private method, getter or setter's function.
fn private_kind(kind: MethodKind) -> BindingKind {
    match kind {
        MethodKind::Get => BindingKind::PrivateGetter,
        MethodKind::Set => BindingKind::PrivateSetter,
        _ => BindingKind::PrivateMethod,
    }
}

/// The synthetic name of the computed key of class element `index`.
fn field_key_atom(index: usize) -> Atom {
    Atom(u32::MAX - index as u32)
}

/// `DefinePrivate`'s element kind operand.
fn define_kind(kind: MethodKind) -> i64 {
    match kind {
        MethodKind::Get => 2,
        MethodKind::Set => 3,
        _ => 1,
    }
}

impl<'a> Compiler<'a> {
    /// Evaluate a class definition; the constructor ends in the accumulator. `name` names an anonymous
    /// class (NamedEvaluation).
    pub(super) fn class(&mut self, c: &Class, name: Option<Atom>) -> CResult<()> {
        let mark = self.register_mark();
        let inner_name = c.id.map(|id| id.name);
        if let Some(n) = inner_name {
            self.enter_scope(&[(n, BindingKind::Const)], false);
            self.init_hole(n);
        }
        let private_scope = self.enter_private_scope(c);
        let parent = self.alloc_register();
        match &c.super_class {
            Some(e) => {
                self.position(e.span());
                self.expression(e)?;
            }
            None => self.emit(Opcode::LdaHole, &[]),
        }
        self.emit(Opcode::Star, &[parent as i64]);
        let derived = c.super_class.is_some();
        let constructor = c.body.body.iter().find_map(|e| match e {
            ClassElement::Method(m) if m.kind == MethodKind::Constructor => Some(m),
            _ => None,
        });
        let mut template = match constructor {
            Some(m) => {
                self.function(&m.value, FunctionKind::ClassConstructor { derived }, false)?
            }
            None => self.default_constructor(derived, c.span),
        };
        if let Some(t) = Rc::get_mut(&mut template) {
            t.name = inner_name.or(name).map(|n| self.atom(n));
            t.span = c.span;
        }
        let proto = self.alloc_register();
        let ctor = self.alloc_register();
        let k = self.add_constant(Constant::Function(template));
        self.position(c.span);
        self.emit(
            Opcode::CreateClass,
            &[k as i64, parent as i64, proto as i64],
        );
        self.emit(Opcode::Star, &[ctor as i64]);

        let mut instance_fields = Vec::new();
        let mut static_elements = Vec::new();
        let mut instance_private_methods = Vec::new();
        let mut static_private_methods = Vec::new();
        for (index, element) in c.body.body.iter().enumerate() {
            match element {
                ClassElement::Property(p) if p.computed => {
                    // Computed field keys are evaluated once, in order, at class definition.
                    let inner = self.register_mark();
                    let key = self.property_key(&p.key)?;
                    self.emit(Opcode::Ldar, &[key as i64]);
                    let b = self
                        .resolve_kind(field_key_atom(index), |k| k == BindingKind::FieldKey)
                        .expect("field key slot");
                    self.store_location(b.location);
                    self.release_to(inner);
                    if p.is_static {
                        static_elements.push((index, element));
                    } else {
                        instance_fields.push((index, &**p));
                    }
                }
                ClassElement::Method(m) if m.kind == MethodKind::Constructor => {}
                ClassElement::Method(m) => {
                    let inner = self.register_mark();
                    let target = if m.is_static { ctor } else { proto };
                    let mut method = self.function(&m.value, FunctionKind::Method, false)?;
                    // Function.prototype.toString shows the MethodDefinition (without `static`).
                    if let Some(t) = Rc::get_mut(&mut method) {
                        t.span = self.method_definition_span(m.span, m.is_static);
                    }
                    if let PropertyKey::Private(p) = &m.key {
                        // Created once; instances (or the class) receive it at initialization.
                        let k = self.add_constant(Constant::Function(method));
                        self.emit(Opcode::CreateClosure, &[k as i64]);
                        self.emit(Opcode::SetHomeObject, &[target as i64]);
                        let kind = private_kind(m.kind);
                        let b = self
                            .resolve_kind(p.name, |k| k == kind)
                            .expect("private method slot");
                        self.store_location(b.location);
                        if m.is_static {
                            static_private_methods.push((p.name, m.kind));
                        } else {
                            instance_private_methods.push((p.name, m.kind));
                        }
                        self.release_to(inner);
                        continue;
                    }
                    let key = self.property_key(&m.key)?;
                    let k = self.add_constant(Constant::Function(method));
                    self.emit(Opcode::CreateClosure, &[k as i64]);
                    let flags = match m.kind {
                        MethodKind::Get => 1,
                        MethodKind::Set => 2,
                        _ => 0,
                    };
                    self.emit(Opcode::DefineMethod, &[target as i64, key as i64, flags]);
                    self.release_to(inner);
                }
                ClassElement::Property(p) if p.is_static => static_elements.push((index, element)),
                ClassElement::Property(p) => instance_fields.push((index, &**p)),
                ClassElement::StaticBlock(_) => static_elements.push((index, element)),
            }
        }
        if !instance_fields.is_empty() || !instance_private_methods.is_empty() {
            let initializer =
                self.element_initializer(&instance_private_methods, &[], &instance_fields, c.span)?;
            let k = self.add_constant(Constant::Function(initializer));
            self.emit(Opcode::CreateClosure, &[k as i64]);
            self.emit(Opcode::SetClassFields, &[ctor as i64, proto as i64]);
        }
        // The inner name is initialized before static elements run (they may refer to it).
        if let Some(n) = inner_name {
            self.emit(Opcode::Ldar, &[ctor as i64]);
            self.init_binding(n);
        }
        if !static_elements.is_empty() || !static_private_methods.is_empty() {
            let initializer =
                self.element_initializer(&static_private_methods, &static_elements, &[], c.span)?;
            let k = self.add_constant(Constant::Function(initializer));
            self.emit(Opcode::CreateClosure, &[k as i64]);
            self.emit(Opcode::SetHomeObject, &[ctor as i64]);
            let callee = self.alloc_register();
            self.emit(Opcode::Star, &[callee as i64]);
            self.emit(Opcode::Call, &[callee as i64, ctor as i64, 0, 0, 0]);
        }
        if private_scope {
            self.exit_scope();
        }
        if inner_name.is_some() {
            self.exit_scope();
        }
        self.emit(Opcode::Ldar, &[ctor as i64]);
        self.release_to(mark);
        Ok(())
    }

    /// A context for the class's private names (and its private methods' functions), each name a
    /// fresh private name. Returns whether there was any.
    fn enter_private_scope(&mut self, c: &Class) -> bool {
        let mut entries: Vec<(Atom, BindingKind)> = Vec::new();
        for (index, element) in c.body.body.iter().enumerate() {
            if let ClassElement::Property(p) = element {
                if p.computed {
                    entries.push((field_key_atom(index), BindingKind::FieldKey));
                    continue;
                }
            }
            let (name, method) = match element {
                ClassElement::Method(m) => match &m.key {
                    PropertyKey::Private(p) => (p.name, Some(m.kind)),
                    _ => continue,
                },
                ClassElement::Property(p) => match &p.key {
                    PropertyKey::Private(p) => (p.name, None),
                    _ => continue,
                },
                ClassElement::StaticBlock(_) => continue,
            };
            if !entries.contains(&(name, BindingKind::PrivateName)) {
                entries.push((name, BindingKind::PrivateName));
            }
            if let Some(kind) = method {
                entries.push((name, private_kind(kind)));
            }
        }
        if entries.is_empty() {
            return false;
        }
        let names: Vec<_> = entries
            .iter()
            .map(|&(n, k)| {
                if k == BindingKind::FieldKey {
                    return self.heap.intern("<computed field key>");
                }
                let text = format!(
                    "#{}{}",
                    self.interner.get(n),
                    if k == BindingKind::PrivateName {
                        ""
                    } else {
                        " (method)"
                    }
                );
                self.heap.intern(&text)
            })
            .collect();
        let modes = vec![SlotMode::Hidden; names.len()];
        let c_names = self.add_constant(Constant::Scope(Rc::new(ScopeLayout {
            kind: ScopeKind::Block,
            names: names.into(),
            modes: modes.into(),
        })));
        self.emit(Opcode::PushContext, &[c_names as i64]);
        self.contexts.push(ContextInfo {
            names: entries.iter().map(|e| e.0).collect(),
        });
        self.f().context_depth += 1;
        self.f().control.push(Control::Context);
        let chain = self.contexts.len() - 1;
        let bindings = entries
            .iter()
            .enumerate()
            .map(|(slot, &(name, kind))| Binding {
                name,
                kind,
                initialized: false,
                param_tdz: false,
                location: Location::Context {
                    chain,
                    slot: slot as u32,
                },
            })
            .collect();
        self.f().scopes.push(Scope {
            bindings,
            context: Some(chain),
            locals: Vec::new(),
            dynamic: false,
            switch: false,
        });
        for &(name, kind) in &entries {
            if kind == BindingKind::PrivateName {
                let description = format!("#{}", self.interner.get(name));
                let d = self.str_constant(&description);
                self.emit(Opcode::CreatePrivateName, &[d as i64]);
                let b = self
                    .resolve_kind(name, |k| k == BindingKind::PrivateName)
                    .expect("private name");
                self.store_location(b.location);
            }
        }
        true
    }

    /// The source range of a method definition, without a leading `static`.
    fn method_definition_span(
        &self,
        span: crate::syntax::Span,
        is_static: bool,
    ) -> crate::syntax::Span {
        if !is_static {
            return span;
        }
        let text = &self.source.text[span.start as usize..span.end as usize];
        let rest = text.strip_prefix("static").unwrap_or(text);
        let skipped = text.len() - rest.trim_start().len();
        crate::syntax::Span::new(span.start + skipped as u32, span.end)
    }

    /// Load the private name `#name` into the accumulator.
    pub(super) fn load_private_name(&mut self, name: Atom) {
        let b = self
            .resolve_kind(name, |k| k == BindingKind::PrivateName)
            .expect("the parser checks private names");
        self.load_location(b.location);
    }

    /// `constructor() {}` or, for a derived class, `constructor(...args) { super(...args); }`.
    fn default_constructor(
        &mut self,
        derived: bool,
        span: crate::syntax::Span,
    ) -> Rc<FunctionTemplate> {
        self.begin_function(
            FunctionKind::ClassConstructor { derived },
            true,
            SYNTHESIZED,
        );
        self.f().scopes.push(Scope {
            bindings: Vec::new(),
            context: None,
            locals: Vec::new(),
            dynamic: false,
            switch: false,
        });
        let rest = if derived {
            let args = self.alloc_register();
            self.emit(Opcode::SuperCallSpread, &[args as i64]);
            Some(args)
        } else {
            None
        };
        self.emit(Opcode::LdaUndefined, &[]);
        self.emit(Opcode::Return, &[]);
        self.end_function(None, 0, 0, span, None, rest)
    }

    /// The function that gives `this` its private methods, then runs the fields and static blocks in
    /// order (ECMA-262 7.3.33 InitializeInstanceElements; static elements run the same way).
    fn element_initializer(
        &mut self,
        private_methods: &[(Atom, MethodKind)],
        elements: &[(usize, &ClassElement)],
        fields: &[(usize, &PropertyDefinition)],
        span: crate::syntax::Span,
    ) -> CResult<Rc<FunctionTemplate>> {
        self.begin_function(FunctionKind::Method, true, SYNTHESIZED);
        self.f().scopes.push(Scope {
            bindings: Vec::new(),
            context: None,
            locals: Vec::new(),
            dynamic: false,
            switch: false,
        });
        let this = self.alloc_register();
        self.emit(Opcode::LdaThis, &[]);
        self.emit(Opcode::Star, &[this as i64]);
        let name = self.alloc_register();
        for &(n, kind) in private_methods {
            self.load_private_name(n);
            self.emit(Opcode::Star, &[name as i64]);
            let wanted = private_kind(kind);
            let b = self
                .resolve_kind(n, |k| k == wanted)
                .expect("private method slot");
            self.load_location(b.location);
            self.emit(
                Opcode::DefinePrivate,
                &[this as i64, name as i64, define_kind(kind)],
            );
        }
        for &(index, element) in elements {
            match element {
                ClassElement::Property(p) => self.define_field(this, index, p)?,
                ClassElement::StaticBlock(b) => self.block(&b.body, None)?,
                ClassElement::Method(_) => unreachable!("methods are defined directly"),
            }
        }
        for &(index, field) in fields {
            self.define_field(this, index, field)?;
        }
        self.emit(Opcode::LdaUndefined, &[]);
        self.emit(Opcode::Return, &[]);
        Ok(self.end_function(None, 0, 0, span, None, None))
    }

    fn define_field(&mut self, this: u32, index: usize, field: &PropertyDefinition) -> CResult<()> {
        let mark = self.register_mark();
        let private = match &field.key {
            PropertyKey::Private(p) => Some(p.name),
            _ => None,
        };
        let key = match private {
            Some(n) => {
                self.load_private_name(n);
                let r = self.alloc_register();
                self.emit(Opcode::Star, &[r as i64]);
                r
            }
            None if field.computed => {
                let b = self
                    .resolve_kind(field_key_atom(index), |k| k == BindingKind::FieldKey)
                    .expect("field key slot");
                self.load_location(b.location);
                let r = self.alloc_register();
                self.emit(Opcode::Star, &[r as i64]);
                r
            }
            None => self.property_key(&field.key)?,
        };
        self.position(field.span);
        match (&field.value, &field.key) {
            (Some(v), PropertyKey::Identifier(id)) => self.named_expression(v, id.name)?,
            (Some(v), key_node) => {
                self.expression(v)?;
                // NamedEvaluation with the field's key (ClassFieldDefinitionEvaluation).
                if private.is_none()
                    && !matches!(key_node, PropertyKey::Private(_))
                    && super::expressions::is_anonymous_function_definition(v)
                {
                    self.emit(Opcode::SetFunctionName, &[key as i64]);
                }
            }
            (None, _) => self.emit(Opcode::LdaUndefined, &[]),
        }
        if private.is_some() {
            self.emit(Opcode::DefinePrivate, &[this as i64, key as i64, 0]);
        } else {
            self.emit(Opcode::DefineField, &[this as i64, key as i64]);
        }
        self.release_to(mark);
        Ok(())
    }
}

//! Classes (ECMA-262 15.7.14 ClassDefinitionEvaluation) and `super`.
//!
//! A class compiles to: the heritage, `CreateClass` (constructor and prototype), the methods and
//! accessors (`DefineMethod`, which also sets their home object), a synthesized function that defines
//! the instance fields (run by the constructor: at entry in a base class, after `super()` in a derived
//! one), and a synthesized static initializer for static fields and blocks, called with the class as
//! `this`.

use super::{BindingKind, CResult, Compiler};
use crate::bytecode::{Constant, FunctionKind, FunctionTemplate, Opcode};
use crate::syntax::ast::*;
use crate::syntax::atom::Atom;
use std::rc::Rc;

/// Capture key for synthesized functions: they declare no bindings of their own.
const SYNTHESIZED: u32 = u32::MAX - 1;

impl<'a> Compiler<'a> {
    /// Evaluate a class definition; the constructor ends in the accumulator. `name` names an anonymous
    /// class (NamedEvaluation).
    pub(super) fn class(&mut self, c: &Class, name: Option<Atom>) -> CResult<()> {
        for element in &c.body.body {
            let private = match element {
                ClassElement::Method(m) => matches!(m.key, PropertyKey::Private(_)),
                ClassElement::Property(p) => matches!(p.key, PropertyKey::Private(_)),
                ClassElement::StaticBlock(_) => false,
            };
            if private {
                return self.unsupported("private class members", c.span);
            }
        }
        let mark = self.register_mark();
        let inner_name = c.id.map(|id| id.name);
        if let Some(n) = inner_name {
            self.enter_scope(&[(n, BindingKind::Const)], false);
            self.emit(Opcode::LdaHole, &[]);
            self.init_binding(n);
        }
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
        for element in &c.body.body {
            match element {
                ClassElement::Method(m) if m.kind == MethodKind::Constructor => {}
                ClassElement::Method(m) => {
                    let inner = self.register_mark();
                    let target = if m.is_static { ctor } else { proto };
                    let key = self.property_key(&m.key)?;
                    let method = self.function(&m.value, FunctionKind::Method, false)?;
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
                ClassElement::Property(p) if p.is_static => static_elements.push(element),
                ClassElement::Property(p) => instance_fields.push(&**p),
                ClassElement::StaticBlock(_) => static_elements.push(element),
            }
        }
        if !instance_fields.is_empty() {
            let initializer = self.field_initializer(&instance_fields, c.span)?;
            let k = self.add_constant(Constant::Function(initializer));
            self.emit(Opcode::CreateClosure, &[k as i64]);
            self.emit(Opcode::SetClassFields, &[ctor as i64, proto as i64]);
        }
        // The inner name is initialized before static elements run (they may refer to it).
        if let Some(n) = inner_name {
            self.emit(Opcode::Ldar, &[ctor as i64]);
            self.init_binding(n);
        }
        if !static_elements.is_empty() {
            let initializer = self.static_initializer(&static_elements, c.span)?;
            let k = self.add_constant(Constant::Function(initializer));
            self.emit(Opcode::CreateClosure, &[k as i64]);
            self.emit(Opcode::SetHomeObject, &[ctor as i64]);
            let callee = self.alloc_register();
            self.emit(Opcode::Star, &[callee as i64]);
            self.emit(Opcode::Call, &[callee as i64, ctor as i64, 0, 0, 0]);
        }
        if inner_name.is_some() {
            self.exit_scope();
        }
        self.emit(Opcode::Ldar, &[ctor as i64]);
        self.release_to(mark);
        Ok(())
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
        self.f().scopes.push(super::Scope {
            bindings: Vec::new(),
            context: None,
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

    /// The function that defines the instance fields on `this` (ECMA-262 7.3.33 InitializeInstanceElements).
    fn field_initializer(
        &mut self,
        fields: &[&PropertyDefinition],
        span: crate::syntax::Span,
    ) -> CResult<Rc<FunctionTemplate>> {
        self.begin_function(FunctionKind::Method, true, SYNTHESIZED);
        self.f().scopes.push(super::Scope {
            bindings: Vec::new(),
            context: None,
        });
        let this = self.alloc_register();
        self.emit(Opcode::LdaThis, &[]);
        self.emit(Opcode::Star, &[this as i64]);
        for field in fields {
            self.define_field(this, field)?;
        }
        self.emit(Opcode::LdaUndefined, &[]);
        self.emit(Opcode::Return, &[]);
        Ok(self.end_function(None, 0, 0, span, None, None))
    }

    /// Static fields and static blocks, in order, with the class as `this`.
    fn static_initializer(
        &mut self,
        elements: &[&ClassElement],
        span: crate::syntax::Span,
    ) -> CResult<Rc<FunctionTemplate>> {
        self.begin_function(FunctionKind::Method, true, SYNTHESIZED);
        self.f().scopes.push(super::Scope {
            bindings: Vec::new(),
            context: None,
        });
        let this = self.alloc_register();
        self.emit(Opcode::LdaThis, &[]);
        self.emit(Opcode::Star, &[this as i64]);
        for element in elements {
            match element {
                ClassElement::Property(p) => self.define_field(this, p)?,
                ClassElement::StaticBlock(b) => self.block(&b.body, None)?,
                ClassElement::Method(_) => unreachable!("methods are defined directly"),
            }
        }
        self.emit(Opcode::LdaUndefined, &[]);
        self.emit(Opcode::Return, &[]);
        Ok(self.end_function(None, 0, 0, span, None, None))
    }

    fn define_field(&mut self, this: u32, field: &PropertyDefinition) -> CResult<()> {
        if field.computed {
            return self.unsupported("computed class field names", field.span);
        }
        let mark = self.register_mark();
        let key = self.property_key(&field.key)?;
        self.position(field.span);
        match (&field.value, &field.key) {
            (Some(v), PropertyKey::Identifier(id)) => self.named_expression(v, id.name)?,
            (Some(v), _) => self.expression(v)?,
            (None, _) => self.emit(Opcode::LdaUndefined, &[]),
        }
        self.emit(Opcode::DefineField, &[this as i64, key as i64]);
        self.release_to(mark);
        Ok(())
    }
}

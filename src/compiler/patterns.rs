//! Binding and assignment patterns (ECMA-262 8.6.2 BindingInitialization, 13.15.5 destructuring).

use super::{BindMode, CResult, Compiler};
use crate::bytecode::Opcode;
use crate::syntax::ast::*;
use crate::syntax::atom::Atom;

/// BoundNames (ECMA-262 8.2.1) of a pattern, in source order.
pub(super) fn bound_names(p: &Pattern, out: &mut Vec<Atom>) {
    match p {
        Pattern::Identifier(id) => out.push(id.name),
        Pattern::Member(_) | Pattern::Call(_) => {}
        Pattern::Object(o) => {
            for prop in &o.properties {
                match prop {
                    PatternProperty::Property(p) => bound_names(&p.value, out),
                    PatternProperty::Rest(r) => bound_names(&r.argument, out),
                }
            }
        }
        Pattern::Array(a) => a
            .elements
            .iter()
            .flatten()
            .for_each(|p| bound_names(p, out)),
        Pattern::Assignment(a) => bound_names(&a.left, out),
        Pattern::Rest(r) => bound_names(&r.argument, out),
    }
}

impl<'a> Compiler<'a> {
    /// Bind the accumulator's value to `pattern`; the accumulator keeps the value.
    pub(super) fn bind_pattern(&mut self, pattern: &Pattern, mode: BindMode) -> CResult<()> {
        match pattern {
            Pattern::Identifier(id) => match mode {
                BindMode::Init => self.init_binding(id.name),
                BindMode::Assign => self.store_binding(id.name, id.span),
            },
            Pattern::Assignment(a) => {
                // A default applies when the value is undefined.
                let mark = self.register_mark();
                let value = self.alloc_register();
                self.emit(Opcode::Star, &[value as i64]);
                let skip = self.emit_jump(Opcode::JumpIfNotUndefined);
                match &a.left {
                    Pattern::Identifier(id) => self.named_expression(&a.right, id.name)?,
                    _ => self.expression(&a.right)?,
                }
                self.emit(Opcode::Star, &[value as i64]);
                self.patch_here(skip);
                self.emit(Opcode::Ldar, &[value as i64]);
                self.bind_pattern(&a.left, mode)?;
                self.release_to(mark);
            }
            Pattern::Member(m) => {
                let mark = self.register_mark();
                let value = self.alloc_register();
                self.emit(Opcode::Star, &[value as i64]);
                let target = self.prepare_member_target(m)?;
                self.emit(Opcode::Ldar, &[value as i64]);
                self.store_member_target(target);
                self.release_to(mark);
            }
            Pattern::Object(o) => {
                let mark = self.register_mark();
                let value = self.alloc_register();
                self.emit(Opcode::Star, &[value as i64]);
                // RequireObjectCoercible: destructuring null or undefined is a TypeError.
                let ok = self.emit_jump(Opcode::JumpIfNotNullish);
                let message = self.str_constant("Cannot destructure null or undefined");
                self.position(o.span);
                self.emit(Opcode::ThrowError, &[0, message as i64]);
                self.patch_here(ok);
                // With a rest element, every key read before it is kept for CopyDataPropertiesExcept.
                let has_rest = matches!(o.properties.last(), Some(PatternProperty::Rest(_)));
                let key_count = o.properties.len() as u32 - u32::from(has_rest);
                let keys = if has_rest {
                    self.alloc_registers(key_count)
                } else {
                    0
                };
                for (index, prop) in o.properties.iter().enumerate() {
                    let p = match prop {
                        PatternProperty::Property(p) => p,
                        PatternProperty::Rest(r) => {
                            self.bind_element(&r.argument, mode, |s| {
                                s.emit(Opcode::Ldar, &[value as i64]);
                                s.emit(
                                    Opcode::CopyDataPropertiesExcept,
                                    &[value as i64, keys as i64, key_count as i64],
                                );
                                Ok(())
                            })?;
                            continue;
                        }
                    };
                    let inner = self.register_mark();
                    let named = match (&p.key, p.computed) {
                        (PropertyKey::Identifier(id), false) => Some(id.name),
                        _ => None,
                    };
                    // ECMA-262 13.15.5.6: the property name is evaluated first, then the target
                    // reference, then the property is read.
                    let key = if has_rest {
                        Some(keys + index as u32)
                    } else if named.is_none() {
                        Some(self.alloc_register())
                    } else {
                        None
                    };
                    if let Some(k) = key {
                        self.load_pattern_key(p)?;
                        self.emit(Opcode::Star, &[k as i64]);
                    }
                    self.bind_element(&p.value, mode, |s| {
                        let fb = s.feedback();
                        match (key, named) {
                            (Some(k), _) => {
                                s.emit(Opcode::Ldar, &[k as i64]);
                                s.emit(Opcode::GetKeyed, &[value as i64, fb]);
                            }
                            (None, Some(name)) => {
                                let c = s.name_constant(name);
                                s.emit(Opcode::GetNamed, &[value as i64, c as i64, fb]);
                            }
                            (None, None) => unreachable!("a key register exists for computed keys"),
                        }
                        Ok(())
                    })?;
                    self.release_to(inner);
                }
                self.emit(Opcode::Ldar, &[value as i64]);
                self.release_to(mark);
            }
            Pattern::Array(a) => self.bind_array_pattern(a, mode)?,
            Pattern::Rest(r) => return self.unsupported("rest patterns", r.span),
            Pattern::Call(e) => return self.unsupported("assignment to a call", e.span()),
        }
        Ok(())
    }

    /// Array destructuring (ECMA-262 8.6.3 IteratorBindingInitialization, 13.15.5.5): the value's
    /// iterator supplies the elements; the iterator is closed unless it ran out.
    fn bind_array_pattern(&mut self, a: &ArrayPattern, mode: BindMode) -> CResult<()> {
        let mark = self.register_mark();
        let value = self.alloc_register();
        self.emit(Opcode::Star, &[value as i64]);
        let iterator = self.alloc_registers(2);
        self.position(a.span);
        self.emit(Opcode::GetIterator, &[iterator as i64]);
        let done = self.alloc_register();
        self.emit(Opcode::LdaFalse, &[]);
        self.emit(Opcode::Star, &[done as i64]);
        let depth = self.fs().context_depth;
        let start = self.offset();
        for element in &a.elements {
            match element {
                None => self.emit(Opcode::IteratorStepValue, &[iterator as i64, done as i64]),
                Some(Pattern::Rest(r)) => self.bind_element(&r.argument, mode, |s| {
                    s.emit(Opcode::IteratorRest, &[iterator as i64, done as i64]);
                    Ok(())
                })?,
                Some(p) => self.bind_element(p, mode, |s| {
                    s.emit(Opcode::IteratorStepValue, &[iterator as i64, done as i64]);
                    Ok(())
                })?,
            }
        }
        let end = self.offset();
        self.emit(
            Opcode::IteratorCloseIfNotDone,
            &[iterator as i64, done as i64],
        );
        let skip = self.emit_jump(Opcode::Jump);
        // An exception while binding closes the iterator (unless it came from the iterator itself).
        let handler = self.offset();
        self.f().handlers.push(crate::bytecode::Handler {
            start,
            end,
            handler,
            context_depth: depth,
        });
        let exception = self.alloc_register();
        self.emit(Opcode::Star, &[exception as i64]);
        self.emit(Opcode::Ldar, &[done as i64]);
        let rethrow = self.emit_jump(Opcode::JumpIfTrue);
        self.emit(Opcode::IteratorCloseQuiet, &[iterator as i64]);
        self.patch_here(rethrow);
        self.emit(Opcode::Ldar, &[exception as i64]);
        self.emit(Opcode::Throw, &[]);
        self.patch_here(skip);
        self.emit(Opcode::Ldar, &[value as i64]);
        self.release_to(mark);
        Ok(())
    }

    /// Bind one element of an array or object pattern whose value `fetch` leaves in the
    /// accumulator. ECMA-262 13.15.5.5-7: a member-expression target (`[o.x] = it`,
    /// `({k: o[x]} = v)`) is evaluated before the iterator step or property read, and its default
    /// after.
    fn bind_element(
        &mut self,
        pattern: &Pattern,
        mode: BindMode,
        fetch: impl FnOnce(&mut Self) -> CResult<()>,
    ) -> CResult<()> {
        let (member, default) = match pattern {
            Pattern::Member(m) => (Some(m), None),
            Pattern::Assignment(a) => match &a.left {
                Pattern::Member(m) => (Some(m), Some(&a.right)),
                _ => (None, None),
            },
            _ => (None, None),
        };
        let Some(member) = member else {
            fetch(self)?;
            return self.bind_pattern(pattern, mode);
        };
        let mark = self.register_mark();
        let target = self.prepare_member_target(member)?;
        fetch(self)?;
        if let Some(default) = default {
            let skip = self.emit_jump(Opcode::JumpIfNotUndefined);
            self.expression(default)?;
            self.patch_here(skip);
        }
        self.store_member_target(target);
        self.release_to(mark);
        Ok(())
    }

    /// Evaluate a member target's object and key into registers (the key's ToPropertyKey waits
    /// for PutValue, as in ECMA-262 13.3.3 EvaluatePropertyAccessWithExpressionKey).
    fn prepare_member_target(&mut self, m: &MemberExpression) -> CResult<MemberTarget> {
        self.expression(&m.object)?;
        let object = self.alloc_register();
        self.emit(Opcode::Star, &[object as i64]);
        Ok(match &m.property {
            MemberProperty::Identifier(id) => MemberTarget::Named {
                object,
                name: self.name_constant(id.name),
            },
            MemberProperty::Computed(e) => {
                self.expression(e)?;
                let key = self.alloc_register();
                self.emit(Opcode::Star, &[key as i64]);
                MemberTarget::Keyed { object, key }
            }
            MemberProperty::Private(p) => {
                self.load_private_name(p.name);
                let name = self.alloc_register();
                self.emit(Opcode::Star, &[name as i64]);
                MemberTarget::Private { object, name }
            }
        })
    }

    /// PutValue of the accumulator into a prepared member target; the accumulator keeps the value.
    fn store_member_target(&mut self, target: MemberTarget) {
        let value = self.alloc_register();
        self.emit(Opcode::Star, &[value as i64]);
        match target {
            MemberTarget::Named { object, name } => {
                let fb = self.feedback();
                self.emit(Opcode::SetNamed, &[object as i64, name as i64, fb]);
            }
            MemberTarget::Keyed { object, key } => {
                self.emit(Opcode::Ldar, &[key as i64]);
                self.emit(Opcode::ToPropertyKey, &[]);
                self.emit(Opcode::Star, &[key as i64]);
                self.emit(Opcode::Ldar, &[value as i64]);
                let fb = self.feedback();
                self.emit(Opcode::SetKeyed, &[object as i64, key as i64, fb]);
            }
            MemberTarget::Private { object, name } => {
                self.emit(Opcode::SetPrivate, &[object as i64, name as i64]);
            }
        }
        self.emit(Opcode::Ldar, &[value as i64]);
    }

    /// Load an object pattern property's key, converted with ToPropertyKey, into the accumulator.
    fn load_pattern_key(&mut self, p: &AssignmentProperty) -> CResult<()> {
        match &p.key {
            PropertyKey::Identifier(id) => {
                let c = self.name_constant(id.name);
                self.emit(Opcode::LdaConstant, &[c as i64]);
                return Ok(());
            }
            PropertyKey::Computed(e) => self.expression(e)?,
            PropertyKey::Literal(l) => {
                let value = match &l.value {
                    LiteralValue::String(s) => LiteralValue::String(s.clone()),
                    LiteralValue::Number(n) => LiteralValue::Number(*n),
                    LiteralValue::BigInt(b) => LiteralValue::BigInt(b.clone()),
                    _ => return self.unsupported("this property key", l.span),
                };
                self.expression(&Expression::Literal(Box::new(Literal {
                    span: l.span,
                    value,
                })))?
            }
            PropertyKey::Private(p) => return self.unsupported("private names", p.span),
        }
        self.emit(Opcode::ToPropertyKey, &[]);
        Ok(())
    }
}

/// A member-expression destructuring target whose reference is already evaluated.
#[derive(Clone, Copy)]
enum MemberTarget {
    Named { object: u32, name: u32 },
    Keyed { object: u32, key: u32 },
    Private { object: u32, name: u32 },
}

//! Expressions (ECMA-262 13): every expression leaves its value in the accumulator.

use super::{BindMode, CResult, Compiler, Location};
use crate::bytecode::{Constant, FunctionKind, Opcode};
use crate::syntax::ast::*;
use crate::syntax::atom::Atom;

fn binary_opcode(op: BinaryOperator) -> Opcode {
    use BinaryOperator as B;
    match op {
        B::Add => Opcode::Add,
        B::Sub => Opcode::Sub,
        B::Mul => Opcode::Mul,
        B::Div => Opcode::Div,
        B::Rem => Opcode::Mod,
        B::Exp => Opcode::Exp,
        B::BitAnd => Opcode::BitAnd,
        B::BitOr => Opcode::BitOr,
        B::BitXor => Opcode::BitXor,
        B::Shl => Opcode::Shl,
        B::Shr => Opcode::Shr,
        B::UShr => Opcode::UShr,
        B::Eq => Opcode::Eq,
        B::NotEq => Opcode::NotEq,
        B::StrictEq => Opcode::StrictEq,
        B::StrictNotEq => Opcode::StrictNotEq,
        B::Lt => Opcode::Lt,
        B::Gt => Opcode::Gt,
        B::LtEq => Opcode::LtEq,
        B::GtEq => Opcode::GtEq,
        B::In => Opcode::In,
        B::Instanceof => Opcode::Instanceof,
    }
}

fn compound_opcode(op: AssignmentOperator) -> Option<Opcode> {
    use AssignmentOperator as A;
    Some(match op {
        A::Add => Opcode::Add,
        A::Sub => Opcode::Sub,
        A::Mul => Opcode::Mul,
        A::Div => Opcode::Div,
        A::Rem => Opcode::Mod,
        A::Exp => Opcode::Exp,
        A::Shl => Opcode::Shl,
        A::Shr => Opcode::Shr,
        A::UShr => Opcode::UShr,
        A::BitOr => Opcode::BitOr,
        A::BitXor => Opcode::BitXor,
        A::BitAnd => Opcode::BitAnd,
        A::Assign | A::And | A::Or | A::Coalesce => return None,
    })
}

/// A reference on the left of an assignment, with its parts evaluated into registers.
enum Reference {
    Binding(Atom, crate::syntax::Span),
    SuperNamed { name: u32 },
    Private { object: u32, name: u32 },
    SuperKeyed { key: u32 },
    Named { object: u32, name: u32 },
    Keyed { object: u32, key: u32 },
}

impl<'a> Compiler<'a> {
    pub(super) fn expression(&mut self, e: &Expression) -> CResult<()> {
        match e {
            Expression::Literal(l) => self.literal(l)?,
            Expression::Identifier(id) => self.load_binding(id.name, id.span),
            Expression::This(_) => self.emit(Opcode::LdaThis, &[]),
            Expression::Parenthesized(p) => self.expression(&p.expression)?,
            Expression::Template(t) => self.template_literal(t)?,
            Expression::Array(a) => self.array_literal(a)?,
            Expression::Object(o) => self.object_literal(o)?,
            Expression::Function(f) => {
                let template = self.function(f, FunctionKind::Normal, true)?;
                let c = self.add_constant(Constant::Function(template));
                self.emit(Opcode::CreateClosure, &[c as i64]);
            }
            Expression::Arrow(a) => {
                let template = self.arrow(a, None)?;
                let c = self.add_constant(Constant::Function(template));
                self.emit(Opcode::CreateClosure, &[c as i64]);
            }
            Expression::Member(m) => {
                let mark = self.register_mark();
                self.member(m, None)?;
                self.release_to(mark);
            }
            Expression::Call(c) => self.call(c, None)?,
            Expression::New(n) => {
                let mark = self.register_mark();
                self.expression(&n.callee)?;
                let callee = self.alloc_register();
                self.emit(Opcode::Star, &[callee as i64]);
                if n.arguments.iter().any(|a| matches!(a, Argument::Spread(_))) {
                    let array = self.spread_arguments(&n.arguments)?;
                    self.position(n.span);
                    self.emit(Opcode::ConstructSpread, &[callee as i64, array as i64]);
                } else {
                    let (first, count) = self.arguments(&n.arguments)?;
                    let fb = self.feedback();
                    self.position(n.span);
                    self.emit(
                        Opcode::Construct,
                        &[callee as i64, first as i64, count as i64, fb],
                    );
                }
                self.release_to(mark);
            }
            Expression::Chain(c) => {
                let exits_before = self.chain_exits.len();
                self.chain_exits.push(Vec::new());
                self.expression(&c.expression)?;
                let exits = self.chain_exits.pop().expect("chain");
                debug_assert_eq!(self.chain_exits.len(), exits_before);
                if !exits.is_empty() {
                    let done = self.emit_jump(Opcode::Jump);
                    for x in exits {
                        self.patch_here(x);
                    }
                    self.emit(Opcode::LdaUndefined, &[]);
                    self.patch_here(done);
                }
            }
            Expression::Unary(u) => self.unary(u)?,
            Expression::Update(u) => self.update(u)?,
            Expression::Binary(b)
                if binary_opcode(b.operator).smi_form().is_some()
                    && small_int(&b.right).is_some() =>
            {
                // `x + 1`, `i < 10`, `n | 0`: the literal is an immediate.
                let imm = small_int(&b.right).expect("checked");
                self.expression(&b.left)?;
                let op = binary_opcode(b.operator).smi_form().expect("checked");
                self.position(b.span);
                let fb = self.feedback();
                self.emit(op, &[imm as i64, fb]);
            }
            Expression::Binary(b)
                if small_int(&b.left).is_some() && mirrored(b.operator).is_some() =>
            {
                // `2 * x`, `0 < n`: converting a literal is unobservable, so the operands can swap
                // (multiplication and bitwise operators commute; `<` mirrors to `>`).
                let imm = small_int(&b.left).expect("checked");
                self.expression(&b.right)?;
                let op = mirrored(b.operator).expect("checked");
                self.position(b.span);
                let fb = self.feedback();
                self.emit(op, &[imm as i64, fb]);
            }
            Expression::Binary(b) => {
                let mark = self.register_mark();
                // A local in a register is used in place when the right operand cannot assign it.
                let left = match self.register_operand(&b.left, &b.right) {
                    Some(r) => r,
                    None => {
                        self.expression(&b.left)?;
                        let left = self.alloc_register();
                        self.emit(Opcode::Star, &[left as i64]);
                        left
                    }
                };
                self.expression(&b.right)?;
                let op = binary_opcode(b.operator);
                self.position(b.span);
                if op == Opcode::In {
                    self.emit(op, &[left as i64]);
                } else {
                    let fb = self.feedback();
                    self.emit(op, &[left as i64, fb]);
                }
                self.release_to(mark);
            }
            Expression::Logical(l) => {
                self.expression(&l.left)?;
                let jump = match l.operator {
                    LogicalOperator::And => Opcode::JumpIfFalse,
                    LogicalOperator::Or => Opcode::JumpIfTrue,
                    LogicalOperator::Coalesce => Opcode::JumpIfNotNullish,
                };
                let end = self.emit_jump(jump);
                self.expression(&l.right)?;
                self.patch_here(end);
            }
            Expression::Conditional(c) => {
                self.expression(&c.test)?;
                let else_jump = self.emit_jump(Opcode::JumpIfFalse);
                self.expression(&c.consequent)?;
                let end = self.emit_jump(Opcode::Jump);
                self.patch_here(else_jump);
                self.expression(&c.alternate)?;
                self.patch_here(end);
            }
            Expression::Assignment(a) => self.assignment(a)?,
            Expression::Sequence(s) => {
                for e in &s.expressions {
                    self.expression(e)?;
                }
            }
            Expression::MetaProperty(m) => {
                if m.meta.name == crate::syntax::atom::NEW {
                    self.emit(Opcode::LdaNewTarget, &[]);
                } else {
                    self.import_meta(m.span)?;
                }
            }
            Expression::Class(c) => self.class(c, None)?,
            Expression::TaggedTemplate(t) => self.tagged_template(t)?,
            Expression::Super(span) => return self.unsupported("super", *span),
            Expression::PrivateIn(p) => {
                let mark = self.register_mark();
                self.expression(&p.right)?;
                let object = self.alloc_register();
                self.emit(Opcode::Star, &[object as i64]);
                self.load_private_name(p.left.name);
                self.position(p.span);
                self.emit(Opcode::HasPrivate, &[object as i64]);
                self.release_to(mark);
            }
            Expression::Yield(y) => self.yield_expression(y)?,
            Expression::Await(a) => self.await_expression(a)?,
            // `import(specifier, options)`: the specifier, then the options, are evaluated first
            // (ECMA-262 13.3.10.1); the VM's `import_call` does the rest.
            Expression::Import(i) => {
                let mark = self.register_mark();
                self.expression(&i.source)?;
                let specifier = self.alloc_register();
                self.emit(Opcode::Star, &[specifier as i64]);
                match &i.options {
                    Some(o) => self.expression(o)?,
                    None => self.emit(Opcode::LdaUndefined, &[]),
                }
                let options = self.alloc_register();
                self.emit(Opcode::Star, &[options as i64]);
                self.position(i.span);
                self.emit(Opcode::ImportCall, &[specifier as i64, options as i64]);
                self.release_to(mark);
            }
        }
        Ok(())
    }

    /// A tagged template call: the tag gets the site's frozen strings array, then the substitutions
    /// (ECMA-262 13.3.11).
    fn tagged_template(&mut self, t: &TaggedTemplate) -> CResult<()> {
        let mark = self.register_mark();
        let callee = self.alloc_register();
        let this = self.alloc_register();
        match t.tag.unparenthesized() {
            Expression::Member(m) => {
                self.member(m, Some(this))?;
            }
            tag => {
                self.expression(tag)?;
                self.emit(Opcode::Star, &[callee as i64]);
                self.emit(Opcode::LdaUndefined, &[]);
                self.emit(Opcode::Star, &[this as i64]);
                self.emit(Opcode::Ldar, &[callee as i64]);
            }
        }
        self.emit(Opcode::Star, &[callee as i64]);
        let mut cooked = Vec::new();
        let mut raw = Vec::new();
        for q in &t.quasi.quasis {
            cooked.push(q.cooked.as_ref().map(|c| self.heap.intern_utf16(c)));
            raw.push(self.heap.intern(&q.raw));
        }
        let site = crate::bytecode::TemplateSite {
            cooked,
            raw,
            object: std::cell::Cell::new(None),
        };
        let c = self.add_constant(Constant::TemplateSite(std::rc::Rc::new(site)));
        let count = 1 + t.quasi.expressions.len() as u32;
        let first = self.alloc_registers(count);
        self.emit(Opcode::GetTemplateObject, &[c as i64]);
        self.emit(Opcode::Star, &[first as i64]);
        for (i, e) in t.quasi.expressions.iter().enumerate() {
            let inner = self.register_mark();
            self.expression(e)?;
            self.release_to(inner);
            self.emit(Opcode::Star, &[(first + 1 + i as u32) as i64]);
        }
        let fb = self.feedback();
        self.position(t.span);
        self.emit(
            Opcode::Call,
            &[callee as i64, this as i64, first as i64, count as i64, fb],
        );
        self.release_to(mark);
        Ok(())
    }

    /// NamedEvaluation (ECMA-262 8.4.5): an anonymous function assigned to `name` takes that name.
    pub(super) fn named_expression(&mut self, e: &Expression, name: Atom) -> CResult<()> {
        match e {
            Expression::Arrow(a) => {
                let template = self.arrow(a, Some(name))?;
                let c = self.add_constant(Constant::Function(template));
                self.emit(Opcode::CreateClosure, &[c as i64]);
                Ok(())
            }
            Expression::Function(f) if f.id.is_none() => {
                let mut template = self.function(f, FunctionKind::Normal, true)?;
                let s = self.atom(name);
                if let Some(t) = std::rc::Rc::get_mut(&mut template) {
                    t.name = Some(s);
                }
                let c = self.add_constant(Constant::Function(template));
                self.emit(Opcode::CreateClosure, &[c as i64]);
                Ok(())
            }
            Expression::Parenthesized(p) => self.named_expression(&p.expression, name),
            Expression::Class(c) if c.id.is_none() => self.class(c, Some(name)),
            _ => self.expression(e),
        }
    }

    fn literal(&mut self, l: &Literal) -> CResult<()> {
        match &l.value {
            LiteralValue::Null => self.emit(Opcode::LdaNull, &[]),
            LiteralValue::Boolean(true) => self.emit(Opcode::LdaTrue, &[]),
            LiteralValue::Boolean(false) => self.emit(Opcode::LdaFalse, &[]),
            LiteralValue::Number(n) => {
                let i = *n as i32;
                if i as f64 == *n && !(i == 0 && n.is_sign_negative()) {
                    self.emit(Opcode::LdaSmi, &[i as i64]);
                } else {
                    let c = self.number_constant(*n);
                    self.emit(Opcode::LdaConstant, &[c as i64]);
                }
            }
            LiteralValue::String(s) => {
                let r = self.heap.intern_utf16(s);
                let c = self.string_constant(r);
                self.emit(Opcode::LdaConstant, &[c as i64]);
            }
            LiteralValue::BigInt(digits) => {
                let Some(value) = crate::runtime::bigint::parse_literal(digits) else {
                    return Err(super::CompileError {
                        message: "Invalid BigInt literal".into(),
                        span: l.span,
                    });
                };
                let c = self.add_constant(Constant::BigInt(Box::new(value)));
                self.emit(Opcode::LdaConstant, &[c as i64]);
            }
            LiteralValue::RegExp { pattern, flags } => {
                // ECMA-262 13.2.7.3: every evaluation creates a new object.
                let p = self.heap.intern(pattern);
                let f = self.heap.intern(flags);
                let p = self.string_constant(p);
                let f = self.string_constant(f);
                self.emit(Opcode::CreateRegExp, &[p as i64, f as i64]);
            }
        }
        Ok(())
    }

    fn template_literal(&mut self, t: &TemplateLiteral) -> CResult<()> {
        let mark = self.register_mark();
        let acc = self.alloc_register();
        let cooked = |q: &TemplateElement| q.cooked.clone().unwrap_or_default();
        let first = cooked(&t.quasis[0]);
        let s = self.heap.intern_utf16(&first);
        let c = self.string_constant(s);
        self.emit(Opcode::LdaConstant, &[c as i64]);
        for (e, q) in t.expressions.iter().zip(&t.quasis[1..]) {
            self.emit(Opcode::Star, &[acc as i64]);
            self.expression(e)?;
            self.position(e.span());
            self.emit(Opcode::ToString, &[]);
            let fb = self.feedback();
            self.emit(Opcode::Add, &[acc as i64, fb]);
            let text = cooked(q);
            if !text.is_empty() {
                self.emit(Opcode::Star, &[acc as i64]);
                let s = self.heap.intern_utf16(&text);
                let c = self.string_constant(s);
                self.emit(Opcode::LdaConstant, &[c as i64]);
                let fb = self.feedback();
                self.emit(Opcode::Add, &[acc as i64, fb]);
            }
        }
        self.release_to(mark);
        Ok(())
    }

    fn array_literal(&mut self, a: &ArrayExpression) -> CResult<()> {
        let mark = self.register_mark();
        self.emit(Opcode::CreateArray, &[]);
        let array = self.alloc_register();
        self.emit(Opcode::Star, &[array as i64]);
        for element in &a.elements {
            match element {
                None => self.emit(Opcode::ArrayPushHole, &[array as i64]),
                Some(ArrayElement::Expression(e)) => {
                    self.expression(e)?;
                    self.emit(Opcode::ArrayPush, &[array as i64]);
                }
                Some(ArrayElement::Spread(s)) => {
                    self.expression(&s.argument)?;
                    self.spread_into(array)?;
                }
            }
        }
        self.emit(Opcode::Ldar, &[array as i64]);
        self.release_to(mark);
        Ok(())
    }

    /// Append every value of the iterable in the accumulator to the array in `array`.
    fn spread_into(&mut self, array: u32) -> CResult<()> {
        let mark = self.register_mark();
        let iterator = self.alloc_registers(2);
        self.emit(Opcode::GetIterator, &[iterator as i64]);
        let top = self.offset();
        self.emit(Opcode::IteratorStep, &[iterator as i64, 0]);
        let exit = self.offset() - 4;
        self.emit(Opcode::ArrayPush, &[array as i64]);
        self.emit(Opcode::JumpLoop, &[top as i64]);
        self.patch_here(exit);
        self.release_to(mark);
        Ok(())
    }

    /// Arguments with spread, collected into a new array in a fresh register.
    fn spread_arguments(&mut self, args: &[Argument]) -> CResult<u32> {
        self.emit(Opcode::CreateArray, &[]);
        let array = self.alloc_register();
        self.emit(Opcode::Star, &[array as i64]);
        for a in args {
            match a {
                Argument::Expression(e) => {
                    self.expression(e)?;
                    self.emit(Opcode::ArrayPush, &[array as i64]);
                }
                Argument::Spread(s) => {
                    self.expression(&s.argument)?;
                    self.spread_into(array)?;
                }
            }
        }
        Ok(array)
    }

    /// The key of a property into a fresh register (computed keys are converted with ToPropertyKey).
    pub(super) fn property_key(&mut self, key: &PropertyKey) -> CResult<u32> {
        match key {
            PropertyKey::Identifier(id) => {
                let c = self.name_constant(id.name);
                self.emit(Opcode::LdaConstant, &[c as i64]);
            }
            PropertyKey::Literal(l) => {
                self.literal(l)?;
                self.emit(Opcode::ToPropertyKey, &[]);
            }
            PropertyKey::Computed(e) => {
                self.expression(e)?;
                self.emit(Opcode::ToPropertyKey, &[]);
            }
            PropertyKey::Private(p) => return self.unsupported("private names", p.span),
        }
        let r = self.alloc_register();
        self.emit(Opcode::Star, &[r as i64]);
        Ok(r)
    }

    fn object_literal(&mut self, o: &ObjectExpression) -> CResult<()> {
        let mark = self.register_mark();
        self.emit(Opcode::CreateObject, &[]);
        let object = self.alloc_register();
        self.emit(Opcode::Star, &[object as i64]);
        for member in &o.properties {
            let ObjectMember::Property(p) = member else {
                let ObjectMember::Spread(s) = member else {
                    unreachable!()
                };
                self.expression(&s.argument)?;
                self.emit(Opcode::CopyDataProperties, &[object as i64]);
                continue;
            };
            if !p.computed && !p.shorthand && p.kind == PropertyKind::Init && !p.method {
                if let PropertyKey::Identifier(id) = &p.key {
                    if id.name == crate::syntax::atom::PROTO {
                        // ECMA-262 13.2.5.5 (B.3.1): `__proto__: v` sets the prototype.
                        self.expression(&p.value)?;
                        self.emit(Opcode::SetPrototypeLiteral, &[object as i64]);
                        continue;
                    }
                }
            }
            let inner = self.register_mark();
            let key = self.property_key(&p.key)?;
            match (&p.value, p.kind) {
                (Expression::Function(f), kind) if p.method || kind != PropertyKind::Init => {
                    // Methods and accessors get their name from the key and `object` as home object.
                    let mut template = self.function(f, FunctionKind::Method, false)?;
                    // Function.prototype.toString shows the whole MethodDefinition.
                    if let Some(t) = std::rc::Rc::get_mut(&mut template) {
                        t.span = p.span;
                    }
                    let c = self.add_constant(Constant::Function(template));
                    self.emit(Opcode::CreateClosure, &[c as i64]);
                    let flags = match kind {
                        PropertyKind::Get => 1,
                        PropertyKind::Set => 2,
                        PropertyKind::Init => 0,
                    } | 4;
                    self.emit(Opcode::DefineMethod, &[object as i64, key as i64, flags]);
                }
                (value, _) => {
                    match (&p.key, p.computed) {
                        (PropertyKey::Identifier(id), false) => {
                            self.named_expression(value, id.name)?
                        }
                        _ => {
                            self.expression(value)?;
                            if is_anonymous_function_definition(value) {
                                // NamedEvaluation with the key's value (13.2.5.5).
                                self.emit(Opcode::SetFunctionName, &[key as i64]);
                            }
                        }
                    }
                    self.emit(Opcode::DefineField, &[object as i64, key as i64]);
                }
            }
            self.release_to(inner);
        }
        self.emit(Opcode::Ldar, &[object as i64]);
        self.release_to(mark);
        Ok(())
    }

    /// Compile an arrow function to its template.
    pub(super) fn arrow(
        &mut self,
        a: &ArrowFunction,
        name: Option<Atom>,
    ) -> CResult<std::rc::Rc<crate::bytecode::FunctionTemplate>> {
        self.begin_function(FunctionKind::Arrow, a.strict, a.span.start);
        if a.is_async {
            self.f().coroutine = Some(crate::bytecode::CoroutineKind::Async);
        }
        let body: &[Statement] = match &a.body {
            ArrowBody::Block(b) => &b.body,
            ArrowBody::Expression(_) => &[],
        };
        let (param_count, length, _, rest) =
            self.function_body_prologue(&a.params, a.simple_params, body, false, None)?;
        match &a.body {
            ArrowBody::Expression(e) => {
                self.expression(e)?;
                self.emit_final_return();
            }
            ArrowBody::Block(b) => {
                for s in &b.body {
                    self.statement(s, None)?;
                }
                self.emit(Opcode::LdaUndefined, &[]);
                self.emit_final_return();
            }
        }
        let name = name.map(|n| self.atom(n));
        Ok(self.end_function(name, param_count, length, a.span, None, rest))
    }

    /// Evaluate `m.object` into a register and load the property; returns the object register
    /// (the `this` of a method call). Optional links exit the chain on nullish objects.
    fn member(&mut self, m: &MemberExpression, object_register: Option<u32>) -> CResult<u32> {
        if let Expression::Super(_) = m.object {
            // `super.x`: the receiver (and `this` of a call) is `this`.
            let object = object_register.unwrap_or_else(|| self.alloc_register());
            self.emit(Opcode::LdaThis, &[]);
            self.emit(Opcode::Star, &[object as i64]);
            self.position(m.span);
            match &m.property {
                MemberProperty::Identifier(id) => {
                    let c = self.name_constant(id.name);
                    self.emit(Opcode::GetSuper, &[c as i64]);
                }
                MemberProperty::Computed(e) => {
                    self.expression(e)?;
                    self.emit(Opcode::GetSuperKeyed, &[]);
                }
                MemberProperty::Private(p) => return self.unsupported("private names", p.span),
            }
            return Ok(object);
        }
        // A local already in a register is used in place when the key cannot assign it.
        let key_cannot_assign = match &m.property {
            MemberProperty::Computed(e) => cannot_assign(e),
            _ => true,
        };
        let in_place = match object_register {
            None if !m.optional && key_cannot_assign => self.local_register(&m.object),
            _ => None,
        };
        let object = match in_place {
            Some(r) => r,
            None => {
                self.expression(&m.object)?;
                let object = object_register.unwrap_or_else(|| self.alloc_register());
                self.emit(Opcode::Star, &[object as i64]);
                object
            }
        };
        if m.optional {
            let exit = self.emit_jump(Opcode::JumpIfNullish);
            self.chain_exits
                .last_mut()
                .expect("optional link inside a chain")
                .push(exit);
        }
        match &m.property {
            MemberProperty::Identifier(id) => {
                let c = self.name_constant(id.name);
                let fb = self.feedback();
                self.position(m.span);
                self.emit(Opcode::GetNamed, &[object as i64, c as i64, fb]);
            }
            MemberProperty::Computed(e) => {
                self.expression(e)?;
                let fb = self.feedback();
                self.position(m.span);
                self.emit(Opcode::GetKeyed, &[object as i64, fb]);
            }
            MemberProperty::Private(p) => {
                self.load_private_name(p.name);
                self.position(m.span);
                self.emit(Opcode::GetPrivate, &[object as i64]);
            }
        }
        Ok(object)
    }

    /// Arguments into consecutive fresh registers: (first register, count).
    fn arguments(&mut self, args: &[Argument]) -> CResult<(u32, u32)> {
        let first = self.alloc_registers(args.len() as u32);
        for (i, a) in args.iter().enumerate() {
            match a {
                Argument::Expression(e) => {
                    let mark = self.register_mark();
                    self.expression(e)?;
                    self.release_to(mark);
                    self.emit(Opcode::Star, &[(first + i as u32) as i64]);
                }
                Argument::Spread(s) => return self.unsupported("spread arguments", s.span),
            }
        }
        Ok((first, args.len() as u32))
    }

    fn call(&mut self, c: &CallExpression, _unused: Option<u32>) -> CResult<()> {
        let mark = self.register_mark();
        let callee = self.alloc_register();
        // A plain call `f(x)`: `this` is undefined (`CallUndefined`: no receiver register at all).
        // Direct eval and spread calls still pass one.
        let direct_eval = !c.optional
            && matches!(&c.callee, Expression::Identifier(id) if id.name == crate::syntax::atom::EVAL);
        let spread = c.arguments.iter().any(|a| matches!(a, Argument::Spread(_)));
        let receiverless = match c.callee.unparenthesized() {
            Expression::Member(_) | Expression::Super(_) => false,
            Expression::Identifier(id) => !matches!(
                self.resolve(id.name),
                Some(b) if matches!(b.location, Location::Dynamic(_))
            ),
            _ => true,
        } && !direct_eval
            && !spread;
        let mut this = if receiverless {
            u32::MAX
        } else {
            self.alloc_register()
        };
        let mut undefined_this = false;
        match c.callee.unparenthesized() {
            Expression::Member(m) => {
                // `a.f(x)` with `a` a local that the arguments cannot assign: `a` is the receiver
                // register itself.
                let args_cannot_assign = c.arguments.iter().all(|a| match a {
                    Argument::Expression(e) => cannot_assign(e),
                    Argument::Spread(_) => false,
                });
                if args_cannot_assign && !c.optional && self.local_register(&m.object).is_some() {
                    this = self.member(m, None)?;
                } else {
                    self.member(m, Some(this))?;
                }
            }
            Expression::Super(_) => {
                // `super(...)` (ECMA-262 13.3.7.1).
                if c.arguments.iter().any(|a| matches!(a, Argument::Spread(_))) {
                    let array = self.spread_arguments(&c.arguments)?;
                    self.position(c.span);
                    self.emit(Opcode::SuperCallSpread, &[array as i64]);
                } else {
                    let (first, count) = self.arguments(&c.arguments)?;
                    self.position(c.span);
                    self.emit(Opcode::SuperCall, &[first as i64, count as i64]);
                }
                self.release_to(mark);
                return Ok(());
            }
            Expression::Identifier(id) if matches!(self.resolve(id.name), Some(b) if matches!(b.location, Location::Dynamic(_))) =>
            {
                // Inside `with`, the callee's this is the object it was found on (ECMA-262 9.1.1.2.6).
                let c = self.name_constant(id.name);
                self.position(id.span);
                self.emit(Opcode::LdaLookupCall, &[c as i64, this as i64]);
            }
            callee_expr => {
                undefined_this = true;
                self.expression(callee_expr)?;
            }
        }
        self.emit(Opcode::Star, &[callee as i64]);
        if c.optional {
            let exit = self.emit_jump(Opcode::JumpIfNullish);
            self.chain_exits
                .last_mut()
                .expect("optional call inside a chain")
                .push(exit);
        }
        if c.arguments.iter().any(|a| matches!(a, Argument::Spread(_))) {
            if undefined_this {
                self.emit(Opcode::LdaUndefined, &[]);
                self.emit(Opcode::Star, &[this as i64]);
            }
            let array = self.spread_arguments(&c.arguments)?;
            self.position(c.span);
            self.emit(
                Opcode::CallSpread,
                &[callee as i64, this as i64, array as i64],
            );
            self.release_to(mark);
            return Ok(());
        }
        let (first, count) = self.arguments(&c.arguments)?;
        let fb = self.feedback();
        // `eval(...)` (not optional, not parenthesised differently) may be a direct eval (ECMA-262 13.3.6.1).
        if direct_eval && undefined_this {
            self.emit(Opcode::LdaUndefined, &[]);
            self.emit(Opcode::Star, &[this as i64]);
        }
        self.position(c.span);
        if direct_eval {
            let flags = self.eval_flags();
            let operands = [
                callee as i64,
                this as i64,
                first as i64,
                count as i64,
                flags,
            ];
            self.emit(Opcode::CallDirectEval, &operands);
        } else if undefined_this {
            let operands = [callee as i64, first as i64, count as i64, fb];
            self.emit(Opcode::CallUndefined, &operands);
        } else {
            let operands = [callee as i64, this as i64, first as i64, count as i64, fb];
            self.emit(Opcode::Call, &operands);
        }
        self.release_to(mark);
        Ok(())
    }

    fn unary(&mut self, u: &UnaryExpression) -> CResult<()> {
        match u.operator {
            UnaryOperator::Typeof => {
                if let Expression::Identifier(id) = u.argument.unparenthesized() {
                    match self.resolve(id.name) {
                        None => {
                            let c = self.name_constant(id.name);
                            let fb = self.feedback();
                            self.emit(Opcode::LdaGlobalTypeof, &[c as i64, fb]);
                            self.emit(Opcode::TypeOf, &[]);
                            return Ok(());
                        }
                        Some(b) if matches!(b.location, Location::Dynamic(_)) => {
                            let c = self.name_constant(id.name);
                            self.position(id.span);
                            self.emit(Opcode::LdaLookupTypeof, &[c as i64]);
                            self.emit(Opcode::TypeOf, &[]);
                            return Ok(());
                        }
                        Some(_) => {}
                    }
                }
                self.expression(&u.argument)?;
                self.emit(Opcode::TypeOf, &[]);
            }
            UnaryOperator::Delete => {
                let mark = self.register_mark();
                match u.argument.unparenthesized() {
                    Expression::Member(m) => {
                        self.expression(&m.object)?;
                        let object = self.alloc_register();
                        self.emit(Opcode::Star, &[object as i64]);
                        match &m.property {
                            MemberProperty::Identifier(id) => {
                                let c = self.name_constant(id.name);
                                self.emit(Opcode::LdaConstant, &[c as i64]);
                            }
                            MemberProperty::Computed(e) => self.expression(e)?,
                            MemberProperty::Private(p) => {
                                return self.unsupported("private names", p.span)
                            }
                        }
                        self.position(u.span);
                        self.emit(Opcode::DeleteProperty, &[object as i64]);
                    }
                    // Sloppy `delete x`: false for declared bindings, else delete the global property.
                    Expression::Identifier(id) => match self.resolve(id.name) {
                        Some(b) if matches!(b.location, Location::Dynamic(_)) => {
                            let c = self.name_constant(id.name);
                            self.position(u.span);
                            self.emit(Opcode::DeleteLookup, &[c as i64]);
                        }
                        Some(_) => self.emit(Opcode::LdaFalse, &[]),
                        None => {
                            let c = self.name_constant(id.name);
                            self.emit(Opcode::DeleteGlobal, &[c as i64]);
                        }
                    },
                    other => {
                        // `delete 1`, `delete f()`: evaluate, then true (ECMA-262 13.5.1.2 step 2).
                        self.expression(other)?;
                        self.emit(Opcode::LdaTrue, &[]);
                    }
                }
                self.release_to(mark);
            }
            op => {
                self.expression(&u.argument)?;
                self.position(u.span);
                match op {
                    UnaryOperator::Minus => {
                        let fb = self.feedback();
                        self.emit(Opcode::Negate, &[fb]);
                    }
                    UnaryOperator::Plus => self.emit(Opcode::ToNumber, &[]),
                    UnaryOperator::Not => self.emit(Opcode::Not, &[]),
                    UnaryOperator::BitNot => {
                        let fb = self.feedback();
                        self.emit(Opcode::BitNot, &[fb]);
                    }
                    UnaryOperator::Void => self.emit(Opcode::LdaUndefined, &[]),
                    UnaryOperator::Typeof | UnaryOperator::Delete => unreachable!(),
                }
            }
        }
        Ok(())
    }

    /// Evaluate the parts of an assignment target; the current value is not loaded. With
    /// `defer_key`, a computed key is left unconverted: a simple assignment converts it in PutValue,
    /// after the right-hand side (ECMA-262 13.15.2, 6.2.5.6; `SetKeyed` runs ToPropertyKey).
    fn reference(&mut self, target: &Pattern, defer_key: bool) -> CResult<Reference> {
        match target {
            Pattern::Identifier(id) => Ok(Reference::Binding(id.name, id.span)),
            Pattern::Member(m) if matches!(m.object, Expression::Super(_)) => match &m.property {
                MemberProperty::Identifier(id) => Ok(Reference::SuperNamed {
                    name: self.name_constant(id.name),
                }),
                MemberProperty::Computed(e) => {
                    self.expression(e)?;
                    if !defer_key {
                        self.emit(Opcode::ToPropertyKey, &[]);
                    }
                    let key = self.alloc_register();
                    self.emit(Opcode::Star, &[key as i64]);
                    Ok(Reference::SuperKeyed { key })
                }
                MemberProperty::Private(p) => self.unsupported("private names", p.span),
            },
            Pattern::Member(m) => {
                self.expression(&m.object)?;
                let object = self.alloc_register();
                self.emit(Opcode::Star, &[object as i64]);
                match &m.property {
                    MemberProperty::Identifier(id) => {
                        let name = self.name_constant(id.name);
                        Ok(Reference::Named { object, name })
                    }
                    MemberProperty::Computed(e) => {
                        self.expression(e)?;
                        if !defer_key {
                            self.emit(Opcode::ToPropertyKey, &[]);
                        }
                        let key = self.alloc_register();
                        self.emit(Opcode::Star, &[key as i64]);
                        Ok(Reference::Keyed { object, key })
                    }
                    MemberProperty::Private(p) => {
                        self.load_private_name(p.name);
                        let name = self.alloc_register();
                        self.emit(Opcode::Star, &[name as i64]);
                        Ok(Reference::Private { object, name })
                    }
                }
            }
            Pattern::Call(e) => self.unsupported("assignment to a call", e.span()),
            other => self.unsupported("destructuring here", other.span()),
        }
    }

    fn load_reference(&mut self, r: &Reference) {
        match *r {
            Reference::Binding(name, span) => self.load_binding(name, span),
            Reference::Named { object, name } => {
                let fb = self.feedback();
                self.emit(Opcode::GetNamed, &[object as i64, name as i64, fb]);
            }
            Reference::Keyed { object, key } => {
                self.emit(Opcode::Ldar, &[key as i64]);
                let fb = self.feedback();
                self.emit(Opcode::GetKeyed, &[object as i64, fb]);
            }
            Reference::SuperNamed { name } => self.emit(Opcode::GetSuper, &[name as i64]),
            Reference::Private { object, name } => {
                self.emit(Opcode::Ldar, &[name as i64]);
                self.emit(Opcode::GetPrivate, &[object as i64]);
            }
            Reference::SuperKeyed { key } => {
                self.emit(Opcode::Ldar, &[key as i64]);
                self.emit(Opcode::GetSuperKeyed, &[]);
            }
        }
    }

    /// Store the accumulator through the reference (the accumulator keeps the value).
    fn store_reference(&mut self, r: &Reference) {
        match *r {
            Reference::Binding(name, span) => self.store_binding(name, span),
            Reference::Named { object, name } => {
                let fb = self.feedback();
                self.emit(Opcode::SetNamed, &[object as i64, name as i64, fb]);
            }
            Reference::Keyed { object, key } => {
                let fb = self.feedback();
                self.emit(Opcode::SetKeyed, &[object as i64, key as i64, fb]);
            }
            Reference::SuperNamed { name } => self.emit(Opcode::SetSuper, &[name as i64]),
            Reference::Private { object, name } => {
                self.emit(Opcode::SetPrivate, &[object as i64, name as i64])
            }
            Reference::SuperKeyed { key } => self.emit(Opcode::SetSuperKeyed, &[key as i64]),
        }
    }

    /// The register of `left` when it is a register-resident binding that needs no TDZ check
    /// and `right` cannot assign it (register bindings are never captured, so only an assignment
    /// written in `right` itself could).
    fn register_operand(&self, left: &Expression, right: &Expression) -> Option<u32> {
        self.local_register(left).filter(|_| cannot_assign(right))
    }

    /// The register of a local binding that `e` names, if it is in a register and past its TDZ
    /// (reading it needs no check). Only code of this function can assign it.
    fn local_register(&self, e: &Expression) -> Option<u32> {
        let Expression::Identifier(id) = e.unparenthesized() else {
            return None;
        };
        let b = self.resolve(id.name)?;
        match b.location {
            Location::Register(r) if !b.needs_tdz_check() => Some(r),
            _ => None,
        }
    }

    /// An expression whose value is not used (expression statements, for-loop updates): `i++`
    /// needs no copy of the old value there.
    pub(super) fn effect(&mut self, e: &Expression) -> CResult<()> {
        match e {
            Expression::Update(u) => self.update_value(u, false),
            _ => self.expression(e),
        }
    }

    fn update(&mut self, u: &UpdateExpression) -> CResult<()> {
        self.update_value(u, true)
    }

    /// `++x`, `x--`, …; `used`: the expression's value is needed (a postfix one is the old value,
    /// converted with ToNumeric; `Inc`/`Dec` convert by themselves).
    fn update_value(&mut self, u: &UpdateExpression, used: bool) -> CResult<()> {
        let postfix = used && !u.prefix;
        let mark = self.register_mark();
        let reference = self.reference(&u.argument, false)?;
        self.load_reference(&reference);
        self.position(u.span);
        let old = self.alloc_register();
        if postfix {
            self.emit(Opcode::ToNumeric, &[]);
            self.emit(Opcode::Star, &[old as i64]);
        }
        let fb = self.feedback();
        self.emit(
            if u.increment {
                Opcode::Inc
            } else {
                Opcode::Dec
            },
            &[fb],
        );
        self.store_reference(&reference);
        if postfix {
            self.emit(Opcode::Ldar, &[old as i64]);
        }
        self.release_to(mark);
        Ok(())
    }

    fn assignment(&mut self, a: &AssignmentExpression) -> CResult<()> {
        let mark = self.register_mark();
        if a.operator == AssignmentOperator::Assign {
            match &a.left {
                Pattern::Object(_) | Pattern::Array(_) => {
                    self.expression(&a.right)?;
                    self.bind_pattern(&a.left, BindMode::Assign)?;
                }
                target => {
                    let reference = self.reference(target, true)?;
                    match (&reference, target) {
                        (Reference::Binding(..), Pattern::Identifier(id)) => {
                            self.named_expression(&a.right, id.name)?
                        }
                        _ => self.expression(&a.right)?,
                    }
                    self.position(a.span);
                    self.store_reference(&reference);
                }
            }
            self.release_to(mark);
            return Ok(());
        }
        let reference = self.reference(&a.left, false)?;
        self.load_reference(&reference);
        match compound_opcode(a.operator) {
            Some(op) => {
                let left = self.alloc_register();
                self.emit(Opcode::Star, &[left as i64]);
                self.expression(&a.right)?;
                let fb = self.feedback();
                self.position(a.span);
                self.emit(op, &[left as i64, fb]);
                self.store_reference(&reference);
            }
            None => {
                // Logical assignment (13.15.2): assign only if the short circuit does not apply.
                let jump = match a.operator {
                    AssignmentOperator::And => Opcode::JumpIfFalse,
                    AssignmentOperator::Or => Opcode::JumpIfTrue,
                    _ => Opcode::JumpIfNotNullish,
                };
                let end = self.emit_jump(jump);
                match (&reference, &a.left) {
                    (Reference::Binding(..), Pattern::Identifier(id)) => {
                        self.named_expression(&a.right, id.name)?
                    }
                    _ => self.expression(&a.right)?,
                }
                self.store_reference(&reference);
                self.patch_here(end);
            }
        }
        self.release_to(mark);
        Ok(())
    }
}

/// ECMA-262 8.4.3 IsAnonymousFunctionDefinition (through parentheses, as NamedEvaluation goes).
pub(super) fn is_anonymous_function_definition(e: &Expression) -> bool {
    match e {
        Expression::Function(f) => f.id.is_none(),
        Expression::Arrow(_) => true,
        Expression::Class(c) => c.id.is_none(),
        Expression::Parenthesized(p) => is_anonymous_function_definition(&p.expression),
        _ => false,
    }
}

/// Whether evaluating `e` certainly assigns no binding of the current function: no assignment,
/// update or `delete` appears in it outside nested functions (calls are fine: a function cannot
/// reach another function's register bindings).
fn cannot_assign(e: &Expression) -> bool {
    match e {
        Expression::Literal(_)
        | Expression::Identifier(_)
        | Expression::This(_)
        | Expression::Function(_)
        | Expression::Arrow(_)
        | Expression::MetaProperty(_) => true,
        Expression::Parenthesized(p) => cannot_assign(&p.expression),
        Expression::Member(m) => {
            cannot_assign(&m.object)
                && match &m.property {
                    MemberProperty::Computed(k) => cannot_assign(k),
                    _ => true,
                }
        }
        Expression::Call(c) => {
            cannot_assign(&c.callee)
                && c.arguments.iter().all(|a| match a {
                    Argument::Expression(e) => cannot_assign(e),
                    Argument::Spread(_) => false,
                })
        }
        Expression::Unary(u) => u.operator != UnaryOperator::Delete && cannot_assign(&u.argument),
        Expression::Binary(b) => cannot_assign(&b.left) && cannot_assign(&b.right),
        Expression::Logical(l) => cannot_assign(&l.left) && cannot_assign(&l.right),
        Expression::Conditional(c) => {
            cannot_assign(&c.test) && cannot_assign(&c.consequent) && cannot_assign(&c.alternate)
        }
        _ => false,
    }
}

/// A Number literal that is an int32 (not -0): an immediate operand (a `Wide` or `ExtraWide`
/// prefix carries the larger ones, which the dispatch loop runs as fast as the narrow form).
fn small_int(e: &Expression) -> Option<i32> {
    let Expression::Literal(l) = e.unparenthesized() else {
        return None;
    };
    let LiteralValue::Number(n) = l.value else {
        return None;
    };
    let i = n as i32;
    (i as f64 == n && !(n == 0.0 && n.is_sign_negative())).then_some(i)
}

/// For `literal OP e`: the `*Smi` opcode computing the same as `e OP' literal`, when there is one.
fn mirrored(op: BinaryOperator) -> Option<Opcode> {
    use BinaryOperator as B;
    Some(match op {
        B::Mul => Opcode::MulSmi,
        B::BitAnd => Opcode::BitAndSmi,
        B::BitOr => Opcode::BitOrSmi,
        B::BitXor => Opcode::BitXorSmi,
        B::Lt => Opcode::GtSmi,
        B::Gt => Opcode::LtSmi,
        B::LtEq => Opcode::GtEqSmi,
        B::GtEq => Opcode::LtEqSmi,
        _ => return None,
    })
}

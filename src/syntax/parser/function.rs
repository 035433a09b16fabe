//! Functions, arrow functions, methods and classes (ECMA-262 15.1–15.8), and binding patterns.

use super::scope::{Binding, PrivateKind, ScopeFlags};
use super::{PResult, Parser};
use crate::syntax::ast::*;
use crate::syntax::atom::{self, Atom};
use crate::syntax::source::Span;
use crate::syntax::token::TokenKind;

/// What kind of function body is being parsed (for the parameter early errors).
#[derive(Clone, Copy, PartialEq, Eq)]
enum FunctionKind {
    /// Declarations and expressions: duplicate parameters allowed in sloppy code with simple lists.
    Normal,
    /// Methods, accessors, constructors, arrows: duplicates never allowed (15.4.1, 15.3.1).
    Strict,
}

impl<'s> Parser<'s> {
    /// `function` [`*`] name? (params) { body } as an expression; `async` already consumed if `is_async`.
    pub(super) fn parse_function_expression(
        &mut self,
        start: u32,
        is_async: bool,
    ) -> PResult<Box<Function>> {
        self.expect(TokenKind::Function)?;
        let is_generator = self.eat(TokenKind::Star)?;
        let flags = self.function_flags(is_async, is_generator);
        self.enter_scope(flags);
        // The name of a function expression is bound in its own context (15.2.1: BindingIdentifier
        // [~Yield, ~Await] unless the expression itself is a generator/async).
        let id = if self.at_identifier() {
            let tok = self.tok;
            let ident = Identifier {
                span: tok.span,
                name: tok.atom,
            };
            if let Err(e) = self.check_binding_identifier(ident, tok.escaped) {
                self.exit_scope();
                return Err(e);
            }
            self.next()?;
            Some(ident)
        } else {
            None
        };
        let result =
            self.parse_function_rest(start, id, is_async, is_generator, FunctionKind::Normal);
        self.exit_scope();
        result
    }

    /// A function declaration; `async` already consumed if `is_async`. `named`: the name is required
    /// (false only for `export default function () {}`).
    pub(super) fn parse_function_declaration(
        &mut self,
        start: u32,
        is_async: bool,
        named: bool,
    ) -> PResult<Box<Function>> {
        self.expect(TokenKind::Function)?;
        let is_generator = self.eat(TokenKind::Star)?;
        let id = if named || self.at_identifier() {
            // The declaration's name is bound in the enclosing context.
            let ident = self.parse_binding_identifier()?;
            let binding = if self.strict || is_async || is_generator {
                if self.function_declarations_are_var() {
                    Binding::Var
                } else {
                    Binding::Lexical
                }
            } else {
                Binding::Function
            };
            self.declare(ident.name, ident.span, binding)?;
            Some(ident)
        } else {
            None
        };
        let flags = self.function_flags(is_async, is_generator);
        self.enter_scope(flags);
        let result =
            self.parse_function_rest(start, id, is_async, is_generator, FunctionKind::Normal);
        self.exit_scope();
        result
    }

    fn function_flags(&self, is_async: bool, is_generator: bool) -> ScopeFlags {
        let mut flags = ScopeFlags::FUNCTION;
        if is_async {
            flags = flags | ScopeFlags::ASYNC;
        }
        if is_generator {
            flags = flags | ScopeFlags::GENERATOR;
        }
        flags
    }

    /// Parameters and body, in the function's scope (already entered).
    fn parse_function_rest(
        &mut self,
        start: u32,
        id: Option<Identifier>,
        is_async: bool,
        is_generator: bool,
        kind: FunctionKind,
    ) -> PResult<Box<Function>> {
        self.nested(|p| p.parse_function_rest_inner(start, id, is_async, is_generator, kind))
    }

    fn parse_function_rest_inner(
        &mut self,
        start: u32,
        id: Option<Identifier>,
        is_async: bool,
        is_generator: bool,
        kind: FunctionKind,
    ) -> PResult<Box<Function>> {
        let saved_positions = (
            self.yield_pos.take(),
            self.await_pos.take(),
            self.await_ident_pos.take(),
        );
        let (params, names, simple) = self.parse_formal_parameters()?;
        if let Some(span) = self.yield_pos {
            return self.error(span, "Yield expression not allowed in formal parameter");
        }
        if let Some(span) = self.await_pos {
            return self.error(
                span,
                "Illegal await-expression in formal parameters of async function",
            );
        }
        let (body, strict) =
            self.parse_function_body(id, &names, simple, kind == FunctionKind::Strict)?;
        (self.yield_pos, self.await_pos, self.await_ident_pos) = saved_positions;
        Ok(Box::new(Function {
            span: self.span_from(start),
            id,
            params,
            body,
            is_generator,
            is_async,
            strict,
            simple_params: simple,
        }))
    }

    /// FormalParameters in parentheses: the patterns, their bound names, and whether the list is simple.
    fn parse_formal_parameters(&mut self) -> PResult<(Vec<Pattern>, Vec<Identifier>, bool)> {
        self.expect(TokenKind::LParen)?;
        let mut params = Vec::new();
        let mut names = Vec::new();
        let mut simple = true;
        while !self.at(TokenKind::RParen) {
            if self.at(TokenKind::Ellipsis) {
                let start = self.start();
                self.next()?;
                let argument = self.parse_binding_target(&mut names)?;
                if self.at(TokenKind::Eq) {
                    return self.error(
                        self.tok.span,
                        "Rest parameter may not have a default initializer",
                    );
                }
                params.push(Pattern::Rest(Box::new(RestElement {
                    span: self.span_from(start),
                    argument,
                })));
                simple = false;
                if !self.at(TokenKind::RParen) {
                    return self.error(
                        self.tok.span,
                        "Rest parameter must be last formal parameter",
                    );
                }
                break;
            }
            let param = self.parse_binding_element(&mut names)?;
            if !matches!(param, Pattern::Identifier(_)) {
                simple = false;
            }
            params.push(param);
            if !self.at(TokenKind::RParen) {
                self.expect(TokenKind::Comma)?;
            }
        }
        self.expect(TokenKind::RParen)?;
        for name in &names {
            self.declare(name.name, name.span, Binding::Var)?;
        }
        Ok((params, names, simple))
    }

    /// `{ FunctionBody }` in the current (function) scope, then the parameter early errors that depend
    /// on the body's strictness. Returns the body and whether the function is strict.
    fn parse_function_body(
        &mut self,
        id: Option<Identifier>,
        params: &[Identifier],
        simple: bool,
        never_duplicates: bool,
    ) -> PResult<(FunctionBody, bool)> {
        let start = self.start();
        self.expect(TokenKind::LBrace)?;
        let saved_strict = self.strict;
        let saved_labels = std::mem::take(&mut self.labels);
        let body = self.parse_directives_and_statements(TokenKind::RBrace, false, Some(simple))?;
        let strict = self.strict;
        if !self.at(TokenKind::RBrace) {
            return Err(self.unexpected());
        }
        self.labels = saved_labels;
        if strict && !saved_strict {
            // The body's own "use strict" applies to the name and the parameters (15.2.1).
            if let Some(id) = id {
                self.check_binding_identifier(id, false)?;
            }
            for &param in params {
                self.check_binding_identifier(param, false)?;
            }
        }
        if strict || never_duplicates || !simple {
            self.check_duplicate_params(params)?;
        }
        self.strict = saved_strict;
        let end = self.tok.span.end;
        self.next()?;
        Ok((
            FunctionBody {
                span: Span::new(start, end),
                body,
            },
            strict,
        ))
    }

    fn check_duplicate_params(&self, params: &[Identifier]) -> PResult<()> {
        let mut seen = super::scope::AtomSet::default();
        for p in params {
            if !seen.insert(p.name) {
                return self.error(
                    p.span,
                    "Duplicate parameter name not allowed in this context",
                );
            }
        }
        Ok(())
    }

    /// `=>` ConciseBody, with `params` already converted. The arrow starts at `start`.
    pub(super) fn parse_arrow_body(
        &mut self,
        start: u32,
        params: Vec<Pattern>,
        is_async: bool,
    ) -> PResult<Expression> {
        self.nested(|p| p.parse_arrow_body_inner(start, params, is_async))
    }

    fn parse_arrow_body_inner(
        &mut self,
        start: u32,
        params: Vec<Pattern>,
        is_async: bool,
    ) -> PResult<Expression> {
        self.expect(TokenKind::Arrow)?;
        let mut flags = ScopeFlags::FUNCTION | ScopeFlags::ARROW;
        if is_async {
            flags = flags | ScopeFlags::ASYNC;
        }
        self.enter_scope(flags);
        let mut names = Vec::new();
        for p in &params {
            collect_bound_names(p, &mut names);
        }
        let simple = params.iter().all(|p| matches!(p, Pattern::Identifier(_)));
        let result = (|| -> PResult<Expression> {
            for name in &names {
                self.declare(name.name, name.span, Binding::Var)?;
            }
            let saved_positions = (
                self.yield_pos.take(),
                self.await_pos.take(),
                self.await_ident_pos.take(),
            );
            let (body, strict) = if self.at(TokenKind::LBrace) {
                let (body, strict) = self.parse_function_body(None, &names, simple, true)?;
                (ArrowBody::Block(body), strict)
            } else {
                self.check_duplicate_params(&names)?;
                let saved_labels = std::mem::take(&mut self.labels);
                let expr = self.parse_assignment(false, None)?;
                self.labels = saved_labels;
                (ArrowBody::Expression(expr), self.strict)
            };
            (self.yield_pos, self.await_pos, self.await_ident_pos) = saved_positions;
            Ok(Expression::Arrow(Box::new(ArrowFunction {
                span: self.span_from(start),
                params,
                body,
                is_async,
                strict,
                simple_params: simple,
            })))
        })();
        self.exit_scope();
        result
    }

    /// A method's parameters and body (object literal or class), starting at `(`.
    /// `is_class`/`derived`: class methods (the constructor of a derived class may call `super()`).
    pub(super) fn parse_method(
        &mut self,
        kind: MethodKind,
        is_async: bool,
        is_generator: bool,
        _is_class: bool,
        derived_constructor: bool,
    ) -> PResult<Box<Function>> {
        let start = self.start();
        let mut flags = self.function_flags(is_async, is_generator) | ScopeFlags::SUPER;
        if derived_constructor {
            flags = flags | ScopeFlags::DIRECT_SUPER;
        }
        self.enter_scope(flags);
        let result = (|| -> PResult<Box<Function>> {
            let params_start = self.tok.span;
            let function = self.parse_function_rest(
                start,
                None,
                is_async,
                is_generator,
                FunctionKind::Strict,
            )?;
            match kind {
                MethodKind::Get if !function.params.is_empty() => {
                    self.error(params_start, "Getter must not have any formal parameters.")
                }
                MethodKind::Set if function.params.len() != 1 => self.error(
                    params_start,
                    "Setter must have exactly one formal parameter.",
                ),
                MethodKind::Set if matches!(function.params[0], Pattern::Rest(_)) => self.error(
                    function.params[0].span(),
                    "Setter function argument must not be a rest parameter",
                ),
                _ => Ok(function),
            }
        })();
        self.exit_scope();
        result
    }

    // ---------------------------------------------------------------------------------------------
    // Binding patterns (ECMA-262 14.3.3)

    /// BindingIdentifier or BindingPattern; bound names are appended to `names` (declared by the caller).
    pub(super) fn parse_binding_target(&mut self, names: &mut Vec<Identifier>) -> PResult<Pattern> {
        self.nested(|p| match p.tok.kind {
            TokenKind::LBracket => p.parse_array_binding_pattern(names),
            TokenKind::LBrace => p.parse_object_binding_pattern(names),
            _ => {
                let ident = p.parse_binding_identifier()?;
                names.push(ident);
                Ok(Pattern::Identifier(ident))
            }
        })
    }

    /// BindingElement: a target with an optional `= default`.
    pub(super) fn parse_binding_element(
        &mut self,
        names: &mut Vec<Identifier>,
    ) -> PResult<Pattern> {
        let start = self.start();
        let target = self.parse_binding_target(names)?;
        if self.eat(TokenKind::Eq)? {
            let right = self.parse_assignment(false, None)?;
            return Ok(Pattern::Assignment(Box::new(AssignmentPattern {
                span: self.span_from(start),
                left: target,
                right,
            })));
        }
        Ok(target)
    }

    fn parse_array_binding_pattern(&mut self, names: &mut Vec<Identifier>) -> PResult<Pattern> {
        let start = self.start();
        self.expect(TokenKind::LBracket)?;
        let mut elements = Vec::new();
        while !self.at(TokenKind::RBracket) {
            if self.eat(TokenKind::Comma)? {
                elements.push(None);
                continue;
            }
            if self.at(TokenKind::Ellipsis) {
                let rest_start = self.start();
                self.next()?;
                let argument = self.parse_binding_target(names)?;
                if self.at(TokenKind::Eq) {
                    return self.error(
                        self.tok.span,
                        "Rest parameter may not have a default initializer",
                    );
                }
                elements.push(Some(Pattern::Rest(Box::new(RestElement {
                    span: self.span_from(rest_start),
                    argument,
                }))));
                if !self.at(TokenKind::RBracket) {
                    return self.error(self.tok.span, "Rest element must be last element");
                }
                break;
            }
            elements.push(Some(self.parse_binding_element(names)?));
            if !self.at(TokenKind::RBracket) {
                self.expect(TokenKind::Comma)?;
            }
        }
        self.expect(TokenKind::RBracket)?;
        Ok(Pattern::Array(Box::new(ArrayPattern {
            span: self.span_from(start),
            elements,
        })))
    }

    fn parse_object_binding_pattern(&mut self, names: &mut Vec<Identifier>) -> PResult<Pattern> {
        let start = self.start();
        self.expect(TokenKind::LBrace)?;
        let mut properties = Vec::new();
        while !self.at(TokenKind::RBrace) {
            if self.at(TokenKind::Ellipsis) {
                let rest_start = self.start();
                self.next()?;
                let ident = self.parse_binding_identifier()?;
                names.push(ident);
                properties.push(PatternProperty::Rest(Box::new(RestElement {
                    span: self.span_from(rest_start),
                    argument: Pattern::Identifier(ident),
                })));
                if !self.at(TokenKind::RBrace) {
                    return self.error(self.tok.span, "Rest element must be last element");
                }
                break;
            }
            let prop_start = self.start();
            let key_tok = self.tok;
            let (key, computed) = self.parse_property_key(false)?;
            if self.eat(TokenKind::Colon)? {
                let value = self.parse_binding_element(names)?;
                properties.push(PatternProperty::Property(Box::new(AssignmentProperty {
                    span: self.span_from(prop_start),
                    key,
                    value,
                    shorthand: false,
                    computed,
                })));
            } else {
                // Shorthand: the key is also the BindingIdentifier.
                let PropertyKey::Identifier(ident) = key else {
                    return Err(self.unexpected());
                };
                if key_tok.kind != TokenKind::Identifier {
                    return Err(self.unexpected_token(key_tok));
                }
                self.check_binding_identifier(ident, key_tok.escaped)?;
                names.push(ident);
                let value = if self.eat(TokenKind::Eq)? {
                    let right = self.parse_assignment(false, None)?;
                    Pattern::Assignment(Box::new(AssignmentPattern {
                        span: self.span_from(prop_start),
                        left: Pattern::Identifier(ident),
                        right,
                    }))
                } else {
                    Pattern::Identifier(ident)
                };
                properties.push(PatternProperty::Property(Box::new(AssignmentProperty {
                    span: self.span_from(prop_start),
                    key: PropertyKey::Identifier(ident),
                    value,
                    shorthand: true,
                    computed: false,
                })));
            }
            if !self.at(TokenKind::RBrace) {
                self.expect(TokenKind::Comma)?;
            }
        }
        self.expect(TokenKind::RBrace)?;
        Ok(Pattern::Object(Box::new(ObjectPattern {
            span: self.span_from(start),
            properties,
        })))
    }

    // ---------------------------------------------------------------------------------------------
    // Classes (ECMA-262 15.7)

    /// ClassDeclaration or ClassExpression. A declaration's name is declared by this function.
    pub(super) fn parse_class(&mut self, is_declaration: bool) -> PResult<Box<Class>> {
        self.parse_class_with(is_declaration, true)
    }

    /// `named`: a declaration requires a name (false for `export default class {}`).
    pub(super) fn parse_class_with(
        &mut self,
        is_declaration: bool,
        named: bool,
    ) -> PResult<Box<Class>> {
        self.nested(|p| p.parse_class_inner(is_declaration, named))
    }

    fn parse_class_inner(&mut self, is_declaration: bool, named: bool) -> PResult<Box<Class>> {
        let start = self.start();
        self.expect(TokenKind::Class)?;
        let saved_strict = self.strict;
        // ECMA-262 11.2.2: all parts of a class are strict mode code.
        self.strict = true;
        let result = (|| -> PResult<Box<Class>> {
            let id = if self.at_identifier() {
                let ident = self.parse_binding_identifier()?;
                if ident.name == atom::LET {
                    return self.error(ident.span, "let is disallowed as a lexically bound name");
                }
                if is_declaration {
                    self.declare(ident.name, ident.span, Binding::Lexical)?;
                }
                Some(ident)
            } else {
                if is_declaration && named {
                    return Err(self.unexpected());
                }
                None
            };
            let super_class = if self.eat(TokenKind::Extends)? {
                let mut cover = super::cover::Cover::default();
                let heritage = self.parse_class_heritage(&mut cover)?;
                cover.check_expression()?;
                Some(heritage)
            } else {
                None
            };
            let body = self.parse_class_body(super_class.is_some())?;
            Ok(Box::new(Class {
                span: self.span_from(start),
                id,
                super_class,
                body,
            }))
        })();
        self.strict = saved_strict;
        result
    }

    fn parse_class_body(&mut self, derived: bool) -> PResult<ClassBody> {
        let start = self.start();
        self.expect(TokenKind::LBrace)?;
        self.enter_private_scope();
        let mut body = Vec::new();
        let mut has_constructor = false;
        while !self.at(TokenKind::RBrace) {
            if self.eat(TokenKind::Semicolon)? {
                continue;
            }
            let element = self.parse_class_element(derived)?;
            if let ClassElement::Method(m) = &element {
                if m.kind == MethodKind::Constructor {
                    if has_constructor {
                        return self.error(m.key.span(), "A class may only have one constructor");
                    }
                    has_constructor = true;
                }
            }
            body.push(element);
        }
        // The `}` is consumed by the caller's next(): read it in the enclosing strictness.
        self.exit_private_scope()?;
        let end = self.tok.span.end;
        self.next()?;
        Ok(ClassBody {
            span: Span::new(start, end),
            body,
        })
    }

    /// Is the current token (a modifier candidate) actually followed by a class element name?
    /// `allow_star`: `static *g(){}` and `async *g(){}` are generators, but `get` followed by a new
    /// line and `*g(){}` is a field named `get` (ASI), since `get *` cannot start an accessor.
    fn modifier_applies(&mut self, allow_star: bool) -> bool {
        let next = self.peek();
        !matches!(
            next.kind,
            TokenKind::LParen
                | TokenKind::Eq
                | TokenKind::Semicolon
                | TokenKind::RBrace
                | TokenKind::Eof
        ) && (allow_star || next.kind != TokenKind::Star)
    }

    fn parse_class_element(&mut self, derived: bool) -> PResult<ClassElement> {
        let start = self.start();
        let mut is_static = false;
        if self.at_contextual(atom::STATIC) && self.modifier_applies(true) {
            self.next()?;
            is_static = true;
            if self.at(TokenKind::LBrace) {
                return self.parse_static_block(start);
            }
        }
        let mut is_async = false;
        let mut kind = MethodKind::Method;
        if self.at_contextual(atom::ASYNC)
            && self.modifier_applies(true)
            && !self.peek().newline_before
        {
            self.next()?;
            is_async = true;
        }
        let mut is_generator = self.eat(TokenKind::Star)?;
        if !is_async
            && !is_generator
            && (self.at_contextual(atom::GET) || self.at_contextual(atom::SET))
            && self.modifier_applies(false)
        {
            kind = if self.at_contextual(atom::GET) {
                MethodKind::Get
            } else {
                MethodKind::Set
            };
            self.next()?;
        }
        if is_async && self.at(TokenKind::Star) {
            self.next()?;
            is_generator = true;
        }
        let key_tok = self.tok;
        let (key, computed) = self.parse_property_key(true)?;
        let key_name = self.static_key_name(&key);
        if let PropertyKey::Private(p) = &key {
            if p.name == atom::CONSTRUCTOR {
                return self.error(
                    p.span,
                    "Classes may not have a private field named '#constructor'",
                );
            }
        }
        if self.at(TokenKind::LParen) {
            let is_constructor = !is_static
                && !computed
                && key_name == Some(atom::CONSTRUCTOR)
                && !matches!(key, PropertyKey::Private(_));
            if is_constructor {
                if kind != MethodKind::Method {
                    return self.error(key.span(), "Class constructor may not be an accessor");
                }
                if is_generator {
                    return self.error(key.span(), "Class constructor may not be a generator");
                }
                if is_async {
                    return self.error(key.span(), "Class constructor may not be an async method");
                }
                kind = MethodKind::Constructor;
            }
            if is_static && !computed && key_name == Some(atom::PROTOTYPE) {
                return self.error(
                    key.span(),
                    "Classes may not have a static property named 'prototype'",
                );
            }
            if let PropertyKey::Private(p) = &key {
                let private_kind = match kind {
                    MethodKind::Get => PrivateKind::Getter,
                    MethodKind::Set => PrivateKind::Setter,
                    _ => PrivateKind::Method,
                };
                self.declare_private(p.name, p.span, private_kind, is_static)?;
            }
            let value = self.parse_method(
                kind,
                is_async,
                is_generator,
                true,
                kind == MethodKind::Constructor && derived,
            )?;
            return Ok(ClassElement::Method(Box::new(MethodDefinition {
                span: self.span_from(start),
                key,
                value,
                kind,
                is_static,
                computed,
            })));
        }
        if is_async || is_generator || kind != MethodKind::Method {
            return Err(self.unexpected());
        }
        // FieldDefinition
        if !computed && key_name == Some(atom::CONSTRUCTOR) {
            return self.error(
                key.span(),
                "Classes may not have a field named 'constructor'",
            );
        }
        if is_static && !computed && key_name == Some(atom::PROTOTYPE) {
            return self.error(
                key.span(),
                "Classes may not have a static property named 'prototype'",
            );
        }
        if let PropertyKey::Private(p) = &key {
            self.declare_private(p.name, p.span, PrivateKind::Field, is_static)?;
        }
        let _ = key_tok;
        let value = if self.eat(TokenKind::Eq)? {
            self.enter_scope(ScopeFlags::CLASS_FIELD_INIT | ScopeFlags::SUPER);
            let saved_labels = std::mem::take(&mut self.labels);
            let saved_positions = (
                self.yield_pos.take(),
                self.await_pos.take(),
                self.await_ident_pos.take(),
            );
            let value = self.parse_assignment(false, None);
            (self.yield_pos, self.await_pos, self.await_ident_pos) = saved_positions;
            self.labels = saved_labels;
            self.exit_scope();
            Some(value?)
        } else {
            None
        };
        self.semicolon()?;
        Ok(ClassElement::Property(Box::new(PropertyDefinition {
            span: self.span_from(start),
            key,
            value,
            is_static,
            computed,
        })))
    }

    /// `static { … }` (ECMA-262 15.7.1: ClassStaticBlock).
    fn parse_static_block(&mut self, start: u32) -> PResult<ClassElement> {
        self.expect(TokenKind::LBrace)?;
        self.enter_scope(ScopeFlags::CLASS_STATIC_BLOCK | ScopeFlags::SUPER);
        let saved_labels = std::mem::take(&mut self.labels);
        let mut body = Vec::new();
        let result = (|| -> PResult<()> {
            while !self.at(TokenKind::RBrace) {
                body.push(self.parse_statement_list_item()?);
            }
            Ok(())
        })();
        self.labels = saved_labels;
        self.exit_scope();
        result?;
        self.next()?;
        Ok(ClassElement::StaticBlock(Box::new(StaticBlock {
            span: self.span_from(start),
            body,
        })))
    }

    /// The name of a non-computed key, for the `constructor`/`prototype` checks.
    fn static_key_name(&mut self, key: &PropertyKey) -> Option<Atom> {
        match key {
            PropertyKey::Identifier(id) => Some(id.name),
            PropertyKey::Literal(lit) => match &lit.value {
                LiteralValue::String(s) => {
                    let text = String::from_utf16(s).ok()?;
                    self.lexer.interner().lookup(&text)
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// The BoundNames of a pattern, in source order.
pub(super) fn collect_bound_names(pattern: &Pattern, out: &mut Vec<Identifier>) {
    match pattern {
        Pattern::Identifier(id) => out.push(*id),
        Pattern::Member(_) | Pattern::Call(_) => {}
        Pattern::Object(o) => {
            for p in &o.properties {
                match p {
                    PatternProperty::Property(p) => collect_bound_names(&p.value, out),
                    PatternProperty::Rest(r) => collect_bound_names(&r.argument, out),
                }
            }
        }
        Pattern::Array(a) => {
            for p in a.elements.iter().flatten() {
                collect_bound_names(p, out);
            }
        }
        Pattern::Assignment(a) => collect_bound_names(&a.left, out),
        Pattern::Rest(r) => collect_bound_names(&r.argument, out),
    }
}

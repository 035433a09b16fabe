//! Cover grammars (ECMA-262 13.2.5.1, 13.15.1, 15.3.1): an expression that turns out to be a pattern.
//!
//! `[a, {b = 1}] = x` and `(a, b) => a` are parsed as expressions first; when `=` or `=>` follows, the
//! expression is converted here to an assignment pattern or to binding patterns (arrow parameters).
//! `Cover` records what is only legal in one of the two readings: `{a = 1}` (CoverInitializedName) is
//! legal only as a pattern; a comma after a rest element and a parenthesised pattern only as an
//! expression; a duplicate `__proto__` only as a pattern.

use super::{PResult, Parser};
use crate::syntax::ast::*;
use crate::syntax::atom;
use crate::syntax::error::SyntaxError;
use crate::syntax::source::Span;

#[derive(Default, Clone, Copy, Debug)]
pub struct Cover {
    /// `{a = 1}`: an error unless the literal becomes a pattern.
    pub shorthand_assign: Option<Span>,
    /// A second `__proto__: v`: an error unless the literal becomes a pattern.
    pub double_proto: Option<Span>,
    /// `[...a, ]`: an error if the literal becomes a pattern.
    pub trailing_comma: Option<Span>,
}

impl Cover {
    /// Keep the first position of each kind.
    pub fn merge(&mut self, other: Cover) {
        self.shorthand_assign = self.shorthand_assign.or(other.shorthand_assign);
        self.double_proto = self.double_proto.or(other.double_proto);
        self.trailing_comma = self.trailing_comma.or(other.trailing_comma);
    }

    /// The expression reading: report what only a pattern allows.
    pub fn check_expression(&self) -> PResult<()> {
        if let Some(span) = self.shorthand_assign {
            return Err(SyntaxError::new(
                "Invalid shorthand property initializer",
                span,
            ));
        }
        if let Some(span) = self.double_proto {
            return Err(SyntaxError::new(
                "Duplicate __proto__ fields are not allowed in object literals",
                span,
            ));
        }
        Ok(())
    }

    /// The pattern reading: report what only an expression allows.
    pub fn check_pattern(&self) -> PResult<()> {
        if let Some(span) = self.trailing_comma {
            return Err(SyntaxError::new("Rest element must be last element", span));
        }
        Ok(())
    }
}

/// How a pattern is used: destructuring assignment targets may be member expressions and
/// parenthesised simple targets; binding patterns (arrow parameters) may not.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PatternMode {
    Assignment,
    Binding,
}

impl<'s> Parser<'s> {
    /// A destructuring assignment target or an arrow parameter from a parsed expression.
    pub(super) fn expression_to_pattern(
        &mut self,
        expr: Expression,
        mode: PatternMode,
    ) -> PResult<Pattern> {
        self.nested(|p| p.expression_to_pattern_inner(expr, mode))
    }

    fn expression_to_pattern_inner(
        &mut self,
        expr: Expression,
        mode: PatternMode,
    ) -> PResult<Pattern> {
        let invalid = |span: Span| -> PResult<Pattern> {
            Err(SyntaxError::new(
                match mode {
                    PatternMode::Assignment => "Invalid destructuring assignment target",
                    PatternMode::Binding => "Invalid destructuring assignment target",
                },
                span,
            ))
        };
        match expr {
            Expression::Identifier(ident) => {
                match mode {
                    PatternMode::Assignment => self.check_assignable_identifier(ident)?,
                    PatternMode::Binding => self.check_binding_identifier(ident, false)?,
                }
                Ok(Pattern::Identifier(ident))
            }
            Expression::Member(member) if mode == PatternMode::Assignment => {
                Ok(Pattern::Member(member))
            }
            Expression::Parenthesized(paren) if mode == PatternMode::Assignment => {
                let span = paren.span;
                match paren.expression.unparenthesized() {
                    Expression::Identifier(_) | Expression::Member(_) => {}
                    _ => return invalid(span),
                }
                let mut inner = paren.expression;
                while let Expression::Parenthesized(p) = inner {
                    inner = p.expression;
                }
                self.expression_to_pattern(inner, mode)
            }
            Expression::Object(object) => {
                let object = *object;
                let mut properties = Vec::with_capacity(object.properties.len());
                let count = object.properties.len();
                for (i, member) in object.properties.into_iter().enumerate() {
                    match member {
                        ObjectMember::Property(prop) => {
                            let prop = *prop;
                            if prop.kind != PropertyKind::Init || prop.method {
                                return invalid(prop.span);
                            }
                            let value = if prop.shorthand {
                                match prop.value {
                                    // `{a = 1}`: CoverInitializedName.
                                    Expression::Assignment(assign) => {
                                        let assign = *assign;
                                        if let Pattern::Identifier(id) = &assign.left {
                                            if mode == PatternMode::Binding {
                                                self.check_binding_identifier(*id, false)?;
                                            }
                                        }
                                        Pattern::Assignment(Box::new(AssignmentPattern {
                                            span: assign.span,
                                            left: assign.left,
                                            right: assign.right,
                                        }))
                                    }
                                    value => self.expression_to_pattern(value, mode)?,
                                }
                            } else {
                                self.element_to_pattern(prop.value, mode)?
                            };
                            properties.push(PatternProperty::Property(Box::new(
                                AssignmentProperty {
                                    span: prop.span,
                                    key: prop.key,
                                    value,
                                    shorthand: prop.shorthand,
                                    computed: prop.computed,
                                },
                            )));
                        }
                        ObjectMember::Spread(spread) => {
                            let spread = *spread;
                            if i + 1 != count {
                                return Err(SyntaxError::new(
                                    "Rest element must be last element",
                                    spread.span,
                                ));
                            }
                            // AssignmentRestProperty / BindingRestProperty: no nested pattern.
                            let argument = match spread.argument {
                                Expression::Object(_) | Expression::Array(_) => {
                                    return invalid(spread.argument.span());
                                }
                                Expression::Member(_) | Expression::Parenthesized(_)
                                    if mode == PatternMode::Binding =>
                                {
                                    return invalid(spread.argument.span());
                                }
                                arg => self.expression_to_pattern(arg, mode)?,
                            };
                            properties.push(PatternProperty::Rest(Box::new(RestElement {
                                span: spread.span,
                                argument,
                            })));
                        }
                    }
                }
                Ok(Pattern::Object(Box::new(ObjectPattern {
                    span: object.span,
                    properties,
                })))
            }
            Expression::Array(array) => {
                let array = *array;
                let count = array.elements.len();
                let mut elements = Vec::with_capacity(count);
                for (i, element) in array.elements.into_iter().enumerate() {
                    match element {
                        None => elements.push(None),
                        Some(ArrayElement::Expression(e)) => {
                            elements.push(Some(self.element_to_pattern(e, mode)?))
                        }
                        Some(ArrayElement::Spread(spread)) => {
                            if i + 1 != count {
                                return Err(SyntaxError::new(
                                    "Rest element must be last element",
                                    spread.span,
                                ));
                            }
                            if let Expression::Assignment(_) = spread.argument {
                                return Err(SyntaxError::new(
                                    "Rest parameter may not have a default initializer",
                                    spread.argument.span(),
                                ));
                            }
                            let argument = self.expression_to_pattern(spread.argument, mode)?;
                            elements.push(Some(Pattern::Rest(Box::new(RestElement {
                                span: spread.span,
                                argument,
                            }))));
                        }
                    }
                }
                Ok(Pattern::Array(Box::new(ArrayPattern {
                    span: array.span,
                    elements,
                })))
            }
            other => invalid(other.span()),
        }
    }

    /// An element of an array pattern or a property value: `target` or `target = default`.
    fn element_to_pattern(&mut self, expr: Expression, mode: PatternMode) -> PResult<Pattern> {
        match expr {
            Expression::Assignment(assign) if assign.operator == AssignmentOperator::Assign => {
                let assign = *assign;
                // The left side was converted when the assignment was parsed; re-check it for bindings.
                if mode == PatternMode::Binding {
                    self.check_binding_pattern_from_assignment(&assign.left)?;
                }
                Ok(Pattern::Assignment(Box::new(AssignmentPattern {
                    span: assign.span,
                    left: assign.left,
                    right: assign.right,
                })))
            }
            Expression::Assignment(assign) => Err(SyntaxError::new(
                "Invalid destructuring assignment target",
                assign.span,
            )),
            other => self.expression_to_pattern(other, mode),
        }
    }

    /// A pattern converted in assignment mode (`[a = 1]` parsed as an assignment) must also be a
    /// valid binding pattern when it turns out to be an arrow parameter.
    pub(super) fn check_binding_pattern_from_assignment(
        &mut self,
        pattern: &Pattern,
    ) -> PResult<()> {
        match pattern {
            Pattern::Identifier(id) => self.check_binding_identifier(*id, false),
            Pattern::Member(_) | Pattern::Call(_) => Err(SyntaxError::new(
                "Invalid destructuring assignment target",
                pattern.span(),
            )),
            Pattern::Object(o) => {
                for p in &o.properties {
                    match p {
                        PatternProperty::Property(p) => {
                            self.check_binding_pattern_from_assignment(&p.value)?
                        }
                        PatternProperty::Rest(r) => {
                            self.check_binding_pattern_from_assignment(&r.argument)?
                        }
                    }
                }
                Ok(())
            }
            Pattern::Array(a) => {
                for p in a.elements.iter().flatten() {
                    self.check_binding_pattern_from_assignment(p)?;
                }
                Ok(())
            }
            Pattern::Assignment(a) => self.check_binding_pattern_from_assignment(&a.left),
            Pattern::Rest(r) => self.check_binding_pattern_from_assignment(&r.argument),
        }
    }

    /// `eval` and `arguments` cannot be assigned in strict code.
    pub(super) fn check_assignable_identifier(&self, ident: Identifier) -> PResult<()> {
        if self.strict && (ident.name == atom::EVAL || ident.name == atom::ARGUMENTS) {
            return self.error(ident.span, "Unexpected eval or arguments in strict mode");
        }
        Ok(())
    }

    /// The target of `+=`, `++` etc.: an identifier or a member expression, maybe parenthesised
    /// (AssignmentTargetType simple). `allow_call`: the context accepts a call in sloppy code
    /// (ECMA-262 B.3.7; not logical assignment, not destructuring).
    pub(super) fn expression_to_simple_target(
        &mut self,
        expr: Expression,
        message: &str,
        allow_call: bool,
    ) -> PResult<Pattern> {
        match expr {
            Expression::Call(_) if allow_call && !self.strict => Ok(Pattern::Call(expr)),
            Expression::Identifier(ident) => {
                self.check_assignable_identifier(ident)?;
                Ok(Pattern::Identifier(ident))
            }
            Expression::Member(member) => Ok(Pattern::Member(member)),
            Expression::Parenthesized(paren) => {
                let span = paren.span;
                match paren.expression.unparenthesized() {
                    Expression::Identifier(_) | Expression::Member(_) => {
                        self.expression_to_simple_target(paren.expression, message, false)
                    }
                    Expression::Call(_) if allow_call && !self.strict => {
                        self.expression_to_simple_target(paren.expression, message, true)
                    }
                    _ => self.error(span, message.to_string()),
                }
            }
            other => self.error(other.span(), message.to_string()),
        }
    }
}

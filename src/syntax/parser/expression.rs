//! Expressions (ECMA-262 13), from comma expressions down to primary expressions.

use super::cover::{Cover, PatternMode};
use super::{PResult, Parser};
use crate::syntax::ast::*;
use crate::syntax::atom;
use crate::syntax::regexp;
use crate::syntax::source::Span;
use crate::syntax::token::TokenKind;

/// Binary operator precedence (higher binds tighter); `None` for tokens that are not binary operators.
fn binary_precedence(kind: TokenKind, no_in: bool) -> Option<u8> {
    use TokenKind::*;
    Some(match kind {
        QuestionQuestion => 1,
        PipePipe => 1,
        AmpAmp => 2,
        Pipe => 3,
        Caret => 4,
        Amp => 5,
        EqEq | NotEq | EqEqEq | NotEqEq => 6,
        Lt | Gt | LtEq | GtEq | Instanceof => 7,
        In if !no_in => 7,
        LtLt | GtGt | GtGtGt => 8,
        Plus | Minus => 9,
        Star | Slash | Percent => 10,
        StarStar => 11,
        _ => return None,
    })
}

fn binary_operator(kind: TokenKind) -> BinaryOperator {
    use BinaryOperator as B;
    use TokenKind::*;
    match kind {
        EqEq => B::Eq,
        NotEq => B::NotEq,
        EqEqEq => B::StrictEq,
        NotEqEq => B::StrictNotEq,
        Lt => B::Lt,
        LtEq => B::LtEq,
        Gt => B::Gt,
        GtEq => B::GtEq,
        LtLt => B::Shl,
        GtGt => B::Shr,
        GtGtGt => B::UShr,
        Plus => B::Add,
        Minus => B::Sub,
        Star => B::Mul,
        Slash => B::Div,
        Percent => B::Rem,
        StarStar => B::Exp,
        Pipe => B::BitOr,
        Caret => B::BitXor,
        Amp => B::BitAnd,
        In => B::In,
        _ => B::Instanceof,
    }
}

fn assignment_operator(kind: TokenKind) -> AssignmentOperator {
    use AssignmentOperator as A;
    use TokenKind::*;
    match kind {
        PlusEq => A::Add,
        MinusEq => A::Sub,
        StarEq => A::Mul,
        SlashEq => A::Div,
        PercentEq => A::Rem,
        StarStarEq => A::Exp,
        LtLtEq => A::Shl,
        GtGtEq => A::Shr,
        GtGtGtEq => A::UShr,
        PipeEq => A::BitOr,
        CaretEq => A::BitXor,
        AmpEq => A::BitAnd,
        AmpAmpEq => A::And,
        PipePipeEq => A::Or,
        QuestionQuestionEq => A::Coalesce,
        _ => A::Assign,
    }
}

/// Can this token start an expression? (Decides whether `yield` has an operand.)
pub(super) fn starts_expression(kind: TokenKind) -> bool {
    use TokenKind::*;
    matches!(
        kind,
        Identifier
            | PrivateName
            | Number
            | BigInt
            | String
            | NoSubstitutionTemplate
            | TemplateHead
            | RegExp
            | LBrace
            | LParen
            | LBracket
            | Slash
            | SlashEq
            | Plus
            | Minus
            | PlusPlus
            | MinusMinus
            | Bang
            | Tilde
            | Lt
            | Class
            | Delete
            | False
            | Function
            | Import
            | New
            | Null
            | Super
            | This
            | True
            | Typeof
            | Void
    )
}

impl<'s> Parser<'s> {
    /// Expression: AssignmentExpression (`,` AssignmentExpression)*.
    pub(super) fn parse_expression(&mut self, no_in: bool) -> PResult<Expression> {
        let start = self.start();
        let first = self.parse_assignment(no_in, None)?;
        if !self.at(TokenKind::Comma) {
            return Ok(first);
        }
        let mut expressions = vec![first];
        while self.eat(TokenKind::Comma)? {
            expressions.push(self.parse_assignment(no_in, None)?);
        }
        Ok(Expression::Sequence(Box::new(SequenceExpression {
            span: self.span_from(start),
            expressions,
        })))
    }

    /// AssignmentExpression. With `cover`, errors that depend on whether an enclosing literal becomes a
    /// pattern are passed up instead of being reported (see `cover.rs`).
    pub(super) fn parse_assignment(
        &mut self,
        no_in: bool,
        cover: Option<&mut Cover>,
    ) -> PResult<Expression> {
        self.nested(|p| p.parse_assignment_inner(no_in, cover))
    }

    fn parse_assignment_inner(
        &mut self,
        no_in: bool,
        cover: Option<&mut Cover>,
    ) -> PResult<Expression> {
        if self.at_contextual(atom::YIELD) && self.in_generator() {
            return self.parse_yield(no_in);
        }
        // `yield` written with escapes is never the keyword.
        if self.tok.kind == TokenKind::Identifier
            && self.tok.atom == atom::YIELD
            && self.tok.escaped
            && self.in_generator()
        {
            return self.error(self.tok.span, "Keyword must not contain escaped characters");
        }
        let start = self.start();
        let mut local = Cover::default();
        let left = self.parse_conditional(no_in, &mut local)?;
        if self.tok.kind.is_assignment() {
            let kind = self.tok.kind;
            let operator = assignment_operator(kind);
            let is_literal = matches!(left, Expression::Object(_) | Expression::Array(_));
            let target = if kind == TokenKind::Eq && is_literal {
                local.check_pattern()?;
                self.expression_to_pattern(left, PatternMode::Assignment)?
            } else {
                local.check_expression()?;
                let logical = matches!(
                    operator,
                    AssignmentOperator::And | AssignmentOperator::Or | AssignmentOperator::Coalesce
                );
                self.expression_to_simple_target(
                    left,
                    "Invalid left-hand side in assignment",
                    !logical,
                )?
            };
            self.next()?;
            let right = self.parse_assignment(no_in, None)?;
            return Ok(Expression::Assignment(Box::new(AssignmentExpression {
                span: self.span_from(start),
                operator,
                left: target,
                right,
            })));
        }
        match cover {
            Some(parent) => parent.merge(local),
            None => local.check_expression()?,
        }
        Ok(left)
    }

    /// YieldExpression (ECMA-262 15.5).
    fn parse_yield(&mut self, no_in: bool) -> PResult<Expression> {
        let start = self.start();
        let span = self.tok.span;
        self.next()?;
        if self.yield_pos.is_none() {
            self.yield_pos = Some(span);
        }
        let mut delegate = false;
        let mut argument = None;
        if !self.tok.newline_before {
            delegate = self.eat(TokenKind::Star)?;
            if delegate || (starts_expression(self.tok.kind) && !self.at(TokenKind::Lt)) {
                argument = Some(self.parse_assignment(no_in, None)?);
            }
        }
        Ok(Expression::Yield(Box::new(YieldExpression {
            span: self.span_from(start),
            argument,
            delegate,
        })))
    }

    /// ConditionalExpression.
    fn parse_conditional(&mut self, no_in: bool, cover: &mut Cover) -> PResult<Expression> {
        let start = self.start();
        let test = self.parse_binary(0, no_in, cover)?;
        if matches!(test, Expression::Arrow(_)) || !self.at(TokenKind::Question) {
            return Ok(test);
        }
        cover.check_expression()?;
        self.next()?;
        // The middle operand allows `in` even in a for-init (ECMA-262 13.14: [+In]).
        let consequent = self.parse_assignment(false, None)?;
        self.expect(TokenKind::Colon)?;
        let alternate = self.parse_assignment(no_in, None)?;
        Ok(Expression::Conditional(Box::new(ConditionalExpression {
            span: self.span_from(start),
            test,
            consequent,
            alternate,
        })))
    }

    /// Binary operators by precedence climbing; `min_prec` is the loosest operator allowed.
    fn parse_binary(
        &mut self,
        min_prec: u8,
        no_in: bool,
        cover: &mut Cover,
    ) -> PResult<Expression> {
        let start = self.start();
        let mut left = if self.at(TokenKind::PrivateName) {
            // RelationalExpression : PrivateIdentifier `in` ShiftExpression
            let tok = self.tok;
            let ident = PrivateIdentifier {
                span: tok.span,
                name: tok.atom,
            };
            self.next()?;
            if !self.at(TokenKind::In) || no_in || min_prec >= 7 {
                return Err(self.unexpected_token(tok));
            }
            self.use_private(ident.name, ident.span)?;
            self.next()?;
            let right = self.parse_binary(8, no_in, &mut Cover::default())?;
            if let Expression::Arrow(_) = right {
                return self.error(right.span(), "Malformed arrow function parameter list");
            }
            Expression::PrivateIn(Box::new(PrivateInExpression {
                span: self.span_from(start),
                left: ident,
                right,
            }))
        } else {
            let operand = self.parse_unary(cover)?;
            if matches!(operand, Expression::Arrow(_)) {
                return Ok(operand);
            }
            operand
        };
        let depth_before = self.depth;
        loop {
            let kind = self.tok.kind;
            let Some(prec) = binary_precedence(kind, no_in) else {
                break;
            };
            if prec <= min_prec {
                break;
            }
            self.chain_link()?;
            cover.check_expression()?;
            if kind == TokenKind::StarStar {
                // ECMA-262 13.6: the base of `**` cannot be a UnaryExpression (`-a ** b`).
                if matches!(left, Expression::Unary(_) | Expression::Await(_)) {
                    return self.error(
                        left.span(),
                        "Unary operator used immediately before exponentiation expression. Parenthesis must be used to disambiguate operator precedence",
                    );
                }
            }
            self.next()?;
            // `**` is right-associative: its right operand may contain `**` again.
            let next_min = if kind == TokenKind::StarStar {
                prec - 1
            } else {
                prec
            };
            let right = self.parse_binary(next_min, no_in, &mut Cover::default())?;
            if matches!(right, Expression::Arrow(_)) {
                return self.error(right.span(), "Malformed arrow function parameter list");
            }
            let span = self.span_from(start);
            left = match kind {
                TokenKind::AmpAmp | TokenKind::PipePipe | TokenKind::QuestionQuestion => {
                    let operator = match kind {
                        TokenKind::AmpAmp => LogicalOperator::And,
                        TokenKind::PipePipe => LogicalOperator::Or,
                        _ => LogicalOperator::Coalesce,
                    };
                    self.check_coalesce_mixing(operator, &left, &right)?;
                    Expression::Logical(Box::new(LogicalExpression {
                        span,
                        operator,
                        left,
                        right,
                    }))
                }
                _ => Expression::Binary(Box::new(BinaryExpression {
                    span,
                    operator: binary_operator(kind),
                    left,
                    right,
                })),
            };
        }
        self.depth = depth_before;
        Ok(left)
    }

    /// ECMA-262 13.13: `??` cannot be mixed with `&&` or `||` without parentheses.
    fn check_coalesce_mixing(
        &self,
        op: LogicalOperator,
        left: &Expression,
        right: &Expression,
    ) -> PResult<()> {
        let mixes = |e: &Expression| match e {
            Expression::Logical(l) => {
                (l.operator == LogicalOperator::Coalesce) != (op == LogicalOperator::Coalesce)
            }
            _ => false,
        };
        if mixes(left) || mixes(right) {
            return self.error(
                Span::new(left.span().start, right.span().end),
                "Unexpected token '??': '??' cannot be mixed with '&&' or '||' without parentheses",
            );
        }
        Ok(())
    }

    /// UnaryExpression (ECMA-262 13.5) and AwaitExpression.
    fn parse_unary(&mut self, cover: &mut Cover) -> PResult<Expression> {
        self.nested(|p| p.parse_unary_inner(cover))
    }

    fn parse_unary_inner(&mut self, cover: &mut Cover) -> PResult<Expression> {
        let start = self.start();
        let operator = match self.tok.kind {
            TokenKind::Minus => Some(UnaryOperator::Minus),
            TokenKind::Plus => Some(UnaryOperator::Plus),
            TokenKind::Bang => Some(UnaryOperator::Not),
            TokenKind::Tilde => Some(UnaryOperator::BitNot),
            TokenKind::Typeof => Some(UnaryOperator::Typeof),
            TokenKind::Void => Some(UnaryOperator::Void),
            TokenKind::Delete => Some(UnaryOperator::Delete),
            _ => None,
        };
        if let Some(operator) = operator {
            self.next()?;
            let mut operand_cover = Cover::default();
            let argument = self.parse_unary(&mut operand_cover)?;
            operand_cover.check_expression()?;
            if let Expression::Arrow(_) = argument {
                return self.error(argument.span(), "Malformed arrow function parameter list");
            }
            if operator == UnaryOperator::Delete {
                match argument.unparenthesized() {
                    // ECMA-262 13.5.1.1
                    Expression::Identifier(_) if self.strict => {
                        return self.error(
                            argument.span(),
                            "Delete of an unqualified identifier in strict mode.",
                        );
                    }
                    Expression::Member(m) if matches!(m.property, MemberProperty::Private(_)) => {
                        return self.error(argument.span(), "Private fields can not be deleted");
                    }
                    Expression::Chain(c) if Self::chain_ends_in_private(&c.expression) => {
                        return self.error(argument.span(), "Private fields can not be deleted");
                    }
                    _ => {}
                }
            }
            return Ok(Expression::Unary(Box::new(UnaryExpression {
                span: self.span_from(start),
                operator,
                argument,
            })));
        }
        if self.at(TokenKind::PlusPlus) || self.at(TokenKind::MinusMinus) {
            let increment = self.at(TokenKind::PlusPlus);
            self.next()?;
            let mut operand_cover = Cover::default();
            let operand = self.parse_unary(&mut operand_cover)?;
            operand_cover.check_expression()?;
            if matches!(
                operand,
                Expression::Unary(_)
                    | Expression::Await(_)
                    | Expression::Update(_)
                    | Expression::Arrow(_)
            ) {
                return self.error(
                    operand.span(),
                    "Invalid left-hand side expression in prefix operation",
                );
            }
            let argument = self.expression_to_simple_target(
                operand,
                "Invalid left-hand side expression in prefix operation",
                true,
            )?;
            return Ok(Expression::Update(Box::new(UpdateExpression {
                span: self.span_from(start),
                increment,
                prefix: true,
                argument,
            })));
        }
        if self.at_contextual(atom::AWAIT) && self.can_await() {
            return self.parse_await();
        }
        if self.tok.kind == TokenKind::Identifier
            && self.tok.atom == atom::AWAIT
            && self.tok.escaped
            && (self.can_await() || self.module)
        {
            return self.error(self.tok.span, "Keyword must not contain escaped characters");
        }
        let expr = self.parse_lhs(cover)?;
        if matches!(expr, Expression::Arrow(_)) {
            return Ok(expr);
        }
        // UpdateExpression: LeftHandSideExpression [no LineTerminator here] `++`/`--`
        if (self.at(TokenKind::PlusPlus) || self.at(TokenKind::MinusMinus))
            && !self.tok.newline_before
        {
            let increment = self.at(TokenKind::PlusPlus);
            cover.check_expression()?;
            let argument = self.expression_to_simple_target(
                expr,
                "Invalid left-hand side expression in postfix operation",
                true,
            )?;
            self.next()?;
            return Ok(Expression::Update(Box::new(UpdateExpression {
                span: self.span_from(start),
                increment,
                prefix: false,
                argument,
            })));
        }
        Ok(expr)
    }

    fn chain_ends_in_private(expr: &Expression) -> bool {
        matches!(expr, Expression::Member(m) if matches!(m.property, MemberProperty::Private(_)))
    }

    /// AwaitExpression (ECMA-262 15.8).
    fn parse_await(&mut self) -> PResult<Expression> {
        let start = self.start();
        let span = self.tok.span;
        self.next()?;
        if self.await_pos.is_none() {
            self.await_pos = Some(span);
        }
        let mut operand_cover = Cover::default();
        let argument = self.parse_unary(&mut operand_cover)?;
        operand_cover.check_expression()?;
        if let Expression::Arrow(_) = argument {
            return self.error(argument.span(), "Malformed arrow function parameter list");
        }
        Ok(Expression::Await(Box::new(AwaitExpression {
            span: self.span_from(start),
            argument,
        })))
    }

    /// LeftHandSideExpression: `new`, calls, member accesses, optional chains, tagged templates.
    pub(super) fn parse_lhs(&mut self, cover: &mut Cover) -> PResult<Expression> {
        let start = self.start();
        let mut atom_cover = Cover::default();
        let expr = if self.at(TokenKind::New) {
            self.parse_new()?
        } else if self.at(TokenKind::Super) {
            self.parse_super()?
        } else if self.at(TokenKind::Import) {
            self.parse_import_expression()?
        } else {
            self.parse_primary(&mut atom_cover)?
        };
        if let Expression::Arrow(_) = expr {
            return Ok(expr);
        }
        let before = expr.span();
        let result = self.parse_subscripts(expr, start, false)?;
        if result.span() == before {
            cover.merge(atom_cover);
        } else {
            atom_cover.check_expression()?;
        }
        Ok(result)
    }

    /// Member accesses, calls, optional chains and tagged templates after `expr`.
    /// With `no_call` (the callee of `new`), stop before arguments.
    fn parse_subscripts(
        &mut self,
        mut expr: Expression,
        start: u32,
        no_call: bool,
    ) -> PResult<Expression> {
        let mut in_chain = false;
        let depth_before = self.depth;
        loop {
            if matches!(
                self.tok.kind,
                TokenKind::Dot
                    | TokenKind::QuestionDot
                    | TokenKind::LBracket
                    | TokenKind::LParen
                    | TokenKind::NoSubstitutionTemplate
                    | TokenKind::TemplateHead
            ) {
                self.chain_link()?;
            }
            match self.tok.kind {
                TokenKind::Dot => {
                    self.next()?;
                    if matches!(expr, Expression::Super(_)) && self.at(TokenKind::PrivateName) {
                        return self.error(self.tok.span, "Unexpected private field");
                    }
                    expr = self.parse_member_rest(expr, start, false)?;
                }
                TokenKind::QuestionDot => {
                    if no_call {
                        return self
                            .error(self.tok.span, "Invalid optional chain from new expression");
                    }
                    in_chain = true;
                    self.next()?;
                    match self.tok.kind {
                        TokenKind::LParen => {
                            let arguments = self.parse_arguments()?;
                            expr = Expression::Call(Box::new(CallExpression {
                                span: self.span_from(start),
                                callee: expr,
                                arguments,
                                optional: true,
                            }));
                        }
                        TokenKind::NoSubstitutionTemplate | TokenKind::TemplateHead => {
                            return self
                                .error(self.tok.span, "Invalid tagged template on optional chain");
                        }
                        _ => expr = self.parse_member_rest(expr, start, true)?,
                    }
                }
                TokenKind::LBracket => expr = self.parse_member_rest(expr, start, false)?,
                TokenKind::NoSubstitutionTemplate | TokenKind::TemplateHead => {
                    if in_chain {
                        return self
                            .error(self.tok.span, "Invalid tagged template on optional chain");
                    }
                    let quasi = self.parse_template(true)?;
                    expr = Expression::TaggedTemplate(Box::new(TaggedTemplate {
                        span: self.span_from(start),
                        tag: expr,
                        quasi,
                    }));
                }
                TokenKind::LParen if !no_call => {
                    let arguments = self.parse_arguments()?;
                    expr = Expression::Call(Box::new(CallExpression {
                        span: self.span_from(start),
                        callee: expr,
                        arguments,
                        optional: false,
                    }));
                }
                _ => break,
            }
        }
        self.depth = depth_before;
        if in_chain {
            expr = Expression::Chain(Box::new(ChainExpression {
                span: self.span_from(start),
                expression: expr,
            }));
        }
        Ok(expr)
    }

    /// The property of a member access after `.` or `?.`, or from `[` on: `object.name`,
    /// `object.#name`, `object[expr]`.
    fn parse_member_rest(
        &mut self,
        object: Expression,
        start: u32,
        optional: bool,
    ) -> PResult<Expression> {
        let property = if self.eat(TokenKind::LBracket)? {
            let property = self.parse_expression(false)?;
            self.expect(TokenKind::RBracket)?;
            MemberProperty::Computed(property)
        } else {
            self.parse_member_name()?
        };
        Ok(Expression::Member(Box::new(MemberExpression {
            span: self.span_from(start),
            object,
            property,
            optional,
        })))
    }

    /// The name after `.` or `?.`: an IdentifierName or a PrivateIdentifier.
    fn parse_member_name(&mut self) -> PResult<MemberProperty> {
        if self.at(TokenKind::PrivateName) {
            let ident = PrivateIdentifier {
                span: self.tok.span,
                name: self.tok.atom,
            };
            self.use_private(ident.name, ident.span)?;
            self.next()?;
            return Ok(MemberProperty::Private(ident));
        }
        Ok(MemberProperty::Identifier(self.parse_identifier_name()?))
    }

    /// Arguments: `(` a, ...b, `)` with an optional trailing comma.
    pub(super) fn parse_arguments(&mut self) -> PResult<Vec<Argument>> {
        self.expect(TokenKind::LParen)?;
        let mut arguments = Vec::new();
        while !self.at(TokenKind::RParen) {
            if self.at(TokenKind::Ellipsis) {
                let start = self.start();
                self.next()?;
                let argument = self.parse_assignment(false, None)?;
                arguments.push(Argument::Spread(SpreadElement {
                    span: self.span_from(start),
                    argument,
                }));
            } else {
                arguments.push(Argument::Expression(self.parse_assignment(false, None)?));
            }
            if !self.at(TokenKind::RParen) {
                self.expect(TokenKind::Comma)?;
            }
        }
        self.next()?;
        Ok(arguments)
    }

    /// ClassHeritage: `extends` LeftHandSideExpression.
    pub(super) fn parse_class_heritage(&mut self, cover: &mut Cover) -> PResult<Expression> {
        let expr = self.parse_lhs(cover)?;
        if let Expression::Arrow(_) = expr {
            return self.error(expr.span(), "Unexpected token '=>'");
        }
        Ok(expr)
    }

    /// `new.target` and `new C(args)` (ECMA-262 13.3.5, 13.3.12).
    fn parse_new(&mut self) -> PResult<Expression> {
        self.nested(|p| p.parse_new_inner())
    }

    fn parse_new_inner(&mut self) -> PResult<Expression> {
        let start = self.start();
        let new_span = self.tok.span;
        self.next()?;
        if self.at(TokenKind::Dot) {
            self.next()?;
            if !self.at_contextual(atom::TARGET) {
                if self.tok.kind == TokenKind::Identifier && self.tok.atom == atom::TARGET {
                    return self
                        .error(self.tok.span, "Keyword must not contain escaped characters");
                }
                return Err(self.unexpected());
            }
            let property = Identifier {
                span: self.tok.span,
                name: atom::TARGET,
            };
            self.next()?;
            let span = self.span_from(start);
            if !self.allow_new_target() {
                return self.error(span, "new.target expression is not allowed here");
            }
            return Ok(Expression::MetaProperty(Box::new(MetaProperty {
                span,
                meta: Identifier {
                    span: new_span,
                    name: atom::NEW,
                },
                property,
            })));
        }
        let callee_start = self.start();
        let callee = if self.at(TokenKind::New) {
            self.parse_new()?
        } else if self.at(TokenKind::Super) {
            // `new super.x()` is allowed; `new super()` is not (SuperCall is not a MemberExpression).
            if self.peek().kind == TokenKind::LParen {
                return self.error(self.tok.span, "'super' keyword unexpected here");
            }
            self.parse_super()?
        } else if self.at(TokenKind::Import) {
            // `new import.meta…` is a MemberExpression; `new import(…)` is not.
            if self.peek().kind != TokenKind::Dot {
                return self.error(self.tok.span, "Cannot use new with import");
            }
            self.parse_import_expression()?
        } else {
            let mut cover = Cover::default();
            let e = self.parse_primary(&mut cover)?;
            cover.check_expression()?;
            if let Expression::Arrow(_) = e {
                return self.error(e.span(), "Malformed arrow function parameter list");
            }
            e
        };
        let callee = self.parse_subscripts(callee, callee_start, true)?;
        let arguments = if self.at(TokenKind::LParen) {
            self.parse_arguments()?
        } else {
            Vec::new()
        };
        Ok(Expression::New(Box::new(NewExpression {
            span: self.span_from(start),
            callee,
            arguments,
        })))
    }

    /// `super(…)`, `super.x`, `super[x]` with their context checks (ECMA-262 15.7.1, 13.3.7.1).
    fn parse_super(&mut self) -> PResult<Expression> {
        let span = self.tok.span;
        self.next()?;
        match self.tok.kind {
            TokenKind::LParen => {
                if !self.allow_super_call() {
                    return self.error(span, "'super' keyword unexpected here");
                }
            }
            TokenKind::Dot | TokenKind::LBracket => {
                if !self.allow_super_property() {
                    return self.error(span, "'super' keyword unexpected here");
                }
            }
            _ => return self.error(span, "'super' keyword unexpected here"),
        }
        Ok(Expression::Super(span))
    }

    /// `import(…)` and `import.meta` (ECMA-262 13.3.10, 13.3.12).
    fn parse_import_expression(&mut self) -> PResult<Expression> {
        let start = self.start();
        let import_span = self.tok.span;
        self.next()?;
        if self.at(TokenKind::Dot) {
            self.next()?;
            if !self.at_contextual(atom::META) {
                if self.tok.kind == TokenKind::Identifier && self.tok.atom == atom::META {
                    return self
                        .error(self.tok.span, "Keyword must not contain escaped characters");
                }
                return Err(self.unexpected());
            }
            let property = Identifier {
                span: self.tok.span,
                name: atom::META,
            };
            self.next()?;
            let span = self.span_from(start);
            if !self.module {
                return self.error(span, "Cannot use 'import.meta' outside a module");
            }
            return Ok(Expression::MetaProperty(Box::new(MetaProperty {
                span,
                meta: Identifier {
                    span: import_span,
                    name: atom::IMPORT,
                },
                property,
            })));
        }
        if !self.at(TokenKind::LParen) {
            return Err(self.unexpected());
        }
        self.next()?;
        if self.at(TokenKind::Ellipsis) {
            return Err(self.unexpected());
        }
        let source = self.parse_assignment(false, None)?;
        let mut options = None;
        if self.eat(TokenKind::Comma)? && !self.at(TokenKind::RParen) {
            options = Some(self.parse_assignment(false, None)?);
            self.eat(TokenKind::Comma)?;
        }
        self.expect(TokenKind::RParen)?;
        Ok(Expression::Import(Box::new(ImportExpression {
            span: self.span_from(start),
            source,
            options,
        })))
    }

    /// PrimaryExpression (ECMA-262 13.2), including arrow functions that start here.
    fn parse_primary(&mut self, cover: &mut Cover) -> PResult<Expression> {
        let start = self.start();
        let tok = self.tok;
        match tok.kind {
            TokenKind::This => {
                self.next()?;
                Ok(Expression::This(tok.span))
            }
            TokenKind::Identifier => self.parse_identifier_or_arrow(),
            TokenKind::Number => {
                self.check_legacy_octal(tok, tok.span)?;
                self.next()?;
                Ok(Expression::Literal(Box::new(Literal {
                    span: tok.span,
                    value: LiteralValue::Number(tok.number),
                })))
            }
            TokenKind::BigInt => {
                self.next()?;
                let text = self.text(tok.span);
                let digits: String = text[..text.len() - 1]
                    .chars()
                    .filter(|&c| c != '_')
                    .collect();
                Ok(Expression::Literal(Box::new(Literal {
                    span: tok.span,
                    value: LiteralValue::BigInt(digits.into_boxed_str()),
                })))
            }
            TokenKind::String => Ok(Expression::Literal(Box::new(self.parse_string_literal()?))),
            TokenKind::Null => {
                self.next()?;
                Ok(Expression::Literal(Box::new(Literal {
                    span: tok.span,
                    value: LiteralValue::Null,
                })))
            }
            TokenKind::True | TokenKind::False => {
                self.next()?;
                Ok(Expression::Literal(Box::new(Literal {
                    span: tok.span,
                    value: LiteralValue::Boolean(tok.kind == TokenKind::True),
                })))
            }
            TokenKind::Slash | TokenKind::SlashEq => {
                self.rescan_regexp()?;
                let pattern = self.lexer.regexp_pattern().to_string();
                let flags = self.lexer.regexp_flags().to_string();
                let span = self.tok.span;
                if let Err(reason) = regexp::validate(&pattern, &flags) {
                    let message = if reason == "Invalid regular expression flags" {
                        reason
                    } else {
                        format!(
                            "Invalid regular expression: /{}/{}: {}",
                            pattern, flags, reason
                        )
                    };
                    return self.error(span, message);
                }
                self.next()?;
                Ok(Expression::Literal(Box::new(Literal {
                    span,
                    value: LiteralValue::RegExp {
                        pattern: pattern.into_boxed_str(),
                        flags: flags.into_boxed_str(),
                    },
                })))
            }
            TokenKind::NoSubstitutionTemplate | TokenKind::TemplateHead => {
                Ok(Expression::Template(Box::new(self.parse_template(false)?)))
            }
            TokenKind::LBracket => self.parse_array_literal(cover),
            TokenKind::LBrace => self.parse_object_literal(cover),
            TokenKind::LParen => self.parse_parenthesized_or_arrow(),
            TokenKind::Function => {
                let function = self.parse_function_expression(start, false)?;
                Ok(Expression::Function(function))
            }
            TokenKind::Class => Ok(Expression::Class(self.parse_class(false)?)),
            TokenKind::New => self.parse_new(),
            TokenKind::Super => self.parse_super(),
            TokenKind::Import => self.parse_import_expression(),
            _ => Err(self.unexpected()),
        }
    }

    /// An identifier reference, or the start of `x => …`, `async x => …`, `async (…) => …`,
    /// `async function …`.
    fn parse_identifier_or_arrow(&mut self) -> PResult<Expression> {
        let start = self.start();
        let tok = self.tok;
        if tok.is_contextual(atom::ASYNC) {
            let next = self.peek();
            if !next.newline_before {
                if next.kind == TokenKind::Function {
                    self.next()?;
                    let function = self.parse_function_expression(start, true)?;
                    return Ok(Expression::Function(function));
                }
                if next.kind == TokenKind::Identifier && self.peek2().kind == TokenKind::Arrow {
                    // `async x => …`
                    self.next()?;
                    let param_tok = self.tok;
                    let param = Identifier {
                        span: param_tok.span,
                        name: param_tok.atom,
                    };
                    self.next()?;
                    if !self.at(TokenKind::Arrow) || self.tok.newline_before {
                        return Err(self.unexpected());
                    }
                    if param.name == atom::AWAIT {
                        return self.error(param.span, "Unexpected reserved word");
                    }
                    return self.parse_arrow_from_identifier(start, param, param_tok.escaped, true);
                }
                if next.kind == TokenKind::LParen {
                    return self.parse_async_call_or_arrow(start);
                }
            }
        }
        let ident = Identifier {
            span: tok.span,
            name: tok.atom,
        };
        self.next()?;
        if self.at(TokenKind::Arrow) && !self.tok.newline_before {
            return self.parse_arrow_from_identifier(start, ident, tok.escaped, false);
        }
        self.check_identifier(ident, tok.escaped)?;
        Ok(Expression::Identifier(ident))
    }

    /// `x => body` once `x` has been read and `=>` is current.
    fn parse_arrow_from_identifier(
        &mut self,
        start: u32,
        param: Identifier,
        escaped: bool,
        is_async: bool,
    ) -> PResult<Expression> {
        // ArrowParameters[?Yield, ?Await] are read in the enclosing context.
        self.check_binding_identifier(param, escaped)?;
        self.parse_arrow_body(start, vec![Pattern::Identifier(param)], is_async)
    }

    /// `async(…)`: a call, or the parameters of an async arrow function when `=>` follows.
    fn parse_async_call_or_arrow(&mut self, start: u32) -> PResult<Expression> {
        let async_ident = Identifier {
            span: self.tok.span,
            name: atom::ASYNC,
        };
        self.next()?;
        let saved = (
            self.yield_pos.take(),
            self.await_pos.take(),
            self.await_ident_pos.take(),
        );
        let (items, cover, trailing_comma) = self.parse_cover_list()?;
        let inner = (self.yield_pos, self.await_pos, self.await_ident_pos);
        if self.at(TokenKind::Arrow) && !self.tok.newline_before {
            cover.check_pattern()?;
            if let Some(span) = inner.0 {
                return self.error(span, "Yield expression not allowed in formal parameter");
            }
            if let Some(span) = inner.1 {
                return self.error(
                    span,
                    "Illegal await-expression in formal parameters of async function",
                );
            }
            if let Some(span) = inner.2 {
                return self.error(span, "Unexpected reserved word");
            }
            let _ = trailing_comma;
            self.yield_pos = saved.0;
            self.await_pos = saved.1;
            self.await_ident_pos = saved.2;
            let params = self.items_to_params(items, true)?;
            return self.parse_arrow_body(start, params, true);
        }
        cover.check_expression()?;
        self.yield_pos = saved.0.or(inner.0);
        self.await_pos = saved.1.or(inner.1);
        self.await_ident_pos = saved.2.or(inner.2);
        let arguments = items
            .into_iter()
            .map(|item| match item {
                CoverItem::Expression(e) => Argument::Expression(e),
                CoverItem::Rest(span, e) => Argument::Spread(SpreadElement { span, argument: e }),
            })
            .collect();
        let call = Expression::Call(Box::new(CallExpression {
            span: self.span_from(start),
            callee: Expression::Identifier(async_ident),
            arguments,
            optional: false,
        }));
        Ok(call)
    }

    /// `( … )` as a parenthesised expression, or as arrow parameters when `=>` follows.
    fn parse_parenthesized_or_arrow(&mut self) -> PResult<Expression> {
        let start = self.start();
        let saved = (
            self.yield_pos.take(),
            self.await_pos.take(),
            self.await_ident_pos.take(),
        );
        let (items, cover, trailing_comma) = self.parse_cover_list()?;
        let inner = (self.yield_pos, self.await_pos, self.await_ident_pos);
        if self.at(TokenKind::Arrow) && !self.tok.newline_before {
            cover.check_pattern()?;
            if let Some(span) = inner.0 {
                return self.error(span, "Yield expression not allowed in formal parameter");
            }
            if let Some(span) = inner.1 {
                return self.error(
                    span,
                    "Illegal await-expression in formal parameters of async function",
                );
            }
            self.yield_pos = saved.0;
            self.await_pos = saved.1;
            self.await_ident_pos = saved.2.or(inner.2);
            let params = self.items_to_params(items, false)?;
            return self.parse_arrow_body(start, params, false);
        }
        self.yield_pos = saved.0.or(inner.0);
        self.await_pos = saved.1.or(inner.1);
        self.await_ident_pos = saved.2.or(inner.2);
        cover.check_expression()?;
        let span = self.span_from(start);
        if items.is_empty() {
            return self.error(Span::new(span.end - 1, span.end), "Unexpected token ')'");
        }
        if let Some(comma) = trailing_comma {
            return self.error(comma, "Unexpected token ')'");
        }
        let mut expressions = Vec::with_capacity(items.len());
        for item in items {
            match item {
                CoverItem::Expression(e) => expressions.push(e),
                CoverItem::Rest(span, _) => return self.error(span, "Unexpected token '...'"),
            }
        }
        let expression = if expressions.len() == 1 {
            expressions.pop().expect("one expression")
        } else {
            let first = expressions[0].span().start;
            let last = expressions[expressions.len() - 1].span().end;
            Expression::Sequence(Box::new(SequenceExpression {
                span: Span::new(first, last),
                expressions,
            }))
        };
        Ok(Expression::Parenthesized(Box::new(
            ParenthesizedExpression { span, expression },
        )))
    }

    /// The contents of `( … )` that may be an expression or arrow parameters: assignment
    /// expressions and `...rest`, comma separated. Returns the items, the cover state, and the span
    /// of a trailing comma.
    fn parse_cover_list(&mut self) -> PResult<(Vec<CoverItem>, Cover, Option<Span>)> {
        self.expect(TokenKind::LParen)?;
        let mut items = Vec::new();
        let mut cover = Cover::default();
        let mut trailing_comma = None;
        while !self.at(TokenKind::RParen) {
            if self.at(TokenKind::Ellipsis) {
                let start = self.start();
                self.next()?;
                let argument = self.parse_assignment(false, Some(&mut cover))?;
                let span = self.span_from(start);
                items.push(CoverItem::Rest(span, argument));
                if self.at(TokenKind::Comma) {
                    // `(...a,)`: fine as call arguments, not as parameters.
                    if cover.trailing_comma.is_none() {
                        cover.trailing_comma = Some(self.tok.span);
                    }
                }
            } else {
                items.push(CoverItem::Expression(
                    self.parse_assignment(false, Some(&mut cover))?,
                ));
            }
            if self.at(TokenKind::RParen) {
                trailing_comma = None;
                break;
            }
            let comma = self.tok.span;
            self.expect(TokenKind::Comma)?;
            trailing_comma = Some(comma);
        }
        self.expect(TokenKind::RParen)?;
        Ok((items, cover, trailing_comma))
    }

    /// Convert a cover list to arrow parameters (binding patterns).
    fn items_to_params(&mut self, items: Vec<CoverItem>, _is_async: bool) -> PResult<Vec<Pattern>> {
        let count = items.len();
        let mut params = Vec::with_capacity(count);
        for (i, item) in items.into_iter().enumerate() {
            match item {
                CoverItem::Expression(Expression::Assignment(assign)) => {
                    let assign = *assign;
                    if assign.operator != AssignmentOperator::Assign {
                        return self.error(assign.span, "Invalid destructuring assignment target");
                    }
                    let left = self.rebind(assign.left)?;
                    params.push(Pattern::Assignment(Box::new(AssignmentPattern {
                        span: assign.span,
                        left,
                        right: assign.right,
                    })));
                }
                CoverItem::Expression(e) => {
                    params.push(self.expression_to_pattern(e, PatternMode::Binding)?)
                }
                CoverItem::Rest(span, argument) => {
                    if i + 1 != count {
                        return self.error(span, "Rest parameter must be last formal parameter");
                    }
                    if let Expression::Assignment(_) = argument {
                        return self.error(
                            argument.span(),
                            "Rest parameter may not have a default initializer",
                        );
                    }
                    let argument = self.expression_to_pattern(argument, PatternMode::Binding)?;
                    params.push(Pattern::Rest(Box::new(RestElement { span, argument })));
                }
            }
        }
        Ok(params)
    }

    /// A pattern already converted in assignment mode, checked again as a binding pattern.
    fn rebind(&mut self, pattern: Pattern) -> PResult<Pattern> {
        self.check_binding_pattern_from_assignment(&pattern)?;
        Ok(pattern)
    }

    /// ArrayLiteral (ECMA-262 13.2.4).
    fn parse_array_literal(&mut self, cover: &mut Cover) -> PResult<Expression> {
        let start = self.start();
        self.next()?;
        let mut elements = Vec::new();
        while !self.at(TokenKind::RBracket) {
            if self.at(TokenKind::Comma) {
                self.next()?;
                elements.push(None);
                continue;
            }
            if self.at(TokenKind::Ellipsis) {
                let spread_start = self.start();
                self.next()?;
                let argument = self.parse_assignment(false, Some(cover))?;
                elements.push(Some(ArrayElement::Spread(SpreadElement {
                    span: self.span_from(spread_start),
                    argument,
                })));
                if self.at(TokenKind::Comma) && cover.trailing_comma.is_none() {
                    cover.trailing_comma = Some(self.tok.span);
                }
            } else {
                elements.push(Some(ArrayElement::Expression(
                    self.parse_assignment(false, Some(cover))?,
                )));
            }
            if !self.at(TokenKind::RBracket) {
                self.expect(TokenKind::Comma)?;
            }
        }
        self.next()?;
        Ok(Expression::Array(Box::new(ArrayExpression {
            span: self.span_from(start),
            elements,
        })))
    }

    /// ObjectLiteral (ECMA-262 13.2.5), including CoverInitializedName.
    fn parse_object_literal(&mut self, cover: &mut Cover) -> PResult<Expression> {
        let start = self.start();
        self.next()?;
        let mut properties = Vec::new();
        let mut has_proto = false;
        while !self.at(TokenKind::RBrace) {
            if self.at(TokenKind::Ellipsis) {
                let spread_start = self.start();
                self.next()?;
                let argument = self.parse_assignment(false, Some(cover))?;
                properties.push(ObjectMember::Spread(Box::new(SpreadElement {
                    span: self.span_from(spread_start),
                    argument,
                })));
                if self.at(TokenKind::Comma) && cover.trailing_comma.is_none() {
                    cover.trailing_comma = Some(self.tok.span);
                }
            } else {
                let property = self.parse_object_property(cover)?;
                // ECMA-262 13.2.5.1: duplicate `__proto__: v` (not shorthand, computed or a method).
                if property.kind == PropertyKind::Init
                    && !property.method
                    && !property.shorthand
                    && !property.computed
                    && self.is_proto_key(&property.key)
                {
                    if has_proto {
                        if cover.double_proto.is_none() {
                            cover.double_proto = Some(property.key.span());
                        }
                    } else {
                        has_proto = true;
                    }
                }
                properties.push(ObjectMember::Property(Box::new(property)));
            }
            if !self.at(TokenKind::RBrace) {
                self.expect(TokenKind::Comma)?;
            }
        }
        self.next()?;
        Ok(Expression::Object(Box::new(ObjectExpression {
            span: self.span_from(start),
            properties,
        })))
    }

    fn is_proto_key(&self, key: &PropertyKey) -> bool {
        match key {
            PropertyKey::Identifier(id) => id.name == atom::PROTO,
            PropertyKey::Literal(lit) => match &lit.value {
                LiteralValue::String(s) => s.iter().copied().eq("__proto__".encode_utf16()),
                _ => false,
            },
            _ => false,
        }
    }

    /// One PropertyDefinition of an object literal.
    fn parse_object_property(&mut self, cover: &mut Cover) -> PResult<Property> {
        let start = self.start();
        let mut is_async = false;
        let mut is_generator = false;
        let mut kind = PropertyKind::Init;
        // `get`/`set`/`async` are modifiers only when a property name follows.
        if self.tok.kind == TokenKind::Identifier && !self.tok.escaped {
            let name = self.tok.atom;
            if name == atom::GET || name == atom::SET || name == atom::ASYNC {
                let next = self.peek();
                let is_modifier = matches!(
                    next.kind,
                    TokenKind::Identifier
                        | TokenKind::String
                        | TokenKind::Number
                        | TokenKind::BigInt
                        | TokenKind::LBracket
                        | TokenKind::PrivateName
                ) || next.kind.is_keyword()
                    || (name == atom::ASYNC && next.kind == TokenKind::Star);
                if is_modifier && !(name == atom::ASYNC && next.newline_before) {
                    self.next()?;
                    if name == atom::GET {
                        kind = PropertyKind::Get;
                    } else if name == atom::SET {
                        kind = PropertyKind::Set;
                    } else {
                        is_async = true;
                    }
                }
            }
        }
        if self.at(TokenKind::Star) {
            self.next()?;
            is_generator = true;
        }
        let key_tok = self.tok;
        let (key, computed) = self.parse_property_key(false)?;
        if kind != PropertyKind::Init {
            let method_kind = if kind == PropertyKind::Get {
                MethodKind::Get
            } else {
                MethodKind::Set
            };
            let function = self.parse_method(method_kind, false, false, false, false)?;
            return Ok(Property {
                span: self.span_from(start),
                key,
                value: Expression::Function(function),
                kind,
                method: false,
                shorthand: false,
                computed,
            });
        }
        if self.at(TokenKind::LParen) || is_async || is_generator {
            let function =
                self.parse_method(MethodKind::Method, is_async, is_generator, false, false)?;
            return Ok(Property {
                span: self.span_from(start),
                key,
                value: Expression::Function(function),
                kind,
                method: true,
                shorthand: false,
                computed,
            });
        }
        if self.eat(TokenKind::Colon)? {
            let value = self.parse_assignment(false, Some(cover))?;
            return Ok(Property {
                span: self.span_from(start),
                key,
                value,
                kind,
                method: false,
                shorthand: false,
                computed,
            });
        }
        // Shorthand `a` or CoverInitializedName `a = 1`: the key must be an IdentifierReference.
        let PropertyKey::Identifier(ident) = key else {
            return Err(self.unexpected());
        };
        if key_tok.kind != TokenKind::Identifier {
            return Err(self.unexpected_token(key_tok));
        }
        if key_tok.atom == atom::AWAIT && self.can_await() {
            return self.error(ident.span, "Unexpected reserved word");
        }
        if key_tok.atom == atom::YIELD && self.in_generator() {
            return self.error(ident.span, "Unexpected identifier 'yield'");
        }
        self.check_identifier(ident, key_tok.escaped)?;
        if self.at(TokenKind::Eq) {
            if cover.shorthand_assign.is_none() {
                cover.shorthand_assign = Some(self.tok.span);
            }
            self.next()?;
            let right = self.parse_assignment(false, None)?;
            let span = self.span_from(start);
            self.check_assignable_identifier(ident)?;
            let value = Expression::Assignment(Box::new(AssignmentExpression {
                span,
                operator: AssignmentOperator::Assign,
                left: Pattern::Identifier(ident),
                right,
            }));
            return Ok(Property {
                span,
                key,
                value,
                kind,
                method: false,
                shorthand: true,
                computed: false,
            });
        }
        Ok(Property {
            span: self.span_from(start),
            key: PropertyKey::Identifier(ident),
            value: Expression::Identifier(ident),
            kind,
            method: false,
            shorthand: true,
            computed: false,
        })
    }

    /// PropertyName: IdentifierName, string, number, `[expr]`; `#name` too when `allow_private`.
    pub(super) fn parse_property_key(
        &mut self,
        allow_private: bool,
    ) -> PResult<(PropertyKey, bool)> {
        let tok = self.tok;
        match tok.kind {
            TokenKind::String => Ok((
                PropertyKey::Literal(Box::new(self.parse_string_literal()?)),
                false,
            )),
            TokenKind::Number => {
                self.check_legacy_octal(tok, tok.span)?;
                self.next()?;
                Ok((
                    PropertyKey::Literal(Box::new(Literal {
                        span: tok.span,
                        value: LiteralValue::Number(tok.number),
                    })),
                    false,
                ))
            }
            TokenKind::BigInt => {
                self.next()?;
                let text = self.text(tok.span);
                let digits: String = text[..text.len() - 1]
                    .chars()
                    .filter(|&c| c != '_')
                    .collect();
                Ok((
                    PropertyKey::Literal(Box::new(Literal {
                        span: tok.span,
                        value: LiteralValue::BigInt(digits.into_boxed_str()),
                    })),
                    false,
                ))
            }
            TokenKind::LBracket => {
                self.next()?;
                let expr = self.parse_assignment(false, None)?;
                self.expect(TokenKind::RBracket)?;
                Ok((PropertyKey::Computed(expr), true))
            }
            TokenKind::PrivateName if allow_private => {
                self.next()?;
                Ok((
                    PropertyKey::Private(PrivateIdentifier {
                        span: tok.span,
                        name: tok.atom,
                    }),
                    false,
                ))
            }
            k if k.is_identifier_name() => {
                self.next()?;
                Ok((
                    PropertyKey::Identifier(Identifier {
                        span: tok.span,
                        name: tok.atom,
                    }),
                    false,
                ))
            }
            _ => Err(self.unexpected()),
        }
    }

    /// TemplateLiteral (ECMA-262 13.2.8); `tagged` permits invalid escapes (cooked value `None`).
    pub(super) fn parse_template(&mut self, tagged: bool) -> PResult<TemplateLiteral> {
        let start = self.start();
        let mut quasis = Vec::new();
        let mut expressions = Vec::new();
        loop {
            let tok = self.tok;
            let cooked = self.tok_template_cooked.take();
            let raw = self.tok_template_raw.take().unwrap_or_default();
            if cooked.is_none() && !tagged {
                return self.error(tok.span, "Invalid escape sequence in template");
            }
            let (head, tail) = match tok.kind {
                TokenKind::NoSubstitutionTemplate => (1, true),
                TokenKind::TemplateHead => (1, false),
                TokenKind::TemplateMiddle => (1, false),
                TokenKind::TemplateTail => (1, true),
                _ => return Err(self.unexpected()),
            };
            let end_delim = if tail { 1 } else { 2 };
            quasis.push(TemplateElement {
                span: Span::new(tok.span.start + head, tok.span.end - end_delim),
                cooked,
                raw,
                tail,
            });
            self.next()?;
            if tail {
                break;
            }
            expressions.push(self.parse_expression(false)?);
            if !self.at(TokenKind::RBrace) {
                return Err(self.unexpected());
            }
            self.rescan_template()?;
        }
        Ok(TemplateLiteral {
            span: self.span_from(start),
            quasis,
            expressions,
        })
    }
}

/// An item of a parenthesised cover list.
pub(super) enum CoverItem {
    Expression(Expression),
    /// `...expr` with the span including the dots.
    Rest(Span, Expression),
}

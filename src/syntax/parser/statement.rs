//! Statements and declarations (ECMA-262 14), directive prologues (11.2.1).

use super::cover::{Cover, PatternMode};
use super::scope::{Binding, Label, LabelKind, ScopeFlags};
use super::{PResult, Parser};
use crate::syntax::ast::*;
use crate::syntax::atom;
use crate::syntax::source::Span;
use crate::syntax::token::TokenKind;

/// Where a statement stands, for the rules on declarations in statement positions.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum StatementContext {
    /// A StatementList item: declarations allowed.
    List,
    /// The body of `if`/`else`: a plain function declaration is allowed in sloppy code (Annex B.3.3).
    If,
    /// The body of a labelled statement that stands in a statement list (Annex B.3.2).
    LabelledInList,
    /// Any other single-statement position (loop bodies, `with`, labelled statements inside those).
    Single,
}

impl<'s> Parser<'s> {
    /// A directive prologue followed by statements, up to (not including) `end`.
    /// `function_simple`: for function bodies, whether the parameter list is simple.
    pub(super) fn parse_directives_and_statements(
        &mut self,
        end: TokenKind,
        top_level: bool,
        function_simple: Option<bool>,
    ) -> PResult<Vec<Statement>> {
        let mut body = Vec::new();
        let mut in_prologue = true;
        let mut first_octal: Option<Span> = None;
        while !self.at(end) {
            if self.at(TokenKind::Eof) {
                return Err(self.unexpected());
            }
            if in_prologue {
                if !self.at(TokenKind::String) {
                    in_prologue = false;
                } else {
                    let tok = self.tok;
                    if tok.legacy_octal && first_octal.is_none() {
                        first_octal = Some(self.tok_legacy_span);
                    }
                    let stmt = self.parse_statement_list_item_top(top_level)?;
                    let mut directive = None;
                    if let Statement::Expression(expr_stmt) = &stmt {
                        if let Expression::Literal(lit) = &expr_stmt.expression {
                            if lit.span == tok.span {
                                directive = Some(
                                    &self.source
                                        [tok.span.start as usize + 1..tok.span.end as usize - 1],
                                );
                            }
                        }
                    }
                    let Some(raw) = directive else {
                        in_prologue = false;
                        body.push(stmt);
                        continue;
                    };
                    if raw == "use strict" {
                        if function_simple == Some(false) {
                            return self.error(
                                tok.span,
                                "Illegal 'use strict' directive in function with non-simple parameter list",
                            );
                        }
                        self.strict = true;
                        if let Some(span) = first_octal {
                            let escape = self.text(span);
                            let message = if escape.starts_with("\\8") || escape.starts_with("\\9")
                            {
                                "\\8 and \\9 are not allowed in strict mode."
                            } else {
                                "Octal escape sequences are not allowed in strict mode."
                            };
                            return self.error(span, message);
                        }
                    }
                    let mut stmt = stmt;
                    if let Statement::Expression(expr_stmt) = &mut stmt {
                        expr_stmt.directive = Some(raw.into());
                    }
                    body.push(stmt);
                    continue;
                }
            }
            body.push(self.parse_statement_list_item_top(top_level)?);
        }
        Ok(body)
    }

    /// A statement list item; at the top level of a module, import and export declarations too.
    fn parse_statement_list_item_top(&mut self, top_level: bool) -> PResult<Statement> {
        if top_level {
            match self.tok.kind {
                TokenKind::Import => {
                    let next = self.peek();
                    if next.kind != TokenKind::LParen && next.kind != TokenKind::Dot {
                        if !self.module {
                            return self.error(
                                self.tok.span,
                                "Cannot use import statement outside a module",
                            );
                        }
                        return self.parse_import_declaration();
                    }
                }
                TokenKind::Export => {
                    if !self.module {
                        return Err(self.unexpected());
                    }
                    return self.parse_export_declaration();
                }
                _ => {}
            }
        }
        self.parse_statement_list_item()
    }

    /// StatementListItem: a declaration or a statement.
    pub(super) fn parse_statement_list_item(&mut self) -> PResult<Statement> {
        self.parse_statement(StatementContext::List)
    }

    /// Does `let` start a lexical declaration here? (ECMA-262 14.7: `let [` lookahead, and in
    /// statement lists `let` followed by an identifier or `{`.)
    fn is_let_declaration(&mut self, in_list: bool) -> bool {
        if !self.at_contextual(atom::LET) {
            return false;
        }
        let next = self.peek();
        match next.kind {
            TokenKind::LBracket => true,
            TokenKind::LBrace => in_list,
            TokenKind::Identifier => in_list,
            _ => false,
        }
    }

    pub(super) fn parse_statement(&mut self, context: StatementContext) -> PResult<Statement> {
        self.nested(|p| p.parse_statement_inner(context))
    }

    fn parse_statement_inner(&mut self, context: StatementContext) -> PResult<Statement> {
        let start = self.start();
        let in_list = context == StatementContext::List;
        let kind = self.tok.kind;
        match kind {
            TokenKind::LBrace => Ok(Statement::Block(Box::new(self.parse_block(true)?))),
            TokenKind::Var => self.parse_variable_statement(start, VariableKind::Var),
            TokenKind::Const | TokenKind::Identifier
                if kind == TokenKind::Const || self.is_let_declaration(in_list) =>
            {
                if !in_list {
                    return self.error(
                        self.tok.span,
                        "Lexical declaration cannot appear in a single-statement context",
                    );
                }
                let kind = if kind == TokenKind::Const {
                    VariableKind::Const
                } else {
                    VariableKind::Let
                };
                self.parse_variable_statement(start, kind)
            }
            TokenKind::Semicolon => {
                self.next()?;
                Ok(Statement::Empty(self.span_from(start)))
            }
            TokenKind::If => self.parse_if(),
            TokenKind::For => self.parse_for(),
            TokenKind::While => {
                self.next()?;
                self.expect(TokenKind::LParen)?;
                let test = self.parse_expression(false)?;
                self.expect(TokenKind::RParen)?;
                let body = self.parse_loop_body()?;
                Ok(Statement::While(Box::new(WhileStatement {
                    span: self.span_from(start),
                    test,
                    body,
                })))
            }
            TokenKind::Do => {
                self.next()?;
                let body = self.parse_loop_body()?;
                self.expect(TokenKind::While)?;
                self.expect(TokenKind::LParen)?;
                let test = self.parse_expression(false)?;
                self.expect(TokenKind::RParen)?;
                // ECMA-262 12.10.1: a semicolon is inserted after `do … while (…)` if missing.
                self.eat(TokenKind::Semicolon)?;
                Ok(Statement::DoWhile(Box::new(DoWhileStatement {
                    span: self.span_from(start),
                    body,
                    test,
                })))
            }
            TokenKind::Continue | TokenKind::Break => {
                let is_break = self.at(TokenKind::Break);
                let keyword_span = self.tok.span;
                self.next()?;
                let mut label = None;
                if self.at(TokenKind::Identifier) && !self.tok.newline_before {
                    let ident = self.parse_identifier()?;
                    label = Some(ident);
                }
                self.semicolon()?;
                let span = self.span_from(start);
                self.check_jump(label.map(|l| (l.name, l.span)), is_break, keyword_span)?;
                let jump = Box::new(JumpStatement { span, label });
                Ok(if is_break {
                    Statement::Break(jump)
                } else {
                    Statement::Continue(jump)
                })
            }
            TokenKind::Return => {
                if !self.in_function() {
                    return self.error(self.tok.span, "Illegal return statement");
                }
                self.next()?;
                let argument = if self.can_insert_semicolon() {
                    None
                } else {
                    Some(self.parse_expression(false)?)
                };
                self.semicolon()?;
                Ok(Statement::Return(Box::new(ReturnStatement {
                    span: self.span_from(start),
                    argument,
                })))
            }
            TokenKind::With => {
                if self.strict {
                    return self.error(
                        self.tok.span,
                        "Strict mode code may not include a with statement",
                    );
                }
                self.next()?;
                self.expect(TokenKind::LParen)?;
                let object = self.parse_expression(false)?;
                self.expect(TokenKind::RParen)?;
                let body = self.parse_statement(StatementContext::Single)?;
                Ok(Statement::With(Box::new(WithStatement {
                    span: self.span_from(start),
                    object,
                    body,
                })))
            }
            TokenKind::Switch => self.parse_switch(),
            TokenKind::Throw => {
                self.next()?;
                if self.tok.newline_before {
                    return self.error(self.tok.span, "Illegal newline after throw");
                }
                let argument = self.parse_expression(false)?;
                self.semicolon()?;
                Ok(Statement::Throw(Box::new(ThrowStatement {
                    span: self.span_from(start),
                    argument,
                })))
            }
            TokenKind::Try => self.parse_try(),
            TokenKind::Debugger => {
                self.next()?;
                self.semicolon()?;
                Ok(Statement::Debugger(self.span_from(start)))
            }
            TokenKind::Function => self.parse_function_statement(context, start, false),
            TokenKind::Class => {
                if !in_list {
                    return Err(self.unexpected());
                }
                Ok(Statement::ClassDeclaration(self.parse_class(true)?))
            }
            TokenKind::Identifier
                if self.at_contextual(atom::ASYNC) && {
                    let next = self.peek();
                    next.kind == TokenKind::Function && !next.newline_before
                } =>
            {
                if !in_list {
                    return self.error(
                        self.tok.span,
                        "Async functions can only be declared at the top level or inside a block.",
                    );
                }
                self.next()?;
                self.parse_function_statement(context, start, true)
            }
            TokenKind::Import => {
                let next = self.peek();
                if next.kind == TokenKind::LParen || next.kind == TokenKind::Dot {
                    return self.parse_expression_statement(start);
                }
                if self.module {
                    return self.error(self.tok.span, "Unexpected token 'import'");
                }
                self.error(
                    self.tok.span,
                    "Cannot use import statement outside a module",
                )
            }
            TokenKind::Export => Err(self.unexpected()),
            TokenKind::Identifier => {
                // LabelledStatement: LabelIdentifier `:` …
                if self.peek().kind == TokenKind::Colon {
                    return self.parse_labelled(context);
                }
                self.parse_expression_statement(start)
            }
            _ => self.parse_expression_statement(start),
        }
    }

    fn parse_expression_statement(&mut self, start: u32) -> PResult<Statement> {
        let expression = self.parse_expression(false)?;
        self.semicolon()?;
        Ok(Statement::Expression(Box::new(ExpressionStatement {
            span: self.span_from(start),
            expression,
            directive: None,
        })))
    }

    /// `function` in statement position, with Annex B's allowances in sloppy code.
    fn parse_function_statement(
        &mut self,
        context: StatementContext,
        start: u32,
        is_async: bool,
    ) -> PResult<Statement> {
        if context != StatementContext::List {
            let generator = self.peek().kind == TokenKind::Star;
            let allowed = !self.strict
                && !is_async
                && !generator
                && matches!(
                    context,
                    StatementContext::If | StatementContext::LabelledInList
                );
            if !allowed {
                let message = if self.strict {
                    "In strict mode code, functions can only be declared at top level or inside a block."
                } else if generator {
                    "Generators can only be declared at the top level or inside a block."
                } else {
                    "In non-strict mode code, functions can only be declared at top level, inside a block, or as the body of an if statement."
                };
                return self.error(self.tok.span, message);
            }
            if context == StatementContext::If {
                // Annex B.3.3: as if wrapped in a block.
                self.enter_scope(ScopeFlags::NONE);
                let function = self.parse_function_declaration(start, false, true);
                self.exit_scope();
                return Ok(Statement::FunctionDeclaration(function?));
            }
        }
        Ok(Statement::FunctionDeclaration(
            self.parse_function_declaration(start, is_async, true)?,
        ))
    }

    /// `{ StatementList }`; `new_scope` is false for catch blocks (which share the parameter's scope).
    pub(super) fn parse_block(&mut self, new_scope: bool) -> PResult<BlockStatement> {
        let start = self.start();
        self.expect(TokenKind::LBrace)?;
        if new_scope {
            self.enter_scope(ScopeFlags::NONE);
        }
        let mut body = Vec::new();
        let result = (|| -> PResult<()> {
            while !self.at(TokenKind::RBrace) {
                if self.at(TokenKind::Eof) {
                    return Err(self.unexpected());
                }
                body.push(self.parse_statement_list_item()?);
            }
            Ok(())
        })();
        if new_scope {
            self.exit_scope();
        }
        result?;
        self.next()?;
        Ok(BlockStatement {
            span: self.span_from(start),
            body,
        })
    }

    fn parse_if(&mut self) -> PResult<Statement> {
        let start = self.start();
        self.next()?;
        self.expect(TokenKind::LParen)?;
        let test = self.parse_expression(false)?;
        self.expect(TokenKind::RParen)?;
        let consequent = self.parse_statement(StatementContext::If)?;
        let alternate = if self.eat(TokenKind::Else)? {
            Some(self.parse_statement(StatementContext::If)?)
        } else {
            None
        };
        Ok(Statement::If(Box::new(IfStatement {
            span: self.span_from(start),
            test,
            consequent,
            alternate,
        })))
    }

    /// A loop body, with the loop's implicit label for `break` and `continue`.
    fn parse_loop_body(&mut self) -> PResult<Statement> {
        self.labels.push(Label {
            name: None,
            kind: LabelKind::Loop,
            body_start: u32::MAX,
        });
        let body = self.parse_statement(StatementContext::Single);
        self.labels.pop();
        body
    }

    fn parse_labelled(&mut self, context: StatementContext) -> PResult<Statement> {
        let start = self.start();
        let label = self.parse_identifier()?;
        self.expect(TokenKind::Colon)?;
        if self.label_declared(label.name) {
            return self.error(
                label.span,
                format!(
                    "Label '{}' has already been declared",
                    self.name(label.name)
                ),
            );
        }
        let kind = if matches!(
            self.tok.kind,
            TokenKind::For | TokenKind::While | TokenKind::Do
        ) {
            LabelKind::Loop
        } else {
            LabelKind::Plain
        };
        let body_start = self.start();
        // `a: b: while …`: the enclosing labels that label this statement label the loop too.
        for outer in self.labels.iter_mut().rev() {
            if outer.body_start != start {
                break;
            }
            outer.kind = kind;
            outer.body_start = body_start;
        }
        self.labels.push(Label {
            name: Some(label.name),
            kind,
            body_start,
        });
        let body_context = match context {
            StatementContext::List | StatementContext::LabelledInList => {
                StatementContext::LabelledInList
            }
            _ => StatementContext::Single,
        };
        let body = self.parse_statement(body_context);
        self.labels.pop();
        Ok(Statement::Labeled(Box::new(LabeledStatement {
            span: self.span_from(start),
            label,
            body: body?,
        })))
    }

    fn parse_switch(&mut self) -> PResult<Statement> {
        let start = self.start();
        self.next()?;
        self.expect(TokenKind::LParen)?;
        let discriminant = self.parse_expression(false)?;
        self.expect(TokenKind::RParen)?;
        self.expect(TokenKind::LBrace)?;
        self.enter_scope(ScopeFlags::NONE);
        self.labels.push(Label {
            name: None,
            kind: LabelKind::Switch,
            body_start: u32::MAX,
        });
        let mut cases: Vec<SwitchCase> = Vec::new();
        let result = (|| -> PResult<()> {
            let mut has_default = false;
            while !self.at(TokenKind::RBrace) {
                let case_start = self.start();
                let test = if self.eat(TokenKind::Case)? {
                    Some(self.parse_expression(false)?)
                } else if self.at(TokenKind::Default) {
                    if has_default {
                        return self.error(
                            self.tok.span,
                            "More than one default clause in switch statement",
                        );
                    }
                    has_default = true;
                    self.next()?;
                    None
                } else {
                    return Err(self.unexpected());
                };
                self.expect(TokenKind::Colon)?;
                let mut consequent = Vec::new();
                while !matches!(
                    self.tok.kind,
                    TokenKind::Case | TokenKind::Default | TokenKind::RBrace
                ) {
                    if self.at(TokenKind::Eof) {
                        return Err(self.unexpected());
                    }
                    consequent.push(self.parse_statement_list_item()?);
                }
                cases.push(SwitchCase {
                    span: self.span_from(case_start),
                    test,
                    consequent,
                });
            }
            Ok(())
        })();
        self.labels.pop();
        self.exit_scope();
        result?;
        self.next()?;
        Ok(Statement::Switch(Box::new(SwitchStatement {
            span: self.span_from(start),
            discriminant,
            cases,
        })))
    }

    fn parse_try(&mut self) -> PResult<Statement> {
        let start = self.start();
        self.next()?;
        let block = self.parse_block(true)?;
        let mut handler = None;
        if self.at(TokenKind::Catch) {
            let catch_start = self.start();
            self.next()?;
            if self.eat(TokenKind::LParen)? {
                let simple = self.at(TokenKind::Identifier);
                self.enter_scope(if simple {
                    ScopeFlags::SIMPLE_CATCH
                } else {
                    ScopeFlags::NONE
                });
                let result = (|| -> PResult<CatchClause> {
                    let mut names = Vec::new();
                    let param = self.parse_binding_target(&mut names)?;
                    for name in &names {
                        let binding = if simple {
                            Binding::SimpleCatch
                        } else {
                            Binding::Lexical
                        };
                        self.declare(name.name, name.span, binding)?;
                    }
                    self.expect(TokenKind::RParen)?;
                    let body = self.parse_block(false)?;
                    Ok(CatchClause {
                        span: self.span_from(catch_start),
                        param: Some(param),
                        body,
                    })
                })();
                self.exit_scope();
                handler = Some(result?);
            } else {
                let body = self.parse_block(true)?;
                handler = Some(CatchClause {
                    span: self.span_from(catch_start),
                    param: None,
                    body,
                });
            }
        }
        let finalizer = if self.eat(TokenKind::Finally)? {
            Some(self.parse_block(true)?)
        } else {
            None
        };
        if handler.is_none() && finalizer.is_none() {
            return self.error(self.tok.span, "Missing catch or finally after try");
        }
        Ok(Statement::Try(Box::new(TryStatement {
            span: self.span_from(start),
            block,
            handler,
            finalizer,
        })))
    }

    /// VariableDeclarationList / BindingList after `var`/`let`/`const`. `in_for`: the head of a
    /// `for` (initializers are checked by the caller); `no_in`: `in` is not an operator here.
    /// Returns the declaration with its bound names declared.
    pub(super) fn parse_variable_declarations(
        &mut self,
        start: u32,
        kind: VariableKind,
        no_in: bool,
        in_for: bool,
    ) -> PResult<VariableDeclaration> {
        let mut declarations = Vec::new();
        loop {
            let decl_start = self.start();
            let mut names = Vec::new();
            let id = self.parse_binding_target(&mut names)?;
            for name in &names {
                if kind != VariableKind::Var && name.name == atom::LET {
                    return self.error(name.span, "let is disallowed as a lexically bound name");
                }
                let binding = if kind == VariableKind::Var {
                    Binding::Var
                } else {
                    Binding::Lexical
                };
                self.declare(name.name, name.span, binding)?;
            }
            let init = if self.eat(TokenKind::Eq)? {
                Some(self.parse_assignment(no_in, None)?)
            } else {
                if !in_for {
                    if kind == VariableKind::Const {
                        return self
                            .error(self.tok.span, "Missing initializer in const declaration");
                    }
                    if !matches!(id, Pattern::Identifier(_)) {
                        return self.error(
                            self.tok.span,
                            "Missing initializer in destructuring declaration",
                        );
                    }
                }
                None
            };
            declarations.push(VariableDeclarator {
                span: self.span_from(decl_start),
                id,
                init,
            });
            if !self.eat(TokenKind::Comma)? {
                break;
            }
        }
        Ok(VariableDeclaration {
            span: self.span_from(start),
            kind,
            declarations,
        })
    }

    /// `var`/`let`/`const` declarations as a statement, at the keyword; the span includes the `;`.
    fn parse_variable_statement(&mut self, start: u32, kind: VariableKind) -> PResult<Statement> {
        self.next()?;
        let mut decl = self.parse_variable_declarations(start, kind, false, false)?;
        self.semicolon()?;
        decl.span.end = self.prev_end;
        Ok(Statement::VariableDeclaration(Box::new(decl)))
    }

    /// `for`, `for-in`, `for-of`, `for await` (ECMA-262 14.7.4, 14.7.5).
    fn parse_for(&mut self) -> PResult<Statement> {
        let start = self.start();
        self.next()?;
        let mut is_await = false;
        if self.at_contextual(atom::AWAIT) {
            if !self.can_await() {
                return Err(self.unexpected());
            }
            is_await = true;
            self.next()?;
        }
        self.expect(TokenKind::LParen)?;
        self.enter_scope(ScopeFlags::NONE);
        let result = self.parse_for_rest(start, is_await);
        self.exit_scope();
        result
    }

    fn parse_for_rest(&mut self, start: u32, is_await: bool) -> PResult<Statement> {
        if self.at(TokenKind::Semicolon) {
            if is_await {
                return Err(self.unexpected());
            }
            return self.parse_for_classic(start, None);
        }
        let init_start = self.start();
        let kind = self.tok.kind;
        let declaration_kind = match kind {
            TokenKind::Var => Some(VariableKind::Var),
            TokenKind::Const => Some(VariableKind::Const),
            TokenKind::Identifier if self.is_for_let_declaration() => Some(VariableKind::Let),
            _ => None,
        };
        if let Some(kind) = declaration_kind {
            self.next()?;
            let decl = self.parse_for_declaration(init_start, kind)?;
            let is_of = self.at_contextual(atom::OF);
            if is_of || self.at(TokenKind::In) {
                if decl.declarations.len() != 1 {
                    let what = if is_of { "for-of" } else { "for-in" };
                    return self.error(
                        decl.span,
                        format!(
                            "Invalid left-hand side in {} loop: Must have a single binding.",
                            what
                        ),
                    );
                }
                let d = &decl.declarations[0];
                if d.init.is_some() {
                    // Annex B.3.5: `for (var x = 1 in o)` in sloppy code.
                    let annex_b = !is_of
                        && !self.strict
                        && kind == VariableKind::Var
                        && matches!(d.id, Pattern::Identifier(_));
                    if !annex_b {
                        let what = if is_of { "for-of" } else { "for-in" };
                        return self.error(
                            d.span,
                            format!(
                                "{} loop variable declaration may not have an initializer.",
                                what
                            ),
                        );
                    }
                }
                return self.parse_for_in_of(
                    start,
                    ForHead::VariableDeclaration(Box::new(decl)),
                    is_of,
                    is_await,
                );
            }
            if is_await {
                return Err(self.unexpected());
            }
            for d in &decl.declarations {
                if d.init.is_none() {
                    if decl.kind == VariableKind::Const {
                        return self.error(d.span, "Missing initializer in const declaration");
                    }
                    if !matches!(d.id, Pattern::Identifier(_)) {
                        return self
                            .error(d.span, "Missing initializer in destructuring declaration");
                    }
                }
            }
            return self
                .parse_for_classic(start, Some(ForInit::VariableDeclaration(Box::new(decl))));
        }
        // An expression, or the left side of for-in/of.
        let starts_with_let = self.at_contextual(atom::LET);
        let starts_with_async = self.at_contextual(atom::ASYNC);
        let mut cover = Cover::default();
        let first = self.parse_assignment(true, Some(&mut cover))?;
        let is_of = self.at_contextual(atom::OF);
        if (is_of || self.at(TokenKind::In)) && !matches!(first, Expression::Assignment(_)) {
            if is_of {
                if starts_with_let {
                    return self.error(
                        first.span(),
                        "The left-hand side of a for-of loop may not be 'let'.",
                    );
                }
                if starts_with_async && !is_await && matches!(first, Expression::Identifier(_)) {
                    return self.error(
                        first.span(),
                        "The left-hand side of a for-of loop may not be 'async'.",
                    );
                }
            }
            let target = if matches!(first, Expression::Object(_) | Expression::Array(_)) {
                cover.check_pattern()?;
                self.expression_to_pattern(first, PatternMode::Assignment)?
            } else {
                cover.check_expression()?;
                let message = if is_of {
                    "Invalid left-hand side in for-of loop"
                } else {
                    "Invalid left-hand side in for-in loop"
                };
                self.expression_to_simple_target(first, message, true)?
            };
            return self.parse_for_in_of(start, ForHead::Pattern(target), is_of, is_await);
        }
        cover.check_expression()?;
        if is_await || is_of {
            return Err(self.unexpected());
        }
        let init = if self.at(TokenKind::Comma) {
            let mut expressions = vec![first];
            while self.eat(TokenKind::Comma)? {
                expressions.push(self.parse_assignment(true, None)?);
            }
            Expression::Sequence(Box::new(SequenceExpression {
                span: self.span_from(init_start),
                expressions,
            }))
        } else {
            first
        };
        self.parse_for_classic(start, Some(ForInit::Expression(init)))
    }

    /// `let` in a for head starts a declaration when followed by an identifier, `[` or `{`.
    fn is_for_let_declaration(&mut self) -> bool {
        if !self.at_contextual(atom::LET) {
            return false;
        }
        let next = self.peek();
        matches!(
            next.kind,
            TokenKind::LBracket | TokenKind::LBrace | TokenKind::Identifier
        )
    }

    /// The declarations of a for head: like `parse_variable_declarations` with `no_in`.
    fn parse_for_declaration(
        &mut self,
        start: u32,
        kind: VariableKind,
    ) -> PResult<VariableDeclaration> {
        self.parse_variable_declarations(start, kind, true, true)
    }

    fn parse_for_classic(&mut self, start: u32, init: Option<ForInit>) -> PResult<Statement> {
        self.expect(TokenKind::Semicolon)?;
        let test = if self.at(TokenKind::Semicolon) {
            None
        } else {
            Some(self.parse_expression(false)?)
        };
        self.expect(TokenKind::Semicolon)?;
        let update = if self.at(TokenKind::RParen) {
            None
        } else {
            Some(self.parse_expression(false)?)
        };
        self.expect(TokenKind::RParen)?;
        let body = self.parse_loop_body()?;
        Ok(Statement::For(Box::new(ForStatement {
            span: self.span_from(start),
            init,
            test,
            update,
            body,
        })))
    }

    fn parse_for_in_of(
        &mut self,
        start: u32,
        left: ForHead,
        is_of: bool,
        is_await: bool,
    ) -> PResult<Statement> {
        self.next()?;
        let right = if is_of {
            self.parse_assignment(false, None)?
        } else {
            self.parse_expression(false)?
        };
        self.expect(TokenKind::RParen)?;
        let body = self.parse_loop_body()?;
        let span = self.span_from(start);
        Ok(if is_of {
            Statement::ForOf(Box::new(ForOfStatement {
                span,
                is_await,
                left,
                right,
                body,
            }))
        } else {
            Statement::ForIn(Box::new(ForInStatement {
                span,
                left,
                right,
                body,
            }))
        })
    }
}

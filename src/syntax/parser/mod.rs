//! The parser: tokens → AST for the Script and Module goals of ECMAScript 2025, with the early errors.
//!
//! A hand-written recursive-descent parser with one token of lookahead (plus `peek` through lexer
//! checkpoints). The lexer is driven by the parser: `/` is rescanned as a regular expression and `}` as a
//! template continuation when the syntactic context says so.
//!
//! The files follow the grammar's chapters:
//! - `expression.rs`: ECMA-262 13 (expressions), with the cover grammars (`cover.rs` turns a parsed
//!   expression into a pattern or arrow parameters);
//! - `statement.rs`: 14 (statements and declarations);
//! - `function.rs`: 15.1–15.9 (functions, arrows, methods, generators, async) and 15.7 (classes);
//! - `module.rs`: 16.2 (imports and exports);
//! - `scope.rs`: the scope stack that carries the context (`[Yield]`, `[Await]`, `[Return]`, super,
//!   new.target) and the early errors about declarations, labels and private names.
//!
//! Architecture Invariant: recursion is bounded by `MAX_DEPTH` nesting levels and a stack-use budget, so
//! no input can overflow the Rust stack; every input gives an AST or one `SyntaxError`.

mod cover;
mod expression;
mod function;
mod module;
mod scope;
mod statement;

use super::ast::*;
use super::atom::{self, Atom, Interner};
use super::error::SyntaxError;
use super::lexer::Lexer;
use super::source::Span;
use super::token::{Token, TokenKind};
use crate::util::stack;
use scope::{Scope, ScopeFlags};

/// Which goal symbol to parse: ECMA-262 Script or Module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    Script,
    Module,
}

/// A parsed program and the names its atoms refer to.
pub struct Parsed {
    pub program: Program,
    pub interner: Interner,
}

/// Parse `source` as a Script or Module.
pub fn parse(source: &str, goal: Goal) -> Result<Parsed, SyntaxError> {
    let mut parser = Parser::new(source, goal, false);
    let program = parser.parse_program()?;
    Ok(Parsed {
        program,
        interner: parser.lexer.into_interner(),
    })
}

/// What the code around a direct `eval(...)` allows in the eval code (ECMA-262 19.2.1.1 PerformEval,
/// steps 6-7): the caller's strictness and whether it may use `new.target`, `super.x` and `super()`;
/// `class_field`: the caller is a class field initializer, where `arguments` is an early error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvalContext {
    pub strict: bool,
    pub new_target: bool,
    pub super_property: bool,
    pub super_call: bool,
    pub class_field: bool,
}

impl EvalContext {
    /// As one small integer (the `CallDirectEval` operand).
    pub fn bits(self) -> u32 {
        u32::from(self.strict)
            | u32::from(self.new_target) << 1
            | u32::from(self.super_property) << 2
            | u32::from(self.super_call) << 3
            | u32::from(self.class_field) << 4
    }

    pub fn from_bits(bits: u32) -> EvalContext {
        EvalContext {
            strict: bits & 1 != 0,
            new_target: bits & 2 != 0,
            super_property: bits & 4 != 0,
            super_call: bits & 8 != 0,
            class_field: bits & 16 != 0,
        }
    }
}

/// Parse the argument of a direct eval as a Script in the context of its caller.
pub fn parse_eval(source: &str, context: EvalContext) -> Result<Parsed, SyntaxError> {
    let mut parser = Parser::new(source, Goal::Script, false);
    parser.strict = context.strict;
    parser.eval = Some(context);
    let program = parser.parse_program()?;
    Ok(Parsed {
        program,
        interner: parser.lexer.into_interner(),
    })
}

/// The tokens of `source` as the parser reads them (regular expressions and template continuations
/// decided by syntactic context). On a syntax error: the tokens before it, and the error.
pub fn tokenize(source: &str, goal: Goal) -> (Vec<Token>, Interner, Option<SyntaxError>) {
    let mut parser = Parser::new(source, goal, true);
    let result = parser.parse_program();
    let tokens = parser.recorded.take().unwrap_or_default();
    (tokens, parser.lexer.into_interner(), result.err())
}

/// Deepest nesting of expressions, statements and functions the parser accepts (each level of
/// parentheses counts about twice). Real-world code stays far below; test262 needs a few hundred.
pub const MAX_DEPTH: u32 = 4000;

/// wasm32: bytes of stack the parser may use below its entry point (the build links an 8 MiB stack;
/// see .cargo/config.toml).
const STACK_BUDGET: usize = 6 * 1024 * 1024;

pub type PResult<T> = Result<T, SyntaxError>;

pub(crate) struct Parser<'s> {
    pub(crate) lexer: Lexer<'s>,
    source: &'s str,
    module: bool,
    /// The current token.
    tok: Token,
    /// End of the previous token (the end of the node just finished).
    prev_end: u32,
    /// Payloads of the current token, taken from the lexer when it became current.
    tok_string: Option<JsStr>,
    tok_template_cooked: Option<JsStr>,
    tok_template_raw: Option<Box<str>>,
    /// For a current token with `legacy_octal`: the span of its first legacy escape.
    tok_legacy_span: Span,
    /// Strict mode code at the current position.
    strict: bool,
    scopes: Vec<Scope>,
    labels: Vec<scope::Label>,
    private: Vec<scope::PrivateScope>,
    /// Module: exported names (for duplicates) and local names exported by `export { x }`.
    exported_names: scope::AtomSet,
    export_refs: Vec<(Atom, Span)>,
    /// Positions of `yield`/`await` expressions and `await` identifiers seen since the last
    /// reset, for the arrow-parameter early errors (cover grammar).
    yield_pos: Option<Span>,
    await_pos: Option<Span>,
    await_ident_pos: Option<Span>,
    depth: u32,
    stack_base: usize,
    recorded: Option<Vec<Token>>,
    /// Parsing direct eval code: what its caller allows.
    eval: Option<EvalContext>,
}

impl<'s> Parser<'s> {
    fn new(source: &'s str, goal: Goal, record: bool) -> Parser<'s> {
        let module = goal == Goal::Module;
        Parser {
            lexer: Lexer::new(source, module),
            source,
            module,
            tok: Token {
                kind: TokenKind::Eof,
                span: Span::new(0, 0),
                newline_before: false,
                escaped: false,
                legacy_octal: false,
                atom: atom::EMPTY,
                number: 0.0,
            },
            prev_end: 0,
            tok_string: None,
            tok_template_cooked: None,
            tok_template_raw: None,
            tok_legacy_span: Span::default(),
            strict: module,
            scopes: Vec::new(),
            labels: Vec::new(),
            private: Vec::new(),
            exported_names: scope::AtomSet::default(),
            export_refs: Vec::new(),
            yield_pos: None,
            await_pos: None,
            await_ident_pos: None,
            depth: 0,
            stack_base: stack::address(),
            recorded: if record { Some(Vec::new()) } else { None },
            eval: None,
        }
    }

    fn parse_program(&mut self) -> PResult<Program> {
        self.stack_base = stack::address();
        self.next()?;
        let mut flags = if self.module {
            ScopeFlags::TOP | ScopeFlags::MODULE
        } else {
            ScopeFlags::TOP
        };
        if let Some(e) = self.eval {
            for (allowed, flag) in [
                (e.new_target, ScopeFlags::EVAL_NEW_TARGET),
                (e.super_property, ScopeFlags::SUPER),
                (e.super_call, ScopeFlags::DIRECT_SUPER),
                (e.class_field, ScopeFlags::CLASS_FIELD_INIT),
            ] {
                if allowed {
                    flags = flags | flag;
                }
            }
        }
        self.enter_scope(flags);
        let body = self.parse_directives_and_statements(TokenKind::Eof, true, None)?;
        self.check_module_exports()?;
        self.exit_scope();
        Ok(Program {
            span: Span::new(0, self.source.len() as u32),
            body,
            source_type: if self.module {
                SourceType::Module
            } else {
                SourceType::Script
            },
            strict: self.strict,
        })
    }

    // ---------------------------------------------------------------------------------------------
    // Tokens

    /// Advance to the next token.
    fn next(&mut self) -> PResult<()> {
        self.prev_end = self.tok.span.end;
        let tok = self.lexer.next_token()?;
        self.set_current(tok);
        Ok(())
    }

    fn set_current(&mut self, tok: Token) {
        match tok.kind {
            TokenKind::String => self.tok_string = Some(self.lexer.take_string_value()),
            TokenKind::NoSubstitutionTemplate
            | TokenKind::TemplateHead
            | TokenKind::TemplateMiddle
            | TokenKind::TemplateTail => {
                self.tok_template_cooked = self.lexer.take_template_cooked();
                self.tok_template_raw = Some(self.lexer.take_template_raw());
            }
            _ => {}
        }
        if tok.legacy_octal {
            self.tok_legacy_span = self.lexer.legacy_escape_span();
        }
        if let Some(rec) = &mut self.recorded {
            // A rescan replaces the token it started from.
            if rec.last().is_some_and(|t| t.span.start == tok.span.start) {
                rec.pop();
            }
            if tok.kind != TokenKind::Eof {
                rec.push(tok);
            }
        }
        self.tok = tok;
    }

    /// The token after the current one (the lexer is rewound afterwards). A lexing error in the
    /// peeked token reads as `Eof` here; it is reported when the parser really gets there.
    fn peek(&mut self) -> Token {
        let state = self.lexer.checkpoint();
        let tok = self.lexer.next_token().unwrap_or(Token {
            kind: TokenKind::Eof,
            ..self.tok
        });
        self.lexer.restore(state);
        tok
    }

    /// The token after the next one (see `peek`).
    fn peek2(&mut self) -> Token {
        let state = self.lexer.checkpoint();
        let tok = self
            .lexer
            .next_token()
            .and_then(|_| self.lexer.next_token())
            .unwrap_or(Token {
                kind: TokenKind::Eof,
                ..self.tok
            });
        self.lexer.restore(state);
        tok
    }

    /// Re-read the current `/` or `/=` as a regular expression literal.
    fn rescan_regexp(&mut self) -> PResult<()> {
        let tok = self.lexer.rescan_slash_as_regexp(self.tok)?;
        self.set_current(tok);
        Ok(())
    }

    /// Re-read the current `}` as a template continuation.
    fn rescan_template(&mut self) -> PResult<()> {
        let tok = self.lexer.rescan_template_continuation(self.tok)?;
        self.set_current(tok);
        Ok(())
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.tok.kind == kind
    }

    fn at_contextual(&self, name: Atom) -> bool {
        self.tok.is_contextual(name)
    }

    fn eat(&mut self, kind: TokenKind) -> PResult<bool> {
        if self.tok.kind == kind {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn expect(&mut self, kind: TokenKind) -> PResult<()> {
        if self.tok.kind == kind {
            self.next()
        } else {
            Err(self.unexpected())
        }
    }

    fn expect_contextual(&mut self, name: Atom) -> PResult<()> {
        if self.at_contextual(name) {
            self.next()
        } else {
            Err(self.unexpected())
        }
    }

    /// ECMA-262 12.10 Automatic Semicolon Insertion.
    fn semicolon(&mut self) -> PResult<()> {
        if self.eat(TokenKind::Semicolon)? {
            return Ok(());
        }
        if self.at(TokenKind::RBrace) || self.at(TokenKind::Eof) || self.tok.newline_before {
            return Ok(());
        }
        Err(self.unexpected())
    }

    /// Whether a semicolon could be inserted before the current token.
    fn can_insert_semicolon(&self) -> bool {
        self.at(TokenKind::Semicolon)
            || self.at(TokenKind::RBrace)
            || self.at(TokenKind::Eof)
            || self.tok.newline_before
    }

    fn name(&self, atom: Atom) -> &str {
        // The interner lives in the lexer; names are only read for messages.
        self.lexer.interner_ref().get(atom)
    }

    fn text(&self, span: Span) -> &'s str {
        &self.source[span.start as usize..span.end as usize]
    }

    fn start(&self) -> u32 {
        self.tok.span.start
    }

    fn span_from(&self, start: u32) -> Span {
        Span::new(start, self.prev_end)
    }

    // ---------------------------------------------------------------------------------------------
    // Errors

    fn error<T>(&self, span: Span, message: impl Into<String>) -> PResult<T> {
        Err(SyntaxError::new(message, span))
    }

    /// V8-style "Unexpected …" for the current token.
    fn unexpected(&self) -> SyntaxError {
        self.unexpected_token(self.tok)
    }

    fn unexpected_token(&self, tok: Token) -> SyntaxError {
        let text = self.text(tok.span);
        let message = match tok.kind {
            TokenKind::Eof => "Unexpected end of input".to_string(),
            TokenKind::Identifier => {
                if tok.escaped && tok.atom.is_reserved_word() {
                    "Keyword must not contain escaped characters".to_string()
                } else if self.strict && tok.atom.is_strict_reserved_word() {
                    "Unexpected strict mode reserved word".to_string()
                } else {
                    format!("Unexpected identifier '{}'", self.name(tok.atom))
                }
            }
            TokenKind::Number | TokenKind::BigInt => "Unexpected number".to_string(),
            TokenKind::String => "Unexpected string".to_string(),
            TokenKind::NoSubstitutionTemplate | TokenKind::TemplateHead => {
                "Unexpected template string".to_string()
            }
            TokenKind::RegExp => "Unexpected regular expression".to_string(),
            TokenKind::PrivateName => format!("Unexpected identifier '{}'", text),
            k if k.is_keyword() => match k {
                TokenKind::Enum => "Unexpected reserved word".to_string(),
                _ => format!("Unexpected token '{}'", text),
            },
            _ => format!("Unexpected token '{}'", text),
        };
        SyntaxError::new(message, tok.span)
    }

    // ---------------------------------------------------------------------------------------------
    // Depth guard

    /// Run `f` one nesting level deeper. Native builds grow the stack on demand (`stacker`), so only
    /// `MAX_DEPTH` limits nesting; wasm32 cannot, so there a stack-use budget applies as well.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_DEPTH || self.stack_exhausted() {
            return self.error(self.tok.span, "Maximum nesting depth exceeded");
        }
        self.depth += 1;
        let result = stack::ensure(|| f(self));
        self.depth -= 1;
        result
    }

    /// One more link of a left-nested chain (`a + b + …`, `a.b.c…`): chains are built by loops, but
    /// the tree they build is as deep as they are long, and every later pass recurses over it. So
    /// links count towards `MAX_DEPTH` until the chain ends (the caller restores `depth`).
    fn chain_link(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return self.error(self.tok.span, "Maximum nesting depth exceeded");
        }
        Ok(())
    }

    /// wasm32 only: more than `STACK_BUDGET` used since the parse began (native grows instead).
    fn stack_exhausted(&self) -> bool {
        cfg!(target_arch = "wasm32") && self.stack_base.abs_diff(stack::address()) > STACK_BUDGET
    }

    // ---------------------------------------------------------------------------------------------
    // Identifiers

    /// `await` is a keyword here ([+Await]).
    fn can_await(&self) -> bool {
        self.scopes_can_await()
    }

    /// `yield` is a keyword here ([+Yield]).
    fn in_generator(&self) -> bool {
        self.current_var_scope()
            .flags
            .contains(ScopeFlags::GENERATOR)
    }

    /// Check that `ident` may be used as an IdentifierReference or BindingIdentifier here
    /// (ECMA-262 13.1.1 Static Semantics: Early Errors).
    fn check_identifier(&mut self, ident: Identifier, escaped: bool) -> PResult<()> {
        let name = ident.name;
        if name.is_reserved_word() {
            if escaped {
                return self.error(ident.span, "Keyword must not contain escaped characters");
            }
            return self.error(
                ident.span,
                format!("Unexpected token '{}'", self.name(name)),
            );
        }
        if name == atom::YIELD {
            if self.in_generator() {
                return self.error(ident.span, "Unexpected identifier 'yield'");
            }
            if self.strict {
                return self.error(ident.span, "Unexpected strict mode reserved word");
            }
        } else if name == atom::AWAIT {
            if self.can_await() || self.module {
                return self.error(ident.span, "Unexpected reserved word");
            }
            if self.in_class_static_block() {
                return self.error(ident.span, "Unexpected reserved word");
            }
            if self.await_ident_pos.is_none() {
                self.await_ident_pos = Some(ident.span);
            }
        } else if name == atom::ARGUMENTS && self.in_class_field_init_or_static_block() {
            return self.error(
                ident.span,
                "'arguments' is not allowed in class field initializer or static initialization block",
            );
        }
        if self.strict && name.is_strict_reserved_word() {
            return self.error(ident.span, "Unexpected strict mode reserved word");
        }
        Ok(())
    }

    /// A BindingIdentifier: as `check_identifier`, plus `eval`/`arguments` in strict code.
    fn check_binding_identifier(&mut self, ident: Identifier, escaped: bool) -> PResult<()> {
        self.check_identifier(ident, escaped)?;
        if self.strict && (ident.name == atom::EVAL || ident.name == atom::ARGUMENTS) {
            return self.error(ident.span, "Unexpected eval or arguments in strict mode");
        }
        Ok(())
    }

    /// Is the current token an Identifier usable as a reference or binding (not a reserved word)?
    /// `yield`/`await`/`let` are included; their context checks happen in `check_identifier`.
    fn at_identifier(&self) -> bool {
        self.tok.kind == TokenKind::Identifier
    }

    /// An IdentifierReference (or LabelIdentifier).
    fn parse_identifier(&mut self) -> PResult<Identifier> {
        self.parse_identifier_checked(false)
    }

    /// A BindingIdentifier (adds the strict-mode `eval`/`arguments` rule).
    fn parse_binding_identifier(&mut self) -> PResult<Identifier> {
        self.parse_identifier_checked(true)
    }

    fn parse_identifier_checked(&mut self, binding: bool) -> PResult<Identifier> {
        if !self.at_identifier() {
            return Err(self.unexpected());
        }
        let tok = self.tok;
        let ident = Identifier {
            span: tok.span,
            name: tok.atom,
        };
        if binding {
            self.check_binding_identifier(ident, tok.escaped)?;
        } else {
            self.check_identifier(ident, tok.escaped)?;
        }
        self.next()?;
        Ok(ident)
    }

    /// IdentifierName (reserved words allowed): after `.`, in property keys, in module specifiers.
    fn parse_identifier_name(&mut self) -> PResult<Identifier> {
        if !self.tok.kind.is_identifier_name() {
            return Err(self.unexpected());
        }
        let ident = Identifier {
            span: self.tok.span,
            name: self.tok.atom,
        };
        self.next()?;
        Ok(ident)
    }

    // ---------------------------------------------------------------------------------------------
    // Literals shared by several productions

    /// A string literal token → Literal (checks legacy octal escapes in strict code).
    fn parse_string_literal(&mut self) -> PResult<Literal> {
        if !self.at(TokenKind::String) {
            return Err(self.unexpected());
        }
        self.check_legacy_octal(self.tok, self.tok_legacy_span)?;
        let value = self.tok_string.take().unwrap_or_default();
        let span = self.tok.span;
        self.next()?;
        Ok(Literal {
            span,
            value: LiteralValue::String(value),
        })
    }

    /// Legacy octal literals and escapes are errors in strict code (ECMA-262 12.9.3.1, 12.9.4.1).
    /// `legacy_span` is the escape's span for strings (`tok_legacy_span` when `tok` was current).
    fn check_legacy_octal(&self, tok: Token, legacy_span: Span) -> PResult<()> {
        if self.strict && tok.legacy_octal {
            let span = legacy_span;
            return match tok.kind {
                TokenKind::Number => {
                    if self.text(tok.span).starts_with("08")
                        || self.text(tok.span).starts_with("09")
                        || self.text(tok.span).bytes().any(|b| b == b'8' || b == b'9')
                    {
                        self.error(
                            tok.span,
                            "Decimals with leading zeros are not allowed in strict mode.",
                        )
                    } else {
                        self.error(tok.span, "Octal literals are not allowed in strict mode.")
                    }
                }
                _ => {
                    let esc = self.text(span);
                    if esc.starts_with("\\8") || esc.starts_with("\\9") {
                        self.error(span, "\\8 and \\9 are not allowed in strict mode.")
                    } else {
                        self.error(
                            span,
                            "Octal escape sequences are not allowed in strict mode.",
                        )
                    }
                }
            };
        }
        Ok(())
    }
}

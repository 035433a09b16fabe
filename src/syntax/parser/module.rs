//! Imports and exports (ECMA-262 16.2.2, 16.2.3) and import attributes.

use super::scope::Binding;
use super::statement::StatementContext;
use super::{PResult, Parser};
use crate::syntax::ast::*;
use crate::syntax::atom::{self, Atom};
use crate::syntax::token::TokenKind;

impl<'s> Parser<'s> {
    /// ImportDeclaration.
    pub(super) fn parse_import_declaration(&mut self) -> PResult<Statement> {
        let start = self.start();
        self.expect(TokenKind::Import)?;
        let mut specifiers = Vec::new();
        if !self.at(TokenKind::String) {
            // ImportClause
            if self.at(TokenKind::Identifier) {
                let local = self.parse_import_binding()?;
                specifiers.push(ImportSpecifier::Default {
                    span: local.span,
                    local,
                });
                if self.eat(TokenKind::Comma)?
                    && !self.at(TokenKind::Star)
                    && !self.at(TokenKind::LBrace)
                {
                    return Err(self.unexpected());
                }
            }
            if self.at(TokenKind::Star) {
                let ns_start = self.start();
                self.next()?;
                self.expect_contextual(atom::AS)?;
                let local = self.parse_import_binding()?;
                specifiers.push(ImportSpecifier::Namespace {
                    span: self.span_from(ns_start),
                    local,
                });
            } else if self.at(TokenKind::LBrace) {
                self.next()?;
                while !self.at(TokenKind::RBrace) {
                    let spec_start = self.start();
                    let imported_tok = self.tok;
                    let imported = self.parse_module_export_name()?;
                    let local = if self.at_contextual(atom::AS) {
                        self.next()?;
                        self.parse_import_binding()?
                    } else {
                        // `import { x }`: the name must itself be a valid binding identifier.
                        match &imported {
                            ModuleExportName::Identifier(id)
                                if imported_tok.kind == TokenKind::Identifier =>
                            {
                                self.check_binding_identifier(*id, imported_tok.escaped)?;
                                self.declare(id.name, id.span, Binding::Lexical)?;
                                *id
                            }
                            _ => return Err(self.unexpected_token(imported_tok)),
                        }
                    };
                    specifiers.push(ImportSpecifier::Named {
                        span: self.span_from(spec_start),
                        imported,
                        local,
                    });
                    if !self.at(TokenKind::RBrace) {
                        self.expect(TokenKind::Comma)?;
                    }
                }
                self.next()?;
            }
            if specifiers.is_empty() && !self.at_contextual(atom::FROM) {
                return Err(self.unexpected());
            }
            self.expect_contextual(atom::FROM)?;
        }
        let source = self.parse_string_literal()?;
        let attributes = self.parse_import_attributes()?;
        self.semicolon()?;
        Ok(Statement::Import(Box::new(ImportDeclaration {
            span: self.span_from(start),
            specifiers,
            source,
            attributes,
        })))
    }

    /// An ImportedBinding: a BindingIdentifier declared in the module scope.
    fn parse_import_binding(&mut self) -> PResult<Identifier> {
        let ident = self.parse_binding_identifier()?;
        self.declare(ident.name, ident.span, Binding::Lexical)?;
        Ok(ident)
    }

    /// ModuleExportName: an IdentifierName or a string literal that is well-formed Unicode (16.2.1.1).
    fn parse_module_export_name(&mut self) -> PResult<ModuleExportName> {
        if self.at(TokenKind::String) {
            let span = self.tok.span;
            let literal = self.parse_string_literal()?;
            if let LiteralValue::String(s) = &literal.value {
                if String::from_utf16(s).is_err() {
                    return self.error(
                        span,
                        "Invalid module export name: contains unpaired surrogate",
                    );
                }
            }
            return Ok(ModuleExportName::String(Box::new(literal)));
        }
        Ok(ModuleExportName::Identifier(self.parse_identifier_name()?))
    }

    /// The name an export name stands for, as an atom.
    fn export_name_atom(&mut self, name: &ModuleExportName) -> Atom {
        match name {
            ModuleExportName::Identifier(id) => id.name,
            ModuleExportName::String(lit) => match &lit.value {
                LiteralValue::String(s) => {
                    let text = String::from_utf16_lossy(s);
                    self.lexer.interner().intern(&text)
                }
                _ => atom::EMPTY,
            },
        }
    }

    /// `with { type: "json" }` (ECMA-262 16.2.2 WithClause); keys must be unique.
    fn parse_import_attributes(&mut self) -> PResult<Vec<ImportAttribute>> {
        let mut attributes: Vec<ImportAttribute> = Vec::new();
        if !self.at(TokenKind::With) {
            return Ok(attributes);
        }
        self.next()?;
        self.expect(TokenKind::LBrace)?;
        let mut keys: Vec<Atom> = Vec::new();
        while !self.at(TokenKind::RBrace) {
            let start = self.start();
            let key = self.parse_module_export_name_lenient()?;
            let key_atom = self.export_name_atom(&key);
            if keys.contains(&key_atom) {
                return self.error(
                    key.span(),
                    format!(
                        "Import attribute has duplicate key '{}'",
                        self.name(key_atom)
                    ),
                );
            }
            keys.push(key_atom);
            self.expect(TokenKind::Colon)?;
            let value = self.parse_string_literal()?;
            attributes.push(ImportAttribute {
                span: self.span_from(start),
                key,
                value,
            });
            if !self.at(TokenKind::RBrace) {
                self.expect(TokenKind::Comma)?;
            }
        }
        self.next()?;
        Ok(attributes)
    }

    /// An attribute key: IdentifierName or any string.
    fn parse_module_export_name_lenient(&mut self) -> PResult<ModuleExportName> {
        if self.at(TokenKind::String) {
            return Ok(ModuleExportName::String(Box::new(
                self.parse_string_literal()?,
            )));
        }
        Ok(ModuleExportName::Identifier(self.parse_identifier_name()?))
    }

    /// ExportDeclaration.
    pub(super) fn parse_export_declaration(&mut self) -> PResult<Statement> {
        let start = self.start();
        self.expect(TokenKind::Export)?;
        match self.tok.kind {
            TokenKind::Star => {
                self.next()?;
                let exported = if self.at_contextual(atom::AS) {
                    self.next()?;
                    let name = self.parse_module_export_name()?;
                    let a = self.export_name_atom(&name);
                    self.add_export(a, name.span())?;
                    Some(name)
                } else {
                    None
                };
                self.expect_contextual(atom::FROM)?;
                let source = self.parse_string_literal()?;
                let attributes = self.parse_import_attributes()?;
                self.semicolon()?;
                Ok(Statement::ExportAll(Box::new(ExportAllDeclaration {
                    span: self.span_from(start),
                    exported,
                    source,
                    attributes,
                })))
            }
            TokenKind::Default => {
                let default_span = self.tok.span;
                self.next()?;
                self.add_export(atom::DEFAULT, default_span)?;
                let decl_start = self.start();
                let declaration = if self.at(TokenKind::Function) {
                    let f = self.parse_function_declaration(decl_start, false, false)?;
                    ExportDefaultKind::Function(f)
                } else if self.at_contextual(atom::ASYNC) && {
                    let next = self.peek();
                    next.kind == TokenKind::Function && !next.newline_before
                } {
                    self.next()?;
                    ExportDefaultKind::Function(
                        self.parse_function_declaration(decl_start, true, false)?,
                    )
                } else if self.at(TokenKind::Class) {
                    ExportDefaultKind::Class(self.parse_class_with(true, false)?)
                } else {
                    let expr = self.parse_assignment(false, None)?;
                    self.semicolon()?;
                    ExportDefaultKind::Expression(expr)
                };
                Ok(Statement::ExportDefault(Box::new(
                    ExportDefaultDeclaration {
                        span: self.span_from(start),
                        declaration,
                    },
                )))
            }
            TokenKind::LBrace => {
                self.next()?;
                let mut specifiers = Vec::new();
                // Local names that are not IdentifierReferences are only legal with `from`.
                let mut invalid_local: Option<(crate::syntax::source::Span, bool)> = None;
                while !self.at(TokenKind::RBrace) {
                    let spec_start = self.start();
                    let local_tok = self.tok;
                    let local = self.parse_module_export_name()?;
                    if invalid_local.is_none() {
                        match local_tok.kind {
                            TokenKind::String => invalid_local = Some((local_tok.span, true)),
                            k if k.is_keyword() => invalid_local = Some((local_tok.span, false)),
                            TokenKind::Identifier
                                if local_tok.atom.is_reserved_word()
                                    || local_tok.atom.is_strict_reserved_word()
                                    || local_tok.atom == atom::AWAIT =>
                            {
                                invalid_local = Some((local_tok.span, false))
                            }
                            _ => {}
                        }
                    }
                    let exported = if self.at_contextual(atom::AS) {
                        self.next()?;
                        self.parse_module_export_name()?
                    } else {
                        match &local {
                            ModuleExportName::Identifier(id) => ModuleExportName::Identifier(*id),
                            ModuleExportName::String(lit) => {
                                ModuleExportName::String(Box::new(Literal {
                                    span: lit.span,
                                    value: match &lit.value {
                                        LiteralValue::String(s) => LiteralValue::String(s.clone()),
                                        _ => LiteralValue::Null,
                                    },
                                }))
                            }
                        }
                    };
                    let exported_atom = self.export_name_atom(&exported);
                    self.add_export(exported_atom, exported.span())?;
                    specifiers.push(ExportSpecifier {
                        span: self.span_from(spec_start),
                        local,
                        exported,
                    });
                    if !self.at(TokenKind::RBrace) {
                        self.expect(TokenKind::Comma)?;
                    }
                }
                self.next()?;
                let (source, attributes) = if self.at_contextual(atom::FROM) {
                    self.next()?;
                    let source = self.parse_string_literal()?;
                    (Some(source), self.parse_import_attributes()?)
                } else {
                    if let Some((span, is_string)) = invalid_local {
                        if is_string {
                            return self.error(span, "Unexpected string");
                        }
                        return self.error(span, "Unexpected reserved word");
                    }
                    for spec in &specifiers {
                        if let ModuleExportName::Identifier(id) = &spec.local {
                            self.export_refs.push((id.name, id.span));
                        }
                    }
                    (None, Vec::new())
                };
                self.semicolon()?;
                Ok(Statement::ExportNamed(Box::new(ExportNamedDeclaration {
                    span: self.span_from(start),
                    declaration: None,
                    specifiers,
                    source,
                    attributes,
                })))
            }
            _ => {
                // `export` VariableStatement / Declaration
                let declaration = match self.tok.kind {
                    TokenKind::Var | TokenKind::Const | TokenKind::Function | TokenKind::Class => {
                        self.parse_statement(StatementContext::List)?
                    }
                    TokenKind::Identifier
                        if self.at_contextual(atom::LET) || self.at_contextual(atom::ASYNC) =>
                    {
                        let stmt = self.parse_statement(StatementContext::List)?;
                        match stmt {
                            Statement::VariableDeclaration(_)
                            | Statement::FunctionDeclaration(_) => stmt,
                            other => return self.error(other.span(), "Unexpected token 'export'"),
                        }
                    }
                    _ => return Err(self.unexpected()),
                };
                let mut names = Vec::new();
                match &declaration {
                    Statement::VariableDeclaration(v) => {
                        for d in &v.declarations {
                            super::function::collect_bound_names(&d.id, &mut names);
                        }
                    }
                    Statement::FunctionDeclaration(f) => names.extend(f.id),
                    Statement::ClassDeclaration(c) => names.extend(c.id),
                    _ => {}
                }
                for n in names {
                    self.add_export(n.name, n.span)?;
                }
                Ok(Statement::ExportNamed(Box::new(ExportNamedDeclaration {
                    span: self.span_from(start),
                    declaration: Some(declaration),
                    specifiers: Vec::new(),
                    source: None,
                    attributes: Vec::new(),
                })))
            }
        }
    }
}

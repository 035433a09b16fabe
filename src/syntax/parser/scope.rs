//! The parser's scope stack: context flags and the declaration early errors.
//!
//! Each function, block, catch clause, class static block and field initializer pushes a `Scope`. The
//! nearest scope with a `VAR` flag is the "var scope" (where `var` lands); its flags say whether `yield`
//! and `await` are keywords. The scopes also implement the redeclaration rules of ECMA-262 (14.2.1,
//! 15.2.1, 16.1.1 Static Semantics: Early Errors — LexicallyDeclaredNames vs VarDeclaredNames) with
//! Annex B.3.2.4 (duplicate sloppy block functions) and B.3.4 (`var e` inside `catch (e)`).
//! Labels (14.13.1) and private names (15.7.1, AllPrivateIdentifiersValid) are tracked here too.

use super::{PResult, Parser};
use crate::syntax::atom::{self, Atom};
use crate::syntax::source::Span;

pub type AtomSet = crate::util::hash::FastSet<Atom>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ScopeFlags(u16);

impl ScopeFlags {
    pub const NONE: ScopeFlags = ScopeFlags(0);
    pub const TOP: ScopeFlags = ScopeFlags(1);
    pub const FUNCTION: ScopeFlags = ScopeFlags(1 << 1);
    pub const ASYNC: ScopeFlags = ScopeFlags(1 << 2);
    pub const GENERATOR: ScopeFlags = ScopeFlags(1 << 3);
    pub const ARROW: ScopeFlags = ScopeFlags(1 << 4);
    /// A catch clause whose parameter is a single identifier (Annex B.3.4).
    pub const SIMPLE_CATCH: ScopeFlags = ScopeFlags(1 << 5);
    /// `super.x` is allowed (methods, and arrows/field initializers inside them).
    pub const SUPER: ScopeFlags = ScopeFlags(1 << 6);
    /// `super()` is allowed (constructors of derived classes).
    pub const DIRECT_SUPER: ScopeFlags = ScopeFlags(1 << 7);
    pub const CLASS_STATIC_BLOCK: ScopeFlags = ScopeFlags(1 << 8);
    pub const CLASS_FIELD_INIT: ScopeFlags = ScopeFlags(1 << 9);
    pub const MODULE: ScopeFlags = ScopeFlags(1 << 10);
    /// Eval code called from a function: `new.target` is allowed at its top level.
    pub const EVAL_NEW_TARGET: ScopeFlags = ScopeFlags(1 << 11);
    /// Scopes that receive `var` declarations.
    pub const VAR: ScopeFlags = ScopeFlags(
        Self::TOP.0 | Self::FUNCTION.0 | Self::CLASS_STATIC_BLOCK.0 | Self::CLASS_FIELD_INIT.0,
    );

    pub fn contains(self, other: ScopeFlags) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for ScopeFlags {
    type Output = ScopeFlags;
    fn bitor(self, rhs: ScopeFlags) -> ScopeFlags {
        ScopeFlags(self.0 | rhs.0)
    }
}

pub struct Scope {
    pub flags: ScopeFlags,
    /// Names declared by `var` (and parameters) in this scope or in blocks nested in it.
    var: AtomSet,
    lexical: AtomSet,
    /// Function declarations (treated as `var` at function top level, as lexical in blocks).
    functions: AtomSet,
    /// The simple catch parameter's name (Annex B.3.4).
    catch_param: Option<Atom>,
}

/// How a name is bound (which early-error rules apply).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Binding {
    /// `var`, and parameters.
    Var,
    /// `let`, `const`, `class`, imports, and function declarations that are lexical.
    Lexical,
    /// A plain function declaration in sloppy code (Annex B.3.2.4 permits duplicates in blocks).
    Function,
    /// A simple catch parameter.
    SimpleCatch,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LabelKind {
    /// A labelled statement whose body is not a loop.
    Plain,
    Loop,
    /// Unlabelled `switch` (a `break` target).
    Switch,
}

#[derive(Clone, Copy, Debug)]
pub struct Label {
    /// `None` for the implicit label of a loop or switch.
    pub name: Option<Atom>,
    pub kind: LabelKind,
    /// Start of the labelled statement's body (chained labels `a: b: while …` share the loop).
    pub body_start: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PrivateKind {
    Field,
    Method,
    Getter,
    Setter,
    /// A getter and a setter pair.
    Accessor,
}

#[derive(Default)]
pub struct PrivateScope {
    /// Declared names: kind and staticness.
    declared: crate::util::hash::FastMap<Atom, (PrivateKind, bool)>,
    used: Vec<(Atom, Span)>,
}

impl<'s> Parser<'s> {
    pub(super) fn enter_scope(&mut self, flags: ScopeFlags) {
        self.scopes.push(Scope {
            flags,
            var: AtomSet::default(),
            lexical: AtomSet::default(),
            functions: AtomSet::default(),
            catch_param: None,
        });
    }

    pub(super) fn exit_scope(&mut self) {
        self.scopes.pop();
    }

    pub(super) fn current_var_scope(&self) -> &Scope {
        self.scopes
            .iter()
            .rev()
            .find(|s| s.flags.contains(ScopeFlags::VAR))
            .unwrap_or_else(|| &self.scopes[0])
    }

    /// The scope that decides `this`, `super` and `new.target`: the nearest non-arrow var scope.
    fn current_this_scope(&self) -> &Scope {
        self.scopes
            .iter()
            .rev()
            .find(|s| s.flags.contains(ScopeFlags::VAR) && !s.flags.contains(ScopeFlags::ARROW))
            .unwrap_or_else(|| &self.scopes[0])
    }

    /// `[+Await]`: inside an async function, or at the top level of a module; never directly in a class
    /// static block or field initializer.
    pub(super) fn scopes_can_await(&self) -> bool {
        for scope in self.scopes.iter().rev() {
            if scope.flags.contains(ScopeFlags::CLASS_STATIC_BLOCK)
                || scope.flags.contains(ScopeFlags::CLASS_FIELD_INIT)
            {
                return false;
            }
            if scope.flags.contains(ScopeFlags::FUNCTION) {
                return scope.flags.contains(ScopeFlags::ASYNC);
            }
        }
        self.module
    }

    pub(super) fn in_function(&self) -> bool {
        self.current_var_scope()
            .flags
            .contains(ScopeFlags::FUNCTION)
    }

    pub(super) fn allow_super_property(&self) -> bool {
        self.current_this_scope().flags.contains(ScopeFlags::SUPER)
    }

    pub(super) fn allow_super_call(&self) -> bool {
        self.current_this_scope()
            .flags
            .contains(ScopeFlags::DIRECT_SUPER)
    }

    /// `new.target` is allowed in non-arrow functions, class field initializers and static blocks,
    /// and in arrows nested in those.
    pub(super) fn allow_new_target(&self) -> bool {
        self.scopes.iter().rev().any(|s| {
            s.flags.contains(ScopeFlags::CLASS_STATIC_BLOCK)
                || s.flags.contains(ScopeFlags::EVAL_NEW_TARGET)
                || s.flags.contains(ScopeFlags::CLASS_FIELD_INIT)
                || (s.flags.contains(ScopeFlags::FUNCTION) && !s.flags.contains(ScopeFlags::ARROW))
        })
    }

    /// Directly in a class static block: `await` is reserved there, but not inside functions or
    /// arrow functions nested in it (15.7.1: `Contains` stops at function boundaries).
    pub(super) fn in_class_static_block(&self) -> bool {
        self.current_var_scope()
            .flags
            .contains(ScopeFlags::CLASS_STATIC_BLOCK)
    }

    /// `arguments` is forbidden in field initializers and static blocks, arrows included (15.7.1).
    pub(super) fn in_class_field_init_or_static_block(&self) -> bool {
        for scope in self.scopes.iter().rev() {
            if scope.flags.contains(ScopeFlags::CLASS_STATIC_BLOCK)
                || scope.flags.contains(ScopeFlags::CLASS_FIELD_INIT)
            {
                return true;
            }
            if scope.flags.contains(ScopeFlags::FUNCTION)
                && !scope.flags.contains(ScopeFlags::ARROW)
            {
                return false;
            }
        }
        false
    }

    /// Function declarations at this scope's level are var-like (function and script top levels, and
    /// class static blocks), rather than lexical (blocks, module top level).
    fn functions_are_var(&self, scope: &Scope) -> bool {
        scope.flags.contains(ScopeFlags::FUNCTION)
            || scope.flags.contains(ScopeFlags::CLASS_STATIC_BLOCK)
            || (scope.flags.contains(ScopeFlags::TOP) && !self.module)
    }

    /// Whether a function declaration here is var-like (see `functions_are_var`).
    pub(super) fn function_declarations_are_var(&self) -> bool {
        self.scopes
            .last()
            .is_some_and(|s| self.functions_are_var(s))
    }

    /// Declare `name` in the current scope, or report "has already been declared".
    pub(super) fn declare(&mut self, name: Atom, span: Span, binding: Binding) -> PResult<()> {
        let redeclared = match binding {
            Binding::Lexical => {
                let scope = self.scopes.last_mut().expect("scope");
                let clash = scope.lexical.contains(&name)
                    || scope.functions.contains(&name)
                    || scope.var.contains(&name);
                scope.lexical.insert(name);
                clash
            }
            Binding::SimpleCatch => {
                let scope = self.scopes.last_mut().expect("scope");
                scope.lexical.insert(name);
                scope.catch_param = Some(name);
                false
            }
            Binding::Function => {
                let as_var = self.function_declarations_are_var();
                let scope = self.scopes.last_mut().expect("scope");
                let clash = if as_var {
                    scope.lexical.contains(&name)
                } else {
                    scope.lexical.contains(&name) || scope.var.contains(&name)
                };
                scope.functions.insert(name);
                clash
            }
            Binding::Var => {
                let mut clash = false;
                for i in (0..self.scopes.len()).rev() {
                    let as_var = self.functions_are_var(&self.scopes[i]);
                    let scope = &mut self.scopes[i];
                    let catch_exempt = scope.flags.contains(ScopeFlags::SIMPLE_CATCH)
                        && scope.catch_param == Some(name);
                    if (scope.lexical.contains(&name) && !catch_exempt)
                        || (!as_var && scope.functions.contains(&name))
                    {
                        clash = true;
                        break;
                    }
                    scope.var.insert(name);
                    if scope.flags.contains(ScopeFlags::VAR) {
                        break;
                    }
                }
                clash
            }
        };
        if redeclared {
            return self.error(
                span,
                format!("Identifier '{}' has already been declared", self.name(name)),
            );
        }
        Ok(())
    }

    /// Is `name` declared at the top level of the module (for `export { name }`)?
    pub(super) fn declared_at_top(&self, name: Atom) -> bool {
        let top = &self.scopes[0];
        top.var.contains(&name) || top.lexical.contains(&name) || top.functions.contains(&name)
    }

    // ---------------------------------------------------------------------------------------------
    // Labels (ECMA-262 14.13.1, 14.8.1, 14.9.1)

    /// The `break`/`continue` early errors for `label` (or an unlabelled one).
    pub(super) fn check_jump(
        &self,
        label: Option<(Atom, Span)>,
        is_break: bool,
        span: Span,
    ) -> PResult<()> {
        for l in self.labels.iter().rev() {
            match label {
                None => {
                    if l.kind == LabelKind::Loop || (is_break && l.kind == LabelKind::Switch) {
                        return Ok(());
                    }
                }
                Some((name, _)) => {
                    if l.name == Some(name) {
                        if is_break || l.kind == LabelKind::Loop {
                            return Ok(());
                        }
                        return self.error(
                            span,
                            format!("Illegal continue statement: '{}' does not denote an iteration statement", self.name(name)),
                        );
                    }
                }
            }
        }
        match label {
            Some((name, span)) => {
                self.error(span, format!("Undefined label '{}'", self.name(name)))
            }
            None if is_break => self.error(span, "Illegal break statement"),
            None => self.error(
                span,
                "Illegal continue statement: no surrounding iteration statement",
            ),
        }
    }

    pub(super) fn label_declared(&self, name: Atom) -> bool {
        self.labels.iter().any(|l| l.name == Some(name))
    }

    // ---------------------------------------------------------------------------------------------
    // Private names (ECMA-262 15.7.1)

    pub(super) fn enter_private_scope(&mut self) {
        self.private.push(PrivateScope::default());
    }

    /// Declare `#name` in the innermost class body.
    pub(super) fn declare_private(
        &mut self,
        name: Atom,
        span: Span,
        kind: PrivateKind,
        is_static: bool,
    ) -> PResult<()> {
        if name == atom::CONSTRUCTOR {
            return self.error(
                span,
                "Classes may not have a private field named '#constructor'",
            );
        }
        let scope = self.private.last_mut().expect("class body");
        if let Some(existing) = scope.declared.get_mut(&name) {
            let pair = matches!(
                (existing.0, kind),
                (PrivateKind::Getter, PrivateKind::Setter)
                    | (PrivateKind::Setter, PrivateKind::Getter)
            ) && existing.1 == is_static;
            if pair {
                existing.0 = PrivateKind::Accessor;
                return Ok(());
            }
            return self.error(
                span,
                format!(
                    "Identifier '#{}' has already been declared",
                    self.name(name)
                ),
            );
        }
        scope.declared.insert(name, (kind, is_static));
        Ok(())
    }

    /// A reference to `#name` (`o.#name`, `#name in o`).
    pub(super) fn use_private(&mut self, name: Atom, span: Span) -> PResult<()> {
        match self.private.last_mut() {
            Some(scope) => {
                scope.used.push((name, span));
                Ok(())
            }
            None => self.error(
                span,
                format!(
                    "Private field '#{}' must be declared in an enclosing class",
                    self.name(name)
                ),
            ),
        }
    }

    /// Leave a class body: references it does not declare move to the enclosing class, or are errors.
    pub(super) fn exit_private_scope(&mut self) -> PResult<()> {
        let scope = self.private.pop().expect("class body");
        for (name, span) in scope.used {
            if scope.declared.contains_key(&name) {
                continue;
            }
            match self.private.last_mut() {
                Some(outer) => outer.used.push((name, span)),
                None => {
                    return self.error(
                        span,
                        format!(
                            "Private field '#{}' must be declared in an enclosing class",
                            self.name(name)
                        ),
                    )
                }
            }
        }
        Ok(())
    }

    // ---------------------------------------------------------------------------------------------
    // Exports (ECMA-262 16.2.1.1)

    pub(super) fn add_export(&mut self, name: Atom, span: Span) -> PResult<()> {
        if !self.exported_names.insert(name) {
            return self.error(span, format!("Duplicate export of '{}'", self.name(name)));
        }
        Ok(())
    }

    /// Every `export { x }` without `from` names a declared binding.
    pub(super) fn check_module_exports(&self) -> PResult<()> {
        for &(name, span) in &self.export_refs {
            if !self.declared_at_top(name) {
                return self.error(
                    span,
                    format!("Export '{}' is not defined in module", self.name(name)),
                );
            }
        }
        Ok(())
    }
}

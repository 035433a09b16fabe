//! Which variables are captured by closures (a pre-pass before code generation).
//!
//! A binding that some nested function refers to must live in a heap context; the others live in
//! registers. This pass records, for every function, the names referred to inside functions nested in
//! it. A binding whose name is in its function's set goes to the context. That is conservative (two
//! bindings with the same name in one function are both captured if either is), and simple.
//!
//! A reference stops at the first function around it (itself included) that binds the name for its
//! whole body: a simple parameter list's names and the body's top-level declarations
//! (`own_names`). So `function f(i) { ... }` nested in a loop over `let i` does not capture the
//! loop's `i`. Anything less certain (block-level names, parameters with expressions) is treated as
//! not binding the name, so the reference goes on outward and marks more, never less.
//!
//! A direct `eval(...)` or a `with` statement can reach any binding by name at run time, so the
//! function containing it and every function around it keep all their bindings in contexts
//! (`Captures::all`), where the runtime lookup finds them by their slot names.

use crate::syntax::ast::*;
use crate::syntax::atom::Atom;
use std::collections::{HashMap, HashSet};

/// For each function (by the start offset of its span; the script is at `u32::MAX`), the names that
/// nested functions refer to.
#[derive(Default)]
pub struct Captures {
    pub by_function: HashMap<u32, HashSet<Atom>>,
    /// Functions whose bindings are all captured (they contain, or enclose, a direct eval or `with`).
    pub all: HashSet<u32>,
    /// Functions whose own code (not a nested function's) calls `eval(...)` directly.
    pub direct_eval: HashSet<u32>,
}

pub const SCRIPT: u32 = u32::MAX;

impl Captures {
    pub fn of(program: &Program) -> Captures {
        let mut walker = Walker {
            stack: vec![SCRIPT],
            own: vec![HashSet::new()],
            captures: Captures::default(),
        };
        walker.captures.by_function.insert(SCRIPT, HashSet::new());
        for s in &program.body {
            walker.statement(s);
        }
        walker.captures
    }

    pub fn is_captured(&self, function: u32, name: Atom) -> bool {
        self.all.contains(&function)
            || self
                .by_function
                .get(&function)
                .is_some_and(|s| s.contains(&name))
    }

    /// Whether `function`'s own code calls `eval(...)` directly.
    pub fn has_direct_eval(&self, function: u32) -> bool {
        self.direct_eval.contains(&function)
    }
}

struct Walker {
    stack: Vec<u32>,
    /// Per entry of `stack`: the names it binds for its whole body (see `own_names`).
    own: Vec<HashSet<Atom>>,
    captures: Captures,
}

impl Walker {
    fn reference(&mut self, name: Atom) {
        let n = self.stack.len();
        if self.own[n - 1].contains(&name) {
            return;
        }
        for j in (0..n - 1).rev() {
            let f = self.stack[j];
            self.captures.by_function.entry(f).or_default().insert(name);
            if self.own[j].contains(&name) {
                break;
            }
        }
    }

    fn enter(&mut self, start: u32, own: HashSet<Atom>) {
        self.stack.push(start);
        self.own.push(own);
        self.captures.by_function.entry(start).or_default();
    }

    fn leave(&mut self) {
        self.stack.pop();
        self.own.pop();
    }

    /// A direct eval or `with` here: every binding of the enclosing functions may be named at run time.
    fn dynamic_scope(&mut self) {
        self.captures.all.extend(self.stack.iter().copied());
    }

    fn function(&mut self, f: &Function) {
        self.enter(
            f.span.start,
            own_names(f.simple_params, &f.params, &f.body.body),
        );
        for p in &f.params {
            self.pattern(p);
        }
        for s in &f.body.body {
            self.statement(s);
        }
        self.leave();
    }

    fn statement(&mut self, s: &Statement) {
        match s {
            Statement::Expression(e) => self.expression(&e.expression),
            Statement::Block(b) => b.body.iter().for_each(|s| self.statement(s)),
            Statement::Empty(_) | Statement::Debugger(_) => {}
            Statement::With(w) => {
                self.dynamic_scope();
                self.expression(&w.object);
                self.statement(&w.body);
            }
            Statement::Return(r) => {
                if let Some(e) = &r.argument {
                    self.expression(e)
                }
            }
            Statement::Labeled(l) => self.statement(&l.body),
            Statement::Break(_) | Statement::Continue(_) => {}
            Statement::If(i) => {
                self.expression(&i.test);
                self.statement(&i.consequent);
                if let Some(a) = &i.alternate {
                    self.statement(a);
                }
            }
            Statement::Switch(sw) => {
                self.expression(&sw.discriminant);
                for c in &sw.cases {
                    if let Some(t) = &c.test {
                        self.expression(t);
                    }
                    c.consequent.iter().for_each(|s| self.statement(s));
                }
            }
            Statement::Throw(t) => self.expression(&t.argument),
            Statement::Try(t) => {
                t.block.body.iter().for_each(|s| self.statement(s));
                if let Some(h) = &t.handler {
                    if let Some(p) = &h.param {
                        self.pattern(p);
                    }
                    h.body.body.iter().for_each(|s| self.statement(s));
                }
                if let Some(f) = &t.finalizer {
                    f.body.iter().for_each(|s| self.statement(s));
                }
            }
            Statement::While(w) => {
                self.expression(&w.test);
                self.statement(&w.body);
            }
            Statement::DoWhile(d) => {
                self.statement(&d.body);
                self.expression(&d.test);
            }
            Statement::For(f) => {
                match &f.init {
                    Some(ForInit::VariableDeclaration(v)) => self.declaration(v),
                    Some(ForInit::Expression(e)) => self.expression(e),
                    None => {}
                }
                if let Some(t) = &f.test {
                    self.expression(t);
                }
                if let Some(u) = &f.update {
                    self.expression(u);
                }
                self.statement(&f.body);
            }
            Statement::ForIn(f) => {
                self.for_head(&f.left);
                self.expression(&f.right);
                self.statement(&f.body);
            }
            Statement::ForOf(f) => {
                self.for_head(&f.left);
                self.expression(&f.right);
                self.statement(&f.body);
            }
            Statement::FunctionDeclaration(f) => self.function(f),
            Statement::VariableDeclaration(v) => self.declaration(v),
            Statement::ClassDeclaration(c) => self.class(c),
            Statement::Import(_) | Statement::ExportAll(_) => {}
            Statement::ExportNamed(e) => {
                if let Some(d) = &e.declaration {
                    self.statement(d);
                }
            }
            Statement::ExportDefault(e) => match &e.declaration {
                ExportDefaultKind::Function(f) => self.function(f),
                ExportDefaultKind::Class(c) => self.class(c),
                ExportDefaultKind::Expression(e) => self.expression(e),
            },
        }
    }

    fn for_head(&mut self, head: &ForHead) {
        match head {
            ForHead::VariableDeclaration(v) => self.declaration(v),
            ForHead::Pattern(p) => self.pattern(p),
        }
    }

    fn declaration(&mut self, v: &VariableDeclaration) {
        for d in &v.declarations {
            self.pattern(&d.id);
            if let Some(init) = &d.init {
                self.expression(init);
            }
        }
    }

    fn class(&mut self, c: &Class) {
        if let Some(s) = &c.super_class {
            self.expression(s);
        }
        for element in &c.body.body {
            match element {
                ClassElement::Method(m) => {
                    self.key(&m.key);
                    self.function(&m.value);
                }
                ClassElement::Property(p) => {
                    self.key(&p.key);
                    if let Some(v) = &p.value {
                        // Field initializers run as methods of the class.
                        self.enter(p.span.start, HashSet::new());
                        self.expression(v);
                        self.leave();
                    }
                }
                ClassElement::StaticBlock(b) => {
                    self.enter(b.span.start, HashSet::new());
                    b.body.iter().for_each(|s| self.statement(s));
                    self.leave();
                }
            }
        }
    }

    fn key(&mut self, key: &PropertyKey) {
        if let PropertyKey::Computed(e) = key {
            self.expression(e);
        }
    }

    fn pattern(&mut self, p: &Pattern) {
        match p {
            Pattern::Identifier(id) => self.reference(id.name),
            Pattern::Member(m) => self.member(m),
            Pattern::Object(o) => {
                for prop in &o.properties {
                    match prop {
                        PatternProperty::Property(p) => {
                            self.key(&p.key);
                            self.pattern(&p.value);
                        }
                        PatternProperty::Rest(r) => self.pattern(&r.argument),
                    }
                }
            }
            Pattern::Array(a) => a.elements.iter().flatten().for_each(|p| self.pattern(p)),
            Pattern::Assignment(a) => {
                self.pattern(&a.left);
                self.expression(&a.right);
            }
            Pattern::Rest(r) => self.pattern(&r.argument),
            Pattern::Call(e) => self.expression(e),
        }
    }

    fn member(&mut self, m: &MemberExpression) {
        self.expression(&m.object);
        if let MemberProperty::Computed(e) = &m.property {
            self.expression(e);
        }
    }

    fn expression(&mut self, e: &Expression) {
        match e {
            Expression::Identifier(id) => self.reference(id.name),
            Expression::Literal(_)
            | Expression::This(_)
            | Expression::Super(_)
            | Expression::MetaProperty(_) => {}
            Expression::Array(a) => {
                for el in a.elements.iter().flatten() {
                    match el {
                        ArrayElement::Expression(e) => self.expression(e),
                        ArrayElement::Spread(s) => self.expression(&s.argument),
                    }
                }
            }
            Expression::Object(o) => {
                for m in &o.properties {
                    match m {
                        ObjectMember::Property(p) => {
                            self.key(&p.key);
                            self.expression(&p.value);
                        }
                        ObjectMember::Spread(s) => self.expression(&s.argument),
                    }
                }
            }
            Expression::Function(f) => self.function(f),
            Expression::Arrow(a) => {
                let body: &[Statement] = match &a.body {
                    ArrowBody::Expression(_) => &[],
                    ArrowBody::Block(b) => &b.body,
                };
                self.enter(a.span.start, own_names(a.simple_params, &a.params, body));
                a.params.iter().for_each(|p| self.pattern(p));
                match &a.body {
                    ArrowBody::Expression(e) => self.expression(e),
                    ArrowBody::Block(b) => b.body.iter().for_each(|s| self.statement(s)),
                }
                self.leave();
            }
            Expression::Class(c) => self.class(c),
            Expression::Template(t) => t.expressions.iter().for_each(|e| self.expression(e)),
            Expression::TaggedTemplate(t) => {
                self.expression(&t.tag);
                t.quasi.expressions.iter().for_each(|e| self.expression(e));
            }
            Expression::Member(m) => self.member(m),
            Expression::Call(c) => {
                if !c.optional
                    && matches!(&c.callee, Expression::Identifier(id) if id.name == crate::syntax::atom::EVAL)
                {
                    self.dynamic_scope();
                    let here = *self.stack.last().expect("a function");
                    self.captures.direct_eval.insert(here);
                }
                self.expression(&c.callee);
                self.arguments(&c.arguments);
            }
            Expression::New(n) => {
                self.expression(&n.callee);
                self.arguments(&n.arguments);
            }
            Expression::Chain(c) => self.expression(&c.expression),
            Expression::Unary(u) => self.expression(&u.argument),
            Expression::Update(u) => self.pattern(&u.argument),
            Expression::Binary(b) => {
                self.expression(&b.left);
                self.expression(&b.right);
            }
            Expression::PrivateIn(p) => self.expression(&p.right),
            Expression::Logical(l) => {
                self.expression(&l.left);
                self.expression(&l.right);
            }
            Expression::Conditional(c) => {
                self.expression(&c.test);
                self.expression(&c.consequent);
                self.expression(&c.alternate);
            }
            Expression::Assignment(a) => {
                self.pattern(&a.left);
                self.expression(&a.right);
            }
            Expression::Sequence(s) => s.expressions.iter().for_each(|e| self.expression(e)),
            Expression::Yield(y) => {
                if let Some(a) = &y.argument {
                    self.expression(a);
                }
            }
            Expression::Await(a) => self.expression(&a.argument),
            Expression::Import(i) => {
                self.expression(&i.source);
                if let Some(o) = &i.options {
                    self.expression(o);
                }
            }
            Expression::Parenthesized(p) => self.expression(&p.expression),
        }
    }

    fn arguments(&mut self, args: &[Argument]) {
        for a in args {
            match a {
                Argument::Expression(e) => self.expression(e),
                Argument::Spread(s) => self.expression(&s.argument),
            }
        }
    }
}

/// The names a function binds for its whole body, as far as this pass needs to be sure: with a
/// simple parameter list (no parameter expressions, so no separate parameter scope), its parameters
/// and the declarations at the top level of its body (ECMA-262 10.2.11
/// FunctionDeclarationInstantiation puts them all in scope for the whole body).
fn own_names(simple_params: bool, params: &[Pattern], body: &[Statement]) -> HashSet<Atom> {
    let mut names = HashSet::new();
    if !simple_params {
        return names;
    }
    for p in params {
        if let Pattern::Identifier(id) = p {
            names.insert(id.name);
        }
    }
    for s in body {
        match s {
            Statement::VariableDeclaration(v) => {
                for d in &v.declarations {
                    if let Pattern::Identifier(id) = &d.id {
                        names.insert(id.name);
                    }
                }
            }
            Statement::FunctionDeclaration(f) => {
                if let Some(id) = &f.id {
                    names.insert(id.name);
                }
            }
            Statement::ClassDeclaration(c) => {
                if let Some(id) = &c.id {
                    names.insert(id.name);
                }
            }
            _ => {}
        }
    }
    names
}

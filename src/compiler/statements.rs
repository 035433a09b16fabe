//! Statements (ECMA-262 14), declaration scanning, and jumps through `finally`.

use super::{
    BindMode, BindingKind, CResult, Compiler, ContextInfo, Control, FinallyInfo, LoopKind, Route,
    Scope,
};
use super::{TOKEN_NORMAL, TOKEN_RETURN, TOKEN_THROW};
use crate::bytecode::{Constant, FunctionKind, Handler, Opcode, ScopeKind, ScopeLayout};
use crate::syntax::ast::*;
use crate::syntax::atom::Atom;

/// VarDeclaredNames (ECMA-262 8.2.6): `var` names anywhere in the statements, not in nested functions.
/// `top_level`: function declarations directly in the list are var-scoped too (handled by the caller).
pub(super) fn var_declared_names(statements: &[Statement], out: &mut Vec<Atom>, _top_level: bool) {
    for s in statements {
        var_names_in(s, out);
    }
}

fn var_names_in(s: &Statement, out: &mut Vec<Atom>) {
    match s {
        Statement::VariableDeclaration(v) if v.kind == VariableKind::Var => {
            for d in &v.declarations {
                super::patterns::bound_names(&d.id, out);
            }
        }
        Statement::Block(b) => b.body.iter().for_each(|s| var_names_in(s, out)),
        Statement::If(i) => {
            var_names_in(&i.consequent, out);
            if let Some(a) = &i.alternate {
                var_names_in(a, out);
            }
        }
        Statement::While(w) => var_names_in(&w.body, out),
        Statement::DoWhile(d) => var_names_in(&d.body, out),
        Statement::For(f) => {
            if let Some(ForInit::VariableDeclaration(v)) = &f.init {
                if v.kind == VariableKind::Var {
                    for d in &v.declarations {
                        super::patterns::bound_names(&d.id, out);
                    }
                }
            }
            var_names_in(&f.body, out);
        }
        Statement::ForIn(f) => {
            for_head_vars(&f.left, out);
            var_names_in(&f.body, out);
        }
        Statement::ForOf(f) => {
            for_head_vars(&f.left, out);
            var_names_in(&f.body, out);
        }
        Statement::Labeled(l) => var_names_in(&l.body, out),
        Statement::With(w) => var_names_in(&w.body, out),
        Statement::Switch(sw) => {
            for c in &sw.cases {
                c.consequent.iter().for_each(|s| var_names_in(s, out));
            }
        }
        Statement::Try(t) => {
            t.block.body.iter().for_each(|s| var_names_in(s, out));
            if let Some(h) = &t.handler {
                h.body.body.iter().for_each(|s| var_names_in(s, out));
            }
            if let Some(f) = &t.finalizer {
                f.body.iter().for_each(|s| var_names_in(s, out));
            }
        }
        Statement::ExportNamed(e) => {
            if let Some(d) = &e.declaration {
                var_names_in(d, out);
            }
        }
        _ => {}
    }
}

fn for_head_vars(head: &ForHead, out: &mut Vec<Atom>) {
    if let ForHead::VariableDeclaration(v) = head {
        if v.kind == VariableKind::Var {
            for d in &v.declarations {
                super::patterns::bound_names(&d.id, out);
            }
        }
    }
}

/// The function declarations directly in a statement list (labelled ones included), last wins.
pub(super) fn top_level_functions<'s>(statements: &'s [Statement], out: &mut Vec<&'s Function>) {
    for s in statements {
        let mut s = s;
        while let Statement::Labeled(l) = s {
            s = &l.body;
        }
        if let Statement::FunctionDeclaration(f) = s {
            if let Some(i) = out
                .iter()
                .position(|g| g.id.map(|x| x.name) == f.id.map(|x| x.name))
            {
                out.remove(i);
            }
            out.push(f);
        }
    }
}

/// Annex B.3.3: the function declarations in blocks (and `if` clauses, `switch` cases) of sloppy
/// code that also get a `var` binding in the function or script, because a `var` of that name there
/// would be legal: no enclosing block, loop head or the top level declares it lexically, and it is
/// not a parameter. Returns (name, start offset of the declaration), outermost first.
pub(super) fn annex_b_functions(
    body: &[Statement],
    top_lexical: &[Atom],
    params: &[Atom],
) -> Vec<(Atom, u32)> {
    let mut scan = AnnexB {
        enclosing: top_lexical.iter().chain(params).copied().collect(),
        out: Vec::new(),
    };
    for s in body {
        scan.statement(s);
    }
    scan.out
}

struct AnnexB {
    /// Names a `var` here would clash with.
    enclosing: Vec<Atom>,
    out: Vec<(Atom, u32)>,
}

impl AnnexB {
    /// A block-like statement list: its own function declarations are candidates, then everything
    /// it declares lexically encloses its statements.
    fn list(&mut self, statements: &[Statement]) {
        let mark = self.enclosing.len();
        let mut functions = Vec::new();
        top_level_functions(statements, &mut functions);
        // Every declaration of a name in the list counts, not just the last.
        for s in statements {
            let mut s = s;
            while let Statement::Labeled(l) = s {
                s = &l.body;
            }
            if let Statement::FunctionDeclaration(f) = s {
                if let Some(id) = f.id {
                    if !f.is_async && !f.is_generator && !self.enclosing.contains(&id.name) {
                        self.out.push((id.name, f.span.start));
                    }
                }
            }
        }
        self.enclosing
            .extend(lexical_declarations(statements).iter().map(|d| d.0));
        self.enclosing
            .extend(functions.iter().map(|f| f.id.expect("named").name));
        for s in statements {
            self.statement(s);
        }
        self.enclosing.truncate(mark);
    }

    /// A statement in a position where a lone function declaration is its own block (B.3.4).
    fn clause(&mut self, s: &Statement) {
        if let Statement::FunctionDeclaration(_) = s {
            self.list(std::slice::from_ref(s));
        } else {
            self.statement(s);
        }
    }

    fn with_lexical_head(&mut self, head: Option<&VariableDeclaration>, body: &Statement) {
        let mark = self.enclosing.len();
        if let Some(v) = head.filter(|v| v.kind != VariableKind::Var) {
            for d in &v.declarations {
                super::patterns::bound_names(&d.id, &mut self.enclosing);
            }
        }
        self.statement(body);
        self.enclosing.truncate(mark);
    }

    fn statement(&mut self, s: &Statement) {
        match s {
            Statement::Block(b) => self.list(&b.body),
            Statement::If(i) => {
                self.clause(&i.consequent);
                if let Some(a) = &i.alternate {
                    self.clause(a);
                }
            }
            Statement::Labeled(l) => self.statement(&l.body),
            Statement::While(w) => self.statement(&w.body),
            Statement::DoWhile(d) => self.statement(&d.body),
            Statement::With(w) => self.statement(&w.body),
            Statement::For(f) => {
                let head = match &f.init {
                    Some(ForInit::VariableDeclaration(v)) => Some(&**v),
                    _ => None,
                };
                self.with_lexical_head(head, &f.body);
            }
            Statement::ForIn(f) => {
                let head = match &f.left {
                    ForHead::VariableDeclaration(v) => Some(&**v),
                    _ => None,
                };
                self.with_lexical_head(head, &f.body);
            }
            Statement::ForOf(f) => {
                let head = match &f.left {
                    ForHead::VariableDeclaration(v) => Some(&**v),
                    _ => None,
                };
                self.with_lexical_head(head, &f.body);
            }
            Statement::Switch(sw) => {
                let all: Vec<&Statement> = sw.cases.iter().flat_map(|c| &c.consequent).collect();
                // The case block is one scope.
                self.switch_cases(&all);
            }
            Statement::Try(t) => {
                self.list(&t.block.body);
                if let Some(h) = &t.handler {
                    let mark = self.enclosing.len();
                    // B.3.4: a simple catch parameter does not block a `var` of its name.
                    if let Some(p) = h
                        .param
                        .as_ref()
                        .filter(|p| !matches!(p, Pattern::Identifier(_)))
                    {
                        super::patterns::bound_names(p, &mut self.enclosing);
                    }
                    self.list(&h.body.body);
                    self.enclosing.truncate(mark);
                }
                if let Some(f) = &t.finalizer {
                    self.list(&f.body);
                }
            }
            _ => {}
        }
    }

    /// The statements of all cases of a `switch`, which share one scope.
    fn switch_cases(&mut self, statements: &[&Statement]) {
        let mark = self.enclosing.len();
        for s in statements {
            let mut s = *s;
            while let Statement::Labeled(l) = s {
                s = &l.body;
            }
            if let Statement::FunctionDeclaration(f) = s {
                if let Some(id) = f.id {
                    if !f.is_async && !f.is_generator && !self.enclosing[..mark].contains(&id.name)
                    {
                        self.out.push((id.name, f.span.start));
                    }
                }
            }
        }
        for s in statements {
            self.enclosing.extend(
                lexical_declarations(std::slice::from_ref(*s))
                    .iter()
                    .map(|d| d.0),
            );
            let mut t = *s;
            while let Statement::Labeled(l) = t {
                t = &l.body;
            }
            if let Statement::FunctionDeclaration(f) = t {
                self.enclosing.extend(f.id.map(|id| id.name));
            }
        }
        for s in statements {
            self.statement(s);
        }
        self.enclosing.truncate(mark);
    }
}

/// The `let`/`const`/`class` declarations directly in a statement list.
pub(super) fn lexical_declarations(statements: &[Statement]) -> Vec<(Atom, BindingKind)> {
    let mut out = Vec::new();
    for s in statements {
        match s {
            Statement::VariableDeclaration(v) if v.kind != VariableKind::Var => {
                let kind = if v.kind == VariableKind::Const {
                    BindingKind::Const
                } else {
                    BindingKind::Let
                };
                let mut names = Vec::new();
                for d in &v.declarations {
                    super::patterns::bound_names(&d.id, &mut names);
                }
                out.extend(names.into_iter().map(|n| (n, kind)));
            }
            Statement::ClassDeclaration(c) => {
                out.push((c.id.expect("named").name, BindingKind::Class))
            }
            _ => {}
        }
    }
    out
}

impl<'a> Compiler<'a> {
    pub(super) fn statement(&mut self, s: &Statement, completion: Option<u32>) -> CResult<()> {
        // These statements complete with UpdateEmpty(…, undefined): an empty body leaves undefined
        // as the completion value, not the previous statement's (ECMA-262 14.6.2, 14.7, 14.12, 14.15).
        if let Some(r) = completion {
            if matches!(
                s,
                Statement::If(_)
                    | Statement::While(_)
                    | Statement::DoWhile(_)
                    | Statement::For(_)
                    | Statement::ForIn(_)
                    | Statement::ForOf(_)
                    | Statement::Switch(_)
                    | Statement::Try(_)
            ) {
                self.emit(Opcode::LdaUndefined, &[]);
                self.emit(Opcode::Star, &[r as i64]);
            }
        }
        match s {
            Statement::Expression(e) => {
                self.position(e.span);
                match completion {
                    Some(r) => {
                        self.expression(&e.expression)?;
                        self.emit(Opcode::Star, &[r as i64]);
                    }
                    None => self.effect(&e.expression)?,
                }
            }
            Statement::VariableDeclaration(v) => self.variable_declaration(v)?,
            Statement::FunctionDeclaration(f) => {
                // Hoisted. Annex B.3.3: in sloppy code a function declared in a block is also
                // assigned to the var of the same name when its declaration is evaluated.
                if self.fs().annex_b.contains(&f.span.start) {
                    let name = f.id.expect("named").name;
                    self.load_binding(name, f.span);
                    self.store_annex_b_var(name);
                }
            }
            Statement::ClassDeclaration(c) => {
                self.class(c, None)?;
                self.init_binding(c.id.expect("declarations are named").name);
            }
            Statement::Return(r) => {
                self.position(r.span);
                match &r.argument {
                    Some(e) => {
                        self.expression(e)?;
                        self.await_return_value();
                    }
                    None => self.emit(Opcode::LdaUndefined, &[]),
                }
                self.emit_return();
            }
            Statement::If(i) => {
                self.position(i.test.span());
                self.expression(&i.test)?;
                let else_jump = self.emit_jump(Opcode::JumpIfFalse);
                self.sub_statement(&i.consequent, completion)?;
                match &i.alternate {
                    Some(alternate) => {
                        let end = self.emit_jump(Opcode::Jump);
                        self.patch_here(else_jump);
                        self.sub_statement(alternate, completion)?;
                        self.patch_here(end);
                    }
                    None => self.patch_here(else_jump),
                }
            }
            Statement::Block(b) => self.block(&b.body, completion)?,
            Statement::Empty(_) => {}
            Statement::Debugger(span) => {
                self.position(*span);
                self.emit(Opcode::Debugger, &[]);
            }
            Statement::Throw(t) => {
                self.position(t.span);
                self.expression(&t.argument)?;
                self.position(t.span);
                self.emit(Opcode::Throw, &[]);
            }
            Statement::While(w) => self.while_loop(w, Vec::new(), completion)?,
            Statement::DoWhile(d) => self.do_while(d, Vec::new(), completion)?,
            Statement::For(f) => self.for_loop(f, Vec::new(), completion)?,
            Statement::Labeled(_) => self.labelled(s, Vec::new(), completion)?,
            Statement::Break(j) => {
                self.position(j.span);
                let target = self.jump_target(j.label.map(|l| l.name), true);
                self.emit_jump_out(target, Route::Break(target));
            }
            Statement::Continue(j) => {
                self.position(j.span);
                let target = self.jump_target(j.label.map(|l| l.name), false);
                self.emit_jump_out(target, Route::Continue(target));
            }
            Statement::Try(t) => self.try_statement(t, completion)?,
            Statement::Switch(sw) => self.switch(sw, Vec::new(), completion)?,
            Statement::With(w) => self.with_statement(w, completion)?,
            Statement::ForIn(f) => self.for_in_of(
                &f.left,
                &f.right,
                &f.body,
                LoopKind::In,
                Vec::new(),
                completion,
                f.span,
            )?,
            Statement::ForOf(f) if f.is_await => self.for_in_of(
                &f.left,
                &f.right,
                &f.body,
                LoopKind::AwaitOf,
                Vec::new(),
                completion,
                f.span,
            )?,
            Statement::ForOf(f) => self.for_in_of(
                &f.left,
                &f.right,
                &f.body,
                LoopKind::Of,
                Vec::new(),
                completion,
                f.span,
            )?,
            Statement::Import(_)
            | Statement::ExportNamed(_)
            | Statement::ExportDefault(_)
            | Statement::ExportAll(_) => self.module_item(s)?,
        }
        Ok(())
    }

    /// A statement in a single-statement position (`if` branches, loop bodies). An Annex B function
    /// declaration there gets its own block scope.
    fn sub_statement(&mut self, s: &Statement, completion: Option<u32>) -> CResult<()> {
        if let Statement::FunctionDeclaration(_) = s {
            return self.block(std::slice::from_ref(s), completion);
        }
        self.statement(s, completion)
    }

    /// `with (object) body` (ECMA-262 14.11): the body runs in an object environment; every
    /// reference in it that the compiler cannot bind inside the body is looked up by name.
    fn with_statement(&mut self, w: &WithStatement, completion: Option<u32>) -> CResult<()> {
        self.expression(&w.object)?;
        let layout = ScopeLayout {
            kind: ScopeKind::With,
            names: Box::new([]),
            modes: Box::new([]),
        };
        let c = self.add_constant(Constant::Scope(std::rc::Rc::new(layout)));
        self.position(w.span);
        self.emit(Opcode::PushWithContext, &[c as i64]);
        self.contexts.push(ContextInfo { names: Vec::new() });
        self.f().context_depth += 1;
        self.f().control.push(Control::Context);
        let chain = self.contexts.len() - 1;
        self.f().scopes.push(Scope {
            bindings: Vec::new(),
            context: Some(chain),
            locals: Vec::new(),
            dynamic: true,
            switch: false,
        });
        if let Some(r) = completion {
            // UpdateEmpty(C, undefined).
            self.emit(Opcode::LdaUndefined, &[]);
            self.emit(Opcode::Star, &[r as i64]);
        }
        self.statement(&w.body, completion)?;
        self.exit_scope();
        Ok(())
    }

    /// Annex B.3.3: assign the accumulator (a block function) to the `var` of the same name in
    /// the function, the script (a global property) or a sloppy eval's variable environment.
    fn store_annex_b_var(&mut self, name: Atom) {
        match self.fs().kind {
            FunctionKind::Script => {
                let c = self.name_constant(name);
                let fb = self.feedback();
                self.emit(Opcode::StaGlobal, &[c as i64, fb]);
            }
            FunctionKind::Eval => {
                let c = self.name_constant(name);
                self.emit(Opcode::InitEvalFunction, &[c as i64]);
            }
            _ => {
                let var_scope = self.fs().var_scope;
                let b = self.fs().scopes[var_scope]
                    .bindings
                    .iter()
                    .find(|b| b.name == name)
                    .copied()
                    .expect("annex B var declared in the prologue");
                self.store_location(b.location);
            }
        }
    }

    /// A block: BlockDeclarationInstantiation (ECMA-262 14.2.3), the statements, the scope's end.
    pub(super) fn block(&mut self, body: &[Statement], completion: Option<u32>) -> CResult<()> {
        let mut declared = lexical_declarations(body);
        let mut functions = Vec::new();
        top_level_functions(body, &mut functions);
        for f in &functions {
            declared.push((f.id.expect("named").name, BindingKind::Function));
        }
        if declared.is_empty() {
            for s in body {
                self.statement(s, completion)?;
            }
            return Ok(());
        }
        let mark = self.register_mark();
        self.enter_scope(&declared, false);
        for &(name, kind) in &declared {
            if kind != BindingKind::Function {
                self.init_hole(name);
            }
        }
        for f in &functions {
            let template = self.function(f, FunctionKind::Normal, false)?;
            let c = self.add_constant(Constant::Function(template));
            self.emit(Opcode::CreateClosure, &[c as i64]);
            self.init_binding(f.id.expect("named").name);
        }
        for s in body {
            self.statement(s, completion)?;
        }
        self.exit_scope();
        self.release_to(mark);
        Ok(())
    }

    fn variable_declaration(&mut self, v: &VariableDeclaration) -> CResult<()> {
        for d in &v.declarations {
            self.position(d.span);
            match &d.init {
                Some(init) => {
                    if let Pattern::Identifier(id) = &d.id {
                        self.named_expression(init, id.name)?;
                    } else {
                        self.expression(init)?;
                    }
                }
                None if v.kind == VariableKind::Var => continue,
                None => self.emit(Opcode::LdaUndefined, &[]),
            }
            let mode = if v.kind == VariableKind::Var {
                BindMode::Assign
            } else {
                BindMode::Init
            };
            self.bind_pattern(&d.id, mode)?;
        }
        Ok(())
    }

    fn labelled(
        &mut self,
        s: &Statement,
        mut labels: Vec<Atom>,
        completion: Option<u32>,
    ) -> CResult<()> {
        let mut s = s;
        while let Statement::Labeled(l) = s {
            labels.push(l.label.name);
            s = &l.body;
        }
        match s {
            Statement::While(w) => self.while_loop(w, labels, completion),
            Statement::DoWhile(d) => self.do_while(d, labels, completion),
            Statement::For(f) => self.for_loop(f, labels, completion),
            Statement::ForIn(f) => self.for_in_of(
                &f.left,
                &f.right,
                &f.body,
                LoopKind::In,
                labels,
                completion,
                f.span,
            ),
            Statement::ForOf(f) if !f.is_await => self.for_in_of(
                &f.left,
                &f.right,
                &f.body,
                LoopKind::Of,
                labels,
                completion,
                f.span,
            ),
            Statement::ForOf(f) => self.for_in_of(
                &f.left,
                &f.right,
                &f.body,
                LoopKind::AwaitOf,
                labels,
                completion,
                f.span,
            ),
            _ => {
                self.f().control.push(Control::Breakable {
                    labels,
                    breaks: Vec::new(),
                    switch: false,
                });
                self.statement(s, completion)?;
                let Some(Control::Breakable { breaks, .. }) = self.f().control.pop() else {
                    unreachable!()
                };
                for b in breaks {
                    self.patch_here(b);
                }
                Ok(())
            }
        }
    }

    fn begin_loop(&mut self, labels: Vec<Atom>) {
        self.f().control.push(Control::Loop {
            labels,
            breaks: Vec::new(),
            continues: Vec::new(),
        });
    }

    /// Pop the loop: `continue`s go to `continue_target`, `break`s to here.
    fn end_loop_continues(&mut self, continue_target: u32) -> Vec<u32> {
        let Some(Control::Loop {
            continues, breaks, ..
        }) = self.f().control.pop()
        else {
            unreachable!()
        };
        for c in continues {
            self.f().builder.patch(c, continue_target);
        }
        breaks
    }

    fn while_loop(
        &mut self,
        w: &WhileStatement,
        labels: Vec<Atom>,
        completion: Option<u32>,
    ) -> CResult<()> {
        let top = self.offset();
        self.position(w.test.span());
        self.expression(&w.test)?;
        let exit = self.emit_jump(Opcode::JumpIfFalse);
        self.begin_loop(labels);
        self.sub_statement(&w.body, completion)?;
        // `continue` goes to the back-edge, not the top: every way around a loop passes its
        // budget check (fuel, interrupts) and counts its hotness.
        let back_edge = self.offset();
        let breaks = self.end_loop_continues(back_edge);
        self.emit(Opcode::JumpLoop, &[top as i64]);
        self.patch_here(exit);
        breaks.into_iter().for_each(|b| self.patch_here(b));
        Ok(())
    }

    fn do_while(
        &mut self,
        d: &DoWhileStatement,
        labels: Vec<Atom>,
        completion: Option<u32>,
    ) -> CResult<()> {
        let top = self.offset();
        self.begin_loop(labels);
        self.sub_statement(&d.body, completion)?;
        // `continue` goes to the test; the test must be emitted first to know its offset.
        let test = self.offset();
        let breaks = self.end_loop_continues(test);
        self.position(d.test.span());
        self.expression(&d.test)?;
        let back = self.emit_jump(Opcode::JumpIfFalse);
        self.emit(Opcode::JumpLoop, &[top as i64]);
        self.patch_here(back);
        breaks.into_iter().for_each(|b| self.patch_here(b));
        Ok(())
    }

    fn for_loop(
        &mut self,
        f: &ForStatement,
        labels: Vec<Atom>,
        completion: Option<u32>,
    ) -> CResult<()> {
        let mark = self.register_mark();
        let mut scoped = false;
        let mut per_iteration = false;
        match &f.init {
            Some(ForInit::VariableDeclaration(v)) if v.kind != VariableKind::Var => {
                let decl = lexical_declarations(std::slice::from_ref(
                    &Statement::VariableDeclaration(Box::new(VariableDeclaration {
                        span: v.span,
                        kind: v.kind,
                        declarations: Vec::new(),
                    })),
                ));
                let _ = decl;
                let kind = if v.kind == VariableKind::Const {
                    BindingKind::Const
                } else {
                    BindingKind::Let
                };
                let mut names = Vec::new();
                for d in &v.declarations {
                    super::patterns::bound_names(&d.id, &mut names);
                }
                let declared: Vec<(Atom, BindingKind)> = names.iter().map(|&n| (n, kind)).collect();
                let scope = self.enter_scope(&declared, false);
                scoped = true;
                // CreatePerIterationEnvironment (14.7.4.4) matters only when closures capture them.
                per_iteration =
                    v.kind == VariableKind::Let && self.fs().scopes[scope].context.is_some();
                for &(n, _) in &declared {
                    self.init_hole(n);
                }
                self.variable_declaration(v)?;
            }
            Some(ForInit::VariableDeclaration(v)) => self.variable_declaration(v)?,
            Some(ForInit::Expression(e)) => {
                self.position(e.span());
                self.expression(e)?;
            }
            None => {}
        }
        if per_iteration {
            self.emit(Opcode::CloneContext, &[]);
        }
        let top = self.offset();
        let exit = match &f.test {
            Some(test) => {
                self.position(test.span());
                self.expression(test)?;
                Some(self.emit_jump(Opcode::JumpIfFalse))
            }
            None => None,
        };
        self.begin_loop(labels);
        self.sub_statement(&f.body, completion)?;
        let continue_target = self.offset();
        let breaks = self.end_loop_continues(continue_target);
        if per_iteration {
            self.emit(Opcode::CloneContext, &[]);
        }
        if let Some(update) = &f.update {
            self.position(update.span());
            self.effect(update)?;
        }
        self.emit(Opcode::JumpLoop, &[top as i64]);
        if let Some(exit) = exit {
            self.patch_here(exit);
        }
        breaks.into_iter().for_each(|b| self.patch_here(b));
        if scoped {
            self.exit_scope();
        }
        self.release_to(mark);
        Ok(())
    }

    /// `for (… in …)` and `for (… of …)` (ECMA-262 14.7.5): each iteration binds the next key or
    /// value to the head, in a fresh scope for `let`/`const`.
    #[allow(clippy::too_many_arguments, reason = "the statement's parts")]
    /// `for-in`, `for-of` and `for await-of`.
    fn for_in_of(
        &mut self,
        left: &ForHead,
        right: &Expression,
        body: &Statement,
        kind: LoopKind,
        labels: Vec<Atom>,
        completion: Option<u32>,
        span: crate::syntax::Span,
    ) -> CResult<()> {
        let mark = self.register_mark();
        // The right side is evaluated with the head's lexical names in their TDZ (14.7.5.6).
        let head_names: Vec<(Atom, BindingKind)> = match left {
            ForHead::VariableDeclaration(v) if v.kind != VariableKind::Var => {
                let kind = if v.kind == VariableKind::Const {
                    BindingKind::Const
                } else {
                    BindingKind::Let
                };
                let mut names = Vec::new();
                super::patterns::bound_names(&v.declarations[0].id, &mut names);
                names.into_iter().map(|n| (n, kind)).collect()
            }
            _ => Vec::new(),
        };
        if !head_names.is_empty() {
            self.enter_scope(&head_names, false);
            for &(n, _) in &head_names {
                self.init_hole(n);
            }
        }
        self.position(right.span());
        self.expression(right)?;
        if !head_names.is_empty() {
            self.exit_scope();
        }
        if kind == LoopKind::AwaitOf && self.fs().coroutine_register.is_none() {
            return self.unsupported("top-level await", span);
        }
        let is_of = kind != LoopKind::In;
        let state = self.alloc_registers(3);
        self.position(span);
        self.emit(
            match kind {
                LoopKind::In => Opcode::ForInPrepare,
                LoopKind::Of => Opcode::GetIterator,
                LoopKind::AwaitOf => Opcode::GetAsyncIterator,
            },
            &[state as i64],
        );
        let top = self.offset();
        let exit = match kind {
            LoopKind::AwaitOf => {
                // ECMA-262 14.7.5.7 ForIn/OfBodyEvaluation with iteratorKind async: the result
                // of `next()` is awaited, then checked.
                self.emit(Opcode::AsyncIteratorNext, &[state as i64]);
                self.suspend(Opcode::Await);
                self.emit(Opcode::AsyncIteratorResult, &[0]);
                self.offset() - 4
            }
            _ => {
                let step = if is_of {
                    Opcode::IteratorStep
                } else {
                    Opcode::ForInNext
                };
                self.emit(step, &[state as i64, 0]);
                self.offset() - 4
            }
        };
        self.begin_loop(labels);
        match kind {
            LoopKind::Of => self.f().control.push(Control::Iterator(state)),
            LoopKind::AwaitOf => self.f().control.push(Control::AsyncIterator(state)),
            LoopKind::In => {}
        }
        let body_start = self.offset();
        let depth = self.fs().context_depth;
        let inner = self.register_mark();
        let value = self.alloc_register();
        self.emit(Opcode::Star, &[value as i64]);
        if !head_names.is_empty() {
            self.enter_scope(&head_names, false);
        }
        self.emit(Opcode::Ldar, &[value as i64]);
        match left {
            ForHead::VariableDeclaration(v) => {
                let mode = if v.kind == VariableKind::Var {
                    BindMode::Assign
                } else {
                    BindMode::Init
                };
                self.bind_pattern(&v.declarations[0].id, mode)?;
            }
            ForHead::Pattern(p) => self.bind_pattern(p, BindMode::Assign)?,
        }
        self.sub_statement(body, completion)?;
        if !head_names.is_empty() {
            self.exit_scope();
        }
        self.release_to(inner);
        let body_end = self.offset();
        if is_of {
            self.f().control.pop();
        }
        // `continue` goes to the back-edge (see `while_loop`).
        let back_edge = self.offset();
        let breaks = self.end_loop_continues(back_edge);
        self.emit(Opcode::JumpLoop, &[top as i64]);
        if is_of {
            // An exception in the body closes the iterator, then propagates.
            let handler = self.offset();
            self.f().handlers.push(Handler {
                start: body_start,
                end: body_end,
                handler,
                context_depth: depth,
            });
            if kind == LoopKind::AwaitOf {
                self.emit_async_iterator_close_quiet(state, depth);
            } else {
                self.emit(Opcode::IteratorCloseQuiet, &[state as i64]);
                self.emit(Opcode::Throw, &[]);
            }
        }
        self.patch_here(exit);
        // `break` closes the iterator on its way out (see `emit_jump_out`).
        breaks.into_iter().for_each(|b| self.patch_here(b));
        self.release_to(mark);
        Ok(())
    }

    /// AsyncIteratorClose (ECMA-262 7.4.13) of iterator `r` for a normal completion (a `break` or
    /// `return` leaving a for-await loop): call `return`, await and check its result; acc is kept.
    pub(super) fn emit_async_iterator_close(&mut self, r: u32) {
        let mark = self.register_mark();
        let saved = self.alloc_register();
        self.emit(Opcode::Star, &[saved as i64]);
        self.emit(Opcode::IteratorReturnCall, &[r as i64, 0]);
        let skip = self.offset() - 4;
        self.suspend(Opcode::Await);
        self.emit(Opcode::ThrowIfNotObject, &[]);
        self.patch_here(skip);
        self.emit(Opcode::Ldar, &[saved as i64]);
        self.release_to(mark);
    }

    /// AsyncIteratorClose for a throw completion (the exception in acc leaving a for-await body):
    /// call `return` and await it, ignoring what either does, then rethrow.
    fn emit_async_iterator_close_quiet(&mut self, r: u32, depth: u32) {
        let mark = self.register_mark();
        let exception = self.alloc_register();
        self.emit(Opcode::Star, &[exception as i64]);
        let start = self.offset();
        self.emit(Opcode::IteratorReturnCall, &[r as i64, 0]);
        let skip = self.offset() - 4;
        self.suspend(Opcode::Await);
        let end = self.offset();
        self.patch_here(skip);
        self.f().handlers.push(Handler {
            start,
            end,
            handler: end,
            context_depth: depth,
        });
        self.emit(Opcode::Ldar, &[exception as i64]);
        self.emit(Opcode::Throw, &[]);
        self.release_to(mark);
    }

    fn switch(
        &mut self,
        sw: &SwitchStatement,
        labels: Vec<Atom>,
        completion: Option<u32>,
    ) -> CResult<()> {
        let mark = self.register_mark();
        self.position(sw.discriminant.span());
        self.expression(&sw.discriminant)?;
        let discriminant = self.alloc_register();
        self.emit(Opcode::Star, &[discriminant as i64]);
        let mut declared = Vec::new();
        for c in &sw.cases {
            declared.extend(lexical_declarations(&c.consequent));
            let mut functions = Vec::new();
            top_level_functions(&c.consequent, &mut functions);
            declared.extend(
                functions
                    .iter()
                    .map(|f| (f.id.expect("named").name, BindingKind::Function)),
            );
        }
        let scoped = !declared.is_empty();
        if scoped {
            self.enter_scope(&declared, false);
            self.f().scopes.last_mut().expect("scope").switch = true;
            for &(name, kind) in &declared {
                if kind != BindingKind::Function {
                    self.init_hole(name);
                }
            }
            for c in &sw.cases {
                let mut functions = Vec::new();
                top_level_functions(&c.consequent, &mut functions);
                for f in functions {
                    let template = self.function(f, FunctionKind::Normal, false)?;
                    let k = self.add_constant(Constant::Function(template));
                    self.emit(Opcode::CreateClosure, &[k as i64]);
                    self.init_binding(f.id.expect("named").name);
                }
            }
        }
        // The tests, in order; then the bodies, falling through.
        let mut case_jumps = Vec::new();
        for c in &sw.cases {
            if let Some(test) = &c.test {
                self.position(test.span());
                self.expression(test)?;
                let fb = self.feedback();
                self.emit(Opcode::StrictEq, &[discriminant as i64, fb]);
                case_jumps.push(Some(self.emit_jump(Opcode::JumpIfTrue)));
            } else {
                case_jumps.push(None);
            }
        }
        let to_default = self.emit_jump(Opcode::Jump);
        self.f().control.push(Control::Breakable {
            labels,
            breaks: Vec::new(),
            switch: true,
        });
        let mut default_patched = false;
        for (c, jump) in sw.cases.iter().zip(case_jumps) {
            match jump {
                Some(j) => self.patch_here(j),
                None => {
                    self.patch_here(to_default);
                    default_patched = true;
                }
            }
            for s in &c.consequent {
                self.statement(s, completion)?;
            }
        }
        let Some(Control::Breakable { breaks, .. }) = self.f().control.pop() else {
            unreachable!()
        };
        if !default_patched {
            self.patch_here(to_default);
        }
        breaks.into_iter().for_each(|b| self.patch_here(b));
        if scoped {
            self.exit_scope();
        }
        self.release_to(mark);
        Ok(())
    }

    fn try_statement(&mut self, t: &TryStatement, completion: Option<u32>) -> CResult<()> {
        let Some(finalizer) = &t.finalizer else {
            return self.try_catch(t, completion);
        };
        let mark = self.register_mark();
        let token = self.alloc_register();
        let value = self.alloc_register();
        let depth = self.fs().context_depth;
        self.f()
            .control
            .push(Control::Finally(Box::new(FinallyInfo {
                token,
                value,
                entries: Vec::new(),
                routes: Vec::new(),
            })));
        let start = self.offset();
        self.try_catch(t, completion)?;
        let end = self.offset();
        self.emit(Opcode::LdaSmi, &[TOKEN_NORMAL as i64]);
        self.emit(Opcode::Star, &[token as i64]);
        let normal = self.emit_jump(Opcode::Jump);
        let handler = self.offset();
        self.f().handlers.push(Handler {
            start,
            end,
            handler,
            context_depth: depth,
        });
        self.emit(Opcode::Star, &[value as i64]);
        self.emit(Opcode::LdaSmi, &[TOKEN_THROW as i64]);
        self.emit(Opcode::Star, &[token as i64]);
        let Some(Control::Finally(info)) = self.f().control.pop() else {
            unreachable!()
        };
        let finally_start = self.offset();
        self.f().builder.patch(normal, finally_start);
        for e in &info.entries {
            self.f().builder.patch(*e, finally_start);
        }
        self.block(&finalizer.body, None)?;
        // Dispatch on the completion token.
        let mut cases = Vec::new();
        for &(tok, route) in &info.routes {
            self.emit(Opcode::LdaSmi, &[tok as i64]);
            let fb = self.feedback();
            self.emit(Opcode::StrictEq, &[token as i64, fb]);
            cases.push((self.emit_jump(Opcode::JumpIfTrue), Some(route)));
        }
        self.emit(Opcode::LdaSmi, &[TOKEN_THROW as i64]);
        let fb = self.feedback();
        self.emit(Opcode::StrictEq, &[token as i64, fb]);
        cases.push((self.emit_jump(Opcode::JumpIfTrue), None));
        let done = self.emit_jump(Opcode::Jump);
        for (jump, route) in cases {
            self.patch_here(jump);
            match route {
                None => {
                    self.emit(Opcode::Ldar, &[value as i64]);
                    self.emit(Opcode::Throw, &[]);
                }
                Some(Route::Return) => {
                    self.emit(Opcode::Ldar, &[value as i64]);
                    self.emit_return();
                }
                Some(route @ (Route::Break(target) | Route::Continue(target))) => {
                    self.emit_jump_out(target, route)
                }
            }
        }
        self.patch_here(done);
        self.release_to(mark);
        Ok(())
    }

    fn try_catch(&mut self, t: &TryStatement, completion: Option<u32>) -> CResult<()> {
        let Some(handler) = &t.handler else {
            return self.block(&t.block.body, completion);
        };
        let depth = self.fs().context_depth;
        let start = self.offset();
        self.block(&t.block.body, completion)?;
        let end = self.offset();
        let done = self.emit_jump(Opcode::Jump);
        let target = self.offset();
        self.f().handlers.push(Handler {
            start,
            end,
            handler: target,
            context_depth: depth,
        });
        let mark = self.register_mark();
        match &handler.param {
            Some(param) => {
                let mut names = Vec::new();
                super::patterns::bound_names(param, &mut names);
                let declared: Vec<(Atom, BindingKind)> =
                    names.iter().map(|&n| (n, BindingKind::Let)).collect();
                let exception = self.alloc_register();
                self.emit(Opcode::Star, &[exception as i64]);
                self.enter_scope(&declared, false);
                self.emit(Opcode::Ldar, &[exception as i64]);
                self.bind_pattern(param, BindMode::Init)?;
                self.block(&handler.body.body, completion)?;
                self.exit_scope();
            }
            None => self.block(&handler.body.body, completion)?,
        }
        self.release_to(mark);
        self.patch_here(done);
        Ok(())
    }

    /// The control-stack index a `break`/`continue` (with an optional label) goes to. The parser has
    /// checked that one exists.
    fn jump_target(&self, label: Option<Atom>, is_break: bool) -> usize {
        let control = &self.fs().control;
        for (i, c) in control.iter().enumerate().rev() {
            match (c, label) {
                (Control::Loop { .. }, None) => return i,
                (Control::Breakable { switch: true, .. }, None) if is_break => return i,
                (Control::Loop { labels, .. }, Some(l)) if labels.contains(&l) => return i,
                (Control::Breakable { labels, .. }, Some(l)) if labels.contains(&l) => return i,
                _ => {}
            }
        }
        unreachable!("the parser checks jump targets")
    }

    /// Jump to the control entry `target`, popping contexts and running finally blocks on the way.
    fn emit_jump_out(&mut self, target: usize, route: Route) {
        let len = self.fs().control.len();
        for i in (target + 1..len).rev() {
            match &self.fs().control[i] {
                Control::Context => self.emit(Opcode::PopContext, &[]),
                // `continue` of the for-of loop itself keeps iterating.
                &Control::Iterator(r) if route != Route::Continue(i - 1) => {
                    self.emit(Opcode::IteratorClose, &[r as i64]);
                }
                &Control::AsyncIterator(r) if route != Route::Continue(i - 1) => {
                    self.emit_async_iterator_close(r);
                }
                Control::Finally(_) => {
                    let Control::Finally(info) = &mut self.f().control[i] else {
                        unreachable!()
                    };
                    let token = 3 + info.routes.len() as i32;
                    info.routes.push((token, route));
                    let token_register = info.token;
                    self.emit(Opcode::LdaSmi, &[token as i64]);
                    self.emit(Opcode::Star, &[token_register as i64]);
                    let at = self.emit_jump(Opcode::Jump);
                    let Control::Finally(info) = &mut self.f().control[i] else {
                        unreachable!()
                    };
                    info.entries.push(at);
                    return;
                }
                _ => {}
            }
        }
        let at = self.emit_jump(Opcode::Jump);
        match &mut self.f().control[target] {
            Control::Loop {
                breaks, continues, ..
            } => {
                if matches!(route, Route::Continue(_)) {
                    continues.push(at)
                } else {
                    breaks.push(at)
                }
            }
            Control::Breakable { breaks, .. } => breaks.push(at),
            _ => unreachable!("jump targets are loops or breakables"),
        }
    }

    /// `return acc`, running enclosing finally blocks first.
    pub(super) fn emit_return(&mut self) {
        let len = self.fs().control.len();
        for i in (0..len).rev() {
            if let Control::Iterator(r) = self.fs().control[i] {
                let mark = self.register_mark();
                let value = self.alloc_register();
                self.emit(Opcode::Star, &[value as i64]);
                self.emit(Opcode::IteratorClose, &[r as i64]);
                self.emit(Opcode::Ldar, &[value as i64]);
                self.release_to(mark);
                continue;
            }
            if let Control::AsyncIterator(r) = self.fs().control[i] {
                self.emit_async_iterator_close(r);
                continue;
            }
            if let Control::Finally(info) = &mut self.f().control[i] {
                info.routes.push((TOKEN_RETURN, Route::Return));
                let (token, value) = (info.token, info.value);
                self.emit(Opcode::Star, &[value as i64]);
                self.emit(Opcode::LdaSmi, &[TOKEN_RETURN as i64]);
                self.emit(Opcode::Star, &[token as i64]);
                let at = self.emit_jump(Opcode::Jump);
                let Control::Finally(info) = &mut self.f().control[i] else {
                    unreachable!()
                };
                info.entries.push(at);
                info.routes.dedup();
                return;
            }
        }
        self.emit_final_return();
    }
}

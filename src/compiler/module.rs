//! Module code (ECMA-262 16.2): ParseModule's static part (the requested modules and the
//! import and export entries) and the module's bytecode.
//!
//! Every top-level binding of a module (its `var`s, functions, `let`/`const`/`class`, imports,
//! `*default*` and the hidden `import.meta` slot) lives in one heap context, the module's
//! Environment Record, which the VM creates in InitializeEnvironment; that is how
//! other modules and namespace objects reach them. An import slot holds an `ImportBinding` object
//! (the exporter's module and slot, read by `LdaImport`: a live binding) or, for a namespace
//! import, the namespace object itself.
//!
//! The template has two entry points: from 0 it runs the part of InitializeEnvironment that needs
//! code (`var`s to undefined, hoisted functions created) and returns; from `body_start` it runs the
//! module body (ExecuteModule). Both run with the module context as the frame's context.

use super::{captures, BindingKind, CResult, Compiler, ContextInfo, Location, Scope};
use crate::bytecode::{Constant, FunctionKind, FunctionTemplate, Opcode, ScopeKind, ScopeLayout};
use crate::runtime::Heap;
use crate::syntax::ast::*;
use crate::syntax::atom::{self, Atom};
use crate::syntax::Parsed;
use std::rc::Rc;

/// The synthetic name of the binding `export default <expression>` and anonymous default
/// functions and classes initialize (`*default*` in ECMA-262).
pub(super) const DEFAULT_BINDING: Atom = Atom(u32::MAX / 2);
/// The hidden binding holding the module's `import.meta` object.
pub(super) const META_BINDING: Atom = Atom(u32::MAX / 2 + 1);

/// A ModuleRequest Record (ECMA-262): a specifier and its import attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleRequest {
    pub specifier: String,
    /// (key, value) pairs in source order.
    pub attributes: Vec<(String, String)>,
}

/// What an import or indirect export takes from the other module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportName {
    Name(String),
    /// `import * as ns` or `export * as ns`: the module's namespace object.
    Namespace,
}

/// An ImportEntry Record, with the slot of its local binding.
#[derive(Clone, Debug)]
pub struct ImportEntry {
    /// Index into `requests`.
    pub request: usize,
    pub import_name: ImportName,
    pub slot: u32,
}

/// The static part of a Source Text Module Record and the module's code.
pub struct CompiledModule {
    pub template: Rc<FunctionTemplate>,
    /// Where the module body starts (before it: InitializeEnvironment's code).
    pub body_start: u32,
    /// The module environment's slots.
    pub layout: Rc<ScopeLayout>,
    /// The slot of the `import.meta` object.
    pub meta_slot: u32,
    /// [[RequestedModules]], in source order, each (specifier, attributes) once.
    pub requests: Vec<ModuleRequest>,
    pub imports: Vec<ImportEntry>,
    /// [[LocalExportEntries]]: export name → slot.
    pub local_exports: Vec<(String, u32)>,
    /// [[IndirectExportEntries]]: export name, request, what it re-exports.
    pub indirect_exports: Vec<(String, usize, ImportName)>,
    /// [[StarExportEntries]]: the requests of `export * from`.
    pub star_exports: Vec<usize>,
    /// [[HasTLA]]: the body awaits at the top level (it is then compiled as an async body).
    pub has_tla: bool,
}

/// Compile a parsed module (Module goal).
pub fn compile_module(
    parsed: &Parsed,
    source: Rc<crate::bytecode::Source>,
    heap: &mut Heap,
) -> Result<CompiledModule, super::CompileError> {
    Compiler::new(parsed, source, heap, None).module(&parsed.program)
}

impl<'a> Compiler<'a> {
    /// The text of an export or import name (well-formed: the parser checks string names).
    fn export_name(&self, name: &ModuleExportName) -> String {
        match name {
            ModuleExportName::Identifier(id) => self.interner.get(id.name).to_string(),
            ModuleExportName::String(lit) => literal_text(lit),
        }
    }

    fn module(&mut self, program: &Program) -> CResult<CompiledModule> {
        let default_name = self.heap.intern("*default*");
        self.atoms.insert(DEFAULT_BINDING, default_name);
        let meta_name = self.heap.intern("*meta*");
        self.atoms.insert(META_BINDING, meta_name);

        // The module environment: every top-level binding, in one context.
        let mut declared: Vec<(Atom, BindingKind)> = Vec::new();
        let add =
            |declared: &mut Vec<(Atom, BindingKind)>, name: Atom, kind: BindingKind| match declared
                .iter_mut()
                .find(|d| d.0 == name)
            {
                Some(d) if kind == BindingKind::Function => d.1 = kind,
                Some(_) => {}
                None => declared.push((name, kind)),
            };
        let mut vars = Vec::new();
        super::statements::var_declared_names(&program.body, &mut vars, true);
        for &v in &vars {
            add(&mut declared, v, BindingKind::Var);
        }
        // Hoisted functions: (the declaration, its binding).
        let mut functions: Vec<(&Function, Atom)> = Vec::new();
        let mut requests: Vec<ModuleRequest> = Vec::new();
        let mut import_specs: Vec<(Atom, usize, ImportName)> = Vec::new();
        for s in &program.body {
            let s = match s {
                Statement::ExportNamed(e) => match &e.declaration {
                    Some(d) => d,
                    None => {
                        if let Some(source) = &e.source {
                            self.request(&mut requests, source, &e.attributes);
                        }
                        continue;
                    }
                },
                s => s,
            };
            match s {
                Statement::FunctionDeclaration(f) => {
                    let name = f.id.expect("declarations are named").name;
                    add(&mut declared, name, BindingKind::Function);
                    functions.push((f, name));
                }
                Statement::ClassDeclaration(_) | Statement::VariableDeclaration(_) => {
                    let lexical = super::statements::lexical_declarations(std::slice::from_ref(s));
                    for (n, kind) in lexical {
                        add(&mut declared, n, kind);
                    }
                }
                Statement::ExportDefault(e) => match &e.declaration {
                    ExportDefaultKind::Function(f) => {
                        let name = f.id.map_or(DEFAULT_BINDING, |id| id.name);
                        add(&mut declared, name, BindingKind::Function);
                        functions.push((f, name));
                    }
                    ExportDefaultKind::Class(c) => {
                        let name = c.id.map_or(DEFAULT_BINDING, |id| id.name);
                        add(&mut declared, name, BindingKind::Class);
                    }
                    ExportDefaultKind::Expression(_) => {
                        add(&mut declared, DEFAULT_BINDING, BindingKind::Let)
                    }
                },
                Statement::Import(i) => {
                    let request = self.request(&mut requests, &i.source, &i.attributes);
                    for spec in &i.specifiers {
                        let (local, name, kind) = match spec {
                            ImportSpecifier::Default { local, .. } => (
                                local.name,
                                ImportName::Name("default".into()),
                                BindingKind::Import,
                            ),
                            ImportSpecifier::Namespace { local, .. } => {
                                (local.name, ImportName::Namespace, BindingKind::Const)
                            }
                            ImportSpecifier::Named {
                                imported, local, ..
                            } => (
                                local.name,
                                ImportName::Name(self.export_name(imported)),
                                BindingKind::Import,
                            ),
                        };
                        add(&mut declared, local, kind);
                        import_specs.push((local, request, name));
                    }
                }
                Statement::ExportAll(e) => {
                    self.request(&mut requests, &e.source, &e.attributes);
                }
                _ => {}
            }
        }
        add(&mut declared, META_BINDING, BindingKind::Const);

        // What must live in the module environment: what other modules or namespaces read (imports
        // are written by the VM, exports are read through it), what nested functions capture
        // (functions and `import.meta` too, for simplicity). The rest lives in registers of the
        // body's frame, like a function's locals.
        let mut exported: Vec<Atom> = Vec::new();
        for s in &program.body {
            match s {
                Statement::ExportNamed(e) => match &e.declaration {
                    Some(d) => exported.extend(declared_names(d)),
                    None if e.source.is_none() => {
                        for spec in &e.specifiers {
                            if let ModuleExportName::Identifier(id) = &spec.local {
                                exported.push(id.name);
                            }
                        }
                    }
                    None => {}
                },
                Statement::ExportDefault(e) => exported.push(match &e.declaration {
                    ExportDefaultKind::Function(f) => f.id.map_or(DEFAULT_BINDING, |i| i.name),
                    ExportDefaultKind::Class(c) => c.id.map_or(DEFAULT_BINDING, |i| i.name),
                    ExportDefaultKind::Expression(_) => DEFAULT_BINDING,
                }),
                _ => {}
            }
        }
        let in_context = |c: &Compiler, name: Atom, kind: BindingKind| {
            matches!(kind, BindingKind::Import | BindingKind::Function)
                || name == META_BINDING
                || import_specs.iter().any(|i| i.0 == name)
                || exported.contains(&name)
                || c.captures.is_captured(captures::SCRIPT, name)
        };
        let names: Vec<Atom> = declared
            .iter()
            .filter(|d| in_context(self, d.0, d.1))
            .map(|d| d.0)
            .collect();
        let layout = Rc::new(ScopeLayout {
            kind: ScopeKind::Function,
            names: names.iter().map(|&n| self.atom(n)).collect(),
            modes: declared
                .iter()
                .filter(|d| in_context(self, d.0, d.1))
                .map(|&(n, k)| {
                    if n == DEFAULT_BINDING || n == META_BINDING {
                        crate::bytecode::SlotMode::Hidden
                    } else {
                        super::slot_mode(k)
                    }
                })
                .collect(),
        });
        let slot_of = |name: Atom| names.iter().position(|&n| n == name).expect("slot") as u32;

        // The module context is the frame's context when either entry point runs (like a
        // closure's), so it is outside the function's own context count.
        self.contexts.push(ContextInfo {
            names: names.clone(),
        });
        self.begin_function(FunctionKind::Script, true, captures::SCRIPT);
        let mut bindings = Vec::new();
        let mut registers = Vec::new();
        for &(name, kind) in &declared {
            let location = if names.contains(&name) {
                Location::Context {
                    chain: 0,
                    slot: slot_of(name),
                }
            } else {
                let r = self.alloc_register();
                let s = self.atom(name);
                self.f().locals.push(crate::bytecode::LocalInfo {
                    name: s,
                    register: r,
                    lexical: kind.is_lexical(),
                    start: 0,
                    end: u32::MAX,
                });
                registers.push((name, kind, r));
                Location::Register(r)
            };
            bindings.push(super::Binding {
                name,
                kind,
                location,
                // Filled in before any code runs: namespace imports and import.meta.
                initialized: kind == BindingKind::Const
                    && (name == META_BINDING || import_specs.iter().any(|(l, _, _)| *l == name)),
                param_tdz: false,
            });
        }
        self.f().scopes.push(Scope {
            bindings,
            context: None,
            locals: Vec::new(),
            dynamic: false,
            switch: false,
        });

        // InitializeEnvironment steps 21-24: `var`s start undefined, functions are
        // created whole. Imports are bound by the VM; lexical bindings start as holes.
        for &v in &vars {
            if names.contains(&v) && !functions.iter().any(|f| f.1 == v) {
                self.emit(Opcode::LdaUndefined, &[]);
                self.store_location(Location::Context {
                    chain: 0,
                    slot: slot_of(v),
                });
            }
        }
        for &(f, name) in &functions {
            let mut template = self.function(f, FunctionKind::Normal, false)?;
            if f.id.is_none() {
                // `export default function () {}` is named "default".
                let s = self.atom(atom::DEFAULT);
                if let Some(t) = Rc::get_mut(&mut template) {
                    t.name = Some(s);
                }
            }
            let c = self.add_constant(Constant::Function(template));
            self.emit(Opcode::CreateClosure, &[c as i64]);
            self.store_location(Location::Context {
                chain: 0,
                slot: slot_of(name),
            });
        }
        self.emit(Opcode::LdaUndefined, &[]);
        self.emit(Opcode::Return, &[]);

        // ExecuteModule: the body. Its bindings in registers start undefined (a new frame's
        // registers are) or, if lexical, in the TDZ.
        let body_start = self.offset();
        // Top-level await (16.2.1.6.1.3.2 ExecuteAsyncModule): a body that awaits runs as an async
        // function body. Whether it does is known once it is compiled, so its first instruction
        // is a placeholder of `CreateAsyncFunction`'s size, patched into it then.
        let tla_register = self.alloc_register();
        self.f().coroutine_register = Some(tla_register);
        self.emit(Opcode::Star, &[tla_register as i64]);
        let after_placeholder = self.offset();
        for &(_, kind, r) in &registers {
            if kind.is_lexical() {
                self.emit(Opcode::LdaHole, &[]);
                self.emit(Opcode::Star, &[r as i64]);
            }
        }
        for s in &program.body {
            self.statement(s, None)?;
        }
        let has_tla = self.fs().suspends;
        if has_tla {
            self.patch_opcode(body_start, Opcode::CreateAsyncFunction);
            let f = self.f();
            f.coroutine = Some(crate::bytecode::CoroutineKind::Async);
            f.async_body_start = after_placeholder;
        }
        self.emit(Opcode::LdaUndefined, &[]);
        self.emit_final_return();
        let template = self.end_function(None, 0, 0, program.span, None, None);
        self.contexts.clear();

        // The entries (ParseModule steps 4-10).
        let imports: Vec<ImportEntry> = import_specs
            .iter()
            .map(|(local, request, name)| ImportEntry {
                request: *request,
                import_name: name.clone(),
                slot: slot_of(*local),
            })
            .collect();
        let mut local_exports = Vec::new();
        let mut indirect_exports = Vec::new();
        let mut star_exports = Vec::new();
        for s in &program.body {
            match s {
                Statement::ExportNamed(e) => {
                    if let Some(d) = &e.declaration {
                        for name in declared_names(d) {
                            let text = self.interner.get(name).to_string();
                            local_exports.push((text, slot_of(name)));
                        }
                        continue;
                    }
                    let request = e
                        .source
                        .as_ref()
                        .map(|source| self.request(&mut requests, source, &e.attributes));
                    for spec in &e.specifiers {
                        let exported = self.export_name(&spec.exported);
                        if let Some(request) = request {
                            // `export { a as b } from "m"`
                            let name = self.export_name(&spec.local);
                            indirect_exports.push((exported, request, ImportName::Name(name)));
                            continue;
                        }
                        let ModuleExportName::Identifier(local) = &spec.local else {
                            return self
                                .unsupported("a string export name without from", spec.span);
                        };
                        match import_specs.iter().find(|i| i.0 == local.name) {
                            // Re-exporting an imported binding or namespace (ParseModule step
                            // 10.a.ii): an indirect export, so that it resolves to the same
                            // binding as the exporter's own.
                            Some((_, request, import)) => {
                                indirect_exports.push((exported, *request, import.clone()));
                            }
                            _ => match names.iter().position(|&n| n == local.name) {
                                Some(slot) => local_exports.push((exported, slot as u32)),
                                None => {
                                    let n = self.interner.get(local.name).to_string();
                                    return Err(super::CompileError {
                                        message: format!("Export '{n}' is not defined in module"),
                                        span: local.span,
                                    });
                                }
                            },
                        }
                    }
                }
                Statement::ExportDefault(e) => {
                    let name = match &e.declaration {
                        ExportDefaultKind::Function(f) => f.id.map_or(DEFAULT_BINDING, |i| i.name),
                        ExportDefaultKind::Class(c) => c.id.map_or(DEFAULT_BINDING, |i| i.name),
                        ExportDefaultKind::Expression(_) => DEFAULT_BINDING,
                    };
                    local_exports.push(("default".into(), slot_of(name)));
                }
                Statement::ExportAll(e) => {
                    let request = self.request(&mut requests, &e.source, &e.attributes);
                    match &e.exported {
                        Some(name) => {
                            let exported = self.export_name(name);
                            indirect_exports.push((exported, request, ImportName::Namespace));
                        }
                        None => star_exports.push(request),
                    }
                }
                _ => {}
            }
        }
        Ok(CompiledModule {
            template,
            body_start,
            layout,
            meta_slot: slot_of(META_BINDING),
            requests,
            imports,
            local_exports,
            indirect_exports,
            star_exports,
            has_tla,
        })
    }

    /// The index of a module request, adding it the first time (ModuleRequestsEqual).
    fn request(
        &mut self,
        requests: &mut Vec<ModuleRequest>,
        source: &Literal,
        attributes: &[ImportAttribute],
    ) -> usize {
        let request = ModuleRequest {
            specifier: literal_text(source),
            attributes: attributes
                .iter()
                .map(|a| (self.export_name(&a.key), literal_text(&a.value)))
                .collect(),
        };
        if let Some(i) = requests.iter().position(|r| same_request(r, &request)) {
            return i;
        }
        requests.push(request);
        requests.len() - 1
    }

    /// The module items the statement compiler meets (ExecuteModule): imports and
    /// `export … from` do nothing at run time, declarations run as usual, and `export default`
    /// initializes its binding.
    pub(super) fn module_item(&mut self, s: &Statement) -> CResult<()> {
        match s {
            Statement::ExportNamed(e) => {
                if let Some(d) = &e.declaration {
                    self.statement(d, None)?;
                }
            }
            Statement::ExportDefault(e) => match &e.declaration {
                ExportDefaultKind::Function(_) => {}
                ExportDefaultKind::Class(c) => {
                    self.position(c.span);
                    let name = c.id.map(|id| id.name);
                    self.class(
                        c,
                        if name.is_none() {
                            Some(atom::DEFAULT)
                        } else {
                            None
                        },
                    )?;
                    self.init_binding(name.unwrap_or(DEFAULT_BINDING));
                }
                ExportDefaultKind::Expression(expr) => {
                    self.position(expr.span());
                    // ECMA-262 `export default` evaluation: an anonymous function definition is named "default".
                    self.named_expression(expr, atom::DEFAULT)?;
                    self.init_binding(DEFAULT_BINDING);
                }
            },
            _ => {}
        }
        Ok(())
    }

    /// `import.meta`: the module's hidden binding.
    pub(super) fn import_meta(&mut self, span: crate::syntax::Span) -> CResult<()> {
        match self.resolve_kind(META_BINDING, |_| true) {
            Some(b) => {
                self.load_location(b.location);
                Ok(())
            }
            None => self.unsupported("import.meta outside a module", span),
        }
    }
}

/// ModuleRequestsEqual: the same specifier and the same attributes in any order.
fn same_request(a: &ModuleRequest, b: &ModuleRequest) -> bool {
    a.specifier == b.specifier
        && a.attributes.len() == b.attributes.len()
        && a.attributes.iter().all(|x| b.attributes.contains(x))
}

/// A string literal's text (lone surrogates become U+FFFD: such a specifier resolves to nothing).
fn literal_text(lit: &Literal) -> String {
    match &lit.value {
        LiteralValue::String(s) => String::from_utf16_lossy(s),
        _ => String::new(),
    }
}

/// The names a declaration binds (`export var/let/const/function/class`).
fn declared_names(s: &Statement) -> Vec<Atom> {
    let mut out = Vec::new();
    match s {
        Statement::VariableDeclaration(v) => {
            for d in &v.declarations {
                super::patterns::bound_names(&d.id, &mut out);
            }
        }
        Statement::FunctionDeclaration(f) => out.extend(f.id.map(|i| i.name)),
        Statement::ClassDeclaration(c) => out.extend(c.id.map(|i| i.name)),
        _ => {}
    }
    out
}

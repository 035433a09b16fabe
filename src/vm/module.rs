//! Module records and the module graph (ECMA-262 16.2.1): loading (LoadRequestedModules with the
//! host's `ModuleLoader`), linking (Link, InnerModuleLinking, InitializeEnvironment,
//! ResolveExport, GetExportedNames), evaluation (Evaluate, InnerModuleEvaluation), reading import
//! bindings, and JSON modules. Namespace objects are in `namespace.rs`.
//!
//! Records live in `Vm::modules` for the engine's lifetime (like realms, they are roots) and are
//! named by index (`ModuleId`). A Source Text Module Record's static part (ParseModule's entries and
//! the code) comes from `compiler::module`; its environment is a heap context whose import slots
//! hold `ImportBinding` objects naming the exporter's (module, slot), so an importer reads the
//! exporter's binding itself — a live binding, in the TDZ until the exporter initializes it.
//!
//! Loading is synchronous: the host loads and parses the whole graph before linking.
//!
//! - Top-level await. A module body that awaits is compiled as an async function body
//!   (`CompiledModule::has_tla`); `execute_async_module` (ExecuteAsyncModule) runs it until its
//!   first suspension and chains AsyncModuleExecutionFulfilled/Rejected on its promise, which run
//!   the importers waiting on it (GatherAvailableAncestors over `async_parent_modules`, in
//!   [[AsyncEvaluation]] order). `evaluate_promise` is Evaluate() with its [[TopLevelCapability]];
//!   `evaluate` is the embedder's view of it (an error known at once is an `Err`).
//! - Dynamic import. `import(x, options)` compiles to `ImportCall`; `dynamic_import` builds the
//!   request (`import_call_request`), loads the module for the running module or script, and
//!   settles its promise as ContinueDynamicImport does: one tick for the load promise, then link,
//!   `evaluate_promise`, and the namespace once that settles.

use super::realm::ErrorKind;
use super::{FrameStart, JsResult, Throw, Vm};
use crate::compiler::module::{CompiledModule, ImportName, ModuleRequest};
use crate::host::modules::ModuleLoader;
use crate::runtime::heap::{Context, ContextRef, Marker};
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::value::ObjectRef;
use crate::runtime::Value;
use std::collections::HashMap;
use std::rc::Rc;

/// A module record's index in `Vm::modules`.
pub type ModuleId = u32;

/// [[Status]] of a Cyclic Module Record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    New,
    Unlinked,
    Linking,
    Linked,
    Evaluating,
    EvaluatingAsync,
    Evaluated,
}

/// What kind of module a record is.
pub enum Body {
    /// A Source Text Module Record.
    Source(Box<CompiledModule>),
    /// A JSON module (ParseJSONModule): a Synthetic Module Record whose only export, "default",
    /// is the parsed value.
    Json(Value),
}

/// ResolvedBinding Record: a binding of a module, or its namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Binding { module: ModuleId, slot: u32 },
    Namespace(ModuleId),
}

/// ResolveExport's result: a binding, null (not found or a circular request), or ambiguous.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    Found(Resolution),
    Null,
    Ambiguous,
}

pub struct ModuleRecord {
    /// The host's name for the module (the loader's resolved key; a file path for the CLI).
    pub key: String,
    /// [[Realm]].
    pub realm: u32,
    pub body: Body,
    /// [[Environment]].
    pub environment: Option<ContextRef>,
    /// [[Namespace]], and its export names (sorted) with their resolutions.
    pub namespace: Option<ObjectRef>,
    pub namespace_exports: Vec<(PropertyKey, Resolution)>,
    pub status: Status,
    /// [[EvaluationError]].
    pub evaluation_error: Option<Value>,
    pub dfs_index: u32,
    pub dfs_ancestor_index: u32,
    /// [[LoadedModules]]: the module each request (by index) resolved to.
    pub loaded: Vec<Option<ModuleId>>,
    /// [[CycleRoot]].
    pub cycle_root: Option<ModuleId>,
    /// [[HasTLA]].
    pub has_tla: bool,
    /// [[AsyncEvaluation]]: the order in which it became true (None: false).
    pub async_evaluation: Option<u64>,
    /// [[PendingAsyncDependencies]].
    pub pending_async_dependencies: u32,
    /// [[AsyncParentModules]].
    pub async_parent_modules: Vec<ModuleId>,
    /// [[TopLevelCapability]]: the promise Evaluate() returned for this entry point.
    pub top_level_capability: Option<ObjectRef>,
}

impl ModuleRecord {
    fn source(&self) -> Option<&CompiledModule> {
        match &self.body {
            Body::Source(c) => Some(c),
            Body::Json(_) => None,
        }
    }

    fn requests(&self) -> &[ModuleRequest] {
        self.source().map_or(&[], |c| &c.requests)
    }
}

/// The module graph of an engine: every record, the host's module map and the loader.
#[derive(Default)]
pub struct Modules {
    pub records: Vec<ModuleRecord>,
    /// (key, JSON?) → record: a module is loaded once per engine.
    map: HashMap<(String, bool), ModuleId>,
    pub loader: Option<Box<dyn ModuleLoader>>,
    async_evaluation_count: u64,
}

impl Modules {
    /// Module records are GC roots: their environments, namespaces, errors, JSON values and code.
    pub fn trace(&self, m: &mut Marker) {
        for r in &self.records {
            if let Some(c) = r.environment {
                m.context(c);
            }
            if let Some(o) = r.namespace {
                m.value(Value::object(o));
            }
            if let Some(e) = r.evaluation_error {
                m.value(e);
            }
            if let Some(p) = r.top_level_capability {
                m.value(Value::object(p));
            }
            match &r.body {
                Body::Source(c) => m.template(&c.template),
                Body::Json(v) => m.value(*v),
            }
        }
    }
}

impl Vm {
    pub(crate) fn module(&self, m: ModuleId) -> &ModuleRecord {
        &self.modules.records[m as usize]
    }

    pub(crate) fn module_mut(&mut self, m: ModuleId) -> &mut ModuleRecord {
        &mut self.modules.records[m as usize]
    }

    /// Set the host's module loader.
    pub fn set_module_loader(&mut self, loader: Box<dyn ModuleLoader>) {
        self.modules.loader = Some(loader);
    }

    fn new_record(&mut self, key: String, body: Body) -> ModuleId {
        let (requests, has_tla) = match &body {
            Body::Source(c) => (c.requests.len(), c.has_tla),
            Body::Json(_) => (0, false),
        };
        let id = self.modules.records.len() as ModuleId;
        self.modules.records.push(ModuleRecord {
            key,
            realm: self.realm_id,
            body,
            environment: None,
            namespace: None,
            namespace_exports: Vec::new(),
            status: Status::New,
            evaluation_error: None,
            dfs_index: 0,
            dfs_ancestor_index: 0,
            loaded: vec![None; requests],
            cycle_root: None,
            has_tla,
            async_evaluation: None,
            pending_async_dependencies: 0,
            async_parent_modules: Vec::new(),
            top_level_capability: None,
        });
        id
    }

    /// A SyntaxError whose stack is the code frame of a parse error.
    fn syntax_error_value(
        &mut self,
        e: &crate::syntax::SyntaxError,
        key: &str,
        text: &str,
    ) -> Value {
        let error = self.make_error(ErrorKind::SyntaxError, &e.message);
        let rendered = e.render(key, text);
        let s = self.alloc_str(&rendered);
        let stack = self.key("stack");
        if let Some(o) = error.as_object() {
            self.define_own(o, stack, Value::string(s), Attrs::HIDDEN);
        }
        error
    }

    /// ParseModule: parse and compile `text` as the module `key`. A construct the
    /// compiler does not support yet throws an error named "Unsupported" (as `Engine::eval` reports).
    pub fn parse_module(&mut self, key: &str, text: &str) -> JsResult<ModuleId> {
        let parsed = match crate::syntax::parse(text, crate::syntax::Goal::Module) {
            Ok(p) => p,
            Err(e) => return Err(Throw::Exception(self.syntax_error_value(&e, key, text))),
        };
        let source = Rc::new(crate::bytecode::Source::new(
            key.to_string(),
            text.to_string(),
        ));
        let compiled =
            match crate::compiler::module::compile_module(&parsed, source, &mut self.heap) {
                Ok(c) => c,
                Err(e) => {
                    let pos = crate::syntax::LineIndex::new(text).position(e.span.start);
                    let at = format!("{key}:{}:{}", pos.line, pos.column + 1);
                    return Err(Throw::Exception(self.unsupported_error(&e.message, &at)));
                }
            };
        let id = self.new_record(key.to_string(), Body::Source(Box::new(compiled)));
        self.modules.map.insert((key.to_string(), false), id);
        Ok(id)
    }

    /// An error named "Unsupported" (as `Engine::eval` reports what the compiler refuses; the
    /// test262 runner counts those as waiting for a later issue), thrown at `at` (file:line:col).
    fn unsupported_error(&mut self, message: &str, at: &str) -> Value {
        let error = self.make_error(ErrorKind::Error, message);
        let name = self.alloc_str("Unsupported");
        let stack = self.alloc_str(&format!("Unsupported: {message}\n    at {at}"));
        if let Some(o) = error.as_object() {
            let k = self.key("name");
            self.define_own(o, k, Value::string(name), Attrs::HIDDEN);
            let k = self.key("stack");
            self.define_own(o, k, Value::string(stack), Attrs::HIDDEN);
        }
        error
    }

    // ---------------------------------------------------------------------------------------------
    // Loading

    /// HostLoadImportedModule and FinishLoadingImportedModule, synchronous:
    /// the loader resolves the specifier against the referrer; a module loaded before under the
    /// same key (and type) is reused, otherwise it is fetched, parsed and recorded. Import
    /// attributes: only `type` is supported (HostGetSupportedImportAttributes), and only "json".
    pub fn host_load_imported_module(
        &mut self,
        referrer: Option<ModuleId>,
        request: &ModuleRequest,
    ) -> JsResult<ModuleId> {
        let json = self.check_import_attributes(request)?;
        let referrer_key = referrer.map(|r| self.module(r).key.clone());
        self.load_imported_module(referrer_key.as_deref(), request, json)
    }

    /// HostLoadImportedModule's work once the attributes are checked: resolve against the
    /// referrer's name (a module's key, or a script's file name), then reuse or load and parse.
    fn load_imported_module(
        &mut self,
        referrer_key: Option<&str>,
        request: &ModuleRequest,
        json: bool,
    ) -> JsResult<ModuleId> {
        let specifier = &request.specifier;
        let Some(loader) = self.modules.loader.as_mut() else {
            return self.throw(
                ErrorKind::Error,
                format!("Cannot find module '{specifier}': no module loader is set"),
            );
        };
        let key = match loader.resolve(specifier, referrer_key) {
            Ok(k) => k,
            Err(message) => return self.throw(ErrorKind::Error, message),
        };
        if let Some(&id) = self.modules.map.get(&(key.clone(), json)) {
            return Ok(id);
        }
        let text = match self.modules.loader.as_mut().map(|l| l.load(&key)) {
            Some(Ok(t)) => t,
            Some(Err(message)) => return self.throw(ErrorKind::Error, message),
            None => return self.throw(ErrorKind::Error, "No module loader is set"),
        };
        if !json {
            return self.parse_module(&key, &text);
        }
        // ParseJSONModule: %JSON.parse% of the source text.
        let s = self.alloc_str(&text);
        let value = crate::builtins::json::json_parse(self, Value::UNDEFINED, &[Value::string(s)])?;
        let id = self.new_record(key.clone(), Body::Json(value));
        self.modules.map.insert((key, true), id);
        Ok(id)
    }

    /// The import attributes a request may have (HostGetSupportedImportAttributes is « "type" »,
    /// and the only type is "json"): whether it asks for a JSON module.
    fn check_import_attributes(&mut self, request: &ModuleRequest) -> JsResult<bool> {
        let mut json = false;
        for (k, v) in &request.attributes {
            if k != "type" {
                return self.throw(
                    ErrorKind::SyntaxError,
                    format!("Import attribute \"{k}\" is not supported"),
                );
            }
            if v != "json" {
                return self.type_error(format!("Import attribute type \"{v}\" is not supported"));
            }
            json = true;
        }
        Ok(json)
    }

    /// The synchronous core of dynamic import (EvaluateImportCall and
    /// ContinueDynamicImport): load `request` for the running module or script (the
    /// referrer is the running module, else the running script's file name), load, link and
    /// evaluate its graph, and return its namespace (for embedders; `import()` itself is the
    /// promise-based `dynamic_import`).
    pub fn import_dynamically(&mut self, request: &ModuleRequest) -> JsResult<ObjectRef> {
        let json = self.check_import_attributes(request)?;
        let referrer_key = match self.running_module() {
            Some(m) => Some(self.module(m).key.clone()),
            None => self.frames.last().map(|f| f.template.source.name.clone()),
        };
        let m = self.load_imported_module(referrer_key.as_deref(), request, json)?;
        let namespace = self.run_module_graph(m)?;
        Ok(namespace.as_object().expect("a namespace object"))
    }

    /// `import(specifier, options)`: EvaluateImportCall (see `dynamic_import`).
    pub(crate) fn import_call(&mut self, specifier: Value, options: Value) -> JsResult<Value> {
        self.dynamic_import(specifier, options)
    }

    /// EvaluateImportCall's ModuleRequest: ToString(specifier) and the `with` option's
    /// attributes (each value a string), sorted by key; TypeError for a malformed options bag or
    /// an unsupported attribute (AllImportAttributesSupported). For dynamic import, an error here
    /// rejects the promise.
    pub fn import_call_request(
        &mut self,
        specifier: Value,
        options: Value,
    ) -> JsResult<ModuleRequest> {
        let specifier = self.to_rust_string(specifier)?;
        let mut attributes: Vec<(Vec<u16>, String)> = Vec::new();
        if !options.is_undefined() {
            if !options.is_object() {
                return self.type_error("The second argument of import() must be an object");
            }
            let with = self.key("with");
            let with = self.get_value(options, with)?;
            if !with.is_undefined() {
                let Some(o) = with.as_object() else {
                    return self.type_error("The 'with' option of import() must be an object");
                };
                self.root(with);
                // EnumerableOwnProperties(attributesObj, key+value).
                for key in self.own_property_keys(o)? {
                    if matches!(key, PropertyKey::Symbol(_)) || !self.has_own_enumerable(o, key)? {
                        continue;
                    }
                    let value = self.get_value(with, key)?;
                    if !value.is_string() {
                        return self.type_error("Import attribute values must be strings");
                    }
                    let k = self.key_to_display(key);
                    let v = self.to_rust_string(value)?;
                    attributes.push((k.encode_utf16().collect(), v));
                }
            }
        }
        attributes.sort_by(|a, b| a.0.cmp(&b.0));
        let request = ModuleRequest {
            specifier,
            attributes: attributes
                .into_iter()
                .map(|(k, v)| (String::from_utf16_lossy(&k), v))
                .collect(),
        };
        if let Some((k, _)) = request.attributes.iter().find(|(k, _)| k != "type") {
            return self.type_error(format!("Import attribute \"{k}\" is not supported"));
        }
        Ok(request)
    }

    /// LoadRequestedModules and InnerModuleLoading, synchronous: every module the
    /// graph from `root` requests is loaded (depth first, each once).
    pub fn load_requested_modules(&mut self, root: ModuleId) -> JsResult<()> {
        let mut visited = std::collections::HashSet::new();
        let mut stack = vec![root];
        while let Some(m) = stack.pop() {
            if !visited.insert(m) {
                continue;
            }
            let requests = self.module(m).requests().to_vec();
            let mut next = Vec::new();
            for (i, request) in requests.iter().enumerate() {
                let id = match self.module(m).loaded[i] {
                    Some(id) => id,
                    None => {
                        let id = self.host_load_imported_module(Some(m), request)?;
                        self.module_mut(m).loaded[i] = Some(id);
                        id
                    }
                };
                next.push(id);
            }
            if self.module(m).status == Status::New {
                self.module_mut(m).status = Status::Unlinked;
            }
            // Visit the requests in source order.
            stack.extend(next.into_iter().rev());
        }
        Ok(())
    }

    /// Load, link and evaluate the graph of module `m` (what a host does with an entry point);
    /// returns its namespace object. What Rust rooted on the way is released at the end.
    pub fn run_module_graph(&mut self, m: ModuleId) -> JsResult<Value> {
        let roots = self.roots.len();
        let result = self
            .load_requested_modules(m)
            .and_then(|()| self.link(m))
            .and_then(|()| self.evaluate(m))
            .map(|()| Value::object(self.module_namespace(m)));
        self.roots.truncate(roots);
        if let Ok(v) = result {
            self.roots.push(v);
        }
        result
    }

    /// GetImportedModule.
    fn imported_module(&self, m: ModuleId, request: usize) -> ModuleId {
        self.module(m).loaded[request].expect("loaded before linking")
    }

    // ---------------------------------------------------------------------------------------------
    // Exports

    /// GetExportedNames.
    pub fn exported_names(&self, m: ModuleId, star_set: &mut Vec<ModuleId>) -> Vec<String> {
        if star_set.contains(&m) {
            // A circular `export *`.
            return Vec::new();
        }
        star_set.push(m);
        let Some(c) = self.module(m).source() else {
            return vec!["default".into()];
        };
        let mut names: Vec<String> = c.local_exports.iter().map(|e| e.0.clone()).collect();
        names.extend(c.indirect_exports.iter().map(|e| e.0.clone()));
        for &request in &c.star_exports {
            let requested = self.imported_module(m, request);
            let star_names =
                crate::util::stack::ensure(|| self.exported_names(requested, star_set));
            for n in star_names {
                if n != "default" && !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        names
    }

    /// ResolveExport.
    pub(crate) fn resolve_export(
        &self,
        m: ModuleId,
        name: &str,
        resolve_set: &mut Vec<(ModuleId, String)>,
    ) -> Resolved {
        if resolve_set.iter().any(|(r, n)| *r == m && n == name) {
            // A circular import request.
            return Resolved::Null;
        }
        resolve_set.push((m, name.to_string()));
        let Some(c) = self.module(m).source() else {
            // A synthetic module's export.
            return match name {
                "default" => Resolved::Found(Resolution::Binding { module: m, slot: 0 }),
                _ => Resolved::Null,
            };
        };
        if let Some(&(_, slot)) = c.local_exports.iter().find(|e| e.0 == name) {
            return Resolved::Found(Resolution::Binding { module: m, slot });
        }
        if let Some((_, request, import)) = c.indirect_exports.iter().find(|e| e.0 == name) {
            let imported = self.imported_module(m, *request);
            return match import {
                ImportName::Namespace => Resolved::Found(Resolution::Namespace(imported)),
                ImportName::Name(n) => {
                    crate::util::stack::ensure(|| self.resolve_export(imported, n, resolve_set))
                }
            };
        }
        if name == "default" {
            // `export *` never provides a default export.
            return Resolved::Null;
        }
        let mut star_resolution = None;
        for &request in &c.star_exports {
            let imported = self.imported_module(m, request);
            match crate::util::stack::ensure(|| self.resolve_export(imported, name, resolve_set)) {
                Resolved::Ambiguous => return Resolved::Ambiguous,
                Resolved::Null => {}
                Resolved::Found(r) => match star_resolution {
                    None => star_resolution = Some(r),
                    // Two different bindings (or a binding and a namespace) by one name.
                    Some(s) if s != r => return Resolved::Ambiguous,
                    Some(_) => {}
                },
            }
        }
        match star_resolution {
            Some(r) => Resolved::Found(r),
            None => Resolved::Null,
        }
    }

    /// The SyntaxError of an import or indirect export that does not resolve.
    fn resolution_error<T>(&mut self, specifier: &str, name: &str, r: Resolved) -> JsResult<T> {
        let message = if r == Resolved::Ambiguous {
            format!("The requested module '{specifier}' contains conflicting star exports for name '{name}'")
        } else {
            format!("The requested module '{specifier}' does not provide an export named '{name}'")
        };
        self.throw(ErrorKind::SyntaxError, message)
    }

    // ---------------------------------------------------------------------------------------------
    // Linking

    /// Link: link the graph from `m`; on failure every module it was linking goes
    /// back to unlinked.
    pub fn link(&mut self, m: ModuleId) -> JsResult<()> {
        let mut stack = Vec::new();
        if let Err(e) = self.inner_module_linking(m, &mut stack, 0) {
            for s in stack {
                let r = self.module_mut(s);
                r.status = Status::Unlinked;
                r.environment = None;
            }
            return Err(e);
        }
        Ok(())
    }

    /// InnerModuleLinking: Tarjan's strongly connected components over the
    /// graph; a component is linked once all of it is initialized.
    fn inner_module_linking(
        &mut self,
        m: ModuleId,
        stack: &mut Vec<ModuleId>,
        mut index: u32,
    ) -> JsResult<u32> {
        if matches!(self.module(m).body, Body::Json(_)) {
            // Not a Cyclic Module Record: Link() is InitializeEnvironment of a synthetic module.
            if self.module(m).environment.is_none() {
                self.initialize_synthetic_environment(m);
            }
            return Ok(index);
        }
        if matches!(
            self.module(m).status,
            Status::Linking
                | Status::Linked
                | Status::EvaluatingAsync
                | Status::Evaluated
                | Status::Evaluating
        ) {
            return Ok(index);
        }
        {
            let r = self.module_mut(m);
            r.status = Status::Linking;
            r.dfs_index = index;
            r.dfs_ancestor_index = index;
        }
        index += 1;
        stack.push(m);
        for request in 0..self.module(m).loaded.len() {
            let required = self.imported_module(m, request);
            index =
                crate::util::stack::ensure(|| self.inner_module_linking(required, stack, index))?;
            if self.module(required).status == Status::Linking
                && matches!(self.module(required).body, Body::Source(_))
            {
                let a = self.module(required).dfs_ancestor_index;
                let r = self.module_mut(m);
                r.dfs_ancestor_index = r.dfs_ancestor_index.min(a);
            }
        }
        self.initialize_environment(m)?;
        let r = self.module(m);
        if r.dfs_ancestor_index == r.dfs_index {
            while let Some(done) = stack.pop() {
                self.module_mut(done).status = Status::Linked;
                if done == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// A synthetic (JSON) module's environment: one slot, "default", holding its value.
    fn initialize_synthetic_environment(&mut self, m: ModuleId) {
        let Body::Json(value) = self.module(m).body else {
            return;
        };
        let name = self.heap.intern("default");
        let layout = Rc::new(crate::bytecode::ScopeLayout {
            kind: crate::bytecode::ScopeKind::Function,
            names: Box::new([name]),
            modes: Box::new([crate::bytecode::SlotMode::Hidden]),
        });
        self.maybe_collect();
        let c = self.heap.alloc_context(Context {
            parent: None,
            slots: vec![value],
            layout,
            object: None,
        });
        let r = self.module_mut(m);
        r.environment = Some(c);
        r.status = Status::Evaluated;
    }

    /// InitializeEnvironment: check the indirect exports, create the environment,
    /// bind the imports, then run the module's instantiation code (`var`s, hoisted functions).
    fn initialize_environment(&mut self, m: ModuleId) -> JsResult<()> {
        let (indirect, imports, layout, meta_slot, template, requests) = {
            let c = self.module(m).source().expect("a source text module");
            (
                c.indirect_exports.clone(),
                c.imports.clone(),
                c.layout.clone(),
                c.meta_slot,
                c.template.clone(),
                c.requests.clone(),
            )
        };
        for (name, _, _) in &indirect {
            let r = self.resolve_export(m, name, &mut Vec::new());
            if !matches!(r, Resolved::Found(_)) {
                // Name the module the chain of re-exports came through.
                let (_, request, _) = indirect.iter().find(|e| &e.0 == name).expect("entry");
                let specifier = requests[*request].specifier.clone();
                return self.resolution_error(&specifier, name, r);
            }
        }
        self.maybe_collect();
        let env = self.heap.alloc_context(Context {
            parent: None,
            slots: vec![Value::HOLE; layout.names.len()],
            layout,
            object: None,
        });
        self.module_mut(m).environment = Some(env);
        for entry in &imports {
            let imported = self.imported_module(m, entry.request);
            let value = match &entry.import_name {
                ImportName::Namespace => Value::object(self.module_namespace(imported)),
                ImportName::Name(name) => {
                    match self.resolve_export(imported, name, &mut Vec::new()) {
                        Resolved::Found(Resolution::Namespace(n)) => {
                            Value::object(self.module_namespace(n))
                        }
                        Resolved::Found(Resolution::Binding { module, slot }) => {
                            // CreateImportBinding: an indirection to the exporter's binding.
                            Value::object(self.alloc_object(Object::new(
                                None,
                                ObjectKind::ImportBinding { module, slot },
                            )))
                        }
                        r => {
                            let specifier = requests[entry.request].specifier.clone();
                            return self.resolution_error(&specifier, name, r);
                        }
                    }
                }
            };
            self.heap.context_mut(env).slots[entry.slot as usize] = value;
        }
        // import.meta (13.3.12.1): an ordinary object with a null prototype and the host's
        // properties (HostGetImportMetaProperties: `url`), made once per module. The spec makes it
        // on first use; making it here is not observable.
        let meta = self.alloc_object(Object::new(None, ObjectKind::Ordinary));
        self.heap.context_mut(env).slots[meta_slot as usize] = Value::object(meta);
        let key = self.module(m).key.clone();
        let url = match &self.modules.loader {
            Some(l) => l.url(&key),
            None => key,
        };
        let url = self.alloc_str(&url);
        let url_key = self.key("url");
        self.define_own(meta, url_key, Value::string(url), Attrs::DEFAULT);
        // Steps 21-24 (var bindings, function instantiation) are the template's code before
        // `body_start`.
        self.run_module_code(m, template, 0, env)?;
        Ok(())
    }

    /// Run a module's code from `pc` with its environment as the context; `this` is undefined.
    fn run_module_code(
        &mut self,
        m: ModuleId,
        template: Rc<crate::bytecode::FunctionTemplate>,
        pc: u32,
        env: ContextRef,
    ) -> JsResult<Value> {
        let realm = self.realm_id;
        self.switch_realm(self.module(m).realm);
        self.push_frame(FrameStart {
            template,
            this: Value::UNDEFINED,
            callee: Value::UNDEFINED,
            new_target: Value::UNDEFINED,
            context: Some(env),
            construct_result: None,
            entry: true,
        });
        self.frames.last_mut().expect("frame").pc = pc;
        let roots = self.roots.len();
        let result = self.run();
        self.switch_realm(realm);
        self.roots.truncate(roots);
        result
    }

    // ---------------------------------------------------------------------------------------------
    // Evaluation

    /// Evaluate() for an entry point, as an embedder needs it: `Err` with the evaluation error
    /// when it is known at once (a graph without top-level await fails synchronously); a graph
    /// still awaiting reports a later failure as an unhandled rejection of its promise.
    pub fn evaluate(&mut self, m: ModuleId) -> JsResult<()> {
        let promise = self.evaluate_promise(m)?;
        match crate::builtins::promise::promise_state(self, Value::object(promise)) {
            Some((crate::builtins::promise::PromiseState::Rejected, reason)) => {
                crate::builtins::promise::mark_handled(self, promise);
                Err(Throw::Exception(reason))
            }
            _ => Ok(()),
        }
    }

    /// Evaluate (16.2.1.6.1.3): the promise of the module's evaluation ([[TopLevelCapability]]).
    /// On an abrupt completion every module of the component being evaluated records the error,
    /// and later evaluations return it again. Only a termination is an `Err`.
    pub fn evaluate_promise(&mut self, m: ModuleId) -> JsResult<ObjectRef> {
        let mut m = m;
        if matches!(
            self.module(m).status,
            Status::EvaluatingAsync | Status::Evaluated
        ) && matches!(self.module(m).body, Body::Source(_))
        {
            m = self.module(m).cycle_root.unwrap_or(m);
        }
        if let Some(p) = self.module(m).top_level_capability {
            return Ok(p);
        }
        let promise = self.new_promise();
        self.root(Value::object(promise));
        self.module_mut(m).top_level_capability = Some(promise);
        let mut stack = Vec::new();
        match self.inner_module_evaluation(m, &mut stack, 0) {
            Ok(_) => {
                // A graph without top-level await is evaluated: resolve at once.
                if self.module(m).async_evaluation.is_none() {
                    self.fulfill_promise(promise, Value::UNDEFINED);
                }
            }
            Err(e) => {
                // A termination (fuel, interrupt) leaves the modules unfinished: importing them
                // again throws rather than seeing half-initialized bindings.
                let error = match &e {
                    Throw::Exception(v) => *v,
                    Throw::Termination(_) => {
                        self.make_error(ErrorKind::Error, "Module evaluation was interrupted")
                    }
                };
                for s in stack {
                    let r = self.module_mut(s);
                    r.status = Status::Evaluated;
                    r.evaluation_error = Some(error);
                }
                if let Throw::Termination(_) = e {
                    // Nobody waits on this promise: the embedder gets the termination.
                    self.module_mut(m).top_level_capability = None;
                    return Err(e);
                }
                self.reject_promise(promise, error);
            }
        }
        Ok(promise)
    }

    /// InnerModuleEvaluation.
    fn inner_module_evaluation(
        &mut self,
        m: ModuleId,
        stack: &mut Vec<ModuleId>,
        mut index: u32,
    ) -> JsResult<u32> {
        if matches!(self.module(m).body, Body::Json(_)) {
            // Not cyclic: its evaluation (SetSyntheticModuleExport) happened at link time.
            return Ok(index);
        }
        match self.module(m).status {
            Status::EvaluatingAsync | Status::Evaluated => {
                return match self.module(m).evaluation_error {
                    None => Ok(index),
                    Some(e) => Err(Throw::Exception(e)),
                }
            }
            Status::Evaluating => return Ok(index),
            Status::Linked => {}
            _ => return self.type_error("Module is not linked"),
        }
        {
            let r = self.module_mut(m);
            r.status = Status::Evaluating;
            r.dfs_index = index;
            r.dfs_ancestor_index = index;
            r.pending_async_dependencies = 0;
        }
        index += 1;
        stack.push(m);
        for request in 0..self.module(m).loaded.len() {
            let mut required = self.imported_module(m, request);
            index = crate::util::stack::ensure(|| {
                self.inner_module_evaluation(required, stack, index)
            })?;
            if matches!(self.module(required).body, Body::Source(_)) {
                if self.module(required).status == Status::Evaluating {
                    let a = self.module(required).dfs_ancestor_index;
                    let r = self.module_mut(m);
                    r.dfs_ancestor_index = r.dfs_ancestor_index.min(a);
                } else {
                    required = self.module(required).cycle_root.unwrap_or(required);
                    if let Some(e) = self.module(required).evaluation_error {
                        return Err(Throw::Exception(e));
                    }
                }
                if self.module(required).async_evaluation.is_some() {
                    self.module_mut(m).pending_async_dependencies += 1;
                    self.module_mut(required).async_parent_modules.push(m);
                }
            }
        }
        if self.module(m).pending_async_dependencies > 0 || self.module(m).has_tla {
            self.modules.async_evaluation_count += 1;
            let order = self.modules.async_evaluation_count;
            self.module_mut(m).async_evaluation = Some(order);
            if self.module(m).pending_async_dependencies == 0 {
                self.execute_async_module(m)?;
            }
        } else {
            self.execute_module(m)?;
        }
        let r = self.module(m);
        if r.dfs_ancestor_index == r.dfs_index {
            while let Some(done) = stack.pop() {
                let r = self.module_mut(done);
                r.status = if r.async_evaluation.is_none() {
                    Status::Evaluated
                } else {
                    Status::EvaluatingAsync
                };
                r.cycle_root = Some(m);
                if done == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// ExecuteModule without a capability: run the body.
    fn execute_module(&mut self, m: ModuleId) -> JsResult<()> {
        let (template, body_start) = {
            let c = self.module(m).source().expect("a source text module");
            (c.template.clone(), c.body_start)
        };
        let env = self.module(m).environment.expect("linked");
        self.run_module_code(m, template, body_start, env)?;
        Ok(())
    }

    /// ExecuteAsyncModule (16.2.1.6.1.3.2): run the body as an async function body; its promise
    /// settles when the body completes, and then runs AsyncModuleExecutionFulfilled or
    /// AsyncModuleExecutionRejected.
    fn execute_async_module(&mut self, m: ModuleId) -> JsResult<()> {
        let (template, body_start) = {
            let c = self.module(m).source().expect("a source text module");
            (c.template.clone(), c.body_start)
        };
        let env = self.module(m).environment.expect("linked");
        // The body's first suspension (or its end) hands back the promise of its completion.
        let promise = self.run_module_code(m, template, body_start, env)?;
        let Some(promise) = promise.as_object() else {
            return Ok(());
        };
        self.root(Value::object(promise));
        let data = Value::int(m as i32);
        self.then_native(promise, async_module_fulfilled, async_module_rejected, data);
        Ok(())
    }

    /// AsyncModuleExecutionFulfilled (16.2.1.6.1.3.4): the module is evaluated; the importers
    /// that waited only on it (and on modules now done) run, in the order they started waiting.
    fn async_module_execution_fulfilled(&mut self, m: ModuleId) -> JsResult<()> {
        if self.module(m).status == Status::Evaluated {
            return Ok(());
        }
        {
            let r = self.module_mut(m);
            r.async_evaluation = None;
            r.status = Status::Evaluated;
        }
        if let Some(p) = self.module(m).top_level_capability {
            self.fulfill_promise(p, Value::UNDEFINED);
        }
        let mut exec_list = Vec::new();
        self.gather_available_ancestors(m, &mut exec_list);
        // Sorted by [[AsyncEvaluation]] order (they all still have one).
        exec_list.sort_by_key(|&a| self.module(a).async_evaluation);
        for a in exec_list {
            if self.module(a).status == Status::Evaluated {
                continue;
            }
            if self.module(a).has_tla {
                self.execute_async_module(a)?;
                continue;
            }
            match self.execute_module(a) {
                Ok(()) => {
                    {
                        let r = self.module_mut(a);
                        r.async_evaluation = None;
                        r.status = Status::Evaluated;
                    }
                    if let Some(p) = self.module(a).top_level_capability {
                        self.fulfill_promise(p, Value::UNDEFINED);
                    }
                }
                Err(Throw::Exception(e)) => self.async_module_execution_rejected(a, e),
                Err(t) => return Err(t),
            }
        }
        Ok(())
    }

    /// GatherAvailableAncestors (16.2.1.6.1.3.3).
    fn gather_available_ancestors(&mut self, m: ModuleId, exec_list: &mut Vec<ModuleId>) {
        for parent in self.module(m).async_parent_modules.clone() {
            let root = self.module(parent).cycle_root.unwrap_or(parent);
            if exec_list.contains(&parent) || self.module(root).evaluation_error.is_some() {
                continue;
            }
            let r = self.module_mut(parent);
            r.pending_async_dependencies = r.pending_async_dependencies.saturating_sub(1);
            if r.pending_async_dependencies == 0 {
                exec_list.push(parent);
                if !self.module(parent).has_tla {
                    self.gather_available_ancestors(parent, exec_list);
                }
            }
        }
    }

    /// AsyncModuleExecutionRejected (16.2.1.6.1.3.5): the error spreads to every importer waiting.
    fn async_module_execution_rejected(&mut self, m: ModuleId, error: Value) {
        if self.module(m).status == Status::Evaluated {
            return;
        }
        {
            let r = self.module_mut(m);
            r.evaluation_error = Some(error);
            r.status = Status::Evaluated;
        }
        for parent in self.module(m).async_parent_modules.clone() {
            self.async_module_execution_rejected(parent, error);
        }
        if let Some(p) = self.module(m).top_level_capability {
            self.reject_promise(p, error);
        }
    }

    /// The module whose code is running (the root of the running frame's context chain is a module
    /// environment): the referrer of a dynamic import.
    pub fn running_module(&self) -> Option<ModuleId> {
        let mut c = self.frames.last()?.context?;
        while let Some(p) = self.heap.context(c).parent {
            c = p;
        }
        self.modules
            .records
            .iter()
            .position(|r| r.environment == Some(c))
            .map(|i| i as ModuleId)
    }

    // ---------------------------------------------------------------------------------------------
    // Reading bindings

    /// The value of an exporter's binding (an import's target), or a ReferenceError naming `name`
    /// while it is uninitialized (GetBindingValue of an indirect binding, 9.1.1.5.1).
    pub(crate) fn module_binding(
        &mut self,
        module: ModuleId,
        slot: u32,
        name: impl FnOnce(&mut Vm) -> String,
    ) -> JsResult<Value> {
        let v = self
            .modules
            .records
            .get(module as usize)
            .and_then(|r| r.environment)
            .map_or(Value::HOLE, |env| {
                self.heap.context(env).slots[slot as usize]
            });
        if v.is_hole() {
            let name = name(self);
            return self.throw(
                ErrorKind::ReferenceError,
                format!("Cannot access '{name}' before initialization"),
            );
        }
        Ok(v)
    }

    /// An import slot's value: through its `ImportBinding`, or the namespace object it holds.
    pub(crate) fn import_slot_value(
        &mut self,
        v: Value,
        name: crate::runtime::value::StringRef,
    ) -> JsResult<Value> {
        if let Some(o) = v.as_object() {
            if let ObjectKind::ImportBinding { module, slot } = self.heap.object(o).kind {
                return self.module_binding(module, slot, |vm| vm.heap.to_rust_string(name));
            }
        }
        if v.is_hole() {
            let name = self.heap.to_rust_string(name);
            return self.throw(
                ErrorKind::ReferenceError,
                format!("Cannot access '{name}' before initialization"),
            );
        }
        Ok(v)
    }
}

/// The module id a module-evaluation reaction carries.
fn reaction_module(vm: &Vm) -> ModuleId {
    vm.native_data().as_int().unwrap_or(0) as ModuleId
}

fn async_module_fulfilled(vm: &mut Vm, _this: Value, _args: &[Value]) -> JsResult<Value> {
    let m = reaction_module(vm);
    vm.async_module_execution_fulfilled(m)?;
    Ok(Value::UNDEFINED)
}

fn async_module_rejected(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let m = reaction_module(vm);
    let error = args.first().copied().unwrap_or(Value::UNDEFINED);
    vm.async_module_execution_rejected(m, error);
    Ok(Value::UNDEFINED)
}

// -------------------------------------------------------------------------------------------------
// Dynamic import

impl Vm {
    /// `import(specifier, options)`: ECMA-262 13.3.10.1 EvaluateImportCall from step 6 — a promise
    /// for the namespace of the module, loaded (synchronously, by the host's loader), linked and
    /// evaluated; errors reject it. The ticks follow ContinueDynamicImport: one for the load
    /// promise, then the evaluation promise's.
    pub fn dynamic_import(&mut self, specifier: Value, options: Value) -> JsResult<Value> {
        let referrer_key = match self.running_module() {
            Some(m) => Some(self.module(m).key.clone()),
            None => self.frames.last().map(|f| f.template.source.name.clone()),
        };
        let promise = self.new_promise();
        let promise_value = Value::object(promise);
        self.root(promise_value);
        let request = match self.import_call_request(specifier, options) {
            Ok(r) => r,
            Err(Throw::Exception(e)) => {
                self.reject_promise(promise, e);
                return Ok(promise_value);
            }
            Err(t) => return Err(t),
        };
        // HostLoadImportedModule, then FinishLoadingImportedModule → ContinueDynamicImport.
        let loaded = self
            .check_import_attributes(&request)
            .and_then(|json| self.load_imported_module(referrer_key.as_deref(), &request, json));
        let m = match loaded {
            Ok(m) => m,
            Err(Throw::Exception(e)) => {
                self.reject_promise(promise, e);
                return Ok(promise_value);
            }
            Err(t) => return Err(t),
        };
        // loadPromise = module.LoadRequestedModules(): settled at once by the synchronous loader.
        let load_promise = self.new_promise();
        self.root(Value::object(load_promise));
        match self.load_requested_modules(m) {
            Ok(()) => self.fulfill_promise(load_promise, Value::UNDEFINED),
            Err(Throw::Exception(e)) => self.reject_promise(load_promise, e),
            Err(t) => return Err(t),
        }
        let state = self.new_array(vec![Value::int(m as i32), promise_value]);
        self.then_native(
            load_promise,
            import_link_and_evaluate,
            import_rejected,
            Value::object(state),
        );
        Ok(promise_value)
    }
}

/// (module, the import() promise) from a dynamic-import reaction's data.
fn import_state(vm: &Vm) -> (ModuleId, ObjectRef) {
    let data = vm.native_data();
    let values = data
        .as_object()
        .and_then(|o| vm.heap.object(o).elements.dense())
        .map_or_else(Vec::new, |v| v.to_vec());
    let m = values.first().and_then(|v| v.as_int()).unwrap_or(0) as ModuleId;
    let promise = values
        .get(1)
        .and_then(|v| v.as_object())
        .expect("the import() promise");
    (m, promise)
}

/// ContinueDynamicImport's linkAndEvaluateClosure: link, evaluate, and settle the import() promise
/// with the namespace once the evaluation promise settles.
fn import_link_and_evaluate(vm: &mut Vm, _this: Value, _args: &[Value]) -> JsResult<Value> {
    let (m, promise) = import_state(vm);
    // Read before module code runs (it replaces `native_callee`).
    let data = vm.native_data();
    match vm.link(m) {
        Ok(()) => {}
        Err(Throw::Exception(e)) => {
            vm.reject_promise(promise, e);
            return Ok(Value::UNDEFINED);
        }
        Err(t) => return Err(t),
    }
    let evaluated = vm.evaluate_promise(m)?;
    vm.then_native(evaluated, import_fulfilled, import_rejected, data);
    Ok(Value::UNDEFINED)
}

/// ContinueDynamicImport's onFulfilled: resolve with the module namespace.
fn import_fulfilled(vm: &mut Vm, _this: Value, _args: &[Value]) -> JsResult<Value> {
    let (m, promise) = import_state(vm);
    let namespace = vm.module_namespace(m);
    vm.resolve_promise(promise, Value::object(namespace))?;
    Ok(Value::UNDEFINED)
}

/// ContinueDynamicImport's onRejected: reject with the reason.
fn import_rejected(vm: &mut Vm, _this: Value, args: &[Value]) -> JsResult<Value> {
    let (_, promise) = import_state(vm);
    vm.reject_promise(promise, args.first().copied().unwrap_or(Value::UNDEFINED));
    Ok(Value::UNDEFINED)
}

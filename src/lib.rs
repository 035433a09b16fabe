//! Kestrel: a JavaScript engine.
//!
//! The pipeline, one module per stage: [`syntax`] (lexer, parser, early errors, ESTree output), then — as
//! later stages land — the bytecode compiler, the interpreter, the Cranelift JIT (native only) and the
//! wasm32 bindings for the playground. See ARCHITECTURE.md for the map.
//!
//! The public embedding API lives here; the CLI, the wasm bindings and the integration tests use only it.

#![deny(unsafe_code)]

pub mod builtins;
pub mod bytecode;
pub mod compiler;
pub mod gc;
pub mod host;
pub mod runtime;
pub mod syntax;
pub mod util;
pub mod vm;

#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
pub mod jit;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use syntax::{Goal, SyntaxError};

use std::rc::Rc;

/// An error from evaluating a script: a JavaScript exception that was not caught, a syntax error, or a
/// termination. `display` is what a console shows (`Name: message` and the stack).
#[derive(Debug, Clone)]
pub struct JsError {
    pub name: String,
    pub message: String,
    /// The stack trace (for syntax errors: the code frame).
    pub stack: String,
}

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.stack)
    }
}

impl std::error::Error for JsError {}

/// A JavaScript engine: one realm, its heap and its global environment.
///
/// ```
/// let mut engine = kestrel::Engine::new();
/// let result = engine.eval("let x = 6; x * 7", "answer.js").unwrap();
/// assert_eq!(engine.display(result), "42");
/// ```
pub struct Engine {
    pub vm: vm::Vm,
    fuel_per_eval: Option<u64>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

impl Engine {
    pub fn new() -> Engine {
        Engine {
            vm: vm::Vm::new(),
            fuel_per_eval: None,
        }
    }

    /// Parse and compile `source` as a classic script named `file`.
    fn compile(
        &mut self,
        source: &str,
        file: &str,
    ) -> Result<Rc<bytecode::FunctionTemplate>, JsError> {
        let parsed = syntax::parse(source, Goal::Script).map_err(|e| JsError {
            name: "SyntaxError".into(),
            message: e.message.clone(),
            stack: e.render(file, source),
        })?;
        let source_rc = Rc::new(bytecode::Source {
            name: file.to_string(),
            text: source.to_string(),
        });
        compiler::compile_script(&parsed, source_rc, &mut self.vm.heap).map_err(|e| {
            let pos = syntax::LineIndex::new(source).position(e.span.start);
            JsError {
                name: "Unsupported".into(),
                message: e.message.clone(),
                stack: format!(
                    "Unsupported: {}\n    at {file}:{}:{}",
                    e.message,
                    pos.line,
                    pos.column + 1
                ),
            }
        })
    }

    /// Parse, compile and run `source` as a classic script named `file`; the completion value.
    pub fn eval(&mut self, source: &str, file: &str) -> Result<runtime::Value, JsError> {
        let template = self.compile(source, file)?;
        self.vm.fuel = self.fuel_per_eval;
        match self.vm.run_script(template) {
            Ok(v) => Ok(v),
            Err(vm::Throw::Termination(reason)) => Err(JsError {
                name: "Termination".into(),
                message: reason.clone(),
                stack: reason,
            }),
            Err(vm::Throw::Exception(e)) => Err(self.error_from(e)),
        }
    }

    /// Evaluate `source` as the ES module named `name`: its imports are loaded through the module
    /// loader (`set_module_loader`), resolved against `name`; then the graph is linked and
    /// evaluated (ECMA-262 16.2.1). Returns the module's namespace object.
    ///
    /// ```
    /// use kestrel::host::modules::MemoryLoader;
    /// let mut engine = kestrel::Engine::new();
    /// let mut loader = MemoryLoader::new();
    /// loader.insert("lib/math.mjs", "export const square = (x) => x * x;");
    /// engine.set_module_loader(Box::new(loader));
    /// let ns = engine
    ///     .eval_module("import { square } from './math.mjs'; export const answer = square(7);", "lib/main.mjs")
    ///     .unwrap();
    /// assert_eq!(engine.display(ns), "[Module: null prototype] { answer: 49 }");
    /// ```
    pub fn eval_module(&mut self, source: &str, name: &str) -> Result<runtime::Value, JsError> {
        self.vm.fuel = self.fuel_per_eval;
        let result = self
            .vm
            .parse_module(name, source)
            .and_then(|m| self.vm.run_module_graph(m));
        self.finish(result)
    }

    /// Load the module `specifier` with the module loader (as an entry point: no referrer), link
    /// and evaluate it. Returns its namespace object.
    pub fn run_module(&mut self, specifier: &str) -> Result<runtime::Value, JsError> {
        self.vm.fuel = self.fuel_per_eval;
        let request = compiler::module::ModuleRequest {
            specifier: specifier.to_string(),
            attributes: Vec::new(),
        };
        let result = self
            .vm
            .host_load_imported_module(None, &request)
            .and_then(|m| self.vm.run_module_graph(m));
        self.finish(result)
    }

    /// Where `eval_module` and `run_module` find imported modules.
    pub fn set_module_loader(&mut self, loader: Box<dyn host::modules::ModuleLoader>) {
        self.vm.set_module_loader(loader);
    }

    fn finish(&mut self, result: vm::JsResult<runtime::Value>) -> Result<runtime::Value, JsError> {
        match result {
            Ok(v) => Ok(v),
            Err(vm::Throw::Termination(reason)) => Err(JsError {
                name: "Termination".into(),
                message: reason.clone(),
                stack: reason,
            }),
            Err(vm::Throw::Exception(e)) => Err(self.error_from(e)),
        }
    }

    /// The bytecode of `source` (every function), as `kestrel --dump-bytecode` prints it.
    pub fn dump_bytecode(&mut self, source: &str, file: &str) -> Result<String, JsError> {
        let template = self.compile(source, file)?;
        Ok(bytecode::disasm::disassemble(&template, &mut self.vm.heap))
    }

    /// The bytecode of `source` compiled as a module (its top-level code: instantiation, then the
    /// body from the instruction after the first `Return`).
    pub fn dump_module_bytecode(&mut self, source: &str, file: &str) -> Result<String, JsError> {
        let parsed = syntax::parse(source, Goal::Module).map_err(|e| JsError {
            name: "SyntaxError".into(),
            message: e.message.clone(),
            stack: e.render(file, source),
        })?;
        let source_rc = Rc::new(bytecode::Source {
            name: file.to_string(),
            text: source.to_string(),
        });
        let compiled = compiler::module::compile_module(&parsed, source_rc, &mut self.vm.heap)
            .map_err(|e| JsError {
                name: "Unsupported".into(),
                message: e.message.clone(),
                stack: format!("Unsupported: {}", e.message),
            })?;
        Ok(bytecode::disasm::disassemble(
            &compiled.template,
            &mut self.vm.heap,
        ))
    }

    fn error_from(&mut self, e: runtime::Value) -> JsError {
        let vm = &mut self.vm;
        if e.is_object() {
            let name_key = vm.key("name");
            let message_key = vm.key("message");
            let stack_key = vm.key("stack");
            let name = vm.get_value(e, name_key).ok().filter(|v| !v.is_undefined());
            let message = vm
                .get_value(e, message_key)
                .ok()
                .filter(|v| !v.is_undefined());
            let stack = vm.get_value(e, stack_key).ok().filter(|v| v.is_string());
            // An object without a `name` (test262's Test262Error) is named by its constructor.
            let name = name.or_else(|| {
                let constructor = vm.key("constructor");
                let c = vm
                    .get_value(e, constructor)
                    .ok()
                    .filter(|c| c.is_object())?;
                let n = vm.get_value(c, name_key).ok()?;
                n.is_string().then_some(n)
            });
            let name = name
                .and_then(|v| vm.to_rust_string(v).ok())
                .unwrap_or_else(|| "Error".into());
            let message = message
                .and_then(|v| vm.to_rust_string(v).ok())
                .unwrap_or_default();
            let stack = stack
                .and_then(|v| vm.to_rust_string(v).ok())
                .unwrap_or_else(|| format!("{name}: {message}"));
            return JsError {
                name,
                message,
                stack,
            };
        }
        let shown = vm::inspect::inspect(vm, e, false).unwrap_or_else(|_| "<exception>".into());
        JsError {
            name: String::new(),
            message: shown.clone(),
            stack: shown,
        }
    }

    /// A value as `console.log` shows it.
    pub fn display(&mut self, v: runtime::Value) -> String {
        vm::inspect::inspect(&mut self.vm, v, true)
            .unwrap_or_else(|_| "<error while displaying>".into())
    }

    /// Limit execution to `fuel` loop iterations and calls per `eval` (`None`: no limit). Running out
    /// ends the script with a termination error that JavaScript cannot catch.
    pub fn set_fuel(&mut self, fuel: Option<u64>) {
        self.fuel_per_eval = fuel;
    }

    /// A handle that stops the running script from another thread (`store(true)`); the engine stays
    /// usable afterwards.
    pub fn interrupt_handle(&self) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        self.vm.interrupt.clone()
    }

    /// Install the test262 host object `$262` (for conformance runners).
    pub fn install_test262_host(&mut self) {
        builtins::host::install_test262_host(&mut self.vm);
    }

    /// Collect garbage at every allocation (slow; finds missing GC roots).
    pub fn set_gc_stress(&mut self, on: bool) {
        self.vm.heap.gc_stress = on;
    }

    /// Send console output to `sink` instead of stdout/stderr.
    pub fn set_console(&mut self, sink: impl FnMut(vm::ConsoleLevel, &str) + 'static) {
        self.vm.console = Box::new(sink);
    }
}

/// The crate version, as the CLI's `--version` prints it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

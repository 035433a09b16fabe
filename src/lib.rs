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
pub mod playground;
pub mod runtime;
pub mod syntax;
pub mod util;
pub mod vm;

#[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
pub mod jit;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use host::{LoopEvent, MicrotaskKind, TaskKind};
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
///
/// The event loop is the embedder's: `eval` runs a script and then a microtask checkpoint (as node
/// does after the main script); timers and queued tasks run when the embedder calls
/// `run_one_task` or `run_until_idle`. An exception thrown by a task or a microtask callback, and
/// a rejected promise still unhandled after a checkpoint (node's default
/// `--unhandled-rejections=throw`), stop the loop with an `Err`; the engine stays usable.
pub struct Engine {
    pub vm: vm::Vm,
    fuel_per_eval: Option<u64>,
    report_unhandled_rejections: bool,
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
            report_unhandled_rejections: true,
        }
    }

    /// Parse and compile `source` as a classic script named `file`.
    fn compile(
        &mut self,
        source: &str,
        file: &str,
    ) -> Result<Rc<bytecode::FunctionTemplate>, JsError> {
        let (parsed, source_rc) = parse_source(source, file, Goal::Script)?;
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

    /// Parse, compile and run `source` as a classic script named `file`, then drain the microtask
    /// queue (the checkpoint node runs after the main script); the script's completion value. An
    /// exception thrown by a microtask callback is returned as the error. Unhandled rejections are
    /// reported by the next `run_microtasks`/`run_one_task`/`run_until_idle`, not here; timers do
    /// not run here.
    pub fn eval(&mut self, source: &str, file: &str) -> Result<runtime::Value, JsError> {
        self.eval_keeping_template(source, file, &mut None)
    }

    /// `eval`, keeping the compiled script's template in `template` (the playground reads its
    /// hotness profile after the run).
    pub(crate) fn eval_keeping_template(
        &mut self,
        source: &str,
        file: &str,
        template: &mut Option<Rc<bytecode::FunctionTemplate>>,
    ) -> Result<runtime::Value, JsError> {
        let compiled = self.compile(source, file)?;
        *template = Some(compiled.clone());
        let template = compiled;
        self.vm.set_fuel(self.fuel_per_eval);
        let value = self
            .vm
            .run_script(template)
            .map_err(|t| self.throw_to_error(t))?;
        // `run_script` left `value` rooted.
        self.vm
            .run_microtasks()
            .map_err(|t| self.throw_to_error(t))?;
        Ok(value)
    }

    fn throw_to_error(&mut self, t: vm::Throw) -> JsError {
        match t {
            vm::Throw::Termination(reason) => JsError {
                name: "Termination".into(),
                message: reason.clone(),
                stack: reason,
            },
            vm::Throw::Exception(e) => self.error_from(e),
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The event loop (see `host`)

    /// A microtask checkpoint: run every queued microtask, then report rejected promises that are
    /// still unhandled (the first one is the `Err`, as node exits on it; see
    /// `set_report_unhandled_rejections`).
    pub fn run_microtasks(&mut self) -> Result<(), JsError> {
        self.vm
            .run_microtasks()
            .map_err(|t| self.throw_to_error(t))?;
        self.check_rejections()
    }

    /// Run one macrotask (the earliest due timer, else the oldest queued task, else wait for the
    /// next timer — sleeping on the real clock, jumping on the virtual one) and then a microtask
    /// checkpoint. `Ok(false)` when nothing was left to run.
    pub fn run_one_task(&mut self) -> Result<bool, JsError> {
        // First the leftovers: microtasks an error interrupted, rejections from `eval`'s checkpoint.
        self.run_microtasks()?;
        let ran = host::run_one_task(&mut self.vm).map_err(|t| self.throw_to_error(t))?;
        self.check_rejections()?;
        Ok(ran)
    }

    /// Run the tasks and timers that are ready now, without waiting for later timers (for hosts
    /// with their own scheduler, like a browser page: call it again at `next_timer_due`); how many
    /// tasks ran.
    pub fn run_ready_tasks(&mut self) -> Result<usize, JsError> {
        self.run_microtasks()?;
        let mut ran = 0;
        loop {
            let more = host::run_ready_task(&mut self.vm).map_err(|t| self.throw_to_error(t))?;
            self.check_rejections()?;
            if !more {
                return Ok(ran);
            }
            ran += 1;
        }
    }

    /// Run the loop until no microtask, task or timer is left (node's run to completion):
    /// `run_one_task` until it returns false. The first uncaught exception,
    /// unhandled rejection or termination stops it.
    pub fn run_until_idle(&mut self) -> Result<(), JsError> {
        while self.run_one_task()? {}
        Ok(())
    }

    /// Report the rejected promises that are still unhandled: to the tracer, and as the `Err`.
    fn check_rejections(&mut self) -> Result<(), JsError> {
        if !self.vm.has_tracked_rejections() {
            return Ok(());
        }
        let roots = self.vm.roots_len();
        let result = self.report_rejections();
        self.vm.truncate_roots(roots);
        result
    }

    fn report_rejections(&mut self) -> Result<(), JsError> {
        let rejected = self.vm.take_unhandled_rejections();
        let mut first = None;
        for (_, reason) in rejected {
            if self.vm.tracing() {
                let reason = self.display(reason);
                self.vm
                    .emit(LoopEvent::PromiseRejectionUnhandled { reason });
            }
            if first.is_none() {
                first = Some(reason);
            }
        }
        match first {
            Some(reason) if self.report_unhandled_rejections => {
                Err(self.unhandled_rejection_error(reason))
            }
            _ => Ok(()),
        }
    }

    /// The error node raises for an unhandled rejection: the reason itself when it is an error,
    /// else an `UnhandledPromiseRejection` naming it.
    fn unhandled_rejection_error(&mut self, reason: runtime::Value) -> JsError {
        let is_error = reason.as_object().is_some_and(|o| {
            matches!(
                self.vm.heap.object(o).kind,
                runtime::object::ObjectKind::Error
            )
        });
        if is_error {
            return self.error_from(reason);
        }
        let shown = match reason.kind() {
            runtime::value::Kind::String(s) => self.vm.heap.to_rust_string(s),
            runtime::value::Kind::Object(_) => "#<Object>".into(),
            _ => self.vm.describe_for_error(reason),
        };
        let message = format!(
            "This error originated either by throwing inside of an async function without a catch \
             block, or by rejecting a promise which was not handled with .catch(). The promise \
             rejected with the reason \"{shown}\"."
        );
        JsError {
            name: "UnhandledPromiseRejection".into(),
            stack: format!("UnhandledPromiseRejection: {message}"),
            message,
        }
    }

    /// Whether a rejected promise left unhandled after a checkpoint stops the loop with an `Err`
    /// (the default, like node); when off, it is only given to the tracer.
    pub fn set_report_unhandled_rejections(&mut self, on: bool) {
        self.report_unhandled_rejections = on;
    }

    /// Queue a task calling `function(...args)` (with `this` undefined); its id.
    pub fn enqueue_task(&mut self, function: runtime::Value, args: &[runtime::Value]) -> u64 {
        host::enqueue_task(
            &mut self.vm,
            host::TaskCallback::Js {
                function,
                args: args.to_vec(),
            },
        )
    }

    /// Queue a task running Rust code; its id.
    pub fn enqueue_native_task(
        &mut self,
        task: impl FnOnce(&mut vm::Vm) -> vm::JsResult<()> + 'static,
    ) -> u64 {
        host::enqueue_task(&mut self.vm, host::TaskCallback::Native(Box::new(task)))
    }

    /// Use a virtual clock (default off): waiting for a timer jumps straight to its due time, so
    /// runs are instant and deterministic (tests, the playground). On wasm32 waiting always jumps.
    pub fn set_virtual_clock(&mut self, on: bool) {
        self.vm.event_loop.set_virtual_clock(on);
    }

    /// The loop's clock: milliseconds since the engine started (virtual or real).
    pub fn now(&self) -> f64 {
        self.vm.event_loop.now()
    }

    /// Whether microtasks, tasks or timers are waiting.
    pub fn has_pending_work(&self) -> bool {
        host::has_pending_work(&self.vm)
    }

    /// Queued microtasks.
    pub fn pending_microtasks(&self) -> usize {
        self.vm.jobs.len()
    }

    /// Queued tasks (not counting timers).
    pub fn pending_tasks(&self) -> usize {
        self.vm.event_loop.pending_tasks()
    }

    /// Armed timers.
    pub fn pending_timers(&self) -> usize {
        self.vm.event_loop.pending_timers()
    }

    /// When the next timer is due (in `now()`'s time), if any.
    pub fn next_timer_due(&self) -> Option<f64> {
        self.vm.event_loop.next_timer_due()
    }

    /// Receive every event of the loop (tasks, microtasks, timers, awaits, unhandled rejections);
    /// `None` removes the tracer. Costs one check per event when off.
    pub fn set_loop_tracer(&mut self, tracer: Option<host::LoopTracer>) {
        self.vm.jobs.tracer = tracer;
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
        self.vm.set_fuel(self.fuel_per_eval);
        let result = self
            .vm
            .parse_module(name, source)
            .and_then(|m| self.vm.run_module_graph(m));
        self.finish(result)
    }

    /// Load the module `specifier` with the module loader (as an entry point: no referrer), link
    /// and evaluate it. Returns its namespace object.
    pub fn run_module(&mut self, specifier: &str) -> Result<runtime::Value, JsError> {
        self.vm.set_fuel(self.fuel_per_eval);
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
        let (parsed, source_rc) = parse_source(source, file, Goal::Module)?;
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

    /// A handle that stops the running script from another thread (`interrupt()`); the engine
    /// stays usable afterwards.
    pub fn interrupt_handle(&self) -> vm::InterruptHandle {
        self.vm.interrupt_handle()
    }

    /// Install the test262 host object `$262` (for conformance runners).
    pub fn install_test262_host(&mut self) {
        builtins::host::install_test262_host(&mut self.vm);
    }

    /// The JIT's mode, threshold and tracing (`--jit`, `--jit-threshold`, `--trace-jit`). The JIT is
    /// on by default (it compiles hot functions), and always off on wasm32 and without the `jit`
    /// feature.
    pub fn set_jit(&mut self, options: vm::JitOptions) {
        self.vm.jit_options = options;
        if options.mode != vm::JitMode::Profile
            && !cfg!(all(feature = "jit", not(target_arch = "wasm32")))
        {
            self.vm.jit_options.mode = vm::JitMode::Off;
        }
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

/// Parse `source` named `file` with `goal`: the AST and the engine's copy of the source, or the
/// SyntaxError with its code frame.
fn parse_source(
    source: &str,
    file: &str,
    goal: Goal,
) -> Result<(syntax::Parsed, Rc<bytecode::Source>), JsError> {
    let parsed = syntax::parse(source, goal).map_err(|e| JsError {
        name: "SyntaxError".into(),
        message: e.message.clone(),
        stack: e.render(file, source),
    })?;
    let source_rc = Rc::new(bytecode::Source::new(file.to_string(), source.to_string()));
    Ok((parsed, source_rc))
}

//! wasm-bindgen exports for the playground and the npm package (wasm32 only).
//!
//! A thin layer over `crate::playground`: each export turns that module's `Json` result into a
//! JavaScript value (`JSON.parse`) and its options object into Rust values. The TypeScript section
//! below is the package's typed API; keep it in step with `playground` (the wasm tests in
//! `tests.rs` read the same fields).
//!
//! Architecture Invariant: these functions use the same public API as the CLI; they return plain
//! data and never expose interpreter internals.

use crate::playground::{self as pg, Json};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options of `evaluate`, `tokens`, `ast`, `bytecode` and `Session`. */
export interface Options {
  /** Parse and run the source as an ES module (default: a classic script). */
  module?: boolean;
  /** Instruction budget (loop iterations and calls) for the whole run, event loop included. */
  fuel?: number;
}

/** Options of `new Session`. */
export interface SessionOptions extends Options {
  /** The most steps recorded (default 10000); the run stops there. */
  maxSteps?: number;
}

/** A source range: UTF-16 offsets, 1-based line and column of `start`. */
export interface Span { start: number; end: number; line: number; column: number; }

/** An uncaught error; `line`/`column` (1-based) locate it in the source when known. */
export interface KestrelError {
  name: string;
  message: string;
  line: number | null;
  column: number | null;
  stack: string;
}

/** One console call. */
export interface ConsoleLine { level: "log" | "info" | "warn" | "error"; text: string; }

export interface EvalResult {
  ok: boolean;
  /** The completion value as the REPL shows it (`null` when `ok` is false). */
  value: string | null;
  /** Console output in order, timers and promises included. */
  output: ConsoleLine[];
  error: KestrelError | null;
  /** Where native Kestrel's JIT would compile: the run's hotness profile. */
  profile: Profile;
}

/** The hotness profile native Kestrel keeps per function (the wasm build never compiles). */
export interface Profile {
  /** The run's hotness threshold in weighted units (the CLI's `--jit-threshold`). */
  threshold: number;
  /** `id` is the function's index in `bytecode(source).functions`. `units`: the work counted
   * (bytecode bytes run by loop iterations and returns); `threshold`: the units after which this
   * function is hot (the run's threshold, or more for a big function); `hot`: native Kestrel
   * compiles it. */
  functions: { id: number; units: number; threshold: number; hot: boolean }[];
}

export interface Token {
  kind: "Identifier" | "Keyword" | "Punctuator" | "Numeric" | "BigInt" | "String" | "Template"
    | "RegularExpression" | "Null" | "Boolean" | "PrivateName";
  text: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface Operand {
  kind: "reg" | "regOut" | "regList" | "const" | "imm" | "uimm" | "feedback" | "jump";
  value: number;
  text: string;
}

export interface Instruction {
  offset: number;
  length: number;
  opcode: string;
  operands: Operand[];
  /** The source range the instruction belongs to. */
  span: Span | null;
  /** A statement or expression starts here (a step of the stepper). */
  statement: boolean;
}

export interface BytecodeFunction {
  id: number;
  name: string;
  kind: "script" | "eval" | "function" | "arrow" | "method" | "constructor";
  coroutine: "generator" | "async" | "asyncGenerator" | null;
  strict: boolean;
  span: Span;
  parameters: number;
  length: number;
  registers: number;
  feedbackSlots: number;
  constants: { index: number; kind: string; text: string }[];
  handlers: { start: number; end: number; handler: number; contextDepth: number }[];
  instructions: Instruction[];
}

export interface Bytecode {
  /** The top-level code first, then nested functions breadth first. */
  functions: BytecodeFunction[];
  /** Modules: where the body starts (before it: the environment's initialization). */
  moduleBodyStart: number | null;
}

export interface OpcodeInfo { code: number; name: string; operands: Operand["kind"][]; doc: string; }

export interface Binding {
  name: string;
  /** `uninitialized`: in the temporal dead zone. */
  state: "value" | "uninitialized";
  /** The value as `console.log` shows it, or `<uninitialized>`. */
  value: string;
  /** Lives in a closure context (captured) rather than a register. */
  captured: boolean;
  /** The heap node (`Snapshot.heap`) of the object it holds. */
  ref: string | null;
}

/** A property, element, internal slot (`[[PromiseState]]`) or environment binding of a heap node. */
export interface HeapProperty {
  key: string;
  /** A primitive as `console.log` shows it, or the referenced node's label. */
  value: string;
  ref: string | null;
}

/** An object (`o<N>`) or a closure's environment (`e<N>`) reachable from the shown bindings. */
export interface HeapNode {
  id: string;
  kind: "object" | "array" | "function" | "class" | "environment" | "promise" | "map" | "set"
    | "error" | "date" | "regexp" | "generator" | "asyncgenerator" | "asyncfunction" | "proxy"
    | "arguments" | "weakmap" | "weakset" | "module" | "wrapper" | "iterator";
  /** `Object`, `Point`, `Array(3)`, `[Function: f]`, `Environment`, … */
  label: string;
  properties: HeapProperty[];
  /** The ids its properties refer to, in order, without repeats. */
  references: string[];
  /** Some properties were left out (at most 24 are shown). */
  truncated: boolean;
}

export interface ExecutionContext {
  kind: "global" | "function" | "eval" | "module";
  function: string;
  phase: "creation" | "execution";
  span: Span;
  functionSpan: Span;
  offset: number;
  this: string;
  /** The heap node of `this` when it is an object other than the global object. */
  thisRef: string | null;
  accumulator: string;
  registers: string[];
  bindings: Binding[];
}

export interface LoopJob {
  id: number;
  kind: string;
  callback: string;
  due?: number;
  delay?: number;
  repeat?: boolean;
}

export interface LoopState {
  /** The virtual clock, in milliseconds. */
  now: number;
  running: LoopJob | null;
  tasks: LoopJob[];
  microtasks: LoopJob[];
  /** Armed timers in firing order. */
  timers: LoopJob[];
  /** Functions suspended at an `await`. */
  awaiting: string[];
}

export interface Snapshot {
  step: number;
  steps: number;
  done: boolean;
  phase: "creation" | "execution";
  /** The innermost function is about to return (`span` is its last character). */
  returning: boolean;
  depth: number;
  offset: number;
  function: string | null;
  span: Span | null;
  /** Outermost first. */
  stack: ExecutionContext[];
  /** Objects and environments reachable from the stack's bindings and `this`, breadth first from
   * the innermost context (at most 40). */
  heap: HeapNode[];
  loop: LoopState;
  output: ConsoleLine[];
  /** How many loop events happened before this step. */
  events: number;
}

export interface LoopEvent {
  step: number;
  type: "taskEnqueued" | "taskStarted" | "taskFinished" | "microtaskEnqueued" | "microtaskStarted"
    | "microtaskFinished" | "timerAdded" | "timerFired" | "timerCleared" | "awaitSuspended"
    | "awaitResumed" | "promiseRejectionUnhandled";
  [field: string]: unknown;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// An `Options` object (typed in the section above).
    #[wasm_bindgen(typescript_type = "Options")]
    pub type OptionsArg;

    /// A `SessionOptions` object.
    #[wasm_bindgen(typescript_type = "SessionOptions")]
    pub type SessionOptionsArg;
}

fn to_js(json: &Json) -> JsValue {
    js_sys::JSON::parse(&json.to_text()).unwrap_or(JsValue::NULL)
}

/// A JavaScript `Error` carrying the fields of a `KestrelError`.
fn to_error(json: &Json) -> JsValue {
    let message = json.get("message").and_then(Json::as_str).unwrap_or("");
    let error = js_sys::Error::new(message);
    if let Some(name) = json.get("name").and_then(Json::as_str) {
        error.set_name(name);
    }
    let value: JsValue = error.into();
    for key in ["line", "column", "stack"] {
        let field = json.get(key).map(to_js).unwrap_or(JsValue::NULL);
        let _ = js_sys::Reflect::set(&value, &key.into(), &field);
    }
    value
}

fn field(options: Option<&JsValue>, key: &str) -> JsValue {
    match options {
        Some(o) if o.is_object() => {
            js_sys::Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
        }
        _ => JsValue::UNDEFINED,
    }
}

fn count(options: Option<&JsValue>, key: &str) -> Option<u64> {
    field(options, key)
        .as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .map(|n| n as u64)
}

fn eval_options(options: Option<&JsValue>) -> pg::EvalOptions {
    pg::EvalOptions {
        module: field(options, "module").is_truthy(),
        fuel: count(options, "fuel"),
    }
}

/// The engine version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Run `source` to completion (the script or module, then its timers and promises on a virtual
/// clock).
#[wasm_bindgen(unchecked_return_type = "EvalResult")]
pub fn evaluate(source: &str, options: Option<OptionsArg>) -> JsValue {
    to_js(&pg::evaluate(source, &eval_options(options.as_deref())))
}

/// The tokens of `source` as the parser reads them (up to a syntax error, if any).
#[wasm_bindgen(unchecked_return_type = "Token[]")]
pub fn tokens(source: &str, options: Option<OptionsArg>) -> JsValue {
    to_js(&pg::tokens(source, eval_options(options.as_deref()).module))
}

/// The ESTree AST of `source` (acorn's format, with `loc`); throws a `SyntaxError`-named Error.
#[wasm_bindgen(unchecked_return_type = "any")]
pub fn ast(source: &str, options: Option<OptionsArg>) -> Result<JsValue, JsValue> {
    match pg::ast(source, eval_options(options.as_deref()).module) {
        Ok(text) => js_sys::JSON::parse(&text),
        Err(e) => Err(to_error(&e)),
    }
}

/// The compiled functions of `source`; throws on a syntax error.
#[wasm_bindgen(unchecked_return_type = "Bytecode")]
pub fn bytecode(source: &str, options: Option<OptionsArg>) -> Result<JsValue, JsValue> {
    match pg::bytecode(source, eval_options(options.as_deref()).module) {
        Ok(b) => Ok(to_js(&b)),
        Err(e) => Err(to_error(&e)),
    }
}

/// The opcode table with one-line docs.
#[wasm_bindgen(unchecked_return_type = "OpcodeInfo[]")]
pub fn opcodes() -> JsValue {
    to_js(&pg::opcodes())
}

/// A recorded run of `source` to step through: the constructor runs the program once, recording
/// a snapshot per step (up to `maxSteps`); the methods move through the recording.
#[wasm_bindgen]
pub struct Session {
    inner: pg::Session,
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new(source: &str, options: Option<SessionOptionsArg>) -> Session {
        let options = options.as_deref();
        let max_steps =
            count(options, "maxSteps").map_or(pg::session::DEFAULT_MAX_STEPS, |n| n as usize);
        let options = pg::SessionOptions {
            eval: eval_options(options),
            max_steps,
        };
        Session {
            inner: pg::Session::new(source, &options),
        }
    }

    /// The current snapshot (`null` when nothing was recorded, e.g. after a syntax error).
    #[wasm_bindgen(unchecked_return_type = "Snapshot | null")]
    pub fn snapshot(&self) -> JsValue {
        to_js(&self.inner.snapshot())
    }

    /// Go to the next step.
    #[wasm_bindgen(unchecked_return_type = "Snapshot | null")]
    pub fn step(&mut self) -> JsValue {
        to_js(&self.inner.step())
    }

    /// Go to the next step in this function or a caller.
    #[wasm_bindgen(js_name = stepOver, unchecked_return_type = "Snapshot | null")]
    pub fn step_over(&mut self) -> JsValue {
        to_js(&self.inner.step_over())
    }

    /// Go to the next step in a caller.
    #[wasm_bindgen(js_name = stepOut, unchecked_return_type = "Snapshot | null")]
    pub fn step_out(&mut self) -> JsValue {
        to_js(&self.inner.step_out())
    }

    /// Go to the previous step.
    #[wasm_bindgen(js_name = stepBack, unchecked_return_type = "Snapshot | null")]
    pub fn step_back(&mut self) -> JsValue {
        to_js(&self.inner.step_back())
    }

    /// Go to the last recorded step.
    #[wasm_bindgen(unchecked_return_type = "Snapshot | null")]
    pub fn run(&mut self) -> JsValue {
        to_js(&self.inner.run())
    }

    /// Go to step `n` (clamped to the recording).
    #[wasm_bindgen(js_name = goTo, unchecked_return_type = "Snapshot | null")]
    pub fn go_to(&mut self, n: u32) -> JsValue {
        to_js(&self.inner.go_to(n as usize))
    }

    /// How many steps were recorded.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// The current step (from 0).
    #[wasm_bindgen(getter)]
    pub fn index(&self) -> u32 {
        self.inner.index() as u32
    }

    /// The step cap stopped the run.
    #[wasm_bindgen(getter)]
    pub fn truncated(&self) -> bool {
        self.inner.truncated()
    }

    /// The whole run's outcome, as `evaluate` reports it.
    #[wasm_bindgen(getter, unchecked_return_type = "EvalResult")]
    pub fn result(&self) -> JsValue {
        to_js(self.inner.result())
    }

    /// Every event of the event loop, with the step it happened before.
    #[wasm_bindgen(unchecked_return_type = "LoopEvent[]")]
    pub fn events(&self) -> JsValue {
        to_js(&self.inner.events())
    }
}

#[cfg(test)]
mod tests;

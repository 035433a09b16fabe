//! The playground's view of the engine: every stage of the pipeline as plain data.
//!
//! `evaluate`, `tokens`, `ast`, `bytecode`, `opcodes` and `Session` (the recorded stepper in
//! `session.rs`) return `Json` trees. They run on every target, so the native test suite covers
//! them; `src/wasm.rs` exposes them to JavaScript through wasm-bindgen (as objects, via
//! `JSON.parse`), and the npm package's `.d.ts` documents their shapes.
//!
//! Positions: `start`/`end` are UTF-16 offsets into the source (what JavaScript strings index),
//! lines count from 1 and columns from 1 (UTF-16 code units), except in the ESTree AST, whose
//! columns count from 0 as acorn's do. Every input gives a result or a JavaScript-style error
//! object — never a panic.

pub mod json;
pub mod session;

pub use json::Json;
pub use session::{Session, SessionOptions};

use crate::bytecode::opcodes::Operand;
use crate::bytecode::template::{decode, FunctionTemplate};
use crate::bytecode::{disasm, Constant, Opcode};
use crate::syntax::{self, Goal, LineIndex, Span};
use crate::{Engine, JsError};
use std::cell::RefCell;
use std::rc::Rc;

/// The name scripts get in stack traces and error positions.
pub const SCRIPT_NAME: &str = "playground.js";
/// The name module code gets.
pub const MODULE_NAME: &str = "playground.mjs";

/// What `evaluate` and `Session` accept.
#[derive(Clone, Copy, Debug, Default)]
pub struct EvalOptions {
    /// Run the source as an ES module (imports fail: there is no module but this one).
    pub module: bool,
    /// The instruction budget (loop iterations and calls) for the whole run, event loop included;
    /// `None` runs without a limit.
    pub fuel: Option<u64>,
}

fn goal(module: bool) -> Goal {
    if module {
        Goal::Module
    } else {
        Goal::Script
    }
}

/// A position object `{ start, end, line, column }` for a byte span of `source`.
pub(crate) fn span_json(index: &LineIndex, span: Span) -> Json {
    let len = index.text().len() as u32;
    let (start, end) = (span.start.min(len), span.end.min(len));
    let pos = index.position(start);
    Json::object(vec![
        ("start", index.utf16_offset(start).into()),
        ("end", index.utf16_offset(end.max(start)).into()),
        ("line", pos.line.into()),
        ("column", (pos.column + 1).into()),
    ])
}

/// The error object `{ name, message, line, column, stack }` of a syntax error.
pub fn syntax_error_json(e: &syntax::SyntaxError, source: &str, file: &str) -> Json {
    let index = LineIndex::new(source);
    let pos = index.position(e.span.start.min(source.len() as u32));
    Json::object(vec![
        ("name", "SyntaxError".into()),
        ("message", e.message.clone().into()),
        ("line", pos.line.into()),
        ("column", (pos.column + 1).into()),
        ("stack", e.render(file, source).into()),
    ])
}

/// The error object of an uncaught exception or a termination; `line`/`column` come from the
/// innermost stack frame in `file` (`null` when there is none, e.g. a thrown string).
pub fn error_json(e: &JsError, file: &str) -> Json {
    let (line, column) = match location_in_stack(&e.stack, file) {
        Some((l, c)) => (Json::num(l), Json::num(c)),
        None => (Json::Null, Json::Null),
    };
    Json::object(vec![
        ("name", e.name.clone().into()),
        ("message", e.message.clone().into()),
        ("line", line),
        ("column", column),
        ("stack", e.stack.clone().into()),
    ])
}

/// The first `file:line:column` in a stack trace.
fn location_in_stack(stack: &str, file: &str) -> Option<(u32, u32)> {
    fn number(s: &str) -> Option<(u32, &str)> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        Some((s[..digits].parse().ok()?, &s[digits..]))
    }
    let pattern = format!("{file}:");
    stack.match_indices(&pattern).find_map(|(at, _)| {
        let (line, rest) = number(&stack[at + pattern.len()..])?;
        let (column, _) = number(rest.strip_prefix(':')?)?;
        Some((line, column))
    })
}

// -------------------------------------------------------------------------------------------------
// Tokens and the AST

/// The tokens of `source` (Script goal, or Module with `module`), as the parser reads them:
/// `[{ kind, text, start, end, line, column }]` with `kind` the esprima category. On a syntax error
/// the list stops where the error is.
pub fn tokens(source: &str, module: bool) -> Json {
    let (tokens, _interner, _error) = syntax::tokenize(source, goal(module));
    let index = LineIndex::new(source);
    let mut out = Vec::with_capacity(tokens.len());
    for tok in tokens {
        if tok.kind == syntax::token::TokenKind::Eof {
            continue;
        }
        let (s, e) = (tok.span.start as usize, tok.span.end as usize);
        let text = source.get(s..e).unwrap_or_default();
        let pos = index.position(tok.span.start);
        out.push(Json::object(vec![
            ("kind", tok.kind.category().into()),
            ("text", text.into()),
            ("start", index.utf16_offset(tok.span.start).into()),
            ("end", index.utf16_offset(tok.span.end).into()),
            ("line", pos.line.into()),
            ("column", (pos.column + 1).into()),
        ]));
    }
    Json::Array(out)
}

/// The ESTree JSON text of `source`, as `kestrel --dump-ast` prints it, or the syntax error.
pub fn ast(source: &str, module: bool) -> Result<String, Json> {
    let file = if module { MODULE_NAME } else { SCRIPT_NAME };
    match syntax::parse(source, goal(module)) {
        Ok(parsed) => Ok(syntax::estree::to_json(&parsed, source)),
        Err(e) => Err(syntax_error_json(&e, source, file)),
    }
}

// -------------------------------------------------------------------------------------------------
// Bytecode

/// The compiled functions of `source`: `{ functions: [...] }`, the top-level code first, then every
/// nested function (breadth first, as `--dump-bytecode`), or the syntax or compile error.
pub fn bytecode(source: &str, module: bool) -> Result<Json, Json> {
    let file = if module { MODULE_NAME } else { SCRIPT_NAME };
    let parsed =
        syntax::parse(source, goal(module)).map_err(|e| syntax_error_json(&e, source, file))?;
    let mut engine = Engine::new();
    let text = Rc::new(crate::bytecode::Source::new(
        file.to_string(),
        source.to_string(),
    ));
    let compiled = if module {
        crate::compiler::module::compile_module(&parsed, text, &mut engine.vm.heap)
            .map(|c| (c.template, Some(c.body_start)))
    } else {
        crate::compiler::compile_script(&parsed, text, &mut engine.vm.heap).map(|t| (t, None))
    };
    let (template, body_start) = compiled.map_err(|e| {
        let index = LineIndex::new(source);
        let pos = index.position(e.span.start.min(source.len() as u32));
        Json::object(vec![
            ("name", "SyntaxError".into()),
            ("message", format!("Unsupported: {}", e.message).into()),
            ("line", pos.line.into()),
            ("column", (pos.column + 1).into()),
            (
                "stack",
                format!(
                    "Unsupported: {}\n    at {file}:{}:{}",
                    e.message,
                    pos.line,
                    pos.column + 1
                )
                .into(),
            ),
        ])
    })?;
    let index = LineIndex::new(source);
    let functions: Vec<Json> = all_functions(&template)
        .iter()
        .enumerate()
        .map(|(id, t)| function_json(id, t, &mut engine, &index))
        .collect();
    Ok(Json::object(vec![
        ("functions", Json::Array(functions)),
        ("moduleBodyStart", Json::opt(body_start.map(Json::from))),
    ]))
}

/// `template` and every function nested in it, breadth first (the disassembler's order).
pub(crate) fn all_functions(template: &Rc<FunctionTemplate>) -> Vec<Rc<FunctionTemplate>> {
    let mut out = vec![template.clone()];
    let mut i = 0;
    while i < out.len() {
        let nested: Vec<_> = out[i]
            .constants
            .iter()
            .filter_map(|c| match c {
                Constant::Function(f) => Some(f.clone()),
                _ => None,
            })
            .collect();
        out.extend(nested);
        i += 1;
    }
    out
}

fn kind_name(t: &FunctionTemplate) -> &'static str {
    use crate::bytecode::FunctionKind::*;
    match t.kind {
        Script => "script",
        Eval => "eval",
        Normal => "function",
        Arrow => "arrow",
        Method => "method",
        ClassConstructor { .. } => "constructor",
    }
}

fn function_name(t: &FunctionTemplate, engine: &mut Engine) -> String {
    match t.name {
        Some(n) => engine.vm.heap.to_rust_string(n),
        None if matches!(t.kind, crate::bytecode::FunctionKind::Script) => "<top level>".into(),
        None => "<anonymous>".into(),
    }
}

fn operand_kind(kind: Operand) -> &'static str {
    match kind {
        Operand::Reg => "reg",
        Operand::RegOut => "regOut",
        Operand::RegList => "regList",
        Operand::Const => "const",
        Operand::Imm => "imm",
        Operand::UImm => "uimm",
        Operand::Feedback => "feedback",
        Operand::Jump => "jump",
    }
}

fn constant_kind(c: &Constant) -> &'static str {
    match c {
        Constant::Number(_) => "number",
        Constant::String(_) => "string",
        Constant::BigInt(_) => "bigint",
        Constant::Function(_) => "function",
        Constant::Scope(_) => "scope",
        Constant::ArgumentsMap(_) => "arguments",
        Constant::EvalVars(_) => "eval",
        Constant::Globals(_) => "globals",
        Constant::TemplateSite(_) => "template",
    }
}

fn function_json(id: usize, t: &FunctionTemplate, engine: &mut Engine, index: &LineIndex) -> Json {
    let heap = &mut engine.vm.heap;
    let constants: Vec<Json> = (0..t.constants.len())
        .map(|i| {
            Json::object(vec![
                ("index", i.into()),
                ("kind", constant_kind(&t.constants[i]).into()),
                ("text", disasm::constant_text(t, i, heap).into()),
            ])
        })
        .collect();
    let handlers: Vec<Json> = t
        .handlers
        .iter()
        .map(|h| {
            Json::object(vec![
                ("start", h.start.into()),
                ("end", h.end.into()),
                ("handler", h.handler.into()),
                ("contextDepth", h.context_depth.into()),
            ])
        })
        .collect();
    let mut instructions = Vec::new();
    let code = t.bytecode();
    let mut pc = 0u32;
    while (pc as usize) < code.len() {
        let ins = decode(code, pc);
        let operands: Vec<Json> = ins
            .opcode
            .operands()
            .iter()
            .enumerate()
            .map(|(k, &kind)| {
                let v = ins.operands[k];
                Json::object(vec![
                    ("kind", operand_kind(kind).into()),
                    ("value", Json::num(v as f64)),
                    ("text", disasm::operand_text(t, kind, v, heap).into()),
                ])
            })
            .collect();
        let starts_position = t.positions.binary_search_by_key(&pc, |p| p.0).is_ok();
        instructions.push(Json::object(vec![
            ("offset", pc.into()),
            ("length", ins.len.into()),
            ("opcode", ins.opcode.name().into()),
            ("operands", Json::Array(operands)),
            (
                "span",
                Json::opt(t.span_at(pc).map(|s| span_json(index, s))),
            ),
            ("statement", starts_position.into()),
        ]));
        pc += ins.len.max(1);
    }
    let name = function_name(t, engine);
    let coroutine = match t.coroutine {
        None => Json::Null,
        Some(crate::bytecode::template::CoroutineKind::Generator) => "generator".into(),
        Some(crate::bytecode::template::CoroutineKind::Async) => "async".into(),
        Some(crate::bytecode::template::CoroutineKind::AsyncGenerator) => "asyncGenerator".into(),
    };
    Json::object(vec![
        ("id", id.into()),
        ("name", name.into()),
        ("kind", kind_name(t).into()),
        ("coroutine", coroutine),
        ("strict", t.strict.into()),
        ("span", span_json(index, t.span)),
        ("parameters", t.param_count.into()),
        ("length", t.length.into()),
        ("registers", t.register_count.into()),
        ("feedbackSlots", t.feedback_count.into()),
        ("constants", Json::Array(constants)),
        ("handlers", Json::Array(handlers)),
        ("instructions", Json::Array(instructions)),
    ])
}

/// The opcode table: `[{ code, name, operands: [kind...], doc }]`.
pub fn opcodes() -> Json {
    Json::Array(
        Opcode::ALL
            .iter()
            .map(|&op| {
                Json::object(vec![
                    ("code", (op as u32).into()),
                    ("name", op.name().into()),
                    (
                        "operands",
                        Json::Array(
                            op.operands()
                                .iter()
                                .map(|&k| operand_kind(k).into())
                                .collect(),
                        ),
                    ),
                    ("doc", op.doc().into()),
                ])
            })
            .collect(),
    )
}

// -------------------------------------------------------------------------------------------------
// Evaluation

/// One console line: `{ level, text }` (`log`, `info`, `warn` or `error`).
#[derive(Clone, Debug)]
pub(crate) struct ConsoleLine {
    pub level: &'static str,
    pub text: String,
}

impl ConsoleLine {
    pub fn to_json(&self) -> Json {
        Json::object(vec![
            ("level", self.level.into()),
            ("text", self.text.clone().into()),
        ])
    }
}

pub(crate) type Output = Rc<RefCell<Vec<ConsoleLine>>>;

/// A new engine on the virtual clock whose console writes to the returned buffer.
pub(crate) fn engine_with_output(options: &EvalOptions) -> (Engine, Output) {
    let mut engine = Engine::new();
    engine.set_virtual_clock(true);
    engine.set_fuel(options.fuel);
    // Count hotness as native Kestrel does, to show where its JIT would compile (never compiles).
    engine.set_jit(crate::vm::JitOptions {
        mode: crate::vm::JitMode::Profile,
        ..crate::vm::JitOptions::default()
    });
    let output: Output = Rc::default();
    let sink = output.clone();
    engine.set_console(move |level, text| {
        let level = match level {
            crate::vm::ConsoleLevel::Log => "log",
            crate::vm::ConsoleLevel::Info => "info",
            crate::vm::ConsoleLevel::Warn => "warn",
            crate::vm::ConsoleLevel::Error => "error",
        };
        sink.borrow_mut().push(ConsoleLine {
            level,
            text: text.to_string(),
        });
    });
    (engine, output)
}

/// Run the source in `engine` (script or module), then the event loop until idle; the completion
/// value as the REPL shows it (for a module, its namespace object).
pub(crate) fn run_to_completion(
    engine: &mut Engine,
    source: &str,
    options: &EvalOptions,
    template: &mut Option<Rc<FunctionTemplate>>,
) -> Result<String, Json> {
    let file = if options.module {
        MODULE_NAME
    } else {
        SCRIPT_NAME
    };
    // Parse first, so that a syntax error carries its exact position.
    if let Err(e) = syntax::parse(source, goal(options.module)) {
        return Err(syntax_error_json(&e, source, file));
    }
    let value = if options.module {
        engine.set_module_loader(Box::new(crate::host::modules::MemoryLoader::new()));
        let value = engine.eval_module(source, file);
        *template = engine
            .vm
            .modules
            .records
            .iter()
            .find_map(|m| match &m.body {
                crate::vm::module::Body::Source(c) if m.key == file => Some(c.template.clone()),
                _ => None,
            });
        value
    } else {
        engine.eval_keeping_template(source, file, template)
    };
    let value = value.map_err(|e| error_json(&e, file))?;
    let show = |engine: &mut Engine| {
        crate::vm::inspect::inspect(&mut engine.vm, value, false)
            .unwrap_or_else(|_| "<error while displaying>".into())
    };
    // A script's value as the script left it (as the REPL shows it); a module's namespace once
    // its top-level `await`s have finished.
    let shown = (!options.module).then(|| show(engine));
    let roots = engine.vm.roots_len();
    engine.vm.root(value);
    let idle = engine.run_until_idle();
    let shown = shown.unwrap_or_else(|| show(engine));
    engine.vm.truncate_roots(roots);
    idle.map_err(|e| error_json(&e, file))?;
    Ok(shown)
}

/// Run `source` to completion — the script (or module), then its timers and promises on the
/// virtual clock — and report `{ ok, value, output, error }`.
pub fn evaluate(source: &str, options: &EvalOptions) -> Json {
    let (mut engine, output) = engine_with_output(options);
    let mut template = None;
    let result = run_to_completion(&mut engine, source, options, &mut template);
    let output = Json::Array(output.borrow().iter().map(ConsoleLine::to_json).collect());
    let profile = profile_json(template.as_ref(), &engine);
    match result {
        Ok(value) => Json::object(vec![
            ("ok", true.into()),
            ("value", value.into()),
            ("output", output),
            ("error", Json::Null),
            ("profile", profile),
        ]),
        Err(error) => Json::object(vec![
            ("ok", false.into()),
            ("value", Json::Null),
            ("output", output),
            ("error", error),
            ("profile", profile),
        ]),
    }
}

/// The hotness profile of a run: `{ threshold, functions: [{ id, units, threshold, hot }] }`,
/// `id` being the function's index in `bytecode()`'s list. `units` is the weighted work counted
/// once the function's budget was armed (bytecode bytes run by loops and returns; see
/// `vm/tier.rs`); a function is `hot` once it has spent its own `threshold` (the run's, or more
/// for a big function): native Kestrel compiles it there with the JIT on.
fn profile_json(template: Option<&Rc<FunctionTemplate>>, engine: &Engine) -> Json {
    use crate::bytecode::template::Tier;
    let functions = template.map_or_else(Vec::new, |t| {
        all_functions(t)
            .iter()
            .enumerate()
            .map(|(id, t)| {
                let (state, budget) = (t.tier.state.get(), t.tier.budget.get());
                let threshold = engine.vm.hot_budget(t) as f64;
                let units = match state {
                    Tier::UNARMED => 0.0,
                    Tier::COLD => (threshold - budget.max(0) as f64).max(0.0),
                    _ => threshold,
                };
                Json::object(vec![
                    ("id", id.into()),
                    ("units", Json::num(units)),
                    ("threshold", Json::num(threshold)),
                    (
                        "hot",
                        (state != Tier::UNARMED && state != Tier::COLD).into(),
                    ),
                ])
            })
            .collect()
    });
    Json::object(vec![
        (
            "threshold",
            Json::num(engine.vm.jit_options.threshold as f64),
        ),
        ("functions", Json::Array(functions)),
    ])
}

#[cfg(test)]
mod tests;

//! The `kestrel` command-line tool.
//!
//! Output contracts (other tools rely on them):
//! - `--dump-tokens FILE`: one token per line, `line:column<TAB>kind<TAB>text` (1-based line and column,
//!   columns in UTF-16 code units; the text is JSON-quoted).
//! - `--dump-ast FILE`: ESTree JSON as acorn prints it (`ecmaVersion: "latest"`, `locations: true`).
//! - `--check FILE`: parse only; exit 0 when valid, 1 with the SyntaxError on stderr otherwise.
//!
//! `--module` (or a `.mjs` file) selects the Module goal: the file runs as an ES module, its imports
//! resolved on the file system relative to the importing file. `--preload FILE` (repeatable) runs FILE
//! as a classic script in the same realm first (e.g. a test harness). Exit status 2 means the file could
//! not be read or the command line was wrong.

use kestrel::syntax::{self, Goal, LineIndex};
use std::process::ExitCode;

const USAGE: &str = "usage: kestrel [options] FILE   or   kestrel -e CODE   or   kestrel (a REPL)
  FILE              run the script FILE
  -e CODE           run CODE
  --dump-bytecode   print the bytecode of every function
  --gc-stress       collect garbage at every allocation
  --test262-host    install the test262 host object $262
  --trace           print the call stack of execution contexts and their bindings at every step
  --check           parse only: exit 0 if valid, 1 with the SyntaxError otherwise
  --dump-tokens     print one token per line: line:column, kind, text
  --dump-ast        print the ESTree JSON of the AST (acorn's format)
  --module          run (or parse) FILE as an ES module (default for .mjs files)
  --preload FILE    run FILE as a classic script first, in the same realm (repeatable)
  --jit=off|on|eager  the Cranelift tier: off, compile hot functions (default), or every function
                    at its first call (for testing)
  --fuel N          stop the script after N loop iterations and calls (a termination)
  --jit-threshold N  hotness (weighted bytecode bytes) before a function is compiled
  --trace-jit       print tier-ups, deopts (reason, bytecode offset), code sizes and compile times
  --print-clif[=NAME]  print the Cranelift IR of each compiled function (or those named NAME;
                    bytecode offsets as srclocs)
  --print-asm[=NAME]  print the machine code of each compiled function (or those named NAME)
  --perf-map        name compiled functions for Linux perf (/tmp/perf-PID.map)
  --version         print the version";

#[derive(PartialEq)]
enum Mode {
    Run,
    Bytecode,
    Check,
    Tokens,
    Ast,
}

fn main() -> ExitCode {
    kestrel::util::alloc::keep_freed_memory();
    let mut mode = Mode::Run;
    let mut gc_stress = false;
    let mut test262_host = false;
    let mut trace = false;
    let mut fuel = None;
    let mut jit = kestrel::vm::JitOptions::default();
    let mut code: Option<String> = None;
    let mut args = std::env::args().skip(1);
    let mut module = false;
    let mut preloads: Vec<String> = Vec::new();
    let mut file = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dump-bytecode" => mode = Mode::Bytecode,
            "--gc-stress" => gc_stress = true,
            "--test262-host" => test262_host = true,
            "--trace" => trace = true,
            "--trace-jit" => jit.trace = true,
            "--perf-map" => jit.perf_map = true,
            "--print-clif" => jit.print_clif = Some(""),
            "--print-asm" => jit.print_asm = Some(""),
            s if s.starts_with("--print-clif=") => {
                // Lives as long as the process (the options are `Copy`).
                jit.print_clif = Some(String::leak(s["--print-clif=".len()..].to_string()))
            }
            s if s.starts_with("--print-asm=") => {
                jit.print_asm = Some(String::leak(s["--print-asm=".len()..].to_string()))
            }
            "--jit=off" => jit.mode = kestrel::vm::JitMode::Off,
            "--jit=on" | "--jit" => jit.mode = kestrel::vm::JitMode::On,
            "--jit=eager" => jit.mode = kestrel::vm::JitMode::Eager,
            "--jit-threshold" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => jit.threshold = n,
                None => {
                    eprintln!("kestrel: --jit-threshold needs a number\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--fuel" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => fuel = Some(n),
                None => {
                    eprintln!("kestrel: --fuel needs a number\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "-e" => match args.next() {
                Some(c) => code = Some(c),
                None => {
                    eprintln!("kestrel: -e needs an argument\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--check" => mode = Mode::Check,
            "--dump-tokens" => mode = Mode::Tokens,
            "--dump-ast" => mode = Mode::Ast,
            "--module" => module = true,
            "--preload" => match args.next() {
                Some(f) => preloads.push(f),
                None => {
                    eprintln!("kestrel: --preload needs a file\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--version" => {
                println!("kestrel {}", kestrel::VERSION);
                #[cfg(all(feature = "jit", not(target_arch = "wasm32")))]
                println!("jit target: {}", kestrel::jit::host_isa());
                return ExitCode::SUCCESS;
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if arg.starts_with('-') => {
                eprintln!("kestrel: unknown option {arg}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ if file.is_none() => file = Some(arg),
            _ => {
                eprintln!("kestrel: more than one file given\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let options = RunOptions {
        jit,
        fuel,
        gc_stress,
        test262_host,
        preloads,
    };
    if let Some(code) = code {
        return run(&code, "<eval>", &options);
    }
    let Some(file) = file else {
        return repl();
    };
    let source = match std::fs::read(&file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(_) => {
                eprintln!("kestrel: {file}: not valid UTF-8");
                return ExitCode::from(2);
            }
        },
        Err(e) => {
            eprintln!("kestrel: {file}: {e}");
            return ExitCode::from(2);
        }
    };
    if file.ends_with(".mjs") {
        module = true;
    }
    let goal = if module { Goal::Module } else { Goal::Script };

    if mode == Mode::Tokens {
        let (tokens, interner, error) = syntax::tokenize(&source, goal);
        let index = LineIndex::new(&source);
        let mut out = String::with_capacity(tokens.len() * 24);
        for tok in &tokens {
            let pos = index.position(tok.span.start);
            let text = &source[tok.span.start as usize..tok.span.end as usize];
            let kind = tok.kind.category();
            let _ = &interner;
            out.push_str(&format!(
                "{}:{}\t{}\t{}\n",
                pos.line,
                pos.column + 1,
                kind,
                json_quote(text)
            ));
        }
        emit(&out);
        if let Some(e) = error {
            eprintln!("{}", e.render(&file, &source));
            return ExitCode::from(1);
        }
        return ExitCode::SUCCESS;
    }

    if mode == Mode::Run && !module {
        if trace {
            return run_traced(&source, &file);
        }
        return run(&source, &file, &options);
    }
    if mode == Mode::Run {
        return run_module(&file, &options);
    }
    if mode == Mode::Bytecode {
        let mut engine = kestrel::Engine::new();
        let dumped = if module {
            engine.dump_module_bytecode(&source, &file)
        } else {
            engine.dump_bytecode(&source, &file)
        };
        return match dumped {
            Ok(text) => {
                emit(&text);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}", e.stack);
                ExitCode::from(1)
            }
        };
    }
    let parsed = match syntax::parse(&source, goal) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", e.render(&file, &source));
            return ExitCode::from(1);
        }
    };
    match mode {
        Mode::Check => {}
        Mode::Ast => {
            let mut json = syntax::estree::to_json(&parsed, &source);
            json.push('\n');
            emit(&json);
        }
        _ => {
            eprintln!("kestrel: --trace does not take modules yet");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// The REPL: each input runs in one engine (so declarations persist); input that ends too early
/// (the parser's "Unexpected end of input") continues on the next line; the completion value is
/// shown as node's REPL shows it.
#[cfg(target_arch = "wasm32")]
fn repl() -> ExitCode {
    // The CLI is native; `wasm-pack test` builds every target for wasm32, so it must compile there.
    eprintln!("kestrel: no REPL on wasm32");
    ExitCode::from(2)
}

#[cfg(not(target_arch = "wasm32"))]
fn repl() -> ExitCode {
    let mut editor = match rustyline::DefaultEditor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("kestrel: cannot start the REPL: {e}");
            return ExitCode::from(2);
        }
    };
    println!(
        "Kestrel {} — type JavaScript; Ctrl-D exits.",
        kestrel::VERSION
    );
    let mut engine = kestrel::Engine::new();
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() { "> " } else { "... " };
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(rustyline::error::ReadlineError::Interrupted) => {
                pending.clear();
                continue;
            }
            Err(_) => return ExitCode::SUCCESS,
        };
        pending.push_str(&line);
        pending.push('\n');
        if let Err(e) = syntax::parse(&pending, Goal::Script) {
            if e.message == "Unexpected end of input"
                || e.message.starts_with("Unterminated template")
            {
                continue;
            }
        }
        let _ = editor.add_history_entry(pending.trim_end());
        let input = std::mem::take(&mut pending);
        match engine.eval(&input, "REPL") {
            Ok(v) => {
                let shown =
                    kestrel::vm::inspect::inspect(&mut engine.vm, v, false).unwrap_or_default();
                println!("{shown}");
            }
            Err(e) => eprintln!("Uncaught {}", e.stack),
        }
    }
}

/// What every run shares: the engine's set-up and the scripts to run first.
struct RunOptions {
    jit: kestrel::vm::JitOptions,
    fuel: Option<u64>,
    gc_stress: bool,
    test262_host: bool,
    preloads: Vec<String>,
}

/// A new engine set up as the options say, with the preloaded scripts run; `Err` is the exit code.
fn engine(options: &RunOptions) -> Result<kestrel::Engine, ExitCode> {
    let mut engine = kestrel::Engine::new();
    engine.set_jit(options.jit);
    engine.set_fuel(options.fuel);
    // --gc-stress turns it on; KESTREL_GC_STRESS=1 (read by the heap) works without the flag.
    if options.gc_stress {
        engine.set_gc_stress(true);
    }
    if options.test262_host {
        engine.install_test262_host();
    }
    for file in &options.preloads {
        let source = match std::fs::read_to_string(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("kestrel: {file}: {e}");
                return Err(ExitCode::from(2));
            }
        };
        if let Err(e) = engine.eval(&source, file) {
            eprintln!("Uncaught {}", e.stack);
            return Err(ExitCode::from(1));
        }
    }
    Ok(engine)
}

/// Run a script, then the event loop until no timer or task is left (real clock); an uncaught
/// exception — thrown by the script or by a callback — or a promise rejection still unhandled after
/// a microtask checkpoint prints `Uncaught …` with the stack and exits 1, as node does.
fn run(source: &str, file: &str, options: &RunOptions) -> ExitCode {
    let mut engine = match engine(options) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let result = engine.eval(source, file).map(drop);
    finish(&mut engine, result)
}

/// The event loop until idle after the script or module (`result`); the exit status, with
/// `Uncaught …` printed for an error.
fn finish(engine: &mut kestrel::Engine, result: Result<(), kestrel::JsError>) -> ExitCode {
    match result.and_then(|()| engine.run_until_idle()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Uncaught {}", e.stack);
            ExitCode::from(1)
        }
    }
}

/// Run a module file; its imports are files, resolved relative to the importing file.
fn run_module(file: &str, options: &RunOptions) -> ExitCode {
    let mut engine = match engine(options) {
        Ok(e) => e,
        Err(code) => return code,
    };
    engine.set_module_loader(Box::new(kestrel::host::modules::FsLoader));
    let result = engine.run_module(file).map(drop);
    finish(&mut engine, result)
}

/// `--trace`: before every statement, the call stack with each context's bindings (TDZ shown).
fn run_traced(source: &str, file: &str) -> ExitCode {
    use kestrel::vm::debug::{BindingState, Resume};
    use std::fmt::Write;
    let mut engine = kestrel::Engine::new();
    let mut step = 0u64;
    let mut last = (0, (0, 0));
    engine.vm.set_hook(Some(Box::new(move |vm, pause| {
        if !pause.at_position {
            return Resume::Continue;
        }
        let stack = vm.call_stack();
        let here = (pause.depth, stack.last().map_or((0, 0), |f| f.span));
        if here == last {
            return Resume::Continue;
        }
        last = here;
        step += 1;
        let mut out = String::new();
        let top = stack.last().expect("a frame");
        let _ = writeln!(
            out,
            "── step {step} · {}:{}:{} ──",
            top.file, top.line, top.column
        );
        for (i, frame) in stack.iter().enumerate().rev() {
            let _ = writeln!(
                out,
                "  #{i} {} {} ({}:{}:{})  this = {}",
                frame.kind, frame.function, frame.file, frame.line, frame.column, frame.this
            );
            for b in &frame.bindings {
                let value = match &b.state {
                    BindingState::Value(v) => v.clone(),
                    BindingState::Uninitialized => "<uninitialized>".into(),
                };
                let _ = writeln!(
                    out,
                    "      {:<12} {}{}",
                    b.name,
                    value,
                    if b.captured { "   (captured)" } else { "" }
                );
            }
        }
        emit(&out);
        Resume::Continue
    })));
    let result = engine.eval(source, file).map(drop);
    finish(&mut engine, result)
}

/// Write to stdout; a closed pipe (`kestrel --dump-ast f.js | head`) is not an error.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// `text` in double quotes with JSON escapes, so every token stays on one line.
fn json_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    kestrel::playground::json::quote(text, &mut out);
    out
}

//! `qjs-run FILE`: evaluates FILE as a (sloppy-mode) script under QuickJS-NG, with a global
//! `console.log` and `print` that write their arguments space-separated on one line. An uncaught
//! exception is printed to stderr and exits with status 1. `qjs-run --version` prints the versions.

use std::io::Write;
use std::process::ExitCode;

use rquickjs::context::EvalOptions;
use rquickjs::function::{Func, Rest};
use rquickjs::{CatchResultExt, CaughtError, Coerced, Context, Ctx, Object, Runtime, Value};

/// The text `String(value)` gives, or `typeof`-style text when that throws (a Symbol, say).
fn display<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> String {
    if let Some(s) = value.as_string() {
        return s.to_string().unwrap_or_default();
    }
    match value.get::<Coerced<String>>() {
        Ok(Coerced(s)) => s,
        Err(_) => {
            let _ = ctx.catch();
            format!("[{}]", value.type_name())
        }
    }
}

fn log<'js>(ctx: Ctx<'js>, args: Rest<Value<'js>>) {
    let line: Vec<String> = args.0.into_iter().map(|v| display(&ctx, v)).collect();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line.join(" "));
}

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: qjs-run FILE");
        return ExitCode::from(2);
    };
    if path == "--version" {
        // SAFETY: JS_GetVersion returns a pointer to a static NUL-terminated string.
        let version = unsafe { std::ffi::CStr::from_ptr(rquickjs::qjs::JS_GetVersion()) };
        println!("QuickJS-NG {} (rquickjs 0.14)", version.to_string_lossy());
        return ExitCode::SUCCESS;
    }
    let source = match std::fs::read(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("qjs-run: {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let runtime = Runtime::new().expect("QuickJS runtime");
    let context = Context::full(&runtime).expect("QuickJS context");
    let ok = context.with(|ctx| {
        let globals = ctx.globals();
        let console = Object::new(ctx.clone()).expect("console object");
        console.set("log", Func::from(log)).expect("console.log");
        globals.set("console", console).expect("console");
        globals.set("print", Func::from(log)).expect("print");

        let mut options = EvalOptions::default();
        options.global = true;
        options.strict = false;
        options.filename = Some(path.to_string_lossy().into_owned());
        match ctx.eval_with_options::<(), _>(source, options).catch(&ctx) {
            Ok(()) => true,
            Err(CaughtError::Exception(e)) => {
                let text = display(&ctx, e.clone().into_value());
                eprintln!("Uncaught {text}");
                if let Some(stack) = e.stack() {
                    eprint!("{stack}");
                }
                false
            }
            Err(CaughtError::Value(v)) => {
                eprintln!("Uncaught {}", display(&ctx, v));
                false
            }
            Err(e) => {
                eprintln!("qjs-run: {e}");
                false
            }
        }
    });
    let _ = std::io::stdout().flush();
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

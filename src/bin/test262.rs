//! The test262 conformance runner.
//!
//! ```text
//! cargo run --release --bin test262 -- parse [--filter SUBSTR] [--out FILE] [--threads N] [TEST262_DIR]
//! cargo run --release --bin test262 -- run   [--filter SUBSTR] [--out FILE] [--threads N] [TEST262_DIR]
//!                                              [--expect FILE [--bless]] [--jit=eager|on]
//! ```
//!
//! `--expect FILE` compares the failing (file, scenario) pairs with an expectations file (one per line,
//! `#` comments; `tests/test262-expectations.txt` is the committed one for `run`): it lists the tests that
//! now fail (regressions; exit status 1) and those that now pass. `--bless` rewrites the file with
//! today's failures; with `--filter`, only the entries of the files that ran are replaced.
//!
//! `run` executes each test in a fresh engine, in process: the harness (`assert.js`, `sta.js` and the
//! test's `includes`) then the test, in each scenario; a negative test passes when the error it names
//! is thrown (at parse time, at link time or at run time), any other test when it completes. An
//! async test (`flags: [async]`) also gets `doneprintHandle.js`; the event loop then runs until idle
//! on the virtual clock, and the test passes when `$DONE` printed `Test262:AsyncTestComplete` and no
//! failure. A `flags: [module]` test runs as a module after the harness (a script in the same
//! realm), its imports (the `_FIXTURE` files) resolved on the file system relative to the test.
//! Tests that need what is not there yet (top-level await, dynamic import) are reported on a row of
//! their own. `parse` only parses:
//!
//! TEST262_DIR defaults to ./test262 (a checkout of tc39/test262; see docs in TOOLCHAIN.md for getting it).
//! Every `.js` file under `test/` is a test, except `*_FIXTURE*` files (modules that tests import; counted
//! and reported, not run). Each test is parsed as INTERPRETING.md says: `flags: [module]` → Module goal;
//! `raw` → as is, once; `onlyStrict` → with `"use strict";\n` prepended; `noStrict` → as is; otherwise both
//! ways (sloppy and strict). A test with `negative: {phase: parse}` must be rejected in every scenario;
//! every other test (including negative `resolution` and `runtime` ones) must parse.
//!
//! Totals are printed per top-level directory; intl402/ and staging/ are reported on their own lines and
//! left out of the main totals. Panics are caught per file and reported as failures (they are bugs);
//! files taking more than 5 s are reported as slow; a file still running after the hang limit (60 s) is
//! reported as hung and the run goes on without it.

use kestrel::syntax::{self, Goal};
use std::sync::OnceLock;

/// `run` (execute) rather than `parse`.
static RUN: OnceLock<bool> = OnceLock::new();
/// `--jit=eager`: every function compiled at its first call, every loop entered at its first
/// iteration; `--jit=on`: compiled when hot, with a low threshold (5) so that code speculates
/// on the feedback of a short warm-up. Either way the results must be those of the interpreter.
static JIT: OnceLock<kestrel::vm::JitMode> = OnceLock::new();
/// TEST262_DIR/harness.
static HARNESS: OnceLock<PathBuf> = OnceLock::new();
/// Loop iterations and calls a test may make before it counts as hung.
const FUEL: u64 = 50_000_000;
/// With the JIT, a test is also interrupted after this long: compiling is not counted in fuel
/// (under `--jit=eager` a test that evaluates thousands of scripts compiles each).
const JIT_TIME_LIMIT: Duration = Duration::from_secs(10);

thread_local! {
    /// The worker's slot, where `run_once` leaves its engine's interrupt handle for the watchdog.
    static SLOT: std::cell::RefCell<Option<Arc<Slot>>> = const { std::cell::RefCell::new(None) };
}
/// Features (and flags) whose tests wait for what is not there yet.
const LATER: &[&str] = &[];
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SLOW: Duration = Duration::from_secs(5);
const HANG: Duration = Duration::from_secs(60);
const SHOWN_FAILURES: usize = 50;
/// Directories reported apart from the main totals.
const SEPARATE: &[&str] = &["intl402", "staging"];

/// test262 features that are not part of ECMAScript 2025 — stage 3 proposals, and features merged
/// into the draft after the 2025 edition (ES2026 and later): tests that use them are run and reported
/// on a row of their own ("proposals"), outside the totals.
const PROPOSALS: &[&str] = &[
    // Stage 3 proposals.
    "decorators",
    "import-defer",
    "source-phase-imports",
    "source-phase-imports-module-source",
    "error-stack-accessor",
    "Iterator.prototype.join",
    "immutable-arraybuffer",
    "nonextensible-applies-to-private",
    "await-dictionary",
    "import-text",
    "import-bytes",
    "export-defer",
    "ShadowRealm",
    "legacy-regexp",
    "json-parse-with-source",
    "joint-iteration",
    "iterator-chunking",
    "iterator-includes",
    // In the draft after ECMAScript 2025.
    "explicit-resource-management",
    "Error.isError",
    "Math.sumPrecise",
    "Array.fromAsync",
    "uint8array-base64",
    "iterator-sequencing",
    "upsert",
    "canonical-tz",
    "Temporal",
];

struct Options {
    filter: Option<String>,
    out: Option<PathBuf>,
    expect: Option<PathBuf>,
    bless: bool,
    threads: usize,
    dir: PathBuf,
}

fn usage() -> ! {
    eprintln!(
        "usage: test262 parse [--filter SUBSTR] [--out FILE] [--threads N] [TEST262_DIR]\n\
         \n\
         Parses every test under TEST262_DIR/test (default ./test262) as its metadata says and checks that\n\
         negative parse tests are rejected and all others parse. --out writes every failure to FILE.\n\
         \n\
         test262 run [--filter SUBSTR] [--out FILE] [--threads N] [--expect FILE [--bless]] [--jit=eager|on] [TEST262_DIR]\n\
         \n\
         Runs the tests. --expect compares the failures with FILE (exit 1 on a regression); --bless\n\
         rewrites FILE with them."
    );
    std::process::exit(2);
}

fn parse_args() -> Options {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("parse") => {
            let _ = RUN.set(false);
        }
        Some("run") => {
            let _ = RUN.set(true);
        }
        Some("-h" | "--help") | None => usage(),
        Some(other) => {
            eprintln!("test262: unknown command {other:?} (only `parse` exists today)");
            usage();
        }
    }
    let mut opts = Options {
        filter: None,
        out: None,
        expect: None,
        bless: false,
        threads: 2,
        dir: PathBuf::from("test262"),
    };
    let mut dir_given = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--filter" => opts.filter = Some(args.next().unwrap_or_else(|| usage())),
            "--out" => opts.out = Some(PathBuf::from(args.next().unwrap_or_else(|| usage()))),
            "--expect" => opts.expect = Some(PathBuf::from(args.next().unwrap_or_else(|| usage()))),
            "--bless" => opts.bless = true,
            "--jit=eager" => {
                let _ = JIT.set(kestrel::vm::JitMode::Eager);
            }
            "--jit=on" => {
                let _ = JIT.set(kestrel::vm::JitMode::On);
            }
            "--threads" => {
                opts.threads = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| usage())
            }
            "-h" | "--help" => usage(),
            s if s.starts_with('-') => {
                eprintln!("test262: unknown option {s}");
                usage();
            }
            _ if dir_given => usage(),
            _ => {
                opts.dir = PathBuf::from(arg);
                dir_given = true;
            }
        }
    }
    opts
}

// --- metadata --------------------------------------------------------------------------------------

#[derive(Default, Debug)]
struct Meta {
    negative_phase: Option<String>,
    negative_type: Option<String>,
    flags: Vec<String>,
    features: Vec<String>,
    includes: Vec<String>,
}

impl Meta {
    fn has_flag(&self, f: &str) -> bool {
        self.flags.iter().any(|x| x == f)
    }
}

/// The YAML frontmatter between `/*---` and `---*/`: just the keys the runner needs. Lists are `[a, b]`
/// or block lists (`- a` lines); `negative` is a block with `phase:` and `type:`.
fn parse_meta(source: &str) -> Result<Meta, String> {
    let start = source.find("/*---").ok_or("no /*--- frontmatter")?;
    let end = source[start..]
        .find("---*/")
        .ok_or("unterminated frontmatter")?
        + start;
    let yaml = &source[start + 5..end];
    let mut meta = Meta::default();
    let mut current: Option<&str> = None;
    for line in yaml.lines() {
        let indented = line.starts_with(' ') || line.starts_with('\t');
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if !indented {
            let (key, value) = match trimmed.split_once(':') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => {
                    current = None;
                    continue;
                }
            };
            current = Some(match key {
                "negative" => "negative",
                "flags" => "flags",
                "features" => "features",
                "includes" => "includes",
                _ => "",
            });
            match key {
                "flags" => meta.flags.extend(inline_list(value)),
                "features" => meta.features.extend(inline_list(value)),
                "includes" => meta.includes.extend(inline_list(value)),
                _ => {}
            }
            continue;
        }
        match current {
            Some("negative") => {
                if let Some((k, v)) = trimmed.split_once(':') {
                    match k.trim() {
                        "phase" => meta.negative_phase = Some(v.trim().to_string()),
                        "type" => meta.negative_type = Some(v.trim().to_string()),
                        _ => {}
                    }
                }
            }
            Some("flags") => meta
                .flags
                .extend(trimmed.strip_prefix('-').map(|x| x.trim().to_string())),
            Some("features") => meta
                .features
                .extend(trimmed.strip_prefix('-').map(|x| x.trim().to_string())),
            Some("includes") => meta
                .includes
                .extend(trimmed.strip_prefix('-').map(|x| x.trim().to_string())),
            _ => {}
        }
    }
    Ok(meta)
}

fn inline_list(value: &str) -> Vec<String> {
    let value = value.split(" #").next().unwrap_or("").trim();
    match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(inner) => inner
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        None => Vec::new(),
    }
}

// --- running one test --------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Scenario {
    Sloppy,
    Strict,
    Module,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Sloppy => "sloppy",
            Scenario::Strict => "strict",
            Scenario::Module => "module",
        }
    }
}

struct Failure {
    scenario: Option<Scenario>,
    reason: String,
}

struct FileResult {
    /// test/-relative path, with `/` separators.
    rel: String,
    negative: bool,
    scenarios: usize,
    failures: Vec<Failure>,
    features: Vec<String>,
    elapsed: Duration,
}

thread_local! {
    /// Where the last panic on this thread happened (the panic hook fills it in; it prints nothing).
    static PANIC_AT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let msg = if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string payload)".to_string()
    };
    let at = PANIC_AT.with(|p| std::mem::take(&mut *p.borrow_mut()));
    format!("PANIC at {at}: {}", msg.lines().next().unwrap_or(""))
}

fn line_col(source: &str, offset: u32) -> (usize, usize) {
    let mut end = (offset as usize).min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let before = &source[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Parse `source` in one scenario: Ok(()) if it parsed, Err((is_panic, description)) otherwise.
fn parse_once(source: &str, goal: Goal) -> Result<(), (bool, String)> {
    match std::panic::catch_unwind(|| syntax::parse(source, goal).map(drop)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            let (line, col) = line_col(source, e.span.start);
            Err((false, format!("SyntaxError at {line}:{col}: {}", e.message)))
        }
        Err(payload) => Err((true, panic_message(&*payload))),
    }
}

thread_local! {
    /// Harness files, read once per worker.
    static HARNESS_FILES: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
}

fn harness_file(name: &str) -> Result<String, String> {
    HARNESS_FILES.with(|cache| {
        if let Some(text) = cache.borrow().get(name) {
            return Ok(text.clone());
        }
        let dir = HARNESS.get().ok_or("no harness directory")?;
        let text = std::fs::read_to_string(dir.join(name))
            .map_err(|e| format!("runner: harness {name}: {e}"))?;
        cache.borrow_mut().insert(name.to_string(), text.clone());
        Ok(text)
    })
}

/// Run one scenario of a test in a fresh engine: Ok if it behaved as its metadata says.
fn run_once(
    meta: &Meta,
    source: &str,
    scenario: Scenario,
    path: &Path,
) -> Result<(), (bool, String)> {
    let mut script = String::new();
    if scenario == Scenario::Strict {
        script.push_str("\"use strict\";\n");
    }
    let is_async = meta.has_flag("async");
    if !meta.has_flag("raw") {
        // INTERPRETING.md: async tests also get doneprintHandle.js, whose `$DONE` prints the
        // outcome with `print`.
        let done: &[&str] = if is_async {
            &["doneprintHandle.js"]
        } else {
            &[]
        };
        for name in ["assert.js", "sta.js"]
            .iter()
            .chain(done)
            .copied()
            .chain(meta.includes.iter().map(String::as_str))
        {
            script.push_str(&harness_file(name).map_err(|e| (false, e))?);
            script.push('\n');
        }
    }
    if scenario != Scenario::Module {
        script.push_str(source);
    }
    let printed = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut engine = kestrel::Engine::new();
        if let Some(&mode) = JIT.get() {
            engine.set_jit(kestrel::vm::JitOptions {
                mode,
                threshold: 5,
                ..kestrel::vm::JitOptions::default()
            });
        }
        let sink = printed.clone();
        engine.set_console(move |_, line| {
            if is_async {
                let mut out = sink.borrow_mut();
                out.push_str(line);
                out.push('\n');
            }
        });
        engine.install_test262_host();
        if JIT.get().is_some() {
            let handle = engine.interrupt_handle();
            SLOT.with(|slot| {
                if let Some(slot) = &*slot.borrow() {
                    *slot.interrupt.lock().unwrap() = Some((handle, Instant::now()));
                }
            });
        }
        engine.set_fuel(Some(FUEL));
        engine.set_virtual_clock(true);
        engine.set_report_unhandled_rejections(false);
        // Imports (static, or `import()` from scripts too) find the fixtures next to the test.
        engine.set_module_loader(Box::new(kestrel::host::modules::FsLoader));
        if scenario != Scenario::Module {
            // Named after the test, so that `import()` resolves relative to it.
            engine.eval(&script, &path.to_string_lossy())?;
        } else {
            // The harness is a script in the same realm; the test is the module.
            engine.eval(&script, "harness.js")?;
            engine.run_module(&path.to_string_lossy())?;
        }
        // Run the event loop until idle (the fuel budget still applies); an exception thrown by a
        // callback does not stop it (nothing but `$DONE` decides an async test).
        loop {
            match engine.run_until_idle() {
                Ok(()) => return Ok(()),
                Err(e) if e.name == "Termination" => return Err(e),
                Err(_) => continue,
            }
        }
    }));
    let result = match outcome {
        Ok(r) => r,
        Err(payload) => return Err((true, panic_message(&*payload))),
    };
    if is_async && result.is_ok() && meta.negative_type.is_none() {
        let printed = printed.borrow();
        if let Some(line) = printed
            .lines()
            .find(|l| l.starts_with("Test262:AsyncTestFailure:"))
        {
            return Err((false, line.to_string()));
        }
        if !printed.lines().any(|l| l == "Test262:AsyncTestComplete") {
            return Err((false, "async test did not call $DONE".into()));
        }
    }
    match (result, &meta.negative_type) {
        (Ok(()), None) => Ok(()),
        (Ok(()), Some(expected)) => Err((
            false,
            format!("completed, but the test expects a {expected}"),
        )),
        (Err(e), Some(expected)) if &e.name == expected => Ok(()),
        (Err(e), _) if e.name == "Termination" => Err((false, format!("HUNG: {}", e.message))),
        (Err(e), _) => Err((
            false,
            format!("{}: {}", e.name, e.message.lines().next().unwrap_or("")),
        )),
    }
}

fn run_file(root: &Path, path: &Path) -> FileResult {
    let started = Instant::now();
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let mut result = FileResult {
        rel,
        negative: false,
        scenarios: 0,
        failures: Vec::new(),
        features: Vec::new(),
        elapsed: Duration::ZERO,
    };
    let source = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(_) => {
                result.failures.push(Failure {
                    scenario: None,
                    reason: "runner: file is not UTF-8".into(),
                });
                return result;
            }
        },
        Err(e) => {
            result.failures.push(Failure {
                scenario: None,
                reason: format!("runner: cannot read: {e}"),
            });
            return result;
        }
    };
    let meta = match parse_meta(&source) {
        Ok(m) => m,
        Err(e) => {
            result.failures.push(Failure {
                scenario: None,
                reason: format!("runner: bad metadata: {e}"),
            });
            return result;
        }
    };
    result.features = meta.features.clone();
    let running = RUN.get().copied().unwrap_or(false);
    if running {
        let later = meta.features.iter().any(|f| LATER.contains(&f.as_str()));
        if later {
            result.features.push("kestrel:later".into());
        }
        result.negative = meta.negative_phase.is_some();
    } else {
        result.negative = meta.negative_phase.as_deref() == Some("parse");
    }
    let scenarios: &[Scenario] = if meta.has_flag("module") {
        &[Scenario::Module]
    } else if meta.has_flag("raw") || meta.has_flag("noStrict") {
        &[Scenario::Sloppy]
    } else if meta.has_flag("onlyStrict") {
        &[Scenario::Strict]
    } else {
        &[Scenario::Sloppy, Scenario::Strict]
    };
    for &scenario in scenarios {
        result.scenarios += 1;
        if running {
            if let Err((_, reason)) = run_once(&meta, &source, scenario, path) {
                result.failures.push(Failure {
                    scenario: Some(scenario),
                    reason,
                });
            }
            continue;
        }
        let outcome = match scenario {
            Scenario::Sloppy => parse_once(&source, Goal::Script),
            Scenario::Strict => parse_once(&format!("\"use strict\";\n{source}"), Goal::Script),
            Scenario::Module => parse_once(&source, Goal::Module),
        };
        let reason = match (outcome, result.negative) {
            (Err((true, panic)), _) => Some(panic),
            (Ok(()), true) => Some(format!(
                "parsed, but the test expects a {} at parse time",
                meta.negative_type.as_deref().unwrap_or("SyntaxError")
            )),
            (Err((false, e)), false) => Some(e),
            _ => None,
        };
        if let Some(reason) = reason {
            result.failures.push(Failure {
                scenario: Some(scenario),
                reason,
            });
        }
    }
    // A test that uses generators or async functions without declaring the feature (in its code or
    // its includes) waits for issue 4 like those that do: the compiler's refusal says so. So does a
    // module (or a fixture it imports) with top-level await or `import()`.
    if running
        && !result.failures.is_empty()
        && result.failures.iter().all(|f| {
            ["async functions", "await", "import()", "for await"]
                .iter()
                .any(|what| f.reason.starts_with(&format!("Unsupported: {what}")))
        })
        && !result.features.iter().any(|f| f == "kestrel:later")
    {
        result.features.push("kestrel:later".into());
    }
    result.elapsed = started.elapsed();
    result
}

// --- the run -----------------------------------------------------------------------------------------

fn collect(dir: &Path, out: &mut Vec<PathBuf>, fixtures: &mut usize) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(&path, out, fixtures)?;
        } else if path.extension().is_some_and(|e| e == "js") {
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().contains("_FIXTURE"))
            {
                *fixtures += 1;
            } else {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// One worker's state, watched by the main thread.
struct Slot {
    current: Mutex<Option<(usize, Instant)>>,
    abandoned: std::sync::atomic::AtomicBool,
    /// With the JIT: the running engine's interrupt handle and when it started.
    interrupt: Mutex<Option<(kestrel::vm::InterruptHandle, Instant)>>,
}

struct Shared {
    root: PathBuf,
    files: Vec<PathBuf>,
    next: AtomicUsize,
    done: AtomicUsize,
    results: Mutex<Vec<Option<FileResult>>>,
}

fn spawn_worker(shared: Arc<Shared>, slot: Arc<Slot>) {
    std::thread::Builder::new()
        .name("test262-worker".into())
        .stack_size(512 << 20)
        .spawn(move || loop {
            SLOT.with(|s| *s.borrow_mut() = Some(slot.clone()));
            let idx = shared.next.fetch_add(1, Ordering::SeqCst);
            if idx >= shared.files.len() {
                return;
            }
            *slot.current.lock().unwrap() = Some((idx, Instant::now()));
            let result = run_file(&shared.root, &shared.files[idx]);
            *slot.current.lock().unwrap() = None;
            if slot.abandoned.load(Ordering::SeqCst) {
                return; // this file was already reported as hung; a replacement worker took over
            }
            shared.results.lock().unwrap()[idx] = Some(result);
            shared.done.fetch_add(1, Ordering::SeqCst);
        })
        .expect("spawn worker thread");
}

#[derive(Default)]
struct Tally {
    negative: (usize, usize),
    positive: (usize, usize),
    scenarios: (usize, usize),
}

fn main() {
    let opts = parse_args();
    let test_dir = opts.dir.join("test");
    let _ = HARNESS.set(opts.dir.join("harness"));
    if !test_dir.is_dir() {
        eprintln!(
            "test262: {} does not exist. Get test262 first: fetch tc39/test262 and `git worktree add --detach \
             test262 <commit>` at the project root (see TOOLCHAIN.md), or pass its path.",
            test_dir.display()
        );
        std::process::exit(1);
    }
    let mut files = Vec::new();
    let mut fixtures = 0;
    if let Err(e) = collect(&test_dir, &mut files, &mut fixtures) {
        eprintln!("test262: cannot list {}: {e}", test_dir.display());
        std::process::exit(1);
    }
    if let Some(f) = &opts.filter {
        files.retain(|p| {
            p.strip_prefix(&test_dir)
                .unwrap_or(p)
                .to_string_lossy()
                .contains(f.as_str())
        });
    }
    let total_files = files.len();
    println!(
        "test262 {}: {} test files under {}{} ({} _FIXTURE files are imported by tests, not run), {} threads",
        if RUN.get().copied().unwrap_or(false) { "run" } else { "parse" },
        total_files,
        test_dir.display(),
        opts.filter.as_ref().map(|f| format!(" matching {f:?}")).unwrap_or_default(),
        fixtures,
        opts.threads
    );

    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        PANIC_AT.with(|p| *p.borrow_mut() = at);
    }));

    let started = Instant::now();
    let shared = Arc::new(Shared {
        root: test_dir.clone(),
        files,
        next: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        results: Mutex::new((0..total_files).map(|_| None).collect()),
    });
    let mut slots: Vec<Arc<Slot>> = Vec::new();
    for _ in 0..opts.threads {
        let slot = Arc::new(Slot {
            current: Mutex::new(None),
            abandoned: Default::default(),
            interrupt: Mutex::new(None),
        });
        spawn_worker(shared.clone(), slot.clone());
        slots.push(slot);
    }

    // Watch the workers: note slow files, give up on hung ones (a replacement worker goes on).
    let mut noted_slow = std::collections::HashSet::new();
    let mut hung: Vec<(usize, Duration)> = Vec::new();
    let mut last_progress = Instant::now();
    while shared.done.load(Ordering::SeqCst) + hung.len() < total_files {
        std::thread::sleep(Duration::from_millis(50));
        let mut replacements = Vec::new();
        for slot in &slots {
            if slot.abandoned.load(Ordering::SeqCst) {
                continue;
            }
            if let Some((handle, since)) = &*slot.interrupt.lock().unwrap() {
                if since.elapsed() > JIT_TIME_LIMIT {
                    handle.interrupt();
                }
            }
            if let Some((idx, since)) = *slot.current.lock().unwrap() {
                let elapsed = since.elapsed();
                if elapsed > SLOW && noted_slow.insert(idx) {
                    eprintln!(
                        "test262: still running after 5 s: {}",
                        shared.files[idx].display()
                    );
                }
                if elapsed > HANG {
                    eprintln!(
                        "test262: giving up after {} s: {}",
                        HANG.as_secs(),
                        shared.files[idx].display()
                    );
                    slot.abandoned.store(true, Ordering::SeqCst);
                    hung.push((idx, elapsed));
                    replacements.push(());
                }
            }
        }
        for () in replacements {
            let slot = Arc::new(Slot {
                current: Mutex::new(None),
                abandoned: Default::default(),
                interrupt: Mutex::new(None),
            });
            spawn_worker(shared.clone(), slot.clone());
            slots.push(slot);
        }
        if last_progress.elapsed() > Duration::from_secs(30) {
            last_progress = Instant::now();
            eprintln!(
                "test262: {} / {} files done ({} s)",
                shared.done.load(Ordering::SeqCst),
                total_files,
                started.elapsed().as_secs()
            );
        }
    }
    let elapsed = started.elapsed();

    let mut results: Vec<FileResult> = {
        let mut guard = shared.results.lock().unwrap();
        guard.iter_mut().filter_map(Option::take).collect()
    };
    for &(idx, elapsed) in &hung {
        let rel = shared.files[idx]
            .strip_prefix(&test_dir)
            .unwrap_or(&shared.files[idx]);
        results.push(FileResult {
            rel: rel.to_string_lossy().replace('\\', "/"),
            negative: false,
            scenarios: 1,
            failures: vec![Failure {
                scenario: None,
                reason: format!(
                    "HUNG: still running after {} s (abandoned)",
                    elapsed.as_secs()
                ),
            }],
            features: Vec::new(),
            elapsed,
        });
    }
    results.sort_by(|a, b| a.rel.cmp(&b.rel));
    report(&results, &opts, elapsed);
}

fn report(results: &[FileResult], opts: &Options, elapsed: Duration) {
    let top = |r: &FileResult| {
        if r.features.iter().any(|f| PROPOSALS.contains(&f.as_str())) {
            return "proposals".to_string();
        }
        if r.features.iter().any(|f| f == "kestrel:later") {
            return "later-issue4".to_string();
        }
        r.rel.split('/').next().unwrap_or("").to_string()
    };
    let mut by_dir: BTreeMap<String, Tally> = BTreeMap::new();
    let mut main = Tally::default();
    let mut panics = 0;
    let mut hung = 0;
    let mut slow: Vec<&FileResult> = Vec::new();
    let mut by_feature: BTreeMap<&str, usize> = BTreeMap::new();
    for r in results {
        let dir = top(r);
        let separate =
            SEPARATE.contains(&dir.as_str()) || dir == "proposals" || dir == "later-issue4";
        let ok = r.failures.is_empty();
        let failed_scenarios = r
            .failures
            .iter()
            .filter(|f| f.scenario.is_some())
            .count()
            .max(usize::from(!ok));
        for t in [
            Some(by_dir.entry(dir).or_default()),
            (!separate).then_some(&mut main),
        ]
        .into_iter()
        .flatten()
        {
            let pair = if r.negative {
                &mut t.negative
            } else {
                &mut t.positive
            };
            pair.0 += usize::from(ok);
            pair.1 += 1;
            t.scenarios.0 += r.scenarios.saturating_sub(failed_scenarios);
            t.scenarios.1 += r.scenarios;
        }
        panics += r
            .failures
            .iter()
            .filter(|f| f.reason.starts_with("PANIC"))
            .count();
        hung += r
            .failures
            .iter()
            .filter(|f| f.reason.starts_with("HUNG"))
            .count();
        if r.elapsed > SLOW {
            slow.push(r);
        }
        if !ok {
            for f in &r.features {
                *by_feature.entry(f.as_str()).or_default() += 1;
            }
        }
    }

    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "\n== test262 {} results ({:.1} s) ==",
        if RUN.get().copied().unwrap_or(false) {
            "run"
        } else {
            "parse"
        },
        elapsed.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "{}: {} / {}   (all dirs except {}; proposals beyond ES2025 and, when running, tests that need issue 4 apart)",
        if RUN.get().copied().unwrap_or(false) { "negative tests passed" } else { "negative parse tests rejected" },
        main.negative.0,
        main.negative.1,
        SEPARATE.join(", ")
    );
    let _ = writeln!(
        out,
        "{}: {} / {}",
        if RUN.get().copied().unwrap_or(false) {
            "positive tests passed"
        } else {
            "positive tests parsed"
        },
        main.positive.0,
        main.positive.1
    );
    let _ = writeln!(
        out,
        "scenarios passed: {} / {}",
        main.scenarios.0, main.scenarios.1
    );
    let _ = writeln!(
        out,
        "\n{:<12} {:>22} {:>22} {:>22}",
        "directory", "negative ok", "positive ok", "scenarios"
    );
    for (dir, t) in &by_dir {
        let note =
            if SEPARATE.contains(&dir.as_str()) || dir == "proposals" || dir == "later-issue4" {
                "  (not in the totals)"
            } else {
                ""
            };
        let _ = writeln!(
            out,
            "{:<12} {:>22} {:>22} {:>22}{note}",
            format!("{dir}/"),
            format!("{} / {}", t.negative.0, t.negative.1),
            format!("{} / {}", t.positive.0, t.positive.1),
            format!("{} / {}", t.scenarios.0, t.scenarios.1),
        );
    }
    let _ = writeln!(
        out,
        "\npanics (bugs): {panics}   hung (> {} s): {hung}   slow (> 5 s): {}",
        HANG.as_secs(),
        slow.len()
    );
    for r in &slow {
        let _ = writeln!(out, "  slow: {} ({:.1} s)", r.rel, r.elapsed.as_secs_f64());
    }

    let failures: Vec<String> = results
        .iter()
        .flat_map(|r| {
            r.failures.iter().map(move |f| {
                let scenario = f
                    .scenario
                    .map(|s| format!(" [{}]", s.name()))
                    .unwrap_or_default();
                format!("{}{}: {}", r.rel, scenario, f.reason)
            })
        })
        .collect();
    if !by_feature.is_empty() {
        let mut features: Vec<_> = by_feature.into_iter().collect();
        features.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let _ = writeln!(out, "\nfailing files by feature (top 15):");
        for (f, n) in features.iter().take(15) {
            let _ = writeln!(out, "  {n:>6}  {f}");
        }
    }
    let _ = writeln!(
        out,
        "\nfirst {} of {} failures:",
        SHOWN_FAILURES.min(failures.len()),
        failures.len()
    );
    // Panics first: they are bugs whatever the test.
    let mut shown: Vec<&String> = failures
        .iter()
        .filter(|f| f.contains(": PANIC"))
        .take(SHOWN_FAILURES)
        .collect();
    shown.extend(
        failures
            .iter()
            .filter(|f| !f.contains(": PANIC"))
            .take(SHOWN_FAILURES - shown.len()),
    );
    for f in shown {
        let _ = writeln!(out, "  {f}");
    }
    if let Some(path) = &opts.out {
        let mut text = String::new();
        for f in &failures {
            text.push_str(f);
            text.push('\n');
        }
        match std::fs::write(path, text) {
            Ok(()) => {
                let _ = writeln!(
                    out,
                    "\nall {} failures written to {}",
                    failures.len(),
                    path.display()
                );
            }
            Err(e) => {
                let _ = writeln!(out, "\ntest262: cannot write {}: {e}", path.display());
                drop(out);
                std::process::exit(1);
            }
        }
    }
    let mut status = 0;
    if let Some(path) = &opts.expect {
        drop(out);
        status = compare_expectations(results, opts, path);
        out = std::io::stdout().lock();
    }
    let _ = out.flush();
    // Exit without waiting for abandoned (hung) workers.
    std::process::exit(status);
}

/// Whether every scenario of a test failed.
fn fully_failed(r: &FileResult) -> bool {
    !r.failures.is_empty()
        && (r.failures.iter().any(|f| f.scenario.is_none()) || r.failures.len() >= r.scenarios)
}

/// The expectation lines for a run: `dir/` when every test under a directory fails entirely, `file`
/// when all of a test's scenarios fail, `file [scenario]` for one failing scenario. `results` is
/// sorted by path. Directories are collapsed only when `collapse` (a run of every test: a filtered
/// run cannot tell whether a directory's other tests fail).
/// `collapse(dir)`: whether every test under `dir` ran, so that a directory whose tests all fail can
/// be one entry.
fn expectation_lines(results: &[FileResult], collapse: impl Fn(&str) -> bool) -> Vec<String> {
    // Per directory (every prefix ending in '/'): (tests, tests failing entirely).
    let mut dirs: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in results {
        for (i, _) in r.rel.match_indices('/') {
            let entry = dirs.entry(&r.rel[..=i]).or_default();
            entry.0 += 1;
            entry.1 += usize::from(fully_failed(r));
        }
    }
    let mut lines = Vec::new();
    let mut covered: Option<&str> = None;
    for r in results {
        if covered.is_some_and(|d| r.rel.starts_with(d)) {
            continue;
        }
        let dead = r
            .rel
            .match_indices('/')
            .map(|(i, _)| &r.rel[..=i])
            .find(|d| collapse(d) && dirs.get(d).is_some_and(|&(n, failed)| n == failed));
        if let Some(d) = dead {
            lines.push(d.to_string());
            covered = Some(d);
        } else if fully_failed(r) {
            lines.push(r.rel.clone());
        } else {
            for f in &r.failures {
                if let Some(s) = f.scenario {
                    lines.push(format!("{} [{}]", r.rel, s.name()));
                }
            }
        }
    }
    lines
}

/// Whether the expectations cover a failure of `file` in `scenario`.
fn expected_failure(
    expected: &std::collections::BTreeSet<String>,
    file: &str,
    scenario: Option<Scenario>,
) -> bool {
    expected.contains(file)
        || scenario.is_some_and(|s| expected.contains(&format!("{file} [{}]", s.name())))
        || file
            .match_indices('/')
            .any(|(i, _)| expected.contains(&file[..=i]))
}

/// `--expect`: report the difference with the expectations file, or rewrite it with `--bless`.
/// Returns the exit status (1 when a test fails that the file does not list).
fn compare_expectations(results: &[FileResult], opts: &Options, path: &Path) -> i32 {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let expected: std::collections::BTreeSet<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let mut regressions = Vec::new();
    let mut fixed = Vec::new();
    for r in results {
        let failing = |s: Scenario| {
            r.failures
                .iter()
                .any(|f| f.scenario.is_none() || f.scenario == Some(s))
        };
        for f in &r.failures {
            if !expected_failure(&expected, &r.rel, f.scenario) {
                let scenario = f.scenario.map(|s| format!(" [{}]", s.name()));
                regressions.push(format!("{}{}", r.rel, scenario.unwrap_or_default()));
            }
        }
        let whole = expected.contains(&r.rel)
            || r.rel
                .match_indices('/')
                .any(|(i, _)| expected.contains(&r.rel[..=i]));
        if whole {
            if !fully_failed(r) {
                fixed.push(r.rel.clone());
            }
            continue;
        }
        for s in [Scenario::Sloppy, Scenario::Strict, Scenario::Module] {
            let key = format!("{} [{}]", r.rel, s.name());
            if expected.contains(&key) && !failing(s) {
                fixed.push(key);
            }
        }
    }
    println!(
        "\nexpectations {}: {} newly failing, {} newly passing",
        path.display(),
        regressions.len(),
        fixed.len()
    );
    for k in &regressions {
        println!("  now fails: {k}");
    }
    for k in fixed.iter().take(SHOWN_FAILURES) {
        println!("  now passes: {k}");
    }
    if fixed.len() > SHOWN_FAILURES {
        println!("  … and {} more now pass", fixed.len() - SHOWN_FAILURES);
    }
    if !opts.bless {
        return i32::from(!regressions.is_empty());
    }
    // With --filter, the entries of the files that did not run are kept. A directory entry covers
    // tests that did not run, so it stays only while the tests that ran under it still all fail.
    let ran: std::collections::HashSet<&str> = results.iter().map(|r| r.rel.as_str()).collect();
    let mut lines: Vec<String> = Vec::new();
    if opts.filter.is_some() {
        for k in expected {
            let file = k.split(" [").next().unwrap_or(&k);
            if !file.ends_with('/') {
                if !ran.contains(file) {
                    lines.push(k);
                }
                continue;
            }
            // The filter matches every path under this directory: all its tests ran, and this
            // run's entries replace it.
            if opts.filter.as_deref().is_some_and(|f| file.starts_with(f)) {
                continue;
            }
            let under: Vec<&FileResult> =
                results.iter().filter(|r| r.rel.starts_with(file)).collect();
            if under.iter().all(|r| fully_failed(r)) {
                lines.push(k);
            } else {
                println!(
                    "test262: not blessed: tests under {file} now pass, and the entry also covers \
                     tests that did not run; rerun without --filter"
                );
                return 1;
            }
        }
    }
    let kept_dirs: Vec<String> = lines.iter().filter(|k| k.ends_with('/')).cloned().collect();
    lines.extend(
        expectation_lines(results, |d| {
            opts.filter.as_deref().is_none_or(|f| d.starts_with(f))
        })
        .into_iter()
        .filter(|k| !kept_dirs.iter().any(|d| k.starts_with(d.as_str()))),
    );
    lines.sort();
    lines.dedup();
    let mut out = String::from(
        "# test262 `run` failures expected today: `dir/` (every test under it fails), `file` (all its\n\
         # scenarios fail) or `file [scenario]`. Compare: cargo run --release --bin test262 -- run\n\
         # --expect tests/test262-expectations.txt (add --bless to rewrite this file).\n",
    );
    if let Some(commit) = test262_commit(&opts.dir) {
        out.push_str(&format!("# test262 commit: {commit}\n"));
    }
    for k in &lines {
        out.push_str(k);
        out.push('\n');
    }
    match std::fs::write(path, out) {
        Ok(()) => {
            println!(
                "wrote {} expectation lines to {}",
                lines.len(),
                path.display()
            );
            0
        }
        Err(e) => {
            println!("test262: cannot write {}: {e}", path.display());
            1
        }
    }
}

/// The commit of the test262 checkout, when git can tell.
fn test262_commit(dir: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

//! Parse throughput and peak memory of Kestrel's front end (the Rust side of `bench/run.sh`).
//!
//! ```text
//! cargo run --release --example parse_bench -- [--min-time SECS] [--min-iterations N] [--json]
//!     [--module] FILE [[--module] FILE...]
//! ```
//!
//! `--module` applies to the FILE that follows it. For each file:
//! - throughput: a warm-up, then `kestrel::syntax::parse` repeatedly (each iteration parses and drops
//!   the AST, so freeing it is paid for as acorn pays for its garbage collection) until at least
//!   `--min-time` seconds (default 1) and `--min-iterations` (default 5); MB/s = source bytes / 10^6 / seconds, from
//!   the median and the best iteration, and from the mean on-CPU time of the thread over the timed loop
//!   (/proc/thread-self/schedstat), which other processes on a shared machine disturb less;
//! - heap: a counting global allocator (below) around the system allocator, switched on for one parse;
//!   `peak` is the highest count of live heap bytes during the parse minus the count before it (the
//!   source string is read before, so it is not included), `retained` the live bytes once the parse has
//!   returned with the AST still alive;
//! - max RSS: the same file parsed once in a fresh child process (this executable again), which reports
//!   the kernel's high-water mark of its resident set (`VmHWM` in /proc/self/status) before and after.
//!
//! With `--json`, one JSON object per file on stdout; otherwise a line of text per file.

use kestrel::syntax::{self, Goal};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// The system allocator, counting live bytes and their high-water mark while `COUNTING` is on.
/// Off, each call costs one relaxed load more than `System`, so the timed loop is not slowed down.
struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
/// Live bytes allocated minus freed since counting was switched on (negative if older blocks are freed).
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

impl CountingAlloc {
    fn grow(by: usize) {
        let by = by as isize;
        let now = LIVE.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }

    fn shrink(by: usize) {
        LIVE.fetch_sub(by as isize, Relaxed);
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so `System`'s
// guarantees are ours; the counting only touches atomics and never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if COUNTING.load(Relaxed) && !p.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            Self::grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if COUNTING.load(Relaxed) && !p.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            Self::grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Relaxed) {
            Self::shrink(layout.size());
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if COUNTING.load(Relaxed) && !p.is_null() {
            // Counted as a free of the old block, then an allocation of the new one (the peak sees the
            // new size only: `realloc` may move, but never holds both blocks once it returns).
            Self::shrink(layout.size());
            Self::grow(new_size);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

const USAGE: &str = "usage: parse_bench [--min-time SECS] [--min-iterations N] [--json] [--module] FILE [[--module] FILE...]";

struct Input {
    path: String,
    goal: Goal,
}

struct Heap {
    peak: isize,
    retained: isize,
    allocations: usize,
}

struct Rss {
    before_kib: u64,
    after_kib: u64,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--rss-child") {
        return rss_child(&args[1..]);
    }
    let mut min_time = Duration::from_secs(1);
    let mut min_iterations = 5;
    let mut json = false;
    let mut module = false;
    let mut inputs = Vec::new();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--module" => module = true,
            "--min-time" => match it.next().and_then(|s| s.parse::<f64>().ok()) {
                Some(secs) if secs >= 0.0 => min_time = Duration::from_secs_f64(secs),
                _ => return usage_error("--min-time needs a number of seconds"),
            },
            "--min-iterations" => match it.next().and_then(|s| s.parse::<usize>().ok()) {
                Some(n) if n >= 1 => min_iterations = n,
                _ => return usage_error("--min-iterations needs a positive number"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if arg.starts_with('-') => return usage_error(&format!("unknown option {arg}")),
            _ => {
                let goal = if module { Goal::Module } else { Goal::Script };
                inputs.push(Input { path: arg, goal });
                module = false;
            }
        }
    }
    if inputs.is_empty() {
        return usage_error("no file given");
    }

    for input in &inputs {
        let source = match std::fs::read_to_string(&input.path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("parse_bench: {}: {e}", input.path);
                return ExitCode::from(2);
            }
        };
        if let Err(e) = syntax::parse(&source, input.goal) {
            eprintln!("parse_bench: {}: {}", input.path, e.message);
            return ExitCode::FAILURE;
        }
        let (times, cpu_mean) = time_parses(&source, input.goal, min_time, min_iterations);
        let heap = measure_heap(&source, input.goal);
        let rss = measure_rss(input);
        report(
            input,
            source.len(),
            &times,
            cpu_mean,
            &heap,
            rss.as_ref(),
            json,
        );
    }
    ExitCode::SUCCESS
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("parse_bench: {message}\n{USAGE}");
    ExitCode::from(2)
}

/// Per-iteration wall-clock times, sorted, after a warm-up: at least `min_time` and `min_iterations`.
/// Also the mean on-CPU time of this thread per iteration, where /proc gives it.
fn time_parses(
    source: &str,
    goal: Goal,
    min_time: Duration,
    min_iterations: usize,
) -> (Vec<Duration>, Option<f64>) {
    let warm_up = Instant::now();
    let mut warm = 0;
    while warm < 2 || (warm < 20 && warm_up.elapsed() < min_time / 5) {
        drop(black_box(syntax::parse(black_box(source), goal)));
        warm += 1;
    }
    let mut times = Vec::new();
    let cpu_start = thread_cpu_ns();
    let start = Instant::now();
    while times.len() < min_iterations || start.elapsed() < min_time {
        let t = Instant::now();
        let parsed = syntax::parse(black_box(source), goal);
        drop(black_box(parsed));
        times.push(t.elapsed());
    }
    let cpu_mean = match (cpu_start, thread_cpu_ns()) {
        (Some(a), Some(b)) => Some((b - a) as f64 / 1e9 / times.len() as f64),
        _ => None,
    };
    times.sort();
    (times, cpu_mean)
}

/// Nanoseconds this thread has spent on a CPU (the first field of /proc/thread-self/schedstat): unlike
/// wall-clock time, it does not count the time other processes on a shared machine held the CPU. The
/// kernel updates it at scheduler ticks, so it is only good over many iterations, not for one.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Heap bytes of one parse, counted by `CountingAlloc`, the AST kept alive until both are read.
fn measure_heap(source: &str, goal: Goal) -> Heap {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ALLOCATIONS.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let parsed = black_box(syntax::parse(black_box(source), goal));
    let retained = LIVE.load(Relaxed);
    COUNTING.store(false, Relaxed);
    let heap = Heap {
        peak: PEAK.load(Relaxed),
        retained,
        allocations: ALLOCATIONS.load(Relaxed),
    };
    drop(parsed);
    heap
}

/// Runs this executable again as `--rss-child` on one file; `None` where /proc is not there.
fn measure_rss(input: &Input) -> Option<Rss> {
    let exe = std::env::current_exe().ok()?;
    let mut cmd = Command::new(exe);
    cmd.arg("--rss-child");
    if input.goal == Goal::Module {
        cmd.arg("--module");
    }
    let out = cmd.arg(&input.path).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut numbers = text.split_whitespace().map(|s| s.parse::<u64>().ok());
    Some(Rss {
        before_kib: numbers.next()??,
        after_kib: numbers.next()??,
    })
}

/// The child of `measure_rss`: prints VmHWM (KiB) after reading the file and after parsing it once.
fn rss_child(args: &[String]) -> ExitCode {
    let (goal, path) = match args {
        [flag, path] if flag == "--module" => (Goal::Module, path),
        [path] => (Goal::Script, path),
        _ => return usage_error("--rss-child [--module] FILE"),
    };
    let Ok(source) = std::fs::read_to_string(path) else {
        return ExitCode::from(2);
    };
    let Some(before) = vm_hwm_kib() else {
        return ExitCode::FAILURE;
    };
    let parsed = black_box(syntax::parse(&source, goal));
    let Some(after) = vm_hwm_kib() else {
        return ExitCode::FAILURE;
    };
    drop(parsed);
    println!("{before} {after}");
    ExitCode::SUCCESS
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn report(
    input: &Input,
    bytes: usize,
    times: &[Duration],
    cpu_mean: Option<f64>,
    heap: &Heap,
    rss: Option<&Rss>,
    json: bool,
) {
    let mbps = |secs: f64| bytes as f64 / 1e6 / secs;
    let median = times[times.len() / 2].as_secs_f64();
    let best = times[0].as_secs_f64();
    let goal = if input.goal == Goal::Module {
        "module"
    } else {
        "script"
    };
    if json {
        let mut extra = String::new();
        if let Some(m) = cpu_mean {
            extra += &format!(
                r#","cpu_mean_ms":{:.3},"cpu_mbps_mean":{:.2}"#,
                m * 1e3,
                mbps(m)
            );
        }
        if let Some(r) = rss {
            extra += &format!(
                r#","rss_before_kib":{},"rss_after_kib":{}"#,
                r.before_kib, r.after_kib
            );
        }
        println!(
            r#"{{"file":{},"goal":"{goal}","bytes":{bytes},"iterations":{},"median_ms":{:.3},"best_ms":{:.3},"mbps_median":{:.2},"mbps_best":{:.2},"heap_peak":{},"heap_retained":{},"allocations":{}{extra}}}"#,
            json_string(&input.path),
            times.len(),
            median * 1e3,
            best * 1e3,
            mbps(median),
            mbps(best),
            heap.peak,
            heap.retained,
            heap.allocations,
        );
    } else {
        let ratio = |n: isize| n as f64 / bytes as f64;
        let mut extra = String::new();
        if let Some(m) = cpu_mean {
            extra += &format!(", {:.1} MB/s by mean CPU time", mbps(m));
        }
        extra += &format!(" ({} iterations)", times.len());
        extra += &format!(
            "; heap peak {} bytes ({:.2}x source), retained {} ({:.2}x), {} allocations",
            heap.peak,
            ratio(heap.peak),
            heap.retained,
            ratio(heap.retained),
            heap.allocations
        );
        if let Some(r) = rss {
            extra += &format!(
                ", max RSS {} KiB ({} KiB before parsing)",
                r.after_kib, r.before_kib
            );
        }
        println!(
            "{} ({goal}, {bytes} bytes): {:.1} MB/s median, {:.1} best{extra}",
            input.path,
            mbps(median),
            mbps(best),
        );
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

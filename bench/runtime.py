#!/usr/bin/env python3
"""Runtime benchmark driver: runs each program of bench/runtime/ under every engine, a few times,
and measures the user+sys CPU time of each child process (os.wait4). Called by bench/runtime.sh,
which builds the engines first; see bench/README.md.

    runtime.py OUT_DIR ENGINES_JSON PROGRAM.js...

ENGINES_JSON: a list of {"id", "name", "cmd": [argv before the file]} in table order, the first
being Kestrel; an engine with "skip": "reason" is listed in the notes only. Every program's output
is checked against node's (the engine with id "node"). Writes OUT_DIR/runs.jsonl (one line per
run), OUT_DIR/results.jsonl (one line per program and engine) and prints the Markdown table.
Environment: BENCH_RUNS (default 3), BENCH_TIMEOUT (seconds per run, default 120).
"""

import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "120"))


def run_once(argv):
    """Runs argv to completion (or the timeout); returns a dict with the CPU and wall times,
    the exit status and the outputs."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(TIMEOUT, kill)
        timer.start()
        try:
            # wait4 reaps this child alone and gives its own resource usage (all its threads, and
            # any children it waited for), unlike RUSAGE_CHILDREN deltas.
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return {
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "cpu": usage.ru_utime + usage.ru_stime,
        "wall": wall,
        "maxrss_kib": usage.ru_maxrss,
        "exit": proc.returncode,
        "timeout": timed_out.is_set(),
        "stdout": stdout,
        "stderr": stderr,
    }


def error_line(res):
    """The line of a failed run's output that names the error (`: `-prefixed), if any."""
    lines = [l.strip() for l in (res["stderr"] + "\n" + res["stdout"]).splitlines() if l.strip()]
    named = re.compile(r"^(Uncaught:? )?\w*(Error|Exception)\b|^thread .* panicked")
    line = next((l for l in lines if named.match(l)), lines[-1] if lines else "")
    return f": `{line[:200]}`" if line else ""


def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def fmt_ratio(x):
    return f"{x:.2f}×"


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def main():
    out_dir, engines_json, *programs = sys.argv[1:]
    engines = json.loads(engines_json)
    active = [e for e in engines if not e.get("skip")]
    assert active and active[0]["id"] == "kestrel", "Kestrel must be the first engine"
    runs_log = open(os.path.join(out_dir, "runs.jsonl"), "w")
    results = {}  # (program, engine id) -> summary dict
    notes = []

    for path in programs:
        prog = os.path.splitext(os.path.basename(path))[0]
        samples = {e["id"]: [] for e in active}
        for r in range(RUNS):
            # Engines interleaved run by run, so that a slow period of the machine hits them all.
            for e in active:
                res = run_once(e["cmd"] + [path])
                samples[e["id"]].append(res)
                line = {"program": prog, "engine": e["id"], "run": r + 1}
                line.update({k: v for k, v in res.items() if k not in ("stdout", "stderr")})
                line["stdout"] = res["stdout"].strip()
                if res["exit"] != 0 or res["timeout"]:
                    line["stderr"] = res["stderr"][-2000:]
                runs_log.write(json.dumps(line) + "\n")
                runs_log.flush()
                status = "timeout" if res["timeout"] else f"exit {res['exit']}" if res["exit"] else "ok"
                print(f"  {prog:<12} {e['id']:<13} run {r + 1}: {res['cpu']:.3f} s cpu, "
                      f"{res['wall']:.3f} s wall ({status})", file=sys.stderr, flush=True)

        node_runs = samples.get("node") or []
        expected = node_runs[0]["stdout"].strip() if node_runs and node_runs[0]["exit"] == 0 else None
        for e in active:
            runs = samples[e["id"]]
            cpus = [x["cpu"] for x in runs]
            summary = {"program": prog, "engine": e["id"], "runs": len(runs),
                       "median_cpu": statistics.median(cpus), "min_cpu": min(cpus), "max_cpu": max(cpus),
                       "median_wall": statistics.median(x["wall"] for x in runs),
                       "stdout": runs[0]["stdout"].strip()}
            bad = next((x for x in runs if x["timeout"] or x["exit"] != 0), None)
            if bad is not None:
                summary["status"] = "timeout" if bad["timeout"] else f"exit {bad['exit']}"
                notes.append(f"{e['name']} on {prog}: {summary['status']}"
                             + (f" after {TIMEOUT:g} s" if bad["timeout"] else error_line(bad)))
            elif expected is None:
                summary["status"] = "unchecked"
            elif any(x["stdout"].strip() != expected for x in runs):
                summary["status"] = "mismatch"
                got = next(x["stdout"].strip() for x in runs if x["stdout"].strip() != expected)
                notes.append(f"{e['name']} on {prog}: output `{got[:200]}` instead of node's `{expected[:200]}`")
            else:
                summary["status"] = "ok"
            if expected is None and e["id"] == "node":
                notes.append(f"node failed on {prog}, so no output was checked")
            results[(prog, e["id"])] = summary

    with open(os.path.join(out_dir, "results.jsonl"), "w") as f:
        for s in results.values():
            f.write(json.dumps(s) + "\n")

    # --- the table --------------------------------------------------------------------------------
    progs = [os.path.splitext(os.path.basename(p))[0] for p in programs]
    kestrel, peers = active[0], active[1:]

    def cell(prog, eid):
        s = results[(prog, eid)]
        return fmt_s(s["median_cpu"]) if s["status"] in ("ok", "unchecked") else f"**{s['status']}**"

    def ok(prog, eid):
        return results[(prog, eid)]["status"] in ("ok", "unchecked")

    header = ["program", f"{kestrel['name']} s"]
    for p in peers:
        header += [f"{p['name']} s", f"K / {p['short']}"]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    ratios = {p["id"]: [] for p in peers}
    for prog in progs:
        row = [prog, cell(prog, kestrel["id"])]
        for p in peers:
            row.append(cell(prog, p["id"]))
            if ok(prog, kestrel["id"]) and ok(prog, p["id"]):
                ratio = results[(prog, kestrel["id"])]["median_cpu"] / results[(prog, p["id"])]["median_cpu"]
                ratios[p["id"]].append(ratio)
                row.append(fmt_ratio(ratio))
            else:
                row.append("—")
        lines.append("| " + " | ".join(row) + " |")

    def gm_cell(eid):
        xs = [results[(prog, eid)]["median_cpu"] for prog in progs if ok(prog, eid)]
        g = geomean(xs)
        if g is None:
            return "—"
        return fmt_s(g) + ("" if len(xs) == len(progs) else f" ({len(xs)}/{len(progs)})")

    row = ["**geometric mean**", gm_cell(kestrel["id"])]
    for p in peers:
        row.append(gm_cell(p["id"]))
        g = geomean(ratios[p["id"]])
        n = len(ratios[p["id"]])
        row.append("—" if g is None else f"**{fmt_ratio(g)}**" + ("" if n == len(progs) else f" ({n}/{len(progs)})"))
    lines.append("| " + " | ".join(row) + " |")

    print(f"User+sys CPU seconds of each process (startup included), median of {RUNS} run{'s' if RUNS != 1 else ''}. "
          f"K / X = Kestrel's time / X's time: above 1 means Kestrel is slower.")
    print()
    print("\n".join(lines))
    print()

    # The targets of the issue: faster than Boa on every program, within 1.5× of QuickJS on the geomean.
    by_id = {p["id"]: p for p in peers}
    if "boa" in by_id:
        slower = [prog for prog in progs if not (ok(prog, "kestrel") and ok(prog, "boa")
                  and results[(prog, "kestrel")]["median_cpu"] < results[(prog, "boa")]["median_cpu"])]
        print("- Target: faster than Boa on every program: "
              + ("**met**" if not slower else f"**not met** ({', '.join(slower)})"))
    else:
        print("- Target: faster than Boa on every program: not measured (Boa skipped)")
    if "quickjs" in by_id and ratios["quickjs"]:
        g = geomean(ratios["quickjs"])
        complete = len(ratios["quickjs"]) == len(progs)
        verdict = "**met**" if g <= 1.5 and complete else "**not met**"
        print(f"- Target: within 1.5× of QuickJS on the geometric mean: {verdict} ({fmt_ratio(g)}"
              + ("" if complete else f", over {len(ratios['quickjs'])}/{len(progs)} programs") + ")")
    if "kestrel-jit" in by_id:
        jit_report(out_dir, progs, programs, results, ok, by_id["kestrel-jit"])
    for e in engines:
        if e.get("skip"):
            notes.append(f"{e['name']} skipped: {e['skip']}")
    if notes:
        print()
        print("Notes:")
        for n in notes:
            print(f"- {n}")


# The kernels of the JIT issue: its targets are measured on these.
JIT_KERNELS = ["int_loop", "fib", "mandelbrot", "props", "array_sum", "sieve"]
COMPILED = re.compile(r"^\[jit\] compiled (.*?): .* in ([0-9.]+) ms$")


def jit_report(out_dir, progs, programs, results, ok, jit):
    """The JIT's section: interpreter vs JIT vs node per program, the issue's targets, and the
    compile time (one more run per program with --trace-jit: per-function compile times, and
    their share of the JIT run's median CPU time)."""
    print()
    print("### The JIT (`--jit=on`) against the interpreter and node")
    print()
    print("| program | interpreter s | JIT s | speedup | JIT / node | compiled | compile ms | compile share |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    speedups, vs_node, slower, within_noise = {}, {}, [], []
    compile_log = open(os.path.join(out_dir, "jit-compiles.txt"), "w")
    for prog, path in zip(progs, programs):
        if not (ok(prog, "kestrel") and ok(prog, "kestrel-jit")):
            print(f"| {prog} | — | — | — | — | — | — | — |")
            continue
        interp = results[(prog, "kestrel")]["median_cpu"]
        jit_s = results[(prog, "kestrel-jit")]["median_cpu"]
        speedups[prog] = interp / jit_s
        # Slower only beyond the run-to-run spread: every JIT run slower than every interpreter
        # run. A program that compiles nothing (json) runs the interpreter's own code either way,
        # and its medians differ by ~1 % either way from one run of the suite to the next.
        if results[(prog, "kestrel-jit")]["min_cpu"] > results[(prog, "kestrel")]["max_cpu"]:
            slower.append(prog)
        elif jit_s > interp:
            within_noise.append(prog)
        node = f"{jit_s / results[(prog, 'node')]['median_cpu']:.2f}×" if ok(prog, "node") else "—"
        if ok(prog, "node"):
            vs_node[prog] = jit_s / results[(prog, "node")]["median_cpu"]
        res = run_once(jit["cmd"] + ["--trace-jit", path])
        compiles = []
        for line in res["stderr"].splitlines():
            m = COMPILED.match(line.strip())
            if m:
                compiles.append((m.group(1), float(m.group(2))))
                compile_log.write(f"{prog}\t{m.group(1)}\t{m.group(2)} ms\n")
        total = sum(ms for _, ms in compiles)
        share = f"{100 * total / 1000 / jit_s:.1f} %" if jit_s > 0 else "—"
        print(f"| {prog} | {fmt_s(interp)} | {fmt_s(jit_s)} | {speedups[prog]:.2f}× | {node} | "
              f"{len(compiles)} | {total:.2f} | {share} |")
    compile_log.close()
    print()
    kernels = [p for p in JIT_KERNELS if p in progs]
    if kernels:
        fast = [p for p in kernels if speedups.get(p, 0) >= 5]
        near = [p for p in kernels if vs_node.get(p, math.inf) <= 2]
        print(f"- Target: JIT ≥ 5× faster than the interpreter on the kernels: "
              + ("**met**" if len(fast) == len(kernels) else f"**not met** (met on {len(fast)}/{len(kernels)}: {', '.join(fast) or 'none'})"))
        print(f"- Target: JIT within 2× of node on the kernels: "
              + ("**met**" if len(near) == len(kernels) else f"**not met** (met on {len(near)}/{len(kernels)}: {', '.join(near) or 'none'})"))
    noise = f" (median higher within the runs' spread: {', '.join(within_noise)})" if within_noise else ""
    print("- Target: no program slower with the JIT on (every JIT run slower than every interpreter run): "
          + ("**met**" if not slower else f"**not met** ({', '.join(slower)})") + noise)
    print("- Per-function compile times: `jit-compiles.txt` in the results directory.")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Runtime benchmark: the JS programs of bench/runtime/ under Kestrel (release build), node, node
# --jitless, QuickJS (bench/peers/quickjs, through rquickjs) and Boa, side by side in one run. Prints a
# Markdown table of CPU seconds and Kestrel/peer ratios and keeps everything in bench/results/.
# See bench/README.md ("Runtime benchmark").
#
#   bench/runtime.sh [PROGRAM...]     (or ./build.sh bench runtime [PROGRAM...]); PROGRAM: fib, json, ...
#
# Environment: BENCH_RUNS (runs per program and engine, default 3), BENCH_TIMEOUT (seconds per run,
# default 120), BENCH_ENGINES (comma-separated subset of kestrel,kestrel-jit,node,node-jitless,
# quickjs,boa; kestrel is the interpreter, `kestrel --jit=off`; kestrel-jit is `kestrel --jit=on`, not
# run by default — `./build.sh bench jit` adds it),
# BOA (path of a boa binary), BENCH_BOA_INSTALL=0 (skip Boa instead of installing it when not found),
# BENCH_KESTREL (path of a kestrel binary to use instead of building target/release/kestrel).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ENGINES="${BENCH_ENGINES:-kestrel,node,node-jitless,quickjs,boa}"
QJS_DIR="$ROOT/bench/peers/quickjs"
TOOLS="$ROOT/bench/.tools"

die() {
    echo "bench/runtime.sh: error: $*" >&2
    exit 1
}
wants() { [[ ",$ENGINES," == *",$1,"* ]]; }

command -v python3 >/dev/null || die "python3 not found"
command -v node >/dev/null || die "node not found (apt-get install nodejs): it is the reference output"
wants kestrel || die "BENCH_ENGINES must include kestrel"
wants node || die "BENCH_ENGINES must include node (its output is the reference)"

programs=()
if (($#)); then
    for p in "$@"; do
        p="${p%.js}"
        [[ -f "bench/runtime/$p.js" ]] || die "no program bench/runtime/$p.js"
        programs+=("bench/runtime/$p.js")
    done
else
    programs=(bench/runtime/*.js)
fi

START=$SECONDS
step() { echo "--- $* ($((SECONDS - START)) s)" >&2; }

# --- engines (built or found one after the other: never two cargo builds at once) ----------------
if [[ -n "${BENCH_KESTREL:-}" ]]; then
    KESTREL="$BENCH_KESTREL"
else
    command -v cargo >/dev/null || die "cargo not found"
    step "building kestrel (release)"
    cargo build --quiet --release --bin kestrel
    KESTREL="$ROOT/target/release/kestrel"
fi
[[ -x "$KESTREL" ]] || die "no kestrel binary at $KESTREL"

QJS="$QJS_DIR/target/release/qjs-run"
if wants quickjs; then
    step "building the QuickJS runner (bench/peers/quickjs, release)"
    cargo build --quiet --release --manifest-path "$QJS_DIR/Cargo.toml" --target-dir "$QJS_DIR/target"
fi

BOA_BIN="" BOA_SKIP=""
if wants boa; then
    for candidate in "${BOA:-}" "$(command -v boa || true)" /tmp/boa/root/bin/boa "$TOOLS/bin/boa"; do
        if [[ -n "$candidate" && -x "$candidate" ]]; then
            BOA_BIN="$candidate"
            break
        fi
    done
    if [[ -z "$BOA_BIN" ]]; then
        if [[ "${BENCH_BOA_INSTALL:-1}" == 0 ]]; then
            BOA_SKIP="no boa binary found (BOA, PATH, bench/.tools/bin) and BENCH_BOA_INSTALL=0"
        else
            step "installing Boa: cargo install boa_cli --root bench/.tools (a long build, once)"
            if cargo install --quiet --locked boa_cli --root "$TOOLS" && [[ -x "$TOOLS/bin/boa" ]]; then
                BOA_BIN="$TOOLS/bin/boa"
            else
                BOA_SKIP="cargo install boa_cli failed (see above)"
            fi
        fi
    fi
    [[ -n "$BOA_SKIP" ]] && echo "bench/runtime.sh: Boa skipped: $BOA_SKIP" >&2
fi

# The engines in table order, as JSON for runtime.py.
engines="[{\"id\":\"kestrel\",\"name\":\"Kestrel\",\"short\":\"K\",\"cmd\":[\"$KESTREL\",\"--jit=off\"]}"
wants kestrel-jit && engines+=",{\"id\":\"kestrel-jit\",\"name\":\"Kestrel --jit=on\",\"short\":\"K+JIT\",\"cmd\":[\"$KESTREL\",\"--jit=on\"]}"
engines+=",{\"id\":\"node\",\"name\":\"node\",\"short\":\"node\",\"cmd\":[\"node\"]}"
wants node-jitless && engines+=",{\"id\":\"node-jitless\",\"name\":\"node --jitless\",\"short\":\"jitless\",\"cmd\":[\"node\",\"--jitless\"]}"
wants quickjs && engines+=",{\"id\":\"quickjs\",\"name\":\"QuickJS\",\"short\":\"QuickJS\",\"cmd\":[\"$QJS\"]}"
if wants boa; then
    if [[ -n "$BOA_BIN" ]]; then
        engines+=",{\"id\":\"boa\",\"name\":\"Boa\",\"short\":\"Boa\",\"cmd\":[\"$BOA_BIN\"]}"
    else
        engines+=",{\"id\":\"boa\",\"name\":\"Boa\",\"short\":\"Boa\",\"skip\":\"$BOA_SKIP\"}"
    fi
fi
engines+="]"

OUT="$ROOT/bench/results/runtime-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' (engine built with uncommitted changes in src/)')"
    echo "kestrel: $KESTREL"
    echo "rustc: $(rustc --version 2>/dev/null || echo unknown)"
    echo "node: $(node --version)"
    wants quickjs && echo "quickjs: $("$QJS" --version)"
    if wants boa; then
        if [[ -n "$BOA_BIN" ]]; then echo "boa: $("$BOA_BIN" --version 2>/dev/null | head -1) ($BOA_BIN)"; else echo "boa: skipped ($BOA_SKIP)"; fi
    fi
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    echo "runs per program and engine: ${BENCH_RUNS:-3}, timeout per run: ${BENCH_TIMEOUT:-120} s"
} >"$OUT/env.txt"
echo "$engines" >"$OUT/engines.json"

step "running ${#programs[@]} programs (${BENCH_RUNS:-3} runs each)"
python3 bench/runtime.py "$OUT" "$engines" "${programs[@]}" >"$OUT/table-body.md"
step "done"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" >>"$OUT/env.txt"

{
    echo "# Runtime benchmark"
    echo
    cat "$OUT/table-body.md"
    echo
    echo '```'
    cat "$OUT/env.txt"
    echo '```'
} >"$OUT/table.md"
rm "$OUT/table-body.md"
cp "$OUT/table.md" "$ROOT/bench/results/runtime-latest.md"
cat "$OUT/table.md"
echo
echo "results: ${OUT#"$ROOT"/}/ (bench/results/runtime-latest.md is this table) in $((SECONDS - START)) s"

#!/usr/bin/env bash
# Parse benchmark: Kestrel (examples/parse_bench.rs, release build) against acorn 8.15 on node, on the
# same real-world files in one run. Prints Markdown tables and keeps everything in bench/results/.
# See bench/README.md for what is measured.
#
#   bench/run.sh            (or ./build.sh bench)
#
# Environment: BENCH_MIN_TIME (seconds of timed parsing per file and tool, default 1) and
# BENCH_MIN_ITERATIONS (default 10; 3 under node --jitless).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MIN_TIME="${BENCH_MIN_TIME:-1}"
MIN_ITER="${BENCH_MIN_ITERATIONS:-10}"
NM="$ROOT/tests/npm/node_modules"

# The corpus: goal and path under tests/npm/node_modules.
FILES=(
    script typescript/lib/typescript.js
    script react-dom/cjs/react-dom-client.development.js
    script lodash/lodash.js
    script three/build/three.cjs
    module three/build/three.module.js
)

die() {
    echo "bench/run.sh: error: $*" >&2
    exit 1
}

command -v cargo >/dev/null || die "cargo not found"
command -v node >/dev/null || die "node not found (apt-get install nodejs npm)"
if [[ ! -f "$NM/acorn/dist/acorn.mjs" ]]; then
    echo "installing the npm inputs in tests/npm"
    if [[ -f tests/npm/package-lock.json ]]; then
        (cd tests/npm && npm ci --no-audit --no-fund --loglevel=error)
    else
        (cd tests/npm && npm install --no-audit --no-fund --loglevel=error)
    fi
fi

args=()
for ((i = 0; i < ${#FILES[@]}; i += 2)); do
    file="$NM/${FILES[i + 1]}"
    [[ -f "$file" ]] || die "missing input $file (npm install in tests/npm)"
    [[ "${FILES[i]}" == module ]] && args+=(--module)
    args+=("$file")
done

OUT="$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
START=$SECONDS
step() { echo "--- $* ($((SECONDS - START)) s)" >&2; }

step "building examples/parse_bench (release)"
cargo build --quiet --release --example parse_bench
BENCH="$ROOT/target/release/examples/parse_bench"

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "rustc: $(rustc --version)"
    echo "node: $(node --version), acorn $(node -p 'require(process.argv[1]).version' "$NM/acorn/package.json")"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    echo "timed loop per file and tool: at least ${MIN_TIME} s and ${MIN_ITER} iterations (3 under --jitless)"
} >"$OUT/env.txt"

step "Kestrel"
"$BENCH" --json --min-time "$MIN_TIME" --min-iterations "$MIN_ITER" "${args[@]}" >"$OUT/kestrel.jsonl"
step "acorn on node"
node --expose-gc bench/parse-acorn.mjs --json --rss --min-time "$MIN_TIME" --min-iterations "$MIN_ITER" "${args[@]}" >"$OUT/acorn.jsonl"
step "acorn on node, locations: true"
node --expose-gc bench/parse-acorn.mjs --json --locations --min-time "$MIN_TIME" --min-iterations "$MIN_ITER" \
    "${args[@]}" >"$OUT/acorn-locations.jsonl"
step "acorn on node --jitless"
# --jitless turns off --expose-wasm and says so on stderr; that line is dropped.
node --jitless bench/parse-acorn.mjs --json --min-time "$MIN_TIME" --min-iterations 3 "${args[@]}" \
    >"$OUT/acorn-jitless.jsonl" 2> >(grep -v 'disabling flag --expose_wasm' >&2)
step "done"

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" >>"$OUT/env.txt"
{
    node bench/report.mjs "$OUT"
    echo
    echo '```'
    cat "$OUT/env.txt"
    echo '```'
} >"$OUT/table.md"
cp "$OUT/table.md" "$ROOT/bench/results/latest.md"
cat "$OUT/table.md"
echo
echo "results: ${OUT#"$ROOT"/}/ (bench/results/latest.md is this table) in $((SECONDS - START)) s"

#!/usr/bin/env bash
# Kestrel's one entry point for building and checking. Run from any directory.
#
#   ./build.sh run FILE [ARGS...]  build the CLI (release) and run it on FILE
#   ./build.sh test                everything CI checks (what .ci/run runs)
#   ./build.sh wasm                build the npm package in pkg/ (wasm-pack --target web --release,
#                                  wasm-opt from npm binaryen@132; README from docs/npm-package.md)
#   ./build.sh serve [PORT]        serve the playground (www/) at http://127.0.0.1:PORT/www/ (default
#                                  8000), building pkg/ first when it is missing
#   ./build.sh bench [SUITE]       benchmarks: `parse` (bench/run.sh), `runtime [PROGRAM...]`
#                                  (bench/runtime.sh), `jit [PROGRAM...]` (the JIT's kernels: the
#                                  interpreter, --jit=on and node); no SUITE runs parse and runtime.
#                                  See bench/README.md
#   ./build.sh test262 [ARGS...]   run test262 (release) on ./test262 against
#                                  tests/test262-expectations.txt (--bless rewrites it; `parse` as
#                                  the first argument only parses). Not part of CI: test262 is
#                                  fetched by hand, see docs; ARGS go to the runner
#
# Each subcommand installs what it needs first (rustup target/components, the npm test inputs in
# tests/npm), and does nothing when they are already there.
# Environment: KESTREL_PROFILE=debug makes `run` use a debug build instead of release;
# KESTREL_LEAN=1 makes `test` remove target/debug once the native tests have run (.ci/run sets it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

STEP_START=$SECONDS
section() {
    echo
    echo "=== $* ==="
    STEP_START=$SECONDS
}
done_step() {
    echo "--- ok ($((SECONDS - STEP_START)) s; $(free_disk) free)"
}
# Free space on the disk holding target/ (CI machines have run short of it).
free_disk() {
    df -Ph "$ROOT" 2>/dev/null | awk 'NR == 2 { print $4 }'
}
die() {
    echo "build.sh: error: $*" >&2
    exit 1
}

usage() {
    sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# --- installers (idempotent, quiet when nothing to do) -------------------------------------------

ensure_cargo() {
    command -v cargo >/dev/null || die "cargo not found: install Rust (rustup) first"
}

ensure_wasm_target() {
    ensure_cargo
    if command -v rustup >/dev/null; then
        if ! rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
            echo "installing rust target wasm32-unknown-unknown"
            rustup target add wasm32-unknown-unknown
        fi
    fi
}

ensure_components() {
    ensure_cargo
    if command -v rustup >/dev/null; then
        local installed missing=()
        installed="$(rustup component list --installed)"
        grep -q '^rustfmt' <<<"$installed" || missing+=(rustfmt)
        grep -q '^clippy' <<<"$installed" || missing+=(clippy)
        if ((${#missing[@]})); then
            echo "installing rust components: ${missing[*]}"
            rustup component add "${missing[@]}"
        fi
    fi
    cargo fmt --version >/dev/null 2>&1 || die "cargo fmt unavailable (rustup component add rustfmt)"
    cargo clippy --version >/dev/null 2>&1 || die "cargo clippy unavailable (rustup component add clippy)"
}

# Tools installed with `cargo install` land in cargo's bin directory; make sure it is on PATH.
cargo_bin_on_path() {
    local bin="${CARGO_HOME:-$HOME/.cargo}/bin"
    case ":$PATH:" in
        *":$bin:"*) ;;
        *) export PATH="$bin:$PATH" ;;
    esac
}

# The wasm-bindgen version Cargo.lock pins (Cargo.toml says `=`): the CLI must be the same version.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# wasm-bindgen-cli (wasm-bindgen, wasm-bindgen-test-runner) at Cargo.lock's version. Installed without
# --locked: its lockfile names a crate version the registry mirror lacks.
ensure_wasm_bindgen() {
    ensure_cargo
    cargo_bin_on_path
    local want
    want="$(wasm_bindgen_version)"
    [[ -n "$want" ]] || die "no wasm-bindgen in Cargo.lock"
    if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]]; then
        echo "installing wasm-bindgen-cli $want (a few minutes)"
        cargo install wasm-bindgen-cli --version "$want" --force
    fi
}

WASM_PACK_VERSION=0.15.1

# wasm-pack (the npm package of that name downloads from GitHub at install, which fails here).
ensure_wasm_pack() {
    ensure_cargo
    cargo_bin_on_path
    if [[ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]]; then
        echo "installing wasm-pack $WASM_PACK_VERSION (a few minutes)"
        cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
    fi
}

# binaryen's wasm-opt from npm (tools/wasm), first on PATH. Never Debian's binaryen (108): its
# wasm-opt silently breaks wasm-bindgen's output.
ensure_wasm_opt() {
    npm_ci_in tools/wasm "binaryen (wasm-opt)"
    export PATH="$ROOT/tools/wasm/node_modules/.bin:$PATH"
}

# `npm ci` in DIR (relative to the root) unless its node_modules is newer than package.json and
# package-lock.json.
npm_ci_in() {
    command -v npm >/dev/null || die "npm not found (apt-get install npm)"
    local dir="$ROOT/$1"
    local stamp="$dir/node_modules/.package-lock.json"
    if ! [[ -f "$stamp" && "$stamp" -nt "$dir/package.json" && "$stamp" -nt "$dir/package-lock.json" ]]; then
        echo "installing $2 in $1"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        touch "$stamp"
    fi
}

# Debian's chromium and chromium-driver (the browser tests: wasm-pack --headless --chrome and the
# playwright e2e drive /usr/bin/chromium). Installed with apt when missing (as root, or with sudo).
ensure_chromium() {
    if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
        return 0
    fi
    command -v apt-get >/dev/null || die "chromium and chromedriver missing, and no apt-get to install them"
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    echo "installing chromium and chromium-driver (apt)"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium chromium-driver >/dev/null
    [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || die "apt installed no /usr/bin/chromium or /usr/bin/chromedriver"
}

# playwright-core (the e2e test's driver; never a downloaded browser) in tests/www/node_modules.
ensure_www_test_deps() {
    npm_ci_in tests/www playwright-core
}

# Run `wasm-pack test ARGS -- --lib` and fail unless tests ran and passed: a suite configured for
# another environment is skipped with exit status 0, which must not count as a pass.
wasm_pack_test() {
    local log
    log="$(mktemp)"
    if ! wasm-pack test --mode no-install "$@" -- --lib 2>&1 | tee "$log"; then
        rm -f "$log"
        die "wasm-pack test $* failed"
    fi
    local passed
    passed="$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$log" | tail -1)"
    rm -f "$log"
    [[ -n "$passed" && "$passed" -gt 0 ]] || die "wasm-pack test $* ran no test"
}

# The npm test inputs (acorn, test262-parser-tests, the real-world corpus) in tests/npm/node_modules.
# Reinstalled only when package.json or package-lock.json is newer than the last install.
ensure_npm() {
    command -v node >/dev/null || die "node not found (apt-get install nodejs npm)"
    npm_ci_in tests/npm "npm test inputs"
}

# --- subcommands ---------------------------------------------------------------------------------

cmd_run() {
    (($# >= 1)) || die "usage: ./build.sh run FILE [ARGS...]"
    ensure_cargo
    local profile="${KESTREL_PROFILE:-release}"
    if [[ "$profile" == release ]]; then
        cargo build --quiet --release --bin kestrel
        exec "$ROOT/target/release/kestrel" "$@"
    else
        cargo build --quiet --bin kestrel
        exec "$ROOT/target/debug/kestrel" "$@"
    fi
}

cmd_wasm() {
    section "setup: wasm32 target, wasm-bindgen-cli, wasm-pack, wasm-opt"
    ensure_wasm_target
    ensure_wasm_bindgen
    ensure_wasm_pack
    ensure_wasm_opt
    done_step

    section "wasm: wasm-pack build --target web --release (pkg/)"
    # --mode no-install: use the wasm-bindgen on PATH (the pinned version), never download one.
    wasm-pack build --target web --release --mode no-install --no-gitignore --out-dir pkg
    cp "$ROOT/docs/npm-package.md" "$ROOT/pkg/README.md"
    local wasm="$ROOT/pkg/kestrel_bg.wasm"
    echo "pkg/kestrel_bg.wasm: $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
    done_step
}

cmd_serve() {
    local port="${1:-8000}"
    [[ -f "$ROOT/pkg/kestrel.js" ]] || cmd_wasm
    command -v python3 >/dev/null || die "python3 not found (it serves the page)"
    echo "Kestrel playground: http://127.0.0.1:$port/www/"
    # The page imports ../pkg/, so the whole checkout is served (python serves .wasm as application/wasm).
    exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$ROOT"
}

cmd_bench() {
    ensure_cargo
    case "${1:-}" in
        parse)
            shift
            exec bash "$ROOT/bench/run.sh" "$@"
            ;;
        runtime)
            shift
            exec bash "$ROOT/bench/runtime.sh" "$@"
            ;;
        jit)
            # The JIT's kernels: the interpreter, --jit=on, node and node --jitless in one run.
            shift
            (($#)) || set -- int_loop fib mandelbrot props array_sum sieve
            BENCH_ENGINES="${BENCH_ENGINES:-kestrel,kestrel-jit,node,node-jitless}" \
                exec bash "$ROOT/bench/runtime.sh" "$@"
            ;;
        "")
            section "parse benchmark (bench/run.sh)"
            bash "$ROOT/bench/run.sh"
            done_step
            section "runtime benchmark (bench/runtime.sh)"
            bash "$ROOT/bench/runtime.sh"
            done_step
            ;;
        *) die "unknown benchmark suite '$1' (parse or runtime)" ;;
    esac
}

# The real-world corpus and conformance inputs for the acorn differential test (under tests/npm/node_modules).
ACORN_CORPUS=(
    typescript/lib/typescript.js
    react-dom/cjs/react-dom-client.development.js
    lodash/lodash.js
    three/build/three.cjs
    three/build/three.module.js
    test262-parser-tests/pass
)

cmd_test() {
    local total_start=$SECONDS

    section "setup: rustfmt, clippy, wasm32 target, npm test inputs"
    ensure_components
    ensure_wasm_target
    ensure_npm
    done_step

    section "cargo fmt --all -- --check"
    cargo fmt --all -- --check
    done_step

    section "cargo clippy --all-targets -- -D warnings"
    cargo clippy --all-targets -- -D warnings
    done_step

    section "cargo test (debug)"
    cargo test
    done_step

    # Nothing after this point uses the native debug build; a lean run (.ci/run) frees its disk.
    if [[ -n "${KESTREL_LEAN:-}" ]]; then
        section "lean: remove target/debug ($(du -sh "$ROOT/target/debug" 2>/dev/null | cut -f1))"
        rm -rf "$ROOT/target/debug"
        done_step
    fi

    section "wasm32: cargo build --target wasm32-unknown-unknown --lib"
    cargo build --target wasm32-unknown-unknown --lib
    done_step

    section "setup: wasm-bindgen-cli, wasm-pack, chromium, chromium-driver"
    ensure_wasm_bindgen
    ensure_wasm_pack
    ensure_chromium
    done_step

    # The API's wasm_bindgen_test tests are the library's (src/wasm/tests.rs): `-- --lib`.
    section "wasm32: wasm-pack test --node (the npm package's API under node)"
    wasm_pack_test --node
    done_step

    section "wasm32: wasm-pack test --headless --chrome (the same tests in Chromium)"
    # The tests are not tied to one environment; this makes the runner take the browser.
    WASM_BINDGEN_USE_BROWSER=1 wasm_pack_test --headless --chrome
    done_step

    section "wasm32: no cranelift crate in the wasm dependency tree"
    local tree
    tree="$(cargo tree --target wasm32-unknown-unknown -e normal)"
    grep -q '^kestrel ' <<<"$tree" || die "cargo tree printed no 'kestrel' root:"$'\n'"$tree"
    if grep -i 'cranelift' <<<"$tree"; then
        die "cranelift crates reach the wasm32 build (see above)"
    fi
    echo "no cranelift crate among $(grep -c . <<<"$tree") lines of the wasm32 tree"
    done_step

    # The npm package: built as `./build.sh wasm` builds it, packed, installed by name, used.
    cmd_wasm
    section "npm package: npm pack pkg/, install into a scratch project, smoke test (tests/pkg)"
    bash "$ROOT/tests/pkg/run.sh"
    done_step

    section "playground e2e: playwright-core drives headless Chromium against ./build.sh serve"
    ensure_www_test_deps
    www_e2e
    done_step

    if [[ -f "$ROOT/tests/acorn/diff.mjs" ]]; then
        section "cargo build --release --bin kestrel (for the acorn differential)"
        cargo build --release --bin kestrel
        done_step

        local item
        for item in "${ACORN_CORPUS[@]}"; do
            section "acorn differential: $item"
            [[ -e "$ROOT/tests/npm/node_modules/$item" ]] || die "missing corpus input tests/npm/node_modules/$item"
            node "$ROOT/tests/acorn/diff.mjs" -q "$ROOT/target/release/kestrel" "$ROOT/tests/npm/node_modules/$item"
            done_step
        done
    else
        section "acorn differential: skipped (tests/acorn/diff.mjs does not exist yet)"
    fi

    echo
    echo "=== build.sh test: all checks passed in $((SECONDS - total_start)) s ==="
}

# Serve the checkout on a free port, run tests/www/e2e.mjs against the page (screenshots in
# target/www-e2e/), stop the server.
www_e2e() {
    command -v python3 >/dev/null || die "python3 not found (it serves the page)"
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$ROOT" >/dev/null 2>&1 &
    local server=$!
    local status=0
    python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/www/")
        break
    except Exception:
        time.sleep(0.1)
PY
    node "$ROOT/tests/www/e2e.mjs" "http://127.0.0.1:$port/www/" "$ROOT/target/www-e2e" || status=$?
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    ((status == 0)) || die "playground e2e failed"
}

cmd_test262() {
    ensure_cargo
    [[ -d "$ROOT/test262/test" ]] || die "no test262/ checkout at the project root (see TOOLCHAIN.md: fetch tc39/test262, then git worktree add)"
    cargo build --quiet --release --bin test262
    if [[ "${1:-}" == parse ]]; then
        shift
        exec "$ROOT/target/release/test262" parse "$@" "$ROOT/test262"
    fi
    # Run every test and compare with the committed expectations (exit 1 on a regression).
    exec "$ROOT/target/release/test262" run --expect "$ROOT/tests/test262-expectations.txt" "$@" "$ROOT/test262"
}

main() {
    local cmd="${1:-}"
    (($#)) && shift
    case "$cmd" in
        run) cmd_run "$@" ;;
        test) cmd_test "$@" ;;
        wasm) cmd_wasm "$@" ;;
        serve) cmd_serve "$@" ;;
        bench) cmd_bench "$@" ;;
        test262) cmd_test262 "$@" ;;
        -h | --help | help) usage ;;
        "")
            usage
            exit 2
            ;;
        *)
            usage >&2
            die "unknown subcommand '$cmd'"
            ;;
    esac
}

main "$@"

#!/usr/bin/env bash
# Pack pkg/ (built by ./build.sh wasm) with npm, install the tarball into a scratch project, and run
# smoke.mjs there, importing the package by its name.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ -f "$ROOT/pkg/package.json" ]] || { echo "tests/pkg/run.sh: no pkg/ (run ./build.sh wasm)" >&2; exit 1; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
tarball="$(cd "$ROOT/pkg" && npm pack --silent --pack-destination "$scratch")"
cd "$scratch"
echo '{ "name": "kestrel-pkg-smoke", "private": true, "type": "module" }' >package.json
npm install --no-audit --no-fund --loglevel=error "./$tarball"
cp "$ROOT/tests/pkg/smoke.mjs" .
node smoke.mjs

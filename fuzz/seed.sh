#!/usr/bin/env bash
# Seeds fuzz/corpus/parse (git-ignored) from the test262-parser-tests suite in tests/npm/node_modules:
# its pass, fail and early directories, so the fuzzer starts from valid programs, syntax errors and
# early errors alike. Idempotent: files already there are left alone. Run ./build.sh test (or npm install
# in tests/npm) first if node_modules is missing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUITE="$HERE/../tests/npm/node_modules/test262-parser-tests"
OUT="$HERE/corpus/parse"
[[ -d "$SUITE/pass" ]] || { echo "seed.sh: $SUITE not found (npm install in tests/npm)" >&2; exit 1; }
mkdir -p "$OUT"
for dir in pass fail early; do
    for f in "$SUITE/$dir"/*.js; do
        dest="$OUT/$dir-$(basename "$f")"
        [[ -e "$dest" ]] || cp "$f" "$dest"
    done
done
echo "seed.sh: $(find "$OUT" -type f | wc -l) files in $OUT"

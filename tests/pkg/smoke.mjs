// The npm package, installed by name: `npm pack` pkg/, install the tarball into a scratch project, and
// use it from node as a consumer would. Run by tests/pkg/run.sh (after ./build.sh wasm).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import init, { evaluate, tokens, ast, bytecode, opcodes, Session, version } from "kestrel";

// --target web: init() fetches the .wasm by URL in browsers; in node we hand it the bytes.
const require = createRequire(import.meta.url);
const wasmPath = require.resolve("kestrel/kestrel_bg.wasm");
await init({ module_or_path: await readFile(wasmPath) });

assert.match(version(), /^\d+\.\d+\.\d+/);

const r = evaluate(
  "setTimeout(() => console.log('timeout'), 0); Promise.resolve().then(() => console.log('promise')); console.log('sync'); 6 * 7",
);
assert.equal(r.ok, true);
assert.equal(r.value, "42");
assert.deepEqual(r.output.map((l) => l.text), ["sync", "promise", "timeout"]);

const stopped = evaluate("while (true) {}", { fuel: 10000 });
assert.equal(stopped.ok, false);
assert.match(stopped.error.message, /fuel/);

const m = evaluate("export const x = await 1; console.log(x + 1)", { module: true });
assert.deepEqual(m.output.map((l) => l.text), ["2"]);

assert.deepEqual(tokens("let x = 1").map((t) => t.text), ["let", "x", "=", "1"]);
assert.equal(ast("x").body[0].expression.name, "x");
assert.throws(() => ast("let let"), (e) => e.name === "SyntaxError" && e.line === 1);
const fns = bytecode("function f() { return 1 }").functions;
assert.deepEqual(fns.map((f) => f.name), ["<top level>", "f"]);
assert.ok(opcodes().some((o) => o.name === "Return"));

const s = new Session("let a = 1;\nfunction g() {\n  const b = a + 1;\n  return b;\n}\ng();");
assert.equal(s.snapshot().phase, "creation");
assert.equal(s.snapshot().stack[0].bindings.find((b) => b.name === "a").state, "uninitialized");
let snap = s.snapshot();
while (snap.depth < 2) snap = s.step();
assert.equal(snap.stack.length, 2);
assert.equal(snap.stack[1].bindings.find((b) => b.name === "b").value, "<uninitialized>");
const last = s.run();
assert.equal(last.done, true);
assert.equal(s.stepBack().step, last.step - 1);

console.log("npm package smoke test: ok");

#!/usr/bin/env node
// Compares Kestrel's ESTree output with acorn's, file by file.
//
//   node tests/acorn/diff.mjs [-j N] [-q] [--module] KESTREL PATH...
//
// PATHs are files or directories (searched recursively for .js, .mjs and .cjs files). For each file this
// runs `KESTREL --dump-ast [--module] FILE` and acorn (in this process), and prints `ok`, or `DIFF` with the
// JSON path and both values of the first difference. Files acorn rejects are skipped and counted apart.
// `.mjs` files (and every file with `--module`) are modules; other files are scripts, unless acorn accepts
// them only as modules, in which case both sides parse them as modules.
//
// The last line is `N passed, M failed`; the exit status is 1 if any file failed.
//   -j N   run N kestrel processes at once (default 2)
//   -q     print only the failures and the totals

import { spawn } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAuto, toJson } from "./reference.mjs";

const TIMEOUT_MS = 120_000;
const SHOW = 300; // characters of each value shown in a DIFF

function usage() {
  console.error("usage: node tests/acorn/diff.mjs [-j N] [-q] [--module] KESTREL PATH...");
  process.exit(2);
}

let jobs = 2;
let quiet = false;
let forceModule = false;
const positional = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "-j") jobs = Math.max(1, parseInt(argv[++i], 10) || 1);
  else if (a === "-q") quiet = true;
  else if (a === "--module") forceModule = true;
  else if (a === "-h" || a === "--help") usage();
  else positional.push(a);
}
if (positional.length < 2) usage();
const [kestrel, ...roots] = positional;

function collect(path, out) {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      if (statSync(child).isDirectory() || /\.(m|c)?js$/.test(name)) collect(child, out);
    }
  } else {
    out.push(path);
  }
  return out;
}
const files = roots.flatMap((r) => collect(r, []));

// Runs kestrel on one file; resolves to {code, signal, stdout, stderr, timedOut}.
function runKestrel(file, module) {
  return new Promise((resolve) => {
    const args = module ? ["--dump-ast", "--module", file] : ["--dump-ast", file];
    const child = spawn(kestrel, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, TIMEOUT_MS);
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: -1, signal: null, stdout: "", stderr: String(e), timedOut });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
      });
    });
  });
}

function show(value) {
  const s = value === undefined ? "(missing)" : JSON.stringify(value);
  return s.length > SHOW ? s.slice(0, SHOW) + "…" : s;
}

function where(node) {
  if (!node) return "";
  const at = node.loc ? ` at ${node.loc.start.line}:${node.loc.start.column}` : "";
  return ` (in ${node.type}${at})`;
}

// The first difference between acorn's value `a` and kestrel's `b`, in document order, comparing object
// fields in acorn's order; null if they are equal. Iterative, so deep trees cannot overflow the stack.
function firstDifference(a, b) {
  const stack = [[a, b, "$", null]];
  while (stack.length) {
    const [x, y, path, node] = stack.pop();
    if (x === y) continue;
    const tx = x === null ? "null" : Array.isArray(x) ? "array" : typeof x;
    const ty = y === null ? "null" : Array.isArray(y) ? "array" : typeof y;
    if (tx !== ty || (tx !== "object" && tx !== "array")) return { path, a: x, b: y, node };
    if (tx === "array") {
      if (x.length !== y.length) {
        return { path: `${path}.length`, a: x.length, b: y.length, node };
      }
      for (let i = x.length - 1; i >= 0; i--) stack.push([x[i], y[i], `${path}[${i}]`, node]);
      continue;
    }
    const here = typeof x.type === "string" ? x : node;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    const extra = ky.filter((k) => !Object.hasOwn(x, k));
    if (extra.length) return { path: `${path}.${extra[0]}`, a: undefined, b: y[extra[0]], node: here };
    for (let i = kx.length - 1; i >= 0; i--) {
      const k = kx[i];
      if (!Object.hasOwn(y, k)) {
        stack.push([x[k], undefined, `${path}.${k}`, here]);
      } else {
        stack.push([x[k], y[k], `${path}.${k}`, here]);
      }
    }
  }
  return null;
}

// For texts that parse to equal values: where they first differ (field order, number spelling).
function textDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 80);
  return `same values, different text at character ${i}:\n    acorn:   …${a.slice(from, i + 80)}\n    kestrel: …${b.slice(from, i + 80)}`;
}

// Checks one file; resolves to {status: "ok" | "DIFF" | "skip", detail}.
async function check(file) {
  let source;
  try {
    source = readFileSync(file, "utf8");
  } catch (e) {
    return { status: "DIFF", detail: `cannot read: ${e.message}` };
  }
  const wantModule = forceModule || file.endsWith(".mjs");
  // acorn decides the goal (kestrel needs to know whether to pass --module); its serialisation then
  // overlaps with kestrel's run.
  const ref = parseAuto(source, wantModule);
  if (ref.error) return { status: "skip", detail: `acorn rejects it: ${ref.error}` };
  const module = ref.sourceType === "module";
  const run = runKestrel(file, module);
  const expected = toJson(ref.ast);
  const r = await run;
  const mode = module ? " [module]" : "";
  if (r.timedOut) return { status: "DIFF", detail: `kestrel timed out after ${TIMEOUT_MS / 1000}s${mode}` };
  if (r.code !== 0) {
    const why = r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`;
    return { status: "DIFF", detail: `kestrel failed (${why})${mode}: ${r.stderr.trim().slice(0, 500)}` };
  }
  const actual = r.stdout.endsWith("\n") ? r.stdout.slice(0, -1) : r.stdout;
  if (actual === expected) return { status: "ok" };
  let parsed;
  try {
    parsed = JSON.parse(actual);
  } catch (e) {
    return { status: "DIFF", detail: `kestrel printed invalid JSON${mode}: ${e.message}` };
  }
  const d = firstDifference(JSON.parse(expected), parsed);
  if (!d) return { status: "DIFF", detail: `${mode.trim()}${mode ? " " : ""}${textDifference(expected, actual)}` };
  return {
    status: "DIFF",
    detail: `${d.path}${where(d.node)}${mode}\n    acorn:   ${show(d.a)}\n    kestrel: ${show(d.b)}`,
  };
}

const results = new Array(files.length);
let nextToStart = 0;
let nextToPrint = 0;
let passed = 0;
let failed = 0;
let skipped = 0;

function flush() {
  while (nextToPrint < files.length && results[nextToPrint]) {
    const file = files[nextToPrint];
    const { status, detail } = results[nextToPrint];
    if (status === "ok") {
      passed++;
      if (!quiet) console.log(`ok   ${file}`);
    } else if (status === "skip") {
      skipped++;
      if (!quiet) console.log(`skip ${file}: ${detail}`);
    } else {
      failed++;
      console.log(`DIFF ${file}: ${detail}`);
    }
    results[nextToPrint] = true; // free the detail
    nextToPrint++;
  }
}

async function worker() {
  while (nextToStart < files.length) {
    const i = nextToStart++;
    try {
      results[i] = await check(files[i]);
    } catch (e) {
      results[i] = { status: "DIFF", detail: `diff.mjs error: ${e.stack || e}` };
    }
    flush();
  }
}

await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
flush();
if (skipped) console.log(`${skipped} skipped (acorn rejects them)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

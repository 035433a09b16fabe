// Parse throughput and heap growth of acorn (the node side of bench/run.sh).
//
//   node --expose-gc bench/parse-acorn.mjs [--min-time SECS] [--min-iterations N] [--json]
//        [--locations] [--module] FILE [[--module] FILE...]
//
// `--module` applies to the FILE that follows it. acorn comes from tests/npm/node_modules (8.15.0), with
// `ecmaVersion: "latest"`, `sourceType` per file, and `locations: false` unless `--locations` is given
// (Kestrel's parse records byte offsets only and computes lines/columns when something asks for them,
// the way acorn's `start`/`end` need no `loc`; `--locations` measures acorn's `loc` objects on top).
//
// For each file:
// - throughput: warm-up parses (at least 2, or 1 when one takes over a second, as under --jitless), then
//   parses until at least --min-time seconds (default 1) and --min-iterations (default 5), each timed
//   with process.hrtime.bigint(); MB/s = source bytes / 10^6 / seconds, from the median and the best
//   iteration; also from the mean on-CPU time of the main thread over the timed loop (see threadCpuNs),
//   which the other processes of a shared machine disturb less than wall-clock time;
// - heap growth (only when run with --expose-gc): after the warm-up, three times: drop the previous AST,
//   global.gc(), read process.memoryUsage().heapUsed, parse, global.gc() with the AST still referenced,
//   read heapUsed again; the median difference is reported. That is the V8 heap the AST keeps alive
//   (plus whatever else the parse left reachable), not the transient peak during the parse: V8 gives
//   no exact peak, and its young generation is collected during the parse anyway;
// - max RSS (with --rss): the same file parsed once in a fresh node process with the same flags,
//   process.resourceUsage().maxRSS before and after the parse (KiB).
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const acornPath = path.join(here, "..", "tests", "npm", "node_modules", "acorn", "dist", "acorn.mjs");
const acorn = await import(pathToFileURL(acornPath).href);

const usage =
  "usage: node [--expose-gc] bench/parse-acorn.mjs [--min-time SECS] [--min-iterations N] [--json] [--locations] [--rss] [--module] FILE...";

function die(message) {
  console.error(`parse-acorn: ${message}\n${usage}`);
  process.exit(2);
}

const args = process.argv.slice(2);
let minTime = 1;
let minIterations = 5;
let json = false;
let locations = false;
let rss = false;
let module = false;
const inputs = [];
if (args[0] === "--rss-child") {
  rssChild(args.slice(1));
  process.exit(0);
}
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "--json") json = true;
  else if (arg === "--locations") locations = true;
  else if (arg === "--rss") rss = true;
  else if (arg === "--module") module = true;
  else if (arg === "--min-time") {
    minTime = Number(args[++i]);
    if (!(minTime >= 0)) die("--min-time needs a number of seconds");
  } else if (arg === "--min-iterations") {
    minIterations = Number(args[++i]);
    if (!(minIterations >= 1)) die("--min-iterations needs a positive number");
  } else if (arg.startsWith("-")) die(`unknown option ${arg}`);
  else {
    inputs.push({ file: arg, sourceType: module ? "module" : "script" });
    module = false;
  }
}
if (inputs.length === 0) die("no file given");

function options(sourceType) {
  return { ecmaVersion: "latest", sourceType, locations };
}

const now = () => process.hrtime.bigint();
const seconds = (ns) => Number(ns) / 1e9;

for (const { file, sourceType } of inputs) {
  const source = readFileSync(file, "utf8");
  const bytes = Buffer.byteLength(source, "utf8");
  const opts = options(sourceType);
  let sink = null;

  // Warm-up: at least 2 parses (1 if it took over a second), up to 20 or --min-time / 5 seconds.
  const warmStart = now();
  for (let n = 1; ; n++) {
    const t = now();
    sink = acorn.parse(source, opts);
    const one = seconds(now() - t);
    if (n >= 20 || ((n >= 2 || one > 1) && seconds(now() - warmStart) >= minTime / 5)) break;
  }
  sink = null;

  // Heap growth with the AST alive.
  let heapGrowth = null;
  if (typeof global.gc === "function") {
    const growths = [];
    for (let round = 0; round < 3; round++) {
      sink = null;
      global.gc();
      const before = process.memoryUsage().heapUsed;
      sink = acorn.parse(source, opts);
      global.gc();
      const after = process.memoryUsage().heapUsed;
      if (sink.type !== "Program") throw new Error("unexpected AST");
      growths.push(after - before);
    }
    sink = null;
    growths.sort((a, b) => a - b);
    heapGrowth = growths[1];
  }

  // Throughput.
  const times = [];
  const cpuStart = threadCpuNs();
  const start = now();
  while (times.length < minIterations || seconds(now() - start) < minTime) {
    const t = now();
    sink = acorn.parse(source, opts);
    times.push(seconds(now() - t));
  }
  const cpuEnd = threadCpuNs();
  if (sink.type !== "Program") throw new Error("unexpected AST");
  sink = null;
  const cpuMean = cpuStart === null || cpuEnd === null ? null : Number(cpuEnd - cpuStart) / 1e9 / times.length;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const best = times[0];

  const result = {
    file,
    goal: sourceType,
    bytes,
    locations,
    jitless: process.execArgv.includes("--jitless"),
    iterations: times.length,
    median_ms: +(median * 1e3).toFixed(3),
    best_ms: +(best * 1e3).toFixed(3),
    mbps_median: +(bytes / 1e6 / median).toFixed(2),
    mbps_best: +(bytes / 1e6 / best).toFixed(2),
    heap_growth: heapGrowth,
  };
  if (cpuMean !== null) {
    result.cpu_mean_ms = +(cpuMean * 1e3).toFixed(3);
    result.cpu_mbps_mean = +(bytes / 1e6 / cpuMean).toFixed(2);
  }
  if (rss) Object.assign(result, measureRss(file, sourceType));
  if (json) console.log(JSON.stringify(result));
  else {
    const heap =
      heapGrowth === null
        ? "heap growth not measured (run node with --expose-gc)"
        : `heap growth ${heapGrowth} bytes (${(heapGrowth / bytes).toFixed(2)}x source)`;
    const rssText = rss ? `, max RSS ${result.rss_after_kib} KiB (${result.rss_before_kib} KiB before parsing)` : "";
    console.log(
      `${file} (${sourceType}, ${bytes} bytes${locations ? ", locations" : ""}${result.jitless ? ", jitless" : ""}): ` +
        `${result.mbps_median} MB/s median, ${result.mbps_best} best` +
        (cpuMean === null ? "" : `, ${result.cpu_mbps_mean} MB/s by mean CPU time`) +
        ` (${times.length} iterations); ${heap}${rssText}`,
    );
  }
}

// Nanoseconds the main thread has spent on a CPU (/proc/thread-self/schedstat; null without /proc).
// V8's background threads (concurrent GC and compilation) are not counted. The kernel updates it at
// scheduler ticks, so it is only good over many iterations.
function threadCpuNs() {
  try {
    return BigInt(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]);
  } catch {
    return null;
  }
}

function measureRss(file, sourceType) {
  const childArgs = [...process.execArgv, fileURLToPath(import.meta.url), "--rss-child"];
  if (locations) childArgs.push("--locations");
  childArgs.push(sourceType, file);
  const out = spawnSync(process.execPath, childArgs, { encoding: "utf8" });
  if (out.status !== 0) return {};
  const [before, after] = out.stdout.trim().split(/\s+/).map(Number);
  return { rss_before_kib: before, rss_after_kib: after };
}

// One parse in a fresh process: maxRSS (KiB) after reading the file, and after parsing it.
function rssChild(rest) {
  if (rest[0] === "--locations") {
    locations = true;
    rest = rest.slice(1);
  }
  const [sourceType, file] = rest;
  const source = readFileSync(file, "utf8");
  const before = process.resourceUsage().maxRSS;
  const ast = acorn.parse(source, options(sourceType));
  const after = process.resourceUsage().maxRSS;
  if (ast.type !== "Program") throw new Error("unexpected AST");
  console.log(`${before} ${after}`);
}

// Turns the JSON lines that bench/run.sh collected into its Markdown tables.
//
//   node bench/report.mjs RESULTS_DIR
//
// Reads kestrel.jsonl (examples/parse_bench.rs --json), acorn.jsonl, acorn-locations.jsonl and
// acorn-jitless.jsonl (bench/parse-acorn.mjs --json) from RESULTS_DIR and prints Markdown to stdout.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node bench/report.mjs RESULTS_DIR");
  process.exit(2);
}

function load(name) {
  const file = path.join(dir, name);
  const byFile = new Map();
  if (!existsSync(file)) return byFile;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const r = JSON.parse(line);
    byFile.set(r.file, r);
  }
  return byFile;
}

const kestrel = load("kestrel.jsonl");
const acorn = load("acorn.jsonl");
const acornLoc = load("acorn-locations.jsonl");
const jitless = load("acorn-jitless.jsonl");

const short = (file) => file.replace(/^.*node_modules\//, "");
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const num = (x, digits = 1) => (x === undefined || x === null ? "–" : x.toFixed(digits));
const times = (a, b) => (a === undefined || b === undefined || a === null || b === null ? "–" : `${(a / b).toFixed(2)}×`);
const mib = (kib) => (kib === undefined ? "–" : `${(kib / 1024).toFixed(1)} MiB`);
const rss = (r) =>
  r && r.rss_after_kib !== undefined
    ? `${mib(r.rss_after_kib)} (+${mib(r.rss_after_kib - r.rss_before_kib)})`
    : "–";

// Throughput from the mean on-CPU time of the parsing thread where /proc gave it, else the best
// wall-clock iteration.
const tput = (r) => (r === undefined ? undefined : (r.cpu_mbps_mean ?? r.mbps_best));

const rows = [];
let speedMet = 0;
let memoryMet = 0;
for (const [file, k] of kestrel) {
  const a = acorn.get(file);
  const j = jitless.get(file);
  if (a && tput(k) >= 2 * tput(a)) speedMet++;
  if (k.heap_peak < 10 * k.bytes) memoryMet++;
  rows.push(
    `| ${short(file)} | ${k.goal} | ${mb(k.bytes)} | ${num(tput(k))} | ${num(tput(a))} | ` +
      `${times(tput(k), tput(a))} | ${num(tput(j), 2)} | ${times(tput(k), tput(j))} | ` +
      `${times(k.heap_peak, k.bytes)} | ${times(a?.heap_growth, a?.bytes)} |`,
  );
}

const out = [];
out.push("### Parse throughput and memory: Kestrel vs acorn 8.15 on node");
out.push("");
out.push(
  "Throughput: source MB / mean on-CPU time per parse of the parsing thread over the timed loop " +
    "(other processes on a shared machine inflate wall-clock times; wall-clock figures are in the details). " +
    "Memory as a multiple of the source size: Kestrel's peak heap bytes during one parse (AST alive at the end); " +
    "acorn's V8 heap growth retained by the AST after a full GC (compare with Kestrel's retained heap in the details).",
);
out.push("");
out.push(
  "| file | goal | size | Kestrel MB/s | acorn MB/s | ratio | acorn --jitless MB/s | ratio vs jitless | Kestrel peak heap | acorn heap growth |",
);
out.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
out.push(...rows);
out.push("");
out.push(
  `Targets: throughput ≥ 2× acorn's on ${speedMet} of ${kestrel.size} files; ` +
    `Kestrel peak heap < 10× the source on ${memoryMet} of ${kestrel.size} files.`,
);
out.push("");
out.push("#### Details");
out.push("");
out.push(
  "Wall-clock MB/s from the best and the median iteration. acorn+loc: `locations: true` (adds `loc` objects; " +
    "Kestrel computes lines and columns only when asked), throughput as in the main table. " +
    "Max RSS: one parse in a fresh process (in brackets, the growth during the parse).",
);
out.push("");
out.push(
  "| file | Kestrel best / median | acorn best / median | ratio best / median | jitless best | acorn+loc MB/s | acorn+loc heap growth | Kestrel retained heap | Kestrel allocations | Kestrel max RSS | node max RSS |",
);
out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const [file, k] of kestrel) {
  const a = acorn.get(file);
  const l = acornLoc.get(file);
  const j = jitless.get(file);
  out.push(
    `| ${short(file)} | ${num(k.mbps_best)} / ${num(k.mbps_median)} | ${num(a?.mbps_best)} / ${num(a?.mbps_median)} | ` +
      `${times(k.mbps_best, a?.mbps_best)} / ${times(k.mbps_median, a?.mbps_median)} | ${num(j?.mbps_best, 2)} | ` +
      `${num(tput(l))} | ${times(l?.heap_growth, l?.bytes)} | ${times(k.heap_retained, k.bytes)} | ` +
      `${k.allocations} | ${rss(k)} | ${rss(a)} |`,
  );
}
console.log(out.join("\n"));

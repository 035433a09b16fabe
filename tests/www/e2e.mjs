// End-to-end test of the playground page in headless Chromium, driven by playwright-core:
//   node tests/www/e2e.mjs URL [OUT_DIR]
// URL is the served page (./build.sh serve → http://127.0.0.1:8000/www/). It runs every example and
// checks the Console pane, hovers an AST node and checks the marked source range, steps into a
// function and sees two execution contexts with a binding in the TDZ that later holds a value,
// checks that Stop ends `while (true) {}`, and saves a screenshot of each pane in OUT_DIR.
import { chromium } from "playwright-core";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { EXAMPLES } from "../../www/examples.js";

const url = process.argv[2] ?? "http://127.0.0.1:8000/www/";
const out = process.argv[3] ?? join(tmpdir(), "kestrel-www");
await mkdir(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ], // playwright gives each launch a fresh, empty profile

});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on("pageerror", (e) => console.error("page error:", e.message));
const t0 = Date.now();
await page.goto(url);
await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
const ready = Date.now() - t0;
console.log(`ready after ${ready} ms`);

const consoleLines = () => page.$$eval("#pane-console .console-line:not(.value):not(.error)", (els) => els.map((e) => e.textContent));
const waitDone = () => page.waitForFunction(() => !document.querySelector("#run").disabled, null, { timeout: 30000 });

// Every example: its console output.
for (let i = 0; i < EXAMPLES.length; i++) {
  await page.selectOption("#examples", String(i));
  await page.click("#run");
  await waitDone();
  assert.deepEqual(await consoleLines(), EXAMPLES[i].expect, EXAMPLES[i].name);
  console.log(`example ok: ${EXAMPLES[i].name}`);
}

// The AST pane: hovering a node marks its source range.
await page.fill("#source", "let answer = 6 * 7;");
await page.click('#tabs [data-pane="ast"]');
await page.waitForFunction(() => [...document.querySelectorAll(".ast-type")].some((e) => e.textContent === "BinaryExpression"));
const binary = page.locator("summary", { has: page.locator(".ast-type", { hasText: /^BinaryExpression$/ }) }).first();
await binary.hover();
assert.equal(await page.$eval("#highlight", (el) => [...el.querySelectorAll(".mark")].map((m) => m.textContent).join("")), "6 * 7");
console.log("AST hover ok");

// Execution: step into a function; two contexts, a binding in the TDZ that later holds a value.
await page.fill("#source", "function f(n) {\n  let k = n + 1;\n  return k;\n}\nf(1);\n");
await page.click("#run");
await waitDone();
await page.click('#tabs [data-pane="execution"]');
const contexts = () => page.$$eval("#stack .context h4", (hs) => hs.length - 1); // minus "Output so far"
const kState = () => page.evaluate(() => {
  const row = [...document.querySelectorAll("#stack tr")].find((r) => r.firstElementChild?.textContent === "k");
  return row ? row.children[1].className + ":" + row.children[1].textContent : null;
});
for (let i = 0; i < 20 && (await contexts()) < 2; i++) await page.click('[data-move="step"]');
assert.equal(await contexts(), 2);
assert.equal(await kState(), "tdz:<uninitialized>");
for (let i = 0; i < 10 && (await kState()) !== ":2"; i++) await page.click('[data-move="step"]');
assert.equal(await kState(), ":2");
console.log("stepping ok");

// The heap beside the stack: a binding that holds an object refers to its node, which shows the
// object's properties.
await page.fill("#source", "const point = { x: 1, y: 2 };\nconst pair = [point, point];\nconsole.log(pair.length);\n");
await page.click("#run");
await waitDone();
await page.click('[data-move="run"]');
// The last step's snapshot arrives from the worker: wait until the binding holds its reference.
const pointRef = await page
  .waitForFunction(() => {
    const row = [...document.querySelectorAll("#stack tr")].find((r) => r.firstElementChild?.textContent === "point");
    return row?.querySelector(".ref")?.dataset.ref ?? false;
  }, null, { timeout: 10000 })
  .then((h) => h.jsonValue());
assert.ok(pointRef, "the binding point refers to a heap node");
const pointNode = await page.$eval(`#heap-${pointRef}`, (n) => [...n.querySelectorAll("tr")].map((r) => r.textContent));
assert.deepEqual(pointNode, ["x1", "y2"]);
await page.hover(`#stack .ref[data-ref="${pointRef}"]`);
assert.equal(await page.$eval(`#heap-${pointRef}`, (n) => n.classList.contains("target")), true);
console.log("heap ok");

// Hotness: after running the hot loop, the bytecode pane marks the function native Kestrel compiles.
const hot = EXAMPLES.findIndex((e) => e.name === "A hot loop");
await page.selectOption("#examples", String(hot));
await page.click("#run");
await waitDone();
await page.click('#tabs [data-pane="bytecode"]');
const hotFunctions = await page.$$eval(".fn", (fns) => fns.filter((f) => f.querySelector(".badge.hot")).map((f) => f.querySelector("h3").firstChild.textContent.trim()));
assert.ok(hotFunctions.length > 0, "a hot function is marked");
assert.ok(await page.$(".ins.osr"), "a hot function's loop is marked as the OSR entry");
console.log(`hotness ok (hot: ${hotFunctions.join(", ")})`);

// Screenshots of every pane, in the middle of the event-loop example.
const loopExample = EXAMPLES.findIndex((e) => e.name.startsWith("Event loop"));
await page.selectOption("#examples", String(loopExample));
await page.click("#run");
await waitDone();
await page.click('#tabs [data-pane="loop"]');
await page.$eval("#scrub", (el) => {
  el.value = String(Math.floor(Number(el.max) * 0.6));
  el.dispatchEvent(new Event("input"));
});
await page.waitForTimeout(200);
for (const pane of ["console", "tokens", "ast", "bytecode", "execution", "loop"]) {
  await page.click(`#tabs [data-pane="${pane}"]`);
  await page.screenshot({ path: join(out, `pane-${pane}.png`) });
}

// Stop ends a runaway loop, and the page stays usable.
await page.fill("#source", "while (true) {}");
await page.click("#run");
await page.waitForTimeout(300);
await page.click("#stop");
await page.waitForSelector('#status:text("ready")', { timeout: 30000 });
await page.fill("#source", "console.log('after stop')");
await page.click("#run");
await waitDone();
assert.deepEqual(await consoleLines(), ["after stop"]);
console.log("stop ok");

// Report, not assert: fib(25) in the page (the package on the main thread), best of 3.
const fib = await page.evaluate(async () => {
  const k = await import("../pkg/kestrel.js");
  await k.default();
  const src = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } fib(25)";
  let best = Infinity, value = null;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    value = k.evaluate(src).value;
    best = Math.min(best, performance.now() - t);
  }
  return { best, value };
});
assert.equal(fib.value, "75025");
console.log(`report: navigation to data-ready ${ready} ms; fib(25) in Chromium ${fib.best.toFixed(1)} ms (best of 3)`);

await browser.close();
console.log(`playground e2e: ok (screenshots in ${out})`);

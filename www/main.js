// The playground page: an editor highlighted by Kestrel's own lexer, and panes showing each stage of
// the pipeline. The engine runs in a Web Worker (worker.js); Stop terminates it and starts another.
// The code and the open pane live in the URL hash, so a link reproduces the view.
import { EXAMPLES } from "./examples.js";

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

// ------------------------------------------------------------------------------------------------
// The worker

let worker = null;
let pending = new Map();
let nextId = 1;
let opcodeDocs = new Map();

function startWorker() {
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data }) => {
    if (data.type === "ready") {
      $("version").textContent = data.version;
      opcodeDocs = new Map(data.opcodes.map((o) => [o.name, o.doc]));
      setBusy(false, "ready");
      document.body.dataset.ready = "true";
      analyze();
      return;
    }
    const p = pending.get(data.id);
    if (!p) return;
    pending.delete(data.id);
    if (data.error !== undefined) p.reject(new Error(data.error));
    else p.resolve(data.result);
  };
  worker.onerror = (e) => setBusy(false, `engine error: ${e.message}`);
}

function call(op, args) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

function stop() {
  worker.terminate();
  for (const p of pending.values()) p.reject(new Error("stopped"));
  pending.clear();
  setBusy(true, "stopped; restarting the engine…");
  startWorker();
}

function setBusy(running, text) {
  $("run").disabled = running;
  $("stop").disabled = !running;
  $("status").textContent = text;
}

// ------------------------------------------------------------------------------------------------
// The editor

const source = $("source");
let tokens = [];
let mark = null; // [start, end] highlighted in the editor

function renderHighlight() {
  const text = source.value;
  const pieces = [];
  let at = 0;
  const push = (start, end, cls) => {
    if (end > start) pieces.push({ start, end, cls });
  };
  for (const t of tokens) {
    if (t.start < at) continue;
    const gap = text.slice(at, t.start);
    push(at, t.start, /\S/.test(gap) ? "t-comment" : "");
    push(t.start, t.end, `t-${t.kind}`);
    at = t.end;
  }
  push(at, text.length, /\S/.test(text.slice(at)) ? "t-comment" : "");
  let html = "";
  for (const p of pieces) {
    const cuts = [p.start, p.end];
    if (mark) for (const m of mark) if (m > p.start && m < p.end) cuts.push(m);
    cuts.sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [s, e] = [cuts[i], cuts[i + 1]];
      const marked = mark && s >= mark[0] && e <= mark[1] && mark[1] > mark[0];
      const cls = [p.cls, marked ? "mark" : ""].filter(Boolean).join(" ");
      html += cls ? `<span class="${cls}">${esc(text.slice(s, e))}</span>` : esc(text.slice(s, e));
    }
  }
  $("highlight").innerHTML = html + "\n";
}

function setMark(range) {
  mark = range;
  renderHighlight();
}

let analyzeTimer = 0;
source.addEventListener("input", () => {
  saveHash();
  clearTimeout(analyzeTimer);
  analyzeTimer = setTimeout(analyze, 150);
});
source.addEventListener("scroll", () => {
  $("highlight").style.transform = `translate(${-source.scrollLeft}px, ${-source.scrollTop}px)`;
});
document.addEventListener("selectionchange", () => {
  if (document.activeElement === source) selectAstAt(source.selectionStart);
});

// ------------------------------------------------------------------------------------------------
// Panes

let currentPane = "console";
function showPane(name) {
  currentPane = name;
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.pane === name);
  for (const p of document.querySelectorAll(".pane")) p.classList.toggle("active", p.id === `pane-${name}`);
  // The stepper drives both the Execution and the Event loop panes.
  $("step-controls").hidden = name !== "execution" && name !== "loop";
  saveHash();
}
for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => showPane(b.dataset.pane));

async function analyze() {
  if (!worker || document.body.dataset.ready !== "true") return;
  let r;
  try {
    r = await call("analyze", { source: source.value, module: $("module").checked });
  } catch {
    return;
  }
  tokens = r.tokens;
  renderHighlight();
  renderTokens(r.tokens);
  renderAst(r.ast, r.astError);
  renderBytecode(r.bytecode, r.bytecodeError);
}

function renderTokens(list) {
  $("pane-tokens").innerHTML =
    `<table><tr><th>line:col</th><th>kind</th><th>text</th></tr>` +
    list.map((t, i) => `<tr data-i="${i}"><td>${t.line}:${t.column}</td><td>${t.kind}</td><td>${esc(t.text)}</td></tr>`).join("") +
    `</table>`;
  for (const row of $("pane-tokens").querySelectorAll("tr[data-i]")) {
    const t = list[row.dataset.i];
    row.addEventListener("mouseenter", () => setMark([t.start, t.end]));
  }
}

// AST: a collapsible tree; hovering a node marks its source range; the cursor selects the node.
let astNodes = [];
function renderAst(program, error) {
  const pane = $("pane-ast");
  astNodes = [];
  if (!program) {
    pane.innerHTML = `<div class="error">${esc(error.name)}: ${esc(error.message)} (${error.line}:${error.column})</div>`;
    return;
  }
  pane.innerHTML = "";
  pane.appendChild(astElement(program, "Program", 0));
}

function label(node) {
  const bits = [];
  for (const k of ["name", "operator", "kind", "raw"]) if (typeof node[k] === "string") bits.push(`${k}: ${node[k]}`);
  return bits.join(", ");
}

function astElement(node, key, depth) {
  const el = document.createElement("details");
  el.className = "ast-node";
  el.open = depth < 3;
  const summary = document.createElement("summary");
  summary.innerHTML = `${key ? `${esc(key)}: ` : ""}<span class="ast-type">${esc(node.type)}</span> <span class="value">${esc(label(node))}</span>`;
  el.appendChild(summary);
  summary.addEventListener("mouseenter", () => setMark([node.start, node.end]));
  astNodes.push({ node, el });
  for (const [k, v] of Object.entries(node)) {
    if (["type", "start", "end", "loc"].includes(k)) continue;
    if (v && typeof v === "object" && typeof v.type === "string") el.appendChild(astElement(v, k, depth + 1));
    else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item && typeof item.type === "string") el.appendChild(astElement(item, `${k}[${i}]`, depth + 1));
      });
    } else if (!["name", "operator", "kind", "raw"].includes(k) && v !== null && typeof v !== "object") {
      const leaf = document.createElement("div");
      leaf.className = "ast-leaf";
      leaf.textContent = `${k}: ${JSON.stringify(v)}`;
      el.appendChild(leaf);
    }
  }
  return el;
}

function selectAstAt(pos) {
  let best = null;
  for (const n of astNodes) {
    if (n.node.start <= pos && pos <= n.node.end && (!best || n.node.end - n.node.start <= best.node.end - best.node.start)) best = n;
  }
  for (const n of astNodes) n.el.classList.remove("hover");
  if (!best) return;
  for (let e = best.el; e && e.tagName === "DETAILS"; e = e.parentElement) e.open = true;
  best.el.classList.add("hover");
  if (currentPane === "ast") best.el.scrollIntoView({ block: "nearest" });
}

// Bytecode: one table per function; opcode docs on hover; hovering an instruction marks its source.
// After a run, each function shows its hotness: the work native Kestrel's profiler counted, and
// whether its JIT would compile the function (its loops are where a running frame would enter the
// compiled code).
let bytecodeFunctions = [];
let lastBytecode = null;
let profile = null; // { source, module, data } of the last run
function hotness(f) {
  if (!profile || profile.source !== source.value || profile.module !== $("module").checked) return null;
  return profile.data.functions.find((p) => p.id === f.id) || null;
}

function hotnessBadge(f) {
  const h = hotness(f);
  if (!h) return "";
  const threshold = h.threshold;
  const pct = Math.min(100, Math.round((100 * h.units) / threshold));
  const title = h.hot
    ? `hot: spent its budget of ${threshold} units; native Kestrel's JIT compiles this function`
    : `${h.units} of ${threshold} units: native Kestrel keeps it in the interpreter`;
  return `<span class="hotness" title="${esc(title)}"><span style="width:${pct}%"></span></span>` +
    (h.hot ? `<span class="badge hot" title="${esc(title)}">hot → JIT</span>` : `<span class="value"> ${h.units} units</span>`);
}

function renderBytecode(b, error) {
  lastBytecode = { b, error };
  const pane = $("pane-bytecode");
  if (!b) {
    pane.innerHTML = `<div class="error">${esc(error.name)}: ${esc(error.message)}</div>`;
    bytecodeFunctions = [];
    return;
  }
  bytecodeFunctions = b.functions;
  pane.innerHTML = b.functions
    .map(
      (f) =>
        `<div class="fn" data-span="${f.span.start}:${f.span.end}" data-fn="${f.id}"><h3>${esc(f.name)} <span class="value">${f.kind}${f.coroutine ? " " + f.coroutine : ""} · params ${f.parameters} · registers ${f.registers} · line ${f.span.line}</span>${hotnessBadge(f)}</h3><table>` +
        f.instructions
          .map(
            (i) =>
              `<tr class="ins${i.opcode === "JumpLoop" && hotness(f)?.hot ? " osr" : ""}" data-fn="${f.id}" data-offset="${i.offset}"><td>${String(i.offset).padStart(4, "0")}</td><td>${i.statement && i.span ? `${i.span.line}:${i.span.column}` : ""}</td><td title="${esc(opcodeDocs.get(i.opcode) || "")}">${i.opcode}</td><td>${esc(i.operands.map((o) => o.text).join(" "))}</td></tr>`,
          )
          .join("") +
        `</table>` +
        (f.handlers.length ? `<div class="value">handlers: ${f.handlers.map((h) => `${h.start}..${h.end} → ${h.handler}`).join(", ")}</div>` : "") +
        `</div>`,
    )
    .join("");
  for (const row of pane.querySelectorAll("tr.ins")) {
    const f = bytecodeFunctions[row.dataset.fn];
    const ins = f.instructions.find((i) => i.offset === Number(row.dataset.offset));
    row.addEventListener("mouseenter", () => ins.span && setMark([ins.span.start, ins.span.end]));
  }
}

function markInstruction(snap) {
  for (const row of document.querySelectorAll("tr.ins.current")) row.classList.remove("current");
  if (!snap) return;
  const top = snap.stack[snap.stack.length - 1];
  const f = bytecodeFunctions.find((f) => f.span.start === top.functionSpan.start && f.span.end === top.functionSpan.end);
  if (!f) return;
  const row = document.querySelector(`tr.ins[data-fn="${f.id}"][data-offset="${snap.offset}"]`);
  if (row) row.classList.add("current");
}

// Console: the run's output, its value or its error.
function renderConsole(r) {
  const lines = r.output.map((l) => `<div class="console-line ${l.level}">${esc(l.text)}</div>`).join("");
  const end = r.ok
    ? `<div class="console-line value">← ${esc(r.value)}</div>`
    : `<div class="console-line error">Uncaught ${esc(r.error.stack || `${r.error.name}: ${r.error.message}`)}</div>`;
  $("pane-console").innerHTML = lines + end;
}

// Execution and event loop: a recorded session, stepped in the worker.
let session = null;
async function startSession() {
  session = await call("session", { source: source.value, module: $("module").checked, maxSteps: 5000 });
  $("scrub").max = Math.max(0, session.length - 1);
  showSnapshot(session.snapshot);
}

async function move(how, step) {
  if (!session) return;
  showSnapshot(await call("move", { how, step }));
}
for (const b of document.querySelectorAll("[data-move]")) b.addEventListener("click", () => move(b.dataset.move));
$("scrub").addEventListener("input", (e) => move("goto", Number(e.target.value)));

function showSnapshot(snap) {
  const stack = $("stack");
  if (!snap) {
    stack.innerHTML = `<div class="value">nothing to step through</div>`;
    $("heap").innerHTML = "";
    $("step-label").textContent = "";
    $("pane-loop").innerHTML = "";
    return;
  }
  $("scrub").value = snap.step;
  $("step-label").textContent = `step ${snap.step + 1} / ${snap.steps}${session.truncated ? " (step cap reached)" : ""} · ${snap.phase}${snap.returning ? " · returning" : ""}`;
  if (snap.span) setMark([snap.span.start, snap.span.end]);
  markInstruction(snap);
  stack.innerHTML = [...snap.stack]
    .reverse()
    .map(
      (c) =>
        `<div class="context phase-${c.phase}"><h4>${esc(c.function)} <span class="badge">${c.kind}</span><span class="badge">${c.phase}</span></h4>` +
        `<table>${c.bindings
          .map((b) => `<tr><td>${esc(b.name)}</td><td class="${b.state === "uninitialized" ? "tdz" : ""}">${refValue(b.value, b.ref)}</td><td class="value">${b.captured ? "captured" : ""}</td></tr>`)
          .join("")}<tr><td>this</td><td>${refValue(c.this, c.thisRef)}</td><td></td></tr></table></div>`,
    )
    .join("");
  renderHeap(snap.heap);
  const lp = snap.loop;
  const jobs = (list, running) => list.map((j) => `<span class="job${running ? " running" : ""}">${esc(j.callback || j.kind)}${j.due !== undefined ? ` @${j.due}ms` : ""}</span>`).join("") || `<span class="value">empty</span>`;
  const events = session.events.slice(0, snap.events);
  $("pane-loop").innerHTML =
    `<div class="queue"><h4>Clock</h4>${lp.now} ms</div>` +
    `<div class="queue"><h4>Call stack</h4>${jobs([...snap.stack].reverse().map((c) => ({ callback: c.function })))}</div>` +
    `<div class="queue"><h4>Running</h4>${lp.running ? jobs([lp.running], true) : `<span class="value">the script</span>`}</div>` +
    `<div class="queue"><h4>Microtasks</h4>${jobs(lp.microtasks)}</div>` +
    `<div class="queue"><h4>Timers</h4>${jobs(lp.timers)}</div>` +
    `<div class="queue"><h4>Tasks</h4>${jobs(lp.tasks)}</div>` +
    `<div class="queue"><h4>Suspended at await</h4>${jobs(lp.awaiting.map((f) => ({ callback: f })))}</div>` +
    `<div class="queue wide"><h4>Events so far</h4>${events.map((e) => `<div>${esc(e.type)} ${esc(e.callback || e.function || "")}</div>`).join("")}</div>`;
  renderConsoleSoFar(snap);
}

// A value that refers to a heap node: hovering it outlines the node.
function refValue(text, ref) {
  return ref ? `<span class="ref" data-ref="${esc(ref)}">${esc(text)}</span>` : esc(text);
}

function renderHeap(nodes) {
  const heap = $("heap");
  if (!nodes.length) {
    heap.innerHTML = `<h4>Heap</h4><span class="value">no objects reachable from the bindings</span>`;
    return;
  }
  heap.innerHTML =
    `<h4>Heap <span class="value">(reachable from the bindings)</span></h4>` +
    nodes
      .map(
        (n) =>
          `<div class="heap-node${n.kind === "environment" ? " env" : ""}" id="heap-${esc(n.id)}" data-id="${esc(n.id)}"><h5>${esc(n.label)} <span class="value">${esc(n.kind)} · ${esc(n.id)}</span></h5>` +
          (n.properties.length
            ? `<table>${n.properties.map((p) => `<tr><td>${esc(p.key)}</td><td class="${p.value === "<uninitialized>" ? "tdz" : ""}">${refValue(p.value, p.ref)}</td></tr>`).join("")}</table>`
            : "") +
          (n.truncated ? `<div class="value">…</div>` : "") +
          `</div>`,
      )
      .join("");
}

// Hovering a reference outlines its heap node (when the node is in the snapshot).
$("pane-execution").addEventListener("mouseover", (e) => {
  const ref = e.target.closest?.(".ref");
  for (const n of document.querySelectorAll(".heap-node.target")) n.classList.remove("target");
  if (!ref) return;
  const node = document.getElementById(`heap-${ref.dataset.ref}`);
  if (node) {
    node.classList.add("target");
    node.scrollIntoView({ block: "nearest" });
  }
});

function renderConsoleSoFar(snap) {
  // The Console pane shows the whole run; the step's output so far is shown with the stack.
  const so = snap.output.map((l) => `<div class="console-line ${l.level}">${esc(l.text)}</div>`).join("");
  $("stack").insertAdjacentHTML("beforeend", `<div class="context"><h4>Output so far</h4>${so || '<span class="value">none</span>'}</div>`);
}

// ------------------------------------------------------------------------------------------------
// Run, examples, URL hash

$("run").addEventListener("click", run);
$("stop").addEventListener("click", stop);
$("module").addEventListener("change", () => {
  saveHash();
  analyze();
});

async function run() {
  setBusy(true, "running…");
  try {
    const ran = { source: source.value, module: $("module").checked };
    const r = await call("evaluate", ran);
    renderConsole(r);
    profile = { ...ran, data: r.profile };
    if (lastBytecode) renderBytecode(lastBytecode.b, lastBytecode.error);
    setBusy(true, "recording steps…");
    await startSession();
    setBusy(false, r.ok ? "done" : "uncaught error");
  } catch (e) {
    if (e.message !== "stopped") setBusy(false, e.message);
  }
}

const examples = $("examples");
examples.innerHTML = EXAMPLES.map((e, i) => `<option value="${i}">${esc(e.name)}</option>`).join("");
examples.addEventListener("change", () => {
  const e = EXAMPLES[examples.value];
  source.value = e.code;
  $("module").checked = !!e.module;
  saveHash();
  analyze();
});

function encode(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decode(text) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

function saveHash() {
  const params = new URLSearchParams({ pane: currentPane, code: encode(source.value) });
  if ($("module").checked) params.set("module", "1");
  history.replaceState(null, "", `#${params}`);
}

function loadHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  let code = null;
  try {
    code = params.has("code") ? decode(params.get("code")) : null;
  } catch {
    code = null;
  }
  source.value = code ?? EXAMPLES[0].code;
  $("module").checked = params.get("module") === "1";
  showPane(params.get("pane") || "console");
}

loadHash();
renderHighlight();
setBusy(true, "loading the engine…");
$("stop").disabled = true;
startWorker();

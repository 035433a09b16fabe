// Async functions, async arrows and methods, await, async generators, yield* and for await
// (ECMA-262 15.8, 27.6, 27.7, 14.7.5): the order of every line, interleaved with plain promise
// jobs and timers, must be node's. The expected output comes from node 20
// (`node async-functions.js > async-functions.expected`).
async function f(x) { console.log("f start", x); const y = await x; console.log("f got", y); return y * 2; }
const p = f(21);
console.log("sync after call", p instanceof Promise);
p.then(v => console.log("resolved", v));
async function thrower() { await null; throw new Error("bad"); }
thrower().catch(e => console.log("caught", e.message));
(async () => { try { await Promise.reject(new Error("rej")); } catch (e) { console.log("try/catch", e.message); } finally { console.log("finally"); } })();
async function order() {
  console.log(1);
  await undefined;
  console.log(3);
  await new Promise(r => setTimeout(r, 10));
  console.log(5);
}
order(); console.log(2);
Promise.resolve().then(() => console.log(4));
async function* ag() { console.log("ag start"); const x = yield 1; console.log("ag got", x); yield await Promise.resolve(2); try { yield 3; } finally { console.log("ag finally"); } }
(async () => {
  const it = ag();
  console.log(await it.next("first"));
  console.log(await it.next("second"));
  console.log(await it.next());
  console.log(await it.return(99));
  console.log(await it.next());
})();
const q = ag(); q.next(); q.next(); q.next(); q.return(5).then(v => console.log("queued return", v));
class K { async m() { return this.v; } static async *s() { yield 1; } }
{
async function* inner() { try { yield 1; yield 2; } finally { console.log("inner finally"); } return "ret"; }
async function* outer() { const r = yield* inner(); console.log("r", r); yield* [3, Promise.resolve(4)]; }
(async () => {
  for await (const v of outer()) console.log("v", v);
  for await (const v of [Promise.resolve("a"), "b"]) console.log(v);
  for await (const v of outer()) { console.log("break at", v); break; }
  try { for await (const v of outer()) { throw new Error("in body"); } } catch (e) { console.log("caught", e.message); }
  const it = outer(); await it.next(); console.log(await it.return("early"));
  const syncIt = { [Symbol.iterator]() { let i = 0; return { next() { return { value: i++, done: i > 3 }; }, return() { console.log("sync return"); return {}; } }; } };
  for await (const v of syncIt) { if (v == 1) break; }
  async function* ag2() { yield* syncIt; }
  for await (const x of ag2()) console.log("ag2", x);
})().then(() => console.log("done"));
let log = [];
const tick = async () => { for (let i = 0; i < 6; i++) { log.push("t" + i); await null; } };
const ag = async function* () { log.push("a0"); yield 1; log.push("a1"); yield 2; log.push("a2"); };
(async () => { const p = tick(); for await (const x of ag()) log.push("x" + x); await p; console.log(log.join(" ")); })();
}

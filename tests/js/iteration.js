// The expected output comes from node 20 (`node iteration.js > iteration.expected`).
// Iteration: for-of with iterator closing, for-in order, destructuring, spread, symbols.
const seen = [];
for (const x of [1, 2, 3]) seen.push(x * 2);
console.log(seen);
for (const ch of "héllo😀") seen.push(ch);
console.log(seen.slice(3));
const iterable = {
  [Symbol.iterator]() {
    let i = 0;
    return {
      next: () => ({ value: i++, done: i > 5 }),
      return() { console.log("closed at", i); return {}; },
    };
  },
};
for (const v of iterable) { if (v === 2) break; }
for (const v of iterable) { if (v === 1) continue; if (v === 3) break; }
try { for (const v of iterable) { throw new Error("stop " + v); } } catch (e) { console.log(e.message); }
function early() { for (const v of iterable) { return v + 100; } }
console.log(early());
const [a, , b = "default", ...rest] = [1, 2, undefined, 4, 5];
console.log(a, b, rest);
const { p, q: { r }, ...others } = { p: 1, q: { r: 2 }, s: 3, t: 4 };
console.log(p, r, others);
let m, n;
[m, n] = [n, m] = [10, 20];
console.log(m, n);
function sum(...xs) { let t = 0; for (const x of xs) t += x; return t; }
console.log(sum(...[1, 2], 3, ...[4]), sum());
console.log([..."abc", ...[1, 2]], { ...{ a: 1 }, b: 2, ...null });
const obj = { z: 1, a: 2, 10: "ten", 2: "two" };
const keys = [];
for (const k in obj) keys.push(k);
console.log(keys, Object.keys(obj));

const child = { own: 1 };
for (const k in child) console.log("key", k);
const sym = Symbol("tag");
console.log(typeof sym, sym.toString(), String(Symbol.iterator.toString()));
for (const [i, v] of ["x", "y"].entries()) console.log(i, v);
console.log([...[10, 20].keys()]);

// The expected output comes from node 20 (`node basics.js > basics.expected`).
console.log(1 + 2, "hi", true, null, undefined);
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
console.log(fib(20));
let counter = (function () { let c = 0; return () => ++c; })();
counter(); counter();
console.log(counter());
const o = { a: 1, b: "two", c: [1, 2, 3], d: { e: null } };
console.log(o, o.c.length, o["b"]);
var s = 0;
for (let i = 0; i < 10; i++) { if (i % 2) continue; s += i; }
console.log(s);
try { null.x; } catch (e) { console.log(e.message); }
try { throw new TypeError("boom"); } catch ({ message }) { console.log(message); } finally { console.log("finally"); }
const fns = [];
for (let i = 0; i < 3; i++) fns.push(() => i);
console.log(fns.map(f => f()));
console.log(`template ${1 + 1} ok`, typeof undefinedVariable, typeof fib);
label: for (var a = 0; a < 3; a++) { for (var b = 0; b < 3; b++) { if (b == 1) continue label; if (a == 2) break label; console.log(a, b); } }
function f() { try { return "try"; } finally { console.log("in finally"); } }
console.log(f());
console.log([1, 2, 3].join("-"), "abc".toUpperCase(), Math.max(1, 5, 3));

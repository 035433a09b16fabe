// Evaluation order of destructuring assignment targets (ECMA-262 13.15.5.5-7): member
// targets are evaluated before the value is read; the iterator is closed when one throws.
// Expected output: node.
var log = [];
var o = { get x() { log.push("get x"); return 1; } };
function t(n) { log.push("target " + n); return { set v(x) { log.push("set " + n + "=" + x); } }; }
function k(n) { log.push("key " + n); return n; }
({ [k("a")]: t(1).v, x: t(2).v } = { a: 5, get x() { log.push("get x"); return 7; } });
var it = { [Symbol.iterator]() { return { i: 0, next() { log.push("next"); return { value: this.i++, done: this.i > 3 }; }, return() { log.push("return"); return {}; } }; } };
[t(3).v, t(4)[k("z")] = 9, ...t(5).v] = it;
var r = {};
({ a: r[k("q")], ...r.rest } = { a: 1, b: 2 });
console.log(log.join("\n"));
console.log(r);
var p = 0;
try { [...{}[(() => { throw "lhs" })()]] = { [Symbol.iterator]() { return { next() { return {done:false}; }, return() { p++; return {}; } }; } }; } catch (e) { console.log(e, p); }

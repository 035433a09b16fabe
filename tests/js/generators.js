// Generators (ECMA-262 15.5, 27.5): suspension and resumption, the return/throw protocol through
// finally blocks, yield* delegation, generator methods, GeneratorFunction, and error cases.
// The expected output comes from node 20 (`node generators.js > generators.expected`).
function* g(a, b = 2) { const x = yield a; console.log("got", x); try { yield b; yield 3; } finally { console.log("cleanup"); } return 9; }
const it = g(1);
console.log(JSON.stringify(it.next("ignored")));
console.log(JSON.stringify(it.next("hello")));
console.log(JSON.stringify(it.return(42)));
console.log(JSON.stringify(it.next()));
console.log([...g(5)].join());
function* inner() { try { yield 'a'; yield 'b'; } finally { console.log('inner done'); } return 'r'; }
function* outer() { const r = yield* inner(); console.log('r =', r); yield* [1, 2]; }
for (const v of outer()) console.log(v);
const o = outer(); o.next(); console.log(JSON.stringify(o.return(7)));
const t = g(1); t.next(); try { t.throw(new Error("boom")); } catch (e) { console.log("caught", e.message); }
console.log(Object.prototype.toString.call(g()), typeof g, g.prototype.constructor, Object.getPrototypeOf(g).constructor.name);
class C { *[Symbol.iterator]() { yield 1; yield 2; } static *s() { yield this.name; } }
console.log([...new C()], [...C.s()]);
const obj = { *m() { yield* arguments; } };
console.log([...obj.m(7, 8)]);
function* fib() { let [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } }
const f = fib(); const out = []; for (const x of f) { if (x > 50) break; out.push(x); } console.log(out.join(" "));
console.log(JSON.stringify(f.next()));
try { new g(); } catch (e) { console.log(e.constructor.name); }
const GF = Object.getPrototypeOf(function*(){}).constructor;
const dyn = new GF("a", "yield a; yield a * 2;");
console.log([...dyn(21)]);
function* selfRef() { try { it2.next(); } catch (e) { console.log(e.message); } yield 1; }
function* selfRef() { try { it2.next(); } catch (e) { console.log(e.constructor.name, e.message); } yield 1; }
const it2 = selfRef(); it2.next();
// yield* forwards throw and return to the inner iterator, and closes it when it lacks `throw`.
const log = [];
const inner2 = {
  [Symbol.iterator]() { return this; },
  next(v) { log.push("next " + v); return { value: "n", done: false }; },
  return(v) { log.push("return " + v); return { value: "ret:" + v, done: true }; },
};
function* deleg() { const r = yield* inner2; log.push("after " + r); }
let d = deleg(); d.next("a"); d.next("b"); console.log(JSON.stringify(d.return("c")), log.join("; "));
d = deleg(); d.next();
try { d.throw(new Error("x")); } catch (e) { console.log(e.constructor.name, log.slice(-1)[0]); }
// Yield inside expressions, default parameters evaluated at the call, arguments and this.
function* expr(a = console.log("param default runs at call")) { const s = (yield 1) + (yield 2); return s * 2; }
const e = expr(); console.log("created");
console.log(e.next().value, e.next(10).value, JSON.stringify(e.next(20)));
function* thisGen() { yield this.tag; yield arguments.length; }
console.log([...thisGen.call({ tag: "T" }, 1, 2, 3)]);
// Suspended across a loop with closures capturing per-iteration bindings.
function* closures() { for (let i = 0; i < 3; i++) yield () => i; }
console.log([...closures()].map(f => f()));
// A generator returning early from nested finally blocks that yield.
function* nested() { try { try { yield 1; } finally { yield "f1"; } } finally { yield "f2"; } }
const n = nested(); n.next();
console.log(JSON.stringify([n.return("R"), n.next(), n.next(), n.next()]));
// Spread, destructuring and Array.from drive generators too.
function* range(k) { for (let i = 0; i < k; i++) yield i; }
const [p, q, ...rest] = range(6);
console.log(p, q, rest, Array.from(range(3), x => x * 10), Math.max(...range(5)));
console.log(Object.getPrototypeOf(range) === Object.getPrototypeOf(function* () {}),
  Object.getPrototypeOf(range.prototype) === Object.getPrototypeOf(function* () {}).prototype,
  range(1)[Symbol.iterator]() instanceof range, Object.keys(range.prototype).length);

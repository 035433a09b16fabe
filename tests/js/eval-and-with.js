// Direct eval (ECMA-262 19.2.1: PerformEval, EvalDeclarationInstantiation) and `with` (14.11, Object
// Environment Records with @@unscopables). The expected output comes from node 20, run as a classic
// script in the global scope (top-level `var`s are global properties there, not CommonJS locals):
//   node -e 'require("vm").runInThisContext(require("fs").readFileSync(process.argv[1], "utf8"))' eval-and-with.js
var g = 1;
function f(a) {
  var x = 10;
  let y = 20;
  console.log(eval("a + x + y + g"));
  eval("var z = 5");
  console.log(z, typeof z);
  eval("function h() { return x * 2 }");
  console.log(h());
  console.log(delete z, typeof z);
  return eval("arguments.length");
}
console.log(f(1, 2, 3));
eval("var gv = 7; let gl = 8;");
console.log(gv, typeof gl, Object.getOwnPropertyDescriptor(globalThis, "gv").configurable);
var o = { p: 1, q: 2 };
with (o) {
  console.log(p + q);
  p = 10;
  var r = 3;
}
console.log(o.p, r, o.r);
with ({ m() { return this.v; }, v: 42 }) console.log(m());
function s() { "use strict"; eval("var sv = 1"); return typeof sv; }
console.log(s());
try { eval("let q = 1; q = 2; const c = 3; c = 4"); } catch (e) { console.log(e.name, e.message); }
function k() { let b = 1; { eval("var b = 2"); } }
try { k() } catch (e) { console.log(e.name, e.message); }
console.log(eval("1;;;"), eval("if (true) 3; else 4"), eval(42));
function nt() { return eval("new.target"); }
console.log(new nt() instanceof Object, nt());
class A { m() { return 1 } }
class B extends A { m() { return eval("super.m() + 1") } }
console.log(new B().m());
var ev = eval; var xx = "global";
function ind() { var xx = "local"; return [eval("xx"), ev("xx")]; }
console.log(ind());
with ([]) { console.log(typeof keys, typeof push); }
// Eval code sees block scopes, closures and the caller's this.
var obj = {
  v: "obj",
  m() { let local = "L"; return eval("this.v + local + (() => eval('local'))()"); },
};
console.log(obj.m());
// Free names inside with resolve per call; assignments go to the object when it has the name.
function withScope(o) {
  var seen = [];
  with (o) { seen.push(typeof a, typeof b); a = 1; b = 2; }
  return seen.join() + " " + JSON.stringify(o) + " " + typeof a + " " + typeof b;
}
var b;
console.log(withScope({ a: 0 }));
console.log(b);
// A closure created inside with keeps the object environment.
var getter;
with ({ hidden: "from with" }) getter = function () { return hidden; };
console.log(getter());
// @@unscopables hides properties from with.
var u = { x: "object", [Symbol.unscopables]: { x: true } };
var x = "global x";
with (u) console.log(x);
// eval's var in a function is deletable; its let is local to the eval.
function evalVars() {
  eval("var ev = 1; let el = 2;");
  var r = [typeof ev, typeof el, delete ev, typeof ev];
  return r.join();
}
console.log(evalVars());
// Strict callers make strict eval code.
function strictCaller() { "use strict"; try { eval("undeclared = 1"); } catch (e) { return e.name; } }
console.log(strictCaller());
// eval inside eval, and errors with positions inside eval code.
console.log(eval("eval('1 + 1') * 10"));
try { eval("(function () { throw new TypeError('inside eval'); })()"); } catch (e) { console.log(e.message); }
try { eval("let let = 1"); } catch (e) { console.log(e.name); }
// Const and TDZ through with/eval lookups.
function tdz() { try { eval("t"); } catch (e) { console.log(e.name); } let t = 1; return eval("t"); }
console.log(tdz());
function constAssign() { const c = 1; try { eval("c = 2"); } catch (e) { return e.name + " " + c; } }
console.log(constAssign());

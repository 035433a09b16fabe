// Execution contexts: the creation phase hoists `var` (undefined), functions (whole),
// and leaves `let`/`const` in the temporal dead zone.
// The expected output comes from node 20 (`node hoisting.js > hoisting.expected`).
console.log(typeof hoisted, hoisted());
function hoisted() { return "functions are hoisted whole"; }
console.log(v);
var v = 1;
console.log(v);
try { console.log(t); } catch (e) { console.log(e.name, e.message); }
let t = 2;
console.log(t);
function scopes() {
  console.log(inner);
  var inner = "var in function";
  {
    let inner2 = "block";
    console.log(inner2);
  }
  return inner;
}
console.log(scopes());
try { c = 1; } catch (e) { console.log(e.name + ": " + e.message); }
const c = 3;
try { c = 4; } catch (e) { console.log(e.name + ": " + e.message); }
console.log(c);
// Annex B.3.3: in sloppy code a function declared in a block also gets a `var` in the enclosing
// function (undefined until the declaration is evaluated), unless a `var` there would clash with a
// lexical declaration or a parameter of that name.
(function () {
  var log = [typeof inBlock];
  { function inBlock() {} }
  log.push(typeof inBlock);
  let blocked = 1;
  { function blocked() {} }
  log.push(typeof blocked);
  if (true) function inIf() {}
  log.push(typeof inIf);
  console.log("annex B:", log.join());
})();
(function (param) {
  { function param() {} }
  console.log("annex B parameter:", typeof param);
})(0);
// TDZ checks the compiler drops after a declaration must stay where a switch case or a closure can
// reach the binding before it (golden: same cases, node output).
(function () {
function a() { try { x; } catch (e) { console.log(e.name); } let x = 1; return x; }
console.log(a());
function b(c) { switch (c) { case 0: let y = 1; break; case 1: try { y; } catch (e) { console.log("switch", e.name); } } }
b(1);
function c() { let f = () => z; try { f(); } catch (e) { console.log("closure", e.name); } let z = 2; return f(); }
console.log(c());
function d() { for (let i = 0; i < 2; i++) { try { w; } catch (e) { console.log("loop", e.name); } let w = i; } }
d();
function e() { try { let q = q + 1; } catch (err) { console.log("self", err.name); } }
e();
function g() { try { h(); } catch (err) { console.log("hoisted", err.name); } let v = 3; function h() { return v; } return h(); }
console.log(g());
})();

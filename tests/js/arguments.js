// Arguments objects (ECMA-262 10.4.4): mapped in sloppy functions with simple parameters (indices
// alias the parameters until deleted or redefined), unmapped otherwise (strict `callee` throws).
// The expected output comes from node 20 (`node arguments.js > arguments.expected`).
function f(a, b) { arguments[0] = 10; b = 20; return [a, arguments[1], arguments.length]; }
console.log(f(1, 2), f(1));
function g(a) { "use strict"; arguments[0] = 10; return a; }
console.log(g(1));
function h(a = 0) { arguments[0] = 10; return a; }
console.log(h(1));
function d(a) { delete arguments[0]; arguments[0] = 5; return [a, arguments[0]]; }
console.log(d(1));
function df(a) { Object.defineProperty(arguments, "0", { value: 3 }); var r = [a]; Object.defineProperty(arguments, "0", { writable: false }); a = 9; r.push(arguments[0]); return r; }
console.log(df(1));
function dup(a, a) { arguments[0] = "x"; arguments[1] = "y"; return a; }
console.log(dup(1, 2));
function cal() { return arguments.callee === cal; }
console.log(cal());
(function(){ "use strict"; try { arguments.callee } catch (e) { console.log(e.name) } })();
(function(){ for (const x of arguments) console.log(x); console.log(Object.prototype.toString.call(arguments), JSON.stringify(Object.getOwnPropertyNames(arguments))); })(1,2);
function ev(a) { eval("a = 7"); return arguments[0]; }
console.log(ev(1));

try { Function.prototype.caller } catch (e) { console.log(e.constructor.name) }

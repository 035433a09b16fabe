// The expected output comes from node (`node host.js basics.js > basics.expected`).
var other = $262.createRealm();
var g = other.global;
console.log(typeof g.Array, g.Array === Array, g.Object === Object);
console.log(g.Symbol.iterator === Symbol.iterator, g.Symbol.for("x") === Symbol.for("x"));
var arr = other.evalScript("[1,2,3]");
console.log(Array.isArray(arr), arr instanceof Array, arr instanceof g.Array);
console.log(Object.getPrototypeOf(arr) === g.Array.prototype);
try { g.eval("null.x"); } catch (e) { console.log(e instanceof TypeError, e instanceof g.TypeError, e.constructor === g.TypeError); }
try { new g.Array(-1); } catch (e) { console.log(e instanceof RangeError, e instanceof g.RangeError); }
var C = new Function();
C.prototype = null;
var o = Reflect.construct(g.Array, [], C);
console.log(Object.getPrototypeOf(o) === Array.prototype);
var C2 = g.eval("(function(){})");
C2.prototype = null;
var o2 = Reflect.construct(Array, [], C2);
console.log(Object.getPrototypeOf(o2) === g.Array.prototype);
var o3 = Reflect.construct(function(){}, [], C2);
console.log(Object.getPrototypeOf(o3) === g.Object.prototype);
var f = g.eval("(function(){ return this; })");
console.log(f() === g, f() === globalThis);
other.evalScript("let x = 5; var y = 6;");
console.log(g.y, typeof x, other.evalScript("x"));
let z = 1;
console.log(other.evalScript("typeof z"));
var fn = other.evalScript("(function () { return Symbol.for('k'); })");
console.log(fn() === Symbol.for('k'));
var r2 = other.createRealm();
console.log(r2.global.Array !== g.Array, r2.evalScript("this") === r2.global);
console.log(Object.prototype.toString.call(arr), JSON.stringify(arr));
var a = [1,2]; a.constructor = g.Array;
var m = a.map(function(x){return x;});
console.log(Object.getPrototypeOf(m) === Array.prototype);
try { g.eval("class K{}; K")(); } catch (e) { console.log(e.constructor === g.TypeError); }
$262.gc(); other.gc();
console.log(g.Array.from([1]).length);

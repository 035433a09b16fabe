// The expected output comes from node (`node host.js calls.js > calls.expected`).
var other = $262.createRealm();
var g = other.global;
// An exception thrown in the other realm, caught here: this realm is current again.
var thrower = other.evalScript("(function thrower() { throw new Error('x'); })");
try { thrower(); } catch (e) { console.log(e instanceof g.Error, e instanceof Error); }
try { null.y; } catch (e) { console.log(e instanceof TypeError, e.constructor === TypeError); }
// Caught inside the other realm, after calling back here.
var catcher = other.evalScript("(function (f) { try { f(); } catch (e) { return [e instanceof TypeError, e.constructor.name, (function(){ try { null.x } catch (e2) { return e2 instanceof TypeError; } })()]; } })");
console.log(JSON.stringify(catcher(function () { null.z; })));
try { undefined.q; } catch (e) { console.log(e.constructor === TypeError); }
// Natives calling back across realms.
var mapped = g.Array.prototype.map.call([1, 2], function (x) { return Object.getPrototypeOf([]) === Array.prototype; });
console.log(JSON.stringify(mapped), Object.getPrototypeOf(mapped) === Array.prototype);
var r = [3, 1, 2].sort(other.evalScript("(function (a, b) { return a - b; })"));
console.log(r.join());
// Recursion between realms.
var ping = other.evalScript("(function ping(n, pong) { return n === 0 ? [] instanceof Array : pong(n - 1, ping); })");
function pong(n, ping2) { return n === 0 ? [] instanceof Array : ping2(n - 1, pong); }
console.log(ping(10, pong), ping(11, pong));
// Sloppy this of a primitive is boxed in the callee's realm.
var getThis = other.evalScript("(function () { return this; })");
var boxed = getThis.call(1);
console.log(boxed instanceof g.Number, boxed instanceof Number);
// Bound functions: GetFunctionRealm follows the target.
var fobj = g.eval("(function () {})");
var bf = Function.prototype.bind.call(fobj, null);
Object.defineProperty(bf, "prototype", { value: null });
console.log(Object.getPrototypeOf(Reflect.construct(Error, ["m"], bf)) === g.Error.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(Map, [], bf)) === g.Map.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(String, [], bf)) === g.String.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(Function, [], bf)) === g.Function.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(Object, [], bf)) === g.Object.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(Number, [], bf)) === g.Number.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(Boolean, [], bf)) === g.Boolean.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(RangeError, [], bf)) === g.RangeError.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(RegExp, [], bf)) === g.RegExp.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(Set, [], bf)) === g.Set.prototype);
console.log(Object.getPrototypeOf(Reflect.construct(WeakMap, [], bf)) === g.WeakMap.prototype);
// A class of the other realm extending a constructor of this one.
var D = other.evalScript("(function (Base) { return class D extends Base {}; })")(Array);
var d = new D();
console.log(Array.isArray(d), d instanceof D, Object.getPrototypeOf(D.prototype) === Array.prototype);
// A global let in the other realm does not leak into this one, and caches stay per realm.
other.evalScript("let shared = 'other';");
let shared = "main";
function readShared() { return shared; }
var readOther = other.evalScript("(function () { return shared; })");
for (var i = 0; i < 5; i++) { readShared(); readOther(); }
console.log(readShared(), readOther());
other.evalScript("shared = 'other2'");
console.log(readShared(), readOther());
// Symbol registry and well-known symbols.
console.log(g.Symbol.keyFor(Symbol.for("q")), Symbol.keyFor(g.Symbol.for("w")));
console.log(g.Symbol.asyncIterator === Symbol.asyncIterator, g.Symbol.species === Symbol.species);
var it = g.eval("[5, 6]")[Symbol.iterator]();
console.log(JSON.stringify(it.next()), Object.getPrototypeOf(it) === Object.getPrototypeOf([][Symbol.iterator]()));
var out = [];
for (var v of g.eval("new Set([7, 8])")) out.push(v);
console.log(out.join());
// Errors from this realm's built-ins called on the other realm's objects.
try { Map.prototype.get.call(g.eval("({})")); } catch (e) { console.log(e.constructor === TypeError); }
try { g.Map.prototype.get.call({}); } catch (e) { console.log(e.constructor === g.TypeError); }
console.log(Function.prototype.toString.call(g.Array));
console.log(g.eval("this") === g, g.globalThis === g, g.$262 === other);
// A derived constructor's bad return is the caller's TypeError. (Its uninitialized `this` is the
// caller's ReferenceError too, but V8 throws the callee's: test262 checks that case.)
var Bad = g.eval("(class extends Object { constructor() { return null; } })");
try { new Bad(); } catch (e) { console.log(e.constructor === TypeError); }
// Calling a class constructor without new: the TypeError of the class's realm.
try { g.eval("(class {})")(); } catch (e) { console.log(e.constructor === g.TypeError); }
// new on a non-constructor: the caller's TypeError.
try { new (g.eval("(() => 1)"))(); } catch (e) { console.log(e.constructor === TypeError); }

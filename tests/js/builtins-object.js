// Object, Object.prototype, Function.prototype and Reflect built-ins.
// Expected output: produced by node (`node builtins-object.js > builtins-object.expected`).

// Key order: indices ascending, then strings, then symbols, in creation order.
const sym = Symbol("s");
const o = { b: 1, a: 2, 10: "ten", 2: "two" };
o[sym] = 3;
console.log(Object.keys(o), Object.values(o));
console.log(JSON.stringify(Object.entries(o)));
console.log(Object.getOwnPropertyNames(o), Object.getOwnPropertySymbols(o).length, Reflect.ownKeys(o).length);
console.log(Object.getOwnPropertyNames("ab"), Object.keys([5, 6]), Object.getOwnPropertyNames([5]));

// Descriptors: defineProperty validation and FromPropertyDescriptor.
Object.defineProperty(o, "hidden", { value: 42 });
console.log(Object.keys(o).length, o.hidden, JSON.stringify(Object.getOwnPropertyDescriptor(o, "hidden")));
try { Object.defineProperty(o, "hidden", { value: 43 }); } catch (e) { console.log(e.name, e.message); }
Object.defineProperty(o, "hidden", { value: 42, writable: false });
Object.defineProperty(o, "acc", { get() { return this.a * 10; }, configurable: true });
console.log(o.acc, typeof Object.getOwnPropertyDescriptor(o, "acc").get, Object.getOwnPropertyDescriptor(o, "acc").set);
Object.defineProperty(o, "acc", { value: "data now" });
console.log(o.acc, JSON.stringify(Object.getOwnPropertyDescriptor(o, "acc")));
for (const bad of [1, { get: 1 }, { get() {}, value: 1 }]) {
  try { Object.defineProperty({}, "x", bad); } catch (e) { console.log(e.name); }
}
const two = {};
Object.defineProperties(two, { a: { value: 1, writable: true }, b: { get() { return this.a + 1; }, enumerable: true } });
console.log(two.b, JSON.stringify(Object.getOwnPropertyDescriptors(two)));

// Array length and indices through [[DefineOwnProperty]].
const arr = [1, 2, 3, 4];
Object.defineProperty(arr, "length", { value: 2 });
console.log(arr, arr.length);
Object.defineProperty(arr, 1, { value: 9, configurable: false });
arr.length = 0;
console.log(arr, arr.length);
try { Object.defineProperty(arr, "length", { value: 0 }); } catch (e) { console.log(e.name); }
Object.defineProperty(arr, "length", { writable: false });
console.log(Reflect.defineProperty(arr, 5, { value: 1 }), arr.length);
try { Object.defineProperty([], "length", { value: -1 }); } catch (e) { console.log(e.name); }

// Integrity levels.
const frozen = Object.freeze({ x: 1, inner: { z: 2 } });
frozen.x = 2;
console.log(frozen.x, Object.isFrozen(frozen), Object.isSealed(frozen), Object.isExtensible(frozen), Object.isFrozen(frozen.inner));
const sealed = Object.seal({ a: 1 });
sealed.a = 2; sealed.b = 3; delete sealed.a;
console.log(sealed, Object.isSealed(sealed), Object.isFrozen(sealed));
console.log(Object.isFrozen(Object.freeze([1])), Object.isFrozen(1), Object.isExtensible(1), Object.freeze(5));
console.log(Object.isFrozen(Object.preventExtensions({})), Object.isSealed(Object.preventExtensions({ a: 1 })));

// Prototypes.
const proto = { greet() { return "hi"; } };
const child = Object.create(proto, { x: { value: 1, enumerable: true }, y: { get() { return 2; } } });
console.log(child.greet(), child.x, child.y, Object.keys(child), Object.getPrototypeOf(child) === proto);
console.log(proto.isPrototypeOf(child), Object.prototype.isPrototypeOf(child), child.isPrototypeOf(proto));
console.log(child.__proto__ === proto, Object.create(null).__proto__, Object.getPrototypeOf(Object.create(null)));
child.__proto__ = null;
console.log(Object.getPrototypeOf(child), Object.setPrototypeOf(child, proto) === child);
try { Object.setPrototypeOf(proto, child); } catch (e) { console.log(e.name, e.message); }
try { Object.setPrototypeOf(Object.prototype, {}); } catch (e) { console.log(e.name); }
try { Object.create(1); } catch (e) { console.log(e.name); }
console.log(Reflect.setPrototypeOf(Object.prototype, null), Reflect.setPrototypeOf(Object.preventExtensions({}), {}));

// Other statics.
console.log(Object.assign({}, { a: 1 }, null, "xy", { [sym]: 1 }).a, Object.assign({}, "xy"));
console.log(Object.fromEntries([["a", 1], ["b", 2]]), Object.fromEntries(Object.entries({ c: 3 })));
try { Object.fromEntries([1]); } catch (e) { console.log(e.name); }
console.log(Object.hasOwn([1], 0), Object.hasOwn([1], "length"), Object.hasOwn({}, "toString"));
console.log(Object.is(NaN, NaN), Object.is(0, -0), Object.is("a", "a"), Object(1) instanceof Number, Object(null));

// Object.prototype methods.
console.log({}.hasOwnProperty("x"), ({ x: 1 }).hasOwnProperty("x"), [].propertyIsEnumerable("length"), [5].propertyIsEnumerable(0));
const ts = Object.prototype.toString;
console.log(ts.call([]), ts.call(null), ts.call(undefined), ts.call(1), ts.call("s"), ts.call(true), ts.call(function () {}));
console.log(ts.call((function () { return arguments; })()), ts.call(new Error("e")), String(JSON), String(Reflect));
const tagged = { [Symbol.toStringTag]: "Custom" };
console.log(String(tagged), tagged.toLocaleString(), typeof ({}).valueOf());
const legacy = {};
legacy.__defineGetter__("g", function () { return "got"; });
legacy.__defineSetter__("g", function (v) { this.stored = v; });
legacy.g = 5;
console.log(legacy.g, legacy.stored, typeof legacy.__lookupGetter__("g"), legacy.__lookupSetter__("none"));

// Functions: toString, bind, the Function constructor, @@hasInstance.
function add3(x, y, z) { return x + y + z; }
const bound = add3.bind(null, 1);
console.log(bound.name, bound.length, add3.bind(null, 1, 2, 3, 4).length, bound(2, 3));
console.log(add3.toString());
console.log(((a, b) => a + b).toString(), Math.max.toString(), bound.toString());
class K { constructor() { this.k = 1; } }
console.log(K.toString());
const sum = new Function("a", "b", "return a + b");
console.log(sum(2, 3), sum.name, sum.length);
console.log(sum.toString());
console.log(Function("return this")() === globalThis, new Function()());
for (const [params, body] of [["a) { return 1 }; (function(", ""], ["/*", "*/){"], ["", "return }"]]) {
  try { new Function(params, body); } catch (e) { console.log(e.name); }
}
console.log(Function.prototype[Symbol.hasInstance].call(Array, []), Function.prototype[Symbol.hasInstance].call({}, {}));
console.log(Math.max.apply(null, { length: 2, 0: 5, 1: 6 }));
try { Math.max.apply(null, 1); } catch (e) { console.log(e.name); }

// Reflect.
const recv = {};
console.log(Reflect.set({}, "x", 1, recv), recv.x, Reflect.set(Object.freeze({ y: 1 }), "y", 2));
console.log(Reflect.get({ get x() { return this.v; } }, "x", { v: "receiver" }), Reflect.has({}, "toString"));
console.log(Reflect.deleteProperty(Object.freeze({ a: 1 }), "a"), Reflect.deleteProperty({ a: 1 }, "a"));
console.log(Reflect.apply(Math.max, null, [1, 5, 3]), Reflect.construct(Array, [3]).length);
function Base() { this.nt = new.target; }
function Other() {}
const made = Reflect.construct(Base, [], Other);
console.log(made instanceof Other, made.nt === Other, Reflect.getPrototypeOf([]) === Array.prototype);
for (const f of [() => Reflect.get(1, "a"), () => Reflect.construct(() => 1, []), () => Reflect.apply(1)]) {
  try { f(); } catch (e) { console.log(e.name); }
}

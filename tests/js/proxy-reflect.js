// Reflect (ECMA-262 28.1) on ordinary objects, arrays and proxies: results and argument TypeErrors.
// Expected output: node v20 (`node proxy-reflect.js > proxy-reflect.expected`).

function show(f) {
  try {
    const v = f();
    console.log(typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));
  } catch (e) {
    console.log(e.constructor.name);
  }
}

console.log(Reflect.ownKeys(Reflect).map(String).sort().join());
for (const name of Reflect.ownKeys(Reflect).filter((k) => typeof k === "string").sort()) {
  if (typeof Reflect[name] === "function") {
    console.log(name, Reflect[name].length);
    // Every method but apply and construct needs an object target.
    show(() => Reflect[name](1, "x", 1));
  }
}
console.log(Object.prototype.toString.call(Reflect));

// apply and construct
show(() => Reflect.apply(Math.max, null, [1, 3, 2]));
show(() => Reflect.apply(Math.max, null));
show(() => Reflect.apply(1, null, []));
show(() => Reflect.apply(function () { return this; }, "s", []).length);
class Base { constructor(a) { this.a = a; this.nt = new.target.name; } }
class Other {}
show(() => Reflect.construct(Base, [1]));
show(() => Reflect.construct(Base, [2], Other));
show(() => Object.getPrototypeOf(Reflect.construct(Base, [2], Other)) === Other.prototype);
show(() => Reflect.construct(Base, [1], Math.max));
show(() => Reflect.construct(() => {}, []));
show(() => Reflect.construct(Base));
show(() => Reflect.construct(Array, [3], Other).length);

// defineProperty / getOwnPropertyDescriptor / deleteProperty
const o = {};
show(() => Reflect.defineProperty(o, "x", { value: 1 }));
show(() => Reflect.defineProperty(o, "x", { value: 2 }));
show(() => Reflect.getOwnPropertyDescriptor(o, "x"));
show(() => Reflect.getOwnPropertyDescriptor(o, "nope"));
show(() => Reflect.deleteProperty(o, "x"));
show(() => Reflect.defineProperty(o, "y", 1));
show(() => Reflect.defineProperty(o, "y", { get: 1 }));
show(() => Reflect.deleteProperty([1, 2], "length"));

// get / set with receivers
const withAccessors = {
  get g() { return this.tag; },
  set s(v) { this.tag = v; },
  plain: 1,
};
show(() => Reflect.get(withAccessors, "g", { tag: "receiver" }));
const receiver = {};
show(() => Reflect.set(withAccessors, "s", "set!", receiver) && receiver.tag);
show(() => Reflect.set(withAccessors, "plain", 5, receiver) && receiver);
show(() => Reflect.set(withAccessors, "plain", 5, 1));
show(() => Reflect.set(Object.freeze({ f: 1 }), "f", 2));
show(() => Reflect.set({}, "k", 1, Object.freeze({})));
const arr = [1, 2, 3];
show(() => Reflect.set(arr, "length", 1) && arr);
show(() => Reflect.set([], "length", -1));

// has / ownKeys / prototypes / extensibility
show(() => Reflect.has({ a: 1 }, "a"));
show(() => Reflect.has(Object.create({ a: 1 }), "a"));
show(() => Reflect.ownKeys({ b: 1, 1: 2, [Symbol.iterator]: 3, a: 4 }).map(String));
show(() => Reflect.ownKeys([1, 2]));
show(() => Reflect.getPrototypeOf([]) === Array.prototype);
show(() => Reflect.setPrototypeOf({}, null));
show(() => Reflect.setPrototypeOf({}, 1));
show(() => Reflect.setPrototypeOf(Object.preventExtensions({}), {}));
show(() => Reflect.setPrototypeOf(Object.prototype, {}));
const cyc = {};
show(() => Reflect.setPrototypeOf(Object.prototype.constructor.prototype, cyc));
const a1 = {}, a2 = Object.create(a1);
show(() => Reflect.setPrototypeOf(a1, a2));
show(() => Reflect.isExtensible({}));
const ne = {};
show(() => Reflect.preventExtensions(ne));
show(() => Reflect.isExtensible(ne));

// The same through a logging proxy: Reflect is the default behaviour of every trap.
const log = [];
const target = { v: 1 };
const p = new Proxy(target, new Proxy({}, {
  get(h, trap) {
    log.push(trap);
    return undefined;
  },
}));
Reflect.get(p, "v");
Reflect.set(p, "v", 2);
Reflect.has(p, "v");
Reflect.deleteProperty(p, "w");
Reflect.ownKeys(p);
Reflect.getOwnPropertyDescriptor(p, "v");
Reflect.defineProperty(p, "z", { value: 1 });
Reflect.getPrototypeOf(p);
Reflect.setPrototypeOf(p, {});
Reflect.isExtensible(p);
Reflect.preventExtensions(p);
console.log(log.join());
console.log(JSON.stringify(Reflect.ownKeys(target)), target.v, Reflect.isExtensible(target));

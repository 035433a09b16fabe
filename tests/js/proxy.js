// Proxy exotic objects: every trap, the order of trap calls, invariant checks, revocation.
// Expected output: node v20 (`node proxy.js > proxy.expected`).

function show(f) {
  try {
    console.log(f());
  } catch (e) {
    console.log(e.constructor.name);
  }
}

// A handler that logs every trap it sees, then forwards to Reflect.
function logged(target, log) {
  const handler = {};
  for (const name of Reflect.ownKeys(Reflect)) {
    if (typeof Reflect[name] !== "function") continue;
    handler[name] = function (...args) {
      const shown = args.slice(1).map((a) =>
        typeof a === "symbol" ? a.toString() : typeof a === "object" && a !== null ? (a === p ? "<proxy>" : "obj") : typeof a === "function" ? "fn" : String(a));
      log.push(name + "(" + shown.join(",") + ")");
      return Reflect[name](...args);
    };
  }
  const p = new Proxy(target, handler);
  return p;
}

// --- the basic traps, forwarded ---
{
  const log = [];
  const target = { a: 1, b: 2 };
  const p = logged(target, log);
  p.a;
  p.c = 3;
  "a" in p;
  delete p.b;
  Object.keys(p);
  Object.getOwnPropertyDescriptor(p, "a");
  Object.defineProperty(p, "d", { value: 4, configurable: true });
  Object.getPrototypeOf(p);
  Object.setPrototypeOf(p, null);
  Object.isExtensible(p);
  Object.preventExtensions(p);
  console.log(log.join(" "));
  console.log(JSON.stringify(target), Object.isExtensible(target));
}

// --- trap order of common operations ---
{
  const log = [];
  const p = logged({ x: 1, y: [1, 2], z: "s" }, log);
  JSON.stringify(p);
  console.log("stringify:", log.join(" "));
  log.length = 0;
  Object.assign({}, p);
  console.log("assign:", log.join(" "));
  log.length = 0;
  ({ ...p });
  console.log("spread:", log.join(" "));
  log.length = 0;
  const keys = [];
  for (const k in p) keys.push(k);
  console.log("for-in:", keys.join(" "), log.filter((l) => !l.startsWith("getOwn")).join(" "));
  log.length = 0;
  Object.freeze(p);
  console.log("freeze:", log.join(" "));
  log.length = 0;
  Object.isFrozen(p);
  console.log("isFrozen:", log.join(" "));
}

// --- arrays behind proxies ---
{
  const log = [];
  const p = logged([1, , 3], log);
  console.log(Array.isArray(p), Object.prototype.toString.call(p), JSON.stringify(p));
  log.length = 0;
  p.forEach((v) => log.push("visit " + v));
  console.log("forEach:", log.join(" "));
  log.length = 0;
  p.push(4);
  console.log("push:", log.join(" "));
  log.length = 0;
  console.log(p.indexOf(3), p.includes(undefined), [].concat(p).length);
  console.log("search:", log.join(" "));
  log.length = 0;
  p.reverse();
  console.log("reverse:", log.join(" "), JSON.stringify(p));
}

// --- get/set receivers and the prototype chain ---
{
  const proto = new Proxy({}, {
    get(t, k, r) { return typeof k === "string" ? "proto:" + k + ":" + (r === child) : undefined; },
    set(t, k, v, r) { Object.defineProperty(r, "seen", { value: k + "=" + v, enumerable: true, configurable: true }); return true; },
    has(t, k) { return k === "magic"; },
  });
  const child = Object.create(proto);
  child.own = 1;
  console.log(child.own, child.missing, "magic" in child, "other" in child);
  child.foo = 5;
  console.log(child.seen, Object.keys(child).join());
  console.log(Reflect.get(proto, "q", 42));
}

// --- functions ---
{
  function target(a, b) { return [this && this.tag, a, b].join(); }
  const p = new Proxy(target, {
    apply(t, thisArg, args) { return "apply:" + t(...args) + ":" + (thisArg && thisArg.tag); },
    construct(t, args, nt) { return { made: args.join(), same: nt === p }; },
  });
  console.log(typeof p, p(1, 2), p.call({ tag: "T" }, 3, 4));
  console.log(JSON.stringify(new p(5, 6)));
  console.log(typeof new Proxy({}, {}), typeof new Proxy(class {}, {}));
  const plain = new Proxy(function (x) { return x * 2; }, {});
  console.log(plain(21), Reflect.apply(plain, null, [4]));
  class A { constructor(v) { this.v = v; } }
  const PA = new Proxy(A, {});
  const a = new PA(7);
  console.log(a.v, a instanceof A, a instanceof PA, Reflect.construct(PA, [8]).v);
  show(() => new (new Proxy(() => {}, {}))());
  show(() => new Proxy({}, {})());
  show(() => new (new Proxy(function () {}, { construct() { return 1; } }))());
  console.log(Function.prototype.toString.call(plain));
  console.log(plain.bind(null, 10)());
}

// --- invariants ---
{
  const frozen = Object.freeze({ k: 1 });
  show(() => new Proxy(frozen, { get() { return 2; } }).k);
  show(() => new Proxy(frozen, { get() { return 1; } }).k);
  show(() => "k" in new Proxy(frozen, { has() { return false; } }));
  show(() => delete new Proxy(frozen, { deleteProperty() { return true; } }).k);
  show(() => Reflect.deleteProperty(new Proxy(frozen, { deleteProperty() { return false; } }), "k"));
  show(() => Object.keys(new Proxy(frozen, { ownKeys() { return []; } })));
  show(() => Object.keys(new Proxy({}, { ownKeys() { return ["a", "a"]; } })));
  show(() => Object.keys(new Proxy({}, { ownKeys() { return [1]; } })));
  show(() => Reflect.ownKeys(new Proxy(frozen, { ownKeys() { return ["k", "extra"]; } })));
  show(() => Reflect.ownKeys(new Proxy({}, { ownKeys() { return ["b", Symbol.iterator, "a"]; } })).length);
  show(() => Object.getPrototypeOf(new Proxy(frozen, { getPrototypeOf() { return Array.prototype; } })));
  show(() => Object.getPrototypeOf(new Proxy({}, { getPrototypeOf() { return 1; } })));
  show(() => Object.getPrototypeOf(new Proxy({}, { getPrototypeOf() { return Array.prototype; } })) === Array.prototype);
  show(() => Object.isExtensible(new Proxy({}, { isExtensible() { return false; } })));
  show(() => Object.preventExtensions(new Proxy({}, { preventExtensions() { return true; } })));
  show(() => Reflect.preventExtensions(new Proxy({}, { preventExtensions() { return false; } })));
  show(() => Object.preventExtensions(new Proxy({}, { preventExtensions() { return false; } })));
  show(() => Object.getOwnPropertyDescriptor(new Proxy(frozen, { getOwnPropertyDescriptor() {} }), "k"));
  show(() => Object.getOwnPropertyDescriptor(new Proxy({}, { getOwnPropertyDescriptor() { return { value: 1, configurable: false }; } }), "k"));
  show(() => JSON.stringify(Object.getOwnPropertyDescriptor(new Proxy({}, { getOwnPropertyDescriptor() { return { value: 1, configurable: true }; } }), "k")));
  show(() => Object.getOwnPropertyDescriptor(new Proxy({}, { getOwnPropertyDescriptor() { return 5; } }), "k"));
  show(() => Object.defineProperty(new Proxy({}, { defineProperty() { return true; } }), "k", { value: 1, configurable: false }));
  show(() => Object.defineProperty(new Proxy({}, { defineProperty() { return false; } }), "k", { value: 1 }));
  show(() => Reflect.defineProperty(new Proxy({}, { defineProperty() { return false; } }), "k", { value: 1 }));
  show(() => Reflect.set(new Proxy(frozen, { set() { return true; } }), "k", 2));
  show(() => Reflect.set(new Proxy({}, { set() { return false; } }), "k", 2));
  show(() => { "use strict"; new Proxy({}, { set() { return false; } }).k = 1; });
  show(() => Object.setPrototypeOf(new Proxy({}, { setPrototypeOf() { return false; } }), null));
  show(() => Reflect.setPrototypeOf(new Proxy(frozen, { setPrototypeOf() { return true; } }), null));
  show(() => new Proxy({}, { get: 1 }).x);
  show(() => new Proxy({}, { get: null }).x);
}

// --- revocation ---
{
  const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
  console.log(proxy.a, typeof revoke, revoke.length, JSON.stringify(revoke.name));
  revoke();
  revoke();
  show(() => proxy.a);
  show(() => Array.isArray(proxy));
  show(() => typeof proxy);
  show(() => Object.keys(proxy));
  show(() => proxy instanceof Object);
  const f = Proxy.revocable(function () {}, {});
  f.revoke();
  show(() => typeof f.proxy);
  show(() => f.proxy());
  // A trap that revokes its own proxy.
  const r = Proxy.revocable({}, { get(t, k) { r.revoke(); return k; } });
  show(() => r.proxy.first);
  show(() => r.proxy.second);
}

// --- the constructor ---
show(() => Proxy({}, {}));
show(() => new Proxy(1, {}));
show(() => new Proxy({}, null));
console.log(Proxy.length, Proxy.name, "prototype" in Proxy, Proxy.revocable.length);
console.log(Object.prototype.toString.call(new Proxy([], {})), Object.prototype.toString.call(new Proxy(() => {}, {})));

// --- chains of proxies forward to the end (engine_api.rs checks that 100000 deep is a RangeError,
// not a crash) ---
{
  let p = { x: "end" };
  for (let i = 0; i < 500; i++) p = new Proxy(p, {});
  show(() => p.x);
  show(() => "x" in p);
  show(() => Object.keys(p));
}

// --- with, JSON.parse reviver, Object.prototype methods ---
{
  const log = [];
  const p = logged({ v: "inner" }, log);
  with (p) { v; }
  // (node skips GetBindingValue's second HasProperty, ECMA-262 9.1.1.2.6, which test262 checks)
  console.log("with:", log.filter((l) => !l.startsWith("has")).join(" "));
  const parsed = JSON.parse('{"a":[1,2],"b":{"c":3}}', function (k, v) {
    if (k === "b") return new Proxy(v, {});
    return v;
  });
  console.log(JSON.stringify(parsed));
  const log2 = [];
  const q = logged({ h: 1 }, log2);
  console.log(Object.prototype.hasOwnProperty.call(q, "h"), Object.hasOwn(q, "zz"), Object.prototype.propertyIsEnumerable.call(q, "h"));
  console.log(Object.prototype.isPrototypeOf.call(Object.prototype, q));
  console.log(log2.join(" "));
}

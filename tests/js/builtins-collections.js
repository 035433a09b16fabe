// Map, Set, WeakMap, WeakSet and their iterators (ECMA-262 24.1–24.4).
// The expected output comes from node 20 (`node builtins-collections.js > builtins-collections.expected`).
// Map.groupBy and the Set methods (union, …) are newer than node 20: when they are missing, the
// fallbacks below, written from the spec's algorithms, stand in for them so that node can produce
// the expectation; kestrel always uses its own.
(function fallbacks() {
  const define = (o, name, f) =>
    Object.defineProperty(o, name, { value: f, writable: true, enumerable: false, configurable: true });
  const canonical = (v) => (v === 0 ? 0 : v);
  const isObject = (v) => v !== null && (typeof v === "object" || typeof v === "function");
  // GetSetRecord
  function record(obj) {
    if (!isObject(obj)) throw new TypeError("not an object");
    const numSize = +obj.size;
    if (numSize !== numSize) throw new TypeError("size is NaN");
    const size = Math.trunc(numSize) + 0;
    if (size < 0) throw new RangeError("negative size");
    const has = obj.has;
    if (typeof has !== "function") throw new TypeError("has");
    const keys = obj.keys;
    if (typeof keys !== "function") throw new TypeError("keys");
    return { obj, size, has, keys };
  }
  // GetIteratorFromMethod and IteratorStepValue
  function keysOf(rec) {
    const it = rec.keys.call(rec.obj);
    if (!isObject(it)) throw new TypeError("iterator");
    return { it, next: it.next };
  }
  const DONE = {};
  function step(iter) {
    const result = iter.next.call(iter.it);
    if (!isObject(result)) throw new TypeError("result");
    return result.done ? DONE : result.value;
  }
  function close(iter) {
    const ret = iter.it.return;
    if (ret !== undefined && ret !== null) ret.call(iter.it);
  }
  const add = Set.prototype.add;
  const has = Set.prototype.has;
  const del = Set.prototype.delete;
  const requireSet = (s) => {
    Set.prototype.has.call(s, 0); // RequireInternalSlot
    return s;
  };
  const S = Set.prototype;
  if (typeof S.union !== "function") {
    define(S, "union", function union(other) {
      requireSet(this);
      const rec = record(other);
      const iter = keysOf(rec);
      const result = new Set([...this]);
      for (let v; (v = step(iter)) !== DONE; ) add.call(result, canonical(v));
      return result;
    });
    define(S, "intersection", function intersection(other) {
      requireSet(this);
      const rec = record(other);
      const result = new Set();
      if (this.size <= rec.size) {
        for (const e of this) if (rec.has.call(rec.obj, e)) add.call(result, e);
      } else {
        const iter = keysOf(rec);
        for (let v; (v = step(iter)) !== DONE; ) {
          v = canonical(v);
          if (has.call(this, v)) add.call(result, v);
        }
      }
      return result;
    });
    define(S, "difference", function difference(other) {
      requireSet(this);
      const rec = record(other);
      const result = new Set([...this]);
      if (this.size <= rec.size) {
        for (const e of [...result]) if (rec.has.call(rec.obj, e)) del.call(result, e);
      } else {
        const iter = keysOf(rec);
        for (let v; (v = step(iter)) !== DONE; ) del.call(result, canonical(v));
      }
      return result;
    });
    define(S, "symmetricDifference", function symmetricDifference(other) {
      requireSet(this);
      const rec = record(other);
      const iter = keysOf(rec);
      const result = new Set([...this]);
      for (let v; (v = step(iter)) !== DONE; ) {
        v = canonical(v);
        const inResult = has.call(result, v);
        if (has.call(this, v)) {
          if (inResult) del.call(result, v);
        } else if (!inResult) add.call(result, v);
      }
      return result;
    });
    define(S, "isSubsetOf", function isSubsetOf(other) {
      requireSet(this);
      const rec = record(other);
      if (this.size > rec.size) return false;
      for (const e of this) if (!rec.has.call(rec.obj, e)) return false;
      return true;
    });
    define(S, "isSupersetOf", function isSupersetOf(other) {
      requireSet(this);
      const rec = record(other);
      if (this.size < rec.size) return false;
      const iter = keysOf(rec);
      for (let v; (v = step(iter)) !== DONE; ) {
        if (!has.call(this, v)) {
          close(iter);
          return false;
        }
      }
      return true;
    });
    define(S, "isDisjointFrom", function isDisjointFrom(other) {
      requireSet(this);
      const rec = record(other);
      if (this.size <= rec.size) {
        for (const e of this) if (rec.has.call(rec.obj, e)) return false;
      } else {
        const iter = keysOf(rec);
        for (let v; (v = step(iter)) !== DONE; ) {
          if (has.call(this, v)) {
            close(iter);
            return false;
          }
        }
      }
      return true;
    });
  }
  if (typeof Map.groupBy !== "function") {
    define(Map, "groupBy", function groupBy(items, callback) {
      if (items === undefined || items === null) throw new TypeError("items");
      if (typeof callback !== "function") throw new TypeError("callback");
      const map = new Map();
      let k = 0;
      for (const value of items) {
        const key = canonical(callback(value, k));
        const group = map.get(key);
        if (group) group.push(value);
        else map.set(key, [value]);
        k++;
      }
      return map;
    });
  }
})();

function show(v) {
  if (typeof v === "number" && v === 0 && 1 / v < 0) return "-0";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "symbol") return v.toString();
  if (Array.isArray(v)) return "[" + v.map(show).join(", ") + "]";
  if (v instanceof Map) return "Map{" + [...v].map(([k, x]) => show(k) + " => " + show(x)).join(", ") + "}";
  if (v instanceof Set) return "Set{" + [...v].map(show).join(", ") + "}";
  if (typeof v === "object" && v !== null && "name" in v) return "<" + v.name + ">";
  return String(v);
}
function line(label, ...values) {
  console.log(label + ": " + values.map(show).join(" "));
}
function error(f) {
  try {
    return "no error: " + show(f());
  } catch (e) {
    return e.name;
  }
}
function message(f) {
  try {
    return "no error: " + show(f());
  } catch (e) {
    return e.name + ": " + e.message;
  }
}

// --- Map basics
const m = new Map();
line("empty", m.size, m.get("x"), m.has("x"), m.delete("x"));
line("set returns the map", m.set("a", 1) === m, m.set("b", 2).set("c", 3).size);
line("get/has", m.get("a"), m.get("c"), m.has("b"), m.has("z"));
m.set("a", 10);
line("replace keeps the position", m, m.size);
line("delete", m.delete("b"), m.delete("b"), m);
m.set("b", 20);
line("re-added goes last", m);
m.clear();
line("clear", m.size, m, m.get("a"));

// SameValueZero keys
const z = new Map([[NaN, "nan"], [-0, "zero"], [0.5, "half"], ["1", "string one"], [1, "number one"]]);
line("NaN key", z.get(NaN), z.get(0 / 0), z.has(Number("x")));
line("-0 is +0", z.get(0), z.get(-0), show([...z.keys()][1]), Object.is([...z.keys()][1], 0));
line("types differ", z.get(1), z.get("1"), z.get(true), z.size);
const prefix = "a-long-string-that-will-be-built-";
const built = prefix + "from-two-parts-and-a-rope";
const sm = new Map([[built, "rope"]]);
const piece = "from-two-parts";
line("strings by contents", sm.get("a-long-string-that-will-be-built-from-two-parts-and-a-rope"), sm.get(prefix + piece + "-and-a-rope"), sm.has(prefix));
line("unicode strings", new Map([["é€😀", 1]]).get("é" + "€" + "😀"), new Map([["\ud800", 2]]).get("\ud800"));
const o1 = {};
const o2 = {};
const sym = Symbol("k");
const om = new Map([[o1, "o1"], [o2, "o2"], [sym, "sym"], [null, "null"], [undefined, "undef"], [true, "true"]]);
line("objects by identity", om.get(o1), om.get(o2), om.get({}), om.get(sym), om.get(Symbol("k")), om.get(null), om.get(undefined), om.get(true), om.size);
line("missing arg is undefined", om.get(), om.has());

// Many entries: growth, deletion, order
const big = new Map();
const names = [];
for (let i = 0; i < 200; i++) names.push("k" + i);
for (let i = 0; i < 200; i++) big.set(names[i], i);
for (let i = 0; i < 200; i += 2) big.delete(names[i]);
let sum = 0;
for (const [, v] of big) sum += v;
line("big", big.size, sum, big.get("k199"), big.get("k198"), [...big.keys()].slice(0, 3));
for (let i = 0; i < 200; i++) big.delete(names[i]);
big.set("last", 1);
line("emptied and refilled", big.size, [...big]);

// --- Map iteration
const it = new Map([[1, "a"], [2, "b"]]);
line("iterator identity", it[Symbol.iterator] === it.entries, Map.prototype[Symbol.iterator] === Map.prototype.entries);
line("keys/values/entries", [...it.keys()], [...it.values()], [...it.entries()], [...it]);
const mi = it.entries();
line("iterator tag", Object.prototype.toString.call(mi), mi[Symbol.toStringTag]);
line("iterator is iterable", mi[Symbol.iterator]() === mi);
const iterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
line("%MapIteratorPrototype%", Object.getPrototypeOf(Object.getPrototypeOf(mi)) === iterProto, Object.getPrototypeOf(mi) === Object.getPrototypeOf(new Map().keys()), Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(mi), "next"));
const step1 = mi.next();
line("next", step1.value, step1.done, Object.keys(step1));
mi.next();
const end = mi.next();
line("done", end.value, end.done);
it.set(3, "c");
line("stays done", mi.next().done);
console.log(message(() => mi.next.call({})));
console.log(message(() => mi.next.call(new Set().values())));

// Entries added during iteration are visited; deleted ones are skipped.
const live = new Map([[1, 1], [2, 2], [3, 3]]);
const visited = [];
for (const [k] of live) {
  visited.push(k);
  if (k === 1) {
    live.delete(2);
    live.set(4, 4);
  }
  if (k === 3) live.set(1, "again");
  if (k === 4) {
    live.delete(1);
    live.set(1, "re-added");
  }
  if (visited.length > 10) break;
}
line("live iteration", visited, live);
// Clearing during iteration: later additions are still seen.
const cleared = new Map([["a", 1], ["b", 2], ["c", 3]]);
const seenAfterClear = [];
for (const [k] of cleared) {
  seenAfterClear.push(k);
  if (k === "a") {
    cleared.clear();
    cleared.set("x", 9);
  }
}
line("clear during iteration", seenAfterClear);
// Many deletions (compaction) while an iterator is paused.
const paused = new Map();
for (let i = 0; i < 100; i++) paused.set(i, i);
const pit = paused.keys();
line("paused at", pit.next().value, pit.next().value);
for (let i = 0; i < 95; i++) paused.delete(i);
paused.set(0, "back");
line("after compaction", [...pit]);

// forEach
const fe = new Map([["x", 1], ["y", 2]]);
const calls = [];
const receiver = { tag: "this" };
fe.forEach(function (value, key, map) {
  calls.push(key + "=" + value + (map === fe) + (this === receiver));
  if (key === "x") fe.set("z", 3);
  if (key === "y") fe.delete("x");
}, receiver);
line("forEach", calls);
line("forEach returns undefined", fe.forEach(() => {}));
console.log(message(() => fe.forEach(1)));
console.log(message(() => fe.forEach()));

// --- Map constructor
console.log(message(() => Map()));
console.log(message(() => Map.call(new Map())));
line("new Map(null/undefined)", new Map(null).size, new Map(undefined).size);
line("from map", new Map(new Map([[1, 2]])), new Map([[1, 2], [1, 3]]));
line("entries from array-likes", new Map([{ 0: "k", 1: "v" }, ["only key"], []]));
console.log(message(() => new Map([1])));
console.log(error(() => new Map(5)));
console.log(error(() => new Map({})));
// The iterator is closed when an entry is rejected or the adder throws.
function closing(items) {
  const log = [];
  const iterable = {
    [Symbol.iterator]() {
      let i = 0;
      return {
        next() {
          log.push("next");
          return { value: items[i++], done: i > items.length };
        },
        return() {
          log.push("return");
          return {};
        },
      };
    },
  };
  return { iterable, log };
}
let c = closing([[1, 2], "bad"]);
console.log(error(() => new Map(c.iterable)), c.log.join(","));
c = closing([{ get 0() { throw new RangeError("key"); } }]);
console.log(error(() => new Map(c.iterable)), c.log.join(","));
c = closing([[1, 1], [2, 2]]);
line("complete", new Map(c.iterable).size, c.log.join(","));
// The constructor calls the current Map.prototype.set.
const originalSet = Map.prototype.set;
const adderLog = [];
Map.prototype.set = function (k, v) {
  adderLog.push(k);
  return originalSet.call(this, k, v * 10);
};
const viaAdder = new Map([["p", 1], ["q", 2]]);
Map.prototype.set = originalSet;
line("adder", adderLog, viaAdder);
Map.prototype.set = 42;
console.log(message(() => new Map([])));
Map.prototype.set = originalSet;
line("Map.length", Map.length, Map.name, Map.prototype.constructor === Map);

// size is a getter
const sizeDesc = Object.getOwnPropertyDescriptor(Map.prototype, "size");
line("size getter", typeof sizeDesc.get, sizeDesc.set, sizeDesc.enumerable, sizeDesc.configurable, sizeDesc.get.name);
console.log(message(() => sizeDesc.get.call({})));
console.log(message(() => Map.prototype.get.call(new Set(), 1)));
console.log(message(() => Map.prototype.set.call(new WeakMap(), {}, 1)));
console.log(message(() => Map.prototype.has.call([], 1)));
line("tag", Object.prototype.toString.call(new Map()), Map.prototype[Symbol.toStringTag]);

// Subclassing
class CountingMap extends Map {
  count() {
    return this.size;
  }
}
const cm = new CountingMap([["a", 1]]);
cm.set("b", 2);
line("subclass", cm instanceof CountingMap, cm instanceof Map, cm.count(), cm.get("a"));

// --- Map.groupBy
const grouped = Map.groupBy([1, 2, 3, 4, 5, 6], (x, i) => (x % 3 === 0 ? "fizz" : i < 2 ? "low" : "high"));
line("groupBy", grouped, grouped instanceof Map);
const zeroGroups = Map.groupBy([1, 2, 3], (x) => (x === 1 ? -0 : x === 2 ? 0 : NaN));
line("groupBy keys", [...zeroGroups.keys()], show([...zeroGroups.keys()][0]));
line("groupBy strings", Map.groupBy("abca", (ch) => ch));
const objKey = {};
line("groupBy object keys", Map.groupBy([1, 2], () => objKey).get(objKey));
console.log(error(() => Map.groupBy(null, () => 1)));
console.log(error(() => Map.groupBy([1], "nope")));
c = closing([1, 2, 3]);
console.log(error(() => Map.groupBy(c.iterable, (x) => { if (x === 2) throw new Error("stop"); return x; })), c.log.join(","));

// --- Set basics
const s = new Set([1, 2, 2, "2", NaN, NaN, -0, 0]);
line("set", s, s.size, s.has(NaN), s.has(-0), s.has("1"));
line("add returns the set", s.add(3) === s, s.add(1).size);
line("delete", s.delete(2), s.delete(2), s.has(2), s.size);
line("zero canonical", show([...new Set([-0])][0]), show([...new Set().add(-0)][0]));
line("iterators", [...s.keys()], [...s.values()], [...new Set(["a", "b"]).entries()]);
line("keys is values", Set.prototype.keys === Set.prototype.values, Set.prototype[Symbol.iterator] === Set.prototype.values);
const si = new Set([1]).values();
line("set iterator", Object.prototype.toString.call(si), Object.getPrototypeOf(Object.getPrototypeOf(si)) === iterProto);
const order = new Set(["x", "y", "z"]);
order.delete("x");
order.add("x");
line("order", order);
const sfe = [];
new Set(["p", "q"]).forEach(function (a, b, set) {
  sfe.push(a + b + (set instanceof Set) + this.n);
}, { n: 1 });
line("set forEach", sfe);
const growing = new Set([1]);
const grown = [];
growing.forEach((v) => {
  grown.push(v);
  if (v < 5) growing.add(v + 1);
});
line("forEach sees additions", grown);
s.clear();
line("clear", s.size, [...s]);
console.log(message(() => Set()));
console.log(message(() => Set.prototype.add.call(new Map(), 1)));
line("from string", new Set("hello"));
c = closing([1, 2]);
const originalAdd = Set.prototype.add;
Set.prototype.add = function (v) {
  if (v === 2) throw new Error("no twos");
  return originalAdd.call(this, v);
};
console.log(error(() => new Set(c.iterable)), c.log.join(","));
Set.prototype.add = originalAdd;
line("Set.length", Set.length, Set.name, Object.prototype.toString.call(new Set()));

// --- Set methods
const A = new Set([1, 2, 3, 4]);
const B = new Set([3, 4, 5]);
line("union", A.union(B), B.union(A));
line("intersection", A.intersection(B), B.intersection(A), A.intersection(new Set()));
line("difference", A.difference(B), B.difference(A));
line("symmetricDifference", A.symmetricDifference(B), B.symmetricDifference(A));
line("isSubsetOf", new Set([1, 2]).isSubsetOf(A), A.isSubsetOf(B), new Set().isSubsetOf(B));
line("isSupersetOf", A.isSupersetOf(new Set([1, 2])), A.isSupersetOf(B), A.isSupersetOf(new Set()));
line("isDisjointFrom", A.isDisjointFrom(new Set([7, 8])), A.isDisjointFrom(B), new Set([1, 2, 3, 4, 5, 6]).isDisjointFrom(new Set([6])));
line("results are new Sets", A.union(B) !== A, Object.getPrototypeOf(A.union(B)) === Set.prototype, A, B);
line("with a Map as other", A.intersection(new Map([[2, "x"], [9, "y"]])), A.union(new Map([[9, "y"]])));
line("canonical zero", show([...new Set([1]).union(new Set([-0]))][1]));
// Set-like objects: which of size / has / keys are used, and in what order.
function setLike(values, size, log) {
  return {
    get size() {
      log.push("size");
      return size;
    },
    get has() {
      log.push("get has");
      return (v) => {
        log.push("has(" + show(v) + ")");
        return values.indexOf(v) >= 0;
      };
    },
    get keys() {
      log.push("get keys");
      return function () {
        log.push("keys()");
        let i = 0;
        return {
          next() {
            log.push("next");
            return i < values.length ? { value: values[i++], done: false } : { value: undefined, done: true };
          },
          return() {
            log.push("return");
            return {};
          },
        };
      };
    },
  };
}
for (const method of ["union", "intersection", "difference", "symmetricDifference", "isSubsetOf", "isSupersetOf", "isDisjointFrom"]) {
  for (const size of [2, 10]) {
    const log = [];
    const result = new Set([1, 2, 3])[method](setLike([2, 3, 5], size, log));
    line(method + " size " + size, result, log.join(" "));
  }
}
const log2 = [];
line("isSupersetOf closes", new Set([1, 2, 3]).isSupersetOf(setLike([1, 9, 2], 3, log2)), log2.join(" "));
const log3 = [];
line("isDisjointFrom closes", new Set([1, 2, 3]).isDisjointFrom(setLike([7, 2, 8], 1, log3)), log3.join(" "));
// `has` that mutates the receiver during intersection: additions are visited.
const mutating = new Set([1, 2]);
const seenByHas = [];
const res = mutating.intersection({
  size: 100,
  has(v) {
    seenByHas.push(v);
    if (v === 1) mutating.add(3);
    if (v === 2) mutating.delete(1);
    return true;
  },
  keys() {
    throw new Error("unused");
  },
});
line("mutation during has", seenByHas, res, mutating);
const shrinking = new Set([1, 2, 3]);
line("difference over a copy", shrinking.difference({ size: 10, has(v) { shrinking.clear(); return v === 2; }, keys() {} }), shrinking);
// Errors in GetSetRecord.
console.log(error(() => A.union(1)));
console.log(error(() => A.union([1, 2])));
console.log(error(() => A.union({ size: undefined, has() {}, keys() {} })));
console.log(error(() => A.union({ size: -1, has() {}, keys() {} })));
console.log(error(() => A.union({ size: 1, has: 1, keys() {} })));
console.log(error(() => A.union({ size: 1, has() {}, keys: null })));
console.log(error(() => A.union({ size: 1, has() {}, keys() { return 1; } })));
console.log(error(() => A.union({ size: 1, has() {}, keys() { return { next() { return 1; } }; } })));
console.log(error(() => Set.prototype.union.call(new Map(), A)));
line("size rounding", A.isSubsetOf({ size: 4.9, has: () => true, keys() {} }), A.isSubsetOf({ size: "3", has: () => true, keys() {} }), A.isSubsetOf({ size: Infinity, has: () => true, keys() {} }));

// --- WeakMap
const wm = new WeakMap();
const k1 = {};
const k2 = function () {};
const ks = Symbol("weak");
line("weakmap set", wm.set(k1, "one") === wm, wm.set(k2, "two").get(k2), wm.set(ks, "sym").get(ks));
line("weakmap get/has", wm.get(k1), wm.has(k1), wm.has({}), wm.get({}), wm.get(1), wm.has("x"), wm.has(ks));
line("weakmap delete", wm.delete(k1), wm.delete(k1), wm.has(k1), wm.delete(1), wm.delete(Symbol("other")));
wm.set(k2, "replaced");
line("weakmap replace", wm.get(k2));
console.log(message(() => wm.set(1, 1)));
console.log(message(() => wm.set("k", 1)));
console.log(message(() => wm.set(null, 1)));
console.log(message(() => WeakMap()));
console.log(message(() => WeakMap.prototype.get.call(new Map(), k1)));
line("weakmap from iterable", new WeakMap([[k1, 1], [k2, 2]]).get(k2));
console.log(error(() => new WeakMap([[1, 2]])));
line("weakmap tag", Object.prototype.toString.call(wm), "size" in wm, typeof wm.clear, typeof wm[Symbol.iterator]);

// --- WeakSet
const ws = new WeakSet([k1]);
line("weakset", ws.has(k1), ws.add(k2) === ws, ws.has(k2), ws.has({}), ws.has(1), ws.add(ks).has(ks));
line("weakset delete", ws.delete(k1), ws.delete(k1), ws.has(k1), ws.delete("x"));
console.log(message(() => ws.add(1)));
console.log(message(() => WeakSet()));
console.log(message(() => new WeakSet([1])));
line("weakset tag", Object.prototype.toString.call(ws), WeakSet.length, WeakMap.length);

// Weak entries keep their values alive while the key is alive, not the other way round. Under GC
// stress every allocation collects, so a value that is not kept alive would be a dangling reference.
const keep = [];
const cache = new WeakMap();
const members = new WeakSet();
for (let i = 0; i < 60; i++) {
  const key = { i };
  cache.set(key, { payload: "value " + i, nested: [i, { deep: i * 2 }] });
  members.add(key);
  if (i % 10 === 0) keep.push(key);
  cache.set({ temporary: i }, "garbage " + i);
}
let ok = 0;
for (const key of keep) {
  const v = cache.get(key);
  if (v.payload === "value " + key.i && v.nested[1].deep === key.i * 2 && members.has(key)) ok++;
}
line("weak values survive with their keys", ok, keep.length);
// Ephemeron chains: a value that is the key of another entry.
const chain = new WeakMap();
let head = { name: "head" };
let node = head;
for (let i = 0; i < 30; i++) {
  const next = { name: "n" + i };
  chain.set(node, next);
  node = next;
}
chain.set(node, { name: "tail" });
let walk = head;
let hops = 0;
while (chain.has(walk)) {
  walk = chain.get(walk);
  hops++;
}
line("ephemeron chain", hops, walk.name);
// A value that refers back to its own key.
const selfKey = {};
const selfMap = new WeakMap([[selfKey, { back: selfKey }]]);
line("cycle through the value", selfMap.get(selfKey).back === selfKey);

// Subclassing Map/Set/WeakMap: the instance gets the subclass prototype before the iterable is
// added, so the overriding set/add is called (ECMA-262 24.1.1.1). Expected output: node.
class M extends Map { set(k, v) { console.log("set", k, v); return super.set(k, v * 2); } }
const m = new M([[1, 2], [3, 4]]);
console.log(m.get(1), m.get(3), m instanceof M, m.size);
class S extends Set { add(v) { console.log("add", v); return super.add(v + 1); } }
const s = new S([1, 2]);
console.log([...s], s instanceof S);
class W extends WeakMap { set(k, v) { console.log("wm set", v); return super.set(k, v); } }
const key = {};
console.log(new W([[key, 7]]).get(key));
function F() {}
F.prototype = 3;
const r = Reflect.construct(Map, [], F);
console.log(Object.getPrototypeOf(r) === Map.prototype);
// Symbol.species on Array, Map and Set, and ArraySpeciesCreate (ECMA-262 10.4.2.3).
{
class A extends Array {}
const a = A.from([1, 2, 3]);
console.log(a.map(x => x) instanceof A, a.filter(Boolean).constructor.name);
class B extends Array { static get [Symbol.species]() { return Array; } }
const b = B.of(1, 2);
console.log(b.map(x => x).constructor === Array, b instanceof B);
const c = [1, 2];
c.constructor = { [Symbol.species]: function (n) { this.made = n; } };
const r = c.map(x => x * 2);
console.log(r.made, r[0], r[1], Array.isArray(r));
const d = [1];
d.constructor = { [Symbol.species]: null };
console.log(Array.isArray(d.slice()));
console.log(Array[Symbol.species] === Array, Map[Symbol.species] === Map, Set[Symbol.species] === Set);
const desc = Object.getOwnPropertyDescriptor(Array, Symbol.species);
console.log(desc.get.name, typeof desc.set, desc.configurable, desc.enumerable);
class M extends Map {}
console.log(M[Symbol.species] === M);
}

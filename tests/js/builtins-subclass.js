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

// The expected output comes from node 20 (`node classes.js > classes.expected`).
// Classes: constructors, methods, accessors, statics, fields, inheritance, super, new.target.
class Point {
  static origin = new Point(0, 0);
  static count = 0;
  kind = "point";
  constructor(x, y) { this.x = x; this.y = y; Point.count++; }
  get length() { return Math.sqrt(this.x * this.x + this.y * this.y); }
  set length(v) { const f = v / this.length; this.x *= f; this.y *= f; }
  toString() { return `(${this.x}, ${this.y})`; }
  static of(x, y) { return new this(x, y); }
}
const p = Point.of(3, 4);
console.log(String(p), p.length, p.kind, Point.count, Point.origin.toString());
p.length = 10;
console.log(p.x, p.y, Object.keys(p));
class Point3 extends Point {
  z = 0;
  constructor(x, y, z) { super(x, y); this.z = z; }
  toString() { return super.toString() + " z=" + this.z; }
  get length() { return Math.hypot === undefined ? super.length : super.length; }
}
const q = new Point3(1, 2, 3);
console.log(q.toString(), q instanceof Point3, q instanceof Point, q.kind, Point.count);
class Empty {}
class Derived extends Empty {}
console.log(new Derived() instanceof Empty, typeof Derived, Derived.name, (class {}).name);
try { Point(1, 2); } catch (e) { console.log(e.constructor.name, e.message); }
class Bad extends Empty { constructor() { this.x = 1; } }
try { new Bad(); } catch (e) { console.log(e.name); }
function F() { return new.target === F; }
console.log(new F() instanceof F, F());
class MyError extends Error {
  constructor(message) { super(message); this.name = "MyError"; }
}
const err = new MyError("custom");
console.log(err instanceof MyError, err instanceof Error, err.message, err.name);
const base = { greet() { return "hi from base"; } };
const derivedObj = { __proto__base: 1, greet() { return super.greet === undefined ? "no super" : "has super"; } };
console.log(derivedObj.greet());
class Statics { static { Statics.initialized = true; } static value = this.initialized; }
console.log(Statics.value);

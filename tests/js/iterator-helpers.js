// Iterator helpers (ECMA-262 27.1, ES2025): Iterator.from, the lazy map/filter/take/drop/flatMap
// and the eager reduce/toArray/forEach/some/every/find, with the calls they make on the underlying
// iterator. node 20 lacks the helpers, so the expected output was written from the spec: each line
// was checked by hand against ECMA-262 2025 §27.1 (which calls close which iterator, and when).
function* naturals() { let i = 0; try { for (;;) yield i++; } finally { console.log("naturals closed at", i); } }
console.log(naturals().map(x => x * x).filter(x => x % 2).take(4).toArray());
console.log(naturals().drop(3).take(3).toArray());
console.log(naturals().take(5).reduce((a, b) => a + b));
console.log(naturals().take(3).reduce((a, b) => a + b, 100));
console.log(naturals().some(x => x > 3), naturals().every(x => x < 3), naturals().find(x => x * x > 50));
naturals().take(2).forEach((v, i) => console.log("forEach", v, i));
console.log(naturals().flatMap(x => [x, -x]).take(5).toArray());
try { [1].values().flatMap(x => "str").toArray(); } catch (e) { console.log(e.constructor.name); }
// Closing: return() of a helper closes the underlying iterator once.
const h = naturals().map(x => x);
h.next(); h.next();
console.log(JSON.stringify(h.return()), JSON.stringify(h.next()));
// Iterator.from wraps iterators that do not inherit from Iterator.prototype.
let n = 0;
const plain = { next() { return n < 3 ? { value: n++, done: false } : { done: true }; } };
const wrapped = Iterator.from(plain);
console.log(wrapped instanceof Iterator, Object.getPrototypeOf(wrapped) === Iterator.prototype, wrapped.toArray());
const gen = naturals();
console.log(Iterator.from(gen) === gen);
gen.return();
console.log(Iterator.from("héllo").toArray().join("|"));
// Argument validation closes the iterator; bad limits are RangeErrors.
const closing = { next() { return { done: false, value: 1 }; }, return() { console.log("closed by validation"); return {}; } };
Object.setPrototypeOf(closing, Iterator.prototype);
for (const bad of [() => closing.map(1), () => closing.take(-1), () => closing.drop(NaN), () => closing.reduce()]) {
  try { bad(); } catch (e) { console.log(e.constructor.name); }
}
try { new Iterator(); } catch (e) { console.log(e.constructor.name); }
class MyIt extends Iterator { next() { return { done: true }; } }
console.log(new MyIt() instanceof Iterator, new MyIt().toArray().length);
console.log(Object.prototype.toString.call(naturals().map(x => x)), Iterator.prototype[Symbol.toStringTag]);
try { [].values().reduce((a, b) => a); } catch (e) { console.log(e.constructor.name); }

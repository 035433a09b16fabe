// Private class members: fields, methods, accessors, statics, `#x in o`, brand checks.
// Expected output produced by node.
class Counter {
  #count = 0;
  static #instances = 0;
  static created() { return Counter.#instances; }
  constructor(start) { this.#count = start; Counter.#instances++; }
  #bump(by) { this.#count += by; return this; }
  get #doubled() { return this.#count * 2; }
  set #value(v) { this.#count = v; }
  inc() { return this.#bump(1); }
  get value() { return this.#count; }
  get doubled() { return this.#doubled; }
  reset() { this.#value = 0; return this; }
  static isCounter(o) { return #count in o; }
  sameMethod(other) { return this.#bump === other.#bump; }
}
const a = new Counter(5), b = new Counter(10);
a.inc().inc();
console.log(a.value, a.doubled, b.value, Counter.created(), a.sameMethod(b));
console.log(Counter.isCounter(a), Counter.isCounter({}), a.reset().value);
try { Counter.prototype.inc.call({}); } catch (e) { console.log(e.constructor.name); }
try { class X { #m() {} write() { this.#m = 1; } } new X().write(); } catch (e) { console.log(e.constructor.name); }
class Base { #secret = "base"; reveal() { return this.#secret; } }
class Derived extends Base { #secret = "derived"; mine() { return this.#secret; } }
const d = new Derived();
console.log(d.reveal(), d.mine(), Object.keys(d).length);
class Outer {
  #x = 1;
  probe() {
    class Inner { read(o) { return o.#x; } }
    return new Inner().read(this);
  }
}
console.log(new Outer().probe());

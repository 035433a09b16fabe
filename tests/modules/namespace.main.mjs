// Module namespace exotic objects (ECMA-262 10.4.6).
// Expected output: `node namespace.main.mjs > namespace.main.expected` (node 20).
import * as ns from './namespace-target.mjs';
import * as self from './namespace.main.mjs';

console.log(Object.keys(ns));
console.log(Reflect.ownKeys(ns).map(String));
console.log(ns[Symbol.toStringTag], Object.prototype.toString.call(ns));
console.log(Object.getPrototypeOf(ns), Object.isExtensible(ns), Object.isFrozen(ns), Object.isSealed(ns));
console.log(JSON.stringify(Object.getOwnPropertyDescriptor(ns, 'b')));
console.log(JSON.stringify(Object.getOwnPropertyDescriptor(ns, Symbol.toStringTag)));
console.log('b' in ns, 'missing' in ns, ns.missing, Reflect.has(ns, Symbol.toStringTag));
console.log(Reflect.set(ns, 'b', 1), Reflect.deleteProperty(ns, 'b'), Reflect.deleteProperty(ns, 'missing'));
console.log(Reflect.setPrototypeOf(ns, null), Reflect.setPrototypeOf(ns, {}), Reflect.preventExtensions(ns));
console.log(Reflect.defineProperty(ns, 'b', { value: ns.b }), Reflect.defineProperty(ns, 'b', { value: 0 }));
console.log(Reflect.defineProperty(ns, 'b', { enumerable: false }), Reflect.defineProperty(ns, 'x', { value: 1 }));
for (const k in ns) console.log('for-in', k, ns[k]);
try {
  ns.b = 2;
} catch (e) {
  console.log(e.constructor.name);
}
try {
  delete ns.b;
} catch (e) {
  console.log('delete', e.constructor.name);
}
ns.bump();
console.log('live through the namespace:', ns.b, ns['string name']);
try {
  self.notYet;
} catch (e) {
  console.log('TDZ through the namespace:', e.constructor.name);
}
try {
  Object.keys(self);
} catch (e) {
  console.log('keys reads values:', e.constructor.name);
}
console.log(Reflect.ownKeys(self).map(String));
export let notYet = 1;
console.log(self.notYet, Object.keys(self));
import * as cyclic from './namespace-shown.mjs';

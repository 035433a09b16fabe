// Live bindings, default exports, import.meta and module-level `this`.
// Expected output: `node live-bindings.main.mjs > live-bindings.main.expected` (node 20).
import { count, increment, renamed } from './counter.mjs';
import counterDefault, { later } from './counter.mjs';
import hoistedDefault, * as hoisted from './hoisted.mjs';

console.log('count', count, renamed, counterDefault, later);
increment();
increment();
console.log('after two increments', count, renamed, counterDefault);
console.log(hoistedDefault(), hoistedDefault.name, hoisted.tag);

try {
  count = 5;
} catch (e) {
  console.log(e.constructor.name, count);
}
try {
  hoisted = {};
} catch (e) {
  console.log('namespace binding:', e.constructor.name);
}

console.log('this is', this);
console.log(typeof import.meta, Object.getPrototypeOf(import.meta) === null);
console.log(import.meta === import.meta, import.meta.url.endsWith('/live-bindings.main.mjs'));
console.log(Object.keys(import.meta).includes('url'), typeof import.meta.url);

const arrow = () => this;
console.log('arrow this', arrow());
function strictCheck() {
  return this;
}
console.log('function this', strictCheck());

export default class {}
import self from './live-bindings.main.mjs';
console.log(self.name, typeof self);

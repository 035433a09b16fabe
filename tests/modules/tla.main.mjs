// Top-level await and dynamic import(): async siblings start in order and the importer runs once
// all have finished; import() resolves to the namespace after evaluation, rejects with the
// evaluation error, and evaluates a module once; for await at the top level.
// Expected output: `node tla.main.mjs > tla.main.expected` (node 20).
import { value } from './tla-slow.mjs';
import { fast } from './tla-fast.mjs';
import { sync } from './tla-sync.mjs';

console.log('main:', value, fast, sync);
const order = [];
Promise.resolve().then(() => order.push('microtask'));
const ns = await import('./tla-sync.mjs');
order.push('import resolved');
console.log(order.join(', '), ns.sync, Object.keys(ns));
try {
  await import('./tla-throws.mjs');
} catch (e) {
  console.log('import rejected:', e.constructor.name, e.message);
}
try {
  await import('./tla-throws.mjs');
} catch (e) {
  console.log('again, same error object:', e.message);
}
try {
  await import('./does-not-exist.mjs');
} catch (e) {
  console.log('missing module rejects:', e instanceof Error);
}
for await (const x of [Promise.resolve(1), 2]) console.log('for await', x);
const [a, b] = await Promise.all([import('./tla-fast.mjs'), import('./tla-fast.mjs')]);
console.log('same namespace:', a === b, a.fast);

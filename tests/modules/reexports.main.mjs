// Re-exports: `export * from`, `export * as ns from`, `export {x as y} from`, star conflicts.
// Expected output: `node reexports.main.mjs > reexports.main.expected` (node 20).
import * as hub from './reexport-hub.mjs';
import { renamedB, inner, fromStar, a } from './reexport-hub.mjs';

console.log(Object.keys(hub));
console.log(renamedB, fromStar, a);
console.log(Object.keys(inner), inner === hub.inner, inner.b);
console.log('conflict' in hub, 'default' in hub);
import * as again from './reexport-hub.mjs';
console.log(again === hub);

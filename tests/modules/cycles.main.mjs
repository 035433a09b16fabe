// A cycle: b runs before a (a imports b first), calls a's hoisted function, and meets a's `let`
// in its TDZ; later reads see it initialized.
// Expected output: `node cycles.main.mjs > cycles.main.expected` (node 20).
import './order-1.mjs';
import { letA } from './cycle-a.mjs';
import './order-2.mjs';
console.log('main:', letA);

import { fromB, callA } from './cycle-b.mjs';
console.log('evaluating a; b says', fromB);
export function hoistedA() {
  return 'hoistedA called';
}
export let letA = 'letA initialized';
console.log(callA());

import { hoistedA, letA } from './cycle-a.mjs';
console.log('evaluating b first:', hoistedA());
try {
  console.log(letA);
} catch (e) {
  console.log('TDZ across the cycle:', e.constructor.name);
}
export const fromB = 'fromB';
export function callA() {
  return 'later, letA is ' + letA;
}

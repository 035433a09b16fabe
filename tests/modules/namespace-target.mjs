export let b = 1;
export const a = 'a';
export function bump() {
  b += 10;
}
let s = 'via a string name';
export { s as 'string name' };
export default 'def';
export var Z = 'upper';

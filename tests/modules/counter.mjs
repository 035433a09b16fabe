// A module with state that importers observe live.
export let count = 0;
export function increment() {
  count += 1;
}
export { count as renamed };
export default count * 10;
export var later = 'declared';
later = 'assigned';

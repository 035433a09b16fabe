// Awaits a resolved promise: finishes a few microtasks after starting.
console.log('tla-fast: start');
export const fast = await Promise.resolve('fast');
console.log('tla-fast: done');

// Waits on a timer at the top level; its importers run only after it finishes.
console.log('tla-slow: start');
export let value = 'pending';
await new Promise((resolve) => setTimeout(resolve, 20));
value = 'ready';
console.log('tla-slow: done');

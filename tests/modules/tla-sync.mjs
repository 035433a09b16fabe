// No await: evaluated synchronously, before the async siblings finish.
console.log('tla-sync');
export const sync = 'sync';

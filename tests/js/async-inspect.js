// console.log of promises: pending, fulfilled, rejected, with properties, nested, of a subclass.
// Expected output: node v20 (`node async-inspect.js > async-inspect.expected`).

class P extends Promise {}
console.log(P.resolve(1));
const r = Promise.reject(new Error("x")); r.catch(() => {});
console.log([r].length, { p: Promise.resolve({ a: [1, 2] }) });
const q = Promise.resolve(3); q.extra = true; console.log(q);
console.log(Promise.reject(undefined).catch(()=>{}), Promise.resolve("s"));
console.log(new Promise(() => {}), Promise.reject(7).catch(() => {}) instanceof Promise);
const rejected = Promise.reject([1, "two"]); rejected.catch(() => {}); console.log(rejected);

// The order of promise jobs: the spec's tick counts for then, resolving with a promise or a thenable,
// finally, the combinators and subclasses (one line, so any difference in ticks shows).
// Expected output: node v20 (`node async-ticks.js > async-ticks.expected`).

const out = [];
const L = (x) => () => out.push(x);
Promise.resolve().then(() => { out.push(0); return Promise.resolve(4); }).then((v) => out.push(v));
Promise.resolve().then(L(1)).then(L(2)).then(L(3)).then(L(5)).then(L(6)).then(L(7));
Promise.resolve(1).finally(L("f1")).then(L("after-f1"));
Promise.reject(1).finally(L("f2")).catch(L("after-f2"));
Promise.all([1, 2]).then(L("all"));
Promise.race([1, 2]).then(L("race"));
Promise.allSettled([1]).then(L("settled"));
Promise.any([1]).then(L("any"));
Promise.resolve({ then(r) { out.push("thenable-call"); r("x"); } }).then(L("thenable-done"));
new Promise((r) => r(Promise.reject(9))).catch(L("rej-promise"));
class P extends Promise {}
P.resolve(1).then(L("sub"));
setTimeout(() => console.log(out.join(" ")), 0);

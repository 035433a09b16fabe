// Promise chains, then/catch/finally, thenables, the combinators with fulfilment and rejection,
// the order of reactions and microtasks (the spec's tick counts), subclassing.
// Expected output: node v20 (`node async-promises.js > async-promises.expected`).

const log = (...a) => console.log(...a);

// Chains: values flow, handlers that are not functions pass through.
Promise.resolve(1)
  .then((v) => v + 1)
  .then(null)
  .then((v) => {
    log("chain", v);
    throw new Error("boom");
  })
  .then(() => log("skipped"))
  .catch((e) => {
    log("caught", e.message);
    return "recovered";
  })
  .finally(() => log("finally runs"))
  .then((v) => log("after finally", v));

// finally passes the value through, and its own throw wins.
Promise.reject(new Error("r1"))
  .finally(() => "ignored")
  .catch((e) => log("finally kept the rejection", e.message));
Promise.resolve("v")
  .finally(() => {
    throw new Error("from finally");
  })
  .catch((e) => log("finally threw", e.message));

// Tick counts: a native promise takes 1 tick, resolving with a promise takes 2 more.
const order = [];
Promise.resolve().then(() => order.push("a1")).then(() => order.push("a2")).then(() => order.push("a3"));
new Promise((r) => r(Promise.resolve())).then(() => order.push("resolved-with-promise"));
Promise.resolve().then(() => order.push("b1")).then(() => order.push("b2")).then(() => order.push("b3"))
  .then(() => log("order", order.join(" ")));

// Thenables: then is called in a job, with resolve/reject functions.
const thenable = {
  then(resolve, reject) {
    log("thenable.then called", typeof resolve, typeof reject);
    resolve("from thenable");
  },
};
Promise.resolve(thenable).then((v) => log(v));
new Promise((r) => r({ then: (_, reject) => reject("thenable rejects") })).catch((e) => log(e));
new Promise((r) =>
  r({
    get then() {
      throw new Error("then getter throws");
    },
  })
).catch((e) => log(e.message));

// Resolving functions work once.
new Promise((resolve, reject) => {
  resolve("first");
  resolve("second");
  reject("third");
}).then((v) => log("only", v));

// Executor throwing rejects; after resolve it is ignored.
new Promise(() => {
  throw new TypeError("executor");
}).catch((e) => log(e.name, e.message));
new Promise((resolve) => {
  resolve("kept");
  throw new Error("ignored");
}).then((v) => log(v));

// Self resolution is a TypeError.
const self = new Promise((r) => setTimeout(() => r(self), 0));
self.catch((e) => log(e instanceof TypeError));

// The combinators.
Promise.all([1, Promise.resolve(2), { then: (r) => r(3) }]).then((v) => log("all", v));
Promise.all([]).then((v) => log("all empty", v));
Promise.all([Promise.resolve(1), Promise.reject(new Error("all fails")), 3]).catch((e) => log(e.message));
Promise.allSettled([1, Promise.reject("no"), new Promise((r) => setTimeout(r, 5, "late"))]).then((v) =>
  log("allSettled", JSON.stringify(v))
);
Promise.any([Promise.reject(1), Promise.resolve(2), 3]).then((v) => log("any", v));
Promise.any([Promise.reject(1), Promise.reject(2)]).catch((e) =>
  log("any rejects", e instanceof AggregateError, e.errors, e.message)
);
Promise.any([]).catch((e) => log("any empty", e.constructor.name, e.errors.length));
Promise.race([new Promise((r) => setTimeout(r, 10, "slow")), new Promise((r) => setTimeout(r, 1, "fast"))]).then(
  (v) => log("race", v)
);
Promise.race([Promise.reject(new Error("race rejects")), new Promise(() => {})]).catch((e) => log(e.message));
Promise.all(new Set([Promise.resolve("set"), "iter"])).then((v) => log("iterable", v));
Promise.all(5).catch((e) => log("not iterable", e instanceof TypeError));

// A deferred (node 20 has no Promise.withResolvers; tests/engine_api.rs covers it).
let resolve;
const promise = new Promise((r) => (resolve = r));
promise.then((v) => log("deferred", v));
setTimeout(() => resolve("done"), 3);

// Subclassing: then returns the subclass, species is honoured.
class MyPromise extends Promise {}
const mp = MyPromise.resolve(7);
log(mp instanceof MyPromise, mp.then(() => {}) instanceof MyPromise, Promise.resolve(mp) === mp);
log(MyPromise.resolve(mp) === mp, Promise[Symbol.species] === Promise);

// Introspection.
log(Object.prototype.toString.call(Promise.resolve()), Promise.name, Promise.length, Promise.prototype.then.length);
log(Promise.resolve(5), Promise.reject(new Error("shown")).catch(() => {}) && "", new Promise(() => {}));
const rejected = Promise.reject(42);
rejected.catch(() => {});
log(rejected);
try {
  Promise();
} catch (e) {
  log(e instanceof TypeError);
}
try {
  new Promise(1);
} catch (e) {
  log(e instanceof TypeError);
}
try {
  Promise.prototype.then.call({});
} catch (e) {
  log(e instanceof TypeError);
}
log("sync end");

// Microtasks against tasks: queueMicrotask and promise reactions interleave in FIFO order, every
// task is followed by a full microtask drain, and microtasks queued while draining run in it.
// Expected output: node v20 (`node async-interleaving.js > async-interleaving.expected`).

const log = (...a) => console.log(...a);

log("script start");
setTimeout(() => log("timeout 1"), 0);
queueMicrotask(() => log("micro 1"));
Promise.resolve()
  .then(() => {
    log("promise 1");
    queueMicrotask(() => log("micro queued by promise 1"));
  })
  .then(() => log("promise 2"));
queueMicrotask(() => {
  log("micro 2");
  Promise.resolve().then(() => log("promise queued by micro 2"));
});
setTimeout(() => {
  log("timeout 2");
  Promise.resolve().then(() => {
    log("promise in timeout 2");
    setTimeout(() => log("timeout from a microtask"), 0);
  });
  queueMicrotask(() => log("micro in timeout 2"));
}, 0);
setTimeout(() => log("timeout 3"), 0);

// A long chain of microtasks runs before any timer.
let depth = 0;
function again() {
  if (++depth < 100) queueMicrotask(again);
  else log("100 microtasks drained before timers");
}
queueMicrotask(again);

// A promise resolved by a timer wakes its reactions after that task.
new Promise((r) => setTimeout(r, 2, "timer value")).then((v) => {
  log("resolved by timer:", v);
  return new Promise((r) => setTimeout(r, 2, "second timer"));
}).then((v) => log("then:", v));

// Rejections handled later in the same tick are not reported.
const late = Promise.reject(new Error("handled in time"));
queueMicrotask(() => late.catch((e) => log("caught late:", e.message)));
log("script end");

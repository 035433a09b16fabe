// Timers: ordering by due time then creation, nested timers, extra arguments, clearTimeout inside a
// callback, setInterval + clearInterval after N runs, delay clamping, microtasks after each task.
// Due times are far apart (node runs on a real clock; Kestrel's test runner on a virtual one), and
// equal due times only occur for timers created in the same callback.
// Expected output: node v20 (`node async-timers.js > async-timers.expected`).

const log = (...a) => console.log(...a);
const U = 40; // one time unit, in ms

setTimeout(() => log("t 6U"), 6 * U);
setTimeout(() => log("t 2U a"), 2 * U);
setTimeout(() => log("t 2U b (same due, created later)"), 2 * U);
setTimeout(() => log("t 0 (clamped to 1)"), 0);
setTimeout(() => log("t 1 (same due as t 0, created later)"), 1);
setTimeout(() => log("t -5 (clamped to 1)"), -5);
setTimeout(() => log("t NaN (clamped to 1)"), NaN);
setTimeout(() => log("t '1' (string delay)"), "1");
setTimeout(() => log("t 2^31 (too long: clamped to 1)"), 2 ** 31);
setTimeout((a, b, c) => log("args", a, b, c), U / 2, "x", 42, [1, 2]);

// Nested timers count from the callback's time.
setTimeout(() => {
  log("outer U");
  setTimeout(() => log("inner U+0"), 0);
  setTimeout(() => log("inner U+2U"), 2 * U + U / 2);
  Promise.resolve().then(() => log("microtask after outer U"));
}, U);

// clearTimeout inside a callback cancels a later timer.
const doomed = setTimeout(() => log("never printed"), 5 * U);
setTimeout(() => {
  log("clearing the 5U timer");
  clearTimeout(doomed);
}, 3 * U);

// clearTimeout on unknown ids and other values does nothing.
clearTimeout(123456);
clearTimeout(undefined);
clearTimeout({});
clearInterval("nope");

// setInterval re-arms until cleared.
let ticks = 0;
const iv = setInterval((tag) => {
  ticks++;
  log("interval", tag, ticks);
  if (ticks === 4) {
    clearInterval(iv);
    log("interval cleared");
  }
}, 1.5 * U, "iv");

// An interval cleared from another timer.
let other = 0;
const iv2 = setInterval(() => log("iv2", ++other), 3.25 * U);
setTimeout(() => clearInterval(iv2), 7 * U);

// Microtasks run after every task, before the next timer.
setTimeout(() => {
  log("task A");
  queueMicrotask(() => log("micro from A"));
  Promise.resolve().then(() => log("promise from A"));
  setTimeout(() => log("task C"), 0);
  setTimeout(() => log("task D"), 0);
}, 8 * U);

// Timer ids are distinct.
const i1 = setTimeout(() => {}, 1), i2 = setTimeout(() => {}, 1);
log(i1 !== i2);

// A callback that is not a function is a TypeError.
try {
  setTimeout("code", 1);
} catch (e) {
  log(e instanceof TypeError);
}
try {
  queueMicrotask(1);
} catch (e) {
  log(e instanceof TypeError);
}
log("end of script");

// The expected output comes from node 20 (`node closures.js > closures.expected`).
// Closures capture variables, not values; each `let` loop iteration has its own binding.
function makeCounter(start) {
  let count = start;
  return {
    inc() { return ++count; },
    get value() { return count; },
  };
}
const c1 = makeCounter(10), c2 = makeCounter(0);
c1.inc(); c1.inc(); c2.inc();
console.log(c1.value, c2.value);
var fs = [];
for (var i = 0; i < 3; i++) fs.push(function () { return i; });
console.log(fs.map(function (f) { return f(); }));
let gs = [];
for (let j = 0; j < 3; j++) gs.push(() => j * 10);
console.log(gs.map(g => g()));
function outer() {
  const x = "outer x";
  return function middle() {
    return () => x + " seen from an arrow";
  };
}
console.log(outer()()());
const adder = a => b => c => a + b + c;
console.log(adder(1)(2)(3));

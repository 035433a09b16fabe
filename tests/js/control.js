// The expected output comes from node 20 (`node control.js > control.expected`).
// Control flow: loops, labels, switch fall-through, try/catch/finally with jumps through finally.
function classify(n) {
  switch (n) {
    case 0: return "zero";
    case 1:
    case 2: return "small";
    default: return "big";
    case 3: return "three";
  }
}
console.log([0, 1, 2, 3, 4].map(classify));
let out = [];
outer: for (let i = 0; i < 4; i++) {
  for (let j = 0; j < 4; j++) {
    if (j === 2) continue outer;
    if (i === 3) break outer;
    out.push(i * 10 + j);
  }
}
console.log(out.join(","));
let n = 0;
do { n++; } while (n < 5);
console.log(n);
function finallyOrder() {
  const log = [];
  for (let i = 0; i < 3; i++) {
    try {
      if (i === 1) continue;
      if (i === 2) break;
      log.push("body " + i);
    } finally {
      log.push("finally " + i);
    }
  }
  try {
    try { throw new Error("inner"); }
    finally { log.push("inner finally"); }
  } catch (e) { log.push("caught " + e.message); }
  return log;
}
console.log(finallyOrder());
function returnOverride() { try { return 1; } finally { console.log("cleanup runs before the return"); } }
console.log(returnOverride());
function nested() {
  try { throw new RangeError("r"); }
  catch (e) { try { throw new TypeError("t"); } catch (e2) { return [e.name, e2.name]; } }
}
console.log(nested());
const e = new Error("with cause", { cause: 42 });
console.log(e.message, e.cause, e instanceof Error, e instanceof TypeError, String(e));

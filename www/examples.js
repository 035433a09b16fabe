// The examples menu: each shows one idea of how an engine runs JavaScript. `expect` is the console
// output (tests/www checks it through the page).
export const EXAMPLES = [
  {
    name: "Hoisting",
    code: `console.log(typeof greet, count);
var count = 1;
function greet(name) {
  return "hello " + name;
}
console.log(greet("world"), count);
`,
    expect: ["function undefined", "hello world 1"],
  },
  {
    name: "Temporal dead zone",
    code: `function show() {
  try {
    console.log(value);
  } catch (e) {
    console.log(e.name + ": " + e.message);
  }
  let value = 42;
  console.log(value);
}
show();
`,
    expect: ["ReferenceError: Cannot access 'value' before initialization", "42"],
  },
  {
    name: "Closures",
    code: `function counter() {
  let n = 0;
  return () => ++n;
}
const next = counter();
next();
next();
console.log(next());
`,
    expect: ["3"],
  },
  {
    name: "Recursion and the call stack",
    code: `function factorial(n) {
  if (n <= 1) return 1;
  return n * factorial(n - 1);
}
console.log(factorial(5));
`,
    expect: ["120"],
  },
  {
    name: "A thrown error",
    code: `function parse(text) {
  if (text === "") throw new SyntaxError("empty input");
  return JSON.parse(text);
}
console.log(parse("[1, 2]"));
parse("");
`,
    expect: ["[ 1, 2 ]"],
  },
  {
    name: "Event loop: timers and promises",
    code: `console.log("1 script");
setTimeout(() => console.log("5 timeout"), 0);
Promise.resolve().then(() => console.log("3 microtask"));
queueMicrotask(() => console.log("4 queueMicrotask"));
console.log("2 script again");
`,
    expect: ["1 script", "2 script again", "3 microtask", "4 queueMicrotask", "5 timeout"],
  },
  {
    name: "async / await",
    code: `const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function task(name, ms) {
  console.log(name + " starts");
  await sleep(ms);
  console.log(name + " done after " + ms + " ms");
}
task("slow", 20);
task("fast", 10);
console.log("both started");
`,
    expect: ["slow starts", "fast starts", "both started", "fast done after 10 ms", "slow done after 20 ms"],
  },
  {
    name: "A hot loop",
    code: `function sum(n) {
  let total = 0;
  for (let i = 0; i < n; i++) total += i;
  return total;
}
console.log(sum(1e6));
`,
    expect: ["499999500000"],
  },
];

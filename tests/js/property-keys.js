// Computed property keys (ECMA-262 7.1.19 ToPropertyKey): an integer index, a string, a symbol, a
// double and an object with toString, used to store, load, define, name functions and exclude keys
// in object rest patterns. The expected output comes from node 20
// (`node property-keys.js > property-keys.expected`).
const sym = Symbol("s");
const keyObject = { toString() { console.log("toString"); return "fromObject"; } };
const o = {};
o[1] = "int";
o["2"] = "string";
o[sym] = "symbol";
o[1.5] = "double";
o[-0] = "minus zero";
o[-1] = "negative";
o[2 ** 31] = "big index";
o[keyObject] = "object";
console.log(Object.keys(o), o[sym]);
console.log(o["1"], o[2], o["1.5"], o[0], o["-1"], o["2147483648"], o.fromObject);

// Defined keys and function names come from the converted key.
const lit = { [1]() {}, [2.5]: function () {}, ["x"]: () => {}, [sym]() {}, [0]: class {} };
console.log(Object.keys(lit), lit[1].name, lit[2.5].name, lit.x.name, lit[sym].name, lit[0].name);
class C { static [3]() {} static [1e21]() {} }
console.log(C[3].name, C[1e21].name, Object.getOwnPropertyNames(C));

// Object rest excludes the converted keys.
const { 1: one, [2]: two, ["3"]: three, ...rest } = { 1: "a", 2: "b", 3: "c", 4: "d", x: "e" };
console.log(one, two, three, rest);

// Arrays: element stores through computed keys in a loop, then holes and growth.
const arr = [];
for (let i = 0; i < 5; i++) arr[i] = i * i;
arr[7] = "grown";
for (const k of [0, "1", 2.0, "3"]) arr[k] += 100;
console.log(arr, arr.length);

// The key is converted once, before the right-hand side runs (an object key's toString).
const order = [];
const target = {};
target[{ toString() { order.push("key"); return "k"; } }] = (order.push("value"), 1);
console.log(order, target);

// Compound assignment and update with computed keys.
const counts = { 0: 1 };
counts[0] += 2;
counts["0"]++;
counts[0.0] *= 3;
console.log(counts);

// Class fields under computed and literal keys name their anonymous functions too.
const q = Symbol("q");
class D { static ["a"] = function () {}; static [q] = () => {}; static 5 = class {}; ["b"] = function () {}; "c d" = () => {}; }
console.log(D.a.name, D[q].name, D[5].name, new D().b.name, new D()["c d"].name);
const named = { "lit": function () {}, 7: () => {}, [q]: (function () {}), [Symbol()]: class {} };
console.log(named.lit.name, named[7].name, named[q].name, Object.getOwnPropertySymbols(named).map((s) => named[s].name));

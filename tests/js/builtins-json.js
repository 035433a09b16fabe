// JSON.parse and JSON.stringify.
// Expected output: produced by node (`node builtins-json.js > builtins-json.expected`).

// parse: values, escapes, whitespace, duplicate keys, __proto__ as a plain key.
console.log(JSON.parse('{"a":[1,2,{"b":null}],"c":"\\u0041\\n\\"\\/"}'), JSON.parse(" \t\n\r[1, 2.5e3, -0.5, true, false] "));
console.log(JSON.parse('"\\ud83d\\ude00"').length, JSON.parse('{"__proto__": 1}').__proto__, JSON.parse('{"a":1,"a":2}').a);
console.log(1 / JSON.parse("-0"), JSON.parse("1E3"), JSON.parse("1e-2"), JSON.parse("123456789012345678901234567890"));
console.log(Object.keys(JSON.parse('{"b":1,"2":2,"a":3,"1":4}')));
for (const bad of ["", " ", "01", "1.", ".1", "+1", "tru", "[1,]", '{"a":1,}', '"\t"', '"\\x"', "[1 2]", '{"a" 1}', "1 2", '"abc', "\u00a01", "-", "1e", "{1:2}", "'a'", "[", "{", "NaN"]) {
  try { JSON.parse(bad); console.log("parsed", bad); } catch (e) { console.log(e.name); }
}

// parse with a reviver: bottom-up order, deleting with undefined, `this` is the holder.
const order = [];
JSON.parse('{"a":{"b":1},"c":[2]}', function (k, v) { order.push(k); return v; });
console.log(order);
console.log(JSON.parse('{"a":1,"b":[1,2]}', (k, v) => typeof v === "number" ? v * 2 : v));
console.log(JSON.parse('[1,{"a":[true,false,null],"k":0}]', (k, v) => k === "a" ? undefined : v));
console.log(JSON.parse("[1,2,3]", (k, v) => k === "1" ? undefined : v));
console.log(JSON.parse('{"x":{"y":1}}', function (k, v) { return k === "y" ? Object.keys(this).length : v; }));

// stringify: primitives, numbers, strings (well-formed), skipped values.
console.log(JSON.stringify(-0), JSON.stringify(NaN), JSON.stringify(Infinity), JSON.stringify(1e21), JSON.stringify(0.1), JSON.stringify(-1e-7));
console.log(JSON.stringify("\u0000\u001f\b\f\n\r\t\"\\/\u2028"), JSON.stringify("\ud83d\ude00 \udead \ud800x"));
console.log(JSON.stringify(undefined), JSON.stringify(function () {}), JSON.stringify(Symbol()), JSON.stringify(null), JSON.stringify(true));
console.log(JSON.stringify([undefined, function () {}, Symbol()]), JSON.stringify({ u: undefined, f() {}, [Symbol("s")]: 1, s: Symbol() }));
console.log(JSON.stringify(new Number(3)), JSON.stringify(new String("s")), JSON.stringify(new Boolean(false)), JSON.stringify([Object("w")]));
const nonEnum = { a: 1 };
Object.defineProperty(nonEnum, "hidden", { value: 2 });
console.log(JSON.stringify(nonEnum), JSON.stringify(Object.create({ inherited: 1 })), JSON.stringify([, 1]));

// toJSON, replacer function, replacer array, indentation.
console.log(JSON.stringify({ toJSON(k) { return "key:" + k; } }), JSON.stringify({ a: { toJSON(k) { return k + "!"; } } }));
console.log(JSON.stringify({ a: 1, b: "x", c: [1] }, (k, v) => typeof v === "number" ? v + 1 : v));
console.log(JSON.stringify({ a: 1 }, function (k, v) { return k === "" ? [this[""] === v, v] : v; }));
console.log(JSON.stringify({ a: 1, b: 2, 1: 3, c: { a: 4, d: 5 } }, ["a", "c", 1, "a", new String("b")]));
console.log(JSON.stringify([1, [2, []], {}, { x: [] }], null, "--"));
console.log(JSON.stringify({ a: [1, { b: 2 }], c: "x" }, null, 2));
console.log(JSON.stringify({ a: 1 }, null, 20), JSON.stringify([1], null, "abcdefghijklmnop"), JSON.stringify([1], null, new Number(1)));
console.log(JSON.stringify({ a: 1 }, null, 0), JSON.stringify({ a: 1 }, null, ""), JSON.stringify([], null, 2), JSON.stringify({}, null, 2));

// Errors: cycles, exceptions from toJSON; nesting (the deep cases, which end in a RangeError rather
// than a stack overflow, are unit tests in src/builtins/json.rs).
const cyclic = { a: [] };
cyclic.a.push(cyclic);
try { JSON.stringify(cyclic); } catch (e) { console.log(e.name); }
const shared = { v: 1 };
console.log(JSON.stringify([shared, shared]));
try { JSON.stringify({ toJSON() { throw new TypeError("from toJSON"); } }); } catch (e) { console.log(e.name, e.message); }
let open = "[", close = "]";
for (let i = 0; i < 9; i++) { open += open; close += close; }
let deep = JSON.parse(open + close);
let depth = 0;
while (deep.length) { deep = deep[0]; depth++; }
console.log(depth, JSON.stringify(JSON.parse(open + close)).length);
console.log(typeof JSON, Object.prototype.toString.call(JSON), JSON.parse.length, JSON.stringify.length);

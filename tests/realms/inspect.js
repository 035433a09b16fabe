// The expected output comes from node (`node host.js inspect.js > inspect.expected`): console.log of another realm's objects.
var g = $262.createRealm().global;
console.log(g.eval("[1, 2, {a: 1}]"), g.eval("new Map([[1, 2]])"), g.eval("new Error('boom').message"));
console.log(g.eval("(function f() {})"), g.eval("/x/g"), g.eval("new Set([1])"), g.eval("Symbol('s')"));
console.log(String(g.eval("new TypeError('t')")), g.eval("({ x: [1] })"));

// console.log formatting of classes, instances, Map/Set, boxed primitives, symbol keys, null prototypes.
// Expected output produced by node.
class Point { constructor(x, y) { this.x = x; this.y = y; } }
class P3 extends Point {}
console.log(new Point(1, 2), Point, P3, new Map([["a", 1], ["b", { c: 2 }]]), new Set([1, "x"]));
console.log(Object.create(null), Object(42), Object("ab"), Object(true), { [Symbol("s")]: 1, a: 2 }, new WeakMap());
console.log([new Point(3, 4)], { nested: { deeper: { deepest: { gone: 1 } } } }, [1, , 3]);

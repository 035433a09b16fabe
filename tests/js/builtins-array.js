// Array built-ins (ECMA-262 23.1): the constructor, Array.from/of/isArray and Array.prototype, on
// dense arrays, sparse arrays and array-likes. The expected output comes from node
// (`node builtins-array.js > builtins-array.expected`).

function show(v) {
  if (Array.isArray(v)) {
    const parts = [];
    for (let i = 0; i < v.length; i++) parts.push(i in v ? show(v[i]) : "<hole>");
    return "[" + parts.join(", ") + "]";
  }
  if (typeof v === "string") return '"' + v + '"';
  if (Object.is(v, -0)) return "-0";
  if (typeof v === "object" && v !== null) {
    return "{" + Object.keys(v).map((k) => k + ": " + show(v[k])).join(", ") + "}";
  }
  return String(v);
}
function log(...values) {
  console.log(values.map(show).join(" "));
}
function attempt(f) {
  try {
    log(f());
  } catch (e) {
    console.log(e.name + ": " + e.message);
  }
}

// The constructor, Array.of, Array.from, Array.isArray.
log(Array(3).length, Array(1, 2), new Array("3"), Array.of(7), Array.of(1, 2, 3), Array());
attempt(() => new Array(-1));
attempt(() => new Array(1.5));
attempt(() => Array(2 ** 32));
log(Array.isArray([]), Array.isArray({ length: 0 }), Array.isArray(Array.prototype), Array.isArray());
log(Array.from("héllo"), Array.from([1, 2, 3], (x, i) => x * 10 + i));
log(Array.from({ length: 3, 0: "a", 2: "c" }), Array.from({ length: 2 }, (_, i) => i * i));
log(Array.from({ length: -1 }), Array.from(5), Array.from([1, , 3]));
const iterable = {
  [Symbol.iterator]() {
    let i = 0;
    return {
      next: () => ({ value: i, done: i++ >= 3 }),
      return() {
        console.log("closed");
        return {};
      },
    };
  },
};
log(Array.from(iterable));
attempt(() =>
  Array.from(iterable, (x) => {
    if (x === 1) throw new Error("mapper failed");
    return x;
  })
);
attempt(() => Array.from([1], 5));
attempt(() => Array.from([1], {}));
log(Array.from([1, 2], function (x) { return x + this.add; }, { add: 100 }));
class MyArray extends Array {}
const mine = MyArray.from([1, 2, 3]);
log(mine instanceof MyArray, mine.length, MyArray.of(4, 5) instanceof MyArray, MyArray.of(4, 5).length);
log(mine.map((x) => x * 2) instanceof MyArray, mine.filter((x) => x > 1) instanceof MyArray);
log(mine.slice(1) instanceof MyArray, mine.splice(0, 1) instanceof MyArray, mine.concat([9]) instanceof MyArray);
log(mine.flat() instanceof MyArray, mine.toReversed() instanceof MyArray, mine.toSorted() instanceof MyArray);
log(Array.of.call(Object, "a", "b"), Array.from.call(undefined, [1, 2]));
const odd = [1, 2, 3];
odd.constructor = function NotAnArray() {};
log(odd.map((x) => x) instanceof Array);
odd.constructor = null;
attempt(() => odd.map((x) => x));
odd.constructor = undefined;
log(odd.filter((x) => x & 1));

// at, includes, indexOf, lastIndexOf.
const a = [1, 2, 3, NaN, 2, -0];
log(a.at(0), a.at(-1), a.at(6), a.at(-7), a.at("1"), a.at(1.7), a.at());
log(a.includes(NaN), a.indexOf(NaN), a.includes(0), a.indexOf(0), a.includes(2, 2), a.includes(2, -1));
log(a.indexOf(2), a.indexOf(2, 2), a.indexOf(2, -2), a.indexOf(2, 10), a.indexOf(2, -Infinity));
log(a.lastIndexOf(2), a.lastIndexOf(2, 3), a.lastIndexOf(2, -3), a.lastIndexOf(2, -100), a.lastIndexOf(2, undefined));
log([, undefined].includes(undefined), [,].includes(undefined), [,].indexOf(undefined), [1, , 3].includes(undefined, 1));
log([1, 2, 3].includes(3, Infinity), [1, 2, 3].includes(1, -Infinity), [1, 2].includes("1"), ["1"].indexOf(1));
const arrayLike = { length: 4, 0: "x", 2: "y", 3: "x" };
log(Array.prototype.indexOf.call(arrayLike, "y"), Array.prototype.lastIndexOf.call(arrayLike, "x"));
log(Array.prototype.includes.call(arrayLike, undefined), Array.prototype.includes.call("abc", "b"));
log(Array.prototype.indexOf.call({ length: -5, 0: 1 }, 1), Array.prototype.at.call({ length: 2.9, 1: "one" }, -1));

// join, toString, toLocaleString (a join that re-enters an array gives "" for it).
log([1, null, undefined, 2].join(), [1, [2, [3]]].join(";"), [].join(), [, ,].join("-"), Array(3).join("ab"));
const cyc = [1, 2];
cyc.push(cyc);
log(cyc.join(), String([cyc, 3]), cyc.toString());
log(Array.prototype.join.call({ length: 3, 0: "a", 2: "c" }, "+"), Array.prototype.join.call("xyz"));
log([{ toString() { return "T"; } }, 1.5, -0, true, "s"].toString(), [1, 2].join(undefined), [1, 2].join(null));
log(Array.prototype.toString.call({ join: () => "custom" }), Array.prototype.toString.call({}));
log([{ toLocaleString() { return "L"; } }, null, { toLocaleString: () => "M" }].toLocaleString());
attempt(() => [1, 2].join({ toString() { throw new Error("bad separator"); } }));
attempt(() => [{ toString() { throw new Error("bad element"); } }].join());
attempt(() => {
  const big = [];
  big.length = 2 ** 31;
  return big.join(",").length;
});
log([1, 2].join(""), [[]].join(), [[], []].join(), [null].toString());

// push, pop, shift, unshift, on arrays and array-likes.
const s = [1, 2];
log(s.push(3, 4), s);
log(s.pop(), s.shift(), s);
log(s.unshift(0, 0.5), s, s.unshift(), s.push());
log([].pop(), [].shift(), [, 1].shift(), [1, ,].pop());
const obj = { length: 2, 0: "a", 1: "b" };
log(Array.prototype.push.call(obj, "c"), obj);
log(Array.prototype.pop.call(obj), obj);
log(Array.prototype.shift.call(obj), obj);
log(Array.prototype.unshift.call(obj, "y", "z"), obj);
const noLength = {};
log(Array.prototype.pop.call(noLength), noLength, Array.prototype.push.call(noLength), noLength);
const stringLength = { length: "2", 0: "p", 1: "q" };
log(Array.prototype.shift.call(stringLength), stringLength);
attempt(() => Array.prototype.push.call({ length: 2 ** 53 - 1 }, 1));
attempt(() => {
  const full = [];
  full.length = 2 ** 32 - 1;
  return full.push(1);
});
const holey = [1, , 3];
log(holey.shift(), holey, 1 in holey, 0 in holey);
const holey2 = [1, , 3];
log(holey2.unshift(0), holey2, 2 in holey2);

// slice, splice, toSpliced, concat, copyWithin, fill.
const base = [0, 1, 2, 3, 4, 5];
log(base.slice(2), base.slice(-2), base.slice(1, -1), base.slice(4, 2), base.slice(), base.slice(-100, 100));
log(Array.prototype.slice.call({ length: 3, 1: "b" }, 0), Array.prototype.slice.call("abc", 1), [1, , 3].slice(1));
const sp = [0, 1, 2, 3, 4, 5];
log(sp.splice(1, 2), sp);
log(sp.splice(-2), sp);
log(sp.splice(1, 0, "a", "b"), sp);
log(sp.splice(), sp);
log(sp.splice(0, 1, "x", "y", "z"), sp);
log(sp.splice(2, Infinity), sp);
log(sp.splice(undefined, undefined), sp);
const holes = [1, , 3, , 5];
log(holes.splice(1, 2), holes);
log(holes.splice(1, 0, undefined, 8), holes);
const likeSplice = { length: 5, 0: "a", 1: "b", 3: "d", 4: "e" };
log(Array.prototype.splice.call(likeSplice, 1, 2, "X"), likeSplice);
log([1, 2, 3].toSpliced(1, 1, "a", "b"), [1, 2, 3].toSpliced(), [1, , 3].toSpliced(0, 0), [1, 2, 3].toSpliced(-1));
log([1, 2].concat(3, [4, [5]], "six"), [].concat.call(1, 2), [1, , 3].concat([, 5]), [].concat());
log(Array.prototype.concat.call({ length: 1, 0: "x" }, [1]));
log([1, 2, 3, 4, 5].copyWithin(0, 3), [1, 2, 3, 4, 5].copyWithin(1, 0, 3), [1, 2, 3, 4, 5].copyWithin(-2, -4, -3));
log([1, , 3].copyWithin(0, 1), [1, 2, 3, 4, 5].copyWithin(2, 0), Array.prototype.copyWithin.call({ length: 3, 0: "a", 2: "c" }, 1, 0));
log(Array(4).fill(7), [1, 2, 3, 4].fill(0, 1, -1), [1, 2].fill("x", 5), Array.prototype.fill.call({ length: 2 }, "f"));
log([1, 2, 3].fill(9, -2), [1, 2, 3].fill(9, NaN, NaN), [, ,].fill(1, 1));

// forEach, map, filter, some, every, find*, reduce*.
const nums = [5, 1, 4, , 2];
const visited = [];
nums.forEach((x, i, arr) => visited.push(i + ":" + x + ":" + (arr === nums)));
log(visited);
log(nums.map((x) => x * 2), nums.filter((x) => x > 1), nums.some((x) => x > 4), nums.every((x) => x > 0));
log([].every(() => false), [].some(() => true), [, ,].every(() => false), nums.some((x) => x === undefined));
log(nums.find((x) => x < 3), nums.findIndex((x) => x < 3), nums.findLast((x) => x > 1), nums.findLastIndex((x) => x > 1));
log(nums.find((x) => x === undefined), nums.findIndex((x) => x === undefined), nums.findLast((x) => x > 10), nums.findLastIndex((x) => x > 10));
log(nums.reduce((acc, x) => acc + x), nums.reduce((acc, x, i) => acc + i, ""), nums.reduceRight((acc, x) => acc + "," + x));
log([1].reduce((acc) => acc + 1), [].reduce((acc) => acc, "init"), [, 7, ,].reduce((acc, x) => acc + x), [, 7, ,].reduceRight((acc) => acc));
log(["a", "b", "c"].reduceRight((acc, x, i, arr) => acc + x + i + arr.length, ">"));
attempt(() => [].reduce((x, y) => x));
attempt(() => [, ,].reduceRight((x, y) => x));
attempt(() => [1].map(3));
attempt(() => [1].forEach());
attempt(() => [1].filter("abc"));
attempt(() => [1].some({}));
attempt(() => [1].every([1, 2]));
attempt(() => [1].find(null));
attempt(() => [].reduce());
const thisArg = { k: 10 };
log([1, 2].map(function (x) { return x + this.k; }, thisArg), [1].filter(function () { return this === thisArg; }, thisArg));
const grow = [1, 2, 3];
log(
  grow.map((x, i, arr) => {
    if (i === 0) {
      arr.push(99);
      delete arr[2];
    }
    return x;
  }),
  grow
);
const seenIndices = [];
Array.prototype.forEach.call({ length: 5, 1: "b", 3: "d" }, (x, i) => seenIndices.push(i + x));
log(seenIndices, Array.prototype.map.call("ab", (c) => c + c));

// flat and flatMap.
log([1, [2, [3, [4]]]].flat(), [1, [2, [3, [4]]]].flat(2), [1, [2, [3, [4]]]].flat(Infinity));
log([1, , [2, , 3]].flat(), [[1]].flat(0), [[1]].flat(-1), [[1, [2]]].flat("1"), [{ length: 1, 0: "x" }].flat());
log([1, 2, 3].flatMap((x) => [x, x * 10]), [1, 2].flatMap((x) => [[x]]), ["a b", "c"].flatMap((w) => w.split(" ")));
log([1, 2].flatMap(function (x, i, arr) { return [x + this.d, i, arr.length]; }, { d: 0.5 }));
attempt(() => [1].flatMap());
const selfRef = [1];
selfRef.push(selfRef);
attempt(() => selfRef.flat(Infinity).length);
log(selfRef.flat().length, selfRef.flat(3).length);

// reverse, sort, toReversed, toSorted, with.
log([1, 2, 3].reverse(), [1, , 3, ,].reverse(), [].reverse(), [1].reverse(), [1, 2, 3, 4].reverse());
log(Array.prototype.reverse.call({ length: 3, 0: "a", 2: "c" }), Array.prototype.reverse.call({ length: 4, 1: "b" }));
log([10, 9, 1, 100, undefined, , 2].sort(), ["b", "a", "B", "ä", "A", "aa"].sort(), [3, 1, 2].sort((x, y) => y - x));
log([true, false, null, undefined, "null", NaN, -1, -0, 0].sort());
log([3, 1, 2].sort(() => NaN), [3, 1, 2].sort(() => 0), [2, 1].sort(undefined), [, 1, , 0].sort());
const people = [];
const names = ["ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lee", "max", "ned", "oli", "pam", "quin", "ron", "sue", "tim", "uma", "vic", "wes"];
names.forEach((name, i) => people.push({ name, group: (i * 7) % 4 }));
log(people.sort((x, y) => x.group - y.group).map((p) => p.group + p.name).join(" "));
const many = [];
for (let i = 0; i < 40; i++) many.push((i * 37) % 23);
log(many.sort((x, y) => x - y).join(","));
log(many.toSorted().join(","));
attempt(() => [2, 1].sort(() => { throw new Error("comparator failed"); }));
attempt(() => [1].sort(1));
attempt(() => [1, 2].toSorted("nope"));
log(Array.prototype.sort.call({ length: 4, 0: "d", 1: undefined, 3: "a" }), Array.prototype.sort.call({ length: 0 }));
log([3, 1, 2].toSorted(), [1, , 3].toReversed(), [1, 2, 3].with(-1, "z"), [1, 2, 3].toSorted((x, y) => y - x));
log([, 1].toSorted(), Array.prototype.toReversed.call({ length: 2, 0: "a" }), Array.prototype.with.call({ length: 2 }, 0, 1));
const orig = [3, 2, 1];
orig.toSorted();
orig.toReversed();
orig.with(0, 0);
orig.toSpliced(0, 1);
log(orig);
attempt(() => [1].with(5, 0));
attempt(() => [1].with(-2, 0));

// Length, sparse arrays and huge array-likes.
const len = [1, 2, 3];
len.length = 1;
log(len, len.length, len.push(5), len);
const sparseBig = [];
sparseBig[1e6] = "end";
log(sparseBig.length, sparseBig.indexOf("end"), sparseBig.includes(undefined), sparseBig.lastIndexOf("end"), sparseBig.findLastIndex((x) => x === "end"));
log(sparseBig.filter(() => true), sparseBig.map((x) => x + "!").length, sparseBig.reduce((x, y) => x + y, "r"));
const sparseTop = [];
sparseTop[2 ** 32 - 2] = "top";
log(sparseTop.length, sparseTop.indexOf("top", 2 ** 32 - 10), sparseTop.lastIndexOf("top"), sparseTop.at(-1), sparseTop.includes("top"));
const huge = { length: 2 ** 53 - 1, 0: "first", [2 ** 53 - 2]: "last" };
log(Array.prototype.lastIndexOf.call(huge, "last"), Array.prototype.indexOf.call(huge, "last", 2 ** 53 - 10));
log(Array.prototype.at.call(huge, -1), Array.prototype.at.call(huge, 0), Array.prototype.includes.call(huge, "last", -3));
log(Array.prototype.findLast.call({ length: 2 ** 53 + 10, [2 ** 53 - 2]: "end" }, (x) => x !== undefined));
const inherited = [1, , 3];
Array.prototype[1] = "from the prototype";
log(inherited.join("-"), inherited.indexOf("from the prototype"), inherited.map((x) => x).hasOwnProperty(1));
delete Array.prototype[1];
log(inherited.join("-"));

// Function lengths and names.
log([].concat.length, [].push.length, [].slice.length, [].splice.length, [].reduce.length, Array.from.length, Array.of.length);
log([].flat.length, [].toSpliced.length, [].with.length, [].copyWithin.length, [].fill.name, Array.name, Array.length);

// Symbol.isConcatSpreadable (ECMA-262 23.1.3.2.1 IsConcatSpreadable).
{
const o = { length: 2, 0: "a", 1: "b", [Symbol.isConcatSpreadable]: true };
console.log([1].concat(o, [2]));
const arr = [3, 4];
arr[Symbol.isConcatSpreadable] = false;
console.log([1].concat(arr).length, [1].concat(arr)[1] === arr);
console.log([].concat("xy", 5, null));
}

// RegExp (ECMA-262 22.2, Annex B compile) and the String methods that use it: literals, the
// constructor, the flag accessors, exec/test/toString, Symbol.match/matchAll/replace/search/split,
// species, user `exec` methods, and the error messages. The expected output comes from node
// (`node regexp.js > regexp.expected`).

function show(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) {
    var items = v.map(show);
    for (var k of Object.keys(v)) {
      if (!/^\d+$/.test(k)) items.push(k + ": " + show(v[k]));
    }
    return "[" + items.join(", ") + "]";
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "object") {
    var proto = Object.getPrototypeOf(v) === null ? "null-proto " : "";
    return proto + "{" + Object.keys(v).map((k) => k + ": " + show(v[k])).join(", ") + "}";
  }
  return String(v);
}
function log(label, ...values) {
  console.log(label + ":", values.map(show).join(" "));
}
function attempt(label, f) {
  try {
    log(label, f());
  } catch (e) {
    console.log(label + ": " + e.name + ": " + e.message);
  }
}

// --- Literals: a new object per evaluation, console.log as the literal
console.log(/ab+c/gi, /[/]\//, /(?:)/);
var literals = [];
for (var i = 0; i < 2; i++) literals.push(/x/g);
log("fresh literal objects", literals[0] !== literals[1]);
literals[0].lastIndex = 5;
log("independent lastIndex", literals[0].lastIndex, literals[1].lastIndex);
log("typeof", typeof /a/, Object.prototype.toString.call(/a/));
log("lastIndex descriptor", Object.getOwnPropertyDescriptor(/a/, "lastIndex"));
log("own keys", Object.getOwnPropertyNames(/a/g));

// --- The constructor
var re = /a/g;
log("RegExp(re) is re", RegExp(re) === re);
log("RegExp(re, flags) is new", RegExp(re, "i") !== re, String(RegExp(re, "i")));
log("new RegExp(re) is new", new RegExp(re) !== re, String(new RegExp(re)));
log("flags override", String(new RegExp(/a/g, "iy")));
log("from strings", String(new RegExp("a+b", "m")), String(RegExp("x")));
log("undefined pattern", String(new RegExp()), String(new RegExp(undefined, "g")));
log("ToString of the pattern", String(new RegExp({ toString() { return "q+"; } })));
var regexpLike = { source: "z+", flags: "g", constructor: RegExp, [Symbol.match]: true };
log("regexp-like object", RegExp(regexpLike) === regexpLike, String(new RegExp(regexpLike)));
var notRegExp = /b/;
notRegExp[Symbol.match] = false;
log("Symbol.match false", "/b/".includes(notRegExp));
attempt("bad flags", () => new RegExp("a", "gg"));
attempt("unknown flag", () => new RegExp("a", "x"));
attempt("u and v", () => new RegExp("a", "uv"));
attempt("unterminated group", () => new RegExp("("));
attempt("unterminated group with flags", () => new RegExp("(", "g"));
attempt("nothing to repeat", () => new RegExp("*"));
attempt("bad unicode escape", () => new RegExp("\\u{110000}", "u"));
attempt("lone quantifier brackets with u", () => new RegExp("}", "u"));
log("Annex B without u", /\101/.exec("A")[0], /a{/.test("a{"), /]/.test("]"), /\8/.test("8"));
log("RegExp.length", RegExp.length, RegExp.name, RegExp[Symbol.species] === RegExp);
class MyRegExp extends RegExp {
  exec(s) {
    log("MyRegExp exec", s);
    return super.exec(s);
  }
}
var mine = new MyRegExp("b", "g");
log("subclass", mine instanceof MyRegExp, mine instanceof RegExp, String(mine));
log("subclass replace", "abcb".replace(mine, "."));

// --- Flags and source
log("flags", /x/dgimsuy.flags, /x/v.flags, /x/.flags);
var all = /x/dgimsy;
log(
  "flag accessors",
  all.hasIndices,
  all.global,
  all.ignoreCase,
  all.multiline,
  all.dotAll,
  all.unicode,
  all.unicodeSets,
  all.sticky,
);
log("on RegExp.prototype", RegExp.prototype.source, RegExp.prototype.global, RegExp.prototype.flags);
log("RegExp.prototype is no RegExp", String(RegExp.prototype), Object.prototype.toString.call(RegExp.prototype));
var flagsGetter = Object.getOwnPropertyDescriptor(RegExp.prototype, "flags").get;
log("generic flags", flagsGetter.call({ global: 1, sticky: "y", hasIndices: 0, unicodeSets: true }));
attempt("flags on a primitive", () => flagsGetter.call(1));
attempt("global on a plain object", () =>
  Object.getOwnPropertyDescriptor(RegExp.prototype, "global").get.call({}),
);
attempt("source on a plain object", () =>
  Object.getOwnPropertyDescriptor(RegExp.prototype, "source").get.call({}),
);
log(
  "EscapeRegExpPattern",
  new RegExp("/").source,
  new RegExp("\\/").source,
  new RegExp("[/]").source,
  new RegExp("a\nb\rc").source,
  new RegExp("\u2028\u2029").source,
  new RegExp("").source,
);
log("toString", String(new RegExp("a/b", "g")), RegExp.prototype.toString.call({ source: "s", flags: "f" }));
attempt("toString on a primitive", () => RegExp.prototype.toString.call(1));

// --- exec and test
var g = /(\d+)-(?<word>[a-z]+)/g;
log("exec 1", g.exec("12-ab 34-cd"), g.lastIndex);
log("exec 2", g.exec("12-ab 34-cd"), g.lastIndex);
log("exec 3", g.exec("12-ab 34-cd"), g.lastIndex);
console.log(/(a)(?<n>b)?/.exec("xa"));
log("no groups", /(a)/.exec("a").groups);
var withIndices = /(?<x>a)(b)?/d.exec("za");
log("indices", withIndices.indices, withIndices.indices.groups);
var nonGlobal = /a/;
nonGlobal.lastIndex = 2;
log("non-global ignores lastIndex", nonGlobal.exec("aaa").index, nonGlobal.lastIndex);
var past = /a/g;
past.lastIndex = 10;
log("lastIndex past the end", past.exec("aaa"), past.lastIndex);
var sticky = /b/y;
log("sticky at 0", sticky.exec("abc"), sticky.lastIndex);
sticky.lastIndex = 1;
log("sticky at 1", sticky.exec("abc"), sticky.lastIndex);
log("sticky test", /a/y.test("ba"), /a/y.test("ab"));
log("sticky backreference", /(a)\1/y.exec("aa"));
log("unicode", /^.$/u.test("😀"), /^.$/.test("😀"), /\u{1F600}/u.test("😀"));
var u = /./gu;
u.lastIndex = 1;
log("lastIndex inside a surrogate pair", u.exec("😀").index, u.lastIndex);
log("lookbehind", "$10 €20 $30".match(/(?<=\$)\d+/g), "a1 b2".match(/(?<!a)\d/g));
log("dotAll and multiline", /a.b/s.test("a\nb"), /a.b/.test("a\nb"), "a\nb".match(/^b/m)[0]);
log("v flag", /[\p{L}--[a-z]]/v.test("A"), /[\p{L}--[a-z]]/v.test("a"), /^[\q{abc|d}]$/v.test("abc"));
log("property escapes", /\p{Script=Greek}/u.test("α"), /\P{L}/u.test("1"));
log("case-insensitive", /ABC/i.test("abc"), /\u212a/iu.test("k"), /[a-z]+/i.exec("xYz")[0]);
log("back references", /(?<a>.)\k<a>/.exec("xyy")[0], /(a)|\1b/.exec("b")[0]);
log("test coerces", /undefined/.test(), /null/.test(null), /1/.test(1));
attempt("exec on a plain object", () => RegExp.prototype.exec.call({}, "a"));
attempt("compile on a plain object", () => RegExp.prototype.compile.call({}, "a"));
var frozen = Object.freeze(/a/g);
attempt("frozen global RegExp", () => frozen.exec("a"));
log("frozen non-global RegExp", Object.freeze(/a/).exec("a")[0]);

// --- A user exec
var userExec = /a/;
userExec.exec = function (s) {
  log("user exec called with", s);
  return { 0: "zz", length: 1, index: 1 };
};
log("test with user exec", userExec.test("q"));
log("replace with user exec", "xayy".replace(userExec, "[$&]"));
var bad = /a/;
bad.exec = () => 1;
attempt("exec returning a number", () => bad.test("a"));
var counted = /a/g;
var calls = 0;
counted.exec = () => (calls++ < 2 ? { 0: "q", index: 0 } : null);
log("match with user exec", "abc".match(counted), calls);

// --- compile (Annex B)
var c = /a/g;
c.lastIndex = 3;
var same = c.compile("b+", "i");
log("compile", same === c, String(c), c.lastIndex);
c.compile(/c/m);
log("compile from a RegExp", String(c));
attempt("compile from a RegExp with flags", () => c.compile(/c/m, "g"));
attempt("compile a bad pattern", () => c.compile("["));
log("compile leaves it usable", String(c), c.test("C"));

// --- Symbol.match and String.prototype.match
log("match global", "a1b22c333".match(/\d+/g));
log("match non-global", "abc".match(/b/));
log("match none", "abc".match(/x/g), "abc".match(/x/));
log("match a string", "a.c".match("."));
attempt("match an invalid pattern string", () => "a+c".match("+c"));
log("match empty matches", "abc".match(/(?:)/g), "😀".match(/(?:)/gu));
log("match sticky global", "aaba".match(/a/gy));
log("match via the symbol", RegExp.prototype[Symbol.match].call(/b/g, "abcb"));
attempt("Symbol.match on a primitive", () => RegExp.prototype[Symbol.match].call(1, "a"));
var custom = { [Symbol.match]: (s) => "custom " + s };
log("custom matcher", "str".match(custom));

// --- Symbol.matchAll and String.prototype.matchAll
var iterator = "a1b2".matchAll(/\d/g);
log("matchAll tag", Object.prototype.toString.call(iterator));
log("matchAll", [...iterator].map((m) => m[0] + "@" + m.index));
log("matchAll after the end", iterator.next());
log("matchAll empty matches", [..."ab".matchAll(/(?:)/g)].map((m) => m.index));
log("matchAll a string", [..."a.c.".matchAll(".")].length);
attempt("matchAll non-global", () => "aXbX".matchAll(/x/i));
var matchAllRe = /./g;
matchAllRe.lastIndex = 1;
log("matchAll starts at lastIndex", [..."abc".matchAll(matchAllRe)].map((m) => m[0]), matchAllRe.lastIndex);
attempt("next on a wrong receiver", () => iterator.next.call({}));

// --- Symbol.replace, String.prototype.replace and replaceAll
log("replace global", "a1b22c333".replace(/(\d)+/g, "[$1|$&]"));
log("replace function", "a1b22c333".replace(/\d+/g, (m) => m.length));
log("replace function arguments", "xay".replace(/(?<n>a)(b)?/, (...args) => show(args)));
log("replace $ patterns", "abc".replace(/(b)/, "$01|$10|$2|$00|$<x>|$$|$`|$'|$"));
log("replace $<name>", "xy".replace(/(?<n>x)/, "[$<n>][$<m>][$<n]"));
log("replace $11", "abcdefghijk".replace(/(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)/, "$11-$111-$12"));
log("replace empty matches", "aaa".replace(/a*?/g, "-"), "😀😀".replace(/(?:)/gu, "-"));
log("replace sticky", "aaba".replace(/a/gy, "x"));
log("replace a string", "a.b.c".replace(".", "!"), "a.b.c".replaceAll(".", "!"));
log("replaceAll", "aXbX".replaceAll(/x/gi, "-"));
attempt("replaceAll non-global", () => "aXbX".replaceAll(/x/i, "-"));
var replaceLastIndex = /a/g;
replaceLastIndex.lastIndex = 2;
"aaa".replace(replaceLastIndex, "b");
log("replace resets lastIndex", replaceLastIndex.lastIndex);
// (V8 names the receiver "undefined" here, so only the error's type is shown.)
try {
  RegExp.prototype[Symbol.replace].call(1, "a", "b");
} catch (e) {
  log("Symbol.replace on a primitive", e.name);
}

// --- Symbol.search and String.prototype.search
var searched = /c/g;
searched.lastIndex = 2;
log("search", "abc".search(/c/), "abc".search(/x/), "a.c".search("."));
log("search keeps lastIndex", "abcabc".search(searched), searched.lastIndex);

// --- Symbol.split and String.prototype.split
log("split", "a,b;c".split(/[,;]/), "abc".split(/(b)/), "a1b2c3".split(/\d/, 2));
log("split undefined capture", "ab".split(/(x)?b/));
log("split empty string", "".split(/a/), "".split(/(?:)/));
log("split unicode", "😀x".split(/(?:)/u).length, "😀x".split(/(?:)/).length);
log("split sticky separator", "a,b,,c".split(/,/y));
log("split limit 0", "abc".split(/b/, 0));
class Tracked extends RegExp {
  static get [Symbol.species]() {
    log("species read");
    return RegExp;
  }
}
log("split species", "a-b".split(new Tracked("-")));

// --- includes, startsWith, endsWith reject RegExps
attempt("includes", () => "a".includes(/a/));
attempt("startsWith", () => "a".startsWith(/a/));
attempt("endsWith", () => "a".endsWith(/a/));

// --- Legacy static properties (RegExp.$1 and friends)
/(a)(b)?c/.exec("xxabcyy");
log(
  "legacy statics",
  RegExp.$1,
  RegExp.$2,
  RegExp.$9,
  RegExp.input,
  RegExp.$_,
  RegExp.lastMatch,
  RegExp["$&"],
  RegExp.lastParen,
  RegExp["$+"],
  RegExp.leftContext,
  RegExp["$`"],
  RegExp.rightContext,
  RegExp["$'"],
);
RegExp.input = 5;
log("assigned input", typeof RegExp.input, RegExp.$_, RegExp.$1);
"zzz".replace(/z(z)/g, "");
log("after replace", RegExp.$1, RegExp.lastMatch, RegExp.leftContext);
/(x)/.test("nothing");
log("a failed match keeps them", RegExp.$1);
"abc".split(/(b)/);
log("after split", RegExp.$1, RegExp.input);
log("descriptor", typeof Object.getOwnPropertyDescriptor(RegExp, "$1").get, Object.getOwnPropertyDescriptor(RegExp, "$1").enumerable);

// String built-ins (ECMA-262 22.1 and Annex B.2.2): the constructor, String.fromCharCode/
// fromCodePoint/raw and String.prototype, with string patterns only. The expected output comes from
// node (`node builtins-string.js > builtins-string.expected`).

function show(v) {
  if (Array.isArray(v)) return "[" + v.map(show).join(", ") + "]";
  if (typeof v === "string") return '"' + v + '"';
  if (Object.is(v, -0)) return "-0";
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

// The constructor and the static methods.
log(String(12), String(null), String(Symbol("d")), String([1, [2]]), String(), String(-0), String({}));
log(new String("ab").length, typeof new String("x"), new String("boxed").toString(), new String("v").valueOf());
attempt(() => new String(Symbol("x")));
attempt(() => "" + Symbol("y"));
log(String.fromCharCode(72, 105, 65.9, 0x10041, -65471), String.fromCharCode(), String.fromCharCode("66"));
log(String.fromCodePoint(0x1f600, 97).length, String.fromCodePoint(97, 98.0, "99"), String.fromCodePoint(0xd800).length);
attempt(() => String.fromCodePoint(-1));
attempt(() => String.fromCodePoint(1.5));
attempt(() => String.fromCodePoint(0x110000));
attempt(() => String.fromCodePoint("x"));
attempt(() => String.fromCodePoint(Infinity));
log(String.raw({ raw: ["a", "b", "c"] }, 1, 2, 3), String.raw({ raw: "xyz" }, "-", "+"), String.raw({ raw: [] }));
log(String.raw({ raw: { length: 2, 0: "p", 1: "q" } }, "!"), String.raw({ raw: ["only"] }, "unused"), String.raw({ raw: { length: -1 } }));
attempt(() => String.raw());

// at, charAt, charCodeAt, codePointAt.
const e = "a😀b";
log(e.length, e.at(-1), e.at(1) === "\ud83d", e.at(4), e.charAt(0), e.charAt(9), e.charAt(-1), e.charAt());
log(e.charCodeAt(1), e.charCodeAt(9), e.charCodeAt(), e.codePointAt(1), e.codePointAt(2), e.codePointAt(9), e.codePointAt(3));
log("abc".at(-4), "abc".at("1"), "abc".at(NaN), "abc".charAt(1.9), "\ud800x".codePointAt(0), "é".charCodeAt(0));

// Searching.
log("hello".indexOf("l"), "hello".indexOf("l", 3), "hello".indexOf(""), "hello".indexOf("", 10), "hello".indexOf("lo", -5));
log("hello".lastIndexOf("l"), "hello".lastIndexOf("l", 2), "hello".lastIndexOf(""), "hello".lastIndexOf("h", -5), "hello".lastIndexOf("x"));
log("hello".lastIndexOf("l", NaN), "hello".lastIndexOf("", 2), "hello".lastIndexOf("hello!"), "aaa".lastIndexOf("aa"));
log("abc".includes("b"), "abc".includes("b", 2), "abc".includes(""), "abc".includes("abcd"), "undefined".includes());
log("abc".startsWith("ab"), "abc".startsWith("b", 1), "abc".startsWith("", 9), "abc".startsWith("abc", -1), "abc".startsWith("c", 5));
log("abc".endsWith("bc"), "abc".endsWith("a", 1), "abc".endsWith("", -3), "abc".endsWith("abc", 10), "abc".endsWith("b", 2));
log("€uro".indexOf("uro"), "café ☕".indexOf("☕"), "latin".indexOf("☕"), "ĀĀb".indexOf("b"), "xyz".indexOf("Ā"));

// Slicing.
log("abcdef".slice(2), "abcdef".slice(-2), "abcdef".slice(1, -1), "abcdef".slice(4, 2), "abcdef".slice(-100, 100));
log("abcdef".substring(4, 2), "abcdef".substring(-1, 2), "abcdef".substring(NaN, Infinity), "abcdef".substring(3));
log("abcdef".substr(-3, 2), "abcdef".substr(2), "abcdef".substr(1, -1), "abcdef".substr(-100, 2), "abcdef".substr(4, 100));

// split.
log("a,b,,c".split(","), "a,b,c".split(",", 2), "abc".split(""), "abc".split("", 2), "".split(","), "".split(""));
log("abc".split(), "abc".split(undefined, 0), "a::b::c".split("::"), "test".split("test"), "😀x".split("").length);
log("a1b1c".split(1), "a,b".split(",", -1), "a,b".split(",", 2 ** 32 + 1), "nullxnull".split(null), "abc".split("abcd"));

// replace and replaceAll with string patterns.
log("x-y-x".replace("x", "z"), "x-y-x".replaceAll("x", "z"), "abc".replace("z", "q"), "aaa".replaceAll("aa", "b"));
log("abc".replace("b", "[$&|$`|$'|$$|$1|$<n>|$]"), "abc".replaceAll("b", "$'$`"), "abc".replace("c", "$"));
log("abc".replaceAll("", "-"), "abc".replace("", "^"), "".replace("", "e"), "".replaceAll("", "e"));
log("a1b1".replace("1", (m, pos, str) => "<" + m + pos + str + ">"), "a1b1".replaceAll("1", (m, p) => p));
log("n".replace(undefined, "x"), "undefined".replace(undefined, "x"), "null null".replaceAll(null, 0), "5".replace(5, { toString: () => "five" }));
attempt(() => String.prototype.replace.call(null, "a", "b"));
attempt(() => "abc".replace("b", () => { throw new Error("replacer failed"); }));

// Padding, repeat, trimming.
log("5".padStart(3, "0"), "abc".padEnd(6, "12"), "abc".padStart(2), "abc".padEnd(5), "x".padStart(4, ""), "x".padEnd(3, undefined));
log("x".padStart(5, "ab"), "x".padEnd(-1, "y"), "x".padStart(3, null), "ab".padEnd(NaN));
log("ab".repeat(3), "".repeat(100), "x".repeat(0), "x".repeat(2.9), "ab".repeat("2"));
attempt(() => "x".repeat(-1));
attempt(() => "x".repeat(Infinity));
attempt(() => "x".repeat(2 ** 30 + 1));
attempt(() => "abc".repeat(2 ** 29));
attempt(() => "".repeat(-1.5));
attempt(() => "a".padStart(2 ** 31));
attempt(() => "ab".padEnd(2 ** 30 + 1, "c"));
log("[" + " \t\n x \u00a0\ufeff".trim() + "]", "[" + "  x  ".trimStart() + "]", "[" + "  x  ".trimEnd() + "]");
log("[" + "\u2028\u3000 y \u200a".trim() + "]", "[" + "   ".trim() + "]", "[" + "\u200bz".trim() + "]");
log(String.prototype.trimLeft === String.prototype.trimStart, String.prototype.trimRight === String.prototype.trimEnd);
log(String.prototype.trimRight.name, String.prototype.trimLeft.name);

// Case mapping (full Unicode mappings, final sigma, lone surrogates kept).
log("Hello Wörld".toUpperCase(), "ÀÉÎ ΑΣ".toLowerCase(), "ΟΔΟΣ ΟΔΟΣ".toLowerCase(), "ß".toUpperCase(), "ǅ".toLowerCase());
log("İ".toLowerCase().length, "ﬃ".toUpperCase(), "abc".toLocaleUpperCase(), "ÿ".toUpperCase(), "µ".toUpperCase());
log("a\ud800b".toUpperCase() === "A\ud800B", "𐐨".toUpperCase() === "𐐀", "ABC".toLowerCase(), "".toUpperCase());

// concat, localeCompare, well-formedness.
log("a".concat(1, null, [2, 3]), "".concat(), "x".concat("y", "z"));
log("a".localeCompare("b"), "b".localeCompare("a"), "a".localeCompare("a"), "a".localeCompare("ab"), "".localeCompare(""));
log("ab\ud800".isWellFormed(), "ab😀".isWellFormed(), "\udc00".isWellFormed(), "".isWellFormed());
log("ab\ud800c".toWellFormed() === "ab\ufffdc", "\udc00\ud800".toWellFormed().charCodeAt(1), "ok😀".toWellFormed());

// `this` coercion and errors.
log(String.prototype.at.call(12345, -1), String.prototype.slice.call(true, 1), String.prototype.toUpperCase.call({ toString() { return "obj"; } }));
log(String.prototype.indexOf.call(1234, 3), String.prototype.split.call(12321, 2), String.prototype.padStart.call(7, 3, 0));
attempt(() => String.prototype.trim.call(null));
attempt(() => String.prototype.at.call(undefined));
attempt(() => String.prototype.split.call(undefined, ","));
attempt(() => String.prototype.toString.call(1));
attempt(() => String.prototype.valueOf.call({}));
attempt(() => "abc".indexOf({ toString() { throw new Error("bad search"); } }));

// Annex B HTML methods.
log("t".anchor('x"y'), "t".bold(), "t".link("u"), "t".fontsize(3), "t".sub(), "t".fontcolor());
log("t".big(), "t".blink(), "t".fixed(), "t".italics(), "t".small(), "t".strike(), "t".sup());

// Strings are iterable and index like arrays.
log([..."a😀"].length, Array.from("xyz").join("|"), "str"[1], "str"[3], "str".length);

// Function lengths and names.
log("".padStart.length, "".replace.length, String.fromCharCode.length, "".concat.length, "".slice.length, "".at.length);
log("".substr.length, "".split.length, "".localeCompare.length, "".trim.name, String.name);

// The expected output comes from node 20 (`node string-normalize.js > string-normalize.expected`).
// String.prototype.normalize and localeCompare's canonical equivalence (ECMA-262 22.1.3.12, 22.1.3.15).
const s = "\u1E9B\u0323";
for (const f of ["NFC", "NFD", "NFKC", "NFKD"]) {
  console.log(f, [...s.normalize(f)].map(c => c.codePointAt(0).toString(16)).join(" "));
}
console.log("default", "o\u0308".normalize() === "\u00F6", "\u00F6".normalize("NFD").length);
console.log("lone surrogates", JSON.stringify("a\uD800o\u0308\uDC00".normalize()));
try { "x".normalize("nfc"); } catch (e) { console.log(e.name, e.message); }
console.log("coerced form", "\u00F6".normalize({ toString() { return "NFD"; } }).length);
console.log("localeCompare", "o\u0308".localeCompare("\u00F6"), "a".localeCompare("b"), "b".localeCompare("a"), "a".localeCompare("a"));
console.log("hangul", "\u1100\u1161".normalize("NFC").codePointAt(0).toString(16), "\uAC00".normalize("NFD").length);
console.log(String.prototype.normalize.length, String.prototype.normalize.name);

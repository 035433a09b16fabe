// Number, Boolean, Math and the global functions (ECMA-262 19.2, 20.3, 21.1, 21.3, B.2.1).
// The expected output comes from node 20 (`node builtins-number-math.js > builtins-number-math.expected`).
// Math.f16round is newer than node 20: when it is missing, the fallback below (written from the spec)
// stands in for it so that node can produce the expectation; kestrel always uses its own.
if (typeof Math.f16round !== "function") {
  Math.f16round = function (x) {
    x = Number(x);
    if (x !== x || x === 0 || x === Infinity || x === -Infinity) return x;
    const a = Math.abs(x);
    if (a >= 65520) return x < 0 ? -Infinity : Infinity;
    let e = Math.floor(Math.log2(a));
    if (Math.pow(2, e) > a) e--;
    if (Math.pow(2, e + 1) <= a) e++;
    if (e < -14) e = -14;
    const ulp = Math.pow(2, e - 10);
    const q = a / ulp;
    let r = Math.floor(q);
    const f = q - r;
    if (f > 0.5 || (f === 0.5 && r % 2 === 1)) r++;
    const result = Math.min(r * ulp, 65504);
    return x < 0 ? -result : result;
  };
}

function show(v) {
  if (typeof v === "number" && v === 0 && 1 / v < 0) return "-0";
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}
function line(label, ...values) {
  console.log(label + ": " + values.map(show).join(" "));
}
function error(f) {
  try {
    return "no error: " + show(f());
  } catch (e) {
    return e.name + ": " + e.message;
  }
}

// --- Number constants and predicates
line("constants", Number.EPSILON === Math.pow(2, -52), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER);
line("limits", Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
line("isFinite", Number.isFinite(1), Number.isFinite("1"), Number.isFinite(Infinity), Number.isFinite(NaN));
line("isInteger", Number.isInteger(5), Number.isInteger(5.5), Number.isInteger(-0), Number.isInteger("5"), Number.isInteger(Infinity), Number.isInteger(1e300));
line("isNaN", Number.isNaN(NaN), Number.isNaN("NaN"), Number.isNaN(undefined), isNaN("NaN"), isNaN("12"));
line("isSafeInteger", Number.isSafeInteger(2 ** 53 - 1), Number.isSafeInteger(2 ** 53), Number.isSafeInteger(-(2 ** 53 - 1)), Number.isSafeInteger(3.1));
line("same parse functions", Number.parseInt === parseInt, Number.parseFloat === parseFloat);
line("parseInt", parseInt("  42px"), parseInt("-0x1F"), parseInt("z", 36), parseInt("12", 1), parseInt(""), parseInt("0b11"), parseInt("123", 4.9));
line("parseFloat", parseFloat("3.14abc"), parseFloat("  -.5e3x"), parseFloat("Infinityx"), parseFloat("e5"), parseFloat("-0"));
line("global isFinite", isFinite("12"), isFinite("x"), isFinite(null), isFinite(undefined));
line("Number()", Number(), Number(" 12 "), Number("0x10"), Number("1e3"), Number(null), Number([5]), Number(true));
line("new Number", typeof new Number(5), new Number(5) + 1, new Number(-0).valueOf());

// --- Number.prototype
line("toString radix", (255).toString(16), (255).toString(2), (-255.5).toString(16), (0.5).toString(3).slice(0, 12), (35).toString(36), (10).toString(2.9));
line("toString", (1e21).toString(), (1e-7).toString(), (123.456).toString(), (-0).toString(), NaN.toString());
line("toFixed", (1.005).toFixed(2), (1.45).toFixed(1), (0).toFixed(2), (-1.5).toFixed(0), (1e21).toFixed(2), (123.456).toFixed(), (0.000001).toFixed(7), (-0).toFixed(1));
line("toFixed large", (2 ** 60).toFixed(3), (0.1).toFixed(20));
line("toExponential", (123456).toExponential(2), (0).toExponential(), (1.5).toExponential(0), (-0.00015).toExponential(1), (123).toExponential(), NaN.toExponential(200));
line("toPrecision", (123.456).toPrecision(4), (0.000123).toPrecision(2), (123456).toPrecision(2), (1.5).toPrecision(1), (99.99).toPrecision(3), (5).toPrecision(), Infinity.toPrecision(500));
line("toLocaleString", (42).toLocaleString(), (-7).toLocaleString());
line("valueOf", (5).valueOf(), new Number(7).valueOf(), Number.prototype.valueOf.call(8));
console.log(error(() => (1).toFixed(101)));
console.log(error(() => (1).toFixed(-1)));
console.log(error(() => (1).toFixed(Infinity)));
console.log(error(() => (1).toPrecision(0)));
console.log(error(() => (1).toPrecision(101)));
console.log(error(() => (1).toExponential(-1)));
console.log(error(() => (1).toString(1)));
console.log(error(() => (1).toString(37)));
console.log(error(() => Number.prototype.toFixed.call("1", 2)));
console.log(error(() => Number.prototype.toString.call({})));
console.log(error(() => Number.prototype.valueOf.call(true)));
console.log(error(() => NaN.toFixed(1000)));

// --- Boolean
line("Boolean", Boolean(""), Boolean("x"), Boolean(0), Boolean({}), typeof new Boolean(false));
line("Boolean.prototype", true.toString(), false.valueOf(), new Boolean(true).toString(), Boolean.prototype.valueOf.call(new Boolean(false)));
console.log(error(() => Boolean.prototype.toString.call(1)));
console.log(error(() => Boolean.prototype.valueOf.call("true")));

// --- Math: constants and tag
line("Math constants", Math.E, Math.LN10, Math.LN2, Math.LOG10E, Math.LOG2E, Math.PI, Math.SQRT1_2, Math.SQRT2);
line("Math tag", Object.prototype.toString.call(Math), Math[Symbol.toStringTag]);
line("lengths", Math.max.length, Math.hypot.length, Math.atan2.length, Math.random.length, Math.abs.length, Math.imul.length);

// --- Math: exact results and special values
line("abs", Math.abs(-2), Math.abs(-0), Math.abs("-3"), Math.abs(null), Math.abs(), Math.abs(-Infinity));
line("ceil", Math.ceil(1.1), Math.ceil(-0.5), Math.ceil(-1.5), Math.ceil(-0));
line("floor", Math.floor(1.9), Math.floor(-0.5), Math.floor(0.5), Math.floor(-0));
line("trunc", Math.trunc(-0.9), Math.trunc(4.7), Math.trunc(-Infinity), Math.trunc(NaN));
line("round", Math.round(0.5), Math.round(-0.5), Math.round(2.5), Math.round(-2.5), Math.round(-0.2), Math.round(0.49999999999999994), Math.round(4503599627370495.5), Math.round(-4503599627370495.5), Math.round(-0));
line("sign", Math.sign(-3), Math.sign(0), Math.sign(-0), Math.sign(NaN), Math.sign("7"));
line("sqrt", Math.sqrt(16), Math.sqrt(-1), Math.sqrt(-0), Math.sqrt(Infinity));
line("cbrt", Math.cbrt(27), Math.cbrt(-8), Math.cbrt(-0), Math.cbrt(-Infinity));
line("pow", Math.pow(2, 10), Math.pow(2, -1), Math.pow(1, Infinity), Math.pow(-1, -Infinity), Math.pow(NaN, 0), Math.pow(0, -1), Math.pow(-0, -1), Math.pow(-0, -2), Math.pow(-8, 1 / 3), Math.pow(4, 0.5));
line("exp/log", Math.exp(0), Math.exp(-Infinity), Math.log(1), Math.log(0), Math.log(-1), Math.log2(8), Math.log2(1024), Math.log10(1000), Math.log10(0.001));
line("expm1/log1p", Math.expm1(0), Math.expm1(-0), Math.expm1(-Infinity), Math.log1p(0), Math.log1p(-0), Math.log1p(-1), Math.log1p(-2));
line("trig zeros", Math.sin(-0), Math.tan(-0), Math.asin(-0), Math.atan(-0), Math.cos(0), Math.acos(1), Math.sin(Infinity), Math.asin(2));
line("hyperbolic", Math.sinh(-0), Math.cosh(0), Math.tanh(-0), Math.tanh(Infinity), Math.tanh(-Infinity), Math.asinh(-0), Math.asinh(-Infinity), Math.acosh(1), Math.acosh(0.5), Math.atanh(-0), Math.atanh(1), Math.atanh(-1), Math.atanh(2));
line("atan2", Math.atan2(0, -0) === Math.PI, Math.atan2(-0, -0) === -Math.PI, Math.atan2(-0, 0), Math.atan2(1, 0) === Math.PI / 2, Math.atan2(Infinity, Infinity) === Math.PI / 4, Math.atan2(NaN, 1));
line("hypot", Math.hypot(3, 4), Math.hypot(), Math.hypot(-0), Math.hypot(NaN, Infinity), Math.hypot(-Infinity, NaN), Math.hypot(NaN, 1), Math.hypot(5, 12, 84), Math.hypot(1e200, 1e200) > 1e200, Math.hypot(1e-200, 1e-200) > 0);
line("max/min", Math.max(), Math.min(), Math.max(1, "3", 2), Math.min(4, -1, 0), Math.max(-0, 0), Math.max(0, -0), Math.min(0, -0), Math.min(-0, 0), Math.max(1, NaN, 3), Math.min(NaN, 1));
line("clz32", Math.clz32(0), Math.clz32(1), Math.clz32(-1), Math.clz32(0.5), Math.clz32(2 ** 32), Math.clz32(NaN), Math.clz32(0x80000000));
line("imul", Math.imul(3, 4), Math.imul(-5, 12), Math.imul(0xffffffff, 5), Math.imul(0x7fffffff, 2), Math.imul(2 ** 32 + 3, 2));
line("fround", Math.fround(5.5), Math.fround(5.05), Math.fround(2 ** 128), Math.fround(-0), Math.fround(NaN), Math.fround(1e-46), Math.fround(-1e-46));
line("f16round", Math.f16round(1.337), Math.f16round(65504), Math.f16round(65519.99), Math.f16round(65520), Math.f16round(-65520), Math.f16round(5.960464477539063e-8), Math.f16round(2.9802322387695312e-8), Math.f16round(-1e-10), Math.f16round(1.00048828125), Math.f16round(1.0014648437500002), Math.f16round(NaN));

// Transcendental values are implementation-approximated: compare them rounded.
const r = (x) => Number(x.toPrecision(12));
line("approx trig", r(Math.sin(1)), r(Math.cos(1)), r(Math.tan(1)), r(Math.asin(0.5)), r(Math.acos(0.5)), r(Math.atan(1)), r(Math.atan2(1, 2)));
line("approx exp", r(Math.exp(1)), r(Math.expm1(1e-10) * 1e10), r(Math.log1p(1e-10) * 1e10), r(Math.log(10)), r(Math.cbrt(2)));
line("approx hyperbolic", r(Math.sinh(1)), r(Math.cosh(1)), r(Math.tanh(0.5)), r(Math.asinh(1)), r(Math.acosh(2)), r(Math.atanh(0.5)));

// Conversions happen in order, before any computation.
const order = [];
const tracked = (name, value) => ({ valueOf() { order.push(name); return value; } });
Math.max(tracked("a", 1), tracked("b", NaN), tracked("c", 3));
Math.hypot(tracked("x", Infinity), tracked("y", NaN));
Math.atan2(tracked("p", 1), tracked("q", 1));
line("conversion order", order.join(","));

// Math.random: in [0, 1), not constant.
let inRange = true;
const seen = new Set();
for (let i = 0; i < 200; i++) {
  const x = Math.random();
  if (!(x >= 0 && x < 1)) inRange = false;
  seen.add(x);
}
line("random", inRange, seen.size > 190);

// --- URI functions
line("encodeURIComponent", encodeURIComponent("a b&c=d/e?f#g"), encodeURIComponent("é€😀"), encodeURIComponent("-_.!~*'()"));
line("encodeURI", encodeURI("http://x.org/a b?q=1&r=é#frag"), encodeURI(";/?:@&=+$,#"), encodeURI("[]"));
line("decodeURIComponent", decodeURIComponent("a%20b%26c"), decodeURIComponent("%E2%82%AC%F0%9F%98%80"), decodeURIComponent("%c3%a9"));
line("decodeURI", decodeURI("%41%2F%3f%23%E2%82%AC"), decodeURI("a%25b"), decodeURI("%7e"));
line("round trip", decodeURIComponent(encodeURIComponent("\u0000\u007f\u0080\u07ff\u0800\uffff\ud800\udc00")) === "\u0000\u007f\u0080\u07ff\u0800\uffff\ud800\udc00");
for (const bad of ["%", "%4", "%zz", "%C3", "%C3%", "%C3%41", "%80", "%FF%80", "%C0%80", "%ED%A0%80", "%F4%90%80%80", "%F8%80%80%80%80"]) {
  console.log(JSON.stringify(bad), error(() => decodeURIComponent(bad)));
}
console.log(error(() => encodeURIComponent("\ud800")));
console.log(error(() => encodeURI("a\udc00b")));
console.log(error(() => encodeURIComponent("\ud800\ud800")));
line("encode pair", encodeURIComponent("\ud83d\ude00"));

// --- escape / unescape (Annex B)
line("escape", escape("abc ABC 123 @*_+-./"), escape("é\u0100€\n"), escape("😀"));
line("unescape", unescape("%41%u0042%u20ac%"), unescape("%u12"), unescape("%zz%4"), unescape("%u00e9x"), unescape("%U0041"));
line("escape round trip", unescape(escape("a\u1234b\u00ffc\ud800")) === "a\u1234b\u00ffc\ud800");

// Number → String at the edges of the integer fast paths (int32 and integers below 2^53).
console.log(String(-0), String(-5), String(2147483647), String(-2147483648), String(2 ** 53 - 1),
    String(2 ** 53), String(1e21), String(123456789012), String(-1e15), "" + (-7), 5 + "x",
    String(0.5), String(-(2 ** 31) - 1), String(-1e-7), [1, -2, 3.5].join());

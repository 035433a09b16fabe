// Operators with their coercions (ECMA-262 13): results checked against node.
console.log(1 + "2", "3" * "4", 10 / 4, 7 % 3, -7 % 3, 2 ** 10, 2 ** -1);
console.log(1 / 0, -1 / 0, 0 / 0, -0 === 0, Object.is(-0, 0), Object.is(NaN, NaN));
console.log("5" == 5, null == undefined, null == 0, "" == 0, "0" == false, NaN == NaN);
console.log("5" === 5, [] + [], [] + {}, 1 + null, 1 + undefined, true + true);
console.log(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 31, -16 >> 2, -16 >>> 28);
console.log("abc" < "abd", "10" < "9", 10 < 9, "10" < 9, null >= 0, undefined > 0);
console.log(typeof null, typeof [], typeof "s", typeof 1, typeof true, typeof undefined, typeof function () {});
let a = null, b = 0, s = "";
console.log(a ?? "default", b ?? "default", b || "or", s && "and", a?.x, a?.[0], a?.());
let x = 5;
x += 2; x *= 3; x -= 1; x /= 4; x **= 2;
console.log(x);
let y = null;
y ??= "set"; y ||= "not set"; y &&= y + "!";
console.log(y);
let i = 0;
console.log(i++, i, ++i, i--, --i);
console.log(!0, !"", !!"x", void 0, (1, 2, 3));
const obj = { k: 1 };
console.log("k" in obj, "z" in obj, delete obj.k, "k" in obj);
console.log(0.1 + 0.2, 1e21, 123456789012345680000, 5e-7, -0, [-0]);
console.log(parseInt("42px"), parseInt("ff", 16), parseFloat("3.14abc"), Number("0x10"), Number(""), Number(" 12 "));
console.log((255).toString(16), (3.14159).toFixed(2), String(123), Number("abc"));

// String + int32 and int32 + string (built in one step for short Latin-1 strings), at the edges.
console.log("a" + 1, 2 + "b", "x" + (-5), -2147483648 + "", "é" + 3, "€" + 4,
    "0123456789012345678901234567890" + 7, "" + 0, 0 + "", "n" + 2147483647);

// Completion values of scripts and eval code (ECMA-262 8.x UpdateEmpty) and the Number fast paths of
// the operators. The expected output comes from node 20 (`node completion-and-numbers.js`).
console.log(eval("1; var x = 2;"), eval("for (var i = 0; i < 2; i++) i;"), eval("for (var i = 0; i < 2; i++) i; 5"), eval("3; if (true) {} "), eval("l: { 7; break l; } "), eval("var k = 0; while (k < 3) k++;"));
console.log(7 % 3, -7 % 3, 7 % -3, -6 % 3, 5.5 % 2, 1 / 0 * 0, 0 * -5, -0 + 0, 2 ** 10, 1 << 33, -1 >>> 28, -8 >> 1, 7 | 0, (2**31) | 0, 3 < 4.5, 5 >= 5, NaN < 1);
let a = 5; console.log(a + 1, a - 1, a * 2, a / 2, a % 2, a & 1, a | 8, a ^ 1, a << 2, a >> 1, -a >>> 1, a < 6, a > 6, a <= 5, a >= 6, "s" + 1, null + 1, undefined * 2, "3" * 2, [] + 1, {} < 1);
console.log(eval("1; while (false);"), eval("2; do ; while (false)"), eval("3; for (;false;);"), eval("4; switch (1) {}"), eval("5; try {} finally {}"), eval("6; try { 8 } finally { 9 }"), eval("7; if (false) 1;"), eval("8; for (var q in {});"), eval("9; { }"), eval("10; var zz;"));
const o = { valueOf() { console.log("valueOf"); return 3; } };
console.log(2 * o, 2 < o, 5 > o, 3 <= o, 4 >= o, 1 & o, 4 | o, 7 ^ o, 2 * "x", 2 < "10", 2 * -0, 0 * -1, 2 < NaN);
try { 2 * 1n } catch (e) { console.log(e.message) }
try { 2 < Symbol() } catch (e) { console.log(e.message) }

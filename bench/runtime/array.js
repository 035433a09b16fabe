// Arrays: build them with push, then read them back by index.
const N = 200000, ROUNDS = 10;
let check = 0;
for (let r = 0; r < ROUNDS; r++) {
    const a = [];
    for (let i = 0; i < N; i++) a.push((i * 7 + r) % 1009);
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i];
    for (let i = a.length - 1; i >= 0; i -= 3) s -= a[i] >> 1;
    check = (check * 31 + s) % 1000000007;
}
console.log("array", N, ROUNDS, check);

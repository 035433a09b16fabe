// String building: `s += x` in a loop, and Array.prototype.join.
const ROUNDS = 60, N = 20000;
let check = 0;
for (let r = 0; r < ROUNDS; r++) {
    let s = "";
    for (let i = 0; i < N; i++) {
        s += "item" + i + ",";
    }
    const parts = [];
    for (let i = 0; i < N; i++) parts.push("k" + (i + r));
    const joined = parts.join(";");
    check = (check * 31 + s.length * 7 + joined.length + s.charCodeAt(s.length - 2) + joined.charCodeAt(r)) % 1000000007;
}
console.log("strings", ROUNDS, N, check);

// The sieve of Eratosthenes: dense array element loads and stores in integer loops.
function sieve(n) {
    const composite = [];
    for (let i = 0; i <= n; i++) composite.push(false);
    let count = 0;
    for (let i = 2; i <= n; i++) {
        if (composite[i]) continue;
        count++;
        for (let j = i * i; j <= n; j += i) composite[j] = true;
    }
    return count;
}
let total = 0;
for (let round = 0; round < 10; round++) total += sieve(300000 + round);
console.log("sieve", total);

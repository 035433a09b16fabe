// Closure calls: small closures over captured variables, called in a loop.
function makeAdder(k) {
    return (x) => x + k;
}
function makeCounter() {
    let count = 0;
    return function () {
        count = (count + 1) % 1000;
        return count;
    };
}
const add3 = makeAdder(3);
const add5 = makeAdder(5);
const next = makeCounter();
const compose = (f, g) => (x) => f(g(x));
const add8 = compose(add3, add5);

const N = 1500000;
let acc = 0;
for (let i = 0; i < N; i++) {
    acc = (add3(acc) + add8(i & 255) + next()) % 1000003;
}
console.log("closures", N, acc);

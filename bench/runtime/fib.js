// Recursive calls: fib(30), about 1.6 million calls.
function fib(n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
console.log("fib(30) =", fib(30));

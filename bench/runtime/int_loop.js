// An integer loop: every value stays a small integer (int32), no allocation.
const N = 5000000;
let sum = 0;
for (let i = 0; i < N; i++) {
    const j = i % 46341; // j * j < 2^31
    sum = (sum + ((j * j) % 1000003)) | 0;
}
console.log("int_loop", N, sum);

// Summing a dense array of small integers: element loads with bounds checks in a hot loop.
const data = [];
for (let i = 0; i < 100000; i++) data.push((i * 7) % 1000);
function sum(a) {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i];
    return s;
}
let total = 0;
for (let round = 0; round < 100; round++) total = (total + sum(data)) | 0;
console.log("array_sum", total);

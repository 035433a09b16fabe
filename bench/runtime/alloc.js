// Allocation churn: many short-lived objects and small arrays, only a few kept alive at a time.
function makePoint(i) {
    return { x: i, y: i * 2, tag: i & 7 };
}
const N = 800000;
let keep = [];
let check = 0;
for (let i = 0; i < N; i++) {
    const p = makePoint(i);
    const q = { x: p.y, y: p.x, next: p };
    const pair = [p.x + q.x, q.next.tag];
    check = (check + pair[0] + pair[1]) % 1000003;
    if ((i & 1023) === 0) keep.push(q);
    if (keep.length > 64) keep = [];
}
console.log("alloc", N, check, keep.length);

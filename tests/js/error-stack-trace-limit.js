// Error.stackTraceLimit (V8's extension, which node programs read and set): how many frames an
// error's `stack` lists. Expected output from node 20.
function f(n) {
    if (n === 0) throw new Error("deep");
    return f(n - 1);
}
function frames(e) {
    if (typeof e.stack !== "string") return "no stack";
    const lines = e.stack.split("\n");
    return lines[0] + " / " + (lines.length - 1) + " frames / " +
        lines.slice(1).map((l) => l.trim().split(" ")[1]).join(",");
}
function attempt(limit) {
    if (limit !== "keep") Error.stackTraceLimit = limit;
    try {
        f(30);
    } catch (e) {
        console.log(String(limit), "->", frames(e));
    }
}
console.log(Object.getOwnPropertyDescriptor(Error, "stackTraceLimit"));
console.log(Object.keys(Error));
attempt("keep");
attempt(3);
attempt(2.7);
attempt(0);
attempt(-1);
attempt(NaN);
attempt("5");
attempt(null);
attempt(12);
// Errors the engine throws follow it too, a stack overflow among them.
Error.stackTraceLimit = 4;
function g(n) {
    return n === 0 ? null.x : g(n - 1);
}
try {
    g(10);
} catch (e) {
    console.log(frames(e).split(" / ")[1]);
}
function down(n) {
    return down(n + 1) + 1;
}
try {
    down(0);
} catch (e) {
    console.log(e instanceof RangeError, frames(e).split(" / ").slice(1).join(" / "));
}
// A getter is not run (V8 reads a data property only): no stack.
Object.defineProperty(Error, "stackTraceLimit", { get() { console.log("getter ran"); return 5; }, configurable: true });
attempt("keep");
delete Error.stackTraceLimit;
attempt("keep");
Error.stackTraceLimit = 10;
const agg = new AggregateError([1], "all");
console.log(frames(agg).split(" / ")[0]);

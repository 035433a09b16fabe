// Every realm's Object.prototype is an immutable prototype exotic object (ECMA-262 10.4.7), also
// when code of another realm tries to change it. The expected output comes from node
// (`node host.js immutable-prototype.js > immutable-prototype.expected`).
var other = $262.createRealm();
var g = other.global;
var theirs = g.Object.prototype;
console.log(Reflect.setPrototypeOf(theirs, {}), Reflect.setPrototypeOf(theirs, null));
try {
    Object.setPrototypeOf(theirs, {});
} catch (e) {
    console.log("setPrototypeOf:", e instanceof TypeError, e.constructor === TypeError);
}
try {
    theirs.__proto__ = {};
} catch (e) {
    console.log("__proto__:", e instanceof TypeError, e.constructor === g.TypeError);
}
// Their Reflect, our Object.prototype.
console.log(g.Reflect.setPrototypeOf(Object.prototype, {}), g.Reflect.setPrototypeOf(Object.prototype, null));
try {
    g.Object.setPrototypeOf(Object.prototype, []);
} catch (e) {
    console.log("theirs on ours:", e instanceof g.TypeError);
}
// Other objects of theirs still change.
var o = g.eval("({})");
console.log(Reflect.setPrototypeOf(o, null), Object.getPrototypeOf(o));
console.log(Object.getPrototypeOf(theirs), Object.getPrototypeOf(Object.prototype));

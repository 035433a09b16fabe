// Tagged templates (cached strings object, raw strings), __proto__ in literals, computed class fields,
// sloppy delete of globals. Expected output produced by node.
function tag(strings, ...values) {
  return strings.raw.join("|") + " / " + strings.join("|") + " / " + values.join(",");
}
console.log(tag`a${1}b${2}c`, tag`\n${"x"}`);
const sites = [];
function remember(s) { sites.push(s); return s.length; }
for (let i = 0; i < 2; i++) remember`same site ${i}`;
remember`other site`;
console.log(sites[0] === sites[1], sites[0] === sites[2], Object.isFrozen === undefined || Object.isFrozen(sites[0]));
const obj = { greet() { return "hi " + this.name; } };
console.log(obj.greet`unused`.length);
const proto = { inherited: "yes" };
const child = { __proto__: proto, own: 1 };
console.log(child.inherited, Object.keys(child), { __proto__: null } instanceof Object);
let k = 0;
class Fields {
  [`f${++k}`] = k;
  static [`s${++k}`] = k;
  [`f${++k}`] = "third";
}
const f = new Fields();
console.log(Object.keys(f), f.f1, f.f3, Fields.s2, k);
globalThis.temp = 1;
console.log(delete temp, typeof temp);

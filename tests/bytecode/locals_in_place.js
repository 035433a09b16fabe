// Locals in registers are used in place as the object of a property access and as the receiver of
// a method call, unless the key or the arguments could assign them first.
function sum(a) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  a.push(s);
  a.push(a = []);
  return a[s = 0];
}

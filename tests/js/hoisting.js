// Execution contexts: the creation phase hoists `var` (undefined), functions (whole),
// and leaves `let`/`const` in the temporal dead zone.
console.log(typeof hoisted, hoisted());
function hoisted() { return "functions are hoisted whole"; }
console.log(v);
var v = 1;
console.log(v);
try { console.log(t); } catch (e) { console.log(e.name, e.message); }
let t = 2;
console.log(t);
function scopes() {
  console.log(inner);
  var inner = "var in function";
  {
    let inner2 = "block";
    console.log(inner2);
  }
  return inner;
}
console.log(scopes());
try { c = 1; } catch (e) { console.log(e.name + ": " + e.message); }
const c = 3;
try { c = 4; } catch (e) { console.log(e.name + ": " + e.message); }
console.log(c);

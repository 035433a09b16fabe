// Execution contexts: the creation phase hoists `var` (undefined), functions (whole),
// and leaves `let`/`const` in the temporal dead zone.
// The expected output comes from node 20 (`node hoisting.js > hoisting.expected`).
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
// Annex B.3.3: in sloppy code a function declared in a block also gets a `var` in the enclosing
// function (undefined until the declaration is evaluated), unless a `var` there would clash with a
// lexical declaration or a parameter of that name.
(function () {
  var log = [typeof inBlock];
  { function inBlock() {} }
  log.push(typeof inBlock);
  let blocked = 1;
  { function blocked() {} }
  log.push(typeof blocked);
  if (true) function inIf() {}
  log.push(typeof inIf);
  console.log("annex B:", log.join());
})();
(function (param) {
  { function param() {} }
  console.log("annex B parameter:", typeof param);
})(0);

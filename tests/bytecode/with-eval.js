// References that cross a `with` body or a sloppy direct eval's variable scope are looked up by name.
function f(o, code) {
  var local = 1;
  with (o) {
    local = inner + local;
    g();
  }
  eval(code);
  return typeof later + local;
}

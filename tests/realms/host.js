// A $262 host for node, for the expected outputs of this directory: `node host.js NAME.js >
// NAME.expected`. createRealm is built on vm.createContext (test262's INTERPRETING.md).
"use strict";
const vm = require("vm");
function host(context) {
  return {
    global: context ? vm.runInContext("this", context) : globalThis,
    evalScript(source) {
      return context ? vm.runInContext(source, context) : vm.runInThisContext(source);
    },
    gc() {},
    createRealm() {
      const c = vm.createContext();
      const h = host(c);
      vm.runInContext("this", c).$262 = h;
      return h;
    },
  };
}
globalThis.$262 = host(null);
vm.runInThisContext(require("fs").readFileSync(process.argv[2], "utf8"));

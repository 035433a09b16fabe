// Shows namespaces as console.log does, one of them with a binding still in its TDZ.
import * as target from './namespace-target.mjs';
import * as main from './namespace.main.mjs';
console.log(target);
console.log([main]);

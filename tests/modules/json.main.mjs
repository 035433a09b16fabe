// JSON modules (import attributes): the default export is the parsed value, the same object for
// every importer.
// Expected output: `node json.main.mjs > json.main.expected` (node 20).
import data from './data.json' with { type: 'json' };
import * as dataNs from './data.json' with { type: 'json' };
import { sameData } from './json-importer.mjs';

console.log(data.name, data.list.length, data.nested.ok);
console.log(Object.keys(dataNs), dataNs.default === data, sameData === data);
data.added = true;
console.log(sameData.added);

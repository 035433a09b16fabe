#!/usr/bin/env node
// Prints acorn's ESTree JSON for a file, in the form `kestrel --dump-ast` prints it.
//
//   node tests/acorn/dump.mjs [--module] FILE
//
// The file is parsed as a module with `--module` or when its name ends in `.mjs`, otherwise as a script.

import { readFileSync } from "node:fs";
import { parse, toJson } from "./reference.mjs";

const args = process.argv.slice(2);
const module = args.includes("--module");
const files = args.filter((a) => a !== "--module");
if (files.length !== 1) {
  console.error("usage: node tests/acorn/dump.mjs [--module] FILE");
  process.exit(2);
}
const file = files[0];
const sourceType = module || file.endsWith(".mjs") ? "module" : "script";
let ast;
try {
  ast = parse(readFileSync(file, "utf8"), sourceType);
} catch (e) {
  console.error(`${file}: ${e.message}`);
  process.exit(1);
}
process.stdout.write(toJson(ast) + "\n");

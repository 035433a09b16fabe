// acorn as the reference ESTree parser, shared by dump.mjs and diff.mjs.
//
// The JSON is `JSON.stringify(acorn.parse(source, {ecmaVersion: "latest", sourceType, locations: true}),
// replacer)`, where the replacer turns RegExp and BigInt values into null: JSON.stringify would print a
// RegExp as {} and throw on a BigInt. Kestrel's `--dump-ast` prints `"value":null` for both, next to the
// `regex` / `bigint` fields that carry their contents.

import * as acorn from "../npm/node_modules/acorn/dist/acorn.mjs";

export function replacer(_key, value) {
  return value instanceof RegExp || typeof value === "bigint" ? null : value;
}

export function parse(source, sourceType) {
  return acorn.parse(source, { ecmaVersion: "latest", sourceType, locations: true });
}

export function toJson(ast) {
  return JSON.stringify(ast, replacer);
}

// Parses `source` the way diff.mjs compares it: as a module if `module` is set (`.mjs` files, `--module`),
// otherwise as a script, falling back to a module when acorn accepts the text only as one.
// Returns {sourceType, ast} or {error} (acorn's message for the script attempt).
export function parseAuto(source, module) {
  if (module) {
    try {
      return { sourceType: "module", ast: parse(source, "module") };
    } catch (e) {
      return { error: e.message };
    }
  }
  try {
    return { sourceType: "script", ast: parse(source, "script") };
  } catch (scriptError) {
    try {
      return { sourceType: "module", ast: parse(source, "module") };
    } catch {
      return { error: scriptError.message };
    }
  }
}

// `export default function` is hoisted: importers can call it before this module runs.
export default function () {
  return 'hoisted default';
}
export const tag = 'hoisted.mjs';

export * from './reexport-star-1.mjs';
export * from './reexport-star-2.mjs';
export * as inner from './namespace-target.mjs';
export { b as renamedB, default as a } from './namespace-target.mjs';
export default 'hub default';

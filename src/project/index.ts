// Public surface of the project layer.
export * from './load/index.js';
export type * from './types.js';

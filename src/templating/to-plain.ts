// Engine values back to plain JS, for host code (artifacts, JSON, YAML) that must not see Python boxes.
import { Namespace, PyDict, PyFloat, Undefined, isDict, pyStr } from './values.js';

/** Converts engine values to plain JSON-able JS: floats to numbers, tuples to arrays, namespaces to objects, undefined to undefined. */
export function toPlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof PyFloat) return v.value;
  if (v instanceof Undefined) return undefined;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof PyDict) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v.entries()) out[typeof k === 'string' ? k : pyStr(k)] = toPlain(x);
    return out;
  }
  if (isDict(v) || v instanceof Namespace) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = toPlain((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

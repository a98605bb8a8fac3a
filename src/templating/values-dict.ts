// Dict operations that work on both representations of a Python dict: a plain object
// (string keys) and a PyDict (any keys), and the choice between them when a dict is built.
import { PyDict, PyFloat, Undefined, isDict } from './values.js';

/** A Python dict in either representation. */
export type AnyDict = Record<string, unknown> | PyDict;

/** True for a dict of either representation. */
export function isMapping(v: unknown): v is AnyDict {
  return v instanceof PyDict || isDict(v);
}

/** The JS property key of a plain dict for a Python key. */
export function plainKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k instanceof Undefined && k.strict) k.fail();
  if (k === null || k === undefined) return 'None';
  if (typeof k === 'boolean') return k ? 'True' : 'False';
  if (k instanceof PyFloat) return String(k.value);
  return String(k);
}

/** A dict's keys in insertion order. */
export function dictKeys(d: AnyDict): unknown[] {
  return d instanceof PyDict ? d.keys() : Object.keys(d);
}

/** A dict's (key, value) pairs in insertion order. */
export function dictEntries(d: AnyDict): [unknown, unknown][] {
  return d instanceof PyDict ? d.entries() : Object.keys(d).map((k) => [k, d[k]]);
}

/** True when the dict has the key. */
export function dictHas(d: AnyDict, k: unknown): boolean {
  return d instanceof PyDict ? d.has(k) : Object.hasOwn(d, plainKey(k));
}

/** The value under a key, or JS undefined when absent. */
export function dictGet(d: AnyDict, k: unknown): unknown {
  if (d instanceof PyDict) return d.get(k);
  const pk = plainKey(k);
  return Object.hasOwn(d, pk) ? d[pk] : undefined;
}

/** Sets a key (a plain dict stores a non-string key under its text, as it always has). */
export function dictSet(d: AnyDict, k: unknown, v: unknown): void {
  if (d instanceof PyDict) d.set(k, v);
  else d[plainKey(k)] = v;
}

/** Removes a key; true when it was there. */
export function dictDelete(d: AnyDict, k: unknown): boolean {
  if (d instanceof PyDict) return d.delete(k);
  const pk = plainKey(k);
  if (!Object.hasOwn(d, pk)) return false;
  delete d[pk];
  return true;
}

/** Number of keys. */
export function dictSize(d: AnyDict): number {
  return d instanceof PyDict ? d.size : Object.keys(d).length;
}

/** True for a string JS would treat as an array index: a plain object lists those keys first, in numeric order. */
export function isIndexLikeKey(k: string): boolean {
  const c = k.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return false; // cheap test first: dict literals are built often
  return /^(0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4294967295;
}

/**
 * A dict from pairs: a plain object when every key is a string, else a PyDict. A key such as
 * '2024' also needs a PyDict: a plain object would list it before the others, where Python
 * keeps insertion order.
 */
export function makeDict(pairs: Iterable<readonly [unknown, unknown]>): AnyDict {
  const list = Array.isArray(pairs) ? (pairs as (readonly [unknown, unknown])[]) : [...pairs];
  if (list.every((p) => typeof p[0] === 'string' && !isIndexLikeKey(p[0]))) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of list) o[k as string] = v;
    return o;
  }
  return new PyDict(list);
}

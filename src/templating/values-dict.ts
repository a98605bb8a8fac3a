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
  // True and 1 (False and 0) are one key in Python: they hash and compare equal
  if (typeof k === 'boolean') return k ? '1' : '0';
  if (k instanceof PyFloat) return String(k.value);
  return String(k);
}

// What a plain dict's own properties cannot hold, kept beside them for the dicts that need it:
// - `given`: a key that is not a string (`d.update({(i, j): x})`, a tuple, a number) is stored
//   under its text; the key itself is kept here, so iterating gives the tuple back;
// - `order`: once a key such as 2024 or '7' is added (JS lists those first, in numeric order),
//   the insertion order Python keeps.
const EXTRA: unique symbol = Symbol('plain dict extra');
interface Extra {
  given: Map<string, unknown>;
  order?: string[];
}
type PlainDict = Record<string, unknown> & { [EXTRA]?: Extra };

function extraOf(d: Record<string, unknown>): Extra {
  let extra = (d as PlainDict)[EXTRA];
  if (!extra) {
    extra = { given: new Map() };
    Object.defineProperty(d, EXTRA, { value: extra, enumerable: false });
  }
  return extra;
}

/** A plain dict's property names in Python's insertion order. */
function orderedNames(d: Record<string, unknown>, extra: Extra | undefined): string[] {
  const names = Object.keys(d);
  if (!extra?.order) return names;
  const ordered = extra.order.filter((k) => Object.hasOwn(d, k));
  // Keys set by other means than dictSet (host code) come last.
  if (ordered.length !== names.length) for (const k of names) if (!ordered.includes(k)) ordered.push(k);
  return ordered;
}

/** A plain dict's keys as Python sees them: in insertion order, as they were given (not their text). */
export function plainDictKeys(d: Record<string, unknown>): unknown[] {
  const extra = (d as PlainDict)[EXTRA];
  if (!extra) return Object.keys(d);
  return orderedNames(d, extra).map((k) => (extra.given.has(k) ? extra.given.get(k) : k));
}

/** A plain dict's values in insertion order. */
export function plainDictValues(d: Record<string, unknown>): unknown[] {
  const extra = (d as PlainDict)[EXTRA];
  return extra ? orderedNames(d, extra).map((k) => d[k]) : Object.values(d);
}

/** A dict's keys in insertion order. */
export function dictKeys(d: AnyDict): unknown[] {
  return d instanceof PyDict ? d.keys() : plainDictKeys(d);
}

/** A dict's (key, value) pairs in insertion order. */
export function dictEntries(d: AnyDict): [unknown, unknown][] {
  if (d instanceof PyDict) return d.entries();
  const extra = (d as PlainDict)[EXTRA];
  if (!extra) return Object.keys(d).map((k) => [k, d[k]]);
  return orderedNames(d, extra).map((k) => [extra.given.has(k) ? extra.given.get(k) : k, d[k]]);
}

/** A copy of a plain dict that keeps its keys as given and their order. */
export function copyPlainDict(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...d };
  const extra = (d as PlainDict)[EXTRA];
  if (extra) {
    const copy: Extra = { given: new Map(extra.given) };
    if (extra.order) copy.order = orderedNames(d, extra);
    Object.defineProperty(out, EXTRA, { value: copy, enumerable: false });
  }
  return out;
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

/** Sets a key (a plain dict stores a non-string key under its text, and remembers the key and the order). */
export function dictSet(d: AnyDict, k: unknown, v: unknown): void {
  if (d instanceof PyDict) return d.set(k, v);
  const pk = plainKey(k);
  let extra = (d as PlainDict)[EXTRA];
  const added = !Object.hasOwn(d, pk);
  if (added) {
    if (!extra?.order && isIndexLikeKey(pk)) (extra = extraOf(d)).order = Object.keys(d);
    extra?.order?.push(pk);
  }
  d[pk] = v;
  // an equal key already there (1 for True, 2 for 2.0) stays the key, as in Python
  if (typeof k !== 'string') {
    if (added || !extra?.given.has(pk)) extraOf(d).given.set(pk, k);
  } else extra?.given.delete(pk);
}

/** Removes a key; true when it was there. */
export function dictDelete(d: AnyDict, k: unknown): boolean {
  if (d instanceof PyDict) return d.delete(k);
  const pk = plainKey(k);
  if (!Object.hasOwn(d, pk)) return false;
  delete d[pk];
  const extra = (d as PlainDict)[EXTRA];
  if (extra) {
    extra.given.delete(pk);
    if (extra.order) extra.order = extra.order.filter((name) => name !== pk);
  }
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

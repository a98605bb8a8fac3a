// Python's sorted() as agate sorts: by `<` alone, stable, with None (agate's NullOrder) after
// every other value, alone or inside a tuple key.
import { pyEq, pyLt } from '../../templating/index.js';
import { isNone } from './py-args.js';

// agate's NullOrder: a None sort key sorts after every value.
const NULL_ORDER = Symbol('NullOrder');

/** The sort key for a value: None becomes agate's NullOrder. */
export function nullOrder(v: unknown): unknown {
  return isNone(v) ? NULL_ORDER : v;
}

/** Python's sorted() compares keys with < only: -1 when a sorts first, 1 when b does, else 0. */
export function order(a: unknown, b: unknown): number {
  if (less(a, b)) return -1;
  return less(b, a) ? 1 : 0;
}

function less(a: unknown, b: unknown): boolean {
  if (a === NULL_ORDER) return false;
  if (b === NULL_ORDER) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    // tuples: the first unequal items decide, else the shorter one
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] === b[i] || (a[i] !== NULL_ORDER && b[i] !== NULL_ORDER && pyEq(a[i], b[i]))) continue;
      return less(a[i], b[i]);
    }
    return a.length < b.length;
  }
  return pyLt(a, b);
}

/** agate's values_sorted(): the values in order, None last. */
export function sortedNullsLast(values: readonly unknown[]): unknown[] {
  return values.map((v) => ({ v, k: nullOrder(v) })).sort((a, b) => order(a.k, b.k)).map((e) => e.v);
}

// Jinja2's global functions: range, dict, namespace, cycler, joiner, lipsum.
import { pyError } from './errors.js';
import { splitArgs } from './python-methods.js';
import { dictFromkeys } from './python-translate.js';
import { Namespace, isDict, num, pyStr } from './values.js';
import { dictEntries, isMapping, makeDict } from './values-dict.js';

/** Jinja2's cycler(). */
export class Cycler {
  private pos = 0;
  constructor(private readonly items: unknown[]) {}
  get current(): unknown {
    return this.items[this.pos];
  }
  next(): unknown {
    const v = this.items[this.pos];
    this.pos = (this.pos + 1) % this.items.length;
    return v;
  }
  reset(): null {
    this.pos = 0;
    return null;
  }
}

/** Jinja's sandbox (dbt renders in one) refuses ranges longer than this. */
const MAX_RANGE = 100000;

/** Python's range() as a list. */
export function pyRange(...args: unknown[]): number[] {
  const [a] = splitArgs(args);
  const [start, stop, step] = a.length === 1 ? [0, num(a[0]), 1] : [num(a[0]), num(a[1]), a[2] === undefined ? 1 : num(a[2])];
  if (step === 0) throw pyError('ValueError', 'range() arg 3 must not be zero');
  // Measured before it is built: range(10**9) would exhaust memory before the sandbox's check.
  if (Math.ceil((stop - start) / step) > MAX_RANGE) throw pyError('OverflowError', `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`);
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

/**
 * The pairs of a host object that Python's dict() reads as a mapping: one with a keys() method
 * (an agate row, a relation), read key by key, as dict() does before it treats its argument as
 * a sequence of pairs. A list's own keys() (JS array indices) does not count.
 */
function hostMappingPairs(src: unknown): [unknown, unknown][] | undefined {
  if (src instanceof Map) return Array.from(src.entries());
  if (src === null || typeof src !== 'object') return undefined;
  const { keys, __getitem__: getitem } = src as { keys?: unknown; __getitem__?: unknown };
  if (typeof keys !== 'function' || keys === Array.prototype.keys) return undefined;
  const item = (k: unknown): unknown => (typeof getitem === 'function' ? getitem.call(src, k) : (src as Record<string, unknown>)[String(k)]);
  return Array.from(keys.call(src) as Iterable<unknown>, (k) => [k, item(k)]);
}

/** The globals every environment starts with. */
export function makeGlobals(): Record<string, unknown> {
  return {
    range: pyRange,
    // Python's dict type: callable, and carrying its class method fromkeys
    dict: Object.assign(
      (...args: unknown[]) => {
        const [a, kw] = splitArgs(args);
        const src = a[0];
        const pairs: [unknown, unknown][] = isMapping(src) ? dictEntries(src) : (hostMappingPairs(src) ?? (Array.isArray(src) ? src.map((p) => [(p as unknown[])[0], (p as unknown[])[1]]) : []));
        for (const k of Object.keys(kw)) pairs.push([k, kw[k]]);
        return makeDict(pairs);
      },
      { fromkeys: (...args: unknown[]) => dictFromkeys(splitArgs(args)[0]) },
    ),
    namespace: (...args: unknown[]) => {
      const [a, kw] = splitArgs(args);
      const ns = new Namespace();
      if (isDict(a[0])) Object.assign(ns, a[0]);
      return Object.assign(ns, kw);
    },
    cycler: (...args: unknown[]) => new Cycler(splitArgs(args)[0]),
    joiner: (...args: unknown[]) => {
      const sep = args.length ? pyStr(splitArgs(args)[0][0] ?? ', ') : ', ';
      let used = false;
      return () => {
        if (!used) {
          used = true;
          return '';
        }
        return sep;
      };
    },
    lipsum: () => 'Lorem ipsum dolor sit amet.',
  };
}

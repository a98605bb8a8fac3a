// The subset of Python's itertools dbt code uses (modules.itertools). Results are lists,
// which templates iterate exactly like Python's iterators; the items Python yields as tuples
// are tuples, so they print, compare and unpack as in Python.
import { tuple } from '../../../templating/index.js';
import { bindParams, splitArgs } from '../py-args.js';

const list = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : typeof v === 'string' ? [...v] : v && typeof v === 'object' && Symbol.iterator in v ? [...(v as Iterable<unknown>)] : v && typeof v === 'object' ? Object.keys(v) : [];

function combinations(items: unknown[], r: number): unknown[][] {
  const out: unknown[][] = [];
  const pick = (start: number, acc: unknown[]): void => {
    if (acc.length === r) {
      out.push(tuple([...acc]));
      return;
    }
    for (let i = start; i < items.length; i++) pick(i + 1, [...acc, items[i]]);
  };
  pick(0, []);
  return out;
}

function permutations(items: unknown[], r: number): unknown[][] {
  const out: unknown[][] = [];
  const pick = (acc: number[]): void => {
    if (acc.length === r) {
      out.push(tuple(acc.map((i) => items[i])));
      return;
    }
    for (let i = 0; i < items.length; i++) if (!acc.includes(i)) pick([...acc, i]);
  };
  pick([]);
  return out;
}

/** `modules.itertools` as templates see it. */
export function itertoolsModule(): Record<string, unknown> {
  return {
    chain: Object.assign((...iterables: unknown[]) => iterables.flatMap((x) => list(x)), {
      from_iterable: (iterables: unknown) => list(iterables).flatMap((x) => list(x)),
    }),
    product: (...raw: unknown[]) => {
      const { args, kwargs } = splitArgs(raw);
      const repeat = Number(kwargs['repeat'] ?? 1);
      const pools: unknown[][] = [];
      for (let i = 0; i < repeat; i++) for (const a of args) pools.push(list(a));
      let out: unknown[][] = [[]];
      for (const pool of pools) out = out.flatMap((acc) => pool.map((x) => [...acc, x]));
      return out.map((items) => tuple(items));
    },
    combinations: (...raw: unknown[]) => {
      const p = bindParams(raw, ['iterable', 'r']);
      return combinations(list(p['iterable']), Number(p['r']));
    },
    permutations: (...raw: unknown[]) => {
      const p = bindParams(raw, ['iterable', 'r']);
      const items = list(p['iterable']);
      return permutations(items, p['r'] === undefined || p['r'] === null ? items.length : Number(p['r']));
    },
    groupby: (...raw: unknown[]) => {
      const p = bindParams(raw, ['iterable', 'key']);
      const keyFn = typeof p['key'] === 'function' ? (p['key'] as (x: unknown) => unknown) : (x: unknown) => x;
      const out: [unknown, unknown[]][] = [];
      for (const item of list(p['iterable'])) {
        const k = keyFn(item);
        const last = out[out.length - 1];
        if (last && last[0] === k) last[1].push(item);
        else out.push(tuple([k, [item]]) as [unknown, unknown[]]);
      }
      return out;
    },
    islice: (...raw: unknown[]) => {
      const { args } = splitArgs(raw);
      const items = list(args[0]);
      if (args.length === 2) return items.slice(0, Number(args[1]));
      return items.slice(Number(args[1] ?? 0), args[2] === null || args[2] === undefined ? undefined : Number(args[2]));
    },
    repeat: (x: unknown, n: unknown) => Array.from({ length: Number(n) }, () => x),
    accumulate: (iterable: unknown) => {
      let total = 0;
      return list(iterable).map((x) => (total += Number(x)));
    },
  };
}

// Python's slice object: what `obj[a:b:c]` hands to a host object's `__getitem__`, as Jinja2
// compiles a slice to Python's own subscription rather than to its getitem fallback.
import { pyError } from './errors.js';
import { PyInt } from './py-int.js';
import { num, pyRepr, tuple } from './values.js';

/** Python's `slice(start, stop, step)`; a missing part is None (null). */
export class PySlice {
  readonly start: unknown;
  readonly stop: unknown;
  readonly step: unknown;

  constructor(start: unknown, stop: unknown, step: unknown) {
    this.start = start ?? null;
    this.stop = stop ?? null;
    this.step = step ?? null;
  }

  /** Python's `slice.indices(length)`: the start, stop and step this slice selects from a sequence of that length. */
  indices(length: unknown): number[] {
    const n = num(length);
    const st = this.step === null ? 1 : index(this.step);
    if (st === 0) throw pyError('ValueError', 'slice step cannot be zero');
    const norm = (v: unknown, dflt: number, lo: number, hi: number): number => {
      if (v === null) return dflt;
      let i = index(v);
      if (i < 0) i += n;
      return Math.min(Math.max(i, lo), hi);
    };
    if (st > 0) return tuple([norm(this.start, 0, 0, n), norm(this.stop, n, 0, n), st]);
    return tuple([norm(this.start, n - 1, -1, n - 1), norm(this.stop, -1, -1, n - 1), st]);
  }

  /** The items of `seq[start:stop:step]`, in a new array. */
  select<T>(items: readonly T[]): T[] {
    const [a, b, st] = this.indices(items.length) as [number, number, number];
    const out: T[] = [];
    if (st > 0) for (let i = a; i < b; i += st) out.push(items[i]!);
    else for (let i = a; i > b; i += st) out.push(items[i]!);
    return out;
  }

  __repr__(): string {
    return `slice(${pyRepr(this.start)}, ${pyRepr(this.stop)}, ${pyRepr(this.step)})`;
  }

  __str__(): string {
    return this.__repr__();
  }
}

// Python's operator.index(): a slice takes ints (and bools) only, not floats or strings.
function index(v: unknown): number {
  if ((typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean' || v instanceof PyInt) return num(v);
  throw pyError('TypeError', 'slice indices must be integers or None or have an __index__ method');
}

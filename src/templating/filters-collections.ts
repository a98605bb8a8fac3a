// Built-in filters over sequences: sort, map, select, groupby, unique, min/max, sum, batch...
import { pyError } from './errors.js';
import { attrGetter, bind, ignoreCase, multiAttrGetter } from './filter-helpers.js';
import { add, cmp, eq } from './ops.js';
import { pySort } from './python-methods.js';
import type { Runtime } from './runtime.js';
import { Kwargs, Undefined, hashIdentity, num, pyRepr, pyStr, truthy, tuple } from './values.js';

type Filter = (this: Runtime, value: unknown, ...args: unknown[]) => unknown;

function splitKw(args: unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? [args.slice(0, -1), { ...last.values }] : [args, {}];
}

function selectOrReject(rt: Runtime, value: unknown, args: unknown[], lookupAttr: boolean, keep: boolean): unknown[] {
  // Jinja2 yields nothing for a falsy sequence (None, undefined, '') before reading its arguments.
  if (!truthy(value)) return [];
  const [pos, kw] = splitKw(args);
  let getter = (x: unknown): unknown => x;
  let rest = pos;
  if (lookupAttr) {
    if (!rest.length) throw pyError('FilterArgumentError', 'Missing parameter for attribute name');
    getter = attrGetter(rt, rest[0]);
    rest = rest.slice(1);
  }
  let test: (x: unknown) => boolean;
  if (rest.length) {
    const name = pyStr(rest[0]);
    const targs = rest.slice(1);
    if (Object.keys(kw).length) targs.push(new Kwargs(kw));
    test = (x) => rt.test(name, x, targs);
  } else test = (x) => truthy(x);
  return rt.iter(value).filter((x) => test(getter(x)) === keep);
}

/** Identity of a value for unique(): Python's hash equality (1, True and Decimal('1.00') are one), or the repr of an unhashable value. */
const hashKey = (v: unknown): string => {
  if (typeof v === 'string') return `s${v}`;
  let id: unknown;
  try {
    id = hashIdentity(v);
  } catch {
    return `r${pyRepr(v)}`;
  }
  return typeof id === 'string' ? `h${id}` : `r${pyRepr(id)}`;
};
function minMax(rt: Runtime, value: unknown, args: unknown[], wantMax: boolean): unknown {
  const [caseSensitive, attribute] = bind(wantMax ? 'max' : 'min', args, ['case_sensitive', 'attribute']);
  const items = rt.iter(value);
  if (!items.length) return rt.undef('No aggregated item, sequence was empty.');
  const key = attrGetter(rt, attribute ?? null, caseSensitive ? undefined : ignoreCase);
  let best = items[0];
  let bestKey = key(best);
  for (const x of items.slice(1)) {
    const k = key(x);
    const c = cmp(k, bestKey);
    if (wantMax ? c > 0 : c < 0) {
      best = x;
      bestKey = k;
    }
  }
  return best;
}

/** Sequence filters. */
export const COLLECTION_FILTERS: Record<string, Filter> = {
  batch(value, ...a) {
    const [linecount, fillWith] = bind('batch', a, ['linecount', 'fill_with']);
    const n = num(linecount);
    const out: unknown[][] = [];
    let tmp: unknown[] = [];
    for (const item of this.iter(value)) {
      if (tmp.length === n) {
        out.push(tmp);
        tmp = [];
      }
      tmp.push(item);
    }
    if (tmp.length) {
      if (fillWith !== undefined && fillWith !== null) while (tmp.length < n) tmp.push(fillWith);
      out.push(tmp);
    }
    return out;
  },
  first(value) {
    const items = value instanceof Undefined ? this.iter(value) : this.iter(value);
    return items.length ? items[0] : this.undef('No first item, sequence was empty.');
  },
  last(value) {
    const items = this.iter(value);
    return items.length ? items[items.length - 1] : this.undef('No last item, sequence was empty.');
  },
  join(value, ...a) {
    const [d, attribute] = bind('join', a, ['d', 'attribute']);
    let items = this.iter(value);
    if (attribute !== undefined && attribute !== null) items = items.map(attrGetter(this, attribute));
    return items.map((x) => pyStr(x)).join(d === undefined ? '' : pyStr(d));
  },
  list(value) {
    return this.iter(value).slice();
  },
  map(value, ...args) {
    // Like Jinja2, a falsy sequence (None, undefined, '') maps to nothing, so
    // `x in columns | map('lower') or not columns` works when columns is none.
    if (!truthy(value)) return [];
    const [pos, kw] = splitKw(args);
    let fn: (x: unknown) => unknown;
    if (!pos.length && 'attribute' in kw) {
      const attribute = kw.attribute;
      const dflt = kw.default;
      delete kw.attribute;
      delete kw.default;
      const extra = Object.keys(kw)[0];
      if (extra !== undefined) throw pyError('FilterArgumentError', `Unexpected keyword argument '${extra}'`);
      fn = attrGetter(this, attribute, undefined, dflt === null ? undefined : dflt);
    } else {
      if (!pos.length) throw pyError('FilterArgumentError', 'map requires a filter argument');
      const name = pyStr(pos[0]);
      const fargs = pos.slice(1);
      if (Object.keys(kw).length) fargs.push(new Kwargs(kw));
      fn = (x) => this.filter(name, x, fargs);
    }
    return this.iter(value).map(fn);
  },
  max(value, ...a) {
    return minMax(this, value, a, true);
  },
  min(value, ...a) {
    return minMax(this, value, a, false);
  },
  select(value, ...a) {
    return selectOrReject(this, value, a, false, true);
  },
  reject(value, ...a) {
    return selectOrReject(this, value, a, false, false);
  },
  selectattr(value, ...a) {
    return selectOrReject(this, value, a, true, true);
  },
  rejectattr(value, ...a) {
    return selectOrReject(this, value, a, true, false);
  },
  random(value) {
    const items = this.iter(value);
    if (!items.length) return this.undef('No random item, sequence was empty.');
    return items[Math.floor(Math.random() * items.length)];
  },
  reverse(value) {
    if (typeof value === 'string') return [...value].reverse().join('');
    return this.iter(value).slice().reverse();
  },
  slice(value, ...a) {
    const [slicesArg, fillWith] = bind('slice', a, ['slices', 'fill_with']);
    const seq = this.iter(value);
    const slices = num(slicesArg);
    const per = Math.floor(seq.length / slices);
    const extra = seq.length % slices;
    let offset = 0;
    const out: unknown[][] = [];
    for (let k = 0; k < slices; k++) {
      const start = offset + k * per;
      if (k < extra) offset++;
      const end = offset + (k + 1) * per;
      const tmp = seq.slice(start, end);
      if (fillWith !== undefined && fillWith !== null && k >= extra) tmp.push(fillWith);
      out.push(tmp);
    }
    return out;
  },
  sort(value, ...a) {
    // the fifth positional parameter is an internal key function (used by dictsort)
    const [reverse, caseSensitive, attribute, keyFn] = bind('sort', a, ['reverse', 'case_sensitive', 'attribute', '__key']);
    const key = typeof keyFn === 'function' ? (keyFn as (v: unknown) => unknown) : multiAttrGetter(this, attribute ?? null, caseSensitive ? undefined : ignoreCase);
    return pySort(this.iter(value).slice(), truthy(reverse ?? false), key);
  },
  sum(value, ...a) {
    const [attribute, start] = bind('sum', a, ['attribute', 'start']);
    let items = this.iter(value);
    if (attribute !== undefined && attribute !== null) items = items.map(attrGetter(this, attribute));
    let total: unknown = start === undefined ? 0 : start;
    for (const x of items) total = add(total, x);
    return total;
  },
  unique(value, ...a) {
    const [caseSensitive, attribute] = bind('unique', a, ['case_sensitive', 'attribute']);
    const key = attrGetter(this, attribute ?? null, caseSensitive ? undefined : ignoreCase);
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const x of this.iter(value)) {
      const k = hashKey(key(x));
      if (!seen.has(k)) {
        seen.add(k);
        out.push(x);
      }
    }
    return out;
  },
  groupby(value, ...a) {
    const [attribute, dflt, caseSensitive] = bind('groupby', a, ['attribute', 'default', 'case_sensitive']);
    const d = dflt === null ? undefined : dflt;
    const key = attrGetter(this, attribute, caseSensitive ? undefined : ignoreCase, d);
    const display = attrGetter(this, attribute, undefined, d);
    const sorted = pySort(this.iter(value).slice(), false, key);
    const groups: unknown[][] = [];
    let current: unknown[] | null = null;
    let currentKey: unknown;
    for (const x of sorted) {
      const k = key(x);
      if (current === null || !eq(k, currentKey)) {
        current = [];
        currentKey = k;
        groups.push(current);
      }
      current.push(x);
    }
    return groups.map((list) => {
      const g = tuple([display(list[0]), list]);
      Object.defineProperty(g, 'grouper', { value: g[0], enumerable: false });
      Object.defineProperty(g, 'list', { value: list, enumerable: false });
      return g;
    });
  },
};


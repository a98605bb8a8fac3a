// str.maketrans / str.translate and dict.fromkeys: Python's table-building class methods, which
// templates reach from an instance (`s.maketrans('ab', 'xy')`, `{}.fromkeys(keys)`) or from
// Jinja's `dict` global (Python's dict type).
import { pyError } from './errors.js';
import { PyInt } from './py-int.js';
import { Undefined, dunder, typeName } from './values.js';
import { dictEntries, dictGet, dictKeys, isMapping, makeDict } from './values-dict.js';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** str.maketrans(x[, y[, z]]): a dict from code points to a code point, a string or None. */
export function strMaketrans(args: unknown[]): unknown {
  const [x, y, z] = args;
  if (args.length === 1) {
    if (!isMapping(x)) throw pyError('TypeError', 'if you give only one argument to maketrans it must be a dict');
    return makeDict(
      dictEntries(x).map(([k, v]): [unknown, unknown] => {
        if (typeof k === 'string') {
          if ([...k].length !== 1) throw pyError('ValueError', 'string keys in translate table must be of length 1');
          return [k.codePointAt(0), v];
        }
        if (isInt(k) || k instanceof PyInt) return [k, v];
        throw pyError('TypeError', 'keys in translate table must be strings or integers');
      }),
    );
  }
  if (args.length === 0 || args.length > 3) throw pyError('TypeError', `maketrans expected at least 1 argument, got ${args.length}`);
  if (typeof x !== 'string') throw pyError('TypeError', `maketrans() argument 1 must be str, not ${typeName(x)}`);
  if (typeof y !== 'string') throw pyError('TypeError', 'if you give only one argument to maketrans it must be a dict');
  const from = [...x];
  const to = [...y];
  if (from.length !== to.length) throw pyError('ValueError', 'the first two maketrans arguments must have equal length');
  const pairs: [unknown, unknown][] = from.map((c, i) => [c.codePointAt(0), to[i]!.codePointAt(0)]);
  if (args.length === 3) {
    if (typeof z !== 'string') throw pyError('TypeError', `maketrans() argument 3 must be str, not ${typeName(z)}`);
    for (const c of z) pairs.push([c.codePointAt(0), null]);
  }
  return makeDict(pairs);
}

/** str.translate(table): each character looked up by code point; a missing one stays, None drops it. */
export function strTranslate(s: string, table: unknown): string {
  const lookup = (cp: number): unknown => {
    if (isMapping(table)) return dictGet(table, cp);
    const get = dunder(table, '__getitem__');
    if (get) return get(cp);
    if (Array.isArray(table) || typeof table === 'string') return table[cp];
    throw pyError('TypeError', `'${typeName(table)}' object is not subscriptable`);
  };
  let out = '';
  for (const c of s) {
    const v = lookup(c.codePointAt(0)!);
    if (v === undefined) out += c;
    else if (v === null) continue;
    else if (typeof v === 'string') out += v;
    else if (isInt(v)) out += String.fromCodePoint(v);
    else throw pyError('TypeError', 'character mapping must return integer, None or str');
  }
  return out;
}

/** dict.fromkeys(iterable, value=None): a dict with each item of the iterable as a key. */
export function dictFromkeys(args: unknown[]): unknown {
  const [src, value = null] = args;
  let keys: unknown[];
  if (Array.isArray(src)) keys = src;
  else if (typeof src === 'string') keys = [...src];
  else if (isMapping(src)) keys = dictKeys(src);
  else if (src instanceof Undefined) keys = src.strict ? src.fail() : [];
  else {
    const iter = dunder(src, '__iter__');
    if (!iter && !(src !== null && typeof src === 'object' && Symbol.iterator in src)) throw pyError('TypeError', `'${typeName(src)}' object is not iterable`);
    keys = Array.from((iter ? iter() : src) as Iterable<unknown>);
  }
  return makeDict(keys.map((k): [unknown, unknown] => [k, value]));
}

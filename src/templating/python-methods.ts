// Python methods of str, list, tuple, set and dict, called from templates (`s.upper()`, `l.append(x)`).
import { pyError } from './errors.js';
import { cmp, eq } from './ops.js';
import { strFormat } from './python-format.js';
import { PyStrEnum } from './str-enum.js';
import { dictFromkeys, strMaketrans, strTranslate } from './python-translate.js';
import { Kwargs, PyDict, Undefined, VIEW, dunder, isTuple, num, pyRepr, pySetOf, tuple, typeName } from './values.js';
import { copyPlainDict, dictDelete, dictEntries, dictGet, dictKeys, dictSet, isMapping, plainDictValues } from './values-dict.js';
import type { AnyDict } from './values-dict.js';
import { arg, cased, findIn, isWs, justify, maxsplitOf, prefixTest, pySplit, pyStrip, pyTitle, str } from './python-str.js';

export { pyStrip } from './python-str.js';

/** A Python method implementation: receiver, positional args, keyword args. */
export type PyMethod = (self: never, args: unknown[], kw: Record<string, unknown>, lookup: Lookup) => unknown;
/** Attribute/item lookup used by str.format field names. */
export type Lookup = (obj: unknown, key: string, isItem: boolean) => unknown;

/** Splits a host-convention argument list into positional args and keyword args. */
export function splitArgs(args: unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1];
  if (last instanceof Kwargs) return [args.slice(0, -1), last.values];
  return [args, {}];
}

/** str methods. */
export const STR_METHODS: Record<string, (s: string, a: unknown[], kw: Record<string, unknown>, lookup: Lookup) => unknown> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  casefold: (s) => s.toLowerCase().replaceAll('ß', 'ss'),
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  strip: (s, a) => pyStrip(s, a[0], true, true),
  lstrip: (s, a) => pyStrip(s, a[0], true, false),
  rstrip: (s, a) => pyStrip(s, a[0], false, true),
  split: (s, a, kw) => pySplit(s, arg(a, kw, 0, 'sep'), maxsplitOf(a, kw), false),
  rsplit: (s, a, kw) => pySplit(s, arg(a, kw, 0, 'sep'), maxsplitOf(a, kw), true),
  splitlines: (s, a, kw) => {
    const keep = !!arg(a, kw, 0, 'keepends');
    const out: string[] = [];
    const re = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
    let last = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      out.push(s.slice(last, keep ? m.index + m[0].length : m.index));
      last = m.index + m[0].length;
    }
    if (last < s.length) out.push(s.slice(last));
    return out;
  },
  replace: (s, a) => {
    const [old, rep, count] = [str(a[0], 'replace() argument 1'), str(a[1], 'replace() argument 2'), a[2] === undefined ? -1 : num(a[2])];
    if (old === '') {
      // the empty string matches before each character and at the end: count of those positions get `rep`
      const chars = [...s];
      const n = count < 0 ? chars.length + 1 : Math.min(count, chars.length + 1);
      return chars.map((c, i) => (i < n ? rep + c : c)).join('') + (n > chars.length ? rep : '');
    }
    if (count < 0) {
      // replaceAll reads `$` patterns in its replacement text; split/join takes it literally
      return rep.includes('$') ? s.split(old).join(rep) : s.replaceAll(old, rep);
    }
    let out = s;
    let from = 0;
    for (let i = 0; i < count; i++) {
      const at = out.indexOf(old, from);
      if (at < 0) break;
      out = out.slice(0, at) + rep + out.slice(at + old.length);
      from = at + rep.length + (old === '' ? 1 : 0);
    }
    return out;
  },
  startswith: (s, a) => prefixTest(s, a[0], a[1], a[2], false),
  endswith: (s, a) => prefixTest(s, a[0], a[1], a[2], true),
  format: (s, a, kw, lookup) => strFormat(s, a, kw, lookup),
  join: (s, a) => iterStrings(a[0]).join(s),
  title: (s) => pyTitle(s),
  capitalize: (s) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
  count: (s, a) => {
    const sub = str(a[0], 'count arg');
    const len = s.length;
    let lo = a[1] == null ? 0 : num(a[1]);
    let hi = a[2] == null ? len : num(a[2]);
    if (lo < 0) lo = Math.max(0, lo + len);
    if (hi < 0) hi = Math.max(0, hi + len);
    hi = Math.min(hi, len);
    if (lo > len || hi < lo) return 0;
    const hay = s.slice(lo, hi);
    return sub === '' ? [...hay].length + 1 : hay.split(sub).length - 1;
  },
  find: (s, a) => findIn(s, str(a[0], 'find arg'), a[1], a[2], false),
  rfind: (s, a) => findIn(s, str(a[0], 'rfind arg'), a[1], a[2], true),
  index: (s, a) => {
    const i = findIn(s, str(a[0], 'index arg'), a[1], a[2], false);
    if (i < 0) throw pyError('ValueError', 'substring not found');
    return i;
  },
  rindex: (s, a) => {
    const i = findIn(s, str(a[0], 'rindex arg'), a[1], a[2], true);
    if (i < 0) throw pyError('ValueError', 'substring not found');
    return i;
  },
  format_map: (s, a, _kw, lookup) => {
    const m = a[0];
    if (!isMapping(m)) throw pyError('TypeError', `format_map() argument must be a mapping, not ${typeName(m)}`);
    return strFormat(s, [], Object.fromEntries(dictEntries(m)), lookup);
  },
  isascii: (s) => /^[\x00-\x7f]*$/.test(s),
  isprintable: (s) => /^(?: |[^\p{C}\p{Z}])*$/u.test(s),
  isdigit: (s) => /^\p{Nd}+$/u.test(s),
  isdecimal: (s) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => s.length > 0 && [...s].every(isWs),
  isupper: (s) => [...s].some(cased) && s === s.toUpperCase(),
  islower: (s) => [...s].some(cased) && s === s.toLowerCase(),
  istitle: (s) => [...s].some(cased) && pyTitle(s) === s,
  isidentifier: (s) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(s),
  zfill: (s, a) => {
    const w = num(a[0]);
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
    return s.length >= w ? s : sign + s.slice(sign.length).padStart(w - sign.length, '0');
  },
  center: (s, a) => justify(s, a[0], a[1], 'c'),
  ljust: (s, a) => justify(s, a[0], a[1], 'l'),
  rjust: (s, a) => justify(s, a[0], a[1], 'r'),
  partition: (s, a) => {
    const sep = str(a[0], 'sep');
    const i = s.indexOf(sep);
    return i < 0 ? tuple([s, '', '']) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s, a) => {
    const sep = str(a[0], 'sep');
    const i = s.lastIndexOf(sep);
    return i < 0 ? tuple(['', '', s]) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix: (s, a) => (s.startsWith(str(a[0], 'prefix')) ? s.slice((a[0] as string).length) : s),
  removesuffix: (s, a) => (a[0] !== '' && s.endsWith(str(a[0], 'suffix')) ? s.slice(0, s.length - (a[0] as string).length) : s),
  expandtabs: (s, a) => {
    // a tab pads to the next multiple of the tab size, counted from the last line break
    const size = a[0] === undefined ? 8 : num(a[0]);
    let out = '';
    let col = 0;
    for (const ch of s) {
      if (ch === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        out += ' '.repeat(n);
        col += n;
      } else {
        out += ch;
        col = ch === '\n' || ch === '\r' ? 0 : col + 1;
      }
    }
    return out;
  },
  maketrans: (_s, a) => strMaketrans(a),
  translate: (s, a) => strTranslate(s, a[0]),
  __len__: (s) => [...s].length,
};

function iterStrings(v: unknown): string[] {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? [...v] : isMapping(v) ? dictKeys(v) : iterHost(v);
  return items.map((x, i) => {
    if (x instanceof PyStrEnum) return x.value;
    if (typeof x !== 'string') throw pyError('TypeError', `sequence item ${i}: expected str instance, ${typeName(x)} found`);
    return x;
  });
}

/** Items of a host object iterated from a method (`__iter__`, a JS iterable, else its keys). */
function iterHost(v: unknown): unknown[] {
  if (v === null || typeof v !== 'object' || v instanceof Undefined) return [];
  const it = dunder(v, '__iter__');
  if (it) return Array.from(it() as Iterable<unknown>);
  if (Symbol.iterator in v) return Array.from(v as Iterable<unknown>);
  return Object.keys(v);
}

function indexOfEq(l: unknown[], x: unknown): number {
  for (let i = 0; i < l.length; i++) if (eq(l[i], x)) return i;
  return -1;
}

/** Sorts a list in place with Python ordering. */
export function pySort(l: unknown[], reverse: boolean, key?: (v: unknown) => unknown): unknown[] {
  const k = key ?? ((v: unknown) => v);
  l.sort((a, b) => (reverse ? cmp(k(b), k(a)) : cmp(k(a), k(b))));
  return l;
}

/** tuple methods. */
export const TUPLE_METHODS: Record<string, (l: unknown[], a: unknown[], kw: Record<string, unknown>) => unknown> = {
  count: (l, a) => l.filter((x) => eq(x, a[0])).length,
  index: (l, a) => {
    const i = indexOfEq(l, a[0]);
    if (i < 0) throw pyError('ValueError', `${isTuple(l) ? 'tuple.index(x): x not in tuple' : `${pyRepr(a[0])} is not in list`}`);
    return i;
  },
};

/** list methods. */
export const LIST_METHODS: Record<string, (l: unknown[], a: unknown[], kw: Record<string, unknown>) => unknown> = {
  ...TUPLE_METHODS,
  append: (l, a) => {
    l.push(a[0]);
    return null;
  },
  extend: (l, a) => {
    const src = a[0];
    if (Array.isArray(src)) l.push(...src);
    else if (typeof src === 'string') l.push(...src);
    else if (isMapping(src)) l.push(...dictKeys(src));
    else if (src !== null && typeof src === 'object' && !(src instanceof Undefined)) l.push(...iterHost(src));
    else if (src instanceof Undefined) {
      if (src.strict) src.fail();
    } else throw pyError('TypeError', `'${typeName(src)}' object is not iterable`);
    return null;
  },
  insert: (l, a) => {
    let i = num(a[0]);
    if (i < 0) i = Math.max(0, l.length + i);
    l.splice(Math.min(i, l.length), 0, a[1]);
    return null;
  },
  pop: (l, a) => {
    if (l.length === 0) throw pyError('IndexError', 'pop from empty list');
    let i = a.length ? num(a[0]) : l.length - 1;
    if (i < 0) i += l.length;
    if (i < 0 || i >= l.length) throw pyError('IndexError', 'pop index out of range');
    return l.splice(i, 1)[0];
  },
  remove: (l, a) => {
    const i = indexOfEq(l, a[0]);
    if (i < 0) throw pyError('ValueError', 'list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  reverse: (l) => {
    l.reverse();
    return null;
  },
  sort: (l, _a, kw) => {
    pySort(l, !!kw.reverse);
    return null;
  },
  copy: (l) => l.slice(),
  clear: (l) => {
    l.length = 0;
    return null;
  },
};

function view(kind: string, items: unknown[]): unknown[] {
  (items as unknown as Record<symbol, string>)[VIEW] = kind;
  return items;
}

/** The items of any iterable argument of a set method (list, set, str, dict keys, host iterable). */
function setItems(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isMapping(v)) return dictKeys(v);
  if (v instanceof Undefined) return v.strict ? v.fail() : [];
  if (v !== null && typeof v === 'object') return iterHost(v);
  throw pyError('TypeError', `'${typeName(v)}' object is not iterable`);
}

const hasEq = (l: unknown[], x: unknown): boolean => indexOfEq(l, x) >= 0;

/** Adds the items not already present, in place (a set keeps each member once). */
function addAll(l: unknown[], items: unknown[]): void {
  for (const x of items) if (!hasEq(l, x)) l.push(x);
}

/** set methods (sets are lists of distinct members tagged as sets; members keep first-seen order). */
export const SET_METHODS: Record<string, (l: unknown[], a: unknown[], kw: Record<string, unknown>) => unknown> = {
  add: (l, a) => {
    addAll(l, [a[0]]);
    return null;
  },
  update: (l, a) => {
    for (const o of a) addAll(l, setItems(o));
    return null;
  },
  union: (l, a) => {
    const out = pySetOf(l.slice());
    for (const o of a) addAll(out, setItems(o));
    return out;
  },
  intersection: (l, a) => pySetOf(l.filter((x) => a.every((o) => hasEq(setItems(o), x)))),
  difference: (l, a) => pySetOf(l.filter((x) => !a.some((o) => hasEq(setItems(o), x)))),
  symmetric_difference: (l, a) => {
    const other = setItems(a[0]);
    const out = pySetOf(l.filter((x) => !hasEq(other, x)));
    addAll(out, other.filter((x) => !hasEq(l, x)));
    return out;
  },
  issubset: (l, a) => {
    const other = setItems(a[0]);
    return l.every((x) => hasEq(other, x));
  },
  issuperset: (l, a) => setItems(a[0]).every((x) => hasEq(l, x)),
  isdisjoint: (l, a) => !setItems(a[0]).some((x) => hasEq(l, x)),
  discard: (l, a) => {
    const i = indexOfEq(l, a[0]);
    if (i >= 0) l.splice(i, 1);
    return null;
  },
  remove: (l, a) => {
    const i = indexOfEq(l, a[0]);
    if (i < 0) throw pyError('KeyError', pyRepr(a[0]));
    l.splice(i, 1);
    return null;
  },
  pop: (l) => {
    if (l.length === 0) throw pyError('KeyError', "'pop from an empty set'");
    return l.shift();
  },
  copy: (l) => pySetOf(l.slice()),
  clear: (l) => {
    l.length = 0;
    return null;
  },
};

/** dict methods (of plain-object and PyDict dicts alike). */
export const DICT_METHODS: Record<string, (d: AnyDict, a: unknown[], kw: Record<string, unknown>) => unknown> = {
  keys: (d) => view('dict_keys', dictKeys(d)),
  values: (d) => view('dict_values', d instanceof PyDict ? d.values() : plainDictValues(d)),
  items: (d) => view('dict_items', dictEntries(d).map((e) => tuple(e))),
  get: (d, a) => {
    const v = dictGet(d, a[0]);
    return v !== undefined ? v : a.length > 1 ? a[1] : null;
  },
  update: (d, a, kw) => {
    const src = a[0];
    if (isMapping(src)) for (const [k, v] of dictEntries(src)) dictSet(d, k, v);
    else if (Array.isArray(src)) for (const pair of src) dictSet(d, (pair as unknown[])[0], (pair as unknown[])[1]);
    else if (src !== undefined && src !== null && typeof src === 'object' && !(src instanceof Undefined)) Object.assign(d, src);
    for (const k of Object.keys(kw)) dictSet(d, k, kw[k]);
    return null;
  },
  pop: (d, a) => {
    const v = dictGet(d, a[0]);
    if (v !== undefined) {
      dictDelete(d, a[0]);
      return v;
    }
    if (a.length > 1) return a[1];
    throw pyError('KeyError', pyRepr(a[0]));
  },
  popitem: (d) => {
    const entries = dictEntries(d);
    const last = entries[entries.length - 1];
    if (!last) throw pyError('KeyError', "'popitem(): dictionary is empty'");
    dictDelete(d, last[0]);
    return tuple(last);
  },
  setdefault: (d, a) => {
    const v = dictGet(d, a[0]);
    if (v !== undefined) return v;
    const dflt = a.length > 1 ? a[1] : null;
    dictSet(d, a[0], dflt);
    return dflt;
  },
  copy: (d) => (d instanceof PyDict ? new PyDict(d.entries()) : copyPlainDict(d)),
  fromkeys: (_d, a) => dictFromkeys(a),
  clear: (d) => {
    if (d instanceof PyDict) d.clear();
    else for (const k of Object.keys(d)) dictDelete(d, k);
    return null;
  },
};

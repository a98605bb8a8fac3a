// Jinja2's built-in filters (those dbt projects use), with Jinja2 3.1's behaviour.
// Filters run with `this` bound to the Runtime; keyword args arrive as a trailing Kwargs.
import { pyError } from './errors.js';
import { bind, ignoreCase } from './filter-helpers.js';
import { COLLECTION_FILTERS } from './filters-collections.js';
import { mod } from './ops.js';
import { pyStrip, STR_METHODS } from './python-methods.js';
import type { Runtime } from './runtime.js';
import { Kwargs, PyFloat, Undefined, dunder, isFloat, isTuple, mkFloat, num, pyRepr, pyStr, truthy, tuple, typeName } from './values.js';
import { dictEntries, dictSize, isMapping } from './values-dict.js';
import { fileSizeFormat, pyRound, toJson, urlQuote } from './filters-text.js';
import { Decimal } from './decimal.js';
import { PyInt } from './py-int.js';

type Filter = (this: Runtime, value: unknown, ...args: unknown[]) => unknown;

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

const text = (v: unknown): string => pyStr(v);

function lengthOf(v: unknown): number {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Undefined) {
    if (v.strict) v.fail();
    return 0;
  }
  if (isMapping(v)) return dictSize(v);
  if (v instanceof Map || v instanceof Set) return v.size;
  const len = dunder(v, '__len__');
  if (len) return num(len());
  throw pyError('TypeError', `object of type '${typeName(v)}' has no len()`);
}

/** Python int() as the `int` filter uses it. */
function toInt(v: unknown, base: number): number | null {
  if (typeof v === 'string') {
    let s = v.trim().replace(/_/g, '').toLowerCase();
    let sign = 1;
    if (s.startsWith('-') || s.startsWith('+')) {
      if (s[0] === '-') sign = -1;
      s = s.slice(1);
    }
    let b = base;
    const prefixed = /^0([box])/.exec(s);
    if (prefixed && (b === 0 || b === { b: 2, o: 8, x: 16 }[prefixed[1]!])) {
      b = { b: 2, o: 8, x: 16 }[prefixed[1]!]!;
      s = s.slice(2);
    }
    if (b === 0) b = 10;
    const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
    if (!s || [...s].some((c) => !digits.includes(c))) return null;
    return sign * parseInt(s, b);
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || v instanceof PyFloat) return Math.trunc(num(v));
  if (v instanceof Decimal) return v.__int__();
  return null;
}

/** Python float() of a value, or null when it does not convert. */
export function toFloat(v: unknown): number | null {
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase().replace(/_/g, '');
    if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(s)) return NaN;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return null;
    return Number(s);
  }
  if (typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean' || v instanceof Decimal || v instanceof PyInt) return num(v);
  return null;
}

function indent(s: string, width: unknown, first: unknown, blank: unknown): string {
  const ind = typeof width === 'string' ? width : ' '.repeat(width === undefined ? 4 : num(width));
  const lines = (STR_METHODS.splitlines!(s + '\n', [], {}, () => null) as string[]);
  let rv: string;
  if (blank) rv = lines.join('\n' + ind);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += '\n' + lines.map((l) => (l ? ind + l : l)).join('\n');
  }
  return first ? ind + rv : rv;
}

function truncate(s: string, length: number, killwords: boolean, end: string, leeway: number): string {
  const chars = [...s];
  if (chars.length <= length + leeway) return s;
  if (killwords) return chars.slice(0, length - end.length).join('') + end;
  const head = chars.slice(0, length - end.length).join('');
  const i = head.lastIndexOf(' ');
  return (i < 0 ? head : head.slice(0, i)) + end;
}

function wordwrap(s: string, width: number, breakLong: boolean, wrapstring: string): string {
  const out: string[] = [];
  for (const para of s.split(/\r?\n/)) {
    const words = para.split(/\s+/).filter(Boolean);
    let line = '';
    for (let w of words) {
      while (breakLong && w.length > width) {
        if (line) {
          const room = width - line.length - 1;
          if (room > 0) {
            out.push(`${line} ${w.slice(0, room)}`);
            w = w.slice(room);
          } else out.push(line);
          line = '';
          continue;
        }
        out.push(w.slice(0, width));
        w = w.slice(width);
      }
      if (!line) line = w;
      else if (line.length + 1 + w.length <= width) line += ' ' + w;
      else {
        out.push(line);
        line = w;
      }
    }
    out.push(line);
  }
  return out.join(wrapstring);
}

/** The built-in filters. */
export const FILTERS: Record<string, Filter> = {
  ...COLLECTION_FILTERS,
  abs(v) {
    if (typeof v === 'number') return Math.abs(v);
    if (v instanceof PyFloat) return new PyFloat(Math.abs(v.value));
    if (typeof v === 'boolean') return +v;
    if (v instanceof Decimal || v instanceof PyInt) return v.__abs__();
    if (v instanceof Undefined) v.fail();
    throw pyError('TypeError', `bad operand type for abs(): '${typeName(v)}'`);
  },
  attr(v, name) {
    if (v instanceof Undefined) return v.fail();
    if (isMapping(v) || typeof v !== 'object' || v === null) {
      const r = typeof v === 'string' || Array.isArray(v) || isMapping(v) ? this.attr(v, text(name)) : undefined;
      if (isMapping(v) && r !== undefined && typeof r !== 'function') return this.undef(`'dict object' has no attribute '${text(name)}'`);
      return r ?? this.undef(`'${typeName(v)} object' has no attribute '${text(name)}'`);
    }
    return this.attr(v, text(name));
  },
  capitalize: (v) => STR_METHODS.capitalize!(text(v), [], {}, () => null),
  center(v, ...a) {
    const [w] = bind('center', a, ['width']);
    return STR_METHODS.center!(text(v), [w ?? 80], {}, () => null);
  },
  default(v, ...a) {
    const [dflt, boolean] = bind('default', a, ['default_value', 'boolean']);
    if (v instanceof Undefined || (boolean && !truthyNoThrow(v))) return dflt === undefined ? '' : dflt;
    return v;
  },
  escape: (v) => escapeHtml(text(v)),
  forceescape: (v) => escapeHtml(text(v)),
  float(v, ...a) {
    const [dflt] = bind('float', a, ['default']);
    if (v instanceof Undefined) v.fail();
    const f = toFloat(v);
    return f === null ? (dflt === undefined ? new PyFloat(0) : dflt) : mkFloat(f);
  },
  format(v, ...a) {
    const last = a[a.length - 1];
    // keyword arguments only: `"%(a)s"|format(a=1)` formats with the mapping; a positional list is one argument
    if (a.length === 1 && last instanceof Kwargs) return mod(text(v), last.values);
    return mod(text(v), tuple(a));
  },
  indent(v, ...a) {
    const [width, first, blank] = bind('indent', a, ['width', 'first', 'blank']);
    // Jinja2 appends a newline to the value first, which an Undefined refuses
    if (v instanceof Undefined) v.fail();
    return indent(text(v), width, first, blank);
  },
  int(v, ...a) {
    const [dflt, base] = bind('int', a, ['default', 'base']);
    if (v instanceof Undefined) v.fail();
    if (v instanceof PyInt) return v;
    const b = base === undefined ? 10 : num(base);
    let r = toInt(v, b);
    // Python's int('9007199254740993') is exact: digits past 2**53 make a PyInt.
    if (r !== null && !Number.isSafeInteger(r) && typeof v === 'string' && (b === 10 || b === 0) && /^\s*[+-]?\d[\d_]*\s*$/.test(v)) return PyInt.of(BigInt(v.trim().replace(/_/g, '')));
    if (r === null && typeof v === 'string') {
      const f = toFloat(v);
      if (f !== null && Number.isFinite(f)) r = Math.trunc(f);
    }
    return r === null ? (dflt === undefined ? 0 : dflt) : r;
  },
  length: (v) => lengthOf(v),
  lower: (v) => text(v).toLowerCase(),
  upper: (v) => text(v).toUpperCase(),
  pprint: (v) => pyRepr(v),
  replace(v, ...a) {
    // the common call, replace('old', 'new'), goes straight to the replacement (as str.replace
    // does it with no count); models run it on every column
    const [o, r] = a;
    if (a.length === 2 && typeof o === 'string' && typeof r === 'string' && o !== '') {
      const s = text(v);
      return r.includes('$') ? s.split(o).join(r) : s.replaceAll(o, r);
    }
    const [old, rep, count] = bind('replace', a, ['old', 'new', 'count']);
    return STR_METHODS.replace!(text(v), [text(old), text(rep), count === undefined || count === null ? -1 : count], {}, () => null);
  },
  round(v, ...a) {
    const [precision, method] = bind('round', a, ['precision', 'method']);
    const p = precision === undefined ? 0 : num(precision);
    const m = method === undefined ? 'common' : text(method);
    if (!['common', 'ceil', 'floor'].includes(m)) throw pyError('FilterArgumentError', 'method must be common, ceil or floor');
    // round(Decimal, n) stays a Decimal, quantized half to even; ceil and floor go through float
    if (v instanceof Decimal && m === 'common') return v.__round__(p);
    if (v instanceof PyInt && m === 'common' && p >= 0) return v;
    if (typeof v !== 'number' && !(v instanceof PyFloat) && typeof v !== 'boolean' && !(v instanceof Decimal) && !(v instanceof PyInt)) {
      if (v instanceof Undefined) v.fail();
      throw pyError('TypeError', `type ${typeName(v)} doesn't define __round__ method`);
    }
    const x = num(v);
    if (m === 'common') {
      if (!isFloat(v)) return p >= 0 ? x : pyRound(x, p);
      return mkFloat(pyRound(x, p));
    }
    const f = 10 ** p;
    return mkFloat((m === 'ceil' ? Math.ceil(x * f) : Math.floor(x * f)) / f);
  },
  safe: (v) => v,
  string: (v) => text(v),
  striptags(v) {
    const s = text(v).replace(/<!--[\s\S]*?-->/g, '').replace(/<\/?[A-Za-z][^>]*>/g, '');
    return s.split(/\s+/).filter(Boolean).join(' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;|&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  },
  title(v) {
    return text(v)
      .split(/([-\s({[<]+)/)
      .filter(Boolean)
      .map((item) => item[0]!.toUpperCase() + item.slice(1).toLowerCase())
      .join('');
  },
  tojson(v, ...a) {
    const [ind] = bind('tojson', a, ['indent']);
    return toJson(v, ind === undefined || ind === null ? null : num(ind));
  },
  trim(v, ...a) {
    const [chars] = bind('trim', a, ['chars']);
    return pyStrip(text(v), chars, true, true);
  },
  truncate(v, ...a) {
    const [length, killwords, end, leeway] = bind('truncate', a, ['length', 'killwords', 'end', 'leeway']);
    return truncate(text(v), length === undefined ? 255 : num(length), !!killwords, end === undefined ? '...' : text(end), leeway === undefined || leeway === null ? 5 : num(leeway));
  },
  urlencode(v) {
    if (isMapping(v)) return dictEntries(v).map(([k, x]) => `${urlQuote(text(k), true)}=${urlQuote(text(x), true)}`).join('&');
    if (Array.isArray(v) && !isTuple(v) && v.every((x) => Array.isArray(x))) {
      return v.map((x) => `${urlQuote(text((x as unknown[])[0]), true)}=${urlQuote(text((x as unknown[])[1]), true)}`).join('&');
    }
    return urlQuote(text(v), false);
  },
  wordcount: (v) => (text(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length,
  filesizeformat(v, ...a) {
    const [binary] = bind('filesizeformat', a, ['binary']);
    if (v instanceof Undefined) v.fail(); // float(Undefined) fails
    return fileSizeFormat(typeof v === 'string' ? Number(v.trim()) : num(v), truthy(binary));
  },
  wordwrap(v, ...a) {
    const [width, breakLong, wrapstring] = bind('wordwrap', a, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens']);
    if (v instanceof Undefined) v.fail(); // Undefined.splitlines fails
    return wordwrap(text(v), width === undefined ? 79 : num(width), breakLong === undefined ? true : !!breakLong, wrapstring === undefined || wrapstring === null ? '\n' : text(wrapstring));
  },
  items(v) {
    if (v instanceof Undefined) {
      if (v.strict) v.fail();
      return [];
    }
    if (!isMapping(v)) throw pyError('TypeError', `Can only get item pairs from a mapping.`);
    return dictEntries(v).map((e) => tuple(e));
  },
  dictsort(v, ...a) {
    const [caseSensitive, by, reverse] = bind('dictsort', a, ['case_sensitive', 'by', 'reverse']);
    if (v instanceof Undefined) v.fail(); // Undefined.items fails
    if (!isMapping(v)) throw pyError('FilterArgumentError', 'You can only sort by either "key" or "value"');
    const pos = by === undefined || by === 'key' ? 0 : by === 'value' ? 1 : -1;
    if (pos < 0) throw pyError('FilterArgumentError', 'You can only sort by either "key" or "value"');
    const items = dictEntries(v).map((e) => tuple(e));
    const key = (it: unknown[]): unknown => (caseSensitive ? it[pos] : ignoreCase(it[pos]));
    return COLLECTION_FILTERS.sort!.call(this, items.map((it) => it), reverse === undefined ? false : reverse, true, undefined, key);
  },
};
FILTERS.d = FILTERS.default!;
FILTERS.e = FILTERS.escape!;
FILTERS.count = FILTERS.length!;

function truthyNoThrow(v: unknown): boolean {
  return v instanceof Undefined ? false : truthy(v);
}

// Helpers behind Python's str methods (whitespace, strip, split, title case, find bounds,
// justification), shared by the method table in python-methods.ts and by filters.
import { pyError } from './errors.js';
import { num, typeName, Undefined } from './values.js';

const WS_CHARS = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
/** True for a character Python's str.isspace() counts as whitespace. */
export const isWs = (c: string): boolean => WS_CHARS.includes(c);

/** The argument when it is a string; else Python's TypeError (or the undefined's error). */
export function str(v: unknown, what: string): string {
  if (typeof v === 'string') return v;
  if (v instanceof Undefined) v.fail();
  throw pyError('TypeError', `${what} must be str, not ${typeName(v)}`);
}

function stripSet(chars: unknown): (c: string) => boolean {
  if (chars === undefined || chars === null) return isWs;
  const set = str(chars, 'strip arg');
  return (c) => set.includes(c);
}

/** Python str.strip family. */
export function pyStrip(s: string, chars: unknown, left: boolean, right: boolean): string {
  const test = stripSet(chars);
  const cs = [...s];
  let a = 0;
  let b = cs.length;
  if (left) while (a < b && test(cs[a]!)) a++;
  if (right) while (b > a && test(cs[b - 1]!)) b--;
  return cs.slice(a, b).join('');
}

/** Python str.split / rsplit. */
export function pySplit(s: string, sep: unknown, maxsplit: number, fromRight: boolean): string[] {
  if (sep === undefined || sep === null) {
    const words: string[] = [];
    if (!fromRight) {
      let i = 0;
      const cs = [...s];
      while (i < cs.length) {
        while (i < cs.length && isWs(cs[i]!)) i++;
        if (i >= cs.length) break;
        if (maxsplit >= 0 && words.length === maxsplit) {
          words.push(cs.slice(i).join(''));
          break;
        }
        let j = i;
        while (j < cs.length && !isWs(cs[j]!)) j++;
        words.push(cs.slice(i, j).join(''));
        i = j;
      }
      return words;
    }
    const rev = pySplit([...s].reverse().join(''), null, maxsplit, false);
    return rev.map((w) => [...w].reverse().join('')).reverse();
  }
  const sp = str(sep, 'separator');
  if (sp === '') throw pyError('ValueError', 'empty separator');
  const parts = s.split(sp);
  if (maxsplit < 0 || parts.length - 1 <= maxsplit) return parts;
  if (!fromRight) return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sp)];
  const cut = parts.length - maxsplit;
  return [parts.slice(0, cut).join(sp), ...parts.slice(cut)];
}

/** True for a character that has an upper and a lower case. */
export const cased = (c: string): boolean => c.toLowerCase() !== c.toUpperCase();

/** Python str.title(). */
export function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const c of s) {
    out += prevCased ? c.toLowerCase() : c.toUpperCase();
    prevCased = cased(c) || /\p{L}/u.test(c);
  }
  return out;
}

/** str.startswith/endswith with optional bounds and a tuple of candidates. */
export function prefixTest(s: string, arg: unknown, start: unknown, end: unknown, ends: boolean): boolean {
  const sub = s.slice(start == null ? 0 : num(start), end == null ? undefined : num(end));
  const list = Array.isArray(arg) ? arg : [arg];
  return list.some((p) => (ends ? sub.endsWith(str(p, 'endswith arg')) : sub.startsWith(str(p, 'startswith arg'))));
}

/** str.find/rfind: where `sub` is in s[start:end] (Python slice bounds), or -1. */
export function findIn(s: string, sub: string, start: unknown, end: unknown, last: boolean): number {
  const len = s.length;
  let lo = start == null ? 0 : num(start);
  let hi = end == null ? len : num(end);
  if (lo < 0) lo = Math.max(0, lo + len);
  if (hi < 0) hi = Math.max(0, hi + len);
  hi = Math.min(hi, len);
  if (lo > len || hi - lo < sub.length) return -1;
  if (!last) return s.slice(0, hi).indexOf(sub, lo);
  const i = s.lastIndexOf(sub, hi - sub.length);
  return i >= lo ? i : -1;
}

/** str.ljust/rjust/center. */
export function justify(s: string, width: unknown, fill: unknown, how: 'l' | 'r' | 'c'): string {
  const w = num(width);
  const f = fill === undefined ? ' ' : str(fill, 'fill character');
  const len = [...s].length;
  if (len >= w) return s;
  const n = w - len;
  if (how === 'l') return s + f.repeat(n);
  if (how === 'r') return f.repeat(n) + s;
  const left = Math.floor(n / 2) + (n & w & 1);
  return f.repeat(left) + s + f.repeat(n - left);
}

/** Argument i of a method call, given positionally or by keyword `name`. */
export const arg = (args: unknown[], kw: Record<string, unknown>, i: number, name: string): unknown => (i < args.length ? args[i] : kw[name]);
/** The maxsplit argument of split/rsplit (-1 when absent). */
export const maxsplitOf = (args: unknown[], kw: Record<string, unknown>): number => {
  const m = arg(args, kw, 1, 'maxsplit');
  return m === undefined ? -1 : num(m);
};

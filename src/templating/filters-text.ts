// Numeric and text helpers of filters: Python's round(), tojson, URL quoting.
import { pyError } from './errors.js';
import { Decimal } from './decimal.js';
import { PyInt } from './py-int.js';
import { PyDict, PyFloat, Undefined, isDict, pyStr } from './values.js';
import { floatRepr } from './py-literals.js';

/** Python's round(x, n): correctly rounded, exact ties to even. */
export function pyRound(x: number, n: number): number {
  if (!Number.isFinite(x)) return x;
  if (n < 0) {
    const f = 10 ** -n;
    const q = x / f;
    const r = Math.round(q);
    const tie = Math.abs(q - Math.trunc(q)) === 0.5;
    return (tie ? (Math.trunc(q) % 2 === 0 ? Math.trunc(q) : Math.trunc(q) + Math.sign(q)) : r) * f;
  }
  if (n > 20) return x;
  const exact = Math.abs(x).toFixed(Math.min(100, n + 30));
  const [ip, fp = ''] = exact.split('.');
  const keep = fp.slice(0, n);
  const rest = fp.slice(n);
  let digits = (ip ?? '0') + keep;
  const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || Number(digits[digits.length - 1]) % 2 === 1));
  if (up) {
    const arr = digits.split('').map(Number);
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i]! < 9) {
        arr[i]!++;
        break;
      }
      arr[i] = 0;
      i--;
    }
    digits = (i < 0 ? '1' : '') + arr.join('');
  }
  const intLen = digits.length - n;
  const result = Number(`${digits.slice(0, intLen) || '0'}.${digits.slice(intLen) || '0'}`);
  return x < 0 || Object.is(x, -0) ? -result : result;
}

const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) {
      if (c > 0xffff) {
        const h = Math.floor((c - 0x10000) / 0x400) + 0xd800;
        const l = ((c - 0x10000) % 0x400) + 0xdc00;
        out += `\\u${h.toString(16).padStart(4, '0')}\\u${l.toString(16).padStart(4, '0')}`;
      } else out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

/** Python's json.dumps(v, sort_keys=True, indent=...) */
export function jsonDumps(v: unknown, indent: number | null, level = 0): string {
  const nl = indent === null ? '' : '\n' + ' '.repeat(indent * (level + 1));
  const close = indent === null ? '' : '\n' + ' '.repeat(indent * level);
  const sep = indent === null ? ', ' : ',';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return Number.isInteger(v) ? String(v) : floatRepr(v);
  }
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof Undefined) {
    if (v.strict) v.fail();
    throw pyError('TypeError', 'Object of type Undefined is not JSON serializable');
  }
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return `[${nl}${v.map((x) => jsonDumps(x, indent, level + 1)).join(sep + nl)}${close}]`;
  }
  if (v instanceof PyDict) {
    // json.dumps turns int, float, bool and None keys into strings; others cannot be keys
    const plain: Record<string, unknown> = {};
    for (const [k, x] of v.entries()) {
      if (typeof k === 'string') plain[k] = x;
      else if (k === null) plain.null = x;
      else if (typeof k === 'boolean') plain[k ? 'true' : 'false'] = x;
      else if (typeof k === 'number' || k instanceof PyFloat) plain[jsonDumps(k, null)] = x;
      else throw pyError('TypeError', `keys must be str, int, float, bool or None, not ${k === undefined ? 'NoneType' : Array.isArray(k) ? 'tuple' : (k as object).constructor?.name ?? 'object'}`);
    }
    if (v.keys().some((k) => typeof k === 'string') && v.keys().some((k) => typeof k !== 'string')) {
      throw pyError('TypeError', "'<' not supported between instances of 'int' and 'str'");
    }
    return jsonDumps(plain, indent, level);
  }
  if (isDict(v)) {
    const keys = Object.keys(v).sort();
    if (!keys.length) return '{}';
    return `{${nl}${keys.map((k) => `${jsonString(k)}: ${jsonDumps(v[k], indent, level + 1)}`).join(sep + nl)}${close}}`;
  }
  if (v instanceof PyInt) return v.__str__();
  // json.dumps has no encoding for a Decimal (what agate holds a query's numbers as)
  if (v instanceof Decimal) throw pyError('TypeError', 'Object of type Decimal is not JSON serializable');
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return jsonDumps((v as { toJSON(): unknown }).toJSON(), indent, level);
  throw pyError('TypeError', `Object of type ${(v as object).constructor?.name ?? 'object'} is not JSON serializable`);
}

/** Jinja2's tojson filter (htmlsafe_json_dumps with sorted keys). */
export function toJson(v: unknown, indent: number | null): string {
  return jsonDumps(v, indent).replace(/[<>&']/g, (c) => JSON_ESCAPES[c]!);
}

/** Python's urllib quote (safe '/' unless for a query string, where spaces become '+'). */
export function urlQuote(s: string, forQs: boolean): string {
  const bytes = new TextEncoder().encode(pyStr(s));
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.~-]/.test(c) || (!forQs && c === '/')) out += c;
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return forQs ? out.replace(/%20/g, '+') : out;
}

/** Jinja's filesizeformat: `1 Byte`, `512 Bytes`, then one decimal in kB, MB... (KiB, MiB... when binary). */
export function fileSizeFormat(bytes: number, binary: boolean): string {
  const base = binary ? 1024 : 1000;
  const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let i = 0;
  while (i < prefixes.length - 1 && bytes >= base ** (i + 2)) i++;
  return `${((base * bytes) / base ** (i + 2)).toFixed(1)} ${prefixes[i]}`;
}

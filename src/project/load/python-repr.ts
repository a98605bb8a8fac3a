// Python's str() and repr() for the plain values YAML produces. dbt builds generic test
// names with str() of each argument and hashes repr() of the test's metadata, so the
// names and unique_ids only match dbt's when these match Python's output.

import { pyRepr as templatePyRepr, pyStr as templatePyStr } from '../../templating/index.js';

/** Python's `repr()` of a YAML-shaped value (str, int, float, bool, None, list, dict, date). */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return reprString(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  // A float written with its `.0`, a date: the template engine's own Python values.
  if (isPyValue(value)) return templatePyRepr(value);
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${reprString(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return pyStr(value);
}

/** Python's `str()` of a YAML-shaped value. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return reprNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (isPyValue(value)) return templatePyStr(value);
  if (typeof value === 'object') return pyRepr(value);
  return String(value);
}

// An object that is neither a list nor a plain mapping: a value YAML read as PyYAML does (PyFloat, PyDate).
const isPyValue = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null;

function reprNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  // Python writes exponents with at least two digits (1e-07), JavaScript with one (1e-7).
  return String(n).replace(/e([+-])(\d)$/, 'e$10$2');
}

// Printable ASCII without quotes or backslashes needs no escaping (test names, refs, columns).
const PLAIN = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

// The same, with single quotes allowed: Python quotes those with double quotes, unescaped
// (`"{{ get_where_subquery(ref('orders')) }}"`, the `model` argument of every generic test).
const PLAIN_WITH_SINGLE_QUOTES = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Python's `repr()` of a string. */
export function reprString(s: string): string {
  if (PLAIN.test(s)) return `'${s}'`;
  if (PLAIN_WITH_SINGLE_QUOTES.test(s)) return `"${s}"`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

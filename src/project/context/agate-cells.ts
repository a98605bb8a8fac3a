// The cells of a query result as dbt's agate table holds them: Python values made from what the
// warehouse hands over (Decimals, dates and datetimes, exact ints, JSON text for containers).
import type { BridgeQueryResult } from './database-bridge.js';
import { CONTAINER_TYPE } from './agate-print.js';
import { Decimal, PyFloat, PyInt } from '../../templating/index.js';
import { PyTimedelta, parseIso } from './py/datetime.js';
import { pyJsonDumps } from './py-helpers.js';

const DATE_TYPE = /^DATE$/i;
const TIMESTAMP_TYPE = /^(TIMESTAMP|DATETIME)(_S|_MS|_NS|\(\d\))?( WITH TIME ZONE)?$|^TIMESTAMPTZ$/i;
const FLOAT_TYPE = /^(DOUBLE|FLOAT|REAL|FLOAT4|FLOAT8)$/i;
const INTERVAL_TYPE = /^INTERVAL$/i;
const DECIMAL_TYPE = /^(?:DECIMAL|NUMERIC)\s*\(\s*\d+\s*,\s*(\d+)\s*\)$/i;

// The integer types whose values may pass 2**53: the warehouse hands those over as their digits.
const WIDE_INT_TYPE = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|BIGNUM|VARINT)$/i;

type CellKind = 'date' | 'datetime' | 'float' | 'json' | 'int' | 'interval' | 'time' | 'blob' | { scale: number } | null;

function cellKind(dataType: string): CellKind {
  if (WIDE_INT_TYPE.test(dataType)) return 'int';
  if (CONTAINER_TYPE.test(dataType)) return 'json';
  if (DATE_TYPE.test(dataType)) return 'date';
  if (TIMESTAMP_TYPE.test(dataType)) return 'datetime';
  if (FLOAT_TYPE.test(dataType)) return 'float';
  if (INTERVAL_TYPE.test(dataType)) return 'interval';
  if (/^TIME$/i.test(dataType)) return 'time';
  if (/^(BLOB|BYTEA|VARBINARY)$/i.test(dataType)) return 'blob';
  const decimal = DECIMAL_TYPE.exec(dataType);
  return decimal ? { scale: Number(decimal[1]) } : null;
}

// agate's Number type holds floats and decimals as Python Decimals: a float becomes
// Decimal(repr(x)) (3.0 prints `3.0`) and a DECIMAL(p,s) keeps its scale (60.00); integer
// columns stay ints (dbt's Integer type). The warehouse hands a DECIMAL to templates as its exact
// text; a bridge that gives a number instead has its shortest repr (exact up to 15 significant
// digits) given the column's scale.
function pyDecimal(v: number | string, kind: 'float' | { scale: number }): Decimal {
  const decimal = typeof v === 'string' ? Decimal.parse(v) : Decimal.fromFloat(v);
  return kind === 'float' ? decimal : (decimal.__round__(kind.scale) as Decimal);
}

/**
 * The cells as agate holds them: floats and DECIMALs as Decimals (above), DATE and TIMESTAMP
 * values as Python date and datetime objects (dbt code calls .strftime() on them or adds
 * timedeltas), which the warehouse hands over in its text form, and lists and structs as JSON text.
 */
export function withPythonValues(result: BridgeQueryResult): unknown[][] {
  const kinds = result.columns.map((c) => cellKind(c.dataType));
  const shapes = result.columns.map((c, i) => (kinds[i] === 'json' ? containerShape(c.dataType) : null));
  // Integer cells are numbers and pass as they are, unless one is past 2**53 (given as its digits).
  if (kinds.every((k) => k === null || k === 'int') && !hasWideInt(result.rows, kinds)) return result.rows;
  return result.rows.map((row) =>
    row.map((v, i) => {
      const kind = kinds[i];
      if (kind === null || kind === undefined) return v;
      // dbt gives templates an exact Python int, which a JS number past 2**53 is not.
      if (kind === 'int') return typeof v === 'string' ? PyInt.of(BigInt(v)) : typeof v === 'bigint' ? PyInt.of(v) : v;
      if (kind === 'float') return typeof v === 'number' ? pyDecimal(v, kind) : v;
      // dbt hands a list or dict value to agate as its JSON text (json.dumps), so templates get a string.
      if (kind === 'json') return v === null || typeof v === 'string' ? v : pyJsonDumps(pythonParts(v, shapes[i] ?? null));
      if (kind === 'interval') return typeof v === 'string' ? timedeltaText(v) : v;
      // agate keeps a time as Text, its str(): the fraction always has six digits
      if (kind === 'time') return typeof v === 'string' ? pythonTime(v) : v;
      // DuckDB hands Python bytes, which agate keeps as Text: their repr, b'...'
      if (kind === 'blob') return typeof v === 'string' && /^(?:[0-9A-F]{2})*$/i.test(v) ? bytesRepr(v) : v;
      if (kind !== 'date' && kind !== 'datetime') return typeof v === 'number' || typeof v === 'string' ? pyDecimal(v, kind) : v;
      if (typeof v !== 'string') return v;
      try {
        // DuckDB writes a whole-hour offset as +00; Python's isoformat wants +00:00
        return kind === 'date' ? parseIso(v, true) : parseIso(v.replace(/(\d:\d{2}(?:\.\d+)?[+-]\d{2})$/, '$1:00'), false);
      } catch {
        return v; // infinity, BC dates and years past 9999 stay text
      }
    }),
  );
}

// Whether an integer column holds a value past 2**53 (as text or a bigint, not a number).
function hasWideInt(rows: unknown[][], kinds: CellKind[]): boolean {
  const columns = kinds.flatMap((k, i) => (k === 'int' ? [i] : []));
  return columns.length > 0 && rows.some((row) => columns.some((i) => typeof row[i] === 'string' || typeof row[i] === 'bigint'));
}

// DuckDB's text of an interval: '1 year 2 months -3 days -01:30:00.5', each part optional.
const INTERVAL_PART = /(-?\d+) (year|month|day)s?/g;
const INTERVAL_TIME = /(-?)(\d+):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/**
 * An interval as dbt's agate table holds it: DuckDB hands Python a timedelta of 30 days a month
 * plus the days and microseconds, which agate keeps as Text, its str() ('-1 day, 22:30:00').
 */
export function timedeltaText(text: string): string {
  let days = 0;
  for (const [, n, unit] of text.matchAll(INTERVAL_PART)) days += Number(n) * (unit === 'year' ? 360 : unit === 'month' ? 30 : 1);
  const time = INTERVAL_TIME.exec(text);
  let micros = 0;
  if (time) {
    const [, sign, h, m, sec, frac = ''] = time;
    micros = ((Number(h) * 60 + Number(m)) * 60 + Number(sec)) * 1e6 + Number(frac.padEnd(6, '0'));
    if (sign === '-') micros = -micros;
  }
  return new PyTimedelta(days * 86_400_000_000 + micros).toString();
}

// A container cell's parts are written as dbt's JSON encoder writes the Python values DuckDB hands
// over: floats and DECIMALs as floats (2.0, not 2), datetimes and times by isoformat().
type Shape = { list: Shape } | { fields: Map<string, Shape> } | { map: Shape } | 'float' | 'datetime' | 'time' | null;

/** What of a DuckDB type's values needs rewriting inside a container (null: nothing). */
export function containerShape(dataType: string): Shape {
  const t = dataType.trim();
  const list = /^(.*)\[\d*\]$/s.exec(t);
  if (list) return wrap(containerShape(list[1]!), (s) => ({ list: s }));
  const inner = /^(STRUCT|MAP)\s*\((.*)\)$/is.exec(t);
  if (inner) {
    const parts = splitTopLevel(inner[2]!);
    if (inner[1]!.toUpperCase() === 'MAP') return wrap(containerShape(parts[1] ?? ''), (s) => ({ map: s }));
    const fields = new Map<string, Shape>();
    for (const part of parts) {
      const m = /^\s*("(?:[^"]|"")*"|\S+)\s+(.*)$/s.exec(part);
      if (!m) continue;
      const shape = containerShape(m[2]!);
      if (shape !== null) fields.set(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!, shape);
    }
    return fields.size > 0 ? { fields } : null;
  }
  if (FLOAT_TYPE.test(t) || DECIMAL_TYPE.test(t)) return 'float';
  if (TIMESTAMP_TYPE.test(t)) return 'datetime';
  return /^TIME$/i.test(t) ? 'time' : null;
}

const wrap = (s: Shape, f: (s: Exclude<Shape, null>) => Shape): Shape => (s === null ? null : f(s));

// Splits 'a INT, b STRUCT(c INT, d INT)' at its top-level commas, minding quotes.
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A container's value with its floats, datetimes and times as Python values, as `shape` says. */
export function pythonParts(v: unknown, shape: Shape): unknown {
  if (v === null || v === undefined || shape === null) return v;
  if (shape === 'float') return typeof v === 'number' || typeof v === 'string' ? new PyFloat(Number(v)) : v;
  if (shape === 'datetime' || shape === 'time') {
    if (typeof v !== 'string') return v;
    if (shape === 'time') return pythonTime(v);
    try {
      return parseIso(v.replace(/(\d:\d{2}(?:\.\d+)?[+-]\d{2})$/, '$1:00'), false).isoformat();
    } catch {
      return v;
    }
  }
  if ('list' in shape) return Array.isArray(v) ? v.map((x) => pythonParts(x, shape.list)) : v;
  if (typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = pythonParts(x, 'map' in shape ? shape.map : shape.fields.get(k) ?? null);
  return out;
}

// A DuckDB TIME's text as Python writes the time: '01:02:03.5' -> '01:02:03.500000'.
function pythonTime(text: string): string {
  return /^\d{2}:\d{2}:\d{2}\.\d{1,6}$/.test(text) ? text.replace(/\.(\d+)$/, (_, f: string) => `.${f.padEnd(6, '0')}`) : text;
}

/** Python's repr() of the bytes whose hex digits are `hex`: b'a\\x00', in double quotes when they hold ' and not ". */
export function bytesRepr(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((h) => parseInt(h, 16));
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let body = '';
  for (const b of bytes) {
    if (b === 0x5c) body += '\\\\';
    else if (b === quote.charCodeAt(0)) body += `\\${quote}`;
    else if (b === 0x09) body += '\\t';
    else if (b === 0x0a) body += '\\n';
    else if (b === 0x0d) body += '\\r';
    else if (b < 0x20 || b >= 0x7f) body += `\\x${b.toString(16).padStart(2, '0')}`;
    else body += String.fromCharCode(b);
  }
  return `b${quote}${body}${quote}`;
}

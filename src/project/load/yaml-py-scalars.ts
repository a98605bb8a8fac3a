// Plain scalars resolved by PyYAML's (YAML 1.1) rules, which dbt reads its files with. The YAML
// library's own 1.1 numbers are looser: it reads `e3` and `1e3` as floats and `08` as an int,
// where PyYAML keeps all three as strings (its floats need a dot, its exponents a sign).
import { PyFloat, PyInt } from '../../templating/index.js';
import { PyDate, PyDatetime, PyTimezone, UTC } from '../context/py/datetime.js';

const INT = 'tag:yaml.org,2002:int';
const FLOAT = 'tag:yaml.org,2002:float';
const TIMESTAMP = 'tag:yaml.org,2002:timestamp';

const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_TIMESTAMP = /^(?:([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)$/;

/** Sign and the digits after it, underscores dropped (PyYAML's first step for both numbers). */
function signed(text: string): [number, string] {
  const s = text.replace(/_/g, '');
  return s[0] === '-' ? [-1, s.slice(1)] : s[0] === '+' ? [1, s.slice(1)] : [1, s];
}

/** Base-60 digits (`1:30` is 90), as YAML 1.1 writes durations. */
const sexagesimal = (body: string): number => body.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);

/** PyYAML's construct_yaml_int. */
export function pyInt(text: string): number {
  const [sign, v] = signed(text);
  if (v === '0') return 0;
  if (v.startsWith('0b')) return sign * parseInt(v.slice(2), 2);
  if (v.startsWith('0x')) return sign * parseInt(v.slice(2), 16);
  if (v[0] === '0') return sign * parseInt(v, 8);
  if (v.includes(':')) return sign * sexagesimal(v);
  return sign * Number(v);
}

/** PyYAML's construct_yaml_int, exact: an int past 2^53 (an id, a hash key) is a PyInt. */
export function pyExactInt(text: string): number | PyInt {
  const n = pyInt(text);
  if (Number.isSafeInteger(n)) return n;
  const [sign, v] = signed(text);
  let big: bigint;
  if (v.startsWith('0b') || v.startsWith('0x')) big = BigInt(v);
  else if (v[0] === '0') big = BigInt(`0o${v.slice(1)}`);
  else if (v.includes(':')) big = v.split(':').reduce((acc, part) => acc * 60n + BigInt(part), 0n);
  else big = BigInt(v);
  return PyInt.of(sign < 0 ? -big : big);
}

/** PyYAML's construct_yaml_float, as a JavaScript number. */
export function pyFloat(text: string): number {
  const [sign, v] = signed(text.toLowerCase());
  if (v === '.inf') return sign * Infinity;
  if (v === '.nan') return NaN;
  if (v.includes(':')) {
    const dot = v.indexOf('.');
    return sign * (sexagesimal(v.slice(0, dot)) + Number(`0${v.slice(dot)}`));
  }
  return sign * Number(v.endsWith('.') ? `${v}0` : v);
}

/** PyYAML's construct_yaml_timestamp: a date, or a datetime (aware when a zone is written). */
export function pyTimestamp(text: string): PyDate | undefined {
  const m = PY_TIMESTAMP.exec(text);
  if (!m) return undefined;
  try {
    if (m[1] !== undefined) return new PyDate(Number(m[1]), Number(m[2]), Number(m[3]));
    const micros = Number((m[10] ?? '').slice(0, 6).padEnd(6, '0'));
    let tz: PyTimezone | null = null;
    if (m[12] !== undefined) {
      const minutes = Number(m[13]) * 60 + Number(m[14] ?? 0);
      const offset = m[12] === '-' ? -minutes : minutes;
      tz = new PyTimezone(offset, `UTC${offsetName(offset)}`);
    } else if (m[11] === 'Z') tz = UTC;
    return new PyDatetime(Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]), Number(m[8]), Number(m[9]), micros, tz);
  } catch {
    // An impossible date (2020-02-30): kept as the text it is.
    return undefined;
  }
}

const offsetName = (minutes: number): string =>
  `${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;

/** PyYAML's int and float resolvers, giving plain numbers (integral floats lose their `.0`). */
export const PY_NUMBER_TAGS = [
  { identify: (v: unknown) => typeof v === 'number' && Number.isInteger(v), default: true, tag: INT, test: PY_INT, resolve: pyInt },
  { identify: (v: unknown) => typeof v === 'number', default: true, tag: FLOAT, test: PY_FLOAT, resolve: pyFloat },
];

/**
 * The same resolvers giving Python's own values, for YAML that templates read as it is (vars):
 * an integral float keeps its `.0`, an int past 2^53 stays exact and a timestamp is a
 * datetime.date or datetime.datetime.
 */
export const PY_TYPED_SCALAR_TAGS = [
  { ...PY_NUMBER_TAGS[0]!, identify: (v: unknown) => v instanceof PyInt || (typeof v === 'number' && Number.isInteger(v)), resolve: pyExactInt },
  { identify: (v: unknown) => v instanceof PyFloat, default: true, tag: FLOAT, test: PY_FLOAT, resolve: (text: string) => {
    const n = pyFloat(text);
    return Number.isInteger(n) ? new PyFloat(n) : n;
  } },
  { identify: (v: unknown) => v instanceof PyDate, default: true, tag: TIMESTAMP, test: PY_TIMESTAMP, resolve: (text: string) => pyTimestamp(text) ?? text },
];

/** Tags of the YAML library's schema that PyYAML's resolvers above replace. */
export const REPLACED_TAGS = new Set([INT, FLOAT, TIMESTAMP]);

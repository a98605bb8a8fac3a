// dbt's small context functions: tojson/fromjson, toyaml/fromyaml, zip, set, local_md5,
// diff_of_two_dicts.
import { createHash } from 'node:crypto';
import { Scalar, parse as parseYaml, stringify as stringifyYaml, type ScalarTag, type Tags } from 'yaml';
import { Decimal, PyDict, PyFloat, PyInt, ensureAscii, isUndefined, pyDictEntries, pyEq, pyRepr, pySetOf, pyStr, toPlain, tuple } from '../../templating/index.js';
import { ReelhouseError, userError } from '../../core/diagnostic.js';
import { bindParams, isNone } from './py-args.js';
import { PyDate, PyDatetime, PyTimedelta } from './py/datetime.js';
import { PyTime } from './py/time.js';
import { PY_TYPED_TAGS } from '../load/yaml-file.js';
import { pyJsonLoads } from './py-json.js';

// yaml.safe_dump's layout (dbt's toyaml): lists under a key start at the key's column, quoting
// prefers single quotes, and YAML 1.1 words (yes, on, 0o12...) are quoted to stay strings.
const PY_YAML_LAYOUT = { indentSeq: false, singleQuote: true, version: '1.1', customTags: pyYamlDumpTags } as const;

// PyYAML's resolver reads yes/no, true/false and on/off as booleans, but not the single letters
// y and n that YAML 1.1 lists: safe_dump leaves `y` and `n` unquoted.
function pyYamlDumpTags(tags: Tags): Tags {
  const booleans = tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:bool' || !tag.test) return tag;
    const test = tag.test.test('yes') ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
    return { ...tag, test };
  });
  // safe_dump writes a date or datetime as a plain timestamp: 2024-01-02, 2024-01-02 03:04:05
  const timestamps: ScalarTag = { identify: (v) => v instanceof PyDate, default: true, tag: TIMESTAMP_TAG, resolve: (text) => text, stringify: ({ value }) => String(value) };
  // a dict with keys that are not strings is handed over as a Map: a mapping, not YAML 1.1's !!omap
  // safe_dump escapes what is not printable ASCII (allow_unicode is off): "caf\xE9", "a\tb"
  const escaped: ScalarTag = { identify: (v) => typeof v === 'string' && NOT_PRINTABLE_ASCII.test(v), default: true, tag: 'tag:yaml.org,2002:str', resolve: (text) => text, stringify: ({ value }) => pyYamlDoubleQuoted(String(value)) };
  // safe_dump writes a float as its repr, with `.0` put before an exponent (1.0e-05, 1.0e+16)
  // (its `test` matches no text: strings keep the quoting the library's own float tags decide,
  // and the library prefers, among tags that identify a value, those that have one)
  const floats: ScalarTag = { identify: isPyFloat, default: true, tag: FLOAT_TAG, test: /(?!)/, resolve: (text) => text, stringify: ({ value }) => pyYamlFloat(value) };
  // an int past 2^53 in full
  const bigInts: ScalarTag = { identify: (v) => v instanceof PyInt, default: true, tag: 'tag:yaml.org,2002:int', test: /(?!)/, resolve: (text) => text, stringify: ({ value }) => (value as PyInt).value.toString() };
  return [floats, bigInts, timestamps, escaped, ...booleans.filter((tag) => typeof tag !== 'object' || (tag.tag !== 'tag:yaml.org,2002:omap' && tag.tag !== 'tag:yaml.org,2002:pairs'))];
}

const FLOAT_TAG = 'tag:yaml.org,2002:float';

// A Python float: an integral one is a PyFloat, any other number that is not whole is one too.
const isPyFloat = (v: unknown): boolean => v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));

/** PyYAML's represent_float. */
function pyYamlFloat(value: unknown): string {
  const n = value instanceof PyFloat ? value.value : Number(value);
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  const repr = pyRepr(new PyFloat(n)).toLowerCase();
  return !repr.includes('.') && repr.includes('e') ? repr.replace('e', '.0e') : repr;
}

// Characters PyYAML's safe_dump cannot write as they are (line breaks alone it writes in a quoted style).
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e\n]/u;
const YAML_ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

/** A string in PyYAML's double-quoted style: its escapes, and \xXX, \uXXXX or \UXXXXXXXX for the rest. */
function pyYamlDoubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (YAML_ESCAPES[ch] !== undefined) out += `\\${YAML_ESCAPES[ch]}`;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * Python's json.dumps layout (`, ` and `: ` separators), optionally with sorted keys; with an
 * indent, one item a line and `,` at line ends, as json.dumps(indent=n) writes.
 */
export function pyJsonDumps(value: unknown, sortKeys = false, indent: number | null = null): string {
  // A PyDict keeps Python's key order, which a plain object would not for keys like '2024'.
  const plain = toPlainKeepingOrder(value);
  const pad = (depth: number): string => (indent === null ? '' : `\n${' '.repeat(indent * depth)}`);
  const wrap = (open: string, items: string[], close: string, depth: number): string =>
    indent === null || items.length === 0 ? `${open}${items.join(', ')}${close}` : `${open}${items.map((i) => pad(depth + 1) + i).join(',')}${pad(depth)}${close}`;
  const walk = (v: unknown, depth = 0): string => {
    if (v === null || v === undefined) return 'null';
    // json.dumps writes a float with its repr, so 5.0 stays `5.0`
    if (v instanceof PyFloat) return Number.isFinite(v.value) ? pyRepr(v) : walk(v.value);
    // a float as Python's repr writes it (1e-05, 1.5e-07), an int in full
    if (typeof v === 'number') return Number.isFinite(v) ? pyRepr(v) : v > 0 ? 'Infinity' : Number.isNaN(v) ? 'NaN' : '-Infinity';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return ensureAscii(JSON.stringify(v));
    if (Array.isArray(v)) return wrap('[', v.map((x) => walk(x, depth + 1)), ']', depth);
    // json.dumps has no encoding for a Decimal (a run_query number): a TypeError, as in dbt
    if (v instanceof Decimal) throw userError('compiler-error', 'Object of type Decimal is not JSON serializable');
    if (typeof v === 'object') {
      if (!(v instanceof Map) && typeof (v as { toString?: unknown }).toString === 'function' && Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) {
        return JSON.stringify(String(v));
      }
      const entries = v instanceof Map ? [...(v as Map<string, unknown>).entries()] : Object.keys(v).map((k): [string, unknown] => [k, (v as Record<string, unknown>)[k]]);
      if (sortKeys) entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return wrap('{', entries.map(([k, x]) => `${JSON.stringify(k)}: ${walk(x, depth + 1)}`), '}', depth);
    }
    return JSON.stringify(String(v));
  };
  return walk(plain);
}

/** toPlain, except that a PyDict becomes a Map (keys as json.dumps writes them, Python's order) instead of a plain object. */
function toPlainKeepingOrder(value: unknown): unknown {
  if (value instanceof PyFloat) return value;
  if (value instanceof PyDict) return new Map(value.entries().map(([k, x]) => [jsonKey(k), toPlainKeepingOrder(x)]));
  if (Array.isArray(value)) return value.map(toPlainKeepingOrder);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // a dict's own keys, in insertion order (a key such as 1 or '2024' set after others stays after them)
    return new Map(pyDictEntries(value as Record<string, unknown>).map(([k, x]) => [jsonKey(k), toPlainKeepingOrder(x)]));
  }
  return toPlain(value);
}

const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';


/** toPlain, except that a float with an integral value stays a float: yaml.safe_dump writes 5.0 as `5.0`. */
function toPlainForYaml(value: unknown): unknown {
  if (value instanceof PyFloat) return new Scalar(value);
  if (Array.isArray(value)) return value.map(toPlainForYaml);
  if (value instanceof PyDict) return yamlMap(value.entries());
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return yamlMap(pyDictEntries(value as Record<string, unknown>));
  return toPlain(value);
}

// Keys that are not strings stay numbers, booleans or null: safe_dump writes `1: a`, not `'1': a`.
function yamlMap(entries: [unknown, unknown][]): Map<unknown, unknown> {
  return new Map(entries.map(([k, x]) => [k instanceof PyFloat ? k.value : (k ?? null), toPlainForYaml(x)]));
}

/** json.dumps's text for a dict key: str(k) for numbers, true/false/null for the constants. */
function jsonKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === null || k === undefined) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  return pyStr(k);
}

// The Python type name of the first date, datetime, time, timedelta or Decimal json.dumps meets in a value.
function unencodableWithin(value: unknown, sortKeys: boolean, depth = 0): string | undefined {
  if (value instanceof PyTimedelta) return 'timedelta';
  if (value instanceof PyTime) return 'time';
  if (value instanceof PyDatetime) return 'datetime';
  if (value instanceof PyDate) return 'date';
  if (value instanceof Decimal) return 'Decimal';
  if (depth > 100 || value === null || typeof value !== 'object') return undefined;
  // json.dumps walks the value in order (sorted keys under sort_keys) and stops at the first value it cannot encode
  const entries = (): [unknown, unknown][] => {
    const all = value instanceof PyDict ? value.entries() : Object.getPrototypeOf(value) === Object.prototype ? pyDictEntries(value as Record<string, unknown>) : [];
    return sortKeys ? all.slice().sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0)) : all;
  };
  const items = Array.isArray(value) ? value : entries().map(([, x]) => x);
  for (const item of items) {
    const found = unencodableWithin(item, sortKeys, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The static helper functions of dbt's context. */
export function helperFunctions(): Record<string, unknown> {
  return {
    tojson: (...raw: unknown[]) => {
      const p = bindParams(raw, ['value', 'default', 'sort_keys', 'indent']);
      // dbt's tojson is json.dumps with no encoder for dates, datetimes, timedeltas and Decimals: a TypeError
      const unencodable = unencodableWithin(p['value'], Boolean(p['sort_keys']));
      if (unencodable) throw userError('compiler-error', `Object of type ${unencodable} is not JSON serializable`);
      try {
        return pyJsonDumps(p['value'], Boolean(p['sort_keys']), isNone(p['indent']) ? null : Number(p['indent']));
      } catch (err) {
        // dbt's tojson falls back to `default` on a ValueError only; a TypeError propagates
        if (err instanceof ReelhouseError) throw err;
        return isNone(p['default']) ? null : p['default'];
      }
    },
    fromjson: (...raw: unknown[]) => {
      const p = bindParams(raw, ['string', 'default']);
      try {
        return pyJsonLoads(String(p['string']));
      } catch {
        return p['default'] ?? null;
      }
    },
    toyaml: (...raw: unknown[]) => {
      const p = bindParams(raw, ['value', 'default', 'sort_keys', 'indent']);
      try {
        const indent = isNone(p['indent']) ? {} : { indent: Number(p['indent']) };
        return stringifyYaml(toPlainForYaml(p['value']), { sortMapEntries: Boolean(p['sort_keys']), ...PY_YAML_LAYOUT, ...indent });
      } catch {
        return p['default'] ?? null;
      }
    },
    fromyaml: (...raw: unknown[]) => {
      const p = bindParams(raw, ['value', 'default']);
      try {
        // yaml.safe_load: PyYAML's booleans, numbers (1.0 stays a float) and dates as Python dates
        return parseYaml(String(p['value']), { version: '1.1', customTags: PY_TYPED_TAGS as never }) ?? null;
      } catch {
        return p['default'] ?? null;
      }
    },
    // dbt's zip()/set() answer None for a value that is not iterable; the _strict forms raise.
    zip: (...iterables: unknown[]) => {
      try {
        return zipTuples(iterables);
      } catch {
        return null;
      }
    },
    zip_strict: (...iterables: unknown[]) => zipTuples(iterables),
    set: (value: unknown = []) => {
      try {
        return pySet(value);
      } catch {
        return null;
      }
    },
    set_strict: (value: unknown = []) => pySet(value),
    try_set: (...raw: unknown[]) => {
      const p = bindParams(raw, ['value', 'default']);
      try {
        return pySet(p['value']);
      } catch {
        return p['default'] ?? null;
      }
    },
    local_md5: (value: unknown) => createHash('md5').update(String(value)).digest('hex'),
    diff_of_two_dicts: (a: unknown, b: unknown) => diffOfTwoDicts(a as Record<string, string[]>, b as Record<string, string[]>),
  };
}

/** Python's set(): distinct items in first-seen order, as a list tagged as a set (so == ignores order). */
export function pySet(value: unknown): unknown[] {
  // an undefined name iterates as empty in Jinja; None is not iterable, so set(None) is the default
  if (isUndefined(value)) return pySetOf([]);
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [...value] : value instanceof PyDict ? value.keys() : value !== null && typeof value === 'object' ? Object.keys(value) : null;
  if (!items) throw new TypeError(`'${value === null ? 'NoneType' : typeof value}' object is not iterable`);
  // members equal in Python (1, 1.0 and True) are one member, the first one seen
  const members: unknown[] = [];
  const strings = new Set<string>();
  // numbers, floats and booleans are equal exactly when their values are, so they are looked up by value
  const numbers = new Set<number>();
  const others: unknown[] = [];
  for (const x of items) {
    if (typeof x === 'string') {
      if (!strings.has(x)) members.push(x);
      strings.add(x);
    } else if (typeof x === 'number' || typeof x === 'boolean' || x instanceof PyFloat) {
      const key = Number(x);
      if (!numbers.has(key) && !others.some((m) => pyEq(m, x))) members.push(x);
      numbers.add(key);
    } else if (!members.some((m) => typeof m !== 'string' && pyEq(m, x))) {
      members.push(x);
      others.push(x);
    }
  }
  return pySetOf(members.every(isIntLike) ? cpythonIntSetOrder(members) : members);
}

const isIntLike = (v: unknown): boolean => typeof v === 'boolean' || (typeof v === 'number' && Number.isSafeInteger(v));

/**
 * The order CPython iterates a set of ints in: the slots of its hash table, where an int's
 * hash is the int itself (-1 hashes to -2). The order of strings depends on a per-process
 * hash seed, so those keep the order they were given in.
 */
function cpythonIntSetOrder(members: unknown[]): unknown[] {
  const U64 = (1n << 64n) - 1n;
  const hashOf = (v: unknown): bigint => {
    const n = BigInt(Number(v));
    return (n === -1n ? -2n : n) & U64;
  };
  const place = (table: (unknown[] | null)[], mask: bigint, entry: unknown[]): void => {
    const hash = entry[1] as bigint;
    let perturb = hash;
    let i = hash & mask;
    for (;;) {
      const probes = i + 9n <= mask ? 9n : 0n;
      for (let j = 0n; j <= probes; j++) {
        if (table[Number(i + j)] === null) {
          table[Number(i + j)] = entry;
          return;
        }
      }
      perturb >>= 5n;
      i = (i * 5n + 1n + perturb) & mask;
    }
  };
  let table: (unknown[] | null)[] = new Array(8).fill(null);
  let used = 0;
  for (const v of members) {
    place(table, BigInt(table.length - 1), [v, hashOf(v)]);
    used++;
    // grown as CPython grows it: when the table is three-fifths full, to the next power of two past used * 4
    if (used * 5 >= (table.length - 1) * 3) {
      let size = 8;
      while (size <= used * 4) size *= 2;
      const grown: (unknown[] | null)[] = new Array(size).fill(null);
      for (const entry of table) if (entry) place(grown, BigInt(size - 1), entry);
      table = grown;
    }
  }
  return table.filter((entry): entry is unknown[] => entry !== null).map((entry) => entry[0]);
}

// dbt: keys of `a` missing from `b`, and for shared keys the values missing from b's list,
// compared case-insensitively.
function diffOfTwoDicts(a: Record<string, string[]>, b: Record<string, string[]>): Record<string, string[]> {
  const lowerB = new Map(Object.entries(b ?? {}).map(([k, v]) => [k.toLowerCase(), (v ?? []).map((x) => String(x).toLowerCase())]));
  const out: Record<string, string[]> = {};
  for (const [k, values] of Object.entries(a ?? {})) {
    const other = lowerB.get(k.toLowerCase());
    if (!other) out[k] = values;
    else {
      const diff = (values ?? []).filter((v) => !other.includes(String(v).toLowerCase()));
      if (diff.length) out[k] = diff;
    }
  }
  return out;
}

// Python's zip(): tuples of the items at each position of any iterables (lists, strings, dict
// views, the iterators filters return), as long as the shortest.
function zipTuples(iterables: unknown[]): unknown[][] {
  const lists = iterables.map((x, i) => {
    if (typeof x === 'string') return [...x];
    if (x !== null && typeof x === 'object' && Symbol.iterator in x) return [...(x as Iterable<unknown>)];
    if (isUndefined(x)) return [];
    if (x !== null && typeof x === 'object') return Object.keys(x);
    throw new TypeError(`zip argument #${i + 1} must support iteration`);
  });
  const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
  return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i])));
}

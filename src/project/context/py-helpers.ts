// dbt's small context functions: tojson/fromjson, toyaml/fromyaml, zip, set, local_md5,
// diff_of_two_dicts.
import { createHash } from 'node:crypto';
import { Scalar, parse as parseYaml, stringify as stringifyYaml, type Tags } from 'yaml';
import { Decimal, PyDict, PyFloat, isUndefined, pyRepr, pySetOf, pyStr, toPlain, tuple } from '../../templating/index.js';
import { ReelhouseError, userError } from '../../core/diagnostic.js';
import { bindParams, isNone } from './py-args.js';
import { parseIso } from './py/datetime.js';
import { pyJsonLoads } from './py-json.js';

// yaml.safe_dump's layout (dbt's toyaml): lists under a key start at the key's column, quoting
// prefers single quotes, and YAML 1.1 words (yes, on, 0o12...) are quoted to stay strings.
const PY_YAML_LAYOUT = { indentSeq: false, singleQuote: true, version: '1.1', customTags: pyYamlBooleans } as const;

// PyYAML's resolver reads yes/no, true/false and on/off as booleans, but not the single letters
// y and n that YAML 1.1 lists: safe_dump leaves `y` and `n` unquoted.
function pyYamlBooleans(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:bool' || !tag.test) return tag;
    const test = tag.test.test('yes') ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
    return { ...tag, test };
  });
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
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : Number.isNaN(v) ? 'NaN' : '-Infinity';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
    const o = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).map((k) => [k, toPlainKeepingOrder(o[k])]));
  }
  return toPlain(value);
}

const BOOL_TAG = 'tag:yaml.org,2002:bool';
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

// What yaml.safe_load (dbt's fromyaml) makes of plain scalars: PyYAML's booleans (yes/no, on/off,
// true/false, not y/n), floats that stay floats when integral (1.0), and dates as Python dates.
function pyYamlScalars(tags: Tags): Tags {
  const own: Tags = [
    { identify: (v) => v === true, default: true, tag: BOOL_TAG, test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/, resolve: () => true },
    { identify: (v) => v === false, default: true, tag: BOOL_TAG, test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/, resolve: () => false },
    {
      identify: (v) => v instanceof PyFloat,
      default: true,
      tag: FLOAT_TAG,
      test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?)$/,
      resolve: (text: string) => {
        const n = Number(text.replace(/_/g, ''));
        return Number.isInteger(n) ? new PyFloat(n) : n;
      },
    },
    {
      default: true,
      tag: TIMESTAMP_TAG,
      test: /^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?$/,
      resolve: (text: string) => {
        const dateOnly = text.length === 10;
        try {
          return parseIso(dateOnly ? text : text.replace(/^(.{10})t/, '$1T').replace(/(\.\d{6})\d+/, '$1'), dateOnly);
        } catch {
          return text;
        }
      },
    },
  ];
  // the library's other float forms (1e3, without a dot) are strings to PyYAML; .inf and .nan are kept
  const kept = tags.filter((t) => typeof t !== 'object' || (t.tag !== BOOL_TAG && t.tag !== TIMESTAMP_TAG && (t.tag !== FLOAT_TAG || !!t.test?.test('.inf'))));
  return [...own, ...kept];
}

/** toPlain, except that a float with an integral value stays a float: yaml.safe_dump writes 5.0 as `5.0`. */
function toPlainForYaml(value: unknown): unknown {
  if (value instanceof PyFloat) {
    const scalar = new Scalar(value.value);
    scalar.minFractionDigits = 1;
    return scalar;
  }
  if (Array.isArray(value)) return value.map(toPlainForYaml);
  if (value instanceof PyDict) return Object.fromEntries(value.entries().map(([k, x]) => [typeof k === 'string' ? k : pyStr(k), toPlainForYaml(x)]));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).map((k) => [k, toPlainForYaml(o[k])]));
  }
  return toPlain(value);
}

/** json.dumps's text for a dict key: str(k) for numbers, true/false/null for the constants. */
function jsonKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === null || k === undefined) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  return pyStr(k);
}

/** The static helper functions of dbt's context. */
export function helperFunctions(): Record<string, unknown> {
  return {
    tojson: (...raw: unknown[]) => {
      const p = bindParams(raw, ['value', 'default', 'sort_keys', 'indent']);
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
        return parseYaml(String(p['value']), { version: '1.1', customTags: pyYamlScalars }) ?? null;
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
  if (isNone(value)) return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [...value] : typeof value === 'object' ? Object.keys(value as object) : null;
  if (!items) throw new TypeError(`'${typeof value}' object is not iterable`);
  return pySetOf([...new Set(items)]);
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

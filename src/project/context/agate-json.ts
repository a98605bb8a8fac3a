// agate's Table.to_json layout, as print_json writes it: json.dump of one object per row (column
// name to the cell as its column type's jsonify() gives it), with ensure_ascii=False.
import { PyDict, PyFloat, PyInt, pyRepr, pyStr } from '../../templating/index.js';

/** json.dump's options that to_json passes through. */
export interface JsonLayout {
  /** Spaces (or the text) to indent nested values with; null writes one line. */
  indent: number | string | null;
  sortKeys: boolean;
}

/** Python's json.dumps(value, ensure_ascii=False, indent=..., sort_keys=...) of jsonified cells. */
export function agateJsonDumps(value: unknown, layout: JsonLayout): string {
  const unit = layout.indent === null ? null : typeof layout.indent === 'number' ? ' '.repeat(Math.max(0, layout.indent)) : layout.indent;
  // json.dump with an indent ends lines with ',' (no trailing space); without one, items part with ', '.
  const wrap = (open: string, items: string[], close: string, depth: number): string => {
    if (items.length === 0) return `${open}${close}`;
    if (unit === null) return `${open}${items.join(', ')}${close}`;
    const pad = (d: number): string => `\n${unit.repeat(d)}`;
    return `${open}${items.map((i) => pad(depth + 1) + i).join(',')}${pad(depth)}${close}`;
  };
  const walk = (v: unknown, depth: number): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return JSON.stringify(v);
    if (v instanceof PyInt) return pyStr(v);
    if (v instanceof PyFloat) return Number.isFinite(v.value) ? pyRepr(v) : walk(v.value, depth);
    if (typeof v === 'number') return Number.isFinite(v) ? pyRepr(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    if (Array.isArray(v)) return wrap('[', v.map((x) => walk(x, depth + 1)), ']', depth);
    if (v instanceof PyDict || v instanceof Map) {
      const entries = (v instanceof PyDict ? v.entries() : [...v.entries()]).map(([k, x]): [string, unknown] => [jsonKey(k), x]);
      if (layout.sortKeys) entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return wrap('{', entries.map(([k, x]) => `${JSON.stringify(k)}: ${walk(x, depth + 1)}`), '}', depth);
    }
    return JSON.stringify(pyStr(v));
  };
  return walk(value, 0);
}

// json.dumps's text for a dict key: str(k), with true/false/null for the constants.
function jsonKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === null || k === undefined) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  return pyStr(k);
}

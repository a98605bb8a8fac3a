// `show --output json` as dbt writes it. The rows reach agate as they do for the text preview (a
// list or struct as its JSON text, dates and datetimes as Python objects, floats and DECIMALs as
// Decimals), agate's to_json turns each cell into JSON (a Number as a float, a date or datetime
// by isoformat()), and dbt's ShowNode dumps the document with json.dumps(indent=2), whose default
// ensure_ascii writes every character past ASCII as a \u escape.
import { Decimal, PyFloat, ensureAscii, stringifyPythonJson } from '../../templating/index.js';
import { withPythonValues, type BridgeQueryResult } from '../../project/context/index.js';

// A cell as agate's to_json gives it to json.dump.
function jsonCell(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  // Number.jsonify is float(d): a whole value is still written as a float (3.0)
  if (v instanceof Decimal) return new PyFloat(Number(v.__str__()));
  const iso = typeof v === 'object' ? (v as { isoformat?: unknown }).isoformat : undefined;
  if (typeof iso === 'function') return String((iso as () => unknown).call(v));
  return v;
}

/** The rows of a result as agate's to_json lists them, one object per row. */
export function showJsonRows(result: BridgeQueryResult): Record<string, unknown>[] {
  return withPythonValues(result).map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, jsonCell(row[i])])));
}

/** The ShowNode text of `--output json`: the node (not for inline SQL) and its rows, as dbt prints them. */
export function showJsonText(rows: Record<string, unknown>[], node: string | undefined): string {
  const doc = node === undefined ? { show: rows } : { node, show: rows };
  return ensureAscii(stringifyPythonJson(doc, 2));
}

/**
 * The rows as agate's to_json writes them for ShowNode's `preview`: one line, with json.dump's
 * default separators (', ' and ': ') and characters past ASCII as they are.
 */
export function showJsonPreview(rows: Record<string, unknown>[]): string {
  const compact = stringifyPythonJson(rows);
  let out = '';
  let inString = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i]!;
    out += c;
    if (inString) {
      if (c === '\\') out += compact[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' || c === ':') out += ' ';
  }
  return out;
}

// Python's json.dumps as dbt calls it for text that tools read: with its default ensure_ascii, and
// (for log lines and lock-file hashes) sort_keys=True, so every mapping's keys are in order and
// items are separated by `, ` and `: `.

/** json.dumps's ensure_ascii applied to JSON text: every character past ASCII (and DEL) as its \u escape, surrogates one by one. */
export function ensureAscii(text: string): string {
  return text.replace(/[\u007f-\uffff]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value as Python's json.dumps(value, sort_keys=True) writes it: `, ` and `: ` separators, non-ASCII escaped. */
export function jsonDumpsSortKeys(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return ensureAscii(JSON.stringify(value));
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(jsonDumpsSortKeys).join(', ')}]`;
  if (typeof value === 'object') {
    // What JSON.stringify would write for it (a Date's text, a toJSON's value), as the plain data it is.
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return jsonDumpsSortKeys(json.call(value));
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${ensureAscii(JSON.stringify(k))}: ${jsonDumpsSortKeys(v)}`).join(', ')}}`;
  }
  // json.dumps has no encoding for it; dbt's encoder writes its str().
  return ensureAscii(JSON.stringify(String(value)));
}

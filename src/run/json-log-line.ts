// A structured log event as dbt writes it with --log-format json: Python's json.dumps of the event
// with sort_keys=True, so every mapping's keys are in order, items are separated by `, ` and
// `: `, and characters past ASCII are escaped (json.dumps's ensure_ascii). Tools that read dbt's
// log lines as text (a grep for `"name": "LogModelResult"`) find them in the same shape.

/** One JSON log line: `{"data": {...}, "info": {...}}` with dbt's layout. */
export function jsonLogLine(info: Record<string, unknown>, data: Record<string, unknown>): string {
  return dumps({ data, info });
}

function dumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return asciiOnly(JSON.stringify(value));
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(dumps).join(', ')}]`;
  if (typeof value === 'object') {
    // What JSON.stringify would write for it (a Date's text, a toJSON's value), as the plain data it is.
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return dumps(json.call(value));
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${asciiOnly(JSON.stringify(k))}: ${dumps(v)}`).join(', ')}}`;
  }
  // json.dumps has no encoding for it; dbt's encoder writes its str().
  return asciiOnly(JSON.stringify(String(value)));
}

function asciiOnly(text: string): string {
  return text.replace(/[\u007f-\uffff]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

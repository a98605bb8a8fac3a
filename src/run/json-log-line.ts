// A structured log event as dbt writes it with --log-format json: Python's json.dumps of the event
// with sort_keys=True, so every mapping's keys are in order, items are separated by `, ` and
// `: `, and characters past ASCII are escaped (json.dumps's ensure_ascii). Tools that read dbt's
// log lines as text (a grep for `"name": "LogModelResult"`) find them in the same shape.
import { jsonDumpsSortKeys } from '../templating/index.js';

/** One JSON log line: `{"data": {...}, "info": {...}}` with dbt's layout. */
export function jsonLogLine(info: Record<string, unknown>, data: Record<string, unknown>): string {
  return jsonDumpsSortKeys({ data, info });
}

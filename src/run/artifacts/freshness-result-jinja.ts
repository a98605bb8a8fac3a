// The results on-run-end hooks see after `source freshness`: dbt's SourceFreshnessResult objects
// (the source, the verdict, max_loaded_at, snapshotted_at and age) and, for a source whose check
// failed, its PartialSourceFreshnessResult (the error as the message, no freshness fields).
import { epochSeconds } from '../../core/clock.js';
import { PyDatetime, UTC } from '../../project/context/py/datetime.js';
import type { SourceNode } from '../../project/types.js';
import { PyFloat, PyStrEnum } from '../../templating/index.js';
import { entryJson } from './manifest-json.js';
import { nodeObject, timingInfo } from './run-result-dict.js';

type Json = Record<string, unknown>;

/** One source's check as sources.json records it (a result, or a runtime error). */
export interface FreshnessRecord {
  unique_id: string;
  status: string;
  error?: string;
  max_loaded_at?: unknown;
  snapshotted_at?: unknown;
  max_loaded_at_time_ago_in_s?: number;
  adapter_response?: Record<string, unknown>;
  timing?: { name: 'compile' | 'execute'; started_at: string; completed_at: string }[];
  thread_id?: string;
  execution_time?: number;
}

/** The freshness checks as on-run-end's `results`, in the order they ran. */
export function freshnessResultsForJinja(records: FreshnessRecord[], sources: Record<string, SourceNode>): Json[] {
  const out: Json[] = [];
  for (const record of records) {
    const source = sources[record.unique_id];
    if (source) out.push(freshnessResult(record, source));
  }
  return out;
}

function freshnessResult(record: FreshnessRecord, source: SourceNode): Json {
  const failed = record.error !== undefined;
  const out: Json = {
    status: new PyStrEnum(record.status, 'FreshnessStatus'),
    timing: (record.timing ?? []).map(timingInfo),
    thread_id: record.thread_id ?? 'Thread-1',
    execution_time: record.execution_time ?? 0,
    adapter_response: record.adapter_response ?? {},
    message: failed ? record.error : null,
    failures: null,
    node: null,
  };
  if (!failed) {
    out['max_loaded_at'] = utcDatetime(record.max_loaded_at);
    out['snapshotted_at'] = utcDatetime(record.snapshotted_at);
    const age = record.max_loaded_at_time_ago_in_s;
    // A float in dbt, so a whole number of seconds still prints as 0.0.
    out['age'] = typeof age === 'number' ? (Number.isInteger(age) ? new PyFloat(age) : age) : null;
  }
  let shaped: unknown;
  Object.defineProperty(out, 'node', { get: () => (shaped ??= nodeObject(source) ?? source), enumerable: true });
  // As plain data: the times as text, as dbt serialises them.
  const asDict = (): Json => {
    const dict: Json = { ...out, timing: record.timing ?? [], node: entryJson(source, epochSeconds()) ?? null };
    if (!failed) Object.assign(dict, { max_loaded_at: record.max_loaded_at ?? null, snapshotted_at: record.snapshotted_at ?? null });
    return dict;
  };
  Object.defineProperty(out, 'to_dict', { value: asDict, enumerable: false });
  return out;
}

// dbt's freshness times are timezone-aware UTC datetimes.
function utcDatetime(value: unknown): PyDatetime | null {
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : PyDatetime.fromDate(date, UTC);
}

// source freshness through collect_freshness, as dbt's adapter runs it by name: a macro of that
// name in the project or an installed package (or the duckdb__/default__ implementation dispatch
// finds first) decides how a source's newest load time is read, else dbt's own does. It returns load_result(...) — or, as before dbt 1.5, the bare table — whose
// one row holds the newest loaded_at value and the time now, both timestamps.
import { userError } from '../../core/diagnostic.js';
import { Table } from '../../project/context/index.js';
import type { ProjectSession } from '../../run/project-session.js';
import type { SourceNode } from '../../project/types.js';
import { pyRepr, pyStr } from '../../templating/index.js';

/** What a replaced collect_freshness measured: both times as UTC ISO text, the age in seconds. */
export interface MacroFreshness {
  /** The newest loaded_at value; null when the table has none (dbt then takes 0001-01-01). */
  maxLoadedAt: string | null;
  snapshottedAt: string;
  ageSeconds: number;
  /** The macro returned the bare table (dbt's CollectFreshnessReturnSignature deprecation). */
  bareTable: boolean;
  /** The statement's response, as sources.json records it (none for a bare table). */
  adapterResponse: Record<string, unknown>;
}

/**
 * The freshness collect_freshness reports for a source: the project's or a package's macro of
 * that name when there is one, else dbt's own. Its values are read as dbt's adapter reads them, so
 * a loaded_at_field that is not a timestamp (a DATE, text) fails as it does in dbt.
 */
export function freshnessFromMacro(session: ProjectSession, source: SourceNode): MacroFreshness {
  const { renderer } = session;
  const relation = renderer.sourceRelation(source);
  const filter = source.freshness?.filter ?? null;
  const kwargs = { source: relation, loaded_at_field: source.loaded_at_field, filter };
  const result = renderer.callMacroOverride('collect_freshness', [], kwargs) ?? { value: renderer.callMacro('collect_freshness', [], kwargs) };
  const bareTable = result.value instanceof Table;
  const table = bareTable ? (result.value as Table) : tableOf(result.value);
  const rows = table ? [...table.rows].map((row) => [...(row as Iterable<unknown>)]) : [];
  if (!table || rows.length !== 1 || rows[0]!.length !== 2) {
    throw userError('compiler-error', `Got an invalid result from "collect_freshness" macro: [${rows.map((r) => tupleText(r)).join(', ')}]`);
  }
  const [loaded, now] = rows[0]!;
  const field = source.loaded_at_field ?? '';
  const snapshotted = utcMicros(now, relation, field);
  // No loaded_at value at all is "infinitely long ago": 0001-01-01 00:00 UTC, as dbt takes it.
  const max = loaded === null || loaded === undefined ? undefined : utcMicros(loaded, relation, field);
  const maxMicros = max ?? Date.parse('0001-01-01T00:00:00Z') * 1000;
  return {
    maxLoadedAt: max === undefined ? null : isoFromMicros(max),
    snapshottedAt: isoFromMicros(snapshotted),
    ageSeconds: (snapshotted - maxMicros) / 1e6,
    bareTable,
    adapterResponse: bareTable ? {} : responseOf(result.value),
  };
}

// dbt's AdapterResponse.to_dict(omit_none=True): the message, code and rows affected that are set.
function responseOf(value: unknown): Record<string, unknown> {
  const response = value !== null && typeof value === 'object' ? (value as { response?: unknown }).response : undefined;
  if (response === null || typeof response !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const key of ['_message', 'code', 'rows_affected']) {
    const v = (response as Record<string, unknown>)[key];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out;
}

function tableOf(value: unknown): Table | undefined {
  const table = value !== null && typeof value === 'object' ? (value as { table?: unknown }).table : undefined;
  return table instanceof Table ? table : undefined;
}

// A row as Python prints a tuple of its values.
function tupleText(row: unknown[]): string {
  return `(${row.map((v) => pyRepr(v)).join(', ')}${row.length === 1 ? ',' : ''})`;
}

interface DatetimeLike {
  timestamp(): number;
  tzinfo: unknown;
}

// dbt's _utc: a datetime is read in UTC (a naive one taken as UTC); None and values that are
// not datetimes (dates, text, numbers) are errors naming the field and the relation.
function utcMicros(value: unknown, relation: unknown, field: string): number {
  if (value === null || value === undefined) {
    // dbt's UnexpectedNullError text has two spaces before the table.
    throw userError('freshness-bad-value', `Expected a non-null value when querying field '${field}' of table  ${pyStr(relation)} but received value 'null' instead`);
  }
  if (isDatetime(value)) return Math.round(value.timestamp() * 1e6);
  throw userError('freshness-bad-value', `Expected a timestamp value when querying field '${field}' of table ${pyStr(relation)} but received value of type '${pythonType(value)}' instead`);
}

function isDatetime(value: unknown): value is DatetimeLike {
  return value !== null && typeof value === 'object' && 'tzinfo' in value && typeof (value as { timestamp?: unknown }).timestamp === 'function';
}

function pythonType(value: unknown): string {
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  const name = (value as object).constructor?.name ?? 'object';
  return name.startsWith('Py') ? name.slice(2).toLowerCase() : name;
}

// Microseconds since the epoch as sources.json writes a UTC time: `2024-05-01T08:30:00+00:00`,
// with six fractional digits when there are any.
function isoFromMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const us = micros - ms * 1000 + new Date(ms).getUTCMilliseconds() * 1000;
  const base = new Date(ms).toISOString().slice(0, 19);
  return `${base}${us ? `.${String(us).padStart(6, '0')}` : ''}+00:00`;
}

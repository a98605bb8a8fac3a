import type { SqlDialect } from '../adapters/adapter.js';
import { userError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import { pyStr } from '../templating/index.js';
import { stringList } from './incremental-config.js';

/** What one WHEN clause of a merge does. */
export type MergeAction = 'update' | 'insert' | 'delete' | 'do_nothing' | 'error';

/**
 * One `WHEN [NOT] MATCHED` clause, as dbt-duckdb's `merge_clauses` config describes it (the
 * plain merge configs build the same shape).
 */
export interface MergeClause {
  action: MergeAction;
  /** ANDed onto the WHEN. */
  conditions: string[];
  /** update / insert: by_name (the written columns), by_position, star, or explicit. */
  mode: 'by_name' | 'by_position' | 'star' | 'explicit';
  /** explicit update: the columns to set (include wins over exclude; neither = every written column). */
  include: string[];
  exclude: string[];
  /** explicit update, or an update of rows not matched by source: `column = expression` set first. */
  setExpressions: [string, string][];
  /** explicit insert: the columns and their values, as written. */
  insertColumns: string[];
  insertValues: string[];
  /** when_not_matched only: `by: source` acts on target rows the new rows do not match. */
  by?: 'source' | 'target';
  errorMessage?: string;
}

/** A merge's clauses and join, from the model's merge configs. */
export interface MergeSpec {
  whenMatched: MergeClause[];
  whenNotMatched: MergeClause[];
  /** merge_on_using_columns: join with USING (columns) instead of the unique_key. */
  usingColumns: string[];
}

/** The merge without merge configs: matched rows update every written column by name, the others insert. */
export const DEFAULT_MERGE: MergeSpec = {
  whenMatched: [{ action: 'update', conditions: [], mode: 'by_name', include: [], exclude: [], setExpressions: [], insertColumns: [], insertValues: [] }],
  whenNotMatched: [{ action: 'insert', conditions: [], mode: 'by_name', include: [], exclude: [], setExpressions: [], insertColumns: [], insertValues: [] }],
  usingColumns: [],
};

/** The plain merge configs and their types, in the order dbt-duckdb checks (and lists) them. */
const MERGE_FIELDS: [string, 'string' | 'list' | 'map'][] = [
  ['merge_update_condition', 'string'],
  ['merge_insert_condition', 'string'],
  ['merge_on_using_columns', 'list'],
  ['merge_update_columns', 'list'],
  ['merge_update_set_expressions', 'map'],
  ['merge_exclude_columns', 'list'],
  ['merge_returning_columns', 'list'],
];

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const given = (v: unknown) => v !== undefined && v !== null;
// Messages show a config value as Python's str() does: ['x'], True.
const shown = (v: unknown) => pyStr(v);

/**
 * Reads the merge configs dbt-duckdb documents for its merge strategy: merge_update_columns /
 * merge_exclude_columns, merge_update_condition, merge_insert_condition,
 * merge_update_set_expressions, merge_on_using_columns and merge_clauses (which replaces the
 * others). Config mistakes fail as dbt-duckdb's do: one compilation error listing them all.
 */
export function mergeSpec(node: CompiledNode): MergeSpec {
  const c = node.config;
  const errors: string[] = [];
  for (const [name, type] of MERGE_FIELDS) {
    const value = c[name];
    if (!given(value)) continue;
    if (type === 'string' && typeof value !== 'string') errors.push(`${name} must be a string, found: ${shown(value)}`);
    else if (type === 'map' && !isMap(value)) errors.push(`${name} must be a dictionary, found: ${shown(value)}`);
    else if (type === 'list' && !Array.isArray(value)) errors.push(`${name} must be a list`);
    else if (type === 'list') for (const item of value as unknown[]) if (typeof item !== 'string') errors.push(`${name} must contain only string values, found: ${shown(item)}`);
  }
  const clauses = c['merge_clauses'];
  if (given(clauses)) checkClauses(c, clauses, errors);
  const where = { file: node.original_file_path };
  if (errors.length > 0) throw userError('compiler-error', `MERGE configuration errors:\n${errors.join('\n')}`, where);
  if (stringList(c['merge_update_columns']).length > 0 && stringList(c['merge_exclude_columns']).length > 0) {
    throw userError('compiler-error', 'Model cannot specify merge_update_columns and merge_exclude_columns. Please update model to use only one config', where);
  }

  const usingColumns = stringList(c['merge_on_using_columns']);
  if (isMap(clauses)) {
    // A kind of clause merge_clauses leaves out keeps the default: update or insert by name.
    return {
      whenMatched: 'when_matched' in clauses ? listOf(clauses['when_matched']).map((raw) => clause(raw, 'update')) : DEFAULT_MERGE.whenMatched,
      whenNotMatched: 'when_not_matched' in clauses ? listOf(clauses['when_not_matched']).map((raw) => clause(raw, 'insert')) : DEFAULT_MERGE.whenNotMatched,
      usingColumns,
    };
  }
  const include = stringList(c['merge_update_columns']);
  const exclude = stringList(c['merge_exclude_columns']);
  const setExpressions = Object.entries(isMap(c['merge_update_set_expressions']) ? c['merge_update_set_expressions'] : {}).map(([k, v]) => [k, String(v)] as [string, string]);
  const condition = (name: string) => (typeof c[name] === 'string' && c[name] !== '' ? [c[name] as string] : []);
  const base = { include: [], exclude: [], setExpressions: [], insertColumns: [], insertValues: [] };
  return {
    whenMatched: [{ ...base, action: 'update', conditions: condition('merge_update_condition'), mode: 'explicit', include, exclude, setExpressions }],
    whenNotMatched: [{ ...base, action: 'insert', conditions: condition('merge_insert_condition'), mode: 'by_name' }],
    usingColumns,
  };
}

function checkClauses(c: Record<string, unknown>, clauses: unknown, errors: string[]): void {
  if (!isMap(clauses)) {
    errors.push(`merge_clauses must be a dictionary, found: ${shown(clauses)}`);
    return;
  }
  if (!('when_matched' in clauses) && !('when_not_matched' in clauses)) errors.push("merge_clauses must contain at least one of 'when_matched' or 'when_not_matched' keys");
  for (const kind of ['when_matched', 'when_not_matched']) {
    if (!(kind in clauses)) continue;
    const list = clauses[kind];
    if (!Array.isArray(list)) errors.push(`merge_clauses.${kind} must be a list`);
    else if (list.length === 0) errors.push(`merge_clauses.${kind} must contain at least one element`);
    else for (const item of list) if (!isMap(item)) errors.push(`merge_clauses.${kind} elements must be dictionaries, found: ${shown(item)}`);
  }
  const conflicting = MERGE_FIELDS.filter(([name, type]) => {
    if (name === 'merge_on_using_columns' || name === 'merge_returning_columns') return false;
    const value = c[name];
    if (!given(value)) return false;
    // A string config conflicts once set; a list or dictionary only when it holds something.
    if (type === 'string') return true;
    if (Array.isArray(value) || typeof value === 'string') return value.length > 0;
    if (isMap(value)) return Object.keys(value).length > 0;
    return true;
  }).map(([name]) => name);
  if (conflicting.length > 0) {
    errors.push(
      `When merge_clauses is specified, the following basic merge configurations will be ignored and should be removed: ${conflicting.join(', ')}. Define your merge behavior within merge_clauses instead.`,
    );
  }
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isMap) : [];
}

function clause(raw: Record<string, unknown>, defaultAction: MergeAction): MergeClause {
  const actions: MergeAction[] = ['update', 'insert', 'delete', 'do_nothing', 'error'];
  const action = actions.includes(raw['action'] as MergeAction) ? (raw['action'] as MergeAction) : defaultAction;
  const modes = ['by_name', 'by_position', 'star', 'explicit'] as const;
  const mode = modes.find((m) => m === raw['mode']) ?? 'by_name';
  const update = isMap(raw['update']) ? raw['update'] : {};
  const insert = isMap(raw['insert']) ? raw['insert'] : {};
  const sets = isMap(update['set_expressions']) ? update['set_expressions'] : isMap(raw['set_expressions']) ? raw['set_expressions'] : {};
  const condition = raw['condition'];
  const out: MergeClause = {
    action,
    conditions: typeof condition === 'string' && condition !== '' ? [condition] : Array.isArray(condition) ? condition.map(String) : [],
    mode,
    include: stringList(update['include']),
    exclude: stringList(update['exclude']),
    setExpressions: Object.entries(sets).map(([k, v]) => [k, String(v)]),
    insertColumns: stringList(insert['columns']),
    insertValues: Array.isArray(insert['values']) ? insert['values'].map(String) : [],
  };
  const by = String(raw['by'] ?? '').toLowerCase();
  if (by === 'source' || by === 'target') out.by = by;
  if (typeof raw['error_message'] === 'string' && raw['error_message'] !== '') out.errorMessage = raw['error_message'];
  return out;
}

/** Whether a clause acts on target rows that no new row matches: then the match must see every target row. */
export function touchesUnmatchedTargetRows(spec: MergeSpec): boolean {
  return spec.whenNotMatched.some((c) => c.by === 'source');
}

/**
 * The WHEN clauses' SQL. `columns` are the written columns (the target's, after
 * on_schema_change); by_name clauses name them, so a new-rows column the target lacks is left
 * out as on_schema_change says rather than failing the statement.
 */
export function mergeClausesSql(dialect: SqlDialect, spec: MergeSpec, columns: string[], sourceAlias: string): string[] {
  const q = (c: string) => dialect.quoteIdentifier(c);
  const lower = (s: string) => s.toLowerCase();
  const when = (head: string, c: MergeClause) => `${head}${c.conditions.length > 0 ? ` and (${c.conditions.join(') and (')})` : ''} then`;
  const setList = (sets: [string, string][], names: string[]) => {
    const overridden = new Set(sets.map(([k]) => lower(k.replace(/["']/gu, ''))));
    return [...sets.map(([k, v]) => `${k} = ${v}`), ...names.filter((n) => !overridden.has(lower(n))).map((n) => `${q(n)} = ${sourceAlias}.${q(n)}`)];
  };
  const other = (c: MergeClause): string | undefined => {
    if (c.action === 'delete') return 'delete';
    if (c.action === 'do_nothing') return 'do nothing';
    if (c.action === 'error') return c.errorMessage ? `error '${c.errorMessage.replace(/'/gu, "''")}'` : 'error';
    return undefined;
  };
  const lines: string[] = [];
  for (const c of spec.whenMatched) {
    const head = when('when matched', c);
    const simple = other(c);
    if (simple) lines.push(`${head} ${simple}`);
    else if (c.action === 'update') {
      if (c.mode === 'by_position') lines.push(`${head} update by position`);
      else if (c.mode === 'star') lines.push(`${head} update set *`);
      else {
        const names = c.mode === 'explicit' ? updateColumns(columns, c.include, c.exclude) : columns;
        const sets = setList(c.mode === 'explicit' ? c.setExpressions : [], names);
        // Nothing to set (every column excluded): a matched row is left as it is.
        lines.push(sets.length > 0 ? `${head} update set ${sets.join(', ')}` : `${head} do nothing`);
      }
    }
  }
  for (const c of spec.whenNotMatched) {
    const head = when(`when not matched${c.by ? ` by ${c.by}` : ''}`, c);
    const simple = other(c);
    if (simple) lines.push(`${head} ${simple}`);
    else if (c.action === 'update') lines.push(`${head} update set ${c.setExpressions.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
    else if (c.mode === 'by_position') lines.push(`${head} insert by position`);
    else if (c.mode === 'star') lines.push(`${head} insert *`);
    else if (c.mode === 'explicit') lines.push(`${head} insert (${c.insertColumns.join(', ')}) values (${c.insertValues.join(', ')})`);
    else lines.push(`${head} insert (${columns.map(q).join(', ')}) values (${columns.map((n) => `${sourceAlias}.${q(n)}`).join(', ')})`);
  }
  return lines;
}

/** The columns a merge updates: merge_update_columns if set, else all but merge_exclude_columns. */
export function updateColumns(columns: string[], include: string[], exclude: string[]): string[] {
  const lower = (s: string) => s.toLowerCase();
  if (include.length > 0) {
    const wanted = new Set(include.map(lower));
    return columns.filter((c) => wanted.has(lower(c)));
  }
  const excluded = new Set(exclude.map(lower));
  return columns.filter((c) => !excluded.has(lower(c)));
}

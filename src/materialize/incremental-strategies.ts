import type { SqlDialect } from '../adapters/adapter.js';
import { isKeyExpression } from './incremental-config.js';
import { keyRangeConditions, type KeyRange } from './key-range.js';
import { DEFAULT_MERGE, mergeClausesSql, touchesUnmatchedTargetRows, type MergeSpec } from './merge-clauses.js';

/** Aliases dbt gives the target and the staged rows, so incremental_predicates can name them. */
export const DEST_ALIAS = 'DBT_INTERNAL_DEST';
export const SOURCE_ALIAS = 'DBT_INTERNAL_SOURCE';

/** What every strategy's SQL is generated from. */
export interface StrategyInput {
  dialect: SqlDialect;
  /** The rendered target relation. */
  target: string;
  /** Where the new rows are read: a temp table holding them, or the model's query in parentheses. */
  source: string;
  /** Columns written to the target, in the target's order. */
  columns: string[];
  uniqueKey: string[];
  /** unique_key was configured as a list (dbt-duckdb's delete+insert then names the target DBT_INCREMENTAL_TARGET). */
  keyIsList?: boolean;
  /** `incremental_predicates`, written against DBT_INTERNAL_DEST / DBT_INTERNAL_SOURCE (merge) or the target (delete+insert). */
  predicates: string[];
  /** merge only: its WHEN clauses and join, from the model's merge configs (default: update every written column, insert the rest). */
  merge?: MergeSpec;
  /** merge only: the span of the new rows' key values, bounding the target rows the match looks at (key-range.ts). */
  keyRanges?: KeyRange[];
}

/**
 * Key equality between two aliases, column by column, with `=` as dbt-duckdb's strategies match:
 * a NULL key part never matches, so such a row is inserted again rather than replaced.
 */
export function keyMatchSql(dialect: SqlDialect, keys: string[], left: string, right: string): string {
  return keys.map((k) => `${left}.${dialect.quoteIdentifier(k)} = ${right}.${dialect.quoteIdentifier(k)}`).join(' and ');
}

function columnList(dialect: SqlDialect, columns: string[], prefix?: string): string {
  return columns.map((c) => (prefix ? `${prefix}.${dialect.quoteIdentifier(c)}` : dialect.quoteIdentifier(c))).join(', ');
}

/** `append`: insert every staged row. */
export function appendSql(input: StrategyInput): string[] {
  const cols = columnList(input.dialect, input.columns);
  return [`insert into ${input.target} (${cols})\nselect ${cols} from ${input.source}`];
}

/** The name dbt-duckdb's delete+insert gives the target when unique_key is a list. */
export const INCREMENTAL_TARGET_ALIAS = 'DBT_INCREMENTAL_TARGET';

/**
 * `delete+insert`: delete target rows whose key is among the staged rows (and that match the
 * predicates), then insert every staged row. Without a unique_key only the predicates delete.
 * Keys are matched with a tuple IN, which DuckDB runs as a hash semi join built on the small
 * staged side. A NULL key part never matches there, as in dbt-duckdb's delete+insert: the
 * target row with a NULL key stays and the new one is added beside it. As there, the target is
 * named DBT_INCREMENTAL_TARGET for a list of keys and not renamed for a string key, and each
 * predicate follows as `and <predicate>`, so a predicate binds and groups (an `or` in it
 * included) as it does in dbt-duckdb.
 */
export function deleteInsertSql(input: StrategyInput): string[] {
  const { dialect } = input;
  const q = (k: string) => dialect.quoteIdentifier(k);
  // An expression key is written bare: it binds to the target's columns outside the IN and to the new rows' inside.
  const key = (k: string, prefix: string) => (isKeyExpression(k) ? `(${k})` : prefix ? `${prefix}.${q(k)}` : q(k));
  const out: string[] = [];
  if (input.uniqueKey.length > 0) {
    const alias = input.keyIsList ? INCREMENTAL_TARGET_ALIAS : '';
    const cols = input.uniqueKey.map((k) => key(k, alias));
    const tuple = cols.length === 1 ? (cols[0] as string) : `(${cols.join(', ')})`;
    const match = `${tuple} in (select ${input.uniqueKey.map((k) => key(k, '')).join(', ')} from ${input.source})`;
    out.push(`delete from ${input.target}${alias ? ` as ${alias}` : ''}\nwhere ${[match, ...input.predicates].join('\n  and ')}`);
  } else if (input.predicates.length > 0) {
    out.push(`delete from ${input.target} as ${DEST_ALIAS}\nwhere ${input.predicates.map((p) => `(${p})`).join('\n  and ')}`);
  }
  out.push(...appendSql(input));
  return out;
}

/**
 * `merge`: DuckDB's MERGE INTO. Matched keys update (merge_update_columns /
 * merge_exclude_columns choose which columns), others insert; the model's other merge configs
 * (conditions, set expressions, merge_clauses, merge_on_using_columns) shape the clauses as
 * dbt-duckdb's do (merge-clauses.ts). Without a unique_key (or using columns) nothing matches,
 * so every row is inserted, as dbt does. Key bounds (keyRanges) are null-safe like the match
 * itself, and left out when a clause acts on target rows the new rows do not match.
 */
export function mergeSql(input: StrategyInput): string[] {
  const { dialect } = input;
  const spec = input.merge ?? DEFAULT_MERGE;
  const using = spec.usingColumns.length > 0;
  // The key bounds let DuckDB skip target row groups outside the new keys' range; without them
  // MERGE probes every target row.
  const ranges = touchesUnmatchedTargetRows(spec) ? [] : (input.keyRanges ?? []);
  const on = using
    ? []
    : input.uniqueKey.length > 0
      ? [keyMatchSql(dialect, input.uniqueKey, SOURCE_ALIAS, DEST_ALIAS), ...keyRangeConditions(dialect, ranges, DEST_ALIAS)]
      : ['false'];
  on.push(...input.predicates.map((p) => `(${p})`));
  const lines = [`merge into ${input.target} as ${DEST_ALIAS}`, `using ${input.source} as ${SOURCE_ALIAS}`];
  if (using) lines.push(`using (${spec.usingColumns.join(', ')})`);
  if (on.length > 0) lines.push(`on ${on.join(' and ')}`);
  lines.push(...mergeClausesSql(dialect, spec, input.columns, SOURCE_ALIAS));
  return [lines.join('\n')];
}

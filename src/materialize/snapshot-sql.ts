import type { ColumnInfo, SqlDialect } from '../adapters/adapter.js';
import type { SnapshotConfig } from './snapshot-config.js';

/** Everything the snapshot statements are generated from. */
export interface SnapshotSqlInput {
  dialect: SqlDialect;
  config: SnapshotConfig;
  target: string;
  /** Temp table with the source rows. */
  source: string;
  sourceColumns: ColumnInfo[];
  /** The column of the source rows holding updated_at (itself, or its computed expression); absent without updated_at. */
  updatedAtColumn?: ColumnInfo;
  /** The snapshot time as a SQL TIMESTAMP in the session's time zone, or a project's snapshot_get_time() expression. */
  now: string;
  /** A project's snapshot_hash_arguments, when it replaces dbt's md5 hash of the parts. */
  hash?: (parts: string[]) => string;
  /**
   * check strategy: the query has a compared column the table lacks. dbt then counts every
   * row as changed (its check strategy's `column_added`), so each key gets a new version.
   */
  columnAdded?: boolean;
}

/** dbt's hash of key parts: md5 of each value cast to text, NULL as '', joined by '|'. */
export function scdHashSql(parts: string[]): string {
  return `md5(${parts.map((p) => `coalesce(cast(${p} as varchar), '')`).join(` || '|' || `)})`;
}

/** The current-row condition on alias `a`: dbt_valid_to NULL (or equal to dbt_valid_to_current, as written). */
export function isCurrentSql(input: SnapshotSqlInput, alias: string): string {
  const q = input.dialect.quoteIdentifier;
  const col = `${alias}.${q(input.config.columns.validTo)}`;
  return input.config.validToCurrent ? `(${col} is null or ${col} = (${input.config.validToCurrent}))` : `${col} is null`;
}

/**
 * dbt_valid_to of a current version of source row `alias`: dbt's
 * `coalesce(nullif(updated_at, updated_at), dbt_valid_to_current or null)`, so the column takes
 * updated_at's type (a DATE updated_at gives a DATE dbt_valid_to).
 */
export function validToCurrentSql(input: SnapshotSqlInput, alias: string): string {
  const stamp = stampSql(input, alias);
  return `coalesce(nullif(${stamp}, ${stamp}), ${input.config.validToCurrent ? `(${input.config.validToCurrent})` : 'null'})`;
}

/**
 * The value of dbt_updated_at / dbt_valid_from for a source row (alias `s`): the updated_at
 * value as it is, as dbt's timestamp strategy takes it (a DATE stays a DATE, a TIMESTAMPTZ keeps
 * its zone, and dbt_scd_id hashes that value's text), else the snapshot time.
 */
export function stampSql(input: SnapshotSqlInput, alias: string): string {
  const { config } = input;
  if (!config.updatedAt) return input.now;
  const name = isColumnKey(config.updatedAt) ? config.updatedAt : UPDATED_AT_COLUMN;
  return `${alias}.${input.dialect.quoteIdentifier(name)}`;
}

/**
 * The column an `updated_at` that is an SQL expression rather than a column name (dbt renders
 * it into the snapshot's SQL as is, e.g. `updated_at="'2024-01-01'::timestamp"` with the check
 * strategy) is computed into on the source rows.
 */
export const UPDATED_AT_COLUMN = 'rh_snapshot_updated_at';

/** The `select` item computing an expression `updated_at` (empty when it names a column or is unset). */
export function updatedAtExpressionItems(input: Pick<SnapshotSqlInput, 'dialect' | 'config'>): string[] {
  const expr = input.config.updatedAt;
  return expr && !isColumnKey(expr) ? [`(${expr}) as ${input.dialect.quoteIdentifier(UPDATED_AT_COLUMN)}`] : [];
}

/**
 * Whether a unique_key part names a column. dbt also takes an SQL expression
 * (`unique_key='id || \'-\' || name'`): such a part is computed into a column of its own
 * (keyColumnName) on the source rows and on the target rows it is compared with.
 */
export function isColumnKey(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/u.test(key);
}

/** The column computed for unique_key part `index` when that part is an expression. */
export function keyColumnName(index: number): string {
  return `rh_snapshot_key_${index + 1}`;
}

/** `select` items computing the expression parts of the unique key (empty when every part is a column). */
export function keyExpressionItems(input: Pick<SnapshotSqlInput, 'dialect' | 'config'>): string[] {
  const q = input.dialect.quoteIdentifier;
  return input.config.uniqueKey.flatMap((k, i) => (isColumnKey(k) ? [] : [`(${k}) as ${q(keyColumnName(i))}`]));
}

/** Unique key part `index` of the row under alias `alias`. */
export function keyRefSql(input: SnapshotSqlInput, alias: string, index: number): string {
  const q = input.dialect.quoteIdentifier;
  const key = input.config.uniqueKey[index] ?? '';
  return `${alias}.${q(isColumnKey(key) ? key : keyColumnName(index))}`;
}

/** The target as a row source for key comparisons: with expression keys, its rows carry their computed key parts. */
export function keyedTargetSql(input: SnapshotSqlInput): string {
  const items = keyExpressionItems(input);
  return items.length === 0 ? input.target : `(select *, ${items.join(', ')} from ${input.target})`;
}

/**
 * Equality of the unique key between two aliases, with `=` as dbt's snapshot_staging_table
 * joins it (its `equals` for a list of keys is plain `=` too unless a behaviour flag is set): a
 * source row whose key is (or has a part) NULL never matches its snapshotted version, so each
 * run adds it again as a new row, and a hard delete closes the old one.
 */
export function keyJoinSql(input: SnapshotSqlInput, left: string, right: string): string {
  return input.config.uniqueKey.map((_, i) => `${keyRefSql(input, left, i)} = ${keyRefSql(input, right, i)}`).join(' and ');
}

/**
 * Whether source row `s` differs from current row `c`: timestamp compares updated_at with
 * dbt_valid_from; check compares the columns with IS DISTINCT FROM, so NULL -> value and
 * value -> NULL are changes (plain `=` misses them).
 */
export function rowChangedSql(input: SnapshotSqlInput): string {
  const q = input.dialect.quoteIdentifier;
  const { config } = input;
  if (config.strategy === 'custom') return `(${config.rowChanged ?? 'false'})`;
  if (config.strategy === 'timestamp') return `c.${q(config.columns.validFrom)} < ${stampSql(input, 's')}`;
  if (input.columnAdded) return 'true';
  const meta = new Set(Object.values(config.columns).map((n) => n.toLowerCase()));
  const cols = config.checkCols === 'all' ? input.sourceColumns.map((c) => c.name).filter((n) => !meta.has(n.toLowerCase())) : config.checkCols;
  return `(${cols.map((col) => `s.${q(col)} is distinct from c.${q(col)}`).join(' or ')})`;
}

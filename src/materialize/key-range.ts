/**
 * The new rows' unique_key values as a merge needs them, read in one query before the MERGE:
 * whether a key repeats, and the range each key column spans. The range bounds the target's
 * side of the key match with literals, so DuckDB prunes the target's row groups by their
 * min/max statistics; without it, MERGE probes every row of the target. The bound never
 * changes which rows match: a target row whose key equals a new row's key lies within the new
 * keys' range, and a NULL key part matches nothing (the key match is `=`, as dbt-duckdb's).
 */
import type { ColumnInfo, SqlDialect } from '../adapters/adapter.js';
import type { SqlRunner } from './sql-runner.js';

/** The span of one key column's non-NULL values in the new rows, as SQL literals of its type. */
export interface KeyRange {
  column: string;
  low: string;
  high: string;
}

/** What the key query found. */
export interface MergeKeys {
  /** Some key value without NULL parts occurs in more than one new row. */
  duplicates: boolean;
  /** Ranges of the key columns whose type allows one (see RANGE_TYPES) and that have non-NULL values. */
  ranges: KeyRange[];
}

// Types whose equality is plain value equality and whose text form casts back to the same value,
// so `a = b` implies that b lies between min(a) and max(a). Strings are left out (a collation can
// make equal values sort apart), and so are floating-point types (NaN, -0.0).
const RANGE_TYPES = /^(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DATE|TIMESTAMP|DECIMAL\(\d+,\d+\))$/u;

/**
 * Reads the merge facts of `source` (the new rows) in one query. A key column gets a range only
 * when the new rows and the target declare it with the same type, one of RANGE_TYPES, so the
 * bound compares like with like.
 */
export async function readMergeKeys(
  runner: SqlRunner,
  session: string,
  source: string,
  keys: string[],
  columns: { source: ColumnInfo[]; target: ColumnInfo[] },
): Promise<MergeKeys> {
  const dialect = runner.adapter.dialect;
  const q = (name: string) => dialect.quoteIdentifier(name);
  const typeOf = (list: ColumnInfo[], name: string) => list.find((c) => c.name.toLowerCase() === name.toLowerCase())?.dataType.toUpperCase();
  const ranged = keys.filter((k) => {
    const type = typeOf(columns.source, k);
    return type !== undefined && RANGE_TYPES.test(type) && type === typeOf(columns.target, k);
  });
  // Only keys without NULL parts can repeat: a NULL part matches nothing, so rows holding one are
  // all inserted. Counting distinct values needs one hash set, no table of groups: about half
  // the time on DuckDB.
  const distinct =
    keys.length === 1
      ? `count(${q(keys[0] as string)}) > count(distinct ${q(keys[0] as string)})`
      : `count(*) filter (where ${keys.map((k) => `${q(k)} is not null`).join(' and ')}) > count(distinct row(${keys.map(q).join(', ')})) filter (where ${keys.map((k) => `${q(k)} is not null`).join(' and ')})`;
  const select = [distinct, ...ranged.flatMap((k) => [`min(${q(k)})::varchar`, `max(${q(k)})::varchar`])];
  const row = (await runner.run(`select ${select.join(', ')} from ${source}`, session)).rows[0] ?? [];
  const ranges: KeyRange[] = [];
  ranged.forEach((column, i) => {
    const [low, high] = [row[1 + 2 * i], row[2 + 2 * i]];
    // A column whose new values are all NULL gets no range; each range holds on its own.
    if (typeof low !== 'string' || typeof high !== 'string') return;
    const type = typeOf(columns.source, column) as string;
    ranges.push({ column, low: literal(dialect, low, type), high: literal(dialect, high, type) });
  });
  return { duplicates: row[0] === true, ranges };
}

/** `<alias>.<column> between <low> and <high>` for each range. */
export function keyRangeConditions(dialect: SqlDialect, ranges: KeyRange[], alias: string): string[] {
  return ranges.map((r) => `${alias}.${dialect.quoteIdentifier(r.column)} between ${r.low} and ${r.high}`);
}

function literal(dialect: SqlDialect, text: string, type: string): string {
  return `cast(${dialect.quoteString(text)} as ${type})`;
}

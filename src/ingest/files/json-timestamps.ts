import type { Adapter, ColumnInfo } from '../../adapters/adapter.js';

/** DuckDB's name for a timestamp with a time zone, as DESCRIBE and information_schema print it. */
export const TIMESTAMPTZ = 'TIMESTAMP WITH TIME ZONE';

/** An ISO 8601 timestamp that ends in an offset: `2026-03-01T10:00:00+02:00`, `...00.5-0530`, `...00Z`. */
export const OFFSET_TIMESTAMP_PATTERN = '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)? ?(Z|[+-]\\d{2}(:?\\d{2})?)';

/**
 * The columns of a JSON file that hold timestamps with UTC offsets, each with the expression
 * (over the column as read_json_auto reads it) that gives the instant as TIMESTAMPTZ, the type
 * CSV files and Postgres `timestamptz` columns load as.
 *
 * read_json_auto reads such values as a TIMESTAMP already moved to UTC (the zone is lost: the
 * column looks like local time), or, when the values differ in shape (`...00Z` next to
 * `...00.5+02:00`), as text. The raw values of those columns are checked in one streaming pass:
 * a TIMESTAMP column with any offset becomes TIMESTAMPTZ (its values are UTC), a text column
 * whose every value is an offset timestamp is cast to TIMESTAMPTZ, which honours each offset.
 */
export async function offsetTimestampColumns(
  adapter: Adapter,
  session: string | undefined,
  readPath: string,
  columns: ColumnInfo[],
  format: 'auto' | 'newline_delimited' = 'auto',
): Promise<Map<string, string>> {
  // Keys a JSON path cannot name plainly are left as they are.
  const candidates = columns.filter((c) => (c.dataType === 'TIMESTAMP' || c.dataType === 'VARCHAR') && !/["\\]/.test(c.name));
  const conversions = new Map<string, string>();
  if (candidates.length === 0) return conversions;
  const q = (text: string): string => adapter.dialect.quoteString(text);
  const values = candidates.map((c, i) => `json ->> ${q(`$."${c.name}"`)} AS v${i}`);
  const checks = candidates.map((_, i) => `count(v${i}), count_if(regexp_full_match(v${i}, ${q(OFFSET_TIMESTAMP_PATTERN)}))`);
  const result = await adapter.execute(
    `SELECT ${checks.join(', ')} FROM (SELECT ${values.join(', ')} FROM read_json_objects(${q(readPath)}, format = ${q(format)}))`,
    session === undefined ? {} : { session },
  );
  const row = result.rows[0] ?? [];
  candidates.forEach((column, i) => {
    const present = Number(row[2 * i] ?? 0);
    const withOffset = Number(row[2 * i + 1] ?? 0);
    const quoted = adapter.dialect.quoteIdentifier(column.name);
    if (column.dataType === 'TIMESTAMP' && withOffset > 0) {
      // Already converted to UTC by the reader: mark it as UTC whatever the session's zone.
      conversions.set(column.name, `timezone('UTC', ${quoted})`);
    } else if (column.dataType === 'VARCHAR' && present > 0 && withOffset === present) {
      conversions.set(column.name, `CAST(${quoted} AS TIMESTAMPTZ)`);
    }
  });
  return conversions;
}

/** `* REPLACE (expr AS col, ...)` for a select list, or `*` when nothing is converted. */
export function starWithConversions(adapter: Adapter, conversions: Map<string, string>): string {
  if (conversions.size === 0) return '*';
  const items = [...conversions].map(([name, expr]) => `${expr} AS ${adapter.dialect.quoteIdentifier(name)}`);
  return `* REPLACE (${items.join(', ')})`;
}

/**
 * How a declared REST column of a timestamp type is read from JSON text so offsets count: the
 * value is read as text and each one converted by its own shape. A `TIMESTAMPTZ` column keeps
 * the instant; a `TIMESTAMP` column holds it in UTC. Values without an offset are taken as
 * UTC in both. Undefined for other types, which read_json reads as they are.
 */
export function declaredTimestampColumn(adapter: Adapter, name: string, type: string): { readType: string; expr: string } | undefined {
  const normalized = type.trim().toUpperCase().replace(/\s+/g, ' ');
  const zoned = normalized === 'TIMESTAMPTZ' || normalized === TIMESTAMPTZ;
  if (!zoned && normalized !== 'TIMESTAMP' && normalized !== 'DATETIME') return undefined;
  const v = adapter.dialect.quoteIdentifier(name);
  const hasOffset = `regexp_full_match(${v}, ${adapter.dialect.quoteString(OFFSET_TIMESTAMP_PATTERN)})`;
  const expr = zoned
    ? `CASE WHEN ${hasOffset} THEN CAST(${v} AS TIMESTAMPTZ) ELSE timezone('UTC', CAST(${v} AS TIMESTAMP)) END`
    : `CASE WHEN ${hasOffset} THEN timezone('UTC', CAST(${v} AS TIMESTAMPTZ)) ELSE CAST(${v} AS TIMESTAMP) END`;
  return { readType: 'VARCHAR', expr };
}

import { userError, type ReelhouseError } from '../core/diagnostic.js';
import type { ColumnInfo, SqlDialect } from '../adapters/adapter.js';
import { csvFixtureRows } from '../project/load/unit-test-csv.js';

/** One fixture (a `given` input or the `expect` block) as dbt accepts it. */
export interface FixtureSpec {
  rows?: unknown;
  format?: 'dict' | 'csv' | 'sql';
  fixture?: string | null;
}

/** Rows of a fixture as column -> value maps (csv and dict formats); sql fixtures stay text. */
export type FixtureRows = { kind: 'rows'; rows: Record<string, unknown>[] } | { kind: 'sql'; sql: string };

/** Reads a fixture's rows; `readFixtureFile` resolves `fixture:` names to file text. */
export function fixtureRows(spec: FixtureSpec, readFixtureFile: (name: string, format: string) => string, where: string): FixtureRows {
  const format = spec.format ?? 'dict';
  // dbt strips a fixture file's text before reading it; inline rows are read as YAML gave them.
  const text = spec.fixture ? readFixtureFile(spec.fixture, format).trim() : spec.rows;
  if (format === 'sql') {
    if (typeof text !== 'string') throw userError('unit-test-invalid', `${where}: format 'sql' needs rows given as SQL text`);
    return { kind: 'sql', sql: text };
  }
  if (format === 'csv') {
    if (typeof text !== 'string') throw userError('unit-test-invalid', `${where}: format 'csv' needs rows given as CSV text`);
    return { kind: 'rows', rows: csvFixtureRows(text) };
  }
  if (text === undefined || text === null) return { kind: 'rows', rows: [] };
  if (!Array.isArray(text)) throw userError('unit-test-invalid', `${where}: rows must be a list of mappings`, undefined, 'Write rows as `- {id: 1, name: a}` entries.');
  return { kind: 'rows', rows: text as Record<string, unknown>[] };
}

/**
 * dbt's error for a fixture column the relation does not have, in its words ("Invalid column
 * name: 'x' in unit test fixture for 'orders'." / "... for expected output.").
 */
export function invalidColumn(where: string, column: string, fixtureName: string, columns: readonly ColumnInfo[]): ReelhouseError {
  return userError('unit-test-invalid', `${where}: Invalid column name: '${column.toLowerCase()}' in unit test fixture for ${fixtureName}.`, undefined,
    `Accepted columns for ${fixtureName} are: [${columns.map((c) => `'${c.name.toLowerCase()}'`).join(', ')}]`);
}

/** Renders a literal for a fixture cell, cast to the column's type. */
function literal(value: unknown, type: string, dialect: SqlDialect): string {
  if (value === null || value === undefined) return `cast(null as ${type})`;
  if (typeof value === 'number' || typeof value === 'bigint') return `cast(${String(value)} as ${type})`;
  if (typeof value === 'boolean') return `cast(${value ? 'true' : 'false'} as ${type})`;
  if (value instanceof Date) return `cast(${dialect.quoteString(value.toISOString())} as ${type})`;
  // A YAML list or mapping becomes a list or struct literal, as dbt writes the Python value into
  // the SQL: DuckDB casts those to LIST, STRUCT and MAP columns (a JSON string casts to no MAP).
  if (typeof value === 'object') return `cast(${nestedLiteral(value, dialect)} as ${type})`;
  return `cast(${dialect.quoteString(String(value))} as ${type})`;
}

// A value inside a list or mapping as a SQL literal; an empty mapping has no struct literal, so it stays JSON text.
function nestedLiteral(value: unknown, dialect: SqlDialect): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : dialect.quoteString(String(value));
  if (typeof value === 'bigint') return String(value);
  if (value instanceof Date) return dialect.quoteString(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => nestedLiteral(v, dialect)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return dialect.quoteString('{}');
    return `{${entries.map(([k, v]) => `${dialect.quoteString(k)}: ${nestedLiteral(v, dialect)}`).join(', ')}}`;
  }
  return dialect.quoteString(String(value));
}

/** Infers a type for a column that has no warehouse relation to describe it. */
function inferType(values: unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.length > 0 && present.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'BIGINT';
  if (present.length > 0 && present.every((v) => typeof v === 'number')) return 'DOUBLE';
  return 'VARCHAR';
}

/**
 * SQL that yields the fixture's rows with exactly `columns` (missing cells are NULL, as dbt
 * fills them). Without known columns, the columns are those the rows name.
 */
export function fixtureSql(fixture: FixtureRows, columns: ColumnInfo[] | undefined, dialect: SqlDialect, where: string, fixtureName = 'expected output'): string {
  if (fixture.kind === 'sql') return fixture.sql;
  const rows = fixture.rows;
  let cols = columns;
  if (!cols || cols.length === 0) {
    const names: string[] = [];
    for (const r of rows) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
    cols = names.map((name) => ({ name, dataType: inferType(rows.map((r) => r[name])) }));
  }
  const known = new Map(cols.map((c) => [c.name.toLowerCase(), c]));
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!known.has(k.toLowerCase())) throw invalidColumn(where, k, fixtureName, cols);
    }
  }
  if (cols.length === 0) throw userError('unit-test-invalid', `${where}: no columns to build the fixture from`);
  const select = (row: Record<string, unknown> | undefined): string =>
    `select ${cols!
      .map((c) => {
        const key = row ? Object.keys(row).find((k) => k.toLowerCase() === c.name.toLowerCase()) : undefined;
        return `${literal(key === undefined ? null : row![key], c.dataType, dialect)} as ${dialect.quoteIdentifier(c.name)}`;
      })
      .join(', ')}`;
  if (rows.length === 0) return `${select(undefined)} where false`;
  return rows.map((r) => select(r)).join('\nunion all\n');
}

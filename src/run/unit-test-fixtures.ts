import { userError } from '../core/diagnostic.js';
import type { ColumnInfo, SqlDialect } from '../adapters/adapter.js';

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
  const text = spec.fixture ? readFixtureFile(spec.fixture, format) : spec.rows;
  if (format === 'sql') {
    if (typeof text !== 'string') throw userError('unit-test-invalid', `${where}: format 'sql' needs rows given as SQL text`);
    return { kind: 'sql', sql: text };
  }
  if (format === 'csv') {
    if (typeof text !== 'string') throw userError('unit-test-invalid', `${where}: format 'csv' needs rows given as CSV text`);
    return { kind: 'rows', rows: parseCsv(text) };
  }
  if (text === undefined || text === null) return { kind: 'rows', rows: [] };
  if (!Array.isArray(text)) throw userError('unit-test-invalid', `${where}: rows must be a list of mappings`, undefined, 'Write rows as `- {id: 1, name: a}` entries.');
  return { kind: 'rows', rows: text as Record<string, unknown>[] };
}

/** Minimal CSV for fixtures: header line, comma separated, double-quoted fields. */
function parseCsv(text: string): Record<string, unknown>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out.map((s) => s.trim());
  };
  const header = split(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = split(line);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] === '' || cells[i] === 'null' ? null : cells[i]]));
  });
}

/** Renders a literal for a fixture cell, cast to the column's type. */
function literal(value: unknown, type: string, dialect: SqlDialect): string {
  if (value === null || value === undefined) return `cast(null as ${type})`;
  if (typeof value === 'number' || typeof value === 'bigint') return `cast(${String(value)} as ${type})`;
  if (typeof value === 'boolean') return `cast(${value ? 'true' : 'false'} as ${type})`;
  if (value instanceof Date) return `cast(${dialect.quoteString(value.toISOString())} as ${type})`;
  if (typeof value === 'object') return `cast(${dialect.quoteString(JSON.stringify(value))} as ${type})`;
  return `cast(${dialect.quoteString(String(value))} as ${type})`;
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
export function fixtureSql(fixture: FixtureRows, columns: ColumnInfo[] | undefined, dialect: SqlDialect, where: string): string {
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
      if (!known.has(k.toLowerCase())) {
        throw userError('unit-test-invalid', `${where}: column '${k}' is not a column of the input`, undefined,
          `Its columns are: ${cols.map((c) => c.name).join(', ')}.`);
      }
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

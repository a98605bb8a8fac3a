import type { RelationRef, SqlDialect } from '../adapter.js';

/**
 * dbt's cross-database type names as DuckDB spells them. `numeric` follows dbt-duckdb, which
 * inherits dbt's default `numeric(28,6)` (DuckDB prints it `DECIMAL(28,6)`).
 */
const TYPE_NAMES = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  numeric: 'DECIMAL(28,6)',
  float: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
} as const;

/** DuckDB's SQL text rules: double-quoted identifiers, single-quoted strings. */
export const duckDbDialect: SqlDialect = {
  quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  },
  quoteString(value: string): string {
    return `'${value.replaceAll("'", "''")}'`;
  },
  renderRelation(relation: RelationRef): string {
    const parts = [relation.database, relation.schema, relation.identifier].filter((part): part is string => part !== undefined && part !== '');
    return parts.map((part) => duckDbDialect.quoteIdentifier(part)).join('.');
  },
  typeName(kind) {
    return TYPE_NAMES[kind];
  },
};

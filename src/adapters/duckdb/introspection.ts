/**
 * Introspection queries over DuckDB's catalog, split into "the statement" and
 * "reading its answer" so the asynchronous and synchronous adapter methods share both.
 * Names compare case-insensitively because DuckDB's catalog does.
 */
import type { ColumnInfo, QueryResult, RelationInfo, RelationType } from '../adapter.js';

/** A parameterized statement. */
export interface Statement {
  sql: string;
  params: unknown[];
}

// DuckDB's own catalog functions rather than information_schema.tables, a view over the same
// two functions that adds a dozen unused columns and costs about twice as much per lookup.
const relationsSql = (nameMatches: (column: string) => string) => `
select database_name, schema_name, table_name, case when temporary then 'LOCAL TEMPORARY' else 'BASE TABLE' end
from duckdb_tables()
where lower(database_name) = lower($1) and lower(schema_name) = lower($2) and ${nameMatches('table_name')}
union all
select database_name, schema_name, view_name, 'VIEW'
from duckdb_views()
where lower(database_name) = lower($1) and lower(schema_name) = lower($2) and ${nameMatches('view_name')}`;
const WITH_PREFIX = `${relationsSql((c) => `starts_with(lower(${c}), lower($3))`)}\norder by 3`;
const NAMED = relationsSql((c) => `lower(${c}) = lower($3)`);

/** Tables and views in one schema, by name. */
export function listRelationsStatement(database: string, schema: string): Statement {
  return relationsWithPrefixStatement(database, schema, '');
}

/** Tables and views in one schema whose names start with `prefix` (case-insensitively), by name. */
export function relationsWithPrefixStatement(database: string, schema: string, prefix: string): Statement {
  return { sql: WITH_PREFIX, params: [database, schema, prefix] };
}

/** One relation by name. */
export function getRelationStatement(database: string, schema: string, identifier: string): Statement {
  return { sql: NAMED, params: [database, schema, identifier] };
}

/** Reads the rows of the statements above. */
export function readRelations(result: QueryResult): RelationInfo[] {
  return result.rows.map(([database, schema, identifier, tableType]) => ({
    database: String(database),
    schema: String(schema),
    identifier: String(identifier),
    type: relationType(String(tableType)),
  }));
}

function relationType(tableType: string): RelationType {
  return tableType === 'VIEW' ? 'view' : 'table';
}

/** A relation's columns in their declared order. */
export function getColumnsStatement(database: string, schema: string, identifier: string): Statement {
  return {
    sql: `
select column_name, data_type, is_nullable, character_maximum_length, numeric_precision, numeric_scale
from information_schema.columns
where lower(table_catalog) = lower($1) and lower(table_schema) = lower($2) and lower(table_name) = lower($3)
order by ordinal_position`,
    params: [database, schema, identifier],
  };
}

/** Reads the rows of `getColumnsStatement`. */
export function readColumns(result: QueryResult): ColumnInfo[] {
  const size = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return result.rows.map(([name, dataType, nullable, charSize, precision, scale]) => ({
    name: String(name),
    dataType: String(dataType),
    nullable: nullable === 'YES',
    charSize: size(charSize),
    precision: size(precision),
    scale: size(scale),
  }));
}

/** Schemas in one database. */
export function listSchemasStatement(database: string): Statement {
  return {
    sql: `select schema_name from information_schema.schemata where lower(catalog_name) = lower($1) order by schema_name`,
    params: [database],
  };
}

/**
 * Introspection queries over DuckDB's information_schema, split into "the statement" and
 * "reading its answer" so the asynchronous and synchronous adapter methods share both.
 * Names compare case-insensitively because DuckDB's catalog does.
 */
import type { ColumnInfo, QueryResult, RelationInfo, RelationType } from '../adapter.js';

/** A parameterized statement. */
export interface Statement {
  sql: string;
  params: unknown[];
}

const RELATIONS_SQL = `
select table_catalog, table_schema, table_name, table_type
from information_schema.tables
where lower(table_catalog) = lower($1) and lower(table_schema) = lower($2)`;

/** Tables and views in one schema. */
export function listRelationsStatement(database: string, schema: string): Statement {
  return { sql: `${RELATIONS_SQL}\norder by table_name`, params: [database, schema] };
}

/** One relation by name. */
export function getRelationStatement(database: string, schema: string, identifier: string): Statement {
  return { sql: `${RELATIONS_SQL} and lower(table_name) = lower($3)`, params: [database, schema, identifier] };
}

/** Reads the rows of the two statements above. */
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
select column_name, data_type, is_nullable
from information_schema.columns
where lower(table_catalog) = lower($1) and lower(table_schema) = lower($2) and lower(table_name) = lower($3)
order by ordinal_position`,
    params: [database, schema, identifier],
  };
}

/** Reads the rows of `getColumnsStatement`. */
export function readColumns(result: QueryResult): ColumnInfo[] {
  return result.rows.map(([name, dataType, nullable]) => ({
    name: String(name),
    dataType: String(dataType),
    nullable: nullable === 'YES',
  }));
}

/** Schemas in one database. */
export function listSchemasStatement(database: string): Statement {
  return {
    sql: `select schema_name from information_schema.schemata where lower(catalog_name) = lower($1) order by schema_name`,
    params: [database],
  };
}

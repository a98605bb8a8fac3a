// The synchronous warehouse access templates need (run_query, adapter.get_columns_in_relation,
// is_incremental). Declared here so the project layer does not depend on the adapters layer;
// the run layer passes an object built on the Adapter's *Sync methods, which fits this shape.

/** A relation's three-part name as the bridge takes it. */
export interface BridgeRelationRef {
  database?: string | undefined;
  schema: string;
  identifier: string;
}

/** A relation found in the warehouse. */
export interface BridgeRelationInfo {
  database: string;
  schema: string;
  identifier: string;
  type: string;
}

/** A column as the warehouse describes it. */
export interface BridgeColumnInfo {
  name: string;
  dataType: string;
  charSize?: number | null;
  precision?: number | null;
  scale?: number | null;
}

/** A query's answer as plain data. */
export interface BridgeQueryResult {
  columns: BridgeColumnInfo[];
  rows: unknown[][];
  rowsChanged: number;
}

/** Quoting rules of the warehouse's SQL dialect. */
export interface BridgeDialect {
  quoteIdentifier(name: string): string;
  quoteString(value: string): string;
  renderRelation(relation: BridgeRelationRef): string;
}

/** Synchronous database access for templates while they render. */
export interface DatabaseBridge {
  type: string;
  defaultDatabase: string;
  dialect: BridgeDialect;
  executeSync(sql: string): BridgeQueryResult;
  getRelationSync(relation: BridgeRelationRef): BridgeRelationInfo | undefined;
  getColumnsSync(relation: BridgeRelationRef): BridgeColumnInfo[];
  listRelationsSync(database: string, schema: string): BridgeRelationInfo[];
}

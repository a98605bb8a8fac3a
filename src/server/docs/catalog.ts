import { isoUtc } from '../../core/clock.js';
import { DBT_VERSION } from '../../core/dbt-version.js';
import { isReelhouseError } from '../../core/diagnostic.js';
import type { Adapter } from '../../adapters/adapter.js';
import type { Manifest } from '../../project/types.js';

/** catalog.json's schema, as dbt publishes it. */
export const CATALOG_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

type Json = Record<string, unknown>;

/** One relation found in the warehouse. */
interface FoundRelation {
  database: string;
  schema: string;
  name: string;
  type: string;
  comment: string | null;
  columns: { name: string; type: string; index: number; comment: string | null }[];
  rowCount?: number;
}

/** The catalog's inputs beyond the warehouse. */
export interface CatalogOptions {
  invocationId: string;
  dbtVersion?: string;
  /** Count rows of tables (exact `count(*)`; views are not counted). Default true. */
  rowCounts?: boolean;
  generatedAt?: Date;
  /** When set, only these nodes and sources (unique ids) are looked up and listed. */
  only?: ReadonlySet<string>;
  /** The failures of catalog queries, which dbt writes as the catalog's `errors`. */
  errors?: readonly string[];
}

/**
 * Builds dbt's catalog (v1) by introspecting the warehouse: for every model, seed, snapshot,
 * failure-storing data test and source that exists as a relation, its type, columns (type, index, comment) and row count.
 */
export async function generateCatalog(adapter: Adapter, manifest: Manifest, options: CatalogOptions): Promise<Json> {
  const wanted: { id: string; kind: 'nodes' | 'sources'; database: string; schema: string; name: string }[] = [];
  for (const node of Object.values(manifest.nodes)) {
    // dbt catalogs every relational node: models, seeds, snapshots, and the data tests that
    // store their failures (those name a relation).
    const storingTest = node.resource_type === 'test' && typeof node.relation_name === 'string';
    if (!['model', 'seed', 'snapshot'].includes(node.resource_type) && !storingTest) continue;
    if (node.config.materialized === 'ephemeral') continue;
    if (options.only && !options.only.has(node.unique_id)) continue;
    wanted.push({ id: node.unique_id, kind: 'nodes', database: node.database, schema: node.schema, name: node.alias || node.name });
  }
  for (const source of Object.values(manifest.sources)) {
    if (options.only && !options.only.has(source.unique_id)) continue;
    wanted.push({ id: source.unique_id, kind: 'sources', database: source.database, schema: source.schema, name: source.identifier || source.name });
  }
  let found: Map<string, FoundRelation>;
  try {
    found = await introspect(adapter, wanted);
    if (options.rowCounts !== false) await countRows(adapter, [...found.values()].filter((r) => r.type === 'BASE TABLE'));
  } catch (error) {
    // As dbt: a failed catalog query is the catalog's error, not the command's crash.
    const message = isReelhouseError(error) ? error.diagnostic.message : error instanceof Error ? error.message : String(error);
    return catalogDocument(manifest, { ...options, errors: [...(options.errors ?? []), message] }, {}, {});
  }

  const nodes: Json = {};
  const sources: Json = {};
  // Entries in the order dbt lists them: its catalog query's rows, by database, schema and name.
  const listed = wanted.flatMap((w) => {
    const rel = found.get(key(w.database, w.schema, w.name));
    return rel ? [{ w, rel }] : [];
  });
  listed.sort((a, b) => compareText(a.rel.database, b.rel.database) || compareText(a.rel.schema, b.rel.schema) || compareText(a.rel.name, b.rel.name));
  for (const { w, rel } of listed) {
    // Every column's comment is the warehouse's, as dbt 1.10's catalog query reads it: a source
    // column's YAML description stays in the manifest (only later dbt releases copy it here).
    // DuckDB has no owners: dbt-duckdb's catalog query selects NULL as the owner, which the
    // catalog writes as null (as catalogs written by dbt 1.9 and 1.12 with dbt-duckdb show).
    const entry = {
      metadata: { type: rel.type, schema: rel.schema, name: rel.name, database: rel.database, comment: rel.comment, owner: null },
      columns: Object.fromEntries(
        rel.columns.map((c) => [c.name, { type: c.type, index: c.index, name: c.name, comment: c.comment }]),
      ),
      stats: statsOf(rel),
      unique_id: w.id,
    };
    (w.kind === 'nodes' ? nodes : sources)[w.id] = entry;
  }
  return catalogDocument(manifest, options, nodes, sources);
}

/** catalog.json around its node and source entries: dbt's metadata and the queries' errors (null when none failed). */
export function catalogDocument(manifest: Manifest, options: CatalogOptions, nodes: Json, sources: Json): Json {
  return {
    metadata: {
      dbt_schema_version: CATALOG_SCHEMA_VERSION,
      dbt_version: options.dbtVersion ?? DBT_VERSION,
      generated_at: options.generatedAt ? isoUtc(options.generatedAt.getTime()) : isoUtc(),
      invocation_id: options.invocationId,
      env: { ...manifest.metadata.env },
    },
    nodes,
    sources,
    errors: options.errors && options.errors.length > 0 ? [...options.errors] : null,
  };
}

function statsOf(rel: FoundRelation): Json {
  if (rel.rowCount === undefined) {
    return {
      has_stats: { id: 'has_stats', label: 'Has Stats?', value: false, include: false, description: 'Indicates whether there are statistics for this table' },
    };
  }
  return {
    row_count: { id: 'row_count', label: 'Row Count', value: rel.rowCount, include: true, description: 'Number of rows in the table' },
    has_stats: { id: 'has_stats', label: 'Has Stats?', value: true, include: false, description: 'Indicates whether there are statistics for this table' },
  };
}

// Binary order, as DuckDB sorts text.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const key = (database: string, schema: string, name: string): string => `${database}\u0000${schema}\u0000${name}`.toLowerCase();

async function introspect(
  adapter: Adapter,
  wanted: { database: string; schema: string; name: string }[],
): Promise<Map<string, FoundRelation>> {
  const found = new Map<string, FoundRelation>();
  if (wanted.length === 0) return found;
  if (adapter.type === 'duckdb') {
    // One query for every relation and column instead of one per relation.
    const relations = await adapter.execute(
      `select database_name, schema_name, table_name, 'BASE TABLE' as kind, comment from duckdb_tables() where not internal
       union all
       select database_name, schema_name, view_name, 'VIEW', comment from duckdb_views() where not internal`,
    );
    const wantedKeys = new Set(wanted.map((w) => key(w.database, w.schema, w.name)));
    for (const [database, schema, name, kind, comment] of relations.rows as [string, string, string, string, string | null][]) {
      const k = key(database, schema, name);
      if (!wantedKeys.has(k)) continue;
      found.set(k, { database, schema, name, type: kind, comment: comment ?? null, columns: [] });
    }
    const columns = await adapter.execute(
      `select database_name, schema_name, table_name, column_name, column_index, data_type, comment
       from duckdb_columns() where not internal order by database_name, schema_name, table_name, column_index`,
    );
    for (const [database, schema, table, name, index, type, comment] of columns.rows as [string, string, string, string, number, string, string | null][]) {
      const rel = found.get(key(database, schema, table));
      if (rel) rel.columns.push({ name, type, index: Number(index), comment: comment ?? null });
    }
    return found;
  }
  for (const w of wanted) {
    const rel = await adapter.getRelation({ database: w.database, schema: w.schema, identifier: w.name });
    if (!rel) continue;
    const cols = await adapter.getColumns(rel);
    found.set(key(w.database, w.schema, w.name), {
      database: rel.database,
      schema: rel.schema,
      name: rel.identifier,
      type: rel.type === 'view' ? 'VIEW' : 'BASE TABLE',
      comment: null,
      columns: cols.map((c, i) => ({ name: c.name, type: c.dataType, index: i + 1, comment: null })),
    });
  }
  return found;
}

async function countRows(adapter: Adapter, tables: FoundRelation[]): Promise<void> {
  const batch = 50;
  for (let i = 0; i < tables.length; i += batch) {
    const part = tables.slice(i, i + batch);
    const sql = part
      .map(
        (t, j) =>
          `select ${j} as i, count(*) as n from ${adapter.dialect.renderRelation({ database: t.database, schema: t.schema, identifier: t.name })}`,
      )
      .join('\nunion all\n');
    const result = await adapter.execute(sql);
    for (const [j, n] of result.rows as [number, number | string][]) {
      const table = part[Number(j)];
      if (table) table.rowCount = Number(n);
    }
  }
}

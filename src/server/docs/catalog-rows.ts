// catalog.json from the rows a get_catalog macro returns (a project's override of dbt's), shaped
// as dbt shapes them: `table_*` columns are a relation's metadata, `column_*` ones a column,
// `stats:<id>:<field>` ones its statistics; relations are matched to nodes and sources by name.
import type { Manifest } from '../../project/types.js';
import { catalogDocument, type CatalogOptions } from './catalog.js';

type Json = Record<string, unknown>;

/** One row of a catalog query, by column name. */
export type CatalogRow = Record<string, unknown>;

interface CatalogTable {
  metadata: Json;
  columns: Json;
  stats: Json;
}

/** The (database, schema) pairs dbt keeps catalog rows for: those of the project's nodes and sources. */
export function usedSchemas(manifest: Manifest): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const add = (database: string, schema: string): void => {
    let schemas = used.get(database);
    if (!schemas) used.set(database, (schemas = new Set()));
    schemas.add(schema);
  };
  for (const node of Object.values(manifest.nodes)) add(node.database, node.schema);
  for (const source of Object.values(manifest.sources)) add(source.database, source.schema);
  return used;
}

/** dbt's catalog (v1) from catalog rows: rows outside the project's schemas are dropped, as dbt drops them. */
export function catalogFromRows(manifest: Manifest, rows: readonly CatalogRow[], options: CatalogOptions): Json {
  const used = new Set<string>();
  for (const [database, schemas] of usedSchemas(manifest)) for (const schema of schemas) used.add(`${database}\u0000${schema}`.toLowerCase());
  const tables = new Map<string, CatalogTable>();
  for (const row of rows) {
    const database = row['table_database'];
    const schema = row['table_schema'];
    if (schema === null || schema === undefined) continue;
    if (!used.has(`${String(database)}\u0000${String(schema)}`.toLowerCase())) continue;
    const k = key(database, schema, row['table_name']);
    let table = tables.get(k);
    if (!table) tables.set(k, (table = newTable(row)));
    const column = stripped(row, 'column_');
    column['index'] = Math.trunc(Number(column['index']));
    table.columns[String(column['name'])] = { type: column['type'] ?? null, index: column['index'], name: column['name'], comment: column['comment'] ?? null };
  }

  // As dbt's make_unique_id_map: each table, in the order of the rows, goes to the node and the
  // sources whose relation it is.
  const nodeOf = new Map<string, string>();
  const sourcesOf = new Map<string, string[]>();
  for (const node of Object.values(manifest.nodes)) {
    if (!['model', 'seed', 'snapshot'].includes(node.resource_type) || node.config.materialized === 'ephemeral') continue;
    nodeOf.set(key(node.database, node.schema, node.alias || node.name), node.unique_id);
  }
  for (const source of Object.values(manifest.sources)) {
    const k = key(source.database, source.schema, source.identifier || source.name);
    sourcesOf.set(k, [...(sourcesOf.get(k) ?? []), source.unique_id]);
  }
  const selected = (id: string): boolean => !options.only || options.only.has(id);
  const nodes: Json = {};
  const sources: Json = {};
  for (const [k, table] of tables) {
    const id = nodeOf.get(k);
    if (id !== undefined && selected(id)) nodes[id] = { ...table, unique_id: id };
    for (const sourceId of sourcesOf.get(k) ?? []) if (selected(sourceId)) sources[sourceId] = { ...table, unique_id: sourceId };
  }
  return catalogDocument(manifest, options, nodes, sources);
}

const key = (database: unknown, schema: unknown, name: unknown): string =>
  `${database === null || database === undefined ? '' : String(database)}\u0000${String(schema)}\u0000${String(name)}`.toLowerCase();

function newTable(row: CatalogRow): CatalogTable {
  const t = stripped(row, 'table_');
  const metadata = { type: t['type'] ?? null, schema: t['schema'] ?? null, name: t['name'] ?? null, database: t['database'] ?? null, comment: t['comment'] ?? null, owner: t['owner'] ?? null };
  return { metadata, columns: {}, stats: formatStats(stripped(row, 'stats:')) };
}

/** The row's columns that start with `prefix`, the prefix taken off. */
function stripped(row: CatalogRow, prefix: string): Json {
  const out: Json = {};
  for (const [name, value] of Object.entries(row)) if (name.startsWith(prefix)) out[name.slice(prefix.length)] = value;
  return out;
}

// dbt's format_stats: `<id>:label`, `:value`, `:description`, `:include` make one statistic,
// kept when include is true; `has_stats` is always there, true when any statistic was kept.
function formatStats(stats: Json): Json {
  const out: Json = {};
  const ids = [...new Set(Object.keys(stats).map((k) => k.split(':')[0]!))];
  for (const id of ids) {
    const label = stats[`${id}:label`];
    const include = stats[`${id}:include`];
    if (typeof label !== 'string' || typeof include !== 'boolean' || !include) continue;
    const description = stats[`${id}:description`];
    out[id] = { id, label, value: stats[`${id}:value`] ?? null, include, description: typeof description === 'string' ? description : null };
  }
  out['has_stats'] = { id: 'has_stats', label: 'Has Stats?', value: Object.keys(out).length > 0, include: false, description: 'Indicates whether there are statistics for this table' };
  return out;
}

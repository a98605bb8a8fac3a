// docs generate with a catalog macro of the project's (or a package's): dbt builds catalog.json by
// running get_catalog once per database, or, when it compiled the project and at most 100
// relations are selected, get_catalog_relations with those relations. A project that replaces
// either (the macro itself, or the duckdb__/default__ implementation dispatch finds first)
// decides what is listed.
import { userError } from '../../core/diagnostic.js';
import { Table } from '../../project/context/index.js';
import type { Relation } from '../../project/context/index.js';
import type { ProjectSession } from '../../run/project-session.js';
import { catalogFromRows, usedSchemas, type CatalogOptions, type CatalogRow } from '../../server/index.js';
import { pySetOf, pyStr, toPlain } from '../../templating/index.js';

/** dbt-adapters' MAX_SCHEMA_METADATA_RELATIONS: more selected relations than this read whole schemas. */
const MAX_CATALOG_RELATIONS = 100;

/** The catalog a replaced catalog macro builds; undefined when dbt's own would run (then the built-in catalog is used). */
export function catalogFromMacro(session: ProjectSession, options: CatalogOptions): Record<string, unknown> | undefined {
  const rows = (options.only ? rowsByRelations(session, options.only) : undefined) ?? rowsBySchemas(session);
  return rows ? catalogFromRows(session.manifest, rows, options) : undefined;
}

// get_catalog_relations(information_schema, relations) per database, for the selected relations.
function rowsByRelations(session: ProjectSession, only: ReadonlySet<string>): CatalogRow[] | undefined {
  const { renderer, manifest } = session;
  const byDatabase = new Map<string, Relation[]>();
  const add = (database: string, schema: string, identifier: string): void => {
    let list = byDatabase.get(database);
    if (!list) byDatabase.set(database, (list = []));
    list.push(renderer.relation(database, schema, identifier));
  };
  for (const node of Object.values(manifest.nodes)) {
    if (!only.has(node.unique_id) || !['model', 'seed', 'snapshot'].includes(node.resource_type) || node.config.materialized === 'ephemeral') continue;
    add(node.database, node.schema, node.alias || node.name);
  }
  for (const source of Object.values(manifest.sources)) if (only.has(source.unique_id)) add(source.database, source.schema, source.identifier || source.name);
  const count = [...byDatabase.values()].reduce((n, list) => n + list.length, 0);
  if (count === 0 || count > MAX_CATALOG_RELATIONS) return undefined;
  const rows: CatalogRow[] = [];
  for (const [database, relations] of byDatabase) {
    const result = renderer.callMacroOverride('get_catalog_relations', [renderer.informationSchema(database), relations]);
    if (!result) return undefined;
    rows.push(...tableRows(result.value, 'get_catalog_relations'));
  }
  return rows;
}

// get_catalog(information_schema, schemas) per database, for every schema the project uses.
function rowsBySchemas(session: ProjectSession): CatalogRow[] | undefined {
  const { renderer, manifest } = session;
  const rows: CatalogRow[] = [];
  for (const [database, schemas] of usedSchemas(manifest)) {
    // As dbt's SchemaSearchMap holds them: the database's schemas, lower-cased, as a set.
    const schemaSet = pySetOf([...new Set([...schemas].map((s) => s.toLowerCase()))]);
    const result = renderer.callMacroOverride('get_catalog', [renderer.informationSchema(database), schemaSet]);
    if (!result) return undefined;
    rows.push(...tableRows(result.value, 'get_catalog'));
  }
  return rows.length > 0 || usedSchemas(manifest).size > 0 ? rows : undefined;
}

function tableRows(value: unknown, macro: string): CatalogRow[] {
  if (!(value instanceof Table)) {
    throw userError('catalog-invalid', `${macro} must return a table (the result of run_query or load_result(...).table), got ${pyStr(value)}`);
  }
  const names = value.column_names;
  return [...value.rows].map((row) => Object.fromEntries(names.map((name, i) => [name, plainCell((row as unknown[])[i])])));
}

// Query cells as JSON takes them: boxed numbers (big integers, decimals) as numbers, other objects as text.
function plainCell(value: unknown): unknown {
  const plain = toPlain(value);
  if (plain === null || typeof plain !== 'object') return plain;
  const text = pyStr(plain);
  const n = Number(text);
  return /^-?\d/u.test(text) && Number.isFinite(n) ? n : text;
}

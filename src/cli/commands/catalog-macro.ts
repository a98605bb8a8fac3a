// docs generate with a catalog macro of the project's (or a package's): dbt builds catalog.json by
// running get_catalog once per database with the schemas of the project's relations. A project
// that replaces it (the macro itself, or the duckdb__/default__ implementation dispatch finds
// first) decides what is listed. dbt-duckdb declares no support for metadata by relation, so dbt
// never asks get_catalog_relations: the selection only filters get_catalog's rows afterwards.
import { isReelhouseError, userError } from '../../core/diagnostic.js';
import { Table } from '../../project/context/index.js';
import type { Manifest } from '../../project/types.js';
import type { ProjectSession } from '../../run/project-session.js';
import { catalogFromRows, type CatalogOptions, type CatalogRow } from '../../server/index.js';
import { pySetOf, pyStr, toPlain } from '../../templating/index.js';

/** The catalog a replaced catalog macro builds; undefined when dbt's own would run (then the built-in catalog is used). */
export function catalogFromMacro(session: ProjectSession, options: CatalogOptions): Record<string, unknown> | undefined {
  const read = rowsBySchemas(session);
  return read ? catalogFromRows(session.manifest, read.rows, { ...options, errors: read.errors }) : undefined;
}

// get_catalog(information_schema, schemas) per database, for the schemas of its relations. As
// dbt, a database whose query fails leaves its error for the catalog's `errors`, and the others
// are still listed.
function rowsBySchemas(session: ProjectSession): { rows: CatalogRow[]; errors: string[] } | undefined {
  const { renderer, manifest } = session;
  const schemas = catalogSchemas(manifest);
  const rows: CatalogRow[] = [];
  const errors: string[] = [];
  for (const [database, names] of schemas) {
    let result: ReturnType<typeof renderer.callMacroOverride>;
    try {
      result = renderer.callMacroOverride('get_catalog', [renderer.informationSchema(database), pySetOf([...names])]);
      if (result) rows.push(...tableRows(result.value, 'get_catalog'));
    } catch (error) {
      errors.push(isReelhouseError(error) ? error.diagnostic.message : error instanceof Error ? error.message : String(error));
      continue;
    }
    if (!result) return undefined;
  }
  return schemas.size > 0 ? { rows, errors } : undefined;
}

// As dbt's SchemaSearchMap of the catalogable nodes (relational, not ephemeral) and the sources:
// each database's schemas, lower-cased, as a set.
function catalogSchemas(manifest: Manifest): Map<string, Set<string>> {
  const schemas = new Map<string, Set<string>>();
  const add = (database: string, schema: string): void => {
    let names = schemas.get(database);
    if (!names) schemas.set(database, (names = new Set()));
    names.add(schema.toLowerCase());
  };
  for (const node of Object.values(manifest.nodes)) {
    if (['model', 'seed', 'snapshot'].includes(node.resource_type) && node.config.materialized !== 'ephemeral') add(node.database, node.schema);
  }
  for (const source of Object.values(manifest.sources)) add(source.database, source.schema);
  return schemas;
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

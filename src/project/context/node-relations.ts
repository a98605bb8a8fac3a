// Relation objects for manifest nodes and sources, rendered with the project's quoting.
import type { CompiledNode, SourceNode } from '../types.js';
import { Relation } from './relation.js';
import type { PartPolicy } from './relation.js';

const ALL: PartPolicy = { database: true, schema: true, identifier: true };

/** The relation type a node's materialization produces (`this.type`, `ref(...).type`). */
export function relationTypeOf(node: CompiledNode): string | null {
  const m = node.config.materialized;
  if (node.resource_type === 'seed' || node.resource_type === 'snapshot') return 'table';
  if (m === 'view') return 'view';
  if (m === 'table' || m === 'incremental') return 'table';
  if (m === 'materialized_view') return 'materialized_view';
  if (m === 'ephemeral') return 'cte';
  if (m === 'external') return 'view';
  return null;
}

/** The relation a node builds (or would build): database, schema and alias. */
export function nodeRelation(node: CompiledNode, quotePolicy: PartPolicy): Relation {
  const quoting = (node.config['quoting'] as Partial<PartPolicy> | undefined) ?? {};
  return new Relation({
    database: node.database || null,
    schema: node.schema || null,
    identifier: node.alias || node.name,
    type: relationTypeOf(node),
    quotePolicy: { ...quotePolicy, ...quoting },
    includePolicy: ALL,
  });
}

/** What `ref()` returns for an ephemeral model: the CTE name dbt injects. */
export function ephemeralRelation(node: CompiledNode): Relation {
  return new Relation({
    database: null,
    schema: null,
    identifier: `__dbt__cte__${node.alias || node.name}`,
    type: 'cte',
    quotePolicy: { database: false, schema: false, identifier: false },
    includePolicy: { database: false, schema: false, identifier: true },
  });
}

/** The relation of a declared source; a source read from files renders as its location. */
export function sourceRelation(source: SourceNode, quotePolicy: PartPolicy): Relation {
  const quoting = (source.config['quoting'] as Partial<PartPolicy> | undefined) ?? {};
  const location = source.external_location ?? (source.meta?.['external_location'] as string | undefined) ?? null;
  return new Relation({
    database: source.database || null,
    schema: source.schema || null,
    identifier: source.identifier || source.name,
    type: 'table',
    quotePolicy: { ...quotePolicy, ...quoting },
    includePolicy: ALL,
    externalLocation: location ? formatLocation(location, source) : null,
  });
}

// dbt-duckdb formats `external_location` with the source's fields, Python str.format style:
// `read_parquet('lake/{name}/*.parquet')`.
function formatLocation(template: string, source: SourceNode): string {
  const fields: Record<string, unknown> = {
    name: source.name,
    identifier: source.identifier,
    schema: source.schema,
    database: source.database,
    source_name: source.source_name,
    ...source.meta,
    ...source.config,
  };
  const text = template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in fields && fields[key] !== undefined ? String(fields[key]) : whole));
  // A bare path becomes a string literal DuckDB reads as a table; a function call is used as written.
  return text.includes('(') || text.startsWith("'") ? text : `'${text.replace(/'/g, "''")}'`;
}

// manifest.json's entries other than nodes: sources, macros, docs blocks, exposures, and the
// columns nodes and sources share, each with exactly the fields its dbt class writes.
import { externalTableOf, sourceConfigOf } from '../../project/index.js';
import type { ColumnDef, DocNode, ExposureNode, MacroNode, SourceNode } from '../../project/types.js';

type Json = Record<string, unknown>;

const CONSTRAINT_TYPES = new Set(['check', 'not_null', 'unique', 'primary_key', 'foreign_key', 'custom']);

// ColumnDef's own keys; a column also carries the keys dbt keeps beyond them (and its config).
const COLUMN_DEF_KEYS = new Set(['name', 'description', 'meta', 'data_type', 'constraints', 'quote', 'config', 'tags', 'granularity', 'doc_blocks']);

/** A column as dbt's ColumnInfo writes it: its own keys, then the ones dbt keeps beyond them. */
export function columnJson(column: ColumnDef): Json {
  const out: Json = {
    name: column.name,
    description: column.description ?? '',
    meta: column.meta ?? {},
    data_type: column.data_type ?? null,
    constraints: (column.constraints ?? [])
      .map((c) => c as { type?: string; name?: string | null; expression?: string | null; to?: string | null; to_columns?: string[] })
      .filter((c) => c.type !== undefined && CONSTRAINT_TYPES.has(c.type))
      .map((c) => ({
        type: c.type,
        name: c.name ?? null,
        expression: c.expression ?? null,
        warn_unenforced: true,
        warn_unsupported: true,
        to: c.to ?? null,
        to_columns: c.to_columns ?? [],
      })),
    quote: column.quote ?? null,
  };
  // A column's config (dbt 1.10+) is one of ColumnInfo's own fields, written after quote.
  const config = (column as unknown as Json)['config'];
  if (config !== undefined) out['config'] = config;
  out['tags'] = column.tags ?? [];
  out['granularity'] = column.granularity ?? null;
  out['doc_blocks'] = column.doc_blocks ?? [];
  // dbt writes the keys it keeps beyond its own fields after them.
  for (const k in column) if (!COLUMN_DEF_KEYS.has(k)) out[k] = (column as unknown as Json)[k];
  return out;
}

/** A source definition as dbt writes it. */
export function sourceJson(source: SourceNode, createdAt: number): Json {
  return {
    database: source.database ?? null,
    schema: source.schema,
    name: source.name,
    resource_type: 'source',
    package_name: source.package_name,
    path: source.path,
    original_file_path: source.original_file_path,
    unique_id: source.unique_id,
    fqn: source.fqn,
    source_name: source.source_name,
    source_description: source.source_description ?? '',
    loader: source.loader ?? '',
    identifier: source.identifier,
    quoting: { database: null, schema: null, identifier: null, column: null, ...source.quoting },
    loaded_at_field: source.loaded_at_field ?? null,
    loaded_at_query: source.loaded_at_query ?? null,
    freshness: freshnessJson(source.freshness),
    // dbt-duckdb reads external_location when it names the relation; dbt's `external` is the table's own property.
    external: externalTableOf(source.external),
    description: source.description ?? '',
    columns: mapValues(source.columns ?? {}, columnJson),
    meta: source.meta ?? {},
    source_meta: source.source_meta ?? {},
    tags: source.tags ?? [],
    config: sourceConfigJson(source),
    patch_path: source.patch_path ?? null,
    unrendered_config: source.unrendered_config ?? {},
    relation_name: source.relation_name ?? null,
    created_at: createdAt,
    unrendered_database: source.unrendered_database ?? null,
    unrendered_schema: source.unrendered_schema ?? null,
    doc_blocks: source.doc_blocks ?? [],
  };
}

/** A source's config as dbt 1.10's SourceConfig writes it (see sourceConfigOf). */
export function sourceConfigJson(source: SourceNode): Json {
  return sourceConfigOf((source.config ?? {}) as Json);
}

function freshnessJson(rule: SourceNode['freshness']): Json | null {
  if (!rule) return null;
  const time = (t: { count: number | null; period: string | null } | null | undefined) => ({ count: t?.count ?? null, period: t?.period ?? null });
  return { warn_after: time(rule.warn_after), error_after: time(rule.error_after), filter: rule.filter ?? null };
}

/** A macro as dbt writes it. */
export function macroJson(macro: MacroNode, createdAt: number): Json {
  return {
    name: macro.name,
    resource_type: 'macro',
    package_name: macro.package_name,
    path: macro.path,
    original_file_path: macro.original_file_path,
    unique_id: macro.unique_id,
    macro_sql: macro.macro_sql,
    depends_on: { macros: macro.depends_on?.macros ?? [] },
    description: macro.description ?? '',
    meta: macro.meta ?? {},
    docs: macro.docs ?? { show: true, node_color: null },
    patch_path: macro.patch_path ?? null,
    arguments: (macro.arguments ?? []).map((a) => ({ name: a.name, type: a.type ?? null, description: a.description ?? '' })),
    created_at: createdAt,
    supported_languages: macro.supported_languages ?? null,
  };
}

/** A docs block as dbt writes it. */
export function docJson(doc: DocNode): Json {
  return {
    name: doc.name,
    resource_type: 'doc',
    package_name: doc.package_name,
    path: doc.path,
    original_file_path: doc.original_file_path,
    unique_id: doc.unique_id,
    block_contents: doc.block_contents,
  };
}

const EXPOSURE_TYPES = new Set(['dashboard', 'notebook', 'analysis', 'ml', 'application']);
const MATURITIES = new Set(['high', 'medium', 'low']);

/** An exposure as dbt writes it. */
export function exposureJson(exposure: ExposureNode, createdAt: number): Json {
  return {
    name: exposure.name,
    resource_type: 'exposure',
    package_name: exposure.package_name,
    path: exposure.path,
    original_file_path: exposure.original_file_path,
    unique_id: exposure.unique_id,
    fqn: exposure.fqn,
    type: EXPOSURE_TYPES.has(exposure.type) ? exposure.type : 'dashboard',
    owner: ownerJson(exposure.owner),
    description: exposure.description ?? '',
    label: exposure.label ?? null,
    maturity: exposure.maturity && MATURITIES.has(exposure.maturity) ? exposure.maturity : null,
    meta: exposure.meta ?? {},
    tags: exposure.tags ?? [],
    config: { ...exposure.config, enabled: exposure.config?.enabled !== false },
    unrendered_config: exposure.unrendered_config ?? {},
    url: exposure.url ?? null,
    depends_on: { macros: exposure.depends_on?.macros ?? [], nodes: exposure.depends_on?.nodes ?? [] },
    refs: (exposure.refs ?? []).map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: (exposure.sources ?? []).map((s) => [...s]),
    metrics: (exposure.metrics ?? []).map((m) => [...m]),
    created_at: createdAt,
  };
}

/** An owner as dbt's Owner writes it: email, then name, then any other keys as written. */
export function ownerJson(owner: Record<string, unknown> | null | undefined): Json {
  const given = owner ?? {};
  const rest = Object.fromEntries(Object.entries(given).filter(([k]) => k !== 'email' && k !== 'name'));
  return { email: given['email'] ?? null, name: given['name'] ?? null, ...rest };
}

/** A record with each value shaped by `fn`. */
export function mapValues<T>(record: Record<string, T> | undefined, fn: (value: T) => Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(record ?? {})) out[key] = fn(value);
  return out;
}


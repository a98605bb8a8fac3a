// A source's config as dbt 1.10's SourceConfig holds it, and its external: property as dbt's
// ExternalTable, which manifest.json, `ls --output json` and state comparison all read.
import type { FreshnessRule } from '../types.js';

type Json = Record<string, unknown>;

/**
 * dbt's SourceConfig: enabled, event_time, freshness (the empty thresholds unless one is given,
 * null when set to null), loaded_at_field, loaded_at_query, meta and tags, in
 * that order, then any other key the configs gave (dbt-duckdb's external_location, plugin...).
 */
export function sourceConfigOf(config: Json): Json & { enabled: boolean } {
  const out: Json & { enabled: boolean } = {
    enabled: config['enabled'] !== false,
    event_time: config['event_time'] ?? null,
    freshness: !('freshness' in config) ? thresholds({}) : config['freshness'] === null ? null : thresholds(config['freshness']),
    loaded_at_field: config['loaded_at_field'] ?? null,
    loaded_at_query: config['loaded_at_query'] ?? null,
    meta: config['meta'] ?? {},
    tags: config['tags'] ?? [],
  };
  for (const key of Object.keys(config)) if (!(key in out) && config[key] !== undefined) out[key] = config[key];
  return out;
}

/**
 * A source's unrendered_config as dbt 1.10 writes it: the configs as written, then the
 * loaded_at_field, loaded_at_query, meta and tags the source's config holds, which dbt records
 * even when nothing sets them (as null, null, {} and []); a key a config already wrote stays as written.
 */
export function sourceUnrenderedConfig(unrendered: Json, config: Json): Json {
  const out: Json = { ...unrendered };
  for (const key of ['loaded_at_field', 'loaded_at_query', 'meta', 'tags']) if (!(key in out)) out[key] = config[key];
  return out;
}

// dbt's FreshnessThreshold with every Time filled in, as it serializes.
function thresholds(value: unknown): Json {
  const rule = (typeof value === 'object' && value !== null ? value : {}) as FreshnessRule;
  const time = (t: unknown): Json => {
    const o = (typeof t === 'object' && t !== null ? t : {}) as { count?: unknown; period?: unknown };
    return { count: o.count ?? null, period: o.period ?? null };
  };
  // A threshold set to null stays null, as dbt's Optional[Time] writes it.
  const after = (key: 'warn_after' | 'error_after'): Json | null => (key in rule && rule[key] === null ? null : time(rule[key]));
  return { warn_after: after('warn_after'), error_after: after('error_after'), filter: rule.filter ?? null };
}

/**
 * A source table's external: property as dbt's ExternalTable (and ExternalPartition) holds it:
 * its own fields, null when not given, then any other key kept; null when the table has none.
 */
export function externalTableOf(external: unknown): Json | null {
  if (typeof external !== 'object' || external === null || Array.isArray(external)) return null;
  const { location, file_format, row_format, tbl_properties, partitions, ...rest } = external as Json;
  const partition = (p: unknown): unknown => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return p;
    const { name, description, data_type, meta, ...more } = p as Json;
    return { name: name ?? '', description: description ?? '', data_type: data_type ?? '', meta: meta ?? {}, ...more };
  };
  return {
    location: location ?? null,
    file_format: file_format ?? null,
    row_format: row_format ?? null,
    tbl_properties: tbl_properties ?? null,
    partitions: Array.isArray(partitions) ? partitions.map(partition) : partitions ?? null,
    ...rest,
  };
}

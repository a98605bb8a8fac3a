// A node's `config` in manifest.json: dbt's schema leaves it open, but its typed members (hooks,
// docs, contract, a test's severity and limit) must have dbt's shapes.
import type { CompiledNode, Hook } from '../../project/types.js';

type Json = Record<string, unknown>;

/** The node's contract config as dbt writes it. */
export function contractConfig(node: CompiledNode): { enforced: boolean; alias_types: boolean } {
  const c = node.config?.['contract'] as { enforced?: unknown; alias_types?: unknown } | undefined;
  return { enforced: c?.enforced === true, alias_types: c?.alias_types !== false };
}

/** A node config: open-ended in dbt's schema, but its typed members must have dbt's shapes. */
export function configJson(node: CompiledNode): Json {
  const source = (node.config ?? {}) as Json;
  // A config with neither undefined members nor dates (nearly all) is copied whole by a spread,
  // several times cheaper than adding its keys one by one, in the same key order.
  const config: Json = needsRewrite(source) ? rewrittenConfig(source) : { ...source };
  config['enabled'] = node.config?.enabled !== false;
  config['materialized'] = typeof node.config?.materialized === 'string' ? node.config.materialized : node.resource_type === 'seed' ? 'seed' : 'view';
  config['tags'] = Array.isArray(node.config?.tags) ? node.config.tags : [];
  config['meta'] = node.config?.meta ?? {};
  // dbt's TestConfig has no hooks: a data test's config lists them only when given some.
  if (node.resource_type !== 'test' || source['pre-hook'] !== undefined) config['pre-hook'] = hooksJson(node.config?.['pre-hook']);
  if (node.resource_type !== 'test' || source['post-hook'] !== undefined) config['post-hook'] = hooksJson(node.config?.['post-hook']);
  if (config['docs'] !== undefined) config['docs'] = docsJson(config['docs'] as CompiledNode['docs']);
  if (config['contract'] !== undefined || node.resource_type !== 'test') config['contract'] = contractConfig(node);
  if (node.resource_type === 'test') {
    const severity = String(config['severity'] ?? 'ERROR');
    config['severity'] = /^(warn|error)$/iu.test(severity) ? severity : 'ERROR';
    const limit = config['limit'];
    config['limit'] = limit === null || limit === undefined || limit === '' ? null : Math.trunc(Number(limit));
    for (const key of ['fail_calc', 'warn_if', 'error_if'] as const) if (config[key] !== undefined) config[key] = String(config[key]);
  }
  const change = config['on_configuration_change'];
  if (change !== undefined && !['apply', 'continue', 'fail'].includes(String(change))) delete config['on_configuration_change'];
  return config;
}

/** True when a config member is undefined (left out) or a date (written as text); for-in reads without allocating. */
function needsRewrite(source: Json): boolean {
  for (const key in source) if (rewritten(source[key])) return true;
  return false;
}

function rewritten(value: unknown): boolean {
  return value === undefined || isDate(value);
}

// A date or datetime set from Jinja (begin=modules.datetime.datetime(...)) is written as dbt's encoder writes it: ISO text.
function isDate(value: unknown): value is { isoformat(): string } {
  return typeof value === 'object' && value !== null && typeof (value as { isoformat?: unknown }).isoformat === 'function';
}

/** A copy without undefined members and with dates as ISO text (same order as spreading then deleting them, without the slow deletes). */
function rewrittenConfig(source: Json): Json {
  const config: Json = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    config[key] = isDate(value) ? value.isoformat() : value;
  }
  return config;
}

// dbt's Hook: a model's hooks keep no index (only project hooks are numbered), so it stays null unless given.
function hooksJson(value: unknown): Json[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((h: unknown) => {
    if (typeof h === 'string') return { sql: h, transaction: true, index: null };
    const hook = h as Hook;
    return { sql: String(hook.sql ?? ''), transaction: hook.transaction !== false, index: hook.index ?? null };
  });
}

/** A node's docs as dbt writes them. */
export function docsJson(docs: CompiledNode['docs'] | undefined): Json {
  return { show: docs?.show !== false, node_color: docs?.node_color ?? null };
}

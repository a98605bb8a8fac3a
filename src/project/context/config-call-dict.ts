// A node's config_call_dict: what its config() calls passed while it was parsed, merged call
// over call as dbt's ContextConfig collects them. dbt keeps it on the node (the graph templates
// see and each result's node hold it) and leaves it out of manifest.json.
import type { CompiledNode } from '../types.js';

// dbt's BaseConfig.mergebehavior, which its config-call collection (merge_config_dicts) follows
// rather than the field metadata its project-level merge reads: persist_docs is replaced here.
const APPEND = new Set(['pre-hook', 'pre_hook', 'post-hook', 'post_hook', 'tags', 'packages']);
const UPDATE = new Set(['quoting', 'column_types', 'meta', 'docs', 'contract']);
const OBJECT = new Set(['snapshot_meta_column_names']);

// The YAML config dbt passes as is, without rendering the call, for its own not_null and
// unique tests (get_static_config), in the order it writes them; severity upper-cased.
const STATIC_TEST_KEYS = ['alias', 'severity', 'enabled', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as', 'meta', 'database', 'schema'];
const STATIC_TEST_MACROS = new Set(['macro.dbt.test_not_null', 'macro.dbt.test_unique']);

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The config_call_dict dbt records for `calls` (each call's arguments as plain data, in call order). */
export function configCallDict(node: CompiledNode, calls: readonly Record<string, unknown>[]): Record<string, unknown> {
  if (node.resource_type === 'test' && node.test_metadata && STATIC_TEST_MACROS.has(node.depends_on.macros[0] ?? '')) return staticTestConfig(calls[calls.length - 1] ?? {});
  return mergeConfigCalls(calls);
}

/** Config() calls' arguments merged call over call, as dbt's merge_config_dicts collects them. */
export function mergeConfigCalls(calls: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const call of calls) addCall(out, call);
  return out;
}

function addCall(out: Record<string, unknown>, call: Record<string, unknown>): void {
  // config(pre_hook=...) is recorded as pre-hook, as dbt's config() renames it before collecting.
  const renamed = Object.entries(call).map(([key, value]): [string, unknown] => [key === 'pre_hook' ? 'pre-hook' : key === 'post_hook' ? 'post-hook' : key, value]);
  // While nothing is collected yet, a call is taken as it is (a lone tags='x' stays a string).
  if (Object.keys(out).length === 0) {
    for (const [key, value] of renamed) out[key] = value;
    return;
  }
  for (const [key, value] of renamed) {
    const prior = out[key];
    if (APPEND.has(key)) out[key] = key in out ? [...listify(prior), ...listify(value)] : listify(value);
    else if (UPDATE.has(key) && isDict(value) && isDict(prior)) out[key] = { ...prior, ...value };
    else if (key === 'grants' && isDict(value)) out[key] = mergeGrants(isDict(prior) ? prior : undefined, value);
    else if (OBJECT.has(key) && isDict(value)) out[key] = { ...(isDict(prior) ? prior : {}), ...value };
    else out[key] = value;
  }
}

// Grants collected so far have every value as a list; a key written with a leading + extends the
// list under that same key, any other key replaces it.
function mergeGrants(prior: Record<string, unknown> | undefined, value: Record<string, unknown>): Record<string, unknown> {
  const grants: Record<string, unknown> = {};
  for (const [grant, who] of Object.entries(prior ?? {})) grants[grant] = listify(who);
  for (const [grant, who] of Object.entries(value)) {
    grants[grant] = prior !== undefined && grant.startsWith('+') && grant in grants ? [...(grants[grant] as unknown[]), ...listify(who)] : listify(who);
  }
  return grants;
}

const listify = (value: unknown): unknown[] => (Array.isArray(value) ? [...value] : [value]);

/** The config_call_dict of dbt's own not_null or unique test: its YAML config (the last config() call of its raw code) as dbt takes it unrendered. */
export function staticTestConfig(yaml: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of STATIC_TEST_KEYS) {
    const value = yaml[key];
    if (value === undefined || value === null) continue;
    out[key] = key === 'severity' && typeof value === 'string' ? value.toUpperCase() : value;
  }
  return out;
}

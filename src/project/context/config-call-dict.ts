// A node's config_call_dict: what its config() calls passed while it was parsed, merged call
// over call as dbt's ContextConfig collects them. dbt keeps it on the node (the graph templates
// see and each result's node hold it) and leaves it out of manifest.json.
import type { CompiledNode } from '../types.js';

// dbt's BaseConfig.mergebehavior, which its config-call collection follows (not the field
// metadata its project-level merge reads: persist_docs is replaced here, not updated).
const APPEND = new Set(['pre-hook', 'pre_hook', 'post-hook', 'post_hook', 'tags', 'packages']);
const UPDATE = new Set(['quoting', 'column_types', 'meta', 'docs', 'contract']);

// The YAML config dbt passes as is, without rendering the call, for its own not_null and
// unique tests (get_static_config), in the order it writes them; severity upper-cased.
const STATIC_TEST_KEYS = ['alias', 'severity', 'enabled', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as', 'meta', 'database', 'schema'];
const STATIC_TEST_MACROS = new Set(['macro.dbt.test_not_null', 'macro.dbt.test_unique']);

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The config_call_dict dbt records for `calls` (each call's arguments as plain data, in call order). */
export function configCallDict(node: CompiledNode, calls: readonly Record<string, unknown>[]): Record<string, unknown> {
  if (node.resource_type === 'test' && node.test_metadata && STATIC_TEST_MACROS.has(node.depends_on.macros[0] ?? '')) return staticTestConfig(calls[calls.length - 1] ?? {});
  const out: Record<string, unknown> = {};
  for (const call of calls) addCall(out, call);
  return out;
}

function addCall(out: Record<string, unknown>, call: Record<string, unknown>): void {
  for (const [written, value] of Object.entries(call)) {
    // config(pre_hook=...) is recorded as pre-hook, as dbt's config() renames it before collecting.
    const key = written === 'pre_hook' ? 'pre-hook' : written === 'post_hook' ? 'post-hook' : written;
    const prior = out[key];
    if (APPEND.has(key)) {
      const items = Array.isArray(value) ? value : [value];
      out[key] = Array.isArray(prior) ? [...prior, ...items] : [...items];
    } else if (UPDATE.has(key) && isDict(value)) {
      out[key] = isDict(prior) ? { ...prior, ...value } : { ...value };
    } else if (key === 'grants' && isDict(value) && isDict(prior)) {
      const grants: Record<string, unknown> = { ...prior };
      for (const [grant, who] of Object.entries(value)) {
        const before = grants[grant];
        grants[grant] = grant.startsWith('+') && Array.isArray(before) && Array.isArray(who) ? [...before, ...who] : who;
      }
      out[key] = grants;
    } else {
      out[key] = value;
    }
  }
}

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

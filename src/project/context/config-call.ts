// Applies a `{{ config(...) }}` call on top of a node's config with dbt's merge rules:
// tags are unioned, meta and persist_docs are updated key by key, hooks are appended,
// everything else is replaced.
import type { Hook, NodeConfig } from '../types.js';
import { toPlain } from '../../templating/index.js';

const UPDATE_KEYS = new Set(['meta', 'persist_docs', 'grants']);

/** dbt accepts `pre_hook=` in config() for the `pre-hook` key (and the same for post). */
export function normalizeConfigKey(key: string): string {
  if (key === 'pre_hook') return 'pre-hook';
  if (key === 'post_hook') return 'post-hook';
  return key;
}

/** Turns the forms dbt accepts for hooks (string, {sql, transaction}, list of either) into Hooks. */
export function toHooks(value: unknown): Hook[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  const out: Hook[] = [];
  for (const item of items) {
    if (typeof item === 'string') out.push({ sql: item, transaction: true });
    else if (item && typeof item === 'object' && 'sql' in item) {
      const h = item as { sql: unknown; transaction?: unknown };
      out.push({ sql: String(h.sql), transaction: h.transaction === undefined ? true : Boolean(h.transaction) });
    }
  }
  return out;
}

/** Merges one config() call into `config` in place. */
export function applyConfigCall(config: NodeConfig | Record<string, unknown>, call: Record<string, unknown>): void {
  const target = config as Record<string, unknown>;
  for (const [rawKey, rawValue] of Object.entries(call)) {
    const key = normalizeConfigKey(rawKey);
    const value = toPlain(rawValue);
    if (key === 'tags') {
      const current = Array.isArray(target['tags']) ? (target['tags'] as unknown[]) : [];
      const add = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
      const merged = [...current];
      for (const tag of add) if (!merged.includes(tag)) merged.push(tag);
      target['tags'] = merged;
    } else if (key === 'pre-hook' || key === 'post-hook') {
      const current = Array.isArray(target[key]) ? (target[key] as Hook[]) : [];
      target[key] = [...current, ...toHooks(value)];
    } else if (UPDATE_KEYS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      const current = target[key] && typeof target[key] === 'object' ? (target[key] as Record<string, unknown>) : {};
      target[key] = { ...current, ...(value as Record<string, unknown>) };
    } else {
      target[key] = value;
    }
  }
}

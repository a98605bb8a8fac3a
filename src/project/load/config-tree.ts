// dbt_project.yml config trees (`models:`, `seeds:`, ...): keys nest by package name, then
// folder names, then the resource name. At each level a `+key` is always a config, a plain
// key with a non-mapping value is a config, and a plain key with a mapping value is a
// deeper path (dbt-core's fqn_search). Levels apply from general to specific.
import { normalizeConfig } from './config-merge.js';

/** The config layers of a tree that apply to a node with this fqn, most general first. */
export function configLevels(tree: unknown, fqn: readonly string[]): Record<string, unknown>[] {
  const levels: Record<string, unknown>[] = [];
  if (!isDict(tree)) return levels;
  let node: Record<string, unknown> = tree;
  let config = levelConfig(node);
  if (config) levels.push(config);
  for (const part of fqn) {
    const next = node[part];
    if (!isDict(next)) break;
    node = next;
    config = levelConfig(node);
    if (config) levels.push(config);
  }
  return levels;
}

/**
 * The same levels as written, for unrendered_config: dbt strips a key's `+` and keeps its value
 * as given (a tags string, a hook's SQL, `pre_hook` under its own name).
 */
export function writtenLevels(tree: unknown, fqn: readonly string[]): Record<string, unknown>[] {
  const levels: Record<string, unknown>[] = [];
  if (!isDict(tree)) return levels;
  let node: Record<string, unknown> = tree;
  const push = (level: Record<string, unknown>): void => {
    let config = written.get(level);
    if (config === undefined) written.set(level, (config = writtenLevel(level)));
    if (config) levels.push(config);
  };
  push(node);
  for (const part of fqn) {
    const next = node[part];
    if (!isDict(next)) break;
    node = next;
    push(node);
  }
  return levels;
}

const written = new WeakMap<Record<string, unknown>, Record<string, unknown> | null>();

function writtenLevel(level: Record<string, unknown>): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) out[key.slice(1).trim()] = value;
    else if (!isDict(value)) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

// Every node under a folder reads the same levels: each is normalized once (callers only read
// it), and a level with no config is remembered as null, to be skipped.
const normalized = new WeakMap<Record<string, unknown>, Record<string, unknown> | null>();

function levelConfig(level: Record<string, unknown>): Record<string, unknown> | null {
  let config = normalized.get(level);
  if (config === undefined) {
    const n = normalizeLevel(level);
    normalized.set(level, (config = Object.keys(n).length > 0 ? n : null));
  }
  return config;
}

function normalizeLevel(level: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) out[key.slice(1).trim()] = value;
    else if (!isDict(value)) out[key] = value;
  }
  return normalizeConfig(out);
}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// The config: of a properties-file entry: the top-level properties dbt moves into it, and, for a
// version of a versioned model, the model entry's config: and the version's own combined as dbt's
// deep_merge combines them. Nested mappings merge key by key at every depth (a version's meta:
// adds to the model's), and a list the version sets goes in front of the model's list under the
// same key (tags, hooks, grants' roles) instead of replacing it.
import { userError } from '../../core/diagnostic.js';
import { isRecord } from './yaml-file.js';
import type { Entry } from './yaml-entries.js';

/** The top-level properties of a model, seed, snapshot or analysis entry dbt moves into its config:. */
export const MOVED_TO_CONFIG = ['meta', 'docs', 'group', 'contract', 'access'] as const;

/** dbt moves those properties into config:, and refuses an entry that sets one in both places. */
export function checkMovedTwice(entry: Entry, value: Record<string, unknown>, config: Record<string, unknown>): void {
  for (const key of MOVED_TO_CONFIG) {
    if (key in value && key in config) {
      throw userError('yaml-invalid-shape', `In ${entry.pf.file.rel}: found ${key} dictionary in 'config' dictionary and as top-level key.`,
        { file: entry.pf.file.abs, line: entry.pf.lines.keyLine(value, key, entry.line) }, `Remove the top-level ${key}: of '${entry.name}' and define it under config: only.`);
    }
  }
}

/** A versioned model entry's config: with its top-level meta, docs... moved in, as dbt moves them before a version's config: merges in. */
export function modelEntryConfig(entry: Entry, modelProps: Record<string, unknown>): unknown {
  const config = isRecord(modelProps.config) ? modelProps.config : undefined;
  checkMovedTwice(entry, modelProps, config ?? {});
  const moved = MOVED_TO_CONFIG.filter((key) => modelProps[key] !== undefined && modelProps[key] !== null);
  if (moved.length === 0) return modelProps.config;
  const out: Record<string, unknown> = { ...(config ?? {}) };
  for (const key of moved) out[key] = modelProps[key];
  return out;
}

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The config: of one model version: the model's config: deep-merged with the version's. */
export function versionConfig(modelConfig: unknown, ownConfig: unknown): unknown {
  if (!isDict(ownConfig)) return modelConfig;
  if (!isDict(modelConfig)) return ownConfig;
  return mergeInto(copy(modelConfig) as Dict, ownConfig);
}

function mergeInto(destination: Dict, source: Dict): Dict {
  for (const [key, value] of Object.entries(source)) {
    if (isDict(value)) {
      const node = isDict(destination[key]) ? (destination[key] as Dict) : {};
      destination[key] = mergeInto(node, value);
    } else if (Array.isArray(value)) {
      // Python's list() of what is there: a list as is, a text as its characters.
      const prior = destination[key];
      destination[key] = key in destination ? [...copy(value) as unknown[], ...(Array.isArray(prior) ? prior : typeof prior === 'string' ? [...prior] : isDict(prior) ? Object.keys(prior) : [prior])] : copy(value);
    } else {
      destination[key] = value;
    }
  }
  return destination;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
}

// The config: a version of a versioned model is patched with: the model entry's config: and the
// version's own, combined as dbt's deep_merge combines them. Nested mappings merge key by key at
// every depth (a version's meta: adds to the model's), and a list the version sets goes in front
// of the model's list under the same key (tags, hooks, grants' roles) instead of replacing it.

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

// dbt merges a package node's config in this order: the package's own dbt_project.yml, its
// property files, its config() calls, and last the root project's dbt_project.yml (dbt's
// calculate_node_config applies the active project's levels after everything else when the
// node belongs to another project). The root project can thus override what a package sets
// anywhere, as dbt documents. A package node's layers are kept here so that each later layer
// (a property file, a config() call) is merged under the root project's levels, not over them.
import type { CompiledNode, NodeConfig } from '../types.js';
import { finalizeConfig, mergeConfig, mergeLayers, updateUnrendered } from './config-merge.js';

interface Layers {
  /** Defaults and the package's own dbt_project.yml levels. */
  base: NodeConfig;
  /** Property-file and config() layers, in the order they were merged. */
  later: Record<string, unknown>[];
  /** The root project's dbt_project.yml levels for the node, general to specific. */
  root: Record<string, unknown>[];
  /** The same levels as written (unrendered), for unrendered_config. */
  rootUnrendered: Record<string, unknown>[];
}

const layersOf = new WeakMap<CompiledNode, Layers>();

/** Records a package node's config before the root project's levels, and those levels (none: forgets what was recorded). */
export function rememberRootLevels(node: CompiledNode, base: NodeConfig, root: Record<string, unknown>[], rootUnrendered: Record<string, unknown>[]): void {
  if (root.length > 0) layersOf.set(node, { base, later: [], root, rootUnrendered });
  else layersOf.delete(node);
}

/**
 * Merges `layers` into the node's config: over what it has, or, for a package node the root
 * project configures, under the root project's levels (its config rebuilt from its layers).
 */
export function mergeUnderRoot(node: CompiledNode, layers: Record<string, unknown>[]): NodeConfig {
  const kept = layersOf.get(node);
  if (!kept) return layers.length === 2 ? mergeLayers(node.config, layers[0]!, layers[1]!) : layers.reduce<NodeConfig>((config, layer) => mergeConfig(config, layer), node.config);
  kept.later.push(...layers);
  let config = kept.base;
  for (const layer of [...kept.later, ...kept.root]) config = mergeConfig(config, layer);
  return finalizeConfig(config);
}

/**
 * The node's unrendered_config with the root project's levels set again over it: dbt updates
 * unrendered configs key by key, the root project's last.
 */
export function rootKeysLast(node: CompiledNode, unrendered: Record<string, unknown>): Record<string, unknown> {
  const kept = layersOf.get(node);
  if (!kept) return unrendered;
  const out = { ...unrendered };
  for (const level of kept.rootUnrendered) updateUnrendered(out, level);
  return out;
}

/** Config levels merged in order over `base`: a package's own levels, its property file's config, then the root project's levels. */
export function layeredConfig<T extends Record<string, unknown>>(base: T, own: Record<string, unknown>[], yaml: Record<string, unknown>[], root: Record<string, unknown>[]): T {
  let config = base;
  for (const layer of [...own, ...yaml, ...root]) config = mergeConfig(config, layer);
  return config;
}

/**
 * dbt's unrendered_config of a resource configured by dbt_project.yml levels and its YAML
 * config: each layer's keys set over the last (dbt updates unrendered configs key by key), a
 * package's own levels first, then its YAML, then the root project's levels.
 */
export function unrenderedLayers(own: Record<string, unknown>[], yaml: Record<string, unknown>[], root: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of [...own, ...yaml, ...root]) updateUnrendered(out, layer);
  return out;
}

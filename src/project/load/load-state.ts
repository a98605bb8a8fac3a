// Shared state while one project is loaded: the manifest being filled, diagnostics, and
// the helpers every resource parser uses (project config levels, node skeletons).
import type { Diagnostic } from '../../core/diagnostic.js';
import type { CompiledNode, Manifest, NodeConfig, ResourceType } from '../types.js';
import { configLevels, writtenLevels } from './config-tree.js';
import { defaultConfig, finalizeConfig, mergeConfig, mergeConfigInto, updateUnrendered } from './config-merge.js';
import type { FileReader } from './files.js';
import type { ProjectConfig, TargetConfig } from './load-types.js';
import type { RenderContext } from './render-values.js';
import type { VarResolver } from './vars.js';
import { checkNodeColor } from './node-color.js';
import { layeredConfig, rememberRootLevels, unrenderedLayers } from './root-config-last.js';

/** One package being loaded (the root project or an installed package). */
export interface PackageContext {
  name: string;
  /** Absolute package root. */
  root: string;
  project: ProjectConfig;
  isRoot: boolean;
}

/** Everything the parsers share. */
export interface LoadState {
  manifest: Manifest;
  diagnostics: Diagnostic[];
  rootProject: ProjectConfig;
  target: TargetConfig;
  reader: FileReader;
  vars: VarResolver;
  /** Render context for YAML values of a package (env_var, var scoped to the package, target). */
  renderContext(packageName: string): RenderContext;
  /** Every compiled node in load order; placed into the manifest (or disabled) at the end. */
  nodes: CompiledNode[];
  /** Nodes by `type:package:name`, for YAML patches; several when a name is duplicated or versioned. */
  byName: Map<string, CompiledNode[]>;
}

/** Config tree key in dbt_project.yml for a resource type. */
export function treeFor(resourceType: ResourceType): string {
  switch (resourceType) {
    case 'model': return 'models';
    case 'seed': return 'seeds';
    case 'snapshot': return 'snapshots';
    case 'test': return 'data_tests';
    case 'analysis': return 'analyses';
    case 'source': return 'sources';
    case 'exposure': return 'exposures';
    case 'unit_test': return 'unit_tests';
    // dbt looks a project hook's config up under `models:`, as it does for any type without a tree of its own.
    case 'operation': return 'models';
    default: return `${resourceType}s`;
  }
}

/**
 * Config from dbt_project.yml: the package's own file first, then the root project's (which wins).
 * For a package node, `packageOnly` is its config before the root project's levels, and
 * `rootLevels` those levels (merged again after its property files and config() calls).
 */
export function projectConfig(state: LoadState, pkg: PackageContext, resourceType: ResourceType, fqn: readonly string[], base?: NodeConfig): { config: NodeConfig; unrendered: Record<string, unknown>; packageOnly?: NodeConfig; rootLevels?: Record<string, unknown>[]; rootUnrendered?: Record<string, unknown>[] } {
  // dbt 1.10 looks an analysis's configs up under `models:` (an `analyses:` tree is ignored),
  // config and unrendered_config alike; the dbt 1.12 flag routes them to `analyses:`.
  const tree = resourceType === 'analysis' && !correctedAnalyses(state.rootProject.flags) ? 'models' : treeFor(resourceType);
  let config = base ?? defaultConfig(resourceType);
  const unrendered: Record<string, unknown> = {};
  const rootLevels = configLevels(state.rootProject.configs[tree], fqn);
  const ownLevels = pkg.isRoot ? [] : configLevels(pkg.project.configs[tree], fqn);
  const levels = pkg.isRoot ? rootLevels : ownLevels.concat(rootLevels);
  let packageOnly: NodeConfig | undefined;
  // The config and unrendered objects are this node's own from the first merge on: merged in place.
  for (let i = 0; i < levels.length; i++) {
    // A package node's config before the root project's levels is kept (copied: merges go on in place).
    if (!pkg.isRoot && i === ownLevels.length) packageOnly = { ...config };
    config = i === 0 && base !== undefined ? mergeConfig(config, levels[i]!) : mergeConfigInto(config, levels[i]!);
  }
  // unrendered_config takes the levels as written (a config that renders per target is no change),
  // each level's keys replacing the last's whole, as dbt's unrendered config is built.
  const rootUnrendered = unrenderedLevels(state.rootProject, tree, fqn);
  for (const level of pkg.isRoot ? rootUnrendered : unrenderedLevels(pkg.project, tree, fqn).concat(rootUnrendered)) updateUnrendered(unrendered, level);
  if (packageOnly === undefined || rootLevels.length === 0) return { config: finalizeConfig(config), unrendered };
  return { config: finalizeConfig(config), unrendered, packageOnly, rootLevels, rootUnrendered };
}

/** Whether the root project sets dbt 1.12's flag (or its beta name) giving analyses their own fqn and `analyses:` tree. */
export function correctedAnalyses(flags: Record<string, unknown>): boolean {
  return flags['require_corrected_analysis_fqns'] === true || flags['require_analyses_project_level_config'] === true;
}

/**
 * Config and unrendered_config of a resource configured by dbt_project.yml's `tree` and its own
 * YAML `config:` layers (a source, exposure, metric...): the root project's levels under its YAML;
 * for a package's resource, the package's levels, its YAML, then the root project's last.
 */
export function yamlResourceConfig(state: LoadState, pkg: PackageContext, tree: string, fqn: readonly string[], yaml: Record<string, unknown>[]): { config: Record<string, unknown> & { enabled: boolean }; unrendered: Record<string, unknown> } {
  const rootLevels = configLevels(state.rootProject.configs[tree], fqn);
  const rootRaw = unrenderedLevels(state.rootProject, tree, fqn);
  if (pkg.isRoot) return { config: layeredConfig({ enabled: true }, rootLevels, yaml, []), unrendered: unrenderedLayers(rootRaw, yaml, []) };
  const ownLevels = configLevels(pkg.project.configs[tree], fqn);
  return { config: layeredConfig({ enabled: true }, ownLevels, yaml, rootLevels), unrendered: unrenderedLayers(unrenderedLevels(pkg.project, tree, fqn), yaml, rootRaw) };
}

/** A project's dbt_project.yml levels for a node as written (unrendered), or as rendered when it kept none. */
export function unrenderedLevels(project: ProjectConfig, tree: string, fqn: readonly string[]): Record<string, unknown>[] {
  return project.unrenderedConfigs ? writtenLevels(project.unrenderedConfigs[tree], fqn) : configLevels(project.configs[tree], fqn);
}

/** What a node is made from: its names and place, its code, and where its file is. */
export interface NodeInit {
  resourceType: CompiledNode['resource_type'];
  name: string;
  uniqueId: string;
  fqn: string[];
  file: string;
  rel: string;
  path: string;
  rawCode: string;
  checksum: string;
  line?: number;
}

/** A node skeleton with dbt's defaults; the parsers fill in the rest. */
export function makeNode(state: LoadState, pkg: PackageContext, init: NodeInit): CompiledNode {
  const { config, unrendered, packageOnly, rootLevels, rootUnrendered } = projectConfig(state, pkg, init.resourceType, init.fqn);
  const node = nodeOfConfig(init, { packageName: pkg.name, root: pkg.root, target: state.target }, config, unrendered);
  if (packageOnly && rootLevels) rememberRootLevels(node, packageOnly, rootLevels, rootUnrendered ?? []);
  return node;
}

/**
 * A node's dbt_project.yml config looked up again under the fqn it has now, as dbt rebuilds a
 * model version's config once the version renamed it ([project, name, v2]): the levels of the
 * file's own name no longer apply, those of the model's name and version do.
 */
export function reconfigureNode(state: LoadState, pkg: PackageContext, node: CompiledNode): void {
  const { config, unrendered, packageOnly, rootLevels, rootUnrendered } = projectConfig(state, pkg, node.resource_type, node.fqn);
  node.config = config;
  node.unrendered_config = unrendered;
  rememberRootLevels(node, packageOnly ?? config, packageOnly && rootLevels ? rootLevels : [], rootUnrendered ?? []);
}

/** A node of dbt's shape from its merged config, in the package `owner` names and the target's schema. */
export function nodeOfConfig(
  init: NodeInit,
  owner: { packageName: string; root: string; target: Pick<TargetConfig, 'database' | 'schema'> },
  config: NodeConfig,
  unrendered: Record<string, unknown>,
): CompiledNode {
  const node: CompiledNode = {
    unique_id: init.uniqueId,
    resource_type: init.resourceType,
    package_name: owner.packageName,
    name: init.name,
    fqn: init.fqn,
    original_file_path: init.rel,
    path: init.path,
    description: '',
    meta: config.meta,
    tags: config.tags,
    origin: { file: init.file, line: init.line ?? 1, root: owner.root },
    alias: typeof config.alias === 'string' ? config.alias : init.name,
    database: typeof config.database === 'string' ? config.database : owner.target.database,
    schema: owner.target.schema,
    relation_name: null,
    raw_code: init.rawCode,
    language: 'sql',
    config,
    unrendered_config: unrendered,
    columns: {},
    refs: [],
    sources: [],
    depends_on: { macros: [], nodes: [] },
    checksum: { name: 'sha256', checksum: init.checksum },
    docs: docsOfConfig(config.docs) ?? { show: true, node_color: null },
    patch_path: null,
    // Fields dbt's node classes always carry, None until set: templates reading graph.nodes see
    // them (`node.group ~ ''` is 'None', `node.get('version', 1)` is None), as in dbt.
    group: typeof config.group === 'string' ? config.group : null,
  };
  if (node.docs.node_color && init.resourceType !== 'test') checkNodeColor(node.docs.node_color, { file: init.file });
  // Set one by one rather than spread into the literal, which is a slow generic copy per node.
  if (init.resourceType === 'model') {
    node.version = null;
    node.latest_version = null;
    node.deprecation_date = null;
    // access, contract and constraints, which dbt's model nodes carry even with no YAML properties (as graph.nodes shows them).
    const contract = config.contract as { enforced?: boolean; alias_types?: boolean } | undefined;
    node.access = config.access === 'private' || config.access === 'public' ? config.access : 'protected';
    node.contract = { enforced: contract?.enforced === true, alias_types: contract?.alias_types !== false };
    node.constraints = [];
  }
  return node;
}

/** Re-derives the fields that mirror config (tags, meta, alias, docs) after a config change. */
export function syncFromConfig(node: CompiledNode, state: LoadState): void {
  const c = finalizeConfig(node.config);
  node.tags = [...c.tags];
  node.meta = { ...c.meta };
  node.alias = typeof c.alias === 'string' && c.alias !== '' ? c.alias : node.version !== undefined && node.version !== null ? `${node.name}_v${node.version}` : node.name;
  if (typeof c.database === 'string') node.database = c.database;
  else node.database = state.target.database;
  const docs = docsOfConfig(c.docs);
  // dbt's NodeConfig (models, seeds, snapshots, analyses) checks the color; a test's config does not.
  if (docs?.node_color && node.resource_type !== 'test') checkNodeColor(docs.node_color, node.origin ? { file: node.origin.file } : undefined);
  if (docs && !sameDocs(node.docs, docs)) node.docs = docs;
  syncGovernance(node);
}

// While loading, a node's docs object is its own (made with it; no template has run yet): when it
// says the same it is kept, so what is dropped is the object just made, which dies young, and not
// one that has lived through collections since the node was made (every patched model).
function sameDocs(a: { show: boolean; node_color?: string | null } | undefined, b: { show: boolean; node_color: string | null }): boolean {
  return a !== undefined && a !== null && a.show === b.show && a.node_color === b.node_color;
}

/**
 * Copies group, access and contract from the node's merged config to the node's own fields, as
 * dbt does after each config change (YAML properties, then the SQL file's config() calls).
 */
export function syncGovernance(node: CompiledNode): void {
  const c = node.config;
  if (typeof c.access === 'string' && node.resource_type === 'model') node.access = c.access as 'private' | 'protected' | 'public';
  if (typeof c.group === 'string') node.group = c.group;
  const contract = c.contract as { enforced?: boolean; alias_types?: boolean } | undefined;
  if (contract && typeof contract === 'object' && node.resource_type === 'model') node.contract = { enforced: contract.enforced === true, alias_types: contract.alias_types !== false };
}

/** A node's `docs` from its `docs` config (dbt mirrors config.docs there), when that is set. */
export function docsOfConfig(value: unknown): { show: boolean; node_color: string | null } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const docs = value as { show?: unknown; node_color?: unknown };
  return { show: docs.show !== false, node_color: typeof docs.node_color === 'string' ? docs.node_color : null };
}

/** Key for the by-name index. */
export function nameKey(resourceType: string, pkg: string, name: string): string {
  return `${resourceType}:${pkg}:${name}`;
}

/** Records a node for the manifest and the by-name index. */
export function addNode(state: LoadState, node: CompiledNode): void {
  state.nodes.push(node);
  const key = nameKey(node.resource_type, node.package_name, node.name);
  const list = state.byName.get(key);
  if (list) list.push(node);
  else state.byName.set(key, [node]);
}

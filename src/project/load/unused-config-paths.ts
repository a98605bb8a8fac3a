// dbt's "unused configuration paths" warning: a folder or resource path under `models:`,
// `seeds:`... in the root dbt_project.yml that no resource's fqn starts with. It usually means
// a typo, a renamed folder, or configs for a package that is not installed.
import type { Diagnostic } from '../../core/diagnostic.js';
import type { Manifest } from '../types.js';
import type { ProjectConfig } from './load-types.js';
import { treeFor } from './load-state.js';

/** The config trees dbt checks, in the order it reports them (analyses and operations are not checked). */
const CHECKED_TREES = ['models', 'seeds', 'snapshots', 'sources', 'data_tests', 'unit_tests', 'metrics', 'semantic_models', 'saved_queries', 'exposures'];

/** Every path of a config tree that carries configs: a `+key`, or a plain key whose value is not a mapping, ends a path. */
function configPaths(tree: Record<string, unknown>, path: string[] = [], out: string[][] = []): string[][] {
  let ends = false;
  for (const [key, value] of Object.entries(tree)) {
    if (isDict(value) && !key.startsWith('+')) configPaths(value, [...path, key], out);
    else ends = true;
  }
  if (ends) out.push(path);
  return out;
}

/**
 * dbt's warning for root-project config paths that apply to no resource; undefined when every
 * path is used. `nodes` are the manifest's nodes, enabled and disabled, as a list: a list can be
 * walked a few items in, where the keys of a large manifest.nodes are all gathered first.
 */
export function unusedConfigPathsWarning(project: ProjectConfig, manifest: Manifest, nodes: readonly unknown[] = Object.values(manifest.nodes)): Diagnostic | undefined {
  const paths: { tree: string; path: string[] }[] = [];
  const pending = new Map<string, string[][]>();
  for (const tree of CHECKED_TREES) {
    const config = project.configs[tree];
    if (!config) continue;
    const treePaths = configPaths(config);
    for (const path of treePaths) paths.push({ tree, path });
    if (treePaths.length > 0) pending.set(tree, [...treePaths]);
  }
  // Each resource, enabled or disabled, uses the paths its fqn starts with; the walk ends once
  // every path is used (a project's first few resources usually use them all).
  const used = new Set<string[]>();
  const visit = (resource: unknown): boolean => {
    const r = resource as { resource_type?: string; fqn?: unknown };
    if (typeof r.resource_type !== 'string' || !Array.isArray(r.fqn)) return false;
    const tree = r.resource_type === 'saved_query' ? 'saved_queries' : treeFor(r.resource_type as Parameters<typeof treeFor>[0]);
    const left = pending.get(tree);
    if (!left) return false;
    const fqn = r.fqn;
    for (let i = left.length - 1; i >= 0; i--) {
      const path = left[i]!;
      if (path.length <= fqn.length && path.every((part, k) => String(fqn[k]) === part)) {
        used.add(path);
        left.splice(i, 1);
      }
    }
    if (left.length === 0) pending.delete(tree);
    return pending.size === 0;
  };
  const collections = [manifest.sources, manifest.exposures, manifest.unit_tests, manifest.metrics, manifest.semantic_models, manifest.saved_queries];
  const visitAll = (): void => {
    if (pending.size === 0) return;
    for (const node of nodes) if (visit(node)) return;
    for (const collection of collections) for (const id in collection) if (visit(collection[id])) return;
    for (const id in manifest.disabled) for (const resource of manifest.disabled[id]!) if (visit(resource)) return;
  };
  visitAll();
  const unused = paths.filter(({ path }) => !used.has(path)).map(({ tree, path }) => [tree, ...path].join('.'));
  if (unused.length === 0) return undefined;
  // dbt's wording, kept even for one path (`There are 1 unused configuration paths:`)
  const plural = `There are ${unused.length} unused configuration paths`;
  return {
    code: 'unused-config-paths',
    severity: 'warning',
    message: `Configuration paths exist in your dbt_project.yml file which do not apply to any resources.\n${plural}:\n${unused.map((p) => `- ${p}`).join('\n')}`,
    location: { file: project.file },
    hint: 'Check these paths for typos or renamed folders; configs for a package apply only once it is installed.',
    event: { data: { unused_config_paths: unused } },
  };
}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

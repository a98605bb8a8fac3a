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

/** The fqns of every resource, enabled or disabled, by config tree name. */
function fqnsByTree(manifest: Manifest): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const add = (resource: unknown) => {
    const r = resource as { resource_type?: string; fqn?: unknown };
    if (typeof r.resource_type !== 'string' || !Array.isArray(r.fqn)) return;
    const tree = r.resource_type === 'saved_query' ? 'saved_queries' : treeFor(r.resource_type as Parameters<typeof treeFor>[0]);
    let list = out.get(tree);
    if (!list) out.set(tree, (list = []));
    list.push(r.fqn.map(String));
  };
  const collections = [manifest.nodes, manifest.sources, manifest.exposures, manifest.unit_tests, manifest.metrics, manifest.semantic_models, manifest.saved_queries];
  for (const collection of collections) for (const resource of Object.values(collection)) add(resource);
  for (const group of Object.values(manifest.disabled)) for (const resource of group) add(resource);
  return out;
}

/** dbt's warning for root-project config paths that apply to no resource; undefined when every path is used. */
export function unusedConfigPathsWarning(project: ProjectConfig, manifest: Manifest): Diagnostic | undefined {
  const fqns = fqnsByTree(manifest);
  const unused: string[] = [];
  for (const tree of CHECKED_TREES) {
    const config = project.configs[tree];
    if (!config) continue;
    const used = fqns.get(tree) ?? [];
    for (const path of configPaths(config)) {
      if (!used.some((fqn) => path.length <= fqn.length && path.every((part, i) => fqn[i] === part))) unused.push([tree, ...path].join('.'));
    }
  }
  if (unused.length === 0) return undefined;
  // dbt's wording, kept even for one path (`There are 1 unused configuration paths:`)
  const plural = `There are ${unused.length} unused configuration paths`;
  return {
    code: 'unused-config-paths',
    severity: 'warning',
    message: `Configuration paths exist in your dbt_project.yml file which do not apply to any resources.\n${plural}:\n${unused.map((p) => `- ${p}`).join('\n')}`,
    location: { file: project.file },
    hint: 'Check these paths for typos or renamed folders; configs for a package apply only once it is installed.',
  };
}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

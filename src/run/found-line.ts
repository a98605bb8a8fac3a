// dbt's `Found 5 models, 3 seeds, ...` line: one count per resource type, in the order the types
// first appear in dbt's parse. dbt parses every project's files (root project first) type by type
// (models, snapshots, analyses, singular tests, seeds, hooks) and only then the property files
// (generic tests, YAML snapshots), so the node types come in that first-seen order; after them come
// sources, exposures, metrics, macros, groups, semantic models, saved queries and unit tests.
import { recordValues } from '../graph/index.js';
import type { CompiledNode, Manifest } from '../project/types.js';

/** File-parsed node types in dbt's parser order. */
const FILE_ORDER = ['model', 'snapshot', 'analysis', 'test', 'seed', 'operation'];

/** How dbt names `count` resources of `type`: its NodeType when one, else the plural dbt writes. */
function label(count: number, type: string): string {
  if (count === 1) return `${count} ${type.replace(/_/gu, ' ')}`;
  const plural = type === 'analysis' ? 'analyses' : type === 'saved_query' ? 'saved queries' : type === 'test' ? 'data tests' : `${type.replace(/_/gu, ' ')}s`;
  return `${count} ${plural}`;
}

/**
 * Where a node comes in dbt's parse, as one number ordered as [phase, project, type rank] are
 * (phase 1 = property files): every node is ranked, and a number allocates nothing.
 */
function parseRank(node: CompiledNode, packages: Map<string, number>): number {
  const fromYaml = (node.resource_type === 'test' && node.test_metadata !== undefined) || (node.resource_type === 'snapshot' && /\.ya?ml$/iu.test(node.original_file_path));
  const project = packages.get(node.package_name) ?? packages.size;
  const rank = FILE_ORDER.indexOf(node.resource_type);
  return (fromYaml ? PHASE : 0) + project * PROJECT + (rank === -1 ? FILE_ORDER.length : rank);
}

// Weights of the rank's parts: a type rank is below PROJECT and a project's index below PHASE / PROJECT.
const PROJECT = 16;
const PHASE = 2 ** 40;

/**
 * dbt's `Found 5 models, 3 seeds, ...` line. `added` names node types dbt adds to the manifest
 * after parsing (an inline query's `sql_operation`), counted after the parsed node types.
 */
export function foundLine(manifest: Manifest, added: readonly string[] = []): string {
  const root = manifest.metadata.project_name;
  const packages = new Map<string, number>();
  if (root) packages.set(root, 0);
  const counts = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  // Project hooks are operation nodes in dbt's manifest, kept apart from the DAG's nodes here.
  const nodes = recordValues(manifest.nodes);
  for (const node of Object.values(manifest.operations ?? {})) nodes.push(node);
  const names = new Set<string>();
  for (let i = 0; i < nodes.length; i++) names.add(nodes[i]!.package_name);
  for (const name of [...names].sort()) if (!packages.has(name)) packages.set(name, packages.size);
  // Indexed: one pass over every node, run once, where for-of allocates an iterator result per node.
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const type = node.resource_type;
    counts.set(type, (counts.get(type) ?? 0) + 1);
    const rank = parseRank(node, packages);
    const seen = firstSeen.get(type);
    if (seen === undefined || rank < seen) firstSeen.set(type, rank);
  }
  const nodeTypes = [...firstSeen.keys()].sort((a, b) => firstSeen.get(a)! - firstSeen.get(b)!);
  const size = (record: Record<string, unknown> | undefined): number => (record ? Object.keys(record).length : 0);
  for (const type of added) {
    if (!counts.has(type)) nodeTypes.push(type);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const parts: string[] = nodeTypes.map((type) => label(counts.get(type)!, type));
  const rest: [string, number][] = [
    ['source', size(manifest.sources)],
    ['exposure', size(manifest.exposures)],
    ['metric', size(manifest.metrics)],
    ['macro', size(manifest.macros)],
    ['group', size(manifest.groups)],
    ['semantic_model', size(manifest.semantic_models)],
    ['saved_query', size(manifest.saved_queries)],
    ['unit_test', size(manifest.unit_tests)],
  ];
  for (const [type, n] of rest) if (n > 0) parts.push(label(n, type));
  return `Found ${parts.join(', ')}`;
}

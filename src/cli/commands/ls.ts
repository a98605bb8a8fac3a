import { userError } from '../../core/diagnostic.js';
import { selectNodes } from '../../graph/index.js';
import type { GraphNode } from '../../project/types.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { ALL_TYPES, resourceTypesOf, stateOf } from './node-commands.js';
import type { SelectionFlags } from '../global-options.js';

/** dbt ls: prints the selected resources as selectors, names, paths or JSON. */
export async function lsCommand(
  flags: SelectionFlags & { output?: string; outputKeys?: string[] },
  io: CliIo,
): Promise<number> {
  const logger = makeLogger(flags, io);
  const output = flags.output ?? 'selector';
  if (!['selector', 'name', 'path', 'json'].includes(output)) {
    throw userError('usage', `--output must be one of selector, name, path, json; got '${output}'`);
  }
  const session = await sessionFor(flags, io, logger, 'list', false);
  try {
    const types = resourceTypesOf(flags) ?? ALL_TYPES;
    const state = await stateOf(flags, io);
    const { selected, warnings } = selectNodes(session.manifest, session.graph, {
      select: [...(flags.select ?? []), ...(flags.models ?? [])],
      exclude: flags.exclude,
      selector: flags.selector,
      selectors: session.loaded.selectors,
      resourceTypes: types,
      indirectSelection: flags.indirectSelection as 'eager' | undefined,
      state: state?.manifest,
      previousResults: state?.runResults,
    });
    for (const w of warnings) logger.diagnostic(w);
    const m = session.manifest;
    const lines: string[] = [];
    for (const id of selected) {
      const node = (m.nodes[id] ?? m.sources[id] ?? m.exposures[id] ?? m.unit_tests[id] ?? m.metrics[id] ?? m.semantic_models[id] ?? m.saved_queries[id]) as GraphNode | undefined;
      if (!node) continue;
      lines.push(formatNode(node, output, flags.outputKeys));
    }
    lines.sort();
    for (const line of lines) logger.result(line);
    return 0;
  } finally {
    await session.close();
  }
}

// Resources other than models, seeds, snapshots, tests and analyses print with their type first.
const SEMANTIC_TYPES = new Set(['metric', 'semantic_model', 'saved_query']);
const TYPE_PREFIXED = new Set(['source', 'exposure', 'unit_test', 'metric', 'semantic_model', 'saved_query']);

/** What `dbt ls` prints for a resource by default: its fqn, prefixed by the type for YAML-only resources. */
function selectorOf(node: GraphNode): string {
  // dbt prints metrics, semantic models and saved queries as package.name, whatever folder holds them
  const byName = SEMANTIC_TYPES.has(node.resource_type) || !(Array.isArray(node.fqn) && node.fqn.length > 0);
  const fqn = byName ? [node.package_name, node.name] : node.fqn!;
  return TYPE_PREFIXED.has(node.resource_type) ? `${node.resource_type}:${fqn.join('.')}` : fqn.join('.');
}

function formatNode(node: GraphNode, output: string, keys: string[] | undefined): string {
  switch (output) {
    case 'name':
      return node.name;
    case 'path':
      return node.original_file_path;
    case 'json': {
      const full = node as unknown as Record<string, unknown>;
      const defaults = ['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'alias', 'config', 'tags', 'depends_on'];
      const pick = keys && keys.length > 0 ? keys : defaults;
      const out: Record<string, unknown> = {};
      for (const k of pick) if (k in full) out[k] = full[k];
      return JSON.stringify(out);
    }
    default:
      return selectorOf(node);
  }
}

import { userError } from '../../core/diagnostic.js';
import { targetDirOf } from '../../run/project-session.js';
import { semanticLayerJson, sourceConfigJson, writeManifest } from '../../run/artifacts/index.js';
import { selectNodes } from '../../graph/index.js';
import { logFoundStats } from '../../run/run-header.js';
import { exposureJson } from '../../run/artifacts/resource-json.js';
import { unitTestJson } from '../../run/artifacts/unit-test-json.js';
import { epochSeconds } from '../../core/clock.js';
import type { ExposureNode, GraphNode, Manifest, ResourceType, SourceNode, UnitTestNode } from '../../project/types.js';
import { pyJsonDumps } from '../../project/context/py-helpers.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { ALL_TYPES, resourceTypesOf, freshnessStates, stateOf } from './node-commands.js';
import type { SelectionFlags } from '../global-options.js';

/**
 * dbt ls: prints the selected resources as selectors, names, paths or JSON. `which` is the name it
 * was called by: dbt's compile prints its Found line for every command but one named `list`, so
 * `dbt ls` prints it and `dbt list` does not.
 */
export async function lsCommand(
  flags: SelectionFlags & { output?: string; outputKeys?: string[]; writeJson?: boolean },
  io: CliIo,
  which: 'ls' | 'list' = 'list',
): Promise<number> {
  const logger = makeLogger(flags, io);
  const output = flags.output ?? 'selector';
  if (!['selector', 'name', 'path', 'json'].includes(output)) {
    throw userError('usage', `--output must be one of selector, name, path, json; got '${output}'`);
  }
  // dbt's list: --models is the old spelling that also means --resource-type model, so it
  // cannot be combined with --select or --resource-type.
  const models = flags.models ?? [];
  if (models.length > 0 && (flags.select?.length ?? 0) > 0) throw userError('usage', '"models" and "select" are mutually exclusive arguments');
  if (models.length > 0 && (flags.resourceType?.length ?? 0) > 0) throw userError('usage', '"models" and "resource_type" are mutually exclusive arguments');
  const session = await sessionFor(flags, io, logger, which, false);
  try {
    if (which !== 'list') logFoundStats(logger, session.manifest);
    const types: ResourceType[] = models.length > 0 ? ['model'] : listResourceTypes(flags);
    const state = await stateOf(flags, io, session);
    const { selected, warnings } = selectNodes(session.manifest, session.graph, {
      select: models.length > 0 ? models : flags.select ?? [],
      exclude: flags.exclude,
      selector: flags.selector,
      selectors: session.loaded.selectors,
      resourceTypes: types,
      indirectSelection: flags.indirectSelection as 'eager' | undefined,
      includeEmptyNodes: true,
      state: state?.manifest,
      stateEntryShape: semanticLayerJson,
      previousResults: state?.runResults,
      ...(await freshnessStates(session, state)),
    });
    for (const w of warnings) logger.diagnostic(w);
    // dbt's list warns when the selection left nothing to list (NoNodesSelected), and exits 0
    if (selected.length === 0) logger.warn('No nodes selected!', 'NoNodesSelected');
    const m = session.manifest;
    // dbt prints in unique_id order, whatever the output format.
    // dbt's --output-keys splits the value after the flag on spaces ("name resource_type").
    const keys = flags.outputKeys?.flatMap((k) => k.split(/[\s,]+/u)).filter((k) => k !== '');
    for (const id of [...selected].sort(compareIds)) {
      const node = (m.nodes[id] ?? m.sources[id] ?? m.exposures[id] ?? m.unit_tests[id] ?? m.metrics[id] ?? m.semantic_models[id] ?? m.saved_queries[id]) as GraphNode | undefined;
      if (!node) continue;
      logger.result(formatNode(node, output, keys, m));
    }
    // dbt's list parses the project and writes target/manifest.json, like every command that reads it.
    if (flags.writeJson ?? true) await writeManifest(session.manifest, targetDirOf(session));
    return 0;
  } finally {
    await session.close();
  }
}

/** The resource types ls lists: dbt's default leaves analyses out unless asked for (`all` or `analysis`). */
function listResourceTypes(flags: SelectionFlags): ResourceType[] {
  const given = (flags.resourceType ?? []).map((t) => t.toLowerCase());
  const explicit = resourceTypesOf({ ...flags, resourceType: given.filter((t) => t !== 'default') });
  const defaults: ResourceType[] = ALL_TYPES.filter((t) => t !== 'analysis');
  const allowed = new Set(resourceTypesOf({ resourceType: ['all'], excludeResourceType: flags.excludeResourceType }) ?? ALL_TYPES);
  if (given.length === 0) return defaults.filter((t) => allowed.has(t));
  const chosen = new Set<ResourceType>(given.includes('default') ? defaults : []);
  if (given.some((t) => t !== 'default')) for (const t of explicit ?? []) chosen.add(t);
  return ALL_TYPES.filter((t) => chosen.has(t) && allowed.has(t));
}

/** Python's string order (by code point), which dbt's sorted() of unique_ids uses. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Resources other than models, seeds, snapshots, tests and analyses print with their type first,
// named by package and name (a source by package, source and table), whatever folder holds them.
const NAMED_TYPES = new Set(['exposure', 'metric', 'semantic_model', 'saved_query']);
const SEMANTIC_TYPES = new Set(['metric', 'semantic_model', 'saved_query']);

/** What `dbt ls` prints for a resource by default: its fqn, or a type-prefixed selector for YAML-only resources. */
function selectorOf(node: GraphNode): string {
  const { resource_type: type, package_name: pkg } = node;
  // dbt names a unit test by package and its versioned name (name_v2 for a version's test), not its fqn.
  if (type === 'unit_test') {
    const version = (node as { version?: unknown }).version;
    return `unit_test:${pkg}.${node.name}${version !== undefined && version !== null ? `_v${String(version)}` : ''}`;
  }
  if (type === 'source') return `source:${pkg}.${String((node as { source_name?: unknown }).source_name)}.${node.name}`;
  if (NAMED_TYPES.has(type)) return `${type}:${pkg}.${node.name}`;
  return (Array.isArray(node.fqn) && node.fqn.length > 0 ? node.fqn : [pkg, node.name]).join('.');
}

/** What `dbt ls --output name` prints: the search name dbt gives a node, source.table for a source and name.vN for a model version. */
function searchNameOf(node: GraphNode): string {
  const extra = node as { source_name?: unknown; version?: unknown };
  if (node.resource_type === 'source' && typeof extra.source_name === 'string') return `${extra.source_name}.${node.name}`;
  if (node.resource_type === 'model' && extra.version !== undefined && extra.version !== null) return `${node.name}.v${String(extra.version)}`;
  return node.name;
}

function formatNode(node: GraphNode, output: string, keys: string[] | undefined, manifest: Manifest): string {
  switch (output) {
    case 'name':
      return searchNameOf(node);
    case 'path':
      return node.original_file_path;
    case 'json': {
      // A source's config as dbt's SourceConfig writes it; its keys in the order of dbt's SourceDefinition.
      const isSource = node.resource_type === 'source';
      // A metric, semantic model, saved query, exposure or unit test as dbt's to_dict writes it (the
      // manifest's shape, its fields in the class's order): filters and windows parsed, a semantic
      // model without top-level tags, an owner as dbt's Owner, a unit test's tags in its config only.
      const byWriter = SEMANTIC_TYPES.has(node.resource_type) || node.resource_type === 'exposure' || node.resource_type === 'unit_test';
      const full = isSource
        ? { ...(node as unknown as Record<string, unknown>), config: sourceConfigJson(node as SourceNode) }
        : SEMANTIC_TYPES.has(node.resource_type)
          ? semanticLayerJson(node, manifest)
          : node.resource_type === 'exposure'
            ? exposureJson(node as unknown as ExposureNode, epochSeconds())
            : node.resource_type === 'unit_test'
              ? unitTestJson(node as unknown as UnitTestNode, epochSeconds(), manifest)
              : (node as unknown as Record<string, unknown>);
      const defaults = isSource
        ? ['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'source_name', 'tags', 'config']
        : ['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'alias', 'config', 'tags', 'depends_on', 'source_name'];
      // dbt's ls keeps its allowed keys in the order to_dict gives them: an exposure's or metric's
      // tags before its config, a semantic model's or unit test's depends_on before its config.
      const pick = keys && keys.length > 0 ? keys : byWriter ? Object.keys(full).filter((k) => defaults.includes(k)) : defaults;
      const out: Record<string, unknown> = {};
      for (const k of pick) {
        if (k in full) out[k] = full[k];
        // dbt reads a dotted key such as config.materialized inside nested mappings, and
        // leaves it out when any step is missing or the value is null.
        else if (k.includes('.')) {
          const value = k.split('.').reduce<unknown>((at, part) => (at !== null && typeof at === 'object' && part in at ? (at as Record<string, unknown>)[part] : undefined), full);
          if (value !== undefined && value !== null) out[k] = value;
        }
      }
      // dbt prints each node with Python's json.dumps: `, ` and `: ` separators.
      return pyJsonDumps(withIsoDates(out));
    }
    default:
      return selectorOf(node);
  }
}

/**
 * Dates and datetimes (a microbatch begin, a YAML timestamp in meta) as dbt's JSON encoder writes
 * them for ls: their isoformat(), 2024-01-01T00:00:00, not the text str() gives. A mapping with
 * none inside is kept as it is (with the key order it holds).
 */
function withIsoDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { isoformat?: unknown }).isoformat === 'function') return (value as { isoformat(): string }).isoformat();
  if (Array.isArray(value)) return value.map(withIsoDates);
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const source = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const encoded = withIsoDates(source[key]);
    if (encoded === source[key]) continue;
    out ??= { ...source };
    out[key] = encoded;
  }
  return out ?? value;
}

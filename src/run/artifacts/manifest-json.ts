import { DBT_VERSION } from '../../core/dbt-version.js';
import { createHash } from 'node:crypto';
import type {
  CompiledNode,
  ExposureNode,
  Manifest,
  SourceNode,
  UnitTestNode,
} from '../../project/types.js';
import { epochSeconds, isoUtc } from '../../core/clock.js';
import { contractChecksum } from './contract-checksum.js';
import { stringifyPythonJson } from '../../templating/index.js';
import { deprecationDateJson, modelConstraintsJson } from './model-json.js';
import { attachedGenericTests, inferredPrimaryKey } from './primary-key.js';
import { groupJson, groupMapJson, shapeSemanticLayerEntry } from './semantic-layer-json.js';
import { columnJson, docJson, exposureJson, macroJson, mapValues, sourceJson } from './resource-json.js';
import { unitTestJson } from './unit-test-json.js';
import { configJson, contractConfig, docsJson } from './node-config-json.js';
import { withHooksInParseOrder } from './hook-node-order.js';

export { DBT_VERSION };
/** manifest.json's schema, as dbt publishes it. */
export const MANIFEST_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

type Json = Record<string, unknown>;

/**
 * The manifest as dbt writes it (v12). dbt's schema closes every node object, so each kind is
 * written with exactly the fields its dbt class has: internal fields (`origin`, `seed_file`) are
 * dropped and fields dbt always writes (`build_path`, `created_at`, `doc_blocks`...) are added.
 */
export function toManifestJson(manifest: Manifest, createdAt: number = epochSeconds()): Json {
  const kept = testsKeptAsNodes(manifest);
  const nodes = manifestNodesJson(manifest, createdAt, kept);
  const hooks = operationEdges(manifest.operations, kept.childMap);
  const disabled: Json = {};
  for (const [id, list] of Object.entries(kept.disabled)) disabled[id] = disabledListJson(list, createdAt);
  return {
    metadata: metadataJson(manifest),
    nodes,
    sources: mapValues(manifest.sources, (s) => sourceJson(s, createdAt)),
    macros: mapValues(manifest.macros, (x) => macroJson(x, createdAt)),
    docs: mapValues(manifest.docs, docJson),
    exposures: mapValues(manifest.exposures, (e) => exposureJson(e, createdAt)),
    metrics: mapValues(manifest.metrics ?? {}, semanticLayerJson),
    groups: mapValues(manifest.groups ?? {}, groupJson),
    selectors: manifest.selectors ?? {},
    disabled,
    parent_map: withHooksInParseOrder(manifest, kept.parentMap, hooks.parents),
    child_map: withHooksInParseOrder(manifest, hooks.childMap, hooks.children),
    group_map: groupMapJson(manifest),
    saved_queries: mapValues(manifest.saved_queries ?? {}, semanticLayerJson),
    semantic_models: mapValues(manifest.semantic_models ?? {}, (x) => semanticLayerJson(x, manifest)),
    unit_tests: mapValues(manifest.unit_tests, (u) => unitTestJson(u, createdAt, manifest)),
  };
}

/**
 * manifest.json's `nodes`: the project's nodes, its hooks' operations and the data tests dbt keeps
 * among its nodes though disabled, each shaped by `shape` (as written, or as `graph` shows it).
 */
export function manifestNodesJson(manifest: Manifest, createdAt: number, kept: KeptTests = testsKeptAsNodes(manifest), shape: NodeShape = nodeJson): Json {
  const nodes: Json = {};
  const tests = attachedGenericTests(manifest);
  for (const [id, node] of Object.entries(withHooksInParseOrder(manifest, manifest.nodes, manifest.operations ?? {}))) nodes[id] = shape(node, createdAt, tests);
  for (const [id, node] of Object.entries(kept.nodes)) nodes[id] = shape(node, createdAt);
  return nodes;
}

/** Shapes one node as dbt's class for its kind; `tests` are the generic tests attached to each model. */
export type NodeShape = (node: CompiledNode, createdAt: number, tests?: Map<string, CompiledNode[]>) => Json;

/**
 * The same text as `JSON.stringify(toManifestJson(manifest, createdAt))`, in pieces: each node is
 * shaped and serialized on its own, so a large project never holds the whole JSON tree at once.
 */
export function* manifestJsonParts(manifest: Manifest, createdAt: number = epochSeconds()): Generator<string> {
  yield `{"metadata":${JSON.stringify(metadataJson(manifest))}`;
  const tests = attachedGenericTests(manifest);
  const kept = testsKeptAsNodes(manifest);
  yield* entryParts('nodes', withHooksInParseOrder(manifest, manifest.nodes, manifest.operations ?? {}), (node) => nodeJson(node, createdAt, tests), kept.nodes);
  yield* entryParts('sources', manifest.sources, (s) => sourceJson(s, createdAt));
  yield* entryParts('macros', manifest.macros, (x) => macroJson(x, createdAt));
  yield* entryParts('docs', manifest.docs, docJson);
  yield* entryParts('exposures', manifest.exposures, (e) => exposureJson(e, createdAt));
  yield* entryParts('metrics', manifest.metrics, semanticLayerJson);
  yield* entryParts('groups', manifest.groups, groupJson);
  yield `,"selectors":${JSON.stringify(manifest.selectors ?? {})}`;
  yield* entryParts('disabled', kept.disabled, (list) => disabledListJson(list, createdAt));
  // Only a project with hooks copies a map, to place the hooks' entries where dbt's parse puts them.
  const hooks = operationEdges(manifest.operations, kept.childMap);
  yield* entryParts('parent_map', withHooksInParseOrder(manifest, kept.parentMap, hooks.parents), (v) => v);
  yield* entryParts('child_map', withHooksInParseOrder(manifest, hooks.childMap, hooks.children), (v) => v);
  yield `,"group_map":${JSON.stringify(groupMapJson(manifest))}`;
  yield* entryParts('saved_queries', manifest.saved_queries, semanticLayerJson);
  yield* entryParts('semantic_models', manifest.semantic_models, (x) => semanticLayerJson(x, manifest));
  yield* entryParts('unit_tests', manifest.unit_tests, (u) => unitTestJson(u, createdAt, manifest));
  yield '}';
}

/** Entries serialized together: one JSON.stringify call per entry costs more than the text of a small one. */
const ENTRIES_PER_PIECE = 32;

/**
 * `,"key":{...}` for one top-level collection (and the entries of `more` after it), a few dozen
 * entries per piece: few enough that a large project never holds much of the JSON tree at once,
 * enough that the cost of each serialization call (and each piece written) is shared.
 */
function* entryParts<T>(key: string, record: Record<string, T> | undefined, fn: (value: T) => unknown, more?: Record<string, T>): Generator<string> {
  let first = true;
  yield `,${JSON.stringify(key)}:{`;
  for (const entries of [record ?? {}, more ?? {}]) {
    const ids = Object.keys(entries);
    for (let start = 0; start < ids.length; start += ENTRIES_PER_PIECE) {
      // Keys keep the collection's order: Object.keys lists array-index keys first, as the piece
      // does. Without a prototype, even an id `__proto__` is a plain key.
      const piece = Object.create(null) as Record<string, unknown>;
      const end = Math.min(start + ENTRIES_PER_PIECE, ids.length);
      for (let i = start; i < end; i++) piece[ids[i]!] = fn(entries[ids[i]!]!);
      // A user's numbers as dbt writes them: 1.0 keeps its `.0`, an id past 2^53 its digits.
      const text = stringifyPythonJson(piece);
      // `{}` when every entry was left out (undefined); else its members without the braces.
      if (text.length === 2) continue;
      if (!first) yield ',';
      yield text.slice(1, -1);
      first = false;
    }
  }
  yield '}';
}

/** The collections as dbt writes them, given the data tests dbt keeps among its nodes though disabled. */
export interface KeptTests {
  nodes: Record<string, CompiledNode>;
  disabled: Record<string, unknown[]>;
  parentMap: Record<string, string[]>;
  childMap: Record<string, string[]>;
}

/**
 * dbt disables a data test whose ref or source is disabled or missing by setting its
 * config.enabled to false where it stands, among the manifest's nodes (its `disabled` holds
 * only what was disabled by its own config): such tests are written there, with their edges to
 * the parents that did resolve. The manifest's own maps are used as they are when there are none.
 */
function testsKeptAsNodes(manifest: Manifest): KeptTests {
  const nodes: Record<string, CompiledNode> = {};
  const all = manifest.disabled ?? {};
  let disabled: Record<string, unknown[]> = all;
  for (const [id, list] of Object.entries(all)) {
    const kept = list.filter((n): n is CompiledNode => (n as CompiledNode).resource_type === 'test' && (n as CompiledNode).disabledByTarget === true);
    if (kept.length === 0) continue;
    if (disabled === all) disabled = { ...all };
    nodes[id] = kept[kept.length - 1]!;
    const rest = list.filter((n) => !kept.includes(n as CompiledNode));
    if (rest.length > 0) disabled[id] = rest;
    else delete disabled[id];
  }
  if (Object.keys(nodes).length === 0) return { nodes, disabled, parentMap: manifest.parent_map, childMap: manifest.child_map };
  const parentMap: Record<string, string[]> = { ...manifest.parent_map };
  const childMap: Record<string, string[]> = { ...manifest.child_map };
  for (const [id, node] of Object.entries(nodes)) {
    const parents = [...(node.depends_on?.nodes ?? [])].sort();
    parentMap[id] = parents;
    childMap[id] = [];
    for (const parent of parents) if (childMap[parent]) childMap[parent] = [...childMap[parent]!, id].sort();
  }
  return { nodes, disabled, parentMap, childMap };
}

/**
 * dbt's parent_map and child_map entries for each hook's operation node: its parents are the
 * nodes its hook refs (its depends_on), it has no children, and each parent lists it among its
 * children. `childMap` is copied only when a hook has a parent.
 */
function operationEdges(operations: Record<string, CompiledNode> | undefined, childMap: Record<string, string[]>): { parents: Record<string, string[]>; children: Record<string, string[]>; childMap: Record<string, string[]> } {
  const parents: Record<string, string[]> = {};
  const children: Record<string, string[]> = {};
  let withHooks = childMap;
  for (const [id, node] of Object.entries(operations ?? {})) {
    const ids = [...(node.depends_on?.nodes ?? [])].sort();
    parents[id] = ids;
    children[id] = [];
    for (const parent of ids) {
      if (withHooks === childMap) withHooks = { ...childMap };
      if (withHooks[parent]) withHooks[parent] = [...withHooks[parent]!, id].sort();
    }
  }
  return { parents, children, childMap: withHooks };
}

function metadataJson(manifest: Manifest): Json {
  const m = manifest.metadata;
  return {
    dbt_schema_version: MANIFEST_SCHEMA_VERSION,
    dbt_version: m.dbt_version || DBT_VERSION,
    generated_at: m.generated_at || isoUtc(),
    invocation_id: m.invocation_id || null,
    invocation_started_at: m.invocation_started_at ?? null,
    env: stringRecord(m.env),
    project_name: m.project_name || null,
    project_id: m.project_name ? createHash('md5').update(m.project_name).digest('hex') : null,
    user_id: null,
    send_anonymous_usage_stats: false,
    adapter_type: m.adapter_type || null,
    quoting: m.quoting ?? null,
  };
}

function disabledListJson(list: unknown[], createdAt: number): Json[] {
  return list.map((n) => entryJson(n, createdAt)).filter((n): n is Json => n !== undefined);
}

/**
 * Any one manifest entry (node, source, exposure, unit test, semantic-layer entry) shaped by its
 * kind; undefined for an unknown kind. Outside an artifact (a result's node) a node keeps what
 * dbt's classes drop only when written to one.
 */
export function entryJson(node: unknown, createdAt: number, artifact = true): Json | undefined {
  const n = node as { resource_type?: string };
  switch (n.resource_type) {
    case 'model':
    case 'seed':
    case 'snapshot':
    case 'test':
    case 'analysis':
    case 'operation':
      return nodeJson(node as CompiledNode, createdAt, undefined, artifact);
    case 'source':
      return sourceJson(node as SourceNode, createdAt);
    case 'exposure':
      return exposureJson(node as ExposureNode, createdAt);
    case 'unit_test':
      return unitTestJson(node as UnitTestNode, createdAt);
    case 'metric':
    case 'semantic_model':
    case 'saved_query':
      return semanticLayerJson(node);
    default:
      return undefined;
  }
}

/**
 * One model/seed/snapshot/test/analysis/operation, shaped as dbt's class for its kind. A model's
 * primary key is inferred from `tests` (its attached generic tests); without them (a disabled
 * model) it is empty, as dbt leaves it. As an artifact (manifest.json) it leaves out what dbt's
 * classes drop when serialized for one: config_call_dict, unrendered_config_call_dict and
 * defer_relation; the flat graph templates see keeps them.
 */
export function nodeJson(node: CompiledNode, createdAt: number, tests?: Map<string, CompiledNode[]>, artifact = true): Json {
  const base: Json = {
    database: node.database ?? null,
    schema: node.schema ?? null,
    name: node.name,
    resource_type: node.resource_type,
    package_name: node.package_name,
    path: node.path,
    original_file_path: node.original_file_path,
    unique_id: node.unique_id,
    fqn: node.fqn,
    alias: node.alias,
    checksum: { name: node.checksum?.name ?? 'sha256', checksum: node.checksum?.checksum ?? '' },
    config: configJson(node),
    tags: node.tags ?? [],
    description: node.description ?? '',
    columns: mapValues(node.columns ?? {}, columnJson),
    meta: node.meta ?? {},
    group: node.group ?? null,
    docs: docsJson(node.docs),
    patch_path: node.patch_path ?? null,
    build_path: node.build_path ?? null,
    unrendered_config: node.unrendered_config ?? {},
    created_at: createdAt,
  };
  if (!artifact) {
    base['config_call_dict'] = node.config_call_dict ?? {};
    base['unrendered_config_call_dict'] = {};
  }
  base['relation_name'] = node.relation_name ?? null;
  base['raw_code'] = node.raw_code ?? '';
  base['doc_blocks'] = node.doc_blocks ?? [];
  // Fields are added in place (not spread into new objects): this runs for every node of large projects.
  if (node.resource_type === 'seed') {
    base['root_path'] = node.origin?.root ?? null;
    base['depends_on'] = { macros: node.depends_on?.macros ?? [] };
    if (!artifact) base['defer_relation'] = deferRelationOf(node);
    return base;
  }
  base['language'] = node.language ?? 'sql';
  base['refs'] = (node.refs ?? []).map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null }));
  base['sources'] = (node.sources ?? []).map((s) => [...s]);
  base['metrics'] = (node.metrics ?? []).map((m) => [...m]);
  base['depends_on'] = { macros: node.depends_on?.macros ?? [], nodes: node.depends_on?.nodes ?? [] };
  base['compiled_path'] = node.compiled_path ?? null;
  // As dbt's CompiledNode serializes: the compiled members only once compiled in this invocation.
  if (node.compiled_code !== undefined) {
    base['compiled'] = true;
    base['compiled_code'] = node.compiled_code;
    // Injected unless compile left the references bare (--no-inject-ephemeral-ctes); then dbt
    // lists the CTEs the node refs with `sql: null`, as dbt writes them (its own schema wants a string there).
    base['extra_ctes_injected'] = node.extra_ctes_injected !== false;
    base['extra_ctes'] = node.extra_ctes ?? [];
  }
  const enforced = node.contract?.enforced ?? contractConfig(node).enforced;
  // As dbt: a digest of what the contract promises, set only while it is enforced.
  const checksum = enforced ? contractChecksum(node) : null;
  base['contract'] = { enforced, alias_types: node.contract?.alias_types ?? true, checksum };
  switch (node.resource_type) {
    case 'model':
      base['access'] = node.access ?? 'protected';
      base['constraints'] = modelConstraintsJson(node.constraints);
      base['version'] = node.version ?? null;
      base['latest_version'] = node.latest_version ?? null;
      base['deprecation_date'] = deprecationDateJson(node.deprecation_date);
      base['primary_key'] = tests ? inferredPrimaryKey(node, tests.get(node.unique_id) ?? []) : [];
      if (!artifact) base['defer_relation'] = deferRelationOf(node);
      base['time_spine'] = node.time_spine ?? null;
      return base;
    case 'snapshot':
      if (!artifact) base['defer_relation'] = deferRelationOf(node);
      return base;
    case 'operation':
      base['index'] = node.index ?? null;
      return base;
    case 'test':
      if (node.test_metadata) {
        base['column_name'] = node.column_name ?? null;
        base['file_key_name'] = fileKeyName(node);
        base['attached_node'] = node.attached_node ?? null;
        base['test_metadata'] = { name: node.test_metadata.name, kwargs: node.test_metadata.kwargs ?? {}, namespace: node.test_metadata.namespace ?? null };
      }
      return base;
    default:
      return base;
  }
}

/** The node's relation in the --state manifest when --defer or clone set one (dbt's DeferRelation), else null. */
function deferRelationOf(node: CompiledNode): Json | null {
  return (node as CompiledNode & { defer_relation?: Json | null }).defer_relation ?? null;
}

/** dbt's `file_key_name` of a generic test: `models.<model>` or `sources.<source>`. */
function fileKeyName(node: CompiledNode): string | null {
  const attached = node.attached_node ?? node.depends_on?.nodes?.[0];
  if (!attached) return null;
  // The id's first and third dot-separated parts (`model.pkg.name`), cut out rather than split:
  // every data test has one, and split's array and pieces are garbage at once.
  const first = attached.indexOf('.');
  const kind = first === -1 ? attached : attached.slice(0, first);
  const second = first === -1 ? -1 : attached.indexOf('.', first + 1);
  const third = second === -1 ? -1 : attached.indexOf('.', second + 1);
  const name = second === -1 ? '' : attached.slice(second + 1, third === -1 ? undefined : third);
  if (kind === 'source') return `sources.${name}`;
  return `${kind}s.${name}`;
}

/** A metric, semantic model or saved query in dbt's shape (semantic-layer-json.ts), less where it was read. */
export function semanticLayerJson(entry: unknown, manifest?: Manifest): Json {
  const { origin: _origin, ...rest } = entry as Json;
  // A semantic model names the relation of the model it describes, known once that model is parsed.
  if (manifest && rest['resource_type'] === 'semantic_model' && !rest['node_relation']) {
    const parent = (rest['depends_on'] as { nodes?: string[] } | undefined)?.nodes?.[0];
    const node = parent ? manifest.nodes[parent] : undefined;
    if (node) {
      rest['node_relation'] = { alias: node.alias ?? node.name, schema_name: node.schema ?? null, database: node.database ?? null, relation_name: node.relation_name ?? null };
    }
  }
  return shapeSemanticLayerEntry(rest);
}

function stringRecord(record: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record ?? {})) out[k] = String(v);
  return out;
}

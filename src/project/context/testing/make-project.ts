// Builds small in-memory projects for the renderer's tests: nodes as the loader would
// produce them (config merged from YAML, raw code, no refs yet).
import type { CompiledNode, Manifest, NodeConfig, SourceNode } from '../../types.js';
import type { RendererProject, MacroFile } from '../project-shape.js';
import { createVarResolver } from '../../load/vars.js';
import { createRenderer } from '../renderer.js';

/** A node of the root project `shop` with sensible defaults. */
export function makeNode(partial: Partial<CompiledNode> & { name: string; raw_code?: string }, config: Partial<NodeConfig> = {}): CompiledNode {
  const type = partial.resource_type ?? 'model';
  const pkg = partial.package_name ?? 'shop';
  const folder = type === 'test' ? 'tests' : type === 'snapshot' ? 'snapshots' : type === 'analysis' ? 'analyses' : type === 'seed' ? 'seeds' : 'models';
  return {
    unique_id: `${type}.${pkg}.${partial.name}`,
    resource_type: type,
    package_name: pkg,
    fqn: [pkg, partial.name],
    original_file_path: `${folder}/${partial.name}.sql`,
    path: `${partial.name}.sql`,
    description: '',
    meta: {},
    tags: [],
    origin: { file: `/project/${folder}/${partial.name}.sql`, line: 1, root: '/project' },
    alias: partial.name,
    database: 'warehouse',
    schema: 'main',
    relation_name: null,
    raw_code: '',
    language: 'sql',
    config: { enabled: true, materialized: 'view', tags: [], meta: {}, schema: null, database: null, alias: null, 'pre-hook': [], 'post-hook': [], ...config },
    unrendered_config: {},
    columns: {},
    refs: [],
    sources: [],
    depends_on: { nodes: [], macros: [] },
    checksum: { name: 'sha256', checksum: '' },
    docs: { show: true },
    patch_path: null,
    ...partial,
  } as CompiledNode;
}

/** A source table `source_name.name` of package `shop`. */
export function makeSource(sourceName: string, name: string, extra: Partial<SourceNode> = {}): SourceNode {
  return {
    unique_id: `source.shop.${sourceName}.${name}`,
    resource_type: 'source',
    package_name: 'shop',
    name,
    fqn: ['shop', sourceName, name],
    original_file_path: 'models/sources.yml',
    path: 'models/sources.yml',
    description: '',
    meta: {},
    tags: [],
    origin: { file: '/project/models/sources.yml', line: 1, root: '/project' },
    source_name: sourceName,
    source_description: '',
    database: 'warehouse',
    schema: sourceName,
    identifier: name,
    relation_name: `"warehouse"."${sourceName}"."${name}"`,
    loader: '',
    loaded_at_field: null,
    freshness: null,
    columns: {},
    config: { enabled: true },
    source_meta: {},
    patch_path: null,
    ...extra,
  };
}

/** An empty manifest holding the given nodes and sources. */
export function makeManifest(nodes: CompiledNode[], sources: SourceNode[] = []): Manifest {
  return {
    metadata: { dbt_schema_version: '', dbt_version: '', generated_at: '', invocation_id: '', project_name: 'shop', adapter_type: 'duckdb', env: {} },
    nodes: Object.fromEntries(nodes.map((n) => [n.unique_id, n])),
    sources: Object.fromEntries(sources.map((s) => [s.unique_id, s])),
    macros: {},
    docs: {},
    exposures: {},
    unit_tests: {},
    metrics: {},
    semantic_models: {},
    saved_queries: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: {},
    child_map: {},
    group_map: {},
  };
}

/** A project named `shop` (target `dev`, schema `main`, database `warehouse`). */
export function makeProject(options: {
  nodes?: CompiledNode[];
  sources?: SourceNode[];
  macros?: Record<string, string>;
  packageMacros?: Record<string, Record<string, string>>;
  vars?: Record<string, unknown>;
  cliVars?: Record<string, unknown>;
  dispatch?: { macro_namespace: string; search_order: string[] }[];
  targetName?: string;
}): RendererProject {
  const macroFiles: MacroFile[] = [];
  for (const [path, source] of Object.entries(options.macros ?? {})) macroFiles.push({ packageName: 'shop', path: `/project/macros/${path}`, source });
  const packages = [{ name: 'shop', root: '/project' }];
  for (const [pkg, files] of Object.entries(options.packageMacros ?? {})) {
    packages.push({ name: pkg, root: `/project/dbt_packages/${pkg}` });
    for (const [path, source] of Object.entries(files)) macroFiles.push({ packageName: pkg, path: `/project/dbt_packages/${pkg}/macros/${path}`, source });
  }
  return {
    projectDir: '/project',
    project: { name: 'shop', profile: 'shop', dispatch: options.dispatch ?? [], quoting: {} },
    target: { name: options.targetName ?? 'dev', type: 'duckdb', schema: 'main', database: 'warehouse', threads: 4, path: '/project/warehouse.duckdb', profileName: 'shop' },
    manifest: makeManifest(options.nodes ?? [], options.sources ?? []),
    packages,
    macroFiles,
    vars: createVarResolver({ name: 'shop', vars: options.vars ?? {} }, [], options.cliVars ?? {}),
  };
}

/** Options every test renderer uses. */
export const RENDER_OPTIONS = { invocationId: '00000000-0000-0000-0000-000000000000', runStartedAt: new Date('2024-03-01T12:34:56.789Z') };

/** Parses and compiles one model of `code` in a project of its own, as a run would. */
export function renderModel(code: string): string {
  const node = makeNode({ name: 'shelf', raw_code: code });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

// Builds realistic manifests in code for the graph layer's tests: packages, folders, tags,
// sources, generic and singular tests, versions, exposures and unit tests, in a few lines each.
import type {
  CompiledNode,
  ExposureNode,
  Manifest,
  NodeConfig,
  RefCall,
  SourceNode,
  UnitTestNode,
} from '../../project/types.js';

const ROOT = '/home/analyst/shop';

/** Options shared by models, seeds, snapshots, analyses and tests. */
export interface NodeOptions {
  pkg?: string;
  /** Folder under the resource folder, e.g. `staging/billing`. */
  dir?: string;
  refs?: (string | RefCall)[];
  sources?: [string, string][];
  tags?: string[];
  config?: Partial<NodeConfig>;
  version?: string | number;
  latest?: string | number;
  access?: 'private' | 'protected' | 'public';
  group?: string;
  raw?: string;
  description?: string;
  columns?: CompiledNode['columns'];
  unrendered?: Record<string, unknown>;
  macros?: string[];
  enabled?: boolean;
  line?: number;
}

/** A manifest under construction; every method returns the node it added. */
export class ManifestBuilder {
  readonly manifest: Manifest;

  constructor(readonly project = 'shop') {
    this.manifest = {
      metadata: {
        dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
        dbt_version: '1.8.0',
        generated_at: '2024-01-01T00:00:00Z',
        invocation_id: 'test',
        project_name: project,
        adapter_type: 'duckdb',
        env: {},
      },
      nodes: {},
      sources: {},
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

  model(name: string, options: NodeOptions = {}): CompiledNode {
    return this.add('model', 'models', 'sql', name, options);
  }

  seed(name: string, options: NodeOptions = {}): CompiledNode {
    return this.add('seed', 'seeds', 'csv', name, options);
  }

  snapshot(name: string, options: NodeOptions = {}): CompiledNode {
    return this.add('snapshot', 'snapshots', 'sql', name, options);
  }

  analysis(name: string, options: NodeOptions = {}): CompiledNode {
    return this.add('analysis', 'analyses', 'sql', name, options);
  }

  /** A generic test (`generic` names it, e.g. `not_null`) on `on`, or a singular test when `generic` is omitted. */
  test(name: string, options: NodeOptions & { on?: string[]; generic?: string; namespace?: string; column?: string } = {}): CompiledNode {
    const refs = options.refs ?? options.on ?? [];
    const node = this.add('test', options.generic ? 'models' : 'tests', 'sql', name, { ...options, refs });
    if (options.generic) {
      node.test_metadata = { name: options.generic, namespace: options.namespace ?? null, kwargs: {} };
      node.column_name = options.column ?? null;
      node.original_file_path = `models/${options.dir ? `${options.dir}/` : ''}schema.yml`;
      node.config.severity ??= 'ERROR';
    }
    return node;
  }

  source(sourceName: string, table: string, options: { pkg?: string; dir?: string; tags?: string[]; enabled?: boolean; config?: Record<string, unknown> } = {}): SourceNode {
    const pkg = options.pkg ?? this.project;
    const dir = options.dir ?? 'staging';
    const file = `models/${dir}/sources.yml`;
    const node: SourceNode = {
      unique_id: `source.${pkg}.${sourceName}.${table}`,
      resource_type: 'source',
      package_name: pkg,
      name: table,
      fqn: [pkg, ...dir.split('/'), sourceName, table],
      original_file_path: file,
      path: file,
      description: '',
      meta: {},
      tags: options.tags ?? [],
      origin: { file: `${ROOT}/${file}`, line: 3, root: ROOT },
      source_name: sourceName,
      source_description: '',
      database: 'warehouse',
      schema: sourceName,
      identifier: table,
      relation_name: `"warehouse"."${sourceName}"."${table}"`,
      loader: '',
      loaded_at_field: null,
      freshness: null,
      columns: {},
      config: { enabled: options.enabled ?? true, ...(options.config ?? {}) },
      source_meta: {},
      patch_path: null,
    };
    this.manifest.sources[node.unique_id] = node;
    return node;
  }

  exposure(name: string, options: { pkg?: string; refs?: (string | RefCall)[]; sources?: [string, string][]; tags?: string[] } = {}): ExposureNode {
    const pkg = options.pkg ?? this.project;
    const file = 'models/exposures.yml';
    const node: ExposureNode = {
      unique_id: `exposure.${pkg}.${name}`,
      resource_type: 'exposure',
      package_name: pkg,
      name,
      fqn: [pkg, name],
      original_file_path: file,
      path: 'exposures.yml',
      description: '',
      meta: {},
      tags: options.tags ?? [],
      origin: { file: `${ROOT}/${file}`, line: 2, root: ROOT },
      type: 'dashboard',
      owner: { name: 'Analytics', email: 'analytics@example.com' },
      depends_on: { nodes: [], macros: [] },
      refs: (options.refs ?? []).map(toRef),
      sources: options.sources ?? [],
      config: { enabled: true },
    };
    this.manifest.exposures[node.unique_id] = node;
    return node;
  }

  unitTest(name: string, model: string, options: { pkg?: string; dir?: string; tags?: string[]; version?: string | number } = {}): UnitTestNode {
    const pkg = options.pkg ?? this.project;
    const dir = options.dir ?? '';
    const file = `models/${dir ? `${dir}/` : ''}unit_tests.yml`;
    const node: UnitTestNode = {
      unique_id: `unit_test.${pkg}.${model}.${name}`,
      resource_type: 'unit_test',
      package_name: pkg,
      name,
      fqn: [pkg, ...(dir ? dir.split('/') : []), model, name],
      original_file_path: file,
      path: file.replace(/^models\//, ''),
      description: '',
      meta: {},
      tags: options.tags ?? [],
      origin: { file: `${ROOT}/${file}`, line: 4, root: ROOT },
      model,
      given: [],
      expect: { rows: [] },
      depends_on: { nodes: [], macros: [] },
      config: { enabled: true, tags: options.tags ?? [], meta: {} },
      ...(options.version !== undefined ? { version: options.version } : {}),
    };
    this.manifest.unit_tests[node.unique_id] = node;
    return node;
  }

  /** Records a disabled model the way the loader does (in `manifest.disabled`). */
  disabledModel(name: string, options: NodeOptions = {}): CompiledNode {
    const node = this.add('model', 'models', 'sql', name, { ...options, enabled: false });
    delete this.manifest.nodes[node.unique_id];
    (this.manifest.disabled[node.unique_id] ??= []).push(node);
    return node;
  }

  macro(name: string, sql: string, dependsOn: string[] = [], pkg = this.project): string {
    const uniqueId = `macro.${pkg}.${name}`;
    this.manifest.macros[uniqueId] = {
      unique_id: uniqueId,
      resource_type: 'macro',
      package_name: pkg,
      name,
      original_file_path: `macros/${name}.sql`,
      path: `${name}.sql`,
      macro_sql: sql,
      description: '',
      meta: {},
      arguments: [],
      depends_on: { macros: dependsOn },
      origin: { file: `${ROOT}/macros/${name}.sql`, line: 1, root: ROOT },
    };
    return uniqueId;
  }

  private add(
    type: CompiledNode['resource_type'],
    folder: string,
    extension: string,
    name: string,
    options: NodeOptions,
  ): CompiledNode {
    const pkg = options.pkg ?? this.project;
    const dirs = options.dir ? options.dir.split('/') : [];
    const versioned = options.version !== undefined;
    const fileName = versioned ? `${name}_v${String(options.version)}` : name;
    const path = [...dirs, `${fileName}.${extension}`].join('/');
    const file = `${folder}/${path}`;
    const raw = options.raw ?? `select 1 as id -- ${name}`;
    const config: NodeConfig = {
      enabled: options.enabled ?? true,
      materialized: type === 'test' ? 'test' : type === 'seed' ? 'seed' : type === 'snapshot' ? 'snapshot' : 'view',
      tags: options.tags ?? [],
      meta: {},
      'pre-hook': [],
      'post-hook': [],
      ...(options.config ?? {}),
    } as NodeConfig;
    if (options.group) config.group = options.group;
    const node: CompiledNode = {
      unique_id: `${type}.${pkg}.${name}${versioned ? `.v${String(options.version)}` : ''}`,
      resource_type: type,
      package_name: pkg,
      name,
      fqn: [pkg, ...dirs, name, ...(versioned ? [`v${String(options.version)}`] : [])],
      original_file_path: file,
      path,
      description: options.description ?? '',
      meta: {},
      tags: options.tags ?? [],
      origin: { file: `${ROOT}/${file}`, line: options.line ?? 1, root: ROOT },
      alias: name,
      database: 'warehouse',
      schema: 'main',
      relation_name: type === 'test' || type === 'analysis' ? null : `"warehouse"."main"."${name}"`,
      raw_code: raw,
      language: 'sql',
      config,
      unrendered_config: options.unrendered ?? {},
      columns: options.columns ?? {},
      refs: (options.refs ?? []).map(toRef),
      sources: options.sources ?? [],
      depends_on: { nodes: [], macros: options.macros ?? [] },
      checksum: { name: 'sha256', checksum: `sum-${raw}` },
      docs: { show: true },
      patch_path: null,
    };
    if (versioned) {
      node.version = options.version ?? null;
      node.latest_version = options.latest ?? null;
    }
    if (options.access) node.access = options.access;
    if (options.group) {
      node.group = options.group;
      // A valid project declares every group its nodes name.
      this.manifest.groups[`group.${pkg}.${options.group}`] ??= { name: options.group, resource_type: 'group', package_name: pkg, unique_id: `group.${pkg}.${options.group}`, owner: {} };
    }
    this.manifest.nodes[node.unique_id] = node;
    return node;
  }
}

function toRef(ref: string | RefCall): RefCall {
  return typeof ref === 'string' ? { name: ref } : ref;
}

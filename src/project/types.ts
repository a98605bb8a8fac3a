// The parsed project as plain data. Field names follow dbt's manifest (v12) so the
// manifest artifact is this structure serialized, and every later stage (graph, run,
// server, web) reads the same shape.
import type { SourceLocation } from '../core/diagnostic.js';

/** The kinds of node a project holds, as dbt names them. */
export type ResourceType =
  | 'model'
  | 'seed'
  | 'snapshot'
  | 'test'
  | 'unit_test'
  | 'analysis'
  | 'operation'
  | 'sql_operation'
  | 'source'
  | 'exposure'
  | 'macro'
  | 'doc'
  | 'metric'
  | 'semantic_model'
  | 'saved_query'
  | 'group';

/** A hook (pre-hook, post-hook, on-run-start/end) as dbt stores it. */
export interface Hook {
  sql: string;
  transaction: boolean;
  index?: number | null;
}

/** A node's merged config (project file < YAML properties < config() in the file). Unknown keys are kept. */
export interface NodeConfig {
  enabled: boolean;
  materialized: string;
  tags: string[];
  meta: Record<string, unknown>;
  schema?: string | null;
  database?: string | null;
  alias?: string | null;
  /** Absent from a data test's config (dbt's TestConfig has no hooks). */
  'pre-hook'?: Hook[];
  'post-hook'?: Hook[];
  /** Everything else dbt or the user configures: unique_key, incremental_strategy, severity, ... */
  [key: string]: unknown;
}

/** A column's documented properties. */
export interface ColumnDef {
  name: string;
  description: string;
  /** The `doc.<package>.<name>` ids its description calls with literal arguments (dbt 1.10's doc_blocks). */
  doc_blocks?: string[];
  data_type?: string | null;
  meta: Record<string, unknown>;
  tags: string[];
  quote?: boolean | null;
  constraints?: unknown[];
  /** The time grain of a time spine's column (`granularity: day`), as written. */
  granularity?: string | null;
}

/** A model's `time_spine:` properties: the semantic layer's date spine and its custom grains. */
export interface TimeSpine {
  standard_granularity_column: string;
  custom_granularities: { name: string; column_name: string | null }[];
}

/** A `ref()` call found in a node: package is set for two-argument refs. */
export interface RefCall {
  name: string;
  package?: string | null;
  version?: string | number | null;
}

/** Where a node came from, for error messages and for `state:modified`. */
export interface NodeOrigin extends SourceLocation {
  /** Absolute path of the package (or project) root the file belongs to. */
  root: string;
}

/** Fields every manifest node carries. */
export interface BaseNode {
  unique_id: string;
  resource_type: ResourceType;
  package_name: string;
  name: string;
  fqn: string[];
  /** Path relative to the package root, e.g. `models/staging/stg_users.sql`. */
  original_file_path: string;
  /** Path relative to the resource folder, e.g. `staging/stg_users.sql`. */
  path: string;
  description: string;
  /** The `doc.<package>.<name>` ids its description calls with literal arguments (dbt 1.10's doc_blocks). */
  doc_blocks?: string[];
  meta: Record<string, unknown>;
  tags: string[];
  /** Absolute location used for diagnostics; not written to the manifest. */
  origin: NodeOrigin;
}

/** A model, seed, snapshot, test, analysis or operation: something that compiles to SQL. */
export interface CompiledNode extends BaseNode {
  resource_type: 'model' | 'seed' | 'snapshot' | 'test' | 'analysis' | 'operation' | 'sql_operation';
  alias: string;
  database: string;
  schema: string;
  /** The rendered `"db"."schema"."alias"`; undefined for ephemeral models, tests and analyses. */
  relation_name: string | null;
  raw_code: string;
  /** dbt's model languages: Python models are parsed into the graph; Reelhouse runs SQL only. */
  language: 'sql' | 'python';
  config: NodeConfig;
  /** The config keys as written by the user, before defaults. */
  unrendered_config: Record<string, unknown>;
  /** What the node's config() calls passed at parse, merged as dbt collects them; unset when it made none. */
  config_call_dict?: Record<string, unknown>;
  columns: Record<string, ColumnDef>;
  refs: RefCall[];
  /** `[source_name, table_name]` pairs. */
  sources: [string, string][];
  /** The metric() calls its parse made: `[name]` or `[package, name]`. */
  metrics?: string[][];
  depends_on: { nodes: string[]; macros: string[] };
  /** `none` for a generic test, which has no file of its own (dbt's FileHash.empty()). */
  checksum: { name: 'sha256' | 'none' | 'path'; checksum: string };
  docs: { show: boolean; node_color?: string | null };
  patch_path: string | null;
  /** Filled by compile. */
  compiled_code?: string;
  /**
   * Filled by compile: the ephemeral models put into compiled_code as CTEs, as dbt's manifest lists
   * them; left bare (--no-inject-ephemeral-ctes), the ones the node refs, with no SQL (null).
   */
  extra_ctes?: { id: string; sql: string | null }[];
  /** Set by compile: false when it left the ephemeral references bare (--no-inject-ephemeral-ctes). */
  extra_ctes_injected?: boolean;
  compiled_path?: string;
  /** Set when the node's executed SQL is written under target/run (dbt's `write`), as that file's path. */
  build_path?: string;
  /** For a project hook's operation node: its position in the project's on-run-start or on-run-end list. */
  index?: number;
  /** For generic tests: which test and what it was given. */
  test_metadata?: { name: string; namespace: string | null; kwargs: Record<string, unknown> };
  /** For generic tests: the column the test is attached to. */
  column_name?: string | null;
  /** For generic tests: the node the test is attached to. */
  attached_node?: string | null;
  /**
   * For tests: disabled because a node or source it tests or refs is disabled or missing, not by
   * its own config. dbt keeps such a test among the manifest's nodes (config.enabled false) and
   * leaves it out of its counts; Reelhouse keeps it under `disabled` and writes it as dbt does.
   */
  disabledByTarget?: boolean;
  /** For seeds: absolute path of the CSV file. */
  seed_file?: string;
  /** Model versions (dbt 1.5+). */
  version?: string | number | null;
  latest_version?: string | number | null;
  /** Model contract, constraints and access (kept as written). */
  contract?: { enforced: boolean; alias_types?: boolean };
  access?: 'private' | 'protected' | 'public';
  group?: string | null;
  /** Model-level constraints and deprecation date from YAML properties (kept as written). */
  constraints?: unknown[];
  deprecation_date?: string | null;
  /** Set when the model's YAML declares it a time spine. */
  time_spine?: TimeSpine | null;
}

/** A source table declared in YAML. */
export interface SourceNode extends BaseNode {
  resource_type: 'source';
  source_name: string;
  source_description: string;
  database: string;
  schema: string;
  identifier: string;
  relation_name: string;
  loader: string;
  loaded_at_field: string | null;
  /** dbt 1.10's loaded_at_query: SQL whose first value is the latest load time (rendered when freshness runs). */
  loaded_at_query?: string | null;
  freshness: FreshnessRule | null;
  columns: Record<string, ColumnDef>;
  config: { enabled: boolean; [key: string]: unknown };
  /** The configs given in dbt_project.yml and the YAML, as dbt's unrendered_config records them. */
  unrendered_config?: Record<string, unknown>;
  /** The source's `database:` and `schema:` as written in its YAML (Jinja left in), or null when not given. */
  unrendered_database?: string | null;
  unrendered_schema?: string | null;
  source_meta: Record<string, unknown>;
  /** `meta.external_location` / `config.external_location` for sources read from files. */
  external_location?: string | null;
  /** The table's `external:` property as written (dbt's ExternalTable, read by packages such as dbt-external-tables). */
  external?: Record<string, unknown> | null;
  /** The `quoting:` the source and its table set (the table's keys win), as dbt records it. */
  quoting?: { database?: boolean | null; schema?: boolean | null; identifier?: boolean | null; column?: boolean | null };
  patch_path: string | null;
}

/** dbt's freshness thresholds. */
export interface FreshnessRule {
  warn_after?: { count: number | null; period: 'minute' | 'hour' | 'day' | null } | null;
  error_after?: { count: number | null; period: 'minute' | 'hour' | 'day' | null } | null;
  filter?: string | null;
}

/** A macro definition (from the project, a package, or Reelhouse's built-in dbt macros). */
export interface MacroNode {
  unique_id: string;
  resource_type: 'macro';
  package_name: string;
  name: string;
  original_file_path: string;
  path: string;
  macro_sql: string;
  description: string;
  meta: Record<string, unknown>;
  arguments: { name: string; type?: string | null; description: string }[];
  depends_on: { macros: string[] };
  origin: NodeOrigin;
  /** `docs:` of the macro's properties (top level, then `config: docs:` key by key). */
  docs?: { show: boolean; node_color: string | null };
  /** The property file that described the macro (`package://path`). */
  patch_path?: string;
  /** A materialization's `supported_languages` (`['sql']` unless it says); other macros have none. */
  supported_languages?: ('sql' | 'python')[];
}

/** A `{% docs %}` block. */
export interface DocNode {
  unique_id: string;
  resource_type: 'doc';
  package_name: string;
  name: string;
  original_file_path: string;
  path: string;
  block_contents: string;
  origin: NodeOrigin;
}

/** An exposure (dashboards are exposures too). */
export interface ExposureNode extends BaseNode {
  resource_type: 'exposure';
  type: string;
  owner: { name?: string | null; email?: string | null; [key: string]: unknown };
  label?: string | null;
  maturity?: string | null;
  url?: string | null;
  depends_on: { nodes: string[]; macros: string[] };
  refs: RefCall[];
  sources: [string, string][];
  /** metric() calls in depends_on: `[name]` or `[package, name]`. */
  metrics?: string[][];
  config: { enabled: boolean; [key: string]: unknown };
  /** The configs given in dbt_project.yml and the YAML, as dbt's unrendered_config records them. */
  unrendered_config?: Record<string, unknown>;
}

/** A dbt 1.8+ unit test. */
export interface UnitTestNode extends BaseNode {
  resource_type: 'unit_test';
  model: string;
  /** `manifestRows`: the rows dbt's parsed definition holds when they differ from the YAML's (csv parsed, sql fixture file read). */
  given: { input: string; rows?: unknown; format?: 'dict' | 'csv' | 'sql'; fixture?: string | null; manifestRows?: unknown }[];
  expect: { rows?: unknown; format?: 'dict' | 'csv' | 'sql'; fixture?: string | null; manifestRows?: unknown };
  overrides?: { macros?: Record<string, unknown>; vars?: Record<string, unknown>; env_vars?: Record<string, unknown> } | null;
  depends_on: { nodes: string[]; macros: string[] };
  config: { enabled: boolean; tags: string[]; meta: Record<string, unknown>; [key: string]: unknown };
  version?: string | number | null;
  /** The `versions:` include/exclude lists as written, kept on every version's copy. */
  versions?: { include?: unknown[] | null; exclude?: unknown[] | null } | null;
  /** sha256 of the definition and its fixture files' text, which state:modified compares. */
  checksum?: string | null;
  /** Where the last run wrote the test's compiled SQL (target/compiled/...); not a manifest field. */
  compiled_path?: string;
}

/** Everything parsed from a project and its packages. */
export interface Manifest {
  metadata: {
    dbt_schema_version: string;
    dbt_version: string;
    generated_at: string;
    invocation_id: string;
    /** When the invocation that wrote the manifest began (dbt 1.10's metadata), UTC ISO 8601 to the microsecond. */
    invocation_started_at?: string | null;
    project_name: string;
    adapter_type: string;
    /** The adapter's quote policy with dbt_project.yml's `quoting:` over it (dbt 1.10's metadata). */
    quoting?: { database: boolean; schema: boolean; identifier: boolean; column: null };
    env: Record<string, string>;
  };
  nodes: Record<string, CompiledNode>;
  /** Project hooks as dbt's operation nodes: written among manifest.json's nodes, never in the DAG. */
  operations?: Record<string, CompiledNode>;
  sources: Record<string, SourceNode>;
  macros: Record<string, MacroNode>;
  docs: Record<string, DocNode>;
  exposures: Record<string, ExposureNode>;
  unit_tests: Record<string, UnitTestNode>;
  /** Semantic-layer resources (dbt-shaped by load/semantic-layer.ts, in the DAG, never executed) and groups as written. */
  metrics: Record<string, unknown>;
  semantic_models: Record<string, unknown>;
  saved_queries: Record<string, unknown>;
  groups: Record<string, unknown>;
  selectors: Record<string, unknown>;
  disabled: Record<string, unknown[]>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
  group_map: Record<string, string[]>;
}

/** Any node the graph can hold. */
export type GraphNode = CompiledNode | SourceNode | ExposureNode | UnitTestNode;

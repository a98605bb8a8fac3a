// What loadProject takes and returns (the contract the render, graph and run stages use).
import type { Diagnostic } from '../../core/diagnostic.js';
import type { Hook, Manifest } from '../types.js';
import type { VarResolver } from './vars.js';
import type { YamlInvocation } from '../context/yaml-base-context.js';

/** How to find and read a project. */
export interface LoadOptions {
  projectDir: string;
  profilesDir?: string | undefined;
  target?: string | undefined;
  /** --profile: the profiles.yml profile to use instead of dbt_project.yml's `profile:`. */
  profile?: string | undefined;
  /** --vars, already parsed from YAML/JSON by the CLI. */
  vars?: Record<string, unknown> | undefined;
  /** Environment for env_var() and DBT_PROFILES_DIR; process.env when omitted. */
  env?: NodeJS.ProcessEnv | undefined;
  /** Stop before any resource is read when packages.yml lists more packages than are installed, as dbt's commands that parse do. */
  requirePackages?: boolean | undefined;
  /**
   * Told once dbt_project.yml and the profile are read, before packages and the project's files
   * are: where dbt registers the adapter. `diagnostics` is the live list the load goes on filling,
   * so what was found before a later error can still be reported.
   */
  onProjectRead?: ((target: TargetConfig, diagnostics: readonly Diagnostic[]) => void) | undefined;
  /** The invocation YAML values see (log, print, invocation_id, run_started_at, flags). */
  invocation?: YamlInvocation | undefined;
}

/** One entry of dbt_project.yml `dispatch:`. */
export interface DispatchConfig {
  macro_namespace: string;
  search_order: string[];
}

/** A parsed dbt_project.yml. Paths are relative to the project root, as written. */
export interface ProjectConfig {
  name: string;
  version: string | null;
  configVersion: number;
  profile: string | null;
  modelPaths: string[];
  seedPaths: string[];
  testPaths: string[];
  analysisPaths: string[];
  macroPaths: string[];
  snapshotPaths: string[];
  /** Where `{% docs %}` blocks are read; dbt's default is every resource path. */
  docsPaths: string[];
  assetPaths: string[];
  targetPath: string;
  packagesInstallPath: string;
  cleanTargets: string[];
  /** `vars:` as written: global keys and per-package dicts. */
  vars: Record<string, unknown>;
  dispatch: DispatchConfig[];
  quoting: Record<string, unknown>;
  onRunStart: Hook[];
  onRunEnd: Hook[];
  /** The dbt_project.yml line of each on-run-start and on-run-end hook, by its index: a failing hook is pointed at. */
  hookLines: { 'on-run-start': number[]; 'on-run-end': number[] };
  flags: Record<string, unknown>;
  queryComment: unknown;
  requireDbtVersion: string[];
  /** `restrict-access:` — other packages may not ref this package's protected or private models. */
  restrictAccess?: boolean;
  /** The config trees: models, seeds, snapshots, data_tests (tests merged in), sources, unit_tests, exposures, analyses... */
  configs: Record<string, Record<string, unknown>>;
  /**
   * The same trees as written, before rendering, under the keys dbt's unrendered_config reads
   * them by (its UnrenderedConfig): a `{{ target.name }}` in a config stays as written there.
   */
  unrenderedConfigs?: Record<string, Record<string, unknown>>;
  /** Absolute path of the dbt_project.yml file. */
  file: string;
}

/** The resolved profiles.yml output for the selected target. */
export interface TargetConfig {
  /** Target name (`dev`). */
  name: string;
  profileName: string;
  type: 'duckdb';
  /** Absolute DuckDB file path, or `:memory:`. */
  path: string;
  /** The profile's `path:` as written (rendered, not resolved), as `debug` shows it. Not enumerable. */
  writtenPath?: string;
  schema: string;
  /** dbt-duckdb's database name: the file stem, or `memory` for an in-memory database. */
  database: string;
  threads: number;
  settings: Record<string, string | number | boolean>;
  /** Extension names to load. */
  extensions: string[];
  /** The profile's `extensions:` as written (names and {name, repo} mappings), as `debug` shows it. Not enumerable. */
  writtenExtensions?: unknown[];
  /** Databases attached beside the warehouse (dbt-duckdb's `attach:`), relative file paths resolved. */
  attach: TargetAttachment[];
  /** Where the profile came from (absolute profiles.yml path), or null when defaulted. */
  profilesFile: string | null;
  /**
   * dbt-duckdb's `secrets:`, created when the database opens. Not enumerable, so secret values
   * never reach the `target` templates see, artifacts or logs.
   */
  secrets?: TargetSecret[];
  /** dbt-duckdb's `config_options:`, given to DuckDB when the database is opened. */
  configOptions?: Record<string, string | number | boolean>;
  [key: string]: unknown;
}

/** A secret parameter's value: a scalar, a list (`array [...]`) or a mapping (`map {...}`). */
export type TargetSecretValue = string | number | boolean | string[] | Record<string, string>;

/** One `secrets:` entry of a DuckDB profile, as dbt-duckdb turns it into `CREATE SECRET`. */
export interface TargetSecret {
  /** `_dbt_secret_<n>` when the entry has none; null when written `name: null` (DuckDB then names it). */
  name: string | null;
  type: string;
  persistent: boolean;
  provider?: string;
  scope: string[];
  /** The other parameters, in the order written. */
  params: Record<string, TargetSecretValue>;
  /** The profile key that asked for the secret, when not a `secrets:` entry (`use_credential_provider: aws`). */
  origin?: string;
}

/** One `attach:` entry of a DuckDB profile. */
export interface TargetAttachment {
  path: string;
  /** The entry's `path:` as written, where Reelhouse resolved it to another; `debug` shows it. Not enumerable. */
  writtenPath?: string;
  alias?: string;
  type?: string;
  readOnly?: boolean;
  /** A secret's name (`SECRET` of the ATTACH). */
  secret?: string;
  options?: Record<string, string | number | boolean>;
  /** dbt-duckdb's `is_ducklake: true`: a DuckLake catalog whose path does not say `ducklake:`. */
  isDuckLake?: boolean;
}

/** A package that was loaded: the root project first. */
export interface LoadedPackage {
  name: string;
  root: string;
  /** The package's own dbt_project.yml (its on-run-start/on-run-end hooks); absent for the built-in `dbt` macros. */
  project?: ProjectConfig;
}

/** A macro source file for the renderer to compile. */
export interface MacroFile {
  packageName: string;
  /** Absolute path. */
  path: string;
  source: string;
}

/** Everything read from a project directory. */
export interface LoadedProject {
  projectDir: string;
  project: ProjectConfig;
  target: TargetConfig;
  manifest: Manifest;
  packages: LoadedPackage[];
  macroFiles: MacroFile[];
  vars: VarResolver;
  selectors: Record<string, unknown>;
  /** The line of each selector's entry in selectors.yml, by name. */
  selectorLines?: Record<string, number>;
  diagnostics: Diagnostic[];
}

// Options a caller gives the renderer, and the Renderer interface it gets back.
import type { CompiledNode, Manifest, SourceNode } from '../types.js';
import type { DatabaseBridge } from './database-bridge.js';
import type { Relation } from './relation.js';

/** How the renderer is set up for one invocation. */
export interface RendererOptions {
  /** Synchronous database access; without it, database calls in templates fail when executing. */
  db?: DatabaseBridge;
  /** dbt's flags (FULL_REFRESH, WHICH, STORE_FAILURES, ...), keys in any case. */
  flags?: Record<string, unknown>;
  invocationId: string;
  runStartedAt: Date;
  /** The same instant to the microsecond (microseconds since the epoch), as dbt's run_started_at holds it; without it, runStartedAt's milliseconds. */
  runStartedMicros?: number;
  log?: (level: 'info' | 'warn' | 'debug' | 'print', msg: string) => void;
  /** Environment for env_var(); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** unique_ids selected for this invocation (`selected_resources`). */
  selectedResources?: string[];
  /** The `graph` executing templates see: each entry as dbt's manifest writes it (the artifacts' shapes); the manifest's own entries without it. */
  flatGraph?: (manifest: Manifest) => Record<string, unknown>;
  /** A model's primary key as dbt infers it once the project is parsed (model.primary_key); empty when absent. */
  primaryKey?: (model: CompiledNode, manifest: Manifest) => string[];
}

/** Unit-test overrides (dbt `overrides:`): vars, env vars, and macros replaced by fixed values. */
export interface CompileOverrides {
  vars?: Record<string, unknown>;
  envVars?: Record<string, unknown>;
  /** Macro name -> the value the macro returns instead (e.g. `is_incremental: true`). */
  macros?: Record<string, unknown>;
  /** A microbatch model's batch: inputs with `event_time` are filtered to `[start, end)` and `model.batch` is set. */
  batch?: { start: Date; end: Date };
  /** A unit test's compile: fixtures replace the inputs, so --empty does not limit them (as in dbt). */
  unitTest?: boolean;
  /**
   * The unique_ids a unit test gives rows for: dbt stands an ephemeral node in for each, so
   * their ref() is a CTE relation (`__dbt__cte__<alias>`, no database or schema).
   */
  unitInputs?: ReadonlySet<string>;
  /**
   * A unit test's `this`: dbt makes it the bare CTE name of the `this` input's stand-in (a string,
   * `__dbt__cte__<alias>`), or None when the test gives no `this` input.
   */
  unitThis?: string | null;
}

/** Renders nodes, hooks and macros with dbt's Jinja context. */
export interface Renderer {
  /** Parse phase (execute=False): applies config() calls, records refs/sources/macros, names relations. Mutates and returns the manifest. */
  parse(manifest: Manifest): Manifest;
  /** Execute phase: one node's SQL with refs resolved and ephemeral models injected as CTEs. */
  compile(node: CompiledNode, manifest: Manifest, overrides?: CompileOverrides): string;
  /** Renders ephemeral models as a node inlines them, kept for its compile; throws an EphemeralCompileError for one that fails. */
  renderEphemerals(ids: readonly string[], manifest: Manifest): void;
  /**
   * Calls a macro (`name` or `package.name`) in the context of `node`, or of no node. With no node,
   * `searchPackage` names the package whose own macros the call sees unqualified (dbt's search
   * package, as `run-operation package.macro` sets it); the root project by default.
   */
  callMacro(name: string, args: unknown[], kwargs?: Record<string, unknown>, node?: CompiledNode, searchPackage?: string): unknown;
  /**
   * Renders a hook or any Jinja string in a node's context (execute=True); `extraContext` adds names such as on-run-end's `results`.
   * With no node, `packageName` picks whose var() scope and macros apply (a package's on-run-start hook); the root project by default.
   * `overrides.batch` renders a microbatch model's hook for one batch (`model.batch` set, inputs filtered).
   */
  renderString(sql: string, node?: CompiledNode, extraContext?: Record<string, unknown>, packageName?: string, overrides?: CompileOverrides): string;
  /**
   * Compiles `--inline` SQL as dbt compiles its inline node: rendered, with the CTEs of the
   * ephemeral models it refs. Given the inline node, templates see it as `model` and `this`.
   */
  compileInline(sql: string, node?: CompiledNode): string;
  /**
   * Runs the project's or a package's replacement for dbt's built-in macro `name` (a macro of
   * that name, or the implementation adapter.dispatch finds first in dbt's namespace), as dbt's
   * adapter runs it by name (with keyword arguments, as the adapter passes them); undefined when
   * nothing replaces the built-in one.
   */
  callMacroOverride(name: string, args: unknown[], kwargs?: Record<string, unknown>): { value: unknown } | undefined;
  /** dbt's InformationSchema relation of a database (`"db".INFORMATION_SCHEMA`), as get_catalog receives it. */
  informationSchema(database: string): Relation;
  /** A source's relation as source() gives it (an external source's file reader included), what dbt's Relation.create_from gives for it. */
  sourceRelation(source: SourceNode): Relation;
  /** A relation by its three names, quoted as the project quotes (what dbt's Relation.create_from gives for a node). */
  relation(database: string, schema: string, identifier: string): Relation;
  /** Sets `selected_resources` once the invocation's selection is known (before its hooks run). */
  setSelectedResources(uniqueIds: string[]): void;
}
